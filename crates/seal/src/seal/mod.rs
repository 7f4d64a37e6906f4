//! The seal: the signed QR payload printed on a certificate slip, and its offline verification.
//!
//! Format reference (byte layout, signature input, key files, trust and revocation lists,
//! verdict rules): `docs/qr-format.md`. In short:
//!
//! ```text
//! [URL prefix] "CD1:" Base45( body || Ed25519 signature(64) )
//! signature = Ed25519( ASCII of everything before the Base45 data || body )
//! ```
//!
//! - [`keys`]: [`Signer`] (Ed25519 private key, file mode 0600) and [`KeyId`] (16 bits, derived
//!   from the public key).
//! - [`trust`]: [`TrustList`] (TOML; active / retired / compromised keys), its export and import.
//! - [`revocation`]: the signed [`RevocationList`] (handles with revoked / suspended / cancelled).
//! - [`signed`]: the signature envelope both distributed lists use.
//! - [`payload`]: [`SlipClaims`], the compact binary record.
//! - [`verify`]: [`seal()`], [`verify()`], [`Verdict`], [`Verification`].
//! - [`doc_qr`]: the signed code on a counter document (A4), [`doc_qr::seal_document`] and
//!   [`doc_qr::verify_document`].

pub mod algo;
pub mod batch;
pub mod doc_qr;
pub mod keys;
pub mod payload;
pub mod revocation;
pub mod signed;
pub mod trust;
pub mod verify;

#[cfg(test)]
mod batch_tests;
#[cfg(test)]
mod distribution_tests;
#[cfg(test)]
mod tests;

pub use algo::{Algorithm, PublicKey, SM2_DEFAULT_USER_ID};
pub use keys::{KeyId, Signer};
pub use payload::SlipClaims;
pub use revocation::{Reason, RevocationList};
pub use trust::{accept_trust, KeyStatus, TrustImported, TrustList, TrustedKey};
pub use verify::{
    confirm, seal, verify, verify_many, verify_with, Checked, ListInfo, Policy, PrintAnswer, RevocationCause, Verdict,
    Verification,
};

use std::path::PathBuf;

/// Text marker of format version 1; everything before it is the (signed) URL prefix.
pub const MARKER: &str = "CD1:";
/// Binary format version carried in byte 0 of the body.
pub const FORMAT_VERSION: u8 = 1;
/// Text marker of format version 2 (issue 18): the body names its signature algorithm (SM2).
pub const MARKER_V2: &str = "CD2:";
/// Format version 2: byte 1 is the algorithm (docs/qr-format.md §3a), the rest as version 1.
pub const FORMAT_VERSION_2: u8 = 2;
/// Ed25519 signature length, appended to the body.
pub const SIGNATURE_LEN: usize = 64;
/// Alphanumeric capacity of a version 10 QR code at ECC level Q: `seal()` never returns more.
pub const MAX_TEXT_CHARS: usize = 221;
/// The verifier refuses longer input outright (cheap defence against pasted junk).
pub const MAX_INPUT_CHARS: usize = 1024;

/// Everything that can go wrong while creating keys, loading lists or sealing a slip.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// A new key's file is already there: a signing key is never overwritten.
    #[error("{path} already exists; refusing to overwrite a signing key (move it away first)")]
    KeyExists {
        /// The key file.
        path: PathBuf,
    },
    /// The key file is readable by others than its owner, so it is refused.
    #[error("{path} is accessible by group or others (mode {mode:04o}); a signing key must be readable only by its owner: run `chmod 600 {path}`")]
    KeyPermissions {
        /// The key file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The file is not a certdesk signing key.
    #[error("{path}: not a certdesk signing key: {msg}")]
    KeyFile {
        /// The key file.
        path: PathBuf,
        /// What is wrong with it.
        msg: String,
    },
    /// A trust list file that does not parse.
    #[error("trust list {path}: {msg}")]
    TrustList {
        /// The trust list file.
        path: PathBuf,
        /// What is wrong with it.
        msg: String,
    },
    /// A trust list's content is inconsistent (duplicate id, bad status, bad signature).
    #[error("trust list: {0}")]
    Trust(String),
    /// The signing key is not in the trust list, so its slips would not verify.
    #[error("signing key {0} is not in the trust list; add it first (`certdesk keys trust`)")]
    SignerNotTrusted(KeyId),
    /// The signing key is retired or compromised: it may no longer sign.
    #[error("signing key {0} is retired or compromised in the trust list and may no longer sign; create a new key")]
    SignerRetired(KeyId),
    /// The trust list holds another public key under the signing key's id.
    #[error("signing key {0}: the trust list holds a different public key under this id")]
    SignerMismatch(KeyId),
    /// The URL prefix cannot be put in front of a QR payload.
    #[error("URL prefix: {0}")]
    UrlPrefix(String),
    /// A slip field cannot be encoded.
    #[error("{field}: {msg}")]
    Field {
        /// The field.
        field: &'static str,
        /// Why not.
        msg: String,
    },
    /// The QR text would not fit a version 10 QR code at ECC level Q.
    #[error("the QR text would have {chars} characters; at most {max} fit a version 10 QR code at ECC level Q (shorten the URL prefix or the name)")]
    TooLarge {
        /// Its length.
        chars: usize,
        /// The most that fit ([`MAX_TEXT_CHARS`]).
        max: usize,
    },
}

/// Lowercase hex of `bytes`.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(H[(b >> 4) as usize] as char);
        s.push(H[(b & 15) as usize] as char);
    }
    s
}

/// Parse hex (either case) into exactly `N` bytes.
pub(crate) fn from_hex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let b = s.as_bytes();
    if b.len() != 2 * N {
        return None;
    }
    fn nib(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = (nib(b[2 * i])? << 4) | nib(b[2 * i + 1])?;
    }
    Some(out)
}
