//! The verifier station's service: verifies a scanned burst against the trust list and the
//! station's signed revocation list, logs the scan (no name, no ID: see `store/scans.rs`) and
//! returns the `seal::verify` result with today's counts. No screen text here.

use crate::clock::Clock;
use crate::seal::{self, ListInfo, Policy, PrintAnswer, RevocationList, TrustList, Verification};
use crate::settings::Settings;
use crate::store::print_records::PrintRecord;
use crate::store::Store;
use anyhow::Result;
use certdesk_domain::timeouts::Timeouts;
use certdesk_protocol::verifier::{Counts, Effect, Outcome, Spool};
use certdesk_protocol::verifier_doc::DocVerdict;
use certdesk_protocol::Services;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Instant;

/// The verifier station's backend: trust list, revocation list, scan log.
pub struct VerifierService {
    trust: TrustList,
    revoked: RevocationList,
    clock: Clock,
    max_list_age: Option<Duration>,
    review_days: Option<i64>,
    /// Where errors go (the terminal belongs to the screen); None: stderr (tests, no home).
    log_path: Option<std::path::PathBuf>,
    /// The station's list file and its modification time and length when last read: a list installed by
    /// `certdesk revocations import` while the station runs is picked up at the next scan.
    list_file: Option<(std::path::PathBuf, Option<Stamp>)>,
    /// The scan log: rows wait here and the writer thread, which alone holds the database,
    /// writes them. A verdict needs no database (offline by design), so no scan ever waits for
    /// one: not for a write, not for a server that refuses, not for a connect timeout.
    log: Arc<ScanLog>,
    /// Numbers the queued rows, so the writer removes exactly the row it wrote.
    next_seq: u64,
    /// The last scan row id drawn (`next_row_id`).
    last_row_id: i64,
    /// Ask the registry whether it printed each authentic slip (issue 18, online confirmation):
    /// on for a home's station (`open`), off for [`VerifierService::new`] unless
    /// [`VerifierService::confirming`] turns it on.
    online: bool,
    /// How long a scan waits for the registry's answer before its verdict is given offline (the
    /// settings' `outage_patience`: the person at the station must not be kept waiting).
    patience: std::time::Duration,
}

/// A question to the registry, numbered, so that a late answer is never taken for the next
/// question's.
#[derive(Clone)]
struct Question {
    id: u64,
    ask: Ask,
}

/// What the registry is asked.
#[derive(Clone)]
enum Ask {
    /// Did it print the slip `serial` for the certificate `handle`, in the minute `at`?
    Print { serial: u64, handle: [u8; 8], at: NaiveDateTime },
    /// Does it hold the counter document this code names, with its bytes unchanged
    /// (`doc_verify::check`; the code's signature was checked against `trust` already)?
    Document { code: String, trust: Box<TrustList> },
}

/// The registry's answer to an [`Ask`].
enum Reply {
    Print(PrintRecord),
    Document(Box<crate::doc_verify::DocAnswer>),
}

/// A scan log row waiting for the database.
#[derive(Clone)]
struct QueuedScan {
    seq: u64,
    /// The row's id in the database, drawn when it was queued (`next_row_id`): written with
    /// `Store::log_scan_once`, so a row replayed from disk after a crash is written once.
    id: i64,
    at: NaiveDateTime,
    verdict: String,
    key_id: Option<String>,
    handle: Option<[u8; 8]>,
}

impl QueuedScan {
    /// Its file name among the waiting records: time first, so they replay oldest first.
    fn name(&self) -> String {
        format!("scan-{}-{:016x}", self.at.format("%Y%m%d%H%M%S"), self.id.unsigned_abs())
    }

    fn record(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.id,
            "at": self.at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            "verdict": self.verdict,
            "key_id": self.key_id,
            "handle": self.handle.map(hex::encode),
        })
    }

    fn from_record(seq: u64, v: &serde_json::Value) -> Option<QueuedScan> {
        let id = v["id"].as_i64().filter(|i| *i < 0)?;
        let at = NaiveDateTime::parse_from_str(v["at"].as_str()?, "%Y-%m-%dT%H:%M:%S").ok()?;
        let verdict = v["verdict"].as_str()?.to_string();
        let key_id = v["key_id"].as_str().map(str::to_string);
        let handle = match v["handle"].as_str() {
            Some(h) => Some(<[u8; 8]>::try_from(hex::decode(h).ok()?).ok()?),
            None => None,
        };
        Some(QueuedScan { seq, id, at, verdict, key_id, handle })
    }
}

