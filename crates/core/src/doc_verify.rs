//! Verifying the QR of a counter document (A4; issue 16): which document it is (kind, number
//! 〔2026〕N号, case, issue date) and whether the registry holds it, with the bytes it holds
//! still hashing to the SHA-256 recorded when it was issued. A made-up or altered code is
//! refused by its signature (`seal::doc_qr`); a genuine-looking code the registry never issued
//! is refused by the registry.

use crate::domain::records::CaseRecord;
use crate::seal::doc_qr::{verify_document, DocClaims, DocRefusal};
use crate::seal::TrustList;
use crate::store::paper::PaperDocument;
use crate::store::Store;
use anyhow::Result;
use certdesk_paper::template::date_zh;
use certdesk_paper::DocKind;
use chrono::Datelike;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The answer for one scanned document code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocAnswer {
    /// `valid`, `not_issued`, `altered` (the registry's bytes no longer match their hash),
    /// `forged`, `malformed`, `unknown_key`, `key_compromised`, `key_retired`.
    pub verdict: &'static str,
    /// `online` (the registry was asked) or `offline` (signature only).
    pub checked: &'static str,
    /// The document kind's key (as in templates and the command line); `None` when refused.
    pub kind: Option<&'static str>,
    /// The document kind's Chinese name.
    pub kind_zh: Option<&'static str>,
    /// 〔2026〕12号 from the code; the full number (with the bureau's prefix) from the registry.
    pub number: Option<String>,
    /// The case number the document belongs to.
    pub case: Option<String>,
    /// The issue date the code carries (YYYY-MM-DD).
    pub issued_on: Option<String>,
    /// The id of the key that signed the code.
    pub key_id: Option<String>,
    /// The SHA-256 of the document the registry holds (compare with a PDF in hand).
    pub sha256: Option<String>,
    /// The answer in Chinese, for the verifier's screen and the command line.
    pub message_zh: String,
    /// The answer in English.
    pub message_en: String,
}

impl DocAnswer {
    /// The document is genuine and, when the registry was asked, issued and unaltered.
    pub fn is_valid(&self) -> bool {
        self.verdict == "valid"
    }
}

/// The kind's name as the shipped templates title it.
fn kind_zh(k: DocKind) -> &'static str {
    match k {
        DocKind::Notice => "行政许可申请材料补正告知书",
        DocKind::Acceptance => "受理通知书",
        DocKind::Refusal => "不予受理决定书",
        DocKind::RongquePledge => "容缺受理承诺书",
        DocKind::Pledge => "告知承诺书",
        DocKind::Extension => "延长办理期限告知书",
        DocKind::Special => "特别程序告知书",
        DocKind::Denial => "不予行政许可决定书",
        DocKind::Service => "送达回证",
        DocKind::Visit => "回访记录",
    }
}

fn refused(r: &DocRefusal) -> DocAnswer {
    let (verdict, en) = match r {
        DocRefusal::Malformed(_) => ("malformed", "not a certdesk document code"),
        DocRefusal::UnknownKey(_) => ("unknown_key", "signed by a key this station does not trust: not the bureau's"),
        DocRefusal::Forged => ("forged", "the signature does not match: the code was made up or altered"),
        DocRefusal::KeyCompromised(_) => ("key_compromised", "the key that signed it had leaked by that date"),
        DocRefusal::KeyRetired(_) => ("key_retired", "the key that signed it was retired before that date"),
    };
    let zh = match r {
        DocRefusal::Malformed(_) => "不是本系统文书二维码".to_string(),
        DocRefusal::UnknownKey(k) => format!("签名密钥 {k} 不在信任列表中，非本局签发"),
        DocRefusal::Forged => "签名不符：二维码系伪造或被改动".into(),
        DocRefusal::KeyCompromised(k) => format!("签名密钥 {k} 在签发日前已泄露，文书不可信"),
        DocRefusal::KeyRetired(k) => format!("签名密钥 {k} 在签发日前已停用，非本局签发"),
    };
    DocAnswer {
        verdict,
        checked: "offline",
        kind: None,
        kind_zh: None,
        number: None,
        case: None,
        issued_on: None,
        key_id: match r {
            DocRefusal::UnknownKey(k) | DocRefusal::KeyCompromised(k) | DocRefusal::KeyRetired(k) => {
                Some(k.to_string())
            }
            DocRefusal::Malformed(_) | DocRefusal::Forged => None,
        },
        sha256: None,
        message_zh: zh,
        message_en: en.into(),
    }
}

