//! The SQLite store: holders, certificates, print jobs, the audit chain, staff and kiosk
//! lock-out counters.
//!
//! - Schema: every table is in [`schema::MIGRATIONS`] (one place; read it first).
//! - Opening runs the pending migrations (each in its own transaction, tracked by
//!   `PRAGMA user_version`) and `PRAGMA integrity_check`; a corrupt file is refused with a
//!   message telling the administrator to restore from `certdesk backup`.
//! - Connection settings: WAL, `foreign_keys=ON`, `synchronous=FULL` (a committed print job
//!   survives power loss), `busy_timeout` 5 s.
//! - Methods take `&self`; multi-statement writes run in one `BEGIN IMMEDIATE` transaction
//!   (or join the caller's, see [`Store::in_transaction`]).
//! - Dates are ISO text, times local `YYYY-MM-DD HH:MM:SS` text.

pub mod appointments;
pub mod audit;
pub mod audit_keys;
pub mod calendar;
pub mod cases;
pub mod credit;
pub mod db;
pub mod grants;
mod inspect;
pub mod notify;
pub mod paper;
pub mod pg_connect;
pub mod pledges;
pub use notify::{Listener, RATING_CHANNEL};
/// The desk's counter services (assisted prints, free-post addresses, appointment lists).
pub mod desk_extra;
/// 首问负责制: hand-offs the receiver takes, the cases a staff member first received (issue 15).
pub mod first_contact;
pub mod hall;
pub mod handoff_close;
pub mod holders;
pub mod jobs;
mod load;
/// Closed loops: callback and follow-up contacts, 整改, the loops' rates (issue 15).
pub mod loops;
mod migrate;
pub mod print_records;
pub mod ratings;
mod reminders;
pub mod report_lists;
mod reports;
pub mod resubmissions;
mod revocations;
mod standing;
pub use reminders::{Contact, ReminderRow};
pub use standing::StandingChange;
pub mod scans;
mod scans_replay;
pub mod schema;
pub mod staff;
mod staff_lobby;
pub mod stages;
pub mod tickets;
mod waits;

pub use audit::{id_ref, AuditBreak, AuditEntry, AuditReport, Checkpoint, SealAttach};
pub use jobs::{JobId, JobOutcome, JobRecord, JobState};
pub use load::{LoadCounts, RosterLoader, Written, Wrote};
pub use migrate::TableCopy;
pub use staff::{Role, StaffMember};

pub use crate::domain::cert::CertId;
pub use db::{Backend, Location};

use crate::domain::{CertKind, Certificate, Gender, Holder, Standing};
use certdesk_domain::timeouts::Timeouts;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use db::p;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::Duration;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An error from SQLite.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A PostgreSQL error; its message carries the server's own text.
    #[error("database error: {}", pg_detail(.0))]
    Postgres(#[from] postgres::Error),
    /// The database server cannot be reached or the connection was lost: retry later (a
    /// terminal shows its out-of-service screen meanwhile). Never a data error.
    #[error("the database server is unavailable ({0})")]
    Unavailable(String),
    /// The SQLite file is damaged: it is refused, never repaired in place.
    #[error(
        "the database {path} is damaged ({detail}). Stop certdesk, keep this file aside for \
         analysis, and restore the latest copy made by `certdesk backup` (copy it over {path})."
    )]
    Corrupt {
        /// The database file.
        path: String,
        /// What SQLite or the integrity check reported.
        detail: String,
    },
    /// The database was migrated by a newer certdesk: refused rather than misread.
    #[error(
        "the database {path} has schema version {found}, newer than this certdesk knows \
         ({known}); install the newer certdesk or restore a backup made by this version"
    )]
    TooNew {
        /// The database: the file's path, or the PostgreSQL server as shown to staff.
        path: String,
        /// The schema version the file has.
        found: i64,
        /// The newest schema version this build knows.
        known: i64,
    },
    /// Input the store refused, or a record that is not there; the message says which.
    #[error("{0}")]
    Invalid(String),
}

/// A store operation's result.
pub type Result<T> = std::result::Result<T, StoreError>;

/// A PostgreSQL error with the server's own message (the error's Display says only "db error").
fn pg_detail(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(d) => match d.detail() {
            Some(detail) => format!("{} ({detail})", d.message()),
            None => d.message().to_string(),
        },
        None => e.to_string(),
    }
}

impl StoreError {
    /// The server is unreachable or the connection was lost: worth retrying, nothing is wrong
    /// with the data.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }

