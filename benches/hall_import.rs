//! Roster import on a hall's PostgreSQL server against the embedded SQLite file (issue 10: the
//! import of a large roster was slower on PostgreSQL, one round trip per row).
//!
//! Both sides are the real `certdesk import` as a child process on the same generated roster CSV
//! (`roster::Generator`, as `benches/import.rs`), into a fresh home: a SQLite file (its
//! `synchronous=FULL`) or a fresh schema on a private PostgreSQL cluster on loopback that commits
//! durably (`testkit::pg::Cluster::start_durable`: fsync and synchronous commit on, as a
//! production server). Runs alternate (SQLite, PostgreSQL, SQLite, ...) so machine noise hits
//! both; the table gives the median wall time of each and the ratio PostgreSQL / SQLite.
//!
//! Run: `cargo bench --bench hall_import` (100,000 rows, 3 runs each side);
//! `HALL_IMPORT_ROWS=100000,1000000` and `HALL_IMPORT_RUNS=1` choose sizes and runs.
//! `--pg URL` uses that server instead of a private cluster (a fresh schema is made there).

use certdesk::home::Home;
use certdesk::roster::{csv_fields, Generator, CSV_HEADERS};
use certdesk_testkit::{pg, TempDir};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const CERTDESK: &str = env!("CARGO_BIN_EXE_certdesk");

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 6).unwrap()
}

/// A roster CSV of at least `rows` certificate rows; the row count.
fn write_roster(path: &Path, rows: usize) -> usize {
    let f = std::fs::File::create(path).unwrap();
    let mut w = csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 20, f));
    w.write_record(CSV_HEADERS).unwrap();
    let mut g = Generator::new(7, today());
    let mut n = 0;
    while n < rows {
        let (h, certs) = g.next_holder();
        for c in &certs {
            w.write_record(csv_fields(&h, c)).unwrap();
            n += 1;
        }
    }
    w.flush().unwrap();
    n
}

/// A fresh home whose database is `database` (a file name or a URL).
fn home(dir: &Path, database: &str) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("certdesk.toml"), format!("[paths]\ndatabase = {database:?}\n")).unwrap();
    Home::init(dir, today()).unwrap();
    dir.to_path_buf()
}

/// `certdesk import` of `csv` into `home`: its wall time.
fn import(home: &Path, csv: &Path) -> Duration {
    let t = Instant::now();
    let out = Command::new(CERTDESK).arg("--home").arg(home).arg("import").arg(csv).output().unwrap();
    let dt = t.elapsed();
    assert!(
        out.status.success(),
        "import into {}: {}\n{}",
        home.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    dt
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // `cargo bench` passes `--bench`; a filter that is not ours means another bench was asked for.
    if args.iter().skip(1).any(|a| !a.starts_with("--") && !a.starts_with("postgres")) {
        return;
    }
    let pg_arg = args.iter().position(|a| a == "--pg").and_then(|i| args.get(i + 1)).cloned();
    let sizes: Vec<usize> = std::env::var("HALL_IMPORT_ROWS")
        .unwrap_or_else(|_| "100000".into())
        .split(',')
        .map(|s| s.trim().parse().expect("HALL_IMPORT_ROWS: row counts, comma-separated"))
        .collect();
    let runs: usize = std::env::var("HALL_IMPORT_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    let cluster;
    let base = match pg_arg {
        Some(u) => u,
        None => {
            cluster = pg::Cluster::start_durable().expect("a private PostgreSQL cluster (initdb, pg_ctl)");
            cluster.url()
        }
    };
    let tmp = TempDir::new();
    eprintln!("rows        SQLite (s)   PostgreSQL (s)   PG / SQLite   ({runs} runs each, medians)");
    for &rows in &sizes {
        let csv = tmp.path().join(format!("roster-{rows}.csv"));
        let n = write_roster(&csv, rows);
        let (mut lite, mut post) = (Vec::new(), Vec::new());
        for run in 0..runs {
            let h = home(&tmp.path().join("lite"), "certdesk.db");
            lite.push(import(&h, &csv));
            let url = pg::fresh_schema(&base, &format!("hall_import_{rows}_{run}")).expect("a fresh schema");
            let h = home(&tmp.path().join("pg"), &url);
            post.push(import(&h, &csv));
            eprintln!(
                "  run {run}: SQLite {:.2} s, PostgreSQL {:.2} s",
                lite[run].as_secs_f64(),
                post[run].as_secs_f64()
            );
        }
        let (l, p) = (median(lite), median(post));
        eprintln!(
            "{n:<11} {:>10.2}   {:>14.2}   {:>10.2}x   ({:.0} vs {:.0} rows/s)",
            l.as_secs_f64(),
            p.as_secs_f64(),
            p.as_secs_f64() / l.as_secs_f64(),
            n as f64 / l.as_secs_f64(),
            n as f64 / p.as_secs_f64()
        );
    }
}
