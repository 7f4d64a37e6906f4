//! The rating screen's backend (`certdesk rate --counter N`): whether the desk at a counter asks
//! for a rating, and recording the visitor's choice. Domain results only; the rating mode picks
//! the words. The recording itself, with the bad-rating follow-up and its working-day due date,
//! is the intake backend's (`service::desk::Desk::record_rating_of`).
//!
//! What goes back to the screen is limited to what the visitor may see (SPEC §6, privacy): the
//! case number and the staff member's number and name; never the visitor's own data.

use super::desk::RatingRecorded;
use super::Live;
use crate::app::rating::{Ask, Effect, Outcome};
use anyhow::Result;

pub fn run(live: &mut Live, effect: Effect) -> Result<Option<crate::app::Outcome>> {
    Ok(Some(crate::app::Outcome::Rating(match effect {
        Effect::Poll { counter } => Outcome::Pending(pending(live, counter)?),
        Effect::Rate { counter, request, rating } => match live.desk()?.record_rating_of(counter, request, rating)? {
            RatingRecorded::Recorded { followup_due } => Outcome::Rated { request, followup: followup_due.is_some() },
            RatingRecorded::NotPending => Outcome::NotPending { request },
        },
    })))
}

/// The request waiting at `counter`, if any.
fn pending(live: &Live, counter: u32) -> Result<Option<Ask>> {
    let Some(req) = live.store.pending_rating(counter)? else { return Ok(None) };
    // A staff member removed since asking still has their number shown; the name is optional.
    let staff_name = live.store.staff(&req.staff)?.map(|m| m.name);
    Ok(Some(Ask { request: req.id, case_number: req.service, staff_id: req.staff, staff_name }))
}
