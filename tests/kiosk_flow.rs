//! Kiosk flows driven through the same event path a holder's keys and touches take
//! (`Runtime::handle_event` with crossterm events), against the real store, seal, slip renderer
//! and printers (a file spool, and TCP printers on 127.0.0.1).

use certdesk::app::kiosk::{Kiosk, KioskSettings, Screen};
use certdesk::app::kiosk_view;
use certdesk::app::terminal::Runtime;
use certdesk::app::{Action, Mode};
use certdesk::config::Lang;
use certdesk::domain::{CertKind, Certificate, Gender, Holder, Standing};
use certdesk::home::Home;
use certdesk::seal::{self, RevocationList, Verdict};
use certdesk::service::Live;
use certdesk::store::{Role, Store};
use chrono::{NaiveDate, NaiveDateTime};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const ID: &str = "11010519491231002X";
const FACTOR: &str = "8000";
const AREA: Rect = Rect { x: 0, y: 0, width: 100, height: 30 };

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}
fn now() -> NaiveDateTime {
    d(2026, 11, 23).and_hms_opt(10, 0, 0).unwrap()
}

fn cert(number: &str, kind: CertKind, valid_until: NaiveDate, review_due: Option<NaiveDate>) -> Certificate {
    Certificate {
        id: certdesk::domain::CertId::NEW,
        number: number.into(),
        kind,
        holder_id: ID.into(),
        name: "王秀英".into(),
        gender: Gender::Female,
        category: (kind == CertKind::SpecialOperation).then(|| "电工作业".into()),
        item: (kind == CertKind::SpecialOperation).then(|| "低压电工作业".into()),
        industry: (kind != CertKind::SpecialOperation).then(|| "金属冶炼".into()),
        first_issued: d(2023, 1, 4),
        valid_from: d(2023, 1, 4),
        valid_until,
        review_due,
        reviewed_on: None,
        issuer: "示范市应急管理局".into(),
        standing: Standing::Active,
        extended_review: false,
        seal_handle: [0; 8],
    }
}

struct Setup {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Setup {
    fn new(printer_target: &str) -> Setup {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("home");
        Home::init(&dir, d(2026, 11, 23)).unwrap();
        let cfg = format!(
            "[printer]\ntarget = \"{printer_target}\"\ntimeout_ms = 400\n[kiosk]\nidle_timeout_secs = 30\nmax_prints_per_cert_per_day = 2\n"
        );
        std::fs::write(dir.join("certdesk.toml"), cfg).unwrap();
        let store = Store::open(dir.join("certdesk.db")).unwrap();
        store
            .upsert_holder(&Holder {
                id_number: ID.into(),
                name: "王秀英".into(),
                gender: Gender::Female,
                mobile: Some("13800138000".into()),
                employer: None,
                employer_code: None,
            })
            .unwrap();
        // Review due in 41 days (a reminder), and a plainly valid 合格证.
        store
            .upsert_certificate(&mut cert(
                &format!("T{ID}"),
                CertKind::SpecialOperation,
                d(2029, 1, 3),
                Some(d(2027, 1, 3)),
            ))
            .unwrap();
        store.upsert_certificate(&mut cert("AQ2025000123", CertKind::Principal, d(2028, 5, 31), None)).unwrap();
        store.add_staff("0001", "李娜", "246810", Role::Supervisor).unwrap();
        Setup { _tmp: tmp, dir }
    }

    fn home(&self) -> Home {
        Home::open(&self.dir).unwrap()
    }

    fn store(&self) -> Store {
        Store::open(self.dir.join("certdesk.db")).unwrap()
    }

    fn runtime(&self) -> Runtime<Kiosk> {
        let home = self.home();
        let live = Live::open(&home, Box::new(now), certdesk::store::OpenCheck::Skip).unwrap();
        let settings = KioskSettings {
            bureau: "示范市应急管理局".into(),
            idle: Duration::from_secs(30),
            today: d(2026, 11, 23),
            demo_hint: None,
        };
        Runtime::new(Kiosk::new(settings, Lang::Zh, Instant::now()), Box::new(live))
    }

