//! Roster import from the provincial system's exports (CSV or XLSX).
//!
//! - CSV in UTF-8 (with or without BOM) or GB18030. Detection: valid UTF-8 → UTF-8; otherwise
//!   the header row decides (Chinese headers that are valid UTF-8 → UTF-8 with the broken rows
//!   reported; otherwise GB18030). Fields are decoded one by one, so one damaged line is a
//!   row error, not a file error.
//! - XLSX: the first worksheet; the first non-empty row is the header. Date cells, Excel date
//!   serials and text dates are all accepted.
//! - Headers are the Chinese ones of the provincial exports (English aliases accepted, see
//!   [`COLUMNS`]); unknown columns are ignored and listed in the report.
//! - Each row is checked; a bad row is reported with its row number as the user sees it in
//!   the file (header = row 1), the column and the reason, and skipped. All good rows go in
//!   inside one transaction, together with one audit entry. Re-importing updates by
//!   certificate identity — (kind, 证号, 作业类别, 操作项目): one holder's 特种作业操作证 share a
//!   证号 — (the seal handle is kept) and the report counts inserted / updated / unchanged.
//!
//! Row rules (decisions documented here; the issue-6 rules — provinces, age, 有效期 length,
//! aliases and 其他作业, 延期复审, credit-code parts, printability — are in `row.rs`):
//! - 身份证号 must pass `ResidentId::parse` (its message is the reason).
//! - 性别 may be empty (taken from the ID number); if given it must agree with the ID's 17th
//!   digit, otherwise the row is **rejected** (one of the two is wrong and the slip prints it).
//! - 特种作业操作证: 证号 must be "T" + the ID number; 作业类别/操作项目 must be in the
//!   catalogue (full-width/ASCII brackets and a missing trailing "作业" on the item are
//!   tolerated; official names keep their full-width brackets); 应复审日期 empty → unknown
//!   (SPEC §2: never 有效期起 + 3 years, never a missed review), with one warning per file.
//! - 合格证 (主要负责人 / 安全生产管理人员): 行业类别 must be in the catalogue; review
//!   columns are ignored.
//! - Dates: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYYMMDD`, an Excel serial or an
//!   Excel date cell; 有效期起 ≤ 有效期止; 初领日期 empty → 有效期起.
//! - 手机号: digits (spaces, dashes and a +86 prefix are stripped), 7 to 15 of them.
//! - 统一社会信用代码: a failed checksum is a **warning** (stored as given); a malformed code
//!   (wrong length or characters) is a warning too and the code is not stored.
//! - The same certificate (identity as above) twice in one file: the later row wins, with a
//!   warning.
//! - Holder columns (姓名, 手机号, 工作单位, …) repeat on every certificate row; the last row of a
//!   holder wins.

mod csv;
mod row;
mod xlsx;

pub use row::{parse_date, COLUMNS};

use crate::domain::catalogue::Catalogue;
use crate::domain::{Certificate, Holder};
use crate::store::{RosterLoader, Store, StoreError};
use chrono::NaiveDate;
use row::{Col, Rules, NCOLS, REQUIRED};
use std::borrow::Cow;
use std::fmt;
use std::path::Path;
use std::time::{Duration, Instant};

/// One problem with one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowIssue {
    /// Row as the user sees it in the file (header = row 1).
    pub row: u64,
    /// The column's header as written in the file (or a description such as "列数").
    pub column: String,
    /// What is wrong, in words the clerk can act on.
    pub reason: String,
}

impl fmt::Display for RowIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}, {}: {}", self.row, self.column, self.reason)
    }
}

