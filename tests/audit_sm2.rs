//! Issue 18, 国密 for the audit log: under `seal.algorithm = "sm2"` the audit chain is SM3
//! (GB/T 32905) and its entries and checkpoints are signed with SM2 (GB/T 32918.2). A home that
//! moves from Ed25519 keeps verifying its old entries (SHA-256 chain, Ed25519 signatures, by the
//! old public key kept in `keys/audit.key.earlier`) and the new ones; `audit verify` checks both.
//! Each attack is done as the store's attacker would (they can write the database, not read the
//! key): an edited SM2 entry, an SM2 entry re-hashed with SM3, a marker downgraded to pass as an
//! Ed25519 entry, an edited old entry, and an entry signed with the old key after the move.
//! On SQLite and on PostgreSQL; the CLI end to end.

mod support;

use certdesk::store::audit_keys::{earlier_path, AuditAlgorithm, AuditMove};
use certdesk::store::db::Location;
use certdesk::store::{OpenCheck, Store};
use certdesk_testkit::pg;
use chrono::{NaiveDate, NaiveDateTime};
use sm3::Digest;
use std::path::{Path, PathBuf};

fn t(min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(9, min, 0).unwrap()
}

/// Where a station keeps its database and key files.
struct Station {
    dir: tempfile::TempDir,
    db: Location,
}

impl Station {
    fn key(&self) -> PathBuf {
        self.dir.path().join("keys/audit.key")
    }
    fn checkpoints(&self) -> PathBuf {
        self.dir.path().join("audit-checkpoints")
    }
    fn open(&self) -> Store {
        let mut s = Store::open_at(&self.db, OpenCheck::Skip).unwrap();
        s.attach_audit_seal_as(&self.key(), &self.checkpoints(), t(0), AuditAlgorithm::Ed25519).unwrap();
        s
    }
    /// Run SQL as the attacker, with the append-only triggers out of the way.
    fn attack(&self, sql: &str, params: &[&dyn ToSql]) {
        match &self.db {
            Location::Sqlite(p) => {
                let c = rusqlite::Connection::open(p).unwrap();
                c.execute_batch("DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;")
                    .unwrap();
                let ps: Vec<rusqlite::types::Value> = params.iter().map(|p| p.sqlite()).collect();
                c.execute(sql, rusqlite::params_from_iter(ps)).unwrap();
            }
            Location::Postgres(url) => {
                let mut c = pg::connect(url).unwrap();
                c.batch_execute("ALTER TABLE audit DISABLE TRIGGER USER").unwrap();
                let pg_sql = sql.replace("?1", "$1").replace("?2", "$2").replace("?3", "$3");
                let ps: Vec<Box<dyn postgres::types::ToSql + Sync>> = params.iter().map(|p| p.pg()).collect();
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = ps.iter().map(|b| b.as_ref()).collect();
                c.execute(pg_sql.as_str(), &refs).unwrap();
                c.batch_execute("ALTER TABLE audit ENABLE TRIGGER USER").unwrap();
            }
        }
    }
}

/// The few parameter kinds the attacks need, for either backend.
trait ToSql {
    fn sqlite(&self) -> rusqlite::types::Value;
    fn pg(&self) -> Box<dyn postgres::types::ToSql + Sync>;
}
impl ToSql for i64 {
    fn sqlite(&self) -> rusqlite::types::Value {
        (*self).into()
    }
    fn pg(&self) -> Box<dyn postgres::types::ToSql + Sync> {
        Box::new(*self)
    }
}
impl ToSql for Vec<u8> {
    fn sqlite(&self) -> rusqlite::types::Value {
        self.clone().into()
    }
    fn pg(&self) -> Box<dyn postgres::types::ToSql + Sync> {
        Box::new(self.clone())
    }
}

fn sqlite() -> Station {
    let dir = tempfile::tempdir().unwrap();
    let db = Location::Sqlite(dir.path().join("certdesk.db"));
    Station { dir, db }
}

fn postgres(tag: &str) -> Option<Station> {
    let url = pg::fresh_url(tag)?;
    Some(Station { dir: tempfile::tempdir().unwrap(), db: Location::Postgres(url) })
}

