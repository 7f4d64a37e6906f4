//! PostgreSQL for tests (issue 10): a real server, never a mock.
//!
//! - [`fresh_url`]: a URL selecting a fresh, empty schema on the tests' server, so tests running in
//!   parallel never see each other's tables. The server is `$CERTDESK_TEST_PG` (CI starts one with
//!   `scripts/pg-cluster`), else a throwaway cluster this kit starts once per test process when the
//!   PostgreSQL server binaries are installed. `None` when there is no PostgreSQL at all, so a
//!   developer without it still runs the SQLite half; with `CERTDESK_REQUIRE_PG=1` (CI) that is a
//!   panic instead, so a missing server can never turn the PostgreSQL tests into silent passes.
//! - [`Cluster`]: a private server (own directory, own port) a test may stop and start again, for
//!   outage tests.
//!
//! The server refuses to run as root: as root the kit runs initdb and pg_ctl as the `postgres`
//! user (Debian's package creates it) and hands it the cluster's directory.

use std::ffi::CString;
use std::io::Write;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// The tests' server, `postgres://user@host:port/db` (no search path).
pub const ENV_URL: &str = "CERTDESK_TEST_PG";
/// `1`: PostgreSQL must be there; a test that cannot reach it fails instead of skipping.
pub const ENV_REQUIRE: &str = "CERTDESK_REQUIRE_PG";
/// The directory of initdb/pg_ctl when not Debian's `/usr/lib/postgresql/N/bin`.
pub const ENV_BINDIR: &str = "PG_BINDIR";

/// Whether this run demands PostgreSQL (`CERTDESK_REQUIRE_PG=1`).
pub fn required() -> bool {
    std::env::var(ENV_REQUIRE).is_ok_and(|v| v.trim() == "1")
}

/// No PostgreSQL: `None`, or the panic a required run gets.
fn unavailable<T>(why: &str) -> Option<T> {
    if required() {
        panic!(
            "{ENV_REQUIRE}=1 but PostgreSQL is not available: {why}. Start a server with \
             `scripts/pg-cluster start DIR` and export the {ENV_URL} it prints, or install Debian's \
             postgresql package"
        );
    }
    eprintln!("PostgreSQL not available ({why}); skipping the PostgreSQL part of this test");
    None
}

/// The server binaries (initdb, pg_ctl): `$PG_BINDIR`, else the newest `/usr/lib/postgresql/N/bin`.
pub fn bindir() -> Option<PathBuf> {
    if let Ok(d) = std::env::var(ENV_BINDIR) {
        let d = PathBuf::from(d);
        return d.join("pg_ctl").is_file().then_some(d);
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("pg_ctl").is_file().then_some((v, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, b)| b)
}

/// The tests' server URL (without a schema), found or started once per process.
pub fn server_url() -> Option<String> {
    static SERVER: OnceLock<Result<String, String>> = OnceLock::new();
    // The process-wide cluster is never dropped: its watcher stops and removes it when this
    // process exits (see `Cluster::try_start`).
    static SHARED: OnceLock<Cluster> = OnceLock::new();
    let r = SERVER.get_or_init(|| {
        if let Ok(url) = std::env::var(ENV_URL) {
            let url = url.trim().to_string();
            return match connect(&url) {
                Ok(_) => Ok(url),
                Err(e) => Err(format!("{ENV_URL}={url} does not answer: {e}")),
            };
        }
        if bindir().is_none() {
            return Err(format!("{ENV_URL} is not set and no PostgreSQL server binaries are installed"));
        }
        match Cluster::try_start() {
            Ok(c) => Ok(SHARED.get_or_init(|| c).url()),
            Err(e) => Err(format!("could not start a throwaway cluster: {e}")),
        }
    });
    match r {
        Ok(u) => Some(u.clone()),
        Err(e) => unavailable(e),
    }
}

/// A URL selecting a fresh, empty schema named after `tag` on the tests' server, or `None` when
/// there is no PostgreSQL (a panic when `CERTDESK_REQUIRE_PG=1`).
pub fn fresh_url(tag: &str) -> Option<String> {
    let base = server_url()?;
    Some(fresh_schema(&base, tag).unwrap_or_else(|e| panic!("create a test schema on {base}: {e}")))
}

/// Create a fresh schema on the server at `base` and return a URL selecting it.
pub fn fresh_schema(base: &str, tag: &str) -> Result<String, postgres::Error> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let clean: String =
        tag.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).take(30).collect();
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    // Unique across processes sharing one server (pid, counter, clock) and within 63 bytes.
    let schema = format!("t_{clean}_{}_{}_{nanos}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
    let mut c = connect(base)?;
    c.batch_execute(&format!("CREATE SCHEMA \"{schema}\""))?;
    Ok(with_search_path(base, &schema))
}

/// `url` with `options=-csearch_path=<schema>` (percent-encoded) added.
pub fn with_search_path(url: &str, schema: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-csearch_path%3D{schema}")
}

