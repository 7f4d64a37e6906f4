//! A document names the case's first contact (首问负责制, "name（number）"). When that number is
//! not on the staff roster (a damaged or hand-edited database: staff are deactivated, never
//! removed), the desk says so to staff in both languages and prints nothing, instead of putting
//! a bare number on the paper without a word (issue 14). Both store backends.

use certdesk::app::desk::strings::problem;
use certdesk::config::Lang;
use certdesk::domain::intake::MaterialState;
use certdesk::domain::pledge::PledgeKind;
use certdesk::service::desk::DeskError;
use certdesk::service::desk::DocKind;
use certdesk::store::db::Location;
use certdesk::store::Role;
use certdesk_protocol::desk::Problem;
use certdesk_testkit::desk_keys::accepted_in_store;
use certdesk_testkit::service_desk::{DeskBackends, DeskFx};

#[test]
fn a_first_contact_not_on_the_roster_is_named_to_staff_and_nothing_prints() {
    for fx in DeskBackends::new(certdesk_testkit::now())
        .staff("0001", "张敏", "123456", Role::Clerk)
        .build("desk_first_owner")
    {
        let clerk = fx.login("0001", "123456");
        let store = fx.store();
        // Known: the receipt names 张敏（0001）.
        let known = accepted_in_store(&store, "0001");
        let p = fx.desk.print_document(&clerk, known.id, DocKind::Receipt).unwrap();
        assert!(p.preview.contains("张敏（0001）"), "{}", p.preview);
        // Unknown: refused with the number, and no job recorded.
        let orphan = accepted_in_store(&store, "0001");
        orphan_of(&fx, orphan.id);
        let jobs_before = store.documents().unfinished_jobs().unwrap().len();
        match fx.desk.print_document(&clerk, orphan.id, DocKind::Receipt) {
            Err(DeskError::FirstOwnerUnknown(n)) => assert_eq!(n, "0404"),
            other => panic!("{other:?}"),
        }
        assert_eq!(store.documents().unfinished_jobs().unwrap().len(), jobs_before);
        // The pledge form names the first contact too: refused before a job is begun.
        let c = fx.desk.open_case(&clerk, "special_issue", None).unwrap();
        for m in ["application", "id_card", "exam_result", "health", "photo"] {
            fx.desk.tick(&clerk, c.id, m, MaterialState::Provided).unwrap();
        }
        fx.desk.tick(&clerk, c.id, "education", MaterialState::Missing).unwrap();
        orphan_of(&fx, c.id);
        let due = certdesk_testkit::d(2026, 11, 30);
        match fx.desk.print_pledge(&clerk, c.id, PledgeKind::Deficient, Some(due)) {
            Err(DeskError::FirstOwnerUnknown(n)) => assert_eq!(n, "0404"),
            other => panic!("{other:?}"),
        }
        assert_eq!(store.documents().unfinished_jobs().unwrap().len(), jobs_before, "no pledge job begun");
    }
    let p = Problem::FirstOwnerUnknown("0404".into());
    let zh = problem(Lang::Zh, &p);
    let en = problem(Lang::En, &p);
    assert!(zh.contains("0404") && zh.contains("名册") && !zh.contains("请联系服务窗口"), "{zh}");
    assert!(en.contains("0404") && en.contains("roster"), "{en}");
}

/// Damage the database as a hand edit would: the case's first contact becomes 0404, a number
/// on no roster (past the foreign key, which a hand edit with it switched off gets past too).
fn orphan_of(fx: &DeskFx, case: i64) {
    let sql = format!("UPDATE cases SET first_owner = '0404' WHERE id = {case}");
    match &fx.loc {
        Location::Sqlite(path) => {
            let c = rusqlite::Connection::open(path).unwrap();
            c.execute_batch(&format!("PRAGMA foreign_keys = OFF; {sql}")).unwrap();
        }
        Location::Postgres(url) => {
            let mut c = certdesk_testkit::pg::connect(url).unwrap();
            c.batch_execute(&format!("SET session_replication_role = replica; {sql}")).unwrap();
        }
    }
}
