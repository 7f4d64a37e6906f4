//! Drawing the kiosk screens. Everything here reads `Kiosk` state and nothing changes it.
//! `buttons()` is the one place that decides where touch targets are; `draw` paints them and
//! `hit` maps a touch to the same button's action, so what is drawn is what is clickable.

use super::action::{Action, CertView, PrintStage, ReminderKind};
use super::kiosk::{Kiosk, Note, Screen, StaffField};
use super::ui::{self, Button, ButtonKind, BG, DIM, FG};
use crate::domain::Status;
use crate::i18n::{self as t, screen_safe, Lang};
use ratatui::{
    layout::{Position, Rect},
    style::{Color, Modifier, Style},
    text::{Line, Span},
    widgets::{Paragraph, Wrap},
    Frame,
};

/// The layout of the current screen: buttons and clickable certificate cards.
pub struct View {
    pub buttons: Vec<Button>,
    pub cards: Vec<(Rect, usize)>,
    pub input: Option<Rect>,
    pub body: Rect,
}

fn button_h(body: Rect) -> u16 {
    (body.height / 7).clamp(1, 5)
}

/// Split the body into a left panel (keypad) and a right column (actions).
fn keypad_split(body: Rect, top: u16) -> (Rect, Rect) {
    let area = Rect { y: body.y + top, height: body.height.saturating_sub(top), ..body };
    let left_w = (area.width * 3 / 5).min(48);
    let left = Rect { width: left_w, ..area };
    let right = Rect { x: area.x + left_w + 3, width: area.width.saturating_sub(left_w + 3).min(24), ..area };
    (left, right)
}

pub fn layout(k: &Kiosk, area: Rect) -> View {
    let c = ui::chrome(area);
    let lang = k.lang;
    let body = c.body;
    let bh = button_h(body);
    let mut buttons = vec![Button::new(c.lang_button, t::LANG_TOGGLE.t(lang), Action::ToggleLang, ButtonKind::Normal)];
    let mut cards = vec![];
    let mut input = None;
    match &k.screen {
        Screen::Attract => {
            let w = body.width.min(30);
            let h = (bh + 2).min(body.height);
            let y = body.y + body.height.saturating_sub(h + 2);
            buttons.push(Button::new(
                Rect { x: body.x + (body.width - w) / 2, y, width: w, height: h },
                t::START.t(lang),
                Action::Start,
                ButtonKind::Primary,
            ));
        }
        Screen::EnterId { .. } | Screen::EnterFactor { .. } | Screen::Staff { .. } => {
            let top = 7.min(body.height);
            input = Some(Rect {
                y: body.y + 2,
                height: 3.min(body.height.saturating_sub(2)),
                width: body.width.min(44),
                ..body
            });
            let (left, right) = keypad_split(body, top);
            let with_x = matches!(k.screen, Screen::EnterId { .. });
            buttons.extend(ui::keypad(left, with_x, t::DELETE.t(lang)));
            let mut col = vec![
                (t::OK.t(lang).to_string(), Action::Submit, ButtonKind::Primary),
                (t::CLEAR.t(lang).to_string(), Action::Clear, ButtonKind::Normal),
            ];
            col.push((t::BACK.t(lang).to_string(), Action::Back, ButtonKind::Danger));
            let kh = (left.height / 4).max(1);
            buttons.extend(ui::column(right, kh.saturating_sub(if kh >= 3 { 1 } else { 0 }).max(1), col));
        }
        Screen::Locked { .. } | Screen::Done { .. } => {
            let w = body.width.min(30);
            let y = body.y + body.height.saturating_sub(bh + 1);
            let label = if matches!(k.screen, Screen::Done { .. }) { t::DONE.t(lang) } else { t::OK.t(lang) };
            buttons.push(Button::new(
                Rect { x: body.x, y, width: w, height: bh },
                label,
                Action::Home,
                ButtonKind::Primary,
            ));
        }
        Screen::Certificates { identity, selected, .. } => {
            let row_area = Rect { y: body.y + body.height.saturating_sub(bh), height: bh, ..body };
            buttons.extend(ui::button_row(
                row_area,
                vec![
                    (t::UP.t(lang).into(), Action::Up, ButtonKind::Normal),
                    (t::DOWN.t(lang).into(), Action::Down, ButtonKind::Normal),
                    (t::PRINT.t(lang).into(), Action::Print, ButtonKind::Primary),
                    (t::BACK.t(lang).into(), Action::Back, ButtonKind::Danger),
                ],
            ));
            let list = Rect { y: body.y + 3, height: body.height.saturating_sub(3 + bh + 2), ..body };
            let heights: Vec<u16> = identity.certs.iter().map(|c| card_height(lang, c, list.width)).collect();
            // Scroll so the selected card is visible, showing as many before it as fit.
            let fits = |a: usize, b: usize| heights[a..=b].iter().map(|h| h + 1).sum::<u16>() <= list.height + 1;
            let mut first = (*selected).min(heights.len().saturating_sub(1));
            while first > 0 && fits(first - 1, *selected) {
                first -= 1;
            }
            let mut y = list.y;
            for (i, h) in heights.iter().enumerate().skip(first) {
                let h = (*h).min(list.height);
                if y + h > list.y + list.height {
                    break;
                }
                cards.push((Rect { y, height: h, ..list }, i));
                y += h + 1;
            }
        }
        Screen::Fault { .. } => {
            let row_area =
                Rect { y: body.y + body.height.saturating_sub(bh), height: bh, width: body.width.min(60), ..body };
            buttons.extend(ui::button_row(
                row_area,
                vec![
                    (t::RETRY.t(lang).into(), Action::Back, ButtonKind::Primary),
                    (t::HOME.t(lang).into(), Action::Home, ButtonKind::Danger),
                ],
            ));
        }
        Screen::Checking { .. } | Screen::Printing { .. } | Screen::StaffChecking | Screen::OutOfService => {}
    }
    View { buttons, cards, input, body }
}

