//! The working-day calendar of a home or hall (issue 13 §1; SPEC §2 "Working days") on both
//! store backends, and the `calendar` / `doctor` commands on the real binary.
//!
//! The rules as they read: time limits count working days (行政许可法 第八十二条: 以工作日计算，
//! 不含法定节假日); past the last published State Council notice a year counts weekends and the
//! statutory days of the 全国年节及纪念日放假办法 (2024修订) 第二条, provisionally (暂定); when a
//! year's notice (国务院办公厅 通知) is entered every running case with provisional dates is
//! recomputed from its acceptance date, and a date that moves is audited (old, new, why) and
//! shown on the case. A year is entered as a whole: all seven festivals, make-up days on
//! weekends, the notice named.

use certdesk::domain::intake::{due_dates, AcceptKind, FollowUpDue, Provisional, Rating};
use certdesk::domain::matters::{self, Matters};
use certdesk::domain::workdays::Notice;
use certdesk::store::calendar::EnterError;
use certdesk::store::cases::{Acceptance, NewCase, Visitor};
use certdesk::store::db::Location;
use certdesk::store::{OpenCheck, Role, Store};
use certdesk_testkit::{self as testkit, d, pg};
use chrono::NaiveDate;
use std::process::Command;

/// A 2027 notice shaped like the published ones (bridging days and 调休 around 春节 and 国庆).
const NOTICE_2027: &str = r#"[[year]]
year = 2027
source = "国务院办公厅关于2027年部分节假日安排的通知（测试用）"
holidays = ["01-01..01-03", "02-05..02-13", "04-03..04-05", "05-01..05-05", "06-09..06-11", "09-15..09-17", "10-01..10-07"]
workdays = ["02-14", "10-09"]
"#;

fn notice_2027() -> Notice {
    Notice::parse_file(NOTICE_2027).unwrap().remove(0)
}

/// Open and accept a case of `matter` on `day`, its dates counted on the store's calendar as
/// the desk does (`intake::due_dates`).
fn accepted_case(store: &Store, ms: &Matters, matter: &str, day: NaiveDate) -> (i64, String, Provisional) {
    let at = day.and_hms_opt(10, 0, 0).unwrap();
    let materials = ms.get(matter).unwrap().materials.iter().map(|m| m.code.clone()).collect();
    let c = store.cases().open(&NewCase { matter, materials, owner: "0002", ticket: None }, at).unwrap();
    let cal = store.calendar().get().unwrap();
    let (due, statutory_due, provisional) = due_dates(&cal, day, ms.get(matter).unwrap()).unwrap();
    let acc = Acceptance {
        kind: AcceptKind::Full,
        due,
        statutory_due,
        provisional,
        calendar_version: cal.version(),
        pledged_materials: vec![],
    };
    store.cases().accept(c.id, &acc, "0002", at).unwrap();
    (c.id, c.number, provisional)
}

/// A bad rating (不满意) given at `counter` on `day` for `service`, its follow-up counted on the
/// store's calendar as the desk does (`Rating::followup_due`, 5 working days).
fn bad_rating(store: &Store, counter: u32, service: &str, case: Option<i64>, day: NaiveDate) -> FollowUpDue {
    let at = day.and_hms_opt(11, 0, 0).unwrap();
    let id = store.ratings().request(counter, service, case, "0002", at).unwrap();
    let due = Rating::Dissatisfied.followup_due(&store.calendar().get().unwrap(), day, 5).unwrap().unwrap();
    assert!(store.ratings().record(id, Rating::Dissatisfied, Some(due), "rate-1", at).unwrap());
    due
}

