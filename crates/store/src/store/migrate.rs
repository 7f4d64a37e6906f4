//! `certdesk migrate --to LOCATION` (issue 10 item 3): copy one store into another, SQLite into
//! PostgreSQL or back (or like into like), exactly.
//!
//! What "exactly" means here:
//! - every table, every row, every column value, ids included (a print serial, a case id, an
//!   audit `seq` are the same numbers after the move: slips, notices and receipts already on
//!   paper keep pointing at the right rows);
//! - the counters that hand out ids never go back: an identity sequence on PostgreSQL, the
//!   `sqlite_sequence` row of an AUTOINCREMENT table on SQLite, continue from the larger of the
//!   source's counter and the highest id copied, so no serial is ever issued twice;
//! - the audit chain byte for byte (its hashes cover the text of every entry);
//! - `meta` as it is, the id salt included (lock-out counters and visitor keys are salted
//!   hashes: with another salt they would point at nobody). The one value stored differently by
//!   backend, `meta.audit_head` (an integer on SQLite, its decimal digits as bytes on
//!   PostgreSQL; see `audit.rs`), is converted.
//!
//! How it is checked: inside the target's write transaction, before it commits, every table of
//! source and target is read back and compared by row count and by a digest of its rows (order
//! independent: a SHA-256 of each row's values, sorted, hashed again). Any difference rolls the
//! whole copy back, so the target is either a faithful copy or left as empty as it was. The
//! source is read in one snapshot, so a terminal that writes meanwhile cannot tear the copy
//! (stop the terminals anyway: what they write after the snapshot stays behind). The caller then
//! verifies the audit chain on the target with the home's audit key (`cli_migrate.rs`).
//!
//! The target must be empty: a freshly created schema (the `meta` id salt a fresh open writes
//! is replaced by the source's). Catalogue queries are per backend; the copy itself goes through
//! the backend-neutral [`Db`](super::db::Db) rows.

use super::db::{p, Backend, Param, Row, Value};
use super::{Result, Store, StoreError};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// Rows per INSERT statement while copying (a few thousand placeholders: under both SQLite's and
/// PostgreSQL's limits, and few round trips to the server).
const BATCH_ROWS: usize = 200;

/// One table as copied and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCopy {
    /// The table's name.
    pub table: String,
    /// Rows copied.
    pub rows: u64,
    /// The order-independent digest of the table's rows (same on both sides, or no copy).
    pub digest: [u8; 32],
}

