//! Strings shared by every mode (language toggle, OK, Back, ...), the zh-CN/en pair type, and the
//! screen-safety filter for data. Each mode keeps its own strings in `<mode>/strings.rs`, grouped
//! by screen (gitui's `strings.rs` style).
//!
//! Rules for strings: no East-Asian-ambiguous-width symbols (no curly quotes, middle dots,
//! arrows, box drawing, ellipsis); use fullwidth CJK punctuation (「」，：) or plain ASCII.

pub use crate::config::Lang;

/// A pair of strings; `t(lang)` picks one.
#[derive(Debug, Clone, Copy)]
pub struct T {
    pub zh: &'static str,
    pub en: &'static str,
}

impl T {
    pub const fn new(zh: &'static str, en: &'static str) -> T {
        T { zh, en }
    }
    pub fn t(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// Pick between two formatted strings.
pub fn pick(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The other language (the toggle on every screen).
pub fn toggle(lang: Lang) -> Lang {
    match lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    }
}

pub const LANG_TOGGLE: T = T::new("English", "中文");
pub const BACK: T = T::new("返回", "Back");
pub const HOME: T = T::new("首页", "Home");
pub const OK: T = T::new("确定", "OK");
pub const DELETE: T = T::new("退格", "Del");
pub const CLEAR: T = T::new("清空", "Clear");
pub const PRINT: T = T::new("打印", "Print");
pub const RETRY: T = T::new("重试", "Retry");
pub const UP: T = T::new("上一个", "Previous");
pub const DOWN: T = T::new("下一个", "Next");

pub const OUT_OF_SERVICE: T = T::new("暂停服务", "Out of service");
pub const SERVICE_ERROR: T = T::new(
    "系统暂时无法处理，请联系服务窗口。",
    "The system cannot handle this right now. Please ask at the service counter.",
);

/// Every shared pair, for the width check.
pub const ALL: &[T] =
    &[LANG_TOGGLE, BACK, HOME, OK, DELETE, CLEAR, PRINT, RETRY, UP, DOWN, OUT_OF_SERVICE, SERVICE_ERROR];

/// Make a string safe for the terminal grid: replace ambiguous-width characters that appear in
/// real data (the middle dot in minority names, curly quotes) by unambiguous equivalents, and
/// drop control characters.
pub fn screen_safe(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '\u{00B7}' | '\u{2022}' | '\u{2027}' => '\u{30FB}', // middle dots -> wide katakana middle dot
            '\u{201C}' | '\u{201D}' => '"',
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{2014}' | '\u{2013}' => '-',
            '\u{2026}' => '.',
            c => c,
        })
        .collect()
}

pub use certdesk_domain::text::ambiguous;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_strings_have_no_ambiguous_width_chars() {
        for t in ALL {
            for s in [t.zh, t.en] {
                assert!(!s.chars().any(ambiguous), "ambiguous-width char in {s:?}");
            }
        }
    }

    #[test]
    fn screen_safe_replaces_middle_dot() {
        assert_eq!(screen_safe("阿卜杜·买买提\u{7}"), "阿卜杜\u{30FB}买买提");
        assert!(!screen_safe("“引号”…—").chars().any(ambiguous));
    }
}
