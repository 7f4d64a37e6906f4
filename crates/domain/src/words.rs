//! The words for a print serial, a certificate's status and its next step, in Chinese and
//! English, shared by paper (slips, documents, the registry's answers) and screens. Dates, never
//! "in N days": a slip is read after the day it was printed.

use crate::domain::deadline::{deadline_en, deadline_zh, zh_date};
use crate::domain::workdays::Calendar;
use crate::domain::{CertKind, Invalid, NextStep, Status};

/// A print serial as screens, slips and the CLI show it: eight digits, zero-padded.
pub fn serial_text(serial: u64) -> String {
    format!("{serial:08}")
}

/// The status in the slip's words: dates, never "in N days" (a slip is read after the day it
/// was printed); the 30号令 terms for standing.
pub fn status_zh(status: Status) -> String {
    match status {
        Status::Valid => "有效".into(),
        Status::ReviewDueSoon { due, .. } => format!("有效，应于{}（含）前复审", zh_date(due)),
        Status::ExpiringSoon { until, .. } => format!("有效，有效期至{}", zh_date(until)),
        Status::ReviewOverdue { .. } => "已失效（未按期复审）".into(),
        Status::Expired { .. } => "已超过有效期".into(),
        Status::Suspended => "已暂停".into(),
        Status::Revoked => "已撤销".into(),
        Status::Cancelled => "已注销".into(),
    }
}

/// The status in English, with dates (never "in N days").
pub fn status_en(status: Status) -> String {
    match status {
        Status::Valid => "valid".into(),
        Status::ReviewDueSoon { due, .. } => format!("valid; review due by {due}"),
        Status::ExpiringSoon { until, .. } => format!("valid until {until}"),
        Status::ReviewOverdue { .. } => "invalid (review missed)".into(),
        Status::Expired { .. } => "past its validity".into(),
        Status::Suspended => "suspended".into(),
        Status::Revoked => "revoked".into(),
        Status::Cancelled => "cancelled".into(),
    }
}

/// What screens and paper say for a 特种作业操作证 whose roster gave no review dates (SPEC §2).
pub const REVIEW_UNKNOWN_ZH: &str = "复审信息未提供，以发证机关记录为准";
/// The same in English.
pub const REVIEW_UNKNOWN_EN: &str = "review information not provided; the issuing authority's record prevails";

/// The next step in English (the zh wording is [`next_step_zh`]). Deadlines name the last
/// working day when they are not one (`cal`).
pub fn next_step_en(kind: CertKind, step: NextStep, cal: &Calendar) -> String {
    match step {
        NextStep::Review { due, apply_from, .. } => {
            format!("Review {}; applications open {apply_from}", deadline_en(cal, due))
        }
        NextStep::Renew { until, apply_from, review_unknown } => {
            let note = if review_unknown { format!("{REVIEW_UNKNOWN_EN}. ") } else { String::new() };
            format!("{note}Renewal review (new card) {}; applications open {apply_from}", deadline_en(cal, until))
        }
        NextStep::Extend { until, apply_by } => {
            format!("Apply for extension {} (valid until {until})", deadline_en(cal, apply_by))
        }
        NextStep::AskIssuer => "Suspended: ask the issuing authority".into(),
        NextStep::Retrain { reason } => {
            let why = match reason {
                Invalid::ReviewMissed { .. } => "Invalid (review missed)",
                Invalid::Expired { .. } => "Past its validity",
                Invalid::Revoked => "Revoked",
                Invalid::Cancelled => "Cancelled",
            };
            let exam = if kind == CertKind::SpecialOperation { "a new exam" } else { "a new assessment" };
            format!("{why}: retraining and {exam} are needed")
        }
    }
}

/// The next step in the slip's words: dates in Chinese form, never "in N days" (a slip is read
/// later); a deadline that is not a working day names the last one (`cal`). The year-6 step is
/// 延期复审（换证） (30号令 art. 22 ¶2, art. 24), not 复审.
pub fn next_step_zh(kind: CertKind, step: NextStep, cal: &Calendar) -> String {
    match step {
        // What to do comes first, so a line cut short on a narrow screen still says it.
        NextStep::Review { due, apply_from, .. } => {
            format!("复审：{}，可于{}起申请", deadline_zh(cal, due), zh_date(apply_from))
        }
        NextStep::Renew { until, apply_from, review_unknown } => {
            let note = if review_unknown { format!("{REVIEW_UNKNOWN_ZH}；") } else { String::new() };
            format!(
                "{note}有效期届满前办理延期复审（换证）：{}，可于{}起申请",
                deadline_zh(cal, until),
                zh_date(apply_from)
            )
        }
        NextStep::Extend { until, apply_by } => {
            format!("申请延期：{}（有效期至{}）", deadline_zh(cal, apply_by), zh_date(until))
        }
        NextStep::AskIssuer => "证书已暂停，请向签发机关咨询".into(),
        NextStep::Retrain { reason } => {
            let why = match reason {
                Invalid::ReviewMissed { .. } => "已失效（未按期复审）",
                Invalid::Expired { .. } => "已超过有效期",
                Invalid::Revoked => "证书已撤销",
                Invalid::Cancelled => "证书已注销",
            };
            let exam = if kind == CertKind::SpecialOperation {
                "重新参加培训并考试"
            } else {
                "重新参加培训和考核"
            };
            format!("{why}，需{exam}")
        }
    }
}
