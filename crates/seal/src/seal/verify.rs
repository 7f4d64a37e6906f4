//! Sealing a slip and verifying a scanned code.

use super::algo::Algorithm;
use super::keys::{KeyId, Signer};
use super::payload::SlipClaims;
use super::revocation::{Reason, RevocationList};
use super::trust::{KeyStatus, TrustList, TrustedKey};
use super::{
    SealError, FORMAT_VERSION, FORMAT_VERSION_2, MARKER, MARKER_V2, MAX_INPUT_CHARS, MAX_TEXT_CHARS, SIGNATURE_LEN,
};
use crate::domain::CertKind;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// Characters of QR alphanumeric mode; a URL prefix may use only these.
pub const QR_ALPHANUMERIC: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// What every code this seal signs (slips, documents) checks first: the signer is an active key
/// of `trust` with that very public key, and the URL prefix is QR alphanumeric. Returns the
/// prefix ("" for none).
pub(crate) fn signer_and_prefix<'u>(
    signer: &Signer,
    trust: &TrustList,
    url_prefix: Option<&'u str>,
) -> Result<&'u str, SealError> {
    let id = signer.key_id();
    let entry = trust.get(id).ok_or(SealError::SignerNotTrusted(id))?;
    if entry.key != signer.verifying_key() {
        return Err(SealError::SignerMismatch(id));
    }
    if entry.status != KeyStatus::Active {
        return Err(SealError::SignerRetired(id));
    }
    let url = url_prefix.unwrap_or("");
    if let Some(bad) = url.chars().find(|c| !QR_ALPHANUMERIC.contains(*c)) {
        return Err(SealError::UrlPrefix(format!(
            "{bad:?} is not a QR alphanumeric character; use uppercase letters, digits and $%*+-./: only"
        )));
    }
    Ok(url)
}

/// Sign `claims` with `signer` and return the QR text:
/// `[url_prefix] "CD1:" Base45(body || signature)`.
///
/// Refuses a signer that is not an *active* key of `trust` (retired keys verify old slips but
/// may not sign), a URL prefix outside QR alphanumeric mode (so: uppercase) or containing
/// `CD1:`, fields that do not fit the record, and any result longer than
/// [`MAX_TEXT_CHARS`] (version 10 at ECC level Q). `claims.key_id` and `claims.version` are
/// ignored: the signer's id and the current version are written.
pub fn seal(
    claims: &SlipClaims,
    signer: &Signer,
    trust: &TrustList,
    url_prefix: Option<&str>,
) -> Result<String, SealError> {
    let id = signer.key_id();
    let url = signer_and_prefix(signer, trust, url_prefix)?;
    if url.contains(MARKER) || url.contains(MARKER_V2) {
        return Err(SealError::UrlPrefix(format!("must not contain {MARKER} or {MARKER_V2}")));
    }
    // Ed25519 keeps format version 1 (every slip printed so far); SM2 writes version 2, whose
    // body names the algorithm.
    let (body, marker) = match signer.algorithm() {
        Algorithm::Ed25519 => (claims.encode_body(id)?, MARKER),
        alg => (claims.encode_body_v2(id, alg)?, MARKER_V2),
    };
    let prefix = format!("{url}{marker}");
    let mut msg = Vec::with_capacity(prefix.len() + body.len());
    msg.extend_from_slice(prefix.as_bytes());
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

/// The verifier's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Authentic, not revoked, not expired, no review overdue.
    Valid,
    /// Valid, but the pending review date falls within the policy's lead time (apply now).
    ReviewDue,
    /// Authentic and otherwise valid, but the revocation list is missing or older than the
    /// policy allows: a recent revocation or suspension might not be known here.
    ListTooOld,
    /// Authentic, but past its last valid day (or printed when already expired).
    Expired,
    /// Authentic, but the pending review date has passed (or it was overdue at printing).
    ReviewOverdue,
    /// Authentic, but the certificate was suspended (暂停) when the slip was printed.
    Suspended,
    /// Authentic, but 撤销 (30号令 art. 30): on the standing list as revoked, revoked at
    /// printing, or signed by a key compromised before the print.
    Revoked,
    /// Authentic, but 注销 (30号令 art. 31: the holder died, asked for it …): on the standing
    /// list as cancelled, or cancelled at printing. Not a sanction, so never called 撤销.
    Cancelled,
    /// The signature is good, but the slip is stamped after its key was retired: the bureau's
    /// key signed nothing from then on, so whoever made it held a key that should no longer
    /// exist. Refused; the printed fields are not shown.
    KeyRetired,
    /// The signature is good, but the registry, asked online, has no print of this slip (serial,
    /// certificate and minute): made with the bureau's key, but not by the bureau's printing —
    /// a stolen key's work, back-dated or not. Refused; the printed fields are not shown.
    NotPrinted,
    /// Well-formed, but the key id is not in the trust list: cannot tell.
    UnknownKey,
    /// Well-formed, but the signature does not match: altered or forged.
    Forged {
        /// What did not match.
        reason: String,
    },
    /// Not a readable certdesk code.
    Malformed {
        /// What could not be read.
        reason: String,
    },
}