/// What the station and its writer thread share.
struct ScanLog {
    state: Mutex<LogState>,
    /// Signalled on every change (a new row, an attempt finished, closing).
    changed: Condvar,
}

type Report = Box<dyn Fn(certdesk_protocol::Outcome) + Send>;

struct LogState {
    queued: VecDeque<QueuedScan>,
    /// Where queued rows are kept on disk until written (`waiting/verifier` in the home);
    /// `None` for a station without a home (tests), whose rows live in memory only.
    waiting: Option<crate::waiting::Waiting>,
    /// The last attempt to reach the database failed as an outage; the writer tries again on
    /// the backoff (`Timeouts::outage_retry_first` doubling to `outage_retry_max`), never once per scan.
    offline: bool,
    /// No attempt before this instant while offline.
    next_try: Option<Instant>,
    /// Try now whatever the backoff (the blocking API: `scan`, `counts`).
    kick: bool,
    /// Someone wants today's counts read from the database.
    want_counts: bool,
    /// Attempts started and finished by the writer (the blocking API waits for one that
    /// started after its row was queued).
    started: u64,
    attempts: u64,
    closing: bool,
    /// The writer thread ended (a panic included): nobody writes the queue any more.
    writer_gone: bool,
    /// Today's counts as last read from the database, plus the rows written since.
    last_counts: (NaiveDate, Counts),
    /// Where the writer's news goes (the screen), once the worker has started.
    report: Option<Report>,
    /// Whether the database is a registry (holds certificates), as the writer found on
    /// connecting; unknown until then. A station's own database, holding only its scan log,
    /// is not one: its verdicts stay offline.
    registry: Option<bool>,
    /// The scan's question to the registry, waiting for the writer.
    question: Option<Question>,
    /// The registry's answer to question `.0` (`None`: no answer, the verdict stays offline).
    answer: Option<(u64, Option<Reply>)>,
}

impl LogState {
    fn spool(&self) -> Spool {
        Spool { waiting: self.queued.len(), offline: self.offline }
    }

    /// Today's counts: the last counts read plus the queued scans of today.
    fn counts(&self, today: NaiveDate) -> Counts {
        let mut by: std::collections::BTreeMap<String, u32> = std::collections::BTreeMap::new();
        if self.last_counts.0 == today {
            by.extend(self.last_counts.1.iter().cloned());
        }
        for q in self.queued.iter().filter(|q| q.at.date() == today) {
            *by.entry(q.verdict.to_string()).or_default() += 1;
        }
        by.into_iter().collect()
    }

    fn tell(&self, o: certdesk_protocol::Outcome) {
        if let Some(r) = &self.report {
            r(o);
        }
    }
}

/// At most this many scans wait for the database (hours of scanning); older ones are dropped
/// first, and the drop is written to certdesk.log.
const MAX_QUEUED: usize = 10_000;

// The first and longest wait between reconnection attempts while the server is away (doubling
// in between) are the settings' (`Timeouts::outage_retry_first`, `outage_retry_max`), as the
// kiosk's (`service::Live`).

/// How long the station, closing, waits for its writer to write what is queued while the
/// database answers (a write waits at most the lock timeout; a few of them).
const CLOSE_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

fn unavailable(e: &anyhow::Error) -> bool {
    e.downcast_ref::<crate::store::StoreError>().is_some_and(|e| e.is_unavailable())
}

/// What tells a list file changed: its modification time and its length. The length catches an
/// edit made within the file system's timestamp resolution (a struck entry shortens the file).
type Stamp = (std::time::SystemTime, u64);

fn modified(p: &std::path::Path) -> Option<Stamp> {
    std::fs::metadata(p).and_then(|m| Ok((m.modified()?, m.len()))).ok()
}

/// The burst as the verifier reads it: surrounding whitespace dropped and upper-cased. The
/// payload alphabet is Base45 (upper case only) and the URL prefix is upper case too, so a
/// scanner under Caps Lock, which inverts case, still gives the signed text.
pub fn normalise(burst: &str) -> String {
    burst.trim().to_uppercase()
}

fn log_to(path: &Option<std::path::PathBuf>, msg: &str) {
    match path {
        Some(p) => super::append_log(p, msg),
        None => eprintln!("certdesk {msg}"),
    }
}

/// How the writer gets its database: the one it was given, or a home to connect through
/// (a hall's server, connected by the writer so that the station never waits for it).
enum Source {
    Given(Box<Store>),
    Home(Box<Settings>),
}

