//! Working days (SPEC §2): time limits at the counter count working days (行政许可法 第八十二条:
//! 以工作日计算，不含法定节假日), excluding statutory holidays and including the make-up working
//! days (调休) the State Council publishes each year.
//!
//! Two sources, year by year:
//! - **published**: a year whose 国务院办公厅 notice is entered (the built-in 2025 and 2026, and
//!   whatever the bureau adds with `certdesk calendar add`, kept in the database): its holidays
//!   and make-up days exactly as published;
//! - **provisional** (暂定): any other year: weekends plus the statutory days of the
//!   全国年节及纪念日放假办法 (2024修订) 第二条, computed from the lunar calendar and the solar terms
//!   (`festivals.rs`), without 调休. A date counted over such a year is marked provisional wherever
//!   it is shown, and recomputed when that year's notice is entered.
//!
//! So the counter never stops for want of a calendar; only a date outside the years the lunar
//! computation covers ([`festivals::FIRST_YEAR`]..=[`festivals::LAST_YEAR`]) is answered with
//! [`OutsideCalendar`].
//!
//! Counting rule: a limit of N working days counts from the first working day after acceptance
//! (the acceptance day is day 0). Accepted 2025-09-30 with 5 working days → due 2025-10-14
//! (10-09, 10-10, 10-11 make-up Saturday, 10-13, 10-14).

use super::festivals::{self, Festival};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// The built-in years' notices (assets/calendar.toml).
pub const DEFAULT_TOML: &str = include_str!("../../../../assets/calendar.toml");

/// A date outside the years certdesk can count working days in at all (not merely a year without
/// a published notice: those are counted provisionally).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{date} is outside the years working days can be counted in ({first}-{last})", first = festivals::FIRST_YEAR, last = festivals::LAST_YEAR)]
pub struct OutsideCalendar {
    /// The date.
    pub date: NaiveDate,
}

impl OutsideCalendar {
    /// The error in Chinese.
    pub fn zh(&self) -> String {
        format!(
            "{}超出可计算工作日的年份范围（{}-{}年），请核对日期",
            self.date,
            festivals::FIRST_YEAR,
            festivals::LAST_YEAR
        )
    }
    /// The error in English.
    pub fn en(&self) -> String {
        self.to_string()
    }
}

/// What kind of day a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// Monday to Friday, not a holiday.
    Working,
    /// A Saturday or Sunday that is a make-up working day (调休上班).
    MakeUp,
    /// Saturday or Sunday.
    Weekend,
    /// A statutory holiday (法定节假日 and its bridging days).
    Holiday,
}

impl DayKind {
    /// Whether one works that day (a weekday that is no holiday, or a make-up day).
    pub fn is_working(self) -> bool {
        matches!(self, DayKind::Working | DayKind::MakeUp)
    }
}

/// One year's published State Council notice: holidays (with bridging days) and make-up working
/// days, and the notice's name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notice {
    /// The year it is for.
    pub year: i32,
    /// The notice's name, e.g. "国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）".
    pub source: String,
    /// The days off (holidays and bridging days).
    pub holidays: BTreeSet<NaiveDate>,
    /// The weekend days worked (调休上班).
    pub makeup: BTreeSet<NaiveDate>,
}

/// A date counted on the calendar, and whether any day counted fell in a year without a
/// published notice (暂定).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted<T> {
    /// The date or count.
    pub value: T,
    /// Whether a day counted lies in a year without a published notice.
    pub provisional: bool,
}

/// The working-day calendar: the published years, provisional counting for every other year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    years: BTreeMap<i32, Notice>,
    /// Which stored calendar this is (0: the built-in years only); cases record it.
    version: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileYear {
    year: i32,
    #[serde(default)]
    source: String,
    holidays: Vec<String>,
    workdays: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    year: Vec<FileYear>,
}

fn parse_md(year: i32, s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    let (m, d) = s.split_once('-').ok_or_else(|| format!("{year}: \"{s}\" is not MM-DD"))?;
    let (m, d): (u32, u32) = match (m.parse(), d.parse()) {
        (Ok(m), Ok(d)) => (m, d),
        _ => return Err(format!("{year}: \"{s}\" is not MM-DD")),
    };
    NaiveDate::from_ymd_opt(year, m, d).ok_or_else(|| format!("{year}: {s} is not a real date"))
}