impl Verdict {
    /// snake_case word for machine output.
    pub fn word(&self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::ReviewDue => "review_due",
            Verdict::ListTooOld => "list_too_old",
            Verdict::Expired => "expired",
            Verdict::ReviewOverdue => "review_overdue",
            Verdict::Suspended => "suspended",
            Verdict::Revoked => "revoked",
            Verdict::Cancelled => "cancelled",
            Verdict::KeyRetired => "key_retired",
            Verdict::NotPrinted => "not_printed",
            Verdict::UnknownKey => "unknown_key",
            Verdict::Forged { .. } => "forged",
            Verdict::Malformed { .. } => "malformed",
        }
    }
    /// The verdict in Chinese, for the verifier's screen.
    pub fn zh(&self) -> &'static str {
        match self {
            Verdict::Valid => "真实有效",
            Verdict::ReviewDue => "真实有效，复审期限临近",
            Verdict::ListTooOld => "证件真实，但证书状态变更名单过旧，无法确认是否已被撤销、注销或暂停",
            Verdict::Expired => "证件真实，但已过期",
            Verdict::ReviewOverdue => "证件真实，但未按期复审（失效）",
            Verdict::Suspended => "证件真实，但已暂停",
            Verdict::Revoked => "证件真实，但已撤销",
            Verdict::Cancelled => "证件真实，但已注销",
            Verdict::KeyRetired => "签名有效，但签发密钥在此之前已停用，凭条无效",
            Verdict::NotPrinted => "签名有效，但登记系统无此打印记录",
            Verdict::UnknownKey => "签发密钥不在信任列表中，无法核验",
            Verdict::Forged { .. } => "签名不符，可能被篡改或伪造",
            Verdict::Malformed { .. } => "无法识别的二维码",
        }
    }
    /// The verdict in English, for the verifier's screen.
    pub fn en(&self) -> &'static str {
        match self {
            Verdict::Valid => "authentic and valid",
            Verdict::ReviewDue => "authentic and valid; the review is due soon",
            Verdict::ListTooOld => {
                "authentic, but the standing list is too old to rule out a revocation, cancellation or suspension"
            }
            Verdict::Expired => "authentic, but expired",
            Verdict::ReviewOverdue => "authentic, but the review is overdue (invalid)",
            Verdict::Suspended => "authentic, but suspended",
            Verdict::Revoked => "authentic, but revoked",
            Verdict::Cancelled => "authentic, but cancelled",
            Verdict::KeyRetired => "the signature is good, but its key had been retired before: not valid",
            Verdict::NotPrinted => "the signature is good, but the registry has no record of printing this slip",
            Verdict::UnknownKey => "signed with a key not in the trust list; cannot verify",
            Verdict::Forged { .. } => "signature does not match: altered or forged",
            Verdict::Malformed { .. } => "not a readable certdesk code",
        }
    }
    /// Only `Valid` and `ReviewDue` mean the holder may rely on the certificate.
    pub fn is_valid(&self) -> bool {
        matches!(self, Verdict::Valid | Verdict::ReviewDue)
    }
    /// The signature checked out (the printed fields are authentic, whatever the verdict).
    pub fn is_authentic(&self) -> bool {
        matches!(
            self,
            Verdict::Valid
                | Verdict::ReviewDue
                | Verdict::ListTooOld
                | Verdict::Expired
                | Verdict::ReviewOverdue
                | Verdict::Suspended
                | Verdict::Revoked
                | Verdict::Cancelled
        )
    }
}

