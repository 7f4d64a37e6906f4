//! Issue 15, the desk's side of the hall: the queue ticket printed when it is taken (real
//! ESC/POS bytes through the printer targets and job records), holders found by name and
//! employer, the visitor form prefilled from the registry and from an appointment, no booking in
//! the past, the 复审 intake warning (30号令 第二十二条, 第二十六条), and F12 on a standalone desk.
//! Desk screens driven through the same event path as a clerk's keys; service rules on SQLite
//! and PostgreSQL.

mod support;

use certdesk::app::desk::{Note, Screen};
use certdesk::app::Target;
use certdesk::domain::{CertKind, Gender, Holder};
use certdesk::service::desk::{Desk, DeskError, Login};
use certdesk::store::{OpenCheck, Role};
use certdesk_testkit::{self as testkit, desk, pg, Driver, TestHome, ID, STAFF};
use crossterm::event::KeyCode;
use std::path::{Path, PathBuf};

fn shot(rt: &mut Driver, name: &str) {
    for (tag, s) in testkit::desk_screens(rt, name, &[(80, 24), (120, 36)]) {
        assert!(!s.contains(ID), "{name}: a raw ID number on screen");
        insta::assert_snapshot!(format!("{name}_{tag}"), s);
    }
}

fn signed_in(h: &TestHome) -> Driver {
    let mut rt = h.runtime(Target::DeskLogin);
    testkit::desk_login(&mut rt, STAFF);
    rt
}

fn f(rt: &mut Driver, n: u8) {
    rt.key(KeyCode::F(n));
    rt.settle();
}

fn bins(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| {
            r.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "bin")).collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn f1_prints_the_queue_ticket_with_the_people_ahead() {
    let h = TestHome::new("file:spool");
    let mut rt = signed_in(&h);
    f(&mut rt, 1);
    f(&mut rt, 1);
    assert_eq!(desk(&rt).note, Some(Note::TicketTaken("A002".into())));
    let slips = bins(&h.spool().join("tickets"));
    assert_eq!(slips.len(), 2, "one ticket slip per ticket, apart from documents");
    let second = certdesk::slip::parse_escpos(&std::fs::read(&slips[1]).unwrap()).unwrap();
    assert!(second.chinese_mode, "GB18030 text");
    let text: String = second.text().split_whitespace().collect();
    for want in ["A002", "前面等候：1人", "取号时间：2026年11月23日10:00", "咨询电话："] {
        assert!(text.contains(want), "{want} in {text}");
    }
    assert!(second.lines.iter().any(|l| l.text.trim() == "A002" && l.width_mult == 2), "the number large");
    // The jobs are on record, printed, with their bytes.
    let store = h.store();
    assert!(store.print_jobs().unfinished_tickets().unwrap().is_empty());
    let job = store.print_jobs().ticket(2).unwrap().unwrap();
    assert_eq!(job.state, "printed");
    assert_eq!(job.bytes.as_deref(), Some(&std::fs::read(&slips[1]).unwrap()[..]));
}

#[test]
fn a_ticket_whose_print_fails_stands_and_its_job_is_kept() {
    // A port nobody listens on: the printer connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let h = TestHome::new(&format!("tcp://127.0.0.1:{port}"));
    let mut rt = signed_in(&h);
    f(&mut rt, 1);
    assert!(
        matches!(&desk(&rt).note, Some(Note::TicketNotPrinted { label, .. }) if label == "A001"),
        "{:?}",
        desk(&rt).note
    );
    // The visitor is in the queue all the same.
    assert!(matches!(&desk(&rt).screen, Screen::Home { queue, .. } if queue.len() == 1));
    shot(&mut rt, "hall_ticket_not_printed");
    let jobs = h.store().print_jobs().unfinished_tickets().unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].state, "failed");
    assert!(jobs[0].error.is_some());
    let bytes = jobs[0].bytes.clone().expect("the bytes are kept for a reprint");
    assert!(certdesk::slip::parse_escpos(&bytes).unwrap().text().contains("A001"));
    // `certdesk jobs list` shows it with the ticket's number.
    let out = support::bin().args(["--home"]).arg(&h.dir).args(["jobs", "list"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let line = text.lines().find(|l| l.starts_with("Q0000001")).unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("failed") && line.contains("A001"), "{line}");
    assert!(text.contains("未打印的排队号票"), "{text}");
}

#[test]
fn f12_closes_a_desk_started_on_its_own() {
    let h = TestHome::new("file:spool");
    let mut rt = signed_in(&h);
    assert!(!rt.rt.finished());
    rt.key(KeyCode::F(12));
    assert!(rt.rt.finished(), "F12 on the queue ends `certdesk desk`");
}

fn holder(id: &str, name: &str, mobile: Option<&str>, employer: Option<&str>) -> Holder {
    Holder {
        id_number: id.into(),
        name: name.into(),
        gender: Gender::Male,
        mobile: mobile.map(Into::into),
        employer: employer.map(Into::into),
        employer_code: None,
    }
}

