//! Building one certificate slip: sign the QR payload, lay out the receipt, render ESC/POS.
//! Each stage alone and the whole, in one run, so the shares are comparable.
//!
//! cargo bench --bench slip_build

use certdesk::config::{Paper, QrMode};
use certdesk::domain::{CertKind, Certificate, Gender, Standing, Status};
use certdesk::seal::{self, Signer, SlipClaims, TrustList};
use certdesk::slip;
use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn cert() -> Certificate {
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    Certificate {
        id: certdesk::domain::CertId::NEW,
        number: "T11010519491231002X".into(),
        kind: CertKind::SpecialOperation,
        holder_id: "11010519491231002X".into(),
        name: "欧阳娜仁托娅".into(),
        gender: Gender::Female,
        category: Some("金属非金属矿山安全作业".into()),
        item: Some("提升机操作作业".into()),
        industry: None,
        first_issued: d(2023, 1, 4),
        valid_from: d(2023, 1, 4),
        valid_until: d(2029, 1, 3),
        review_due: Some(d(2027, 1, 3)),
        reviewed_on: None,
        issuer: "示范市应急管理局".into(),
        standing: Standing::Active,
        extended_review: false,
        seal_handle: [7; 8],
    }
}

fn bench(c: &mut Criterion) {
    let signer = Signer::generate();
    let mut trust = TrustList::new();
    trust.add(signer.public_entry("bench")).unwrap();
    let cert = cert();
    let status = Status::ReviewDueSoon { due: NaiveDate::from_ymd_opt(2027, 1, 3).unwrap(), days: 41 };
    let at = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap();
    let qr = seal::seal(&SlipClaims::for_certificate(&cert, status, 42, at), &signer, &trust, None).unwrap();
    // the calendar the next step's deadline is printed with (built once, as a station does)
    let cal = certdesk::domain::workdays::Calendar::builtin();
    let layout = slip::certificate_slip(&cert, status, &qr, 42, at, "示范市应急管理局", "0000-12345678", &cal);

    let mut g = c.benchmark_group("slip_build");
    g.bench_function("sign_payload", |b| {
        b.iter(|| {
            seal::seal(&SlipClaims::for_certificate(black_box(&cert), status, 42, at), &signer, &trust, None).unwrap()
        })
    });
    g.bench_function("layout", |b| {
        b.iter(|| {
            slip::certificate_slip(black_box(&cert), status, &qr, 42, at, "示范市应急管理局", "0000-12345678", &cal)
        })
    });
    g.bench_function("escpos_native_58mm", |b| {
        b.iter(|| slip::to_escpos(black_box(&layout), Paper::Mm58, QrMode::Native))
    });
    g.bench_function("escpos_raster_58mm", |b| {
        b.iter(|| slip::to_escpos(black_box(&layout), Paper::Mm58, QrMode::Raster))
    });
    g.bench_function("whole_slip_native_58mm", |b| {
        b.iter(|| {
            let claims = SlipClaims::for_certificate(black_box(&cert), status, 42, at);
            let qr = seal::seal(&claims, &signer, &trust, None).unwrap();
            let s = slip::certificate_slip(&cert, status, &qr, 42, at, "示范市应急管理局", "0000-12345678", &cal);
            slip::to_escpos(&s, Paper::Mm58, QrMode::Native)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
