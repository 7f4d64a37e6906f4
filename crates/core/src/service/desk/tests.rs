//! Desk backend tests on a real SQLite file and real printers (a spool directory and a TCP
//! printer on 127.0.0.1). The clock is a shared cell the test moves forward.

use super::*;
use crate::domain::matters;
use crate::home::Home;
use crate::slip::parse_escpos;
use std::io::Read;
use std::sync::{Arc, Mutex};

const RAW_ID: &str = "11010519491231002X";
const CODE: &str = "91350100M000100Y43";

struct Fx {
    dir: tempfile::TempDir,
    clock: Arc<Mutex<NaiveDateTime>>,
    desk: Desk,
    clerk: StaffSession,
    clerk2: StaffSession,
}

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn fx_with(target: Option<Target>) -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("certdesk.db")).unwrap();
    store.staff().add("0001", "张敏", "123456", Role::Clerk).unwrap();
    store.staff().add("0002", "李娜", "234567", Role::Clerk).unwrap();
    store.staff().add("0007", "王强", "777777", Role::Supervisor).unwrap();
    let mut h = Holder {
        id_number: RAW_ID.into(),
        name: "王秀英".into(),
        gender: crate::domain::Gender::Female,
        mobile: Some("13800138000".into()),
        employer: None,
        employer_code: None,
    };
    store.holders().upsert(&h).unwrap();
    h.name.clear();
    let mut cert = crate::domain::cert::sample_special();
    store.holders().upsert_certificate(&mut cert).unwrap();
    let clock = Arc::new(Mutex::new(d(2025, 9, 30).and_hms_opt(9, 0, 0).unwrap()));
    let c2 = clock.clone();
    let target = target.unwrap_or_else(|| Target::File(dir.path().join("spool")));
    let desk = Desk::new(
        store,
        &Config::default(),
        target,
        Matters::builtin(),
        Calendar::builtin(),
        crate::clock::Clock::from_fn(move || *c2.lock().unwrap()),
    );
    let clerk = session(&desk, "0001", "123456");
    let clerk2 = session(&desk, "0002", "234567");
    Fx { dir, clock, desk, clerk, clerk2 }
}

fn session(desk: &Desk, id: &str, pin: &str) -> StaffSession {
    match desk.login(id, pin).unwrap() {
        Login::Ok(s) => s,
        other => panic!("{other:?}"),
    }
}

fn fx() -> Fx {
    fx_with(None)
}

impl Fx {
    fn set(&self, t: NaiveDateTime) {
        *self.clock.lock().unwrap() = t;
    }
    fn tick_all(&self, case: CaseId, except: &[(&str, MaterialState)]) {
        for item in self.desk.checklist(case).unwrap() {
            let st = except
                .iter()
                .find(|(m, _)| *m == item.material)
                .map(|(_, s)| s.clone())
                .unwrap_or(MaterialState::Provided);
            self.desk.tick(&self.clerk, case, &item.material, st).unwrap();
        }
    }
}