fn exercise(store: &Store) {
    let ms = Matters::builtin();
    store.staff().add("0002", "张伟", "135790", Role::Clerk).unwrap();
    assert_eq!(store.calendar().version().unwrap(), 0);
    assert_eq!(store.calendar().get().unwrap().published_years(), vec![2025, 2026], "the built-in years");

    // Accepted on 2026-12-21 (the issue's day): 补发, committed 5 working days inside 2026,
    // statutory 20 reaching 2027 — provisional, computed on calendar version 0.
    let (reissue, reissue_no, p) = accepted_case(store, &ms, matters::SPECIAL_REISSUE, d(2026, 12, 21));
    assert_eq!(p, Provisional { due: false, statutory: true });
    let c = store.cases().get(reissue).unwrap().unwrap();
    assert_eq!((c.due_on, c.statutory_due_on), (Some(d(2026, 12, 28)), Some(d(2027, 1, 19))));
    assert_eq!((c.provisional, c.calendar_version, c.due_moved.clone()), (p, Some(0), None));
    // Accepted on 2027-01-27: 安全生产许可证延期, committed 18 / statutory 45, both across the
    // Spring Festival. Provisionally 除夕 (02-05) and 初三 (02-08) are off: due 02-24.
    let (permit, permit_no, p) = accepted_case(store, &ms, matters::SAFETY_PERMIT_EXTENSION, d(2027, 1, 27));
    assert_eq!(p, Provisional { due: true, statutory: true });
    assert_eq!(store.cases().get(permit).unwrap().unwrap().due_on, Some(d(2027, 2, 24)));
    // A case accepted inside the published years is not touched.
    let (firm, _, p) = accepted_case(store, &ms, matters::SPECIAL_REISSUE, d(2026, 11, 2));
    assert!(!p.any());
    // 容缺受理 on Friday 2027-10-08 (补发, committed 5 working days): provisionally 国庆 is
    // 10-01..10-03 (放假办法 第二条) and no make-up day, so the committed date is 10-15, and the
    // applicant pledges the missing non-key material by that same day (SPEC §2: no later).
    let ms_reissue = ms.get(matters::SPECIAL_REISSUE).unwrap();
    let at = d(2027, 10, 8).and_hms_opt(10, 0, 0).unwrap();
    let materials = ms_reissue.materials.iter().map(|m| m.code.clone()).collect();
    let pledged = store
        .cases()
        .open(&NewCase { matter: matters::SPECIAL_REISSUE, materials, owner: "0002", ticket: None }, at)
        .unwrap();
    let (due, statutory_due, provisional) =
        due_dates(&store.calendar().get().unwrap(), d(2027, 10, 8), ms_reissue).unwrap();
    assert_eq!((due, provisional.due), (d(2027, 10, 15), true));
    let acc = Acceptance {
        kind: AcceptKind::Deficient { pledge_due: due },
        due,
        statutory_due,
        provisional,
        calendar_version: 0,
        pledged_materials: vec![],
    };
    store.cases().accept(pledged.id, &acc, "0002", at).unwrap();
    assert!(!store.cases().get(pledged.id).unwrap().unwrap().pledge_after_due());

    let mut expect = vec![reissue_no.clone(), permit_no.clone(), pledged.number.clone()];
    expect.sort();
    assert_eq!(store.calendar().provisional_case_numbers().unwrap(), expect);

    // Bad ratings (好差评, SPEC §2) open a follow-up due in working days (行政许可法 第八十二条):
    // counted into 2027 before its notice, the date is provisional like a case's. Rated on
    // 2027-02-03, 5 working days over the provisional 春节 (除夕 02-05 to 初三 02-08, 放假办法
    // 第二条): 02-04, 02-09..02-12, due 02-12 (暂定). Rated on 2026-12-29 over 元旦: due 01-06.
    let spring = bad_rating(store, 1, &permit_no, Some(permit), d(2027, 2, 3));
    assert_eq!((spring.due, spring.provisional, spring.working_days), (d(2027, 2, 12), true, 5));
    let new_year = bad_rating(store, 2, "S-0001", None, d(2026, 12, 29));
    assert_eq!((new_year.due, new_year.provisional), (d(2027, 1, 6), true));
    let open = store.ratings().followups_due(d(2027, 12, 31)).unwrap();
    assert_eq!(
        open.iter().map(|t| (t.due, t.provisional)).collect::<Vec<_>>(),
        [(d(2027, 1, 6), true), (d(2027, 2, 12), true)],
        "the F8 list knows which dates are provisional"
    );

    // A partial year is refused by the check (and `calendar add` checks before storing).
    let partial = Notice::parse_file("[[year]]\nyear = 2027\nsource = \"x\"\nholidays = [\"01-01\"]\nworkdays = []\n")
        .unwrap()
        .remove(0);
    assert_eq!(partial.check().len(), 6, "six festivals missing");

    // The 2027 notice is entered: version 1, both provisional cases recomputed.
    let now = d(2026, 12, 22).and_hms_opt(8, 30, 0).unwrap();
    let e = store.calendar().enter_year(&notice_2027(), false, &ms, "admin", now).unwrap();
    assert_eq!((e.version, e.replaced), (1, false));
    assert_eq!(e.recomputed.len(), 3);
    assert!(e.skipped.is_empty());
    assert_eq!(store.calendar().version().unwrap(), 1);
    assert_eq!(store.calendar().get().unwrap().published_years(), vec![2025, 2026, 2027]);
    // The 补发's statutory date does not move (01-01..03 are a Friday and a weekend) but is now
    // firm; the permit's moves over the notice's bridging days (02-05..02-13 off, Sunday 02-14
    // worked): due 03-01.
    let c = store.cases().get(reissue).unwrap().unwrap();
    assert_eq!(
        (c.statutory_due_on, c.provisional, c.calendar_version),
        (Some(d(2027, 1, 19)), Provisional::default(), Some(1))
    );
    assert_eq!(c.due_moved, None, "nothing moved");
    let c = store.cases().get(permit).unwrap().unwrap();
    assert_eq!(c.due_on, Some(d(2027, 3, 1)));
    assert!(!c.provisional.any());
    let m = c.due_moved.clone().expect("the move is kept on the case");
    assert_eq!(m.from, d(2027, 2, 24));
    assert!(
        m.why.contains("录入2027年节假日安排") && m.why.contains("办理期限由2027-02-24改为2027-03-01"),
        "{}",
        m.why
    );
    // Kept as facts too (the year, the calendar version, both dates before and after), so that
    // the English screen words the reason in English.
    let how = m.how.expect("the facts of the move");
    assert_eq!((how.year, how.version, how.due), (2027, 1, (d(2027, 2, 24), d(2027, 3, 1))));
    assert_eq!(Some(how.statutory.1), c.statutory_due_on);
    assert!(how.statutory.0 < how.statutory.1, "the bridging days push the statutory date later too");
    assert_eq!(store.cases().get(firm).unwrap().unwrap().calendar_version, Some(0), "a firm case is left alone");
    // The follow-ups too: by the notice 02-05..02-13 are off and Sunday 02-14 is worked, so the
    // one rated on 02-03 is due 02-17 (02-04, 02-14..02-17); the New Year one stays 01-06 and
    // becomes firm. Neither is provisional any more.
    assert_eq!(e.followups.len(), 2);
    let open = store.ratings().followups_due(d(2027, 12, 31)).unwrap();
    assert_eq!(
        open.iter().map(|t| (t.case_number.clone(), t.due, t.provisional)).collect::<Vec<_>>(),
        [(None, d(2027, 1, 6), false), (Some(permit_no.clone()), d(2027, 2, 17), false)]
    );
    assert!(store.calendar().provisional_case_numbers().unwrap().is_empty());
    // Audited: the year (who, which notice, version) and the moved case (old, new, why), also
    // in the case's own history.
    let n = store.audit().verify().unwrap();
    let entries = store.audit().entries(1, n as usize).unwrap();
    let year = entries.iter().find(|e| e.action == "calendar.year_entered").unwrap();
    assert_eq!(
        (year.actor.as_str(), year.detail["year"].as_i64(), year.detail["version"].as_i64()),
        ("admin", Some(2027), Some(1))
    );
    let moved: Vec<_> = entries.iter().filter(|e| e.action == "case.due_recomputed").collect();
    assert_eq!(moved.len(), 2, "only the cases whose dates moved");
    assert_eq!(moved[0].detail["case"], permit_no.as_str());
    assert_eq!(moved[0].detail["due"]["old"], "2027-02-24");
    assert_eq!(moved[0].detail["due"]["new"], "2027-03-01");
    assert!(store.cases().events(permit).unwrap().iter().any(|e| e.action == "case.due_recomputed"));
    // The notice makes Saturday 10-09 a working day (调休) and 10-04..10-07 holidays: the
    // 容缺 case's committed date moves earlier, to 10-14 (10-09, 10-11..10-14), before the
    // pledge's 10-15. The signed pledge date stands; the case is flagged for staff and the flag
    // audited with the dates and why (SPEC §2 容缺受理: the pledge may not be due later).
    let c = store.cases().get(pledged.id).unwrap().unwrap();
    assert_eq!((c.due_on, c.pledge_due), (Some(d(2027, 10, 14)), Some(d(2027, 10, 15))));
    assert!(c.pledge_after_due());
    let r = e.recomputed.iter().find(|r| r.case == pledged.id).unwrap();
    assert_eq!(r.pledge_after_due, Some(d(2027, 10, 15)));
    assert!(e.recomputed.iter().filter(|r| r.case != pledged.id).all(|r| r.pledge_after_due.is_none()));
    let flag: Vec<_> = entries.iter().filter(|e| e.action == "case.pledge_after_due").collect();
    assert_eq!(flag.len(), 1);
    assert_eq!(
        (flag[0].detail["case"].as_str(), flag[0].detail["pledge_due"].as_str(), flag[0].detail["due"].as_str()),
        (Some(pledged.number.as_str()), Some("2027-10-15"), Some("2027-10-14"))
    );
    assert!(store.cases().events(pledged.id).unwrap().iter().any(|e| e.action == "case.pledge_after_due"));

    // The moved follow-up is audited (old, new, why) in the rated case's history; the one that
    // did not move is not.
    let f: Vec<_> = entries.iter().filter(|e| e.action == "rating.followup_recomputed").collect();
    assert_eq!(f.len(), 1, "only the follow-up whose date moved");
    assert_eq!(f[0].detail["case"], permit_no.as_str());
    assert_eq!(f[0].detail["due"]["old"], "2027-02-12");
    assert_eq!(f[0].detail["due"]["new"], "2027-02-17");
    assert!(f[0].detail["why"].as_str().unwrap().contains("录入2027年节假日安排"));
    assert!(store.cases().events(permit).unwrap().iter().any(|e| e.action == "rating.followup_recomputed"));

    // Entered again: refused without --replace (nothing changes), replaced with it.
    assert!(matches!(
        store.calendar().enter_year(&notice_2027(), false, &ms, "admin", now),
        Err(EnterError::AlreadyEntered { year: 2027, .. })
    ));
    assert_eq!(store.calendar().version().unwrap(), 1);
    let built_in = Notice::parse_file(certdesk::domain::workdays::DEFAULT_TOML).unwrap().remove(0);
    assert!(matches!(
        store.calendar().enter_year(&built_in, false, &ms, "admin", now),
        Err(EnterError::AlreadyEntered { year: 2025, .. })
    ));
    let e = store.calendar().enter_year(&notice_2027(), true, &ms, "admin", now).unwrap();
    assert_eq!((e.version, e.replaced, e.recomputed.len()), (2, true, 0));
    assert_eq!(store.calendar().years().unwrap().len(), 1);
    store.audit().verify().unwrap();
}

