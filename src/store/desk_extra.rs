//! The desk's counter services beyond the intake (issue 7 leftovers): staff-assisted print
//! marks on print jobs, free-post addresses, the appointment list from a day on, and the
//! document jobs for `certdesk jobs list`. Tables: the last desk migration in [`super::schema`].
//!
//! Written to run on SQLite and PostgreSQL alike (the store is moving onto a backend-neutral
//! layer): `?N` placeholders, `ON CONFLICT ... DO UPDATE`, `COALESCE`, integers read as i64,
//! dates and times as ISO text compared as text.
//!
//! Privacy: nothing here stores an ID number. An address is personal data the visitor gives
//! for the post; it lives in its own table and its audit entry names the case, not the address.

use super::jobs::JobId;
use super::{date_text, parse_date_text, parse_time_text, time_text, Result, Store, StoreError};
use crate::store::cases::{Appointment, CaseId};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension};
use serde_json::json;

/// Where a case's result goes by free post, as recorded at the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostAddress {
    pub address: String,
    pub at: NaiveDateTime,
    pub staff: String,
}

/// A desk document job (notice, pledge, receipt) as `certdesk jobs list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentJobRow {
    pub id: u64,
    pub case_number: String,
    pub document: String,
    pub state: String,
    pub error: Option<String>,
    pub created_at: NaiveDateTime,
    pub station: String,
}

/// `(assisted_by, assisted_counter, document)` of a print job: `(None, None, "slip")` for a
/// kiosk's or the CLI's print.
pub type JobAssist = (Option<String>, Option<u32>, String);

/// What a staff-assisted print put on a certificate's job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssistedDoc {
    /// The certificate slip (sealed QR), as the kiosk prints it.
    Slip,
    /// A review-reminder slip: next step with dates and the materials to bring.
    Reminder,
}

impl AssistedDoc {
    pub fn code(self) -> &'static str {
        match self {
            AssistedDoc::Slip => "slip",
            AssistedDoc::Reminder => "reminder",
        }
    }
}

fn bad(i: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, format!("bad {what}").into())
}

fn time_at(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<NaiveDateTime> {
    let s: String = r.get(i)?;
    parse_time_text(&s).ok_or_else(|| bad(i, "time"))
}

/// Longest postal address kept (the store's case_posts allows the same).
pub const MAX_ADDRESS: usize = 200;

impl Store {
    /// Mark print job `job` as printed by staff member `staff` at desk `counter`, and what it
    /// printed. Called inside [`Store::record_job`]'s transaction, so the job row, its bytes,
    /// this mark and the `print.started` entry commit together.
    pub fn mark_assisted_job(&self, job: JobId, staff: &str, counter: u32, doc: AssistedDoc) -> Result<()> {
        let n = self
            .conn()
            .prepare_cached(
                "UPDATE print_jobs SET assisted_by = ?2, assisted_counter = ?3, document = ?4 WHERE id = ?1",
            )?
            .execute(params![job as i64, staff, counter as i64, doc.code()])?;
        if n == 0 {
            return Err(StoreError::Invalid(format!("no print job {job}")));
        }
        Ok(())
    }

    /// `(assisted_by, assisted_counter, document)` of a print job.
    pub fn job_assist(&self, job: JobId) -> Result<Option<JobAssist>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT assisted_by, assisted_counter, document FROM print_jobs WHERE id = ?1")?
            .query_row([job as i64], |r| {
                let counter: Option<i64> = r.get(1)?;
                Ok((r.get(0)?, counter.map(|c| c as u32), r.get(2)?))
            })
            .optional()?)
    }

    /// Record (or correct) the free-post address of a case, with its case event and audit entry
    /// in one transaction. The address is trimmed, bounded, free of control characters.
    pub fn set_post_address(&self, case: CaseId, address: &str, staff: &str, now: NaiveDateTime) -> Result<()> {
        let address = address.trim();
        if address.is_empty() {
            return Err(StoreError::Invalid("free post needs an address".into()));
        }
        if address.chars().count() > MAX_ADDRESS {
            return Err(StoreError::Invalid(format!("the address is longer than {MAX_ADDRESS} characters")));
        }
        if address.chars().any(char::is_control) {
            return Err(StoreError::Invalid("the address contains control characters".into()));
        }
        self.in_transaction(|s| {
            let number: Option<String> = s
                .conn()
                .prepare_cached("SELECT number FROM cases WHERE id = ?1")?
                .query_row([case], |r| r.get(0))
                .optional()?;
            let number = number.ok_or_else(|| StoreError::Invalid(format!("no case {case}")))?;
            s.conn()
                .prepare_cached(
                    "INSERT INTO case_post_addresses (case_id, address, at, staff) VALUES (?1, ?2, ?3, ?4) \
                     ON CONFLICT (case_id) DO UPDATE SET address = excluded.address, at = excluded.at, \
                     staff = excluded.staff",
                )?
                .execute(params![case, address, time_text(now), staff])?;
            // The step on the case's record (全程留痕) and in the audit log; the address itself
            // stays in its table.
            let detail = json!({ "case": number, "free_post": true });
            s.conn()
                .prepare_cached(
                    "INSERT INTO case_events (case_id, at, actor, action, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![case, time_text(now), staff, "case.post_address", detail.to_string()])?;
            s.audit(staff, "case.post_address", detail, now)?;
            Ok(())
        })
    }

    pub fn post_address(&self, case: CaseId) -> Result<Option<PostAddress>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT address, at, staff FROM case_post_addresses WHERE case_id = ?1")?
            .query_row([case], |r| Ok(PostAddress { address: r.get(0)?, at: time_at(r, 1)?, staff: r.get(2)? }))
            .optional()?)
    }

    /// Appointments on `from` and after (every state on `from`, booked ones later), by day and
    /// slot; at most `limit`.
    pub fn appointments_from(&self, from: NaiveDate, limit: usize) -> Result<Vec<Appointment>> {
        let mut st = self.conn().prepare_cached(
            "SELECT id, day, slot, extended, name, phone, matter, enterprise, state FROM desk_appointments \
             WHERE day = ?1 OR (day > ?1 AND state = 'booked') ORDER BY day, slot, id LIMIT ?2",
        )?;
        let rows = st.query_map(params![date_text(from), limit as i64], |r| {
            let day: String = r.get(1)?;
            let extended: i64 = r.get(3)?;
            Ok(Appointment {
                id: r.get(0)?,
                day: parse_date_text(&day).ok_or_else(|| bad(1, "date"))?,
                slot: r.get(2)?,
                extended: extended != 0,
                name: r.get(4)?,
                phone: r.get(5)?,
                matter: r.get(6)?,
                enterprise: r.get(7)?,
                state: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Document jobs that did not finish (pending: may or may not have printed; failed), oldest
    /// first, with their case number.
    pub fn unfinished_document_jobs(&self) -> Result<Vec<DocumentJobRow>> {
        let mut st = self.conn().prepare_cached(
            "SELECT j.id, c.number, j.document, j.state, j.error, j.created_at, j.station \
             FROM document_jobs j JOIN cases c ON c.id = j.case_id WHERE j.state <> 'printed' ORDER BY j.id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(DocumentJobRow {
                id: r.get::<_, i64>(0)? as u64,
                case_number: r.get(1)?,
                document: r.get(2)?,
                state: r.get(3)?,
                error: r.get(4)?,
                created_at: time_at(r, 5)?,
                station: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
