//! Closed loops on both backends (issue 15): SQLite (a real file) and PostgreSQL (a real server
//! from `testkit::pg`; skipped only when none is installed, never in CI). A bad rating is on the
//! follow-up list the moment it is given, with its reason; its 整改 and 回访 close it; a finished
//! 办件's callback takes unanswered attempts and closes when the visitor is reached (围场 2023
//! 措施 16: 办理完毕后10日内逐一电话回访); the reports' 回访率, 整改率 and share of 办件 asked to rate
//! against 100% (淄博 2020 措施 11). Garbage is refused and changes nothing.

use certdesk::domain::intake::{AcceptKind, CaseState, FollowUpDue, Provisional, Rating};
use certdesk::domain::loops::{BadReason, Contact, LoopKind, Rate};
use certdesk::store::cases::{Acceptance, NewCase};
use certdesk::store::db::Location;
use certdesk::store::{OpenCheck, Role, Store};
use certdesk_testkit::{self as testkit, pg};

fn reached(s: u8, note: &str) -> Contact {
    Contact { reached: true, satisfaction: Some(s), note: note.into(), next_attempt: None }
}

fn exercise(store: &Store) {
    let now = testkit::now(); // 2026-11-23 10:00
    let d = testkit::d;
    store.staff().add("0002", "张伟", "135790", Role::Clerk).unwrap();
    let open = |owner| {
        store
            .cases()
            .open(&NewCase { matter: "special_issue", materials: vec!["photo".into()], owner, ticket: None }, now)
            .unwrap()
    };
    let accept = |id| {
        let acc = Acceptance {
            kind: AcceptKind::Full,
            due: d(2026, 12, 7),
            statutory_due: d(2026, 12, 21),
            provisional: Provisional { due: false, statutory: false },
            calendar_version: 0,
            pledged_materials: vec![],
        };
        store.cases().accept(id, &acc, "0002", now).unwrap();
    };
    let (a, b, c) = (open("0002"), open("0002"), open("0002"));
    for x in [&a, &b, &c] {
        accept(x.id);
    }

    // 淄博 措施 11: a 非常不满意 is on the list at once, although its follow-up is due in 5 working
    // days (it was invisible until its due day before), with the reason the visitor touched.
    let rq = store.ratings().request(2, &a.number, Some(a.id), "0002", now).unwrap();
    assert!(store
        .ratings()
        .record(rq, Rating::VeryDissatisfied, Some(FollowUpDue::firm(d(2026, 11, 30), 5)), "rate-2", now)
        .unwrap());
    assert!(store.ratings().set_reason(rq, 3, BadReason::Waiting, "rate-3", now).is_err(), "another counter");
    store.ratings().set_reason(rq, 2, BadReason::Waiting, "rate-2", now).unwrap();
    assert!(store.ratings().set_reason(rq, 2, BadReason::Other, "rate-2", now).is_err(), "once");
    let list = store.ratings().open_loops(LoopKind::Followup, 10).unwrap();
    assert_eq!(list.len(), 1);
    let f = &list[0];
    assert_eq!(
        (f.case_number.as_deref(), f.due, f.rating, f.reason),
        (Some(a.number.as_str()), d(2026, 11, 30), Some(1), Some(BadReason::Waiting))
    );
    assert!(f.remedy.is_none() && !f.done && f.contacts.is_empty());
    // A good rating takes no reason.
    let rq_b = store.ratings().request(2, &b.number, Some(b.id), "0002", now).unwrap();
    assert!(store.ratings().record(rq_b, Rating::Satisfied, None, "rate-2", now).unwrap());
    assert!(store.ratings().set_reason(rq_b, 2, BadReason::Attitude, "rate-2", now).is_err(), "not a bad rating");

    // Called back before the 整改: refused (the call tells the visitor what was done).
    assert!(store.ratings().record_loop_contact(LoopKind::Followup, f.id, &reached(4, "好"), "0002", now).is_err());
    // An unanswered call is kept, with the next attempt.
    let miss =
        Contact {
            reached: false, satisfaction: None, note: "无人接听".into(), next_attempt: Some(d(2026, 11, 24))
        };
    let t = store.ratings().record_loop_contact(LoopKind::Followup, f.id, &miss, "0002", now).unwrap();
    assert_eq!((t.contacts.len(), t.next_attempt(), t.done), (1, Some(d(2026, 11, 24)), false));
    // The 整改: garbage refused; an ID number in it is kept masked (SPEC §6).
    for bad in ["", "  ", "a\u{7}b", "改".repeat(501).as_str()] {
        assert!(store.ratings().record_remedy(f.id, bad, "0002", now).is_err(), "{bad:?}");
    }
    let t = store.ratings().record_remedy(f.id, &format!("增设叫号提醒，告知{}", testkit::ID), "0002", now).unwrap();
    let remedy = t.remedy.clone().unwrap();
    assert!(remedy.starts_with("增设叫号提醒") && !remedy.contains(testkit::ID), "{remedy}");
    // Reached: closes it, off the open list.
    let t =
        store.ratings().record_loop_contact(LoopKind::Followup, f.id, &reached(4, "对整改满意"), "0002", now).unwrap();
    assert!(t.done);
    assert_eq!(t.contacts.len(), 2);
    assert!(store.ratings().open_loops(LoopKind::Followup, 10).unwrap().is_empty());
    assert!(
        store.ratings().record_loop_contact(LoopKind::Followup, f.id, &reached(5, "again"), "0002", now).is_err(),
        "closed"
    );
    assert!(store.ratings().record_remedy(f.id, "again", "0002", now).is_err(), "closed");

    // 围场 措施 16: a finished 办件's callback; an unanswered call keeps it open.
    store
        .cases()
        .set_state(b.id, CaseState::Accepted, CaseState::Completed, Some(d(2026, 12, 3)), "0002", now)
        .unwrap();
    store
        .cases()
        .set_state(c.id, CaseState::Accepted, CaseState::Completed, Some(d(2026, 12, 3)), "0002", now)
        .unwrap();
    let cbs = store.ratings().open_loops(LoopKind::Callback, 10).unwrap();
    assert_eq!(cbs.len(), 2);
    let cb = cbs.iter().find(|t| t.case_id == Some(b.id)).unwrap();
    assert_eq!(cb.due, d(2026, 12, 3));
    store.ratings().record_loop_contact(LoopKind::Callback, cb.id, &miss, "0002", now).unwrap();
    assert_eq!(store.ratings().open_loops(LoopKind::Callback, 10).unwrap().len(), 2);
    let done =
        store.ratings().record_loop_contact(LoopKind::Callback, cb.id, &reached(5, "很满意"), "0002", now).unwrap();
    assert!(done.done);
    assert_eq!(store.ratings().open_loops(LoopKind::Callback, 10).unwrap().len(), 1);
    // Garbage: satisfaction out of range, control characters, no such task.
    let cb2 = store.ratings().open_loops(LoopKind::Callback, 10).unwrap().remove(0);
    assert!(store.ratings().record_loop_contact(LoopKind::Callback, cb2.id, &reached(9, "x"), "0002", now).is_err());
    assert!(store
        .ratings()
        .record_loop_contact(LoopKind::Callback, cb2.id, &reached(3, "a\u{1b}b"), "0002", now)
        .is_err());
    assert!(store.ratings().record_loop_contact(LoopKind::Callback, 999_999, &reached(3, "x"), "0002", now).is_err());
    assert!(
        store.ratings().loop_task(LoopKind::Callback, cb2.id).unwrap().unwrap().contacts.is_empty(),
        "nothing written"
    );

    // The rates: 1 of 2 finished 办件 called back; 1 of 1 bad rating 整改 and closed; 2 of 3
    // 办件 decided in the period asked to rate.
    let r = store.ratings().loop_rates(d(2026, 11, 1), d(2026, 11, 30)).unwrap();
    assert_eq!(r.callbacks, Rate { done: 1, total: 2 });
    assert_eq!(r.remedies, Rate { done: 1, total: 1 });
    assert_eq!(r.followups, Rate { done: 1, total: 1 });
    assert_eq!(r.asked, Rate { done: 2, total: 3 });
    assert_eq!(r.callbacks.text(), "50.0%");
    assert_eq!(store.ratings().loop_rates(d(2026, 10, 1), d(2026, 10, 31)).unwrap(), Default::default());

    // Every step is on the case's record and in the audit chain.
    let events = store.cases().events(a.id).unwrap();
    for action in ["rating.reason", "rating.remedy", "rating.followup_contact"] {
        assert!(events.iter().any(|e| e.action == action), "{action}");
    }
    assert!(store.cases().events(b.id).unwrap().iter().any(|e| e.action == "case.callback_contact"));
    store.audit().verify().unwrap();

    // 首问负责制: a hand-off waits for the receiver; "我首问的" follows the case.
    store.staff().add("0003", "王芳", "246802", Role::Clerk).unwrap();
    assert!(store.offer_handoff(c.id, "9999", "0002", "x", now).is_err(), "unknown receiver");
    assert!(store.offer_handoff(c.id, "0003", "0002", "a\u{7}", now).is_err(), "garbage reason");
    store.offer_handoff(c.id, "0003", "0002", "转审查岗", now).unwrap();
    assert!(store.offer_handoff(c.id, "0003", "0002", "twice", now).is_err(), "one offer at a time");
    assert_eq!(store.cases().get(c.id).unwrap().unwrap().owner, "0002", "still the owner's until taken");
    assert_eq!(store.pending_handoff(c.id).unwrap().unwrap().to, "0003");
    assert_eq!(store.handoffs_waiting_for("0003", 10).unwrap().len(), 1);
    assert!(store.accept_handoff(c.id, "0002", now).is_err(), "not offered to 0002");
    store.accept_handoff(c.id, "0003", now).unwrap();
    assert_eq!(store.cases().get(c.id).unwrap().unwrap().owner, "0003");
    assert!(store.pending_handoff(c.id).unwrap().is_none());
    assert!(store.handoffs_waiting_for("0003", 10).unwrap().is_empty());
    assert_eq!(store.cases().handoffs(c.id).unwrap().len(), 1, "on the case's record");
    let first: Vec<_> = store.cases_first_received_by("0002", 10).unwrap().iter().map(|x| x.id).collect();
    assert!(first.contains(&c.id) && first.len() == 3, "{first:?}");
    assert!(store.cases_first_received_by("0003", 10).unwrap().is_empty());

    // 淄博 2020 措施 10 (首问负责制): enquiries logged and counted; an ID number in the text is
    // kept masked; garbage refused.
    use certdesk::domain::first_contact::{Enquiry, EnquiryKind};
    let q = |kind, answer: &str, department: &str| Enquiry {
        kind,
        visitor: "张女士".into(),
        question: format!("复审要带什么？身份证{}", testkit::ID),
        answer: answer.into(),
        department: department.into(),
    };
    store.log_enquiry(&q(EnquiryKind::Consult, "身份证和原证", ""), "0002", now).unwrap();
    store.log_enquiry(&q(EnquiryKind::Transfer, "", "执法监督科"), "0002", now).unwrap();
    store.log_enquiry(&q(EnquiryKind::Transfer, "", "市场监管局"), "0003", now).unwrap();
    let mut bad = q(EnquiryKind::Guide, "3号窗口", "");
    bad.visitor = "a\u{7}".into();
    assert!(store.log_enquiry(&bad, "0002", now).is_err());
    bad.visitor = " ".into();
    assert!(store.log_enquiry(&bad, "0002", now).is_err());
    assert_eq!(store.enquiry_counts(d(2026, 11, 23), d(2026, 11, 23)).unwrap(), [1, 0, 2]);
    assert_eq!(store.ratings().loop_rates(d(2026, 11, 1), d(2026, 11, 30)).unwrap().enquiries, [1, 0, 2]);
    assert_eq!(store.enquiry_counts(d(2026, 11, 24), d(2026, 11, 30)).unwrap(), [0, 0, 0]);
    assert!(testkit::raw_id_outside_registry(store, testkit::ID).is_empty(), "the ID number is masked");
    store.audit().verify().unwrap();
}

#[test]
fn loops_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    exercise(&Store::open(dir.path().join("certdesk.db")).unwrap());
}

#[test]
fn loops_on_postgresql() {
    let Some(url) = pg::fresh_url("loops") else { return };
    exercise(&Store::open_at(&Location::Postgres(url), OpenCheck::Skip).unwrap());
}
