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

/// What the desk asks about pledges, 核查 and 失信 marks (its `Debug` keeps PINs, notes and subjects out).
#[derive(Clone, PartialEq, Eq)]
pub enum PledgeEffect {
    /// Print the pledge for the applicant to sign (`due`: 容缺's promised date).
    Print {
        /// The case the pledge is for.
        case: CaseId,
        /// 容缺 or 告知承诺.
        kind: PledgeKind,
        /// 容缺: the date the missing materials are promised by; `None` for 告知承诺.
        due: Option<NaiveDate>,
    },
    /// The clerk has the signed pledge in hand.
    Confirm {
        /// The case the pledge is for.
        case: CaseId,
        /// Which pledge came back signed.
        kind: PledgeKind,
    },
    /// The 核查 tasks: open ones, or finished ones (`done`).
    Checks {
        /// The finished checks rather than the open ones.
        done: bool,
    },
    /// A check's finding; 不实 by a supervisor or with one's number and PIN.
    Finding {
        /// The check's id.
        id: i64,
        /// 属实 or 不实.
        finding: Finding,
        /// What was found (required for 不实).
        note: String,
        /// The approving supervisor's number and PIN, when the clerk is not one.
        supervisor: Option<(String, Secret)>,
    },
    /// The marks in force, or all (`lifted`).
    Marks {
        /// Include the lifted marks, not only those in force.
        lifted: bool,
    },
    /// Enter a mark with a supervisor's number and PIN (`source`: where the record comes from).
    AddMark {
        /// Whom the mark is on: a unified social credit code, or an ID number when `person`.
        subject: String,
        /// The subject is a person (ID number), not an enterprise.
        person: bool,
        /// Keep a credit code whose check character fails.
        confirm: bool,
        /// 严重失信 rather than 一般失信.
        serious: bool,
        /// Where the record comes from.
        source: String,
        /// A free-text note.
        note: String,
        /// The approving supervisor's staff number.
        supervisor: String,
        /// That supervisor's PIN.
        pin: Secret,
    },
    /// Lift a mark from today with a supervisor's number, PIN and reason.
    LiftMark {
        /// The mark's id.
        id: i64,
        /// Why it is lifted.
        reason: String,
        /// The approving supervisor's staff number.
        supervisor: String,
        /// That supervisor's PIN.
        pin: Secret,
    },
    /// The marks in force on a case's applicant (shown at intake).
    CaseMarks {
        /// The case whose applicant is looked up.
        case: CaseId,
    },
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

/// What the desk gets back for a [`PledgeEffect`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PledgeOutcome {
    /// The pledge printed (or recorded for a reprint when the printer failed).
    Printed {
        /// The case the pledge belongs to.
        case: CaseId,
        /// The pledge as kept, printed and not yet confirmed signed.
        pledge: PledgeRecord,
        /// Its print serial (on A4: the A4 job, A0000012).
        serial: u64,
        /// Whether it is the A4 document (the desk has its A4 home) rather than a slip.
        a4: bool,
        /// The pledge as text, as it was printed.
        preview: String,
        /// The printer's fault when the print failed (the job is kept for a reprint).
        fault: Option<PrinterFault>,
    },
    /// The signed pledge confirmed.
    Confirmed {
        /// The case the pledge belongs to.
        case: CaseId,
        /// The pledge with its signing recorded.
        pledge: PledgeRecord,
    },
    /// The 核查 tasks asked for.
    Checks {
        /// Whether these are the finished ones (or the open ones).
        done: bool,
        /// The checks, open by due date or finished newest first.
        checks: Vec<PledgeCheck>,
    },
    /// A finding recorded, with the open checks after it.
    Found {
        /// The result as recorded.
        result: CheckResult,
        /// The open checks after it.
        checks: Vec<PledgeCheck>,
    },
    /// The 失信 marks asked for.
    Marks {
        /// Whether lifted marks are included (or only those in force).
        lifted: bool,
        /// The marks.
        marks: Vec<MarkRecord>,
    },
    /// The marks in force on a case's applicant.
    CaseMarks {
        /// The case asked about.
        case: CaseId,
        /// The marks in force today.
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
