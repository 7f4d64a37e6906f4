//! A hand-off offer closed without being taken (首问负责制, issue 15): the staff member who
//! offered it withdraws it, or the receiver declines it, each with a reason. The case never
//! changed hands (it changes only when the receiver takes it), so it stays with its owner and
//! can be offered again. Records in `store::handoff_close`.

use super::{Desk, DeskError, DeskResult, StaffSession};
use crate::domain::records::CaseId;
pub use crate::store::handoff_close::{ClosedHandoff, HandoffClose};

impl Desk {
    /// `who`, who offered the hand-off of `case`, takes the offer back, with a reason.
    pub fn withdraw_handoff(&self, who: &StaffSession, case: CaseId, reason: &str) -> DeskResult<()> {
        self.close_handoff(who, case, HandoffClose::Withdrawn, reason)
    }

    /// `who`, to whom the hand-off of `case` is offered, declines it, with a reason.
    pub fn decline_handoff(&self, who: &StaffSession, case: CaseId, reason: &str) -> DeskResult<()> {
        self.close_handoff(who, case, HandoffClose::Declined, reason)
    }

    fn close_handoff(&self, who: &StaffSession, case: CaseId, how: HandoffClose, reason: &str) -> DeskResult<()> {
        self.case(case)?;
        if reason.trim().is_empty() {
            return Err(DeskError::NoReason);
        }
        if super::id_like(&crate::domain::id::mask_in_text(reason)) {
            return Err(DeskError::IdLike);
        }
        let offer = self.store.cases().pending_handoff(case)?;
        match (how, offer) {
            (HandoffClose::Withdrawn, Some(o)) if o.by == who.staff_id => {}
            (HandoffClose::Withdrawn, Some(_)) => return Err(DeskError::NotYourOffer),
            (HandoffClose::Declined, Some(o)) if o.to == who.staff_id => {}
            (HandoffClose::Declined, _) => return Err(DeskError::NoHandoffForYou),
            (HandoffClose::Withdrawn, None) => return Err(DeskError::NoHandoffForYou),
        }
        Ok(self.store.cases().close_handoff(case, how, &who.staff_id, reason, self.now())?)
    }

    /// The offer of `case` waiting for its receiver, if any (the case page enables W and X by it).
    pub fn pending_offer(&self, case: CaseId) -> DeskResult<Option<crate::store::first_contact::HandoffOffer>> {
        Ok(self.store.cases().pending_handoff(case)?)
    }

    /// The offers of `case` withdrawn or declined, oldest first (for the case's record).
    pub fn closed_handoffs(&self, case: CaseId) -> DeskResult<Vec<ClosedHandoff>> {
        Ok(self.store.cases().closed_handoffs(case)?)
    }
}
