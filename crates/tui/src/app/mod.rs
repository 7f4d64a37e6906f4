//! The full-screen terminal app shared by all modes.
//!
//! One mode is one folder (`kiosk/`, later `desk/`, `rating/`, `verifier/`) that owns its state,
//! keys, layout, drawing, effects and strings, behind the small [`Mode`] contract:
//! - terminal events (keys, mouse, paste) are mapped to an [`Action`] by the active mode;
//! - `update(action)` changes the mode's state and returns [`Effect`]s (requests for database,
//!   signing, printing) instead of doing I/O itself;
//! - effects run on the worker thread ([`worker`]) against the service, which returns domain
//!   results; they come back as [`Outcome`]s through `on_outcome`;
//! - `draw` only reads state; what words to show is the mode's business (its `strings`);
//! - `update`, `on_outcome` and `tick` return a [`Step`]: the effects, and whether to leave or
//!   change to another mode (kiosk to desk after a staff PIN, desk back to kiosk on logout or
//!   idle); the runtime carries the switch out.
//!
//! [`runtime`] is the one runtime (terminal, event loop, worker) every mode runs in. It also
//! keeps what is the same for every mode, once: the effects in flight (it counts what it sends
//! and the last answers it gets back) and whether the database server is out (from the worker's
//! `Unavailable`/`Restored`); a mode reads both as a [`Shell`] and the runtime draws the outage
//! banner ([`outage`]) where the mode says ([`Mode::banner`]).

pub mod action;
pub mod desk;
pub mod display;
pub mod kiosk;
pub mod outage;
pub mod rating;
pub mod runtime;
pub mod strings;
pub mod ui;
pub mod verifier;
pub mod worker;

pub use action::Action;
pub use runtime::Runtime;
// The requests and results a mode exchanges with the services: the protocol crate.
pub use certdesk_protocol::{staff, Effect, Outcome};

use crossterm::event::Event;
use ratatui::{layout::Rect, Frame};
use std::any::Any;
use std::time::Instant;

/// Which mode to run next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Kiosk,
    /// The front desk for a logged-in staff member; `from_kiosk` when the kiosk's staff key led
    /// here (logout and idle then return to the kiosk).
    Desk {
        staff: staff::StaffSession,
        from_kiosk: bool,
    },
    /// The desk's staff login screen (`certdesk desk`).
    DeskLogin,
    /// The customer-facing rating screen of a counter (`certdesk rate --counter N`).
    Rating {
        counter: u32,
    },
    /// The hall's call display (`certdesk display`).
    Display,
}

/// What a mode asks of the runtime after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Switch {
    /// Leave the app (the process ends).
    Exit,
    /// Replace the current mode.
    To(Target),
}

/// What a mode's `update`, `on_outcome` or `tick` gives the runtime: the effects to run, and
/// whether to leave the app or change mode once they are sent. Most steps are effects only
/// (`Step::from(vec![…])`, or `.into()` from a `Vec<Effect>`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Step {
    /// Requests for the worker, sent in order before any switch.
    pub effects: Vec<Effect>,
    /// Leave the app or replace this mode; `None` stays.
    pub switch: Option<Switch>,
}

impl Step {
    /// No effects; the runtime carries out `switch`.
    pub fn switch(switch: Switch) -> Step {
        Step { effects: Vec::new(), switch: Some(switch) }
    }

    /// `effects`, then `switch` when there is one.
    pub fn then(effects: Vec<Effect>, switch: Option<Switch>) -> Step {
        Step { effects, switch }
    }
}

impl From<Vec<Effect>> for Step {
    fn from(effects: Vec<Effect>) -> Step {
        Step { effects, switch: None }
    }
}

/// What the runtime knows that a mode may show or wait for: kept once, in the runtime.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shell {
    /// Effects sent whose last answer has not come back yet (a station's out-of-service report
    /// is no answer: it does not end one).
    pub in_flight: usize,
    /// The hall's database server cannot be reached: set by the worker's `Unavailable`, ended
    /// by `Restored` or by any other answer of the database (a service error leaves it as is).
    pub outage: bool,
}