/// A verdict with what was read. `claims` is present only when the signature checked out
/// (never for forged, malformed or unknown-key codes: their fields are not trustworthy);
/// `key_id` whenever the record could be read that far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// What the code is worth.
    pub verdict: Verdict,
    /// The slip's fields, when the signature checked out.
    pub claims: Option<SlipClaims>,
    /// The key id the code names, when it could be read.
    pub key_id: Option<KeyId>,
    /// Why the slip is revoked or suspended (None for other verdicts).
    pub cause: Option<RevocationCause>,
    /// The revocation list the verdict was reached with.
    pub list: ListInfo,
    /// Whether the registry's print records were consulted ([`confirm`]); offline by default.
    pub checked: Checked,
    /// The signing key is marked compromised (the slip predates `compromised_since`, or the
    /// verdict would be revoked): offline, a back-dated slip cannot be told from a real one.
    pub key_compromised: bool,
}

/// Where a verdict was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Checked {
    /// From the code, the trust list and the standing list alone.
    #[default]
    Offline,
    /// And the registry confirmed that it printed this slip.
    Online,
}

/// What the registry answered about an authentic slip's print record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintAnswer {
    /// It printed this slip (serial, certificate and minute match).
    Printed,
    /// It has no such print.
    NotPrinted,
}

/// Apply the registry's answer to an offline verification. Only an authentic slip is asked
/// about (the caller reads `v.claims`); a slip the registry never printed becomes
/// [`Verdict::NotPrinted`] whatever its signature (its fields are no longer shown), a printed
/// one keeps its verdict and is marked [`Checked::Online`].
pub fn confirm(v: &mut Verification, answer: PrintAnswer) {
    if v.claims.is_none() {
        return;
    }
    v.checked = Checked::Online;
    if answer == PrintAnswer::NotPrinted {
        v.verdict = Verdict::NotPrinted;
        v.claims = None;
        v.cause = None;
    }
}

/// Where a revoked or suspended verdict comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevocationCause {
    /// The seal handle is on the signed revocation list with this reason.
    Listed(Reason),
    /// The slip itself says revoked / suspended (status at print time).
    AtPrint,
    /// Signed by a key marked compromised, at or after the time it was compromised.
    KeyCompromised,
}

impl RevocationCause {
    /// The cause's word in machine output.
    pub fn word(self) -> &'static str {
        match self {
            RevocationCause::Listed(r) => r.word(),
            RevocationCause::AtPrint => "status_at_print",
            RevocationCause::KeyCompromised => "key_compromised",
        }
    }
    /// The cause in Chinese, for the verifier's screen.
    pub fn zh(self) -> &'static str {
        match self {
            RevocationCause::Listed(Reason::Revoked) => "已撤销",
            RevocationCause::Listed(Reason::Suspended) => "已暂停",
            RevocationCause::Listed(Reason::Cancelled) => "已注销",
            RevocationCause::AtPrint => "打印时即为该状态",
            RevocationCause::KeyCompromised => "签发密钥已泄露，此后签发的凭条作废",
        }
    }
    /// The cause in English, for the verifier's screen.
    pub fn en(self) -> &'static str {
        match self {
            RevocationCause::Listed(Reason::Revoked) => "revoked",
            RevocationCause::Listed(Reason::Suspended) => "suspended",
            RevocationCause::Listed(Reason::Cancelled) => "cancelled",
            RevocationCause::AtPrint => "already so when printed",
            RevocationCause::KeyCompromised => "signed by a compromised key after it was compromised",
        }
    }
}

/// The age of the revocation list at verification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListInfo {
    /// When the list was issued (None: no signed list).
    pub issued: Option<DateTime<Utc>>,
    /// `now - issued` (None without a list).
    pub age: Option<Duration>,
    /// The policy sets a maximum age and the list is older, or missing.
    pub too_old: bool,
}

/// What a verifier knows besides the code: the day (for expiry and review), the moment (for the
/// list's age), the longest a revocation list may be trusted, and the review lead time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// The verifier's local day, for expiry and review.
    pub today: NaiveDate,
    /// The moment, for the revocation list's age.
    pub now: DateTime<Utc>,
    /// None: the list's age is reported but never makes a verdict `list_too_old`.
    pub max_list_age: Option<Duration>,
    /// Days before a pending review date from which a valid slip reads `review_due`; None: never.
    pub review_due_days: Option<i64>,
}

impl Policy {
    /// Only dates: no list age rule, no review-due verdict (what [`verify`] uses).
    pub fn dates_only(today: NaiveDate) -> Policy {
        Policy {
            today,
            now: today.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc(),
            max_list_age: None,
            review_due_days: None,
        }
    }
}

