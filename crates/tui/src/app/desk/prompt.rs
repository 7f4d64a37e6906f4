//! The desk's one-line prompt over the current screen: its kinds, what an ID number typed into
//! it does (`IdRule`), typing into it, and handing what was typed to the screen that asked
//! (each screen's `submit` in its file under `screens/`); and its drawing under the note.

use super::layout::View;
use super::screens;
use super::stage_prompt;
use super::strings as ds;
use super::{Desk, Effects, Note, Problem, MAX_FIELD};
use crate::app::Action;
use ratatui::{style::Style, Frame};

/// A one-line text prompt over the current screen (what is wrong, a date, a reason...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    Defect {
        material: String,
    },
    PledgeDue,
    RefuseReason,
    HandOffTo,
    HandOffWhy {
        to: String,
    },
    Search,
    /// The reports page's period (`reports.rs`).
    ReportPeriod,
    /// A later notice beyond the first one: why (written to the audit log), then the
    /// supervisor signs on the spot with staff number and PIN.
    OverrideReason,
    OverrideSupervisor {
        reason: String,
    },
    OverridePin {
        reason: String,
        supervisor: String,
    },
    /// Free post: the address, then (when sent) the tracking number.
    PostAddress,
    Tracking,
    /// Why this booked appointment is cancelled (kept with it and in the audit log).
    CancelReason {
        appointment: i64,
    },
    /// Why the pending hand-off of `case` is declined (by its receiver) or withdrawn (by its
    /// offerer) (`screens/handoff_close.rs`).
    HandOffClose {
        case: crate::domain::records::CaseId,
        decline: bool,
    },
    /// A case's time: decision, extension, stops, delivery, 当场更正, competent authority
    /// (`screens/case_time.rs`).
    Time(screens::case_time::TimePrompt),
    /// The prompts of a callback or follow-up (`screens/task.rs`).
    Loop(screens::task::LoopPrompt),
    /// The prompts of an enquiry (咨询、引导、转办, `screens/enquiry.rs`).
    Enquiry(screens::enquiry::EnquiryStep),
    /// A stage change: its confirmation, or the supervisor's override for 办结 (`stage_prompt`).
    Stage(stage_prompt::StagePrompt),
    /// The signed pledge confirmed before acceptance (`screens/pledge.rs`).
    Pledge(screens::pledge::PledgePrompt),
    /// A 核查 finding (`screens/checks.rs`).
    Check(screens::checks::CheckPrompt),
    /// A 失信 mark entered or lifted (`screens/marks.rs`).
    Mark(screens::marks::MarkPrompt),
}

/// What a prompt does with an ID number typed into it (SPEC §6: raw ID numbers live only in
/// the registry). One rule for every prompt, by what its text is:
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdRule {
    /// A look-up (search): the number is how the holder is found; it goes to the query only,
    /// and is never stored or shown.
    Lookup,
    /// Prose (a defect note, a reason): the sentence still says what it means with the number
    /// masked, and it is shown, printed, stored and audited masked.
    Mask,
    /// A field that names something else (a postal address, a tracking number, a staff
    /// number): an ID number there was typed or scanned into the wrong field, and a masked copy
    /// would be a wrong address or number. Refused with a clear message; the prompt stays open
    /// with the number taken out and everything else kept, for staff to check.
    Refuse,
    /// Parsed (a date, a period) or secret (a PIN): anything else is refused by its parser.
    Parsed,
}

impl PromptKind {
    /// A PIN: shown as stars, printable ASCII only.
    pub fn is_secret(&self) -> bool {
        match self {
            PromptKind::Time(t) => t.is_secret(),
            PromptKind::Stage(s) => s.is_secret(),
            PromptKind::Check(p) => p.is_secret(),
            PromptKind::Mark(p) => p.is_secret(),
            other => matches!(other, PromptKind::OverridePin { .. }),
        }
    }

