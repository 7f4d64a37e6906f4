//! Closed loops (issue 15): the contact attempts of callbacks and of bad ratings' follow-ups,
//! the 整改 of a bad rating, and the figures the reports hold against the 100% targets
//! (淄博 2020 措施 11; 围场 2023 措施 16). Table `loop_contacts` and the columns of the last
//! migration in [`super::schema`]. The rules (what a contact needs, when a follow-up may be
//! called back) are `domain::loops`; the service checks them before a write here.
//!
//! Every write runs in one transaction with its case event (when the task has a case) and its
//! audit entry. Free text (notes, 整改) is stored with any ID number in it masked (SPEC §6).

use super::db::{p, Row};
use super::ratings::Ratings;
use super::{date_text, parse_date_text, parse_time_text, time_text, Result, StoreError};
use crate::domain::loops::{BadReason, Contact, ContactRecord, LoopKind, LoopRates, LoopTask, Rate, MAX_NOTE};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

fn bad(i: usize, what: &str) -> StoreError {
    StoreError::Invalid(format!("column {i} holds a bad {what}"))
}

fn opt_date(r: &Row, i: usize) -> Result<Option<NaiveDate>> {
    match r.get::<Option<String>>(i)? {
        None => Ok(None),
        Some(s) => parse_date_text(&s).map(Some).ok_or_else(|| bad(i, "date")),
    }
}

/// Free text as kept: trimmed, no control characters, at most [`MAX_NOTE`], ID numbers masked.
fn note_text(s: &str, what: &str) -> Result<String> {
    let t = super::cases::clean(s, MAX_NOTE, what)?;
    Ok(crate::domain::id::mask_in_text(&t).into_owned())
}

const FOLLOWUP_SELECT: &str = "SELECT f.id, r.case_id, c.number, f.due, f.due_provisional, r.rating, r.reason, \
     f.remedy, f.state FROM rating_followups f JOIN service_ratings r ON r.id = f.rating_id \
     LEFT JOIN cases c ON c.id = r.case_id";
const CALLBACK_SELECT: &str = "SELECT b.id, b.case_id, c.number, b.due, 0, NULL, NULL, NULL, b.state \
     FROM case_callbacks b JOIN cases c ON c.id = b.case_id";

fn task_from_row(kind: LoopKind, r: &Row) -> Result<LoopTask> {
    let state: String = r.get(8)?;
    let reason: Option<String> = r.get(6)?;
    Ok(LoopTask {
        kind,
        id: r.get(0)?,
        case_id: r.get(1)?,
        case_number: r.get(2)?,
        due: opt_date(r, 3)?.ok_or_else(|| bad(3, "date"))?,
        provisional: r.get::<i64>(4)? != 0,
        rating: r.get::<Option<i64>>(5)?.and_then(|c| u8::try_from(c).ok()),
        reason: match reason {
            None => None,
            Some(code) => Some(BadReason::from_code(&code).ok_or_else(|| bad(6, "rating reason"))?),
        },
        remedy: r.get(7)?,
        contacts: vec![],
        done: state == "done",
    })
}