#[test]
fn calendar_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    exercise(&Store::open(dir.path().join("certdesk.db")).unwrap());
}

#[test]
fn calendar_on_postgresql() {
    let Some(url) = pg::fresh_url("calendar") else { return };
    exercise(&Store::open_at(&Location::Postgres(url), OpenCheck::Skip).unwrap());
}

/// A damaged follow-up row (working days lost, or a rating day that does not parse: a hand-edited
/// database) cannot be recomputed: it is left as it was, still provisional, and named, and the
/// year is entered all the same (nothing else is lost).
#[test]
fn a_damaged_follow_up_is_named_not_recomputed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("certdesk.db");
    let store = Store::open(&path).unwrap();
    store.staff().add("0002", "张伟", "135790", Role::Clerk).unwrap();
    let a = bad_rating(&store, 1, "S-0001", None, d(2027, 2, 3));
    let b = bad_rating(&store, 2, "S-0002", None, d(2027, 2, 3));
    assert!(a.provisional && b.provisional);
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute("UPDATE rating_followups SET working_days = NULL WHERE id = 1", []).unwrap();
    c.execute("UPDATE service_ratings SET rated_at = 'garbage' WHERE id = 2", []).unwrap();
    drop(c);
    let now = d(2026, 12, 22).and_hms_opt(8, 30, 0).unwrap();
    let e = store.calendar().enter_year(&notice_2027(), false, &Matters::builtin(), "admin", now).unwrap();
    assert!(e.followups.is_empty());
    assert_eq!(e.skipped, ["整改#1", "整改#2"]);
    let open = store.ratings().followups_due(d(2027, 12, 31)).unwrap();
    assert_eq!(open.iter().map(|t| (t.due, t.provisional)).collect::<Vec<_>>(), [(a.due, true), (b.due, true)]);
    assert_eq!(store.calendar().get().unwrap().published_years(), vec![2025, 2026, 2027]);
}

