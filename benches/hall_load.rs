//! A hall of terminals on one database (issue 10, "Done means"; SPEC §7 last bar).
//!
//! Ten simulated terminals work at full speed for `--secs` seconds (default 60) against one
//! database, each through the same service code the real terminal runs:
//! - 4 kiosks: identify a holder (`Live::identify`: throttle check, factor, audit) and print one of
//!   their certificates (`Live::print`: job + bytes + audit committed, slip signed, sent to a real
//!   ESC/POS printer sink on 127.0.0.1 that answers DLE EOT status queries, outcome committed);
//! - 4 counters (`service::desk`): take a ticket, open a case, save the visitor form, tick the
//!   materials, accept;
//! - 2 verifier stations (`VerifierService::scan`): verify a signed slip payload and log the scan.
//!
//! `--backend sqlite`: every terminal is its own process (this binary re-executed in a child
//! mode) on one SQLite file, as several terminals sharing a file on one machine would be.
//! `--backend pg`: threads, one connection each, on one PostgreSQL server (a fresh schema).
//!
//! Reported: p50/p99 of identify, print commit (job, bytes and audit entry committed before the
//! first byte goes out: from the kiosk's "prepare" to its "send" stage), the whole print, case
//! open and case save (the visitor form), and scans. Then checked, with a non-zero exit when any
//! check fails: every serial a kiosk was given is unique and is exactly one `printed` job; no job
//! exists that no kiosk was told about; the printer sink received each printed serial exactly once
//! and nothing else; ticket labels and case numbers are unique and all recorded; every scan is
//! logged; the audit chain verifies (`verify_audit_report`).
//!
//! Run: `cargo bench --bench hall_load -- --secs 60 --backend both` (PostgreSQL, then SQLite, and
//! their ratios; `--backend pg|sqlite` for one). PostgreSQL: `--pg URL` (a fresh schema is made
//! there), else a private cluster on loopback with durable commits (`testkit::pg::Cluster`).

use certdesk::clock::Clock;
use certdesk::domain::intake::{Decision, MaterialState};
use certdesk::domain::matters::SPECIAL_REVIEW;
use certdesk::home::Home;
use certdesk::printer::STATUS_QUERY;
use certdesk::seal::{self, SlipClaims};
use certdesk::service::desk::{Desk, Login, VisitorInput};
use certdesk::service::verifier::VerifierService;
use certdesk::service::{Identification, PrintResult, PrintStage};
use certdesk::station::Station;
use certdesk::store::{OpenCheck, Role};
use certdesk_testkit::{pg, TempDir};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const KIOSKS: usize = 4;
const COUNTERS: usize = 4;
const VERIFIERS: usize = 2;
const SEED: u64 = 10;
const PIN: &str = "246810";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Role10 {
    Kiosk,
    Counter,
    Verifier,
}

impl Role10 {
    fn name(self) -> &'static str {
        match self {
            Role10::Kiosk => "kiosk",
            Role10::Counter => "counter",
            Role10::Verifier => "verifier",
        }
    }
    fn parse(s: &str) -> Role10 {
        match s {
            "kiosk" => Role10::Kiosk,
            "counter" => Role10::Counter,
            "verifier" => Role10::Verifier,
            _ => panic!("unknown role {s}"),
        }
    }
}

/// What one terminal did: latencies in microseconds per operation, what it was given (serials,
/// ticket labels, case numbers), and every error in words.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Report {
    lat: BTreeMap<String, Vec<u64>>,
    serials: Vec<u64>,
    failed_prints: Vec<u64>,
    tickets: Vec<String>,
    cases: Vec<String>,
    staff: Option<String>,
    scans: u64,
    /// The first errors in words, and how many there were in all.
    errors: Vec<String>,
    error_count: u64,
    /// Cases opened without a ticket once the day's queue ran out (999 tickets).
    walk_ins: u64,
}

impl Report {
    fn time<T>(&mut self, op: &str, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let r = f();
        self.lat.entry(op.into()).or_default().push(t.elapsed().as_micros() as u64);
        r
    }
    fn error(&mut self, what: String) {
        self.error_count += 1;
        if self.errors.len() < 50 {
            self.errors.push(what);
        }
    }
}

