//! Staff actions on the command line prove who acts (issue 17 §9): a command that acts as a
//! staff member (`standing set --staff`, `jobs void --staff`) asks for that member's PIN — a
//! hidden prompt on a terminal, or one line of stdin with `--pin-stdin` for scripts — and checks
//! it through the one staff PIN gate (`service::pin_gate`, behind the counter: the same growing
//! delays and the same lock per staff number as the desk, audited the same way). The command
//! then audits the verified staff number, never a bare claim.

use crate::cli_strings::{t, Lang, M};
use crate::home::Home;
use crate::service::pin_gate::{self, PinGate, Place, SignIn};
use crate::store::{StaffMember, Store};
use anyhow::{bail, Result};
use std::io::{BufRead, IsTerminal};

/// Where command-line PINs are counted (the station's growing delays).
pub fn station(home: &Home) -> String {
    format!("{}-cli", home.config.kiosk.id)
}

/// Read the PIN of `staff_id`: from stdin (one line) with `pin_stdin`, else a hidden prompt on
/// the terminal; refused when neither is possible (a script must say `--pin-stdin`).
fn read_pin(staff_id: &str, pin_stdin: bool, lang: Lang) -> Result<String> {
    let stdin = std::io::stdin();
    if pin_stdin {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        return Ok(line.trim().to_string());
    }
    if !stdin.is_terminal() {
        bail!("{}", t(lang, M::ActorNoPin, &[]));
    }
    Ok(rpassword::prompt_password(t(lang, M::ActorPinPrompt, &[&staff_id]))?)
}

/// The staff member `staff_id`, once their PIN has been given and checked; `action` is the
/// audit entry of the verification (`cli.staff_verified`, with the command).
pub fn verified(
    home: &Home,
    store: &Store,
    staff_id: &str,
    pin_stdin: bool,
    command: &str,
    lang: Lang,
) -> Result<StaffMember> {
    let pin = read_pin(staff_id.trim(), pin_stdin, lang)?;
    let station = station(home);
    let clock = crate::clock::Clock::system();
    let pause = pin_gate::sleep();
    let gate = PinGate {
        store,
        station: &station,
        clock: &clock,
        rule: pin_gate::lockout(&home.config),
        place: Place::Counter,
        pause: &pause,
    };
    match gate.check_and_audit(staff_id, &pin, command)? {
        SignIn::Ok(m) => Ok(m),
        SignIn::Denied { attempts_left } => bail!("{}", t(lang, M::ActorDenied, &[&attempts_left])),
        SignIn::Locked { minutes } => bail!("{}", t(lang, M::ActorLocked, &[&staff_id.trim(), &minutes])),
    }
}

/// Who acts for an administration command (`staff …`, `keys …`, `calendar add`, `jobs
/// reprint`): `staff`, an active member whose role is in `roles`, once their PIN is checked
/// through [`verified`] (the same gate, throttle and lock). Returns the staff number the
/// command audits.
///
/// A home with no active supervisor or admin yet (a station being installed: the first staff
/// member, the first trust list) has nobody to prove: the command runs without `--staff` and is
/// audited as `admin`, as before. Once such a member exists, `--staff` is required. (Disabling
/// the last of them is refused, so the rule cannot be switched off from the command line.)
pub fn acting(
    home: &Home,
    staff: Option<&str>,
    pin_stdin: bool,
    command: &str,
    roles: &[crate::store::Role],
    lang: Lang,
) -> Result<String> {
    // A station without a database yet (a verifier being installed) has no staff at all.
    if staff.is_none() && !home.db_location().is_postgres() && !home.db_path().exists() {
        return Ok("admin".into());
    }
    let store = home.store()?;
    let Some(staff) = staff.map(str::trim) else {
        if installing(&store)? {
            return Ok("admin".into());
        }
        bail!("{}", t(lang, M::ActorNeeded, &[&command]));
    };
    let member = store
        .staff()
        .get(staff)?
        .filter(|m| m.active)
        .ok_or_else(|| anyhow::anyhow!("{}", t(lang, M::StandingStaff, &[&staff])))?;
    if !roles.contains(&member.role) {
        bail!("{}", t(lang, M::ActorRole, &[&member.staff_id, &member.role.as_str(), &command]));
    }
    Ok(verified(home, &store, staff, pin_stdin, command, lang)?.staff_id)
}

/// No active supervisor or admin in the home yet.
pub fn installing(store: &Store) -> Result<bool> {
    use crate::store::Role;
    Ok(!store.staff().list()?.iter().any(|m| m.active && matches!(m.role, Role::Supervisor | Role::Admin)))
}

/// Supervisors and admins: who manages staff, keys and the calendar.
pub const MANAGERS: &[crate::store::Role] = &[crate::store::Role::Supervisor, crate::store::Role::Admin];
/// Any staff member: who may send a stuck slip again.
pub const ANY_STAFF: &[crate::store::Role] =
    &[crate::store::Role::Clerk, crate::store::Role::Supervisor, crate::store::Role::Admin];
