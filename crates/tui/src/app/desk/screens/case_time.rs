//! A case's time under the 行政许可法 (issue 15): the time page (T on the case) with the
//! decision 准予/不予许可 (第三十八条), the extension approved by a supervisor (第四十二条), the
//! clock stops (第四十五条) and the delivery (第四十四条); the list of notices owed (G on the
//! queue, 第三十二条); and the prompts these take, with 当场更正 on the checklist and the
//! competent authority after a 不予受理. Words in `desk/time_strings.rs`.

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::effects::TimeDone;
use crate::app::desk::time_strings as ts;
use crate::app::desk::{IdRule, Note, Prompt, PromptKind, Secret};
use crate::app::strings::{Lang, T};
use crate::app::ui::{self, BG, DIM, FG};
use crate::domain::case_time::StopKind;
use crate::domain::intake::MaterialState;
use certdesk_protocol::desk_time::{NoticeOwed, TimeEffect};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The prompts of a case's time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimePrompt {
    /// 当场更正 on the checklist: what was corrected.
    Corrected {
        material: String,
    },
    Grant,
    Deny,
    ExtendWhy,
    ExtendSupervisor {
        reasons: String,
    },
    ExtendPin {
        reasons: String,
        supervisor: String,
    },
    StopKind,
    StopDays {
        kind: StopKind,
    },
    Deliver,
    /// After the reason of a 不予受理: the competent authority (may be empty).
    Authority {
        reason: String,
    },
}

impl TimePrompt {
    pub fn label(&self) -> T {
        match self {
            TimePrompt::Corrected { .. } => ts::PROMPT_CORRECTED,
            TimePrompt::Grant => ts::PROMPT_GRANT,
            TimePrompt::Deny => ts::PROMPT_DENY,
            TimePrompt::ExtendWhy => ts::PROMPT_EXTEND,
            TimePrompt::ExtendSupervisor { .. } => ts::PROMPT_EXTEND_SUPERVISOR,
            TimePrompt::ExtendPin { .. } => ts::PROMPT_EXTEND_PIN,
            TimePrompt::StopKind => ts::PROMPT_STOP_KIND,
            TimePrompt::StopDays { .. } => ts::PROMPT_STOP_DAYS,
            TimePrompt::Deliver => ts::PROMPT_DELIVER,
            TimePrompt::Authority { .. } => ts::PROMPT_AUTHORITY,
        }
    }
    pub fn is_secret(&self) -> bool {
        matches!(self, TimePrompt::ExtendPin { .. })
    }
    pub fn wants_staff_number(&self) -> bool {
        matches!(self, TimePrompt::ExtendSupervisor { .. })
    }
    pub fn id_rule(&self) -> IdRule {
        match self {
            TimePrompt::ExtendSupervisor { .. } => IdRule::Refuse,
            TimePrompt::ExtendPin { .. } | TimePrompt::StopKind | TimePrompt::StopDays { .. } => IdRule::Parsed,
            // An authority's name is prose: a number in it is masked like in a reason.
            _ => IdRule::Mask,
        }
    }
}

fn ask_prompt(d: &mut Desk, p: TimePrompt) -> Effects {
    d.prompt = Some(Prompt { kind: PromptKind::Time(p), input: String::new() });
    vec![]
}

