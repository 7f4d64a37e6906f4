//! The document model: plain data a template is filled from (no database, no case types).
//!
//! The desk fills what the case carries today; the facts other parts of the desk add (receipt
//! time, 补正期限, decisions, extension, stops, delivery, pledges) are `Option`s and lists here,
//! so a document is complete when they exist and shows a blank line to fill in by hand (never a
//! guessed value) when they do not.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The kinds of counter document (SPEC §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// 行政许可申请材料补正告知书 (行政许可法 art. 32 ¶1 (4): everything told at once).
    Notice,
    /// 受理通知书 (art. 32 ¶2).
    Acceptance,
    /// 不予受理决定书 (art. 32 ¶1 (2), ¶2; art. 38 ¶2 rights).
    Refusal,
    /// 容缺受理承诺书.
    RongquePledge,
    /// 告知承诺书 (one per pledged proof).
    Pledge,
    /// 延长办理期限告知书 (art. 42).
    Extension,
    /// 特别程序告知书 (art. 45).
    Special,
    /// 不予许可决定书 (art. 38 ¶2).
    Denial,
    /// 送达回证.
    Service,
    /// 回访记录.
    Visit,
}

impl DocKind {
    /// Every kind, in the order a case meets them.
    pub const ALL: [DocKind; 10] = [
        DocKind::Notice,
        DocKind::RongquePledge,
        DocKind::Pledge,
        DocKind::Acceptance,
        DocKind::Refusal,
        DocKind::Extension,
        DocKind::Special,
        DocKind::Denial,
        DocKind::Service,
        DocKind::Visit,
    ];

    /// The key used in templates, the database and the command line.
    pub fn key(self) -> &'static str {
        match self {
            DocKind::Notice => "notice",
            DocKind::Acceptance => "acceptance",
            DocKind::Refusal => "refusal",
            DocKind::RongquePledge => "rongque_pledge",
            DocKind::Pledge => "pledge",
            DocKind::Extension => "extension",
            DocKind::Special => "special",
            DocKind::Denial => "denial",
            DocKind::Service => "service",
            DocKind::Visit => "visit",
        }
    }

    /// The kind a key names.
    pub fn parse(key: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The code a document's QR carries (docs/qr-format.md §11). Frozen: never renumber, append
    /// new kinds at the end.
    pub fn code(self) -> u8 {
        match self {
            DocKind::Notice => 1,
            DocKind::Acceptance => 2,
            DocKind::Refusal => 3,
            DocKind::RongquePledge => 4,
            DocKind::Pledge => 5,
            DocKind::Extension => 6,
            DocKind::Special => 7,
            DocKind::Denial => 8,
            DocKind::Service => 9,
            DocKind::Visit => 10,
        }
    }

    /// The kind a QR code names.
    pub fn from_code(code: u8) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One item of a notice: what is missing or wrong and how to put it right.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Item {
    /// The material (申请材料名称).
    pub name: String,
    /// What is wrong with it (存在问题).
    pub problem: String,
    /// How to fix it (补正方式).
    pub fix: String,
}

/// One row of a list document (卷内目录, audit extract, services served).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Row {
    /// The row's cells, in the columns' order.
    pub cells: Vec<String>,
}

/// The facts a document is filled from. Optional fields are printed as a blank to fill by hand.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Facts {
    /// The bureau's full name (certdesk.toml `[bureau] name`).
    pub bureau: String,
    /// The document number, e.g. 应急许补〔2026〕12号 (numbered by the store per kind and year).
    pub number: String,
    /// The case number (text and QR).
    pub case_number: String,
    /// What the QR carries (the case number, or the bureau's query address with it).
    pub qr_payload: String,
    /// The applicant: the person or the company.
    pub applicant: String,
    /// The applicant's ID, masked (never a raw ID number on paper).
    pub applicant_id_masked: String,
    /// The applicant's phone, masked.
    pub phone_masked: String,
    /// The licensing matter (事项).
    pub matter: String,
    /// The day the document is issued.
    pub issued_on: NaiveDate,
    /// When the application was received (收到申请日期).
    pub received_on: Option<NaiveDate>,
    /// 受理日期.
    pub accepted_on: Option<NaiveDate>,
    /// The statutory due date (法定办结期限).
    pub statutory_due: Option<NaiveDate>,
    /// The committed due date (承诺办结期限).
    pub committed_due: Option<NaiveDate>,
    /// The due dates are provisional (暂定: a year's holiday notice is not yet published).
    pub provisional: bool,
    /// 补正期限 (the date the missing items must be supplied by).
    pub correction_due: Option<NaiveDate>,
    /// Items to supply or correct (notice), or still owed (容缺).
    pub items: Vec<Item>,
    /// Reasons (refusal, denial, extension, stop).
    pub reasons: Vec<String>,
    /// Where to apply instead (不予受理: not this bureau's matter).
    pub apply_instead: Option<String>,
    /// The authority for 行政复议 (from the config).
    pub review_authority: String,
    /// The court for 行政诉讼 (from the config).
    pub court: String,
    /// The pledged proof (告知承诺书, one document per proof).
    pub pledged_proof: Option<String>,
    /// The date a 容缺 or pledged item must be supplied by.
    pub pledge_due: Option<NaiveDate>,
    /// Extension: working days added and the new due date (art. 42).
    pub extension_days: Option<u32>,
    /// The due date after the extension.
    pub extended_due: Option<NaiveDate>,
    /// Special procedure (art. 45): what is done and how long it takes.
    pub special_procedure: Option<String>,
    /// The working days the special procedure takes.
    pub special_days: Option<u32>,
    /// 送达: the document served, how and when.
    pub served_document: Option<String>,
    /// How it was served (in person, by post, ...).
    pub served_how: Option<String>,
    /// The day it was served.
    pub served_on: Option<NaiveDate>,
    /// 回访: when, how and what was said.
    pub visit_on: Option<NaiveDate>,
    /// How the visit was made (phone, in person, ...).
    pub visit_how: Option<String>,
    /// What was said.
    pub visit_notes: Option<String>,
    /// Who approved (批准): the 批准 step of the stage history, or the supervisor who approved
    /// an extension (第四十二条: 经本机关负责人批准).
    pub approver: Option<String>,
    /// The clock stops (第四十五条), one line each (kind and period), oldest first: printed
    /// where a document shows time limits.
    pub stops: Vec<String>,
    /// The clerk (经办人).
    pub staff: String,
    /// The bureau's phone for questions.
    pub bureau_phone: String,
}
