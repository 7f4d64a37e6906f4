//! A case's time under the 行政许可法 (SPEC §2 "Front-desk rules"): receipt and the five-day
//! rule for the one-time notice (第三十二条), the decision (第三十八条), the extension
//! (第四十二条), the delivery limit (第四十四条), clock stops (第四十五条), all counted in working
//! days (第八十二条). Pure: every function takes the calendar and `today`.
//!
//! Counting with stops: a limit of N working days counts from the first working day after
//! acceptance (day 0, as [`Calendar::due`]); a working day inside a stop (its first to its last
//! day, both included) is not counted (第四十五条: 所需时间不计算在本节规定的期限内). While a stop
//! is open the due date is not known: the case shows how many working days were left when the
//! clock stopped and is never overdue.

use crate::domain::intake::CaseState;
use crate::domain::workdays::{Calendar, Counted, OutsideCalendar};
use chrono::{Duration, NaiveDate, NaiveDateTime};

/// 第三十二条第一款第（四）项: the one-time notice is given on the spot or within five days of
/// receipt (working days, 第八十二条).
pub const NOTICE_WORKING_DAYS: u32 = 5;
/// 第四十二条: 经本行政机关负责人批准，可以延长十日.
pub const EXTENSION_WORKING_DAYS: u32 = 10;
/// 第四十四条: 自作出决定之日起十日内向申请人颁发、送达行政许可证件.
pub const DELIVERY_WORKING_DAYS: u32 = 10;
/// The 补正期限 a one-time notice gives the applicant, in working days from the notice (the
/// bureau's practice; the law leaves the period to the authority, 第三十二条 asks only that the
/// notice say everything to be corrected). Printed on the notice.
pub const FIX_WORKING_DAYS: u32 = 10;

// ---- receipt and the five-day rule (第三十二条) ------------------------------------------------

/// The last day the one-time notice may be given for materials received on `received`.
pub fn notice_due(cal: &Calendar, received: NaiveDate) -> Result<Counted<NaiveDate>, OutsideCalendar> {
    cal.due(received, NOTICE_WORKING_DAYS)
}

/// 第三十二条第一款第（四）项: 逾期不告知的，自收到申请材料之日起即为受理. A case still waiting
/// for its first decision (neither noticed, accepted nor refused) past its notice date is
/// accepted as of the receipt date.
pub fn deemed_accepted(state: CaseState, notice_due: NaiveDate, today: NaiveDate) -> bool {
    state == CaseState::Registered && today > notice_due
}

/// Whether a case opened on `opened_on` can have passed its notice date by `today` at all: the
/// receipt is never before the opening, and five working days are at least five calendar days.
/// Lets a touch of a fresh case skip the look-up of its receipt.
pub fn may_be_deemed(opened_on: NaiveDate, today: NaiveDate) -> bool {
    today > opened_on + Duration::days(NOTICE_WORKING_DAYS as i64)
}

/// The 补正期限 of a notice given on `noticed_on`.
pub fn fix_by(cal: &Calendar, noticed_on: NaiveDate) -> Result<Counted<NaiveDate>, OutsideCalendar> {
    cal.due(noticed_on, FIX_WORKING_DAYS)
}

// ---- stops (第四十五条) ---------------------------------------------------------------------

/// What stops the clock: 第四十五条 names 听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审;
/// the counter's matters use these, and 现场核查 where the matter's own rules exclude it
/// (a catalogue setting, `site_check_stops`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StopKind {
    /// 听证: a hearing.
    Hearing,
    /// 检验: an inspection.
    Inspection,
    /// 检测: testing.
    Testing,
    /// 鉴定: an appraisal.
    Appraisal,
    /// 专家评审: an expert review.
    ExpertReview,
    /// 现场核查: a site check, where the matter's rules let it stop the clock.
    SiteCheck,
}

