//! Roster import fed the garbage a real bureau's files and a hostile one contain (issue 8
//! item 6, issue 6 item 7): far-away XLSX cells, decompression bombs, unclosed quotes,
//! UTF-16 text, CRLF line ends, over-long lines, floods of bad rows; and the guarantees
//! around the write: one audit entry in the import's own transaction, all or nothing, and
//! waiting for a busy database instead of failing.

use certdesk::domain::catalogue::Catalogue;
use certdesk::domain::{Certificate, Holder};
use certdesk::import::{import_file, ImportError, ImportReport, MAX_ISSUES};
use certdesk::roster::{self, csv_fields, CSV_HEADERS};
use certdesk::store::Store;
use chrono::NaiveDate;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 6).unwrap()
}

fn col(name: &str) -> usize {
    CSV_HEADERS.iter().position(|h| *h == name).unwrap()
}

fn csv_line(fields: &[String]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(vec![]);
    w.write_record(fields).unwrap();
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// The header line and one line per certificate of `n` generated holders.
fn roster_lines(n: usize, seed: u64) -> (Vec<String>, Vec<(Holder, Vec<Certificate>)>) {
    let rows = roster::generate(n, seed, today());
    let mut lines = vec![csv_line(&CSV_HEADERS.iter().map(|s| s.to_string()).collect::<Vec<_>>())];
    for (h, certs) in &rows {
        for c in certs {
            lines.push(csv_line(&csv_fields(h, c)));
        }
    }
    (lines, rows)
}

fn certs(rows: &[(Holder, Vec<Certificate>)]) -> u64 {
    rows.iter().map(|(_, c)| c.len() as u64).sum()
}

fn import(s: &mut Store, p: &Path) -> Result<ImportReport, ImportError> {
    import_file(s, p, today(), &Catalogue::builtin())
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn audit_count(s: &Store) -> usize {
    s.audit().entries(0, 1_000_000).unwrap().len()
}

// ---- CSV ------------------------------------------------------------------------------

/// Issue 6 item 7: every Excel export ends its lines with CRLF; the row an error names must be
/// the row the administrator sees (header = row 1).
#[test]
fn crlf_files_report_the_right_row() {
    let (mut lines, rows) = roster_lines(6, 11);
    let total = certs(&rows);
    let mut f = lines[3].trim_end().split(',').map(str::to_string).collect::<Vec<_>>();
    f[col("有效期止")] = "2023-02-30".into();
    lines[3] = csv_line(&f);
    let mut text = String::from("\u{feff}");
    for l in &lines {
        text.push_str(l.trim_end_matches(['\r', '\n']));
        text.push_str("\r\n");
    }
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "crlf.csv", text.as_bytes());
    let mut s = Store::open_in_memory().unwrap();
    let rep = import(&mut s, &p).unwrap();
    assert_eq!(rep.rejected_rows, 1, "{rep}");
    assert_eq!(rep.errors[0].row, 4, "line 4 of the file holds the bad date:\n{rep}");
    assert_eq!(rep.errors[0].column, "有效期止");
    assert_eq!(rep.inserted, total - 1);
}

/// Issue 8 item 6: an unterminated quote used to swallow the rest of the file into one
/// field and report "1 rejected". It is one bad row; the rows after it are read.
#[test]
fn an_unclosed_quote_rejects_its_row_only() {
    let (mut lines, rows) = roster_lines(8, 12);
    let total = certs(&rows);
    assert!(total >= 9);
    // row 3 (line 3): the name field opens a quote that never closes
    let mut f: Vec<String> = lines[2].trim_end().split(',').map(str::to_string).collect();
    f[col("姓名")] = format!("\"{}", f[col("姓名")]);
    lines[2] = f.join(",") + "\n";
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "quote.csv", lines.concat().as_bytes());
    let mut s = Store::open_in_memory().unwrap();
    let rep = import(&mut s, &p).unwrap();
    assert_eq!(rep.rejected_rows, 1, "{rep}");
    assert_eq!(rep.errors.len(), 1, "{rep}");
    assert_eq!(rep.errors[0].row, 3, "{rep}");
    assert!(rep.errors[0].reason.contains("quote"), "{rep}");
    assert_eq!(rep.rows, total);
    assert_eq!(rep.inserted, total - 1, "the rows after the broken one are imported:\n{rep}");
}

