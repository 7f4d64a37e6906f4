//! A case's time under the 行政许可法 at the desk (`domain::case_time`): 收件 at the first
//! checklist tick, the five-day notice rule and deemed acceptance (第三十二条), 不予受理 naming
//! the competent authority, the 补正期限 of a notice, the decision (第三十八条), its delivery
//! (第四十四条), the extension (第四十二条) and the clock stops (第四十五条).
//!
//! Deemed acceptance needs no background thread: every path that reads a case applies it first
//! ([`Desk::case`] for one case; [`Desk::sweep_deemed`] before every list), so no screen ever
//! shows a case still waiting for a notice whose date has passed.

use super::deemed::{received, Deemer};
use super::{Desk, DeskError, DeskResult, StaffSession, SupervisorOverride};
use crate::domain::case_time::{
    self, check_decision, check_delivery, check_extension, check_stop_end, check_stop_start, delivery_due,
    delivery_late, fix_by, may_be_deemed, notice_due, CaseTimeRecords, Due, Limits, Outcome, Stop, StopKind, TimeError,
};
use crate::domain::intake::{CaseState, CheckItem, MaterialState};
use crate::domain::records::{CaseId, CaseRecord};
use crate::store::cases::DueUpdate;
use crate::store::{Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};

pub use certdesk_protocol::desk_time::{CaseTime as CaseTimeView, NoticeOwed};

