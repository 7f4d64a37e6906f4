//! Bulk roster writes for the importer, a chunk at a time ([`RosterLoader::holders`],
//! [`RosterLoader::certificates`]): rows are written by one `INSERT … ON CONFLICT (key) DO
//! UPDATE … WHERE <content differs>` per run of rows, which inserts, updates or leaves each
//! row; the statement's count of changed rows says how many were written (the rest were
//! unchanged). Inserted vs updated is settled per load from the table's row count before and
//! after (no deletes happen in between).
//!
//! Why runs of rows, not one upsert per row:
//! - On SQLite, every statement that writes a row with CHECK and UNIQUE constraints inside a
//!   transaction opens a statement journal and copies each page it touches into it first, and
//!   sets itself up and tears itself down. A multi-row VALUES of 16 rows pays that once per 16
//!   (docs/performance.md has what bigger runs and a staging table did instead).
//! - On PostgreSQL a statement per row is a network round trip per row, which made an import
//!   several times slower than on SQLite; there a chunk goes to a TEMP staging table with one
//!   binary COPY, then one `INSERT … SELECT` writes it, and its RETURNING rows say which rows
//!   were written.
//!
//! A run of rows in which one identity repeats (a later roster row for the same certificate) is
//! cut in two, because one PostgreSQL statement may not update a row twice; the later row is
//! written after and wins, as row by row.
//!
//! A certificate that moves to another holder is reported with the *masked* previous holder —
//! never a raw ID number outside the registry tables. On SQLite a TEMP trigger (it lives in this
//! connection only and is dropped by `finish`) records it with the certificate's identity; on
//! PostgreSQL the statement reads the rows as they were before it (a data-modifying WITH sees
//! one snapshot). New seal handles are drawn here; a (one in 2^64) collision with another
//! handle fails the load cleanly, nothing written (run the import again). Everything stays in
//! the import's one transaction with its audit entry: all or nothing.

use super::db::{p, Param, ValueRef};
use super::holders::Holders;
use super::{gender_code, Backend, CertDates, Result, Store, StoreError, CERT_INSERT_COLS};
use crate::domain::{Certificate, Holder};
use std::collections::HashMap;

/// The page cache during a load. Big enough to hold the hot index pages of a
/// million-certificate registry's upper levels; small enough that an import of a province's
/// roster stays well under its memory bar (docs/performance.md).
const LOAD_CACHE_KIB: i64 = 48 * 1024;

/// What writing one certificate did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Inserted or updated.
    Written,
    /// Already as given.
    Unchanged,
    /// Updated, and it belonged to another holder before (the masked previous holder).
    Moved {
        /// The previous holder, masked.
        from: String,
    },
}

/// What writing a chunk of certificates did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wrote {
    /// Inserted or updated (the moved ones included).
    pub written: u64,
    /// Already as given.
    pub unchanged: u64,
    /// Certificates that belonged to another holder before: (place in the chunk, the masked
    /// previous holder), in chunk order.
    pub moved: Vec<(usize, String)>,
}

/// A bulk roster load in progress (see [`Holders::roster_loader`]).
pub struct RosterLoader<'s> {
    store: &'s Store,
    /// SQLite (its trigger made by `roster_loader`) or PostgreSQL.
    lite: bool,
    certs_before: u64,
    holders_before: u64,
    certs_written: u64,
    holders_written: u64,
    /// PostgreSQL: the staging tables exist in this session.
    staged: bool,
    /// Draws a new certificate's seal handle (random; a test can force a collision).
    draw_handle: Box<dyn FnMut() -> [u8; 8]>,
}

/// The holder columns a load writes.
const HOLDER_COLS: &str = "id_number, name, gender, mobile, employer, employer_code";

/// At most this many rows go to the server in one COPY and one upsert (the importer's chunks
/// are this size).
const PG_BATCH: usize = 32_768;

/// At most this many rows go into one multi-row statement on SQLite. Measured (1M and 100k
/// rows, docs/performance.md): 16 pays a statement's set-up a sixteenth as often as row by
/// row; 64 was faster at 100k rows but 25% slower at 1M (its statement journal grows with the
/// registry: every row touches its own pages of the random seal-handle index), and staging
/// 4,096 rows in a TEMP table cost 55 MB more memory at 1M.
const LITE_RUN: usize = 16;

/// Counts of a finished load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadCounts {
    /// Certificates new to the registry.
    pub inserted: u64,
    /// Certificates whose fields changed.
    pub updated: u64,
    /// Holders new to the registry.
    pub holders_inserted: u64,
    /// Holders whose fields changed.
    pub holders_updated: u64,
}

