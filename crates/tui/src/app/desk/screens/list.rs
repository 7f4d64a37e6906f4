//! A list of cases (mine, due, missed pledges, search results).

use super::*;
use crate::app::desk::commands::labels as l;

pub fn commands(d: &Desk) -> Vec<Command> {
    use Cmd as C;
    use Key as K;
    match &d.screen {
        Screen::List { known: Some(_), .. } => vec![
            row(K::Hint, C::Hint, l::CHOOSE),
            row(K::Enter, C::Open, l::OPEN_CASE),
            row(K::F(3), C::HolderPage, l::HOLDER_PAGE),
            row(K::Esc, C::Home, l::HOME),
        ],
        _ => vec![row(K::Hint, C::Hint, l::CHOOSE), row(K::Enter, C::Open, l::OPEN), row(K::Esc, C::Home, l::HOME)],
    }
}

pub fn update(d: &mut Desk, cmd: Option<Cmd>) -> Effects {
    let Screen::List { cases, selected, known, .. } = &d.screen else { return vec![] };
    match cmd {
        Some(Cmd::HolderPage) => {
            let Some(k) = known.clone() else { return vec![] };
            d.preview = None;
            d.screen = Screen::Holder { known: k, selected: 0, back: None };
            vec![]
        }
        Some(Cmd::Open) => match cases.get(*selected) {
            Some(l) => {
                let e = Effect::Case { case: l.case.id };
                d.ask(e)
            }
            None => vec![],
        },
        Some(Cmd::Home) => d.go_home(),
        _ => vec![],
    }
}
