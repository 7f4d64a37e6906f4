//! Front-desk documents printed on the receipt printer, through the same layout → ESC/POS /
//! text pipeline as certificate slips: the one-time notice (一次性告知书), the 容缺受理 pledge
//! (容缺受理承诺书) and the acceptance receipt (受理回执). zh-CN, as the counter hands them out.
//!
//! Each document carries the case number (also as a QR code, so a scanner at any desk opens the
//! case), the first-contact owner (首问负责人) and the staff member who printed it, and the
//! responsible section's phone. ID numbers appear masked only.

use super::{Slip, Style};
use chrono::{NaiveDate, NaiveDateTime};

/// What every document says about the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocHeader {
    /// The bureau's name, at the top.
    pub bureau: String,
    /// The section or window that handles the matter.
    pub section: String,
    /// The phone number a visitor can call.
    pub phone: String,
    /// The case's number (办件编号).
    pub case_number: String,
    /// The matter applied for.
    pub matter: String,
    /// The applicant's name.
    pub visitor: String,
    /// Masked ID number, if recorded.
    pub masked_id: Option<String>,
    /// The enterprise applying, if any.
    pub enterprise: Option<String>,
    /// 首问负责人: "张敏（0001）".
    pub first_owner: String,
    /// The staff member printing: "李娜（0002）".
    pub staff: String,
    /// When the document is printed (local time).
    pub printed_at: NaiveDateTime,
    /// The document print serial.
    pub serial: u64,
}

/// One material on a notice or pledge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocItem {
    /// The material's name.
    pub name: String,
    /// `None` = missing; `Some(what)` = defective and what is wrong.
    pub defect: Option<String>,
    /// What the visitor is to do about it.
    pub fix: String,
}

/// A due date, a provisional one (暂定: counted over a year whose State Council holiday notice is
/// not published yet; SPEC §2), or the calendar's warning when it cannot be computed (never a
/// guess).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DueText {
    /// A firm date.
    Date(NaiveDate),
    /// A date counted over a year without its holiday notice (暂定).
    Provisional(NaiveDate),
    /// The calendar's warning: no date could be counted.
    Unknown(String),
}

/// What a provisional date means, printed under it so the applicant knows it may move.
pub const PROVISIONAL_NOTE: &str =
    "暂定：该年度节假日安排尚未公布，按法定节假日计算；公布后如有调整，以调整后的日期为准。";

impl DueText {
    /// `provisional` picks [`DueText::Provisional`].
    pub fn of(date: NaiveDate, provisional: bool) -> DueText {
        if provisional {
            DueText::Provisional(date)
        } else {
            DueText::Date(date)
        }
    }
    fn text(&self) -> String {
        match self {
            DueText::Date(d) => d.format("%Y-%m-%d").to_string(),
            DueText::Provisional(d) => format!("{}（暂定）", d.format("%Y-%m-%d")),
            DueText::Unknown(w) => w.clone(),
        }
    }
    /// The date with, for a provisional one, the note saying what that means.
    fn put(&self, s: &mut Slip, label: &str) {
        s.kv(label, self.text());
        if matches!(self, DueText::Provisional(_)) {
            s.text(PROVISIONAL_NOTE, Style::NORMAL);
        }
    }
}

fn head(s: &mut Slip, h: &DocHeader, title: &str) {
    s.text(&h.bureau, Style::center().bold().double());
    s.text(title, Style::center().bold());
    s.rule();
    s.kv("办件编号", &h.case_number);
    s.kv("办理事项", &h.matter);
    s.kv("申请人", &h.visitor);
    if let Some(id) = &h.masked_id {
        s.kv("身份证号", id);
    }
    if let Some(e) = &h.enterprise {
        s.kv("单位", e);
    }
}

fn foot(s: &mut Slip, h: &DocHeader) {
    s.rule();
    s.kv("首问负责人", &h.first_owner);
    s.kv("经办人", &h.staff);
    s.kv("责任科室", &h.section);
    s.kv("咨询电话", &h.phone);
    s.feed(1);
    s.qr(&h.case_number);
    s.text("扫码查询办件", Style::center());
    s.rule();
    s.kv("打印流水号", h.serial.to_string());
    s.kv("打印时间", h.printed_at.format("%Y-%m-%d %H:%M:%S").to_string());
    s.feed(2);
    s.cut();
}

