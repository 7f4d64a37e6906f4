//! One way to run SQL on either backend: the embedded SQLite file (rusqlite) or a hall's
//! PostgreSQL server (the synchronous `postgres` client). Every store module talks to [`Db`];
//! nothing outside `store/` sees either driver.
//!
//! SQL is written once, in the dialect both accept: `?1`-style placeholders (rewritten to `$1`
//! for PostgreSQL), `ON CONFLICT … DO NOTHING/UPDATE`, `RETURNING id`, `COALESCE`, integer
//! columns read as `i64`, dates as ISO text. Parameters and columns travel as [`Value`]s, so
//! a query binds and reads the same Rust types on both.
//!
//! Transactions: [`Db::write`] is SQLite's `BEGIN IMMEDIATE` — one writer at a time. On
//! PostgreSQL the same guarantee is taken hall-wide: every write transaction first takes one
//! transaction-scoped advisory lock ([`HALL_WRITE_LOCK`]). The store's single-writer
//! assumptions (the audit chain's head, daily ticket and case numbers, lock-out counters read
//! then written) therefore hold across terminals without a second set of rules. A write
//! waits for the lock at most [`LOCK_TIMEOUT`] and then reports busy, as SQLite does after its
//! busy timeout. Reads never take it. The price is one durable commit at a time for the hall:
//! about 6 ms each on the development machine, so ten terminals writing back to back queue
//! (benches/hall_load.rs, a saturation test); people at a kiosk or a counter write far less often.

use super::{Result, StoreError};
use certdesk_domain::timeouts::Timeouts;
use postgres::types::{FromSql, IsNull, ToSql, Type};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The advisory lock every PostgreSQL write transaction takes: this key ("cdsk" in ASCII) and
/// the hash of the schema, so two halls kept in one database (one schema each) do not wait for
/// each other.
pub const HALL_WRITE_LOCK: i32 = 0x6364_736b;

/// Where a home's database lives: `paths.database` in certdesk.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// `postgres://user@host:port/dbname[?options=…]` (also `postgresql://`).
    Postgres(String),
}

impl Location {
    /// A `postgres://` or `postgresql://` URL, else a file path.
    pub fn parse(s: &str) -> Location {
        let t = s.trim();
        if t.starts_with("postgres://") || t.starts_with("postgresql://") {
            Location::Postgres(t.to_string())
        } else {
            Location::Sqlite(PathBuf::from(s))
        }
    }

    /// How to name it in messages and logs: a URL without its password.
    pub fn shown(&self) -> String {
        match self {
            Location::Sqlite(p) => p.display().to_string(),
            Location::Postgres(url) => redact(url),
        }
    }

    /// Whether it is a PostgreSQL server.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Location::Postgres(_))
    }
}

/// A URL with any password replaced by `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (auth, tail) = match rest.find('@') {
        Some(i) if !rest[..i].contains('/') => (&rest[..i], &rest[i..]),
        _ => return url.to_string(),
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***{tail}"),
        None => url.to_string(),
    }
}

impl From<&Path> for Location {
    fn from(p: &Path) -> Location {
        Location::Sqlite(p.to_path_buf())
    }
}

/// Which backend a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file (a single terminal, or a kiosk's own).
    Sqlite,
    /// A hall's PostgreSQL server.
    Postgres,
}

/// A value bound to a placeholder or read from a column.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// An integer (SQLite INTEGER, PostgreSQL BIGINT).
    Int(i64),
    /// A float.
    Real(f64),
    /// Text.
    Text(String),
    /// Bytes (SQLite BLOB, PostgreSQL BYTEA).
    Blob(Vec<u8>),
}

