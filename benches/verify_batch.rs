//! Batch verification on all cores (SPEC §7, issue 9 item 4): `certdesk verify` on stdin against
//! bare `ed25519_dalek::VerifyingKey::verify` on one core, the same 1,024 slips, in one run.
//! Bar (issue 18): the stream, JSON answers included, ≥ 1.7 × the one-core bare throughput.
//! Ed25519 lines are checked 64 to a batch equation (`ed25519_dalek::verify_batch`, one
//! multiscalar multiplication), so even one thread can beat the bare one-signature loop.
//!
//! - `bare_one_core`: the 1,024 (message, signature) pairs the slips carry, verified one
//!   after another on this thread — the floor any verifier pays.
//! - `verify_batch_all_cores`: `seal::batch::verify_batch` on the 1,024 raw lines (UTF-8 check,
//!   trim, uppercase, Base45, trust list, Ed25519, record parse, revocation list of 10,000
//!   handles, dates, list age), 64 lines to a batch equation, rayon on every core.
//! - `verify_stream_all_cores`: `seal::batch::verify_stream`, what `certdesk verify` runs: the same
//!   plus reading lines and writing one JSON line each (into memory).
//! - `verify_stream_one_core`: the same on a one-thread rayon pool (certdesk's own cost per line
//!   beside the bare loop).
//! - `sm2/…` (issue 18): the same for SM2 slips (payload version 2) against a bare loop of the
//!   `sm2` crate's `VerifyingKey::verify` over the same messages and signatures.
//!
//! The load average is printed before and after each group (`/proc/loadavg`).
//!
//! `cargo bench --bench verify_batch -- --warm-up-time 1 --measurement-time 5`

use certdesk::domain::{CertKind, Certificate, Gender, Status};
use certdesk::seal::batch::{verify_batch, verify_stream};
use certdesk::seal::{self, Policy, Reason, RevocationList, Signer, SlipClaims, TrustList, Verdict};
use certdesk_testkit as testkit;
use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use ed25519_dalek::{Signature, Verifier};

const N: usize = 1024;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn bench(c: &mut Criterion) {
    if let Ok(home) = std::env::var("VERIFY_BENCH_HOME") {
        return lines_for_the_binary(std::path::Path::new(&home));
    }
    eprintln!("load average at start: {}", load());
    run(c, "verify_batch", Signer::from_seed([7; 32]));
    eprintln!("load average after Ed25519: {}", load());
    run(c, "verify_batch_sm2", Signer::sm2_from_scalar([0x11; 32]).unwrap());
    eprintln!("load average after SM2: {}", load());
}

/// `/proc/loadavg`'s first three figures (1, 5 and 15 minutes).
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// This thread's CPU time (user + system) in seconds, from `/proc/thread-self/stat` (clock
/// ticks of 1/100 s).
fn thread_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<u64> = after.split(' ').skip(11).take(2).map(|x| x.parse().unwrap()).collect();
    (f[0] + f[1]) as f64 / 100.0
}

/// `n` different slips signed by `signer` (URL prefix, mixed names), with the (message,
/// signature) pairs they carry for the bare loop.
fn slips(signer: &Signer, trust: &TrustList, n: usize) -> (Vec<Vec<u8>>, Vec<(Vec<u8>, [u8; 64])>) {
    let names = ["王秀英", "李建国", "阿卜杜热合曼·买买提明", "张伟", "欧阳娜娜"];
    let mut lines: Vec<Vec<u8>> = Vec::with_capacity(n);
    let mut bare: Vec<(Vec<u8>, [u8; 64])> = Vec::with_capacity(n);
    for i in 0..n {
        let cert = Certificate {
            name: names[i % names.len()].into(),
            gender: Gender::Male,
            first_issued: d(2023, 3, 1),
            valid_from: d(2023, 3, 1),
            seal_handle: (i as u64 * 2 + 0x1000).to_be_bytes(),
            ..testkit::sample_cert(
                "T11010519491231002X",
                CertKind::SpecialOperation,
                d(2029, 2, 28),
                Some(d(2026, 3, 1)),
            )
        };
        let at = d(2025, 5, 1).and_hms_opt(9, 0, 0).unwrap() + chrono::Duration::minutes(i as i64);
        let claims = SlipClaims::for_certificate(&cert, Status::Valid, 1_000_000 + i as u64, at);
        let text = seal::seal(&claims, signer, trust, Some("HTTPS://ZWFW.EXAMPLE.GOV.CN/V/")).unwrap();
        let marker = if text.contains(seal::MARKER) { seal::MARKER } else { seal::MARKER_V2 };
        let pos = text.find(marker).unwrap() + marker.len();
        let raw = base45::decode(&text[pos..]).unwrap();
        let (body, sig) = raw.split_at(raw.len() - seal::SIGNATURE_LEN);
        let mut msg = text.as_bytes()[..pos].to_vec();
        msg.extend_from_slice(body);
        bare.push((msg, sig.try_into().unwrap()));
        lines.push(text.into_bytes());
    }
    (lines, bare)
}

