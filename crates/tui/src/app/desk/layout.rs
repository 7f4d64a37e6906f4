//! Where everything on a desk screen sits, built once per frame and used by `draw` and by
//! hit-testing (a click on a list row selects it; the header's language button toggles; a click
//! on a command in the key bar does what its key does).

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

/// One command of the key bar: its words as shown, where, and the action its key gives (`None`
/// for a hint such as "上下键选择" that names no single key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyItem {
    pub rect: Rect,
    pub text: String,
    pub action: Option<Action>,
}

/// The key bar of the current screen, in the desk's language.
pub fn key_bar(d: &Desk) -> String {
    use super::strings as ds;
    use super::Note;
    let lang = d.lang;
    match &d.screen {
        Screen::Login { .. } => ds::LOGIN_HINT.t(lang).to_string(),
        Screen::Home { .. } => {
            let keys = format!("{} {}", ds::KEYS_HOME.t(lang), ds::KEYS_HOME_REPORTS.t(lang));
            if d.from_kiosk {
                format!("{keys} {}", ds::KEYS_HOME_KIOSK.t(lang))
            } else {
                keys
            }
        }
        Screen::PickMatter { .. } | Screen::Tasks { .. } => ds::KEYS_LIST.t(lang).to_string(),
        Screen::Intake { known, .. } => {
            let mut keys = ds::KEYS_INTAKE.t(lang).to_string();
            if matches!(known, Some(Some(_))) {
                keys = format!("{keys}  {}", ds::KEYS_INTAKE_HOLDER.t(lang));
            }
            if matches!(d.note, Some(Note::Problem(super::Problem::CreditCheck { .. }))) {
                keys = format!("{keys}  {}", ds::KEYS_CREDIT_CONFIRM.t(lang));
            }
            keys
        }
        Screen::Checklist { .. } => {
            let keys = ds::KEYS_CHECKLIST.t(lang).to_string();
            if d.override_items.is_some() {
                format!("{keys}  {}", ds::KEYS_OVERRIDE.t(lang))
            } else {
                keys
            }
        }
        Screen::Case { .. } => ds::KEYS_CASE.t(lang).to_string(),
        Screen::List { known, .. } => {
            if known.is_some() { ds::KEYS_LIST_HOLDER } else { ds::KEYS_LIST }.t(lang).to_string()
        }
        Screen::Holder { back: None, .. } => ds::KEYS_HOLDER.t(lang).to_string(),
        Screen::Holder { back: Some(_), .. } => ds::KEYS_HOLDER_FROM_FORM.t(lang).to_string(),
        Screen::Appointments { .. } => ds::KEYS_APPTS.t(lang).to_string(),
        Screen::Book { .. } => ds::KEYS_BOOK.t(lang).to_string(),
        Screen::Reports(_) => ds::KEYS_REPORTS.t(lang).to_string(),
    }
}

/// The action of the key a key-bar word starts with: `Some(action)` for a command key (F1..F12,
/// Esc, Enter/回车, Tab, Y, the digits 1 to 4 of the checklist and the reports), `Some(None)` for
/// a word that starts an item without one (a range such as F5-F8), `None` for a word that
/// continues the item before it.
fn key_of(word: &str) -> Option<Option<Action>> {
    let mut chars = word.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    let next = rest.chars().next();
    let non_ascii_or_end = |c: Option<char>| c.is_none_or(|c| !c.is_ascii() || c == ':');
    if first == 'F' {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<u8>() {
            if (1..=12).contains(&n) {
                return Some(match rest[digits.len()..].chars().next() {
                    Some('-') => None,
                    _ if n == 2 => Some(Action::ToggleLang),
                    _ => Some(Action::Command(n)),
                });
            }
        }
        return None;
    }
    // A hint about the arrow keys stands on its own (no single key to click).
    if ["Arrows", "arrows", "上下键"].iter().any(|a| word.starts_with(a)) {
        return Some(None);
    }
    if word.starts_with("Esc") {
        return Some(Some(Action::Back));
    }
    if word.starts_with("Enter") || word.starts_with("回车") {
        return Some(Some(Action::Submit));
    }
    if word.starts_with("Tab") {
        return Some(Some(Action::NextField));
    }
    if first == 'Y' && non_ascii_or_end(next) {
        return Some(Some(Action::Input('y')));
    }
    if ('1'..='4').contains(&first) && non_ascii_or_end(next) {
        return Some(Some(Action::Input(first)));
    }
    None
}

/// The key bar cut into its commands: each starts at a word naming a key and runs to the next.
pub fn key_items(bar: &str) -> Vec<(String, Option<Action>)> {
    let mut items: Vec<(String, Option<Action>)> = Vec::new();
    for word in bar.split(' ').filter(|w| !w.is_empty()) {
        match (key_of(word), items.last_mut()) {
            (None, Some((text, _))) => {
                text.push(' ');
                text.push_str(word);
            }
            (None, None) => items.push((word.to_string(), None)),
            (Some(action), _) => items.push((word.to_string(), action)),
        }
    }
    items
}