/// A table's name and columns, as the catalogue of one backend lists them.
#[derive(Debug, Clone)]
pub(super) struct Table {
    pub(super) name: String,
    pub(super) columns: Vec<String>,
    /// SQLite: a rowid table (not WITHOUT ROWID), so the implicit `rowid` can be read and set.
    has_rowid: bool,
    /// SQLite: declared with AUTOINCREMENT (its counter lives in `sqlite_sequence`).
    autoincrement: bool,
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

impl Store {
    /// certdesk's tables on this store (not the backend's own, nor PostgreSQL's schema-version
    /// row), sorted by name.
    pub(super) fn migrate_tables(&self) -> Result<Vec<Table>> {
        let mut out = Vec::new();
        match self.backend() {
            Backend::Sqlite => {
                let rows: Vec<(String, String)> = self.db.query(
                    "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' \
                     AND name NOT LIKE 'sqlite_%' ORDER BY name",
                    p![],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                for (name, sql) in rows {
                    let columns =
                        self.db.query("SELECT name FROM pragma_table_info(?1) ORDER BY cid", p![name], |r| r.get(0))?;
                    let upper = sql.to_ascii_uppercase();
                    out.push(Table {
                        has_rowid: !upper.contains("WITHOUT ROWID"),
                        autoincrement: upper.contains("AUTOINCREMENT"),
                        name,
                        columns,
                    });
                }
            }
            Backend::Postgres => {
                let names: Vec<String> = self.db.query(
                    "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() \
                     AND table_type = 'BASE TABLE' AND table_name <> 'certdesk_schema' ORDER BY table_name",
                    p![],
                    |r| r.get(0),
                )?;
                for name in names {
                    let columns = self.db.query(
                        "SELECT column_name::text FROM information_schema.columns \
                         WHERE table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position",
                        p![name],
                        |r| r.get(0),
                    )?;
                    out.push(Table { name, columns, has_rowid: false, autoincrement: false });
                }
            }
        }
        Ok(out)
    }

    /// Foreign-key edges `(table, referenced table)` among certdesk's tables.
    fn migrate_references(&self, tables: &[Table]) -> Result<Vec<(String, String)>> {
        match self.backend() {
            Backend::Sqlite => {
                let mut edges = Vec::new();
                for t in tables {
                    let refs: Vec<String> = self.db.query(
                        "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)",
                        p![t.name],
                        |r| r.get(0),
                    )?;
                    edges.extend(refs.into_iter().map(|r| (t.name.clone(), r)));
                }
                Ok(edges)
            }
            Backend::Postgres => self.db.query(
                "SELECT DISTINCT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c \
                 JOIN pg_namespace n ON n.oid = c.connamespace \
                 WHERE c.contype = 'f' AND n.nspname = current_schema()",
                p![],
                |r| Ok((r.get(0)?, r.get(1)?)),
            ),
        }
    }

    /// The id counter of `table.column`, if the backend keeps one beyond the rows themselves:
    /// a PostgreSQL identity sequence's last value, SQLite's `sqlite_sequence` for an
    /// AUTOINCREMENT table's `id`.
    fn migrate_counter(&self, table: &Table, column: &str) -> Result<Option<i64>> {
        match self.backend() {
            Backend::Sqlite => {
                if !table.autoincrement || column != "id" {
                    return Ok(None);
                }
                self.db.query_opt("SELECT seq FROM sqlite_sequence WHERE name = ?1", p![table.name], |r| r.get(0))
            }
            Backend::Postgres => {
                let seq: Option<String> = self.db.value(
                    "SELECT pg_get_serial_sequence(quote_ident(current_schema()) || '.' || quote_ident(?1), ?2)",
                    p![table.name, column],
                )?;
                let Some(seq) = seq else { return Ok(None) };
                // NULL until the sequence handed out its first value.
                self.db.value(
                    "SELECT last_value FROM pg_sequences \
                     WHERE (quote_ident(schemaname) || '.' || quote_ident(sequencename))::regclass \
                     = CAST(?1 AS text)::regclass",
                    p![seq],
                )
            }
        }
    }

    /// Make `table.column`'s counter continue after `at_least` (never lower it).
    fn migrate_set_counter(&self, table: &Table, column: &str, at_least: i64) -> Result<()> {
        if at_least <= 0 {
            return Ok(());
        }
        match self.backend() {
            Backend::Sqlite => {
                if !table.autoincrement || column != "id" {
                    return Ok(());
                }
                let n = self.db.execute(
                    "UPDATE sqlite_sequence SET seq = ?2 WHERE name = ?1 AND seq < ?2",
                    p![table.name, at_least],
                )?;
                let present: i64 =
                    self.db.value("SELECT count(*) FROM sqlite_sequence WHERE name = ?1", p![table.name])?;
                if n == 0 && present == 0 {
                    self.db
                        .execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?1, ?2)", p![table.name, at_least])?;
                }
                Ok(())
            }
            Backend::Postgres => {
                let seq: Option<String> = self.db.value(
                    "SELECT pg_get_serial_sequence(quote_ident(current_schema()) || '.' || quote_ident(?1), ?2)",
                    p![table.name, column],
                )?;
                if let Some(seq) = seq {
                    let _: i64 =
                        self.db.value("SELECT setval(CAST(?1 AS text)::regclass, ?2, true)", p![seq, at_least])?;
                }
                Ok(())
            }
        }
    }

