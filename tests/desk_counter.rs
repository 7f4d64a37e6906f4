//! The front desk's counter services beyond the first intake (issue 7 leftovers), driven through
//! the same event path a staff member's keys take, against the real store, the intake backend
//! and a file printer: the supervisor's override of a later notice, the holder page with
//! staff-assisted prints, appointments (预约服务, 延时服务 on weekends), free post (免费邮寄), and
//! the due / missed-pledge lists with data. Screens are kept as insta snapshots in zh-CN and en.

mod support;

use certdesk::app::desk::{Decided, Desk, Note, Problem, Screen};
use certdesk::app::{Action, Target};
use certdesk::config::Lang;
use certdesk::domain::intake::CaseState;
use certdesk::store::Role;
use certdesk_testkit::{self as testkit, desk, Driver, TestHome, ID, STAFF};
use crossterm::event::KeyCode;
use std::time::Instant;

/// A desk-role staff member (窗口人员) on the test homes of this file.
const CLERK: (&str, &str) = ("0002", "135790");

/// Snapshots of the current screen in both languages and both sizes.
fn shot(rt: &mut Driver, name: &str) {
    shot_sizes(rt, name, &[(80, 24), (120, 36)]);
}

/// As [`shot`] at the given sizes (checked by the kit). A certificate slip's preview (shown from
/// 90 columns) holds its signed QR payload, which differs with every home's key: those screens
/// are kept at 80x24.
fn shot_sizes(rt: &mut Driver, name: &str, sizes: &[(u16, u16)]) {
    testkit::desk_snapshots!(rt, name, sizes);
}

fn f(rt: &mut Driver, n: u8) {
    rt.key(KeyCode::F(n));
}

fn login_as(rt: &mut Driver, who: (&str, &str)) {
    testkit::desk_login(rt, who);
}

fn home_with_clerk() -> TestHome {
    testkit::fixture::Fixture::new().staff(CLERK.0, "张伟", CLERK.1, Role::Clerk).build()
}

fn tick(rt: &mut Driver, code: &str, key: char) {
    let i = match &desk(rt).screen {
        Screen::Checklist { items, .. } => items.iter().position(|i| i.material == code).expect("material"),
        other => panic!("{other:?}"),
    };
    rt.dispatch(Action::Select(i), Instant::now());
    rt.type_str(&key.to_string());
    rt.settle();
}

/// A case of the first matter (特种作业操作证申领) with a first notice listing the education
/// proof; then the exam result, provided at first, is found defective: a later notice with an
/// item that was not on the first one. Returns the case id, on the checklist screen.
fn case_needing_a_later_notice(rt: &mut Driver) -> i64 {
    f(rt, 4);
    rt.enter();
    rt.settle();
    rt.type_str("赵六");
    rt.enter();
    rt.settle();
    f(rt, 4);
    rt.settle();
    for m in ["application", "id_card", "exam_result", "health", "photo"] {
        tick(rt, m, '1');
    }
    tick(rt, "education", '2');
    f(rt, 7);
    rt.settle();
    let Screen::Case { line } = &desk(rt).screen else { panic!("{:?} {:?}", desk(rt).screen, desk(rt).note) };
    assert_eq!(line.case.state, CaseState::Noticed);
    let id = line.case.id;
    f(rt, 4);
    rt.settle();
    tick(rt, "exam_result", '3');
    rt.type_str("成绩单缺少考试机构公章");
    rt.enter();
    rt.settle();
    f(rt, 7);
    rt.settle();
    match &desk(rt).note {
        Some(Note::Problem(Problem::NotOnFirstNotice(v))) => assert_eq!(v, &vec!["exam_result".to_string()]),
        other => panic!("{other:?}"),
    }
    id
}

fn override_attempt(rt: &mut Driver, reason: &str, who: (&str, &str)) {
    f(rt, 9);
    rt.type_str(reason);
    rt.enter();
    rt.type_str(who.0);
    rt.enter();
    rt.type_str(who.1);
    rt.enter();
    rt.settle();
}

/// 一次性告知制 (淄博 2020 配套措施 10: 首问负责制、一次性告知制; SPEC §2; 行政许可法 art. 32): a
/// later notice may only list items of the first notice or defects in materials resubmitted
/// since; anything else needs a supervisor's override with a reason, kept in the audit log. The
/// supervisor signs on the spot with staff number and PIN; the desk-role staff member at the
/// counter cannot approve it with their own number.
#[test]
fn a_later_notice_beyond_the_first_needs_a_supervisor_on_the_spot() {
    let h = home_with_clerk();
    let mut rt = h.runtime(Target::DeskLogin);
    login_as(&mut rt, CLERK);
    let case = case_needing_a_later_notice(&mut rt);
    assert_eq!(desk(&rt).override_items, Some(vec!["exam_result".to_string()]));
    shot(&mut rt, "override_needed");

    // F9 without a reason asks again; the reason is what the audit will say.
    f(&mut rt, 9);
    rt.enter();
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::NoReason)));
    rt.key(KeyCode::Esc);

    // The clerk cannot approve it with their own number and PIN.
    override_attempt(&mut rt, "首次核验时漏看公章", CLERK);
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::NotSupervisor)));
    assert_eq!(h.store().cases().notices(case).unwrap().len(), 1, "nothing recorded without a supervisor");
    // A wrong supervisor PIN is refused too (and counted like a sign-in failure).
    override_attempt(&mut rt, "首次核验时漏看公章", (STAFF.0, "000000"));
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::NotSupervisor)));
    assert!(desk(&rt).override_items.is_some(), "a failed check keeps the override open for another try");

    // The supervisor signs: the PIN shows as stars only.
    f(&mut rt, 9);
    rt.type_str("首次核验时漏看公章");
    rt.enter();
    rt.type_str(STAFF.0);
    rt.enter();
    rt.type_str(STAFF.1);
    shot(&mut rt, "override_pin_prompt");
    let s = testkit::render(rt.rt.mode(), 100, 30);
    assert!(!s.contains(STAFF.1), "the PIN is on screen:\n{s}");
    rt.enter();
    rt.settle();
    match &desk(&rt).note {
        Some(Note::Decided(Decided::Noticed { seq: 2, overridden: Some((by, extra)), .. })) => {
            assert_eq!(by, STAFF.0);
            assert_eq!(extra, &vec!["exam_result".to_string()]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(desk(&rt).override_items, None);
    shot(&mut rt, "override_granted");

    // Recorded with who, why and when; audited under the supervisor's number, for the clerk.
    let store = h.store();
    let notices = store.cases().notices(case).unwrap();
    assert_eq!(notices.len(), 2);
    assert_eq!(notices[1].override_by.as_deref(), Some(STAFF.0));
    assert_eq!(notices[1].override_reason.as_deref(), Some("首次核验时漏看公章"));
    assert_eq!(notices[1].at, testkit::now());
    let n = store.audit().verify().unwrap();
    let entries = store.audit().entries(1, n as usize).unwrap();
    let ov = entries.iter().find(|e| e.action == "case.notice_override").expect("override audited");
    assert_eq!(ov.actor, STAFF.0);
    assert_eq!(ov.detail["reason"], "首次核验时漏看公章");
    assert_eq!(ov.detail["for"], CLERK.0);
    assert_eq!(entries.iter().filter(|e| e.action == "desk.override_denied").count(), 2);
    // No PIN anywhere in the audit log.
    for e in &entries {
        let t = e.detail.to_string();
        assert!(!t.contains(STAFF.1) && !t.contains(CLERK.1), "a PIN in the audit: {t}");
    }

    // The printed second notice (A4, SPEC §8) lists the overridden item.
    f(&mut rt, 5);
    rt.settle();
    let job = match &desk(&rt).note {
        Some(Note::PrintedA4 { job, fault: None, .. }) => *job,
        other => panic!("{other:?}"),
    };
    let pdf = h.spool().join(format!("a4/A{job:07}.pdf"));
    let o = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("poppler-utils (pdftotext)");
    let flat: String = String::from_utf8_lossy(&o.stdout).chars().filter(|c| !c.is_whitespace()).collect();
    assert!(flat.contains("成绩单缺少考试机构公章"), "{flat}");
    assert!(flat.contains("行政许可申请材料补正告知书"), "{flat}");
}

/// The supervisor's PIN typed at the counter is throttled like a sign-in (SPEC §3): five wrong
/// PINs lock the supervisor's number, and the right PIN is then refused with a message that
/// says so; the lock holds at the sign-in screen too.
#[test]
fn wrong_supervisor_pins_lock_the_supervisor_number() {
    let h = home_with_clerk();
    let mut rt = h.runtime(Target::DeskLogin);
    login_as(&mut rt, CLERK);
    let case = case_needing_a_later_notice(&mut rt);
    for _ in 0..5 {
        override_attempt(&mut rt, "漏看", (STAFF.0, "000000"));
        assert!(matches!(desk(&rt).note, Some(Note::Problem(Problem::NotSupervisor | Problem::SupervisorLocked(_)))));
    }
    override_attempt(&mut rt, "漏看", STAFF);
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::SupervisorLocked(15))));
    assert_eq!(h.store().cases().notices(case).unwrap().len(), 1);
    shot(&mut rt, "override_locked");
    // The same lock at sign-in.
    f(&mut rt, 10);
    rt.settle();
    rt.type_str(STAFF.0);
    rt.enter();
    rt.type_str(STAFF.1);
    rt.enter();
    rt.settle();
    assert!(desk(&rt).staff.is_none());
    assert!(matches!(desk(&rt).note, Some(Note::LoginLocked(15))), "{:?}", desk(&rt).note);
}

