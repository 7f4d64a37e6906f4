//! The shipped migrations, guarded (issue 14 item 4). Until schema version 23 the SQLite
//! migrations and PostgreSQL's baseline (= SQLite version 7) plus its own migrations 8–23 were
//! written separately; now one list renders both (crates/store/src/store/schema.rs). The old
//! texts are frozen in `schema_history/v23.rs`, and these tests build databases from them as the
//! old code did and compare them with what the current code builds, from each backend's own
//! catalogue:
//! - SQLite: every migration renders to the text that shipped, byte for byte; a new database
//!   and every older version (1–23) brought forward hold exactly the same `sqlite_master`
//!   (every table, index and trigger with its SQL text) and `user_version`.
//! - PostgreSQL: a new database and every version a hall can hold (7–23, the baseline onwards)
//!   brought forward have exactly the old code's columns (order, type, nullability, default,
//!   identity, collation), constraints (name and definition), indexes, triggers, functions,
//!   sequences and version row.

use certdesk::store::{schema, Backend, Location, OpenCheck, Store};
use certdesk_testkit::pg;
use rusqlite::Connection;

#[path = "schema_history/v23.rs"]
mod old;

/// Version 23 is the last the frozen texts know; the current list may be longer.
const FROZEN: usize = 23;

/// Frozen objects a later migration changes on purpose, with the text the change must leave:
/// (migration, SQLite's object name, PostgreSQL's catalogue line prefix, what the new definition
/// holds). Everything else the frozen migrations made must still be there unchanged.
const CHANGED_LATER: &[(usize, &str, &str, &str)] = &[
    // 26: 第六十九条第二款's 撤销 on the decision row (the outcome CHECK gains 'revoked').
    (26, "case_decisions", "constraint: case_decisions | case_decisions_outcome_check |", "'revoked'"),
];

#[test]
fn the_frozen_texts_are_the_23_shipped_migrations() {
    assert_eq!(old::MIGRATIONS.len(), FROZEN);
    assert_eq!(old::POSTGRES_BASELINE_VERSION + old::POSTGRES_MIGRATIONS.len(), FROZEN);
    assert!(schema::MIGRATIONS.len() >= FROZEN, "a shipped migration was removed");
}

#[test]
fn sqlite_renders_every_shipped_migration_byte_for_byte() {
    let new = schema::rendered(Backend::Sqlite).unwrap();
    for (i, text) in old::MIGRATIONS.iter().enumerate() {
        assert_eq!(new[i], *text, "migration {} renders differently on SQLite", i + 1);
    }
}

// ---- SQLite ----------------------------------------------------------------------------------

/// Run the frozen SQLite migrations up to `version` as the old runner did: each in its own
/// transaction with the version bump, the schema cookie bumped after an in-place edit.
fn old_sqlite(path: &std::path::Path, version: usize) {
    let mut conn = Connection::open(path).unwrap();
    for (v, sql) in old::MIGRATIONS[..version].iter().enumerate() {
        let tx = conn.transaction().unwrap();
        tx.execute_batch(sql).unwrap();
        if sql.contains("PRAGMA writable_schema=ON") {
            let cookie: i64 = tx.query_row("PRAGMA schema_version", [], |r| r.get(0)).unwrap();
            tx.pragma_update(None, "schema_version", cookie + 1).unwrap();
        }
        tx.pragma_update(None, "user_version", v as i64 + 1).unwrap();
        tx.commit().unwrap();
    }
}

/// One `sqlite_master` row: type, name, table, SQL text.
type Object = (String, String, String, Option<String>);

/// Every schema object with its SQL text as SQLite stores it, and the version.
fn sqlite_dump(path: &std::path::Path) -> (Vec<Object>, i64) {
    let conn = Connection::open(path).unwrap();
    let mut st = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").unwrap();
    let objects =
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().map(Result::unwrap).collect();
    let version = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    (objects, version)
}

