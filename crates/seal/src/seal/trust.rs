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
//! A compromised key carries `status = "compromised"` and `compromised_since` (Beijing local
//! time, minute precision like a slip's printed-at): slips it signed from then on verify as
//! revoked, older ones keep verifying. The signed revocation list is in [`super::revocation`].
//!
//! Distribution: [`TrustList::export`] writes the list with an `issued` time and signatures
//! (see [`super::signed`]); [`accept_trust`] decides whether a station takes an offered list.

use super::algo::{Algorithm, PublicKey};
use super::keys::KeyId;
use super::keys::Signer;
use super::signed::{self, Envelope};
use super::{to_hex, SealError};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// A trusted key's standing: whether it may still sign, and how its slips verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyStatus {
    /// Signs the station's slips now.
    Active,
    /// Signs nothing any more; slips it signed before `retired_at` still verify.
    Retired,
    /// The private key leaked: slips it signed from `compromised_since` on verify as revoked.
    Compromised,
}

/// One trusted public key, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKey {
    /// The key's id, as slips name it.
    pub id: KeyId,
    /// Ed25519 or SM2: a bureau migrating to 国密 holds both kinds side by side.
    pub key: PublicKey,
    /// Whether it signs, and how its slips verify.
    pub status: KeyStatus,
    /// What the bureau calls the key (station, purpose).
    pub label: String,
    /// The day the key was trusted.
    pub added: NaiveDate,
    /// Set with status `Compromised`: slips printed at or after this local time are revoked.
    pub compromised_since: Option<NaiveDateTime>,
    /// When the key was retired (local time). A slip stamped after it was not made by the
    /// bureau (whose key signed nothing from then on): it verifies as `key_retired`.
    pub retired_at: Option<NaiveDateTime>,
}

impl TrustedKey {
    /// A trusted key with its id computed from the key.
    pub fn new(key: impl Into<PublicKey>, status: KeyStatus, label: &str, added: NaiveDate) -> TrustedKey {
        let key = key.into();
        TrustedKey {
            id: KeyId::of_key(&key),
            key,
            status,
            label: label.to_string(),
            added,
            compromised_since: None,
            retired_at: None,
        }
    }

    /// SHA-256 of the public key, hex, in groups of four: what two administrators read to each
    /// other over the phone before a station trusts a list for the first time.
    pub fn fingerprint(&self) -> String {
        let h = to_hex(&self.key.digest());
        h.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or("")).collect::<Vec<_>>().join(" ")
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    id: String,
    /// Absent for Ed25519 (lists written before issue 18 read unchanged).
    #[serde(default, skip_serializing_if = "is_ed25519")]
    algorithm: Algorithm,
    public_key: String,
    status: KeyStatus,
    #[serde(default)]
    label: String,
    added: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    compromised_since: Option<NaiveDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    retired_at: Option<NaiveDateTime>,
}