    fn spool(&self) -> PathBuf {
        self.dir.join("spool")
    }
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}
fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}
fn type_str(rt: &mut Runtime<Kiosk>, s: &str) {
    for c in s.chars() {
        rt.handle_event(&key(KeyCode::Char(c)), AREA, Instant::now());
    }
}
fn enter(rt: &mut Runtime<Kiosk>) {
    rt.handle_event(&key(KeyCode::Enter), AREA, Instant::now());
}
fn settle(rt: &mut Runtime<Kiosk>) {
    assert!(rt.settle(Duration::from_secs(10)), "worker did not answer");
}
fn click_button(rt: &mut Runtime<Kiosk>, action: Action) {
    let v = kiosk_view::layout(&rt.mode, AREA);
    let b = v
        .buttons
        .iter()
        .find(|b| b.action == action)
        .unwrap_or_else(|| panic!("no {action:?} button on {:?}", rt.mode.screen));
    let ev = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: b.rect.x + 1,
        row: b.rect.y,
        modifiers: KeyModifiers::NONE,
    });
    rt.handle_event(&ev, AREA, Instant::now());
}

/// ID burst ended by Enter, then the factor: the certificates screen.
fn identify(rt: &mut Runtime<Kiosk>) {
    type_str(rt, ID);
    enter(rt);
    type_str(rt, FACTOR);
    enter(rt);
    settle(rt);
    assert!(matches!(rt.mode.screen, Screen::Certificates { .. }), "{:?}", rt.mode.screen);
}

fn slips(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| {
            r.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "bin")).collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn happy_path_prints_a_slip_that_decodes_and_verifies() {
    let s = Setup::new("file:spool");
    let mut rt = s.runtime();
    identify(&mut rt);
    if let Screen::Certificates { identity, .. } = &rt.mode.screen {
        assert_eq!(identity.name, "王秀英");
        assert_eq!(identity.certs.len(), 2);
        let special = identity.certs.iter().find(|c| c.kind == CertKind::SpecialOperation).unwrap();
        let r = special.reminder.as_ref().expect("review reminder");
        assert_eq!(r.days, 41);
        assert!(r.materials_zh.contains("身份证"));
    }
    // Choose the special-operation certificate by touch, then press the Print button.
    let v = kiosk_view::layout(&rt.mode, AREA);
    let (rect, _) = v.cards[0];
    rt.handle_event(
        &Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: rect.x + 2,
            row: rect.y,
            modifiers: KeyModifiers::NONE,
        }),
        AREA,
        Instant::now(),
    );
    click_button(&mut rt, Action::Print);
    settle(&mut rt);
    let serial = match &rt.mode.screen {
        Screen::Done { serial, preview } => {
            assert!(preview.contains("王秀英"));
            *serial
        }
        other => panic!("expected Done, got {other:?}"),
    };
    let files = slips(&s.spool());
    assert_eq!(files.len(), 1);
    let bytes = std::fs::read(&files[0]).unwrap();
    let parsed = certdesk::slip::parse_escpos(&bytes).unwrap();
    let text = parsed.text();
    assert!(text.contains("王秀英"), "{text}");
    assert!(text.contains("110105********002X"));
    assert!(text.contains("低压电工作业"));
    assert!(!text.contains(ID), "raw ID on the slip");
    assert_eq!(parsed.qr.len(), 1);
    let trust = s.home().trust().unwrap();
    let v = seal::verify(&parsed.qr[0], &trust, &RevocationList::new(), d(2026, 11, 23));
    assert_eq!(v.verdict, Verdict::Valid, "{:?}", v.verdict);
    assert_eq!(v.claims.unwrap().serial, serial);
    // Recorded as printed, and audited.
    let store = s.store();
    assert_eq!(store.job(serial).unwrap().unwrap().state.as_str(), "printed");
    assert!(store.unfinished_jobs().unwrap().is_empty());
    assert!(store.verify_audit().is_ok());
    // Finish returns to the attract screen.
    enter(&mut rt);
    assert_eq!(rt.mode.screen, Screen::Attract);
}