/// A parameter as bound: text and bytes borrowed from the caller, so binding copies nothing
/// the driver does not copy itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRef<'a> {
    /// SQL NULL.
    Null,
    /// An integer.
    Int(i64),
    /// A float.
    Real(f64),
    /// Borrowed text.
    Text(&'a str),
    /// Borrowed bytes.
    Blob(&'a [u8]),
}

impl ValueRef<'_> {
    /// The same value, owned.
    pub fn to_owned_value(self) -> Value {
        match self {
            ValueRef::Null => Value::Null,
            ValueRef::Int(i) => Value::Int(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(s) => Value::Text(s.to_string()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        }
    }
}

/// Something that can be bound to a placeholder.
pub trait Param {
    /// The value to bind, borrowed.
    fn value_ref(&self) -> ValueRef<'_>;
    /// The value to bind, owned.
    fn value(&self) -> Value {
        self.value_ref().to_owned_value()
    }
}

macro_rules! int_param {
    ($($t:ty),*) => {$(
        impl Param for $t {
            fn value_ref(&self) -> ValueRef<'_> {
                ValueRef::Int(*self as i64)
            }
        }
    )*};
}
int_param!(i64, i32, i16, u8, u16, u32, u64, usize);

impl Param for bool {
    fn value_ref(&self) -> ValueRef<'_> {
        ValueRef::Int(*self as i64)
    }
}
impl Param for f64 {
    fn value_ref(&self) -> ValueRef<'_> {
        ValueRef::Real(*self)
    }
}
impl Param for str {
    fn value_ref(&self) -> ValueRef<'_> {
        ValueRef::Text(self)
    }
}
impl Param for String {
    fn value_ref(&self) -> ValueRef<'_> {
        ValueRef::Text(self)
    }
}
impl Param for [u8] {
    fn value_ref(&self) -> ValueRef<'_> {
        ValueRef::Blob(self)
    }
}
impl Param for Vec<u8> {
    fn value_ref(&self) -> ValueRef<'_> {
        ValueRef::Blob(self)
    }
}
impl<const N: usize> Param for [u8; N] {
    fn value_ref(&self) -> ValueRef<'_> {
        ValueRef::Blob(self)
    }
}
impl Param for Value {
    fn value_ref(&self) -> ValueRef<'_> {
        match self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Int(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(s) => ValueRef::Text(s),
            Value::Blob(b) => ValueRef::Blob(b),
        }
    }
}
impl Param for ValueRef<'_> {
    fn value_ref(&self) -> ValueRef<'_> {
        *self
    }
}
impl rusqlite::ToSql for ValueRef<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef as R};
        Ok(ToSqlOutput::Borrowed(match *self {
            ValueRef::Null => R::Null,
            ValueRef::Int(i) => R::Integer(i),
            ValueRef::Real(f) => R::Real(f),
            ValueRef::Text(s) => R::Text(s.as_bytes()),
            ValueRef::Blob(b) => R::Blob(b),
        }))
    }
}
impl<T: Param + ?Sized> Param for &T {
    fn value_ref(&self) -> ValueRef<'_> {
        (**self).value_ref()
    }
}
impl<T: Param> Param for Option<T> {
    fn value_ref(&self) -> ValueRef<'_> {
        match self {
            Some(v) => v.value_ref(),
            None => ValueRef::Null,
        }
    }
}

/// `p![a, b, c]`: a parameter list for [`Db`] calls.
#[macro_export]
#[doc(hidden)]
macro_rules! db_params {
    () => { &[] as &[&dyn $crate::store::db::Param] };
    ($($x:expr),+ $(,)?) => { &[$(&$x as &dyn $crate::store::db::Param),+] as &[&dyn $crate::store::db::Param] };
}
pub(crate) use db_params as p;

/// A column value converted to a Rust type.
pub trait FromValue: Sized {
    /// The Rust value of a column value; `None` when the types do not fit.
    fn from_value(v: &Value) -> Option<Self>;
    /// What the type is called in the error when they do not.
    const WHAT: &'static str;
}

macro_rules! int_from {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(v: &Value) -> Option<Self> {
                match v {
                    Value::Int(i) => <$t>::try_from(*i).ok(),
                    _ => None,
                }
            }
            const WHAT: &'static str = "an integer";
        }
    )*};
}
int_from!(i64, i32, u8, u16, u32, u64, usize);

impl FromValue for bool {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Int(i) => Some(*i != 0),
            _ => None,
        }
    }
    const WHAT: &'static str = "a flag";
}
impl FromValue for f64 {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Real(f) => Some(*f),
            Value::Int(i) => Some(*i as f64),
            _ => None,
        }
    }
    const WHAT: &'static str = "a number";
}
impl FromValue for String {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
    const WHAT: &'static str = "text";
}
impl FromValue for Vec<u8> {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Blob(b) => Some(b.clone()),
            // SQLite keeps what was bound; a blob column written as text by hand still reads.
            Value::Text(s) => Some(s.as_bytes().to_vec()),
            _ => None,
        }
    }
    const WHAT: &'static str = "bytes";
}
impl FromValue for Value {
    fn from_value(v: &Value) -> Option<Self> {
        Some(v.clone())
    }
    const WHAT: &'static str = "a value";
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Null => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
    const WHAT: &'static str = T::WHAT;
}

