//! Characters that change how text *looks* without being seen (issue 17 §5): bidirectional
//! controls (U+202E RIGHT-TO-LEFT OVERRIDE makes "张三\u{202E}txt.exe" read backwards) and
//! zero-width characters (U+200B makes two names that look the same differ, so one person can
//! be registered twice or a search can miss). Names and form fields refuse them with a reason
//! that names the character.

/// The characters refused: zero-width space, joiners and marks U+200B–U+200F, the embedding and
/// override controls U+202A–U+202E, the isolates U+2066–U+2069, and U+FEFF (a byte-order mark
/// inside text).
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// The first such character in `text`, if any.
pub fn first_invisible(text: &str) -> Option<char> {
    text.chars().find(|c| is_invisible(*c))
}

/// The reason a field is refused, in Chinese and English: names the character by its code.
pub fn reason(c: char) -> String {
    format!(
        "含有不可见的控制字符 U+{:04X}（如从他处复制，请重新输入） / contains the invisible character U+{:04X}",
        c as u32, c as u32
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_and_zero_width_characters_are_found() {
        for c in [
            '\u{202E}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{2066}', '\u{2069}',
            '\u{FEFF}',
        ] {
            let name = format!("张{c}三");
            assert_eq!(first_invisible(&name), Some(c), "U+{:04X}", c as u32);
            assert!(reason(c).contains(&format!("U+{:04X}", c as u32)));
        }
        for ok in ["张三", "阿依古丽·买买提", "O'Brien", "王 五", "李\u{3000}四", ""] {
            assert_eq!(first_invisible(ok), None, "{ok}");
        }
    }
}
