//! The kiosk's words, in zh-CN (default) and English, grouped by screen. Shared words (OK, Back,
//! the language toggle) are in `app::strings`.

use super::effects::{CertView, PrinterFault};
use crate::app::strings::{pick, Lang, T};
use crate::domain::Status;
#[cfg(test)]
use crate::domain::{CertKind, NextStep};

pub const KIOSK_TITLE: T = T::new("证书自助查询打印", "Certificate self-service");
pub const ATTRACT_WHAT: T = T::new(
    "特种作业操作证、主要负责人和安全生产管理人员合格证：查询状态，自助打印证书凭条",
    "Special operation and safety-management certificates: check status and print a certificate slip",
);
pub const ATTRACT_HOW: T =
    T::new("请准备好身份证。点击「开始」或直接刷身份证", "Have your ID card ready. Touch Start or scan your ID card");
pub const START: T = T::new("开始", "Start");
pub const DONE: T = T::new("完成", "Finish");
pub const ID_PROMPT: T =
    T::new("请刷身份证，或输入18位身份证号码", "Scan your ID card, or enter your 18-character ID number");
pub const ID_HINT: T = T::new("可用下方数字键输入，末位X请按X键", "Use the keypad below; press X for a final X");
pub const FACTOR_PROMPT: T =
    T::new("请输入预留手机号码后四位", "Enter the last four digits of the mobile number on record");
pub const FACTOR_HINT: T =
    T::new("未登记手机号的，请到服务窗口办理", "No mobile number on record? Please go to the service counter");
pub const CHECKING: T = T::new("正在核验，请稍候", "Checking, please wait");
// Not "验证码": that word suggests a code sent by SMS, and the kiosk sends none.
pub const DENIED: T = T::new(
    "身份证号码或手机号后四位不正确，无法查询。请核对后重试；未登记手机号的请到服务窗口办理。",
    "The ID number or the last four digits of the mobile number are not correct. Check and try again, or go to the service counter if no mobile number is on record.",
);
pub const NO_CERTS: T = T::new(
    "未查到您名下的证书。如有疑问，请到服务窗口咨询。",
    "No certificates were found for you. Please ask at the service counter.",
);
pub const CERTS_TITLE: T = T::new("您的证书", "Your certificates");
pub const CERTS_HINT: T = T::new(
    "点击证书选择，再点击「打印」；或用上下键选择，回车打印",
    "Touch a certificate, then Print; or use the arrow keys and Enter",
);
pub const PRINTING: T = T::new("正在打印，请稍候", "Printing, please wait");
pub const STAGE_PREPARE: T = T::new("正在生成凭条", "Preparing the slip");
pub const STAGE_SEND: T = T::new("正在发送到打印机", "Sending to the printer");
pub const STAGE_CONFIRM: T = T::new("等待打印机确认", "Waiting for the printer");
pub const DONE_TITLE: T = T::new("打印完成，请取走凭条", "Done. Please take your slip");
pub const DONE_HINT: T = T::new(
    "凭条上的二维码可供核验真伪。感谢使用！",
    "The QR code on the slip lets anyone check it is genuine. Thank you!",
);
pub const FAULT_TITLE: T = T::new("打印未完成", "The slip was not printed");
pub const FAULT_KEPT: T = T::new(
    "打印任务已保存，工作人员可为您补打。请联系服务窗口。",
    "The print job is saved; staff can reprint it for you. Please ask at the service counter.",
);
pub const LIMIT_TITLE: T = T::new("今日打印次数已满", "Daily print limit reached");
pub const NOT_PRINTABLE: T = T::new(
    "该证书当前状态不能自助打印，请到服务窗口办理。",
    "This certificate cannot be printed here in its current state. Please go to the service counter.",
);
pub const LOCKED_TITLE: T = T::new("暂时无法查询", "Temporarily locked");
pub const STAFF_TITLE: T = T::new("工作人员退出", "Staff exit");
pub const STAFF_ID_PROMPT: T = T::new("工号", "Staff number");
pub const STAFF_PIN_PROMPT: T = T::new("密码", "PIN");
pub const STAFF_DENIED: T = T::new("工号或密码错误", "Wrong staff number or PIN");
pub const IDLE_NOTE: T = T::new("无操作将自动返回首页", "Returns to the start screen when idle");
pub fn locked_msg(lang: Lang, minutes: u32) -> String {
    pick(
        lang,
        format!("验证失败次数过多，已暂停查询。请{minutes}分钟后再试，或到服务窗口办理。"),
        format!("Too many failed attempts. Try again in {minutes} minutes, or go to the service counter."),
    )
}