impl Notice {
    /// Parse a calendar file (one or more `[[year]]` tables, as `assets/calendar.toml`) and check
    /// each year's form: real dates, ranges in order, make-up days on weekends, no day both a
    /// holiday and a make-up day, each year once. Completeness is [`Notice::check`]'s.
    pub fn parse_file(text: &str) -> Result<Vec<Notice>, String> {
        let f: File = toml::from_str(text).map_err(|e| format!("calendar: {e}"))?;
        let mut out: Vec<Notice> = Vec::new();
        for fy in f.year {
            if !(festivals::FIRST_YEAR..=festivals::LAST_YEAR).contains(&fy.year) {
                return Err(format!(
                    "calendar: year {} is out of range ({}-{})",
                    fy.year,
                    festivals::FIRST_YEAR,
                    festivals::LAST_YEAR
                ));
            }
            let mut y = Notice { year: fy.year, source: fy.source.trim().to_string(), ..Notice::default() };
            for h in &fy.holidays {
                let (a, b) = match h.split_once("..") {
                    Some((a, b)) => (parse_md(fy.year, a)?, parse_md(fy.year, b)?),
                    None => {
                        let d = parse_md(fy.year, h)?;
                        (d, d)
                    }
                };
                if b < a {
                    return Err(format!("calendar {}: range {h} ends before it starts", fy.year));
                }
                let mut d = a;
                while d <= b {
                    y.holidays.insert(d);
                    d += Duration::days(1);
                }
            }
            for w in &fy.workdays {
                let d = parse_md(fy.year, w)?;
                if !is_weekend(d) {
                    return Err(format!("calendar {}: make-up working day {w} is not a Saturday or Sunday", fy.year));
                }
                if y.holidays.contains(&d) {
                    return Err(format!("calendar {}: {w} is both a holiday and a make-up working day", fy.year));
                }
                y.makeup.insert(d);
            }
            if out.iter().any(|o| o.year == fy.year) {
                return Err(format!("calendar: year {} is listed twice", fy.year));
            }
            out.push(y);
        }
        if out.is_empty() {
            return Err("calendar lists no year".into());
        }
        Ok(out)
    }

    /// Whether the notice is complete enough to be entered as a whole year (SPEC §2 "A year is
    /// entered as a whole"): the notice is named, and every statutory day of the seven festivals
    /// of 放假办法 第二条 is among its holidays. Returns each problem found.
    pub fn check(&self) -> Vec<NoticeProblem> {
        let mut out = Vec::new();
        if self.source.trim().is_empty() {
            out.push(NoticeProblem::NoSource);
        }
        for f in festivals::statutory(self.year).unwrap_or_default() {
            let missing: Vec<NaiveDate> = f.days.iter().copied().filter(|d| !self.holidays.contains(d)).collect();
            if !missing.is_empty() {
                out.push(NoticeProblem::FestivalMissing { festival: f.festival, days: missing });
            }
        }
        out
    }

    /// Holidays and make-up days as ranges "MM-DD" / "MM-DD..MM-DD", the calendar file's form.
    pub fn holiday_ranges(&self) -> Vec<(NaiveDate, NaiveDate)> {
        let mut out: Vec<(NaiveDate, NaiveDate)> = Vec::new();
        for &d in &self.holidays {
            match out.last_mut() {
                Some((_, b)) if *b + Duration::days(1) == d => *b = d,
                _ => out.push((d, d)),
            }
        }
        out
    }

    /// The notice as a calendar file with one `[[year]]` table (how it is stored).
    pub fn to_toml(&self) -> String {
        let md = |d: NaiveDate| d.format("%m-%d").to_string();
        let hol: Vec<String> = self
            .holiday_ranges()
            .into_iter()
            .map(|(a, b)| if a == b { format!("\"{}\"", md(a)) } else { format!("\"{}..{}\"", md(a), md(b)) })
            .collect();
        let work: Vec<String> = self.makeup.iter().map(|&d| format!("\"{}\"", md(d))).collect();
        let source = toml::Value::String(self.source.clone()).to_string();
        format!(
            "[[year]]\nyear = {}\nsource = {source}\nholidays = [{}]\nworkdays = [{}]\n",
            self.year,
            hol.join(", "),
            work.join(", ")
        )
    }
}