/// Place the key bar's items in `area`, row by row, one space apart in Chinese and two in English
/// (where words inside a command are one space apart); an item wider than a row is cut, and
/// items past the last row are left out (not drawn, not clickable).
fn place_keys(d: &Desk, area: Rect) -> Vec<KeyItem> {
    use unicode_width::UnicodeWidthStr;
    // The login hint is one sentence, not commands.
    let items = match d.screen {
        Screen::Login { .. } => vec![(key_bar(d), None)],
        _ => key_items(&key_bar(d)),
    };
    let gap = if d.lang == crate::app::strings::Lang::Zh { 1 } else { 2 };
    let mut out = Vec::new();
    let (mut x, mut y) = (area.x, area.y);
    let right = area.x + area.width;
    for (text, action) in items {
        let w = (text.width() as u16).min(area.width);
        if x > area.x && x + w > right {
            x = area.x;
            y += 1;
        }
        if y >= area.y + area.height || w == 0 {
            break;
        }
        out.push(KeyItem { rect: Rect { x, y, width: w, height: 1 }, text, action });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::desk::strings as ds;

    fn actions(bar: &str) -> Vec<Option<Action>> {
        key_items(bar).into_iter().map(|(_, a)| a).collect()
    }

    #[test]
    fn every_key_bar_splits_into_its_commands_without_losing_a_word() {
        use crate::app::strings::Lang;
        let bars = [
            ds::KEYS_HOME,
            ds::KEYS_HOME_REPORTS,
            ds::KEYS_HOME_KIOSK,
            ds::KEYS_LIST,
            ds::KEYS_INTAKE,
            ds::KEYS_CREDIT_CONFIRM,
            ds::KEYS_CHECKLIST,
            ds::KEYS_OVERRIDE,
            ds::KEYS_CASE,
            ds::KEYS_LIST_HOLDER,
            ds::KEYS_HOLDER,
            ds::KEYS_INTAKE_HOLDER,
            ds::KEYS_HOLDER_FROM_FORM,
            ds::KEYS_APPTS,
            ds::KEYS_BOOK,
            ds::KEYS_REPORTS,
        ];
        for bar in bars {
            for lang in [Lang::Zh, Lang::En] {
                let text = bar.t(lang);
                let items = key_items(text);
                let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
                let again: Vec<String> = items.iter().map(|(t, _)| t.clone()).collect();
                assert_eq!(again.join(" ").split(' ').collect::<Vec<_>>(), words, "{text}");
                // Every function key word starts a command of its own (not lost inside a hint).
                for (t, a) in &items {
                    if t.starts_with('F') && a.is_none() {
                        assert!(t.starts_with("F5-F8"), "{t:?} in {text}");
                    }
                }
            }
        }
    }

    #[test]
    fn key_words_map_to_the_actions_their_keys_give() {
        use Action::*;
        assert_eq!(
            actions("F1取号 F3叫号 F9查询 Y预约 F10退出登录 F11报表"),
            [
                Some(Command(1)),
                Some(Command(3)),
                Some(Command(9)),
                Some(Input('y')),
                Some(Command(10)),
                Some(Command(11))
            ]
        );
        assert_eq!(
            actions("F1 ticket F3 call next Y appointments"),
            [Some(Command(1)), Some(Command(3)), Some(Input('y'))]
        );
        assert_eq!(key_items("F3 call next")[0].0, "F3 call next");
        // The checklist's digits; the reports' periods ("7" and "30" are not keys); a range.
        assert_eq!(
            actions("1已提供 2缺少 3有误 4承诺"),
            [Some(Input('1')), Some(Input('2')), Some(Input('3')), Some(Input('4'))]
        );
        let r = key_items("F5-F8 report  1: 7 days 2: 30 3: 90 4: a year");
        assert_eq!(
            r.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(),
            ["F5-F8 report", "1: 7 days", "2: 30", "3: 90", "4: a year"]
        );
        assert_eq!(r[0].1, None, "a range is no single key");
        assert_eq!(actions("上下键选择 回车打开 Esc首页"), [None, Some(Submit), Some(Back)]);
        assert_eq!(actions("Arrows: choose  Enter: open  Esc: home"), [None, Some(Submit), Some(Back)]);
        assert_eq!(actions("F2 language"), [Some(ToggleLang)]);
        assert_eq!(key_items("F9 type a period  arrows: scroll  Esc: home")[1], ("arrows: scroll".into(), None));
        assert_eq!(actions("Fx F13 F0"), [None], "not keys: one hint");
    }
}