/// The action of the button or card under a touch at (col, row).
pub fn hit(k: &Kiosk, area: Rect, col: u16, row: u16) -> Option<Action> {
    let v = layout(k, area);
    if let Some(b) = v.buttons.iter().find(|b| b.contains(col, row)) {
        return Some(b.action.clone());
    }
    v.cards
        .iter()
        .find(|(r, _)| col >= r.x && col < r.x + r.width && row >= r.y && row < r.y + r.height)
        .map(|(_, i)| Action::Select(*i))
}

fn status_color(s: Status) -> Color {
    match s {
        Status::Valid => ui::OK_FG,
        Status::ReviewDueSoon { .. } | Status::ExpiringSoon { .. } => ui::WARN_FG,
        _ => ui::BAD_FG,
    }
}

fn status_text(lang: Lang, s: Status) -> String {
    match lang {
        Lang::Zh => s.zh(),
        Lang::En => s.en(),
    }
}

fn reminder_text(lang: Lang, c: &CertView) -> Option<String> {
    let r = c.reminder.as_ref()?;
    let materials = if lang == Lang::Zh { &r.materials_zh } else { &r.materials_en };
    Some(match r.kind {
        ReminderKind::Review => t::review_reminder(lang, r.days, materials),
        ReminderKind::Expiry => t::expiry_reminder(lang, r.days, materials),
    })
}

fn kind_title(lang: Lang, c: &CertView) -> String {
    match lang {
        Lang::Zh => {
            if c.kind.has_review() {
                c.kind.title_zh().to_string()
            } else {
                format!("{}（{}）", c.kind.title_zh(), c.kind.person_type_zh())
            }
        }
        Lang::En => {
            if c.kind.has_review() {
                c.kind.title_en().to_string()
            } else {
                format!("{} ({})", c.kind.title_en(), c.kind.person_type_en())
            }
        }
    }
}

/// The text lines of a certificate card; the first carries the status as a second part.
fn card_lines(lang: Lang, c: &CertView, index: usize, selected: bool) -> Vec<(String, Option<String>)> {
    let mark = if selected { "> " } else { "  " };
    let valid = match lang {
        Lang::Zh => format!("有效期 {} 至 {}", c.valid_from, c.valid_until),
        Lang::En => format!("valid {} to {}", c.valid_from, c.valid_until),
    };
    let review = c.review_due.map(|d| match lang {
        Lang::Zh => format!("  应复审 {d}"),
        Lang::En => format!("  review {d}"),
    });
    let mut lines = vec![
        (format!("{mark}{}. {}  ", index + 1, kind_title(lang, c)), Some(status_text(lang, c.status))),
        (format!("   {}  {}", screen_safe(&c.scope), c.masked_number), None),
        (format!("   {valid}{}", review.unwrap_or_default()), None),
    ];
    if let Some(rem) = reminder_text(lang, c) {
        lines.push((format!("   {rem}"), None));
    }
    lines
}

