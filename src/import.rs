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
//!   certificate number (the seal handle is kept) and the report counts inserted / updated /
//!   unchanged.
//!
//! Row rules (decisions documented here):
//! - 身份证号 must pass `ResidentId::parse` (its message is the reason).
//! - 性别 may be empty (taken from the ID number); if given it must agree with the ID's 17th
//!   digit, otherwise the row is **rejected** (one of the two is wrong and the slip prints it).
//! - 特种作业操作证: 证号 must be "T" + the ID number; 作业类别/操作项目 must be in the
//!   catalogue (full-width/ASCII brackets and a missing trailing "作业" on the item are
//!   tolerated); 应复审日期 empty → 有效期起 + 3 years.
//! - 合格证 (主要负责人 / 安全生产管理人员): 行业类别 must be in the catalogue; review
//!   columns are ignored.
//! - Dates: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYYMMDD`, an Excel serial or an
//!   Excel date cell; 有效期起 ≤ 有效期止; 初领日期 empty → 有效期起.
//! - 手机号: digits (spaces, dashes and a +86 prefix are stripped), 7 to 15 of them.
//! - 统一社会信用代码: a failed checksum is a **warning** (stored as given); a malformed code
//!   (wrong length or characters) is a warning too and the code is not stored.
//! - The same certificate number twice in one file: the later row wins, with a warning.
//! - Holder columns (姓名, 手机号, 工作单位, …) repeat on every certificate row; the last row of a
//!   holder wins.

use crate::domain::catalogue::Catalogue;
use crate::domain::uscc::{self, UsccCheck};
use crate::domain::{CertId, CertKind, Certificate, Gender, Holder, ResidentId, Standing};
use crate::store::{Store, StoreError, Upsert};
use chrono::{Months, NaiveDate};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::time::{Duration, Instant};

/// Logical columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
enum Col {
    Kind,
    Number,
    Name,
    Gender,
    IdNumber,
    Category,
    Item,
    Industry,
    FirstIssued,
    ValidFrom,
    ValidUntil,
    ReviewDue,
    ReviewedOn,
    Issuer,
    Standing,
    Mobile,
    Employer,
    EmployerCode,
}
const NCOLS: usize = 18;

/// Accepted headers per logical column: the canonical Chinese header first, then aliases.
pub const COLUMNS: [&[&str]; NCOLS] = [
    &["证件类型", "人员类型", "证书类型", "kind", "cert_kind", "type"],
    &["证号", "证书编号", "证件编号", "证书号", "number", "cert_number"],
    &["姓名", "name"],
    &["性别", "gender", "sex"],
    &["身份证号", "身份证号码", "公民身份号码", "id_number", "id"],
    &["作业类别", "category"],
    &["操作项目", "准操项目", "item"],
    &["行业类别", "行业", "industry"],
    &["初领日期", "first_issued"],
    &["有效期起", "有效期开始", "有效期自", "valid_from"],
    &["有效期止", "有效期至", "有效期结束", "valid_until"],
    &["应复审日期", "review_due"],
    &["实际复审日期", "复审日期", "reviewed_on"],
    &["签发机关", "发证机关", "issuer"],
    &["状态", "证书状态", "standing", "status"],
    &["手机号", "手机号码", "联系电话", "mobile", "phone"],
    &["工作单位", "单位名称", "employer"],
    &["统一社会信用代码", "信用代码", "employer_code", "uscc"],
];

const REQUIRED: [Col; 6] = [Col::Kind, Col::Number, Col::Name, Col::IdNumber, Col::ValidFrom, Col::ValidUntil];

/// One problem with one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowIssue {
    /// Row as the user sees it in the file (header = row 1).
    pub row: u64,
    /// The column's header as written in the file (or a description such as "列数").
    pub column: String,
    pub reason: String,
}

impl fmt::Display for RowIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}, {}: {}", self.row, self.column, self.reason)
    }
}

#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// "CSV (UTF-8)", "CSV (GB18030)" or "XLSX".
    pub format: String,
    /// Data rows read (not counting the header and blank rows).
    pub rows: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub holders_inserted: u64,
    pub holders_updated: u64,
    /// Rows skipped because of errors (a row may have several issues in `errors`).
    pub rejected_rows: u64,
    pub errors: Vec<RowIssue>,
    /// Imported rows with something to look at (e.g. a credit code failing its checksum).
    pub warnings: Vec<RowIssue>,
    /// Headers that were not recognised and so ignored.
    pub ignored_columns: Vec<String>,
    pub elapsed: Duration,
}

