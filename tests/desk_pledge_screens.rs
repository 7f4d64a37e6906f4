//! Pledges at the desk (issue 15, "Pledges that are real"), through the keys a clerk presses on
//! a real home: the 容缺受理承诺书 printed and its signing confirmed before the case is accepted
//! (SPEC §2 容缺受理: "signs a pledge (before acceptance)"), Esc leaving the case unaccepted; the
//! 告知承诺书 before a 告知承诺 acceptance, which opens its 事中事后核查 (SPEC §2 告知承诺); the
//! 核查 list (H on the queue) with a false finding confirmed by a supervisor's number and PIN
//! (行政许可法 第七十八条); and a 失信 mark shown on the visitor form. Screens are kept as insta
//! snapshots in zh-CN and en, 80x24 and 120x36.

use certdesk::app::desk::screens::pledge::PledgeNote;
use certdesk::app::desk::{Note, PromptKind, Screen};
use certdesk::app::{Action, Target};
use certdesk::domain::intake::{AcceptKind, CaseState};
use certdesk::domain::pledge::{DecisionConsequence, Finding, PledgeKind};
use certdesk::store::Role;
use certdesk_testkit::{self as testkit, desk, Driver, TestHome, STAFF};
use crossterm::event::KeyCode;
use std::time::Instant;

const CLERK: (&str, &str) = ("0002", "135790");
const CODE: &str = "91350100M000100Y43";

fn shot(rt: &mut Driver, name: &str) {
    for (tag, s) in testkit::desk_screens(rt, name, &[(80, 24), (120, 36)]) {
        insta::assert_snapshot!(format!("{name}_{tag}"), s);
    }
}

fn f(rt: &mut Driver, n: u8) {
    rt.key(KeyCode::F(n));
    rt.settle();
}

fn answer(rt: &mut Driver, text: &str) {
    rt.type_str(text);
    rt.enter();
    rt.settle();
}

fn tick(rt: &mut Driver, code: &str, key: char) {
    let i = match &desk(rt).screen {
        Screen::Checklist { items, .. } => items.iter().position(|i| i.material == code).expect("material"),
        other => panic!("{other:?}"),
    };
    rt.dispatch(Action::Select(i), Instant::now());
    rt.type_str(&key.to_string());
    rt.settle();
}

/// A new 特种作业操作证申领 case for 赵六 on its checklist, every material provided but
/// education, ticked with `education`.
fn new_case(rt: &mut Driver, education: char) {
    f(rt, 4);
    rt.enter();
    rt.settle();
    answer(rt, "赵六");
    f(rt, 4);
    for m in ["application", "id_card", "exam_result", "health", "photo"] {
        tick(rt, m, '1');
    }
    tick(rt, "education", education);
}

