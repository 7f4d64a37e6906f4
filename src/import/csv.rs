//! CSV reading: encoding detection (UTF-8 with or without BOM, GB18030) and field decoding.

use super::row::NCOLS;
use super::{imp_path, ImportError, ImportReport, Importer, Result};
use std::borrow::Cow;

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

pub(super) fn run_csv(imp: &mut Importer<'_>, bytes: &[u8]) -> Result<ImportReport> {
    let (enc, body) = detect(bytes);
    imp.report.format = match enc {
        Enc::Utf8 => "CSV (UTF-8)",
        Enc::Gb18030 => "CSV (GB18030)",
    }
    .into();
    let mut rdr = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body);
    let mut rec = ::csv::ByteRecord::new();
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

#[cfg(test)]
mod tests {
    use super::*;

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
