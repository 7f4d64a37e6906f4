//! The command line reads cases as the desk does (issue 15): `certdesk report` and
//! `certdesk case show` apply 行政许可法 第三十二条's deemed acceptance first, through the
//! desk's own implementation (`service::desk::deemed`), audited with the command line's station
//! as the actor. Through the real binary on the tests' clock (2026-11-23).

mod support;

use certdesk::domain::intake::{CaseState, NoticeItem};
use certdesk::domain::workdays::{Calendar, Counted};
use certdesk::store::cases::NewCase;
use certdesk_testkit::{d, TestHome};
use support::certdesk;

fn at(day: chrono::NaiveDate, h: u32) -> chrono::NaiveDateTime {
    day.and_hms_opt(h, 0, 0).unwrap()
}

/// 第三十二条第一款第（四）项: a receipt on Monday 11-02 with no notice by Monday 11-09 counts
/// as accepted from 11-02; 第（五）项 with its five days: a full resubmission on Thursday 11-05
/// unanswered by Thursday 11-12 counts as accepted from 11-05. Both are then past their 8
/// committed working days on 11-23, so `report overdue` lists them, and `case show` shows them
/// accepted, although no desk read them.
#[test]
fn report_and_case_show_apply_deemed_acceptance_art_32() {
    let h = TestHome::new("file:spool");
    let store = h.home().store().unwrap();
    let cal = Calendar::builtin();
    let open = |on| {
        store
            .cases()
            .open(
                &NewCase { matter: "special_issue", materials: vec!["photo".into()], owner: "0001", ticket: None },
                at(on, 9),
            )
            .unwrap()
    };
    let due5 = |on| Counted { value: cal.due(on, 5).unwrap().value, provisional: false };
    // Never told: received 11-02.
    let silent = open(d(2026, 11, 2));
    store.cases().record_receipt(silent.id, "0001", due5(d(2026, 11, 2)), at(d(2026, 11, 2), 9)).unwrap();
    // Told on 11-02, everything handed in on 11-05, never answered.
    let resubmitted = open(d(2026, 11, 2));
    store.cases().record_receipt(resubmitted.id, "0001", due5(d(2026, 11, 2)), at(d(2026, 11, 2), 9)).unwrap();
    let items = [NoticeItem { material: "photo".into(), defect: None }];
    store.cases().record_notice(resubmitted.id, &items, None, &[], "0001", at(d(2026, 11, 2), 10)).unwrap();
    store.record_resubmission(resubmitted.id, 1, "0001", due5(d(2026, 11, 5)), at(d(2026, 11, 5), 9)).unwrap();
    // Received today: in time, left alone.
    let fresh = open(d(2026, 11, 23));
    store.cases().record_receipt(fresh.id, "0001", due5(d(2026, 11, 23)), at(d(2026, 11, 23), 9)).unwrap();
    drop(store);

    // `case show` of one case applies the rule to that case.
    let o = certdesk(&h.dir, &["case", "show", &silent.number, "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let shown: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(shown["case"]["state"], "accepted", "{shown}");
    let store = h.home().store().unwrap();
    let c = store.cases().get(silent.id).unwrap().unwrap();
    assert_eq!((c.state, c.accepted_on), (CaseState::Accepted, Some(d(2026, 11, 2))));
    assert_eq!(store.cases().get(resubmitted.id).unwrap().unwrap().state, CaseState::Noticed, "not read yet");
    drop(store);

    // The report sweeps every case first: the resubmitted one is accepted as of 11-05 and both
    // are overdue (8 committed working days: 11-12 and 11-17).
    let o = certdesk(&h.dir, &["report", "overdue", "--to", "2026-11-23"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = String::from_utf8(o.stdout).unwrap();
    let row =
        |n: &str| csv.lines().find(|l| l.starts_with(n)).unwrap_or_else(|| panic!("{n} not in {csv}")).to_string();
    assert!(row(&silent.number).contains("2026-11-12"), "{csv}");
    assert!(row(&resubmitted.number).contains("2026-11-17"), "{csv}");
    assert!(!csv.contains(&fresh.number), "received today: still in time");
    let store = h.home().store().unwrap();
    let c = store.cases().get(resubmitted.id).unwrap().unwrap();
    assert_eq!((c.state, c.accepted_on), (CaseState::Accepted, Some(d(2026, 11, 5))));
    assert_eq!(store.cases().get(fresh.id).unwrap().unwrap().state, CaseState::Registered);
    // Audited by the command line's station, the chain intact.
    for id in [silent.id, resubmitted.id] {
        let e = store.cases().events(id).unwrap().into_iter().find(|e| e.action == "case.deemed_accepted").unwrap();
        assert!(e.actor.ends_with("-cli"), "{}", e.actor);
    }
    store.audit().verify().unwrap();
}
