//! The audit log against an attacker who can write the database file but cannot read the
//! station's key file (issue 8 item 4; SPEC §6). Each test is one attack, done the way such an
//! attacker would: with their own SQLite connection, dropping the triggers, and recomputing the
//! documented SHA-256 chain (store/audit.rs) so that the chain alone looks intact.

use certdesk::store::Store;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

fn t(min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(9, min, 0).unwrap()
}

struct Station {
    _dir: tempfile::TempDir,
    db: PathBuf,
    key: PathBuf,
    checkpoints: PathBuf,
}

impl Station {
    /// A station with `n` signed entries and a checkpoint after them.
    fn new(n: u32) -> Station {
        let dir = tempfile::tempdir().unwrap();
        let st = Station {
            db: dir.path().join("certdesk.db"),
            key: dir.path().join("keys/audit.key"),
            checkpoints: dir.path().join("certdesk.db.audit-checkpoints"),
            _dir: dir,
        };
        let s = st.open();
        for i in 0..n {
            s.audit().append("kiosk-01", "print.printed", serde_json::json!({ "serial": i }), t(i)).unwrap();
        }
        s.audit().checkpoint(t(50)).unwrap().expect("a checkpoint");
        st
    }

    fn open(&self) -> Store {
        let mut s = Store::open(&self.db).unwrap();
        s.attach_audit_seal(&self.key, &self.checkpoints, t(0)).unwrap();
        s
    }

    fn attacker(&self) -> Connection {
        let c = Connection::open(&self.db).unwrap();
        c.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;").unwrap();
        c
    }

    /// Put the triggers back as they were, so that only the other checks can catch the attack.
    fn restore_triggers(c: &Connection) {
        c.execute_batch(
            "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused');
END;",
        )
        .unwrap();
    }

    fn verify(&self) -> Result<u64, certdesk::store::AuditBreak> {
        self.open().audit().verify()
    }
}

/// The documented entry hash (store/audit.rs), as an attacker would reimplement it.
fn entry_hash(prev: &[u8], seq: u64, fields: [&str; 4]) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(b"certdesk-audit-v1\0");
    h.update(seq.to_be_bytes());
    for f in fields {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    h.finalize().to_vec()
}

