//! Bulk roster writes for the importer: one UPSERT statement per holder and per certificate,
//! no SELECT before it.
//!
//! The previous path read every certificate before writing it (a SELECT per row, and a
//! 16-parameter bind for the comparison's sake). Here the database decides: `INSERT … ON
//! CONFLICT (key) DO UPDATE … WHERE <content differs>` inserts, updates or leaves the row,
//! and `changes()` tells which of "written" / "unchanged" happened. Inserted vs updated is
//! settled per load from the table's row count before and after (no deletes happen in
//! between). A new certificate's seal handle is `randomblob(8)` in the statement itself; a
//! (one in 2^64) collision with an existing handle is retried.
//!
//! A 合格证 that moves to another holder is noticed by a TEMP trigger (it lives in this
//! connection only and is dropped when the loader is): it records the certificate id and the
//! *masked* previous holder — never a raw ID number outside the registry tables — and the
//! trigger's extra change in `total_changes()` tells the loader which row moved.
//!
//! On PostgreSQL a row-by-row load pays one network round trip per statement, which made an
//! import several times slower than on SQLite. There the loader takes a chunk at a time
//! ([`RosterLoader::holders`], [`RosterLoader::certificates`]): the rows go to a TEMP staging
//! table with one binary COPY, then one `INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE
//! <content differs>` writes them all, and its RETURNING rows, joined to the rows as they were
//! before the statement (same snapshot), say which were inserted, updated or moved to another
//! holder (the previous holder masked, as on SQLite). Everything stays in the import's one
//! transaction with its audit entry: all or nothing. A run of rows in which one identity repeats
//! (a later roster row for the same certificate) is cut in two, because one statement may not
//! update a row twice; the later row is written after and wins, as row by row. New seal handles
//! are drawn here; a (one in 2^64) collision fails the load cleanly, nothing written (run the
//! import again), rather than retrying: a retry would need a savepoint per row.

use super::db::{p, Param, ValueRef};
use super::{gender_code, Backend, CertDates, Result, Store, StoreError, CERT_INSERT_COLS};
use crate::domain::{Certificate, Holder};
use rusqlite::{params, Statement};

/// The page cache during a load. Big enough to hold the hot index pages of a
/// million-certificate registry's upper levels; small enough that an import of a province's
/// roster stays well under its memory bar (docs/performance.md).
const LOAD_CACHE_KIB: i64 = 48 * 1024;

/// What writing one certificate did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Inserted or updated.
    Written,
    Unchanged,
    /// Updated, and it belonged to another holder before (the masked previous holder).
    Moved {
        from: String,
    },
}

pub struct RosterLoader<'s> {
    store: &'s Store,
    /// SQLite's prepared statements (the fast path); `None` on PostgreSQL.
    lite: Option<(Statement<'s>, Statement<'s>)>,
    certs_before: u64,
    holders_before: u64,
    certs_written: u64,
    holders_written: u64,
    /// PostgreSQL: the staging tables exist in this session.
    staged: bool,
    /// Draws a new certificate's seal handle on PostgreSQL (random; a test can force a
    /// collision).
    draw_handle: Box<dyn FnMut() -> [u8; 8]>,
}

/// The holder columns a load writes.
const HOLDER_COLS: &str = "id_number, name, gender, mobile, employer, employer_code";

/// At most this many rows go to the server in one COPY and one upsert (the importer's chunks
/// are this size).
const PG_BATCH: usize = 32_768;