    /// Another writer holds the database longer than the busy timeout (SQLite busy or locked;
    /// PostgreSQL's `lock_timeout` on the hall's write lock): worth waiting for.
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => {
                matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            }
            StoreError::Postgres(e) => e.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE),
            _ => false,
        }
    }

    /// A UNIQUE constraint on `table.column` refused the write (SQLite names the column,
    /// PostgreSQL the constraint `table_column_key`).
    pub(crate) fn is_unique_violation(&self, table: &str, column: &str) -> bool {
        match self {
            StoreError::Sqlite(e) => e.to_string().contains(&format!("{table}.{column}")),
            StoreError::Postgres(e) => {
                e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION)
                    && e.as_db_error().and_then(|d| d.constraint()) == Some(&format!("{table}_{column}_key"))
            }
            _ => false,
        }
    }
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    /// The holder was new.
    Inserted,
    /// The holder existed and a field changed.
    Updated,
    /// The holder existed with the same fields.
    Unchanged,
}

/// One print of a certificate, as staff lookups list it (times as stored, local text).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PrintRecord {
    /// The print serial.
    pub serial: u64,
    /// pending, printed or failed
    pub state: String,
    /// The station that printed.
    pub station: String,
    /// When the job was begun (`YYYY-MM-DD HH:MM:SS`).
    pub created_at: String,
    /// When its outcome was recorded, if it was.
    pub finished_at: Option<String>,
    /// Why it failed, when it did.
    pub error: Option<String>,
}

/// How thoroughly to check the file when opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenCheck {
    /// `PRAGMA integrity_check` (the default; reads every page).
    Full,
    /// `PRAGMA quick_check` (skips index-content checks; still reads every page).
    Quick,
    /// Read the schema (page 1 and the schema pages) and nothing else: a file that is not a
    /// database, or whose header or schema is damaged, is refused; damage deeper in the file is
    /// not looked for. Constant time whatever the size: what CLI commands use (a full check
    /// took 6.8 s per `certdesk print` at 1,000,000 holders). The full check runs in `certdesk
    /// check` (and the hardening `doctor`), on the kiosk's background thread, and after a
    /// restore.
    Cheap,
    /// No check at open. On a 1,000,000-holder registry a full check takes seconds (see
    /// benches/lookup.rs), far over the 100 ms start bar: the kiosk opens with `Skip`, draws
    /// its first frame, and runs [`Store::integrity_check`] on its worker thread, going out of
    /// service if it fails (`service::Live::startup`).
    Skip,
}

/// The certdesk database: one SQLite file or a PostgreSQL server, with the same schema and behaviour.
pub struct Store {
    db: db::Db,
    salt: [u8; 16],
    path: String,
    /// The station's audit key and checkpoint file (store/audit.rs); `None` for stores opened
    /// without a home (tests): entries are then unsigned.
    audit_seal: Option<audit::AuditSeal>,
    /// How long this store waits for other writers (the lock, a print's patience): the
    /// product's figures unless the station's resolved settings gave others
    /// ([`Store::set_timeouts`]).
    timeouts: Timeouts,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

const CERT_COLS: &str = "number, kind, holder_id, name, gender, category, item, industry, \
     first_issued, valid_from, valid_until, review_due, reviewed_on, issuer, standing, seal_handle, \
     id, extended_review";

impl Store {
    /// Open (creating if needed) the database at `path`, migrate it and run
    /// `PRAGMA integrity_check`.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_with(path, OpenCheck::Full)
    }

