//! The integration tests' kit, on top of `certdesk_testkit` (sample holder and certificates,
//! test homes, driving a mode, rendering): what only an integration test can have, the built
//! `certdesk` binary (Cargo gives its path to integration tests only, so it cannot live in the
//! library's kit), and a real station home for the hardening tests: `certdesk init`'s layout
//! (database, signing key, audit key, trust list), the kit's sample holder with their
//! 特种作业操作证, the kit's supervisor. Use it with `mod support;`.
#![allow(dead_code, unused_imports)]

use certdesk::domain::CertId;
use certdesk::home::Home;
use certdesk::store::{Role, Store};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub mod a4;

pub use certdesk_testkit::{d, now, FACTOR, ID};
/// The sample 特种作业操作证's number as slips, jobs and the audit log show it.
pub const MASKED_CERT: &str = "T110105********002X";

// ---- the certdesk binary ------------------------------------------------------------------

/// The certdesk binary Cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_certdesk");

/// The clock every certdesk these tests start runs on: the test kit's.
pub use certdesk_testkit::{CLOCK, CLOCK_ENV};

/// The date of [`CLOCK`].
pub fn today() -> chrono::NaiveDate {
    now().date()
}

/// The certdesk binary with the tests' clock, no arguments yet.
pub fn bin() -> Command {
    let mut c = Command::new(BIN);
    c.env(CLOCK_ENV, CLOCK);
    c
}

/// `certdesk --home HOME ARGS...`, not started yet (for its own stdin, environment or limits).
pub fn command(home: &Path, args: &[&str]) -> Command {
    let mut c = bin();
    c.arg("--home").arg(home).args(args);
    c
}

/// Run `certdesk --home HOME ARGS...` to its end; its output (whatever its exit status).
pub fn certdesk(home: &Path, args: &[&str]) -> Output {
    command(home, args).output().unwrap()
}

/// As [`certdesk`], with `input` on its standard input.
pub fn certdesk_stdin(home: &Path, args: &[&str], input: &str) -> Output {
    let mut child =
        command(home, args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// As [`certdesk`], and it must succeed (the failure names the arguments and shows the output).
pub fn certdesk_ok(home: &Path, args: &[&str]) -> Output {
    let o = certdesk(home, args);
    assert!(o.status.success(), "{args:?}: {}", text(&o));
    o
}

/// What a run wrote: its standard output, then its standard error.
pub fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

/// The QR payload of the newest slip (`*.bin`, by serial) in a file printer's spool: the slip a
/// `certdesk print` just wrote there.
pub fn newest_slip_qr(spool: &Path) -> String {
    let newest = std::fs::read_dir(spool)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .max_by_key(|p| p.file_name().unwrap().to_owned())
        .unwrap();
    certdesk::slip::parse_escpos(&std::fs::read(newest).unwrap()).unwrap().qr[0].clone()
}

// ---- a station home ------------------------------------------------------------------------

pub struct Station {
    pub tmp: tempfile::TempDir,
    pub dir: PathBuf,
    pub cert: CertId,
}

impl Station {
    /// A home whose printer is `target` (e.g. `file:spool`, `tcp://127.0.0.1:PORT`).
    pub fn new(target: &str) -> Station {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("home");
        Home::init(&dir, d(2026, 11, 23)).unwrap();
        Station::configure(&dir, target);
        let store = Store::open(dir.join("certdesk.db")).unwrap();
        store.holders().upsert(&certdesk_testkit::sample_holder()).unwrap();
        let mut c = certdesk_testkit::sample_certs().remove(0);
        store.holders().upsert_certificate(&mut c).unwrap();
        let (staff, pin) = certdesk_testkit::STAFF;
        store.staff().add(staff, certdesk_testkit::STAFF_NAME, pin, Role::Supervisor).unwrap();
        Station { tmp, dir, cert: c.id }
    }

    /// A home printing slips to `file:spool` with `extra` appended to its certdesk.toml (the A4
    /// printer, the bureau), and one 危险化学品经营单位 case accepted in full today by the
    /// supervisor. Returns the station and the case's number.
    pub fn with_accepted_case(extra: &str) -> (Station, String) {
        use certdesk::domain::matters::{Matters, HAZCHEM_TRADING};
        let st = Station::new("file:spool");
        let mut cfg = std::fs::read_to_string(st.dir.join("certdesk.toml")).unwrap();
        cfg.push_str(extra);
        std::fs::write(st.dir.join("certdesk.toml"), cfg).unwrap();
        let owner = certdesk_testkit::STAFF.0;
        let (c, _) = certdesk_testkit::desk_keys::accepted_on_calendar(
            &st.store(),
            &Matters::builtin(),
            HAZCHEM_TRADING,
            owner,
            today(),
        );
        (st, c.number)
    }

    pub fn configure(dir: &Path, target: &str) {
        let cfg = format!(
            "[printer]\ntarget = \"{target}\"\ntimeout_ms = 1000\n[kiosk]\nmax_prints_per_cert_per_day = 1000\n"
        );
        std::fs::write(dir.join("certdesk.toml"), cfg).unwrap();
    }

    pub fn home(&self) -> Home {
        Home::open(&self.dir).unwrap()
    }

    pub fn db(&self) -> PathBuf {
        self.dir.join("certdesk.db")
    }

    /// The store as `certdesk` opens it (audit key attached).
    pub fn store(&self) -> Store {
        self.home().store().unwrap()
    }

    pub fn certdesk(&self, args: &[&str]) -> std::process::Output {
        certdesk(&self.dir, args)
    }

    /// `certdesk ARGS --staff STAFF --pin-stdin` with the test kit's staff member's PIN on stdin
    /// (a staff action proves who acts; issue 17 §9).
    #[allow(dead_code)]
    pub fn certdesk_as_staff(&self, args: &[&str]) -> std::process::Output {
        let (staff, pin) = certdesk_testkit::STAFF;
        let mut all = args.to_vec();
        all.extend(["--staff", staff, "--pin-stdin"]);
        certdesk_stdin(&self.dir, &all, &format!("{pin}\n"))
    }

    pub fn actions(&self) -> Vec<(String, serde_json::Value)> {
        let s = self.store();
        let n = s.audit().verify().unwrap();
        s.audit().entries(1, n as usize).unwrap().into_iter().map(|e| (e.action, e.detail)).collect()
    }
}

/// No raw ID number outside the registry tables (holders, certificates): every column of every
/// other table, the log and the spool are scanned for the holder's ID number.
pub fn privacy_scan(store: &Store, st: &Station) {
    let found = certdesk_testkit::raw_id_outside_registry(store, ID);
    assert!(found.is_empty(), "raw ID number in {found:?}");
    let mut files = vec![st.dir.join("certdesk.log")];
    if let Ok(rd) = std::fs::read_dir(st.dir.join("spool")) {
        files.extend(rd.map(|e| e.unwrap().path()));
    }
    for f in files {
        if let Ok(bytes) = std::fs::read(&f) {
            assert!(!bytes.windows(ID.len()).any(|w| w == ID.as_bytes()), "raw ID number in {}", f.display());
        }
    }
}

/// xorshift64*: reproducible from the printed seed, no extra dependency.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}
