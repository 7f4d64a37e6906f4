//! Queue tickets (取号, issue 15): taking one at the kiosk or on arrival for an appointment,
//! calling the next, a ticket that left, the day's list, and what the hall's call display
//! shows. Tables: the front-desk and hall migrations in [`super::schema`].

use super::cases::{ticket_from_row, Ticket, TicketId, TICKET_COLS};
use super::db::p;
use super::{date_text, time_text, Result, Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

/// The tickets aggregate (取号): queue tickets taken, called, served or left, and the hall's
/// call display, through [`Store::tickets`]. Borrows the store.
#[derive(Clone, Copy)]
pub struct Tickets<'s> {
    pub(super) store: &'s Store,
}

impl Store {
    /// The queue tickets aggregate.
    pub fn tickets(&self) -> Tickets<'_> {
        Tickets { store: self }
    }
}

impl Tickets<'_> {
    /// Issue the next ticket of `prefix` on `day` (call inside a write transaction: the number
    /// is read then written, so the write lock keeps it unique across the hall's terminals).
    fn insert(
        &self,
        day: NaiveDate,
        prefix: char,
        matter: Option<&str>,
        appointment: Option<i64>,
        now: NaiveDateTime,
    ) -> Result<Ticket> {
        let next: u32 = self.store.db.value(
            "SELECT coalesce(max(number), 0) + 1 FROM desk_tickets WHERE day = ?1 AND prefix = ?2",
            p![date_text(day), prefix.to_string()],
        )?;
        if next > 999 {
            return Err(StoreError::Invalid(format!("queue {prefix} has given out 999 tickets today")));
        }
        let id: TicketId = self.store.db.value(
            "INSERT INTO desk_tickets (day, prefix, number, matter, appointment_id, issued_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
            p![date_text(day), prefix.to_string(), next, matter, appointment, time_text(now)],
        )?;
        self.get(id)?.ok_or_else(|| StoreError::Invalid("ticket vanished".into()))
    }

    /// Take a walk-in ticket (A001, A002, … per day).
    pub fn take(&self, day: NaiveDate, matter: Option<&str>, station: &str, now: NaiveDateTime) -> Result<Ticket> {
        self.store.db.write(|| {
            let t = self.insert(day, 'A', matter, None, now)?;
            self.store.audit().append(
                station,
                "desk.ticket",
                json!({ "ticket": t.label, "day": date_text(day), "matter": matter }),
                now,
            )?;
            Ok(t)
        })
    }

    /// An appointment's visitor arrived: the appointment turns into a ticket (B001, …) on `day`.
    pub fn arrive(&self, appointment: i64, day: NaiveDate, station: &str, now: NaiveDateTime) -> Result<Ticket> {
        self.store.db.write(|| {
            let row: Option<(String, String)> = self.store.db.query_opt(
                "SELECT state, matter FROM desk_appointments WHERE id = ?1",
                p![appointment],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let (state, matter) = row.ok_or_else(|| StoreError::Invalid(format!("no appointment {appointment}")))?;
            if state != "booked" {
                return Err(StoreError::Invalid(format!("appointment {appointment} is {state}, not booked")));
            }
            self.store.db.execute("UPDATE desk_appointments SET state = 'arrived' WHERE id = ?1", p![appointment])?;
            let t = self.insert(day, 'B', Some(&matter), Some(appointment), now)?;
            self.store.audit().append(
                station,
                "desk.arrived",
                json!({ "appointment": appointment, "ticket": t.label }),
                now,
            )?;
            Ok(t)
        })
    }

    /// One ticket by its id.
    pub fn get(&self, id: TicketId) -> Result<Option<Ticket>> {
        self.store.db.query_opt(
            &format!("SELECT {TICKET_COLS} FROM desk_tickets WHERE id = ?1"),
            p![id],
            ticket_from_row,
        )
    }

    /// Call the next waiting ticket of `day` to `counter` (appointments first, then by issue
    /// order). `None` when nobody waits.
    pub fn call_next(&self, day: NaiveDate, counter: u32, staff: &str, now: NaiveDateTime) -> Result<Option<Ticket>> {
        self.store.db.write(|| {
            let id: Option<TicketId> = self.store.db.query_opt(
                "SELECT id FROM desk_tickets WHERE day = ?1 AND state = 'waiting' \
                 ORDER BY (appointment_id IS NULL), id LIMIT 1",
                p![date_text(day)],
                |r| r.get(0),
            )?;
            let Some(id) = id else { return Ok(None) };
            self.store.db.execute(
                // call_seq: the order of calls for the hall's call display (store/hall.rs).
                "UPDATE desk_tickets SET state = 'called', counter = ?2, called_by = ?3, called_at = ?4, \
                 call_seq = (SELECT coalesce(max(call_seq), 0) + 1 FROM desk_tickets WHERE day = ?5) WHERE id = ?1",
                p![id, counter, staff, time_text(now), date_text(day)],
            )?;
            let t = self.get(id)?.expect("just updated");
            self.store.audit().append(
                staff,
                "desk.ticket_called",
                json!({ "ticket": t.label, "counter": counter }),
                now,
            )?;
            Ok(Some(t))
        })
    }

    /// The tickets of `day`, in issue order (today's queue).
    pub fn on(&self, day: NaiveDate) -> Result<Vec<Ticket>> {
        self.store.db.query(
            &format!("SELECT {TICKET_COLS} FROM desk_tickets WHERE day = ?1 ORDER BY prefix, number"),
            p![date_text(day)],
            ticket_from_row,
        )
    }

    /// Mark a called ticket as left without service (no-show).
    pub fn left(&self, id: TicketId, staff: &str, now: NaiveDateTime) -> Result<()> {
        self.store.db.write(|| {
            let n = self.store.db.execute(
                "UPDATE desk_tickets SET state = 'left' WHERE id = ?1 AND state IN ('waiting', 'called')",
                p![id],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!("ticket {id} is not waiting or called")));
            }
            self.store.audit().append(staff, "desk.ticket_left", json!({ "ticket_id": id }), now)?;
            Ok(())
        })
    }
}
