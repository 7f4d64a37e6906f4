//! The statutory retirement age (法定退休年龄) by birth month, under the 全国人民代表大会常务委员会
//! 关于实施渐进式延迟法定退休年龄的决定 (2024-09-13, in force 2025-01-01) and its 附件
//! 《国务院关于渐进式延迟法定退休年龄的办法》: from 1 January 2025 the age rises by one month
//! every 4 months of birth for men (60 → 63) and for women whose age was 55 (55 → 58), and by one
//! month every 2 months of birth for women whose age was 50 (50 → 55).
//!
//! 30号令 art. 4 (一): a 特种作业人员 is 年满18周岁，且不超过国家法定退休年龄. The import warns (does
//! not block) when a holder was past it at first issue: the decision also allows 弹性延迟退休
//! (up to three years with the worker's consent), and a roster does not say which women's age
//! (50 or 55) applied.

use super::id::Gender;
use chrono::{Datelike, Months, NaiveDate};

/// Which original statutory age a person had before the 2024 decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Track {
    /// 男职工，原法定退休年龄60周岁
    Men60,
    /// 女职工，原法定退休年龄50周岁
    Women50,
    /// 女职工，原法定退休年龄55周岁
    Women55,
}

impl Track {
    /// (original age in years, first birth month delayed (year, month), months of birth per
    /// month of delay, largest delay in months)
    fn rule(self) -> (u32, (i32, u32), u32, u32) {
        match self {
            Track::Men60 => (60, (1965, 1), 4, 36),
            Track::Women50 => (50, (1975, 1), 2, 60),
            Track::Women55 => (55, (1970, 1), 4, 36),
        }
    }

    /// The later of the tracks open to a gender: a roster does not say whether a woman's original
    /// age was 50 or 55, and a warning must not fire for someone still within theirs.
    pub fn latest_for(g: Gender) -> Track {
        match g {
            Gender::Male => Track::Men60,
            Gender::Female => Track::Women55,
        }
    }
}

/// The statutory retirement age, in months, of a person born in `birth`'s month on `track`.
pub fn age_months(track: Track, birth: NaiveDate) -> u32 {
    let (years, (y0, m0), per, max) = track.rule();
    let since = (birth.year() - y0) * 12 + birth.month() as i32 - m0 as i32;
    let delay = if since < 0 { 0 } else { (since as u32 / per + 1).min(max) };
    years * 12 + delay
}

/// The day the person reaches the statutory retirement age: `birth` + the age (29 February
/// falls back to 28 February). The decision's table names the month (退休时间); this is the
/// day within it on which the age is reached.
pub fn retirement_date(track: Track, birth: NaiveDate) -> NaiveDate {
    birth.checked_add_months(Months::new(age_months(track, birth))).unwrap_or(NaiveDate::MAX)
}

/// "60岁1个月" / "63岁".
pub fn age_zh(months: u32) -> String {
    match months % 12 {
        0 => format!("{}岁", months / 12),
        m => format!("{}岁{}个月", months / 12, m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn born(y: i32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, 15).unwrap()
    }
    fn ym(d: NaiveDate) -> (i32, u32) {
        (d.year(), d.month())
    }

    /// 2024 decision, 附件 对照表 (男职工): born before 1965 → 60; 1965年1月-4月 → 60岁1个月,
    /// retiring 2025年2月-5月; 1965年5月-8月 → 60岁2个月; from 1976年9月 → 63岁 (2039年9月).
    #[test]
    fn men_60_to_63_by_one_month_every_four_months() {
        assert_eq!(age_months(Track::Men60, born(1964, 12)), 60 * 12);
        assert_eq!(age_zh(age_months(Track::Men60, born(1965, 1))), "60岁1个月");
        assert_eq!(ym(retirement_date(Track::Men60, born(1965, 1))), (2025, 2));
        assert_eq!(ym(retirement_date(Track::Men60, born(1965, 4))), (2025, 5));
        assert_eq!(age_zh(age_months(Track::Men60, born(1965, 5))), "60岁2个月");
        assert_eq!(ym(retirement_date(Track::Men60, born(1965, 5))), (2025, 7));
        assert_eq!(age_zh(age_months(Track::Men60, born(1976, 8))), "62岁11个月");
        assert_eq!(age_zh(age_months(Track::Men60, born(1976, 9))), "63岁");
        assert_eq!(ym(retirement_date(Track::Men60, born(1976, 9))), (2039, 9));
        assert_eq!(age_zh(age_months(Track::Men60, born(1990, 1))), "63岁", "capped at 63");
    }

    /// 对照表 (原法定退休年龄50周岁的女职工): 1975年1月-2月 → 50岁1个月 (2025年2月-4月);
    /// 1975年3月-4月 → 50岁2个月; from 1984年11月 → 55岁 (2039年11月).
    #[test]
    fn women_50_to_55_by_one_month_every_two_months() {
        assert_eq!(age_months(Track::Women50, born(1974, 12)), 50 * 12);
        assert_eq!(age_zh(age_months(Track::Women50, born(1975, 1))), "50岁1个月");
        assert_eq!(ym(retirement_date(Track::Women50, born(1975, 1))), (2025, 2));
        assert_eq!(ym(retirement_date(Track::Women50, born(1975, 2))), (2025, 3));
        assert_eq!(age_zh(age_months(Track::Women50, born(1975, 3))), "50岁2个月");
        assert_eq!(age_zh(age_months(Track::Women50, born(1984, 10))), "54岁11个月");
        assert_eq!(age_zh(age_months(Track::Women50, born(1984, 11))), "55岁");
        assert_eq!(ym(retirement_date(Track::Women50, born(1984, 11))), (2039, 11));
    }

    /// 对照表 (原法定退休年龄55周岁的女职工): 1970年1月-4月 → 55岁1个月 (2025年2月-5月);
    /// from 1981年9月 → 58岁 (2039年9月).
    #[test]
    fn women_55_to_58_by_one_month_every_four_months() {
        assert_eq!(age_months(Track::Women55, born(1969, 12)), 55 * 12);
        assert_eq!(age_zh(age_months(Track::Women55, born(1970, 1))), "55岁1个月");
        assert_eq!(ym(retirement_date(Track::Women55, born(1970, 4))), (2025, 5));
        assert_eq!(age_zh(age_months(Track::Women55, born(1970, 5))), "55岁2个月");
        assert_eq!(age_zh(age_months(Track::Women55, born(1981, 8))), "57岁11个月");
        assert_eq!(age_zh(age_months(Track::Women55, born(1981, 9))), "58岁");
        assert_eq!(ym(retirement_date(Track::Women55, born(1981, 9))), (2039, 9));
    }

    #[test]
    fn the_latest_track_per_gender() {
        assert_eq!(Track::latest_for(Gender::Male), Track::Men60);
        assert_eq!(Track::latest_for(Gender::Female), Track::Women55);
    }
}
