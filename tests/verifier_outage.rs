//! The verifier station while its hall's database server is away (issue 10 item 4): the verdict
//! never waits for the database (not for a write, not for a server that does not answer), the
//! scan rows wait and are written by themselves once the server answers, and a calm note on the
//! screen says so while it lasts. Real parts: the station's own runtime and key path, a real
//! PostgreSQL cluster that is really stopped, and a real TCP socket on 127.0.0.1 standing for a
//! server that cannot be reached.

use certdesk::app::verifier::{Screen, Spool, VerifierStation};
use certdesk::domain::{CertKind, LeadTimes};
use certdesk::home::Home;
use certdesk::seal::{seal, SlipClaims};
use certdesk::station::Station;
use certdesk_testkit::{self as testkit, clock, d, now, pg, sample_cert, Driver, TempDir, TestHome, ID, NAME};
use crossterm::event::KeyCode;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A valid slip signed by the home's own bureau key.
fn slip(dir: &Path) -> String {
    let home = Home::open(dir).unwrap();
    let (signer, trust) = (home.signer().unwrap(), home.trust().unwrap());
    let c = sample_cert(&format!("T{ID}"), CertKind::SpecialOperation, d(2030, 1, 1), Some(d(2028, 6, 1)));
    let printed = d(2026, 11, 20).and_hms_opt(9, 0, 0).unwrap();
    let status = c.status(printed.date(), &LeadTimes::default());
    seal(&SlipClaims::for_certificate(&c, status, 42, printed), &signer, &trust, None).unwrap()
}

fn station(dir: &Path) -> Driver {
    let st = Station::open(dir, None, clock()).unwrap();
    let mut drv = Driver::new(certdesk::station::verifier_runtime(&st).expect("the verifier station starts"));
    drv.settle();
    drv
}

fn scan(drv: &mut Driver, burst: &str) {
    drv.type_str(burst);
    drv.enter();
    drv.settle();
}

fn spool(drv: &Driver) -> Spool {
    drv.mode::<VerifierStation>().spool
}

/// Let the station's own reports in (no key pressed) until `done` holds, for at most 30 s.
fn wait_until(drv: &mut Driver, what: &str, done: impl Fn(&Driver) -> bool) {
    let got = testkit::poll_until(Duration::from_secs(30), || {
        drv.rt.drain(Instant::now());
        done(drv).then_some(())
    });
    assert!(got.is_some(), "waited 30 s for {what}; the screen:\n{}", drv.screen());
}

/// Whether the client end of `c` is still open (it has not given up its connection attempt):
/// reads what it sent and returns false on end of file.
fn still_open(c: &mut TcpStream) -> bool {
    c.set_nonblocking(true).unwrap();
    let mut buf = [0u8; 1024];
    loop {
        match c.read(&mut buf) {
            Ok(0) => return false,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return true,
            Err(_) => return false,
        }
    }
}

/// A cable pulled: the hall's server does not answer at all. Here it is a socket on 127.0.0.1
/// that accepts and never says a word (and a connect timeout of an hour), so the station's
/// connection attempt cannot end until the test ends it: the verdicts given while the test
/// holds it were given before the attempt completed, whatever the machine's speed. Each scan
/// queues its row; none makes its own connection attempt; the screen says that it is offline
/// and how many records wait once an attempt has failed.
#[test]
fn a_verdict_never_waits_for_an_unreachable_server() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("postgres://certdesk@{}/certdesk?connect_timeout=3600", listener.local_addr().unwrap());
    let (tx, accepted) = mpsc::channel::<TcpStream>();
    std::thread::spawn(move || {
        for c in listener.incoming().flatten() {
            if tx.send(c).is_err() {
                break;
            }
        }
    });
    let home = TestHome::with_config(&format!(
        "[paths]\ndatabase = {url:?}\n[printer]\ntarget = \"file:spool\"\n[kiosk]\nidle_timeout_secs = 30\n"
    ));
    let slip = slip(&home.dir);
    let mut drv = station(&home.dir);
    // The station's first connection attempt is under way (the socket accepted it).
    let mut first = accepted.recv_timeout(Duration::from_secs(30)).expect("the station tries to connect");

    scan(&mut drv, &slip);
    let shown = |drv: &Driver| match &drv.mode::<VerifierStation>().screen {
        Screen::Verdict(v) => v.verdict.word().to_string(),
        other => format!("{other:?}"),
    };
    assert_eq!(shown(&drv), "valid");
    assert!(drv.screen().contains(NAME), "{}", drv.screen());
    // ... while the attempt is still open: nothing failed yet, the row waits, no note yet.
    assert!(still_open(&mut first), "the connection attempt ended before the test let it");
    assert_eq!(spool(&drv), Spool { waiting: 1, offline: false });
    assert!(!drv.screen().contains("离线核验中"), "{}", drv.screen());
    // Not yet connected: the registry was not asked (no scan waits for a connection), and the
    // verdict says it is offline (issue 18).
    assert!(drv.screen().contains("离线核验：未与登记系统核对打印记录"), "{}", drv.screen());

    // The attempt fails (the test closes the socket): the station is offline, says so, and
    // tries again on its backoff; that attempt too gets no answer.
    drop(first);
    wait_until(&mut drv, "the offline note", |d| spool(d).offline);
    assert_eq!(spool(&drv), Spool { waiting: 1, offline: true });
    let mut retry = accepted.recv_timeout(Duration::from_secs(30)).expect("the station tries again by itself");

    // Two more scans while the retry hangs: verdicts at once, rows queued, no connection each.
    for _ in 0..2 {
        drv.key(KeyCode::Esc);
        scan(&mut drv, &slip);
        assert_eq!(shown(&drv), "valid");
    }
    wait_until(&mut drv, "three rows waiting", |d| spool(d).waiting == 3);
    assert!(still_open(&mut retry), "the retry ended before the test let it");
    assert!(accepted.try_recv().is_err(), "a scan made a connection attempt of its own");
    let s = drv.screen();
    assert!(s.contains("离线核验中") && s.contains("3 条核验记录待保存") && s.contains("自动保存"), "{s}");
    assert!(s.contains(NAME), "the verdict stays on screen with the note: {s}");
    drop(retry);
}

