//! Scan rows written exactly once (issue 17 §8): a row the verifier station kept on disk while
//! its database was away carries the id it was given when it was kept (a negative number,
//! increasing with time, with random low bits: the identity column only ever hands out
//! positive ones, so the two never meet), and
//! is written under that id with `ON CONFLICT (id) DO NOTHING`. A station killed after the
//! database committed the row but before it removed its file writes nothing the second time.

use super::db::p;
use super::{Result, Store};
use chrono::NaiveDateTime;

impl Store {
    /// Write the scan row kept as `id` (negative); `false` when it was written already.
    pub fn log_scan_once(
        &self,
        id: i64,
        at: NaiveDateTime,
        verdict: &str,
        key_id: Option<&str>,
        handle: Option<&[u8; 8]>,
    ) -> Result<bool> {
        if id >= 0 {
            return Err(super::StoreError::Invalid(format!("a kept scan row's id is negative, not {id}")));
        }
        let hash = handle.map(|h| self.handle_key(h));
        let n = self.db.execute(
            "INSERT INTO verifier_scans (id, at, day, verdict, key_id, handle_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
             ON CONFLICT (id) DO NOTHING",
            p![
                id,
                at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                at.date().format("%Y-%m-%d").to_string(),
                verdict,
                key_id,
                hash
            ],
        )?;
        Ok(n == 1)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    #[test]
    fn a_kept_row_is_written_once_on_both_backends() {
        let at = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap().and_hms_opt(9, 30, 0).unwrap();
        for (_d, s) in super::super::test_stores("scan_once") {
            assert!(s.log_scan_once(-42, at, "valid", Some("k1"), Some(&[1; 8])).unwrap());
            assert!(!s.log_scan_once(-42, at, "valid", Some("k1"), Some(&[1; 8])).unwrap(), "a replay writes nothing");
            s.log_scan(at, "forged", None, None).unwrap();
            assert!(s.log_scan_once(-7, at, "valid", None, None).unwrap());
            assert!(s.log_scan_once(5, at, "valid", None, None).is_err(), "garbage id");
            let counts = s.scan_counts(at.date()).unwrap();
            assert_eq!(counts, vec![("forged".to_string(), 1), ("valid".to_string(), 2)], "{:?}", s.backend());
        }
    }
}
