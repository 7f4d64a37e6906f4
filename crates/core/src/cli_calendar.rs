//! `certdesk calendar add|show|check` (issue 13; SPEC §2 "Working days"): the working-day
//! calendar of a home or hall, kept in its database. The built-in years ship in the binary; the
//! bureau enters each new year's State Council notice (usually published in November) with
//! `calendar add FILE`, a calendar file with one `[[year]]` table as `assets/calendar.toml`.
//! Until then that year's dates are provisional (暂定).
//!
//! Every message is Chinese first, English second, and lives in [`msg`] so that the zh-CN/English
//! switch of the CLI (`ui.language`) can adopt them in one place.

use crate::domain::festivals;
use crate::domain::workdays::{Calendar, Notice, NoticeProblem};
use crate::home::Home;
use crate::store::calendar::{EnterError, Entered};
use anyhow::{anyhow, Result};
use chrono::{Datelike, NaiveDate};
use std::path::Path;

macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($t)*)?;
    }};
}

/// The messages of the calendar commands (and of doctor's calendar check), zh-CN then English.
pub mod msg {
    use super::*;

    pub fn bad_file(path: &Path, e: &str) -> String {
        format!("{}：不是有效的节假日安排文件：{e}\n{}: not a valid calendar file: {e}", path.display(), path.display())
    }
    pub fn unreadable(path: &Path, e: &std::io::Error) -> String {
        format!("无法读取{}：{e}\ncannot read {}: {e}", path.display(), path.display())
    }
    pub fn one_year_only(n: usize) -> String {
        format!(
            "文件中有{n}个年度，每次只能录入一个年度（一个[[year]]）\nthe file holds {n} years; enter one year ([[year]]) at a time"
        )
    }
    pub fn incomplete(year: i32, problems: &[NoticeProblem]) -> String {
        let zh: Vec<String> = problems.iter().map(|p| format!("  - {}", p.zh())).collect();
        let en: Vec<String> = problems.iter().map(|p| format!("  - {}", p.en())).collect();
        format!(
            "{year}年节假日安排不完整，未录入：\n{}\nthe {year} notice is incomplete, nothing entered:\n{}",
            zh.join("\n"),
            en.join("\n")
        )
    }
    pub fn check_ok(year: i32, source: &str) -> String {
        format!("{year}年节假日安排检查通过（{source}）\nthe {year} notice checks out ({source})")
    }
    pub fn already(year: i32, source: &str) -> String {
        format!(
            "{year}年已录入（{source}），如需替换请加 --replace\n{year} is already in the calendar ({source}); add --replace to replace it"
        )
    }
    pub fn entered(e: &Entered, year: i32) -> String {
        let what = if e.replaced { ("替换", "replaced") } else { ("录入", "entered") };
        format!(
            "已{}{year}年节假日安排（日历第{}版）；重新计算暂定期限的在办案件{}件，其中期限变动{}件\n{} the {year} notice (calendar version {}); {} running cases with provisional dates recomputed, {} moved",
            what.0,
            e.version,
            e.recomputed.len(),
            e.recomputed.iter().filter(|r| r.moved()).count(),
            what.1,
            e.version,
            e.recomputed.len(),
            e.recomputed.iter().filter(|r| r.moved()).count()
        )
    }
    pub fn moved(number: &str, old: NaiveDate, new: NaiveDate, old_s: NaiveDate, new_s: NaiveDate) -> String {
        format!("  {number}  办理期限 {old} → {new}，法定期限 {old_s} → {new_s} / due {old} → {new}, statutory {old_s} → {new_s}")
    }
    pub fn still_provisional(number: &str) -> String {
        format!("  {number}  仍为暂定（后续年度未公布） / still provisional (a later year is not entered)")
    }
    pub fn skipped(numbers: &[String]) -> String {
        format!(
            "以下案件无法重新计算（事项已不在目录中或无受理日期），请人工核对：{}\nthese cases could not be recomputed (matter no longer listed or no acceptance date); check them by hand: {}",
            numbers.join("、"),
            numbers.join(", ")
        )
    }
    pub fn published_line(year: i32, source: &str, origin: &str) -> String {
        format!("{year}  已公布 / published  {source}  [{origin}]")
    }
    pub fn provisional_line(year: i32) -> String {
        format!(
            "{year}  暂定 / provisional  按全国年节及纪念日放假办法（2024修订）第二条的法定节假日和周末计算，无调休 / statutory days and weekends only, no make-up days"
        )
    }
    pub fn out_of_range(year: i32) -> String {
        format!(
            "{year}年超出可计算的年份（{}-{}年）\n{year} is outside the years working days can be counted in ({}-{})",
            festivals::FIRST_YEAR,
            festivals::LAST_YEAR,
            festivals::FIRST_YEAR,
            festivals::LAST_YEAR
        )
    }
    pub fn provisional_cases(n: usize, numbers: &[String]) -> String {
        if n == 0 {
            "没有期限为暂定的在办案件 / no running case has a provisional date".into()
        } else {
            format!("期限为暂定的在办案件{n}件 / running cases with provisional dates: {n}: {}", numbers.join(" "))
        }
    }
    pub fn stored_bad(year: i32, problems: &[NoticeProblem]) -> String {
        let zh: Vec<String> = problems.iter().map(|p| p.zh()).collect();
        let en: Vec<String> = problems.iter().map(|p| p.en()).collect();
        format!(
            "已存储的{year}年安排有问题：{}\nthe stored {year} notice has problems: {}",
            zh.join("；"),
            en.join("; ")
        )
    }
    pub const DOCTOR_WHAT: &str = "工作日历 calendar";
    pub fn doctor_ok(published: &[i32]) -> String {
        let y: Vec<String> = published.iter().map(|y| y.to_string()).collect();
        format!("已公布年度 / published years: {}", y.join(", "))
    }
    pub fn doctor_missing(years: &[i32]) -> String {
        let y: Vec<String> = years.iter().map(|y| y.to_string()).collect();
        format!(
            "{}年节假日安排未录入，相关期限为暂定；通知公布后请运行 certdesk calendar add FILE / the {} State Council holiday notice is not entered, those dates are provisional: run certdesk calendar add FILE once it is published",
            y.join("、"),
            y.join(", ")
        )
    }
    pub fn doctor_cases(numbers: &[String]) -> String {
        format!(
            "期限为暂定的在办案件{}件 / running cases with provisional dates: {}: {}",
            numbers.len(),
            numbers.len(),
            numbers.join(" ")
        )
    }
    pub fn doctor_home_file(path: &Path) -> String {
        format!(
            "{} 不再读取：工作日历保存在数据库中，请用 certdesk calendar check/add 录入其中的年度后删除该文件 / {} is not read: the calendar lives in the database; enter its years with certdesk calendar add, then remove the file",
            path.display(),
            path.display()
        )
    }
    pub const BUILT_IN: &str = "内置 / built in";
    pub fn stored(version: i64, at: &str, by: &str) -> String {
        format!("第{version}版 / version {version}, {at}, {by}")
    }
}

