//! A list of cases (mine, due, missed pledges, search results).

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::ListKind;

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
        // 首问负责制 (issue 15): from my cases, the ones I first received and those handed to me.
        Screen::List { kind: ListKind::Mine, .. } => vec![
            row(K::Hint, C::Hint, l::CHOOSE),
            row(K::Enter, C::Open, l::OPEN),
            row(K::F(4), C::FirstReceived, l::FIRST_RECEIVED),
            row(K::F(6), C::Incoming, l::INCOMING),
            row(K::Esc, C::Home, l::HOME),
        ],
        Screen::List { kind: ListKind::FirstReceived, .. } => vec![
            row(K::Hint, C::Hint, l::CHOOSE),
            row(K::Enter, C::Open, l::OPEN),
            row(K::F(5), C::MyCases, l::BACK_TO_MINE),
            row(K::F(6), C::Incoming, l::INCOMING),
            row(K::Esc, C::Home, l::HOME),
        ],
        Screen::List { kind: ListKind::Incoming, cases, .. } => vec![
            row(K::Hint, C::Hint, l::CHOOSE),
            row(K::Enter, C::Open, l::OPEN),
            row(K::F(4), C::AcceptHandOff, l::ACCEPT_HANDOFF).when(!cases.is_empty()),
            row(K::F(5), C::MyCases, l::BACK_TO_MINE),
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
        Some(Cmd::AcceptHandOff) => match cases.get(*selected) {
            Some(l) => {
                let e = Effect::AcceptHandOff { case: l.case.id };
                d.ask(e)
            }
            None => vec![],
        },
        Some(c @ (Cmd::MyCases | Cmd::FirstReceived | Cmd::Incoming)) => {
            let kind = match c {
                Cmd::FirstReceived => ListKind::FirstReceived,
                Cmd::Incoming => ListKind::Incoming,
                _ => ListKind::Mine,
            };
            d.ask(Effect::List { kind, text: String::new() })
        }
        Some(Cmd::Home) => d.go_home(),
        _ => vec![],
    }
}
