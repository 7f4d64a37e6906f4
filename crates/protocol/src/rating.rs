//! What the rating screen asks of the service, and the domain results that come back.

use crate::domain::intake::Rating;
use crate::domain::loops::BadReason;

/// What the rating screen asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Is a rating waiting at this counter? `idle`: the screen shows nothing else, so the
    /// service may wait a moment for the desk's nudge (PostgreSQL LISTEN) before answering.
    Poll {
        /// The counter the screen stands at.
        counter: u32,
        /// Whether the screen is idle.
        idle: bool,
    },
    /// Record the visitor's choice for the request the screen showed.
    Rate {
        /// The counter the screen stands at.
        counter: u32,
        /// The request shown.
        request: i64,
        /// The visitor's choice.
        rating: Rating,
    },
    /// The reason the visitor touched for the bad rating of `request` (issue 15).
    Reason {
        /// The counter the screen stands at.
        counter: u32,
        /// The rated request.
        request: i64,
        /// The reason touched.
        reason: BadReason,
    },
}

/// A rating request as the visitor may see it: the case number and who served them, nothing
/// about the visitor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    /// The rating request's id.
    pub request: i64,
    /// The case served, if any.
    pub case_number: String,
    /// The staff number of who served.
    pub staff_id: String,
    /// Their name, when the desk shows it.
    pub staff_name: Option<String>,
}

/// What the rating screen gets back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The answer to a poll.
    Pending(Option<Ask>),
    /// Stored; `followup` when a bad rating opened a follow-up task.
    Rated {
        /// The request rated.
        request: i64,
        /// Whether a follow-up was opened.
        followup: bool,
    },
    /// The request was rated already or withdrawn (the desk asked for another service).
    NotPending {
        /// The request.
        request: i64,
    },
    /// The reason was stored with the rating.
    ReasonRecorded {
        /// The request.
        request: i64,
    },
}
