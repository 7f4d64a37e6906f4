//! Running a full-screen station. What every mode needs is resolved once (ripgrep's `HiArgs`
//! idea, `certdesk_core::settings::Settings`): the home, the matters, the catalogue, the
//! printer target, the clock and the timeouts; then a small function per mode builds the live
//! service and the mode factory from that one value and hands both to the one runtime.

use crate::app::desk::{Desk, DeskSettings};
use crate::app::display::{CallDisplay, DisplaySettings};
use crate::app::kiosk::{Kiosk, KioskSettings};
use crate::app::rating::{RatingScreen, RatingSettings};
use crate::app::runtime::{self, ModeFactory, Runtime};
use crate::app::{Mode, Target};
use crate::clock::Clock;
use crate::domain::matters::Matters;
use crate::service::{self, Live};
use crate::settings::Settings;
use crate::store::OpenCheck;
use anyhow::{bail, Result};
use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};

/// Everything resolved once for a station or a staff command: its [`Settings`] (read through
/// `Deref`: `st.home`, `st.target`, `st.clock`, `st.timeouts`).
pub struct Station {
    pub settings: Settings,
}

impl std::ops::Deref for Station {
    type Target = Settings;
    fn deref(&self) -> &Settings {
        &self.settings
    }
}

impl Station {
    /// Open the home at `dir`; `target` overrides `printer.target` from certdesk.toml.
    pub fn open(dir: &Path, target: Option<&str>, clock: Clock) -> Result<Station> {
        Ok(Station { settings: Settings::resolve(dir, target, clock)? })
    }

    /// A station on settings already resolved (tests: with short timeouts).
    pub fn new(settings: Settings) -> Station {
        Station { settings }
    }

    /// The live service of this station.
    pub fn live(&self, check: OpenCheck) -> Result<Live> {
        Live::open(&self.settings, check)
    }

    /// The live service of a full-screen station: one whose hall server does not answer yet
    /// starts out of service and connects by itself ([`Live::open_waiting`]).
    pub fn live_waiting(&self, check: OpenCheck) -> Result<Live> {
        Live::open_waiting(&self.settings, check)
    }

    pub fn kiosk_settings(&self, demo_hint: Option<(String, String)>) -> KioskSettings {
        KioskSettings {
            bureau: self.home.config.bureau.name.clone(),
            idle: self.timeouts.idle,
            clock: self.clock.clone(),
            demo_hint,
        }
    }

    /// The desk's settings: the matters resolved at start (`matters.toml` in the home
    /// directory when present, else the built-in one; a broken file is this error).
    pub fn desk_settings(&self, counter: u32) -> Result<DeskSettings> {
        let matters = self.matters()?.clone();
        Ok(DeskSettings {
            bureau: self.home.config.bureau.name.clone(),
            idle: self.timeouts.desk_idle(),
            clock: self.clock.clone(),
            counter,
            matters,
        })
    }

    /// The rating screen's settings for `counter` (`[rating]` in certdesk.toml).
    pub fn rating_settings(&self, counter: u32) -> RatingSettings {
        let c = &self.home.config;
        RatingSettings {
            bureau: c.bureau.name.clone(),
            counter,
            poll: Duration::from_millis(c.rating.poll_ms),
            thanks: Duration::from_secs(c.rating.thanks_secs),
        }
    }

    /// The call display's settings: it polls as often as the hall's rating screens
    /// (`rating.poll_ms`) and shows the current call and the five before it.
    pub fn display_settings(&self) -> DisplaySettings {
        let c = &self.home.config;
        DisplaySettings { bureau: c.bureau.name.clone(), poll: Duration::from_millis(c.rating.poll_ms), shown: 6 }
    }

