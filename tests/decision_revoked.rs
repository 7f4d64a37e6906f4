//! 行政许可法 第六十九条第二款 (被许可人以欺骗、贿赂等不正当手段取得行政许可的，应当予以撤销) and
//! 第七十九条 (issue 15): a 准予 revoked after its 告知承诺 was found false reads 撤销 on the
//! decision row itself (migration 26), with who, when and why, on both backends; only a grant
//! standing is revoked, once; the table refuses a 撤销 without its time; `certdesk case show`
//! says it in text and JSON. (The desk's path, from the 核查's 不实 to the revocation, is
//! `tests/desk_pledge.rs`.)

mod support;

use certdesk::domain::case_time::Outcome;
use certdesk::store::cases::NewCase;
use certdesk::store::{Location, OpenCheck, Role, Store};
use certdesk_testkit::{d, pg, TestHome};
use support::certdesk;

fn at(h: u32) -> chrono::NaiveDateTime {
    d(2026, 11, 23).and_hms_opt(h, 0, 0).unwrap()
}

fn stores(tag: &str) -> Vec<(tempfile::TempDir, Location, Store)> {
    let mut out = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    let lite = Location::Sqlite(dir.path().join("certdesk.db"));
    let s = Store::open_at(&lite, OpenCheck::Skip).unwrap();
    out.push((dir, lite, s));
    if let Some(url) = pg::fresh_url(tag) {
        let loc = Location::Postgres(url);
        let s = Store::open_at(&loc, OpenCheck::Skip).unwrap();
        out.push((tempfile::tempdir().unwrap(), loc, s));
    }
    out
}

/// One statement straight to the database, past the store (as a hand in a SQL shell would).
fn raw(loc: &Location, sql: &str) -> Result<(), String> {
    match loc {
        Location::Sqlite(p) => rusqlite::Connection::open(p).unwrap().execute_batch(sql).map_err(|e| e.to_string()),
        Location::Postgres(url) => pg::connect(url).unwrap().batch_execute(sql).map_err(|e| e.to_string()),
    }
}

fn outcome_column(loc: &Location, case: i64) -> String {
    let sql = format!("SELECT outcome FROM case_decisions WHERE case_id = {case}");
    match loc {
        Location::Sqlite(p) => rusqlite::Connection::open(p).unwrap().query_row(&sql, [], |r| r.get(0)).unwrap(),
        Location::Postgres(url) => pg::connect(url).unwrap().query_one(sql.as_str(), &[]).unwrap().get(0),
    }
}

fn case(s: &Store, outcome: Option<Outcome>) -> i64 {
    let c = s
        .cases()
        .open(&NewCase { matter: "special_issue", materials: vec!["photo".into()], owner: "0001", ticket: None }, at(9))
        .unwrap();
    if let Some(o) = outcome {
        let reasons = if o == Outcome::Deny { "培训学时不足" } else { "" };
        s.cases().record_decision(c.id, o, reasons, d(2026, 11, 23), Some(d(2026, 12, 7)), "0001", at(10)).unwrap();
    }
    c.id
}

#[test]
fn a_revoked_grant_reads_revoked_with_who_when_and_why_on_both_backends_art_69() {
    for (_keep, loc, s) in stores("decision_revoked") {
        let b = format!("{loc:?}");
        s.staff().add("0001", "张敏", "111111", Role::Clerk).unwrap();
        s.staff().add("0007", "王强", "777777", Role::Supervisor).unwrap();
        let granted = case(&s, Some(Outcome::Grant));
        s.cases().revoke_decision(granted, "0007", "健康证明系伪造", at(15)).unwrap();
        assert_eq!(outcome_column(&loc, granted), "revoked", "{b}: the row itself reads 撤销");
        let dec = s.cases().time(granted).unwrap().decision.unwrap();
        assert_eq!((dec.outcome, dec.decided_on), (Outcome::Grant, d(2026, 11, 23)), "{b}: what was decided stays");
        let r = dec.revoked.clone().unwrap();
        assert_eq!((r.by.as_str(), r.at, r.reason.as_str()), ("0007", at(15), "健康证明系伪造"), "{b}");
        assert_eq!((dec.state_code(), dec.reads_zh(), dec.reads_en()), ("revoked", "已撤销", "revoked"));
        // Once: a revoked decision is no grant any more.
        assert!(s.cases().revoke_decision(granted, "0007", "again", at(16)).is_err(), "{b}");
        // Only a grant is revoked: not a 不予许可, not a case without a decision.
        let denied = case(&s, Some(Outcome::Deny));
        assert!(s.cases().revoke_decision(denied, "0007", "x", at(15)).is_err(), "{b}");
        assert_eq!(outcome_column(&loc, denied), "deny", "{b}: left alone");
        let open = case(&s, None);
        assert!(s.cases().revoke_decision(open, "0007", "x", at(15)).is_err(), "{b}");
        // Garbage in the row: 'revoked' without its time, or an unknown outcome, is refused by
        // the table (the CHECKs migration 26 adds).
        let other = case(&s, Some(Outcome::Grant));
        let upd = |set: &str| raw(&loc, &format!("UPDATE case_decisions SET {set} WHERE case_id = {other}"));
        assert!(upd("outcome = 'revoked'").is_err(), "{b}");
        assert!(upd("outcome = 'withdrawn'").is_err(), "{b}");
        assert!(upd("revoked_at = '2026-11-23 15:00:00'").is_err(), "{b}: a 撤销 time on a standing grant");
        assert!(
            upd("outcome = 'revoked', revoked_at = '2026-11-23 15:00:00'").is_ok(),
            "{b}: the check is not all-refusing"
        );
        assert!(s.cases().time(other).unwrap().decision.unwrap().revoked.is_some(), "{b}");
    }
}

/// `certdesk case show` (text and JSON) says the decision and its 撤销.
#[test]
fn case_show_says_the_revocation_in_text_and_json() {
    let h = TestHome::new("file:spool");
    let s = h.store();
    let id = case(&s, Some(Outcome::Grant));
    let number = s.cases().get(id).unwrap().unwrap().number;
    let o = certdesk(&h.dir, &["case", "show", &number, "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((v["decision"]["outcome"].as_str(), v["decision"]["revoked"].is_null()), (Some("grant"), true), "{v}");

    s.cases().revoke_decision(id, "0001", "健康证明系伪造", at(15)).unwrap();
    drop(s);
    let o = certdesk(&h.dir, &["case", "show", &number, "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let dec = &v["decision"];
    assert_eq!((dec["outcome"].as_str(), dec["decided"].as_str()), (Some("revoked"), Some("grant")), "{v}");
    assert_eq!(
        (dec["revoked"]["by"].as_str(), dec["revoked"]["reason"].as_str()),
        (Some("0001"), Some("健康证明系伪造")),
        "{v}"
    );
    assert_eq!(dec["revoked"]["at"].as_str(), Some("2026-11-23 15:00:00"), "{v}");

    let text = |lang: &str| {
        let o = certdesk(&h.dir, &["--lang", lang, "case", "show", &number]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let zh = text("zh");
    assert!(zh.contains("许可决定：准予许可（2026-11-23，0001）"), "{zh}");
    assert!(zh.contains("已撤销：2026-11-23 15:00（0001）") && zh.contains("第六十九条第二款：健康证明系伪造"), "{zh}");
    let en = text("en");
    assert!(en.contains("Revoked: 2026-11-23 15:00 (by 0001)"), "{en}");
}
