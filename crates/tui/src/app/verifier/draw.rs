//! Painting the verifier screen. Reads state only.

use super::layout::{layout, View};
use super::strings as s;
use super::{Screen, VerifierStation};
use crate::app::strings::LANG_TOGGLE;
use crate::app::ui::{self, BG, FG};
use crate::config::Lang;
use crate::seal::{Checked, Verdict, Verification};
use ratatui::{
    layout::{Alignment, Rect},
    style::{Color, Modifier, Style},
    text::{Line, Span},
    widgets::Paragraph,
    Frame,
};

pub(super) const GREEN: Color = Color::Rgb(0, 128, 64);
pub(super) const AMBER: Color = Color::Rgb(180, 120, 0);
pub(super) const RED: Color = Color::Rgb(170, 30, 30);

/// Band colour of a verdict: green to accept, amber to look closer, red to refuse.
fn colour(v: &Verdict) -> Color {
    match v {
        Verdict::Valid => GREEN,
        Verdict::ReviewDue | Verdict::ListTooOld | Verdict::UnknownKey => AMBER,
        _ => RED,
    }
}

pub(super) fn band(frame: &mut Frame, r: Rect, text: &str, bg: Color) {
    ui::fill(frame, r, bg);
    let mid = Rect { y: r.y + r.height / 2, height: 1.min(r.height), ..r };
    let p = Paragraph::new(Line::from(Span::styled(
        text.to_string(),
        Style::default().fg(Color::White).bg(bg).add_modifier(Modifier::BOLD),
    )))
    .alignment(Alignment::Center);
    frame.render_widget(p, mid);
}

pub fn draw(v: &VerifierStation, frame: &mut Frame) {
    let area = frame.area();
    let view = layout(v, area);
    let lang = v.lang;
    ui::fill(frame, area, BG);
    ui::draw_header(frame, &view.chrome, s::TITLE.t(lang), &v.settings.bureau);
    let lb = view.chrome.lang_button;
    frame.render_widget(
        Paragraph::new(LANG_TOGGLE.t(lang))
            .style(Style::default().fg(Color::White).bg(ui::HEADER_BG))
            .alignment(Alignment::Center),
        Rect { y: lb.y + lb.height / 2, height: 1.min(lb.height), ..lb },
    );
    ui::draw_footer(frame, &view.chrome, s::FOOTER.t(lang));
    let status = s::counts(&v.counts, lang);
    // Calm, on every screen, only while the database is out of reach: the verdicts are
    // unaffected and the waiting scan records save themselves; gone once they are written.
    if v.spool.offline {
        ui::centered(frame, view.offline, &s::offline(v.spool.waiting, lang), Style::default().fg(ui::DIM));
    }
    match &v.screen {
        Screen::Waiting => {
            band(frame, view.banner, s::SCAN_PROMPT.t(lang), ui::HEADER_BG);
            // The list's age, and a warning past the limit (issue 9 item 3).
            let (list, style) = match (v.list.issued, v.list.too_old) {
                (_, true) => {
                    (s::LIST_TOO_OLD.t(lang).to_string(), Style::default().fg(ui::WARN_FG).add_modifier(Modifier::BOLD))
                }
                (Some(t), false) => (list_line(t, lang), Style::default().fg(ui::DIM)),
                (None, false) => (s::NO_LIST.t(lang).to_string(), Style::default().fg(ui::DIM)),
            };
            ui::centered(frame, view.advice, &list, style);
            ui::centered_tally(frame, view.status, &status, Style::default().fg(FG));
        }
        Screen::Checking => {
            band(frame, view.banner, s::CHECKING.t(lang), ui::BUTTON_BG);
        }
        Screen::ScanAgain => {
            band(frame, view.banner, s::SCAN_AGAIN.t(lang), RED);
            ui::centered(frame, view.advice, s::SCAN_AGAIN_HINT.t(lang), Style::default().fg(FG));
            ui::centered_tally(frame, view.status, &status, Style::default().fg(FG));
        }
        Screen::ServiceError => {
            band(frame, view.banner, s::SERVICE_ERROR.t(lang), RED);
        }
        Screen::Verdict(ver) => draw_verdict(frame, &view, ver, lang, &status),
        Screen::Document(doc) => super::document::draw(frame, &view, doc, lang, &status),
    }
}

