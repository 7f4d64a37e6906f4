//! Closed loops of the counter (issue 15): 回访 of finished 办件 and of bad ratings, the 整改 of a
//! bad rating, the reason a visitor gives for one, and the rates the reports hold against the
//! bureau's own targets. Pure rules; the store keeps the records, the desk asks.
//!
//! - 围场 2023 措施 16: 许可事项……在办理完毕后10日内逐一电话回访 — every finished 办件 is called back
//!   within 10 days: a callback is closed only when the visitor was reached (an attempt that did
//!   not reach them names the next attempt).
//! - 淄博 2020 措施 11: 落实政务服务"好差评"制度……确保录入数量达到应办件量的 100%；及时与服务对象
//!   进行沟通回访，确保每件业务都让服务对象满意 — every 办件 asked to rate (target 100%), every bad
//!   rating 整改 and called back (target 100%).

use chrono::NaiveDate;

/// Why the visitor rated the service badly, chosen by touch on the rating screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BadReason {
    /// 服务态度
    Attitude,
    /// 办理效率
    Efficiency,
    /// 材料要求
    Materials,
    /// 等候时间
    Waiting,
    /// 环境设施
    Facilities,
    /// 其他
    Other,
}

impl BadReason {
    /// Every reason, in the order the rating screen offers them.
    pub const ALL: [BadReason; 6] = [
        BadReason::Attitude,
        BadReason::Efficiency,
        BadReason::Materials,
        BadReason::Waiting,
        BadReason::Facilities,
        BadReason::Other,
    ];

    /// The stored code (`service_ratings.reason`).
    pub fn code(self) -> &'static str {
        match self {
            BadReason::Attitude => "attitude",
            BadReason::Efficiency => "efficiency",
            BadReason::Materials => "materials",
            BadReason::Waiting => "waiting",
            BadReason::Facilities => "facilities",
            BadReason::Other => "other",
        }
    }

    /// The reason a stored code names; `None` for an unknown code.
    pub fn from_code(code: &str) -> Option<BadReason> {
        BadReason::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The reason in Chinese, as the rating screen shows it.
    pub fn zh(self) -> &'static str {
        match self {
            BadReason::Attitude => "服务态度",
            BadReason::Efficiency => "办理效率",
            BadReason::Materials => "材料要求",
            BadReason::Waiting => "等候时间",
            BadReason::Facilities => "环境设施",
            BadReason::Other => "其他",
        }
    }

    /// The reason in English.
    pub fn en(self) -> &'static str {
        match self {
            BadReason::Attitude => "Staff attitude",
            BadReason::Efficiency => "Speed of handling",
            BadReason::Materials => "Materials asked",
            BadReason::Waiting => "Waiting time",
            BadReason::Facilities => "Hall and facilities",
            BadReason::Other => "Other",
        }
    }
}

/// Which loop a task belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoopKind {
    /// 办结回访: a finished 办件 called back within 10 days (围场 2023 措施 16).
    Callback,
    /// 差评整改: a bad rating's 整改 and its 回访 (淄博 2020 措施 11).
    Followup,
}

/// A contact attempt as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRecord {
    /// When the attempt was made.
    pub at: chrono::NaiveDateTime,
    /// Who made it.
    pub staff: String,
    /// What came of it.
    pub contact: Contact,
}

/// An open or closed callback or follow-up with what was done so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoopTask {
    /// Callback or follow-up.
    pub kind: LoopKind,
    /// Its row id.
    pub id: i64,
    /// The case, if any.
    pub case_id: Option<i64>,
    /// The case's number, if any.
    pub case_number: Option<String>,
    /// When it is due.
    pub due: NaiveDate,
    /// The due date is provisional (暂定, a follow-up counted over a year not yet published).
    pub provisional: bool,
    /// Follow-ups: the rating given (1–5 code) and the reason touched.
    pub rating: Option<u8>,
    /// Follow-ups: the reason the visitor touched, if any.
    pub reason: Option<BadReason>,
    /// Follow-ups: the 整改 recorded (what was done).
    pub remedy: Option<String>,
    /// The contact attempts, oldest first.
    pub contacts: Vec<ContactRecord>,
    /// Closed: the visitor was reached and the task is done.
    pub done: bool,
}

impl LoopTask {
    /// The next attempt named by the last unanswered call, if the task is still open.
    pub fn next_attempt(&self) -> Option<NaiveDate> {
        if self.done {
            return None;
        }
        self.contacts.last().and_then(|c| c.contact.next_attempt)
    }
}

/// The longest note of a contact or 整改 (characters).
pub const MAX_NOTE: usize = 500;