impl Verification {
    /// A `malformed` answer for input that is not even text.
    pub fn malformed(reason: &str) -> Verification {
        Verification::bad(Verdict::Malformed { reason: reason.to_string() }, None)
    }

    fn bad(verdict: Verdict, key_id: Option<KeyId>) -> Verification {
        Verification {
            verdict,
            claims: None,
            key_id,
            cause: None,
            list: ListInfo::default(),
            checked: Checked::Offline,
            key_compromised: false,
        }
    }

    /// One JSON object (no newline): verdict word and wording, reason (forged / malformed),
    /// key id, and the printed fields (masked ID only) when authentic. Keys come out in
    /// alphabetical order (the order of [`JsonLine`]'s fields); a field shown as `null` is
    /// present with no value, one left out is absent.
    pub fn to_json_line(&self) -> String {
        let mut out = Vec::with_capacity(768);
        self.write_json(&mut out);
        // serde_json writes UTF-8 only.
        String::from_utf8(out).unwrap_or_default()
    }

    /// [`Verification::to_json_line`] appended to `out` (the batch path reuses one buffer).
    /// Serialised from a borrowed struct, not a `serde_json::Map` of owned `Value`s: the map
    /// cost ~3 µs a line in allocations (issue 18, docs/performance.md).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        let c = self.claims.as_ref();
        let authentic = c.is_some();
        let (checked, checked_zh, checked_en) = match self.checked {
            Checked::Online => {
                ("online", "在线核验：已与登记系统核对打印记录", "online: the registry confirmed the print")
            }
            Checked::Offline => {
                ("offline", "离线核验：未与登记系统核对打印记录", "offline: not checked against the registry's prints")
            }
        };
        let show_checked = self.verdict.is_authentic() || self.verdict == Verdict::NotPrinted;
        let key_warning = self.key_compromised && self.checked == Checked::Offline && self.verdict.is_authentic();
        let too_old = authentic && self.list.too_old;
        let (warning_zh, warning_en) = match self.list.age {
            None => (
                "本机没有证书状态变更名单，请导入最新名单",
                "this station has no standing list; import the current one",
            ),
            Some(_) => (
                "证书状态变更名单已过期，请导入最新名单",
                "the standing list is older than allowed; import the current one",
            ),
        };
        let review_info = c.is_some_and(|c| c.kind.has_review() && c.review_due.is_none());
        let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let line = JsonLine {
            category: c.map(|c| c.category.as_deref()),
            checked: show_checked.then_some(checked),
            checked_en: show_checked.then_some(checked_en),
            checked_zh: show_checked.then_some(checked_zh),
            gender: c.map(|c| c.gender.zh()),
            id_masked: c.map(|c| c.masked_id.as_str()),
            industry: c.map(|c| c.industry.as_deref()),
            item: c.map(|c| c.item.as_deref()),
            key_id: self.key_id.map(|k| k.to_string()),
            key_warning: key_warning.then_some("key_compromised"),
            key_warning_en: key_warning.then_some(
                "the signing key has leaked: offline, a back-dated slip cannot be ruled out; check online or ask the issuing bureau",
            ),
            key_warning_zh: key_warning.then_some("签发密钥已泄露：离线无法排除倒签的凭条，请联网核验或向发证机关核实"),
            kind: c.map(|c| match c.kind {
                CertKind::SpecialOperation => "special_operation",
                CertKind::Principal => "principal",
                CertKind::SafetyManager => "safety_manager",
            }),
            list_age_hours: authentic.then(|| self.list.age.map(|a| a.num_hours())),
            list_issued: authentic.then(|| self.list.issued.map(super::revocation::show_time)),
            list_too_old: authentic.then_some(self.list.too_old),
            name: c.map(|c| c.name.as_str()),
            number_masked: c.map(|c| c.masked_number()),
            printed_at: c.map(|c| c.printed_at.format("%Y-%m-%dT%H:%M").to_string()),
            reason: match &self.verdict {
                Verdict::Forged { reason } | Verdict::Malformed { reason } => Some(reason.as_str()),
                _ => None,
            },
            review_due: c.map(|c| c.review_due.map(date)),
            // SPEC §2: the roster gave no review dates (the verdict follows 状态 and 有效期)
            review_info: review_info.then_some("not_provided"),
            review_info_en: review_info.then_some(certdesk_domain::words::REVIEW_UNKNOWN_EN),
            review_info_zh: review_info.then_some(certdesk_domain::words::REVIEW_UNKNOWN_ZH),
            revocation_reason: self.cause.map(RevocationCause::word),
            seal_handle: c.map(|c| super::to_hex(&c.seal_handle)),
            // One serial format everywhere: as the slip, the station and the phone page print it.
            serial: c.map(|c| certdesk_domain::words::serial_text(c.serial)),
            status_at_print: c.map(|c| c.status_word()),
            title: c.map(|c| c.kind.title_zh()),
            valid_until: c.map(|c| date(c.valid_until)),
            verdict: self.verdict.word(),
            verdict_en: self.verdict.en(),
            verdict_zh: self.verdict.zh(),
            warning_en: too_old.then_some(warning_en),
            warning_zh: too_old.then_some(warning_zh),
        };
        // Writing plain data into a Vec cannot fail.
        let _ = serde_json::to_writer(out, &line);
    }
}

