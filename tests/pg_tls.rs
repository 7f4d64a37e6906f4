//! TLS to the hall's PostgreSQL server (issue 17 §6): `sslmode=verify-full` with the CA file in
//! `paths.database` (`sslrootcert`). Real parts only: a private cluster switched to `ssl = on`
//! with a CA and a server certificate made here (rcgen), the shared test server (plain text)
//! for the refusal, and the real binary for a station's start.

mod support;

use certdesk::home::Home;
use certdesk::store::{Location, OpenCheck, Store, StoreError};
use certdesk_testkit::{now, pg, poll_until};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use std::path::Path;
use std::time::Duration;

/// A CA: its PEM certificate and an issuer to sign server certificates with.
fn ca(name: &str) -> (String, Issuer<'static, KeyPair>) {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    let cert = params.self_signed(&key).unwrap();
    (cert.pem(), Issuer::new(params, key))
}

/// A server certificate for `names` (DNS names or IP addresses) signed by `issuer`: (cert, key).
fn server_cert(names: &[&str], issuer: &Issuer<'static, KeyPair>) -> (String, String) {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
    params.distinguished_name.push(DnType::CommonName, names[0]);
    let cert = params.signed_by(&key, issuer).unwrap();
    (cert.pem(), key.serialize_pem())
}

/// `url` (`postgres://user@127.0.0.1:PORT/db...`) asking for verify-full against `ca`.
fn verify_full(url: &str, ca: &Path) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}sslmode=verify-full&sslrootcert={}", ca.display())
}

fn refusal(loc: &Location) -> String {
    match Store::open_at(loc, OpenCheck::Skip) {
        Ok(_) => panic!("connected to {}", loc.shown()),
        Err(e) => {
            assert!(
                matches!(e, StoreError::Invalid(_)),
                "a refusal is a settings error, not an outage to wait out: {e:?}"
            );
            e.to_string()
        }
    }
}

/// One private cluster with TLS on, its CA file and a second (unrelated) CA's file.
struct TlsServer {
    cluster: pg::Cluster,
    dir: tempfile::TempDir,
}

impl TlsServer {
    fn start() -> Option<TlsServer> {
        let cluster = pg::Cluster::start()?;
        let dir = tempfile::tempdir().unwrap();
        let (ca_pem, issuer) = ca("certdesk hall test CA");
        let (other_pem, _) = ca("someone else's CA");
        std::fs::write(dir.path().join("ca.pem"), &ca_pem).unwrap();
        std::fs::write(dir.path().join("other-ca.pem"), &other_pem).unwrap();
        let (cert, key) = server_cert(&["127.0.0.1"], &issuer);
        cluster.enable_tls(&cert, &key);
        let s = TlsServer { cluster, dir };
        // The reload is the server's to finish: wait until a verify-full connection succeeds.
        let loc = Location::Postgres(verify_full(&s.cluster.url(), &s.ca()));
        poll_until(Duration::from_secs(20), || Store::open_at(&loc, OpenCheck::Skip).ok())
            .unwrap_or_else(|| panic!("the cluster never took TLS: {:?}", Store::open_at(&loc, OpenCheck::Skip).err()));
        Some(s)
    }

    fn ca(&self) -> std::path::PathBuf {
        self.dir.path().join("ca.pem")
    }
}