struct Args {
    secs: u64,
    backend: String,
    /// `processes` (default on SQLite) or `threads` (default on PostgreSQL).
    terminals: Option<String>,
    /// The PostgreSQL server (default: $CERTDESK_TEST_PG, else a throwaway cluster).
    pg: Option<String>,
    holders: usize,
    child: Option<Vec<String>>,
}

fn args() -> Args {
    let mut a = Args { secs: 60, backend: "sqlite".into(), terminals: None, pg: None, holders: 2000, child: None };
    let v: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < v.len() {
        match v[i].as_str() {
            "--secs" => {
                a.secs = v[i + 1].parse().expect("--secs N");
                i += 1;
            }
            "--backend" => {
                a.backend = v[i + 1].clone();
                i += 1;
            }
            "--pg" => {
                a.pg = Some(v[i + 1].clone());
                i += 1;
            }
            "--terminals" => {
                a.terminals = Some(v[i + 1].clone());
                i += 1;
            }
            "--holders" => {
                a.holders = v[i + 1].parse().expect("--holders N");
                i += 1;
            }
            "--child" => {
                a.child = Some(v[i + 1..].to_vec());
                break;
            }
            // `cargo bench` passes `--bench`; filters are not used here.
            _ => {}
        }
        i += 1;
    }
    a
}

fn epoch_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as u64
}

fn wait_until(ms: u64) {
    let now = epoch_ms();
    if ms > now {
        std::thread::sleep(Duration::from_millis(ms - now));
    }
}