/// One answer of `certdesk verify`, fields in alphabetical order (the order the answers have
/// always had). `Option<Option<T>>`: outer None leaves the key out, `Some(None)` writes null.
#[derive(serde::Serialize)]
struct JsonLine<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checked: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checked_en: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checked_zh: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gender: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id_masked: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    industry: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<Option<&'a str>>,
    key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_warning: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_warning_en: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_warning_zh: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    list_age_hours: Option<Option<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    list_issued: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    list_too_old: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number_masked: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    printed_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review_due: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review_info: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review_info_en: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review_info_zh: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    revocation_reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seal_handle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    serial: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_at_print: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_until: Option<String>,
    verdict: &'static str,
    verdict_en: &'static str,
    verdict_zh: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    warning_en: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warning_zh: Option<&'static str>,
}

/// Verify scanned text offline. Never panics, whatever the input.
///
/// Order: decode (→ malformed) · key lookup (→ unknown key) · signature (→ forged) ·
/// revocation list or revoked at print time (→ revoked) · suspended at print time ·
/// expiry: `today > valid_until` or expired at print time (→ expired) · review:
/// `review_due < today` or overdue at print time (→ review overdue) · valid.
///
/// Accepted input: leading and trailing whitespace, lowercase letters (a scanner with
/// CapsLock on; Base45 and the URL prefix are uppercase-only, so folding is unambiguous),
/// and any URL prefix before `CD1:` — which is covered by the signature.
pub fn verify(text: &str, trust: &TrustList, revoked: &RevocationList, today: NaiveDate) -> Verification {
    verify_with(text, trust, revoked, &Policy::dates_only(today))
}

/// [`verify`] under a full [`Policy`]: additionally `review_due` within the lead time, the key's
/// compromise time, and the revocation list's age (`list_too_old` replaces `valid` and
/// `review_due` when the list is missing or older than allowed; worse verdicts stand).
pub fn verify_with(text: &str, trust: &TrustList, revoked: &RevocationList, policy: &Policy) -> Verification {
    match read_code(text, trust) {
        Read::Answer(v) => v,
        Read::Signed(s) => {
            let ok = s.check_alone();
            judge(s, ok, revoked, policy)
        }
    }
}

/// A code read as far as its signature: the trusted key it names (of the algorithm its record
/// names), the signed message (URL prefix and marker, then the record) and the signature.
/// What the signature check decides is [`judge`]'s; the check itself is [`Signed::check_alone`]
/// or, for a batch of Ed25519 codes, `batch`'s one equation for all.
pub(crate) struct Signed<'t> {
    /// The trust list's entry for the key the record names.
    pub(crate) entry: &'t TrustedKey,
    key_id: KeyId,
    /// `prefix || record`, the bytes the signature covers.
    pub(crate) msg: Vec<u8>,
    /// Where the record starts in `msg`.
    body_at: usize,
    /// Ed25519 `R || s` or SM2 `r || s`.
    pub(crate) sig: [u8; SIGNATURE_LEN],
}

impl Signed<'_> {
    /// This code's signature checked on its own: RFC 8032 (cofactorless) for Ed25519, the same
    /// call as the benchmark's bare loop; SM2 over SM3 with Z_A for SM2 keys.
    pub(crate) fn check_alone(&self) -> bool {
        self.entry.key.verify(&self.msg, &self.sig)
    }
}