    /// Builds each mode this station can switch to.
    pub fn modes(&self, demo_hint: Option<(String, String)>) -> ModeFactory {
        let kiosk = self.kiosk_settings(demo_hint);
        // A broken matters.toml shows at `certdesk desk`; from the kiosk the built-in list serves.
        let desk = self.desk_settings(1).unwrap_or_else(|_| DeskSettings {
            bureau: kiosk.bureau.clone(),
            idle: self.timeouts.desk_idle(),
            clock: self.clock.clone(),
            counter: 1,
            matters: Matters::builtin(),
        });
        let lang = self.home.config.ui.language;
        let rating = self.rating_settings(1);
        let display = self.display_settings();
        Box::new(move |target| -> Option<Box<dyn Mode>> {
            Some(match target {
                Target::Kiosk => Box::new(Kiosk::new(kiosk.clone(), lang, Instant::now())),
                Target::Desk { staff, from_kiosk } => {
                    Box::new(Desk::signed_in(desk.clone(), lang, staff, from_kiosk, Instant::now()))
                }
                Target::DeskLogin => Box::new(Desk::login(desk.clone(), lang, Instant::now())),
                Target::Rating { counter } => {
                    Box::new(RatingScreen::new(RatingSettings { counter, ..rating.clone() }, lang, Instant::now()))
                }
                Target::Display => Box::new(CallDisplay::new(display.clone(), lang, Instant::now())),
            })
        })
    }

    /// A runtime starting in `start`, with the live service (integrity check after the first
    /// frame).
    pub fn runtime(&self, start: Target, demo_hint: Option<(String, String)>) -> Result<Runtime> {
        let live = self.live_waiting(OpenCheck::Skip)?;
        let mut modes = self.modes(demo_hint);
        let Some(first) = modes(start) else { bail!("this build has no such mode") };
        Ok(Runtime::new(first, Box::new(live), modes))
    }
}

/// The front desk, starting at the staff login. `counter` is this desk's counter number.
pub fn desk(st: &Station, counter: u32) -> Result<i32> {
    let settings = st.desk_settings(counter)?;
    let live = st.live_waiting(OpenCheck::Skip)?;
    let modes = st.modes(None);
    let lang = st.home.config.ui.language;
    let first: Box<dyn Mode> = Box::new(Desk::login(settings, lang, Instant::now()));
    if !std::io::stdout().is_terminal() {
        bail!("the desk needs a terminal (stdout is not one)");
    }
    runtime::run(Runtime::new(first, Box::new(live), modes))?;
    Ok(0)
}

/// The full-screen kiosk. `demo_hint` is shown on the attract screen by `certdesk demo`.
pub fn kiosk(st: &Station, demo_hint: Option<(String, String)>) -> Result<i32> {
    let rt = st.runtime(Target::Kiosk, demo_hint)?;
    if !std::io::stdout().is_terminal() {
        bail!("the kiosk needs a terminal (stdout is not one)");
    }
    runtime::run(rt)?;
    Ok(0)
}

/// The customer-facing rating screen of `counter`. Staff end it with F12.
pub fn rate(st: &Station, counter: u32) -> Result<i32> {
    if counter == 0 {
        bail!("--counter must be 1 or more (the counter number the desk uses)");
    }
    let rt = st.runtime(Target::Rating { counter }, None)?;
    if !std::io::stdout().is_terminal() {
        bail!("the rating screen needs a terminal (stdout is not one)");
    }
    runtime::run(rt)?;
    Ok(0)
}

/// The hall's call display (issue 15). Staff end it with F12.
pub fn display(st: &Station) -> Result<i32> {
    let rt = st.runtime(Target::Display, None)?;
    if !std::io::stdout().is_terminal() {
        bail!("the call display needs a terminal (stdout is not one)");
    }
    runtime::run(rt)?;
    Ok(0)
}

/// The verifier station's settings from this home.
pub fn verifier_settings(st: &Station) -> crate::app::verifier::VerifierSettings {
    crate::app::verifier::VerifierSettings { bureau: st.home.config.bureau.name.clone(), idle: st.timeouts.idle }
}

/// The verifier station (`certdesk verifier`): its own mode and service; it switches to no
/// other mode.
pub fn verifier_runtime(st: &Station) -> Result<Runtime> {
    let service = service::verifier::VerifierService::open(&st.settings)?;
    let lang = st.home.config.ui.language;
    let first: Box<dyn Mode> =
        Box::new(crate::app::verifier::VerifierStation::new(verifier_settings(st), lang, Instant::now()));
    Ok(Runtime::new(first, Box::new(service), Box::new(|_| None)))
}

/// Run the verifier station on the home at `dir`.
pub fn verifier(dir: &Path) -> Result<i32> {
    let st = Station::open(dir, None, Clock::system())?;
    let rt = verifier_runtime(&st)?;
    if !std::io::stdout().is_terminal() {
        bail!("the verifier station needs a terminal (stdout is not one)");
    }
    runtime::run(rt)?;
    Ok(0)
}