impl VerifierService {
    /// A verifier on a store it was given, with the product's timeouts (the tests' way in; stations use `open`).
    pub fn new(
        store: Store,
        trust: TrustList,
        revoked: RevocationList,
        clock: Clock,
        max_list_age: Option<Duration>,
        review_days: Option<i64>,
    ) -> VerifierService {
        let timeouts = Timeouts::default();
        Self::build(Source::Given(Box::new(store)), trust, revoked, clock, max_list_age, review_days, None, timeouts)
    }

    #[allow(clippy::too_many_arguments)]
    fn build(
        source: Source,
        trust: TrustList,
        revoked: RevocationList,
        clock: Clock,
        max_list_age: Option<Duration>,
        review_days: Option<i64>,
        log_path: Option<std::path::PathBuf>,
        timeouts: Timeouts,
    ) -> VerifierService {
        let today = clock.today();
        // A store at hand (a SQLite file, or a server already connected) gives today's counts
        // for the first screen; a server the writer connects to gives them when it answers.
        let (counts, registry) = match &source {
            Source::Given(s) => {
                (s.scan_counts(today).unwrap_or_default(), s.holders().certificate_count().ok().map(|n| n > 0))
            }
            Source::Home(_) => (Counts::new(), None),
        };
        let log = Arc::new(ScanLog {
            state: Mutex::new(LogState {
                queued: VecDeque::new(),
                waiting: None,
                offline: false,
                next_try: None,
                kick: false,
                want_counts: false,
                started: 0,
                attempts: 0,
                closing: false,
                writer_gone: false,
                last_counts: (today, counts),
                report: None,
                registry,
                question: None,
                answer: None,
            }),
            changed: Condvar::new(),
        });
        let (shared, wclock, wlog) = (log.clone(), clock.clone(), log_path.clone());
        let spawned = std::thread::Builder::new()
            .name("certdesk-scan-log".into())
            .spawn(move || writer(shared, source, wclock, wlog, timeouts));
        if let Err(e) = spawned {
            // Without a writer the rows only queue (and the screen says they wait).
            log_to(&log_path, &format!("verifier: the scan log writer did not start: {e}"));
            let mut st = log.state.lock().unwrap_or_else(|p| p.into_inner());
            st.writer_gone = true;
            st.offline = true;
        }
        VerifierService {
            trust,
            revoked,
            clock,
            max_list_age,
            review_days,
            log_path,
            list_file: None,
            log,
            next_seq: 0,
            last_row_id: i64::MIN,
            online: false,
            patience: timeouts.outage_patience,
        }
    }

    /// Confirm authentic slips with the registry (the store given to [`VerifierService::new`]
    /// when it holds certificates), as a home's station does.
    pub fn confirming(mut self) -> VerifierService {
        self.online = true;
        self
    }

    /// Ask the registry about an authentic slip through the writer (which alone holds the
    /// database), waiting at most `patience`. Asked only of a database the writer has reached
    /// and found to be a registry: no scan waits for a connection (issue 10's promise), only
    /// for one query. No answer (offline, not yet connected, not a registry, slow, a failing
    /// query) leaves the verdict offline, which it says; never a guess.
    fn confirm(&mut self, v: &mut Verification) {
        let Some(c) = &v.claims else { return };
        let ask = Ask::Print { serial: c.serial, handle: c.seal_handle, at: c.printed_at };
        match self.ask(ask) {
            Some(Reply::Print(PrintRecord::Matches)) => seal::confirm(v, PrintAnswer::Printed),
            Some(Reply::Print(PrintRecord::None)) => seal::confirm(v, PrintAnswer::NotPrinted),
            _ => {}
        }
    }

    /// Put `ask` to the registry through the writer and wait for its answer (at most
    /// `patience`; see [`VerifierService::confirm`]). `None`: no answer, the verdict stays offline.
    fn ask(&mut self, ask: Ask) -> Option<Reply> {
        self.next_seq += 1;
        let q = Question { id: self.next_seq, ask };
        let id = q.id;
        let end = Instant::now() + self.patience;
        let mut st = self.state();
        if st.offline || st.writer_gone || st.registry != Some(true) {
            return None;
        }
        st.question = Some(q);
        st.kick = true;
        self.log.changed.notify_all();
        let answer = loop {
            if let Some((_, r)) = st.answer.take_if(|(a, _)| *a == id) {
                break r;
            }
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() || st.writer_gone || st.offline {
                break None;
            }
            st = self.log.changed.wait_timeout(st, left).unwrap_or_else(|p| p.into_inner()).0;
        };
        // Unanswered in time: the question is withdrawn (an answer arriving later is ignored).
        if st.question.as_ref().is_some_and(|q| q.id == id) {
            st.question = None;
        }
        answer
    }

