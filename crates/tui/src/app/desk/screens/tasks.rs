//! The F8 list (回访): bad ratings' follow-ups (from the moment the rating is given, with their
//! countdown) and callbacks of finished 办件 (within 10 days, 围场 2023 措施 16), one list, bad
//! ratings first. Enter opens the selected task (`task.rs`); Esc goes home.

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::draw::{line, row as at, SELECTED_BG};
use crate::app::desk::layout::View;
use crate::app::desk::strings::{self as ds, loops as ls};
use crate::app::ui::{BG, DIM, FG};
use crate::domain::loops::LoopTask;
use ratatui::style::{Modifier, Style};
use ratatui::Frame;

pub fn commands() -> Vec<Command> {
    vec![
        row(Key::Hint, Cmd::Hint, l::CHOOSE),
        row(Key::Enter, Cmd::Open, l::OPEN_TASK),
        row(Key::Esc, Cmd::Home, l::HOME),
    ]
}

/// The tasks in the order shown: follow-ups, then callbacks.
pub fn shown<'a>(followups: &'a [LoopTask], callbacks: &'a [LoopTask]) -> impl Iterator<Item = &'a LoopTask> {
    followups.iter().chain(callbacks.iter())
}

pub fn update(d: &mut Desk, cmd: Option<Cmd>) -> Effects {
    let Screen::Tasks { followups, callbacks, selected } = &d.screen else { return vec![] };
    match cmd {
        Some(Cmd::Open) => {
            let picked = shown(followups, callbacks).nth(*selected).map(|t| (t.kind, t.id));
            match picked {
                Some((kind, id)) => d.ask(Effect::Task { kind, id }),
                None => vec![],
            }
        }
        Some(Cmd::Home) => d.go_home(),
        _ => vec![],
    }
}

pub fn draw(d: &Desk, v: &View, frame: &mut Frame) {
    let Screen::Tasks { followups, callbacks, selected } = &d.screen else { return };
    let lang = d.lang;
    let normal = Style::default().fg(FG).bg(BG);
    let bold = normal.add_modifier(Modifier::BOLD);
    let today = d.settings.clock.today();
    line(frame, at(v.body, 0), ds::TASKS_TITLE.t(lang), bold);
    let counts =
        format!("{} {}    {} {}", ds::FOLLOWUPS.t(lang), followups.len(), ds::CALLBACKS.t(lang), callbacks.len());
    line(frame, at(v.body, 1), &counts, normal.fg(DIM));
    if followups.is_empty() && callbacks.is_empty() {
        line(frame, at(v.body, 2), ds::NONE.t(lang), normal.fg(DIM));
    }
    let all: Vec<&LoopTask> = shown(followups, callbacks).collect();
    for (r, i) in &v.rows {
        let Some(t) = all.get(*i) else { continue };
        let s = format!("{} {}", ls::tag(lang, t.kind), ls::task_line(lang, t, today));
        let overdue = t.due < today;
        let fg = if overdue { crate::app::ui::BAD_FG } else { FG };
        let style = if *i == *selected { bold.bg(SELECTED_BG).fg(fg) } else { normal.fg(fg) };
        line(frame, *r, &s, style);
    }
}
