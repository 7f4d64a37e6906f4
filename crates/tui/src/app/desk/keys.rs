//! The desk's keys: a staff PC keyboard. Function keys are commands (shown in the footer of each
//! screen), Tab moves between fields, F2 switches the language, F10 logs out. A click on a list
//! row selects it.

use super::Desk;
use crate::app::Action;
use crossterm::event::{Event, KeyCode};
use ratatui::layout::Rect;

pub fn map_event(d: &Desk, ev: &Event, area: Rect) -> Option<Action> {
    crate::app::map_event_with(ev, Some(Action::Submit), key_action, |col, row| super::layout::hit(d, area, col, row))
}

fn key_action(code: KeyCode) -> Option<Action> {
    Some(match code {
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
