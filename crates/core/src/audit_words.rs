//! The names of a case's steps in the words a bureau files them under (审计摘录 in the case
//! file, issue 16): the audit keeps machine words (`case.accepted`); an inspector reading the
//! case file reads 受理. The machine word stays beside the name, so a line can be found again
//! with `certdesk audit`.

/// The Chinese name of a case step's action, or `None` for one not named here (shown as is).
pub fn action_zh(action: &str) -> Option<&'static str> {
    Some(match action {
        "case.opened" => "收件登记",
        "case.visitor" => "申请人信息",
        "case.tick" => "材料核验",
        "case.notice" => "一次性告知",
        "case.notice_override" => "补充告知（主管批准）",
        "case.resubmitted" => "补正后再次提交",
        "case.accepted" => "受理",
        "case.deemed_accepted" => "视为受理",
        "case.refused" => "不予受理",
        "case.refused_authority" => "不予受理（告知有权机关）",
        "case.pledge_fulfilled" => "容缺材料补齐",
        "case.pledge_override" => "承诺期限（主管批准）",
        "case.pledge_after_due" => "承诺逾期",
        "case.handoff_offered" => "移交",
        "case.handoff" => "接收移交",
        "case.handoff_withdrawn" => "撤回移交",
        "case.handoff_declined" => "退回移交",
        "case.extended" => "延长办理期限",
        "case.clock_stopped" => "计时中止",
        "case.clock_resumed" => "计时恢复",
        "case.due_recomputed" => "期限重算",
        "case.state" => "环节变更",
        "case.decision" => "许可决定",
        "case.delivered" => "送达",
        "case.callback_contact" => "回访",
        "case.post_address" => "邮寄地址",
        "case.posted" => "邮寄",
        "case.revoked" => "撤销",
        "pledge.printed" => "承诺书打印",
        "pledge.signed" => "承诺书签收",
        "pledge.check_opened" => "承诺核查立项",
        "pledge.check" => "承诺核查结果",
        "document.job" => "回执打印作业",
        "document.printed" => "回执已打印",
        "document.failed" => "回执未打印",
        "paper.issued" => "文书签发",
        "paper.job" => "A4打印作业",
        "paper.printed" => "A4已打印",
        "paper.failed" => "A4未打印",
        "paper.reprinted" => "A4补打",
        _ => return None,
    })
}

/// The 动作 cell of the case file's audit extract: the name, then the machine word.
pub fn action_cell(action: &str) -> String {
    match action_zh(action) {
        Some(zh) => format!("{zh} {action}"),
        None => action.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_steps_keep_their_machine_word_and_unknown_ones_stay_as_they_are() {
        assert_eq!(action_cell("case.accepted"), "受理 case.accepted");
        assert_eq!(action_cell("case.something_new"), "case.something_new");
        assert_eq!(action_cell(""), "");
    }
}