/// Excel's "Unicode text" export is UTF-16LE with a BOM, tab-separated; some tools write
/// UTF-16BE without a BOM. Both import like the UTF-8 file.
#[test]
fn utf16_text_is_decoded() {
    let (lines, rows) = roster_lines(7, 13);
    let total = certs(&rows);
    let dir = tempfile::tempdir().unwrap();

    let tsv: String = lines.iter().map(|l| l.trim_end().replace(',', "\t") + "\r\n").collect();
    let mut le = vec![0xFF, 0xFE];
    le.extend(tsv.encode_utf16().flat_map(u16::to_le_bytes));
    let p = write(dir.path(), "unicode.txt", &le);
    let mut s = Store::open_in_memory().unwrap();
    let rep = import(&mut s, &p).unwrap();
    assert_eq!(rep.format, "CSV (UTF-16LE)");
    assert_eq!((rep.inserted, rep.rejected_rows), (total, 0), "{rep}");

    let be: Vec<u8> = lines.concat().encode_utf16().flat_map(u16::to_be_bytes).collect();
    let p = write(dir.path(), "be.csv", &be);
    let mut s = Store::open_in_memory().unwrap();
    let rep = import(&mut s, &p).unwrap();
    assert_eq!(rep.format, "CSV (UTF-16BE)");
    assert_eq!((rep.inserted, rep.rejected_rows), (total, 0), "{rep}");
}

/// A line of binary junk without line breaks is one rejected row, not a file held in memory.
#[test]
fn an_over_long_line_is_one_rejected_row() {
    let (mut lines, rows) = roster_lines(5, 14);
    let total = certs(&rows);
    lines.insert(2, "x".repeat(200_000) + "\n");
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "long.csv", lines.concat().as_bytes());
    let mut s = Store::open_in_memory().unwrap();
    let rep = import(&mut s, &p).unwrap();
    assert_eq!((rep.inserted, rep.rejected_rows), (total, 1), "{rep}");
    assert_eq!(rep.errors[0].row, 3);
    // and a file that starts with one is not a roster
    let p = write(dir.path(), "blob.csv", &vec![b'7'; 300_000]);
    assert!(matches!(import(&mut s, &p), Err(ImportError::NotRoster { .. })));
}

/// A million bad rows must not make a million-entry report: the first MAX_ISSUES are kept,
/// the rest counted.
#[test]
fn a_flood_of_bad_rows_is_counted_not_kept() {
    let (lines, _) = roster_lines(1, 15);
    let mut text = lines[0].clone();
    let n = MAX_ISSUES + 2_500;
    for _ in 0..n {
        text.push_str("特种作业操作证,x\n");
    }
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "flood.csv", text.as_bytes());
    let mut s = Store::open_in_memory().unwrap();
    let rep = import(&mut s, &p).unwrap();
    assert_eq!(rep.rejected_rows, n as u64);
    assert_eq!(rep.errors.len(), MAX_ISSUES);
    assert_eq!(rep.errors_omitted, 2_500);
    assert!(rep.to_string().contains("and 2500 more"), "{}", rep.to_string().lines().last().unwrap());
}

// ---- XLSX -----------------------------------------------------------------------------

fn roster_xlsx(path: &Path, rows: &[(Holder, Vec<Certificate>)], extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in CSV_HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let mut r = 1;
    for (h, certs) in rows {
        for c in certs {
            for (i, v) in csv_fields(h, c).iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string(r, i as u16, v).unwrap();
                }
            }
            r += 1;
        }
    }
    extra(ws);
    wb.save(path).unwrap();
}

/// Issue 8 item 6: one cell at XFD1048576 made calamine allocate the whole used range
/// (1,048,576 × 16,384 cells) and the process aborted (exit 134). Cells are read one by one
/// now: the roster imports and the far cell is ignored (it is outside the header's columns).
#[test]
fn a_far_away_xlsx_cell_does_not_abort() {
    let rows = roster::generate(6, 21, today());
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("far.xlsx");
    roster_xlsx(&p, &rows, |ws| {
        ws.write_string(1_048_575, 16_383, "far away").unwrap();
    });
    let mut s = Store::open_in_memory().unwrap();
    let rep = import(&mut s, &p).unwrap();
    assert_eq!((rep.inserted, rep.rejected_rows), (certs(&rows), 0), "{rep}");
}

/// Rewrite `src` (a real workbook) with the part `name` replaced by `body`, deflated.
fn replace_part(src: &Path, dst: &Path, name: &str, body: &mut dyn Read) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut replaced = false;
    for i in 0..zin.len() {
        let mut part = zin.by_index(i).unwrap();
        let pname = part.name().to_string();
        zout.start_file(pname.as_str(), opts).unwrap();
        if pname == name {
            std::io::copy(body, &mut zout).unwrap();
            replaced = true;
        } else {
            std::io::copy(&mut part, &mut zout).unwrap();
        }
    }
    assert!(replaced, "{name} not in the workbook");
    zout.finish().unwrap();
}

