//! Scripted scenarios: the keys staff (or a holder) press, written as one line, driven through
//! the runtime's real key path (`Runtime::handle_event`, as the terminal's keys arrive), the
//! worker's answer awaited after each key, the screen rendered at the end.
//!
//! A script is tokens separated by spaces: `<Enter>`, `<Esc>`, `<Tab>`, `<BackTab>`,
//! `<Backspace>`, `<Delete>`, `<Up>`, `<Down>`, `<Left>`, `<Right>`, `<Home>`, `<End>`,
//! `<PageUp>`, `<PageDown>`, `<Space>`, `<F1>` … `<F12>`, `<C-x>` (Ctrl and a letter); any
//! other token is typed character by character. `"0002 <Enter> 135790 <Enter> <F2>"` signs in
//! and takes the next ticket.

use crate::Driver;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// The events of `script`, or what in it is not a key.
pub fn parse(script: &str) -> Result<Vec<Event>, String> {
    let mut out = Vec::new();
    for token in script.split_whitespace() {
        if let Some(name) = token.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
            out.push(named(name).ok_or_else(|| format!("not a key: {token}"))?);
        } else {
            out.extend(token.chars().map(|c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))));
        }
    }
    Ok(out)
}

fn named(name: &str) -> Option<Event> {
    let plain = |code| Some(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    if let Some(c) = name.strip_prefix("C-") {
        let mut chars = c.chars();
        return match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_alphabetic() => {
                Some(Event::Key(KeyEvent::new(KeyCode::Char(c.to_ascii_lowercase()), KeyModifiers::CONTROL)))
            }
            _ => None,
        };
    }
    if let Some(n) = name.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()) {
        return (1..=12).contains(&n).then_some(Event::Key(KeyEvent::new(KeyCode::F(n), KeyModifiers::NONE)));
    }
    match name {
        "Enter" => plain(KeyCode::Enter),
        "Esc" => plain(KeyCode::Esc),
        "Tab" => plain(KeyCode::Tab),
        "BackTab" => Some(Event::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT))),
        "Backspace" => plain(KeyCode::Backspace),
        "Delete" => plain(KeyCode::Delete),
        "Up" => plain(KeyCode::Up),
        "Down" => plain(KeyCode::Down),
        "Left" => plain(KeyCode::Left),
        "Right" => plain(KeyCode::Right),
        "Home" => plain(KeyCode::Home),
        "End" => plain(KeyCode::End),
        "PageUp" => plain(KeyCode::PageUp),
        "PageDown" => plain(KeyCode::PageDown),
        "Space" => plain(KeyCode::Char(' ')),
        _ => None,
    }
}

impl Driver {
    /// Press the keys of `script` (see the module) through the real key path, waiting for the
    /// worker's answer after each, and return the screen as text at the driver's size. Panics
    /// on a script that names no key (a typo in a test is the test's failure, not a skip).
    pub fn script(&mut self, script: &str) -> String {
        let events = parse(script).unwrap_or_else(|e| panic!("bad script {script:?}: {e}"));
        for ev in events {
            self.event(ev);
            self.settle();
        }
        self.screen()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn a_script_is_keys_and_typed_text() {
        let got = parse("01 <Enter> <F2>  <C-c> <Space> a<b").unwrap();
        let typed = |s: &str| s.chars().map(|c| key(KeyCode::Char(c))).collect::<Vec<_>>();
        let mut want = typed("01");
        want.extend([
            key(KeyCode::Enter),
            key(KeyCode::F(2)),
            Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            key(KeyCode::Char(' ')),
        ]);
        want.extend(typed("a<b"));
        assert_eq!(got, want);
        assert_eq!(parse("").unwrap(), vec![]);
    }

    #[test]
    fn garbage_in_a_script_is_an_error() {
        for bad in ["<F13>", "<F0>", "<Nope>", "<C-1>", "<C-ab>", "<>", "<C->", "<Space><Esc>"] {
            assert!(parse(bad).is_err(), "{bad} accepted");
        }
    }
}
