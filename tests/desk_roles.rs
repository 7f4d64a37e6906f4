//! Issue 15, roles and stops and credit marks (SPEC §2 "Front-desk rules": Roles, 容缺受理), on a
//! real SQLite file and a real PostgreSQL schema through the desk service:
//! - 承办/审查 by the handler, 批准 by a supervisor who did not handle the case (审批分离, a
//!   matter setting), each step confirmed (the stage named) and kept in the stage history;
//! - 办结 refused while a 容缺 material is outstanding (淄博 2017 简报 五 先办后补; 围场 2023 措施 1),
//!   unless a supervisor overrides with a reason, PIN-checked, audited and listed for reports;
//! - a missed pledge flagged after 办结 and after 归档;
//! - 失信 marks on an enterprise or a person entered and lifted by supervisors only, with source;
//!   容缺受理 refused while the applicant is marked (SPEC §2; 淄博 2020 措施 5), the person's ID
//!   number never stored or audited raw.

use certdesk::clock::Clock;
use certdesk::config::Config;
use certdesk::domain::credit::{self, MarkError, Subject};
use certdesk::domain::intake::{CaseState, Decision, DecisionError, MaterialState};
use certdesk::domain::matters::Matters;
use certdesk::domain::pledge::PledgeKind;
use certdesk::domain::stages::StageError;
use certdesk::domain::workdays::Calendar;
use certdesk::service::desk::{Desk, DeskError, Login, StaffSession, SupervisorOverride, VisitorInput};
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
    _dir: tempfile::TempDir,
    loc: Location,
    desk: Desk,
    clock: Arc<Mutex<NaiveDateTime>>,
    window: StaffSession,
    handler: StaffSession,
    sup: StaffSession,
    sup2: StaffSession,
}

impl Fx {
    fn on(&self, day: NaiveDate) {
        *self.clock.lock().unwrap() = day.and_hms_opt(9, 0, 0).unwrap();
    }

    /// A 特种作业操作证申领 case taken by the window (0001) for the visitor, the education proof
    /// (non-key) missing: accepted 容缺 with it pledged by `pledge`, or the decision's error.
    fn case_on_pledge(&self, pledge: NaiveDate) -> (i64, Result<(), DeskError>) {
        let c = self.desk.open_case(&self.window, "special_issue", None).unwrap();
        let input = VisitorInput {
            name: "王秀英".into(),
            id_number: Some(RAW_ID.into()),
            credit_code: Some(CODE.into()),
            enterprise: Some("示范化工有限公司".into()),
            ..Default::default()
        };
        self.desk.record_visitor(&self.window, c.id, &input).unwrap();
        for m in ["application", "id_card", "exam_result", "health", "photo"] {
            self.desk.tick(&self.window, c.id, m, MaterialState::Provided).unwrap();
        }
        self.desk.tick(&self.window, c.id, "education", MaterialState::Missing).unwrap();
        // The pledge printed and its signing confirmed before acceptance (tests/desk_pledge.rs).
        if self.desk.print_pledge(&self.window, c.id, PledgeKind::Deficient, Some(pledge)).is_ok() {
            self.desk.confirm_pledge(&self.window, c.id, PledgeKind::Deficient).unwrap();
        }
        let r = self
            .desk
            .decide(&self.window, c.id, &Decision::AcceptDeficient { pledge_signed: true, pledge_due: pledge }, None)
            .map(|_| ());
        (c.id, r)
    }
}

fn session(desk: &Desk, id: &str, pin: &str) -> StaffSession {
    match desk.login(id, pin).unwrap() {
        Login::Ok(s) => s,
        other => panic!("{other:?}"),
    }
}

