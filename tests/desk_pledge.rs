//! Issue 15, "Pledges that are real", on a real SQLite file and a real PostgreSQL schema through
//! the desk service (the rules: `domain::pledge`):
//! - the 容缺受理承诺书 / 告知承诺书 is printed (what is outstanding, the promised date, the
//!   consequences of a false pledge) and its signing confirmed (who, when, audited) before the
//!   case can be accepted on it (SPEC §2 容缺受理: "signs a pledge (before acceptance)");
//! - a 告知承诺 acceptance opens its 事中事后核查, due in working days (SPEC §2 告知承诺; 运城 2023
//!   措施 3), listed for staff; 属实 closes it; 不实 marks the applicant (失信), revokes a granted
//!   permit (行政许可法 第六十九条第二款, 第七十九条) or bars the grant of a pending one (第七十八条);
//! - 失信 marks listed, entered and lifted at the desk with a supervisor's PIN on the spot.

use certdesk::clock::Clock;
use certdesk::config::Config;
use certdesk::domain::case_time::Outcome;
use certdesk::domain::credit::MarkError;
use certdesk::domain::intake::{AcceptKind, Decision, MaterialState};
use certdesk::domain::matters::Matters;
use certdesk::domain::pledge::{CheckError, DecisionConsequence, Finding, PledgeError, PledgeKind};
use certdesk::domain::workdays::Calendar;
use certdesk::service::desk::{Decided, Desk, DeskError, Login, StaffSession, SupervisorOverride, VisitorInput};
use certdesk::store::{Location, OpenCheck, Role, Store};
use certdesk_testkit::pg;
use chrono::{NaiveDate, NaiveDateTime};
use std::sync::{Arc, Mutex};

const RAW_ID: &str = "11010519491231002X";
const CODE: &str = "91350100M000100Y43";

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

struct Fx {
    dir: tempfile::TempDir,
    loc: Location,
    desk: Desk,
    clock: Arc<Mutex<NaiveDateTime>>,
    clerk: StaffSession,
    sup: StaffSession,
}

fn session(desk: &Desk, id: &str, pin: &str) -> StaffSession {
    match desk.login(id, pin).unwrap() {
        Login::Ok(s) => s,
        other => panic!("{other:?}"),
    }
}

fn fixtures(tag: &str) -> Vec<Fx> {
    let mut locs = vec![(tempfile::tempdir().unwrap(), None)];
    if let Some(url) = pg::fresh_url(tag) {
        locs.push((tempfile::tempdir().unwrap(), Some(url)));
    }
    locs.into_iter()
        .map(|(dir, url)| {
            let loc = match url {
                Some(u) => Location::Postgres(u),
                None => Location::Sqlite(dir.path().join("certdesk.db")),
            };
            let store = Store::open_at(&loc, OpenCheck::Skip).unwrap();
            store.staff().add("0001", "张敏", "111111", Role::Clerk).unwrap();
            store.staff().add("0007", "王强", "777777", Role::Supervisor).unwrap();
            // Monday 2026-12-07.
            let clock = Arc::new(Mutex::new(d(2026, 12, 7).and_hms_opt(9, 0, 0).unwrap()));
            let c2 = clock.clone();
            let desk = Desk::new(
                store,
                &Config::default(),
                certdesk::printer::Target::File(dir.path().join("spool")),
                Matters::builtin(),
                Calendar::builtin(),
                Clock::from_fn(move || *c2.lock().unwrap()),
            );
            let clerk = session(&desk, "0001", "111111");
            let sup = session(&desk, "0007", "777777");
            Fx { dir, loc, desk, clock, clerk, sup }
        })
        .collect()
}

fn over(staff: &str, pin: &str, reason: &str) -> SupervisorOverride {
    SupervisorOverride { staff_id: staff.into(), pin: pin.into(), reason: reason.into() }
}

/// The printed bytes as text without line breaks or spaces (the slip wraps long lines).
fn flat(bytes: &[u8]) -> String {
    certdesk::slip::parse_escpos(bytes).unwrap().text().chars().filter(|c| !c.is_whitespace()).collect()
}

impl Fx {
    fn at(&self, t: NaiveDateTime) {
        *self.clock.lock().unwrap() = t;
    }

