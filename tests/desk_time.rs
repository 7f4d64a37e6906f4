//! A case's time under the 行政许可法 (issue 15) through the desk's services, on both backends:
//! SQLite (a real file) and PostgreSQL (a real server from `testkit::pg`; required in CI). The
//! clock is a cell each test moves. Each test names the article it guards.

use certdesk::config::Config;
use certdesk::domain::case_time::{Outcome, Remaining, StopKind, TimeError};
use certdesk::domain::intake::{CaseState, Deadline, Decision, MaterialState};
use certdesk::domain::matters::Matters;
use certdesk::domain::workdays::Calendar;
use certdesk::printer::Target;
use certdesk::service::desk::{Desk, DeskError, Login, StaffSession, SupervisorOverride};
use certdesk::store::db::Location;
use certdesk::store::{OpenCheck, Role, Store};
use certdesk_testkit::pg;
use chrono::{NaiveDate, NaiveDateTime};
use std::sync::{Arc, Mutex};

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}
fn at(day: NaiveDate, h: u32, mi: u32) -> NaiveDateTime {
    day.and_hms_opt(h, mi, 0).unwrap()
}

struct Fx {
    _dir: tempfile::TempDir,
    loc: Location,
    clock: Arc<Mutex<NaiveDateTime>>,
    desk: Desk,
    clerk: StaffSession,
}

impl Fx {
    fn set(&self, t: NaiveDateTime) {
        *self.clock.lock().unwrap() = t;
    }
    fn store(&self) -> Store {
        Store::open_at(&self.loc, OpenCheck::Skip).unwrap()
    }
    /// A 特种作业操作证申领 case with its checklist ticked (`except`: other states).
    fn case(&self, except: &[(&str, MaterialState)]) -> i64 {
        let c = self.desk.open_case(&self.clerk, "special_issue", None).unwrap();
        for item in self.desk.checklist(c.id).unwrap() {
            let st = except
                .iter()
                .find(|(m, _)| *m == item.material)
                .map(|(_, s)| s.clone())
                .unwrap_or(MaterialState::Provided);
            self.desk.tick(&self.clerk, c.id, &item.material, st).unwrap();
        }
        c.id
    }
    fn accepted(&self, on: NaiveDate) -> i64 {
        self.set(at(on, 9, 0));
        let id = self.case(&[]);
        self.desk.decide(&self.clerk, id, &Decision::Accept, None).unwrap();
        id
    }
    fn state(&self, id: i64) -> CaseState {
        self.desk.case_view(id).unwrap().case.state
    }
    fn actions(&self, id: i64) -> Vec<String> {
        self.store().cases().events(id).unwrap().into_iter().map(|e| e.action).collect()
    }
}

fn fixtures(tag: &str) -> Vec<Fx> {
    let mut locs = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    locs.push((Location::Sqlite(dir.path().join("certdesk.db")), dir));
    if let Some(url) = pg::fresh_url(tag) {
        locs.push((Location::Postgres(url), tempfile::tempdir().unwrap()));
    } else if std::env::var_os("CI").is_some() || std::env::var_os("CERTDESK_REQUIRE_PG").is_some() {
        panic!("no PostgreSQL server for the test (CERTDESK_TEST_PG)");
    }
    locs.into_iter()
        .map(|(loc, dir)| {
            let store = Store::open_at(&loc, OpenCheck::Skip).unwrap();
            store.staff().add("0001", "张敏", "123456", Role::Clerk).unwrap();
            store.staff().add("0007", "王强", "777777", Role::Supervisor).unwrap();
            let clock = Arc::new(Mutex::new(at(d(2026, 12, 4), 9, 0)));
            let c2 = clock.clone();
            let desk = Desk::new(
                store,
                &Config::default(),
                Target::File(dir.path().join("spool")),
                Matters::builtin(),
                Calendar::builtin(),
                certdesk::clock::Clock::from_fn(move || *c2.lock().unwrap()),
            );
            let clerk = match desk.login("0001", "123456").unwrap() {
                Login::Ok(s) => s,
                other => panic!("{other:?}"),
            };
            Fx { _dir: dir, loc, clock, desk, clerk }
        })
        .collect()
}

