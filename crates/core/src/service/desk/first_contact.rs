//! 首问负责制 to the end (issue 15): the receiver of a hand-off takes it (the case is theirs
//! only then); the hand-offs waiting for a staff member; "我首问的", the cases a staff member
//! first received wherever they are now. Records in `store::first_contact`.

use super::{CaseView, Desk, DeskError, DeskResult, StaffSession};
use crate::domain::first_contact::{check_enquiry, Enquiry};
use crate::domain::records::CaseId;

/// The most cases these lists show.
const SHOWN: usize = 200;

impl Desk {
    /// Log an enquiry (咨询、引导、转办) `who` answered first (淄博 2020 措施 10, 首问负责制).
    pub fn log_enquiry(&self, who: &StaffSession, e: &Enquiry) -> DeskResult<i64> {
        check_enquiry(e)?;
        // A valid ID number is kept masked; a long digit run that is none is refused.
        for f in [&e.visitor, &e.question, &e.answer, &e.department] {
            if super::id_like(&crate::domain::id::mask_in_text(f)) {
                return Err(DeskError::IdLike);
            }
        }
        Ok(self.store.log_enquiry(e, &who.staff_id, self.now())?)
    }

    /// The enquiries and referrals logged on the days of `period`, oldest first: listed, not
    /// only counted (the desk's list; `certdesk report enquiries`).
    pub fn enquiries(&self, period: crate::report::Period) -> DeskResult<Vec<crate::report::lists::EnquiryLine>> {
        Ok(self.store.enquiry_lines(period)?)
    }

    /// The 容缺 stops a supervisor let through on the days of `period`, oldest first.
    pub fn overrides(&self, period: crate::report::Period) -> DeskResult<Vec<crate::report::lists::OverrideLine>> {
        Ok(self.store.override_lines(period)?)
    }

    /// `who` takes the hand-off of `case` offered to them.
    pub fn accept_handoff(&self, who: &StaffSession, case: CaseId) -> DeskResult<()> {
        self.case(case)?;
        match self.store.cases().pending_handoff(case)? {
            Some(o) if o.to == who.staff_id => {}
            _ => return Err(DeskError::NoHandoffForYou),
        }
        Ok(self.store.cases().accept_handoff(case, &who.staff_id, self.now())?)
    }

    /// The cases offered to `who` and not taken yet.
    pub fn handoffs_waiting(&self, who: &StaffSession) -> DeskResult<Vec<CaseView>> {
        let stops = self.list_prelude()?;
        let today = self.today();
        Ok(self
            .store
            .cases()
            .handoffs_waiting_for(&who.staff_id, SHOWN)?
            .into_iter()
            .map(|c| self.view(c, today, &stops))
            .collect())
    }

    /// "我首问的": the cases `who` first received, wherever they are now.
    pub fn first_received(&self, who: &StaffSession) -> DeskResult<Vec<CaseView>> {
        let stops = self.list_prelude()?;
        let today = self.today();
        Ok(self
            .store
            .cases()
            .first_received_by(&who.staff_id, SHOWN)?
            .into_iter()
            .map(|c| self.view(c, today, &stops))
            .collect())
    }
}
