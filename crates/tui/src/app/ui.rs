//! Shared drawing pieces: the screen chrome, large touch buttons, the on-screen keypad.
//!
//! No borders or block characters: box-drawing and block glyphs are East-Asian-ambiguous width
//! and break layouts on CJK terminals. Areas are set apart with background colour instead.

use super::action::Action;
use ratatui::{
    layout::{Alignment, Rect},
    style::{Color, Modifier, Style},
    text::{Line, Span},
    widgets::Paragraph,
    Frame,
};

pub const BG: Color = Color::Rgb(16, 24, 40);
pub const HEADER_BG: Color = Color::Rgb(0, 82, 155);
pub const BUTTON_BG: Color = Color::Rgb(52, 64, 84);
pub const PRIMARY_BG: Color = Color::Rgb(0, 128, 96);
pub const DANGER_BG: Color = Color::Rgb(170, 40, 40);
pub const INPUT_BG: Color = Color::Rgb(235, 240, 248);
pub const FG: Color = Color::Rgb(235, 240, 248);
pub const DIM: Color = Color::Rgb(150, 160, 180);
pub const OK_FG: Color = Color::Rgb(80, 210, 130);
pub const WARN_FG: Color = Color::Rgb(250, 200, 60);
pub const BAD_FG: Color = Color::Rgb(255, 110, 110);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonKind {
    Normal,
    Primary,
    Danger,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub rect: Rect,
    pub label: String,
    pub action: Action,
    pub kind: ButtonKind,
}

impl Button {
    pub fn new(rect: Rect, label: impl Into<String>, action: Action, kind: ButtonKind) -> Button {
        Button { rect, label: label.into(), action, kind }
    }
    pub fn contains(&self, col: u16, row: u16) -> bool {
        let r = self.rect;
        col >= r.x && col < r.x + r.width && row >= r.y && row < r.y + r.height
    }
}

pub fn draw_button(frame: &mut Frame, b: &Button) {
    let bg = match b.kind {
        ButtonKind::Normal => BUTTON_BG,
        ButtonKind::Primary => PRIMARY_BG,
        ButtonKind::Danger => DANGER_BG,
    };
    fill(frame, b.rect, bg);
    if b.rect.height == 0 {
        return;
    }
    let mid = Rect { y: b.rect.y + b.rect.height / 2, height: 1, ..b.rect };
    let p = Paragraph::new(Line::from(Span::styled(
        b.label.clone(),
        Style::default().fg(Color::White).bg(bg).add_modifier(Modifier::BOLD),
    )))
    .alignment(Alignment::Center);
    frame.render_widget(p, mid);
}

pub fn fill(frame: &mut Frame, area: Rect, bg: Color) {
    frame.render_widget(Paragraph::new("").style(Style::default().bg(bg)), area);
}

/// The three parts of every screen.
pub struct Chrome {
    pub header: Rect,
    pub body: Rect,
    pub footer: Rect,
    /// Where the language toggle sits in the header.
    pub lang_button: Rect,
}

pub fn chrome(area: Rect) -> Chrome {
    let header_h = 3.min(area.height);
    let footer_h = if area.height > header_h + 1 { 1 } else { 0 };
    let header = Rect { height: header_h, ..area };
    let footer = Rect { y: area.y + area.height - footer_h, height: footer_h, ..area };
    let body = Rect {
        x: area.x + 2.min(area.width),
        y: area.y + header_h,
        width: area.width.saturating_sub(4),
        height: area.height.saturating_sub(header_h + footer_h),
    };
    let lw = 12.min(area.width);
    let lang_button = Rect { x: area.x + area.width - lw, y: area.y, width: lw, height: header_h };
    Chrome { header, body, footer, lang_button }
}

pub fn draw_header(frame: &mut Frame, c: &Chrome, title: &str, subtitle: &str) {
    fill(frame, c.header, HEADER_BG);
    let text = Rect {
        x: c.header.x + 2,
        width: c.header.width.saturating_sub(16),
        height: 1,
        y: c.header.y + 1.min(c.header.height.saturating_sub(1)),
    };
    let line = Line::from(vec![
        Span::styled(title.to_string(), Style::default().fg(Color::White).bg(HEADER_BG).add_modifier(Modifier::BOLD)),
        Span::styled(format!("  {subtitle}"), Style::default().fg(Color::Rgb(200, 220, 245)).bg(HEADER_BG)),
    ]);
    frame.render_widget(Paragraph::new(line), text);
}

