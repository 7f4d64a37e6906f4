//! The kiosk (SPEC §3): attract, ID, second factor, certificates, print, done.
//!
//! The mode's parts: this file holds the state and `update`; `keys` maps terminal events to
//! actions; `layout` places every touch target once (used by `draw` and by hit-testing);
//! `draw` paints; `effects` holds what the kiosk asks of the service and the domain results that
//! come back; `strings` its words.

pub mod draw;
pub use certdesk_protocol::kiosk as effects;
pub mod keys;
pub mod layout;
pub mod strings;

pub use effects::{CertView, Effect, Identity, Outcome, PrintStage, PrinterFault, Reminder, ReminderKind};

use super::staff::{self, Purpose, StaffSession};
use super::{Action, Mode, Step, Switch, Target};
use crate::clock::Clock;
use crate::config::Lang;
use crate::domain::id::{self, IdError, ResidentId};
use crossterm::event::Event;
use ratatui::{layout::Rect, Frame};
use std::time::{Duration, Instant};

type Effects = Vec<super::Effect>;

/// Longest input kept in a field. A card reader burst or a mistaken scan longer than an ID is
/// kept whole (so the length error is truthful), but never grows without bound.
pub const MAX_INPUT: usize = 512;
pub const FACTOR_LEN: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Attract,
    EnterId {
        input: String,
    },
    EnterFactor {
        id: String,
        input: String,
        attempts_left: Option<u32>,
    },
    /// Waiting for the worker; the ID is kept so that a wrong code needs only the code retyped.
    Checking {
        id: String,
    },
    Locked {
        minutes: u32,
    },
    Certificates {
        identity: Identity,
        selected: usize,
        note: Option<Note>,
    },
    Printing {
        identity: Identity,
        selected: usize,
        stage: PrintStage,
    },
    Done {
        serial: u64,
        preview: String,
    },
    Fault {
        identity: Identity,
        selected: usize,
        serial: Option<u64>,
        fault: Fault,
    },
    Staff {
        field: StaffField,
        staff_id: String,
        pin: String,
        denied: bool,
    },
    StaffChecking,
    /// Not serving holders (e.g. the database failed its integrity check). Only the staff key works.
    OutOfService,
}

/// What the fault screen reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Printer(PrinterFault),
    /// Something the holder cannot fix (database error); details are in the log.
    Service,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    NotPrintable,
    Limit { max: u32 },
    ServiceError,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffField {
    Id,
    Pin,
}

#[derive(Debug, Clone)]
pub struct KioskSettings {
    pub bureau: String,
    pub idle: Duration,
    /// Today's date for ID checks comes from here, when it is needed.
    pub clock: Clock,
    /// Shown on the attract screen of `certdesk demo`: IDs and factors to try.
    pub demo_hint: Option<(String, String)>,
}

pub struct Kiosk {
    pub screen: Screen,
    pub lang: Lang,
    pub default_lang: Lang,
    pub settings: KioskSettings,
    last_input: Instant,
    /// The database failed its integrity check: out of service for good (staff restore it).
    out_of_service: bool,
    /// The database server cannot be reached: out of service until the worker reports it back.
    unavailable: bool,
}

impl Kiosk {
    pub fn new(settings: KioskSettings, lang: Lang, now: Instant) -> Kiosk {
        Kiosk {
            screen: Screen::Attract,
            lang,
            default_lang: lang,
            settings,
            last_input: now,
            out_of_service: false,
            unavailable: false,
        }
    }

    /// Wipe the holder's session: back to the attract screen in the default language.
    fn home(&mut self, reason: &'static str) -> Effects {
        let had_session = !matches!(self.screen, Screen::Attract | Screen::OutOfService);
        self.screen = if self.serving() { Screen::Attract } else { Screen::OutOfService };
        self.lang = self.default_lang;
        if had_session {
            vec![Effect::EndSession { reason }.into()]
        } else {
            vec![]
        }
    }

