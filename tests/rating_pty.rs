//! End to end: the real `certdesk rate --counter 1` in a pseudo-terminal (100x30), output parsed
//! by a vt100 emulator, driven with the bytes a touch screen (SGR mouse) and a keyboard send,
//! while the intake backend asks for ratings in the same SQLite home.

mod support;

use support::BIN;

use certdesk::app::rating::{layout, Ask, Outcome, RatingScreen};
use certdesk::app::{Action, Mode};
use certdesk::domain::intake::Rating;
use certdesk::service::desk::{Desk, Login};
use certdesk_testkit::pty::Pty;
use certdesk_testkit::{self as testkit, TestHome, STAFF};
use ratatui::layout::Rect;
use std::time::{Duration, Instant};

const ROWS: u16 = 30;
const COLS: u16 = 100;

/// How long the screen may take to show what a step expects.
const WAIT: Duration = Duration::from_secs(20);

/// `certdesk rate --counter 1` in the test kit's pty.
fn spawn(home: &std::path::Path) -> Pty {
    Pty::spawn(BIN, home, &["rate", "--counter", "1"], ROWS, COLS)
}

/// Where the level button `i` sits on a 100x30 screen (the layout the binary uses too).
fn level_center(i: usize) -> (u16, u16) {
    let mut m = RatingScreen::new(
        certdesk::app::rating::RatingSettings {
            bureau: String::new(),
            counter: 1,
            poll: Duration::from_millis(500),
            thanks: Duration::from_secs(5),
        },
        Default::default(),
        Instant::now(),
    );
    let ask = Ask { request: 1, case_number: String::new(), staff_id: String::new(), staff_name: None };
    m.on_outcome(Outcome::Pending(Some(ask)).into(), Instant::now());
    let v = layout::layout(&m, Rect::new(0, 0, COLS, ROWS));
    let b = v.buttons.iter().find(|b| b.action == Action::Select(i)).unwrap();
    (b.rect.x + b.rect.width / 2, b.rect.y + b.rect.height / 2)
}

#[test]
fn a_touch_in_a_real_terminal_rates_and_a_bad_rating_opens_a_follow_up() {
    let h = TestHome::new("file:spool");
    let mut pty = spawn(&h.dir);
    pty.wait_for("欢迎您", WAIT);
    assert!(!pty.screen().contains("请为本次服务评价"));

    let desk = Desk::open(&h.settings()).unwrap();
    let Login::Ok(who) = desk.login(STAFF.0, STAFF.1).unwrap() else { panic!("login") };
    let case = desk.open_case(&who, "special_issue", None).unwrap();
    desk.request_rating(&who, 1, case.id).unwrap();
    pty.wait_for("请为本次服务评价", WAIT);
    pty.wait_for(&case.number, WAIT);

    // Ctrl-C and Ctrl-Z do not end or suspend the visitor's screen: the touch after them is
    // still answered by the same process (input is handled in order, so no wait is needed).
    pty.send(b"\x03\x1a");

    // A left-button press at 非常不满意 (SGR mouse, 1-based), then a second touch elsewhere.
    let (x, y) = level_center(4);
    pty.send(format!("\x1b[<0;{};{}M\x1b[<0;{};{}m", x + 1, y + 1, x + 1, y + 1).as_bytes());
    // A bad rating: the reason is asked by touch (issue 15); key 2 = 办理效率.
    pty.wait_for("请告诉我们哪里做得不好", WAIT);
    pty.send(b"2");
    pty.wait_for("感谢您的评价", WAIT);
    assert!(pty.child.try_wait().unwrap().is_none(), "Ctrl-C ended the rating screen");
    let (x0, y0) = level_center(0);
    pty.send(format!("\x1b[<0;{};{}M", x0 + 1, y0 + 1).as_bytes());
    pty.send(b"1");

    // F12 ends it (staff), with status 0. It comes after the stray touch and key, and the worker
    // finishes every queued effect before the process exits, so once it has exited a second
    // rating, had the stray input made one, would be on record: no sleep, no race.
    pty.send(b"\x1b[24~");
    let st = pty.wait_exit(Duration::from_secs(10)).expect("F12 ends the rating screen");
    assert!(st.success());

    let due = h.store().ratings().followups_due(testkit::d(2026, 12, 31)).unwrap();
    assert_eq!(due.len(), 1, "one bad rating, one follow-up");
    assert_eq!(due[0].rating, Some(Rating::VeryDissatisfied));
    assert_eq!(due[0].case_number.as_deref(), Some(case.number.as_str()));
    // The binary runs on the system clock, so the exact date (5 working days on) is pinned in
    // tests/rating_flow.rs on the fixed test clock; here: never before today.
    assert!(due[0].due >= support::today());
}
