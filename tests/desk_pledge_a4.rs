//! The pledge signed before acceptance is the A4 document (SPEC §8, issue 16 on issue 15's
//! pledges): the desk's pledge key issues the 容缺受理承诺书 or 告知承诺书 through the A4 path
//! (numbered, its PDF written to the `file:` A4 target before the case is accepted), carrying the
//! outstanding materials or the pledged proofs, the promised date in Chinese form and the
//! consequences of a false pledge; the acceptance is refused until the clerk confirms the
//! signed paper (行政许可法 第三十二条: 受理 is decided on the application as it stands; the
//! pledge is part of it), then goes through. A job the A4 printer does not take is kept, listed
//! for the case's reprint key, and sent again. Both store backends: SQLite (a real file) and
//! PostgreSQL (`testkit::pg`; required in CI). Needs poppler-utils and fonts-noto-cjk.

use certdesk::config::Config;
use certdesk::domain::intake::{Decision, MaterialState};
use certdesk::domain::matters::Matters;
use certdesk::domain::pledge::{self, PledgeKind};
use certdesk::domain::workdays::Calendar;
use certdesk::service::desk::{DeskError, StaffSession};
use certdesk::store::Role;
use certdesk_paper::template::date_zh;
use certdesk_paper::DocKind;
use certdesk_testkit::service_desk::{DeskBackends, DeskFx};
use chrono::{NaiveDate, NaiveDateTime};
use std::process::Command;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}
fn at(day: NaiveDate, h: u32, mi: u32) -> NaiveDateTime {
    day.and_hms_opt(h, mi, 0).unwrap()
}

fn tools() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok() && certdesk_paper::Fonts::find(None, None).is_ok();
    assert!(ok || std::env::var_os("CI").is_none(), "poppler-utils or fonts-noto-cjk missing under CI");
    ok
}

/// The text of the PDF file the A4 target received, whitespace removed.
fn pdftotext(pdf: &std::path::Path) -> String {
    let o = Command::new("pdftotext").arg(pdf).arg("-").output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).chars().filter(|c| !c.is_whitespace()).collect()
}

fn fixtures(tag: &str) -> Vec<(DeskFx, StaffSession)> {
    let mut config = Config::default();
    config.bureau.name = "南京市应急管理局".into();
    config.paper.target = "file:a4".into();
    DeskBackends::new(at(d(2026, 12, 4), 9, 0))
        .staff("0001", "张敏", "123456", Role::Clerk)
        .config(config)
        .a4()
        .build(tag)
        .into_iter()
        .map(|kit| {
            let clerk = kit.login("0001", "123456");
            (kit, clerk)
        })
        .collect()
}

fn is_pledge_refusal(r: Result<impl std::fmt::Debug, DeskError>) -> bool {
    matches!(r, Err(DeskError::Pledge(_)))
}

