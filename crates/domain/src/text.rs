//! Properties of screen text shared by every layer that writes words for a terminal.

/// East Asian Ambiguous ranges that appear in practice in CJK UIs (for tests of every mode's
/// strings).
pub fn ambiguous(c: char) -> bool {
    let u = c as u32;
    matches!(u,
        0x00A1 | 0x00A4 | 0x00A7 | 0x00A8 | 0x00AA | 0x00AD | 0x00AE | 0x00B0..=0x00B4
        | 0x00B6..=0x00BA | 0x00BC..=0x00BF | 0x00D7 | 0x00F7 | 0x2010 | 0x2013..=0x2016
        | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2020..=0x2022 | 0x2024..=0x2027 | 0x2030
        | 0x2032 | 0x2033 | 0x2035 | 0x203B | 0x203E | 0x2190..=0x21FF | 0x2460..=0x24FF
        | 0x2500..=0x257F | 0x2580..=0x259F | 0x25A0..=0x25FF | 0x2600..=0x26FF | 0x2700..=0x27BF)
}

// ---------------------------------------------------------------------------------------------
// Line breaking (禁则) shared by the slip and the screens.
//
// Where a line *may* break comes from `unicode-linebreak` (UAX #14): it forbids a break before
// closing punctuation (CL ，。、》」』】, CP ）, EX ！？, IS, NS ：；, IN …) and after opening
// punctuation (OP （《「『【), which is the Chinese 行首/行尾禁则; it allows a break between any two
// ideographs. `textwrap` (with its unicode-linebreak word separator) was the other candidate; it
// was not chosen because it measures with `unicode-width` only, while the slip must measure with
// the printer's cells (an ambiguous "·" prints two columns wide), and its word splitting and
// whitespace trimming would change the slip's own rules (ASCII runs break only at spaces,
// continuation lines indented). So the opportunities come from UAX #14 and the fitting below is
// first fit over them, with the width function the caller gives.

/// Whether `c` is punctuation a line must not start with (UAX #14 classes CL, CP, EX, IS, NS, IN:
/// ，。、；：？！）》」』】… and their ASCII kin).
pub fn closing_punctuation(c: char) -> bool {
    use unicode_linebreak::BreakClass as B;
    matches!(
        unicode_linebreak::break_property(c as u32),
        B::ClosePunctuation | B::CloseParenthesis | B::Exclamation | B::InfixSeparator | B::NonStarter | B::Inseparable
    )
}

/// Whether `c` is punctuation a line must not end with (UAX #14 class OP: （《「『【 and ASCII
/// brackets).
pub fn opening_punctuation(c: char) -> bool {
    matches!(unicode_linebreak::break_property(c as u32), unicode_linebreak::BreakClass::OpenPunctuation)
}

