//! The live side of the app: carries out the effects a mode asks for, against the real store,
//! seal, slip renderer and printer. Runs on the worker thread, never on the draw path.
//!
//! The service returns domain results (a holder and their certificates, a print serial or a
//! printer fault kind) and never builds screen text; each mode's strings decide the words.
//! One file per mode (`kiosk.rs`; `desk.rs` belongs to the intake backend), shared parts here.
//!
//! Printing follows one rule (SPEC §5): the job is committed to the database before a byte goes
//! to the printer, and its outcome after. A crash in between leaves a `pending` job that staff
//! see with `certdesk jobs` and can reprint.

pub mod desk;
pub mod desk_mode;
pub mod desk_pledge_mode;
mod desk_reports;
pub mod display;
pub mod kiosk;
mod kiosk_waiting;
pub mod pin_gate;
pub mod rating;
pub mod staff;
pub mod verifier;

pub use kiosk::{Identification, PrintResult, PrintStage};

use crate::clock::Clock;
use crate::config::Config;
use crate::domain::matters::Matters;
use crate::domain::workdays::Calendar;
use crate::home::Home;
use crate::printer::Target;
use crate::seal::{Signer, TrustList};
use crate::settings::Settings;
use crate::store::{OpenCheck, Store};
use anyhow::Result;
use certdesk_protocol::Services;
use certdesk_protocol::{Effect, Outcome};

/// How often a long-running mode anchors the audit log (when it has new entries).
pub const AUDIT_CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// The services as the stations run them: the store, the settings, the keys (implements `Services`).
pub struct Live {
    /// The database; `None` while a hall's server has not answered since the station started
    /// (see [`Live::open_waiting`]). Reached through [`Live::store`].
    store: Option<Store>,
    /// The station's settings, resolved once at start: the store is (re)opened and the desk's
    /// backend built from them, never from the home read again.
    settings: Settings,
    /// The home's certdesk.toml.
    pub config: Config,
    signer: Signer,
    trust: TrustList,
    target: Target,
    matters: Matters,
    /// How long printing, patience and reconnection take (the settings' timeouts).
    timeouts: certdesk_domain::timeouts::Timeouts,
    /// The working-day calendar the next steps' deadlines are printed with (SPEC §2: a deadline
    /// that is not a working day names the last one).
    calendar: Calendar,
    clock: Clock,
    /// The ID number of the holder identified in the current kiosk session. Prints are only
    /// allowed for this holder's certificates; cleared when the session ends.
    session: Option<String>,
    /// The full integrity check still to run (opened with `OpenCheck::Skip`).
    check_pending: bool,
    /// Where errors the person at the screen cannot act on are written (never an ID number; the
    /// screen only says "please ask at the counter").
    log_path: std::path::PathBuf,
    db_location: crate::store::Location,
    /// The intake backend, opened at the first desk effect (a kiosk that never switches to the
    /// desk does not pay for it).
    desk: Option<desk::Desk>,
    /// The staff member signed in on this station (desk effects run as them).
    desk_staff: Option<desk::StaffSession>,
    /// Set while the database server cannot be reached: effects answer
    /// [`Outcome::Unavailable`] at once (no hang) and the worker reconnects with backoff
    /// ([`Services::retry`]). Only a PostgreSQL hall has such outages; SQLite never reports one.
    outage: Option<Outage>,
    /// Print outcomes the server was not there to record, the slip having been sent: recorded
    /// first thing when it answers again. Kept on disk too (`waiting`, `kiosk_waiting.rs`):
    /// if this process dies before that, the next start records them.
    unrecorded: Vec<Unrecorded>,
    /// The home's `waiting/kiosk/` (`None` when it cannot be used: then in memory only).
    waiting: Option<crate::waiting::Waiting>,
    /// Raised by the startup check's thread when it could not reach the server.
    startup_unreachable: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// How to report to the mode without an effect (given by the worker at startup): the
    /// integrity check deferred by an outage at start runs when the server answers.
    report: Option<Reporter>,
    /// The last reason, other than an outage, why reconnecting failed (logged once).
    retry_problem: Option<String>,
    /// The rating screen's LISTEN connection on a hall's PostgreSQL (`Some(None)`: SQLite,
    /// where the screen polls); opened at the first poll.
    rating_listener: Option<Option<crate::store::Listener>>,
    /// How staff PIN delays are waited out (`pin_gate::sleep`; tests count them instead).
    pin_pause: pin_gate::Pause,
}

