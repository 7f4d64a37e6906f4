//! The hall around the counters (issue 15): the calls the hall's display shows, the people
//! ahead of a new ticket, queue-ticket print jobs, and finding registered holders by name or
//! employer at the desk. Tables and indexes: the hall migration in [`super::schema`].
//!
//! On the backend-neutral layer (`store/db.rs`), so any number of counters and displays on one
//! PostgreSQL share the same calls; SQLite homes behave the same.
//!
//! Privacy: a ticket job keeps the ticket's bytes (number, matter, time, the bureau's phone),
//! never a person's data. Holders found here carry their raw ID number for the service, which
//! masks it before anything reaches a screen.

use super::cases::{ticket_from_row, Ticket, TicketId, TICKET_COLS};
use super::db::p;
use super::holders::Holders;
use super::jobs::PrintJobs;
use super::tickets::Tickets;
use super::{date_text, gender_from, time_text, Backend, Result, StoreError};
use crate::domain::Holder;
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

/// What the hall's call display shows: the latest calls of the day, newest first, and how many
/// tickets still wait.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HallCalls {
    /// Called tickets, newest call first (each with its counter).
    pub calls: Vec<Ticket>,
    /// How many of the day's tickets still wait to be called.
    pub waiting: u32,
}

/// A queue ticket's print job, as `certdesk jobs list` and the tests read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketJob {
    /// The job's serial (its row id).
    pub id: u64,
    /// The ticket it prints.
    pub ticket_id: TicketId,
    /// `pending`, `printed` or `failed`.
    pub state: String,
    /// The printer's error when the job failed.
    pub error: Option<String>,
    /// The rendered printer bytes, kept for a reprint (None until rendered).
    pub bytes: Option<Vec<u8>>,
}

/// Longest text a holder search takes (a name or an employer's name).
pub const HOLDER_SEARCH_MAX: usize = 64;

#[cfg(test)]
mod tests;

impl PrintJobs<'_> {
    /// Record a ticket's print job before a byte is sent (committed, audited); its serial.
    pub fn begin_ticket(&self, ticket: TicketId, target: &str, station: &str, now: NaiveDateTime) -> Result<u64> {
        self.store.db.write(|| {
            let id: i64 = self.store.db.value(
                "INSERT INTO ticket_jobs (ticket_id, target, station, state, created_at) \
                 VALUES (?1, ?2, ?3, 'pending', ?4) RETURNING id",
                p![ticket, target, station, time_text(now)],
            )?;
            self.store.audit().append(station, "ticket.job", json!({ "serial": id, "ticket_id": ticket }), now)?;
            Ok(id as u64)
        })
    }

    /// The bytes of a ticket job, kept for a reprint.
    pub fn set_ticket_bytes(&self, id: u64, bytes: &[u8]) -> Result<()> {
        let n = self.store.db.execute("UPDATE ticket_jobs SET bytes = ?2 WHERE id = ?1", p![id as i64, bytes])?;
        if n == 0 {
            return Err(StoreError::Invalid(format!("no ticket job {id}")));
        }
        Ok(())
    }

    /// The outcome of a ticket job: printed, or failed with the printer's error (kept).
    pub fn finish_ticket(&self, id: u64, error: Option<&str>, station: &str, now: NaiveDateTime) -> Result<()> {
        self.store.db.write(|| {
            let n = self.store.db.execute(
                "UPDATE ticket_jobs SET state = ?2, error = ?3, finished_at = ?4 WHERE id = ?1",
                p![id as i64, if error.is_some() { "failed" } else { "printed" }, error, time_text(now)],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!("no ticket job {id}")));
            }
            let action = if error.is_some() { "ticket.print_failed" } else { "ticket.printed" };
            self.store.audit().append(station, action, json!({ "serial": id, "error": error }), now)?;
            Ok(())
        })
    }

    /// One ticket job by its serial.
    pub fn ticket(&self, id: u64) -> Result<Option<TicketJob>> {
        self.store.db.query_opt(
            "SELECT id, ticket_id, state, error, bytes FROM ticket_jobs WHERE id = ?1",
            p![id as i64],
            |r| {
                Ok(TicketJob {
                    id: r.get::<i64>(0)? as u64,
                    ticket_id: r.get(1)?,
                    state: r.get(2)?,
                    error: r.get(3)?,
                    bytes: r.get(4)?,
                })
            },
        )
    }

    /// Ticket jobs not printed (pending or failed), oldest first.
    pub fn unfinished_tickets(&self) -> Result<Vec<TicketJob>> {
        self.store.db.query(
            "SELECT id, ticket_id, state, error, bytes FROM ticket_jobs WHERE state <> 'printed' ORDER BY id",
            p![],
            |r| {
                Ok(TicketJob {
                    id: r.get::<i64>(0)? as u64,
                    ticket_id: r.get(1)?,
                    state: r.get(2)?,
                    error: r.get(3)?,
                    bytes: r.get(4)?,
                })
            },
        )
    }
}

