//! A desk history to report on (issue 9 item 6), written through the store's own write paths on
//! a test home: four cases over November 2026, ratings good and bad with their follow-ups,
//! notices, a 容缺 acceptance, one overdue case, a printed slip and verifier scans.
#![allow(dead_code)]

use certdesk::domain::intake::{AcceptKind, NoticeItem, Rating};
use certdesk::domain::matters::{Matters, QUALIFICATION_ISSUE, SPECIAL_REVIEW};
use certdesk::store::cases::{Acceptance, NewCase, Visitor};
use certdesk::store::{JobOutcome, Role, Store};
use chrono::{NaiveDate, NaiveDateTime};

pub fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}
pub fn at(m: u32, day: u32, h: u32) -> NaiveDateTime {
    d(m, day).and_hms_opt(h, 0, 0).unwrap()
}

/// What the seed wrote, for the assertions.
pub struct Seeded {
    /// 容缺 accepted 11-02, due 11-10: overdue (9 working days on 11-23).
    pub overdue_case: String,
    /// Rated 不满意 on 11-18; follow-up done 11-19.
    pub bad_done_case: String,
    /// Rated 非常不满意 on 11-19; follow-up due 11-21, still open.
    pub bad_open_case: String,
}

fn materials(m: &Matters, code: &str) -> Vec<String> {
    m.get(code).unwrap().materials.iter().map(|x| x.code.clone()).collect()
}

pub fn seed(store: &Store, id_number: &str) -> Seeded {
    let m = Matters::builtin();
    store.staff().add("0002", "张伟", "135790", Role::Clerk).unwrap();
    let open = |matter: &str, owner: &str, when: NaiveDateTime| {
        store.cases().open(&NewCase { matter, materials: materials(&m, matter), owner, ticket: None }, when).unwrap()
    };
    // A: 容缺 on 11-02, due 11-10 (committed), statutory 11-30; the visitor gave an ID number.
    let a = open(SPECIAL_REVIEW, "0001", at(11, 2, 9));
    let visitor = Visitor { name: "王秀英".into(), ..Default::default() };
    store.cases().set_visitor(a.id, &visitor, Some(id_number), "0001", at(11, 2, 9)).unwrap();
    let first = materials(&m, SPECIAL_REVIEW).last().unwrap().clone();
    store
        .cases()
        .accept(
            a.id,
            &Acceptance {
                kind: AcceptKind::Deficient { pledge_due: d(11, 6) },
                due: d(11, 10),
                statutory_due: d(11, 30),
                provisional: Default::default(),
                calendar_version: 0,
                pledged_materials: vec![first.clone()],
            },
            "0001",
            at(11, 2, 10),
        )
        .unwrap();
    // B: a one-time notice on 11-16, accepted 11-17 (due 12-01).
    let b = open(SPECIAL_REVIEW, "0001", at(11, 16, 9));
    store
        .cases()
        .set_visitor(b.id, &Visitor { name: "赵敏".into(), ..Default::default() }, None, "0001", at(11, 16, 9))
        .unwrap();
    store
        .cases()
        .record_notice(b.id, &[NoticeItem { material: first, defect: None }], None, &[], "0001", at(11, 16, 10))
        .unwrap();
    store
        .cases()
        .accept(
            b.id,
            &Acceptance {
                kind: AcceptKind::Full,
                due: d(12, 1),
                statutory_due: d(12, 21),
                provisional: Default::default(),
                calendar_version: 0,
                pledged_materials: vec![],
            },
            "0001",
            at(11, 17, 9),
        )
        .unwrap();
    // C: another matter, staff 0002.
    let c = open(QUALIFICATION_ISSUE, "0002", at(11, 18, 9));

    let rate =
        |service: &str, case: Option<i64>, staff: &str, r: Rating, when: NaiveDateTime, due: Option<NaiveDate>| {
            let id = store.ratings().request(1, service, case, staff, when).unwrap();
            let due = due.map(|d| certdesk::domain::intake::FollowUpDue::firm(d, 5));
            assert!(store.ratings().record(id, r, due, "test-rate", when).unwrap());
        };
    rate(&a.number, Some(a.id), "0001", Rating::VerySatisfied, at(11, 17, 11), None);
    rate(&b.number, Some(b.id), "0001", Rating::Dissatisfied, at(11, 18, 11), Some(d(11, 20)));
    rate(&c.number, Some(c.id), "0002", Rating::VeryDissatisfied, at(11, 19, 11), Some(d(11, 21)));
    rate("S-0001", None, "0002", Rating::Satisfied, at(11, 20, 11), None);
    let done = store.ratings().followups_due(d(11, 20)).unwrap();
    assert_eq!(done.len(), 1);
    store.ratings().close_followup(done[0].id, "当面致歉，已说明材料要求", "0001", at(11, 19, 15)).unwrap();

    // A printed slip and a failed one on 11-20; scans on 11-20.
    let cert = store.holders().certificates_for(id_number).unwrap()[0].id;
    let j = store.print_jobs().begin(cert, "file:spool", "k1", at(11, 20, 9)).unwrap();
    store.print_jobs().finish(j, JobOutcome::Printed, at(11, 20, 9)).unwrap();
    let j = store.print_jobs().begin(cert, "file:spool", "k1", at(11, 20, 9)).unwrap();
    store.print_jobs().finish(j, JobOutcome::Failed("paper out".into()), at(11, 20, 9)).unwrap();
    for v in ["valid", "valid", "valid", "revoked"] {
        store.log_scan(at(11, 20, 14), v, None, None).unwrap();
    }
    Seeded { overdue_case: a.number, bad_done_case: b.number, bad_open_case: c.number }
}
