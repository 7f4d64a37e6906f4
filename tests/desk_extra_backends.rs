//! The desk's counter-service store (`store/desk_extra.rs`) on both backends: SQLite (a real
//! file) and PostgreSQL (a real server from `testkit::pg`; skipped only when none is installed,
//! never in CI). Free-post addresses (one per case, a correction replaces it), the appointment
//! list from a day on, cancelling an appointment (reason, audit, the slot freed), staff-assisted
//! marks on print jobs, and unfinished document jobs.

use certdesk::store::cases::NewCase;
use certdesk::store::db::Location;
use certdesk::store::desk_extra::AssistedDoc;
use certdesk::store::{OpenCheck, Role, Store};
use certdesk_testkit::{self as testkit, pg};

fn exercise(store: &Store) {
    let now = testkit::now();
    let d = testkit::d;
    store.staff().add("0002", "张伟", "135790", Role::Clerk).unwrap();
    store.holders().upsert(&testkit::sample_holder()).unwrap();
    let mut cert = testkit::sample_certs().remove(0);
    store.holders().upsert_certificate(&mut cert).unwrap();

    // Free post: recorded, corrected (one row per case), on the case's record and audited.
    let case = store
        .cases()
        .open(&NewCase { matter: "special_issue", materials: vec!["photo".into()], owner: "0002", ticket: None }, now)
        .unwrap();
    assert_eq!(store.post_address(case.id).unwrap(), None);
    store.set_post_address(case.id, "淄博市张店区1号", "0002", now).unwrap();
    store.set_post_address(case.id, "  淄博市张店区2号 ", "0002", now).unwrap();
    let a = store.post_address(case.id).unwrap().unwrap();
    assert_eq!((a.address.as_str(), a.staff.as_str(), a.at), ("淄博市张店区2号", "0002", now));
    assert!(store.set_post_address(case.id, "", "0002", now).is_err());
    assert!(store.set_post_address(case.id, "a\u{7}b", "0002", now).is_err());
    assert!(store.set_post_address(case.id, &"路".repeat(201), "0002", now).is_err());
    assert!(store.set_post_address(999_999, "淄博", "0002", now).is_err(), "no such case");
    let events = store.cases().events(case.id).unwrap();
    assert_eq!(events.iter().filter(|e| e.action == "case.post_address").count(), 2);

    // Appointments from a day on: every state that day, booked ones later, by day and slot.
    let book =
        |day, slot, name| store.appointments().book(day, slot, false, name, None, "special_issue", None, "0002", now);
    let today_late = book(d(2026, 11, 23), "15:00", "甲").unwrap();
    let today_early = book(d(2026, 11, 23), "09:00", "乙").unwrap();
    let later = book(d(2026, 11, 28), "09:30", "丙").unwrap();
    let before = book(d(2026, 11, 20), "09:30", "丁").unwrap();
    store.tickets().arrive(today_early, d(2026, 11, 23), "desk", now).unwrap();
    let ids: Vec<i64> = store.appointments().from(d(2026, 11, 23), 10).unwrap().iter().map(|a| a.id).collect();
    assert_eq!(ids, [today_early, today_late, later]);
    assert!(!ids.contains(&before));
    assert_eq!(store.appointments().from(d(2026, 11, 23), 1).unwrap().len(), 1, "limit");
    // From the 24th: only later booked ones.
    let ids: Vec<i64> = store.appointments().from(d(2026, 11, 24), 10).unwrap().iter().map(|a| a.id).collect();
    assert_eq!(ids, [later]);

    // Cancelling a booked appointment: reason (an ID number in it masked), who and when, one
    // audit entry; the slot is free again and the appointment no longer turns into a ticket.
    let taken = book(d(2026, 11, 28), "09:30", "戊");
    assert!(taken.is_err(), "one visitor per slot");
    assert!(store.appointments().slot_booked(d(2026, 11, 28), "09:30").unwrap());
    let reason = format!("来电取消，身份证{}", testkit::ID);
    let a = store.appointments().cancel(later, &format!("  {reason} "), "0002", now).unwrap();
    assert_eq!(a.state, "cancelled");
    let kept = a.cancel_reason.clone().unwrap();
    assert!(kept.starts_with("来电取消，身份证") && !kept.contains(testkit::ID), "{kept}");
    assert_eq!(store.appointments().get(later).unwrap().unwrap(), a);
    assert!(!store.appointments().slot_booked(d(2026, 11, 28), "09:30").unwrap(), "the slot is free");
    let rebooked = book(d(2026, 11, 28), "09:30", "戊").unwrap();
    assert!(store.tickets().arrive(later, d(2026, 11, 28), "desk", now).is_err(), "a cancelled one gives no ticket");
    assert!(store.appointments().cancel(later, "again", "0002", now).is_err(), "cancelled twice");
    assert!(store.appointments().cancel(today_early, "arrived", "0002", now).is_err(), "arrived: has a ticket");
    for bad in ["", "   ", "a\u{7}b", "因".repeat(201).as_str()] {
        assert!(store.appointments().cancel(rebooked, bad, "0002", now).is_err(), "{bad:?}");
    }
    assert!(store.appointments().cancel(999_999, "no such", "0002", now).is_err());
    assert_eq!(store.appointments().get(rebooked).unwrap().unwrap().state, "booked", "garbage changed nothing");
    let ids: Vec<i64> = store.appointments().from(d(2026, 11, 24), 10).unwrap().iter().map(|a| a.id).collect();
    assert_eq!(ids, [rebooked], "a cancelled later one leaves the list of coming ones");
    let n = store.audit().verify().unwrap();
    let entries = store.audit().entries(1, n as usize).unwrap();
    let cancels: Vec<_> = entries.iter().filter(|e| e.action == "desk.appointment_cancelled").collect();
    assert_eq!(cancels.len(), 1);
    assert_eq!(cancels[0].actor, "0002");
    assert_eq!(cancels[0].detail["appointment"], later);
    assert_eq!(cancels[0].detail["slot"], "09:30");
    assert_eq!(cancels[0].detail["reason"], kept.as_str());
    assert!(testkit::raw_id_outside_registry(store, testkit::ID).is_empty());

    // A staff-assisted mark on a print job.
    let job = store.print_jobs().begin(cert.id, "file:spool", "kiosk-01-desk", now).unwrap();
    assert_eq!(store.print_jobs().assist(job).unwrap(), Some((None, None, "slip".to_string())));
    store.print_jobs().mark_assisted(job, "0002", 3, AssistedDoc::Reminder).unwrap();
    assert_eq!(store.print_jobs().assist(job).unwrap(), Some((Some("0002".into()), Some(3), "reminder".to_string())));
    assert!(store.print_jobs().mark_assisted(job + 1000, "0002", 3, AssistedDoc::Slip).is_err());

    // Unfinished document jobs with their case number.
    let printed = store.documents().begin_job(case.id, "notice", "file:spool", "desk", now).unwrap();
    store.documents().finish_job(printed, None, "0002", now).unwrap();
    let failed = store.documents().begin_job(case.id, "notice", "tcp://x", "desk", now).unwrap();
    store.documents().finish_job(failed, Some("offline"), "0002", now).unwrap();
    let pending = store.documents().begin_job(case.id, "receipt", "tcp://x", "desk", now).unwrap();
    let rows = store.documents().unfinished_jobs().unwrap();
    assert_eq!(
        rows.iter().map(|r| (r.id, r.state.as_str())).collect::<Vec<_>>(),
        [(failed, "failed"), (pending, "pending")]
    );
    assert!(rows.iter().all(|r| r.case_number == case.number));
    assert_eq!(rows[0].error.as_deref(), Some("offline"));
    store.audit().verify().unwrap();
}

#[test]
fn desk_extra_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    exercise(&Store::open(dir.path().join("certdesk.db")).unwrap());
}

#[test]
fn desk_extra_on_postgresql() {
    let Some(url) = pg::fresh_url("desk extra") else { return };
    exercise(&Store::open_at(&Location::Postgres(url), OpenCheck::Skip).unwrap());
}