impl ImportReport {
    pub fn imported(&self) -> u64 {
        self.inserted + self.updated + self.unchanged
    }
    pub fn rows_per_sec(&self) -> f64 {
        self.rows as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: {} rows read; {} inserted, {} updated, {} unchanged; {} rejected; {} warnings ({:.2} s)",
            self.format,
            self.rows,
            self.inserted,
            self.updated,
            self.unchanged,
            self.rejected_rows,
            self.warnings.len(),
            self.elapsed.as_secs_f64()
        )?;
        if !self.ignored_columns.is_empty() {
            writeln!(f, "ignored columns: {}", self.ignored_columns.join(", "))?;
        }
        for e in &self.errors {
            writeln!(f, "error   {e}")?;
        }
        for w in &self.warnings {
            writeln!(f, "warning {w}")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path} is empty")]
    Empty { path: String },
    #[error("{path} is not a roster file: {why}")]
    NotRoster { path: String, why: String },
    #[error("{path}: the header row lacks required columns: {missing} (found: {found})")]
    MissingColumns { path: String, missing: String, found: String },
    #[error("{path} is not a readable Excel workbook (damaged or truncated?): {why}")]
    Xlsx { path: String, why: String },
    #[error("{path}: unsupported file type; use .csv or .xlsx")]
    Unsupported { path: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type Result<T> = std::result::Result<T, ImportError>;

/// Import a roster file (`.csv` or `.xlsx`, by extension). See the module docs for the rules.
pub fn import_file(store: &mut Store, path: &Path, today: NaiveDate, catalogue: &Catalogue) -> Result<ImportReport> {
    let started = Instant::now();
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io { path: shown.clone(), source })?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty { path: shown });
    }
    let ext = path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).unwrap_or_default();
    let digest = hex(&Sha256::digest(&bytes));
    let mut imp = Importer::new(store, today, catalogue, shown.clone());
    let rep = match ext.as_str() {
        "csv" | "txt" => {
            if bytes.starts_with(b"PK\x03\x04") {
                return Err(ImportError::NotRoster {
                    path: shown,
                    why: "it is a zip/Excel workbook, not CSV text; save it as .xlsx".into(),
                });
            }
            run_csv(&mut imp, &bytes)?
        }
        "xlsx" | "xlsm" => run_xlsx(&mut imp, path)?,
        _ => return Err(ImportError::Unsupported { path: shown }),
    };
    let mut rep = rep;
    rep.elapsed = started.elapsed();
    Ok(finish_audit(store, rep, path, &digest)?)
}

fn finish_audit(
    store: &Store,
    rep: ImportReport,
    path: &Path,
    digest: &str,
) -> std::result::Result<ImportReport, StoreError> {
    // The rows were committed by the import transaction; the audit entry follows it.
    store.audit(
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
            "rejected": rep.rejected_rows,
            "warnings": rep.warnings.len(),
        }),
        chrono::Local::now().naive_local(),
    )?;
    Ok(rep)
}

// ---- sources --------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Enc {
    Utf8,
    Gb18030,
}

fn detect(bytes: &[u8]) -> (Enc, &[u8]) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (Enc::Utf8, rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\x84\x31\x95\x33") {
        return (Enc::Gb18030, rest);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return (Enc::Utf8, bytes);
    }
    // Not all valid UTF-8: let the lines vote (non-ASCII lines only).
    let (mut utf8, mut other) = (0u32, 0u32);
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.is_ascii() {
            continue;
        }
        let weight = if i == 0 { 1000 } else { 1 }; // the header row weighs most
        if std::str::from_utf8(line).is_ok() {
            utf8 += weight;
        } else {
            other += weight;
        }
        if i > 2000 {
            break;
        }
    }
    if utf8 > other {
        (Enc::Utf8, bytes)
    } else {
        (Enc::Gb18030, bytes)
    }
}

fn decode(enc: Enc, b: &[u8]) -> Option<Cow<'_, str>> {
    match enc {
        Enc::Utf8 => std::str::from_utf8(b).ok().map(Cow::Borrowed),
        Enc::Gb18030 => {
            if b.is_ascii() {
                // ASCII is ASCII in GB18030
                return std::str::from_utf8(b).ok().map(Cow::Borrowed);
            }
            encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(b)
        }
    }
}

