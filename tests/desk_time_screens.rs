//! A case's time under the 行政许可法 at the desk (issue 15), driven through the keys a staff
//! member presses, on a real home: the time page (T on the case), the clock stopped for 专家评审
//! across 国庆 2026 (第四十五条) and running again, the extension a supervisor approves with
//! number and PIN (第四十二条), 准予 and its delivery (第三十八条, 第四十四条), 当场更正 on the
//! checklist and 不予受理 naming the competent authority (第三十二条), and the notices owed (G on
//! the queue). Screens are kept as insta snapshots in zh-CN and en, 80x24 and 120x36.

use certdesk::app::desk::screens::case_time::TimeNote;
use certdesk::app::desk::{Note, Problem, Screen};
use certdesk::app::{Action, Target};
use certdesk::domain::case_time::TimeError;
use certdesk::domain::intake::{CaseState, Deadline, MaterialState};
use certdesk::store::Role;
use certdesk_protocol::desk::TimeDone;
use certdesk_testkit::{self as testkit, desk, Driver, TestHome, STAFF};
use chrono::NaiveDateTime;
use crossterm::event::KeyCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

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

fn keys(rt: &mut Driver, s: &str) {
    rt.type_str(s);
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

/// A movable clock for the home's station.
struct Time(Arc<Mutex<NaiveDateTime>>);

impl Time {
    fn new(at: NaiveDateTime) -> (Time, certdesk::clock::Clock) {
        let cell = Arc::new(Mutex::new(at));
        let c = cell.clone();
        (Time(cell), certdesk::clock::Clock::from_fn(move || *c.lock().unwrap()))
    }
    fn set(&self, at: NaiveDateTime) {
        *self.0.lock().unwrap() = at;
    }
}

fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    testkit::d(y, m, d).and_hms_opt(h, 0, 0).unwrap()
}

/// A new 特种作业操作证申领 case for 赵六, on its checklist.
fn new_case(rt: &mut Driver) {
    f(rt, 4);
    rt.enter();
    rt.settle();
    answer(rt, "赵六");
    f(rt, 4);
}

fn case_screen(rt: &Driver) -> &certdesk::app::desk::CaseLine {
    match &desk(rt).screen {
        Screen::Case { line } | Screen::CaseTime { line } => line,
        other => panic!("{other:?} {:?}", desk(rt).note),
    }
}

fn note(rt: &Driver) -> Option<Note> {
    desk(rt).note.clone()
}

#[test]
fn the_time_page_stops_and_resumes_the_clock_extends_grants_and_delivers() {
    let h = TestHome::new("file:spool");
    h.store().staff().add(CLERK.0, "张伟", CLERK.1, Role::Clerk).unwrap();
    let (time, clock) = Time::new(at(2026, 9, 21, 10));
    let mut rt = h.runtime_at(Target::DeskLogin, clock);
    testkit::desk_login(&mut rt, CLERK);
    new_case(&mut rt);
    for m in ["id_card", "exam_result", "health", "education", "photo"] {
        tick(&mut rt, m, '1');
    }
    // 当场更正: the application's date written wrong, corrected at the counter.
    let i = 0;
    rt.dispatch(Action::Select(i), Instant::now());
    keys(&mut rt, "5");
    answer(&mut rt, "");
    assert!(desk(&rt).prompt.is_some(), "what was corrected is asked again");
    answer(&mut rt, "申请日期笔误，当场更正");
    match &desk(&rt).screen {
        Screen::Checklist { items, .. } => {
            assert_eq!(items[0].state, MaterialState::Corrected { what: "申请日期笔误，当场更正".into() })
        }
        other => panic!("{other:?}"),
    }
    f(&mut rt, 5);
    let id = case_screen(&rt).case.id;
    assert_eq!(case_screen(&rt).case.state, CaseState::Accepted);
    keys(&mut rt, "t");
    assert!(matches!(desk(&rt).screen, Screen::CaseTime { .. }));
    shot(&mut rt, "time_page");

    // 第四十五条: expert review from Thursday 09-24; a wrong kind and a wrong length are asked again.
    time.set(at(2026, 9, 24, 9));
    f(&mut rt, 8);
    answer(&mut rt, "9");
    assert_eq!(note(&rt), Some(Note::Time(TimeNote::BadStopKind)));
    answer(&mut rt, "6");
    answer(&mut rt, "3");
    // 现场核查 does not stop this matter's clock.
    assert_eq!(
        note(&rt),
        Some(Note::Problem(Problem::Time(TimeError::KindNotAllowed(certdesk::domain::case_time::StopKind::SiteCheck))))
    );
    f(&mut rt, 8);
    answer(&mut rt, "5");
    answer(&mut rt, "十");
    assert_eq!(note(&rt), Some(Note::Time(TimeNote::BadDays)));
    answer(&mut rt, "10");
    assert_eq!(note(&rt), Some(Note::Time(TimeNote::Done(TimeDone::Stopped))));
    // Past the committed date (10-09) while stopped: shown stopped, never overdue.
    time.set(at(2026, 10, 12, 9));
    rt.key(KeyCode::Esc);
    rt.settle();
    let line = case_screen(&rt).clone();
    assert!(matches!(line.deadline, Some(Deadline::Stopped { left: 6, .. })), "{:?}", line.deadline);
    shot(&mut rt, "case_stopped");
    keys(&mut rt, "t");
    shot(&mut rt, "time_stopped");
    // The experts reported on 10-12: the clock runs again; 09-24..10-12 are not counted.
    f(&mut rt, 9);
    assert_eq!(note(&rt), Some(Note::Time(TimeNote::Done(TimeDone::Resumed))));
    let c = h.store().cases().get(id).unwrap().unwrap();
    assert_eq!(c.due_on, Some(testkit::d(2026, 10, 20)));

    // 第四十二条: the clerk cannot approve the extension; the supervisor signs on the spot.
    f(&mut rt, 7);
    answer(&mut rt, "需组织专家论证");
    answer(&mut rt, CLERK.0);
    answer(&mut rt, CLERK.1);
    assert_eq!(note(&rt), Some(Note::Problem(Problem::NotSupervisor)));
    f(&mut rt, 7);
    answer(&mut rt, "需组织专家论证");
    answer(&mut rt, STAFF.0);
    answer(&mut rt, STAFF.1);
    assert_eq!(note(&rt), Some(Note::Time(TimeNote::Done(TimeDone::Extended))));
    // 第三十八条 准予, then 第四十四条 delivery.
    f(&mut rt, 5);
    answer(&mut rt, "");
    assert_eq!(note(&rt), Some(Note::Time(TimeNote::Done(TimeDone::Granted))));
    f(&mut rt, 6);
    answer(&mut rt, "改为不予许可");
    assert_eq!(note(&rt), Some(Note::Problem(Problem::Time(TimeError::AlreadyDecided))));
    shot(&mut rt, "time_granted");
    f(&mut rt, 11);
    answer(&mut rt, "当面领取");
    assert_eq!(note(&rt), Some(Note::Time(TimeNote::Done(TimeDone::Delivered))));
    let t = case_screen(&rt).time.clone().unwrap();
    let dec = t.records.decision.unwrap();
    assert_eq!(dec.delivered, Some((testkit::d(2026, 10, 12), "当面领取".to_string())));
    assert_eq!(t.records.extension.unwrap().approved_by, STAFF.0);
}