pub fn attempts_left(lang: Lang, n: u32) -> String {
    pick(lang, format!("还可尝试{n}次"), format!("{n} attempts left"))
}

pub fn limit_msg(lang: Lang, max: u32) -> String {
    pick(
        lang,
        format!("每本证书每天最多自助打印{max}次。如需更多，请到服务窗口办理。"),
        format!("Each certificate can be printed {max} times a day here. For more, please ask at the service counter."),
    )
}

/// The serial exactly as the slip prints it (`slip::serial_text`).
pub fn serial_line(lang: Lang, serial: u64) -> String {
    let s = crate::words::serial_text(serial);
    pick(lang, format!("打印流水号：{s}"), format!("Print serial: {s}"))
}

pub fn id_length(lang: Lang, n: usize) -> String {
    pick(lang, format!("已输入{n}位"), format!("{n} of 18 characters"))
}

pub fn welcome(lang: Lang, name: &str) -> String {
    pick(lang, format!("{name}，您好"), format!("Hello, {name}"))
}

/// A certificate's status on the screen: dates, never "in N days" (issue 6 item 8), and the
/// 30号令 words for standing.
pub fn status_text(lang: Lang, s: Status) -> String {
    match lang {
        Lang::Zh => crate::words::status_zh(s),
        Lang::En => crate::words::status_en(s),
    }
}

/// What to do next, with dates: "应于2026年3月2日（含）前复审，可于2026年1月1日起申请" (the
/// view's words, made with the calendar when the holder was looked up).
pub fn next_step(lang: Lang, c: &CertView) -> String {
    pick(lang, c.next_step_zh.clone(), c.next_step_en.clone())
}

/// A reminder: the next step's dates and the materials to bring.
pub fn reminder(lang: Lang, step_text: &str, materials: &str) -> String {
    pick(lang, format!("{step_text}。请携带：{materials}"), format!("{step_text}. Bring: {materials}"))
}

/// The card line for a 特种作业操作证 whose roster gave no review dates (SPEC §2).
pub fn review_unknown(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => crate::words::REVIEW_UNKNOWN_ZH,
        Lang::En => crate::words::REVIEW_UNKNOWN_EN,
    }
}

pub fn demo_hint(lang: Lang, ids: &str, factors: &str) -> String {
    pick(
        lang,
        format!("演示：身份证号码 {ids}，手机号后四位 {factors}"),
        format!("Demo: ID {ids}, mobile last four {factors}"),
    )
}

pub const ID_LOOKS_RIGHT: T = T::new("号码格式正确，请按「确定」", "Looks right. Press OK");
pub const DEMO_PREVIEW: T = T::new("演示：打印机收到的凭条", "Demo: what the printer got");