impl StopKind {
    /// Every kind, in the order the desk offers them.
    pub const ALL: [StopKind; 6] = [
        StopKind::Hearing,
        StopKind::Inspection,
        StopKind::Testing,
        StopKind::Appraisal,
        StopKind::ExpertReview,
        StopKind::SiteCheck,
    ];
    /// Stable code stored in the database. Never rename.
    pub fn code(self) -> &'static str {
        match self {
            StopKind::Hearing => "hearing",
            StopKind::Inspection => "inspection",
            StopKind::Testing => "testing",
            StopKind::Appraisal => "appraisal",
            StopKind::ExpertReview => "expert_review",
            StopKind::SiteCheck => "site_check",
        }
    }
    /// The kind a stored code names; `None` for an unknown code.
    pub fn from_code(s: &str) -> Option<StopKind> {
        StopKind::ALL.into_iter().find(|k| k.code() == s)
    }
    /// The kind's name in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            StopKind::Hearing => "听证",
            StopKind::Inspection => "检验",
            StopKind::Testing => "检测",
            StopKind::Appraisal => "鉴定",
            StopKind::ExpertReview => "专家评审",
            StopKind::SiteCheck => "现场核查",
        }
    }
    /// The kind's name in English.
    pub fn en(self) -> &'static str {
        match self {
            StopKind::Hearing => "hearing",
            StopKind::Inspection => "inspection",
            StopKind::Testing => "testing",
            StopKind::Appraisal => "appraisal",
            StopKind::ExpertReview => "expert review",
            StopKind::SiteCheck => "site check",
        }
    }
}

/// One stop of a case's clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    /// What stops the clock.
    pub kind: StopKind,
    /// First day not counted.
    pub start: NaiveDate,
    /// Last day not counted; `None` while the stop lasts.
    pub end: Option<NaiveDate>,
    /// How long the applicant was told in writing it takes (第四十五条), in working days.
    pub told_days: u32,
}

impl Stop {
    fn covers(&self, d: NaiveDate) -> bool {
        self.start <= d && self.end.is_none_or(|e| d <= e)
    }
}

/// A limit's due date counted with stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// The due date; provisional when counted over a year without a published notice.
    On {
        /// The due date.
        date: NaiveDate,
        /// Whether it is provisional (暂定).
        provisional: bool,
    },
    /// The clock is stopped since `since` (a stop still open) with `left` working days to go
    /// when it stopped.
    Stopped {
        /// The day the clock stopped.
        since: NaiveDate,
        /// Working days left when it stopped.
        left: u32,
        /// What stopped it.
        kind: StopKind,
    },
}

impl Due {
    /// The due date; `None` while the clock is stopped.
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Due::On { date, .. } => Some(date),
            Due::Stopped { .. } => None,
        }
    }
}

/// `n` working days after `from` (day 0), skipping the working days inside `stops`.
pub fn due_with_stops(cal: &Calendar, from: NaiveDate, n: u32, stops: &[Stop]) -> Result<Due, OutsideCalendar> {
    cal.day_kind(from)?;
    let mut d = from;
    let mut left = n;
    while left > 0 {
        d = d.succ_opt().ok_or(OutsideCalendar { date: d })?;
        if let Some(s) = stops.iter().find(|s| s.end.is_none() && s.start <= d) {
            return Ok(Due::Stopped { since: s.start, left, kind: s.kind });
        }
        if stops.iter().any(|s| s.covers(d)) {
            continue;
        }
        if cal.is_working_day(d)? {
            left -= 1;
        }
    }
    Ok(Due::On { date: d, provisional: cal.provisional_between(from, d) })
}

/// What a case's time is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits<'a> {
    /// The day the case was accepted (受理).
    pub accepted: NaiveDate,
    /// The matter's statutory limit in working days.
    pub statutory_days: u32,
    /// The bureau's committed limit in working days.
    pub committed_days: u32,
    /// 第四十二条 extension granted.
    pub extended: bool,
    /// The case's stops, oldest first.
    pub stops: &'a [Stop],
}

/// Both due dates of a running case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dues {
    /// 法定期限: the statutory limit, plus the extension when granted (第四十二条).
    pub statutory: Due,
    /// 承诺期限: the bureau's committed limit. The extension is of the statutory limit only (the
    /// law extends the law's limit); the bureau's promise is not lengthened by it.
    pub committed: Due,
}

/// Both due dates, counted with the extension and the stops.
pub fn dues(cal: &Calendar, l: &Limits<'_>) -> Result<Dues, OutsideCalendar> {
    let extra = if l.extended { EXTENSION_WORKING_DAYS } else { 0 };
    Ok(Dues {
        statutory: due_with_stops(cal, l.accepted, l.statutory_days + extra, l.stops)?,
        committed: due_with_stops(cal, l.accepted, l.committed_days, l.stops)?,
    })
}

