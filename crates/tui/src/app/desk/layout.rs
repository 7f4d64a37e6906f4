//! Where everything on a desk screen sits, built once per frame and used by `draw` and by
//! hit-testing (a click on a list row selects it; the header's language button toggles; a click
//! on a command in the key bar does what its key does).

use super::commands::{self, Cmd};
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
    /// The key bar, one item per command, laid out in `keys` (what does not fit is left out).
    pub key_items: Vec<KeyItem>,
}

/// One command of the key bar: its words as shown, where, the action its key gives and the
/// command it is (`None` for a hint such as "上下键选择" that names no single key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyItem {
    pub rect: Rect,
    pub text: String,
    pub action: Option<Action>,
    pub command: Option<Cmd>,
}

/// The key bar of the current screen, in the desk's language: the labels of its table's rows
/// shown on the bar (`commands::bar`), one space apart.
pub fn key_bar(d: &Desk) -> String {
    commands::bar(d).iter().map(|c| c.label.t(d.lang)).collect::<Vec<_>>().join(" ")
}

/// Place the key bar's items (the table's rows on the bar) in `area`, row by row, one space
/// apart in Chinese and two in English (where words inside a command are one space apart); an
/// item wider than a row is cut, and items past the last row are left out (not drawn, not
/// clickable).
fn place_keys(d: &Desk, area: Rect) -> Vec<KeyItem> {
    use unicode_width::UnicodeWidthStr;
    let gap = if d.lang == crate::app::strings::Lang::Zh { 1 } else { 2 };
    let mut out = Vec::new();
    let (mut x, mut y) = (area.x, area.y);
    let right = area.x + area.width;
    for c in commands::bar(d) {
        let text = c.label.t(d.lang).to_string();
        let w = (text.width() as u16).min(area.width);
        if x > area.x && x + w > right {
            x = area.x;
            y += 1;
        }
        if y >= area.y + area.height || w == 0 {
            break;
        }
        let action = c.key.action();
        let command = action.is_some().then_some(c.cmd);
        out.push(KeyItem { rect: Rect { x, y, width: w, height: 1 }, text, action, command });
        x += w + gap;
    }
    out
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
        Screen::Holder { known, selected, .. } => (known.certificates.len(), *selected),
        Screen::Appointments { list, selected } => (list.len(), *selected),
        Screen::Tasks { followups, callbacks, selected } => (followups.len() + callbacks.len(), *selected),
        Screen::Checks { checks, selected, .. } => (checks.len(), *selected),
        Screen::Marks { marks, selected, .. } => (marks.len(), *selected),
        Screen::Holders { hits, selected, .. } => (hits.len(), *selected),
        _ => (0, 0),
    };
    let visible = list.height as usize;
    let first = if visible == 0 { 0 } else { selected.saturating_sub(visible.saturating_sub(1)) };
    let rows = (first..n)
        .take(visible)
        .enumerate()
        .map(|(k, i)| (Rect { y: list.y + k as u16, height: 1, ..list }, i))
        .collect();
    let key_items = place_keys(d, keys);
    View { header: c.header, lang_button: c.lang_button, status, body, list, note, prompt, keys, rows, key_items }
}

pub fn hit(d: &Desk, area: Rect, col: u16, row: u16) -> Option<Action> {
    let v = layout(d, area);
    let inside = |r: Rect| col >= r.x && col < r.x + r.width && row >= r.y && row < r.y + r.height;
    if inside(v.lang_button) {
        return Some(Action::ToggleLang);
    }
    if let Some(k) = v.key_items.iter().find(|k| inside(k.rect)) {
        return k.action.clone();
    }
    v.rows.iter().find(|(r, _)| inside(*r)).map(|(_, i)| Action::Select(*i))
}
