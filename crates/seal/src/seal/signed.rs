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
//!
//! This module knows keys, not trust: which signatures a station accepts is decided in
//! [`super::trust`] (`Envelope::check`), so the arrows run keys <- signed <- trust.

use super::keys::{KeyId, Signer};
use super::{from_hex, to_hex};

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
    /// The signed text, signature lines removed.
    pub content: &'a str,
    /// Each signature with the key id it names.
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
