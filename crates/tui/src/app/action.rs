//! Actions: what the person in front of the screen asked for, independent of how (key, touch,
//! card reader burst). Every mode maps terminal events to these; flows in tests are driven with
//! the same events. Serde so that flows can be recorded and replayed.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// A character typed on the keypad, keyboard or by a card reader burst.
    Input(char),
    Backspace,
    Clear,
    /// Enter, Ctrl-J, Tab (end of a reader burst) or the on-screen OK button.
    Submit,
    /// Esc or the on-screen Back button.
    Back,
    /// Return to the mode's start screen, wiping the session.
    Home,
    Start,
    ToggleLang,
    Up,
    Down,
    /// Next / previous input field (Tab / Shift-Tab in modes with forms).
    NextField,
    PrevField,
    /// Touch on the n-th item of a list.
    Select(usize),
    Print,
    /// The staff key (F12 or a key switch mapped to it).
    StaffKey,
    /// A mode's own command (a function key or an on-screen button with no generic meaning).
    Command(u8),
    /// Clock tick, for idle timeouts.
    Tick,
}
