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

#[derive(Clone, PartialEq, Eq)]
pub enum Effect {
    Login {
        staff_id: String,
        pin: String,
        purpose: Purpose,
    },
    /// The staff member logged out (audited).
    Logout {
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
    pub staff_id: String,
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Accepted(StaffSession),
    /// Unknown staff number, disabled account or wrong PIN all look the same.
    Denied,
    /// Too many wrong PINs: the account is locked for `minutes`.
    Locked {
        minutes: u32,
    },
    LoggedOut,
}
