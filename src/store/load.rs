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
//! On PostgreSQL the same two UPSERTs run through the backend layer; the certificate's
//! statement reads the previous holder in a CTE (the statement's own snapshot) and returns it,
//! so no trigger is needed. A seal-handle collision there fails the load (rolled back whole,
//! nothing half-written: run the import again) rather than retrying: a retry would need a
//! savepoint per row, and a one-in-2^64 event does not justify that cost on every row.

use super::db::p;
use super::{gender_code, Backend, CertDates, Result, Store, StoreError};
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
}

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

    /// Counts for the load, and the temporary trigger removed.
    pub fn finish(self) -> Result<LoadCounts> {
        let store = self.store;
        let (certs_before, holders_before) = (self.certs_before, self.holders_before);
        let (certs_written, holders_written) = (self.certs_written, self.holders_written);
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