fn items(s: &mut Slip, list: &[DocItem]) {
    for (i, it) in list.iter().enumerate() {
        let state = match &it.defect {
            None => "缺少".to_string(),
            Some(what) => format!("需补正：{what}"),
        };
        s.text(format!("{}. {}（{}）", i + 1, it.name, state), Style::NORMAL.bold());
        s.text(format!("   办法：{}", it.fix), Style::NORMAL);
    }
}

/// 一次性告知书: every missing or defective material with how to fix it, the time limit and
/// the completion date if accepted today. `seq` 1 is the first notice; a later one says so.
pub fn notice_slip(
    h: &DocHeader,
    list: &[DocItem],
    seq: u32,
    committed_days: u32,
    statutory_days: u32,
    due_if_accepted_today: &DueText,
) -> Slip {
    let mut s = Slip::new();
    head(&mut s, h, if seq <= 1 { "一次性告知书" } else { "补充告知书" });
    if seq > 1 {
        s.kv("告知次序", format!("第{seq}次告知"));
    }
    s.rule();
    s.text(format!("经审查，您的申请材料有以下{}项需补齐或补正：", list.len()), Style::NORMAL);
    items(&mut s, list);
    s.rule();
    s.kv("办理时限", format!("承诺{committed_days}个工作日（法定{statutory_days}个工作日），自受理之日起计算"));
    due_if_accepted_today.put(&mut s, "今日受理的办结日期");
    s.text("请按上述要求一次补齐、补正后提交，无需再次排队取号。", Style::NORMAL);
    foot(&mut s, h);
    s
}

/// 容缺受理承诺书: the outstanding materials, the due date, and a line to sign.
pub fn pledge_slip(h: &DocHeader, list: &[DocItem], pledge_due: NaiveDate, completion_due: &DueText) -> Slip {
    let mut s = Slip::new();
    head(&mut s, h, "容缺受理承诺书");
    s.rule();
    s.text("本人（单位）申请的事项主要材料齐全，以下材料容缺受理，承诺在期限内补齐：", Style::NORMAL);
    items(&mut s, list);
    s.rule();
    s.kv("补齐期限", pledge_due.format("%Y-%m-%d").to_string());
    completion_due.put(&mut s, "承诺办结日期");
    s.text("逾期未补齐的，承担相应责任，本次申请按规定处理。", Style::NORMAL);
    s.feed(1);
    s.text("承诺人签字：______________", Style::NORMAL);
    s.feed(1);
    s.text("日期：______年____月____日", Style::NORMAL);
    foot(&mut s, h);
    s
}

/// How the case was accepted, for the receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiptKind {
    /// 受理: every material was provided.
    Full,
    /// 告知承诺: these materials were replaced by a signed pledge.
    OnPledge(Vec<String>),
    /// 容缺受理: these are to be supplied by the date.
    Deficient(Vec<String>, NaiveDate),
}

/// 受理回执: accepted on, the time limit, the due date, what was received.
pub fn receipt_slip(
    h: &DocHeader,
    kind: &ReceiptKind,
    received: &[String],
    accepted_on: NaiveDate,
    committed_days: u32,
    due: &DueText,
) -> Slip {
    receipt_slip_posted(h, kind, received, accepted_on, committed_days, due, None)
}

pub use crate::domain::records::PostLine;

