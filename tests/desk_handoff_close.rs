//! 首问负责制 at the desk (issue 15; SPEC §2; 淄博 2020 措施 10): an offered hand-off that will not
//! be taken is closed in words through the keys a clerk presses — the receiver declines it (F7 on
//! 待我接收, X on the case), the offerer withdraws it (W on the case), each with a reason; an
//! empty reason is asked again; the receiver pressing W is told, in staff words, that only the
//! offerer withdraws it (its own sentence, not "not handed to you"). The case never changes
//! hands. On both backends: a real SQLite file and a real PostgreSQL server (`testkit::pg`,
//! required in CI). Screens kept as insta snapshots in zh-CN and en.

use certdesk::app::desk::{Note, Problem, Screen};
use certdesk::app::Target;
use certdesk::domain::intake::{AcceptKind, Provisional};
use certdesk::store::cases::{Acceptance, CaseRecord, NewCase};
use certdesk::store::handoff_close::HandoffClose;
use certdesk::store::{OpenCheck, Role, Store};
use certdesk_testkit::{self as testkit, desk, fixture::Fixture, pg, Driver, TestHome};
use crossterm::event::KeyCode;

const OFFERER: (&str, &str) = ("0002", "135790");
const RECEIVER: (&str, &str) = ("0003", "246802");

fn f(rt: &mut Driver, n: u8) {
    rt.key(KeyCode::F(n));
    rt.settle();
}

fn ch(rt: &mut Driver, c: char) {
    rt.type_str(&c.to_string());
    rt.settle();
}

/// Type into the open prompt and submit it.
fn answer(rt: &mut Driver, text: &str) {
    rt.type_str(text);
    rt.enter();
    rt.settle();
}

fn open_accepted(store: &Store) -> CaseRecord {
    let now = testkit::now();
    let c = store
        .cases()
        .open(
            &NewCase { matter: "special_issue", materials: vec!["photo".into()], owner: OFFERER.0, ticket: None },
            now,
        )
        .unwrap();
    let acc = Acceptance {
        kind: AcceptKind::Full,
        due: testkit::d(2026, 12, 7),
        statutory_due: testkit::d(2026, 12, 21),
        provisional: Provisional { due: false, statutory: false },
        calendar_version: 0,
        pledged_materials: vec![],
    };
    store.cases().accept(c.id, &acc, OFFERER.0, now).unwrap();
    c
}

/// The homes to run on: SQLite always, PostgreSQL when a server is there (required in CI).
fn homes(tag: &str) -> Vec<(&'static str, TestHome, Store)> {
    let mut v = Vec::new();
    let h = TestHome::new("file:spool");
    let s = h.store();
    v.push(("sqlite", h, s));
    if let Some(url) = pg::fresh_url(tag) {
        let h = Fixture::new()
            .config(&format!("[paths]\ndatabase = \"{url}\"\n[printer]\ntarget = \"file:spool\"\n"))
            .build();
        let s = h.home().store_with(OpenCheck::Skip).unwrap();
        v.push(("postgres", h, s));
    } else {
        assert!(!pg::required(), "PostgreSQL is required here");
    }
    for (_, _, s) in &v {
        s.staff().add(OFFERER.0, "张伟", OFFERER.1, Role::Clerk).unwrap();
        s.staff().add(RECEIVER.0, "王芳", RECEIVER.1, Role::Clerk).unwrap();
    }
    v
}

fn open_case(rt: &mut Driver, number: &str) {
    let Screen::List { cases, .. } = &desk(rt).screen else { panic!("{:?}", desk(rt).screen) };
    let i = cases.iter().position(|c| c.case.number == number).unwrap();
    rt.dispatch(certdesk::app::Action::Select(i), std::time::Instant::now());
    rt.enter();
    rt.settle();
    assert!(matches!(&desk(rt).screen, Screen::Case { line } if line.case.number == number));
}

