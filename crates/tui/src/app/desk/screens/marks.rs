//! 失信 marks at the desk (issue 15, "Credit marks"; SPEC §2 容缺受理: entered by a supervisor,
//! with source; 淄博 2020 措施 5 信用修复): X on the queue lists the marks in force (V shows the
//! lifted ones too); A enters one — the credit code or the person's ID number (never shown
//! again: the list shows it masked), where the record comes from, 严重 or 一般, then the
//! supervisor's number and PIN; L lifts the selected one from today with a reason, the
//! supervisor's number and PIN. The service is the one `certdesk credit` uses.

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::draw::{line, row as at, SELECTED_BG};
use crate::app::desk::layout::View;
use crate::app::desk::{IdRule, Prompt, PromptKind, Secret};
use crate::app::strings::{Lang, T};
use crate::app::ui::{self, BG, DIM, FG};
use crate::domain::credit::MarkRecord;
use certdesk_protocol::desk_pledge::PledgeEffect;
use ratatui::style::{Modifier, Style};
use ratatui::Frame;

pub const TITLE: T = T::new("失信标记", "Bad-credit marks (失信)");
pub const TITLE_ALL: T = T::new("失信标记（含已解除）", "Bad-credit marks (with lifted ones)");
pub const NONE: T = T::new("没有失信标记", "No bad-credit mark");
pub const PROMPT_SUBJECT: T = T::new("统一社会信用代码或身份证号", "Unified social credit code or resident ID number");
pub const PROMPT_SOURCE: T =
    T::new("失信记录的来源（如信用中国、决定书文号）", "Where the record comes from (信用中国, a decision's number)");
pub const PROMPT_SERIOUS: T =
    T::new("严重失信？输入 y 为严重，回车为一般", "Serious (严重失信)? y for serious, Enter for general");
pub const PROMPT_LIFT: T = T::new("解除理由（如信用修复审核通过）", "Why it is lifted (信用修复 approved …)");
pub const PROMPT_SUPERVISOR: T =
    T::new("主管工号（请主管本人输入）", "Supervisor's staff number (the supervisor types it)");
pub const PROMPT_PIN: T = T::new("主管密码", "Supervisor's PIN");

/// What is being entered, prompt by prompt.
#[derive(Clone, PartialEq, Eq)]
pub struct NewMark {
    pub subject: String,
    pub person: bool,
    pub source: String,
    pub serious: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkPrompt {
    Subject,
    Source { subject: String, person: bool },
    Serious { subject: String, person: bool, source: String },
    Supervisor { mark: NewMark },
    Pin { mark: NewMark, supervisor: String },
    LiftReason { id: i64 },
    LiftSupervisor { id: i64, reason: String },
    LiftPin { id: i64, reason: String, supervisor: String },
}

impl std::fmt::Debug for NewMark {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The subject may be an ID number: never in a log line.
        write!(f, "NewMark(person: {}, serious: {})", self.person, self.serious)
    }
}

impl MarkPrompt {
    pub fn label(&self) -> T {
        match self {
            MarkPrompt::Subject => PROMPT_SUBJECT,
            MarkPrompt::Source { .. } => PROMPT_SOURCE,
            MarkPrompt::Serious { .. } => PROMPT_SERIOUS,
            MarkPrompt::Supervisor { .. } | MarkPrompt::LiftSupervisor { .. } => PROMPT_SUPERVISOR,
            MarkPrompt::Pin { .. } | MarkPrompt::LiftPin { .. } => PROMPT_PIN,
            MarkPrompt::LiftReason { .. } => PROMPT_LIFT,
        }
    }
    pub fn is_secret(&self) -> bool {
        matches!(self, MarkPrompt::Pin { .. } | MarkPrompt::LiftPin { .. })
    }
    pub fn wants_staff_number(&self) -> bool {
        matches!(self, MarkPrompt::Supervisor { .. } | MarkPrompt::LiftSupervisor { .. })
    }
    pub fn id_rule(&self) -> IdRule {
        match self {
            // The subject: the number goes to the service only (checked, kept hashed and masked).
            MarkPrompt::Subject => IdRule::Lookup,
            MarkPrompt::Source { .. } | MarkPrompt::LiftReason { .. } => IdRule::Mask,
            MarkPrompt::Supervisor { .. } | MarkPrompt::LiftSupervisor { .. } => IdRule::Refuse,
            MarkPrompt::Serious { .. } | MarkPrompt::Pin { .. } | MarkPrompt::LiftPin { .. } => IdRule::Parsed,
        }
    }
}

pub fn commands() -> Vec<Command> {
    vec![
        row(Key::Hint, Cmd::Hint, l::CHOOSE),
        row(Key::Char('a'), Cmd::AddMark, l::ADD_MARK),
        row(Key::Char('l'), Cmd::LiftMark, l::LIFT_MARK),
        row(Key::Char('v'), Cmd::LiftedMarks, l::LIFTED_MARKS),
        row(Key::Esc, Cmd::Home, l::HOME),
    ]
}

fn ask_prompt(d: &mut Desk, p: MarkPrompt) -> Effects {
    d.prompt = Some(Prompt { kind: PromptKind::Mark(p), input: String::new() });
    vec![]
}

