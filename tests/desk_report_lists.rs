//! The desk's reports page shows the lists behind its counts (issue 15), through the keys: F11
//! then the 好差评 tab lists the enquiries and referrals logged in the period (首问负责制, 淄博
//! 2020 措施 10) under their counts; F6 the daily tab lists first the 办结 a supervisor let
//! through with a 容缺 pledge outstanding (flagged in the report, SPEC §2), with who approved
//! it and why. No raw ID number on the screen (the question held one: masked when logged), and
//! free text that looks like a spreadsheet formula is shown as text. On both backends: a real
//! SQLite file and a real PostgreSQL server (`testkit::pg`, required in CI).

use certdesk::app::desk::reports::ReportData;
use certdesk::app::desk::Screen;
use certdesk::app::Target;
use certdesk::domain::first_contact::{Enquiry, EnquiryKind};
use certdesk::domain::intake::CaseState;
use certdesk::report::Report;
use certdesk::store::cases::NewCase;
use certdesk::store::stages::StageWrite;
use certdesk::store::{OpenCheck, Store};
use certdesk_testkit::{self as testkit, d, desk, fixture::Fixture, Driver, TestHome, ID, STAFF};
use crossterm::event::KeyCode;

fn at(m: u32, day: u32, h: u32) -> chrono::NaiveDateTime {
    d(2026, m, day).and_hms_opt(h, 0, 0).unwrap()
}

fn key(rt: &mut Driver, k: KeyCode) {
    rt.key(k);
    rt.settle();
}

fn data(rt: &Driver) -> ReportData {
    match &desk(rt).screen {
        Screen::Reports(v) => v.data.clone().expect("the report arrived"),
        other => panic!("not the reports page: {other:?}"),
    }
}

/// A case completed over its pledge by supervisor 0001's override, and three enquiries (one
/// before the period's 30 days).
fn seed(store: &Store) -> String {
    let c = store
        .cases()
        .open(
            &NewCase { matter: "special_issue", materials: vec!["photo".into()], owner: STAFF.0, ticket: None },
            at(11, 2, 9),
        )
        .unwrap();
    let w = StageWrite {
        from: CaseState::Registered,
        to: CaseState::Completed,
        callback_due: Some(d(2026, 11, 20)),
        note: "",
        overridden: Some((STAFF.0, "申请人书面承诺三日内补交体检表")),
    };
    store.cases().move_stage(c.id, &w, STAFF.0, at(11, 10, 15)).unwrap();
    let q = |kind, visitor: &str, department: &str, when| {
        let e = Enquiry {
            kind,
            visitor: visitor.into(),
            question: format!("复审要带什么？身份证{ID}"),
            answer: "身份证和原证".into(),
            department: department.into(),
        };
        store.log_enquiry(&e, STAFF.0, when).unwrap();
    };
    q(EnquiryKind::Consult, "张女士", "", at(11, 12, 10));
    q(EnquiryKind::Transfer, "=HYPERLINK(\"http://x\")", "执法监督科", at(11, 13, 11));
    q(EnquiryKind::Guide, "王先生", "", at(10, 1, 9)); // before the period
    c.number
}

fn homes(tag: &str) -> Vec<(&'static str, TestHome)> {
    let homes = Fixture::new().on_backends(tag);
    for (_, h) in &homes {
        seed(&h.home().store_with(OpenCheck::Skip).unwrap());
    }
    homes
}

#[test]
fn the_reports_page_lists_the_enquiries_and_the_overridden_completions() {
    for (backend, h) in homes("desk_report_lists") {
        let mut rt = h.runtime(Target::DeskLogin);
        testkit::desk_login(&mut rt, STAFF);
        key(&mut rt, KeyCode::F(11));
        let ReportData::Report(Report::Ratings(r)) = data(&rt) else { panic!("{backend}: {:?}", data(&rt)) };
        assert_eq!(r.enquiry_list.len(), 2, "{backend}: the period's two");
        // The list is at the foot of the tab (the bad ratings above it are what staff act on).
        let s = testkit::render(desk(&rt), 120, 36);
        assert!(s.contains("首问登记（咨询、引导、转办）"), "{backend}: {s}");
        assert!(s.contains("张女士") && s.contains("转至执法监督科"), "{backend}: {s}");
        assert!(s.contains("HYPERLINK"), "{backend}: shown as text: {s}");
        assert!(!s.contains("王先生"), "{backend}: outside the period: {s}");
        assert!(!s.contains(ID), "{backend}: a raw ID number on the counter screen");
        if backend == "sqlite" {
            for (tag, s) in testkit::desk_screens(&mut rt, "reports_enquiries", &[(80, 24), (120, 36)]) {
                insta::assert_snapshot!(format!("reports_enquiries_{tag}"), s);
            }
        }

        key(&mut rt, KeyCode::F(6));
        let ReportData::Report(Report::Daily(dly)) = data(&rt) else { panic!("{backend}") };
        assert_eq!(dly.overrides.len(), 1, "{backend}");
        let s = testkit::render(desk(&rt), 120, 36);
        assert!(s.contains("容缺未补正经批准办结"), "{backend}: {s}");
        assert!(s.contains("申请人书面承诺三日内补交体检表") && s.contains("批准人 0001"), "{backend}: {s}");
        if backend == "sqlite" {
            for (tag, s) in testkit::desk_screens(&mut rt, "reports_overrides", &[(80, 24), (120, 36)]) {
                insta::assert_snapshot!(format!("reports_overrides_{tag}"), s);
            }
        }
    }
}