/// Why a notice cannot be entered as a whole year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeProblem {
    /// The notice's name is missing.
    NoSource,
    /// A festival's statutory days are not all days off.
    FestivalMissing {
        /// The festival.
        festival: Festival,
        /// The statutory days missing.
        days: Vec<NaiveDate>,
    },
}

impl NoticeProblem {
    /// The problem in Chinese.
    pub fn zh(&self) -> String {
        match self {
            NoticeProblem::NoSource => "未填写通知名称（source），请写明国务院办公厅通知的名称和日期".into(),
            NoticeProblem::FestivalMissing { festival, days } => format!(
                "{}的法定假日{}不在放假日期中（全国年节及纪念日放假办法第二条），请按通知录入全年安排",
                festival.zh(),
                list(days)
            ),
        }
    }
    /// The problem in English.
    pub fn en(&self) -> String {
        match self {
            NoticeProblem::NoSource => "the notice's name (source) is missing".into(),
            NoticeProblem::FestivalMissing { festival, days } => format!(
                "{}: the statutory day(s) {} are not among the holidays (放假办法 art. 2); enter the whole year",
                festival.en(),
                list(days)
            ),
        }
    }
}

fn list(days: &[NaiveDate]) -> String {
    days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("、")
}

impl Calendar {
    /// The calendar shipped with certdesk (the published years 2025 and 2026).
    pub fn builtin() -> Calendar {
        Calendar::parse(DEFAULT_TOML).expect("built-in calendar is valid")
    }

    /// The built-in years with `notices` entered over them (a stored year replaces a built-in
    /// one), as stored calendar `version`.
    pub fn with_notices(notices: impl IntoIterator<Item = Notice>, version: i64) -> Calendar {
        let mut c = Calendar::builtin();
        for n in notices {
            c.years.insert(n.year, n);
        }
        c.version = version;
        c
    }

    /// Parse a calendar file and check its form ([`Notice::parse_file`]).
    pub fn parse(text: &str) -> Result<Calendar, String> {
        let years = Notice::parse_file(text)?.into_iter().map(|n| (n.year, n)).collect();
        Ok(Calendar { years, version: 0 })
    }

    /// The stored calendar's version this was built from (0: built-in years only).
    pub fn version(&self) -> i64 {
        self.version
    }

    /// The years with a published notice, in order.
    pub fn published_years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    /// Whether the year's notice is entered (or built in).
    pub fn is_published(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// The published notice of `year`, if entered.
    pub fn notice(&self, year: i32) -> Option<&Notice> {
        self.years.get(&year)
    }

    /// The years whose notice should be entered by `today` and is not (SPEC §2: `doctor` warns
    /// from 1 November while next year is missing): this year at any time, next year from
    /// 1 November (the State Council usually publishes it in November).
    pub fn missing_notices(&self, today: NaiveDate) -> Vec<i32> {
        let mut out = Vec::new();
        if !self.is_published(today.year()) {
            out.push(today.year());
        }
        if today.month() >= 11 && !self.is_published(today.year() + 1) {
            out.push(today.year() + 1);
        }
        out
    }

    /// Whether counting over the days after `from` up to and including `to` touches a year
    /// without a published notice.
    pub fn provisional_between(&self, from: NaiveDate, to: NaiveDate) -> bool {
        let (a, b) = if from <= to { (from, to) } else { (to, from) };
        if a == b {
            return false;
        }
        let first = (a + Duration::days(1)).year();
        (first..=b.year()).any(|y| !self.is_published(y))
    }

    /// What kind of day `date` is: as published, or provisionally (weekends and the statutory
    /// festival days) in a year without a notice.
    pub fn day_kind(&self, date: NaiveDate) -> Result<DayKind, OutsideCalendar> {
        let kind = |holiday: bool, makeup: bool| {
            if holiday {
                DayKind::Holiday
            } else if makeup {
                DayKind::MakeUp
            } else if is_weekend(date) {
                DayKind::Weekend
            } else {
                DayKind::Working
            }
        };
        if let Some(y) = self.years.get(&date.year()) {
            return Ok(kind(y.holidays.contains(&date), y.makeup.contains(&date)));
        }
        let days = festivals::statutory_days(date.year()).ok_or(OutsideCalendar { date })?;
        Ok(kind(days.contains(&date), false))
    }

    /// Whether one works on `date`.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, OutsideCalendar> {
        Ok(self.day_kind(date)?.is_working())
    }

