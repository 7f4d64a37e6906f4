//! The one fixture builder: a test home (certdesk.toml, the database with its holders,
//! certificates and staff, optionally a matters.toml) described in one chain and built on a
//! temporary directory. `TestHome::new` is the builder's defaults: the sample holder and
//! certificates, the supervisor [`STAFF`], a file printer.
//!
//! ```ignore
//! let h = Fixture::new().staff("0002", "张伟", "135790", Role::Clerk).build();
//! ```

use crate::{now, sample_certs, sample_holder, TempDir, TestHome, STAFF, STAFF_NAME};
use certdesk::domain::{Certificate, Holder};
use certdesk::home::Home;
use certdesk::store::{Role, Store};

/// What a test home holds; [`Fixture::build`] makes it.
#[derive(Debug, Clone)]
pub struct Fixture {
    config: String,
    holders: Vec<Holder>,
    certs: Vec<Certificate>,
    staff: Vec<(String, String, String, Role)>,
    matters: Option<String>,
}

impl Default for Fixture {
    fn default() -> Fixture {
        Fixture::new()
    }
}

impl Fixture {
    /// The kit's usual home: printing to `file:spool` (400 ms printer timeout), idle after
    /// 30 s, two prints per certificate per day; the sample holder and their certificates;
    /// the supervisor [`STAFF`].
    pub fn new() -> Fixture {
        Fixture {
            config: config_for("file:spool"),
            holders: vec![sample_holder()],
            certs: sample_certs(),
            staff: vec![(STAFF.0.into(), STAFF_NAME.into(), STAFF.1.into(), Role::Supervisor)],
            matters: None,
        }
    }

    /// Print to `target` (as `printer.target` in certdesk.toml), the rest as [`Fixture::new`].
    pub fn printer(mut self, target: &str) -> Fixture {
        self.config = config_for(target);
        self
    }

    /// certdesk.toml is exactly `config`.
    pub fn config(mut self, config: &str) -> Fixture {
        self.config = config.to_string();
        self
    }

    /// One more staff member.
    pub fn staff(mut self, number: &str, name: &str, pin: &str, role: Role) -> Fixture {
        self.staff.push((number.into(), name.into(), pin.into(), role));
        self
    }

    /// One more holder (their certificates with [`Fixture::cert`]).
    pub fn holder(mut self, holder: Holder) -> Fixture {
        self.holders.push(holder);
        self
    }

    /// One more certificate (its holder must be in the fixture).
    pub fn cert(mut self, cert: Certificate) -> Fixture {
        self.certs.push(cert);
        self
    }

    /// No holders, certificates or staff but those added after this.
    pub fn empty(mut self) -> Fixture {
        self.holders.clear();
        self.certs.clear();
        self.staff.clear();
        self
    }

    /// The home's `matters.toml` is `text` (else the built-in list serves).
    pub fn matters_toml(mut self, text: &str) -> Fixture {
        self.matters = Some(text.to_string());
        self
    }

    /// Make the home on a fresh temporary directory.
    pub fn build(self) -> TestHome {
        let tmp = TempDir::new();
        let dir = tmp.path().join("home");
        Home::init(&dir, now().date()).unwrap();
        std::fs::write(dir.join("certdesk.toml"), &self.config).unwrap();
        if let Some(m) = &self.matters {
            std::fs::write(dir.join("matters.toml"), m).unwrap();
        }
        let store = Store::open(dir.join("certdesk.db")).unwrap();
        for h in &self.holders {
            store.holders().upsert(h).unwrap();
        }
        for mut c in self.certs {
            store.holders().upsert_certificate(&mut c).unwrap();
        }
        for (number, name, pin, role) in &self.staff {
            store.staff().add(number, name, pin, *role).unwrap();
        }
        TestHome { _tmp: tmp, dir }
    }
}

fn config_for(target: &str) -> String {
    format!(
        "[printer]\ntarget = \"{target}\"\ntimeout_ms = 400\n[kiosk]\nidle_timeout_secs = 30\nmax_prints_per_cert_per_day = 2\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builder_makes_what_it_was_told() {
        let h = Fixture::new().printer("file:out").staff("0002", "张伟", "135790", Role::Clerk).build();
        let s = h.store();
        assert_eq!(s.holders().count().unwrap(), 1);
        assert_eq!(s.holders().certificate_count().unwrap(), sample_certs().len() as u64);
        assert!(h.home().config.printer.target == "file:out");
        let staff = s.staff().list().unwrap();
        assert_eq!(staff.iter().map(|m| m.staff_id.as_str()).collect::<Vec<_>>(), ["0001", "0002"]);
        let empty = Fixture::new().empty().build();
        assert_eq!(empty.store().holders().count().unwrap(), 0);
    }

    #[test]
    fn a_garbage_matters_file_in_a_fixture_is_an_error_for_the_desk() {
        let h = Fixture::new().matters_toml("[[matter]]\ncode = 1\n").build();
        assert!(h.settings().matters().is_err());
    }
}
