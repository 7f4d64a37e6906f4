//! Moving a case along 受理 → 承办 → 审查 → 批准 → 办结 → 归档 by role, confirmed, kept in its
//! stage history, with the 容缺 stop at 办结 and its supervisor override (SPEC §2 Roles and
//! 容缺受理; the rules are `domain::stages`).

use super::{Desk, DeskError, DeskResult, StaffSession, SupervisorOverride};
use crate::domain::intake::{callback_due, CaseState};
use crate::domain::stages::{check_transition, StageError, StageStep, TransitionContext};
use crate::store::cases::CaseId;
use crate::store::stages::{PledgeOverride, StageWrite};

impl Desk {
    /// Move the case to `to`, the stage the staff member confirmed (the screen showed it), with
    /// an optional note. 办结 with a 容缺 pledge outstanding needs `over`: a supervisor's number,
    /// PIN and reason, checked like every supervisor approval, recorded with the step and flagged
    /// in reports. Completing creates the callback due within 10 calendar days (围场 2023 措施 16).
    pub fn move_stage(
        &self,
        who: &StaffSession,
        case: CaseId,
        to: CaseState,
        note: &str,
        over: Option<&SupervisorOverride>,
    ) -> DeskResult<CaseState> {
        let c = self.case(case)?;
        let m = self.matter(&c.matter)?;
        let history = self.store.cases().stage_history(case)?;
        let ctx = TransitionContext {
            state: c.state,
            to,
            by: &who.staff_id,
            role: who.role,
            owner: &c.owner,
            history: &history,
            separate_approval: m.separate_approval,
            pledge_outstanding: c.pledge_due.is_some(),
            overridden: over.is_some(),
        };
        // The rule first: a step refused anyway must not cost the supervisor a PIN attempt.
        check_transition(&ctx)?;
        let over = match over {
            Some(o) => Some(self.check_supervisor(o)?),
            None => None,
        };
        let now = self.now();
        let w = StageWrite {
            from: c.state,
            to,
            callback_due: (to == CaseState::Completed).then(|| callback_due(now.date())),
            note,
            overridden: over.as_ref().map(|o| (o.supervisor.as_str(), o.reason.as_str())),
        };
        self.store.cases().move_stage(case, &w, &who.staff_id, now)?;
        Ok(to)
    }

    /// The case's stage history, oldest first.
    pub fn stage_history(&self, case: CaseId) -> DeskResult<Vec<StageStep>> {
        self.case(case)?;
        Ok(self.store.cases().stage_history(case)?)
    }

    /// Every 办结 a supervisor let through with a 容缺 pledge outstanding, newest first (flagged
    /// in reports).
    pub fn pledge_overrides(&self, limit: usize) -> DeskResult<Vec<PledgeOverride>> {
        Ok(self.store.cases().pledge_overrides(limit)?)
    }
}

impl From<StageError> for DeskError {
    fn from(e: StageError) -> DeskError {
        DeskError::Stage(e)
    }
}