/// What remains of a limit on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remaining {
    /// Working days left (0 = due today), negative = overdue by that many working days.
    Days {
        /// The due date.
        due: NaiveDate,
        /// Working days left (negative: overdue).
        left: i64,
        /// Whether it is provisional (暂定).
        provisional: bool,
    },
    /// Stopped: `left` working days to go when the clock stopped; never overdue.
    Stopped {
        /// The day the clock stopped.
        since: NaiveDate,
        /// Working days left when it stopped.
        left: u32,
        /// What stopped it.
        kind: StopKind,
    },
}

impl Remaining {
    /// Whether the limit has passed (never while stopped).
    pub fn is_overdue(self) -> bool {
        matches!(self, Remaining::Days { left, .. } if left < 0)
    }
}

/// What remains of `due` on `today`. Stops recorded are over by today (they end no later than
/// the day they are recorded as ended), so the days between today and the due date are counted
/// plainly.
pub fn remaining(cal: &Calendar, today: NaiveDate, due: Due) -> Result<Remaining, OutsideCalendar> {
    match due {
        Due::Stopped { since, left, kind } => Ok(Remaining::Stopped { since, left, kind }),
        Due::On { date, provisional } => {
            let left = cal.days_left(today, date)?;
            Ok(Remaining::Days { due: date, left: left.value, provisional: provisional || left.provisional })
        }
    }
}

// ---- checks --------------------------------------------------------------------------------

/// Why a time step is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    /// Only a running case's time can change.
    #[error("the case is {0:?}: its time cannot change now")]
    NotRunning(CaseState),
    /// The case was extended once already (第四十二条).
    #[error("the case was already extended once (行政许可法 第四十二条: 延长十日)")]
    AlreadyExtended,
    /// Reasons are required and were not given.
    #[error("reasons are required")]
    NoReason,
    /// The statutory limit ended on this day: too late to extend it.
    #[error("the statutory limit ended on {0}: an extension must be approved within it")]
    ExtensionLate(NaiveDate),
    /// The clock is stopped already.
    #[error("the clock is already stopped")]
    AlreadyStopped,
    /// The clock is not stopped.
    #[error("the clock is not stopped")]
    NotStopped,
    /// This kind does not stop this matter's clock.
    #[error("{0:?} does not stop this matter's clock (现场核查 only where the matter's rules say so)")]
    KindNotAllowed(StopKind),
    /// The applicant was not told how long the stop takes (第四十五条).
    #[error("the applicant must be told how long it takes (行政许可法 第四十五条)")]
    NoLengthTold,
    /// The day is in the future.
    #[error("{0} is in the future")]
    InFuture(NaiveDate),
    /// The day is before the case was accepted.
    #[error("{0} is before the case was accepted")]
    BeforeAcceptance(NaiveDate),
    /// The stop would end before it started (the start day).
    #[error("a stop cannot end before it started ({0})")]
    EndBeforeStart(NaiveDate),
    /// A decision is recorded already.
    #[error("a decision was already recorded")]
    AlreadyDecided,
    /// No decision is recorded yet.
    #[error("no decision is recorded yet")]
    NotDecided,
    /// The delivery's manner was not given.
    #[error("say how it was delivered")]
    NoManner,
    /// The delivery day is before the decision.
    #[error("delivery on {0} is before the decision")]
    BeforeDecision(NaiveDate),
    /// The delivery is recorded already.
    #[error("delivery was already recorded")]
    AlreadyDelivered,
    /// The permit was revoked (第六十九条第二款): there is nothing to deliver.
    #[error("the permit was revoked (行政许可法 第六十九条): nothing to deliver")]
    Revoked,
}

fn needs_text(s: &str) -> Result<(), TimeError> {
    if s.trim().is_empty() {
        Err(TimeError::NoReason)
    } else {
        Ok(())
    }
}

/// 第四十二条: one extension of ten working days, approved by the head (a supervisor here), with
/// reasons told to the applicant, granted while the statutory limit still runs.
pub fn check_extension(
    state: CaseState,
    already_extended: bool,
    reasons: &str,
    today: NaiveDate,
    statutory: Due,
) -> Result<(), TimeError> {
    if !state.is_running() {
        return Err(TimeError::NotRunning(state));
    }
    if already_extended {
        return Err(TimeError::AlreadyExtended);
    }
    needs_text(reasons)?;
    match statutory {
        Due::On { date, .. } if today > date => Err(TimeError::ExtensionLate(date)),
        _ => Ok(()),
    }
}

