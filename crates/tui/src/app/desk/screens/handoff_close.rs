//! A pending hand-off closed without changing hands (首问负责制, issue 15): its receiver
//! declines it (F7 on the 待我接收 list, X on the case), or its offerer withdraws it (W on the
//! case), each with a reason. The service checks who may do which (`Desk::decline_handoff`,
//! `Desk::withdraw_handoff`); the case stays with its owner and can be offered again.

use super::*;
use crate::app::desk::{CaseLine, Note, Problem, Prompt, PromptKind};
use crate::domain::records::CaseId;

/// Ask why the hand-off of `case` is declined (`decline`) or withdrawn.
pub fn ask_reason(d: &mut Desk, case: CaseId, decline: bool) -> Effects {
    d.prompt = Some(Prompt { kind: PromptKind::HandOffClose { case, decline }, input: String::new() });
    vec![]
}

/// The reason typed: an empty one is asked again (the record keeps why).
pub fn submit(d: &mut Desk, case: CaseId, decline: bool, text: String) -> Effects {
    if text.is_empty() {
        d.note = Some(Note::Problem(Problem::NoReason));
        return ask_reason(d, case, decline);
    }
    d.ask(Effect::CloseHandOff { case, decline, reason: text })
}

/// The case page's line for an offer still waiting: who offered it to whom and why, and
/// what the one reading it can do (the receiver takes it on F6 待我接收 or declines it with X;
/// the offerer withdraws it with W).
pub fn pending_line(lang: crate::app::strings::Lang, o: &certdesk_protocol::desk::PendingHandOff, me: &str) -> String {
    use crate::app::strings::{pick, screen_safe};
    let reason = screen_safe(&o.reason);
    let (zh_hint, en_hint) = if o.to == me {
        (
            "，待您接收（在「待我接收」中按F4接收；X退回）",
            "; waiting for you (F4 on \"handed to me\" takes it; X declines)",
        )
    } else if o.by == me {
        ("，待对方接收（W撤回）", "; waiting for the receiver (W withdraws)")
    } else {
        ("，待接收", "; waiting to be taken")
    };
    pick(
        lang,
        format!("移交：由{}交给{}（{reason}）{zh_hint}", o.by, o.to),
        format!("Hand-off: {} -> {} ({reason}){en_hint}", o.by, o.to),
    )
}

/// On the receiver's list: who offered the case and why.
pub fn offered_by(lang: crate::app::strings::Lang, o: &certdesk_protocol::desk::PendingHandOff) -> String {
    let reason = crate::app::strings::screen_safe(&o.reason);
    crate::app::strings::pick(lang, format!("由{}移交：{reason}", o.by), format!("from {}: {reason}", o.by))
}

/// Closed: the case page, with what was done.
pub fn closed(d: &mut Desk, line: CaseLine, declined: bool) {
    d.note = Some(Note::HandOffClosed { declined });
    d.screen = Screen::Case { line };
}
