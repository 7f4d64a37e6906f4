//! A real station home for hardening tests: `certdesk init`'s layout (database, signing key,
//! audit key, trust list), one holder with a 特种作业操作证, one staff member.
#![allow(dead_code)]

use certdesk::domain::{CertId, CertKind, Certificate, Gender, Holder, Standing};
use certdesk::home::Home;
use certdesk::store::{Role, Store};
use chrono::{NaiveDate, NaiveDateTime};
use std::path::{Path, PathBuf};

pub const ID: &str = "11010519491231002X";
pub const MASKED_CERT: &str = "T110105********002X";
pub const FACTOR: &str = "8000";

pub fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

pub fn now() -> NaiveDateTime {
    d(2026, 11, 23).and_hms_opt(10, 0, 0).unwrap()
}

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
        store
            .upsert_holder(&Holder {
                id_number: ID.into(),
                name: "王秀英".into(),
                gender: Gender::Female,
                mobile: Some("13800138000".into()),
                employer: None,
                employer_code: None,
            })
            .unwrap();
        let mut c = Certificate {
            id: CertId::NEW,
            number: format!("T{ID}"),
            kind: CertKind::SpecialOperation,
            holder_id: ID.into(),
            name: "王秀英".into(),
            gender: Gender::Female,
            category: Some("电工作业".into()),
            item: Some("低压电工作业".into()),
            industry: None,
            first_issued: d(2023, 1, 4),
            valid_from: d(2023, 1, 4),
            valid_until: d(2029, 1, 3),
            review_due: Some(d(2027, 1, 3)),
            reviewed_on: None,
            issuer: "示范市应急管理局".into(),
            standing: Standing::Active,
            extended_review: false,
            seal_handle: [0; 8],
        };
        store.upsert_certificate(&mut c).unwrap();
        store.add_staff("0001", "李娜", "246810", Role::Supervisor).unwrap();
        Station { tmp, dir, cert: c.id }
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
        std::process::Command::new(env!("CARGO_BIN_EXE_certdesk"))
            .arg("--home")
            .arg(&self.dir)
            .args(args)
            .output()
            .unwrap()
    }

    pub fn actions(&self) -> Vec<(String, serde_json::Value)> {
        let s = self.store();
        let n = s.verify_audit().unwrap();
        s.audit_entries(1, n as usize).unwrap().into_iter().map(|e| (e.action, e.detail)).collect()
    }
}

pub fn text(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

/// No raw ID number outside the registry tables (holders, certificates): every column of every
/// other table, the log and the spool are scanned for the holder's ID number.
pub fn privacy_scan(store: &Store, st: &Station) {
    let found = certdesk::testkit::raw_id_outside_registry(store, ID);
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