/// One result row, read by column index.
#[derive(Debug, Clone, PartialEq)]
pub struct Row(pub Vec<Value>);

impl Row {
    /// Column `i` as `T`, or an error naming the column and what it held.
    pub fn get<T: FromValue>(&self, i: usize) -> Result<T> {
        let v = self.0.get(i).ok_or_else(|| StoreError::Invalid(format!("no column {i} in the result")))?;
        T::from_value(v).ok_or_else(|| StoreError::Invalid(format!("column {i} is not {} (found {v:?})", T::WHAT)))
    }
    /// How many columns the row has.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether the row has no columns.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

// ---- the connection -----------------------------------------------------------------------

pub(crate) struct Pg {
    client: RefCell<postgres::Client>,
    stmts: RefCell<HashMap<String, postgres::Statement>>,
    /// Open transaction depth: writes inside join the outermost one.
    depth: Cell<u32>,
    /// A connection error was seen: every call fails fast until the store is reopened.
    broken: Cell<bool>,
    pub(crate) shown: String,
    /// The connection settings (TLS, timeouts), to reconnect after an outage and to open
    /// listeners (`pg_connect.rs`).
    pub(crate) config: super::pg_connect::PgConnect,
    /// The `options` the URL itself gave, before certdesk's session settings were added.
    url_options: String,
}

pub(crate) enum Db {
    Lite(rusqlite::Connection),
    Pg(Pg),
}

/// How long a PostgreSQL write waits for the hall's write lock before it reports busy (SQLite's
/// busy timeout is the same 5 s): the product's figure, `Timeouts::db_lock`; a station's
/// resolved settings may give another ([`Db::set_timeouts`]).
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(5);

/// The session settings sent with every PostgreSQL connection (reconnects included), after the
/// URL's own `options`.
fn session_options(url_options: &str, t: &Timeouts) -> String {
    format!(
        "{url_options} -c lock_timeout={} -c statement_timeout={} -c client_min_messages=warning",
        t.db_lock.as_millis().max(1),
        t.db_statement.as_millis().max(1)
    )
    .trim()
    .to_string()
}

/// How long a PostgreSQL connection attempt may take before the terminal reports the server
/// unreachable (an out-of-service screen, not a hang): the product's figure,
/// `Timeouts::db_connect`, bounding the whole attempt (`pg_connect.rs`).
pub const PG_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

thread_local! {
    /// Round trips this thread has made to the database (statements, batches, BEGIN and COMMIT).
    static SENT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

fn sent() {
    SENT.with(|s| s.set(s.get() + 1));
}

/// How many round trips to the database (a statement, a batch, a transaction's BEGIN or COMMIT)
/// this thread has made so far, on either backend. Measures what one request costs: the hop
/// and statement counts in docs/architecture.md, kept by tests/desk_statements.rs.
pub fn statements_sent() -> u64 {
    SENT.with(|s| s.get())
}

impl Db {
    pub(crate) fn connect_pg(url: &str, timeouts: &Timeouts) -> Result<Db> {
        let shown = redact(url);
        let mut connect = super::pg_connect::PgConnect::from_url(url, &shown, timeouts)?;
        let cfg = &mut connect.config;
        if cfg.get_application_name().is_none() {
            cfg.application_name("certdesk");
        }
        // Session settings, on every connection (reconnects included): a write waits for the
        // hall's lock at most `lock_timeout`, as SQLite's busy timeout, and then reports busy
        // (callers that must not give up retry: `in_transaction_patiently`), so a long import on
        // one terminal never hangs the others; a statement runs at most `statement_timeout`.
        let url_options = cfg.get_options().unwrap_or("").to_string();
        cfg.options(&session_options(&url_options, timeouts));
        let client = connect.connect(&shown)?;
        let db = Db::Pg(Pg {
            client: RefCell::new(client),
            stmts: RefCell::new(HashMap::new()),
            depth: Cell::new(0),
            broken: Cell::new(false),
            shown,
            config: connect,
            url_options,
        });
        Ok(db)
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Lite(_) => Backend::Sqlite,
            Db::Pg(_) => Backend::Postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (pragmas, backup, bulk loading).
    /// How long a write waits for another writer's lock before it reports busy: SQLite's busy
    /// timeout; PostgreSQL's `lock_timeout`, for this session and every reconnection.
    /// On PostgreSQL also the statement timeout and the bounds on a connection attempt
    /// (`pg_connect.rs`).
    pub(crate) fn set_timeouts(&mut self, t: &Timeouts) -> Result<()> {
        match self {
            Db::Lite(c) => Ok(c.busy_timeout(t.db_lock)?),
            Db::Pg(pg) => {
                pg.config.set_timeouts(t);
                pg.config.config.options(&session_options(&pg.url_options, t));
                pg.run(|c| {
                    c.batch_execute(&format!(
                        "SET lock_timeout = {}; SET statement_timeout = {}",
                        t.db_lock.as_millis().max(1),
                        t.db_statement.as_millis().max(1)
                    ))
                })
            }
        }
    }

    pub(crate) fn lite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Db::Lite(c) => Some(c),
            Db::Pg(_) => None,
        }
    }

    /// PostgreSQL only: hand `rows` (one value per column of `cols`) to `table` with one binary
    /// COPY: one round trip for a whole batch (the import's staging tables). The column types
    /// are the table's, as the server reports them.
    pub(crate) fn copy_in(&self, table: &str, cols: &str, rows: &[Vec<ValueRef<'_>>]) -> Result<u64> {
        let Db::Pg(pg) = self else {
            return Err(StoreError::Invalid("COPY is PostgreSQL's; SQLite loads through multi-row statements".into()));
        };
        let probe = pg.prepare(&format!("SELECT {cols} FROM {table} LIMIT 0"))?;
        let types: Vec<Type> = probe.columns().iter().map(|c| c.type_().clone()).collect();
        let sql = format!("COPY {table} ({cols}) FROM STDIN (FORMAT binary)");
        pg.run(|c| {
            let mut w = postgres::binary_copy::BinaryCopyInWriter::new(c.copy_in(&sql)?, &types);
            for r in rows {
                w.write_raw(r.iter().map(|v| PgParam(*v)))?;
            }
            w.finish()
        })
    }

    /// Run statements that take no parameters and return no rows (schema scripts).
    pub fn batch(&self, sql: &str) -> Result<()> {
        sent();
        match self {
            Db::Lite(c) => Ok(c.execute_batch(sql)?),
            Db::Pg(pg) => pg.run(|c| c.batch_execute(sql)),
        }
    }

    /// Execute one statement; the number of rows changed.
    pub fn execute(&self, sql: &str, params: &[&dyn Param]) -> Result<u64> {
        sent();
        match self {
            Db::Lite(c) => {
                let mut st = c.prepare_cached(sql)?;
                bind_lite(&mut st, params)?;
                Ok(st.raw_execute()? as u64)
            }
            Db::Pg(pg) => {
                let vals = pg_params(params);
                let refs: Vec<&(dyn ToSql + Sync)> = vals.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
                let st = pg.prepare(sql)?;
                pg.run(|c| c.execute(&st, &refs))
            }
        }
    }

    /// Every row, each converted by `f`.
    pub fn query<T>(&self, sql: &str, params: &[&dyn Param], mut f: impl FnMut(&Row) -> Result<T>) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.each(sql, params, |r| {
            out.push(f(r)?);
            Ok(true)
        })?;
        Ok(out)
    }

    /// The first row, if any, converted by `f`.
    pub fn query_opt<T>(
        &self,
        sql: &str,
        params: &[&dyn Param],
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut f = Some(f);
        let mut out = None;
        self.each(sql, params, |r| {
            out = Some((f.take().expect("called once"))(r)?);
            Ok(false)
        })?;
        Ok(out)
    }

    /// The first row, converted by `f`; an error if there is none.
    pub fn query_one<T>(&self, sql: &str, params: &[&dyn Param], f: impl FnOnce(&Row) -> Result<T>) -> Result<T> {
        self.query_opt(sql, params, f)?.ok_or_else(|| {
            StoreError::Invalid(format!("no row for: {}", sql.split_whitespace().take(8).collect::<Vec<_>>().join(" ")))
        })
    }

    /// One value from the first row (e.g. `SELECT count(*) …`).
    pub fn value<T: FromValue>(&self, sql: &str, params: &[&dyn Param]) -> Result<T> {
        self.query_one(sql, params, |r| r.get(0))
    }

    /// Stream rows to `f` without holding them all; `f` returns false to stop early. `f` must
    /// not use this same `Db` (on PostgreSQL the connection is busy streaming): that is refused
    /// with an error.
    pub fn each(&self, sql: &str, params: &[&dyn Param], mut f: impl FnMut(&Row) -> Result<bool>) -> Result<()> {
        sent();
        match self {
            Db::Lite(c) => {
                let mut st = c.prepare_cached(sql)?;
                bind_lite(&mut st, params)?;
                let n = st.column_count();
                let mut rows = st.raw_query();
                while let Some(r) = rows.next()? {
                    let mut vals = Vec::with_capacity(n);
                    for i in 0..n {
                        vals.push(lite_value(r.get_ref(i)?));
                    }
                    if !f(&Row(vals))? {
                        break;
                    }
                }
                Ok(())
            }
            Db::Pg(pg) => {
                use postgres::fallible_iterator::FallibleIterator;
                let vals = pg_params(params);
                let st = pg.prepare(sql)?;
                pg.check()?;
                let mut client = pg.client.try_borrow_mut().map_err(|_| nested())?;
                let mut it =
                    client.query_raw(&st, vals.iter().map(|v| v as &(dyn ToSql + Sync))).map_err(|e| pg.fail(e))?;
                loop {
                    let row = match it.next() {
                        Ok(Some(r)) => r,
                        Ok(None) => break,
                        Err(e) => return Err(pg.fail(e)),
                    };
                    let mut vals = Vec::with_capacity(row.len());
                    for i in 0..row.len() {
                        let v: PgVal = row.try_get(i).map_err(|e| pg.fail(e))?;
                        vals.push(v.0);
                    }
                    if !f(&Row(vals))? {
                        break;
                    }
                }
                Ok(())
            }
        }
    }

    /// Run `f` so that, inside a transaction, its failure undoes only its own statements (a
    /// savepoint): on PostgreSQL a failed statement otherwise aborts the whole transaction.
    /// Outside a transaction `f` runs as it is.
    pub fn savepoint<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        if !self.in_tx() {
            return f();
        }
        self.batch("SAVEPOINT certdesk_sp")?;
        match f() {
            Ok(v) => {
                self.batch("RELEASE SAVEPOINT certdesk_sp")?;
                Ok(v)
            }
            Err(e) => {
                if !e.is_unavailable() {
                    self.batch("ROLLBACK TO SAVEPOINT certdesk_sp; RELEASE SAVEPOINT certdesk_sp")?;
                }
                Err(e)
            }
        }
    }

