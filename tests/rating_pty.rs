//! End to end: the real `certdesk rate --counter 1` in a pseudo-terminal (100x30), output parsed
//! by a vt100 emulator, driven with the bytes a touch screen (SGR mouse) and a keyboard send,
//! while the intake backend asks for ratings in the same SQLite home.

mod support;

use support::BIN;

use certdesk::app::rating::{layout, Ask, Outcome, RatingScreen};
use certdesk::app::{Action, Mode};
use certdesk::domain::intake::Rating;
use certdesk::service::desk::{Desk, Login};
use certdesk::testkit::{self, TestHome, STAFF};
use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};
use ratatui::layout::Rect;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ROWS: u16 = 30;
const COLS: u16 = 100;

struct Pty {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    _master: Box<dyn MasterPty + Send>,
}

impl Pty {
    fn spawn(home: &std::path::Path) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.env(support::CLOCK_ENV, support::CLOCK);
        cmd.args(["--home", &home.to_string_lossy(), "rate", "--counter", "1"]);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("CERTDESK_HOME");
        let child = pair.slave.spawn_command(cmd).expect("spawn certdesk rate");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let p = parser.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
            }
        });
        Pty { child, writer, parser, _master: pair.master }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_for(&self, text: &str) {
        let end = Instant::now() + Duration::from_secs(20);
        while !self.screen().contains(text) {
            assert!(Instant::now() < end, "timed out waiting for {text:?}; screen:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_exit(&mut self) -> Option<portable_pty::ExitStatus> {
        let end = Instant::now() + Duration::from_secs(10);
        while Instant::now() < end {
            if let Some(st) = self.child.try_wait().unwrap() {
                return Some(st);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // Only our own child, by its handle.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
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
    let mut pty = Pty::spawn(&h.dir);
    pty.wait_for("欢迎您");
    assert!(!pty.screen().contains("请为本次服务评价"));

    let desk = Desk::open(&h.home(), testkit::clock()).unwrap();
    let Login::Ok(who) = desk.login(STAFF.0, STAFF.1).unwrap() else { panic!("login") };
    let case = desk.open_case(&who, "special_issue", None).unwrap();
    desk.request_rating(&who, 1, case.id).unwrap();
    pty.wait_for("请为本次服务评价");
    pty.wait_for(&case.number);

    // Ctrl-C and Ctrl-Z do not end or suspend the visitor's screen.
    pty.send(b"\x03\x1a");
    std::thread::sleep(Duration::from_millis(300));
    assert!(pty.child.try_wait().unwrap().is_none(), "Ctrl-C ended the rating screen");

    // A left-button press at 非常不满意 (SGR mouse, 1-based), then a second touch elsewhere.
    let (x, y) = level_center(4);
    pty.send(format!("\x1b[<0;{};{}M\x1b[<0;{};{}m", x + 1, y + 1, x + 1, y + 1).as_bytes());
    pty.wait_for("感谢您的评价");
    let (x0, y0) = level_center(0);
    pty.send(format!("\x1b[<0;{};{}M", x0 + 1, y0 + 1).as_bytes());
    pty.send(b"1");
    std::thread::sleep(Duration::from_millis(500));

    let due = h.store().followups_due(testkit::d(2026, 12, 31)).unwrap();
    assert_eq!(due.len(), 1, "one bad rating, one follow-up");
    assert_eq!(due[0].rating, Some(Rating::VeryDissatisfied));
    assert_eq!(due[0].case_number.as_deref(), Some(case.number.as_str()));
    // The binary runs on the system clock, so the exact date (5 working days on) is pinned in
    // tests/rating_flow.rs on the fixed test clock; here: never before today.
    assert!(due[0].due >= support::today());

    // F12 ends it (staff), with status 0.
    pty.send(b"\x1b[24~");
    let st = pty.wait_exit().expect("F12 ends the rating screen");
    assert!(st.success());
}
