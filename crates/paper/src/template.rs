//! Templates as data (SPEC §8): the words of each document live in TOML a bureau can edit. The
//! shipped default (`templates/default.toml`) is compiled in; a bureau's `templates.toml` in the
//! home overrides it kind by kind (a kind it does not name keeps the default).
//!
//! A template is checked when it is loaded, not when a clerk prints: every `{placeholder}` must be
//! a field the model has, every list and condition must exist, so a typo in a bureau's file is an
//! error at start naming the kind and the word, never a document with a hole in it.

use crate::model::{DocKind, Facts};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The shipped templates.
pub const DEFAULT_TOML: &str = include_str!("../templates/default.toml");

/// The file name of a bureau's override in the home.
pub const FILE_NAME: &str = "templates.toml";

/// What is wrong with a templates file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TemplateError {
    /// The file is not valid TOML or not of the templates' shape.
    #[error("模板文件无法解析 (templates file does not parse): {0}")]
    Parse(String),
    /// A template for a kind of document the product does not issue.
    #[error("模板 {kind} 未知的文书种类 (unknown document kind)")]
    UnknownKind {
        /// The kind as written.
        kind: String,
    },
    /// A placeholder names no field of the document.
    #[error("模板 {kind} 使用了未知的字段 {{{field}}} (unknown placeholder)")]
    UnknownField {
        /// The template's kind.
        kind: String,
        /// The placeholder's name.
        field: String,
    },
    /// A `{` without its `}`.
    #[error("模板 {kind} 的占位符未闭合: {text} (unclosed placeholder)")]
    Unclosed {
        /// The template's kind.
        kind: String,
        /// The text from the brace on.
        text: String,
    },
    /// A kind of document has no template.
    #[error("模板 {kind} 缺少文书种类 (no template for this kind)")]
    Missing {
        /// The kind.
        kind: String,
    },
    /// A template breaks one of the documents' rules.
    #[error("模板 {kind}: {why}")]
    Invalid {
        /// The template's kind.
        kind: String,
        /// Which rule, and how.
        why: String,
    },
}

/// One block of a document's body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// A paragraph (first line indented two characters).
    #[serde(default)]
    pub p: Option<String>,
    /// A numbered list of the model: `items` or `reasons`.
    #[serde(default)]
    pub list: Option<String>,
    /// A ruled table of label and value rows (forms: 送达回证, 回访记录).
    #[serde(default)]
    pub table: Option<Vec<[String; 2]>>,
    /// Printed only when this field has a value (or the list is not empty, or `provisional`).
    #[serde(default, rename = "if")]
    pub when: Option<String>,
    /// Printed only when this field has no value.
    #[serde(default)]
    pub unless: Option<String>,
}

/// One document's template.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// The title in the heavy face.
    pub title: String,
    /// The document number's prefix (机关代字), e.g. 应急许补 for 应急许补〔2026〕12号.
    pub prefix: String,
    /// The addressee line (主送), e.g. "{applicant}：".
    #[serde(default)]
    pub to: Option<String>,
    /// The paragraphs and tables between the addressee and the closing.
    pub body: Vec<Block>,
    /// Whether the bureau's name, the date and the seal's place close the document.
    #[serde(default = "yes")]
    pub seal: bool,
    /// Signature lines, in order: `applicant`, `staff`.
    #[serde(default)]
    pub sign: Vec<String>,
    /// The copies printed, each starting on a new page with its label (e.g. 申请人联, 存档联).
    #[serde(default)]
    pub copies: Vec<String>,
}

fn yes() -> bool {
    true
}

/// The whole set, one template per kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templates {
    /// Each kind's template.
    pub by_kind: BTreeMap<DocKind, Template>,
}

