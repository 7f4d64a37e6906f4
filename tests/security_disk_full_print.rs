//! Issue 17 §5: a print whose outcome could not be recorded because the disk was full ends
//! cleanly once the store can write again; it is never left `pending` without a word.
//!
//! For real: the home lives on a tmpfs of 4 MB mounted by the test (the tests run as root in
//! CI; `.ci/run`), the kiosk's real print path sends the slip to a TCP printer on 127.0.0.1,
//! and while the slip is at the printer the test fills the file system to its last byte. The
//! job's row, bytes and `print.started` were committed before the send; its outcome cannot be.
//! Then the space is freed and:
//! - the kiosk that sent it (still running, out of service meanwhile) records the real outcome
//!   at its next retry, noting it was late;
//! - if that kiosk is gone, the next terminal to start settles the job, once it is older than a
//!   print can take, as failed with "结果未知（可能已打印）", a `print.failed` entry, and
//!   `certdesk jobs list` shows it for staff; a terminal started sooner leaves it alone.
//!
//! The PostgreSQL side (the hall's server has its own disk): settling and the late real outcome
//! on both backends, through a terminal's start.

mod support;

use certdesk::clock::Clock;
use certdesk::service::kiosk::PrintResult;
use certdesk::service::Live;
use certdesk::settings::Settings;
use certdesk::store::{JobOutcome, JobState, OpenCheck, Store, UNKNOWN_OUTCOME};
use certdesk::timeouts::Timeouts;
use certdesk_protocol::Services;
use certdesk_testkit::{fixture::Fixture, pg};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;
use support::*;

/// A tmpfs of `size` mounted on a fresh directory, unmounted when dropped.
struct SmallDisk {
    _dir: tempfile::TempDir,
    at: PathBuf,
}

impl SmallDisk {
    /// `None` when this is not root outside CI (in CI the tests run as root: then it must work).
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("disk");
        std::fs::create_dir(&at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&at)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            assert!(std::env::var_os("CI").is_none(), "CI runs as root: mounting a tmpfs must work");
            eprintln!("skipped: cannot mount a tmpfs here (not root)");
            return None;
        }
        Some(SmallDisk { _dir: dir, at })
    }

    fn free_bytes(&self) -> u64 {
        let out = Command::new("df").args(["-B1", "--output=avail"]).arg(&self.at).output().unwrap();
        String::from_utf8_lossy(&out.stdout).lines().nth(1).unwrap().trim().parse().unwrap()
    }
}

/// Fill the file system at `at` to its last byte with a file `filler`.
fn fill(at: &Path) {
    let mut f = std::fs::File::create(at.join("filler")).unwrap();
    let chunk = vec![0u8; 64 * 1024];
    while f.write_all(&chunk).is_ok() {}
    // Then the last bytes, one at a time.
    while f.write_all(&[0]).is_ok() {}
    let _ = f.sync_all();
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.at).status();
    }
}

/// A TCP printer answering every status question "ok"; at the job's final status question
/// (the fifth) it runs `at_job_end` first: the slip is on paper, the outcome not yet recorded.
fn printer(at_job_end: impl FnOnce() + Send + 'static) -> (String, mpsc::Receiver<Vec<u8>>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let (mut got, mut queries, mut hook) = (Vec::new(), 0, Some(at_job_end));
        let mut b = [0u8; 1];
        while let Ok(1) = s.read(&mut b) {
            got.push(b[0]);
            let n = got.len();
            if n >= 3 && got[n - 3] == 0x10 && got[n - 2] == 0x04 && (1..=4).contains(&got[n - 1]) {
                queries += 1;
                if queries == 5 {
                    if let Some(h) = hook.take() {
                        h();
                    }
                }
                let _ = s.write_all(&[0x12]);
            }
        }
        let _ = tx.send(got);
    });
    (format!("tcp://127.0.0.1:{port}"), rx)
}

/// A station home moved onto `disk`, printing to `target`.
fn station_on(disk: &SmallDisk, target: &str) -> Station {
    let st = Station::new(target);
    let dir = disk.at.join("home");
    let ok = Command::new("cp").arg("-a").arg(&st.dir).arg(&dir).status().unwrap();
    assert!(ok.success());
    Station { tmp: st.tmp, dir, cert: st.cert }
}

