//! Text rules shared by every renderer: what the printer can print, how wide it is, and how a
//! long value wraps.
//!
//! The printer runs in Chinese mode (FS &) with a GB2312/GBK font. Anything GB18030 would need a
//! four-byte sequence for (rare 生僻字 outside GBK, emoji), control characters, private-use
//! characters and anything else the font cannot draw is replaced by [`PLACEHOLDER`] *before*
//! layout, so the ESC/POS bytes and the text preview show the same thing.
//!
//! Width: in Chinese mode a double-byte character takes a full CJK cell (two columns of font A),
//! an ASCII character one column. After sanitising, the printed width of a character equals its
//! GB18030 byte length; we take the larger of that and `unicode-width` so that the preview in a
//! terminal and the paper agree for CJK and ASCII and the paper is never overrun for the
//! "ambiguous" characters (·, –, ※) that a terminal draws narrow but the printer draws wide.

use encoding_rs::GB18030;
use unicode_width::UnicodeWidthChar;

/// Shown instead of a character the printer cannot print (U+3013 GETA MARK, GBK 0xA1FE).
pub const PLACEHOLDER: char = '〓';

/// Whether the printer's GBK font can print `c` as is.
pub fn printable(c: char) -> bool {
    if c.is_control() || ('\u{E000}'..='\u{F8FF}').contains(&c) {
        return false;
    }
    if c.is_ascii() {
        return true; // printable ASCII (controls excluded above)
    }
    // Zero-width and combining characters would print as a stray cell or not at all.
    if UnicodeWidthChar::width(c).unwrap_or(0) == 0 {
        return false;
    }
    let mut buf = [0u8; 4];
    let (bytes, _, unmappable) = GB18030.encode(c.encode_utf8(&mut buf));
    // Exactly two bytes, a GBK lead and trail: anything else (four-byte sequences, the
    // single-byte 0x80 some encoders use for €) is not in a GBK font.
    !unmappable
        && bytes.len() == 2
        && (0x81..=0xFE).contains(&bytes[0])
        && (0x40..=0xFE).contains(&bytes[1])
        && bytes[1] != 0x7F
}

/// Replace every character the printer cannot print by [`PLACEHOLDER`].
pub fn sanitize(s: &str) -> String {
    s.chars().map(|c| if printable(c) { c } else { PLACEHOLDER }).collect()
}

/// Columns a (sanitised) character takes on paper in normal size.
pub fn char_width(c: char) -> usize {
    let uw = UnicodeWidthChar::width(c).unwrap_or(0);
    let printed = if c.is_ascii() { 1 } else { 2 };
    uw.max(printed)
}

/// Columns a (sanitised) string takes on paper in normal size.
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Wrap `s` into lines of at most `cols` columns of paper. Never splits a character; breaks
/// ASCII runs only at spaces, CJK between characters, and keeps the Chinese line-breaking rules
/// (禁则: no line starts with ，。、）… or ends with （《…). `indent` columns of spaces are put
/// before every continuation line. A line never starts with a space it broke at. The breaking
/// itself is the one the screens use (`certdesk_domain::text::wrap_with`), measured here by the
/// printer's cells ([`char_width`]).
pub fn wrap(s: &str, cols: usize, indent: usize) -> Vec<String> {
    certdesk_domain::text::wrap_with(s, cols.max(2), indent, char_width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_for_what_gbk_lacks() {
        assert_eq!(sanitize("王𠀀英"), "王〓英");
        assert_eq!(sanitize("张😀"), "张〓");
        assert_eq!(sanitize("a\u{1b}b\n"), "a〓b〓");
        assert_eq!(sanitize("\u{E000}"), "〓");
        assert_eq!(sanitize("\u{200B}x"), "〓x");
        // GBK characters outside GB2312 stay (printers have GBK fonts).
        assert_eq!(sanitize("王秀英 堃 镕 ABC-123：（）"), "王秀英 堃 镕 ABC-123：（）");
        assert!(printable(PLACEHOLDER));
    }

    #[test]
    fn widths() {
        assert_eq!(width("王秀英"), 6);
        assert_eq!(width("abc"), 3);
        assert_eq!(width("姓名：王"), 8);
        assert_eq!(width("·"), 2, "printed as a full cell in Chinese mode");
    }

    #[test]
    fn wrap_never_splits_cjk_and_respects_limit() {
        let s = "危险化学品安全作业：光气及光气化工艺作业、氯碱电解工艺作业 ABC DEFGHIJ";
        for cols in 2..40 {
            for indent in [0, 4, 10] {
                let lines = wrap(s, cols, indent);
                for l in &lines {
                    assert!(width(l) <= cols.max(2), "{cols}: {l:?}");
                }
                let joined: String = lines.concat().chars().filter(|c| *c != ' ').collect();
                let orig: String = s.chars().filter(|c| *c != ' ').collect();
                assert_eq!(joined, orig, "cols {cols} indent {indent}");
            }
        }
    }

    #[test]
    fn wrap_prefers_spaces_and_indents() {
        assert_eq!(wrap("aaa bbb ccc", 7, 0), vec!["aaa bbb", "ccc"]);
        assert_eq!(wrap("姓名：王秀英王秀英", 10, 6), vec!["姓名：王秀", "      英王", "      秀英"]);
        assert_eq!(wrap("", 10, 0), vec![""]);
    }

    #[test]
    fn wrap_keeps_closing_punctuation_off_the_start_of_a_line() {
        // The reminder's next step on 58 mm paper with the 下一步： label's indent of 8.
        let s = "复审：2027年1月3日（含）前（非工作日，最后工作日为2026年12月31日，暂定），可于2026年11月4日起申请。";
        for cols in [24, 32, 48] {
            let lines = wrap(&sanitize(s), cols, 8);
            for l in &lines[1..] {
                let first = l.trim_start().chars().next().unwrap_or(' ');
                assert!(!"，。、；：？！）》」』】…".contains(first), "{cols}: {lines:?}");
            }
            for l in &lines[..lines.len() - 1] {
                assert!(!l.ends_with(['（', '《', '「', '『', '【']), "{cols}: {lines:?}");
                assert!(width(l) <= cols);
            }
        }
        // "·" is two printer cells: measured by the printer, not the terminal.
        assert_eq!(wrap("王·王·王", 6, 0), vec!["王·王", "·王"]);
    }
}
