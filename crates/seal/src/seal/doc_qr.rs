//! The QR code on a counter document (A4, SPEC §8; issue 16): which document it is, signed with
//! the home's seal key like a slip, so that a verifier can answer "document 宁应急许受〔2026〕12号
//! of case YJ202612060001, issued 2026年12月6日" and refuse a code that was made up or altered.
//! Format (docs/qr-format.md §11):
//!
//! ```text
//! [URL prefix] "CDA:" Base45( body || signature(64) )
//! body = version(1) = 1 || algorithm(1) || key id(2) || kind(1) || issued day(2)
//!        || sequence (LEB128) || case number (ASCII, to the end)
//! signature over the prefix text (ending in "CDA:") || body
//! ```
//!
//! No name and no ID number: the code says which document, the registry says what it holds.
//! The document's own hash cannot be in its QR (the QR is inside the PDF); the verifier asks the
//! registry for the document and checks that the bytes it holds still hash to the SHA-256
//! recorded when it was issued.

use super::algo::Algorithm;
use super::keys::{KeyId, Signer};
use super::trust::{KeyStatus, TrustList};
use super::{SealError, MAX_INPUT_CHARS, MAX_TEXT_CHARS, SIGNATURE_LEN};
use chrono::NaiveDate;

/// Marker of a counter document's code.
pub const DOC_MARKER: &str = "CDA:";
/// Body format version.
pub const DOC_VERSION: u8 = 1;
/// Longest case number carried.
pub const MAX_CASE_CHARS: usize = 40;

/// What a document's code says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocClaims {
    /// The document kind's frozen code (`certdesk_paper::DocKind::code`, 1..).
    pub kind: u8,
    /// The day it was issued (its number's year is this day's year).
    pub issued_on: NaiveDate,
    /// The number's sequence in its kind and year: 〔2026〕**12**号.
    pub seq: u64,
    /// The case (办件编号), printable ASCII.
    pub case_number: String,
}

/// Why a scanned text is not a genuine document code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocRefusal {
    /// Not a document code of this system (wrong prefix, length or encoding).
    #[error("不是本系统文书二维码 (not a certdesk document code): {0}")]
    Malformed(String),
    /// Signed by a key the trust list does not hold.
    #[error("签名密钥 {0} 不在信任列表中 (signing key not trusted)")]
    UnknownKey(KeyId),
    /// The signature does not cover these bytes: forged or altered.
    #[error("签名不符，二维码系伪造或被改动 (signature does not match: forged or altered)")]
    Forged,
    /// Signed by a key marked compromised on or before the issue date.
    #[error("签名密钥 {0} 已泄露，该日期签发的文书不可信 (key compromised on or before the issue date)")]
    KeyCompromised(KeyId),
    /// Signed by a key retired before the issue date.
    #[error("签名密钥 {0} 在签发日前已停用 (key retired before the issue date)")]
    KeyRetired(KeyId),
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default()
}

fn field(name: &'static str, msg: String) -> SealError {
    SealError::Field { field: name, msg }
}

impl DocClaims {
    fn body(&self, id: KeyId, alg: Algorithm) -> Result<Vec<u8>, SealError> {
        if self.kind == 0 {
            return Err(field("kind", "0 is not a document kind".into()));
        }
        let day = u16::try_from((self.issued_on - epoch()).num_days())
            .map_err(|_| field("issued_on", format!("{} is outside 2000-01-01 .. 2179-06-06", self.issued_on)))?;
        let case = self.case_number.as_str();
        if case.is_empty() || case.len() > MAX_CASE_CHARS || !case.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(field("case_number", format!("{case:?}: 1..={MAX_CASE_CHARS} printable ASCII characters")));
        }
        let mut b = vec![DOC_VERSION, alg.code()];
        b.extend_from_slice(&id.0.to_be_bytes());
        b.push(self.kind);
        b.extend_from_slice(&day.to_be_bytes());
        let mut n = self.seq;
        loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                b.push(low);
                break;
            }
            b.push(low | 0x80);
        }
        b.extend_from_slice(case.as_bytes());
        Ok(b)
    }

    fn parse(body: &[u8]) -> Result<(Algorithm, KeyId, DocClaims), String> {
        let [version, alg, k0, k1, kind, d0, d1, rest @ ..] = body else {
            return Err("too short".into());
        };
        if *version != DOC_VERSION {
            return Err(format!("version {version}"));
        }
        let alg = Algorithm::from_code(*alg).ok_or_else(|| format!("algorithm {alg}"))?;
        if *kind == 0 {
            return Err("kind 0".into());
        }
        let issued_on = epoch() + chrono::Days::new(u64::from(u16::from_be_bytes([*d0, *d1])));
        let mut seq: u64 = 0;
        let mut used = 0;
        for (i, byte) in rest.iter().enumerate() {
            if i >= 10 {
                return Err("sequence too long".into());
            }
            seq |= u64::from(byte & 0x7f).checked_shl(7 * i as u32).ok_or("sequence overflows")?;
            used = i + 1;
            if byte & 0x80 == 0 {
                if i > 0 && *byte == 0 {
                    return Err("sequence not minimal".into());
                }
                break;
            }
            if i + 1 == rest.len() {
                return Err("sequence runs off the end".into());
            }
        }
        let case = &rest[used..];
        if used == 0 || case.is_empty() || case.len() > MAX_CASE_CHARS || !case.iter().all(|b| b.is_ascii_graphic()) {
            return Err("bad case number".into());
        }
        let case_number = String::from_utf8(case.to_vec()).map_err(|_| "bad case number")?;
        Ok((alg, KeyId(u16::from_be_bytes([*k0, *k1])), DocClaims { kind: *kind, issued_on, seq, case_number }))
    }
}

