//! The verifier station (`certdesk verifier`, issue 9 item 1): waits for a scanner burst, shows
//! the verdict full screen with the signed fields to compare with the holder's ID card, and goes
//! back to waiting after an idle timeout so no holder data stays on screen.
//!
//! Parts as in the other modes: this file holds the state and `update`; `keys` maps terminal
//! events; `layout` places everything once (draw and hit-testing); `draw` paints; `effects` the
//! requests to the service and the results; `strings` the words.

pub mod document;
pub mod draw;
pub use certdesk_protocol::verifier as effects;
pub mod keys;
pub mod layout;
pub mod strings;

pub use effects::{Counts, Effect, Outcome, Spool};

use super::{Action, Mode, Step, Switch};
use crate::config::Lang;
use crate::seal::{ListInfo, Verification};
use certdesk_protocol::verifier_doc::DocVerdict;
use crossterm::event::Event;
use ratatui::{layout::Rect, Frame};
use std::time::{Duration, Instant};

type Effects = Vec<super::Effect>;

/// Longest burst kept. A real slip code is a few hundred characters; a stuck scanner or a key
/// held down must not grow memory without bound (the tail is dropped and the code then reads
/// as malformed: "scan again").
pub const MAX_BURST: usize = 2048;

/// A scanner types a whole code in well under a second. Characters after a longer pause start a
/// new burst: a partial burst (the scanner lost the code before its Enter) must not spoil the
/// next scan.
pub const BURST_GAP: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Waiting,
    Checking,
    Verdict(Box<Verification>),
    /// A counter document's code (A4, issue 16): which document, and what the registry said.
    Document(Box<DocVerdict>),
    /// Not a readable code (partial or garbage burst).
    ScanAgain,
    ServiceError,
}

#[derive(Debug, Clone)]
pub struct VerifierSettings {
    pub bureau: String,
    /// Back to the waiting screen after this long without a key.
    pub idle: Duration,
}

pub struct VerifierStation {
    pub screen: Screen,
    pub lang: Lang,
    default_lang: Lang,
    pub settings: VerifierSettings,
    /// Characters of the burst being typed by the scanner.
    pub burst: String,
    pub counts: Counts,
    /// The station's revocation list, as of the last answer from the service.
    pub list: ListInfo,
    /// Scan rows not yet in the database and whether it is out of reach (the offline note).
    pub spool: Spool,
    last_input: Instant,
    /// The scan being checked lost its log row (`LogFailed`). The writer runs on its own thread
    /// and may report that before the worker delivers the verdict; the late verdict must not
    /// take the system error off the screen (no unlogged verdict is ever shown).
    log_failed: bool,
}

impl VerifierStation {
    pub fn new(settings: VerifierSettings, lang: Lang, now: Instant) -> VerifierStation {
        VerifierStation {
            screen: Screen::Waiting,
            lang,
            default_lang: lang,
            settings,
            burst: String::new(),
            counts: Vec::new(),
            list: ListInfo::default(),
            spool: Spool::default(),
            last_input: now,
            log_failed: false,
        }
    }

    fn on_document(&mut self, v: DocVerdict) {
        if std::mem::take(&mut self.log_failed) {
            return;
        }
        // Unlike a slip's unreadable code, a code that says it is a document gets its own
        // verdict: the person learns it is not one of the bureau's documents, not only "again".
        self.screen = Screen::Document(Box::new(v));
    }

    fn on_verified(&mut self, v: Verification) {
        if std::mem::take(&mut self.log_failed) {
            return;
        }
        self.screen = if matches!(v.verdict, crate::seal::Verdict::Malformed { .. }) {
            Screen::ScanAgain
        } else {
            Screen::Verdict(Box::new(v))
        };
    }
}

impl Mode for VerifierStation {
    fn start(&mut self) -> Effects {
        vec![Effect::Counts.into()]
    }

    fn map_event(&self, ev: &Event, area: Rect) -> Option<Action> {
        keys::map_event(self, ev, area)
    }

    fn update(&mut self, action: Action, now: Instant) -> Step {
        if action == Action::Tick {
            let idle = now.saturating_duration_since(self.last_input) >= self.settings.idle;
            if idle {
                self.burst.clear();
                if !matches!(self.screen, Screen::Waiting | Screen::Checking) {
                    // Nothing of the holder stays on screen.
                    self.screen = Screen::Waiting;
                    self.lang = self.default_lang;
                }
            }
            return Step::default();
        }
        if now.saturating_duration_since(self.last_input) > BURST_GAP {
            self.burst.clear();
        }
        self.last_input = now;
        match action {
            Action::Input(c) if self.burst.len() < MAX_BURST && !c.is_control() => self.burst.push(c),
            Action::Backspace => {
                self.burst.pop();
            }
            Action::Submit => {
                let burst = std::mem::take(&mut self.burst);
                if burst.trim().is_empty() {
                    // A stray Enter or Tab: nothing was scanned.
                    return Step::default();
                }
                self.screen = Screen::Checking;
                self.log_failed = false;
                return vec![Effect::Scan(burst).into()].into();
            }
            Action::Home | Action::Back => {
                self.screen = Screen::Waiting;
                self.burst.clear();
            }
            Action::ToggleLang => self.lang = super::strings::toggle(self.lang),
            Action::StaffKey => return Step::switch(Switch::Exit),
            _ => {}
        }
        Step::default()
    }

    fn on_outcome(&mut self, outcome: super::Outcome, _now: Instant) -> Step {
        match outcome {
            super::Outcome::Verifier(Outcome::Verified { verification, counts, list }) => {
                self.counts = counts;
                self.list = list;
                self.on_verified(*verification);
            }
            super::Outcome::Verifier(Outcome::Document { verdict, counts }) => {
                self.counts = counts;
                self.on_document(*verdict);
            }
            super::Outcome::Verifier(Outcome::Counts { counts, list }) => {
                self.counts = counts;
                self.list = list;
            }
            super::Outcome::Verifier(Outcome::Spool { counts, spool }) => {
                self.counts = counts;
                self.spool = spool;
            }
            // A scan row that can never be written (a broken database, not an outage): no
            // unlogged verdict stays on screen; the station is out of order until someone looks.
            super::Outcome::Verifier(Outcome::LogFailed) => {
                // Still checking: the verdict of this very scan is on its way and must not show.
                self.log_failed = self.screen == Screen::Checking;
                self.screen = Screen::ServiceError;
            }
            super::Outcome::ServiceError | super::Outcome::OutOfService if self.screen == Screen::Checking => {
                self.screen = Screen::ServiceError;
            }
            _ => {}
        }
        Step::default()
    }

    fn draw(&self, frame: &mut Frame) {
        draw::draw(self, frame)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