/// A typed prompt answered (`text` cleaned by the prompt's ID rule; `raw` as typed, for a PIN).
pub fn submit(d: &mut Desk, p: TimePrompt, text: String, raw: String) -> Effects {
    let case = match &d.screen {
        Screen::CaseTime { line } => Some(line.case.id),
        Screen::Checklist { case, .. } => Some(case.id),
        Screen::Case { line } => Some(line.case.id),
        _ => None,
    };
    let Some(case) = case else { return vec![] };
    let time = |e| Effect::Time(e);
    match p {
        TimePrompt::Corrected { material } => {
            if text.is_empty() {
                return ask_prompt(d, TimePrompt::Corrected { material });
            }
            d.ask(Effect::Tick { case, material, state: MaterialState::Corrected { what: text } })
        }
        TimePrompt::Grant => d.ask(time(TimeEffect::Grant { case, reasons: text })),
        TimePrompt::Deny => d.ask(time(TimeEffect::Deny { case, reasons: text })),
        TimePrompt::ExtendWhy if text.is_empty() => ask_prompt(d, TimePrompt::ExtendWhy),
        TimePrompt::ExtendWhy => ask_prompt(d, TimePrompt::ExtendSupervisor { reasons: text }),
        TimePrompt::ExtendSupervisor { reasons } if text.is_empty() => {
            ask_prompt(d, TimePrompt::ExtendSupervisor { reasons })
        }
        TimePrompt::ExtendSupervisor { reasons } => ask_prompt(d, TimePrompt::ExtendPin { reasons, supervisor: text }),
        TimePrompt::ExtendPin { reasons, supervisor } if raw.is_empty() => {
            ask_prompt(d, TimePrompt::ExtendPin { reasons, supervisor })
        }
        TimePrompt::ExtendPin { reasons, supervisor } => {
            d.ask(time(TimeEffect::Extend { case, reasons, supervisor, pin: Secret(raw) }))
        }
        TimePrompt::StopKind => {
            let kind = text.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| StopKind::ALL.get(i));
            match kind {
                Some(&kind) => ask_prompt(d, TimePrompt::StopDays { kind }),
                None => {
                    d.note = Some(Note::Time(TimeNote::BadStopKind));
                    ask_prompt(d, TimePrompt::StopKind)
                }
            }
        }
        TimePrompt::StopDays { kind } => match text.parse::<u32>() {
            Ok(told_days @ 1..=365) => d.ask(time(TimeEffect::Stop { case, kind, told_days })),
            _ => {
                d.note = Some(Note::Time(TimeNote::BadDays));
                ask_prompt(d, TimePrompt::StopDays { kind })
            }
        },
        TimePrompt::Deliver => d.ask(time(TimeEffect::Deliver { case, manner: text })),
        TimePrompt::Authority { reason } => d.ask(time(TimeEffect::RefuseTo { case, reason, authority: text })),
    }
}

/// The notes of this part of the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeNote {
    Done(TimeDone),
    BadStopKind,
    BadDays,
}

pub fn note_text(lang: Lang, n: &TimeNote) -> (String, ratatui::style::Color) {
    match n {
        TimeNote::Done(d) => (ts::done(lang, *d).to_string(), ui::OK_FG),
        TimeNote::BadStopKind => (ts::BAD_STOP_KIND.t(lang).to_string(), ui::BAD_FG),
        TimeNote::BadDays => (ts::BAD_DAYS.t(lang).to_string(), ui::BAD_FG),
    }
}

// ---- the time page ---------------------------------------------------------------------------

pub fn commands() -> Vec<Command> {
    use Cmd as C;
    use Key as K;
    vec![
        row(K::F(5), C::Grant, l::GRANT),
        row(K::F(6), C::Deny, l::DENY),
        row(K::F(7), C::Extend, l::EXTEND),
        row(K::F(8), C::StopClock, l::STOP_CLOCK),
        row(K::F(9), C::ResumeClock, l::RESUME_CLOCK),
        row(K::F(11), C::Deliver, l::DELIVER),
        row(K::Esc, C::BackToCase, l::BACK_TO_CASE),
    ]
}

pub fn update(d: &mut Desk, cmd: Option<Cmd>) -> Effects {
    let Screen::CaseTime { line } = &d.screen else { return vec![] };
    let case = line.case.id;
    match cmd {
        Some(Cmd::Grant) => ask_prompt(d, TimePrompt::Grant),
        Some(Cmd::Deny) => ask_prompt(d, TimePrompt::Deny),
        Some(Cmd::Extend) => ask_prompt(d, TimePrompt::ExtendWhy),
        Some(Cmd::StopClock) => ask_prompt(d, TimePrompt::StopKind),
        Some(Cmd::ResumeClock) => d.ask(Effect::Time(TimeEffect::Resume { case })),
        Some(Cmd::Deliver) => ask_prompt(d, TimePrompt::Deliver),
        Some(Cmd::BackToCase) => d.ask(Effect::Case { case }),
        _ => vec![],
    }
}

