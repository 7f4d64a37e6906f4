//! The registry's side of the reminder lists: certificates that may fall due in a window, with
//! their holder's phone and employer. The exact rule is the domain's (`domain::reminder`); the
//! query only narrows 1,000,000 holders down to candidates with plain text comparisons on dates
//! (no per-row date functions), so it stays one fast scan.

use super::db::p;
use super::{cert_from_row, Result, Store, CERT_COLS};
use crate::domain::cert::add_years;
use crate::domain::Certificate;
use chrono::NaiveDate;

/// A candidate certificate with its holder's contact and employer.
#[derive(Debug, Clone)]
pub struct ReminderRow {
    pub cert: Certificate,
    pub mobile: Option<String>,
    pub employer: Option<String>,
    pub employer_code: Option<String>,
}

impl Store {
    /// Active certificates whose 有效期止 or next review may fall within `from..=to`. The review
    /// may be the roster's 应复审日期 or, once a review is recorded, one 3 or 6 years on, so each
    /// of those shifts is a range (widened by a day for 29 February). A superset: the caller
    /// applies `domain::reminder::due_within`.
    pub fn reminder_candidates(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<ReminderRow>> {
        let cols: Vec<String> = CERT_COLS.split(',').map(|c| format!("c.{}", c.trim())).collect();
        let n = cols.len();
        let sql = format!(
            "SELECT {}, h.mobile, h.employer, h.employer_code FROM certificates c \
             JOIN holders h ON h.id_number = c.holder_id \
             WHERE c.standing = 0 AND c.valid_until >= ?1 AND (c.valid_until <= ?2 \
               OR c.review_due BETWEEN ?1 AND ?2 OR c.review_due BETWEEN ?3 AND ?4 OR c.review_due BETWEEN ?5 AND ?6)",
            cols.join(", ")
        );
        let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let back = |d: NaiveDate, y: i32, pad: i64| day(add_years(d, -y) + chrono::Duration::days(pad));
        self.db.query(
            &sql,
            p![day(from), day(to), back(from, 3, -1), back(to, 3, 1), back(from, 6, -1), back(to, 6, 1)],
            |r| {
                Ok(ReminderRow {
                    cert: cert_from_row(r)?,
                    mobile: r.get(n)?,
                    employer: r.get(n + 1)?,
                    employer_code: r.get(n + 2)?,
                })
            },
        )
    }
}