impl RosterLoader<'_> {
    /// Insert or update one holder; true if the row was written (new or changed).
    pub fn holder(&mut self, h: &Holder) -> Result<bool> {
        let before = self.holders_written;
        self.holders(&[h])?;
        Ok(self.holders_written > before)
    }

    /// Insert or update one certificate by its identity (kind, 证号, 作业类别, 操作项目); a
    /// 合格证 keeps no 作业类别/操作项目. The holder must have been written first.
    pub fn certificate(&mut self, c: &Certificate) -> Result<Written> {
        let mut w = self.certificates(&[c])?;
        Ok(match w.moved.pop() {
            Some((_, from)) => Written::Moved { from },
            None if w.written > 0 => Written::Written,
            None => Written::Unchanged,
        })
    }

    /// Insert or update holders, a chunk at a time (one holder once per call; a repeated one is
    /// written again after, and the later wins): one statement per run.
    pub fn holders(&mut self, hs: &[&Holder]) -> Result<()> {
        if self.lite {
            for part in unique_runs(hs, LITE_RUN, |h| h.id_number.as_str()) {
                self.holders_written += self.lite_holders(part)?;
            }
            return Ok(());
        }
        self.stage()?;
        for part in unique_runs(hs, PG_BATCH, |h| h.id_number.as_str()) {
            let genders: Vec<u8> = part.iter().map(|h| gender_code(h.gender)).collect();
            let rows: Vec<Vec<ValueRef<'_>>> =
                part.iter().zip(&genders).map(|(h, g)| holder_values(h, g).to_vec()).collect();
            let db = &self.store.db;
            db.batch("TRUNCATE import_holders")?;
            db.copy_in("import_holders", HOLDER_COLS, &rows)?;
            self.holders_written += db.execute(
                &format!(
                    "INSERT INTO holders ({HOLDER_COLS}) SELECT {HOLDER_COLS} FROM import_holders \
                     ON CONFLICT (id_number) DO UPDATE SET name = excluded.name, gender = excluded.gender, \
                       mobile = excluded.mobile, employer = excluded.employer, employer_code = excluded.employer_code \
                     WHERE (holders.name, holders.gender, holders.mobile, holders.employer, holders.employer_code) \
                       IS DISTINCT FROM \
                       (excluded.name, excluded.gender, excluded.mobile, excluded.employer, excluded.employer_code)"
                ),
                p![],
            )?;
        }
        Ok(())
    }

    /// Insert or update certificates, a chunk at a time; what happened to each, in order. The
    /// holders must have been written first. One statement per run (see the module's note).
    pub fn certificates(&mut self, cs: &[&Certificate]) -> Result<Wrote> {
        let mut out = Wrote::default();
        let mut at = 0;
        if self.lite {
            for part in unique_runs(cs, LITE_RUN, identity) {
                self.lite_certificates(part, at, &mut out)?;
                at += part.len();
            }
            self.certs_written += out.written;
            return Ok(out);
        }
        self.stage()?;
        for part in unique_runs(cs, PG_BATCH, identity) {
            let dates: Vec<CertDates> = part.iter().map(|c| CertDates::of(c)).collect();
            let handles: Vec<[u8; 8]> = part.iter().map(|_| (self.draw_handle)()).collect();
            let rows: Vec<Vec<ValueRef<'_>>> = part
                .iter()
                .zip(&dates)
                .zip(&handles)
                .enumerate()
                .map(|(i, ((c, d), h))| {
                    let mut row = Vec::with_capacity(18);
                    row.push(ValueRef::Int(i as i64));
                    row.extend(super::cert_insert_values(c, d));
                    row.push(ValueRef::Blob(h));
                    row
                })
                .collect();
            let db = &self.store.db;
            db.batch("TRUNCATE import_certs")?;
            db.copy_in("import_certs", &format!("seq, {CERT_INSERT_COLS}, seal_handle"), &rows)?;
            // `old`: the rows as they were before this statement (a data-modifying WITH sees one
            // snapshot), so the previous holder of an updated row is known.
            let res = db.query(
                &format!(
                    "WITH old AS (SELECT c.id, c.holder_id FROM import_certs s JOIN certificates c \
                       ON c.kind = s.kind AND c.number = s.number AND c.category = s.category AND c.item = s.item), \
                     up AS (INSERT INTO certificates ({CERT_INSERT_COLS}, seal_handle) \
                       SELECT {CERT_INSERT_COLS}, seal_handle FROM import_certs ORDER BY seq \
                       ON CONFLICT (kind, number, category, item) DO UPDATE SET holder_id = excluded.holder_id, \
                         name = excluded.name, gender = excluded.gender, industry = excluded.industry, \
                         first_issued = excluded.first_issued, valid_from = excluded.valid_from, \
                         valid_until = excluded.valid_until, review_due = excluded.review_due, \
                         reviewed_on = excluded.reviewed_on, issuer = excluded.issuer, standing = excluded.standing, \
                         extended_review = excluded.extended_review \
                       WHERE (certificates.holder_id, certificates.name, certificates.gender, certificates.industry, \
                         certificates.first_issued, certificates.valid_from, certificates.valid_until, \
                         certificates.review_due, certificates.reviewed_on, certificates.issuer, \
                         certificates.standing, certificates.extended_review) IS DISTINCT FROM \
                         (excluded.holder_id, excluded.name, excluded.gender, excluded.industry, \
                         excluded.first_issued, excluded.valid_from, excluded.valid_until, excluded.review_due, \
                         excluded.reviewed_on, excluded.issuer, excluded.standing, excluded.extended_review) \
                       RETURNING id, kind, number, category, item) \
                     SELECT s.seq, old.holder_id FROM up \
                       JOIN import_certs s ON s.kind = up.kind AND s.number = up.number \
                         AND s.category = up.category AND s.item = up.item \
                       LEFT JOIN old ON old.id = up.id"
                ),
                p![],
                |r| Ok((r.get::<usize>(0)?, r.get::<Option<String>>(1)?)),
            );
            let written = match res {
                Ok(w) => w,
                Err(e) if e.is_unique_violation("certificates", "seal_handle") => return Err(seal_collision()),
                Err(e) => return Err(e),
            };
            let first_moved = out.moved.len();
            out.written += written.len() as u64;
            out.unchanged += (part.len() - written.len()) as u64;
            for (seq, old) in written {
                let Some(c) = part.get(seq) else {
                    return Err(StoreError::Invalid(format!("the server returned an unknown row {seq}")));
                };
                if let Some(prev) = old.filter(|prev| *prev != c.holder_id) {
                    out.moved.push((at + seq, crate::domain::id::mask(&prev)));
                }
            }
            out.moved[first_moved..].sort_unstable_by_key(|m| m.0);
            at += part.len();
        }
        self.certs_written += out.written;
        Ok(out)
    }

    /// SQLite: one run of holders (no repeats) written by one multi-row statement; how many
    /// were written (new or changed).
    fn lite_holders(&mut self, part: &[&Holder]) -> Result<u64> {
        let genders: Vec<u8> = part.iter().map(|h| gender_code(h.gender)).collect();
        let mut values: Vec<ValueRef<'_>> = Vec::with_capacity(part.len() * 6);
        for (h, g) in part.iter().zip(&genders) {
            values.extend(holder_values(h, g));
        }
        let n = self
            .store
            .conn()
            .prepare_cached(&format!(
                "INSERT INTO main.holders ({HOLDER_COLS}) VALUES {} \
                 ON CONFLICT (id_number) DO UPDATE SET name = excluded.name, gender = excluded.gender, \
                   mobile = excluded.mobile, employer = excluded.employer, employer_code = excluded.employer_code \
                 WHERE (name, gender, mobile, employer, employer_code) IS NOT \
                   (excluded.name, excluded.gender, excluded.mobile, excluded.employer, excluded.employer_code)",
                placeholders(part.len(), 6)
            ))?
            .execute(rusqlite::params_from_iter(values.iter()))?;
        Ok(n as u64)
    }

    /// SQLite: one run of certificates (no identity repeats), starting at `at` in the chunk,
    /// written by one multi-row statement.
    fn lite_certificates(&mut self, part: &[&Certificate], at: usize, out: &mut Wrote) -> Result<()> {
        let conn = self.store.conn();
        conn.execute_batch("DELETE FROM temp.import_moved")?;
        let dates: Vec<CertDates> = part.iter().map(|c| CertDates::of(c)).collect();
        let handles: Vec<[u8; 8]> = part.iter().map(|_| (self.draw_handle)()).collect();
        let mut values: Vec<ValueRef<'_>> = Vec::with_capacity(part.len() * 17);
        for ((c, d), h) in part.iter().zip(&dates).zip(&handles) {
            values.extend(super::cert_insert_values(c, d));
            values.push(ValueRef::Blob(h));
        }
        let res = conn
            .prepare_cached(&format!(
                "INSERT INTO main.certificates ({CERT_INSERT_COLS}, seal_handle) VALUES {} \
                 ON CONFLICT (kind, number, category, item) DO UPDATE SET holder_id = excluded.holder_id, \
                   name = excluded.name, gender = excluded.gender, industry = excluded.industry, \
                   first_issued = excluded.first_issued, valid_from = excluded.valid_from, \
                   valid_until = excluded.valid_until, review_due = excluded.review_due, \
                   reviewed_on = excluded.reviewed_on, issuer = excluded.issuer, standing = excluded.standing, \
                   extended_review = excluded.extended_review \
                 WHERE (holder_id, name, gender, industry, first_issued, valid_from, valid_until, review_due, \
                   reviewed_on, issuer, standing, extended_review) IS NOT \
                   (excluded.holder_id, excluded.name, excluded.gender, excluded.industry, excluded.first_issued, \
                   excluded.valid_from, excluded.valid_until, excluded.review_due, excluded.reviewed_on, \
                   excluded.issuer, excluded.standing, excluded.extended_review)",
                placeholders(part.len(), 17)
            ))?
            .execute(rusqlite::params_from_iter(values.iter()));
        // `changes()` counts the rows the statement inserted or updated, not the trigger's.
        let written = match res {
            Ok(n) => n as u64,
            Err(e) if is_seal_collision(&e) => return Err(seal_collision()),
            Err(e) => return Err(e.into()),
        };
        out.written += written;
        out.unchanged += part.len() as u64 - written;
        // Moved certificates are rare: their rows are found by identity only when there are some.
        let mut moved =
            conn.prepare_cached("SELECT kind, number, category, item, old_holder FROM temp.import_moved")?;
        let mut rows = moved.query([])?;
        let mut place: Option<HashMap<(i64, &str, &str, &str), usize>> = None;
        let first = out.moved.len();
        while let Some(r) = rows.next()? {
            let place = place.get_or_insert_with(|| part.iter().enumerate().map(|(i, c)| (identity(c), i)).collect());
            let (kind, number, category, item): (i64, String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let Some(&i) = place.get(&(kind, number.as_str(), category.as_str(), item.as_str())) else {
                return Err(StoreError::Invalid("a moved certificate that was not in the chunk".into()));
            };
            out.moved.push((at + i, r.get(4)?));
        }
        out.moved[first..].sort_unstable_by_key(|m| m.0);
        Ok(())
    }

    /// PostgreSQL: the session's staging tables, shaped like the tables they feed (made once
    /// per loader, inside the import's transaction, and dropped by `finish`).
    fn stage(&mut self) -> Result<()> {
        if !self.staged {
            self.store.db.batch(&format!(
                "CREATE TEMP TABLE IF NOT EXISTS import_holders AS SELECT {HOLDER_COLS} FROM holders WITH NO DATA; \
                 CREATE TEMP TABLE IF NOT EXISTS import_certs AS \
                   SELECT 0::bigint AS seq, {CERT_INSERT_COLS}, seal_handle FROM certificates WITH NO DATA;"
            ))?;
            self.staged = true;
        }
        Ok(())
    }

    /// A test's way to choose the seal handles new certificates draw.
    #[cfg(test)]
    pub(crate) fn draw_handles_with(&mut self, f: impl FnMut() -> [u8; 8] + 'static) {
        self.draw_handle = Box::new(f);
    }

    /// Counts for the load, and PostgreSQL's staging tables or SQLite's trigger removed.
    pub fn finish(self) -> Result<LoadCounts> {
        let store = self.store;
        let (certs_before, holders_before) = (self.certs_before, self.holders_before);
        let (certs_written, holders_written) = (self.certs_written, self.holders_written);
        if self.staged {
            store.db.batch("DROP TABLE IF EXISTS pg_temp.import_holders, pg_temp.import_certs")?;
        }
        if self.lite {
            store.conn().execute_batch(
                "DROP TRIGGER IF EXISTS temp.import_moved_holder; DROP TABLE IF EXISTS temp.import_moved;",
            )?;
        }
        let inserted = store.holders().certificate_count()?.saturating_sub(certs_before);
        let holders_inserted = store.holders().count()?.saturating_sub(holders_before);
        Ok(LoadCounts {
            inserted,
            updated: certs_written.saturating_sub(inserted),
            holders_inserted,
            holders_updated: holders_written.saturating_sub(holders_inserted),
        })
    }
}

