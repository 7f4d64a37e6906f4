//! The front-desk case: its lifecycle, the materials checklist, and the rules of the counter
//! (SPEC §2 "Front-desk rules"). Pure: no I/O; every rule takes `today` (and the calendar)
//! as arguments. The store (`store/cases.rs`) records what these functions allow; the desk
//! service (`service/desk.rs`) calls them before every write.
//!
//! Rules and where they come from:
//! - 首问负责制 (淄博 2020 措施 10): the first staff member who takes a case owns it until it is
//!   closed or formally handed off; a hand-off records who, to whom, why, when; the first-contact
//!   owner never changes ([`check_handoff`]).
//! - 一次性告知 (淄博 2020 措施 8/10; 行政许可法 art. 32): a notice lists every missing or
//!   defective material ([`notice_items`]); a later notice may list only items of the first notice
//!   or defects in materials resubmitted since, otherwise a supervisor override with a reason
//!   ([`check_later_notice`]).
//! - 容缺受理 (淄博 2017 简报 五; 围场 2023 措施 1; 运城 2023 措施 3): every key material present,
//!   a signed pledge to supply the rest by a date no later than the committed completion date,
//!   never for an enterprise under a bad-credit mark ([`decide`]).
//! - 告知承诺 (淄博 2020 措施 13): for a pledgeable material a signed pledge replaces the proof.
//! - 好差评 (淄博 2020 措施 11): five levels, bad ones open a follow-up ([`Rating`]).
//! - 回访: every closed case gets a callback within 10 calendar days (围场 2023 措施 16).

use super::matters::Matter;
use super::workdays::{calendar_days_after, Calendar, OutsideCalendar};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// Days after closing within which the callback is due (围场 2023 措施 16: 办理完毕后10日内).
pub const CALLBACK_CALENDAR_DAYS: u32 = 10;
/// Default working days to follow up a bad rating (SPEC §2; a setting).
pub const DEFAULT_FOLLOWUP_WORKING_DAYS: u32 = 5;

// ---- lifecycle ------------------------------------------------------------------------------

/// Where a case stands. The main line is the 淄博 2017 简报 二 sequence 受理 → 承办 → 审查 →
/// 批准 → 办结 → 归档; before acceptance a case is registered, may get a one-time notice, or is
/// refused (不予受理).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CaseState {
    /// 登记: opened at the counter, materials being checked.
    Registered,
    /// 已一次性告知: a notice was printed; waiting for the applicant to resubmit.
    Noticed,
    /// 不予受理 (terminal).
    Refused,
    /// 受理
    Accepted,
    /// 承办
    Undertaken,
    /// 审查
    Reviewed,
    /// 批准
    Approved,
    /// 办结
    Completed,
    /// 归档 (terminal).
    Archived,
}

impl CaseState {
    /// Every state, in the order a case goes through them.
    pub const ALL: [CaseState; 9] = [
        CaseState::Registered,
        CaseState::Noticed,
        CaseState::Refused,
        CaseState::Accepted,
        CaseState::Undertaken,
        CaseState::Reviewed,
        CaseState::Approved,
        CaseState::Completed,
        CaseState::Archived,
    ];

    /// Stable text code stored in the database. Never rename.
    pub fn code(self) -> &'static str {
        match self {
            CaseState::Registered => "registered",
            CaseState::Noticed => "noticed",
            CaseState::Refused => "refused",
            CaseState::Accepted => "accepted",
            CaseState::Undertaken => "undertaken",
            CaseState::Reviewed => "reviewed",
            CaseState::Approved => "approved",
            CaseState::Completed => "completed",
            CaseState::Archived => "archived",
        }
    }

    /// The state a stored code names; `None` for an unknown code.
    pub fn from_code(s: &str) -> Option<CaseState> {
        CaseState::ALL.into_iter().find(|c| c.code() == s)
    }

    /// The state's name in Chinese (受理, 承办, …).
    pub fn zh(self) -> &'static str {
        match self {
            CaseState::Registered => "登记",
            CaseState::Noticed => "已一次性告知",
            CaseState::Refused => "不予受理",
            CaseState::Accepted => "受理",
            CaseState::Undertaken => "承办",
            CaseState::Reviewed => "审查",
            CaseState::Approved => "批准",
            CaseState::Completed => "办结",
            CaseState::Archived => "归档",
        }
    }

    /// The state's name in English.
    pub fn en(self) -> &'static str {
        match self {
            CaseState::Registered => "registered",
            CaseState::Noticed => "notice issued",
            CaseState::Refused => "refused",
            CaseState::Accepted => "accepted",
            CaseState::Undertaken => "in progress",
            CaseState::Reviewed => "reviewed",
            CaseState::Approved => "approved",
            CaseState::Completed => "completed",
            CaseState::Archived => "archived",
        }
    }

    /// Before a decision: the checklist may change and a decision may be taken.
    pub fn is_open_for_decision(self) -> bool {
        matches!(self, CaseState::Registered | CaseState::Noticed)
    }

    /// Accepted and not yet completed: the time limit runs.
    pub fn is_running(self) -> bool {
        matches!(self, CaseState::Accepted | CaseState::Undertaken | CaseState::Reviewed | CaseState::Approved)
    }

    /// Whether the case can go no further (refused or archived).
    pub fn is_terminal(self) -> bool {
        matches!(self, CaseState::Refused | CaseState::Archived)
    }

    /// The next step on the main line (承办 after 受理, …, 归档 after 办结). Completing
    /// (批准 → 办结) goes through [`CaseState::advance`] too; the desk creates the callback then.
    pub fn advance(self) -> Option<CaseState> {
        match self {
            CaseState::Accepted => Some(CaseState::Undertaken),
            CaseState::Undertaken => Some(CaseState::Reviewed),
            CaseState::Reviewed => Some(CaseState::Approved),
            CaseState::Approved => Some(CaseState::Completed),
            CaseState::Completed => Some(CaseState::Archived),
            _ => None,
        }
    }
}

/// How a case was accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptKind {
    /// Every material provided.
    Full,
    /// 告知承诺: at least one pledgeable material replaced by a signed pledge.
    OnPledge,
    /// 容缺受理: non-key materials outstanding, pledged to be supplied by `pledge_due`.
    Deficient {
        /// The day the outstanding materials are due.
        pledge_due: NaiveDate,
    },
}

impl AcceptKind {
    /// The kind's code in the cases table (`accept_kind`).
    pub fn code(self) -> &'static str {
        match self {
            AcceptKind::Full => "full",
            AcceptKind::OnPledge => "pledge",
            AcceptKind::Deficient { .. } => "deficient",
        }
    }
}