/// Three Ed25519 entries, the move to SM2, two SM2 entries: 6 entries (the move is entry 4).
fn moved(st: &Station) -> Store {
    let mut s = st.open();
    for i in 0..3 {
        s.audit().append("kiosk-01", "print.printed", serde_json::json!({ "serial": i }), t(i)).unwrap();
    }
    assert_eq!(s.audit().algorithm(), Some(AuditAlgorithm::Ed25519));
    assert_eq!(s.move_audit_key(&st.key(), AuditAlgorithm::Sm2, t(10)).unwrap(), AuditMove::Moved { until: 3 });
    assert_eq!(s.move_audit_key(&st.key(), AuditAlgorithm::Sm2, t(10)).unwrap(), AuditMove::Unchanged);
    for i in 3..5 {
        s.audit().append("kiosk-01", "print.printed", serde_json::json!({ "serial": i }), t(20 + i)).unwrap();
    }
    s
}

/// A row's (prev_hash, hash, sig), read as the attacker would.
fn row(st: &Station, seq: i64) -> (Vec<u8>, Vec<u8>, Vec<u8>, String) {
    let q = "SELECT prev_hash, hash, sig, time, actor, action, detail FROM audit WHERE seq = ";
    match &st.db {
        Location::Sqlite(p) => {
            let c = rusqlite::Connection::open(p).unwrap();
            c.query_row(&format!("{q}{seq}"), [], |r| {
                let fields: Vec<String> = (3..7).map(|i| r.get::<_, String>(i).unwrap()).collect();
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, fields.join("\u{1}")))
            })
            .unwrap()
        }
        Location::Postgres(url) => {
            let mut c = pg::connect(url).unwrap();
            let r = c.query_one(&format!("{q}{seq}"), &[]).unwrap();
            let fields: Vec<String> = (3..7).map(|i| r.get::<_, String>(i)).collect();
            (r.get(0), r.get(1), r.get(2), fields.join("\u{1}"))
        }
    }
}