fn flat(bytes: &[u8]) -> String {
    parse_escpos(bytes).unwrap().text().chars().filter(|c| !c.is_whitespace()).collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn login_checks_the_pin_and_audits() {
    let f = fx();
    assert_eq!(f.desk.login("0001", "000000").unwrap(), Login::Denied { attempts_left: 4 });
    assert!(matches!(f.desk.login("9999", "123456").unwrap(), Login::Denied { .. }), "unknown id: same answer");
    let s = session(&f.desk, " 0007 ", "777777");
    assert!(s.is_supervisor());
    // Five wrong PINs lock the id, even against the right PIN afterwards.
    for _ in 0..4 {
        f.desk.login("0002", "000000").unwrap();
    }
    assert_eq!(f.desk.login("0002", "000000").unwrap(), Login::Locked { minutes: 15 });
    assert_eq!(f.desk.login("0002", "234567").unwrap(), Login::Locked { minutes: 15 });
    let audit = f.desk.store.audit().entries(1, 200).unwrap();
    assert!(audit.iter().any(|e| e.action == "desk.login"));
    assert!(audit.iter().filter(|e| e.action == "staff.pin_failed").count() >= 2);
}

#[test]
fn full_intake_flow_from_ticket_to_rating() {
    // Seeds: 淄博 2020 措施 10 (首问负责制, 一次性告知制), 淄博 2017 简报 五 (容缺受理),
    // 围场 2023 措施 16 (10日内回访), 淄博 2020 措施 11 (好差评).
    let f = fx();
    let t = f.desk.take_ticket(Some(matters::SAFETY_PERMIT_EXTENSION)).unwrap();
    assert_eq!(t.label, "A001");
    let called = f.desk.call_next(&f.clerk, 2).unwrap().unwrap();
    assert_eq!(called.id, t.id);
    let case = f.desk.open_case(&f.clerk, matters::SAFETY_PERMIT_EXTENSION, Some(t.id)).unwrap();
    let known = f
        .desk
        .record_visitor(
            &f.clerk,
            case.id,
            &VisitorInput {
                name: String::new(),
                id_number: Some(RAW_ID.to_lowercase()),
                enterprise: Some("示范化工有限公司".into()),
                credit_code: Some(CODE.into()),
                ..Default::default()
            },
        )
        .unwrap()
        .expect("a registered holder");
    assert_eq!(known.holder.name, "王秀英");
    assert_eq!(known.certificates.len(), 1);
    assert_eq!(f.desk.case_view(case.id).unwrap().case.visitor.name, "王秀英", "name from the registry");

    // Checklist: the assessment report (key) is defective, insurance (non-key) missing.
    f.tick_all(
        case.id,
        &[
            ("assessment", MaterialState::Defective { what: "评价报告未盖资质章".into() }),
            ("insurance", MaterialState::Missing),
        ],
    );
    // 容缺 is impossible while a key material is defective.
    let pledge = Decision::AcceptDeficient { pledge_signed: true, pledge_due: d(2025, 10, 10) };
    assert!(matches!(
        f.desk.decide(&f.clerk, case.id, &pledge, None),
        Err(DeskError::Decision(DecisionError::KeyMaterialMissing(_)))
    ));
    // One-time notice, printed: the bytes decode to every missing item.
    let Decided::Noticed { seq, items, .. } = f.desk.decide(&f.clerk, case.id, &Decision::Notice, None).unwrap() else {
        panic!()
    };
    assert_eq!((seq, items.len()), (1, 2));
    let p = f.desk.print_document(&f.clerk, case.id, DocKind::Notice).unwrap();
    assert!(p.error.is_none());
    let text = flat(&p.bytes);
    let m = f.desk.matters().get(matters::SAFETY_PERMIT_EXTENSION).unwrap();
    for code in ["assessment", "insurance"] {
        let mat = m.material(code).unwrap();
        assert!(text.contains(&squash(&mat.name)) && text.contains(&squash(&mat.fix)), "{code}");
    }
    assert!(text.contains("评价报告未盖资质章") && text.contains(&case.number));
    assert!(text.contains(&squash("承诺18个工作日（法定45个工作日）")));
    assert!(!text.contains(RAW_ID), "masked on paper");
    let spooled = f.dir.path().join("spool").join("documents").join(format!("{}.bin", p.serial));
    assert_eq!(std::fs::read(spooled).unwrap(), p.bytes);

    // Resubmission: the report comes back in order; the visitor pledges the insurance proof.
    f.set(d(2025, 10, 9).and_hms_opt(10, 0, 0).unwrap());
    f.desk.tick(&f.clerk, case.id, "assessment", MaterialState::Provided).unwrap();
    let committed = f.desk.calendar().due_date(d(2025, 10, 9), 18).unwrap();
    let late = Decision::AcceptDeficient { pledge_signed: true, pledge_due: committed.succ_opt().unwrap() };
    assert!(matches!(
        f.desk.decide(&f.clerk, case.id, &late, None),
        Err(DeskError::Decision(DecisionError::PledgeAfterDue { .. }))
    ));
    let pledge = Decision::AcceptDeficient { pledge_signed: true, pledge_due: d(2025, 10, 20) };
    // SPEC §2 容缺受理: the pledge is signed before acceptance; the service holds the case until
    // the clerk confirms the signed paper, whatever the caller says.
    let kind = crate::domain::pledge::PledgeKind::Deficient;
    assert!(matches!(
        f.desk.decide(&f.clerk, case.id, &pledge, None),
        Err(DeskError::Pledge(crate::domain::pledge::PledgeError::NotPrinted(_)))
    ));
    f.desk.print_pledge(&f.clerk, case.id, kind, Some(d(2025, 10, 20))).unwrap();
    f.desk.confirm_pledge(&f.clerk, case.id, kind).unwrap();
    let Decided::Accepted { kind, due, .. } = f.desk.decide(&f.clerk, case.id, &pledge, None).unwrap() else {
        panic!()
    };
    assert_eq!(kind, AcceptKind::Deficient { pledge_due: d(2025, 10, 20) });
    assert_eq!(due, committed);
    let pl = f.desk.print_document(&f.clerk, case.id, DocKind::Pledge).unwrap();
    let pt = flat(&pl.bytes);
    assert!(
        pt.contains("容缺受理承诺书")
            && pt.contains("2025-10-20")
            && pt.contains(&squash(&m.material("insurance").unwrap().name))
    );
    let rc = f.desk.print_document(&f.clerk, case.id, DocKind::Receipt).unwrap();
    assert!(flat(&rc.bytes).contains("受理方式：容缺受理"));

    // Hand-off keeps the first-contact owner (首问负责制); the case changes hands only when the
    // receiver takes it (issue 15), and an unknown receiver is said as such.
    assert!(matches!(f.desk.hand_off(&f.clerk, case.id, "9999", "x"), Err(DeskError::NoSuchStaff(s)) if s == "9999"));
    f.desk.hand_off(&f.clerk, case.id, "0002", "转危化审查岗").unwrap();
    let v = f.desk.case_view(case.id).unwrap();
    assert_eq!((v.case.first_owner.as_str(), v.case.owner.as_str()), ("0001", "0001"), "not taken yet");
    assert!(matches!(f.desk.hand_off(&f.clerk, case.id, "0002", "again"), Err(DeskError::HandoffPending)));
    assert!(matches!(f.desk.accept_handoff(&f.clerk, case.id), Err(DeskError::NoHandoffForYou)));
    assert_eq!(f.desk.handoffs_waiting(&f.clerk2).unwrap().len(), 1);
    f.desk.accept_handoff(&f.clerk2, case.id).unwrap();
    assert!(f.desk.handoffs_waiting(&f.clerk2).unwrap().is_empty());
    let v = f.desk.case_view(case.id).unwrap();
    assert_eq!((v.case.first_owner.as_str(), v.case.owner.as_str()), ("0001", "0002"));
    // "我首问的": the first owner still sees it.
    assert!(f.desk.first_received(&f.clerk).unwrap().iter().any(|c| c.case.id == case.id));
    assert!(f.desk.first_received(&f.clerk2).unwrap().is_empty());
    assert!(matches!(f.desk.hand_off(&f.clerk, case.id, "0001", "x"), Err(DeskError::Handoff(HandoffError::NotOwner))));
    assert_eq!(f.desk.my_cases(&f.clerk2).unwrap().len(), 1);
    assert!(matches!(v.deadline, Some(Deadline::Days { left: 18, .. })));

    // The pledge date passes with the insurance proof outstanding: flagged.
    f.set(d(2025, 10, 21).and_hms_opt(9, 0, 0).unwrap());
    assert_eq!(f.desk.missed_pledges().unwrap().len(), 1);
    f.desk.tick(&f.clerk2, case.id, "insurance", MaterialState::Provided).unwrap();
    assert!(f.desk.missed_pledges().unwrap().is_empty(), "supplying it fulfils the pledge");

    // Along the main line to 办结: the callback is due 10 calendar days later.
    // 承办/审查 by the handler (0002); 批准 by a supervisor who did not handle it (SPEC §2 Roles).
    for want in [CaseState::Undertaken, CaseState::Reviewed] {
        assert_eq!(f.desk.advance(&f.clerk2, case.id).unwrap(), want);
    }
    assert!(matches!(f.desk.advance(&f.clerk2, case.id), Err(DeskError::Stage(_))), "a clerk does not approve");
    let sup = session(&f.desk, "0007", "777777");
    assert_eq!(f.desk.advance(&sup, case.id).unwrap(), CaseState::Approved);
    assert_eq!(f.desk.close(&f.clerk2, case.id).unwrap(), d(2025, 10, 31));
    let today = f.desk.today();
    assert!(f.desk.store.ratings().callbacks_due(today).unwrap().is_empty());
    let in_ten = crate::domain::workdays::calendar_days_after(today, 10);
    assert_eq!(f.desk.store.ratings().callbacks_due(in_ten).unwrap()[0].case_id, Some(case.id));
    f.desk.record_post(&f.clerk2, case.id, "淄博市张店区示范路1号", "EMS1190000001").unwrap();

    // Rating on the counter's screen: bad → a follow-up due in 5 working days; once only.
    f.desk.request_rating(&f.clerk2, 2, case.id).unwrap();
    assert_eq!(f.desk.record_rating(3, Rating::Satisfied).unwrap(), RatingRecorded::NotPending, "other counter");
    let r = f.desk.record_rating(2, Rating::VeryDissatisfied).unwrap();
    let followup = f.desk.calendar().due_date(d(2025, 10, 21), 5).unwrap();
    assert_eq!(r, RatingRecorded::Recorded { followup_due: Some(followup) });
    assert_eq!(f.desk.record_rating(2, Rating::VerySatisfied).unwrap(), RatingRecorded::NotPending);
    assert!(f.desk.request_rating(&f.clerk2, 2, case.id).is_err(), "one rating per service");
    f.set(followup.and_hms_opt(9, 0, 0).unwrap());
    assert_eq!(f.desk.store.ratings().followups_due(f.desk.today()).unwrap().len(), 1);

    // 全程留痕: every step is in the case's events, and the audit chain holds.
    let actions: Vec<String> = f.desk.store.cases().events(case.id).unwrap().into_iter().map(|e| e.action).collect();
    for a in [
        "case.opened",
        "case.visitor",
        "case.tick",
        "case.notice",
        "document.printed",
        "case.accepted",
        "case.handoff",
        "case.pledge_fulfilled",
        "case.state",
        "case.posted",
        "rating.requested",
        "rating.given",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} missing from {actions:?}");
    }
    assert!(f.desk.store.audit().verify().is_ok());
    // Searches find the case by each key.
    for q in [case.number.as_str(), RAW_ID, "王秀", "示范化工", CODE] {
        let r = f.desk.search(q).unwrap();
        assert!(r.cases.iter().any(|c| c.case.id == case.id), "search {q}");
    }
    assert!(f.desk.search(RAW_ID).unwrap().holder.is_some());
}