fn live_at(dir: &Path, clock: Clock) -> Live {
    let home = certdesk::home::Home::open(dir).unwrap();
    let settings = Settings::from_home(home, None, clock).unwrap().with_timeouts(Timeouts::short());
    Live::open(&settings, OpenCheck::Skip).unwrap()
}

/// Later than a print can take (`Timeouts::print_settled_after`) by a minute.
fn after_patience() -> chrono::NaiveDateTime {
    now() + chrono::Duration::from_std(Timeouts::short().print_settled_after()).unwrap() + chrono::Duration::minutes(1)
}

/// Print on `st` through the kiosk's real path; the printer's hook fills `disk` while the
/// slip is at the printer. Returns the live kiosk, the serial and the filler.
fn print_while_the_disk_fills(disk: &SmallDisk, st: &Station, l: &mut Live) -> (u64, PathBuf) {
    let o = l.print(st.cert, None, &mut |_| {}).unwrap();
    let PrintResult::Printed { serial, .. } = o else { panic!("the slip reached the printer: {o:?}") };
    let filler = disk.at.join("filler");
    assert!(filler.exists(), "the printer's hook filled the disk");
    assert!(disk.free_bytes() < 64 * 1024, "full: {} bytes free", disk.free_bytes());
    (serial, filler)
}

fn job_state(st: &Station, serial: u64) -> (JobState, Option<String>) {
    let j = st.store().print_jobs().get(serial).unwrap().unwrap();
    (j.state, j.error)
}

#[test]
fn the_kiosk_that_sent_it_records_the_real_outcome_once_the_disk_has_room() {
    let Some(disk) = SmallDisk::mount("4m") else { return };
    let (filled_tx, filled_rx) = mpsc::channel();
    let disk_at = disk.at.clone();
    let (target, _rx) = printer(move || {
        fill(&disk_at);
        filled_tx.send(()).unwrap();
    });
    let st = station_on(&disk, &target);
    let mut l = live_at(&st.dir, Clock::from_fn(now));
    let (serial, filler) = print_while_the_disk_fills(&disk, &st, &mut l);
    filled_rx.try_recv().unwrap();
    // Not recorded, kept, and the station is out of service (it could not record another print).
    assert_eq!(l.unrecorded_serials(), vec![serial]);
    assert!(l.retry_after().is_some(), "out of service while the disk is full");
    assert!(l.retry().is_none(), "still full: still out of service");
    assert_eq!(l.unrecorded_serials(), vec![serial]);
    // Room again: the worker's next retry records the real outcome, noting it was late.
    std::fs::remove_file(&filler).unwrap();
    assert!(l.retry().is_some(), "back in service once the disk has room");
    assert!(l.unrecorded_serials().is_empty());
    assert_eq!(job_state(&st, serial), (JobState::Printed, None));
    let a = st.actions();
    let printed = a.iter().find(|(act, d)| act == "print.printed" && d["serial"] == serial);
    let (_, d) = printed.unwrap_or_else(|| panic!("{a:?}"));
    assert!(d["recorded_late"].as_str().unwrap().contains("磁盘已满"), "{d}");
    // A terminal starting later settles nothing: the job has its outcome.
    drop(l);
    let _later = live_at(&st.dir, Clock::fixed(after_patience()));
    assert_eq!(job_state(&st, serial).0, JobState::Printed);
    assert!(!st.actions().iter().any(|(act, d)| act == "print.failed" && d["serial"] == serial));
}