/// `head`, then `unit` repeated until `bytes` are written, then `tail`, as a reader.
fn repeated(head: &str, unit: &str, bytes: usize, tail: &str) -> impl Read {
    let n = bytes / unit.len();
    std::io::Cursor::new(head.to_string())
        .chain(UnitRepeat { unit: unit.as_bytes().to_vec(), left: n, pos: 0 })
        .chain(std::io::Cursor::new(tail.to_string()))
}

struct UnitRepeat {
    unit: Vec<u8>,
    left: usize,
    pos: usize,
}

impl Read for UnitRepeat {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut w = 0;
        while w < buf.len() && self.left > 0 {
            let k = (self.unit.len() - self.pos).min(buf.len() - w);
            buf[w..w + k].copy_from_slice(&self.unit[self.pos..self.pos + k]);
            w += k;
            self.pos += k;
            if self.pos == self.unit.len() {
                self.pos = 0;
                self.left -= 1;
            }
        }
        Ok(w)
    }
}

/// Issue 8 item 6: a small workbook whose shared strings inflate to hundreds of megabytes
/// took 1 GB of memory. The parts are measured before calamine loads them: refused, with
/// the figures, and nothing written.
#[test]
fn an_xlsx_decompression_bomb_is_refused() {
    let rows = roster::generate(3, 22, today());
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.xlsx");
    roster_xlsx(&good, &rows, |_| {});
    let mut s = Store::open_in_memory().unwrap();
    let before = audit_count(&s);

    // shared strings: 48 MiB of <si> elements in a file of a few dozen KiB
    let bomb = dir.path().join("strings-bomb.xlsx");
    let mut body = repeated(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
        "<si><t>aaaaaaaaaaaaaaaa</t></si>",
        48 << 20,
        "</sst>",
    );
    replace_part(&good, &bomb, "xl/sharedStrings.xml", &mut body);
    assert!(std::fs::metadata(&bomb).unwrap().len() < 1 << 20);
    match import(&mut s, &bomb) {
        Err(ImportError::TooLarge { why, .. }) => assert!(why.contains("MiB") && why.contains("bomb"), "{why}"),
        other => panic!("expected TooLarge, got {other:?}"),
    }

    // the worksheet: 64 MiB of empty rows
    let bomb = dir.path().join("sheet-bomb.xlsx");
    let mut body = repeated(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
        "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>",
        64 << 20,
        "</sheetData></worksheet>",
    );
    replace_part(&good, &bomb, "xl/worksheets/sheet1.xml", &mut body);
    assert!(matches!(import(&mut s, &bomb), Err(ImportError::TooLarge { .. })));

    assert_eq!(s.holders().certificate_count().unwrap(), 0);
    assert_eq!(audit_count(&s), before, "a refused file leaves no audit entry");
    // the honest workbook still imports
    assert_eq!(import(&mut s, &good).unwrap().inserted, certs(&rows));
}

// ---- the write ------------------------------------------------------------------------

/// Issue 8 item 3: each import wrote two audit entries, the second after the commit (so a
/// failure there reported a committed import as failed). Exactly one now, committed with the
/// rows; a failed import writes neither rows nor an entry.
#[test]
fn one_audit_entry_per_import_committed_with_the_rows() {
    let (lines, rows) = roster_lines(5, 31);
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "r.csv", lines.concat().as_bytes());
    let mut s = Store::open(dir.path().join("db.sqlite")).unwrap();
    let before = audit_count(&s);
    let rep = import(&mut s, &p).unwrap();
    assert_eq!(audit_count(&s), before + 1);
    let entries = s.audit().entries(0, 1_000_000).unwrap();
    let last = entries.last().unwrap();
    assert_eq!(last.action, "roster.import");
    let detail = &last.detail;
    assert_eq!(detail["inserted"], certs(&rows));
    assert_eq!(detail["rows"], rep.rows);
    assert_eq!(detail["sha256"].as_str().unwrap().len(), 64);
    s.audit().verify().unwrap();

    let p = write(dir.path(), "bad.csv", "姓名,身份证号\n张三,11010519491231002X\n".as_bytes());
    assert!(import(&mut s, &p).is_err());
    assert_eq!(audit_count(&s), before + 1);
}

