//! The verifier station's words, zh-CN and en. No ambiguous-width glyphs.

use crate::app::strings::T;
use crate::config::Lang;
use crate::domain::CertKind;

pub const TITLE: T = T::new("证书核验", "Certificate check");
pub const SCAN_PROMPT: T = T::new("请扫描凭条或文书二维码", "Scan the QR code of a slip or document");
pub const TODAY: T = T::new("今日核验", "Today");
pub const NONE_TODAY: T = T::new("今日尚无核验", "No scans today");
pub const CHECKING: T = T::new("正在核验，请稍候", "Checking, please wait");
pub const SCAN_AGAIN: T = T::new("请重新扫描", "Scan again");
pub const SCAN_AGAIN_HINT: T = T::new("未能读出完整的凭条二维码。", "The slip's QR code could not be read in full.");
pub const SERVICE_ERROR: T = T::new("系统故障，请联系管理员", "System error: please call the administrator");
pub const FOOTER: T = T::new("F2 English   Esc 返回等待   F12 退出", "F2 中文   Esc back to waiting   F12 quit");
pub const COMPARE: T = T::new("请与持证人身份证核对以下信息", "Compare with the holder's ID card");
pub const NOT_TRUSTED: T =
    T::new("凭条内容不可信，不显示持证人信息。", "The slip cannot be trusted; no holder data is shown.");

pub const NAME: T = T::new("姓名", "Name");
pub const ID: T = T::new("身份证号", "ID number");
pub const KIND: T = T::new("证书", "Certificate");
pub const SCOPE: T = T::new("类别/项目", "Category/item");
pub const INDUSTRY: T = T::new("行业类别", "Industry");
pub const VALID_UNTIL: T = T::new("有效期至", "Valid until");
pub const REVIEW: T = T::new("应复审日期", "Review due");
pub const SERIAL: T = T::new("打印流水号", "Print serial");
pub const PRINTED: T = T::new("打印时间", "Printed at");
/// The signed list carries 暂停, 撤销 (30号令 art. 30) and 注销 (art. 31): it is named for all
/// three, not 撤销名单.
pub const LIST_AGE: T = T::new("证书状态变更名单签发", "Standing list issued");
pub const LIST_TOO_OLD: T = T::new(
    "证书状态变更名单过旧，无法确认证书未被暂停、撤销或注销：请导入最新名单",
    "The standing list is too old to rule out a suspension, revocation or cancellation: import a current one",
);
pub const NO_LIST: T = T::new("本机没有证书状态变更名单", "No standing list on this station");
/// Where the verdict was reached (issue 18, online confirmation): the same words as
/// `certdesk verify`'s `checked_zh`/`checked_en`.
pub const CHECKED_ONLINE: T = T::new("在线核验：已与登记系统核对打印记录", "Online: the registry confirmed the print");
pub const CHECKED_OFFLINE: T =
    T::new("离线核验：未与登记系统核对打印记录", "Offline: not checked against the registry's prints");
/// Offline, and the signing key is marked compromised: a back-dated slip looks real.
pub const KEY_LEAKED_OFFLINE: T = T::new(
    "离线核验：签发密钥已泄露，无法排除倒签的凭条，请联网核验",
    "Offline: the signing key has leaked; a back-dated slip cannot be ruled out",
);
pub const REVIEW_UNKNOWN: T = T::new(crate::words::REVIEW_UNKNOWN_ZH, crate::words::REVIEW_UNKNOWN_EN);

/// The note while the database is out of reach: verification goes on, how many scan records
/// wait, and that they are saved without anyone doing anything. Fits one row at 80 columns.
pub fn offline(waiting: usize, lang: Lang) -> String {
    match (lang, waiting) {
        (Lang::Zh, 0) => "离线核验中，核验结果不受影响；核验记录将在恢复连接后自动保存".into(),
        (Lang::Zh, n) => format!("离线核验中，核验结果不受影响；{n} 条核验记录待保存，恢复连接后自动保存"),
        (Lang::En, 0) => "Offline: checks still work. Scan records will be saved automatically".into(),
        (Lang::En, 1) => "Offline: checks still work. 1 scan record waiting, saved automatically".into(),
        (Lang::En, n) => format!("Offline: checks still work. {n} scan records waiting, saved automatically"),
    }
}

/// The verdict in words, by its machine word.
pub fn verdict(word: &str, lang: Lang) -> &'static str {
    let t = match word {
        "valid" => T::new("有效", "VALID"),
        "review_due" => T::new("有效，复审临近", "VALID, REVIEW DUE SOON"),
        "review_overdue" => T::new("已超期未复审", "REVIEW OVERDUE"),
        "expired" => T::new("已过有效期", "EXPIRED"),
        "suspended" => T::new("已暂停", "SUSPENDED"),
        "revoked" => T::new("已撤销", "REVOKED"),
        "cancelled" => T::new("已注销", "CANCELLED"),
        "key_retired" => T::new("无效：密钥已停用后签发", "INVALID: KEY WAS RETIRED"),
        "not_printed" => T::new("伪造：登记系统无此打印记录", "FORGED: NEVER PRINTED"),
        "unknown_key" => T::new("无法确认：签发密钥未知", "CANNOT TELL: UNKNOWN KEY"),
        "forged" => T::new("伪造或被篡改", "FORGED OR ALTERED"),
        "malformed" => T::new("无法识别", "NOT READABLE"),
        "list_too_old" => T::new("无法确认：状态名单过旧", "CANNOT TELL: LIST TOO OLD"),
        _ => T::new("未知", "UNKNOWN"),
    };
    t.t(lang)
}

