//! Issue 16, the verifier station reads counter documents: a document's signed QR (`CDA:`,
//! `seal::doc_qr`) scanned at the station gives the same verdict as `certdesk verify`: which
//! document (kind, number, case, issue date) and, online, whether the registry holds it with
//! the bytes it issued (SHA-256 at issue). A number never issued, a registry copy changed after
//! issue, a changed character, a foreign key and garbage that says `CDA:` each get their own
//! verdict, Chinese first. Through the station's own key path (a scanner's burst and Enter), on
//! SQLite and on PostgreSQL; each scan is logged (verdict `document_…`, no case, no name).

use certdesk::app::runtime::Runtime;
use certdesk::app::verifier::{Screen, VerifierSettings, VerifierStation};
use certdesk::config::Lang;
use certdesk::domain::intake::{due_dates, AcceptKind};
use certdesk::domain::matters::{Matters, HAZCHEM_TRADING};
use certdesk::home::Home;
use certdesk::seal::{RevocationList, TrustList};
use certdesk::service::verifier::VerifierService;
use certdesk::store::cases::{Acceptance, NewCase};
use certdesk::store::db::Location;
use certdesk::store::{OpenCheck, Store};
use certdesk_core::paper::Paper;
use certdesk_paper::DocKind;
use certdesk_protocol::verifier_doc::DocVerdict;
use certdesk_testkit::{self as testkit, clock, now, pg, Driver, TempDir, TestHome};
use chrono::{Datelike, Duration};
use crossterm::event::KeyCode;
use std::time::{Duration as StdDuration, Instant};

/// The fonts the documents are set in (fonts-noto-cjk); under CI their absence fails.
fn fonts() -> bool {
    let ok = certdesk_paper::Fonts::find(None, None).is_ok();
    assert!(ok || std::env::var_os("CI").is_none(), "fonts-noto-cjk missing under CI");
    ok
}

/// An accepted case in `store` and its 受理通知书 issued there with the home's key: the code its
/// QR carries, the case number and the document's number.
fn issued(store: &Store, home: &Home) -> (String, String, String) {
    let ms = Matters::builtin();
    let m = ms.get(HAZCHEM_TRADING).unwrap();
    let day = now().date();
    let at = now() - Duration::hours(1);
    let materials = m.materials.iter().map(|x| x.code.clone()).collect();
    let c = store.cases().open(&NewCase { matter: &m.code, materials, owner: "0001", ticket: None }, at).unwrap();
    let cal = store.calendar().get().unwrap();
    let (due, statutory_due, provisional) = due_dates(&cal, day, m).unwrap();
    let acc = Acceptance {
        kind: AcceptKind::Full,
        due,
        statutory_due,
        provisional,
        calendar_version: cal.version(),
        pledged_materials: vec![],
    };
    store.cases().accept(c.id, &acc, "0001", at).unwrap();
    let c = store.cases().by_number(&c.number).unwrap().unwrap();
    let paper = Paper::open(store, &home.config, &ms, &home.dir).unwrap();
    let doc = paper.issue(&c, DocKind::Acceptance, "0001", "张伟", at).unwrap();
    let code = paper.document_code(DocKind::Acceptance, day, 1, &c.number).unwrap();
    assert!(doc.number.ends_with(&format!("〔{}〕1号", day.year())), "{}", doc.number);
    (code, c.number, doc.number)
}

/// A code for the same case signed with the bureau's key for a number never issued (2号).
fn never_issued(store: &Store, home: &Home, case: &str) -> String {
    let ms = Matters::builtin();
    let paper = Paper::open(store, &home.config, &ms, &home.dir).unwrap();
    paper.document_code(DocKind::Acceptance, now().date(), 2, case).unwrap()
}

fn station(store: Store, trust: TrustList, lang: Lang) -> Driver {
    let svc = VerifierService::new(store, trust, RevocationList::new(), clock(), Some(Duration::days(7)), Some(90))
        .confirming();
    let mode = VerifierStation::new(
        VerifierSettings { bureau: "测试应急管理局".into(), idle: StdDuration::from_secs(30) },
        lang,
        Instant::now(),
    );
    let mut drv = Driver::new(Runtime::new(Box::new(mode), Box::new(svc), Box::new(|_| None)));
    drv.settle();
    drv
}

