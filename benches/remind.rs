//! Reminder list for a 1,000,000-holder registry (SPEC §7: under 2 s; issue 9 item 5).
//!
//! The registry is built once with `roster::populate` and cached at
//! `target/bench-data/remind-1m-v1.db` (delete it to rebuild). Measured in one run:
//! - baseline `full_scan_count`: `SELECT count(*) FROM certificates` — one pass over the table;
//! - `build_list_90d`: `remind::build` (candidate query, holder join, the domain rule, sort by
//!   employer) for 90 days;
//! - `build_and_write_csv_sms`: the list plus reminders.csv and sms.csv;
//! - `write_xlsx` is timed once (it is the slowest writer and not part of the bar).
//!
//! `cargo bench --bench remind -- --sample-size 10`

use certdesk::roster;
use certdesk::store::{OpenCheck, Store};
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use std::path::PathBuf;
use std::time::Instant;

const HOLDERS: usize = 1_000_000;

fn registry(today: NaiveDate) -> Store {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("remind-1m-v1.db");
    if !p.exists() {
        let tmp = p.with_extension("building");
        let _ = std::fs::remove_file(&tmp);
        let t = Instant::now();
        {
            let s = Store::open(&tmp).unwrap();
            let (h, c) = roster::populate(&s, HOLDERS, 2026, today).unwrap();
            s.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;").unwrap();
            eprintln!("built registry: {h} holders, {c} certificates in {:.1} s", t.elapsed().as_secs_f64());
        }
        std::fs::rename(&tmp, &p).unwrap();
    }
    // A registry cached before the reminder indexes existed is migrated here, once: the time
    // an existing 1M-holder home spends on that migration when it is upgraded.
    let version = |p: &std::path::Path| -> i64 {
        rusqlite::Connection::open(p).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap()
    };
    let before = version(&p);
    let t = Instant::now();
    let store = Store::open_with(&p, OpenCheck::Skip).unwrap();
    let after = version(&p);
    if before != after {
        eprintln!("migrated the cached registry v{before} -> v{after} in {:.2} s", t.elapsed().as_secs_f64());
    }
    store
}

fn bench(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 5, 6).unwrap();
    let store = registry(today);
    let matters = certdesk::domain::matters::Matters::builtin();
    let cal = certdesk::domain::workdays::Calendar::builtin();
    let out = tempfile::tempdir().unwrap();
    let list = certdesk::remind::build(&store, today, 90).unwrap();
    let employers =
        list.iter().map(|r| (&r.employer, &r.employer_code)).collect::<std::collections::HashSet<_>>().len();
    eprintln!("reminder list: {} certificates due within 90 days, {employers} employers", list.len());
    // Wall time on a shared, loaded machine says little; CPU time (user + system, getrusage)
    // of the same work is what the process itself spends.
    year_window_against_the_shell(&store, today, &matters, out.path());
    if std::env::var("REMIND_365_ONLY").is_ok() {
        return;
    }
    for _ in 0..3 {
        let (w, c0) = (Instant::now(), cpu());
        let n = certdesk::remind::build(&store, today, 90).unwrap().len();
        eprintln!("build_list_90d: {n} rows, wall {:.2} s, cpu {:.2} s", w.elapsed().as_secs_f64(), cpu() - c0);
    }
    // Where the time goes: the store's candidates with the rule applied (the same call
    // `remind::build` makes), then the contacts of their holders; the rest of a build is the
    // reminders' strings and the sort.
    {
        use certdesk::domain::reminder::due_within;
        let to = today + chrono::Duration::days(90);
        let (w, c0) = (Instant::now(), cpu());
        let due =
            store.holders().reminder_certificates(today, to, |c| due_within(&c, today, 90).map(|d| (c, d))).unwrap();
        let (w1, c1) = (w.elapsed().as_secs_f64(), cpu() - c0);
        let mut ids: Vec<&str> = due.iter().map(|(c, _)| c.holder_id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        let (w, c0) = (Instant::now(), cpu());
        let n = store.holders().contacts(&ids).unwrap().len();
        eprintln!(
            "steps: candidates + rule, {} rows: wall {w1:.2} s, cpu {c1:.2} s; contacts of {n} holders: wall {:.2} s, cpu {:.2} s",
            due.len(),
            w.elapsed().as_secs_f64(),
            cpu() - c0
        );
    }
    let (t, c0) = (Instant::now(), cpu());
    certdesk::remind::write_xlsx(&list, &out.path().join("r.xlsx"), today, 90).unwrap();
    eprintln!("write_xlsx once: wall {:.2} s, cpu {:.2} s", t.elapsed().as_secs_f64(), cpu() - c0);

    let mut g = c.benchmark_group("remind");
    g.bench_function("full_scan_count", |b| {
        b.iter(|| store.conn().query_row("SELECT count(*) FROM certificates", [], |r| r.get::<_, i64>(0)).unwrap())
    });
    g.bench_function("build_list_90d", |b| b.iter(|| certdesk::remind::build(&store, today, 90).unwrap().len()));
    g.bench_function("build_and_write_csv_sms", |b| {
        b.iter(|| {
            let l = certdesk::remind::build(&store, today, 90).unwrap();
            certdesk::remind::write_csv(&l, &out.path().join("r.csv")).unwrap();
            certdesk::remind::write_sms(
                &l,
                "示范市应急管理局",
                "0000-12345678",
                &matters,
                &cal,
                &out.path().join("s.csv"),
            )
            .unwrap()
        })
    });
    g.finish();
}

