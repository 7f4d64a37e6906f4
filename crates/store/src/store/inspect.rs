//! Looking through the whole database for a value, on either backend: what the privacy tests
//! use to prove that a raw ID number lives only in the registry tables (SPEC §6).

use super::db::{p, Value};
use super::{Result, Store};

impl Store {
    /// `table.column` (sorted) of every column outside `except` where some row's text or bytes contain
    /// `needle` (an ID inside JSON, a document's bytes or a hash input left raw is found too).
    pub fn columns_containing(&self, needle: &str, except: &[&str]) -> Result<Vec<String>> {
        let needle = needle.as_bytes();
        if needle.is_empty() {
            return Ok(vec![]);
        }
        let mut found = Vec::new();
        for t in self.migrate_tables()? {
            if except.contains(&t.name.as_str()) || t.name == "certdesk_schema" {
                continue;
            }
            let list = t.columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
            let mut hit = vec![false; t.columns.len()];
            self.db.each(&format!("SELECT {list} FROM \"{}\"", t.name), p![], |r| {
                for (i, h) in hit.iter_mut().enumerate() {
                    let bytes: Option<Vec<u8>> = match r.get::<Value>(i)? {
                        Value::Text(s) => Some(s.into_bytes()),
                        Value::Blob(b) => Some(b),
                        _ => None,
                    };
                    *h |= bytes.is_some_and(|b| b.windows(needle.len()).any(|w| w == needle));
                }
                Ok(true)
            })?;
            found.extend(t.columns.iter().zip(hit).filter(|(_, h)| *h).map(|(c, _)| format!("{}.{c}", t.name)));
        }
        found.sort();
        Ok(found)
    }
}
