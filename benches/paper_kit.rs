//! One A4 document printed from the desk, before and after the paper kit is kept (issue 16):
//! before, the desk built the paper service for every print (`Paper::open`: find and read the
//! CJK faces, read the templates, load the seal key and trust list), then issued the document;
//! now the desk loads the kit once (`PaperKit::load`, on its first print) and each print only
//! issues (`Paper::with_kit`). Both measured in the same run on the same home and case; issuing
//! includes numbering, rendering with font subsetting, signing the QR and storing the bytes.
//!
//! Run: `cargo bench --bench paper_kit` (add `-- --sample-size 10` for a quick run).

use certdesk::domain::intake::{due_dates, AcceptKind};
use certdesk::domain::matters::{Matters, HAZCHEM_TRADING};
use certdesk::store::cases::{Acceptance, NewCase};
use certdesk_core::paper::{Paper, PaperKit};
use certdesk_paper::DocKind;
use certdesk_testkit::{now, TestHome};
use chrono::Duration;
use criterion::{criterion_group, criterion_main, Criterion};
use std::sync::Arc;

fn bench(c: &mut Criterion) {
    let th = TestHome::new("file:spool");
    let home = th.home();
    let store = th.store();
    let ms = Matters::builtin();
    let m = ms.get(HAZCHEM_TRADING).expect("the built-in matter");
    let at = now() - Duration::hours(1);
    let materials = m.materials.iter().map(|x| x.code.clone()).collect();
    let case = store.cases().open(&NewCase { matter: &m.code, materials, owner: "0001", ticket: None }, at).unwrap();
    let cal = store.calendar().get().unwrap();
    let (due, statutory_due, provisional) = due_dates(&cal, at.date(), m).unwrap();
    let acc = Acceptance {
        kind: AcceptKind::Full,
        due,
        statutory_due,
        provisional,
        calendar_version: cal.version(),
        pledged_materials: vec![],
    };
    store.cases().accept(case.id, &acc, "0001", at).unwrap();
    let case = store.cases().by_number(&case.number).unwrap().unwrap();

    let mut g = c.benchmark_group("a4_print");
    g.bench_function("kit_load_only", |b| b.iter(|| PaperKit::load(&home.config, &home.dir).unwrap()));
    g.bench_function("before_open_then_issue", |b| {
        b.iter(|| {
            let paper = Paper::open(&store, &home.config, &ms, &home.dir).unwrap();
            paper.issue(&case, DocKind::Acceptance, "0001", "张伟", at).unwrap()
        })
    });
    let kit = Arc::new(PaperKit::load(&home.config, &home.dir).unwrap());
    g.bench_function("after_kept_kit_issue", |b| {
        b.iter(|| {
            let paper = Paper::with_kit(&store, &home.config, &ms, &home.dir, Arc::clone(&kit));
            paper.issue(&case, DocKind::Acceptance, "0001", "张伟", at).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
