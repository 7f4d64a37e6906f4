//! Bad-rating follow-ups and callbacks (回访): a page to read; Enter and Esc go home (the bar
//! said "回车打开" before, while Enter went home: it now says what Enter does).

use super::*;
use crate::app::desk::commands::labels as l;

pub fn commands() -> Vec<Command> {
    vec![row(Key::Enter, Cmd::Home, l::ENTER_HOME), row(Key::Esc, Cmd::Home, l::HOME)]
}

pub fn update(d: &mut Desk, cmd: Option<Cmd>) -> Effects {
    match cmd {
        Some(Cmd::Home) => d.go_home(),
        _ => vec![],
    }
}
