//! Reports (issue 9 item 6): 好差评 statistics, daily activity counts and cases past their due
//! date. This module is pure: the store hands over plain facts (`store::reports`), the
//! functions here shape them into the report structs that the CLI writes (`certdesk_core::report::export`,
//! CSV and XLSX) and the desk draws (`app::desk::reports`). `today` is always a parameter.
//!
//! Privacy: no fact carries an ID number. Cases are named by their number, visitors by name;
//! the rows never hold a raw or masked ID number (they do not need one).

pub mod lists;

use crate::domain::id::mask_in_text;
use crate::domain::intake::Rating;
use crate::domain::workdays::Calendar;
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::BTreeMap;

/// The longest period one report covers: a leap year.
pub const MAX_DAYS: i64 = 366;
/// The period when none is given: the 30 days up to today.
pub const DEFAULT_DAYS: i64 = 30;

/// Which report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 好差评 by day, matter and staff member, with the bad ratings and their follow-up.
    Ratings,
    /// Daily counts of prints, intakes, notices, 容缺 cases and verifier verdicts.
    Daily,
    /// Running cases past their committed due date.
    Overdue,
}

impl Kind {
    /// Every report, in the order the command line lists them.
    pub const ALL: [Kind; 3] = [Kind::Ratings, Kind::Daily, Kind::Overdue];

    /// The command-line word (and file name part) of the report.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Ratings => "ratings",
            Kind::Daily => "daily",
            Kind::Overdue => "overdue",
        }
    }

    /// The command-line word (English code or the Chinese name).
    pub fn parse(s: &str) -> Result<Kind, PeriodError> {
        match s.trim() {
            "ratings" | "好差评" => Ok(Kind::Ratings),
            "daily" | "每日统计" => Ok(Kind::Daily),
            "overdue" | "超期" => Ok(Kind::Overdue),
            other => Err(PeriodError::UnknownKind(other.to_string())),
        }
    }

    /// The report's title in Chinese.
    pub fn title_zh(self) -> &'static str {
        match self {
            Kind::Ratings => "好差评统计",
            Kind::Daily => "每日业务量统计",
            Kind::Overdue => "超期办件",
        }
    }
}

/// What is wrong with a report request (bad words from a person or a script).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// No report of that name.
    #[error("unknown report {0:?}: use ratings, daily, overdue, overrides or enquiries")]
    UnknownKind(String),
    /// A date that is not YYYY-MM-DD.
    #[error("{which} date {text:?} is not a date: write YYYY-MM-DD, e.g. 2026-11-01")]
    BadDate {
        /// Which end of the period (from, to).
        which: &'static str,
        /// What was given (at most 40 characters).
        text: String,
    },
    /// The period ends before it starts.
    #[error("--from {from} is after --to {to}")]
    Reversed {
        /// The first day.
        from: NaiveDate,
        /// The last day.
        to: NaiveDate,
    },
    /// The period is longer than [`MAX_DAYS`].
    #[error("the period {from} to {to} is {days} days; a report covers at most {MAX_DAYS} days")]
    TooLong {
        /// The first day.
        from: NaiveDate,
        /// The last day.
        to: NaiveDate,
        /// Its length in days.
        days: i64,
    },
}

impl PeriodError {
    /// The error in Chinese, for the command line and the desk.
    pub fn zh(&self) -> String {
        match self {
            PeriodError::UnknownKind(k) => {
                format!("没有「{k}」这种报表：可选 ratings、daily、overdue、overrides、enquiries")
            }
            PeriodError::BadDate { text, .. } => format!("「{text}」不是日期，应为 年-月-日，如 2026-11-01"),
            PeriodError::Reversed { from, to } => format!("起始日期 {from} 晚于截止日期 {to}"),
            PeriodError::TooLong { days, .. } => format!("期间共{days}天，一份报表最多{MAX_DAYS}天"),
        }
    }
}

/// A closed period of days, `from <= to`, at most [`MAX_DAYS`] long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first day.
    pub from: NaiveDate,
    /// The last day (included).
    pub to: NaiveDate,
}

fn parse_day(which: &'static str, s: &str) -> Result<NaiveDate, PeriodError> {
    let t = s.trim();
    // Exactly YYYY-MM-DD: chrono alone would take "2026-1-5" and "+2026-11-01".
    let shape = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        Ok(d) if shape => Ok(d),
        _ => Err(PeriodError::BadDate { which, text: s.chars().take(40).collect() }),
    }
}

