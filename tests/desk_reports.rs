//! The desk's reports page (issue 9 items 5 and 6) driven through the same event path a staff
//! member's keys take, on a real store with a desk history (tests/support/report_seed.rs):
//! F11 on the queue opens it; F5 好差评 (SPEC §2: a bad rating opens a follow-up due in working
//! days; the page shows which are done and which are overdue), F6 daily counts as a chart, F7
//! cases past their committed due date in working days, F8 the reminder list grouped by
//! employer (seeds 运城 2023 item 8, 围场 2023 item 4). Snapshots in zh-CN and en at 80x24 and
//! 120x36; no raw ID number, no ambiguous-width glyph, no wide glyph cut at the edge.

#[path = "support/report_seed.rs"]
mod report_seed;

use certdesk::app::desk::reports::{ReportData, ReportTab};
use certdesk::app::desk::{Note, Problem, Screen};
use certdesk::app::Target;
use certdesk::report::{FollowUpState, Report};
use certdesk_testkit::{self as testkit, desk, Driver, TestHome, ID, STAFF};
use crossterm::event::KeyCode;

fn shot(rt: &mut Driver, name: &str) {
    for (tag, s) in testkit::desk_screens(rt, name, &[(80, 24), (120, 36)]) {
        assert!(!s.contains("13800138000"), "{name}: a whole phone number on the counter screen");
        insta::assert_snapshot!(format!("{name}_{tag}"), s);
    }
}

fn login(rt: &mut Driver) {
    testkit::desk_login(rt, STAFF);
}

fn data(rt: &Driver) -> ReportData {
    match &desk(rt).screen {
        Screen::Reports(v) => v.data.clone().expect("the report arrived"),
        other => panic!("not the reports page: {other:?}"),
    }
}

fn key(rt: &mut Driver, k: KeyCode) {
    rt.key(k);
    rt.settle();
}