/// The holders the kiosks identify and the counters receive: the same generator `populate` used.
fn identities(n: usize) -> Vec<(String, String)> {
    certdesk::roster::generate(n, SEED, today())
        .into_iter()
        .filter_map(|(h, _)| {
            let f = h.factor()?;
            Some((h.id_number, f))
        })
        .collect()
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Tiny deterministic PRNG per terminal (xorshift): which holder comes next.
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

// ---- the terminals ------------------------------------------------------------------------

fn kiosk(dir: &Path, idx: usize, start_ms: u64, secs: u64) -> Report {
    let mut r = Report::default();
    let mut st = Station::open(dir, None, Clock::system()).expect("open the station");
    st.settings.home.config.kiosk.id = format!("kiosk-{idx}");
    let mut live = st.live(OpenCheck::Cheap).expect("open the live service");
    let people = identities(holders_of(dir));
    let mut rng = Rng(0x9E37_79B9 + idx as u64 * 7919);
    wait_until(start_ms);
    let end = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < end {
        let (id, factor) = &people[rng.next(people.len())];
        let who = r.time("identify", || live.identify(id, factor));
        let certs = match who {
            Ok(Identification::Identified { certificates, .. }) => certificates,
            Ok(other) => {
                r.error(format!("identify: {other:?}"));
                continue;
            }
            Err(e) => {
                r.error(format!("identify: {e:#}"));
                continue;
            }
        };
        let lead = &st.home.config.reminders;
        let Some(cert) = certs.iter().find(|c| c.status(today(), lead).is_usable()) else { continue };
        let t = Instant::now();
        let mut prepared: Option<Instant> = None;
        let mut committed: Option<Instant> = None;
        let res = live.print(cert.id, Some(id), &mut |s| match s {
            PrintStage::Prepare => prepared = Some(Instant::now()),
            PrintStage::Send => committed = Some(Instant::now()),
        });
        let total = t.elapsed();
        if let (Some(p), Some(c)) = (prepared, committed) {
            r.lat.entry("print commit".into()).or_default().push((c - p).as_micros() as u64);
        }
        r.lat.entry("print total".into()).or_default().push(total.as_micros() as u64);
        match res {
            Ok(PrintResult::Printed { serial, .. }) => r.serials.push(serial),
            Ok(PrintResult::Failed { serial, error }) => {
                r.failed_prints.push(serial);
                r.error(format!("print {serial}: {error}"));
            }
            Ok(PrintResult::Limit { max }) => r.error(format!("print limit {max}")),
            Err(e) => r.error(format!("print: {e:#}")),
        }
    }
    r
}

fn counter(dir: &Path, idx: usize, start_ms: u64, secs: u64) -> Report {
    let mut r = Report::default();
    let mut home = Home::open(dir).expect("open the home");
    home.config.kiosk.id = format!("counter-{idx}");
    let settings = certdesk::settings::Settings::from_home(home, None, Clock::system()).expect("settings");
    let desk = Desk::open(&settings).expect("open the desk");
    let staff = format!("{:04}", 10 + idx);
    let who = match desk.login(&staff, PIN).expect("login") {
        Login::Ok(s) => s,
        other => panic!("counter {idx}: login {other:?}"),
    };
    r.staff = Some(staff);
    let people = identities(holders_of(dir));
    let materials: Vec<String> =
        desk.matters().get(SPECIAL_REVIEW).expect("matter").materials.iter().map(|m| m.code.clone()).collect();
    let mut rng = Rng(0x2545_F491 + idx as u64 * 104_729);
    let mut queue_done = false;
    wait_until(start_ms);
    let end = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < end {
        // A queue gives out 999 tickets a day (A001..A999); after that the counters go on with
        // walk-ins (cases without a ticket), as the desk's F4 does.
        let ticket = if queue_done {
            None
        } else {
            match r.time("ticket", || desk.take_ticket(Some(SPECIAL_REVIEW))) {
                Ok(t) => {
                    r.tickets.push(t.label.clone());
                    Some(t.id)
                }
                Err(e) if e.to_string().contains("999 tickets") => {
                    queue_done = true;
                    None
                }
                Err(e) => {
                    r.error(format!("ticket: {e}"));
                    continue;
                }
            }
        };
        if ticket.is_none() {
            r.walk_ins += 1;
        }
        let case = match r.time("case open", || desk.open_case(&who, SPECIAL_REVIEW, ticket)) {
            Ok(c) => c,
            Err(e) => {
                r.error(format!("case open: {e}"));
                continue;
            }
        };
        r.cases.push(case.number.clone());
        let (id, _) = &people[rng.next(people.len())];
        let input = VisitorInput { name: String::new(), id_number: Some(id.clone()), ..Default::default() };
        if let Err(e) = r.time("case save", || desk.record_visitor(&who, case.id, &input)) {
            r.error(format!("case save: {e}"));
            continue;
        }
        for m in &materials {
            if let Err(e) = r.time("tick", || desk.tick(&who, case.id, m, MaterialState::Provided)) {
                r.error(format!("tick {m}: {e}"));
            }
        }
        if let Err(e) = r.time("accept", || desk.decide(&who, case.id, &Decision::Accept, None)) {
            r.error(format!("accept: {e}"));
        }
    }
    r
}

fn verifier(dir: &Path, idx: usize, start_ms: u64, secs: u64) -> Report {
    let mut r = Report::default();
    let settings = certdesk::settings::Settings::resolve(dir, None, Clock::system()).expect("settings");
    let mut v = VerifierService::open(&settings).expect("open the verifier");
    let payloads: Vec<String> =
        std::fs::read_to_string(dir.join("payloads.txt")).unwrap().lines().map(str::to_string).collect();
    let mut rng = Rng(0xDEAD_BEEF + idx as u64 * 31);
    wait_until(start_ms);
    let end = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < end {
        let p = &payloads[rng.next(payloads.len())];
        match r.time("scan", || v.scan(p)) {
            Ok(_) => r.scans += 1,
            Err(e) => r.error(format!("scan: {e:#}")),
        }
    }
    r
}

fn holders_of(dir: &Path) -> usize {
    std::fs::read_to_string(dir.join("holders.txt")).unwrap().trim().parse().unwrap()
}

fn run_terminal(role: Role10, idx: usize, dir: &Path, start_ms: u64, secs: u64) -> Report {
    match role {
        Role10::Kiosk => kiosk(dir, idx, start_ms, secs),
        Role10::Counter => counter(dir, idx, start_ms, secs),
        Role10::Verifier => verifier(dir, idx, start_ms, secs),
    }
}

// ---- the printer sink ---------------------------------------------------------------------

/// An ESC/POS printer on 127.0.0.1: answers every DLE EOT query "online, paper present" (the
/// fixed bits 0x12), reads each job to the end and records the serial printed on it.
/// What the sink received: serials of well-formed slips, and what was wrong with the rest.
type Received<T> = Arc<Mutex<Vec<T>>>;

fn printer_sink() -> (u16, Received<u64>, Received<String>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let got = Arc::new(Mutex::new(Vec::new()));
    let bad = Arc::new(Mutex::new(Vec::new()));
    let (g, b) = (got.clone(), bad.clone());
    std::thread::spawn(move || {
        for s in l.incoming() {
            let Ok(s) = s else { continue };
            let (g, b) = (g.clone(), b.clone());
            std::thread::spawn(move || match serve_job(s) {
                Ok(Some(serial)) => g.lock().unwrap().push(serial),
                Ok(None) => {}
                Err(e) => b.lock().unwrap().push(e),
            });
        }
    });
    (port, got, bad)
}

fn serve_job(mut s: TcpStream) -> Result<Option<u64>, String> {
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    // The kiosk asks DLE EOT 1..4 one question at a time before the job and again after it,
    // waiting for each answer. Before the job the questions sit at fixed offsets; after it, the
    // next expected question is the stream's tail. A DLE EOT look-alike inside the job bytes is
    // not a question and is never answered.
    let (mut answered, mut pos) = (0usize, 0usize);
    loop {
        let n = match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => return Err(format!("sink read: {e}")),
        };
        got.extend_from_slice(&buf[..n]);
        while answered < 8 {
            let k = (answered % 4 + 1) as u8;
            let q = [0x10, 0x04, k];
            let asked = if answered < 4 {
                got.len() >= pos + 3 && got[pos..pos + 3] == q
            } else {
                got.len() >= pos + 3 && got.ends_with(&q)
            };
            if !asked {
                break;
            }
            s.write_all(&[0x12]).map_err(|e| format!("sink write: {e}"))?;
            answered += 1;
            pos = if answered <= 4 { pos + 3 } else { got.len() };
        }
    }
    if got.is_empty() {
        return Ok(None);
    }
    let body = got
        .strip_prefix(&STATUS_QUERY[..])
        .and_then(|b| b.strip_suffix(&STATUS_QUERY[..]))
        .ok_or_else(|| format!("a job without its status queries ({} bytes)", got.len()))?;
    let parsed = certdesk::slip::parse_escpos(body).map_err(|e| format!("sink parse: {e}"))?;
    let text = parsed.text();
    let after = text.split("打印流水号").nth(1).ok_or("a slip without a serial")?;
    let digits: String = after.chars().skip_while(|c| !c.is_ascii_digit()).take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().map(Some).map_err(|e| format!("serial {digits:?}: {e}"))
}

