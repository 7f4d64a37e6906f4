//! Store tests for the front desk, on a real SQLite file.

use super::*;
use crate::domain::intake::{CreditMark, FollowUpDue, Rating};
use crate::domain::loops::LoopKind;
use crate::store::Role;
use chrono::NaiveDate;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}
fn at(day: NaiveDate, h: u32, mi: u32) -> NaiveDateTime {
    day.and_hms_opt(h, mi, 0).unwrap()
}
fn now() -> NaiveDateTime {
    at(d(2025, 9, 30), 9, 15)
}

const RAW_ID: &str = "11010519491231002X";

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path().join("desk.db")).unwrap();
    staff(&s);
    (dir, s)
}

fn staff(s: &Store) {
    s.staff().add("0001", "张敏", "123456", Role::Clerk).unwrap();
    s.staff().add("0002", "李娜", "123456", Role::Clerk).unwrap();
    s.staff().add("0007", "王强", "123456", Role::Supervisor).unwrap();
}

/// [`store`] on each backend (issue 10: the desk's rules hold on a hall's PostgreSQL too).
fn stores(tag: &str) -> Vec<(Option<tempfile::TempDir>, Store)> {
    let all = crate::store::test_stores(tag);
    for (_, s) in &all {
        staff(s);
    }
    all
}

fn materials() -> Vec<String> {
    ["id_card", "certificate", "health", "work_record", "training"].iter().map(|s| s.to_string()).collect()
}

fn open(s: &Store, when: NaiveDateTime) -> CaseRecord {
    s.cases()
        .open(&NewCase { matter: "special_review", materials: materials(), owner: "0001", ticket: None }, when)
        .unwrap()
}

#[test]
fn case_numbers_are_daily_and_unique() {
    for (_d, s) in stores("case_numbers_are_daily_and_unique") {
        let a = open(&s, now());
        let b = open(&s, now());
        assert_eq!(a.number, "YJ202509300001");
        assert_eq!(b.number, "YJ202509300002");
        let c = open(&s, at(d(2025, 10, 9), 8, 30));
        assert_eq!(c.number, "YJ202510090001");
        assert_eq!(a.state, CaseState::Registered);
        assert_eq!((a.first_owner.as_str(), a.owner.as_str()), ("0001", "0001"));
        assert_eq!(s.cases().by_number("yj202509300002").unwrap().unwrap().id, b.id);
        let list = s.cases().checklist(a.id).unwrap();
        assert_eq!(list.len(), 5);
        assert!(list.iter().all(|c| c.state == MaterialState::Unchecked));
    }
}

#[test]
fn tickets_number_per_day_and_appointments_turn_into_tickets() {
    for (_d, s) in stores("tickets_number_per_day_and_appointments_turn_into_tickets") {
        let day = d(2025, 9, 27); // a Saturday: 延时服务 slot
        let t1 = s.tickets().take(day, Some("special_review"), "desk-1", at(day, 9, 0)).unwrap();
        let t2 = s.tickets().take(day, None, "desk-1", at(day, 9, 1)).unwrap();
        assert_eq!((t1.label.as_str(), t2.label.as_str()), ("A001", "A002"));
        let next_day = d(2025, 9, 28);
        assert_eq!(s.tickets().take(next_day, None, "desk-1", at(next_day, 9, 0)).unwrap().label, "A001");
        let appt = s
            .appointments()
            .book(day, "10:30", true, "王秀英", Some("13800138000"), "special_review", None, "0001", now())
            .unwrap();
        assert!(s.appointments().on(day).unwrap()[0].extended);
        let b = s.tickets().arrive(appt, day, "desk-1", at(day, 10, 20)).unwrap();
        assert_eq!(b.label, "B001");
        assert_eq!(b.appointment_id, Some(appt));
        assert!(s.tickets().arrive(appt, day, "desk-1", at(day, 10, 21)).is_err(), "an appointment arrives once");
        // Appointments are called first, then walk-ins in order.
        assert_eq!(s.tickets().call_next(day, 3, "0001", at(day, 10, 25)).unwrap().unwrap().label, "B001");
        let called = s.tickets().call_next(day, 3, "0001", at(day, 10, 26)).unwrap().unwrap();
        assert_eq!((called.label.as_str(), called.counter), ("A001", Some(3)));
        assert_eq!(s.tickets().on(day).unwrap().len(), 3);
        assert!(s.appointments().book(day, "25:00", false, "x", None, "m", None, "0001", now()).is_err());
        assert!(s.appointments().book(day, "09:00", false, " ", None, "m", None, "0001", now()).is_err());
    }
}