/// A printer fault in plain words, with what to do.
pub fn printer_fault(f: PrinterFault) -> T {
    match f {
        PrinterFault::Offline => T::new(
            "打印机未开机或未连接，请联系工作人员",
            "The printer is off or not connected. Please ask staff for help.",
        ),
        PrinterFault::PaperOut => {
            T::new("打印机缺纸，请联系工作人员", "The printer is out of paper. Please ask staff for help.")
        }
        PrinterFault::CoverOpen => {
            T::new("打印机上盖未关好，请联系工作人员", "The printer cover is open. Please ask staff for help.")
        }
        PrinterFault::Fault => {
            T::new("打印机故障，请联系工作人员", "The printer reports a fault. Please ask staff for help.")
        }
        PrinterFault::Timeout => T::new(
            "打印机没有响应，请稍后重试或联系工作人员",
            "The printer is not responding. Please try again later or ask staff for help.",
        ),
        PrinterFault::NoReply => T::new(
            "打印机没有应答，凭条可能未打出，请联系工作人员",
            "The printer did not answer; the slip may not have printed. Please ask staff for help.",
        ),
        PrinterFault::BadReply => {
            T::new("打印机状态异常，请联系工作人员", "The printer reports an unknown state. Please ask staff for help.")
        }
        PrinterFault::NoStatus => T::new("此打印机无法查询状态", "This printer cannot report its status."),
        PrinterFault::Io => {
            T::new("打印机通信出错，请联系工作人员", "Cannot talk to the printer. Please ask staff for help.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::strings::ambiguous;

    #[test]
    fn kiosk_strings_have_no_ambiguous_width_chars() {
        let all = [
            KIOSK_TITLE,
            ATTRACT_WHAT,
            ATTRACT_HOW,
            START,
            DONE,
            ID_PROMPT,
            ID_HINT,
            FACTOR_PROMPT,
            FACTOR_HINT,
            CHECKING,
            DENIED,
            NO_CERTS,
            CERTS_TITLE,
            CERTS_HINT,
            PRINTING,
            STAGE_PREPARE,
            STAGE_SEND,
            STAGE_CONFIRM,
            DONE_TITLE,
            DONE_HINT,
            FAULT_TITLE,
            FAULT_KEPT,
            LIMIT_TITLE,
            NOT_PRINTABLE,
            LOCKED_TITLE,
            STAFF_TITLE,
            STAFF_ID_PROMPT,
            STAFF_PIN_PROMPT,
            STAFF_DENIED,
            IDLE_NOTE,
            ID_LOOKS_RIGHT,
            DEMO_PREVIEW,
        ];
        let faults = [
            PrinterFault::Offline,
            PrinterFault::PaperOut,
            PrinterFault::CoverOpen,
            PrinterFault::Fault,
            PrinterFault::Timeout,
            PrinterFault::NoReply,
            PrinterFault::BadReply,
            PrinterFault::NoStatus,
            PrinterFault::Io,
        ];
        for t in all.into_iter().chain(faults.map(printer_fault)) {
            for s in [t.zh, t.en] {
                assert!(!s.chars().any(ambiguous), "ambiguous-width char in {s:?}");
            }
        }
        for s in [
            locked_msg(Lang::Zh, 15),
            reminder(
                Lang::Zh,
                &crate::words::next_step_zh(
                    CertKind::SpecialOperation,
                    NextStep::Review {
                        due: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                        apply_from: chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
                        extended: false,
                    },
                    &crate::domain::workdays::Calendar::builtin(),
                ),
                "身份证",
            ),
            review_unknown(Lang::Zh).to_string(),
            limit_msg(Lang::Zh, 3),
            demo_hint(Lang::Zh, "1", "2"),
        ] {
            assert!(!s.chars().any(ambiguous), "{s}");
        }
    }
}

#[cfg(test)]
mod wording {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    /// Issue 6 items 8 and 10: reminders say dates, not "in N days"; the statuses are 30号令's
    /// words; the refusal does not say 验证码.
    #[test]
    fn reminders_and_statuses_say_dates() {
        // 2026-03-01 is a Sunday; the Saturday before, 2026-02-28, is a make-up working day
        // (国务院办公厅 notice of 2025-11-04), so it is the last working day.
        let cal = crate::domain::workdays::Calendar::builtin();
        let step = NextStep::Review { due: d(2026, 3, 1), apply_from: d(2025, 12, 31), extended: false };
        let zh = crate::words::next_step_zh(CertKind::SpecialOperation, step, &cal);
        assert_eq!(
            reminder(Lang::Zh, &zh, "身份证"),
            "复审：2026年3月1日（含）前（非工作日，最后工作日为2026年2月28日），可于2025年12月31日起申请。请携带：身份证"
        );
        let en = crate::words::next_step_en(CertKind::SpecialOperation, step, &cal);
        assert_eq!(
            reminder(Lang::En, &en, "ID card"),
            "Review by 2026-03-01 (inclusive; not a working day: last working day 2026-02-28); applications open 2025-12-31. Bring: ID card"
        );
        assert_eq!(status_text(Lang::Zh, Status::Expired { until: d(2023, 2, 28) }), "已超过有效期");
        assert_eq!(status_text(Lang::Zh, Status::ReviewOverdue { due: d(2026, 3, 1) }), "已失效（未按期复审）");
        assert_eq!(
            status_text(Lang::Zh, Status::ReviewDueSoon { due: d(2026, 3, 1), days: 41 }),
            "有效，应于2026年3月1日（含）前复审"
        );
        assert_eq!(status_text(Lang::Zh, Status::Suspended), "已暂停");
        assert_eq!(status_text(Lang::Zh, Status::Revoked), "已撤销");
        assert_eq!(status_text(Lang::Zh, Status::Cancelled), "已注销");
        assert!(!DENIED.zh.contains("验证码"));
        assert_eq!(ID_PROMPT.zh, "请刷身份证，或输入18位身份证号码");
        assert_eq!(FACTOR_PROMPT.zh, "请输入预留手机号码后四位");
        assert!(DENIED.zh.starts_with("身份证号码或手机号后四位不正确"));
        assert_eq!(serial_line(Lang::Zh, 42), format!("打印流水号：{}", crate::words::serial_text(42)));
    }
}
