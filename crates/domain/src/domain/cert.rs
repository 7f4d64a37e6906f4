//! Certificates and their status on a given day.
//!
//! Two families (SPEC §2): the 特种作业操作证 (valid 6 years, reviewed every 3 years; a missed
//! review makes it invalid) and the 安全生产知识和管理能力考核合格证 for 主要负责人 and
//! 安全生产管理人员 (valid 3 years). Status is computed, never stored: it depends on `today`.

use super::id::Gender;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The three kinds of certificate the bureau issues (三项岗位人员).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CertKind {
    /// 特种作业操作证
    SpecialOperation,
    /// 合格证 — 主要负责人
    Principal,
    /// 合格证 — 安全生产管理人员
    SafetyManager,
}

impl CertKind {
    /// Every kind, in their stable code order.
    pub const ALL: [CertKind; 3] = [CertKind::SpecialOperation, CertKind::Principal, CertKind::SafetyManager];

    /// Stable one-byte code used in the database and the QR payload. Never renumber.
    pub fn code(self) -> u8 {
        match self {
            CertKind::SpecialOperation => 1,
            CertKind::Principal => 2,
            CertKind::SafetyManager => 3,
        }
    }
    /// The kind a stored code names; `None` for another number.
    pub fn from_code(c: u8) -> Option<CertKind> {
        CertKind::ALL.into_iter().find(|k| k.code() == c)
    }
    /// Full certificate title as printed.
    pub fn title_zh(self) -> &'static str {
        match self {
            CertKind::SpecialOperation => "特种作业操作证",
            CertKind::Principal | CertKind::SafetyManager => "安全生产知识和管理能力考核合格证",
        }
    }
    /// The title in full, as the certificate itself reads: the 合格证 names its 人员类型.
    pub fn full_title_zh(self) -> &'static str {
        match self {
            CertKind::SpecialOperation => "特种作业操作证",
            CertKind::Principal => "安全生产知识和管理能力考核合格证（主要负责人）",
            CertKind::SafetyManager => "安全生产知识和管理能力考核合格证（安全生产管理人员）",
        }
    }
    /// The certificate's title in English.
    pub fn title_en(self) -> &'static str {
        match self {
            CertKind::SpecialOperation => "Special Operation Certificate",
            CertKind::Principal | CertKind::SafetyManager => "Safety Knowledge and Management Competence Certificate",
        }
    }
    /// 人员类型 for 合格证; the short kind name for the operation certificate.
    pub fn person_type_zh(self) -> &'static str {
        match self {
            CertKind::SpecialOperation => "特种作业人员",
            CertKind::Principal => "主要负责人",
            CertKind::SafetyManager => "安全生产管理人员",
        }
    }
    /// The 人员类型 in English.
    pub fn person_type_en(self) -> &'static str {
        match self {
            CertKind::SpecialOperation => "special operator",
            CertKind::Principal => "principal",
            CertKind::SafetyManager => "safety manager",
        }
    }
    /// Parse the names the provincial exports use.
    pub fn parse(s: &str) -> Option<CertKind> {
        match s.trim() {
            "特种作业操作证" | "特种作业" | "特种作业人员" | "special" | "T" => {
                Some(CertKind::SpecialOperation)
            }
            "主要负责人" | "principal" => Some(CertKind::Principal),
            "安全生产管理人员" | "安全管理人员" | "safety_manager" | "manager" => {
                Some(CertKind::SafetyManager)
            }
            _ => None,
        }
    }
    /// Years of validity from 有效期起.
    pub fn validity_years(self) -> u32 {
        match self {
            CertKind::SpecialOperation => 6,
            _ => 3,
        }
    }
    /// Whether the kind has 复审 (the 特种作业操作证 does; a 合格证 is extended instead).
    pub fn has_review(self) -> bool {
        self == CertKind::SpecialOperation
    }
}

/// The registry's row id of a certificate (`certificates.id`). A certificate's identity is
/// (kind, 证号, 作业类别, 操作项目): one holder's 特种作业操作证 all share the 证号 "T" + ID number,
/// so the number alone does not name a certificate. Everything that points at one certificate
/// (print jobs, daily print limits, kiosk effects) carries this id — never the raw number, which
/// embeds the ID number. Assigned by the store; `CertId::NEW` (0) until the row is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct CertId(pub i64);

impl CertId {
    /// Not stored yet.
    pub const NEW: CertId = CertId(0);
}

