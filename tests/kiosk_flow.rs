//! Kiosk flows driven through the same event path a holder's keys and touches take
//! (`Runtime::handle_event` with crossterm events), against the real store, seal, slip renderer
//! and printers (a file spool, and TCP printers on 127.0.0.1).

use certdesk::app::kiosk::{layout, Fault, Note, Screen};
use certdesk::app::Action;
use certdesk::domain::CertKind;
use certdesk::seal::{self, RevocationList, Verdict};
use certdesk_testkit::{ctrl, d, now, Driver, TestHome, FACTOR, ID};
use crossterm::event::KeyCode;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

fn click_button(rt: &mut Driver, action: Action) {
    let v = layout::layout(rt.kiosk(), rt.area);
    let b = v
        .buttons
        .iter()
        .find(|b| b.action == action)
        .unwrap_or_else(|| panic!("no {action:?} button on {:?}", rt.kiosk().screen))
        .clone();
    rt.click(b.rect.x + 1, b.rect.y);
}

#[test]
fn happy_path_prints_a_slip_that_decodes_and_verifies() {
    let s = TestHome::new("file:spool");
    let mut rt = s.kiosk();
    rt.identify();
    if let Screen::Certificates { identity, .. } = &rt.kiosk().screen {
        assert_eq!(identity.name, "王秀英");
        assert_eq!(identity.certs.len(), 2);
        let special = identity.certs.iter().find(|c| c.kind == CertKind::SpecialOperation).unwrap();
        let r = special.reminder.as_ref().expect("review reminder");
        // 30号令 art. 22: applications open 60 days before the due date; the screen says both dates
        match special.status {
            certdesk::domain::Status::ReviewDueSoon { due, days: 41 } => assert_eq!(
                special.next_step,
                certdesk::domain::NextStep::Review { due, apply_from: due - chrono::Days::new(60), extended: false }
            ),
            other => panic!("{other:?}"),
        }
        assert!(r.materials_zh.contains("身份证"));
    }
    // Choose the special-operation certificate by touch, then press the Print button.
    let v = layout::layout(rt.kiosk(), rt.area);
    let (rect, _) = v.cards[0];
    rt.click(rect.x + 2, rect.y);
    click_button(&mut rt, Action::Print);
    rt.settle();
    let serial = match &rt.kiosk().screen {
        Screen::Done { serial, preview } => {
            assert!(preview.contains("王秀英"));
            *serial
        }
        other => panic!("expected Done, got {other:?}"),
    };
    let files = s.slips();
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
    assert_eq!(store.print_jobs().get(serial).unwrap().unwrap().state.as_str(), "printed");
    assert!(store.print_jobs().unfinished().unwrap().is_empty());
    assert!(store.audit().verify().is_ok());
    // Finish returns to the attract screen.
    rt.enter();
    assert_eq!(rt.kiosk().screen, Screen::Attract);
}

#[test]
fn five_wrong_factors_lock_with_an_audit_entry() {
    let s = TestHome::new("file:spool");
    let mut rt = s.kiosk();
    for attempt in 1..=5 {
        if attempt == 1 {
            rt.type_str(ID);
            rt.enter();
        }
        rt.type_str("1111");
        rt.enter();
        rt.settle();
        if attempt < 5 {
            assert!(
                matches!(rt.kiosk().screen, Screen::EnterFactor { attempts_left: Some(n), .. } if n == 5 - attempt),
                "attempt {attempt}: {:?}",
                rt.kiosk().screen
            );
        }
    }
    assert!(matches!(rt.kiosk().screen, Screen::Locked { minutes: 15 }), "{:?}", rt.kiosk().screen);
    // Even the right factor is refused while locked.
    rt.enter();
    rt.type_str(ID);
    rt.enter();
    rt.type_str(FACTOR);
    rt.enter();
    rt.settle();
    assert!(matches!(rt.kiosk().screen, Screen::Locked { .. }));
    let store = s.store();
    let n = store.audit().verify().unwrap();
    let entries = store.audit().entries(1, n as usize).unwrap();
    assert!(entries.iter().any(|e| e.action == "kiosk.locked"));
    assert!(entries.iter().all(|e| !e.detail.to_string().contains(ID)), "raw ID in the audit log");
}

