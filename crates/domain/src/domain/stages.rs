//! Who may move a case along 受理 → 承办 → 审查 → 批准 → 办结 → 归档, and what stops it (SPEC §2
//! "Front-desk rules": Roles; 容缺受理). Pure: the desk service reads the case, its stage history
//! and the staff member, and asks [`check_transition`] before it writes.
//!
//! Rules and where they come from:
//! - Window staff accept (受理 is a decision at the counter: `intake::decide`, not a step here).
//! - 承办 and 审查 are the handler's: the case's current owner (首问负责制, 淄博 2020 措施 10: the
//!   owner changes only by a recorded hand-off).
//! - 批准 is a supervisor's or the bureau head's, and — where the matter says so (a matters.toml
//!   setting, on by default) — never by anyone who handled the case: the current owner or whoever
//!   recorded its 承办 or 审查. 行政许可法 第三十四条 has the application examined and 第三十七条/
//!   第三十八条 have the authority decide on it; that the examiner never approves their own work
//!   (审批分离) is the bureau's rule (SPEC §2 Roles), not the law's text, hence a matter setting.
//! - 办结 waits for the materials a 容缺 pledge promised (淄博 2017 简报 五 "先办后补"; 围场 2023
//!   措施 1: 申请人作出相应承诺后) unless a supervisor overrides with a reason; the override is
//!   recorded with the step and flagged in reports.
//! - Every step is confirmed by the person taking it: the request names the stage it moves to,
//!   and a step that no longer matches the case (another desk moved it meanwhile) is refused.

use super::intake::CaseState;
use super::records::Role;

/// One recorded stage change (the case's stage history).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageStep {
    /// When the step was taken.
    pub at: chrono::NaiveDateTime,
    /// Staff number of whoever took the step.
    pub actor: String,
    /// The stage before.
    pub from: CaseState,
    /// The stage after.
    pub to: CaseState,
    /// The note given on confirming (may be empty).
    pub note: String,
    /// A supervisor's override of the 容缺 stop: (staff number, reason).
    pub overridden: Option<(String, String)>,
}

/// Who asks to move the case, and what the case and the matter say.
#[derive(Debug, Clone)]
pub struct TransitionContext<'a> {
    /// The case's stage now.
    pub state: CaseState,
    /// The stage the staff member confirmed (the screen showed it).
    pub to: CaseState,
    /// Staff number and role of whoever takes the step.
    pub by: &'a str,
    /// Their role.
    pub role: Role,
    /// The case's current owner (the handler).
    pub owner: &'a str,
    /// The stage history so far.
    pub history: &'a [StageStep],
    /// The matter's setting: 批准 never by one who handled the case.
    pub separate_approval: bool,
    /// A 容缺 pledge is outstanding (materials promised and not yet supplied).
    pub pledge_outstanding: bool,
    /// A supervisor's override of the 容缺 stop was given (checked by the caller: PIN, reason).
    pub overridden: bool,
}

/// Why a stage change is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StageError {
    /// The case has no next stage.
    #[error("the case is {0:?}: it has no next stage")]
    NoNextStage(CaseState),
    /// Another desk moved the case since the screen showed it.
    #[error("the case is now {now:?}, not the step confirmed ({confirmed:?}): look at it again")]
    Stale {
        /// The case's stage now.
        now: CaseState,
        /// The stage the staff member confirmed.
        confirmed: CaseState,
    },
    /// 承办 and 审查 are the handler's.
    #[error("only the handler (the case's owner {owner}) takes 承办 and 审查")]
    NotHandler {
        /// The case's owner.
        owner: String,
    },
    /// 批准 needs a supervisor.
    #[error("批准 is for a supervisor or the bureau's head")]
    NotApprover,
    /// 审批分离: the handler may not approve their own case.
    #[error("the handler may not approve the case they handled (审批分离)")]
    HandlerApproves,
    /// 办结 waits for the 容缺 materials or a supervisor's override.
    #[error("a 容缺 pledge is outstanding: 办结 waits for the materials or a supervisor's override")]
    PledgeOutstanding,
    /// An override where no 容缺 pledge holds up 办结.
    #[error("an override is only for a 容缺 pledge outstanding at 办结")]
    OverrideNotNeeded,
}

fn is_supervisor(role: Role) -> bool {
    matches!(role, Role::Supervisor | Role::Admin)
}

/// Whoever handled the case: its owner and anyone who recorded its 承办 or 审查.
pub fn handlers<'a>(owner: &'a str, history: &'a [StageStep]) -> Vec<&'a str> {
    let mut out = vec![owner];
    for s in history {
        if matches!(s.to, CaseState::Undertaken | CaseState::Reviewed) && !out.contains(&s.actor.as_str()) {
            out.push(s.actor.as_str());
        }
    }
    out
}

