//! The verifier station's service: verifies a scanned burst against the trust list and the
//! station's signed revocation list, logs the scan (no name, no ID: see `store/scans.rs`) and
//! returns the `seal::verify` result with today's counts. No screen text here.

use crate::app::verifier::{Counts, Effect, Outcome};
use crate::app::worker::Services;
use crate::clock::Clock;
use crate::home::Home;
use crate::seal::{self, ListInfo, Policy, RevocationList, TrustList, Verification};
use crate::store::Store;
use anyhow::Result;
use chrono::{Duration, NaiveDateTime};

pub struct VerifierService {
    /// `None` while a hall's server has not answered since the station started: verdicts need
    /// no database, so the station serves from the first scan and connects when it can.
    store: Option<Store>,
    /// The home to connect through (the audit key attached), when the station started without
    /// its server; `None` for a service built around a given store.
    home: Option<(std::path::PathBuf, crate::config::Config)>,
    /// Set while the server is away: the worker reconnects in the background, waiting this
    /// long first (and each scan tries once).
    down: Option<std::time::Duration>,
    trust: TrustList,
    revoked: RevocationList,
    clock: Clock,
    max_list_age: Option<Duration>,
    review_days: Option<i64>,
    /// Where errors go (the terminal belongs to the screen); None: stderr (tests, no home).
    log_path: Option<std::path::PathBuf>,
    /// The station's list file and its modification time when last read: a list installed by
    /// `certdesk revocations import` while the station runs is picked up at the next scan.
    list_file: Option<(std::path::PathBuf, Option<std::time::SystemTime>)>,
    /// Scans verified while a hall's database server was unreachable: the verdict needs no
    /// database, so the station goes on and writes these log rows when the server is back.
    queued: Vec<QueuedScan>,
    /// Today's counts as last read from the database (what the screen shows during an outage,
    /// plus the queued scans).
    last_counts: (chrono::NaiveDate, Counts),
}

/// A scan log row waiting for the database.
struct QueuedScan {
    at: NaiveDateTime,
    verdict: &'static str,
    key_id: Option<String>,
    handle: Option<[u8; 8]>,
}

/// At most this many scans wait for the database (hours of scanning); older ones are dropped
/// first, and the drop is written to certdesk.log.
const MAX_QUEUED: usize = 10_000;

/// First and longest wait between reconnection attempts while the server is away (doubling in
/// between), as the kiosk's (`service::Live`).
const RETRY_FIRST: std::time::Duration = std::time::Duration::from_millis(250);
const RETRY_MAX: std::time::Duration = std::time::Duration::from_secs(5);

fn unavailable(e: &anyhow::Error) -> bool {
    e.downcast_ref::<crate::store::StoreError>().is_some_and(|e| e.is_unavailable())
}

