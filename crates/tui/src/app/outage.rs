//! The outage banner the runtime draws over a mode: while a hall's database server cannot be
//! reached (the worker reports `Unavailable` until `Restored`), the place the mode names for it
//! ([`crate::app::Mode::banner`]; the desk's result line) says so, what the clerk can still do, that nothing typed is lost, and that the station
//! reconnects by itself (the worker's retry; `service::Live`). It replaces the generic "please
//! try again" of a failed effect, which would suggest something is wrong with what was typed.

use crate::app::strings::{Lang, T};
use crate::app::ui::{self, BG};
use ratatui::{
    layout::Rect,
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::Paragraph,
    Frame,
};

pub const OUTAGE_TITLE: T = T::new(
    "数据库服务器暂时连不上，正在自动重新连接，无需操作。",
    "Database server unreachable: reconnecting by itself.",
);
pub const OUTAGE_WHAT: T = T::new(
    "已输入的内容都留在屏幕上，不会丢失；可继续填写、查看，连上后再提交。",
    "Nothing typed is lost: keep typing and reading; submit again once back.",
);

/// The two lines, in `r` (the place the mode gave).
pub fn draw(lang: Lang, frame: &mut Frame, r: Rect) {
    if r.height == 0 || r.width == 0 {
        return;
    }
    let warn = Style::default().fg(ui::WARN_FG).bg(BG);
    let text = vec![
        Line::from(Span::styled(OUTAGE_TITLE.t(lang), warn.add_modifier(Modifier::BOLD))),
        Line::from(Span::styled(OUTAGE_WHAT.t(lang), warn)),
    ];
    frame.render_widget(Paragraph::new(ui::wrap_lines(text, r.width)), r);
}