/// Garbage in the override prompts: control characters, a pasted ID number, very long text and
/// non-ASCII in the PIN never panic, never approve, and never leave a raw ID number or a PIN in
/// the database.
#[test]
fn garbage_in_the_override_prompts_is_refused() {
    let h = home_with_clerk();
    let mut rt = h.runtime(Target::DeskLogin);
    login_as(&mut rt, CLERK);
    let case = case_needing_a_later_notice(&mut rt);
    let long = "理".repeat(500);
    let id_after = format!("0001{ID}");
    // The reason is prose (an ID number in it is kept masked); the supervisor's number is a
    // staff number: an ID number there is refused and taken out, anything that is not letters
    // and digits is refused, both before the PIN is asked (no attempt spent, nothing audited).
    for (reason, who, want, left) in [
        ("\u{1b}[2J\u{7}", ID, Problem::IdInField, ""),
        (long.as_str(), long.as_str(), Problem::BadStaffNumber, ""),
        ("理由", "０００１", Problem::BadStaffNumber, ""),
        ("理由", "' OR 1=1 --", Problem::BadStaffNumber, ""),
        // The whole run of digits goes: the staff number run into it is typed again.
        ("理由", id_after.as_str(), Problem::IdInField, ""),
        ("理由", "%s%n", Problem::BadStaffNumber, ""),
    ] {
        f(&mut rt, 9);
        rt.type_str(reason);
        rt.enter();
        rt.type_str(who);
        rt.enter();
        rt.settle();
        assert_eq!(desk(&rt).note, Some(Note::Problem(want.clone())), "{who:?}");
        match &desk(&rt).prompt {
            Some(p) => {
                assert!(matches!(p.kind, certdesk::app::desk::PromptKind::OverrideSupervisor { .. }), "{p:?}");
                assert_eq!(p.input, left, "what is left of {who:?}");
            }
            None => panic!("the supervisor prompt closed"),
        }
        let screen = testkit::render(rt.rt.mode(), 80, 24);
        assert!(!screen.contains(ID), "{screen}");
        if want == Problem::IdInField && left.is_empty() {
            shot_sizes(&mut rt, "override_id_as_staff_number", &[(80, 24)]);
        }
        rt.key(KeyCode::Esc);
        assert_eq!(h.store().cases().notices(case).unwrap().len(), 1, "approved by garbage");
    }
    // Garbage PINs after a real supervisor number: refused by the check, as at the sign-in.
    for pin in ["\u{0}\u{8}", "密码二四六八一零", long.as_str()] {
        override_attempt(&mut rt, "理由", (STAFF.0, pin));
        rt.key(KeyCode::Esc);
        assert_eq!(h.store().cases().notices(case).unwrap().len(), 1, "approved by garbage");
    }
    let entries = audit_entries(&h);
    let denied = entries.iter().filter(|e| e.action == "desk.override_denied").count();
    assert!(denied <= 2, "only real staff numbers with a PIN cost an attempt: {denied}");
    assert!(h.store().audit().verify().is_ok());
    let found = testkit::raw_id_outside_registry(&h.store(), ID);
    assert!(found.is_empty(), "raw ID number in {found:?}");
}

fn audit_entries(h: &TestHome) -> Vec<certdesk::store::audit::AuditEntry> {
    let store = h.store();
    let n = store.audit().verify().unwrap();
    store.audit().entries(1, n as usize).unwrap()
}