fn run_csv(imp: &mut Importer<'_>, bytes: &[u8]) -> Result<ImportReport> {
    let (enc, body) = detect(bytes);
    imp.report.format = match enc {
        Enc::Utf8 => "CSV (UTF-8)",
        Enc::Gb18030 => "CSV (GB18030)",
    }
    .into();
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body);
    let mut rec = csv::ByteRecord::new();
    // header
    let not_roster = |why: String| ImportError::NotRoster { path: imp_path(imp), why };
    let header_ok =
        rdr.read_byte_record(&mut rec).map_err(|e| not_roster(format!("cannot read the header row: {e}")))?;
    if !header_ok {
        return Err(ImportError::Empty { path: imp_path(imp) });
    }
    let headers: Vec<String> = rec.iter().map(|f| decode(enc, f).map(|s| s.into_owned()).unwrap_or_default()).collect();
    imp.set_headers(&headers)?;
    let width = headers.len();
    let store = imp.store;
    store.bulk(|_| {
        loop {
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    // csv only fails hard on I/O or UTF-8 in string mode; report and stop
                    let row = e.position().map(|p| p.line()).unwrap_or(0);
                    imp.reject(row, "文件", format!("unreadable from here on: {e}"));
                    break;
                }
            }
            let row = rec.position().map(|p| p.line()).unwrap_or(0);
            if rec.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            imp.report.rows += 1;
            if rec.len() != width {
                imp.reject(
                    row,
                    "列数 (columns)",
                    format!(
                        "the row has {} fields but the header has {width} (a broken line, or an unquoted comma?)",
                        rec.len()
                    ),
                );
                continue;
            }
            let mut cells: [Cow<'_, str>; NCOLS] = Default::default();
            let mut bad = false;
            for (col, slot) in cells.iter_mut().enumerate() {
                *slot = Cow::Borrowed("");
                if let Some(i) = imp.index[col] {
                    match decode(enc, &rec[i]) {
                        Some(s) => *slot = s,
                        None => {
                            let name = imp.header_names[col].clone();
                            imp.reject(
                                row,
                                &name,
                                match enc {
                                    Enc::Utf8 => "not valid UTF-8 text (binary data?)",
                                    Enc::Gb18030 => "not valid GB18030 text (binary data?)",
                                }
                                .into(),
                            );
                            bad = true;
                            break;
                        }
                    }
                }
            }
            if bad {
                continue;
            }
            imp.row(row, &cells, &[None; NCOLS])?;
        }
        imp.flush()
    })?;
    Ok(std::mem::take(&mut imp.report))
}

fn imp_path(imp: &Importer<'_>) -> String {
    imp.path.clone()
}

