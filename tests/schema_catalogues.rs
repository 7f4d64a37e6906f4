//! Both backends' schemas, compared from the databases' own catalogues (issue 14 item 4). The
//! migrations are written once and rendered per dialect (crates/store/src/store/schema.rs); this
//! checks that the two renderings describe the same database: same tables, same columns in the
//! same order with the same type (SQLite INTEGER = PostgreSQL bigint, TEXT = text, BLOB = bytea),
//! NOT NULL and default; the same primary keys, foreign keys and unique constraints; the same
//! named indexes (unique or not, columns, partial or not). What may differ by design is listed
//! in `ALLOWED` with the reason. Not compared: CHECK constraints (migration 9 spells them
//! differently on purpose: see schema.rs) and index predicates' text, which each backend prints
//! in its own way (tests/schema_history.rs holds each backend to its shipped text).

use certdesk::store::{Location, OpenCheck, Store};
use certdesk_testkit::pg;
use std::collections::{BTreeMap, BTreeSet};

/// A column as both catalogues can describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Col {
    name: String,
    ty: String,
    not_null: bool,
    default: Option<String>,
}

/// A named index: unique or not, its columns, partial or not.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Index {
    unique: bool,
    columns: Vec<String>,
    partial: bool,
}

/// A foreign key: columns, referenced table, referenced columns.
type Fk = (Vec<String>, String, Vec<String>);

/// One table as both catalogues can describe it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Table {
    columns: Vec<Col>,
    primary_key: Vec<String>,
    foreign_keys: BTreeSet<Fk>,
    uniques: BTreeSet<Vec<String>>,
    indexes: BTreeMap<String, Index>,
}

/// The declared type, in the store's mapping (store/db.rs): what one backend's type is on the
/// other. Anything else is kept as it is, so that it shows as a difference.
fn ty(t: &str) -> String {
    match t.to_ascii_lowercase().as_str() {
        "integer" | "bigint" => "integer (sqlite INTEGER, postgres bigint)".into(),
        "text" => "text".into(),
        "blob" | "bytea" => "bytes (sqlite BLOB, postgres bytea)".into(),
        other => other.into(),
    }
}

/// A default as written, without PostgreSQL's casts of literals.
fn default(d: Option<String>) -> Option<String> {
    d.map(|d| d.replace("::text", "").replace("::bigint", ""))
}