impl std::fmt::Display for CertId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Administrative standing, set by the bureau (not computed from dates). The terms are those of
/// 30号令: 暂停, 撤销 (art. 30) and 注销 (art. 31) — not 吊销/暂扣, which the regulation does not use
/// for these certificates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Standing {
    /// 有效
    #[default]
    Active,
    /// 暂停
    Suspended,
    /// 撤销 (30号令 art. 30: obtained by fraud, serious violations ...)
    Revoked,
    /// 注销 (30号令 art. 31: the holder died, lost capacity, asked for it ...)
    Cancelled,
}

impl Standing {
    /// Every standing, in their stable code order.
    pub const ALL: [Standing; 4] = [Standing::Active, Standing::Suspended, Standing::Revoked, Standing::Cancelled];

    /// Stable code for the database and the QR payload. Never renumber.
    pub fn code(self) -> u8 {
        match self {
            Standing::Active => 0,
            Standing::Suspended => 1,
            Standing::Revoked => 2,
            Standing::Cancelled => 3,
        }
    }
    /// The standing a stored code names; `None` for another number.
    pub fn from_code(c: u8) -> Option<Standing> {
        Standing::ALL.into_iter().find(|s| s.code() == c)
    }
    /// The roster's words. The legacy words 暂扣/吊销 are refused: they are not 30号令 terms, and
    /// guessing whether a roster meant 撤销 or 注销 would misstate the record.
    pub fn parse(s: &str) -> Option<Standing> {
        match s.trim() {
            "" | "有效" | "正常" | "active" => Some(Standing::Active),
            "暂停" | "suspended" => Some(Standing::Suspended),
            "撤销" | "revoked" => Some(Standing::Revoked),
            "注销" | "cancelled" | "canceled" => Some(Standing::Cancelled),
            _ => None,
        }
    }
    /// The standing in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            Standing::Active => "有效",
            Standing::Suspended => "暂停",
            Standing::Revoked => "撤销",
            Standing::Cancelled => "注销",
        }
    }
    /// The standing in English.
    pub fn en(self) -> &'static str {
        match self {
            Standing::Active => "active",
            Standing::Suspended => "suspended",
            Standing::Revoked => "revoked",
            Standing::Cancelled => "cancelled",
        }
    }
    /// Whether verifiers must treat the certificate's slips as withdrawn (revocation list).
    pub fn withdrawn(self) -> bool {
        matches!(self, Standing::Revoked | Standing::Cancelled)
    }
}

/// One certificate as the registry holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// Row id, assigned by the store (`CertId::NEW` before the first write).
    pub id: CertId,
    /// 证号. For 特种作业操作证 it is "T" + the holder's ID number, so treat it as sensitive too.
    pub number: String,
    /// Its kind.
    pub kind: CertKind,
    /// The holder's resident ID number (validated). Never printed or logged raw.
    pub holder_id: String,
    /// The holder's name as printed on it.
    pub name: String,
    /// The holder's gender as printed on it.
    pub gender: Gender,
    /// 作业类别 (special operation only)
    pub category: Option<String>,
    /// 操作项目 (special operation only)
    pub item: Option<String>,
    /// 行业类别 (合格证 only)
    pub industry: Option<String>,
    /// 初领日期: the day it was first issued.
    pub first_issued: NaiveDate,
    /// 有效期起.
    pub valid_from: NaiveDate,
    /// 有效期止: the last day it is valid.
    pub valid_until: NaiveDate,
    /// 应复审日期 — the next pending review (special operation only).
    pub review_due: Option<NaiveDate>,
    /// 实际复审日期 — the most recent completed review.
    pub reviewed_on: Option<NaiveDate>,
    /// 签发机关: the issuing authority.
    pub issuer: String,
    /// Suspended, revoked or cancelled by the bureau, or none of these.
    pub standing: Standing,
    /// 延期复审 granted (30号令 art. 21): 10 years of continuous work in the same operation
    /// without violations; the review interval is then 6 years instead of 3.
    pub extended_review: bool,
    /// Random, per certificate, assigned by the store; the QR carries it so that a revocation
    /// list can name a certificate without naming a person.
    pub seal_handle: [u8; 8],
}

impl Certificate {
    /// The certificate number with any embedded ID number masked, for screens and slips.
    pub fn masked_number(&self) -> String {
        let n = &self.number;
        if n.contains(&self.holder_id) && !self.holder_id.is_empty() {
            n.replace(&self.holder_id, &super::id::mask(&self.holder_id))
        } else {
            n.clone()
        }
    }