    /// Whether a transaction is open on this connection.
    pub fn in_tx(&self) -> bool {
        match self {
            Db::Lite(c) => !c.is_autocommit(),
            Db::Pg(pg) => pg.depth.get() > 0,
        }
    }

    /// Run `f` in one write transaction (SQLite `BEGIN IMMEDIATE`; PostgreSQL `BEGIN` plus the
    /// hall's write lock), committed if it returns `Ok`, rolled back otherwise. Inside an open
    /// transaction `f` simply joins it.
    pub fn write<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        self.tx(true, f)
    }

    /// Run `f` in one read transaction: a consistent snapshot for a multi-query read (audit
    /// verification), taking no write lock.
    pub fn read<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        self.tx(false, f)
    }

    fn tx<T>(&self, write: bool, f: impl FnOnce() -> Result<T>) -> Result<T> {
        if self.in_tx() {
            return f();
        }
        match self {
            Db::Lite(c) => {
                let behavior = if write {
                    rusqlite::TransactionBehavior::Immediate
                } else {
                    rusqlite::TransactionBehavior::Deferred
                };
                sent();
                let tx = rusqlite::Transaction::new_unchecked(c, behavior)?;
                let out = f()?;
                sent();
                tx.commit()?;
                Ok(out)
            }
            Db::Pg(pg) => {
                let begin = if write {
                    format!("BEGIN; SELECT pg_advisory_xact_lock({HALL_WRITE_LOCK}, hashtext(current_schema()))")
                } else {
                    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY".to_string()
                };
                sent();
                if let Err(e) = pg.run(|c| c.batch_execute(&begin)) {
                    // BEGIN may have run before the lock timed out: end that transaction.
                    if !pg.broken.get() {
                        let _ = pg.run(|c| c.batch_execute("ROLLBACK"));
                    }
                    return Err(e);
                }
                pg.depth.set(1);
                let out = f();
                pg.depth.set(0);
                match out {
                    Ok(v) => {
                        sent();
                        pg.run(|c| c.batch_execute("COMMIT"))?;
                        Ok(v)
                    }
                    Err(e) => {
                        if !pg.broken.get() {
                            let _ = pg.run(|c| c.batch_execute("ROLLBACK"));
                        }
                        Err(e)
                    }
                }
            }
        }
    }
}

