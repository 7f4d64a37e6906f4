//! The kiosk's keys and touches: what each terminal event means on the kiosk.
//! Pastes (a reader burst as bracketed paste) are split into characters by the runtime.

use super::Kiosk;
use crate::app::Action;
use crossterm::event::{Event, KeyCode, KeyEvent, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

pub fn map_event(k: &Kiosk, ev: &Event, area: Rect) -> Option<Action> {
    match ev {
        Event::Key(key) => key_action(key),
        Event::Mouse(m) if matches!(m.kind, MouseEventKind::Down(MouseButton::Left)) => {
            super::layout::hit(k, area, m.column, m.row)
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
        KeyCode::F(12) => Action::StaffKey,
        KeyCode::F(2) => Action::ToggleLang,
        KeyCode::Enter | KeyCode::Tab => Action::Submit,
        KeyCode::Esc => Action::Back,
        KeyCode::Backspace | KeyCode::Delete => Action::Backspace,
        KeyCode::Up => Action::Up,
        KeyCode::Down => Action::Down,
        KeyCode::Char(c) => Action::Input(c),
        _ => return None,
    })
}
