//! Drawing the call display. Reads state only.
//!
//! The large number and counter are font8x8's 8×8 glyphs (the bitmaps `tui-big-text` draws
//! with) painted as coloured spaces: block characters (U+2580–259F) are East Asian ambiguous
//! width, which a Chinese terminal may draw two cells wide, and the screens avoid them.

use super::strings as s;
use super::CallDisplay;
use crate::app::strings::{self as t, screen_safe};
use crate::app::ui::{self, BG, DIM, FG};
use ratatui::{
    buffer::Buffer,
    layout::Rect,
    style::{Color, Modifier, Style},
    Frame,
};

/// The colour of the large glyphs' pixels.
const INK: Color = ui::WARN_FG;

/// Pixels from one glyph's left edge to the next: 8, and one blank so that neighbours (font8x8
/// draws some digits edge to edge) stay apart on a screen read from across the hall.
const ADVANCE: u16 = 9;

/// Cells a glyph of `text` takes at `scale` columns per pixel.
pub fn big_width(text: &str, scale: u16) -> u16 {
    (text.chars().count() as u16 * ADVANCE).saturating_sub(1) * scale
}

/// Paint `text` (ASCII; anything else shows as a gap) in 8×8 glyphs, centred in `area`, each
/// pixel `scale` cells wide and `tall` rows high. Clipped to `area`.
pub fn big(buf: &mut Buffer, area: Rect, text: &str, scale: u16, tall: u16, ink: Color) {
    let w = big_width(text, scale);
    let x0 = area.x + area.width.saturating_sub(w) / 2;
    let (right, bottom) = (area.x + area.width, area.y + area.height);
    for (i, c) in text.chars().enumerate() {
        let glyph = if c.is_ascii() { font8x8::legacy::BASIC_LEGACY[c as usize] } else { [0; 8] };
        for (row, bits) in glyph.iter().enumerate() {
            for col in 0..8u16 {
                if bits & (1 << col) == 0 {
                    continue;
                }
                for dy in 0..tall {
                    let y = area.y + row as u16 * tall + dy;
                    for dx in 0..scale {
                        let x = x0 + (i as u16 * ADVANCE + col) * scale + dx;
                        if x >= right || y >= bottom {
                            continue;
                        }
                        if let Some(cell) = buf.cell_mut((x, y)) {
                            cell.set_symbol(" ").set_bg(ink);
                        }
                    }
                }
            }
        }
    }
}

pub fn draw(m: &CallDisplay, frame: &mut Frame) {
    let area = frame.area();
    ui::fill(frame, area, BG);
    let c = ui::chrome(area);
    let lang = m.lang;
    let other = s::other(lang);
    ui::draw_header(frame, &c, &screen_safe(&m.settings.bureau), s::TITLE.t(lang));
    ui::draw_footer(frame, &c, s::FOOTER.t(lang));
    let body = c.body;
    let normal = Style::default().fg(FG).bg(BG);
    let bold = normal.add_modifier(Modifier::BOLD);
    let dim = normal.fg(DIM);
    if m.out_of_service {
        ui::centered(frame, ui::row(body, body.height / 3, 1), t::OUT_OF_SERVICE.t(lang), bold.fg(ui::BAD_FG));
        return;
    }
    let mut y = 0;
    if m.outage {
        ui::centered(frame, ui::row(body, 0, 2), s::OUTAGE.t(lang), bold.fg(ui::BAD_FG));
        y = 2;
    }
    let Some(cur) = m.current() else {
        let what = if m.loaded { s::NONE_YET } else { s::LOADING };
        ui::centered(frame, ui::row(body, body.height / 3, 1), what.t(lang), bold);
        ui::centered(frame, ui::row(body, body.height / 3 + 1, 1), what.t(other), dim);
        if m.loaded {
            ui::centered(frame, ui::row(body, body.height / 3 + 3, 1), &s::waiting(lang, m.waiting), normal);
        }
        return;
    };
    ui::centered(frame, ui::row(body, y, 1), &format!("{}  {}", s::NOW_CALLING.t(lang), s::NOW_CALLING.t(other)), bold);
    y += 1;
    // The number on the left, the counter on the right, each under its caption. A terminal
    // cell is about twice as tall as wide: glyph pixels are one cell, or 2×2 cells where the
    // screen has room for both (the same shape, twice the size).
    let label = screen_safe(&cur.label);
    let counter = cur.counter.to_string();
    let gap = 8;
    let fits = |k: u16| big_width(&label, k) + gap + big_width(&counter, k) <= body.width.saturating_sub(2);
    let k = if fits(2) && body.height >= y + 1 + 16 + 7 { 2 } else { 1 };
    let (lw, cw) = (big_width(&label, k).min(body.width), big_width(&counter, k));
    let x0 = body.x + body.width.saturating_sub(lw + gap + cw) / 2;
    let left = Rect { x: x0, width: lw, ..body };
    let right = Rect {
        x: (x0 + lw + gap).min(body.x + body.width),
        width: cw.min(body.width.saturating_sub(lw + gap)),
        ..body
    };
    // Captions centred over each, in a band wide enough for the words.
    let band = |r: Rect| {
        let w = 24.min(body.width);
        let cx = (r.x + r.width / 2).saturating_sub(w / 2).max(body.x).min(body.x + body.width - w);
        Rect { x: cx, width: w, ..body }
    };
    ui::centered(frame, ui::row(band(left), y, 1), &format!("{}  {}", s::NUMBER.t(lang), s::NUMBER.t(other)), dim);
    ui::centered(frame, ui::row(band(right), y, 1), &format!("{}  {}", s::COUNTER.t(lang), s::COUNTER.t(other)), dim);
    y += 1;
    let glyph_rows = (8 * k).min(body.height.saturating_sub(y + 3));
    big(frame.buffer_mut(), ui::row(left, y, glyph_rows), &label, k, k, INK);
    big(frame.buffer_mut(), ui::row(right, y, glyph_rows), &counter, k, k, INK);
    y += glyph_rows + 1;
    ui::centered(frame, ui::row(body, y, 1), &s::call_sentence(lang, &label, cur.counter), bold.fg(INK));
    ui::centered(frame, ui::row(body, y + 1, 1), &s::call_sentence(other, &label, cur.counter), normal);
    y += 3;
    // The calls before it, newest first, then how many wait.
    let rest: Vec<_> = m.calls.iter().skip(1).collect();
    let room = body.height.saturating_sub(y + 1);
    if !rest.is_empty() && room > 1 {
        ui::centered(frame, ui::row(body, y, 1), &format!("{}  {}", s::RECENT.t(lang), s::RECENT.t(other)), dim);
        for (i, call) in rest.iter().take(room as usize - 1).enumerate() {
            let line = s::recent(lang, &screen_safe(&call.label), call.counter);
            ui::centered(frame, ui::row(body, y + 1 + i as u16, 1), &line, normal);
        }
    }
    ui::centered(frame, ui::row(body, body.height.saturating_sub(1), 1), &s::waiting(lang, m.waiting), dim);
}
