//! 失信 marks at the desk and on the command line (`certdesk credit add|lift|list`): entered and
//! lifted by supervisors only, with source, dates and reasons (SPEC §2 容缺受理; the checks are
//! `domain::credit`). A mark in force on the applicant — the enterprise's credit code or the
//! visitor, by the keyed hash of the ID number — excludes 容缺受理 (`intake::decide`).

use super::{Desk, DeskError, DeskResult, StaffSession};
use crate::domain::credit::{check_entry, check_lift, MarkError, MarkRecord, Subject};
use crate::domain::intake::CreditMark;
use crate::store::cases::CaseId;
use chrono::NaiveDate;

/// Most marks a list shows.
pub const LIST_LIMIT: usize = 500;

impl Desk {
    /// Enter a mark on `subject` (supervisors only). `since` defaults to today.
    pub fn enter_credit_mark(
        &self,
        who: &StaffSession,
        subject: &Subject,
        serious: bool,
        since: Option<NaiveDate>,
        source: &str,
        note: &str,
    ) -> DeskResult<i64> {
        if !who.is_supervisor() {
            return Err(DeskError::NotSupervisor);
        }
        let today = self.today();
        let since = since.unwrap_or(today);
        check_entry(source, note, since, today)?;
        Ok(self.store.credit().enter(subject, serious, since, source, note, &who.staff_id, self.now())?)
    }

    /// Lift mark `id` from `on` (default today) for `reason` (supervisors only).
    pub fn lift_credit_mark(&self, who: &StaffSession, id: i64, on: Option<NaiveDate>, reason: &str) -> DeskResult<()> {
        if !who.is_supervisor() {
            return Err(DeskError::NotSupervisor);
        }
        let mark = self.store.credit().get(id)?.ok_or(DeskError::NoMark(id))?;
        let today = self.today();
        let on = on.unwrap_or(today);
        check_lift(&mark, on, reason, today)?;
        Ok(self.store.credit().lift(id, on, reason, &who.staff_id, self.now())?)
    }

    /// Marks, newest first: all or one subject's; lifted ones when `lifted`.
    pub fn credit_marks(&self, subject: Option<&Subject>, lifted: bool) -> DeskResult<Vec<MarkRecord>> {
        Ok(self.store.credit().list(subject, lifted, LIST_LIMIT)?)
    }

    /// The marks in force today on a case's applicant (shown at intake).
    pub fn case_marks(&self, case: CaseId) -> DeskResult<Vec<CreditMark>> {
        let today = self.today();
        Ok(self.store.credit().of_case(case)?.into_iter().filter(|m| m.active_on(today)).collect())
    }
}

impl From<MarkError> for DeskError {
    fn from(e: MarkError) -> DeskError {
        DeskError::Mark(e)
    }
}
