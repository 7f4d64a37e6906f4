//! Painting a counter document's verdict (A4, issue 16): the band, what to do, and the document
//! the code names (kind, number, case, issue date) to compare with the paper in hand; whether
//! the registry was asked. The same frame as a slip's verdict (`draw.rs`); reads state only.

use super::draw::{band, right_align, AMBER, GREEN, RED};
use super::layout::View;
use super::strings as s;
use crate::app::ui::{self, BG, FG};
use crate::config::Lang;
use certdesk_protocol::verifier_doc::DocVerdict;
use chrono::Datelike;
use ratatui::{
    layout::Rect,
    style::{Color, Modifier, Style},
    text::{Line, Span},
    widgets::Paragraph,
    Frame,
};

/// Green to rely on, amber to look closer (offline, or a key this station does not know), red
/// to refuse.
fn colour(d: &DocVerdict) -> Color {
    match d.verdict.as_str() {
        "valid" if d.online => GREEN,
        "valid" | "unknown_key" => AMBER,
        _ => RED,
    }
}

/// 2026年12月6日 in Chinese, 2026-12-06 in English.
fn date(d: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    }
}

pub fn draw(frame: &mut Frame, view: &View, d: &DocVerdict, lang: Lang, status: &str) {
    let word = d.verdict.as_str();
    band(frame, view.banner, s::doc_verdict(word, lang), colour(d));
    ui::centered(
        frame,
        view.advice,
        s::doc_advice(word, d.online, lang),
        Style::default().fg(FG).add_modifier(Modifier::BOLD),
    );
    ui::centered_tally(frame, view.status, status, Style::default().fg(ui::DIM));
    let mut fields = view.fields;
    // Online or offline on the last row, for a code whose signature is the bureau's.
    if d.kind.is_some() {
        fields.height = fields.height.saturating_sub(1);
        let last = Rect { y: fields.y + fields.height, height: 1.min(view.fields.height), ..fields };
        let text = if d.online { s::DOC_ONLINE } else { s::DOC_OFFLINE };
        ui::centered(frame, last, text.t(lang), Style::default().fg(ui::DIM));
    }
    let mut rows: Vec<(&str, String)> = vec![];
    if let Some(k) = &d.kind {
        rows.push((s::DOC_KIND.t(lang), s::doc_kind(k, lang).to_string()));
        if let Some(n) = &d.number {
            rows.push((s::DOC_NUMBER.t(lang), n.clone()));
        }
        if let Some(c) = &d.case {
            rows.push((s::DOC_CASE.t(lang), c.clone()));
        }
        if let Some(i) = d.issued_on {
            rows.push((s::DOC_ISSUED.t(lang), date(i, lang)));
        }
    } else {
        // Refused: nothing the code claims is shown (it cannot be trusted), only the key that
        // signed it when that is what was refused, for the administrator.
        ui::centered(
            frame,
            Rect { height: 1.min(fields.height), ..fields },
            s::DOC_NOT_TRUSTED.t(lang),
            Style::default().fg(FG),
        );
        if let Some(k) = &d.key_id {
            let r = ui::row(fields, 2, 1);
            let text = format!("{}: {k}", s::DOC_KEY.t(lang));
            ui::centered(frame, r, &text, Style::default().fg(ui::DIM));
        }
        return;
    }
    ui::centered(
        frame,
        Rect { height: 1.min(fields.height), ..fields },
        s::DOC_COMPARE.t(lang),
        Style::default().fg(ui::DIM),
    );
    let step = if fields.height as usize > 2 * rows.len() + 1 { 2 } else { 1 };
    let label_w = 16.min(fields.width);
    for (i, (label, value)) in rows.iter().enumerate() {
        let r = ui::row(fields, 1 + (i as u16) * step, 1);
        if r.height == 0 {
            break;
        }
        let line = Line::from(vec![
            Span::styled(right_align(label, label_w as usize), Style::default().fg(ui::DIM).bg(BG)),
            Span::styled(value.clone(), Style::default().fg(Color::White).bg(BG).add_modifier(Modifier::BOLD)),
        ]);
        frame.render_widget(Paragraph::new(line), r);
    }
}
