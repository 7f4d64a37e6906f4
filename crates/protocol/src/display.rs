//! What the hall's call display (`certdesk display`) asks of the service, and the calls that
//! come back. Tickets and counters only: nothing about the visitors.

use crate::domain::records::Ticket;

/// What the hall's call display asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// The latest calls of today (at most `shown`) and how many still wait.
    Poll {
        /// How many calls at most.
        shown: usize,
    },
}

/// One call as the hall sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// A001, B012, …
    pub label: String,
    /// The counter (窗口) it is called to.
    pub counter: u32,
}

impl Call {
    /// The call of a called ticket (`None` for one never called to a counter).
    pub fn of(t: &Ticket) -> Option<Call> {
        Some(Call { label: t.label.clone(), counter: t.counter? })
    }
}

/// What the call display gets back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Newest call first; `waiting`: tickets not yet called today.
    Calls {
        /// The calls, newest first.
        calls: Vec<Call>,
        /// Tickets not yet called today.
        waiting: u32,
    },
}