fn sup(pin: &str) -> SupervisorOverride {
    SupervisorOverride { staff_id: "0007".into(), pin: pin.into(), reason: String::new() }
}

fn time_err(r: Result<(), DeskError>) -> TimeError {
    match r {
        Err(DeskError::Time(t)) => t,
        other => panic!("{other:?}"),
    }
}

/// 行政许可法 第三十二条: the receipt is recorded at the first check of the materials; the
/// one-time notice is due within 5 working days; 逾期不告知的，自收到申请材料之日起即为受理 —
/// applied when the case is next read and by the sweep before every list, and audited.
#[test]
fn art32_receipt_notice_countdown_and_deemed_acceptance() {
    for fx in fixtures("art32_deemed") {
        // Friday 2026-12-04: opened at 09:00, the first material checked at 09:05.
        let c = fx.desk.open_case(&fx.clerk, "special_issue", None).unwrap();
        assert_eq!(fx.desk.case_time(c.id).unwrap().records.receipt, None, "nothing checked yet");
        fx.set(at(d(2026, 12, 4), 9, 5));
        fx.desk.tick(&fx.clerk, c.id, "application", MaterialState::Provided).unwrap();
        fx.set(at(d(2026, 12, 4), 9, 20));
        fx.desk.tick(&fx.clerk, c.id, "id_card", MaterialState::Missing).unwrap();
        fx.desk.tick(&fx.clerk, c.id, "application", MaterialState::Provided).unwrap();
        let t = fx.desk.case_time(c.id).unwrap();
        let r = t.records.receipt.clone().unwrap();
        assert_eq!(r.received_at, at(d(2026, 12, 4), 9, 5), "the first check is the receipt, kept once");
        assert_eq!(r.notice_due, d(2026, 12, 11));
        assert_eq!(t.notice_left, Some(5));
        let owed = fx.desk.notices_owed().unwrap();
        assert_eq!(
            owed.iter().map(|o| (o.case.id, o.notice_due, o.left)).collect::<Vec<_>>(),
            [(c.id, d(2026, 12, 11), 5)]
        );

        // A second case, told in time: not deemed; its notice gives a 补正期限 (10 working days).
        let told = fx.case(&[("photo", MaterialState::Missing)]);
        fx.desk.decide(&fx.clerk, told, &Decision::Notice, None).unwrap();
        let tt = fx.desk.case_time(told).unwrap();
        assert_eq!(tt.records.fix_by, [(1, d(2026, 12, 18))]);
        assert_eq!(tt.notice_left, None, "no notice owed once told");
        assert_eq!(tt.records.receipt.unwrap().materials.unwrap().len(), 5, "what was received, all but the photo");
        // A third one, left waiting: found by the sweep before a list.
        let swept = fx.case(&[("photo", MaterialState::Missing)]);

        // The last day (Friday 12-11) is still in time.
        fx.set(at(d(2026, 12, 11), 16, 0));
        assert_eq!(fx.state(c.id), CaseState::Registered);
        assert_eq!(fx.desk.case_time(c.id).unwrap().notice_left, Some(0));
        // Monday 12-14: the notice was not given: accepted as of the receipt date.
        fx.set(at(d(2026, 12, 14), 9, 0));
        let v = fx.desk.case_view(c.id).unwrap();
        assert_eq!(v.case.state, CaseState::Accepted);
        assert_eq!(v.case.accepted_on, Some(d(2026, 12, 4)));
        // Counted from the receipt: 8 committed working days → 12-16, 20 statutory → 2027-01-04
        // (provisional: 2027's notice is not built in).
        assert_eq!(v.case.due_on, Some(d(2026, 12, 16)));
        assert_eq!(v.case.statutory_due_on, Some(d(2027, 1, 4)));
        assert!(v.case.provisional.statutory);
        let t = v.time.unwrap();
        assert_eq!(t.records.receipt.as_ref().unwrap().deemed_on, Some(d(2026, 12, 4)));
        assert_eq!(t.records.receipt.unwrap().materials.unwrap(), ["application"], "only what was handed in");
        assert!(matches!(t.committed, Some(Remaining::Days { left: 2, .. })), "{:?}", t.committed);
        assert!(fx.actions(c.id).contains(&"case.deemed_accepted".to_string()));
        // The sweep before a list accepts the third case too; the told one stays noticed.
        let mine: Vec<i64> = fx.desk.my_cases(&fx.clerk).unwrap().into_iter().map(|v| v.case.id).collect();
        assert!(mine.contains(&swept));
        assert_eq!(fx.store().cases().get(swept).unwrap().unwrap().state, CaseState::Accepted);
        assert_eq!(fx.state(told), CaseState::Noticed);
        assert!(fx.desk.notices_owed().unwrap().is_empty());
        // A notice now is too late: the case is accepted.
        assert!(fx.desk.decide(&fx.clerk, c.id, &Decision::Notice, None).is_err());
        let audit = fx.store();
        let n = audit.audit().verify().unwrap();
        let deemed = audit
            .audit()
            .entries(1, n as usize)
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "case.deemed_accepted")
            .count();
        assert_eq!(deemed, 2);
    }
}

