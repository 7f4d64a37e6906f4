//! How a terminal reaches the hall's PostgreSQL server (issue 17 §6, §8).
//!
//! - **TLS with the server checked.** `paths.database` may carry libpq's
//!   `sslmode=verify-full&sslrootcert=/etc/certdesk/hall-ca.pem`: the connection is then
//!   encrypted (rustls, through `tokio-postgres-rustls`), the server's certificate must chain to
//!   a CA in that file and name the host the URL gives (a DNS name or an IP address). A server
//!   that offers no TLS, or whose certificate fails either check, is refused with a
//!   Chinese-first error — a settings or security problem, never an "unavailable" outage that a
//!   terminal would wait out. `sslmode=require` and `verify-ca` are refused: they would encrypt
//!   without checking who answers. Without `sslmode` (or with `disable`/`prefer`) the
//!   connection is plain text, as before (loopback, the hall's own cable).
//! - **A bounded connection attempt.** The client's own `connect_timeout` covers only the TCP
//!   connect: a server that accepts and then never answers its start-up would hold the
//!   terminal for ever. Each attempt runs on its own thread and is given up after
//!   `Timeouts::db_connect`; an attempt still hanging is not doubled by the next one (the next
//!   call waits on the same attempt, and adopts its connection should it succeed late), so a
//!   silent server costs one blocked thread, not one per retry.
//! - **Dead peers found.** TCP keepalives (idle 10 s, every 5 s, 3 probes) and
//!   `tcp_user_timeout` bound how long a connection whose server vanished mid-statement stays
//!   open; the server cancels a statement after `Timeouts::db_statement`
//!   (`statement_timeout`, sent with the session options in `db.rs`).

use super::{Result, StoreError};
use certdesk_domain::timeouts::Timeouts;
use percent_encoding::{percent_decode_str, utf8_percent_encode, NON_ALPHANUMERIC};
use postgres::config::Host;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;
use tokio_postgres_rustls::MakeRustlsConnect;

/// What a URL asks of the connection's security.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsMode {
    /// No TLS (no `sslmode`, or `disable`/`prefer`: plain text).
    Plain,
    /// `sslmode=verify-full`: TLS, the certificate checked against the CA file and the host.
    VerifyFull {
        /// The CA file the server's certificate must chain to (`sslrootcert`).
        root: PathBuf,
    },
}

/// Split libpq's TLS parameters (`sslmode`, `sslrootcert`) off a `postgres://` URL: the URL the
/// client parses (it knows neither `verify-full` nor `sslrootcert`) and what they asked for.
pub fn split_tls(url: &str) -> Result<(String, TlsMode)> {
    let Some((base, query)) = url.split_once('?') else { return Ok((url.to_string(), TlsMode::Plain)) };
    let mut kept = vec![];
    let (mut mode, mut root) = (None::<String>, None::<PathBuf>);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "sslmode" => mode = Some(decode(v)?),
            "sslrootcert" => root = Some(PathBuf::from(decode(v)?)),
            _ => kept.push(pair),
        }
    }
    let rebuilt = |extra: Option<&str>| {
        let mut q: Vec<&str> = kept.clone();
        if let Some(e) = extra {
            q.push(e);
        }
        if q.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", q.join("&"))
        }
    };
    match mode.as_deref() {
        None if root.is_some() => Err(invalid(
            "数据库地址给了 sslrootcert 却没有 sslmode=verify-full：CA 文件不会被使用",
            "the database URL gives sslrootcert without sslmode=verify-full: the CA file would not be used",
        )),
        None => Ok((rebuilt(None), TlsMode::Plain)),
        Some(m @ ("disable" | "prefer")) => Ok((rebuilt(Some(&format!("sslmode={m}"))), TlsMode::Plain)),
        Some("verify-full") => match root {
            Some(root) => Ok((rebuilt(None), TlsMode::VerifyFull { root })),
            None => Err(invalid(
                "sslmode=verify-full 需要 sslrootcert=CA 证书文件（签发数据库服务器证书的 CA）",
                "sslmode=verify-full needs sslrootcert=FILE (the CA that signed the database server's certificate)",
            )),
        },
        Some(m @ ("require" | "verify-ca" | "allow")) => Err(invalid(
            &format!(
                "不支持 sslmode={m}：它不核对应答的是不是本大厅的服务器；请用 sslmode=verify-full 并给出 sslrootcert"
            ),
            &format!(
                "sslmode={m} is not supported: it does not check that the hall's server is the one answering; \
                 use sslmode=verify-full with sslrootcert"
            ),
        )),
        Some(m) => Err(invalid(
            &format!("无法识别的 sslmode={m}（可用：verify-full、disable）"),
            &format!("unknown sslmode={m} (use verify-full or disable)"),
        )),
    }
}

