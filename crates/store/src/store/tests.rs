use super::*;
use crate::domain::cert::Standing;
use chrono::NaiveDate;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}
fn t(h: u32, mi: u32) -> NaiveDateTime {
    d(2026, 5, 6).and_hms_opt(h, mi, 0).unwrap()
}

fn holder() -> Holder {
    Holder {
        id_number: "11010519491231002X".into(),
        name: "王秀英".into(),
        gender: Gender::Female,
        mobile: Some("13800138000".into()),
        employer: Some("某某建筑工程有限公司".into()),
        employer_code: Some("91350100M000100Y43".into()),
    }
}

/// The domain's sample 特种作业操作证 (review due 2026-03-01), with a zero revocation handle.
fn cert() -> Certificate {
    Certificate { seal_handle: [0; 8], ..crate::domain::cert::sample_special() }
}

fn seed(s: &Store) {
    s.holders().upsert(&holder()).unwrap();
    let mut c = cert();
    s.holders().upsert_certificate(&mut c).unwrap();
}

/// [`seeded`] on each backend.
fn seeded_stores(tag: &str) -> Vec<(Option<tempfile::TempDir>, Store)> {
    let all = super::test_stores(tag);
    for (_, s) in &all {
        seed(s);
    }
    all
}

#[test]
fn migrations_from_empty() {
    let s = Store::open_in_memory().unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::MIGRATIONS.len() as i64);
    for table in ["holders", "certificates", "print_jobs", "audit", "staff", "factor_failures", "meta", "settings"] {
        let n: i64 = s
            .conn()
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", [table], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1, "{table}");
    }
    let fk: i64 = s.conn().query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn reopen_keeps_data_and_runs_integrity_check() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.db");
    let handle;
    let key;
    {
        let s = Store::open(&p).unwrap();
        s.holders().upsert(&holder()).unwrap();
        let mut c = cert();
        s.holders().upsert_certificate(&mut c).unwrap();
        handle = c.seal_handle;
        key = s.id_key("11010519491231002x");
        s.set_setting("kiosk.motd", "欢迎").unwrap();
    }
    let s = Store::open(&p).unwrap();
    let mode: String = s.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    s.integrity_check().unwrap();
    assert_eq!(s.holders().count().unwrap(), 1);
    assert_eq!(s.holders().get("11010519491231002X").unwrap(), Some(holder()));
    let c = s.holders().certificate_like(&cert()).unwrap().unwrap();
    assert_eq!(c.seal_handle, handle);
    assert_eq!(c, Certificate { id: c.id, seal_handle: handle, ..cert() });
    // the salt persists, so id keys are stable across restarts
    assert_eq!(s.id_key("11010519491231002X"), key);
    assert_eq!(s.setting("kiosk.motd").unwrap().as_deref(), Some("欢迎"));
}

#[test]
fn garbage_file_is_refused_with_restore_advice() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("junk.db");
    std::fs::write(&p, vec![0x5au8; 8192]).unwrap();
    let e = Store::open(&p).unwrap_err();
    assert!(matches!(e, StoreError::Corrupt { .. }), "{e}");
    assert!(e.to_string().contains("certdesk backup"), "{e}");
}

#[test]
fn corrupted_page_fails_integrity_check() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.db");
    {
        let s = Store::open(&p).unwrap();
        s.in_transaction(|s| {
            for i in 0..2000u32 {
                let mut h = holder();
                h.id_number = format!("110105194912{:06}", i);
                h.name = format!("名字{i}");
                s.holders().upsert(&h)?;
            }
            Ok(())
        })
        .unwrap();
        s.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    }
    // scribble over the middle of the file (leaf pages of holders)
    let mut bytes = std::fs::read(&p).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 3000] {
        *b = 0x33;
    }
    std::fs::write(&p, bytes).unwrap();
    let e = Store::open(&p).unwrap_err();
    assert!(matches!(e, StoreError::Corrupt { .. }), "{e}");
}

#[test]
fn upsert_keeps_seal_handle() {
    for (_d, s) in super::test_stores("upsert_keeps_seal_handle") {
        s.holders().upsert(&holder()).unwrap();
        let mut c = cert();
        assert_eq!(s.holders().upsert_certificate(&mut c).unwrap(), Upsert::Inserted);
        let h = c.seal_handle;
        assert_ne!(h, [0; 8]);
        let mut again = cert();
        assert_eq!(s.holders().upsert_certificate(&mut again).unwrap(), Upsert::Unchanged);
        assert_eq!(again.seal_handle, h);
        let mut changed = cert();
        changed.reviewed_on = Some(d(2026, 2, 1));
        assert_eq!(s.holders().upsert_certificate(&mut changed).unwrap(), Upsert::Updated);
        assert_eq!(changed.seal_handle, h);
        let stored = s.holders().certificate(c.id).unwrap().unwrap();
        assert_eq!(stored.id, c.id);
        assert_eq!(stored.reviewed_on, Some(d(2026, 2, 1)));
        assert_eq!(stored.seal_handle, h);
        assert_eq!(s.holders().certificates_for("11010519491231002X").unwrap().len(), 1);
        // holder upsert reports too
        assert_eq!(s.holders().upsert(&holder()).unwrap(), Upsert::Unchanged);
        let mut h2 = holder();
        h2.mobile = None;
        assert_eq!(s.holders().upsert(&h2).unwrap(), Upsert::Updated);
    }
}

