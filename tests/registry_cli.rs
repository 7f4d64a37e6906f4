//! The registry through the real `certdesk` binary: certificate identity (one holder, several
//! 特种作业操作证 with one 证号), and later the `holder` command.

mod support;

use support::{certdesk, text as out};

use chrono::{Days, Months, NaiveDate};
use std::path::{Path, PathBuf};
use std::process::Output;

fn today() -> NaiveDate {
    support::today()
}

const ID: &str = "11010519491231002X";

/// A fresh home and a roster file written next to it.
fn home_with(rows: &[String]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("h");
    let o = certdesk(&home, &["init"]);
    assert!(o.status.success(), "{}", out(&o));
    let csv = tmp.path().join("roster.csv");
    let mut text = certdesk::roster::CSV_HEADERS.join(",") + ",延期复审";
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

/// One 特种作业操作证 row, in `CSV_HEADERS` order plus 延期复审, issued a year ago.
fn special_row(category: &str, item: &str) -> String {
    let from = today() - Months::new(12);
    row_with(category, item, from, None, "")
}

/// A 特种作业操作证 row valid from `from` for 6 years, first review 3 years on, with the review
/// recorded on `reviewed` and 延期复审 `extended` (是/否/"").
fn row_with(category: &str, item: &str, from: NaiveDate, reviewed: Option<NaiveDate>, extended: &str) -> String {
    let until = from + Months::new(72) - Days::new(1);
    let review = from + Months::new(36);
    let reviewed = reviewed.map(|d| d.to_string()).unwrap_or_default();
    format!(
        "特种作业操作证,T{ID},王秀英,女,{ID},{category},{item},,{from},{from},{until},{review},{reviewed},示范市应急管理局,有效,13800138000,,,{extended}"
    )
}

fn holder_json(home: &Path) -> serde_json::Value {
    let o = certdesk(home, &["holder", ID, "--json"]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(!String::from_utf8_lossy(&o.stdout).contains(ID), "raw ID number in the output");
    serde_json::from_slice(&o.stdout).unwrap()
}

fn serial_of(o: &Output) -> u64 {
    let text = String::from_utf8_lossy(&o.stdout);
    let at = text.find("流水号 ").expect("a serial in the output") + "流水号 ".len();
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
    assert_eq!(store.holders().certificates_for(ID).unwrap().len(), 2, "the second card must not replace the first");
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
    assert_eq!(store.holders().certificate_count().unwrap(), 2);
}

/// 30号令 art. 22: a review recorded long before the 60-day window still counts; the card is
/// valid and the next review is three years after the one done (issue 6 item 2).
#[test]
fn holder_review_recorded_early_is_valid() {
    let from = today() - Months::new(36) - Days::new(10); // review was due 10 days ago
    let due = from + Months::new(36);
    let early = due - Days::new(200);
    let (_tmp, home) = home_with(&[row_with("电工作业", "低压电工作业", from, Some(early), "")]);
    let v = holder_json(&home);
    let c = &v["certificates"][0];
    assert_eq!(c["status"], "valid", "{c}");
    assert_eq!(c["usable"], true);
    assert_eq!(c["reviewed_on"], early.to_string());
    assert_eq!(c["next_review"], (due + Months::new(36)).to_string());
    // the next review falls after 有效期止: the next step is 换证 before it
    assert_eq!(c["next_step"]["step"], "renew", "{c}");
    assert_eq!(c["next_step"]["until"], (from + Months::new(72) - Days::new(1)).to_string());
    assert_eq!(v["holder"]["id_masked"], "110105********002X");

    // the text form says the same, in both languages
    let o = certdesk(&home, &["holder", ID]);
    assert!(o.status.success(), "{}", out(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("状态 status: 有效 / valid"), "{text}");
    assert!(text.contains(&format!("实际复审日期 reviewed on: {early}")), "{text}");
    assert!(!text.contains(ID), "{text}");
}

/// 30号令 art. 21: with 延期复审 the next review is six years after the one done.
#[test]
fn holder_extended_review_is_valid_with_the_next_review_in_six_years() {
    let from = today() - Months::new(36) - Days::new(10);
    let due = from + Months::new(36);
    let (_tmp, home) = home_with(&[row_with("电工作业", "高压电工作业", from, Some(due - Days::new(20)), "是")]);
    let c = &holder_json(&home)["certificates"][0];
    assert_eq!(c["status"], "valid", "{c}");
    assert_eq!(c["extended_review"], true);
    assert_eq!(c["next_review"], (due + Months::new(72)).to_string(), "{c}");
}

/// A missed review makes the card invalid (失效); the next step says retraining and a new exam.
#[test]
fn holder_overdue_is_invalid_with_the_next_step() {
    let from = today() - Months::new(36) - Days::new(10);
    let due = from + Months::new(36);
    let (_tmp, home) = home_with(&[row_with("焊接与热切割作业", "钎焊作业", from, None, "否")]);
    let c = &holder_json(&home)["certificates"][0];
    assert_eq!(c["status"], "review_overdue", "{c}");
    assert_eq!(c["usable"], false);
    assert_eq!(c["next_step"]["step"], "retrain");
    assert_eq!(c["next_step"]["reason"], "review_missed");
    assert_eq!(c["next_step"]["date"], due.to_string());
    assert_eq!(c["next_step_zh"], "已失效（未按期复审），需重新参加培训并考试");
    assert_eq!(c["status_zh"], "已失效（未按期复审）");
}

/// Print history follows the certificate (its id), newest first; the two cards of one holder
/// keep separate histories.
#[test]
fn holder_lists_print_history_per_certificate() {
    let rows = [special_row("电工作业", "低压电工作业"), special_row("焊接与热切割作业", "钎焊作业")];
    let (_tmp, home) = home_with(&rows);
    for _ in 0..2 {
        let o = certdesk(&home, &["print", &format!("T{ID}"), "--item", "钎焊作业"]);
        assert!(o.status.success(), "{}", out(&o));
    }
    let v = holder_json(&home);
    let certs = v["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 2);
    let weld = certs.iter().find(|c| c["item"] == "钎焊作业").unwrap();
    let elec = certs.iter().find(|c| c["item"] == "低压电工作业").unwrap();
    let prints = weld["prints"].as_array().unwrap();
    assert_eq!(prints.len(), 2);
    assert_eq!(prints[0]["state"], "printed");
    assert_eq!(prints[0]["serial"], "00000002", "8-digit serial, newest first");
    assert!(elec["prints"].as_array().unwrap().is_empty());
}

/// Garbage and unknown IDs: a clear error, a failing exit, no raw number echoed.
#[test]
fn holder_garbage_input() {
    let (_tmp, home) = home_with(&[special_row("电工作业", "低压电工作业")]);
    for bad in ["", "123", "11010519491231002Y", "ABCDEFGHIJKLMNOPQR", "\u{1b}[2J"] {
        let o = certdesk(&home, &["holder", bad]);
        assert!(!o.status.success(), "{bad:?} accepted");
        assert!(out(&o).contains("身份证"), "{bad:?}: {}", out(&o));
    }
    let o = certdesk(&home, &["holder", "440524188001010014"]);
    assert!(!o.status.success());
    assert!(out(&o).contains("440524********0014") && !out(&o).contains("440524188001010014"), "{}", out(&o));
}

/// `certdesk check` runs the full integrity check; a damaged file fails it with restore advice,
/// while ordinary commands open with the cheap check only.
#[test]
fn check_command_runs_the_full_check() {
    let (_tmp, home) = home_with(&[special_row("电工作业", "低压电工作业")]);
    let o = certdesk(&home, &["check"]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&o).contains("通过完整性全面检查：持证人 1 名，证件 1 张"), "{}", out(&o));
    std::fs::write(home.join("certdesk.db"), vec![0x5a; 16384]).unwrap();
    let _ = std::fs::remove_file(home.join("certdesk.db-wal"));
    let o = certdesk(&home, &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("certdesk backup"), "{}", out(&o));
}

/// Issue 13 §2, SPEC §2 and 30号令 art. 26: a provincial roster with no review columns at all
/// (状态 有效, 有效期 still running, 有效期起 more than 3 years ago) — with and without 延期复审
/// (art. 21) — imports with one warning for the file, and the holder stays valid in `holder`
/// (text and JSON) and on a printed slip's verification: review information not provided,
/// never a missed review. The year-6 step reads 延期复审（换证） (art. 22 ¶2, art. 24).
#[test]
fn review_less_rows_stay_valid_from_import_to_holder_and_verify() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("h");
    assert!(certdesk(&home, &["init"]).status.success());
    let from = today() - Months::new(66); // 5½ years ago: 有效期起 + 3 years is long past
    let until = from + Months::new(72) - Days::new(1);
    let mut text = String::from(
        "证件类型,证号,姓名,性别,身份证号,作业类别,操作项目,初领日期,有效期起,有效期止,签发机关,状态,手机号,延期复审",
    );
    for (item, ext) in [("低压电工作业", "否"), ("高压电工作业", "是")] {
        text.push_str(&format!(
            "\n特种作业操作证,T{ID},王秀英,女,{ID},电工作业,{item},{from},{from},{until},示范市应急管理局,有效,13800138000,{ext}"
        ));
    }
    text.push('\n');
    let csv = tmp.path().join("roster.csv");
    std::fs::write(&csv, text).unwrap();
    let o = certdesk(&home, &["import", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", out(&o));
    let report = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert_eq!(report.matches("no 应复审日期 or 实际复审日期 column").count(), 1, "one warning per file:\n{report}");
    assert!(report.contains("2 certificate(s)"), "{report}");

    let v = holder_json(&home);
    let certs = v["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 2);
    for c in certs {
        assert_eq!(c["status"], "valid", "{c}");
        assert_eq!(c["usable"], true);
        assert_eq!(c["review_due_recorded"], serde_json::Value::Null, "never a made-up date: {c}");
        assert_eq!(c["review_info"], "not_provided");
        assert_eq!(c["review_info_zh"], "复审信息未提供，以发证机关记录为准");
        assert_eq!(c["next_step"]["step"], "renew");
        assert_eq!(c["next_step"]["review_unknown"], true);
        assert_eq!(c["matter"], "special_renewal");
        let zh = c["next_step_zh"].as_str().unwrap();
        assert!(zh.starts_with("复审信息未提供，以发证机关记录为准；有效期届满前办理延期复审（换证）："), "{zh}");
        assert!(!zh.contains("失效"), "{zh}");
    }
    let ext = certs.iter().find(|c| c["item"] == "高压电工作业").unwrap();
    assert_eq!(ext["extended_review"], true);
    let o = certdesk(&home, &["holder", ID]);
    let t = String::from_utf8_lossy(&o.stdout);
    assert!(t.contains("复审信息 review: 复审信息未提供，以发证机关记录为准"), "{t}");
    assert!(!t.contains("应复审日期（名册）"), "no roster date was given: {t}");

    // the printed slip verifies as valid and says the same
    let o = certdesk(&home, &["print", &format!("T{ID}"), "--item", "高压电工作业"]);
    assert!(o.status.success(), "{}", out(&o));
    let payload = payload_of(&home, serial_of(&o));
    let o = certdesk(&home, &["verify", &payload]);
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(j["verdict"] == "valid" || j["verdict"] == "list_too_old", "{j}");
    assert_eq!(j["status_at_print"], "valid", "{j}");
    assert_eq!(j["review_info"], "not_provided", "{j}");
    let slip = certdesk::slip::parse_escpos(&std::fs::read(home.join("spool").join("1.bin")).unwrap()).unwrap().text();
    let flat: String = slip.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(flat.contains("复审信息：复审信息未提供，以发证机关记录为准"), "{slip}");
    assert!(flat.contains("打印时状态：有效"), "{slip}");
}