    /// A 特种作业操作证申领 case with every material provided but `missing` (Missing) and
    /// `pledged` (Pledged, 告知承诺); the visitor with an ID number and, when `code`, the
    /// enterprise's credit code.
    fn case(&self, matter: &str, missing: &[&str], pledged: &[&str], code: bool) -> i64 {
        let c = self.desk.open_case(&self.clerk, matter, None).unwrap();
        let input = VisitorInput {
            name: "王秀英".into(),
            id_number: Some(RAW_ID.into()),
            credit_code: code.then(|| CODE.into()),
            enterprise: code.then(|| "示范化工有限公司".into()),
            ..Default::default()
        };
        self.desk.record_visitor(&self.clerk, c.id, &input).unwrap();
        let m = self.desk.matters().get(matter).unwrap().clone();
        for mat in &m.materials {
            let state = if missing.contains(&mat.code.as_str()) {
                MaterialState::Missing
            } else if pledged.contains(&mat.code.as_str()) {
                MaterialState::Pledged
            } else {
                MaterialState::Provided
            };
            self.desk.tick(&self.clerk, c.id, &mat.code, state).unwrap();
        }
        c.id
    }

    /// A 告知承诺 case (复审, the health certificate pledged) accepted on its signed pledge.
    fn accepted_on_pledge(&self, code: bool) -> i64 {
        let case = self.case("special_review", &[], &["health"], code);
        self.desk.print_pledge(&self.clerk, case, PledgeKind::Notify, None).unwrap();
        self.desk.confirm_pledge(&self.clerk, case, PledgeKind::Notify).unwrap();
        let out = self.desk.decide(&self.clerk, case, &Decision::Accept, None).unwrap();
        assert!(matches!(out, Decided::Accepted { kind: AcceptKind::OnPledge, .. }), "{out:?}");
        case
    }

    fn audit_actions(&self) -> Vec<(String, String, serde_json::Value)> {
        self.desk.store.audit().entries(1, 1000).unwrap().into_iter().map(|e| (e.actor, e.action, e.detail)).collect()
    }
}

fn pledge_err<T: std::fmt::Debug>(r: Result<T, DeskError>) -> PledgeError {
    match r {
        Err(DeskError::Pledge(e)) => e,
        other => panic!("expected a pledge refusal, got {other:?}"),
    }
}

/// SPEC §2 容缺受理 ("the applicant signs a pledge (before acceptance) … by a date no later than
/// the committed completion date"); 淄博 2017 简报 五 (先办后补); 行政许可法 第七十八条 and
/// 第六十九条第二款 printed as the consequences.
#[test]
fn a_deficient_acceptance_waits_for_the_printed_pledge_confirmed_signed_on_both_backends() {
    for f in fixtures("pledge_deficient") {
        let loc = format!("{:?}", f.loc);
        let case = f.case("special_issue", &["education"], &[], false);
        let due = d(2026, 12, 10);
        let dec = Decision::AcceptDeficient { pledge_signed: true, pledge_due: due };
        // Nothing printed: refused whatever the caller claims, in words for the clerk.
        let e = pledge_err(f.desk.decide(&f.clerk, case, &dec, None));
        assert_eq!(e, PledgeError::NotPrinted(PledgeKind::Deficient), "{loc}");
        assert!(e.zh().contains("请先打印容缺受理承诺书"), "{}", e.zh());
        // A date after the committed completion date cannot be printed (SPEC §2).
        let late = f.desk.calendar().due_date(d(2026, 12, 7), 20).unwrap();
        assert!(matches!(
            pledge_err(f.desk.print_pledge(&f.clerk, case, PledgeKind::Deficient, Some(late))),
            PledgeError::DateAfterDue { .. }
        ));
        // Printed: the outstanding material, the date on paper in Chinese form, the consequences.
        let p = f.desk.print_pledge(&f.clerk, case, PledgeKind::Deficient, Some(due)).unwrap();
        assert!(p.print.error.is_none(), "{loc}");
        let text = flat(&p.print.bytes);
        assert!(text.contains("容缺受理承诺书") && text.contains("初中及以上学历证明"), "{text}");
        assert!(text.contains("2026年12月10日") && text.contains("第七十八条") && text.contains("撤销"), "{text}");
        assert!(text.contains("承诺人签字"), "{text}");
        assert!(!text.contains(RAW_ID), "masked on paper");
        let spooled = f.dir.path().join("spool").join("documents").join(format!("{}.bin", p.print.serial));
        assert_eq!(std::fs::read(spooled).unwrap(), p.print.bytes, "{loc}: the printer got these bytes");
        // Printed, not yet confirmed.
        assert_eq!(
            pledge_err(f.desk.decide(&f.clerk, case, &dec, None)),
            PledgeError::NotSigned(PledgeKind::Deficient)
        );
        // Confirmed by the clerk at 09:05: who and when, in the case's events and the audit.
        f.at(d(2026, 12, 7).and_hms_opt(9, 5, 0).unwrap());
        let rec = f.desk.confirm_pledge(&f.clerk, case, PledgeKind::Deficient).unwrap();
        assert_eq!(rec.signed, Some(("0001".to_string(), d(2026, 12, 7).and_hms_opt(9, 5, 0).unwrap())));
        assert_eq!(
            pledge_err(f.desk.confirm_pledge(&f.clerk, case, PledgeKind::Deficient)),
            PledgeError::AlreadySigned
        );
        let on_file = f.desk.pledge_on_file(case, PledgeKind::Deficient).unwrap().unwrap();
        assert_eq!(on_file.signed, rec.signed, "{loc}: the store keeps who and when");
        let audit = f.audit_actions();
        assert!(audit.iter().any(|(a, act, _)| a == "0001" && act == "pledge.printed"), "{loc}");
        assert!(
            audit.iter().any(|(a, act, v)| a == "0001" && act == "pledge.signed" && v["pledge"] == rec.id),
            "{loc}"
        );
        // Another date than the one signed is another promise.
        let other = Decision::AcceptDeficient { pledge_signed: true, pledge_due: d(2026, 12, 9) };
        assert_eq!(
            pledge_err(f.desk.decide(&f.clerk, case, &other, None)),
            PledgeError::Changed(PledgeKind::Deficient)
        );
        assert!(!f.desk.deficient_pledge_signed(case, d(2026, 12, 9)).unwrap());
        assert!(f.desk.deficient_pledge_signed(case, due).unwrap());
        let out = f.desk.decide(&f.clerk, case, &dec, None).unwrap();
        assert!(matches!(out, Decided::Accepted { kind: AcceptKind::Deficient { .. }, .. }), "{loc}: {out:?}");
        // After acceptance nothing more is printed or confirmed as a pledge before acceptance.
        assert!(matches!(
            pledge_err(f.desk.print_pledge(&f.clerk, case, PledgeKind::Deficient, Some(due))),
            PledgeError::NotOpen(_)
        ));
    }
}

