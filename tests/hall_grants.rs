//! Least privilege on the hall's server (issue 17 §7). `certdesk hall grants --apply` on the
//! owner's home, then each kind of terminal logs in as its own role (a LOGIN member of the
//! group role, as a hall sets it up) on a real PostgreSQL server: its normal work succeeds —
//! a kiosk print through the kiosk's key path, a verifier scan written by the station, a desk
//! intake through the desk service, an import on the admin's home — and what is not its work is
//! refused by the server (SQLSTATE 42501), audit rows above all. On SQLite there are no roles:
//! the command says it is for a hall's server.

mod support;

use certdesk::app::Target;
use certdesk::domain::intake::{Decision, MaterialState};
use certdesk::domain::{CertKind, LeadTimes};
use certdesk::home::Home;
use certdesk::seal::{seal, SlipClaims};
use certdesk::service::desk::{Desk, Login, VisitorInput};
use certdesk::settings::Settings;
use certdesk::station::Station;
use certdesk::store::{JobState, OpenCheck, Role};
use certdesk_testkit::{
    self as testkit, clock, d, now, pg, sample_cert, sample_certs, sample_holder, Driver, ID, STAFF, STAFF_NAME,
};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

struct Hall {
    tmp: tempfile::TempDir,
    base: String,
    schema: String,
    prefix: String,
    owner: PathBuf,
}

fn home_at(dir: &Path, url: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("certdesk.toml"),
        format!(
            "[paths]\ndatabase = {url:?}\n[printer]\ntarget = \"file:spool\"\ntimeout_ms = 2000\n\
             [kiosk]\nidle_timeout_secs = 600\nmax_prints_per_cert_per_day = 10\n"
        ),
    )
    .unwrap();
}

impl Hall {
    /// A fresh schema made by the owner (the tests' superuser), seeded, with the grants
    /// applied through the real command and a LOGIN member of each group role.
    fn new() -> Option<Hall> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let base = pg::server_url()?;
        let url = pg::fresh_schema(&base, "grants").unwrap();
        let schema = pg::schema_of(&url).unwrap().to_string();
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
        let prefix = format!("g{}_{}_{nanos}_", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
        let tmp = tempfile::tempdir().unwrap();
        let owner = tmp.path().join("owner");
        home_at(&owner, &url);
        Home::init(&owner, now().date()).unwrap();
        let store = Home::open(&owner).unwrap().store().unwrap();
        store.holders().upsert(&sample_holder()).unwrap();
        for mut c in sample_certs() {
            store.holders().upsert_certificate(&mut c).unwrap();
        }
        store.staff().add(STAFF.0, STAFF_NAME, STAFF.1, Role::Supervisor).unwrap();
        drop(store);
        let printed = support::certdesk_ok(&owner, &["hall", "grants", "--prefix", &prefix]);
        let sql = String::from_utf8_lossy(&printed.stdout).to_string();
        assert!(sql.starts_with("-- certdesk hall grants") && sql.contains(&format!("\"{prefix}kiosk\"")), "{sql}");
        let applied = support::certdesk_ok(&owner, &["hall", "grants", "--prefix", &prefix, "--apply"]);
        assert!(support::text(&applied).contains("已在模式"), "{}", support::text(&applied));
        let mut admin = pg::connect(&base).unwrap();
        for kind in ["kiosk", "verifier", "desk", "admin"] {
            admin
                .batch_execute(&format!("CREATE ROLE \"{prefix}{kind}_login\" LOGIN IN ROLE \"{prefix}{kind}\""))
                .unwrap();
        }
        Some(Hall { tmp, base, schema, prefix, owner })
    }

    /// The URL a terminal of `kind` uses: its own login, the hall's schema.
    fn url(&self, kind: &str) -> String {
        let login = self.base.replacen("postgres://postgres@", &format!("postgres://{}{kind}_login@", self.prefix), 1);
        assert_ne!(login, self.base, "the tests' server URL names the postgres user");
        pg::with_search_path(&login, &self.schema)
    }

    /// A terminal's home: the owner's files (the hall's audit key, the trust list, the bureau
    /// key), its own database login.
    fn home(&self, kind: &str) -> PathBuf {
        let dir = self.tmp.path().join(kind);
        let status = std::process::Command::new("cp").arg("-a").arg(&self.owner).arg(&dir).status().unwrap();
        assert!(status.success());
        home_at(&dir, &self.url(kind));
        dir
    }

    /// A raw connection as `kind`'s login.
    fn client(&self, kind: &str) -> postgres::Client {
        pg::connect(&self.url(kind)).unwrap()
    }
}

