//! The store's side of the reports (`crate::report`): plain facts read with portable SQL, so
//! that the same statements run on SQLite and PostgreSQL — `?N` placeholders, `COALESCE`, dates
//! and times as ISO text compared as text (a period's end is the day after, `< ?2`), every
//! selected non-aggregate in `GROUP BY`, counts read as i64, no date functions. The shaping
//! (zeros for quiet days, follow-up judged against today, working days) is the report module's.
//!
//! Nothing read here is an ID number: cases carry their number and the visitor's name.

use super::db::{p, Row};
use super::{date_text, parse_date_text, parse_time_text, Result, Store, StoreError};
use crate::domain::intake::Rating;
use crate::report::{CallbackFact, DailyFacts, FollowUpFact, OverdueFact, Period, RatingFact};
use chrono::{NaiveDate, NaiveDateTime};

fn bad(what: &str, v: &str) -> StoreError {
    StoreError::Invalid(format!("{what} {v:?} is not as stored"))
}

fn day_of(s: String) -> Result<NaiveDate> {
    parse_date_text(&s).ok_or_else(|| bad("date", &s))
}

fn opt_day(s: Option<String>) -> Result<Option<NaiveDate>> {
    s.map(day_of).transpose()
}

fn time_of(s: String) -> Result<NaiveDateTime> {
    parse_time_text(&s).ok_or_else(|| bad("time", &s))
}

/// A count column (`COUNT(*)` is a bigint on PostgreSQL: read as i64).
fn count(r: &Row, i: usize) -> Result<u64> {
    Ok(r.get::<i64>(i)?.max(0) as u64)
}

/// `[from, to + 1 day)` as text bounds for `YYYY-MM-DD HH:MM:SS` columns.
fn bounds(p: Period) -> (String, String) {
    (date_text(p.from), date_text(p.to + chrono::Duration::days(1)))
}

/// Running cases (accepted and not yet 办结): the desk's own list of stages.
const RUNNING: &str = "('accepted', 'undertaken', 'reviewed', 'approved')";

impl Store {
    /// Every rating given in `period`, with the staff member's name, the case and its matter,
    /// the bad rating's follow-up and the case's callback, oldest first.
    pub fn rating_facts(&self, period: Period) -> Result<Vec<RatingFact>> {
        let (from, to) = bounds(period);
        self.db.query(
            "SELECT r.rated_at, r.rating, r.staff, COALESCE(s.name, ''), r.service, c.number, c.matter, \
                    f.due, f.done_at, f.done_by, f.outcome, b.due, b.state, b.reached, b.outcome, \
                    f.due_provisional \
             FROM service_ratings r \
             LEFT JOIN staff s ON s.staff_id = r.staff \
             LEFT JOIN cases c ON c.id = r.case_id \
             LEFT JOIN rating_followups f ON f.rating_id = r.id \
             LEFT JOIN case_callbacks b ON b.case_id = r.case_id \
             WHERE r.state = 'rated' AND r.rated_at >= ?1 AND r.rated_at < ?2 \
             ORDER BY r.rated_at, r.id",
            p![from, to],
            |r| {
                let code: i64 = r.get(1)?;
                let rating = u8::try_from(code)
                    .ok()
                    .and_then(Rating::from_code)
                    .ok_or_else(|| bad("rating", &code.to_string()))?;
                let followup = match r.get::<Option<String>>(7)? {
                    Some(due) => Some(FollowUpFact {
                        due: day_of(due)?,
                        provisional: r.get::<Option<bool>>(15)?.unwrap_or(false),
                        done_at: r.get::<Option<String>>(8)?.map(time_of).transpose()?,
                        done_by: r.get(9)?,
                        outcome: r.get(10)?,
                    }),
                    None => None,
                };
                let callback = match r.get::<Option<String>>(11)? {
                    Some(due) => Some(CallbackFact {
                        due: day_of(due)?,
                        done: r.get::<Option<String>>(12)?.as_deref() == Some("done"),
                        reached: r.get::<Option<i64>>(13)?.map(|x| x != 0),
                        outcome: r.get(14)?,
                    }),
                    None => None,
                };
                Ok(RatingFact {
                    rated_at: time_of(r.get(0)?)?,
                    rating,
                    staff: r.get(2)?,
                    staff_name: r.get(3)?,
                    service: r.get(4)?,
                    case_number: r.get(5)?,
                    matter: r.get(6)?,
                    followup,
                    callback,
                })
            },
        )
    }