/// The signed paper must cover what is accepted: a tick after printing is refused at the
/// confirmation and at the acceptance (SPEC §2 告知承诺: the pledge replaces the proof of *these*
/// materials). Garbage and wrong kinds are refused with the clerk's words.
#[test]
fn a_tick_after_printing_needs_a_new_pledge_and_bad_requests_are_refused() {
    for f in fixtures("pledge_changed") {
        let case = f.case("special_issue", &[], &["education"], false);
        assert_eq!(
            pledge_err(f.desk.print_pledge(&f.clerk, case, PledgeKind::Deficient, Some(d(2026, 12, 8)))),
            PledgeError::NothingOutstanding
        );
        assert_eq!(
            pledge_err(f.desk.confirm_pledge(&f.clerk, case, PledgeKind::Notify)),
            PledgeError::NotPrinted(PledgeKind::Notify)
        );
        f.desk.print_pledge(&f.clerk, case, PledgeKind::Notify, None).unwrap();
        // The education proof is brought after all: the printed pledge no longer matches.
        f.desk.tick(&f.clerk, case, "education", MaterialState::Provided).unwrap();
        assert_eq!(pledge_err(f.desk.confirm_pledge(&f.clerk, case, PledgeKind::Notify)), PledgeError::NothingPledged);
        f.desk.tick(&f.clerk, case, "education", MaterialState::Pledged).unwrap();
        f.desk.tick(&f.clerk, case, "photo", MaterialState::Missing).unwrap();
        f.desk.tick(&f.clerk, case, "photo", MaterialState::Provided).unwrap();
        f.desk.confirm_pledge(&f.clerk, case, PledgeKind::Notify).unwrap();
        assert!(f.desk.decide(&f.clerk, case, &Decision::Accept, None).is_ok());
        // A plain acceptance of a case with nothing pledged needs no pledge.
        let full = f.case("special_issue", &[], &[], false);
        assert!(f.desk.decide(&f.clerk, full, &Decision::Accept, None).is_ok());
        assert!(matches!(
            f.desk.print_pledge(&f.clerk, 999_999, PledgeKind::Notify, None),
            Err(DeskError::UnknownCase(_))
        ));
    }
}