pub fn draw_footer(frame: &mut Frame, c: &Chrome, text: &str) {
    fill(frame, c.footer, BG);
    frame.render_widget(
        Paragraph::new(Span::styled(text.to_string(), Style::default().fg(DIM).bg(BG))),
        Rect { x: c.footer.x + 2, width: c.footer.width.saturating_sub(2), ..c.footer },
    );
}

/// Lines wrapped to `width` columns by the shared line breaker (`domain::text::line_ranges`,
/// the one the slip uses), which keeps the Chinese line-breaking rules (禁则: no line starts with
/// ，。、）…, none ends with （《…). ratatui's `Wrap` knows none of them, so screens draw these
/// pre-wrapped lines without it. Each line is wrapped as one text and its spans keep their
/// styles; continuation lines hang under the line's own leading spaces.
pub fn wrap_lines(lines: Vec<Line<'_>>, width: u16) -> Vec<Line<'static>> {
    wrap_lines_by(lines, width, crate::text::Breaks::Uax14)
}

/// [`wrap_lines`] with a choice of break opportunities (`Breaks::AtSpaces` for tallies).
pub fn wrap_lines_by(lines: Vec<Line<'_>>, width: u16, breaks: crate::text::Breaks) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for line in lines {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let lead = text.len() - text.trim_start_matches(' ').len();
        let indent = crate::text::continuation_indent(width.into(), lead);
        // Each span's byte range in `text`.
        let mut spans = Vec::with_capacity(line.spans.len());
        let mut at = 0;
        for s in &line.spans {
            spans.push((at..at + s.content.len(), s.style));
            at += s.content.len();
        }
        for (i, r) in crate::text::line_ranges_by(&text, width.into(), lead, crate::text::char_columns, breaks)
            .into_iter()
            .enumerate()
        {
            let mut pieces = Vec::new();
            if i > 0 && indent > 0 {
                let style = spans.iter().find(|(sr, _)| sr.contains(&r.start)).map(|(_, st)| *st).unwrap_or_default();
                pieces.push(Span::styled(" ".repeat(indent), style));
            }
            for (sr, style) in &spans {
                let (from, to) = (sr.start.max(r.start), sr.end.min(r.end));
                if from < to {
                    pieces.push(Span::styled(text[from..to].to_string(), *style));
                }
            }
            let mut l = Line::from(pieces).style(line.style);
            l.alignment = line.alignment;
            out.push(l);
        }
    }
    out
}

/// `s` (line feeds kept) as lines wrapped to `width` columns, see [`wrap_lines`].
pub fn wrap_str(s: &str, width: u16) -> Vec<Line<'static>> {
    wrap_lines(s.split('\n').map(Line::from).collect(), width)
}

/// Wrapped text in an area, one style.
pub fn text(frame: &mut Frame, area: Rect, s: &str, style: Style) {
    frame.render_widget(Paragraph::new(wrap_str(s, area.width)).style(style.bg(BG)), area);
}

/// A tally ("注销 1   过期 1 …", "受理登记 3  容缺受理 1 …") as lines of `width` columns that
/// break only at the spaces between items, so no label is split.
pub fn wrap_tally(s: &str, width: u16) -> Vec<Line<'static>> {
    wrap_lines_by(s.split('\n').map(Line::from).collect(), width, crate::text::Breaks::AtSpaces)
}

/// A tally centred in an area, see [`wrap_tally`].
pub fn centered_tally(frame: &mut Frame, area: Rect, s: &str, style: Style) {
    frame.render_widget(
        Paragraph::new(wrap_tally(s, area.width)).style(style.bg(BG)).alignment(Alignment::Center),
        area,
    );
}

pub fn centered(frame: &mut Frame, area: Rect, s: &str, style: Style) {
    frame.render_widget(Paragraph::new(wrap_str(s, area.width)).style(style.bg(BG)).alignment(Alignment::Center), area);
}

/// Rows of text an area of `width` needs for `s` when wrapped by [`wrap_lines`].
pub fn rows_needed(s: &str, width: u16) -> u16 {
    if width == 0 {
        return 1;
    }
    let lead = s.len() - s.trim_start_matches(' ').len();
    crate::text::line_ranges(s, width.into(), lead, crate::text::char_columns).len().max(1) as u16
}