/// `sql` as this client must be refused for want of privilege (SQLSTATE 42501).
#[track_caller]
fn refused(c: &mut postgres::Client, sql: &str) {
    match c.batch_execute(sql) {
        Ok(()) => panic!("allowed: {sql}"),
        Err(e) => assert_eq!(
            e.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{sql}: refused, but not for privilege: {e:?}"
        ),
    }
}

/// What no terminal role may do to the audit log: change or remove an existing row.
#[track_caller]
fn audit_is_append_only(c: &mut postgres::Client) {
    refused(c, "UPDATE audit SET detail = '{}' WHERE seq = 1");
    refused(c, "DELETE FROM audit WHERE seq = 1");
    refused(c, "TRUNCATE audit");
}

#[test]
fn a_kiosk_prints_and_can_change_nothing_else() {
    let Some(h) = Hall::new() else { return };
    let dir = h.home("kiosk");
    let st = Station::open(&dir, None, clock()).unwrap();
    let mut modes = st.modes(None);
    let first = modes(Target::Kiosk).unwrap();
    let mut rt =
        Driver::new(certdesk::app::runtime::Runtime::new(first, Box::new(st.live(OpenCheck::Skip).unwrap()), modes));
    rt.identify();
    rt.enter();
    rt.settle();
    let serial = match &rt.kiosk().screen {
        certdesk::app::kiosk::Screen::Done { serial, .. } => *serial,
        other => panic!("the kiosk's print as its own role: {other:?}"),
    };
    let owner = Home::open(&h.owner).unwrap().store().unwrap();
    assert_eq!(owner.print_jobs().get(serial).unwrap().unwrap().state, JobState::Printed);
    assert!(owner.audit().verify().unwrap() > 0);

    let mut c = h.client("kiosk");
    refused(&mut c, "UPDATE certificates SET standing = 3");
    refused(&mut c, "DELETE FROM certificates");
    refused(&mut c, "UPDATE holders SET mobile = '13800000000'");
    refused(
        &mut c,
        "INSERT INTO staff (staff_id, name, role, pin_hash, active) VALUES ('9999', 'x', 'supervisor', 'x', 1)",
    );
    refused(&mut c, "UPDATE staff SET active = 0");
    refused(&mut c, "DELETE FROM pin_failures");
    refused(&mut c, "SELECT * FROM cases");
    refused(
        &mut c,
        "INSERT INTO verifier_scans (at, day, verdict, key_id, handle_hash) VALUES ('x', 'x', 'x', 'x', 'x')",
    );
    refused(&mut c, "UPDATE settings SET value = 'x'");
    audit_is_append_only(&mut c);
    // meta: the audit chain's head only, never the ID salt the lock-outs are keyed by.
    let salt: Vec<u8> = owner_salt(&h);
    let n = c.execute("UPDATE meta SET value = '\\x00'::bytea WHERE key = 'id_salt'", &[]).unwrap();
    assert_eq!(n, 0, "the kiosk's role does not even see the salt's row to change it");
    assert_eq!(owner_salt(&h), salt);
}

fn owner_salt(h: &Hall) -> Vec<u8> {
    let mut c = pg::connect(&pg::with_search_path(&h.base, &h.schema)).unwrap();
    c.query_one("SELECT value FROM meta WHERE key = 'id_salt'", &[]).unwrap().get(0)
}

#[test]
fn a_verifier_writes_its_scan_log_and_nothing_else() {
    let Some(h) = Hall::new() else { return };
    let dir = h.home("verifier");
    let home = Home::open(&dir).unwrap();
    let (signer, trust) = (home.signer().unwrap(), home.trust().unwrap());
    let c = sample_cert(&format!("T{ID}"), CertKind::SpecialOperation, d(2030, 1, 1), Some(d(2028, 6, 1)));
    let printed = d(2026, 11, 20).and_hms_opt(9, 0, 0).unwrap();
    let status = c.status(printed.date(), &LeadTimes::default());
    let slip = seal(&SlipClaims::for_certificate(&c, status, 42, printed), &signer, &trust, None).unwrap();
    let st = Station::open(&dir, None, clock()).unwrap();
    let mut drv = Driver::new(certdesk::station::verifier_runtime(&st).expect("the verifier station starts"));
    drv.settle();
    drv.type_str(&slip);
    drv.enter();
    drv.settle();
    let owner = Home::open(&h.owner).unwrap().store().unwrap();
    let written = testkit::poll_until(Duration::from_secs(30), || {
        drv.rt.drain(Instant::now());
        let n: u32 = owner.scan_counts(now().date()).unwrap().iter().map(|(_, n)| n).sum();
        (n == 1).then_some(())
    });
    assert!(written.is_some(), "the scan row written as the verifier's role; screen:\n{}", drv.screen());

    let mut c = h.client("verifier");
    refused(&mut c, "UPDATE certificates SET standing = 1");
    refused(&mut c, "DELETE FROM verifier_scans");
    refused(&mut c, "UPDATE verifier_scans SET verdict = 'valid'");
    refused(&mut c, "DELETE FROM print_jobs");
    refused(&mut c, "UPDATE staff SET active = 1");
    refused(&mut c, "SELECT * FROM cases");
    audit_is_append_only(&mut c);
}

