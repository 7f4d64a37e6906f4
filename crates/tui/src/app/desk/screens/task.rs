//! One callback or bad-rating follow-up (opened from the F8 list): what it is, its countdown,
//! the 整改 and the contacts so far; F5 the visitor was reached (satisfaction, what they said:
//! the task closes), F6 not reached (the next attempt's date), F7 the 整改 of a bad rating
//! (淄博 2020 措施 11; 围场 2023 措施 16). Esc back to the list.

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::draw::{line, row as at};
use crate::app::desk::layout::View;
use crate::app::desk::strings::loops as ls;
use crate::app::desk::{Note, Prompt, PromptKind};
use crate::app::ui::{BG, DIM, FG};
use crate::domain::loops::{Contact, ContactError, LoopKind, LoopTask};
use ratatui::style::{Modifier, Style};
use ratatui::Frame;

/// The prompts of a task page, one after the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoopPrompt {
    /// Reached: the visitor's satisfaction, 1 to 5.
    Satisfaction,
    /// Reached: what the visitor said.
    Note { satisfaction: u8 },
    /// Not reached: the next attempt's date.
    NextAttempt,
    /// Not reached: a note (may be empty).
    MissNote { next: chrono::NaiveDate },
    /// The 整改 of a bad rating.
    Remedy,
}

impl LoopPrompt {
    /// Free text is prose (an ID number in it masked); the rest is parsed.
    pub fn is_prose(&self) -> bool {
        matches!(self, LoopPrompt::Note { .. } | LoopPrompt::MissNote { .. } | LoopPrompt::Remedy)
    }

    pub fn label(&self) -> crate::app::strings::T {
        match self {
            LoopPrompt::Satisfaction => ls::PROMPT_SATISFACTION,
            LoopPrompt::Note { .. } => ls::PROMPT_CONTACT_NOTE,
            LoopPrompt::NextAttempt => ls::PROMPT_NEXT_ATTEMPT,
            LoopPrompt::MissNote { .. } => ls::PROMPT_MISS_NOTE,
            LoopPrompt::Remedy => ls::PROMPT_REMEDY,
        }
    }
}

pub fn commands(d: &Desk) -> Vec<Command> {
    let (open, followup) = match &d.screen {
        Screen::Task { task } => (!task.done, task.kind == LoopKind::Followup),
        _ => (false, false),
    };
    vec![
        row(Key::F(5), Cmd::Reached, l::REACHED).when(open),
        row(Key::F(6), Cmd::NotReached, l::NOT_REACHED).when(open),
        row(Key::F(7), Cmd::Remedy, l::REMEDY).when(open && followup),
        row(Key::Esc, Cmd::BackToTasks, l::BACK_TO_TASKS),
    ]
}

fn ask_for(d: &mut Desk, p: LoopPrompt) -> Effects {
    d.prompt = Some(Prompt { kind: PromptKind::Loop(p), input: String::new() });
    vec![]
}

pub fn update(d: &mut Desk, cmd: Option<Cmd>) -> Effects {
    match cmd {
        Some(Cmd::Reached) => ask_for(d, LoopPrompt::Satisfaction),
        Some(Cmd::NotReached) => ask_for(d, LoopPrompt::NextAttempt),
        Some(Cmd::Remedy) => ask_for(d, LoopPrompt::Remedy),
        Some(Cmd::BackToTasks) => d.ask(Effect::Tasks),
        _ => vec![],
    }
}

/// A prompt of the task page answered with `text` (trimmed; masked when prose).
pub fn submit(d: &mut Desk, p: LoopPrompt, text: String) -> Effects {
    let Screen::Task { task } = &d.screen else { return vec![] };
    let (kind, id) = (task.kind, task.id);
    let again = |d: &mut Desk, p: LoopPrompt, problem: super::super::Problem| {
        d.note = Some(Note::Problem(problem));
        d.prompt = Some(Prompt { kind: PromptKind::Loop(p), input: String::new() });
        vec![]
    };
    match p {
        LoopPrompt::Satisfaction => match text.parse::<u8>() {
            Ok(s @ 1..=5) => ask_for(d, LoopPrompt::Note { satisfaction: s }),
            _ => again(d, p, super::super::Problem::Contact(ContactError::NoSatisfaction)),
        },
        LoopPrompt::Note { satisfaction } => {
            if text.is_empty() {
                return again(d, p, super::super::Problem::Contact(ContactError::NoNote));
            }
            let contact = Contact { reached: true, satisfaction: Some(satisfaction), note: text, next_attempt: None };
            d.ask(Effect::Contact { kind, id, contact })
        }
        LoopPrompt::NextAttempt => match chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(next) => ask_for(d, LoopPrompt::MissNote { next }),
            Err(_) => again(d, p, super::super::Problem::BadDate),
        },
        LoopPrompt::MissNote { next } => {
            let contact = Contact { reached: false, satisfaction: None, note: text, next_attempt: Some(next) };
            d.ask(Effect::Contact { kind, id, contact })
        }
        LoopPrompt::Remedy => {
            if text.is_empty() {
                return again(d, p, super::super::Problem::NoReason);
            }
            d.ask(Effect::Remedy { id, remedy: text })
        }
    }
}

/// The task as the service answered it: shown, and the result line says what happened when it
/// came back from a contact or 整改 (`saved`).
pub fn shown(d: &mut Desk, task: LoopTask, saved: bool) {
    if saved {
        d.note = Some(Note::TaskSaved { closed: task.done });
    }
    d.screen = Screen::Task { task };
}

pub fn draw(d: &Desk, v: &View, frame: &mut Frame) {
    let Screen::Task { task: t } = &d.screen else { return };
    let lang = d.lang;
    let normal = Style::default().fg(FG).bg(BG);
    let bold = normal.add_modifier(Modifier::BOLD);
    let dim = normal.fg(DIM);
    let today = d.settings.clock.today();
    let title = format!("{}  {}", ls::task_title(lang, t.kind), t.case_number.as_deref().unwrap_or("-"));
    line(frame, at(v.body, 0), &title, bold);
    let state = if t.done { ls::TASK_DONE.t(lang).to_string() } else { ls::task_line(lang, t, today) };
    line(frame, at(v.body, 1), &state, if t.done { normal.fg(crate::app::ui::OK_FG) } else { normal });
    let mut y = 3;
    if t.kind == LoopKind::Followup {
        match &t.remedy {
            Some(r) => line(frame, at(v.body, y), &ls::remedy_line(lang, r), normal),
            None => line(frame, at(v.body, y), ls::NO_REMEDY.t(lang), normal.fg(crate::app::ui::WARN_FG)),
        }
        y += 2;
    }
    line(frame, at(v.body, y), ls::CONTACTS.t(lang), bold);
    y += 1;
    if t.contacts.is_empty() {
        line(frame, at(v.body, y), ls::NO_CONTACTS.t(lang), dim);
    }
    for c in &t.contacts {
        if y + 1 >= v.body.height {
            break;
        }
        line(frame, at(v.body, y), &ls::contact_line(lang, c), normal);
        y += 1;
    }
}
