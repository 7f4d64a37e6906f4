//! End to end: `certdesk verifier` in a real pseudo-terminal (100x30), its output parsed by a
//! vt100 emulator, fed the bytes a keyboard-wedge QR scanner sends: the slip's text (in lower
//! case, as under Caps Lock) then CR. The slip is sealed with the home's own signing key.

mod support;

use support::BIN;

use certdesk::domain::{CertKind, LeadTimes};
use certdesk::seal::{seal, SlipClaims};
use certdesk_testkit::pty::Pty;
use certdesk_testkit::{d, sample_cert, TestHome, ID, NAME};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn a_scanned_slip_shows_its_verdict_and_garbage_says_scan_again() {
    let th = TestHome::new("file:spool");
    let home = th.home();
    let mut cert = sample_cert(&format!("T{ID}"), CertKind::SpecialOperation, d(2099, 1, 1), None);
    cert.seal_handle = [3; 8];
    let today = support::today();
    let printed = support::now();
    // A slip the registry printed: the station asks it online (issue 18), and a slip it never
    // printed would be refused as 签名有效，但登记系统无此打印记录.
    let store = th.store();
    store.holders().upsert_certificate(&mut cert).unwrap();
    let serial = store.print_jobs().begin(cert.id, "file:spool", "kiosk-01", printed).unwrap();
    store.print_jobs().set_bytes(serial, b"slip").unwrap();
    drop(store);
    let claims = SlipClaims::for_certificate(&cert, cert.status(today, &LeadTimes::default()), serial, printed);
    let slip = seal(&claims, &home.signer().unwrap(), &home.trust().unwrap(), None).unwrap();

    let mut pty = Pty::spawn(BIN, &th.dir, &["verifier"], 30, 100);
    pty.wait_for("请扫描凭条或文书二维码", WAIT);
    pty.send(format!("{}\r", slip.to_lowercase()).as_bytes());
    pty.wait_for(NAME, WAIT);
    let s = pty.screen();
    // No revocation list was imported on this home: authentic, but it cannot say valid unless
    // the home's list limit is off.
    assert!(s.contains("有效") || s.contains("名单过旧"), "{s}");
    assert!(s.contains("110105********002X") && !s.contains(ID), "{s}");
    pty.send(b"garbage-burst\t");
    pty.wait_for("请重新扫描", WAIT);
    assert!(!pty.screen().contains(NAME));
    // F12 leaves.
    pty.send(b"\x1b[24~");
    let status = pty.wait_exit(Duration::from_secs(10)).expect("verifier did not exit on F12");
    assert!(status.success());
    // Both scans were logged by the real binary in the home's database.
    let n: i64 = th.store().conn().query_row("SELECT COUNT(*) FROM verifier_scans", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 2);
}