impl Store {
    /// Start a bulk roster load. Call inside [`Store::bulk`] (one transaction, holders before
    /// their certificates); finish with [`RosterLoader::finish`].
    pub fn roster_loader(&self) -> Result<RosterLoader<'_>> {
        if self.backend() == Backend::Postgres {
            return Ok(RosterLoader {
                store: self,
                lite: None,
                certs_before: self.certificate_count()?,
                holders_before: self.holder_count()?,
                certs_written: 0,
                holders_written: 0,
                staged: false,
                draw_handle: Box::new(rand::random),
            });
        }
        self.conn().execute_batch(&format!(
            "PRAGMA cache_size=-{LOAD_CACHE_KIB};
             CREATE TEMP TABLE IF NOT EXISTS import_moved (cert INTEGER NOT NULL, old_holder TEXT NOT NULL);
             CREATE TEMP TRIGGER IF NOT EXISTS import_moved_holder
                 AFTER UPDATE OF holder_id ON main.certificates
                 WHEN old.holder_id IS NOT new.holder_id
             BEGIN
                 INSERT INTO import_moved (cert, old_holder)
                 VALUES (old.id, substr(old.holder_id, 1, 6) || '********' || substr(old.holder_id, 15));
             END;"
        ))?;
        let holder = self.conn().prepare(
            "INSERT INTO holders (id_number, name, gender, mobile, employer, employer_code) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
             ON CONFLICT (id_number) DO UPDATE SET name = excluded.name, gender = excluded.gender, \
               mobile = excluded.mobile, employer = excluded.employer, employer_code = excluded.employer_code \
             WHERE (name, gender, mobile, employer, employer_code) IS NOT \
               (excluded.name, excluded.gender, excluded.mobile, excluded.employer, excluded.employer_code)",
        )?;
        let cert = self.conn().prepare(
            "INSERT INTO certificates (number, kind, holder_id, name, gender, category, item, industry, \
               first_issued, valid_from, valid_until, review_due, reviewed_on, issuer, standing, \
               extended_review, seal_handle) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, randomblob(8)) \
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
        )?;
        Ok(RosterLoader {
            store: self,
            lite: Some((holder, cert)),
            certs_before: self.certificate_count()?,
            holders_before: self.holder_count()?,
            certs_written: 0,
            holders_written: 0,
            staged: false,
            draw_handle: Box::new(rand::random),
        })
    }
}

/// Counts of a finished load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadCounts {
    pub inserted: u64,
    pub updated: u64,
    pub holders_inserted: u64,
    pub holders_updated: u64,
}

