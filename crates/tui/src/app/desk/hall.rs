//! The desk's part in the hall (issue 15): the printed queue ticket's result, holders found by
//! name or employer, the 复审 intake warning. Words here, zh-CN first then English (the desk's
//! strings for these screens; the rest are in `strings.rs`).

use super::effects::{Known, TicketSlip};
use super::{Desk, Effect, Effects, Note};
use crate::app::kiosk::PrinterFault;
use crate::app::strings::{pick, Lang, T};
use crate::domain::cert::Invalid;
use crate::domain::review_intake::ReviewWarning;
use chrono::{Datelike, NaiveDate};

/// A ticket was taken and sent to the printer: the note, and the queue again.
pub fn ticket_printed(d: &mut Desk, s: TicketSlip) -> Effects {
    d.note = Some(match s.fault {
        None => Note::TicketTaken(s.ticket.label),
        Some(fault) => Note::TicketNotPrinted { label: s.ticket.label, serial: s.serial, fault },
    });
    d.ask(Effect::Queue)
}

fn date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    }
}

/// A printer fault in words for the clerk (the kiosk's words ask the visitor to fetch staff;
/// here the reader is the staff member, who checks the printer).
pub fn staff_printer_fault(f: PrinterFault) -> T {
    match f {
        PrinterFault::Offline => T::new("打印机未开机或未连接", "the printer is off or not connected"),
        PrinterFault::PaperOut => T::new("打印机缺纸", "the printer is out of paper"),
        PrinterFault::CoverOpen => T::new("打印机上盖未关好", "the printer cover is open"),
        PrinterFault::Fault => T::new("打印机报告故障", "the printer reports a fault"),
        PrinterFault::Timeout => T::new("打印机没有响应", "the printer did not answer"),
        PrinterFault::NoReply => {
            T::new("打印后打印机未回应状态，号票可能未出", "no status after printing; the slip may not be out")
        }
        PrinterFault::BadReply => T::new("打印机状态回应无法识别", "the printer's status reply made no sense"),
        PrinterFault::NoStatus => T::new("打印机无法报告状态", "the printer cannot report its status"),
        PrinterFault::Io => T::new("发送到打印机时出错", "sending to the printer failed"),
    }
}

/// The note when the ticket printer failed: the ticket stands, the clerk tells the number.
pub fn ticket_not_printed(lang: Lang, label: &str, serial: u64, fault: &str) -> String {
    pick(
        lang,
        format!("已取号{label}，号票未打印（{fault}，作业{serial}）：请告知来访人号码，并检查打印机。"),
        format!("Ticket {label} taken; the slip did not print ({fault}, job {serial}): tell the visitor the number and check the printer."),
    )
}

