//! certdesk.toml `[paper]`: the A4 printer and what the counter documents name (SPEC §8).

use serde::{Deserialize, Serialize};

/// `[paper]`: the A4 printer and what the counter documents name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PaperConfig {
    /// The A4 printer: `cups:QUEUE` (sent as PDF with `lp`) or `file:DIR` (the demo).
    pub target: String,
    /// The body face, `path` or `path:index` of a collection; empty = found on the system
    /// (Noto Serif CJK SC).
    pub body_font: String,
    /// The title face (heavy); empty = found (Noto Sans CJK SC Bold).
    pub title_font: String,
    /// Where 行政复议 is applied for, named on refusals (e.g. 南京市人民政府).
    pub review_authority: String,
    /// Where 行政诉讼 is brought, named on refusals (e.g. 南京铁路运输法院).
    pub court: String,
    /// The bureau's short prefix before each document number's 机关代字 (e.g. 宁 for
    /// 宁应急许补〔2026〕12号).
    pub number_prefix: String,
}

impl Default for PaperConfig {
    fn default() -> Self {
        PaperConfig {
            target: "file:spool/a4".into(),
            body_font: String::new(),
            title_font: String::new(),
            review_authority: String::new(),
            court: String::new(),
            number_prefix: String::new(),
        }
    }
}
