//! The verifier station's keys. A scanner types like a keyboard: characters, then Enter, Ctrl-J
//! or Tab. Every other chord does nothing.

use super::VerifierStation;
use crate::app::Action;
use crossterm::event::{Event, KeyCode, KeyEvent, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

pub fn map_event(v: &VerifierStation, ev: &Event, area: Rect) -> Option<Action> {
    match ev {
        Event::Key(key) => key_action(key),
        Event::Mouse(m) if matches!(m.kind, MouseEventKind::Down(MouseButton::Left)) => {
            super::layout::hit(v, area, m.column, m.row)
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
        KeyCode::F(12) => Action::StaffKey,
        KeyCode::Enter | KeyCode::Tab => Action::Submit,
        KeyCode::Esc => Action::Home,
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Char(c) => Action::Input(c),
        _ => return None,
    })
}
