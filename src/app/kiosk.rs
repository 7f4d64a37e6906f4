//! The kiosk flow (SPEC §3): attract → ID → second factor → certificates → print → done.
//!
//! This module is the state machine only: it maps events to actions, changes state, and asks
//! for effects. Screens are drawn by `kiosk_view`; effects run in `worker`.

use super::action::{Action, Effect, Identity, Outcome, PrintStage};
use super::Mode;
use crate::config::Lang;
use crate::domain::id::{self, IdError, ResidentId};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};
use ratatui::{layout::Rect, Frame};
use std::time::{Duration, Instant};

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
        zh: String,
        en: String,
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
    pub today: chrono::NaiveDate,
    /// Shown on the attract screen of `certdesk demo`: IDs and factors to try.
    pub demo_hint: Option<(String, String)>,
}

pub struct Kiosk {
    pub screen: Screen,
    pub lang: Lang,
    pub default_lang: Lang,
    pub settings: KioskSettings,
    last_input: Instant,
    exit: bool,
    out_of_service: bool,
}

impl Kiosk {
    pub fn new(settings: KioskSettings, lang: Lang, now: Instant) -> Kiosk {
        Kiosk {
            screen: Screen::Attract,
            lang,
            default_lang: lang,
            settings,
            last_input: now,
            exit: false,
            out_of_service: false,
        }
    }

    /// Wipe the holder's session: back to the attract screen in the default language.
    fn home(&mut self, reason: &'static str) -> Vec<Effect> {
        let had_session = !matches!(self.screen, Screen::Attract | Screen::OutOfService);
        self.screen = if self.out_of_service { Screen::OutOfService } else { Screen::Attract };
        self.lang = self.default_lang;
        if had_session {
            vec![Effect::EndSession { reason }]
        } else {
            vec![]
        }
    }

    /// The live check shown under the ID input.
    pub fn id_problem(&self, input: &str) -> Option<IdError> {
        if input.chars().count() == 18 {
            ResidentId::parse(input, self.settings.today).err()
        } else {
            id::check_prefix(input).err()
        }
    }

    fn key_action(&self, key: &KeyEvent) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        // Ctrl-J is line feed: a card reader may end its burst with it.
        if ctrl && matches!(key.code, KeyCode::Char('j') | KeyCode::Char('m')) {
            return Some(Action::Submit);
        }
        if ctrl || key.modifiers.contains(KeyModifiers::ALT) {
            // Ctrl-C, Ctrl-Z, Ctrl-\ and every other chord do nothing in the kiosk.
            return None;
        }
        Some(match key.code {
            KeyCode::F(12) => Action::StaffKey,
            KeyCode::F(2) => Action::ToggleLang,
            KeyCode::Enter | KeyCode::Tab => Action::Submit,
            KeyCode::Esc => Action::Back,
            KeyCode::Backspace | KeyCode::Delete => Action::Backspace,
            KeyCode::Up => Action::Up,
            KeyCode::Down => Action::Down,
            KeyCode::Char(c) => Action::Input(c),
            _ => return None,
        })
    }

    fn push_char(buf: &mut String, c: char) {
        if buf.chars().count() < MAX_INPUT && !c.is_control() {
            buf.push(c);
        }
    }
}

impl Mode for Kiosk {
    fn map_event(&self, ev: &Event, area: Rect) -> Option<Action> {
        match ev {
            Event::Key(k) => self.key_action(k),
            Event::Mouse(m) if matches!(m.kind, MouseEventKind::Down(MouseButton::Left)) => {
                super::kiosk_view::hit(self, area, m.column, m.row)
            }
            Event::Paste(_) => None, // handled per character by `paste_actions`
            _ => None,
        }
    }

    fn update(&mut self, action: Action, now: Instant) -> Vec<Effect> {
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
            self.lang = match self.lang {
                Lang::Zh => Lang::En,
                Lang::En => Lang::Zh,
            };
            return vec![];
        }
        if action == Action::StaffKey {
            // The holder's data leaves the screen before staff type anything.
            let mut fx = self.home("staff key");
            self.screen =
                Screen::Staff { field: StaffField::Id, staff_id: String::new(), pin: String::new(), denied: false };
            fx.retain(|e| matches!(e, Effect::EndSession { .. }));
            return fx;
        }
        if action == Action::Home {
            return self.home("home");
        }
        let today = self.settings.today;
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
                Action::Input(c) if c.is_ascii_digit() => {
                    if input.len() < FACTOR_LEN {
                        input.push(c);
                    }
                }
                Action::Backspace => {
                    input.pop();
                }
                Action::Clear => input.clear(),
                Action::Back => self.screen = Screen::EnterId { input: String::new() },
                Action::Submit if input.len() == FACTOR_LEN => {
                    let effect = Effect::Identify { id: id.clone(), factor: std::mem::take(input) };
                    self.screen = Screen::Checking { id: std::mem::take(id) };
                    return vec![effect];
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
                            return vec![effect];
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
                        let effect =
                            Effect::CheckStaff { staff_id: std::mem::take(staff_id), pin: std::mem::take(pin) };
                        self.screen = Screen::StaffChecking;
                        return vec![effect];
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

    fn on_outcome(&mut self, outcome: Outcome, now: Instant) -> Vec<Effect> {
        // Results also count as activity: the holder is reading them.
        self.last_input = now;
        if outcome == Outcome::OutOfService {
            self.out_of_service = true;
            self.screen = Screen::OutOfService;
            return vec![];
        }
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
            (Screen::Checking { .. }, Outcome::ServiceError) => {
                self.screen = Screen::Fault {
                    identity: Identity::default(),
                    selected: 0,
                    serial: None,
                    zh: crate::i18n::SERVICE_ERROR.zh.into(),
                    en: crate::i18n::SERVICE_ERROR.en.into(),
                }
            }
            (Screen::Printing { stage, .. }, Outcome::PrintStage(s)) => *stage = s,
            (Screen::Printing { .. }, Outcome::Printed { serial, preview }) => {
                self.screen = Screen::Done { serial, preview }
            }
            (Screen::Printing { identity, selected, .. }, Outcome::PrintFailed { serial, zh, en }) => {
                let identity = std::mem::take(identity);
                self.screen = Screen::Fault { identity, selected: *selected, serial, zh, en };
            }
            (Screen::Printing { identity, selected, .. }, Outcome::PrintLimit { max }) => {
                let identity = std::mem::take(identity);
                self.screen = Screen::Certificates { identity, selected: *selected, note: Some(Note::Limit { max }) };
            }
            (Screen::Printing { identity, selected, .. }, Outcome::ServiceError) => {
                let identity = std::mem::take(identity);
                self.screen = Screen::Certificates { identity, selected: *selected, note: Some(Note::ServiceError) };
            }
            (Screen::StaffChecking, Outcome::StaffOk) => self.exit = true,
            (Screen::StaffChecking, Outcome::StaffDenied | Outcome::ServiceError) => {
                self.screen =
                    Screen::Staff { field: StaffField::Id, staff_id: String::new(), pin: String::new(), denied: true };
            }
            // A late result for a screen that has moved on (idle timeout, staff key): dropped, so
            // nothing of a previous holder can reappear.
            _ => {}
        }
        vec![]
    }

    fn draw(&self, frame: &mut Frame) {
        super::kiosk_view::draw(self, frame);
    }

    fn wants_exit(&self) -> bool {
        self.exit
    }
}
