//! The queue ticket (排队号票, issue 15): printed on the receipt printer when a visitor takes a
//! number, through the same layout → ESC/POS (GB18030) / text pipeline as the other slips, on
//! 58 or 80 mm paper. It carries the number large, the matter, how many wait ahead, when it was
//! taken (in Chinese form) and the bureau's phone; nothing about the visitor.

use super::{Slip, Style};
use chrono::{Datelike, NaiveDateTime, Timelike};

/// What a queue ticket says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueTicket {
    /// The bureau's name, at the top.
    pub bureau: String,
    /// A001, B012, …
    pub label: String,
    /// The matter's name; `None`: a walk-in who chooses at the window (综合受理).
    pub matter: Option<String>,
    /// Tickets to be called before this one.
    pub ahead: u32,
    /// When the ticket was taken (local time).
    pub issued_at: NaiveDateTime,
    /// The phone number a visitor can call.
    pub phone: String,
}

/// The ticket's lines. The number is printed double-size; the rest wraps at the paper's width.
pub fn queue_ticket(t: &QueueTicket) -> Slip {
    let mut s = Slip::new();
    s.text(&t.bureau, Style::center().bold());
    s.text("政务服务 综合受理窗口", Style::center());
    s.rule();
    s.text("您的排队号", Style::center());
    s.text(&t.label, Style::center().bold().double());
    s.feed(1);
    s.kv("办理事项", t.matter.as_deref().unwrap_or("到窗口确定（综合受理）"));
    s.kv("前面等候", format!("{}人", t.ahead));
    let at = t.issued_at;
    s.kv("取号时间", format!("{}年{}月{}日 {:02}:{:02}", at.year(), at.month(), at.day(), at.hour(), at.minute()));
    s.kv("咨询电话", &t.phone);
    s.rule();
    s.text("请留意大厅叫号屏，叫到您的号码时请到对应窗口办理；过号请重新取号。", Style::NORMAL);
    s.text("本号当日有效。", Style::NORMAL);
    s.feed(2);
    s.cut();
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Paper, QrMode};
    use chrono::NaiveDate;

    fn ticket(matter: Option<&str>) -> QueueTicket {
        QueueTicket {
            bureau: "示范市应急管理局".into(),
            label: "A012".into(),
            matter: matter.map(Into::into),
            ahead: 3,
            issued_at: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap().and_hms_opt(9, 5, 41).unwrap(),
            phone: "0533-3186000".into(),
        }
    }

    #[test]
    fn the_printed_bytes_read_back_as_the_ticket_in_gb18030_on_58_and_80_mm() {
        for paper in [Paper::Mm58, Paper::Mm80] {
            let slip = queue_ticket(&ticket(Some("特种作业操作证复审")));
            let bytes = crate::slip::to_escpos(&slip, paper, QrMode::Native);
            // GB18030 on the wire: 排 is 0xC5C5, not UTF-8's E6 8E 92.
            assert!(bytes.windows(2).any(|w| w == [0xC5, 0xC5]), "{paper:?}");
            assert!(!bytes.windows(3).any(|w| w == [0xE6, 0x8E, 0x92]), "{paper:?}: no UTF-8");
            let p = crate::slip::parse_escpos(&bytes).unwrap();
            assert!(p.initialized && p.chinese_mode, "{paper:?}");
            assert_eq!(p.cuts, 1);
            let number = p.lines.iter().find(|l| l.text.trim() == "A012").expect("the number");
            assert_eq!((number.width_mult, number.height_mult, number.bold), (2, 2, true), "large");
            let text: String = p.text().split_whitespace().collect();
            for want in [
                "示范市应急管理局",
                "办理事项：特种作业操作证复审",
                "前面等候：3人",
                "取号时间：2026年12月7日09:05",
                "咨询电话：0533-3186000",
            ] {
                assert!(text.contains(want), "{paper:?}: {want} in\n{}", p.text());
            }
            // The preview is the same lines as the paper, within its width.
            let preview = crate::slip::to_text(&slip, paper);
            for l in preview.lines() {
                assert!(crate::slip::text::width(l) <= paper.columns(), "{paper:?}: {l}");
            }
        }
    }

    #[test]
    fn a_walk_in_ticket_says_the_matter_is_chosen_at_the_window() {
        let t = crate::slip::to_text(&queue_ticket(&ticket(None)), Paper::Mm58);
        let flat: String = t.split_whitespace().collect();
        assert!(flat.contains("办理事项：到窗口确定（综合受理）"), "{t}");
    }

    #[test]
    fn control_characters_in_a_matter_name_do_not_reach_the_printer() {
        let slip = queue_ticket(&ticket(Some("复审\u{1b}@\u{1d}V\u{0}")));
        let bytes = crate::slip::to_escpos(&slip, Paper::Mm58, QrMode::Native);
        let p = crate::slip::parse_escpos(&bytes).unwrap();
        assert_eq!(p.cuts, 1, "an ESC/GS in the text must not cut or reset the printer");
        assert!(p.text().contains("复审"));
    }
}