impl Period {
    /// The period from `from` to `to`, or why it is not one.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodError> {
        if from > to {
            return Err(PeriodError::Reversed { from, to });
        }
        let days = (to - from).num_days() + 1;
        if days > MAX_DAYS {
            return Err(PeriodError::TooLong { from, to, days });
        }
        Ok(Period { from, to })
    }

    /// The `days` days up to and including `to`.
    pub fn ending(to: NaiveDate, days: i64) -> Period {
        let days = days.clamp(1, MAX_DAYS);
        Period { from: to - chrono::Duration::days(days - 1), to }
    }

    /// `--from`/`--to` as typed; missing ends default to the [`DEFAULT_DAYS`] up to today (or
    /// up to `--to`), or from `--from` to today.
    pub fn parse(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<Period, PeriodError> {
        let to_d = to.map(|t| parse_day("--to", t)).transpose()?;
        let from_d = from.map(|f| parse_day("--from", f)).transpose()?;
        match (from_d, to_d) {
            (Some(f), Some(t)) => Period::new(f, t),
            (Some(f), None) => Period::new(f, today.max(f)),
            (None, Some(t)) => Ok(Period::ending(t, DEFAULT_DAYS)),
            (None, None) => Ok(Period::ending(today, DEFAULT_DAYS)),
        }
    }

    /// "FROM TO" or "FROM..TO" typed on the desk.
    pub fn parse_typed(text: &str) -> Result<Period, PeriodError> {
        let t = text.trim().replace("..", " ").replace(['~', '至'], " ");
        let parts: Vec<&str> = t.split_whitespace().collect();
        match parts.as_slice() {
            [f, to] => Period::new(parse_day("from", f)?, parse_day("to", to)?),
            [one] => {
                let d = parse_day("from", one)?;
                Ok(Period { from: d, to: d })
            }
            _ => Err(PeriodError::BadDate { which: "from", text: text.chars().take(40).collect() }),
        }
    }

    /// Every day of the period, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        let to = self.to;
        self.from.iter_days().take_while(move |d| *d <= to)
    }

    /// How many days the period has.
    pub fn len(&self) -> usize {
        ((self.to - self.from).num_days() + 1) as usize
    }

    /// Always false: a period holds at least one day.
    pub fn is_empty(&self) -> bool {
        false
    }
}

// ---- 好差评 -----------------------------------------------------------------------------

/// A bad rating's follow-up (整改) as recorded (`rating_followups`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpFact {
    /// When it is due.
    pub due: NaiveDate,
    /// The due date is provisional (暂定).
    pub provisional: bool,
    /// When it was closed, if it is.
    pub done_at: Option<NaiveDateTime>,
    /// Who closed it.
    pub done_by: Option<String>,
    /// What was done.
    pub outcome: Option<String>,
}

/// A case's callback (回访) as recorded (`case_callbacks`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackFact {
    /// When it is due.
    pub due: NaiveDate,
    /// Whether it was made.
    pub done: bool,
    /// Whether the visitor was reached (when made).
    pub reached: Option<bool>,
    /// What was said.
    pub outcome: Option<String>,
}

/// One rating given, with what the desk recorded around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingFact {
    /// When the visitor rated.
    pub rated_at: NaiveDateTime,
    /// The rating.
    pub rating: Rating,
    /// The staff number of who served.
    pub staff: String,
    /// Their name.
    pub staff_name: String,
    /// The service the rating is for.
    pub service: String,
    /// The rated case's number, if any.
    pub case_number: Option<String>,
    /// Matter code of the rated case (none for a service without a case).
    pub matter: Option<String>,
    /// The follow-up, for a bad rating.
    pub followup: Option<FollowUpFact>,
    /// The rated case's callback, if it has one.
    pub callback: Option<CallbackFact>,
}

/// Counts per level, index 0 = 非常满意 … 4 = 非常不满意 (`Rating::ALL` order).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally(pub [u32; 5]);

impl Tally {
    /// Count one rating.
    pub fn add(&mut self, r: Rating) {
        let i = Rating::ALL.iter().position(|x| *x == r).expect("a level");
        self.0[i] += 1;
    }
    /// All ratings counted.
    pub fn total(&self) -> u32 {
        self.0.iter().sum()
    }
    /// 不满意 + 非常不满意.
    pub fn bad(&self) -> u32 {
        self.0[3] + self.0[4]
    }
    /// Share of ratings that are not bad, in whole per mille (None when nothing was rated).
    /// 满意率 as the 好差评 system counts it: 非常满意, 满意 and 基本满意 over all.
    pub fn satisfied_permille(&self) -> Option<u32> {
        let t = self.total();
        (t > 0).then(|| ((t - self.bad()) * 1000 + t / 2) / t)
    }
    /// "97.5%" or "-".
    pub fn satisfied_text(&self) -> String {
        match self.satisfied_permille() {
            Some(p) => format!("{}.{}%", p / 10, p % 10),
            None => "-".into(),
        }
    }
}

