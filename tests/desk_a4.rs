//! The desk's document keys print A4 (SPEC §8, issue 16) through the real key path: the notice
//! key (F5) issues the 补正告知书 and sends it to the home's A4 target; a printer that does not
//! take it leaves the document issued, the job kept and listed, and the clerk told in staff
//! words how it is reprinted (same number, same bytes). Needs poppler-utils and fonts-noto-cjk.

mod support;

use support::a4::noticed_case;

use certdesk::app::desk::{Note, Screen};
use certdesk::app::Target;
use certdesk::domain::intake::CaseState;
use certdesk_testkit::{self as testkit, desk, Driver, TestHome, STAFF};
use crossterm::event::KeyCode;

fn f(rt: &mut Driver, n: u8) {
    rt.key(KeyCode::F(n));
}

/// Press `key` on the case screen and return the A4 document it issued (title, number, job),
/// after checking that its PDF was written and its job recorded as printed under that number.
fn printed_a4(rt: &mut Driver, h: &TestHome, key: &str) -> (String, String, u64) {
    rt.type_str(key);
    rt.settle();
    let (title, number, job) = match &desk(rt).note {
        Some(Note::PrintedA4 { title, number, job, fault: None }) => (title.clone(), number.clone(), *job),
        other => panic!("{key}: {other:?}"),
    };
    let bytes = std::fs::read(h.spool().join(format!("a4/A{job:07}.pdf"))).expect("the PDF was written");
    assert!(bytes.starts_with(b"%PDF"), "{key}: not a PDF");
    let j = h.store().documents().a4_job(job).unwrap().expect("job recorded");
    assert_eq!((j.state.as_str(), j.number.as_str()), ("printed", number.as_str()), "{key}");
    (title, number, job)
}

#[test]
fn a_notice_the_a4_printer_does_not_take_is_kept_and_reprinted() {
    let have = std::process::Command::new("pdftotext").arg("-v").output().is_ok();
    assert!(have || std::env::var_os("CI").is_none(), "poppler-utils missing under CI");
    let h = TestHome::new("file:spool");
    // The A4 target (file:spool/a4 by default) cannot be written: a file where its folder goes.
    std::fs::write(h.spool().join("a4"), b"not a folder").unwrap();
    let mut rt = h.runtime(Target::DeskLogin);
    noticed_case(&mut rt);
    rt.f(5);
    rt.settle();
    let (number, job) = match &desk(&rt).note {
        Some(Note::PrintedA4 { number, job, fault: Some(_), .. }) => (number.clone(), *job),
        other => panic!("{other:?}"),
    };
    // (No snapshot: the fault names the home's temporary folder.)
    // At 80 columns the clerk reads what happened, the job and how it is reprinted first.
    let screen = testkit::render(rt.rt.mode(), 80, 24);
    assert!(screen.contains("未打印") && screen.contains(&format!("A{job:07}")), "{screen}");
    // The clerk is told the key, not a command line.
    assert!(screen.contains("按P补打"), "{screen}");
    assert!(testkit::render(rt.rt.mode(), 200, 24).contains("P补打A4"), "the reprint key is on the bar");
    // Kept and listed.
    let list = support::text(&support::certdesk(&h.dir, &["jobs", "list"]));
    assert!(list.contains(&format!("A{job:07}")) && list.contains("failed"), "{list}");
    // The printer works again: P on the case screen sends the document issued, under its number.
    std::fs::remove_file(h.spool().join("a4")).unwrap();
    rt.type_str("p");
    rt.settle();
    match &desk(&rt).note {
        Some(Note::PrintedA4 { number: n, job: j, fault: None, .. }) => assert_eq!((n, *j), (&number, job)),
        other => panic!("{other:?}"),
    }
    // Nothing failed is left: the reprint key is off the bar and does nothing.
    assert!(!testkit::render(rt.rt.mode(), 200, 24).contains("P补打A4"));
    let before = desk(&rt).note.clone();
    rt.type_str("p");
    rt.settle();
    assert_eq!(format!("{:?}", desk(&rt).note), format!("{before:?}"));
    let pdf = h.spool().join(format!("a4/A{job:07}.pdf"));
    if have {
        let t = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
        let t: String = String::from_utf8_lossy(&t.stdout).chars().filter(|c| !c.is_whitespace()).collect();
        assert!(t.contains(&number) && t.contains("初中及以上学历证明"), "{t}");
    }
    assert!(!support::text(&support::certdesk(&h.dir, &["jobs", "list"])).contains(&format!("A{job:07}")));
}

