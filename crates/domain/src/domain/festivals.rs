//! The statutory holidays of the 全国年节及纪念日放假办法 (as amended by the State Council on
//! 2024-11-10, in force 2025-01-01), 第二条: the days every citizen has off, by festival:
//!
//! 元旦 1 day (01-01); 春节 4 days (除夕 to 正月初三); 清明节 1 day (the day of the solar term
//! 清明); 劳动节 2 days (05-01, 05-02); 端午节 1 day (五月初五); 中秋节 1 day (八月十五); 国庆节
//! 3 days (10-01..10-03).
//!
//! These are the statutory days only. The State Council's yearly notice (usually in November for
//! the next year) adds bridging days and make-up working days (调休); until it is published,
//! working days are counted on these days and weekends alone, and every date computed so is
//! provisional (暂定, SPEC §2; `workdays.rs`).
//!
//! The lunar dates (除夕, 初一..初三, 端午, 中秋) and the solar term (清明) come from `tyme4rs`
//! (寿星天文历 algorithms, Beijing time). Pure: a year in, dates out; results are memoised per
//! year because a due-date count asks for the same year hundreds of times.

use chrono::{Duration, NaiveDate};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};
use tyme4rs::tyme::lunar::LunarDay;
use tyme4rs::tyme::solar::{SolarDay, SolarTerm};

/// The years for which festival dates are computed. The calendar file accepts the same range;
/// outside it the working-day calendar answers with an error instead of a date.
pub const FIRST_YEAR: i32 = 1990;
/// The last year working days can be counted in.
pub const LAST_YEAR: i32 = 2200;

/// The seven festivals of 放假办法 第二条 (第一款: holidays for all citizens).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Festival {
    /// 元旦.
    NewYear,
    /// 春节.
    SpringFestival,
    /// 清明节.
    Qingming,
    /// 劳动节.
    Labour,
    /// 端午节.
    DragonBoat,
    /// 中秋节.
    MidAutumn,
    /// 国庆节.
    National,
}

impl Festival {
    /// The festivals, in the year's order.
    pub const ALL: [Festival; 7] = [
        Festival::NewYear,
        Festival::SpringFestival,
        Festival::Qingming,
        Festival::Labour,
        Festival::DragonBoat,
        Festival::MidAutumn,
        Festival::National,
    ];

    /// The festival's name in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            Festival::NewYear => "元旦",
            Festival::SpringFestival => "春节",
            Festival::Qingming => "清明节",
            Festival::Labour => "劳动节",
            Festival::DragonBoat => "端午节",
            Festival::MidAutumn => "中秋节",
            Festival::National => "国庆节",
        }
    }

    /// The festival's name in English.
    pub fn en(self) -> &'static str {
        match self {
            Festival::NewYear => "New Year's Day",
            Festival::SpringFestival => "Spring Festival",
            Festival::Qingming => "Qingming",
            Festival::Labour => "Labour Day",
            Festival::DragonBoat => "Dragon Boat Festival",
            Festival::MidAutumn => "Mid-Autumn Festival",
            Festival::National => "National Day",
        }
    }
}

/// One festival's statutory days in a Gregorian year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FestivalDays {
    /// The festival.
    pub festival: Festival,
    /// Its statutory days off.
    pub days: Vec<NaiveDate>,
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("fixed festival dates exist every year")
}

fn from_solar(s: SolarDay) -> NaiveDate {
    NaiveDate::from_ymd_opt(s.get_year() as i32, s.get_month() as u32, s.get_day() as u32)
        .expect("tyme4rs gives real Gregorian dates")
}

/// The lunar day (`month`, `day`) of lunar year `year` (never the leap month: the festivals are
/// on the regular month), as a Gregorian date.
fn lunar(year: i32, month: isize, day: usize) -> NaiveDate {
    from_solar(LunarDay::from_ymd(year as isize, month, day).get_solar_day())
}