/// 容缺受理: the 容缺受理承诺书 is printed on A4 before acceptance with the missing material and
/// the promised date; acceptance waits for the clerk's confirmation, then goes through, and the
/// pledge key after acceptance issues the document as before.
#[test]
fn the_rongque_pledge_is_the_a4_document_signed_before_acceptance() {
    let have = tools();
    for (fx, clerk) in fixtures("pa4_rongque") {
        let id = fx.ticked_case(&clerk, &[("education", MaterialState::Missing)]);
        let due = d(2026, 12, 10);
        let p = fx.desk.print_pledge(&clerk, id, PledgeKind::Deficient, Some(due)).unwrap();
        let a4 = p.a4.clone().expect("printed on A4");
        assert!(a4.error.is_none() && p.print.error.is_none(), "{:?}", a4.error);
        assert_eq!(a4.document.kind, DocKind::RongquePledge.key());
        assert_eq!(p.print.serial, a4.job, "the pledge names its A4 job");
        // Written before acceptance, under its number.
        let c = fx.store().cases().get(id).unwrap().unwrap();
        assert!(c.accepted_on.is_none());
        let job = fx.store().documents().a4_job(a4.job).unwrap().expect("job recorded");
        assert_eq!((job.state.as_str(), job.number.as_str()), ("printed", a4.document.number.as_str()));
        let pdf = fx.dir.path().join(format!("a4/A{:07}.pdf", a4.job));
        assert!(std::fs::read(&pdf).expect("the PDF was written").starts_with(b"%PDF"));
        if have {
            let t = pdftotext(&pdf);
            assert!(t.contains("容缺受理承诺书") && t.contains(&a4.document.number), "{t}");
            assert!(t.contains("初中及以上学历证明"), "the outstanding material: {t}");
            assert!(t.contains(&format!("承诺于{}前补齐上述材料", date_zh(due))), "the promised date: {t}");
            assert!(t.contains("逾期未补齐的"), "the consequences: {t}");
        }
        // Not accepted until the clerk has the signed paper in hand.
        let accept = Decision::AcceptDeficient { pledge_signed: true, pledge_due: due };
        assert!(is_pledge_refusal(fx.desk.decide(&clerk, id, &accept, None)));
        assert!(fx.store().cases().get(id).unwrap().unwrap().accepted_on.is_none());
        let signed = fx.desk.confirm_pledge(&clerk, id, PledgeKind::Deficient).unwrap();
        assert_eq!(signed.id, p.pledge.id, "the confirmation is the A4 pledge's row");
        fx.desk.decide(&clerk, id, &accept, None).unwrap();
        let c = fx.store().cases().get(id).unwrap().unwrap();
        assert_eq!((c.accepted_on, c.accept_kind.as_deref()), (Some(d(2026, 12, 4)), Some("deficient")));
        // After acceptance the pledge key issues the 容缺受理承诺书 as it did.
        let again = fx.desk.print_a4(&clerk, id, DocKind::RongquePledge).unwrap();
        assert_eq!(again.document.kind, DocKind::RongquePledge.key());
        assert_ne!(again.document.number, a4.document.number);
    }
}

/// 告知承诺: the 告知承诺书 on A4 names the materials whose proof the pledge replaces and the
/// date the check an acceptance today opens is due; acceptance waits for the confirmation.
#[test]
fn the_notify_pledge_is_the_a4_document_signed_before_acceptance() {
    let have = tools();
    let matters = Matters::builtin();
    let m = matters.get("special_issue").unwrap();
    let check_due = pledge::check_due(&Calendar::builtin(), d(2026, 12, 4), m).unwrap().value;
    for (fx, clerk) in fixtures("pa4_notify") {
        let id = fx.ticked_case(&clerk, &[("education", MaterialState::Pledged)]);
        let p = fx.desk.print_pledge(&clerk, id, PledgeKind::Notify, None).unwrap();
        let a4 = p.a4.clone().expect("printed on A4");
        assert!(a4.error.is_none());
        assert_eq!(a4.document.kind, DocKind::Pledge.key());
        let pdf = fx.dir.path().join(format!("a4/A{:07}.pdf", a4.job));
        assert!(pdf.exists());
        if have {
            let t = pdftotext(&pdf);
            assert!(t.contains("初中及以上学历证明可以以书面承诺代替证明材料"), "{t}");
            assert!(t.contains(&format!("于{}前配合提供核查所需的材料", date_zh(check_due))), "{t}");
            assert!(t.contains("承诺不实的"), "the consequences: {t}");
        }
        assert!(is_pledge_refusal(fx.desk.decide(&clerk, id, &Decision::Accept, None)));
        fx.desk.confirm_pledge(&clerk, id, PledgeKind::Notify).unwrap();
        fx.desk.decide(&clerk, id, &Decision::Accept, None).unwrap();
        assert_eq!(fx.store().cases().get(id).unwrap().unwrap().accept_kind.as_deref(), Some("pledge"));
    }
}

