//! Working days (issue 13): counting a due date over a published year against counting it over a
//! provisional one (weekends and the 放假办法 festivals from the lunar calendar, memoised per
//! year), the cold computation of one year's festivals, and what a running desk pays to notice a
//! newly entered year (the stored calendar's version: one indexed read) against re-reading the
//! calendar. All in one run, so the ratios are comparable.
//!
//! cargo bench --bench workdays

use certdesk::domain::festivals;
use certdesk::domain::workdays::Calendar;
use certdesk::store::Store;
use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    let cal = Calendar::builtin();
    let mut g = c.benchmark_group("workdays");
    // 45 working days (安全生产许可证延期, statutory) inside 2025 (published) …
    g.bench_function("due_45_published_2025", |b| b.iter(|| cal.due(black_box(d(2025, 9, 1)), 45).unwrap()));
    // … and inside 2027 (provisional; the year's festival days memoised after the first call).
    g.bench_function("due_45_provisional_2027", |b| b.iter(|| cal.due(black_box(d(2027, 9, 1)), 45).unwrap()));
    // One year's festivals computed from scratch (the first provisional count in a process).
    g.bench_function("festivals_of_one_year_cold", |b| b.iter(|| festivals::statutory(black_box(2031)).unwrap()));
    g.finish();

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("certdesk.db")).unwrap();
    let mut g = c.benchmark_group("calendar_store");
    g.bench_function("calendar_version", |b| b.iter(|| store.calendar().version().unwrap()));
    g.bench_function("calendar_reload", |b| b.iter(|| store.calendar().get().unwrap()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
