//! Print jobs (SPEC §5; issue 8 item 3).
//!
//! The rule: **the job, its exact bytes and its audit entry are one transaction, committed
//! before any byte goes to the printer** ([`PrintJobs::record`]); **the outcome and its audit
//! entry are one transaction after** ([`PrintJobs::finish_audited`]). So at every instant, a
//! kill leaves one of: nothing (no serial, nothing sent), or a `pending` job with its bytes and
//! a `print.started` entry, which staff resolve with `certdesk jobs reprint` or
//! `certdesk jobs void` (both audited). There is never a job without bytes, nor a printed slip
//! without an audit entry.
//!
//! A busy database (an import holding the write lock) is waited for, never reported: before
//! sending we wait up to `Timeouts::job_before_send` (then nothing was sent and the holder may try
//! again); after sending the slip is on paper, so we wait up to `Timeouts::job_after_send` to
//! record it, and if even that fails the job stays pending for staff, never "database is
//! locked" on the screen.
//!
//! `begin_job`, `set_job_bytes` and `finish_job` are the unaudited building blocks, kept for
//! the store's own tests and migrations; printing code uses the audited pair.

use super::db::{p, Row};
use super::PrintRecord;
use super::{date_text, parse_time_text, time_text, CertId, Result, Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};
use std::time::{Duration, Instant};

/// How a stuck job was resolved by staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Sent again from its recorded bytes (and printed).
    Reprinted,
    /// Written off: it no longer counts against the daily limit nor shows in `jobs list`.
    Voided,
}

impl Resolution {
    /// The word stored in the job's `resolution` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Resolution::Reprinted => "reprinted",
            Resolution::Voided => "void",
        }
    }
}

/// Worth waiting for: another writer holds the database (SQLite busy or locked, PostgreSQL's
/// lock timeout on the hall's write lock), or a server that is unreachable for the moment.
fn is_busy(e: &StoreError) -> bool {
    e.is_unavailable() || e.is_busy()
}

/// The print serial (never reused).
pub type JobId = u64;

/// How sending a job to the printer ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutcome {
    /// The printer took the whole job.
    Printed,
    /// Sending failed, with the printer's or transport's error.
    Failed(String),
}

/// Where a print job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    /// Begun, no outcome recorded yet (a crash mid-print leaves it here).
    Pending,
    /// The printer took it.
    Printed,
    /// Sending failed; `error` says why.
    Failed,
}

impl JobState {
    /// The word stored in the job's `state` column.
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

/// One certificate print job, as the print log (`print_jobs`) holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRecord {
    /// Its print serial.
    pub id: JobId,
    /// The certificate printed (its row id: a job never holds the 证号, which embeds the ID
    /// number).
    pub cert_id: CertId,
    /// The printer it was sent to, as configured (`printer.target`).
    pub target: String,
    /// The station that printed it.
    pub station: String,
    /// Where it stands.
    pub state: JobState,
    /// Why it failed, when it did.
    pub error: Option<String>,
    /// When the job was begun.
    pub created_at: NaiveDateTime,
    /// When its outcome was recorded (None while pending).
    pub finished_at: Option<NaiveDateTime>,
    /// Whether its bytes were recorded, so `jobs reprint` can send them again.
    pub has_bytes: bool,
    /// Set once staff resolved a stuck job (`jobs reprint` / `jobs void`).
    pub resolution: Option<String>,
}

const JOB_COLS: &str = "id, cert_id, target, station, state, error, created_at, finished_at, \
                        bytes IS NOT NULL, resolution";

fn job_from_row(r: &Row) -> Result<JobRecord> {
    let created: String = r.get(6)?;
    let finished: Option<String> = r.get(7)?;
    Ok(JobRecord {
        id: r.get(0)?,
        cert_id: CertId(r.get(1)?),
        target: r.get(2)?,
        station: r.get(3)?,
        state: JobState::parse(&r.get::<String>(4)?),
        error: r.get(5)?,
        created_at: parse_time_text(&created).unwrap_or_default(),
        finished_at: finished.as_deref().and_then(parse_time_text),
        has_bytes: r.get(8)?,
        resolution: r.get(9)?,
    })
}

impl Store {
    /// Run `f` in one write transaction, waiting for a busy database (SQLite) or an
    /// unreachable server (PostgreSQL) up to `patience` instead of failing: the transaction is
    /// retried from the start, so `f` must be safe to run again after a rollback.
    pub fn in_transaction_patiently<T>(&self, patience: Duration, mut f: impl FnMut(&Store) -> Result<T>) -> Result<T> {
        if self.db.in_tx() {
            return f(self);
        }
        let start = Instant::now();
        let mut pause = Duration::from_millis(50);
        loop {
            match self.db.write(|| f(self)) {
                // A lost connection: waiting out the whole patience here would freeze the screen
                // (300 s after a send). The caller hears of the outage at once and tries again
                // later (service::Live::reconnect; the next call reconnects, db.rs): the kiosk
                // shows out of service, not a frozen screen.
                Err(e) if e.is_unavailable() && self.is_broken() => return Err(e),
                Err(e) if is_busy(&e) && start.elapsed() < patience => {
                    std::thread::sleep(pause);
                    if e.is_unavailable() {
                        // A server that went away: back off up to 2 s between attempts.
                        pause = (pause * 2).min(Duration::from_secs(2));
                    }
                }
                other => return other,
            }
        }
    }
}