/// A scanner's burst and Enter, then the scan's row written (at most 10 s); the verdict shown.
fn scan(drv: &mut Driver, burst: &str) -> DocVerdict {
    drv.key(KeyCode::Esc);
    drv.type_str(burst);
    drv.key(KeyCode::Enter);
    drv.settle();
    let done = testkit::poll_until(StdDuration::from_secs(10), || {
        drv.rt.drain(Instant::now());
        (drv.mode::<VerifierStation>().spool.waiting == 0).then_some(())
    });
    assert!(done.is_some(), "the scan row was not written within 10 s");
    match &drv.mode::<VerifierStation>().screen {
        Screen::Document(v) => (**v).clone(),
        other => panic!("no document verdict on screen: {other:?}\n{}", drv.screen()),
    }
}

const ONLINE: &str = "在线核验：已与登记系统存档核对";
const OFFLINE: &str = "离线核验：仅核对签名，未与登记系统存档核对";

/// `alter` changes the registry's copy of the document numbered `number` after issue.
fn exercise(store: Store, check: Store, home: &Home, tag: &str, alter: &dyn Fn(&str)) {
    let (code, case, number) = issued(&store, home);
    let never = never_issued(&store, home, &case);
    let mut drv = station(store, home.trust().unwrap(), Lang::Zh);

    // The bureau's document, held unchanged: kind, number, case and date, Chinese first.
    let v = scan(&mut drv, &code);
    assert_eq!((v.verdict.as_str(), v.online), ("valid", true), "{}", drv.screen());
    assert_eq!(v.kind.as_deref(), Some("acceptance"));
    assert_eq!(v.number.as_deref(), Some(number.as_str()));
    assert_eq!(v.case.as_deref(), Some(case.as_str()));
    assert_eq!(v.issued_on, Some(now().date()));
    let s = drv.screen();
    let date = format!("{}年{}月{}日", now().year(), now().month(), now().day());
    for must in ["文书真实", "受理通知书", number.as_str(), case.as_str(), date.as_str(), ONLINE] {
        assert!(s.contains(must), "{must} not on screen: {s}");
    }
    if tag == "sqlite" {
        let m = drv.mode::<VerifierStation>();
        insta::assert_snapshot!("verifier_document_valid_zh_80x24", testkit::render(m, 80, 24));
        drv.key(KeyCode::F(2));
        let m = drv.mode::<VerifierStation>();
        let en = testkit::render(m, 120, 36);
        assert!(en.contains("DOCUMENT GENUINE") && en.contains("acceptance notice"), "{en}");
        insta::assert_snapshot!("verifier_document_valid_en_120x36", en);
        insta::assert_snapshot!("verifier_document_valid_en_80x24", testkit::render(m, 80, 24));
        drv.key(KeyCode::F(2));
    }
    // A scanner under Caps Lock sends the code in lower case: the same document.
    assert_eq!(scan(&mut drv, &code.to_lowercase()).verdict, "valid");

    // Signed with the bureau's key for a number the registry never issued.
    let v = scan(&mut drv, &never);
    assert_eq!((v.verdict.as_str(), v.online), ("not_issued", true), "{}", drv.screen());
    assert!(drv.screen().contains("伪造：登记系统无此文书"), "{}", drv.screen());

    // One character of the signed data changed: the signature no longer covers it.
    let at = code.find("CDA:").unwrap() + 10;
    let mut changed: Vec<char> = code.chars().collect();
    changed[at] = if changed[at] == 'A' { 'B' } else { 'A' };
    let changed: String = changed.into_iter().collect();
    let v = scan(&mut drv, &changed);
    let changed_word = format!("document_{}", v.verdict);
    assert!(matches!(v.verdict.as_str(), "forged" | "malformed"), "{v:?}");
    assert!(v.kind.is_none() && v.case.is_none(), "nothing of a refused code is shown: {v:?}");
    assert!(!drv.screen().contains(&case), "{}", drv.screen());

    // Signed by another bureau's key.
    let other = certdesk::seal::Signer::from_seed([42; 32]);
    let mut trust = TrustList::new();
    trust.add(other.public_entry("other")).unwrap();
    let claims = certdesk::seal::doc_qr::DocClaims {
        kind: DocKind::Acceptance.code(),
        issued_on: now().date(),
        seq: 1,
        case_number: case.clone(),
    };
    let foreign = certdesk::seal::doc_qr::seal_document(&claims, &other, &trust, None).unwrap();
    let v = scan(&mut drv, &foreign);
    assert_eq!(v.verdict, "unknown_key", "{}", drv.screen());
    assert!(drv.screen().contains("无法确认：签发密钥未知"), "{}", drv.screen());

    // Garbage that says it is a document code: a clear verdict, not a slip's "scan again".
    for junk in ["CDA:", "CDA:hello world", "CDA:%%%%", &format!("CDA:{}", "9".repeat(900))] {
        let v = scan(&mut drv, junk);
        assert_eq!(v.verdict, "malformed", "{junk}");
        let s = drv.screen();
        assert!(s.contains("无法识别的文书二维码") && s.contains("请重新扫描"), "{junk}: {s}");
    }
    if tag == "sqlite" {
        let m = drv.mode::<VerifierStation>();
        insta::assert_snapshot!("verifier_document_malformed_zh_80x24", testkit::render(m, 80, 24));
    }

    // The registry's copy changed after issue: the hash recorded at issue no longer matches.
    alter(&number);
    let v = scan(&mut drv, &code);
    assert_eq!((v.verdict.as_str(), v.online), ("altered", true), "{}", drv.screen());
    assert!(drv.screen().contains("存档已被改动"), "{}", drv.screen());

    // Each scan logged with its verdict word (no case, no number, no name: `verifier_scans`).
    let counts = check.scan_counts(now().date()).unwrap();
    let mut want = vec![
        ("document_altered".to_string(), 1),
        ("document_malformed".to_string(), 4),
        ("document_not_issued".to_string(), 1),
        ("document_unknown_key".to_string(), 1),
        ("document_valid".to_string(), 2),
    ];
    match want.iter_mut().find(|(w, _)| *w == changed_word) {
        Some((_, n)) => *n += 1,
        None => want.push((changed_word, 1)),
    }
    want.sort();
    assert_eq!(counts, want);
}

