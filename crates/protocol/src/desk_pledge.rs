//! Pledges, their 事中事后核查 and 失信 marks as the desk asks for them and gets them back (issue
//! 15; the rules: `domain::pledge`, `domain::credit`). A supervisor's PIN travels as a
//! [`Secret`] and never reaches a log.

use crate::desk::Secret;
use crate::domain::credit::MarkRecord;
use crate::domain::intake::CreditMark;
use crate::domain::pledge::{CheckResult, Finding, PledgeCheck, PledgeKind, PledgeRecord};
use crate::domain::records::CaseId;
use crate::kiosk::PrinterFault;
use chrono::NaiveDate;

#[derive(Clone, PartialEq, Eq)]
pub enum PledgeEffect {
    /// Print the pledge for the applicant to sign (`due`: 容缺's promised date).
    Print { case: CaseId, kind: PledgeKind, due: Option<NaiveDate> },
    /// The clerk has the signed pledge in hand.
    Confirm { case: CaseId, kind: PledgeKind },
    /// The 核查 tasks: open ones, or finished ones (`done`).
    Checks { done: bool },
    /// A check's finding; 不实 by a supervisor or with one's number and PIN.
    Finding { id: i64, finding: Finding, note: String, supervisor: Option<(String, Secret)> },
    /// The marks in force, or all (`lifted`).
    Marks { lifted: bool },
    /// Enter a mark with a supervisor's number and PIN (`source`: where the record comes from).
    AddMark {
        subject: String,
        person: bool,
        confirm: bool,
        serious: bool,
        source: String,
        note: String,
        supervisor: String,
        pin: Secret,
    },
    /// Lift a mark from today with a supervisor's number, PIN and reason.
    LiftMark { id: i64, reason: String, supervisor: String, pin: Secret },
    /// The marks in force on a case's applicant (shown at intake).
    CaseMarks { case: CaseId },
}

impl std::fmt::Debug for PledgeEffect {
    // Notes, subjects (an ID number), reasons and PINs stay out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PledgeEffect::Print { case, kind, due } => write!(f, "Print({case}, {}, {due:?})", kind.code()),
            PledgeEffect::Confirm { case, kind } => write!(f, "Confirm({case}, {})", kind.code()),
            PledgeEffect::Checks { done } => write!(f, "Checks(done: {done})"),
            PledgeEffect::Finding { id, finding, .. } => write!(f, "Finding({id}, {})", finding.code()),
            PledgeEffect::Marks { lifted } => write!(f, "Marks(lifted: {lifted})"),
            PledgeEffect::AddMark { person, supervisor, .. } => write!(f, "AddMark(person: {person}, by {supervisor})"),
            PledgeEffect::LiftMark { id, supervisor, .. } => write!(f, "LiftMark({id}, by {supervisor})"),
            PledgeEffect::CaseMarks { case } => write!(f, "CaseMarks({case})"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PledgeOutcome {
    Printed {
        case: CaseId,
        pledge: PledgeRecord,
        serial: u64,
        preview: String,
        fault: Option<PrinterFault>,
    },
    Confirmed {
        case: CaseId,
        pledge: PledgeRecord,
    },
    Checks {
        done: bool,
        checks: Vec<PledgeCheck>,
    },
    /// A finding recorded, with the open checks after it.
    Found {
        result: CheckResult,
        checks: Vec<PledgeCheck>,
    },
    Marks {
        lifted: bool,
        marks: Vec<MarkRecord>,
    },
    CaseMarks {
        case: CaseId,
        marks: Vec<CreditMark>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_notes_and_subjects_stay_out_of_the_log_line() {
        // SPEC §6: no log holds an ID number; issue 17: PINs never logged.
        let add = PledgeEffect::AddMark {
            subject: "11010519491231002X".into(),
            person: true,
            confirm: false,
            serious: true,
            source: "法院失信名单".into(),
            note: "备注".into(),
            supervisor: "0007".into(),
            pin: Secret("777777".into()),
        };
        let line = format!("{add:?}");
        assert!(!line.contains("19491231") && !line.contains("777777") && !line.contains("法院"), "{line}");
        let found = PledgeEffect::Finding {
            id: 3,
            finding: Finding::False,
            note: "身份证11010519491231002X".into(),
            supervisor: Some(("0007".into(), Secret("777777".into()))),
        };
        let line = format!("{found:?}");
        assert!(!line.contains("19491231") && !line.contains("777777"), "{line}");
        let lift =
            PledgeEffect::LiftMark {
                id: 1, reason: "修复".into(), supervisor: "0007".into(), pin: Secret("1".into())
            };
        assert_eq!(format!("{lift:?}"), "LiftMark(1, by 0007)");
    }
}