fn fixtures(tag: &str) -> Vec<Fx> {
    let mut locs = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    locs.push((dir, Location::Sqlite(std::path::PathBuf::new())));
    if let Some(url) = pg::fresh_url(tag) {
        locs.push((tempfile::tempdir().unwrap(), Location::Postgres(url)));
    }
    locs.into_iter()
        .map(|(dir, loc)| {
            let loc = match loc {
                Location::Sqlite(_) => Location::Sqlite(dir.path().join("certdesk.db")),
                other => other,
            };
            let store = Store::open_at(&loc, OpenCheck::Skip).unwrap();
            store.staff().add("0001", "张敏", "111111", Role::Clerk).unwrap();
            store.staff().add("0002", "李娜", "222222", Role::Clerk).unwrap();
            store.staff().add("0007", "王强", "777777", Role::Supervisor).unwrap();
            store.staff().add("0008", "赵刚", "888888", Role::Supervisor).unwrap();
            let clock = Arc::new(Mutex::new(d(2025, 9, 30).and_hms_opt(9, 0, 0).unwrap()));
            let c2 = clock.clone();
            let desk = Desk::new(
                store,
                &Config::default(),
                certdesk::printer::Target::File(dir.path().join("spool")),
                Matters::builtin(),
                Calendar::builtin(),
                Clock::from_fn(move || *c2.lock().unwrap()),
            );
            let window = session(&desk, "0001", "111111");
            let handler = session(&desk, "0002", "222222");
            let sup = session(&desk, "0007", "777777");
            let sup2 = session(&desk, "0008", "888888");
            Fx { _dir: dir, loc, desk, clock, window, handler, sup, sup2 }
        })
        .collect()
}

fn stage_err(r: Result<CaseState, DeskError>) -> StageError {
    match r {
        Err(DeskError::Stage(e)) => e,
        other => panic!("expected a stage refusal, got {other:?}"),
    }
}

fn over(staff: &str, pin: &str, reason: &str) -> SupervisorOverride {
    SupervisorOverride { staff_id: staff.into(), pin: pin.into(), reason: reason.into() }
}

/// SPEC §2 Roles; 行政许可法 第三十四条 (审查) and 第三十八条 (决定); 淄博 2017 简报 五 and 围场 2023
/// 措施 1 (容缺: the pledged materials before 办结); SPEC §2 (a missed date flagged at any stage).
#[test]
fn stages_go_by_role_are_confirmed_kept_and_stop_for_an_outstanding_pledge_on_both_backends() {
    for f in fixtures("desk_roles_stages") {
        let loc = format!("{:?}", f.loc);
        let (case, r) = f.case_on_pledge(d(2025, 10, 9));
        r.unwrap();
        f.desk.hand_off(&f.window, case, "0007", "危化岗审查").unwrap();
        // 首问负责制: the hand-off is an offer until the receiver takes it.
        f.desk.accept_handoff(&f.sup, case).unwrap();

        // 承办 is the handler's (the owner, 0007 after the hand-off): the window clerk is refused.
        assert_eq!(
            stage_err(f.desk.move_stage(&f.window, case, CaseState::Undertaken, "", None)),
            StageError::NotHandler { owner: "0007".into() },
            "{loc}"
        );
        // Confirmed for a stage that is not the next one: refused, nothing written.
        assert!(matches!(
            stage_err(f.desk.move_stage(&f.sup, case, CaseState::Reviewed, "", None)),
            StageError::Stale { .. }
        ));
        f.desk.move_stage(&f.sup, case, CaseState::Undertaken, "联系专家预审", None).unwrap();
        f.desk.move_stage(&f.sup, case, CaseState::Reviewed, "", None).unwrap();
        // 批准: a clerk never; the supervisor who handled it neither (审批分离); another one may.
        assert_eq!(
            stage_err(f.desk.move_stage(&f.handler, case, CaseState::Approved, "", None)),
            StageError::NotApprover
        );
        assert_eq!(
            stage_err(f.desk.move_stage(&f.sup, case, CaseState::Approved, "", None)),
            StageError::HandlerApproves
        );
        f.desk.move_stage(&f.sup2, case, CaseState::Approved, "同意", None).unwrap();

        // 办结 with the education proof still pledged: refused; an override needs a supervisor's
        // own PIN and a reason; a clerk's number is no override.
        assert_eq!(
            stage_err(f.desk.move_stage(&f.sup, case, CaseState::Completed, "", None)),
            StageError::PledgeOutstanding
        );
        assert!(matches!(
            f.desk.move_stage(&f.sup, case, CaseState::Completed, "", Some(&over("0001", "111111", "急需上岗"))),
            Err(DeskError::NotSupervisor)
        ));
        assert!(f.desk.move_stage(&f.sup, case, CaseState::Completed, "", Some(&over("0008", "888888", " "))).is_err());
        assert_eq!(f.desk.case_view(case).unwrap().case.state, CaseState::Approved, "{loc}: nothing moved");
        f.desk
            .move_stage(
                &f.sup,
                case,
                CaseState::Completed,
                "先办后补",
                Some(&over("0008", "888888", "企业承诺次日补交学历证明")),
            )
            .unwrap();

        let h = f.desk.stage_history(case).unwrap();
        let steps: Vec<(&str, CaseState, CaseState)> = h.iter().map(|s| (s.actor.as_str(), s.from, s.to)).collect();
        assert_eq!(
            steps,
            [
                ("0007", CaseState::Accepted, CaseState::Undertaken),
                ("0007", CaseState::Undertaken, CaseState::Reviewed),
                ("0008", CaseState::Reviewed, CaseState::Approved),
                ("0007", CaseState::Approved, CaseState::Completed),
            ],
            "{loc}"
        );
        assert_eq!(h[0].note, "联系专家预审");
        assert_eq!(h[3].overridden, Some(("0008".into(), "企业承诺次日补交学历证明".into())));
        let flagged = f.desk.pledge_overrides(10).unwrap();
        assert_eq!(flagged.len(), 1, "{loc}");
        assert_eq!(flagged[0].case_id, case);
        let audit = f.desk.store.audit().entries(1, 500).unwrap();
        assert!(
            audit.iter().any(|e| e.action == "case.pledge_override" && e.detail["supervisor"] == "0008"),
            "{loc}: the override is audited"
        );

        // The pledge date passes with the proof outstanding: flagged after 办结, and after 归档.
        f.on(d(2025, 10, 10));
        assert_eq!(f.desk.missed_pledges().unwrap().iter().map(|v| v.case.id).collect::<Vec<_>>(), [case]);
        f.desk.move_stage(&f.sup, case, CaseState::Archived, "", None).unwrap();
        assert_eq!(f.desk.missed_pledges().unwrap().len(), 1, "{loc}: flagged whatever the stage");
        assert_eq!(
            stage_err(f.desk.move_stage(&f.sup, case, CaseState::Archived, "", None)),
            StageError::NoNextStage(CaseState::Archived)
        );
    }
}