/// What the person at the station should do, by verdict word.
pub fn advice(word: &str, lang: Lang) -> &'static str {
    let t = match word {
        "valid" => T::new("证书有效。", "The certificate is valid."),
        "review_due" => T::new("证书有效，请持证人按期申请复审。", "Valid; the holder should apply for review soon."),
        "review_overdue" => T::new("未按期复审，不得上岗作业。", "Review overdue: may not work until reviewed."),
        "expired" => T::new("证书已过期，不得上岗作业。", "Expired: may not work with this certificate."),
        "suspended" => T::new("证书已暂停，不得上岗作业。", "Suspended: may not work with this certificate."),
        "revoked" => T::new("证书已撤销，不得上岗作业。", "Revoked: may not work with this certificate."),
        "cancelled" => T::new("证书已注销，不得上岗作业。", "Cancelled: may not work with this certificate."),
        "not_printed" => T::new(
            "签名有效，但登记系统无此打印记录：凭条无效，请扣留并上报。",
            "Signature good, but the registry never printed it: invalid; keep it and report.",
        ),
        "key_retired" => T::new(
            "签名有效，但签发密钥在此之前已停用：凭条无效，请扣留并上报。",
            "Signature good, but its key was retired before: invalid; keep it and report.",
        ),
        "unknown_key" => {
            T::new("本机信任名单中没有该密钥，请更新信任名单。", "This key is not in the trust list; update it.")
        }
        "forged" => T::new("签名不符，凭条可能被伪造或篡改。", "The signature does not match: forged or altered."),
        "malformed" => T::new("请重新扫描。", "Scan again."),
        "list_too_old" => T::new(
            "签名真实，但证书状态变更名单过旧，请导入最新名单。",
            "Authentic, but import a current standing list.",
        ),
        _ => T::new("", ""),
    };
    t.t(lang)
}

pub fn kind(k: CertKind, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => k.title_zh(),
        Lang::En => match k {
            CertKind::SpecialOperation => "Special operation certificate",
            CertKind::Principal => "Safety certificate (principal)",
            CertKind::SafetyManager => "Safety certificate (safety manager)",
        },
    }
}

/// Today's counts as one line: `有效 3  撤销 1`. A no-break space (narrow, not ambiguous)
/// keeps each name with its number when the line wraps.
pub fn counts(c: &[(String, u32)], lang: Lang) -> String {
    if c.is_empty() {
        return NONE_TODAY.t(lang).to_string();
    }
    let parts: Vec<String> = c.iter().map(|(w, n)| format!("{}\u{a0}{n}", short(w, lang))).collect();
    format!("{}: {}", TODAY.t(lang), parts.join("   "))
}

/// Short verdict names for the counts line (all ten fit two rows at 80 columns).
pub fn short(word: &str, lang: Lang) -> &'static str {
    let t = match word {
        "valid" => T::new("有效", "valid"),
        "review_due" => T::new("复审临近", "review due"),
        "review_overdue" => T::new("超期未复审", "overdue"),
        "expired" => T::new("过期", "expired"),
        "suspended" => T::new("暂停", "suspended"),
        "revoked" => T::new("撤销", "revoked"),
        "cancelled" => T::new("注销", "cancelled"),
        "key_retired" => T::new("密钥已停用", "retired key"),
        "not_printed" => T::new("无打印记录", "not printed"),
        "unknown_key" => T::new("密钥未知", "unknown key"),
        "forged" => T::new("伪造", "forged"),
        "malformed" => T::new("无法识别", "unreadable"),
        "list_too_old" => T::new("名单过旧", "old list"),
        "document_valid" => T::new("文书真实", "doc genuine"),
        "document_not_issued" => T::new("文书无存档", "doc not issued"),
        "document_altered" => T::new("文书存档改动", "doc altered"),
        "document_forged" => T::new("文书伪造", "doc forged"),
        "document_unknown_key" => T::new("文书密钥未知", "doc unknown key"),
        "document_key_compromised" => T::new("文书密钥泄露", "doc key leaked"),
        "document_key_retired" => T::new("文书密钥停用", "doc retired key"),
        "document_malformed" => T::new("文书无法识别", "doc unreadable"),
        _ => T::new("其他", "other"),
    };
    t.t(lang)
}

// ---- A counter document's QR (A4, issue 16) ----------------------------------------------------