/// Where a bad rating's follow-up stands on the report's day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowUpState {
    /// No follow-up recorded (should not happen: a bad rating opens one).
    Missing,
    /// Open, not yet due.
    Open {
        /// When it is due.
        due: NaiveDate,
        /// The due date is provisional (暂定): marked in the report.
        provisional: bool,
    },
    /// Open past its due date.
    Overdue {
        /// When it was due.
        due: NaiveDate,
        /// The due date is provisional (暂定).
        provisional: bool,
    },
    /// Closed.
    Done {
        /// The day it was closed.
        on: NaiveDate,
        /// Who closed it.
        by: String,
        /// What was done.
        outcome: String,
        /// Closed after its due date.
        late: bool,
    },
}

impl FollowUpState {
    /// The state in Chinese, for the report.
    pub fn zh(&self) -> String {
        match self {
            FollowUpState::Missing => "未建整改任务".into(),
            FollowUpState::Open { due, provisional } => format!("整改中（期限{due}{}）", mark_zh(*provisional)),
            FollowUpState::Overdue { due, provisional } => format!("整改超期（期限{due}{}）", mark_zh(*provisional)),
            FollowUpState::Done { on, by, late: false, .. } => format!("已整改（{on}，工号{by}）"),
            FollowUpState::Done { on, by, late: true, .. } => format!("逾期整改（{on}，工号{by}）"),
        }
    }
    /// The state in English, for the report.
    pub fn en(&self) -> String {
        match self {
            FollowUpState::Missing => "no follow-up task".into(),
            FollowUpState::Open { due, provisional } => format!("open, due {due}{}", mark_en(*provisional)),
            FollowUpState::Overdue { due, provisional } => format!("OVERDUE, due {due}{}", mark_en(*provisional)),
            FollowUpState::Done { on, by, late: false, .. } => format!("done {on} by {by}"),
            FollowUpState::Done { on, by, late: true, .. } => format!("done late {on} by {by}"),
        }
    }
    /// Whether it is still to be done (open or overdue).
    pub fn is_open(&self) -> bool {
        matches!(self, FollowUpState::Open { .. } | FollowUpState::Overdue { .. } | FollowUpState::Missing)
    }
}

fn mark_zh(provisional: bool) -> &'static str {
    if provisional {
        "，暂定"
    } else {
        ""
    }
}

fn mark_en(provisional: bool) -> &'static str {
    if provisional {
        " (provisional)"
    } else {
        ""
    }
}

/// Where the rated case's callback (回访) stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackState {
    /// The case has no callback (not closed yet, or no case).
    None,
    /// Not made yet.
    Open {
        /// When it is due.
        due: NaiveDate,
        /// Past its due date.
        overdue: bool,
    },
    /// Made.
    Done {
        /// Whether the visitor was reached.
        reached: bool,
    },
}

impl CallbackState {
    /// The state in Chinese, for the report.
    pub fn zh(&self) -> String {
        match self {
            CallbackState::None => "-".into(),
            CallbackState::Open { due, overdue: false } => format!("待回访（{due}前）"),
            CallbackState::Open { due, overdue: true } => format!("回访超期（{due}）"),
            CallbackState::Done { reached: true } => "已回访".into(),
            CallbackState::Done { reached: false } => "已回访（未联系上）".into(),
        }
    }
    /// The state in English, for the report.
    pub fn en(&self) -> String {
        match self {
            CallbackState::None => "-".into(),
            CallbackState::Open { due, overdue: false } => format!("due {due}"),
            CallbackState::Open { due, overdue: true } => format!("OVERDUE {due}"),
            CallbackState::Done { reached: true } => "called back".into(),
            CallbackState::Done { reached: false } => "called, not reached".into(),
        }
    }
}

/// A bad rating with its follow-up and callback, as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRating {
    /// When the visitor rated.
    pub rated_at: NaiveDateTime,
    /// The rating.
    pub rating: Rating,
    /// The rated case's number, if any.
    pub case_number: Option<String>,
    /// The service the rating is for.
    pub service: String,
    /// The rated case's matter code, if any.
    pub matter: Option<String>,
    /// The staff number of who served.
    pub staff: String,
    /// Their name.
    pub staff_name: String,
    /// Where the follow-up stands.
    pub followup: FollowUpState,
    /// What the follow-up did, if closed.
    pub outcome: Option<String>,
    /// Where the case's callback stands.
    pub callback: CallbackState,
}

