//! `certdesk print` at a province's scale (issue 6): the command at 1,000,000 holders must take
//! at most 2× its time at 10,000 holders, both measured in this run.
//!
//! Before, every CLI command ran a full `PRAGMA integrity_check` when it opened the database
//! (6.8 s per print at 1M holders, 35 ms at 10k); now CLI commands open with
//! `OpenCheck::Cheap` and the full check is `certdesk check`'s. This bench spawns the release
//! binary exactly as staff run it (`certdesk --home H print NUMBER --item ITEM`, file printer),
//! so the figure includes process start, opening the database, signing and the spool write.
//! For context it also times `certdesk check` once per home (the full check, where it now
//! belongs).
//!
//! Homes are built once with `roster::populate` and cached in
//! `target/bench-data/cli-print-{10k,1m}/` (a `READY` file marks a complete one; delete the
//! folder to rebuild). Run: `cargo bench --bench cli_print -- --sample-size 10`.
//! `CERTDESK_BENCH_HOLDERS=N` makes the large home N holders instead of 1,000,000 (cached as
//! `cli-print-N/`), for before/after comparisons on a loaded machine.

use certdesk::home::Home;
use criterion::{criterion_group, criterion_main, Criterion};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SEED: u64 = 6;

fn bench_data() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench-data")
}

/// A cached home with `holders` holders and the (number, item) of one 特种作业操作证 in it.
fn home(holders: usize, name: &str) -> (PathBuf, String, String) {
    let dir = bench_data().join(name);
    let ready = dir.join("READY");
    if let Ok(s) = std::fs::read_to_string(&ready) {
        let w: Vec<&str> = s.split_whitespace().collect();
        if w.len() == 3 && w[0] == holders.to_string() {
            return (dir, w[1].to_string(), w[2].to_string());
        }
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
    let today = chrono::Local::now().date_naive();
    eprintln!("building a {holders}-holder home in {} (once; cached) ...", dir.display());
    let t = Instant::now();
    let (home, _) = Home::init(&dir, today).unwrap();
    let store = home.store().unwrap();
    let (h, c) = certdesk::roster::populate(&store, holders, SEED, today).unwrap();
    store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;").unwrap();
    // A printable special-operation certificate (valid today).
    let lead = certdesk::domain::LeadTimes::default();
    let mut st = store.conn().prepare("SELECT holder_id FROM certificates WHERE kind = 1 LIMIT 200").unwrap();
    let ids: Vec<String> = st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
    let cert = ids
        .iter()
        .flat_map(|id| store.holders().certificates_for(id).unwrap())
        .find(|c| c.item.is_some() && c.status(today, &lead).is_usable())
        .expect("a printable special-operation certificate");
    let item = cert.item.clone().unwrap();
    std::fs::write(&ready, format!("{holders} {} {item}", cert.number)).unwrap();
    eprintln!("built: {h} holders, {c} certificates in {:.1} s", t.elapsed().as_secs_f64());
    (dir, cert.number, item)
}

fn certdesk(home: &Path, args: &[&str]) -> Duration {
    let t = Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_certdesk")).arg("--home").arg(home).args(args).output().unwrap();
    let took = t.elapsed();
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    took
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn print(c: &mut Criterion) {
    let small = home(10_000, "cli-print-10k");
    let n: usize = std::env::var("CERTDESK_BENCH_HOLDERS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let (name, big_label) = match n {
        1_000_000 => ("cli-print-1m".to_string(), "1M holders".to_string()),
        n => (format!("cli-print-{n}"), format!("{n} holders")),
    };
    let big = home(n, &name);
    let mut g = c.benchmark_group("certdesk print");
    g.sample_size(10);
    for (label, (dir, number, item)) in [("10k holders", &small), (big_label.as_str(), &big)] {
        g.bench_function(label, |b| b.iter(|| certdesk(dir, &["print", number, "--item", item])));
    }
    g.finish();

    // Our own ratio over interleaved runs (same machine load for both).
    let (mut s, mut b) = (Vec::new(), Vec::new());
    for _ in 0..15 {
        s.push(certdesk(&small.0, &["print", &small.1, "--item", &small.2]));
        b.push(certdesk(&big.0, &["print", &big.1, "--item", &big.2]));
    }
    let (ms, mb) = (median(s), median(b));
    eprintln!(
        "certdesk print, median of 15 interleaved runs: 10k holders {:.1} ms, {big_label} {:.1} ms, ratio {:.2} (bar: <= 2.0)",
        ms.as_secs_f64() * 1e3,
        mb.as_secs_f64() * 1e3,
        mb.as_secs_f64() / ms.as_secs_f64()
    );
    for (label, dir) in [("10k", &small.0), (big_label.as_str(), &big.0)] {
        let t = certdesk(dir, &["check"]);
        eprintln!("certdesk check (full integrity check), {label} holders: {:.0} ms", t.as_secs_f64() * 1e3);
    }
}

criterion_group!(benches, print);
criterion_main!(benches);