impl RosterLoader<'_> {
    /// Insert or update a holder; true if the row was written (new or changed).
    pub fn holder(&mut self, h: &Holder) -> Result<bool> {
        let n = match &mut self.lite {
            Some((holder, _)) => holder.execute(params![
                h.id_number,
                h.name,
                gender_code(h.gender),
                h.mobile,
                h.employer,
                h.employer_code
            ])? as u64,
            None => self.store.db.execute(
                "INSERT INTO holders (id_number, name, gender, mobile, employer, employer_code) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
                 ON CONFLICT (id_number) DO UPDATE SET name = excluded.name, gender = excluded.gender, \
                   mobile = excluded.mobile, employer = excluded.employer, employer_code = excluded.employer_code \
                 WHERE (holders.name, holders.gender, holders.mobile, holders.employer, holders.employer_code) \
                   IS DISTINCT FROM \
                   (excluded.name, excluded.gender, excluded.mobile, excluded.employer, excluded.employer_code)",
                p![h.id_number, h.name, gender_code(h.gender), h.mobile, h.employer, h.employer_code],
            )?,
        };
        self.holders_written += n;
        Ok(n > 0)
    }

    /// Insert or update a certificate by its identity (kind, 证号, 作业类别, 操作项目); a
    /// 合格证 keeps no 作业类别/操作项目. The holder must have been written first.
    pub fn certificate(&mut self, c: &Certificate) -> Result<Written> {
        // A 合格证's category and item are '' whatever the row says (`cert_insert_values`).
        let written = CertDates::of(c);
        let values = super::cert_insert_values(c, &written);
        let Some((_, cert)) = &mut self.lite else {
            // PostgreSQL: `old` is the row as it was before this statement (same snapshot).
            let fresh: [u8; 8] = rand::random();
            let mut params: Vec<&dyn super::db::Param> = values.iter().map(|v| v as &dyn super::db::Param).collect();
            params.push(&fresh);
            let res = self.store.db.query_opt(
                "WITH old AS (SELECT holder_id FROM certificates \
                   WHERE kind = ?2 AND number = ?1 AND category = ?6 AND item = ?7) \
                 INSERT INTO certificates (number, kind, holder_id, name, gender, category, item, industry, \
                   first_issued, valid_from, valid_until, review_due, reviewed_on, issuer, standing, \
                   extended_review, seal_handle) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) \
                 ON CONFLICT (kind, number, category, item) DO UPDATE SET holder_id = excluded.holder_id, \
                   name = excluded.name, gender = excluded.gender, industry = excluded.industry, \
                   first_issued = excluded.first_issued, valid_from = excluded.valid_from, \
                   valid_until = excluded.valid_until, review_due = excluded.review_due, \
                   reviewed_on = excluded.reviewed_on, issuer = excluded.issuer, standing = excluded.standing, \
                   extended_review = excluded.extended_review \
                 WHERE (certificates.holder_id, certificates.name, certificates.gender, certificates.industry, \
                   certificates.first_issued, certificates.valid_from, certificates.valid_until, \
                   certificates.review_due, certificates.reviewed_on, certificates.issuer, certificates.standing, \
                   certificates.extended_review) IS DISTINCT FROM \
                   (excluded.holder_id, excluded.name, excluded.gender, excluded.industry, excluded.first_issued, \
                   excluded.valid_from, excluded.valid_until, excluded.review_due, excluded.reviewed_on, \
                   excluded.issuer, excluded.standing, excluded.extended_review) \
                 RETURNING (SELECT holder_id FROM old)",
                &params,
                |r| r.get::<Option<String>>(0),
            );
            let old = match res {
                Ok(old) => old,
                Err(e) if e.is_unique_violation("certificates", "seal_handle") => {
                    return Err(StoreError::Invalid(
                        "a new certificate drew a seal handle already in use (about one chance in 2^64); \
                         nothing was written: run the import again"
                            .into(),
                    ))
                }
                Err(e) => return Err(e),
            };
            return Ok(match old {
                None => Written::Unchanged,
                Some(None) => {
                    self.certs_written += 1;
                    Written::Written
                }
                Some(Some(prev)) if prev != c.holder_id => {
                    self.certs_written += 1;
                    Written::Moved { from: crate::domain::id::mask(&prev) }
                }
                Some(Some(_)) => {
                    self.certs_written += 1;
                    Written::Written
                }
            });
        };
        let conn = self.store.conn();
        let mut attempt = 0;
        loop {
            let before = conn.total_changes();
            let res = cert.execute(rusqlite::params_from_iter(values.iter()));
            let n = match res {
                Ok(n) => n as u64,
                Err(e) if attempt < 8 && is_seal_collision(&e) => {
                    attempt += 1;
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            self.certs_written += n;
            if n == 0 {
                return Ok(Written::Unchanged);
            }
            if conn.total_changes() - before > n {
                // the trigger fired: this certificate changed holder
                let from: String =
                    conn.query_row("SELECT old_holder FROM import_moved ORDER BY rowid DESC LIMIT 1", [], |r| {
                        r.get(0)
                    })?;
                return Ok(Written::Moved { from });
            }
            return Ok(Written::Written);
        }
    }

    /// Insert or update holders, a chunk at a time (one holder once per call; a repeated one is
    /// written again after, and the later wins). Row by row on SQLite; on PostgreSQL one COPY
    /// and one statement per batch.
    pub fn holders(&mut self, hs: &[&Holder]) -> Result<()> {
        if self.lite.is_some() {
            for h in hs {
                self.holder(h)?;
            }
            return Ok(());
        }
        self.stage()?;
        for part in unique_runs(hs, |h| h.id_number.clone()) {
            let genders: Vec<u8> = part.iter().map(|h| gender_code(h.gender)).collect();
            let rows: Vec<Vec<ValueRef<'_>>> = part
                .iter()
                .zip(&genders)
                .map(|(h, g)| {
                    vec![
                        ValueRef::Text(&h.id_number),
                        ValueRef::Text(&h.name),
                        g.value_ref(),
                        h.mobile.value_ref(),
                        h.employer.value_ref(),
                        h.employer_code.value_ref(),
                    ]
                })
                .collect();
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
    /// holders must have been written first. Row by row on SQLite; on PostgreSQL one COPY and
    /// one statement per batch (see the module's note).
    pub fn certificates(&mut self, cs: &[&Certificate]) -> Result<Vec<Written>> {
        if self.lite.is_some() {
            return cs.iter().map(|c| self.certificate(c)).collect();
        }
        self.stage()?;
        let mut out = vec![Written::Unchanged; cs.len()];
        let mut at = 0;
        for part in unique_runs(cs, |c| {
            let (category, item) = super::identity_parts(c);
            (c.kind.code(), c.number.clone(), category.to_string(), item.to_string())
        }) {
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
                Err(e) if e.is_unique_violation("certificates", "seal_handle") => {
                    return Err(StoreError::Invalid(
                        "a new certificate drew a seal handle already in use (about one chance in 2^64); \
                         nothing was written: run the import again"
                            .into(),
                    ))
                }
                Err(e) => return Err(e),
            };
            for (seq, old) in written {
                let Some(c) = part.get(seq) else {
                    return Err(StoreError::Invalid(format!("the server returned an unknown row {seq}")));
                };
                self.certs_written += 1;
                out[at + seq] = match old {
                    Some(prev) if prev != c.holder_id => Written::Moved { from: crate::domain::id::mask(&prev) },
                    _ => Written::Written,
                };
            }
            at += part.len();
        }
        Ok(out)
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

    /// A test's way to choose the seal handles new certificates draw on PostgreSQL.
    #[cfg(test)]
    pub(crate) fn draw_handles_with(&mut self, f: impl FnMut() -> [u8; 8] + 'static) {
        self.draw_handle = Box::new(f);
    }

    /// Counts for the load, and the temporary trigger (SQLite) or staging tables (PostgreSQL)
    /// removed.
    pub fn finish(self) -> Result<LoadCounts> {
        let store = self.store;
        let (certs_before, holders_before) = (self.certs_before, self.holders_before);
        let (certs_written, holders_written) = (self.certs_written, self.holders_written);
        if self.staged {
            store.db.batch("DROP TABLE IF EXISTS pg_temp.import_holders, pg_temp.import_certs")?;
        }
        if let Some(statements) = self.lite {
            drop(statements);
            store.conn().execute_batch(
                "DROP TRIGGER IF EXISTS temp.import_moved_holder; DROP TABLE IF EXISTS temp.import_moved;",
            )?;
        }
        let inserted = store.certificate_count()?.saturating_sub(certs_before);
        let holders_inserted = store.holder_count()?.saturating_sub(holders_before);
        Ok(LoadCounts {
            inserted,
            updated: certs_written.saturating_sub(inserted),
            holders_inserted,
            holders_updated: holders_written.saturating_sub(holders_inserted),
        })
    }
}

fn is_seal_collision(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, Some(m))
        if f.code == rusqlite::ErrorCode::ConstraintViolation && m.contains("seal_handle"))
}

/// `items` cut into consecutive runs in which no key repeats (and of at most [`PG_BATCH`]):
/// one statement may not write the same row twice, and a later row must be written after an
/// earlier one with the same key.
fn unique_runs<'a, T, K: std::hash::Hash + Eq>(items: &'a [&'a T], key: impl Fn(&T) -> K) -> Vec<&'a [&'a T]> {
    let mut runs = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut start = 0;
    for (i, it) in items.iter().enumerate() {
        if i - start >= PG_BATCH || !seen.insert(key(it)) {
            runs.push(&items[start..i]);
            start = i;
            seen.clear();
            seen.insert(key(it));
        }
    }
    if start < items.len() {
        runs.push(&items[start..]);
    }
    runs
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
    fn load(s: &Store, hs: &[&Holder], cs: &[&Certificate]) -> Result<(Vec<Written>, LoadCounts)> {
        s.bulk(|s| {
            let mut l = s.roster_loader()?;
            l.holders(hs)?;
            let w = l.certificates(cs)?;
            Ok((w, l.finish()?))
        })
    }

    /// Issue 10: the chunked loader (COPY and one upsert per batch on PostgreSQL, row by row on
    /// SQLite) answers alike on both: a chunk in which a certificate repeats (the later row
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
            assert_eq!(w, vec![Written::Written; 3]);
            assert_eq!((n.inserted, n.updated, n.holders_inserted), (2, 1, 2));
            let stored = s.certificates_for(&h1.id_number).unwrap();
            assert!(stored.iter().any(|c| c.issuer == "另一发证机关"), "the later row must win");
            assert!(stored.iter().all(|c| c.seal_handle != [0; 8]));

            let mut moved = certs[1].clone();
            assert_eq!(moved.kind, CertKind::Principal);
            moved.holder_id = h2.id_number.clone();
            let (w, n) = load(&s, &[&h1, &h2], &[&later, &moved]).unwrap();
            assert_eq!(w, vec![Written::Unchanged, Written::Moved { from: "110105********002X".into() }]);
            assert_eq!((n.inserted, n.updated, n.holders_updated), (0, 1, 0));
            assert_eq!(s.certificates_for(&h2.id_number).unwrap().len(), 1);
        }
    }

    /// A new certificate that draws a seal handle already in use (forced here; one chance in
    /// 2^64 for real) fails the whole load with a clear message and nothing written: no holder,
    /// no certificate, whether the handle is another new row's or a stored one's. PostgreSQL
    /// only: SQLite draws the handle in its statement and retries.
    #[test]
    fn a_seal_handle_collision_fails_the_load_cleanly() {
        for (_d, s) in crate::store::test_stores("loader_collision") {
            if s.backend() != Backend::Postgres {
                continue;
            }
            let certs = sample_certs();
            let clash = |s: &Store, handle: [u8; 8], hs: &[&Holder], cs: &[&Certificate]| {
                s.bulk(|s| {
                    let mut l = s.roster_loader()?;
                    l.draw_handles_with(move || handle);
                    l.holders(hs)?;
                    l.certificates(cs)?;
                    l.finish()
                })
                .unwrap_err()
            };
            let e = clash(&s, [9; 8], &[&sample_holder()], &[&certs[0], &certs[1]]);
            assert!(e.to_string().contains("seal handle already in use"), "{e}");
            assert_eq!((s.holder_count().unwrap(), s.certificate_count().unwrap()), (0, 0), "half written");

            load(&s, &[&sample_holder()], &[&certs[0]]).unwrap();
            let taken = s.certificates_for(&sample_holder().id_number).unwrap()[0].seal_handle;
            let e = clash(&s, taken, &[&other()], &[&Certificate { holder_id: other().id_number, ..certs[1].clone() }]);
            assert!(e.to_string().contains("nothing was written"), "{e}");
            assert_eq!((s.holder_count().unwrap(), s.certificate_count().unwrap()), (1, 1), "half written");
        }
    }

    #[test]
    fn runs_cut_where_a_key_repeats() {
        let v: Vec<&u32> = [1, 2, 3, 2, 4, 4, 5].iter().collect();
        let runs: Vec<Vec<u32>> = unique_runs(&v, |x| *x).iter().map(|r| r.iter().map(|x| **x).collect()).collect();
        assert_eq!(runs, vec![vec![1, 2, 3], vec![2, 4], vec![4, 5]]);
        assert!(unique_runs::<u32, u32>(&[], |x| *x).is_empty());
    }
}