    /// Open (creating if needed) the database at `path` and migrate it, checking the file as `check` says.
    pub fn open_with(path: impl AsRef<Path>, check: OpenCheck) -> Result<Store> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let corrupt = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
                StoreError::Corrupt { path: shown.clone(), detail: e.to_string() }
            }
            _ => StoreError::Sqlite(e),
        };
        let conn = Connection::open(path).map_err(corrupt)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // journal_mode answers with a row; the first read also detects "not a database".
        let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)).map_err(corrupt)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Invalid(format!("cannot switch {shown} to WAL mode (got {mode})")));
        }
        Store::setup(conn, shown, Some(check))
    }

    /// Open for commands that only read (`jobs list`, `audit verify`, `doctor`). Normally the
    /// same as [`Store::open_with`]; when that fails because the disk is full (SQLite cannot
    /// create the `-shm` file a WAL database needs, nor migrate), the file is opened read-only
    /// in exclusive locking mode, which keeps the WAL index in memory and writes nothing. Staff
    /// can then still see jobs and check the audit log on a full disk. Writes through such a
    /// store fail with "readonly database"; the exclusive lock holds only while it is open.
    pub fn open_for_reading(path: impl AsRef<Path>, check: OpenCheck) -> Result<Store> {
        let path = path.as_ref();
        match Store::open_with(path, check) {
            Ok(s) => Ok(s),
            Err(StoreError::Sqlite(e)) if no_space(&e) => {
                // Read-write file descriptor (an exclusive lock needs one) but `query_only`: nothing is written.
                let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
                let conn = Connection::open_with_flags(path, flags)?;
                conn.busy_timeout(Duration::from_secs(5))?;
                conn.execute_batch("PRAGMA locking_mode=EXCLUSIVE; PRAGMA query_only=ON;")?;
                let shown = path.display().to_string();
                integrity(&conn, &shown, check)?;
                let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
                let known = schema::MIGRATIONS.len() as i64;
                if version != known {
                    return Err(StoreError::Invalid(format!(
                        "{shown} needs a schema upgrade (version {version} -> {known}), which needs free disk space"
                    )));
                }
                let salt: Vec<u8> = conn.query_row("SELECT value FROM meta WHERE key = 'id_salt'", [], |r| r.get(0))?;
                let salt = salt.try_into().map_err(|_| StoreError::Invalid("meta.id_salt is not 16 bytes".into()))?;
                Ok(Store { db: db::Db::Lite(conn), salt, path: shown, audit_seal: None, timeouts: Timeouts::default() })
            }
            Err(e) => Err(e),
        }
    }

    /// Open the database wherever `paths.database` puts it: a SQLite file (as
    /// [`Store::open_with`]) or a hall's PostgreSQL server. On PostgreSQL `check` is not used:
    /// page-level integrity is the server's job.
    pub fn open_at(location: &Location, check: OpenCheck) -> Result<Store> {
        match location {
            Location::Sqlite(path) => Store::open_with(path, check),
            Location::Postgres(url) => Store::open_pg(url, &location.shown(), &Timeouts::default()),
        }
    }

    fn open_pg(url: &str, shown: &str, timeouts: &Timeouts) -> Result<Store> {
        let db = db::Db::connect_pg(url, timeouts)?;
        migrate_pg(&db, shown)?;
        let salt = load_salt(&db)?;
        Ok(Store { db, salt, path: shown.to_string(), audit_seal: None, timeouts: *timeouts })
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, ":memory:".into(), None)
    }

    fn setup(conn: Connection, path: String, check: Option<OpenCheck>) -> Result<Store> {
        conn.execute_batch(
            "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY; \
             PRAGMA cache_size=-8192;",
        )?;
        conn.set_prepared_statement_cache_capacity(64);
        if let Some(check) = check {
            integrity(&conn, &path, check)?;
        }
        migrate(&conn, &path)?;
        let db = db::Db::Lite(conn);
        let salt = load_salt(&db)?;
        Ok(Store { db, salt, path, audit_seal: None, timeouts: Timeouts::default() })
    }

    /// The SQLite connection underneath, for SQLite-only work (pragmas, the backup API, the
    /// bulk loader) and for tests that inspect or damage the file. Panics on PostgreSQL: code
    /// that must run on both goes through `self.db`.
    pub fn conn(&self) -> &Connection {
        self.db.lite().expect("SQLite-only operation on a PostgreSQL store")
    }

    /// Which backend this store runs on.
    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// Schema version (SQLite `PRAGMA user_version`; on PostgreSQL the `certdesk_schema` row,
    /// numbered as on SQLite).
    pub fn schema_version(&self) -> Result<i64> {
        match &self.db {
            db::Db::Lite(c) => Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?),
            db::Db::Pg(_) => self.db.value("SELECT version FROM certdesk_schema", p![]),
        }
    }

    /// Run `PRAGMA integrity_check` now (SQLite). On PostgreSQL the server keeps its own pages;
    /// this checks that the connection answers.
    pub fn integrity_check(&self) -> Result<()> {
        match &self.db {
            db::Db::Lite(c) => integrity(c, &self.path, OpenCheck::Full),
            db::Db::Pg(_) => self.db.value::<i64>("SELECT 1", p![]).map(|_| ()),
        }
    }

    /// Whether the connection to a PostgreSQL server was lost (the store must be reopened);
    /// always false on SQLite.
    pub fn is_broken(&self) -> bool {
        match &self.db {
            db::Db::Lite(_) => false,
            db::Db::Pg(pg) => pg.is_broken(),
        }
    }

    /// Where this store's data lives, for messages (a URL without its password).
    pub fn shown_location(&self) -> &str {
        &self.path
    }

    /// Run `f` inside one `BEGIN IMMEDIATE` transaction, committed if `f` returns `Ok`, rolled
    /// back otherwise. Store methods called inside join this transaction.
    pub fn in_transaction<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        self.db.write(|| f(self))
    }

    /// Like [`Store::in_transaction`], with a large page cache (256 MiB at most) for the
    /// duration, so that a bulk load does not spill pages mid-transaction. The normal cache
    /// (8 MiB) is restored afterwards.
    ///
    /// Foreign-key checks are off inside (`f` must upsert each holder before its
    /// certificates, as the importer and `roster::populate` do); `PRAGMA foreign_key_check`
    /// runs before commit, so a violation still fails the whole load.
    pub fn bulk<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        if self.db.in_tx() || self.backend() == Backend::Postgres {
            // PostgreSQL checks foreign keys at each statement; one transaction is all it needs.
            return self.in_transaction(f);
        }
        self.conn().execute_batch("PRAGMA cache_size=-262144; PRAGMA foreign_keys=OFF;")?;
        let out = self.in_transaction(|s| {
            let out = f(s)?;
            let bad: Option<String> =
                s.conn().query_row("PRAGMA foreign_key_check(certificates)", [], |r| r.get(0)).optional()?;
            if let Some(t) = bad {
                return Err(StoreError::Invalid(format!(
                    "bulk load left a dangling reference in {t}; nothing was written"
                )));
            }
            Ok(out)
        });
        self.conn().execute_batch("PRAGMA cache_size=-8192; PRAGMA foreign_keys=ON;")?;
        out
    }

    /// Run `f` waiting up to `wait` for another writer (SQLite's busy timeout, raised for the
    /// duration: a long import waits for a kiosk's print rather than failing). On PostgreSQL
    /// writers queue on the hall's lock without a timeout, so `f` just runs.
    pub fn with_busy_wait<T>(&self, wait: Duration, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let Some(c) = self.db.lite() else { return f() };
        let usual: i64 = c.query_row("PRAGMA busy_timeout", [], |r| r.get(0))?;
        c.busy_timeout(wait)?;
        let out = f();
        let _ = c.busy_timeout(Duration::from_millis(usual.max(0) as u64));
        out
    }

    /// Copy the live database to `dest` with SQLite's online backup API (safe while certdesk
    /// runs). `dest` is overwritten.
    pub fn backup_to(&self, dest: impl AsRef<Path>) -> Result<()> {
        if self.backend() == Backend::Postgres {
            return Err(StoreError::Invalid(
                "this home's database is on a PostgreSQL server: back it up there (pg_dump), or copy it \
                 into a SQLite file with `certdesk migrate --to FILE`"
                    .into(),
            ));
        }
        let dest = dest.as_ref();
        if dest.exists() {
            std::fs::remove_file(dest)
                .map_err(|e| StoreError::Invalid(format!("cannot replace {}: {e}", dest.display())))?;
        }
        self.backup_steps(dest, &mut |_, _| {})
    }

    /// [`Store::backup_to`] in steps of 1,024 pages, telling `progress` (pages copied, pages in
    /// all) after each. A backup that fails leaves no partial file behind.
    pub fn backup_to_with_progress(&self, dest: impl AsRef<Path>, progress: &mut dyn FnMut(u64, u64)) -> Result<()> {
        if self.backend() == Backend::Postgres {
            return self.backup_to(dest);
        }
        let dest = dest.as_ref();
        if dest.exists() {
            std::fs::remove_file(dest)
                .map_err(|e| StoreError::Invalid(format!("cannot replace {}: {e}", dest.display())))?;
        }
        self.backup_steps(dest, progress)
    }

    fn backup_steps(&self, dest: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<()> {
        use rusqlite::backup::{Backup, StepResult};
        let copied = (|| -> std::result::Result<(), rusqlite::Error> {
            let mut dst = rusqlite::Connection::open(dest)?;
            let backup = Backup::new(self.conn(), &mut dst)?;
            loop {
                let step = backup.step(1024)?;
                let p = backup.progress();
                progress((p.pagecount - p.remaining).max(0) as u64, p.pagecount.max(0) as u64);
                match step {
                    StepResult::Done => return Ok(()),
                    StepResult::More => {}
                    // A kiosk writing at this moment: SQLite asks to come back (what
                    // `Backup::run_to_completion` does, with a shorter pause).
                    StepResult::Busy | StepResult::Locked => std::thread::sleep(std::time::Duration::from_millis(20)),
                    _ => {}
                }
            }
        })();
        if let Err(e) = copied {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                let mut f = dest.as_os_str().to_os_string();
                f.push(suffix);
                let _ = std::fs::remove_file(f);
            }
            return Err(e.into());
        }
        Ok(())
    }

    // ---- holders ------------------------------------------------------------------------

    // ---- certificates -------------------------------------------------------------------

    // ---- meta / settings ----------------------------------------------------------------

    /// A setting's value (None when never set).
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.db.query_opt("SELECT value FROM settings WHERE key = ?1", p![key], |r| r.get(0))
    }

    /// Set a setting, replacing its value.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.db.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) \
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            p![key, value],
        )?;
        Ok(())
    }

    /// Salted SHA-256 of an ID number (hex), used as the key of kiosk lock-out counters so
    /// that table never holds a raw ID number. The salt is random per database.
    pub fn id_key(&self, id_number: &str) -> String {
        let mut h = Sha256::new();
        h.update(self.salt);
        h.update(id_number.trim().to_ascii_uppercase().as_bytes());
        hex(&h.finalize())
    }
}