impl Pg {
    /// Before each call: a connection lost earlier is replaced by a new one when no transaction
    /// is open (the lost transaction was rolled back by the server and reported to its caller),
    /// so a terminal recovers by itself when the server returns.
    fn check(&self) -> Result<()> {
        let closed = self.client.try_borrow().map_err(|_| nested())?.is_closed();
        if self.broken.get() || closed {
            if self.depth.get() > 0 {
                return Err(StoreError::Unavailable(format!("the connection to {} was lost", self.shown)));
            }
            let client = self.config.connect(&self.shown)?;
            *self.client.try_borrow_mut().map_err(|_| nested())? = client;
            self.stmts.borrow_mut().clear();
            self.broken.set(false);
        }
        Ok(())
    }

    fn fail(&self, e: postgres::Error) -> StoreError {
        let err = pg_error(e, &self.shown);
        if err.is_unavailable() {
            self.broken.set(true);
            self.stmts.borrow_mut().clear();
        }
        err
    }

    fn run<T>(&self, f: impl FnOnce(&mut postgres::Client) -> std::result::Result<T, postgres::Error>) -> Result<T> {
        self.check()?;
        let mut c = self.client.try_borrow_mut().map_err(|_| nested())?;
        f(&mut c).map_err(|e| self.fail(e))
    }