#[test]
fn later_notice_needs_a_supervisor_for_new_items_art_32() {
    // 行政许可法 art. 32: a second notice may list only items of the first notice or defects in
    // materials resubmitted since; anything else needs a supervisor override, audited.
    let f = fx();
    let case = f.desk.open_case(&f.clerk, matters::SPECIAL_REVIEW, None).unwrap();
    f.desk.record_visitor(&f.clerk, case.id, &VisitorInput { name: "赵磊".into(), ..Default::default() }).unwrap();
    f.tick_all(case.id, &[("health", MaterialState::Missing)]);
    f.desk.decide(&f.clerk, case.id, &Decision::Notice, None).unwrap();
    // The health certificate comes back with a defect: allowed on a second notice.
    f.desk.tick(&f.clerk, case.id, "health", MaterialState::Defective { what: "无医疗机构盖章".into() }).unwrap();
    let Decided::Noticed { seq, overridden, .. } = f.desk.decide(&f.clerk, case.id, &Decision::Notice, None).unwrap()
    else {
        panic!()
    };
    assert_eq!((seq, overridden.len()), (2, 0));
    // Now the clerk finds a problem with the training record, never mentioned: refused.
    f.desk.tick(&f.clerk, case.id, "training", MaterialState::Defective { what: "学时不足".into() }).unwrap();
    let err = f.desk.decide(&f.clerk, case.id, &Decision::Notice, None).unwrap_err();
    assert!(
        matches!(err, DeskError::Decision(DecisionError::Notice(NoticeError::NotOnFirstNotice(ref v))) if v == &["training".to_string()])
    );
    // A clerk cannot override; a wrong PIN cannot either.
    let by_clerk = SupervisorOverride { staff_id: "0002".into(), pin: "234567".into(), reason: "x".into() };
    assert!(matches!(
        f.desk.decide(&f.clerk, case.id, &Decision::Notice, Some(&by_clerk)),
        Err(DeskError::NotSupervisor)
    ));
    let wrong = SupervisorOverride { staff_id: "0007".into(), pin: "000000".into(), reason: "x".into() };
    assert!(matches!(f.desk.decide(&f.clerk, case.id, &Decision::Notice, Some(&wrong)), Err(DeskError::NotSupervisor)));
    let ok =
        SupervisorOverride {
            staff_id: "0007".into(), pin: "777777".into(), reason: "培训机构撤销该批次成绩".into()
        };
    let Decided::Noticed { overridden, .. } = f.desk.decide(&f.clerk, case.id, &Decision::Notice, Some(&ok)).unwrap()
    else {
        panic!()
    };
    assert_eq!(overridden, ["training".to_string()]);
    let audit = f.desk.store.audit().entries(1, 1000).unwrap();
    let o = audit.iter().find(|e| e.action == "case.notice_override").unwrap();
    assert_eq!((o.actor.as_str(), o.detail["reason"].as_str()), ("0007", Some("培训机构撤销该批次成绩")));
    assert!(audit.iter().any(|e| e.action == "desk.override_denied"));
    // The printed later notice says it is a supplementary one.
    let p = f.desk.print_document(&f.clerk, case.id, DocKind::Notice).unwrap();
    assert!(flat(&p.bytes).contains("第3次告知"));
}

