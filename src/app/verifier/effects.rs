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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `list`: the station's revocation list at the time of the scan.
    Verified {
        verification: Box<Verification>,
        counts: Counts,
        list: ListInfo,
    },
    Counts {
        counts: Counts,
        list: ListInfo,
    },
}