fn run_xlsx(imp: &mut Importer<'_>, path: &Path) -> Result<ImportReport> {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    imp.report.format = "XLSX".into();
    let bad = |why: String| ImportError::Xlsx { path: imp_path(imp), why };
    // calamine is well tested, but a hostile file must never take the process down.
    let range = std::panic::catch_unwind(|| -> std::result::Result<_, String> {
        let mut wb: Xlsx<_> = open_workbook(path).map_err(|e: calamine::XlsxError| e.to_string())?;
        match wb.worksheet_range_at(0) {
            None => Err("the workbook has no worksheet".to_string()),
            Some(r) => r.map_err(|e| e.to_string()),
        }
    })
    .map_err(|_| bad("the reader crashed on this file".into()))?
    .map_err(bad)?;
    let (row0, _col0) = match range.start() {
        Some(s) => s,
        None => return Err(ImportError::Empty { path: imp_path(imp) }),
    };
    let cell_text = |d: &Data| -> (String, Option<f64>) {
        match d {
            Data::Empty => (String::new(), None),
            Data::String(s) => (s.clone(), None),
            Data::Int(i) => (i.to_string(), Some(*i as f64)),
            Data::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 1e15 {
                    (format!("{}", *f as i64), Some(*f))
                } else {
                    (f.to_string(), Some(*f))
                }
            }
            Data::Bool(b) => (b.to_string(), None),
            Data::DateTime(dt) => {
                let serial = dt.as_f64();
                match excel_serial(serial) {
                    Some(d) => (crate::store::date_text(d), Some(serial)),
                    None => (serial.to_string(), Some(serial)),
                }
            }
            Data::DateTimeIso(s) => (s.chars().take(10).collect(), None),
            Data::DurationIso(s) => (s.clone(), None),
            Data::Error(e) => (format!("#{e:?}"), None),
        }
    };
    let mut rows = range.rows().enumerate();
    // header = first non-empty row
    let mut header: Option<(usize, Vec<String>)> = None;
    for (i, r) in rows.by_ref() {
        let cells: Vec<String> = r.iter().map(|d| cell_text(d).0).collect();
        if cells.iter().any(|c| !c.trim().is_empty()) {
            header = Some((i, cells));
            break;
        }
    }
    let Some((_hi, headers)) = header else {
        return Err(ImportError::Empty { path: imp_path(imp) });
    };
    imp.set_headers(&headers)?;
    let store = imp.store;
    store.bulk(|_| {
        for (i, r) in rows {
            let row = u64::from(row0) + i as u64 + 1;
            let texts: Vec<(String, Option<f64>)> = r.iter().map(cell_text).collect();
            if texts.iter().all(|(t, _)| t.trim().is_empty()) {
                continue;
            }
            imp.report.rows += 1;
            let mut cells: [Cow<'_, str>; NCOLS] = Default::default();
            let mut nums = [None; NCOLS];
            for col in 0..NCOLS {
                if let Some(ix) = imp.index[col] {
                    if let Some((t, n)) = texts.get(ix) {
                        cells[col] = Cow::Borrowed(t.as_str());
                        nums[col] = *n;
                    }
                }
            }
            imp.row(row, &cells, &nums)?;
        }
        imp.flush()
    })?;
    Ok(std::mem::take(&mut imp.report))
}

/// Excel serial (1900 date system) → date. Serials 1..=2958465 (up to 9999-12-31).
fn excel_serial(v: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&v) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_days(chrono::Days::new(v.floor() as u64))
}

// ---- the row checker ------------------------------------------------------------------

struct Importer<'s> {
    store: &'s Store,
    today: NaiveDate,
    path: String,
    /// logical column → field index in the file
    index: [Option<usize>; NCOLS],
    /// logical column → header as written in the file (or the canonical name)
    header_names: Vec<String>,
    categories: HashMap<String, (String, HashMap<String, String>)>,
    industries: HashMap<String, String>,
    seen_numbers: HashMap<String, u64>,
    report: ImportReport,
    last_rejected_row: Option<u64>,
    /// Checked rows waiting to be written (see `flush`).
    pending: Vec<(u64, Holder, Certificate)>,
}

/// Rows buffered, sorted and written together.
const CHUNK: usize = 1 << 16;

fn canon(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '、' => ',',
            '，' => ',',
            c => c,
        })
        .collect()
}

fn canon_header(s: &str) -> String {
    s.trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect::<String>()
        .to_lowercase()
}

