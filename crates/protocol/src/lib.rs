//! The protocol between certdesk's screens and its services: the requests a mode makes
//! ([`Effect`]) and the domain results that come back ([`Outcome`]), as plain types over the
//! domain, and the [`Services`] contract the TUI's worker calls. The TUI depends on this crate
//! and never on the store; `certdesk-core` implements [`Services`].

#![deny(missing_docs)]

pub mod desk;
pub mod desk_pledge;
pub mod desk_reports;
pub mod desk_time;
pub mod display;
pub mod kiosk;
pub mod rating;
pub mod staff;
pub mod verifier;
pub mod verifier_doc;

use std::time::Duration;

// The layers below, under the names the protocol's modules have always used.
use certdesk_domain::{domain, report};
use certdesk_seal::seal;

/// A side effect requested by a mode, addressed to the part of the service that runs it.
/// Raw ID numbers and PINs travel only in memory, to the worker; `Debug` masks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// The kiosk's request.
    Kiosk(kiosk::Effect),
    /// The desk's request.
    Desk(desk::Effect),
    /// A staff sign-in or sign-out.
    Staff(staff::Effect),
    /// The rating screen's request.
    Rating(rating::Effect),
    /// The verifier station's request.
    Verifier(verifier::Effect),
    /// The hall's call display (issue 15).
    Display(display::Effect),
}

/// The result of an effect, as a domain result (no screen text: the mode picks the words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The kiosk's result.
    Kiosk(kiosk::Outcome),
    /// Boxed: case records are large next to the other outcomes.
    Desk(Box<desk::Outcome>),
    /// A staff sign-in's result.
    Staff(staff::Outcome),
    /// The rating screen's result.
    Rating(rating::Outcome),
    /// The verifier station's result.
    Verifier(verifier::Outcome),
    /// The call display's result.
    Display(display::Outcome),
    /// Something the person at the screen cannot fix (database error...). Logged by the service.
    ServiceError,
    /// The station must not serve (the database failed its integrity check at start).
    OutOfService,
    /// The database server cannot be reached (a hall's PostgreSQL went away): the station shows
    /// its out-of-service screen; the worker reconnects by itself and then reports
    /// [`Outcome::Restored`].
    Unavailable,
    /// The database server answers again (after [`Outcome::Unavailable`]).
    Restored,
}

impl From<kiosk::Effect> for Effect {
    fn from(e: kiosk::Effect) -> Effect {
        Effect::Kiosk(e)
    }
}
impl From<staff::Effect> for Effect {
    fn from(e: staff::Effect) -> Effect {
        Effect::Staff(e)
    }
}
impl From<kiosk::Outcome> for Outcome {
    fn from(o: kiosk::Outcome) -> Outcome {
        Outcome::Kiosk(o)
    }
}
impl From<desk::Effect> for Effect {
    fn from(e: desk::Effect) -> Effect {
        Effect::Desk(e)
    }
}
impl From<desk::Outcome> for Outcome {
    fn from(o: desk::Outcome) -> Outcome {
        Outcome::Desk(Box::new(o))
    }
}
impl From<rating::Effect> for Effect {
    fn from(e: rating::Effect) -> Effect {
        Effect::Rating(e)
    }
}
impl From<rating::Outcome> for Outcome {
    fn from(o: rating::Outcome) -> Outcome {
        Outcome::Rating(o)
    }
}
impl From<staff::Outcome> for Outcome {
    fn from(o: staff::Outcome) -> Outcome {
        Outcome::Staff(o)
    }
}

impl From<display::Effect> for Effect {
    fn from(e: display::Effect) -> Effect {
        Effect::Display(e)
    }
}
impl From<display::Outcome> for Outcome {
    fn from(o: display::Outcome) -> Outcome {
        Outcome::Display(o)
    }
}

impl From<verifier::Effect> for Effect {
    fn from(e: verifier::Effect) -> Effect {
        Effect::Verifier(e)
    }
}
impl From<verifier::Outcome> for Outcome {
    fn from(o: verifier::Outcome) -> Outcome {
        Outcome::Verifier(o)
    }
}

/// What the TUI's worker needs from the rest of certdesk: carry out a request, return its result.
/// The live implementation is `certdesk_core::service::Live`; the binary hands it to the TUI.
pub trait Services: Send {
    /// Carry out one effect. `progress` may be called any number of times before returning.
    /// Returns `None` for effects that have no result (e.g. ending a session).
    fn run(&mut self, effect: Effect, progress: &mut dyn FnMut(Outcome)) -> Option<Outcome>;

    /// Work to start once when the worker starts, after the UI has drawn its first frame (e.g. the
    /// database integrity check). Long work must run on its own thread so that effects are not
    /// delayed; anything it reports (`OutOfService`) reaches the mode like any outcome.
    fn startup(&mut self, report: Box<dyn Fn(Outcome) + Send>) {
        let _ = report;
    }

    /// While the services wait for something outside them to come back (a database server that
    /// went away), how long until [`Services::retry`] should run if no effect comes first.
    /// `None`: nothing to retry (the worker just waits for effects).
    fn retry_after(&self) -> Option<Duration> {
        None
    }

    /// Try again (reconnect, record what waited). An outcome to report to the mode, e.g.
    /// [`Outcome::Restored`]; `None` if still waiting.
    fn retry(&mut self) -> Option<Outcome> {
        None
    }
}
