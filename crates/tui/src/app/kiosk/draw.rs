//! Drawing the kiosk screens. Everything here reads `Kiosk` state and nothing changes it; where
//! things sit comes from `layout`.

use super::effects::CertView;
use super::effects::PrintStage;
use super::layout::{button_h, card_lines, kind_title, layout};
use super::strings as ks;
use super::{Fault, Kiosk, Note, Screen, StaffField};
use crate::app::strings::{self as t, screen_safe, Lang};
use crate::app::ui::{self, BG, DIM, FG};
use crate::domain::Status;
use ratatui::{
    layout::{Position, Rect},
    style::{Color, Modifier, Style},
    text::{Line, Span},
    widgets::Paragraph,
    Frame,
};

fn status_color(s: Status) -> Color {
    match s {
        Status::Valid => ui::OK_FG,
        Status::ReviewDueSoon { .. } | Status::ExpiringSoon { .. } => ui::WARN_FG,
        _ => ui::BAD_FG,
    }
}

fn draw_card(frame: &mut Frame, r: Rect, lang: Lang, c: &CertView, selected: bool, index: usize) {
    let bg = if selected { Color::Rgb(30, 60, 100) } else { Color::Rgb(28, 36, 54) };
    ui::fill(frame, r, bg);
    let base = Style::default().fg(FG).bg(bg);
    let raw = card_lines(lang, c, index, selected);
    let reminder_row = c.reminder.as_ref().map(|_| raw.len() - 1);
    let lines: Vec<Line> = raw
        .into_iter()
        .enumerate()
        .map(|(i, (text, status))| match status {
            Some(st) => Line::from(vec![
                Span::styled(text, base.add_modifier(Modifier::BOLD)),
                Span::styled(st, base.fg(status_color(c.status)).add_modifier(Modifier::BOLD)),
            ]),
            None if reminder_row == Some(i) => Line::from(Span::styled(text, base.fg(ui::WARN_FG))),
            None => Line::from(Span::styled(text, base)),
        })
        .collect();
    frame.render_widget(Paragraph::new(ui::wrap_lines(lines, r.width)).style(base), r);
}

fn draw_input(frame: &mut Frame, r: Rect, shown: &str) {
    ui::fill(frame, r, ui::INPUT_BG);
    let mid = Rect { x: r.x + 1, y: r.y + r.height / 2, width: r.width.saturating_sub(2), height: 1.min(r.height) };
    // Show the tail if the text is wider than the box, so the cursor stays visible.
    let max = mid.width.saturating_sub(1) as usize;
    let chars: Vec<char> = shown.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(max)..].iter().collect();
    frame.render_widget(
        Paragraph::new(Span::styled(
            tail.clone(),
            Style::default().fg(Color::Black).bg(ui::INPUT_BG).add_modifier(Modifier::BOLD),
        )),
        mid,
    );
    // The real terminal cursor sits at the end of the text so an input method can anchor to it.
    let w = unicode_width::UnicodeWidthStr::width(tail.as_str()) as u16;
    frame.set_cursor_position(Position { x: mid.x + w.min(mid.width.saturating_sub(1)), y: mid.y });
}