/// Issue 7 §8: a holder's page with their certificates (status, next step), from which staff
/// print the certificate slip for the holder, recorded as staff-assisted (who, which counter) on
/// the print job and in the audit log, and a reminder slip of the materials for the coming
/// review (30号令 art. 21, 22: review every 3 years, apply within the 60 days before; 围场 2023
/// 措施 4: remind three months ahead).
#[test]
fn the_holder_page_prints_the_slip_and_a_review_reminder_for_the_holder() {
    let h = home_with_clerk();
    let mut rt = h.runtime(Target::DeskLogin);
    login_as(&mut rt, CLERK);
    let counter = desk(&rt).settings.counter;
    f(&mut rt, 9);
    rt.type_str(ID);
    rt.enter();
    rt.settle();
    assert!(matches!(&desk(&rt).screen, Screen::List { known: Some(_), .. }), "{:?}", desk(&rt).screen);
    f(&mut rt, 3);
    let Screen::Holder { known, .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(known.name, testkit::NAME);
    assert_eq!(known.certificates.len(), 2);
    shot(&mut rt, "holder_page");

    // F5: the certificate slip of the selected certificate (the 特种作业操作证), staff-assisted.
    f(&mut rt, 5);
    rt.settle();
    let serial = match &desk(&rt).note {
        Some(Note::Printed { doc: certdesk::app::desk::Doc::CertSlip, serial, fault: None }) => *serial,
        other => panic!("{other:?}"),
    };
    shot_sizes(&mut rt, "holder_slip_printed", &[(80, 24)]);
    let store = h.store();
    let job = store.print_jobs().get(serial).unwrap().expect("the print job");
    assert_eq!(job.state, certdesk::store::JobState::Printed);
    assert!(job.station.ends_with("-desk"), "{}", job.station);
    assert_eq!(
        store.print_jobs().assist(serial).unwrap(),
        Some((Some(CLERK.0.to_string()), Some(counter), "slip".into()))
    );
    let bytes = store.print_jobs().bytes(serial).unwrap().unwrap();
    let text = certdesk::slip::parse_escpos(&bytes).unwrap().text();
    assert!(text.contains(testkit::NAME) && !text.contains(ID), "{text}");
    let entries = audit_entries(&h);
    for action in ["print.started", "print.printed"] {
        let e = entries.iter().find(|e| e.action == action && e.detail["serial"] == serial).expect(action);
        assert_eq!(e.actor, CLERK.0, "{action}: the staff member answers for the print");
        assert_eq!(e.detail["assisted_by"], CLERK.0);
        assert_eq!(e.detail["counter"], counter);
        assert_eq!(e.detail["document"], "slip");
    }

    // F6: the review reminder: dates, the materials to bring, who printed it where.
    f(&mut rt, 6);
    rt.settle();
    let serial = match &desk(&rt).note {
        Some(Note::Printed { doc: certdesk::app::desk::Doc::Reminder, serial, fault: None }) => *serial,
        other => panic!("{other:?}"),
    };
    shot(&mut rt, "holder_reminder_printed");
    assert_eq!(
        store.print_jobs().assist(serial).unwrap(),
        Some((Some(CLERK.0.to_string()), Some(counter), "reminder".into()))
    );
    let text = certdesk::slip::parse_escpos(&store.print_jobs().bytes(serial).unwrap().unwrap()).unwrap().text();
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for needle in
        // SPEC §2: Chinese dates; the deadline says 含 (2027-01-03 is a Sunday, so the last
        // working day follows in brackets); the materials are the 复审 matter's (30号令 art. 22)
        [
            "证书复审提醒",
            "复审：2027年1月3日（含）前（非工作日，最后工作日为",
            "可于2026年11月4日起申请",
            "办理事项：特种作业操作证复审",
            "请携带以下材料",
            "身份证",
            "张伟（0002）",
        ]
    {
        assert!(flat.contains(needle), "the reminder lacks {needle}:\n{text}");
    }
    assert!(!flat.contains(ID), "raw ID number on the reminder:\n{text}");

    // The 合格证: its next step is the extension (apply at least 30 days before expiry).
    rt.key(KeyCode::Down);
    f(&mut rt, 6);
    rt.settle();
    let serial = match &desk(&rt).note {
        Some(Note::Printed { serial, fault: None, .. }) => *serial,
        other => panic!("{other:?}"),
    };
    let text = certdesk::slip::parse_escpos(&store.print_jobs().bytes(serial).unwrap().unwrap()).unwrap().text();
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(flat.contains("证书延期提醒") && flat.contains("申请延期：2028年5月1日（含）前"), "{text}");
    // Nothing of this holds the raw ID number outside the registry.
    assert!(testkit::raw_id_outside_registry(&h.store(), ID).is_empty());
}

/// Issue 7 §2 and §8: a known holder's ID number typed into the visitor form shows the holder;
/// F3 there (or a click on it in the key bar) opens the holder page, where staff print for the
/// holder, and Esc brings the clerk back to the form with everything typed still in it (the
/// case's intake goes on from there).
#[test]
fn the_holder_page_opens_from_the_visitor_form_and_esc_returns_to_it() {
    use certdesk::app::desk::layout;
    let h = home_with_clerk();
    let mut rt = h.runtime(Target::DeskLogin);
    login_as(&mut rt, CLERK);
    f(&mut rt, 4);
    rt.enter();
    rt.settle();
    // Before the ID number is saved there is no holder: F3 does nothing, the key bar offers none.
    let before = desk(&rt).screen.clone();
    f(&mut rt, 3);
    assert_eq!(desk(&rt).screen, before);
    assert!(!layout::key_bar(desk(&rt)).contains("F3"));
    rt.key(KeyCode::Tab);
    rt.type_str(ID);
    rt.key(KeyCode::Tab);
    rt.type_str("13800138000");
    rt.key(KeyCode::Tab);
    rt.type_str("示范化工有限公司");
    rt.enter();
    rt.settle();
    // The clerk goes on typing in the form before opening the page: nothing of it may be lost.
    rt.key(KeyCode::Tab);
    rt.type_str("91350100M000100Y4");
    let form_before = desk(&rt).screen.clone();
    let Screen::Intake { known: Some(Some(_)), field: 4, .. } = &form_before else { panic!("{form_before:?}") };
    assert!(layout::key_bar(desk(&rt)).contains("F3"));
    shot(&mut rt, "intake_known_holder_page_key");

    f(&mut rt, 3);
    let Screen::Holder { known, back: Some(_), .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(known.name, testkit::NAME);
    assert_eq!(known.certificates.len(), 2);
    shot(&mut rt, "holder_page_from_form");

    // A staff-assisted print from here is the same as from a search: recorded with who and where.
    rt.key(KeyCode::Down);
    f(&mut rt, 6);
    rt.settle();
    let serial = match &desk(&rt).note {
        Some(Note::Printed { doc: certdesk::app::desk::Doc::Reminder, serial, fault: None }) => *serial,
        other => panic!("{other:?}"),
    };
    let counter = desk(&rt).settings.counter;
    assert_eq!(
        h.store().print_jobs().assist(serial).unwrap(),
        Some((Some(CLERK.0.to_string()), Some(counter), "reminder".into()))
    );

    // Esc: the form as it was, the field in focus and the holder block included.
    rt.key(KeyCode::Esc);
    assert_eq!(desk(&rt).screen, form_before);
    assert!(desk(&rt).preview.is_none());
    // The form goes on where it stopped: the last character of the credit code, saved.
    rt.type_str("4");
    f(&mut rt, 8);
    rt.settle();
    let Screen::Intake { case, .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(case.visitor.credit_code.as_deref(), Some("91350100M000100Y44"));
    assert_eq!(case.visitor.phone.as_deref(), Some("13800138000"));

    // F3 pressed while a save is on its way: whenever its answer comes, it lands on the form
    // waiting behind the holder page.
    rt.key(KeyCode::Up);
    rt.key(KeyCode::Up);
    rt.key(KeyCode::Backspace);
    rt.type_str("1");
    rt.enter();
    f(&mut rt, 3);
    rt.settle();
    rt.key(KeyCode::Esc);
    let Screen::Intake { case, known: Some(Some(_)), .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(case.visitor.phone.as_deref(), Some("13800138001"));

    // The same by a click on the key bar's "F3" item, and back by a click on its Esc.
    let click = |rt: &mut Driver, action: Action| {
        let v = layout::layout(desk(rt), rt.area);
        let k = v.key_items.iter().find(|k| k.action.as_ref() == Some(&action)).expect("key bar item");
        rt.click(k.rect.x, k.rect.y);
        rt.settle();
    };
    let form_before = desk(&rt).screen.clone();
    click(&mut rt, Action::Command(3));
    assert!(matches!(desk(&rt).screen, Screen::Holder { back: Some(_), .. }), "{:?}", desk(&rt).screen);
    click(&mut rt, Action::Back);
    assert_eq!(desk(&rt).screen, form_before);
    f(&mut rt, 4);
    rt.settle();
    assert!(matches!(desk(&rt).screen, Screen::Checklist { .. }), "{:?}", desk(&rt).screen);
    assert!(testkit::raw_id_outside_registry(&h.store(), ID).is_empty());
}

/// From the appointments screen: F1, the first matter, then the form. `day` replaces today's
/// date when given.
fn book(rt: &mut Driver, day: Option<&str>, slot: &str, name: &str, phone: &str, enterprise: &str) {
    f(rt, 1);
    assert!(matches!(desk(rt).screen, Screen::PickMatter { book: true, .. }), "{:?}", desk(rt).screen);
    rt.enter();
    assert!(matches!(desk(rt).screen, Screen::Book { field: 1, .. }), "{:?}", desk(rt).screen);
    if let Some(day) = day {
        rt.key(KeyCode::Up);
        for _ in 0..10 {
            rt.key(KeyCode::Backspace);
        }
        rt.type_str(day);
        rt.key(KeyCode::Tab);
    }
    for (i, v) in [slot, name, phone, enterprise].iter().enumerate() {
        if i > 0 {
            rt.key(KeyCode::Tab);
        }
        rt.type_str(v);
    }
    rt.enter();
    rt.settle();
}

fn appointments(rt: &Driver) -> Vec<certdesk::store::cases::Appointment> {
    match &desk(rt).screen {
        Screen::Appointments { list, .. } => list.clone(),
        other => panic!("{other:?} {:?}", desk(rt).note),
    }
}

/// 预约服务 and 延时服务 (淄博 2017 简报 七: 根据企业"延时服务""预约服务"的需求，利用周末时间): staff
/// book a visitor for a day and time; a weekend day (on the State Council calendar) or a slot from
/// 17:30 is marked as extended hours. Today's and coming appointments are listed on the desk, and
/// an arriving visitor's appointment turns into a ticket (B001) and then the case, opened by the
/// staff member who takes it (首问负责制).
#[test]
fn appointments_are_booked_listed_and_turn_into_a_ticket_and_a_case() {
    let h = home_with_clerk();
    let mut rt = h.runtime(Target::DeskLogin);
    login_as(&mut rt, CLERK);
    rt.type_str("y");
    rt.settle();
    assert!(appointments(&rt).is_empty());
    shot(&mut rt, "appointments_empty");

    // Today (Monday 2026-11-23) at 14:00: a working-day slot.
    book(&mut rt, None, "14:00", "孙七", "13912345678", "");
    assert_eq!(
        desk(&rt).note,
        Some(Note::Booked { day: testkit::d(2026, 11, 23), slot: "14:00".into(), extended: false })
    );
    // Saturday 2026-11-28 at 09:30: a weekend slot, 延时服务.
    book(&mut rt, Some("2026-11-28"), "09:30", "周八", "0533-2305617", "示范化工有限公司");
    assert_eq!(
        desk(&rt).note,
        Some(Note::Booked { day: testkit::d(2026, 11, 28), slot: "09:30".into(), extended: true })
    );
    // Today from 17:30: after hours, 延时服务 too.
    book(&mut rt, None, "18:00", "吴九", "", "");
    assert!(matches!(desk(&rt).note, Some(Note::Booked { extended: true, .. })), "{:?}", desk(&rt).note);
    let list = appointments(&rt);
    assert_eq!(
        list.iter().map(|a| (a.slot.as_str(), a.extended)).collect::<Vec<_>>(),
        [("14:00", false), ("18:00", true), ("09:30", true)]
    );
    shot(&mut rt, "appointments");

    // The Saturday visitor cannot take today's ticket with it.
    rt.dispatch(Action::Select(2), Instant::now());
    rt.enter();
    rt.settle();
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::AppointmentNotToday)));

    // 孙七 arrives: ticket B001, then the case for the matter booked.
    rt.dispatch(Action::Select(0), Instant::now());
    rt.enter();
    rt.settle();
    assert_eq!(desk(&rt).note, Some(Note::Arrived("B001".into())));
    let Screen::PickMatter { ticket: Some(ticket), book: false, .. } = desk(&rt).screen.clone() else {
        panic!("{:?}", desk(&rt).screen)
    };
    shot(&mut rt, "appointment_arrived");
    rt.enter();
    rt.settle();
    let Screen::Intake { case, .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(case.ticket_id, Some(ticket));
    assert_eq!(case.first_owner, CLERK.0, "首问负责制: who takes the arriving visitor owns the case");
    let store = h.store();
    let t = store.tickets().get(ticket).unwrap().unwrap();
    assert_eq!(t.label, "B001");
    assert_eq!(t.appointment_id, Some(list[0].id));
    // Arrived once: the same appointment gives no second ticket.
    rt.key(KeyCode::Esc);
    rt.settle();
    rt.key(KeyCode::Esc);
    rt.settle();
    rt.type_str("y");
    rt.settle();
    assert_eq!(appointments(&rt)[0].state, "arrived");
    rt.enter();
    rt.settle();
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::AppointmentUsed)));
    // Booked and arrived are in the audit log.
    let entries = audit_entries(&h);
    assert_eq!(entries.iter().filter(|e| e.action == "desk.appointment_booked").count(), 3);
    assert_eq!(entries.iter().filter(|e| e.action == "desk.arrived").count(), 1);
}