#[test]
fn a_job_left_pending_by_a_kiosk_that_is_gone_is_settled_as_unknown_at_the_next_start() {
    let Some(disk) = SmallDisk::mount("4m") else { return };
    let disk_at = disk.at.clone();
    let (target, _rx) = printer(move || fill(&disk_at));
    let st = station_on(&disk, &target);
    let mut l = live_at(&st.dir, Clock::from_fn(now));
    let (serial, filler) = print_while_the_disk_fills(&disk, &st, &mut l);
    // The kiosk is switched off while the disk is full: its outcome could not be kept on disk.
    drop(l);
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(job_state(&st, serial), (JobState::Pending, None));
    // A terminal started within a print's patience leaves it: another kiosk may be printing it.
    let soon = live_at(&st.dir, Clock::fixed(now() + chrono::Duration::seconds(1)));
    assert_eq!(job_state(&st, serial), (JobState::Pending, None));
    drop(soon);
    // The next start after it: failed, outcome unknown, with the reason and a failure entry.
    let _next = live_at(&st.dir, Clock::fixed(after_patience()));
    assert_eq!(job_state(&st, serial), (JobState::Failed, Some(UNKNOWN_OUTCOME.to_string())));
    assert!(UNKNOWN_OUTCOME.starts_with("结果未知（可能已打印）") && UNKNOWN_OUTCOME.contains("磁盘已满"));
    let a = st.actions();
    let failed: Vec<_> = a.iter().filter(|(act, d)| act == "print.failed" && d["serial"] == serial).collect();
    assert_eq!(failed.len(), 1, "{a:?}");
    assert_eq!(failed[0].1["outcome"], "unknown");
    // Staff see it to reprint or void, with the reason.
    let o = st.certdesk(&["jobs", "list"]);
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    assert!(said.contains(&format!("{serial:08}")) && said.contains("结果未知"), "{said}");
    let o = st.certdesk_as_staff(&["jobs", "void", &serial.to_string(), "--reason", "核对：未出纸"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&st.certdesk(&["jobs", "list"])).contains("没有待处理或失败的打印任务"));
    // A second start settles nothing twice.
    let _again = live_at(&st.dir, Clock::fixed(after_patience() + chrono::Duration::minutes(5)));
    let n = st.actions().iter().filter(|(act, d)| act == "print.failed" && d["serial"] == serial).count();
    assert_eq!(n, 1);
}

/// The homes to run on: SQLite always, PostgreSQL when a server is there (required in CI).
fn homes(tag: &str) -> Vec<(&'static str, certdesk_testkit::TestHome, Store)> {
    let mut v = Vec::new();
    let h = certdesk_testkit::TestHome::new("file:spool");
    let s = h.store();
    v.push(("sqlite", h, s));
    if let Some(url) = pg::fresh_url(tag) {
        let h = Fixture::new()
            .config(&format!("[paths]\ndatabase = \"{url}\"\n[printer]\ntarget = \"file:spool\"\n"))
            .build();
        let s = h.home().store_with(OpenCheck::Skip).unwrap();
        if s.holders().certificates_for(certdesk_testkit::ID).unwrap().is_empty() {
            s.holders().upsert(&certdesk_testkit::sample_holder()).unwrap();
            s.holders().upsert_certificate(&mut certdesk_testkit::sample_certs().remove(0)).unwrap();
        }
        v.push(("postgres", h, s));
    } else {
        assert!(!pg::required(), "PostgreSQL is required here");
    }
    v
}

/// A job begun at `at` whose outcome was never recorded (its bytes and `print.started` were).
fn left_pending(s: &Store, at: chrono::NaiveDateTime) -> u64 {
    let cert = s.holders().certificates_for(certdesk_testkit::ID).unwrap()[0].id;
    let r = s
        .print_jobs()
        .record(cert, "file:spool", "kiosk-02", "kiosk-02", serde_json::json!({}), at, |_| {
            Ok::<_, std::io::Error>((b"slip".to_vec(), ()))
        })
        .unwrap()
        .unwrap();
    r.0
}

#[test]
fn on_both_backends_a_terminal_start_settles_stale_jobs_and_a_kept_real_outcome_replaces_unknown() {
    for (backend, h, s) in homes("disk_full_print") {
        let old = left_pending(&s, now());
        let kept = left_pending(&s, now());
        let recent = left_pending(&s, after_patience() - chrono::Duration::seconds(2));
        let settings =
            Settings::resolve(&h.dir, None, Clock::fixed(after_patience())).unwrap().with_timeouts(Timeouts::short());
        let live = Live::open(&settings, OpenCheck::Skip).unwrap();
        for (serial, want) in [(old, JobState::Failed), (kept, JobState::Failed), (recent, JobState::Pending)] {
            assert_eq!(s.print_jobs().get(serial).unwrap().unwrap().state, want, "{backend}: {serial}");
        }
        assert_eq!(s.print_jobs().get(old).unwrap().unwrap().error.as_deref(), Some(UNKNOWN_OUTCOME), "{backend}");
        // It may have printed: it still counts against the holder's daily limit, as when pending.
        let cert = s.print_jobs().get(old).unwrap().unwrap().cert_id;
        assert_eq!(s.print_jobs().prints_today(cert, now().date()).unwrap(), 3, "{backend}");
        // The kiosk that held the real outcome (its server or disk was away) records it over
        // "unknown"; a job staff resolved meanwhile is theirs.
        assert!(s.print_jobs().outcome_still_open(kept).unwrap(), "{backend}");
        s.print_jobs()
            .finish_audited(
                kept,
                JobOutcome::Printed,
                "kiosk-02",
                "print.printed",
                serde_json::json!({}),
                now(),
                Duration::from_secs(1),
            )
            .unwrap();
        assert!(!s.print_jobs().outcome_still_open(kept).unwrap(), "{backend}");
        s.print_jobs()
            .resolve(old, certdesk::store::jobs::Resolution::Voided, "0001", "未出纸", after_patience())
            .unwrap();
        assert!(!s.print_jobs().outcome_still_open(old).unwrap(), "{backend}");
        assert_eq!(
            s.print_jobs().prints_today(cert, now().date()).unwrap(),
            2,
            "{backend}: a voided job no longer counts"
        );
        assert!(s.print_jobs().outcome_still_open(recent).unwrap(), "{backend}");
        // Each settled job has exactly one failure entry; the chain verifies.
        let n = s.audit().verify().unwrap();
        let e = s.audit().entries(1, n as usize).unwrap();
        for serial in [old, kept] {
            let f = e.iter().filter(|x| x.action == "print.failed" && x.detail["serial"] == serial).count();
            assert_eq!(f, 1, "{backend}: {serial}");
        }
        drop(live);
    }
}