impl Ratings<'_> {
    /// Open callbacks or follow-ups, earliest due first, each with its contacts. A follow-up
    /// is listed from the moment the bad rating is given (not from its due day): its countdown
    /// runs from then.
    pub fn open_loops(&self, kind: LoopKind, limit: usize) -> Result<Vec<LoopTask>> {
        let (select, alias) = match kind {
            LoopKind::Followup => (FOLLOWUP_SELECT, "f"),
            LoopKind::Callback => (CALLBACK_SELECT, "b"),
        };
        let sql = format!("{select} WHERE {alias}.state = 'open' ORDER BY {alias}.due, {alias}.id LIMIT ?1");
        let mut tasks = self.store.db.query(&sql, p![limit as i64], |r| task_from_row(kind, r))?;
        for t in &mut tasks {
            t.contacts = self.loop_contacts(kind, t.id)?;
        }
        Ok(tasks)
    }

    /// One callback or follow-up (open or done) with its contacts.
    pub fn loop_task(&self, kind: LoopKind, id: i64) -> Result<Option<LoopTask>> {
        let (select, alias) = match kind {
            LoopKind::Followup => (FOLLOWUP_SELECT, "f"),
            LoopKind::Callback => (CALLBACK_SELECT, "b"),
        };
        let sql = format!("{select} WHERE {alias}.id = ?1");
        let Some(mut t) = self.store.db.query_opt(&sql, p![id], |r| task_from_row(kind, r))? else { return Ok(None) };
        t.contacts = self.loop_contacts(kind, id)?;
        Ok(Some(t))
    }

    fn loop_contacts(&self, kind: LoopKind, id: i64) -> Result<Vec<ContactRecord>> {
        let col = match kind {
            LoopKind::Followup => "followup_id",
            LoopKind::Callback => "callback_id",
        };
        self.store.db.query(
            &format!(
                "SELECT at, staff, reached, satisfaction, note, next_attempt FROM loop_contacts \
                 WHERE {col} = ?1 ORDER BY id"
            ),
            p![id],
            |r| {
                let at: String = r.get(0)?;
                Ok(ContactRecord {
                    at: parse_time_text(&at).ok_or_else(|| bad(0, "time"))?,
                    staff: r.get(1)?,
                    contact: Contact {
                        reached: r.get::<i64>(2)? != 0,
                        satisfaction: r.get::<Option<i64>>(3)?.and_then(|s| u8::try_from(s).ok()),
                        note: r.get(4)?,
                        next_attempt: opt_date(r, 5)?,
                    },
                })
            },
        )
    }

    /// Record a contact attempt of an open callback or follow-up; a reached visitor closes it
    /// (state done, with the note as its outcome). Refused when the task is not open, or a
    /// follow-up is reached before its 整改 is recorded (checked again here, inside the
    /// transaction, against a concurrent desk).
    pub fn record_loop_contact(
        &self,
        kind: LoopKind,
        id: i64,
        contact: &Contact,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<LoopTask> {
        let note = note_text(&contact.note, "note")?;
        if contact.satisfaction.is_some_and(|s| !(1..=5).contains(&s)) {
            return Err(StoreError::Invalid("satisfaction is 1 to 5".into()));
        }
        self.store.db.write(|| {
            let t = self.loop_task(kind, id)?.ok_or_else(|| StoreError::Invalid(format!("no task {id}")))?;
            if t.done {
                return Err(StoreError::Invalid(format!("task {id} is closed already")));
            }
            if kind == LoopKind::Followup && contact.reached && t.remedy.is_none() {
                return Err(StoreError::Invalid("record the 整改 before the callback".into()));
            }
            let (cb, fu) = match kind {
                LoopKind::Callback => (Some(id), None),
                LoopKind::Followup => (None, Some(id)),
            };
            self.store.db.execute(
                "INSERT INTO loop_contacts (callback_id, followup_id, reached, satisfaction, note, next_attempt, at, staff) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                p![
                    cb,
                    fu,
                    contact.reached,
                    contact.satisfaction.map(i64::from),
                    note.clone(),
                    contact.next_attempt.map(date_text),
                    time_text(now),
                    staff
                ],
            )?;
            if contact.reached {
                let sql = match kind {
                    LoopKind::Callback => {
                        "UPDATE case_callbacks SET state = 'done', reached = 1, outcome = ?2, done_at = ?3, \
                         done_by = ?4 WHERE id = ?1 AND state = 'open'"
                    }
                    LoopKind::Followup => {
                        "UPDATE rating_followups SET state = 'done', outcome = ?2, done_at = ?3, done_by = ?4 \
                         WHERE id = ?1 AND state = 'open'"
                    }
                };
                self.store.db.execute(sql, p![id, note.clone(), time_text(now), staff])?;
            }
            let (action, key) = match kind {
                LoopKind::Callback => ("case.callback_contact", "callback"),
                LoopKind::Followup => ("rating.followup_contact", "followup"),
            };
            let detail = json!({
                key: id,
                "reached": contact.reached,
                "satisfaction": contact.satisfaction,
                "next_attempt": contact.next_attempt.map(date_text),
                "closed": contact.reached,
            });
            match t.case_id {
                Some(c) => self.store.case_step(c, staff, action, detail, now)?,
                None => {
                    self.store.audit().append(staff, action, detail, now)?;
                }
            }
            self.loop_task(kind, id)?.ok_or_else(|| StoreError::Invalid(format!("no task {id}")))
        })
    }

    /// Record (or correct) the 整改 of an open follow-up: what was done about the bad rating.
    pub fn record_remedy(&self, id: i64, remedy: &str, staff: &str, now: NaiveDateTime) -> Result<LoopTask> {
        let remedy = note_text(remedy, "remedy")?;
        if remedy.is_empty() {
            return Err(StoreError::Invalid("say what was done (整改)".into()));
        }
        self.store.db.write(|| {
            let n = self.store.db.execute(
                "UPDATE rating_followups SET remedy = ?2, remedy_at = ?3, remedy_by = ?4 \
                 WHERE id = ?1 AND state = 'open'",
                p![id, remedy, time_text(now), staff],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!("follow-up {id} is not open")));
            }
            let t =
                self.loop_task(LoopKind::Followup, id)?.ok_or_else(|| StoreError::Invalid(format!("no task {id}")))?;
            let detail = json!({ "followup": id });
            match t.case_id {
                Some(c) => self.store.case_step(c, staff, "rating.remedy", detail, now)?,
                None => {
                    self.store.audit().append(staff, "rating.remedy", detail, now)?;
                }
            }
            Ok(t)
        })
    }

    /// The visitor's reason for a bad rating (touched on the rating screen of `counter` right
    /// after rating request `request`). Only a bad rating (不满意, 非常不满意) takes one, once,
    /// and only from the counter it was given at.
    pub fn set_reason(
        &self,
        request: i64,
        counter: u32,
        reason: BadReason,
        station: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        self.store.db.write(|| {
            let n = self.store.db.execute(
                "UPDATE service_ratings SET reason = ?3 WHERE id = ?1 AND counter = ?2 AND state = 'rated' \
                 AND rating <= 2 AND reason IS NULL",
                p![request, counter, reason.code()],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!("rating {request} has no bad rating waiting for a reason")));
            }
            let (service, case): (String, Option<i64>) = self.store.db.query_one(
                "SELECT service, case_id FROM service_ratings WHERE id = ?1",
                p![request],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let detail = json!({ "service": service, "reason": reason.code() });
            match case {
                Some(c) => self.store.case_step(c, station, "rating.reason", detail, now)?,
                None => {
                    self.store.audit().append(station, "rating.reason", detail, now)?;
                }
            }
            Ok(())
        })
    }

    /// The loops' figures for 办件 and ratings of `[from, to]` (days, inclusive): 办件 finished
    /// in the period and called back (done), bad ratings given in it and 整改 (recorded) and
    /// closed, and 办件 decided in it (accepted or refused) that were asked to rate.
    pub fn loop_rates(&self, from: NaiveDate, to: NaiveDate) -> Result<LoopRates> {
        let (f, t) = (date_text(from), date_text(to));
        let count = |sql: &str| -> Result<u64> {
            let n: i64 = self.store.db.value(sql, p![f.clone(), t.clone()])?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        // Callbacks are created at 办结 with due = 办结 + 10 days; the period is of 办结 days.
        let closed = "FROM case_callbacks b JOIN cases c ON c.id = b.case_id \
                      WHERE c.closed_on >= ?1 AND c.closed_on <= ?2";
        let callbacks = Rate {
            total: count(&format!("SELECT COUNT(*) {closed}"))?,
            done: count(&format!("SELECT COUNT(*) {closed} AND b.state = 'done'"))?,
        };
        let bad = "FROM rating_followups fo JOIN service_ratings r ON r.id = fo.rating_id \
                   WHERE substr(r.rated_at, 1, 10) >= ?1 AND substr(r.rated_at, 1, 10) <= ?2";
        let remedies = Rate {
            total: count(&format!("SELECT COUNT(*) {bad}"))?,
            // A follow-up closed with `close_followup` (its outcome says what was done) before the
            // 整改 had its own field counts as remedied.
            done: count(&format!("SELECT COUNT(*) {bad} AND (fo.remedy IS NOT NULL OR fo.state = 'done')"))?,
        };
        let followups =
            Rate { total: remedies.total, done: count(&format!("SELECT COUNT(*) {bad} AND fo.state = 'done'"))? };
        // 办件 with a decision in the period: accepted (accepted_on) or refused (closed_on).
        let decided = "FROM cases c WHERE ((c.accepted_on >= ?1 AND c.accepted_on <= ?2) \
                       OR (c.state = 'refused' AND c.closed_on >= ?1 AND c.closed_on <= ?2))";
        let asked = Rate {
            total: count(&format!("SELECT COUNT(*) {decided}"))?,
            done: count(&format!(
                "SELECT COUNT(*) {decided} AND EXISTS (SELECT 1 FROM service_ratings r WHERE r.case_id = c.id)"
            ))?,
        };
        let enquiries = self.store.enquiry_counts(from, to)?;
        Ok(LoopRates { callbacks, remedies, followups, asked, enquiries })
    }
}
