//! The desk's keys: a staff PC keyboard. Function keys are commands: one does something only
//! where the screen's command table (`commands.rs`) enables it, and the key bar shows the same
//! table. Tab moves between fields, F2 switches the language. A click on a list row selects it;
//! a click on a key-bar item gives its key's action (`layout.rs`).

use super::Desk;
use crate::app::Action;
use crossterm::event::{Event, KeyCode};
use ratatui::layout::Rect;

pub fn map_event(d: &Desk, ev: &Event, area: Rect) -> Option<Action> {
    let key_action = |code: KeyCode| key_action(d, code);
    crate::app::map_event_with(ev, Some(Action::Submit), key_action, |col, row| super::layout::hit(d, area, col, row))
}

fn key_action(d: &Desk, code: KeyCode) -> Option<Action> {
    Some(match code {
        KeyCode::F(2) => Action::ToggleLang,
        KeyCode::F(n) if super::commands::f_key_enabled(d, n) => Action::Command(n),
        KeyCode::F(_) => return None,
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
