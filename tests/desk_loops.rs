//! The closed loops at the desk (issue 15), driven through the keys a clerk presses against the
//! real store and intake backend: F8 lists a bad rating at once (淄博 2020 措施 11) and the
//! callbacks of finished 办件 (围场 2023 措施 16); Enter opens a task; F6 an unanswered call with
//! the next attempt, F7 the 整改, F5 the visitor reached (satisfaction, what they said) closes
//! it. Staff-facing errors say what is wrong to the clerk. Screens kept as insta snapshots in
//! zh-CN and en.

mod support;

use certdesk::app::desk::{Note, Problem, Screen};
use certdesk::app::Target;
use certdesk::domain::intake::{AcceptKind, CaseState, FollowUpDue, Provisional, Rating};
use certdesk::domain::loops::{ContactError, LoopKind};
use certdesk::store::cases::{Acceptance, NewCase};
use certdesk::store::{Role, Store};
use certdesk_testkit::{self as testkit, desk, Driver, TestHome};
use crossterm::event::KeyCode;

const CLERK: (&str, &str) = ("0002", "135790");

fn shot(rt: &mut Driver, name: &str) {
    for (tag, s) in testkit::desk_screens(rt, name, &[(80, 24), (120, 36)]) {
        insta::assert_snapshot!(format!("{name}_{tag}"), s);
    }
}

fn f(rt: &mut Driver, n: u8) {
    rt.key(KeyCode::F(n));
    rt.settle();
}

/// Type into the open prompt and submit it.
fn answer(rt: &mut Driver, text: &str) {
    rt.type_str(text);
    rt.enter();
    rt.settle();
}

fn open_accepted(store: &Store) -> certdesk::store::cases::CaseRecord {
    let now = testkit::now();
    let c = store
        .cases()
        .open(&NewCase { matter: "special_issue", materials: vec!["photo".into()], owner: CLERK.0, ticket: None }, now)
        .unwrap();
    let acc = Acceptance {
        kind: AcceptKind::Full,
        due: testkit::d(2026, 12, 7),
        statutory_due: testkit::d(2026, 12, 21),
        provisional: Provisional { due: false, statutory: false },
        calendar_version: 0,
        pledged_materials: vec![],
    };
    store.cases().accept(c.id, &acc, CLERK.0, now).unwrap();
    c
}

/// A home with a 非常不满意 given a moment ago (follow-up due in 5 working days, reason 等候时间)
/// and a finished 办件 waiting for its callback. Returns (rated case, finished case) numbers.
fn home_with_loops() -> (TestHome, String, String) {
    let h = TestHome::new("file:spool");
    let store = h.store();
    store.staff().add(CLERK.0, "张伟", CLERK.1, Role::Clerk).unwrap();
    let now = testkit::now();
    let rated = open_accepted(&store);
    let rq = store.ratings().request(1, &rated.number, Some(rated.id), CLERK.0, now).unwrap();
    let due = FollowUpDue::firm(testkit::d(2026, 11, 30), 5);
    assert!(store.ratings().record(rq, Rating::VeryDissatisfied, Some(due), "rate-1", now).unwrap());
    store.ratings().set_reason(rq, 1, certdesk::domain::loops::BadReason::Waiting, "rate-1", now).unwrap();
    let done = open_accepted(&store);
    store
        .cases()
        .set_state(done.id, CaseState::Accepted, CaseState::Completed, Some(testkit::d(2026, 12, 3)), CLERK.0, now)
        .unwrap();
    (h, rated.number, done.number)
}