/// Columns a character takes in a terminal (`unicode-width`; CJK two, controls none).
pub fn char_columns(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Where each line of `s` wrapped into `cols` columns lies in `s` (byte ranges; the spaces a line
/// broke at and the line feeds are between the ranges, not in them). `indent` columns are kept
/// free at the start of every continuation line (dropped when it would leave no room for a CJK
/// character); `width` measures a character.
///
/// Rules: a line breaks only where UAX #14 allows (so never before closing or after opening
/// punctuation), and never inside a run of non-space ASCII (a certificate number, a word): ASCII
/// breaks at spaces. A line feed ends a line. A piece that does not fit on an empty line (a word
/// longer than the line, a long run of closing punctuation) is split between characters, so the
/// wrap always terminates and never splits a character. A character wider than the whole line (a
/// CJK character in one column) gets a line of its own.
pub fn line_ranges(s: &str, cols: usize, indent: usize, width: impl Fn(char) -> usize) -> Vec<std::ops::Range<usize>> {
    line_ranges_by(s, cols, indent, width, Breaks::Uax14)
}

/// Which break opportunities a wrap may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breaks {
    /// Every UAX #14 opportunity (between ideographs, after spaces), minus those inside an ASCII
    /// run: running text.
    Uax14,
    /// Only those after a space (and line feeds): a tally of "label count" items such as
    /// "受理登记 3  容缺受理 1", whose labels must not be split across lines. A label longer than
    /// the line is still split between characters.
    AtSpaces,
}

/// [`line_ranges`] with a choice of break opportunities.
pub fn line_ranges_by(
    s: &str,
    cols: usize,
    indent: usize,
    width: impl Fn(char) -> usize,
    breaks: Breaks,
) -> Vec<std::ops::Range<usize>> {
    use unicode_linebreak::BreakOpportunity;
    let cols = cols.max(1);
    let indent = continuation_indent(cols, indent);
    let ascii_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_graphic());
    // The break opportunities, minus those inside an ASCII run.
    let breaks: Vec<(usize, bool)> = unicode_linebreak::linebreaks(s)
        .filter_map(|(i, op)| {
            let mandatory = op == BreakOpportunity::Mandatory;
            let before = s[..i].chars().next_back();
            let inside_word = ascii_word(before) && ascii_word(s[i..].chars().next());
            let allowed = match breaks {
                Breaks::Uax14 => !inside_word,
                Breaks::AtSpaces => before.is_some_and(char::is_whitespace) || i == s.len(),
            };
            (mandatory || allowed).then_some((i, mandatory && i < s.len()))
        })
        .collect();
    let mut out = Vec::new();
    let mut start = 0usize; // where the current line begins in `s`
    let mut end = 0usize; // where its visible content ends
    let mut w = 0usize; // columns used, indent included (trailing spaces not counted)
    let mut pending = 0usize; // columns of spaces after `end` that are in the line if it goes on
    let mut base = 0usize; // the indent of the current line
    let mut seg_start = 0usize;
    for (at, hard) in breaks {
        let seg = &s[seg_start..at];
        seg_start = at;
        // The piece's visible part: without its trailing spaces and line feed.
        let body = seg.trim_end_matches(['\n', '\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{2028}', '\u{2029}']);
        let visible = body.trim_end_matches(' ');
        let seg_from = at - seg.len();
        let vis_w: usize = visible.chars().map(&width).sum();
        let spaces = body.len() - visible.len();
        if end == start && !visible.is_empty() && w + pending + vis_w > cols && pending > 0 {
            // Leading spaces that leave no room for what follows them are dropped.
            start = seg_from;
            end = seg_from;
            w = base;
            pending = 0;
        }
        if w + pending + vis_w <= cols || (end == start && visible.is_empty()) {
            if !visible.is_empty() {
                w += pending + vis_w;
                end = seg_from + visible.len();
                pending = 0;
            }
            pending += spaces;
        } else if end > start && vis_w <= cols - indent {
            // Break before this piece.
            out.push(start..end);
            start = seg_from;
            end = seg_from + visible.len();
            base = indent;
            w = base + vis_w;
            pending = spaces;
        } else {
            // Too long for any line: fill char by char.
            let mut pos = seg_from;
            for c in visible.chars() {
                let cw = width(c);
                if w + pending + cw > cols && end > start {
                    out.push(start..end);
                    start = pos;
                    base = indent;
                    w = base;
                    pending = 0;
                }
                w += pending + cw;
                pending = 0;
                pos += c.len_utf8();
                end = pos;
            }
            pending = spaces;
        }
        if hard {
            out.push(start..end);
            start = at;
            end = at;
            base = indent;
            w = base;
            pending = 0;
        }
    }
    out.push(start..end);
    out
}

/// The indent [`line_ranges`] keeps before continuation lines: `indent`, or none when it would
/// leave no room for a CJK character.
pub fn continuation_indent(cols: usize, indent: usize) -> usize {
    if indent + 2 > cols.max(1) {
        0
    } else {
        indent
    }
}

/// `s` wrapped into lines of at most `cols` columns measured by `width`, continuation lines
/// indented by `indent` spaces (see [`line_ranges`] for the rules).
pub fn wrap_with(s: &str, cols: usize, indent: usize, width: impl Fn(char) -> usize) -> Vec<String> {
    let eff = continuation_indent(cols, indent);
    line_ranges(s, cols, indent, width)
        .into_iter()
        .enumerate()
        .map(|(i, r)| if i == 0 { s[r].to_string() } else { format!("{}{}", " ".repeat(eff), &s[r]) })
        .collect()
}

/// `s` wrapped for a terminal: columns from `unicode-width` (see [`line_ranges`]).
pub fn wrap(s: &str, cols: usize, indent: usize) -> Vec<String> {
    wrap_with(s, cols, indent, char_columns)
}

#[cfg(test)]
mod wrap_tests {
    use super::*;
    use proptest::prelude::*;

    fn lines(s: &str, cols: usize) -> Vec<String> {
        wrap(s, cols, 0)
    }

    #[test]
    fn a_comma_or_full_stop_at_the_break_moves_with_the_character_before_it() {
        // 10 columns take five ideographs; the sixth character is closing punctuation.
        assert_eq!(lines("一二三四五，六七", 10), ["一二三四", "五，六七"]);
        assert_eq!(lines("一二三四五。六七", 10), ["一二三四", "五。六七"]);
        assert_eq!(lines("一二三四五、六七", 10), ["一二三四", "五、六七"]);
        assert_eq!(lines("一二三四五）六七", 10), ["一二三四", "五）六七"]);
        assert_eq!(lines("一二三四五：六七", 10), ["一二三四", "五：六七"]);
        assert_eq!(lines("一二三四五……六", 10), ["一二三四", "五……六"]);
        // Two closing marks in a row go together, with the character before them.
        assert_eq!(lines("一二三四五）。六", 10), ["一二三四", "五）。六"]);
    }

