//! What the hall's call display (`certdesk display`) asks of the service, and the calls that
//! come back. Tickets and counters only: nothing about the visitors.

use crate::domain::records::Ticket;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// The latest calls of today (at most `shown`) and how many still wait.
    Poll { shown: usize },
}

/// One call as the hall sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// A001, B012, …
    pub label: String,
    pub counter: u32,
}

impl Call {
    /// The call of a called ticket (`None` for one never called to a counter).
    pub fn of(t: &Ticket) -> Option<Call> {
        Some(Call { label: t.label.clone(), counter: t.counter? })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Newest call first; `waiting`: tickets not yet called today.
    Calls { calls: Vec<Call>, waiting: u32 },
}
