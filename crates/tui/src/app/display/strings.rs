//! The call display's words, zh-CN first, then English.

use crate::app::strings::{pick, Lang, T};

pub const TITLE: T = T::new("叫号显示", "Now serving");
pub const NOW_CALLING: T = T::new("正在呼叫", "Now calling");
pub const NUMBER: T = T::new("号码", "Ticket");
pub const COUNTER: T = T::new("窗口", "Counter");
pub const RECENT: T = T::new("最近呼叫", "Recent calls");
pub const NONE_YET: T = T::new("请取号等候叫号", "Please take a ticket and wait to be called");
pub const LOADING: T = T::new("正在读取叫号信息", "Loading the calls");
pub const OUTAGE: T = T::new(
    "正在重新连接，叫号信息暂未更新，请留意窗口工作人员呼叫。",
    "Reconnecting: the calls are not updating just now; listen for the counter staff.",
);
pub const FOOTER: T =
    T::new("叫到号码请到对应窗口办理，过号请重新取号", "Go to the counter shown when your number is called");

/// "Ticket A012, please go to counter 3", in `lang`.
pub fn call_sentence(lang: Lang, label: &str, counter: u32) -> String {
    pick(
        lang,
        format!("请 {label} 号到 {counter} 号窗口办理"),
        format!("Ticket {label}, please go to counter {counter}"),
    )
}

/// A recent call's line, counters right-aligned so the column lines up: "A011     2号窗口".
pub fn recent(lang: Lang, label: &str, counter: u32) -> String {
    pick(lang, format!("{label}   {counter:>3}号窗口"), format!("{label}   counter {counter:<3}"))
}

pub fn waiting(lang: Lang, n: u32) -> String {
    pick(lang, format!("等候人数：{n}"), format!("Waiting: {n}"))
}

/// The other language (the display shows the sentence in both, the station's first).
pub fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_ambiguous_width_characters() {
        for lang in [Lang::Zh, Lang::En] {
            for s in [TITLE, NOW_CALLING, NUMBER, COUNTER, RECENT, NONE_YET, LOADING, OUTAGE, FOOTER] {
                assert!(!s.t(lang).chars().any(crate::app::strings::ambiguous), "{}", s.t(lang));
            }
            for s in [call_sentence(lang, "A012", 3), recent(lang, "A011", 2), waiting(lang, 4)] {
                assert!(!s.chars().any(crate::app::strings::ambiguous), "{s}");
            }
        }
    }
}
