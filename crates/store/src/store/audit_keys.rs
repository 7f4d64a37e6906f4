//! The audit log's keys and hashes under either algorithm (issue 18, 国密): Ed25519 over
//! SHA-256 chains, as ever, or SM2 signatures (GB/T 32918.2, user ID of GB/T 35276) over SM3
//! chains (GB/T 32905) when `seal.algorithm = "sm2"`.
//!
//! Each entry says which it is by its signature: an Ed25519 signature is its 64 bytes, an SM2
//! signature is the byte `0x02` then `r || s` (65 bytes). An SM2-signed entry's hash is SM3 of
//! the same canonical text ([`super::audit`]); an Ed25519-signed or unsigned entry's is SHA-256.
//! Changing the marker does not help a forger: the hash then no longer matches the content.
//!
//! A home moving from Ed25519 to SM2 ([`Store::move_audit_key`]) checks the whole log with the
//! old key, keeps the old public key (never its secret) in `<key>.earlier` with the last entry
//! it may sign, writes the new key in its place and takes a checkpoint with it: old entries and
//! old checkpoint lines verify with the old public key, new ones with the new key, and an entry
//! signed by the old key after the move is refused.

use super::{Result, Store, StoreError};
use chrono::NaiveDateTime;
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use sha2::Digest;
use std::path::{Path, PathBuf};

/// The user ID (distinguishing identifier) of GB/T 35276-2017 when none is agreed, as the
/// slips use it (`seal::algo::SM2_DEFAULT_USER_ID`).
const SM2_USER_ID: &str = "1234567812345678";
/// First byte of an SM2 entry signature.
const SM2_MARK: u8 = 0x02;

/// The algorithm of an audit key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuditAlgorithm {
    /// Ed25519 signatures over SHA-256 entry hashes (the default).
    #[default]
    Ed25519,
    /// SM2 signatures over SM3 entry hashes (the national algorithms, GB/T 32918 and 32905).
    Sm2,
}

impl AuditAlgorithm {
    /// The algorithm's name in key files and on the command line (`ed25519`, `sm2`).
    pub fn word(self) -> &'static str {
        match self {
            AuditAlgorithm::Ed25519 => "ed25519",
            AuditAlgorithm::Sm2 => "sm2",
        }
    }
    fn key_format(self) -> &'static str {
        match self {
            AuditAlgorithm::Ed25519 => "certdesk-audit-ed25519-v1",
            AuditAlgorithm::Sm2 => "certdesk-audit-sm2-v1",
        }
    }
}

/// A station's audit signing key.
pub(crate) enum AuditKey {
    Ed(Box<SigningKey>),
    Sm2(Box<sm2::dsa::SigningKey>),
}

/// A key that verifies entries and checkpoint lines.
#[derive(Clone)]
pub(crate) enum AuditPublic {
    Ed(VerifyingKey),
    Sm2(Box<sm2::dsa::VerifyingKey>),
}

impl AuditPublic {
    fn algorithm(&self) -> AuditAlgorithm {
        match self {
            AuditPublic::Ed(_) => AuditAlgorithm::Ed25519,
            AuditPublic::Sm2(_) => AuditAlgorithm::Sm2,
        }
    }
    fn to_hex(&self) -> String {
        match self {
            AuditPublic::Ed(k) => hex::encode(k.as_bytes()),
            AuditPublic::Sm2(k) => hex::encode(k.to_sec1_bytes()),
        }
    }
    fn from_hex(alg: AuditAlgorithm, text: &str) -> Option<AuditPublic> {
        let bytes = hex::decode(text.trim()).ok()?;
        match alg {
            AuditAlgorithm::Ed25519 => VerifyingKey::from_bytes(&bytes.try_into().ok()?).ok().map(AuditPublic::Ed),
            AuditAlgorithm::Sm2 => {
                sm2::dsa::VerifyingKey::from_sec1_bytes(SM2_USER_ID, &bytes).ok().map(|k| AuditPublic::Sm2(Box::new(k)))
            }
        }
    }
    /// A 64-byte signature of this key's algorithm over `msg`.
    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Ok(sig) = <[u8; 64]>::try_from(sig) else { return false };
        match self {
            AuditPublic::Ed(k) => k.verify(msg, &Signature::from_bytes(&sig)).is_ok(),
            AuditPublic::Sm2(k) => sm2::dsa::Signature::from_bytes(&sig)
                .is_ok_and(|s| signature::Verifier::verify(k.as_ref(), msg, &s).is_ok()),
        }
    }
}

impl AuditKey {
    pub(crate) fn algorithm(&self) -> AuditAlgorithm {
        match self {
            AuditKey::Ed(_) => AuditAlgorithm::Ed25519,
            AuditKey::Sm2(_) => AuditAlgorithm::Sm2,
        }
    }

    pub(crate) fn public(&self) -> AuditPublic {
        match self {
            AuditKey::Ed(k) => AuditPublic::Ed(k.verifying_key()),
            AuditKey::Sm2(k) => AuditPublic::Sm2(Box::new(k.verifying_key().clone())),
        }
    }