#[test]
fn reports_page_shows_ratings_daily_counts_overdue_cases_and_reminders() {
    let h = TestHome::new("file:spool");
    let seeded = report_seed::seed(&h.home().store().unwrap(), ID);
    let mut rt = h.runtime(Target::DeskLogin);
    login(&mut rt);
    key(&mut rt, KeyCode::F(11));

    // 好差评 over the 30 days up to today (the test clock: 2026-11-23).
    let ReportData::Report(Report::Ratings(r)) = data(&rt) else { panic!("{:?}", data(&rt)) };
    assert_eq!((r.period.from.to_string(), r.period.to.to_string()), ("2026-10-25".into(), "2026-11-23".into()));
    assert_eq!(r.total.0, [1, 1, 0, 1, 1]);
    let open = r.bad.iter().find(|b| b.case_number.as_deref() == Some(seeded.bad_open_case.as_str())).unwrap();
    assert_eq!(open.followup, FollowUpState::Overdue { due: report_seed::d(11, 21), provisional: false });
    shot(&mut rt, "reports_ratings");
    let screen = rt.screen();
    assert!(screen.contains("差评2次（整改未完成1）"), "{screen}");
    // The table scrolls with the arrow keys; Up at the top stays there.
    key(&mut rt, KeyCode::Up);
    for _ in 0..4 {
        key(&mut rt, KeyCode::Down);
    }
    assert!(matches!(&desk(&rt).screen, Screen::Reports(v) if v.scroll == 4));
    shot(&mut rt, "reports_ratings_scrolled");

    key(&mut rt, KeyCode::F(6));
    let ReportData::Report(Report::Daily(dly)) = data(&rt) else { panic!() };
    assert_eq!(dly.days.len(), 30);
    assert_eq!((dly.total.prints, dly.total.intakes, dly.total.verdicts, dly.total.verdicts_bad), (1, 3, 4, 1));
    shot(&mut rt, "reports_daily");
    let screen = rt.screen();
    assert!(screen.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c)), "the chart's Braille line: {screen}");

    // The last 7 days by key 1.
    rt.type_str("1");
    rt.settle();
    let ReportData::Report(Report::Daily(week)) = data(&rt) else { panic!() };
    assert_eq!(week.days.len(), 7);
    assert_eq!(week.total.intakes, 1, "11-17..11-23: the cases of 11-02 and 11-16 are outside");

    key(&mut rt, KeyCode::F(7));
    let ReportData::Report(Report::Overdue(o)) = data(&rt) else { panic!() };
    assert_eq!(o.rows.len(), 1);
    assert_eq!(o.rows[0].case.number, seeded.overdue_case);
    assert_eq!(o.rows[0].working_days_over, Some(9), "due 11-10, late 9 working days on 11-23");
    shot(&mut rt, "reports_overdue");

    // The reminder list: the sample holder's certificates due within 90 days (key 3).
    key(&mut rt, KeyCode::F(8));
    rt.type_str("3");
    rt.settle();
    let ReportData::Reminders { days, rows } = data(&rt) else { panic!() };
    assert_eq!(days, 90);
    let store = h.store();
    let want = certdesk::remind::build(&store, testkit::now().date(), 90).unwrap();
    assert_eq!(rows.len(), want.len(), "the same rows as `certdesk remind`");
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.phone == "138****8000"));
    shot(&mut rt, "reports_reminders");

    // F9: a typed period; garbage is refused with the reason and the page stays.
    key(&mut rt, KeyCode::F(5));
    key(&mut rt, KeyCode::F(9));
    rt.type_str("2026-11-20 2026-11-01");
    key(&mut rt, KeyCode::Enter);
    assert!(matches!(desk(&rt).note, Some(Note::Problem(Problem::BadPeriod(_)))), "{:?}", desk(&rt).note);
    shot(&mut rt, "reports_bad_period");
    for bad in ["2026-02-30 2026-03-01", "yesterday", "2024-01-01 2026-11-01", ""] {
        key(&mut rt, KeyCode::F(9));
        rt.type_str(bad);
        key(&mut rt, KeyCode::Enter);
        assert!(matches!(desk(&rt).note, Some(Note::Problem(Problem::BadPeriod(_)))), "{bad:?}");
        assert!(matches!(&desk(&rt).screen, Screen::Reports(v) if v.tab == ReportTab::Ratings));
    }
    key(&mut rt, KeyCode::F(9));
    rt.type_str("2026-11-18 2026-11-19");
    key(&mut rt, KeyCode::Enter);
    let ReportData::Report(Report::Ratings(r)) = data(&rt) else { panic!() };
    assert_eq!(r.total.total(), 2);
    assert_eq!(r.total.bad(), 2);
    assert_eq!(desk(&rt).note, None);

    // Esc goes back to the queue.
    key(&mut rt, KeyCode::Esc);
    assert!(matches!(desk(&rt).screen, Screen::Home { .. }));
}

/// Not a check: writes the seeded history into the home at `$SEED_HOME` (created), for looking
/// at the page in a real terminal (`/work/shared/tools/screenshot ... -- certdesk --home $SEED_HOME desk`;
/// staff 0001, PIN 246810, then F11). Run with `--ignored`.
#[test]
#[ignore]
fn seed_a_home_for_screenshots() {
    let Ok(dir) = std::env::var("SEED_HOME") else { return };
    let dir = std::path::PathBuf::from(dir);
    certdesk::home::Home::init(&dir, certdesk_testkit::d(2026, 11, 23)).unwrap();
    let store = certdesk::home::Home::open(&dir).unwrap().store().unwrap();
    store.holders().upsert(&testkit::sample_holder()).unwrap();
    for mut c in testkit::sample_certs() {
        store.holders().upsert_certificate(&mut c).unwrap();
    }
    store.staff().add(STAFF.0, testkit::STAFF_NAME, STAFF.1, certdesk::store::Role::Supervisor).unwrap();
    report_seed::seed(&store, ID);
}
