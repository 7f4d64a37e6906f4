//! Lookup by ID in a 1,000,000-holder registry (SPEC §7: p99 < 200 µs).
//!
//! The registry is built once with `roster::populate` and cached at
//! `target/bench-data/lookup-1m-v1.db` (delete it to rebuild). Besides criterion's mean, this
//! prints p50/p99/max over 100,000 timed lookups of random existing IDs, and the time to open
//! the registry with `integrity_check` and with `quick_check`.
//!
//! `CERTDESK_BENCH_HOLDERS=N` runs on an N-holder registry instead (cached as
//! `lookup-N-v1.db`): on a loaded shared machine the 1M build and its full check take minutes,
//! which a before/after comparison of two commits cannot afford.

use certdesk::roster;
use certdesk::store::{OpenCheck, Store};
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use rand::{Rng, SeedableRng};
use std::path::PathBuf;
use std::time::Instant;

fn holders() -> usize {
    std::env::var("CERTDESK_BENCH_HOLDERS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000)
}

fn db_path() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    match holders() {
        1_000_000 => dir.join("lookup-1m-v1.db"),
        n => dir.join(format!("lookup-{n}-v1.db")),
    }
}

fn registry() -> (Store, Vec<String>) {
    let p = db_path();
    if !p.exists() {
        let tmp = p.with_extension("building");
        let _ = std::fs::remove_file(&tmp);
        let t = Instant::now();
        {
            let s = Store::open(&tmp).unwrap();
            let today = NaiveDate::from_ymd_opt(2026, 5, 6).unwrap();
            let (h, c) = roster::populate(&s, holders(), 2026, today).unwrap();
            s.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;").unwrap();
            eprintln!(
                "built registry: {h} holders, {c} certificates in {:.1} s ({:.0} holders/s)",
                t.elapsed().as_secs_f64(),
                h as f64 / t.elapsed().as_secs_f64()
            );
        }
        std::fs::rename(&tmp, &p).unwrap();
    }
    for check in [OpenCheck::Full, OpenCheck::Quick] {
        let t = Instant::now();
        drop(Store::open_with(&p, check).unwrap());
        eprintln!("open with {check:?} check: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    }
    let s = Store::open_with(&p, OpenCheck::Quick).unwrap();
    let ids: Vec<String> = s
        .conn()
        .prepare("SELECT id_number FROM holders")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ids.len(), holders());
    (s, ids)
}

fn lookup(c: &mut Criterion) {
    let (s, ids) = registry();
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);

    // our own percentile run
    let n = 100_000;
    let mut samples = Vec::with_capacity(n);
    let mut found = 0usize;
    for _ in 0..n {
        let id = &ids[rng.gen_range(0..ids.len())];
        let t = Instant::now();
        let certs = s.holders().certificates_for(id).unwrap();
        samples.push(t.elapsed().as_nanos() as u64);
        found += certs.len();
    }
    assert!(found >= n);
    samples.sort_unstable();
    let pct = |p: f64| samples[((n as f64 * p) as usize).min(n - 1)] as f64 / 1e3;
    eprintln!(
        "certificates_for over {n} random IDs of {}: p50 {:.1} µs, p99 {:.1} µs, p99.9 {:.1} µs, max {:.1} µs (bar: p99 < 200 µs)",
        holders(),
        pct(0.50),
        pct(0.99),
        pct(0.999),
        samples[n - 1] as f64 / 1e3
    );

    let mut g = c.benchmark_group("lookup");
    g.sample_size(20);
    g.bench_function("certificates_for (1M holders)", |b| {
        b.iter(|| {
            let id = &ids[rng.gen_range(0..ids.len())];
            s.holders().certificates_for(id).unwrap()
        })
    });
    g.bench_function("holder + certificates_for (1M holders)", |b| {
        b.iter(|| {
            let id = &ids[rng.gen_range(0..ids.len())];
            (s.holders().get(id).unwrap(), s.holders().certificates_for(id).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, lookup);
criterion_main!(benches);