#[test]
fn certificate_needs_its_holder() {
    for (_d, s) in super::test_stores("certificate_needs_its_holder") {
        let mut c = cert();
        assert!(s.holders().upsert_certificate(&mut c).is_err());
    }
}

#[test]
fn standing_and_revocation_list() {
    for (_d, s) in seeded_stores("standing_and_revocation_list") {
        assert!(s.holders().revoked_handles().unwrap().is_empty());
        let id = s.holders().certificate_like(&cert()).unwrap().unwrap().id;
        assert!(s.holders().set_standing(id, Standing::Revoked).unwrap());
        assert!(!s.holders().set_standing(CertId(id.0 + 1000), Standing::Revoked).unwrap());
        let c = s.holders().certificate(id).unwrap().unwrap();
        assert_eq!(c.standing, Standing::Revoked);
        assert_eq!(s.holders().revoked_handles().unwrap(), vec![c.seal_handle]);
    }
}

#[test]
fn print_job_survives_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.db");
    let id;
    let cid;
    {
        let s = Store::open(&p).unwrap();
        s.holders().upsert(&holder()).unwrap();
        let mut c = cert();
        s.holders().upsert_certificate(&mut c).unwrap();
        cid = c.id;
        id = s.print_jobs().begin(cid, "file:/tmp/x", "kiosk-1", t(9, 0)).unwrap();
        s.print_jobs().set_bytes(id, b"\x1b@slip bytes\x1dV\x00").unwrap();
        // "crash": the store is dropped without finish_job
        std::mem::forget(s);
    }
    let s = Store::open(&p).unwrap();
    let open = s.print_jobs().unfinished().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].id, id);
    assert_eq!(open[0].state, JobState::Pending);
    assert!(open[0].has_bytes);
    assert_eq!(s.print_jobs().bytes(id).unwrap().as_deref(), Some(&b"\x1b@slip bytes\x1dV\x00"[..]));
    // pending counts against the daily limit
    assert_eq!(s.print_jobs().prints_today(cid, d(2026, 5, 6)).unwrap(), 1);

    s.print_jobs().finish(id, JobOutcome::Failed("paper out".into()), t(9, 1)).unwrap();
    let open = s.print_jobs().unfinished().unwrap();
    assert_eq!(open[0].state, JobState::Failed);
    assert_eq!(open[0].error.as_deref(), Some("paper out"));
    assert_eq!(s.print_jobs().prints_today(cid, d(2026, 5, 6)).unwrap(), 0);

    let id2 = s.print_jobs().begin(cid, "file:/tmp/x", "kiosk-1", t(9, 2)).unwrap();
    assert!(id2 > id, "serials grow");
    s.print_jobs().finish(id2, JobOutcome::Printed, t(9, 3)).unwrap();
    assert_eq!(s.print_jobs().prints_today(cid, d(2026, 5, 6)).unwrap(), 1);
    assert_eq!(s.print_jobs().prints_today(cid, d(2026, 5, 7)).unwrap(), 0);
    assert_eq!(s.print_jobs().unfinished().unwrap().len(), 1);
    assert!(s.print_jobs().finish(999, JobOutcome::Printed, t(9, 4)).is_err());
    assert_eq!(s.print_jobs().get(id2).unwrap().unwrap().finished_at, Some(t(9, 3)));
}

fn audited(n: usize) -> Store {
    let s = Store::open_in_memory().unwrap();
    write_entries(&s, n);
    s
}

fn write_entries(s: &Store, n: usize) {
    for i in 0..n {
        s.audit()
            .append(
                "kiosk-1",
                "print",
                serde_json::json!({"n": i, "id": id_ref("11010519491231002X")}),
                t(10, i as u32),
            )
            .unwrap();
    }
}

#[test]
fn audit_chain_verifies() {
    for (_d, s) in super::test_stores("audit_chain_verifies") {
        assert_eq!(s.audit().verify(), Ok(0));
        write_entries(&s, 5);
        assert_eq!(s.audit().verify(), Ok(5));
        let e = s.audit().entries(2, 2).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].seq, 2);
        assert_eq!(e[0].detail["id"], "110105********002X");
    }
}

