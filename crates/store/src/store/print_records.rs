//! Online confirmation of a scanned slip (issue 18): did this registry print it?
//!
//! A verifier that reaches the registry asks whether a slip job exists with the slip's serial,
//! for the certificate of the slip's seal handle, stamped in the slip's minute. Only the answer
//! leaves the store: nothing of the print record (station, target, bytes, times) is returned.

use super::db::p;
use super::jobs::PrintJobs;
use super::{parse_time_text, Result};
use chrono::{NaiveDateTime, Timelike};

/// What the registry says about a slip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintRecord {
    /// A slip job with this serial, for this certificate, stamped in this minute.
    Matches,
    /// No such print: the serial is unknown, belongs to another certificate or another minute.
    None,
}

impl PrintJobs<'_> {
    /// Whether this registry printed the slip `serial` for the certificate whose seal handle is
    /// `handle`, stamped `printed_at` (minute precision, as on the slip). Every job that built
    /// a signed slip counts (a failed or voided job may still have reached the paper); a
    /// reminder notice is not a slip.
    pub fn confirm(&self, serial: u64, handle: &[u8; 8], printed_at: NaiveDateTime) -> Result<PrintRecord> {
        let Ok(id) = i64::try_from(serial) else { return Ok(PrintRecord::None) };
        let created: Option<String> = self.store.db.query_opt(
            "SELECT j.created_at FROM print_jobs j JOIN certificates c ON c.id = j.cert_id \
             WHERE j.id = ?1 AND c.seal_handle = ?2 AND j.document = 'slip'",
            p![id, handle.to_vec()],
            |r| r.get::<String>(0),
        )?;
        let minute = |t: NaiveDateTime| t.with_second(0).and_then(|t| t.with_nanosecond(0));
        Ok(match created.as_deref().and_then(parse_time_text) {
            Some(t) if minute(t) == minute(printed_at) => PrintRecord::Matches,
            _ => PrintRecord::None,
        })
    }
}
