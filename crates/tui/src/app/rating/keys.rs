//! The rating screen's keys and touches. The visitor touches the screen (mouse clicks) or, on a
//! monitor with a keypad, presses 1 to 5. The monitor is staff-controlled: F12 ends the screen
//! (documented in `certdesk rate --help`); Ctrl-C and every other chord do nothing, as on the
//! kiosk, so a stray keyboard cannot close it in front of the visitor.

use super::RatingScreen;
use crate::app::Action;
use crossterm::event::{Event, KeyCode};
use ratatui::layout::Rect;

pub fn map_event(m: &RatingScreen, ev: &Event, area: Rect) -> Option<Action> {
    crate::app::map_event_with(ev, None, key_action, |col, row| super::layout::hit(m, area, col, row))
}

fn key_action(code: KeyCode) -> Option<Action> {
    Some(match code {
        KeyCode::F(12) => Action::StaffKey,
        KeyCode::F(2) => Action::ToggleLang,
        // 1 to 5 the levels; 1 to 6 the reasons of a bad rating.
        KeyCode::Char(c @ '1'..='6') => Action::Select(c as usize - '1' as usize),
        _ => return None,
    })
}
