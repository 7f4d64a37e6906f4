//! `certdesk migrate --to LOCATION` (issue 10 item 3), through the real binary: a SQLite home
//! with every kind of record (prints, lock-out counters, tickets, cases with a one-time notice,
//! scans, staff, settings, the signed audit chain) into a fresh PostgreSQL schema and back into a
//! new SQLite file. After each move the home is switched over and keeps working: the records are
//! there, the audit chain verifies, and the next print serial continues after every serial ever
//! handed out (SPEC §5: a serial is never reused), even past ids that no row holds.

mod support;

use certdesk::domain::intake::{Decision, MaterialState};
use certdesk::domain::matters::SPECIAL_REVIEW;
use certdesk::home::Home;
use certdesk::service::desk::{Desk, Login, VisitorInput};
use certdesk::service::verifier::VerifierService;
use certdesk::service::{Identification, PrintResult};
use certdesk::store::{Backend, Location, OpenCheck, Store};
use certdesk_testkit::{pg, TestHome, FACTOR, ID, STAFF};
use std::collections::BTreeMap;
use std::path::Path;

fn certdesk(home: &Path, args: &[&str]) -> (bool, String) {
    let o = support::certdesk(home, args);
    (o.status.success(), support::text(&o))
}

/// Point the home's certdesk.toml at `db` (appends a [paths] table: TestHome's config has none).
fn switch(home: &TestHome, db: &str) {
    let cfg = home.dir.join("certdesk.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    let text = match text.find("\n[paths]\ndatabase = ") {
        Some(i) => {
            let end = text[i + 1..].find("\n[").map(|j| i + 1 + j).unwrap_or(text.len());
            format!("{}{}", &text[..i], &text[end..])
        }
        None => text,
    };
    std::fs::write(&cfg, format!("{text}\n[paths]\ndatabase = {db:?}\n")).unwrap();
}

/// A home with the sample holder whose prints are not limited by the daily cap here.
fn home() -> TestHome {
    TestHome::with_config("[printer]\ntarget = \"file:spool\"\n[kiosk]\nmax_prints_per_cert_per_day = 50\n")
}

/// One print through the kiosk's service path; its serial.
fn print_one(h: &TestHome) -> u64 {
    let mut live = h.live();
    let certs = match live.identify(ID, FACTOR).unwrap() {
        Identification::Identified { certificates, .. } => certificates,
        other => panic!("identify: {other:?}"),
    };
    match live.print(certs[1].id, Some(ID), &mut |_| {}).unwrap() {
        PrintResult::Printed { serial, .. } => serial,
        other => panic!("print: {other:?}"),
    }
}

/// Every kind of record the home keeps.
fn fill(h: &TestHome) {
    print_one(h);
    let mut live = h.live();
    // A wrong factor: a lock-out counter row (salted id key) and audit entries.
    assert!(matches!(live.identify(ID, "0000").unwrap(), Identification::Denied { .. }));
    drop(live);
    let home = h.home();
    let settings = h.settings();
    let desk = Desk::open(&settings).unwrap();
    let who = match desk.login(STAFF.0, STAFF.1).unwrap() {
        Login::Ok(s) => s,
        other => panic!("login {other:?}"),
    };
    let ticket = desk.take_ticket(Some(SPECIAL_REVIEW)).unwrap();
    let case = desk.open_case(&who, SPECIAL_REVIEW, Some(ticket.id)).unwrap();
    let visitor = VisitorInput { name: String::new(), id_number: Some(ID.into()), ..Default::default() };
    desk.record_visitor(&who, case.id, &visitor).unwrap();
    let materials: Vec<String> =
        desk.matters().get(SPECIAL_REVIEW).unwrap().materials.iter().map(|m| m.code.clone()).collect();
    for (i, m) in materials.iter().enumerate() {
        let state = if i == 1 { MaterialState::Missing } else { MaterialState::Provided };
        desk.tick(&who, case.id, m, state).unwrap();
    }
    desk.decide(&who, case.id, &Decision::Notice, None).unwrap();
    let mut v = VerifierService::open(&settings).unwrap();
    v.scan("NOT A SLIP").unwrap();
    home.store().unwrap().set_setting("desk.followup_working_days", "4").unwrap();
}

