//! 首问负责制 at the desk (issue 15; SPEC §2; 淄博 2020 措施 10): an offered hand-off that will not
//! be taken is closed in words through the keys a clerk presses — the receiver declines it (F7 on
//! 待我接收, X on the case), the offerer withdraws it (W on the case), each with a reason; an
//! empty reason is asked again. The case page offers W only to the offerer and X only to the
//! receiver, and neither when no offer waits (the case line carries the pending offer); the
//! service still refuses the receiver's withdrawal in staff words (its own sentence, not "not
//! handed to you"). The case never changes hands. On both backends: a real SQLite file and a real PostgreSQL server (`testkit::pg`,
//! required in CI). Screens kept as insta snapshots in zh-CN and en.

use certdesk::app::desk::commands::{self, Cmd};
use certdesk::app::desk::{Note, Problem, Screen};
use certdesk::app::Target;
use certdesk::store::handoff_close::HandoffClose;
use certdesk::store::{OpenCheck, Role, Store};
use certdesk_testkit::desk_keys::accepted_in_store;
use certdesk_testkit::{self as testkit, desk, fixture::Fixture, Driver, TestHome};
use crossterm::event::KeyCode;

const OFFERER: (&str, &str) = ("0002", "135790");
const RECEIVER: (&str, &str) = ("0003", "246802");

fn f(rt: &mut Driver, n: u8) {
    rt.f(n);
    rt.settle();
}

fn ch(rt: &mut Driver, c: char) {
    rt.type_str(&c.to_string());
    rt.settle();
}

/// The homes to run on: SQLite always, PostgreSQL when a server is there (required in CI).
fn homes(tag: &str) -> Vec<(&'static str, TestHome, Store)> {
    Fixture::new()
        .staff(OFFERER.0, "张伟", OFFERER.1, Role::Clerk)
        .staff(RECEIVER.0, "王芳", RECEIVER.1, Role::Clerk)
        .on_backends(tag)
        .into_iter()
        .map(|(backend, h)| {
            let s = h.home().store_with(OpenCheck::Skip).unwrap();
            (backend, h, s)
        })
        .collect()
}

/// Whether the current screen's table enables the command (what the key bar shows and the
/// keys honour).
fn enabled(rt: &Driver, cmd: Cmd) -> bool {
    commands::table(desk(rt)).iter().any(|c| c.cmd == cmd && c.enabled)
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
        let (a, b) = (accepted_in_store(&store, OFFERER.0), accepted_in_store(&store, OFFERER.0));
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
        rt.answer("");
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
            rt.answer("不属本岗");
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

        // The other offer, opened from 待我接收: the receiver's page offers X, not W (the
        // offerer's); W gives nothing, nothing changes. X declines it from the case.
        rt.key(KeyCode::Esc);
        rt.settle();
        f(&mut rt, 5);
        f(&mut rt, 6);
        open_case(&mut rt, &b.number);
        assert!(enabled(&rt, Cmd::DeclineHandOff) && !enabled(&rt, Cmd::WithdrawHandOff), "{backend}");
        ch(&mut rt, 'w');
        assert!(desk(&rt).prompt.is_none() && desk(&rt).note.is_none(), "{backend}: W is not the receiver's");
        assert!(store.cases().pending_handoff(b.id).unwrap().is_some(), "{backend}: still offered");
        if backend == "sqlite" {
            for (tag, s) in testkit::desk_screens(&mut rt, "handoff_offered_to_me", &[(80, 24), (120, 36)]) {
                insta::assert_snapshot!(format!("handoff_offered_to_me_{tag}"), s);
            }
        }
        ch(&mut rt, 'x');
        rt.answer("本周休假");
        assert_eq!(desk(&rt).note, Some(Note::HandOffClosed { declined: true }), "{backend}");
        assert!(store.cases().pending_handoff(b.id).unwrap().is_none(), "{backend}");
        assert!(!enabled(&rt, Cmd::DeclineHandOff) && !enabled(&rt, Cmd::WithdrawHandOff), "{backend}: none waits");
        f(&mut rt, 10);

        // The offerer offers it again (F9: closed, it can be), then withdraws it from its case
        // page (W), with a reason.
        testkit::desk_login(&mut rt, OFFERER);
        f(&mut rt, 5);
        open_case(&mut rt, &b.number);
        assert!(!enabled(&rt, Cmd::WithdrawHandOff), "{backend}: nothing offered yet");
        f(&mut rt, 9);
        rt.answer(RECEIVER.0);
        rt.answer("转审查岗");
        assert_eq!(desk(&rt).note, Some(Note::HandedOff), "{backend}");
        assert!(enabled(&rt, Cmd::WithdrawHandOff) && !enabled(&rt, Cmd::DeclineHandOff), "{backend}");
        if backend == "sqlite" {
            for (tag, s) in testkit::desk_screens(&mut rt, "handoff_offered_by_me", &[(80, 24), (120, 36)]) {
                insta::assert_snapshot!(format!("handoff_offered_by_me_{tag}"), s);
            }
        }
        ch(&mut rt, 'w');
        rt.answer("申请人撤回材料");
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

        // Nothing is left to withdraw: W is off the page, and pressing it records nothing.
        assert!(!enabled(&rt, Cmd::WithdrawHandOff), "{backend}");
        ch(&mut rt, 'w');
        assert!(desk(&rt).prompt.is_none(), "{backend}");
        assert_eq!(store.cases().closed_handoffs(b.id).unwrap().len(), 2, "{backend}");
    }
}

/// The service still refuses a withdrawal by anyone but the offerer (a page shown before the
/// offer changed), in its own staff words; and a decline by anyone but the receiver.
#[test]
fn only_the_offerer_withdraws_and_only_the_receiver_declines_in_the_service() {
    for (backend, h, store) in homes("desk_handoff_close_service") {
        let c = accepted_in_store(&store, OFFERER.0);
        store.cases().offer_handoff(c.id, RECEIVER.0, OFFERER.0, "转审查岗", testkit::now()).unwrap();
        drop(store);
        let desk = certdesk::service::desk::Desk::open(&h.settings()).unwrap();
        let login = |s: (&str, &str)| match desk.login(s.0, s.1).unwrap() {
            certdesk::service::desk::Login::Ok(s) => s,
            other => panic!("{backend}: {other:?}"),
        };
        let (offerer, receiver) = (login(OFFERER), login(RECEIVER));
        assert!(matches!(
            desk.withdraw_handoff(&receiver, c.id, "误点"),
            Err(certdesk::service::desk::DeskError::NotYourOffer)
        ));
        assert!(matches!(
            desk.decline_handoff(&offerer, c.id, "误点"),
            Err(certdesk::service::desk::DeskError::NoHandoffForYou)
        ));
        assert!(desk.pending_offer(c.id).unwrap().is_some(), "{backend}: still offered");
        desk.withdraw_handoff(&offerer, c.id, "申请人撤回材料").unwrap();
        assert!(desk.pending_offer(c.id).unwrap().is_none(), "{backend}");
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
