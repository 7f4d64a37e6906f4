//! The registry's side of the reminder lists: the certificates that may fall due in a window,
//! and their holders' phones and employers. The exact rule is the domain's
//! (`domain::reminder::due_within`), applied by the caller to every candidate; the store only
//! narrows 1,000,000 holders down to candidates, by seeking the partial date indexes of the
//! "reminder lists" migration (`certificates_active_by_valid_until`,
//! `certificates_active_by_review_due`) over a few ranges of text dates (`YYYY-MM-DD` sorts as
//! the date), never by scanning the registry.

use super::db::{p, Param, Value};
use super::holders::Holders;
use super::{cert_from_row, Result, Store, StoreError, CERT_COLS};
use crate::domain::cert::{add_years, EXTENDED_REVIEW_INTERVAL_YEARS, REVIEW_INTERVAL_YEARS};
use crate::domain::Certificate;
use chrono::NaiveDate;

/// A candidate certificate with its holder's contact and employer.
#[derive(Debug, Clone)]
pub struct ReminderRow {
    /// The candidate certificate.
    pub cert: Certificate,
    /// The holder's mobile number, if the registry has one.
    pub mobile: Option<String>,
    /// The holder's employer's name, if known.
    pub employer: Option<String>,
    /// The employer's unified social credit code (统一社会信用代码), if known.
    pub employer_code: Option<String>,
}

/// A holder's phone and employer as the registry has them (untrimmed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    /// The holder's mobile number.
    pub mobile: Option<String>,
    /// The employer's name.
    pub employer: Option<String>,
    /// The employer's unified social credit code (统一社会信用代码).
    pub employer_code: Option<String>,
}

/// Keys per `IN (…)` fetch. The last batch is padded with its own last key so that every fetch
/// is the same statement (prepared once, on both backends).
const CHUNK: usize = 500;

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `?1, ?2, …, ?n`
fn marks(n: usize) -> String {
    (1..=n).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
}

/// `chunk` as exactly [`CHUNK`] parameters, the last one repeated, in `params` (reused).
fn padded<'a, T: Param>(params: &mut Vec<&'a dyn Param>, chunk: &'a [T]) {
    params.clear();
    params.extend((0..CHUNK).map(|i| chunk.get(i).unwrap_or(&chunk[chunk.len() - 1]) as &dyn Param));
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
    /// The phone and employer of each holder in `ids` — sorted and without repeats, as a
    /// reminder list has them after ordering its certificates by holder — looked up in batches
    /// that walk the holders' index in order. `None` for an id not in the registry.
    /// A second connection to this store's SQLite file, for reading on another thread (WAL
    /// lets readers run side by side): the reminder list fetches its two halves at once.
    /// `None` on PostgreSQL, in memory, or when the file cannot be opened again (the caller
    /// then reads everything on this connection). Read-only (`query_only`); it may see a
    /// write committed after this connection's last read, as any second terminal would.
    pub fn second_reader(&self) -> Option<Store> {
        if self.backend() != super::Backend::Sqlite || self.path == ":memory:" {
            return None;
        }
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = rusqlite::Connection::open_with_flags(&self.path, flags).ok()?;
        conn.execute_batch("PRAGMA query_only=ON; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-8192;").ok()?;
        conn.set_prepared_statement_cache_capacity(16);
        Some(Store {
            db: super::db::Db::Lite(conn),
            salt: self.salt,
            path: self.path.clone(),
            audit_seal: None,
            timeouts: self.timeouts,
        })
    }
}

