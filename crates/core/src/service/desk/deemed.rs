//! Deemed acceptance (行政许可法 第三十二条), the one implementation every reader of cases uses:
//! the desk ([`super::Desk`]: every case read and the sweep before a list) and the command line
//! (`certdesk report`, `certdesk case …`), so a case never shows as waiting on one and accepted
//! on the other.
//!
//! Two rules, each applied on read (no background thread):
//! - 第（四）项: 逾期不告知的，自收到申请材料之日起即为受理 — a registered case whose one-time
//!   notice was not given within 5 working days of receipt is accepted as of the receipt day.
//! - 第（五）项 with 第（四）项's five days: a noticed case whose full resubmission (全部补正申请材料)
//!   was not answered within 5 working days is accepted as of the day it was received
//!   (`domain::resubmission`).

use super::{DeskError, DeskResult};
use crate::domain::case_time::{deemed_accepted, may_be_deemed};
use crate::domain::intake::{CaseState, CheckItem, MaterialState};
use crate::domain::matters::Matters;
use crate::domain::records::{CaseId, CaseRecord};
use crate::domain::resubmission::deemed_after_resubmission;
use crate::domain::workdays::Calendar;
use crate::store::cases::DueUpdate;
use crate::store::Store;
use chrono::{NaiveDate, NaiveDateTime};

/// The materials physically received: everything checked except the missing ones.
pub(super) fn received(checklist: &[CheckItem]) -> Vec<String> {
    checklist
        .iter()
        .filter(|i| !matches!(i.state, MaterialState::Unchecked | MaterialState::Missing))
        .map(|i| i.material.clone())
        .collect()
}

/// What deeming needs: the store, the matters (their limits), the calendar as stored now, who
/// applies the rule (the station, or the command line's actor) and when.
pub struct Deemer<'a> {
    /// The store whose cases are deemed.
    pub store: &'a Store,
    /// The matter catalogue (each matter's limits).
    pub matters: &'a Matters,
    /// The working-day calendar as stored now.
    pub calendar: &'a Calendar,
    /// Who applies the rule: the station, or the command line's actor.
    pub actor: &'a str,
    /// The moment the rule is applied at.
    pub now: NaiveDateTime,
}

impl Deemer<'_> {
    fn today(&self) -> NaiveDate {
        self.now.date()
    }

    /// The case as it is now: deemed accepted first when a rule says so.
    pub fn case_now(&self, c: CaseRecord) -> DeskResult<CaseRecord> {
        let today = self.today();
        match c.state {
            CaseState::Registered if may_be_deemed(c.opened_at.date(), today) => {
                let Some(r) = self.store.cases().time(c.id)?.receipt else { return Ok(c) };
                if r.deemed_on.is_some() || !deemed_accepted(c.state, r.notice_due, today) {
                    return Ok(c);
                }
                // The case as the acceptance wrote it, read inside its transaction.
                if let Some(written) = self.deem_receipt(c.id, &c.matter, r.received_at.date())? {
                    return Ok(written);
                }
            }
            CaseState::Noticed => {
                let Some(r) = self.store.cases().latest_resubmission(c.id)? else { return Ok(c) };
                if r.deemed_on.is_some() || !deemed_after_resubmission(c.state, r.decision_due, today) {
                    return Ok(c);
                }
                if let Some(written) = self.deem_resubmission(c.id, &c.matter, r.notice_seq, r.received_at.date())? {
                    return Ok(written);
                }
            }
            _ => return Ok(c),
        }
        // Another terminal decided the case first: read what it wrote.
        Ok(self.store.cases().get(c.id)?.unwrap_or(c))
    }

    /// Every case a rule accepts as of today, accepted (before a list or a report is read).
    /// Returns the cases it accepted.
    pub fn sweep(&self) -> DeskResult<Vec<CaseId>> {
        let today = self.today();
        let mut out = Vec::new();
        for (id, received_on) in self.store.cases().lapsed_notices(today)? {
            let Some(c) = self.store.cases().get(id)? else { continue };
            if self.deem_receipt(id, &c.matter, received_on)?.is_some() {
                out.push(id);
            }
        }
        for (id, received_on) in self.store.cases().lapsed_resubmissions(today)? {
            let Some(c) = self.store.cases().get(id)? else { continue };
            let Some(r) = self.store.cases().latest_resubmission(id)? else { continue };
            if self.deem_resubmission(id, &c.matter, r.notice_seq, received_on)?.is_some() {
                out.push(id);
            }
        }
        Ok(out)
    }

    fn dues_from(&self, matter: &str, accepted_on: NaiveDate) -> DeskResult<DueUpdate> {
        let m = self.matters.get(matter).ok_or_else(|| DeskError::UnknownMatter(matter.to_string()))?;
        let due = self.calendar.due(accepted_on, m.committed_days)?;
        let statutory = self.calendar.due(accepted_on, m.statutory_days)?;
        Ok(DueUpdate { due: Some(due), statutory: Some(statutory), calendar_version: self.calendar.version() })
    }

    fn deem_receipt(&self, case: CaseId, matter: &str, received_on: NaiveDate) -> DeskResult<Option<CaseRecord>> {
        let dues = self.dues_from(matter, received_on)?;
        let materials = received(&self.store.cases().checklist(case)?);
        Ok(self.store.cases().deem_accepted(case, received_on, &dues, &materials, self.actor, self.now)?)
    }

    fn deem_resubmission(
        &self,
        case: CaseId,
        matter: &str,
        seq: u32,
        received_on: NaiveDate,
    ) -> DeskResult<Option<CaseRecord>> {
        let dues = self.dues_from(matter, received_on)?;
        Ok(self.store.cases().deem_accepted_after_resubmission(case, seq, received_on, &dues, self.actor, self.now)?)
    }
}