/// Whether `e`, or any error under it, means there was no room to write (issue 17 §5): a full
/// database (SQLITE_FULL, PostgreSQL's 53100), or the I/O errors SQLite reports when it cannot
/// write or grow its files ("disk I/O error" from xShmMap, a write, a truncate). Callers say
/// "the disk is full" instead of SQLite's words. A plain I/O error (stdout on a full device)
/// keeps its own words: nothing of the database's was refused there.
pub fn is_disk_full(e: &(dyn std::error::Error + 'static)) -> bool {
    use rusqlite::ffi;
    let mut next = Some(e);
    while let Some(c) = next {
        if let Some(rusqlite::Error::SqliteFailure(f, _)) = c.downcast_ref::<rusqlite::Error>() {
            let io = matches!(
                f.extended_code,
                ffi::SQLITE_IOERR_WRITE
                    | ffi::SQLITE_IOERR_SHMMAP
                    | ffi::SQLITE_IOERR_SHMSIZE
                    | ffi::SQLITE_IOERR_SHMOPEN
                    | ffi::SQLITE_IOERR_TRUNCATE
                    | ffi::SQLITE_IOERR_FSYNC
            );
            if f.code == rusqlite::ErrorCode::DiskFull || io {
                return true;
            }
        }
        if let Some(p) = c.downcast_ref::<postgres::Error>() {
            if p.code() == Some(&postgres::error::SqlState::DISK_FULL) {
                return true;
            }
        }
        next = c.source();
    }
    false
}

/// Errors that mean "no room to write": a full disk, or the I/O errors SQLite reports when it
/// cannot create or grow its `-shm`/`-wal` files.
fn no_space(e: &rusqlite::Error) -> bool {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => matches!(
            f.code,
            rusqlite::ErrorCode::DiskFull | rusqlite::ErrorCode::SystemIoFailure | rusqlite::ErrorCode::CannotOpen
        ),
        _ => false,
    }
}

