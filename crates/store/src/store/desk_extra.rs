//! The desk's counter services beyond the intake (issue 7 leftovers): staff-assisted print
//! marks on print jobs, free-post addresses, the appointment list from a day on, and the
//! document jobs for `certdesk jobs list`. Tables: the last desk migration in [`super::schema`].
//!
//! On the backend-neutral layer (`store/db.rs`), so it runs on SQLite and PostgreSQL alike: `?N`
//! placeholders, `ON CONFLICT ... DO UPDATE`, integers read as i64, dates and times as ISO text
//! compared as text.
//!
//! Privacy: nothing here stores an ID number. An address is personal data the visitor gives
//! for the post; it lives in its own table and its audit entry names the case, not the address.

use super::db::{p, Row};
use super::jobs::JobId;
use super::jobs::PrintJobs;
use super::{parse_time_text, time_text, Result, Store, StoreError};
use crate::store::cases::{clean, CaseId};
use chrono::NaiveDateTime;
use serde_json::json;

/// Where a case's result goes by free post, as recorded at the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostAddress {
    /// The postal address, as the applicant gave it.
    pub address: String,
    /// When it was recorded.
    pub at: NaiveDateTime,
    /// Staff ID of the clerk who recorded it.
    pub staff: String,
}

/// A desk document job (notice, pledge, receipt) as `certdesk jobs list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentJobRow {
    /// The job's serial (its row id).
    pub id: u64,
    /// Number of the case the document belongs to.
    pub case_number: String,
    /// Which document: `notice`, `pledge` or `receipt`.
    pub document: String,
    /// `pending`, `printed` or `failed`.
    pub state: String,
    /// The printer's or renderer's error when the job failed.
    pub error: Option<String>,
    /// When the job was queued.
    pub created_at: NaiveDateTime,
    /// The station that queued it.
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
    /// The word stored in the print job's `document` column.
    pub fn code(self) -> &'static str {
        match self {
            AssistedDoc::Slip => "slip",
            AssistedDoc::Reminder => "reminder",
        }
    }
}

fn time_at(r: &Row, i: usize) -> Result<NaiveDateTime> {
    let t: String = r.get(i)?;
    parse_time_text(&t).ok_or_else(|| StoreError::Invalid(format!("column {i}: bad time {t:?}")))
}

/// Longest reason kept for a cancelled appointment.
pub const MAX_CANCEL_REASON: usize = 200;

/// Longest postal address kept (the store's case_posts allows the same).
pub const MAX_ADDRESS: usize = 200;

impl Store {
    /// Record (or correct) the free-post address of a case, with its case event and audit entry
    /// in one transaction. The address is trimmed, bounded, free of control characters.
    pub fn set_post_address(&self, case: CaseId, address: &str, staff: &str, now: NaiveDateTime) -> Result<()> {
        let address = clean(address, MAX_ADDRESS, "the address")?;
        if address.is_empty() {
            return Err(StoreError::Invalid("free post needs an address".into()));
        }
        self.db.write(|| {
            let number: Option<String> =
                self.db.query_opt("SELECT number FROM cases WHERE id = ?1", p![case], |r| r.get(0))?;
            let number = number.ok_or_else(|| StoreError::Invalid(format!("no case {case}")))?;
            self.db.execute(
                "INSERT INTO case_post_addresses (case_id, address, at, staff) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (case_id) DO UPDATE SET address = excluded.address, at = excluded.at, \
                 staff = excluded.staff",
                p![case, address, time_text(now), staff],
            )?;
            // The step on the case's record (全程留痕) and in the audit log; the address itself
            // stays in its table.
            let detail = json!({ "case": number, "free_post": true });
            self.db.execute(
                "INSERT INTO case_events (case_id, at, actor, action, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
                p![case, time_text(now), staff, "case.post_address", detail.to_string()],
            )?;
            self.audit().append(staff, "case.post_address", detail, now)?;
            Ok(())
        })
    }

    /// The case's free-post address, if one was recorded.
    pub fn post_address(&self, case: CaseId) -> Result<Option<PostAddress>> {
        self.db.query_opt("SELECT address, at, staff FROM case_post_addresses WHERE case_id = ?1", p![case], |r| {
            Ok(PostAddress { address: r.get(0)?, at: time_at(r, 1)?, staff: r.get(2)? })
        })
    }
}

impl PrintJobs<'_> {
    /// Mark print job `job` as printed by staff member `staff` at desk `counter`, and what it
    /// printed. Called inside [`PrintJobs::record`]'s transaction, so the job row, its bytes,
    /// this mark and the `print.started` entry commit together.
    pub fn mark_assisted(&self, job: JobId, staff: &str, counter: u32, doc: AssistedDoc) -> Result<()> {
        let n = self.store.db.execute(
            "UPDATE print_jobs SET assisted_by = ?2, assisted_counter = ?3, document = ?4 WHERE id = ?1",
            p![job as i64, staff, counter as i64, doc.code()],
        )?;
        if n == 0 {
            return Err(StoreError::Invalid(format!("no print job {job}")));
        }
        Ok(())
    }

    /// `(assisted_by, assisted_counter, document)` of a print job.
    pub fn assist(&self, job: JobId) -> Result<Option<JobAssist>> {
        self.store.db.query_opt(
            "SELECT assisted_by, assisted_counter, document FROM print_jobs WHERE id = ?1",
            p![job as i64],
            |r| {
                let counter: Option<i64> = r.get(1)?;
                Ok((r.get(0)?, counter.map(|c| c as u32), r.get(2)?))
            },
        )
    }
}
