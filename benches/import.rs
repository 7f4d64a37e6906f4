//! Roster import speed (SPEC §7: at least 200,000 rows/s from CSV).
//!
//! Generates a ~100,000-row CSV with the roster generator and imports it into a fresh
//! file database (WAL, synchronous=FULL) each iteration. Criterion reports elements/s
//! (= rows/s); a one-shot figure is printed first.

use certdesk::domain::catalogue::Catalogue;
use certdesk::import::import_file;
use certdesk::roster;
use certdesk::store::Store;
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::time::Instant;

fn import(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 5, 6).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("roster.csv");
    // ~1.25 certificates per holder → ~100k rows
    let rows = roster::generate(80_000, 7, today);
    let n: usize = rows.iter().map(|(_, c)| c.len()).sum();
    roster::write_csv(&rows, &csv).unwrap();
    drop(rows);
    let cat = Catalogue::builtin();
    let mut k = 0;
    let mut fresh = || {
        k += 1;
        let p = dir.path().join(format!("db{k}.sqlite"));
        Store::open(&p).unwrap()
    };

    let mut s = fresh();
    let t = Instant::now();
    let rep = import_file(&mut s, &csv, today, &cat).unwrap();
    let dt = t.elapsed().as_secs_f64();
    assert_eq!(rep.inserted as usize, n);
    eprintln!("import {n} rows into an empty database: {:.3} s = {:.0} rows/s (bar: 200,000)", dt, n as f64 / dt);
    let t = Instant::now();
    let rep = import_file(&mut s, &csv, today, &cat).unwrap();
    let dt = t.elapsed().as_secs_f64();
    assert_eq!(rep.unchanged as usize, n);
    eprintln!("re-import the same {n} rows (all unchanged): {:.3} s = {:.0} rows/s", dt, n as f64 / dt);

    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("csv into empty db", |b| {
        b.iter_batched(&mut fresh, |mut s| import_file(&mut s, &csv, today, &cat).unwrap(), BatchSize::PerIteration)
    });
    g.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
