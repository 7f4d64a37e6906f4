//! Closed loops at the desk (issue 15): the callbacks of finished 办件 and the 整改 and 回访 of
//! bad ratings, opened from the F8 list, recorded and closed; the reason a visitor touched for a
//! bad rating; the loops' rates for the reports. Rules in `domain::loops`, records in
//! `store::loops`.

use super::{Desk, DeskError, DeskResult, StaffSession};
use crate::domain::loops::{check_contact, check_followup_contact, BadReason, Contact, LoopKind, LoopRates, LoopTask};
use chrono::NaiveDate;

/// A valid ID number in a note is kept masked (the store masks it); a long run of digits that
/// is none (masking leaves it) is refused, as in every free-text field at the counter.
fn digits_refused(text: &str) -> DeskResult<()> {
    if super::id_like(&crate::domain::id::mask_in_text(text)) {
        return Err(DeskError::IdLike);
    }
    Ok(())
}

/// The most tasks of each kind the desk lists.
pub const TASKS_SHOWN: usize = 200;

impl Desk {
    /// Open callbacks and follow-ups, earliest due first. A bad rating is on the list from the
    /// moment it is given, with its countdown (not from its due day).
    pub fn open_tasks(&self, kind: LoopKind) -> DeskResult<Vec<LoopTask>> {
        Ok(self.store.ratings().open_loops(kind, TASKS_SHOWN)?)
    }

    /// One callback or follow-up, or `UnknownTask` when there is none with this id.
    pub fn loop_task(&self, kind: LoopKind, id: i64) -> DeskResult<LoopTask> {
        self.store.ratings().loop_task(kind, id)?.ok_or(DeskError::UnknownTask(id))
    }

    /// Record a contact attempt: reached (satisfaction and what the visitor said; the task
    /// closes) or not (the next attempt). A follow-up is called back after its 整改.
    pub fn record_contact(
        &self,
        who: &StaffSession,
        kind: LoopKind,
        id: i64,
        contact: &Contact,
    ) -> DeskResult<LoopTask> {
        let t = self.loop_task(kind, id)?;
        if t.done {
            return Err(DeskError::TaskClosed);
        }
        let today = self.today();
        match kind {
            LoopKind::Callback => check_contact(contact, today)?,
            LoopKind::Followup => check_followup_contact(contact, t.remedy.as_deref(), today)?,
        }
        digits_refused(&contact.note)?;
        Ok(self.store.ratings().record_loop_contact(kind, id, contact, &who.staff_id, self.now())?)
    }

    /// Record the 整改 of a bad rating (what was done about it).
    pub fn record_remedy(&self, who: &StaffSession, id: i64, remedy: &str) -> DeskResult<LoopTask> {
        let t = self.loop_task(LoopKind::Followup, id)?;
        if t.done {
            return Err(DeskError::TaskClosed);
        }
        if remedy.trim().is_empty() {
            return Err(DeskError::NoReason);
        }
        if remedy.chars().count() > crate::domain::loops::MAX_NOTE {
            return Err(DeskError::TooLong("remedy"));
        }
        digits_refused(remedy)?;
        Ok(self.store.ratings().record_remedy(id, remedy, &who.staff_id, self.now())?)
    }

    /// The reason the visitor at `counter` touched for the bad rating they just gave
    /// (`request`).
    pub fn record_rating_reason(&self, counter: u32, request: i64, reason: BadReason) -> DeskResult<()> {
        Ok(self.store.ratings().set_reason(request, counter, reason, &format!("rate-{counter}"), self.now())?)
    }

    /// 回访率, 整改率 and the share of 办件 asked to rate, for `[from, to]`.
    pub fn loop_rates(&self, from: NaiveDate, to: NaiveDate) -> DeskResult<LoopRates> {
        Ok(self.store.ratings().loop_rates(from, to)?)
    }
}