/// SPEC §2 告知承诺 ("each opens a follow-up check (事中事后核查) whose result is recorded"); the
/// period: the matter's `verify_days`, else its committed limit (domain::pledge, module head).
#[test]
fn a_notify_acceptance_opens_a_check_due_in_working_days_and_a_true_finding_closes_it_on_both_backends() {
    for f in fixtures("pledge_check_true") {
        let loc = format!("{:?}", f.loc);
        let case = f.accepted_on_pledge(false);
        let m = f.desk.matters().get("special_review").unwrap().clone();
        let want = f.desk.calendar().due_date(d(2026, 12, 7), m.verify_days.unwrap_or(m.committed_days)).unwrap();
        let open = f.desk.pledge_checks(false).unwrap();
        assert_eq!(open.len(), 1, "{loc}");
        let check = &open[0];
        assert_eq!((check.case, check.opened_on, check.due), (case, d(2026, 12, 7), want), "{loc}");
        assert_eq!(check.materials, vec!["health".to_string()]);
        assert_eq!(f.desk.case_pledge_check(case).unwrap().as_ref(), Some(check));
        // Garbage in the note; an ID number typed into it; an unknown check.
        assert!(matches!(
            f.desk.record_check(&f.clerk, check.id, Finding::True, "见\u{1b}[2J", None),
            Err(DeskError::Check(CheckError::BadNote))
        ));
        assert!(matches!(f.desk.record_check(&f.clerk, check.id, Finding::True, RAW_ID, None), Err(DeskError::IdLike)));
        assert!(matches!(
            f.desk.record_check(&f.clerk, 4242, Finding::True, "", None),
            Err(DeskError::UnknownTask(4242))
        ));
        let r = f.desk.record_check(&f.clerk, check.id, Finding::True, "体检机构核实无误", None).unwrap();
        assert_eq!((r.finding, r.decision, r.mark), (Finding::True, DecisionConsequence::None, None));
        assert!(f.desk.pledge_checks(false).unwrap().is_empty(), "{loc}: closed");
        let done = f.desk.pledge_checks(true).unwrap();
        assert_eq!(done[0].result.as_ref().map(|r| (r.finding, r.by.as_str())), Some((Finding::True, "0001")));
        assert!(matches!(
            f.desk.record_check(&f.clerk, check.id, Finding::False, "again", None),
            Err(DeskError::Check(CheckError::Done))
        ));
        assert!(f.desk.list_marks(true).unwrap().is_empty(), "{loc}: no mark for a true pledge");
        // A 容缺 or full acceptance opens no check.
        let full = f.case("special_review", &[], &[], false);
        f.desk.decide(&f.clerk, full, &Decision::Accept, None).unwrap();
        assert!(f.desk.case_pledge_check(full).unwrap().is_none());
    }
}

/// 行政许可法 第六十九条第二款 (以欺骗等不正当手段取得行政许可的，应当予以撤销) and 第七十九条;
/// SPEC §2 告知承诺 (a false pledge: 失信 mark; revocation where the law provides).
#[test]
fn a_false_pledge_after_the_grant_revokes_it_and_marks_the_enterprise_on_both_backends() {
    for f in fixtures("pledge_check_revoke") {
        let loc = format!("{:?}", f.loc);
        let case = f.accepted_on_pledge(true);
        f.desk.record_outcome(&f.sup, case, Outcome::Grant, "").unwrap();
        let check = f.desk.case_pledge_check(case).unwrap().unwrap();
        // 不实 marks the applicant: a supervisor's, or with one's PIN on the spot.
        assert!(matches!(
            f.desk.record_check(&f.clerk, check.id, Finding::False, "健康证明系伪造", None),
            Err(DeskError::NotSupervisor)
        ));
        assert!(matches!(
            f.desk.record_check(
                &f.clerk,
                check.id,
                Finding::False,
                "健康证明系伪造",
                Some(&over("0007", "000000", ""))
            ),
            Err(DeskError::NotSupervisor)
        ));
        assert!(matches!(
            f.desk.record_check(&f.clerk, check.id, Finding::False, " ", Some(&over("0007", "777777", ""))),
            Err(DeskError::Check(CheckError::NoNote))
        ));
        let r = f
            .desk
            .record_check(&f.clerk, check.id, Finding::False, "健康证明系伪造", Some(&over("0007", "777777", "")))
            .unwrap();
        assert_eq!((r.finding, r.decision, r.by.as_str()), (Finding::False, DecisionConsequence::Revoke, "0007"));
        let mark = r.mark.expect("the enterprise is marked");
        let marks = f.desk.list_marks(false).unwrap();
        let m = marks.iter().find(|m| m.id == mark).unwrap();
        assert!(!m.person && m.shown == CODE && m.serious, "{loc}: 严重失信 on the enterprise: {m:?}");
        assert!(m.source.contains("第六十九条"), "{}", m.source);
        // The mark now holds at intake: 容缺 is refused for this enterprise (SPEC §2).
        let next = f.case("special_issue", &["education"], &[], true);
        assert!(!f.desk.case_marks(next).unwrap().is_empty(), "{loc}");
        let audit = f.audit_actions();
        assert!(
            audit.iter().any(|(a, act, v)| a == "0007" && act == "case.revoked" && v["check"] == check.id),
            "{loc}"
        );
        assert!(audit.iter().any(|(_, act, v)| act == "credit.mark" && v["mark"] == mark), "{loc}");
        assert!(audit.iter().any(|(_, act, v)| act == "pledge.check" && v["finding"] == "false"), "{loc}");
        let events = f.desk.store.cases().events(case).unwrap();
        assert!(events.iter().any(|e| e.action == "case.revoked"), "{loc}");
        let done = f.desk.pledge_checks(true).unwrap();
        assert_eq!(done[0].result.as_ref().map(|r| r.decision), Some(DecisionConsequence::Revoke));
    }
}

