//! The desk's words for stage changes, the stage history and 失信 marks (issue 15), Chinese
//! first, English second. Kept beside `strings.rs` so that table stays as it was.

use crate::app::strings::{pick, Lang};
use crate::domain::credit::MarkError;
use crate::domain::intake::CaseState;
use crate::domain::stages::{StageError, StageStep};

fn stage(lang: Lang, s: CaseState) -> &'static str {
    if lang == Lang::Zh {
        s.zh()
    } else {
        s.en()
    }
}

/// A refused stage change, spoken to staff.
pub fn stage_problem(lang: Lang, e: &StageError) -> String {
    match e {
        StageError::NoNextStage(s) => pick(
            lang,
            format!("办件处于「{}」环节，没有下一环节", s.zh()),
            format!("The case is {}: it has no next stage", s.en()),
        ),
        StageError::Stale { now, .. } => pick(
            lang,
            format!("办件已被推进到「{}」，请重新查看后再确认", now.zh()),
            format!("The case was moved on to {} meanwhile: look at it again", now.en()),
        ),
        StageError::NotHandler { owner } => pick(
            lang,
            format!("承办、审查由承办人（工号{owner}）办理；如需本人办理，请先移交"),
            format!("承办 and 审查 are the handler's (staff {owner}); have the case handed to you first"),
        ),
        StageError::NotApprover => pick(
            lang,
            "批准须由主管或局负责人办理，请提交主管".into(),
            "批准 is for a supervisor or the bureau's head: pass it to a supervisor".into(),
        ),
        StageError::HandlerApproves => pick(
            lang,
            "承办或审查过本办件的人员不能批准（审批分离），请另一位主管批准".into(),
            "Whoever handled this case may not approve it (审批分离): another supervisor approves".into(),
        ),
        StageError::PledgeOutstanding => pick(
            lang,
            "容缺材料尚未补齐，不能办结；确需办结须主管本人审批并说明理由".into(),
            "A 容缺 material is still outstanding: no 办结 without a supervisor's own override with a reason".into(),
        ),
        StageError::OverrideNotNeeded => pick(
            lang,
            "没有未补齐的容缺材料，无需主管审批".into(),
            "No 容缺 material is outstanding: no override is needed".into(),
        ),
    }
}

/// A refused 失信 mark entry or lifting.
pub fn mark_problem(lang: Lang, e: &MarkError) -> String {
    match e {
        MarkError::Id(i) => pick(lang, format!("身份证号有误：{}", i.zh()), format!("ID number: {i}")),
        MarkError::Code(_) => pick(lang, "统一社会信用代码格式有误".into(), "The credit code is malformed".into()),
        MarkError::SuspectCode => pick(
            lang,
            "信用代码校验位不符，核实无误请确认后再录入".into(),
            "The credit code's check character fails: confirm it to mark this code".into(),
        ),
        MarkError::NoSource => pick(
            lang,
            "请写明失信记录的来源（如信用中国、决定书文号）".into(),
            "Say where the 失信 record comes from (信用中国, a decision's number)".into(),
        ),
        MarkError::SinceInFuture(d) => {
            pick(lang, format!("起始日期{d}晚于今天"), format!("The start date {d} is after today"))
        }
        MarkError::BadText(_) => {
            pick(lang, "填写的内容过长或含控制字符".into(), "The text is too long or holds control characters".into())
        }
        MarkError::NoReason => pick(lang, "请写明解除理由".into(), "A reason for lifting is needed".into()),
        MarkError::Lifted => pick(lang, "该失信标记已解除".into(), "The mark was lifted already".into()),
        MarkError::LiftBeforeSince(d) => pick(
            lang,
            format!("解除日期不能早于起始日期{d}"),
            format!("A mark cannot be lifted before it started ({d})"),
        ),
        MarkError::LiftInFuture(d) => {
            pick(lang, format!("解除日期{d}晚于今天"), format!("The lifting date {d} is after today"))
        }
    }
}

/// The confirmation asked before a stage change (F8 on the case page).
pub fn confirm_stage(lang: Lang, from: CaseState, to: CaseState) -> String {
    pick(
        lang,
        format!("确认将办件由「{}」推进到「{}」？", from.zh(), to.zh()),
        format!("Move the case from {} to {}?", from.en(), to.en()),
    )
}

/// One line of the stage history on the case page.
pub fn history_line(lang: Lang, s: &StageStep) -> String {
    let at = s.at.format("%Y-%m-%d %H:%M");
    let mut line = format!("{at} {} {} > {}", s.actor, stage(lang, s.from), stage(lang, s.to));
    if !s.note.is_empty() {
        line.push_str(&pick(lang, format!("（{}）", s.note), format!(" ({})", s.note)));
    }
    if let Some((by, why)) = &s.overridden {
        line.push_str(&pick(lang, format!(" 主管{by}审批：{why}"), format!(" override by {by}: {why}")));
    }
    line
}

/// The title over the stage history.
pub fn history_title(lang: Lang) -> &'static str {
    if lang == Lang::Zh {
        "办理环节记录"
    } else {
        "Stage history"
    }
}

/// The warning at intake when the applicant is under a 失信 mark.
pub fn marked_warning(lang: Lang, marks: usize) -> String {
    pick(
        lang,
        format!("注意：申请人有{marks}条失信记录，不适用容缺受理"),
        format!("Note: the applicant is under {marks} 失信 mark(s): no 容缺 acceptance"),
    )
}

/// The case moved on (after the confirmation).
pub fn stage_moved(lang: Lang, to: CaseState) -> String {
    pick(
        lang,
        format!("已推进到「{}」，已记入办理环节记录", to.zh()),
        format!("Moved on to {}; kept in the stage history", to.en()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::strings::ambiguous;

    #[test]
    fn the_words_have_no_ambiguous_width_characters_in_either_language() {
        let at = chrono::NaiveDate::from_ymd_opt(2025, 10, 9).unwrap().and_hms_opt(9, 30, 0).unwrap();
        let step = StageStep {
            at,
            actor: "0007".into(),
            from: CaseState::Approved,
            to: CaseState::Completed,
            note: "先办后补".into(),
            overridden: Some(("0008".into(), "次日补交".into())),
        };
        let d = at.date();
        for lang in [Lang::Zh, Lang::En] {
            let mut all = vec![
                confirm_stage(lang, CaseState::Accepted, CaseState::Undertaken),
                history_line(lang, &step),
                history_title(lang).to_string(),
                marked_warning(lang, 2),
                stage_moved(lang, CaseState::Reviewed),
            ];
            for e in [
                StageError::NoNextStage(CaseState::Archived),
                StageError::Stale { now: CaseState::Reviewed, confirmed: CaseState::Undertaken },
                StageError::NotHandler { owner: "0002".into() },
                StageError::NotApprover,
                StageError::HandlerApproves,
                StageError::PledgeOutstanding,
                StageError::OverrideNotNeeded,
            ] {
                all.push(stage_problem(lang, &e));
            }
            for e in [
                MarkError::SuspectCode,
                MarkError::NoSource,
                MarkError::SinceInFuture(d),
                MarkError::BadText("note"),
                MarkError::NoReason,
                MarkError::Lifted,
                MarkError::LiftBeforeSince(d),
                MarkError::LiftInFuture(d),
            ] {
                all.push(mark_problem(lang, &e));
            }
            for s in all {
                assert!(!s.is_empty() && !s.chars().any(ambiguous), "{s}");
            }
        }
        assert!(history_line(Lang::Zh, &step).contains("主管0008审批：次日补交"));
        assert!(history_line(Lang::En, &step).contains("approved > completed"));
    }
}