fn counts(loc: &Location) -> BTreeMap<String, u64> {
    Store::open_at(loc, OpenCheck::Quick).unwrap().table_counts().unwrap()
}

/// SQLite -> PostgreSQL -> SQLite, switching the home over each time.
#[test]
fn a_home_moves_to_postgres_and_back_and_keeps_working() {
    let Some(url) = pg::fresh_url("migrate") else { return };
    let h = home();
    fill(&h);
    let sqlite = Location::Sqlite(h.dir.join("certdesk.db"));
    // A serial counter beyond every row (as after jobs a later version might archive): the
    // counter, not the rows, says what was handed out.
    let c = rusqlite::Connection::open(h.dir.join("certdesk.db")).unwrap();
    c.execute("UPDATE sqlite_sequence SET seq = 40 WHERE name = 'print_jobs'", []).unwrap();
    drop(c);
    let before = counts(&sqlite);
    for t in ["audit", "print_jobs", "factor_failures", "desk_tickets", "cases", "case_notice_items", "verifier_scans"]
    {
        assert!(before[t] > 0, "the fixture left {t} empty: {before:?}");
    }

    let (ok, text) = certdesk(&h.dir, &["migrate", "--to", &url]);
    assert!(ok, "{text}");
    assert!(text.contains("各表数据一致"), "{text}");
    assert!(text.contains(&format!("database = {url:?}")), "{text}");
    let on_pg = Location::Postgres(url.clone());
    let mut after = counts(&on_pg);
    // The migration's own audit entry is written before the copy: source and target hold it.
    assert_eq!(after, counts(&sqlite), "per-table counts differ");
    assert_eq!(after["audit"], before["audit"] + 1, "the migration is recorded once, in both");

    // Switched over: the same home on PostgreSQL.
    switch(&h, &url);
    assert_eq!(h.home().db_location(), on_pg);
    let (ok, text) = certdesk(&h.dir, &["audit", "verify"]);
    assert!(ok, "audit verify on PostgreSQL: {text}");
    let (ok, text) = certdesk(&h.dir, &["holder", ID, "--json"]);
    assert!(ok && text.contains("王秀英"), "{text}");
    assert_eq!(h.home().store().unwrap().backend(), Backend::Postgres);
    let serial = print_one(&h);
    assert_eq!(serial, 41, "the first serial on PostgreSQL must follow the SQLite counter (40)");
    // Serials PostgreSQL hands out and never uses (a rolled-back print): the counter moves on.
    let mut c = pg::connect(&url).unwrap();
    for _ in 0..5 {
        c.query_one("SELECT nextval(pg_get_serial_sequence('print_jobs', 'id'))", &[]).unwrap();
    }
    drop(c);
    after = counts(&on_pg);

    // Back into a new SQLite file.
    let back = h.dir.join("back.db");
    let (ok, text) = certdesk(&h.dir, &["migrate", "--to", back.to_str().unwrap()]);
    assert!(ok, "{text}");
    let on_file = Location::Sqlite(back.clone());
    let mut expect = after.clone();
    *expect.get_mut("audit").unwrap() += 1;
    assert_eq!(counts(&on_file), expect);
    switch(&h, back.to_str().unwrap());
    let (ok, text) = certdesk(&h.dir, &["audit", "verify"]);
    assert!(ok, "audit verify on the SQLite copy: {text}");
    assert_eq!(print_one(&h), 47, "serials 42..46 were handed out on PostgreSQL: the next is 47");
    let (ok, text) = certdesk(&h.dir, &["jobs", "list"]);
    assert!(ok, "{text}");
}

