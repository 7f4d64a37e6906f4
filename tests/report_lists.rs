//! The reports list, not only count (issue 15): the 容缺 stops a supervisor let through (办结
//! with a pledged material outstanding: "audited, flagged in reports", SPEC §2) under the daily
//! counts and on their own (`certdesk report overrides`); the enquiries and referrals logged
//! under 首问负责制 (淄博 2020 措施 10) beside their counts in the ratings report and on their
//! own (`certdesk report enquiries`). Through the real binary; CSV and XLSX; garbage refused;
//! free text that would start a formula is quoted and ID numbers stay masked.

mod support;

use certdesk::domain::first_contact::{Enquiry, EnquiryKind};
use certdesk::domain::intake::CaseState;
use certdesk::store::cases::NewCase;
use certdesk::store::stages::StageWrite;
use certdesk_testkit::{d, TestHome, ID};
use support::certdesk;

fn at(m: u32, day: u32, h: u32) -> chrono::NaiveDateTime {
    d(2026, m, day).and_hms_opt(h, 0, 0).unwrap()
}

fn ok(o: &std::process::Output) -> String {
    assert!(o.status.success(), "{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn seeded() -> (TestHome, String) {
    let h = TestHome::new("file:spool");
    let store = h.home().store().unwrap();
    let c = store
        .cases()
        .open(
            &NewCase { matter: "special_issue", materials: vec!["photo".into()], owner: "0001", ticket: None },
            at(11, 2, 9),
        )
        .unwrap();
    let w = StageWrite {
        from: CaseState::Registered,
        to: CaseState::Completed,
        callback_due: Some(d(2026, 11, 20)),
        note: "",
        overridden: Some(("0001", "申请人书面承诺三日内补交体检表")),
    };
    store.cases().move_stage(c.id, &w, "0001", at(11, 10, 15)).unwrap();
    let q = |kind, visitor: &str, department: &str, when| {
        let e = Enquiry {
            kind,
            visitor: visitor.into(),
            question: format!("复审要带什么？身份证{ID}"),
            answer: "身份证和原证".into(),
            department: department.into(),
        };
        store.log_enquiry(&e, "0001", when).unwrap();
    };
    q(EnquiryKind::Consult, "张女士", "", at(11, 12, 10));
    q(EnquiryKind::Transfer, "=HYPERLINK(\"http://x\")", "执法监督科", at(11, 13, 11));
    q(EnquiryKind::Guide, "王先生", "", at(10, 1, 9)); // outside the period
    (h, c.number)
}

#[test]
fn overrides_are_listed_under_the_daily_counts_and_on_their_own() {
    let (h, number) = seeded();
    let daily = ok(&certdesk(&h.dir, &["report", "daily", "--from", "2026-11-01", "--to", "2026-11-23"]));
    let tail = &daily[daily.find("容缺材料未补齐经主管放行").expect("the overrides table under the counts")..];
    let line = tail.lines().find(|l| l.contains(&number)).expect("the case is listed");
    assert!(line.contains("2026-11-10 15:00") && line.contains("登记→办结"), "{line}");
    assert!(line.contains("申请人书面承诺三日内补交体检表"), "with the reason: {line}");
    let alone = ok(&certdesk(&h.dir, &["report", "overrides", "--from", "2026-11-01", "--to", "2026-11-23"]));
    assert!(alone.starts_with('\u{feff}'), "a BOM for Excel");
    assert_eq!(alone.lines().filter(|l| l.contains(&number)).count(), 1, "{alone}");
    // Outside the period: not listed.
    let before = ok(&certdesk(&h.dir, &["report", "容缺放行", "--from", "2026-11-11", "--to", "2026-11-23"]));
    assert!(!before.contains(&number), "{before}");
}

#[test]
fn enquiries_are_listed_beside_their_counts_and_on_their_own() {
    let (h, _) = seeded();
    let ratings = ok(&certdesk(&h.dir, &["report", "ratings", "--from", "2026-11-01", "--to", "2026-11-23"]));
    let tail = &ratings[ratings.find("咨询、引导、转办明细").expect("the list beside the counts")..];
    assert!(tail.contains("张女士") && tail.contains("执法监督科"), "{tail}");
    assert!(!tail.contains("王先生"), "outside the period");
    let csv = ok(&certdesk(&h.dir, &["report", "enquiries", "--from", "2026-11-01", "--to", "2026-11-23"]));
    let rows: Vec<&str> = csv.lines().filter(|l| l.starts_with("2026-")).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(rows[0].contains("咨询") && rows[1].contains("转办"), "{rows:?}");
    assert!(!csv.contains(ID), "the ID number stays masked: {csv}");
    assert!(csv.contains("'=HYPERLINK"), "a cell that would run as a formula is quoted: {csv}");
    // Written to a file: CSV and XLSX.
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("enquiries.xlsx");
    let o = ok(&certdesk(
        &h.dir,
        &["report", "enquiries", "--from", "2026-11-01", "--to", "2026-11-23", "--out", xlsx.to_str().unwrap()],
    ));
    assert!(o.contains("2 条"), "{o}");
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"), "an XLSX (zip) file");
}

#[test]
fn garbage_is_refused_before_anything_is_written() {
    let (h, _) = seeded();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    for args in [
        vec!["report", "enquiries", "--from", "2026-13-01"],
        vec!["report", "overrides", "--from", "2026-11-23", "--to", "2026-11-01"],
        vec!["report", "enquiries", "--out", out.to_str().unwrap()],
        vec!["report", "enquirys"],
    ] {
        let o = certdesk(&h.dir, &args);
        assert!(!o.status.success(), "{args:?}");
        assert!(!String::from_utf8_lossy(&o.stderr).trim().is_empty(), "a clear error for {args:?}");
    }
    assert!(!out.exists());
}

/// The lists read the same on both backends (SQLite and PostgreSQL, required in CI).
#[test]
fn lists_read_the_same_on_both_backends() {
    use certdesk::report::Period;
    use certdesk::store::db::Location;
    use certdesk::store::{OpenCheck, Role, Store};
    let dir = tempfile::tempdir().unwrap();
    let mut locs = vec![Location::Sqlite(dir.path().join("certdesk.db"))];
    if let Some(url) = certdesk_testkit::pg::fresh_url("report_lists") {
        locs.push(Location::Postgres(url));
    }
    let mut seen = Vec::new();
    for loc in &locs {
        let store = Store::open_at(loc, OpenCheck::Skip).unwrap();
        store.staff().add("0001", "李娜", "246810", Role::Supervisor).unwrap();
        let c = store
            .cases()
            .open(
                &NewCase { matter: "special_issue", materials: vec!["photo".into()], owner: "0001", ticket: None },
                at(11, 2, 9),
            )
            .unwrap();
        let w = StageWrite {
            from: CaseState::Registered,
            to: CaseState::Completed,
            callback_due: Some(d(2026, 11, 20)),
            note: "",
            overridden: Some(("0001", "已承诺补交")),
        };
        store.cases().move_stage(c.id, &w, "0001", at(11, 10, 15)).unwrap();
        let e = Enquiry {
            kind: EnquiryKind::Transfer,
            visitor: "张女士".into(),
            question: "危化品经营许可".into(),
            answer: String::new(),
            department: "市场监管局".into(),
        };
        store.log_enquiry(&e, "0001", at(11, 12, 10)).unwrap();
        let p = Period::new(d(2026, 11, 1), d(2026, 11, 30)).unwrap();
        let o = store.override_lines(p).unwrap();
        let q = store.enquiry_lines(p).unwrap();
        assert_eq!((o.len(), q.len()), (1, 1), "{loc:?}");
        assert_eq!((o[0].supervisor.as_str(), o[0].to), ("0001", CaseState::Completed));
        assert_eq!((q[0].kind, q[0].staff_name.as_str()), (EnquiryKind::Transfer, "李娜"));
        let empty = Period::new(d(2026, 12, 1), d(2026, 12, 6)).unwrap();
        assert!(store.override_lines(empty).unwrap().is_empty() && store.enquiry_lines(empty).unwrap().is_empty());
        seen.push((o[0].clone().reason, q[0].clone().department));
    }
    seen.dedup();
    assert_eq!(seen.len(), 1, "the same lines on both backends");
}