/// The statutory holidays of Gregorian `year`, festival by festival (放假办法 第二条), or `None`
/// outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
pub fn statutory(year: i32) -> Option<Vec<FestivalDays>> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return None;
    }
    // 春节: 除夕 is the last day of the 12th lunar month (29th or 30th, or of a leap 12th month):
    // always the day before 正月初一, which is how it is taken here.
    let chuyi = lunar(year, 1, 1);
    let spring = vec![chuyi - Duration::days(1), chuyi, chuyi + Duration::days(1), chuyi + Duration::days(2)];
    let qingming = from_solar(SolarTerm::from_name(year as isize, "清明").get_solar_day());
    let days = |f: Festival| -> Vec<NaiveDate> {
        match f {
            Festival::NewYear => vec![ymd(year, 1, 1)],
            Festival::SpringFestival => spring.clone(),
            Festival::Qingming => vec![qingming],
            Festival::Labour => vec![ymd(year, 5, 1), ymd(year, 5, 2)],
            Festival::DragonBoat => vec![lunar(year, 5, 5)],
            Festival::MidAutumn => vec![lunar(year, 8, 15)],
            Festival::National => vec![ymd(year, 10, 1), ymd(year, 10, 2), ymd(year, 10, 3)],
        }
    };
    Some(Festival::ALL.iter().map(|&f| FestivalDays { festival: f, days: days(f) }).collect())
}