    /// Whether holders can be served (the database is sound and reachable).
    pub fn serving(&self) -> bool {
        !self.out_of_service && !self.unavailable
    }

    /// The live check shown under the ID input.
    pub fn id_problem(&self, input: &str) -> Option<IdError> {
        if input.chars().count() == 18 {
            ResidentId::parse(input, self.settings.clock.today()).err()
        } else {
            id::check_prefix(input).err()
        }
    }

    fn push_char(buf: &mut String, c: char) {
        if buf.chars().count() < MAX_INPUT && !c.is_control() {
            buf.push(c);
        }
    }
}

impl Mode for Kiosk {
    fn map_event(&self, ev: &Event, area: Rect) -> Option<Action> {
        keys::map_event(self, ev, area)
    }

    fn update(&mut self, action: Action, now: Instant) -> Step {
        self.act(action, now).into()
    }

    fn on_outcome(&mut self, outcome: super::Outcome, now: Instant) -> Step {
        use super::Outcome as O;
        // Results also count as activity: the holder is reading them.
        self.last_input = now;
        match outcome {
            // Verifier results never reach the kiosk (another mode's runtime).
            O::Verifier(_) => return Step::default(),
            O::OutOfService => {
                self.out_of_service = true;
                self.screen = Screen::OutOfService;
            }
            O::Unavailable => {
                self.unavailable = true;
                // A screen waiting for an answer gets this one, and a holder mid-session is taken
                // home (nothing of theirs stays on screen). A printed slip's screen and the staff
                // key's entry stay: the slip is out, and staff may need the desk.
                if !matches!(self.screen, Screen::Done { .. } | Screen::Staff { .. }) {
                    return self.home("database unavailable").into();
                }
            }
            O::Restored => {
                self.unavailable = false;
                if self.screen == Screen::OutOfService && self.serving() {
                    self.screen = Screen::Attract;
                }
            }
            O::Kiosk(o) => self.on_kiosk_outcome(o),
            O::Staff(o) => return Step::then(vec![], self.on_staff_outcome(o)),
            O::Desk(_) | O::Rating(_) | O::Display(_) => {}
            O::ServiceError => match &mut self.screen {
                Screen::Checking { .. } => {
                    self.screen = Screen::Fault {
                        identity: Identity::default(),
                        selected: 0,
                        serial: None,
                        fault: Fault::Service,
                    }
                }
                Screen::Printing { identity, selected, .. } => {
                    let identity = std::mem::take(identity);
                    self.screen =
                        Screen::Certificates { identity, selected: *selected, note: Some(Note::ServiceError) };
                }
                Screen::StaffChecking => self.staff_denied(),
                _ => {}
            },
        }
        Step::default()
    }

    fn draw(&self, frame: &mut Frame) {
        draw::draw(self, frame);
    }

