//! The 事中事后核查 list (issue 15; SPEC §2 告知承诺: each pledge opens a follow-up check whose
//! result is recorded): H on the queue. The open checks, soonest due first, with what was
//! pledged and the days left; 1 records 属实, 2 不实 (what was found, then — unless a supervisor
//! is signed in — the supervisor's number and PIN, since a false pledge marks the applicant and
//! revokes or bars the permit: `domain::pledge::consequences`). V shows the finished checks
//! instead (newest first: 属实/不实, who, when, what followed) and back. Esc goes home.

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::draw::{line, row as at, SELECTED_BG};
use crate::app::desk::layout::View;
use crate::app::desk::{IdRule, Prompt, PromptKind, Secret};
use crate::app::strings::{Lang, T};
use crate::app::ui::{self, BG, DIM, FG};
use crate::domain::pledge::{DecisionConsequence, Finding, PledgeCheck};
use certdesk_protocol::desk_pledge::PledgeEffect;
use ratatui::style::{Modifier, Style};
use ratatui::Frame;

pub const TITLE: T = T::new("事中事后核查（告知承诺）", "Follow-up checks of pledges (告知承诺)");
pub const NONE: T = T::new("没有待核查的告知承诺", "No pledge waits for its check");
pub const TITLE_DONE: T = T::new("已完成的事中事后核查", "Finished follow-up checks of pledges");
pub const NONE_DONE: T = T::new("还没有完成的核查", "No check has been finished yet");
pub const PROMPT_TRUE: T = T::new("核查属实：说明（可留空）", "Found true: note (may be empty)");
pub const PROMPT_FALSE: T = T::new(
    "核查不实：写明核查发现的情况（将记入失信记录）",
    "Found false: what was found (goes on the bad-credit record)",
);
pub const PROMPT_SUPERVISOR: T = T::new(
    "核查不实须主管确认：主管工号（请主管本人输入）",
    "A false finding needs a supervisor: staff number (the supervisor types it)",
);
pub const PROMPT_PIN: T = T::new("主管密码", "Supervisor's PIN");

/// The prompts of a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckPrompt {
    Note { id: i64, finding: Finding },
    Supervisor { id: i64, note: String },
    Pin { id: i64, note: String, supervisor: String },
}

impl CheckPrompt {
    pub fn label(&self) -> T {
        match self {
            CheckPrompt::Note { finding: Finding::True, .. } => PROMPT_TRUE,
            CheckPrompt::Note { finding: Finding::False, .. } => PROMPT_FALSE,
            CheckPrompt::Supervisor { .. } => PROMPT_SUPERVISOR,
            CheckPrompt::Pin { .. } => PROMPT_PIN,
        }
    }
    pub fn is_secret(&self) -> bool {
        matches!(self, CheckPrompt::Pin { .. })
    }
    pub fn wants_staff_number(&self) -> bool {
        matches!(self, CheckPrompt::Supervisor { .. })
    }
    pub fn id_rule(&self) -> IdRule {
        match self {
            CheckPrompt::Note { .. } => IdRule::Mask,
            CheckPrompt::Supervisor { .. } => IdRule::Refuse,
            CheckPrompt::Pin { .. } => IdRule::Parsed,
        }
    }
}

/// The list's commands; a finished check takes no second finding (`done`: 1 and 2 off).
pub fn commands(done: bool) -> Vec<Command> {
    vec![
        row(Key::Hint, Cmd::Hint, l::CHOOSE),
        row(Key::Char('1'), Cmd::CheckTrue, l::CHECK_TRUE).when(!done),
        row(Key::Char('2'), Cmd::CheckFalse, l::CHECK_FALSE).when(!done),
        row(Key::Char('v'), Cmd::DoneChecks, if done { l::OPEN_CHECKS } else { l::DONE_CHECKS }),
        row(Key::Esc, Cmd::Home, l::HOME),
    ]
}

fn ask_prompt(d: &mut Desk, p: CheckPrompt) -> Effects {
    d.prompt = Some(Prompt { kind: PromptKind::Check(p), input: String::new() });
    vec![]
}

pub fn update(d: &mut Desk, cmd: Option<Cmd>) -> Effects {
    let Screen::Checks { checks, selected, done } = &d.screen else { return vec![] };
    let done = *done;
    match cmd {
        Some(Cmd::DoneChecks) => return d.ask(Effect::Pledge(PledgeEffect::Checks { done: !done })),
        Some(Cmd::Home) => return d.go_home(),
        _ => {}
    }
    // Only an open check takes a finding (the table keeps 1 and 2 off the finished list).
    let Some(id) = checks.get(*selected).filter(|c| c.result.is_none()).map(|c| c.id) else { return vec![] };
    match cmd {
        Some(Cmd::CheckTrue) => ask_prompt(d, CheckPrompt::Note { id, finding: Finding::True }),
        Some(Cmd::CheckFalse) => ask_prompt(d, CheckPrompt::Note { id, finding: Finding::False }),
        _ => vec![],
    }
}

