//! Staff accounts (argon2id PIN hashes), staff PIN lock-out, and the kiosk's second-factor
//! lock-out counters. The rules (when to lock, how long to slow down) are pure, in
//! `domain::throttle`; this module keeps the counts.

use super::db::p;
use super::{time_text, Result, Store, StoreError};
use crate::domain::throttle::{Backoff, Lockout};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::NaiveDateTime;
use serde_json::json;
use std::sync::OnceLock;
use std::time::Duration;

pub use crate::domain::records::Role;

/// The answer to a staff PIN attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinCheck {
    /// The PIN is right; the failure count is cleared.
    Ok,
    /// The PIN is wrong.
    Denied {
        /// Wrong tries left before the staff id is locked.
        attempts_left: u32,
    },
    /// Too many failures for this staff id within the window: refused, right PIN or not, until
    /// the window has passed (or `certdesk staff unlock`).
    Locked {
        /// The lock-out window, in minutes.
        minutes: u32,
    },
}

/// A staff account, without its PIN hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    /// The staff ID staff sign in with.
    pub staff_id: String,
    /// The person's name, as shown on screens and records.
    pub name: String,
    /// What the account may do.
    pub role: Role,
    /// Whether the account may sign in; a deactivated account stays on record.
    pub active: bool,
}

/// PINs are typed on the numeric keypad: 4 to 12 digits.
pub fn validate_pin(pin: &str) -> std::result::Result<(), String> {
    if !(4..=12).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err("a staff PIN must be 4 to 12 digits".into());
    }
    Ok(())
}

fn hash_pin(pin: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Invalid(format!("cannot hash PIN: {e}")))
}

/// A hash nobody's PIN matches, verified against for unknown staff ids so that an unknown
/// id takes as long as a wrong PIN.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let pin: u64 = rand::random();
        hash_pin(&format!("decoy-{pin}")).unwrap_or_default()
    })
}

fn verify_pin(hash: &str, pin: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default().verify_password(pin.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// The staff aggregate: accounts, PINs and their lock-out at the counters (`staff.rs`) and at
/// the lobby's kiosks (`staff_lobby.rs`), through [`Store::staff`]. Borrows the store.
#[derive(Clone, Copy)]
pub struct Staff<'s> {
    pub(super) store: &'s Store,
}

impl Store {
    /// The staff aggregate.
    pub fn staff(&self) -> Staff<'_> {
        Staff { store: self }
    }
}

impl Store {
    /// How long kiosk `station` waits before answering the next identification (growing
    /// delays after failed second factors for any ID there; `domain::throttle`).
    pub fn factor_wait(&self, station: &str, now: NaiveDateTime, rule: Lockout, backoff: Backoff) -> Result<Duration> {
        let (n, last) = self.station_failures("factor_failures", station, rule.since(now))?;
        Ok(backoff.wait(n, last, now))
    }