/// Recompute every link and hash from entry 1 on; `meta.audit_head` set to the new length.
fn rechain(c: &Connection) {
    let rows: Vec<(i64, String, String, String, String)> = c
        .prepare("SELECT seq, time, actor, action, detail FROM audit ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev = vec![0u8; 32];
    for (seq, time, actor, action, detail) in &rows {
        let h = entry_hash(&prev, *seq as u64, [time, actor, action, detail]);
        c.execute("UPDATE audit SET prev_hash = ?2, hash = ?3 WHERE seq = ?1", params![seq, prev, h]).unwrap();
        prev = h;
    }
    c.execute("UPDATE meta SET value = ?1 WHERE key = 'audit_head'", [rows.len() as i64]).unwrap();
}

#[test]
fn honest_log_verifies_with_signatures_and_checkpoints() {
    let st = Station::new(5);
    let s = st.open();
    let r = s.audit().verify_report().unwrap();
    assert_eq!((r.entries, r.signed, r.checkpoints, r.sealed), (5, 5, 1, true));
    assert_eq!(r.newest_checkpoint.unwrap().seq, 5);
    // A later entry, not yet checkpointed, is signed and verifies.
    s.audit().append("admin", "backup", serde_json::json!({}), t(51)).unwrap();
    assert_eq!(s.audit().verify(), Ok(6));
}

#[test]
fn edit_with_hashes_recomputed_is_detected() {
    let st = Station::new(5);
    let c = st.attacker();
    c.execute("UPDATE audit SET detail = '{\"serial\":99}' WHERE seq = 3", []).unwrap();
    rechain(&c);
    Station::restore_triggers(&c);
    let b = st.verify().unwrap_err();
    assert_eq!(b.seq, 3, "{b}");
    assert!(b.reason.contains("signature"), "{b}");
}

#[test]
fn delete_with_renumbering_and_recomputed_hashes_is_detected() {
    let st = Station::new(5);
    let c = st.attacker();
    c.execute_batch("DELETE FROM audit WHERE seq = 2; UPDATE audit SET seq = seq - 1 WHERE seq > 2;").unwrap();
    rechain(&c);
    Station::restore_triggers(&c);
    let b = st.verify().unwrap_err();
    assert_eq!(b.seq, 2, "{b}");
}

#[test]
fn reorder_with_hashes_recomputed_is_detected() {
    let st = Station::new(5);
    let c = st.attacker();
    // Swap the contents of entries 2 and 4, signatures included.
    c.execute_batch(
        "UPDATE audit SET seq = -2 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 4; \
         UPDATE audit SET seq = 4 WHERE seq = -2;",
    )
    .unwrap();
    rechain(&c);
    Station::restore_triggers(&c);
    let b = st.verify().unwrap_err();
    assert_eq!(b.seq, 2, "{b}");
}

#[test]
fn forged_append_is_detected() {
    let st = Station::new(5);
    let c = st.attacker();
    let prev: Vec<u8> = c.query_row("SELECT hash FROM audit WHERE seq = 5", [], |r| r.get(0)).unwrap();
    let fields = ["2026-11-23 10:00:00", "admin", "staff.add", "{\"staff\":\"6666\"}"];
    let h = entry_hash(&prev, 6, fields);
    // With no signature, and with a signature copied from another entry.
    c.execute(
        "INSERT INTO audit (seq, time, actor, action, detail, prev_hash, hash, sig) VALUES (6, ?1, ?2, ?3, ?4, ?5, ?6, NULL)",
        params![fields[0], fields[1], fields[2], fields[3], prev, h],
    )
    .unwrap();
    c.execute("UPDATE meta SET value = 6 WHERE key = 'audit_head'", []).unwrap();
    Station::restore_triggers(&c);
    let b = st.verify().unwrap_err();
    assert_eq!(b.seq, 6, "{b}");
    assert!(b.reason.contains("not signed"), "{b}");

    let c = st.attacker();
    c.execute("UPDATE audit SET sig = (SELECT sig FROM audit WHERE seq = 5) WHERE seq = 6", []).unwrap();
    Station::restore_triggers(&c);
    assert_eq!(st.verify().unwrap_err().seq, 6);
    // And the station refuses to vouch for it in a new checkpoint.
    let e = st.open().audit().checkpoint(t(59)).unwrap_err();
    assert!(e.to_string().contains("entry 6"), "{e}");
}

#[test]
fn cut_tail_with_audit_head_edited_is_detected() {
    let st = Station::new(5);
    let c = st.attacker();
    c.execute_batch("DELETE FROM audit WHERE seq >= 4; UPDATE meta SET value = 3 WHERE key = 'audit_head';").unwrap();
    Station::restore_triggers(&c);
    let b = st.verify().unwrap_err();
    assert_eq!(b.seq, 4, "{b}");
    assert!(b.reason.contains("checkpoint"), "{b}");
}

#[test]
fn whole_log_replaced_by_an_older_copy_is_detected() {
    // A rollback to an earlier database (e.g. an old backup copied over): shorter, every entry
    // validly signed, but the checkpoint file remembers more.
    let st = Station::new(3);
    let old = std::fs::read(&st.db).unwrap();
    {
        let s = st.open();
        s.audit().append("admin", "staff.add", serde_json::json!({}), t(55)).unwrap();
        s.audit().checkpoint(t(56)).unwrap().unwrap();
    }
    std::fs::write(&st.db, old).unwrap();
    let _ = std::fs::remove_file(st.db.with_extension("db-wal"));
    let b = st.verify().unwrap_err();
    assert_eq!(b.seq, 4, "{b}");
}

#[test]
fn dropped_triggers_are_detected() {
    let st = Station::new(3);
    drop(st.attacker());
    let b = st.verify().unwrap_err();
    assert!(b.reason.contains("audit_no_update") && b.reason.contains("dropped"), "{b}");

    // A trigger of the same name that lets everything through is caught too.
    let c = Connection::open(&st.db).unwrap();
    c.execute_batch(
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT 1; END; \
         CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT 1; END;",
    )
    .unwrap();
    let b = st.verify().unwrap_err();
    assert!(b.reason.contains("replaced"), "{b}");
}

#[test]
fn forged_checkpoint_line_is_detected() {
    let st = Station::new(3);
    let mut text = std::fs::read_to_string(&st.checkpoints).unwrap();
    text = text.replace("seq=3", "seq=2");
    std::fs::write(&st.checkpoints, text).unwrap();
    let b = st.verify().unwrap_err();
    assert!(b.reason.contains("checkpoint file"), "{b}");
}

#[test]
fn legacy_unsigned_entries_are_vouched_for_by_the_first_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("certdesk.db");
    {
        let s = Store::open(&db).unwrap();
        s.audit().append("admin", "roster.import", serde_json::json!({}), t(1)).unwrap();
        s.audit().append("admin", "backup", serde_json::json!({}), t(2)).unwrap();
    }
    let key = dir.path().join("audit.key");
    let cps = dir.path().join("cps");
    let mut s = Store::open(&db).unwrap();
    assert_eq!(s.attach_audit_seal(&key, &cps, t(3)).unwrap(), certdesk::store::SealAttach::Created { legacy: 2 });
    s.audit().append("kiosk-01", "kiosk.identified", serde_json::json!({}), t(4)).unwrap();
    let r = s.audit().verify_report().unwrap();
    assert_eq!((r.entries, r.signed), (3, 1));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    drop(s);

    // An unsigned entry after the checkpoint is a forgery, not legacy.
    let c = Connection::open(&db).unwrap();
    let prev: Vec<u8> = c.query_row("SELECT hash FROM audit WHERE seq = 3", [], |r| r.get(0)).unwrap();
    let f = ["2026-11-23 09:30:00", "admin", "x", "{}"];
    c.execute(
        "INSERT INTO audit (seq, time, actor, action, detail, prev_hash, hash) VALUES (4, ?1, ?2, ?3, ?4, ?5, ?6)",
        params![f[0], f[1], f[2], f[3], prev, entry_hash(&prev, 4, f)],
    )
    .unwrap();
    let mut s = Store::open(&db).unwrap();
    s.attach_audit_seal(&key, &cps, t(5)).unwrap();
    assert_eq!(s.audit().verify().unwrap_err().seq, 4);
}