#[test]
fn a_desk_takes_in_a_case_and_cannot_import_or_rewrite_history() {
    let Some(h) = Hall::new() else { return };
    let dir = h.home("desk");
    let settings = Settings::resolve(&dir, None, clock()).unwrap();
    let desk = Desk::open(&settings).unwrap();
    let Login::Ok(who) = desk.login(STAFF.0, STAFF.1).unwrap() else { panic!("sign-in as the desk's role") };
    let ticket = desk.take_ticket(None).unwrap();
    let matter = desk.matters().matters[0].code.clone();
    let case = desk.open_case(&who, &matter, Some(ticket.id)).unwrap();
    let input = VisitorInput { name: "王秀英".into(), ..Default::default() };
    desk.record_visitor(&who, case.id, &input).unwrap();
    for m in ["application", "id_card", "exam_result", "health", "photo", "education"] {
        desk.tick(&who, case.id, m, MaterialState::Provided).unwrap();
    }
    desk.decide(&who, case.id, &Decision::Accept, None).unwrap();
    let owner = Home::open(&h.owner).unwrap().store().unwrap();
    assert_eq!(
        owner.cases().get(case.id).unwrap().unwrap().state,
        certdesk::domain::intake::CaseState::Accepted,
        "the intake committed as the desk's role"
    );

    let mut c = h.client("desk");
    refused(&mut c, "UPDATE certificates SET standing = 3");
    refused(&mut c, "DELETE FROM holders");
    refused(&mut c, "UPDATE staff SET pin_hash = 'x'");
    refused(&mut c, "UPDATE calendar_years SET source = 'x'");
    refused(&mut c, "DELETE FROM case_events");
    refused(&mut c, "UPDATE case_events SET detail = 'x'");
    refused(&mut c, "DELETE FROM cases");
    audit_is_append_only(&mut c);

    // Only an admin imports: the same roster refused on the desk's home, taken on the admin's.
    let roster = roster_file(h.tmp.path());
    let o = support::certdesk(&dir, &["import", roster.to_str().unwrap()]);
    assert!(!o.status.success(), "a desk's login imported a roster: {}", support::text(&o));
    assert!(support::text(&o).contains("permission denied"), "{}", support::text(&o));
    let admin = h.home("admin");
    support::certdesk_ok(&admin, &["import", roster.to_str().unwrap()]);
    let mut a = h.client("admin");
    audit_is_append_only(&mut a);
    refused(&mut a, "DELETE FROM case_events");
    refused(&mut a, "UPDATE certdesk_schema SET version = 1");
}

fn roster_file(dir: &Path) -> PathBuf {
    let today = support::today();
    let from = today - chrono::Months::new(12);
    let until = from + chrono::Months::new(72) - chrono::Days::new(1);
    let review = from + chrono::Months::new(36);
    let row = format!(
        "特种作业操作证,T{ID},王秀英,女,{ID},电工作业,高压电工作业,,{from},{from},{until},{review},,示范市应急管理局,有效,13800138000,,,"
    );
    let csv = dir.join("roster.csv");
    std::fs::write(&csv, certdesk::roster::CSV_HEADERS.join(",") + ",延期复审\n" + &row + "\n").unwrap();
    csv
}

/// A SQLite home has no database roles: the command says what it is for.
#[test]
fn grants_are_for_a_halls_server() {
    let h = testkit::TestHome::new("file:spool");
    let o = support::certdesk(&h.dir, &["hall", "grants"]);
    assert!(!o.status.success());
    assert!(support::text(&o).contains("只用于大厅的 PostgreSQL 服务器"), "{}", support::text(&o));
    let o = support::certdesk(&h.dir, &["hall", "grants", "--prefix", "x;DROP TABLE audit;--"]);
    assert!(!o.status.success());
    assert!(support::text(&o).contains("角色名前缀"), "{}", support::text(&o));
}