/// 第四十五条: a stop of a running case, of a kind the matter allows, from a day between its
/// acceptance and today, with the length told to the applicant; one stop at a time.
pub fn check_stop_start(
    state: CaseState,
    accepted: NaiveDate,
    open_stop: bool,
    site_check_stops: bool,
    stop: &Stop,
    today: NaiveDate,
) -> Result<(), TimeError> {
    let (kind, start, told_days) = (stop.kind, stop.start, stop.told_days);
    if !state.is_running() {
        return Err(TimeError::NotRunning(state));
    }
    if open_stop {
        return Err(TimeError::AlreadyStopped);
    }
    if kind == StopKind::SiteCheck && !site_check_stops {
        return Err(TimeError::KindNotAllowed(kind));
    }
    if told_days == 0 {
        return Err(TimeError::NoLengthTold);
    }
    if start > today {
        return Err(TimeError::InFuture(start));
    }
    if start <= accepted {
        return Err(TimeError::BeforeAcceptance(start));
    }
    Ok(())
}

/// The end of the open stop: no earlier than its start, no later than today.
pub fn check_stop_end(open: Option<&Stop>, end: NaiveDate, today: NaiveDate) -> Result<(), TimeError> {
    let s = open.ok_or(TimeError::NotStopped)?;
    if end > today {
        return Err(TimeError::InFuture(end));
    }
    if end < s.start {
        return Err(TimeError::EndBeforeStart(s.start));
    }
    Ok(())
}

/// 第三十八条: 准予 or 不予许可.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 准予许可.
    Grant,
    /// 不予许可.
    Deny,
}

impl Outcome {
    /// The outcome's code in the decisions table.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Grant => "grant",
            Outcome::Deny => "deny",
        }
    }
    /// The outcome a stored code names; `None` for an unknown code.
    pub fn from_code(s: &str) -> Option<Outcome> {
        match s {
            "grant" => Some(Outcome::Grant),
            "deny" => Some(Outcome::Deny),
            _ => None,
        }
    }
    /// The outcome in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            Outcome::Grant => "准予许可",
            Outcome::Deny => "不予许可",
        }
    }
    /// The outcome in English.
    pub fn en(self) -> &'static str {
        match self {
            Outcome::Grant => "granted",
            Outcome::Deny => "denied",
        }
    }
}

/// 第三十八条: a decision on an accepted case, once; 不予许可 states its reasons (and the
/// rights to 行政复议 and 行政诉讼, which the written decision prints).
pub fn check_decision(state: CaseState, decided: bool, outcome: Outcome, reasons: &str) -> Result<(), TimeError> {
    if !state.is_running() {
        return Err(TimeError::NotRunning(state));
    }
    if decided {
        return Err(TimeError::AlreadyDecided);
    }
    if outcome == Outcome::Deny {
        needs_text(reasons)?;
    }
    Ok(())
}

/// 第四十四条: the last day to deliver the certificate after 准予.
pub fn delivery_due(cal: &Calendar, decided_on: NaiveDate) -> Result<Counted<NaiveDate>, OutsideCalendar> {
    cal.due(decided_on, DELIVERY_WORKING_DAYS)
}

/// A delivery (送达) of the decision: after a decision, once, with its manner, on a day between
/// the decision and today.
pub fn check_delivery(
    decided_on: Option<NaiveDate>,
    delivered: bool,
    manner: &str,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<(), TimeError> {
    let decided_on = decided_on.ok_or(TimeError::NotDecided)?;
    if delivered {
        return Err(TimeError::AlreadyDelivered);
    }
    if manner.trim().is_empty() {
        return Err(TimeError::NoManner);
    }
    if on > today {
        return Err(TimeError::InFuture(on));
    }
    if on < decided_on {
        return Err(TimeError::BeforeDecision(on));
    }
    Ok(())
}

/// Whether the delivery limit of a 准予 decision is missed: delivered after it, or not
/// delivered and past it.
pub fn delivery_late(due: NaiveDate, delivered_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    match delivered_on {
        Some(d) => d > due,
        None => today > due,
    }
}

// ---- records (as the store keeps them, the screens and documents read them) -------------------

/// 收件 as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptRecord {
    /// When the materials were first checked.
    pub received_at: NaiveDateTime,
    /// Who checked them.
    pub staff: String,
    /// The last day of the one-time notice (5 working days, 第三十二条).
    pub notice_due: NaiveDate,
    /// Whether that day is provisional (暂定).
    pub notice_due_provisional: bool,
    /// What was received (material codes), frozen at the first decision; `None` before.
    pub materials: Option<Vec<String>>,
    /// Deemed accepted (逾期不告知) as of this day, the receipt date.
    pub deemed_on: Option<NaiveDate>,
}