/// What the fields of a document are: compared with the paper in hand, not with an ID card.
pub const DOC_COMPARE: T = T::new("请与手中文书核对以下信息", "Compare with the document in hand");
pub const DOC_KIND: T = T::new("文书", "Document");
pub const DOC_NUMBER: T = T::new("文号", "Number");
pub const DOC_CASE: T = T::new("办件编号", "Case");
pub const DOC_ISSUED: T = T::new("签发日期", "Issued on");
pub const DOC_KEY: T = T::new("签名密钥", "Signing key");
pub const DOC_NOT_TRUSTED: T =
    T::new("文书二维码不可信，不显示其内容。", "The document's code cannot be trusted; nothing of it is shown.");
/// Online: the registry was asked whether it holds the document with its bytes as issued.
pub const DOC_ONLINE: T = T::new("在线核验：已与登记系统存档核对", "Online: checked against the registry's copy");
pub const DOC_OFFLINE: T = T::new(
    "离线核验：仅核对签名，未与登记系统存档核对",
    "Offline: signature only, not checked against the registry's copy",
);

/// A document's verdict in words, by its machine word (`certdesk verify`'s).
pub fn doc_verdict(word: &str, lang: Lang) -> &'static str {
    let t = match word {
        "valid" => T::new("文书真实", "DOCUMENT GENUINE"),
        "not_issued" => T::new("伪造：登记系统无此文书", "FORGED: NEVER ISSUED"),
        "altered" => T::new("存档已被改动", "REGISTRY COPY ALTERED"),
        "forged" => T::new("文书二维码伪造或被篡改", "FORGED OR ALTERED CODE"),
        "unknown_key" => T::new("无法确认：签发密钥未知", "CANNOT TELL: UNKNOWN KEY"),
        "key_compromised" => T::new("不可信：签发密钥已泄露", "UNTRUSTED: KEY COMPROMISED"),
        "key_retired" => T::new("无效：密钥已停用后签发", "INVALID: KEY WAS RETIRED"),
        "malformed" => T::new("无法识别的文书二维码", "UNREADABLE DOCUMENT CODE"),
        _ => T::new("未知", "UNKNOWN"),
    };
    t.t(lang)
}

/// What the person at the station should do with the document, by verdict word.
pub fn doc_advice(word: &str, online: bool, lang: Lang) -> &'static str {
    let t = match (word, online) {
        ("valid", true) => {
            T::new("本局签发，登记系统存档与签发时一致。", "Issued by the bureau; the registry holds it as issued.")
        }
        ("valid", false) => T::new(
            "签名为本局签发；请联网核对存档后再据以办理。",
            "The bureau's signature; check the registry online before relying on it.",
        ),
        ("not_issued", _) => T::new(
            "签名有效，但登记系统无此文书：文书无效，请扣留并上报。",
            "Signature good, but the registry never issued it: invalid; keep it and report.",
        ),
        ("altered", _) => T::new(
            "登记系统中该文书与签发时的内容不符：请上报管理员核查存档。",
            "The registry's copy no longer matches what was issued: report it to the administrator.",
        ),
        ("forged", _) => {
            T::new("签名不符，二维码可能被伪造或篡改。", "The signature does not match: forged or altered.")
        }
        ("unknown_key", _) => T::new(
            "本机信任名单中没有该密钥，非本局签发或须更新信任名单。",
            "Not a key this station trusts: update the trust list.",
        ),
        ("key_compromised", _) => T::new(
            "签发密钥在签发日前已泄露，文书不可信，请联系签发窗口核实。",
            "The key had leaked by the issue date: confirm with the issuing window.",
        ),
        ("key_retired", _) => T::new(
            "签名有效，但签发密钥在此之前已停用：文书无效，请扣留并上报。",
            "Signature good, but its key was retired before: invalid; keep it and report.",
        ),
        ("malformed", _) => {
            T::new("二维码不完整或不是本系统文书，请重新扫描。", "Incomplete or not a certdesk document: scan again.")
        }
        _ => T::new("", ""),
    };
    t.t(lang)
}

/// A document kind's name by its key (the shipped templates' titles).
pub fn doc_kind(key: &str, lang: Lang) -> &'static str {
    let t = match key {
        "notice" => T::new("行政许可申请材料补正告知书", "notice to complete the application"),
        "acceptance" => T::new("受理通知书", "acceptance notice"),
        "refusal" => T::new("不予受理决定书", "decision not to accept"),
        "rongque_pledge" => T::new("容缺受理承诺书", "pledge for acceptance with items missing"),
        "pledge" => T::new("告知承诺书", "notification and pledge"),
        "extension" => T::new("延长办理期限告知书", "extension notice"),
        "special" => T::new("特别程序告知书", "special procedure notice"),
        "denial" => T::new("不予行政许可决定书", "decision to deny the licence"),
        "service" => T::new("送达回证", "proof of service"),
        "visit" => T::new("回访记录", "callback record"),
        _ => T::new("未知文书", "unknown document"),
    };
    t.t(lang)
}
