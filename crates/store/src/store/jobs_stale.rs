//! Print jobs left `pending` past the print's patience (issue 17 §5).
//!
//! A job is `pending` from the moment its row, bytes and `print.started` commit until its
//! outcome is recorded, which a station does within `Timeouts::job_after_send` of sending (it
//! waits that long for a busy database, then gives up). A job still pending after that was
//! left by a station that could not record its outcome: the disk was full (SQLite cannot
//! write a byte at zero bytes free), or the station was killed or lost power mid-print. Nobody
//! knows any more whether the slip came out, so the job is settled as **failed, outcome
//! unknown** ([`UNKNOWN_OUTCOME`]), with a `print.failed` audit entry, and staff see it in
//! `certdesk jobs list` to reprint (it may not have printed) or void (it did). It never stays
//! pending without a word.
//!
//! A station that still holds the real outcome (the kiosk that sent it, waiting for the disk or
//! the server; `waiting/kiosk/` after a restart) records that one instead, also over a job
//! settled here meanwhile ([`PrintJobs::outcome_still_open`]): the real outcome is better than
//! "unknown".

use super::db::p;
use super::jobs::{JobId, JobState, PrintJobs};
use super::{time_text, Result};
use chrono::NaiveDateTime;
use std::time::Duration;

/// The error text of a job settled because its outcome was never recorded (Chinese first; the
/// CLI shows it as stored).
pub const UNKNOWN_OUTCOME: &str = "结果未知（可能已打印）：打印结果未能记录（磁盘已满或终端中断），请核对后重印或作废 \
     / outcome unknown (it may have printed): it could not be recorded (disk full or the terminal stopped); \
     check, then reprint or void";

impl PrintJobs<'_> {
    /// Settle every job still `pending` (and unresolved) that was begun `patience` or more
    /// before `now`, except `keep` (serials whose real outcome the caller holds and will
    /// record): each becomes `failed` with [`UNKNOWN_OUTCOME`] as its error and a
    /// `print.failed` entry by `actor` naming the serial, the station that began it and
    /// `"outcome": "unknown"`, one transaction per job. Returns the serials settled, oldest
    /// first. A job settled concurrently by another terminal is skipped (the `UPDATE` is
    /// conditional on `pending`), so each gets one entry.
    pub fn settle_stale(
        &self,
        now: NaiveDateTime,
        patience: Duration,
        actor: &str,
        keep: &[JobId],
    ) -> Result<Vec<JobId>> {
        let Some(before) = chrono::Duration::from_std(patience).ok().and_then(|d| now.checked_sub_signed(d)) else {
            return Ok(Vec::new());
        };
        let stale: Vec<(JobId, String)> = self.store.db.query(
            "SELECT id, station FROM print_jobs WHERE state = 'pending' AND resolution IS NULL \
             AND created_at <= ?1 ORDER BY id",
            p![time_text(before)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut settled = Vec::new();
        for (id, station) in stale.into_iter().filter(|(id, _)| !keep.contains(id)) {
            let done = self.store.in_transaction_patiently(self.store.timeouts.job_before_send, |s| {
                let n = s.db.execute(
                    "UPDATE print_jobs SET state = 'failed', error = ?2, finished_at = ?3 \
                     WHERE id = ?1 AND state = 'pending' AND resolution IS NULL",
                    p![id, UNKNOWN_OUTCOME, time_text(now)],
                )?;
                if n == 1 {
                    s.audit().append(
                        actor,
                        "print.failed",
                        serde_json::json!({
                            "serial": id,
                            "station": station,
                            "was": "pending",
                            "outcome": "unknown",
                            "error": UNKNOWN_OUTCOME,
                        }),
                        now,
                    )?;
                }
                Ok(n == 1)
            })?;
            if done {
                settled.push(id);
            }
        }
        Ok(settled)
    }

    /// Whether job `id` still waits for its outcome: `pending`, or settled as unknown by
    /// [`PrintJobs::settle_stale`] and not yet resolved by staff (a station that held the real
    /// outcome records it over "unknown").
    pub fn outcome_still_open(&self, id: JobId) -> Result<bool> {
        Ok(self.get(id)?.is_some_and(|j| {
            j.resolution.is_none()
                && (j.state == JobState::Pending
                    || (j.state == JobState::Failed && j.error.as_deref() == Some(UNKNOWN_OUTCOME)))
        }))
    }
}