    /// A counter document's code (`CDA:`): its signature on the station's trust list, then,
    /// online, whether the registry holds the document unchanged (`doc_verify::check`, as
    /// `certdesk verify` answers). A registry that does not answer in time leaves it offline.
    fn check_document(&mut self, code: &str) -> crate::doc_verify::DocAnswer {
        let offline = match crate::doc_verify::check(code, &self.trust, None) {
            Ok(a) => a,
            // Without a registry the check reads nothing that can fail; kept total all the same.
            Err(e) => {
                self.log(&format!("verifier: document code not checked: {e:#}"));
                return crate::doc_verify::malformed();
            }
        };
        if !offline.is_valid() || !self.online {
            return offline;
        }
        match self.ask(Ask::Document { code: code.to_string(), trust: Box::new(self.trust.clone()) }) {
            Some(Reply::Document(a)) => *a,
            _ => offline,
        }
    }

    /// The station of a home, from its resolved settings: its trust list, its revocation list
    /// (an unusable one counts as none, so verdicts say `list_too_old`), and the age and review
    /// limits of certdesk.toml; the database waits by the settings' timeouts.
    pub fn open(settings: &Settings) -> Result<VerifierService> {
        let home = &settings.home;
        let clock = settings.clock.clone();
        let trust = home.trust()?;
        let path = home.revocations_path();
        let stamp = modified(&path);
        let revoked = crate::cli_verifier::station_list(home, &trust, home.config.ui.language);
        let days = home.config.verifier.max_list_age_days;
        // A SQLite file is opened here (a broken home fails at start); a hall's server is
        // connected by the writer thread, so a server that is down or unreachable at start is
        // an outage like a later one: the station starts, verifies and queues its scan rows.
        let source = if let crate::store::Location::Postgres(url) = home.db_location() {
            // Bad settings are not an outage: a URL that cannot be parsed stops the start, as on
            // the other terminals (the URL itself is not repeated: it may hold a password).
            // The TLS settings too: a CA file that cannot be read stops the start.
            if let Err(e) = crate::store::pg_connect::check_url(&url) {
                anyhow::bail!("bad database URL in paths.database ({}): {e}", home.db_location().shown());
            }
            Source::Home(Box::new(settings.clone()))
        } else {
            Source::Given(Box::new(settings.store_with(crate::store::OpenCheck::Cheap)?))
        };
        let mut v = Self::build(
            source,
            trust,
            revoked,
            clock,
            (days > 0).then(|| Duration::days(days.into())),
            Some(home.config.reminders.review_days),
            Some(home.dir.join("certdesk.log")),
            settings.timeouts,
        );
        v.list_file = Some((path, stamp));
        v.keep_waiting_in(&home.dir.join("waiting").join("verifier"));
        v.online = true;
        Ok(v)
    }

    /// Keep queued rows on disk in `dir` from now on, and queue (first) the rows kept there by
    /// an earlier run that could not write them (closed or killed during an outage). A
    /// directory that cannot be used leaves the rows in memory, as before, and says so in the
    /// log; a record that does not check out is set aside and logged.
    pub fn keep_waiting_in(&mut self, dir: &std::path::Path) {
        let w = match crate::waiting::Waiting::open(dir) {
            Ok(w) => w,
            Err(e) => {
                self.log(&format!("verifier: cannot keep waiting scan rows in {}: {e}", dir.display()));
                return;
            }
        };
        let loaded = match w.load() {
            Ok(l) => l,
            Err(e) => {
                self.log(&format!("verifier: cannot read the waiting scan rows in {}: {e}", dir.display()));
                crate::waiting::Loaded::default()
            }
        };
        for (name, why) in &loaded.bad {
            self.log(&format!("verifier: waiting scan row {name} is damaged ({why}); set aside as {name}.bad"));
        }
        let mut kept = vec![];
        for (name, v) in &loaded.records {
            self.next_seq += 1;
            match QueuedScan::from_record(self.next_seq, v) {
                Some(q) => kept.push(q),
                None => self.log(&format!("verifier: waiting scan row {name} is not a scan row; left in place")),
            }
        }
        if !kept.is_empty() {
            self.log(&format!("verifier: {} scan rows kept from an earlier run wait for the database", kept.len()));
        }
        let mut st = self.state();
        for q in kept.into_iter().rev() {
            st.queued.push_front(q);
        }
        st.waiting = Some(w);
        drop(st);
        self.log.changed.notify_all();
    }

