//! The desk's keys: a staff PC keyboard. Function keys are commands (shown in the footer of each
//! screen), Tab moves between fields, F2 switches the language, F10 logs out. A click on a list
//! row selects it.

use super::Desk;
use crate::app::Action;
use crossterm::event::{Event, KeyCode, KeyEvent, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

pub fn map_event(d: &Desk, ev: &Event, area: Rect) -> Option<Action> {
    match ev {
        Event::Key(key) => key_action(key),
        Event::Mouse(m) if matches!(m.kind, MouseEventKind::Down(MouseButton::Left)) => {
            super::layout::hit(d, area, m.column, m.row)
        }
        _ => None,
    }
}

fn key_action(key: &KeyEvent) -> Option<Action> {
    // Releases and chords (Ctrl-C, Ctrl-Z, Ctrl-\ ...) do nothing; Ctrl-J/Ctrl-M end a burst.
    match crate::app::key_prelude(key) {
        crate::app::KeyPrelude::Ignore => return None,
        crate::app::KeyPrelude::Submit => return Some(Action::Submit),
        crate::app::KeyPrelude::Plain => {}
    }
    Some(match key.code {
        KeyCode::F(2) => Action::ToggleLang,
        KeyCode::F(n) => Action::Command(n),
        KeyCode::Enter => Action::Submit,
        KeyCode::Tab => Action::NextField,
        KeyCode::BackTab => Action::PrevField,
        KeyCode::Esc => Action::Back,
        KeyCode::Backspace | KeyCode::Delete => Action::Backspace,
        KeyCode::Up => Action::Up,
        KeyCode::Down => Action::Down,
        KeyCode::Char(c) => Action::Input(c),
        _ => return None,
    })
}