/// The documented chain hash (store/audit.rs) with SM3, as an attacker would reimplement it.
fn sm3_entry_hash(prev: &[u8], seq: u64, fields: &[&str]) -> Vec<u8> {
    let mut h = sm3::Sm3::new();
    h.update(prev);
    h.update(b"certdesk-audit-v1\0");
    h.update(seq.to_be_bytes());
    for f in fields {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    h.finalize().to_vec()
}

fn exercise(make: &dyn Fn() -> Station) {
    // honest: old and new entries verify, with the key reloaded from its files
    let st = make();
    let s = moved(&st);
    let r = s.audit().verify_report().unwrap();
    assert_eq!((r.entries, r.signed, r.sealed), (6, 6, true));
    drop(s);
    let s = st.open();
    assert_eq!(s.audit().algorithm(), Some(AuditAlgorithm::Sm2), "the SM2 key is loaded");
    let r = s.audit().verify_report().unwrap();
    assert_eq!((r.entries, r.signed), (6, 6));
    assert!(r.checkpoints >= 2, "checkpoints by both keys: {r:?}");
    // what is stored: Ed25519 entries carry 64-byte signatures, SM2 entries 0x02 || r || s
    assert_eq!(row(&st, 2).2.len(), 64);
    let (_, _, sig, _) = row(&st, 5);
    assert_eq!((sig.len(), sig[0]), (65, 2));
    let earlier = std::fs::read_to_string(earlier_path(&st.key())).unwrap();
    assert!(earlier.starts_with("ed25519 ") && earlier.trim_end().ends_with("until=3"), "{earlier}");
    assert!(!std::fs::read_to_string(st.key()).unwrap().contains("ed25519"), "the old secret is gone");
    drop(s);

    // an SM2 entry edited
    st.attack("UPDATE audit SET detail = '{\"serial\":99}' WHERE seq = ?1", &[&5i64]);
    let b = st.open().audit().verify().unwrap_err();
    assert_eq!(b.seq, 5, "{b}");
    assert!(b.reason.contains("does not match its hash"), "{b}");

    // the newest SM2 entry edited and re-hashed with SM3: its signature gives it away
    let st = make();
    drop(moved(&st));
    let (prev, _, _, fields) = row(&st, 6);
    let mut f: Vec<&str> = fields.split('\u{1}').collect();
    f[3] = "{\"serial\":77}";
    let h = sm3_entry_hash(&prev, 6, &f);
    st.attack("UPDATE audit SET detail = '{\"serial\":77}', hash = ?2 WHERE seq = ?1", &[&6i64, &h]);
    let b = st.open().audit().verify().unwrap_err();
    assert_eq!(b.seq, 6, "{b}");
    assert!(b.reason.contains("signature"), "{b}");

    // the SM2 marker stripped, to pass the entry off as an Ed25519 one: the SHA-256 link fails
    let st = make();
    drop(moved(&st));
    let (_, _, sig, _) = row(&st, 6);
    st.attack("UPDATE audit SET sig = ?2 WHERE seq = ?1", &[&6i64, &sig[1..].to_vec()]);
    assert_eq!(st.open().audit().verify().unwrap_err().seq, 6);

    // an old Ed25519 entry edited
    let st = make();
    drop(moved(&st));
    st.attack("UPDATE audit SET detail = '{\"serial\":42}' WHERE seq = ?1", &[&2i64]);
    assert_eq!(st.open().audit().verify().unwrap_err().seq, 2);

    // whoever kept a copy of the old Ed25519 key appends after the move: refused
    let st = make();
    let mut s = st.open();
    s.audit().append("kiosk-01", "print.printed", serde_json::json!({}), t(1)).unwrap();
    let stolen = st.dir.path().join("stolen.key");
    std::fs::copy(st.key(), &stolen).unwrap();
    s.move_audit_key(&st.key(), AuditAlgorithm::Sm2, t(2)).unwrap();
    drop(s);
    {
        let mut thief = Store::open_at(&st.db, OpenCheck::Skip).unwrap();
        thief.attach_audit_seal(&stolen, &st.dir.path().join("thief-checkpoints"), t(3)).unwrap();
        thief.audit().append("kiosk-01", "print.printed", serde_json::json!({ "forged": true }), t(4)).unwrap();
    }
    let b = st.open().audit().verify().unwrap_err();
    assert_eq!(b.seq, 3, "{b}");
    assert!(b.reason.contains("not this station's"), "{b}");
}

#[test]
fn sm2_audit_log_on_sqlite() {
    exercise(&sqlite);
}

#[test]
fn sm2_audit_log_on_postgresql() {
    if pg::fresh_url("audit sm2 probe").is_none() {
        return;
    }
    exercise(&|| postgres("audit sm2").unwrap());
}

/// A new home under `seal.algorithm = "sm2"` starts with an SM2 audit key.
#[test]
fn a_new_sm2_home_starts_with_an_sm2_audit_key() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("h");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(home.join("certdesk.toml"), "[seal]\nalgorithm = \"sm2\"\n").unwrap();
    support::certdesk_ok(&home, &["init"]);
    let key = std::fs::read_to_string(home.join("keys/audit.key")).unwrap();
    assert!(key.contains("certdesk-audit-sm2-v1"), "{key}");
    let o = support::certdesk_ok(&home, &["audit", "verify"]);
    assert!(support::text(&o).contains("完好"), "{}", support::text(&o));
}

/// The CLI: `keys new --rotate` under `seal.algorithm = "sm2"` moves the audit key too, says
/// so, and `audit verify` checks old and new entries; an edited entry is reported.
#[test]
fn keys_rotate_to_sm2_moves_the_audit_log_and_audit_verify_checks_both() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("bureau");
    support::certdesk_ok(&home, &["init"]);
    let key = |h: &Path| std::fs::read_to_string(h.join("keys/audit.key")).unwrap();
    assert!(key(&home).contains("certdesk-audit-ed25519-v1"));
    let cfg = home.join("certdesk.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, text.replace("algorithm = \"ed25519\"", "algorithm = \"sm2\"")).unwrap();
    let o = support::certdesk_ok(&home, &["keys", "new", "--rotate", "--label", "sm2"]);
    assert!(support::text(&o).contains("审计日志改用 SM2 签名"), "{}", support::text(&o));
    assert!(key(&home).contains("certdesk-audit-sm2-v1"));
    let o = support::certdesk_ok(&home, &["audit", "verify"]);
    assert!(support::text(&o).contains("完好"), "{}", support::text(&o));
    {
        let conn = rusqlite::Connection::open(home.join("certdesk.db")).unwrap();
        conn.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;").unwrap();
        // the first entry (Ed25519 era) edited
        assert_eq!(conn.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 1", []).unwrap(), 1);
    }
    let o = support::certdesk(&home, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(1), "{}", support::text(&o));
    assert!(support::text(&o).contains("在第 1 条处损坏"), "{}", support::text(&o));
}