    fn sign64(&self, msg: &[u8]) -> [u8; 64] {
        match self {
            AuditKey::Ed(k) => k.sign(msg).to_bytes(),
            AuditKey::Sm2(k) => {
                let s: sm2::dsa::Signature = signature::Signer::sign(k.as_ref(), msg);
                s.to_bytes()
            }
        }
    }

    /// An entry's stored signature: 64 bytes (Ed25519) or `0x02 || r || s` (SM2).
    pub(crate) fn sign_entry(&self, msg: &[u8]) -> Vec<u8> {
        let sig = self.sign64(msg);
        match self {
            AuditKey::Ed(_) => sig.to_vec(),
            AuditKey::Sm2(_) => std::iter::once(SM2_MARK).chain(sig).collect(),
        }
    }

    /// A checkpoint line's `alg=` field (none for Ed25519, as every line before issue 18) and
    /// its signature.
    pub(crate) fn sign_checkpoint(&self, msg: &[u8]) -> (&'static str, [u8; 64]) {
        let field = match self {
            AuditKey::Ed(_) => "",
            AuditKey::Sm2(_) => " alg=sm2",
        };
        (field, self.sign64(msg))
    }

    /// The key file's fields: format, public key hex, secret hex.
    pub(crate) fn file_fields(&self) -> (&'static str, String, String) {
        let public = self.public().to_hex();
        match self {
            AuditKey::Ed(k) => (self.algorithm().key_format(), public, hex::encode(k.to_bytes())),
            AuditKey::Sm2(k) => (self.algorithm().key_format(), public, hex::encode(k.to_bytes())),
        }
    }

    /// The key of a key file (`format`, `public_key`, `secret_key`); the public key must be
    /// the secret's.
    pub(crate) fn from_file_fields(format: &str, public: &str, secret: &str) -> std::result::Result<AuditKey, String> {
        let seed: [u8; 32] = hex::decode(secret.trim())
            .ok()
            .and_then(|v| v.try_into().ok())
            .ok_or("secret_key must be 64 hex digits")?;
        let key = if format == AuditAlgorithm::Ed25519.key_format() {
            AuditKey::Ed(Box::new(SigningKey::from_bytes(&seed)))
        } else if format == AuditAlgorithm::Sm2.key_format() {
            let k = sm2::dsa::SigningKey::from_slice(SM2_USER_ID, &seed).map_err(|_| "secret_key is not an SM2 key")?;
            AuditKey::Sm2(Box::new(k))
        } else {
            return Err(format!(
                "format is {format:?}, expected {:?} or {:?}",
                AuditAlgorithm::Ed25519.key_format(),
                AuditAlgorithm::Sm2.key_format()
            ));
        };
        if !public.trim().eq_ignore_ascii_case(&key.public().to_hex()) {
            return Err("public_key does not belong to secret_key (file damaged?)".into());
        }
        Ok(key)
    }

    pub(crate) fn generate(alg: AuditAlgorithm) -> AuditKey {
        match alg {
            AuditAlgorithm::Ed25519 => AuditKey::Ed(Box::new(SigningKey::generate(&mut rand::rngs::OsRng))),
            AuditAlgorithm::Sm2 => loop {
                let mut d = [0u8; 32];
                rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut d);
                // A scalar outside 1..n-1 (probability ~2^-32) is drawn again.
                if let Ok(k) = sm2::dsa::SigningKey::from_slice(SM2_USER_ID, &d) {
                    return AuditKey::Sm2(Box::new(k));
                }
            },
        }
    }
}

/// Which hash an entry's chain link uses, by its stored signature.
pub(crate) fn is_sm2_entry(sig: Option<&[u8]>) -> bool {
    sig.is_some_and(|s| s.len() == 65 && s[0] == SM2_MARK)
}

