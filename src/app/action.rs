//! Actions (what the user asked for), effects (side effects the app asks the worker to run) and
//! outcomes (what came back). Actions are serde so flows can be recorded and replayed.

use crate::domain::{CertKind, Status};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// A character typed on the keypad, keyboard or by a card reader burst.
    Input(char),
    Backspace,
    Clear,
    /// Enter, Ctrl-J, Tab (end of a reader burst) or the on-screen OK button.
    Submit,
    /// Esc or the on-screen Back button.
    Back,
    /// Return to the attract screen, wiping the session.
    Home,
    Start,
    ToggleLang,
    Up,
    Down,
    /// Touch on the n-th item of a list.
    Select(usize),
    Print,
    /// The staff key (F12 or a key switch mapped to it).
    StaffKey,
    /// Clock tick, for idle timeouts.
    Tick,
}

/// A side effect requested by a mode. The raw ID number travels only in memory, to the worker.
#[derive(Clone, PartialEq, Eq)]
pub enum Effect {
    Identify {
        id: String,
        factor: String,
    },
    Print {
        cert: crate::store::CertId,
    },
    CheckStaff {
        staff_id: String,
        pin: String,
    },
    /// A holder's session ended (timeout, done, home): the worker forgets anything it cached.
    EndSession {
        reason: &'static str,
    },
}

impl std::fmt::Debug for Effect {
    // Never print the ID number or secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Effect::Identify { id, .. } => write!(f, "Identify({})", crate::domain::id::mask(id)),
            Effect::Print { .. } => write!(f, "Print"),
            Effect::CheckStaff { staff_id, .. } => write!(f, "CheckStaff({staff_id})"),
            Effect::EndSession { reason } => write!(f, "EndSession({reason})"),
        }
    }
}

/// Why a reminder is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderKind {
    Review,
    Expiry,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub kind: ReminderKind,
    pub days: i64,
    pub materials_zh: String,
    pub materials_en: String,
}

/// A certificate as the kiosk shows it (already computed for today).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertView {
    /// The certificate's row id, to ask for a print (a holder's 特种作业操作证 share one number).
    pub id: crate::store::CertId,
    pub masked_number: String,
    pub kind: CertKind,
    pub scope: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub review_due: Option<NaiveDate>,
    pub status: Status,
    pub reminder: Option<Reminder>,
}

impl CertView {
    pub fn printable(&self) -> bool {
        // A slip of an expired or invalid certificate still verifies as such, but the kiosk is for
        // holders' own valid certificates; the counter handles the rest.
        self.status.is_usable()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Identity {
    pub name: String,
    pub masked_id: String,
    pub certs: Vec<CertView>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintStage {
    Prepare,
    Send,
    Confirm,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Identified(Identity),
    /// Unknown ID, wrong factor and no factor on record all look the same.
    Denied {
        attempts_left: u32,
    },
    Locked {
        minutes: u32,
    },
    PrintStage(PrintStage),
    Printed {
        serial: u64,
        preview: String,
    },
    /// The job is recorded (serial) and kept for staff to reprint.
    PrintFailed {
        serial: Option<u64>,
        zh: String,
        en: String,
    },
    PrintLimit {
        max: u32,
    },
    StaffOk,
    StaffDenied,
    /// Something the holder cannot fix (database error...). Logged by the worker.
    ServiceError,
    /// The kiosk must not serve (the database failed its integrity check at start).
    OutOfService,
}