/// The schema a URL from [`fresh_url`] selects.
pub fn schema_of(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("options=-csearch_path%3D")?;
    Some(rest.split('&').next().unwrap_or(rest))
}

/// A plain connection (no TLS: loopback test servers).
pub fn connect(url: &str) -> Result<postgres::Client, postgres::Error> {
    let mut cfg: postgres::Config = url.parse()?;
    cfg.connect_timeout(Duration::from_secs(5));
    cfg.connect(postgres::NoTls)
}

/// The user the server runs as: the `postgres` user when we are root, ourselves otherwise.
fn server_user() -> Result<Option<(u32, u32)>, String> {
    // SAFETY: getuid has no preconditions.
    if unsafe { libc::getuid() } != 0 {
        return Ok(None);
    }
    let name = CString::new("postgres").expect("no NUL");
    // SAFETY: getpwnam gets a valid C string; the result is read at once, before any other
    // getpw* call (tests run in threads, but this is reached under the callers' OnceLock or by
    // one test's own cluster; a torn read would only fail the start with an error).
    let pw = unsafe { libc::getpwnam(name.as_ptr()) };
    if pw.is_null() {
        return Err("running as root and there is no `postgres` user to run the server as".into());
    }
    // SAFETY: pw is non-null and points at libc's static passwd record.
    let (uid, gid) = unsafe { ((*pw).pw_uid, (*pw).pw_gid) };
    Ok(Some((uid, gid)))
}

/// A private PostgreSQL server in its own temporary directory, listening on 127.0.0.1 on its own
/// port (unix socket in the directory), trust authentication, durability off (thrown away after).
/// Drop stops it and removes the directory; if the process dies without dropping it, a watcher
/// process does the same when it sees this process's end of a pipe close.
pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    user: Option<(u32, u32)>,
    /// fsync and synchronous commit on (benchmarks against SQLite's `synchronous=FULL`); off
    /// for tests, whose clusters are thrown away.
    durable: bool,
    watcher: Mutex<Option<(Child, ChildStdin)>>,
}

impl Cluster {
    /// Start a private cluster: `None` when the server binaries are missing (a panic when
    /// `CERTDESK_REQUIRE_PG=1`); a panic when they are there but the server does not start.
    pub fn start() -> Option<Cluster> {
        if bindir().is_none() {
            return unavailable("no PostgreSQL server binaries (initdb, pg_ctl) are installed");
        }
        Some(Cluster::try_start().unwrap_or_else(|e| panic!("start a PostgreSQL cluster: {e}")))
    }

    /// Start a private cluster or say why not.
    pub fn try_start() -> Result<Cluster, String> {
        Cluster::try_start_with(false)
    }

    /// A private cluster that commits durably (fsync, synchronous commit, full page writes), as
    /// a production server does: what a benchmark compares with SQLite's `synchronous=FULL`.
    pub fn start_durable() -> Result<Cluster, String> {
        Cluster::try_start_with(true)
    }