/// Issue 10: the append-only rule holds on PostgreSQL too (UPDATE, DELETE and TRUNCATE refused
/// by the triggers), and `audit verify` notices a dropped trigger there.
#[test]
fn audit_is_append_only_on_every_backend() {
    for (_d, s) in super::test_stores("audit_append_only") {
        write_entries(&s, 3);
        let refused = |sql: &str| {
            let e = s.db.execute(sql, crate::store::db::p![]).unwrap_err().to_string();
            assert!(e.contains("append-only"), "{sql}: {e}");
        };
        refused("UPDATE audit SET detail = '{}' WHERE seq = 2");
        refused("DELETE FROM audit WHERE seq = 3");
        if s.backend() == Backend::Postgres {
            refused("TRUNCATE audit");
            s.db.batch("DROP TRIGGER audit_no_delete ON audit").unwrap();
            let b = s.audit().verify().unwrap_err();
            assert!(b.reason.contains("audit_no_delete"), "{b}");
        } else {
            assert_eq!(s.audit().verify(), Ok(3));
        }
    }
}

#[test]
fn audit_refuses_update_and_delete() {
    let s = audited(3);
    let e = s.conn().execute("UPDATE audit SET detail = '{}' WHERE seq = 2", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = s.conn().execute("DELETE FROM audit WHERE seq = 3", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    assert_eq!(s.audit().verify(), Ok(3));
}

#[test]
fn edited_audit_row_is_detected_at_its_seq() {
    let s = audited(5);
    s.conn()
        .execute_batch(
            "DROP TRIGGER audit_no_update; \
             UPDATE audit SET detail = '{\"n\":99}' WHERE seq = 3;",
        )
        .unwrap();
    let b = s.audit().verify().unwrap_err();
    assert_eq!(b.seq, 3, "{b}");
    assert!(b.reason.contains("edited"), "{b}");
}

#[test]
fn edited_row_with_recomputed_hash_breaks_the_next_link() {
    let s = audited(5);
    let (time, prev): (String, Vec<u8>) = s
        .conn()
        .query_row("SELECT time, prev_hash FROM audit WHERE seq = 2", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let forged = audit::entry_hash(&prev, 2, &time, "kiosk-1", "print", "{}");
    s.conn().execute_batch("DROP TRIGGER audit_no_update").unwrap();
    s.conn().execute("UPDATE audit SET detail = '{}', hash = ?1 WHERE seq = 2", [&forged[..]]).unwrap();
    assert_eq!(s.audit().verify().unwrap_err().seq, 3);
}

#[test]
fn deleted_audit_rows_are_detected() {
    let s = audited(5);
    s.conn().execute_batch("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 2;").unwrap();
    let b = s.audit().verify().unwrap_err();
    assert_eq!(b.seq, 2, "{b}");
    assert!(b.reason.contains("missing"), "{b}");

    // delete the tail: caught by the recorded head
    let s = audited(5);
    s.conn().execute_batch("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq >= 4;").unwrap();
    assert_eq!(s.audit().verify().unwrap_err().seq, 4);

    // delete and renumber: caught by the link
    let s = audited(5);
    s.conn()
        .execute_batch(
            "DROP TRIGGER audit_no_delete; DROP TRIGGER audit_no_update; \
             DELETE FROM audit WHERE seq = 2; \
             UPDATE audit SET seq = seq - 1 WHERE seq > 2;",
        )
        .unwrap();
    assert_eq!(s.audit().verify().unwrap_err().seq, 2);
}

#[test]
fn reordered_audit_rows_are_detected() {
    let s = audited(4);
    s.conn()
        .execute_batch(
            "DROP TRIGGER audit_no_update; \
             UPDATE audit SET seq = 100 WHERE seq = 2; \
             UPDATE audit SET seq = 2 WHERE seq = 3; \
             UPDATE audit SET seq = 3 WHERE seq = 100;",
        )
        .unwrap();
    assert_eq!(s.audit().verify().unwrap_err().seq, 2);
}

#[test]
fn audit_masks_raw_id_numbers() {
    for (_d, s) in super::test_stores("audit_masks_raw_id_numbers") {
        s.audit().append(
            "desk",
            "lookup",
            serde_json::json!({"id": "11010519491231002X", "cert": "T440524188001010014", "n": "123456789012345678"}),
            t(8, 0),
        )
        .unwrap();
        let e = &s.audit().entries(1, 10).unwrap()[0];
        let text = e.detail.to_string();
        assert!(!text.contains("19491231"), "{text}");
        assert!(!text.contains("18800101"), "{text}");
        assert!(text.contains("110105********002X"), "{text}");
        // not an ID (bad checksum): left alone
        assert!(text.contains("123456789012345678"), "{text}");
        assert_eq!(id_ref("11010519491231002x"), "110105********002X");
    }
}

#[test]
fn staff_pin_right_and_wrong() {
    for (_d, s) in super::test_stores("staff_pin_right_and_wrong") {
        s.staff().add("A01", "李明", "4321", Role::Supervisor).unwrap();
        assert!(s.staff().check_pin("A01", "4321"));
        assert!(!s.staff().check_pin("A01", "4322"));
        assert!(!s.staff().check_pin("B02", "4321"));
        assert!(s.staff().add("A01", "重复", "1111", Role::Clerk).is_err());
        assert!(s.staff().add("A02", "短", "12", Role::Clerk).is_err());
        let hash: String = s.db.value("SELECT pin_hash FROM staff WHERE staff_id = 'A01'", db::p![]).unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains("4321"));
        assert_eq!(s.staff().get("A01").unwrap().unwrap().role, Role::Supervisor);
        s.staff().set_active("A01", false).unwrap();
        assert!(!s.staff().check_pin("A01", "4321"));
    }
}

#[test]
fn factor_failures_count_per_id_and_station_in_window() {
    for (_d, s) in super::test_stores("factor_failures_count_per_id_and_station_in_window") {
        let a = s.id_key("11010519491231002X");
        let b = s.id_key("440524188001010014");
        assert_ne!(a, b);
        assert_eq!(a, s.id_key("11010519491231002x"));
        assert!(!a.contains("19491231"));
        assert_eq!(a.len(), 64);
        s.record_factor_failure(&a, "kiosk-1", t(9, 0)).unwrap();
        s.record_factor_failure(&a, "kiosk-1", t(9, 20)).unwrap();
        s.record_factor_failure(&a, "kiosk-2", t(9, 25)).unwrap();
        s.record_factor_failure(&b, "kiosk-1", t(9, 26)).unwrap();
        // window of 15 minutes ending 9:30 → since 9:15
        assert_eq!(s.factor_failures_since(&a, "kiosk-1", t(9, 15)).unwrap(), (2, 2));
        assert_eq!(s.factor_failures_since(&a, "kiosk-1", t(8, 0)).unwrap(), (3, 3));
        assert_eq!(s.factor_failures_since(&b, "kiosk-2", t(9, 15)).unwrap(), (1, 1));
        s.clear_factor_failures(&a).unwrap();
        assert_eq!(s.factor_failures_since(&a, "kiosk-1", t(8, 0)).unwrap(), (0, 1));
        assert_eq!(s.prune_factor_failures(t(10, 0)).unwrap(), 1);
    }
}

#[test]
fn backup_is_an_openable_copy() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path().join("live.db")).unwrap();
    s.holders().upsert(&holder()).unwrap();
    s.holders().upsert_certificate(&mut cert()).unwrap();
    s.audit().append("admin", "backup", serde_json::json!({}), t(12, 0)).unwrap();
    let copy = dir.path().join("copy.db");
    s.backup_to(&copy).unwrap();
    s.backup_to(&copy).unwrap(); // overwrite works
    drop(s);
    let b = Store::open(&copy).unwrap();
    assert_eq!(b.holders().count().unwrap(), 1);
    assert_eq!(b.holders().certificates_for("11010519491231002X").unwrap().len(), 1);
    assert_eq!(b.audit().verify(), Ok(1));
}