// ---- checklist ------------------------------------------------------------------------------

/// The state of one required material at the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MaterialState {
    /// Not yet looked at.
    Unchecked,
    /// Handed in and in order.
    Provided,
    /// Not handed in.
    Missing,
    /// Handed in but wrong; `what` says what is wrong (printed on the notice).
    Defective {
        /// What is wrong with it.
        what: String,
    },
    /// 告知承诺: a signed pledge replaces the proof (pledgeable materials only).
    Pledged,
    /// 当场更正 (行政许可法 第三十二条第一款第（三）项: 申请材料存在可以当场更正的错误的，应当允许
    /// 申请人当场更正): handed in with an error the applicant corrected at the counter; `what`
    /// says what was corrected. Counts as provided; stored as `provided` with the note.
    Corrected {
        /// What was corrected.
        what: String,
    },
}

impl MaterialState {
    /// The state's code in the checklist table.
    pub fn code(&self) -> &'static str {
        match self {
            MaterialState::Unchecked => "unchecked",
            MaterialState::Provided | MaterialState::Corrected { .. } => "provided",
            MaterialState::Missing => "missing",
            MaterialState::Defective { .. } => "defective",
            MaterialState::Pledged => "pledged",
        }
    }

    /// From the stored code and note.
    pub fn from_code(code: &str, note: Option<String>) -> Option<MaterialState> {
        Some(match code {
            "unchecked" => MaterialState::Unchecked,
            // A provided material carries a note only when it was corrected on the spot.
            "provided" => match note {
                Some(what) if !what.trim().is_empty() => MaterialState::Corrected { what },
                _ => MaterialState::Provided,
            },
            "missing" => MaterialState::Missing,
            "defective" => MaterialState::Defective { what: note.unwrap_or_default() },
            "pledged" => MaterialState::Pledged,
            _ => return None,
        })
    }

    /// What is wrong or was corrected, for a defective or corrected material.
    pub fn note(&self) -> Option<&str> {
        match self {
            MaterialState::Defective { what } | MaterialState::Corrected { what } => Some(what),
            _ => None,
        }
    }

    /// Missing or defective: goes on a notice.
    pub fn is_deficient(&self) -> bool {
        matches!(self, MaterialState::Missing | MaterialState::Defective { .. })
    }

    /// Counts as present for acceptance.
    pub fn is_satisfied(&self) -> bool {
        matches!(self, MaterialState::Provided | MaterialState::Pledged | MaterialState::Corrected { .. })
    }
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckItem {
    /// The material's code in the matter.
    pub material: String,
    /// Its state.
    pub state: MaterialState,
}

/// Why a tick is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TickError {
    /// The matter lists no material with this code.
    #[error("the matter has no material {0}")]
    UnknownMaterial(String),
    /// The material may not be replaced by a pledge (告知承诺).
    #[error("material {0} is not pledgeable: a pledge cannot replace it (告知承诺 applies to listed materials only)")]
    NotPledgeable(String),
    /// A defective material without what is wrong with it.
    #[error("say what is wrong with material {0}: the notice must tell the applicant how to fix it")]
    DefectWithoutReason(String),
    /// The case is decided: its checklist is frozen.
    #[error("the case is {0:?}: its checklist can no longer change")]
    Closed(CaseState),
}

/// A fresh checklist for a matter: every material unchecked.
pub fn new_checklist(matter: &Matter) -> Vec<CheckItem> {
    matter.materials.iter().map(|m| CheckItem { material: m.code.clone(), state: MaterialState::Unchecked }).collect()
}

/// Check one tick against the matter and the case state.
pub fn check_tick(matter: &Matter, state: CaseState, material: &str, new: &MaterialState) -> Result<(), TickError> {
    // Materials of a 容缺 case are still supplied after acceptance (先办后补).
    if state.is_terminal() || matches!(state, CaseState::Completed) {
        return Err(TickError::Closed(state));
    }
    let m = matter.material(material).ok_or_else(|| TickError::UnknownMaterial(material.to_string()))?;
    match new {
        MaterialState::Pledged if !m.pledgeable => Err(TickError::NotPledgeable(material.to_string())),
        MaterialState::Defective { what } | MaterialState::Corrected { what } if what.trim().is_empty() => {
            Err(TickError::DefectWithoutReason(material.to_string()))
        }
        _ => Ok(()),
    }
}

// ---- one-time notice -------------------------------------------------------------------------

/// One line of a notice: a material missing or defective.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeItem {
    /// The material's code in the matter.
    pub material: String,
    /// `None` = missing; `Some(what)` = defective and what is wrong.
    pub defect: Option<String>,
}

/// Every missing or defective material, in the matter's order: a notice lists them all
/// (一次性告知: nothing may be left for a second visit).
pub fn notice_items(checklist: &[CheckItem]) -> Vec<NoticeItem> {
    checklist
        .iter()
        .filter_map(|c| match &c.state {
            MaterialState::Missing => Some(NoticeItem { material: c.material.clone(), defect: None }),
            MaterialState::Defective { what } => {
                Some(NoticeItem { material: c.material.clone(), defect: Some(what.clone()) })
            }
            _ => None,
        })
        .collect()
}

/// A supervisor's permission to list on a later notice what the first notice did not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The supervisor's staff number.
    pub supervisor: String,
    /// Why the later item is allowed (audited).
    pub reason: String,
}

/// Why a one-time notice is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    /// Nothing is missing or defective.
    #[error("nothing is missing or defective: there is nothing to notify")]
    Nothing,
    /// These materials are not checked yet.
    #[error("not every material has been checked yet: {0:?}")]
    Unchecked(Vec<String>),
    #[error(
        "a later notice may list only items of the first notice or defects in materials resubmitted since \
         (行政许可法 art. 32); these need a supervisor override with a reason: {0:?}"
    )]
    /// These materials were not on the first notice (行政许可法 第三十二条: one notice, everything at once).
    NotOnFirstNotice(Vec<String>),
    /// An override without a supervisor or without a reason.
    #[error("an override needs a supervisor and a written reason")]
    OverrideIncomplete,
}

