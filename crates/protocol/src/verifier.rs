//! What the verifier station asks of the service, and the domain results that come back.

use crate::seal::{ListInfo, Verification};

/// A request to the service.
#[derive(Clone, PartialEq, Eq)]
pub enum Effect {
    /// Verify a scanned burst (as typed; the service normalises case) and log the scan.
    Scan(String),
    /// Today's verdict counts (for the waiting screen at start).
    Counts,
}

// The burst holds a name and a masked ID: logs of effects show only its length.
impl std::fmt::Debug for Effect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Effect::Scan(s) => write!(f, "Scan({} chars)", s.chars().count()),
            Effect::Counts => write!(f, "Counts"),
        }
    }
}

/// Today's scans by verdict word (`valid`, `revoked`, ...), sorted by word.
pub type Counts = Vec<(String, u32)>;

/// The scan log rows not yet in the database, and whether the database is out of reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Spool {
    /// Scan log rows waiting for the database.
    pub waiting: usize,
    /// The last attempt to reach the database failed (a hall's server that is down or
    /// unreachable); the rows are written automatically when it answers.
    pub offline: bool,
}

/// What the verifier station gets back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `list`: the station's revocation list at the time of the scan. Given at once: the
    /// scan's log row is written afterwards (a `Spool` report says how many wait).
    Verified {
        /// What the code is worth and what it says.
        verification: Box<Verification>,
        /// Today's counts, this scan included.
        counts: Counts,
        /// The revocation list's date and age.
        list: ListInfo,
    },
    /// A counter document's code (`CDA:`, issue 16) was scanned: which document, and whether
    /// the registry holds it unchanged. Logged like a slip's scan (verdict word `document_…`).
    Document {
        /// What the code names and what was found.
        verdict: Box<crate::verifier_doc::DocVerdict>,
        /// Today's counts, this scan included.
        counts: Counts,
    },
    /// Today's counts and the list (the waiting screen).
    Counts {
        /// Today's counts.
        counts: Counts,
        /// The revocation list's date and age.
        list: ListInfo,
    },
    /// Reported on each change of the scan log's queue (a scan queued, an attempt to reach
    /// the database finished), in the order of the changes.
    Spool {
        /// Today's counts.
        counts: Counts,
        /// The scan log rows still waiting.
        spool: Spool,
    },
    /// A scan row could not be written for a reason other than an outage (a broken database):
    /// the station is out of order until someone looks.
    LogFailed,
}