/// A database outage in progress: when to try again.
#[derive(Debug, Clone, Copy)]
struct Outage {
    retry_in: std::time::Duration,
}

// The waits between reconnection attempts (first, doubling up to the longest) and how long a
// print waits for an unreachable server to record its outcome are the settings' timeouts
// (`Timeouts::outage_retry_first`, `outage_retry_max`, `outage_patience`).

/// A print outcome waiting for the server (see `Live::unrecorded`).
#[derive(Debug, Clone)]
pub(crate) struct Unrecorded {
    pub serial: u64,
    pub outcome: crate::store::JobOutcome,
    pub actor: String,
    pub action: &'static str,
    pub detail: serde_json::Value,
    pub at: chrono::NaiveDateTime,
}

/// Whether an error means "the database server is not there" (retry later), not a data error.
pub fn is_unavailable(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<crate::store::StoreError>().is_some_and(|s| s.is_unavailable()))
}

/// The printer target of a home: `override_target` (a command-line flag) or `printer.target`
/// in certdesk.toml, with a file spool resolved against the home directory.
pub fn printer_target(home: &Home, override_target: Option<&str>) -> Result<Target> {
    let target: Target = match override_target {
        Some(t) => t.parse().map_err(|e| anyhow::anyhow!("--target {t:?}: {e}"))?,
        None => {
            home.config.printer.target.parse().map_err(|e| anyhow::anyhow!("printer.target in certdesk.toml: {e}"))?
        }
    };
    Ok(match target {
        Target::File(dir) => Target::File(home.path(&dir)),
        t => t,
    })
}

impl Live {
    /// Open the live services with a station's resolved `settings`. With `OpenCheck::Skip` the
    /// full integrity check runs in [`Services::startup`], on the worker thread after the first
    /// frame.
    pub fn open(settings: &Settings, check: OpenCheck) -> Result<Live> {
        let store = settings.store_with(check)?;
        Live::with_store(settings, check, Some(store))
    }

    /// As [`Live::open`], for a full-screen station: a hall's server that does not answer at
    /// start is an outage like any other, not a reason to exit. The station starts out of
    /// service (its mode is told at startup), the worker tries to connect with the usual
    /// backoff, and it serves as soon as the server answers — no restart by systemd, no key
    /// pressed. Anything else (no database file, a bad URL, a damaged or too new database)
    /// still stops the start with its error.
    pub fn open_waiting(settings: &Settings, check: OpenCheck) -> Result<Live> {
        match settings.store_with(check) {
            Ok(store) => Live::with_store(settings, check, Some(store)),
            Err(e) if is_unavailable(&e) => {
                let mut live = Live::with_store(settings, check, None)?;
                live.went_down(&format!("at start: {e:#}"));
                Ok(live)
            }
            Err(e) => Err(e),
        }
    }

    fn with_store(settings: &Settings, check: OpenCheck, store: Option<Store>) -> Result<Live> {
        let home = &settings.home;
        // The hall's calendar (entered notices over the built-in years); a terminal that starts
        // while the server is out of reach prints its deadlines on the built-in years, whose
        // later years are provisional (暂定) and said to be.
        let calendar = match &store {
            Some(s) => s.calendar().get()?,
            None => Calendar::builtin(),
        };
        let mut live = Live {
            store,
            settings: settings.clone(),
            config: home.config.clone(),
            signer: home.signer()?,
            trust: home.trust()?,
            target: settings.target.clone(),
            // The home's matters (the kiosk names their materials on reminders); a broken
            // matters.toml stops the desk with its error, the kiosk serves with the built-in list.
            matters: settings.matters_or_builtin(),
            timeouts: settings.timeouts,
            calendar,
            clock: settings.clock.clone(),
            session: None,
            check_pending: check == OpenCheck::Skip,
            log_path: home.dir.join("certdesk.log"),
            db_location: home.db_location(),
            desk: None,
            desk_staff: None,
            outage: None,
            unrecorded: Vec::new(),
            waiting: None,
            startup_unreachable: Default::default(),
            report: None,
            retry_problem: None,
            rating_listener: None,
            pin_pause: pin_gate::sleep(),
        };
        live.load_waiting();
        // Outcomes an earlier run kept: recorded now when the server answers (else after the
        // reconnection, as any outage's).
        if live.store.is_some() && !live.unrecorded.is_empty() {
            if let Err(e) = live.record_unrecorded() {
                if is_unavailable(&e) {
                    live.went_down(&format!("recording kept print outcomes: {e:#}"));
                } else {
                    live.log(&format!("kept print outcomes not recorded: {e:#}"));
                }
            }
        }
        Ok(live)
    }

