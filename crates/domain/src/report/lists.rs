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
    pub at: NaiveDateTime,
    pub case_number: String,
    pub matter: String,
    pub visitor_name: String,
    /// Who took the step.
    pub actor: String,
    pub from: CaseState,
    pub to: CaseState,
    /// The supervisor who overrode the stop, and the reason given.
    pub supervisor: String,
    pub reason: String,
}

/// An enquiry or referral (咨询、引导、转办) as logged (ID numbers already masked in the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnquiryLine {
    pub at: NaiveDateTime,
    pub kind: EnquiryKind,
    pub visitor: String,
    pub question: String,
    pub answer: String,
    /// The department referred to (转办), or empty.
    pub department: String,
    pub staff: String,
    pub staff_name: String,
}