/// A holder's values for [`HOLDER_COLS`], borrowed (`gender` is its stored code).
fn holder_values<'a>(h: &'a Holder, gender: &'a u8) -> [ValueRef<'a>; 6] {
    [
        ValueRef::Text(&h.id_number),
        ValueRef::Text(&h.name),
        gender.value_ref(),
        h.mobile.value_ref(),
        h.employer.value_ref(),
        h.employer_code.value_ref(),
    ]
}

/// `rows` groups of `cols` anonymous placeholders, for a multi-row VALUES.
fn placeholders(rows: usize, cols: usize) -> String {
    let row = format!("({})", vec!["?"; cols].join(", "));
    vec![row; rows].join(", ")
}

/// A certificate's identity (kind, 证号, 作业类别, 操作项目), borrowed; '' where its kind has no
/// category or item.
fn identity(c: &Certificate) -> (i64, &str, &str, &str) {
    let (category, item) = super::identity_parts(c);
    (c.kind.code().into(), c.number.as_str(), category, item)
}

/// A new certificate drew a seal handle already in use: the load fails whole (a retry would
/// need a savepoint per chunk for an event of one chance in 2^64 per pair of handles).
fn seal_collision() -> StoreError {
    StoreError::Invalid(
        "a new certificate drew a seal handle already in use (about one chance in 2^64); \
         nothing was written: run the import again"
            .into(),
    )
}