/// 预约服务: a booked appointment can be cancelled on screen (F8) with a written reason, kept
/// with it and in the audit log (全程留痕); the slot is free for another visitor, and the
/// cancelled appointment can no longer be turned into a ticket. An arrived one cannot be
/// cancelled (its visitor has a ticket). Garbage reasons are refused and change nothing.
#[test]
fn an_appointment_is_cancelled_with_a_reason_and_its_slot_is_free_again() {
    let h = home_with_clerk();
    let mut rt = h.runtime(Target::DeskLogin);
    login_as(&mut rt, CLERK);
    rt.type_str("y");
    rt.settle();
    book(&mut rt, None, "14:00", "孙七", "13912345678", "");
    book(&mut rt, None, "15:00", "吴九", "", "");
    // One visitor per slot: the same slot again is refused.
    book(&mut rt, None, "14:00", "郑和", "", "");
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::SlotTaken)));
    rt.key(KeyCode::Esc);
    rt.settle();
    let list = appointments(&rt);
    assert_eq!(list.len(), 2);
    let (first, second) = (list[0].id, list[1].id);

    // Garbage reasons: nothing typed, blanks. Refused with a clear message; the appointment
    // stays booked.
    for (reason, want) in [("", Problem::NoReason), ("   ", Problem::NoReason)] {
        rt.dispatch(Action::Select(0), Instant::now());
        f(&mut rt, 8);
        assert!(desk(&rt).prompt.is_some());
        rt.type_str(reason);
        rt.enter();
        rt.settle();
        assert_eq!(desk(&rt).note, Some(Note::Problem(want)), "{reason:?}");
        rt.key(KeyCode::Esc); // close a prompt left open
        assert_eq!(h.store().appointments().get(first).unwrap().unwrap().state, "booked");
    }
    // Control characters are not typed into a prompt at all, and it takes no more than the
    // store keeps (200 characters; the store refuses longer, see desk_extra_backends.rs).
    rt.dispatch(Action::Select(0), Instant::now());
    f(&mut rt, 8);
    rt.type_str("\u{1b}[2J\u{7}");
    assert_eq!(desk(&rt).prompt.as_ref().map(|p| p.input.as_str()), Some("[2J"));
    rt.type_str(&"因".repeat(500));
    assert_eq!(desk(&rt).prompt.as_ref().map(|p| p.input.chars().count()), Some(certdesk::app::desk::MAX_FIELD));
    rt.key(KeyCode::Esc);
    assert_eq!(h.store().appointments().get(first).unwrap().unwrap().state, "booked");

    // The real one: 孙七 called to say she cannot come; the reason holds her ID number, which is
    // kept masked.
    rt.dispatch(Action::Select(0), Instant::now());
    f(&mut rt, 8);
    rt.type_str("本人来电取消，");
    shot(&mut rt, "appointment_cancel_prompt");
    rt.type_str(&format!("身份证{ID}"));
    rt.enter();
    rt.settle();
    assert_eq!(
        desk(&rt).note,
        Some(Note::AppointmentCancelled { day: testkit::d(2026, 11, 23), slot: "14:00".into() })
    );
    let a = appointments(&rt).into_iter().find(|a| a.id == first).unwrap();
    assert_eq!(a.state, "cancelled");
    assert!(a.cancel_reason.as_deref().is_some_and(|r| r.starts_with("本人来电取消") && !r.contains(ID)));
    shot(&mut rt, "appointment_cancelled");
    let entries = audit_entries(&h);
    let e = entries.iter().find(|e| e.action == "desk.appointment_cancelled").expect("audited");
    assert_eq!((e.actor.as_str(), e.detail["appointment"].as_i64()), (CLERK.0, Some(first)));

    // A cancelled appointment gives no ticket, and cannot be cancelled twice.
    rt.enter();
    rt.settle();
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::AppointmentCancelled)));
    f(&mut rt, 8);
    assert!(desk(&rt).prompt.is_none());
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::AppointmentCancelled)));
    assert!(h.store().tickets().on(testkit::d(2026, 11, 23)).unwrap().is_empty());

    // The slot is free: another visitor books 14:00.
    book(&mut rt, None, "14:00", "郑和", "", "");
    assert!(matches!(desk(&rt).note, Some(Note::Booked { .. })), "{:?}", desk(&rt).note);

    // An arrived visitor's appointment is not cancelled: the ticket stands.
    let i = appointments(&rt).iter().position(|a| a.id == second).unwrap();
    rt.dispatch(Action::Select(i), Instant::now());
    rt.enter();
    rt.settle();
    assert_eq!(desk(&rt).note, Some(Note::Arrived("B001".into())));
    rt.key(KeyCode::Esc);
    rt.settle();
    rt.type_str("y");
    rt.settle();
    let i = appointments(&rt).iter().position(|a| a.id == second).unwrap();
    rt.dispatch(Action::Select(i), Instant::now());
    f(&mut rt, 8);
    assert!(desk(&rt).prompt.is_none());
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::AppointmentUsed)));
    assert_eq!(h.store().appointments().get(second).unwrap().unwrap().state, "arrived");
    assert!(testkit::raw_id_outside_registry(&h.store(), ID).is_empty());
    assert!(h.store().audit().verify().is_ok());
}

