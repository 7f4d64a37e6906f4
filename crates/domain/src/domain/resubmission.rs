//! Resubmission after a one-time notice (行政许可法 第三十二条, issue 15). Pure.
//!
//! 第三十二条第一款第（五）项: 申请事项属于本行政机关职权范围，申请材料齐全、符合法定形式，或者
//! 申请人按照本行政机关的要求提交全部补正申请材料的，应当受理行政许可申请. When the applicant has
//! handed in every item the notice asked for, the bureau owes its answer again: it accepts, refuses,
//! or gives a later notice (补充告知) for defects in the resubmitted materials. The counter holds
//! that answer to the same five working days as the first (第（四）项: 当场或者在五日内; 第八十二条:
//! working days), counted from the day all 补正 materials are received; unanswered by then the case
//! is accepted as of that day, as 第（四）项 deems an application whose notice never came
//! (逾期不告知的，自收到申请材料之日起即为受理).

use crate::domain::case_time::NOTICE_WORKING_DAYS;
use crate::domain::intake::{CaseState, CheckItem, MaterialState};
use crate::domain::workdays::{Calendar, Counted, OutsideCalendar};
use chrono::{NaiveDate, NaiveDateTime};

/// The full resubmission answering one notice, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResubmissionRecord {
    /// The notice answered (1 = the first one-time notice).
    pub notice_seq: u32,
    /// When the last 补正 material was handed in.
    pub received_at: NaiveDateTime,
    /// The clerk (staff id) who recorded the receipt.
    pub staff: String,
    /// The last day of the bureau's answer (5 working days after `received_at`).
    pub decision_due: NaiveDate,
    /// `decision_due` was counted over a year without a published holiday notice (暂定).
    pub decision_due_provisional: bool,
    /// Deemed accepted as of this day (the day of receipt) when no answer came in time.
    pub deemed_on: Option<NaiveDate>,
}

/// The last day to answer a full resubmission received on `received`.
pub fn decision_due(cal: &Calendar, received: NaiveDate) -> Result<Counted<NaiveDate>, OutsideCalendar> {
    cal.due(received, NOTICE_WORKING_DAYS)
}

/// Whether every material `notice_items` names is now handed in (provided, corrected on the
/// spot, or replaced by a 告知承诺 pledge). A material the notice names that is no longer on the
/// checklist cannot have been handed in: not complete. An empty notice is never answered.
pub fn all_handed_in(notice_items: &[String], checklist: &[CheckItem]) -> bool {
    !notice_items.is_empty()
        && notice_items.iter().all(|m| {
            checklist.iter().find(|i| &i.material == m).is_some_and(|i| {
                matches!(i.state, MaterialState::Provided | MaterialState::Corrected { .. } | MaterialState::Pledged)
            })
        })
}

/// A noticed case whose full resubmission was not answered by `decision_due` is accepted as of
/// the day it was received. A case answered by a later notice is judged by that notice's own
/// resubmission (the caller passes the latest notice's), never by an earlier one.
pub fn deemed_after_resubmission(state: CaseState, decision_due: NaiveDate, today: NaiveDate) -> bool {
    state == CaseState::Noticed && today > decision_due
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workdays::Calendar;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }
    fn item(m: &str, state: MaterialState) -> CheckItem {
        CheckItem { material: m.into(), state }
    }
    fn items(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// 第三十二条第一款第（五）项 with 第（四）项's five days (第八十二条: working days): all 补正
    /// materials received on Friday 2026-09-18 are answered by Thursday 2026-09-24 (09-20 is a
    /// make-up working Sunday, then 09-21..09-24).
    #[test]
    fn decision_due_is_five_working_days_after_the_full_resubmission_art_32() {
        let cal = Calendar::builtin();
        let received = d(2026, 9, 18);
        let due = decision_due(&cal, received).unwrap();
        assert_eq!(due.value, d(2026, 9, 24));
        // Counted across a holiday: received before 国庆 2026 (10-01..10-07, 10-10 make-up).
        let before_holiday = decision_due(&cal, d(2026, 9, 30)).unwrap().value;
        assert_eq!(before_holiday, d(2026, 10, 13), "10-08, 10-09, 10-10 (make-up), 10-12, 10-13");
    }

    /// 第三十二条第一款第（五）项: 提交全部补正申请材料. Every item the notice named must be handed in.
    #[test]
    fn complete_only_when_every_notice_item_is_handed_in_art_32() {
        let notice = items(&["photo", "health"]);
        let mut list = vec![item("id_copy", MaterialState::Provided), item("photo", MaterialState::Provided)];
        list.push(item("health", MaterialState::Missing));
        assert!(!all_handed_in(&notice, &list), "the health certificate is still missing");
        list[2].state = MaterialState::Defective { what: "过期".into() };
        assert!(!all_handed_in(&notice, &list), "handed in but still defective is not 补正");
        list[2].state = MaterialState::Corrected { what: "日期".into() };
        assert!(all_handed_in(&notice, &list));
        list[2].state = MaterialState::Pledged;
        assert!(all_handed_in(&notice, &list), "a 告知承诺 pledge replaces the proof");
        assert!(!all_handed_in(&items(&["gone"]), &list), "a material not on the checklist was not handed in");
        assert!(!all_handed_in(&[], &list), "an empty notice is never answered");
    }

    /// Unanswered past the fifth working day: accepted (as 第（四）项 reads: 即为受理); only a
    /// case still waiting after its notice, never one decided since.
    #[test]
    fn deemed_only_past_the_last_day_and_only_while_noticed_art_32() {
        let due = d(2026, 12, 11);
        assert!(!deemed_after_resubmission(CaseState::Noticed, due, due), "the last day is still in time");
        assert!(deemed_after_resubmission(CaseState::Noticed, due, d(2026, 12, 12)));
        for s in [CaseState::Accepted, CaseState::Refused, CaseState::Registered, CaseState::Completed] {
            assert!(!deemed_after_resubmission(s, due, d(2027, 1, 1)), "{s:?}");
        }
    }
}
