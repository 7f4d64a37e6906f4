//! Issue 13 §2: official names carry full-width brackets (煤矿采煤机（掘进机）操作作业,
//! 裂解（裂化）工艺作业, 冶金（有色）生产安全作业). Rows stored before with ASCII brackets are
//! corrected by migration 13 on both backends, so re-importing a roster updates the same
//! certificate instead of adding a second one under the corrected name; the names round-trip
//! through the store and the slip's QR code.

use certdesk::domain::catalogue::Catalogue;
use certdesk::domain::{CertKind, Status};
use certdesk::store::{Location, OpenCheck, Store};
use certdesk_testkit::{pg, sample_cert, sample_holder, ID};
use chrono::NaiveDate;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn locations(tag: &str) -> Vec<(Option<tempfile::TempDir>, Location)> {
    let dir = tempfile::tempdir().unwrap();
    let lite = Location::Sqlite(dir.path().join("reg.db"));
    let mut out = vec![(Some(dir), lite)];
    if let Some(url) = pg::fresh_url(tag) {
        out.push((None, Location::Postgres(url)));
    }
    out
}

/// What the migrations after 13 add, taken away again so that they run again after
/// [`back_to_12`] (both dialects accept it). A migration appended later adds its undo here.
const UNDO_AFTER_13: &str = "
    DROP TABLE case_stops;
    DROP TABLE case_extensions;
    DROP TABLE case_decisions;
    ALTER TABLE case_notices DROP COLUMN fix_by;
    ALTER TABLE cases DROP COLUMN refused_authority;
    DROP TABLE case_receipts;
    DROP INDEX holders_by_employer;
    DROP INDEX holders_by_name;
    DROP TABLE ticket_jobs;
    DROP INDEX desk_tickets_calls;
    ALTER TABLE desk_tickets DROP COLUMN call_seq;
    DROP INDEX rating_followups_provisional;
    ALTER TABLE rating_followups DROP COLUMN working_days;
    ALTER TABLE rating_followups DROP COLUMN due_provisional;
    ALTER TABLE rating_followups DROP COLUMN calendar_version;
    ALTER TABLE cases DROP COLUMN due_moved_year;
    ALTER TABLE cases DROP COLUMN due_moved_version;
    ALTER TABLE cases DROP COLUMN due_moved_to;
    ALTER TABLE cases DROP COLUMN statutory_moved_from;
    ALTER TABLE cases DROP COLUMN statutory_moved_to;
    DROP TABLE loop_contacts;
    ALTER TABLE rating_followups DROP COLUMN remedy;
    ALTER TABLE rating_followups DROP COLUMN remedy_at;
    ALTER TABLE rating_followups DROP COLUMN remedy_by;
    ALTER TABLE service_ratings DROP COLUMN reason;
    DROP TABLE case_handoff_offers;
    DROP INDEX cases_first_owner;
    DROP TABLE enquiries;
    DROP TABLE case_stages;
    DROP INDEX credit_marks_by_person;
    ALTER TABLE credit_marks DROP COLUMN subject;
    ALTER TABLE credit_marks DROP COLUMN person_key;
    ALTER TABLE credit_marks DROP COLUMN person_masked;
    ALTER TABLE credit_marks DROP COLUMN source;
    ALTER TABLE credit_marks DROP COLUMN lifted_at;
    ALTER TABLE credit_marks DROP COLUMN lifted_by;
    ALTER TABLE credit_marks DROP COLUMN lift_reason;
    DROP TABLE paper_jobs;
    DROP TABLE paper_documents;
    DROP TABLE paper_numbers;
    DROP TABLE lobby_pin_failures;
    DROP TABLE case_resubmissions;
    DROP TABLE case_handoff_closed;
    DROP TABLE pledge_checks;
    DROP TABLE pledge_forms;
";

/// Put the database back to schema 12 (before the names were corrected).
fn back_to_12(loc: &Location) {
    assert_eq!(certdesk::store::schema::MIGRATIONS.len(), 25, "a new migration: add its undo to UNDO_AFTER_13");
    match loc {
        Location::Sqlite(p) => {
            let c = rusqlite::Connection::open(p).unwrap();
            c.execute_batch(UNDO_AFTER_13).unwrap();
            c.pragma_update(None, "user_version", 12).unwrap();
        }
        Location::Postgres(url) => {
            let mut c = pg::connect(url).unwrap();
            c.batch_execute(UNDO_AFTER_13).unwrap();
            c.batch_execute("UPDATE certdesk_schema SET version = 12").unwrap();
        }
    }
}

#[test]
fn ascii_bracket_names_are_corrected_by_migration_13_on_both_backends() {
    for (_keep, loc) in locations("cert_names") {
        let s = Store::open_at(&loc, OpenCheck::Skip).unwrap();
        s.holders().upsert(&sample_holder()).unwrap();
        let mut coal = sample_cert(&format!("T{ID}"), CertKind::SpecialOperation, d(2029, 1, 3), Some(d(2027, 1, 3)));
        coal.category = Some("煤矿安全作业".into());
        coal.item = Some("煤矿采煤机(掘进机)操作作业".into());
        s.holders().upsert_certificate(&mut coal).unwrap();
        let mut gas = coal.clone();
        gas.id = certdesk::domain::CertId::NEW;
        gas.category = Some("冶金(有色)生产安全作业".into());
        gas.item = Some("煤气作业".into());
        gas.seal_handle = [9; 8];
        s.holders().upsert_certificate(&mut gas).unwrap();
        drop(s);
        back_to_12(&loc);

        let s = Store::open_at(&loc, OpenCheck::Skip).unwrap();
        assert_eq!(s.schema_version().unwrap(), certdesk::store::schema::MIGRATIONS.len() as i64, "{loc:?}");
        let mut scopes: Vec<(String, String)> = s
            .holders()
            .certificates_for(ID)
            .unwrap()
            .into_iter()
            .map(|c| (c.category.unwrap(), c.item.unwrap()))
            .collect();
        scopes.sort();
        assert_eq!(
            scopes,
            [
                ("冶金（有色）生产安全作业".to_string(), "煤气作业".to_string()),
                ("煤矿安全作业".to_string(), "煤矿采煤机（掘进机）操作作业".to_string()),
            ],
            "{loc:?}"
        );
        // the corrected name is the catalogue's own, and the slip's QR code holds it as a code
        let cat = Catalogue::builtin();
        assert!(cat.has_item("煤矿安全作业", "煤矿采煤机（掘进机）操作作业"));
        let c = s
            .holders()
            .certificates_for(ID)
            .unwrap()
            .into_iter()
            .find(|c| c.category.as_deref() == Some("煤矿安全作业"))
            .unwrap();
        let at = d(2026, 11, 23).and_hms_opt(9, 0, 0).unwrap();
        let claims = certdesk::seal::SlipClaims::for_certificate(&c, Status::Valid, 1, at);
        let bytes = claims.encode_body(certdesk::seal::keys::KeyId(1)).unwrap();
        let back = certdesk::seal::SlipClaims::decode_body(&bytes).unwrap();
        assert_eq!(back.item.as_deref(), Some("煤矿采煤机（掘进机）操作作业"));
    }
}