/// Garbage in the booking form: impossible and past dates, bad times, an ID number in the name,
/// phone or enterprise field, very long text. Each is refused with its own message and nothing
/// is booked; no raw ID number reaches the database.
#[test]
fn garbage_in_the_booking_form_is_refused() {
    let h = home_with_clerk();
    let mut rt = h.runtime(Target::DeskLogin);
    login_as(&mut rt, CLERK);
    rt.type_str("y");
    rt.settle();
    let long = "长".repeat(300);
    let with_id = format!("示范{ID}公司");
    /// (date, slot, name, phone, enterprise) typed, and the refusal expected.
    type Try<'a> = (Option<&'a str>, &'a str, &'a str, &'a str, &'a str, Problem);
    let cases: Vec<Try> = vec![
        (Some("2026-13-45"), "09:00", "孙七", "", "", Problem::BadDate),
        (Some("明天"), "09:00", "孙七", "", "", Problem::BadDate),
        (Some("2026-11-20"), "09:00", "孙七", "", "", Problem::DateInPast(testkit::d(2026, 11, 20))),
        (None, "25:99", "孙七", "", "", Problem::BadSlot),
        (None, "9:3", "孙七", "", "", Problem::BadSlot),
        (None, "09:00", "", "", "", Problem::NoName),
        (None, "09:00", ID, "", "", Problem::NameHasDigits),
        (None, "09:00", "孙七", ID, "", Problem::BadPhone),
        (None, "09:00", "孙七", "138-0013-8000-138-0013", "", Problem::BadPhone),
        (None, "09:00", "孙七", "", with_id.as_str(), Problem::IdLike),
        (None, "09:00", long.as_str(), "", "", Problem::TooLong),
        (None, "09:00", "孙七", "", long.as_str(), Problem::TooLong),
    ];
    for (day, slot, name, phone, enterprise, want) in cases {
        book(&mut rt, day, slot, name, phone, enterprise);
        assert_eq!(desk(&rt).note, Some(Note::Problem(want.clone())), "{day:?} {slot} {name} {phone}");
        if day == Some("明天") {
            shot_sizes(&mut rt, "book_bad_date", &[(80, 24)]);
        }
        // Back to the list for the next try.
        rt.key(KeyCode::Esc);
        rt.settle();
    }
    assert!(h.store().appointments().from(testkit::d(2026, 11, 1), 100).unwrap().is_empty(), "garbage was booked");
    assert!(testkit::raw_id_outside_registry(&h.store(), ID).is_empty());
    assert!(h.store().audit().verify().is_ok());
}

/// A case of the first matter with every material provided, accepted; on the case screen.
fn accepted_case(rt: &mut Driver) -> i64 {
    f(rt, 4);
    rt.enter();
    rt.settle();
    rt.type_str("赵六");
    rt.enter();
    rt.settle();
    f(rt, 4);
    rt.settle();
    for m in ["application", "id_card", "exam_result", "health", "education", "photo"] {
        tick(rt, m, '1');
    }
    f(rt, 5);
    rt.settle();
    let Screen::Case { line } = &desk(rt).screen else { panic!("{:?} {:?}", desk(rt).screen, desk(rt).note) };
    assert_eq!(line.case.state, CaseState::Accepted);
    line.case.id
}

/// 承办 and 审查 by the clerk who owns the case (F8, confirmed with Enter), then 批准 by the
/// supervisor (STAFF, who did not handle it: SPEC §2 Roles) at another desk.
fn to_approved(h: &TestHome, rt: &mut Driver, case: i64) {
    for want in [CaseState::Undertaken, CaseState::Reviewed] {
        f(rt, 8);
        rt.enter();
        rt.settle();
        let Screen::Case { line } = &desk(rt).screen else { panic!("{:?}", desk(rt).screen) };
        assert_eq!(line.case.state, want, "{:?}", desk(rt).note);
    }
    let other = certdesk::service::desk::Desk::open(&h.settings()).unwrap();
    let certdesk::service::desk::Login::Ok(sup) = other.login(STAFF.0, STAFF.1).unwrap() else { panic!("login") };
    other.move_stage(&sup, case, CaseState::Approved, "", None).unwrap();
}

fn prompt(rt: &mut Driver, key: u8, text: &str) {
    f(rt, key);
    rt.type_str(text);
    rt.enter();
    rt.settle();
}

/// 免费邮寄 (淄博 2017 简报 六: 审批事项办结后，免费为企业邮政快递证照文书): the address is recorded on
/// the case at the counter, the tracking number once the result is sent; both show on the case
/// and on the acceptance receipt, and each step is on the case's record and in the audit log.
#[test]
fn free_post_records_the_address_then_the_tracking_number() {
    let h = home_with_clerk();
    let mut rt = h.runtime(Target::DeskLogin);
    login_as(&mut rt, CLERK);
    let case = accepted_case(&mut rt);
    let address = "山东省淄博市张店区人民西路1号 赵六 13800138000";
    prompt(&mut rt, 1, address);
    assert_eq!(desk(&rt).note, Some(Note::Posted { sent: false }));
    // No tracking number before there is a result to send.
    prompt(&mut rt, 3, "EA123456789CN");
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::WrongState(CaseState::Accepted))));
    shot(&mut rt, "case_post_address");
    to_approved(&h, &mut rt, case);
    prompt(&mut rt, 3, "ea123456789cn");
    assert_eq!(desk(&rt).note, Some(Note::Posted { sent: true }));
    let Screen::Case { line } = &desk(&rt).screen else { panic!() };
    let post = line.post.clone().expect("post on the case");
    assert_eq!(post.address, address);
    assert_eq!(post.tracking.as_deref(), Some("EA123456789CN"));
    shot(&mut rt, "case_posted");
    let store = h.store();
    let posts = store.cases().posts(case).unwrap();
    assert_eq!((posts.len(), posts[0].staff.as_str()), (1, CLERK.0));
    let events: Vec<String> = store.cases().events(case).unwrap().into_iter().map(|e| e.action).collect();
    assert!(events.contains(&"case.post_address".to_string()) && events.contains(&"case.posted".to_string()));
    // The acceptance receipt carries the address and the tracking number.
    f(&mut rt, 7);
    rt.settle();
    let preview = desk(&rt).preview.clone().expect("receipt printed");
    let flat: String = preview.chars().filter(|c| !c.is_whitespace()).collect();
    for needle in ["结果送达：免费邮寄", "山东省淄博市张店区人民西路1号", "邮件单号：EA123456789CN"]
    {
        assert!(flat.contains(needle), "the receipt lacks {needle}:\n{preview}");
    }
    // Correcting the address: F1 starts from the recorded one.
    f(&mut rt, 1);
    assert_eq!(desk(&rt).prompt.as_ref().map(|p| p.input.as_str()), Some(address));
    rt.key(KeyCode::Esc);
}

