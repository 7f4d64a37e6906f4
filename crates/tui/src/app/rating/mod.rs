//! The rating screen (`certdesk rate --counter N`, SPEC §1-2 好差评) on the customer-facing
//! monitor of a counter: idle until the desk at that counter asks for a rating, then the five
//! levels as large touch buttons (keys 1 to 5), one rating per service, a thank-you screen, and
//! back to idle.
//!
//! The screen learns of a request by polling the database (every `rating.poll_ms`, driven by the
//! runtime's tick, on the worker thread so the screen never waits). On a hall's PostgreSQL an
//! idle screen's poll also waits for the desk's NOTIFY, so a request shows at once. Parts as in the other modes:
//! state and `update` here, `keys`, `layout` (used by `draw` and hit-testing), `draw`,
//! `effects` (what is asked of the service and what comes back), `strings`.

pub mod draw;
pub use certdesk_protocol::rating as effects;
pub mod keys;
pub mod layout;
pub mod strings;

pub use effects::{Ask, Effect, Outcome};

use super::{Action, Mode, Step, Switch};
use crate::config::Lang;
use crate::domain::intake::Rating;
use crate::domain::loops::BadReason;
use crossterm::event::Event;
use ratatui::{layout::Rect, Frame};
use std::time::{Duration, Instant};

type Effects = Vec<super::Effect>;

#[derive(Debug, Clone)]
pub struct RatingSettings {
    pub bureau: String,
    pub counter: u32,
    /// How often to ask the database for a request (`rating.poll_ms`).
    pub poll: Duration,
    /// How long the thank-you screen stays (`rating.thanks_secs`).
    pub thanks: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Idle,
    /// The desk asked; `chosen` once the visitor touched a level (further touches do nothing).
    Asking {
        ask: Ask,
        chosen: Option<Rating>,
    },
    /// A bad rating was stored: the visitor may touch why (服务态度, 办理效率, 材料要求, 等候时间,
    /// 环境设施, 其他) until `until`; the rating stands whether they do or not (issue 15).
    Reason {
        request: i64,
        until: Instant,
    },
    /// Thanks until `until`; `bad` when the rating opened a follow-up.
    Thanks {
        bad: bool,
        until: Instant,
    },
    /// The rating could not be saved; the staff member is told by the visitor (and the log).
    Unavailable {
        until: Instant,
    },
    /// The database failed its integrity check: nothing is asked or recorded.
    OutOfService,
}

pub struct RatingScreen {
    pub screen: Screen,
    pub lang: Lang,
    default_lang: Lang,
    pub settings: RatingSettings,
    /// When the last poll was answered (or the screen started).
    last_poll: Instant,
    polling: bool,
    /// The last request rated here: a poll answered late must not show it again.
    answered: Option<i64>,
    /// The hall's database server cannot be reached: the outage screen shows until the worker
    /// reports it back. A level the visitor chose meanwhile is kept (`Screen::Asking` with
    /// `chosen`) and sent when the server answers.
    outage: bool,
}

impl RatingScreen {
    pub fn new(settings: RatingSettings, lang: Lang, now: Instant) -> RatingScreen {
        RatingScreen {
            screen: Screen::Idle,
            lang,
            default_lang: lang,
            settings,
            last_poll: now,
            polling: false,
            answered: None,
            outage: false,
        }
    }

    /// Whether the screen is waiting for its database server (the outage screen shows).
    pub fn outage(&self) -> bool {
        self.outage
    }

    /// Whether the outage screen replaces the current one: not while a visitor is being asked
    /// and has not chosen (they may still choose; the asking screen says it will be kept).
    pub fn shows_outage(&self) -> bool {
        self.outage && !matches!(self.screen, Screen::OutOfService | Screen::Asking { chosen: None, .. })
    }

    fn poll(&mut self) -> Effects {
        self.polling = true;
        let idle = matches!(self.screen, Screen::Idle);
        vec![Effect::Poll { counter: self.settings.counter, idle }.into()]
    }

    fn idle(&mut self) {
        self.screen = Screen::Idle;
        // The next visitor starts in the station's language.
        self.lang = self.default_lang;
    }

    /// Whether a poll's answer may change the screen now.
    fn listening(&self) -> bool {
        matches!(self.screen, Screen::Idle | Screen::Asking { chosen: None, .. })
    }
}

impl Mode for RatingScreen {
    fn start(&mut self) -> Vec<super::Effect> {
        self.poll()
    }

    fn map_event(&self, ev: &Event, area: Rect) -> Option<Action> {
        keys::map_event(self, ev, area)
    }

