//! A case's time under the 行政许可法 as the desk shows it and a document renderer prints it
//! (issue 15): 收件 and the notice date (第三十二条), 补正期限, 不予受理's competent authority,
//! 法定/承诺期限 with what remains, the extension (第四十二条), the clock stops (第四十五条), the
//! decision (第三十八条) and its delivery (第四十四条). Plain facts; the screens word them.

use crate::domain::case_time::{CaseTimeRecords, Remaining, StopKind};
use crate::domain::records::{CaseId, CaseRecord};
use chrono::NaiveDate;

/// A case's time today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseTime {
    /// Receipt, decision, extension, stops, refused authority, each notice's 补正期限.
    pub records: CaseTimeRecords,
    /// Working days left to give the one-time notice (negative: late), while one is owed.
    pub notice_left: Option<i64>,
    /// 法定期限 (with the extension) and 承诺期限, and what remains of each (running cases).
    pub statutory: Option<Remaining>,
    /// The committed due date and what remains of it.
    pub committed: Option<Remaining>,
    /// 第四十四条's limit after 准予 was missed (delivered late, or not delivered and past it).
    pub delivery_late: bool,
    /// The full resubmission answering the latest notice (第三十二条第一款第（五）项), if it came.
    pub resubmission: Option<crate::domain::resubmission::ResubmissionRecord>,
    /// Working days left to answer that resubmission (negative: late), while the case waits.
    pub decision_left: Option<i64>,
}

/// A case owed its one-time notice (第三十二条), with its last day and what remains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeOwed {
    /// The case.
    pub case: CaseRecord,
    /// The notice's last day.
    pub notice_due: NaiveDate,
    /// Whether that day is provisional (暂定).
    pub provisional: bool,
    /// Working days left (0: today is the last day).
    pub left: i64,
}

/// What the desk asks about a case's time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeEffect {
    /// The case's time page.
    Show {
        /// The case.
        case: CaseId,
    },
    /// 第三十八条 准予 (reasons may be empty).
    Grant {
        /// The case.
        case: CaseId,
        /// The reasons, printed on the decision.
        reasons: String,
    },
    /// 第三十八条 不予许可 with its reasons.
    Deny {
        /// The case.
        case: CaseId,
        /// The reasons, printed on the decision.
        reasons: String,
    },
    /// 第四十二条: reasons, and the supervisor approving on the spot (staff number + PIN).
    Extend {
        /// The case.
        case: CaseId,
        /// Why the time limit is extended.
        reasons: String,
        /// The approving supervisor's staff number.
        supervisor: String,
        /// The supervisor's PIN.
        pin: crate::desk::Secret,
    },
    /// 第四十五条: the clock stops from today; the applicant told `told_days` working days.
    Stop {
        /// The case.
        case: CaseId,
        /// Hearing, inspection, testing, appraisal, expert review or site check.
        kind: StopKind,
        /// Working days the applicant was told it takes.
        told_days: u32,
    },
    /// The open stop ends today.
    Resume {
        /// The case.
        case: CaseId,
    },
    /// 第四十四条: delivered today, in this manner.
    Deliver {
        /// The case.
        case: CaseId,
        /// How it was delivered.
        manner: String,
    },
    /// 不予受理 with its reason and, when the matter is another authority's, which one.
    RefuseTo {
        /// The case.
        case: CaseId,
        /// Why it is refused.
        reason: String,
        /// The competent authority, when the matter is another's ('' otherwise).
        authority: String,
    },
    /// The cases owed a one-time notice.
    NoticesOwed,
}

impl TimeEffect {
    /// The case the request is about.
    pub fn case(&self) -> Option<CaseId> {
        match self {
            TimeEffect::Show { case }
            | TimeEffect::Grant { case, .. }
            | TimeEffect::Deny { case, .. }
            | TimeEffect::Extend { case, .. }
            | TimeEffect::Stop { case, .. }
            | TimeEffect::Resume { case }
            | TimeEffect::Deliver { case, .. }
            | TimeEffect::RefuseTo { case, .. } => Some(*case),
            TimeEffect::NoticesOwed => None,
        }
    }
}
