//! Print jobs nobody could record the outcome of (issue 17 §5): settled when the store can
//! write again.
//!
//! At zero bytes free SQLite cannot write a byte, so a kiosk that sent a slip cannot record
//! how it ended. Two things make sure such a job ends cleanly:
//! - the kiosk that sent it keeps the real outcome in memory (and in `waiting/kiosk/` when that
//!   can still be written) and goes out of service, like a server outage: its reconnection
//!   (the worker's retry, or the next print) records that outcome as soon as the disk has room
//!   (`kiosk.rs`, `kiosk_waiting.rs`);
//! - every terminal, when it starts and (the kiosk) at most once a minute while it serves,
//!   settles jobs left pending longer than a print can take
//!   (`Timeouts::print_settled_after`) as failed, outcome unknown, with a `print.failed` entry
//!   (`store::jobs_stale`): the sending process is gone (killed, restarted while the disk was
//!   full), so nobody knows whether the slip came out, and staff reprint or void it from
//!   `certdesk jobs list`.

use super::Live;
use chrono::NaiveDateTime;

/// The note on an outcome the kiosk kept while the disk was full and recorded once it had
/// room (audit detail `recorded_late`; appended to a failed job's error).
pub(crate) const DISK_FULL_LATE: &str =
    "磁盘已满，打印结果未能及时记录，有空间后补记 / the disk was full: the outcome was recorded once it had room";

/// How often a serving kiosk looks for stale jobs (one `SELECT`).
const SETTLE_EVERY_SECONDS: i64 = 60;

impl Live {
    /// Settle stale pending jobs now, unless done less than a minute ago (`force`: at start).
    /// Failures are logged, never shown to the person at the screen.
    pub(super) fn settle_stale_jobs(&mut self, force: bool) {
        let now = self.clock.now();
        let due =
            force || self.last_settle.is_none_or(|t: NaiveDateTime| (now - t).num_seconds() >= SETTLE_EVERY_SECONDS);
        if !due || self.store.is_none() {
            return;
        }
        self.last_settle = Some(now);
        let keep = self.unrecorded_serials();
        let patience = self.timeouts.print_settled_after();
        let station = self.station();
        match self.store().and_then(|s| s.print_jobs().settle_stale(now, patience, &station, &keep)) {
            Ok(settled) => {
                for serial in settled {
                    self.log(&format!(
                        "print serial {serial:08}: left pending with no outcome recorded; settled as failed, \
                         outcome unknown (it may have printed): staff reprint or void it (`certdesk jobs list`)"
                    ));
                }
            }
            Err(e) => self.log(&format!("stale print jobs not settled: {e}")),
        }
    }
}
