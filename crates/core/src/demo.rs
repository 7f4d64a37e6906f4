//! `certdesk demo`: a self-contained demo home — a synthetic roster, demo keys, a file printer,
//! a demo staff account — so a newcomer sees the whole product with no hardware and no setup.

use crate::domain::{Certificate, Holder, LeadTimes, Status};
use crate::home::Home;
use crate::store::{Role, Store};
use anyhow::{Context, Result};
use chrono::NaiveDateTime;
use std::path::Path;

/// Holders in the demo roster.
pub const DEMO_HOLDERS: usize = 3000;
/// The demo roster's random seed: every demo home holds the same people.
pub const DEMO_SEED: u64 = 20261123;
/// The demo supervisor's staff id and PIN.
pub const DEMO_STAFF: (&str, &str) = ("0001", "123456");
/// A window clerk beside the supervisor: 批准 is never by the one who handled the case (审批分离,
/// a matter setting), so a demo needs a second person to take a case to its decision.
pub const DEMO_CLERK: (&str, &str) = ("0002", "123456");

/// Create (or reuse) the demo home. Returns the (ID number, factor) to try, both synthetic.
pub fn prepare(dir: &Path, now: NaiveDateTime) -> Result<(String, String)> {
    let (home, _) = Home::init(dir, now.date())?;
    let store = home.store()?;
    if let (Some(id), Some(f)) = (store.setting("demo_id")?, store.setting("demo_factor")?) {
        return Ok((id, f));
    }
    let roster = crate::roster::generate(DEMO_HOLDERS, DEMO_SEED, now.date());
    store.in_transaction(|s| {
        for (holder, certs) in &roster {
            s.holders().upsert(holder)?;
            for c in certs {
                let mut c = c.clone();
                s.holders().upsert_certificate(&mut c)?;
            }
        }
        Ok(())
    })?;
    if store.staff().get(DEMO_STAFF.0)?.is_none() {
        store.staff().add(DEMO_STAFF.0, "演示工作人员", DEMO_STAFF.1, Role::Supervisor)?;
    }
    if store.staff().get(DEMO_CLERK.0)?.is_none() {
        store.staff().add(DEMO_CLERK.0, "演示窗口人员", DEMO_CLERK.1, Role::Clerk)?;
    }
    let (holder, _) = pick(&roster, now).context("the demo roster has no holder to show")?;
    let factor = holder.factor().expect("picked a holder with a mobile number");
    store.set_setting("demo_id", &holder.id_number)?;
    store.set_setting("demo_factor", &factor)?;
    store.audit().append("demo", "demo.created", serde_json::json!({ "holders": roster.len() }), now)?;
    drop(store);
    // The roster has revoked and suspended cards: the demo home's list must hold them, or its
    // verifier says 有效 for them (issue 17 §3).
    crate::cli_verifier::reissue(&home, &home.revocations_path(), crate::cli_strings::Lang::Zh)?;
    Ok((holder.id_number.clone(), factor))
}

/// A holder worth showing: a mobile number on record, two or more certificates, one of them
/// with a reminder (review or expiry near) and one plainly valid.
fn pick(roster: &[(Holder, Vec<Certificate>)], now: NaiveDateTime) -> Option<&(Holder, Vec<Certificate>)> {
    let lead = LeadTimes::default();
    let st = |c: &Certificate| c.status(now.date(), &lead);
    roster
        .iter()
        .filter(|(h, _)| h.factor().is_some())
        .find(|(_, cs)| {
            cs.len() >= 2
                && cs.iter().any(|c| matches!(st(c), Status::ReviewDueSoon { .. } | Status::ExpiringSoon { .. }))
                && cs.iter().any(|c| st(c) == Status::Valid)
        })
        .or_else(|| roster.iter().find(|(h, cs)| h.factor().is_some() && cs.iter().any(|c| st(c).is_usable())))
}

/// A printable certificate of the demo holder, for the headless demo.
pub fn printable_certificate(store: &Store, id_number: &str) -> Result<crate::store::CertId> {
    let today = crate::clock::today();
    store
        .holders()
        .certificates_for(id_number)?
        .into_iter()
        .find(|c| c.status(today, &LeadTimes::default()).is_usable())
        .map(|c| c.id)
        .context("the demo holder has no printable certificate")
}
