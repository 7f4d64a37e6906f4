//! The hall's store: call order, people ahead, ticket jobs, holder search — on SQLite and on
//! PostgreSQL (`CERTDESK_TEST_PG`), which must agree.

use super::*;
use crate::domain::Gender;
use crate::store::Role;
use crate::store::Store;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}
fn at(day: NaiveDate, h: u32, mi: u32) -> NaiveDateTime {
    day.and_hms_opt(h, mi, 0).unwrap()
}

fn stores(tag: &str) -> Vec<(Option<tempfile::TempDir>, Store)> {
    let all = crate::store::test_stores(tag);
    for (_, s) in &all {
        s.staff().add("0001", "张敏", "123456", Role::Clerk).unwrap();
        s.staff().add("0002", "李娜", "123456", Role::Clerk).unwrap();
    }
    all
}

#[test]
fn calls_come_back_in_the_order_they_were_made_even_in_the_same_second() {
    let day = d(2026, 12, 7);
    for (_d, s) in stores("hall_call_order") {
        let a1 = s.tickets().take(day, None, "k", at(day, 9, 0)).unwrap();
        let a2 = s.tickets().take(day, None, "k", at(day, 9, 0)).unwrap();
        let appt =
            s.appointments().book(day, "09:30", false, "王芳", None, "special_review", None, "0001", at(day, 8, 0));
        let b1 = s.tickets().arrive(appt.unwrap(), day, "k", at(day, 9, 1)).unwrap();
        // Same second at two counters: the appointment's B001 (issued last) goes first.
        let t = at(day, 9, 5);
        assert_eq!(s.tickets().call_next(day, 2, "0001", t).unwrap().unwrap().label, b1.label);
        assert_eq!(s.tickets().call_next(day, 5, "0002", t).unwrap().unwrap().label, a1.label);
        let h = s.tickets().calls(day, 8).unwrap();
        let seen: Vec<(&str, Option<u32>)> = h.calls.iter().map(|c| (c.label.as_str(), c.counter)).collect();
        assert_eq!(seen, vec![("A001", Some(5)), ("B001", Some(2))], "newest call first");
        assert_eq!(h.waiting, 1, "A002 still waits");
        // The limit keeps the newest.
        assert_eq!(s.tickets().call_next(day, 2, "0001", t).unwrap().unwrap().label, a2.label);
        let h = s.tickets().calls(day, 2).unwrap();
        assert_eq!(h.calls.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(), ["A002", "A001"]);
        assert_eq!(h.waiting, 0);
        // Another day has its own calls.
        assert!(s.tickets().calls(d(2026, 12, 8), 8).unwrap().calls.is_empty());
    }
}

#[test]
fn people_ahead_counts_those_called_before_in_call_order() {
    let day = d(2026, 12, 7);
    for (_d, s) in stores("hall_people_ahead") {
        let a1 = s.tickets().take(day, None, "k", at(day, 9, 0)).unwrap();
        assert_eq!(s.tickets().people_ahead(a1.id).unwrap(), 0);
        let a2 = s.tickets().take(day, None, "k", at(day, 9, 1)).unwrap();
        assert_eq!(s.tickets().people_ahead(a2.id).unwrap(), 1);
        let appt =
            s.appointments().book(day, "10:00", false, "王芳", None, "special_review", None, "0001", at(day, 8, 0));
        let b1 = s.tickets().arrive(appt.unwrap(), day, "k", at(day, 9, 2)).unwrap();
        // Appointments are called first: nobody is ahead of B001, and A002 now has two.
        assert_eq!(s.tickets().people_ahead(b1.id).unwrap(), 0);
        assert_eq!(s.tickets().people_ahead(a2.id).unwrap(), 2);
        s.tickets().call_next(day, 1, "0001", at(day, 9, 3)).unwrap();
        assert_eq!(s.tickets().people_ahead(a2.id).unwrap(), 1);
        assert!(s.tickets().people_ahead(9_999).is_err(), "no such ticket");
    }
}