    pub(crate) fn station_failures(
        &self,
        table: &str,
        station: &str,
        since: NaiveDateTime,
    ) -> Result<(u32, Option<NaiveDateTime>)> {
        let (n, last): (u32, Option<String>) = self.db.query_one(
            &format!("SELECT count(*), max(at) FROM {table} WHERE station = ?1 AND at >= ?2"),
            p![station, time_text(since)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok((n, last.as_deref().and_then(super::parse_time_text)))
    }

    /// Count one failed second factor for `id_key` (see [`Store::id_key`]) at `station`.
    pub fn record_factor_failure(&self, id_key: &str, station: &str, now: NaiveDateTime) -> Result<()> {
        self.db.execute(
            "INSERT INTO factor_failures (id_key, station, at) VALUES (?1, ?2, ?3)",
            p![id_key, station, time_text(now)],
        )?;
        Ok(())
    }

    /// Failures since `since` (inclusive): `(for this id at any station, at this station for
    /// any id)`.
    pub fn factor_failures_since(&self, id_key: &str, station: &str, since: NaiveDateTime) -> Result<(u32, u32)> {
        let since = time_text(since);
        let per_id: u32 =
            self.db.value("SELECT count(*) FROM factor_failures WHERE id_key = ?1 AND at >= ?2", p![id_key, since])?;
        let per_station: u32 = self
            .db
            .value("SELECT count(*) FROM factor_failures WHERE station = ?1 AND at >= ?2", p![station, since])?;
        Ok((per_id, per_station))
    }

    /// Forget the failures of one ID (after a successful second factor).
    pub fn clear_factor_failures(&self, id_key: &str) -> Result<()> {
        self.db.execute("DELETE FROM factor_failures WHERE id_key = ?1", p![id_key])?;
        Ok(())
    }

    /// Drop failures older than `before` (housekeeping; they no longer count in any window).
    pub fn prune_factor_failures(&self, before: NaiveDateTime) -> Result<usize> {
        Ok(self.db.execute("DELETE FROM factor_failures WHERE at < ?1", p![time_text(before)])? as usize)
    }
}

impl Staff<'_> {
    /// Add an account with a hashed PIN; refused for an empty id or name, a bad PIN or an id in use.
    pub fn add(&self, staff_id: &str, name: &str, pin: &str, role: Role) -> Result<()> {
        let staff_id = staff_id.trim();
        if staff_id.is_empty() || name.trim().is_empty() {
            return Err(StoreError::Invalid("staff id and name must not be empty".into()));
        }
        validate_pin(pin).map_err(StoreError::Invalid)?;
        if self.get(staff_id)?.is_some() {
            return Err(StoreError::Invalid(format!("staff id {staff_id} already exists")));
        }
        let hash = hash_pin(pin)?;
        self.store.db.execute(
            "INSERT INTO staff (staff_id, name, role, pin_hash, active) VALUES (?1, ?2, ?3, ?4, 1)",
            p![staff_id, name.trim(), role.as_str(), hash],
        )?;
        Ok(())
    }

    /// Replace an account's PIN; false when there is no such staff id.
    pub fn set_pin(&self, staff_id: &str, pin: &str) -> Result<bool> {
        validate_pin(pin).map_err(StoreError::Invalid)?;
        let hash = hash_pin(pin)?;
        Ok(self.store.db.execute("UPDATE staff SET pin_hash = ?2 WHERE staff_id = ?1", p![staff_id.trim(), hash])? == 1)
    }

    /// Allow or stop an account's sign-in; false when there is no such staff id.
    pub fn set_active(&self, staff_id: &str, active: bool) -> Result<bool> {
        Ok(self.store.db.execute("UPDATE staff SET active = ?2 WHERE staff_id = ?1", p![staff_id.trim(), active])? == 1)
    }

    /// An account by staff id.
    pub fn get(&self, staff_id: &str) -> Result<Option<StaffMember>> {
        self.store.db.query_opt(
            "SELECT staff_id, name, role, active FROM staff WHERE staff_id = ?1",
            p![staff_id.trim()],
            |r| {
                Ok(StaffMember {
                    staff_id: r.get(0)?,
                    name: r.get(1)?,
                    role: Role::parse(&r.get::<String>(2)?).unwrap_or(Role::Clerk),
                    active: r.get(3)?,
                })
            },
        )
    }

    /// Every account, by staff id.
    pub fn list(&self) -> Result<Vec<StaffMember>> {
        let ids: Vec<String> =
            self.store.db.query("SELECT staff_id FROM staff ORDER BY staff_id", p![], |r| r.get(0))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.get(&id)?);
        }
        Ok(out)
    }

    /// Whether `pin` is the PIN of an active staff member. Unknown ids, inactive accounts and
    /// database errors all answer false after the same argon2 work.
    pub fn check_pin(&self, staff_id: &str, pin: &str) -> bool {
        let row: Option<(String, bool)> = self
            .store
            .db
            .query_opt("SELECT pin_hash, active FROM staff WHERE staff_id = ?1", p![staff_id.trim()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap_or(None);
        match row {
            Some((hash, active)) => verify_pin(&hash, pin) && active,
            None => {
                let _ = verify_pin(decoy_hash(), pin);
                false
            }
        }
    }

    /// Check a staff PIN typed at `station` under the lock-out rule, audited: every failure
    /// (`staff.pin_failed`), the lock (`staff.locked`) and every attempt while locked
    /// (`staff.locked_attempt`). Unknown and inactive ids count like wrong PINs, so probing
    /// ids gets the same answers. Success clears the id's failures. Callers wait
    /// [`Store::staff_pin_wait`] first.
    pub fn verify_pin(
        &self,
        staff_id: &str,
        pin: &str,
        station: &str,
        now: NaiveDateTime,
        rule: Lockout,
    ) -> Result<PinCheck> {
        let reference = self.reference(staff_id)?;
        let staff_id = reference.as_str();
        let failures = self.failures(staff_id, now, rule)?;
        if rule.is_locked(failures) {
            self.store.audit().append(
                station,
                "staff.locked_attempt",
                json!({ "staff": staff_id, "failures": failures }),
                now,
            )?;
            return Ok(PinCheck::Locked { minutes: rule.window_minutes });
        }
        if self.check_pin(staff_id, pin) {
            self.store.db.execute("DELETE FROM pin_failures WHERE staff_id = ?1", p![staff_id])?;
            return Ok(PinCheck::Ok);
        }
        self.store.in_transaction(|s| {
            s.db.execute(
                "INSERT INTO pin_failures (staff_id, station, at) VALUES (?1, ?2, ?3)",
                p![staff_id, station, time_text(now)],
            )?;
            s.audit().append(station, "staff.pin_failed", json!({ "staff": staff_id }), now)?;
            let left = rule.left_after_failure(failures);
            if left == 0 {
                s.audit().append(
                    station,
                    "staff.locked",
                    json!({ "staff": staff_id, "minutes": rule.window_minutes, "failures": failures + 1 }),
                    now,
                )?;
                return Ok(PinCheck::Locked { minutes: rule.window_minutes });
            }
            Ok(PinCheck::Denied { attempts_left: left })
        })
    }

    /// What a typed staff id is counted and audited under. What was typed may be anything, an
    /// ID number included (a card swiped at the wrong prompt): an id that is no staff member's
    /// is counted and audited under a keyed hash, so no raw ID number reaches pin_failures or
    /// the audit log (SPEC §6).
    pub(crate) fn reference(&self, staff_id: &str) -> Result<String> {
        let typed = staff_id.trim();
        let known =
            self.store.db.query_opt("SELECT 1 FROM staff WHERE staff_id = ?1", p![typed], |_| Ok(()))?.is_some();
        Ok(if known { typed.to_string() } else { format!("unknown:{}", &self.store.id_key(typed)[..16]) })
    }

    /// Failed PINs for `reference` (see [`Store::staff_reference`]) within the rule's window
    /// ending at `now`, wherever they were typed at a counter.
    pub(crate) fn failures(&self, reference: &str, now: NaiveDateTime, rule: Lockout) -> Result<u32> {
        let since = time_text(rule.since(now));
        self.store.db.value("SELECT count(*) FROM pin_failures WHERE staff_id = ?1 AND at >= ?2", p![reference, since])
    }

    /// How long `station` waits before answering the next staff PIN attempt (growing delays
    /// after failures for any id: stops walking through staff ids).
    pub fn pin_wait(&self, station: &str, now: NaiveDateTime, rule: Lockout, backoff: Backoff) -> Result<Duration> {
        let (n, last) = self.store.station_failures("pin_failures", station, rule.since(now))?;
        Ok(backoff.wait(n, last, now))
    }

    /// Lift a staff lock (an administrator's decision; the caller audits it).
    pub fn clear_failures(&self, staff_id: &str) -> Result<usize> {
        Ok(self.store.db.execute("DELETE FROM pin_failures WHERE staff_id = ?1", p![staff_id.trim()])? as usize)
    }
}
