//! Service ratings (好差评, issue 15): a rating requested at a counter, the rating screen's
//! pending request, the visitor's rating, and the follow-ups and callbacks a poor rating opens.
//! The closed loops on them (contacts, 整改, rates) are in `loops.rs`. Tables: the front-desk
//! and loops migrations in [`super::schema`].

use super::cases::{clean, date_at, time_at, RatingRequest, Task};
use super::db::p;
use super::{date_text, time_text, Result, Store, StoreError};
use crate::domain::intake::Rating;
use crate::domain::records::CaseId;
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

/// The ratings aggregate (好差评): ratings requested and given, the follow-ups and callbacks
/// they open, and their closed loops (contacts, 整改, reasons, rates; `loops.rs`), through
/// [`Store::ratings`]. Borrows the store.
#[derive(Clone, Copy)]
pub struct Ratings<'s> {
    pub(super) store: &'s Store,
}

impl Store {
    /// The ratings aggregate (ratings, follow-ups, callbacks, their loops).
    pub fn ratings(&self) -> Ratings<'_> {
        Ratings { store: self }
    }
}

impl Ratings<'_> {
    /// The desk asks the visitor at `counter` to rate `service` (e.g. the case number). One
    /// rating per service: asking again for a rated service is refused; an unanswered request on
    /// the same counter expires.
    pub fn request(
        &self,
        counter: u32,
        service: &str,
        case: Option<CaseId>,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<i64> {
        self.store.db.write(|| {
            let existing: Option<String> =
                self.store
                    .db
                    .query_opt("SELECT state FROM service_ratings WHERE service = ?1", p![service], |r| r.get(0))?;
            match existing.as_deref() {
                Some("rated") => return Err(StoreError::Invalid(format!("service {service} has been rated already"))),
                Some(_) => {
                    // Re-asking for the same service (pending or expired): move it to this counter.
                    self.store.db.execute(
                        "UPDATE service_ratings SET state = 'expired' WHERE counter = ?1 AND state = 'pending' \
                         AND service <> ?2",
                        p![counter, service],
                    )?;
                    self.store.db.execute(
                        "UPDATE service_ratings SET state = 'pending', counter = ?2, requested_at = ?3, staff = ?4 \
                         WHERE service = ?1",
                        p![service, counter, time_text(now), staff],
                    )?;
                }
                None => {
                    self.store.db.execute(
                        "UPDATE service_ratings SET state = 'expired' WHERE counter = ?1 AND state = 'pending'",
                        p![counter],
                    )?;
                    self.store.db.execute(
                        "INSERT INTO service_ratings (service, counter, case_id, staff, requested_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        p![service, counter, case, staff, time_text(now)],
                    )?;
                }
            }
            let id: i64 = self.store.db.value("SELECT id FROM service_ratings WHERE service = ?1", p![service])?;
            // The rating screen at `counter` wakes at commit (PostgreSQL; on SQLite it polls).
            self.store.notify(super::notify::RATING_CHANNEL, &counter.to_string())?;
            match case {
                Some(c) => self.store.case_step(
                    c,
                    staff,
                    "rating.requested",
                    json!({ "counter": counter, "service": service }),
                    now,
                )?,
                None => {
                    self.store.audit().append(
                        staff,
                        "rating.requested",
                        json!({ "counter": counter, "service": service }),
                        now,
                    )?;
                }
            }
            Ok(id)
        })
    }

    /// The request waiting for a rating on `counter`, if any (the rating screen polls this).
    pub fn pending(&self, counter: u32) -> Result<Option<RatingRequest>> {
        self.store.db.query_opt(
            "SELECT id, service, counter, case_id, staff, requested_at FROM service_ratings \
             WHERE counter = ?1 AND state = 'pending'",
            p![counter],
            |r| {
                Ok(RatingRequest {
                    id: r.get(0)?,
                    service: r.get(1)?,
                    counter: r.get(2)?,
                    case_id: r.get(3)?,
                    staff: r.get(4)?,
                    requested_at: time_at(r, 5)?,
                })
            },
        )
    }

    /// Record the visitor's rating for request `id` (once), and for a bad rating the follow-up
    /// due as `followup_due` counted it (date, working days, 暂定 or not, calendar version).
    /// Returns false if the request was no longer pending (rated already or expired): nothing
    /// is written then.
    pub fn record(
        &self,
        id: i64,
        rating: Rating,
        followup_due: Option<crate::domain::intake::FollowUpDue>,
        station: &str,
        now: NaiveDateTime,
    ) -> Result<bool> {
        if rating.is_bad() != followup_due.is_some() {
            return Err(StoreError::Invalid("a bad rating needs a follow-up date, a good one none".into()));
        }
        self.store.db.write(|| {
            let n = self.store.db.execute(
                "UPDATE service_ratings SET state = 'rated', rating = ?2, rated_at = ?3 \
                 WHERE id = ?1 AND state = 'pending'",
                p![id, rating.code(), time_text(now)],
            )?;
            if n == 0 {
                return Ok(false);
            }
            let (service, case): (String, Option<CaseId>) =
                self.store.db.query_one("SELECT service, case_id FROM service_ratings WHERE id = ?1", p![id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            let mut detail = json!({ "service": service, "rating": rating.code() });
            if let Some(f) = followup_due {
                self.store.db.execute(
                    "INSERT INTO rating_followups (rating_id, due, working_days, due_provisional, calendar_version) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    p![id, date_text(f.due), i64::from(f.working_days), f.provisional, f.calendar_version],
                )?;
                detail["followup_due"] = json!(date_text(f.due));
                if f.provisional {
                    detail["followup_provisional"] = json!(true);
                }
            }
            match case {
                Some(c) => self.store.case_step(c, station, "rating.given", detail, now)?,
                None => {
                    self.store.audit().append(station, "rating.given", detail, now)?;
                }
            }
            Ok(true)
        })
    }

    /// The rating given for a service, if any.
    pub fn of(&self, service: &str) -> Result<Option<Rating>> {
        let code: Option<Option<u8>> =
            self.store
                .db
                .query_opt("SELECT rating FROM service_ratings WHERE service = ?1", p![service], |r| r.get(0))?;
        Ok(code.flatten().and_then(Rating::from_code))
    }

    /// Open follow-ups due on or before `by`, earliest first.
    pub fn followups_due(&self, by: NaiveDate) -> Result<Vec<Task>> {
        self.store.db.query(
            "SELECT f.id, r.case_id, c.number, f.due, r.rating, f.due_provisional FROM rating_followups f \
             JOIN service_ratings r ON r.id = f.rating_id LEFT JOIN cases c ON c.id = r.case_id \
             WHERE f.state = 'open' AND f.due <= ?1 ORDER BY f.due, f.id",
            p![date_text(by)],
            |r| {
                Ok(Task {
                    id: r.get(0)?,
                    case_id: r.get(1)?,
                    case_number: r.get(2)?,
                    due: date_at(r, 3)?,
                    rating: r.get::<Option<u8>>(4)?.and_then(Rating::from_code),
                    provisional: r.get(5)?,
                })
            },
        )
    }

    /// Close an open bad-rating follow-up (好差评整改) with what it found; refused when not open. Audited.
    pub fn close_followup(&self, id: i64, outcome: &str, staff: &str, now: NaiveDateTime) -> Result<()> {
        let outcome = clean(outcome, 500, "outcome")?;
        if outcome.is_empty() {
            return Err(StoreError::Invalid("say what the follow-up found".into()));
        }
        self.store.db.write(|| {
            let n = self.store.db.execute(
                "UPDATE rating_followups SET state = 'done', outcome = ?2, done_at = ?3, done_by = ?4 \
                 WHERE id = ?1 AND state = 'open'",
                p![id, outcome, time_text(now), staff],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!("follow-up {id} is not open")));
            }
            self.store.audit().append(
                staff,
                "rating.followup_done",
                json!({ "followup": id, "outcome": outcome }),
                now,
            )?;
            Ok(())
        })
    }

    /// Open callbacks due on or before `by`, earliest first.
    pub fn callbacks_due(&self, by: NaiveDate) -> Result<Vec<Task>> {
        self.store.db.query(
            "SELECT b.id, b.case_id, c.number, b.due FROM case_callbacks b JOIN cases c ON c.id = b.case_id \
             WHERE b.state = 'open' AND b.due <= ?1 ORDER BY b.due, b.id",
            p![date_text(by)],
            |r| {
                Ok(Task {
                    id: r.get(0)?,
                    case_id: r.get(1)?,
                    case_number: r.get(2)?,
                    due: date_at(r, 3)?,
                    rating: None,
                    provisional: false,
                })
            },
        )
    }
}