fn cpu() -> f64 {
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 * 1e-6;
    t(u.ru_utime) + t(u.ru_stime)
}

/// Issue 13 §4: what `certdesk remind --days 365 --format csv,sms` does after opening the
/// database (`remind::build`, then `remind::write_files`: reminders.csv and sms.csv), against the sqlite3 shell selecting the same
/// candidate rows with their holders' contacts to CSV (`benches/remind_baseline.sh`), run
/// after one another, alternating which goes first, 5 times each; medians of the wall times.
fn year_window_against_the_shell(
    store: &Store,
    today: NaiveDate,
    matters: &certdesk::domain::matters::Matters,
    out: &std::path::Path,
) {
    let days = 365;
    let to = today + chrono::Duration::days(days);
    let db = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/remind-1m-v1.db");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/remind_baseline.sh");
    // The home's calendar, read as the command reads it when it opens (outside the time).
    let calendar = store.calendar().get().unwrap();
    let ours = || {
        let (w, c0) = (Instant::now(), cpu());
        let l = certdesk::remind::build(store, today, days).unwrap();
        let from = certdesk::remind::Sender {
            bureau: "示范市应急管理局",
            phone: "0000-12345678",
            matters,
            calendar: &calendar,
        };
        let formats = certdesk::remind::Formats::default(); // csv,sms
        certdesk::remind::write_files(&l, formats, out, &from, today, days).unwrap();
        // The command ends here and leaves the list to the OS (cli_verifier::remind); its
        // freeing is outside the time, as it is outside the command's.
        let (wall, cpu_s) = (w.elapsed().as_secs_f64(), cpu() - c0);
        (wall, cpu_s, l.len())
    };
    let shell = || {
        let w = Instant::now();
        let st = std::process::Command::new("sh")
            .arg(&script)
            .arg(&db)
            .arg(today.to_string())
            .arg(to.to_string())
            .arg(out.join("shell.csv"))
            .status()
            .unwrap();
        assert!(st.success(), "remind_baseline.sh failed (is the sqlite3 shell installed?)");
        let rows = std::fs::read_to_string(out.join("shell.csv")).unwrap().lines().count() - 1;
        (w.elapsed().as_secs_f64(), rows)
    };
    let (mut a, mut b, mut cpus) = (vec![], vec![], vec![]);
    let (mut n_ours, mut n_shell) = (0, 0);
    for i in 0..5 {
        let mut run_ours = || {
            let (w, c, n) = ours();
            a.push(w);
            cpus.push(c);
            n_ours = n;
        };
        if i % 2 == 0 {
            run_ours();
            let (w, n) = shell();
            b.push(w);
            n_shell = n;
        } else {
            let (w, n) = shell();
            b.push(w);
            n_shell = n;
            run_ours();
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (ma, mb, mc) = (median(&mut a), median(&mut b), median(&mut cpus));
    eprintln!(
        "remind 365 days, csv+sms: certdesk {n_ours} reminders, median wall {ma:.2} s (cpu {mc:.2} s; runs {a:.2?}); \
         sqlite3 shell {n_shell} candidate rows with contacts to CSV, median wall {mb:.2} s (runs {b:.2?}); ratio {:.2}x",
        ma / mb
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