#[test]
fn bad_credit_mark_excludes_deficiency_acceptance() {
    // SPEC §2; 淄博 2020 措施 5 (一般失信/严重失信).
    let f = fx();
    let sup = session(&f.desk, "0007", "777777");
    let mark = CreditMark {
        credit_code: CODE.into(),
        serious: false,
        since: d(2025, 1, 1),
        until: None,
        note: "一般失信".into(),
    };
    assert!(matches!(f.desk.add_credit_mark(&f.clerk, &mark), Err(DeskError::NotSupervisor)));
    f.desk.add_credit_mark(&sup, &mark).unwrap();
    let case = f.desk.open_case(&f.clerk, matters::FIREWORKS_RETAIL, None).unwrap();
    f.desk
        .record_visitor(
            &f.clerk,
            case.id,
            &VisitorInput { name: "孙立".into(), credit_code: Some(CODE.into()), ..Default::default() },
        )
        .unwrap();
    f.tick_all(case.id, &[("fire_check", MaterialState::Missing)]);
    let dec = Decision::AcceptDeficient { pledge_signed: true, pledge_due: d(2025, 10, 9) };
    assert!(matches!(
        f.desk.decide(&f.clerk, case.id, &dec, None),
        Err(DeskError::Decision(DecisionError::BadCredit(_)))
    ));
    // A notice is still possible, and refusal needs a reason.
    assert!(matches!(
        f.desk.decide(&f.clerk, case.id, &Decision::Refuse { reason: " ".into() }, None),
        Err(DeskError::Decision(DecisionError::NoReason))
    ));
    assert_eq!(
        f.desk.decide(&f.clerk, case.id, &Decision::Refuse { reason: "经营场所不符合安全条件".into() }, None).unwrap(),
        Decided::Refused
    );
    assert_eq!(f.desk.case_view(case.id).unwrap().case.state, CaseState::Refused);
}

#[test]
fn visitor_input_is_checked() {
    let f = fx();
    let case = f.desk.open_case(&f.clerk, matters::SPECIAL_ISSUE, None).unwrap();
    let bad_id = VisitorInput { name: "x".into(), id_number: Some("110105194912310021".into()), ..Default::default() };
    assert!(matches!(f.desk.record_visitor(&f.clerk, case.id, &bad_id), Err(DeskError::Id(IdError::Check { .. }))));
    // A credit code failing its check is a warning staff may confirm (SPEC §2).
    let mut v =
        VisitorInput { name: "钱程".into(), credit_code: Some("91350100M000100Y44".into()), ..Default::default() };
    assert!(matches!(f.desk.record_visitor(&f.clerk, case.id, &v), Err(DeskError::CreditCheckWarning { .. })));
    v.confirm_credit_code = true;
    assert!(f.desk.record_visitor(&f.clerk, case.id, &v).unwrap().is_none());
    v.credit_code = Some("91350100M000100YI3".into());
    assert!(matches!(f.desk.record_visitor(&f.clerk, case.id, &v), Err(DeskError::Uscc(_))));
    assert!(matches!(f.desk.record_visitor(&f.clerk, case.id, &VisitorInput::default()), Err(DeskError::NoName)));
    assert!(matches!(f.desk.open_case(&f.clerk, "no_such_matter", None), Err(DeskError::UnknownMatter(_))));
    assert!(matches!(f.desk.take_ticket(Some("x")), Err(DeskError::UnknownMatter(_))));
    assert!(matches!(f.desk.case_view(999), Err(DeskError::UnknownCase(999))));
    assert!(f.desk.search("   ").unwrap().cases.is_empty());
    // Nothing to print before there is a notice, pledge or acceptance: no job recorded.
    for k in [DocKind::Notice, DocKind::Pledge, DocKind::Receipt] {
        assert!(matches!(f.desk.print_document(&f.clerk, case.id, k), Err(DeskError::NothingToPrint(_))));
    }
    let jobs: i64 = f.desk.store.conn().query_row("SELECT count(*) FROM document_jobs", [], |r| r.get(0)).unwrap();
    assert_eq!(jobs, 0);
}

