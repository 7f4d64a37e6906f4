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