#[test]
fn unknown_id_and_wrong_factor_look_the_same() {
    let s = TestHome::new("file:spool");
    let mut rt = s.kiosk();
    rt.type_str(ID);
    rt.enter();
    rt.type_str("1111");
    rt.enter();
    rt.settle();
    let wrong = rt.kiosk().screen.clone();
    // A fresh kiosk, so the per-kiosk failure count starts equal.
    let s2 = TestHome::new("file:spool");
    let mut rt2 = s2.kiosk();
    rt2.type_str("440524188001010014"); // valid checksum, not in the roster
    rt2.enter();
    rt2.type_str("1111");
    rt2.enter();
    rt2.settle();
    match (&wrong, &rt2.kiosk().screen) {
        (Screen::EnterFactor { attempts_left: a, .. }, Screen::EnterFactor { attempts_left: b, .. }) => {
            assert_eq!(a, b)
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn idle_timeout_wipes_the_holder_from_the_screen() {
    let s = TestHome::new("file:spool");
    let mut rt = s.kiosk();
    rt.identify();
    rt.dispatch(Action::Tick, Instant::now() + Duration::from_secs(10));
    assert!(matches!(rt.kiosk().screen, Screen::Certificates { .. }), "wiped too early");
    rt.dispatch(Action::Tick, Instant::now() + Duration::from_secs(31));
    assert_eq!(rt.kiosk().screen, Screen::Attract);
    let shown = rt.screen();
    assert!(!shown.contains("王秀英") && !shown.contains("002X"), "holder data still on screen");
}

#[test]
fn ctrl_c_z_backslash_do_nothing() {
    let s = TestHome::new("file:spool");
    let mut rt = s.kiosk();
    rt.type_str("110105");
    let before = rt.kiosk().screen.clone();
    for c in ['c', 'z', '\\', 'd', 'q'] {
        rt.event(ctrl(c));
    }
    assert_eq!(rt.kiosk().screen, before);
    assert!(!rt.rt.finished());
}

#[test]
fn staff_exit_needs_the_pin() {
    let s = TestHome::new("file:spool");
    let mut rt = s.kiosk();
    rt.identify();
    rt.key(KeyCode::F(12));
    assert!(matches!(rt.kiosk().screen, Screen::Staff { .. }), "staff key must first wipe the holder");
    rt.type_str("0001");
    rt.enter();
    rt.type_str("999999");
    rt.enter();
    rt.settle();
    assert!(matches!(rt.kiosk().screen, Screen::Staff { denied: true, .. }));
    assert!(!rt.rt.finished());
    rt.type_str("0001");
    rt.enter();
    rt.type_str("246810");
    rt.enter();
    rt.settle();
    // The right PIN leaves the kiosk for the front desk, the holder's data gone.
    assert!(rt.rt.mode_as::<certdesk::app::desk::Desk>().is_some_and(|d| d.staff.is_some()));
    assert!(!rt.screen().contains("王秀英"));
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
    let s = TestHome::new(&target);
    let mut rt = s.kiosk();
    rt.identify();
    rt.enter(); // print the selected (first) certificate
    rt.settle();
    let serial = match &rt.kiosk().screen {
        Screen::Fault { serial, fault, .. } => {
            assert!(matches!(fault, Fault::Printer(_)), "{fault:?}");
            serial.expect("job serial")
        }
        other => panic!("expected Fault, got {other:?}"),
    };
    let store = s.store();
    let jobs = store.print_jobs().unfinished().unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].id, serial);
    assert_eq!(jobs[0].state.as_str(), "failed");
    assert!(store.print_jobs().bytes(serial).unwrap().is_some_and(|b| !b.is_empty()), "bytes kept for reprint");
    // Retry goes back to the certificate list; the kiosk stays in service.
    rt.enter();
    assert!(matches!(rt.kiosk().screen, Screen::Certificates { .. }));
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
    let s = TestHome::new(&target);
    let mut rt = s.kiosk();
    rt.identify();
    rt.enter();
    rt.settle();
    assert!(matches!(rt.kiosk().screen, Screen::Done { .. }), "{:?}", rt.kiosk().screen);
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
    let s = TestHome::new("file:spool");
    let mut rt = s.kiosk();
    rt.identify();
    for _ in 0..2 {
        rt.enter();
        rt.settle();
        assert!(matches!(rt.kiosk().screen, Screen::Done { .. }));
        rt.enter();
        rt.identify();
    }
    rt.enter();
    rt.settle();
    assert!(
        matches!(rt.kiosk().screen, Screen::Certificates { note: Some(Note::Limit { max: 2 }), .. }),
        "{:?}",
        rt.kiosk().screen
    );
    assert_eq!(s.slips().len(), 2);
}

#[test]
fn a_burst_on_the_attract_screen_loses_no_character() {
    let s = TestHome::new("file:spool");
    let mut rt = s.kiosk();
    let burst: String = "1234567890".repeat(30);
    rt.type_str(&burst);
    match &rt.kiosk().screen {
        Screen::EnterId { input } => assert_eq!(input, &burst),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_damaged_database_puts_the_kiosk_out_of_service_after_the_first_frame() {
    let s = TestHome::new("file:spool");
    {
        // Enough rows for several pages, then checkpoint so the data lives in the main file.
        let store = s.store();
        for i in 0..400 {
            store
                .audit()
                .append("test", "filler", serde_json::json!({ "i": i, "pad": "x".repeat(200) }), now())
                .unwrap();
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
    let mut rt = s.kiosk();
    // The kiosk drew its screen without waiting for the check; the check's result then arrives.
    certdesk_testkit::poll_until(Duration::from_secs(10), || {
        if rt.kiosk().screen == Screen::OutOfService {
            return Some(());
        }
        rt.rt.drain(Instant::now());
        None
    });
    assert_eq!(rt.kiosk().screen, Screen::OutOfService);
    // Holders cannot start; idle and Home keep it out of service.
    rt.type_str(ID);
    rt.enter();
    rt.dispatch(Action::Home, Instant::now());
    assert_eq!(rt.kiosk().screen, Screen::OutOfService);
    let log = std::fs::read_to_string(s.dir.join("certdesk.log")).unwrap();
    assert!(log.contains("integrity"), "{log}");
}

#[test]
fn a_very_long_name_with_a_url_prefix_still_prints_a_verifiable_slip() {
    let s = TestHome::new("file:spool");
    let cfg = std::fs::read_to_string(s.dir.join("certdesk.toml")).unwrap();
    std::fs::write(
        s.dir.join("certdesk.toml"),
        format!("{cfg}[seal]\nurl_prefix = \"HTTPS://ZWFW.EXAMPLE.GOV.CN/V/\"\n"),
    )
    .unwrap();
    let store = s.store();
    let mut c = store.holders().certificates_numbered(&format!("T{ID}")).unwrap().remove(0);
    c.name = "阿卜杜热合曼·买买提明·艾力江·吐尔逊".into(); // 19 characters
    store.holders().upsert_certificate(&mut c).unwrap();
    drop(store);
    let mut rt = s.kiosk();
    rt.identify();
    rt.enter();
    rt.settle();
    assert!(matches!(rt.kiosk().screen, Screen::Done { .. }), "{:?}", rt.kiosk().screen);
    let parsed = certdesk::slip::parse_escpos(&std::fs::read(&s.slips()[0]).unwrap()).unwrap();
    let qr = &parsed.qr[0];
    assert!(qr.starts_with("CD1:"), "prefix dropped to fit version 10: {qr}");
    let v = seal::verify(qr, &s.home().trust().unwrap(), &RevocationList::new(), d(2026, 11, 23));
    assert_eq!(v.verdict, Verdict::Valid);
    let version = qrcode::QrCode::with_error_correction_level(qr.as_bytes(), qrcode::EcLevel::Q).unwrap().version();
    assert!(matches!(version, qrcode::Version::Normal(n) if n <= 10), "{version:?}");
}

#[test]
fn staff_key_and_pin_switch_the_kiosk_to_the_desk() {
    use certdesk::app::runtime::Runtime;
    use certdesk::app::{Mode, Target};
    use std::cell::RefCell;
    use std::rc::Rc;
    let s = TestHome::new("file:spool");
    let asked: Rc<RefCell<Vec<Target>>> = Rc::default();
    let st = s.station();
    let mut modes = st.modes(None);
    let first = modes(Target::Kiosk).unwrap();
    let log = asked.clone();
    // Record what the kiosk asks for; hand back a fresh kiosk so the runtime keeps running.
    let factory = Box::new(move |t: Target| -> Option<Box<dyn Mode>> {
        log.borrow_mut().push(t);
        modes(Target::Kiosk)
    });
    let mut rt = Driver::new(Runtime::new(first, Box::new(s.live()), factory));
    rt.identify();
    rt.key(KeyCode::F(12));
    rt.type_str("0001");
    rt.enter();
    rt.type_str("246810");
    rt.enter();
    rt.settle();
    let asked = asked.borrow();
    match asked.as_slice() {
        [Target::Desk { staff, from_kiosk: true }] => {
            assert_eq!(staff.staff_id, "0001");
            assert_eq!(staff.name, "李娜");
        }
        other => panic!("{other:?}"),
    }
    assert!(!rt.rt.finished());
}

#[test]
fn a_result_arrives_on_the_channel_the_event_loop_waits_on() {
    use certdesk::app::worker::Msg;
    let s = TestHome::new("file:spool");
    let mut rt = s.kiosk();
    rt.type_str(ID);
    rt.enter();
    rt.type_str(FACTOR);
    rt.enter();
    // The loop blocks on one channel for input and results: the identify result wakes it.
    match rt.rt.next_msg(Duration::from_secs(10)) {
        Some(m @ Msg::Outcome { last: true, .. }) => rt.rt.handle_msg(m, rt.area, Instant::now()),
        other => panic!("{other:?}"),
    }
    assert!(matches!(rt.kiosk().screen, Screen::Certificates { .. }), "{:?}", rt.kiosk().screen);
}
