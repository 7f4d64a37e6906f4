//! Signing keys and key ids.
//!
//! Key file (text, TOML, mode 0600, see docs/qr-format.md §6):
//!
//! ```toml
//! # certdesk signing key. Keep it secret: mode 0600, never copy it off the kiosk.
//! format = "certdesk-ed25519-v1"
//! key_id = "3F2A"
//! public_key = "<64 hex digits>"
//! secret_key = "<64 hex digits: the Ed25519 seed>"
//! ```

use super::algo::{Algorithm, PublicKey, SM2_DEFAULT_USER_ID};
use super::{from_hex, to_hex, SealError};
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Short key id carried in every payload: the first two bytes (big-endian) of
/// SHA-256 of the 32-byte public key. Shown as four uppercase hex digits, e.g. `3F2A`.
/// Collisions inside one trust list are refused when a key is added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(pub u16);

impl KeyId {
    /// The id of an Ed25519 key: the first two bytes of SHA-256 of its 32 bytes.
    pub fn of(public: &VerifyingKey) -> KeyId {
        let h = Sha256::digest(public.as_bytes());
        KeyId(u16::from_be_bytes([h[0], h[1]]))
    }
    /// The id of a key of either algorithm (SM2: the first two bytes of SM3 of its point).
    pub fn of_key(public: &PublicKey) -> KeyId {
        KeyId(public.key_id_bits())
    }
    /// Parse four hex digits (either case).
    pub fn parse(s: &str) -> Option<KeyId> {
        from_hex::<2>(s.trim()).map(|b| KeyId(u16::from_be_bytes(b)))
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04X}", self.0)
    }
}

const KEY_FORMAT: &str = "certdesk-ed25519-v1";
const SM2_KEY_FORMAT: &str = "certdesk-sm2-v1";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    format: String,
    key_id: String,
    public_key: String,
    secret_key: String,
}

/// A signing key (Ed25519, or SM2 under `seal.algorithm = "sm2"`) with its derived key id.
/// `Debug` never shows the secret.
pub struct Signer {
    key: SignKey,
    id: KeyId,
}

// Ed25519 inline (the common key, used on every print); SM2 boxed. The size gap is deliberate.
#[allow(clippy::large_enum_variant)]
enum SignKey {
    Ed25519(SigningKey),
    Sm2(Box<sm2::dsa::SigningKey>),
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signer({})", self.id)
    }
}

impl Signer {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Signer {
        Signer::from_signing_key(SigningKey::generate(&mut rand::rngs::OsRng))
    }

    /// Deterministic key from a 32-byte seed (tests, benchmarks, demo homes).
    pub fn from_seed(seed: [u8; 32]) -> Signer {
        Signer::from_signing_key(SigningKey::from_bytes(&seed))
    }

    fn from_signing_key(key: SigningKey) -> Signer {
        let id = KeyId::of(&key.verifying_key());
        Signer { key: SignKey::Ed25519(key), id }
    }

