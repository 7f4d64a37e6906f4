//! Issue 18, online confirmation at the verifier station: a station whose database is the
//! registry (a bureau's or a hall's) asks it whether it printed each authentic slip (serial,
//! certificate, minute: `PrintJobs::confirm`), as `certdesk verify` does. A slip signed with the
//! bureau's own key that the registry never printed — a stolen key's work, back-dated or not — is
//! refused with the CLI's words ("签名有效，但登记系统无此打印记录"); every authentic verdict says
//! whether it was checked online or offline; a station whose registry is away goes on verifying
//! and says its verdicts are offline. Through the station's own key path (a scanner's burst
//! and Enter), on SQLite and on PostgreSQL; snapshots in zh-CN and en.

use certdesk::app::runtime::Runtime;
use certdesk::app::verifier::{Screen, Spool, VerifierSettings, VerifierStation};
use certdesk::config::Lang;
use certdesk::domain::{Certificate, Status};
use certdesk::home::Home;
use certdesk::seal::{seal, Checked, RevocationList, Signer, SlipClaims, TrustList, Verification};
use certdesk::service::verifier::VerifierService;
use certdesk::station::Station;
use certdesk::store::db::Location;
use certdesk::store::{OpenCheck, Store};
use certdesk_testkit::{self as testkit, clock, now, pg, Driver, TempDir, TestHome, NAME};
use chrono::{Duration, NaiveDateTime};
use crossterm::event::KeyCode;
use std::time::{Duration as StdDuration, Instant};

const URL: &str = "HTTPS://V.EXAMPLE.GOV.CN/";

fn bureau() -> Signer {
    Signer::from_seed([7; 32])
}

fn trust() -> TrustList {
    let mut t = TrustList::new();
    t.add(bureau().public_entry("bureau")).unwrap();
    t
}

/// A fresh signed standing list (issued the evening before the tests' today).
fn list() -> RevocationList {
    let issued = "2026-11-22T12:00:00Z".parse().unwrap();
    RevocationList::parse_signed(&RevocationList::new().to_signed_text(issued, &bureau()), &trust()).unwrap()
}

fn slip(c: &Certificate, serial: u64, at: NaiveDateTime) -> String {
    seal(&SlipClaims::for_certificate(c, Status::Valid, serial, at), &bureau(), &trust(), Some(URL)).unwrap()
}

/// The registry's print of the principal's certificate (valid, no review): its serial and time.
fn print(store: &Store) -> (Certificate, u64, NaiveDateTime) {
    let cert = store.holders().certificates_numbered("AQ2025000123").unwrap().remove(0);
    let at = now() - Duration::minutes(30);
    let serial = store.print_jobs().begin(cert.id, "file:spool", "kiosk-01", at).unwrap();
    store.print_jobs().set_bytes(serial, b"slip").unwrap();
    (cert, serial, at + Duration::seconds(20))
}

fn station(store: Store, lang: Lang) -> Driver {
    let svc = VerifierService::new(store, trust(), list(), clock(), Some(Duration::days(7)), Some(90)).confirming();
    let mode = VerifierStation::new(
        VerifierSettings { bureau: "测试应急管理局".into(), idle: StdDuration::from_secs(30) },
        lang,
        Instant::now(),
    );
    let mut drv = Driver::new(Runtime::new(Box::new(mode), Box::new(svc), Box::new(|_| None)));
    drv.settle();
    drv
}

/// A scanner's burst and Enter, then the scan's row written (at most 10 s).
fn scan(drv: &mut Driver, burst: &str) -> Verification {
    drv.key(KeyCode::Esc);
    drv.type_str(burst);
    drv.key(KeyCode::Enter);
    drv.settle();
    let done = testkit::poll_until(StdDuration::from_secs(10), || {
        drv.rt.drain(Instant::now());
        (drv.mode::<VerifierStation>().spool.waiting == 0).then_some(())
    });
    assert!(done.is_some(), "the scan row was not written within 10 s");
    shown(drv)
}

fn shown(drv: &Driver) -> Verification {
    match &drv.mode::<VerifierStation>().screen {
        Screen::Verdict(v) => (**v).clone(),
        other => panic!("no verdict on screen: {other:?}\n{}", drv.screen()),
    }
}

const ONLINE: &str = "在线核验：已与登记系统核对打印记录";
const OFFLINE: &str = "离线核验：未与登记系统核对打印记录";
const NOT_PRINTED: &str = "签名有效，但登记系统无此打印记录";