pub fn update(d: &mut Desk, cmd: Option<Cmd>) -> Effects {
    let Screen::Marks { marks, lifted, selected } = &d.screen else { return vec![] };
    let picked = marks.get(*selected).filter(|m| m.lifted.is_none()).map(|m| m.id);
    let lifted = *lifted;
    match cmd {
        Some(Cmd::AddMark) => ask_prompt(d, MarkPrompt::Subject),
        Some(Cmd::LiftMark) => match picked {
            Some(id) => ask_prompt(d, MarkPrompt::LiftReason { id }),
            None => vec![],
        },
        Some(Cmd::LiftedMarks) => d.ask(Effect::Pledge(PledgeEffect::Marks { lifted: !lifted })),
        Some(Cmd::Home) => d.go_home(),
        _ => vec![],
    }
}

/// A prompt answered (`raw`: the PIN as typed).
pub fn submit(d: &mut Desk, p: MarkPrompt, text: String, raw: String) -> Effects {
    use MarkPrompt as P;
    match p {
        P::Subject if text.is_empty() => ask_prompt(d, P::Subject),
        P::Subject => {
            // An ID number is a person; anything else is taken as a credit code (the service
            // checks both and says what is wrong).
            let person = crate::domain::id::ResidentId::parse(&text, d.settings.clock.today()).is_ok();
            ask_prompt(d, P::Source { subject: text, person })
        }
        P::Source { subject, person } if text.is_empty() => ask_prompt(d, P::Source { subject, person }),
        P::Source { subject, person } => ask_prompt(d, P::Serious { subject, person, source: text }),
        P::Serious { subject, person, source } => {
            let serious = matches!(text.as_str(), "y" | "Y");
            ask_prompt(d, P::Supervisor { mark: NewMark { subject, person, source, serious } })
        }
        P::Supervisor { mark } if text.is_empty() => ask_prompt(d, P::Supervisor { mark }),
        P::Supervisor { mark } => ask_prompt(d, P::Pin { mark, supervisor: text }),
        P::Pin { mark, supervisor } if raw.is_empty() => ask_prompt(d, P::Pin { mark, supervisor }),
        P::Pin { mark, supervisor } => d.ask(Effect::Pledge(PledgeEffect::AddMark {
            subject: mark.subject,
            person: mark.person,
            confirm: false,
            serious: mark.serious,
            source: mark.source,
            note: String::new(),
            supervisor,
            pin: Secret(raw),
        })),
        P::LiftReason { id } if text.is_empty() => ask_prompt(d, P::LiftReason { id }),
        P::LiftReason { id } => ask_prompt(d, P::LiftSupervisor { id, reason: text }),
        P::LiftSupervisor { id, reason } if text.is_empty() => ask_prompt(d, P::LiftSupervisor { id, reason }),
        P::LiftSupervisor { id, reason } => ask_prompt(d, P::LiftPin { id, reason, supervisor: text }),
        P::LiftPin { id, reason, supervisor } if raw.is_empty() => ask_prompt(d, P::LiftPin { id, reason, supervisor }),
        P::LiftPin { id, reason, supervisor } => {
            d.ask(Effect::Pledge(PledgeEffect::LiftMark { id, reason, supervisor, pin: Secret(raw) }))
        }
    }
}

fn mark_line(lang: Lang, m: &MarkRecord) -> String {
    let kind = match (lang, m.serious) {
        (Lang::Zh, true) => "严重失信",
        (Lang::Zh, false) => "一般失信",
        (Lang::En, true) => "serious",
        (Lang::En, false) => "general",
    };
    let since = m.since.format("%Y-%m-%d");
    let lifted = match (&m.lifted, lang) {
        (None, _) => String::new(),
        (Some(l), Lang::Zh) => format!("  {}起解除", l.on.format("%Y-%m-%d")),
        (Some(l), Lang::En) => format!("  lifted from {}", l.on.format("%Y-%m-%d")),
    };
    let source = crate::app::strings::screen_safe(&m.source);
    // Each figure says what it is (a bare date and a bare staff number read as noise).
    match lang {
        Lang::Zh => format!("{:>3}  {}  {kind}  {since}起  {source}  工号{}录入{lifted}", m.id, m.shown, m.entered_by),
        Lang::En => format!("{:>3}  {}  {kind}  since {since}  {source}  by {}{lifted}", m.id, m.shown, m.entered_by),
    }
}

pub fn draw(d: &Desk, v: &View, frame: &mut Frame) {
    let Screen::Marks { marks, lifted, selected } = &d.screen else { return };
    let lang = d.lang;
    let normal = Style::default().fg(FG).bg(BG);
    let bold = normal.add_modifier(Modifier::BOLD);
    line(frame, at(v.body, 0), if *lifted { TITLE_ALL.t(lang) } else { TITLE.t(lang) }, bold);
    if marks.is_empty() {
        line(frame, at(v.body, 1), NONE.t(lang), normal.fg(DIM));
    }
    for (r, i) in &v.rows {
        let Some(m) = marks.get(*i) else { continue };
        let fg = if m.lifted.is_some() {
            DIM
        } else if m.serious {
            ui::BAD_FG
        } else {
            ui::WARN_FG
        };
        let style = if *i == *selected { bold.bg(SELECTED_BG).fg(fg) } else { normal.fg(fg) };
        line(frame, *r, &mark_line(lang, m), style);
    }
}