#[test]
fn in_transaction_rolls_back_on_error() {
    for (_d, s) in super::test_stores("in_transaction_rolls_back_on_error") {
        let r: Result<()> = s.in_transaction(|s| {
            s.holders().upsert(&holder())?;
            s.audit().append("x", "y", serde_json::json!({}), t(1, 0))?;
            Err(StoreError::Invalid("stop".into()))
        });
        assert!(r.is_err());
        assert_eq!(s.holders().count().unwrap(), 0);
        assert_eq!(s.audit().verify(), Ok(0));
    }
}

#[test]
fn bulk_load_still_checks_references() {
    for (_d, s) in super::test_stores("bulk_load_still_checks_references") {
        let r = s.bulk(|s| {
            s.holders().upsert_certificate(&mut cert())?; // no holder
            Ok(())
        });
        assert!(r.is_err());
        assert_eq!(s.holders().certificate_count().unwrap(), 0);
        // foreign keys are back on afterwards
        assert!(s.holders().upsert_certificate(&mut cert()).is_err());
        s.bulk(|s| {
            s.holders().upsert(&holder())?;
            s.holders().upsert_certificate(&mut cert())?;
            Ok(())
        })
        .unwrap();
        assert_eq!(s.holders().certificate_count().unwrap(), 1);
    }
}

