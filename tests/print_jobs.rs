//! Print jobs are never lost nor unaudited (SPEC §5; issue 8 item 3): the job, its bytes and its
//! audit entry are committed before a byte reaches the printer; the outcome and its audit entry
//! after; a busy database is waited for; stuck jobs are listed and resolved (reprint / void),
//! audited. Real SQLite file, real TCP printer on 127.0.0.1, the real binary for `jobs`.

mod support;

use certdesk::clock::Clock;
use certdesk::service::kiosk::PrintResult;
use certdesk::service::Live;
use certdesk::settings::Settings;
use certdesk::store::OpenCheck;
use certdesk::timeouts::Timeouts;
use rusqlite::Connection;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;
use support::*;

/// A TCP printer answering every DLE EOT with "ok". When the second status query arrives (the
/// one after the job), it first runs `at_job_end` with the database path, then answers.
fn printer(db: PathBuf, at_job_end: impl FnOnce(&PathBuf) + Send + 'static) -> (String, mpsc::Receiver<Vec<u8>>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut got = Vec::new();
        let mut queries = 0;
        let mut hook = Some(at_job_end);
        let mut b = [0u8; 1];
        while let Ok(1) = s.read(&mut b) {
            got.push(b[0]);
            let n = got.len();
            if n >= 3 && got[n - 3] == 0x10 && got[n - 2] == 0x04 && (1..=4).contains(&got[n - 1]) {
                queries += 1;
                if queries == 5 {
                    if let Some(h) = hook.take() {
                        h(&db);
                    }
                }
                let _ = s.write_all(&[0x12]);
            }
        }
        let _ = tx.send(got);
    });
    (format!("tcp://127.0.0.1:{port}"), rx)
}

fn live(st: &Station) -> Live {
    live_with(st, Timeouts::default())
}

/// The live service on `st`'s settings with `timeouts` injected (the product's, or short ones
/// so that a test of a busy database waits a fraction of a second, not the product's 5 s).
fn live_with(st: &Station, timeouts: Timeouts) -> Live {
    let settings = Settings::from_home(st.home(), None, Clock::from_fn(now)).unwrap().with_timeouts(timeouts);
    Live::open(&settings, OpenCheck::Skip).unwrap()
}

/// A lock timeout of 150 ms: the import below holds the lock for three of them.
const SHORT_LOCK: Duration = Duration::from_millis(150);

