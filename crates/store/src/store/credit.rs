//! 失信 marks on enterprises and persons (`credit_marks`, extended by migration 16): entered and
//! lifted by a supervisor with source, date and reason, each write with its audit entry in one
//! transaction. The checks are `domain::credit`; the desk service lets only supervisors call
//! these.
//!
//! Privacy: a person is kept as [`Store::id_key`] (the keyed hash cases use, so a case's visitor
//! finds their marks) and the masked number; the raw ID number is never stored, audited or shown.

use super::audit::mask_ids;
use super::cases::{clean, CaseId};
use super::cases::{clean_code, opt_date};
use super::db::{p, Row};
use super::{date_text, parse_date_text, parse_time_text, time_text, Result, Store, StoreError};
use crate::domain::credit::{Lift, MarkRecord, Subject};
use crate::domain::intake::CreditMark;
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

const MARK_COLS: &str = "id, subject, credit_code, person_masked, serious, since, source, note, staff, at, \
     lifted_at, lifted_by, lift_reason, until";

fn date_at(r: &Row, i: usize) -> Result<NaiveDate> {
    let s: String = r.get(i)?;
    parse_date_text(&s).ok_or_else(|| StoreError::Invalid(format!("column {i} holds a bad date {s:?}")))
}

fn time_at(r: &Row, i: usize) -> Result<NaiveDateTime> {
    let s: String = r.get(i)?;
    parse_time_text(&s).ok_or_else(|| StoreError::Invalid(format!("column {i} holds a bad time {s:?}")))
}

fn mark_from_row(r: &Row) -> Result<MarkRecord> {
    let subject: String = r.get(1)?;
    let person = subject == "person";
    let shown: String = if person { r.get::<Option<String>>(3)?.unwrap_or_default() } else { r.get(2)? };
    let lifted_at: Option<String> = r.get(10)?;
    let lifted = match lifted_at {
        None => None,
        Some(at) => {
            let at = parse_time_text(&at).ok_or_else(|| StoreError::Invalid("column 10 holds a bad time".into()))?;
            // `until` is the last day the mark held; the lifting takes effect the day after.
            let until = date_at(r, 13)?;
            Some(Lift {
                on: until.succ_opt().unwrap_or(until),
                by: r.get::<Option<String>>(11)?.unwrap_or_default(),
                at,
                reason: r.get::<Option<String>>(12)?.unwrap_or_default(),
            })
        }
    };
    Ok(MarkRecord {
        id: r.get(0)?,
        person,
        shown,
        serious: r.get(4)?,
        since: date_at(r, 5)?,
        source: r.get(6)?,
        note: r.get(7)?,
        entered_by: r.get(8)?,
        entered_at: time_at(r, 9)?,
        lifted,
    })
}

/// The domain's view of a mark for a decision (`intake::decide` reads `active_on`).
fn as_decision_mark(m: &MarkRecord) -> CreditMark {
    CreditMark {
        credit_code: m.shown.clone(),
        serious: m.serious,
        since: m.since,
        until: m.lifted.as_ref().and_then(|l| l.on.pred_opt()),
        note: m.note.clone(),
    }
}

/// The credit aggregate (失信): marks entered, read, lifted and listed, those a case's decision
/// consulted, and the desk's older per-enterprise marks, through [`Store::credit`]. Borrows the
/// store.
#[derive(Clone, Copy)]
pub struct Credit<'s> {
    pub(super) store: &'s Store,
}

impl Store {
    /// The credit-marks aggregate (失信).
    pub fn credit(&self) -> Credit<'_> {
        Credit { store: self }
    }
}