    /// "category / item" or the industry, whichever the kind has.
    pub fn scope_zh(&self) -> String {
        match self.kind {
            CertKind::SpecialOperation => {
                format!("{} / {}", self.category.as_deref().unwrap_or(""), self.item.as_deref().unwrap_or(""))
            }
            _ => self.industry.clone().unwrap_or_default(),
        }
    }

    /// Years between reviews: 3, or 6 with 延期复审 (30号令 art. 21).
    pub fn review_interval_years(&self) -> u32 {
        if self.extended_review {
            EXTENDED_REVIEW_INTERVAL_YEARS
        } else {
            REVIEW_INTERVAL_YEARS
        }
    }

    /// The roster's 应复审日期 when the recorded 实际复审日期 covers it, i.e. the review done.
    ///
    /// A recorded review counts whenever it was done (30号令 art. 22: the 60 days before the due
    /// date limit when one may *apply*; a review the bureau has recorded is a fact). It covers
    /// the due date if it falls after the previous cycle's due date (`due` − 3 years): an older
    /// date is the previous cycle's review, and counting it would hide a missed one.
    pub fn review_done(&self) -> Option<NaiveDate> {
        let due = self.review_due?;
        let r = self.reviewed_on?;
        (r > add_years(due, -(REVIEW_INTERVAL_YEARS as i32))).then_some(due)
    }

    /// The next 应复审日期 not yet done: the roster's 应复审日期, or, once a review is recorded for
    /// it, the next one — 3 years on (6 with 延期复审, art. 21).
    ///
    /// "On" counts from the due date, not from the day of the review: the cycle stays anchored
    /// to 有效期起 (reviews at years 3 and 6 of a 6-year card, art. 21 "每3年复审1次"), so a
    /// holder who reviews early is not pushed into an earlier next review, and one whose late
    /// review was accepted gains no time over those who came on time.
    pub fn review_pending(&self) -> Option<NaiveDate> {
        let due = self.review_due?;
        match self.review_done() {
            Some(_) => Some(add_years(due, self.review_interval_years() as i32)),
            None => Some(due),
        }
    }

    /// Whether the review dates of this 特种作业操作证 are unknown: the roster gave no 应复审日期.
    /// Such a card is never counted as having missed a review (SPEC §2: a review date the roster
    /// did not give is unknown); its standing follows the roster's 状态 and its validity, and
    /// screens say that review information was not provided.
    pub fn review_unknown(&self) -> bool {
        self.kind.has_review() && self.review_due.is_none()
    }

    /// What the holder has to do next, on `today` (see [`NextStep`]).
    pub fn next_step(&self, today: NaiveDate) -> NextStep {
        next_step_of(self, today)
    }

    /// The status on `today`, with the reminder lead times.
    pub fn status(&self, today: NaiveDate, lead: &LeadTimes) -> Status {
        status_of(self, today, lead)
    }
}

/// A review may be applied for within the 60 days before it is due (30号令 art. 22).
pub const REVIEW_APPLY_WINDOW_DAYS: u64 = 60;
/// 特种作业操作证每3年复审1次 (30号令 art. 21).
pub const REVIEW_INTERVAL_YEARS: u32 = 3;
/// 延期复审: every 6 years for 10 years' continuous work without violations (30号令 art. 21).
pub const EXTENDED_REVIEW_INTERVAL_YEARS: u32 = 6;

/// `d` moved by whole years (29 February falls back to 28 February).
pub fn add_years(d: NaiveDate, years: i32) -> NaiveDate {
    let m = chrono::Months::new(years.unsigned_abs() * 12);
    let moved = if years >= 0 { d.checked_add_months(m) } else { d.checked_sub_months(m) };
    moved.unwrap_or(d)
}

