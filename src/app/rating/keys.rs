//! The rating screen's keys and touches. The visitor touches the screen (mouse clicks) or, on a
//! monitor with a keypad, presses 1 to 5. The monitor is staff-controlled: F12 ends the screen
//! (documented in `certdesk rate --help`); Ctrl-C and every other chord do nothing, as on the
//! kiosk, so a stray keyboard cannot close it in front of the visitor.

use super::RatingScreen;
use crate::app::Action;
use crossterm::event::{Event, KeyCode, KeyEvent, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

pub fn map_event(m: &RatingScreen, ev: &Event, area: Rect) -> Option<Action> {
    match ev {
        Event::Key(key) => key_action(key),
        Event::Mouse(ms) if matches!(ms.kind, MouseEventKind::Down(MouseButton::Left)) => {
            super::layout::hit(m, area, ms.column, ms.row)
        }
        _ => None,
    }
}

fn key_action(key: &KeyEvent) -> Option<Action> {
    // Releases and every chord do nothing; the rating screen has nothing to submit.
    if crate::app::key_prelude(key) != crate::app::KeyPrelude::Plain {
        return None;
    }
    Some(match key.code {
        KeyCode::F(12) => Action::StaffKey,
        KeyCode::F(2) => Action::ToggleLang,
        KeyCode::Char(c @ '1'..='5') => Action::Select(c as usize - '1' as usize),
        _ => return None,
    })
}