#[test]
fn a_bad_rating_is_listed_at_once_remedied_called_back_and_closed() {
    let (h, rated, done) = home_with_loops();
    let mut rt = h.runtime(Target::DeskLogin);
    testkit::desk_login(&mut rt, CLERK);
    f(&mut rt, 8);
    let Screen::Tasks { followups, callbacks, .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    // 淄博 措施 11: on the list the day it is given, 5 working days before it is due.
    assert_eq!(followups.len(), 1);
    assert_eq!(followups[0].case_number.as_deref(), Some(rated.as_str()));
    assert_eq!(callbacks.len(), 1);
    assert_eq!(callbacks[0].case_number.as_deref(), Some(done.as_str()));
    shot(&mut rt, "loops_list");

    // Enter opens the selected task (it went home before, while the bar said "回车打开").
    rt.enter();
    rt.settle();
    let Screen::Task { task } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!((task.kind, task.done), (LoopKind::Followup, false));

    // F6 not reached: a date that is no date is refused and asked again; then a note.
    f(&mut rt, 6);
    answer(&mut rt, "下周一");
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::BadDate)));
    assert!(desk(&rt).prompt.is_some(), "asked again");
    answer(&mut rt, "2026-11-24");
    answer(&mut rt, "无人接听");
    let Screen::Task { task } = &desk(&rt).screen else { panic!() };
    assert_eq!((task.contacts.len(), task.next_attempt()), (1, Some(testkit::d(2026, 11, 24))));
    assert_eq!(desk(&rt).note, Some(Note::TaskSaved { closed: false }));

    // F5 before the 整改: satisfaction out of range asked again; then the service refuses the
    // call-back with no 整改 recorded.
    f(&mut rt, 5);
    answer(&mut rt, "9");
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::Contact(ContactError::NoSatisfaction))));
    answer(&mut rt, "4");
    answer(&mut rt, "说明了情况");
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::Contact(ContactError::NoRemedy))));

    // F7 the 整改, then F5: closed.
    f(&mut rt, 7);
    answer(&mut rt, "高峰时段增开一个窗口");
    let Screen::Task { task } = &desk(&rt).screen else { panic!() };
    assert_eq!(task.remedy.as_deref(), Some("高峰时段增开一个窗口"));
    shot(&mut rt, "loops_followup_remedied");
    f(&mut rt, 5);
    answer(&mut rt, "4");
    answer(&mut rt, "对整改满意");
    let Screen::Task { task } = &desk(&rt).screen else { panic!() };
    assert!(task.done);
    assert_eq!(desk(&rt).note, Some(Note::TaskSaved { closed: true }));
    // Closed: F5-F7 are no longer offered.
    f(&mut rt, 5);
    assert!(desk(&rt).prompt.is_none());

    // Esc: the list again, the follow-up gone; the callback closes on one reached call.
    rt.key(KeyCode::Esc);
    rt.settle();
    let Screen::Tasks { followups, callbacks, .. } = &desk(&rt).screen else { panic!() };
    assert!(followups.is_empty());
    assert_eq!(callbacks.len(), 1);
    rt.enter();
    rt.settle();
    f(&mut rt, 7);
    assert!(desk(&rt).prompt.is_none(), "no 整改 on a callback");
    f(&mut rt, 5);
    answer(&mut rt, "5");
    answer(&mut rt, "很满意，无意见");
    let Screen::Task { task } = &desk(&rt).screen else { panic!() };
    assert_eq!((task.kind, task.done), (LoopKind::Callback, true));

    // Recorded for the reports: 1 of 1 called back, 1 of 1 remedied.
    let r = h.store().ratings().loop_rates(testkit::d(2026, 11, 1), testkit::d(2026, 11, 30)).unwrap();
    assert_eq!((r.callbacks.done, r.callbacks.total, r.remedies.done, r.remedies.total), (1, 1, 1, 1));
}

#[test]
fn staff_facing_errors_say_what_is_wrong_to_the_clerk() {
    let (h, rated, _) = home_with_loops();
    let mut rt = h.runtime(Target::DeskLogin);
    testkit::desk_login(&mut rt, CLERK);
    // The rated 办件, from "my cases".
    f(&mut rt, 5);
    let Screen::List { cases, .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    let i = cases.iter().position(|c| c.case.number == rated).expect("my case");
    rt.dispatch(certdesk::app::Action::Select(i), std::time::Instant::now());
    rt.enter();
    rt.settle();
    assert!(matches!(desk(&rt).screen, Screen::Case { .. }));
    // F11 on a rated 办件: said as such, not the kiosk's "请联系服务窗口".
    f(&mut rt, 11);
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::AlreadyRated)));
    // A hand-off to a staff number nobody has.
    f(&mut rt, 9);
    answer(&mut rt, "9999");
    answer(&mut rt, "请假");
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::NoSuchStaff("9999".into()))));
    shot(&mut rt, "loops_handoff_unknown_staff");
    for lang in [certdesk::config::Lang::Zh, certdesk::config::Lang::En] {
        for p in [Problem::AlreadyRated, Problem::NoSuchStaff("9999".into()), Problem::Service] {
            let s = certdesk::app::desk::strings::problem(lang, &p);
            assert!(!s.contains("服务窗口") && !s.contains("service window"), "{s}");
        }
    }
    let s = certdesk::app::desk::strings::problem(certdesk::config::Lang::Zh, &Problem::NoSuchStaff("9999".into()));
    assert!(s.contains("9999"), "{s}");
}

