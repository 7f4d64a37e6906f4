//! The pledge step before acceptance (issue 15, "Pledges that are real"; SPEC §2 容缺受理 and
//! 告知承诺: the applicant signs the pledge before acceptance). On the checklist, F6 (容缺受理)
//! with its date, or F5 (受理) when materials are ticked 告知承诺, first prints the pledge for the
//! applicant; the prompt then waits for the clerk to confirm the signed paper is back (Enter),
//! and only then asks for the acceptance. Esc leaves the case unaccepted, the printed pledge on
//! file unsigned. The service refuses the acceptance without the confirmation in any case.

use super::*;
use crate::app::desk::{IdRule, Note, Prompt, PromptKind};
use crate::app::kiosk::PrinterFault;
use crate::app::strings::{Lang, T};
use crate::app::ui;
use crate::domain::intake::{CheckItem, MaterialState};
use crate::domain::pledge::PledgeKind;
use crate::domain::records::CaseId;
use certdesk_protocol::desk_pledge::{PledgeEffect, PledgeOutcome};
use chrono::NaiveDate;

/// The prompt of the pledge step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PledgePrompt {
    /// The printed pledge is with the applicant: Enter once the signed paper is in hand.
    Signed { case: CaseId, kind: PledgeKind },
}

pub const PROMPT_SIGNED_DEFICIENT: T = T::new(
    "容缺受理承诺书已打印：申请人签字后收回原件，按回车确认并受理（Esc 暂不受理）",
    "Pledge printed: once the applicant has signed it and you hold it, Enter confirms and accepts (Esc: not now)",
);
pub const PROMPT_SIGNED_NOTIFY: T = T::new(
    "告知承诺书已打印：申请人签字后收回原件，按回车确认并受理（Esc 暂不受理）",
    "Pledge in lieu of proof printed: once signed and in hand, Enter confirms and accepts (Esc: not now)",
);

impl PledgePrompt {
    pub fn label(&self) -> T {
        match self {
            PledgePrompt::Signed { kind: PledgeKind::Deficient, .. } => PROMPT_SIGNED_DEFICIENT,
            PledgePrompt::Signed { kind: PledgeKind::Notify, .. } => PROMPT_SIGNED_NOTIFY,
        }
    }
    pub fn id_rule(&self) -> IdRule {
        // Nothing typed is kept: Enter confirms.
        IdRule::Parsed
    }
}

/// What the pledge step says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PledgeNote {
    Printed {
        kind: PledgeKind,
        serial: u64,
        a4: bool,
        fault: Option<PrinterFault>,
    },
    Confirmed(PledgeKind),
    /// A 核查 finding recorded (`checks.rs`).
    Found {
        finding: crate::domain::pledge::Finding,
        decision: crate::domain::pledge::DecisionConsequence,
        marked: bool,
    },
}

fn title(lang: Lang, kind: PledgeKind) -> &'static str {
    match lang {
        Lang::Zh => kind.title_zh(),
        Lang::En => match kind {
            PledgeKind::Deficient => "pledge (容缺受理)",
            PledgeKind::Notify => "pledge in lieu of proof (告知承诺)",
        },
    }
}

pub fn note_text(lang: Lang, n: &PledgeNote) -> (String, ratatui::style::Color) {
    match (n, lang) {
        (PledgeNote::Printed { kind, serial, a4: true, fault: None }, Lang::Zh) => {
            (format!("已打印{}（A4，作业A{serial:07}），请申请人签字", title(lang, *kind)), ui::OK_FG)
        }
        (PledgeNote::Printed { kind, serial, a4: true, fault: None }, Lang::En) => {
            (format!("Printed the {} on A4 (job A{serial:07}): the applicant signs it", title(lang, *kind)), ui::OK_FG)
        }
        (PledgeNote::Printed { kind, serial, a4: true, fault: Some(_) }, Lang::Zh) => (
            format!("{}未能打印（A4作业A{serial:07}已保留），请检查A4打印机后再按一次打印", title(lang, *kind)),
            ui::BAD_FG,
        ),
        (PledgeNote::Printed { kind, serial, a4: true, fault: Some(_) }, Lang::En) => (
            format!(
                "The {} did not print (A4 job A{serial:07} kept): check the A4 printer and print it again",
                title(lang, *kind)
            ),
            ui::BAD_FG,
        ),
        (PledgeNote::Printed { kind, serial, fault: None, .. }, Lang::Zh) => {
            (format!("已打印{}，流水号{serial:08}，请申请人签字", title(lang, *kind)), ui::OK_FG)
        }
        (PledgeNote::Printed { kind, serial, fault: None, .. }, Lang::En) => {
            (format!("Printed the {}, serial {serial:08}: the applicant signs it", title(lang, *kind)), ui::OK_FG)
        }
        (PledgeNote::Printed { kind, serial, fault: Some(_), .. }, Lang::Zh) => {
            (format!("{}未能打印（流水号{serial:08}），请检查打印机后重打", title(lang, *kind)), ui::BAD_FG)
        }
        (PledgeNote::Printed { kind, serial, fault: Some(_), .. }, Lang::En) => (
            format!(
                "The {} did not print (serial {serial:08}): check the printer and print it again",
                title(lang, *kind)
            ),
            ui::BAD_FG,
        ),
        (PledgeNote::Confirmed(kind), Lang::Zh) => (format!("已确认申请人签署{}", title(lang, *kind)), ui::OK_FG),
        (PledgeNote::Confirmed(kind), Lang::En) => {
            (format!("The signed {} is confirmed", title(lang, *kind)), ui::OK_FG)
        }
        (PledgeNote::Found { finding, decision, marked }, _) => {
            let fg = if *finding == crate::domain::pledge::Finding::True { ui::OK_FG } else { ui::WARN_FG };
            (super::checks::found_text(lang, *finding, *decision, *marked), fg)
        }
    }
}

