//! A hand-off offer closed without being taken (首问负责制, issue 15): withdrawn by the staff
//! member who offered it, or declined by the receiver, each with a reason. The offer leaves
//! `case_handoff_offers` (the case keeps its owner; a new offer can be made) and is kept whole
//! in `case_handoff_closed` (migration "issue 15 leftovers" in [`super::schema`]), with its case
//! event and audit entry. Who may close which offer is the service's check; the store checks
//! again inside the transaction that the offer still waits and that the closer is its party.

use super::cases::CaseId;
use super::cases::Cases;
use super::db::p;
use super::{parse_time_text, time_text, Result, StoreError};
use chrono::NaiveDateTime;
use serde_json::json;

/// How an offer was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandoffClose {
    /// By the staff member who offered it.
    Withdrawn,
    /// By the receiver, who did not take it.
    Declined,
}

impl HandoffClose {
    /// Stable code stored in the database. Never rename.
    pub fn code(self) -> &'static str {
        match self {
            HandoffClose::Withdrawn => "withdrawn",
            HandoffClose::Declined => "declined",
        }
    }
    /// The close of a stored code; `None` for an unknown one.
    pub fn from_code(s: &str) -> Option<HandoffClose> {
        [HandoffClose::Withdrawn, HandoffClose::Declined].into_iter().find(|c| c.code() == s)
    }
}

/// A closed offer as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedHandoff {
    /// Staff ID of the owner, who kept the case.
    pub from: String,
    /// Staff ID of the receiver the case was offered to.
    pub to: String,
    /// Staff ID of whoever made the offer.
    pub by: String,
    /// Why the case was to be handed on, as entered.
    pub reason: String,
    /// When the offer was made.
    pub offered_at: NaiveDateTime,
    /// Withdrawn or declined.
    pub outcome: HandoffClose,
    /// Staff ID of who closed it.
    pub closed_by: String,
    /// Why it was closed (ID numbers masked).
    pub close_reason: String,
    /// When it was closed.
    pub closed_at: NaiveDateTime,
}

impl Cases<'_> {
    /// Close the offer of `case` still waiting: withdrawn by `staff` (who must have made it) or
    /// declined by `staff` (who must be its receiver), with `reason` (required; ID numbers
    /// masked). Refused when no offer waits or `staff` is not the party that may close it.
    pub fn close_handoff(
        &self,
        case: CaseId,
        how: HandoffClose,
        staff: &str,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let reason = super::cases::clean(reason, 200, "reason")?;
        let reason = crate::domain::id::mask_in_text(&reason).into_owned();
        if reason.is_empty() {
            return Err(StoreError::Invalid("a reason is required".into()));
        }
        self.store.db.write(|| {
            let offer = self
                .pending_handoff(case)?
                .ok_or_else(|| StoreError::Invalid(format!("no hand-off of case {case} waits")))?;
            let party = match how {
                HandoffClose::Withdrawn => offer.by == staff,
                HandoffClose::Declined => offer.to == staff,
            };
            if !party {
                return Err(StoreError::Invalid(format!(
                    "staff {staff} may not close the hand-off of case {case} ({})",
                    how.code()
                )));
            }
            self.store.db.execute(
                "INSERT INTO case_handoff_closed (case_id, from_staff, to_staff, by_staff, reason, offered_at, \
                 outcome, closed_by, close_reason, closed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                p![
                    case,
                    offer.from.clone(),
                    offer.to.clone(),
                    offer.by.clone(),
                    offer.reason.clone(),
                    time_text(offer.at),
                    how.code(),
                    staff,
                    reason.clone(),
                    time_text(now)
                ],
            )?;
            self.store
                .db
                .execute("DELETE FROM case_handoff_offers WHERE case_id = ?1 AND state = 'pending'", p![case])?;
            let action = match how {
                HandoffClose::Withdrawn => "case.handoff_withdrawn",
                HandoffClose::Declined => "case.handoff_declined",
            };
            self.store.case_step(
                case,
                staff,
                action,
                json!({ "from": offer.from, "to": offer.to, "reason": reason }),
                now,
            )
        })
    }

    /// The closed offers of a case, oldest first.
    pub fn closed_handoffs(&self, case: CaseId) -> Result<Vec<ClosedHandoff>> {
        let t = |s: String| parse_time_text(&s).ok_or_else(|| StoreError::Invalid(format!("bad time {s:?}")));
        self.store.db.query(
            "SELECT from_staff, to_staff, by_staff, reason, offered_at, outcome, closed_by, close_reason, closed_at \
             FROM case_handoff_closed WHERE case_id = ?1 ORDER BY id",
            p![case],
            |r| {
                let outcome: String = r.get(5)?;
                Ok(ClosedHandoff {
                    from: r.get(0)?,
                    to: r.get(1)?,
                    by: r.get(2)?,
                    reason: r.get(3)?,
                    offered_at: t(r.get(4)?)?,
                    outcome: HandoffClose::from_code(&outcome)
                        .ok_or_else(|| StoreError::Invalid(format!("unknown hand-off outcome {outcome}")))?,
                    closed_by: r.get(6)?,
                    close_reason: r.get(7)?,
                    closed_at: t(r.get(8)?)?,
                })
            },
        )
    }
}