/// A row of one line inside `area` at offset `dy` (clipped).
pub fn row(area: Rect, dy: u16, h: u16) -> Rect {
    if dy >= area.height {
        return Rect { y: area.y + area.height, height: 0, ..area };
    }
    Rect { y: area.y + dy, height: h.min(area.height - dy), ..area }
}

/// Keypad of 1-9, then [X] 0 [Del]: 4 rows × 3 columns filling `area`.
pub fn keypad(area: Rect, with_x: bool, del_label: &str) -> Vec<Button> {
    let labels: [&str; 12] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0", "DEL"];
    let gap_x = 1;
    let bw = area.width.saturating_sub(2 * gap_x) / 3;
    let bh = (area.height / 4).max(1);
    let gap_y = if bh >= 3 { 1 } else { 0 };
    let mut out = Vec::new();
    for (i, l) in labels.iter().enumerate() {
        if *l == "X" && !with_x {
            continue;
        }
        let (r, c) = ((i / 3) as u16, (i % 3) as u16);
        let rect = Rect {
            x: area.x + c * (bw + gap_x),
            y: area.y + r * bh,
            width: bw,
            height: bh.saturating_sub(gap_y).max(1),
        };
        if rect.y + rect.height > area.y + area.height {
            continue;
        }
        let (label, action) = match *l {
            "DEL" => (del_label.to_string(), Action::Backspace),
            l => (l.to_string(), Action::Input(l.chars().next().expect("keypad labels are not empty"))),
        };
        out.push(Button::new(rect, label, action, ButtonKind::Normal));
    }
    out
}

/// A column of buttons stacked in `area`, each `h` rows with a one-row gap.
pub fn column(area: Rect, h: u16, items: Vec<(String, Action, ButtonKind)>) -> Vec<Button> {
    let mut y = area.y;
    let mut out = Vec::new();
    for (label, action, kind) in items {
        if y + h > area.y + area.height {
            break;
        }
        out.push(Button::new(Rect { x: area.x, y, width: area.width, height: h }, label, action, kind));
        y += h + 1;
    }
    out
}

/// A row of buttons spread over `area` (one row of buttons, `area.height` high).
pub fn button_row(area: Rect, items: Vec<(String, Action, ButtonKind)>) -> Vec<Button> {
    let n = items.len() as u16;
    if n == 0 {
        return vec![];
    }
    let gap = 2;
    let w = area.width.saturating_sub(gap * (n - 1)) / n;
    items
        .into_iter()
        .enumerate()
        .map(|(i, (label, action, kind))| {
            Button::new(
                Rect { x: area.x + i as u16 * (w + gap), y: area.y, width: w, height: area.height },
                label,
                action,
                kind,
            )
        })
        .collect()
}

#[cfg(test)]
mod wrap_tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn styled_lines_wrap_with_kinsoku_and_keep_their_styles() {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let warn = Style::default().fg(WARN_FG);
        // The kiosk card's first row: number and kind in bold, the status in its colour.
        let line = Line::from(vec![Span::styled("  1. 电工作业证", bold), Span::styled("有效，应于复审", warn)]);
        let out = wrap_lines(vec![line], 20);
        // 20 columns end after "有效" (2+3+10+4 = 19, "，" would make 21): the comma goes with 效.
        assert_eq!(texts(&out), ["  1. 电工作业证有", "  效，应于复审"]);
        assert_eq!(out[0].spans[1].style, warn, "the status keeps its colour across the break");
        assert_eq!(out[1].spans[1].content, "效，应于复审");
        assert_eq!(out[1].spans[1].style, warn);
        // rows_needed counts the same lines the screen draws.
        assert_eq!(rows_needed("  1. 电工作业证有效，应于复审", 20), 2);
    }

    #[test]
    fn text_with_line_feeds_and_garbage_wraps_without_panic() {
        assert_eq!(texts(&wrap_str("请携带：\n（一）身份证", 8)), ["请携带：", "（一）身", "份证"]);
        for s in ["", "\u{1b}[31m", "（（（（（（（（", "😀\u{200D}😀", "\r\n\t"] {
            for w in 0..5 {
                let _ = wrap_str(s, w);
                assert!(rows_needed(s, w) >= 1);
            }
        }
    }
}