fn integrity(conn: &Connection, path: &str, check: OpenCheck) -> Result<()> {
    let pragma = match check {
        OpenCheck::Full => "PRAGMA integrity_check",
        OpenCheck::Quick => "PRAGMA quick_check",
        OpenCheck::Skip => return Ok(()),
        OpenCheck::Cheap => {
            let read = conn
                .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0))
                .and_then(|_| conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)));
            return read.map(|_| ()).map_err(|e| StoreError::Corrupt { path: path.to_string(), detail: e.to_string() });
        }
    };
    let corrupt = |detail: String| StoreError::Corrupt { path: path.to_string(), detail };
    // Only a damaged file is "corrupt": a full disk or an I/O error must not send the
    // administrator to restore a backup over a good database.
    let failed = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt) => corrupt(e.to_string()),
        _ => StoreError::Sqlite(e),
    };
    let mut st = conn.prepare(pragma).map_err(failed)?;
    let lines: Vec<String> =
        st.query_map([], |r| r.get::<_, String>(0)).and_then(|rows| rows.collect()).map_err(failed)?;
    if lines.len() == 1 && lines[0] == "ok" {
        Ok(())
    } else {
        let mut detail = lines.into_iter().take(3).collect::<Vec<_>>().join("; ");
        if detail.is_empty() {
            detail = "integrity_check returned nothing".into();
        }
        Err(corrupt(format!("integrity_check: {detail}")))
    }
}

