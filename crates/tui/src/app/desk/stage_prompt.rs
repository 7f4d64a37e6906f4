//! The prompts of a stage change on the case page (F8; SPEC §2 Roles: every stage change is
//! confirmed): the confirmation with an optional note, or — for 办结 with a 容缺 material
//! outstanding — the supervisor's override on the spot: the reason, the supervisor's staff
//! number, the PIN (as the later-notice override asks them). The service checks the role rules
//! and the PIN; this only asks.

use super::effects::{Effect, Problem, Secret};
use super::{Desk, Effects, IdRule, Note, Prompt, PromptKind};
use crate::app::strings::T;
use crate::domain::intake::CaseState;

/// Where a stage change's prompts are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StagePrompt {
    /// Confirm the move from `from` to `to`; the text is the note (may be empty).
    Note {
        from: CaseState,
        to: CaseState,
    },
    /// 办结 with a 容缺 material outstanding: why the supervisor lets it through.
    OverrideReason {
        to: CaseState,
    },
    OverrideSupervisor {
        to: CaseState,
        reason: String,
    },
    OverridePin {
        to: CaseState,
        reason: String,
        supervisor: String,
    },
}

const PROMPT_NOTE: T = T::new(
    "确认推进办理环节：可填写备注，回车确认，Esc取消",
    "Confirm the stage change: add a note if needed; Enter confirms, Esc cancels",
);
const PROMPT_REASON: T = T::new(
    "容缺材料尚未补齐：办结须主管审批，请写明理由（记入审计日志）",
    "A 容缺 material is outstanding: 办结 needs a supervisor's override; the reason (written to the audit log)",
);

impl StagePrompt {
    /// The prompt's title.
    pub fn title(&self) -> T {
        match self {
            StagePrompt::Note { .. } => PROMPT_NOTE,
            StagePrompt::OverrideReason { .. } => PROMPT_REASON,
            StagePrompt::OverrideSupervisor { .. } => super::strings::PROMPT_OVERRIDE_SUPERVISOR,
            StagePrompt::OverridePin { .. } => super::strings::PROMPT_OVERRIDE_PIN,
        }
    }

    pub fn is_secret(&self) -> bool {
        matches!(self, StagePrompt::OverridePin { .. })
    }

    pub fn id_rule(&self) -> IdRule {
        match self {
            StagePrompt::Note { .. } | StagePrompt::OverrideReason { .. } => IdRule::Mask,
            StagePrompt::OverrideSupervisor { .. } => IdRule::Refuse,
            StagePrompt::OverridePin { .. } => IdRule::Parsed,
        }
    }

    pub fn wants_staff_number(&self) -> bool {
        matches!(self, StagePrompt::OverrideSupervisor { .. })
    }

    /// The first prompt of F8 on a case in `state`: the confirmation, or the override's reason
    /// when 办结 waits for a 容缺 material (`pledge_outstanding`). `None`: no next stage.
    pub fn start(state: CaseState, pledge_outstanding: bool) -> Option<StagePrompt> {
        let to = state.advance()?;
        Some(if to == CaseState::Completed && pledge_outstanding {
            StagePrompt::OverrideReason { to }
        } else {
            StagePrompt::Note { from: state, to }
        })
    }

    /// Enter on the prompt: `text` as the ID rule left it, `raw` as typed (the PIN).
    pub fn submit(self, d: &mut Desk, case: i64, text: String, raw: String) -> Effects {
        let again = |d: &mut Desk, s: StagePrompt| {
            d.prompt = Some(Prompt { kind: PromptKind::Stage(s), input: String::new() });
            vec![]
        };
        match self {
            StagePrompt::Note { to, .. } => d.ask(Effect::Advance { case, to, note: text }),
            StagePrompt::OverrideReason { to } if text.is_empty() => {
                d.note = Some(Note::Problem(Problem::NoReason));
                again(d, StagePrompt::OverrideReason { to })
            }
            StagePrompt::OverrideReason { to } => again(d, StagePrompt::OverrideSupervisor { to, reason: text }),
            StagePrompt::OverrideSupervisor { to, reason } if text.is_empty() => {
                again(d, StagePrompt::OverrideSupervisor { to, reason })
            }
            StagePrompt::OverrideSupervisor { to, reason } => {
                again(d, StagePrompt::OverridePin { to, reason, supervisor: text })
            }
            StagePrompt::OverridePin { to, reason, supervisor } if raw.is_empty() => {
                again(d, StagePrompt::OverridePin { to, reason, supervisor })
            }
            // The PIN as typed (not trimmed): it goes to the check and is not kept.
            StagePrompt::OverridePin { to, reason, supervisor } => {
                d.ask(Effect::AdvanceOverride { case, to, reason, supervisor, pin: Secret(raw) })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f8_confirms_each_step_and_asks_a_supervisor_for_a_completion_with_a_pledge_outstanding() {
        // SPEC §2 Roles: every stage change is confirmed; 容缺受理: 办结 waits for the pledged
        // materials unless a supervisor overrides with a reason.
        use CaseState as S;
        assert_eq!(
            StagePrompt::start(S::Accepted, true),
            Some(StagePrompt::Note { from: S::Accepted, to: S::Undertaken })
        );
        assert_eq!(
            StagePrompt::start(S::Approved, false),
            Some(StagePrompt::Note { from: S::Approved, to: S::Completed })
        );
        assert_eq!(StagePrompt::start(S::Approved, true), Some(StagePrompt::OverrideReason { to: S::Completed }));
        assert_eq!(StagePrompt::start(S::Archived, false), None);
        assert_eq!(StagePrompt::start(S::Registered, false), None, "acceptance is a decision, not a step");
        let pin = StagePrompt::OverridePin { to: S::Completed, reason: "r".into(), supervisor: "0007".into() };
        assert!(pin.is_secret() && pin.id_rule() == IdRule::Parsed);
        assert!(StagePrompt::OverrideSupervisor { to: S::Completed, reason: "r".into() }.wants_staff_number());
        assert_eq!(StagePrompt::Note { from: S::Accepted, to: S::Undertaken }.id_rule(), IdRule::Mask);
    }
}
