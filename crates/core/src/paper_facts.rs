//! The facts issue 15 records about a case's time and stages, read into a counter document
//! (issue 16): the 补正期限 of the last notice (行政许可法 第三十二条), the competent authority
//! a 不予受理 names (第三十二条第一款第（二）项), the extension with its reasons, approver and new
//! date (第四十二条), the clock stops (第四十五条), the decision and its delivery (第三十八条,
//! 第四十四条) and who approved (the 批准 step of the stage history).
//!
//! A fact the case has not recorded stays empty, so the template prints a blank to fill by hand
//! (never a guessed value).

use crate::domain::case_time::{CaseTimeRecords, Outcome, StopRecord};
use crate::domain::intake::CaseState;
use crate::domain::records::CaseRecord;
use crate::store::Store;
use anyhow::Result;
use certdesk_paper::template::date_zh;
use certdesk_paper::{DocKind, Facts};

/// Fills `f` (a document of `kind` for `c`) with what the store recorded about the case's time
/// and stages.
pub fn fill_recorded(store: &Store, c: &CaseRecord, kind: DocKind, f: &mut Facts) -> Result<()> {
    let t = store.cases().time(c.id)?;
    // 第三十二条: the notice says by when; the last notice's term is the one handed over now.
    f.correction_due = t.fix_by.last().map(|(_, d)| *d);
    if let Some(a) = t.refused_authority.as_deref().filter(|a| !a.trim().is_empty()) {
        f.apply_instead = Some(a.trim().to_string());
    }
    f.stops = t.stops.iter().map(stop_line).collect();
    let name = |staff_id: &str| -> Result<String> {
        Ok(store.staff().get(staff_id)?.map(|m| m.name).unwrap_or_else(|| staff_id.to_string()))
    };
    // Who approved: the 批准 step of the stage history (the last one, should a case have gone
    // back and been approved again).
    let approved = store.stage_history(c.id)?.into_iter().rev().find(|s| s.to == CaseState::Approved);
    if let Some(step) = &approved {
        f.approver = Some(name(&step.actor)?);
    }
    if let Some(e) = &t.extension {
        f.extension_days = Some(e.days);
        // The statutory date the extension moved (the case keeps it, moved again by any stop
        // that ended after).
        f.extended_due = c.statutory_due_on;
        if kind == DocKind::Extension {
            f.reasons = reason_lines(&e.reasons);
            f.approver = Some(name(&e.approved_by)?);
        }
    }
    if kind == DocKind::Special {
        // The stop this notice tells of: the open one, else the last.
        if let Some(s) = t.stops.iter().rev().find(|s| s.stop.end.is_none()).or_else(|| t.stops.last()) {
            f.special_procedure = Some(s.stop.kind.zh().to_string());
            f.special_days = Some(s.stop.told_days);
        }
    }
    if let Some(d) = &t.decision {
        if kind == DocKind::Denial && d.outcome == Outcome::Deny {
            f.reasons = reason_lines(&d.reasons);
        }
        if kind == DocKind::Service {
            f.served_document = Some(served_document(store, c, &t)?);
            if let Some((on, how)) = &d.delivered {
                f.served_on = Some(*on);
                f.served_how = Some(how.clone());
            }
        }
    }
    Ok(())
}

/// One stop as the documents print it: 检验：2026年12月7日至2026年12月11日（告知所需时间10日）,
/// an open one 检验：自2026年12月7日起（告知所需时间10日，尚未结束）.
pub fn stop_line(s: &StopRecord) -> String {
    let st = &s.stop;
    match st.end {
        Some(end) => {
            format!("{}：{}至{}（告知所需时间{}日）", st.kind.zh(), date_zh(st.start), date_zh(end), st.told_days)
        }
        None => format!("{}：自{}起（告知所需时间{}日，尚未结束）", st.kind.zh(), date_zh(st.start), st.told_days),
    }
}

/// Reasons typed as one text: one per line (or per ；), empty ones dropped.
fn reason_lines(text: &str) -> Vec<String> {
    text.split(['\n', '；', ';']).map(str::trim).filter(|r| !r.is_empty()).map(str::to_string).collect()
}

/// What the 送达回证 serves: the decision's document with its number when one was issued
/// (不予行政许可决定书 〔…〕N号), else the decision by name and date.
fn served_document(store: &Store, c: &CaseRecord, t: &CaseTimeRecords) -> Result<String> {
    let Some(d) = &t.decision else { return Ok(String::new()) };
    let issued = store.documents().of_case(c.id)?;
    let doc = match d.outcome {
        Outcome::Deny => issued.iter().rev().find(|x| x.kind == DocKind::Denial.key()),
        Outcome::Grant => None,
    };
    Ok(match (doc, d.outcome) {
        (Some(x), _) => format!("{}（{}）", x.title, x.number),
        (None, Outcome::Grant) => format!("准予行政许可决定（{}作出）", date_zh(d.decided_on)),
        (None, Outcome::Deny) => format!("不予行政许可决定（{}作出）", date_zh(d.decided_on)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case_time::{Stop, StopKind};
    use chrono::NaiveDate;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    /// 行政许可法 第四十五条: a stop prints its kind and period; an open one says it has not ended.
    #[test]
    fn art45_stop_lines() {
        let s = |end| StopRecord {
            id: 1,
            stop: Stop { kind: StopKind::Testing, start: d(12, 7), end, told_days: 10 },
            staff: "0001".into(),
        };
        assert_eq!(stop_line(&s(Some(d(12, 11)))), "检测：2026年12月7日至2026年12月11日（告知所需时间10日）");
        assert_eq!(stop_line(&s(None)), "检测：自2026年12月7日起（告知所需时间10日，尚未结束）");
    }

    #[test]
    fn reasons_split_per_line_and_semicolon() {
        assert_eq!(reason_lines("甲；乙\n\n 丙 ;"), vec!["甲", "乙", "丙"]);
        assert!(reason_lines("  \n").is_empty());
    }
}
