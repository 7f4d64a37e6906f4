//! 首问负责制 to the end (issue 15): a hand-off is an offer the receiver takes (the case keeps
//! its owner until then), and "我首问的", the cases a staff member first received wherever they
//! are now. Table `case_handoff_offers` of the migration after the loops' in [`super::schema`].
//! The rules (who may hand off, to whom) are checked by the service before a write here.

use super::cases::{case_from_row, CaseId, CaseRecord, CASE_COLS};
use super::db::p;
use super::{time_text, Result, Store, StoreError};
use crate::domain::first_contact::{Enquiry, EnquiryKind, MAX_TEXT};
use chrono::NaiveDateTime;
use serde_json::json;

/// A hand-off waiting for its receiver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoffOffer {
    /// Staff ID of the owner, who keeps the case until it is taken.
    pub from: String,
    /// Staff ID of the receiver the case is offered to.
    pub to: String,
    /// Staff ID of whoever made the offer.
    pub by: String,
    /// Why the case is handed on, as entered.
    pub reason: String,
    /// When the offer was made.
    pub at: NaiveDateTime,
}

impl Store {
    /// Log an enquiry (咨询、引导、转办) answered by `staff`; checked by the service first
    /// (`domain::first_contact::check_enquiry`). Returns its id.
    pub fn log_enquiry(&self, e: &Enquiry, staff: &str, now: NaiveDateTime) -> Result<i64> {
        let f = |s: &str, what| -> Result<String> {
            let t = super::cases::clean(s, MAX_TEXT, what)?;
            Ok(crate::domain::id::mask_in_text(&t).into_owned())
        };
        let (visitor, question) = (f(&e.visitor, "visitor")?, f(&e.question, "question")?);
        let (answer, department) = (f(&e.answer, "answer")?, f(&e.department, "department")?);
        if visitor.is_empty() || question.is_empty() {
            return Err(StoreError::Invalid("an enquiry names who asked and what".into()));
        }
        self.db.write(|| {
            let id: i64 = self.db.value(
                "INSERT INTO enquiries (kind, visitor, question, answer, department, staff, at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                p![e.kind.code(), visitor, question, answer, department.clone(), staff, time_text(now)],
            )?;
            // The audit names the kind and the department, not the visitor.
            self.audit().append(
                staff,
                "enquiry.logged",
                json!({ "id": id, "kind": e.kind.code(), "department": department }),
                now,
            )?;
            Ok(id)
        })
    }

    /// Enquiries of `[from, to]` (days, inclusive) by kind, in `EnquiryKind::ALL` order.
    pub fn enquiry_counts(&self, from: chrono::NaiveDate, to: chrono::NaiveDate) -> Result<[u64; 3]> {
        let mut out = [0u64; 3];
        for (i, k) in EnquiryKind::ALL.iter().enumerate() {
            let n: i64 = self.db.value(
                "SELECT COUNT(*) FROM enquiries WHERE kind = ?1 AND substr(at, 1, 10) >= ?2 AND substr(at, 1, 10) <= ?3",
                p![k.code(), super::date_text(from), super::date_text(to)],
            )?;
            out[i] = u64::try_from(n).unwrap_or(0);
        }
        Ok(out)
    }

    /// Offer the case to `to`; the owner stays until `to` takes it. One offer at a time.
    pub fn offer_handoff(&self, case: CaseId, to: &str, by: &str, reason: &str, now: NaiveDateTime) -> Result<()> {
        let reason = super::cases::clean(reason, 200, "reason")?;
        let reason = crate::domain::id::mask_in_text(&reason).into_owned();
        self.db.write(|| {
            let c = self.cases().get(case)?.ok_or_else(|| StoreError::Invalid(format!("no case {case}")))?;
            if self.staff().get(to)?.is_none_or(|m| !m.active) {
                return Err(StoreError::Invalid(format!("no active staff member {to}")));
            }
            if self.pending_handoff(case)?.is_some() {
                return Err(StoreError::Invalid(format!("case {} already waits for a receiver", c.number)));
            }
            self.db.execute(
                "INSERT INTO case_handoff_offers (case_id, from_staff, to_staff, by_staff, reason, offered_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                p![case, c.owner.clone(), to, by, reason.clone(), time_text(now)],
            )?;
            self.case_step(
                case,
                by,
                "case.handoff_offered",
                json!({ "from": c.owner, "to": to, "reason": reason }),
                now,
            )
        })
    }

    /// The hand-off of `case` waiting for its receiver, if any.
    pub fn pending_handoff(&self, case: CaseId) -> Result<Option<HandoffOffer>> {
        self.db.query_opt(
            "SELECT from_staff, to_staff, by_staff, reason, offered_at FROM case_handoff_offers \
             WHERE case_id = ?1 AND state = 'pending'",
            p![case],
            |r| {
                let at: String = r.get(4)?;
                Ok(HandoffOffer {
                    from: r.get(0)?,
                    to: r.get(1)?,
                    by: r.get(2)?,
                    reason: r.get(3)?,
                    at: super::parse_time_text(&at)
                        .ok_or_else(|| StoreError::Invalid(format!("column 4 holds a bad time {at:?}")))?,
                })
            },
        )
    }

    /// `staff` takes the hand-off offered to them: the case is theirs now, and the hand-off is
    /// on the case's record (case_handoffs) as before. Refused when nothing waits for `staff`.
    pub fn accept_handoff(&self, case: CaseId, staff: &str, now: NaiveDateTime) -> Result<()> {
        self.db.write(|| {
            let offer = self
                .pending_handoff(case)?
                .filter(|o| o.to == staff)
                .ok_or_else(|| StoreError::Invalid(format!("no hand-off of case {case} waits for {staff}")))?;
            self.db.execute(
                "UPDATE case_handoff_offers SET state = 'accepted', accepted_at = ?2 \
                 WHERE case_id = ?1 AND state = 'pending'",
                p![case, time_text(now)],
            )?;
            self.db.execute(
                "INSERT INTO case_handoffs (case_id, from_staff, to_staff, by_staff, reason, at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                p![case, offer.from.clone(), staff, offer.by, offer.reason.clone(), time_text(now)],
            )?;
            self.db.execute("UPDATE cases SET owner = ?2 WHERE id = ?1", p![case, staff])?;
            self.case_step(
                case,
                staff,
                "case.handoff",
                json!({ "from": offer.from, "to": staff, "reason": offer.reason, "accepted": true }),
                now,
            )
        })
    }

    /// Cases offered to `staff` and not taken yet, oldest offer first.
    pub fn handoffs_waiting_for(&self, staff: &str, limit: usize) -> Result<Vec<CaseRecord>> {
        self.db.query(
            &format!(
                "SELECT {CASE_COLS} FROM cases WHERE id IN (SELECT case_id FROM case_handoff_offers \
                 WHERE to_staff = ?1 AND state = 'pending') ORDER BY id LIMIT ?2"
            ),
            p![staff, limit as i64],
            case_from_row,
        )
    }

    /// "我首问的": the cases `staff` first received (首问负责人), wherever they are now, newest
    /// first; archived ones included (the first owner answers for the whole case).
    pub fn cases_first_received_by(&self, staff: &str, limit: usize) -> Result<Vec<CaseRecord>> {
        self.db.query(
            &format!("SELECT {CASE_COLS} FROM cases WHERE first_owner = ?1 ORDER BY id DESC LIMIT ?2"),
            p![staff, limit as i64],
            case_from_row,
        )
    }
}