#[test]
fn past_the_published_years_the_desk_accepts_with_provisional_dates() {
    // SPEC §2 / issue 13: the counter never stops for want of a calendar. On 2027-01-04 (no 2027
    // notice entered) the notice prints a provisional date, the acceptance records provisional
    // dates (行政许可法 第八十二条 working days; 2027 from the 放假办法 (2024修订) 第二条), and the
    // due list works.
    let f = fx();
    f.set(d(2027, 1, 4).and_hms_opt(9, 0, 0).unwrap());
    let case = f.desk.open_case(&f.clerk, matters::SPECIAL_CANCEL, None).unwrap();
    f.desk.record_visitor(&f.clerk, case.id, &VisitorInput { name: "周全".into(), ..Default::default() }).unwrap();
    f.tick_all(case.id, &[("certificate", MaterialState::Missing)]);
    assert!(matches!(
        f.desk.decide(&f.clerk, case.id, &Decision::Accept, None),
        Err(DeskError::Decision(DecisionError::Deficient(_)))
    ));
    f.desk.decide(&f.clerk, case.id, &Decision::Notice, None).unwrap();
    let p = f.desk.print_document(&f.clerk, case.id, DocKind::Notice).unwrap();
    assert!(flat(&p.bytes).contains("（暂定）"), "{}", flat(&p.bytes));
    f.desk.tick(&f.clerk, case.id, "certificate", MaterialState::Pledged).unwrap();
    let notify = crate::domain::pledge::PledgeKind::Notify;
    f.desk.print_pledge(&f.clerk, case.id, notify, None).unwrap();
    f.desk.confirm_pledge(&f.clerk, case.id, notify).unwrap();
    let Decided::Accepted { provisional, .. } = f.desk.decide(&f.clerk, case.id, &Decision::Accept, None).unwrap()
    else {
        panic!("accepted")
    };
    assert_eq!(provisional, Provisional { due: true, statutory: true });
    let c = f.desk.case_view(case.id).unwrap();
    assert_eq!(c.case.provisional, provisional);
    assert_eq!(c.case.calendar_version, Some(0), "computed on the built-in years only");
    assert!(c.deadline.is_some_and(|d| d.is_provisional()));
    let due = f.desk.due_cases(30).unwrap();
    assert!(due.iter().any(|v| v.case.id == case.id && v.deadline.is_some_and(|d| d.is_provisional())));
    let receipt = f.desk.print_document(&f.clerk, case.id, DocKind::Receipt).unwrap();
    assert!(flat(&receipt.bytes).contains("（暂定）"));
    assert_eq!(f.desk.store.calendar().provisional_case_numbers().unwrap(), vec![c.case.number.clone()]);
}

#[test]
fn appointments_on_weekends_are_extended_service() {
    // 淄博 2017 简报 七: 延时服务/预约服务 on weekends.
    let f = fx();
    let sat = d(2025, 10, 4); // inside the National Day holiday
    let id = f.desk.book_appointment(&f.clerk, sat, "09:30", "吴敏", None, matters::SPECIAL_REVIEW, None).unwrap();
    let mon = d(2025, 10, 13);
    f.desk.book_appointment(&f.clerk, mon, "10:00", "郑和", None, matters::SPECIAL_REVIEW, None).unwrap();
    f.desk.book_appointment(&f.clerk, mon, "18:00", "冯远", None, matters::SPECIAL_REVIEW, None).unwrap();
    assert!(f.desk.appointments_on(sat).unwrap()[0].extended);
    let on_mon = f.desk.appointments_on(mon).unwrap();
    assert_eq!(on_mon.iter().map(|a| a.extended).collect::<Vec<_>>(), [false, true]);
    f.set(sat.and_hms_opt(9, 20, 0).unwrap());
    let t = f.desk.arrive(id).unwrap();
    assert_eq!(t.label, "B001");
    assert_eq!(f.desk.today_queue().unwrap().len(), 1);
}