/// Whether the step is allowed (see the module's rules). 办结 and 归档 are the handler's or a
/// supervisor's.
pub fn check_transition(ctx: &TransitionContext<'_>) -> Result<(), StageError> {
    let next = ctx.state.advance().ok_or(StageError::NoNextStage(ctx.state))?;
    if next != ctx.to {
        return Err(StageError::Stale { now: ctx.state, confirmed: ctx.to });
    }
    let handler = ctx.by == ctx.owner;
    match next {
        CaseState::Undertaken | CaseState::Reviewed => {
            if !handler {
                return Err(StageError::NotHandler { owner: ctx.owner.to_string() });
            }
        }
        CaseState::Approved => {
            if !is_supervisor(ctx.role) {
                return Err(StageError::NotApprover);
            }
            if ctx.separate_approval && handlers(ctx.owner, ctx.history).contains(&ctx.by) {
                return Err(StageError::HandlerApproves);
            }
        }
        _ => {
            if !handler && !is_supervisor(ctx.role) {
                return Err(StageError::NotHandler { owner: ctx.owner.to_string() });
            }
        }
    }
    let stops = next == CaseState::Completed && ctx.pledge_outstanding;
    match (stops, ctx.overridden) {
        (true, false) => Err(StageError::PledgeOutstanding),
        (false, true) => Err(StageError::OverrideNotNeeded),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn step(actor: &str, from: CaseState, to: CaseState) -> StageStep {
        StageStep {
            at: NaiveDate::from_ymd_opt(2025, 10, 9).unwrap().and_hms_opt(9, 0, 0).unwrap(),
            actor: actor.into(),
            from,
            to,
            note: String::new(),
            overridden: None,
        }
    }

    fn ctx<'a>(state: CaseState, by: &'a str, role: Role, history: &'a [StageStep]) -> TransitionContext<'a> {
        TransitionContext {
            state,
            to: state.advance().unwrap_or(state),
            by,
            role,
            owner: "0002",
            history,
            separate_approval: true,
            pledge_outstanding: false,
            overridden: false,
        }
    }

    #[test]
    fn undertaking_and_review_are_the_handlers() {
        // SPEC §2 Roles: the handler does 承办/审查 (首问负责制, 淄博 2020 措施 10: the owner).
        let h = [];
        assert_eq!(check_transition(&ctx(CaseState::Accepted, "0002", Role::Clerk, &h)), Ok(()));
        assert_eq!(
            check_transition(&ctx(CaseState::Accepted, "0001", Role::Clerk, &h)),
            Err(StageError::NotHandler { owner: "0002".into() })
        );
        assert!(check_transition(&ctx(CaseState::Undertaken, "0007", Role::Supervisor, &h)).is_err());
    }

    #[test]
    fn approval_by_the_handler_is_refused() {
        // 行政许可法 第三十四条 (审查) and 第三十八条 (决定) are separate steps; SPEC §2 Roles, per
        // matter: the one who handled the case does not approve it.
        let h = [
            step("0002", CaseState::Accepted, CaseState::Undertaken),
            step("0007", CaseState::Undertaken, CaseState::Reviewed),
        ];
        assert_eq!(check_transition(&ctx(CaseState::Reviewed, "0002", Role::Clerk, &h)), Err(StageError::NotApprover));
        // 0007 is a supervisor but recorded the 审查.
        assert_eq!(
            check_transition(&ctx(CaseState::Reviewed, "0007", Role::Supervisor, &h)),
            Err(StageError::HandlerApproves)
        );
        assert_eq!(check_transition(&ctx(CaseState::Reviewed, "0008", Role::Supervisor, &h)), Ok(()));
        // The owner, even a supervisor, is the handler.
        let mut c = ctx(CaseState::Reviewed, "0002", Role::Supervisor, &h);
        assert_eq!(check_transition(&c), Err(StageError::HandlerApproves));
        // A matter that does not separate them lets the supervisor-owner approve.
        c.separate_approval = false;
        assert_eq!(check_transition(&c), Ok(()));
    }

    #[test]
    fn completion_waits_for_pledged_materials_unless_overridden() {
        // 淄博 2017 简报 五 (先办后补) and 围场 2023 措施 1: the pledge is kept before 办结.
        let h = [];
        let mut c = ctx(CaseState::Approved, "0002", Role::Clerk, &h);
        c.pledge_outstanding = true;
        assert_eq!(check_transition(&c), Err(StageError::PledgeOutstanding));
        c.overridden = true;
        assert_eq!(check_transition(&c), Ok(()));
        c.pledge_outstanding = false;
        assert_eq!(check_transition(&c), Err(StageError::OverrideNotNeeded));
        // Neither handler nor supervisor: refused.
        let c = ctx(CaseState::Approved, "0001", Role::Clerk, &h);
        assert!(matches!(check_transition(&c), Err(StageError::NotHandler { .. })));
    }

    #[test]
    fn a_step_not_confirmed_for_this_stage_is_refused() {
        let h = [];
        let mut c = ctx(CaseState::Undertaken, "0002", Role::Clerk, &h);
        c.to = CaseState::Undertaken; // the screen showed 承办, another desk moved it on
        assert!(matches!(check_transition(&c), Err(StageError::Stale { .. })));
        let c = ctx(CaseState::Archived, "0002", Role::Clerk, &h);
        assert_eq!(check_transition(&c), Err(StageError::NoNextStage(CaseState::Archived)));
        let c = ctx(CaseState::Registered, "0002", Role::Clerk, &h);
        assert_eq!(check_transition(&c), Err(StageError::NoNextStage(CaseState::Registered)));
    }
}