impl Shell {
    /// The outage state after `o` reached the mode.
    pub fn outage_after(outage: bool, o: &Outcome) -> bool {
        match o {
            Outcome::Unavailable => true,
            Outcome::ServiceError => outage,
            _ => false,
        }
    }
}

/// One mode of the app (kiosk, desk, rating, verifier station).
pub trait Mode: Any {
    /// Effects to run when the mode becomes active (e.g. loading the desk's queue).
    fn start(&mut self) -> Vec<Effect> {
        Vec::new()
    }
    /// Translate a terminal event into an action, given the current screen size (for touches).
    fn map_event(&self, ev: &Event, area: Rect) -> Option<Action>;
    /// Apply an action; return the side effects to run and any switch.
    fn update(&mut self, action: Action, now: Instant) -> Step;
    /// Apply the result of an effect; return the effects it leads to and any switch.
    fn on_outcome(&mut self, outcome: Outcome, now: Instant) -> Step;
    /// The runtime's clock tick, with what the runtime knows (an idle logout waits for the
    /// answers in flight). By default the mode's `update(Action::Tick)`.
    fn tick(&mut self, now: Instant, shell: &Shell) -> Step {
        let _ = shell;
        self.update(Action::Tick, now)
    }
    /// Render. Must not change state or do I/O.
    fn draw(&self, frame: &mut Frame);
    /// Render with what the runtime knows (effects in flight, outage); the runtime draws this.
    /// By default `draw`.
    fn draw_in(&self, frame: &mut Frame, shell: &Shell) {
        let _ = shell;
        self.draw(frame)
    }
    /// Where on a screen of `area` the runtime draws its outage banner, and in which language;
    /// `None` (the default) when the mode shows an outage its own way (the kiosk's, the rating
    /// screen's and the display's own screens; the verifier verifies offline).
    fn banner(&self, area: Rect) -> Option<(Rect, strings::Lang)> {
        let _ = area;
        None
    }
    /// Whether terminal signals (Ctrl-C...) must be ignored while this mode runs (unattended).
    fn locked_down(&self) -> bool {
        false
    }
    fn as_any(&self) -> &dyn Any;
}

/// What every mode does with a key before its own key map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyPrelude {
    /// A key release, or a Ctrl/Alt chord (Ctrl-C, Ctrl-Z, Ctrl-\ ...): nothing happens.
    Ignore,
    /// Ctrl-J or Ctrl-M (line feed, carriage return; either case, for Caps Lock): how a card
    /// reader or scanner that types like a keyboard may end its burst.
    Submit,
    /// A plain key, for the mode's own map.
    Plain,
}

fn key_prelude(key: &crossterm::event::KeyEvent) -> KeyPrelude {
    use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};
    if key.kind == KeyEventKind::Release {
        return KeyPrelude::Ignore;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('j' | 'J' | 'm' | 'M')) {
        return KeyPrelude::Submit;
    }
    if ctrl || key.modifiers.contains(KeyModifiers::ALT) {
        return KeyPrelude::Ignore;
    }
    KeyPrelude::Plain
}

/// The frame every mode's event map shares: a left click goes to the mode's hit-testing (`hit`,
/// column and row); a key release or a chord (Ctrl-C, Ctrl-Z, Ctrl-\ ...) does nothing; Ctrl-J
/// or Ctrl-M, how a scanner may end its burst, means `burst_end` in this mode; any other key
/// goes to the mode's own key map (`keys`). Nothing else means anything.
pub fn map_event_with(
    ev: &Event,
    burst_end: Option<Action>,
    keys: impl FnOnce(crossterm::event::KeyCode) -> Option<Action>,
    hit: impl FnOnce(u16, u16) -> Option<Action>,
) -> Option<Action> {
    use crossterm::event::{MouseButton, MouseEventKind};
    match ev {
        Event::Key(key) => match key_prelude(key) {
            KeyPrelude::Ignore => None,
            KeyPrelude::Submit => burst_end,
            KeyPrelude::Plain => keys(key.code),
        },
        Event::Mouse(m) if matches!(m.kind, MouseEventKind::Down(MouseButton::Left)) => hit(m.column, m.row),
        _ => None,
    }
}