/// A failure in the middle of the write (here: the database refusing one certificate, as a
/// full disk or an I/O error would) leaves the database exactly as before: no rows of the
/// file, no holders, no audit entry.
#[test]
fn a_failure_midway_leaves_the_database_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite")).unwrap();
    let (first, rows1) = roster_lines(5, 32);
    let p1 = write(dir.path(), "first.csv", first.concat().as_bytes());
    import(&mut s, &p1).unwrap();
    let (certs_before, holders_before, audit_before) =
        (s.holders().certificate_count().unwrap(), s.holders().count().unwrap(), audit_count(&s));
    assert_eq!(certs_before, certs(&rows1));

    let (second, rows2) = roster_lines(40, 33);
    let victim = &rows2[30].1[0].number;
    s.conn()
        .execute_batch(&format!(
            "CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.certificates WHEN NEW.number = '{victim}' \
             BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END;"
        ))
        .unwrap();
    let p2 = write(dir.path(), "second.csv", second.concat().as_bytes());
    let e = import(&mut s, &p2).unwrap_err();
    assert!(e.to_string().contains("simulated write failure"), "{e}");
    assert_eq!(s.holders().certificate_count().unwrap(), certs_before);
    assert_eq!(s.holders().count().unwrap(), holders_before);
    assert_eq!(audit_count(&s), audit_before);
    s.audit().verify().unwrap();
}

/// Issue 8 item 3: wait on a busy database instead of failing. Another connection holds the
/// write lock for longer than this connection's own busy timeout; the import waits for it.
#[test]
fn an_import_waits_for_a_busy_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    let mut s = Store::open(&db).unwrap();
    s.conn().busy_timeout(Duration::from_millis(20)).unwrap();
    let (lines, rows) = roster_lines(5, 34);
    let p = write(dir.path(), "r.csv", lines.concat().as_bytes());

    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        tx.send(()).unwrap();
        // The scenario: the lock is held for ten of this connection's busy timeouts.
        std::thread::sleep(Duration::from_millis(200));
        other.execute_batch("COMMIT").unwrap();
    });
    rx.recv().unwrap();
    let rep = import(&mut s, &p).unwrap();
    holder.join().unwrap();
    assert_eq!(rep.inserted, certs(&rows));
    // the connection's own timeout is back afterwards
    let t: i64 = s.conn().query_row("PRAGMA busy_timeout", [], |r| r.get(0)).unwrap();
    assert_eq!(t, 20);
    let _ = std::io::stdout().flush();
}

/// Issue 8 item 6: a 合格证 moved to another holder by a re-import was reported only as
/// "updated". It is counted and listed with the row, masked holders only.
#[test]
fn a_certificate_moved_to_another_holder_is_reported() {
    use certdesk::domain::CertKind;
    let rows = roster::generate(30, 41, today());
    let (a, ca) = rows
        .iter()
        .find_map(|(h, cs)| cs.iter().find(|c| c.kind != CertKind::SpecialOperation).map(|c| (h, c)))
        .expect("a 合格证 in the roster");
    let b = rows.iter().map(|(h, _)| h).find(|h| h.id_number != a.id_number).unwrap();
    let header = csv_line(&CSV_HEADERS.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    let dir = tempfile::tempdir().unwrap();
    let p1 = write(dir.path(), "a.csv", (header.clone() + &csv_line(&csv_fields(a, ca))).as_bytes());
    let mut s = Store::open_in_memory().unwrap();
    assert_eq!(import(&mut s, &p1).unwrap().inserted, 1);
    let handle = s.holders().certificates_for(&a.id_number).unwrap()[0].seal_handle;

    // the same 合格证 (kind and 证号) now on B's row, after an unrelated row
    let moved = Certificate { holder_id: b.id_number.clone(), name: b.name.clone(), gender: b.gender, ..ca.clone() };
    let other = &rows.iter().find(|(h, _)| h.id_number == b.id_number).unwrap().1[0];
    let text = header + &csv_line(&csv_fields(b, other)) + &csv_line(&csv_fields(b, &moved));
    let p2 = write(dir.path(), "b.csv", text.as_bytes());
    let rep = import(&mut s, &p2).unwrap();
    assert_eq!((rep.moved, rep.updated), (1, 1), "{rep}");
    let w = rep.warnings.iter().find(|w| w.reason.contains("moves it")).expect("a moved warning");
    assert_eq!(w.row, 3, "{rep}");
    assert!(!w.reason.contains(&a.id_number) && !w.reason.contains(&b.id_number), "masked: {}", w.reason);
    assert!(rep.to_string().contains("1 moved"), "{rep}");
    let now_b: Vec<Certificate> = s.holders().certificates_for(&b.id_number).unwrap();
    let got = now_b.iter().find(|c| c.number == ca.number).expect("moved to B");
    assert_eq!(got.seal_handle, handle, "the seal handle stays with the certificate");
    assert!(s.holders().certificates_for(&a.id_number).unwrap().is_empty());
    // the audit entry carries the count
    let last = s.audit().entries(0, 1_000).unwrap().pop().unwrap();
    assert_eq!(last.detail["moved"], 1);
}
