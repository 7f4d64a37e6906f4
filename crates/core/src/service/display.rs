//! The hall's call display (`certdesk display`): the latest calls of today from the database,
//! so every counter on the home's database (a hall's PostgreSQL: any number of them) shows on
//! the same display. Domain results only: the display mode picks the words.

use super::Live;
use anyhow::Result;
use certdesk_protocol::display::{Call, Effect, Outcome};

/// Calls a poll may ask for at most (the display shows a handful).
const MAX_SHOWN: usize = 50;

/// Carry out a call display's request.
pub fn run(live: &mut Live, effect: Effect) -> Result<Option<certdesk_protocol::Outcome>> {
    let Effect::Poll { shown } = effect;
    let today = live.clock.now().date();
    let h = live.store()?.tickets().calls(today, shown.clamp(1, MAX_SHOWN))?;
    let calls = h.calls.iter().filter_map(Call::of).collect();
    Ok(Some(Outcome::Calls { calls, waiting: h.waiting }.into()))
}