fn state(rt: &Driver) -> CaseState {
    match &desk(rt).screen {
        Screen::Case { line } => line.case.state,
        Screen::Checklist { case, .. } => case.state,
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_pledge_is_printed_and_confirmed_signed_before_acceptance() {
    let h = TestHome::new("file:spool");
    h.store().staff().add(CLERK.0, "张伟", CLERK.1, Role::Clerk).unwrap();
    let mut rt = h.runtime(Target::DeskLogin);
    testkit::desk_login(&mut rt, CLERK);

    // 容缺: F6, the date, Enter prints the 容缺受理承诺书; the prompt waits for the signed paper.
    new_case(&mut rt, '2');
    let due = (testkit::now().date() + chrono::Days::new(1)).format("%Y-%m-%d").to_string();
    f(&mut rt, 6);
    answer(&mut rt, &due);
    assert!(
        matches!(
            desk(&rt).note,
            Some(Note::Pledge(PledgeNote::Printed { kind: PledgeKind::Deficient, fault: None, .. }))
        ),
        "{:?}",
        desk(&rt).note
    );
    assert!(matches!(desk(&rt).prompt.as_ref().map(|p| &p.kind), Some(PromptKind::Pledge(_))));
    shot(&mut rt, "pledge_signed_prompt");
    // Esc: not accepted; the pledge stays on file unsigned.
    rt.key(KeyCode::Esc);
    rt.settle();
    assert_eq!(state(&rt), CaseState::Registered);
    // Again, and Enter once the paper is signed: confirmed, then accepted 容缺.
    f(&mut rt, 6);
    answer(&mut rt, &due);
    rt.enter();
    rt.settle();
    assert_eq!(state(&rt), CaseState::Accepted, "{:?}", desk(&rt).note);
    assert!(matches!(
        desk(&rt).note,
        Some(Note::Decided(certdesk::app::desk::Decided::Accepted { kind: AcceptKind::Deficient { .. }, .. }))
    ));
    let audit = h.store().audit().entries(1, 1000).unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    let (printed, signed, accepted) = (
        actions.iter().rposition(|a| *a == "pledge.printed").unwrap(),
        actions.iter().position(|a| *a == "pledge.signed").unwrap(),
        actions.iter().position(|a| *a == "case.accepted").unwrap(),
    );
    assert!(printed < signed && signed < accepted, "printed, then signed, then accepted: {actions:?}");
    assert!(audit.iter().any(|e| e.action == "pledge.signed" && e.actor == CLERK.0));

    // 告知承诺: education ticked pledged (4); F5 prints the 告知承诺书 first.
    rt.key(KeyCode::Esc);
    rt.settle();
    new_case(&mut rt, '4');
    f(&mut rt, 5);
    assert!(matches!(
        desk(&rt).note,
        Some(Note::Pledge(PledgeNote::Printed { kind: PledgeKind::Notify, fault: None, .. }))
    ));
    rt.enter();
    rt.settle();
    assert_eq!(state(&rt), CaseState::Accepted);

    // The 核查 it opened: H on the queue.
    rt.key(KeyCode::Esc);
    rt.settle();
    rt.key(KeyCode::Esc);
    rt.settle();
    assert!(matches!(desk(&rt).screen, Screen::Home { .. }), "{:?}", desk(&rt).screen);
    rt.type_str("h");
    rt.settle();
    let Screen::Checks { checks, .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(checks.len(), 1);
    shot(&mut rt, "pledge_checks");
    // 不实 by a clerk: what was found, then the supervisor's number and PIN.
    rt.type_str("2");
    rt.settle();
    answer(&mut rt, "");
    assert!(desk(&rt).prompt.is_some(), "a false finding says what was found");
    answer(&mut rt, "学历证书编号查无此证");
    answer(&mut rt, STAFF.0);
    shot(&mut rt, "pledge_check_pin");
    answer(&mut rt, STAFF.1);
    match &desk(&rt).note {
        Some(Note::Pledge(PledgeNote::Found { finding: Finding::False, decision, marked })) => {
            assert_eq!(
                (*decision, *marked),
                (DecisionConsequence::Deny, false),
                "no ID number, no code: no one to mark"
            );
        }
        other => panic!("{other:?}"),
    }
    let Screen::Checks { checks, .. } = &desk(&rt).screen else { panic!() };
    assert!(checks.is_empty());
    shot(&mut rt, "pledge_check_found");
}

#[test]
fn a_mark_shows_on_the_visitor_form() {
    let h = TestHome::new("file:spool");
    h.store().staff().add(CLERK.0, "张伟", CLERK.1, Role::Clerk).unwrap();
    let subject = certdesk::domain::credit::Subject::Enterprise(CODE.into());
    let now = testkit::now().date().and_hms_opt(8, 0, 0).unwrap();
    h.store().credit().enter(&subject, false, testkit::now().date(), "信用中国 2026-118", "", STAFF.0, now).unwrap();
    let mut rt = h.runtime(Target::DeskLogin);
    testkit::desk_login(&mut rt, CLERK);
    f(&mut rt, 4);
    rt.enter();
    rt.settle();
    rt.type_str("赵六");
    for _ in 0..4 {
        rt.key(KeyCode::Tab);
    }
    rt.type_str(CODE);
    rt.enter();
    rt.settle();
    assert!(matches!(&desk(&rt).intake_marks, Some((_, m)) if m.len() == 1), "{:?}", desk(&rt).intake_marks);
    shot(&mut rt, "intake_marked");
}

#[test]
fn marks_are_listed_entered_and_lifted_with_a_supervisors_pin() {
    let h = TestHome::new("file:spool");
    h.store().staff().add(CLERK.0, "张伟", CLERK.1, Role::Clerk).unwrap();
    let mut rt = h.runtime(Target::DeskLogin);
    testkit::desk_login(&mut rt, CLERK);
    rt.type_str("x");
    rt.settle();
    assert!(matches!(&desk(&rt).screen, Screen::Marks { marks, .. } if marks.is_empty()), "{:?}", desk(&rt).screen);
    // A: the person's ID number, the source, general, the supervisor's number and a wrong PIN.
    rt.type_str("a");
    rt.settle();
    answer(&mut rt, testkit::ID);
    answer(&mut rt, "法院失信被执行人名单");
    answer(&mut rt, "");
    answer(&mut rt, STAFF.0);
    answer(&mut rt, "000000");
    assert!(
        matches!(desk(&rt).note, Some(Note::Problem(certdesk::app::desk::Problem::NotSupervisor))),
        "{:?}",
        desk(&rt).note
    );
    rt.type_str("a");
    rt.settle();
    answer(&mut rt, testkit::ID);
    answer(&mut rt, "法院失信被执行人名单");
    answer(&mut rt, "y");
    answer(&mut rt, STAFF.0);
    answer(&mut rt, STAFF.1);
    let Screen::Marks { marks, .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(marks.len(), 1);
    assert!(marks[0].person && marks[0].serious && marks[0].entered_by == STAFF.0);
    assert!(!marks[0].shown.contains(&testkit::ID[6..14]), "masked: {}", marks[0].shown);
    shot(&mut rt, "marks");
    // L: lifted from today with a reason and the supervisor's PIN.
    rt.type_str("l");
    rt.settle();
    answer(&mut rt, "信用修复审核通过");
    answer(&mut rt, STAFF.0);
    answer(&mut rt, STAFF.1);
    let Screen::Marks { marks, .. } = &desk(&rt).screen else { panic!() };
    assert!(marks.is_empty(), "{:?}", desk(&rt).note);
    rt.type_str("v");
    rt.settle();
    let Screen::Marks { marks, lifted: true, .. } = &desk(&rt).screen else { panic!() };
    assert!(marks[0].lifted.is_some());
    for s in testkit::desk_screens(&mut rt, "marks_lifted", &[(80, 24)]) {
        assert!(!s.1.contains(testkit::ID), "raw ID number on the screen");
    }
}