fn is_seal_collision(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, Some(m))
        if f.code == rusqlite::ErrorCode::ConstraintViolation && m.contains("seal_handle"))
}

/// `items` cut into consecutive runs of at most `most` in which no key repeats:
/// one statement may not write the same row twice, and a later row must be written after an
/// earlier one with the same key.
fn unique_runs<'a, T, K: std::hash::Hash + Eq>(
    items: &'a [&'a T],
    most: usize,
    key: impl Fn(&'a T) -> K,
) -> Vec<&'a [&'a T]> {
    let mut runs = Vec::new();
    // SipHash's DoS resistance buys nothing here (a roster cannot hurt more than its own
    // import) and cost a twentieth of the import's CPU time.
    let mut seen = std::collections::HashSet::with_hasher(foldhash::fast::FixedState::default());
    let mut start = 0;
    for (i, it) in items.iter().enumerate() {
        if i - start >= most || !seen.insert(key(*it)) {
            runs.push(&items[start..i]);
            start = i;
            seen.clear();
            seen.insert(key(*it));
        }
    }
    if start < items.len() {
        runs.push(&items[start..]);
    }
    runs
}

impl<'s> Holders<'s> {
    /// Start a bulk roster load. Call inside [`Store::bulk`] (one transaction, holders before
    /// their certificates); finish with [`RosterLoader::finish`].
    pub fn roster_loader(&self) -> Result<RosterLoader<'s>> {
        let lite = self.store.backend() == Backend::Sqlite;
        if lite {
            // The trigger records a certificate that changes holder, with its identity (to find
            // its row) and the masked previous holder.
            self.store.conn().execute_batch(&format!(
                "PRAGMA cache_size=-{LOAD_CACHE_KIB};
                 CREATE TEMP TABLE IF NOT EXISTS import_moved (kind INTEGER NOT NULL, number TEXT NOT NULL, \
                     category TEXT NOT NULL, item TEXT NOT NULL, old_holder TEXT NOT NULL);
                 CREATE TEMP TRIGGER IF NOT EXISTS import_moved_holder
                     AFTER UPDATE OF holder_id ON main.certificates
                     WHEN old.holder_id IS NOT new.holder_id
                 BEGIN
                     INSERT INTO import_moved (kind, number, category, item, old_holder)
                     VALUES (new.kind, new.number, new.category, new.item,
                             substr(old.holder_id, 1, 6) || '********' || substr(old.holder_id, 15));
                 END;"
            ))?;
        }
        Ok(RosterLoader {
            store: self.store,
            lite,
            certs_before: self.certificate_count()?,
            holders_before: self.count()?,
            certs_written: 0,
            holders_written: 0,
            staged: false,
            draw_handle: Box::new(rand::random),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CertKind;
    use crate::testkit::{sample_certs, sample_holder};

    fn other() -> Holder {
        Holder { id_number: "110105194912310029".into(), name: "李四".into(), ..sample_holder() }
    }

    /// One load of `hs` then `cs` in one transaction: what happened to each certificate, and
    /// the counts.
    fn load(s: &Store, hs: &[&Holder], cs: &[&Certificate]) -> Result<(Wrote, LoadCounts)> {
        s.bulk(|s| {
            let mut l = s.holders().roster_loader()?;
            l.holders(hs)?;
            let w = l.certificates(cs)?;
            Ok((w, l.finish()?))
        })
    }

    /// Issue 10: the chunked loader (one upsert per run; staged by COPY on PostgreSQL)
    /// answers alike on both: a chunk in which a certificate repeats (the later row
    /// wins, written after), unchanged rows on a re-import, a 合格证 moved to another holder
    /// with the previous holder masked (never a raw ID outside the registry tables).
    #[test]
    fn chunks_answer_alike_on_both_backends() {
        for (_d, s) in crate::store::test_stores("loader_chunks") {
            let (h1, h2) = (sample_holder(), other());
            let certs = sample_certs();
            let mut later = certs[0].clone();
            later.issuer = "另一发证机关".into();
            let (w, n) = load(&s, &[&h1, &h2, &h1], &[&certs[0], &certs[1], &later]).unwrap();
            assert_eq!(w, Wrote { written: 3, unchanged: 0, moved: vec![] });
            assert_eq!((n.inserted, n.updated, n.holders_inserted), (2, 1, 2));
            let stored = s.holders().certificates_for(&h1.id_number).unwrap();
            assert!(stored.iter().any(|c| c.issuer == "另一发证机关"), "the later row must win");
            assert!(stored.iter().all(|c| c.seal_handle != [0; 8]));

            let mut moved = certs[1].clone();
            assert_eq!(moved.kind, CertKind::Principal);
            moved.holder_id = h2.id_number.clone();
            let (w, n) = load(&s, &[&h1, &h2], &[&later, &moved]).unwrap();
            assert_eq!(w, Wrote { written: 1, unchanged: 1, moved: vec![(1, "110105********002X".into())] });
            assert_eq!((n.inserted, n.updated, n.holders_updated), (0, 1, 0));
            assert_eq!(s.holders().certificates_for(&h2.id_number).unwrap().len(), 1);
        }
    }

    /// A new certificate that draws a seal handle already in use (forced here; one chance in
    /// 2^64 for real) fails the whole load with a clear message and nothing written: no holder,
    /// no certificate, whether the handle is another new row's or a stored one's. Both backends.
    #[test]
    fn a_seal_handle_collision_fails_the_load_cleanly() {
        for (_d, s) in crate::store::test_stores("loader_collision") {
            let certs = sample_certs();
            let clash = |s: &Store, handle: [u8; 8], hs: &[&Holder], cs: &[&Certificate]| {
                s.bulk(|s| {
                    let mut l = s.holders().roster_loader()?;
                    l.draw_handles_with(move || handle);
                    l.holders(hs)?;
                    l.certificates(cs)?;
                    l.finish()
                })
                .unwrap_err()
            };
            let e = clash(&s, [9; 8], &[&sample_holder()], &[&certs[0], &certs[1]]);
            assert!(e.to_string().contains("seal handle already in use"), "{e}");
            assert_eq!(
                (s.holders().count().unwrap(), s.holders().certificate_count().unwrap()),
                (0, 0),
                "half written"
            );

            load(&s, &[&sample_holder()], &[&certs[0]]).unwrap();
            let taken = s.holders().certificates_for(&sample_holder().id_number).unwrap()[0].seal_handle;
            let e = clash(&s, taken, &[&other()], &[&Certificate { holder_id: other().id_number, ..certs[1].clone() }]);
            assert!(e.to_string().contains("nothing was written"), "{e}");
            assert_eq!(
                (s.holders().count().unwrap(), s.holders().certificate_count().unwrap()),
                (1, 1),
                "half written"
            );
        }
    }

    #[test]
    fn runs_cut_where_a_key_repeats() {
        let v: Vec<&u32> = [1, 2, 3, 2, 4, 4, 5].iter().collect();
        let cut = |most| -> Vec<Vec<u32>> {
            unique_runs(&v, most, |x| *x).iter().map(|r| r.iter().map(|x| **x).collect()).collect()
        };
        assert_eq!(cut(100), vec![vec![1, 2, 3], vec![2, 4], vec![4, 5]]);
        assert_eq!(cut(2), vec![vec![1, 2], vec![3, 2], vec![4], vec![4, 5]]);
        assert!(unique_runs::<u32, u32>(&[], 100, |x| *x).is_empty());
    }
}
