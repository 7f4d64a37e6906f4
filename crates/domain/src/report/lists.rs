//! Lines the reports list, not only count (issue 15): the 容缺 stops a supervisor let through
//! (办结 with a pledged material outstanding, SPEC §2: "audited, flagged in reports") and the
//! enquiries and referrals logged under 首问负责制 (淄博 2020 措施 10). Plain values; the store
//! reads them (`store::report_lists`), the exports and screens word them.

use crate::domain::first_contact::EnquiryKind;
use crate::domain::intake::CaseState;
use chrono::NaiveDateTime;

/// A stage step a supervisor let through with a 容缺 pledge outstanding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideLine {
    /// When the step was taken.
    pub at: NaiveDateTime,
    /// The case's number.
    pub case_number: String,
    /// The case's matter (code).
    pub matter: String,
    /// The applicant's name as recorded on the case.
    pub visitor_name: String,
    /// Who took the step.
    pub actor: String,
    /// The stage the case left.
    pub from: CaseState,
    /// The stage the case entered despite the outstanding pledge.
    pub to: CaseState,
    /// The supervisor who overrode the stop.
    pub supervisor: String,
    /// The reason the supervisor gave.
    pub reason: String,
}

/// An enquiry or referral (咨询、引导、转办) as logged (ID numbers already masked in the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnquiryLine {
    /// When the enquiry was logged.
    pub at: NaiveDateTime,
    /// 咨询, 引导 or 转办.
    pub kind: EnquiryKind,
    /// Who asked (a name, or a description such as 张女士).
    pub visitor: String,
    /// What was asked.
    pub question: String,
    /// What the visitor was told.
    pub answer: String,
    /// The department referred to (转办), or empty.
    pub department: String,
    /// The staff id who logged it.
    pub staff: String,
    /// That staff member's name (empty when the id is no longer on the staff list).
    pub staff_name: String,
}