    fn policy(&self, now: NaiveDateTime) -> Policy {
        Policy {
            today: now.date(),
            // The clock gives Beijing time (UTC+8, no daylight saving).
            now: (now - Duration::hours(8)).and_utc(),
            max_list_age: self.max_list_age,
            review_due_days: self.review_days,
        }
    }

    /// Set a list file to follow (as `open` does with the home's). For tests and stations whose
    /// list lives elsewhere.
    pub fn follow_list(&mut self, path: std::path::PathBuf) {
        self.list_file = Some((path, None));
        self.refresh_list();
    }

    /// Re-read the list file if it changed. A list that does not check out counts as none (the
    /// verdicts then say `list_too_old`, never `valid` on an unverified list); why goes to the log.
    fn refresh_list(&mut self) {
        let Some((path, stamp)) = &mut self.list_file else { return };
        let now = modified(path);
        if now == *stamp {
            return;
        }
        *stamp = now;
        let path = path.clone();
        self.revoked = match RevocationList::load(&path, &self.trust) {
            Ok(Some(l)) => l,
            Ok(None) => RevocationList::new(),
            Err(e) => {
                self.log(&format!("verifier: the revocation list is not usable ({e:#})"));
                RevocationList::new()
            }
        };
    }

    fn log(&self, msg: &str) {
        log_to(&self.log_path, msg)
    }

    fn state(&self) -> MutexGuard<'_, LogState> {
        self.log.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The id of the next scan row: negative (the identity column hands out positive ones),
    /// increasing with time so that rows keep their scan order by id, and with 12 random bits
    /// so that two stations scanning in the same microsecond do not meet: the microseconds
    /// since 2020 (49 bits last until 2037) shifted by 12, minus 2^62.
    fn next_row_id(&mut self) -> i64 {
        let micros = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_micros() as i64 - 1_577_836_800_000_000)
            .unwrap_or(0)
            .clamp(0, (1 << 49) - 1);
        let candidate = ((micros << 12) | (rand::random::<i64>() & 0xfff)) - (1 << 62);
        let id = candidate.max(self.last_row_id + 1);
        self.last_row_id = id;
        id
    }

    /// Verify one burst and queue its log row for the writer. Never touches the database.
    fn verify_and_queue(&mut self, burst: &str) -> (Verification, Counts) {
        self.refresh_list();
        let now = self.clock.now();
        let mut v = seal::verify_with(&normalise(burst), &self.trust, &self.revoked, &self.policy(now));
        // Before the row is queued, so that the log keeps the final verdict (not_printed).
        if self.online {
            self.confirm(&mut v);
        }
        let key_id = v.key_id.map(|k| k.to_string());
        let handle = v.claims.as_ref().map(|c| c.seal_handle);
        let counts = self.queue(now, v.verdict.word().to_string(), key_id, handle);
        (v, counts)
    }

    /// Check a counter document's code and queue its log row (verdict `document_<word>`, the
    /// signing key; no case or document number: the row says what was scanned, not whose).
    fn check_document_and_queue(&mut self, burst: &str) -> (DocVerdict, Counts) {
        let now = self.clock.now();
        let a = self.check_document(&normalise(burst));
        let counts = self.queue(now, format!("document_{}", a.verdict), a.key_id.clone(), None);
        let verdict = DocVerdict {
            verdict: a.verdict.to_string(),
            online: a.checked == "online",
            kind: a.kind.map(str::to_string),
            number: a.number,
            case: a.case,
            issued_on: a.issued_on.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            key_id: a.key_id,
        };
        (verdict, counts)
    }

    /// Queue one scan row for the writer (kept on disk first when the station has a home) and
    /// return today's counts with it.
    fn queue(
        &mut self,
        now: NaiveDateTime,
        verdict: String,
        key_id: Option<String>,
        handle: Option<[u8; 8]>,
    ) -> Counts {
        self.next_seq += 1;
        let seq = self.next_seq;
        let id = self.next_row_id();
        let q = QueuedScan { seq, id, at: now, verdict, key_id, handle };
        let mut st = self.state();
        // On disk before the verdict is given: a crash from here on loses nothing.
        if let Some(w) = &st.waiting {
            if let Err(e) = w.put(&q.name(), &q.record()) {
                let msg = format!("verifier: scan row not kept on disk ({e}); it waits in memory only");
                drop(st);
                self.log(&msg);
                st = self.state();
            }
        }
        st.queued.push_back(q);
        if st.queued.len() > MAX_QUEUED {
            let dropped = st.queued.len() - MAX_QUEUED;
            st.queued.drain(..dropped);
            drop(st);
            self.log(&format!("verifier: database unreachable; {dropped} oldest queued scan rows dropped"));
            st = self.state();
        }
        let counts = st.counts(now.date());
        // Told under the lock, so the screen hears of the queue's changes in their order.
        st.tell(Outcome::Spool { counts: counts.clone(), spool: st.spool() }.into());
        drop(st);
        self.log.changed.notify_all();
        counts
    }

    /// Verify one burst and try to write its log row now, waiting for that one attempt (for
    /// tools and tests; the station's screen goes through [`Services::run`], which never
    /// waits). On a hall whose database server is unreachable the row stays queued, the
    /// verdict is given all the same and the row is written when the server answers again. A
    /// row that can never be written (not an outage) is dropped and logged; the screen is told
    /// (`Outcome::LogFailed`), this call is not.
    pub fn scan(&mut self, burst: &str) -> Result<(Verification, Counts)> {
        let (v, _) = self.verify_and_queue(burst);
        self.attempt_now(false);
        Ok((v, self.counts_now()))
    }

    /// Ask the writer for an attempt now (whatever the backoff) and wait until it finished.
    fn attempt_now(&self, want_counts: bool) {
        let mut st = self.state();
        // An attempt under way may have passed the row just queued: wait for the next one.
        let target = st.started + 1;
        st.kick = true;
        st.want_counts |= want_counts;
        self.log.changed.notify_all();
        while st.attempts < target && !st.writer_gone {
            st = self.log.changed.wait(st).unwrap_or_else(|p| p.into_inner());
        }
    }

    fn counts_now(&self) -> Counts {
        self.state().counts(self.clock.today())
    }

    /// Today's counts, read from the database when it answers (waiting for one attempt), else
    /// the last counts read plus the queued scans.
    pub fn counts(&mut self) -> Result<Counts> {
        self.attempt_now(true);
        Ok(self.counts_now())
    }

    /// Whether the station is waiting for its database server.
    pub fn is_down(&self) -> bool {
        self.state().offline
    }

    /// Scan rows waiting for the database.
    pub fn queued(&self) -> usize {
        self.state().queued.len()
    }

    /// How old the station's revocation list is now.
    pub fn list(&mut self) -> ListInfo {
        self.refresh_list();
        seal::verify::list_info(&self.revoked, &self.policy(self.clock.now()))
    }
}

