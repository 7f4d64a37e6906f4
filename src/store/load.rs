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

use super::{gender_code, DateBuf, Result, Store};
use crate::domain::{CertKind, Certificate, Holder};
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
    holder: Statement<'s>,
    cert: Statement<'s>,
    certs_before: u64,
    holders_before: u64,
    certs_written: u64,
    holders_written: u64,
}

impl Store {
    /// Start a bulk roster load. Call inside [`Store::bulk`] (one transaction, holders before
    /// their certificates); finish with [`RosterLoader::finish`].
    pub fn roster_loader(&self) -> Result<RosterLoader<'_>> {
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
            holder,
            cert,
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
        let n = self.holder.execute(params![
            h.id_number,
            h.name,
            gender_code(h.gender),
            h.mobile,
            h.employer,
            h.employer_code
        ])?;
        self.holders_written += n as u64;
        Ok(n > 0)
    }

    /// Insert or update a certificate by its identity (kind, 证号, 作业类别, 操作项目); a
    /// 合格证 keeps no 作业类别/操作项目. The holder must have been written first.
    pub fn certificate(&mut self, c: &Certificate) -> Result<Written> {
        let special = c.kind == CertKind::SpecialOperation;
        let (category, item) =
            if special { (c.category.as_deref().unwrap_or(""), c.item.as_deref().unwrap_or("")) } else { ("", "") };
        let dates = [DateBuf::new(c.first_issued), DateBuf::new(c.valid_from), DateBuf::new(c.valid_until)];
        let review_due = c.review_due.map(DateBuf::new);
        let reviewed_on = c.reviewed_on.map(DateBuf::new);
        let conn = &self.store.conn();
        let mut attempt = 0;
        loop {
            let before = conn.total_changes();
            let res = self.cert.execute(params![
                c.number,
                c.kind.code(),
                c.holder_id,
                c.name,
                gender_code(c.gender),
                category,
                item,
                c.industry,
                dates[0].as_str(),
                dates[1].as_str(),
                dates[2].as_str(),
                review_due.as_ref().map(DateBuf::as_str),
                reviewed_on.as_ref().map(DateBuf::as_str),
                c.issuer,
                c.standing.code(),
                c.extended_review,
            ]);
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
        drop(self.holder);
        drop(self.cert);
        store.conn().execute_batch(
            "DROP TRIGGER IF EXISTS temp.import_moved_holder; DROP TABLE IF EXISTS temp.import_moved;",
        )?;
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