/// An accepted case (行政许可法 第三十二条: a dated written 受理 certificate): A issues the
/// 受理通知书 on the A4 target and records its job; the documents the case cannot have yet
/// (不予受理, 延期, 特别程序, 不予许可, 送达回证) are disabled rows: off the bar, not honoured.
#[test]
fn an_accepted_case_issues_its_acceptance_notice_on_a4_and_nothing_it_cannot_have() {
    let have = std::process::Command::new("pdftotext").arg("-v").output().is_ok();
    assert!(have || std::env::var_os("CI").is_none(), "poppler-utils missing under CI");
    let h = TestHome::new("file:spool");
    let mut rt = h.runtime(Target::DeskLogin);
    testkit::desk_login(&mut rt, STAFF);
    rt.accepted_case();
    let Screen::Case { line } = &desk(&rt).screen else { panic!("{:?} {:?}", desk(&rt).screen, desk(&rt).note) };
    assert_eq!(line.case.state, CaseState::Accepted);
    let bar = testkit::render(rt.rt.mode(), 240, 24);
    assert!(bar.contains("A受理通知书"), "{bar}");
    for absent in ["R不予受理决定书", "E延期告知书", "S特别程序告知书", "N不予许可决定书", "D送达回证", "P补打A4"]
    {
        assert!(!bar.contains(absent), "{absent}: {bar}");
    }
    // A disabled row does nothing: no document, no job.
    let before = format!("{:?}", desk(&rt).note);
    for k in ["r", "e", "s", "n", "d", "p"] {
        rt.type_str(k);
        rt.settle();
        assert_eq!(format!("{:?}", desk(&rt).note), before, "key {k}");
    }
    assert!(!h.spool().join("a4").exists() || std::fs::read_dir(h.spool().join("a4")).unwrap().next().is_none());
    // Its PDF is written and its job recorded, printed, under the document's number.
    let (title, number, job) = printed_a4(&mut rt, &h, "a");
    assert!(title.contains("受理通知书"), "{title}");
    let pdf = h.spool().join(format!("a4/A{job:07}.pdf"));
    if have {
        let t = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
        let t: String = String::from_utf8_lossy(&t.stdout).chars().filter(|c| !c.is_whitespace()).collect();
        assert!(t.contains(&number) && t.contains("受理通知书"), "{t}");
    }
}

/// A refused case (行政许可法 第三十二条: a dated written 不予受理 decision): R issues the
/// 不予受理决定书 on A4; A (受理通知书) is a disabled row on it.
#[test]
fn a_refused_case_issues_its_refusal_on_a4() {
    let h = TestHome::new("file:spool");
    let mut rt = h.runtime(Target::DeskLogin);
    testkit::desk_login(&mut rt, STAFF);
    rt.new_case("赵六");
    f(&mut rt, 8);
    rt.type_str("不属于本机关职权范围");
    rt.enter();
    // Then the authority to apply to instead.
    rt.type_str("某市市场监督管理局");
    rt.enter();
    rt.settle();
    let Screen::Case { line } = &desk(&rt).screen else { panic!("{:?} {:?}", desk(&rt).screen, desk(&rt).note) };
    assert_eq!(line.case.state, CaseState::Refused);
    let bar = testkit::render(rt.rt.mode(), 240, 24);
    assert!(bar.contains("R不予受理决定书") && !bar.contains("A受理通知书"), "{bar}");
    let before = format!("{:?}", desk(&rt).note);
    rt.type_str("a");
    rt.settle();
    assert_eq!(format!("{:?}", desk(&rt).note), before, "A is not honoured on a refused case");
    let (title, _, _) = printed_a4(&mut rt, &h, "r");
    assert!(title.contains("不予受理决定书"), "{title}");
}

