//! XLSX reading: the first worksheet, streamed cell by cell; the first non-empty row is the
//! header. Date cells, Excel date serials and text dates are all accepted.
//!
//! A workbook is a zip of XML parts, and a hostile one can be small on disk and huge inflated.
//! Two things keep memory bounded:
//! - Before calamine opens the file, every part is inflated once into a counter (nothing kept):
//!   the whole workbook may inflate to at most [`RATIO`] × its size on disk (plus
//!   [`SLACK`]), and the parts calamine holds in memory (shared strings, styles, workbook) to
//!   at most [`LOADED_SLACK`] + [`LOADED_RATIO`] × the file size. A file over either is
//!   refused with the figures, before anything is allocated for it.
//! - The worksheet itself is never loaded as a range (calamine's `worksheet_range` allocates
//!   rows × columns of the *used area*, so one cell at XFD1048576 asks for 17 billion cells
//!   and aborts the process). Cells are read one by one and grouped into rows; only the
//!   first [`MAX_COLS`] columns are looked at, and at most [`MAX_ROWS`] rows are read.

use super::row::{excel_serial, NCOLS};
use super::{ImportError, Importer, Result};
use calamine::{DataRef, Reader, Xlsx};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::io::{BufReader, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Inflated size of the whole workbook, at most this many times its size on disk. Real
/// exports inflate 5 to 15 times; decompression bombs hundreds or thousands of times.
pub(super) const RATIO: u64 = 100;
/// ... plus this much, so that tiny workbooks are never refused on the ratio.
pub(super) const SLACK: u64 = 16 << 20;
/// The parts calamine keeps in memory (everything but the worksheets).
pub(super) const LOADED_RATIO: u64 = 10;
pub(super) const LOADED_SLACK: u64 = 32 << 20;
/// Columns looked at; a roster has about twenty.
pub(super) const MAX_COLS: u32 = 256;
/// Rows read (Excel's own limit is 1,048,576 per sheet).
pub(super) const MAX_ROWS: u64 = 1_048_576;

fn xml_part_is_streamed(name: &str) -> bool {
    name.starts_with("xl/worksheets/") && !name.contains("_rels")
}

/// Inflate every part of the zip into a counter, refusing the file when the parts are far
/// bigger than the file. Returns the file's SHA-256.
fn measure(imp: &Importer, path: &Path, size: u64) -> Result<String> {
    let io = |source: std::io::Error| ImportError::Io { path: imp.path.clone(), source };
    let bad = |why: String| ImportError::Xlsx { path: imp.path.clone(), why };
    let mut hash = Sha256::new();
    let mut f = std::fs::File::open(path).map_err(io)?;
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = f.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        hash.update(&buf[..n]);
    }
    let total_cap = size.saturating_mul(RATIO).saturating_add(SLACK);
    let loaded_cap = size.saturating_mul(LOADED_RATIO).saturating_add(LOADED_SLACK);
    let f = std::fs::File::open(path).map_err(io)?;
    let mut zip = zip::ZipArchive::new(BufReader::new(f)).map_err(|e| bad(e.to_string()))?;
    let (mut total, mut loaded) = (0u64, 0u64);
    let too_big = |what: &str, got: u64, cap: u64| ImportError::TooLarge {
        path: imp.path.clone(),
        why: format!(
            "{what} inflates to more than {} MiB (the file is {} KiB; at most {} MiB is accepted for it). \
             This is not an export of the provincial system (a decompression bomb?); nothing was imported",
            got >> 20,
            size >> 10,
            cap >> 20
        ),
    };
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| bad(e.to_string()))?;
        let streamed = xml_part_is_streamed(part.name());
        let name = part.name().to_string();
        loop {
            let n = match part.read(&mut buf) {
                Ok(n) => n,
                Err(e) => return Err(bad(format!("part {name}: {e}"))),
            };
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > total_cap {
                return Err(too_big("the workbook", total, total_cap));
            }
            if !streamed {
                loaded += n as u64;
                if loaded > loaded_cap {
                    return Err(too_big(&format!("its shared strings and styles ({name})"), loaded, loaded_cap));
                }
            }
        }
    }
    Ok(super::hex(&hash.finalize()))
}

