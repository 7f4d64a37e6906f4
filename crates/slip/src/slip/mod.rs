//! The receipt slip: a device-independent layout model, the certificate slip built from it, and
//! its two renderings — ESC/POS bytes for the printer ([`to_escpos`]) and plain text for
//! previews and tests ([`to_text`]) — plus a parser that reads the bytes back ([`parse_escpos`]).
//!
//! Both renderings go through [`layout`], which sanitises text (see [`text::sanitize`]) and wraps
//! it at the paper's column limit, so the preview shows exactly the lines the printer prints.

pub mod documents;
pub mod escpos;
pub mod parse;
pub mod reminder;
pub mod text;
pub mod ticket;

pub use escpos::to_escpos;
pub use parse::{parse_escpos, ParseError, Parsed, ParsedLine, RasterBand};
pub use text::PLACEHOLDER;

use crate::config::Paper;
use crate::domain::workdays::Calendar;
use crate::domain::{CertKind, Certificate, Status};

/// Where a text line sits across the paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Flush left (the default).
    #[default]
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// How a text line is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Where the line sits.
    pub align: Align,
    /// Emphasised (ESC E).
    pub bold: bool,
    /// Double width and double height (GS ! 0x11): half the columns.
    pub double: bool,
}

impl Style {
    /// Left, plain, single size.
    pub const NORMAL: Style = Style { align: Align::Left, bold: false, double: false };
    /// Centred, plain, single size.
    pub fn center() -> Style {
        Style { align: Align::Center, ..Style::NORMAL }
    }
    /// The same style, emphasised.
    pub fn bold(self) -> Style {
        Style { bold: true, ..self }
    }
    /// The same style, double width and height.
    pub fn double(self) -> Style {
        Style { double: true, ..self }
    }
}

/// One block of a slip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph; wraps at the column limit.
    Text {
        /// The paragraph's text.
        text: String,
        /// How it is printed.
        style: Style,
    },
    /// "姓名：王秀英"; a long value wraps with continuation lines indented under the value.
    KeyValue {
        /// The label (姓名).
        key: String,
        /// The value, which wraps under itself.
        value: String,
    },
    /// A horizontal rule across the paper.
    Rule,
    /// A QR code (Model 2, ECC level Q) holding `data`, centered.
    Qr(String),
    /// Blank lines.
    Feed(u8),
    /// Feed and cut.
    Cut,
}

/// A slip: blocks top to bottom.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Slip {
    /// The blocks, top to bottom.
    pub blocks: Vec<Block>,
}

impl Slip {
    /// An empty slip.
    pub fn new() -> Slip {
        Slip::default()
    }
    /// Add a paragraph.
    pub fn text(&mut self, text: impl Into<String>, style: Style) -> &mut Self {
        self.blocks.push(Block::Text { text: text.into(), style });
        self
    }
    /// Add a label and its value.
    pub fn kv(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::KeyValue { key: key.into(), value: value.into() });
        self
    }
    /// Add a horizontal rule.
    pub fn rule(&mut self) -> &mut Self {
        self.blocks.push(Block::Rule);
        self
    }
    /// Add a QR code holding `data`.
    pub fn qr(&mut self, data: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Qr(data.into()));
        self
    }
    /// Add blank lines.
    pub fn feed(&mut self, lines: u8) -> &mut Self {
        self.blocks.push(Block::Feed(lines));
        self
    }
    /// Feed and cut.
    pub fn cut(&mut self) -> &mut Self {
        self.blocks.push(Block::Cut);
        self
    }
}

/// A physical line after layout: sanitised, wrapped, within the paper's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A text line, within the paper's columns.
    Text {
        /// The line's text.
        text: String,
        /// How it is printed.
        style: Style,
    },
    /// A QR code holding this text.
    Qr(String),
    /// Blank lines.
    Feed(u8),
    /// Feed and cut.
    Cut,
}

/// Columns available for a style on this paper (halved for double-width text).
pub fn columns_for(paper: Paper, style: Style) -> usize {
    if style.double {
        paper.columns() / 2
    } else {
        paper.columns()
    }
}

/// Sanitise and wrap every block into physical lines for `paper`.
pub fn layout(slip: &Slip, paper: Paper) -> Vec<Line> {
    let mut out = Vec::new();
    for b in &slip.blocks {
        match b {
            Block::Text { text: t, style } => {
                let cols = columns_for(paper, *style);
                for l in text::wrap(&text::sanitize(t), cols, 0) {
                    out.push(Line::Text { text: l, style: *style });
                }
            }
            Block::KeyValue { key, value } => {
                let cols = paper.columns();
                let head = format!("{}：", text::sanitize(key));
                let hw = text::width(&head);
                let indent = if hw <= cols / 2 { hw } else { 0 };
                let full = format!("{head}{}", text::sanitize(value));
                for l in text::wrap(&full, cols, indent) {
                    out.push(Line::Text { text: l, style: Style::NORMAL });
                }
            }
            Block::Rule => out.push(Line::Text { text: "-".repeat(paper.columns()), style: Style::NORMAL }),
            Block::Qr(d) => out.push(Line::Qr(d.clone())),
            Block::Feed(n) => out.push(Line::Feed(*n)),
            Block::Cut => out.push(Line::Cut),
        }
    }
    out
}

