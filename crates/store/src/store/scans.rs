//! The verifier station's scan log (`verifier_scans`): one row per scanned burst with the time,
//! the verdict word, the signing key id and a salted hash of the seal handle. Never a name or an
//! ID number: the hash lets the bureau count repeat scans of one slip without holding who it is.

use super::db::p;
use super::{hex, Store};
use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};

impl Store {
    /// Salted hash of a seal handle (same salt as [`Store::id_key`], a distinct prefix so the
    /// two kinds of key can never collide).
    pub fn handle_key(&self, handle: &[u8; 8]) -> String {
        self.id_key(&format!("SEAL:{}", hex(handle)))
    }

    /// Record one scan in its own transaction (a single INSERT is one).
    pub fn log_scan(
        &self,
        at: NaiveDateTime,
        verdict: &str,
        key_id: Option<&str>,
        handle: Option<&[u8; 8]>,
    ) -> Result<()> {
        let hash = handle.map(|h| self.handle_key(h));
        self.db.execute(
            "INSERT INTO verifier_scans (at, day, verdict, key_id, handle_hash) VALUES (?1, ?2, ?3, ?4, ?5)",
            p![
                at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                at.date().format("%Y-%m-%d").to_string(),
                verdict,
                key_id,
                hash
            ],
        )?;
        Ok(())
    }

    /// How many scans of each verdict on `day`, by verdict word (sorted).
    pub fn scan_counts(&self, day: NaiveDate) -> Result<Vec<(String, u32)>> {
        Ok(self.db.query(
            "SELECT verdict, COUNT(*) FROM verifier_scans WHERE day = ?1 GROUP BY verdict ORDER BY verdict",
            p![day.format("%Y-%m-%d").to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }
}
