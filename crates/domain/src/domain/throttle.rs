//! Lock-out and slow-down rules for guessed secrets (kiosk second factors, staff PINs), pure:
//! callers pass the failure counts the store keeps and the current time.
//!
//! Two rules, because they stop different things (SPEC §3):
//! - **Per subject** (one ID number, one staff id): after `max` failures within the window the
//!   subject is locked until the window has passed. Guessing one holder's 4-digit code is
//!   capped at `max` tries per window.
//! - **Per station** (one kiosk): failures for *any* subject, unknown IDs included, make the
//!   station answer more and more slowly, doubling per failure up to a cap. That stops someone
//!   walking through many ID numbers, yet never refuses anyone: the next holder with the right
//!   code waits at most the cap, then gets in. (A per-station *lock* would let anyone lock every
//!   holder out with five wrong codes; issue 8.)
//!
//! The delay applies before *every* answer, right or wrong: if a right code skipped it, the
//! delay would only hide wrong answers and enumeration would run at full speed.

use chrono::NaiveDateTime;
use std::time::Duration;

/// Growing delays per station.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Failures within the window that cost nothing (honest typos).
    pub free: u32,
    /// Delay after the first failure past `free`; doubles with each further one.
    pub first: Duration,
    /// The longest delay, whatever the count.
    pub cap: Duration,
}

impl Backoff {
    /// The kiosk rule: five failures free (a few honest typos by different people cost
    /// nothing), then 1 s, 2 s, 4 s ... at most 30 s. At the cap a kiosk answers at most 30
    /// guesses per 15-minute window.
    pub const KIOSK: Backoff = Backoff { free: 5, first: Duration::from_secs(1), cap: Duration::from_secs(30) };

    /// The delay a station imposes after `failures` failures within the window.
    pub fn delay(&self, failures: u32) -> Duration {
        if failures < self.free {
            return Duration::ZERO;
        }
        let doublings = (failures - self.free).min(31);
        self.first.saturating_mul(1u32 << doublings).min(self.cap)
    }

    /// How long to wait now before answering the next attempt: the delay earned by
    /// `failures` (within the window), counted from the newest failure.
    pub fn wait(&self, failures: u32, newest_failure: Option<NaiveDateTime>, now: NaiveDateTime) -> Duration {
        let Some(last) = newest_failure else { return Duration::ZERO };
        let since = (now - last).to_std().unwrap_or(Duration::ZERO);
        self.delay(failures).saturating_sub(since)
    }
}

/// Per-subject lock: `max` failures within `window_minutes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockout {
    /// Failures that lock.
    pub max: u32,
    /// The window they are counted in, in minutes.
    pub window_minutes: u32,
}

impl Lockout {
    /// Start of the counting window ending at `now`.
    pub fn since(&self, now: NaiveDateTime) -> NaiveDateTime {
        now - chrono::Duration::minutes(i64::from(self.window_minutes))
    }

    /// Locked with `failures` within the window.
    pub fn is_locked(&self, failures: u32) -> bool {
        failures >= self.max
    }

    /// Attempts left after one more failure (0: this failure locks).
    pub fn left_after_failure(&self, failures_before: u32) -> u32 {
        self.max.saturating_sub(failures_before + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t(s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap()
            + chrono::Duration::seconds(s as i64)
    }

    #[test]
    fn honest_typos_cost_nothing_then_delays_double_to_the_cap() {
        let b = Backoff::KIOSK;
        for n in 0..5 {
            assert_eq!(b.delay(n), Duration::ZERO, "{n}");
        }
        assert_eq!(b.delay(5), Duration::from_secs(1));
        assert_eq!(b.delay(6), Duration::from_secs(2));
        assert_eq!(b.delay(9), Duration::from_secs(16));
        assert_eq!(b.delay(10), Duration::from_secs(30));
        assert_eq!(b.delay(u32::MAX), Duration::from_secs(30));
    }

    #[test]
    fn wait_counts_from_the_newest_failure_and_never_exceeds_the_cap() {
        let b = Backoff::KIOSK;
        assert_eq!(b.wait(7, Some(t(0)), t(1)), Duration::from_secs(3));
        assert_eq!(b.wait(7, Some(t(0)), t(10)), Duration::ZERO);
        assert_eq!(b.wait(1000, Some(t(0)), t(0)), Duration::from_secs(30));
        assert_eq!(b.wait(1000, None, t(0)), Duration::ZERO);
        // A clock that stepped backwards never makes the wait longer than the cap.
        assert_eq!(b.wait(1000, Some(t(100)), t(0)), Duration::from_secs(30));
    }

    #[test]
    fn enumeration_is_slowed_to_a_crawl() {
        // Walking through IDs at one kiosk: each attempt waits the delay earned so far. Within a
        // 15-minute window at most ~35 guesses get an answer.
        let b = Backoff::KIOSK;
        let mut clock = Duration::ZERO;
        let mut n = 0;
        while clock < Duration::from_secs(15 * 60) {
            clock += b.delay(n) + Duration::from_secs(2);
            n += 1;
        }
        assert!(n < 40, "{n} guesses answered in 15 minutes");
    }

    #[test]
    fn per_subject_lock_after_max() {
        let l = Lockout { max: 5, window_minutes: 15 };
        assert!(!l.is_locked(4));
        assert!(l.is_locked(5));
        assert_eq!(l.left_after_failure(3), 1);
        assert_eq!(l.left_after_failure(4), 0);
        assert_eq!(l.left_after_failure(9), 0);
        assert_eq!(l.since(t(900)), t(0));
    }
}
