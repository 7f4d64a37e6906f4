//! The signed revocation list: which certificates' slips must no longer verify as valid, and why.
//!
//! Text format (docs/qr-format.md §7), signed as in [`super::signed`]:
//!
//! ```text
//! certdesk-revocations 1
//! issued 2026-11-23T13:40:05.120Z
//! entries 2
//! 0102030405060708 revoked
//! a1b2c3d4e5f60718 suspended
//! signature FE81 <128 hex>
//! ```
//!
//! A list is a full snapshot of the registry's standings at `issued` (a suspension that is lifted
//! simply drops out of the next list), so a station keeps only the newest list it has accepted and
//! refuses an older one: replaying an old list must not hide a later revocation.

use super::keys::{KeyId, Signer};
use super::signed;
use super::trust::Accept;
use super::trust::TrustList;
use super::{from_hex, to_hex};
use chrono::{DateTime, NaiveDateTime, Utc};
use std::collections::HashMap;
use std::path::Path;

const HEADER: &str = "certdesk-revocations 1";
/// Written with milliseconds, so two exports in one second still order; read with or without.
const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.3fZ";
const TIME_PARSE: &str = "%Y-%m-%dT%H:%M:%S%.fZ";

/// Why a handle is on the list (the certificate's standing, 30号令 art. 30, 31).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    /// 撤销 (art. 30).
    Revoked,
    /// 暂停: may be lifted; the handle then leaves the next list.
    Suspended,
    /// 注销 (art. 31).
    Cancelled,
}

impl Reason {
    /// The reason's word in the list file and in machine output.
    pub fn word(self) -> &'static str {
        match self {
            Reason::Revoked => "revoked",
            Reason::Suspended => "suspended",
            Reason::Cancelled => "cancelled",
        }
    }
    /// The reason a list file's word names; `None` for an unknown word.
    pub fn parse(s: &str) -> Option<Reason> {
        [Reason::Revoked, Reason::Suspended, Reason::Cancelled].into_iter().find(|r| r.word() == s)
    }
    /// The reason in Chinese, as screens and paper show it.
    pub fn zh(self) -> &'static str {
        match self {
            Reason::Revoked => "撤销",
            Reason::Suspended => "暂停",
            Reason::Cancelled => "注销",
        }
    }
    /// The registry's standing code (`Standing::code()`: 1 suspended, 2 revoked, 3 cancelled).
    /// An unknown non-zero code is treated as revoked: a verifier must fail safe.
    pub fn from_standing_code(code: u8) -> Option<Reason> {
        match code {
            0 => None,
            1 => Some(Reason::Suspended),
            3 => Some(Reason::Cancelled),
            _ => Some(Reason::Revoked),
        }
    }
}

/// Everything that can be wrong with a list a station is offered.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ListError {
    /// The list does not parse.
    #[error("revocation list: {0}")]
    Format(String),
    /// The list's signature is missing, unknown or does not match.
    #[error("revocation list: {0}")]
    Signature(String),
    /// The list is older than the station's: a replayed old list must not lift revocations.
    #[error("revocation list issued {offered} is older than the one this station has (issued {current}); the current list is kept")]
    Older {
        /// The offered list's date.
        offered: String,
        /// The current list's date.
        current: String,
    },
    /// Same date as the current list but other entries: two lists for one day, neither is trusted over the other.
    #[error("revocation list issued {0} has the same date as the current one but different entries; the current list is kept")]
    Conflict(String),
}

/// Seal handles of certificates that are revoked, suspended or cancelled, with the list's date
/// when it came from a signed list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevocationList {
    entries: HashMap<[u8; 8], Reason>,
    issued: Option<DateTime<Utc>>,
    signer: Option<KeyId>,
}

impl RevocationList {
    /// An empty list with no date (no list at all).
    pub fn new() -> RevocationList {
        RevocationList::default()
    }

    /// Add a handle as revoked.
    pub fn insert(&mut self, handle: [u8; 8]) {
        self.entries.insert(handle, Reason::Revoked);
    }

    /// Add a handle with its reason.
    pub fn insert_with(&mut self, handle: [u8; 8], reason: Reason) {
        self.entries.insert(handle, reason);
    }

    /// Whether the handle is on the list (any reason).
    #[inline]
    pub fn contains(&self, handle: &[u8; 8]) -> bool {
        !self.entries.is_empty() && self.entries.contains_key(handle)
    }

    /// Why the handle is on the list; `None` when it is not.
    #[inline]
    pub fn reason(&self, handle: &[u8; 8]) -> Option<Reason> {
        if self.entries.is_empty() {
            return None;
        }
        self.entries.get(handle).copied()
    }

    /// How many handles the list holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list holds no handle.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// When the list was issued (None: not from a signed list).
    pub fn issued(&self) -> Option<DateTime<Utc>> {
        self.issued
    }

    /// The key whose signature was accepted.
    pub fn signer(&self) -> Option<KeyId> {
        self.signer
    }

