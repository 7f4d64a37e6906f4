//! Roster import speed and memory against the sqlite3 shell (issue 6; SPEC §7).
//!
//! The bar: `certdesk import` of a generated roster CSV within 1.25× the time of the sqlite3
//! shell loading the same CSV into the same schema (`benches/import_baseline.sh`: staging table
//! + INSERT … SELECT, same indexes, one transaction), at 100,000 and at 1,000,000 rows, and
//! peak resident memory under 150 MB at 1,000,000 rows.
//!
//! Both sides run as child processes on a fresh database made by `certdesk init` (same schema,
//! same file system); time is wall time of the child (and, beside it, its user + system CPU
//! time, which a shared machine disturbs less), peak memory its `ru_maxrss` (wait4).
//! Runs alternate (baseline, certdesk, baseline, …) so that machine noise hits both.
//!
//! - criterion: `import/100k` for both sides (10 samples).
//! - then a one-shot table at 100k and 1M rows (3 runs each side, medians), printed to stderr.
//!   `IMPORT_BENCH_ROWS=100000` limits the sizes (comma-separated), `IMPORT_BENCH_RUNS=1` the runs.
//! - `IMPORT_BENCH_PROGRESS=1`: instead of the above, the cost of the progress bar (issue 13 §3):
//!   `certdesk import` on a terminal (a pty made by util-linux `script`) drawing its bar, against
//!   the same run with `CERTDESK_PROGRESS=0`, alternating, medians of `IMPORT_BENCH_RUNS` (3).
//!
//! Needs the sqlite3 shell (Debian package `sqlite3`).

use certdesk::roster::{csv_fields, Generator, CSV_HEADERS};
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const CERTDESK: &str = env!("CARGO_BIN_EXE_certdesk");

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 6).unwrap()
}

/// Write a roster CSV of at least `rows` certificate rows (streamed; nothing kept). Returns the
/// row count.
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

/// A fresh certdesk home; returns (home, database file).
fn fresh_home(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let home = dir.join(name);
    let _ = std::fs::remove_dir_all(&home);
    let out = Command::new(CERTDESK).arg("--home").arg(&home).arg("init").output().unwrap();
    assert!(out.status.success(), "init: {}", String::from_utf8_lossy(&out.stderr));
    let db = std::fs::read_dir(&home)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "sqlite" || e == "db"))
        .expect("a database in the new home");
    (home, db)
}

/// What one child run cost.
struct Cost {
    wall: Duration,
    /// user + system CPU time: on a shared machine it moves less than wall time.
    cpu: Duration,
    /// peak resident set, bytes
    rss: u64,
}

/// Run a child to completion.
fn run(cmd: &mut Command) -> Cost {
    let t = Instant::now();
    let child = cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; `status` and `ru` are valid for writing.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    let dt = t.elapsed();
    assert_eq!(r, pid);
    assert!(libc::WIFEXITED(status), "child killed");
    let code = libc::WEXITSTATUS(status);
    assert!(code == 0, "{cmd:?} exited with {code}");
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Cost { wall: dt, cpu: tv(ru.ru_utime) + tv(ru.ru_stime), rss: ru.ru_maxrss as u64 * 1024 }
}

fn baseline(dir: &Path, csv: &Path) -> Cost {
    let (_, db) = fresh_home(dir, "baseline");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/import_baseline.sh");
    run(Command::new("sh").arg(script).arg(&db).arg(csv))
}

fn certdesk(dir: &Path, csv: &Path) -> Cost {
    let (home, _) = fresh_home(dir, "certdesk");
    run(Command::new(CERTDESK).arg("--home").arg(&home).arg("import").arg(csv))
}

/// `certdesk import` on a pty (`script -qec`), with the progress bar drawn or turned off.
fn certdesk_on_a_terminal(dir: &Path, csv: &Path, bar: bool) -> Cost {
    let (home, _) = fresh_home(dir, "certdesk-tty");
    let line = format!("'{CERTDESK}' --home '{}' import '{}'", home.display(), csv.display());
    run(Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("CERTDESK_PROGRESS", if bar { "1" } else { "0" })
        .stdin(std::process::Stdio::null()))
}