/// The answer for a code that could not be read at all.
pub fn malformed() -> DocAnswer {
    refused(&DocRefusal::Malformed("unreadable".into()))
}

/// The home's database when it has one (a counter's or a hall's): documents are issued there.
/// One that cannot be opened leaves the answer offline (it says so), never a guess.
pub fn registry(home: &crate::home::Home) -> Option<Store> {
    if !home.db_location().is_postgres() && !home.db_path().exists() {
        return None;
    }
    home.store_for_reading().ok()
}

/// The registry's document that the code names: same case, kind, issue day and number.
fn find(store: &Store, c: &CaseRecord, claims: &DocClaims, kind: DocKind) -> Result<Option<PaperDocument>> {
    let tail = format!("〔{}〕{}号", claims.issued_on.year(), claims.seq);
    Ok(store
        .documents()
        .of_case(c.id)?
        .into_iter()
        .find(|d| d.kind == kind.key() && d.issued_on == claims.issued_on && d.number.ends_with(&tail)))
}

/// Checks a scanned code: the signature against `trust`, then (with a registry) the document.
pub fn check(text: &str, trust: &TrustList, registry: Option<&Store>) -> Result<DocAnswer> {
    let (claims, key) = match verify_document(text, trust) {
        Ok(x) => x,
        Err(r) => return Ok(refused(&r)),
    };
    let Some(kind) = DocKind::from_code(claims.kind) else {
        return Ok(refused(&DocRefusal::Malformed(format!("kind {}", claims.kind))));
    };
    let mut a = DocAnswer {
        verdict: "valid",
        checked: "offline",
        kind: Some(kind.key()),
        kind_zh: Some(kind_zh(kind)),
        number: Some(format!("〔{}〕{}号", claims.issued_on.year(), claims.seq)),
        case: Some(claims.case_number.clone()),
        issued_on: Some(claims.issued_on.to_string()),
        key_id: Some(key.to_string()),
        sha256: None,
        message_zh: String::new(),
        message_en: String::new(),
    };
    let what_zh = format!(
        "{}（{}，办件编号{}，{}签发）",
        kind_zh(kind),
        a.number.clone().unwrap_or_default(),
        claims.case_number,
        date_zh(claims.issued_on)
    );
    let Some(store) = registry else {
        a.message_zh = format!("离线核验：签名有效，{what_zh}；未与登记系统核对");
        a.message_en = "offline: the signature is the bureau's; not checked against the registry".into();
        return Ok(a);
    };
    a.checked = "online";
    let doc = match store.cases().by_number(&claims.case_number)? {
        Some(c) => find(store, &c, &claims, kind)?,
        None => None,
    };
    let Some(doc) = doc else {
        a.verdict = "not_issued";
        a.message_zh = format!("签名有效，但登记系统无此文书：{what_zh}");
        a.message_en = "the signature is good but the registry never issued this document".into();
        return Ok(a);
    };
    let bytes = store.documents().pdf(doc.id)?.unwrap_or_default();
    let now: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    a.number = Some(doc.number.clone());
    a.sha256 = Some(doc.sha256.clone());
    if now != doc.sha256 {
        a.verdict = "altered";
        a.message_zh = format!("登记系统中该文书的内容与签发时的 SHA-256 不符：{}", doc.number);
        a.message_en = "the registry's copy no longer matches the SHA-256 recorded at issue".into();
        return Ok(a);
    }
    a.message_zh = format!(
        "在线核验：{}（{}，办件编号{}，{}签发），登记系统存档一致，SHA-256 {}",
        doc.title,
        doc.number,
        claims.case_number,
        date_zh(doc.issued_on),
        doc.sha256
    );
    a.message_en = format!("online: the registry holds {} as issued (SHA-256 {})", doc.number, doc.sha256);
    Ok(a)
}