/// The later-notice rule (行政许可法 art. 32: all that is missing must be told at once; a notice
/// not given in time counts as acceptance). `first` are the material codes already told: the
/// first notice's, plus any a later notice was allowed to add (repeating what was told once is
/// no new demand); `resubmitted` the materials handed in again since the first notice. An item
/// that is neither told before nor a defect in a resubmitted material needs `over` (a
/// supervisor and a reason).
///
/// Returns the items that were allowed only by the override (empty without one), so the caller
/// can write them to the audit log.
pub fn check_later_notice(
    first: &BTreeSet<String>,
    resubmitted: &BTreeSet<String>,
    items: &[NoticeItem],
    over: Option<&Override>,
) -> Result<Vec<String>, NoticeError> {
    let outside: Vec<String> = items
        .iter()
        .filter(|i| {
            let told = first.contains(&i.material);
            let resubmitted_defect = resubmitted.contains(&i.material) && i.defect.is_some();
            !(told || resubmitted_defect)
        })
        .map(|i| i.material.clone())
        .collect();
    if outside.is_empty() {
        return Ok(Vec::new());
    }
    match over {
        None => Err(NoticeError::NotOnFirstNotice(outside)),
        Some(o) if o.supervisor.trim().is_empty() || o.reason.trim().is_empty() => Err(NoticeError::OverrideIncomplete),
        Some(_) => Ok(outside),
    }
}

// ---- decisions -------------------------------------------------------------------------------

/// What the staff member decides after the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// 受理: every material provided, or pledged where pledgeable (告知承诺).
    Accept,
    /// 容缺受理: key materials all present; the applicant signed a pledge to supply the missing
    /// non-key ones by `pledge_due`.
    AcceptDeficient {
        /// Whether the applicant signed the pledge.
        pledge_signed: bool,
        /// The day the outstanding materials are due.
        pledge_due: NaiveDate,
    },
    /// 一次性告知.
    Notice,
    /// 不予受理 with a written reason (行政许可法 art. 32: 不予受理 is decided in writing).
    Refuse {
        /// Why.
        reason: String,
    },
}

/// A bad-credit mark on an enterprise (淄博 2020 措施 5: 一般失信 and 严重失信).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditMark {
    /// The enterprise's unified social credit code.
    pub credit_code: String,
    /// 严重失信 (else 一般失信).
    pub serious: bool,
    /// The day the mark took effect.
    pub since: NaiveDate,
    /// `None` = until lifted (信用修复).
    pub until: Option<NaiveDate>,
    /// Where it comes from and why.
    pub note: String,
}

impl CreditMark {
    /// Whether the mark is in force on `day`.
    pub fn active_on(&self, day: NaiveDate) -> bool {
        self.since <= day && self.until.is_none_or(|u| day <= u)
    }
}

/// What a decision needs to know besides the checklist.
#[derive(Debug, Clone)]
pub struct DecisionContext<'a> {
    /// The matter applied for.
    pub matter: &'a Matter,
    /// The case's state.
    pub state: CaseState,
    /// The case's checklist.
    pub checklist: &'a [CheckItem],
    /// Marks on the applicant enterprise (all of them; only those active `today` count).
    pub credit_marks: &'a [CreditMark],
    /// The day of the decision.
    pub today: NaiveDate,
    /// The working-day calendar the due dates are counted on.
    pub calendar: &'a Calendar,
}

/// Which of a case's two dates are provisional (暂定): counted over a year whose State Council
/// holiday notice was not yet entered (SPEC §2 "Working days"); recomputed when it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Provisional {
    /// The committed due date is provisional.
    pub due: bool,
    /// The statutory due date is provisional.
    pub statutory: bool,
}

impl Provisional {
    /// Whether either date is provisional.
    pub fn any(self) -> bool {
        self.due || self.statutory
    }
}

/// The committed and statutory due dates of a case accepted on `accepted` (SPEC §2 "Time"), and
/// which are provisional. Used at acceptance and again when a year's notice is entered.
pub fn due_dates(
    calendar: &Calendar,
    accepted: NaiveDate,
    matter: &Matter,
) -> Result<(NaiveDate, NaiveDate, Provisional), OutsideCalendar> {
    let due = calendar.due(accepted, matter.committed_days)?;
    let statutory = calendar.due(accepted, matter.statutory_days)?;
    Ok((due.value, statutory.value, Provisional { due: due.provisional, statutory: statutory.provisional }))
}

/// What an allowed decision leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionOutcome {
    /// The case is accepted.
    Accepted {
        /// Fully, on a pledge (告知承诺) or with materials to follow (容缺).
        kind: AcceptKind,
        /// The committed completion date (committed working days from today).
        due: NaiveDate,
        /// The statutory completion date.
        statutory_due: NaiveDate,
        /// Which of the two was counted over a year without a published holiday notice (暂定).
        provisional: Provisional,
    },
    /// A one-time notice is to be given.
    Noticed {
        /// What is missing or defective, in the matter's order.
        items: Vec<NoticeItem>,
    },
    /// The case is refused (不予受理).
    Refused {
        /// Why, in writing.
        reason: String,
    },
}

