//! Working days (SPEC §2): time limits at the counter count working days, excluding statutory
//! holidays and including the make-up working days (调休) the State Council publishes each year.
//! The calendar is data (`assets/calendar.toml`, editable); a date in a year it does not list
//! is answered with [`OutsideCalendar`], never with a guess.
//!
//! Counting rule: a limit of N working days counts from the first working day after acceptance
//! (the acceptance day is day 0). Accepted 2025-09-30 with 5 working days → due 2025-10-14
//! (10-09, 10-10, 10-11 make-up Saturday, 10-13, 10-14).

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

pub const DEFAULT_TOML: &str = include_str!("../../../../assets/calendar.toml");

/// The warning value: `date` lies in a year the calendar does not know, so no working-day
/// answer is given. Screens show it as such ("日历未收录2027年，无法计算期限").
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{date} is outside the working-day calendar (known years: {first}-{last}); add that year's holidays to calendar.toml")]
pub struct OutsideCalendar {
    pub date: NaiveDate,
    pub first: i32,
    pub last: i32,
}

impl OutsideCalendar {
    pub fn zh(&self) -> String {
        format!(
            "工作日历未收录{}年（已收录{}-{}年），无法计算办理期限，请更新节假日安排",
            self.date.year(),
            self.first,
            self.last
        )
    }
    pub fn en(&self) -> String {
        format!(
            "The working-day calendar has no data for {} (known: {}-{}); the time limit cannot be computed",
            self.date.year(),
            self.first,
            self.last
        )
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
    pub fn is_working(self) -> bool {
        matches!(self, DayKind::Working | DayKind::MakeUp)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Year {
    holidays: BTreeSet<NaiveDate>,
    makeup: BTreeSet<NaiveDate>,
}

/// The working-day calendar for the years it lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    years: BTreeMap<i32, Year>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileYear {
    year: i32,
    #[serde(default)]
    #[allow(dead_code)] // kept in the file for people; not used in computation
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

impl Calendar {
    /// The calendar shipped with certdesk (2025 and 2026).
    pub fn builtin() -> Calendar {
        Calendar::parse(DEFAULT_TOML).expect("built-in calendar is valid")
    }

    /// Parse and check a calendar file: real dates, ranges in order, make-up days on weekends,
    /// no day both a holiday and a make-up day, each year once.
    pub fn parse(text: &str) -> Result<Calendar, String> {
        let f: File = toml::from_str(text).map_err(|e| format!("calendar: {e}"))?;
        let mut years = BTreeMap::new();
        for fy in f.year {
            if !(1990..=2200).contains(&fy.year) {
                return Err(format!("calendar: year {} is out of range", fy.year));
            }
            let mut y = Year::default();
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
            if years.insert(fy.year, y).is_some() {
                return Err(format!("calendar: year {} is listed twice", fy.year));
            }
        }
        if years.is_empty() {
            return Err("calendar lists no year".into());
        }
        Ok(Calendar { years })
    }

    /// The first and last year the calendar knows.
    pub fn known_years(&self) -> (i32, i32) {
        let first = *self.years.keys().next().expect("non-empty");
        let last = *self.years.keys().next_back().expect("non-empty");
        (first, last)
    }

    fn outside(&self, date: NaiveDate) -> OutsideCalendar {
        let (first, last) = self.known_years();
        OutsideCalendar { date, first, last }
    }

    /// What kind of day `date` is, or the warning if its year is unknown.
    pub fn day_kind(&self, date: NaiveDate) -> Result<DayKind, OutsideCalendar> {
        let y = self.years.get(&date.year()).ok_or_else(|| self.outside(date))?;
        Ok(if y.holidays.contains(&date) {
            DayKind::Holiday
        } else if y.makeup.contains(&date) {
            DayKind::MakeUp
        } else if is_weekend(date) {
            DayKind::Weekend
        } else {
            DayKind::Working
        })
    }

    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, OutsideCalendar> {
        Ok(self.day_kind(date)?.is_working())
    }

    /// The due date of a limit of `n` working days for a case accepted on `accepted` (day 0).
    /// `n = 0` is the acceptance day itself (即办).
    pub fn due_date(&self, accepted: NaiveDate, n: u32) -> Result<NaiveDate, OutsideCalendar> {
        if !self.years.contains_key(&accepted.year()) {
            return Err(self.outside(accepted));
        }
        let mut d = accepted;
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().ok_or_else(|| self.outside(d))?;
            if self.is_working_day(d)? {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// Working days left from `today` until `due`: the working days after today up to and
    /// including `due` (0 = due today or due on the next non-working stretch). Negative when
    /// overdue: minus the working days after `due` up to and including `today`.
    pub fn working_days_left(&self, today: NaiveDate, due: NaiveDate) -> Result<i64, OutsideCalendar> {
        let (from, to, sign) = if due >= today { (today, due, 1) } else { (due, today, -1) };
        // Both ends must be in known years (the days between then are, too, or a gap year
        // shows up in the loop).
        self.day_kind(from)?;
        self.day_kind(to)?;
        let mut n = 0i64;
        let mut d = from;
        while d < to {
            d = d.succ_opt().ok_or_else(|| self.outside(d))?;
            if self.is_working_day(d)? {
                n += 1;
            }
        }
        Ok(sign * n)
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
    fn unknown_year_is_a_warning_not_a_guess() {
        let c = Calendar::builtin();
        let e = c.due_date(d(2027, 3, 1), 5).unwrap_err();
        assert_eq!(e.date, d(2027, 3, 1));
        assert_eq!((e.first, e.last), (2025, 2026));
        assert!(e.zh().contains("2027"));
        // Counting runs out of 2026 into the unknown 2027: refused, not guessed.
        assert_eq!(c.due_date(d(2026, 12, 30), 5).unwrap_err().date.year(), 2027);
        assert!(c.day_kind(d(2024, 12, 31)).is_err());
        assert!(c.working_days_left(d(2026, 12, 1), d(2027, 1, 10)).is_err());
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
    }

    proptest::proptest! {
        #[test]
        fn due_date_and_days_left_agree(offset in 0i64..700, n in 0u32..60) {
            // For any acceptance day in the known years, counting n working days forward and
            // then counting the days left back gives n; the due day is a working day.
            let c = Calendar::builtin();
            let accepted = d(2025, 1, 1) + Duration::days(offset);
            if let Ok(due) = c.due_date(accepted, n) {
                proptest::prop_assert!(due >= accepted);
                if n > 0 {
                    proptest::prop_assert!(c.is_working_day(due).unwrap());
                }
                proptest::prop_assert_eq!(c.working_days_left(accepted, due).unwrap(), n as i64);
            } else {
                // Only running out of the known years may fail.
                proptest::prop_assert!(accepted + Duration::days(n as i64 * 3 + 20) > d(2026, 12, 31));
            }
        }

        #[test]
        fn garbage_calendar_text_is_an_error_not_a_panic(text in "\\PC{0,200}") {
            proptest::prop_assert!(Calendar::parse(&text).is_err(), "garbage accepted: {:?}", text);
        }
    }
}