#[test]
fn ticket_numbers_stay_unique_under_concurrent_desks() {
    // Two connections on one file take tickets at the same time: BEGIN IMMEDIATE serialises
    // them and the UNIQUE (day, prefix, number) key holds.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    Store::open(&path).unwrap();
    let day = d(2025, 9, 30);
    let handles: Vec<_> = (0..2)
        .map(|i| {
            let path = path.clone();
            std::thread::spawn(move || {
                let s = Store::open_with(&path, crate::store::OpenCheck::Skip).unwrap();
                (0..20)
                    .map(|_| s.tickets().take(day, None, &format!("desk-{i}"), at(day, 9, 0)).unwrap().label)
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut all: Vec<String> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 40);
}

#[test]
fn visitor_id_is_kept_as_keyed_hash_and_masked_only() {
    // Privacy (BRIEFING): raw ID numbers live only in the registry tables.
    let (dir, s) = store();
    let c = open(&s, now());
    let v = Visitor {
        name: "王秀英".into(),
        phone: Some("13800138000".into()),
        enterprise: Some("示范化工有限公司".into()),
        credit_code: Some("91350100m000100y43".into()),
        masked_id: None,
    };
    s.cases().set_visitor(c.id, &v, Some(RAW_ID), "0001", now()).unwrap();
    let got = s.cases().get(c.id).unwrap().unwrap();
    assert_eq!(got.visitor.masked_id.as_deref(), Some("110105********002X"));
    assert_eq!(got.visitor.credit_code.as_deref(), Some("91350100M000100Y43"));
    // Found by the ID number, by name prefix, enterprise prefix, credit code, case number.
    assert_eq!(s.cases().search("", Some(RAW_ID), 10).unwrap()[0].id, c.id);
    assert_eq!(s.cases().search("王秀", None, 10).unwrap()[0].id, c.id);
    assert_eq!(s.cases().search("示范化工", None, 10).unwrap()[0].id, c.id);
    assert_eq!(s.cases().search("91350100M000100Y43", None, 10).unwrap()[0].id, c.id);
    assert_eq!(s.cases().search(&c.number, None, 10).unwrap()[0].id, c.id);
    assert!(s.cases().search("李", None, 10).unwrap().is_empty());
    // The raw number is nowhere in the database files.
    s.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!bytes.windows(RAW_ID.len()).any(|w| w == RAW_ID.as_bytes()), "raw ID found in a database file");
    }
}

#[test]
fn every_step_is_an_event_and_an_audit_entry() {
    // 全程留痕 (围场 2023 措施 8): who, what, when for every step.
    let (_d, s) = store();
    let c = open(&s, now());
    s.cases().tick(c.id, "health", &MaterialState::Missing, "0001", now()).unwrap();
    s.cases().tick(c.id, "training", &MaterialState::Defective { what: "学时不足".into() }, "0001", now()).unwrap();
    let ev = s.cases().events(c.id).unwrap();
    let actions: Vec<&str> = ev.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["case.opened", "case.tick", "case.tick"]);
    assert!(ev.iter().all(|e| e.actor == "0001" && e.detail["case"] == c.number));
    let audit = s.audit().entries(1, 100).unwrap();
    for a in ["case.opened", "case.tick"] {
        assert!(audit.iter().any(|e| e.action == a), "{a} audited");
    }
    assert!(s.audit().verify().is_ok());
    // Events are append-only.
    assert!(s.conn().execute("DELETE FROM case_events", []).is_err());
    assert!(s.cases().tick(c.id, "nope", &MaterialState::Provided, "0001", now()).is_err());
    assert!(s
        .cases()
        .tick(c.id, "health", &MaterialState::Defective { what: "a\u{1b}[2J".into() }, "0001", now())
        .is_err());
}

