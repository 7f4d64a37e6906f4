//! The signed envelope shared by the distributed lists (revocation list, trust list export).
//!
//! A signed file is its content followed by one or more signature lines:
//!
//! ```text
//! <content, ending with a newline>
//! signature FE81 <128 hex digits>
//! signature 3A07 <128 hex digits>
//! ```
//!
//! Each signature is plain RFC 8032 Ed25519 over the exact bytes of the content (everything
//! before the first signature line). The content of every list starts with a lowercase word
//! (`certdesk-revocations`, `# certdesk trust list`), while a slip's signature input starts
//! with an uppercase QR-alphanumeric prefix, so a signature over one can never pass as the other.

use super::keys::{KeyId, Signer};
use super::trust::{KeyStatus, TrustList};
use super::{from_hex, to_hex};
use ed25519_dalek::{Signature, Verifier};

const SIG_WORD: &str = "signature ";

/// `content` (a trailing newline is added if missing) signed by each of `signers`.
pub fn sign(content: &str, signers: &[&Signer]) -> String {
    let mut text = content.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let sigs: Vec<String> =
        signers.iter().map(|s| format!("{SIG_WORD}{} {}\n", s.key_id(), to_hex(&s.sign(text.as_bytes())))).collect();
    for s in sigs {
        text.push_str(&s);
    }
    text
}

/// A signed file split into its content and its signatures (not yet checked).
#[derive(Debug)]
pub struct Envelope<'a> {
    pub content: &'a str,
    pub signatures: Vec<(KeyId, [u8; 64])>,
}

/// Split off the signature lines. Fails when there is none or one is damaged; text after the
/// signatures (other than blank lines) is refused, so nothing unsigned rides along.
pub fn split(text: &str) -> Result<Envelope<'_>, String> {
    let start = if text.starts_with(SIG_WORD) { Some(0) } else { text.find(&format!("\n{SIG_WORD}")).map(|i| i + 1) };
    let Some(start) = start else {
        return Err("the file is not signed (no `signature` line)".into());
    };
    let (content, tail) = text.split_at(start);
    let mut signatures = vec![];
    for (n, line) in tail.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let rest = line
            .strip_prefix(SIG_WORD)
            .ok_or_else(|| format!("unsigned text after the signatures (signature block line {})", n + 1))?;
        let mut parts = rest.split_ascii_whitespace();
        let (Some(id), Some(sig), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("signature line {} is damaged", n + 1));
        };
        let id = KeyId::parse(id).ok_or_else(|| format!("signature line {}: {id:?} is not a key id", n + 1))?;
        let sig = from_hex::<64>(sig).ok_or_else(|| format!("signature line {}: not 128 hex digits", n + 1))?;
        signatures.push((id, sig));
    }
    Ok(Envelope { content, signatures })
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
            let sig = Signature::from_bytes(sig);
            return match entry.key.verify(self.content.as_bytes(), &sig) {
                Ok(()) => Ok(*id),
                Err(_) => Err(format!("the signature by key {id} does not match: the file was altered or forged")),
            };
        }
        Err(if seen.is_empty() {
            "the file has no signatures".into()
        } else {
            format!("signed only by keys this station does not accept: {}", seen.join(", "))
        })
    }
}