/// What a holder has to do next for one certificate: a domain value that the kiosk, the slip
/// and `certdesk holder` render in their own words. Dates, never relative phrases, so a slip
/// stays true after the day it was printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NextStep {
    /// 复审 by `due`; applications open `apply_from` (60 days before, 30号令 art. 22).
    /// `extended` says the 6-year interval (延期复审) applies to this certificate.
    Review {
        /// The review's due date.
        due: NaiveDate,
        /// The first day an application is taken.
        apply_from: NaiveDate,
        /// Whether the 6-year interval applies.
        extended: bool,
    },
    /// No review falls before 有效期止: the year-6 step, 延期复审（换证） (30号令 art. 22 ¶2: a card
    /// whose 有效期 ends applies for 延期复审 as for a review, within the 60 days before `until`;
    /// art. 24: it ends in a new card). `review_unknown`: the roster gave no review dates, so
    /// whether a review falls earlier is the issuing authority's record to say.
    Renew {
        /// 有效期止.
        until: NaiveDate,
        /// The first day an application is taken.
        apply_from: NaiveDate,
        /// Whether the roster gave no review dates.
        review_unknown: bool,
    },
    /// 合格证: apply for extension (延期) by `apply_by`, at least 30 days before `until`.
    Extend {
        /// 有效期止.
        until: NaiveDate,
        /// The last day to apply.
        apply_by: NaiveDate,
    },
    /// The certificate is invalid (失效): a missed review (30号令 art. 26), past 有效期止, or
    /// 撤销/注销. It cannot be reviewed back to life: retraining and a new exam are needed.
    Retrain {
        /// Why it is invalid.
        reason: Invalid,
    },
    /// 暂停: the holder asks the issuing authority (签发机关) when and how it is lifted.
    AskIssuer,
}

impl NextStep {
    /// The matter (a code of assets/matters.toml) the holder applies for at this step, whose
    /// materials the kiosk, the slips, the desk and the reminders list — the one rule for all of
    /// them. 复审 (30号令 art. 21-24); a 复审 on a card granted the 6-year interval, which needs
    /// the employer's proof of 10 years without violations (art. 21); the year-6 延期复审（换证）
    /// (art. 22 ¶2, art. 24: a new card, no 10-year proof); a 合格证's extension. `None` when
    /// there is nothing to apply for (retraining, or a suspended card: ask the issuer).
    pub fn matter(self) -> Option<&'static str> {
        use super::matters;
        match self {
            NextStep::Review { extended: false, .. } => Some(matters::SPECIAL_REVIEW),
            NextStep::Review { extended: true, .. } => Some(matters::SPECIAL_REVIEW_INTERVAL),
            NextStep::Renew { .. } => Some(matters::SPECIAL_RENEWAL),
            NextStep::Extend { .. } => Some(matters::QUALIFICATION_RENEWAL),
            NextStep::Retrain { .. } | NextStep::AskIssuer => None,
        }
    }

    /// The last day of the step (复审 due date, 有效期止, or the last day to apply for a 合格证's
    /// extension): the deadline screens and paper print in Chinese form.
    pub fn deadline(self) -> Option<NaiveDate> {
        match self {
            NextStep::Review { due, .. } => Some(due),
            NextStep::Renew { until, .. } => Some(until),
            NextStep::Extend { apply_by, .. } => Some(apply_by),
            NextStep::Retrain { .. } | NextStep::AskIssuer => None,
        }
    }
}

/// Why a certificate is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Invalid {
    /// The review due on this date was not done (失效).
    ReviewMissed {
        /// The review's due date.
        due: NaiveDate,
    },
    /// 有效期止 passed.
    Expired {
        /// 有效期止.
        until: NaiveDate,
    },
    /// 撤销 (art. 30).
    Revoked,
    /// 注销 (art. 31).
    Cancelled,
}

/// See [`NextStep`]. Order: standing, expiry, a missed review, a review before expiry, renewal.
pub fn next_step_of(c: &Certificate, today: NaiveDate) -> NextStep {
    match c.standing {
        Standing::Revoked => return NextStep::Retrain { reason: Invalid::Revoked },
        Standing::Cancelled => return NextStep::Retrain { reason: Invalid::Cancelled },
        Standing::Suspended => return NextStep::AskIssuer,
        Standing::Active => {}
    }
    if today > c.valid_until {
        return NextStep::Retrain { reason: Invalid::Expired { until: c.valid_until } };
    }
    if c.kind.has_review() {
        if let Some(due) = c.review_pending() {
            if today > due {
                return NextStep::Retrain { reason: Invalid::ReviewMissed { due } };
            }
            // A review due on or after 有效期止 is the year-6 step, 延期复审（换证）, not a 复审:
            // a card valid 有效期起 + 6 years to the day would otherwise read 复审 at its end.
            if due < c.valid_until {
                let apply_from = due - chrono::Days::new(REVIEW_APPLY_WINDOW_DAYS);
                return NextStep::Review { due, apply_from, extended: c.extended_review };
            }
        }
        let apply_from = c.valid_until - chrono::Days::new(REVIEW_APPLY_WINDOW_DAYS);
        NextStep::Renew { until: c.valid_until, apply_from, review_unknown: c.review_unknown() }
    } else {
        let apply_by = c.valid_until - chrono::Duration::days(EXTENSION_APPLY_LEAD_DAYS);
        NextStep::Extend { until: c.valid_until, apply_by }
    }
}
/// 合格证 extension must be applied for at least 30 days before expiry.
pub const EXTENSION_APPLY_LEAD_DAYS: i64 = 30;