/// The 好差评 report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingsReport {
    /// The period covered.
    pub period: Period,
    /// The day the open follow-ups are judged on.
    pub today: NaiveDate,
    /// All ratings of the period.
    pub total: Tally,
    /// Every day of the period, in order.
    pub by_day: Vec<(NaiveDate, Tally)>,
    /// Calendar months touched by the period ("2026-11"), in order: the figures the 好差评
    /// system reports monthly.
    pub by_month: Vec<(String, Tally)>,
    /// By matter code ("" = no case), most ratings first.
    pub by_matter: Vec<(String, Tally)>,
    /// By staff number with the name, most ratings first.
    pub by_staff: Vec<(String, String, Tally)>,
    /// The bad ratings, oldest first.
    pub bad: Vec<BadRating>,
    /// 回访率, 整改率 and the share of 办件 asked to rate, against 100% (issue 15; filled by
    /// the store, which counts them).
    pub loops: Box<crate::domain::loops::LoopRates>,
    /// The enquiries and referrals logged in the period (首问负责制), oldest first, beside
    /// their counts in `loops`. Filled by the store.
    pub enquiry_list: Vec<lists::EnquiryLine>,
}

impl RatingsReport {
    /// Bad ratings whose follow-up is not done.
    pub fn open_followups(&self) -> usize {
        self.bad.iter().filter(|b| b.followup.is_open()).count()
    }
}

/// Free text staff typed (a follow-up's outcome, a service name, a visitor's name) as a report
/// may show it: any ID number in it masked (SPEC §6: reports hold no raw ID number).
fn free(text: &str) -> String {
    mask_in_text(text).into_owned()
}

fn most_first<K: Ord + Clone>(m: BTreeMap<K, Tally>) -> Vec<(K, Tally)> {
    let mut v: Vec<(K, Tally)> = m.into_iter().collect();
    v.sort_by(|a, b| b.1.total().cmp(&a.1.total()).then_with(|| a.0.cmp(&b.0)));
    v
}

/// Shape the ratings given in `period` into the report, follow-ups judged as of `today`.
pub fn ratings(period: Period, today: NaiveDate, facts: &[RatingFact]) -> RatingsReport {
    let mut total = Tally::default();
    let mut by_day: BTreeMap<NaiveDate, Tally> = period.days().map(|d| (d, Tally::default())).collect();
    let mut by_matter: BTreeMap<String, Tally> = BTreeMap::new();
    let mut by_staff: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let mut bad = vec![];
    for f in facts {
        let day = f.rated_at.date();
        if day < period.from || day > period.to {
            continue;
        }
        total.add(f.rating);
        by_day.entry(day).or_default().add(f.rating);
        by_matter.entry(f.matter.clone().unwrap_or_default()).or_default().add(f.rating);
        by_staff.entry((f.staff.clone(), f.staff_name.clone())).or_default().add(f.rating);
        if f.rating.is_bad() {
            let followup = match &f.followup {
                None => FollowUpState::Missing,
                Some(FollowUpFact { due, done_at: Some(at), done_by, outcome, .. }) => FollowUpState::Done {
                    on: at.date(),
                    by: done_by.clone().unwrap_or_default(),
                    outcome: free(outcome.as_deref().unwrap_or_default()),
                    late: at.date() > *due,
                },
                Some(FollowUpFact { due, provisional, .. }) if *due < today => {
                    FollowUpState::Overdue { due: *due, provisional: *provisional }
                }
                Some(FollowUpFact { due, provisional, .. }) => {
                    FollowUpState::Open { due: *due, provisional: *provisional }
                }
            };
            let callback = match &f.callback {
                None => CallbackState::None,
                Some(c) if c.done => CallbackState::Done { reached: c.reached.unwrap_or(false) },
                Some(c) => CallbackState::Open { due: c.due, overdue: c.due < today },
            };
            bad.push(BadRating {
                rated_at: f.rated_at,
                rating: f.rating,
                case_number: f.case_number.clone(),
                service: free(&f.service),
                matter: f.matter.clone(),
                staff: f.staff.clone(),
                staff_name: f.staff_name.clone(),
                outcome: f.followup.as_ref().and_then(|x| x.outcome.as_deref()).map(free),
                followup,
                callback,
            });
        }
    }
    bad.sort_by_key(|b| b.rated_at);
    let by_staff = most_first(by_staff).into_iter().map(|((id, name), t)| (id, name, t)).collect();
    let mut by_month: BTreeMap<String, Tally> = BTreeMap::new();
    for (d, t) in &by_day {
        let m = by_month.entry(d.format("%Y-%m").to_string()).or_default();
        for i in 0..5 {
            m.0[i] += t.0[i];
        }
    }
    RatingsReport {
        period,
        today,
        total,
        by_month: by_month.into_iter().collect(),
        by_day: by_day.into_iter().collect(),
        by_matter: most_first(by_matter),
        by_staff,
        bad,
        loops: Default::default(),
        enquiry_list: Vec::new(),
    }
}

// ---- daily counts ---------------------------------------------------------------------

