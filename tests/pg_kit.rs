//! The PostgreSQL test kit (issue 10, "the store's test suite runs against both backends"): fresh
//! schemas are isolated, a private cluster really goes down and comes back with its data, and a
//! run that requires PostgreSQL fails loudly when there is none instead of skipping.

use certdesk_testkit::pg;
use std::process::Command;

/// A fresh URL selects its own empty schema; another fresh URL does not see its tables.
#[test]
fn fresh_urls_select_isolated_schemas() {
    let Some(a) = pg::fresh_url("kit a") else { return };
    let b = pg::fresh_url("kit a").expect("the server answered a moment ago");
    assert_ne!(a, b, "two fresh URLs share a schema");
    let sa = pg::schema_of(&a).expect("schema in URL").to_string();
    let sb = pg::schema_of(&b).expect("schema in URL").to_string();
    assert!(sa.starts_with("t_kit_a_"), "{sa}");

    let mut ca = pg::connect(&a).unwrap();
    let cur: String = ca.query_one("SELECT current_schema()", &[]).unwrap().get(0);
    assert_eq!(cur, sa, "the URL's options did not select the schema");
    ca.batch_execute("CREATE TABLE probe (id BIGINT PRIMARY KEY, v TEXT NOT NULL); INSERT INTO probe VALUES (1, '甲')")
        .unwrap();
    // Unqualified names resolve in the selected schema only.
    let n: i64 = ca.query_one("SELECT count(*) FROM probe", &[]).unwrap().get(0);
    assert_eq!(n, 1);

    let mut cb = pg::connect(&b).unwrap();
    let cur: String = cb.query_one("SELECT current_schema()", &[]).unwrap().get(0);
    assert_eq!(cur, sb);
    let seen: Option<String> = cb.query_one("SELECT to_regclass('probe')::text", &[]).unwrap().get(0);
    assert_eq!(seen, None, "schema b sees schema a's table");
    let e = cb.batch_execute("SELECT * FROM probe").unwrap_err();
    assert_eq!(e.code(), Some(&postgres::error::SqlState::UNDEFINED_TABLE), "{e}");
}

/// A private cluster: stop cuts open connections and refuses new ones; start_again brings the same
/// data back on the same port; drop stops it for good and removes its directory.
#[test]
fn private_cluster_stops_starts_and_cleans_up() {
    let Some(cluster) = pg::Cluster::start() else { return };
    let url = cluster.fresh_url("outage");
    let mut c = pg::connect(&url).unwrap();
    c.batch_execute("CREATE TABLE jobs (serial TEXT PRIMARY KEY); INSERT INTO jobs VALUES ('K-000001')").unwrap();
    assert!(cluster.is_up());

    cluster.stop();
    assert!(!cluster.is_up(), "the server still answers after stop");
    assert!(c.query_one("SELECT 1", &[]).is_err(), "a connection survived the shutdown");
    assert!(pg::connect(&url).is_err());

    cluster.start_again();
    assert!(cluster.is_up());
    let mut c = pg::connect(&url).unwrap();
    let serial: String = c.query_one("SELECT serial FROM jobs", &[]).unwrap().get(0);
    assert_eq!(serial, "K-000001", "data lost across the restart");

    let dir = cluster.dir().to_path_buf();
    let port = cluster.port();
    assert!(dir.join("data").is_dir());
    drop(c);
    drop(cluster);
    assert!(!dir.exists(), "the cluster's directory outlived it: {}", dir.display());
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "something still listens on the dropped cluster's port {port}"
    );
}

/// Two private clusters are independent servers (own port, own data).
#[test]
fn private_clusters_are_independent() {
    let Some(one) = pg::Cluster::start() else { return };
    let two = pg::Cluster::start().expect("binaries were there a moment ago");
    assert_ne!(one.port(), two.port());
    pg::connect(&one.url()).unwrap().batch_execute("CREATE TABLE only_on_one (x INT)").unwrap();
    let seen: Option<String> =
        pg::connect(&two.url()).unwrap().query_one("SELECT to_regclass('only_on_one')::text", &[]).unwrap().get(0);
    assert_eq!(seen, None);
    one.stop();
    assert!(two.is_up(), "stopping one cluster took the other down");
}

/// The child half of the tests below: asks the kit for a URL under the environment its parent set
/// and prints what it got. Does nothing in a normal run.
#[test]
fn child_probe() {
    if std::env::var("CERTDESK_KIT_CHILD").is_err() {
        return;
    }
    match pg::fresh_url("child") {
        Some(u) => println!("KIT-RESULT some {u}"),
        None => println!("KIT-RESULT none"),
    }
}

fn run_child(envs: &[(&str, &str)]) -> (bool, String) {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["child_probe", "--exact", "--nocapture", "--test-threads=1"])
        .env("CERTDESK_KIT_CHILD", "1")
        .env_remove(pg::ENV_URL)
        .env_remove(pg::ENV_REQUIRE)
        // No server binaries: the kit must not start its own cluster either.
        .env(pg::ENV_BINDIR, "/nonexistent/postgresql/bin");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

/// A port nothing listens on: bound and released at once.
fn dead_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    format!("postgres://postgres@127.0.0.1:{port}/postgres")
}

/// CERTDESK_REQUIRE_PG=1 with no PostgreSQL: the test fails with a message that says what to do.
#[test]
fn required_but_missing_fails_loudly() {
    let (ok, text) = run_child(&[(pg::ENV_REQUIRE, "1")]);
    assert!(!ok, "a required-but-missing PostgreSQL passed:\n{text}");
    assert!(text.contains("CERTDESK_REQUIRE_PG=1 but PostgreSQL is not available"), "{text}");
    assert!(text.contains("scripts/pg-cluster"), "{text}");

    let dead = dead_url();
    let (ok, text) = run_child(&[(pg::ENV_REQUIRE, "1"), (pg::ENV_URL, &dead)]);
    assert!(!ok, "an unreachable required server passed:\n{text}");
    assert!(text.contains("does not answer"), "{text}");
}

/// Without CERTDESK_REQUIRE_PG the same situation is a skip (None), not a failure.
#[test]
fn not_required_and_missing_skips() {
    let (ok, text) = run_child(&[]);
    assert!(ok, "{text}");
    assert!(text.contains("KIT-RESULT none"), "{text}");
    let dead = dead_url();
    let (ok, text) = run_child(&[(pg::ENV_URL, &dead)]);
    assert!(ok, "{text}");
    assert!(text.contains("KIT-RESULT none"), "{text}");
}

/// With a server in CERTDESK_TEST_PG the child gets a schema URL on it.
#[test]
fn env_server_is_used() {
    let Some(base) = pg::server_url() else { return };
    let (ok, text) = run_child(&[(pg::ENV_URL, &base), (pg::ENV_REQUIRE, "1")]);
    assert!(ok, "{text}");
    assert!(text.contains(&format!("KIT-RESULT some {base}?options=-csearch_path%3Dt_child_")), "{text}");
}
