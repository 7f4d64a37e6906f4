//! The kiosk's keys and touches: what each terminal event means on the kiosk.
//! Pastes (a reader burst as bracketed paste) are split into characters by the runtime.

use super::Kiosk;
use crate::app::Action;
use crossterm::event::{Event, KeyCode};
use ratatui::layout::Rect;

pub fn map_event(k: &Kiosk, ev: &Event, area: Rect) -> Option<Action> {
    crate::app::map_event_with(ev, Some(Action::Submit), key_action, |col, row| super::layout::hit(k, area, col, row))
}

fn key_action(code: KeyCode) -> Option<Action> {
    Some(match code {
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