/// Counts of one day, as the store reads them (`(day, n)` per measure).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DailyFacts {
    /// Certificate slips printed (print jobs in state printed).
    pub prints: Vec<(NaiveDate, u64)>,
    /// Desk documents printed (notices, pledges, receipts).
    pub documents: Vec<(NaiveDate, u64)>,
    /// Cases opened (受理登记).
    pub intakes: Vec<(NaiveDate, u64)>,
    /// One-time notices (一次性告知) issued.
    pub notices: Vec<(NaiveDate, u64)>,
    /// Cases accepted under 容缺受理.
    pub deficient: Vec<(NaiveDate, u64)>,
    /// Verifier scans by verdict word.
    pub verdicts: Vec<(NaiveDate, String, u64)>,
}

/// One day's counts (or a period's total), one per measure of [`DAILY_MEASURES`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// Slips printed.
    pub prints: u64,
    /// Counter documents printed.
    pub documents: u64,
    /// Cases opened.
    pub intakes: u64,
    /// One-time notices given.
    pub notices: u64,
    /// 容缺 acceptances.
    pub deficient: u64,
    /// Every verdict given at a verifier station.
    pub verdicts: u64,
    /// Verdicts other than valid / review due (expired, revoked, forged ...).
    pub verdicts_bad: u64,
}

/// The measures in column order: (code, zh, en).
pub const DAILY_MEASURES: [(&str, &str, &str); 7] = [
    ("prints", "证书打印", "slips printed"),
    ("documents", "文书打印", "documents printed"),
    ("intakes", "受理登记", "cases opened"),
    ("notices", "一次性告知", "one-time notices"),
    ("deficient", "容缺受理", "容缺 acceptances"),
    ("verdicts", "扫码核验", "verifier scans"),
    ("verdicts_bad", "核验未通过", "scans not valid"),
];

impl DayCounts {
    /// The counts in [`DAILY_MEASURES`]' order.
    pub fn values(&self) -> [u64; 7] {
        [self.prints, self.documents, self.intakes, self.notices, self.deficient, self.verdicts, self.verdicts_bad]
    }
    fn add(&mut self, o: &DayCounts) {
        self.prints += o.prints;
        self.documents += o.documents;
        self.intakes += o.intakes;
        self.notices += o.notices;
        self.deficient += o.deficient;
        self.verdicts += o.verdicts;
        self.verdicts_bad += o.verdicts_bad;
    }
}

/// The daily counts report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyReport {
    /// The period covered.
    pub period: Period,
    /// Every day of the period, in order (zeros included: a gap in a chart is a real zero).
    pub days: Vec<(NaiveDate, DayCounts)>,
    /// The period's totals.
    pub total: DayCounts,
    /// Verdict words with their counts over the period, most first.
    pub verdicts: Vec<(String, u64)>,
    /// The 容缺 stops a supervisor let through in the period (办结 with a pledge outstanding),
    /// oldest first: flagged in the report (SPEC §2). Filled by the store.
    pub overrides: Vec<lists::OverrideLine>,
}

/// A verdict that lets the holder work (the slip is genuine and in force).
pub fn verdict_is_good(word: &str) -> bool {
    matches!(word, "valid" | "review_due")
}

/// The daily report of a period from the store's counts.
pub fn daily(period: Period, facts: &DailyFacts) -> DailyReport {
    let mut days: BTreeMap<NaiveDate, DayCounts> = period.days().map(|d| (d, DayCounts::default())).collect();
    let inside = |d: &NaiveDate| *d >= period.from && *d <= period.to;
    let mut put = |v: &[(NaiveDate, u64)], f: fn(&mut DayCounts) -> &mut u64| {
        for (d, n) in v.iter().filter(|(d, _)| inside(d)) {
            *f(days.entry(*d).or_default()) += n;
        }
    };
    put(&facts.prints, |c| &mut c.prints);
    put(&facts.documents, |c| &mut c.documents);
    put(&facts.intakes, |c| &mut c.intakes);
    put(&facts.notices, |c| &mut c.notices);
    put(&facts.deficient, |c| &mut c.deficient);
    let mut verdicts: BTreeMap<String, u64> = BTreeMap::new();
    for (d, w, n) in facts.verdicts.iter().filter(|(d, _, _)| inside(d)) {
        let c = days.entry(*d).or_default();
        c.verdicts += n;
        if !verdict_is_good(w) {
            c.verdicts_bad += n;
        }
        *verdicts.entry(w.clone()).or_default() += n;
    }
    let mut total = DayCounts::default();
    for c in days.values() {
        total.add(c);
    }
    let mut verdicts: Vec<(String, u64)> = verdicts.into_iter().collect();
    verdicts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    DailyReport { period, days: days.into_iter().collect(), total, verdicts, overrides: Vec::new() }
}

// ---- overdue cases ------------------------------------------------------------------------