impl Services for VerifierService {
    fn run(
        &mut self,
        effect: certdesk_protocol::Effect,
        _progress: &mut dyn FnMut(certdesk_protocol::Outcome),
    ) -> Option<certdesk_protocol::Outcome> {
        let certdesk_protocol::Effect::Verifier(e) = effect else { return None };
        Some(match e {
            // A counter document's code (A4), not a slip's: which document, and (online)
            // whether the registry holds it as issued.
            Effect::Scan(burst) if seal::doc_qr::is_document_code(&burst) => {
                let (verdict, counts) = self.check_document_and_queue(&burst);
                Outcome::Document { verdict: Box::new(verdict), counts }.into()
            }
            Effect::Scan(burst) => {
                let (v, counts) = self.verify_and_queue(&burst);
                Outcome::Verified { verification: Box::new(v), counts, list: self.list() }.into()
            }
            Effect::Counts => {
                // What is known now; the writer reports the database's counts when it has them.
                let counts = {
                    let mut st = self.state();
                    st.want_counts = true;
                    st.counts(self.clock.today())
                };
                self.log.changed.notify_all();
                Outcome::Counts { counts, list: self.list() }.into()
            }
        })
    }

    fn startup(&mut self, report: Box<dyn Fn(certdesk_protocol::Outcome) + Send>) {
        let mut st = self.state();
        // What the writer found before the screen was there to hear it.
        report(Outcome::Spool { counts: st.counts(self.clock.today()), spool: st.spool() }.into());
        st.report = Some(report);
    }
}

