//! Fake ESC/POS printers on 127.0.0.1: what arrives, what the status says, and that nothing
//! hangs when the printer goes quiet.

use certdesk::config::{Paper, QrMode};
use certdesk::printer::{self, PrintError, PrintJob, Target, STATUS_QUERY};
use certdesk::slip::{self, Slip, Style};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

const OK: [u8; 4] = [0x12, 0x12, 0x12, 0x12];
/// Offline; stopped by paper end; no error; near-end and end sensors both "no paper".
const PAPER_OUT: [u8; 4] = [0x1A, 0x32, 0x12, 0x7E];

fn job() -> PrintJob {
    let mut s = Slip::new();
    s.text("示范市应急管理局", Style::center().bold().double())
        .kv("姓名", "王秀英")
        .kv("身份证号", "110105********002X")
        .qr("CD1:TEST0123456789")
        .cut();
    PrintJob::from_slip(42, &s, Paper::Mm58, QrMode::Native)
}

/// A printer that reads everything, answers each DLE EOT n with `replies[n-1]`, and reports
/// what it received once the client hangs up.
fn fake_printer(replies: [u8; 4]) -> (Target, mpsc::Receiver<Vec<u8>>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut got = Vec::new();
        let mut scanned = 0;
        let mut buf = [0u8; 4096];
        loop {
            let n = match s.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            got.extend_from_slice(&buf[..n]);
            // Answer real-time status queries as they arrive.
            while scanned + 3 <= got.len() {
                if got[scanned] == 0x10 && got[scanned + 1] == 0x04 {
                    let k = got[scanned + 2];
                    if (1..=4).contains(&k) {
                        let _ = s.write_all(&[replies[k as usize - 1]]);
                    }
                    scanned += 3;
                } else {
                    scanned += 1;
                }
            }
        }
        let _ = tx.send(got);
    });
    (Target::Tcp { host: "127.0.0.1".into(), port }, rx)
}

#[test]
fn printer_receives_exact_bytes_and_reports_ok() {
    let (t, rx) = fake_printer(OK);
    let j = job();
    printer::send(&t, &j, Duration::from_millis(2000), true).unwrap();
    let got = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    let want = [&STATUS_QUERY[..], &j.bytes[..], &STATUS_QUERY[..]].concat();
    assert_eq!(got, want);
    // And the job is the slip: it parses back.
    let p = slip::parse_escpos(&j.bytes).unwrap();
    assert!(p.text().contains("姓名：王秀英"));
    assert_eq!(p.qr, vec!["CD1:TEST0123456789"]);
}

#[test]
fn without_status_query_only_the_job_is_sent() {
    let (t, rx) = fake_printer(OK);
    let j = job();
    printer::send(&t, &j, Duration::from_millis(2000), false).unwrap();
    assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap(), j.bytes);
}

#[test]
fn status_query_decodes() {
    let (t, _rx) = fake_printer(OK);
    let st = printer::query_status(&t, Duration::from_millis(2000)).unwrap();
    assert!(st.online && !st.paper_out && !st.cover_open && !st.paper_near_end);
}

#[test]
fn paper_out_is_reported_and_job_not_sent() {
    let (t, rx) = fake_printer(PAPER_OUT);
    let j = job();
    assert_eq!(printer::send(&t, &j, Duration::from_millis(2000), true), Err(PrintError::PaperOut));
    let got = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(got, STATUS_QUERY, "the job is kept, not sent into an empty printer");
}

#[test]
fn garbage_status_is_an_error_not_a_panic() {
    let (t, _rx) = fake_printer([0xFF, 0x00, 0x12, 0x12]);
    assert!(matches!(printer::send(&t, &job(), Duration::from_millis(2000), true), Err(PrintError::BadReply(_))));
}

/// Accepts the connection and then does nothing at all: never reads, never answers.
fn silent_printer() -> (Target, mpsc::Sender<()>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel::<()>();
    thread::spawn(move || {
        let (_s, _) = l.accept().unwrap();
        let _ = rx.recv_timeout(Duration::from_secs(30)); // hold the socket open
    });
    (Target::Tcp { host: "127.0.0.1".into(), port }, tx)
}

