//! Appointments (预约服务, issue 15): booking a slot, the day's and the coming days' lists, one
//! appointment, whether a slot is taken, cancelling. Arriving for one takes a queue ticket
//! ([`super::tickets::Tickets::arrive`]). Tables: the front-desk migration in [`super::schema`].

use super::cases::{appointment_from_row, clean, clean_code, clean_opt, Appointment, APPOINTMENT_COLS};
use super::db::p;
use super::desk_extra::MAX_CANCEL_REASON;
use super::{date_text, time_text, Result, Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

/// The appointments aggregate (预约服务): booked slots, their lists and cancellations, through
/// [`Store::appointments`]. Borrows the store.
#[derive(Clone, Copy)]
pub struct Appointments<'s> {
    pub(super) store: &'s Store,
}

impl Store {
    /// The appointments aggregate.
    pub fn appointments(&self) -> Appointments<'_> {
        Appointments { store: self }
    }
}

impl Appointments<'_> {
    /// Book an appointment (预约服务); `extended` marks a weekend or after-hours slot (延时服务).
    #[allow(clippy::too_many_arguments)]
    pub fn book(
        &self,
        day: NaiveDate,
        slot: &str,
        extended: bool,
        name: &str,
        phone: Option<&str>,
        matter: &str,
        enterprise: Option<&str>,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<i64> {
        let slot = clean_code(slot, 5, "slot")?;
        if chrono::NaiveTime::parse_from_str(&slot, "%H:%M").is_err() {
            return Err(StoreError::Invalid(format!("slot \"{slot}\" is not HH:MM")));
        }
        let name = clean(name, 64, "name")?;
        if name.is_empty() {
            return Err(StoreError::Invalid("an appointment needs a name".into()));
        }
        let phone = clean_opt(phone, 32, "phone")?;
        let enterprise = clean_opt(enterprise, 128, "enterprise")?;
        self.store.db.write(|| {
            // One visitor per slot: checked inside the write transaction (the hall lock), so two
            // counters cannot book the same slot at once. A cancelled appointment frees it.
            if self.slot_booked(day, &slot)? {
                return Err(StoreError::Invalid(format!("the slot {} {slot} is already booked", date_text(day))));
            }
            let id: i64 = self.store.db.value(
                "INSERT INTO desk_appointments (day, slot, extended, name, phone, matter, enterprise, \
                 created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
                p![date_text(day), slot, extended, name, phone, matter, enterprise, time_text(now), staff],
            )?;
            self.store.audit().append(
                staff,
                "desk.appointment_booked",
                json!({ "appointment": id, "day": date_text(day), "slot": slot, "extended": extended, "matter": matter }),
                now,
            )?;
            Ok(id)
        })
    }

    /// Appointments booked for `day`, by slot.
    pub fn on(&self, day: NaiveDate) -> Result<Vec<Appointment>> {
        self.store.db.query(
            &format!("SELECT {APPOINTMENT_COLS} FROM desk_appointments WHERE day = ?1 ORDER BY slot, id"),
            p![date_text(day)],
            appointment_from_row,
        )
    }

    /// Appointments on `from` and after (every state on `from`, booked ones later), by day and
    /// slot; at most `limit`.
    pub fn from(&self, from: NaiveDate, limit: usize) -> Result<Vec<Appointment>> {
        self.store.db.query(
            &format!(
                "SELECT {APPOINTMENT_COLS} FROM desk_appointments \
                 WHERE day = ?1 OR (day > ?1 AND state = 'booked') ORDER BY day, slot, id LIMIT ?2"
            ),
            p![date_text(from), limit as i64],
            appointment_from_row,
        )
    }

    /// One appointment by its id, in any state.
    pub fn get(&self, id: i64) -> Result<Option<Appointment>> {
        self.store.db.query_opt(
            &format!("SELECT {APPOINTMENT_COLS} FROM desk_appointments WHERE id = ?1"),
            p![id],
            appointment_from_row,
        )
    }

    /// Whether `slot` on `day` holds a booked appointment (an arrived or cancelled one does not
    /// hold it).
    pub fn slot_booked(&self, day: NaiveDate, slot: &str) -> Result<bool> {
        let n: i64 = self.store.db.value(
            "SELECT count(*) FROM desk_appointments WHERE day = ?1 AND slot = ?2 AND state = 'booked'",
            p![date_text(day), slot.trim()],
        )?;
        Ok(n > 0)
    }

    /// Cancel a booked appointment with staff's reason: its state, the reason, who and when in
    /// one transaction with the `desk.appointment_cancelled` audit entry. The slot is free again
    /// and the appointment can no longer turn into a ticket ([`Tickets::arrive`] refuses it). An
    /// arrived or already cancelled appointment is refused. The reason is trimmed, bounded and
    /// free of control characters; an ID number in it is kept masked (SPEC §6).
    pub fn cancel(&self, id: i64, reason: &str, staff: &str, now: NaiveDateTime) -> Result<Appointment> {
        let reason = clean(&crate::domain::id::mask_in_text(reason), MAX_CANCEL_REASON, "the reason")?;
        if reason.is_empty() {
            return Err(StoreError::Invalid("a cancelled appointment needs a reason".into()));
        }
        self.store.db.write(|| {
            let a = self.get(id)?.ok_or_else(|| StoreError::Invalid(format!("no appointment {id}")))?;
            if a.state != "booked" {
                return Err(StoreError::Invalid(format!("appointment {id} is {}, not booked", a.state)));
            }
            let n = self.store.db.execute(
                "UPDATE desk_appointments SET state = 'cancelled', cancel_reason = ?2, cancelled_at = ?3, \
                 cancelled_by = ?4 WHERE id = ?1 AND state = 'booked'",
                p![id, reason.as_str(), time_text(now), staff],
            )?;
            if n != 1 {
                return Err(StoreError::Invalid(format!("appointment {id} changed meanwhile")));
            }
            self.store.audit().append(
                staff,
                "desk.appointment_cancelled",
                json!({ "appointment": id, "day": date_text(a.day), "slot": a.slot, "reason": reason }),
                now,
            )?;
            self.get(id)?.ok_or_else(|| StoreError::Invalid(format!("appointment {id} vanished")))
        })
    }
}
