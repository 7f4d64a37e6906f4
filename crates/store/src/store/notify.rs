//! Telling other terminals that something changed, without them asking the database over and
//! over: PostgreSQL's LISTEN/NOTIFY on a hall's server. On SQLite (one machine) there is no such
//! channel; terminals poll, and [`Listener`] is not available.
//!
//! A notification is sent inside the writing transaction (`pg_notify`), so it is delivered only
//! if, and when, the change commits. It carries no personal data: a counter number.

use super::db::{p, Db};
use super::{Result, Store, StoreError};
use std::time::Duration;

/// The channel on which a rating request names its counter (`certdesk rate` listens).
pub const RATING_CHANNEL: &str = "certdesk_rating";

impl Store {
    /// Send `payload` on `channel` when the current transaction commits (PostgreSQL); nothing on
    /// SQLite, whose screens poll.
    pub(crate) fn notify(&self, channel: &str, payload: &str) -> Result<()> {
        if let Db::Pg(_) = &self.db {
            self.db.query_one("SELECT pg_notify(?1, ?2)", p![channel, payload], |_| Ok(()))?;
        }
        Ok(())
    }

    /// A listener on `channel` with its own connection (PostgreSQL); `None` on SQLite.
    pub fn listener(&self, channel: &str) -> Result<Option<Listener>> {
        let Db::Pg(pg) = &self.db else { return Ok(None) };
        let mut l = Listener { config: pg.config.clone(), channel: channel.to_string(), client: None };
        l.connect()?;
        Ok(Some(l))
    }
}

/// Waits for notifications on one channel; reconnects by itself after an outage.
pub struct Listener {
    config: super::pg_connect::PgConnect,
    channel: String,
    client: Option<postgres::Client>,
}

impl Listener {
    fn connect(&mut self) -> Result<()> {
        let unavailable = |e: postgres::Error| StoreError::Unavailable(format!("listener: {e}"));
        let mut c = self.config.connect("listener")?;
        // The channel is one of ours (a constant), quoted as an identifier all the same.
        c.batch_execute(&format!("LISTEN \"{}\"", self.channel.replace('"', "\"\""))).map_err(unavailable)?;
        self.client = Some(c);
        Ok(())
    }

    /// The payloads received within `timeout` (empty if none came). A lost connection is
    /// re-established on the next call; notifications sent meanwhile are lost, which is why
    /// callers still read the state itself after waking (the notification is only a nudge).
    pub fn wait(&mut self, timeout: Duration) -> Result<Vec<String>> {
        use postgres::fallible_iterator::FallibleIterator;
        if self.client.as_ref().is_none_or(|c| c.is_closed()) {
            self.connect()?;
        }
        let client = self.client.as_mut().expect("connected above");
        let mut out = vec![];
        let first = client.notifications().timeout_iter(timeout).next();
        match first {
            Ok(Some(n)) => {
                out.push(n.payload().to_string());
                // Take what else has arrived already, without waiting further.
                let more: std::result::Result<Vec<_>, _> = client.notifications().iter().collect();
                match more {
                    Ok(more) => out.extend(more.into_iter().map(|n| n.payload().to_string())),
                    Err(e) => {
                        self.client = None;
                        return Err(StoreError::Unavailable(format!("listener: {e}")));
                    }
                }
            }
            Ok(None) => {}
            Err(e) => {
                self.client = None;
                return Err(StoreError::Unavailable(format!("listener: {e}")));
            }
        }
        Ok(out)
    }
}