/// Garbage in the free-post prompts: an empty address, an ID number in the address or as the
/// tracking number, too short or non-ASCII tracking numbers. Refused; nothing stored raw.
#[test]
fn garbage_in_the_free_post_prompts_is_refused() {
    let h = home_with_clerk();
    let mut rt = h.runtime(Target::DeskLogin);
    login_as(&mut rt, CLERK);
    let case = accepted_case(&mut rt);
    prompt(&mut rt, 3, "EA123456789CN");
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::WrongState(CaseState::Accepted))));
    to_approved(&h, &mut rt, case);
    prompt(&mut rt, 3, "EA123456789CN");
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::NoAddress)), "no tracking without an address");
    prompt(&mut rt, 1, "   ");
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::NoAddress)));
    // An ID number typed into the address is refused (a masked copy would be a wrong address):
    // the prompt stays open with the number taken out and the rest kept, nothing is stored.
    for (typed, left) in [
        (format!("淄博市张店区1号 {ID}"), "淄博市张店区1号"),
        (format!("{ID}淄博市张店区1号"), "淄博市张店区1号"),
        (format!("淄博市张店区1号 电话13800138000{ID}"), "淄博市张店区1号 电话"),
        (ID.to_lowercase(), ""),
        ("１１０１０５１９４９１２３１００２Ｘ".to_string(), ""),
    ] {
        prompt(&mut rt, 1, &typed);
        assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::IdInField)), "{typed}");
        assert_eq!(desk(&rt).prompt.as_ref().map(|p| p.input.as_str()), Some(left), "{typed}");
        let screen = testkit::render(rt.rt.mode(), 80, 24);
        assert!(!screen.contains(ID) && !screen.contains(&ID.to_lowercase()), "{screen}");
        if left == "淄博市张店区1号" {
            shot_sizes(&mut rt, "post_address_id_refused", &[(80, 24)]);
        }
        rt.key(KeyCode::Esc);
        assert_eq!(h.store().post_address(case).unwrap(), None, "{typed}");
    }
    // What is left is the address: Enter records it.
    prompt(&mut rt, 1, &format!("寄给 {ID}"));
    rt.enter();
    rt.settle();
    assert_eq!(desk(&rt).note, Some(Note::Posted { sent: false }));
    assert_eq!(h.store().post_address(case).unwrap().unwrap().address, "寄给");
    // A pasted wall of text stops at the prompt's limit; what is kept is that much, no more.
    prompt(&mut rt, 1, &"路".repeat(300));
    assert_eq!(desk(&rt).note, Some(Note::Posted { sent: false }));
    assert_eq!(h.store().post_address(case).unwrap().unwrap().address.chars().count(), 200);
    prompt(&mut rt, 1, "淄博市张店区1号");
    for (t, want) in [
        // An ID number is refused at the prompt; a long run of digits that is none is the
        // backend's to judge (some couriers' numbers are all digits).
        (ID, Problem::IdInField),
        ("abc", Problem::BadTracking),
        ("单号一二三四五六七八", Problem::BadTracking),
        ("EA-1234-5678", Problem::BadTracking),
        (&"9".repeat(40)[..], Problem::BadTracking),
    ] {
        prompt(&mut rt, 3, t);
        assert_eq!(desk(&rt).note, Some(Note::Problem(want)), "{t}");
        // A refused ID number leaves the prompt open (the rest to check): closed for the next.
        if desk(&rt).prompt.is_some() {
            rt.key(KeyCode::Esc);
        }
    }
    assert!(h.store().cases().posts(case).unwrap().is_empty());
    assert!(testkit::raw_id_outside_registry(&h.store(), ID).is_empty());
    assert!(h.store().audit().verify().is_ok());
}

/// A hand-off names a staff member: an ID number typed there is refused and taken out (never
/// sent, stored or audited), and anything that is not letters and digits is refused before the
/// hand-off is tried.
#[test]
fn an_id_number_in_the_hand_off_prompt_is_refused() {
    let h = home_with_clerk();
    let mut rt = h.runtime(Target::DeskLogin);
    login_as(&mut rt, CLERK);
    let case = accepted_case(&mut rt);
    for (typed, want) in
        [(ID, Problem::IdInField), ("０００１", Problem::BadStaffNumber), ("00 01", Problem::BadStaffNumber)]
    {
        prompt(&mut rt, 9, typed);
        assert_eq!(desk(&rt).note, Some(Note::Problem(want)), "{typed}");
        match &desk(&rt).prompt {
            Some(p) => {
                assert_eq!(p.kind, certdesk::app::desk::PromptKind::HandOffTo);
                assert!(p.input.is_empty(), "{:?}", p.input);
            }
            None => panic!("the prompt closed"),
        }
        rt.key(KeyCode::Esc);
    }
    // The real staff number goes on to the reason, and the hand-off is made.
    prompt(&mut rt, 9, STAFF.0);
    rt.type_str("外出培训");
    rt.enter();
    rt.settle();
    assert_eq!(desk(&rt).note, Some(Note::HandedOff));
    let Screen::Case { line } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    // Offered: the case changes hands when the receiver takes it (issue 15, 首问负责制).
    assert_eq!((line.case.id, line.case.owner.as_str()), (case, CLERK.0));
    assert_eq!(h.store().pending_handoff(case).unwrap().map(|o| o.to), Some(STAFF.0.to_string()));
    assert!(testkit::raw_id_outside_registry(&h.store(), ID).is_empty());
}

/// Seed cases through the intake backend on this home's database, each step on its own day
/// (the clock moves), as staff member `who` (signed in with `pin`).
struct Seeder {
    desk: certdesk::service::desk::Desk,
    clock: std::sync::Arc<std::sync::Mutex<chrono::NaiveDateTime>>,
    who: certdesk::service::desk::StaffSession,
}

impl Seeder {
    fn new(h: &TestHome, who: (&str, &str)) -> Seeder {
        use certdesk::domain::{matters::Matters, workdays::Calendar};
        let clock = std::sync::Arc::new(std::sync::Mutex::new(testkit::now()));
        let c2 = clock.clone();
        let desk = certdesk::service::desk::Desk::new(
            h.store(),
            &h.home().config,
            certdesk::printer::Target::File(h.spool()),
            Matters::builtin(),
            Calendar::builtin(),
            certdesk::clock::Clock::from_fn(move || *c2.lock().unwrap()),
        );
        let who = match desk.login(who.0, who.1).unwrap() {
            certdesk::service::desk::Login::Ok(s) => s,
            other => panic!("{other:?}"),
        };
        Seeder { desk, clock, who }
    }

    fn on(&self, day: chrono::NaiveDate) {
        *self.clock.lock().unwrap() = day.and_hms_opt(9, 0, 0).unwrap();
    }

    /// A 特种作业操作证申领 case for `name` accepted on `day`: in full, or (容缺受理) with the
    /// education proof (non-key) pledged by `pledge`.
    fn accepted(&self, day: chrono::NaiveDate, name: &str, pledge: Option<chrono::NaiveDate>) -> i64 {
        use certdesk::domain::intake::{Decision, MaterialState};
        self.on(day);
        let matter = &self.desk.matters().matters[0].code;
        let c = self.desk.open_case(&self.who, matter, None).unwrap();
        let input = certdesk::service::desk::VisitorInput { name: name.into(), ..Default::default() };
        self.desk.record_visitor(&self.who, c.id, &input).unwrap();
        for m in ["application", "id_card", "exam_result", "health", "photo"] {
            self.desk.tick(&self.who, c.id, m, MaterialState::Provided).unwrap();
        }
        let decision = match pledge {
            None => {
                self.desk.tick(&self.who, c.id, "education", MaterialState::Provided).unwrap();
                Decision::Accept
            }
            Some(pledge_due) => {
                self.desk.tick(&self.who, c.id, "education", MaterialState::Missing).unwrap();
                let kind = certdesk::domain::pledge::PledgeKind::Deficient;
                self.desk.print_pledge(&self.who, c.id, kind, Some(pledge_due)).unwrap();
                self.desk.confirm_pledge(&self.who, c.id, kind).unwrap();
                Decision::AcceptDeficient { pledge_signed: true, pledge_due }
            }
        };
        self.desk.decide(&self.who, c.id, &decision, None).unwrap();
        c.id
    }
}

/// Enter a 2027 notice shaped like the State Council's (a test stand-in: its 春节 02-05..02-13 with
/// make-up Sunday 02-14, its 国庆 10-01..10-07 with make-up Saturday 10-09), as `calendar add` does.
fn enter_test_2027(h: &TestHome) -> certdesk::store::calendar::Entered {
    let notice = certdesk::domain::workdays::Notice::parse_file(
        "[[year]]\nyear = 2027\nsource = \"国务院办公厅关于2027年部分节假日安排的通知（测试用）\"\n\
         holidays = [\"01-01..01-03\", \"02-05..02-13\", \"04-03..04-05\", \"05-01..05-05\", \"06-09..06-11\", \
         \"09-15..09-17\", \"10-01..10-07\"]\nworkdays = [\"02-14\", \"10-09\"]\n",
    )
    .unwrap()
    .remove(0);
    let ms = certdesk::domain::matters::Matters::builtin();
    h.store().calendar().enter_year(&notice, false, &ms, "admin", testkit::now()).unwrap()
}

