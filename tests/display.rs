//! The hall's call display (issue 15): snapshots of its screens (zh/en, 80x24 and 120x36), the
//! display's service on both backends with two counters calling, and end to end the real
//! `certdesk display` in a pty on a hall's PostgreSQL while two counters call.

mod support;

use certdesk::app::display::{draw, Call, CallDisplay, DisplaySettings, Effect, Outcome};
use certdesk::app::Mode;
use certdesk::config::Lang;
use certdesk::service::desk::{Desk, Login};
use certdesk::store::{Location, OpenCheck, Role, Store};
use certdesk_testkit::pty::Pty;
use certdesk_testkit::{self as testkit, pg, BUREAU};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn settings() -> DisplaySettings {
    DisplaySettings { bureau: BUREAU.into(), poll: Duration::from_millis(500), shown: 6 }
}

fn call(label: &str, counter: u32) -> Call {
    Call { label: label.into(), counter }
}

/// The screen as text, with the large glyphs' painted cells shown as `#` (they are spaces on
/// a coloured background, which plain text would not show).
fn render(m: &CallDisplay, w: u16, h: u16) -> String {
    let term = testkit::terminal(m, w, h);
    let buf = term.backend().buffer();
    let mut s = String::new();
    for y in 0..h {
        let mut skip = 0;
        for x in 0..w {
            let c = &buf[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = c.symbol();
            if sym == " " && c.bg == certdesk::app::ui::WARN_FG {
                s.push('#');
            } else {
                s.push_str(sym);
                skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            }
        }
        s.push('\n');
    }
    s
}

fn shot(m: &CallDisplay, name: &str) {
    let tag = if m.lang == Lang::Zh { "zh" } else { "en" };
    for (w, h) in [(80, 24), (120, 36)] {
        let s = render(m, w, h);
        assert!(!s.chars().any(certdesk::app::strings::ambiguous), "{name}: ambiguous-width glyph");
        insta::assert_snapshot!(format!("display_{name}_{tag}_{w}x{h}"), s);
    }
}

fn with_calls(lang: Lang, calls: Vec<Call>, waiting: u32) -> CallDisplay {
    let mut m = CallDisplay::new(settings(), lang, Instant::now());
    m.on_outcome(Outcome::Calls { calls, waiting }.into(), Instant::now());
    m
}

#[test]
fn screens() {
    for lang in [Lang::Zh, Lang::En] {
        shot(&CallDisplay::new(settings(), lang, Instant::now()), "loading");
        shot(&with_calls(lang, vec![], 3), "none_yet");
        let calls =
            vec![call("A012", 3), call("B002", 12), call("A011", 1), call("A010", 3), call("A009", 2), call("A008", 1)];
        let m = with_calls(lang, calls, 7);
        shot(&m, "calling");
        let mut away = with_calls(lang, vec![call("A012", 3), call("B002", 12)], 7);
        away.on_outcome(certdesk::app::Outcome::Unavailable, Instant::now());
        shot(&away, "outage");
    }
}

/// The number and the counter are drawn large (8 rows of glyph pixels) and the sentence says
/// both; the calls before it are listed newest first.
#[test]
fn the_current_call_is_large_and_the_recent_ones_follow_in_order() {
    let m = with_calls(Lang::Zh, vec![call("A012", 3), call("B002", 12), call("A011", 1)], 4);
    for (w, h) in [(80, 24), (120, 36)] {
        let s = render(&m, w, h);
        let painted = s.lines().filter(|l| l.contains('#')).count();
        assert!(painted >= 7, "{w}x{h}: glyph rows {painted}\n{s}");
        assert!(s.contains("请 A012 号到 3 号窗口办理"), "{s}");
        assert!(s.contains("Ticket A012, please go to counter 3"), "{s}");
        let b = s.find("B002    12号窗口").expect("B002 listed");
        let a = s.find("A011     1号窗口").expect("A011 listed");
        assert!(b < a, "newest first");
        assert!(s.contains("等候人数：4"));
    }
    // The glyph of "A012" at 80 columns: pixels of the font, not letters.
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 40, 8));
    let area = buf.area;
    draw::big(&mut buf, area, "1", 1, 1, ratatui::style::Color::Red);
    let lit = buf.content().iter().filter(|c| c.bg == ratatui::style::Color::Red).count();
    // font8x8's "1" has 16 pixels set.
    assert_eq!(lit, font8x8::legacy::BASIC_LEGACY['1' as usize].iter().map(|b| b.count_ones() as usize).sum::<usize>());
}

/// Garbage from the database (a label with control characters or wide characters, a huge
/// counter) is drawn safely: no control byte reaches the terminal, nothing overflows.
#[test]
fn odd_labels_and_counters_are_drawn_safely() {
    let m = with_calls(Lang::Zh, vec![call("A\u{1b}[2J", u32::MAX), call("号码很长很长很长很长很长很长", 0)], u32::MAX);
    for (w, h) in [(80, 24), (120, 36), (20, 6)] {
        let s = render(&m, w, h);
        assert!(!s.contains('\u{1b}'), "{s}");
        assert!(s.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= w as usize));
    }
}

// ---- the service and the binary on a real database ---------------------------------------

