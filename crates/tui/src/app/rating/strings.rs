//! The rating screen's words, zh-CN first, then English. The five levels' names come from the
//! domain (`Rating::zh`/`Rating::en`, SPEC §2), so the screen and the records use the same words.

use crate::app::strings::{pick, Lang, T};
use crate::domain::intake::Rating;

pub const TITLE: T = T::new("服务评价", "Service rating");
pub const WELCOME: T = T::new("欢迎您！", "Welcome!");
pub const IDLE_HINT: T = T::new("工作人员为您办理业务", "Our staff will be with you");
pub const ASK: T = T::new("请为本次服务评价", "Please rate this service");
pub const ASK_HOW: T = T::new("请点击下方按钮，或按数字键1至5", "Touch a button below, or press a number key 1 to 5");
pub const SENDING: T = T::new("正在提交，请稍候", "Saving, please wait");
pub const THANKS: T = T::new("感谢您的评价！", "Thank you for your rating!");
pub const THANKS_BAD: T = T::new(
    "我们会尽快核实并改进，工作人员将与您联系。",
    "We will look into it and improve; a member of staff will contact you.",
);
pub const THANKS_GOOD: T = T::new("欢迎再次光临。", "We look forward to serving you again.");
pub const UNAVAILABLE: T =
    T::new("评价暂时无法提交，请告知工作人员。", "The rating could not be saved. Please tell the member of staff.");

pub const OUTAGE_TITLE: T = T::new("正在重新连接", "Reconnecting");
pub const OUTAGE_BODY: T = T::new(
    "系统暂时连不上服务器，本屏会自动恢复，无需操作。窗口业务照常办理。",
    "The system cannot reach its server just now. This screen comes back by itself; nothing to do. Service at the counter goes on.",
);
pub const OUTAGE_ASKING: T = T::new(
    "系统正在重新连接；您的选择会保留，恢复后自动提交",
    "Reconnecting; your choice is kept and sent once the connection is back",
);

/// The level the visitor chose before the server went away: kept and sent when it is back.
pub fn outage_kept(lang: Lang, r: Rating) -> String {
    pick(
        lang,
        format!("您的评价「{}」已保留，恢复连接后自动提交。", r.zh()),
        format!("Your rating \"{}\" is kept and will be sent once the connection is back.", r.en()),
    )
}

pub fn counter(lang: Lang, n: u32) -> String {
    pick(lang, format!("第{n}号窗口"), format!("Counter {n}"))
}

pub fn case_line(lang: Lang, case_number: &str) -> String {
    pick(lang, format!("业务编号：{case_number}"), format!("Case number: {case_number}"))
}

pub fn staff_line(lang: Lang, staff_id: &str, name: Option<&str>) -> String {
    match name {
        Some(n) => {
            pick(lang, format!("服务人员：{n}（工号{staff_id}）"), format!("Served by: {n} (staff no. {staff_id})"))
        }
        None => pick(lang, format!("服务人员工号：{staff_id}"), format!("Served by staff no. {staff_id}")),
    }
}

/// A level as shown on its button: the key that chooses it, then its name.
pub fn level(lang: Lang, index: usize, r: Rating) -> String {
    let name = match lang {
        Lang::Zh => r.zh(),
        Lang::En => r.en(),
    };
    format!("{} {name}", index + 1)
}

// A bad rating's reason, by touch (issue 15).
pub const REASON_ASK: T = T::new("请告诉我们哪里做得不好", "Please tell us what went wrong");
pub const REASON_HOW: T =
    T::new("请点击下方按钮，或按数字键1至6", "Touch a button below, or press a number key 1 to 6");
pub const REASON_KEPT: T =
    T::new("您的评价已记录，我们将整改并回访您", "Your rating is recorded: we will put it right and call you back");

/// A reason button: its number key and its words.
pub fn reason(lang: Lang, index: usize, r: crate::domain::loops::BadReason) -> String {
    let n = index + 1;
    match lang {
        Lang::Zh => format!("{n} {}", r.zh()),
        Lang::En => format!("{n} {}", r.en()),
    }
}
