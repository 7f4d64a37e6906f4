//! XLSX reading: the first worksheet, the first non-empty row is the header.

use super::row::{excel_serial, NCOLS};
use super::{imp_path, ImportError, ImportReport, Importer, Result};
use std::borrow::Cow;
use std::path::Path;

pub(super) fn run_xlsx(imp: &mut Importer<'_>, path: &Path) -> Result<ImportReport> {
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