    /// Columns with an id counter on this backend: PostgreSQL identity columns; SQLite
    /// AUTOINCREMENT tables' `id`.
    fn migrate_counted_columns(&self, tables: &[Table]) -> Result<Vec<(String, String)>> {
        match self.backend() {
            Backend::Sqlite => {
                Ok(tables.iter().filter(|t| t.autoincrement).map(|t| (t.name.clone(), "id".to_string())).collect())
            }
            Backend::Postgres => self.db.query(
                "SELECT table_name::text, column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name, column_name",
                p![],
                |r| Ok((r.get(0)?, r.get(1)?)),
            ),
        }
    }

    /// Row counts of certdesk's tables.
    pub fn table_counts(&self) -> Result<BTreeMap<String, u64>> {
        let mut out = BTreeMap::new();
        for t in self.migrate_tables()? {
            let n: i64 = self.db.value(&format!("SELECT count(*) FROM {}", quote(&t.name)), p![])?;
            out.insert(t.name, n as u64);
        }
        Ok(out)
    }

    /// The first certdesk table holding rows, other than the `meta` id salt a fresh open writes.
    fn migrate_nonempty(&self) -> Result<Option<(String, u64)>> {
        for (t, n) in self.table_counts()? {
            let n = if t == "meta" {
                self.db.value::<i64>("SELECT count(*) FROM meta WHERE key <> 'id_salt'", p![])? as u64
            } else {
                n
            };
            if n > 0 {
                return Ok(Some((t, n)));
            }
        }
        Ok(None)
    }

    /// Row count and order-independent digest of each table, reading `columns[table]` (the
    /// source's column list, so both sides hash the same values in the same order).
    fn migrate_digests(&self, columns: &BTreeMap<String, Vec<String>>) -> Result<Vec<TableCopy>> {
        let mut out = Vec::new();
        for (table, cols) in columns {
            let list = cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
            let mut rows: Vec<[u8; 32]> = Vec::new();
            self.db.each(&format!("SELECT {list} FROM {}", quote(table)), p![], |r| {
                rows.push(row_digest(table, r));
                Ok(true)
            })?;
            rows.sort_unstable();
            let mut h = Sha256::new();
            for r in &rows {
                h.update(r);
            }
            out.push(TableCopy { table: table.clone(), rows: rows.len() as u64, digest: h.finalize().into() });
        }
        Ok(out)
    }

    /// Copy every table of this store into `target`, which must be empty (see the module
    /// comment), and check the copy before it commits. Returns each table with its row count.
    pub fn migrate_into(&self, target: &Store) -> Result<Vec<TableCopy>> {
        self.migrate_into_with_progress(target, &|_, _| {})
    }