/// 第三十二条第一款第（三）项: a material with an error corrected on the spot is marked so and
/// counts as provided; 第三十二条第一款第（二）项: 不予受理 of another authority's matter names it.
#[test]
fn art32_spot_correction_and_refusal_naming_the_authority() {
    for fx in fixtures("art32_spot") {
        let fixed = MaterialState::Corrected { what: "申请表出生日期笔误，当场更正".into() };
        let id = fx.case(&[("application", fixed.clone())]);
        let list = fx.desk.checklist(id).unwrap();
        assert_eq!(list.iter().find(|i| i.material == "application").unwrap().state, fixed);
        let blank = MaterialState::Corrected { what: "  ".into() };
        assert!(fx.desk.tick(&fx.clerk, id, "application", blank).is_err(), "say what was corrected");
        fx.desk.decide(&fx.clerk, id, &Decision::Accept, None).unwrap();
        assert_eq!(fx.state(id), CaseState::Accepted);
        // The 受理回执 lists the corrected material among those received.
        let printed = fx.desk.print_document(&fx.clerk, id, certdesk::service::desk::DocKind::Receipt).unwrap();
        let flat: String = printed.preview.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(flat.contains("特种作业操作证申请表"), "{}", printed.preview);

        let other = fx.case(&[]);
        assert!(fx.desk.refuse_to(&fx.clerk, other, "", "市市场监督管理局").is_err(), "a refusal needs a reason");
        // Garbage in the authority: refused before anything is written.
        assert!(matches!(
            fx.desk.refuse_to(&fx.clerk, other, "不属本局职权", "11010519491231002X"),
            Err(DeskError::IdLike)
        ));
        assert!(fx.desk.refuse_to(&fx.clerk, other, "不属本局职权", &"局".repeat(201)).is_err());
        assert!(fx.desk.refuse_to(&fx.clerk, other, "不属本局职权", "市\u{7}局").is_err());
        assert_eq!(fx.state(other), CaseState::Registered, "nothing half-written");
        let third = fx.case(&[]);
        fx.desk.refuse_to(&fx.clerk, third, "不属于本机关职权范围", "  市市场监督管理局 ").unwrap();
        let t = fx.desk.case_time(third).unwrap();
        assert_eq!(t.records.refused_authority.as_deref(), Some("市市场监督管理局"));
        assert_eq!(fx.state(third), CaseState::Refused);
    }
}