fn modified(p: &std::path::Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// The burst as the verifier reads it: surrounding whitespace dropped and upper-cased. The
/// payload alphabet is Base45 (upper case only) and the URL prefix is upper case too, so a
/// scanner under Caps Lock, which inverts case, still gives the signed text.
pub fn normalise(burst: &str) -> String {
    burst.trim().to_uppercase()
}

impl VerifierService {
    pub fn new(
        store: Store,
        trust: TrustList,
        revoked: RevocationList,
        clock: Clock,
        max_list_age: Option<Duration>,
        review_days: Option<i64>,
    ) -> VerifierService {
        let today = clock.today();
        VerifierService {
            store: Some(store),
            home: None,
            down: None,
            trust,
            revoked,
            clock,
            max_list_age,
            review_days,
            log_path: None,
            list_file: None,
            queued: Vec::new(),
            last_counts: (today, Counts::new()),
        }
    }

    /// The station of a home: its trust list, its revocation list (an unusable one counts as
    /// none, so verdicts say `list_too_old`), and the age and review limits of certdesk.toml.
    pub fn open(home: &Home, clock: Clock) -> Result<VerifierService> {
        let trust = home.trust()?;
        let path = home.revocations_path();
        let stamp = modified(&path);
        let revoked = crate::cli_verifier::station_list(home, &trust);
        let days = home.config.verifier.max_list_age_days;
        let today = clock.today();
        // A hall's server that does not answer at start is an outage like a later one: the
        // station starts, verifies, queues its scan rows and connects by itself.
        let store = match home.store() {
            Ok(s) => Some(s),
            Err(e) if unavailable(&e) => None,
            Err(e) => return Err(e),
        };
        let mut v = VerifierService {
            down: store.is_none().then_some(RETRY_FIRST),
            store,
            home: Some((home.dir.clone(), home.config.clone())),
            trust,
            revoked,
            clock,
            max_list_age: (days > 0).then(|| Duration::days(days.into())),
            review_days: Some(home.config.reminders.review_days),
            log_path: None,
            list_file: None,
            queued: Vec::new(),
            last_counts: (today, Counts::new()),
        };
        v.log_path = Some(home.dir.join("certdesk.log"));
        if v.store.is_none() {
            v.log("verifier: database unavailable at start; verdicts go on, scan rows wait in memory");
        }
        v.list_file = Some((path, stamp));
        Ok(v)
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
        match &self.log_path {
            Some(p) => super::append_log(p, msg),
            None => eprintln!("certdesk {msg}"),
        }
    }

    /// Verify one burst and log it. The log row is written before the answer is returned; on
    /// a hall whose database server is unreachable it waits in memory (the verdict is given all
    /// the same: it is offline by design) and is written when the server answers again.
    pub fn scan(&mut self, burst: &str) -> Result<(Verification, Counts)> {
        self.refresh_list();
        let now = self.clock.now();
        let v = seal::verify_with(&normalise(burst), &self.trust, &self.revoked, &self.policy(now));
        let key_id = v.key_id.map(|k| k.to_string());
        let handle = v.claims.as_ref().map(|c| c.seal_handle);
        self.queued.push(QueuedScan { at: now, verdict: v.verdict.word(), key_id, handle });
        if self.queued.len() > MAX_QUEUED {
            let dropped = self.queued.len() - MAX_QUEUED;
            self.queued.drain(..dropped);
            self.log(&format!("verifier: database unreachable; {dropped} oldest queued scan rows dropped"));
        }
        if self.down.is_some() {
            // One attempt (a refused connection answers at once; an unreachable host within the
            // connect timeout); the worker also retries in the background while the station idles.
            return match self.reconnect() {
                Ok(()) => Ok((v, self.counts()?)),
                Err(e) if unavailable(&e) => Ok((v, self.counts_offline(now.date()))),
                Err(e) => Err(e),
            };
        }
        match self.flush() {
            Ok(()) => Ok((v, self.counts()?)),
            Err(e) if unavailable(&e) => {
                self.down.get_or_insert(RETRY_FIRST);
                Ok((v, self.counts_offline(now.date())))
            }
            Err(e) => Err(e),
        }
    }

    /// The database, or "unavailable" while the server has not answered since the start.
    fn store(&self) -> Result<&Store> {
        self.store.as_ref().ok_or_else(|| {
            crate::store::StoreError::Unavailable("the database server has not answered since the start".into()).into()
        })
    }

    /// Try the server again: connect if the station has never been connected, and write what
    /// waited. `Ok` when it answers.
    fn reconnect(&mut self) -> Result<()> {
        if self.store.is_none() {
            let Some((dir, config)) = &self.home else { anyhow::bail!("no home to connect through") };
            let home = Home { dir: dir.clone(), config: config.clone() };
            self.store = Some(home.store()?);
        }
        self.flush()?;
        self.down = None;
        self.log("verifier: database reachable again; queued scan rows written");
        Ok(())
    }

    /// Whether the station is waiting for its database server.
    pub fn is_down(&self) -> bool {
        self.down.is_some()
    }

    /// Write the queued scan rows, oldest first; each leaves the queue once written.
    fn flush(&mut self) -> Result<()> {
        while let Some(q) = self.queued.first() {
            match self.store()?.log_scan(q.at, q.verdict, q.key_id.as_deref(), q.handle.as_ref()) {
                Ok(()) => {
                    self.queued.remove(0);
                }
                Err(e) if unavailable(&e) => return Err(e),
                Err(e) => {
                    // Not an outage: this row will never be written; do not let it block the rest.
                    self.queued.remove(0);
                    self.log(&format!("verifier: a scan row could not be written and was dropped: {e:#}"));
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    pub fn counts(&mut self) -> Result<Counts> {
        let today = self.clock.today();
        if self.down.is_some() {
            if let Err(e) = self.reconnect() {
                return if unavailable(&e) { Ok(self.counts_offline(today)) } else { Err(e) };
            }
        }
        match self.flush().and_then(|()| self.store()?.scan_counts(today).map_err(Into::into)) {
            Ok(c) => {
                self.last_counts = (today, c.clone());
                Ok(c)
            }
            Err(e) if unavailable(&e) => {
                self.down.get_or_insert(RETRY_FIRST);
                Ok(self.counts_offline(today))
            }
            Err(e) => Err(e),
        }
    }

    /// Today's counts while the database is unreachable: the last counts read plus the queued
    /// scans of today.
    fn counts_offline(&self, today: chrono::NaiveDate) -> Counts {
        let mut by: std::collections::BTreeMap<String, u32> = std::collections::BTreeMap::new();
        if self.last_counts.0 == today {
            by.extend(self.last_counts.1.iter().cloned());
        }
        for q in self.queued.iter().filter(|q| q.at.date() == today) {
            *by.entry(q.verdict.to_string()).or_default() += 1;
        }
        by.into_iter().collect()
    }

    /// Scan rows waiting for the database.
    pub fn queued(&self) -> usize {
        self.queued.len()
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
        effect: crate::app::Effect,
        _progress: &mut dyn FnMut(crate::app::Outcome),
    ) -> Option<crate::app::Outcome> {
        let crate::app::Effect::Verifier(e) = effect else { return None };
        let res = match e {
            Effect::Scan(burst) => self.scan(&burst).map(|(v, counts)| Outcome::Verified {
                verification: Box::new(v),
                counts,
                list: self.list(),
            }),
            Effect::Counts => self.counts().map(|counts| Outcome::Counts { counts, list: self.list() }),
        };
        Some(match res {
            Ok(o) => o.into(),
            Err(e) => {
                self.log(&format!("verifier: {e:#}"));
                crate::app::Outcome::ServiceError
            }
        })
    }

    fn retry_after(&self) -> Option<std::time::Duration> {
        self.down
    }

    /// Reconnect in the background; when the server answers, the screen gets today's counts
    /// with the queued scans written.
    fn retry(&mut self) -> Option<crate::app::Outcome> {
        match self.reconnect() {
            Ok(()) => {
                let counts = self.counts().ok()?;
                Some(Outcome::Counts { counts, list: self.list() }.into())
            }
            Err(e) => {
                if !unavailable(&e) {
                    self.log(&format!("verifier: {e:#}"));
                }
                self.down = Some(self.down.unwrap_or(RETRY_FIRST).saturating_mul(2).min(RETRY_MAX));
                None
            }
        }
    }
}