    fn prepare(&self, sql: &str) -> Result<postgres::Statement> {
        if let Some(st) = self.stmts.borrow().get(sql) {
            return Ok(st.clone());
        }
        let text = dollar_placeholders(sql);
        let st = self.run(|c| c.prepare(&text))?;
        let mut cache = self.stmts.borrow_mut();
        if cache.len() > 256 {
            cache.clear();
        }
        cache.insert(sql.to_string(), st.clone());
        Ok(st)
    }

    /// Whether the connection was lost (the store must be reopened).
    pub(crate) fn is_broken(&self) -> bool {
        self.broken.get() || self.client.borrow().is_closed()
    }
}

fn nested() -> StoreError {
    StoreError::Invalid("a query was run inside a streaming read of the same connection".into())
}

/// Classify a PostgreSQL error: the server unreachable or the connection lost is
/// [`StoreError::Unavailable`] (terminals wait and retry); anything else is a data error.
pub(crate) fn pg_error(e: postgres::Error, shown: &str) -> StoreError {
    use postgres::error::SqlState;
    if let Some(code) = e.code() {
        let class = &code.code()[..2];
        // 08: connection exception; 57P01-03: admin shutdown, crash shutdown, cannot connect now;
        // 53: insufficient resources (disk full, too many connections).
        if class == "08"
            || *code == SqlState::ADMIN_SHUTDOWN
            || *code == SqlState::CRASH_SHUTDOWN
            || *code == SqlState::CANNOT_CONNECT_NOW
            || class == "53"
        {
            return StoreError::Unavailable(format!("{shown}: {e}"));
        }
        return StoreError::Postgres(e);
    }
    // No SQLSTATE: the connection (an I/O error, closed, a timeout), or a client-side error
    // converting a value, which is a bug or bad data, not an outage.
    let io = std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>());
    let text = e.to_string();
    let connection = ["error connecting", "error communicating", "connection closed", "timeout", "unexpected message"]
        .iter()
        .any(|p| text.starts_with(p));
    if e.is_closed() || io || connection {
        StoreError::Unavailable(format!("{shown}: {e}"))
    } else {
        StoreError::Postgres(e)
    }
}

fn bind_lite(st: &mut rusqlite::CachedStatement<'_>, params: &[&dyn Param]) -> Result<()> {
    let want = st.parameter_count();
    if want != params.len() {
        return Err(StoreError::Invalid(format!("statement takes {want} parameters, {} given", params.len())));
    }
    for (i, p) in params.iter().enumerate() {
        match p.value_ref() {
            ValueRef::Null => st.raw_bind_parameter(i + 1, rusqlite::types::Null)?,
            ValueRef::Int(v) => st.raw_bind_parameter(i + 1, v)?,
            ValueRef::Real(v) => st.raw_bind_parameter(i + 1, v)?,
            ValueRef::Text(v) => st.raw_bind_parameter(i + 1, v)?,
            ValueRef::Blob(v) => st.raw_bind_parameter(i + 1, v)?,
        }
    }
    Ok(())
}