/// Why a decision is not allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    /// The case is decided already.
    #[error("the case is {0:?}: a decision was already taken")]
    NotOpen(CaseState),
    /// These materials are not checked yet.
    #[error("not every material has been checked yet: {0:?}")]
    Unchecked(Vec<String>),
    /// These materials are missing or defective: not a plain acceptance.
    #[error("materials missing or defective, so it cannot be a plain acceptance: {0:?}")]
    Deficient(Vec<String>),
    /// These key materials are missing or defective: no 容缺受理.
    #[error("key materials missing or defective, so 容缺受理 is impossible: {0:?}")]
    KeyMaterialMissing(Vec<String>),
    /// Nothing is missing: a plain acceptance, not 容缺受理.
    #[error("nothing is missing: accept the case instead of 容缺受理")]
    NothingOutstanding,
    /// 容缺受理 without the applicant's signed pledge.
    #[error("容缺受理 needs the applicant's signed pledge")]
    PledgeNotSigned,
    /// The pledge's due date is after the committed completion date.
    #[error("the pledge's due date {pledge_due} is after the committed completion date {due}")]
    PledgeAfterDue {
        /// The pledge's due date.
        pledge_due: NaiveDate,
        /// The committed completion date.
        due: NaiveDate,
    },
    /// The pledge's due date is in the past.
    #[error("the pledge's due date {0} is in the past")]
    PledgeInPast(NaiveDate),
    /// The enterprise (this credit code) is under a bad-credit mark: no 容缺受理.
    #[error("the enterprise {0} is under a bad-credit mark: 容缺受理 is excluded")]
    BadCredit(String),
    /// 不予受理 without a written reason.
    #[error("a refusal (不予受理) needs a written reason")]
    NoReason,
    /// The notice is refused.
    #[error(transparent)]
    Notice(#[from] NoticeError),
    /// A due date falls outside the years working days can be counted in.
    #[error(transparent)]
    Calendar(#[from] OutsideCalendar),
}

fn names_where(checklist: &[CheckItem], f: impl Fn(&CheckItem) -> bool) -> Vec<String> {
    checklist.iter().filter(|c| f(c)).map(|c| c.material.clone()).collect()
}

/// Check a decision against the rules and say what it leads to. Does not apply the later-notice
/// rule (that needs the case's notice history: see [`check_later_notice`]).
pub fn decide(ctx: &DecisionContext<'_>, decision: &Decision) -> Result<DecisionOutcome, DecisionError> {
    if !ctx.state.is_open_for_decision() {
        return Err(DecisionError::NotOpen(ctx.state));
    }
    if let Decision::Refuse { reason } = decision {
        if reason.trim().is_empty() {
            return Err(DecisionError::NoReason);
        }
        return Ok(DecisionOutcome::Refused { reason: reason.trim().to_string() });
    }
    let unchecked = names_where(ctx.checklist, |c| c.state == MaterialState::Unchecked);
    if !unchecked.is_empty() {
        return Err(DecisionError::Unchecked(unchecked));
    }
    let deficient = names_where(ctx.checklist, |c| c.state.is_deficient());
    let key = |code: &str| ctx.matter.material(code).is_some_and(|m| m.key);
    let accepted = |kind| -> Result<DecisionOutcome, DecisionError> {
        let (due, statutory_due, provisional) = due_dates(ctx.calendar, ctx.today, ctx.matter)?;
        Ok(DecisionOutcome::Accepted { kind, due, statutory_due, provisional })
    };
    match decision {
        Decision::Refuse { .. } => unreachable!("handled above"),
        Decision::Notice => {
            let items = notice_items(ctx.checklist);
            if items.is_empty() {
                return Err(NoticeError::Nothing.into());
            }
            Ok(DecisionOutcome::Noticed { items })
        }
        Decision::Accept => {
            if !deficient.is_empty() {
                return Err(DecisionError::Deficient(deficient));
            }
            let pledged = ctx.checklist.iter().any(|c| c.state == MaterialState::Pledged);
            accepted(if pledged { AcceptKind::OnPledge } else { AcceptKind::Full })
        }
        Decision::AcceptDeficient { pledge_signed, pledge_due } => {
            let missing_key: Vec<String> = deficient.iter().filter(|c| key(c)).cloned().collect();
            if !missing_key.is_empty() {
                return Err(DecisionError::KeyMaterialMissing(missing_key));
            }
            if deficient.is_empty() {
                return Err(DecisionError::NothingOutstanding);
            }
            if let Some(m) = ctx.credit_marks.iter().find(|m| m.active_on(ctx.today)) {
                return Err(DecisionError::BadCredit(m.credit_code.clone()));
            }
            if !pledge_signed {
                return Err(DecisionError::PledgeNotSigned);
            }
            if *pledge_due < ctx.today {
                return Err(DecisionError::PledgeInPast(*pledge_due));
            }
            let due = ctx.calendar.due_date(ctx.today, ctx.matter.committed_days)?;
            if *pledge_due > due {
                return Err(DecisionError::PledgeAfterDue { pledge_due: *pledge_due, due });
            }
            accepted(AcceptKind::Deficient { pledge_due: *pledge_due })
        }
    }
}

// ---- 首问负责制 -----------------------------------------------------------------------------

/// Why a hand-off is refused (首问负责制).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandoffError {
    /// Only the case's owner or a supervisor may hand it off.
    #[error("only the case's current owner or a supervisor can hand it off")]
    NotOwner,
    /// The receiver owns the case already.
    #[error("a case cannot be handed to its current owner")]
    SameOwner,
    /// No reason given.
    #[error("a hand-off needs a reason")]
    NoReason,
    /// The case is closed.
    #[error("the case is closed: it cannot be handed off")]
    Closed,
}

/// Whether `by` may hand the case owned by `owner` to `to` for `reason` (首问负责制: the first
/// owner stays on record; the current owner changes only by a recorded hand-off).
pub fn check_handoff(
    state: CaseState,
    owner: &str,
    by: &str,
    by_is_supervisor: bool,
    to: &str,
    reason: &str,
) -> Result<(), HandoffError> {
    if state.is_terminal() || state == CaseState::Completed {
        return Err(HandoffError::Closed);
    }
    if by != owner && !by_is_supervisor {
        return Err(HandoffError::NotOwner);
    }
    if to.trim().is_empty() || to == owner {
        return Err(HandoffError::SameOwner);
    }
    if reason.trim().is_empty() {
        return Err(HandoffError::NoReason);
    }
    Ok(())
}

// ---- time limits -------------------------------------------------------------------------------

/// A running case's time limit as the desk shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// Working days left (0 = due today); negative = working days overdue. `provisional`: the
    /// due date or the days counted to it lie in a year without a published notice (暂定).
    Days {
        /// The due date.
        due: NaiveDate,
        /// Working days left (negative: overdue).
        left: i64,
        /// Whether it is provisional (暂定).
        provisional: bool,
    },
    /// The date lies outside the years working days can be counted in (a wrong date, not a
    /// missing notice): shown as a warning, never guessed.
    Unknown(OutsideCalendar),
    /// The clock is stopped since `since` (行政许可法 第四十五条) with `left` working days to go
    /// then: never overdue.
    Stopped {
        /// The day the clock stopped.
        since: NaiveDate,
        /// Working days left when it stopped.
        left: i64,
    },
}

impl Deadline {
    /// `due_provisional`: the stored due date itself was counted provisionally.
    pub fn of(calendar: &Calendar, today: NaiveDate, due: NaiveDate, due_provisional: bool) -> Deadline {
        match calendar.days_left(today, due) {
            Ok(left) => Deadline::Days { due, left: left.value, provisional: due_provisional || left.provisional },
            Err(e) => Deadline::Unknown(e),
        }
    }
    /// A case whose clock stopped on `since` with `due` its date before the stop: the working
    /// days from `since` (not counted) up to `due` are what is left.
    pub fn stopped(calendar: &Calendar, since: NaiveDate, due: NaiveDate) -> Deadline {
        let before = since.pred_opt().unwrap_or(since);
        match calendar.days_left(before, due) {
            Ok(left) => Deadline::Stopped { since, left: left.value },
            Err(e) => Deadline::Unknown(e),
        }
    }
    /// Whether the limit is provisional (暂定).
    pub fn is_provisional(self) -> bool {
        matches!(self, Deadline::Days { provisional: true, .. })
    }
    /// Whether the case is past its due date.
    pub fn is_overdue(self) -> bool {
        matches!(self, Deadline::Days { left, .. } if left < 0)
    }
}