/// The 受理回执 with the free-post address (and tracking number, once sent) when there is one.
pub fn receipt_slip_posted(
    h: &DocHeader,
    kind: &ReceiptKind,
    received: &[String],
    accepted_on: NaiveDate,
    committed_days: u32,
    due: &DueText,
    post: Option<&PostLine>,
) -> Slip {
    let mut s = Slip::new();
    head(&mut s, h, "受理回执");
    s.rule();
    let how = match kind {
        ReceiptKind::Full => "受理".to_string(),
        ReceiptKind::OnPledge(_) => "告知承诺受理".to_string(),
        ReceiptKind::Deficient(..) => "容缺受理".to_string(),
    };
    s.kv("受理方式", how);
    s.kv("受理日期", accepted_on.format("%Y-%m-%d").to_string());
    s.kv("办理时限", format!("{committed_days}个工作日"));
    due.put(&mut s, "办结日期");
    s.text("已收材料：", Style::NORMAL.bold());
    for (i, m) in received.iter().enumerate() {
        s.text(format!("{}. {m}", i + 1), Style::NORMAL);
    }
    match kind {
        ReceiptKind::Full => {}
        ReceiptKind::OnPledge(list) => {
            s.text("以承诺代替的证明：", Style::NORMAL.bold());
            for m in list {
                s.text(format!("- {m}"), Style::NORMAL);
            }
        }
        ReceiptKind::Deficient(list, by) => {
            s.text(format!("容缺材料（请于{}前补齐）：", by.format("%Y-%m-%d")), Style::NORMAL.bold());
            for m in list {
                s.text(format!("- {m}"), Style::NORMAL);
            }
        }
    }
    if let Some(p) = post {
        s.kv("结果送达", "免费邮寄");
        s.kv("邮寄地址", &p.address);
        if let Some(t) = &p.tracking {
            s.kv("邮件单号", t);
        }
    }
    s.text("办结后10日内将电话回访，欢迎评价。", Style::NORMAL);
    foot(&mut s, h);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Paper, QrMode};
    use crate::slip::{parse_escpos, to_escpos, to_text};

    fn header() -> DocHeader {
        DocHeader {
            bureau: "示范市应急管理局".into(),
            section: "行政许可科".into(),
            phone: "0533-2305617".into(),
            case_number: "YJ202509300001".into(),
            matter: "特种作业操作证延期复审".into(),
            visitor: "王秀英".into(),
            masked_id: Some("110105********002X".into()),
            enterprise: Some("示范化工有限公司".into()),
            first_owner: "张敏（0001）".into(),
            staff: "李娜（0002）".into(),
            printed_at: NaiveDate::from_ymd_opt(2025, 9, 30).unwrap().and_hms_opt(9, 30, 0).unwrap(),
            serial: 42,
        }
    }

    fn items() -> Vec<DocItem> {
        vec![
            DocItem {
                name: "用人单位出具的连续从事本工种10年以上且无违法行为的证明".into(),
                defect: None,
                fix: "由用人单位出具连续从事本工种10年以上、严格遵守安全生产法律法规的证明并盖章（30号令第二十一条）"
                    .into(),
            },
            DocItem {
                name: "安全培训考试合格记录（不少于8学时）".into(),
                defect: Some("培训学时仅4学时".into()),
                fix: "参加不少于8学时的安全培训并考试合格，提供合格记录".into(),
            },
            DocItem {
                name: "身份证".into(),
                defect: Some("已过有效期".into()),
                fix: "携带本人有效居民身份证原件".into(),
            },
        ]
    }

    /// The printed text with line breaks and wrap indents removed, so wrapped values compare
    /// whole.
    fn flat(bytes: &[u8]) -> String {
        let p = parse_escpos(bytes).expect("strict parser accepts the bytes");
        assert!(p.initialized && p.chinese_mode);
        p.text().chars().filter(|c| !c.is_whitespace()).collect()
    }

    fn squash(s: &str) -> String {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn notice_bytes_decode_to_every_missing_item() {
        // 一次性告知 (SPEC §2): every missing or defective material with how to fix it, the time
        // limit, the section's phone, the staff member and the case number, as printed.
        let due = DueText::Date(NaiveDate::from_ymd_opt(2025, 10, 14).unwrap());
        let slip = notice_slip(&header(), &items(), 1, 8, 20, &due);
        for paper in [Paper::Mm58, Paper::Mm80] {
            for qr in [QrMode::Native, QrMode::Raster] {
                let bytes = to_escpos(&slip, paper, qr);
                let t = flat(&bytes);
                for it in items() {
                    assert!(t.contains(&squash(&it.name)), "{paper:?}: {} missing in {t}", it.name);
                    assert!(t.contains(&squash(&it.fix)), "{paper:?}: fix of {} missing", it.name);
                    if let Some(d) = &it.defect {
                        assert!(t.contains(&squash(d)));
                    }
                }
                for want in [
                    "一次性告知书",
                    "YJ202509300001",
                    "特种作业操作证延期复审",
                    "承诺8个工作日（法定20个工作日）",
                    "2025-10-14",
                    "0533-2305617",
                    "行政许可科",
                    "经办人：李娜（0002）",
                    "首问负责人：张敏（0001）",
                    "110105********002X",
                    "以下3项",
                ] {
                    assert!(t.contains(&squash(want)), "{paper:?}: {want} missing");
                }
                if qr == QrMode::Native {
                    assert_eq!(parse_escpos(&bytes).unwrap().qr, vec!["YJ202509300001".to_string()]);
                } else {
                    assert!(!parse_escpos(&bytes).unwrap().rasters.is_empty());
                }
            }
        }
        let preview = to_text(&slip, Paper::Mm58);
        assert!(preview.contains("[QR]"));
    }

    #[test]
    fn provisional_dates_are_printed_as_such() {
        // SPEC §2: a date counted over a year without a published notice is labelled 暂定
        // wherever it is printed, with what that means.
        let due = DueText::of(NaiveDate::from_ymd_opt(2027, 1, 19).unwrap(), true);
        for slip in [
            notice_slip(&header(), &items()[..1], 1, 5, 20, &due),
            pledge_slip(&header(), &items()[..1], NaiveDate::from_ymd_opt(2026, 12, 28).unwrap(), &due),
            receipt_slip(&header(), &ReceiptKind::Full, &[], NaiveDate::from_ymd_opt(2026, 12, 21).unwrap(), 20, &due),
        ] {
            let t = squash(&flat(&to_escpos(&slip, Paper::Mm58, QrMode::Native)));
            assert!(t.contains("2027-01-19（暂定）"), "{t}");
            assert!(t.contains("尚未公布"), "{t}");
        }
        let firm = DueText::of(NaiveDate::from_ymd_opt(2026, 12, 28).unwrap(), false);
        let t = flat(&to_escpos(&notice_slip(&header(), &items()[..1], 1, 5, 20, &firm), Paper::Mm58, QrMode::Native));
        assert!(!t.contains("暂定"));
    }

    #[test]
    fn later_notice_and_unknown_calendar_say_so() {
        let warn = DueText::Unknown("工作日历未收录2027年".into());
        let slip = notice_slip(&header(), &items()[..1], 2, 8, 20, &warn);
        let t = flat(&to_escpos(&slip, Paper::Mm58, QrMode::Native));
        assert!(t.contains("补充告知书") && t.contains("第2次告知"));
        assert!(t.contains("工作日历未收录2027年"), "the warning is printed, not a guessed date");
    }

    #[test]
    fn pledge_has_items_due_date_and_a_line_to_sign() {
        let due = NaiveDate::from_ymd_opt(2025, 10, 10).unwrap();
        let slip =
            pledge_slip(&header(), &items()[..1], due, &DueText::Date(NaiveDate::from_ymd_opt(2025, 10, 14).unwrap()));
        let t = flat(&to_escpos(&slip, Paper::Mm58, QrMode::Native));
        for want in
            ["容缺受理承诺书", "补齐期限：2025-10-10", "承诺办结日期：2025-10-14", "承诺人签字：", "用人单位出具"]
        {
            assert!(t.contains(&squash(want)), "{want} missing in {t}");
        }
    }

    #[test]
    fn receipt_lists_received_and_outstanding() {
        let by = NaiveDate::from_ymd_opt(2025, 10, 10).unwrap();
        let slip = receipt_slip(
            &header(),
            &ReceiptKind::Deficient(vec!["从事特种作业的情况".into()], by),
            &["身份证".into(), "特种作业操作证原件".into()],
            NaiveDate::from_ymd_opt(2025, 9, 30).unwrap(),
            8,
            &DueText::Date(NaiveDate::from_ymd_opt(2025, 10, 14).unwrap()),
        );
        let t = flat(&to_escpos(&slip, Paper::Mm80, QrMode::Native));
        for want in [
            "受理回执",
            "受理方式：容缺受理",
            "受理日期：2025-09-30",
            "办结日期：2025-10-14",
            "1.身份证",
            "2.特种作业操作证原件",
            "请于2025-10-10前补齐",
            "从事特种作业的情况",
        ] {
            assert!(t.contains(&squash(want)), "{want} missing in {t}");
        }
    }

    #[test]
    fn hostile_text_cannot_inject_printer_commands() {
        // A defect description typed at the desk with ESC/GS bytes prints as placeholders; the
        // strict parser still accepts the stream (no stray command).
        let mut list = items();
        list[0].defect = Some("\u{1b}@\u{1d}V\u{0}坏".into());
        let slip = notice_slip(&header(), &list, 1, 8, 20, &DueText::Unknown("x".into()));
        let bytes = to_escpos(&slip, Paper::Mm58, QrMode::Native);
        let p = parse_escpos(&bytes).unwrap();
        assert_eq!(p.cuts, 1);
        assert!(p.text().contains("〓"));
    }
}

/// A pledge printed before acceptance for the applicant to sign (容缺受理承诺书 or 告知承诺书):
/// `lines` are the pledge's own text (`domain::pledge::text`: what is outstanding or pledged,
/// the promised date, the consequences of a false pledge, the lines to sign).
pub fn pledge_form_slip(h: &DocHeader, title: &str, lines: &[String]) -> Slip {
    let mut s = Slip::new();
    head(&mut s, h, title);
    s.rule();
    for l in lines {
        s.text(l.as_str(), Style::NORMAL);
    }
    foot(&mut s, h);
    s
}