/// The print-jobs aggregate: every slip print job (begun, its bytes, its outcome, audited;
/// reprinted or voided by `resolve`), the kiosk's daily count, a certificate's print history,
/// the online confirmation of a scanned slip (`print_records.rs`), the queue tickets' print jobs
/// (`hall.rs`) and the desk's assisted prints (`desk_extra.rs`), through [`Store::print_jobs`].
/// Borrows the store.
#[derive(Clone, Copy)]
pub struct PrintJobs<'s> {
    pub(super) store: &'s Store,
}

impl Store {
    /// The print-jobs aggregate (slips, queue tickets).
    pub fn print_jobs(&self) -> PrintJobs<'_> {
        PrintJobs { store: self }
    }
}

impl PrintJobs<'_> {
    /// Record a print job before anything is sent: in one transaction, the `pending` job, its
    /// exact bytes as `build(serial)` renders them (the serial is printed on the slip; `build`
    /// also returns whatever else the caller needs, e.g. the preview), and a `print.started`
    /// audit entry by `actor` with `detail` plus serial and target. If `build` fails nothing is
    /// recorded and its error comes back inside `Ok`.
    #[allow(clippy::too_many_arguments)]
    pub fn record<T, E>(
        &self,
        cert: CertId,
        target: &str,
        station: &str,
        actor: &str,
        detail: serde_json::Value,
        now: NaiveDateTime,
        build: impl FnOnce(JobId) -> std::result::Result<(Vec<u8>, T), E>,
    ) -> Result<std::result::Result<(JobId, T), E>> {
        let mut build = Some(build);
        let mut build_error = None;
        let r = self.store.in_transaction_patiently(self.store.timeouts.job_before_send, |s| {
            let serial = s.print_jobs().begin(cert, target, station, now)?;
            let Some(b) = build.take() else {
                // The connection was lost after the slip was rendered for a serial that then
                // rolled back. Nothing was sent; the holder asks again (a new serial).
                return Err(StoreError::Invalid(
                    "the database connection was lost while the job was being recorded; nothing was printed".into(),
                ));
            };
            let (bytes, extra) = match b(serial) {
                Ok(b) => b,
                Err(e) => {
                    build_error = Some(e);
                    // Roll back: the serial and the row vanish with the transaction.
                    return Err(StoreError::Invalid("slip could not be built".into()));
                }
            };
            s.print_jobs().set_bytes(serial, &bytes)?;
            let mut detail = detail.clone();
            if let Some(m) = detail.as_object_mut() {
                m.insert("serial".into(), serial.into());
                m.insert("target".into(), target.into());
            }
            s.audit().append(actor, "print.started", detail, now)?;
            Ok((serial, extra))
        });
        match (r, build_error) {
            (_, Some(e)) => Ok(Err(e)),
            (Ok(v), None) => Ok(Ok(v)),
            (Err(e), None) => Err(e),
        }
    }

    /// Record a job's outcome and its audit entry (`action`, e.g. `print.printed`,
    /// `print.failed`, by `actor` with `detail` plus the serial) in one transaction, waiting
    /// for a busy database up to `patience`.
    #[allow(clippy::too_many_arguments)]
    pub fn finish_audited(
        &self,
        id: JobId,
        outcome: JobOutcome,
        actor: &str,
        action: &str,
        detail: serde_json::Value,
        now: NaiveDateTime,
        patience: Duration,
    ) -> Result<()> {
        self.store.in_transaction_patiently(patience, |s| {
            s.print_jobs().finish(id, outcome.clone(), now)?;
            let mut detail = detail.clone();
            if let Some(m) = detail.as_object_mut() {
                m.insert("serial".into(), id.into());
            }
            s.audit().append(actor, action, detail, now)?;
            Ok(())
        })
    }

    /// Staff resolve a stuck (pending or failed, unresolved) job: after a successful reprint
    /// (`Reprinted`: the job becomes printed) or by writing it off (`Voided`: it keeps its state
    /// but no longer counts against the daily limit nor shows as stuck). Audited
    /// (`print.reprinted` / `print.voided`) in the same transaction. Refuses jobs that are not
    /// stuck.
    pub fn resolve(&self, id: JobId, how: Resolution, actor: &str, reason: &str, now: NaiveDateTime) -> Result<()> {
        self.store.in_transaction_patiently(self.store.timeouts.job_after_send, |s| {
            let job =
                s.print_jobs().get(id)?.ok_or_else(|| StoreError::Invalid(format!("there is no print job {id:08}")))?;
            if job.state == JobState::Printed || job.resolution.is_some() {
                return Err(StoreError::Invalid(format!(
                    "print job {id:08} is not stuck (it is {}{})",
                    job.state.as_str(),
                    job.resolution.map(|r| format!(", resolved: {r}")).unwrap_or_default()
                )));
            }
            if how == Resolution::Reprinted {
                s.print_jobs().finish(id, JobOutcome::Printed, now)?;
            }
            s.db.execute(
                "UPDATE print_jobs SET resolution = ?2, resolved_by = ?3, resolved_at = ?4 WHERE id = ?1",
                p![id, how.as_str(), actor, time_text(now)],
            )?;
            let action = match how {
                Resolution::Reprinted => "print.reprinted",
                Resolution::Voided => "print.voided",
            };
            s.audit().append(
                actor,
                action,
                serde_json::json!({ "serial": id, "was": job.state.as_str(), "reason": reason }),
                now,
            )?;
            Ok(())
        })
    }

    /// Record a print job as `pending` and commit it; returns the print serial.
    pub fn begin(&self, cert: CertId, target: &str, station: &str, now: NaiveDateTime) -> Result<JobId> {
        self.store.db.value(
            "INSERT INTO print_jobs (cert_id, target, station, state, day, created_at) \
             VALUES (?1, ?2, ?3, 'pending', ?4, ?5) RETURNING id",
            p![cert.0, target, station, date_text(now.date()), time_text(now)],
        )
    }

    /// Keep the exact bytes to be sent (call before sending).
    pub fn set_bytes(&self, id: JobId, bytes: &[u8]) -> Result<()> {
        let n = self.store.db.execute("UPDATE print_jobs SET bytes = ?2 WHERE id = ?1", p![id, bytes])?;
        if n == 0 {
            return Err(StoreError::Invalid(format!("no print job {id}")));
        }
        Ok(())
    }

    /// Record the outcome. A failed job can later be finished as printed (reprint).
    pub fn finish(&self, id: JobId, outcome: JobOutcome, now: NaiveDateTime) -> Result<()> {
        let (state, error) = match outcome {
            JobOutcome::Printed => ("printed", None),
            JobOutcome::Failed(e) => ("failed", Some(e)),
        };
        let n = self.store.db.execute(
            "UPDATE print_jobs SET state = ?2, error = ?3, finished_at = ?4 WHERE id = ?1",
            p![id, state, error, time_text(now)],
        )?;
        if n == 0 {
            return Err(StoreError::Invalid(format!("no print job {id}")));
        }
        Ok(())
    }

    /// Prints of a certificate on `day` that count against the daily limit: printed and
    /// pending (a pending job may have come out of the printer before a crash). Only the
    /// certificate slip counts: a review-reminder slip staff print from the holder's page
    /// (`document = 'reminder'`, no seal) is not a copy of the certificate.
    pub fn prints_today(&self, cert: CertId, day: NaiveDate) -> Result<u32> {
        self.store.db.value(
            "SELECT count(*) FROM print_jobs WHERE cert_id = ?1 AND day = ?2 \
             AND state IN ('printed', 'pending') AND coalesce(resolution, '') <> 'void' AND document = 'slip'",
            p![cert.0, date_text(day)],
        )
    }

    /// Stuck jobs: pending or failed, not resolved by staff; oldest first.
    pub fn unfinished(&self) -> Result<Vec<JobRecord>> {
        self.store.db.query(
            &format!("SELECT {JOB_COLS} FROM print_jobs WHERE state <> 'printed' AND resolution IS NULL ORDER BY id"),
            p![],
            job_from_row,
        )
    }

    /// One print job by its serial.
    pub fn get(&self, id: JobId) -> Result<Option<JobRecord>> {
        self.store.db.query_opt(&format!("SELECT {JOB_COLS} FROM print_jobs WHERE id = ?1"), p![id], job_from_row)
    }

    /// The exact bytes recorded for a job (to reprint the identical slip).
    pub fn bytes(&self, id: JobId) -> Result<Option<Vec<u8>>> {
        Ok(self
            .store
            .db
            .query_opt("SELECT bytes FROM print_jobs WHERE id = ?1", p![id], |r| r.get::<Option<Vec<u8>>>(0))?
            .flatten())
    }

    /// A certificate's print jobs, newest first (at most `limit`), for staff lookups.
    pub fn history(&self, cert: CertId, limit: usize) -> Result<Vec<PrintRecord>> {
        self.store.db.query(
            "SELECT id, state, station, created_at, finished_at, error FROM print_jobs \
             WHERE cert_id = ?1 ORDER BY id DESC LIMIT ?2",
            p![cert.0, limit as i64],
            |r| {
                Ok(PrintRecord {
                    serial: r.get(0)?,
                    state: r.get(1)?,
                    station: r.get(2)?,
                    created_at: r.get(3)?,
                    finished_at: r.get(4)?,
                    error: r.get(5)?,
                })
            },
        )
    }
}