#[test]
fn silent_printer_times_out_instead_of_hanging() {
    let (t, _hold) = silent_printer();
    let timeout = Duration::from_millis(300);
    let start = Instant::now();
    let r = printer::send(&t, &job(), timeout, true);
    let took = start.elapsed();
    assert!(matches!(r, Err(PrintError::NoReply) | Err(PrintError::Timeout)), "{r:?}");
    // One wait for the status reply (the small job fits in kernel buffers).
    assert!(took < timeout + Duration::from_millis(700), "took {took:?}");
    assert!(took >= timeout - Duration::from_millis(50), "took {took:?}");
}

#[test]
fn silent_printer_with_a_big_job_times_out_on_write() {
    let (t, _hold) = silent_printer();
    let big = PrintJob {
        serial: 7,
        bytes: vec![b'x'; 16 << 20], // more than loopback socket buffers hold
        preview: String::new(),
    };
    let start = Instant::now();
    let r = printer::send(&t, &big, Duration::from_millis(300), false);
    assert_eq!(r, Err(PrintError::Timeout));
    assert!(start.elapsed() < Duration::from_secs(3), "{:?}", start.elapsed());
}

#[test]
fn closed_port_is_offline_quickly() {
    // Bind then drop to get a port nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let t = Target::Tcp { host: "127.0.0.1".into(), port };
    let start = Instant::now();
    let r = printer::send(&t, &job(), Duration::from_millis(300), true);
    assert!(matches!(r, Err(PrintError::Offline) | Err(PrintError::Io(_))), "{r:?}");
    assert!(start.elapsed() < Duration::from_millis(500));
    let e = r.unwrap_err();
    assert!(!e.zh().is_empty() && !e.en().is_empty());
}

#[test]
fn printer_that_hangs_up_before_answering() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        let mut b = [0u8; 12];
        let _ = s.read_exact(&mut b);
        drop(s);
    });
    let t = Target::Tcp { host: "127.0.0.1".into(), port };
    let r = printer::query_status(&t, Duration::from_millis(1000));
    assert!(matches!(r, Err(PrintError::NoReply) | Err(PrintError::Offline)), "{r:?}");
}

#[test]
fn file_target_writes_bin_and_txt() {
    let dir = tempfile::tempdir().unwrap();
    let spool = dir.path().join("spool");
    let t: Target = format!("file:{}", spool.display()).parse().unwrap();
    let j = job();
    printer::send(&t, &j, Duration::from_millis(300), true).unwrap();
    assert_eq!(std::fs::read(spool.join("42.bin")).unwrap(), j.bytes);
    let txt = std::fs::read_to_string(spool.join("42.txt")).unwrap();
    assert_eq!(txt, j.preview);
    assert!(txt.contains("姓名：王秀英"));
    // No temp files left behind.
    let names: Vec<_> =
        std::fs::read_dir(&spool).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(printer::query_status(&t, Duration::from_millis(300)).unwrap().online);
}

/// A scripted printer: `chatty` bytes sent unprompted as soon as it connects; answers each
/// DLE EOT n with `replies[n-1]` after `delay`, preceded by `noise` (an automatic-status-back
/// block, say); reads at most `read_limit` bytes of anything else and then stops reading
/// (holding the socket open until `hold` gives word or is dropped). Reports `(bytes received, whether a second question ever arrived
/// before the first was answered)`.
struct Script {
    chatty: Vec<u8>,
    replies: [u8; 4],
    noise: Vec<u8>,
    delay: Duration,
    read_limit: usize,
    /// Once stalled, the socket is held until this channel says so or its sender is dropped
    /// (the test is over): no sleep stands in for "long enough".
    hold: Option<mpsc::Receiver<()>>,
}

fn scripted_printer(sc: Script) -> (Target, mpsc::Receiver<(Vec<u8>, bool)>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        s.write_all(&sc.chatty).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
        let mut got = Vec::new();
        let mut other = 0usize;
        let mut overlapped = false;
        let mut pending: Vec<u8> = Vec::new();
        let mut buf = [0u8; 1];
        loop {
            if other >= sc.read_limit {
                // Stalled (paper jam, buffer full): stop reading, keep the socket.
                if let Some(hold) = &sc.hold {
                    let _ = hold.recv();
                }
                break;
            }
            match s.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            got.push(buf[0]);
            pending.push(buf[0]);
            if pending.len() >= 3 && pending[pending.len() - 3..pending.len() - 1] == [0x10, 0x04] {
                let k = *pending.last().unwrap();
                pending.clear();
                if (1..=4).contains(&k) {
                    thread::sleep(sc.delay);
                    // Was the next question already waiting while this one was unanswered?
                    s.set_nonblocking(true).unwrap();
                    let mut peek = [0u8; 1];
                    if s.peek(&mut peek).is_ok_and(|n| n > 0) && peek[0] == 0x10 {
                        overlapped = true;
                    }
                    s.set_nonblocking(false).unwrap();
                    let _ = s.write_all(&sc.noise);
                    let _ = s.write_all(&[sc.replies[k as usize - 1]]);
                }
            } else if pending.len() >= 3 {
                other += 1;
                pending.remove(0);
            }
        }
        let _ = tx.send((got, overlapped));
    });
    (Target::Tcp { host: "127.0.0.1".into(), port }, rx)
}

