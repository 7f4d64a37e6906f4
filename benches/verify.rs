//! Verification speed (SPEC §7): the full `seal::verify()` pipeline (trim, uppercase, Base45
//! decode, trust-list lookup, Ed25519 verify, record parse, revocation lookup, date rules) against
//! a bare `ed25519_dalek::VerifyingKey::verify` of the same message and signature, in one run.
//! Bar: full pipeline ≥ 0.8 × the bare throughput.
//!
//! `cargo bench --bench verify -- --warm-up-time 1 --measurement-time 3`

use certdesk::domain::{CertKind, Certificate, Gender, Standing, Status};
use certdesk::seal::{self, RevocationList, Signer, SlipClaims, TrustList, Verdict};
use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use ed25519_dalek::{Signature, Verifier};

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn bench(c: &mut Criterion) {
    let cert = Certificate {
        id: certdesk::domain::CertId::NEW,
        number: "T11010519491231002X".into(),
        kind: CertKind::SpecialOperation,
        holder_id: "11010519491231002X".into(),
        name: "阿卜杜热合曼·买买提明".into(),
        gender: Gender::Male,
        category: Some("煤矿安全作业".into()),
        item: Some("采煤机(掘进机)操作作业".into()),
        industry: None,
        first_issued: d(2023, 3, 1),
        valid_from: d(2023, 3, 1),
        valid_until: d(2029, 2, 28),
        review_due: Some(d(2026, 3, 1)),
        reviewed_on: None,
        issuer: "某市应急管理局".into(),
        standing: Standing::Active,
        extended_review: false,
        seal_handle: [1, 2, 3, 4, 5, 6, 7, 8],
    };
    let signer = Signer::from_seed([7; 32]);
    // A realistic trust list (a few rotated keys) and revocation list (10,000 handles).
    let mut trust = TrustList::new();
    for seed in 1..=4u8 {
        trust.add(Signer::from_seed([seed; 32]).public_entry("old")).unwrap();
    }
    trust.add(signer.public_entry("current")).unwrap();
    let mut revoked = RevocationList::new();
    for i in 0..10_000u64 {
        revoked.insert((i.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1).to_be_bytes());
    }
    let claims =
        SlipClaims::for_certificate(&cert, Status::Valid, 1_234_567, d(2025, 6, 1).and_hms_opt(9, 41, 0).unwrap());
    let text = seal::seal(&claims, &signer, &trust, Some("HTTPS://ZWFW.EXAMPLE.GOV.CN/V/")).unwrap();
    let today = d(2025, 6, 1);
    assert_eq!(seal::verify(&text, &trust, &revoked, today).verdict, Verdict::Valid);

    // The exact message and signature verify() checks.
    let pos = text.find(seal::MARKER).unwrap() + seal::MARKER.len();
    let raw = base45::decode(&text[pos..]).unwrap();
    let (body, sig) = raw.split_at(raw.len() - seal::SIGNATURE_LEN);
    let mut msg = text.as_bytes()[..pos].to_vec();
    msg.extend_from_slice(body);
    let sig = Signature::from_bytes(sig.try_into().unwrap());
    let seal::PublicKey::Ed25519(key) = signer.verifying_key() else { unreachable!("an Ed25519 signer") };
    assert!(key.verify(&msg, &sig).is_ok());

    let mut g = c.benchmark_group("verify");
    g.throughput(Throughput::Elements(1));
    g.bench_function("bare_ed25519_verify", |b| b.iter(|| key.verify(black_box(&msg), black_box(&sig)).is_ok()));
    g.bench_function("full_pipeline", |b| b.iter(|| seal::verify(black_box(&text), &trust, &revoked, today).verdict));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
