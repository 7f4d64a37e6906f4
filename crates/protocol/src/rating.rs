//! What the rating screen asks of the service, and the domain results that come back.

use crate::domain::intake::Rating;
use crate::domain::loops::BadReason;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Is a rating waiting at this counter? `idle`: the screen shows nothing else, so the
    /// service may wait a moment for the desk's nudge (PostgreSQL LISTEN) before answering.
    Poll { counter: u32, idle: bool },
    /// Record the visitor's choice for the request the screen showed.
    Rate { counter: u32, request: i64, rating: Rating },
    /// The reason the visitor touched for the bad rating of `request` (issue 15).
    Reason { counter: u32, request: i64, reason: BadReason },
}

/// A rating request as the visitor may see it: the case number and who served them, nothing
/// about the visitor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub request: i64,
    pub case_number: String,
    pub staff_id: String,
    pub staff_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The answer to a poll.
    Pending(Option<Ask>),
    /// Stored; `followup` when a bad rating opened a follow-up task.
    Rated { request: i64, followup: bool },
    /// The request was rated already or withdrawn (the desk asked for another service).
    NotPending { request: i64 },
    /// The reason was stored with the rating.
    ReasonRecorded { request: i64 },
}