#[test]
fn documents_print_to_a_tcp_printer_and_faults_keep_the_job() {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        let mut got = Vec::new();
        s.read_to_end(&mut got).unwrap();
        got
    });
    let mut f = fx_with(Some(Target::Tcp { host: "127.0.0.1".into(), port }));
    f.desk.query_status = false;
    let case = f.desk.open_case(&f.clerk, matters::QUALIFICATION_CHANGE, None).unwrap();
    f.desk.record_visitor(&f.clerk, case.id, &VisitorInput { name: "陈静".into(), ..Default::default() }).unwrap();
    f.tick_all(case.id, &[("change_proof", MaterialState::Missing)]);
    f.desk.decide(&f.clerk, case.id, &Decision::Notice, None).unwrap();
    let p = f.desk.print_document(&f.clerk, case.id, DocKind::Notice).unwrap();
    assert!(p.error.is_none(), "{:?}", p.error);
    let received = server.join().unwrap();
    assert_eq!(received, p.bytes, "the printer got exactly the recorded bytes");
    assert!(flat(&received).contains("变更事项证明材料"));
    // The printer is gone now: the fault comes back, the job stays with its bytes.
    let p2 = f.desk.print_document(&f.clerk, case.id, DocKind::Notice).unwrap();
    assert!(p2.error.is_some());
    let (state, err, bytes) = f.desk.store.documents().job(p2.serial).unwrap().unwrap();
    assert_eq!(state, "failed");
    assert!(err.is_some());
    assert_eq!(bytes.unwrap(), p2.bytes);
}

#[test]
fn a_confirmed_intake_survives_reopening_the_database() {
    // A process killed after a confirmed step loses nothing: every step was committed (WAL,
    // synchronous=FULL). Reopen the file from scratch and find the case as confirmed.
    let f = fx();
    let case = f.desk.open_case(&f.clerk, matters::SPECIAL_REVIEW, None).unwrap();
    f.desk.tick(&f.clerk, case.id, "health", MaterialState::Missing).unwrap();
    let path = f.dir.path().join("certdesk.db");
    let other = Store::open(&path).unwrap();
    assert_eq!(other.cases().get(case.id).unwrap().unwrap().number, case.number);
    assert_eq!(
        other.cases().checklist(case.id).unwrap().iter().find(|i| i.material == "health").unwrap().state,
        MaterialState::Missing
    );
    drop(f);
}

#[test]
fn followup_days_setting_is_used() {
    let f = fx();
    f.desk.store.set_setting(FOLLOWUP_DAYS_SETTING, "3").unwrap();
    assert_eq!(f.desk.followup_days(), 3);
    f.desk.store.set_setting(FOLLOWUP_DAYS_SETTING, "garbage").unwrap();
    assert_eq!(f.desk.followup_days(), 5, "a bad setting falls back to the default of SPEC §2");
    let case = f.desk.open_case(&f.clerk, matters::SPECIAL_CANCEL, None).unwrap();
    f.desk.request_rating(&f.clerk, 1, case.id).unwrap();
    assert_eq!(f.desk.record_rating(1, Rating::Basic).unwrap(), RatingRecorded::Recorded { followup_due: None });
    assert!(f.desk.store.ratings().followups_due(f.desk.today()).unwrap().is_empty(), "基本满意 is not a bad rating");
}

#[test]
fn desk_opens_on_a_home_and_refuses_a_bad_matters_file() {
    // The catalogue and calendar are editable files in the home; a broken one is an error at
    // start, never a silent fall-back to the built-in copy.
    let dir = tempfile::tempdir().unwrap();
    let (home, _) = Home::init(dir.path(), d(2025, 9, 30)).unwrap();
    let clock = || -> Clock { Clock::fixed(d(2025, 9, 30).and_hms_opt(9, 0, 0).unwrap()) };
    let settings = || Settings::from_home(home.clone(), None, clock()).unwrap();
    let desk = Desk::open(&settings()).unwrap();
    assert!(desk.matters().get(matters::SPECIAL_REVIEW).is_some());
    drop(desk);
    std::fs::write(dir.path().join("matters.toml"), "[[matter]]\ncode = 1\n").unwrap();
    assert!(matches!(Desk::open(&settings()), Err(DeskError::Setup(e)) if e.contains("matters.toml")));
    std::fs::remove_file(dir.path().join("matters.toml")).unwrap();
    // A calendar.toml in the home is not read (issue 13: it used to replace the built-in years
    // silently, per terminal): the calendar is the database's, entered with `calendar add`;
    // `doctor` tells the admin. Even a broken file does not stop the desk.
    let cal = "[[year]]\nyear = 2027\nholidays = [\"01-01\"]\nworkdays = []\n";
    std::fs::write(dir.path().join("calendar.toml"), cal).unwrap();
    let desk = Desk::open(&settings()).unwrap();
    assert_eq!(desk.calendar().published_years(), vec![2025, 2026]);
    drop(desk);
    std::fs::write(dir.path().join("calendar.toml"), "garbage [[").unwrap();
    assert!(Desk::open(&settings()).is_ok());
}

#[test]
fn generated_cases_are_searchable() {
    let f = fx();
    let n = f.desk.store.cases().populate(200, 1, d(2025, 9, 30), f.desk.matters(), "0001").unwrap();
    assert_eq!(n, 200);
    assert_eq!(f.desk.store.cases().count().unwrap(), 200);
    // The registry's only holder is every generated case's visitor.
    let r = f.desk.search(RAW_ID).unwrap();
    assert_eq!(r.cases.len(), 50, "at most 50 results");
    assert!(f.desk.my_cases(&f.clerk).unwrap().len() <= 200);
    assert!(f.desk.due_cases(0).unwrap().iter().all(|v| v.deadline.is_some()));
}

