//! Issue 15, the case page's stage changes through the desk's own event path (SPEC §2 Roles:
//! every stage change is confirmed and kept in the case's history): F8 asks to confirm the move
//! with a note, Esc leaves the case where it was, Enter moves it and the history shows who, when,
//! from, to and the note; a clerk's 批准 is refused in words for staff; a 失信 mark on the
//! applicant shows on the case page. Snapshots in zh-CN and en at 80x24 and 120x36.

use certdesk::app::desk::{Note, Problem, PromptKind, Screen};
use certdesk::app::Target;
use certdesk::domain::credit::Subject;
use certdesk::domain::intake::CaseState;
use certdesk::domain::stages::StageError;
use certdesk::store::Role;
use certdesk_testkit::desk_keys::{CLERK, CLERK_NAME};
use certdesk_testkit::{self as testkit, desk, Driver, TestHome, STAFF};
use crossterm::event::KeyCode;

const CODE: &str = "91350100M000100Y43";

fn shot(rt: &mut Driver, name: &str) {
    testkit::desk_snapshots!(rt, name);
}

fn state(rt: &Driver) -> CaseState {
    let Screen::Case { line } = &desk(rt).screen else { panic!("{:?}", desk(rt).screen) };
    line.case.state
}

#[test]
fn f8_asks_to_confirm_and_the_case_keeps_its_stage_history() {
    let h = TestHome::new("file:spool");
    h.store().staff().add(CLERK.0, CLERK_NAME, CLERK.1, Role::Clerk).unwrap();
    let mut rt = h.runtime(Target::DeskLogin);
    testkit::desk_login(&mut rt, CLERK);
    let case = rt.accepted_case();

    // F8: a confirmation naming both stages; Esc leaves the case as it was.
    rt.f(8);
    assert!(matches!(desk(&rt).prompt.as_ref().map(|p| &p.kind), Some(PromptKind::Stage(_))));
    assert_eq!(desk(&rt).note, Some(Note::StageConfirm { from: CaseState::Accepted, to: CaseState::Undertaken }));
    rt.type_str("联系专家预审");
    shot(&mut rt, "stage_confirm");
    rt.key(KeyCode::Esc);
    rt.settle();
    assert!(desk(&rt).prompt.is_none());
    assert_eq!(state(&rt), CaseState::Accepted, "nothing moved without Enter");
    assert!(h.store().cases().stage_history(case).unwrap().is_empty());

    // Enter: moved, the note kept in the history shown on the case.
    rt.f(8);
    rt.type_str("联系专家预审");
    rt.enter();
    rt.settle();
    assert_eq!(state(&rt), CaseState::Undertaken);
    assert_eq!(desk(&rt).note, Some(Note::StageMoved(CaseState::Undertaken)));
    rt.f(8);
    rt.enter();
    rt.settle();
    assert_eq!(state(&rt), CaseState::Reviewed);
    let Screen::Case { line } = &desk(&rt).screen else { panic!() };
    assert_eq!(line.history.len(), 2);
    assert_eq!((line.history[0].actor.as_str(), line.history[0].note.as_str()), (CLERK.0, "联系专家预审"));

    // 批准 is a supervisor's: the clerk is told so, the case stays in 审查.
    rt.f(8);
    rt.enter();
    rt.settle();
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::Stage(StageError::NotApprover))));
    assert_eq!(state(&rt), CaseState::Reviewed);
    shot(&mut rt, "stage_refused");
}

#[test]
fn a_credit_mark_on_the_applicant_shows_on_the_case_page() {
    let h = TestHome::new("file:spool");
    h.store().staff().add(CLERK.0, CLERK_NAME, CLERK.1, Role::Clerk).unwrap();
    let mut rt = h.runtime(Target::DeskLogin);
    testkit::desk_login(&mut rt, CLERK);
    let case = rt.accepted_case();
    // At another desk: the visitor's enterprise is named, and a supervisor marks it.
    let other = certdesk::service::desk::Desk::open(&h.settings()).unwrap();
    let certdesk::service::desk::Login::Ok(sup) = other.login(STAFF.0, STAFF.1).unwrap() else { panic!("login") };
    let input = certdesk::service::desk::VisitorInput {
        name: "赵六".into(),
        credit_code: Some(CODE.into()),
        ..Default::default()
    };
    other.record_visitor(&sup, case, &input).unwrap();
    other.enter_credit_mark(&sup, &Subject::Enterprise(CODE.into()), false, None, "信用中国", "").unwrap();
    // The case page read again (recording the post address brings it back): the mark shows.
    rt.f(1);
    rt.type_str("山东省淄博市张店区人民西路1号");
    rt.enter();
    rt.settle();
    let Screen::Case { line } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(line.marks, 1);
    shot(&mut rt, "case_marked");
}