// ---- setup, run, checks -------------------------------------------------------------------

fn setup(dir: &Path, holders: usize, port: u16, pg_url: Option<&str>) {
    let t = Instant::now();
    let mut cfg = format!(
        "[printer]\ntarget = \"tcp://127.0.0.1:{port}\"\ntimeout_ms = 10000\nquery_status = true\n\
         [kiosk]\nmax_prints_per_cert_per_day = 1000000\n"
    );
    if let Some(u) = pg_url {
        cfg.push_str(&format!("[paths]\ndatabase = {u:?}\n"));
    }
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("certdesk.toml"), cfg).unwrap();
    Home::init(dir, today()).unwrap();
    std::fs::write(dir.join("holders.txt"), holders.to_string()).unwrap();
    let home = Home::open(dir).unwrap();
    let store = home.store().unwrap();
    certdesk::roster::populate(&store, holders, SEED, today()).unwrap();
    for i in 0..COUNTERS {
        store.staff().add(&format!("{:04}", 10 + i), &format!("窗口{}", i + 1), PIN, Role::Clerk).unwrap();
    }
    // Slip payloads for the verifiers: real signed codes of real certificates.
    let signer = home.signer().unwrap();
    let trust = home.trust().unwrap();
    let now = chrono::Local::now().naive_local();
    let mut payloads = Vec::new();
    for (i, (id, _)) in identities(holders).iter().take(200).enumerate() {
        for c in store.holders().certificates_for(id).unwrap() {
            let status = c.status(now.date(), &home.config.reminders);
            let claims = SlipClaims::for_certificate(&c, status, 1_000_000 + i as u64, now);
            payloads.push(seal::seal(&claims, &signer, &trust, None).unwrap());
        }
    }
    std::fs::write(dir.join("payloads.txt"), payloads.join("\n")).unwrap();
    eprintln!(
        "setup: {holders} holders, {} payloads, {} staff in {:.1} s",
        payloads.len(),
        COUNTERS,
        t.elapsed().as_secs_f64()
    );
}

fn terminals() -> Vec<(Role10, usize)> {
    let mut v = Vec::new();
    v.extend((0..KIOSKS).map(|i| (Role10::Kiosk, i)));
    v.extend((0..COUNTERS).map(|i| (Role10::Counter, i)));
    v.extend((0..VERIFIERS).map(|i| (Role10::Verifier, i)));
    v
}