#[test]
fn sqlite_old_and_new_code_build_the_same_schema_from_every_version() {
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("old-23.db");
    old_sqlite(&reference, FROZEN);
    let want = sqlite_dump(&reference);
    assert_eq!(want.1, FROZEN as i64);
    assert!(want.0.iter().filter(|o| o.0 == "table").count() > 30, "{:?}", want.0);
    assert!(want.0.iter().any(|o| o.0 == "trigger" && o.1 == "audit_no_update"), "{:?}", want.0);

    // A new database, and one left at each older version, brought forward by the current code.
    for version in 0..=FROZEN {
        let p = dir.path().join(format!("from-{version}.db"));
        old_sqlite(&p, version);
        drop(Store::open(&p).unwrap());
        let (objects, v) = sqlite_dump(&p);
        assert_eq!(v, schema::MIGRATIONS.len() as i64, "from version {version}");
        if schema::MIGRATIONS.len() == FROZEN {
            assert_eq!(objects, want.0, "SQLite schema brought from version {version} differs from the old code's");
        } else {
            // Migrations appended since: what the frozen ones made is still there, unchanged.
            let changed =
                |o: &&Object| CHANGED_LATER.iter().any(|c| c.0 <= schema::MIGRATIONS.len() && c.1 == o.1.as_str());
            let missing: Vec<_> = want.0.iter().filter(|o| !objects.contains(o) && !changed(o)).collect();
            assert!(missing.is_empty(), "from version {version}: changed or gone {missing:?}");
            for c in CHANGED_LATER.iter().filter(|c| c.0 <= schema::MIGRATIONS.len()) {
                let now = objects.iter().find(|o| o.1 == c.1).and_then(|o| o.3.clone()).unwrap_or_default();
                assert!(now.contains(c.3), "from version {version}: migration {} left {}: {now}", c.0, c.1);
            }
        }
    }
}

// ---- PostgreSQL ------------------------------------------------------------------------------

/// The frozen PostgreSQL path up to `version` (≥ 7): the baseline at once, then its migrations.
fn old_postgres(url: &str, version: usize) {
    let mut c = pg::connect(url).unwrap();
    c.batch_execute(old::POSTGRES_BASELINE).unwrap();
    c.execute("INSERT INTO certdesk_schema (version) VALUES ($1)", &[&(old::POSTGRES_BASELINE_VERSION as i64)])
        .unwrap();
    for v in old::POSTGRES_BASELINE_VERSION..version {
        let mut tx = c.transaction().unwrap();
        tx.batch_execute(old::POSTGRES_MIGRATIONS[v - old::POSTGRES_BASELINE_VERSION]).unwrap();
        tx.execute("UPDATE certdesk_schema SET version = $1", &[&(v as i64 + 1)]).unwrap();
        tx.commit().unwrap();
    }
}

/// One schema's catalogue as comparable lines, the schema's own name replaced by `S`.
fn postgres_dump(url: &str) -> Vec<String> {
    let schema = pg::schema_of(url).expect("a schema URL").to_string();
    let mut c = pg::connect(url).unwrap();
    let queries: &[(&str, &str)] = &[
        (
            "column",
            "SELECT concat_ws(' | ', table_name, ordinal_position, column_name, data_type, is_nullable, \
                 coalesce(column_default, '-'), is_identity, coalesce(identity_generation, '-'), \
                 coalesce(collation_name, '-')) \
             FROM information_schema.columns WHERE table_schema = $1",
        ),
        (
            "constraint",
            "SELECT concat_ws(' | ', r.relname, c.conname, c.contype, pg_get_constraintdef(c.oid)) \
             FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace \
             WHERE n.nspname = $1",
        ),
        ("index", "SELECT concat_ws(' | ', tablename, indexname, indexdef) FROM pg_indexes WHERE schemaname = $1"),
        (
            "trigger",
            "SELECT concat_ws(' | ', r.relname, t.tgname, pg_get_triggerdef(t.oid)) \
             FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace \
             WHERE n.nspname = $1 AND NOT t.tgisinternal",
        ),
        (
            "function",
            "SELECT concat_ws(' | ', p.proname, pg_get_function_result(p.oid), p.prosrc) \
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1",
        ),
        (
            "sequence",
            "SELECT concat_ws(' | ', sequencename, data_type, start_value, increment_by) \
             FROM pg_sequences WHERE schemaname = $1",
        ),
        (
            "relation",
            "SELECT concat_ws(' | ', r.relname, r.relkind, r.relpersistence) \
             FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = $1",
        ),
    ];
    let mut out = Vec::new();
    for (kind, q) in queries {
        for row in c.query(*q, &[&schema]).unwrap() {
            let line: String = row.get(0);
            out.push(format!("{kind}: {}", line.replace(&schema, "S")));
        }
    }
    let version: i64 = c.query_one("SELECT version FROM certdesk_schema", &[]).unwrap().get(0);
    out.push(format!("version: {version}"));
    out.sort();
    out
}