/// 准予 or 不予许可 as recorded (第三十八条), with its delivery (第四十四条).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    /// 准予 or 不予许可.
    pub outcome: Outcome,
    /// The reasons (required for 不予许可).
    pub reasons: String,
    /// The day it was decided.
    pub decided_on: NaiveDate,
    /// Who recorded it.
    pub staff: String,
    /// 第四十四条's last day, after 准予.
    pub delivery_due: Option<NaiveDate>,
    /// Delivered (送达): the day and the manner.
    pub delivered: Option<(NaiveDate, String)>,
    /// 撤销 of a 准予 (行政许可法 第六十九条第二款: a permit obtained by deception, here a false
    /// 告知承诺 found by its 核查): who, when and why. The stored outcome then reads `revoked`;
    /// [`DecisionRecord::outcome`] keeps what was decided (准予).
    pub revoked: Option<Revocation>,
}

/// The 撤销 of a granted permit (第六十九条第二款, 第七十九条), as recorded on its decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revocation {
    /// Who recorded it (the staff member who found the pledge false, or the supervisor who
    /// approved that finding).
    pub by: String,
    /// When.
    pub at: NaiveDateTime,
    /// Why (the check's note).
    pub reason: String,
}

impl DecisionRecord {
    /// The decision's code as the decisions table stores it now: `revoked` after a 撤销,
    /// else the outcome's.
    pub fn state_code(&self) -> &'static str {
        if self.revoked.is_some() {
            REVOKED_CODE
        } else {
            self.outcome.code()
        }
    }
    /// What the decision reads now, in Chinese: 准予许可, 不予许可, or 已撤销 (准予许可 revoked).
    pub fn reads_zh(&self) -> &'static str {
        if self.revoked.is_some() {
            "已撤销"
        } else {
            self.outcome.zh()
        }
    }
    /// What the decision reads now, in English.
    pub fn reads_en(&self) -> &'static str {
        if self.revoked.is_some() {
            "revoked"
        } else {
            self.outcome.en()
        }
    }
}

/// The decisions table's outcome code of a revoked 准予 (migration 26).
pub const REVOKED_CODE: &str = "revoked";

/// The extension as recorded (第四十二条).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionRecord {
    /// Working days added.
    pub days: u32,
    /// Why.
    pub reasons: String,
    /// The supervisor who approved it.
    pub approved_by: String,
    /// When it was recorded.
    pub at: NaiveDateTime,
}

/// A stop as recorded (第四十五条).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopRecord {
    /// Its id in the stops table.
    pub id: i64,
    /// The stop.
    pub stop: Stop,
    /// Who recorded it.
    pub staff: String,
}

/// Everything recorded about a case's time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseTimeRecords {
    /// The receipt (收件), once the checklist was first ticked.
    pub receipt: Option<ReceiptRecord>,
    /// The decision, once taken.
    pub decision: Option<DecisionRecord>,
    /// The extension, if granted.
    pub extension: Option<ExtensionRecord>,
    /// Oldest first.
    pub stops: Vec<StopRecord>,
    /// The competent authority named when the matter is another's (不予受理).
    pub refused_authority: Option<String>,
    /// The 补正期限 of each notice, by sequence number.
    pub fix_by: Vec<(u32, NaiveDate)>,
}