/// An override offered where no 容缺 pledge is outstanding is refused before the PIN is tried,
/// and a note holding an ID number is kept masked (SPEC §6).
#[test]
fn overrides_only_where_needed_and_notes_never_hold_an_id_number() {
    for f in fixtures("desk_roles_notes") {
        let (case, r) = f.case_on_pledge(d(2025, 10, 9));
        r.unwrap();
        f.desk.tick(&f.window, case, "education", MaterialState::Provided).unwrap();
        f.desk.move_stage(&f.window, case, CaseState::Undertaken, &format!("申请人{RAW_ID}来电"), None).unwrap();
        let h = f.desk.stage_history(case).unwrap();
        assert!(!h[0].note.contains(RAW_ID) && h[0].note.contains("来电"), "{}", h[0].note);
        f.desk.move_stage(&f.window, case, CaseState::Reviewed, "", None).unwrap();
        f.desk.move_stage(&f.sup, case, CaseState::Approved, "", None).unwrap();
        // A wrong PIN here would cost the supervisor an attempt: the rule refuses first.
        assert_eq!(
            stage_err(f.desk.move_stage(&f.window, case, CaseState::Completed, "", Some(&over("0008", "000000", "x")))),
            StageError::OverrideNotNeeded
        );
        f.desk.move_stage(&f.window, case, CaseState::Completed, "", None).unwrap();
        assert!(f.desk.pledge_overrides(10).unwrap().is_empty());
        // Garbage in the note: refused, nothing moved.
        assert!(f.desk.move_stage(&f.window, case, CaseState::Archived, "a\u{1b}[2J", None).is_err());
        assert!(f.desk.move_stage(&f.window, case, CaseState::Archived, &"长".repeat(201), None).is_err());
        assert_eq!(f.desk.case_view(case).unwrap().case.state, CaseState::Completed);
    }
}