/// What a roster import did: counts, the rows' problems, the time it took.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// "CSV (UTF-8)", "CSV (GB18030)" or "XLSX".
    pub format: String,
    /// Data rows read (not counting the header and blank rows).
    pub rows: u64,
    /// Certificates new to the registry.
    pub inserted: u64,
    /// Certificates whose fields changed.
    pub updated: u64,
    /// Certificates already as the file has them.
    pub unchanged: u64,
    /// 合格证 now belonging to another holder than before the import (also listed in
    /// `warnings`, counted in `updated`).
    pub moved: u64,
    /// Holders new to the registry.
    pub holders_inserted: u64,
    /// Holders whose fields changed.
    pub holders_updated: u64,
    /// Rows skipped because of errors (a row may have several issues in `errors`).
    pub rejected_rows: u64,
    /// The rows' errors, the first [`MAX_ISSUES`] of them.
    pub errors: Vec<RowIssue>,
    /// Imported rows with something to look at (e.g. a credit code failing its checksum).
    pub warnings: Vec<RowIssue>,
    /// Issues beyond the first [`MAX_ISSUES`] are counted, not kept.
    pub errors_omitted: u64,
    /// Warnings beyond the first [`MAX_ISSUES`], counted, not kept.
    pub warnings_omitted: u64,
    /// Headers that were not recognised and so ignored.
    pub ignored_columns: Vec<String>,
    /// How long the import took.
    pub elapsed: Duration,
}

impl ImportReport {
    /// Rows that reached the registry (inserted, updated or unchanged).
    pub fn imported(&self) -> u64 {
        self.inserted + self.updated + self.unchanged
    }
    /// Data rows read per second of the import.
    pub fn rows_per_sec(&self) -> f64 {
        self.rows as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: {} rows read; {} inserted, {} updated ({} moved to another holder), {} unchanged; \
             {} rejected; {} warnings ({:.2} s)",
            self.format,
            self.rows,
            self.inserted,
            self.updated,
            self.moved,
            self.unchanged,
            self.rejected_rows,
            self.warnings.len() as u64 + self.warnings_omitted,
            self.elapsed.as_secs_f64()
        )?;
        if !self.ignored_columns.is_empty() {
            writeln!(f, "ignored columns: {}", self.ignored_columns.join(", "))?;
        }
        for e in &self.errors {
            writeln!(f, "error   {e}")?;
        }
        if self.errors_omitted > 0 {
            writeln!(f, "error   ... and {} more", self.errors_omitted)?;
        }
        for w in &self.warnings {
            writeln!(f, "warning {w}")?;
        }
        if self.warnings_omitted > 0 {
            writeln!(f, "warning ... and {} more", self.warnings_omitted)?;
        }
        Ok(())
    }
}

/// Why a roster file was not imported at all (row problems are [`RowIssue`]s instead).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file has nothing in it.
    #[error("{path} is empty")]
    Empty {
        /// The file.
        path: String,
    },
    /// The file is not a roster (not text, not a workbook, no header).
    #[error("{path} is not a roster file: {why}")]
    NotRoster {
        /// The file.
        path: String,
        /// Why not.
        why: String,
    },
    /// The header row lacks required columns.
    #[error("{path}: the header row lacks required columns: {missing} (found: {found})")]
    MissingColumns {
        /// The file.
        path: String,
        /// The columns missing.
        missing: String,
        /// The columns found.
        found: String,
    },
    /// The workbook is damaged or truncated.
    #[error("{path} is not a readable Excel workbook (damaged or truncated?): {why}")]
    Xlsx {
        /// The file.
        path: String,
        /// What the reader said.
        why: String,
    },
    /// The file is over a size limit (a zip bomb, a sheet too large).
    #[error("{path} is refused: {why}")]
    TooLarge {
        /// The file.
        path: String,
        /// Which limit.
        why: String,
    },
    /// The workbook reader panicked on the file; nothing was imported.
    #[error("{path}: the reader crashed on this file; nothing was imported")]
    Crashed {
        /// The file.
        path: String,
    },
    /// Neither .csv nor .xlsx.
    #[error("{path}: unsupported file type; use .csv or .xlsx")]
    Unsupported {
        /// The file.
        path: String,
    },
    /// The registry could not be written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// An import's result.
pub type Result<T> = std::result::Result<T, ImportError>;

/// How long an import waits for another writer (a kiosk printing, a desk saving a case) to
/// finish before giving up. Those transactions take milliseconds; an import must not fail
/// because one was running.
const BUSY_WAIT: Duration = Duration::from_secs(60);

/// Import a roster file (`.csv`, `.txt` or `.xlsx`, by extension). See the module docs for the
/// rules. All or nothing: the good rows and one audit entry are written in one transaction;
/// on any error (or a kill) the database is as before.
pub fn import_file(store: &mut Store, path: &Path, today: NaiveDate, catalogue: &Catalogue) -> Result<ImportReport> {
    import_file_with_progress(store, path, today, catalogue, &|_| {})
}