    pub fn id_rule(&self) -> IdRule {
        match self {
            PromptKind::Search => IdRule::Lookup,
            PromptKind::Defect { .. }
            | PromptKind::RefuseReason
            | PromptKind::HandOffWhy { .. }
            | PromptKind::OverrideReason
            | PromptKind::CancelReason { .. }
            | PromptKind::HandOffClose { .. } => IdRule::Mask,
            PromptKind::PostAddress
            | PromptKind::Tracking
            | PromptKind::HandOffTo
            | PromptKind::OverrideSupervisor { .. } => IdRule::Refuse,
            PromptKind::PledgeDue | PromptKind::ReportPeriod | PromptKind::OverridePin { .. } => IdRule::Parsed,
            PromptKind::Time(t) => t.id_rule(),
            PromptKind::Loop(p) if p.is_prose() => IdRule::Mask,
            PromptKind::Loop(_) => IdRule::Parsed,
            PromptKind::Enquiry(s) if s.is_prose() => IdRule::Mask,
            PromptKind::Enquiry(_) => IdRule::Parsed,
            PromptKind::Stage(s) => s.id_rule(),
            PromptKind::Pledge(p) => p.id_rule(),
            PromptKind::Check(p) => p.id_rule(),
            PromptKind::Mark(p) => p.id_rule(),
        }
    }

    /// A staff number goes here (hand-off, supervisor): letters and digits, as at the sign-in.
    pub(crate) fn wants_staff_number(&self) -> bool {
        match self {
            PromptKind::Time(t) => t.wants_staff_number(),
            PromptKind::Stage(s) => s.wants_staff_number(),
            PromptKind::Check(p) => p.wants_staff_number(),
            PromptKind::Mark(p) => p.wants_staff_number(),
            other => matches!(other, PromptKind::HandOffTo | PromptKind::OverrideSupervisor { .. }),
        }
    }
}

/// The longest staff number (as the sign-in takes it).
pub(crate) const MAX_STAFF_NUMBER: usize = 32;

impl Desk {
    pub(super) fn prompt_submit(&mut self, p: Prompt) -> Effects {
        // An ID number in the text: see `IdRule`.
        let text = match p.kind.id_rule() {
            IdRule::Mask => crate::domain::id::mask_in_text(p.input.trim()).into_owned(),
            IdRule::Lookup | IdRule::Parsed => p.input.trim().to_string(),
            IdRule::Refuse => {
                let id = crate::domain::id::mask_in_text(&p.input);
                let rest = crate::domain::id::strip_id_runs(&p.input);
                // A tracking number may be a long run of digits: only a real ID number (checked
                // by its check character) is refused there.
                let refused = if p.kind == PromptKind::Tracking {
                    matches!(id, std::borrow::Cow::Owned(_))
                } else {
                    matches!(id, std::borrow::Cow::Owned(_)) || matches!(rest, std::borrow::Cow::Owned(_))
                };
                if refused {
                    let input = crate::domain::id::strip_id_runs(&p.input).trim().to_string();
                    self.note = Some(Note::Problem(Problem::IdInField));
                    self.prompt = Some(Prompt { kind: p.kind, input });
                    return vec![];
                }
                let t = p.input.trim().to_string();
                let staff_ok = |t: &str| t.len() <= MAX_STAFF_NUMBER && t.chars().all(|c| c.is_ascii_alphanumeric());
                if p.kind.wants_staff_number() && !staff_ok(&t) {
                    // Refused before the PIN is asked: no attempt is spent on it.
                    self.note = Some(Note::Problem(Problem::BadStaffNumber));
                    self.prompt = Some(Prompt { kind: p.kind, input: String::new() });
                    return vec![];
                }
                t
            }
        };
        let case = self.case_id();
        use PromptKind as K;
        let raw = p.input;
        match p.kind {
            kind @ (K::Defect { .. }
            | K::PledgeDue
            | K::RefuseReason
            | K::OverrideReason
            | K::OverrideSupervisor { .. }
            | K::OverridePin { .. }) => screens::checklist::submit(self, kind, case, text, raw),
            kind @ (K::HandOffTo | K::HandOffWhy { .. } | K::PostAddress | K::Tracking | K::Stage(_)) => {
                screens::case::submit(self, kind, case, text, raw)
            }
            K::Search => screens::home::submit(self, text),
            K::CancelReason { appointment } => screens::appointments::submit(self, appointment, text),
            K::HandOffClose { case, decline } => screens::handoff_close::submit(self, case, decline, text),
            K::ReportPeriod => screens::reports::submit(self, text),
            K::Time(t) => screens::case_time::submit(self, t, text, raw),
            K::Loop(lp) => screens::task::submit(self, lp, text),
            K::Enquiry(step) => screens::enquiry::submit(self, step, text),
            K::Pledge(p) => screens::pledge::submit(self, p),
            K::Check(p) => screens::checks::submit(self, p, text, raw),
            K::Mark(p) => screens::marks::submit(self, p, text, raw),
        }
    }