    /// Entries sorted by handle (stable output).
    pub fn sorted(&self) -> Vec<([u8; 8], Reason)> {
        let mut v: Vec<_> = self.entries.iter().map(|(h, r)| (*h, *r)).collect();
        v.sort();
        v
    }

    /// The signed text of this list, dated `issued` (seconds precision, UTC).
    pub fn to_signed_text(&self, issued: DateTime<Utc>, signer: &Signer) -> String {
        let mut content = format!("{HEADER}\nissued {}\nentries {}\n", issued.format(TIME_FORMAT), self.entries.len());
        for (h, r) in self.sorted() {
            content.push_str(&to_hex(&h));
            content.push(' ');
            content.push_str(r.word());
            content.push('\n');
        }
        signed::sign(&content, &[signer])
    }

    /// Parse a signed list and check its signature against `trust` (a key that is active or
    /// retired, not compromised). Nothing of an unverified list is used.
    pub fn parse_signed(text: &str, trust: &TrustList) -> Result<RevocationList, ListError> {
        let env = signed::split(text).map_err(ListError::Format)?;
        let signer = env.check(trust, Accept::NotCompromised).map_err(ListError::Signature)?;
        let mut lines = env.content.lines().enumerate();
        let fmt = |n: usize, m: String| ListError::Format(format!("line {}: {m}", n + 1));
        match lines.next() {
            Some((_, l)) if l.trim_end() == HEADER => {}
            _ => return Err(ListError::Format(format!("the first line must be {HEADER:?}"))),
        }
        let issued = match lines.next() {
            Some((n, l)) => {
                let v = l.strip_prefix("issued ").ok_or_else(|| fmt(n, "expected `issued <time>`".into()))?;
                NaiveDateTime::parse_from_str(v.trim(), TIME_PARSE)
                    .map_err(|_| fmt(n, format!("{v:?} is not a time like 2026-11-23T13:40:05Z")))?
                    .and_utc()
            }
            None => return Err(ListError::Format("no `issued` line".into())),
        };
        let count: usize = match lines.next() {
            Some((n, l)) => l
                .strip_prefix("entries ")
                .and_then(|v| v.trim().parse().ok())
                .ok_or_else(|| fmt(n, "expected `entries <count>`".into()))?,
            None => return Err(ListError::Format("no `entries` line".into())),
        };
        let mut list =
            RevocationList { entries: HashMap::with_capacity(count), issued: Some(issued), signer: Some(signer) };
        for (n, line) in lines {
            let mut parts = line.split_ascii_whitespace();
            let (Some(h), Some(r), None) = (parts.next(), parts.next(), parts.next()) else {
                return Err(fmt(n, "expected `<16 hex digits> <revoked|suspended|cancelled>`".into()));
            };
            let h = from_hex::<8>(h).ok_or_else(|| fmt(n, format!("{h:?} is not a handle (16 hex digits)")))?;
            let r = Reason::parse(r).ok_or_else(|| fmt(n, format!("{r:?} is not revoked, suspended or cancelled")))?;
            if list.entries.insert(h, r).is_some() {
                return Err(fmt(n, "the same handle twice".into()));
            }
        }
        if list.entries.len() != count {
            return Err(ListError::Format(format!("says {count} entries but has {}", list.entries.len())));
        }
        Ok(list)
    }

    /// Load the station's current list; `Ok(None)` when there is none yet. The signature is
    /// checked again, so a list edited on disk by someone without the bureau's key is refused.
    pub fn load(path: &Path, trust: &TrustList) -> anyhow::Result<Option<RevocationList>> {
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(Some(
                RevocationList::parse_signed(&text, trust).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(anyhow::anyhow!("{}: {e}", path.display())),
        }
    }
}

/// What importing a list did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    /// Replaced (or created) the station's list.
    Installed(RevocationList),
    /// The offered list is the one the station has.
    AlreadyCurrent,
}

/// Accept `offered` (text of a signed list) over `current` (the station's list, if any): its
/// signature must check out and it must not be older. The caller writes the text in place only
/// on `Installed`, so a refused list leaves the current one untouched.
pub fn accept(offered: &str, current: Option<&RevocationList>, trust: &TrustList) -> Result<Imported, ListError> {
    let new = RevocationList::parse_signed(offered, trust)?;
    if let Some(cur) = current {
        if let (Some(a), Some(b)) = (new.issued, cur.issued) {
            let show = |t: DateTime<Utc>| t.format(TIME_FORMAT).to_string();
            if a < b {
                return Err(ListError::Older { offered: show(a), current: show(b) });
            }
            if a == b {
                return if new.entries == cur.entries {
                    Ok(Imported::AlreadyCurrent)
                } else {
                    Err(ListError::Conflict(show(a)))
                };
            }
        }
    }
    Ok(Imported::Installed(new))
}

/// Format a list time for people (UTC, as written in the list).
pub fn show_time(t: DateTime<Utc>) -> String {
    t.format(TIME_FORMAT).to_string()
}
