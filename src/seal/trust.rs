//! The trust list (which public keys a verifier accepts) and the revocation list.
//!
//! Trust list, TOML:
//!
//! ```toml
//! [[key]]
//! id = "3F2A"                  # KeyId: first 2 bytes of SHA-256(public key), hex
//! public_key = "<64 hex>"      # Ed25519 public key
//! status = "active"            # or "retired": still verifies old slips, may not sign
//! label = "kiosk-01 2026"
//! added = "2026-01-05"
//! ```
//!
//! Revocation list: one 16-hex-digit seal handle per line; `#` starts a comment; blank lines
//! are ignored; any other line is an error naming its line number.

use super::keys::KeyId;
use super::{from_hex, to_hex, SealError};
use chrono::NaiveDate;
use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyStatus {
    Active,
    Retired,
}

/// One trusted public key, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKey {
    pub id: KeyId,
    pub key: VerifyingKey,
    pub status: KeyStatus,
    pub label: String,
    pub added: NaiveDate,
}

impl TrustedKey {
    pub fn new(key: VerifyingKey, status: KeyStatus, label: &str, added: NaiveDate) -> TrustedKey {
        TrustedKey { id: KeyId::of(&key), key, status, label: label.to_string(), added }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    id: String,
    public_key: String,
    status: KeyStatus,
    #[serde(default)]
    label: String,
    added: NaiveDate,
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ListFile {
    #[serde(default)]
    key: Vec<EntryFile>,
}

/// The public keys a verifier accepts, indexed by key id; keys are parsed once, at load.
#[derive(Debug, Clone, Default)]
pub struct TrustList {
    entries: Vec<TrustedKey>,
    index: HashMap<KeyId, usize>,
}

impl TrustList {
    pub fn new() -> TrustList {
        TrustList::default()
    }

    pub fn load(path: &Path) -> Result<TrustList, SealError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| SealError::Io { path: path.to_path_buf(), source })?;
        TrustList::parse(&text).map_err(|e| SealError::TrustList {
            path: path.to_path_buf(),
            msg: match e {
                SealError::Trust(m) => m,
                other => other.to_string(),
            },
        })
    }

    pub fn parse(text: &str) -> Result<TrustList, SealError> {
        let file: ListFile = toml::from_str(text).map_err(|e| SealError::Trust(e.message().to_string()))?;
        let mut list = TrustList::new();
        for (n, e) in file.key.into_iter().enumerate() {
            let n = n + 1;
            let bytes = from_hex::<32>(&e.public_key)
                .ok_or_else(|| SealError::Trust(format!("key #{n}: public_key must be 64 hex digits")))?;
            let key = VerifyingKey::from_bytes(&bytes)
                .map_err(|_| SealError::Trust(format!("key #{n}: public_key is not an Ed25519 point")))?;
            let entry = TrustedKey::new(key, e.status, &e.label, e.added);
            if KeyId::parse(&e.id) != Some(entry.id) {
                return Err(SealError::Trust(format!(
                    "key #{n}: id {:?} does not match its public key (expected {})",
                    e.id, entry.id
                )));
            }
            list.add(entry).map_err(|e| SealError::Trust(format!("key #{n}: {e}")))?;
        }
        Ok(list)
    }

    pub fn to_toml(&self) -> String {
        let file = ListFile {
            key: self
                .entries
                .iter()
                .map(|e| EntryFile {
                    id: e.id.to_string(),
                    public_key: to_hex(e.key.as_bytes()),
                    status: e.status,
                    label: e.label.clone(),
                    added: e.added,
                })
                .collect(),
        };
        format!(
            "# certdesk trust list: public keys whose slips verify. See docs/qr-format.md.\n\n{}",
            toml::to_string(&file).expect("plain data serialises")
        )
    }

    /// Write atomically (temporary file + rename).
    pub fn save(&self, path: &Path) -> Result<(), SealError> {
        let io = |source| SealError::Io { path: path.to_path_buf(), source };
        let mut tmp = path.as_os_str().to_os_string();
        tmp.push(".tmp");
        std::fs::write(&tmp, self.to_toml()).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }

    /// Add a key. Refuses a second key with the same id (even the same key twice).
    pub fn add(&mut self, entry: TrustedKey) -> Result<(), SealError> {
        if let Some(old) = self.get(entry.id) {
            return Err(SealError::Trust(if old.key == entry.key {
                format!("key {} is already in the trust list", entry.id)
            } else {
                format!("key id {} is already taken by another key; generate a new key", entry.id)
            }));
        }
        self.index.insert(entry.id, self.entries.len());
        self.entries.push(entry);
        Ok(())
    }

    /// Mark a key retired: its slips still verify, it can no longer sign.
    pub fn retire(&mut self, id: KeyId) -> Result<(), SealError> {
        let i = *self.index.get(&id).ok_or_else(|| SealError::Trust(format!("no key {id} in the trust list")))?;
        self.entries[i].status = KeyStatus::Retired;
        Ok(())
    }

    #[inline]
    pub fn get(&self, id: KeyId) -> Option<&TrustedKey> {
        self.index.get(&id).map(|&i| &self.entries[i])
    }

    pub fn entries(&self) -> &[TrustedKey] {
        &self.entries
    }
}

/// Seal handles of revoked certificates.
#[derive(Debug, Clone, Default)]
pub struct RevocationList {
    handles: HashSet<[u8; 8]>,
}

impl RevocationList {
    pub fn new() -> RevocationList {
        RevocationList::default()
    }

    /// Load the list; a missing file is an empty list.
    pub fn load(path: &Path) -> Result<RevocationList, SealError> {
        match std::fs::read_to_string(path) {
            Ok(text) => RevocationList::parse(&text).map_err(|(line, msg)| SealError::Revocation {
                path: path.to_path_buf(),
                line,
                msg,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(RevocationList::new()),
            Err(source) => Err(SealError::Io { path: path.to_path_buf(), source }),
        }
    }

    /// Parse the text form; the error carries the 1-based line number.
    pub fn parse(text: &str) -> Result<RevocationList, (usize, String)> {
        let mut list = RevocationList::new();
        for (n, line) in text.lines().enumerate() {
            let content = line.split('#').next().unwrap_or("").trim();
            if content.is_empty() {
                continue;
            }
            let h = from_hex::<8>(content).ok_or_else(|| {
                let shown: String = content.chars().take(40).collect();
                (n + 1, format!("{shown:?} is not a revocation handle (16 hex digits)"))
            })?;
            list.handles.insert(h);
        }
        Ok(list)
    }

    pub fn insert(&mut self, handle: [u8; 8]) {
        self.handles.insert(handle);
    }

    #[inline]
    pub fn contains(&self, handle: &[u8; 8]) -> bool {
        !self.handles.is_empty() && self.handles.contains(handle)
    }

    pub fn len(&self) -> usize {
        self.handles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.handles.is_empty()
    }
}