impl Desk {
    /// 收件 (第三十二条): the first tick of a case records the receipt and its notice date. Called
    /// inside the tick's transaction with the checklist as the tick left it.
    pub(super) fn receipt_on_first_tick(
        &self,
        st: &Store,
        case: CaseId,
        checklist: &[CheckItem],
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<(), StoreError> {
        // One material checked: this tick is the first (a case's receipt is kept once, so a
        // re-tick of the same material changes nothing).
        if checklist.iter().filter(|i| i.state != MaterialState::Unchecked).count() != 1 {
            return Ok(());
        }
        match notice_due(&self.calendar(), now.date()) {
            Ok(due) => st.cases().record_receipt(case, staff, due, now),
            // A date outside the calendar cannot be counted: the tick stands, the receipt waits
            // for the next one (never a guessed date).
            Err(_) => Ok(()),
        }
    }

    /// 第三十二条: a case a deemed-acceptance rule accepts as of today (a registered case past its
    /// notice date, a noticed one whose full resubmission went unanswered) is accepted first.
    /// Returns the case as it is now. The rules are `deemed.rs`'s, shared with the command line.
    pub(super) fn deem_if_lapsed(&self, c: CaseRecord) -> DeskResult<CaseRecord> {
        // A fresh registered case cannot have passed its notice date: no look-up.
        if c.state == CaseState::Registered && !may_be_deemed(c.opened_at.date(), self.today()) {
            return Ok(c);
        }
        if !matches!(c.state, CaseState::Registered | CaseState::Noticed) {
            return Ok(c);
        }
        let calendar = self.refresh_calendar();
        self.deemer(&calendar).case_now(c)
    }

    fn deemer<'a>(&'a self, calendar: &'a crate::domain::workdays::Calendar) -> Deemer<'a> {
        Deemer { store: &self.store, matters: self.matters(), calendar, actor: &self.station, now: self.now() }
    }

    /// Apply deemed acceptance to every case a rule accepts today (before a list is read).
    /// Returns the cases it accepted.
    pub fn sweep_deemed(&self) -> DeskResult<Vec<CaseId>> {
        let calendar = self.refresh_calendar();
        self.deemer(&calendar).sweep()
    }

    /// At the first decision: what was received is kept with the receipt.
    pub(super) fn freeze_receipt(&self, case: CaseId, checklist: &[CheckItem]) -> DeskResult<()> {
        Ok(self.store.cases().freeze_receipt(case, &received(checklist))?)
    }

    /// The 补正期限 of the notice just recorded (第三十二条: the notice says by when).
    pub(super) fn notice_terms(&self, case: CaseId, seq: u32) -> DeskResult<NaiveDate> {
        let by = fix_by(&self.calendar(), self.today())?.value;
        self.store.cases().set_notice_fix_by(case, seq, by)?;
        Ok(by)
    }

    /// 不予受理 naming the authority the matter belongs to (第三十二条第一款第（二）项).
    /// The authority is checked before anything is written: a bad one leaves the case as it was.
    pub fn refuse_to(&self, who: &StaffSession, case: CaseId, reason: &str, authority: &str) -> DeskResult<()> {
        let authority = authority.trim();
        if super::id_like(authority) {
            return Err(DeskError::IdLike);
        }
        if authority.chars().count() > 200 {
            return Err(DeskError::TooLong("authority"));
        }
        if authority.chars().any(char::is_control) {
            return Err(StoreError::Invalid("the authority contains control characters".into()).into());
        }
        self.decide(who, case, &crate::domain::intake::Decision::Refuse { reason: reason.to_string() }, None)?;
        if !authority.is_empty() {
            self.store.cases().set_refused_authority(case, authority, &who.staff_id, self.now())?;
        }
        Ok(())
    }

    fn limits_of(&self, c: &CaseRecord, t: &CaseTimeRecords) -> DeskResult<Option<(NaiveDate, u32, u32, bool)>> {
        let Some(accepted) = c.accepted_on else { return Ok(None) };
        let m = self.matter(&c.matter)?;
        Ok(Some((accepted, m.statutory_days, m.committed_days, t.extension.is_some())))
    }

    fn dues_now(&self, c: &CaseRecord, t: &CaseTimeRecords, extended: bool) -> DeskResult<case_time::Dues> {
        let (accepted, statutory_days, committed_days, _) =
            self.limits_of(c, t)?.ok_or(DeskError::WrongState(c.state))?;
        let stops = t.stops();
        let l = Limits { accepted, statutory_days, committed_days, extended, stops: &stops };
        Ok(case_time::dues(&self.refresh_calendar(), &l)?)
    }

    fn due_update(&self, dues: &case_time::Dues) -> DueUpdate {
        let counted = |d: Due| match d {
            Due::On { date, provisional } => Some(crate::domain::workdays::Counted { value: date, provisional }),
            Due::Stopped { .. } => None,
        };
        DueUpdate {
            due: counted(dues.committed),
            statutory: counted(dues.statutory),
            calendar_version: self.calendar().version(),
        }
    }

    /// A case's time: receipt, notice date and what remains, both limits and what remains of
    /// each, extension, stops, decision and delivery.
    pub fn case_time(&self, case: CaseId) -> DeskResult<CaseTimeView> {
        let c = self.case(case)?;
        let today = self.today();
        let cal = self.calendar();
        let records = self.store.cases().time(case)?;
        let notice_left = match &records.receipt {
            Some(r) if c.state == CaseState::Registered && r.deemed_on.is_none() => {
                Some(cal.days_left(today, r.notice_due)?.value)
            }
            _ => None,
        };
        let (statutory, committed) = if c.state.is_running() && c.accepted_on.is_some() {
            let dues = self.dues_now(&c, &records, records.extension.is_some())?;
            (
                Some(case_time::remaining(&cal, today, dues.statutory)?),
                Some(case_time::remaining(&cal, today, dues.committed)?),
            )
        } else {
            (None, None)
        };
        let resubmission = self.store.cases().latest_resubmission(case)?;
        let decision_left = match &resubmission {
            Some(r) if c.state == CaseState::Noticed && r.deemed_on.is_none() => {
                Some(cal.days_left(today, r.decision_due)?.value)
            }
            _ => None,
        };
        let delivery_late = match &records.decision {
            // A revoked grant (第六十九条) is not delivered any more: no late delivery to flag.
            Some(d) if d.outcome == Outcome::Grant && d.revoked.is_none() => {
                d.delivery_due.is_some_and(|due| delivery_late(due, d.delivered.as_ref().map(|x| x.0), today))
            }
            _ => false,
        };
        Ok(CaseTimeView { records, notice_left, statutory, committed, delivery_late, resubmission, decision_left })
    }

    /// 第三十八条: 准予 or 不予许可 (reasons required for 不予许可). 准予 sets 第四十四条's delivery
    /// limit.
    pub fn record_outcome(&self, who: &StaffSession, case: CaseId, outcome: Outcome, reasons: &str) -> DeskResult<()> {
        let c = self.case(case)?;
        let t = self.store.cases().time(case)?;
        check_decision(c.state, t.decision.is_some(), outcome, reasons)?;
        if outcome == Outcome::Grant {
            self.check_grant_allowed(case)?;
        }
        if super::id_like(reasons) {
            return Err(DeskError::IdLike);
        }
        let today = self.today();
        let due = match outcome {
            Outcome::Grant => Some(delivery_due(&self.calendar(), today)?.value),
            Outcome::Deny => None,
        };
        Ok(self.store.cases().record_decision(case, outcome, reasons, today, due, &who.staff_id, self.now())?)
    }

    /// 第四十四条: the decision was delivered today, in `manner` (当面领取, 邮寄, ...).
    pub fn record_delivery(&self, who: &StaffSession, case: CaseId, manner: &str) -> DeskResult<()> {
        self.case(case)?;
        let t = self.store.cases().time(case)?;
        let today = self.today();
        let decided = t.decision.as_ref().map(|d| d.decided_on);
        if t.decision.as_ref().is_some_and(|d| d.revoked.is_some()) {
            return Err(TimeError::Revoked.into());
        }
        check_delivery(decided, t.decision.as_ref().is_some_and(|d| d.delivered.is_some()), manner, today, today)?;
        if super::id_like(manner) {
            return Err(DeskError::IdLike);
        }
        Ok(self.store.cases().record_delivery(case, today, manner, &who.staff_id, self.now())?)
    }

    /// 第四十二条: extend the statutory limit by 10 working days, approved on the spot by a
    /// supervisor (staff number and PIN), with the reasons told to the applicant.
    pub fn extend(
        &self,
        who: &StaffSession,
        case: CaseId,
        reasons: &str,
        approver: &SupervisorOverride,
    ) -> DeskResult<()> {
        let c = self.case(case)?;
        let t = self.store.cases().time(case)?;
        let today = self.today();
        let before = self.dues_now(&c, &t, false)?;
        check_extension(c.state, t.extension.is_some(), reasons, today, before.statutory)?;
        if super::id_like(reasons) {
            return Err(DeskError::IdLike);
        }
        let approved =
            self.check_supervisor(&SupervisorOverride { reason: reasons.to_string(), ..approver.clone() })?;
        let after = self.dues_now(&c, &t, true)?;
        let dues = DueUpdate { due: None, ..self.due_update(&after) };
        Ok(self.store.cases().record_extension(
            case,
            reasons,
            &approved.supervisor,
            &dues,
            &who.staff_id,
            self.now(),
        )?)
    }

    /// 第四十五条: stop the clock from today for `kind`, the applicant told `told_days`.
    pub fn stop_clock(&self, who: &StaffSession, case: CaseId, kind: StopKind, told_days: u32) -> DeskResult<()> {
        let c = self.case(case)?;
        let t = self.store.cases().time(case)?;
        let today = self.today();
        let m = self.matter(&c.matter)?;
        // A case not accepted has no clock: the rule says so (not running) before the date.
        let accepted = c.accepted_on.unwrap_or(today);
        let stop = Stop { kind, start: today, end: None, told_days };
        check_stop_start(c.state, accepted, t.open_stop().is_some(), m.site_check_stops, &stop, today)?;
        self.store.cases().start_stop(case, &stop, &who.staff_id, self.now())?;
        Ok(())
    }

    /// The open stop ends today: the clock runs again, the dates move by the stopped days.
    pub fn resume_clock(&self, who: &StaffSession, case: CaseId) -> DeskResult<()> {
        let c = self.case(case)?;
        let mut t = self.store.cases().time(case)?;
        let today = self.today();
        check_stop_end(t.open_stop(), today, today)?;
        for s in t.stops.iter_mut() {
            if s.stop.end.is_none() {
                s.stop.end = Some(today);
            }
        }
        let dues = self.dues_now(&c, &t, t.extension.is_some())?;
        Ok(self.store.cases().end_stop(case, today, &self.due_update(&dues), &who.staff_id, self.now())?)
    }

    /// Cases owed their one-time notice, the nearest date first (deemed ones swept first).
    pub fn notices_owed(&self) -> DeskResult<Vec<NoticeOwed>> {
        self.sweep_deemed()?;
        let today = self.today();
        let cal = self.calendar();
        let mut out = Vec::new();
        for (case, notice_due, provisional) in self.store.cases().notices_owed(500)? {
            let left = cal.days_left(today, notice_due)?.value;
            out.push(NoticeOwed { case, notice_due, provisional, left });
        }
        Ok(out)
    }
}