/// 第四十二条: one extension of 10 working days of the statutory limit, approved on the spot by
/// a supervisor, with reasons, while the limit runs; the committed date does not move.
#[test]
fn art42_extension_needs_a_supervisor_reasons_and_comes_once() {
    for fx in fixtures("art42_extension") {
        let id = fx.accepted(d(2026, 11, 2));
        let before = fx.desk.case_view(id).unwrap().case;
        assert_eq!(before.statutory_due_on, Some(d(2026, 11, 30)));
        fx.set(at(d(2026, 11, 20), 10, 0));
        assert_eq!(time_err(fx.desk.extend(&fx.clerk, id, " ", &sup("777777"))), TimeError::NoReason);
        assert!(matches!(
            fx.desk.extend(&fx.clerk, id, "需组织专家论证", &sup("000000")),
            Err(DeskError::NotSupervisor)
        ));
        let clerk_signs = SupervisorOverride { staff_id: "0001".into(), pin: "123456".into(), reason: String::new() };
        assert!(matches!(fx.desk.extend(&fx.clerk, id, "需组织专家论证", &clerk_signs), Err(DeskError::NotSupervisor)));
        fx.desk.extend(&fx.clerk, id, "需组织专家论证", &sup("777777")).unwrap();
        let after = fx.desk.case_view(id).unwrap();
        assert_eq!(after.case.statutory_due_on, Some(d(2026, 12, 14)));
        assert_eq!(after.case.due_on, before.due_on, "the committed date stays");
        let t = after.time.unwrap();
        let e = t.records.extension.unwrap();
        assert_eq!((e.days, e.approved_by.as_str(), e.reasons.as_str()), (10, "0007", "需组织专家论证"));
        assert!(matches!(t.statutory, Some(Remaining::Days { due, .. }) if due == d(2026, 12, 14)));
        assert_eq!(time_err(fx.desk.extend(&fx.clerk, id, "再延", &sup("777777"))), TimeError::AlreadyExtended);
        assert!(fx.actions(id).contains(&"case.extended".to_string()));

        // Past the statutory limit, too late to extend.
        let late = fx.accepted(d(2026, 10, 12));
        fx.set(at(d(2026, 12, 4), 10, 0));
        assert!(matches!(
            time_err(fx.desk.extend(&fx.clerk, late, "迟了", &sup("777777"))),
            TimeError::ExtensionLate(_)
        ));
    }
}

/// 第四十五条: 专家评审 time is not counted, across 国庆 2026: the case is shown stopped (never
/// overdue, not on the due list) while the experts review, and its dates move by the stopped
/// working days when the clock runs again. 现场核查 stops only matters that say so.
#[test]
fn art45_stop_across_national_day_moves_both_dates_and_is_never_overdue() {
    for fx in fixtures("art45_stop") {
        let id = fx.accepted(d(2026, 9, 21));
        let c = fx.desk.case_view(id).unwrap().case;
        assert_eq!(c.due_on, Some(d(2026, 10, 9)));
        fx.set(at(d(2026, 9, 24), 9, 0));
        assert_eq!(
            time_err(fx.desk.stop_clock(&fx.clerk, id, StopKind::SiteCheck, 5)),
            TimeError::KindNotAllowed(StopKind::SiteCheck)
        );
        assert_eq!(time_err(fx.desk.stop_clock(&fx.clerk, id, StopKind::ExpertReview, 0)), TimeError::NoLengthTold);
        fx.desk.stop_clock(&fx.clerk, id, StopKind::ExpertReview, 10).unwrap();
        assert_eq!(time_err(fx.desk.stop_clock(&fx.clerk, id, StopKind::Testing, 3)), TimeError::AlreadyStopped);
        // Long after the committed date: stopped, not overdue, not on the due list.
        fx.set(at(d(2026, 10, 9), 9, 0));
        let v = fx.desk.case_view(id).unwrap();
        assert_eq!(v.deadline, Some(Deadline::Stopped { since: d(2026, 9, 24), left: 6 }));
        assert!(!v.deadline.unwrap().is_overdue());
        let t = v.time.unwrap();
        assert_eq!(
            t.committed,
            Some(Remaining::Stopped { since: d(2026, 9, 24), left: 6, kind: StopKind::ExpertReview })
        );
        assert!(!fx.desk.due_cases(0).unwrap().iter().any(|v| v.case.id == id));
        // Nor in the overdue report (`certdesk report overdue`) as of a day past its date.
        let overdue = fx.store().overdue_facts(d(2026, 10, 12)).unwrap();
        assert!(overdue.iter().all(|f| f.number != c.number), "a stopped case is not overdue");
        // The experts are done on 10-09: 09-24..10-09 not counted → committed due 10-16.
        fx.desk.resume_clock(&fx.clerk, id).unwrap();
        assert_eq!(time_err(fx.desk.resume_clock(&fx.clerk, id)), TimeError::NotStopped);
        let v = fx.desk.case_view(id).unwrap();
        assert_eq!(v.case.due_on, Some(d(2026, 10, 16)));
        assert!(matches!(v.deadline, Some(Deadline::Days { due, left: 6, .. }) if due == d(2026, 10, 16)));
        let stops = v.time.unwrap().records.stops;
        assert_eq!(stops.len(), 1);
        assert_eq!(
            (stops[0].stop.start, stops[0].stop.end, stops[0].stop.told_days),
            (d(2026, 9, 24), Some(d(2026, 10, 9)), 10)
        );
        let acts = fx.actions(id);
        assert!(acts.contains(&"case.clock_stopped".to_string()) && acts.contains(&"case.clock_resumed".to_string()));

        // A permit matter whose rules exclude the site check: 现场核查 stops it.
        fx.set(at(d(2026, 11, 2), 9, 0));
        let p = fx.desk.open_case(&fx.clerk, "fireworks_retail", None).unwrap();
        for item in fx.desk.checklist(p.id).unwrap() {
            fx.desk.tick(&fx.clerk, p.id, &item.material, MaterialState::Provided).unwrap();
        }
        fx.desk.decide(&fx.clerk, p.id, &Decision::Accept, None).unwrap();
        fx.set(at(d(2026, 11, 4), 9, 0));
        fx.desk.stop_clock(&fx.clerk, p.id, StopKind::SiteCheck, 3).unwrap();
        // Not running: no stop.
        let reg = fx.desk.open_case(&fx.clerk, "special_issue", None).unwrap();
        assert_eq!(
            time_err(fx.desk.stop_clock(&fx.clerk, reg.id, StopKind::Hearing, 3)),
            TimeError::NotRunning(CaseState::Registered)
        );
    }
}