/// SPEC §2 容缺受理: applicants under a 失信 mark (entered by a supervisor, with source) are
/// excluded; 淄博 2020 措施 5 (信用修复) and 围场 2023 措施 13: a mark is lifted from a day on.
#[test]
fn credit_marks_are_a_supervisors_and_exclude_pledged_acceptance_on_both_backends() {
    for f in fixtures("desk_roles_credit") {
        let loc = format!("{:?}", f.loc);
        let today = d(2025, 9, 30);
        let person = credit::subject(RAW_ID, true, false, today).unwrap();
        // A clerk cannot enter or lift a mark.
        assert!(matches!(
            f.desk.enter_credit_mark(&f.window, &person, false, None, "信用中国", ""),
            Err(DeskError::NotSupervisor)
        ));
        // Garbage: no source, a future date.
        assert!(matches!(
            f.desk.enter_credit_mark(&f.sup, &person, false, None, "  ", ""),
            Err(DeskError::Mark(MarkError::NoSource))
        ));
        assert!(matches!(
            f.desk.enter_credit_mark(&f.sup, &person, false, Some(d(2025, 10, 1)), "信用中国", ""),
            Err(DeskError::Mark(MarkError::SinceInFuture(_)))
        ));
        let id =
            f.desk.enter_credit_mark(&f.sup, &person, true, None, "行政处罚决定书 淄应急罚〔2025〕3号", "").unwrap();

        // The marked visitor: 容缺受理 refused (the applicant's own mark, by the keyed hash).
        let (case, r) = f.case_on_pledge(d(2025, 10, 9));
        assert!(matches!(r, Err(DeskError::Decision(DecisionError::BadCredit(_)))), "{loc}: {r:?}");
        assert_eq!(f.desk.case_marks(case).unwrap().len(), 1, "shown at intake");

        // Listed masked; the raw number is nowhere in the table or the audit log.
        let listed = f.desk.credit_marks(Some(&person), false).unwrap();
        assert_eq!(listed.len(), 1);
        assert!(listed[0].person && listed[0].shown == certdesk::domain::id::mask(RAW_ID));
        let audit = f.desk.store.audit().entries(1, 500).unwrap();
        assert!(audit.iter().all(|e| !e.detail.to_string().contains(RAW_ID)), "{loc}");
        let all = f.desk.credit_marks(None, true).unwrap();
        assert!(all.iter().all(|m| !format!("{m:?}").contains(RAW_ID)));

        // Lifted from today: 容缺 allowed again; lifting twice is refused.
        assert!(matches!(f.desk.lift_credit_mark(&f.window, id, None, "信用修复"), Err(DeskError::NotSupervisor)));
        assert!(matches!(f.desk.lift_credit_mark(&f.sup, id, None, ""), Err(DeskError::Mark(MarkError::NoReason))));
        assert!(matches!(f.desk.lift_credit_mark(&f.sup, 9999, None, "x"), Err(DeskError::NoMark(9999))));
        f.desk.lift_credit_mark(&f.sup2, id, None, "信用修复审核通过").unwrap();
        assert!(matches!(f.desk.lift_credit_mark(&f.sup, id, None, "again"), Err(DeskError::Mark(MarkError::Lifted))));
        assert!(f.desk.credit_marks(Some(&person), false).unwrap().is_empty(), "lifted ones are not in force");
        let lifted = f.desk.credit_marks(Some(&person), true).unwrap();
        assert_eq!(lifted[0].lifted.as_ref().map(|l| (l.on, l.by.as_str())), Some((today, "0008")), "{loc}");
        let (_, r) = f.case_on_pledge(d(2025, 10, 9));
        r.unwrap();

        // The enterprise marked: refused again, for the enterprise's mark.
        let ent = Subject::Enterprise(CODE.into());
        f.desk.enter_credit_mark(&f.sup, &ent, false, None, "信用中国（一般失信）", "").unwrap();
        let (_, r) = f.case_on_pledge(d(2025, 10, 9));
        assert!(matches!(r, Err(DeskError::Decision(DecisionError::BadCredit(c))) if c == CODE), "{loc}");
    }
}
