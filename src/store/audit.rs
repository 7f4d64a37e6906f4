//! The append-only, hash-chained audit log.
//!
//! Each entry: `seq` (1, 2, 3, … with no gaps), `time`, `actor`, `action`, `detail` (JSON
//! text), `prev_hash` (the previous entry's hash; 32 zero bytes for entry 1) and
//! `hash = SHA-256(prev_hash ‖ canonical(seq, time, actor, action, detail))` where
//! `canonical` is the domain tag `certdesk-audit-v1\0`, `seq` as 8 bytes big-endian, then each
//! text field as its UTF-8 length (8 bytes big-endian) followed by its bytes. The stored
//! detail text is hashed exactly as stored.
//!
//! SQLite triggers refuse UPDATE and DELETE (accidents); the chain detects deliberate edits by
//! someone who drops the triggers. The newest seq is also kept in `meta.audit_head`, so
//! cutting entries off the end is detected too (unless that is edited as well).
//!
//! Details must never hold a raw ID number: use [`id_ref`]. As a safety net, `audit` masks
//! any 18-character run in the detail that is a checksum-valid ID number.

use super::{parse_time_text, time_text, Result, Store};
use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

/// How an ID number is referred to in audit details: first 6 and last 4 characters.
pub fn id_ref(id_number: &str) -> String {
    crate::domain::id::mask(&id_number.trim().to_ascii_uppercase())
}

/// The first entry at which the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit log broken at entry {seq}: {reason}")]
pub struct AuditBreak {
    pub seq: u64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub seq: u64,
    pub time: NaiveDateTime,
    pub actor: String,
    pub action: String,
    pub detail: serde_json::Value,
}

const TAG: &[u8] = b"certdesk-audit-v1\0";

pub(crate) fn entry_hash(prev: &[u8], seq: u64, time: &str, actor: &str, action: &str, detail: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(TAG);
    h.update(seq.to_be_bytes());
    for f in [time, actor, action, detail] {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    h.finalize().into()
}

/// Replace every checksum-valid 18-character ID number in `text` by its masked form.
pub(crate) fn mask_ids(text: &str) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    let mut hits = Vec::new();
    let mut i = 0;
    while i + 18 <= b.len() {
        let run_ok = b[i..i + 17].iter().all(u8::is_ascii_digit)
            && (b[i + 17].is_ascii_digit() || b[i + 17] == b'X' || b[i + 17] == b'x');
        let left_ok = i == 0 || !b[i - 1].is_ascii_digit();
        let right_ok = i + 18 == b.len() || !b[i + 18].is_ascii_alphanumeric();
        if run_ok && left_ok && right_ok {
            let want = crate::domain::id::check_char(&b[i..i + 17]);
            if want == b[i + 17].to_ascii_uppercase() as char {
                hits.push(i);
                i += 18;
                continue;
            }
        }
        i += 1;
    }
    if hits.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for h in hits {
        out.push_str(&text[last..h]);
        out.push_str(&id_ref(&text[h..h + 18]));
        last = h + 18;
    }
    out.push_str(&text[last..]);
    std::borrow::Cow::Owned(out)
}

impl Store {
    /// Append an entry; returns its seq. Joins the caller's transaction if one is open.
    pub fn audit(&self, actor: &str, action: &str, detail: serde_json::Value, now: NaiveDateTime) -> Result<u64> {
        let detail = detail.to_string();
        let detail = mask_ids(&detail);
        let time = time_text(now);
        self.in_transaction(|s| {
            let last: Option<(i64, Vec<u8>)> = s
                .conn
                .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")?
                .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let (seq, prev) = match last {
                Some((seq, hash)) => (seq as u64 + 1, hash),
                None => (1, vec![0u8; 32]),
            };
            let hash = entry_hash(&prev, seq, &time, actor, action, &detail);
            s.conn
                .prepare_cached(
                    "INSERT INTO audit (seq, time, actor, action, detail, prev_hash, hash) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![seq as i64, time, actor, action, detail.as_ref(), prev, &hash[..]])?;
            s.conn
                .prepare_cached(
                    "INSERT INTO meta (key, value) VALUES ('audit_head', ?1) \
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                )?
                .execute([seq as i64])?;
            Ok(seq)
        })
    }

    /// Walk the whole chain. `Ok(n)` = n entries, all intact; otherwise the first broken one.
    pub fn verify_audit(&self) -> std::result::Result<u64, AuditBreak> {
        let db = |e: rusqlite::Error| AuditBreak { seq: 0, reason: format!("cannot read the audit log: {e}") };
        let mut st = self
            .conn
            .prepare("SELECT seq, time, actor, action, detail, prev_hash, hash FROM audit ORDER BY seq")
            .map_err(db)?;
        let mut rows = st.query([]).map_err(db)?;
        let mut prev = vec![0u8; 32];
        let mut expected: u64 = 1;
        while let Some(r) = rows.next().map_err(db)? {
            let seq: i64 = r.get(0).map_err(db)?;
            let seq = seq as u64;
            let text = |i: usize| -> std::result::Result<String, AuditBreak> {
                r.get::<_, String>(i).map_err(|e| AuditBreak { seq, reason: format!("column {i} is not text: {e}") })
            };
            let (time, actor, action, detail) = (text(1)?, text(2)?, text(3)?, text(4)?);
            let prev_hash: Vec<u8> = r.get(5).map_err(db)?;
            let hash: Vec<u8> = r.get(6).map_err(db)?;
            if seq != expected {
                return Err(AuditBreak {
                    seq: expected,
                    reason: if seq > expected {
                        format!("entry {expected} is missing (the next entry is {seq}): entries were deleted")
                    } else {
                        format!("unexpected entry number {seq}")
                    },
                });
            }
            if prev_hash != prev {
                return Err(AuditBreak {
                    seq,
                    reason: "its link to the previous entry does not match: an entry before it \
                             was deleted, changed, or entries were reordered"
                        .into(),
                });
            }
            if entry_hash(&prev, seq, &time, &actor, &action, &detail)[..] != hash[..] {
                return Err(AuditBreak {
                    seq,
                    reason: "its content does not match its hash: the entry was edited".into(),
                });
            }
            prev = hash;
            expected += 1;
        }
        let count = expected - 1;
        let head: Option<i64> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'audit_head'", [], |r| r.get(0))
            .optional()
            .map_err(db)?;
        if let Some(head) = head {
            if head as u64 > count {
                return Err(AuditBreak {
                    seq: count + 1,
                    reason: format!(
                        "the log ends at entry {count} but {head} entries were written: the newest \
                         entries were deleted"
                    ),
                });
            }
        }
        Ok(count)
    }

    /// Up to `limit` entries starting at `from_seq`, oldest first (for `certdesk audit show`).
    pub fn audit_entries(&self, from_seq: u64, limit: usize) -> Result<Vec<AuditEntry>> {
        let mut st = self.conn.prepare_cached(
            "SELECT seq, time, actor, action, detail FROM audit WHERE seq >= ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = st.query_map(params![from_seq as i64, limit as i64], |r| {
            let time: String = r.get(1)?;
            let detail: String = r.get(4)?;
            Ok(AuditEntry {
                seq: r.get::<_, i64>(0)? as u64,
                time: parse_time_text(&time).unwrap_or_default(),
                actor: r.get(2)?,
                action: r.get(3)?,
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
