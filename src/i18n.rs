//! Every user-facing string of the screens, in zh-CN (default) and English, in one place.
//!
//! Rules for strings here: no East-Asian-ambiguous-width symbols (no curly quotes, middle dots,
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

pub const KIOSK_TITLE: T = T::new("证书自助查询打印", "Certificate self-service");
pub const ATTRACT_WHAT: T = T::new(
    "特种作业操作证、主要负责人和安全生产管理人员合格证：查询状态，自助打印证书凭条",
    "Special operation and safety-management certificates: check status and print a certificate slip",
);
pub const ATTRACT_HOW: T =
    T::new("请准备好身份证。点击「开始」或直接刷身份证", "Have your ID card ready. Touch Start or scan your ID card");
pub const START: T = T::new("开始", "Start");
pub const LANG_TOGGLE: T = T::new("English", "中文");
pub const BACK: T = T::new("返回", "Back");
pub const HOME: T = T::new("首页", "Home");
pub const OK: T = T::new("确定", "OK");
pub const DELETE: T = T::new("退格", "Del");
pub const CLEAR: T = T::new("清空", "Clear");
pub const PRINT: T = T::new("打印", "Print");
pub const DONE: T = T::new("完成", "Finish");
pub const RETRY: T = T::new("重试", "Retry");
pub const UP: T = T::new("上一个", "Previous");
pub const DOWN: T = T::new("下一个", "Next");

pub const ID_PROMPT: T =
    T::new("请输入或刷身份证号码（18位）", "Enter or scan your resident ID number (18 characters)");
pub const ID_HINT: T = T::new("可用下方数字键输入，末位X请按X键", "Use the keypad below; press X for a final X");
pub const FACTOR_PROMPT: T =
    T::new("请输入登记手机号的后四位", "Enter the last four digits of your mobile number on record");
pub const FACTOR_HINT: T =
    T::new("未登记手机号的，请到服务窗口办理", "No mobile number on record? Please go to the service counter");
pub const CHECKING: T = T::new("正在核验，请稍候", "Checking, please wait");
pub const DENIED: T = T::new(
    "身份证号或验证码不符，无法查询。请核对后重试；未登记手机号的请到服务窗口办理。",
    "The ID number or code does not match. Check and try again, or go to the service counter if no mobile number is on record.",
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
pub const OUT_OF_SERVICE: T = T::new("暂停服务", "Out of service");
pub const SERVICE_ERROR: T = T::new(
    "系统暂时无法处理，请联系服务窗口。",
    "The system cannot handle this right now. Please ask at the service counter.",
);

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

pub fn serial_line(lang: Lang, serial: u64) -> String {
    pick(lang, format!("打印流水号：{serial:08}"), format!("Print serial: {serial:08}"))
}

pub fn id_length(lang: Lang, n: usize) -> String {
    pick(lang, format!("已输入{n}位"), format!("{n} of 18 characters"))
}

pub fn welcome(lang: Lang, name: &str) -> String {
    pick(lang, format!("{name}，您好"), format!("Hello, {name}"))
}

pub fn review_reminder(lang: Lang, days: i64, materials: &str) -> String {
    pick(
        lang,
        format!("{days}天后应复审（复审须在到期前60天内申请）。请携带：{materials}"),
        format!("Review due in {days} days (apply within the 60 days before). Bring: {materials}"),
    )
}

pub fn expiry_reminder(lang: Lang, days: i64, materials: &str) -> String {
    pick(
        lang,
        format!("{days}天后到期，请提前申请延期。请携带：{materials}"),
        format!("Expires in {days} days; apply for renewal in good time. Bring: {materials}"),
    )
}

pub fn demo_hint(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "演示",
        Lang::En => "DEMO",
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// East Asian Ambiguous ranges that appear in practice in CJK UIs.
    fn ambiguous(c: char) -> bool {
        let u = c as u32;
        matches!(u,
            0x00A1 | 0x00A4 | 0x00A7 | 0x00A8 | 0x00AA | 0x00AD | 0x00AE | 0x00B0..=0x00B4
            | 0x00B6..=0x00BA | 0x00BC..=0x00BF | 0x00D7 | 0x00F7 | 0x2010 | 0x2013..=0x2016
            | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2020..=0x2022 | 0x2024..=0x2027 | 0x2030
            | 0x2032 | 0x2033 | 0x2035 | 0x203B | 0x203E | 0x2190..=0x21FF | 0x2460..=0x24FF
            | 0x2500..=0x257F | 0x2580..=0x259F | 0x25A0..=0x25FF | 0x2600..=0x26FF | 0x2700..=0x27BF)
    }

    #[test]
    fn static_strings_have_no_ambiguous_width_chars() {
        let all = [
            KIOSK_TITLE,
            ATTRACT_WHAT,
            ATTRACT_HOW,
            START,
            LANG_TOGGLE,
            BACK,
            HOME,
            OK,
            DELETE,
            CLEAR,
            PRINT,
            DONE,
            RETRY,
            UP,
            DOWN,
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
            SERVICE_ERROR,
            OUT_OF_SERVICE,
        ];
        for t in all {
            for s in [t.zh, t.en] {
                assert!(!s.chars().any(ambiguous), "ambiguous-width char in {s:?}");
            }
        }
        for s in [locked_msg(Lang::Zh, 15), review_reminder(Lang::Zh, 41, "身份证"), limit_msg(Lang::Zh, 3)] {
            assert!(!s.chars().any(ambiguous), "{s}");
        }
    }

    #[test]
    fn screen_safe_replaces_middle_dot() {
        assert_eq!(screen_safe("阿卜杜·买买提\u{7}"), "阿卜杜\u{30FB}买买提");
        assert!(!screen_safe("“引号”…—").chars().any(ambiguous));
    }
}
