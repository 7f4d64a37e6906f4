//! Where the current time comes from. Every mode and the service read the clock at the moment they
//! need a date (ID birth dates, certificate status, working-day deadlines), never a date fixed at
//! start: a kiosk or desk left running over midnight must see the new day. Tests use a fixed clock.
//!
//! **Test and training facility:** `CERTDESK_CLOCK="YYYY-MM-DD HH:MM:SS"` (or `YYYY-MM-DDTHH:MM:SS`,
//! or a bare date for 09:00) makes the process's clock start at that instant and run on from there
//! at normal speed. It is read once, at the first clock read; a value that does not parse stops the
//! program with a message instead of running on the real date. End-to-end tests that drive the
//! binary set it so that their dates never depend on the day they run; a training room can rehearse
//! a given day (a holiday, the turn of a year). Leave it unset in production.

use chrono::{NaiveDate, NaiveDateTime};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

/// The environment variable that sets the process's clock (see the module comment).
pub const CLOCK_ENV: &str = "CERTDESK_CLOCK";

/// Parse a `CERTDESK_CLOCK` value.
pub fn parse_clock_env(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(9, 0, 0))
}

/// The process's start instant from `CERTDESK_CLOCK`, read once (`None`: the real clock).
fn env_start() -> Option<(NaiveDateTime, Instant)> {
    static START: OnceLock<Option<(NaiveDateTime, Instant)>> = OnceLock::new();
    *START.get_or_init(|| {
        let v = std::env::var(CLOCK_ENV).ok().filter(|v| !v.trim().is_empty())?;
        match parse_clock_env(&v) {
            Some(t) => Some((t, Instant::now())),
            None => {
                eprintln!(
                    "{CLOCK_ENV}=\"{v}\" 不是有效的时间（YYYY-MM-DD HH:MM:SS） / is not a time (YYYY-MM-DD HH:MM:SS)"
                );
                std::process::exit(2);
            }
        }
    })
}

/// The current local time of this process: the wall clock, or the `CERTDESK_CLOCK` one.
pub fn now() -> NaiveDateTime {
    match env_start() {
        Some((at, since)) => at + chrono::Duration::from_std(since.elapsed()).unwrap_or_default(),
        None => chrono::Local::now().naive_local(),
    }
}

/// Today's date on [`now`].
pub fn today() -> NaiveDate {
    now().date()
}

/// Where the services read the time: the system's, a fixed instant, or a test's function.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> NaiveDateTime + Send + Sync>);

impl Clock {
    /// Local wall-clock time (the bureau's time zone is the machine's), or the `CERTDESK_CLOCK`
    /// clock when that is set.
    pub fn system() -> Clock {
        Clock(Arc::new(now))
    }

    /// Always the same instant.
    pub fn fixed(at: NaiveDateTime) -> Clock {
        Clock(Arc::new(move || at))
    }

    /// A clock that asks `f` each time.
    pub fn from_fn(f: impl Fn() -> NaiveDateTime + Send + Sync + 'static) -> Clock {
        Clock(Arc::new(f))
    }

    /// The current local time.
    pub fn now(&self) -> NaiveDateTime {
        (self.0)()
    }

    /// Today's date.
    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clock({})", self.now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicI64, Ordering};

    #[test]
    fn clock_env_values() {
        let t = |s| parse_clock_env(s);
        let at = NaiveDate::from_ymd_opt(2026, 12, 21).unwrap();
        assert_eq!(t("2026-12-21 10:30:00"), at.and_hms_opt(10, 30, 0));
        assert_eq!(t("2026-12-21T10:30:00"), at.and_hms_opt(10, 30, 0));
        assert_eq!(t("2026-12-21T10:30"), at.and_hms_opt(10, 30, 0));
        assert_eq!(t(" 2026-12-21 "), at.and_hms_opt(9, 0, 0));
        for bad in ["", "tomorrow", "2026-13-01", "2026-02-30 09:00:00", "21/12/2026", "2026-12-21 25:00:00"] {
            assert_eq!(t(bad), None, "{bad}");
        }
    }

    #[test]
    fn today_follows_the_clock_across_midnight() {
        let base = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(23, 59, 0).unwrap();
        let offset = Arc::new(AtomicI64::new(0));
        let o = offset.clone();
        let clock = Clock::from_fn(move || base + chrono::Duration::minutes(o.load(Ordering::SeqCst)));
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        offset.store(2, Ordering::SeqCst);
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    }
}