/// Read and parse a calendar file; every year's form is checked.
fn read_file(path: &Path) -> Result<Vec<Notice>> {
    let text = std::fs::read_to_string(path).map_err(|e| anyhow!(msg::unreadable(path, &e)))?;
    Notice::parse_file(&text).map_err(|e| anyhow!(msg::bad_file(path, &e)))
}

/// One year from a file, checked as a whole notice (all seven festivals, named).
fn read_one(path: &Path) -> Result<Notice> {
    let mut years = read_file(path)?;
    if years.len() != 1 {
        return Err(anyhow!(msg::one_year_only(years.len())));
    }
    let n = years.remove(0);
    let problems = n.check();
    if !problems.is_empty() {
        return Err(anyhow!(msg::incomplete(n.year, &problems)));
    }
    Ok(n)
}

/// `certdesk calendar add FILE [--replace]`.
pub fn add(dir: &Path, file: &Path, replace: bool) -> Result<i32> {
    let notice = read_one(file)?;
    let home = Home::open(dir)?;
    let matters = home.matters()?;
    let store = home.store()?;
    let entered = match store.enter_calendar_year(&notice, replace, &matters, "admin", crate::clock::now()) {
        Ok(e) => e,
        Err(EnterError::AlreadyEntered { year, notice }) => return Err(anyhow!(msg::already(year, &notice))),
        Err(EnterError::Store(e)) => return Err(e.into()),
    };
    outln!("{}", msg::entered(&entered, notice.year));
    for r in &entered.recomputed {
        if r.moved() {
            outln!("{}", msg::moved(&r.number, r.old_due, r.new_due, r.old_statutory, r.new_statutory));
        }
        if r.provisional.any() {
            outln!("{}", msg::still_provisional(&r.number));
        }
    }
    if !entered.skipped.is_empty() {
        outln!("{}", msg::skipped(&entered.skipped));
    }
    Ok(0)
}