#[test]
fn five_wrong_factors_lock_with_an_audit_entry() {
    let s = Setup::new("file:spool");
    let mut rt = s.runtime();
    for attempt in 1..=5 {
        if attempt == 1 {
            type_str(&mut rt, ID);
            enter(&mut rt);
        }
        type_str(&mut rt, "1111");
        enter(&mut rt);
        settle(&mut rt);
        if attempt < 5 {
            assert!(
                matches!(rt.mode.screen, Screen::EnterFactor { attempts_left: Some(n), .. } if n == 5 - attempt),
                "attempt {attempt}: {:?}",
                rt.mode.screen
            );
        }
    }
    assert!(matches!(rt.mode.screen, Screen::Locked { minutes: 15 }), "{:?}", rt.mode.screen);
    // Even the right factor is refused while locked.
    enter(&mut rt);
    type_str(&mut rt, ID);
    enter(&mut rt);
    type_str(&mut rt, FACTOR);
    enter(&mut rt);
    settle(&mut rt);
    assert!(matches!(rt.mode.screen, Screen::Locked { .. }));
    let store = s.store();
    let n = store.verify_audit().unwrap();
    let entries = store.audit_entries(1, n as usize).unwrap();
    assert!(entries.iter().any(|e| e.action == "kiosk.locked"));
    assert!(entries.iter().all(|e| !e.detail.to_string().contains(ID)), "raw ID in the audit log");
}