fn draw_verdict(frame: &mut Frame, view: &View, ver: &Verification, lang: Lang, status: &str) {
    let word = ver.verdict.word();
    band(frame, view.banner, s::verdict(word, lang), colour(&ver.verdict));
    let mut advice = s::advice(word, lang).to_string();
    // The cause when it adds something (注销 rather than 撤销, a compromised key, the status at
    // printing); not "revoked" again under REVOKED.
    if let Some(c) = ver.cause.filter(|c| c.word() != word) {
        advice = match lang {
            Lang::Zh => format!("{advice}（{}）", c.zh()),
            Lang::En => format!("{advice} ({})", c.en()),
        };
    }
    ui::centered(frame, view.advice, &advice, Style::default().fg(FG).add_modifier(Modifier::BOLD));
    // The list only matters for an authentic slip; for a forged or unreadable one it was not used.
    let list = match ver.list.issued {
        Some(t) => list_line(t, lang),
        None => s::NO_LIST.t(lang).to_string(),
    };
    let foot = if ver.verdict.is_authentic() { format!("{list}\n{status}") } else { status.to_string() };
    ui::centered_tally(frame, view.status, &foot, Style::default().fg(ui::DIM));
    // Online or offline, on the fields' last row, for every verdict the registry could be asked
    // about (an authentic slip, or one it said it never printed).
    let mut fields = view.fields;
    if ver.verdict.is_authentic() || ver.verdict == Verdict::NotPrinted {
        fields.height = fields.height.saturating_sub(1);
        let last = Rect { y: fields.y + fields.height, height: 1.min(view.fields.height), ..fields };
        let (text, style) = match ver.checked {
            Checked::Online => (s::CHECKED_ONLINE, Style::default().fg(ui::DIM)),
            Checked::Offline if ver.key_compromised => {
                (s::KEY_LEAKED_OFFLINE, Style::default().fg(ui::WARN_FG).add_modifier(Modifier::BOLD))
            }
            Checked::Offline => (s::CHECKED_OFFLINE, Style::default().fg(ui::DIM)),
        };
        ui::centered(frame, last, text.t(lang), style);
    }
    let Some(c) = &ver.claims else {
        ui::centered(frame, fields, s::NOT_TRUSTED.t(lang), Style::default().fg(FG));
        return;
    };
    let scope = match (&c.category, &c.item, &c.industry) {
        (_, _, Some(ind)) => Some((s::INDUSTRY, ind.clone())),
        (Some(cat), Some(item), _) => Some((s::SCOPE, format!("{cat} / {item}"))),
        (Some(cat), None, _) => Some((s::SCOPE, cat.clone())),
        _ => None,
    };
    let mut rows: Vec<(&str, String)> = vec![
        (s::NAME.t(lang), c.name.clone()),
        (s::ID.t(lang), c.masked_id.clone()),
        (s::KIND.t(lang), s::kind(c.kind, lang).to_string()),
    ];
    if let Some((t, v)) = scope {
        rows.push((t.t(lang), v));
    }
    rows.push((s::VALID_UNTIL.t(lang), c.valid_until.format("%Y-%m-%d").to_string()));
    if let Some(r) = c.review_due {
        rows.push((s::REVIEW.t(lang), r.format("%Y-%m-%d").to_string()));
    } else if c.kind.has_review() {
        // SPEC §2: the roster gave no review dates; the verdict followed 状态 and 有效期.
        rows.push((s::REVIEW.t(lang), s::REVIEW_UNKNOWN.t(lang).to_string()));
    }
    rows.push((s::SERIAL.t(lang), format!("{:08}", c.serial)));
    rows.push((s::PRINTED.t(lang), c.printed_at.format("%Y-%m-%d %H:%M").to_string()));
    ui::centered(
        frame,
        Rect { height: 1.min(fields.height), ..fields },
        s::COMPARE.t(lang),
        Style::default().fg(ui::DIM),
    );
    // Double-spaced when there is room: the fields are read at arm's length against an ID card.
    let step = if fields.height as usize > 2 * rows.len() + 1 { 2 } else { 1 };
    let label_w = 16.min(fields.width);
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = 1 + (i as u16) * step;
        let r = ui::row(fields, y, 1);
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

/// `label` right-aligned in `width` display columns (CJK characters are two wide), then a gap.
pub(super) fn right_align(label: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(label);
    format!("{}{label}  ", " ".repeat(width.saturating_sub(w + 2)))
}

/// When the list was issued, in Beijing time (UTC+8), as every other time on the station.
fn list_line(t: chrono::DateTime<chrono::Utc>, lang: Lang) -> String {
    format!("{}: {}", s::LIST_AGE.t(lang), (t + chrono::Duration::hours(8)).format("%Y-%m-%d %H:%M"))
}