/// The second figure: `VERIFY_BENCH_HOME=<an initialised home> cargo bench --bench
/// verify_batch` writes 100,000 slips signed by that home's key to `<home>/verify-100k.txt`
/// (for `time certdesk --home <home> verify < <home>/verify-100k.txt > /dev/null`) and times
/// the bare loop over the same 100,000 signatures on this thread (wall and CPU).
fn lines_for_the_binary(home: &std::path::Path) {
    let h = certdesk::home::Home::open(home).unwrap();
    let (signer, trust) = (h.signer().unwrap(), h.trust().unwrap());
    let (lines, bare) = slips(&signer, &trust, 100_000);
    let mut out = Vec::new();
    for l in &lines {
        out.extend_from_slice(l);
        out.push(b'\n');
    }
    let file = home.join("verify-100k.txt");
    std::fs::write(&file, out).unwrap();
    let key = match signer.verifying_key() {
        seal::PublicKey::Ed25519(k) => k,
        seal::PublicKey::Sm2(_) => panic!("the home signs with SM2; this figure is Ed25519's"),
    };
    eprintln!("load average before the bare loop: {}", load());
    let (t0, c0) = (std::time::Instant::now(), thread_cpu());
    let good =
        bare.iter().filter(|(m, s)| key.verify(black_box(m), &Signature::from_bytes(black_box(s))).is_ok()).count();
    let (wall, cpu) = (t0.elapsed().as_secs_f64(), thread_cpu() - c0);
    assert_eq!(good, bare.len());
    eprintln!(
        "{}: 100,000 lines; bare ed25519-dalek loop on one thread: wall {wall:.2} s, CPU {cpu:.2} s; load average {}",
        file.display(),
        load()
    );
}

fn run(c: &mut Criterion, group: &str, signer: Signer) {
    let mut trust = TrustList::new();
    for seed in 1..=4u8 {
        trust.add(Signer::from_seed([seed; 32]).public_entry("old")).unwrap();
    }
    trust.add(signer.public_entry("current")).unwrap();
    let mut list = RevocationList::new();
    for i in 0..10_000u64 {
        list.insert_with((i.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1).to_be_bytes(), Reason::Revoked);
    }
    let issued = d(2025, 5, 31).and_hms_opt(0, 0, 0).unwrap().and_utc();
    let list = RevocationList::parse_signed(&list.to_signed_text(issued, &signer), &trust).unwrap();
    let policy = Policy {
        today: d(2025, 6, 1),
        now: d(2025, 6, 1).and_hms_opt(8, 0, 0).unwrap().and_utc(),
        max_list_age: Some(chrono::Duration::days(7)),
        review_due_days: Some(90),
    };
    let (lines, bare) = slips(&signer, &trust, N);
    for l in &lines {
        let v = seal::verify_with(std::str::from_utf8(l).unwrap(), &trust, &list, &policy);
        assert_eq!(v.verdict, Verdict::Valid);
    }
    // The bare loop: the crate's own verify, nothing of certdesk's around it.
    let bare_verify: Box<dyn Fn(&[u8], &[u8; 64]) -> bool> = match signer.verifying_key() {
        seal::PublicKey::Ed25519(k) => Box::new(move |m, s| k.verify(m, &Signature::from_bytes(s)).is_ok()),
        seal::PublicKey::Sm2(k) => Box::new(move |m, s| {
            sm2::dsa::Signature::from_bytes(s).is_ok_and(|s| signature::Verifier::verify(k.as_ref(), m, &s).is_ok())
        }),
    };
    let mut stdin = Vec::new();
    for l in &lines {
        stdin.extend_from_slice(l);
        stdin.push(b'\n');
    }
    eprintln!("rayon threads: {}", rayon::current_num_threads());

    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("bare_one_core", |b| {
        b.iter(|| bare.iter().filter(|(m, s)| bare_verify(black_box(m), black_box(s))).count())
    });
    g.bench_function("verify_batch_all_cores", |b| {
        b.iter(|| verify_batch(black_box(&lines), &trust, &list, &policy).len())
    });
    g.bench_function("verify_stream_all_cores", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(N * 700);
            verify_stream(black_box(&stdin[..]), &mut out, &trust, &list, &policy).unwrap();
            out.len()
        })
    });
    g.bench_function("verify_stream_one_core", |b| {
        b.iter(|| {
            one.install(|| {
                let mut out = Vec::with_capacity(N * 700);
                verify_stream(black_box(&stdin[..]), &mut out, &trust, &list, &policy).unwrap();
                out.len()
            })
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