#[test]
fn postgresql_old_and_new_code_build_the_same_schema_from_every_version() {
    let Some(reference) = pg::fresh_url("history_old") else { return };
    old_postgres(&reference, FROZEN);
    let want = postgres_dump(&reference);
    assert!(want.iter().filter(|l| l.starts_with("relation: ") && l.ends_with("| r | p")).count() > 30, "{want:#?}");
    assert!(want.iter().any(|l| l.starts_with("trigger: audit | audit_no_truncate")), "{want:#?}");
    assert!(want.contains(&format!("version: {FROZEN}")));
    // The dump reads what it claims to: constraints by name, indexes with their collation.
    for line in [
        "constraint: certificates | certificates_pkey | p | PRIMARY KEY (id)",
        "constraint: certificates | certificates_seal_handle_key | u | UNIQUE (seal_handle)",
        "index: cases | cases_by_visitor_name | CREATE INDEX cases_by_visitor_name ON S.cases USING btree (visitor_name COLLATE \"C\")",
        "sequence: print_jobs_id_seq | bigint | 1 | 1",
    ] {
        assert!(want.iter().any(|l| l == line), "{line} not in {want:#?}");
    }

    // A new database (None), and one left at each version a hall can hold, brought forward.
    let starts = std::iter::once(None).chain((old::POSTGRES_BASELINE_VERSION..=FROZEN).map(Some));
    for start in starts {
        let url = pg::fresh_url("history_new").unwrap();
        if let Some(v) = start {
            old_postgres(&url, v);
        }
        drop(Store::open_at(&Location::Postgres(url.clone()), OpenCheck::Skip).unwrap());
        let got = postgres_dump(&url);
        if schema::MIGRATIONS.len() == FROZEN {
            let only_old: Vec<_> = want.iter().filter(|l| !got.contains(l)).collect();
            let only_new: Vec<_> = got.iter().filter(|l| !want.contains(l)).collect();
            assert!(
                only_old.is_empty() && only_new.is_empty(),
                "PostgreSQL schema from {start:?} differs from the old code's:\nold only: {only_old:#?}\nnew only: {only_new:#?}"
            );
        } else {
            let changed = |l: &str| CHANGED_LATER.iter().any(|c| c.0 <= schema::MIGRATIONS.len() && l.starts_with(c.2));
            let missing: Vec<_> =
                want.iter().filter(|l| !l.starts_with("version: ") && !got.contains(l) && !changed(l)).collect();
            assert!(missing.is_empty(), "from {start:?}: changed or gone {missing:#?}");
            for c in CHANGED_LATER.iter().filter(|c| c.0 <= schema::MIGRATIONS.len()) {
                assert!(
                    got.iter().any(|l| l.starts_with(c.2) && l.contains(c.3)),
                    "from {start:?}: migration {} left no {}…{}",
                    c.0,
                    c.2,
                    c.3
                );
            }
        }
    }
}