pub fn draw(k: &Kiosk, frame: &mut Frame) {
    let area = frame.area();
    ui::fill(frame, area, BG);
    let c = ui::chrome(area);
    let lang = k.lang;
    let v = layout(k, area);
    let body = v.body;
    ui::draw_header(frame, &c, &screen_safe(&k.settings.bureau), ks::KIOSK_TITLE.t(lang));
    let normal = Style::default().fg(FG);
    let bold = normal.add_modifier(Modifier::BOLD);
    match &k.screen {
        Screen::Attract => {
            ui::centered(frame, ui::row(body, 1, 2), ks::KIOSK_TITLE.t(lang), bold.fg(Color::White));
            ui::centered(frame, ui::row(body, 3, 3), ks::ATTRACT_WHAT.t(lang), normal);
            ui::centered(frame, ui::row(body, 6, 2), ks::ATTRACT_HOW.t(lang), normal.fg(ui::WARN_FG));
            if let Some((ids, factors)) = &k.settings.demo_hint {
                let s = ks::demo_hint(lang, ids, factors);
                ui::centered(frame, ui::row(body, 8, 3), &s, normal.fg(DIM));
            }
        }
        Screen::EnterId { input } => {
            ui::text(frame, ui::row(body, 0, 1), ks::ID_PROMPT.t(lang), bold);
            if let Some(r) = v.input {
                draw_input(frame, r, input);
            }
            let n = input.chars().count();
            let (msg, style) = match k.id_problem(input) {
                Some(e) => (if lang == Lang::Zh { e.zh() } else { e.to_string() }, normal.fg(ui::BAD_FG)),
                None if n == 18 => (ks::ID_LOOKS_RIGHT.t(lang).to_string(), normal.fg(ui::OK_FG)),
                None => (format!("{}  {}", ks::id_length(lang, n), ks::ID_HINT.t(lang)), normal.fg(DIM)),
            };
            ui::text(frame, ui::row(body, 5, 1), &msg, style);
        }
        Screen::EnterFactor { id, input, attempts_left } => {
            let head = format!("{}   {}", ks::FACTOR_PROMPT.t(lang), crate::domain::id::mask(id));
            ui::text(frame, ui::row(body, 0, 1), &head, bold);
            if let Some(r) = v.input {
                draw_input(frame, r, &"*".repeat(input.len()));
            }
            let msg = match attempts_left {
                Some(n) => format!("{} {}", ks::DENIED.t(lang), ks::attempts_left(lang, *n)),
                None => ks::FACTOR_HINT.t(lang).to_string(),
            };
            let style = if attempts_left.is_some() { normal.fg(ui::BAD_FG) } else { normal.fg(DIM) };
            ui::text(frame, ui::row(body, 5, 2), &msg, style);
        }
        Screen::Checking { .. } | Screen::StaffChecking => {
            ui::centered(frame, ui::row(body, body.height / 2, 1), ks::CHECKING.t(lang), bold);
        }
        Screen::OutOfService => {
            ui::text(frame, ui::row(body, 1, 1), t::OUT_OF_SERVICE.t(lang), bold.fg(ui::BAD_FG));
            ui::text(frame, ui::row(body, 3, 3), t::SERVICE_ERROR.t(lang), normal);
        }
        Screen::Locked { minutes } => {
            ui::text(frame, ui::row(body, 1, 1), ks::LOCKED_TITLE.t(lang), bold.fg(ui::BAD_FG));
            ui::text(frame, ui::row(body, 3, 3), &ks::locked_msg(lang, *minutes), normal);
        }
        Screen::Certificates { identity, selected, note } => {
            let hello = format!("{}   {}", ks::welcome(lang, &screen_safe(&identity.name)), identity.masked_id);
            ui::text(frame, ui::row(body, 0, 1), &hello, bold);
            if identity.certs.is_empty() {
                ui::text(frame, ui::row(body, 2, 3), ks::NO_CERTS.t(lang), normal.fg(ui::WARN_FG));
            } else {
                ui::text(
                    frame,
                    ui::row(body, 1, 1),
                    &format!("{}  {}", ks::CERTS_TITLE.t(lang), ks::CERTS_HINT.t(lang)),
                    normal.fg(DIM),
                );
            }
            for (r, i) in &v.cards {
                draw_card(frame, *r, lang, &identity.certs[*i], *i == *selected, *i);
            }
            if let Some(n) = note {
                let s = match n {
                    Note::NotPrintable => ks::NOT_PRINTABLE.t(lang).to_string(),
                    Note::Limit { max } => {
                        format!("{} {}", ks::LIMIT_TITLE.t(lang), ks::limit_msg(lang, *max))
                    }
                    Note::ServiceError => t::SERVICE_ERROR.t(lang).to_string(),
                };
                let bh = button_h(body);
                ui::text(frame, ui::row(body, body.height.saturating_sub(bh + 2), 2), &s, normal.fg(ui::BAD_FG));
            }
        }
        Screen::Printing { identity, selected, stage } => {
            ui::text(frame, ui::row(body, 0, 1), ks::PRINTING.t(lang), bold);
            if let Some(cert) = identity.certs.get(*selected) {
                ui::text(
                    frame,
                    ui::row(body, 1, 1),
                    &format!("{}  {}", kind_title(lang, cert), screen_safe(&cert.scope)),
                    normal.fg(DIM),
                );
            }
            let stages = [
                (PrintStage::Prepare, ks::STAGE_PREPARE),
                (PrintStage::Send, ks::STAGE_SEND),
                (PrintStage::Confirm, ks::STAGE_CONFIRM),
            ];
            let cur = stages.iter().position(|(s, _)| s == stage).unwrap_or(0);
            for (i, (_, label)) in stages.iter().enumerate() {
                let (mark, style) = match i.cmp(&cur) {
                    std::cmp::Ordering::Less => ("[OK] ", normal.fg(ui::OK_FG)),
                    std::cmp::Ordering::Equal => ("[..] ", bold.fg(ui::WARN_FG)),
                    std::cmp::Ordering::Greater => ("[  ] ", normal.fg(DIM)),
                };
                ui::text(frame, ui::row(body, 3 + i as u16 * 2, 1), &format!("{mark}{}", label.t(lang)), style);
            }
            // Progress bar out of coloured spaces (block glyphs are ambiguous width).
            let bar = ui::row(body, 10, 1);
            let w = bar.width.min(60);
            let filled = w * (cur as u16 + 1) / 3;
            ui::fill(frame, Rect { width: w, ..bar }, ui::BUTTON_BG);
            ui::fill(frame, Rect { width: filled, ..bar }, ui::PRIMARY_BG);
        }
        Screen::Done { serial, preview } => {
            let preview_w = if k.settings.demo_hint.is_some() && body.width >= 76 { 40 } else { 0 };
            let left = Rect { width: body.width - preview_w, ..body };
            ui::text(frame, ui::row(left, 1, 2), ks::DONE_TITLE.t(lang), bold.fg(ui::OK_FG));
            ui::text(frame, ui::row(left, 4, 1), &ks::serial_line(lang, *serial), normal);
            ui::text(frame, ui::row(left, 6, 3), ks::DONE_HINT.t(lang), normal);
            if preview_w > 0 {
                let r = Rect { x: body.x + body.width - preview_w + 2, width: preview_w - 2, ..body };
                let pbg = Color::Rgb(245, 245, 240);
                ui::fill(frame, r, pbg);
                let mut lines = vec![Line::from(Span::styled(
                    ks::DEMO_PREVIEW.t(lang),
                    Style::default().fg(Color::Rgb(0, 82, 155)).bg(pbg).add_modifier(Modifier::BOLD),
                ))];
                lines.extend(
                    preview
                        .lines()
                        .map(|l| Line::from(Span::styled(screen_safe(l), Style::default().fg(Color::Black).bg(pbg)))),
                );
                frame.render_widget(Paragraph::new(lines).style(Style::default().bg(pbg)), r);
            }
        }
        Screen::Fault { serial, fault, .. } => {
            ui::text(frame, ui::row(body, 1, 1), ks::FAULT_TITLE.t(lang), bold.fg(ui::BAD_FG));
            let what = match fault {
                Fault::Printer(f) => ks::printer_fault(*f),
                Fault::Service => t::SERVICE_ERROR,
            };
            ui::text(frame, ui::row(body, 3, 2), what.t(lang), normal.fg(ui::WARN_FG));
            let mut kept = ks::FAULT_KEPT.t(lang).to_string();
            if let Some(s) = serial {
                kept = format!("{kept}  {}", ks::serial_line(lang, *s));
            }
            ui::text(frame, ui::row(body, 6, 3), &kept, normal);
        }
        Screen::Staff { field, staff_id, pin, denied } => {
            ui::text(frame, ui::row(body, 0, 1), ks::STAFF_TITLE.t(lang), bold);
            let (label, shown) = match field {
                StaffField::Id => (ks::STAFF_ID_PROMPT.t(lang), staff_id.clone()),
                StaffField::Pin => (ks::STAFF_PIN_PROMPT.t(lang), "*".repeat(pin.len())),
            };
            ui::text(frame, ui::row(body, 1, 1), label, normal);
            if let Some(r) = v.input {
                draw_input(frame, r, &shown);
            }
            if *denied {
                ui::text(frame, ui::row(body, 5, 1), ks::STAFF_DENIED.t(lang), normal.fg(ui::BAD_FG));
            }
        }
    }
    for b in &v.buttons {
        ui::draw_button(frame, b);
    }
    ui::draw_footer(frame, &c, ks::IDLE_NOTE.t(lang));
}