fn lite_value(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// `?1` → `$1`, and a bare `?` → the next number, outside quoted text.
pub(crate) fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut next = 1;
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    digits.push(d);
                    chars.next();
                }
                out.push('$');
                if digits.is_empty() {
                    out.push_str(&next.to_string());
                    next += 1;
                } else {
                    out.push_str(&digits);
                }
            }
            None => out.push(c),
        }
    }
    out
}

// ---- PostgreSQL value conversion ------------------------------------------------------------

/// A parameter as PostgreSQL binds it: whatever type the server inferred for the placeholder,
/// converted from our [`Value`] (an integer into INT2/4/8 or BOOL, text into any text type).
#[derive(Debug)]
struct PgParam<'a>(ValueRef<'a>);

fn pg_params<'a>(params: &'a [&'a dyn Param]) -> Vec<PgParam<'a>> {
    params.iter().map(|p| PgParam(p.value_ref())).collect()
}

impl ToSql for PgParam<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match (self.0, ty) {
            (ValueRef::Null, _) => Ok(IsNull::Yes),
            (ValueRef::Int(v), t) if *t == Type::INT8 => v.to_sql(ty, out),
            (ValueRef::Int(v), t) if *t == Type::INT4 => i32::try_from(v)?.to_sql(ty, out),
            (ValueRef::Int(v), t) if *t == Type::INT2 => i16::try_from(v)?.to_sql(ty, out),
            (ValueRef::Int(v), t) if *t == Type::BOOL => (v != 0).to_sql(ty, out),
            (ValueRef::Int(v), t) if *t == Type::FLOAT8 => (v as f64).to_sql(ty, out),
            (ValueRef::Int(v), t) if is_text(t) => v.to_string().as_str().to_sql(ty, out),
            (ValueRef::Real(v), t) if *t == Type::FLOAT8 => v.to_sql(ty, out),
            (ValueRef::Real(v), t) if *t == Type::FLOAT4 => (v as f32).to_sql(ty, out),
            (ValueRef::Text(s), t) if is_text(t) => s.to_sql(ty, out),
            (ValueRef::Text(s), t) if *t == Type::BYTEA => s.as_bytes().to_sql(ty, out),
            (ValueRef::Blob(b), t) if *t == Type::BYTEA => b.to_sql(ty, out),
            (v, t) => Err(format!("cannot bind {v:?} to a {t} parameter").into()),
        }
    }
    fn accepts(_: &Type) -> bool {
        true
    }
    postgres::types::to_sql_checked!();
}

fn is_text(t: &Type) -> bool {
    [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME, Type::UNKNOWN].contains(t)
}

/// A column as read from PostgreSQL, converted to our [`Value`] by its type.
struct PgVal(Value);

impl<'a> FromSql<'a> for PgVal {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        let v = match ty {
            t if *t == Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
            t if *t == Type::INT4 => Value::Int(i32::from_sql(ty, raw)?.into()),
            t if *t == Type::INT2 => Value::Int(i16::from_sql(ty, raw)?.into()),
            t if *t == Type::OID => Value::Int(u32::from_sql(ty, raw)?.into()),
            t if *t == Type::BOOL => Value::Int(bool::from_sql(ty, raw)?.into()),
            t if *t == Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            t if *t == Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            t if *t == Type::NUMERIC => numeric(raw)?,
            t if *t == Type::BYTEA => Value::Blob(raw.to_vec()),
            t if *t == Type::VOID => Value::Null,
            t if is_text(t) => Value::Text(<&str>::from_sql(ty, raw)?.to_string()),
            t => return Err(format!("column type {t} is not used by certdesk").into()),
        };
        Ok(PgVal(v))
    }
    fn from_sql_null(_: &Type) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(PgVal(Value::Null))
    }
    fn accepts(_: &Type) -> bool {
        true
    }
}