// ---- the notices owed --------------------------------------------------------------------------

pub fn owed_commands() -> Vec<Command> {
    use Cmd as C;
    use Key as K;
    vec![row(K::Hint, C::Hint, l::CHOOSE), row(K::Enter, C::Open, l::OPEN), row(K::Esc, C::Home, l::HOME)]
}

pub fn owed_update(d: &mut Desk, cmd: Option<Cmd>) -> Effects {
    let Screen::NoticesOwed { list, selected } = &d.screen else { return vec![] };
    match cmd {
        Some(Cmd::Open) => match list.get(*selected) {
            Some(o) => {
                let case = o.case.id;
                d.ask(Effect::Case { case })
            }
            None => vec![],
        },
        Some(Cmd::Home) => d.go_home(),
        _ => vec![],
    }
}

// ---- drawing -----------------------------------------------------------------------------------

fn put(frame: &mut Frame, body: Rect, dy: u16, s: &str, style: Style) {
    if dy >= body.height {
        return;
    }
    let r = ui::row(body, dy, 1);
    frame.render_widget(Paragraph::new(Span::styled(s.to_string(), style)), r);
}

fn matter_name(d: &Desk, code: &str) -> String {
    match (d.settings.matters.get(code), d.lang) {
        (Some(m), Lang::Zh) => m.name.clone(),
        (Some(m), Lang::En) => m.name_en.clone(),
        (None, _) => code.to_string(),
    }
}

/// The time page and the notices owed (the desk's `draw` hands their body here).
pub fn draw(d: &Desk, frame: &mut Frame, body: Rect) {
    let lang = d.lang;
    let normal = Style::default().fg(FG).bg(BG);
    let bold = normal.add_modifier(Modifier::BOLD);
    match &d.screen {
        Screen::CaseTime { line } => {
            let c = &line.case;
            let title = format!("{}  {}  {}", ts::TIME_TITLE.t(lang), c.number, matter_name(d, &c.matter));
            put(frame, body, 0, &title, bold);
            let state = format!(
                "{}: {}",
                crate::app::desk::strings::STATE.t(lang),
                crate::app::desk::strings::case_state(lang, c.state)
            );
            put(frame, body, 1, &state, normal);
            let material = |code: &str| {
                let m = d.settings.matters.get(&c.matter).and_then(|m| m.material(code));
                match (m, lang) {
                    (Some(m), Lang::Zh) => m.name.clone(),
                    (Some(m), Lang::En) => m.name_en.clone(),
                    (None, _) => code.to_string(),
                }
            };
            let rows = match &line.time {
                Some(t) => ts::page(lang, t, &material),
                None => vec![],
            };
            // Long rows (the materials received, reasons) wrap by the screens' one line breaker.
            let mut y = 3u16;
            for (s, warn) in &rows {
                let st = if *warn { normal.fg(ui::WARN_FG) } else { normal };
                for l in ui::wrap_str(&crate::app::strings::screen_safe(s), body.width) {
                    if y >= body.height {
                        break;
                    }
                    frame.render_widget(Paragraph::new(l).style(st), ui::row(body, y, 1));
                    y += 1;
                }
            }
        }
        Screen::NoticesOwed { list, selected } => {
            put(frame, body, 0, ts::OWED_TITLE.t(lang), bold);
            if list.is_empty() {
                put(frame, body, 2, ts::OWED_EMPTY.t(lang), normal.fg(DIM));
            }
            for (i, o) in list.iter().enumerate() {
                let s = ts::owed_line(lang, o, &matter_name(d, &o.case.matter));
                let st = if i == *selected { bold.bg(ratatui::style::Color::Rgb(30, 60, 100)) } else { normal };
                let st = if o.left <= 1 { st.fg(ui::WARN_FG) } else { st };
                put(frame, body, 2 + i as u16, &s, st);
            }
        }
        _ => {}
    }
}

/// What the notices-owed screen holds.
pub fn owed_screen(list: Vec<NoticeOwed>) -> Screen {
    Screen::NoticesOwed { list, selected: 0 }
}
