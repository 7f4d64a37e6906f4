//! Online confirmation (issue 18): a verifier that reaches the registry asks it whether it
//! printed the slip (serial, certificate, minute), so that a slip signed with a stolen key —
//! back-dated before `compromised_since`, or never printed at all — is refused even though its
//! signature is good. Only the yes/no answer leaves the store (`PrintJobs::confirm`).

use crate::cli_strings::{t, Lang, M};
use crate::home::Home;
use crate::seal::{self, PrintAnswer, Verification};
use crate::store::print_records::PrintRecord;
use crate::store::Store;

/// The home's registry, when its database holds one (a bureau or kiosk home, a hall's server):
/// a station home whose own database holds no certificate is not a registry, and verifies
/// offline. A registry that cannot be opened is reported on stderr and the verdicts say offline.
pub fn registry(home: &Home, lang: Lang) -> Option<Store> {
    if !home.db_location().is_postgres() && !home.db_path().exists() {
        return None;
    }
    match home.store_for_reading().and_then(|s| Ok((s.holders().certificate_count()? > 0).then_some(s))) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", t(lang, M::RegistryOffline, &[&crate::cli_strings::error_line(&e)]));
            None
        }
    }
}

/// Ask `store` about an authentic slip and apply the answer; a failing query leaves the
/// verdict offline (it says so), never a guess.
pub fn confirm(store: &Store, v: &mut Verification) {
    let Some(c) = &v.claims else { return };
    match store.print_jobs().confirm(c.serial, &c.seal_handle, c.printed_at) {
        Ok(PrintRecord::Matches) => seal::confirm(v, PrintAnswer::Printed),
        Ok(PrintRecord::None) => seal::confirm(v, PrintAnswer::NotPrinted),
        Err(_) => {}
    }
}