/// Whether `url` is one this terminal can connect with: it parses, its TLS settings are
/// accepted and its CA file loads (without connecting).
pub fn check_url(url: &str) -> Result<()> {
    PgConnect::from_url(url, &super::db::redact(url), &Timeouts::default()).map(|_| ())
}

/// `url` with a relative `sslrootcert` made absolute against `home` (a terminal's settings name
/// files relative to its home, whatever the working directory).
pub fn resolve_rootcert(url: &str, home: &Path) -> String {
    let Some((base, query)) = url.split_once('?') else { return url.to_string() };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some(("sslrootcert", v)) => {
                let path = PathBuf::from(percent_decode_str(v).decode_utf8_lossy().as_ref());
                if path.is_relative() {
                    let abs = home.join(path);
                    format!("sslrootcert={}", utf8_percent_encode(&abs.to_string_lossy(), NON_ALPHANUMERIC))
                } else {
                    pair.to_string()
                }
            }
            _ => pair.to_string(),
        })
        .collect();
    format!("{base}?{}", pairs.join("&"))
}

fn decode(v: &str) -> Result<String> {
    percent_decode_str(v).decode_utf8().map(|s| s.into_owned()).map_err(|e| {
        invalid(
            &format!("数据库地址的参数不是有效的 UTF-8：{e}"),
            &format!("a database URL parameter is not valid UTF-8: {e}"),
        )
    })
}

/// A settings or security error, Chinese first.
fn invalid(zh: &str, en: &str) -> StoreError {
    StoreError::Invalid(format!("{zh} / {en}"))
}

/// How this terminal connects: the client's settings, the TLS connector when the URL asks for
/// `verify-full`, and the bound on one attempt.
pub(crate) struct PgConnect {
    pub(crate) config: postgres::Config,
    tls: Option<(MakeRustlsConnect, PathBuf)>,
    timeout: Duration,
    /// An attempt that outlived its deadline and still runs on its thread.
    pending: Mutex<Option<mpsc::Receiver<std::result::Result<postgres::Client, postgres::Error>>>>,
}

impl Clone for PgConnect {
    /// The same settings; an attempt still pending stays with the original.
    fn clone(&self) -> PgConnect {
        PgConnect {
            config: self.config.clone(),
            tls: self.tls.clone(),
            timeout: self.timeout,
            pending: Mutex::new(None),
        }
    }
}

impl PgConnect {
    /// Parse `url` (`shown` is its redacted form, for messages) and load the CA file it names.
    pub(crate) fn from_url(url: &str, shown: &str, timeouts: &Timeouts) -> Result<PgConnect> {
        let (client_url, mode) = split_tls(url)?;
        let mut config: postgres::Config =
            client_url.parse().map_err(|e| StoreError::Invalid(format!("bad database URL {shown}: {e}")))?;
        let tls = match mode {
            TlsMode::Plain => None,
            TlsMode::VerifyFull { root } => {
                let has_tcp_host = config.get_hosts().iter().any(|h| matches!(h, Host::Tcp(_)));
                if !has_tcp_host {
                    return Err(invalid(
                        "sslmode=verify-full 需要数据库地址里有主机名或 IP 地址（证书据此核对）",
                        "sslmode=verify-full needs a host name or IP address in the database URL (the certificate is checked against it)",
                    ));
                }
                config.ssl_mode(postgres::config::SslMode::Require);
                Some((connector(&root)?, root))
            }
        };
        let mut c = PgConnect { config, tls, timeout: timeouts.db_connect, pending: Mutex::new(None) };
        c.set_timeouts(timeouts);
        Ok(c)
    }

