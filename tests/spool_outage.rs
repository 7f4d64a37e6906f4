//! Outages lose nothing, even across a crash (issue 17 §8): the verifier station's scan rows
//! that wait for an unreachable server are kept on disk (`waiting/verifier/` in the home, one
//! synced, checksummed file per row), survive a SIGKILL of the real binary, and are written
//! exactly once when a station starts again and the server answers — also when the previous run
//! died between the database's commit and the file's removal. A damaged file is set aside,
//! never replayed. Real parts: a private PostgreSQL cluster really stopped and started, the real
//! `certdesk verifier` in a pty, the station's own runtime for the restart.

mod support;

use certdesk::domain::{CertKind, LeadTimes};
use certdesk::home::Home;
use certdesk::seal::{seal, SlipClaims};
use certdesk::station::Station;
use certdesk_testkit::pty::Pty;
use certdesk_testkit::{clock, d, now, pg, poll_until, sample_cert, Driver, ID};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn kept(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir.join("waiting/verifier"))
        .map(|r| {
            r.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == ext)).collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn stored_today(dir: &Path) -> u32 {
    let store = Home::open(dir).unwrap().store().unwrap();
    store.scan_counts(now().date()).unwrap().iter().map(|(_, n)| n).sum()
}

#[test]
fn scan_rows_kept_during_an_outage_survive_a_kill_and_are_written_once() {
    let Some(cluster) = pg::Cluster::start() else { return };
    let url = cluster.fresh_url("spool_verifier");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("home");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("certdesk.toml"),
        format!("[paths]\ndatabase = {url:?}\n[printer]\ntarget = \"file:spool\"\n[kiosk]\nidle_timeout_secs = 600\n"),
    )
    .unwrap();
    Home::init(&dir, now().date()).unwrap();
    let home = Home::open(&dir).unwrap();
    let c = sample_cert(&format!("T{ID}"), CertKind::SpecialOperation, d(2030, 1, 1), Some(d(2028, 6, 1)));
    let printed = d(2026, 11, 20).and_hms_opt(9, 0, 0).unwrap();
    let claims = SlipClaims::for_certificate(&c, c.status(printed.date(), &LeadTimes::default()), 42, printed);
    let slip = seal(&claims, &home.signer().unwrap(), &home.trust().unwrap(), None).unwrap();

    // The server goes away; the station (the real binary) scans three slips, then is killed.
    cluster.stop();
    let mut pty = Pty::spawn(support::BIN, &dir, &["verifier"], 30, 100);
    pty.wait_for("请扫描凭条或文书二维码", Duration::from_secs(20));
    for _ in 0..3 {
        pty.send(format!("{slip}\r").as_bytes());
    }
    pty.wait_for("3 条核验记录待保存", Duration::from_secs(20));
    assert_eq!(kept(&dir, "rec").len(), 3, "each waiting row is on disk before its verdict is shown");
    pty.child.kill().unwrap(); // SIGKILL: no goodbye, no flush
    assert!(pty.wait_exit(Duration::from_secs(10)).is_some(), "the station did not die");
    assert_eq!(kept(&dir, "rec").len(), 3, "the rows outlive the process");

    // A damaged file beside them: set aside, never replayed.
    std::fs::write(
        dir.join("waiting/verifier/scan-20261206093000-00000000000000ff.rec"),
        "certdesk-waiting 1\n00\n{}\n",
    )
    .unwrap();
    // The previous run died after the database committed one row and before its file went:
    // that row is in the database already (under the id its file holds).
    cluster.start_again();
    let first = std::fs::read_to_string(&kept(&dir, "rec")[0]).unwrap();
    let record: serde_json::Value = serde_json::from_str(first.lines().nth(2).unwrap()).unwrap();
    let store = Home::open(&dir).unwrap().store().unwrap();
    let at = chrono::NaiveDateTime::parse_from_str(record["at"].as_str().unwrap(), "%Y-%m-%dT%H:%M:%S").unwrap();
    assert!(store
        .log_scan_once(record["id"].as_i64().unwrap(), at, record["verdict"].as_str().unwrap(), None, None)
        .unwrap());
    assert_eq!(stored_today(&dir), 1);

    // The station starts again with the server there: every kept row is written, once.
    let st = Station::open(&dir, None, clock()).unwrap();
    let mut drv = Driver::new(certdesk::station::verifier_runtime(&st).expect("the verifier station starts"));
    let done = poll_until(Duration::from_secs(30), || {
        drv.rt.drain(Instant::now());
        kept(&dir, "rec").is_empty().then_some(())
    });
    assert!(done.is_some(), "kept rows still waiting: {:?}", kept(&dir, "rec"));
    assert_eq!(stored_today(&dir), 3, "three scans, three rows: none lost, none twice");
    assert_eq!(kept(&dir, "bad").len(), 1, "the damaged file is set aside");
    let log = std::fs::read_to_string(dir.join("certdesk.log")).unwrap();
    assert!(log.contains("is damaged"), "{log}");
    drop(drv);
    assert_eq!(stored_today(&dir), 3);
}
