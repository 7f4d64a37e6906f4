//! `certdesk calendar add|show|check` (issue 13; SPEC §2 "Working days"): the working-day
//! calendar of a home or hall, kept in its database. The built-in years ship in the binary; the
//! bureau enters each new year's State Council notice (usually published in November) with
//! `calendar add FILE`, a calendar file with one `[[year]]` table as `assets/calendar.toml`.
//! Until then that year's dates are provisional (暂定).
//!
//! Every message is in the operator's language (`--lang`, `$CERTDESK_LANG`, `ui.language`;
//! Chinese by default), worded in the command line's one table (`cli_strings`) through [`msg`].

use crate::cli_strings::{t, Lang, M};
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

/// The messages of the calendar commands (and of doctor's calendar check), in the operator's
/// language: each takes the [`Lang`] resolved once at start and looks its words up in the
/// command line's table (`cli_strings`, the `Cal…` lines).
pub mod msg {
    use super::*;

    /// A list in the language's punctuation: 、 between Chinese items, ", " between English ones.
    fn list(lang: Lang, items: &[String]) -> String {
        items.join(if lang == Lang::En { ", " } else { "、" })
    }

    fn problems_text(lang: Lang, problems: &[NoticeProblem], sep: &str) -> Vec<String> {
        problems.iter().map(|p| format!("{sep}{}", if lang == Lang::En { p.en() } else { p.zh() })).collect()
    }

    /// The calendar file does not parse.
    pub fn bad_file(lang: Lang, path: &Path, e: &str) -> String {
        t(lang, M::CalBadFile, &[&path.display(), &e])
    }
    /// The calendar file cannot be read.
    pub fn unreadable(lang: Lang, path: &Path, e: &std::io::Error) -> String {
        t(lang, M::CalUnreadable, &[&path.display(), e])
    }
    /// The file holds more than one year.
    pub fn one_year_only(lang: Lang, n: usize) -> String {
        t(lang, M::CalOneYearOnly, &[&n])
    }
    /// The year's notice is incomplete: nothing entered, the problems listed.
    pub fn incomplete(lang: Lang, year: i32, problems: &[NoticeProblem]) -> String {
        t(lang, M::CalIncomplete, &[&year, &problems_text(lang, problems, "  - ").join("\n")])
    }
    /// `calendar check` found the year complete.
    pub fn check_ok(lang: Lang, year: i32, source: &str) -> String {
        t(lang, M::CalCheckOk, &[&year, &source])
    }
    /// The year is already entered (and --replace was not given).
    pub fn already(lang: Lang, year: i32, source: &str) -> String {
        t(lang, M::CalAlready, &[&year, &source])
    }
    /// The year was entered: the calendar's version and what the recomputation did.
    pub fn entered(lang: Lang, e: &Entered, year: i32) -> String {
        let m = if e.replaced { M::CalReplaced } else { M::CalEntered };
        let moved = e.recomputed.iter().filter(|r| r.moved()).count();
        t(lang, m, &[&year, &e.version, &e.recomputed.len(), &moved])
    }
    /// One case whose dates the recomputation moved.
    pub fn moved(
        lang: Lang,
        number: &str,
        old: NaiveDate,
        new: NaiveDate,
        old_s: NaiveDate,
        new_s: NaiveDate,
    ) -> String {
        t(lang, M::CalMoved, &[&number, &old, &new, &old_s, &new_s])
    }
    /// One case whose dates are still provisional after the recomputation.
    pub fn still_provisional(lang: Lang, number: &str) -> String {
        t(lang, M::CalStillProvisional, &[&number])
    }
    /// The cases and follow-ups that could not be recomputed, for staff to check by hand.
    pub fn skipped(lang: Lang, numbers: &[String]) -> String {
        t(lang, M::CalSkipped, &[&list(lang, numbers)])
    }
    /// `calendar list`: a year whose notice is entered or built in.
    pub fn published_line(lang: Lang, year: i32, source: &str, origin: &str) -> String {
        t(lang, M::CalPublishedLine, &[&year, &source, &origin])
    }
    /// `calendar list`: a year counted without its notice (provisional).
    pub fn provisional_line(lang: Lang, year: i32) -> String {
        t(lang, M::CalProvisionalLine, &[&year])
    }
    /// A year outside the years working days can be counted in.
    pub fn out_of_range(lang: Lang, year: i32) -> String {
        t(lang, M::CalOutOfRange, &[&year, &festivals::FIRST_YEAR, &festivals::LAST_YEAR])
    }
    /// The running cases whose dates are provisional.
    pub fn provisional_cases(lang: Lang, numbers: &[String]) -> String {
        if numbers.is_empty() {
            t(lang, M::CalNoProvisionalCases, &[])
        } else {
            t(lang, M::CalProvisionalCases, &[&numbers.len(), &numbers.join(" ")])
        }
    }
    /// A stored year that no longer passes the notice's checks.
    pub fn stored_bad(lang: Lang, year: i32, problems: &[NoticeProblem]) -> String {
        let sep = if lang == Lang::En { "; " } else { "；" };
        t(lang, M::CalStoredBad, &[&year, &problems_text(lang, problems, "").join(sep)])
    }
    /// What doctor's calendar lines check: both languages, as every check of doctor names itself.
    pub const DOCTOR_WHAT: &str = "工作日历 calendar";
    /// Doctor: the years the calendar holds.
    pub fn doctor_ok(lang: Lang, published: &[i32]) -> String {
        let y: Vec<String> = published.iter().map(|y| y.to_string()).collect();
        t(lang, M::CalDoctorOk, &[&y.join(", ")])
    }
    /// Doctor: years a running case needs that are not entered.
    pub fn doctor_missing(lang: Lang, years: &[i32]) -> String {
        let y: Vec<String> = years.iter().map(|y| y.to_string()).collect();
        t(lang, M::CalDoctorMissing, &[&list(lang, &y)])
    }
    /// Doctor: a home calendar file that is no longer read.
    pub fn doctor_home_file(lang: Lang, path: &Path) -> String {
        t(lang, M::CalDoctorHomeFile, &[&path.display()])
    }
    /// Where a year comes from when it ships in the binary.
    pub fn built_in(lang: Lang) -> String {
        t(lang, M::CalBuiltIn, &[])
    }
    /// Where a year comes from when it was entered: version, when, by whom.
    pub fn stored(lang: Lang, version: i64, at: &str, by: &str) -> String {
        t(lang, M::CalStored, &[&version, &at, &by])
    }
    /// The heading of a year's holidays.
    pub fn holidays(lang: Lang) -> String {
        t(lang, M::CalHolidays, &[])
    }
    /// The heading of a year's make-up working days.
    pub fn makeup(lang: Lang) -> String {
        t(lang, M::CalMakeup, &[])
    }
    /// A festival's name in `lang`.
    pub fn festival(lang: Lang, f: festivals::Festival) -> &'static str {
        if lang == Lang::En {
            f.en()
        } else {
            f.zh()
        }
    }
    /// A weekday's name in `lang` (make-up days are weekends: the reader checks it at a glance).
    pub fn weekday(lang: Lang, d: NaiveDate) -> String {
        let i = d.weekday().num_days_from_monday() as usize;
        if lang == Lang::En {
            d.weekday().to_string()
        } else {
            ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][i].to_string()
        }
    }
}

