//! CSV reading, streamed line by line.
//!
//! - Encoding: a BOM decides (UTF-8, GB18030, UTF-16 LE/BE; UTF-16 is decoded as a stream, so
//!   Excel's "Unicode text" export works). Without a BOM: UTF-16 is recognised by its NUL bytes;
//!   otherwise the first line with non-ASCII bytes decides (valid UTF-8 → UTF-8, else GB18030).
//!   Fields are then decoded one by one, so one damaged line is a row error, not a file error.
//! - Delimiter: a comma, or a tab when the header line has tabs and no commas.
//! - One line is one row, and row numbers are line numbers (header = row 1 when it is the
//!   first line), counted on `\n` so that CRLF files number their rows like LF files. A roster
//!   field never holds a line break: a quote that is not closed on its line is reported at that
//!   row, and the lines after it are read as rows of their own instead of being swallowed.
//! - Memory does not grow with the file: one line at a time, at most [`MAX_LINE`] bytes.

use super::row::NCOLS;
use super::{ImportError, Importer, Result};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};

/// The longest line read as a row. A roster row is a few hundred bytes; a longer "line" is
/// binary data or a file without line breaks, and is rejected without being held in memory.
pub(super) const MAX_LINE: usize = 64 * 1024;

/// Bytes looked at before the first row to recognise UTF-16.
const SNIFF: usize = 4096;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Enc {
    Utf8,
    Gb18030,
    /// No non-ASCII byte seen yet: the first line that has one decides.
    Undecided,
}

/// Hashes everything read through it (the audit entry records the file's SHA-256 without a
/// second pass over the file).
struct Hashing<R> {
    inner: R,
    hash: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

fn decode(enc: Enc, b: &[u8]) -> Option<Cow<'_, str>> {
    match enc {
        Enc::Utf8 | Enc::Undecided => std::str::from_utf8(b).ok().map(Cow::Borrowed),
        Enc::Gb18030 => {
            if b.is_ascii() {
                // ASCII is ASCII in GB18030
                return std::str::from_utf8(b).ok().map(Cow::Borrowed);
            }
            encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(b)
        }
    }
}

/// What the first bytes say about the text encoding.
#[derive(Debug, PartialEq, Eq)]
enum Sniffed {
    Utf8Bom,
    Gb18030Bom,
    Utf16Le,
    Utf16Be,
    Plain,
}

fn sniff(head: &[u8]) -> Sniffed {
    if head.starts_with(b"\xEF\xBB\xBF") {
        return Sniffed::Utf8Bom;
    }
    if head.starts_with(b"\x84\x31\x95\x33") {
        return Sniffed::Gb18030Bom;
    }
    if head.starts_with(b"\xFF\xFE") {
        return Sniffed::Utf16Le;
    }
    if head.starts_with(b"\xFE\xFF") {
        return Sniffed::Utf16Be;
    }
    // UTF-16 without a BOM: ASCII characters leave a NUL in every other byte.
    let pairs = head.len() / 2;
    if pairs >= 2 {
        let nul_odd = head.chunks_exact(2).filter(|p| p[1] == 0).count();
        let nul_even = head.chunks_exact(2).filter(|p| p[0] == 0).count();
        if nul_odd * 10 >= pairs * 4 && nul_even * 10 < pairs {
            return Sniffed::Utf16Le;
        }
        if nul_even * 10 >= pairs * 4 && nul_odd * 10 < pairs {
            return Sniffed::Utf16Be;
        }
    }
    Sniffed::Plain
}

/// A field reader for one delimiter. Lines are split on `\n` before they reach csv_core, so only
/// `\n` may end a record: a lone `\r` inside a line is field data (then refused by the row rules
/// as a control character), never a silent end of the record that would drop the rest of the line.
fn reader(delimiter: u8) -> csv_core::Reader {
    csv_core::ReaderBuilder::new().delimiter(delimiter).terminator(csv_core::Terminator::Any(b'\n')).build()
}

/// Split one line (without its line break) into fields. `None` when a quoted field is still
/// open at the end of the line.
fn split_line(rdr: &mut csv_core::Reader, line: &[u8], out: &mut Vec<u8>, ends: &mut Vec<usize>) -> Option<usize> {
    rdr.reset();
    // A field never grows when unquoted; one more end than there are bytes at most.
    out.resize(line.len() + 1, 0);
    ends.resize(line.len() + 2, 0);
    // (an empty input would mean "end of data" to csv_core, so an empty line skips this)
    let (o1, n1) = if line.is_empty() {
        (0, 0)
    } else {
        let (res, nin, o1, n1) = rdr.read_record(line, out, ends);
        debug_assert!(matches!(res, csv_core::ReadRecordResult::InputEmpty) && nin == line.len());
        (o1, n1)
    };
    // The line break ends the record unless a quote is open (then it would be field data).
    let (res, _, _, n2) = rdr.read_record(b"\n", &mut out[o1..], &mut ends[n1..]);
    match res {
        csv_core::ReadRecordResult::Record => Some(n1 + n2),
        _ => None,
    }
}