/// 行政许可法 第七十八条 (隐瞒有关情况或者提供虚假材料: 不予行政许可，并给予警告): found before the
/// decision, the grant is barred and the person marked 一般失信, the ID number never raw.
#[test]
fn a_false_pledge_before_the_decision_bars_the_grant_and_marks_the_person_on_both_backends() {
    for f in fixtures("pledge_check_deny") {
        let loc = format!("{:?}", f.loc);
        let case = f.accepted_on_pledge(false);
        let check = f.desk.case_pledge_check(case).unwrap().unwrap();
        let r = f.desk.record_check(&f.sup, check.id, Finding::False, "体检机构无此记录", None).unwrap();
        assert_eq!(r.decision, DecisionConsequence::Deny, "{loc}");
        let marks = f.desk.list_marks(false).unwrap();
        let m = marks.iter().find(|m| Some(m.id) == r.mark).expect("the person is marked");
        assert!(m.person && !m.serious && !m.shown.contains("19491231"), "{loc}: {m:?}");
        assert_eq!(
            pledge_err(f.desk.record_outcome(&f.sup, case, Outcome::Grant, "")),
            PledgeError::GrantBarred,
            "{loc}"
        );
        f.desk.record_outcome(&f.sup, case, Outcome::Deny, "告知承诺不实（行政许可法第七十八条）").unwrap();
        let raw = RAW_ID.to_string();
        for (_, _, v) in f.audit_actions() {
            assert!(!v.to_string().contains(&raw), "{loc}: raw ID number in the audit: {v}");
        }
    }
}