    pub(super) fn update_prompt(&mut self, action: Action) -> Effects {
        let Some(p) = self.prompt.as_mut() else { return vec![] };
        match action {
            // A PIN: printable ASCII only, as at the sign-in.
            Action::Input(c) if p.kind.is_secret() && c.is_ascii_graphic() && p.input.len() < 64 => p.input.push(c),
            Action::Input(_) if p.kind.is_secret() => {}
            Action::Input(c) if !c.is_control() && p.input.chars().count() < MAX_FIELD => p.input.push(c),
            Action::Backspace => {
                p.input.pop();
            }
            Action::Back => self.prompt = None,
            Action::Submit => {
                let p = self.prompt.take().expect("prompt");
                return self.prompt_submit(p);
            }
            _ => {}
        }
        vec![]
    }
}

/// The prompt's label and input line, where `layout` put them.
pub fn draw(d: &Desk, frame: &mut Frame, v: &View, bold: Style) {
    use super::draw::{labelled, line, row};
    use crate::app::ui;
    let Some(p) = &d.prompt else { return };
    let lang = d.lang;
    let label = match &p.kind {
        PromptKind::Defect { .. } => ds::PROMPT_DEFECT,
        PromptKind::PledgeDue => ds::PROMPT_PLEDGE_DUE,
        PromptKind::RefuseReason => ds::PROMPT_REASON,
        PromptKind::HandOffTo => ds::PROMPT_HANDOFF_TO,
        PromptKind::HandOffWhy { .. } => ds::PROMPT_HANDOFF_WHY,
        PromptKind::Search => ds::PROMPT_SEARCH,
        PromptKind::ReportPeriod => ds::PROMPT_PERIOD,
        PromptKind::OverrideReason => ds::PROMPT_OVERRIDE_REASON,
        PromptKind::PostAddress => ds::PROMPT_POST_ADDRESS,
        PromptKind::Tracking => ds::PROMPT_TRACKING,
        PromptKind::CancelReason { .. } => ds::PROMPT_CANCEL_APPT,
        PromptKind::HandOffClose { decline: true, .. } => ds::PROMPT_DECLINE_HANDOFF,
        PromptKind::HandOffClose { decline: false, .. } => ds::PROMPT_WITHDRAW_HANDOFF,
        PromptKind::OverrideSupervisor { .. } => ds::PROMPT_OVERRIDE_SUPERVISOR,
        PromptKind::OverridePin { .. } => ds::PROMPT_OVERRIDE_PIN,
        PromptKind::Time(t) => t.label(),
        PromptKind::Loop(p) => p.label(),
        PromptKind::Enquiry(s) => s.label(),
        PromptKind::Stage(s) => s.title(),
        PromptKind::Pledge(p) => p.label(),
        PromptKind::Check(p) => p.label(),
        PromptKind::Mark(p) => p.label(),
    };
    line(frame, row(v.prompt, 0), label.t(lang), bold.fg(ui::WARN_FG));
    let shown = if p.kind.is_secret() { "*".repeat(p.input.len()) } else { p.input.clone() };
    labelled(frame, row(v.prompt, 1), 2, "> ", &shown, true);
}