    /// The database, or "unavailable" while the server has not answered since the start.
    pub fn store(&self) -> crate::store::Result<&Store> {
        self.store.as_ref().ok_or_else(|| {
            crate::store::StoreError::Unavailable(format!(
                "{} has not answered since the station started",
                self.db_location.shown()
            ))
        })
    }

    /// Whether the station is waiting for its database server.
    pub fn is_down(&self) -> bool {
        self.outage.is_some() || self.startup_unreachable.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Print outcomes waiting for the server (see `Live::unrecorded`), by serial.
    pub fn unrecorded_serials(&self) -> Vec<u64> {
        self.unrecorded.iter().map(|u| u.serial).collect()
    }

    fn went_down(&mut self, why: &str) {
        if self.outage.is_none() {
            self.log(&format!("database unavailable, out of service until it answers: {why}"));
            self.outage = Some(Outage { retry_in: self.timeouts.outage_retry_first });
        }
    }

    /// Reopen the store and record what waited. `Ok` when the station can serve again.
    fn reconnect(&mut self) -> Result<()> {
        let first = self.store.is_none();
        self.store = Some(self.settings.store_with(OpenCheck::Skip)?);
        if first && std::mem::take(&mut self.check_pending) {
            // Connected for the first time: the integrity check deferred at start runs now.
            if let Some(report) = self.report.clone() {
                self.start_check(report);
            }
        }
        // The desk's backend holds its own connection: reopened at its next effect.
        self.desk = None;
        // A commit whose answer was lost may have landed: never record an outcome twice.
        self.record_unrecorded()?;
        self.outage = None;
        self.startup_unreachable.store(false, std::sync::atomic::Ordering::SeqCst);
        self.log("database reachable again; back in service");
        Ok(())
    }

    /// Append a line to certdesk.log. Logging must never take a station down, so failures to
    /// write are ignored.
    fn log(&self, msg: &str) {
        append_log(&self.log_path, msg);
    }

    /// Wait out staff PIN delays with `pause` instead of sleeping (tests count the waits).
    pub fn set_pin_pause(&mut self, pause: pin_gate::Pause) {
        self.pin_pause = pause;
    }

    fn station(&self) -> String {
        self.config.kiosk.id.clone()
    }
}

/// The worker's way to tell the mode something no effect asked for, shared by the station and
/// its integrity check's thread.
type Reporter = std::sync::Arc<std::sync::Mutex<Box<dyn Fn(Outcome) + Send>>>;

fn tell(report: &Reporter, o: Outcome) {
    (report.lock().unwrap_or_else(|p| p.into_inner()))(o)
}

impl Live {
    /// The full integrity check. It reads every page (seconds on a registry of a million
    /// holders), so it runs on its own connection and thread and holders are served meanwhile;
    /// if it fails the station goes out of service.
    fn start_check(&self, report: Reporter) {
        let db = self.db_location.clone();
        let log_path = self.log_path.clone();
        let unreachable = self.startup_unreachable.clone();
        let spawned = std::thread::Builder::new().name("certdesk-integrity".into()).spawn(move || {
            match Store::open_at(&db, OpenCheck::Full) {
                Ok(_) => {}
                // Not reachable is not damaged: out of service until it answers, then back.
                Err(e) if e.is_unavailable() => {
                    append_log(&log_path, &format!("database unavailable at start: {e}"));
                    unreachable.store(true, std::sync::atomic::Ordering::SeqCst);
                    tell(&report, Outcome::Unavailable);
                }
                Err(e) => {
                    append_log(&log_path, &format!("database failed its integrity check; out of service: {e}"));
                    tell(&report, Outcome::OutOfService);
                }
            }
        });
        if let Err(e) = spawned {
            self.log(&format!("cannot start the integrity check: {e}"));
        }
    }
}

pub(crate) fn append_log(path: &std::path::Path, msg: &str) {
    use std::io::Write;
    if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
        let _ = writeln!(f, "{} {}", crate::clock::now().format("%Y-%m-%d %H:%M:%S"), msg);
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Services for Live {
    fn run(&mut self, effect: Effect, progress: &mut dyn FnMut(Outcome)) -> Option<Outcome> {
        // During an outage every effect gets the same quick answer, after one attempt to
        // reconnect (the server may be back before the worker's next retry).
        if self.is_down() {
            if let Err(e) = self.reconnect() {
                self.went_down(&format!("{e:#}"));
                return Some(Outcome::Unavailable);
            }
            // Back: the mode leaves its out-of-service screen (the worker's own retry would
            // have said so, but this effect got there first).
            progress(Outcome::Restored);
        }
        // Anchor the audit log's length outside the database every few minutes of activity
        // (store/audit.rs; the session end after every idle timeout is an effect too). A
        // failure is logged, never shown to the person at the screen.
        if let Err(e) = self.store().and_then(|s| s.audit().checkpoint_if_due(self.clock.now(), AUDIT_CHECKPOINT_EVERY))
        {
            self.log(&format!("audit checkpoint: {e}"));
        }
        let result = match effect {
            Effect::Kiosk(e) => kiosk::run(self, e, progress),
            Effect::Staff(e) => staff::run(self, e),
            Effect::Desk(e) => desk_mode::run(self, e),
            Effect::Rating(e) => rating::run(self, e),
            Effect::Display(e) => display::run(self, e),
            // The verifier station runs on its own service (verifier.rs), never on `Live`.
            Effect::Verifier(_) => Ok(Some(Outcome::ServiceError)),
        };
        match result {
            Ok(o) if !self.unrecorded.is_empty() => {
                // A print went out but its outcome waits for the server: the holder gets their
                // result; the worker reconnects and records it.
                self.went_down("a print outcome could not be recorded");
                o
            }
            Ok(o) => o,
            Err(e) if is_unavailable(&e) => {
                self.went_down(&format!("{e:#}"));
                Some(Outcome::Unavailable)
            }
            Err(e) => {
                // The person at the screen gets a plain message; the details go to the log (IDs
                // are masked in every error text the service builds).
                self.log(&format!("error: {e:#}"));
                Some(Outcome::ServiceError)
            }
        }
    }

    fn startup(&mut self, report: Box<dyn Fn(Outcome) + Send>) {
        let report: Reporter = std::sync::Arc::new(std::sync::Mutex::new(report));
        self.report = Some(report.clone());
        if self.store.is_none() {
            // Started while the server was away: the mode shows its outage screen now; the
            // check waits for the first connection (`reconnect`).
            tell(&report, Outcome::Unavailable);
            return;
        }
        if std::mem::take(&mut self.check_pending) {
            self.start_check(report);
        }
    }

    fn retry_after(&self) -> Option<std::time::Duration> {
        if let Some(o) = self.outage {
            return Some(o.retry_in);
        }
        self.is_down().then_some(self.timeouts.outage_retry_first)
    }

    fn retry(&mut self) -> Option<Outcome> {
        match self.reconnect() {
            Ok(()) => Some(Outcome::Restored),
            Err(e) => {
                let why = format!("{e:#}");
                // The server answers but something else is wrong (a missing audit key, a
                // database newer than this program): staff need the reason, once, not every 5 s.
                if !is_unavailable(&e) && self.retry_problem.as_deref() != Some(why.as_str()) {
                    self.log(&format!("the database answers but the station cannot serve: {why}"));
                    self.retry_problem = Some(why.clone());
                }
                self.went_down(&why);
                if let Some(o) = &mut self.outage {
                    o.retry_in = (o.retry_in * 2).min(self.timeouts.outage_retry_max);
                }
                None
            }
        }
    }
}