impl Credit<'_> {
    /// Enter a 失信 mark (checked by the caller: `domain::credit::check_entry`).
    #[allow(clippy::too_many_arguments)]
    pub fn enter(
        &self,
        subject: &Subject,
        serious: bool,
        since: NaiveDate,
        source: &str,
        note: &str,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<i64> {
        let source = mask_ids(&clean(source, 200, "source")?).into_owned();
        let note = mask_ids(&clean(note, 200, "note")?).into_owned();
        if source.is_empty() {
            return Err(StoreError::Invalid("a mark needs its source".into()));
        }
        let (kind, code, key, masked) = match subject {
            Subject::Enterprise(c) => ("enterprise", c.trim().to_ascii_uppercase(), None, None),
            Subject::Person(id) => ("person", String::new(), Some(self.store.id_key(id.as_str())), Some(id.masked())),
        };
        self.store.db.write(|| {
            let id: i64 = self.store.db.value(
                "INSERT INTO credit_marks (credit_code, serious, since, until, note, at, staff, subject, person_key, \
                 person_masked, source) VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
                p![code, serious, date_text(since), note, time_text(now), staff, kind, key, masked, source],
            )?;
            self.store.audit().append(
                staff,
                "credit.mark",
                json!({ "mark": id, "subject": kind, "who": subject.shown(), "serious": serious,
                        "since": date_text(since), "source": source }),
                now,
            )?;
            Ok(id)
        })
    }

    /// One mark by its number.
    pub fn get(&self, id: i64) -> Result<Option<MarkRecord>> {
        self.store.db.query_opt(&format!("SELECT {MARK_COLS} FROM credit_marks WHERE id = ?1"), p![id], mark_from_row)
    }

    /// Lift a mark from `on` (the first day it no longer holds) for `reason` (checked by the
    /// caller: `domain::credit::check_lift`). A mark lifted meanwhile is not lifted again.
    pub fn lift(&self, id: i64, on: NaiveDate, reason: &str, staff: &str, now: NaiveDateTime) -> Result<()> {
        let reason = mask_ids(&clean(reason, 200, "reason")?).into_owned();
        let until = on.pred_opt().ok_or_else(|| StoreError::Invalid("no day before the lifting".into()))?;
        self.store.db.write(|| {
            let n = self.store.db.execute(
                "UPDATE credit_marks SET until = ?2, lifted_at = ?3, lifted_by = ?4, lift_reason = ?5 \
                 WHERE id = ?1 AND lifted_at IS NULL",
                p![id, date_text(until), time_text(now), staff, reason],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!("no mark {id} in force to lift")));
            }
            self.store.audit().append(
                staff,
                "credit.lift",
                json!({ "mark": id, "on": date_text(on), "reason": reason }),
                now,
            )?;
            Ok(())
        })
    }

    /// Marks, newest first: all, or those on one subject; lifted ones only when `lifted`.
    pub fn list(&self, subject: Option<&Subject>, lifted: bool, limit: usize) -> Result<Vec<MarkRecord>> {
        let live = if lifted { "" } else { " AND lifted_at IS NULL" };
        match subject {
            None => self.store.db.query(
                &format!("SELECT {MARK_COLS} FROM credit_marks WHERE 1 = 1{live} ORDER BY id DESC LIMIT ?1"),
                p![limit as i64],
                mark_from_row,
            ),
            Some(Subject::Enterprise(c)) => self.store.db.query(
                &format!(
                    "SELECT {MARK_COLS} FROM credit_marks WHERE subject = 'enterprise' AND credit_code = ?1{live} \
                     ORDER BY id DESC LIMIT ?2"
                ),
                p![c.trim().to_ascii_uppercase(), limit as i64],
                mark_from_row,
            ),
            Some(Subject::Person(id)) => self.store.db.query(
                &format!("SELECT {MARK_COLS} FROM credit_marks WHERE person_key = ?1{live} ORDER BY id DESC LIMIT ?2"),
                p![self.store.id_key(id.as_str()), limit as i64],
                mark_from_row,
            ),
        }
    }

    /// Every mark on a case's applicant: the enterprise's credit code and the visitor (by the
    /// keyed hash the case holds), lifted ones included (a decision asks which hold today).
    pub fn of_case(&self, case: CaseId) -> Result<Vec<CreditMark>> {
        let rows = self.store.db.query(
            &format!(
                "SELECT {MARK_COLS} FROM credit_marks m WHERE EXISTS (SELECT 1 FROM cases c WHERE c.id = ?1 AND \
                 ((m.subject = 'enterprise' AND m.credit_code = c.credit_code) OR \
                  (m.person_key IS NOT NULL AND m.person_key = c.visitor_key))) ORDER BY id"
            ),
            p![case],
            mark_from_row,
        )?;
        Ok(rows.iter().map(as_decision_mark).collect())
    }

    /// Record a bad-credit mark (一般失信 / 严重失信) on an enterprise; returns its id. Audited.
    pub fn add_enterprise_mark(&self, mark: &CreditMark, staff: &str, now: NaiveDateTime) -> Result<i64> {
        let code = clean_code(&mark.credit_code, 18, "credit code")?.to_ascii_uppercase();
        let note = clean(&mark.note, 200, "note")?;
        self.store.db.write(|| {
            let id: i64 = self.store.db.value(
                "INSERT INTO credit_marks (credit_code, serious, since, until, note, at, staff) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                p![code, mark.serious, date_text(mark.since), mark.until.map(date_text), note, time_text(now), staff],
            )?;
            self.store.audit().append(
                staff,
                "desk.credit_mark",
                json!({ "credit_code": code, "serious": mark.serious, "since": date_text(mark.since) }),
                now,
            )?;
            Ok(id)
        })
    }

    /// Every credit mark on the enterprise with `credit_code` (upper-cased first), oldest first.
    pub fn enterprise_marks(&self, credit_code: &str) -> Result<Vec<CreditMark>> {
        self.store.db.query(
            "SELECT credit_code, serious, since, until, note FROM credit_marks WHERE credit_code = ?1 ORDER BY id",
            p![credit_code.trim().to_ascii_uppercase()],
            |r| {
                Ok(CreditMark {
                    credit_code: r.get(0)?,
                    serious: r.get(1)?,
                    since: date_at(r, 2)?,
                    until: opt_date(r, 3)?,
                    note: r.get(4)?,
                })
            },
        )
    }
}
