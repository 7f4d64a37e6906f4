//! The desk's A4 tests' shared start (tests/desk_a4.rs, tests/desk_a4_kit.rs): a case on the
//! case screen, through the real key path.

use certdesk::app::desk::Screen;
use certdesk::app::Action;
use certdesk::domain::intake::CaseState;
use certdesk_testkit::{self as testkit, desk, Driver, STAFF};
use crossterm::event::KeyCode;
use std::time::Instant;

fn f(rt: &mut Driver, n: u8) {
    rt.key(KeyCode::F(n));
}

pub fn tick(rt: &mut Driver, code: &str, key: char) {
    let i = match &desk(rt).screen {
        Screen::Checklist { items, .. } => items.iter().position(|i| i.material == code).expect("material"),
        other => panic!("{other:?}"),
    };
    rt.dispatch(Action::Select(i), Instant::now());
    rt.type_str(&key.to_string());
    rt.settle();
}

/// A 特种作业操作证申领 case with its education proof missing, noticed (行政许可法 第三十二条),
/// on the case screen.
pub fn noticed_case(rt: &mut Driver) {
    testkit::desk_login(rt, STAFF);
    f(rt, 4);
    rt.enter();
    rt.settle();
    rt.type_str("赵六");
    rt.enter();
    rt.settle();
    f(rt, 4);
    rt.settle();
    for m in ["application", "id_card", "exam_result", "health", "photo"] {
        tick(rt, m, '1');
    }
    tick(rt, "education", '2');
    f(rt, 7);
    rt.settle();
    let Screen::Case { line } = &desk(rt).screen else { panic!("{:?} {:?}", desk(rt).screen, desk(rt).note) };
    assert_eq!(line.case.state, CaseState::Noticed);
}