/// The single-value fields a template may name.
pub const FIELDS: &[&str] = &[
    "bureau",
    "number",
    "case_number",
    "applicant",
    "applicant_id",
    "phone",
    "matter",
    "issued_on",
    "received_on",
    "accepted_on",
    "statutory_due",
    "committed_due",
    "correction_due",
    "provisional",
    "apply_instead",
    "review_authority",
    "court",
    "pledged_proof",
    "pledge_due",
    "extension_days",
    "extended_due",
    "special_procedure",
    "special_days",
    "served_document",
    "served_how",
    "served_on",
    "visit_on",
    "visit_how",
    "visit_notes",
    "staff",
    "bureau_phone",
    "approver",
];

/// The lists a template may print.
pub const LISTS: &[&str] = &["items", "reasons", "stops"];

const SIGNERS: &[&str] = &["applicant", "staff"];

impl Templates {
    /// The shipped set.
    pub fn shipped() -> Result<Templates, TemplateError> {
        Templates::parse(DEFAULT_TOML, None)
    }

    /// The shipped set overridden kind by kind by a bureau's file (`over`).
    pub fn parse(default: &str, over: Option<&str>) -> Result<Templates, TemplateError> {
        let mut by_kind = parse_one(default)?;
        if let Some(over) = over {
            for (k, t) in parse_one(over)? {
                by_kind.insert(k, t);
            }
        }
        for k in DocKind::ALL {
            if !by_kind.contains_key(&k) {
                return Err(TemplateError::Missing { kind: k.key().into() });
            }
        }
        Ok(Templates { by_kind })
    }

    /// The shipped set, overridden by `dir/templates.toml` when it exists.
    pub fn load(dir: &std::path::Path) -> Result<Templates, TemplateError> {
        let path = dir.join(FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(s) => Templates::parse(DEFAULT_TOML, Some(&s)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Templates::shipped(),
            Err(e) => Err(TemplateError::Parse(format!("{}: {e}", path.display()))),
        }
    }

    /// The template for a kind of document, or which kind has none.
    pub fn get(&self, kind: DocKind) -> Result<&Template, TemplateError> {
        self.by_kind.get(&kind).ok_or_else(|| TemplateError::Missing { kind: kind.key().into() })
    }
}

fn parse_one(text: &str) -> Result<BTreeMap<DocKind, Template>, TemplateError> {
    let raw: BTreeMap<String, Template> = toml::from_str(text).map_err(|e| TemplateError::Parse(e.to_string()))?;
    let mut out = BTreeMap::new();
    for (key, t) in raw {
        let kind = DocKind::parse(&key).ok_or_else(|| TemplateError::UnknownKind { kind: key.clone() })?;
        check(&key, &t)?;
        out.insert(kind, t);
    }
    Ok(out)
}

fn check(kind: &str, t: &Template) -> Result<(), TemplateError> {
    let invalid = |why: String| TemplateError::Invalid { kind: kind.into(), why };
    if t.title.trim().is_empty() {
        return Err(invalid("标题为空 (empty title)".into()));
    }
    let mut texts: Vec<&str> = vec![&t.title, &t.prefix];
    texts.extend(t.to.as_deref());
    for b in &t.body {
        let parts = [b.p.is_some(), b.list.is_some(), b.table.is_some()].iter().filter(|x| **x).count();
        if parts != 1 {
            return Err(invalid("每段须且只须有 p、list、table 之一 (one of p, list, table per block)".into()));
        }
        texts.extend(b.p.as_deref());
        if let Some(l) = &b.list {
            if !LISTS.contains(&l.as_str()) {
                return Err(TemplateError::UnknownField { kind: kind.into(), field: l.clone() });
            }
        }
        for row in b.table.iter().flatten() {
            texts.push(&row[0]);
            texts.push(&row[1]);
        }
        for c in b.when.iter().chain(&b.unless) {
            if !FIELDS.contains(&c.as_str()) && !LISTS.contains(&c.as_str()) {
                return Err(TemplateError::UnknownField { kind: kind.into(), field: c.clone() });
            }
        }
    }
    for s in &t.sign {
        if !SIGNERS.contains(&s.as_str()) {
            return Err(invalid(format!("未知的签名栏 {s} (unknown signature line)")));
        }
    }
    for text in texts {
        for field in placeholders(kind, text)? {
            if !FIELDS.contains(&field) {
                return Err(TemplateError::UnknownField { kind: kind.into(), field: field.into() });
            }
        }
    }
    Ok(())
}

/// The placeholders `{name}` in `text`.
fn placeholders<'a>(kind: &str, text: &'a str) -> Result<Vec<&'a str>, TemplateError> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or_else(|| TemplateError::Unclosed { kind: kind.into(), text: text.into() })?;
        out.push(&after[..close]);
        rest = &after[close + 1..];
    }
    Ok(out)
}