    /// [`Store::migrate_into`], telling `tables_copied` (tables copied, tables in all) after
    /// each table.
    pub fn migrate_into_with_progress(
        &self,
        target: &Store,
        tables_copied: &dyn Fn(u64, u64),
    ) -> Result<Vec<TableCopy>> {
        let src_tables = self.migrate_tables()?;
        let tgt_tables = target.migrate_tables()?;
        let src_names: BTreeSet<&str> = src_tables.iter().map(|t| t.name.as_str()).collect();
        let tgt_names: BTreeSet<&str> = tgt_tables.iter().map(|t| t.name.as_str()).collect();
        if src_names != tgt_names {
            let only_src: Vec<_> = src_names.difference(&tgt_names).collect();
            let only_tgt: Vec<_> = tgt_names.difference(&src_names).collect();
            return Err(StoreError::Invalid(format!(
                "the two databases do not have the same tables (only in the source: {only_src:?}; only in the \
                 target: {only_tgt:?}); both must be at the same certdesk schema version"
            )));
        }
        let tgt_by_name: BTreeMap<&str, &Table> = tgt_tables.iter().map(|t| (t.name.as_str(), t)).collect();
        // Per table the columns copied: the source's, plus `rowid` where one side names it as a
        // column (PostgreSQL's case_notice_items) and the other is a SQLite rowid table.
        let mut columns: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for s in &src_tables {
            let t = tgt_by_name[s.name.as_str()];
            let mut cols = s.columns.clone();
            if t.columns.iter().any(|c| c == "rowid") && !cols.iter().any(|c| c == "rowid") && s.has_rowid {
                cols.insert(0, "rowid".to_string());
            }
            for c in &cols {
                let ok = t.columns.contains(c) || (c == "rowid" && t.has_rowid);
                if !ok {
                    return Err(StoreError::Invalid(format!(
                        "column {}.{c} of the source has no place in the target; both must be at the same \
                         certdesk schema version",
                        s.name
                    )));
                }
            }
            for c in &t.columns {
                if !cols.contains(c) && c != "rowid" {
                    return Err(StoreError::Invalid(format!(
                        "column {}.{c} of the target is not in the source; both must be at the same certdesk \
                         schema version",
                        s.name
                    )));
                }
            }
            columns.insert(s.name.clone(), cols);
        }
        let order = insert_order(&tgt_tables, &target.migrate_references(&tgt_tables)?)?;
        let counted = target.migrate_counted_columns(&tgt_tables)?;
        let src_by_name: BTreeMap<&str, &Table> = src_tables.iter().map(|t| (t.name.as_str(), t)).collect();

        // One snapshot of the source, one transaction on the target.
        self.db.read(|| {
            let src_digests = self.migrate_digests(&columns)?;
            target.db.write(|| {
                if let Some((t, n)) = target.migrate_nonempty()? {
                    return Err(StoreError::Invalid(format!(
                        "the target {} is not empty ({t} holds {n} rows); migrate only into a new, empty database",
                        target.shown_location()
                    )));
                }
                target.db.execute("DELETE FROM meta", p![])?;
                tables_copied(0, order.len() as u64);
                for (i, name) in order.iter().enumerate() {
                    self.migrate_copy_table(target, name, &columns[name])?;
                    tables_copied(i as u64 + 1, order.len() as u64);
                }
                for (table, column) in &counted {
                    let t = tgt_by_name[table.as_str()];
                    let max: Option<i64> =
                        target.db.value(&format!("SELECT max({}) FROM {}", quote(column), quote(table)), p![])?;
                    let src_counter = match src_by_name.get(table.as_str()) {
                        Some(s) => self.migrate_counter(s, column)?,
                        None => None,
                    };
                    let at_least = max.unwrap_or(0).max(src_counter.unwrap_or(0));
                    target.migrate_set_counter(t, column, at_least)?;
                }
                let tgt_digests = target.migrate_digests(&columns)?;
                for (s, t) in src_digests.iter().zip(&tgt_digests) {
                    if s.rows != t.rows || s.digest != t.digest {
                        return Err(StoreError::Invalid(format!(
                            "the copy of {} does not match its source ({} rows copied of {}, digests {}); \
                             nothing was written",
                            s.table,
                            t.rows,
                            s.rows,
                            if s.digest == t.digest { "equal" } else { "differ" }
                        )));
                    }
                }
                Ok(src_digests.clone())
            })
        })
    }