fn migrate(conn: &Connection, path: &str) -> Result<()> {
    let known = schema::MIGRATIONS.len() as i64;
    loop {
        let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        // Re-read inside the write lock: another process may have migrated meanwhile.
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > known {
            return Err(StoreError::TooNew { path: path.to_string(), found: version, known });
        }
        if version == known {
            tx.commit()?;
            return Ok(());
        }
        let sql = &schema::rendered(Backend::Sqlite).map_err(StoreError::Invalid)?[version as usize];
        let failed = |e: rusqlite::Error| StoreError::Invalid(format!("migration {} failed: {e}", version + 1));
        tx.execute_batch(sql).map_err(failed)?;
        if sql.contains("PRAGMA writable_schema=ON") {
            after_schema_edit(&tx)
                .map_err(|e| StoreError::Invalid(format!("migration {} failed: {e}", version + 1)))?;
        }
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

/// After a migration that edited `sqlite_master` in place: bump the schema cookie (SQLite's
/// procedure: every connection then re-reads the schema, this one included) and check the
/// schema still parses and holds no IN list the edit should have replaced.
fn after_schema_edit(tx: &rusqlite::Transaction<'_>) -> std::result::Result<(), String> {
    let e = |e: rusqlite::Error| e.to_string();
    let cookie: i64 = tx.query_row("PRAGMA schema_version", [], |r| r.get(0)).map_err(e)?;
    tx.pragma_update(None, "schema_version", cookie + 1).map_err(e)?;
    let sql: String = tx
        .query_row("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'certificates'", [], |r| r.get(0))
        .map_err(e)?;
    if sql.contains("kind IN (") || sql.contains("standing IN (") {
        return Err(format!("the certificates' constraints were not rewritten: {sql}"));
    }
    Ok(())
}

/// Bring a PostgreSQL database to the current schema: the migrations it has not run (all of them
/// on an empty database), in the hall's write transaction (so two terminals starting together do
/// not both migrate).
fn migrate_pg(db: &db::Db, shown: &str) -> Result<()> {
    let known = schema::MIGRATIONS.len() as i64;
    // The usual case, a current schema, is read without the hall's write lock: a terminal
    // starting while another holds it (an import) must not wait for it.
    let current: Option<i64> = db
        .query_opt("SELECT version FROM certdesk_schema WHERE to_regclass('certdesk_schema') IS NOT NULL", p![], |r| {
            r.get(0)
        })
        .or_else(|e| match e {
            // The table does not exist yet (a new database): SQLSTATE 42P01.
            StoreError::Postgres(ref pe) if pe.code() == Some(&postgres::error::SqlState::UNDEFINED_TABLE) => Ok(None),
            e => Err(e),
        })?;
    if current == Some(known) {
        return Ok(());
    }
    db.write(|| {
        let has_schema: bool = db.value("SELECT to_regclass('certdesk_schema') IS NOT NULL", p![])?;
        if !has_schema {
            let tables: i64 =
                db.value("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()", p![])?;
            if tables > 0 {
                return Err(StoreError::Invalid(format!(
                    "{shown}: the schema already holds {tables} tables that are not certdesk's; \
                     give certdesk an empty database or schema"
                )));
            }
            db.batch("CREATE TABLE certdesk_schema (version BIGINT NOT NULL); INSERT INTO certdesk_schema VALUES (0);")
                .map_err(|e| StoreError::Invalid(format!("creating the certdesk schema on {shown} failed: {e}")))?;
        }
        let all = schema::rendered(Backend::Postgres).map_err(StoreError::Invalid)?;
        loop {
            let version: i64 = db.value("SELECT version FROM certdesk_schema", p![])?;
            if version > known {
                return Err(StoreError::TooNew { path: shown.to_string(), found: version, known });
            }
            if version == known {
                return Ok(());
            }
            db.batch(&all[version as usize])
                .map_err(|e| StoreError::Invalid(format!("migration {} failed on {shown}: {e}", version + 1)))?;
            db.execute("UPDATE certdesk_schema SET version = ?1", p![version + 1])?;
        }
    })
}

fn load_salt(db: &db::Db) -> Result<[u8; 16]> {
    let get = || -> Result<Option<Vec<u8>>> {
        db.query_opt("SELECT value FROM meta WHERE key = 'id_salt'", p![], |r| r.get(0))
    };
    let v = match get()? {
        Some(v) => v,
        None => {
            let fresh: [u8; 16] = rand::random();
            db.execute("INSERT INTO meta (key, value) VALUES ('id_salt', ?1) ON CONFLICT (key) DO NOTHING", p![fresh])?;
            get()?.expect("just inserted")
        }
    };
    v.try_into().map_err(|_| StoreError::Invalid("meta.id_salt is not 16 bytes".into()))
}

// ---- row helpers ------------------------------------------------------------------------

pub(crate) fn gender_code(g: Gender) -> u8 {
    match g {
        Gender::Male => 1,
        Gender::Female => 2,
    }
}

pub(crate) fn gender_from(c: u8) -> Gender {
    if c == 2 {
        Gender::Female
    } else {
        Gender::Male
    }
}

fn handle_from(v: &[u8]) -> Result<[u8; 8]> {
    v.try_into().map_err(|_| StoreError::Invalid("a seal_handle is not 8 bytes".into()))
}

/// A row of `CERT_COLS` as a certificate. Dates are parsed where the row holds them, not from a
/// copy (a reminder list reads a quarter of a million rows, five dates each).
fn cert_from_row(r: &db::Row) -> Result<Certificate> {
    let bad = |i: usize, what: &str| StoreError::Invalid(format!("certificate column {i}: bad {what}"));
    let opt_date = |i: usize| -> Result<Option<NaiveDate>> {
        match r.0.get(i) {
            Some(db::Value::Null) => Ok(None),
            Some(db::Value::Text(s)) => parse_date_text(s).map(Some).ok_or_else(|| bad(i, "date")),
            _ => Err(bad(i, "date")),
        }
    };
    let date = |i: usize| opt_date(i)?.ok_or_else(|| bad(i, "date"));
    let handle: Vec<u8> = r.get(15)?;
    // '' is how the identity key stores "no category/item" (合格证).
    let opt_text = |i: usize| -> Result<Option<String>> { Ok(r.get::<Option<String>>(i)?.filter(|s| !s.is_empty())) };
    Ok(Certificate {
        id: CertId(r.get(16)?),
        number: r.get(0)?,
        kind: CertKind::from_code(r.get(1)?).ok_or_else(|| bad(1, "kind"))?,
        holder_id: r.get(2)?,
        name: r.get(3)?,
        gender: gender_from(r.get(4)?),
        category: opt_text(5)?,
        item: opt_text(6)?,
        industry: r.get(7)?,
        first_issued: date(8)?,
        valid_from: date(9)?,
        valid_until: date(10)?,
        review_due: opt_date(11)?,
        reviewed_on: opt_date(12)?,
        issuer: r.get(13)?,
        standing: Standing::from_code(r.get(14)?).ok_or_else(|| bad(14, "standing"))?,
        seal_handle: handle.as_slice().try_into().map_err(|_| bad(15, "seal_handle"))?,
        extended_review: r.get(17)?,
    })
}

/// A certificate's dates as the store writes them (`YYYY-MM-DD`, on the stack).
pub(crate) struct CertDates {
    first_issued: DateBuf,
    valid_from: DateBuf,
    valid_until: DateBuf,
    review_due: Option<DateBuf>,
    reviewed_on: Option<DateBuf>,
}

impl CertDates {
    pub(crate) fn of(c: &Certificate) -> CertDates {
        CertDates {
            first_issued: DateBuf::new(c.first_issued),
            valid_from: DateBuf::new(c.valid_from),
            valid_until: DateBuf::new(c.valid_until),
            review_due: c.review_due.map(DateBuf::new),
            reviewed_on: c.reviewed_on.map(DateBuf::new),
        }
    }
}

/// The columns every certificate INSERT writes, in [`cert_insert_values`]' order (`?1`..`?16`).
pub(crate) const CERT_INSERT_COLS: &str = "number, kind, holder_id, name, gender, category, item, industry, \
     first_issued, valid_from, valid_until, review_due, reviewed_on, issuer, standing, extended_review";

/// A certificate's values for [`CERT_INSERT_COLS`], borrowed (no copy on the import's bulk path).
pub(crate) fn cert_insert_values<'a>(c: &'a Certificate, d: &'a CertDates) -> [db::ValueRef<'a>; 16] {
    use db::{Param, ValueRef};
    let (category, item) = identity_parts(c);
    [
        ValueRef::Text(&c.number),
        ValueRef::Int(c.kind.code().into()),
        ValueRef::Text(&c.holder_id),
        ValueRef::Text(&c.name),
        ValueRef::Int(gender_code(c.gender).into()),
        ValueRef::Text(category),
        ValueRef::Text(item),
        c.industry.value_ref(),
        ValueRef::Text(d.first_issued.as_str()),
        ValueRef::Text(d.valid_from.as_str()),
        ValueRef::Text(d.valid_until.as_str()),
        d.review_due.as_ref().map_or(ValueRef::Null, |b| ValueRef::Text(b.as_str())),
        d.reviewed_on.as_ref().map_or(ValueRef::Null, |b| ValueRef::Text(b.as_str())),
        ValueRef::Text(&c.issuer),
        ValueRef::Int(c.standing.code().into()),
        ValueRef::Int(c.extended_review.into()),
    ]
}

/// The category and item parts of a certificate's identity key: '' where the kind has none
/// (合格证 are identified by kind and number alone, whatever a roster put in those columns).
fn identity_parts(c: &Certificate) -> (&str, &str) {
    match c.kind {
        CertKind::SpecialOperation => (c.category.as_deref().unwrap_or(""), c.item.as_deref().unwrap_or("")),
        _ => ("", ""),
    }
}

/// Everything but the row id and the seal handle.
fn same_content(a: &Certificate, b: &Certificate) -> bool {
    a.number == b.number
        && a.kind == b.kind
        && a.holder_id == b.holder_id
        && a.name == b.name
        && a.gender == b.gender
        && a.category == b.category
        && a.item == b.item
        && a.industry == b.industry
        && a.first_issued == b.first_issued
        && a.valid_from == b.valid_from
        && a.valid_until == b.valid_until
        && a.review_due == b.review_due
        && a.reviewed_on == b.reviewed_on
        && a.issuer == b.issuer
        && a.standing == b.standing
        && a.extended_review == b.extended_review
}

/// `YYYY-MM-DD` on the stack (no allocation on the bulk path).
struct DateBuf([u8; 10]);

impl DateBuf {
    fn new(d: NaiveDate) -> DateBuf {
        let mut b = *b"0000-00-00";
        let y = d.year().clamp(0, 9999) as u32;
        for (i, v) in [(0, y / 1000), (1, y / 100 % 10), (2, y / 10 % 10), (3, y % 10)] {
            b[i] = b'0' + v as u8;
        }
        b[5] = b'0' + (d.month() / 10) as u8;
        b[6] = b'0' + (d.month() % 10) as u8;
        b[8] = b'0' + (d.day() / 10) as u8;
        b[9] = b'0' + (d.day() % 10) as u8;
        DateBuf(b)
    }
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ASCII")
    }
}