/// A date on paper: 2027年1月1日.
pub fn date_zh(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// What a missing date prints as: a blank to fill in by hand.
pub const BLANK_DATE: &str = "＿＿＿＿年＿＿月＿＿日";
/// What a missing value prints as.
pub const BLANK: &str = "＿＿＿＿＿＿＿＿";

/// The value of a field, or `None` when the facts do not have it.
pub fn field(f: &Facts, name: &str) -> Option<String> {
    let s = |v: &str| (!v.trim().is_empty()).then(|| v.to_string());
    let d = |v: Option<NaiveDate>| v.map(date_zh);
    match name {
        "bureau" => s(&f.bureau),
        "number" => s(&f.number),
        "case_number" => s(&f.case_number),
        "applicant" => s(&f.applicant),
        "applicant_id" => s(&f.applicant_id_masked),
        "phone" => s(&f.phone_masked),
        "matter" => s(&f.matter),
        "issued_on" => Some(date_zh(f.issued_on)),
        "received_on" => d(f.received_on),
        "accepted_on" => d(f.accepted_on),
        "statutory_due" => d(f.statutory_due),
        "committed_due" => d(f.committed_due),
        "correction_due" => d(f.correction_due),
        "provisional" => f.provisional.then(|| "（暂定）".to_string()),
        "apply_instead" => f.apply_instead.as_deref().and_then(s),
        "review_authority" => s(&f.review_authority),
        "court" => s(&f.court),
        "pledged_proof" => f.pledged_proof.as_deref().and_then(s),
        "pledge_due" => d(f.pledge_due),
        "extension_days" => f.extension_days.map(|n| n.to_string()),
        "extended_due" => d(f.extended_due),
        "special_procedure" => f.special_procedure.as_deref().and_then(s),
        "special_days" => f.special_days.map(|n| n.to_string()),
        "served_document" => f.served_document.as_deref().and_then(s),
        "served_how" => f.served_how.as_deref().and_then(s),
        "served_on" => d(f.served_on),
        "visit_on" => d(f.visit_on),
        "visit_how" => f.visit_how.as_deref().and_then(s),
        "visit_notes" => f.visit_notes.as_deref().and_then(s),
        "staff" => s(&f.staff),
        "bureau_phone" => s(&f.bureau_phone),
        "items" => (!f.items.is_empty()).then(String::new),
        "reasons" => (!f.reasons.is_empty()).then(String::new),
        "stops" => (!f.stops.is_empty()).then(String::new),
        "approver" => f.approver.as_deref().and_then(s),
        _ => None,
    }
}

/// `text` with its placeholders filled (a missing value prints as a blank to fill by hand; the
/// `provisional` mark prints as nothing when the dates are final).
pub fn fill(text: &str, f: &Facts) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        match field(f, name) {
            Some(v) => out.push_str(&v),
            None if name == "provisional" => {}
            None if is_date(name) => out.push_str(BLANK_DATE),
            None => out.push_str(BLANK),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

fn is_date(name: &str) -> bool {
    name.ends_with("_on") || name.ends_with("_due")
}

/// Whether a block is printed for these facts.
pub fn shown(b: &Block, f: &Facts) -> bool {
    b.when.as_deref().is_none_or(|w| field(f, w).is_some()) && b.unless.as_deref().is_none_or(|u| field(f, u).is_none())
}
