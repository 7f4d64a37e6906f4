//! The desk's one-line prompts over the current screen (what is wrong, a date, a reason, a
//! supervisor's number and PIN...): typing into them, what Enter sends, and drawing them.

use super::draw::{labelled, line, row};
use super::strings as ds;
use super::*;
use crate::app::ui;
use ratatui::style::Style;

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
        matches!(self, PromptKind::OverridePin { .. })
    }

    pub fn id_rule(&self) -> IdRule {
        match self {
            PromptKind::Search => IdRule::Lookup,
            PromptKind::Defect { .. }
            | PromptKind::RefuseReason
            | PromptKind::HandOffWhy { .. }
            | PromptKind::OverrideReason
            | PromptKind::CancelReason { .. } => IdRule::Mask,
            PromptKind::PostAddress
            | PromptKind::Tracking
            | PromptKind::HandOffTo
            | PromptKind::OverrideSupervisor { .. } => IdRule::Refuse,
            PromptKind::PledgeDue | PromptKind::ReportPeriod | PromptKind::OverridePin { .. } => IdRule::Parsed,
        }
    }

    /// A staff number goes here (hand-off, supervisor): letters and digits, as at the sign-in.
    fn wants_staff_number(&self) -> bool {
        matches!(self, PromptKind::HandOffTo | PromptKind::OverrideSupervisor { .. })
    }
}

/// The longest staff number (as the sign-in takes it).
const MAX_STAFF_NUMBER: usize = 32;

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
        match (p.kind, case) {
            (PromptKind::Defect { material }, Some(case)) => {
                if text.is_empty() {
                    self.note = Some(Note::Problem(Problem::DefectWithoutReason));
                    return vec![];
                }
                self.ask(Effect::Tick { case, material, state: MaterialState::Defective { what: text } })
            }
            (PromptKind::PledgeDue, Some(case)) => match chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
                Ok(pledge_due) => self.ask(Effect::AcceptDeficient { case, pledge_due }),
                Err(_) => {
                    self.note = Some(Note::Problem(Problem::BadDate));
                    vec![]
                }
            },
            (PromptKind::RefuseReason, Some(case)) => {
                if text.is_empty() {
                    self.note = Some(Note::Problem(Problem::NoReason));
                    return vec![];
                }
                self.ask(Effect::Refuse { case, reason: text })
            }
            (PromptKind::HandOffTo, Some(_)) if !text.is_empty() => {
                self.prompt = Some(Prompt { kind: PromptKind::HandOffWhy { to: text }, input: String::new() });
                vec![]
            }
            (PromptKind::HandOffWhy { to }, Some(case)) => {
                if text.is_empty() {
                    self.note = Some(Note::Problem(Problem::NoReason));
                    self.prompt = Some(Prompt { kind: PromptKind::HandOffWhy { to }, input: String::new() });
                    return vec![];
                }
                self.ask(Effect::HandOff { case, to, reason: text })
            }
            (PromptKind::Search, _) if !text.is_empty() => self.ask(Effect::List { kind: ListKind::Search, text }),
            (PromptKind::PostAddress, Some(case)) => {
                if text.is_empty() {
                    self.note = Some(Note::Problem(Problem::NoAddress));
                    return vec![];
                }
                self.ask(Effect::PostAddress { case, address: text })
            }
            (PromptKind::CancelReason { appointment }, _) => {
                if text.is_empty() {
                    self.note = Some(Note::Problem(Problem::NoReason));
                    self.prompt = Some(Prompt { kind: PromptKind::CancelReason { appointment }, input: String::new() });
                    return vec![];
                }
                self.ask(Effect::CancelAppointment { appointment, reason: text })
            }
            (PromptKind::Tracking, Some(case)) if !text.is_empty() => {
                self.ask(Effect::Tracking { case, tracking: text })
            }
            (PromptKind::ReportPeriod, _) => {
                let Screen::Reports(v) = &mut self.screen else { return vec![] };
                match reports::set_period(v, &text) {
                    Ok(e) => self.ask(e),
                    Err(e) => {
                        self.note = Some(Note::Problem(Problem::BadPeriod(e)));
                        vec![]
                    }
                }
            }
            (PromptKind::OverrideReason, Some(_)) => {
                if text.is_empty() {
                    self.note = Some(Note::Problem(Problem::NoReason));
                    self.prompt = Some(Prompt { kind: PromptKind::OverrideReason, input: String::new() });
                    return vec![];
                }
                self.prompt =
                    Some(Prompt { kind: PromptKind::OverrideSupervisor { reason: text }, input: String::new() });
                vec![]
            }
            (PromptKind::OverrideSupervisor { reason }, Some(_)) => {
                let kind = if text.is_empty() {
                    PromptKind::OverrideSupervisor { reason }
                } else {
                    PromptKind::OverridePin { reason, supervisor: text }
                };
                self.prompt = Some(Prompt { kind, input: String::new() });
                vec![]
            }
            (PromptKind::OverridePin { reason, supervisor }, Some(case)) => {
                if p.input.is_empty() {
                    self.prompt =
                        Some(Prompt { kind: PromptKind::OverridePin { reason, supervisor }, input: String::new() });
                    return vec![];
                }
                // The PIN as typed (not trimmed): it goes to the check and is not kept.
                self.ask(Effect::NoticeOverride { case, reason, supervisor, pin: Secret(p.input) })
            }
            _ => vec![],
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

/// Draw the open prompt in `area` (the layout's prompt rows), its label in `bold`.
pub fn draw(d: &Desk, frame: &mut Frame, area: Rect, bold: Style) {
    let lang = d.lang;
    let Some(p) = &d.prompt else { return };
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
        PromptKind::OverrideSupervisor { .. } => ds::PROMPT_OVERRIDE_SUPERVISOR,
        PromptKind::OverridePin { .. } => ds::PROMPT_OVERRIDE_PIN,
    };
    line(frame, row(area, 0), label.t(lang), bold.fg(ui::WARN_FG));
    let shown = if p.kind.is_secret() { "*".repeat(p.input.len()) } else { p.input.clone() };
    labelled(frame, row(area, 1), 2, "> ", &shown, true);
}
