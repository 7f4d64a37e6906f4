//! End to end: `certdesk verifier` in a real pseudo-terminal (100x30), its output parsed by a
//! vt100 emulator, fed the bytes a keyboard-wedge QR scanner sends: the slip's text (in lower
//! case, as under Caps Lock) then CR. The slip is sealed with the home's own signing key.

mod support;

use support::BIN;

use certdesk::domain::{CertKind, LeadTimes};
use certdesk::seal::{seal, SlipClaims};
use certdesk::testkit::{d, sample_cert, TestHome, ID, NAME};
use portable_pty::{native_pty_system, Child, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn screen(p: &Arc<Mutex<vt100::Parser>>) -> String {
    p.lock().unwrap().screen().contents()
}

fn wait_for(p: &Arc<Mutex<vt100::Parser>>, child: &mut Box<dyn Child + Send + Sync>, text: &str) {
    let end = Instant::now() + Duration::from_secs(20);
    while !screen(p).contains(text) {
        if Instant::now() > end {
            let st = child.try_wait().ok().flatten();
            panic!("waiting for {text:?}; child {st:?}; screen:\n{}", screen(p));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_scanned_slip_shows_its_verdict_and_garbage_says_scan_again() {
    let th = TestHome::new("file:spool");
    let home = th.home();
    let mut cert = sample_cert(&format!("T{ID}"), CertKind::SpecialOperation, d(2099, 1, 1), None);
    cert.seal_handle = [3; 8];
    let today = support::today();
    let printed = support::now();
    let claims = SlipClaims::for_certificate(&cert, cert.status(today, &LeadTimes::default()), 7, printed);
    let slip = seal(&claims, &home.signer().unwrap(), &home.trust().unwrap(), None).unwrap();

    let pair = native_pty_system().openpty(PtySize { rows: 30, cols: 100, pixel_width: 0, pixel_height: 0 }).unwrap();
    let mut cmd = CommandBuilder::new(BIN);
    cmd.env(support::CLOCK_ENV, support::CLOCK);
    cmd.arg("--home");
    cmd.arg(&th.dir);
    cmd.arg("verifier");
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("CERTDESK_HOME");
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let mut writer = pair.master.take_writer().unwrap();
    let parser = Arc::new(Mutex::new(vt100::Parser::new(30, 100, 0)));
    {
        let parser = parser.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                parser.lock().unwrap().process(&buf[..n]);
            }
        });
    }
    wait_for(&parser, &mut child, "请扫描凭条二维码");
    writer.write_all(format!("{}\r", slip.to_lowercase()).as_bytes()).unwrap();
    writer.flush().unwrap();
    wait_for(&parser, &mut child, NAME);
    let s = screen(&parser);
    // No revocation list was imported on this home: authentic, but it cannot say valid unless
    // the home's list limit is off.
    assert!(s.contains("有效") || s.contains("名单过旧"), "{s}");
    assert!(s.contains("110105********002X") && !s.contains(ID), "{s}");
    writer.write_all(b"garbage-burst\t").unwrap();
    writer.flush().unwrap();
    wait_for(&parser, &mut child, "请重新扫描");
    assert!(!screen(&parser).contains(NAME));
    // F12 leaves.
    writer.write_all(b"\x1b[24~").unwrap();
    writer.flush().unwrap();
    let end = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        assert!(Instant::now() < end, "verifier did not exit on F12");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
    // Both scans were logged by the real binary in the home's database.
    let n: i64 = th.store().conn().query_row("SELECT COUNT(*) FROM verifier_scans", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 2);
}
