//! The call display's keys: none for the hall. F12 (staff) ends it; every other key, touch and
//! chord (Ctrl-C included) does nothing, so a stray keyboard cannot close it.

use crate::app::Action;
use crossterm::event::{Event, KeyCode};

pub fn map_event(ev: &Event) -> Option<Action> {
    crate::app::map_event_with(
        ev,
        None,
        |code| match code {
            KeyCode::F(12) => Some(Action::StaffKey),
            _ => None,
        },
        |_, _| None,
    )
}