/// 首问负责制 to the end: a hand-off waits until the receiver takes it from "待我接收", and the
/// first owner still finds the case under "我首问的" wherever it is.
#[test]
fn a_hand_off_waits_for_the_receiver_and_the_first_owner_keeps_sight() {
    let (h, rated, _) = home_with_loops();
    h.store().staff().add("0003", "王芳", "246802", Role::Clerk).unwrap();
    let mut rt = h.runtime(Target::DeskLogin);
    testkit::desk_login(&mut rt, CLERK);
    f(&mut rt, 5);
    let Screen::List { cases, .. } = &desk(&rt).screen else { panic!() };
    let i = cases.iter().position(|c| c.case.number == rated).unwrap();
    rt.dispatch(certdesk::app::Action::Select(i), std::time::Instant::now());
    rt.enter();
    rt.settle();
    f(&mut rt, 9);
    answer(&mut rt, "0003");
    answer(&mut rt, "转审查岗");
    assert_eq!(desk(&rt).note, Some(Note::HandedOff));
    let Screen::Case { line } = &desk(&rt).screen else { panic!() };
    assert_eq!(line.case.owner, CLERK.0, "still mine until taken");
    f(&mut rt, 10); // log out

    // The receiver: F5, F6 待我接收, F4 takes the selected one.
    testkit::desk_login(&mut rt, ("0003", "246802"));
    f(&mut rt, 5);
    f(&mut rt, 6);
    let Screen::List { cases, .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(cases.iter().map(|c| c.case.number.as_str()).collect::<Vec<_>>(), [rated.as_str()]);
    shot(&mut rt, "loops_incoming");
    f(&mut rt, 4);
    assert_eq!(desk(&rt).note, Some(Note::HandOffAccepted));
    let Screen::Case { line } = &desk(&rt).screen else { panic!() };
    assert_eq!((line.case.first_owner.as_str(), line.case.owner.as_str()), (CLERK.0, "0003"));
    f(&mut rt, 10);

    // The first owner: no longer "my cases", still "我首问的".
    testkit::desk_login(&mut rt, CLERK);
    f(&mut rt, 5);
    let Screen::List { cases, .. } = &desk(&rt).screen else { panic!() };
    assert!(cases.iter().all(|c| c.case.number != rated));
    f(&mut rt, 4);
    let Screen::List { cases, .. } = &desk(&rt).screen else { panic!() };
    assert!(cases.iter().any(|c| c.case.number == rated && c.case.owner == "0003"));
    shot(&mut rt, "loops_first_received");
}

/// 首问负责制 for enquiries (淄博 2020 措施 10): Z on the queue logs a 咨询, 引导 or 转办 — who
/// asked, what, and the answer or the department referred to; garbage is asked again.
#[test]
fn enquiries_and_referrals_are_logged_from_the_queue() {
    let (h, _, _) = home_with_loops();
    let mut rt = h.runtime(Target::DeskLogin);
    testkit::desk_login(&mut rt, CLERK);
    rt.type_str("z");
    rt.settle();
    answer(&mut rt, "7");
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::EnquiryKind)));
    answer(&mut rt, "3");
    answer(&mut rt, "李先生");
    answer(&mut rt, "企业安全生产标准化评审");
    shot(&mut rt, "loops_enquiry_prompt");
    answer(&mut rt, "");
    assert_eq!(
        desk(&rt).note,
        Some(Note::Problem(Problem::Enquiry(certdesk::domain::first_contact::EnquiryError::NoDepartment)))
    );
    answer(&mut rt, "基础科");
    assert_eq!(desk(&rt).note, Some(Note::EnquiryLogged(certdesk::domain::first_contact::EnquiryKind::Transfer)));
    assert!(matches!(desk(&rt).screen, Screen::Home { .. }));
    let n = h.store().enquiry_counts(testkit::d(2026, 11, 23), testkit::d(2026, 11, 23)).unwrap();
    assert_eq!(n, [0, 0, 1]);
}
