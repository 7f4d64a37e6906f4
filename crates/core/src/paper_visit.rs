//! The 回访记录's facts from the callback recorded on the case (issue 16 on issue 15): when the
//! applicant was reached, how, how satisfied and what they said, and who called; before, the
//! sheet printed blanks even after the callback was recorded (围场 2023 措施 16: 办理完毕后
//! 10日内逐一电话回访). A case without a recorded callback keeps the blanks, to fill by hand.

use crate::domain::intake::Rating;
use crate::domain::loops::LoopKind;
use crate::domain::records::CaseRecord;
use crate::store::Store;
use anyhow::Result;
use certdesk_paper::Facts;

/// Fills the visit lines of `f` from the case's last callback attempt (the one that reached
/// the applicant, else the last one tried: "未接通" is a fact of the visit too).
pub fn fill_visit(store: &Store, c: &CaseRecord, f: &mut Facts) -> Result<()> {
    let events = store.cases().events(c.id)?;
    let Some(task) =
        events.iter().rev().find(|e| e.action == "case.callback_contact").and_then(|e| e.detail["callback"].as_i64())
    else {
        return Ok(());
    };
    let Some(t) = store.ratings().loop_task(LoopKind::Callback, task)? else { return Ok(()) };
    let Some(r) = t.contacts.iter().rev().find(|r| r.contact.reached).or_else(|| t.contacts.last()) else {
        return Ok(());
    };
    f.visit_on = Some(r.at.date());
    // The desk's callback is a telephone call (the 回访 list is worked from the phone numbers).
    f.visit_how = Some("电话回访".into());
    let said = r.contact.note.trim();
    let how = match (r.contact.reached, r.contact.satisfaction.and_then(Rating::from_code)) {
        (true, Some(level)) => format!("已接通，评价：{}", level.zh()),
        (true, None) => "已接通".to_string(),
        (false, _) => "未接通".to_string(),
    };
    f.visit_notes = Some(if said.is_empty() { how } else { format!("{how}；{said}") });
    f.staff = store.staff().get(&r.staff)?.map(|m| m.name).unwrap_or_else(|| r.staff.clone());
    Ok(())
}
