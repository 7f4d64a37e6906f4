//! What the desk's reports page asks for and gets back: which tab, and the report or reminder
//! rows as plain values (no ID number; phones masked before they leave the service).

use crate::report::Report;
use chrono::NaiveDate;

/// Which page of the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportTab {
    Ratings,
    Daily,
    Overdue,
    Reminders,
}

/// One row of the reminder list as the desk shows it: no ID number, the phone masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderLine {
    pub employer: String,
    pub employer_code: String,
    pub name: String,
    /// 138****8000
    pub phone: String,
    pub kind_zh: String,
    pub kind_en: String,
    pub masked_number: String,
    pub scope: String,
    pub what_zh: String,
    pub what_en: String,
    pub date: NaiveDate,
    pub days: i64,
}

/// What the worker brings back for the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportData {
    Report(Report),
    Reminders { days: i64, rows: Vec<ReminderLine> },
}

/// A phone number with its middle four digits hidden (screens at a counter face visitors).
pub fn mask_phone(p: &str) -> String {
    let chars: Vec<char> = p.trim().chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let n = chars.len();
    chars[..3].iter().chain(std::iter::repeat_n(&'*', 4)).chain(chars[n - 4..].iter()).collect()
}
