//! Where the current time comes from. Every mode and the service read the clock at the moment they
//! need a date (ID birth dates, certificate status, working-day deadlines), never a date fixed at
//! start: a kiosk or desk left running over midnight must see the new day. Tests use a fixed clock.

use chrono::{NaiveDate, NaiveDateTime};
use std::sync::Arc;

#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> NaiveDateTime + Send + Sync>);

impl Clock {
    /// Local wall-clock time (the bureau's time zone is the machine's).
    pub fn system() -> Clock {
        Clock(Arc::new(|| chrono::Local::now().naive_local()))
    }

    /// Always the same instant.
    pub fn fixed(at: NaiveDateTime) -> Clock {
        Clock(Arc::new(move || at))
    }

    pub fn from_fn(f: impl Fn() -> NaiveDateTime + Send + Sync + 'static) -> Clock {
        Clock(Arc::new(f))
    }

    pub fn now(&self) -> NaiveDateTime {
        (self.0)()
    }

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