/// Read and parse a calendar file; every year's form is checked.
fn read_file(lang: Lang, path: &Path) -> Result<Vec<Notice>> {
    let text = std::fs::read_to_string(path).map_err(|e| anyhow!(msg::unreadable(lang, path, &e)))?;
    Notice::parse_file(&text).map_err(|e| anyhow!(msg::bad_file(lang, path, &e)))
}

/// One year from a file, checked as a whole notice (all seven festivals, named).
fn read_one(lang: Lang, path: &Path) -> Result<Notice> {
    let mut years = read_file(lang, path)?;
    if years.len() != 1 {
        return Err(anyhow!(msg::one_year_only(lang, years.len())));
    }
    let n = years.remove(0);
    let problems = n.check();
    if !problems.is_empty() {
        return Err(anyhow!(msg::incomplete(lang, n.year, &problems)));
    }
    Ok(n)
}

/// `certdesk calendar add FILE [--replace]`.
pub fn add(dir: &Path, file: &Path, replace: bool, actor: &str, lang: Lang) -> Result<i32> {
    let notice = read_one(lang, file)?;
    let home = Home::open(dir)?;
    let matters = home.matters()?;
    let store = home.store()?;
    let entered = match store.calendar().enter_year(&notice, replace, &matters, actor, crate::clock::now()) {
        Ok(e) => e,
        Err(EnterError::AlreadyEntered { year, notice }) => return Err(anyhow!(msg::already(lang, year, &notice))),
        Err(EnterError::Store(e)) => return Err(e.into()),
    };
    outln!("{}", msg::entered(lang, &entered, notice.year));
    for r in &entered.recomputed {
        if r.moved() {
            outln!("{}", msg::moved(lang, &r.number, r.old_due, r.new_due, r.old_statutory, r.new_statutory));
        }
        if let Some(p) = r.pledge_after_due {
            outln!("{}", t(lang, M::CalPledgeAfterDue, &[&r.number, &p, &r.new_due]));
        }
        if r.provisional.any() {
            outln!("{}", msg::still_provisional(lang, &r.number));
        }
    }
    if !entered.followups.is_empty() {
        let moved = entered.followups.iter().filter(|f| f.moved()).count();
        outln!("{}", t(lang, M::CalFollowUps, &[&entered.followups.len(), &moved]));
        for f in &entered.followups {
            let name = f.case_number.clone().unwrap_or_else(|| format!("#{}", f.id));
            if f.moved() {
                outln!("{}", t(lang, M::CalFollowUpMoved, &[&name, &f.old_due, &f.new_due]));
            }
            if f.provisional {
                outln!("{}", msg::still_provisional(lang, &name));
            }
        }
    }
    if !entered.skipped.is_empty() {
        outln!("{}", msg::skipped(lang, &entered.skipped));
    }
    Ok(0)
}