#[test]
fn the_station_reads_a_documents_qr_on_sqlite() {
    if !fonts() {
        return;
    }
    let th = TestHome::new("file:spool");
    let home = th.home();
    let db = th.dir.join("certdesk.db");
    let alter = |number: &str| {
        let c = rusqlite::Connection::open(&db).unwrap();
        let n = c.execute("UPDATE paper_documents SET pdf = X'255044462D' WHERE number = ?1", [number]).unwrap();
        assert_eq!(n, 1);
    };
    exercise(th.store(), th.store(), &home, "sqlite", &alter);
}

#[test]
fn the_station_reads_a_documents_qr_on_postgresql() {
    if !fonts() {
        return;
    }
    let Some(url) = pg::fresh_url("verifier documents") else { return };
    let th = TestHome::new("file:spool");
    let home = th.home();
    let open = || Store::open_at(&Location::Postgres(url.clone()), OpenCheck::Skip).unwrap();
    let store = open();
    store.staff().add("0001", "张伟", "1357", certdesk::store::Role::Clerk).unwrap();
    // A registry: it holds certificates (a station's own scan-log database is not one).
    store.holders().upsert(&testkit::sample_holder()).unwrap();
    for c in &mut testkit::sample_certs() {
        store.holders().upsert_certificate(c).unwrap();
    }
    let alter = |number: &str| {
        let mut c = pg::connect(&url).unwrap();
        let n =
            c.execute("UPDATE paper_documents SET pdf = '\\x255044462d'::bytea WHERE number = $1", &[&number]).unwrap();
        assert_eq!(n, 1);
    };
    exercise(store, open(), &home, "postgresql", &alter);
}

/// A station whose own database is no registry (a 核验终端 with its scan log only) checks the
/// signature and says that is all it checked: amber, not green.
#[test]
fn a_station_without_the_registry_says_the_document_was_checked_offline() {
    if !fonts() {
        return;
    }
    let th = TestHome::new("file:spool");
    let home = th.home();
    let (code, case, _) = issued(&th.store(), &home);
    let tmp = TempDir::new();
    let own = Store::open(tmp.path().join("station.db")).unwrap();
    let mut drv = station(own, home.trust().unwrap(), Lang::Zh);
    let v = scan(&mut drv, &code);
    assert_eq!((v.verdict.as_str(), v.online), ("valid", false), "{}", drv.screen());
    let s = drv.screen();
    assert!(s.contains(OFFLINE) && s.contains(&case) && s.contains("请联网核对存档"), "{s}");
    insta::assert_snapshot!(
        "verifier_document_offline_zh_80x24",
        testkit::render(drv.mode::<VerifierStation>(), 80, 24)
    );
}