    fn locked_down(&self) -> bool {
        true
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Kiosk {
    /// An action's effects (no action switches the kiosk: the answer to the staff PIN does).
    fn act(&mut self, action: Action, now: Instant) -> Effects {
        if action == Action::Tick {
            let idle = now.saturating_duration_since(self.last_input) >= self.settings.idle;
            let busy = matches!(self.screen, Screen::Checking { .. } | Screen::Printing { .. } | Screen::StaffChecking);
            if idle && !busy && !matches!(self.screen, Screen::Attract | Screen::OutOfService) {
                return self.home("idle timeout");
            }
            return vec![];
        }
        self.last_input = now;
        if action == Action::ToggleLang {
            self.lang = super::strings::toggle(self.lang);
            return vec![];
        }
        if action == Action::StaffKey {
            // The holder's data leaves the screen before staff type anything.
            let mut fx = self.home("staff key");
            self.screen =
                Screen::Staff { field: StaffField::Id, staff_id: String::new(), pin: String::new(), denied: false };
            fx.retain(|e| matches!(e, super::Effect::Kiosk(Effect::EndSession { .. })));
            return fx;
        }
        if action == Action::Home {
            return self.home("home");
        }
        let today = self.settings.clock.today();
        match &mut self.screen {
            Screen::Attract => match action {
                Action::Start | Action::Submit => self.screen = Screen::EnterId { input: String::new() },
                // A reader burst or a keypad digit on the attract screen starts the flow and is kept.
                Action::Input(c) if c.is_ascii_alphanumeric() => {
                    let mut input = String::new();
                    Self::push_char(&mut input, c.to_ascii_uppercase());
                    self.screen = Screen::EnterId { input };
                }
                _ => {}
            },
            Screen::EnterId { input } => match action {
                Action::Input(c) => Self::push_char(input, c.to_ascii_uppercase()),
                Action::Backspace => {
                    input.pop();
                }
                Action::Clear => input.clear(),
                Action::Back => return self.home("back"),
                Action::Submit => {
                    if let Ok(id) = ResidentId::parse(input, today) {
                        self.screen = Screen::EnterFactor {
                            id: id.as_str().to_string(),
                            input: String::new(),
                            attempts_left: None,
                        };
                    }
                }
                _ => {}
            },
            Screen::EnterFactor { id, input, .. } => match action {
                Action::Input(c) if c.is_ascii_digit() && input.len() < FACTOR_LEN => input.push(c),
                Action::Backspace => {
                    input.pop();
                }
                Action::Clear => input.clear(),
                Action::Back => self.screen = Screen::EnterId { input: String::new() },
                Action::Submit if input.len() == FACTOR_LEN => {
                    let effect = Effect::Identify { id: id.clone(), factor: std::mem::take(input) };
                    self.screen = Screen::Checking { id: std::mem::take(id) };
                    return vec![effect.into()];
                }
                _ => {}
            },
            Screen::Checking { .. } | Screen::StaffChecking | Screen::Printing { .. } | Screen::OutOfService => {}
            Screen::Locked { .. } => {
                if matches!(action, Action::Back | Action::Submit | Action::Start) {
                    return self.home("locked acknowledged");
                }
            }
            Screen::Certificates { identity, selected, note } => {
                let n = identity.certs.len();
                match action {
                    Action::Up if *selected > 0 => {
                        *selected -= 1;
                        *note = None;
                    }
                    Action::Down if *selected + 1 < n => {
                        *selected += 1;
                        *note = None;
                    }
                    Action::Select(i) if i < n => {
                        *selected = i;
                        *note = None;
                    }
                    Action::Input(c) if c.is_ascii_digit() => {
                        // Keypad: "1".."9" pick a certificate.
                        let i = (c as usize).wrapping_sub('1' as usize);
                        if i < n {
                            *selected = i;
                            *note = None;
                        }
                    }
                    Action::Print | Action::Submit if n > 0 => {
                        let cert = &identity.certs[*selected];
                        if !cert.printable() {
                            *note = Some(Note::NotPrintable);
                        } else {
                            let effect = Effect::Print { cert: cert.id };
                            let identity = std::mem::take(identity);
                            self.screen =
                                Screen::Printing { identity, selected: *selected, stage: PrintStage::Prepare };
                            return vec![effect.into()];
                        }
                    }
                    Action::Back | Action::Submit => return self.home("back"),
                    _ => {}
                }
            }
            Screen::Done { .. } => {
                if matches!(action, Action::Submit | Action::Back | Action::Start | Action::Print) {
                    return self.home("done");
                }
            }
            // A fault before anyone was identified has no list to go back to.
            Screen::Fault { identity, .. } if identity.certs.is_empty() => {
                if matches!(action, Action::Back | Action::Submit) {
                    return self.home("fault acknowledged");
                }
            }
            Screen::Fault { identity, selected, .. } => match action {
                Action::Back | Action::Submit => {
                    let identity = std::mem::take(identity);
                    self.screen = Screen::Certificates { identity, selected: *selected, note: None };
                }
                _ => {}
            },
            Screen::Staff { field, staff_id, pin, denied } => match action {
                Action::Input(c) => {
                    *denied = false;
                    match field {
                        StaffField::Id if c.is_ascii_alphanumeric() && staff_id.len() < 32 => staff_id.push(c),
                        StaffField::Pin if c.is_ascii_graphic() && pin.len() < 64 => pin.push(c),
                        _ => {}
                    }
                }
                Action::Backspace => {
                    match field {
                        StaffField::Id => staff_id.pop(),
                        StaffField::Pin => pin.pop(),
                    };
                }
                Action::Clear => {
                    staff_id.clear();
                    pin.clear();
                    *field = StaffField::Id;
                }
                Action::Submit => match field {
                    StaffField::Id if !staff_id.is_empty() => *field = StaffField::Pin,
                    StaffField::Pin if !pin.is_empty() => {
                        let effect = staff::Effect::Login {
                            staff_id: std::mem::take(staff_id),
                            pin: std::mem::take(pin),
                            purpose: Purpose::KioskExit,
                        };
                        self.screen = Screen::StaffChecking;
                        return vec![effect.into()];
                    }
                    _ => {}
                },
                Action::Up => *field = StaffField::Id,
                Action::Down => *field = StaffField::Pin,
                Action::Back => return self.home("staff cancelled"),
                _ => {}
            },
        }
        vec![]
    }
}

impl Kiosk {
    fn on_kiosk_outcome(&mut self, outcome: Outcome) {
        match (&mut self.screen, outcome) {
            (Screen::Checking { .. }, Outcome::Identified(identity)) => {
                self.screen = Screen::Certificates { identity, selected: 0, note: None };
            }
            (Screen::Checking { id }, Outcome::Denied { attempts_left }) => {
                // The ID stays: the holder retypes only the code.
                let id = std::mem::take(id);
                self.screen = Screen::EnterFactor { id, input: String::new(), attempts_left: Some(attempts_left) };
            }
            (Screen::Checking { .. }, Outcome::Locked { minutes }) => self.screen = Screen::Locked { minutes },
            (Screen::Printing { stage, .. }, Outcome::PrintStage(s)) => *stage = s,
            (Screen::Printing { .. }, Outcome::Printed { serial, preview }) => {
                self.screen = Screen::Done { serial, preview }
            }
            (Screen::Printing { identity, selected, .. }, Outcome::PrintFailed { serial, fault }) => {
                let identity = std::mem::take(identity);
                self.screen = Screen::Fault { identity, selected: *selected, serial, fault: Fault::Printer(fault) };
            }
            (Screen::Printing { identity, selected, .. }, Outcome::PrintLimit { max }) => {
                let identity = std::mem::take(identity);
                self.screen = Screen::Certificates { identity, selected: *selected, note: Some(Note::Limit { max }) };
            }
            // A late result for a screen that has moved on (idle timeout, staff key): dropped, so
            // nothing of a previous holder can reappear.
            _ => {}
        }
    }

    /// The answer to the staff PIN: on to the desk when it was accepted.
    fn on_staff_outcome(&mut self, outcome: staff::Outcome) -> Option<Switch> {
        if self.screen != Screen::StaffChecking {
            return None;
        }
        match outcome {
            staff::Outcome::Accepted(session) => return Some(self.staff_accepted(session)),
            // A locked staff account looks like a wrong PIN here; the audit log says which.
            staff::Outcome::Denied | staff::Outcome::Locked { .. } => self.staff_denied(),
            // The desk's logout being confirmed: not an answer to this PIN.
            staff::Outcome::LoggedOut => {}
        }
        None
    }

    fn staff_accepted(&mut self, staff: StaffSession) -> Switch {
        self.screen = if self.serving() { Screen::Attract } else { Screen::OutOfService };
        self.lang = self.default_lang;
        Switch::To(Target::Desk { staff, from_kiosk: true })
    }

    fn staff_denied(&mut self) {
        self.screen =
            Screen::Staff { field: StaffField::Id, staff_id: String::new(), pin: String::new(), denied: true };
    }
}