/// SPEC §2 容缺受理 ("a 失信 mark, entered by a supervisor, with source"); 淄博 2020 措施 5 (信用
/// 修复); issue 17 (every PIN through the gate). At the desk a clerk types the supervisor's
/// number and PIN; the mark is entered under the supervisor's number.
#[test]
fn marks_are_listed_added_and_lifted_at_the_desk_with_a_supervisors_pin_on_both_backends() {
    for f in fixtures("pledge_marks") {
        let loc = format!("{:?}", f.loc);
        // A missing source is said before the PIN is tried (no attempt spent).
        assert!(matches!(
            f.desk.add_mark_approved(&over("0007", "777777", " "), CODE, false, false, false, ""),
            Err(DeskError::Mark(MarkError::NoSource))
        ));
        assert!(matches!(
            f.desk.add_mark_approved(&over("0007", "777777", "信用中国"), "not a code", false, false, false, ""),
            Err(DeskError::Mark(MarkError::Code(_)))
        ));
        assert!(matches!(
            f.desk.add_mark_approved(&over("0001", "111111", "信用中国 2026-118"), CODE, false, false, false, ""),
            Err(DeskError::NotSupervisor)
        ));
        assert!(matches!(
            f.desk.add_mark_approved(&over("0007", "000000", "信用中国 2026-118"), CODE, false, false, false, ""),
            Err(DeskError::NotSupervisor)
        ));
        let id = f
            .desk
            .add_mark_approved(&over("0007", "777777", "信用中国 2026-118"), CODE, false, false, true, "")
            .unwrap();
        let person =
            f.desk.add_mark_approved(&over("0007", "777777", "法院失信名单"), RAW_ID, true, false, false, "").unwrap();
        let list = f.desk.list_marks(false).unwrap();
        assert_eq!(list.iter().map(|m| m.id).collect::<Vec<_>>(), vec![person, id], "{loc}: newest first");
        assert_eq!(list[1].entered_by, "0007");
        assert!(!list[0].shown.contains("19491231"), "{loc}: masked");
        assert!(matches!(
            f.desk.lift_mark_approved(&over("0007", "777777", ""), id),
            Err(DeskError::Mark(MarkError::NoReason))
        ));
        assert!(matches!(
            f.desk.lift_mark_approved(&over("0007", "777777", "修复"), 9999),
            Err(DeskError::NoMark(9999))
        ));
        f.desk.lift_mark_approved(&over("0007", "777777", "信用修复审核通过"), id).unwrap();
        assert_eq!(f.desk.list_marks(false).unwrap().iter().map(|m| m.id).collect::<Vec<_>>(), vec![person]);
        let all = f.desk.list_marks(true).unwrap();
        let lifted = all.iter().find(|m| m.id == id).unwrap();
        assert_eq!(lifted.lifted.as_ref().map(|l| l.by.as_str()), Some("0007"), "{loc}");
        assert!(matches!(
            f.desk.lift_mark_approved(&over("0007", "777777", "again"), id),
            Err(DeskError::Mark(MarkError::Lifted))
        ));
    }
}

/// The desk's requests (`protocol::desk_pledge`) carried out as the worker does: print,
/// confirm, accept, the check listed and found false with a supervisor's PIN, the marks.
#[test]
fn the_desks_pledge_requests_are_carried_out_by_the_service() {
    use certdesk::service::desk_pledge_mode::run;
    use certdesk_protocol::desk::Secret;
    use certdesk_protocol::desk_pledge::{PledgeEffect as E, PledgeOutcome as O};
    let f = fixtures("pledge_mode").remove(0);
    let case = f.case("special_review", &[], &["health"], true);
    let kind = PledgeKind::Notify;
    let O::Printed { pledge, serial, preview, fault, .. } =
        run(&f.desk, &f.clerk, E::Print { case, kind, due: None }).unwrap()
    else {
        panic!("printed")
    };
    assert!(fault.is_none() && serial > 0 && preview.contains("告知承诺书") && pledge.signed.is_none());
    let O::Confirmed { pledge, .. } = run(&f.desk, &f.clerk, E::Confirm { case, kind }).unwrap() else { panic!() };
    assert_eq!(pledge.signed.map(|s| s.0), Some("0001".to_string()));
    f.desk.decide(&f.clerk, case, &Decision::Accept, None).unwrap();
    let O::Checks { checks, .. } = run(&f.desk, &f.clerk, E::Checks { done: false }).unwrap() else { panic!() };
    assert_eq!(checks.len(), 1);
    let wrong = Some(("0007".to_string(), Secret("000000".into())));
    let e = E::Finding { id: checks[0].id, finding: Finding::False, note: "伪造".into(), supervisor: wrong };
    assert!(matches!(run(&f.desk, &f.clerk, e), Err(DeskError::NotSupervisor)));
    let right = Some(("0007".to_string(), Secret("777777".into())));
    let e = E::Finding { id: checks[0].id, finding: Finding::False, note: "伪造".into(), supervisor: right };
    let O::Found { result, checks } = run(&f.desk, &f.clerk, e).unwrap() else { panic!() };
    assert!(checks.is_empty() && result.mark.is_some() && result.decision == DecisionConsequence::Deny);
    let O::CaseMarks { marks, .. } = run(&f.desk, &f.clerk, E::CaseMarks { case }).unwrap() else { panic!() };
    assert_eq!(marks.len(), 1, "the mark shows on the case's intake");
    let lift = E::LiftMark {
        id: result.mark.unwrap(),
        reason: "复核撤回".into(),
        supervisor: "0007".into(),
        pin: Secret("777777".into()),
    };
    let O::Marks { marks, .. } = run(&f.desk, &f.clerk, lift).unwrap() else { panic!() };
    assert!(marks.is_empty());
}
