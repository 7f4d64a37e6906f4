//! Where everything on a desk screen sits, built once per frame and used by `draw` and by
//! hit-testing (a click on a list row selects it; the header's language button toggles).

use super::{Desk, Screen};
use crate::app::ui;
use crate::app::Action;
use ratatui::layout::Rect;

pub struct View {
    pub header: Rect,
    pub lang_button: Rect,
    /// Under the header: who is signed in, today.
    pub status: Rect,
    /// The screen's own content.
    pub body: Rect,
    /// First row of the screen's list and how many rows it may use.
    pub list: Rect,
    /// The one-line result or problem.
    pub note: Rect,
    /// The text prompt (label line + input line), when one is open.
    pub prompt: Rect,
    /// The keys of this screen.
    pub keys: Rect,
    /// Rows of the list: (row rect, item index), scrolled so the selection shows.
    pub rows: Vec<(Rect, usize)>,
}

pub fn layout(d: &Desk, area: Rect) -> View {
    let c = ui::chrome(area);
    let keys_h = if c.body.height > 8 { 2 } else { 1 };
    let prompt_h = if d.prompt.is_some() { 2 } else { 0 };
    let body_all = c.body;
    let status = Rect { height: 1.min(body_all.height), ..body_all };
    // Two rows for the result line: a problem with the list of materials it concerns wraps.
    let note_h = 2;
    let bottom = keys_h + note_h + prompt_h;
    let body = Rect { y: body_all.y + 1, height: body_all.height.saturating_sub(1 + bottom), ..body_all };
    let note = Rect { y: body.y + body.height, height: note_h, ..body_all };
    let prompt = Rect { y: note.y + note_h, height: prompt_h, ..body_all };
    let keys = Rect { x: area.x + 1, width: area.width.saturating_sub(2), y: prompt.y + prompt_h, height: keys_h };
    // Lists start two rows into the body (a title and a column line above).
    let list = Rect { y: body.y + 2, height: body.height.saturating_sub(2), ..body };
    let (n, selected) = match &d.screen {
        Screen::Home { queue, selected } => (queue.len(), *selected),
        Screen::PickMatter { selected, .. } => (d.settings.matters.matters.len(), *selected),
        Screen::Checklist { items, selected, .. } => (items.len(), *selected),
        Screen::List { cases, selected, .. } => (cases.len(), *selected),
        Screen::Holder { known, selected } => (known.certificates.len(), *selected),
        Screen::Appointments { list, selected } => (list.len(), *selected),
        _ => (0, 0),
    };
    let visible = list.height as usize;
    let first = if visible == 0 { 0 } else { selected.saturating_sub(visible.saturating_sub(1)) };
    let rows = (first..n)
        .take(visible)
        .enumerate()
        .map(|(k, i)| (Rect { y: list.y + k as u16, height: 1, ..list }, i))
        .collect();
    View { header: c.header, lang_button: c.lang_button, status, body, list, note, prompt, keys, rows }
}

pub fn hit(d: &Desk, area: Rect, col: u16, row: u16) -> Option<Action> {
    let v = layout(d, area);
    let inside = |r: Rect| col >= r.x && col < r.x + r.width && row >= r.y && row < r.y + r.height;
    if inside(v.lang_button) {
        return Some(Action::ToggleLang);
    }
    v.rows.iter().find(|(r, _)| inside(*r)).map(|(_, i)| Action::Select(*i))
}
