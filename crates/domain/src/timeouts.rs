//! How long things may take: one value, resolved once at start with the rest of a station's
//! settings (`certdesk_core::settings::Settings`) and handed to the store, the services and the
//! modes. The product's figures are [`Timeouts::default`] (and, for the two a bureau sets,
//! certdesk.toml through [`Timeouts::from_config`]); tests inject short ones, so that no test
//! waits seconds for a timeout to pass.

use crate::config::Config;
use std::time::Duration;

/// Every timeout and patience a station uses. Pure data: no clock is read here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Every network and serial read or write to a printer (`printer.timeout_ms`).
    pub printer_io: Duration,
    /// How long to wait for a busy database before a print job is sent (then nothing was sent
    /// and the holder may try again).
    pub job_before_send: Duration,
    /// How long to wait for a busy database to record a job that reached the printer (the slip
    /// is on paper: worth a long wait, never a "database is locked" on the screen).
    pub job_after_send: Duration,
    /// First wait between reconnection attempts after the database server went away (doubling
    /// up to [`Timeouts::outage_retry_max`]): a server restart is over within a second or two
    /// of its return.
    pub outage_retry_first: Duration,
    /// Longest wait between reconnection attempts: a long outage costs one attempt every few
    /// seconds.
    pub outage_retry_max: Duration,
    /// How long a print waits for an unreachable server to record its outcome before leaving
    /// it to the reconnection (the holder must not be kept waiting).
    pub outage_patience: Duration,
    /// Without input for this long, a kiosk or verifier screen wipes itself and returns to its
    /// start (`kiosk.idle_timeout_secs`). The desk waits at least [`Timeouts::DESK_IDLE_MIN`].
    pub idle: Duration,
    /// How long a write waits for another writer's lock before it reports busy: SQLite's busy
    /// timeout and PostgreSQL's `lock_timeout` on the hall's write lock.
    pub db_lock: Duration,
    /// How long one attempt to reach the database server may take as a whole (TCP connect,
    /// TLS, start-up and sign-in): a server that accepts the connection and never answers is
    /// given up after this, like one that does not answer at all (issue 17 §8).
    pub db_connect: Duration,
    /// How long one statement may run on the server before the server cancels it
    /// (PostgreSQL's `statement_timeout`), and about how long a connection whose peer vanished
    /// mid-statement takes to be declared lost (TCP keepalives and `tcp_user_timeout`).
    pub db_statement: Duration,
}

impl Timeouts {
    /// How long a print job may stay `pending` before it can only have been left by a station
    /// that could not record its outcome (a full disk, a kill): the wait for a busy database
    /// before sending, ten printer reads and writes (the status questions around the job and
    /// the job itself), and the wait to record the outcome after. Older pending jobs are settled
    /// as "outcome unknown" for staff (issue 17 §5; `store::jobs_stale`).
    pub fn print_settled_after(&self) -> Duration {
        self.job_before_send + self.printer_io * 10 + self.job_after_send
    }

    /// The desk never signs its clerk out sooner than this: a clerk reads a case file for
    /// longer than a holder reads a slip.
    pub const DESK_IDLE_MIN: Duration = Duration::from_secs(120);

    /// The product's figures with the two certdesk.toml sets: the printer's I/O timeout and the
    /// idle timeout.
    pub fn from_config(config: &Config) -> Timeouts {
        Timeouts {
            printer_io: Duration::from_millis(config.printer.timeout_ms),
            idle: Duration::from_secs(config.kiosk.idle_timeout_secs),
            ..Timeouts::default()
        }
    }

    /// The desk's idle timeout: [`Timeouts::idle`], at least [`Timeouts::DESK_IDLE_MIN`].
    pub fn desk_idle(&self) -> Duration {
        self.idle.max(Timeouts::DESK_IDLE_MIN)
    }

    /// Short timeouts for tests: a lock given up after 200 ms, patience of a second or two,
    /// reconnection every 50–200 ms, printer I/O of 400 ms, a connection attempt of 2 s. Long enough for a loaded 2-core
    /// machine to do the work in between, short enough that no test waits seconds.
    pub fn short() -> Timeouts {
        Timeouts {
            printer_io: Duration::from_millis(400),
            job_before_send: Duration::from_secs(2),
            job_after_send: Duration::from_secs(5),
            outage_retry_first: Duration::from_millis(50),
            outage_retry_max: Duration::from_millis(200),
            outage_patience: Duration::from_millis(500),
            idle: Duration::from_secs(30),
            db_lock: Duration::from_millis(200),
            db_connect: Duration::from_secs(2),
            db_statement: Duration::from_secs(30),
        }
    }
}

impl Default for Timeouts {
    /// The product's figures (SPEC §5 for the print patience; certdesk.toml's defaults for the
    /// printer and the idle timeout).
    fn default() -> Timeouts {
        let config = crate::config::Config::default();
        Timeouts {
            printer_io: Duration::from_millis(config.printer.timeout_ms),
            job_before_send: Duration::from_secs(30),
            job_after_send: Duration::from_secs(300),
            outage_retry_first: Duration::from_millis(250),
            outage_retry_max: Duration::from_secs(5),
            outage_patience: Duration::from_secs(2),
            idle: Duration::from_secs(config.kiosk.idle_timeout_secs),
            db_lock: Duration::from_secs(5),
            db_connect: Duration::from_secs(5),
            db_statement: Duration::from_secs(120),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_print_is_settled_only_after_every_wait_it_may_take() {
        // 30 s for a busy database, ten printer I/O timeouts of 5 s, 300 s to record.
        assert_eq!(Timeouts::default().print_settled_after(), Duration::from_secs(380));
        let t = Timeouts::short();
        assert!(t.print_settled_after() > t.job_before_send + t.job_after_send + t.printer_io);
    }

    #[test]
    fn the_product_figures_and_the_settings_file() {
        let t = Timeouts::default();
        assert_eq!(
            (t.db_lock, t.job_before_send, t.job_after_send),
            (Duration::from_secs(5), Duration::from_secs(30), Duration::from_secs(300))
        );
        assert_eq!((t.outage_retry_first, t.outage_retry_max), (Duration::from_millis(250), Duration::from_secs(5)));
        let mut c = Config::default();
        c.printer.timeout_ms = 1234;
        c.kiosk.idle_timeout_secs = 45;
        let t = Timeouts::from_config(&c);
        assert_eq!((t.printer_io, t.idle), (Duration::from_millis(1234), Duration::from_secs(45)));
        assert_eq!(t.desk_idle(), Duration::from_secs(120), "the desk waits at least two minutes");
        assert_eq!(t.db_lock, Timeouts::default().db_lock);
    }

    #[test]
    fn short_timeouts_are_shorter_than_the_product_ones() {
        let (s, d) = (Timeouts::short(), Timeouts::default());
        assert!(s.db_lock < d.db_lock && s.job_before_send < d.job_before_send && s.job_after_send < d.job_after_send);
        assert!(s.outage_retry_first <= s.outage_retry_max && s.outage_retry_max < d.outage_retry_max);
        assert!(s.db_lock < s.job_before_send, "a patient write outlasts one lock timeout");
    }
}
