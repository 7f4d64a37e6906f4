//! A counter document's QR read at the verifier station (SPEC §8, issue 16): which document the
//! signed code names and what the station found, as plain data; the station picks the words.

use chrono::NaiveDate;

/// The verdict on a scanned document code (`CDA:`), as `certdesk verify` gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocVerdict {
    /// `valid`, `not_issued`, `altered`, `forged`, `unknown_key`, `key_compromised`,
    /// `key_retired` or `malformed` (`certdesk_core::doc_verify::DocAnswer::verdict`).
    pub verdict: String,
    /// The registry was asked (whether it holds the document with its bytes unchanged).
    pub online: bool,
    /// The document kind's key (`acceptance`, `refusal`...); `None` when the code was refused.
    pub kind: Option<String>,
    /// Its number: 〔2026〕12号 from the code, or the full number the registry holds.
    pub number: Option<String>,
    /// The case the document belongs to.
    pub case: Option<String>,
    /// The issue date the code carries.
    pub issued_on: Option<NaiveDate>,
    /// The id of the key that signed it (also named when the key is refused).
    pub key_id: Option<String>,
}

impl DocVerdict {
    /// The code is the bureau's and, when the registry was asked, it holds the document as issued.
    pub fn is_valid(&self) -> bool {
        self.verdict == "valid"
    }
}
