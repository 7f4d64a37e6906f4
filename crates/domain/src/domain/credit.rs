//! 失信 marks (bad-credit marks) on an enterprise or a person, as a supervisor enters and lifts
//! them (SPEC §2 容缺受理: applicants under a 失信 mark, entered by a supervisor with its source,
//! are excluded). Pure: the checks of an entry and of a lifting; the store keeps the marks, the
//! desk service lets only supervisors write them.
//!
//! Where it comes from: 淄博 2020 措施 5 (一般失信 and 严重失信, 信用修复 within 10 working days of
//! an application); 围场 2023 措施 13 (移出「黑名单」 when its term ends: a lifting); 淄博 2020
//! 措施 13 with 行政许可法 第七十八条/第七十九条 (a false 告知承诺 or false materials: the applicant
//! is marked).
//!
//! Privacy (SPEC §6): a person is named by the ID number only on entry; the store keeps its keyed
//! hash and masked form, and everything shown carries the masked form.

use super::id::{IdError, ResidentId};
use super::uscc::{self, UsccCheck, UsccError};
use chrono::{NaiveDate, NaiveDateTime};

/// Longest source or note kept with a mark.
pub const MAX_TEXT: usize = 200;

/// Who a mark is on, as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// An enterprise by its unified social credit code (GB 32100).
    Enterprise(String),
    /// A person by resident ID number (checked; never shown unmasked).
    Person(ResidentId),
}

impl Subject {
    /// How the subject is shown: the credit code, or the masked ID number.
    pub fn shown(&self) -> String {
        match self {
            Subject::Enterprise(c) => c.clone(),
            Subject::Person(id) => id.masked(),
        }
    }
}

/// A mark as kept and listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkRecord {
    /// Its row id.
    pub id: i64,
    /// On a person (shown masked) or an enterprise.
    pub person: bool,
    /// The credit code, or the masked ID number.
    pub shown: String,
    /// 严重失信 (else 一般失信).
    pub serious: bool,
    /// The first day it holds.
    pub since: NaiveDate,
    /// Where the mark comes from (信用中国, a decision's number, a false pledge on a case).
    pub source: String,
    /// Staff's note.
    pub note: String,
    /// The staff number who entered it.
    pub entered_by: String,
    /// When it was entered.
    pub entered_at: NaiveDateTime,
    /// Its lifting, if lifted.
    pub lifted: Option<Lift>,
}

impl MarkRecord {
    /// In force on `day`: entered on or before it and not lifted by then.
    pub fn active_on(&self, day: NaiveDate) -> bool {
        self.since <= day && self.lifted.as_ref().is_none_or(|l| day < l.on)
    }
}

/// A lifting (信用修复 or the end of the term).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lift {
    /// The first day the mark no longer holds.
    pub on: NaiveDate,
    /// The staff number who lifted it.
    pub by: String,
    /// When it was recorded.
    pub at: NaiveDateTime,
    /// Why (信用修复 or the end of the term).
    pub reason: String,
}