/// A home whose database is `loc` (a fresh PostgreSQL schema, or a SQLite file in the home).
fn home_on(dir: &Path, loc: &Location) -> PathBuf {
    let home = dir.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let printer = format!("[printer]\ntarget = \"file:{}\"\n", dir.join("spool").display());
    let db = match loc {
        Location::Postgres(url) => format!("[paths]\ndatabase = \"{url}\"\n"),
        Location::Sqlite(_) => String::new(),
    };
    std::fs::write(home.join("certdesk.toml"), format!("{db}{printer}")).unwrap();
    certdesk::home::Home::init(&home, testkit::now().date()).unwrap();
    let store = certdesk::home::Home::open(&home).unwrap().store_with(OpenCheck::Skip).unwrap();
    for (id, name) in [("0001", "张敏"), ("0002", "李娜")] {
        store.staff().add(id, name, "123456", Role::Clerk).unwrap();
    }
    home
}

fn desk_at(home: &Path, staff: &str) -> (Desk, certdesk::service::desk::StaffSession) {
    let desk = Desk::open(&certdesk::settings::Settings::resolve(home, None, testkit::clock()).unwrap()).unwrap();
    let Login::Ok(who) = desk.login(staff, "123456").unwrap() else { panic!("login {staff}") };
    (desk, who)
}

/// Two counters call on one database; the display's poll answers both calls, newest first,
/// on SQLite and on PostgreSQL alike; a ticket taken prints and is counted as waiting.
#[test]
fn two_counters_calling_show_on_one_display_on_both_backends() {
    let tmp = tempfile::tempdir().unwrap();
    let mut locs = vec![Location::Sqlite(PathBuf::new())];
    if let Some(url) = pg::fresh_url("display_service") {
        locs.push(Location::Postgres(url));
    }
    for (k, loc) in locs.iter().enumerate() {
        let home = home_on(&tmp.path().join(k.to_string()), loc);
        let (d1, a) = desk_at(&home, "0001");
        let (d2, b) = desk_at(&home, "0002");
        for _ in 0..3 {
            let p = d1.take_ticket_printed(None).unwrap();
            assert!(p.error.is_none(), "{:?}", p.error);
        }
        assert_eq!(d1.call_next(&a, 2).unwrap().unwrap().label, "A001");
        assert_eq!(d2.call_next(&b, 5).unwrap().unwrap().label, "A002");
        let station = certdesk::station::Station::open(&home, None, testkit::clock()).unwrap();
        let mut live = station.live(OpenCheck::Skip).unwrap();
        let out = certdesk::service::display::run(&mut live, Effect::Poll { shown: 6 }).unwrap().unwrap();
        assert_eq!(out, Outcome::Calls { calls: vec![call("A002", 5), call("A001", 2)], waiting: 1 }.into(), "{loc:?}");
        // Garbage sizes are clamped, not refused.
        for shown in [0, usize::MAX] {
            assert!(certdesk::service::display::run(&mut live, Effect::Poll { shown }).is_ok());
        }
    }
}

/// End to end on a hall's PostgreSQL: the real `certdesk display` in a pty shows the calls of
/// two counters (two desks on the same server) as they are made, in order, and only F12 ends it.
#[test]
fn the_display_process_shows_two_counters_calling_in_order() {
    let Some(url) = pg::fresh_url("display_pty") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let home = home_on(tmp.path(), &Location::Postgres(url));
    let mut pty = Pty::spawn(support::BIN, &home, &["display"], 24, 80);
    pty.wait_for("请取号等候叫号", Duration::from_secs(20));

    let (d1, a) = desk_at(&home, "0001");
    let (d2, b) = desk_at(&home, "0002");
    d1.take_ticket_printed(None).unwrap();
    d1.take_ticket_printed(None).unwrap();
    d1.call_next(&a, 2).unwrap();
    pty.wait_for("请 A001 号到 2 号窗口办理", Duration::from_secs(20));
    d2.call_next(&b, 7).unwrap();
    pty.wait_for("请 A002 号到 7 号窗口办理", Duration::from_secs(20));
    // The earlier call is listed under it.
    pty.wait_for("A001     2号窗口", Duration::from_secs(20));
    let s = pty.screen();
    assert!(s.find("A002 号到 7").unwrap() < s.find("A001     2号窗口").unwrap(), "{s}");

    // Keys and Ctrl-C do nothing: a call made after them still shows in the same process.
    pty.send(b"\x03q\r\x1b");
    d1.take_ticket_printed(None).unwrap();
    d1.call_next(&a, 2).unwrap();
    pty.wait_for("请 A003 号到 2 号窗口办理", Duration::from_secs(20));
    assert!(pty.child.try_wait().unwrap().is_none(), "a key ended the display");
    // F12 ends it with status 0.
    pty.send(b"\x1b[24~");
    let st = pty.wait_exit(Duration::from_secs(10)).expect("F12 ends the display");
    assert!(st.success());
    // It never touched a store of its own: the hall's one database holds the calls.
    let store = Store::open_at(&certdesk::home::Home::open(&home).unwrap().db_location(), OpenCheck::Skip).unwrap();
    assert_eq!(store.tickets().calls(testkit::now().date(), 10).unwrap().calls.len(), 3);
}