/// A 709-byte job, like the slip of the defect report.
fn job_709() -> PrintJob {
    let mut j = job();
    j.bytes.resize(709, b' ');
    j
}

#[test]
fn unprompted_status_bytes_are_not_taken_for_the_final_status() {
    // Issue 8 item 9: the printer sends status bytes nobody asked for, then takes only 140 of
    // the 709 bytes. The old code read the unprompted bytes as the first answer, the real
    // answers as the final status, and reported the slip printed.
    let (release, hold) = mpsc::channel();
    let (t, rx) = scripted_printer(Script {
        chatty: vec![0x12; 8],
        replies: OK,
        noise: vec![],
        delay: Duration::ZERO,
        read_limit: 140,
        hold: Some(hold),
    });
    let r = printer::send(&t, &job_709(), Duration::from_millis(500), true);
    assert!(matches!(r, Err(PrintError::NoReply) | Err(PrintError::Timeout)), "reported {r:?}");
    // The printer held the socket through the whole send: the job's bytes stopped at 140.
    release.send(()).unwrap();
    let (got, _) = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(got.len() < job_709().bytes.len(), "the stalled printer took {} bytes", got.len());
}

#[test]
fn answers_are_matched_to_questions_through_status_back_noise() {
    // An automatic-status-back block (first byte 0xx1xx00, then bytes with bit 4 clear) in front
    // of every answer must not shift the answers: paper out is still paper out.
    let (t, rx) = scripted_printer(Script {
        chatty: vec![0x10, 0x00, 0x0C, 0x00],
        replies: PAPER_OUT,
        noise: vec![0x14, 0x00, 0x0C, 0x00, 0x11],
        delay: Duration::ZERO,
        read_limit: usize::MAX,
        hold: None,
    });
    assert_eq!(printer::send(&t, &job(), Duration::from_millis(2000), true), Err(PrintError::PaperOut));
    drop(rx);
    let (t, _rx) = scripted_printer(Script {
        chatty: vec![],
        replies: OK,
        noise: vec![0x14, 0x00, 0x0C, 0x00],
        delay: Duration::ZERO,
        read_limit: usize::MAX,
        hold: None,
    });
    assert!(printer::query_status(&t, Duration::from_millis(2000)).unwrap().online);
}

#[test]
fn late_answers_within_the_timeout_are_waited_for_and_questions_go_one_at_a_time() {
    // Issue 6: all four questions at once make a printer that delays small replies cost ~40 ms
    // a job. Each question now waits for the previous answer (and carries its ACK).
    let (t, rx) = scripted_printer(Script {
        chatty: vec![],
        replies: OK,
        noise: vec![],
        delay: Duration::from_millis(60),
        read_limit: usize::MAX,
        hold: None,
    });
    let j = job();
    printer::send(&t, &j, Duration::from_millis(2000), true).unwrap();
    let (got, overlapped) = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(!overlapped, "a question was sent before the previous one was answered");
    assert_eq!(got, [&STATUS_QUERY[..], &j.bytes[..], &STATUS_QUERY[..]].concat());
}

#[test]
fn an_answer_later_than_the_timeout_fails_the_job_cleanly() {
    let (t, _rx) = scripted_printer(Script {
        chatty: vec![],
        replies: OK,
        noise: vec![],
        delay: Duration::from_millis(400),
        read_limit: usize::MAX,
        hold: None,
    });
    let start = Instant::now();
    assert_eq!(printer::send(&t, &job(), Duration::from_millis(200), true), Err(PrintError::NoReply));
    assert!(start.elapsed() < Duration::from_millis(1500));
}