/// Each terminal its own process on the one SQLite file.
fn run_processes(dir: &Path, start_ms: u64, secs: u64) -> Vec<(Role10, usize, Report)> {
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = terminals()
        .into_iter()
        .map(|(role, i)| {
            let c = Command::new(&exe)
                .arg("--child")
                .args([
                    role.name(),
                    &i.to_string(),
                    &dir.display().to_string(),
                    &start_ms.to_string(),
                    &secs.to_string(),
                ])
                .stdout(Stdio::piped())
                .spawn()
                .expect("start a terminal process");
            (role, i, c)
        })
        .collect();
    children
        .into_iter()
        .map(|(role, i, mut c)| {
            let out = c.stdout.take().unwrap();
            let mut report = None;
            for line in BufReader::new(out).lines() {
                let line = line.unwrap();
                if let Some(j) = line.strip_prefix("HALL-RESULT ") {
                    report = Some(serde_json::from_str(j).expect("a terminal's report"));
                }
            }
            let status = c.wait().unwrap();
            let report = report.unwrap_or_else(|| {
                let mut r = Report::default();
                r.error(format!("the {} {i} process ended without a report ({status})", role.name()));
                r
            });
            (role, i, report)
        })
        .collect()
}

/// Each terminal a thread with its own connection.
fn run_threads(dir: &Path, start_ms: u64, secs: u64) -> Vec<(Role10, usize, Report)> {
    let hs: Vec<_> = terminals()
        .into_iter()
        .map(|(role, i)| {
            let dir = dir.to_path_buf();
            (role, i, std::thread::spawn(move || run_terminal(role, i, &dir, start_ms, secs)))
        })
        .collect();
    hs.into_iter()
        .map(|(role, i, h)| {
            let r = h.join().unwrap_or_else(|_| {
                let mut r = Report::default();
                r.error(format!("the {} {i} thread panicked", role.name()));
                r
            });
            (role, i, r)
        })
        .collect()
}

fn pct(v: &mut [u64], p: usize) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_unstable();
    let i = (v.len() * p / 100).min(v.len() - 1);
    v[i] as f64 / 1000.0
}

struct Checks {
    failed: Vec<String>,
    passed: Vec<String>,
}

impl Checks {
    fn check(&mut self, ok: bool, what: String) {
        if ok {
            self.passed.push(what);
        } else {
            self.failed.push(what);
        }
    }
}

