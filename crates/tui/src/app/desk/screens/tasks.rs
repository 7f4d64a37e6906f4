//! Bad-rating follow-ups and callbacks (回访): a page to read; Enter and Esc go home (the bar
//! said "回车打开" before, while Enter went home: it now says what Enter does).

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::draw::Canvas;
use ratatui::Frame;

pub fn commands() -> Vec<Command> {
    vec![row(Key::Enter, Cmd::Home, l::ENTER_HOME), row(Key::Esc, Cmd::Home, l::HOME)]
}

pub fn update(d: &mut Desk, cmd: Option<Cmd>) -> Effects {
    match cmd {
        Some(Cmd::Home) => d.go_home(),
        _ => vec![],
    }
}

/// Draw this screen's body (the desk's frame, note, prompt and key bar are `draw.rs`'s).
pub fn draw(d: &Desk, frame: &mut Frame, c: &Canvas) {
    use crate::app::desk::draw::{line, row};
    use crate::app::desk::strings as ds;
    let Screen::Tasks { followups, callbacks } = &d.screen else { return };
    let Canvas { body, lang, normal, dim, bold, .. } = *c;
    line(frame, row(body, 0), ds::TASKS_TITLE.t(lang), bold);
    let mut y = 2;
    for (title, tasks) in [(ds::FOLLOWUPS, followups), (ds::CALLBACKS, callbacks)] {
        line(frame, row(body, y), title.t(lang), bold);
        y += 1;
        if tasks.is_empty() {
            line(frame, row(body, y), ds::NONE.t(lang), dim);
            y += 1;
        }
        for tk in tasks {
            let s = ds::task_line(lang, tk.case_number.as_deref().unwrap_or("-"), tk.due, tk.provisional);
            line(frame, row(body, y), &s, normal);
            y += 1;
        }
        y += 1;
    }
}