/// 第三十二条: the queue's G lists the cases owed a one-time notice with their countdown;
/// 不予受理 asks for the competent authority after the reason.
#[test]
fn notices_owed_list_and_refusal_naming_the_authority() {
    let h = TestHome::new("file:spool");
    h.store().staff().add(CLERK.0, "张伟", CLERK.1, Role::Clerk).unwrap();
    let (time, clock) = Time::new(at(2026, 12, 2, 10));
    let mut rt = h.runtime_at(Target::DeskLogin, clock);
    testkit::desk_login(&mut rt, CLERK);
    new_case(&mut rt);
    tick(&mut rt, "application", '1');
    rt.key(KeyCode::Esc);
    rt.settle();
    rt.key(KeyCode::Esc);
    rt.settle();
    time.set(at(2026, 12, 8, 10));
    keys(&mut rt, "g");
    match &desk(&rt).screen {
        Screen::NoticesOwed { list, .. } => {
            assert_eq!(list.len(), 1);
            assert_eq!((list[0].notice_due, list[0].left), (testkit::d(2026, 12, 9), 1));
        }
        other => panic!("{other:?} {:?}", desk(&rt).note),
    }
    shot(&mut rt, "notices_owed");
    // Enter opens the case: its countdown on the case screen.
    rt.enter();
    rt.settle();
    let id = case_screen(&rt).case.id;
    assert_eq!(case_screen(&rt).time.as_ref().unwrap().notice_left, Some(1));
    shot(&mut rt, "case_notice_owed");

    // Refused: the reason, then the authority.
    f(&mut rt, 4);
    f(&mut rt, 8);
    answer(&mut rt, "危险化学品经营许可不属于本局职权");
    answer(&mut rt, "市行政审批服务局");
    assert_eq!(note(&rt), Some(Note::Decided(certdesk::app::desk::Decided::Refused)));
    assert!(matches!(desk(&rt).screen, Screen::Case { .. }));
    let t = case_screen(&rt).time.clone().unwrap();
    assert_eq!(t.records.refused_authority.as_deref(), Some("市行政审批服务局"));
    assert_eq!(h.store().cases().get(id).unwrap().unwrap().state, CaseState::Refused);

    shot(&mut rt, "case_refused_to");
    // Left untold past the fifth working day: deemed accepted when the list is next read.
    rt.key(KeyCode::Esc);
    rt.settle();
    new_case(&mut rt);
    tick(&mut rt, "application", '1');
    rt.key(KeyCode::Esc);
    rt.settle();
    rt.key(KeyCode::Esc);
    rt.settle();
    time.set(at(2026, 12, 16, 10));
    keys(&mut rt, "g");
    assert!(matches!(&desk(&rt).screen, Screen::NoticesOwed { list, .. } if list.is_empty()));
    let store = h.store();
    let n = store.audit().verify().unwrap();
    let deemed: Vec<_> = store
        .audit()
        .entries(1, n as usize)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "case.deemed_accepted")
        .collect();
    assert_eq!(deemed.len(), 1);
}