impl<'s> Importer<'s> {
    fn new(store: &'s Store, today: NaiveDate, cat: &Catalogue, path: String) -> Importer<'s> {
        let mut categories = HashMap::new();
        for c in &cat.categories {
            let mut items = HashMap::new();
            for i in &c.items {
                items.insert(canon(i), i.clone());
                if let Some(short) = i.strip_suffix("作业") {
                    items.entry(canon(short)).or_insert_with(|| i.clone());
                }
            }
            categories.insert(canon(&c.name), (c.name.clone(), items));
        }
        let industries = cat.industries.names.iter().map(|n| (canon(n), n.clone())).collect();
        Importer {
            store,
            today,
            path,
            index: [None; NCOLS],
            header_names: COLUMNS.iter().map(|a| a[0].to_string()).collect(),
            categories,
            industries,
            seen_numbers: HashMap::new(),
            report: ImportReport::default(),
            last_rejected_row: None,
            pending: Vec::new(),
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

    fn reject(&mut self, row: u64, column: &str, reason: String) {
        if self.last_rejected_row != Some(row) {
            self.report.rejected_rows += 1;
            self.last_rejected_row = Some(row);
        }
        self.report.errors.push(RowIssue { row, column: column.to_string(), reason });
    }

    fn warn(&mut self, row: u64, col: Col, reason: String) {
        self.report.warnings.push(RowIssue { row, column: self.header_names[col as usize].clone(), reason });
    }

    /// Check one row and, if good, write it. Store errors abort the import.
    fn row(
        &mut self,
        row: u64,
        cells: &[Cow<'_, str>; NCOLS],
        nums: &[Option<f64>; NCOLS],
    ) -> std::result::Result<(), StoreError> {
        let mut errs: Vec<(Col, String)> = Vec::new();
        let get = |c: Col| cells[c as usize].trim();
        // fields exported with a leading ' or tab to keep Excel from mangling digits
        let code = |c: Col| get(c).trim_start_matches(['\'', '`']).trim();

        let kind = match get(Col::Kind) {
            "" => {
                errs.push((Col::Kind, "empty".into()));
                None
            }
            s => {
                let k = CertKind::parse(s);
                if k.is_none() {
                    errs.push((
                        Col::Kind,
                        format!("unknown kind \"{s}\" (expected 特种作业操作证, 主要负责人 or 安全生产管理人员)"),
                    ));
                }
                k
            }
        };
        let id = match ResidentId::parse(code(Col::IdNumber), self.today) {
            Ok(id) => Some(id),
            Err(e) => {
                errs.push((Col::IdNumber, format!("{} ({e})", e.zh())));
                None
            }
        };
        let name = get(Col::Name);
        if name.is_empty() {
            errs.push((Col::Name, "empty".into()));
        } else if name.chars().count() > 60 || name.chars().any(char::is_control) {
            errs.push((Col::Name, "not a plausible name (too long or control characters)".into()));
        }
        let gender = match (get(Col::Gender), &id) {
            ("", Some(id)) => Some(id.gender()),
            ("", None) => None,
            (g, id) => match Gender::from_zh(g) {
                None => {
                    errs.push((Col::Gender, format!("\"{g}\" is not 男 or 女")));
                    None
                }
                Some(g) => {
                    if let Some(id) = id {
                        if id.gender() != g {
                            errs.push((
                                Col::Gender,
                                format!(
                                    "{} does not match the ID number (its 17th digit says {})",
                                    g.zh(),
                                    id.gender().zh()
                                ),
                            ));
                        }
                    }
                    Some(g)
                }
            },
        };
        let number = code(Col::Number).to_ascii_uppercase();
        if number.is_empty() {
            errs.push((Col::Number, "empty".into()));
        } else if number.chars().count() > 40 {
            errs.push((Col::Number, "longer than 40 characters".into()));
        } else if let (Some(CertKind::SpecialOperation), Some(id)) = (kind, &id) {
            if number != format!("T{}", id.as_str()) {
                errs.push((
                    Col::Number,
                    "a 特种作业操作证 number must be \"T\" followed by the holder's ID number".into(),
                ));
            }
        }

        let date = |c: Col, errs: &mut Vec<(Col, String)>| -> Option<NaiveDate> {
            let s = get(c);
            if s.is_empty() {
                return None;
            }
            let d = nums[c as usize]
                .filter(|_| !s.contains(['-', '/', '.']) && s.len() != 8)
                .and_then(excel_serial)
                .or_else(|| parse_date(s));
            if d.is_none() {
                errs.push((c, format!("\"{s}\" is not a date (use YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)")));
            }
            d
        };
        let valid_from = date(Col::ValidFrom, &mut errs);
        let valid_until = date(Col::ValidUntil, &mut errs);
        let first_issued = date(Col::FirstIssued, &mut errs);
        let mut review_due = date(Col::ReviewDue, &mut errs);
        let mut reviewed_on = date(Col::ReviewedOn, &mut errs);
        for (c, v) in [(Col::ValidFrom, valid_from), (Col::ValidUntil, valid_until)] {
            if v.is_none() && get(c).is_empty() {
                errs.push((c, "empty".into()));
            }
        }
        if let (Some(f), Some(u)) = (valid_from, valid_until) {
            if f > u {
                errs.push((Col::ValidUntil, format!("有效期止 {u} is before 有效期起 {f}")));
            }
        }

        let (mut category, mut item, mut industry) = (None, None, None);
        match kind {
            Some(CertKind::SpecialOperation) => {
                let c = get(Col::Category);
                let i = get(Col::Item);
                match self.categories.get(&canon(c)) {
                    None => errs.push((
                        Col::Category,
                        if c.is_empty() {
                            "empty (a 特种作业操作证 needs a 作业类别)".into()
                        } else {
                            format!("\"{c}\" is not a 作业类别 in the catalogue")
                        },
                    )),
                    Some((cname, items)) => {
                        category = Some(cname.clone());
                        match items.get(&canon(i)) {
                            Some(iname) => item = Some(iname.clone()),
                            None => errs.push((
                                Col::Item,
                                if i.is_empty() {
                                    "empty (a 特种作业操作证 needs an 操作项目)".into()
                                } else {
                                    format!("\"{i}\" is not an 操作项目 of {cname}")
                                },
                            )),
                        }
                    }
                }
                if review_due.is_none() {
                    review_due = valid_from.map(|f| f + Months::new(36));
                }
            }
            Some(_) => {
                let s = get(Col::Industry);
                match self.industries.get(&canon(s)) {
                    Some(n) => industry = Some(n.clone()),
                    None => errs.push((
                        Col::Industry,
                        if s.is_empty() {
                            "empty (a 合格证 needs a 行业类别)".into()
                        } else {
                            format!("\"{s}\" is not a 行业类别 in the catalogue")
                        },
                    )),
                }
                review_due = None;
                reviewed_on = None;
            }
            None => {}
        }

        let standing = match Standing::parse(get(Col::Standing)) {
            Some(s) => s,
            None => {
                errs.push((
                    Col::Standing,
                    format!("\"{}\" is not a 30号令 standing (有效, 暂停, 撤销, 注销)", get(Col::Standing)),
                ));
                Standing::Active
            }
        };

        let mobile = match normalise_mobile(code(Col::Mobile)) {
            Ok(m) => m,
            Err(e) => {
                errs.push((Col::Mobile, e));
                None
            }
        };

        if !errs.is_empty() {
            for (c, reason) in errs {
                let name = self.header_names[c as usize].clone();
                self.reject(row, &name, reason);
            }
            return Ok(());
        }

        // ---- warnings (row still imported) ----
        let mut employer_code = Some(code(Col::EmployerCode).to_string()).filter(|s| !s.is_empty());
        if let Some(c) = employer_code.clone() {
            match uscc::check(&c) {
                Ok(UsccCheck::Ok(norm)) => employer_code = Some(norm),
                Ok(UsccCheck::BadCheck { code, got, want }) => {
                    self.warn(
                        row,
                        Col::EmployerCode,
                        format!("check character is {got}, expected {want}; kept as given — please verify"),
                    );
                    employer_code = Some(code);
                }
                Err(e) => {
                    self.warn(row, Col::EmployerCode, format!("{e}; not stored"));
                    employer_code = None;
                }
            }
        }
        let (Some(kind), Some(id), Some(gender), Some(valid_from), Some(valid_until)) =
            (kind, id, gender, valid_from, valid_until)
        else {
            unreachable!("no errors means every required field parsed");
        };
        let first_issued = match first_issued {
            Some(f) if f > valid_from => {
                self.warn(row, Col::FirstIssued, format!("初领日期 {f} is after 有效期起 {valid_from}"));
                f
            }
            Some(f) => f,
            None => valid_from,
        };
        // A certificate is (kind, 证号, 作业类别, 操作项目): one holder's 特种作业操作证 share the 证号.
        let key = format!(
            "{}\u{1f}{number}\u{1f}{}\u{1f}{}",
            kind.code(),
            category.as_deref().unwrap_or(""),
            item.as_deref().unwrap_or("")
        );
        if let Some(prev) = self.seen_numbers.insert(key, row) {
            self.warn(row, Col::Number, format!("the same certificate is on row {prev}; this later row wins"));
        }
        let opt = |c: Col| Some(get(c).to_string()).filter(|s| !s.is_empty());
        let holder = Holder {
            id_number: id.as_str().to_string(),
            name: name.to_string(),
            gender,
            mobile,
            employer: opt(Col::Employer),
            employer_code,
        };
        let cert = Certificate {
            id: CertId::NEW,
            number,
            kind,
            holder_id: holder.id_number.clone(),
            name: holder.name.clone(),
            gender,
            category,
            item,
            industry,
            first_issued,
            valid_from,
            valid_until,
            review_due,
            reviewed_on,
            issuer: get(Col::Issuer).to_string(),
            standing,
            extended_review: false,
            seal_handle: [0; 8],
        };
        self.pending.push((row, holder, cert));
        if self.pending.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    /// Write the buffered rows. Sorting by key first turns random B-tree inserts into
    /// near-sequential ones (several times faster on big files). Holders: the last row of each
    /// holder wins; certificates: rows with the same number are written in file order, so the
    /// later row wins.
    fn flush(&mut self) -> std::result::Result<(), StoreError> {
        let pending = std::mem::take(&mut self.pending);
        let mut order: Vec<usize> = (0..pending.len()).collect();
        order.sort_by(|&a, &b| {
            pending[a].1.id_number.cmp(&pending[b].1.id_number).then(pending[a].0.cmp(&pending[b].0))
        });
        for (k, &i) in order.iter().enumerate() {
            let last_of_holder = order.get(k + 1).is_none_or(|&j| pending[j].1.id_number != pending[i].1.id_number);
            if last_of_holder {
                match self.store.upsert_holder(&pending[i].1)? {
                    Upsert::Inserted => self.report.holders_inserted += 1,
                    Upsert::Updated => self.report.holders_updated += 1,
                    Upsert::Unchanged => {}
                }
            }
        }
        order.sort_by(|&a, &b| pending[a].2.number.cmp(&pending[b].2.number).then(pending[a].0.cmp(&pending[b].0)));
        let mut pending = pending;
        for i in order {
            match self.store.upsert_certificate(&mut pending[i].2)? {
                Upsert::Inserted => self.report.inserted += 1,
                Upsert::Updated => self.report.updated += 1,
                Upsert::Unchanged => self.report.unchanged += 1,
            }
        }
        Ok(())
    }
}

/// Digits only (spaces, dashes, dots, brackets and a +86/0086 prefix stripped); 7–15 digits.
fn normalise_mobile(s: &str) -> std::result::Result<Option<String>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    let mut t = s.trim();
    for p in ["+86", "0086"] {
        if let Some(r) = t.strip_prefix(p) {
            t = r;
        }
    }
    let mut digits = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return Err(format!("\"{s}\" is not a phone number (digits only)")),
        }
    }
    if !(7..=15).contains(&digits.len()) {
        return Err(format!("\"{s}\" has {} digits; expected 7 to 15", digits.len()));
    }
    Ok(Some(digits))
}

/// `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD` (one-digit month/day allowed), `YYYYMMDD`, an
/// Excel serial (1–6 digits), optionally followed by a time part.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let s = s.split([' ', 'T']).next().unwrap_or(s);
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return match s.len() {
            8 => {
                let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
                NaiveDate::from_ymd_opt(n(0..4)? as i32, n(4..6)?, n(6..8)?)
            }
            1..=6 => excel_serial(s.parse::<f64>().ok()?),
            _ => None,
        };
    }
    let mut parts = s.split(['-', '/', '.']);
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1800..=9999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(parse_date("2023-03-01"), d(2023, 3, 1));
        assert_eq!(parse_date("2023/3/1"), d(2023, 3, 1));
        assert_eq!(parse_date("2023.03.01"), d(2023, 3, 1));
        assert_eq!(parse_date("20230301"), d(2023, 3, 1));
        assert_eq!(parse_date("2023-03-01 00:00:00"), d(2023, 3, 1));
        assert_eq!(parse_date("44986"), d(2023, 3, 1));
        assert_eq!(parse_date("2023-02-30"), None);
        assert_eq!(parse_date("2023-13-01"), None);
        assert_eq!(parse_date("abc"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("1234567"), None);
    }

    #[test]
    fn mobiles() {
        assert_eq!(normalise_mobile("138-0013-8000"), Ok(Some("13800138000".into())));
        assert_eq!(normalise_mobile("+86 13800138000"), Ok(Some("13800138000".into())));
        assert_eq!(normalise_mobile(""), Ok(None));
        assert!(normalise_mobile("1380013800a").is_err());
        assert!(normalise_mobile("12").is_err());
    }

    #[test]
    fn encoding_detection() {
        let (gb, _, _) = encoding_rs::GB18030.encode("证件类型,姓名\n特种作业操作证,王秀英\n");
        assert_eq!(detect(&gb).0, Enc::Gb18030);
        assert_eq!(detect("证件类型,姓名\n".as_bytes()).0, Enc::Utf8);
        let mut mixed = "证件类型,姓名\n特种作业操作证,王秀英\n".as_bytes().to_vec();
        mixed.extend_from_slice(b"\xff\xfe\x00junk\n");
        assert_eq!(detect(&mixed).0, Enc::Utf8);
    }
}
