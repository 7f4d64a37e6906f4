//! What the reports list line by line (`report::lists`): the 容缺 stops a supervisor let through
//! (case_stages with an override) and the enquiries logged under 首问负责制, each over a period
//! of days. Read by [`Store::report`](super::Store::report) into the daily and ratings reports,
//! and by the desk's lists.

use super::db::p;
use super::{date_text, parse_time_text, Result, Store, StoreError};
use crate::domain::first_contact::EnquiryKind;
use crate::domain::intake::CaseState;
use crate::report::lists::{EnquiryLine, OverrideLine};
use crate::report::Period;

/// The most lines one list holds (a period is at most a year).
pub const LIST_MAX: usize = 5000;

fn bad(what: &str) -> StoreError {
    StoreError::Invalid(format!("a report line holds a bad {what}"))
}

fn state(s: &str) -> Result<CaseState> {
    CaseState::from_code(s).ok_or_else(|| bad("case state"))
}

impl Store {
    /// Steps let through with a 容缺 pledge outstanding on the days of `period`, oldest first.
    pub fn override_lines(&self, period: Period) -> Result<Vec<OverrideLine>> {
        self.db.query(
            "SELECT s.at, c.number, c.matter, c.visitor_name, s.actor, s.from_state, s.to_state, s.override_by, \
             COALESCE(s.override_reason, '') FROM case_stages s JOIN cases c ON c.id = s.case_id \
             WHERE s.override_by IS NOT NULL AND substr(s.at, 1, 10) >= ?1 AND substr(s.at, 1, 10) <= ?2 \
             ORDER BY s.at, s.id LIMIT ?3",
            p![date_text(period.from), date_text(period.to), LIST_MAX as i64],
            |r| {
                let at: String = r.get(0)?;
                let (from, to): (String, String) = (r.get(5)?, r.get(6)?);
                Ok(OverrideLine {
                    at: parse_time_text(&at).ok_or_else(|| bad("time"))?,
                    case_number: r.get(1)?,
                    matter: r.get(2)?,
                    visitor_name: r.get(3)?,
                    actor: r.get(4)?,
                    from: state(&from)?,
                    to: state(&to)?,
                    supervisor: r.get(7)?,
                    reason: r.get(8)?,
                })
            },
        )
    }

    /// Enquiries and referrals logged on the days of `period`, oldest first.
    pub fn enquiry_lines(&self, period: Period) -> Result<Vec<EnquiryLine>> {
        self.db.query(
            "SELECT e.at, e.kind, e.visitor, e.question, e.answer, e.department, e.staff, COALESCE(s.name, '') \
             FROM enquiries e LEFT JOIN staff s ON s.staff_id = e.staff \
             WHERE substr(e.at, 1, 10) >= ?1 AND substr(e.at, 1, 10) <= ?2 ORDER BY e.at, e.id LIMIT ?3",
            p![date_text(period.from), date_text(period.to), LIST_MAX as i64],
            |r| {
                let at: String = r.get(0)?;
                let kind: String = r.get(1)?;
                Ok(EnquiryLine {
                    at: parse_time_text(&at).ok_or_else(|| bad("time"))?,
                    kind: EnquiryKind::from_code(&kind).ok_or_else(|| bad("enquiry kind"))?,
                    visitor: r.get(2)?,
                    question: r.get(3)?,
                    answer: r.get(4)?,
                    department: r.get(5)?,
                    staff: r.get(6)?,
                    staff_name: r.get(7)?,
                })
            },
        )
    }
}