/// [`import_file`], telling `rows_written` the number of rows written so far after each chunk
/// (every [`CHUNK`] rows, on the writing thread): a progress bar's feed that costs nothing
/// per row.
pub fn import_file_with_progress(
    store: &mut Store,
    path: &Path,
    today: NaiveDate,
    catalogue: &Catalogue,
    rows_written: &dyn Fn(u64),
) -> Result<ImportReport> {
    let started = Instant::now();
    let shown = path.display().to_string();
    let io = |source: std::io::Error| ImportError::Io { path: shown.clone(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size == 0 {
        return Err(ImportError::Empty { path: shown });
    }
    let ext = path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).unwrap_or_default();
    if !matches!(ext.as_str(), "csv" | "txt" | "xlsx" | "xlsm") {
        return Err(ImportError::Unsupported { path: shown });
    }
    let store: &Store = store;
    // Two threads: this one writes (the store's connection stays here), a reader thread
    // reads, checks and sorts rows and hands over chunks through a short queue; with two
    // cores the checking costs almost nothing on the clock. The queue holds nothing (a
    // rendezvous): at most the chunk being filled and the one being written exist.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(0);
    let imp = Importer::new(today, catalogue, shown.clone(), tx);
    let mut failed: Option<ImportError> = None;
    let mut done: Option<ImportReport> = None;
    let out = store.with_busy_wait(BUSY_WAIT, || {
        store.bulk(|s| {
            let mut writer = Writer::new(s);
            let (imp, read, written) = std::thread::scope(|scope| {
                let reader = scope.spawn(move || {
                    let mut imp = imp;
                    let read = match ext.as_str() {
                        "xlsx" | "xlsm" => xlsx::read(&mut imp, path, size),
                        _ => csv::read(&mut imp, file),
                    };
                    let read = read.and_then(|d| imp.finish_reading().map(|_| d));
                    imp.tx = None; // ends the writer's loop, whatever happened
                    (imp, read)
                });
                let mut written = Ok(());
                let mut rows = 0u64;
                for chunk in rx.iter() {
                    let n = chunk.len() as u64;
                    if let Err(e) = writer.write(chunk) {
                        written = Err(e);
                        break;
                    }
                    rows += n;
                    rows_written(rows);
                }
                drop(rx); // a reader still sending stops at its next chunk
                match reader.join() {
                    Ok((imp, read)) => (Some(imp), read, written),
                    Err(_) => (None, Err(ImportError::Crashed { path: shown.clone() }), written),
                }
            });
            // The writer's error is the cause when both failed (the reader only saw the queue close).
            let outcome = match (written, read) {
                (Err(e), _) => Err(ImportError::Store(e)),
                (Ok(()), Err(e)) => Err(e),
                (Ok(()), Ok(d)) => Ok(d),
            };
            let (Some(imp), Ok(digest)) = (imp, outcome.as_ref()) else {
                // roll back, and hand the reason out past `bulk`
                failed = outcome.err();
                return Err(StoreError::Invalid("import abandoned".into()));
            };
            let mut rep = imp.report;
            let number_col = imp.header_names[Col::Number as usize].clone();
            writer.finish(&mut rep, &number_col)?;
            rep.elapsed = started.elapsed();
            audit(s, &rep, path, digest)?;
            done = Some(rep);
            Ok(())
        })
    });
    if let Some(e) = failed {
        return Err(e);
    }
    out?;
    let mut rep = done.expect("a committed import has its report");
    rep.elapsed = started.elapsed();
    Ok(rep)
}

/// The import's one audit entry, written inside the import's transaction: a committed import
/// always has it, and an import that has it always committed.
fn audit(store: &Store, rep: &ImportReport, path: &Path, digest: &str) -> std::result::Result<u64, StoreError> {
    store.audit().append(
        "import",
        "roster.import",
        serde_json::json!({
            "file": path.file_name().map(|f| f.to_string_lossy().to_string()),
            "sha256": digest,
            "format": rep.format,
            "rows": rep.rows,
            "inserted": rep.inserted,
            "updated": rep.updated,
            "unchanged": rep.unchanged,
            "moved": rep.moved,
            "rejected": rep.rejected_rows,
            "warnings": rep.warnings.len() as u64 + rep.warnings_omitted,
        }),
        crate::clock::now(),
    )
}

// ---- the pipeline: rows in, checked, buffered, written ---------------------------------

/// Checked rows, in file order: (row, holder, certificate).
type Chunk = Vec<(u64, Holder, Certificate)>;

/// The reading side: headers, the row rules, the report's rows, errors and warnings.
struct Importer {
    path: String,
    /// logical column → field index in the file
    index: [Option<usize>; NCOLS],
    /// logical column → header as written in the file (or the canonical name)
    header_names: Vec<String>,
    rules: Rules,
    /// (hash of the certificate's identity, row) per good row, for the repeats.
    seen: Vec<(u64, u32)>,
    /// Where full chunks go (the writer); `None` once reading is over.
    tx: Option<std::sync::mpsc::SyncSender<Chunk>>,
    report: ImportReport,
    last_rejected_row: Option<u64>,
    /// Checked rows waiting to be handed to the writer.
    pending: Chunk,
    /// 特种作业操作证 rows with no 应复审日期 (review information not provided), and the first.
    review_unknown: (u64, Option<u64>),
}

/// Errors (and, separately, warnings) kept in the report; the rest are counted. A garbage file
/// of a million rows must not make a million-line report in memory.
pub const MAX_ISSUES: usize = 10_000;

/// Rows handed from the reader to the writer at a time, and sorted together. Each row is
/// about 750 bytes in memory and two chunks exist at once (one filling, one being written;
/// see `import_file`), about 50 MB. Bigger sorted chunks make the B-tree inserts more local:
/// at 1,000,000 rows chunks of 8,192 took 1.6× the time of chunks of 65,536, which took
/// 200 MB more (docs/performance.md).
const CHUNK: usize = 1 << 15;

fn canon_header(s: &str) -> String {
    s.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect::<String>()
        .to_lowercase()
}

impl Importer {
    fn new(today: NaiveDate, cat: &Catalogue, path: String, tx: std::sync::mpsc::SyncSender<Chunk>) -> Importer {
        Importer {
            path,
            index: [None; NCOLS],
            header_names: COLUMNS.iter().map(|a| a[0].to_string()).collect(),
            rules: Rules::new(today, cat),
            seen: Vec::new(),
            tx: Some(tx),
            report: ImportReport::default(),
            last_rejected_row: None,
            pending: Vec::new(),
            review_unknown: (0, None),
        }
    }

    fn set_headers(&mut self, headers: &[String]) -> Result<()> {
        let mut found = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            let c = canon_header(h);
            if c.is_empty() {
                continue;
            }
            let col = COLUMNS.iter().position(|aliases| aliases.iter().any(|a| canon_header(a) == c));
            match col {
                Some(col) if self.index[col].is_none() => {
                    self.index[col] = Some(i);
                    self.header_names[col] = h.trim().trim_start_matches('\u{feff}').to_string();
                    found.push(h.trim().to_string());
                }
                _ => self.report.ignored_columns.push(h.trim().to_string()),
            }
        }
        if found.is_empty() {
            let shown: String =
                headers.iter().take(4).map(|h| h.chars().take(20).collect::<String>()).collect::<Vec<_>>().join(", ");
            return Err(ImportError::NotRoster {
                path: self.path.clone(),
                why: format!(
                    "the first row has no known column headers (expected 证件类型, 证号, 姓名, 身份证号, …; \
                     found \"{}\"). Is this the provincial roster export, or a binary file?",
                    shown.escape_debug()
                ),
            });
        }
        let missing: Vec<&str> =
            REQUIRED.iter().filter(|c| self.index[**c as usize].is_none()).map(|c| COLUMNS[*c as usize][0]).collect();
        if !missing.is_empty() {
            return Err(ImportError::MissingColumns {
                path: self.path.clone(),
                missing: missing.join(", "),
                found: found.join(", "),
            });
        }
        Ok(())
    }

    fn not_roster(&self, why: String) -> ImportError {
        ImportError::NotRoster { path: self.path.clone(), why }
    }

    fn reject(&mut self, row: u64, column: &str, reason: String) {
        if self.last_rejected_row != Some(row) {
            self.report.rejected_rows += 1;
            self.last_rejected_row = Some(row);
        }
        if self.report.errors.len() < MAX_ISSUES {
            self.report.errors.push(RowIssue { row, column: column.to_string(), reason });
        } else {
            self.report.errors_omitted += 1;
        }
    }

    fn warn(&mut self, row: u64, col: Col, reason: String) {
        let column = self.header_names[col as usize].clone();
        self.warn_at(row, column, reason);
    }

    fn warn_at(&mut self, row: u64, column: String, reason: String) {
        if self.report.warnings.len() < MAX_ISSUES {
            self.report.warnings.push(RowIssue { row, column, reason });
        } else {
            self.report.warnings_omitted += 1;
        }
    }

    /// Check one row and, if good, buffer it for writing. Stops (with an error) when the
    /// writer has stopped.
    fn row(&mut self, row: u64, cells: &[Cow<'_, str>; NCOLS], nums: &[Option<f64>; NCOLS]) -> Result<()> {
        let checked = match self.rules.check(cells, nums) {
            Ok(c) => c,
            Err(errs) => {
                for (c, reason) in errs {
                    let name = self.header_names[c as usize].clone();
                    self.reject(row, &name, reason);
                }
                return Ok(());
            }
        };
        for (c, reason) in checked.warnings {
            self.warn(row, c, reason);
        }
        if checked.cert.review_unknown() {
            self.review_unknown.0 += 1;
            self.review_unknown.1.get_or_insert(row);
        }
        // A certificate is (kind, 证号, 作业类别, 操作项目): one holder's 特种作业操作证 share the
        // 证号. Only a hash and the row are kept per row (12 bytes, not the key's text); the
        // repeats are found by sorting at the end.
        self.seen.push((cert_key_hash(&checked.cert), row as u32));
        self.pending.push((row, checked.holder, checked.cert));
        if self.pending.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    /// Hand the buffered rows to the writer.
    fn flush(&mut self) -> Result<()> {
        let chunk = std::mem::take(&mut self.pending);
        if chunk.is_empty() {
            return Ok(());
        }
        match &self.tx {
            Some(tx) if tx.send(chunk).is_ok() => Ok(()),
            // the writer failed and dropped the queue; its error is the one reported
            _ => Err(ImportError::Store(StoreError::Invalid("the writer stopped".into()))),
        }
    }

    /// After the last row: hand over what is buffered, say once whether review information was
    /// missing, and report repeated certificates.
    fn finish_reading(&mut self) -> Result<()> {
        self.flush()?;
        // SPEC §2: a review date the roster did not give is unknown, never a missed review and
        // never a date made up from 有效期起: one warning per file says so.
        if let (n, Some(first)) = self.review_unknown {
            let absent =
                self.index[Col::ReviewDue as usize].is_none() && self.index[Col::ReviewedOn as usize].is_none();
            let (row, column, what) = if absent {
                (
                    1,
                    "应复审日期/实际复审日期".to_string(),
                    "the roster has no 应复审日期 or 实际复审日期 column".to_string(),
                )
            } else {
                (
                    first,
                    self.header_names[Col::ReviewDue as usize].clone(),
                    format!("{n} 特种作业操作证 row(s) have a blank 应复审日期 (the first is row {first})"),
                )
            };
            self.warn_at(
                row,
                column,
                format!(
                    "{what}: review information is recorded as not provided for {n} certificate(s) — their standing \
                     follows 状态 and 有效期, screens say 复审信息未提供，以发证机关记录为准, and no review is counted \
                     as missed"
                ),
            );
        }
        let mut seen = std::mem::take(&mut self.seen);
        seen.sort_unstable();
        for w in seen.windows(2) {
            if w[0].0 == w[1].0 {
                self.warn(
                    u64::from(w[1].1),
                    Col::Number,
                    format!("the same certificate is on row {}; this later row wins", w[0].1),
                );
            }
        }
        Ok(())
    }
}

/// The writing side, on the thread that owns the store's connection.
struct Writer<'s> {
    store: &'s Store,
    /// Opened at the first write, inside the import's transaction.
    loader: Option<RosterLoader<'s>>,
    unchanged: u64,
    written: u64,
    /// (row, reason) of each certificate that changed holder.
    moved: Vec<(u64, String)>,
}

impl<'s> Writer<'s> {
    fn new(store: &'s Store) -> Writer<'s> {
        Writer { store, loader: None, unchanged: 0, written: 0, moved: Vec::new() }
    }

    /// Write a chunk. Sorting by key first turns random B-tree inserts into near-sequential
    /// ones. Holders: the last row of each holder wins; certificates: rows with the same key
    /// are written in file order, so the later row wins (and a later chunk is written after
    /// an earlier one).
    fn write(&mut self, chunk: Chunk) -> std::result::Result<(), StoreError> {
        if self.loader.is_none() {
            self.loader = Some(self.store.holders().roster_loader()?);
        }
        let Some(loader) = self.loader.as_mut() else { unreachable!("set above") };
        let pending = chunk;
        let mut order: Vec<u32> = (0..pending.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| {
            let (a, b) = (&pending[a as usize], &pending[b as usize]);
            a.1.id_number.cmp(&b.1.id_number).then(a.0.cmp(&b.0))
        });
        // The chunk goes to the loader whole (on PostgreSQL one COPY and one statement per
        // batch, not a round trip per row: store/load.rs).
        let mut holders = Vec::with_capacity(order.len());
        for (k, &i) in order.iter().enumerate() {
            let h = &pending[i as usize].1;
            let last_of_holder = order.get(k + 1).is_none_or(|&j| pending[j as usize].1.id_number != h.id_number);
            if last_of_holder {
                holders.push(h);
            }
        }
        loader.holders(&holders)?;
        drop(holders);
        order.sort_unstable_by(|&a, &b| {
            let (a, b) = (&pending[a as usize], &pending[b as usize]);
            (a.2.kind.code(), &a.2.number, &a.2.category, &a.2.item, a.0).cmp(&(
                b.2.kind.code(),
                &b.2.number,
                &b.2.category,
                &b.2.item,
                b.0,
            ))
        });
        let certs: Vec<&Certificate> = order.iter().map(|&i| &pending[i as usize].2).collect();
        let wrote = loader.certificates(&certs)?;
        drop(certs);
        self.written += wrote.written;
        self.unchanged += wrote.unchanged;
        for (k, from) in wrote.moved {
            let (row, _, c) = &pending[order[k] as usize];
            let (number, to) = (c.masked_number(), crate::domain::id::mask(&c.holder_id));
            self.moved.push((
                *row,
                format!("{number} belonged to holder {from}; this import moves it to holder {to} — please verify"),
            ));
        }
        Ok(())
    }

    /// Counts from the store and the moved certificates into the report.
    fn finish(self, rep: &mut ImportReport, number_col: &str) -> std::result::Result<(), StoreError> {
        rep.unchanged = self.unchanged;
        rep.moved = self.moved.len() as u64;
        for (row, reason) in self.moved {
            if rep.warnings.len() < MAX_ISSUES {
                rep.warnings.push(RowIssue { row, column: number_col.to_string(), reason });
            } else {
                rep.warnings_omitted += 1;
            }
        }
        rep.warnings.sort_by_key(|w| w.row);
        if let Some(loader) = self.loader {
            let n = loader.finish()?;
            rep.inserted = n.inserted;
            rep.updated = n.updated;
            rep.holders_inserted = n.holders_inserted;
            rep.holders_updated = n.holders_updated;
            debug_assert_eq!(n.inserted + n.updated, self.written);
        }
        Ok(())
    }
}

/// A 64-bit hash of a certificate's identity (kind, 证号, 作业类别, 操作项目). Two different
/// certificates share one with a chance of about 1 in 10^7 at a billion pairs; the cost of
/// that is one wrong "same certificate" warning, never a lost row.
fn cert_key_hash(c: &Certificate) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let special = c.kind == crate::domain::CertKind::SpecialOperation;
    (c.kind.code(), &c.number).hash(&mut h);
    if special {
        (c.category.as_deref().unwrap_or(""), c.item.as_deref().unwrap_or("")).hash(&mut h);
    }
    h.finish()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