/// `YYYY-MM-DD`.
pub fn date_text(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `YYYY-MM-DD HH:MM:SS`.
pub fn time_text(t: NaiveDateTime) -> String {
    format!("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second())
}

pub(crate) fn parse_time_text(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").ok()
}

/// Strict fast parse of `YYYY-MM-DD`.
pub(crate) fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(H[(b >> 4) as usize] as char);
        s.push(H[(b & 15) as usize] as char);
    }
    s
}

/// The store on each backend this machine can run, for tests that must hold on both (issue 10):
/// a SQLite file, and a fresh schema on the tests' PostgreSQL server when there is one (the
/// test kit panics instead of skipping when `CERTDESK_REQUIRE_PG=1`, as in CI).
#[cfg(test)]
pub(crate) fn test_stores(tag: &str) -> Vec<(Option<tempfile::TempDir>, Store)> {
    let dir = tempfile::tempdir().expect("temp dir");
    let lite = Store::open(dir.path().join("test.db")).expect("SQLite store");
    let mut out = vec![(Some(dir), lite)];
    if let Some(url) = crate::testkit::pg::fresh_url(tag) {
        out.push((None, Store::open_at(&Location::Postgres(url), OpenCheck::Skip).expect("PostgreSQL store")));
    }
    out
}

#[cfg(test)]
mod tests;