/// A denied case (行政许可法 第三十八条: a written 不予行政许可决定 with reasons; 第四十四条:
/// served): once the denial is recorded on the case's time page, N issues the 不予行政许可决定书
/// and D the 送达回证 on A4, each with its job recorded.
#[test]
fn a_denied_case_issues_its_denial_and_proof_of_service_on_a4() {
    let h = TestHome::new("file:spool");
    let mut rt = h.runtime(Target::DeskLogin);
    testkit::desk_login(&mut rt, STAFF);
    rt.accepted_case();
    let bar = testkit::render(rt.rt.mode(), 240, 24);
    assert!(!bar.contains("N不予许可决定书") && !bar.contains("D送达回证"), "{bar}");
    rt.type_str("t");
    rt.settle();
    f(&mut rt, 6);
    rt.type_str("体检结论不合格");
    rt.enter();
    rt.settle();
    rt.key(KeyCode::Esc);
    rt.settle();
    let Screen::Case { .. } = &desk(&rt).screen else { panic!("{:?} {:?}", desk(&rt).screen, desk(&rt).note) };
    let bar = testkit::render(rt.rt.mode(), 240, 24);
    assert!(bar.contains("N不予许可决定书") && bar.contains("D送达回证"), "{bar}");
    for (key, word) in [("n", "不予行政许可决定书"), ("d", "送达回证")] {
        let (title, _, _) = printed_a4(&mut rt, &h, key);
        assert!(title.contains(word), "{title}");
    }
}

/// A clock stop (行政许可法 第四十五条: the time of a hearing, test or expert review is not
/// counted, and the applicant is told in writing): while it runs, S issues the 特别程序告知书 on
/// A4; resumed, the row is disabled again.
#[test]
fn a_running_clock_stop_issues_the_special_procedure_notice_on_a4() {
    let h = TestHome::new("file:spool");
    let mut rt = h.runtime(Target::DeskLogin);
    testkit::desk_login(&mut rt, STAFF);
    rt.accepted_case();
    let before = format!("{:?}", desk(&rt).note);
    rt.type_str("s");
    rt.settle();
    assert_eq!(format!("{:?}", desk(&rt).note), before, "no stop: S does nothing");
    drop(rt);
    // A stop starts after the day of acceptance: two days later, the case from my cases.
    let later = testkit::now() + chrono::Duration::days(2);
    let mut rt = h.runtime_at(Target::DeskLogin, certdesk::clock::Clock::fixed(later));
    testkit::desk_login(&mut rt, STAFF);
    f(&mut rt, 5);
    rt.settle();
    rt.enter();
    rt.settle();
    rt.type_str("t");
    rt.settle();
    f(&mut rt, 8);
    rt.type_str("1");
    rt.enter();
    rt.type_str("10");
    rt.enter();
    rt.settle();
    rt.key(KeyCode::Esc);
    rt.settle();
    let Screen::Case { line } = &desk(&rt).screen else { panic!("{:?} {:?}", desk(&rt).screen, desk(&rt).note) };
    let stops = line.time.as_ref().map(|t| t.records.stops.clone());
    assert!(testkit::render(rt.rt.mode(), 240, 24).contains("S特别程序告知书"), "{stops:?} {:?}", desk(&rt).note);
    let (title, _, _) = printed_a4(&mut rt, &h, "s");
    assert!(title.contains("特别程序告知书"), "{title}");
}

/// An extension (行政许可法 第四十二条: the applicant is told the reasons of the extension): once
/// the supervisor has approved it, E issues the 延长办理期限告知书 on A4, its job recorded.
#[test]
fn an_extended_case_issues_its_extension_notice_on_a4() {
    let h = TestHome::new("file:spool");
    let mut rt = h.runtime(Target::DeskLogin);
    testkit::desk_login(&mut rt, STAFF);
    rt.accepted_case();
    assert!(!testkit::render(rt.rt.mode(), 240, 24).contains("E延期告知书"));
    rt.type_str("t");
    rt.settle();
    f(&mut rt, 7);
    for answer in ["需组织专家论证", STAFF.0, STAFF.1] {
        rt.type_str(answer);
        rt.enter();
        rt.settle();
    }
    rt.key(KeyCode::Esc);
    rt.settle();
    let Screen::Case { .. } = &desk(&rt).screen else { panic!("{:?} {:?}", desk(&rt).screen, desk(&rt).note) };
    assert!(testkit::render(rt.rt.mode(), 240, 24).contains("E延期告知书"), "{:?}", desk(&rt).note);
    let (title, _, _) = printed_a4(&mut rt, &h, "e");
    assert!(title.contains("延长办理期限告知书"), "{title}");
}