fn main() {
    let a = args();
    if let Some(c) = a.child {
        // Child mode: one terminal; its report on stdout.
        let role = Role10::parse(&c[0]);
        let idx: usize = c[1].parse().unwrap();
        let dir = PathBuf::from(&c[2]);
        let (start_ms, secs): (u64, u64) = (c[3].parse().unwrap(), c[4].parse().unwrap());
        let r = run_terminal(role, idx, &dir, start_ms, secs);
        let mut out = std::io::stdout().lock();
        writeln!(out, "HALL-RESULT {}", serde_json::to_string(&r).unwrap()).unwrap();
        return;
    }
    let backends: Vec<&str> = match a.backend.as_str() {
        "both" => vec!["pg", "sqlite"],
        "pg" => vec!["pg"],
        "sqlite" => vec!["sqlite"],
        other => {
            eprintln!("--backend {other}: pg, sqlite or both");
            std::process::exit(2);
        }
    };
    let mut runs = Vec::new();
    let mut failed = false;
    for b in backends {
        let (figures, ok) = run_one(&a, b);
        failed |= !ok;
        runs.push((b, figures));
    }
    if runs.len() == 2 {
        println!("\nratios in this run (sqlite / pg; above 1: PostgreSQL is faster)");
        println!("{:<14} {:>10} {:>10} {:>12}", "operation", "p50", "p99", "throughput");
        let (pg, lite) = (&runs[0].1, &runs[1].1);
        for (op, f) in pg {
            if let Some(l) = lite.get(op) {
                println!(
                    "{op:<14} {:>10.2} {:>10.2} {:>12.2}",
                    l.p50 / f.p50,
                    l.p99 / f.p99,
                    f.per_sec / l.per_sec.max(f64::MIN_POSITIVE)
                );
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}

#[derive(Debug, Clone, Copy)]
struct Figure {
    p50: f64,
    p99: f64,
    per_sec: f64,
}

/// One load run on `backend`: the figures per operation and whether every check passed.
fn run_one(a: &Args, backend: &str) -> (BTreeMap<String, Figure>, bool) {
    let tmp = TempDir::new();
    let dir = tmp.path().join("hall");
    let (port, sink, sink_errors) = printer_sink();
    // Without --pg: a private cluster that commits durably (fsync on), as SQLite does here
    // (synchronous=FULL), so the two are compared like for like.
    let mut cluster = None;
    let url = (backend == "pg").then(|| match a.pg.clone() {
        Some(u) => pg::fresh_schema(&u, "hall_load").expect("a schema on --pg"),
        None => {
            let c = pg::Cluster::start_durable().unwrap_or_else(|e| {
                eprintln!("no PostgreSQL ({e}): install Debian's postgresql package or pass --pg URL");
                std::process::exit(2)
            });
            let u = c.fresh_url("hall_load");
            cluster = Some(c);
            u
        }
    });
    setup(&dir, a.holders, port, url.as_deref());
    // Everyone starts together once all are open (argon2 logins take a moment).
    let start_ms = epoch_ms() + 3000;
    eprintln!(
        "running {KIOSKS} kiosks, {COUNTERS} counters, {VERIFIERS} verifiers for {} s on {} ...",
        a.secs, backend
    );
    let t = Instant::now();
    let threads = a.terminals.as_deref().unwrap_or(if backend == "sqlite" { "processes" } else { "threads" });
    let reports = match threads {
        "processes" => run_processes(&dir, start_ms, a.secs),
        "threads" => run_threads(&dir, start_ms, a.secs),
        other => panic!("--terminals {other}: processes or threads"),
    };
    let wall = t.elapsed().as_secs_f64() - 3.0;

    // ---- figures
    let mut lat: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for (_, _, r) in &reports {
        for (k, v) in &r.lat {
            lat.entry(k.clone()).or_default().extend(v);
        }
    }
    println!(
        "\nhall load: backend {}, terminals as {threads}, {} s, {KIOSKS} kiosks + {COUNTERS} counters + {VERIFIERS} verifiers",
        backend, a.secs
    );
    println!("{:<14} {:>8} {:>9} {:>9} {:>9} {:>8}", "operation", "count", "p50 ms", "p99 ms", "max ms", "per s");
    let mut figures = BTreeMap::new();
    for op in ["identify", "print commit", "print total", "ticket", "case open", "case save", "tick", "accept", "scan"]
    {
        let mut v = lat.remove(op).unwrap_or_default();
        let n = v.len();
        let max = v.iter().max().copied().unwrap_or(0) as f64 / 1000.0;
        let (p50, p99) = (pct(&mut v, 50), pct(&mut v, 99));
        let per_sec = n as f64 / wall.max(0.001);
        println!("{op:<14} {n:>8} {p50:>9.2} {p99:>9.2} {max:>9.1} {per_sec:>8.1}");
        figures.insert(op.to_string(), Figure { p50, p99, per_sec });
    }

    // ---- checks
    let mut ck = Checks { failed: vec![], passed: vec![] };
    let errors: Vec<String> = reports
        .iter()
        .flat_map(|(role, i, r)| r.errors.iter().map(move |e| format!("{} {i}: {e}", role.name())))
        .collect();
    // Errors are operations a terminal was refused (a busy database, say): the person would see
    // "please try again". They are counted and shown, not failed on: what must never happen is
    // checked below (lost or doubled jobs, duplicate numbers, a broken audit chain).
    let total_errors: u64 = reports.iter().map(|(_, _, r)| r.error_count).sum();
    let mut kinds: BTreeMap<String, u64> = BTreeMap::new();
    for e in &errors {
        let k: String = e.chars().filter(|c| !c.is_ascii_digit()).take(90).collect();
        *kinds.entry(k).or_default() += 1;
    }
    println!("refused operations: {total_errors}");
    for (k, n) in &kinds {
        println!("  {n:>5} x {k}");
    }
    let walk_ins: u64 = reports.iter().map(|(_, _, r)| r.walk_ins).sum();
    if walk_ins > 0 {
        println!("the day's queue ran out (999 tickets); {walk_ins} cases opened as walk-ins after that");
    }
    let home = Home::open(&dir).unwrap();
    let store = home.store_with(OpenCheck::Full).unwrap();

    let printed: Vec<u64> = reports.iter().flat_map(|(_, _, r)| r.serials.iter().copied()).collect();
    let failed: Vec<u64> = reports.iter().flat_map(|(_, _, r)| r.failed_prints.iter().copied()).collect();
    let all: Vec<u64> = printed.iter().chain(&failed).copied().collect();
    let unique: HashSet<u64> = all.iter().copied().collect();
    ck.check(
        unique.len() == all.len(),
        format!("{} serials handed out, all unique ({} distinct)", all.len(), unique.len()),
    );
    let mut not_printed = 0;
    for s in &printed {
        match store.print_jobs().get(*s).unwrap() {
            Some(j) if j.state == certdesk::store::JobState::Printed && j.has_bytes => {}
            _ => not_printed += 1,
        }
    }
    ck.check(not_printed == 0, format!("every printed serial is one printed job with its bytes ({not_printed} not)"));
    let top = all.iter().max().copied().unwrap_or(0);
    let unknown: Vec<u64> =
        (1..=top + 50).filter(|s| !unique.contains(s) && store.print_jobs().get(*s).unwrap().is_some()).collect();
    ck.check(unknown.is_empty(), format!("no job that no kiosk was told about ({} found: {unknown:?})", unknown.len()));
    let pending = store.print_jobs().unfinished().unwrap();
    ck.check(pending.is_empty(), format!("no job left pending ({})", pending.len()));
    // The sink finishes reading a job right after the kiosk's send returns: give it a moment.
    std::thread::sleep(Duration::from_millis(500));
    let mut at_sink = sink.lock().unwrap().clone();
    at_sink.sort_unstable();
    let mut want = printed.clone();
    want.sort_unstable();
    ck.check(
        at_sink == want,
        format!(
            "the printer received each printed serial exactly once ({} slips, {} printed)",
            at_sink.len(),
            want.len()
        ),
    );
    let se = sink_errors.lock().unwrap().clone();
    ck.check(se.is_empty(), format!("the printer got only well-formed jobs ({se:?})"));

    let tickets: Vec<String> = reports.iter().flat_map(|(_, _, r)| r.tickets.iter().cloned()).collect();
    let tset: BTreeSet<&String> = tickets.iter().collect();
    ck.check(tset.len() == tickets.len(), format!("{} ticket numbers, all unique", tickets.len()));
    let on_record = store.tickets().on(today()).unwrap();
    let rec: BTreeSet<&String> = on_record.iter().map(|t| &t.label).collect();
    ck.check(
        rec == tset && on_record.len() == tickets.len(),
        format!("{} tickets on record, the same ones", on_record.len()),
    );

    let cases: Vec<String> = reports.iter().flat_map(|(_, _, r)| r.cases.iter().cloned()).collect();
    let cset: BTreeSet<&String> = cases.iter().collect();
    ck.check(cset.len() == cases.len(), format!("{} case numbers, all unique", cases.len()));
    let missing = cases.iter().filter(|n| store.cases().by_number(n).unwrap().is_none()).count();
    let owned: usize = reports
        .iter()
        .filter_map(|(_, _, r)| r.staff.as_ref())
        .map(|s| store.cases().owned_by(s, 10_000_000).unwrap().len())
        .sum();
    ck.check(
        missing == 0 && owned == cases.len(),
        format!("every case on record ({missing} missing; {owned} owned by the counters' staff)"),
    );

    let scans: u64 = reports.iter().map(|(_, _, r)| r.scans).sum();
    let logged: u64 = store.scan_counts(today()).unwrap().iter().map(|(_, n)| *n as u64).sum();
    ck.check(scans == logged, format!("{scans} scans, {logged} logged"));

    match store.audit().verify_report() {
        Ok(rep) => ck.check(
            rep.sealed && rep.signed == rep.entries,
            format!(
                "audit chain intact: {} entries, {} signed, {} checkpoints",
                rep.entries, rep.signed, rep.checkpoints
            ),
        ),
        Err(e) => ck.check(false, format!("audit chain broken: {e}")),
    }

    println!();
    for p in &ck.passed {
        println!("ok    {p}");
    }
    for f in &ck.failed {
        println!("FAIL  {f}");
    }
    drop(store);
    drop(tmp);
    drop(cluster);
    (figures, ck.failed.is_empty())
}