fn is_ed25519(a: &Algorithm) -> bool {
    *a == Algorithm::Ed25519
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ListFile {
    /// Set in an exported list: when it was written (UTC), so a station refuses an older one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    issued: Option<String>,
    #[serde(default)]
    key: Vec<EntryFile>,
}

/// Written with milliseconds, so two exports in one second still order; read with or without.
const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.3fZ";
const TIME_PARSE: &str = "%Y-%m-%dT%H:%M:%S%.fZ";

/// The public keys a verifier accepts, indexed by key id; keys are parsed once, at load.
#[derive(Debug, Clone, Default)]
pub struct TrustList {
    entries: Vec<TrustedKey>,
    index: HashMap<KeyId, usize>,
    issued: Option<DateTime<Utc>>,
}

impl TrustList {
    /// An empty, undated trust list.
    pub fn new() -> TrustList {
        TrustList::default()
    }

    /// Read and parse a trust list file.
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

    /// Parse the TOML form. An exported (signed) list is accepted too: its signature lines are
    /// set aside here (they were checked when the list was imported, see [`accept_trust`]).
    pub fn parse(text: &str) -> Result<TrustList, SealError> {
        let content = signed::split(text).map(|e| e.content).unwrap_or(text);
        let file: ListFile = toml::from_str(content).map_err(|e| {
            // A list cut short (a copy interrupted, a full disk) or edited by hand: say so and
            // where, not only the parser's words ("invalid basic string"; issue 17 §5).
            let line = e.span().map(|r| content.get(..r.start).unwrap_or(content).lines().count().max(1));
            let at = line.map(|l| format!(" at line {l}")).unwrap_or_default();
            SealError::Trust(format!(
                "damaged or incomplete, perhaps cut short ({}{at}); restore it from the bureau's `certdesk keys export` file                  (受信任公钥名单已损坏或不完整，请用发证机关 `certdesk keys export` 导出的文件恢复)",
                e.message().trim()
            ))
        })?;
        let mut list = TrustList::new();
        if let Some(t) = &file.issued {
            list.issued = Some(
                NaiveDateTime::parse_from_str(t, TIME_PARSE)
                    .map_err(|_| SealError::Trust(format!("issued {t:?} is not a time like 2026-11-23T13:40:05Z")))?
                    .and_utc(),
            );
        }
        for (n, e) in file.key.into_iter().enumerate() {
            let n = n + 1;
            let bytes = hex::decode(&e.public_key)
                .map_err(|_| SealError::Trust(format!("key #{n}: public_key must be hex digits")))?;
            let key = PublicKey::from_bytes(e.algorithm, &bytes)
                .map_err(|m| SealError::Trust(format!("key #{n}: public_key: {m}")))?;
            let mut entry = TrustedKey::new(key, e.status, &e.label, e.added);
            entry.compromised_since = e.compromised_since;
            entry.retired_at = e.retired_at;
            if e.status == KeyStatus::Active && e.retired_at.is_some() {
                return Err(SealError::Trust(format!("key #{n}: retired_at is set but the key is \"active\"")));
            }
            match (e.status, e.compromised_since) {
                (KeyStatus::Compromised, None) => {
                    return Err(SealError::Trust(format!("key #{n}: a compromised key needs compromised_since")))
                }
                (KeyStatus::Active | KeyStatus::Retired, Some(_)) => {
                    return Err(SealError::Trust(format!(
                        "key #{n}: compromised_since is set but status is not \"compromised\""
                    )))
                }
                _ => {}
            }
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

    /// The list as its TOML file.
    pub fn to_toml(&self) -> String {
        let file = ListFile {
            issued: self.issued.map(|t| t.format(TIME_FORMAT).to_string()),
            key: self
                .entries
                .iter()
                .map(|e| EntryFile {
                    id: e.id.to_string(),
                    algorithm: e.key.algorithm(),
                    public_key: to_hex(&e.key.to_bytes()),
                    status: e.status,
                    label: e.label.clone(),
                    added: e.added,
                    compromised_since: e.compromised_since,
                    retired_at: e.retired_at,
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

    /// Mark a key retired at `at` (local time): the slips it signed before still verify, it can
    /// no longer sign, and a slip stamped after `at` is refused (`key_retired`). Retiring again
    /// keeps the first time (the key signed nothing after it).
    pub fn retire(&mut self, id: KeyId, at: NaiveDateTime) -> Result<(), SealError> {
        let i = *self.index.get(&id).ok_or_else(|| SealError::Trust(format!("no key {id} in the trust list")))?;
        let e = &mut self.entries[i];
        // A compromised key stays compromised: retiring must never lift that mark.
        if e.status == KeyStatus::Active {
            e.status = KeyStatus::Retired;
        }
        if e.retired_at.is_none() {
            e.retired_at = Some(at);
        }
        Ok(())
    }

    /// Mark a key compromised from `since` (local time): slips it signed from then on verify as
    /// revoked; it can no longer sign, nor vouch for a distributed list.
    pub fn compromise(&mut self, id: KeyId, since: NaiveDateTime) -> Result<(), SealError> {
        let i = *self.index.get(&id).ok_or_else(|| SealError::Trust(format!("no key {id} in the trust list")))?;
        self.entries[i].status = KeyStatus::Compromised;
        self.entries[i].compromised_since = Some(since);
        Ok(())
    }

    /// When this list was exported (None for a list edited locally).
    pub fn issued(&self) -> Option<DateTime<Utc>> {
        self.issued
    }

    /// The exported form: this list dated `issued`, signed by each of `signers` (the current
    /// key, and the retired keys still at hand, so that stations which know only an older key
    /// accept the hand-over).
    pub fn export(&self, issued: DateTime<Utc>, signers: &[&super::Signer]) -> String {
        let mut dated = self.clone();
        dated.issued = Some(issued);
        signed::sign(&dated.to_toml(), signers)
    }

    /// The trusted key with this id.
    #[inline]
    pub fn get(&self, id: KeyId) -> Option<&TrustedKey> {
        self.index.get(&id).map(|&i| &self.entries[i])
    }

    /// Every trusted key, in the list's order.
    pub fn entries(&self) -> &[TrustedKey] {
        &self.entries
    }
}

/// What importing a trust list did.
#[derive(Debug, Clone)]
pub enum TrustImported {
    /// The offered list was newer and is now the station's.
    Installed(TrustList),
    /// The offered list is the one the station has: nothing changed.
    AlreadyCurrent,
}

/// Accept an exported trust list `offered` on a station whose current list is `current`.
///
/// With a current list: one signature must verify under a key the *current* list holds and does
/// not mark compromised, and the offered list must not be older. Without one (a new station),
/// `first_use` must be set: the caller has shown the fingerprints and the administrator compared
/// them with the bureau's. The signatures must then at least verify under keys of the offered list
/// itself (a damaged file is refused either way).
pub fn accept_trust(offered: &str, current: Option<&TrustList>, first_use: bool) -> Result<TrustImported, SealError> {
    let new = TrustList::parse(offered)?;
    let env = signed::split(offered).map_err(SealError::Trust)?;
    let Some(new_issued) = new.issued else {
        return Err(SealError::Trust(
            "the offered list has no `issued` time; export it with `certdesk keys export`".into(),
        ));
    };
    let show = |t: DateTime<Utc>| t.format(TIME_FORMAT).to_string();
    match current {
        Some(cur) => {
            env.check(cur, Accept::NotCompromised)
                .map_err(|e| SealError::Trust(format!("{e}; the current trust list is kept")))?;
            if let Some(cur_issued) = cur.issued {
                if new_issued < cur_issued {
                    return Err(SealError::Trust(format!(
                        "the offered list (issued {}) is older than this station's (issued {}); the current trust list is kept",
                        show(new_issued),
                        show(cur_issued)
                    )));
                }
                if new_issued == cur_issued {
                    return if new.to_toml() == cur.to_toml() {
                        Ok(TrustImported::AlreadyCurrent)
                    } else {
                        Err(SealError::Trust(format!(
                            "the offered list has the same date ({}) as this station's but other keys; the current trust list is kept",
                            show(new_issued)
                        )))
                    };
                }
            }
        }
        None if first_use => {
            env.check(&new, Accept::NotCompromised).map_err(SealError::Trust)?;
        }
        None => {
            return Err(SealError::Trust(
                "this station has no trust list yet: compare the fingerprints with the bureau and import with --first"
                    .into(),
            ))
        }
    }
    Ok(TrustImported::Installed(new))
}

/// Which keys of a trust list may vouch for a distributed list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accept {
    /// Active or retired keys (not compromised): a retired key hands over to its successor.
    NotCompromised,
}

impl Envelope<'_> {
    /// The first signature that verifies under a key of `trust` allowed by `accept`; a signature
    /// by an unknown or compromised key is passed over, a bad signature by an accepted key is an
    /// error (the content was altered).
    pub fn check(&self, trust: &TrustList, accept: Accept) -> Result<KeyId, String> {
        let mut seen = vec![];
        for (id, sig) in &self.signatures {
            let Some(entry) = trust.get(*id) else {
                seen.push(format!("{id} (not in the trust list)"));
                continue;
            };
            match accept {
                Accept::NotCompromised if entry.status == KeyStatus::Compromised => {
                    seen.push(format!("{id} (compromised)"));
                    continue;
                }
                Accept::NotCompromised => {}
            }
            return if entry.key.verify(self.content.as_bytes(), sig) {
                Ok(*id)
            } else {
                Err(format!("the signature by key {id} does not match: the file was altered or forged"))
            };
        }
        Err(if seen.is_empty() {
            "the file has no signatures".into()
        } else {
            format!("signed only by keys this station does not accept: {}", seen.join(", "))
        })
    }
}

// Here rather than in `keys`, so keys need not know trust lists.
impl Signer {
    /// The trust-list entry for this key: active, added today.
    pub fn public_entry(&self, label: &str) -> TrustedKey {
        TrustedKey::new(self.verifying_key(), KeyStatus::Active, label, certdesk_domain::clock::today())
    }
}