    /// The due date of a limit of `n` working days for a case accepted on `accepted` (day 0),
    /// and whether it is provisional. `n = 0` is the acceptance day itself (即办).
    pub fn due(&self, accepted: NaiveDate, n: u32) -> Result<Counted<NaiveDate>, OutsideCalendar> {
        self.day_kind(accepted)?;
        let mut d = accepted;
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().ok_or(OutsideCalendar { date: d })?;
            if self.is_working_day(d)? {
                left -= 1;
            }
        }
        Ok(Counted { value: d, provisional: self.provisional_between(accepted, d) })
    }

    /// [`Calendar::due`] without the provisional mark (for callers that record it separately).
    pub fn due_date(&self, accepted: NaiveDate, n: u32) -> Result<NaiveDate, OutsideCalendar> {
        Ok(self.due(accepted, n)?.value)
    }

    /// Working days left from `today` until `due`: the working days after today up to and
    /// including `due` (0 = due today or due on the next non-working stretch). Negative when
    /// overdue: minus the working days after `due` up to and including `today`. Provisional when
    /// a counted day lies in a year without a published notice.
    pub fn days_left(&self, today: NaiveDate, due: NaiveDate) -> Result<Counted<i64>, OutsideCalendar> {
        let (from, to, sign) = if due >= today { (today, due, 1) } else { (due, today, -1) };
        self.day_kind(from)?;
        self.day_kind(to)?;
        let mut n = 0i64;
        let mut d = from;
        while d < to {
            d = d.succ_opt().ok_or(OutsideCalendar { date: d })?;
            if self.is_working_day(d)? {
                n += 1;
            }
        }
        Ok(Counted { value: sign * n, provisional: self.provisional_between(from, to) })
    }

    /// [`Calendar::days_left`] without the provisional mark.
    pub fn working_days_left(&self, today: NaiveDate, due: NaiveDate) -> Result<i64, OutsideCalendar> {
        Ok(self.days_left(today, due)?.value)
    }
}