/// 第三十八条: 准予 or 不予许可 (reasons required for 不予许可), once; 第四十四条: the certificate
/// is delivered within 10 working days of 准予, flagged when missed.
#[test]
fn art38_art44_decision_and_delivery() {
    for fx in fixtures("art38_44") {
        let id = fx.accepted(d(2026, 12, 1));
        fx.set(at(d(2026, 12, 7), 9, 0));
        assert_eq!(time_err(fx.desk.record_delivery(&fx.clerk, id, "当面领取")), TimeError::NotDecided);
        assert_eq!(time_err(fx.desk.record_outcome(&fx.clerk, id, Outcome::Deny, " ")), TimeError::NoReason);
        assert!(matches!(
            fx.desk.record_outcome(&fx.clerk, id, Outcome::Deny, "身份证号11010519491231002X不符"),
            Err(DeskError::IdLike)
        ));
        fx.desk.record_outcome(&fx.clerk, id, Outcome::Grant, "").unwrap();
        assert_eq!(time_err(fx.desk.record_outcome(&fx.clerk, id, Outcome::Deny, "改主意")), TimeError::AlreadyDecided);
        let t = fx.desk.case_time(id).unwrap();
        let dec = t.records.decision.clone().unwrap();
        assert_eq!(
            (dec.outcome, dec.decided_on, dec.delivery_due),
            (Outcome::Grant, d(2026, 12, 7), Some(d(2026, 12, 21)))
        );
        assert!(!t.delivery_late);
        // Not delivered by 12-21: flagged on the 22nd.
        fx.set(at(d(2026, 12, 22), 9, 0));
        assert!(fx.desk.case_time(id).unwrap().delivery_late);
        assert_eq!(time_err(fx.desk.record_delivery(&fx.clerk, id, "  ")), TimeError::NoManner);
        fx.desk.record_delivery(&fx.clerk, id, "邮寄送达").unwrap();
        let t = fx.desk.case_time(id).unwrap();
        assert_eq!(t.records.decision.unwrap().delivered, Some((d(2026, 12, 22), "邮寄送达".to_string())));
        assert!(t.delivery_late, "delivered after the limit stays flagged");
        assert_eq!(time_err(fx.desk.record_delivery(&fx.clerk, id, "再送")), TimeError::AlreadyDelivered);

        // 不予许可 with reasons: no delivery limit of 第四十四条.
        let denied = fx.accepted(d(2026, 12, 22));
        fx.desk.record_outcome(&fx.clerk, denied, Outcome::Deny, "培训学时不足，不符合第十条").unwrap();
        let t = fx.desk.case_time(denied).unwrap();
        assert_eq!(t.records.decision.unwrap().delivery_due, None);
        let acts = fx.actions(id);
        assert!(acts.contains(&"case.decision".to_string()) && acts.contains(&"case.delivered".to_string()));
        // Control characters and overlong reasons are refused by the store, nothing recorded.
        let other = fx.accepted(d(2026, 12, 22));
        assert!(fx.desk.record_outcome(&fx.clerk, other, Outcome::Deny, "理由\u{1b}[2J").is_err());
        assert!(fx.desk.record_outcome(&fx.clerk, other, Outcome::Deny, &"理".repeat(1001)).is_err());
        assert_eq!(fx.desk.case_time(other).unwrap().records.decision, None);
    }
}