#[test]
fn phone_numbers_and_id_like_text_at_the_counter() {
    // Phones: mobile, landline with area code; an ID number (18 characters) is no phone.
    for ok in ["13800138000", "0533-2305617", "2305617", "010-12345678"] {
        assert!(phone_ok(ok), "{ok}");
    }
    for bad in [RAW_ID, "110105194912310021", "123456", "138-0013-8000-138-0013", "电话", "+8613800138000", ""] {
        assert!(!phone_ok(bad), "{bad}");
    }
    // SPEC §6: a run of 15 or more digits (or 17 and an X) in free text is an ID number.
    for id in [RAW_ID, "寄给 11010519491231002x 收", "１１０１０５１９４９１２３１００２", "123456789012345"]
    {
        assert!(id_like(id), "{id}");
    }
    for text in ["淄博市张店区人民西路1号 13800138000", "EA123456789CN", "12345678901234 x", "示范化工有限公司"]
    {
        assert!(!id_like(text), "{text}");
    }
}

#[test]
fn booking_rules_before_anything_is_written() {
    // 预约服务 / 延时服务 (淄博 2017 简报 七): a date from today on, HH:MM, a name, a phone.
    let today = d(2026, 11, 23);
    let ok = |day, slot, name, phone, ent| check_booking(today, day, slot, name, phone, ent);
    assert!(ok(today, "09:30", "孙七", Some("13912345678"), None).is_ok());
    assert!(ok(d(2026, 11, 28), "18:00", "孙七", None, Some("示范化工有限公司")).is_ok());
    assert!(matches!(ok(d(2026, 11, 22), "09:30", "孙七", None, None), Err(DeskError::DateInPast(_))));
    for slot in ["9:30", "24:00", "09:60", "0930", "09:30:00", ""] {
        assert!(matches!(ok(today, slot, "孙七", None, None), Err(DeskError::BadSlot)), "{slot}");
    }
    assert!(matches!(ok(today, "09:30", " ", None, None), Err(DeskError::NoName)));
    assert!(matches!(ok(today, "09:30", RAW_ID, None, None), Err(DeskError::NameHasDigits)));
    assert!(matches!(ok(today, "09:30", "孙七", Some(RAW_ID), None), Err(DeskError::BadPhone)));
    assert!(matches!(ok(today, "09:30", "孙七", None, Some(RAW_ID)), Err(DeskError::IdLike)));
    assert!(matches!(ok(today, "09:30", &"长".repeat(65), None, None), Err(DeskError::TooLong(_))));
}

#[test]
fn arrival_only_for_todays_booked_appointment_and_weekends_are_extended_hours() {
    let f = fx(); // Tuesday 2025-09-30
    let matter = matters::SPECIAL_REVIEW;
    let sat = f.desk.book_appointment(&f.clerk, d(2025, 10, 11), "09:00", "周八", None, matter, None).unwrap();
    let holiday = f.desk.book_appointment(&f.clerk, d(2025, 10, 2), "09:00", "吴九", None, matter, None).unwrap();
    let today = f.desk.book_appointment(&f.clerk, d(2025, 9, 30), "10:00", "孙七", None, matter, None).unwrap();
    let list = f.desk.appointments_ahead(10).unwrap();
    let ext = |id| list.iter().find(|a| a.id == id).unwrap().extended;
    // 2025-10-11 is a Saturday but a make-up working day (调休): not extended hours; 10-02 is a
    // National Day holiday: extended hours.
    assert!(!ext(sat), "make-up working day");
    assert!(ext(holiday), "holiday");
    assert!(!ext(today));
    assert!(matches!(f.desk.arrive(sat), Err(DeskError::AppointmentNotToday)));
    let t = f.desk.arrive(today).unwrap();
    assert_eq!(t.label, "B001");
    assert!(matches!(f.desk.arrive(today), Err(DeskError::AppointmentUsed)));
}

#[test]
fn a_cancelled_appointment_frees_its_slot_and_gives_no_ticket() {
    // 预约服务 (淄博 2017 简报 七): one visitor per slot; a cancellation needs a reason, is audited,
    // and frees the slot; the cancelled appointment no longer turns into a ticket.
    let f = fx(); // Tuesday 2025-09-30
    let matter = matters::SPECIAL_REVIEW;
    let today = d(2025, 9, 30);
    let a = f.desk.book_appointment(&f.clerk, today, "10:00", "孙七", None, matter, None).unwrap();
    assert!(matches!(
        f.desk.book_appointment(&f.clerk, today, "10:00", "周八", None, matter, None),
        Err(DeskError::SlotTaken)
    ));
    assert!(matches!(f.desk.cancel_appointment(&f.clerk, a, "  "), Err(DeskError::NoReason)));
    assert!(matches!(f.desk.cancel_appointment(&f.clerk, a, &"因".repeat(201)), Err(DeskError::TooLong(_))));
    let c = f.desk.cancel_appointment(&f.clerk, a, &format!("来电取消 {RAW_ID}")).unwrap();
    assert_eq!(c.state, "cancelled");
    assert!(!c.cancel_reason.unwrap().contains(RAW_ID), "kept masked");
    assert!(matches!(f.desk.arrive(a), Err(DeskError::AppointmentCancelled)));
    assert!(matches!(f.desk.cancel_appointment(&f.clerk, a, "again"), Err(DeskError::AppointmentCancelled)));
    let b = f.desk.book_appointment(&f.clerk, today, "10:00", "周八", None, matter, None).unwrap();
    assert_eq!(f.desk.arrive(b).unwrap().label, "B001");
    assert!(matches!(f.desk.cancel_appointment(&f.clerk, b, "late"), Err(DeskError::AppointmentUsed)));
}