    #[test]
    fn an_opening_bracket_moves_to_the_next_line() {
        assert_eq!(lines("一二三四（五）", 10), ["一二三四", "（五）"]);
        assert_eq!(lines("一二三四《五》", 10), ["一二三四", "《五》"]);
        // The reported case: the comma no longer starts a line.
        let s = "复审：2027年1月3日（含）前（非工作日，最后工作日为2026年12月31日，暂定），可于2026年11月4日起申请。";
        // From 6 columns on, "定），" (the longest piece that may not be broken) fits a line.
        for cols in 6..60 {
            let ls = lines(s, cols);
            for (i, l) in ls.iter().enumerate().skip(1) {
                let first = l.chars().next().unwrap_or(' ');
                assert!(!closing_punctuation(first), "{cols}: line {i} starts with {first:?}: {ls:?}");
            }
            for l in &ls[..ls.len() - 1] {
                let last = l.chars().next_back().unwrap_or(' ');
                assert!(!opening_punctuation(last), "{cols}: line ends with {last:?}: {ls:?}");
            }
        }
    }

    #[test]
    fn a_long_run_of_closing_punctuation_still_terminates() {
        let s = "。".repeat(50);
        let ls = lines(&s, 10);
        assert_eq!(ls.len(), 10);
        assert!(ls.iter().all(|l| l == "。。。。。"));
        let s = format!("（{}", "（".repeat(30));
        assert!(lines(&s, 6).iter().all(|l| UnicodeWidthStr::width(l.as_str()) <= 6));
    }

    #[test]
    fn ascii_breaks_at_spaces_and_a_long_word_is_split() {
        assert_eq!(lines("aaa bbb ccc", 7), ["aaa bbb", "ccc"]);
        // A certificate number is not broken at its hyphen.
        assert_eq!(lines("证号 ABC-123456", 10), ["证号", "ABC-123456"]);
        // Longer than a line: split between characters, starting on the current line.
        assert_eq!(lines("证号 ABC-1234567", 10), ["证号 ABC-1", "234567"]);
        assert_eq!(wrap("姓名：王秀英王秀英", 10, 6), ["姓名：王秀", "      英王", "      秀英"]);
        assert_eq!(lines("", 10), [""]);
        assert_eq!(lines("一\n二", 10), ["一", "二"]);
    }

    #[test]
    fn a_tally_breaks_only_at_spaces() {
        let s = "受理登记 3  一次性告知 1  容缺受理 1";
        assert_eq!(lines(s, 30), ["受理登记 3  一次性告知 1  容缺", "受理 1"]);
        let r = line_ranges_by(s, 30, 0, char_columns, Breaks::AtSpaces);
        let ls: Vec<&str> = r.into_iter().map(|r| &s[r]).collect();
        assert_eq!(ls, ["受理登记 3  一次性告知 1", "容缺受理 1"]);
        // A label longer than the line is still split, and the wrap ends.
        let r = line_ranges_by("一二三四五六七八", 6, 0, char_columns, Breaks::AtSpaces);
        assert_eq!(r.len(), 3);
    }

    #[test]
    fn garbage_does_not_panic_and_keeps_every_character() {
        for s in ["\u{0}\u{1b}[2J", "\u{200B}\u{200B}", "\r\n\r\n", "   ", "a\u{301}\u{301}", "😀😀😀", "\u{FEFF}（"]
        {
            for cols in 0..6 {
                let ls = wrap(s, cols, 3);
                assert!(!ls.is_empty());
            }
        }
        // A character wider than the line gets a line of its own rather than being lost.
        assert_eq!(lines("王秀", 1), ["王", "秀"]);
    }

    use unicode_width::UnicodeWidthStr;

    proptest! {
        #[test]
        fn wrapped_lines_fit_keep_the_text_and_obey_the_rules(
            s in "[一二三王秀英电工作业 abcXYZ0-9，。、；：？！）》」（《「…·]{0,60}",
            cols in 2usize..30,
            indent in 0usize..6,
        ) {
            let ranges = line_ranges(&s, cols, indent, char_columns);
            let ls = wrap(&s, cols, indent);
            prop_assert_eq!(ranges.len(), ls.len());
            for l in &ls {
                prop_assert!(UnicodeWidthStr::width(l.as_str()) <= cols, "{:?} wider than {}", l, cols);
            }
            // Round trip: what lies between the lines is only the spaces broken at.
            let mut at = 0;
            for r in &ranges {
                prop_assert!(s[at..r.start].chars().all(|c| c == ' '), "lost {:?}", &s[at..r.start]);
                at = r.end;
            }
            prop_assert!(s[at..].chars().all(|c| c == ' '));
            let joined: String = ranges.iter().map(|r| &s[r.clone()]).collect::<String>().replace(' ', "");
            prop_assert_eq!(joined, s.replace(' ', ""));
            // 禁则: a line starts with closing punctuation only when the line before was full
            // (or the break was at a space, where UAX #14 allows it).
            for i in 1..ls.len() {
                let first = s[ranges[i].clone()].chars().next();
                let after_space = s[..ranges[i].start].ends_with(' ');
                if let Some(c) = first.filter(|c| closing_punctuation(*c) && !after_space) {
                    let prev_w = UnicodeWidthStr::width(ls[i - 1].as_str());
                    prop_assert!(prev_w + char_columns(c) > cols,
                        "line {} starts with {:?} though the one before ({:?}) had room", i, c, ls[i - 1]);
                }
            }
        }
    }
}