const WANG_JIANGUO: &str = "110105194912310038";

fn seed_holders(h: &TestHome) {
    let s = h.store();
    s.holders().upsert(&holder(WANG_JIANGUO, "王建国", Some("13912345678"), Some("淄博市恒达化工有限公司"))).unwrap();
    let mut c = testkit::sample_cert(
        &format!("T{WANG_JIANGUO}"),
        CertKind::SpecialOperation,
        testkit::d(2028, 3, 1),
        Some(testkit::d(2022, 3, 1)),
    );
    c.holder_id = WANG_JIANGUO.into();
    c.name = "王建国".into();
    s.holders().upsert_certificate(&mut c).unwrap();
    s.holders().upsert(&holder("110105194912310054", "王建军", None, Some("淄博市恒达化工有限公司"))).unwrap();
}

#[test]
fn holders_are_found_by_name_and_by_employer_and_open_on_their_page() {
    let h = TestHome::new("file:spool");
    seed_holders(&h);
    let mut rt = signed_in(&h);
    rt.key(KeyCode::F(9));
    rt.type_str("王建");
    rt.enter();
    rt.settle();
    let Screen::Holders { hits, .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(hits.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(), ["王建军", "王建国"]);
    assert!(hits.iter().all(|h| h.masked_id.contains('*')));
    assert!(hits[0].cert.is_none() && hits[1].cert.is_some());
    shot(&mut rt, "hall_holders_found");
    // Enter on 王建国: the holder's page with the certificates (the registry is the source).
    rt.key(KeyCode::Down);
    rt.enter();
    rt.settle();
    let Screen::List { known: Some(k), .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(k.name, "王建国");
    assert_eq!(k.certificates.len(), 1);
    // By employer.
    rt.key(KeyCode::Esc);
    rt.key(KeyCode::F(9));
    rt.type_str("淄博市恒达");
    rt.enter();
    rt.settle();
    assert!(matches!(&desk(&rt).screen, Screen::Holders { hits, .. } if hits.len() == 2));
}

#[test]
fn the_visitor_form_takes_the_registrys_phone_and_employer_and_warns_of_a_lapsed_card() {
    let h = TestHome::new("file:spool");
    seed_holders(&h);
    let mut rt = signed_in(&h);
    f(&mut rt, 4);
    // 特种作业操作证复审 is the second matter of the built-in list.
    let codes: Vec<String> = desk(&rt).settings.matters.matters.iter().map(|m| m.code.clone()).collect();
    let i = codes.iter().position(|c| c == "special_review").unwrap();
    for _ in 0..i {
        rt.key(KeyCode::Down);
    }
    rt.enter();
    rt.settle();
    // The ID number only: name, phone and employer come from the registry.
    rt.key(KeyCode::Tab);
    rt.type_str(WANG_JIANGUO);
    rt.enter();
    rt.settle();
    let Screen::Intake { form, known: Some(Some(k)), .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(form.name, "王建国");
    assert_eq!(form.phone, "13912345678");
    assert_eq!(form.enterprise, "淄博市恒达化工有限公司");
    // Review due 2022-03-01 missed: 失效 (30号令 第二十六条); the intake says so.
    assert!(matches!(k.review, Some(certdesk::domain::review_intake::ReviewWarning::Lapsed(_))));
    let s = testkit::render(desk(&rt), 120, 36);
    assert!(s.contains("第二十六条"), "{s}");
    shot(&mut rt, "hall_review_lapsed");
}

#[test]
fn a_review_for_someone_not_in_the_registry_is_warned_as_no_card() {
    let h = TestHome::new("file:spool");
    let mut rt = signed_in(&h);
    f(&mut rt, 4);
    let codes: Vec<String> = desk(&rt).settings.matters.matters.iter().map(|m| m.code.clone()).collect();
    for _ in 0..codes.iter().position(|c| c == "special_review").unwrap() {
        rt.key(KeyCode::Down);
    }
    rt.enter();
    rt.settle();
    rt.type_str("赵六");
    rt.key(KeyCode::Tab);
    rt.type_str("110105194912310089");
    rt.enter();
    rt.settle();
    let s = testkit::render(desk(&rt), 120, 36);
    assert!(s.contains("没有特种作业操作证"), "{s}");
}

// ---- service rules on both backends --------------------------------------------------------

fn homes(tag: &str) -> Vec<(tempfile::TempDir, PathBuf)> {
    let mut locs = vec![None];
    if let Some(url) = pg::fresh_url(tag) {
        locs.push(Some(url));
    }
    locs.into_iter()
        .map(|url| {
            let tmp = tempfile::tempdir().unwrap();
            let home = tmp.path().join("home");
            std::fs::create_dir_all(&home).unwrap();
            let db = url.map(|u| format!("[paths]\ndatabase = \"{u}\"\n")).unwrap_or_default();
            let spool = tmp.path().join("spool");
            std::fs::write(
                home.join("certdesk.toml"),
                format!("{db}[printer]\ntarget = \"file:{}\"\n", spool.display()),
            )
            .unwrap();
            certdesk::home::Home::init(&home, testkit::now().date()).unwrap();
            let s = certdesk::home::Home::open(&home).unwrap().store_with(OpenCheck::Skip).unwrap();
            s.staff().add("0001", "张敏", "123456", Role::Clerk).unwrap();
            s.holders()
                .upsert(&holder(WANG_JIANGUO, "王建国", Some("13912345678"), Some("淄博市恒达化工有限公司")))
                .unwrap();
            (tmp, home)
        })
        .collect()
}

fn desk_at(home: &Path) -> (Desk, certdesk::service::desk::StaffSession) {
    let desk = Desk::open(&certdesk::settings::Settings::resolve(home, None, testkit::clock()).unwrap()).unwrap();
    let Login::Ok(who) = desk.login("0001", "123456").unwrap() else { panic!("login") };
    (desk, who)
}

/// Today is 2026-11-23 10:00 (the test clock): a slot at 09:00 today has passed.
#[test]
fn no_booking_in_the_past_on_both_backends() {
    for (_t, home) in homes("hall_booking_past") {
        let (d, who) = desk_at(&home);
        let today = testkit::now().date();
        let book =
            |day, slot: &str| d.book_appointment(&who, day, slot, "王芳", Some("13800138000"), "special_review", None);
        assert!(matches!(book(today, "09:00"), Err(DeskError::SlotPassed(_, ref s)) if s == "09:00"));
        assert!(matches!(book(today, "09:59"), Err(DeskError::SlotPassed(..))));
        assert!(matches!(book(today.pred_opt().unwrap(), "15:00"), Err(DeskError::DateInPast(_))));
        assert!(book(today, "10:30").is_ok(), "later today is fine");
        // Garbage times and dates: a clear error each, nothing booked.
        for slot in ["", "9", "25:00", "10:61", "１０:３０", "10:30; DROP TABLE", "\u{1b}[2J", "10:\n30"] {
            assert!(book(today.succ_opt().unwrap(), slot).is_err(), "{slot:?}");
        }
        assert_eq!(d.appointments_on(today).unwrap().len(), 1);
        assert!(d.appointments_on(today.succ_opt().unwrap()).unwrap().is_empty());
    }
}

/// An appointment's visitor: the case opened for their ticket starts with the name, phone and
/// employer they booked with.
#[test]
fn a_case_for_an_appointment_starts_with_the_booked_visitor_on_both_backends() {
    for (_t, home) in homes("hall_appointment_prefill") {
        let (d, who) = desk_at(&home);
        let today = testkit::now().date();
        let id =
            d.book_appointment(&who, today, "11:00", "王芳", Some("13800138000"), "special_review", Some("恒达化工"));
        let t = d.arrive(id.unwrap()).unwrap();
        let called = d.call_next(&who, 1).unwrap().unwrap();
        assert_eq!(called.label, t.label);
        let case = d.open_case(&who, "special_review", Some(t.id)).unwrap();
        let case = d.visitor_from_appointment(&who, case).unwrap();
        assert_eq!(case.visitor.name, "王芳");
        assert_eq!(case.visitor.phone.as_deref(), Some("13800138000"));
        assert_eq!(case.visitor.enterprise.as_deref(), Some("恒达化工"));
        // A walk-in's case starts empty.
        let walk_in = d.open_case(&who, "special_review", None).unwrap();
        assert_eq!(d.visitor_from_appointment(&who, walk_in).unwrap().visitor.name, "");
    }
}

/// The desk's search: a name or employer prefix finds registered holders (masked), on both
/// backends; garbage finds nothing or is refused with a clear error, never a crash.
#[test]
fn holder_search_by_name_and_employer_and_garbage_on_both_backends() {
    for (_t, home) in homes("hall_holder_search_desk") {
        let (d, _who) = desk_at(&home);
        let r = d.search("王建").unwrap();
        assert_eq!(r.holders.len(), 1);
        assert_eq!(r.holders[0].masked_id, certdesk::domain::id::mask(WANG_JIANGUO));
        assert_eq!(d.search("淄博市恒达").unwrap().holders.len(), 1);
        // A full ID number finds the holder itself, not a list.
        let r = d.search(WANG_JIANGUO).unwrap();
        assert!(r.holder.is_some() && r.holders.is_empty());
        for junk in ["%", "_", "王%", "' OR '1'='1", "\u{0}", "\u{7}\u{1b}", "🙂", "\u{10FFFF}", "   "] {
            let r = d.search(junk).unwrap();
            assert!(r.holders.is_empty() && r.cases.is_empty(), "{junk:?}");
        }
        assert!(matches!(d.search(&"王".repeat(65)), Err(DeskError::TooLong(_))));
        assert!(matches!(d.search(&"x".repeat(1 << 20)), Err(DeskError::TooLong(_))));
    }
}