/// Reminder lead times (settings; default 90 days each, SPEC §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LeadTimes {
    /// Days before 有效期止 the reminder starts.
    pub expiry_days: i64,
    /// Days before the review's due date the reminder starts.
    pub review_days: i64,
}

impl Default for LeadTimes {
    fn default() -> Self {
        LeadTimes { expiry_days: 90, review_days: 90 }
    }
}

/// Status on a given day. Ordered from best to worst for sorting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// In force, nothing due within the lead times.
    Valid,
    /// Review due within the lead time; `days` until the due date (0 = today).
    ReviewDueSoon {
        /// The review's due date.
        due: NaiveDate,
        /// Days until it.
        days: i64,
    },
    /// Expiry within the lead time; `days` until the last valid day (0 = today).
    ExpiringSoon {
        /// 有效期止.
        until: NaiveDate,
        /// Days until it.
        days: i64,
    },
    /// Review date passed without a review: the certificate is invalid (失效).
    ReviewOverdue {
        /// The missed review's due date.
        due: NaiveDate,
    },
    /// 有效期止 passed.
    Expired {
        /// 有效期止.
        until: NaiveDate,
    },
    /// 暂停
    Suspended,
    /// 撤销 (30号令 art. 30)
    Revoked,
    /// 注销 (30号令 art. 31)
    Cancelled,
}

impl Status {
    /// Whether the holder may rely on the certificate today.
    pub fn is_usable(self) -> bool {
        matches!(self, Status::Valid | Status::ReviewDueSoon { .. } | Status::ExpiringSoon { .. })
    }
    /// Stable code for storage and the QR payload.
    pub fn code(self) -> u8 {
        match self {
            Status::Valid => 0,
            Status::ReviewDueSoon { .. } => 1,
            Status::ExpiringSoon { .. } => 2,
            Status::ReviewOverdue { .. } => 3,
            Status::Expired { .. } => 4,
            Status::Suspended => 5,
            Status::Revoked => 6,
            Status::Cancelled => 7,
        }
    }
}

/// Status rules, in order: standing (revoked, suspended), expiry (the last valid day is
/// `valid_until` itself), a missed review, then reminders — whichever of review and expiry
/// comes first — inside their lead times.
pub fn status_of(c: &Certificate, today: NaiveDate, lead: &LeadTimes) -> Status {
    match c.standing {
        Standing::Revoked => return Status::Revoked,
        Standing::Suspended => return Status::Suspended,
        Standing::Cancelled => return Status::Cancelled,
        Standing::Active => {}
    }
    if today > c.valid_until {
        return Status::Expired { until: c.valid_until };
    }
    let pending = c.review_pending();
    if let Some(due) = pending {
        if today > due {
            return Status::ReviewOverdue { due };
        }
    }
    let to_expiry = (c.valid_until - today).num_days();
    let to_review = pending.map(|d| (d, (d - today).num_days()));
    match to_review {
        Some((due, r)) if r <= lead.review_days && r <= to_expiry => Status::ReviewDueSoon { due, days: r },
        _ if to_expiry <= lead.expiry_days => Status::ExpiringSoon { until: c.valid_until, days: to_expiry },
        Some((due, r)) if r <= lead.review_days => Status::ReviewDueSoon { due, days: r },
        _ => Status::Valid,
    }
}