impl Tickets<'_> {
    /// The last `limit` calls of `day` in the order they were made (newest first), and the
    /// number of tickets still waiting.
    pub fn calls(&self, day: NaiveDate, limit: usize) -> Result<HallCalls> {
        let calls = self.store.db.query(
            &format!(
                "SELECT {TICKET_COLS} FROM desk_tickets WHERE day = ?1 AND call_seq IS NOT NULL \
                 ORDER BY call_seq DESC LIMIT ?2"
            ),
            p![date_text(day), limit as i64],
            ticket_from_row,
        )?;
        let waiting: i64 = self
            .store
            .db
            .value("SELECT COUNT(*) FROM desk_tickets WHERE day = ?1 AND state = 'waiting'", p![date_text(day)])?;
        Ok(HallCalls { calls, waiting: u32::try_from(waiting).unwrap_or(u32::MAX) })
    }

    /// How many waiting tickets of the ticket's day will be called before it, in the order
    /// `call_next` calls them (appointments first, then by issue).
    pub fn people_ahead(&self, ticket: TicketId) -> Result<u32> {
        let t = self.get(ticket)?.ok_or_else(|| StoreError::Invalid(format!("no ticket {ticket}")))?;
        let n: i64 = if t.appointment_id.is_some() {
            self.store.db.value(
                "SELECT COUNT(*) FROM desk_tickets WHERE day = ?1 AND state = 'waiting' \
                 AND appointment_id IS NOT NULL AND id < ?2",
                p![date_text(t.day), ticket],
            )?
        } else {
            self.store.db.value(
                "SELECT COUNT(*) FROM desk_tickets WHERE day = ?1 AND state = 'waiting' \
                 AND (appointment_id IS NOT NULL OR id < ?2)",
                p![date_text(t.day), ticket],
            )?
        };
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }
}

impl Holders<'_> {
    /// Registered holders whose name (`by_employer`: employer) starts with `text`, at most
    /// `limit`, in code-point order of that column. An index range scan as the case search's
    /// (store/cases.rs `search_cases`): `[text, text + U+10FFFF)`, compared in code-point
    /// order on both backends ("C" collation on PostgreSQL), so it stops after `limit` rows on
    /// a million holders. Empty or over-long text finds nothing (an error for over-long).
    pub fn by_prefix(&self, text: &str, by_employer: bool, limit: usize) -> Result<Vec<Holder>> {
        let t = text.trim();
        if t.chars().count() > HOLDER_SEARCH_MAX {
            return Err(StoreError::Invalid(format!("search text is longer than {HOLDER_SEARCH_MAX} characters")));
        }
        if t.is_empty() || t.chars().any(char::is_control) {
            return Ok(Vec::new());
        }
        let hi = format!("{t}\u{10FFFF}");
        let collate = match self.store.db.backend() {
            Backend::Sqlite => "",
            Backend::Postgres => " COLLATE \"C\"",
        };
        let col = if by_employer { "employer" } else { "name" };
        self.store.db.query(
            &format!(
                "SELECT id_number, name, gender, mobile, employer, employer_code FROM holders \
                 WHERE {col}{collate} >= ?1 AND {col}{collate} < ?2 ORDER BY {col}{collate} LIMIT ?3"
            ),
            p![t, hi, limit as i64],
            |r| {
                Ok(Holder {
                    id_number: r.get(0)?,
                    name: r.get(1)?,
                    gender: gender_from(r.get(2)?),
                    mobile: r.get(3)?,
                    employer: r.get(4)?,
                    employer_code: r.get(5)?,
                })
            },
        )
    }
}