/// One contact attempt of a callback or of a bad rating's follow-up, as staff records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Whether the visitor was reached.
    pub reached: bool,
    /// The visitor's satisfaction 1 (非常不满意) … 5 (非常满意), when reached.
    pub satisfaction: Option<u8>,
    /// What the visitor said, or why they were not reached.
    pub note: String,
    /// When not reached: the day of the next attempt.
    pub next_attempt: Option<NaiveDate>,
}

/// Why a contact cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContactError {
    /// A reached visitor without a satisfaction of 1 to 5.
    #[error("a reached visitor's satisfaction is 1 to 5")]
    NoSatisfaction,
    /// A satisfaction for a visitor who was not reached.
    #[error("satisfaction is asked only of a reached visitor")]
    SatisfactionUnreached,
    /// An unreached visitor without the next attempt's day.
    #[error("an attempt that did not reach the visitor names the next attempt")]
    NoNextAttempt,
    /// The next attempt is not after today.
    #[error("the next attempt {0} is not after today")]
    NextAttemptNotAhead(NaiveDate),
    /// A next attempt for a reached visitor (reaching them closes the task).
    #[error("a reached visitor closes the task: no next attempt")]
    NextAttemptReached,
    /// No note.
    #[error("say what the visitor said")]
    NoNote,
    /// The note is longer than [`MAX_NOTE`] characters.
    #[error("the note is longer than {MAX_NOTE} characters")]
    TooLong,
    /// A bad rating's callback before its 整改 is recorded.
    #[error("a bad rating is called back after its 整改 is recorded")]
    NoRemedy,
}

/// Check a contact before it is written. Reached: a satisfaction 1–5 and a note (what the
/// visitor said; the task closes). Not reached: a next attempt after `today` (the task stays
/// open, 围场 措施 16's "逐一电话回访" is not done by one unanswered call); the note may be empty.
pub fn check_contact(c: &Contact, today: NaiveDate) -> Result<(), ContactError> {
    if c.note.chars().count() > MAX_NOTE {
        return Err(ContactError::TooLong);
    }
    if c.reached {
        match c.satisfaction {
            Some(1..=5) => {}
            _ => return Err(ContactError::NoSatisfaction),
        }
        if c.next_attempt.is_some() {
            return Err(ContactError::NextAttemptReached);
        }
        if c.note.trim().is_empty() {
            return Err(ContactError::NoNote);
        }
    } else {
        if c.satisfaction.is_some() {
            return Err(ContactError::SatisfactionUnreached);
        }
        match c.next_attempt {
            None => return Err(ContactError::NoNextAttempt),
            Some(d) if d <= today => return Err(ContactError::NextAttemptNotAhead(d)),
            Some(_) => {}
        }
    }
    Ok(())
}

/// A bad rating's follow-up is called back (and closed) only after its 整改 is recorded
/// (淄博 2020 措施 11: 及时与服务对象进行沟通回访，确保每件业务都让服务对象满意 — the call tells
/// the visitor what was done).
pub fn check_followup_contact(c: &Contact, remedy: Option<&str>, today: NaiveDate) -> Result<(), ContactError> {
    if c.reached && remedy.is_none_or(|r| r.trim().is_empty()) {
        return Err(ContactError::NoRemedy);
    }
    check_contact(c, today)
}

/// Days left until `due` (negative: overdue), the countdown the lists show.
pub fn days_left(due: NaiveDate, today: NaiveDate) -> i64 {
    (due - today).num_days()
}

/// A share against a 100% target: `done` of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rate {
    /// How many were done.
    pub done: u64,
    /// How many there were.
    pub total: u64,
}

impl Rate {
    /// The target of 淄博 2020 措施 11 and 围场 2023 措施 16: every one.
    pub const TARGET_PERCENT: u32 = 100;

    /// Percent, one decimal, rounded down (99.96% is not shown as 100%); `None` with nothing to count.
    pub fn percent_tenths(self) -> Option<u64> {
        (self.total > 0).then(|| self.done.min(self.total) * 1000 / self.total)
    }

    /// "87.5%", or "-" with nothing to count (as `Tally::satisfied_text`).
    pub fn text(self) -> String {
        match self.percent_tenths() {
            Some(t) => format!("{}.{}%", t / 10, t % 10),
            None => "-".into(),
        }
    }

    /// The target is met: every one done (nothing to count meets it too).
    pub fn met(self) -> bool {
        self.done >= self.total
    }
}

/// The loops' figures of a period, each against the 100% target (`Store::loop_rates`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoopRates {
    /// 回访率: finished 办件 called back (围场 2023 措施 16).
    pub callbacks: Rate,
    /// 整改率: bad ratings with their 整改 recorded (淄博 2020 措施 11).
    pub remedies: Rate,
    /// Bad ratings closed (整改 and called back).
    pub followups: Rate,
    /// 办件 asked to rate (淄博 2020 措施 11: 录入数量达到应办件量的 100%).
    pub asked: Rate,
    /// Enquiries logged under 首问负责制: 咨询, 引导, 转办 (`first_contact::EnquiryKind::ALL`).
    pub enquiries: [u64; 3],
}