    fn try_start_with(durable: bool) -> Result<Cluster, String> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let bin = bindir().ok_or("no PostgreSQL server binaries")?;
        let user = server_user()?;
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        // Short: the unix socket path inside it must stay under 108 bytes.
        let dir = std::env::temp_dir().join(format!(
            "certdesk-pg-{}-{}-{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
        if let Some((uid, gid)) = user {
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid))
                .map_err(|e| format!("hand {} to the postgres user: {e}", dir.display()))?;
        }
        let mut c = Cluster { dir, bin, port: 0, user, durable, watcher: Mutex::new(None) };
        // The watcher first, so even a failed start is cleaned up.
        c.spawn_watcher()?;
        let data = c.data();
        c.run(Command::new(c.bin.join("initdb")).arg("-D").arg(&data).args([
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ]))?;
        let mut last = String::new();
        for _ in 0..5 {
            c.port = free_port().map_err(|e| format!("find a free port: {e}"))?;
            match c.pg_ctl_start() {
                Ok(()) => return Ok(c),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// The server's URL (database `postgres`, user `postgres`).
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A URL selecting a fresh schema on this cluster.
    pub fn fresh_url(&self, tag: &str) -> String {
        fresh_schema(&self.url(), tag).unwrap_or_else(|e| panic!("create a schema on {}: {e}", self.url()))
    }

    /// Stop the server (fast shutdown: open connections are cut, as when a server goes down).
    pub fn stop(&self) {
        let data = self.data();
        self.run(
            Command::new(self.bin.join("pg_ctl")).arg("-D").arg(&data).args(["-m", "fast", "-w", "-t", "60", "stop"]),
        )
        .unwrap_or_else(|e| panic!("stop the PostgreSQL cluster: {e}"));
    }

    /// Start the stopped server again on the same port, with its data.
    pub fn start_again(&self) {
        self.pg_ctl_start().unwrap_or_else(|e| panic!("start the PostgreSQL cluster again: {e}"));
    }

    /// Whether the server accepts connections.
    pub fn is_up(&self) -> bool {
        connect(&self.url()).is_ok()
    }

    /// Switch this server to TLS (issue 17 §6): `cert_pem` (the server's certificate, with any
    /// intermediates) and `key_pem` are written into the cluster's directory for the server's
    /// user (the key 0600, as the server demands), `ssl = on` is set and the configuration
    /// reloaded. The server takes it for the next connections: a caller polls for a TLS
    /// connection rather than assuming the reload is done.
    pub fn enable_tls(&self, cert_pem: &str, key_pem: &str) {
        use std::os::unix::fs::PermissionsExt;
        let (cert, key) = (self.dir.join("server.crt"), self.dir.join("server.key"));
        for (path, body, mode) in [(&cert, cert_pem, 0o644), (&key, key_pem, 0o600)] {
            std::fs::write(path, body).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
            if let Some((uid, gid)) = self.user {
                std::os::unix::fs::chown(path, Some(uid), Some(gid)).expect("hand the file to the server's user");
            }
        }
        let mut c = connect(&self.url()).unwrap_or_else(|e| panic!("connect to {}: {e}", self.url()));
        let q = |p: &Path| p.display().to_string().replace('\'', "''");
        // One statement at a time: ALTER SYSTEM may not run inside a (multi-statement) transaction.
        for sql in [
            format!("ALTER SYSTEM SET ssl_cert_file = '{}'", q(&cert)),
            format!("ALTER SYSTEM SET ssl_key_file = '{}'", q(&key)),
            "ALTER SYSTEM SET ssl = on".to_string(),
            "SELECT pg_reload_conf()".to_string(),
        ] {
            c.batch_execute(&sql).unwrap_or_else(|e| panic!("switch the cluster to TLS ({sql}): {e:?}"));
        }
    }

    fn pg_ctl_start(&self) -> Result<(), String> {
        let durability = if self.durable {
            "-c fsync=on -c full_page_writes=on -c synchronous_commit=on"
        } else {
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        };
        let opts = format!(
            "-c listen_addresses=127.0.0.1 -c port={} -c unix_socket_directories={} {durability} \
             -c max_connections=200",
            self.port,
            self.dir.display()
        );
        let data = self.data();
        let log = self.dir.join("server.log");
        self.run(
            Command::new(self.bin.join("pg_ctl"))
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(&log)
                .arg("-o")
                .arg(opts)
                .args(["-w", "-t", "60", "start"]),
        )
        .map_err(|e| {
            let tail = std::fs::read_to_string(&log).unwrap_or_default();
            let tail: Vec<&str> = tail.lines().rev().take(10).collect();
            format!("{e}; server log: {}", tail.into_iter().rev().collect::<Vec<_>>().join(" | "))
        })
    }

    /// Run a server tool as the server's user, in the cluster's directory; its output on failure.
    fn run(&self, cmd: &mut Command) -> Result<(), String> {
        cmd.current_dir(&self.dir).stdin(Stdio::null());
        if let Some((uid, gid)) = self.user {
            cmd.uid(uid).gid(gid);
        }
        let out = cmd.output().map_err(|e| format!("run {cmd:?}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{cmd:?} failed ({}): {} {}",
                out.status,
                String::from_utf8_lossy(&out.stdout).trim(),
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    }

    /// A process that waits for EOF on a pipe only this process holds the writing end of, then
    /// stops the server and removes the directory: a test process killed, or one whose
    /// process-wide cluster lives in a static (never dropped), leaves nothing behind. In its own
    /// process group, so a Ctrl-C to the test run does not kill it before it cleans up.
    fn spawn_watcher(&mut self) -> Result<(), String> {
        let mut cmd = Command::new("/bin/sh");
        cmd.arg("-c")
            .arg(r#"cat >/dev/null; "$0" -D "$1" -m immediate -w stop >/dev/null 2>&1; rm -rf "$2""#)
            .arg(self.bin.join("pg_ctl"))
            .arg(self.data())
            .arg(&self.dir)
            .current_dir(&self.dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0);
        if let Some((uid, gid)) = self.user {
            cmd.uid(uid).gid(gid);
        }
        let mut child = cmd.spawn().map_err(|e| format!("start the cluster's watcher: {e}"))?;
        let stdin = child.stdin.take().expect("piped stdin");
        *self.watcher.lock().unwrap_or_else(|p| p.into_inner()) = Some((child, stdin));
        Ok(())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data();
        if data.join("postmaster.pid").exists() {
            let _ = self.run(Command::new(self.bin.join("pg_ctl")).arg("-D").arg(&data).args([
                "-m",
                "immediate",
                "-w",
                "stop",
            ]));
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some((mut child, mut stdin)) = self.watcher.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = stdin.flush();
            drop(stdin);
            let _ = child.wait();
        }
    }
}

/// A loopback port nobody is bound to right now (the server's own bind decides; the caller
/// retries with another one if it lost a race).
fn free_port() -> std::io::Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0")?;
    Ok(l.local_addr()?.port())
}