/// The code for a document, signed by `signer` (an active key of `trust`), behind `url_prefix`
/// (QR alphanumeric characters, as for slips).
pub fn seal_document(
    claims: &DocClaims,
    signer: &Signer,
    trust: &TrustList,
    url_prefix: Option<&str>,
) -> Result<String, SealError> {
    let id = signer.key_id();
    let url = super::verify::signer_and_prefix(signer, trust, url_prefix)?;
    if url.contains(DOC_MARKER) {
        return Err(SealError::UrlPrefix(format!("must not contain {DOC_MARKER}")));
    }
    let body = claims.body(id, signer.algorithm())?;
    let prefix = format!("{url}{DOC_MARKER}");
    let mut msg = prefix.as_bytes().to_vec();
    msg.extend_from_slice(&body);
    let sig = signer.sign(&msg);
    let mut raw = body;
    raw.extend_from_slice(&sig);
    let text = prefix + &base45::encode(&raw);
    if text.len() > MAX_TEXT_CHARS {
        return Err(SealError::TooLarge { chars: text.len(), max: MAX_TEXT_CHARS });
    }
    Ok(text)
}

/// Whether a scanned text is (meant to be) a document code rather than a slip's: the first
/// marker in it is `CDA:`. A slip's Base45 data may hold the four characters `CDA:` by chance
/// (about one slip in 14,000); its own marker comes first (a URL prefix may hold none).
pub fn is_document_code(text: &str) -> bool {
    if text.len() > MAX_INPUT_CHARS {
        return false;
    }
    let t = text.to_ascii_uppercase();
    let Some(doc) = t.find(DOC_MARKER) else { return false };
    ![super::MARKER, super::MARKER_V2].iter().any(|m| t.find(m).is_some_and(|slip| slip < doc))
}