#[test]
fn unknown_id_and_wrong_factor_look_the_same() {
    let s = Setup::new("file:spool");
    let mut rt = s.runtime();
    type_str(&mut rt, ID);
    enter(&mut rt);
    type_str(&mut rt, "1111");
    enter(&mut rt);
    settle(&mut rt);
    let wrong = rt.mode.screen.clone();
    // A fresh kiosk, so the per-kiosk failure count starts equal.
    let s2 = Setup::new("file:spool");
    let mut rt2 = s2.runtime();
    type_str(&mut rt2, "440524188001010014"); // valid checksum, not in the roster
    enter(&mut rt2);
    type_str(&mut rt2, "1111");
    enter(&mut rt2);
    settle(&mut rt2);
    match (&wrong, &rt2.mode.screen) {
        (Screen::EnterFactor { attempts_left: a, .. }, Screen::EnterFactor { attempts_left: b, .. }) => {
            assert_eq!(a, b)
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn idle_timeout_wipes_the_holder_from_the_screen() {
    let s = Setup::new("file:spool");
    let mut rt = s.runtime();
    identify(&mut rt);
    rt.dispatch(Action::Tick, Instant::now() + Duration::from_secs(10));
    assert!(matches!(rt.mode.screen, Screen::Certificates { .. }), "wiped too early");
    rt.dispatch(Action::Tick, Instant::now() + Duration::from_secs(31));
    assert_eq!(rt.mode.screen, Screen::Attract);
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    term.draw(|f| rt.mode.draw(f)).unwrap();
    let shown: String = term.backend().buffer().content.iter().map(|c| c.symbol()).collect();
    assert!(!shown.contains("王秀英") && !shown.contains("002X"), "holder data still on screen");
}

#[test]
fn ctrl_c_z_backslash_do_nothing() {
    let s = Setup::new("file:spool");
    let mut rt = s.runtime();
    type_str(&mut rt, "110105");
    let before = rt.mode.screen.clone();
    for c in ['c', 'z', '\\', 'd', 'q'] {
        rt.handle_event(&ctrl(c), AREA, Instant::now());
    }
    assert_eq!(rt.mode.screen, before);
    assert!(!rt.mode.wants_exit());
}

#[test]
fn staff_exit_needs_the_pin() {
    let s = Setup::new("file:spool");
    let mut rt = s.runtime();
    identify(&mut rt);
    rt.handle_event(&key(KeyCode::F(12)), AREA, Instant::now());
    assert!(matches!(rt.mode.screen, Screen::Staff { .. }), "staff key must first wipe the holder");
    type_str(&mut rt, "0001");
    enter(&mut rt);
    type_str(&mut rt, "999999");
    enter(&mut rt);
    settle(&mut rt);
    assert!(matches!(rt.mode.screen, Screen::Staff { denied: true, .. }));
    assert!(!rt.mode.wants_exit());
    type_str(&mut rt, "0001");
    enter(&mut rt);
    type_str(&mut rt, "246810");
    enter(&mut rt);
    settle(&mut rt);
    assert!(rt.mode.wants_exit());
}

/// A printer that accepts connections and never reads or answers.
fn dead_printer() -> (TcpListener, String) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = format!("tcp://{}", l.local_addr().unwrap());
    (l, addr)
}

#[test]
fn dead_printer_gives_the_fault_screen_and_keeps_the_job() {
    let (listener, target) = dead_printer();
    let hold = std::thread::spawn(move || {
        let mut conns = vec![];
        listener.set_nonblocking(true).unwrap();
        let end = Instant::now() + Duration::from_secs(5);
        while Instant::now() < end {
            if let Ok((c, _)) = listener.accept() {
                conns.push(c);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    });
    let s = Setup::new(&target);
    let mut rt = s.runtime();
    identify(&mut rt);
    enter(&mut rt); // print the selected (first) certificate
    settle(&mut rt);
    let serial = match &rt.mode.screen {
        Screen::Fault { serial, zh, .. } => {
            assert!(!zh.is_empty());
            serial.expect("job serial")
        }
        other => panic!("expected Fault, got {other:?}"),
    };
    let store = s.store();
    let jobs = store.unfinished_jobs().unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].id, serial);
    assert_eq!(jobs[0].state.as_str(), "failed");
    assert!(store.job_bytes(serial).unwrap().is_some_and(|b| !b.is_empty()), "bytes kept for reprint");
    // Retry goes back to the certificate list; the kiosk stays in service.
    enter(&mut rt);
    assert!(matches!(rt.mode.screen, Screen::Certificates { .. }));
    drop(hold);
}

#[test]
fn a_live_tcp_printer_receives_the_job() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let target = format!("tcp://{}", l.local_addr().unwrap());
    let printer = std::thread::spawn(move || {
        let mut got = vec![];
        // One connection per job: answer each DLE EOT n with "online, paper present".
        let (mut c, _) = l.accept().unwrap();
        c.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
        let mut buf = [0u8; 4096];
        let mut replies = 0;
        while let Ok(n) = c.read(&mut buf) {
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
            let queries = got.windows(2).filter(|w| w == &[0x10, 0x04]).count();
            while replies < queries {
                c.write_all(&[0x12]).unwrap();
                replies += 1;
            }
        }
        got
    });
    let s = Setup::new(&target);
    let mut rt = s.runtime();
    identify(&mut rt);
    enter(&mut rt);
    settle(&mut rt);
    assert!(matches!(rt.mode.screen, Screen::Done { .. }), "{:?}", rt.mode.screen);
    drop(rt);
    let got = printer.join().unwrap();
    let text = certdesk::slip::parse_escpos(&strip_status_queries(&got)).unwrap().text();
    assert!(text.contains("王秀英"));
}

fn strip_status_queries(b: &[u8]) -> Vec<u8> {
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        if b[i] == 0x10 && b.get(i + 1) == Some(&0x04) {
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

#[test]
fn prints_per_certificate_per_day_are_limited() {
    let s = Setup::new("file:spool");
    let mut rt = s.runtime();
    identify(&mut rt);
    for _ in 0..2 {
        enter(&mut rt);
        settle(&mut rt);
        assert!(matches!(rt.mode.screen, Screen::Done { .. }));
        enter(&mut rt);
        identify(&mut rt);
    }
    enter(&mut rt);
    settle(&mut rt);
    assert!(
        matches!(rt.mode.screen, Screen::Certificates { note: Some(certdesk::app::kiosk::Note::Limit { max: 2 }), .. }),
        "{:?}",
        rt.mode.screen
    );
    assert_eq!(slips(&s.spool()).len(), 2);
}

#[test]
fn a_burst_on_the_attract_screen_loses_no_character() {
    let s = Setup::new("file:spool");
    let mut rt = s.runtime();
    let burst: String = "1234567890".repeat(30);
    type_str(&mut rt, &burst);
    match &rt.mode.screen {
        Screen::EnterId { input } => assert_eq!(input, &burst),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_damaged_database_puts_the_kiosk_out_of_service_after_the_first_frame() {
    let s = Setup::new("file:spool");
    {
        // Enough rows for several pages, then checkpoint so the data lives in the main file.
        let store = s.store();
        for i in 0..400 {
            store.audit("test", "filler", serde_json::json!({ "i": i, "pad": "x".repeat(200) }), now()).unwrap();
        }
        store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    }
    let db = s.dir.join("certdesk.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 4096;
    assert!(bytes.len() > page * 8);
    // Scribble over the last page: the filler audit rows were written last, so it is a full
    // audit page. (A page in the middle may be the empty root page of some table, whose
    // scribbled free space no check can notice.)
    let at = bytes.len() - page;
    for b in &mut bytes[at + 8..at + page] {
        *b = 0xA5;
    }
    std::fs::write(&db, bytes).unwrap();
    let mut rt = s.runtime();
    // The kiosk drew its screen without waiting for the check; the check's result then arrives.
    let end = Instant::now() + Duration::from_secs(10);
    while rt.mode.screen != Screen::OutOfService && Instant::now() < end {
        rt.drain(Instant::now());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(rt.mode.screen, Screen::OutOfService);
    // Holders cannot start; idle and Home keep it out of service.
    type_str(&mut rt, ID);
    enter(&mut rt);
    rt.dispatch(Action::Home, Instant::now());
    assert_eq!(rt.mode.screen, Screen::OutOfService);
    let log = std::fs::read_to_string(s.dir.join("certdesk.log")).unwrap();
    assert!(log.contains("integrity"), "{log}");
}

#[test]
fn a_very_long_name_with_a_url_prefix_still_prints_a_verifiable_slip() {
    let s = Setup::new("file:spool");
    let cfg = std::fs::read_to_string(s.dir.join("certdesk.toml")).unwrap();
    std::fs::write(
        s.dir.join("certdesk.toml"),
        format!("{cfg}[seal]\nurl_prefix = \"HTTPS://ZWFW.EXAMPLE.GOV.CN/V/\"\n"),
    )
    .unwrap();
    let store = s.store();
    let mut c = store.certificates_numbered(&format!("T{ID}")).unwrap().remove(0);
    c.name = "阿卜杜热合曼·买买提明·艾力江·吐尔逊".into(); // 19 characters
    store.upsert_certificate(&mut c).unwrap();
    drop(store);
    let mut rt = s.runtime();
    identify(&mut rt);
    enter(&mut rt);
    settle(&mut rt);
    assert!(matches!(rt.mode.screen, Screen::Done { .. }), "{:?}", rt.mode.screen);
    let parsed = certdesk::slip::parse_escpos(&std::fs::read(&slips(&s.spool())[0]).unwrap()).unwrap();
    let qr = &parsed.qr[0];
    assert!(qr.starts_with("CD1:"), "prefix dropped to fit version 10: {qr}");
    let v = seal::verify(qr, &s.home().trust().unwrap(), &RevocationList::new(), d(2026, 11, 23));
    assert_eq!(v.verdict, Verdict::Valid);
    let version = qrcode::QrCode::with_error_correction_level(qr.as_bytes(), qrcode::EcLevel::Q).unwrap().version();
    assert!(matches!(version, qrcode::Version::Normal(n) if n <= 10), "{version:?}");
}
