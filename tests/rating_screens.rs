//! Snapshots of every rating screen (idle, asking, sending, thanks after a good and a bad
//! rating, unavailable) in zh-CN and en at 80x24 and 120x36. The mode is fed outcomes directly:
//! drawing depends on state only (the flow through the service is in tests/rating_flow.rs).

use certdesk::app::rating::{layout, Ask, Outcome, RatingScreen, RatingSettings, Screen};
use certdesk::app::{Action, Mode};
use certdesk::config::Lang;
use certdesk_testkit::{self as testkit, BUREAU, STAFF, STAFF_NAME};
use std::time::{Duration, Instant};

fn settings() -> RatingSettings {
    RatingSettings {
        bureau: BUREAU.into(),
        counter: 3,
        poll: Duration::from_millis(500),
        thanks: Duration::from_secs(5),
    }
}

fn ask() -> Ask {
    Ask {
        request: 7,
        case_number: "YJ20261123-0012".into(),
        staff_id: STAFF.0.into(),
        staff_name: Some(STAFF_NAME.into()),
    }
}

fn asking(lang: Lang) -> RatingScreen {
    let mut m = RatingScreen::new(settings(), lang, Instant::now());
    m.on_outcome(Outcome::Pending(Some(ask())).into(), Instant::now());
    assert!(matches!(m.screen, Screen::Asking { .. }));
    m
}

fn shot(m: &RatingScreen, name: &str) {
    let tag = if m.lang == Lang::Zh { "zh" } else { "en" };
    for (w, h) in [(80, 24), (120, 36)] {
        let s = testkit::render(m, w, h);
        assert!(!s.chars().any(certdesk::app::strings::ambiguous), "{name}: ambiguous-width glyph");
        let term = testkit::terminal(m, w, h);
        for y in 0..h {
            let last = term.backend().buffer()[(w - 1, y)].symbol();
            assert!(unicode_width::UnicodeWidthStr::width(last) <= 1, "{name}: wide glyph cut at row {y}");
        }
        if matches!(m.screen, Screen::Asking { .. }) {
            // All five levels are on screen and touchable at this size.
            let v = layout::layout(m, ratatui::layout::Rect::new(0, 0, w, h));
            for i in 0..5 {
                let b = v.buttons.iter().find(|b| b.action == Action::Select(i)).expect("level button");
                assert!(b.rect.height >= 2, "{name} {w}x{h}: level {i} too small to touch");
                assert!(s.contains(&b.label), "{name} {w}x{h}: label {:?} not shown", b.label);
            }
        }
        insta::assert_snapshot!(format!("rating_{name}_{tag}_{w}x{h}"), s);
    }
}

#[test]
fn screens() {
    for lang in [Lang::Zh, Lang::En] {
        let now = Instant::now();
        let m = RatingScreen::new(settings(), lang, now);
        shot(&m, "idle");

        let m = asking(lang);
        shot(&m, "asking");

        let mut m = asking(lang);
        m.update(Action::Select(0), now);
        shot(&m, "sending");

        let mut m = asking(lang);
        m.update(Action::Select(1), now);
        m.on_outcome(Outcome::Rated { request: 7, followup: false }.into(), now);
        shot(&m, "thanks");

        let mut m = asking(lang);
        m.update(Action::Select(4), now);
        m.on_outcome(Outcome::Rated { request: 7, followup: true }.into(), now);
        assert!(matches!(m.screen, Screen::Reason { request: 7, .. }));
        shot(&m, "reason");
        m.update(Action::Select(1), now);
        assert!(matches!(m.screen, Screen::Thanks { bad: true, .. }));
        shot(&m, "thanks_bad");

        let mut m = asking(lang);
        m.update(Action::Select(2), now);
        m.on_outcome(certdesk::app::Outcome::ServiceError, now);
        assert!(matches!(m.screen, Screen::Unavailable { .. }));
        shot(&m, "unavailable");
    }
}

#[test]
fn a_staff_member_without_a_name_on_record_shows_the_number_only() {
    let mut m = RatingScreen::new(settings(), Lang::Zh, Instant::now());
    m.on_outcome(Outcome::Pending(Some(Ask { staff_name: None, ..ask() })).into(), Instant::now());
    let s = testkit::render(&m, 100, 30);
    assert!(s.contains("服务人员工号：0001"), "{s}");
}