impl CaseTimeRecords {
    /// The stops without their records.
    pub fn stops(&self) -> Vec<Stop> {
        self.stops.iter().map(|s| s.stop.clone()).collect()
    }
    /// The stop still open, if any.
    pub fn open_stop(&self) -> Option<&Stop> {
        self.stops.iter().map(|s| &s.stop).find(|s| s.end.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workdays::DayKind;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn stop(kind: StopKind, start: NaiveDate, end: Option<NaiveDate>) -> Stop {
        Stop { kind, start, end, told_days: 10 }
    }

    #[test]
    fn art32_notice_due_five_working_days_after_receipt() {
        // 行政许可法 第三十二条: 五日内一次告知; 第八十二条: working days. Received Friday
        // 2026-12-04: Mon 7 .. Fri 11.
        let c = Calendar::builtin();
        assert_eq!(notice_due(&c, d(2026, 12, 4)).unwrap().value, d(2026, 12, 11));
        // Over 国庆 2026 (10-01..10-07 holidays, 10-10 Saturday make-up): received 09-30.
        assert_eq!(notice_due(&c, d(2026, 9, 30)).unwrap().value, d(2026, 10, 13));
    }

    #[test]
    fn art32_not_told_in_time_counts_as_accepted_from_receipt() {
        // 第三十二条: 逾期不告知的，自收到申请材料之日起即为受理.
        let due = d(2026, 12, 11);
        assert!(!deemed_accepted(CaseState::Registered, due, d(2026, 12, 11)), "the last day is still in time");
        assert!(deemed_accepted(CaseState::Registered, due, d(2026, 12, 14)));
        // Told in time (noticed), or decided: the rule does not apply.
        for s in [CaseState::Noticed, CaseState::Accepted, CaseState::Refused] {
            assert!(!deemed_accepted(s, due, d(2026, 12, 30)), "{s:?}");
        }
    }

    #[test]
    fn art32_fresh_case_skips_the_receipt_lookup_only_when_it_cannot_be_late() {
        let opened = d(2026, 12, 4);
        assert!(!may_be_deemed(opened, d(2026, 12, 9)));
        assert!(may_be_deemed(opened, d(2026, 12, 14)));
    }

    #[test]
    fn art45_stop_over_national_day_2026_is_not_counted() {
        // 行政许可法 第四十五条: 专家评审 time is not counted. Accepted Mon 2026-09-21 with 8
        // working days; expert review from 09-24 to 10-09 (spanning 国庆 10-01..10-07).
        let c = Calendar::builtin();
        let plain = due_with_stops(&c, d(2026, 9, 21), 8, &[]).unwrap();
        // Without a stop: 22, 23, 24 (25-27 holiday), 28, 29, 30, 10-08, 10-09 → 10-09.
        assert_eq!(plain, Due::On { date: d(2026, 10, 9), provisional: false });
        let s = [stop(StopKind::ExpertReview, d(2026, 9, 24), Some(d(2026, 10, 9)))];
        // 22, 23 counted; 09-24..10-09 stopped; then 10-10 (Saturday make-up), 12, 13, 14, 15, 16.
        assert_eq!(
            due_with_stops(&c, d(2026, 9, 21), 8, &s).unwrap(),
            Due::On { date: d(2026, 10, 16), provisional: false }
        );
        assert_eq!(c.day_kind(d(2026, 10, 10)).unwrap(), DayKind::MakeUp);
    }

    #[test]
    fn art45_open_stop_is_never_overdue() {
        // 第四十五条: while experts review, the time does not run; the desk shows no overdue.
        let c = Calendar::builtin();
        let s = [stop(StopKind::Testing, d(2026, 11, 2), None)];
        let due = due_with_stops(&c, d(2026, 10, 26), 8, &s).unwrap();
        // 27, 28, 29, 30 counted before the stop: 4 left.
        assert_eq!(due, Due::Stopped { since: d(2026, 11, 2), left: 4, kind: StopKind::Testing });
        let r = remaining(&c, d(2026, 12, 31), due).unwrap();
        assert!(!r.is_overdue());
        assert_eq!(r, Remaining::Stopped { since: d(2026, 11, 2), left: 4, kind: StopKind::Testing });
    }

    #[test]
    fn art42_extension_adds_ten_working_days_to_the_statutory_limit_only() {
        // 第四十二条: 二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日.
        let c = Calendar::builtin();
        let l = Limits { accepted: d(2026, 11, 2), statutory_days: 20, committed_days: 8, extended: false, stops: &[] };
        let plain = dues(&c, &l).unwrap();
        let ext = dues(&c, &Limits { extended: true, ..l }).unwrap();
        assert_eq!(plain.statutory, Due::On { date: d(2026, 11, 30), provisional: false });
        assert_eq!(ext.statutory, Due::On { date: d(2026, 12, 14), provisional: false });
        assert_eq!(ext.committed, plain.committed);
    }

    #[test]
    fn art42_one_extension_with_reasons_within_the_limit() {
        let on = |date| Due::On { date, provisional: false };
        let today = d(2026, 11, 30);
        assert_eq!(check_extension(CaseState::Undertaken, false, "需补充现场核查", today, on(today)), Ok(()));
        assert_eq!(
            check_extension(CaseState::Undertaken, true, "again", today, on(today)),
            Err(TimeError::AlreadyExtended)
        );
        assert_eq!(check_extension(CaseState::Undertaken, false, "  ", today, on(today)), Err(TimeError::NoReason));
        assert_eq!(
            check_extension(CaseState::Reviewed, false, "late", d(2026, 12, 1), on(today)),
            Err(TimeError::ExtensionLate(today))
        );
        assert_eq!(
            check_extension(CaseState::Registered, false, "r", today, on(today)),
            Err(TimeError::NotRunning(CaseState::Registered))
        );
    }

    #[test]
    fn art45_stop_checks() {
        let acc = d(2026, 11, 2);
        let today = d(2026, 11, 10);
        let ok = |kind, site, start, told_days| {
            let s = Stop { kind, start, end: None, told_days };
            check_stop_start(CaseState::Undertaken, acc, false, site, &s, today)
        };
        assert_eq!(ok(StopKind::ExpertReview, false, d(2026, 11, 9), 15), Ok(()));
        assert_eq!(
            ok(StopKind::SiteCheck, false, d(2026, 11, 9), 5),
            Err(TimeError::KindNotAllowed(StopKind::SiteCheck))
        );
        assert_eq!(ok(StopKind::SiteCheck, true, d(2026, 11, 9), 5), Ok(()));
        assert_eq!(ok(StopKind::Hearing, false, d(2026, 11, 9), 0), Err(TimeError::NoLengthTold));
        assert_eq!(ok(StopKind::Hearing, false, d(2026, 11, 11), 5), Err(TimeError::InFuture(d(2026, 11, 11))));
        assert_eq!(ok(StopKind::Hearing, false, acc, 5), Err(TimeError::BeforeAcceptance(acc)));
        assert_eq!(
            check_stop_start(CaseState::Undertaken, acc, true, false, &stop(StopKind::Hearing, today, None), today),
            Err(TimeError::AlreadyStopped)
        );
        let open = stop(StopKind::Hearing, d(2026, 11, 5), None);
        assert_eq!(check_stop_end(Some(&open), d(2026, 11, 4), today), Err(TimeError::EndBeforeStart(d(2026, 11, 5))));
        assert_eq!(check_stop_end(Some(&open), d(2026, 11, 11), today), Err(TimeError::InFuture(d(2026, 11, 11))));
        assert_eq!(check_stop_end(None, today, today), Err(TimeError::NotStopped));
        assert_eq!(check_stop_end(Some(&open), today, today), Ok(()));
    }

    #[test]
    fn art38_deny_needs_reasons_and_one_decision_per_case() {
        // 第三十八条: 不予行政许可的，应当说明理由.
        assert_eq!(check_decision(CaseState::Approved, false, Outcome::Deny, ""), Err(TimeError::NoReason));
        assert_eq!(check_decision(CaseState::Approved, false, Outcome::Deny, "不符合第十条"), Ok(()));
        assert_eq!(check_decision(CaseState::Approved, false, Outcome::Grant, ""), Ok(()));
        assert_eq!(check_decision(CaseState::Approved, true, Outcome::Grant, ""), Err(TimeError::AlreadyDecided));
        assert_eq!(
            check_decision(CaseState::Noticed, false, Outcome::Grant, ""),
            Err(TimeError::NotRunning(CaseState::Noticed))
        );
        for o in [Outcome::Grant, Outcome::Deny] {
            assert_eq!(Outcome::from_code(o.code()), Some(o));
        }
        assert_eq!(Outcome::from_code("maybe"), None);
    }

    #[test]
    fn art44_delivery_within_ten_working_days_of_grant() {
        // 第四十四条: 自作出决定之日起十日内颁发、送达. Decided Mon 2026-12-07 → Mon 12-21.
        let c = Calendar::builtin();
        let due = delivery_due(&c, d(2026, 12, 7)).unwrap().value;
        assert_eq!(due, d(2026, 12, 21));
        assert!(!delivery_late(due, Some(d(2026, 12, 21)), d(2026, 12, 30)));
        assert!(delivery_late(due, Some(d(2026, 12, 22)), d(2026, 12, 30)));
        assert!(!delivery_late(due, None, d(2026, 12, 21)));
        assert!(delivery_late(due, None, d(2026, 12, 22)));
        let today = d(2026, 12, 9);
        assert_eq!(check_delivery(None, false, "当面", today, today), Err(TimeError::NotDecided));
        assert_eq!(check_delivery(Some(d(2026, 12, 7)), false, " ", today, today), Err(TimeError::NoManner));
        assert_eq!(
            check_delivery(Some(d(2026, 12, 7)), false, "邮寄", d(2026, 12, 6), today),
            Err(TimeError::BeforeDecision(d(2026, 12, 6)))
        );
        assert_eq!(check_delivery(Some(d(2026, 12, 7)), true, "邮寄", today, today), Err(TimeError::AlreadyDelivered));
        assert_eq!(check_delivery(Some(d(2026, 12, 7)), false, "邮寄", today, today), Ok(()));
    }

    #[test]
    fn art82_provisional_year_is_marked() {
        // 第八十二条 counts working days; 2027's notice is not built in, so a limit counted into
        // it is provisional (SPEC §2 "Working days").
        let c = Calendar::builtin();
        let due = due_with_stops(&c, d(2026, 12, 21), 20, &[]).unwrap();
        assert!(matches!(due, Due::On { provisional: true, .. }), "{due:?}");
        let s = [stop(StopKind::ExpertReview, d(2026, 12, 22), Some(d(2027, 1, 8)))];
        let stopped = due_with_stops(&c, d(2026, 12, 21), 20, &s).unwrap();
        assert!(matches!(stopped, Due::On { provisional: true, .. }));
        assert!(stopped.date() > due.date());
    }

    #[test]
    fn art32_spot_correction_counts_as_provided_and_stays_off_the_notice() {
        // 第三十二条第一款第（三）项: 可以当场更正的错误，应当允许申请人当场更正.
        use crate::domain::intake::{check_tick, notice_items, CheckItem, MaterialState};
        use crate::domain::matters::{Matters, SPECIAL_ISSUE};
        let fixed = MaterialState::Corrected { what: "出生日期笔误，当场改正".into() };
        assert!(fixed.is_satisfied() && !fixed.is_deficient());
        assert_eq!(MaterialState::from_code(fixed.code(), fixed.note().map(String::from)), Some(fixed.clone()));
        assert_eq!(MaterialState::from_code("provided", None), Some(MaterialState::Provided));
        let list = [CheckItem { material: "application".into(), state: fixed.clone() }];
        assert!(notice_items(&list).is_empty());
        let ms = Matters::builtin();
        let m = ms.get(SPECIAL_ISSUE).unwrap();
        assert!(check_tick(m, CaseState::Registered, "application", &fixed).is_ok());
        let blank = MaterialState::Corrected { what: " ".into() };
        assert!(check_tick(m, CaseState::Registered, "application", &blank).is_err());
    }

    #[test]
    fn stop_kind_codes_round_trip() {
        for k in StopKind::ALL {
            assert_eq!(StopKind::from_code(k.code()), Some(k));
        }
        assert_eq!(StopKind::from_code("lunch"), None);
    }

    proptest::proptest! {
        /// 第四十五条: a closed stop never makes a limit shorter, and moves the due date by at
        /// least the working days it covers before the plain due date; with no stop the count is
        /// the calendar's own (第八十二条).
        #[test]
        fn art45_stops_only_lengthen(
            start_off in 0i64..400, n in 0u32..40, s_off in 1i64..30, s_len in 0i64..25,
        ) {
            let c = Calendar::builtin();
            let from = d(2025, 6, 1) + Duration::days(start_off);
            let plain = due_with_stops(&c, from, n, &[]).unwrap();
            proptest::prop_assert_eq!(plain.date(), Some(c.due_date(from, n).unwrap()));
            let s = [stop(StopKind::Appraisal, from + Duration::days(s_off), Some(from + Duration::days(s_off + s_len)))];
            let with = due_with_stops(&c, from, n, &s).unwrap();
            let (Some(p), Some(w)) = (plain.date(), with.date()) else {
                return Err(proptest::test_runner::TestCaseError::fail("closed stops give a date"));
            };
            proptest::prop_assert!(w >= p);
            // The working days the stop covers up to the plain due date are made up after it.
            let mut covered = 0u32;
            let mut day = s[0].start;
            while day <= s[0].end.unwrap() && day <= p {
                if c.is_working_day(day).unwrap() { covered += 1; }
                day += Duration::days(1);
            }
            if covered > 0 {
                let made_up = c.due_date(p, covered).unwrap();
                if s[0].end.unwrap() <= p {
                    proptest::prop_assert_eq!(w, made_up);
                } else {
                    proptest::prop_assert!(w >= made_up);
                }
            }
            // Opening the same stop (no end) freezes the count at what was left.
            let open = [Stop { end: None, ..s[0].clone() }];
            match due_with_stops(&c, from, n, &open).unwrap() {
                Due::Stopped { left, .. } => proptest::prop_assert!(left >= 1 && left <= n),
                Due::On { date, .. } => proptest::prop_assert!(date < s[0].start),
            }
        }
    }
}