/// What reading a code gave: an answer already (malformed, unknown key, wrong algorithm for
/// its key), or a signature to check.
pub(crate) enum Read<'t> {
    /// The verdict needs no signature check.
    Answer(Verification),
    /// The verdict depends on the signature.
    Signed(Signed<'t>),
}

/// Read `text` up to its signature (everything [`verify_with`] does before the check).
pub(crate) fn read_code<'t>(text: &str, trust: &'t TrustList) -> Read<'t> {
    let malformed =
        |reason: &str| Read::Answer(Verification::bad(Verdict::Malformed { reason: reason.to_string() }, None));
    let t = text.trim();
    if t.is_empty() {
        return malformed("empty input");
    }
    if t.len() > MAX_INPUT_CHARS {
        return malformed("input is too long for a certdesk code");
    }
    if !t.is_ascii() {
        return malformed("input has characters a certdesk code never contains");
    }
    // A scanner sends uppercase; fold (and allocate) only when a CapsLock burst needs it.
    let upper: std::borrow::Cow<'_, str> =
        if t.bytes().any(|b| b.is_ascii_lowercase()) { t.to_ascii_uppercase().into() } else { t.into() };
    // The first marker of a version this verifier knows; everything before it is the prefix.
    let found = match (upper.find(MARKER), upper.find(MARKER_V2)) {
        (Some(a), Some(b)) => Some(if a < b { (a, FORMAT_VERSION) } else { (b, FORMAT_VERSION_2) }),
        (Some(a), None) => Some((a, FORMAT_VERSION)),
        (None, Some(b)) => Some((b, FORMAT_VERSION_2)),
        (None, None) => None,
    };
    let Some((pos, version)) = found else {
        return malformed(if upper.contains("CD") && upper.contains(':') {
            "no CD1: or CD2: marker (a newer format version, or not a certdesk code)"
        } else {
            "no CD1: marker: not a certdesk code"
        });
    };
    let (prefix, data) = upper.split_at(pos + MARKER.len());
    let raw = match decode_base45(data.as_bytes()) {
        Ok(r) => r,
        Err(e) => return malformed(e),
    };
    if raw.len() < SIGNATURE_LEN + 3 {
        return malformed("too short: the code is truncated");
    }
    let (body, sig) = raw.split_at(raw.len() - SIGNATURE_LEN);
    // The version byte must be the marker's (a version 1 body under CD2: or the reverse is
    // not a code certdesk wrote).
    if body[0] != version || (version == FORMAT_VERSION_2 && body.len() < 4) {
        return malformed("unsupported format version in the record");
    }
    let (alg, id_at) = if version == FORMAT_VERSION_2 {
        match Algorithm::from_code(body[1]) {
            Some(a) => (a, 2),
            None => return malformed("unknown signature algorithm in the record"),
        }
    } else {
        (Algorithm::Ed25519, 1)
    };
    let key_id = KeyId(u16::from_be_bytes([body[id_at], body[id_at + 1]]));
    let Some(entry) = trust.get(key_id) else {
        return Read::Answer(Verification::bad(Verdict::UnknownKey, Some(key_id)));
    };
    let Ok(sig) = <[u8; SIGNATURE_LEN]>::try_from(sig) else {
        return malformed("too short: the code is truncated");
    };
    // A record naming one algorithm under a key of the other is forged.
    if entry.key.algorithm() != alg {
        return Read::Answer(forged(key_id));
    }
    let mut msg = Vec::with_capacity(prefix.len() + body.len());
    msg.extend_from_slice(prefix.as_bytes());
    msg.extend_from_slice(body);
    Read::Signed(Signed { entry, key_id, msg, body_at: prefix.len(), sig })
}

fn forged(key_id: KeyId) -> Verification {
    Verification::bad(Verdict::Forged { reason: format!("signature does not verify under key {key_id}") }, Some(key_id))
}

