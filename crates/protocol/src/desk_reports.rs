//! What the desk's reports page asks for and gets back: which tab, and the report or reminder
//! rows as plain values (no ID number; phones masked before they leave the service).

use crate::report::Report;
use chrono::NaiveDate;

/// Which page of the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportTab {
    /// 好差评: ratings by staff and matter.
    Ratings,
    /// The day's services.
    Daily,
    /// Cases past their due dates.
    Overdue,
    /// Certificates due for review, renewal or extension.
    Reminders,
}

/// One row of the reminder list as the desk shows it: no ID number, the phone masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderLine {
    /// The holder's employer.
    pub employer: String,
    /// The employer's credit code.
    pub employer_code: String,
    /// The holder's name.
    pub name: String,
    /// 138****8000
    pub phone: String,
    /// The certificate's kind in Chinese.
    pub kind_zh: String,
    /// The certificate's kind in English.
    pub kind_en: String,
    /// The certificate's number, masked.
    pub masked_number: String,
    /// 作业类别 / 操作项目, or the 行业类别.
    pub scope: String,
    /// What is due, in Chinese.
    pub what_zh: String,
    /// What is due, in English.
    pub what_en: String,
    /// The day it is due.
    pub date: NaiveDate,
    /// Days from today to that day.
    pub days: i64,
}

/// What the worker brings back for the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportData {
    /// A report tab's table.
    Report(Report),
    /// The reminder list.
    Reminders {
        /// The days ahead it covers.
        days: i64,
        /// Its rows.
        rows: Vec<ReminderLine>,
    },
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