/// SPEC §2 容缺受理: a pledge may be due no later than the committed completion date. Accepted
/// on Friday 2027-10-08 (申领, 8 working days) before the 2027 notice, the committed date counts
/// 国庆 as 10-01..10-03 only (放假办法 第二条): due 10-20, and 庚 pledges the missing material by
/// 10-20. The notice makes Saturday 10-09 a working day (调休): due 10-19, before the pledge.
/// The signed pledge date stands; the due list marks the case and the case screen says what
/// staff do.
#[test]
fn a_committed_date_moved_before_the_pledge_flags_the_case() {
    let h = home_with_clerk();
    let seed = Seeder::new(&h, CLERK);
    let d = testkit::d;
    let id = seed.accepted(d(2027, 10, 8), "庚", Some(d(2027, 10, 20)));
    let c = h.store().cases().get(id).unwrap().unwrap();
    assert_eq!((c.due_on, c.pledge_due, c.pledge_after_due()), (Some(d(2027, 10, 20)), Some(d(2027, 10, 20)), false));
    let e = enter_test_2027(&h);
    assert_eq!(e.recomputed[0].pledge_after_due, Some(d(2027, 10, 20)));

    let at = d(2027, 10, 15).and_hms_opt(10, 0, 0).unwrap();
    let mut rt = h.runtime_at(Target::DeskLogin, certdesk::clock::Clock::fixed(at));
    login_as(&mut rt, CLERK);
    f(&mut rt, 6);
    rt.settle();
    assert_eq!(list_numbers(&rt), ["庚"]);
    shot(&mut rt, "due_list_pledge_after");
    rt.enter();
    rt.settle();
    let Screen::Case { line } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!((line.case.due_on, line.case.pledge_due), (Some(d(2027, 10, 19)), Some(d(2027, 10, 20))));
    assert!(line.case.pledge_after_due());
    shot(&mut rt, "case_pledge_after");
}

fn list_numbers(rt: &Driver) -> Vec<String> {
    match &desk(rt).screen {
        Screen::List { cases, .. } => cases.iter().map(|l| l.case.visitor.name.clone()).collect(),
        other => panic!("{other:?}"),
    }
}

/// The desk's lists with data (SPEC §2: time limits in working days; 容缺受理: a missed due date
/// flags the case). Today is Monday 2026-11-23; committed limit 8 working days:
/// - 甲 accepted 2026-11-02, due 11-12: overdue (7 working days);
/// - 乙 accepted 11-16, due 11-26: due within 3 working days;
/// - 丙 accepted 11-19, due 12-01: not yet;
/// - 丁 accepted 11-09 on a 容缺 pledge due 11-13, still outstanding: a missed pledge (and
///   overdue: due 11-19);
/// - 戊 accepted 11-09 on a 容缺 pledge due 11-13, supplied on 11-12: not missed.
#[test]
fn due_and_missed_pledge_lists_with_cases_in_them() {
    use certdesk::domain::intake::MaterialState;
    let h = home_with_clerk();
    let seed = Seeder::new(&h, CLERK);
    let d = testkit::d;
    seed.accepted(d(2026, 11, 2), "甲", None);
    seed.accepted(d(2026, 11, 16), "乙", None);
    seed.accepted(d(2026, 11, 19), "丙", None);
    seed.accepted(d(2026, 11, 9), "丁", Some(d(2026, 11, 13)));
    let wu = seed.accepted(d(2026, 11, 9), "戊", Some(d(2026, 11, 13)));
    seed.on(d(2026, 11, 12));
    seed.desk.tick(&seed.who, wu, "education", MaterialState::Provided).unwrap();

    let mut rt = h.runtime(Target::DeskLogin);
    login_as(&mut rt, CLERK);
    f(&mut rt, 6);
    rt.settle();
    // Overdue first, then by due date: 甲 (11-12), 丁 and 戊 (11-19), 乙 (11-26).
    assert_eq!(list_numbers(&rt), ["甲", "丁", "戊", "乙"]);
    match &desk(&rt).screen {
        Screen::List { cases, .. } => {
            use certdesk::domain::intake::Deadline;
            assert_eq!(cases[0].deadline, Some(Deadline::Days { due: d(2026, 11, 12), left: -7, provisional: false }));
            assert_eq!(cases[3].deadline, Some(Deadline::Days { due: d(2026, 11, 26), left: 3, provisional: false }));
        }
        other => panic!("{other:?}"),
    }
    shot(&mut rt, "due_with_cases");
    rt.key(KeyCode::Esc);
    rt.settle();
    f(&mut rt, 7);
    rt.settle();
    assert_eq!(list_numbers(&rt), ["丁"], "only the pledge still outstanding past its date");
    shot(&mut rt, "missed_pledges_with_cases");
    // Enter opens the flagged case with its pledge date.
    rt.enter();
    rt.settle();
    let Screen::Case { line } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(line.case.pledge_due, Some(d(2026, 11, 13)));
}