/// A home made by the first schema (certificates keyed by number, print jobs naming the raw
/// number) opens with this code: every certificate keeps its data and seal handle and gets a row
/// id; every print job keeps its serial and now points at the right certificate by id; the
/// AUTOINCREMENT counter carries over so a serial is never reused (issue 6 item 1, issue 8
/// item 8: no job holds the raw number any more).
#[test]
fn migration_from_the_first_schema_keeps_certificates_and_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("old.db");
    {
        let conn = Connection::open(&p).unwrap();
        conn.execute_batch(&schema::rendered(Backend::Sqlite).unwrap()[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch(
            "INSERT INTO holders VALUES ('11010519491231002X', '王秀英', 2, '13800138000', NULL, NULL);
             INSERT INTO holders VALUES ('440524188001010014', '李雷', 1, NULL, NULL, NULL);
             INSERT INTO certificates VALUES ('T11010519491231002X', 1, '11010519491231002X', '王秀英', 2,
                 '电工作业', '低压电工作业', NULL, '2023-03-01', '2023-03-01', '2029-02-28', '2026-03-01',
                 NULL, '某市应急管理局', 0, X'0102030405060708');
             INSERT INTO certificates VALUES ('AQ2025000123', 2, '11010519491231002X', '王秀英', 2,
                 NULL, NULL, '危险化学品', '2025-06-01', '2025-06-01', '2028-05-31', NULL,
                 NULL, '某市应急管理局', 2, X'1111111111111111');
             INSERT INTO certificates VALUES ('T440524188001010014', 1, '440524188001010014', '李雷', 1,
                 '焊接与热切割作业', '熔化焊接与热切割作业', NULL, '2020-01-01', '2020-01-01', '2026-01-01',
                 '2023-01-01', '2022-12-01', '某市应急管理局', 1, X'2222222222222222');
             INSERT INTO print_jobs (id, cert_number, target, station, state, error, day, created_at, finished_at, bytes)
                 VALUES (5, 'T11010519491231002X', 'file:spool', 'kiosk-1', 'printed', NULL, '2026-05-06',
                         '2026-05-06 09:00:00', '2026-05-06 09:00:05', X'1B40');
             INSERT INTO print_jobs (id, cert_number, target, station, state, error, day, created_at, finished_at, bytes)
                 VALUES (9, 'T440524188001010014', 'tcp://127.0.0.1:9100', 'desk', 'failed', 'paper out',
                         '2026-05-06', '2026-05-06 10:00:00', '2026-05-06 10:00:01', NULL);
             INSERT INTO print_jobs (id, cert_number, target, station, state, error, day, created_at, finished_at, bytes)
                 VALUES (12, 'AQ2025000123', 'file:spool', 'kiosk-1', 'pending', NULL, '2026-05-06',
                         '2026-05-06 11:00:00', NULL, NULL);
             -- the counter ran ahead of the last kept row (e.g. a rolled-back serial)
             UPDATE sqlite_sequence SET seq = 20 WHERE name = 'print_jobs';",
        )
        .unwrap();
    }
    let s = Store::open(&p).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::MIGRATIONS.len() as i64);
    assert_eq!(s.holders().certificate_count().unwrap(), 3);
    let mine = s.holders().certificates_for("11010519491231002X").unwrap();
    assert_eq!(mine.len(), 2);
    let special = &mine[0];
    assert_eq!(special.kind, CertKind::SpecialOperation);
    assert_eq!(special.item.as_deref(), Some("低压电工作业"));
    assert_eq!(special.seal_handle, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert_eq!(special.review_due, Some(d(2026, 3, 1)));
    assert!(!special.extended_review);
    let principal = &mine[1];
    assert_eq!(
        (principal.kind, principal.category.as_deref(), principal.item.as_deref()),
        (CertKind::Principal, None, None)
    );
    assert_eq!(principal.standing, Standing::Revoked, "old code 2 keeps its meaning, 撤销");
    assert_eq!(principal.industry.as_deref(), Some("危险化学品"));
    let li = &s.holders().certificates_for("440524188001010014").unwrap()[0];
    assert_eq!(li.standing, Standing::Suspended);
    assert_eq!(li.reviewed_on, Some(d(2022, 12, 1)));
    assert_ne!(special.id, li.id);

    // jobs: same serials, pointing at the right certificate rows by id
    let j5 = s.print_jobs().get(5).unwrap().unwrap();
    assert_eq!((j5.cert_id, j5.state), (special.id, JobState::Printed));
    assert_eq!(s.print_jobs().bytes(5).unwrap().as_deref(), Some(&b"\x1b@"[..]));
    let j9 = s.print_jobs().get(9).unwrap().unwrap();
    assert_eq!((j9.cert_id, j9.error.as_deref()), (li.id, Some("paper out")));
    assert_eq!(s.print_jobs().get(12).unwrap().unwrap().cert_id, principal.id);
    assert_eq!(s.print_jobs().unfinished().unwrap().len(), 2);
    // the daily limit follows the id
    assert_eq!(s.print_jobs().prints_today(special.id, d(2026, 5, 6)).unwrap(), 1);
    assert_eq!(s.print_jobs().prints_today(principal.id, d(2026, 5, 6)).unwrap(), 1, "pending counts");
    assert_eq!(s.print_jobs().prints_today(li.id, d(2026, 5, 6)).unwrap(), 0, "failed does not");
    // the next serial continues after the old counter: never reused
    let next = s.print_jobs().begin(special.id, "file:spool", "kiosk-1", t(12, 0)).unwrap();
    assert_eq!(next, 21);
    // no column of print_jobs holds a certificate number any more
    let cols: Vec<String> = s
        .conn()
        .prepare("SELECT name FROM pragma_table_info('print_jobs')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(!cols.iter().any(|c| c.contains("number")), "{cols:?}");
    s.integrity_check().unwrap();
    let fk: Option<String> = s.conn().query_row("PRAGMA foreign_key_check", [], |r| r.get(0)).optional().unwrap();
    assert_eq!(fk, None);

    // re-import of the same certificate updates the migrated row, never duplicates it
    let mut again = special.clone();
    again.reviewed_on = Some(d(2026, 1, 10));
    assert_eq!(s.holders().upsert_certificate(&mut again).unwrap(), Upsert::Updated);
    assert_eq!((again.id, again.seal_handle), (special.id, special.seal_handle));
    assert_eq!(s.holders().certificate_count().unwrap(), 3);
}

/// A job naming a certificate that is missing makes the migration fail as a whole: the old
/// database stays as it was rather than losing a print record.
#[test]
fn migration_refuses_to_drop_an_orphaned_job() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("old.db");
    {
        let conn = Connection::open(&p).unwrap();
        conn.execute_batch(&schema::rendered(Backend::Sqlite).unwrap()[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        // Only a file damaged or edited by hand can hold such a job (foreign keys were on).
        conn.execute_batch("PRAGMA foreign_keys=OFF").unwrap();
        conn.execute_batch(
            "INSERT INTO print_jobs (cert_number, target, station, state, day, created_at)
                 VALUES ('T11010519491231002X', 'file:spool', 'kiosk-1', 'printed', '2026-05-06', '2026-05-06 09:00:00');",
        )
        .unwrap();
    }
    let e = Store::open(&p).unwrap_err();
    assert!(e.to_string().contains("migration 2 failed"), "{e}");
    let conn = Connection::open(&p).unwrap();
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 1);
    let jobs: i64 =
        conn.query_row("SELECT count(*) FROM print_jobs WHERE cert_number IS NOT NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(jobs, 1);
}

/// One holder's 电工作业 and 焊接与热切割作业 cards share the 证号 T + ID number: both are kept,
/// each with its own id and seal handle; the daily print limit counts per card (issue 6 item 1).
#[test]
fn two_special_operation_cards_with_one_number() {
    for (_d, s) in seeded_stores("two_special_operation_cards_with_one_number") {
        let mut weld = cert();
        weld.category = Some("焊接与热切割作业".into());
        weld.item = Some("熔化焊接与热切割作业".into());
        assert_eq!(s.holders().upsert_certificate(&mut weld).unwrap(), Upsert::Inserted);
        let all = s.holders().certificates_numbered("T11010519491231002X").unwrap();
        assert_eq!(all.len(), 2);
        let elec = all.iter().find(|c| c.category.as_deref() == Some("电工作业")).unwrap();
        assert_ne!(elec.id, weld.id);
        assert_ne!(elec.seal_handle, weld.seal_handle);
        let j = s.print_jobs().begin(weld.id, "file:x", "k", t(9, 0)).unwrap();
        s.print_jobs().finish(j, JobOutcome::Printed, t(9, 0)).unwrap();
        assert_eq!(s.print_jobs().prints_today(weld.id, d(2026, 5, 6)).unwrap(), 1);
        assert_eq!(s.print_jobs().prints_today(elec.id, d(2026, 5, 6)).unwrap(), 0);
        // a second 合格证 kind with the same number is a different certificate too
        let mut changed = cert();
        changed.valid_until = d(2029, 3, 1);
        assert_eq!(s.holders().upsert_certificate(&mut changed).unwrap(), Upsert::Updated);
        assert_eq!(changed.id, elec.id);
        assert_eq!(s.holders().certificate_count().unwrap(), 2);
    }
}

/// Issue 10: the bulk loader the importer uses gives the same answers on both backends —
/// inserted, unchanged on a re-import, updated, and a 合格证 that moved to another holder
/// reported with the previous holder masked (never a raw ID number outside the registry).
#[test]
fn roster_loader_on_every_backend() {
    for (_d, s) in super::test_stores("roster_loader") {
        let other = Holder { id_number: "110105194912310029".into(), name: "李四".into(), ..holder() };
        let pass = |c: &Certificate, holders: &[&Holder]| -> (Written, LoadCounts) {
            s.bulk(|s| {
                let mut l = s.holders().roster_loader()?;
                for h in holders {
                    l.holder(h)?;
                }
                let w = l.certificate(c)?;
                Ok((w, l.finish()?))
            })
            .unwrap()
        };
        let c = cert();
        let (w, n) = pass(&c, &[&holder()]);
        assert_eq!((w, n.inserted, n.holders_inserted), (Written::Written, 1, 1));
        let (w, n) = pass(&c, &[&holder()]);
        assert_eq!((w, n.inserted, n.updated, n.holders_updated), (Written::Unchanged, 0, 0, 0));
        let mut changed = c.clone();
        changed.issuer = "另一发证机关".into();
        let (w, n) = pass(&changed, &[&holder()]);
        assert_eq!((w, n.updated), (Written::Written, 1));
        // A 合格证 (no category/item) handed to another holder.
        let mut pass_cert = c.clone();
        pass_cert.kind = CertKind::Principal;
        pass_cert.number = "AQ-2020-0001".into();
        pass_cert.category = None;
        pass_cert.item = None;
        let (w, _) = pass(&pass_cert, &[&holder()]);
        assert_eq!(w, Written::Written);
        pass_cert.holder_id = other.id_number.clone();
        let (w, _) = pass(&pass_cert, &[&other]);
        assert_eq!(w, Written::Moved { from: "110105********002X".into() });
        let stored = s.holders().certificates_for(&other.id_number).unwrap();
        assert_eq!(stored.len(), 1);
        assert_ne!(stored[0].seal_handle, [0; 8]);
    }
}

/// Issue 10: the verifier station's scan log and the reminder candidates read the same on both
/// backends (the scan log holds no name and no ID number: a salted hash of the handle).
#[test]
fn scans_and_reminders_on_every_backend() {
    for (_d, s) in seeded_stores("scans_reminders") {
        let at = t(9, 30);
        s.log_scan(at, "valid", Some("k1"), Some(&[7; 8])).unwrap();
        s.log_scan(at, "valid", Some("k1"), Some(&[7; 8])).unwrap();
        s.log_scan(at, "forged", None, None).unwrap();
        assert_eq!(s.scan_counts(at.date()).unwrap(), vec![("forged".to_string(), 1), ("valid".to_string(), 2)]);
        let c = cert();
        let window =
            s.holders().reminder_candidates(c.valid_until - chrono::Duration::days(30), c.valid_until).unwrap();
        assert_eq!(window.len(), 1);
        assert_eq!(window[0].cert.number, c.number);
        assert!(s.holders().reminder_candidates(d(1990, 1, 1), d(1990, 2, 1)).unwrap().is_empty());
    }
}

/// A query inside a streaming read of the same store is an error, not a panic (PostgreSQL's
/// connection is busy streaming; SQLite allows it).
#[test]
fn a_query_inside_a_streaming_read_is_an_error_not_a_panic() {
    for (_d, s) in seeded_stores("nested_read") {
        let r = s.db.each("SELECT id_number FROM holders", db::p![], |_| {
            s.holders().count()?;
            Ok(true)
        });
        match s.backend() {
            Backend::Postgres => assert!(r.unwrap_err().to_string().contains("streaming read")),
            Backend::Sqlite => r.unwrap(),
        }
        // The store is still usable afterwards.
        assert_eq!(s.holders().count().unwrap(), 1);
    }
}

/// The privacy scan the tests rely on (SPEC §6) finds a raw ID number wherever it is, on both
/// backends, and nothing where there is none.
#[test]
fn the_privacy_scan_finds_a_raw_id_outside_the_registry() {
    for (_d, s) in seeded_stores("privacy_scan") {
        let id = "11010519491231002X";
        assert!(s.columns_containing(id, &["holders", "certificates"]).unwrap().is_empty());
        assert_eq!(
            s.columns_containing(id, &[]).unwrap(),
            vec!["certificates.holder_id", "certificates.number", "holders.id_number"]
        );
        s.set_setting("note", &format!("持证人{id}来电")).unwrap();
        assert_eq!(s.columns_containing(id, &["holders", "certificates"]).unwrap(), vec!["settings.value"]);
        assert!(s.columns_containing("", &[]).unwrap().is_empty());
    }
}

/// The kiosk's daily print limit counts copies of the certificate slip only: a review-reminder
/// slip staff print from the holder's page (no seal) does not use up the holder's prints.
#[test]
fn reminder_slips_do_not_count_against_the_daily_limit() {
    for (_d, s) in seeded_stores("daily_limit_reminders") {
        let id = s.holders().certificate_like(&cert()).unwrap().unwrap().id;
        s.staff().add("0001", "张敏", "123456", Role::Clerk).unwrap();
        let now = t(10, 0);
        let slip = s.print_jobs().begin(id, "file:spool", "desk-1", now).unwrap();
        let reminder = s.print_jobs().begin(id, "file:spool", "desk-1", now).unwrap();
        s.print_jobs().mark_assisted(reminder, "0001", 1, crate::store::desk_extra::AssistedDoc::Reminder).unwrap();
        s.print_jobs().finish(slip, JobOutcome::Printed, now).unwrap();
        s.print_jobs().finish(reminder, JobOutcome::Printed, now).unwrap();
        assert_eq!(s.print_jobs().prints_today(id, now.date()).unwrap(), 1);
    }
}

/// The migration that rewrites the certificates' CHECK constraints without IN lists (an import
/// speed fix, docs/performance.md) keeps every row, accepts exactly the codes it accepted
/// before (kinds 1–3; standings 0–3: 有效, 暂停, 撤销 30号令 art. 30, 注销 art. 31) and refuses
/// the rest, and bumps the schema cookie so other connections re-read the schema.
#[test]
fn certificate_checks_rewritten_without_in_lists_accept_the_same_codes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("before.db");
    let lite = schema::rendered(Backend::Sqlite).unwrap();
    let at = lite.iter().position(|m| m.contains("PRAGMA writable_schema=ON")).unwrap();
    let cookie_before: i64 = {
        let conn = Connection::open(&p).unwrap();
        for (v, m) in lite[..at].iter().enumerate() {
            conn.execute_batch(m).unwrap();
            conn.pragma_update(None, "user_version", v as i64 + 1).unwrap();
        }
        let sql: String =
            conn.query_row("SELECT sql FROM sqlite_master WHERE name = 'certificates'", [], |r| r.get(0)).unwrap();
        assert!(sql.contains("CHECK (kind IN (1, 2, 3))") && sql.contains("CHECK (standing IN (0, 1, 2, 3))"), "{sql}");
        conn.query_row("PRAGMA schema_version", [], |r| r.get(0)).unwrap()
    };
    {
        let s = Store::open(&p).unwrap();
        s.holders().upsert(&holder()).unwrap();
        for standing in [Standing::Active, Standing::Suspended, Standing::Revoked, Standing::Cancelled] {
            let mut c = cert();
            c.item = Some(format!("低压电工作业{}", standing.code()));
            c.standing = standing;
            s.holders().upsert_certificate(&mut c).unwrap();
        }
    }
    let s = Store::open(&p).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::MIGRATIONS.len() as i64);
    let cookie_after: i64 = s.conn().query_row("PRAGMA schema_version", [], |r| r.get(0)).unwrap();
    assert!(cookie_after > cookie_before, "{cookie_before} -> {cookie_after}");
    let sql: String =
        s.conn().query_row("SELECT sql FROM sqlite_master WHERE name = 'certificates'", [], |r| r.get(0)).unwrap();
    assert!(!sql.contains("kind IN") && !sql.contains("standing IN"), "{sql}");
    s.integrity_check().unwrap();
    assert_eq!(s.holders().certificates_for("11010519491231002X").unwrap().len(), 4);

    // Raw inserts straight at the constraint: the same codes pass, the rest are refused.
    let insert = |kind: &str, standing: &str, n: u32| {
        s.conn().execute(
            &format!(
                "INSERT INTO certificates (number, kind, holder_id, name, gender, category, item, first_issued, \
                 valid_from, valid_until, issuer, standing, seal_handle) VALUES ('T11010519491231002X', {kind}, \
                 '11010519491231002X', '王秀英', 2, '电工作业', 'x{n}', '2023-03-01', '2023-03-01', '2029-02-28', \
                 '某市应急管理局', {standing}, randomblob(8))"
            ),
            [],
        )
    };
    let mut n = 0;
    let mut ok = |kind: &str, standing: &str| {
        n += 1;
        insert(kind, standing, n).is_ok()
    };
    for (kind, standing) in [("1", "0"), ("2", "1"), ("3", "2"), ("1", "3"), ("'2'", "'3'")] {
        assert!(ok(kind, standing), "kind {kind}, standing {standing} must be accepted");
    }
    for (kind, standing) in [
        ("0", "0"),
        ("4", "0"),
        ("1.5", "0"),
        ("'一'", "0"),
        ("NULL", "0"),
        ("1", "4"),
        ("1", "-1"),
        ("1", "0.5"),
        ("1", "'有效'"),
    ] {
        assert!(!ok(kind, standing), "kind {kind}, standing {standing} must be refused");
    }
}