fn origin(store: &crate::store::Store, year: i32) -> Result<String> {
    Ok(match store.calendar_years()?.into_iter().find(|y| y.notice.year == year) {
        Some(y) => msg::stored(y.version, &y.entered_at, &y.entered_by),
        None => msg::BUILT_IN.to_string(),
    })
}

/// `certdesk calendar show [YEAR]`: the published years, or one year's days.
pub fn show(dir: &Path, year: Option<i32>) -> Result<i32> {
    let home = Home::open(dir)?;
    let store = home.store()?;
    let cal = store.calendar()?;
    let Some(year) = year else {
        for y in cal.published_years() {
            let n = cal.notice(y).expect("listed");
            outln!("{}", msg::published_line(y, &n.source, &origin(&store, y)?));
        }
        let this = crate::clock::today().year();
        for y in [this, this + 1] {
            if !cal.is_published(y) {
                outln!("{}", msg::provisional_line(y));
            }
        }
        return Ok(0);
    };
    if let Some(n) = cal.notice(year) {
        outln!("{}", msg::published_line(year, &n.source, &origin(&store, year)?));
        outln!("放假 / holidays:");
        for (a, b) in n.holiday_ranges() {
            if a == b {
                outln!("  {a}");
            } else {
                outln!("  {a} .. {b}");
            }
        }
        outln!("调休上班 / make-up working days:");
        for d in &n.makeup {
            outln!("  {d} {}", weekday_zh(*d));
        }
        return Ok(0);
    }
    let Some(fs) = festivals::statutory(year) else {
        return Err(anyhow!(msg::out_of_range(year)));
    };
    outln!("{}", msg::provisional_line(year));
    for f in fs {
        let days: Vec<String> = f.days.iter().map(|d| d.to_string()).collect();
        outln!("  {} / {}: {}", f.festival.zh(), f.festival.en(), days.join(", "));
    }
    Ok(0)
}

fn weekday_zh(d: NaiveDate) -> &'static str {
    ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][d.weekday().num_days_from_monday() as usize]
}

/// `certdesk calendar check [FILE]`: check a file without storing it, or what is stored. Exit
/// status 1 when something is wrong.
pub fn check(dir: &Path, file: Option<&Path>) -> Result<i32> {
    if let Some(file) = file {
        let mut bad = false;
        for n in read_file(file)? {
            let problems = n.check();
            if problems.is_empty() {
                outln!("{}", msg::check_ok(n.year, &n.source));
            } else {
                bad = true;
                outln!("{}", msg::incomplete(n.year, &problems));
            }
        }
        return Ok(i32::from(bad));
    }
    let home = Home::open(dir)?;
    let store = home.store()?;
    let mut bad = false;
    for y in store.calendar_years()? {
        let problems = y.notice.check();
        if !problems.is_empty() {
            bad = true;
            outln!("{}", msg::stored_bad(y.notice.year, &problems));
        }
    }
    let cal: Calendar = store.calendar()?;
    for y in cal.published_years() {
        outln!("{}", msg::published_line(y, &cal.notice(y).expect("listed").source, &origin(&store, y)?));
    }
    let this = crate::clock::today().year();
    for y in [this, this + 1] {
        if !cal.is_published(y) {
            outln!("{}", msg::provisional_line(y));
        }
    }
    let numbers = store.provisional_case_numbers()?;
    outln!("{}", msg::provisional_cases(numbers.len(), &numbers));
    Ok(i32::from(bad))
}