/// Whether a 容缺 pledge is missed: its due date passed and materials are still outstanding.
pub fn pledge_missed(pledge_due: NaiveDate, outstanding: usize, today: NaiveDate) -> bool {
    outstanding > 0 && today > pledge_due
}

/// Whether an outstanding 容缺 pledge is due after the committed completion date (SPEC §2
/// 容缺受理: the pledge's date may be no later than the committed date). Acceptance refuses such
/// a pledge ([`DecisionError::PledgeAfterDue`]); it arises when entering a year's notice moves a
/// provisional committed date earlier (make-up working days). The signed date is kept — the
/// applicant signed it, and the bureau cannot shorten it alone — and the case is flagged for
/// staff to arrange the materials by the new date (or a new pledge) with the applicant.
pub fn pledge_after_due(pledge_due: Option<NaiveDate>, due: Option<NaiveDate>) -> bool {
    matches!((pledge_due, due), (Some(p), Some(d)) if p > d)
}

// ---- 好差评 -----------------------------------------------------------------------------------

/// The five levels of 好差评 (国办发〔2019〕51号; SPEC §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rating {
    /// 非常满意.
    VerySatisfied,
    /// 满意.
    Satisfied,
    /// 基本满意.
    Basic,
    /// 不满意.
    Dissatisfied,
    /// 非常不满意.
    VeryDissatisfied,
}

impl Rating {
    /// The five levels, best first.
    pub const ALL: [Rating; 5] =
        [Rating::VerySatisfied, Rating::Satisfied, Rating::Basic, Rating::Dissatisfied, Rating::VeryDissatisfied];

    /// Stored code: 5 = 非常满意 … 1 = 非常不满意.
    pub fn code(self) -> u8 {
        match self {
            Rating::VerySatisfied => 5,
            Rating::Satisfied => 4,
            Rating::Basic => 3,
            Rating::Dissatisfied => 2,
            Rating::VeryDissatisfied => 1,
        }
    }

    /// The level a stored code names (5 best .. 1 worst); `None` for another number.
    pub fn from_code(c: u8) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.code() == c)
    }

    /// The level's name in Chinese, as the rating screen shows it.
    pub fn zh(self) -> &'static str {
        match self {
            Rating::VerySatisfied => "非常满意",
            Rating::Satisfied => "满意",
            Rating::Basic => "基本满意",
            Rating::Dissatisfied => "不满意",
            Rating::VeryDissatisfied => "非常不满意",
        }
    }

    /// The level's name in English.
    pub fn en(self) -> &'static str {
        match self {
            Rating::VerySatisfied => "Very satisfied",
            Rating::Satisfied => "Satisfied",
            Rating::Basic => "Fairly satisfied",
            Rating::Dissatisfied => "Dissatisfied",
            Rating::VeryDissatisfied => "Very dissatisfied",
        }
    }

    /// 不满意 and 非常不满意 are bad ratings: each opens a follow-up (差评整改).
    pub fn is_bad(self) -> bool {
        matches!(self, Rating::Dissatisfied | Rating::VeryDissatisfied)
    }

    /// The follow-up (整改) of a bad rating given on `rated_on`, due `working_days` working days
    /// later (行政许可法 第八十二条: 不含法定节假日), or `None` for a good one. Counted over a year
    /// without an entered notice the date is provisional (暂定), and kept with what it was
    /// counted from so that entering the year recomputes it.
    pub fn followup_due(
        self,
        calendar: &Calendar,
        rated_on: NaiveDate,
        working_days: u32,
    ) -> Option<Result<FollowUpDue, OutsideCalendar>> {
        self.is_bad().then(|| {
            let c = calendar.due(rated_on, working_days)?;
            Ok(FollowUpDue {
                due: c.value,
                provisional: c.provisional,
                working_days,
                calendar_version: calendar.version(),
            })
        })
    }
}

/// A bad rating's follow-up due date (好差评整改, SPEC §2) as counted: the date, whether it is
/// provisional (暂定: counted over a year whose State Council notice is not entered), the
/// working days counted from the rating's day, and the calendar version it was counted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowUpDue {
    /// The due date.
    pub due: NaiveDate,
    /// Whether it is provisional (暂定).
    pub provisional: bool,
    /// The working days counted from the rating's day.
    pub working_days: u32,
    /// The calendar version it was counted on.
    pub calendar_version: i64,
}

impl FollowUpDue {
    /// A date counted on the published calendar (not provisional), e.g. one given by hand.
    pub fn firm(due: NaiveDate, working_days: u32) -> FollowUpDue {
        FollowUpDue { due, provisional: false, working_days, calendar_version: 0 }
    }
}

/// The callback of a case closed on `closed_on` is due 10 calendar days later (围场 2023 措施 16).
pub fn callback_due(closed_on: NaiveDate) -> NaiveDate {
    calendar_days_after(closed_on, CALLBACK_CALENDAR_DAYS)
}

/// A case number: `YJ` + the day + a 4-digit daily sequence (QR alphanumeric, sorts by day).
pub fn case_number(day: NaiveDate, seq: u32) -> String {
    format!("YJ{}{:04}", day.format("%Y%m%d"), seq)
}

