//! Staff sign-in for every mode: check a staff number and PIN, and audit it.

use super::pin_gate::{self, PinGate, Place, SignIn};
use super::Live;
use anyhow::Result;
use certdesk_protocol::staff::{self as mode, Purpose, StaffSession};
use certdesk_protocol::Outcome;
use serde_json::json;

pub(super) fn run(live: &mut Live, effect: mode::Effect) -> Result<Option<Outcome>> {
    let o = match effect {
        mode::Effect::Login { staff_id, pin, purpose } => live.staff_login(&staff_id, &pin, purpose)?,
        mode::Effect::Logout { staff_id } => {
            live.desk_staff = None;
            let now = live.clock.now();
            live.store()?.audit().append(&live.station(), "desk.logout", json!({ "staff": staff_id }), now)?;
            mode::Outcome::LoggedOut
        }
    };
    Ok(Some(o.into()))
}

impl Live {
    /// Sign a staff member in through the one staff PIN gate (`service::pin_gate`, shared with
    /// `Desk::login`). At the kiosk's staff key the PIN is typed in the lobby: failures count
    /// against the terminal, never the account (a visitor cannot lock staff out); at the desk
    /// they count against the staff number. The gate audits failures and locks; the success
    /// is audited with its purpose.
    pub fn staff_login(&mut self, staff_id: &str, pin: &str, purpose: Purpose) -> Result<mode::Outcome> {
        let station = self.station();
        let (place, action) = match purpose {
            Purpose::KioskExit => (Place::Lobby, "kiosk.staff_exit"),
            Purpose::DeskLogin => (Place::Counter, "desk.login"),
        };
        let rule = pin_gate::lockout(&self.config);
        let signed = PinGate {
            store: self.store()?,
            station: &station,
            clock: &self.clock,
            rule,
            place,
            pause: &self.pin_pause,
        }
        .sign_in(staff_id, pin, action)?;
        Ok(match signed {
            SignIn::Ok(m) => {
                self.desk_staff = Some(super::desk::StaffSession {
                    staff_id: m.staff_id.clone(),
                    name: m.name.clone(),
                    role: m.role,
                });
                mode::Outcome::Accepted(StaffSession { staff_id: m.staff_id, name: m.name, role: m.role })
            }
            SignIn::Denied { .. } => mode::Outcome::Denied,
            SignIn::Locked { minutes } => mode::Outcome::Locked { minutes },
        })
    }
}