    /// Stream one table's rows into `target` in multi-row INSERTs.
    fn migrate_copy_table(&self, target: &Store, table: &str, cols: &[String]) -> Result<()> {
        let list = cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
        let select = format!("SELECT {list} FROM {}", quote(table));
        let to_sqlite = target.backend() == Backend::Sqlite;
        let meta_key = if table == "meta" { cols.iter().position(|c| c == "key") } else { None };
        let mut batch: Vec<Value> = Vec::with_capacity(BATCH_ROWS * cols.len());
        let flush = |batch: &mut Vec<Value>| -> Result<()> {
            if batch.is_empty() {
                return Ok(());
            }
            let rows = batch.len() / cols.len();
            let mut sql = format!("INSERT INTO {} ({list}) VALUES ", quote(table));
            for r in 0..rows {
                if r > 0 {
                    sql.push_str(", ");
                }
                sql.push('(');
                for c in 0..cols.len() {
                    if c > 0 {
                        sql.push_str(", ");
                    }
                    sql.push_str(&format!("?{}", r * cols.len() + c + 1));
                }
                sql.push(')');
            }
            let params: Vec<&dyn Param> = batch.iter().map(|v| v as &dyn Param).collect();
            target.db.execute(&sql, &params)?;
            batch.clear();
            Ok(())
        };
        self.db.each(&select, p![], |r| {
            for (i, c) in cols.iter().enumerate() {
                let v = r.get::<Value>(i)?;
                batch.push(match meta_key {
                    Some(k) if c == "value" => meta_value(&r.get::<String>(k)?, v, to_sqlite)?,
                    _ => v,
                });
            }
            if batch.len() >= BATCH_ROWS * cols.len() {
                flush(&mut batch)?;
            }
            Ok(true)
        })?;
        flush(&mut batch)
    }
}

/// `meta.value` for the target backend: `audit_head` is an integer on SQLite and its decimal
/// digits as bytes on PostgreSQL (audit.rs `head_value`); every other value is bytes on both.
fn meta_value(key: &str, v: Value, to_sqlite: bool) -> Result<Value> {
    if key != "audit_head" {
        return Ok(match v {
            Value::Text(t) if !to_sqlite => Value::Blob(t.into_bytes()),
            v => v,
        });
    }
    let n: i64 = match &v {
        Value::Int(i) => *i,
        Value::Blob(b) => std::str::from_utf8(b).ok().and_then(|t| t.parse().ok()).unwrap_or(-1),
        Value::Text(t) => t.parse().unwrap_or(-1),
        _ => -1,
    };
    if n < 0 {
        return Err(StoreError::Invalid(format!(
            "meta.audit_head is not a number ({v:?}); run `certdesk audit verify`"
        )));
    }
    Ok(if to_sqlite { Value::Int(n) } else { Value::Blob(n.to_string().into_bytes()) })
}

/// A row's digest over its values, tagged by kind so that NULL, 1 and '1' differ. `meta.value`
/// is compared as bytes (see [`meta_value`]).
fn row_digest(table: &str, r: &Row) -> [u8; 32] {
    let mut h = Sha256::new();
    for v in &r.0 {
        let v = match v {
            Value::Int(i) if table == "meta" => Value::Blob(i.to_string().into_bytes()),
            Value::Text(t) if table == "meta" => Value::Blob(t.clone().into_bytes()),
            v => v.clone(),
        };
        match v {
            Value::Null => h.update([0u8]),
            Value::Int(i) => {
                h.update([1u8]);
                h.update(i.to_le_bytes());
            }
            Value::Real(f) => {
                h.update([2u8]);
                h.update(f.to_le_bytes());
            }
            Value::Text(t) => {
                h.update([3u8]);
                h.update((t.len() as u64).to_le_bytes());
                h.update(t.as_bytes());
            }
            Value::Blob(b) => {
                h.update([4u8]);
                h.update((b.len() as u64).to_le_bytes());
                h.update(&b);
            }
        }
    }
    h.finalize().into()
}

/// Tables in an order where each comes after the tables it references (ties by name).
fn insert_order(tables: &[Table], edges: &[(String, String)]) -> Result<Vec<String>> {
    let names: BTreeSet<String> = tables.iter().map(|t| t.name.clone()).collect();
    let mut deps: BTreeMap<String, BTreeSet<String>> = names.iter().map(|n| (n.clone(), BTreeSet::new())).collect();
    for (from, to) in edges {
        if from != to && names.contains(from) && names.contains(to) {
            deps.get_mut(from).expect("known table").insert(to.clone());
        }
    }
    let mut done: Vec<String> = Vec::new();
    while done.len() < names.len() {
        let next =
            deps.iter().find(|(n, d)| !done.contains(n) && d.iter().all(|x| done.contains(x))).map(|(n, _)| n.clone());
        match next {
            Some(n) => done.push(n),
            None => {
                return Err(StoreError::Invalid("the tables' foreign keys form a cycle; cannot order the copy".into()))
            }
        }
    }
    Ok(done)
}