/// Plain-text rendering for previews and tests: the same lines as on paper, aligned with
/// spaces; the QR shown as `[QR]`, its data wrapped at the column limit, `[/QR]`.
pub fn to_text(slip: &Slip, paper: Paper) -> String {
    let cols = paper.columns();
    let mut s = String::new();
    for line in layout(slip, paper) {
        match line {
            Line::Text { text: t, style } => {
                let w = text::width(&t) * if style.double { 2 } else { 1 };
                let pad = match style.align {
                    Align::Left => 0,
                    Align::Center => cols.saturating_sub(w) / 2,
                    Align::Right => cols.saturating_sub(w),
                };
                s.push_str(&" ".repeat(pad));
                s.push_str(&t);
                s.push('\n');
            }
            Line::Qr(d) => {
                s.push_str("[QR]\n");
                // Hard-wrapped by width, spaces kept, so the lines join back to the data.
                let mut w = 0;
                for c in text::sanitize(&d).chars() {
                    let cw = text::char_width(c);
                    if w + cw > cols {
                        s.push('\n');
                        w = 0;
                    }
                    s.push(c);
                    w += cw;
                }
                s.push('\n');
                s.push_str("[/QR]\n");
            }
            Line::Feed(n) => {
                for _ in 0..n {
                    s.push('\n');
                }
            }
            Line::Cut => {
                s.push_str(&"~".repeat(cols));
                s.push('\n');
            }
        }
    }
    s
}

// The words for a serial, a status and a next step are shared with the screens: they live in
// the domain crate, so the TUI needs no printer crate to say them.
pub use certdesk_domain::words::{
    next_step_en, next_step_zh, serial_text, status_en, status_zh, REVIEW_UNKNOWN_EN, REVIEW_UNKNOWN_ZH,
};

/// The certificate slip (SPEC §4). `qr_text` is the signed payload from `seal`; the slip never
/// carries the raw ID number (ID and a certificate number that embeds it are masked).
#[allow(clippy::too_many_arguments)]
pub fn certificate_slip(
    cert: &Certificate,
    status: Status,
    qr_text: &str,
    serial: u64,
    printed_at: chrono::NaiveDateTime,
    bureau: &str,
    bureau_phone: &str,
    cal: &Calendar,
) -> Slip {
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let today = printed_at.date();
    let mut s = Slip::new();
    s.text(bureau, Style::center().bold().double());
    s.text(format!("{}信息凭条", cert.kind.full_title_zh()), Style::center().bold());
    s.text("本凭条不作为证件使用", Style::center());
    s.rule();
    if cert.kind != CertKind::SpecialOperation {
        s.kv("人员类型", cert.kind.person_type_zh());
    }
    s.kv("姓名", &cert.name);
    s.kv("性别", cert.gender.zh());
    s.kv("身份证号", crate::domain::id::mask(&cert.holder_id));
    s.kv("证号", cert.masked_number());
    match cert.kind {
        CertKind::SpecialOperation => {
            s.kv("作业类别", cert.category.as_deref().unwrap_or("—"));
            s.kv("操作项目", cert.item.as_deref().unwrap_or("—"));
        }
        _ => {
            s.kv("行业类别", cert.industry.as_deref().unwrap_or("—"));
        }
    }
    s.kv("初领日期", date(cert.first_issued));
    s.kv("有效期", format!("{} 至 {}", date(cert.valid_from), date(cert.valid_until)));
    if cert.kind.has_review() {
        // Only a review still ahead: a past 应复审日期 is either done (the next one is shown) or
        // missed (the status and the next step say so); one on or after 有效期止 is the year-6
        // 延期复审（换证） (the next step says so).
        if let Some(due) = cert.review_pending().filter(|d| *d >= today && *d < cert.valid_until) {
            s.kv("应复审日期", date(due));
        }
        if let Some(done) = cert.reviewed_on {
            s.kv("实际复审日期", date(done));
        }
        if cert.review_unknown() {
            s.kv("复审信息", REVIEW_UNKNOWN_ZH);
        }
        if cert.extended_review {
            s.kv("复审周期", "每6年（延期复审）");
        }
    }
    if !cert.issuer.trim().is_empty() {
        s.kv("签发机关", &cert.issuer);
    }
    s.kv("打印时状态", status_zh(status));
    s.kv("下一步", next_step_zh(cert.kind, cert.next_step(today), cal));
    s.rule();
    s.feed(1);
    s.qr(qr_text);
    s.feed(1);
    s.text("扫码核验真伪", Style::center().bold());
    // Where to verify, in words too (issue 18): the address the code opens, or, for a code
    // without one, who reads it.
    s.text(verify_words(qr_text), Style::center());
    s.rule();
    s.kv("打印流水号", serial_text(serial));
    s.kv("打印时间", printed_at.format("%Y-%m-%d %H:%M:%S").to_string());
    s.kv("咨询电话", bureau_phone);
    s.feed(2);
    s.cut();
    s
}

/// The line under the QR code saying where to verify: the address before `CD1:` (lowercase, as
/// a person types it), or the bureau's verifier when the code carries no address.
pub fn verify_words(qr_text: &str) -> String {
    let prefix = qr_text.split("CD1:").next().unwrap_or("");
    let address = prefix.split_once("://").map(|(_, rest)| rest.trim_end_matches('/').to_ascii_lowercase());
    match address.filter(|a| !a.is_empty() && qr_text.contains("CD1:")) {
        Some(a) => format!("手机相机扫码即可核验，核验网址：{a}"),
        None => "请到发证机关核验终端扫码核验".to_string(),
    }
}

#[cfg(test)]
pub(crate) mod tests;
