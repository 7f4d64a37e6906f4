//! Print jobs. The record is committed *before* any byte is sent (`begin_job`), the exact
//! bytes are kept (`set_job_bytes`) and the outcome written after (`finish_job`); a crash in
//! between leaves a `pending` job in [`Store::unfinished_jobs`] for staff to see and reprint.
//!
//! Typical flow: `let id = begin_job(..)?` → render the slip with serial `id` →
//! `set_job_bytes(id, &bytes)?` → send → `finish_job(id, outcome, now)?`.

use super::{date_text, parse_time_text, time_text, CertId, Result, Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension};

/// The print serial (never reused).
pub type JobId = u64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutcome {
    Printed,
    Failed(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    Pending,
    Printed,
    Failed,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Pending => "pending",
            JobState::Printed => "printed",
            JobState::Failed => "failed",
        }
    }
    fn parse(s: &str) -> JobState {
        match s {
            "printed" => JobState::Printed,
            "failed" => JobState::Failed,
            _ => JobState::Pending,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRecord {
    pub id: JobId,
    /// The certificate printed (its row id: a job never holds the 证号, which embeds the ID
    /// number).
    pub cert_id: CertId,
    pub target: String,
    pub station: String,
    pub state: JobState,
    pub error: Option<String>,
    pub created_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
    pub has_bytes: bool,
}

const JOB_COLS: &str = "id, cert_id, target, station, state, error, created_at, finished_at, \
                        bytes IS NOT NULL";

fn job_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<JobRecord> {
    let created: String = r.get(6)?;
    let finished: Option<String> = r.get(7)?;
    Ok(JobRecord {
        id: r.get::<_, i64>(0)? as u64,
        cert_id: CertId(r.get(1)?),
        target: r.get(2)?,
        station: r.get(3)?,
        state: JobState::parse(&r.get::<_, String>(4)?),
        error: r.get(5)?,
        created_at: parse_time_text(&created).unwrap_or_default(),
        finished_at: finished.as_deref().and_then(parse_time_text),
        has_bytes: r.get(8)?,
    })
}

impl Store {
    /// Record a print job as `pending` and commit it; returns the print serial.
    pub fn begin_job(&self, cert: CertId, target: &str, station: &str, now: NaiveDateTime) -> Result<JobId> {
        self.conn
            .prepare_cached(
                "INSERT INTO print_jobs (cert_id, target, station, state, day, created_at) \
                 VALUES (?1, ?2, ?3, 'pending', ?4, ?5)",
            )?
            .execute(params![cert.0, target, station, date_text(now.date()), time_text(now)])?;
        Ok(self.conn.last_insert_rowid() as u64)
    }

    /// Keep the exact bytes to be sent (call before sending).
    pub fn set_job_bytes(&self, id: JobId, bytes: &[u8]) -> Result<()> {
        let n = self
            .conn
            .prepare_cached("UPDATE print_jobs SET bytes = ?2 WHERE id = ?1")?
            .execute(params![id as i64, bytes])?;
        if n == 0 {
            return Err(StoreError::Invalid(format!("no print job {id}")));
        }
        Ok(())
    }

    /// Record the outcome. A failed job can later be finished as printed (reprint).
    pub fn finish_job(&self, id: JobId, outcome: JobOutcome, now: NaiveDateTime) -> Result<()> {
        let (state, error) = match outcome {
            JobOutcome::Printed => ("printed", None),
            JobOutcome::Failed(e) => ("failed", Some(e)),
        };
        let n = self
            .conn
            .prepare_cached("UPDATE print_jobs SET state = ?2, error = ?3, finished_at = ?4 WHERE id = ?1")?
            .execute(params![id as i64, state, error, time_text(now)])?;
        if n == 0 {
            return Err(StoreError::Invalid(format!("no print job {id}")));
        }
        Ok(())
    }

    /// Prints of a certificate on `day` that count against the daily limit: printed and
    /// pending (a pending job may have come out of the printer before a crash).
    pub fn prints_today(&self, cert: CertId, day: NaiveDate) -> Result<u32> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM print_jobs WHERE cert_id = ?1 AND day = ?2 \
                 AND state IN ('printed', 'pending')",
            )?
            .query_row(params![cert.0, date_text(day)], |r| r.get(0))?)
    }

    /// Pending or failed jobs, oldest first.
    pub fn unfinished_jobs(&self) -> Result<Vec<JobRecord>> {
        let mut st = self
            .conn
            .prepare_cached(&format!("SELECT {JOB_COLS} FROM print_jobs WHERE state <> 'printed' ORDER BY id"))?;
        let rows = st.query_map([], job_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn job(&self, id: JobId) -> Result<Option<JobRecord>> {
        let mut st = self.conn.prepare_cached(&format!("SELECT {JOB_COLS} FROM print_jobs WHERE id = ?1"))?;
        Ok(st.query_row([id as i64], job_from_row).optional()?)
    }

    /// The exact bytes recorded for a job (to reprint the identical slip).
    pub fn job_bytes(&self, id: JobId) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .prepare_cached("SELECT bytes FROM print_jobs WHERE id = ?1")?
            .query_row([id as i64], |r| r.get::<_, Option<Vec<u8>>>(0))
            .optional()?
            .flatten())
    }
}
