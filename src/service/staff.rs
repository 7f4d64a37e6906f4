//! Staff sign-in for every mode: check a staff number and PIN, and audit it.

use super::Live;
use crate::app::staff::{self as mode, Purpose, StaffSession};
use crate::app::Outcome;
use anyhow::Result;
use serde_json::json;

pub(super) fn run(live: &mut Live, effect: mode::Effect) -> Result<Option<Outcome>> {
    let o = match effect {
        mode::Effect::Login { staff_id, pin, purpose } => match live.staff_login(&staff_id, &pin, purpose)? {
            Some(s) => mode::Outcome::Accepted(s),
            None => mode::Outcome::Denied,
        },
        mode::Effect::Logout { staff_id } => {
            let now = live.clock.now();
            live.store.audit(&live.station(), "desk.logout", json!({ "staff": staff_id }), now)?;
            mode::Outcome::LoggedOut
        }
    };
    Ok(Some(o.into()))
}

impl Live {
    /// The staff member, when the PIN is right and the account active; audited either way.
    pub fn staff_login(&mut self, staff_id: &str, pin: &str, purpose: Purpose) -> Result<Option<StaffSession>> {
        let now = self.clock.now();
        let station = self.station();
        let ok = self.store.check_staff_pin(staff_id, pin);
        let member = if ok { self.store.staff(staff_id)?.filter(|m| m.active) } else { None };
        let action = match (purpose, member.is_some()) {
            (Purpose::KioskExit, true) => "kiosk.staff_exit",
            (Purpose::KioskExit, false) => "kiosk.staff_denied",
            (Purpose::DeskLogin, true) => "desk.login",
            (Purpose::DeskLogin, false) => "desk.login_denied",
        };
        self.store.audit(&station, action, json!({ "staff": staff_id }), now)?;
        Ok(member.map(|m| StaffSession { staff_id: m.staff_id, name: m.name, role: m.role }))
    }
}
