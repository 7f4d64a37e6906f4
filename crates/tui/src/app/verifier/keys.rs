//! The verifier station's keys. A scanner types like a keyboard: characters, then Enter, Ctrl-J
//! or Tab. Every other chord does nothing.

use super::VerifierStation;
use crate::app::Action;
use crossterm::event::{Event, KeyCode};
use ratatui::layout::Rect;

pub fn map_event(v: &VerifierStation, ev: &Event, area: Rect) -> Option<Action> {
    crate::app::map_event_with(ev, Some(Action::Submit), key_action, |col, row| super::layout::hit(v, area, col, row))
}

fn key_action(code: KeyCode) -> Option<Action> {
    Some(match code {
        KeyCode::F(2) => Action::ToggleLang,
        KeyCode::F(12) => Action::StaffKey,
        KeyCode::Enter | KeyCode::Tab => Action::Submit,
        KeyCode::Esc => Action::Home,
        KeyCode::Backspace => Action::Backspace,
        KeyCode::Char(c) => Action::Input(c),
        _ => return None,
    })
}