/// Why a mark's entry or lifting is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarkError {
    /// The person's ID number is malformed.
    #[error("the ID number is not valid: {0}")]
    Id(#[from] IdError),
    /// The credit code is malformed.
    #[error("the credit code is not valid: {0}")]
    Code(#[from] UsccError),
    /// The credit code's check character fails and staff did not confirm it.
    #[error("the credit code's check character fails: confirm it to mark this code")]
    SuspectCode,
    /// No source given.
    #[error("a mark needs its source (where the 失信 record comes from)")]
    NoSource,
    /// The start date is after today.
    #[error("a mark's start date {0} is after today")]
    SinceInFuture(NaiveDate),
    /// The named field is too long or holds control characters.
    #[error("{0} is longer than {MAX_TEXT} characters or holds control characters")]
    BadText(&'static str),
    /// A lifting without a reason.
    #[error("a lifting needs a reason")]
    NoReason,
    /// The mark was lifted already.
    #[error("the mark was lifted already")]
    Lifted,
    /// The lifting's day is before the mark's start (the start day).
    #[error("a mark cannot be lifted before it started ({0})")]
    LiftBeforeSince(NaiveDate),
    /// The lifting's day is after today.
    #[error("a lifting's date {0} is after today")]
    LiftInFuture(NaiveDate),
}

impl MarkError {
    /// Short zh-CN explanation (the command line and the screens say it in Chinese first).
    pub fn zh(&self) -> String {
        match self {
            MarkError::Id(e) => format!("身份证号有误：{}", e.zh()),
            MarkError::Code(_) => "统一社会信用代码格式有误".into(),
            MarkError::SuspectCode => "信用代码校验位不符，核实无误请确认后再录入".into(),
            MarkError::NoSource => "请写明失信记录的来源（如信用中国、决定书文号）".into(),
            MarkError::SinceInFuture(d) => format!("起始日期{d}晚于今天"),
            MarkError::BadText(_) => "填写的内容过长或含控制字符".into(),
            MarkError::NoReason => "请写明解除理由".into(),
            MarkError::Lifted => "该失信标记已解除".into(),
            MarkError::LiftBeforeSince(d) => format!("解除日期不能早于起始日期{d}"),
            MarkError::LiftInFuture(d) => format!("解除日期{d}晚于今天"),
        }
    }
}

/// The subject typed for a mark: a person's ID number (`person`) or an enterprise's credit code.
/// A credit code whose check character fails is taken only when `confirm` (real codes in the
/// wild fail it: SPEC §2).
pub fn subject(text: &str, person: bool, confirm: bool, today: NaiveDate) -> Result<Subject, MarkError> {
    if person {
        return Ok(Subject::Person(ResidentId::parse(text.trim(), today)?));
    }
    match uscc::check(text.trim())? {
        UsccCheck::Ok(c) => Ok(Subject::Enterprise(c)),
        UsccCheck::Suspect { code, .. } if confirm => Ok(Subject::Enterprise(code)),
        UsccCheck::Suspect { .. } => Err(MarkError::SuspectCode),
    }
}

fn text_ok(s: &str) -> bool {
    s.chars().count() <= MAX_TEXT && !s.chars().any(char::is_control)
}

/// Check a new mark's source, note and start date.
pub fn check_entry(source: &str, note: &str, since: NaiveDate, today: NaiveDate) -> Result<(), MarkError> {
    if source.trim().is_empty() {
        return Err(MarkError::NoSource);
    }
    if !text_ok(source) {
        return Err(MarkError::BadText("source"));
    }
    if !text_ok(note) {
        return Err(MarkError::BadText("note"));
    }
    if since > today {
        return Err(MarkError::SinceInFuture(since));
    }
    Ok(())
}

/// Check a lifting of `mark` from `on`, for `reason`.
pub fn check_lift(mark: &MarkRecord, on: NaiveDate, reason: &str, today: NaiveDate) -> Result<(), MarkError> {
    if mark.lifted.is_some() {
        return Err(MarkError::Lifted);
    }
    if reason.trim().is_empty() {
        return Err(MarkError::NoReason);
    }
    if !text_ok(reason) {
        return Err(MarkError::BadText("reason"));
    }
    if on < mark.since {
        return Err(MarkError::LiftBeforeSince(mark.since));
    }
    if on > today {
        return Err(MarkError::LiftInFuture(on));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn mark() -> MarkRecord {
        MarkRecord {
            id: 1,
            person: false,
            shown: "91350100M000100Y43".into(),
            serious: false,
            since: d(2025, 3, 1),
            source: "信用中国 2025-031".into(),
            note: String::new(),
            entered_by: "0007".into(),
            entered_at: d(2025, 3, 1).and_hms_opt(9, 0, 0).unwrap(),
            lifted: None,
        }
    }

    #[test]
    fn subjects_are_checked_and_people_shown_masked() {
        let today = d(2026, 12, 6);
        let p = subject("11010519491231002x", true, false, today).unwrap();
        assert_eq!(p.shown(), crate::domain::id::mask("11010519491231002X"));
        assert!(!p.shown().contains("19491231"));
        assert!(matches!(subject("110105194912310021", true, false, today), Err(MarkError::Id(_))));
        assert_eq!(subject("91350100M000100Y43", false, false, today).unwrap().shown(), "91350100M000100Y43");
        // GB 32100: a failed check character is a warning staff confirm, never silently taken.
        assert_eq!(subject("91350100M000100Y44", false, false, today), Err(MarkError::SuspectCode));
        assert!(subject("91350100M000100Y44", false, true, today).is_ok());
        assert!(matches!(subject("不是代码", false, true, today), Err(MarkError::Code(_))));
    }

    #[test]
    fn a_mark_needs_its_source_and_no_future_date() {
        // SPEC §2 容缺受理: a 失信 mark is entered by a supervisor, with source.
        let today = d(2026, 12, 6);
        assert_eq!(check_entry(" ", "", today, today), Err(MarkError::NoSource));
        assert_eq!(check_entry("信用中国", "", d(2026, 12, 7), today), Err(MarkError::SinceInFuture(d(2026, 12, 7))));
        assert_eq!(check_entry("信用中国", "a\u{7}b", today, today), Err(MarkError::BadText("note")));
        assert_eq!(check_entry(&"长".repeat(201), "", today, today), Err(MarkError::BadText("source")));
        assert_eq!(check_entry("信用中国", "", today, today), Ok(()));
    }

    #[test]
    fn a_lifted_mark_holds_until_the_day_before_its_lifting() {
        // 淄博 2020 措施 5 (信用修复) and 围场 2023 措施 13 (移出黑名单): lifted from a day on.
        let today = d(2026, 12, 6);
        let mut m = mark();
        assert!(m.active_on(d(2025, 3, 1)) && !m.active_on(d(2025, 2, 28)));
        assert_eq!(check_lift(&m, today, "", today), Err(MarkError::NoReason));
        assert_eq!(check_lift(&m, d(2025, 1, 1), "修复", today), Err(MarkError::LiftBeforeSince(d(2025, 3, 1))));
        assert_eq!(check_lift(&m, d(2026, 12, 7), "修复", today), Err(MarkError::LiftInFuture(d(2026, 12, 7))));
        assert_eq!(check_lift(&m, today, "信用修复审核通过", today), Ok(()));
        m.lifted =
            Some(Lift { on: today, by: "0007".into(), at: today.and_hms_opt(9, 0, 0).unwrap(), reason: "x".into() });
        assert!(m.active_on(d(2026, 12, 5)) && !m.active_on(today));
        assert_eq!(check_lift(&m, today, "again", today), Err(MarkError::Lifted));
    }
}
