//! The one gate every staff PIN goes through: sign-in at the desk and at the kiosk's staff key,
//! a supervisor's approval on the spot, staff actions on the command line (issue 17 §1, §9,
//! §10). Same throttling and the same audit wherever the PIN is typed; only *where* decides
//! what failures count against (`Place`).

use crate::clock::Clock;
use crate::config::Config;
use crate::domain::throttle::{Backoff, Lockout};
use crate::store::staff::{PinCheck, StaffMember};
use crate::store::{Result, Store};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

/// Where a PIN is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Behind the counter (the desk, the command line, a supervisor's approval): failures count
    /// against the staff number and lock it (`Store::verify_staff_pin`).
    Counter,
    /// The public kiosk's staff key: failures count against the terminal only, never the
    /// account (`Store::verify_lobby_staff_pin`), so a visitor cannot lock staff out.
    Lobby,
}

/// How the gate waits out the station's growing delay (a real sleep in the product; tests pass
/// one that records the waits instead of spending them).
pub type Pause = Arc<dyn Fn(Duration) + Send + Sync>;

/// The product's pause: sleep the calling (worker or CLI) thread.
pub fn sleep() -> Pause {
    Arc::new(std::thread::sleep)
}

/// The staff lock-out rule of a home (the kiosk's limits: `kiosk.max_factor_failures` within
/// `kiosk.factor_window_minutes`).
pub fn lockout(config: &Config) -> Lockout {
    Lockout { max: config.kiosk.max_factor_failures, window_minutes: config.kiosk.factor_window_minutes }
}

/// The answer to a sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignIn {
    /// The PIN is right: who signed in.
    Ok(StaffMember),
    /// The PIN is wrong.
    Denied {
        /// Tries left before the lock-out.
        attempts_left: u32,
    },
    /// Too many wrong PINs: locked for a while.
    Locked {
        /// Minutes until the next try is allowed.
        minutes: u32,
    },
}

/// One station's PIN gate.
pub struct PinGate<'a> {
    /// The database the failures are counted in.
    pub store: &'a Store,
    /// The station's name.
    pub station: &'a str,
    /// The clock the windows are counted on.
    pub clock: &'a Clock,
    /// How many failures lock, within which window.
    pub rule: Lockout,
    /// Where the PIN is typed (a counter, or the lobby's kiosk), which decides what is counted.
    pub place: Place,
    /// How the gate waits out a wrong PIN's delay (a real sleep; tests record it).
    pub pause: &'a Pause,
}

impl PinGate<'_> {
    /// Wait the station's growing delay (before every answer, right or wrong:
    /// `domain::throttle`), then check the PIN where it was typed. Failures and locks are
    /// audited by the store.
    pub fn check(&self, staff_id: &str, pin: &str) -> Result<PinCheck> {
        let before = self.clock.now();
        let wait = match self.place {
            Place::Counter => self.store.staff().pin_wait(self.station, before, self.rule, Backoff::KIOSK)?,
            Place::Lobby => self.store.staff().lobby_pin_wait(self.station, before, self.rule, Backoff::KIOSK)?,
        };
        if !wait.is_zero() {
            (self.pause)(wait);
        }
        let now = self.clock.now();
        match self.place {
            Place::Counter => self.store.staff().verify_pin(staff_id, pin, self.station, now, self.rule),
            Place::Lobby => self.store.staff().verify_lobby_pin(staff_id, pin, self.station, now, self.rule),
        }
    }

    /// Sign a staff member in: [`PinGate::check`], then the success audited as `action`
    /// (`desk.login`, `kiosk.staff_exit`, `cli.staff_verified` …) with the verified number.
    pub fn sign_in(&self, staff_id: &str, pin: &str, action: &str) -> Result<SignIn> {
        match self.check(staff_id, pin)? {
            PinCheck::Ok => {}
            PinCheck::Denied { attempts_left } => return Ok(SignIn::Denied { attempts_left }),
            PinCheck::Locked { minutes } => return Ok(SignIn::Locked { minutes }),
        }
        // The PIN matched an active member (check_staff_pin); a member disabled in between
        // is refused like a wrong PIN.
        let Some(m) = self.store.staff().get(staff_id)?.filter(|m| m.active) else {
            return Ok(SignIn::Denied { attempts_left: 0 });
        };
        let at = self.clock.now();
        let detail = match self.place {
            Place::Counter => json!({ "staff": m.staff_id }),
            Place::Lobby => json!({ "staff": m.staff_id, "at": "lobby" }),
        };
        self.store.audit().append(self.station, action, detail, at)?;
        Ok(SignIn::Ok(m))
    }

    /// A staff member proving who acts on the command line: [`PinGate::sign_in`] audited as
    /// `cli.staff_verified` with the command they are about to run.
    pub fn check_and_audit(&self, staff_id: &str, pin: &str, command: &str) -> Result<SignIn> {
        let signed = self.sign_in(staff_id, pin, "cli.staff_verified")?;
        if let SignIn::Ok(m) = &signed {
            // The sign-in's entry names the member; this one what for.
            self.store.audit().append(
                self.station,
                "cli.staff_acts",
                json!({ "staff": m.staff_id, "command": command }),
                self.clock.now(),
            )?;
        }
        Ok(signed)
    }
}