impl LoopRates {
    /// (zh name, en name, rate) in the order reports show them.
    pub fn rows(&self) -> [(&'static str, &'static str, Rate); 4] {
        [
            ("回访率", "Callback rate", self.callbacks),
            ("整改率", "Remedy rate", self.remedies),
            ("差评回访率", "Bad ratings called back", self.followups),
            ("邀评率", "Share of 办件 asked to rate", self.asked),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, dd).unwrap()
    }

    fn reached(s: Option<u8>, note: &str) -> Contact {
        Contact { reached: true, satisfaction: s, note: note.into(), next_attempt: None }
    }

    #[test]
    fn a_callback_closes_only_when_the_visitor_is_reached_weichang_2023_measure_16() {
        // 措施 16: 办理完毕后10日内逐一电话回访 — reached, with what the visitor said.
        assert_eq!(check_contact(&reached(Some(4), "满意，无意见"), d(12, 6)), Ok(()));
        assert_eq!(check_contact(&reached(None, "满意"), d(12, 6)), Err(ContactError::NoSatisfaction));
        assert_eq!(check_contact(&reached(Some(0), "x"), d(12, 6)), Err(ContactError::NoSatisfaction));
        assert_eq!(check_contact(&reached(Some(6), "x"), d(12, 6)), Err(ContactError::NoSatisfaction));
        assert_eq!(check_contact(&reached(Some(5), "  "), d(12, 6)), Err(ContactError::NoNote));
        let mut r = reached(Some(5), "好");
        r.next_attempt = Some(d(12, 8));
        assert_eq!(check_contact(&r, d(12, 6)), Err(ContactError::NextAttemptReached));
        // Not reached: the next attempt is named, after today.
        let miss = |next| Contact { reached: false, satisfaction: None, note: String::new(), next_attempt: next };
        assert_eq!(check_contact(&miss(Some(d(12, 7))), d(12, 6)), Ok(()));
        assert_eq!(check_contact(&miss(None), d(12, 6)), Err(ContactError::NoNextAttempt));
        assert_eq!(check_contact(&miss(Some(d(12, 6))), d(12, 6)), Err(ContactError::NextAttemptNotAhead(d(12, 6))));
        let mut m = miss(Some(d(12, 9)));
        m.satisfaction = Some(3);
        assert_eq!(check_contact(&m, d(12, 6)), Err(ContactError::SatisfactionUnreached));
        assert_eq!(check_contact(&reached(Some(5), &"话".repeat(MAX_NOTE + 1)), d(12, 6)), Err(ContactError::TooLong));
    }

    #[test]
    fn a_bad_rating_is_called_back_after_its_remedy_zibo_2020_measure_11() {
        // 措施 11: 及时与服务对象进行沟通回访，确保每件业务都让服务对象满意.
        let c = reached(Some(4), "已说明整改");
        assert_eq!(check_followup_contact(&c, None, d(12, 6)), Err(ContactError::NoRemedy));
        assert_eq!(check_followup_contact(&c, Some(" "), d(12, 6)), Err(ContactError::NoRemedy));
        assert_eq!(check_followup_contact(&c, Some("窗口增设引导员"), d(12, 6)), Ok(()));
        // An unanswered call before the 整改 is still recorded (it closes nothing).
        let miss =
            Contact { reached: false, satisfaction: None, note: "无人接听".into(), next_attempt: Some(d(12, 7)) };
        assert_eq!(check_followup_contact(&miss, None, d(12, 6)), Ok(()));
    }

    #[test]
    fn rates_against_the_100_percent_target() {
        assert_eq!(Rate { done: 7, total: 8 }.text(), "87.5%");
        assert!(!Rate { done: 7, total: 8 }.met());
        // 9999 of 10000 is not shown as 100%.
        assert_eq!(Rate { done: 9999, total: 10000 }.text(), "99.9%");
        assert_eq!(Rate { done: 3, total: 3 }.text(), "100.0%");
        assert!(Rate { done: 3, total: 3 }.met());
        assert_eq!(Rate::default().text(), "-");
        assert!(Rate::default().met());
    }

    #[test]
    fn reasons_round_trip_and_garbage_is_none() {
        for r in BadReason::ALL {
            assert_eq!(BadReason::from_code(r.code()), Some(r));
        }
        assert_eq!(BadReason::from_code(""), None);
        assert_eq!(BadReason::from_code("Attitude"), None);
        assert_eq!(days_left(d(12, 16), d(12, 6)), 10);
        assert_eq!(days_left(d(12, 5), d(12, 6)), -1);
    }
}