impl Drop for VerifierService {
    /// Closing: the writer writes what is queued while the database answers, and the station
    /// waits for that (bounded); rows that cannot be written (the server away) are logged as lost.
    fn drop(&mut self) {
        let end = Instant::now() + CLOSE_WAIT;
        let mut st = self.state();
        st.closing = true;
        st.report = None;
        self.log.changed.notify_all();
        while !st.queued.is_empty() && !st.offline && !st.writer_gone {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            st = self.log.changed.wait_timeout(st, left).unwrap_or_else(|p| p.into_inner()).0;
        }
        let lost = st.queued.len();
        drop(st);
        if lost > 0 {
            let kept = st_kept(&self.log);
            self.log(&format!(
                "verifier: closing with the database unreachable; {lost} scan rows not written ({})",
                if kept { "kept on disk: written at the next start" } else { "in memory only: lost" }
            ));
        }
    }
}

fn st_kept(log: &ScanLog) -> bool {
    log.state.lock().unwrap_or_else(|p| p.into_inner()).waiting.is_some()
}

/// The writer thread: waits for rows (or a request for counts), writes them oldest first, reads
/// today's counts, and reports to the screen. While the database is out of reach it tries again
/// on the backoff; new scans do not make it try sooner.
fn writer(log: Arc<ScanLog>, source: Source, clock: Clock, log_path: Option<std::path::PathBuf>, timeouts: Timeouts) {
    let (retry_first, retry_max) = (timeouts.outage_retry_first, timeouts.outage_retry_max);
    struct Gone(Arc<ScanLog>);
    impl Drop for Gone {
        fn drop(&mut self) {
            let mut st = self.0.state.lock().unwrap_or_else(|p| p.into_inner());
            st.writer_gone = true;
            drop(st);
            self.0.changed.notify_all();
        }
    }
    let _gone = Gone(log.clone());
    let (mut store, home) = match source {
        Source::Given(s) => (Some(*s), None),
        Source::Home(h) => (None, Some(h)),
    };
    let mut wait = retry_first;
    let lock = || log.state.lock().unwrap_or_else(|p| p.into_inner());
    loop {
        // Wait for work, and while offline for the backoff to pass.
        {
            let mut st = lock();
            loop {
                // While offline the writer keeps trying even with nothing queued, so that the
                // note on screen goes away as soon as the server answers.
                let work =
                    !st.queued.is_empty() || st.want_counts || store.is_none() || st.offline || st.question.is_some();
                if st.closing && (st.queued.is_empty() || st.offline) {
                    return;
                }
                let due = st.kick || st.next_try.is_none_or(|t| Instant::now() >= t);
                if (work || st.kick) && due {
                    break;
                }
                st = match (work, st.next_try) {
                    (true, Some(t)) if !st.kick => {
                        let left = t.saturating_duration_since(Instant::now());
                        log.changed.wait_timeout(st, left).unwrap_or_else(|p| p.into_inner()).0
                    }
                    _ => log.changed.wait(st).unwrap_or_else(|p| p.into_inner()),
                };
            }
            st.kick = false;
            st.started += 1;
        }
        let today = clock.today();
        let res = attempt(&log, &mut store, home.as_deref(), today, &log_path);
        let mut st = lock();
        st.attempts += 1;
        match res {
            Ok(counts) => {
                if st.offline {
                    drop(st);
                    log_to(&log_path, "verifier: database reachable again; queued scan rows written");
                    st = lock();
                }
                st.offline = false;
                st.next_try = None;
                st.want_counts = false;
                wait = retry_first;
                if let Some(c) = counts {
                    st.last_counts = (today, c);
                }
            }
            Err(e) => {
                if !unavailable(&e) {
                    drop(st);
                    log_to(&log_path, &format!("verifier: {e:#}"));
                    st = lock();
                } else if !st.offline {
                    drop(st);
                    log_to(&log_path, "verifier: database unreachable; verdicts go on, scan rows wait (kept on disk)");
                    st = lock();
                }
                st.offline = true;
                st.next_try = Some(Instant::now() + wait);
                wait = wait.saturating_mul(2).min(retry_max);
            }
        }
        // The screen hears of each attempt, except a quiet one on a healthy database while
        // rows are still coming (the next attempt reports).
        if st.offline || st.queued.is_empty() {
            st.tell(Outcome::Spool { counts: st.counts(today), spool: st.spool() }.into());
        }
        drop(st);
        log.changed.notify_all();
    }
}

