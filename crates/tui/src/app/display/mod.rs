//! The hall's call display (`certdesk display`, issue 15): on the monitor over the hall, the
//! ticket just called and its counter in large glyphs, the last few calls under it, and how
//! many still wait; Chinese first. Unattended like the rating screen: no keys but the staff's
//! F12, terminal signals ignored.
//!
//! The calls come from the database (the counters' `call_next` writes them; polled every
//! `rating.poll_ms` on the worker thread, so the screen never waits), so any number of counters
//! on one home's database — a hall's PostgreSQL — show on the same display, in the order they
//! called. Parts as in the other modes: state and `update` here, `keys`, `draw`, `strings`.

pub mod draw;
pub mod keys;
pub mod strings;

pub use certdesk_protocol::display::{Call, Effect, Outcome};

use super::{Action, Mode, Step, Switch};
use crate::config::Lang;
use crossterm::event::Event;
use ratatui::{layout::Rect, Frame};
use std::time::{Duration, Instant};

type Effects = Vec<super::Effect>;

#[derive(Debug, Clone)]
pub struct DisplaySettings {
    pub bureau: String,
    /// How often to ask the database for the calls.
    pub poll: Duration,
    /// Calls shown: the current one and those before it.
    pub shown: usize,
}

pub struct CallDisplay {
    pub lang: Lang,
    pub settings: DisplaySettings,
    /// Newest call first (as the service answers).
    pub calls: Vec<Call>,
    /// Tickets not yet called today.
    pub waiting: u32,
    /// Whether a poll was answered since the start (before that, nothing is claimed).
    pub loaded: bool,
    /// The hall's database server cannot be reached: the last calls stay, marked as such.
    pub outage: bool,
    /// The database failed its integrity check at start.
    pub out_of_service: bool,
    last_poll: Instant,
    polling: bool,
}

impl CallDisplay {
    pub fn new(settings: DisplaySettings, lang: Lang, now: Instant) -> CallDisplay {
        CallDisplay {
            lang,
            settings,
            calls: Vec::new(),
            waiting: 0,
            loaded: false,
            outage: false,
            out_of_service: false,
            last_poll: now,
            polling: false,
        }
    }

    fn poll(&mut self) -> Effects {
        self.polling = true;
        vec![super::Effect::Display(Effect::Poll { shown: self.settings.shown })]
    }

    /// The call shown large (the newest).
    pub fn current(&self) -> Option<&Call> {
        self.calls.first()
    }
}

impl Mode for CallDisplay {
    fn start(&mut self) -> Effects {
        self.poll()
    }

    fn map_event(&self, ev: &Event, _area: Rect) -> Option<Action> {
        keys::map_event(ev)
    }

    fn update(&mut self, action: Action, now: Instant) -> Step {
        match action {
            Action::Tick => {
                if !self.polling && now.saturating_duration_since(self.last_poll) >= self.settings.poll {
                    return self.poll().into();
                }
                Step::default()
            }
            Action::StaffKey => Step::switch(Switch::Exit),
            _ => Step::default(),
        }
    }

    fn on_outcome(&mut self, outcome: super::Outcome, now: Instant) -> Step {
        use super::Outcome as O;
        match outcome {
            O::Display(Outcome::Calls { calls, waiting }) => {
                self.calls = calls;
                self.waiting = waiting;
                self.loaded = true;
                self.outage = false;
                self.polling = false;
                self.last_poll = now;
            }
            O::OutOfService => self.out_of_service = true,
            // Away: the calls shown stay (marked), polls go on at the interval and each one
            // also tries the server.
            O::Unavailable => {
                self.outage = true;
                self.polling = false;
                self.last_poll = now;
            }
            O::Restored => {
                self.outage = false;
                return self.poll().into();
            }
            O::ServiceError => {
                self.polling = false;
                self.last_poll = now;
            }
            O::Kiosk(_) | O::Desk(_) | O::Staff(_) | O::Rating(_) | O::Verifier(_) => {}
        }
        Step::default()
    }

    fn draw(&self, frame: &mut Frame) {
        draw::draw(self, frame)
    }

    /// The monitor hangs over the hall: terminal signals are ignored as on the kiosk; staff end
    /// it with F12 (or systemd with SIGTERM).
    fn locked_down(&self) -> bool {
        true
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Effect as E;

    fn settings() -> DisplaySettings {
        DisplaySettings { bureau: "示范市应急管理局".into(), poll: Duration::from_millis(500), shown: 6 }
    }

    #[test]
    fn it_polls_at_start_then_once_per_interval_and_never_twice_at_once() {
        let t0 = Instant::now();
        let mut d = CallDisplay::new(settings(), Lang::Zh, t0);
        assert_eq!(d.start(), vec![E::Display(Effect::Poll { shown: 6 })]);
        // A poll is on its way: ticks ask nothing more.
        assert!(d.update(Action::Tick, t0 + Duration::from_secs(5)).effects.is_empty());
        let calls = vec![Call { label: "A002".into(), counter: 3 }, Call { label: "A001".into(), counter: 1 }];
        d.on_outcome(O::Display(Outcome::Calls { calls: calls.clone(), waiting: 4 }), t0 + Duration::from_secs(5));
        assert_eq!(d.current(), Some(&calls[0]));
        assert_eq!(d.waiting, 4);
        assert!(d.update(Action::Tick, t0 + Duration::from_millis(5_400)).effects.is_empty(), "before the interval");
        assert_eq!(d.update(Action::Tick, t0 + Duration::from_millis(5_500)).effects.len(), 1);
    }

    use crate::app::Outcome as O;

    #[test]
    fn an_outage_keeps_the_calls_and_the_server_coming_back_polls_at_once() {
        let t0 = Instant::now();
        let mut d = CallDisplay::new(settings(), Lang::Zh, t0);
        d.start();
        d.on_outcome(
            O::Display(Outcome::Calls { calls: vec![Call { label: "B001".into(), counter: 2 }], waiting: 0 }),
            t0,
        );
        d.on_outcome(O::Unavailable, t0);
        assert!(d.outage);
        assert_eq!(d.calls.len(), 1, "kept");
        assert_eq!(d.on_outcome(O::Restored, t0).effects.len(), 1);
        assert!(!d.outage);
    }

    #[test]
    fn only_the_staff_key_does_anything() {
        let t0 = Instant::now();
        let mut d = CallDisplay::new(settings(), Lang::Zh, t0);
        for a in [Action::Input('1'), Action::Submit, Action::Back, Action::Home, Action::ToggleLang, Action::Select(0)]
        {
            assert_eq!(d.update(a, t0), Step::default());
        }
        assert_eq!(d.update(Action::StaffKey, t0), Step::switch(Switch::Exit));
    }
}