/// A hall's home on the PostgreSQL schema at `url`.
fn pg_home(tmp: &TempDir, url: &str) -> PathBuf {
    let dir = tmp.path().join("home");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("certdesk.toml"),
        format!("[paths]\ndatabase = {url:?}\n[printer]\ntarget = \"file:spool\"\n[kiosk]\nidle_timeout_secs = 30\n"),
    )
    .unwrap();
    Home::init(&dir, now().date()).unwrap();
    dir
}

/// The screen with the list's issue time (the wall clock of `Home::init`) made constant.
fn render(m: &VerifierStation, w: u16, h: u16) -> String {
    let text = testkit::render(m, w, h);
    let mut out = String::new();
    for line in text.lines() {
        match ["签发: ", "issued: "].iter().find_map(|k| line.find(k).map(|i| i + k.len())) {
            Some(at) if line.len() >= at + 16 => {
                out.push_str(&format!("{}YYYY-MM-DD HH:MM{}", &line[..at], &line[at + 16..]))
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

fn stored_today(dir: &Path) -> u32 {
    let store = Home::open(dir).unwrap().store().unwrap();
    store.scan_counts(now().date()).unwrap().iter().map(|(_, n)| n).sum()
}

/// The server stopped and started again under a running station: verdicts throughout, the
/// offline note (zh-CN and en snapshots) with the number of waiting records while it is down,
/// gone once they are written; every scan's row in the database once.
#[test]
fn the_offline_note_shows_what_waits_and_goes_when_it_is_written() {
    let Some(cluster) = pg::Cluster::start() else { return };
    let tmp = TempDir::new();
    let dir = pg_home(&tmp, &cluster.fresh_url("verifier_spool"));
    let slip = slip(&dir);
    let mut drv = station(&dir);
    scan(&mut drv, &slip);
    wait_until(&mut drv, "the first row written", |d| spool(d) == Spool::default());
    assert_eq!(stored_today(&dir), 1);
    assert!(!drv.screen().contains("离线核验中"), "{}", drv.screen());

    cluster.stop();
    for _ in 0..2 {
        drv.key(KeyCode::Esc);
        scan(&mut drv, &slip);
        assert!(matches!(drv.mode::<VerifierStation>().screen, Screen::Verdict(_)), "{}", drv.screen());
    }
    wait_until(&mut drv, "the offline note", |d| spool(d) == Spool { waiting: 2, offline: true });
    drv.key(KeyCode::Esc);
    let m = drv.mode::<VerifierStation>();
    insta::assert_snapshot!("verifier_offline_zh_80x24", render(m, 80, 24));
    drv.key(KeyCode::F(2));
    let m = drv.mode::<VerifierStation>();
    insta::assert_snapshot!("verifier_offline_en_80x24", render(m, 80, 24));
    insta::assert_snapshot!("verifier_offline_en_120x36", render(m, 120, 36));

    cluster.start_again();
    wait_until(&mut drv, "the queue written", |d| spool(d) == Spool::default());
    let s = drv.screen();
    assert!(!s.contains("Offline") && !s.contains("离线"), "the note is gone once written: {s}");
    assert_eq!(stored_today(&dir), 3, "each scan's row once");
    assert!(s.contains("3"), "today's count: {s}");
}

/// The note, in every count form and both languages: no East-Asian-ambiguous glyph (its width
/// would differ between terminals) and one row at 80 columns (inside the 2-column margins).
#[test]
fn the_offline_note_has_no_ambiguous_glyphs_and_fits_80_columns() {
    use certdesk::app::verifier::strings::offline;
    use certdesk::config::Lang;
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    for lang in [Lang::Zh, Lang::En] {
        for n in [0, 1, 2, 10_000] {
            let s = offline(n, lang);
            for ch in s.chars() {
                assert_eq!(ch.width(), ch.width_cjk(), "ambiguous-width {ch:?} in {s:?}");
            }
            assert!(s.width() <= 76, "{s:?} is {} columns", s.width());
            if n > 0 {
                assert!(s.contains(&n.to_string()), "{s:?}");
            }
        }
    }
}

/// Bad settings are not an outage: a verifier station whose database URL is garbage refuses to
/// start with the reason (and without the password), as the other terminals do; only "the
/// server does not answer" is waited for.
#[test]
fn a_verifier_with_a_garbage_database_url_refuses_to_start() {
    let tmp = TempDir::new();
    let dir = tmp.path().join("home");
    std::fs::create_dir_all(&dir).unwrap();
    Home::init(&dir, now().date()).unwrap();
    std::fs::write(dir.join("certdesk.toml"), "[paths]\ndatabase = \"postgres://u:pw@host:notaport/db\"\n").unwrap();
    let st = Station::open(&dir, None, clock()).unwrap();
    let e = certdesk::station::verifier_runtime(&st).err().expect("a garbage URL must not start a verifier");
    let text = format!("{e:#}");
    assert!(text.contains("bad database URL"), "{text}");
    assert!(!text.contains("pw@"), "the password is shown: {text}");
}