// ---- the commands, on the real binary with an injected clock -----------------------------

fn certdesk(home: &std::path::Path, clock: &str, args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_certdesk"))
        .arg("--home")
        .arg(home)
        .args(args)
        .env("CERTDESK_CLOCK", clock)
        .env_remove("CERTDESK_HOME")
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)),
    )
}

#[test]
fn calendar_commands_and_doctor() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    const DAY: &str = "2026-12-05 10:00:00";
    // `init` needs no calendar file.
    assert_eq!(certdesk(home, DAY, &["init"]).0, 0);
    assert!(!home.join("calendar.toml").exists());

    // Before 1 November no warning; from 1 November next year's missing notice is named.
    let (_, out) = certdesk(home, "2026-10-31 10:00:00", &["doctor", "--no-printer"]);
    assert!(out.lines().any(|l| l.contains("OK") && l.contains("calendar")), "{out}");
    let (_, out) = certdesk(home, DAY, &["doctor", "--no-printer"]);
    assert!(
        out.lines().any(|l| l.contains("WARN") && l.contains("calendar") && l.contains("2027年节假日安排未录入")),
        "{out}"
    );
    assert!(out.contains("站点检查通过"), "{out}");
    // Doctor's calendar line speaks the language of the rest of its output (its summary line).
    let (_, out) = certdesk(home, DAY, &["--lang", "en", "doctor", "--no-printer"]);
    let line = out.lines().find(|l| l.contains("WARN") && l.contains("calendar")).unwrap_or_default();
    assert!(line.contains("the 2027 State Council holiday notice is not entered"), "{out}");
    assert!(!line.contains("未录入"), "{line}");
    assert!(out.contains("station checks passed") && !out.contains("站点检查通过"), "{out}");

    // Garbage and partial files are refused with what is wrong; nothing stored.
    let put = |name: &str, text: &str| {
        let p = home.join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    for (name, text, says) in [
        ("garbage.toml", "garbage [[", "不是有效的节假日安排文件"),
        ("binary.toml", "\u{0}\u{1}\u{2}", "不是有效的节假日安排文件"),
        ("empty.toml", "", "不是有效的节假日安排文件"),
        ("partial.toml", "[[year]]\nyear = 2027\nsource = \"x\"\nholidays = [\"01-01\"]\nworkdays = []\n", "春节"),
        (
            "unnamed.toml",
            &NOTICE_2027.replace("source = \"国务院办公厅关于2027年部分节假日安排的通知（测试用）\"\n", ""),
            "source",
        ),
        ("weekday.toml", &NOTICE_2027.replace("\"02-14\"", "\"02-15\""), "not a Saturday or Sunday"),
        ("two.toml", &format!("{NOTICE_2027}\n{NOTICE_2027}"), "listed twice"),
        ("year.toml", &NOTICE_2027.replace("year = 2027", "year = \"2027\""), "不是有效的节假日安排文件"),
    ] {
        let f = put(name, text);
        let (code, out) = certdesk(home, DAY, &["calendar", "add", &f]);
        assert_ne!(code, 0, "{name}: {out}");
        assert!(out.contains(says), "{name}: {out}");
        let (code, _) = certdesk(home, DAY, &["calendar", "check", &f]);
        assert_ne!(code, 0, "{name}");
    }
    let missing = home.join("nope.toml").display().to_string();
    let (code, out) = certdesk(home, DAY, &["calendar", "add", &missing]);
    assert!(code != 0 && out.contains("无法读取"), "{out}");
    // Chinese by default, one language at a time (issue 13 §3: the operator's language).
    let (_, out) = certdesk(home, DAY, &["calendar", "show"]);
    assert!(out.contains("2027  暂定"), "{out}");
    assert!(out.contains("2026  已公布"), "{out}");
    assert!(!out.contains("provisional") && !out.contains("published"), "Chinese only: {out}");
    let (_, out) = certdesk(home, DAY, &["calendar", "show", "2027"]);
    assert!(out.contains("春节: 2027-02-05, 2027-02-06, 2027-02-07, 2027-02-08"), "{out}");
    assert!(!out.contains("Spring Festival"), "{out}");
    let (code, out) = certdesk(home, DAY, &["calendar", "show", "2300"]);
    assert!(code != 0 && out.contains("超出可计算的年份"), "{out}");
    // The same in English (`--lang en`): the 2027 statutory days of 放假办法 第二条 (2024修订),
    // no Chinese words but the notice's own name.
    let (_, out) = certdesk(home, DAY, &["--lang", "en", "calendar", "show"]);
    assert!(out.contains("2027  provisional") && out.contains("2026  published"), "{out}");
    assert!(!out.contains("暂定") && !out.contains("已公布"), "English only: {out}");
    let (_, out) = certdesk(home, DAY, &["--lang", "en", "calendar", "show", "2027"]);
    assert!(out.contains("Spring Festival: 2027-02-05, 2027-02-06, 2027-02-07, 2027-02-08"), "{out}");
    assert!(!out.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "no Chinese: {out}");
    let (code, out) = certdesk(home, DAY, &["--lang", "en", "calendar", "add", &put("g.toml", "garbage [[")]);
    assert!(code != 0 && out.contains("not a valid calendar file") && !out.contains("节假日安排"), "{out}");
    let (code, out) = certdesk(home, DAY, &["--lang", "en", "calendar", "show", "2300"]);
    assert!(code != 0 && out.contains("outside the years"), "{out}");

    // A calendar.toml left in the home is not read, and doctor says so.
    put("calendar.toml", NOTICE_2027);
    let (_, out) = certdesk(home, DAY, &["calendar", "show"]);
    assert!(out.contains("2027  暂定"), "the home file is ignored: {out}");
    let (_, out) = certdesk(home, DAY, &["doctor", "--no-printer"]);
    assert!(
        out.lines().any(|l| l.contains("WARN") && l.contains("calendar.toml") && l.contains("calendar add")),
        "{out}"
    );
    std::fs::remove_file(home.join("calendar.toml")).unwrap();

    // A running case with provisional dates is named by doctor (case number only).
    let store = Store::open(home.join("certdesk.db")).unwrap();
    store.staff().add("0002", "张伟", "135790", Role::Clerk).unwrap();
    let at = d(2026, 12, 21).and_hms_opt(10, 0, 0).unwrap();
    let c = store
        .cases()
        .open(
            &NewCase { matter: matters::SPECIAL_REISSUE, materials: vec!["photo".into()], owner: "0002", ticket: None },
            at,
        )
        .unwrap();
    let visitor = Visitor { name: "周全".into(), ..Default::default() };
    store.cases().set_visitor(c.id, &visitor, Some(testkit::ID), "0002", at).unwrap();
    let ms = Matters::builtin();
    let (due, statutory_due, provisional) =
        due_dates(&store.calendar().get().unwrap(), d(2026, 12, 21), ms.get(matters::SPECIAL_REISSUE).unwrap())
            .unwrap();
    let acc = Acceptance {
        kind: AcceptKind::Full,
        due,
        statutory_due,
        provisional,
        calendar_version: 0,
        pledged_materials: vec![],
    };
    store.cases().accept(c.id, &acc, "0002", at).unwrap();
    drop(store);
    let (_, out) = certdesk(home, DAY, &["doctor", "--no-printer"]);
    assert!(out.lines().any(|l| l.contains("WARN") && l.contains(&c.number)), "{out}");
    assert!(!out.contains(testkit::ID), "no ID number in doctor's output");

    // Entered: stored, shown as published, the case recomputed; doctor is content.
    let f = put("2027.toml", NOTICE_2027);
    let (code, out) = certdesk(home, DAY, &["calendar", "check", &f]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("检查通过"), "{out}");
    let (code, out) = certdesk(home, DAY, &["calendar", "add", &f]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("已录入2027年节假日安排（日历第1版）") && out.contains("重新计算暂定期限的在办件1件"),
        "{out}"
    );
    let (code, out) = certdesk(home, DAY, &["calendar", "add", &f]);
    assert!(code != 0 && out.contains("--replace"), "{out}");
    let (code, out) = certdesk(home, DAY, &["calendar", "check"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2027  已公布") && out.contains("没有期限为暂定的在办件"), "{out}");
    let (_, out) = certdesk(home, DAY, &["calendar", "show", "2027"]);
    assert!(out.contains("2027-02-05 .. 2027-02-13") && out.contains("2027-02-14 周日"), "{out}");
    let (_, out) = certdesk(home, DAY, &["doctor", "--no-printer"]);
    assert!(out.lines().any(|l| l.contains("OK") && l.contains("calendar") && l.contains("2027")), "{out}");
    assert!(!out.lines().any(|l| l.contains("WARN") && l.contains("calendar")), "{out}");
}

/// `CERTDESK_CLOCK` (the test and training clock, src/clock.rs) that does not parse stops the
/// program with a message instead of running on the real date.
#[test]
fn a_garbage_clock_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["tomorrow", "2026-13-01", "2026-02-30 09:00:00", "21/12/2026"] {
        let (code, out) = certdesk(dir.path(), bad, &["calendar", "check", "/nonexistent.toml"]);
        assert_eq!(code, 2, "{bad}: {out}");
        assert!(out.contains("CERTDESK_CLOCK") && out.contains("不是有效的时间"), "{bad}: {out}");
    }
}