/// Read the CSV: the header (checked by `imp.set_headers`), then every row into `imp.row`.
/// Returns the file's SHA-256.
pub(super) fn read(imp: &mut Importer, file: std::fs::File) -> Result<String> {
    let path = imp.path.clone();
    let io = |source: std::io::Error| ImportError::Io { path: path.clone(), source };
    let mut hashing = BufReader::with_capacity(256 * 1024, Hashing { inner: file, hash: Sha256::new() });
    let head = hashing.fill_buf().map_err(io)?;
    let head = &head[..head.len().min(SNIFF)];
    if head.starts_with(b"PK\x03\x04") {
        return Err(imp.not_roster("it is a zip/Excel workbook, not CSV text; save it as .xlsx".into()));
    }
    let sniffed = sniff(head);
    let (mut enc, format) = match sniffed {
        Sniffed::Utf8Bom => {
            hashing.consume(3);
            (Enc::Utf8, "CSV (UTF-8)")
        }
        Sniffed::Gb18030Bom => {
            hashing.consume(4);
            (Enc::Gb18030, "CSV (GB18030)")
        }
        Sniffed::Utf16Le => (Enc::Utf8, "CSV (UTF-16LE)"),
        Sniffed::Utf16Be => (Enc::Utf8, "CSV (UTF-16BE)"),
        Sniffed::Plain => (Enc::Undecided, ""),
    };
    let mut input: Box<dyn BufRead + '_> = match sniffed {
        Sniffed::Utf16Le | Sniffed::Utf16Be => {
            let e = if sniffed == Sniffed::Utf16Le { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
            // A BOM, if any, is honoured and removed; without one the sniffed encoding is used.
            let dec = encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(e)).build(&mut hashing);
            Box::new(BufReader::with_capacity(256 * 1024, dec))
        }
        _ => Box::new(&mut hashing),
    };

    let mut line: Vec<u8> = Vec::with_capacity(1024);
    let mut lineno: u64 = 0;
    let mut out = Vec::new();
    let mut ends = Vec::new();
    let mut rdr = reader(b',');
    let mut width = 0usize;
    let mut have_header = false;
    loop {
        line.clear();
        let n = (&mut input).take(MAX_LINE as u64 + 1).read_until(b'\n', &mut line).map_err(io)?;
        if n == 0 {
            break;
        }
        lineno += 1;
        if line.len() > MAX_LINE && line.last() != Some(&b'\n') {
            // Skip the rest of the over-long line without holding it.
            loop {
                let buf = input.fill_buf().map_err(io)?;
                if buf.is_empty() {
                    break;
                }
                match buf.iter().position(|&b| b == b'\n') {
                    Some(i) => {
                        input.consume(i + 1);
                        break;
                    }
                    None => {
                        let l = buf.len();
                        input.consume(l);
                    }
                }
            }
            if !have_header {
                return Err(imp.not_roster(format!(
                    "the first line is longer than {} KiB; this is not a roster's header row (a binary file?)",
                    MAX_LINE / 1024
                )));
            }
            imp.report.rows += 1;
            imp.reject(
                lineno,
                "行 (line)",
                format!("longer than {} KiB: not a roster row (binary data, or a broken line?)", MAX_LINE / 1024),
            );
            continue;
        }
        while matches!(line.last(), Some(b'\n' | b'\r')) {
            line.pop();
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if enc == Enc::Undecided && !line.is_ascii() {
            enc = if std::str::from_utf8(&line).is_ok() { Enc::Utf8 } else { Enc::Gb18030 };
        }
        if !have_header {
            if line.contains(&b'\t') && !line.contains(&b',') {
                rdr = reader(b'\t');
            }
            let Some(nf) = split_line(&mut rdr, &line, &mut out, &mut ends) else {
                return Err(imp.not_roster("the header row has an unclosed quote (\")".into()));
            };
            let mut start = 0;
            let mut headers = Vec::with_capacity(nf);
            for &end in &ends[..nf] {
                headers.push(decode(enc, &out[start..end]).map(Cow::into_owned).unwrap_or_default());
                start = end;
            }
            imp.set_headers(&headers)?;
            width = nf;
            have_header = true;
            continue;
        }
        imp.report.rows += 1;
        let Some(nf) = split_line(&mut rdr, &line, &mut out, &mut ends) else {
            imp.reject(
                lineno,
                "引号 (quote)",
                "a quote (\") opens a field that is not closed on this line; a roster field never \
                 spans lines, so the lines after this one are read as rows of their own"
                    .into(),
            );
            continue;
        };
        if nf != width {
            imp.reject(
                lineno,
                "列数 (columns)",
                format!("the row has {nf} fields but the header has {width} (a broken line, or an unquoted comma?)"),
            );
            continue;
        }
        let field = |i: usize| &out[if i == 0 { 0 } else { ends[i - 1] }..ends[i]];
        let mut cells: [Cow<'_, str>; NCOLS] = Default::default();
        let mut bad = false;
        for (col, slot) in cells.iter_mut().enumerate() {
            if let Some(i) = imp.index[col] {
                match decode(enc, field(i)) {
                    Some(s) => *slot = s,
                    None => {
                        let name = imp.header_names[col].clone();
                        imp.reject(
                            lineno,
                            &name,
                            match enc {
                                Enc::Gb18030 => "not valid GB18030 text (binary data?)",
                                _ => "not valid UTF-8 text (binary data?)",
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
        imp.row(lineno, &cells, &[None; NCOLS])?;
    }
    if !have_header {
        return Err(ImportError::Empty { path: imp.path.clone() });
    }
    imp.report.format = if format.is_empty() {
        match enc {
            Enc::Gb18030 => "CSV (GB18030)",
            _ => "CSV (UTF-8)",
        }
    } else {
        format
    }
    .into();
    drop(input);
    // Hash what is left unread (nothing, normally) so the digest is the whole file's.
    std::io::copy(&mut hashing, &mut std::io::sink()).map_err(io)?;
    Ok(super::hex(&hashing.into_inner().hash.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(line: &str) -> Option<Vec<String>> {
        let (mut out, mut ends) = (Vec::new(), Vec::new());
        let n = split_line(&mut reader(b','), line.as_bytes(), &mut out, &mut ends)?;
        let mut start = 0;
        Some(
            ends[..n]
                .iter()
                .map(|&e| {
                    let f = String::from_utf8(out[start..e].to_vec()).unwrap();
                    start = e;
                    f
                })
                .collect(),
        )
    }

    #[test]
    fn a_lone_cr_is_field_data_not_the_end_of_the_record() {
        // Lines are split on \n before csv_core sees them: a CR inside one must not end the
        // record and drop the rest of the line (found by tests/fuzz.rs).
        assert_eq!(fields("a,b\rc,d"), Some(vec!["a".to_string(), "b\rc".to_string(), "d".to_string()]));
    }
    #[test]
    fn lines_split_into_fields() {
        assert_eq!(fields("a,b,c").unwrap(), ["a", "b", "c"]);
        assert_eq!(fields("\"a,1\",\"say \"\"hi\"\"\",").unwrap(), ["a,1", "say \"hi\"", ""]);
        assert_eq!(fields("王秀英,\"T1101\"").unwrap(), ["王秀英", "T1101"]);
        // a quote inside an unquoted field is data
        assert_eq!(fields("王\"秀英,x").unwrap(), ["王\"秀英", "x"]);
        assert_eq!(fields(",").unwrap(), ["", ""]);
    }

    #[test]
    fn an_open_quote_at_the_end_of_a_line_is_noticed() {
        assert_eq!(fields("a,\"b,c"), None);
        assert_eq!(fields("\"a"), None);
        assert!(fields("a,\"b\"").is_some());
    }

    #[test]
    fn encodings_are_sniffed() {
        assert_eq!(sniff(b"\xEF\xBB\xBFa,b"), Sniffed::Utf8Bom);
        assert_eq!(sniff(b"\xFF\xFEa\0,\0"), Sniffed::Utf16Le);
        assert_eq!(sniff(b"\xFE\xFF\0a\0,"), Sniffed::Utf16Be);
        let le: Vec<u8> = "证件类型,name,id\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(sniff(&le), Sniffed::Utf16Le);
        let be: Vec<u8> = "kind,name,id\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(sniff(&be), Sniffed::Utf16Be);
        let (gb, _, _) = encoding_rs::GB18030.encode("证件类型,姓名\n特种作业操作证,王秀英\n");
        assert_eq!(sniff(&gb), Sniffed::Plain);
        assert_eq!(sniff("证件类型,姓名\n".as_bytes()), Sniffed::Plain);
    }
}