#[test]
fn a_hand_off_is_declined_or_withdrawn_with_a_reason_through_the_keys() {
    for (backend, h, store) in homes("desk_handoff_close") {
        let now = testkit::now();
        let (a, b) = (open_accepted(&store), open_accepted(&store));
        store.cases().offer_handoff(a.id, RECEIVER.0, OFFERER.0, "转审查岗", now).unwrap();
        store.cases().offer_handoff(b.id, RECEIVER.0, OFFERER.0, "转审查岗", now).unwrap();
        let mut rt = h.runtime(Target::DeskLogin);

        // The receiver: F5, F6 待我接收, F7 declines the selected one; an empty reason is asked again.
        testkit::desk_login(&mut rt, RECEIVER);
        f(&mut rt, 5);
        f(&mut rt, 6);
        let Screen::List { cases, .. } = &desk(&rt).screen else { panic!("{backend}: {:?}", desk(&rt).screen) };
        let i = cases.iter().position(|c| c.case.number == a.number).unwrap();
        rt.dispatch(certdesk::app::Action::Select(i), std::time::Instant::now());
        f(&mut rt, 7);
        assert!(desk(&rt).prompt.is_some(), "{backend}");
        answer(&mut rt, "");
        assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::NoReason)), "{backend}");
        assert!(desk(&rt).prompt.is_some(), "{backend}: asked again");
        if backend == "sqlite" {
            rt.type_str("不属本岗");
            rt.settle();
            for (tag, s) in testkit::desk_screens(&mut rt, "handoff_decline_prompt", &[(80, 24), (120, 36)]) {
                insta::assert_snapshot!(format!("handoff_decline_prompt_{tag}"), s);
            }
            rt.enter();
            rt.settle();
        } else {
            answer(&mut rt, "不属本岗");
        }
        assert_eq!(desk(&rt).note, Some(Note::HandOffClosed { declined: true }), "{backend}");
        let Screen::Case { line } = &desk(&rt).screen else { panic!("{backend}") };
        assert_eq!(line.case.owner, OFFERER.0, "{backend}: never changed hands");
        assert!(store.cases().pending_handoff(a.id).unwrap().is_none(), "{backend}");
        let closed = store.cases().closed_handoffs(a.id).unwrap();
        assert_eq!(closed.len(), 1, "{backend}");
        assert_eq!(
            (closed[0].outcome, closed[0].close_reason.as_str()),
            (HandoffClose::Declined, "不属本岗"),
            "{backend}"
        );

        // The other offer, opened from 待我接收: W is the offerer's; the receiver is told so in
        // staff words, and nothing changes. X declines it from the case.
        rt.key(KeyCode::Esc);
        rt.settle();
        f(&mut rt, 5);
        f(&mut rt, 6);
        open_case(&mut rt, &b.number);
        ch(&mut rt, 'w');
        answer(&mut rt, "误点");
        assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::NotYourOffer)), "{backend}");
        assert!(store.cases().pending_handoff(b.id).unwrap().is_some(), "{backend}: still offered");
        if backend == "sqlite" {
            for (tag, s) in testkit::desk_screens(&mut rt, "handoff_not_your_offer", &[(80, 24), (120, 36)]) {
                insta::assert_snapshot!(format!("handoff_not_your_offer_{tag}"), s);
            }
        }
        ch(&mut rt, 'x');
        answer(&mut rt, "本周休假");
        assert_eq!(desk(&rt).note, Some(Note::HandOffClosed { declined: true }), "{backend}");
        assert!(store.cases().pending_handoff(b.id).unwrap().is_none(), "{backend}");
        f(&mut rt, 10);

        // The offerer offers it again (F9: closed, it can be), then withdraws it from its case
        // page (W), with a reason.
        testkit::desk_login(&mut rt, OFFERER);
        f(&mut rt, 5);
        open_case(&mut rt, &b.number);
        f(&mut rt, 9);
        answer(&mut rt, RECEIVER.0);
        answer(&mut rt, "转审查岗");
        assert_eq!(desk(&rt).note, Some(Note::HandedOff), "{backend}");
        ch(&mut rt, 'w');
        answer(&mut rt, "申请人撤回材料");
        assert_eq!(desk(&rt).note, Some(Note::HandOffClosed { declined: false }), "{backend}");
        if backend == "sqlite" {
            for (tag, s) in testkit::desk_screens(&mut rt, "handoff_withdrawn", &[(80, 24), (120, 36)]) {
                insta::assert_snapshot!(format!("handoff_withdrawn_{tag}"), s);
            }
        }
        assert!(store.cases().pending_handoff(b.id).unwrap().is_none(), "{backend}");
        let closed = store.cases().closed_handoffs(b.id).unwrap();
        assert_eq!(closed.len(), 2, "{backend}: declined, then withdrawn");
        assert_eq!(closed[0].outcome, HandoffClose::Declined, "{backend}");
        assert_eq!(
            (closed[1].outcome, closed[1].closed_by.as_str()),
            (HandoffClose::Withdrawn, OFFERER.0),
            "{backend}"
        );

        // Nothing is left to withdraw: the offerer pressing W again is told so, nothing recorded.
        ch(&mut rt, 'w');
        answer(&mut rt, "再撤一次");
        assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::NoHandoffForYou)), "{backend}");
        assert_eq!(store.cases().closed_handoffs(b.id).unwrap().len(), 2, "{backend}");
    }
}

/// The new sentence speaks to staff (they are the window) in both languages, and differs from
/// the receiver's "not handed to you".
#[test]
fn not_your_offer_has_its_own_staff_words() {
    use certdesk::config::Lang;
    for lang in [Lang::Zh, Lang::En] {
        let s = certdesk::app::desk::strings::problem(lang, &Problem::NotYourOffer);
        assert!(!s.contains("服务窗口") && !s.contains("service window"), "{s}");
        assert_ne!(s, certdesk::app::desk::strings::problem(lang, &Problem::NoHandoffForYou));
    }
}
