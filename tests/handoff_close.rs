//! 首问负责制 (SPEC §2; 淄博 2020 措施 10): a hand-off waits for its receiver, and an offer that
//! will not be taken is closed in words: withdrawn by the staff member who offered it, or
//! declined by the receiver, each with a reason, on the case's record and audited. The case never
//! changed hands, so it stays with its owner and can be offered again. Through the desk's
//! service on both backends: SQLite (a real file) and PostgreSQL (a real server from
//! `testkit::pg`; required in CI). Garbage is refused and changes nothing.

use certdesk::config::Config;
use certdesk::domain::matters::Matters;
use certdesk::domain::workdays::Calendar;
use certdesk::printer::Target;
use certdesk::service::desk::{Desk, DeskError, Login, StaffSession};
use certdesk::store::db::Location;
use certdesk::store::handoff_close::HandoffClose;
use certdesk::store::{OpenCheck, Role, Store};
use certdesk_testkit::{self as testkit, pg};

fn exercise(loc: &Location, dir: &std::path::Path) {
    let store = Store::open_at(loc, OpenCheck::Skip).unwrap();
    store.staff().add("0002", "张伟", "135790", Role::Clerk).unwrap();
    store.staff().add("0003", "李娜", "246802", Role::Clerk).unwrap();
    store.staff().add("0004", "赵磊", "975310", Role::Clerk).unwrap();
    let now = testkit::now();
    let desk = Desk::new(
        store,
        &Config::default(),
        Target::File(dir.join("spool")),
        Matters::builtin(),
        Calendar::builtin(),
        certdesk::clock::Clock::from_fn(move || now),
    );
    let login = |id: &str, pin: &str| -> StaffSession {
        match desk.login(id, pin).unwrap() {
            Login::Ok(s) => s,
            other => panic!("{other:?}"),
        }
    };
    let (zhang, li, zhao) = (login("0002", "135790"), login("0003", "246802"), login("0004", "975310"));
    let st = Store::open_at(loc, OpenCheck::Skip).unwrap();
    let case = desk.open_case(&zhang, "special_issue", None).unwrap().id;

    // Nothing offered: nothing to withdraw or decline.
    assert!(matches!(desk.withdraw_handoff(&zhang, case, "不用了"), Err(DeskError::NoHandoffForYou)));
    assert!(matches!(desk.decline_handoff(&li, case, "不是我的"), Err(DeskError::NoHandoffForYou)));

    // Offered to 0003; 0003 declines it with a reason.
    desk.hand_off(&zhang, case, "0003", "转审查岗").unwrap();
    assert!(
        matches!(desk.decline_handoff(&zhao, case, "不是我的"), Err(DeskError::NoHandoffForYou)),
        "not offered to 0004"
    );
    assert!(
        matches!(desk.withdraw_handoff(&li, case, "x"), Err(DeskError::NotYourOffer)),
        "the receiver cannot withdraw"
    );
    // Garbage reasons are refused, the offer stays.
    for bad in ["", "   ", "a\u{7}b", &"因".repeat(201), "12345678901234567"] {
        assert!(desk.decline_handoff(&li, case, bad).is_err(), "{bad:?}");
    }
    assert_eq!(st.pending_handoff(case).unwrap().unwrap().to, "0003", "a refused decline changes nothing");
    desk.decline_handoff(&li, case, "本周在外核查，无法承办").unwrap();
    assert!(st.pending_handoff(case).unwrap().is_none());
    assert_eq!(st.cases().get(case).unwrap().unwrap().owner, "0002", "still the first owner's");
    assert!(desk.handoffs_waiting(&li).unwrap().is_empty());
    assert!(matches!(desk.accept_handoff(&li, case), Err(DeskError::NoHandoffForYou)), "declined: nothing to take");

    // Offered again, to 0004; 0002 takes it back before 0004 answers.
    desk.hand_off(&zhang, case, "0004", "审查岗轮换").unwrap();
    assert!(matches!(desk.withdraw_handoff(&li, case, "x"), Err(DeskError::NotYourOffer)));
    desk.withdraw_handoff(&zhang, case, "申请人要求原窗口继续办理").unwrap();
    assert!(matches!(desk.accept_handoff(&zhao, case), Err(DeskError::NoHandoffForYou)), "withdrawn: nothing to take");
    assert_eq!(st.cases().get(case).unwrap().unwrap().owner, "0002");

    // On the case's record, in order, whole.
    let closed = desk.closed_handoffs(case).unwrap();
    let seen: Vec<_> =
        closed.iter().map(|c| (c.to.as_str(), c.outcome, c.closed_by.as_str(), c.close_reason.as_str())).collect();
    assert_eq!(
        seen,
        [
            ("0003", HandoffClose::Declined, "0003", "本周在外核查，无法承办"),
            ("0004", HandoffClose::Withdrawn, "0002", "申请人要求原窗口继续办理")
        ]
    );
    assert_eq!((closed[0].reason.as_str(), closed[0].from.as_str()), ("转审查岗", "0002"));
    // A third offer is taken: the closed ones never block a new one.
    desk.hand_off(&zhang, case, "0003", "核查结束").unwrap();
    desk.accept_handoff(&li, case).unwrap();
    assert_eq!(st.cases().get(case).unwrap().unwrap().owner, "0003");

    // Audited by the staff member who closed the offer, the chain intact.
    let actions: Vec<(String, String)> =
        st.cases().events(case).unwrap().into_iter().map(|e| (e.action, e.actor)).collect();
    assert!(actions.contains(&("case.handoff_declined".into(), "0003".into())), "{actions:?}");
    assert!(actions.contains(&("case.handoff_withdrawn".into(), "0002".into())), "{actions:?}");
    st.audit().verify().unwrap();
}

#[test]
fn handoff_withdraw_and_decline_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    exercise(&Location::Sqlite(dir.path().join("certdesk.db")), dir.path());
}

#[test]
fn handoff_withdraw_and_decline_on_postgresql() {
    let Some(url) = pg::fresh_url("handoff_close") else { return };
    let dir = tempfile::tempdir().unwrap();
    exercise(&Location::Postgres(url), dir.path());
}
