//! The full resubmission after a one-time notice and its five-working-day clock (行政许可法
//! 第三十二条第一款第（四）、（五）项; rules in `domain::resubmission`, records in
//! `store::resubmissions`). The tick that hands in the last material a notice asked for records
//! the resubmission and the last day of the bureau's answer; a case still waiting after it is
//! accepted as of the resubmission day, applied on every read like the first notice's rule
//! (`time.rs`: [`Desk::case`] and [`Desk::sweep_deemed`]).

use super::{Desk, DeskResult};
use crate::domain::intake::{CaseState, CheckItem};
use crate::domain::records::{CaseId, CaseRecord};
use crate::domain::resubmission::{all_handed_in, decision_due, deemed_after_resubmission};
use crate::store::cases::DueUpdate;
use crate::store::{Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};

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
        let Some((seq, items)) = st.latest_notice_items(case)? else { return Ok(()) };
        if !all_handed_in(&items, checklist) {
            return Ok(());
        }
        match decision_due(&self.calendar(), now.date()) {
            Ok(due) => st.record_resubmission(case, seq, staff, due, now),
            // A day outside the calendar cannot be counted: the tick stands and the next tick
            // of the case records the resubmission (never a guessed date).
            Err(_) => Ok(()),
        }
    }

    /// 第三十二条: a noticed case whose full resubmission went unanswered past its last day is
    /// accepted as of the resubmission day. Returns the case as it is now.
    pub(super) fn deem_resubmission_if_lapsed(&self, c: CaseRecord) -> DeskResult<CaseRecord> {
        if c.state != CaseState::Noticed {
            return Ok(c);
        }
        let Some(r) = self.store.latest_resubmission(c.id)? else { return Ok(c) };
        if r.deemed_on.is_some() || !deemed_after_resubmission(c.state, r.decision_due, self.today()) {
            return Ok(c);
        }
        self.deem_after_resubmission(c.id, &c.matter, r.notice_seq, r.received_at.date())?;
        Ok(self.store.case(c.id)?.unwrap_or(c))
    }

    fn deem_after_resubmission(
        &self,
        case: CaseId,
        matter: &str,
        seq: u32,
        received_on: NaiveDate,
    ) -> DeskResult<bool> {
        let m = self.matter(matter)?;
        let calendar = self.refresh_calendar();
        let due = calendar.due(received_on, m.committed_days)?;
        let statutory = calendar.due(received_on, m.statutory_days)?;
        let dues = DueUpdate { due: Some(due), statutory: Some(statutory), calendar_version: calendar.version() };
        Ok(self.store.deem_accepted_after_resubmission(case, seq, received_on, &dues, &self.station, self.now())?)
    }

    /// Every noticed case whose full resubmission went unanswered in time, accepted (before a
    /// list is read). Returns the cases it accepted.
    pub(super) fn sweep_deemed_resubmissions(&self) -> DeskResult<Vec<CaseId>> {
        let mut out = Vec::new();
        for (id, received_on) in self.store.lapsed_resubmissions(self.today())? {
            let Some(c) = self.store.case(id)? else { continue };
            let Some(r) = self.store.latest_resubmission(id)? else { continue };
            if self.deem_after_resubmission(id, &c.matter, r.notice_seq, received_on)? {
                out.push(id);
            }
        }
        Ok(out)
    }
}
