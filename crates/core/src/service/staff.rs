//! Staff sign-in for every mode: check a staff number and PIN, and audit it.

use super::Live;
use crate::domain::throttle::{Backoff, Lockout};
use crate::store::staff::PinCheck;
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
            live.store()?.audit(&live.station(), "desk.logout", json!({ "staff": staff_id }), now)?;
            mode::Outcome::LoggedOut
        }
    };
    Ok(Some(o.into()))
}

impl Live {
    /// Check a staff number and PIN. Wrong PINs are throttled per station (growing delays) and
    /// locked per staff number (store/staff.rs, which audits failures and locks); a success is
    /// audited here with its purpose.
    pub fn staff_login(&mut self, staff_id: &str, pin: &str, purpose: Purpose) -> Result<mode::Outcome> {
        let station = self.station();
        let k = &self.config.kiosk;
        let rule = Lockout { max: k.max_factor_failures, window_minutes: k.factor_window_minutes };
        let wait = self.store()?.staff_pin_wait(&station, self.clock.now(), rule, Backoff::KIOSK)?;
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
        let now = self.clock.now();
        Ok(match self.store()?.verify_staff_pin(staff_id, pin, &station, now, rule)? {
            PinCheck::Ok => match self.store()?.staff(staff_id)?.filter(|m| m.active) {
                Some(m) => {
                    let action = match purpose {
                        Purpose::KioskExit => "kiosk.staff_exit",
                        Purpose::DeskLogin => "desk.login",
                    };
                    self.store()?.audit(&station, action, json!({ "staff": staff_id }), now)?;
                    self.desk_staff = Some(super::desk::StaffSession {
                        staff_id: m.staff_id.clone(),
                        name: m.name.clone(),
                        role: m.role,
                    });
                    mode::Outcome::Accepted(StaffSession { staff_id: m.staff_id, name: m.name, role: m.role })
                }
                None => mode::Outcome::Denied,
            },
            PinCheck::Denied { .. } => mode::Outcome::Denied,
            PinCheck::Locked { minutes } => mode::Outcome::Locked { minutes },
        })
    }
}
