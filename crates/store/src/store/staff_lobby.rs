//! Staff PINs typed at a public kiosk (the lobby's staff key, F12), counted per terminal and
//! never against the staff member's account (issue 17 §1).
//!
//! At a counter (the desk, the command line, a supervisor's approval) wrong PINs count against
//! the staff number and lock it (`verify_staff_pin`): whoever types there is behind the counter.
//! At the kiosk anyone from the street can type any staff number; if those failures counted
//! against the number, a visitor could keep the supervisor out all day with five wrong PINs
//! every 15 minutes. So here failures count against the *terminal*: it slows down (the
//! station's growing delays) and after `max` failures within the window its staff key refuses
//! every PIN, right or wrong, until the window has passed. The account's own lock is read (a
//! number locked at the counter is locked here too) but never written. docs/hardening.md says
//! what an attacker at the kiosk can and cannot do.

use super::db::p;
use super::staff::{PinCheck, Staff};
use super::{time_text, Result};
use crate::domain::throttle::{Backoff, Lockout};
use chrono::NaiveDateTime;
use serde_json::json;
use std::time::Duration;

impl Staff<'_> {
    /// Check a staff PIN typed at kiosk `station` (see the module's comment). Audited: every
    /// failure (`staff.pin_failed` with `"at": "lobby"`), the terminal's lock
    /// (`kiosk.staff_key_locked`) and every attempt while the terminal or the account is locked.
    /// Callers wait [`Store::lobby_pin_wait`] first.
    pub fn verify_lobby_pin(
        &self,
        staff_id: &str,
        pin: &str,
        station: &str,
        now: NaiveDateTime,
        rule: Lockout,
    ) -> Result<PinCheck> {
        let reference = self.reference(staff_id)?;
        let since = time_text(rule.since(now));
        let at_terminal: u32 = self
            .store
            .db
            .value("SELECT count(*) FROM lobby_pin_failures WHERE station = ?1 AND at >= ?2", p![station, since])?;
        if rule.is_locked(at_terminal) {
            self.store.audit().append(
                station,
                "kiosk.staff_key_locked_attempt",
                json!({ "staff": reference, "failures": at_terminal }),
                now,
            )?;
            return Ok(PinCheck::Locked { minutes: rule.window_minutes });
        }
        let for_account = self.failures(&reference, now, rule)?;
        if rule.is_locked(for_account) {
            self.store.audit().append(
                station,
                "staff.locked_attempt",
                json!({ "staff": reference, "at": "lobby" }),
                now,
            )?;
            return Ok(PinCheck::Locked { minutes: rule.window_minutes });
        }
        if self.check_pin(&reference, pin) {
            // Staff stand at the terminal: what was typed before them no longer counts.
            self.store.db.execute("DELETE FROM lobby_pin_failures WHERE station = ?1", p![station])?;
            return Ok(PinCheck::Ok);
        }
        self.store.in_transaction(|s| {
            s.db.execute("INSERT INTO lobby_pin_failures (station, at) VALUES (?1, ?2)", p![station, time_text(now)])?;
            s.audit().append(station, "staff.pin_failed", json!({ "staff": reference, "at": "lobby" }), now)?;
            let left = rule.left_after_failure(at_terminal);
            if left == 0 {
                s.audit().append(
                    station,
                    "kiosk.staff_key_locked",
                    json!({ "minutes": rule.window_minutes, "failures": at_terminal + 1 }),
                    now,
                )?;
                return Ok(PinCheck::Locked { minutes: rule.window_minutes });
            }
            Ok(PinCheck::Denied { attempts_left: left })
        })
    }

    /// How long kiosk `station` waits before answering the next staff PIN (growing delays after
    /// the failures typed there, `domain::throttle`).
    pub fn lobby_pin_wait(
        &self,
        station: &str,
        now: NaiveDateTime,
        rule: Lockout,
        backoff: Backoff,
    ) -> Result<Duration> {
        let (n, last) = self.store.station_failures("lobby_pin_failures", station, rule.since(now))?;
        Ok(backoff.wait(n, last, now))
    }

    /// Lift a kiosk terminal's staff-key lock (an administrator's decision; the caller audits
    /// it).
    pub fn clear_lobby_failures(&self, station: &str) -> Result<usize> {
        Ok(self.store.db.execute("DELETE FROM lobby_pin_failures WHERE station = ?1", p![station.trim()])? as usize)
    }
}