/// `certdesk jobs list` lists the desk's document jobs (notices, pledges, receipts) that did
/// not print, with their state and case, next to the certificate print jobs; printed ones are
/// not listed.
#[test]
fn jobs_list_shows_document_jobs_with_their_state() {
    let h = home_with_clerk();
    let seed = Seeder::new(&h, CLERK);
    let case = seed.accepted(testkit::d(2026, 11, 23), "甲", None);
    let store = h.store();
    let number = store.cases().get(case).unwrap().unwrap().number;
    let now = testkit::now();
    let printed = store.documents().begin_job(case, "receipt", "file:spool", "desk-1", now).unwrap();
    store.documents().finish_job(printed, None, CLERK.0, now).unwrap();
    let failed = store.documents().begin_job(case, "receipt", "tcp://127.0.0.1:9", "desk-1", now).unwrap();
    store.documents().finish_job(failed, Some("printer offline"), CLERK.0, now).unwrap();
    let pending = store.documents().begin_job(case, "notice", "tcp://127.0.0.1:9", "desk-1", now).unwrap();
    let list = |h: &TestHome| {
        let o = support::certdesk(&h.dir, &["jobs", "list"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let out = list(&h);
    assert!(out.contains("没有待处理或失败的打印任务"), "{out}");
    let row = |serial: u64| out.lines().find(|l| l.starts_with(&format!("D{serial:07}"))).map(str::to_string);
    let f = row(failed).unwrap_or_else(|| panic!("{out}"));
    assert!(
        f.contains("failed") && f.contains(&number) && f.contains("receipt") && f.contains("printer offline"),
        "{f}"
    );
    let p = row(pending).unwrap_or_else(|| panic!("{out}"));
    assert!(p.contains("pending") && p.contains("notice"), "{p}");
    assert_eq!(row(printed), None, "a printed document is not stuck:\n{out}");
    assert!(!out.contains(ID));
    // A failed staff-assisted reminder print from the holder page says who and where.
    let cert = store.holders().certificates_for(ID).unwrap().remove(0);
    let job = store.print_jobs().begin(cert.id, "tcp://127.0.0.1:9", "kiosk-01-desk", now).unwrap();
    store.print_jobs().mark_assisted(job, CLERK.0, 3, certdesk::store::desk_extra::AssistedDoc::Reminder).unwrap();
    store.print_jobs().finish(job, certdesk::store::JobOutcome::Failed("offline".into()), now).unwrap();
    let out2 = list(&h);
    let line = out2.lines().find(|l| l.starts_with(&format!("{job:08}"))).unwrap_or_else(|| panic!("{out2}"));
    assert!(line.contains("工作人员 0002，3 号窗口，复审提醒"), "{line}");
    // Once it printed, it leaves the list.
    store.documents().finish_job(pending, None, CLERK.0, now).unwrap();
    store.documents().finish_job(failed, None, CLERK.0, now).unwrap();
    assert!(list(&h).contains("没有待处理或失败的文书打印任务"));
}

/// Touch and mouse: the key bar is laid out once (desk/layout.rs) for drawing and hit-testing;
/// a click on a command does what its key does.
#[test]
fn a_click_on_the_key_bar_does_what_the_key_does() {
    use certdesk::app::desk::layout;
    let h = home_with_clerk();
    let mut rt = h.runtime(Target::DeskLogin);
    login_as(&mut rt, CLERK);
    let click_on = |rt: &mut Driver, action: Action| {
        let v = layout::layout(desk(rt), rt.area);
        let k = v.key_items.iter().find(|k| k.action.as_ref() == Some(&action)).unwrap_or_else(|| {
            panic!("no {action:?} in {:?}", v.key_items.iter().map(|k| &k.text).collect::<Vec<_>>())
        });
        // What is drawn there is the item's text.
        let screen = testkit::render(rt.rt.mode(), rt.area.width, rt.area.height);
        let row = screen.lines().nth(k.rect.y as usize).unwrap_or_default().to_string();
        assert!(row.contains(&k.text), "{:?} not drawn on row {}: {row:?}", k.text, k.rect.y);
        rt.click(k.rect.x + k.rect.width / 2, k.rect.y);
        rt.settle();
    };
    click_on(&mut rt, Action::Command(1)); // F1 take a ticket
    assert_eq!(desk(&rt).note, Some(Note::TicketTaken("A001".into())));
    click_on(&mut rt, Action::Input('y')); // Y appointments
    assert!(matches!(desk(&rt).screen, Screen::Appointments { .. }), "{:?}", desk(&rt).screen);
    click_on(&mut rt, Action::Back); // Esc home
    assert!(matches!(desk(&rt).screen, Screen::Home { .. }));
    click_on(&mut rt, Action::Command(4)); // F4 new case
    click_on(&mut rt, Action::Submit); // Enter: the first matter
    assert!(matches!(desk(&rt).screen, Screen::Intake { .. }), "{:?}", desk(&rt).screen);
    // A click between commands or on a hint does nothing.
    let v = layout::layout(desk(&rt), rt.area);
    let before = desk(&rt).screen.clone();
    rt.click(v.keys.x + v.keys.width - 1, v.keys.y + v.keys.height - 1);
    rt.settle();
    assert_eq!(desk(&rt).screen, before);
}

/// A station's out-of-service report is no answer to an effect in flight: the desk still shows
/// it is working (and its idle logout waits for the answer). The runtime counts what is in
/// flight, for every mode; the desk draws its "checking" from that count.
#[test]
fn an_out_of_service_report_does_not_end_an_effect_in_flight() {
    use certdesk::app::desk::strings::CHECKING;
    use certdesk::app::staff::StaffSession;
    use certdesk::app::worker::Msg;
    use certdesk::app::Outcome;
    let h = home_with_clerk();
    let staff = StaffSession { staff_id: CLERK.0.into(), name: "张伟".into(), role: Role::Clerk };
    let mut rt = h.runtime(Target::Desk { staff, from_kiosk: false });
    rt.settle(); // today's queue
    assert_eq!(rt.in_flight(), 0);
    assert!(!rt.screen().contains(CHECKING.t(Lang::Zh)), "{}", rt.screen());
    rt.key(KeyCode::F(1)); // F1: take a ticket (an effect in flight)
    assert_eq!(rt.in_flight(), 1);
    // The report comes before the ticket's answer (which waits in the channel until drained).
    rt.rt.handle_msg(Msg::Report(Outcome::OutOfService), rt.area, Instant::now());
    assert_eq!(rt.in_flight(), 1, "still waiting for the ticket");
    assert!(rt.screen().contains(CHECKING.t(Lang::Zh)), "the desk no longer says it is working:\n{}", rt.screen());
    assert_eq!(desk(&rt).note, Some(Note::Problem(Problem::Service)), "and says the station is out of service");
    rt.settle();
    assert_eq!(rt.in_flight(), 0, "the answer ends it");
    assert!(!rt.screen().contains(CHECKING.t(Lang::Zh)), "{}", rt.screen());
}

/// Issue 13 §1: the counter never stops for want of a calendar. On Monday 2026-12-21 (no 2027
/// notice entered) a complete 特种作业操作证申领 is accepted at F5 as a user does it: committed 8
/// working days, due 2026-12-31 (firm); statutory 20 working days (行政许可法 第四十二条, counted
/// as 第八十二条 says: working days, no statutory holidays), 2027-01-19, counted over 2027 on the
/// 放假办法 (2024修订) 第二条 days only and marked 暂定 in the confirmation and on the case screen.
#[test]
fn the_desk_accepts_on_2026_12_21_and_marks_the_2027_date_provisional() {
    let h = home_with_clerk();
    let at = testkit::d(2026, 12, 21).and_hms_opt(10, 0, 0).unwrap();
    let mut rt = h.runtime_at(Target::DeskLogin, certdesk::clock::Clock::fixed(at));
    login_as(&mut rt, CLERK);
    let case = accepted_case(&mut rt);
    match &desk(&rt).note {
        Some(Note::Decided(Decided::Accepted { due, statutory_due, provisional, .. })) => {
            assert_eq!((*due, *statutory_due), (testkit::d(2026, 12, 31), testkit::d(2027, 1, 19)));
            assert!(!provisional.due && provisional.statutory);
        }
        other => panic!("{other:?}"),
    }
    shot(&mut rt, "accepted_provisional");
    let c = h.store().cases().get(case).unwrap().unwrap();
    assert_eq!((c.provisional.due, c.provisional.statutory, c.calendar_version), (false, true, Some(0)));
}

/// Issue 13 §1: when a year's notice is entered, a running case whose provisional date moves
/// shows the change and why on the due list (F6) and on the case screen. Accepted 2027-01-27
/// (申领, 8 working days): provisionally 除夕 02-05 and 初三 02-08 are off, due 02-10; the notice
/// (bridging days 02-05..02-13, Sunday 02-14 worked) moves it to 02-15.
#[test]
fn a_date_moved_by_a_new_notice_shows_on_the_due_list_and_the_case() {
    let h = home_with_clerk();
    let seed = Seeder::new(&h, CLERK);
    let d = testkit::d;
    let id = seed.accepted(d(2027, 1, 27), "己", None);
    assert_eq!(h.store().cases().get(id).unwrap().unwrap().due_on, Some(d(2027, 2, 10)));
    let e = enter_test_2027(&h);
    assert_eq!(e.recomputed.iter().filter(|r| r.moved()).count(), 1);

    let at = d(2027, 2, 11).and_hms_opt(10, 0, 0).unwrap();
    let mut rt = h.runtime_at(Target::DeskLogin, certdesk::clock::Clock::fixed(at));
    login_as(&mut rt, CLERK);
    f(&mut rt, 6);
    rt.settle();
    assert_eq!(list_numbers(&rt), ["己"]);
    shot(&mut rt, "due_list_moved");
    rt.enter();
    rt.settle();
    let Screen::Case { line } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(line.case.due_on, Some(d(2027, 2, 15)));
    let m = line.case.due_moved.clone().unwrap();
    assert_eq!((m.from, m.how.map(|h| h.due)), (d(2027, 2, 10), Some((d(2027, 2, 10), d(2027, 2, 15)))));
    assert!(m.why.contains("办理期限由2027-02-10改为2027-02-15"), "{}", m.why);
    // Each language words the reason from the stored facts: no Chinese on the English screen
    // but the applicant's name and the bureau's (issue 13 §1).
    let en = testkit::desk_screens(&mut rt, "case_moved", &[(80, 24)]).remove(1).1;
    assert!(en.contains("dates changed: the 2027 holiday notice was entered (calendar version 1)"), "{en}");
    assert!(en.contains("due 2027-02-10 -> 2027-02-15") && !en.contains("录入") && !en.contains("改为"), "{en}");
    shot(&mut rt, "case_moved");
}