/// A finding's prompt answered (`raw`: the PIN as typed).
pub fn submit(d: &mut Desk, p: CheckPrompt, text: String, raw: String) -> Effects {
    let supervisor_signed_in = d.staff.as_ref().is_some_and(|s| {
        matches!(s.role, crate::domain::records::Role::Supervisor | crate::domain::records::Role::Admin)
    });
    let finding =
        |id, finding, note, supervisor| Effect::Pledge(PledgeEffect::Finding { id, finding, note, supervisor });
    match p {
        CheckPrompt::Note { id, finding: Finding::True } => d.ask(finding(id, Finding::True, text, None)),
        CheckPrompt::Note { id, finding: Finding::False } if text.is_empty() => {
            ask_prompt(d, CheckPrompt::Note { id, finding: Finding::False })
        }
        CheckPrompt::Note { id, finding: Finding::False } if supervisor_signed_in => {
            d.ask(finding(id, Finding::False, text, None))
        }
        CheckPrompt::Note { id, finding: Finding::False } => ask_prompt(d, CheckPrompt::Supervisor { id, note: text }),
        CheckPrompt::Supervisor { id, note } if text.is_empty() => ask_prompt(d, CheckPrompt::Supervisor { id, note }),
        CheckPrompt::Supervisor { id, note } => ask_prompt(d, CheckPrompt::Pin { id, note, supervisor: text }),
        CheckPrompt::Pin { id, note, supervisor } if raw.is_empty() => {
            ask_prompt(d, CheckPrompt::Pin { id, note, supervisor })
        }
        CheckPrompt::Pin { id, note, supervisor } => {
            d.ask(finding(id, Finding::False, note, Some((supervisor, Secret(raw)))))
        }
    }
}

/// What a recorded finding led to.
pub fn found_text(lang: Lang, finding: Finding, decision: DecisionConsequence, marked: bool) -> String {
    match lang {
        Lang::Zh => match finding {
            Finding::True => "核查属实，已记录".into(),
            Finding::False => {
                format!("核查不实，已记录：{}{}", decision.zh(), if marked { "，已记入失信标记" } else { "" })
            }
        },
        Lang::En => match finding {
            Finding::True => "Found true: recorded".into(),
            Finding::False => {
                format!(
                    "Found false: recorded; {}{}",
                    decision.en(),
                    if marked { "; bad-credit mark entered" } else { "" }
                )
            }
        },
    }
}

fn check_line(d: &Desk, lang: Lang, c: &PledgeCheck) -> String {
    let today = d.settings.clock.today();
    let names: Vec<String> =
        c.materials.iter().map(|m| crate::app::desk::draw::material_name(d, &c.matter, m)).collect();
    let left = (c.due - today).num_days();
    let when = match lang {
        Lang::Zh if left < 0 => format!("已逾期（{}）", c.due.format("%Y-%m-%d")),
        Lang::Zh => format!("{}到期", c.due.format("%Y-%m-%d")),
        Lang::En if left < 0 => format!("overdue ({})", c.due.format("%Y-%m-%d")),
        Lang::En => format!("due {}", c.due.format("%Y-%m-%d")),
    };
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    format!("{}  {}  {}  {}", c.number, crate::app::strings::screen_safe(&c.visitor), when, names.join(sep))
}

/// A finished check: the case, the applicant, the finding, who and when, and for a false
/// pledge what followed (撤销 or 不予许可, the 失信 mark) and what was found.
pub fn done_line(lang: Lang, c: &PledgeCheck) -> String {
    let visitor = crate::app::strings::screen_safe(&c.visitor);
    let Some(r) = &c.result else { return format!("{}  {visitor}", c.number) };
    let at = r.at.format("%Y-%m-%d %H:%M");
    let note = crate::app::strings::screen_safe(&r.note);
    let (finding, followed) = match lang {
        Lang::Zh => (
            r.finding.zh(),
            match (r.finding, r.mark) {
                (Finding::True, _) => String::new(),
                (Finding::False, Some(m)) => format!("  {}，失信标记{m}", r.decision.zh()),
                (Finding::False, None) => format!("  {}", r.decision.zh()),
            },
        ),
        Lang::En => (
            r.finding.en(),
            match (r.finding, r.mark) {
                (Finding::True, _) => String::new(),
                (Finding::False, Some(m)) => format!("  {}, bad-credit mark {m}", r.decision.en()),
                (Finding::False, None) => format!("  {}", r.decision.en()),
            },
        ),
    };
    let note = if note.is_empty() { String::new() } else { format!("  {note}") };
    match lang {
        Lang::Zh => format!("{}  {visitor}  核查{finding}  工号{}  {at}{followed}{note}", c.number, r.by),
        Lang::En => format!("{}  {visitor}  found {finding} by {}  {at}{followed}{note}", c.number, r.by),
    }
}

pub fn draw(d: &Desk, v: &View, frame: &mut Frame) {
    let Screen::Checks { checks, selected, done } = &d.screen else { return };
    let lang = d.lang;
    let today = d.settings.clock.today();
    let normal = Style::default().fg(FG).bg(BG);
    let bold = normal.add_modifier(Modifier::BOLD);
    line(frame, at(v.body, 0), if *done { TITLE_DONE.t(lang) } else { TITLE.t(lang) }, bold);
    if checks.is_empty() {
        line(frame, at(v.body, 1), if *done { NONE_DONE.t(lang) } else { NONE.t(lang) }, normal.fg(DIM));
    }
    for (r, i) in &v.rows {
        let Some(c) = checks.get(*i) else { continue };
        let (text, fg) = match &c.result {
            // A false pledge stands out; a true one reads plainly.
            Some(res) => (done_line(lang, c), if res.finding == Finding::False { ui::BAD_FG } else { FG }),
            None => (check_line(d, lang, c), if c.due < today { ui::BAD_FG } else { FG }),
        };
        let style = if *i == *selected { bold.bg(SELECTED_BG).fg(fg) } else { normal.fg(fg) };
        line(frame, *r, &text, style);
    }
}
