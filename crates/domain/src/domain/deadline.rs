//! Deadlines as screens and paper print them (SPEC §2): the Chinese date form (2027年1月1日),
//! "（含）前" so that the last day itself plainly counts, and — when that day is not a working
//! day — the last working day before it, since the counter is closed on the deadline itself.
//!
//! Working days come from the [`Calendar`]: published years as the State Council's notice says,
//! later years provisionally (weekends and the statutory festival days, no 调休); a last working
//! day found in a provisional year is marked 暂定. Only for a date outside what the calendar can
//! compute at all does the fallback here count weekends alone, so a deadline is always printed.

use super::workdays::{Calendar, DayKind};
use chrono::{Datelike, NaiveDate, Weekday};

/// A date in the Chinese form of paper and screens: 2027年1月1日 (no leading zeros).
pub fn zh_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// What kind of day `d` is: the calendar's answer, or outside the calendar's years, weekends
/// only (Saturday and Sunday are rest days, every other day works). The one place that decides
/// the fallback, so a calendar that knows more years replaces it without other changes.
pub fn day_kind(cal: &Calendar, d: NaiveDate) -> DayKind {
    cal.day_kind(d).unwrap_or(match d.weekday() {
        Weekday::Sat | Weekday::Sun => DayKind::Weekend,
        _ => DayKind::Working,
    })
}

/// The last working day on or before `d` (`d` itself when it is one).
pub fn last_working_day(cal: &Calendar, d: NaiveDate) -> NaiveDate {
    let mut day = d;
    // A holiday run is at most a few weeks long; the bound only guards a broken calendar.
    for _ in 0..60 {
        if day_kind(cal, day).is_working() {
            return day;
        }
        match day.pred_opt() {
            Some(p) => day = p,
            None => break,
        }
    }
    d
}

/// The deadline `d` in Chinese: "2027年1月1日（含）前", and when `d` is not a working day
/// "2027年1月3日（含）前（非工作日，最后工作日为2026年12月31日）". A last working day the
/// calendar could not confirm (its year is not listed; weekends only) is marked 暂定.
pub fn deadline_zh(cal: &Calendar, d: NaiveDate) -> String {
    let last = last_working_day(cal, d);
    if last == d {
        return format!("{}（含）前", zh_date(d));
    }
    let provisional = if confirmed(cal, last, d) { "" } else { "，暂定" };
    format!("{}（含）前（非工作日，最后工作日为{}{provisional}）", zh_date(d), zh_date(last))
}

/// The deadline `d` in English: "by 2027-01-01 (inclusive)", with the last working day when
/// `d` is not one.
pub fn deadline_en(cal: &Calendar, d: NaiveDate) -> String {
    let last = last_working_day(cal, d);
    if last == d {
        return format!("by {d} (inclusive)");
    }
    let provisional = if confirmed(cal, last, d) { "" } else { ", provisional" };
    format!("by {d} (inclusive; not a working day: last working day {last}{provisional})")
}

/// Whether every day from `from` to `to` lies in a year whose notice is published (neither a
/// provisional year nor the weekends-only fallback decided the last working day).
fn confirmed(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> bool {
    (from.year()..=to.year()).all(|y| cal.is_published(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn chinese_date_form_has_no_leading_zeros() {
        assert_eq!(zh_date(d(2027, 1, 1)), "2027年1月1日");
        assert_eq!(zh_date(d(2026, 10, 31)), "2026年10月31日");
    }

    /// 国务院办公厅 notice of 2025-11-04: 2026-10-01..10-07 are holidays, 2026-10-10 (Saturday)
    /// is a make-up working day; 2026-12-05 is an ordinary Saturday.
    #[test]
    fn a_deadline_that_is_not_a_working_day_names_the_last_one() {
        let cal = Calendar::builtin();
        assert_eq!(deadline_zh(&cal, d(2026, 12, 4)), "2026年12月4日（含）前");
        assert_eq!(deadline_zh(&cal, d(2026, 12, 5)), "2026年12月5日（含）前（非工作日，最后工作日为2026年12月4日）");
        assert_eq!(deadline_zh(&cal, d(2026, 10, 5)), "2026年10月5日（含）前（非工作日，最后工作日为2026年9月30日）");
        assert_eq!(deadline_zh(&cal, d(2026, 10, 10)), "2026年10月10日（含）前", "make-up Saturday works");
        assert_eq!(deadline_en(&cal, d(2026, 10, 10)), "by 2026-10-10 (inclusive)");
        assert_eq!(
            deadline_en(&cal, d(2026, 10, 5)),
            "by 2026-10-05 (inclusive; not a working day: last working day 2026-09-30)"
        );
    }

    /// Past the published years the last working day is found on the provisional calendar
    /// (放假办法 2024修订: weekends and the festival days) and marked 暂定; it is never a failure.
    #[test]
    fn past_the_published_years_the_last_working_day_is_provisional() {
        let cal = Calendar::builtin();
        let last = *cal.published_years().last().unwrap();
        // a Sunday in mid-March of the year after the last published one (no statutory holiday
        // falls in mid-March)
        let mut sunday = d(last + 1, 3, 15);
        while sunday.weekday() != Weekday::Sun {
            sunday = sunday.succ_opt().unwrap();
        }
        let friday = sunday - chrono::Days::new(2);
        assert_eq!(last_working_day(&cal, sunday), friday);
        let want = format!("（非工作日，最后工作日为{}，暂定）", zh_date(friday));
        assert!(deadline_zh(&cal, sunday).ends_with(&want), "{}", deadline_zh(&cal, sunday));
        assert!(deadline_en(&cal, sunday).ends_with(", provisional)"));
        let monday = sunday + chrono::Days::new(1);
        assert_eq!(last_working_day(&cal, monday), monday);
        assert_eq!(day_kind(&cal, monday), DayKind::Working);
        // 2027-10-03 (Sunday) is 国庆 on the provisional calendar (10-01..10-03): the last working
        // day before it is Thursday 09-30.
        assert_eq!(last_working_day(&cal, d(2027, 10, 3)), d(2027, 9, 30));
    }
}