/// A pledge the A4 printer does not take: the document is issued and the pledge recorded, the
/// job kept and named as the case's failed A4 job (the reprint key's), and sent again once the
/// printer works; garbage in the target's place is the printer's fault, not a lost pledge.
#[test]
fn a_pledge_the_a4_printer_does_not_take_is_kept_and_reprinted() {
    for (fx, clerk) in fixtures("pa4_fault") {
        // The A4 target's folder is a file: the printer cannot take the job.
        std::fs::write(fx.dir.path().join("a4"), b"not a folder").unwrap();
        let id = fx.ticked_case(&clerk, &[("education", MaterialState::Missing)]);
        let due = d(2026, 12, 10);
        let p = fx.desk.print_pledge(&clerk, id, PledgeKind::Deficient, Some(due)).unwrap();
        let a4 = p.a4.clone().unwrap();
        assert!(a4.error.is_some() && p.print.error.is_some(), "the clerk is told");
        assert_eq!(fx.desk.last_failed_a4(id).unwrap(), Some(a4.job));
        let on_file = fx.desk.pledge_on_file(id, PledgeKind::Deficient).unwrap().expect("recorded");
        assert_eq!((on_file.id, on_file.signed.is_some()), (p.pledge.id, false));
        std::fs::remove_file(fx.dir.path().join("a4")).unwrap();
        let r = fx.desk.reprint_last_a4(&clerk, id).unwrap();
        assert!(r.error.is_none());
        assert_eq!((r.job, r.document.number.as_str()), (a4.job, a4.document.number.as_str()));
        assert!(fx.dir.path().join(format!("a4/A{:07}.pdf", a4.job)).exists());
        assert_eq!(fx.desk.last_failed_a4(id).unwrap(), None);
        fx.desk.confirm_pledge(&clerk, id, PledgeKind::Deficient).unwrap();
        fx.desk.decide(&clerk, id, &Decision::AcceptDeficient { pledge_signed: true, pledge_due: due }, None).unwrap();
    }
}

/// Through the keys a clerk presses on a real home (`file:` A4 target): F6 with the date prints
/// the 容缺受理承诺书 on A4 before acceptance (the PDF is in the A4 folder, with the material and
/// the date in Chinese form); Esc leaves the case unaccepted; Enter on the signed paper accepts.
#[test]
fn the_pledge_key_prints_the_a4_pledge_and_acceptance_waits_for_the_signed_paper() {
    use certdesk::app::desk::screens::pledge::PledgeNote;
    use certdesk::app::desk::{Note, Screen};
    use certdesk::app::Target;
    use certdesk::domain::intake::CaseState;
    use certdesk_testkit::desk_keys::{CLERK, CLERK_NAME, SPECIAL_ISSUE_BUT_EDUCATION};
    use certdesk_testkit::{self as testkit, desk, TestHome};
    use crossterm::event::KeyCode;

    let have = tools();
    let h = TestHome::new("file:spool");
    h.store().staff().add(CLERK.0, CLERK_NAME, CLERK.1, Role::Clerk).unwrap();
    let mut rt = h.runtime(Target::DeskLogin);
    testkit::desk_login(&mut rt, CLERK);
    rt.new_case("赵六");
    for m in SPECIAL_ISSUE_BUT_EDUCATION {
        rt.tick(m, '1');
    }
    rt.tick("education", '2');
    let due = testkit::now().date() + chrono::Days::new(1);
    let state = |rt: &certdesk_testkit::Driver| match &desk(rt).screen {
        Screen::Case { line } => line.case.state,
        Screen::Checklist { case, .. } => case.state,
        other => panic!("{other:?}"),
    };
    rt.f(6);
    rt.settle();
    rt.answer(&due.format("%Y-%m-%d").to_string());
    let job = match &desk(&rt).note {
        Some(Note::Pledge(PledgeNote::Printed { kind: PledgeKind::Deficient, serial, a4: true, fault: None })) => {
            *serial
        }
        other => panic!("{other:?}"),
    };
    let pdf = h.spool().join(format!("a4/A{job:07}.pdf"));
    assert!(std::fs::read(&pdf).expect("written before acceptance").starts_with(b"%PDF"));
    assert_ne!(state(&rt), CaseState::Accepted);
    if have {
        let t = pdftotext(&pdf);
        assert!(t.contains("初中及以上学历证明") && t.contains(&format!("{}前补齐", date_zh(due))), "{t}");
    }
    // Esc: the clerk has no signed paper; not accepted.
    rt.key(KeyCode::Esc);
    rt.settle();
    assert_eq!(state(&rt), CaseState::Registered);
    // Again, and Enter on the signed paper: accepted 容缺.
    rt.f(6);
    rt.settle();
    rt.answer(&due.format("%Y-%m-%d").to_string());
    rt.enter();
    rt.settle();
    assert_eq!(state(&rt), CaseState::Accepted, "{:?}", desk(&rt).note);
}