/// 第四十五条 with 第八十二条: when a year's State Council notice is entered, a running case's
/// provisional dates are counted again — with its clock stops, not from the plain limit. Accepted
/// 2027-01-27 (申领, 8 working days), experts from 01-28 to 02-01 (3 working days not counted);
/// the test 2027 notice (春节 02-05..02-13, Sunday 02-14 worked): plainly due 02-15, with the stop
/// 02-18.
#[test]
fn art45_a_stop_survives_the_recomputation_when_a_year_is_entered() {
    for fx in fixtures("art45_recompute") {
        let id = fx.accepted(d(2027, 1, 27));
        assert!(fx.desk.case_view(id).unwrap().case.provisional.due);
        fx.set(at(d(2027, 1, 28), 9, 0));
        fx.desk.stop_clock(&fx.clerk, id, StopKind::ExpertReview, 3).unwrap();
        fx.set(at(d(2027, 2, 1), 17, 0));
        fx.desk.resume_clock(&fx.clerk, id).unwrap();
        let notice = certdesk::domain::workdays::Notice::parse_file(
            "[[year]]\nyear = 2027\nsource = \"国务院办公厅关于2027年部分节假日安排的通知（测试用）\"\n\
             holidays = [\"01-01..01-03\", \"02-05..02-13\", \"04-03..04-05\", \"05-01..05-05\", \"06-09..06-11\", \
             \"09-15..09-17\", \"10-01..10-07\"]\nworkdays = [\"02-14\", \"10-09\"]\n",
        )
        .unwrap()
        .remove(0);
        let entered = fx
            .store()
            .calendar()
            .enter_year(&notice, false, &Matters::builtin(), "admin", at(d(2027, 2, 1), 18, 0))
            .unwrap();
        assert_eq!(entered.recomputed.len(), 1);
        let c = fx.store().cases().get(id).unwrap().unwrap();
        assert_eq!(c.due_on, Some(d(2027, 2, 18)), "counted with the stop, not the plain 02-15");
        assert!(!c.provisional.due);
    }
}