fn exercise(store: Store, check: Store, tag: &str) {
    let (cert, serial, at) = print(&store);
    let mut drv = station(store, Lang::Zh);

    // the registry printed it: the verdict stands, checked online
    let v = scan(&mut drv, &slip(&cert, serial, at));
    assert_eq!((v.verdict.word(), v.checked), ("valid", Checked::Online), "{}", drv.screen());
    let s = drv.screen();
    assert!(s.contains(ONLINE) && s.contains(NAME), "{s}");
    if tag == "sqlite" {
        insta::assert_snapshot!(
            "verifier_online_valid_zh_80x24",
            testkit::render(drv.mode::<VerifierStation>(), 80, 24)
        );
    }

    // signed with the bureau's key, never printed; and the real serial back-dated a day (a
    // stolen key's slip stamped before `compromised_since`)
    let never = slip(&cert, 777_777, at);
    let backdated = slip(&cert, serial, at - Duration::days(1));
    for fake in [&never, &backdated] {
        let v = scan(&mut drv, fake);
        assert_eq!((v.verdict.word(), v.checked), ("not_printed", Checked::Online), "{}", drv.screen());
        let s = drv.screen();
        assert!(s.contains(NOT_PRINTED) && s.contains(ONLINE), "the CLI's words: {s}");
        assert!(!s.contains(NAME), "nothing of a refused slip is shown: {s}");
    }
    if tag == "sqlite" {
        let m = drv.mode::<VerifierStation>();
        insta::assert_snapshot!("verifier_online_not_printed_zh_80x24", testkit::render(m, 80, 24));
        drv.key(KeyCode::F(2));
        let m = drv.mode::<VerifierStation>();
        insta::assert_snapshot!("verifier_online_not_printed_en_80x24", testkit::render(m, 80, 24));
        insta::assert_snapshot!("verifier_online_not_printed_en_120x36", testkit::render(m, 120, 36));
        drv.key(KeyCode::F(2));
    }
    // the scan log keeps the final verdict (no name, no ID: issue 9)
    let counts = check.scan_counts(now().date()).unwrap();
    assert!(counts.contains(&("not_printed".to_string(), 2)), "{counts:?}");
    assert!(counts.contains(&("valid".to_string(), 1)), "{counts:?}");

    // garbage and a forged signature are not asked about (nothing to confirm)
    let v = scan(&mut drv, &never.replace("V.EXAMPLE", "V.EXAMPLF"));
    assert_eq!((v.verdict.word(), v.checked), ("forged", Checked::Offline));
    assert!(!drv.screen().contains(ONLINE), "{}", drv.screen());
    drv.key(KeyCode::Esc);
    drv.type_str("HTTPS://V.EXAMPLE.GOV.CN/CD1:%%%");
    drv.key(KeyCode::Enter);
    drv.settle();
    assert_eq!(drv.mode::<VerifierStation>().screen, Screen::ScanAgain);
}

#[test]
fn the_station_asks_the_registry_on_sqlite() {
    let home = TestHome::new("file:spool");
    exercise(home.store(), home.store(), "sqlite");
}

#[test]
fn the_station_asks_the_registry_on_postgresql() {
    let Some(url) = pg::fresh_url("verifier online") else { return };
    let open = || Store::open_at(&Location::Postgres(url.clone()), OpenCheck::Skip).unwrap();
    let store = open();
    store.holders().upsert(&testkit::sample_holder()).unwrap();
    for c in &mut testkit::sample_certs() {
        store.holders().upsert_certificate(c).unwrap();
    }
    exercise(store, open(), "postgresql");
}

/// A station whose own database holds no certificate (a 核验终端 with only its scan log) is
/// not a registry: its verdicts are offline, and say so, in both languages.
#[test]
fn a_station_without_a_registry_says_its_verdicts_are_offline() {
    let printed_by = TestHome::new("file:spool");
    let (cert, serial, at) = print(&printed_by.store());
    let tmp = TempDir::new();
    let own = Store::open(tmp.path().join("station.db")).unwrap();
    let mut drv = station(own, Lang::Zh);
    let v = scan(&mut drv, &slip(&cert, serial, at));
    assert_eq!((v.verdict.word(), v.checked), ("valid", Checked::Offline));
    assert!(drv.screen().contains(OFFLINE), "{}", drv.screen());
    // offline, a never-printed slip cannot be told: the signature is all there is
    let v = scan(&mut drv, &slip(&cert, 777_777, at));
    assert_eq!((v.verdict.word(), v.checked), ("valid", Checked::Offline));
    insta::assert_snapshot!("verifier_offline_valid_zh_80x24", testkit::render(drv.mode::<VerifierStation>(), 80, 24));
    drv.key(KeyCode::F(2));
    let s = drv.screen();
    assert!(s.contains("Offline: not checked against the registry's prints"), "{s}");
    insta::assert_snapshot!("verifier_offline_valid_en_80x24", testkit::render(drv.mode::<VerifierStation>(), 80, 24));
}