    fn update(&mut self, action: Action, now: Instant) -> Step {
        let fx: Effects = match action {
            Action::Tick => {
                if let Screen::Reason { until, .. } = self.screen {
                    if now >= until {
                        // No reason touched: the rating stands without one.
                        self.screen = Screen::Thanks { bad: true, until: now + self.settings.thanks };
                    }
                }
                if let Screen::Thanks { until, .. } | Screen::Unavailable { until } = self.screen {
                    if now >= until {
                        self.idle();
                        // Straight back to asking if the desk is already waiting.
                        self.last_poll = now.checked_sub(self.settings.poll).unwrap_or(now);
                    }
                }
                if self.listening()
                    && !self.polling
                    && now.saturating_duration_since(self.last_poll) >= self.settings.poll
                {
                    return self.poll().into();
                }
                vec![]
            }
            Action::ToggleLang => {
                self.lang = super::strings::toggle(self.lang);
                vec![]
            }
            Action::StaffKey => return Step::switch(Switch::Exit),
            Action::Select(i) => {
                let counter = self.settings.counter;
                match (&mut self.screen, Rating::ALL.get(i)) {
                    (Screen::Asking { ask, chosen: chosen @ None }, Some(r)) => {
                        *chosen = Some(*r);
                        vec![Effect::Rate { counter, request: ask.request, rating: *r }.into()]
                    }
                    (Screen::Reason { request, .. }, _) => match BadReason::ALL.get(i) {
                        Some(reason) => {
                            let e = Effect::Reason { counter, request: *request, reason: *reason };
                            self.screen = Screen::Thanks { bad: true, until: now + self.settings.thanks };
                            vec![e.into()]
                        }
                        None => vec![],
                    },
                    // A second touch, or a touch with nothing asked, does nothing.
                    _ => vec![],
                }
            }
            _ => vec![],
        };
        fx.into()
    }

    fn on_outcome(&mut self, outcome: super::Outcome, now: Instant) -> Step {
        let o = match outcome {
            super::Outcome::Rating(o) => {
                self.outage = false;
                o
            }
            super::Outcome::OutOfService => {
                self.screen = Screen::OutOfService;
                return Step::default();
            }
            // The database server away (a hall's PostgreSQL; also reported at start by a screen
            // started while it is down): the outage screen, and a chosen level is kept, not
            // lost; polls go on at the interval (each one also tries the server).
            super::Outcome::Unavailable => {
                self.outage = true;
                self.polling = false;
                self.last_poll = now;
                return Step::default();
            }
            // Back: a level chosen before or during the outage is sent now. Recording is
            // idempotent per request (a commit whose answer was lost answers "not pending").
            super::Outcome::Restored => {
                self.outage = false;
                if let Screen::Asking { ask, chosen: Some(r) } = &self.screen {
                    let counter = self.settings.counter;
                    return vec![Effect::Rate { counter, request: ask.request, rating: *r }.into()].into();
                }
                return Step::default();
            }
            // Any other failure: like any failed poll, tried again at the next interval.
            super::Outcome::ServiceError => {
                if let Screen::Asking { chosen: Some(_), .. } = self.screen {
                    self.screen = Screen::Unavailable { until: now + self.settings.thanks };
                }
                // A failed poll is tried again at the next interval.
                self.polling = false;
                self.last_poll = now;
                return Step::default();
            }
            _ => return Step::default(),
        };
        match o {
            Outcome::Pending(ask) => {
                self.polling = false;
                self.last_poll = now;
                if !self.listening() {
                    return Step::default();
                }
                match ask {
                    Some(a) if Some(a.request) != self.answered => {
                        let same = matches!(&self.screen, Screen::Asking { ask, .. } if *ask == a);
                        if !same {
                            self.screen = Screen::Asking { ask: a, chosen: None };
                        }
                    }
                    // Withdrawn by the desk (or already rated): back to idle.
                    _ => {
                        if matches!(self.screen, Screen::Asking { .. }) {
                            self.idle();
                        }
                    }
                }
            }
            Outcome::Rated { request, followup } => {
                self.answered = Some(request);
                if matches!(&self.screen, Screen::Asking { ask, chosen: Some(_) } if ask.request == request) {
                    self.screen = if followup {
                        // A bad rating: ask why, by touch, for a while (three thank-you spans).
                        Screen::Reason { request, until: now + self.settings.thanks * 3 }
                    } else {
                        Screen::Thanks { bad: false, until: now + self.settings.thanks }
                    };
                }
            }
            // Already thanked: nothing changes on the screen.
            Outcome::ReasonRecorded { .. } => {}
            Outcome::NotPending { request } => {
                if matches!(&self.screen, Screen::Asking { ask, .. } if ask.request == request) {
                    self.idle();
                    // Ask again at once: the desk may be waiting for another service.
                    self.last_poll = now.checked_sub(self.settings.poll).unwrap_or(now);
                }
            }
        }
        Step::default()
    }

    fn draw(&self, frame: &mut Frame) {
        draw::draw(self, frame)
    }

    /// The monitor faces the visitor: terminal signals are ignored as on the kiosk; staff end it
    /// with F12 (or systemd with SIGTERM).
    fn locked_down(&self) -> bool {
        true
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