/// Reads and checks a scanned document code against the trust list: the claims and the key
/// that signed them, or why the code is refused.
pub fn verify_document(text: &str, trust: &TrustList) -> Result<(DocClaims, KeyId), DocRefusal> {
    let bad = |why: &str| DocRefusal::Malformed(why.to_string());
    let t = text.trim();
    if t.len() > MAX_INPUT_CHARS || !t.is_ascii() {
        return Err(bad("too long or not ASCII"));
    }
    let t = t.to_ascii_uppercase();
    let at = t.find(DOC_MARKER).ok_or_else(|| bad("no CDA: marker"))?;
    let (prefix, data) = t.split_at(at + DOC_MARKER.len());
    let raw = base45::decode(data).map_err(|_| bad("not Base45"))?;
    if raw.len() <= SIGNATURE_LEN {
        return Err(bad("too short"));
    }
    let (body, sig) = raw.split_at(raw.len() - SIGNATURE_LEN);
    let (alg, id, claims) = DocClaims::parse(body).map_err(|e| bad(&e))?;
    let entry = trust.get(id).ok_or(DocRefusal::UnknownKey(id))?;
    if entry.key.algorithm() != alg {
        return Err(DocRefusal::Forged);
    }
    let mut msg = prefix.as_bytes().to_vec();
    msg.extend_from_slice(body);
    let sig: [u8; SIGNATURE_LEN] = sig.try_into().map_err(|_| bad("signature length"))?;
    if !entry.key.verify(&msg, &sig) {
        return Err(DocRefusal::Forged);
    }
    match entry.status {
        KeyStatus::Compromised if entry.compromised_since.is_none_or(|s| s.date() <= claims.issued_on) => {
            Err(DocRefusal::KeyCompromised(id))
        }
        KeyStatus::Retired if entry.retired_at.is_some_and(|r| r.date() < claims.issued_on) => {
            Err(DocRefusal::KeyRetired(id))
        }
        _ => Ok((claims, id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seal::trust::TrustedKey;
    use crate::seal::verify::QR_ALPHANUMERIC;

    #[test]
    fn a_slip_whose_data_holds_cda_is_still_a_slip() {
        assert!(is_document_code("CDA:ABC"));
        assert!(is_document_code(" https://v.example/cda:abc "));
        assert!(is_document_code("HTTPS://V.EXAMPLE/CDA:ABCD1:X"), "a slip marker inside a document's data");
        assert!(!is_document_code("HTTPS://V.EXAMPLE/CD1:AB CDA:XY"), "CDA: inside a slip's data");
        assert!(!is_document_code("CD2:ABCDA:"));
        assert!(!is_document_code("CD1:ABC"));
        assert!(!is_document_code(&format!("CDA:{}", "9".repeat(MAX_INPUT_CHARS))));
    }

    fn home() -> (Signer, TrustList) {
        let s = Signer::from_seed([7; 32]);
        let mut t = TrustList::new();
        t.add(TrustedKey::new(s.verifying_key(), KeyStatus::Active, "bureau", epoch())).unwrap();
        (s, t)
    }

    fn claims() -> DocClaims {
        DocClaims {
            kind: 4,
            issued_on: NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(),
            seq: 300,
            case_number: "YJ202612060001".into(),
        }
    }

    #[test]
    fn round_trip_with_and_without_prefix_and_short_enough() {
        let (s, t) = home();
        for url in [None, Some("HTTPS://V.EXAMPLE.GOV.CN/")] {
            let text = seal_document(&claims(), &s, &t, url).unwrap();
            // 135 characters behind the prefix for a 14-character case number: a version 10 code
            // at ECC Q (221) leaves room for an 80-character address.
            let own = text.len() - url.map_or(0, str::len);
            assert!(own <= 140, "{own} characters: {text}");
            assert!(is_document_code(&text));
            assert_eq!(verify_document(&text, &t).unwrap(), (claims(), s.key_id()));
            // A scanner with CapsLock on, and a trailing CR.
            assert_eq!(verify_document(&format!("{}\r\n", text.to_lowercase()), &t).unwrap().0, claims());
        }
    }

    #[test]
    fn garbage_and_forgeries_are_refused() {
        let (s, t) = home();
        let text = seal_document(&claims(), &s, &t, None).unwrap();
        for junk in ["", "CDA:", "CDA:%%%", "CDA:00", "hello", "CD1:ABC", &"CDA:".repeat(400), "CDA:文书"] {
            assert!(matches!(verify_document(junk, &t), Err(DocRefusal::Malformed(_))), "{junk:?}");
        }
        // Every one-character change of the Base45 data: refused, never read as another document.
        let at = text.find(DOC_MARKER).unwrap() + DOC_MARKER.len();
        let alpha: Vec<char> = QR_ALPHANUMERIC.chars().collect();
        for pos in at..text.len() {
            let mut c: Vec<char> = text.chars().collect();
            c[pos] = alpha[(alpha.iter().position(|&x| x == c[pos]).unwrap() + 1) % alpha.len()];
            let altered: String = c.into_iter().collect();
            assert!(verify_document(&altered, &t).is_err(), "altered at {pos}: {altered}");
        }
        // A prefix added in front of a genuine code: the signature covers the prefix.
        assert_eq!(verify_document(&format!("HTTPS://EVIL.EXAMPLE/{text}"), &t), Err(DocRefusal::Forged));
        // Signed by a key the bureau does not trust.
        let other = Signer::from_seed([9; 32]);
        let mut t2 = TrustList::new();
        t2.add(TrustedKey::new(other.verifying_key(), KeyStatus::Active, "x", epoch())).unwrap();
        let forged = seal_document(&claims(), &other, &t2, None).unwrap();
        assert_eq!(verify_document(&forged, &t), Err(DocRefusal::UnknownKey(other.key_id())));
    }

    #[test]
    fn a_compromised_key_is_refused_from_its_date() {
        let (s, mut t) = home();
        let text = seal_document(&claims(), &s, &t, None).unwrap();
        t.compromise(s.key_id(), NaiveDate::from_ymd_opt(2026, 12, 6).unwrap().and_hms_opt(8, 0, 0).unwrap()).unwrap();
        assert_eq!(verify_document(&text, &t), Err(DocRefusal::KeyCompromised(s.key_id())));
    }

    #[test]
    fn bad_claims_are_not_sealed() {
        let (s, t) = home();
        for c in [
            DocClaims { case_number: "办件1".into(), ..claims() },
            DocClaims { case_number: String::new(), ..claims() },
            DocClaims { case_number: "X".repeat(41), ..claims() },
            DocClaims { kind: 0, ..claims() },
        ] {
            assert!(seal_document(&c, &s, &t, None).is_err(), "{c:?}");
        }
        assert!(seal_document(&claims(), &s, &t, Some("https://lower.case/")).is_err());
    }
}