/// `days` calendar days after `from` (callbacks "within 10 days" are calendar days, seed 004
/// 围场 2023 item 16: 办理完毕后10日内逐一电话回访).
pub fn calendar_days_after(from: NaiveDate, days: u32) -> NaiveDate {
    from + Duration::days(days as i64)
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn spec_example_national_day_2025() {
        // SPEC §2: accepted 2025-09-30, 5 working days → 2025-10-14
        // (10-09, 10-10, 10-11 make-up Saturday, 10-13, 10-14).
        let c = Calendar::builtin();
        assert_eq!(c.due_date(d(2025, 9, 30), 5), Ok(d(2025, 10, 14)));
        assert_eq!(c.due_date(d(2025, 9, 30), 1), Ok(d(2025, 10, 9)));
        assert_eq!(c.due_date(d(2025, 9, 30), 3), Ok(d(2025, 10, 11)), "make-up Saturday counts");
        assert_eq!(c.due_date(d(2025, 9, 30), 0), Ok(d(2025, 9, 30)), "day 0 is the acceptance day");
        // 2025-09-28 (Sunday) is a make-up working day: accepted on Friday 09-26, day 1 is Sunday.
        assert_eq!(c.due_date(d(2025, 9, 26), 1), Ok(d(2025, 9, 28)));
        for day in 1..=8 {
            assert_eq!(c.day_kind(d(2025, 10, day)), Ok(DayKind::Holiday), "2025-10-{day:02}");
        }
        assert_eq!(c.day_kind(d(2025, 10, 11)), Ok(DayKind::MakeUp));
        assert_eq!(c.day_kind(d(2025, 10, 12)), Ok(DayKind::Weekend));
    }

    #[test]
    fn spring_festival_2026() {
        // 2026 holidays 02-15..02-23, make-up Saturdays 02-14 and 02-28 (国办 2025-11-04).
        let c = Calendar::builtin();
        assert_eq!(c.day_kind(d(2026, 2, 17)), Ok(DayKind::Holiday));
        assert_eq!(c.day_kind(d(2026, 2, 14)), Ok(DayKind::MakeUp));
        assert_eq!(c.day_kind(d(2026, 2, 28)), Ok(DayKind::MakeUp));
        // Accepted Friday 02-13: 02-14 (make-up Sat), 02-24, 02-25, 02-26, 02-27.
        assert_eq!(c.due_date(d(2026, 2, 13), 5), Ok(d(2026, 2, 27)));
        // Accepted on the holiday 02-17 (online): 02-24..02-27, 02-28 make-up, 03-02..03-04.
        assert_eq!(c.due_date(d(2026, 2, 17), 8), Ok(d(2026, 3, 4)));
        // 18 working days (围场 2023 item 2: statutory 45 → 18) from 2026-02-10.
        assert_eq!(c.due_date(d(2026, 2, 10), 18), Ok(d(2026, 3, 12)));
        // Days left across the festival: from 02-16 to 02-27 are 02-24..02-27 = 4.
        assert_eq!(c.working_days_left(d(2026, 2, 16), d(2026, 2, 27)), Ok(4));
        assert_eq!(c.working_days_left(d(2026, 2, 27), d(2026, 2, 27)), Ok(0));
        // Overdue: due 02-13, today 02-24 → 02-14 and 02-24 have passed.
        assert_eq!(c.working_days_left(d(2026, 2, 24), d(2026, 2, 13)), Ok(-2));
    }

    #[test]
    fn year_boundary_and_new_year_make_up() {
        let c = Calendar::builtin();
        // 2025-12-31 (Wed) + 1: 2026-01-01..03 are holidays, 01-04 (Sun) is a make-up day.
        assert_eq!(c.due_date(d(2025, 12, 31), 1), Ok(d(2026, 1, 4)));
        assert_eq!(c.due_date(d(2025, 12, 31), 2), Ok(d(2026, 1, 5)));
    }

    #[test]
    fn past_the_published_years_dates_are_provisional_not_refused() {
        // SPEC §2 / 行政许可法 第八十二条: working days exclude 法定节假日. With no 2027 notice,
        // 2027 counts weekends and the statutory days of the 放假办法 (2024修订) 第二条: 元旦
        // 01-01, 春节 02-05..02-08 (除夕..初三), 清明 04-05, 劳动节 05-01..02, 端午 06-09, 中秋 09-15,
        // 国庆 10-01..03 — and no 调休.
        let c = Calendar::builtin();
        assert_eq!(c.day_kind(d(2027, 1, 1)), Ok(DayKind::Holiday));
        assert_eq!(c.day_kind(d(2027, 2, 5)), Ok(DayKind::Holiday), "除夕");
        assert_eq!(c.day_kind(d(2027, 2, 8)), Ok(DayKind::Holiday), "初三 (Monday)");
        assert_eq!(c.day_kind(d(2027, 2, 9)), Ok(DayKind::Working), "初四 is no statutory holiday");
        assert_eq!(c.day_kind(d(2027, 6, 9)), Ok(DayKind::Holiday), "端午");
        assert_eq!(c.day_kind(d(2027, 9, 15)), Ok(DayKind::Holiday), "中秋");
        assert_eq!(c.day_kind(d(2027, 10, 4)), Ok(DayKind::Working), "国庆 is 3 days by statute");
        // The case: accepted Monday 2026-12-21, 20 working days (statutory limit of a
        // 补发): 12-22..12-31 are 8, 2027-01-01 is 元旦, 01-04..01-15 are 10 more, 01-18, 01-19.
        let due = c.due(d(2026, 12, 21), 20).unwrap();
        assert_eq!(due, Counted { value: d(2027, 1, 19), provisional: true });
        // 5 working days stay inside 2026: published, not provisional.
        assert_eq!(c.due(d(2026, 12, 21), 5).unwrap(), Counted { value: d(2026, 12, 28), provisional: false });
        // 45 working days from 2027-01-20 run across the Spring Festival (4 statutory days, of
        // which 02-06/07 are a weekend anyway).
        let spring = c.due(d(2027, 1, 20), 45).unwrap();
        assert!(spring.provisional);
        // 01-21..02-04 are 11; 02-05 (Fri, 除夕) and 02-08 (Mon, 初三) are off; 02-09.. on.
        assert_eq!(spring.value, d(2027, 3, 26));
        // Days left across the boundary are provisional too; inside 2026 they are not.
        assert_eq!(c.days_left(d(2026, 12, 21), d(2027, 1, 19)).unwrap(), Counted { value: 20, provisional: true });
        assert!(!c.days_left(d(2026, 12, 1), d(2026, 12, 21)).unwrap().provisional);
        assert_eq!(c.days_left(d(2027, 1, 21), d(2027, 1, 19)).unwrap().value, -2);
        // Before the first published year, too (an old case's dates): provisional, not refused.
        assert!(c.due(d(2024, 12, 30), 3).unwrap().provisional);
        // Only dates outside the years the lunar computation covers are refused, with the range.
        let e = c.due_date(d(2201, 3, 1), 5).unwrap_err();
        assert_eq!(e.date, d(2201, 3, 1));
        assert!(e.zh().contains("2200"), "{}", e.zh());
        assert!(c.due_date(d(2200, 12, 30), 5).is_err(), "runs out of the range");
    }

    #[test]
    fn next_years_notice_is_missing_from_the_first_of_november() {
        // SPEC §2: doctor warns from 1 November while next year's notice is missing.
        let c = Calendar::builtin();
        assert_eq!(c.missing_notices(d(2026, 10, 31)), Vec::<i32>::new());
        assert_eq!(c.missing_notices(d(2026, 11, 1)), vec![2027]);
        assert_eq!(c.missing_notices(d(2026, 12, 5)), vec![2027]);
        assert_eq!(c.missing_notices(d(2025, 11, 1)), Vec::<i32>::new(), "2026 is built in");
        assert_eq!(c.missing_notices(d(2027, 3, 1)), vec![2027], "this year, any month");
        assert_eq!(c.missing_notices(d(2027, 11, 2)), vec![2027, 2028]);
    }

    #[test]
    fn entering_a_notice_replaces_the_provisional_year() {
        // A 2027 notice as the State Council might publish it (bridging days and 调休): with it,
        // 2027 is published and counts the notice's days, including a make-up Sunday.
        let text = "[[year]]\nyear = 2027\nsource = \"国务院办公厅关于2027年部分节假日安排的通知\"\n\
                    holidays = [\"01-01..01-03\", \"02-05..02-13\", \"04-03..04-05\", \"05-01..05-05\", \
                    \"06-09..06-11\", \"09-15..09-17\", \"10-01..10-07\"]\nworkdays = [\"02-14\", \"10-09\"]\n";
        let notices = Notice::parse_file(text).unwrap();
        assert_eq!(notices[0].check(), vec![]);
        let c = Calendar::with_notices(notices, 3);
        assert_eq!(c.version(), 3);
        assert_eq!(c.published_years(), vec![2025, 2026, 2027]);
        assert_eq!(c.day_kind(d(2027, 2, 9)), Ok(DayKind::Holiday));
        assert_eq!(c.day_kind(d(2027, 2, 14)), Ok(DayKind::MakeUp));
        assert_eq!(c.due(d(2026, 12, 21), 20).unwrap(), Counted { value: d(2027, 1, 19), provisional: false });
        // Across the Spring Festival the notice's bridging days move the date: provisional
        // 03-26 (see above) becomes 03-31 (02-05..02-13 off, Sunday 02-14 worked).
        assert_eq!(c.due(d(2027, 1, 20), 45).unwrap(), Counted { value: d(2027, 3, 31), provisional: false });
        // The stored form reads back to the same notice.
        let n = c.notice(2027).unwrap();
        assert_eq!(&Notice::parse_file(&n.to_toml()).unwrap()[0], n);
    }

    #[test]
    fn a_partial_or_unnamed_year_is_not_a_whole_notice() {
        // SPEC §2: a year is entered as a whole. A 2027 entry listing only 元旦 misses six
        // festivals of 放假办法 第二条; one without `source` names no notice.
        let partial =
            Notice::parse_file("[[year]]\nyear = 2027\nsource = \"x\"\nholidays = [\"01-01\"]\nworkdays = []\n")
                .unwrap()
                .remove(0);
        let problems = partial.check();
        assert_eq!(problems.len(), 6, "{problems:?}");
        assert!(problems.iter().any(|p| matches!(p, NoticeProblem::FestivalMissing { festival: Festival::SpringFestival, days } if days[0] == d(2027, 2, 5))));
        assert!(problems[0].zh().contains("放假办法"));
        // The built-in years are whole and named.
        for y in [2025, 2026] {
            assert_eq!(Calendar::builtin().notice(y).unwrap().check(), vec![], "{y}");
        }
        let unnamed = Notice::parse_file(
            &DEFAULT_TOML.replace("source = \"国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）\"", ""),
        )
        .unwrap();
        assert_eq!(unnamed[1].check(), vec![NoticeProblem::NoSource]);
        // 中秋 2026 (09-25) missing from the holidays: named.
        let moved = DEFAULT_TOML.replace("\"09-25..09-27\", ", "");
        let p = Notice::parse_file(&moved).unwrap()[1].check();
        assert_eq!(
            p,
            vec![NoticeProblem::FestivalMissing { festival: Festival::MidAutumn, days: vec![d(2026, 9, 25)] }]
        );
    }

    #[test]
    fn calendar_days_for_callbacks() {
        // Seed 004 (围场 2023 item 16): callback within 10 days of completion, calendar days.
        assert_eq!(calendar_days_after(d(2025, 9, 30), 10), d(2025, 10, 10));
    }

    #[test]
    fn bad_calendar_files() {
        assert!(Calendar::parse("nonsense").is_err());
        assert!(Calendar::parse("year = []").is_err());
        let base = "[[year]]\nyear = 2025\nholidays = [\"01-01\"]\nworkdays = [\"01-26\"]\n";
        assert!(Calendar::parse(base).is_ok());
        assert!(Calendar::parse(&base.replace("01-26", "01-27")).unwrap_err().contains("not a Saturday"));
        assert!(Calendar::parse(&base.replace("\"01-01\"", "\"02-30\"")).unwrap_err().contains("not a real date"));
        assert!(Calendar::parse(&base.replace("\"01-01\"", "\"05-05..05-01\"")).unwrap_err().contains("ends before"));
        assert!(Calendar::parse(&base.replace("\"01-01\"", "\"01-26\"")).unwrap_err().contains("both"));
        assert!(Calendar::parse(&format!("{base}{base}")).unwrap_err().contains("twice"));
        assert!(Calendar::parse(&base.replace("01-01", "1/1")).is_err());
        assert!(Calendar::parse(&format!("{base}extra = 1\n")).is_err(), "unknown keys are refused");
        assert!(Calendar::parse(&base.replace("2025", "2300")).unwrap_err().contains("out of range"));
        assert!(Calendar::parse("[[year]]\nyear = \"2027\"\nholidays = []\nworkdays = []\n").is_err());
        assert!(Calendar::parse("\u{0}\u{1}garbage").is_err());
    }

    proptest::proptest! {
        #[test]
        fn due_date_and_days_left_agree(offset in 0i64..1500, n in 0u32..60) {
            // For any acceptance day in the known years, counting n working days forward and
            // then counting the days left back gives n; the due day is a working day.
            let c = Calendar::builtin();
            let accepted = d(2025, 1, 1) + Duration::days(offset);
            // Across published and provisional years alike.
            let due = c.due(accepted, n).unwrap();
            proptest::prop_assert!(due.value >= accepted);
            if n > 0 {
                proptest::prop_assert!(c.is_working_day(due.value).unwrap());
            }
            proptest::prop_assert_eq!(due.provisional, n > 0 && due.value.year() > 2026);
            proptest::prop_assert_eq!(c.working_days_left(accepted, due.value).unwrap(), n as i64);
        }

        #[test]
        fn garbage_calendar_text_is_an_error_not_a_panic(text in "\\PC{0,200}") {
            proptest::prop_assert!(Calendar::parse(&text).is_err(), "garbage accepted: {:?}", text);
        }
    }
}