    /// A fresh key of `alg` from the operating system's random source.
    pub fn generate_for(alg: Algorithm) -> Signer {
        match alg {
            Algorithm::Ed25519 => Signer::generate(),
            Algorithm::Sm2 => loop {
                let mut d = [0u8; 32];
                rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut d);
                // A scalar outside 1..n-1 (probability ~2^-32) is drawn again.
                if let Some(s) = Signer::sm2_from_scalar(d) {
                    return s;
                }
            },
        }
    }

    /// Deterministic SM2 key from its 32-byte private scalar (tests, benchmarks); None when the
    /// scalar is 0 or not below the curve order.
    pub fn sm2_from_scalar(d: [u8; 32]) -> Option<Signer> {
        let key = sm2::dsa::SigningKey::from_slice(SM2_DEFAULT_USER_ID, &d).ok()?;
        let id = KeyId::of_key(&PublicKey::Sm2(Box::new(key.verifying_key().clone())));
        Some(Signer { key: SignKey::Sm2(Box::new(key)), id })
    }

    /// The key's algorithm.
    pub fn algorithm(&self) -> Algorithm {
        match self.key {
            SignKey::Ed25519(_) => Algorithm::Ed25519,
            SignKey::Sm2(_) => Algorithm::Sm2,
        }
    }

    /// Generate a key and write it to `path`, created with mode 0600. Refuses to overwrite an
    /// existing file. The file appears atomically: it is written and synced under a temporary
    /// name (also 0600) and then hard-linked into place, which fails if `path` exists.
    pub fn write_new(path: &Path) -> Result<Signer, SealError> {
        Signer::write_new_for(path, Algorithm::Ed25519)
    }

    /// [`Signer::write_new`] for a key of `alg`.
    pub fn write_new_for(path: &Path, alg: Algorithm) -> Result<Signer, SealError> {
        let signer = Signer::generate_for(alg);
        signer.write_to(path)?;
        Ok(signer)
    }

    /// Write this key to a new file (see [`Signer::write_new`]).
    pub fn write_to(&self, path: &Path) -> Result<(), SealError> {
        let io = |source| SealError::Io { path: path.to_path_buf(), source };
        if path.exists() {
            return Err(SealError::KeyExists { path: path.to_path_buf() });
        }
        let text = self.file_text();
        let tmp = tmp_name(path);
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&tmp).map_err(io)?;
        let res = (|| {
            // umask may only clear bits, but make the mode explicit anyway.
            f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            std::fs::hard_link(&tmp, path)
        })();
        let _ = std::fs::remove_file(&tmp);
        match res {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(SealError::KeyExists { path: path.to_path_buf() })
            }
            Err(e) => Err(io(e)),
        }
    }

    fn file_text(&self) -> String {
        let (format, secret) = match &self.key {
            SignKey::Ed25519(k) => (KEY_FORMAT, to_hex(&k.to_bytes())),
            SignKey::Sm2(k) => (SM2_KEY_FORMAT, to_hex(&k.to_bytes())),
        };
        let kf = KeyFile {
            format: format.into(),
            key_id: self.id.to_string(),
            public_key: to_hex(&self.verifying_key().to_bytes()),
            secret_key: secret,
        };
        format!(
            "# certdesk signing key. Keep it secret: mode 0600, never copy it off this machine.\n{}",
            toml::to_string(&kf).expect("plain strings serialise")
        )
    }

    /// Load a key file. Refuses a file that group or others may access (any of mode 0o077).
    pub fn load(path: &Path) -> Result<Signer, SealError> {
        let io = |source| SealError::Io { path: path.to_path_buf(), source };
        let meta = std::fs::metadata(path).map_err(io)?;
        let mode = meta.permissions().mode() & 0o7777;
        if mode & 0o077 != 0 {
            return Err(SealError::KeyPermissions { path: path.to_path_buf(), mode });
        }
        let text = std::fs::read_to_string(path).map_err(io)?;
        let bad = |msg: String| SealError::KeyFile { path: path.to_path_buf(), msg };
        let kf: KeyFile = toml::from_str(&text).map_err(|e| bad(e.message().to_string()))?;
        let seed = from_hex::<32>(&kf.secret_key).ok_or_else(|| bad("secret_key must be 64 hex digits".into()))?;
        let signer = match kf.format.as_str() {
            KEY_FORMAT => Signer::from_seed(seed),
            SM2_KEY_FORMAT => Signer::sm2_from_scalar(seed)
                .ok_or_else(|| bad("secret_key is not an SM2 private key (0 or not below the order)".into()))?,
            other => return Err(bad(format!("format is {other:?}, expected {KEY_FORMAT:?} or {SM2_KEY_FORMAT:?}"))),
        };
        if hex::decode(&kf.public_key).ok() != Some(signer.verifying_key().to_bytes()) {
            return Err(bad("public_key does not belong to secret_key (file damaged?)".into()));
        }
        if KeyId::parse(&kf.key_id) != Some(signer.id) {
            return Err(bad(format!("key_id {} does not match the key (expected {})", kf.key_id, signer.id)));
        }
        Ok(signer)
    }

    /// The id the slips this key signs carry.
    pub fn key_id(&self) -> KeyId {
        self.id
    }

    /// The public key (either algorithm).
    pub fn verifying_key(&self) -> PublicKey {
        match &self.key {
            SignKey::Ed25519(k) => PublicKey::Ed25519(k.verifying_key()),
            SignKey::Sm2(k) => PublicKey::Sm2(Box::new(k.verifying_key().clone())),
        }
    }

    /// A 64-byte signature over `msg`: Ed25519 `R||s`, or SM2 `r||s` (SM3 over Z_A || msg).
    pub(crate) fn sign(&self, msg: &[u8]) -> [u8; 64] {
        match &self.key {
            SignKey::Ed25519(k) => k.sign(msg).to_bytes(),
            SignKey::Sm2(k) => {
                let sig: sm2::dsa::Signature = signature::Signer::sign(k.as_ref(), msg);
                sig.to_bytes()
            }
        }
    }
}

/// Destroy a private key file: overwrite its bytes with random data, sync, remove it and sync the
/// directory (SPEC §6: a retired key's private file is destroyed). On a copy-on-write or
/// journalling file system the old blocks may survive the overwrite; removal is what a later
/// reader of the directory sees, and the overwrite is the best a program can add.
pub fn destroy_key_file(path: &Path) -> Result<(), SealError> {
    let io = |source| SealError::Io { path: path.to_path_buf(), source };
    let len = std::fs::metadata(path).map_err(io)?.len();
    let mut f = std::fs::OpenOptions::new().write(true).open(path).map_err(io)?;
    let mut noise = vec![0u8; len as usize];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut noise);
    f.write_all(&noise).map_err(io)?;
    f.sync_all().map_err(io)?;
    drop(f);
    std::fs::remove_file(path).map_err(io)?;
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|source| SealError::Io { path: dir.into(), source })?;
    }
    Ok(())
}

fn tmp_name(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}-{:08x}", std::process::id(), rand::random::<u32>()));
    path.with_file_name(name)
}