/// All statutory holiday days of `year` as one set (memoised), or `None` outside the range.
pub fn statutory_days(year: i32) -> Option<Arc<BTreeSet<NaiveDate>>> {
    static MEMO: OnceLock<Mutex<HashMap<i32, Arc<BTreeSet<NaiveDate>>>>> = OnceLock::new();
    let memo = MEMO.get_or_init(Default::default);
    if let Some(s) = memo.lock().unwrap_or_else(|p| p.into_inner()).get(&year) {
        return Some(s.clone());
    }
    let set: Arc<BTreeSet<NaiveDate>> = Arc::new(statutory(year)?.into_iter().flat_map(|f| f.days).collect());
    memo.lock().unwrap_or_else(|p| p.into_inner()).insert(year, set.clone());
    Some(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn of(year: i32, f: Festival) -> Vec<NaiveDate> {
        statutory(year).unwrap().into_iter().find(|x| x.festival == f).unwrap().days
    }

    /// The published holidays of SPEC §2 (国办 notices of 2024-11-12 for 2025 and 2025-11-04 for
    /// 2026), as ranges.
    fn published(year: i32) -> Vec<(NaiveDate, NaiveDate)> {
        let r = |a: (u32, u32), b: (u32, u32)| (d(year, a.0, a.1), d(year, b.0, b.1));
        match year {
            2025 => vec![
                r((1, 1), (1, 1)),
                r((1, 28), (2, 4)),
                r((4, 4), (4, 6)),
                r((5, 1), (5, 5)),
                r((5, 31), (6, 2)),
                r((10, 1), (10, 8)),
            ],
            2026 => vec![
                r((1, 1), (1, 3)),
                r((2, 15), (2, 23)),
                r((4, 4), (4, 6)),
                r((5, 1), (5, 5)),
                r((6, 19), (6, 21)),
                r((9, 25), (9, 27)),
                r((10, 1), (10, 7)),
            ],
            _ => unreachable!(),
        }
    }

    #[test]
    fn every_computed_festival_day_of_2025_and_2026_lies_in_the_published_holidays() {
        // 放假办法 (2024修订) 第二条 gives the statutory days; the 国办 notices of 2024-11-12 (2025)
        // and 2025-11-04 (2026) must contain each of them, or the lunar/solar-term computation
        // (or the rule) is wrong.
        for year in [2025, 2026] {
            let ranges = published(year);
            for f in statutory(year).unwrap() {
                assert!(!f.days.is_empty());
                for day in &f.days {
                    assert!(
                        ranges.iter().any(|(a, b)| a <= day && day <= b),
                        "{year} {}: computed {day} is not a published holiday",
                        f.festival.zh()
                    );
                }
            }
        }
        // The lunar and solar-term dates themselves (the notices name them):
        // 2025: 除夕 01-28 (notice: 1月28日（农历除夕）至2月4日), 清明 04-04, 端午 05-31, 中秋 10-06.
        assert_eq!(
            of(2025, Festival::SpringFestival),
            vec![d(2025, 1, 28), d(2025, 1, 29), d(2025, 1, 30), d(2025, 1, 31)]
        );
        assert_eq!(of(2025, Festival::Qingming), vec![d(2025, 4, 4)]);
        assert_eq!(of(2025, Festival::DragonBoat), vec![d(2025, 5, 31)]);
        assert_eq!(of(2025, Festival::MidAutumn), vec![d(2025, 10, 6)]);
        // 2026: 除夕 02-16, 清明 04-05, 端午 06-19, 中秋 09-25.
        assert_eq!(of(2026, Festival::SpringFestival)[0], d(2026, 2, 16));
        assert_eq!(of(2026, Festival::Qingming), vec![d(2026, 4, 5)]);
        assert_eq!(of(2026, Festival::DragonBoat), vec![d(2026, 6, 19)]);
        assert_eq!(of(2026, Festival::MidAutumn), vec![d(2026, 9, 25)]);
    }

    #[test]
    fn festivals_of_2027_and_later_years() {
        // 2027 (no notice yet on 2026-12-05): 除夕 02-05, 春节 02-06, 清明 04-05, 端午 06-09,
        // 中秋 09-15.
        assert_eq!(
            of(2027, Festival::SpringFestival),
            vec![d(2027, 2, 5), d(2027, 2, 6), d(2027, 2, 7), d(2027, 2, 8)]
        );
        assert_eq!(of(2027, Festival::Qingming), vec![d(2027, 4, 5)]);
        assert_eq!(of(2027, Festival::DragonBoat), vec![d(2027, 6, 9)]);
        assert_eq!(of(2027, Festival::MidAutumn), vec![d(2027, 9, 15)]);
        assert_eq!(of(2027, Festival::Labour), vec![d(2027, 5, 1), d(2027, 5, 2)]);
        assert_eq!(of(2027, Festival::National), vec![d(2027, 10, 1), d(2027, 10, 2), d(2027, 10, 3)]);
        assert_eq!(of(2027, Festival::NewYear), vec![d(2027, 1, 1)]);
        // 2028: 春节 01-26 (除夕 01-25), 清明 04-04, 端午 05-28, 中秋 10-03.
        assert_eq!(of(2028, Festival::SpringFestival)[..2], [d(2028, 1, 25), d(2028, 1, 26)]);
        assert_eq!(of(2028, Festival::Qingming), vec![d(2028, 4, 4)]);
        assert_eq!(of(2028, Festival::DragonBoat), vec![d(2028, 5, 28)]);
        assert_eq!(of(2028, Festival::MidAutumn), vec![d(2028, 10, 3)]);
        // 2030: 春节 02-03 (除夕 02-02), 端午 06-05, 中秋 09-12.
        assert_eq!(of(2030, Festival::SpringFestival)[..2], [d(2030, 2, 2), d(2030, 2, 3)]);
        assert_eq!(of(2030, Festival::DragonBoat), vec![d(2030, 6, 5)]);
        assert_eq!(of(2030, Festival::MidAutumn), vec![d(2030, 9, 12)]);
        // 13 statutory days a year (第二条), all distinct except when 中秋 falls in 国庆 (2028: 10-03).
        assert_eq!(statutory_days(2027).unwrap().len(), 13);
        assert_eq!(statutory_days(2028).unwrap().len(), 12);
    }

    #[test]
    fn outside_the_supported_years_there_is_no_answer() {
        assert!(statutory(FIRST_YEAR - 1).is_none());
        assert!(statutory(LAST_YEAR + 1).is_none());
        assert!(statutory_days(LAST_YEAR).is_some());
        assert!(statutory_days(FIRST_YEAR).is_some());
    }
}