    /// Per-day counts in `period` (days with nothing are simply absent).
    pub fn daily_facts(&self, period: Period) -> Result<DailyFacts> {
        let (from, to) = (date_text(period.from), date_text(period.to));
        let (t_from, t_to) = bounds(period);
        let per_day = |sql: &str, a: &str, b: &str| -> Result<Vec<(NaiveDate, u64)>> {
            self.db.query(sql, p![a, b], |r| Ok((day_of(r.get(0)?)?, count(r, 1)?)))
        };
        let prints = per_day(
            "SELECT day, COUNT(*) FROM print_jobs WHERE state = 'printed' AND day >= ?1 AND day <= ?2 GROUP BY day",
            &from,
            &to,
        )?;
        // Documents and notices carry a time, not a day: the day is its first ten characters.
        let documents = per_day(
            "SELECT substr(created_at, 1, 10), COUNT(*) FROM document_jobs \
             WHERE state = 'printed' AND created_at >= ?1 AND created_at < ?2 GROUP BY substr(created_at, 1, 10)",
            &t_from,
            &t_to,
        )?;
        let intakes =
            per_day("SELECT day, COUNT(*) FROM cases WHERE day >= ?1 AND day <= ?2 GROUP BY day", &from, &to)?;
        let notices = per_day(
            "SELECT substr(at, 1, 10), COUNT(*) FROM case_notices WHERE at >= ?1 AND at < ?2 GROUP BY substr(at, 1, 10)",
            &t_from,
            &t_to,
        )?;
        let deficient = per_day(
            "SELECT accepted_on, COUNT(*) FROM cases WHERE accept_kind = 'deficient' \
             AND accepted_on >= ?1 AND accepted_on <= ?2 GROUP BY accepted_on",
            &from,
            &to,
        )?;
        let verdicts = self.db.query(
            "SELECT day, verdict, COUNT(*) FROM verifier_scans WHERE day >= ?1 AND day <= ?2 GROUP BY day, verdict",
            p![from, to],
            |r| Ok((day_of(r.get(0)?)?, r.get(1)?, count(r, 2)?)),
        )?;
        Ok(DailyFacts { prints, documents, intakes, notices, deficient, verdicts })
    }

    /// Running cases whose committed due date is before `as_of`, earliest due first. A case whose
    /// clock stopped before its due date and is still stopped is not overdue (行政许可法 第四十五条).
    pub fn overdue_facts(&self, as_of: NaiveDate) -> Result<Vec<OverdueFact>> {
        self.db.query(
            &format!(
                "SELECT c.number, c.matter, c.state, c.owner, COALESCE(s.name, ''), c.first_owner, c.visitor_name, \
                    c.accepted_on, c.due_on, c.statutory_due_on, c.pledge_due, c.due_provisional \
             FROM cases c LEFT JOIN staff s ON s.staff_id = c.owner \
             WHERE c.state IN {RUNNING} AND c.due_on IS NOT NULL AND c.due_on < ?1 \
               AND NOT EXISTS (SELECT 1 FROM case_stops t WHERE t.case_id = c.id AND t.end_on IS NULL \
                               AND t.start_on <= c.due_on) \
             ORDER BY c.due_on, c.number"
            ),
            p![date_text(as_of)],
            |r| {
                Ok(OverdueFact {
                    number: r.get(0)?,
                    matter: r.get(1)?,
                    state: r.get(2)?,
                    owner: r.get(3)?,
                    owner_name: r.get(4)?,
                    first_owner: r.get(5)?,
                    visitor_name: r.get(6)?,
                    accepted_on: opt_day(r.get(7)?)?,
                    due_on: day_of(r.get(8)?)?,
                    statutory_due_on: opt_day(r.get(9)?)?,
                    pledge_due: opt_day(r.get(10)?)?,
                    due_provisional: r.get(11)?,
                })
            },
        )
    }
}

impl Store {
    /// Read the facts of `kind` and shape them into the report (`crate::report`): ratings and
    /// daily counts over `period`, follow-ups judged as of `today`; overdue cases as of
    /// `period.to` (the cases' stages are today's).
    pub fn report(
        &self,
        kind: crate::report::Kind,
        period: Period,
        today: NaiveDate,
        calendar: &crate::domain::workdays::Calendar,
    ) -> Result<crate::report::Report> {
        use crate::report::{self, Kind, Report};
        Ok(match kind {
            Kind::Ratings => {
                let mut r = report::ratings(period, today, &self.rating_facts(period)?);
                r.loops = Box::new(self.ratings().loop_rates(period.from, period.to)?);
                r.enquiry_list = self.enquiry_lines(period)?;
                Report::Ratings(r)
            }
            Kind::Daily => {
                let mut r = report::daily(period, &self.daily_facts(period)?);
                r.overrides = self.override_lines(period)?;
                Report::Daily(r)
            }
            Kind::Overdue => Report::Overdue(report::overdue(period.to, calendar, &self.overdue_facts(period.to)?)),
        })
    }
}