#[test]
fn a_tick_returns_the_checklist_it_wrote() {
    // A write returns what it wrote, read in its own transaction (issue 14): the checklist
    // after the tick, as a fresh read gives it, with the step on the case's record under its
    // number. Both backends: the tick reads the case, its notices and the material in one
    // statement.
    for (_d, s) in stores("a_tick_returns_the_checklist_it_wrote") {
        let c = open(&s, now());
        let got = s.cases().tick(c.id, "health", &MaterialState::Missing, "0001", now()).unwrap();
        assert_eq!(got, s.cases().checklist(c.id).unwrap());
        assert_eq!(got.iter().find(|i| i.material == "health").unwrap().state, MaterialState::Missing);
        let ev = s.cases().events(c.id).unwrap();
        assert_eq!((ev[1].action.as_str(), &ev[1].detail["case"]), ("case.tick", &serde_json::json!(c.number)));
        // After a notice, the missing material handed in is a resubmission; one never missing is not.
        let items = [NoticeItem { material: "health".into(), defect: None }];
        s.cases().record_notice(c.id, &items, None, &[], "0001", now()).unwrap();
        s.cases().tick(c.id, "health", &MaterialState::Provided, "0001", now()).unwrap();
        s.cases().tick(c.id, "training", &MaterialState::Provided, "0001", now()).unwrap();
        assert_eq!(s.cases().resubmitted(c.id).unwrap().into_iter().collect::<Vec<_>>(), ["health"]);
        assert!(
            s.cases().tick(c.id + 1000, "health", &MaterialState::Provided, "0001", now()).is_err(),
            "no such case"
        );
        assert!(s.cases().tick(c.id, "nope", &MaterialState::Provided, "0001", now()).is_err(), "no such material");
    }
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    // One transaction per confirmed step: an error part-way (here a ticket that does not exist)
    // rolls back the case, its checklist, its event and its audit entry together.
    let (_d, s) = store();
    let before = s.audit().entries(1, 1000).unwrap().len();
    let r = s
        .cases()
        .open(&NewCase { matter: "special_review", materials: materials(), owner: "0001", ticket: Some(999) }, now());
    assert!(r.is_err());
    assert_eq!(s.cases().count().unwrap(), 0);
    assert_eq!(s.audit().entries(1, 1000).unwrap().len(), before);
    let n: i64 = s.conn().query_row("SELECT count(*) FROM case_checklist", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
    // An unknown staff member violates the foreign key: nothing written either.
    assert!(s
        .cases()
        .open(&NewCase { matter: "special_review", materials: materials(), owner: "9999", ticket: None }, now())
        .is_err());
    assert_eq!(s.cases().count().unwrap(), 0);
}

#[test]
fn notices_record_items_and_resubmissions_count_from_the_latest() {
    for (_d, s) in stores("notices_record_items_and_resubmissions_count_from_the_latest") {
        let c = open(&s, now());
        for m in materials() {
            s.cases().tick(c.id, &m, &MaterialState::Provided, "0001", now()).unwrap();
        }
        s.cases().tick(c.id, "health", &MaterialState::Missing, "0001", now()).unwrap();
        assert!(s.cases().resubmitted(c.id).unwrap().is_empty(), "before any notice nothing is a resubmission");
        let items = vec![NoticeItem { material: "health".into(), defect: None }];
        assert_eq!(s.cases().record_notice(c.id, &items, None, &[], "0001", now()).unwrap(), 1);
        assert_eq!(s.cases().get(c.id).unwrap().unwrap().state, CaseState::Noticed);
        s.cases().tick(c.id, "health", &MaterialState::Defective { what: "无盖章".into() }, "0001", now()).unwrap();
        assert_eq!(s.cases().resubmitted(c.id).unwrap(), ["health".to_string()].into());
        let over = Override { supervisor: "0007".into(), reason: "培训记录系伪造".into() };
        let items2 = vec![
            NoticeItem { material: "health".into(), defect: Some("无盖章".into()) },
            NoticeItem { material: "training".into(), defect: Some("伪造".into()) },
        ];
        assert_eq!(
            s.cases().record_notice(c.id, &items2, Some(&over), &["training".into()], "0001", now()).unwrap(),
            2
        );
        let ns = s.cases().notices(c.id).unwrap();
        assert_eq!(ns.len(), 2);
        assert_eq!(ns[0].items, items);
        assert_eq!(ns[1].items, items2);
        assert_eq!(ns[1].override_by.as_deref(), Some("0007"));
        let audit = s.audit().entries(1, 1000).unwrap();
        let o = audit.iter().find(|e| e.action == "case.notice_override").expect("override audited");
        assert_eq!(o.actor, "0007");
        assert_eq!(o.detail["reason"], "培训记录系伪造");
        assert_eq!(
            s.cases().resubmitted(c.id).unwrap(),
            ["health".to_string()].into(),
            "resubmitted since the first notice"
        );
        // Re-judging a material the bureau already holds is not a resubmission.
        s.cases()
            .tick(c.id, "work_record", &MaterialState::Defective { what: "无盖章".into() }, "0001", now())
            .unwrap();
        assert!(!s.cases().resubmitted(c.id).unwrap().contains("work_record"));
        assert!(s.cases().record_notice(c.id, &[], None, &[], "0001", now()).is_err());
    }
}

#[test]
fn acceptance_with_pledge_then_missed_and_fulfilled() {
    for (_d, s) in stores("acceptance_with_pledge_then_missed_and_fulfilled") {
        let c = open(&s, now());
        let acc = Acceptance {
            kind: AcceptKind::Deficient { pledge_due: d(2025, 10, 10) },
            due: d(2025, 10, 14),
            statutory_due: d(2025, 11, 4),
            provisional: Default::default(),
            calendar_version: 0,
            pledged_materials: vec!["work_record".into()],
        };
        s.cases().accept(c.id, &acc, "0001", now()).unwrap();
        let got = s.cases().get(c.id).unwrap().unwrap();
        assert_eq!(got.state, CaseState::Accepted);
        assert_eq!(got.accept_kind.as_deref(), Some("deficient"));
        assert_eq!((got.due_on, got.pledge_due), (Some(d(2025, 10, 14)), Some(d(2025, 10, 10))));
        assert!(s.cases().accept(c.id, &acc, "0001", now()).is_err(), "accepted once");
        assert!(s.cases().missed_pledges(d(2025, 10, 10), 10).unwrap().is_empty(), "the due day itself is not missed");
        assert_eq!(s.cases().missed_pledges(d(2025, 10, 11), 10).unwrap()[0].id, c.id);
        assert_eq!(s.cases().due_by(d(2025, 10, 14), 10).unwrap().len(), 1);
        assert!(s.cases().due_by(d(2025, 10, 13), 10).unwrap().is_empty());
        assert!(s.cases().fulfil_pledges(c.id, "0001", now()).unwrap());
        assert!(s.cases().missed_pledges(d(2025, 10, 11), 10).unwrap().is_empty());
        assert!(!s.cases().fulfil_pledges(c.id, "0001", now()).unwrap());
    }
}

#[test]
fn refusal_is_written_with_its_reason() {
    for (_d, s) in stores("refusal_is_written_with_its_reason") {
        let c = open(&s, now());
        assert!(s.cases().refuse(c.id, "  ", "0001", now()).is_err());
        s.cases().refuse(c.id, "不属于本机关职权范围", "0001", now()).unwrap();
        let got = s.cases().get(c.id).unwrap().unwrap();
        assert_eq!(got.state, CaseState::Refused);
        assert_eq!(got.refused_reason.as_deref(), Some("不属于本机关职权范围"));
    }
}

#[test]
fn handoff_keeps_the_first_contact_owner() {
    // 首问负责制: the first-contact owner stays on record; the hand-off says who, to whom, why, when.
    let (_d, s) = store();
    let c = open(&s, now());
    // The hand-off is offered, and the case changes owner when the receiver takes it (the only
    // hand-off path the desk has; the immediate one is gone).
    s.offer_handoff(c.id, "0002", "0001", "转危化审查岗", at(d(2025, 9, 30), 9, 0)).unwrap();
    s.accept_handoff(c.id, "0002", at(d(2025, 9, 30), 10, 0)).unwrap();
    let got = s.cases().get(c.id).unwrap().unwrap();
    assert_eq!((got.first_owner.as_str(), got.owner.as_str()), ("0001", "0002"));
    let h = s.cases().handoffs(c.id).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!((h[0].from.as_str(), h[0].to.as_str(), h[0].by.as_str()), ("0001", "0002", "0001"));
    assert_eq!(h[0].reason, "转危化审查岗");
    assert_eq!(h[0].at, at(d(2025, 9, 30), 10, 0));
    assert!(s.offer_handoff(c.id, "9999", "0002", "x", now()).is_err(), "unknown staff");
    assert_eq!(s.cases().owned_by("0002", 10).unwrap().len(), 1);
    assert!(s.cases().owned_by("0001", 10).unwrap().is_empty());
}

#[test]
fn completing_creates_the_callback_and_ratings_once_per_service() {
    for (_d, s) in stores("completing_creates_the_callback_and_ratings_once_per_service") {
        let c = open(&s, now());
        let acc = Acceptance {
            kind: AcceptKind::Full,
            due: d(2025, 10, 14),
            statutory_due: d(2025, 11, 4),
            provisional: Default::default(),
            calendar_version: 0,
            pledged_materials: vec![],
        };
        s.cases().accept(c.id, &acc, "0001", now()).unwrap();
        let mut st = CaseState::Accepted;
        while st != CaseState::Approved {
            let n = st.advance().unwrap();
            s.cases().set_state(c.id, st, n, None, "0001", now()).unwrap();
            st = n;
        }
        assert!(s.cases().set_state(c.id, CaseState::Approved, CaseState::Completed, None, "0001", now()).is_err());
        assert!(
            s.cases().set_state(c.id, CaseState::Accepted, CaseState::Undertaken, None, "0001", now()).is_err(),
            "stale"
        );
        s.cases()
            .set_state(c.id, CaseState::Approved, CaseState::Completed, Some(d(2025, 10, 10)), "0001", now())
            .unwrap();
        assert_eq!(s.cases().get(c.id).unwrap().unwrap().closed_on, Some(d(2025, 9, 30)));
        assert!(s.ratings().callbacks_due(d(2025, 10, 9)).unwrap().is_empty());
        let cb = s.ratings().callbacks_due(d(2025, 10, 10)).unwrap();
        assert_eq!(cb[0].case_number.as_deref(), Some(c.number.as_str()));
        // The callback is closed by a contact that reached the visitor (store/loops.rs), once.
        let reached = crate::domain::loops::Contact {
            reached: true,
            satisfaction: Some(5),
            note: "满意".into(),
            next_attempt: None,
        };
        s.ratings().record_loop_contact(LoopKind::Callback, cb[0].id, &reached, "0002", now()).unwrap();
        assert!(s.ratings().callbacks_due(d(2025, 10, 10)).unwrap().is_empty());
        assert!(s.ratings().record_loop_contact(LoopKind::Callback, cb[0].id, &reached, "0002", now()).is_err());

        // 好差评: one rating per service, keyed by counter.
        let rq = s.ratings().request(3, &c.number, Some(c.id), "0001", now()).unwrap();
        assert_eq!(s.ratings().pending(3).unwrap().unwrap().id, rq);
        assert!(s.ratings().pending(4).unwrap().is_none());
        assert!(s.ratings().record(rq, Rating::Dissatisfied, None, "rate-3", now()).is_err(), "bad needs a follow-up");
        assert!(s
            .ratings()
            .record(rq, Rating::Dissatisfied, Some(FollowUpDue::firm(d(2025, 10, 14), 5)), "rate-3", now())
            .unwrap());
        assert!(!s.ratings().record(rq, Rating::VerySatisfied, None, "rate-3", now()).unwrap(), "once per service");
        assert_eq!(s.ratings().of(&c.number).unwrap(), Some(Rating::Dissatisfied));
        assert!(s.ratings().request(3, &c.number, Some(c.id), "0001", now()).is_err());
        assert!(s.ratings().pending(3).unwrap().is_none());
        let f = s.ratings().followups_due(d(2025, 10, 14)).unwrap();
        assert_eq!((f.len(), f[0].rating), (1, Some(Rating::Dissatisfied)));
        assert!(s.ratings().close_followup(f[0].id, "", "0007", now()).is_err());
        s.ratings().close_followup(f[0].id, "已电话致歉并说明办理时限", "0007", now()).unwrap();
        assert!(s.ratings().followups_due(d(2025, 10, 14)).unwrap().is_empty());
    }
}

#[test]
fn a_new_rating_request_expires_the_unanswered_one_on_that_counter() {
    for (_d, s) in stores("a_new_rating_request_expires_the_unanswered_one_on_that_counter") {
        let a = s.ratings().request(1, "A001", None, "0001", now()).unwrap();
        let b = s.ratings().request(1, "A002", None, "0001", now()).unwrap();
        assert_eq!(s.ratings().pending(1).unwrap().unwrap().id, b);
        assert!(!s.ratings().record(a, Rating::Satisfied, None, "rate-1", now()).unwrap(), "expired");
        assert!(s.ratings().record(b, Rating::Satisfied, None, "rate-1", now()).unwrap());
        assert!(s.ratings().followups_due(d(2030, 1, 1)).unwrap().is_empty(), "good ratings open nothing");
    }
}

#[test]
fn credit_marks_and_posts_and_document_jobs() {
    for (_d, s) in stores("credit_marks_and_posts_and_document_jobs") {
        let mark = CreditMark {
            credit_code: "91350100m000100y43".into(),
            serious: true,
            since: d(2025, 1, 1),
            until: None,
            note: "严重失信".into(),
        };
        s.credit().add_enterprise_mark(&mark, "0007", now()).unwrap();
        let got = s.credit().enterprise_marks("91350100M000100Y43").unwrap();
        assert_eq!(got.len(), 1);
        assert!(got[0].serious && got[0].active_on(d(2025, 9, 30)));
        let c = open(&s, now());
        assert!(s.cases().record_post(c.id, "", "EMS123", "0001", now()).is_err());
        s.cases().record_post(c.id, "山东省淄博市张店区某路1号", "EMS1234567890", "0001", now()).unwrap();
        assert_eq!(s.cases().posts(c.id).unwrap()[0].tracking, "EMS1234567890");
        let j = s.documents().begin_job(c.id, "notice", "file:spool", "desk-1", now()).unwrap();
        assert_eq!(s.documents().job(j).unwrap().unwrap().0, "pending", "committed before sending");
        s.documents().set_job_bytes(j, b"\x1b@").unwrap();
        s.documents().finish_job(j, Some("paper out"), "0001", now()).unwrap();
        let (state, err, bytes) = s.documents().job(j).unwrap().unwrap();
        assert_eq!(
            (state.as_str(), err.as_deref(), bytes.as_deref()),
            ("failed", Some("paper out"), Some(&b"\x1b@"[..]))
        );
        assert!(s.documents().begin_job(c.id, "flyer", "file:spool", "desk-1", now()).is_err(), "unknown document");
    }
}

#[test]
fn name_prefix_search_is_case_sensitive_in_code_point_order() {
    // The desk's prefix search means the same rows, in the same order, on SQLite (BINARY
    // collation) and PostgreSQL (whatever the database's collation: a language's collation
    // would put "Ab" inside the range of "ab" and "a-c" after "ab").
    let (_dir, s) = store();
    let mut ids = std::collections::HashMap::new();
    for (i, name) in ["ab", "Ab", "abz", "a-c", "b"].iter().enumerate() {
        let c = open(&s, at(d(2025, 9, 30), 9, i as u32));
        let v = Visitor { name: name.to_string(), ..Visitor::default() };
        s.cases().set_visitor(c.id, &v, None, "0001", now()).unwrap();
        ids.insert(c.id, *name);
    }
    let names = |text: &str, limit: usize| -> Vec<&str> {
        s.cases().search(text, None, limit).unwrap().iter().map(|c| ids[&c.id]).collect()
    };
    assert_eq!(names("ab", 10), ["ab", "abz"]);
    assert_eq!(names("A", 10), ["Ab"]);
    assert_eq!(names("a", 10), ["a-c", "ab", "abz"]);
    // The limit cuts in that order.
    assert_eq!(names("a", 2), ["a-c", "ab"]);
}