#[test]
fn a_lost_key_is_not_silently_replaced() {
    let st = Station::new(2);
    std::fs::remove_file(&st.key).unwrap();
    let mut s = Store::open(&st.db).unwrap();
    let e = s.attach_audit_seal(&st.key, &st.checkpoints, t(9)).unwrap_err();
    assert!(e.to_string().contains("restore the key"), "{e}");
    assert!(!Path::new(&st.key).exists());
}

#[test]
fn closing_a_store_that_wrote_takes_a_checkpoint() {
    let st = Station::new(2);
    {
        let s = st.open();
        s.audit().append("admin", "backup", serde_json::json!({}), t(52)).unwrap();
    }
    assert_eq!(st.open().audit().newest_checkpoint().unwrap().unwrap().seq, 3);
    // ... so cutting that entry is caught.
    let c = st.attacker();
    c.execute_batch("DELETE FROM audit WHERE seq = 3; UPDATE meta SET value = 2 WHERE key = 'audit_head';").unwrap();
    Station::restore_triggers(&c);
    assert_eq!(st.verify().unwrap_err().seq, 3);
}

#[test]
fn checkpoint_if_due_waits_for_the_interval_and_new_entries() {
    let st = Station::new(2);
    let s = st.open();
    let every = std::time::Duration::from_secs(300);
    assert_eq!(s.audit().checkpoint_if_due(t(51), every).unwrap(), None, "head unchanged");
    s.audit().append("kiosk-01", "kiosk.identified", serde_json::json!({}), t(51)).unwrap();
    assert_eq!(s.audit().checkpoint_if_due(t(52), every).unwrap(), None, "too soon");
    assert_eq!(s.audit().checkpoint_if_due(t(56), every).unwrap().unwrap().seq, 3);
}
