//! The words for a print serial, a certificate's status and its next step, in Chinese and
//! English, shared by paper (slips, documents, the registry's answers) and screens. Dates, never
//! "in N days": a slip is read after the day it was printed.

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
        Status::ReviewDueSoon { due, .. } => format!("有效，应于{due}前复审"),
        Status::ExpiringSoon { until, .. } => format!("有效，有效期至{until}"),
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

/// The next step in English (the zh wording is [`next_step_zh`]).
pub fn next_step_en(kind: CertKind, step: NextStep) -> String {
    match step {
        NextStep::Review { due, apply_from, .. } => format!("Review by {due}; applications open {apply_from}"),
        NextStep::Renew { until, apply_from } => format!("Renew before {until}; applications open {apply_from}"),
        NextStep::Extend { until, apply_by } => format!("Apply for extension by {apply_by} (valid until {until})"),
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

/// The next step in the slip's words (dates, never "in N days": a slip is read later).
pub fn next_step_zh(kind: CertKind, step: NextStep) -> String {
    match step {
        NextStep::Review { due, apply_from, .. } => format!("应于{due}前复审，可于{apply_from}起申请"),
        NextStep::Renew { until, apply_from } => format!("应于{until}前办理换证，可于{apply_from}起申请"),
        NextStep::Extend { until, apply_by } => format!("应于{apply_by}前申请延期（有效期至{until}）"),
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