/// A running case whose committed due date is before the report's day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueFact {
    /// The case's number.
    pub number: String,
    /// The matter's code.
    pub matter: String,
    /// `CaseState::code()`.
    pub state: String,
    /// The owner's staff number.
    pub owner: String,
    /// The owner's name.
    pub owner_name: String,
    /// 首问负责人's staff number.
    pub first_owner: String,
    /// The applicant's name.
    pub visitor_name: String,
    /// The day it was accepted.
    pub accepted_on: Option<NaiveDate>,
    /// The committed due date.
    pub due_on: NaiveDate,
    /// The statutory due date.
    pub statutory_due_on: Option<NaiveDate>,
    /// The 容缺 pledge's due date, if any.
    pub pledge_due: Option<NaiveDate>,
    /// The committed due date was counted over a year without a published notice (暂定).
    pub due_provisional: bool,
}

/// An overdue case with how far over it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueRow {
    /// The case.
    pub case: OverdueFact,
    /// Working days past the committed due date (`None`: a date outside the years working days
    /// can be counted in; the report says so rather than guessing).
    pub working_days_over: Option<i64>,
    /// The due date or the days counted past it are provisional (暂定): marked in the report.
    pub provisional: bool,
    /// The statutory limit (法定期限) has passed too.
    pub statutory_passed: bool,
}

/// The overdue cases report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueReport {
    /// The day the report is judged on.
    pub as_of: NaiveDate,
    /// Most overdue first.
    pub rows: Vec<OverdueRow>,
    /// Per matter code: number of overdue cases, most first.
    pub by_matter: Vec<(String, u64)>,
}

/// Judge running cases as of `as_of`: a case is overdue once its committed due date is behind
/// `as_of` (a due date is the last working day of the limit, so the case is late from the day
/// after). Working days counted on `calendar` (State Council holidays and 调休).
pub fn overdue(as_of: NaiveDate, calendar: &Calendar, facts: &[OverdueFact]) -> OverdueReport {
    let mut rows: Vec<OverdueRow> = facts
        .iter()
        .filter(|f| f.due_on < as_of)
        .map(|f| {
            let left = calendar.days_left(as_of, f.due_on).ok();
            (f, left)
        })
        .map(|(f, left)| OverdueRow {
            working_days_over: left.map(|n| -n.value),
            provisional: f.due_provisional || left.is_some_and(|n| n.provisional),
            statutory_passed: f.statutory_due_on.is_some_and(|s| s < as_of),
            case: OverdueFact { visitor_name: free(&f.visitor_name), ..f.clone() },
        })
        .collect();
    rows.sort_by(|a, b| a.case.due_on.cmp(&b.case.due_on).then_with(|| a.case.number.cmp(&b.case.number)));
    let mut by: BTreeMap<String, u64> = BTreeMap::new();
    for r in &rows {
        *by.entry(r.case.matter.clone()).or_default() += 1;
    }
    let mut by_matter: Vec<(String, u64)> = by.into_iter().collect();
    by_matter.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    OverdueReport { as_of, rows, by_matter }
}