fn progress_cost(dir: &Path, sizes: &[usize]) {
    let runs: usize = std::env::var("IMPORT_BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    eprintln!("\nrows        no bar s   bar s   ratio   CPU: no bar s   bar s   ratio   (on a pty, medians of {runs})");
    for &size in sizes {
        let csv = dir.join(format!("roster-{size}.csv"));
        let n = write_roster(&csv, size);
        let (mut w0, mut w1, mut c0, mut c1) = (vec![], vec![], vec![], vec![]);
        for i in 0..runs {
            for bar in if i % 2 == 0 { [false, true] } else { [true, false] } {
                let x = certdesk_on_a_terminal(dir, &csv, bar);
                let (w, c) = if bar { (&mut w1, &mut c1) } else { (&mut w0, &mut c0) };
                w.push(x.wall.as_secs_f64());
                c.push(x.cpu.as_secs_f64());
            }
        }
        let (a, b, ca, cb) = (median(w0), median(w1), median(c0), median(c1));
        eprintln!("{n:<11} {a:<10.3} {b:<7.3} {:<7.3} {ca:<15.3} {cb:<7.3} {:.3}", b / a, cb / ca);
        let _ = std::fs::remove_file(&csv);
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn import(c: &mut Criterion) {
    if Command::new("sqlite3").arg("--version").output().is_err() {
        panic!("the sqlite3 shell is missing: apt-get install sqlite3");
    }
    let dir = tempfile::tempdir().unwrap();
    let sizes: Vec<usize> = std::env::var("IMPORT_BENCH_ROWS")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000]);

    if std::env::var("IMPORT_BENCH_PROGRESS").is_ok() {
        return progress_cost(dir.path(), &sizes);
    }
    let csv100k = dir.path().join("roster-100k.csv");
    let n100k = write_roster(&csv100k, 100_000);
    let mut g = c.benchmark_group("import");
    g.sample_size(10).sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Elements(n100k as u64));
    for (name, f) in [("sqlite3 shell baseline/100k", baseline as fn(&Path, &Path) -> _), ("certdesk/100k", certdesk)] {
        g.bench_function(name, |b| b.iter_custom(|iters| (0..iters).map(|_| f(dir.path(), &csv100k).wall).sum()));
    }
    g.finish();

    eprintln!(
        "\nrows        baseline s   certdesk s   ratio   CPU: baseline s   certdesk s   ratio   baseline peak RSS   certdesk peak RSS   certdesk rows/s"
    );
    for &size in &sizes {
        let csv = dir.path().join(format!("roster-{size}.csv"));
        let n = write_roster(&csv, size);
        let (mut tb, mut tc, mut cb, mut cc, mut mb, mut mc) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), 0u64, 0u64);
        let runs: usize = std::env::var("IMPORT_BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
        for _ in 0..runs {
            let x = baseline(dir.path(), &csv);
            tb.push(x.wall.as_secs_f64());
            cb.push(x.cpu.as_secs_f64());
            mb = mb.max(x.rss);
            let x = certdesk(dir.path(), &csv);
            tc.push(x.wall.as_secs_f64());
            cc.push(x.cpu.as_secs_f64());
            mc = mc.max(x.rss);
        }
        let (b, cd, ub, uc) = (median(tb), median(tc), median(cb), median(cc));
        eprintln!(
            "{n:<11} {b:<12.3} {cd:<12.3} {:<7.3} {ub:<17.3} {uc:<12.3} {:<7.3} {:<19} {:<19} {:.0}",
            cd / b,
            uc / ub,
            format!("{:.1} MB", mb as f64 / 1e6),
            format!("{:.1} MB", mc as f64 / 1e6),
            n as f64 / cd
        );
        let _ = std::fs::remove_file(&csv);
    }
}

criterion_group!(benches, import);
criterion_main!(benches);
