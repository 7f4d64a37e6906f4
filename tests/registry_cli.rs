//! The registry through the real `certdesk` binary: certificate identity (one holder, several
//! 特种作业操作证 with one 证号), and later the `holder` command.

use chrono::{Days, Months, NaiveDate};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn certdesk(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_certdesk")).arg("--home").arg(home).args(args).output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

const ID: &str = "11010519491231002X";

/// A fresh home and a roster file written next to it.
fn home_with(rows: &[String]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("h");
    let o = certdesk(&home, &["init"]);
    assert!(o.status.success(), "{}", out(&o));
    let csv = tmp.path().join("roster.csv");
    let mut text = certdesk::roster::CSV_HEADERS.join(",");
    for r in rows {
        text.push('\n');
        text.push_str(r);
    }
    text.push('\n');
    std::fs::write(&csv, text).unwrap();
    let o = certdesk(&home, &["import", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", out(&o));
    (tmp, home)
}

/// One 特种作业操作证 row, in `CSV_HEADERS` order, issued a year ago.
fn special_row(category: &str, item: &str) -> String {
    let from = today() - Months::new(12);
    let until = from + Months::new(72) - Days::new(1);
    let review = from + Months::new(36);
    format!(
        "特种作业操作证,T{ID},王秀英,女,{ID},{category},{item},,{from},{from},{until},{review},,示范市应急管理局,有效,13800138000,,"
    )
}

fn serial_of(o: &Output) -> u64 {
    let text = String::from_utf8_lossy(&o.stdout);
    let at = text.find("serial ").expect("a serial in the output") + "serial ".len();
    text[at..].split_whitespace().next().unwrap().parse().unwrap()
}

fn payload_of(home: &Path, serial: u64) -> String {
    let bin = std::fs::read(home.join("spool").join(format!("{serial}.bin"))).unwrap();
    certdesk::slip::parse_escpos(&bin).unwrap().qr[0].clone()
}

/// Issue 6 item 1: a holder with 电工作业 and 焊接与热切割作业 has two cards with one 证号 (T + ID).
/// Both import, both print (the number alone is ambiguous, so `--item` chooses and the error
/// says which items exist), and each slip verifies with its own scope and its own seal handle.
#[test]
fn two_special_operation_cards_of_one_holder_import_print_and_verify() {
    let rows = [special_row("电工作业", "低压电工作业"), special_row("焊接与热切割作业", "熔化焊接与热切割作业")];
    let (_tmp, home) = home_with(&rows);
    let store = certdesk::store::Store::open(home.join("certdesk.db")).unwrap();
    assert_eq!(store.certificates_for(ID).unwrap().len(), 2, "the second card must not replace the first");
    drop(store);

    // The number alone names two certificates: a clear error listing them, nothing printed.
    let o = certdesk(&home, &["print", &format!("T{ID}")]);
    assert!(!o.status.success());
    let text = out(&o);
    assert!(text.contains("--item 低压电工作业") && text.contains("--item 熔化焊接与热切割作业"), "{text}");
    assert!(!text.contains(ID), "raw ID number in an error: {text}");

    let mut handles = Vec::new();
    for (category, item) in [("电工作业", "低压电工作业"), ("焊接与热切割作业", "熔化焊接与热切割作业")]
    {
        let o = certdesk(&home, &["print", &format!("T{ID}"), "--item", item]);
        assert!(o.status.success(), "{}", out(&o));
        let payload = payload_of(&home, serial_of(&o));
        let o = certdesk(&home, &["verify", &payload]);
        assert!(o.status.success(), "{}", out(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["verdict"], "valid");
        assert_eq!(v["category"], category);
        assert_eq!(v["item"], item);
        handles.push(v["seal_handle"].as_str().unwrap().to_string());
    }
    assert_ne!(handles[0], handles[1], "one seal handle per certificate");

    // An item the holder does not have: a clear error.
    let o = certdesk(&home, &["print", &format!("T{ID}"), "--item", "高压电工作业"]);
    assert!(!o.status.success());
    assert!(out(&o).contains("高压电工作业"), "{}", out(&o));

    // Re-import of the same roster updates nothing and duplicates nothing.
    let csv = home.parent().unwrap().join("roster.csv");
    let o = certdesk(&home, &["import", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", out(&o));
    let store = certdesk::store::Store::open(home.join("certdesk.db")).unwrap();
    assert_eq!(store.certificate_count().unwrap(), 2);
}