#[test]
fn a_running_desk_picks_up_a_year_entered_elsewhere_without_a_restart() {
    // Issue 13: `certdesk calendar add` on any terminal; a desk already running uses the new
    // year for the next acceptance (it compares the stored calendar's version before every
    // acceptance, and at most every few seconds otherwise).
    let f = fx();
    assert_eq!(f.desk.calendar().version(), 0);
    let other = Store::open(f.dir.path().join("certdesk.db")).unwrap();
    let notice = crate::domain::workdays::Notice::parse_file(
        "[[year]]\nyear = 2027\nsource = \"国务院办公厅关于2027年部分节假日安排的通知（测试用）\"\n\
         holidays = [\"01-01..01-03\", \"02-05..02-13\", \"04-03..04-05\", \"05-01..05-05\", \"06-09..06-11\", \
         \"09-15..09-17\", \"10-01..10-07\"]\nworkdays = [\"02-14\", \"10-09\"]\n",
    )
    .unwrap()
    .remove(0);
    other
        .calendar()
        .enter_year(&notice, false, &Matters::builtin(), "admin", d(2026, 12, 1).and_hms_opt(9, 0, 0).unwrap())
        .unwrap();
    // An acceptance on 2027-01-27 counts the entered notice: firm, not provisional.
    f.set(d(2027, 1, 27).and_hms_opt(9, 0, 0).unwrap());
    let case = f.desk.open_case(&f.clerk, matters::SPECIAL_CANCEL, None).unwrap();
    f.desk.record_visitor(&f.clerk, case.id, &VisitorInput { name: "周全".into(), ..Default::default() }).unwrap();
    f.tick_all(case.id, &[]);
    let Decided::Accepted { provisional, .. } = f.desk.decide(&f.clerk, case.id, &Decision::Accept, None).unwrap()
    else {
        panic!("accepted")
    };
    assert_eq!(provisional, Provisional::default());
    assert_eq!(f.desk.case(case.id).unwrap().calendar_version, Some(1));
    assert_eq!(f.desk.calendar().published_years(), vec![2025, 2026, 2027]);
}

#[test]
fn brute_forcing_the_supervisor_approval_pin_fails() {
    // Issue 17 §10: the supervisor's approval on the spot (a later notice's new items, 行政许可法
    // art. 32) goes through the same PIN gate as the sign-in: growing delays at the station and
    // the lock per staff number. A clerk walking through PINs never gets the override, the right
    // PIN included once locked, and the supervisor's sign-in is locked too.
    let mut f = fx();
    let waits = Arc::new(Mutex::new(Vec::new()));
    let (w, c) = (waits.clone(), f.clock.clone());
    f.desk.set_pin_pause(Arc::new(move |d| {
        w.lock().unwrap().push(d);
        *c.lock().unwrap() += chrono::Duration::from_std(d).unwrap();
    }));
    let case = f.desk.open_case(&f.clerk, matters::SPECIAL_REVIEW, None).unwrap();
    f.desk.record_visitor(&f.clerk, case.id, &VisitorInput { name: "赵磊".into(), ..Default::default() }).unwrap();
    f.tick_all(case.id, &[("health", MaterialState::Missing)]);
    f.desk.decide(&f.clerk, case.id, &Decision::Notice, None).unwrap();
    f.desk.tick(&f.clerk, case.id, "training", MaterialState::Defective { what: "学时不足".into() }).unwrap();
    let mut answers = vec![];
    for guess in 777_770..=777_779 {
        let o = SupervisorOverride { staff_id: "0007".into(), pin: guess.to_string(), reason: "x".into() };
        answers.push(f.desk.decide(&f.clerk, case.id, &Decision::Notice, Some(&o)).map(|_| ()));
    }
    assert!(answers.iter().all(|a| a.is_err()), "an override got through: {answers:?}");
    // Four wrong answers, the fifth locks; the right one (the eighth) is refused like the rest.
    assert!(answers[..4].iter().all(|a| matches!(a, Err(DeskError::NotSupervisor))), "{answers:?}");
    assert!(answers[4..].iter().all(|a| matches!(a, Err(DeskError::SupervisorLocked { minutes: 15 }))), "{answers:?}");
    assert_eq!(f.desk.login("0007", "777777").unwrap(), Login::Locked { minutes: 15 }, "the same lock as the sign-in");
    let audit = f.desk.store.audit().entries(1, 1000).unwrap();
    assert!(audit.iter().any(|e| e.action == "staff.locked" && e.detail["staff"] == "0007"));
    assert!(!audit.iter().any(|e| e.action == "case.notice_override"));
    assert!(!waits.lock().unwrap().is_empty(), "the station slowed down");
    // After the window the supervisor approves.
    let later = *f.clock.lock().unwrap() + chrono::Duration::minutes(16);
    f.set(later);
    let ok =
        SupervisorOverride {
            staff_id: "0007".into(), pin: "777777".into(), reason: "培训机构撤销该批次成绩".into()
        };
    assert!(f.desk.decide(&f.clerk, case.id, &Decision::Notice, Some(&ok)).is_ok());
}