fn origin(lang: Lang, store: &crate::store::Store, year: i32) -> Result<String> {
    Ok(match store.calendar().years()?.into_iter().find(|y| y.notice.year == year) {
        Some(y) => msg::stored(lang, y.version, &y.entered_at, &y.entered_by),
        None => msg::built_in(lang),
    })
}

/// The published years of `cal` and, for this year and the next, a provisional line when
/// their notice is missing.
fn list_years(lang: Lang, store: &crate::store::Store, cal: &Calendar) -> Result<()> {
    for y in cal.published_years() {
        let source = cal.notice(y).map(|n| n.source.clone()).unwrap_or_default();
        outln!("{}", msg::published_line(lang, y, &source, &origin(lang, store, y)?));
    }
    let this = crate::clock::today().year();
    for y in [this, this + 1] {
        if !cal.is_published(y) {
            outln!("{}", msg::provisional_line(lang, y));
        }
    }
    Ok(())
}

/// `certdesk calendar show [YEAR]`: the published years, or one year's days.
pub fn show(dir: &Path, year: Option<i32>, lang: Lang) -> Result<i32> {
    let home = Home::open(dir)?;
    let store = home.store()?;
    let cal = store.calendar().get()?;
    let Some(year) = year else {
        list_years(lang, &store, &cal)?;
        return Ok(0);
    };
    if let Some(n) = cal.notice(year) {
        outln!("{}", msg::published_line(lang, year, &n.source, &origin(lang, &store, year)?));
        outln!("{}", msg::holidays(lang));
        for (a, b) in n.holiday_ranges() {
            if a == b {
                outln!("  {a}");
            } else {
                outln!("  {a} .. {b}");
            }
        }
        outln!("{}", msg::makeup(lang));
        for d in &n.makeup {
            outln!("  {d} {}", msg::weekday(lang, *d));
        }
        return Ok(0);
    }
    let Some(fs) = festivals::statutory(year) else {
        return Err(anyhow!(msg::out_of_range(lang, year)));
    };
    outln!("{}", msg::provisional_line(lang, year));
    for f in fs {
        let days: Vec<String> = f.days.iter().map(|d| d.to_string()).collect();
        outln!("  {}: {}", msg::festival(lang, f.festival), days.join(", "));
    }
    Ok(0)
}

/// `certdesk calendar check [FILE]`: check a file without storing it, or what is stored. Exit
/// status 1 when something is wrong.
pub fn check(dir: &Path, file: Option<&Path>, lang: Lang) -> Result<i32> {
    if let Some(file) = file {
        let mut bad = false;
        for n in read_file(lang, file)? {
            let problems = n.check();
            if problems.is_empty() {
                outln!("{}", msg::check_ok(lang, n.year, &n.source));
            } else {
                bad = true;
                outln!("{}", msg::incomplete(lang, n.year, &problems));
            }
        }
        return Ok(i32::from(bad));
    }
    let home = Home::open(dir)?;
    let store = home.store()?;
    let mut bad = false;
    for y in store.calendar().years()? {
        let problems = y.notice.check();
        if !problems.is_empty() {
            bad = true;
            outln!("{}", msg::stored_bad(lang, y.notice.year, &problems));
        }
    }
    let cal: Calendar = store.calendar().get()?;
    list_years(lang, &store, &cal)?;
    let numbers = store.calendar().provisional_case_numbers()?;
    outln!("{}", msg::provisional_cases(lang, &numbers));
    Ok(i32::from(bad))
}