fn cell_text(d: &DataRef<'_>) -> (String, Option<f64>) {
    match d {
        DataRef::Empty => (String::new(), None),
        DataRef::String(s) => (s.clone(), None),
        DataRef::SharedString(s) => (s.to_string(), None),
        DataRef::Int(i) => (i.to_string(), Some(*i as f64)),
        DataRef::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                (format!("{}", *f as i64), Some(*f))
            } else {
                (f.to_string(), Some(*f))
            }
        }
        DataRef::Bool(b) => (b.to_string(), None),
        DataRef::DateTime(dt) => {
            let serial = dt.as_f64();
            match excel_serial(serial) {
                Some(d) => (crate::store::date_text(d), Some(serial)),
                None => (serial.to_string(), Some(serial)),
            }
        }
        DataRef::DateTimeIso(s) => (s.chars().take(10).collect(), None),
        DataRef::DurationIso(s) => (s.clone(), None),
        DataRef::Error(e) => (format!("#{e:?}"), None),
    }
}

/// Read the first worksheet: the header (checked by `imp.set_headers`), then every row into
/// `imp.row`. Returns the file's SHA-256.
pub(super) fn read(imp: &mut Importer, path: &Path, size: u64) -> Result<String> {
    let digest = measure(imp, path, size)?;
    let bad = |imp: &Importer, why: String| ImportError::Xlsx { path: imp.path.clone(), why };
    imp.report.format = "XLSX".into();
    // calamine is well tested, but a hostile file must never take the process down.
    let opened = catch_unwind(|| -> std::result::Result<_, calamine::XlsxError> {
        let wb: Xlsx<_> = calamine::open_workbook(path)?;
        Ok(wb)
    });
    let mut wb = match opened {
        Err(_) => return Err(bad(imp, "the reader crashed on this file".into())),
        Ok(Err(e)) => return Err(bad(imp, e.to_string())),
        Ok(Ok(wb)) => wb,
    };
    let Some(sheet) = wb.sheet_names().first().cloned() else {
        return Err(bad(imp, "the workbook has no worksheet".into()));
    };
    let mut cells = match wb.worksheet_cells_reader(&sheet) {
        Ok(c) => c,
        Err(e) => return Err(bad(imp, e.to_string())),
    };

    let mut width: Option<usize> = None; // header width, once the header is read
    let mut texts: Vec<(String, Option<f64>)> = Vec::new();
    let mut cur: Option<u32> = None;
    let mut rows_seen: u64 = 0;
    loop {
        let next = match catch_unwind(AssertUnwindSafe(|| cells.next_cell())) {
            Err(_) => return Err(bad(imp, "the reader crashed on this file".into())),
            Ok(Err(e)) => return Err(bad(imp, e.to_string())),
            Ok(Ok(c)) => c,
        };
        let pos = next.as_ref().map(|c| c.get_position());
        if cur.is_some() && pos.map(|p| p.0) != cur {
            // a row is complete
            let r = cur.unwrap_or_default();
            rows_seen += 1;
            if rows_seen > MAX_ROWS {
                return Err(ImportError::TooLarge {
                    path: imp.path.clone(),
                    why: format!("the worksheet has more than {MAX_ROWS} rows; nothing was imported"),
                });
            }
            emit(imp, u64::from(r) + 1, &mut texts, &mut width)?;
        }
        let Some(cell) = next else { break };
        let (r, c) = cell.get_position();
        cur = Some(r);
        let limit = width.unwrap_or(MAX_COLS as usize);
        let c = c as usize;
        if c < limit {
            if texts.len() <= c {
                texts.resize(c + 1, (String::new(), None));
            }
            texts[c] = cell_text(cell.get_value());
        }
    }
    if width.is_none() {
        return Err(ImportError::Empty { path: imp.path.clone() });
    }
    Ok(digest)
}

/// One complete row of cells: the header if none was seen yet, else a data row.
fn emit(imp: &mut Importer, row: u64, texts: &mut Vec<(String, Option<f64>)>, width: &mut Option<usize>) -> Result<()> {
    if texts.iter().all(|(t, _)| t.trim().is_empty()) {
        texts.clear();
        return Ok(());
    }
    match width {
        None => {
            let headers: Vec<String> = texts.drain(..).map(|(t, _)| t).collect();
            imp.set_headers(&headers)?;
            *width = Some(headers.len());
        }
        Some(_) => {
            imp.report.rows += 1;
            let mut cells: [Cow<'_, str>; NCOLS] = Default::default();
            let mut nums = [None; NCOLS];
            for col in 0..NCOLS {
                if let Some((t, n)) = imp.index[col].and_then(|ix| texts.get(ix)) {
                    cells[col] = Cow::Borrowed(t.as_str());
                    nums[col] = *n;
                }
            }
            imp.row(row, &cells, &nums)?;
            texts.clear();
        }
    }
    Ok(())
}
