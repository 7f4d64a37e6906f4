//! How long a store waits for others: the lock timeout and a print's patience, from the
//! station's resolved settings (`certdesk_domain::timeouts::Timeouts`, issue 14: resolved once,
//! injectable, so that tests use short ones instead of sleeping through the product's).

use super::{Result, Store};
use certdesk_domain::timeouts::Timeouts;

impl Store {
    /// Use `timeouts` from now on: a write waits at most `db_lock` for another writer's lock
    /// (SQLite's busy timeout, PostgreSQL's `lock_timeout`, reconnections included) and then
    /// reports busy, a statement runs at most `db_statement` and a connection attempt takes at
    /// most `db_connect` (PostgreSQL); an audited write or a print record waits `job_before_send` /
    /// `job_after_send` for a busy database instead of failing.
    pub fn set_timeouts(&mut self, timeouts: &Timeouts) -> Result<()> {
        self.db.set_timeouts(timeouts)?;
        self.timeouts = *timeouts;
        Ok(())
    }

    /// Open the database at `location` with `timeouts` from the first connection attempt on
    /// (on PostgreSQL the connection bound applies to the very first attempt too).
    pub fn open_at_with(location: &super::Location, check: super::OpenCheck, timeouts: &Timeouts) -> Result<Store> {
        let mut s = match location {
            super::Location::Sqlite(_) => Store::open_at(location, check)?,
            super::Location::Postgres(url) => Store::open_pg(url, &location.shown(), timeouts)?,
        };
        s.set_timeouts(timeouts)?;
        Ok(s)
    }

    /// The timeouts this store waits by ([`Store::set_timeouts`]; the product's by default).
    pub fn timeouts(&self) -> &Timeouts {
        &self.timeouts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn a_short_lock_timeout_gives_up_sooner_and_a_patient_write_still_waits() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db.sqlite");
        let mut s = Store::open(&db).unwrap();
        let t = Timeouts { db_lock: Duration::from_millis(100), ..Timeouts::short() };
        s.set_timeouts(&t).unwrap();
        assert_eq!(s.timeouts().db_lock, Duration::from_millis(100));
        let busy: i64 = s.conn().query_row("PRAGMA busy_timeout", [], |r| r.get(0)).unwrap();
        assert_eq!(busy, 100);
        let other = rusqlite::Connection::open(&db).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let start = Instant::now();
        let e = s.in_transaction(|s| s.set_setting("x", "1")).unwrap_err();
        assert!(e.is_busy(), "{e}");
        assert!(start.elapsed() < Duration::from_secs(2), "gave up after {:?}", start.elapsed());
        other.execute_batch("COMMIT").unwrap();
        s.in_transaction(|s| s.set_setting("x", "1")).unwrap();
    }
}
