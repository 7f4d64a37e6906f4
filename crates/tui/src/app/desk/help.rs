//! The help of the current screen (F1 where F1 is free, `?` where nothing is typed): one line
//! per enabled command of the screen's table (`commands::help_lines`, each naming its key), the same rows the key map
//! honours and the key bar shows, so the help cannot promise a key that does something else.

use super::commands;
use super::draw::{line, row};
use super::Desk;
use crate::app::strings::{Lang, T};
use crate::app::ui::{self, BG, FG};
use ratatui::{layout::Rect, style::Style, widgets::Clear, Frame};

const TITLE: T = T::new("本页按键（按任意键关闭）", "Keys on this page (any key closes)");

/// Draw the help over the screen's body.
pub fn draw(d: &Desk, frame: &mut Frame, body: Rect, bold: Style) {
    frame.render_widget(Clear, body);
    ui::fill(frame, body, BG);
    let lang: Lang = d.lang;
    line(frame, row(body, 0), TITLE.t(lang), bold);
    let normal = Style::default().fg(FG).bg(BG);
    // Two columns when the lines do not fit in one.
    let lines = commands::help_lines(d, lang);
    let rows = body.height.saturating_sub(2).max(1) as usize;
    let col_w = if lines.len() > rows { body.width / 2 } else { body.width };
    for (i, s) in lines.iter().enumerate() {
        let (col, r) = (i / rows, i % rows);
        if col > 1 {
            break;
        }
        let area = Rect { x: body.x + col as u16 * col_w, width: col_w, ..row(body, 2 + r as u16) };
        line(frame, area, s, normal);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_has_no_ambiguous_width_chars() {
        for s in [TITLE.zh, TITLE.en] {
            assert!(!s.chars().any(crate::app::strings::ambiguous), "{s:?}");
        }
    }
}