/// SM3 over the same input as the SHA-256 chain hash.
pub(crate) fn sm3_of(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = sm3::Sm3::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// The keys an audit log is checked with: the current one, and earlier ones each up to the
/// last entry it signed before the move.
#[derive(Clone)]
pub(crate) struct Verifiers {
    keys: Vec<(AuditPublic, Option<u64>)>,
}

impl Verifiers {
    /// `current` and the earlier keys listed in `<key>.earlier` (missing: none).
    pub(crate) fn load(key_path: &Path, current: &AuditKey) -> Result<Verifiers> {
        let mut keys = vec![(current.public(), None)];
        let path = earlier_path(key_path);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(StoreError::Invalid(format!("cannot read {}: {e}", path.display()))),
        };
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || StoreError::Invalid(format!("{} line {}: not an earlier audit key", path.display(), i + 1));
            let parts: Vec<&str> = line.split_whitespace().collect();
            let [alg, public, until] = parts[..] else { return Err(bad()) };
            let alg = match alg {
                "ed25519" => AuditAlgorithm::Ed25519,
                "sm2" => AuditAlgorithm::Sm2,
                _ => return Err(bad()),
            };
            let until: u64 = until.strip_prefix("until=").and_then(|n| n.parse().ok()).ok_or_else(bad)?;
            keys.push((AuditPublic::from_hex(alg, public).ok_or_else(bad)?, Some(until)));
        }
        Ok(Verifiers { keys })
    }

    /// An entry's signature over `msg`: by a key of the signature's algorithm that was in use
    /// at `seq`.
    pub(crate) fn entry_ok(&self, seq: u64, msg: &[u8], sig: &[u8]) -> bool {
        let (alg, raw) =
            if is_sm2_entry(Some(sig)) { (AuditAlgorithm::Sm2, &sig[1..]) } else { (AuditAlgorithm::Ed25519, sig) };
        self.keys
            .iter()
            .filter(|(k, until)| k.algorithm() == alg && until.is_none_or(|u| seq <= u))
            .any(|(k, _)| k.verify(msg, raw))
    }

    /// A checkpoint line's signature (`alg`: its `alg=` field, `None` for Ed25519) at `seq`.
    pub(crate) fn checkpoint_ok(&self, alg: Option<&str>, seq: u64, msg: &[u8], sig: &[u8]) -> bool {
        let alg = match alg {
            None => AuditAlgorithm::Ed25519,
            Some("sm2") => AuditAlgorithm::Sm2,
            Some(_) => return false,
        };
        self.keys
            .iter()
            .filter(|(k, until)| k.algorithm() == alg && until.is_none_or(|u| seq <= u))
            .any(|(k, _)| k.verify(msg, sig))
    }
}

/// Where the earlier audit keys' public halves are kept: `keys/audit.key` → `keys/audit.key.earlier`.
pub fn earlier_path(key_path: &Path) -> PathBuf {
    let mut name = key_path.file_name().unwrap_or_default().to_os_string();
    name.push(".earlier");
    key_path.with_file_name(name)
}

/// What [`Store::move_audit_key`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditMove {
    /// The key already had the algorithm.
    Unchanged,
    /// A new key; the old one signed entries up to `until`.
    Moved {
        /// Sequence number of the last entry the old key signed.
        until: u64,
    },
}

impl Store {
    /// Move the audit log to a key of `alg` (`seal.algorithm`, at `keys new --rotate`): the
    /// whole log is checked with the current key first (a broken log is not vouched for), the
    /// old public key goes to `<key>.earlier` with the last entry it signed, the new key
    /// replaces the old file (its secret is gone), an entry records the move, and a checkpoint
    /// signed with the new key anchors the log. Needs the seal attached from `key_path`.
    pub fn move_audit_key(&mut self, key_path: &Path, alg: AuditAlgorithm, now: NaiveDateTime) -> Result<AuditMove> {
        let Some(seal) = &self.audit_seal else {
            return Err(StoreError::Invalid("no audit key attached to this database connection".into()));
        };
        let from = seal.key.algorithm();
        if from == alg {
            return Ok(AuditMove::Unchanged);
        }
        self.audit()
            .verify_report()
            .map_err(|b| StoreError::Invalid(format!("the audit log is not intact, so its key is not moved: {b}")))?;
        // Anchor everything the old key signed before it goes.
        self.audit().checkpoint(now)?;
        let until = self.audit_head_seq()?;
        let old_public = seal.key.public().to_hex();
        let new = AuditKey::generate(alg);
        // The new key under a temporary name, then the earlier list, then the swap: a crash
        // leaves either the old key (and a harmless extra line) or the new one.
        let tmp = key_path.with_file_name(format!(
            "{}.new-{}",
            key_path.file_name().unwrap_or_default().to_string_lossy(),
            std::process::id()
        ));
        let _ = std::fs::remove_file(&tmp);
        super::audit::write_key_file(&tmp, &new)?;
        let earlier = earlier_path(key_path);
        let io = |e: std::io::Error| StoreError::Invalid(format!("cannot write {}: {e}", earlier.display()));
        {
            use std::io::Write;
            use std::os::unix::fs::OpenOptionsExt;
            let mut f = std::fs::OpenOptions::new().append(true).create(true).mode(0o600).open(&earlier).map_err(io)?;
            writeln!(f, "{} {old_public} until={until}", from.word()).map_err(io)?;
            f.sync_all().map_err(io)?;
        }
        std::fs::rename(&tmp, key_path)
            .map_err(|e| StoreError::Invalid(format!("cannot replace {}: {e}", key_path.display())))?;
        let verifiers = Verifiers::load(key_path, &new)?;
        if let Some(seal) = &mut self.audit_seal {
            seal.key = new;
            seal.verifiers = verifiers;
        }
        self.audit().append(
            "admin",
            "audit.key_moved",
            serde_json::json!({ "from": from.word(), "to": alg.word(), "last_entry_of_old_key": until }),
            now,
        )?;
        self.audit().checkpoint(now)?;
        Ok(AuditMove::Moved { until })
    }

    fn audit_head_seq(&self) -> Result<u64> {
        let n: Option<i64> =
            self.db.query_opt("SELECT seq FROM audit ORDER BY seq DESC LIMIT 1", super::db::p![], |r| r.get(0))?;
        Ok(n.unwrap_or(0).max(0) as u64)
    }
}
