//! The desk's services (`service::desk::Desk`) without a screen, on both store backends: SQLite
//! (a real file) always and PostgreSQL (a fresh schema on the tests' server, [`crate::pg`]) when
//! there is one, required under CI or `CERTDESK_REQUIRE_PG=1`. The clock is a cell the test
//! moves. The one fixture of the service-level desk tests (tests/desk_time.rs, desk_pledge.rs,
//! desk_roles.rs, paper_facts.rs).
//!
//! ```ignore
//! let fxs = DeskBackends::new(at).staff("0001", "张敏", "123456", Role::Clerk).build("my_test");
//! ```

use certdesk::clock::Clock;
use certdesk::config::Config;
use certdesk::domain::intake::{CaseState, Decision, MaterialState};
use certdesk::domain::matters::Matters;
use certdesk::domain::workdays::Calendar;
use certdesk::printer::Target;
use certdesk::service::desk::a4::A4Home;
use certdesk::service::desk::{Desk, Login, StaffSession};
use certdesk::store::db::Location;
use certdesk::store::{OpenCheck, Role, Store};
use chrono::{NaiveDate, NaiveDateTime};
use std::sync::{Arc, Mutex};

/// The backends a test runs on, each with its own temporary directory: SQLite always (its file
/// in that directory), PostgreSQL when a server is there. Without one, under CI or
/// `CERTDESK_REQUIRE_PG=1`, this panics: a required backend is never skipped quietly.
pub fn backends(tag: &str) -> Vec<(tempfile::TempDir, Location)> {
    let dir = tempfile::tempdir().unwrap();
    let mut out = vec![(Location::Sqlite(dir.path().join("certdesk.db")), dir)];
    if let Some(url) = crate::pg::fresh_url(tag) {
        out.push((Location::Postgres(url), tempfile::tempdir().unwrap()));
    } else if std::env::var_os("CI").is_some() || crate::pg::required() {
        panic!("no PostgreSQL server for the test (CERTDESK_TEST_PG)");
    }
    out.into_iter().map(|(loc, dir)| (dir, loc)).collect()
}

/// What the desks of [`DeskBackends::build`] hold.
#[derive(Debug, Clone)]
pub struct DeskBackends {
    start: NaiveDateTime,
    staff: Vec<(String, String, String, Role)>,
    config: Config,
    a4: bool,
}

impl DeskBackends {
    /// No staff, the default settings, the clock at `start`.
    pub fn new(start: NaiveDateTime) -> DeskBackends {
        DeskBackends { start, staff: vec![], config: Config::default(), a4: false }
    }

    /// One more staff member.
    pub fn staff(mut self, number: &str, name: &str, pin: &str, role: Role) -> DeskBackends {
        self.staff.push((number.into(), name.into(), pin.into(), role));
        self
    }

    /// The home's settings are `config`.
    pub fn config(mut self, config: Config) -> DeskBackends {
        self.config = config;
        self
    }

    /// The desk issues A4 documents (`Desk::with_a4`) from the temporary directory as its home,
    /// with a seal key and a trust list there (documents' QR codes are signed with them).
    pub fn a4(mut self) -> DeskBackends {
        self.a4 = true;
        self
    }

    /// One desk per backend of [`backends`], slips printed to `spool/` in its directory.
    pub fn build(self, tag: &str) -> Vec<DeskFx> {
        backends(tag)
            .into_iter()
            .map(|(dir, loc)| {
                let store = Store::open_at(&loc, OpenCheck::Skip).unwrap();
                for (number, name, pin, role) in &self.staff {
                    store.staff().add(number, name, pin, *role).unwrap();
                }
                let clock = Arc::new(Mutex::new(self.start));
                let cell = clock.clone();
                let mut desk = Desk::new(
                    store,
                    &self.config,
                    Target::File(dir.path().join("spool")),
                    Matters::builtin(),
                    Calendar::builtin(),
                    Clock::from_fn(move || *cell.lock().unwrap()),
                );
                if self.a4 {
                    std::fs::create_dir_all(dir.path().join("keys")).unwrap();
                    let signer = certdesk::seal::Signer::write_new(&dir.path().join("keys/signing.key")).unwrap();
                    let mut trust = certdesk::seal::TrustList::new();
                    trust.add(signer.public_entry("bureau")).unwrap();
                    trust.save(&dir.path().join("keys/trust.toml")).unwrap();
                    desk = desk.with_a4(A4Home { config: self.config.clone(), dir: dir.path().to_path_buf() });
                }
                DeskFx { dir, loc, clock, desk, config: self.config.clone() }
            })
            .collect()
    }
}

/// A desk service on one backend, its clock a cell the test moves.
pub struct DeskFx {
    /// The temporary directory (the SQLite file, the spool, the A4 home).
    pub dir: tempfile::TempDir,
    /// Where the store is.
    pub loc: Location,
    /// The desk's clock.
    pub clock: Arc<Mutex<NaiveDateTime>>,
    /// The desk's services.
    pub desk: Desk,
    /// The settings the desk was made with.
    pub config: Config,
}

impl DeskFx {
    /// Move the desk's clock to `t`.
    pub fn set(&self, t: NaiveDateTime) {
        *self.clock.lock().unwrap() = t;
    }

    /// What the desk's clock says.
    pub fn now(&self) -> NaiveDateTime {
        *self.clock.lock().unwrap()
    }

    /// Another handle on the desk's database.
    pub fn store(&self) -> Store {
        Store::open_at(&self.loc, OpenCheck::Skip).unwrap()
    }

    /// Sign `number` in with `pin`; anything but a session panics.
    pub fn login(&self, number: &str, pin: &str) -> StaffSession {
        match self.desk.login(number, pin).unwrap() {
            Login::Ok(s) => s,
            other => panic!("{other:?}"),
        }
    }

    /// A 特种作业操作证申领 case opened by `by`, its checklist ticked provided (`except`: other
    /// states).
    pub fn ticked_case(&self, by: &StaffSession, except: &[(&str, MaterialState)]) -> i64 {
        let c = self.desk.open_case(by, "special_issue", None).unwrap();
        for item in self.desk.checklist(c.id).unwrap() {
            let st = except
                .iter()
                .find(|(m, _)| *m == item.material)
                .map(|(_, s)| s.clone())
                .unwrap_or(MaterialState::Provided);
            self.desk.tick(by, c.id, &item.material, st).unwrap();
        }
        c.id
    }

    /// A [`DeskFx::ticked_case`] accepted in full by `by` on `on` at 9:00 (the clock left there).
    pub fn accepted_case(&self, by: &StaffSession, on: NaiveDate) -> i64 {
        self.set(on.and_hms_opt(9, 0, 0).unwrap());
        let id = self.ticked_case(by, &[]);
        self.desk.decide(by, id, &Decision::Accept, None).unwrap();
        id
    }

    /// The case's state.
    pub fn state(&self, id: i64) -> CaseState {
        self.desk.case_view(id).unwrap().case.state
    }

    /// The actions of the case's events, oldest first.
    pub fn actions(&self, id: i64) -> Vec<String> {
        self.store().cases().events(id).unwrap().into_iter().map(|e| e.action).collect()
    }
}