/// 行政许可法 第三十二条第一款第（五）项 (申请人按照本行政机关的要求提交全部补正申请材料的，应当受理)
/// with 第（四）项's five days: the day the last material a notice asked for is handed in starts a
/// new clock of 5 working days (第八十二条) for the bureau's answer; unanswered by then, the case
/// counts as accepted from that day, applied on the next read and by the sweep before a list,
/// audited. A partial resubmission starts nothing; an answer in time (受理, or a 补充告知 for a
/// defect in the resubmitted material) stops the clock.
#[test]
fn art32_full_resubmission_starts_a_new_five_day_clock_and_deems_acceptance() {
    for fx in fixtures("art32_resubmission") {
        let two_missing = [("photo", MaterialState::Missing), ("id_card", MaterialState::Missing)];
        // Friday 2026-12-04: four cases, each told on the spot that the photo and ID are missing.
        let cases: Vec<i64> = (0..4)
            .map(|_| {
                let id = fx.case(&two_missing);
                fx.desk.decide(&fx.clerk, id, &Decision::Notice, None).unwrap();
                id
            })
            .collect();
        let (a, later, answered, swept) = (cases[0], cases[1], cases[2], cases[3]);
        // Monday 12-07: the photo only: not all 补正 materials, no clock.
        fx.set(at(d(2026, 12, 7), 10, 0));
        fx.desk.tick(&fx.clerk, a, "photo", MaterialState::Provided).unwrap();
        let t = fx.desk.case_time(a).unwrap();
        assert_eq!(t.resubmission, None, "a partial resubmission starts nothing");
        assert_eq!(t.decision_left, None);
        // Tuesday 12-08 10:00: everything the notice asked for is in, on each case.
        fx.set(at(d(2026, 12, 8), 10, 0));
        for &c in &cases {
            for m in ["photo", "id_card"] {
                fx.desk.tick(&fx.clerk, c, m, MaterialState::Provided).unwrap();
            }
        }
        let t = fx.desk.case_time(a).unwrap();
        let r = t.resubmission.clone().unwrap();
        assert_eq!(r.notice_seq, 1);
        assert_eq!(r.received_at, at(d(2026, 12, 8), 10, 0), "the day the last 补正 material came");
        assert_eq!(r.decision_due, d(2026, 12, 15), "12-09, 12-10, 12-11, 12-14, 12-15");
        assert_eq!(t.decision_left, Some(5));
        assert!(fx.actions(a).contains(&"case.resubmitted".to_string()));
        // A re-tick changes nothing: the resubmission is kept once.
        fx.set(at(d(2026, 12, 9), 9, 0));
        fx.desk.tick(&fx.clerk, a, "photo", MaterialState::Provided).unwrap();
        assert_eq!(fx.desk.case_time(a).unwrap().resubmission.unwrap().received_at, at(d(2026, 12, 8), 10, 0));
        // Answered in time: one accepted today (12-09), one told of a defect in the resubmitted
        // photo (a 补充告知, allowed without an override).
        fx.desk.decide(&fx.clerk, answered, &Decision::Accept, None).unwrap();
        fx.desk.tick(&fx.clerk, later, "photo", MaterialState::Defective { what: "背景不是白色".into() }).unwrap();
        fx.desk.decide(&fx.clerk, later, &Decision::Notice, None).unwrap();
        assert_eq!(fx.desk.case_time(later).unwrap().resubmission, None, "the later notice is unanswered yet");

        // The last day (Tuesday 12-15) is still in time.
        fx.set(at(d(2026, 12, 15), 16, 0));
        assert_eq!(fx.state(a), CaseState::Noticed);
        assert_eq!(fx.desk.case_time(a).unwrap().decision_left, Some(0));
        // Wednesday 12-16: no answer came: accepted as of the resubmission day.
        fx.set(at(d(2026, 12, 16), 9, 0));
        let v = fx.desk.case_view(a).unwrap();
        assert_eq!(v.case.state, CaseState::Accepted);
        assert_eq!(v.case.accepted_on, Some(d(2026, 12, 8)));
        // Counted from it: 8 committed working days → 12-18; 20 statutory as the calendar says.
        assert_eq!(v.case.due_on, Some(d(2026, 12, 18)));
        assert_eq!(v.case.statutory_due_on, Some(Calendar::builtin().due(d(2026, 12, 8), 20).unwrap().value));
        let t = v.time.unwrap();
        assert_eq!(t.resubmission.unwrap().deemed_on, Some(d(2026, 12, 8)));
        assert_eq!(t.decision_left, None, "nothing owed once accepted");
        assert!(fx.actions(a).contains(&"case.deemed_accepted".to_string()));
        // The sweep before a list: the fourth case too; the answered ones are as they were.
        fx.desk.my_cases(&fx.clerk).unwrap();
        let st = fx.store();
        let swept_case = st.cases().get(swept).unwrap().unwrap();
        assert_eq!((swept_case.state, swept_case.accepted_on), (CaseState::Accepted, Some(d(2026, 12, 8))));
        assert_eq!(
            st.cases().get(answered).unwrap().unwrap().accepted_on,
            Some(d(2026, 12, 9)),
            "accepted when answered"
        );
        assert_eq!(
            st.cases().get(later).unwrap().unwrap().state,
            CaseState::Noticed,
            "the later notice stopped the clock"
        );
        // Audited: the chain holds and names the rule.
        st.audit().verify().unwrap();
        let deemed = st
            .cases()
            .events(a)
            .unwrap()
            .into_iter()
            .find(|e| e.action == "case.deemed_accepted")
            .map(|e| e.detail.to_string())
            .unwrap();
        assert!(deemed.contains("第三十二条") && deemed.contains("2026-12-08"), "{deemed}");
    }
}
