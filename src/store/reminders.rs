//! The registry's side of the reminder lists: the certificates that may fall due in a window,
//! and their holders' phones and employers. The exact rule is the domain's
//! (`domain::reminder::due_within`), applied by the caller to every candidate; the store only
//! narrows 1,000,000 holders down to candidates, by seeking the date indexes of migration
//! "reminder lists" (`certificates_by_valid_until`, `certificates_by_review_due`) over a few
//! ranges of text dates (`YYYY-MM-DD` sorts as the date), never by scanning the registry.

use super::db::{p, Param};
use super::{cert_from_row, Result, Store, CERT_COLS};
use crate::domain::cert::{add_years, EXTENDED_REVIEW_INTERVAL_YEARS, REVIEW_INTERVAL_YEARS};
use crate::domain::Certificate;
use chrono::NaiveDate;

/// A candidate certificate with its holder's contact and employer.
#[derive(Debug, Clone)]
pub struct ReminderRow {
    pub cert: Certificate,
    pub mobile: Option<String>,
    pub employer: Option<String>,
    pub employer_code: Option<String>,
}

/// A holder's phone and employer as the registry has them (untrimmed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub mobile: Option<String>,
    pub employer: Option<String>,
    pub employer_code: Option<String>,
}

/// Certificate rows per `id IN (…)` fetch. The last batch is padded with its own last id so that
/// every fetch is the same statement (prepared once, on both backends).
const ROW_CHUNK: usize = 500;

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The ranges of 应复审日期 (`review_due`) whose next pending review may fall in `from..=to`:
/// the roster's date itself, or — once a review is recorded for it — the date 3 years on (6 with
/// 延期复审, 30号令 art. 21). `add_years` moves 29 February to 28 February, so a shifted range
/// is widened by a day at each end. Overlapping ranges (windows of years) are merged, so no
/// certificate is read twice.
pub fn review_due_ranges(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let day1 = chrono::Days::new(1);
    let mut ranges = vec![(from, to)];
    for years in [REVIEW_INTERVAL_YEARS, EXTENDED_REVIEW_INTERVAL_YEARS] {
        let y = years as i32;
        ranges.push((add_years(from, -y) - day1, add_years(to, -y) + day1));
    }
    ranges.sort();
    let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::with_capacity(ranges.len());
    for (a, b) in ranges {
        match merged.last_mut() {
            Some(last) if a <= last.1 + day1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

impl Store {
    /// Streams every active certificate whose 有效期止 or next review may fall within
    /// `from..=to`, with its holder's contact, through `keep`, and returns what `keep` kept, in
    /// row-id order. A superset of the due ones, each certificate once.
    ///
    /// Two steps. First the row ids of the candidates, from the two partial indexes alone (no
    /// table row is read): those expiring in the window (`valid_until` in range), then those
    /// valid beyond it whose 应复审日期 is in one of [`review_due_ranges`]. Then the rows
    /// themselves with their holders' contacts, fetched by id in ascending batches, so that each
    /// table page is read once and in order instead of once per candidate in date order (a
    /// roster's holders and their certificates are stored in the same order, so the holders'
    /// pages follow too).
    pub fn reminder_certificates<T>(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        mut keep: impl FnMut(Certificate, Contact) -> Option<T>,
    ) -> Result<Vec<T>> {
        if to < from {
            return Ok(Vec::new());
        }
        let mut ids: Vec<i64> = self.db.query(
            "SELECT id FROM certificates WHERE valid_until BETWEEN ?1 AND ?2 AND standing = 0",
            p![day(from), day(to)],
            |r| r.get(0),
        )?;
        for (a, b) in review_due_ranges(from, to) {
            self.db.each(
                "SELECT id FROM certificates \
                 WHERE review_due BETWEEN ?1 AND ?2 AND valid_until > ?3 AND standing = 0",
                p![day(a), day(b), day(to)],
                |r| {
                    ids.push(r.get(0)?);
                    Ok(true)
                },
            )?;
        }
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::with_capacity(ids.len());
        if ids.is_empty() {
            return Ok(out);
        }
        let cols: Vec<String> = CERT_COLS.split(',').map(|c| format!("c.{}", c.trim())).collect();
        let n = cols.len();
        let marks: Vec<String> = (1..=ROW_CHUNK).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "SELECT {}, h.mobile, h.employer, h.employer_code FROM certificates c \
             JOIN holders h ON h.id_number = c.holder_id WHERE c.id IN ({}) ORDER BY c.id",
            cols.join(", "),
            marks.join(", ")
        );
        let mut params: Vec<&dyn Param> = Vec::with_capacity(ROW_CHUNK);
        for chunk in ids.chunks(ROW_CHUNK) {
            params.clear();
            params.extend((0..ROW_CHUNK).map(|i| chunk.get(i).unwrap_or(&chunk[chunk.len() - 1]) as &dyn Param));
            self.db.each(&sql, &params, |r| {
                let contact = Contact { mobile: r.get(n)?, employer: r.get(n + 1)?, employer_code: r.get(n + 2)? };
                if let Some(t) = keep(cert_from_row(r)?, contact) {
                    out.push(t);
                }
                Ok(true)
            })?;
        }
        Ok(out)
    }

    /// Every active certificate that may fall due within `from..=to`, with its holder's contact
    /// (a superset: the caller applies `domain::reminder::due_within`).
    pub fn reminder_candidates(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<ReminderRow>> {
        self.reminder_certificates(from, to, |cert, c| {
            Some(ReminderRow { cert, mobile: c.mobile, employer: c.employer, employer_code: c.employer_code })
        })
    }
}