#[test]
fn the_job_its_bytes_and_its_audit_entry_are_committed_before_the_slip_is_sent() {
    let (seen_tx, seen_rx) = mpsc::channel();
    let st = Station::new("file:spool");
    let (target, _rx) = printer(st.db(), move |db| {
        let c = Connection::open(db).unwrap();
        let job: (i64, String, bool) = c
            .query_row("SELECT id, state, bytes IS NOT NULL FROM print_jobs ORDER BY id DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap();
        let audited: String = c
            .query_row("SELECT detail FROM audit WHERE action = 'print.started' ORDER BY seq DESC LIMIT 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        seen_tx.send((job, audited)).unwrap();
    });
    Station::configure(&st.dir, &target);
    let mut l = live(&st);
    let o = l.print(st.cert, None, &mut |_| {}).unwrap();
    let PrintResult::Printed { serial, .. } = o else { panic!("{o:?}") };
    let ((id, state, has_bytes), detail) = seen_rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!((id as u64, state.as_str(), has_bytes), (serial, "pending", true), "while the slip was at the printer");
    let detail: serde_json::Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["serial"], serial);
    assert_eq!(detail["cert"], MASKED_CERT);
    // After: printed, with its own audit entry; the chain verifies.
    let job = st.store().print_jobs().get(serial).unwrap().unwrap();
    assert_eq!(job.state, certdesk::store::JobState::Printed);
    let a = st.actions();
    assert!(a.iter().any(|(act, d)| act == "print.printed" && d["serial"] == serial), "{a:?}");
}

#[test]
fn a_busy_database_after_the_slip_reached_the_printer_is_waited_for() {
    // Someone (an import) holds the write lock from the moment the job is at the printer, for
    // longer than the station's lock timeout (injected short: three of them, not the 6.5 s the
    // product's 5 s timeout needed). The print must still end "printed" and recorded.
    let st = Station::new("file:spool");
    let (locked_tx, locked_rx) = mpsc::channel();
    let (target, _rx) = printer(st.db(), move |db| {
        let db = db.clone();
        let (ready_tx, ready_rx) = mpsc::channel();
        thread::spawn(move || {
            let c = Connection::open(&db).unwrap();
            c.execute_batch("BEGIN IMMEDIATE").unwrap();
            ready_tx.send(()).unwrap();
            locked_tx.send(()).unwrap();
            // The scenario, not a synchronisation: the lock is held past the lock timeout.
            thread::sleep(SHORT_LOCK * 3);
            c.execute_batch("COMMIT").unwrap();
        });
        // Answer the final status only once the lock is held.
        ready_rx.recv().unwrap();
    });
    Station::configure(&st.dir, &target);
    let mut l = live_with(&st, Timeouts { db_lock: SHORT_LOCK, ..Timeouts::default() });
    let o = l.print(st.cert, None, &mut |_| {}).unwrap();
    assert!(locked_rx.try_recv().is_ok(), "the lock was taken while printing");
    let PrintResult::Printed { serial, .. } = o else { panic!("reported {o:?} for a slip that printed") };
    assert_eq!(st.store().print_jobs().get(serial).unwrap().unwrap().state, certdesk::store::JobState::Printed);
    assert!(st.actions().iter().any(|(a, d)| a == "print.printed" && d["serial"] == serial));
}

#[test]
fn a_failed_print_is_recorded_audited_and_logged_with_serial_and_masked_certificate() {
    // A port nobody listens on: the printer is off.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let st = Station::new(&format!("tcp://127.0.0.1:{port}"));
    let mut l = live(&st);
    let o = l.print(st.cert, None, &mut |_| {}).unwrap();
    let PrintResult::Failed { serial, .. } = o else { panic!("{o:?}") };
    let job = st.store().print_jobs().get(serial).unwrap().unwrap();
    assert_eq!(job.state, certdesk::store::JobState::Failed);
    assert!(job.has_bytes);
    let a = st.actions();
    assert!(a.iter().any(|(act, d)| act == "print.started" && d["serial"] == serial));
    assert!(a.iter().any(|(act, d)| act == "print.failed" && d["serial"] == serial));
    let log = std::fs::read_to_string(st.dir.join("certdesk.log")).unwrap();
    let line = log.lines().find(|l| l.contains("print failed")).expect(&log);
    assert!(line.contains(&format!("{serial:08}")) && line.contains(MASKED_CERT), "{line}");
    assert!(!log.contains(ID), "raw ID number in the log");
}

#[test]
fn stuck_jobs_are_listed_then_reprinted_or_voided_with_audit_entries() {
    let st = Station::new("file:spool");
    // Two jobs recorded, then "killed" before sending (no outcome).
    let store = st.store();
    let mut serials = vec![];
    for _ in 0..2 {
        let r = store
            .print_jobs()
            .record(st.cert, "file:spool", "kiosk-01", "kiosk-01", serde_json::json!({}), now(), |_s| {
                Ok::<_, std::convert::Infallible>((b"\x1b@slip\n\x1dV\x00".to_vec(), ()))
            })
            .unwrap()
            .unwrap();
        serials.push(r.0);
    }
    assert_eq!(
        store.print_jobs().prints_today(st.cert, now().date()).unwrap(),
        2,
        "pending jobs may have printed: they count"
    );
    drop(store);
    let o = st.certdesk(&["jobs", "list"]);
    let out = text(&o);
    for s in &serials {
        assert!(out.contains(&format!("{s:08}  pending")), "{out}");
    }
    assert!(out.contains(MASKED_CERT) && !out.contains(ID), "{out}");

    let o = st.certdesk_as_staff(&["jobs", "reprint", &serials[0].to_string()]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(std::fs::read(st.dir.join(format!("spool/{}.bin", serials[0]))).unwrap(), b"\x1b@slip\n\x1dV\x00");
    let o = st.certdesk_as_staff(&["jobs", "void", &serials[1].to_string(), "--reason", "holder has the slip"]);
    assert!(o.status.success(), "{}", text(&o));
    // Resolved: none listed; the voided one no longer counts; both resolutions audited.
    assert!(text(&st.certdesk(&["jobs", "list"])).contains("没有待处理或失败的打印任务"));
    assert_eq!(st.store().print_jobs().prints_today(st.cert, now().date()).unwrap(), 1);
    let a = st.actions();
    assert!(a.iter().any(|(act, d)| act == "print.reprinted" && d["serial"] == serials[0]), "{a:?}");
    assert!(a.iter().any(|(act, d)| act == "print.voided" && d["serial"] == serials[1]), "{a:?}");
    // Resolving twice is refused.
    let o = st.certdesk_as_staff(&["jobs", "void", &serials[0].to_string(), "--reason", "x"]);
    assert!(!o.status.success() && text(&o).contains("not stuck"), "{}", text(&o));
}

#[test]
fn a_slip_that_cannot_be_built_leaves_no_job_and_no_serial_gap() {
    let st = Station::new("file:spool");
    let store = st.store();
    let r = store
        .print_jobs()
        .record(st.cert, "file:spool", "kiosk-01", "kiosk-01", serde_json::json!({}), now(), |_s| {
            Err::<(Vec<u8>, ()), _>("too long for the slip")
        })
        .unwrap();
    assert_eq!(r.unwrap_err(), "too long for the slip");
    assert!(store.print_jobs().unfinished().unwrap().is_empty());
    let (ok, ()) = store
        .print_jobs()
        .record(st.cert, "file:spool", "kiosk-01", "kiosk-01", serde_json::json!({}), now(), |_s| {
            Ok::<_, ()>((vec![1], ()))
        })
        .unwrap()
        .unwrap();
    assert_eq!(ok, 1, "the rolled-back serial is not burnt");
}
