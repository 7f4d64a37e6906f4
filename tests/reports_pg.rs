//! The reports' SQL (src/store/reports.rs) and the standing decision (src/store/standing.rs) on
//! both backends: the same desk history written to a SQLite file and to a real PostgreSQL
//! schema gives the same reports, value for value (issue 10: one behaviour on both). Skips the
//! PostgreSQL half when no server is available, unless CERTDESK_REQUIRE_PG=1.

#[path = "support/report_seed.rs"]
mod report_seed;

use certdesk::domain::workdays::Calendar;
use certdesk::domain::Standing;
use certdesk::report::{Kind, Period};
use certdesk::store::db::Location;
use certdesk::store::{OpenCheck, Role, StandingChange, Store};
use certdesk_testkit::{self as testkit, ID};

fn filled(store: &Store) {
    store.holders().upsert(&testkit::sample_holder()).unwrap();
    for mut c in testkit::sample_certs() {
        store.holders().upsert_certificate(&mut c).unwrap();
    }
    store.staff().add(testkit::STAFF.0, testkit::STAFF_NAME, testkit::STAFF.1, Role::Supervisor).unwrap();
    report_seed::seed(store, ID);
}

fn reports(store: &Store) -> Vec<certdesk::report::Report> {
    let today = report_seed::d(11, 23);
    let cal = Calendar::builtin();
    let p = Period::new(report_seed::d(11, 1), today).unwrap();
    Kind::ALL.iter().map(|k| store.report(*k, p, today, &cal).unwrap()).collect()
}

#[test]
fn reports_and_standing_decisions_agree_on_sqlite_and_postgresql() {
    let tmp = testkit::TempDir::new();
    let lite = Store::open(tmp.path().join("r.db")).unwrap();
    filled(&lite);
    let want = reports(&lite);
    let certdesk::report::Report::Ratings(r) = &want[0] else { panic!() };
    assert_eq!(r.total.total(), 4, "the seed's ratings are there");

    let Some(url) = certdesk_testkit::pg::fresh_url("reports") else { return };
    let pg = Store::open_at(&Location::Postgres(url), OpenCheck::Cheap).unwrap();
    filled(&pg);
    assert_eq!(reports(&pg), want, "PostgreSQL reports differ from SQLite's");

    // The standing decision: one transaction with its audit entry, on both.
    for s in [&lite, &pg] {
        let id = s.holders().certificates_for(ID).unwrap()[0].id;
        let c = s.holders().decide_standing(id, Standing::Suspended, "暂停", "0001", testkit::now()).unwrap();
        assert_eq!(c, StandingChange::Changed { from: Standing::Active, to: Standing::Suspended });
        assert_eq!(
            s.holders().decide_standing(id, Standing::Suspended, "暂停", "0001", testkit::now()).unwrap(),
            StandingChange::Unchanged(Standing::Suspended)
        );
        assert_eq!(s.holders().withdrawn_handles().unwrap().len(), 1);
    }
}
