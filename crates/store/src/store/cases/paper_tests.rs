//! A4 documents in the store, on both backends: numbers per kind and year without gaps, the
//! bytes kept as issued, jobs kept until printed.

use super::*;
use crate::store::cases::NewCase;
use crate::store::Role;

fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(9, 0, 0).unwrap()
}

fn pdf(n: &str) -> std::result::Result<PaperPdf, String> {
    Ok(PaperPdf { title: "受理通知书".into(), pages: 2, pdf: format!("%PDF-1.7 {n}").into_bytes() })
}

fn num(seq: u64) -> String {
    format!("应急许受〔2026〕{seq}号")
}

#[test]
fn numbers_run_per_kind_and_year_and_a_failed_build_takes_none() {
    for (_d, s) in crate::store::test_stores("paper_numbers") {
        s.staff().add("0001", "张敏", "123456", Role::Clerk).unwrap();
        let materials = vec!["id_card".to_string()];
        let c = s
            .cases()
            .open(&NewCase { matter: "special_review", materials, owner: "0001", ticket: None }, at(2026, 12, 6))
            .unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let a = s.documents().issue(c.id, "acceptance", day, "0001", at(2026, 12, 6), num, pdf).unwrap();
        // A document that cannot be built takes no number and leaves nothing behind.
        let e = s.documents().issue(c.id, "acceptance", day, "0001", at(2026, 12, 6), num, |_| Err("no font".into()));
        assert!(e.is_err());
        let b = s.documents().issue(c.id, "acceptance", day, "0001", at(2026, 12, 6), num, pdf).unwrap();
        let n = s
            .documents()
            .issue(c.id, "notice", day, "0001", at(2026, 12, 6), |q| format!("应急许补〔2026〕{q}号"), pdf)
            .unwrap();
        let next_year = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
        let y = s
            .documents()
            .issue(c.id, "acceptance", next_year, "0001", at(2027, 1, 4), |q| format!("〔2027〕{q}号"), pdf)
            .unwrap();
        assert_eq!((a.number.as_str(), b.number.as_str()), ("应急许受〔2026〕1号", "应急许受〔2026〕2号"));
        assert_eq!(n.number, "应急许补〔2026〕1号", "each kind counts on its own");
        assert_eq!(y.number, "〔2027〕1号");
        assert!(s.documents().issue(c.id, "", day, "0001", at(2026, 12, 6), num, pdf).is_err());
        let docs = s.documents().of_case(c.id).unwrap();
        assert_eq!(docs.len(), 4);
        assert_eq!(s.documents().pdf(a.id).unwrap().unwrap(), pdf(&a.number).unwrap().pdf, "the bytes as issued");
        assert_eq!(a.sha256.len(), 64);
        let events = s.cases().events(c.id).unwrap();
        assert_eq!(events.iter().filter(|e| e.action == "paper.issued").count(), 4);
    }
}

#[test]
fn a_failed_job_is_listed_until_it_is_reprinted() {
    for (_d, s) in crate::store::test_stores("paper_jobs") {
        s.staff().add("0001", "张敏", "123456", Role::Clerk).unwrap();
        let materials = vec!["id_card".to_string()];
        let c = s
            .cases()
            .open(&NewCase { matter: "special_review", materials, owner: "0001", ticket: None }, at(2026, 12, 6))
            .unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let d = s.documents().issue(c.id, "notice", day, "0001", at(2026, 12, 6), num, pdf).unwrap();
        let ok = s.documents().begin_a4_job(d.id, "cups:a4", "desk-1", "0001", at(2026, 12, 6)).unwrap();
        s.documents().finish_a4_job(ok, None, "0001", at(2026, 12, 6)).unwrap();
        let bad = s.documents().begin_a4_job(d.id, "cups:a4", "desk-1", "0001", at(2026, 12, 6)).unwrap();
        assert_eq!(s.documents().unfinished_a4_jobs().unwrap().len(), 1, "pending is listed");
        s.documents().finish_a4_job(bad, Some("queue disabled"), "0001", at(2026, 12, 6)).unwrap();
        let stuck = s.documents().unfinished_a4_jobs().unwrap();
        assert_eq!(stuck.len(), 1);
        assert_eq!(
            (stuck[0].id, stuck[0].state.as_str(), stuck[0].case_number.as_str()),
            (bad, "failed", c.number.as_str())
        );
        assert_eq!(stuck[0].error.as_deref(), Some("queue disabled"));
        s.documents().a4_job_reprinted(bad, "admin", at(2026, 12, 7)).unwrap();
        assert!(s.documents().unfinished_a4_jobs().unwrap().is_empty());
        assert!(
            s.documents().begin_a4_job(9999, "cups:a4", "desk-1", "0001", at(2026, 12, 6)).is_err(),
            "no such document"
        );
        assert!(s.documents().finish_a4_job(9999, None, "0001", at(2026, 12, 6)).is_err());
    }
}