    /// Use `timeouts` for the next attempts: the bound on one attempt, and the TCP settings that
    /// find a vanished peer (`db_statement`: a connection whose server went silent
    /// mid-statement is declared lost within about that long).
    pub(crate) fn set_timeouts(&mut self, timeouts: &Timeouts) {
        self.timeout = timeouts.db_connect;
        self.config.connect_timeout(timeouts.db_connect);
        self.config
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(10))
            .keepalives_interval(Duration::from_secs(5))
            .keepalives_retries(3)
            .tcp_user_timeout(timeouts.db_statement);
    }

    /// One connection attempt, bounded by `Timeouts::db_connect` as a whole.
    pub(crate) fn connect(&self, shown: &str) -> Result<postgres::Client> {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        // An earlier attempt that hung past its deadline: take its outcome if it has one now;
        // if it is still hanging, wait on it again rather than open a second socket.
        let rx = match pending.take() {
            Some(rx) => match rx.try_recv() {
                Ok(Ok(client)) => return Ok(client),
                Ok(Err(_)) | Err(mpsc::TryRecvError::Disconnected) => self.spawn(),
                Err(mpsc::TryRecvError::Empty) => rx,
            },
            None => self.spawn(),
        };
        match rx.recv_timeout(self.timeout) {
            Ok(r) => r.map_err(|e| self.classify(e, shown)),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                *pending = Some(rx);
                Err(StoreError::Unavailable(format!(
                    "{shown}: no answer within {} ms (the server accepted the connection or did not, but did not complete the start-up)",
                    self.timeout.as_millis()
                )))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(StoreError::Unavailable(format!("{shown}: the connection attempt ended without a result")))
            }
        }
    }

    fn spawn(&self) -> mpsc::Receiver<std::result::Result<postgres::Client, postgres::Error>> {
        let (tx, rx) = mpsc::channel();
        let config = self.config.clone();
        let tls = self.tls.as_ref().map(|(t, _)| t.clone());
        // Should no thread be had (resources exhausted), the closure and its sender are dropped:
        // the caller reads an attempt that ended without a result.
        let _ = std::thread::Builder::new().name("certdesk-pg-connect".into()).spawn(move || {
            let r = match tls {
                Some(t) => config.connect(t),
                None => config.connect(postgres::NoTls),
            };
            // The caller may have given up on this attempt: then nobody receives, and a
            // connection made late is closed by its drop.
            let _ = tx.send(r);
        });
        rx
    }

    /// A failed attempt: a TLS refusal is a settings or security error with its reason;
    /// anything else is classified as every PostgreSQL error is.
    fn classify(&self, e: postgres::Error, shown: &str) -> StoreError {
        match &self.tls {
            Some((_, root)) => tls_refusal(&e, &self.host(), root).unwrap_or_else(|| super::db::pg_error(e, shown)),
            None => super::db::pg_error(e, shown),
        }
    }

    fn host(&self) -> String {
        self.config
            .get_hosts()
            .iter()
            .find_map(|h| match h {
                Host::Tcp(h) => Some(h.clone()),
                _ => None,
            })
            .unwrap_or_default()
    }
}

/// The rustls connector trusting exactly the certificates in `root` (PEM).
fn connector(root: &Path) -> Result<MakeRustlsConnect> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    let shown = root.display();
    let bytes = std::fs::read(root).map_err(|e| {
        invalid(
            &format!("读不了 CA 证书文件 {shown}（sslrootcert）：{e}"),
            &format!("cannot read the CA file {shown} (sslrootcert): {e}"),
        )
    })?;
    let certs: std::result::Result<Vec<CertificateDer<'static>>, _> = CertificateDer::pem_slice_iter(&bytes).collect();
    let certs = certs.map_err(|e| {
        invalid(
            &format!("CA 证书文件 {shown} 不是有效的 PEM 证书：{e:?}"),
            &format!("the CA file {shown} is not a valid PEM certificate: {e:?}"),
        )
    })?;
    let mut roots = rustls::RootCertStore::empty();
    let (added, _ignored) = roots.add_parsable_certificates(certs);
    if added == 0 {
        return Err(invalid(
            &format!("CA 证书文件 {shown} 里没有可用的证书"),
            &format!("the CA file {shown} holds no usable certificate"),
        ));
    }
    // ring's provider is deprecated in rustls 0.23.48 only for lacking post-quantum key
    // exchange, which PostgreSQL servers do not offer either; aws-lc-rs (which has it) needs
    // cmake and a C toolchain on every build machine.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| StoreError::Invalid(format!("TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