/// The verdict on a code read by [`read_code`], given whether its signature checked out
/// (`sig_ok`): forged when not; otherwise the record, the revocation list, the key's
/// compromise and retirement, the dates and the list's age decide, as [`verify_with`] says.
pub(crate) fn judge(s: Signed<'_>, sig_ok: bool, revoked: &RevocationList, policy: &Policy) -> Verification {
    let today = policy.today;
    let (entry, key_id) = (s.entry, s.key_id);
    if !sig_ok {
        return forged(key_id);
    }
    let body = &s.msg[s.body_at..];
    let claims = match SlipClaims::decode_body(body) {
        Ok(c) => c,
        Err(e) => {
            return Verification::bad(
                Verdict::Malformed { reason: format!("signed record cannot be read: {e}") },
                Some(key_id),
            )
        }
    };
    let listed = revoked.reason(&claims.seal_handle);
    let compromised = entry.status == KeyStatus::Compromised
        && entry.compromised_since.is_none_or(|since| claims.printed_at >= since);
    // Compromise keeps its own rule (revoked); a slip stamped after retirement was not the
    // bureau's, whatever it claims (minute stamp: a slip of the retiring minute still passes).
    if !compromised && entry.retired_at.is_some_and(|at| claims.printed_at > at) {
        return Verification::bad(Verdict::KeyRetired, Some(key_id));
    }
    let mut cause = None;
    let mut verdict = if compromised {
        cause = Some(RevocationCause::KeyCompromised);
        Verdict::Revoked
    } else if listed == Some(Reason::Revoked) {
        cause = listed.map(RevocationCause::Listed);
        Verdict::Revoked
    } else if listed == Some(Reason::Cancelled) {
        cause = listed.map(RevocationCause::Listed);
        Verdict::Cancelled
    } else if claims.status == 6 {
        // 6 = 撤销 at print time (30号令 art. 30)
        cause = Some(RevocationCause::AtPrint);
        Verdict::Revoked
    } else if claims.status >= 7 {
        // 7 = 注销 at print time (art. 31): withdrawn too, but not a sanction
        cause = Some(RevocationCause::AtPrint);
        Verdict::Cancelled
    } else if listed == Some(Reason::Suspended) {
        cause = listed.map(RevocationCause::Listed);
        Verdict::Suspended
    } else if claims.status == 5 {
        cause = Some(RevocationCause::AtPrint);
        Verdict::Suspended
    } else if claims.status == 4 || today > claims.valid_until {
        Verdict::Expired
    } else if claims.status == 3 || claims.review_due.is_some_and(|r| r < today) {
        Verdict::ReviewOverdue
    } else if let (Some(lead), Some(r)) = (policy.review_due_days, claims.review_due) {
        if (r - today).num_days() <= lead {
            Verdict::ReviewDue
        } else {
            Verdict::Valid
        }
    } else {
        Verdict::Valid
    };
    let list = list_info(revoked, policy);
    if list.too_old && verdict.is_valid() {
        verdict = Verdict::ListTooOld;
    }
    Verification {
        verdict,
        claims: Some(claims),
        key_id: Some(key_id),
        cause,
        list,
        checked: Checked::Offline,
        key_compromised: entry.status == KeyStatus::Compromised,
    }
}

/// How old `revoked` is under `policy` (also what a station shows while it waits for a scan).
pub fn list_info(revoked: &RevocationList, policy: &Policy) -> ListInfo {
    let age = revoked.issued().map(|t| policy.now - t);
    let too_old = match policy.max_list_age {
        None => false,
        Some(max) => age.is_none_or(|a| a > max),
    };
    ListInfo { issued: revoked.issued(), age, too_old }
}

/// Verify one code per line, blank lines included (each gets `malformed`), in order.
pub fn verify_many<'a>(
    lines: impl Iterator<Item = &'a str> + 'a,
    trust: &'a TrustList,
    revoked: &'a RevocationList,
    today: NaiveDate,
) -> impl Iterator<Item = Verification> + 'a {
    lines.map(move |l| verify(l, trust, revoked, today))
}

/// Strict Base45 (RFC 9285): the `base45` crate, plus the canonical-form check it lacks for a
/// trailing two-character group (value must be ≤ 255), so each byte string has exactly one text.
fn decode_base45(data: &[u8]) -> Result<Vec<u8>, &'static str> {
    if data.is_empty() {
        return Err("nothing after CD1:");
    }
    if data.len() % 3 == 1 {
        return Err("Base45 data has an impossible length (truncated?)");
    }
    if data.len() % 3 == 2 {
        let val = |c: u8| QR_ALPHANUMERIC.bytes().position(|a| a == c);
        let n = data.len();
        match (val(data[n - 2]), val(data[n - 1])) {
            (Some(a), Some(b)) if a + 45 * b <= 255 => {}
            _ => return Err("Base45 data is not valid"),
        }
    }
    base45::decode(data).map_err(|_| "Base45 data is not valid")
}