#[test]
fn a_ticket_job_is_kept_with_its_bytes_and_a_failure() {
    let day = d(2026, 12, 7);
    for (_d, s) in stores("hall_ticket_jobs") {
        let t = s.tickets().take(day, None, "k", at(day, 9, 0)).unwrap();
        let ok = s.print_jobs().begin_ticket(t.id, "file:/tmp/x", "k-desk", at(day, 9, 0)).unwrap();
        s.print_jobs().set_ticket_bytes(ok, b"\x1b@A001").unwrap();
        s.print_jobs().finish_ticket(ok, None, "k-desk", at(day, 9, 0)).unwrap();
        let bad = s.print_jobs().begin_ticket(t.id, "tcp:10.0.0.9:9100", "k-desk", at(day, 9, 0)).unwrap();
        s.print_jobs().set_ticket_bytes(bad, b"\x1b@A001").unwrap();
        s.print_jobs().finish_ticket(bad, Some("printer offline"), "k-desk", at(day, 9, 0)).unwrap();
        let j = s.print_jobs().ticket(ok).unwrap().unwrap();
        assert_eq!((j.state.as_str(), j.bytes.as_deref()), ("printed", Some(&b"\x1b@A001"[..])));
        let left = s.print_jobs().unfinished_tickets().unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!((left[0].id, left[0].error.as_deref()), (bad, Some("printer offline")));
        assert!(s.print_jobs().finish_ticket(99_999, None, "k-desk", at(day, 9, 0)).is_err());
        assert!(s.print_jobs().set_ticket_bytes(99_999, b"x").is_err());
    }
}

fn holder(id: &str, name: &str, employer: Option<&str>) -> Holder {
    Holder {
        id_number: id.into(),
        name: name.into(),
        gender: Gender::Male,
        mobile: Some("13800138000".into()),
        employer: employer.map(Into::into),
        employer_code: None,
    }
}

#[test]
fn holders_are_found_by_name_and_employer_prefix_on_both_backends() {
    for (_d, s) in stores("hall_holder_search") {
        s.holders().upsert(&holder("11010519491231002X", "王建国", Some("淄博市恒达化工有限公司"))).unwrap();
        s.holders().upsert(&holder("110105194912310037", "王建军", Some("淄博市恒达化工有限公司"))).unwrap();
        s.holders().upsert(&holder("110105194912310053", "李王", None)).unwrap();
        s.holders().upsert(&holder("110105194912310061", "Wang-a", None)).unwrap();
        s.holders().upsert(&holder("11010519491231007X", "Wangb", None)).unwrap();
        let names = |t: &str| -> Vec<String> {
            s.holders().by_prefix(t, false, 10).unwrap().into_iter().map(|h| h.name).collect()
        };
        assert_eq!(names("王建"), ["王建军", "王建国"], "code-point order");
        assert_eq!(names(" 王建国 "), ["王建国"], "trimmed");
        assert!(names("建国").is_empty(), "a prefix, not a substring");
        // Code-point order on PostgreSQL too (a language collation would put "Wang-a" elsewhere).
        assert_eq!(names("Wang"), ["Wang-a", "Wangb"]);
        assert_eq!(s.holders().by_prefix("王", false, 1).unwrap().len(), 1, "limit");
        let by_emp = s.holders().by_prefix("淄博市恒达", true, 10).unwrap();
        assert_eq!(by_emp.len(), 2);
        assert!(by_emp.iter().all(|h| h.mobile.as_deref() == Some("13800138000")));
        // Garbage: empty, control characters, SQL, wildcards, over-long.
        assert!(names("").is_empty());
        assert!(names("\u{7}王").is_empty());
        assert!(names("%").is_empty());
        assert!(names("王%").is_empty());
        assert!(names("' OR 1=1 --").is_empty());
        assert!(names("\u{10FFFF}").is_empty());
        assert!(s.holders().by_prefix(&"王".repeat(65), false, 10).is_err());
    }
}