/// A queue ticket: a letter per queue and a 3-digit daily number (A001, A002, …; B for
/// appointments).
pub fn ticket_label(prefix: char, number: u32) -> String {
    format!("{prefix}{number:03}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::matters::{self, Matters};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn tick(list: &mut [CheckItem], code: &str, s: MaterialState) {
        list.iter_mut().find(|c| c.material == code).unwrap().state = s;
    }

    fn all_provided(m: &Matter) -> Vec<CheckItem> {
        let mut l = new_checklist(m);
        for c in &mut l {
            c.state = MaterialState::Provided;
        }
        l
    }

    struct Fixture {
        matters: Matters,
        cal: Calendar,
    }

    fn fx() -> Fixture {
        Fixture { matters: Matters::builtin(), cal: Calendar::builtin() }
    }

    fn ctx<'a>(f: &'a Fixture, code: &str, list: &'a [CheckItem], marks: &'a [CreditMark]) -> DecisionContext<'a> {
        DecisionContext {
            matter: f.matters.get(code).unwrap(),
            state: CaseState::Registered,
            checklist: list,
            credit_marks: marks,
            today: d(2025, 9, 30),
            calendar: &f.cal,
        }
    }

    #[test]
    fn accept_with_everything_due_in_committed_working_days() {
        // 围场 2023 措施 2: safety permit extension committed 18 working days (statutory 45).
        let f = fx();
        let m = f.matters.get(matters::SAFETY_PERMIT_EXTENSION).unwrap();
        let list = all_provided(m);
        let out = decide(&ctx(&f, matters::SAFETY_PERMIT_EXTENSION, &list, &[]), &Decision::Accept).unwrap();
        let DecisionOutcome::Accepted { kind, due, statutory_due, provisional } = out else { panic!() };
        assert_eq!(provisional, Provisional::default(), "2025 is a published year");
        assert_eq!(kind, AcceptKind::Full);
        assert_eq!(due, f.cal.due_date(d(2025, 9, 30), 18).unwrap());
        assert!(statutory_due > due);
    }

    #[test]
    fn accept_refused_while_unchecked_or_deficient() {
        let f = fx();
        let m = f.matters.get(matters::SPECIAL_REVIEW).unwrap();
        let list = new_checklist(m);
        assert!(matches!(
            decide(&ctx(&f, matters::SPECIAL_REVIEW, &list, &[]), &Decision::Accept),
            Err(DecisionError::Unchecked(_))
        ));
        let mut list = all_provided(m);
        tick(&mut list, "work_record", MaterialState::Missing);
        assert_eq!(
            decide(&ctx(&f, matters::SPECIAL_REVIEW, &list, &[]), &Decision::Accept),
            Err(DecisionError::Deficient(vec!["work_record".into()]))
        );
    }

    #[test]
    fn pledge_replaces_pledgeable_proof_only() {
        // 淄博 2020 措施 13 (告知承诺): after a pledge the proof is no longer required; only for
        // materials on the pledge list.
        let f = fx();
        let m = f.matters.get(matters::SPECIAL_REVIEW).unwrap();
        assert_eq!(check_tick(m, CaseState::Registered, "health", &MaterialState::Pledged), Ok(()));
        assert_eq!(
            check_tick(m, CaseState::Registered, "training", &MaterialState::Pledged),
            Err(TickError::NotPledgeable("training".into()))
        );
        let mut list = all_provided(m);
        tick(&mut list, "health", MaterialState::Pledged);
        let out = decide(&ctx(&f, matters::SPECIAL_REVIEW, &list, &[]), &Decision::Accept).unwrap();
        assert!(matches!(out, DecisionOutcome::Accepted { kind: AcceptKind::OnPledge, .. }));
    }

    #[test]
    fn ticks_need_a_known_material_and_a_defect_reason() {
        let f = fx();
        let m = f.matters.get(matters::SPECIAL_REVIEW).unwrap();
        assert!(matches!(
            check_tick(m, CaseState::Registered, "nope", &MaterialState::Provided),
            Err(TickError::UnknownMaterial(_))
        ));
        assert!(matches!(
            check_tick(m, CaseState::Registered, "health", &MaterialState::Defective { what: "  ".into() }),
            Err(TickError::DefectWithoutReason(_))
        ));
        assert!(matches!(
            check_tick(m, CaseState::Archived, "health", &MaterialState::Provided),
            Err(TickError::Closed(_))
        ));
        // 先办后补: a 容缺 case still receives materials after acceptance.
        assert_eq!(check_tick(m, CaseState::Undertaken, "work_record", &MaterialState::Provided), Ok(()));
    }

    #[test]
    fn deficiency_acceptance_needs_every_key_material() {
        // 淄博 2017 简报 五: key technical materials (安全评价报告) are never 容缺.
        let f = fx();
        let code = matters::SAFETY_PERMIT_EXTENSION;
        let m = f.matters.get(code).unwrap();
        let mut list = all_provided(m);
        tick(&mut list, "assessment", MaterialState::Missing);
        tick(&mut list, "operators", MaterialState::Missing);
        let dec = Decision::AcceptDeficient { pledge_signed: true, pledge_due: d(2025, 10, 14) };
        assert_eq!(
            decide(&ctx(&f, code, &list, &[]), &dec),
            Err(DecisionError::KeyMaterialMissing(vec!["assessment".into()]))
        );
        tick(&mut list, "assessment", MaterialState::Defective { what: "评价机构资质过期".into() });
        assert!(matches!(decide(&ctx(&f, code, &list, &[]), &dec), Err(DecisionError::KeyMaterialMissing(_))));
        tick(&mut list, "assessment", MaterialState::Provided);
        let out = decide(&ctx(&f, code, &list, &[]), &dec).unwrap();
        assert!(matches!(out, DecisionOutcome::Accepted { kind: AcceptKind::Deficient { .. }, .. }));
    }

    #[test]
    fn deficiency_acceptance_needs_signed_pledge_due_by_committed_date() {
        // SPEC §2 容缺受理: the pledge's due date cannot be later than the committed completion
        // date. Accepted 2025-09-30, committed 18 working days.
        let f = fx();
        let code = matters::SAFETY_PERMIT_EXTENSION;
        let m = f.matters.get(code).unwrap();
        let mut list = all_provided(m);
        tick(&mut list, "insurance", MaterialState::Missing);
        let due = f.cal.due_date(d(2025, 9, 30), 18).unwrap();
        let c = ctx(&f, code, &list, &[]);
        assert_eq!(
            decide(&c, &Decision::AcceptDeficient { pledge_signed: false, pledge_due: due }),
            Err(DecisionError::PledgeNotSigned)
        );
        let late = due.succ_opt().unwrap();
        assert_eq!(
            decide(&c, &Decision::AcceptDeficient { pledge_signed: true, pledge_due: late }),
            Err(DecisionError::PledgeAfterDue { pledge_due: late, due })
        );
        assert_eq!(
            decide(&c, &Decision::AcceptDeficient { pledge_signed: true, pledge_due: d(2025, 9, 29) }),
            Err(DecisionError::PledgeInPast(d(2025, 9, 29)))
        );
        let out = decide(&c, &Decision::AcceptDeficient { pledge_signed: true, pledge_due: due }).unwrap();
        assert_eq!(
            out,
            DecisionOutcome::Accepted {
                kind: AcceptKind::Deficient { pledge_due: due },
                due,
                statutory_due: f.cal.due_date(d(2025, 9, 30), 45).unwrap(),
                provisional: Provisional::default(),
            }
        );
        // Nothing missing: that is a plain acceptance, not 容缺.
        let full = all_provided(m);
        assert_eq!(
            decide(&ctx(&f, code, &full, &[]), &Decision::AcceptDeficient { pledge_signed: true, pledge_due: due }),
            Err(DecisionError::NothingOutstanding)
        );
    }

    #[test]
    fn bad_credit_excludes_deficiency_acceptance() {
        // SPEC §2: applicants under a bad-credit mark are excluded from 容缺受理 (淄博 2020 措施 5:
        // 一般失信 and 严重失信 both count). A lifted mark (信用修复) no longer counts.
        let f = fx();
        let code = matters::FIREWORKS_RETAIL;
        let m = f.matters.get(code).unwrap();
        let mut list = all_provided(m);
        tick(&mut list, "fire_check", MaterialState::Missing);
        let mark = CreditMark {
            credit_code: "91350100M000100Y43".into(),
            serious: false,
            since: d(2025, 1, 1),
            until: None,
            note: "一般失信".into(),
        };
        let dec = Decision::AcceptDeficient { pledge_signed: true, pledge_due: d(2025, 10, 9) };
        let marks = [mark.clone()];
        assert_eq!(
            decide(&ctx(&f, code, &list, &marks), &dec),
            Err(DecisionError::BadCredit("91350100M000100Y43".into()))
        );
        let lifted = [CreditMark { until: Some(d(2025, 6, 30)), ..mark }];
        assert!(decide(&ctx(&f, code, &list, &lifted), &dec).is_ok());
        // A plain acceptance is not affected by the mark.
        let full = all_provided(m);
        assert!(decide(&ctx(&f, code, &full, &marks), &Decision::Accept).is_ok());
    }

    #[test]
    fn notice_lists_every_missing_and_defective_item() {
        // 一次性告知: every missing or defective material, in the matter's order.
        let f = fx();
        let code = matters::SPECIAL_REVIEW_INTERVAL;
        let m = f.matters.get(code).unwrap();
        let mut list = all_provided(m);
        tick(&mut list, "ten_years", MaterialState::Missing);
        tick(&mut list, "training", MaterialState::Defective { what: "学时不足8学时".into() });
        let out = decide(&ctx(&f, code, &list, &[]), &Decision::Notice).unwrap();
        assert_eq!(
            out,
            DecisionOutcome::Noticed {
                items: vec![
                    NoticeItem { material: "ten_years".into(), defect: None },
                    NoticeItem { material: "training".into(), defect: Some("学时不足8学时".into()) },
                ]
            }
        );
        let full = all_provided(m);
        assert_eq!(
            decide(&ctx(&f, code, &full, &[]), &Decision::Notice),
            Err(DecisionError::Notice(NoticeError::Nothing))
        );
    }

    #[test]
    fn later_notice_only_first_items_or_resubmitted_defects_art_32() {
        // 行政许可法 art. 32: everything missing must be told at once. A second notice may repeat
        // items of the first, or name defects in materials handed in since.
        let first: BTreeSet<String> = ["ten_years".to_string()].into();
        let resub: BTreeSet<String> = ["ten_years".to_string(), "health".to_string()].into();
        let item = |m: &str, defect: Option<&str>| NoticeItem { material: m.into(), defect: defect.map(Into::into) };
        // Still missing from the first notice: fine.
        assert_eq!(check_later_notice(&first, &resub, &[item("ten_years", None)], None), Ok(vec![]));
        // The resubmitted health certificate is defective: fine.
        assert_eq!(check_later_notice(&first, &resub, &[item("health", Some("无医疗机构盖章"))], None), Ok(vec![]));
        // Resubmitted but now called *missing* is not a defect in it: needs an override.
        assert!(check_later_notice(&first, &resub, &[item("health", None)], None).is_err());
        // Something never mentioned and never resubmitted: refused without an override.
        let late = [item("training", Some("学时不足"))];
        assert_eq!(
            check_later_notice(&first, &resub, &late, None),
            Err(NoticeError::NotOnFirstNotice(vec!["training".into()]))
        );
        let blank = Override { supervisor: "0007".into(), reason: " ".into() };
        assert_eq!(check_later_notice(&first, &resub, &late, Some(&blank)), Err(NoticeError::OverrideIncomplete));
        let ok = Override { supervisor: "0007".into(), reason: "培训机构撤销了该批次成绩".into() };
        assert_eq!(check_later_notice(&first, &resub, &late, Some(&ok)), Ok(vec!["training".into()]));
    }

    #[test]
    fn refusal_needs_a_written_reason() {
        let f = fx();
        let m = f.matters.get(matters::SPECIAL_CANCEL).unwrap();
        let list = new_checklist(m);
        assert_eq!(
            decide(&ctx(&f, matters::SPECIAL_CANCEL, &list, &[]), &Decision::Refuse { reason: "  ".into() }),
            Err(DecisionError::NoReason)
        );
        assert!(matches!(
            decide(&ctx(&f, matters::SPECIAL_CANCEL, &list, &[]), &Decision::Refuse { reason: "非本局管辖".into() }),
            Ok(DecisionOutcome::Refused { .. })
        ));
    }

    #[test]
    fn decisions_only_before_acceptance() {
        let f = fx();
        let m = f.matters.get(matters::SPECIAL_CANCEL).unwrap();
        let list = all_provided(m);
        let mut c = ctx(&f, matters::SPECIAL_CANCEL, &list, &[]);
        c.state = CaseState::Accepted;
        assert_eq!(decide(&c, &Decision::Accept), Err(DecisionError::NotOpen(CaseState::Accepted)));
        c.state = CaseState::Noticed;
        assert!(decide(&c, &Decision::Accept).is_ok(), "after resubmission the case can be accepted");
    }

    #[test]
    fn acceptance_past_the_published_years_is_provisional_not_refused() {
        // SPEC §2: the counter never stops for want of a calendar. Accepted 2026-12-21 (the
        // issue's day), 补发 committed 5 / statutory 20 working days (行政许可法 第八十二条: working
        // days exclude 法定节假日; 2027 provisionally per 放假办法 (2024修订) 第二条).
        let f = fx();
        let m = f.matters.get(matters::SPECIAL_REISSUE).unwrap();
        let list = all_provided(m);
        let mut c = ctx(&f, matters::SPECIAL_REISSUE, &list, &[]);
        c.today = d(2026, 12, 21);
        let out = decide(&c, &Decision::Accept).unwrap();
        let DecisionOutcome::Accepted { due, statutory_due, provisional, .. } = out else { panic!("{out:?}") };
        assert_eq!((m.committed_days, m.statutory_days), (5, 20));
        assert_eq!(due, d(2026, 12, 28));
        assert_eq!(statutory_due, d(2027, 1, 19));
        assert_eq!(provisional, Provisional { due: false, statutory: true });
        // Accepted inside 2027: both provisional.
        c.today = d(2027, 1, 4);
        let DecisionOutcome::Accepted { provisional, .. } = decide(&c, &Decision::Accept).unwrap() else { panic!() };
        assert_eq!(provisional, Provisional { due: true, statutory: true });
        // Only a date outside the computable years is an error (a wrong clock, not a missing notice).
        c.today = d(2201, 1, 4);
        assert!(matches!(decide(&c, &Decision::Accept), Err(DecisionError::Calendar(_))));
    }

    #[test]
    fn lifecycle_follows_zibo_2017_sequence() {
        // 淄博 2017 简报 二: 受理、承办、审查、批准、办结、归档.
        let mut s = CaseState::Accepted;
        let mut seen = vec![s];
        while let Some(n) = s.advance() {
            seen.push(n);
            s = n;
        }
        assert_eq!(
            seen,
            [
                CaseState::Accepted,
                CaseState::Undertaken,
                CaseState::Reviewed,
                CaseState::Approved,
                CaseState::Completed,
                CaseState::Archived
            ]
        );
        assert_eq!(CaseState::Registered.advance(), None, "acceptance is a decision, not a step");
        assert_eq!(CaseState::Refused.advance(), None);
        for s in CaseState::ALL {
            assert_eq!(CaseState::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn handoff_keeps_rules_of_first_contact() {
        // 首问负责制 (淄博 2020 措施 10): only the owner (or a supervisor) hands off, to someone
        // else, with a reason.
        let s = CaseState::Accepted;
        assert_eq!(check_handoff(s, "0001", "0001", false, "0002", "转审查岗"), Ok(()));
        assert_eq!(check_handoff(s, "0001", "0003", false, "0002", "x"), Err(HandoffError::NotOwner));
        assert_eq!(check_handoff(s, "0001", "0007", true, "0002", "x"), Ok(()));
        assert_eq!(check_handoff(s, "0001", "0001", false, "0001", "x"), Err(HandoffError::SameOwner));
        assert_eq!(check_handoff(s, "0001", "0001", false, "0002", ""), Err(HandoffError::NoReason));
        assert_eq!(check_handoff(CaseState::Archived, "0001", "0001", false, "0002", "x"), Err(HandoffError::Closed));
    }

    #[test]
    fn a_pledge_due_after_the_committed_date_is_flagged() {
        // SPEC §2 容缺受理: the pledge's date may not be later than the committed completion
        // date. A recomputation that moves the committed date before it leaves it flagged.
        assert!(pledge_after_due(Some(d(2027, 10, 15)), Some(d(2027, 10, 14))));
        assert!(!pledge_after_due(Some(d(2027, 10, 14)), Some(d(2027, 10, 14))), "the same day is allowed");
        assert!(!pledge_after_due(None, Some(d(2027, 10, 14))), "fulfilled: no pledge outstanding");
        assert!(!pledge_after_due(Some(d(2027, 10, 15)), None));
    }

    #[test]
    fn ratings_and_followups() {
        // SPEC §2 好差评: five levels; 不满意 and 非常不满意 open a follow-up due in working days.
        let cal = Calendar::builtin();
        assert_eq!(Rating::ALL.iter().filter(|r| r.is_bad()).count(), 2);
        assert_eq!(Rating::Basic.followup_due(&cal, d(2025, 9, 30), 5), None);
        assert_eq!(
            Rating::Dissatisfied.followup_due(&cal, d(2025, 9, 30), 5),
            Some(Ok(FollowUpDue::firm(d(2025, 10, 14), 5)))
        );
        // Past the published years: a provisional date (2027-01-11), not a refusal, marked as
        // such (SPEC §2: every provisional date is labelled and recomputed).
        let f = Rating::VeryDissatisfied.followup_due(&cal, d(2027, 1, 4), 5).unwrap().unwrap();
        assert_eq!((f.due, f.provisional, f.working_days), (d(2027, 1, 11), true, 5));
        // Counted from 2026-12-29 over New Year: 2027-01-01 is a statutory day (放假办法 第二条),
        // 12-30, 12-31, 01-04, 01-05, 01-06; provisional because 2027 is counted.
        let f = Rating::Dissatisfied.followup_due(&cal, d(2026, 12, 29), 5).unwrap().unwrap();
        assert_eq!((f.due, f.provisional), (d(2027, 1, 6), true));
        // Inside 2026 only: firm.
        let f = Rating::Dissatisfied.followup_due(&cal, d(2026, 12, 1), 5).unwrap().unwrap();
        assert_eq!((f.due, f.provisional), (d(2026, 12, 8), false));
        assert!(Rating::VeryDissatisfied.followup_due(&cal, d(2201, 1, 4), 5).unwrap().is_err());
        for r in Rating::ALL {
            assert_eq!(Rating::from_code(r.code()), Some(r));
        }
        assert_eq!(Rating::from_code(0), None);
        assert_eq!(Rating::from_code(6), None);
    }

    #[test]
    fn callback_within_ten_calendar_days() {
        // 围场 2023 措施 16: 办理完毕后10日内逐一电话回访 — calendar days, holidays included.
        assert_eq!(callback_due(d(2025, 9, 30)), d(2025, 10, 10));
    }

    #[test]
    fn deadlines_and_missed_pledges() {
        let cal = Calendar::builtin();
        assert_eq!(
            Deadline::of(&cal, d(2025, 10, 9), d(2025, 10, 14), false),
            Deadline::Days { due: d(2025, 10, 14), left: 4, provisional: false }
        );
        assert!(Deadline::of(&cal, d(2025, 10, 15), d(2025, 10, 14), false).is_overdue());
        // Counting into 2027 (no notice): provisional; a due date stored as provisional stays so.
        assert_eq!(
            Deadline::of(&cal, d(2026, 12, 30), d(2027, 1, 5), false),
            Deadline::Days { due: d(2027, 1, 5), left: 3, provisional: true }
        );
        assert!(Deadline::of(&cal, d(2026, 12, 1), d(2026, 12, 3), true).is_provisional());
        assert!(matches!(Deadline::of(&cal, d(2201, 1, 4), d(2201, 1, 14), false), Deadline::Unknown(_)));
        assert!(pledge_missed(d(2025, 10, 9), 1, d(2025, 10, 10)));
        assert!(!pledge_missed(d(2025, 10, 9), 1, d(2025, 10, 9)), "due day itself is not missed");
        assert!(!pledge_missed(d(2025, 10, 9), 0, d(2025, 10, 20)));
    }

    #[test]
    fn numbers() {
        assert_eq!(case_number(d(2025, 10, 14), 7), "YJ202510140007");
        assert_eq!(ticket_label('A', 1), "A001");
        assert_eq!(ticket_label('B', 12), "B012");
    }
}