/// What the desk says about a 复审 that cannot simply be taken in (30号令 第二十二条, 第二十六条).
pub fn review_warning(lang: Lang, w: &ReviewWarning) -> String {
    match w {
        ReviewWarning::NoCard => pick(
            lang,
            "注意：登记库中此人没有特种作业操作证，不能按复审受理；请核对证件，或按申领办理。".into(),
            "Note: the registry holds no special operation certificate for this person: not a review; check the card, or take it in as a new application.".into(),
        ),
        ReviewWarning::Lapsed(why) => {
            let why_zh = match why {
                Invalid::ReviewMissed { due } => format!("应于{}复审而未复审，证件已失效", date(Lang::Zh, *due)),
                Invalid::Expired { until } => format!("有效期已于{}届满", date(Lang::Zh, *until)),
                Invalid::Revoked => "证件已撤销".into(),
                Invalid::Cancelled => "证件已注销".into(),
            };
            let why_en = match why {
                Invalid::ReviewMissed { due } => format!("the review due {} was missed; the card is invalid", date(Lang::En, *due)),
                Invalid::Expired { until } => format!("the card expired on {}", date(Lang::En, *until)),
                Invalid::Revoked => "the card is revoked".into(),
                Invalid::Cancelled => "the card is cancelled".into(),
            };
            pick(
                lang,
                format!("注意：{why_zh}（30号令第二十六条），不能复审；须重新参加培训考试，按申领办理。"),
                format!("Note: {why_en} (Order 30 art. 26): no review; retraining and a new exam, then a new application."),
            )
        }
        ReviewWarning::NotYetDue { due, apply_from } => pick(
            lang,
            format!(
                "注意：复审日期为{}，应在期满前60日内申请（30号令第二十二条），{}起方可受理。",
                date(Lang::Zh, *due),
                date(Lang::Zh, *apply_from)
            ),
            format!(
                "Note: the review is due {}; it is applied for within the 60 days before (Order 30 art. 22), from {}.",
                date(Lang::En, *due),
                date(Lang::En, *apply_from)
            ),
        ),
        ReviewWarning::OtherMatter(_) => pick(
            lang,
            "注意：此证下一步为延期复审（换证），不是复审；请改选该事项。".into(),
            "Note: this card's next step is the year-6 renewal (延期复审（换证）), not a review: choose that matter.".into(),
        ),
        ReviewWarning::Suspended => pick(
            lang,
            "注意：此证已暂停，请先与签发机关确认，再决定是否受理复审。".into(),
            "Note: this card is suspended: check with the issuing authority before taking in a review.".into(),
        ),
    }
}

/// The warning to show on the visitor form: the registry's for a registered holder, and "no
/// card" for a review whose visitor gave an ID number the registry does not know.
pub fn intake_warning(matter: &str, known: &Option<Option<Known>>, id_typed: bool) -> Option<ReviewWarning> {
    match known {
        Some(Some(k)) => k.review,
        Some(None) if id_typed && crate::domain::review_intake::is_review(matter) => Some(ReviewWarning::NoCard),
        _ => None,
    }
}

pub const HOLDERS_TITLE: T = T::new("查询结果：持证人", "Search results: certificate holders");
pub const HOLDERS_NONE_OPENABLE: T = T::new("（无证书）", "(no certificate)");
pub const OPEN_HOLDER: T = T::new("回车打开持证人", "Enter: open holder");
pub const FOUND_CASES: T = T::new("F4查到的办件", "F4 cases found");

pub fn holders_found(lang: Lang, n: usize, cases: usize) -> String {
    pick(
        lang,
        format!("按姓名或单位查到{n}位持证人；另有{cases}件办件（F4查看）。"),
        format!("{n} holders by name or employer; {cases} cases too (F4)."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_have_no_ambiguous_width_characters() {
        let d = NaiveDate::from_ymd_opt(2027, 1, 3).unwrap();
        let all = [
            ReviewWarning::NoCard,
            ReviewWarning::Lapsed(Invalid::ReviewMissed { due: d }),
            ReviewWarning::Lapsed(Invalid::Expired { until: d }),
            ReviewWarning::NotYetDue { due: d, apply_from: d },
            ReviewWarning::OtherMatter("special_renewal"),
            ReviewWarning::Suspended,
        ];
        for lang in [Lang::Zh, Lang::En] {
            for w in &all {
                let s = review_warning(lang, w);
                assert!(!s.chars().any(crate::app::strings::ambiguous), "{s}");
            }
            for f in [PrinterFault::Offline, PrinterFault::PaperOut, PrinterFault::NoReply, PrinterFault::Io] {
                assert!(!staff_printer_fault(f).t(lang).contains("工作人员"), "staff are the staff");
            }
            for s in [HOLDERS_TITLE, HOLDERS_NONE_OPENABLE, OPEN_HOLDER, FOUND_CASES] {
                assert!(!s.t(lang).chars().any(crate::app::strings::ambiguous));
            }
        }
        assert!(review_warning(Lang::Zh, &all[1]).contains("2027年1月3日"), "dates in Chinese form");
    }
}