fn sqlite_catalogue(store: &Store) -> BTreeMap<String, Table> {
    let c = store.conn();
    let strings = |sql: &str, arg: &str| -> Vec<String> {
        let mut st = c.prepare(sql).unwrap();
        st.query_map([arg], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let mut st = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    let names: Vec<String> = st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    let mut out = BTreeMap::new();
    for t in names {
        let mut table = Table::default();
        let mut st = c
            .prepare("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1) ORDER BY cid")
            .unwrap();
        let mut pk: Vec<(i64, String)> = Vec::new();
        table.columns = st
            .query_map([&t], |r| {
                let name: String = r.get(0)?;
                let declared: String = r.get(1)?;
                let pk_at: i64 = r.get(4)?;
                if pk_at > 0 {
                    pk.push((pk_at, name.clone()));
                }
                // A PRIMARY KEY column is never NULL (an INTEGER PRIMARY KEY is the rowid), though
                // SQLite's catalogue says 0 unless NOT NULL was written.
                let nn: i64 = r.get(2)?;
                Ok(Col { name, ty: ty(&declared), not_null: nn != 0 || pk_at != 0, default: default(r.get(3)?) })
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        pk.sort();
        table.primary_key = pk.into_iter().map(|(_, n)| n).collect();
        let mut st = c
            .prepare("SELECT id, \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(?1) ORDER BY id, seq")
            .unwrap();
        let mut fks: BTreeMap<i64, Fk> = BTreeMap::new();
        for row in st
            .query_map([&t], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get(3)?)))
            .unwrap()
        {
            let (id, from, to_table, to): (i64, String, String, Option<String>) = row.unwrap();
            let fk = fks.entry(id).or_insert_with(|| (Vec::new(), to_table, Vec::new()));
            fk.0.push(from);
            fk.2.push(to.unwrap_or_default());
        }
        table.foreign_keys = fks.into_values().collect();
        let mut st = c.prepare("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1)").unwrap();
        let list: Vec<(String, bool, String, bool)> = st
            .query_map([&t], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (name, unique, origin, partial) in list {
            let columns = strings("SELECT name FROM pragma_index_info(?1) ORDER BY seqno", &name);
            match origin.as_str() {
                "u" => {
                    table.uniques.insert(columns);
                }
                "c" => {
                    table.indexes.insert(name, Index { unique, columns, partial });
                }
                _ => {} // "pk": the primary key, compared above
            }
        }
        out.insert(t, table);
    }
    out
}

fn postgres_catalogue(url: &str) -> BTreeMap<String, Table> {
    let schema = pg::schema_of(url).expect("a schema URL").to_string();
    let mut c = pg::connect(url).unwrap();
    let mut out: BTreeMap<String, Table> = BTreeMap::new();
    let rows = c
        .query(
            "SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_nullable::text, \
                    c.column_default::text \
             FROM information_schema.columns c JOIN information_schema.tables t \
               ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
             WHERE c.table_schema = $1 AND t.table_type = 'BASE TABLE' \
             ORDER BY c.table_name, c.ordinal_position",
            &[&schema],
        )
        .unwrap();
    for r in rows {
        let (t, name, declared, nullable): (String, String, String, String) = (r.get(0), r.get(1), r.get(2), r.get(3));
        let col = Col { name, ty: ty(&declared), not_null: nullable == "NO", default: default(r.get(4)) };
        out.entry(t).or_default().columns.push(col);
    }
    // Constraints with their column lists in key order.
    let cols = "ARRAY(SELECT a.attname::text FROM unnest(%K) WITH ORDINALITY k(n, i) \
                JOIN pg_attribute a ON a.attrelid = %R AND a.attnum = k.n ORDER BY k.i)";
    let rows = c
        .query(
            &format!(
                "SELECT r.relname::text, c.contype::text, {}, coalesce(f.relname::text, ''), \
                        coalesce({}, ARRAY[]::text[]) \
                 FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid \
                 JOIN pg_namespace n ON n.oid = r.relnamespace LEFT JOIN pg_class f ON f.oid = c.confrelid \
                 WHERE n.nspname = $1 AND c.contype IN ('p', 'f', 'u')",
                cols.replace("%K", "c.conkey").replace("%R", "c.conrelid"),
                cols.replace("%K", "c.confkey").replace("%R", "c.confrelid"),
            ),
            &[&schema],
        )
        .unwrap();
    for r in rows {
        let (t, kind, columns, to_table, to): (String, String, Vec<String>, String, Vec<String>) =
            (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4));
        let table = out.entry(t).or_default();
        match kind.as_str() {
            "p" => table.primary_key = columns,
            "f" => {
                table.foreign_keys.insert((columns, to_table, to));
            }
            _ => {
                table.uniques.insert(columns);
            }
        }
    }
    // Indexes that are not a constraint's.
    let rows = c
        .query(
            "SELECT r.relname::text, i.relname::text, x.indisunique, x.indpred IS NOT NULL, \
                    ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(n, o) \
                          JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n ORDER BY k.o) \
             FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class r ON r.oid = x.indrelid \
             JOIN pg_namespace n ON n.oid = r.relnamespace \
             WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            &[&schema],
        )
        .unwrap();
    for r in rows {
        let (t, name, unique, partial, columns): (String, String, bool, bool, Vec<String>) =
            (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4));
        out.entry(t).or_default().indexes.insert(name, Index { unique, columns, partial });
    }
    out
}

/// Differences by design: (table, column or "" for the whole table, why).
const ALLOWED: &[(&str, &str, &str)] = &[
    // SQLite keeps the version in PRAGMA user_version; PostgreSQL has no such slot.
    ("certdesk_schema", "", "PostgreSQL's schema version row (SQLite: PRAGMA user_version)"),
    // SQLite's implicit rowid orders a notice's items by insertion; PostgreSQL needs it spelled
    // out (schema.rs, migration 5), unique like a rowid.
    ("case_notice_items", "rowid", "PostgreSQL's explicit stand-in for SQLite's implicit rowid"),
];

#[test]
fn sqlite_and_postgresql_catalogues_match() {
    let Some(url) = pg::fresh_url("catalogues") else { return };
    let dir = tempfile::tempdir().unwrap();
    let lite = Store::open(dir.path().join("c.db")).unwrap();
    let _pg = Store::open_at(&Location::Postgres(url.clone()), OpenCheck::Skip).unwrap();
    let a = sqlite_catalogue(&lite);
    let mut b = postgres_catalogue(&url);
    // The catalogues were read, keys and indexes included.
    assert!(a.len() > 30 && a.values().all(|t| !t.columns.is_empty()), "read the SQLite catalogue: {a:?}");
    let certs = &a["certificates"];
    assert_eq!(certs.primary_key, ["id"]);
    assert!(certs.uniques.contains(&vec!["seal_handle".to_string()]), "{certs:?}");
    assert!(certs.foreign_keys.contains(&(vec!["holder_id".into()], "holders".into(), vec!["id_number".into()])));
    assert!(certs.indexes.get("certificates_active_by_valid_until").is_some_and(|i| i.partial), "{certs:?}");
    assert_eq!(a["case_checklist"].primary_key, ["case_id", "material"]);
    assert_eq!(a["desk_appointments"].columns[8].default.as_deref(), Some("'booked'"));
    // Take out what differs by design, checking that it is there (a stale entry fails too).
    for (t, c, why) in ALLOWED {
        let table = b.get_mut(*t).unwrap_or_else(|| panic!("{t} ({why}) is gone from PostgreSQL"));
        if c.is_empty() {
            b.remove(*t);
        } else {
            let before = table.columns.len();
            table.columns.retain(|col| col.name != *c);
            assert_eq!(table.columns.len() + 1, before, "{t}.{c} ({why}) is gone from PostgreSQL");
            assert!(table.uniques.remove(&vec![c.to_string()]), "{t}.{c} ({why}) is no longer unique");
        }
    }
    let mut diffs = Vec::new();
    for t in a.keys().chain(b.keys()).collect::<BTreeSet<_>>() {
        match (a.get(t), b.get(t)) {
            (Some(x), Some(y)) => {
                for i in 0..x.columns.len().max(y.columns.len()) {
                    if x.columns.get(i) != y.columns.get(i) {
                        diffs.push(format!(
                            "{t} column {i}: sqlite {:?} / postgres {:?}",
                            x.columns.get(i),
                            y.columns.get(i)
                        ));
                    }
                }
                if x.primary_key != y.primary_key {
                    diffs.push(format!("{t} primary key: sqlite {:?} / postgres {:?}", x.primary_key, y.primary_key));
                }
                if x.foreign_keys != y.foreign_keys {
                    diffs
                        .push(format!("{t} foreign keys: sqlite {:?} / postgres {:?}", x.foreign_keys, y.foreign_keys));
                }
                if x.uniques != y.uniques {
                    diffs.push(format!("{t} unique: sqlite {:?} / postgres {:?}", x.uniques, y.uniques));
                }
                if x.indexes != y.indexes {
                    diffs.push(format!("{t} indexes: sqlite {:?} / postgres {:?}", x.indexes, y.indexes));
                }
            }
            (x, _) => diffs.push(format!("{t}: only in {}", if x.is_some() { "sqlite" } else { "postgres" })),
        }
    }
    assert!(diffs.is_empty(), "{} differences:\n{}", diffs.len(), diffs.join("\n"));
}
