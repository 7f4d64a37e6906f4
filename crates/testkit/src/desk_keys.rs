//! The desk's counter steps as staff press them, through the real key path: the steps the
//! desk's screen tests (tests/desk_*.rs) share, written once.

use crate::app::desk::Screen;
use crate::app::Action;
use crate::domain::intake::CaseState;
use crate::{desk, Driver};
use crossterm::event::KeyCode;
use std::time::Instant;

/// A desk-role staff member (窗口人员) the desk tests add beside the supervisor [`crate::STAFF`]:
/// staff number and PIN.
pub const CLERK: (&str, &str) = ("0002", "135790");
/// [`CLERK`]'s name.
pub const CLERK_NAME: &str = "张伟";

/// The materials of a 特种作业操作证申领 case (`special_issue`) but the education proof.
pub const SPECIAL_ISSUE_BUT_EDUCATION: [&str; 5] = ["application", "id_card", "exam_result", "health", "photo"];

impl Driver {
    /// At the kiosk: the staff key (F12) and `who`'s staff number and PIN; waits for the answer
    /// (accepted, the runtime shows the desk).
    pub fn staff_key(&mut self, who: (&str, &str)) {
        self.key(KeyCode::F(12));
        self.type_str(who.0);
        self.enter();
        self.type_str(who.1);
        self.enter();
        self.settle();
    }

    /// Press F`n` (the answer of what it asks is not awaited: [`Driver::settle`]).
    pub fn f(&mut self, n: u8) {
        self.key(KeyCode::F(n));
    }

    /// Type `text` into the open prompt, submit it with Enter and wait for the answer.
    pub fn answer(&mut self, text: &str) {
        self.type_str(text);
        self.enter();
        self.settle();
    }

    /// On the checklist: select the material `code` and press `key` on it (`1` provided, `2`
    /// missing, `3` defective, …), then wait for the answer. Panics off the checklist or for a
    /// material the case does not list.
    pub fn tick(&mut self, code: &str, key: char) {
        let i = match &desk(self).screen {
            Screen::Checklist { items, .. } => {
                items.iter().position(|i| i.material == code).unwrap_or_else(|| panic!("no material {code}"))
            }
            other => panic!("{other:?}"),
        };
        self.dispatch(Action::Select(i), Instant::now());
        self.type_str(&key.to_string());
        self.settle();
    }

    /// From the queue, signed in: a new case of the first matter (特种作业操作证申领) for the
    /// walk-in `visitor` (F4, Enter on the first matter, the name), on its checklist.
    pub fn new_case(&mut self, visitor: &str) {
        self.f(4);
        self.enter();
        self.settle();
        self.type_str(visitor);
        self.enter();
        self.settle();
        self.f(4);
        self.settle();
        assert!(matches!(desk(self).screen, Screen::Checklist { .. }), "{:?} {:?}", desk(self).screen, desk(self).note);
    }

    /// From the queue, signed in: a [`Driver::new_case`] for 赵六 with its education proof
    /// missing, noticed (补正告知, 行政许可法 第三十二条); on the case screen. Returns the case id.
    pub fn noticed_case(&mut self) -> i64 {
        self.new_case("赵六");
        for m in SPECIAL_ISSUE_BUT_EDUCATION {
            self.tick(m, '1');
        }
        self.tick("education", '2');
        self.f(7);
        self.settle();
        let Screen::Case { line } = &desk(self).screen else { panic!("{:?} {:?}", desk(self).screen, desk(self).note) };
        assert_eq!(line.case.state, CaseState::Noticed);
        line.case.id
    }
}

impl Driver {
    /// From the queue, signed in: a [`Driver::new_case`] for 赵六 with every material provided,
    /// accepted in full (F5); on the case screen. Returns the case id.
    pub fn accepted_case(&mut self) -> i64 {
        self.new_case("赵六");
        for m in ["application", "id_card", "exam_result", "health", "education", "photo"] {
            self.tick(m, '1');
        }
        self.f(5);
        self.settle();
        let Screen::Case { line } = &desk(self).screen else { panic!("{:?} {:?}", desk(self).screen, desk(self).note) };
        assert_eq!(line.case.state, CaseState::Accepted);
        line.case.id
    }
}

/// Written straight to the store, for a test whose subject comes after it: a 特种作业操作证申领
/// case owned by `owner`, opened at [`crate::now`] and accepted in full (due 2026-12-07, the
/// statutory limit 2026-12-21).
pub fn accepted_in_store(store: &crate::store::Store, owner: &str) -> crate::store::cases::CaseRecord {
    use crate::domain::intake::{AcceptKind, Provisional};
    use crate::store::cases::{Acceptance, NewCase};
    let now = crate::now();
    let c = store
        .cases()
        .open(&NewCase { matter: "special_issue", materials: vec!["photo".into()], owner, ticket: None }, now)
        .unwrap();
    let acc = Acceptance {
        kind: AcceptKind::Full,
        due: crate::d(2026, 12, 7),
        statutory_due: crate::d(2026, 12, 21),
        provisional: Provisional { due: false, statutory: false },
        calendar_version: 0,
        pledged_materials: vec![],
    };
    store.cases().accept(c.id, &acc, owner, now).unwrap();
    c
}

/// Written straight to the store: a case of `matter` owned by `owner`, opened on `day` at 10:00
/// with every material of the matter listed, and accepted in full with its dates counted on the
/// store's calendar as the desk counts them (`intake::due_dates`).
pub fn accepted_on_calendar(
    store: &crate::store::Store,
    matters: &crate::domain::matters::Matters,
    matter: &str,
    owner: &str,
    day: chrono::NaiveDate,
) -> (crate::store::cases::CaseRecord, crate::domain::intake::Provisional) {
    use crate::domain::intake::{due_dates, AcceptKind};
    use crate::store::cases::{Acceptance, NewCase};
    let m = matters.get(matter).unwrap();
    let at = day.and_hms_opt(10, 0, 0).unwrap();
    let materials = m.materials.iter().map(|x| x.code.clone()).collect();
    let c = store.cases().open(&NewCase { matter: &m.code, materials, owner, ticket: None }, at).unwrap();
    let cal = store.calendar().get().unwrap();
    let (due, statutory_due, provisional) = due_dates(&cal, day, m).unwrap();
    let acc = Acceptance {
        kind: AcceptKind::Full,
        due,
        statutory_due,
        provisional,
        calendar_version: cal.version(),
        pledged_materials: vec![],
    };
    store.cases().accept(c.id, &acc, owner, at).unwrap();
    (c, provisional)
}