/// Answer the scan's question, if one waits, before anything else (the person at the station
/// waits for it; the log rows do not). An outage is returned (the verdict stays offline and the
/// writer goes on its backoff); another failure leaves that verdict offline and is logged.
fn answer(log: &ScanLog, db: &Store, log_path: &Option<std::path::PathBuf>) -> Result<()> {
    let lock = || log.state.lock().unwrap_or_else(|p| p.into_inner());
    let Some(q) = lock().question.clone() else { return Ok(()) };
    let result: Result<Reply> = match &q.ask {
        Ask::Print { serial, handle, at } => {
            db.print_jobs().confirm(*serial, handle, *at).map(Reply::Print).map_err(Into::into)
        }
        Ask::Document { code, trust } => {
            crate::doc_verify::check(code, trust, Some(db)).map(|a| Reply::Document(Box::new(a)))
        }
    };
    let (reply, failure) = match result {
        Ok(r) => (Some(r), None),
        Err(e) => (None, Some(e)),
    };
    let mut st = lock();
    if st.question.as_ref().is_some_and(|w| w.id == q.id) {
        st.question = None;
        st.answer = Some((q.id, reply));
    }
    drop(st);
    log.changed.notify_all();
    match failure {
        None => Ok(()),
        Some(e) if unavailable(&e) => Err(e),
        Some(e) => {
            log_to(log_path, &format!("verifier: the registry could not be read: {e:#}"));
            Ok(())
        }
    }
}

/// One attempt: connect if needed, write the queued rows oldest first, read today's counts
/// (`None` when the rows were written but the counts could not be read for another reason).
fn attempt(
    log: &ScanLog,
    store: &mut Option<Store>,
    home: Option<&Settings>,
    today: NaiveDate,
    log_path: &Option<std::path::PathBuf>,
) -> Result<Option<Counts>> {
    let lock = || log.state.lock().unwrap_or_else(|p| p.into_inner());
    if store.is_none() {
        let Some(home) = home else { anyhow::bail!("no database and no home to connect through") };
        *store = Some(home.store_with(crate::store::OpenCheck::Cheap)?);
        lock().registry = None;
    }
    let db = store.as_ref().expect("connected above");
    if lock().registry.is_none() {
        match db.holders().certificate_count() {
            Ok(n) => lock().registry = Some(n > 0),
            Err(e) if e.is_unavailable() => return Err(e.into()),
            // Not known: the verdicts stay offline (they say so) until the next connection.
            Err(e) => log_to(log_path, &format!("verifier: is this database a registry? {e:#}")),
        }
    }
    answer(log, db, log_path)?;
    loop {
        let Some(q) = lock().queued.front().cloned() else { break };
        let res = db
            .log_scan_once(q.id, q.at, &q.verdict, q.key_id.as_deref(), q.handle.as_ref())
            .map_err(anyhow::Error::from);
        let mut st = lock();
        // Only the writer removes rows from the front, but the oldest may have been dropped
        // (the queue at its limit) meanwhile: remove exactly the row written.
        let pos = st.queued.iter().position(|x| x.seq == q.seq);
        match res {
            Ok(_) => {
                if let Some(i) = pos {
                    st.queued.remove(i);
                }
                // Written (now, or before a crash: then nothing was written twice): forget the
                // file. Should that fail, the next start replays it into a no-op.
                if let Some(w) = &st.waiting {
                    if let Err(e) = w.remove(&q.name()) {
                        log_to(
                            log_path,
                            &format!("verifier: written scan row {} not removed from disk: {e}", q.name()),
                        );
                    }
                }
                // Counted at once, so the counts shown never dip between write and re-read.
                if st.last_counts.0 == q.at.date() {
                    let c = &mut st.last_counts.1;
                    match c.iter_mut().find(|(w, _)| *w == q.verdict) {
                        Some((_, n)) => *n += 1,
                        None => {
                            c.push((q.verdict.to_string(), 1));
                            c.sort();
                        }
                    }
                }
            }
            Err(e) if unavailable(&e) => return Err(e),
            Err(e) => {
                // Not an outage: this row will never be written; do not let it block the rest.
                if let Some(i) = pos {
                    st.queued.remove(i);
                }
                if let Some(w) = &st.waiting {
                    let _ = w.remove(&q.name());
                }
                st.tell(Outcome::LogFailed.into());
                drop(st);
                log_to(log_path, &format!("verifier: a scan row could not be written and was dropped: {e:#}"));
            }
        }
    }
    match db.scan_counts(today) {
        Ok(c) => Ok(Some(c)),
        Err(e) => {
            if unavailable(&e) {
                return Err(e);
            }
            log_to(log_path, &format!("verifier: today's counts could not be read: {e:#}"));
            Ok(None)
        }
    }
}