/// The hall's server with a full disk answers SQLSTATE 53100 (disk_full) to the outcome's write.
/// Its disk cannot be filled from here, so a trigger makes the real server answer exactly that
/// to any write giving a print job its outcome; the kiosk's real print path keeps the outcome
/// (as in an outage: class 53 is one to the store) and records it once the server can write.
#[test]
fn on_postgres_a_server_whose_disk_is_full_gets_the_outcome_once_it_can_write() {
    let Some(url) = pg::fresh_url("disk_full_server") else {
        assert!(!pg::required(), "PostgreSQL is required here");
        return;
    };
    let h =
        Fixture::new().config(&format!("[paths]\ndatabase = \"{url}\"\n[printer]\ntarget = \"file:spool\"\n")).build();
    let s = h.home().store_with(OpenCheck::Skip).unwrap();
    if s.holders().certificates_for(certdesk_testkit::ID).unwrap().is_empty() {
        s.holders().upsert(&certdesk_testkit::sample_holder()).unwrap();
        s.holders().upsert_certificate(&mut certdesk_testkit::sample_certs().remove(0)).unwrap();
    }
    let cert = s.holders().certificates_for(certdesk_testkit::ID).unwrap()[0].id;
    let mut owner = pg::connect(&url).unwrap();
    owner
        .batch_execute(
            "CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; \
             END $$; \
             CREATE TRIGGER disk_full BEFORE UPDATE ON print_jobs FOR EACH ROW \
               WHEN (NEW.state <> 'pending') EXECUTE FUNCTION disk_full();",
        )
        .unwrap();
    let settings = Settings::resolve(&h.dir, None, Clock::from_fn(now)).unwrap().with_timeouts(Timeouts::short());
    let mut l = Live::open(&settings, OpenCheck::Skip).unwrap();
    let o = l.print(cert, None, &mut |_| {}).unwrap();
    let PrintResult::Printed { serial, .. } = o else { panic!("the slip was spooled: {o:?}") };
    assert_eq!(s.print_jobs().get(serial).unwrap().unwrap().state, JobState::Pending, "the server refused the outcome");
    // To the store, SQLSTATE class 53 (insufficient resources) is an outage: the outcome is kept
    // as for a server that went away (`Live::run` then takes the station out of service).
    assert_eq!(l.unrecorded_serials(), vec![serial]);
    assert!(l.retry().is_none(), "still refused: still waiting");
    assert_eq!(s.print_jobs().get(serial).unwrap().unwrap().state, JobState::Pending);
    owner.batch_execute("DROP TRIGGER disk_full ON print_jobs").unwrap();
    assert!(l.retry().is_some(), "back once the server can write");
    assert!(l.unrecorded_serials().is_empty());
    assert_eq!(s.print_jobs().get(serial).unwrap().unwrap().state, JobState::Printed);
    let n = s.audit().verify().unwrap();
    let e = s.audit().entries(1, n as usize).unwrap();
    assert_eq!(e.iter().filter(|x| x.action == "print.printed" && x.detail["serial"] == serial).count(), 1);
}
