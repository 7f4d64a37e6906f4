//! The command line reads cases as the desk does: before `certdesk report` or `certdesk case …`
//! reads a case, 行政许可法 第三十二条's deemed acceptance is applied through the desk's own
//! implementation (`service::desk::deemed::Deemer`), audited with the command line's station as
//! the actor. A report never counts as waiting a case the desk would show as accepted.

use crate::domain::records::CaseRecord;
use crate::home::Home;
use crate::service::desk::deemed::Deemer;
use crate::store::Store;
use anyhow::Result;

fn with_deemer<T>(home: &Home, store: &Store, f: impl FnOnce(&Deemer<'_>) -> Result<T>) -> Result<T> {
    let matters = home.matters()?;
    let calendar = store.calendar().get()?;
    let actor = crate::cli_actor::station(home);
    f(&Deemer { store, matters: &matters, calendar: &calendar, actor: &actor, now: crate::clock::now() })
}

/// Every case a deemed-acceptance rule accepts as of today, accepted (before a report).
pub fn sweep(home: &Home, store: &Store) -> Result<usize> {
    with_deemer(home, store, |d| Ok(d.sweep()?.len()))
}

/// One case as it is now (before `case show`, `case issue`, `case export`).
pub fn case_now(home: &Home, store: &Store, c: CaseRecord) -> Result<CaseRecord> {
    with_deemer(home, store, |d| Ok(d.case_now(c)?))
}