impl Holders<'_> {
    /// Streams every active certificate whose 有效期止 or next review may fall within
    /// `from..=to` through `keep`, and returns what `keep` kept, in row-id order. A superset of
    /// the due ones, each certificate once.
    ///
    /// Two steps. First the row ids of the candidates, from the two partial indexes alone (no
    /// table row is read): those expiring in the window (`valid_until` in range), then those
    /// valid beyond it whose 应复审日期 is in one of [`review_due_ranges`]. Then the rows
    /// themselves, fetched by id in ascending batches, so that each table page is read once and
    /// in order instead of once per candidate in date order.
    pub fn reminder_certificates<T>(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        keep: impl FnMut(Certificate) -> Option<T>,
    ) -> Result<Vec<T>> {
        let ids = self.reminder_candidate_ids(from, to)?;
        self.reminder_rows(&ids, keep)
    }

    /// The first step of [`Holders::reminder_certificates`]: the candidates' row ids, ascending,
    /// each once, from the two partial indexes alone.
    pub fn reminder_candidate_ids(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<i64>> {
        if to < from {
            return Ok(Vec::new());
        }
        let mut ids: Vec<i64> = self.store.db.query(
            "SELECT id FROM certificates WHERE valid_until BETWEEN ?1 AND ?2 AND standing = 0",
            p![day(from), day(to)],
            |r| r.get(0),
        )?;
        for (a, b) in review_due_ranges(from, to) {
            self.store.db.each(
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
        Ok(ids)
    }

    /// The second step of [`Holders::reminder_certificates`]: the rows of `ids` (ascending), in
    /// that order, through `keep`.
    pub fn reminder_rows<T>(&self, ids: &[i64], mut keep: impl FnMut(Certificate) -> Option<T>) -> Result<Vec<T>> {
        let mut out = Vec::with_capacity(ids.len());
        if ids.is_empty() {
            return Ok(out);
        }
        let sql = format!("SELECT {CERT_COLS} FROM certificates WHERE id IN ({})", marks(CHUNK));
        let mut params = Vec::with_capacity(CHUNK);
        for chunk in ids.chunks(CHUNK) {
            padded(&mut params, chunk);
            self.store.db.each(&sql, &params, |r| {
                if let Some(t) = keep(cert_from_row(r)?) {
                    out.push(t);
                }
                Ok(true)
            })?;
        }
        Ok(out)
    }

    /// Contacts of the holders with the ID numbers `ids` (sorted, no repeats), in the same order; None for a holder not in the registry.
    pub fn contacts(&self, ids: &[&str]) -> Result<Vec<Option<Contact>>> {
        debug_assert!(ids.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        let mut out: Vec<Option<Contact>> = vec![None; ids.len()];
        let sql = format!(
            "SELECT id_number, mobile, employer, employer_code FROM holders WHERE id_number IN ({})",
            marks(CHUNK)
        );
        let mut params = Vec::with_capacity(CHUNK);
        for (k, chunk) in ids.chunks(CHUNK).enumerate() {
            padded(&mut params, chunk);
            // Rows come back in index order here, but no backend promises it: each is placed by
            // its id, looked for first where the previous one was found.
            let mut at = 0;
            self.store.db.each(&sql, &params, |r| {
                let Some(Value::Text(id)) = r.0.first() else {
                    return Err(StoreError::Invalid("holder id_number is not text".into()));
                };
                let i = match chunk.get(at) {
                    Some(&x) if x == id => Some(at),
                    _ => chunk.binary_search(&id.as_str()).ok(),
                };
                if let Some(i) = i {
                    out[k * CHUNK + i] =
                        Some(Contact { mobile: r.get(1)?, employer: r.get(2)?, employer_code: r.get(3)? });
                    at = i + 1;
                }
                Ok(true)
            })?;
        }
        Ok(out)
    }

    /// Every active certificate that may fall due within `from..=to`, with its holder's contact
    /// (a superset: the caller applies `domain::reminder::due_within`).
    pub fn reminder_candidates(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<ReminderRow>> {
        let certs = self.reminder_certificates(from, to, Some)?;
        let mut ids: Vec<&str> = certs.iter().map(|c| c.holder_id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        let contacts = self.contacts(&ids)?;
        Ok(certs
            .iter()
            .map(|cert| {
                let i = ids.binary_search(&cert.holder_id.as_str()).expect("every holder looked up");
                let c = contacts[i].clone().unwrap_or_default();
                ReminderRow {
                    cert: cert.clone(),
                    mobile: c.mobile,
                    employer: c.employer,
                    employer_code: c.employer_code,
                }
            })
            .collect())
    }
}
