//! The full-screen terminal app shared by all modes.
//!
//! The shape follows ratatui's component template and gitui:
//! - terminal events (keys, mouse, resize) are mapped to an [`Action`] by the active mode;
//! - `update(action)` changes the mode's state and returns [`Effect`]s — requests for side
//!   effects (database, signing, printing) — instead of doing I/O itself;
//! - effects run on a worker thread ([`worker`]), so a slow printer never freezes the screen; their
//!   results come back as [`Outcome`]s through the same update path;
//! - `draw` only reads state.
//!
//! Modes implement [`Mode`]; `kiosk` is the first. `terminal` owns raw mode, the panic hook that
//! restores the terminal, and the event loop.

pub mod action;
pub mod kiosk;
pub mod kiosk_view;
pub mod terminal;
pub mod ui;
pub mod worker;

pub use action::{Action, Effect, Outcome};

use crossterm::event::Event;
use ratatui::{layout::Rect, Frame};
use std::time::Instant;

/// One mode of the app (kiosk, desk, verify station).
pub trait Mode {
    /// Translate a terminal event into an action, given the current screen size (for clicks).
    fn map_event(&self, ev: &Event, area: Rect) -> Option<Action>;
    /// Apply an action; return the side effects to run.
    fn update(&mut self, action: Action, now: Instant) -> Vec<Effect>;
    /// Apply the result of an effect.
    fn on_outcome(&mut self, outcome: Outcome, now: Instant) -> Vec<Effect>;
    /// Render. Must not change state or do I/O.
    fn draw(&self, frame: &mut Frame);
    /// Whether the app should leave (only after a staff exit in kiosk mode).
    fn wants_exit(&self) -> bool;
}
