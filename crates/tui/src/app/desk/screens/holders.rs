//! Holders found by name or employer (issue 15): Enter opens one (their page and their cases),
//! F4 shows the cases the same search found.

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::hall as h;
use crate::app::desk::ListKind;
use crate::app::strings::screen_safe;
use crate::app::ui::{self, BG, DIM, FG};
use ratatui::{
    layout::Rect,
    style::{Modifier, Style},
    text::Span,
    widgets::Paragraph,
    Frame,
};

pub fn commands(_d: &Desk) -> Vec<Command> {
    use Cmd as C;
    use Key as K;
    vec![
        row(K::Hint, C::Hint, l::CHOOSE),
        row(K::Enter, C::Open, h::OPEN_HOLDER),
        row(K::F(4), C::FoundCases, h::FOUND_CASES),
        row(K::Esc, C::Home, l::HOME),
    ]
}

pub fn update(d: &mut Desk, cmd: Option<Cmd>) -> Effects {
    let Screen::Holders { hits, cases, selected } = &d.screen else { return vec![] };
    match cmd {
        Some(Cmd::Open) => match hits.get(*selected).and_then(|h| h.cert) {
            Some(cert) => d.ask(Effect::OpenHolder { cert }),
            None => vec![],
        },
        Some(Cmd::FoundCases) => {
            let cases = cases.clone();
            d.screen = Screen::List { kind: ListKind::Search, cases, known: None, selected: 0 };
            vec![]
        }
        Some(Cmd::Home) => d.go_home(),
        _ => vec![],
    }
}

/// The list of holders: name, masked ID, employer; the rows are the layout's list rows.
pub fn draw(d: &Desk, frame: &mut Frame, body: Rect, rows: &[(Rect, usize)]) {
    let Screen::Holders { hits, cases, selected } = &d.screen else { return };
    let lang = d.lang;
    let normal = Style::default().fg(FG).bg(BG);
    let bold = normal.add_modifier(Modifier::BOLD);
    let put = |frame: &mut Frame, r: Rect, s: &str, st: Style| {
        if r.width > 0 && r.height > 0 {
            frame.render_widget(Paragraph::new(Span::styled(s.to_string(), st)), r);
        }
    };
    put(frame, ui::row(body, 0, 1), h::HOLDERS_TITLE.t(lang), bold);
    put(frame, ui::row(body, 1, 1), &h::holders_found(lang, hits.len(), cases.len()), normal.fg(DIM));
    for (r, i) in rows {
        let hit = &hits[*i];
        let mut s = format!("{}  {}", screen_safe(&hit.name), hit.masked_id);
        if let Some(e) = &hit.employer {
            s.push_str("  ");
            s.push_str(&screen_safe(e));
        }
        if hit.cert.is_none() {
            s.push_str("  ");
            s.push_str(h::HOLDERS_NONE_OPENABLE.t(lang));
        }
        let st = if *i == *selected { bold.bg(ratatui::style::Color::Rgb(30, 60, 100)) } else { normal };
        put(frame, *r, &s, st);
    }
}