/// Any of the three, for the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    /// The 好差评 report.
    Ratings(RatingsReport),
    /// The daily counts report.
    Daily(DailyReport),
    /// The overdue cases report.
    Overdue(OverdueReport),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }
    fn at(m: u32, day: u32) -> NaiveDateTime {
        d(m, day).and_hms_opt(10, 0, 0).unwrap()
    }

    #[test]
    fn periods_refuse_garbage_and_reversed_or_overlong_ranges() {
        let today = d(11, 23);
        assert_eq!(Period::parse(None, None, today).unwrap(), Period { from: d(10, 25), to: today });
        assert_eq!(Period::parse(Some("2026-11-01"), None, today).unwrap(), Period { from: d(11, 1), to: today });
        for bad in ["2026-13-01", "2026-02-30", "yesterday", "", "2026-1-5", "+2026-11-01", "2026/11/01", "20261101"] {
            assert!(
                matches!(Period::parse(Some(bad), None, today), Err(PeriodError::BadDate { .. })),
                "{bad:?} taken as a date"
            );
        }
        assert!(matches!(
            Period::parse(Some("2026-11-20"), Some("2026-11-01"), today),
            Err(PeriodError::Reversed { .. })
        ));
        assert!(matches!(
            Period::parse(Some("2024-01-01"), Some("2026-11-01"), today),
            Err(PeriodError::TooLong { .. })
        ));
        assert_eq!(Period::new(d(1, 1), d(12, 31)).unwrap().len(), 365);
        assert_eq!(Period::parse_typed("2026-11-01 2026-11-23").unwrap(), Period { from: d(11, 1), to: today });
        assert_eq!(Period::parse_typed("2026-11-01..2026-11-23").unwrap(), Period { from: d(11, 1), to: today });
        assert!(Period::parse_typed("2026-11-23 2026-11-01").is_err());
        assert!(Period::parse_typed("a b c").is_err());
        assert!(matches!(Kind::parse("sales"), Err(PeriodError::UnknownKind(_))));
        assert_eq!(Kind::parse("好差评").unwrap(), Kind::Ratings);
        for e in [PeriodError::UnknownKind("x".into()), PeriodError::Reversed { from: today, to: today }] {
            assert!(!e.zh().chars().any(crate::text::ambiguous));
        }
    }

    fn fact(day: u32, rating: Rating, staff: &str, matter: &str) -> RatingFact {
        RatingFact {
            rated_at: at(11, day),
            rating,
            staff: staff.into(),
            staff_name: format!("n{staff}"),
            service: format!("YJ{day}"),
            case_number: Some(format!("YJ{day}")),
            matter: Some(matter.into()),
            followup: None,
            callback: None,
        }
    }

    /// SPEC §2 好差评: 不满意 and 非常不满意 are bad ratings, each with a follow-up due in
    /// working days; the report shows whether it was done, late, or is overdue today.
    #[test]
    fn ratings_tally_by_day_matter_staff_and_judge_follow_ups() {
        let period = Period::new(d(11, 16), d(11, 22)).unwrap();
        let mut bad_done = fact(17, Rating::Dissatisfied, "0002", "m1");
        bad_done.followup = Some(FollowUpFact {
            due: d(11, 24),
            provisional: false,
            done_at: Some(at(11, 18)),
            done_by: Some("0001".into()),
            outcome: Some("致歉".into()),
        });
        bad_done.callback = Some(CallbackFact { due: d(11, 27), done: false, reached: None, outcome: None });
        let mut bad_overdue = fact(16, Rating::VeryDissatisfied, "0002", "m2");
        bad_overdue.followup =
            Some(FollowUpFact { due: d(11, 20), provisional: false, done_at: None, done_by: None, outcome: None });
        let mut bad_late = fact(18, Rating::Dissatisfied, "0003", "m1");
        bad_late.followup = Some(FollowUpFact {
            due: d(11, 19),
            provisional: false,
            done_at: Some(at(11, 21)),
            done_by: Some("0001".into()),
            outcome: None,
        });
        let facts = vec![
            fact(16, Rating::VerySatisfied, "0001", "m1"),
            fact(16, Rating::Satisfied, "0001", "m1"),
            fact(22, Rating::Basic, "0003", "m2"),
            fact(23, Rating::Dissatisfied, "0003", "m2"), // after the period: left out
            bad_done,
            bad_overdue,
            bad_late,
        ];
        let r = ratings(period, d(11, 23), &facts);
        assert_eq!(r.total.0, [1, 1, 1, 2, 1]);
        assert_eq!(r.total.total(), 6);
        assert_eq!(r.total.bad(), 3);
        assert_eq!(r.total.satisfied_text(), "50.0%");
        assert_eq!(r.by_day.len(), 7, "every day of the period, zeros included");
        assert_eq!(r.by_day[0], (d(11, 16), Tally([1, 1, 0, 0, 1])));
        assert_eq!(r.by_day[6].1.total(), 1);
        assert_eq!(r.by_month, vec![("2026-11".to_string(), r.total)]);
        let two = ratings(Period::new(d(10, 31), d(11, 1)).unwrap(), d(11, 23), &[fact(1, Rating::Basic, "0001", "m")]);
        assert_eq!(
            two.by_month.iter().map(|m| (m.0.as_str(), m.1.total())).collect::<Vec<_>>(),
            [("2026-10", 0), ("2026-11", 1)]
        );
        assert_eq!(r.by_matter[0].0, "m1");
        assert_eq!(r.by_matter[0].1.total(), 4);
        assert_eq!(r.by_staff.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(), ["0001", "0002", "0003"]);
        assert_eq!(r.bad.len(), 3);
        assert_eq!(r.bad[0].followup, FollowUpState::Overdue { due: d(11, 20), provisional: false });
        assert!(matches!(r.bad[1].followup, FollowUpState::Done { late: false, .. }));
        assert_eq!(r.bad[1].callback, CallbackState::Open { due: d(11, 27), overdue: false });
        assert!(matches!(r.bad[2].followup, FollowUpState::Done { late: true, .. }));
        assert_eq!(r.open_followups(), 1);
        assert_eq!(Tally::default().satisfied_text(), "-");

        // A follow-up counted over a year without a State Council notice is provisional (SPEC
        // §2: every provisional date is labelled as such wherever it is shown).
        let mut open = fact(20, Rating::Dissatisfied, "0001", "m1");
        open.followup =
            Some(FollowUpFact { due: d(11, 27), provisional: true, done_at: None, done_by: None, outcome: None });
        let r = ratings(period, d(11, 23), &[open]);
        assert_eq!(r.bad[0].followup, FollowUpState::Open { due: d(11, 27), provisional: true });
        assert_eq!(r.bad[0].followup.zh(), "整改中（期限2026-11-27，暂定）");
        assert_eq!(r.bad[0].followup.en(), "open, due 2026-11-27 (provisional)");

        // SPEC §6: an ID number typed into free text never reaches a report raw.
        let mut typed = fact(20, Rating::Dissatisfied, "0001", "m1");
        typed.service = "窗口 11010519491231002X".into();
        typed.followup = Some(FollowUpFact {
            due: d(11, 24),
            provisional: false,
            done_at: Some(at(11, 21)),
            done_by: Some("0001".into()),
            outcome: Some("已联系11010519491231002X本人".into()),
        });
        let r = ratings(period, d(11, 23), &[typed]);
        let shown = format!("{:?}", r.bad);
        assert!(!shown.contains("11010519491231002X"), "{shown}");
        assert!(shown.contains("110105********002X"), "{shown}");
    }

    #[test]
    fn daily_counts_fill_every_day_and_split_bad_verdicts() {
        let period = Period::new(d(11, 20), d(11, 23)).unwrap();
        let facts = DailyFacts {
            prints: vec![(d(11, 20), 3), (d(11, 23), 1), (d(11, 24), 9)],
            intakes: vec![(d(11, 21), 2)],
            notices: vec![(d(11, 21), 1)],
            deficient: vec![(d(11, 22), 1)],
            documents: vec![],
            verdicts: vec![
                (d(11, 23), "valid".into(), 5),
                (d(11, 23), "revoked".into(), 1),
                (d(11, 23), "forged".into(), 2),
                (d(11, 23), "review_due".into(), 1),
            ],
        };
        let r = daily(period, &facts);
        assert_eq!(r.days.len(), 4);
        assert_eq!(r.days[0].1.prints, 3);
        assert_eq!(r.days[2].1, DayCounts { deficient: 1, ..Default::default() });
        assert_eq!(r.days[3].1.verdicts, 9);
        assert_eq!(r.days[3].1.verdicts_bad, 3);
        assert_eq!(r.total.prints, 4, "a day after the period is not counted");
        assert_eq!(r.verdicts[0], ("valid".to_string(), 5));
    }

    /// Working days per the State Council 2026 schedule (SPEC §2): due Wednesday 2026-09-30; the
    /// National Day holiday 10-01..10-07 does not count, 10-10 (Saturday) is a make-up day.
    #[test]
    fn overdue_counts_working_days_on_the_holiday_calendar() {
        let cal = Calendar::builtin();
        let f = |n: &str, due: NaiveDate, stat: Option<NaiveDate>| OverdueFact {
            number: n.into(),
            matter: "m".into(),
            state: "accepted".into(),
            owner: "0001".into(),
            owner_name: "x".into(),
            first_owner: "0001".into(),
            visitor_name: "v".into(),
            accepted_on: None,
            due_on: due,
            statutory_due_on: stat,
            pledge_due: None,
            due_provisional: false,
        };
        let mut typed = f("A", d(9, 30), Some(d(10, 9)));
        typed.visitor_name = "王11010519491231002X".into();
        let facts = vec![
            typed,
            f("B", d(10, 12), None),
            f("C", d(10, 12), Some(d(11, 1))),
            f("D", d(10, 13), None), // due on the report's day: not yet overdue
        ];
        let r = overdue(d(10, 13), &cal, &facts);
        assert_eq!(r.rows.iter().map(|r| r.case.number.as_str()).collect::<Vec<_>>(), ["A", "B", "C"]);
        // After 09-30: 10-08 (Thu), 10-09 (Fri), 10-10 (Sat, 调休), 10-12, 10-13 are worked.
        assert_eq!(r.rows[0].working_days_over, Some(5));
        assert_eq!(r.rows[0].case.visitor_name, "王110105********002X", "SPEC §6: no raw ID in a report");
        assert!(r.rows[0].statutory_passed);
        assert_eq!(r.rows[1].working_days_over, Some(1));
        assert!(!r.rows[2].statutory_passed);
        assert_eq!(r.by_matter, vec![("m".to_string(), 3)]);
        assert!(!r.rows[0].provisional, "2026 is published");
        // Judged in 2027 (no notice entered): counted provisionally, and marked so.
        let later = overdue(NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(), &cal, &facts);
        assert!(later.rows[0].working_days_over.is_some_and(|n| n > 5));
        assert!(later.rows.iter().all(|r| r.provisional));
        // A due date stored as provisional stays marked even when the count is not.
        let mut prov = facts.clone();
        prov[0].due_provisional = true;
        assert!(overdue(d(10, 13), &cal, &prov).rows[0].provisional);
        // Outside the computable years: no guess.
        let far = overdue(NaiveDate::from_ymd_opt(2201, 1, 2).unwrap(), &cal, &facts);
        assert_eq!(far.rows[0].working_days_over, None);
    }
}