/// The target must be new: a schema with certdesk rows, or an existing file, is refused and left
/// as it was.
#[test]
fn a_non_empty_target_is_refused_and_untouched() {
    let Some(url) = pg::fresh_url("migrate_full") else { return };
    let h = home();
    print_one(&h);
    let (ok, text) = certdesk(&h.dir, &["migrate", "--to", &url]);
    assert!(ok, "{text}");
    let on_pg = Location::Postgres(url.clone());
    let before = counts(&on_pg);
    print_one(&h);
    let (ok, text) = certdesk(&h.dir, &["migrate", "--to", &url]);
    assert!(!ok, "a second migration into the same schema was accepted: {text}");
    assert!(text.contains("not empty"), "{text}");
    assert_eq!(counts(&on_pg), before, "the refused migration changed the target");

    let existing = h.dir.join("existing.db");
    std::fs::write(&existing, b"").unwrap();
    let (ok, text) = certdesk(&h.dir, &["migrate", "--to", existing.to_str().unwrap()]);
    assert!(!ok && text.contains("已存在"), "{text}");
    assert_eq!(std::fs::metadata(&existing).unwrap().len(), 0, "the existing file was written");

    let (ok, text) = certdesk(&h.dir, &["migrate", "--to", h.dir.join("certdesk.db").to_str().unwrap()]);
    assert!(!ok, "{text}");
}

/// A schema holding tables that are not certdesk's is refused (nothing created there).
#[test]
fn a_foreign_schema_is_refused() {
    let Some(url) = pg::fresh_url("migrate_foreign") else { return };
    pg::connect(&url).unwrap().batch_execute("CREATE TABLE payroll (id BIGINT)").unwrap();
    let h = home();
    let (ok, text) = certdesk(&h.dir, &["migrate", "--to", &url]);
    assert!(!ok, "{text}");
    assert!(text.contains("not certdesk's"), "{text}");
    let n: i64 = pg::connect(&url)
        .unwrap()
        .query_one("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 1, "tables were created next to the foreign one");
}

/// A source whose audit chain does not verify is not copied anywhere.
#[test]
fn a_broken_audit_chain_is_not_migrated() {
    let h = home();
    print_one(&h);
    let c = rusqlite::Connection::open(h.dir.join("certdesk.db")).unwrap();
    c.execute_batch(
        "DROP TRIGGER audit_no_update; UPDATE audit SET detail = '{}' WHERE seq = 2; \
         CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is \
         append-only: UPDATE refused'); END;",
    )
    .unwrap();
    drop(c);
    let to = h.dir.join("copy.db");
    let (ok, text) = certdesk(&h.dir, &["migrate", "--to", to.to_str().unwrap()]);
    assert!(!ok, "{text}");
    assert!(text.contains("未通过核验"), "{text}");
    assert!(!to.exists(), "a copy of a tampered log was written");
}

/// SQLite to SQLite works the same (a move to a new file), without PostgreSQL.
#[test]
fn sqlite_to_a_new_sqlite_file() {
    let h = home();
    fill(&h);
    let src = counts(&Location::Sqlite(h.dir.join("certdesk.db")));
    let to = h.dir.join("moved.db");
    let (ok, text) = certdesk(&h.dir, &["migrate", "--to", to.to_str().unwrap()]);
    assert!(ok, "{text}");
    let dst = counts(&Location::Sqlite(to.clone()));
    assert_eq!(dst, counts(&Location::Sqlite(h.dir.join("certdesk.db"))));
    assert_eq!(dst["audit"], src["audit"] + 1);
    switch(&h, to.to_str().unwrap());
    let (ok, text) = certdesk(&h.dir, &["audit", "verify"]);
    assert!(ok, "{text}");
    let home = Home::open(&h.dir).unwrap();
    assert_eq!(home.db_location(), Location::Sqlite(to));
}
