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
mod desk_reports;
pub mod kiosk;
pub mod rating;
pub mod staff;
pub mod verifier;

pub use kiosk::{Identification, PrintResult, PrintStage};

use crate::app::worker::Services;
use crate::app::{Effect, Outcome};
use crate::clock::Clock;
use crate::config::Config;
use crate::domain::matters::Matters;
use crate::home::Home;
use crate::printer::Target;
use crate::seal::{Signer, TrustList};
use crate::store::{OpenCheck, Store};
use anyhow::Result;

/// How often a long-running mode anchors the audit log (when it has new entries).
pub const AUDIT_CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

pub struct Live {
    pub store: Store,
    pub config: Config,
    signer: Signer,
    trust: TrustList,
    target: Target,
    matters: Matters,
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
    home_dir: std::path::PathBuf,
    /// The intake backend, opened at the first desk effect (a kiosk that never switches to the
    /// desk does not pay for it).
    desk: Option<desk::Desk>,
    /// The staff member signed in on this station (desk effects run as them).
    desk_staff: Option<desk::StaffSession>,
    /// The rating screen's LISTEN connection on a hall's PostgreSQL (`Some(None)`: SQLite,
    /// where the screen polls); opened at the first poll.
    rating_listener: Option<Option<crate::store::Listener>>,
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
    /// Open the live services on `home`, printing to `target`. With `OpenCheck::Skip` the full
    /// integrity check runs in [`Services::startup`], on the worker thread after the first frame.
    pub fn open(home: &Home, target: Target, clock: Clock, check: OpenCheck) -> Result<Live> {
        Ok(Live {
            store: home.store_with(check)?,
            config: home.config.clone(),
            signer: home.signer()?,
            trust: home.trust()?,
            target,
            matters: Matters::builtin(),
            clock,
            session: None,
            check_pending: check == OpenCheck::Skip,
            log_path: home.dir.join("certdesk.log"),
            db_location: home.db_location(),
            home_dir: home.dir.clone(),
            desk: None,
            desk_staff: None,
            rating_listener: None,
        })
    }

    /// Append a line to certdesk.log. Logging must never take a station down, so failures to
    /// write are ignored.
    fn log(&self, msg: &str) {
        append_log(&self.log_path, msg);
    }

    fn station(&self) -> String {
        self.config.kiosk.id.clone()
    }
}

pub(crate) fn append_log(path: &std::path::Path, msg: &str) {
    use std::io::Write;
    if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
        let _ = writeln!(f, "{} {}", chrono::Local::now().format("%Y-%m-%d %H:%M:%S"), msg);
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Services for Live {
    fn run(&mut self, effect: Effect, progress: &mut dyn FnMut(Outcome)) -> Option<Outcome> {
        // Anchor the audit log's length outside the database every few minutes of activity
        // (store/audit.rs; the session end after every idle timeout is an effect too). A
        // failure is logged, never shown to the person at the screen.
        if let Err(e) = self.store.audit_checkpoint_if_due(self.clock.now(), AUDIT_CHECKPOINT_EVERY) {
            self.log(&format!("audit checkpoint: {e}"));
        }
        let result = match effect {
            Effect::Kiosk(e) => kiosk::run(self, e, progress),
            Effect::Staff(e) => staff::run(self, e),
            Effect::Desk(e) => desk_mode::run(self, e),
            Effect::Rating(e) => rating::run(self, e),
            // The verifier station runs on its own service (verifier.rs), never on `Live`.
            Effect::Verifier(_) => Ok(Some(Outcome::ServiceError)),
        };
        match result {
            Ok(o) => o,
            Err(e) => {
                // The person at the screen gets a plain message; the details go to the log (IDs
                // are masked in every error text the service builds).
                self.log(&format!("error: {e:#}"));
                Some(Outcome::ServiceError)
            }
        }
    }

    fn startup(&mut self, report: Box<dyn Fn(Outcome) + Send>) {
        if !std::mem::take(&mut self.check_pending) {
            return;
        }
        // A full check reads every page (seconds on a registry of a million holders): it runs on
        // its own connection and thread, so holders are served meanwhile; if it fails the station
        // goes out of service.
        let db = self.db_location.clone();
        let log_path = self.log_path.clone();
        let spawned = std::thread::Builder::new().name("certdesk-integrity".into()).spawn(move || {
            if let Err(e) = Store::open_at(&db, OpenCheck::Full) {
                append_log(&log_path, &format!("database failed its integrity check; out of service: {e}"));
                report(Outcome::OutOfService);
            }
        });
        if let Err(e) = spawned {
            self.log(&format!("cannot start the integrity check: {e}"));
        }
    }
}