/// A hall's registry on PostgreSQL goes away under a running station (the server really
/// stopped): the next verdicts come all the same, offline and saying so, and a never-printed
/// slip can then only read valid (offline); when the server is back the station confirms again.
#[test]
fn a_station_whose_registry_is_away_keeps_verifying_offline_and_says_so() {
    let Some(cluster) = pg::Cluster::start() else { return };
    let tmp = TempDir::new();
    let dir = tmp.path().join("home");
    std::fs::create_dir_all(&dir).unwrap();
    let url = cluster.fresh_url("verifier_online_outage");
    std::fs::write(
        dir.join("certdesk.toml"),
        format!("[paths]\ndatabase = {url:?}\n[printer]\ntarget = \"file:spool\"\n[kiosk]\nidle_timeout_secs = 30\n"),
    )
    .unwrap();
    Home::init(&dir, now().date()).unwrap();
    let home = Home::open(&dir).unwrap();
    let store = home.store().unwrap();
    store.holders().upsert(&testkit::sample_holder()).unwrap();
    for c in &mut testkit::sample_certs() {
        store.holders().upsert_certificate(c).unwrap();
    }
    let (cert, serial, at) = print(&store);
    drop(store);
    let (signer, trust) = (home.signer().unwrap(), home.trust().unwrap());
    let sign = |serial, at| {
        seal(&SlipClaims::for_certificate(&cert, Status::Valid, serial, at), &signer, &trust, None).unwrap()
    };
    let (real, never) = (sign(serial, at), sign(777_777, at));
    let st = Station::open(&dir, None, clock()).unwrap();
    let mut drv = Driver::new(certdesk::station::verifier_runtime(&st).expect("the verifier station starts"));
    drv.settle();
    let checked = |drv: &mut Driver, slip: &str| {
        drv.key(KeyCode::Esc);
        drv.type_str(slip);
        drv.key(KeyCode::Enter);
        drv.settle();
        let v = shown(drv);
        (v.verdict.word().to_string(), v.checked)
    };
    // the station reaches its server and finds a registry there (the writer connects at start)
    let online = testkit::poll_until(StdDuration::from_secs(30), || {
        drv.rt.drain(Instant::now());
        (checked(&mut drv, &real) == ("valid".to_string(), Checked::Online)).then_some(())
    });
    assert!(online.is_some(), "the station never confirmed online: {}", drv.screen());
    assert_eq!(checked(&mut drv, &never), ("not_printed".to_string(), Checked::Online));

    cluster.stop();
    // verdicts go on, offline; the first one may wait for the registry at most the patience
    let started = Instant::now();
    assert_eq!(checked(&mut drv, &real), ("valid".to_string(), Checked::Offline));
    assert!(started.elapsed() < StdDuration::from_secs(20), "the verdict waited {:?}", started.elapsed());
    assert!(drv.screen().contains(OFFLINE), "{}", drv.screen());
    assert_eq!(checked(&mut drv, &never), ("valid".to_string(), Checked::Offline), "offline: the signature is all");
    let note = testkit::poll_until(StdDuration::from_secs(30), || {
        drv.rt.drain(Instant::now());
        drv.mode::<VerifierStation>().spool.offline.then_some(())
    });
    assert!(note.is_some(), "{}", drv.screen());

    cluster.start_again();
    let back = testkit::poll_until(StdDuration::from_secs(30), || {
        drv.rt.drain(Instant::now());
        (drv.mode::<VerifierStation>().spool == Spool::default()).then_some(())
    });
    assert!(back.is_some(), "the station did not come back: {}", drv.screen());
    let again = testkit::poll_until(StdDuration::from_secs(30), || {
        (checked(&mut drv, &never) == ("not_printed".to_string(), Checked::Online)).then_some(())
    });
    assert!(again.is_some(), "online again after the outage: {}", drv.screen());
}
