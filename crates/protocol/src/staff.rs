//! Staff sign-in, shared by every mode that lets staff in (the kiosk's staff key, the desk's
//! login): the effect that checks a staff number and PIN, and its domain result.

use crate::domain::records::Role;

/// Why the PIN is asked (the audit log records the purpose).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The kiosk's staff key: leave the kiosk (to the desk, or out).
    KioskExit,
    /// Log in at the desk.
    DeskLogin,
}

/// A staff request.
#[derive(Clone, PartialEq, Eq)]
pub enum Effect {
    /// Check a staff number and PIN.
    Login {
        /// The staff number.
        staff_id: String,
        /// The PIN (never logged).
        pin: String,
        /// Why it is asked.
        purpose: Purpose,
    },
    /// The staff member logged out (audited).
    Logout {
        /// The staff number.
        staff_id: String,
    },
}

impl std::fmt::Debug for Effect {
    // Never print a PIN.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Effect::Login { staff_id, purpose, .. } => write!(f, "Login({staff_id}, {purpose:?})"),
            Effect::Logout { staff_id } => write!(f, "Logout({staff_id})"),
        }
    }
}

/// A signed-in staff member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSession {
    /// The staff number.
    pub staff_id: String,
    /// The staff member's name.
    pub name: String,
    /// What they may do.
    pub role: Role,
}

/// A staff request's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The PIN is right: who signed in.
    Accepted(StaffSession),
    /// Unknown staff number, disabled account or wrong PIN all look the same.
    Denied,
    /// Too many wrong PINs: the account is locked for `minutes`.
    Locked {
        /// Minutes until the next try is allowed.
        minutes: u32,
    },
    /// The sign-out is recorded.
    LoggedOut,
}
