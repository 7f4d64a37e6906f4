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
            row(K::F(7), C::DeclineHandOff, l::DECLINE_HANDOFF).when(!cases.is_empty()),
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
        Some(Cmd::DeclineHandOff) => match cases.get(*selected) {
            Some(l) => {
                let case = l.case.id;
                super::handoff_close::ask_reason(d, case, true)
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

/// Draw this screen's body (the desk's frame, note, prompt and key bar are `draw.rs`'s).
pub fn draw(d: &Desk, frame: &mut ratatui::Frame, c: &crate::app::desk::draw::Canvas) {
    use crate::app::desk::draw::{case_summary, known_lines, line, row, status_fg};
    use crate::app::desk::strings as ds;
    use crate::app::ui;
    use ratatui::layout::Rect;
    let Screen::List { kind, cases, known, selected } = &d.screen else { return };
    let crate::app::desk::draw::Canvas { body, v, lang, normal, dim, bold, .. } = *c;
    let sel_style = |i: usize, selected: usize| c.sel_style(i, selected);
    line(frame, row(body, 0), ds::list_title(lang, *kind), bold);
    let mut skip = 0;
    if let Some(k) = known {
        let ks = known_lines(lang, k);
        for (i, s) in ks.iter().enumerate() {
            let st = k.certificates.get(i.wrapping_sub(1)).map(|(_, s)| status_fg(s)).unwrap_or(ui::OK_FG);
            line(frame, row(body, 1 + i as u16), s, normal.fg(st));
        }
        skip = ks.len();
    }
    if cases.is_empty() {
        line(frame, row(body, 2 + skip as u16), ds::LIST_EMPTY.t(lang), dim);
    }
    let text = |i: usize| case_summary(d, *kind, &cases[i]);
    for (r, i) in &v.rows {
        if skip > 0 {
            // Rows shift below the holder's lines.
            let r = Rect { y: r.y + skip as u16, ..*r };
            if r.y < body.y + body.height {
                line(frame, r, &text(*i), sel_style(*i, *selected));
            }
        } else {
            line(frame, *r, &text(*i), sel_style(*i, *selected));
        }
    }
}