/// PostgreSQL's binary NUMERIC (what `sum()` and `avg()` of integers return): base-10000
/// digits. A whole number becomes [`Value::Int`], anything else [`Value::Real`].
fn numeric(raw: &[u8]) -> std::result::Result<Value, Box<dyn std::error::Error + Sync + Send>> {
    if raw.len() < 8 {
        return Err("short NUMERIC".into());
    }
    let word = |i: usize| i16::from_be_bytes([raw[i], raw[i + 1]]);
    let (ndigits, weight, sign, dscale) = (word(0) as usize, word(2) as i32, word(4) as u16, word(6));
    if sign == 0xC000 {
        return Err("NUMERIC NaN".into());
    }
    if raw.len() < 8 + 2 * ndigits {
        return Err("short NUMERIC".into());
    }
    let neg = sign == 0x4000;
    let mut f = 0f64;
    let mut n: i128 = 0;
    let mut exact = dscale == 0;
    for d in 0..ndigits {
        let digit = word(8 + 2 * d);
        let power = weight - d as i32;
        f += f64::from(digit) * 10000f64.powi(power);
        if power < 0 {
            exact &= digit == 0;
        } else if exact {
            match 10000i128
                .checked_pow(power as u32)
                .and_then(|p| p.checked_mul(digit.into()))
                .and_then(|v| n.checked_add(v))
            {
                Some(v) => n = v,
                None => exact = false,
            }
        }
    }
    if exact {
        if let Ok(i) = i64::try_from(if neg { -n } else { n }) {
            return Ok(Value::Int(i));
        }
    }
    Ok(Value::Real(if neg { -f } else { f }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_dollars_outside_quotes() {
        assert_eq!(
            dollar_placeholders("SELECT a FROM t WHERE x = ?1 AND y = ?12"),
            "SELECT a FROM t WHERE x = $1 AND y = $12"
        );
        assert_eq!(
            dollar_placeholders("SELECT '?1', \"a?\" FROM t WHERE x = ? AND y = ?"),
            "SELECT '?1', \"a?\" FROM t WHERE x = $1 AND y = $2"
        );
    }

    #[test]
    fn locations_parse_and_hide_passwords() {
        assert_eq!(Location::parse("/srv/certdesk.db"), Location::Sqlite("/srv/certdesk.db".into()));
        let pg = Location::parse("postgres://desk:s3cret@10.0.0.5:5432/hall");
        assert!(pg.is_postgres());
        assert_eq!(pg.shown(), "postgres://desk:***@10.0.0.5:5432/hall");
        assert_eq!(Location::parse("postgresql://desk@db/hall").shown(), "postgresql://desk@db/hall");
    }

    /// `paths.database` as a person may type it wrong: a clear error, never a panic, never the
    /// password; a server that is not there is "unavailable" (retry), not a data error.
    #[test]
    fn bad_database_urls_are_clear_errors() {
        for url in
            ["postgres://", "postgres://u:pw@host:notaport/db", "postgresql://u@h/db?sslmode=bogus", "postgres://\u{0}"]
        {
            match crate::store::Store::open_at(&Location::parse(url), crate::store::OpenCheck::Skip) {
                Ok(_) => panic!("{url:?} opened"),
                Err(e) => assert!(!e.to_string().contains("pw@"), "{url:?}: password shown: {e}"),
            }
        }
        let e = crate::store::Store::open_at(
            &Location::parse("postgres://certdesk:secret@127.0.0.1:1/certdesk"),
            crate::store::OpenCheck::Skip,
        )
        .unwrap_err();
        assert!(e.is_unavailable(), "{e}");
        assert!(!e.to_string().contains("secret"), "{e}");
    }

    #[test]
    fn numerics_decode() {
        // 12345678 = digits [1234, 5678], weight 1, scale 0.
        let raw = [0, 2, 0, 1, 0, 0, 0, 0, 0x04, 0xD2, 0x16, 0x2E];
        assert_eq!(numeric(&raw).unwrap(), Value::Int(12_345_678));
        // -2.5 = digits [2, 5000], weight 0, negative, scale 1.
        let raw = [0, 2, 0, 0, 0x40, 0, 0, 1, 0, 2, 0x13, 0x88];
        assert_eq!(numeric(&raw).unwrap(), Value::Real(-2.5));
        assert!(numeric(&[0, 1]).is_err());
        assert!(numeric(&[0, 9, 0, 0, 0, 0, 0, 0]).is_err());
    }

    #[test]
    fn rows_convert_or_say_why_not() {
        let r = Row(vec![Value::Int(3), Value::Null, Value::Text("x".into())]);
        assert_eq!(r.get::<u8>(0).unwrap(), 3);
        assert_eq!(r.get::<Option<String>>(1).unwrap(), None);
        assert!(r.get::<i64>(2).unwrap_err().to_string().contains("not an integer"));
        assert!(r.get::<i64>(9).is_err());
        assert!(Row(vec![Value::Int(-1)]).get::<u8>(0).is_err());
    }
}
