//! The full resubmission after a one-time notice and its five-working-day clock (行政许可法
//! 第三十二条第一款第（四）、（五）项; rules in `domain::resubmission`, records in
//! `store::resubmissions`). The tick that hands in the last material a notice asked for records
//! the resubmission and the last day of the bureau's answer; a case still waiting after it is
//! accepted as of the resubmission day, applied on every read like the first notice's rule
//! (`deemed.rs`, shared with the command line).

use super::Desk;
use crate::domain::intake::{CaseState, CheckItem};
use crate::domain::records::CaseId;
use crate::domain::resubmission::{all_handed_in, decision_due};
use crate::store::{Store, StoreError};
use chrono::NaiveDateTime;

impl Desk {
    /// Inside the tick's transaction, for a noticed case: when the checklist now holds every
    /// material of the latest notice, the full resubmission is recorded with its answer date.
    /// A case in any other state costs no statement.
    pub(super) fn resubmission_on_tick(
        &self,
        st: &Store,
        case: CaseId,
        state: CaseState,
        checklist: &[CheckItem],
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<(), StoreError> {
        if state != CaseState::Noticed {
            return Ok(());
        }
        let Some((seq, items)) = st.cases().latest_notice_items(case)? else { return Ok(()) };
        if !all_handed_in(&items, checklist) {
            return Ok(());
        }
        match decision_due(&self.calendar(), now.date()) {
            Ok(due) => st.cases().record_resubmission(case, seq, staff, due, now),
            // A day outside the calendar cannot be counted: the tick stands and the next tick
            // of the case records the resubmission (never a guessed date).
            Err(_) => Ok(()),
        }
    }
}