/// Why a `verify-full` connection was refused, Chinese first; `None` for a failure that is not
/// TLS's (the server went away mid-handshake: an outage like any other).
fn tls_refusal(e: &postgres::Error, host: &str, root: &Path) -> Option<StoreError> {
    if !e.to_string().starts_with("error performing TLS handshake") {
        return None;
    }
    let mut source = std::error::Error::source(e);
    let mut rustls_error = None;
    let mut plain = false;
    while let Some(s) = source {
        if let Some(r) = s.downcast_ref::<rustls::Error>() {
            rustls_error = Some(r.clone());
        } else if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if let Some(r) = io.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
                rustls_error = Some(r.clone());
            }
        }
        if s.to_string().contains("server does not support TLS") {
            plain = true;
        }
        source = s.source();
    }
    if plain {
        return Some(invalid(
            &format!("数据库服务器 {host} 不提供加密连接（TLS），而本终端要求 sslmode=verify-full：拒绝以明文连接"),
            &format!(
                "the database server {host} does not offer TLS and this terminal requires it (sslmode=verify-full): \
                 it will not connect in plain text"
            ),
        ));
    }
    use rustls::CertificateError as C;
    let ca = root.display();
    Some(match rustls_error? {
        rustls::Error::InvalidCertificate(C::NotValidForName | C::NotValidForNameContext { .. }) => invalid(
            &format!("数据库服务器的证书不是签给 {host} 的（sslmode=verify-full 核对主机名）：拒绝连接"),
            &format!("the database server's certificate is not for {host} (sslmode=verify-full checks the host): connection refused"),
        ),
        rustls::Error::InvalidCertificate(C::UnknownIssuer | C::BadSignature) => invalid(
            &format!("数据库服务器 {host} 的证书不是由 sslrootcert 给出的 CA（{ca}）签发的：拒绝连接"),
            &format!("the certificate of the database server {host} is not signed by the CA in sslrootcert ({ca}): connection refused"),
        ),
        rustls::Error::InvalidCertificate(
            C::Expired | C::ExpiredContext { .. } | C::NotValidYet | C::NotValidYetContext { .. },
        ) => invalid(
            &format!("数据库服务器 {host} 的证书已过期或尚未生效：拒绝连接"),
            &format!("the certificate of the database server {host} has expired or is not yet valid: connection refused"),
        ),
        other => invalid(
            &format!("与数据库服务器 {host} 的 TLS 握手失败：{other}"),
            &format!("the TLS handshake with the database server {host} failed: {other}"),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_parameters_are_split_off_and_checked() {
        let (u, m) =
            split_tls("postgres://a@h/db?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&options=-cx%3Dy").unwrap();
        assert_eq!(u, "postgres://a@h/db?options=-cx%3Dy");
        assert_eq!(m, TlsMode::VerifyFull { root: "/etc/ca.pem".into() });
        assert_eq!(split_tls("postgres://a@h/db").unwrap(), ("postgres://a@h/db".into(), TlsMode::Plain));
        assert_eq!(split_tls("postgres://a@h/db?sslmode=disable").unwrap().1, TlsMode::Plain);
        for bad in [
            "postgres://a@h/db?sslmode=verify-full",
            "postgres://a@h/db?sslmode=require",
            "postgres://a@h/db?sslmode=verify-ca&sslrootcert=/x",
            "postgres://a@h/db?sslmode=bogus",
            "postgres://a@h/db?sslrootcert=/x",
            "postgres://a@h/db?sslmode=%FF",
        ] {
            let e = split_tls(bad).unwrap_err().to_string();
            assert!(e.contains(" / ") && !e.is_ascii(), "Chinese first, then English: {bad}: {e}");
        }
    }

    #[test]
    fn a_relative_ca_file_is_the_homes() {
        let u =
            resolve_rootcert("postgres://a@h/db?sslmode=verify-full&sslrootcert=keys%2Fca.pem", Path::new("/srv/home"));
        assert_eq!(split_tls(&u).unwrap().1, TlsMode::VerifyFull { root: "/srv/home/keys/ca.pem".into() });
        let abs = "postgres://a@h/db?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem";
        assert_eq!(resolve_rootcert(abs, Path::new("/srv/home")), abs);
    }

    #[test]
    fn a_missing_or_garbage_ca_file_is_refused_before_connecting() {
        let dir = tempfile::tempdir().unwrap();
        let t = Timeouts::short();
        let missing = dir.path().join("none.pem");
        let url = |p: &Path| format!("postgres://a@127.0.0.1:1/db?sslmode=verify-full&sslrootcert={}", p.display());
        let e = PgConnect::from_url(&url(&missing), "x", &t).err().unwrap().to_string();
        assert!(e.starts_with("读不了 CA 证书文件"), "{e}");
        let garbage = dir.path().join("garbage.pem");
        std::fs::write(&garbage, "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n").unwrap();
        assert!(PgConnect::from_url(&url(&garbage), "x", &t).is_err());
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "no certificate here\n").unwrap();
        let e = PgConnect::from_url(&url(&empty), "x", &t).err().unwrap().to_string();
        assert!(e.contains("没有可用的证书"), "{e}");
    }

    /// A listener on 127.0.0.1 that accepts connections and never says a word: each accepted
    /// socket is handed to the test (kept open) through the returned channel.
    fn silent_server() -> (String, mpsc::Receiver<std::net::TcpStream>) {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("postgres://certdesk@{}/certdesk", l.local_addr().unwrap());
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for c in l.incoming().flatten() {
                if tx.send(c).is_err() {
                    return;
                }
            }
        });
        (url, rx)
    }

    #[test]
    fn a_server_that_accepts_and_never_answers_is_given_up_and_not_dialled_twice() {
        let (url, accepted) = silent_server();
        let t = Timeouts { db_connect: Duration::from_millis(300), ..Timeouts::short() };
        let c = PgConnect::from_url(&url, "silent", &t).unwrap();
        let start = std::time::Instant::now();
        let e = c.connect("silent").err().expect("a silent server must not give a connection");
        assert!(e.is_unavailable(), "an outage, waited out like one: {e}");
        assert!(start.elapsed() < Duration::from_secs(3), "given up after {:?}", start.elapsed());
        let first = accepted.recv_timeout(Duration::from_secs(5)).expect("the server accepted the connection");
        // The next attempt waits on the one still hanging instead of opening a second socket.
        assert!(c.connect("silent").err().expect("still silent").is_unavailable());
        assert!(accepted.try_recv().is_err(), "a second socket was opened while the first attempt hung");
        // The server closes that socket: the hung attempt ends, and the next one dials anew.
        drop(first);
        assert!(c.connect("silent").is_err());
        let again = crate::testkit::poll_until(Duration::from_secs(10), || {
            let _ = c.connect("silent");
            accepted.try_recv().ok()
        });
        assert!(again.is_some(), "a new attempt once the hung one ended");
    }

    #[test]
    fn statements_are_cancelled_after_the_settings_statement_timeout() {
        let Some(url) = crate::testkit::pg::fresh_url("pg_statement_timeout") else { return };
        let t = Timeouts { db_statement: Duration::from_millis(300), ..Timeouts::short() };
        let mut db = super::super::db::Db::connect_pg(&url, &t).unwrap();
        let start = std::time::Instant::now();
        let e = db.value::<String>("SELECT pg_sleep(10)::text", super::super::db::p![]).unwrap_err();
        assert!(start.elapsed() < Duration::from_secs(5), "cancelled after {:?}", start.elapsed());
        match &e {
            StoreError::Postgres(pe) => assert_eq!(pe.code(), Some(&postgres::error::SqlState::QUERY_CANCELED), "{e}"),
            other => panic!("{other:?}"),
        }
        // Changed settings reach the open session (and every reconnection).
        db.set_timeouts(&Timeouts { db_statement: Duration::from_secs(7), ..t }).unwrap();
        let shown: String = db.value("SELECT current_setting('statement_timeout')", super::super::db::p![]).unwrap();
        assert_eq!(shown, "7s");
        assert!(db.value::<String>("SELECT pg_sleep(0.4)::text", super::super::db::p![]).is_ok());
    }
}
