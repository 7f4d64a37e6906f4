//! Roster import end to end: CSV (UTF-8 and GB18030) and XLSX with good and garbage rows,
//! re-import, and files that are not rosters at all.

use certdesk::domain::catalogue::Catalogue;
use certdesk::domain::{CertId, Certificate, Holder, Standing};
use certdesk::import::{import_file, ImportError, ImportReport};
use certdesk::roster::{self, csv_fields, CSV_HEADERS};
use certdesk::store::Store;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 6).unwrap()
}

fn csv_line(fields: &[String]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(vec![]);
    w.write_record(fields).unwrap();
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn col(name: &str) -> usize {
    CSV_HEADERS.iter().position(|h| *h == name).unwrap()
}

/// A line of the fixture: text, or raw bytes that are not text in any encoding.
enum Line {
    Text(String),
    Junk(Vec<u8>),
}

struct Fixture {
    lines: Vec<Line>,
    good: usize,
    /// (row, column, a word the reason must contain)
    bad: Vec<(u64, &'static str, &'static str)>,
    rows: Vec<(Holder, Vec<Certificate>)>,
}

fn fixture() -> Fixture {
    let rows = roster::generate(12, 42, today());
    let mut lines = vec![Line::Text(csv_line(&CSV_HEADERS.iter().map(|s| s.to_string()).collect::<Vec<_>>()))];
    let mut good = 0;
    let mut all: Vec<[String; 18]> = Vec::new();
    for (h, certs) in &rows {
        for c in certs {
            all.push(csv_fields(h, c));
        }
    }
    let mut bad = Vec::new();
    let row_no = |lines: &Vec<Line>| lines.len() as u64 + 1;
    for (i, f) in all.iter().enumerate() {
        lines.push(Line::Text(csv_line(f)));
        good += 1;
        // sprinkle garbage between good rows
        let base = f.clone();
        match i {
            1 => {
                let mut b = base.clone();
                let id = &mut b[col("身份证号")];
                let last = id.pop().unwrap();
                id.push(if last == '0' { '1' } else { '0' });
                bad.push((row_no(&lines), "身份证号", "check"));
                lines.push(Line::Text(csv_line(&b)));
            }
            2 => {
                let mut b = base.clone();
                b[col("有效期起")] = "2023-02-30".into();
                bad.push((row_no(&lines), "有效期起", "not a date"));
                lines.push(Line::Text(csv_line(&b)));
            }
            3 => {
                let mut b = base.clone();
                b[col("证件类型")] = "特种作业操作证".into();
                b[col("证号")] = format!("T{}", b[col("身份证号")]);
                b[col("作业类别")] = "潜水作业".into();
                b[col("操作项目")] = "潜水作业".into();
                bad.push((row_no(&lines), "作业类别", "catalogue"));
                lines.push(Line::Text(csv_line(&b)));
            }
            4 => {
                let mut b = base.clone();
                b[col("姓名")] = "".into();
                bad.push((row_no(&lines), "姓名", "empty"));
                lines.push(Line::Text(csv_line(&b)));
            }
            5 => {
                bad.push((row_no(&lines), "列数", "fields"));
                lines.push(Line::Text("特种作业操作证,T123,张三\n".into()));
            }
            6 => {
                bad.push((row_no(&lines), "列数", "fields"));
                lines.push(Line::Junk(b"\x00\x01\xff\xfe\x80\x81junk\x00\x7f\xc3\x28\n".to_vec()));
            }
            _ => {}
        }
    }
    Fixture { lines, good, bad, rows }
}

fn write(fx: &Fixture, dir: &Path, name: &str, gb18030: bool) -> PathBuf {
    let mut out = Vec::new();
    for l in &fx.lines {
        match l {
            Line::Text(t) if gb18030 => {
                let (b, _, unmappable) = encoding_rs::GB18030.encode(t);
                assert!(!unmappable);
                out.extend_from_slice(&b);
            }
            Line::Text(t) => out.extend_from_slice(t.as_bytes()),
            Line::Junk(j) => out.extend_from_slice(j),
        }
    }
    let p = dir.join(name);
    std::fs::write(&p, out).unwrap();
    p
}

fn check_report(fx: &Fixture, rep: &ImportReport) {
    assert_eq!(rep.inserted as usize, fx.good, "{rep}");
    assert_eq!(rep.rejected_rows as usize, fx.bad.len(), "{rep}");
    for (row, column, word) in &fx.bad {
        assert!(
            rep.errors.iter().any(|e| e.row == *row && e.column.contains(column) && e.reason.contains(word)),
            "expected an error at row {row}, {column} ({word}); got:\n{rep}"
        );
    }
    // every reported error is on one of the bad rows
    for e in &rep.errors {
        assert!(fx.bad.iter().any(|b| b.0 == e.row), "unexpected {e}");
    }
}

fn check_store(fx: &Fixture, s: &Store) {
    for (h, certs) in &fx.rows {
        assert_eq!(s.holders().get(&h.id_number).unwrap().as_ref(), Some(h));
        let stored = s.holders().certificates_for(&h.id_number).unwrap();
        assert_eq!(stored.len(), certs.len());
        for c in certs {
            let got = s.holders().certificate_like(c).unwrap().expect("imported");
            assert_eq!(Certificate { id: CertId::NEW, seal_handle: [0; 8], ..got }, *c);
        }
    }
}

#[test]
fn utf8_csv_good_rows_in_bad_rows_reported() {
    let fx = fixture();
    let dir = tempfile::tempdir().unwrap();
    let p = write(&fx, dir.path(), "roster.csv", false);
    let mut s = Store::open_in_memory().unwrap();
    let rep = import_file(&mut s, &p, today(), &Catalogue::builtin()).unwrap();
    assert_eq!(rep.format, "CSV (UTF-8)");
    check_report(&fx, &rep);
    eprintln!("{rep}");
    check_store(&fx, &s);
    assert_eq!(s.holders().count().unwrap() as usize, fx.rows.len());
    // the import is audited, and the audit holds no raw ID number
    assert_eq!(s.audit().verify(), Ok(1));
    let e = &s.audit().entries(1, 1).unwrap()[0];
    assert_eq!(e.action, "roster.import");
    assert_eq!(e.detail["inserted"], fx.good as u64);
}

#[test]
fn gb18030_csv_gives_the_same_result() {
    let fx = fixture();
    let dir = tempfile::tempdir().unwrap();
    let p = write(&fx, dir.path(), "roster-gbk.csv", true);
    let mut s = Store::open_in_memory().unwrap();
    let rep = import_file(&mut s, &p, today(), &Catalogue::builtin()).unwrap();
    assert_eq!(rep.format, "CSV (GB18030)");
    check_report(&fx, &rep);
    check_store(&fx, &s);
}

#[test]
fn reimport_updates_instead_of_duplicating() {
    let fx = fixture();
    let dir = tempfile::tempdir().unwrap();
    let p = write(&fx, dir.path(), "roster.csv", false);
    let mut s = Store::open_in_memory().unwrap();
    let cat = Catalogue::builtin();
    import_file(&mut s, &p, today(), &cat).unwrap();
    let certs_before = s.holders().certificate_count().unwrap();
    let (h0, c0) = &fx.rows[0];
    let handle = s.holders().certificate_like(&c0[0]).unwrap().unwrap().seal_handle;

    let rep = import_file(&mut s, &p, today(), &cat).unwrap();
    assert_eq!((rep.inserted, rep.updated), (0, 0), "{rep}");
    assert_eq!(rep.unchanged as usize, fx.good);
    assert_eq!(s.holders().certificate_count().unwrap(), certs_before);

    // the bureau revokes one certificate; the next export says so
    let mut fx2 = fixture();
    let mut f = csv_fields(h0, &c0[0]);
    f[col("状态")] = "撤销".into(); // 30号令 art. 30
    fx2.lines[1] = Line::Text(csv_line(&f));
    let p2 = write(&fx2, dir.path(), "roster2.csv", false);
    let rep = import_file(&mut s, &p2, today(), &cat).unwrap();
    assert_eq!((rep.inserted, rep.updated), (0, 1), "{rep}");
    assert_eq!(s.holders().certificate_count().unwrap(), certs_before);
    let c = s.holders().certificate_like(&c0[0]).unwrap().unwrap();
    assert_eq!(c.standing, Standing::Revoked);
    assert_eq!(c.seal_handle, handle, "seal handle survives re-import");
    assert!(s.holders().revoked_handles().unwrap().contains(&handle));
}

#[test]
fn generated_roster_round_trips() {
    let rows = roster::generate(400, 9, today());
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("gen.csv");
    roster::write_csv(&rows, &p).unwrap();
    let mut s = Store::open_in_memory().unwrap();
    let rep = import_file(&mut s, &p, today(), &Catalogue::builtin()).unwrap();
    assert!(rep.errors.is_empty(), "{rep}");
    assert!(rep.warnings.is_empty(), "{rep}");
    let n: usize = rows.iter().map(|(_, c)| c.len()).sum();
    assert_eq!(rep.inserted as usize, n);
    let fx = Fixture { lines: vec![], good: n, bad: vec![], rows };
    check_store(&fx, &s);
}

#[test]
fn warnings_and_gender_rule() {
    let rows = roster::generate(3, 1, today());
    let (h, certs) = &rows[0];
    let mut lines = csv_line(&CSV_HEADERS.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    let mut f = csv_fields(h, &certs[0]);
    f[col("统一社会信用代码")] = "91350100M000100Y44".into(); // checksum fails
    f[col("手机号")] = "138-0013-8000".into();
    lines += &csv_line(&f);
    let mut g = csv_fields(&rows[1].0, &rows[1].1[0]);
    g[col("性别")] = if g[col("性别")] == "男" { "女" } else { "男" }.into();
    lines += &csv_line(&g);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("w.csv");
    std::fs::write(&p, lines).unwrap();
    let mut s = Store::open_in_memory().unwrap();
    let rep = import_file(&mut s, &p, today(), &Catalogue::builtin()).unwrap();
    assert_eq!(rep.inserted, 1, "{rep}");
    assert_eq!(rep.warnings.len(), 1, "{rep}");
    assert_eq!(rep.warnings[0].row, 2);
    assert_eq!(rep.warnings[0].column, "统一社会信用代码");
    assert_eq!(rep.errors.len(), 1, "{rep}");
    assert_eq!((rep.errors[0].row, rep.errors[0].column.as_str()), (3, "性别"));
    let stored = s.holders().get(&h.id_number).unwrap().unwrap();
    assert_eq!(stored.employer_code.as_deref(), Some("91350100M000100Y44"));
    assert_eq!(stored.mobile.as_deref(), Some("13800138000"));
}

fn write_xlsx(path: &Path, fx_rows: &[(Holder, Vec<Certificate>)]) -> Vec<(u64, &'static str)> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in CSV_HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let date_cols = ["初领日期", "有效期起", "有效期止", "应复审日期", "实际复审日期"];
    let mut r = 1u32;
    let mut bad = Vec::new();
    let mut n = 0;
    for (h, certs) in fx_rows {
        for cert in certs {
            let mut f = csv_fields(h, cert);
            match n {
                1 => {
                    f[col("身份证号")].replace_range(17..18, "0");
                    if f[col("身份证号")] == h.id_number {
                        f[col("身份证号")].replace_range(17..18, "1");
                    }
                    bad.push((r as u64 + 1, "身份证号"));
                }
                2 => {
                    f[col("有效期止")] = "2023-02-30".into();
                    bad.push((r as u64 + 1, "有效期止"));
                }
                3 => {
                    f[col("证件类型")] = "主要负责人".into();
                    f[col("行业类别")] = "互联网".into();
                    bad.push((r as u64 + 1, "行业类别"));
                }
                4 => {
                    f[col("姓名")] = "  ".into();
                    bad.push((r as u64 + 1, "姓名"));
                }
                _ => {}
            }
            for (c, v) in f.iter().enumerate() {
                let is_date = date_cols.contains(&CSV_HEADERS[c]);
                match (is_date, NaiveDate::parse_from_str(v, "%Y-%m-%d")) {
                    (true, Ok(d)) if n % 2 == 0 => {
                        use chrono::Datelike;
                        let x = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).unwrap();
                        ws.write_datetime_with_format(r, c as u16, &x, &date_fmt).unwrap();
                    }
                    (true, Ok(d)) if n % 3 == 0 => {
                        // a bare serial number (a date column without date formatting)
                        let serial = (d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days();
                        ws.write_number(r, c as u16, serial as f64).unwrap();
                    }
                    _ if !v.is_empty() => {
                        ws.write_string(r, c as u16, v).unwrap();
                    }
                    _ => {}
                }
            }
            r += 1;
            n += 1;
        }
    }
    wb.save(path).unwrap();
    bad
}

#[test]
fn xlsx_good_rows_in_bad_rows_reported() {
    let rows = roster::generate(10, 77, today());
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("roster.xlsx");
    let bad = write_xlsx(&p, &rows);
    let mut s = Store::open_in_memory().unwrap();
    let rep = import_file(&mut s, &p, today(), &Catalogue::builtin()).unwrap();
    assert_eq!(rep.format, "XLSX");
    let total: usize = rows.iter().map(|(_, c)| c.len()).sum();
    assert_eq!(rep.rejected_rows as usize, bad.len(), "{rep}");
    assert_eq!(rep.inserted as usize, total - bad.len(), "{rep}");
    for (row, column) in &bad {
        assert!(rep.errors.iter().any(|e| e.row == *row && e.column == *column), "expected row {row} {column}:\n{rep}");
    }
    // rows that were not spoiled are stored exactly
    let spoiled: Vec<u64> = bad.iter().map(|b| b.0).collect();
    let mut r = 2u64;
    for (h, certs) in &rows {
        for c in certs {
            if !spoiled.contains(&r) {
                let got = s.holders().certificate_like(c).unwrap().expect("imported");
                assert_eq!(Certificate { id: CertId::NEW, seal_handle: [0; 8], ..got }, *c, "row {r}");
            }
            r += 1;
        }
        let _ = h;
    }
    // re-import: no duplicates
    let rep2 = import_file(&mut s, &p, today(), &Catalogue::builtin()).unwrap();
    assert_eq!(rep2.inserted, 0);
    assert_eq!(rep2.unchanged, rep.inserted);
}

fn import_err(name: &str, bytes: &[u8]) -> ImportError {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    let mut s = Store::open_in_memory().unwrap();
    let e = import_file(&mut s, &p, today(), &Catalogue::builtin()).unwrap_err();
    assert_eq!(s.holders().certificate_count().unwrap(), 0);
    e
}

#[test]
fn garbage_files_are_clear_errors() {
    assert!(matches!(import_err("e.csv", b""), ImportError::Empty { .. }));
    assert!(matches!(import_err("e.csv", b"\n\n  \r\n"), ImportError::Empty { .. }));
    let junk: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let e = import_err("junk.csv", &junk);
    assert!(matches!(e, ImportError::NotRoster { .. }), "{e}");
    let e = import_err("wrong.csv", b"a,b,c\n1,2,3\n");
    assert!(matches!(e, ImportError::NotRoster { .. }), "{e}");
    assert!(e.to_string().contains("证件类型"), "{e}");
    let e = import_err("partial.csv", "姓名,身份证号\n张三,11010519491231002X\n".as_bytes());
    match &e {
        ImportError::MissingColumns { missing, .. } => {
            assert!(missing.contains("证号") && missing.contains("有效期止"), "{e}")
        }
        other => panic!("{other}"),
    }
    let e = import_err("junk.xlsx", &junk);
    assert!(matches!(e, ImportError::Xlsx { .. }), "{e}");
    let e = import_err("roster.pdf", b"%PDF-1.4");
    assert!(matches!(e, ImportError::Unsupported { .. }), "{e}");

    // a real workbook cut in half
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full.xlsx");
    write_xlsx(&full, &roster::generate(30, 5, today()));
    let bytes = std::fs::read(&full).unwrap();
    for cut in [bytes.len() / 2, bytes.len() - 30, 100] {
        let e = import_err("cut.xlsx", &bytes[..cut]);
        assert!(matches!(e, ImportError::Xlsx { .. }), "{e}");
    }
    // a workbook saved as .csv
    let e = import_err("wb.csv", &bytes);
    assert!(e.to_string().contains("xlsx"), "{e}");
}