/// F5 on the checklist: materials ticked 告知承诺 first print the 告知承诺书; otherwise accept.
pub fn accept(d: &mut Desk, case: CaseId, items: &[CheckItem]) -> Effects {
    if items.iter().any(|i| i.state == MaterialState::Pledged) {
        d.ask(Effect::Pledge(PledgeEffect::Print { case, kind: PledgeKind::Notify, due: None }))
    } else {
        d.ask(Effect::Accept { case })
    }
}

/// The 容缺 date typed: print the 容缺受理承诺书 with it.
pub fn deficient(d: &mut Desk, case: CaseId, due: NaiveDate) -> Effects {
    d.ask(Effect::Pledge(PledgeEffect::Print { case, kind: PledgeKind::Deficient, due: Some(due) }))
}

/// Enter on the signed prompt: confirm it (the acceptance follows the confirmation).
pub fn submit(d: &mut Desk, p: PledgePrompt) -> Effects {
    match p {
        PledgePrompt::Signed { case, kind } => d.ask(Effect::Pledge(PledgeEffect::Confirm { case, kind })),
    }
}

/// The service's answers to the pledge step.
pub fn outcome(d: &mut Desk, o: PledgeOutcome) -> Effects {
    match o {
        PledgeOutcome::Printed { case, pledge, serial, a4, preview, fault } => {
            let kind = pledge.terms.kind;
            let printed = fault.is_none();
            d.note = Some(Note::Pledge(PledgeNote::Printed { kind, serial, a4, fault }));
            d.preview = (!preview.is_empty()).then_some(preview);
            if printed {
                d.prompt = Some(Prompt {
                    kind: PromptKind::Pledge(PledgePrompt::Signed { case, kind }),
                    input: String::new(),
                });
            }
            vec![]
        }
        PledgeOutcome::Confirmed { case, pledge } => {
            d.note = Some(Note::Pledge(PledgeNote::Confirmed(pledge.terms.kind)));
            match (pledge.terms.kind, pledge.terms.due) {
                (PledgeKind::Deficient, Some(pledge_due)) => d.ask(Effect::AcceptDeficient { case, pledge_due }),
                _ => d.ask(Effect::Accept { case }),
            }
        }
        PledgeOutcome::Checks { checks, done } => {
            d.screen = Screen::Checks { checks, done, selected: 0 };
            vec![]
        }
        PledgeOutcome::Found { result, checks } => {
            let note =
                PledgeNote::Found { finding: result.finding, decision: result.decision, marked: result.mark.is_some() };
            d.note = Some(Note::Pledge(note));
            d.screen = Screen::Checks { checks, done: false, selected: 0 };
            vec![]
        }
        PledgeOutcome::CaseMarks { case, marks } => {
            d.intake_marks = Some((case, marks));
            vec![]
        }
        PledgeOutcome::Marks { lifted, marks } => {
            // A refused PIN or entry before this answer is settled by it.
            d.note = None;
            d.screen = Screen::Marks { marks, lifted, selected: 0 };
            vec![]
        }
    }
}

// ---- marks at intake ----------------------------------------------------------------------

/// The visitor saved: ask for the marks in force on the applicant (shown on the form).
pub fn ask_marks(d: &mut Desk, case: CaseId) -> Effects {
    d.ask(Effect::Pledge(PledgeEffect::CaseMarks { case }))
}

/// The line the visitor form shows for a mark in force (SPEC §2 容缺受理: excluded while marked).
pub fn mark_line(lang: Lang, m: &crate::domain::intake::CreditMark) -> String {
    let since = m.since.format("%Y-%m-%d");
    match lang {
        Lang::Zh => {
            let kind = if m.serious { "严重失信" } else { "一般失信" };
            format!("失信标记：{kind} {}（自{since}），不得容缺受理", m.credit_code)
        }
        Lang::En => {
            let kind = if m.serious { "serious" } else { "general" };
            format!("Bad-credit mark ({kind}) on {} since {since}: no 容缺 acceptance", m.credit_code)
        }
    }
}