/// With `verify-full` and the right CA the terminal connects, works (the schema is created,
/// a staff member written and read back) and its session is encrypted; without TLS
/// parameters the same server is still reached in plain text (nothing changed for halls that
/// do not ask).
#[test]
fn verify_full_connects_encrypted_and_works() {
    let Some(s) = TlsServer::start() else { return };
    let url = verify_full(&s.cluster.fresh_url("tls_ok"), &s.ca());
    let store = Store::open_at(&Location::Postgres(url), OpenCheck::Skip).unwrap();
    store.staff().add("0007", "王芳", "246810", certdesk::store::Role::Clerk).unwrap();
    assert!(store.staff().get("0007").unwrap().is_some());
    let mut admin = pg::connect(&s.cluster.url()).unwrap();
    let encrypted: i64 = admin
        .query_one(
            "SELECT count(*) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) \
             WHERE ssl AND application_name = 'certdesk'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(encrypted >= 1, "the certdesk session is encrypted");
    let plain: i64 = admin
        .query_one(
            "SELECT count(*) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) \
             WHERE NOT ssl AND application_name = 'certdesk'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(plain, 0, "no certdesk session went in plain text");
    drop(store);
    Store::open_at(&Location::Postgres(s.cluster.fresh_url("tls_plain_ok")), OpenCheck::Skip).unwrap();
}

/// A terminal told to require TLS refuses a server that offers none (the tests' shared server
/// runs without TLS), with a Chinese-first reason.
#[test]
fn a_plain_text_server_is_refused() {
    let Some(base) = pg::server_url() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (ca_pem, _) = ca("hall CA");
    std::fs::write(dir.path().join("ca.pem"), ca_pem).unwrap();
    let e = refusal(&Location::Postgres(verify_full(&base, &dir.path().join("ca.pem"))));
    assert!(e.starts_with("数据库服务器 127.0.0.1 不提供加密连接（TLS）"), "{e}");
    assert!(e.contains("will not connect in plain text"), "{e}");
}

/// A certificate for another host (the URL names `db.other-hall.test`, reached at 127.0.0.1
/// through `hostaddr`; the certificate is for 127.0.0.1) and a certificate from another CA are
/// refused, each with its reason.
#[test]
fn a_wrong_host_or_a_wrong_ca_is_refused() {
    let Some(s) = TlsServer::start() else { return };
    let port = s.cluster.port();
    let other_host = format!("postgres://postgres@db.other-hall.test:{port}/postgres?hostaddr=127.0.0.1");
    let e = refusal(&Location::Postgres(verify_full(&other_host, &s.ca())));
    assert!(e.starts_with("数据库服务器的证书不是签给 db.other-hall.test 的"), "{e}");
    let e = refusal(&Location::Postgres(verify_full(&s.cluster.url(), &s.dir.path().join("other-ca.pem"))));
    assert!(e.starts_with("数据库服务器 127.0.0.1 的证书不是由 sslrootcert 给出的 CA"), "{e}");
    // A CA file that is not a certificate, and one that is missing: refused before connecting.
    let garbage = s.dir.path().join("garbage.pem");
    std::fs::write(&garbage, "\u{0}\u{1}not a pem at all\n-----BEGIN CERTIFICATE-----\n%%%\n").unwrap();
    assert!(Store::open_at(&Location::Postgres(verify_full(&s.cluster.url(), &garbage)), OpenCheck::Skip).is_err());
    let e = refusal(&Location::Postgres(verify_full(&s.cluster.url(), &s.dir.path().join("missing.pem"))));
    assert!(e.starts_with("读不了 CA 证书文件"), "{e}");
}

/// The real binary: a station whose `paths.database` asks for verify-full with a CA file named
/// relative to its home works against the TLS server, and stops with the Chinese-first reason
/// (exit status non-zero) against a plain-text one.
#[test]
fn a_station_uses_the_ca_file_in_its_home_and_refuses_plain_text() {
    let Some(s) = TlsServer::start() else { return };
    let Some(plain) = pg::server_url() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let home = |name: &str, url: &str| {
        let dir = tmp.path().join(name);
        std::fs::create_dir_all(dir.join("keys")).unwrap();
        std::fs::copy(s.ca(), dir.join("keys/hall-ca.pem")).unwrap();
        let sep = if url.contains('?') { '&' } else { '?' };
        let url = format!("{url}{sep}sslmode=verify-full&sslrootcert=keys%2Fhall-ca.pem");
        std::fs::write(dir.join("certdesk.toml"), format!("[paths]\ndatabase = {url:?}\n")).unwrap();
        dir
    };
    let good = home("good", &s.cluster.fresh_url("tls_station"));
    Home::init(&good, now().date()).unwrap();
    let o = support::certdesk_ok(&good, &["audit", "verify"]);
    assert!(o.status.success());
    support::certdesk_ok(&good, &["jobs", "list"]);
    let bad = home("bad", &pg::fresh_schema(&plain, "tls_station_plain").unwrap());
    let o = support::certdesk(&bad, &["jobs", "list"]);
    assert!(!o.status.success(), "a station told to require TLS must not run on a plain-text server");
    let out = support::text(&o);
    assert!(out.contains("不提供加密连接（TLS）"), "{out}");
}