fn card_height(lang: Lang, c: &CertView, width: u16) -> u16 {
    card_lines(lang, c, 0, true)
        .iter()
        .map(|(a, b)| ui::rows_needed(&format!("{a}{}", b.as_deref().unwrap_or("")), width))
        .sum()
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
    frame.render_widget(Paragraph::new(lines).style(base).wrap(Wrap { trim: false }), r);
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
    ui::draw_header(frame, &c, &screen_safe(&k.settings.bureau), t::KIOSK_TITLE.t(lang));
    let normal = Style::default().fg(FG);
    let bold = normal.add_modifier(Modifier::BOLD);
    match &k.screen {
        Screen::Attract => {
            ui::centered(frame, ui::row(body, 1, 2), t::KIOSK_TITLE.t(lang), bold.fg(Color::White));
            ui::centered(frame, ui::row(body, 3, 3), t::ATTRACT_WHAT.t(lang), normal);
            ui::centered(frame, ui::row(body, 6, 2), t::ATTRACT_HOW.t(lang), normal.fg(ui::WARN_FG));
            if let Some((ids, factors)) = &k.settings.demo_hint {
                let s = t::pick(
                    lang,
                    format!("演示：身份证号 {ids}，验证码 {factors}"),
                    format!("Demo: ID {ids}, code {factors}"),
                );
                ui::centered(frame, ui::row(body, 8, 3), &s, normal.fg(DIM));
            }
        }
        Screen::EnterId { input } => {
            ui::text(frame, ui::row(body, 0, 1), t::ID_PROMPT.t(lang), bold);
            if let Some(r) = v.input {
                draw_input(frame, r, input);
            }
            let n = input.chars().count();
            let (msg, style) = match k.id_problem(input) {
                Some(e) => (if lang == Lang::Zh { e.zh() } else { e.to_string() }, normal.fg(ui::BAD_FG)),
                None if n == 18 => (
                    t::pick(lang, "号码格式正确，请按「确定」".into(), "Looks right. Press OK".into()),
                    normal.fg(ui::OK_FG),
                ),
                None => (format!("{}  {}", t::id_length(lang, n), t::ID_HINT.t(lang)), normal.fg(DIM)),
            };
            ui::text(frame, ui::row(body, 5, 1), &msg, style);
        }
        Screen::EnterFactor { id, input, attempts_left } => {
            let head = format!("{}   {}", t::FACTOR_PROMPT.t(lang), crate::domain::id::mask(id));
            ui::text(frame, ui::row(body, 0, 1), &head, bold);
            if let Some(r) = v.input {
                draw_input(frame, r, &"*".repeat(input.len()));
            }
            let msg = match attempts_left {
                Some(n) => format!("{} {}", t::DENIED.t(lang), t::attempts_left(lang, *n)),
                None => t::FACTOR_HINT.t(lang).to_string(),
            };
            let style = if attempts_left.is_some() { normal.fg(ui::BAD_FG) } else { normal.fg(DIM) };
            ui::text(frame, ui::row(body, 5, 2), &msg, style);
        }
        Screen::Checking { .. } | Screen::StaffChecking => {
            ui::centered(frame, ui::row(body, body.height / 2, 1), t::CHECKING.t(lang), bold);
        }
        Screen::OutOfService => {
            ui::text(frame, ui::row(body, 1, 1), t::OUT_OF_SERVICE.t(lang), bold.fg(ui::BAD_FG));
            ui::text(frame, ui::row(body, 3, 3), t::SERVICE_ERROR.t(lang), normal);
        }
        Screen::Locked { minutes } => {
            ui::text(frame, ui::row(body, 1, 1), t::LOCKED_TITLE.t(lang), bold.fg(ui::BAD_FG));
            ui::text(frame, ui::row(body, 3, 3), &t::locked_msg(lang, *minutes), normal);
        }
        Screen::Certificates { identity, selected, note } => {
            let hello = format!("{}   {}", t::welcome(lang, &screen_safe(&identity.name)), identity.masked_id);
            ui::text(frame, ui::row(body, 0, 1), &hello, bold);
            if identity.certs.is_empty() {
                ui::text(frame, ui::row(body, 2, 3), t::NO_CERTS.t(lang), normal.fg(ui::WARN_FG));
            } else {
                ui::text(
                    frame,
                    ui::row(body, 1, 1),
                    &format!("{}  {}", t::CERTS_TITLE.t(lang), t::CERTS_HINT.t(lang)),
                    normal.fg(DIM),
                );
            }
            for (r, i) in &v.cards {
                draw_card(frame, *r, lang, &identity.certs[*i], *i == *selected, *i);
            }
            if let Some(n) = note {
                let s = match n {
                    Note::NotPrintable => t::NOT_PRINTABLE.t(lang).to_string(),
                    Note::Limit { max } => {
                        format!("{} {}", t::LIMIT_TITLE.t(lang), t::limit_msg(lang, *max))
                    }
                    Note::ServiceError => t::SERVICE_ERROR.t(lang).to_string(),
                };
                let bh = button_h(body);
                ui::text(frame, ui::row(body, body.height.saturating_sub(bh + 2), 2), &s, normal.fg(ui::BAD_FG));
            }
        }
        Screen::Printing { identity, selected, stage } => {
            ui::text(frame, ui::row(body, 0, 1), t::PRINTING.t(lang), bold);
            if let Some(cert) = identity.certs.get(*selected) {
                ui::text(
                    frame,
                    ui::row(body, 1, 1),
                    &format!("{}  {}", kind_title(lang, cert), screen_safe(&cert.scope)),
                    normal.fg(DIM),
                );
            }
            let stages = [
                (PrintStage::Prepare, t::STAGE_PREPARE),
                (PrintStage::Send, t::STAGE_SEND),
                (PrintStage::Confirm, t::STAGE_CONFIRM),
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
            ui::text(frame, ui::row(left, 1, 2), t::DONE_TITLE.t(lang), bold.fg(ui::OK_FG));
            ui::text(frame, ui::row(left, 4, 1), &t::serial_line(lang, *serial), normal);
            ui::text(frame, ui::row(left, 6, 3), t::DONE_HINT.t(lang), normal);
            if preview_w > 0 {
                let r = Rect { x: body.x + body.width - preview_w + 2, width: preview_w - 2, ..body };
                let pbg = Color::Rgb(245, 245, 240);
                ui::fill(frame, r, pbg);
                let mut lines = vec![Line::from(Span::styled(
                    t::pick(lang, "演示：打印机收到的凭条".into(), "Demo: what the printer got".into()),
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
        Screen::Fault { serial, zh, en, .. } => {
            ui::text(frame, ui::row(body, 1, 1), t::FAULT_TITLE.t(lang), bold.fg(ui::BAD_FG));
            ui::text(frame, ui::row(body, 3, 2), if lang == Lang::Zh { zh } else { en }, normal.fg(ui::WARN_FG));
            let mut kept = t::FAULT_KEPT.t(lang).to_string();
            if let Some(s) = serial {
                kept = format!("{kept}  {}", t::serial_line(lang, *s));
            }
            ui::text(frame, ui::row(body, 6, 3), &kept, normal);
        }
        Screen::Staff { field, staff_id, pin, denied } => {
            ui::text(frame, ui::row(body, 0, 1), t::STAFF_TITLE.t(lang), bold);
            let (label, shown) = match field {
                StaffField::Id => (t::STAFF_ID_PROMPT.t(lang), staff_id.clone()),
                StaffField::Pin => (t::STAFF_PIN_PROMPT.t(lang), "*".repeat(pin.len())),
            };
            ui::text(frame, ui::row(body, 1, 1), label, normal);
            if let Some(r) = v.input {
                draw_input(frame, r, &shown);
            }
            if *denied {
                ui::text(frame, ui::row(body, 5, 1), t::STAFF_DENIED.t(lang), normal.fg(ui::BAD_FG));
            }
        }
    }
    for b in &v.buttons {
        ui::draw_button(frame, b);
    }
    ui::draw_footer(frame, &c, t::IDLE_NOTE.t(lang));
}