/// A sample 特种作业操作证 for tests of the crates above (feature `samples`, never in the product).
#[cfg(any(test, feature = "samples"))]
pub fn sample_special() -> Certificate {
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).expect("a real date");
    Certificate {
        id: CertId::NEW,
        number: "T11010519491231002X".into(),
        kind: CertKind::SpecialOperation,
        holder_id: "11010519491231002X".into(),
        name: "王秀英".into(),
        gender: Gender::Female,
        category: Some("电工作业".into()),
        item: Some("低压电工作业".into()),
        industry: None,
        first_issued: d(2023, 3, 1),
        valid_from: d(2023, 3, 1),
        valid_until: d(2029, 2, 28),
        review_due: Some(d(2026, 3, 1)),
        reviewed_on: None,
        issuer: "某市应急管理局".into(),
        standing: Standing::Active,
        extended_review: false,
        seal_handle: [1, 2, 3, 4, 5, 6, 7, 8],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn review_boundaries() {
        let c = sample_special();
        let lead = LeadTimes::default();
        // due 2026-03-01: 91 days before is plain valid, 90 days before is "due soon".
        assert_eq!(c.status(d(2025, 11, 30), &lead), Status::Valid);
        assert_eq!(c.status(d(2025, 12, 1), &lead), Status::ReviewDueSoon { due: d(2026, 3, 1), days: 90 });
        assert_eq!(c.status(d(2026, 3, 1), &lead), Status::ReviewDueSoon { due: d(2026, 3, 1), days: 0 });
        assert_eq!(c.status(d(2026, 3, 2), &lead), Status::ReviewOverdue { due: d(2026, 3, 1) });
        assert!(!c.status(d(2026, 3, 2), &lead).is_usable());
    }

    /// 30号令 art. 22: the 60 days before the due date limit when one may *apply*; a review the
    /// bureau has recorded counts whenever it was done (issue 6 item 2).
    #[test]
    fn art22_a_recorded_review_counts_whenever_it_was_done() {
        let lead = LeadTimes::default();
        let mut c = sample_special(); // due 2026-03-01
        for done in [d(2025, 12, 31), d(2025, 12, 30), d(2025, 6, 1), d(2026, 3, 1), d(2026, 4, 15)] {
            c.reviewed_on = Some(done);
            assert_eq!(c.review_done(), Some(d(2026, 3, 1)), "reviewed {done}");
            assert_eq!(c.status(d(2026, 6, 1), &lead), Status::Valid, "reviewed {done}");
            assert_eq!(c.review_pending(), Some(d(2029, 3, 1)));
        }
        // the previous cycle's review (on or before 2023-03-01) does not cover 2026's
        c.reviewed_on = Some(d(2023, 1, 20));
        assert_eq!(c.review_done(), None);
        assert_eq!(c.status(d(2026, 6, 1), &lead), Status::ReviewOverdue { due: d(2026, 3, 1) });
        c.reviewed_on = Some(d(2023, 3, 1));
        assert_eq!(c.review_done(), None);
    }

    /// 30号令 art. 21: 每3年复审1次. The next 应复审日期 counts from the due date, not the day
    /// of the review, so the cycle stays anchored to 有效期起.
    #[test]
    fn art21_next_review_is_three_years_after_the_due_date() {
        let mut c = sample_special();
        c.valid_until = d(2032, 2, 28);
        c.reviewed_on = Some(d(2025, 10, 8)); // early
        assert_eq!(c.review_pending(), Some(d(2029, 3, 1)));
        c.reviewed_on = Some(d(2026, 5, 20)); // late, but recorded
        assert_eq!(c.review_pending(), Some(d(2029, 3, 1)));
        assert_eq!(c.status(d(2029, 3, 2), &LeadTimes::default()), Status::ReviewOverdue { due: d(2029, 3, 1) });
        // 29 February due dates fall back to 28 February three years on
        c.review_due = Some(d(2028, 2, 29));
        c.reviewed_on = Some(d(2028, 1, 10));
        assert_eq!(c.review_pending(), Some(d(2031, 2, 28)));
    }

    /// 30号令 art. 21: 延期复审 — 10 years' continuous work without violations extends the
    /// interval to every 6 years.
    #[test]
    fn art21_extended_review_interval_is_six_years() {
        let mut c = sample_special();
        c.valid_until = d(2032, 2, 28);
        c.extended_review = true;
        assert_eq!(c.review_interval_years(), 6);
        assert_eq!(c.review_pending(), Some(d(2026, 3, 1)), "the extension starts after the review it is granted at");
        c.reviewed_on = Some(d(2026, 1, 5));
        assert_eq!(c.review_pending(), Some(d(2032, 3, 1)));
        assert_eq!(c.status(d(2029, 6, 1), &LeadTimes::default()), Status::Valid);
        c.extended_review = false;
        assert_eq!(c.status(d(2029, 6, 1), &LeadTimes::default()), Status::ReviewOverdue { due: d(2029, 3, 1) });
    }

    /// The next step carries dates: 复审 by X, applications from X − 60 days (art. 22).
    #[test]
    fn next_step_review_with_dates() {
        let c = sample_special();
        assert_eq!(
            c.next_step(d(2025, 11, 1)),
            NextStep::Review { due: d(2026, 3, 1), apply_from: d(2025, 12, 31), extended: false }
        );
        // on the due date it is still a review; the day after the card is invalid (失效, art. 26)
        assert!(matches!(c.next_step(d(2026, 3, 1)), NextStep::Review { .. }));
        assert_eq!(
            c.next_step(d(2026, 3, 2)),
            NextStep::Retrain { reason: Invalid::ReviewMissed { due: d(2026, 3, 1) } }
        );
    }

    #[test]
    fn next_step_renew_before_expiry_when_no_review_falls_before_it() {
        let mut c = sample_special(); // valid until 2029-02-28
        c.reviewed_on = Some(d(2026, 2, 1)); // next review 2029-03-01 is after 有效期止
        assert_eq!(
            c.next_step(d(2027, 1, 1)),
            NextStep::Renew { until: d(2029, 2, 28), apply_from: d(2028, 12, 30), review_unknown: false }
        );
        assert_eq!(
            c.next_step(d(2029, 3, 1)),
            NextStep::Retrain { reason: Invalid::Expired { until: d(2029, 2, 28) } }
        );
    }

    #[test]
    fn next_step_for_a_qualification_is_extension_30_days_ahead() {
        let mut c = sample_special();
        c.kind = CertKind::Principal;
        c.review_due = None;
        c.valid_until = d(2028, 5, 31);
        assert_eq!(c.next_step(d(2027, 1, 1)), NextStep::Extend { until: d(2028, 5, 31), apply_by: d(2028, 5, 1) });
    }

    /// 30号令 art. 30 (撤销), art. 31 (注销), 暂停.
    #[test]
    fn next_step_follows_standing() {
        let mut c = sample_special();
        c.standing = Standing::Suspended;
        assert_eq!(c.next_step(d(2025, 1, 1)), NextStep::AskIssuer);
        c.standing = Standing::Revoked;
        assert_eq!(c.next_step(d(2025, 1, 1)), NextStep::Retrain { reason: Invalid::Revoked });
        c.standing = Standing::Cancelled;
        assert_eq!(c.next_step(d(2025, 1, 1)), NextStep::Retrain { reason: Invalid::Cancelled });
        assert_eq!(c.status(d(2025, 1, 1), &LeadTimes::default()), Status::Cancelled);
    }

    /// The roster's words are the regulation's (暂停, 撤销 art. 30, 注销 art. 31); the legacy
    /// 暂扣/吊销 are refused rather than guessed. Codes are stable (database and QR).
    #[test]
    fn standing_words_and_codes() {
        assert_eq!(Standing::parse("暂停"), Some(Standing::Suspended));
        assert_eq!(Standing::parse("撤销"), Some(Standing::Revoked));
        assert_eq!(Standing::parse("注销"), Some(Standing::Cancelled));
        assert_eq!(Standing::parse(" 有效 "), Some(Standing::Active));
        for bad in ["吊销", "暂扣", "revoke", "2", "撤消"] {
            assert_eq!(Standing::parse(bad), None, "{bad}");
        }
        let codes: Vec<u8> = Standing::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(codes, [0, 1, 2, 3]);
        for s in Standing::ALL {
            assert_eq!(Standing::from_code(s.code()), Some(s));
            assert_eq!(Standing::parse(s.zh()), Some(s));
        }
        assert_eq!(Standing::from_code(4), None);
    }

    #[test]
    fn expiry_boundaries() {
        let mut c = sample_special();
        c.review_due = None;
        let lead = LeadTimes::default();
        assert_eq!(c.status(d(2029, 2, 28), &lead), Status::ExpiringSoon { until: d(2029, 2, 28), days: 0 });
        assert_eq!(c.status(d(2029, 3, 1), &lead), Status::Expired { until: d(2029, 2, 28) });
        assert_eq!(c.status(d(2028, 11, 30), &lead), Status::ExpiringSoon { until: d(2029, 2, 28), days: 90 });
        assert_eq!(c.status(d(2028, 11, 29), &lead), Status::Valid);
        let short = LeadTimes { expiry_days: 10, review_days: 10 };
        assert_eq!(c.status(d(2029, 2, 17), &short), Status::Valid);
        assert_eq!(c.status(d(2029, 2, 18), &short), Status::ExpiringSoon { until: d(2029, 2, 28), days: 10 });
    }

    #[test]
    fn standing_wins() {
        let mut c = sample_special();
        c.standing = Standing::Revoked;
        assert_eq!(c.status(d(2024, 1, 1), &LeadTimes::default()), Status::Revoked);
        c.standing = Standing::Suspended;
        assert_eq!(c.status(d(2024, 1, 1), &LeadTimes::default()), Status::Suspended);
    }

    #[test]
    fn nearer_reminder_wins() {
        let mut c = sample_special();
        c.valid_until = d(2026, 2, 1);
        // both within 90 days; expiry (2026-02-01) is nearer than review (2026-03-01)
        assert!(matches!(c.status(d(2026, 1, 1), &LeadTimes::default()), Status::ExpiringSoon { days: 31, .. }));
    }

    /// SPEC §2 (issue 13): a review date the roster did not give is unknown, never a missed
    /// review (30号令 art. 26 makes a card 失效 only for a review *not done by its date*): the
    /// standing follows 状态 and 有效期, with or without 延期复审 (art. 21), and the year-6 step
    /// says that the review information was not provided.
    #[test]
    fn art26_an_unknown_review_is_never_a_missed_one() {
        let lead = LeadTimes::default();
        for extended in [false, true] {
            let mut c = sample_special();
            c.review_due = None;
            c.extended_review = extended;
            c.valid_from = d(2021, 6, 1);
            c.valid_until = d(2027, 6, 1);
            assert!(c.review_unknown());
            // on the day of the held-out roster row: 2021-06-01 + 3 years is long past
            assert_eq!(c.status(d(2026, 12, 5), &lead), Status::Valid, "extended {extended}");
            assert_eq!(
                c.next_step(d(2026, 12, 5)),
                NextStep::Renew { until: d(2027, 6, 1), apply_from: d(2027, 4, 2), review_unknown: true }
            );
            assert_eq!(c.status(d(2027, 3, 5), &lead), Status::ExpiringSoon { until: d(2027, 6, 1), days: 88 });
            assert_eq!(c.status(d(2027, 6, 2), &lead), Status::Expired { until: d(2027, 6, 1) });
            c.standing = Standing::Cancelled;
            assert_eq!(c.status(d(2026, 12, 5), &lead), Status::Cancelled, "状态 still rules");
        }
        let mut q = sample_special();
        q.kind = CertKind::Principal;
        q.review_due = None;
        assert!(!q.review_unknown(), "a 合格证 has no review");
    }

    /// 30号令 art. 22 ¶2 and art. 24: at the end of the 6 years the step is 延期复审（换证）, even
    /// when the roster's next 应复审日期 falls on 有效期止 itself.
    #[test]
    fn art24_the_year_six_step_is_renewal_not_review() {
        let mut c = sample_special(); // 2023-03-01 .. 2029-02-28, due 2026-03-01
        c.valid_until = d(2029, 3, 1); // 有效期起 + 6 years to the day
        c.reviewed_on = Some(d(2026, 2, 1));
        assert_eq!(c.review_pending(), Some(d(2029, 3, 1)));
        let step = c.next_step(d(2028, 12, 1));
        assert_eq!(step, NextStep::Renew { until: d(2029, 3, 1), apply_from: d(2028, 12, 31), review_unknown: false });
        assert_eq!(step.matter(), Some(super::super::matters::SPECIAL_RENEWAL));
    }

    /// One rule for the matter of the next step (kiosk, slips, desk, reminders): 复审 (art.
    /// 21-24); a 复审 where the 6-year interval applies needs the 10-year proof (art. 21); the
    /// year-6 延期复审（换证） (art. 22 ¶2, 24); 合格证 延期; nothing to apply for otherwise.
    #[test]
    fn one_rule_for_the_next_matter() {
        use super::super::matters::*;
        let day = d(2025, 11, 1);
        let mut c = sample_special();
        assert_eq!(c.next_step(day).matter(), Some(SPECIAL_REVIEW));
        c.extended_review = true;
        assert_eq!(c.next_step(day).matter(), Some(SPECIAL_REVIEW_INTERVAL));
        c.review_due = None;
        assert_eq!(c.next_step(day).matter(), Some(SPECIAL_RENEWAL));
        c.kind = CertKind::SafetyManager;
        assert_eq!(c.next_step(day).matter(), Some(QUALIFICATION_RENEWAL));
        c.standing = Standing::Suspended;
        assert_eq!(c.next_step(day).matter(), None);
        c.standing = Standing::Active;
        assert_eq!(c.next_step(d(2030, 1, 1)).matter(), None, "expired: retraining");
        let m = Matters::builtin();
        for code in [SPECIAL_REVIEW, SPECIAL_REVIEW_INTERVAL, SPECIAL_RENEWAL, QUALIFICATION_RENEWAL] {
            assert!(m.get(code).is_some(), "{code} in assets/matters.toml");
        }
    }

    #[test]
    fn masked_number_hides_id() {
        assert_eq!(sample_special().masked_number(), "T110105********002X");
    }
}
