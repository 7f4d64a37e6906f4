//! The rating screen's backend (`certdesk rate --counter N`): whether the desk at a counter asks
//! for a rating, and recording the visitor's choice. Domain results only; the rating mode picks
//! the words. The recording itself, with the bad-rating follow-up and its working-day due date,
//! is the intake backend's (`service::desk::Desk::record_rating_of`).
//!
//! What goes back to the screen is limited to what the visitor may see (SPEC §6, privacy): the
//! case number and the staff member's number and name; never the visitor's own data.

use super::desk::RatingRecorded;
use super::Live;
use anyhow::Result;
use certdesk_protocol::rating::{Ask, Effect, Outcome};
use std::time::Duration;

/// How long an idle screen's poll waits for a nudge from the desk (PostgreSQL's NOTIFY) before
/// it answers "nothing yet". A request arriving meanwhile shows at once instead of at the next
/// poll; the screen asks again right after, so this only bounds how often an idle screen
/// queries the hall's server.
pub const LISTEN_WAIT: Duration = Duration::from_secs(2);

/// Carry out a rating screen's request.
pub fn run(live: &mut Live, effect: Effect) -> Result<Option<certdesk_protocol::Outcome>> {
    Ok(Some(certdesk_protocol::Outcome::Rating(match effect {
        Effect::Poll { counter, idle } => {
            let mut ask = pending(live, counter)?;
            if ask.is_none() && idle {
                if live.rating_listener.is_none() {
                    live.rating_listener = Some(live.store()?.listener(crate::store::RATING_CHANNEL)?);
                }
                if let Some(Some(l)) = live.rating_listener.as_mut() {
                    let mine = counter.to_string();
                    if l.wait(LISTEN_WAIT)?.contains(&mine) {
                        ask = pending(live, counter)?;
                    }
                }
            }
            Outcome::Pending(ask)
        }
        Effect::Rate { counter, request, rating } => match live.desk()?.record_rating_of(counter, request, rating)? {
            RatingRecorded::Recorded { followup_due } => Outcome::Rated { request, followup: followup_due.is_some() },
            RatingRecorded::NotPending => Outcome::NotPending { request },
        },
        Effect::Reason { counter, request, reason } => {
            live.desk()?.record_rating_reason(counter, request, reason)?;
            Outcome::ReasonRecorded { request }
        }
    })))
}

/// The request waiting at `counter`, if any.
fn pending(live: &Live, counter: u32) -> Result<Option<Ask>> {
    let Some(req) = live.store()?.ratings().pending(counter)? else { return Ok(None) };
    // A staff member removed since asking still has their number shown; the name is optional.
    let staff_name = live.store()?.staff().get(&req.staff)?.map(|m| m.name);
    Ok(Some(Ask { request: req.id, case_number: req.service, staff_id: req.staff, staff_name }))
}
