//! A station's settings, resolved once at start (ripgrep's `HiArgs` idea, issue 14): the home
//! and its certdesk.toml, the matters list (`matters.toml` or the built-in one), the
//! certificate catalogue, the printer target, the clock and the timeouts. The services
//! ([`crate::service::Live`], the desk's backend, the verifier) and the binary's modes take
//! this value instead of reading the home again; tests build it with short timeouts
//! ([`Settings::with_timeouts`]) instead of sleeping through the product's.
//!
//! Not here: the working-day calendar, which lives in the database (`certdesk calendar add`)
//! and is read from the store each service opens; the staff lockout, read from certdesk.toml
//! by the staff login (`service::desk`).

use crate::clock::Clock;
use crate::domain::catalogue::Catalogue;
use crate::domain::matters::Matters;
use crate::home::Home;
use crate::printer::Target;
use crate::store::{OpenCheck, Store};
use anyhow::Result;
use certdesk_domain::timeouts::Timeouts;
use std::path::Path;

/// Everything a station needs, resolved once.
#[derive(Clone)]
pub struct Settings {
    /// The home directory and its certdesk.toml.
    pub home: Home,
    /// Where slips go: `--target` or `printer.target`, a file spool resolved against the home.
    pub target: Target,
    /// The clock every service reads the time from (a test's or `CERTDESK_CLOCK`'s when injected).
    pub clock: Clock,
    /// Every wait, with the product's figures unless certdesk.toml or a test sets them.
    pub timeouts: Timeouts,
    /// The matters list, or why the home's `matters.toml` cannot be used. Kept as a result so
    /// that a broken file stops the desk (which needs it) with its error, while the kiosk,
    /// which only names materials on reminders, serves with the built-in list.
    matters: std::result::Result<Matters, String>,
    /// The certificate catalogue (`paths.catalogue`, else the built-in one), or why it cannot
    /// be read; only an import needs it.
    catalogue: std::result::Result<Catalogue, String>,
}

impl Settings {
    /// Open the home at `dir` and resolve everything from it; `target` overrides
    /// `printer.target` (and is recorded with each print job as the target it went to).
    pub fn resolve(dir: &Path, target: Option<&str>, clock: Clock) -> Result<Settings> {
        Settings::from_home(Home::open(dir)?, target, clock)
    }

    /// As [`Settings::resolve`], on a home already open.
    pub fn from_home(mut home: Home, target: Option<&str>, clock: Clock) -> Result<Settings> {
        let resolved = crate::service::printer_target(&home, target)?;
        if let Some(t) = target {
            home.config.printer.target = t.to_string();
        }
        let timeouts = Timeouts::from_config(&home.config);
        let matters = home.matters().map_err(|e| format!("{e:#}"));
        let catalogue = home.catalogue().map_err(|e| format!("{e:#}"));
        Ok(Settings { home, target: resolved, clock, timeouts, matters, catalogue })
    }

    /// The same settings with other timeouts (tests: [`Timeouts::short`]).
    pub fn with_timeouts(mut self, timeouts: Timeouts) -> Settings {
        self.timeouts = timeouts;
        self
    }

    /// The matters list; a broken `matters.toml` is an error naming the file, never a silent
    /// fallback.
    pub fn matters(&self) -> Result<&Matters> {
        self.matters.as_ref().map_err(|e| anyhow::anyhow!("{e}"))
    }

    /// The matters list, or the built-in one when the home's file is broken (the kiosk's
    /// reminders; the desk refuses to start instead, with [`Settings::matters`]'s error).
    pub fn matters_or_builtin(&self) -> Matters {
        self.matters.clone().unwrap_or_else(|_| Matters::builtin())
    }

    /// The certificate catalogue (`paths.catalogue`, else the built-in one).
    pub fn catalogue(&self) -> Result<&Catalogue> {
        self.catalogue.as_ref().map_err(|e| anyhow::anyhow!("{e}"))
    }

    /// The home's database opened with `check`, its audit key attached, waiting by these
    /// settings' timeouts.
    pub fn store_with(&self, check: OpenCheck) -> Result<Store> {
        self.home.store_with_timeouts(check, &self.timeouts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolved_once_from_the_home() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("certdesk.toml"),
            "[printer]\ntarget = \"file:out\"\ntimeout_ms = 700\n[kiosk]\nidle_timeout_secs = 40\n",
        )
        .unwrap();
        let s = Settings::resolve(dir.path(), None, Clock::system()).unwrap();
        assert_eq!(s.target, Target::File(dir.path().join("out")));
        assert_eq!(s.timeouts.printer_io, std::time::Duration::from_millis(700));
        assert_eq!(s.timeouts.idle, std::time::Duration::from_secs(40));
        assert_eq!(s.matters().unwrap(), &Matters::builtin());
        let s = Settings::resolve(dir.path(), Some("file:elsewhere"), Clock::system()).unwrap();
        assert_eq!(s.target, Target::File(dir.path().join("elsewhere")));
        assert_eq!(s.home.config.printer.target, "file:elsewhere");
    }

    #[test]
    fn a_garbage_matters_file_is_an_error_for_the_desk_and_the_builtin_list_for_the_kiosk() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("matters.toml"), "[[matter]]\ncode = 1\n\u{0}garbage").unwrap();
        let s = Settings::resolve(dir.path(), None, Clock::system()).unwrap();
        let e = s.matters().unwrap_err();
        assert!(format!("{e}").contains("matters.toml"), "{e}");
        assert_eq!(s.matters_or_builtin(), Matters::builtin());
    }

    #[test]
    fn a_garbage_catalogue_is_an_error_only_when_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("certdesk.toml"), "[paths]\ncatalogue = \"cat.toml\"\n").unwrap();
        std::fs::write(dir.path().join("cat.toml"), "not = [ a catalogue").unwrap();
        let s = Settings::resolve(dir.path(), None, Clock::system()).unwrap();
        assert!(s.catalogue().is_err());
        assert!(s.matters().is_ok());
    }
}
