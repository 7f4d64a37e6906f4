//! The verifier station (issue 9 item 1) driven through the same event path a scanner's keys
//! take: a burst of characters ending in Enter, Ctrl-J or Tab, on a real SQLite home, with real
//! Ed25519-signed slips and a real signed revocation list. Every verdict is reached by a scan;
//! each verdict screen is kept as an insta snapshot in zh-CN and en.

mod support;

use certdesk::app::runtime::Runtime;
use certdesk::app::verifier::{Screen, VerifierSettings, VerifierStation};
use certdesk::app::Action;
use certdesk::config::Lang;
use certdesk::domain::{CertKind, Certificate, LeadTimes};
use certdesk::seal::{seal, Reason, RevocationList, Signer, SlipClaims, TrustList};
use certdesk::service::verifier::VerifierService;
use certdesk_testkit::{self as testkit, d, key, now, sample_cert, Driver, TestHome, ID, NAME};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use crossterm::event::KeyCode;
use std::time::{Duration as StdDuration, Instant};

const URL: &str = "HTTPS://ZWFW.EXAMPLE.GOV.CN/V/";
const IDLE: StdDuration = StdDuration::from_secs(30);

fn bureau() -> Signer {
    Signer::from_seed([7; 32])
}

fn trust_of(s: &Signer) -> TrustList {
    let mut t = TrustList::new();
    t.add(s.public_entry("bureau")).unwrap();
    t
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// A special-operation slip printed 2026-11-20 09:00 (three days before the tests' today).
fn slip_of(c: &Certificate, s: &Signer) -> String {
    let printed = d(2026, 11, 20).and_hms_opt(9, 0, 0).unwrap();
    let status = c.status(printed.date(), &LeadTimes::default());
    seal(&SlipClaims::for_certificate(c, status, 42, printed), s, &trust_of(s), Some(URL)).unwrap()
}

fn special(valid_until: NaiveDate, review: Option<NaiveDate>, handle: u8) -> Certificate {
    let mut c = sample_cert(&format!("T{ID}"), CertKind::SpecialOperation, valid_until, review);
    c.seal_handle = [handle; 8];
    c
}

/// The slips of every authentic verdict, by the verdict they must get today (2026-11-23).
fn slips() -> Vec<(&'static str, String)> {
    let b = bureau();
    let mut principal = sample_cert("HG-1", CertKind::Principal, d(2026, 11, 21), None);
    principal.seal_handle = [4; 8];
    vec![
        ("valid", slip_of(&special(d(2030, 1, 1), Some(d(2028, 6, 1)), 1), &b)),
        // 30号令 art. 21: review every three years; within the 90-day lead time it is due.
        ("review_due", slip_of(&special(d(2030, 1, 1), Some(d(2027, 1, 10)), 2), &b)),
        ("review_overdue", slip_of(&special(d(2030, 1, 1), Some(d(2026, 11, 21)), 3), &b)),
        ("expired", slip_of(&principal, &b)),
        // On the signed list as 暂停 / 撤销 (30号令 art. 30).
        ("suspended", slip_of(&special(d(2030, 1, 1), Some(d(2028, 6, 1)), 5), &b)),
        ("revoked", slip_of(&special(d(2030, 1, 1), Some(d(2028, 6, 1)), 6), &b)),
        // 注销 (art. 31: death, own request) reads 已注销, never 已撤销 (issue 13).
        ("cancelled", slip_of(&special(d(2030, 1, 1), Some(d(2028, 6, 1)), 7), &b)),
    ]
}

/// The station's list: issued yesterday (fresh) or a month ago (too old for the 7-day limit).
fn list(issued: &str) -> RevocationList {
    let b = bureau();
    let mut l = RevocationList::new();
    l.insert_with([5; 8], Reason::Suspended);
    l.insert_with([6; 8], Reason::Revoked);
    l.insert_with([7; 8], Reason::Cancelled);
    RevocationList::parse_signed(&l.to_signed_text(utc(issued), &b), &trust_of(&b)).unwrap()
}

fn station(home: &TestHome, issued: &str, lang: Lang) -> Driver {
    let b = bureau();
    let svc = VerifierService::new(
        home.store(),
        trust_of(&b),
        list(issued),
        testkit::clock(),
        Some(Duration::days(7)),
        Some(90),
    );
    let mode =
        VerifierStation::new(VerifierSettings { bureau: "测试应急管理局".into(), idle: IDLE }, lang, Instant::now());
    let mut drv = Driver::new(Runtime::new(Box::new(mode), Box::new(svc), Box::new(|_| None)));
    drv.settle();
    drv
}

const FRESH: &str = "2026-11-22T12:00:00Z";
const OLD: &str = "2026-10-01T00:00:00Z";

fn scan(drv: &mut Driver, burst: &str, end: KeyCode) {
    drv.type_str(burst);
    drv.key(end);
    drv.settle();
    written(drv);
}

/// The verdict comes at once and the scan's row is written after it: wait (at most 10 s) until
/// the writer reports the queue empty.
fn written(drv: &mut Driver) {
    let done = certdesk_testkit::poll_until(StdDuration::from_secs(10), || {
        drv.rt.drain(Instant::now());
        (drv.mode::<VerifierStation>().spool.waiting == 0).then_some(())
    });
    assert!(done.is_some(), "the scan row was not written within 10 s");
}

fn verdict(drv: &Driver) -> String {
    match &drv.mode::<VerifierStation>().screen {
        Screen::Verdict(v) => v.verdict.word().to_string(),
        Screen::ScanAgain => "scan_again".into(),
        other => format!("{other:?}"),
    }
}

fn unknown_key_slip() -> String {
    slip_of(&special(d(2030, 1, 1), Some(d(2028, 6, 1)), 9), &Signer::from_seed([9; 32]))
}

/// A valid slip with one character of its signed URL prefix changed: the signature no longer
/// matches.
fn forged_slip() -> String {
    slips()[0].1.replace("ZWFW.EXAMPLE", "ZWFW.EXAMPLF")
}

#[test]
fn every_verdict_is_reached_by_a_scanned_burst() {
    let home = TestHome::new("file:spool");
    let mut drv = station(&home, FRESH, Lang::Zh);
    for (want, text) in slips() {
        scan(&mut drv, &text, KeyCode::Enter);
        assert_eq!(verdict(&drv), want);
    }
    scan(&mut drv, &unknown_key_slip(), KeyCode::Tab);
    assert_eq!(verdict(&drv), "unknown_key");
    scan(&mut drv, &forged_slip(), KeyCode::Enter);
    assert_eq!(verdict(&drv), "forged");
    // Malformed (a truncated burst) reads "scan again" and is logged as malformed.
    let valid = &slips()[0].1;
    scan(&mut drv, &valid[..valid.len() - 7], KeyCode::Enter);
    assert_eq!(verdict(&drv), "scan_again");
    let counts = drv.mode::<VerifierStation>().counts.clone();
    assert!(counts.contains(&("malformed".to_string(), 1)), "{counts:?}");

    // An old list: authentic slips cannot be told valid.
    let mut old = station(&home, OLD, Lang::Zh);
    scan(&mut old, valid, KeyCode::Enter);
    assert_eq!(verdict(&old), "list_too_old");
}

#[test]
fn caps_lock_lowercase_and_ctrl_j_bursts_verify_the_same() {
    let home = TestHome::new("file:spool");
    let mut drv = station(&home, FRESH, Lang::Zh);
    let slips = slips();
    scan(&mut drv, &slips[0].1.to_lowercase(), KeyCode::Enter);
    assert_eq!(verdict(&drv), "valid");
    // Ctrl-J (line feed) ends a burst too.
    drv.type_str(&slips[5].1.to_lowercase());
    drv.event(testkit::ctrl('j'));
    drv.settle();
    assert_eq!(verdict(&drv), "revoked");
}

#[test]
fn a_garbage_or_partial_burst_says_scan_again_and_never_crashes() {
    let home = TestHome::new("file:spool");
    let mut drv = station(&home, FRESH, Lang::En);
    for junk in ["hello world", "CD1:", "cd1:!!!!", "CD1:ZZZZZZZZZZZZZZ", "https://x/CD1:%%%", "\u{7f}\u{1b}xx"] {
        scan(&mut drv, junk, KeyCode::Enter);
        assert_eq!(verdict(&drv), "scan_again", "{junk:?}");
        assert!(drv.screen().contains("Scan again"));
    }
    // A stuck scanner: a burst far longer than any slip is bounded and refused.
    scan(&mut drv, &"A".repeat(10_000), KeyCode::Enter);
    assert_eq!(verdict(&drv), "scan_again");
    // A lone Enter is no scan at all.
    drv.enter();
    drv.settle();
    assert_eq!(verdict(&drv), "scan_again");
    // A good scan after all that still works and replaces the screen.
    scan(&mut drv, &slips()[0].1, KeyCode::Enter);
    assert_eq!(verdict(&drv), "valid");
}

type ScanRow = (String, String, String, Option<String>, Option<String>);

#[test]
fn the_scan_log_holds_no_name_or_id_and_todays_counts_increase() {
    let home = TestHome::new("file:spool");
    let mut drv = station(&home, FRESH, Lang::Zh);
    let slips = slips();
    scan(&mut drv, &slips[0].1, KeyCode::Enter);
    scan(&mut drv, &slips[0].1, KeyCode::Enter);
    scan(&mut drv, &slips[5].1, KeyCode::Enter);
    scan(&mut drv, "garbage", KeyCode::Enter);
    let counts = drv.mode::<VerifierStation>().counts.clone();
    assert_eq!(counts, vec![("malformed".to_string(), 1), ("revoked".to_string(), 1), ("valid".to_string(), 2)]);
    // The waiting screen shows them.
    drv.key(KeyCode::Esc);
    assert!(drv.screen().contains("有效\u{a0}2"), "{}", drv.screen());

    let store = home.store();
    let rows: Vec<ScanRow> = store
        .conn()
        .prepare("SELECT at, day, verdict, key_id, handle_hash FROM verifier_scans ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0].1, "2026-11-23");
    assert!(rows[0].3.is_some(), "key id logged");
    // Two scans of one slip share a hash (repeat scans can be counted), another slip differs,
    // and the hash is not the bare handle.
    assert_eq!(rows[0].4, rows[1].4);
    assert_ne!(rows[0].4, rows[2].4);
    assert_ne!(rows[0].4.as_deref(), Some("0101010101010101"));
    assert_eq!(rows[3].4, None);
    let dump = format!("{rows:?}");
    for secret in [NAME, ID, &ID[..6], &ID[14..], "110105"] {
        assert!(!dump.contains(secret), "{secret} in the scan log: {dump}");
    }
}

#[test]
fn idle_timeout_goes_back_to_waiting_with_no_holder_data() {
    let home = TestHome::new("file:spool");
    let mut drv = station(&home, FRESH, Lang::Zh);
    scan(&mut drv, &slips()[0].1, KeyCode::Enter);
    assert!(drv.screen().contains(NAME));
    drv.dispatch(Action::Tick, Instant::now() + IDLE / 2);
    assert!(drv.screen().contains(NAME), "not yet idle");
    drv.dispatch(Action::Tick, Instant::now() + IDLE * 2);
    assert_eq!(drv.mode::<VerifierStation>().screen, Screen::Waiting);
    let s = drv.screen();
    assert!(!s.contains(NAME) && !s.contains("********"), "{s}");
    assert!(s.contains("请扫描凭条或文书二维码"));
}

/// SPEC §2 (issue 13): a 特种作业操作证 whose roster gave no review dates verifies on its 状态
/// and 有效期, and the station says the review information was not provided; a 注销 card reads
/// 已注销 (30号令 art. 31), not 已撤销 (art. 30).
#[test]
fn review_unknown_and_cancelled_read_as_the_province_says() {
    let home = TestHome::new("file:spool");
    let mut drv = station(&home, FRESH, Lang::Zh);
    scan(&mut drv, &slip_of(&special(d(2027, 6, 1), None, 8), &bureau()), KeyCode::Enter);
    assert_eq!(verdict(&drv), "valid");
    let s = drv.screen();
    assert!(s.contains("复审信息未提供，以发证机关记录为准"), "{s}");
    assert!(!s.contains("失效"), "{s}");
    let cancelled = slips().into_iter().find(|(n, _)| *n == "cancelled").unwrap().1;
    scan(&mut drv, &cancelled, KeyCode::Enter);
    assert_eq!(verdict(&drv), "cancelled");
    let s = drv.screen();
    assert!(s.contains("已注销") && s.contains("证书已注销，不得上岗作业"), "{s}");
    assert!(!s.contains("撤销"), "{s}");
}

#[test]
fn verdict_screens_in_zh_and_en() {
    let home = TestHome::new("file:spool");
    for lang in [Lang::Zh, Lang::En] {
        let tag = if lang == Lang::Zh { "zh" } else { "en" };
        let mut drv = station(&home, FRESH, lang);
        let mut cases: Vec<(&str, String)> = slips();
        cases.push(("unknown_key", unknown_key_slip()));
        cases.push(("forged", forged_slip()));
        cases.push(("scan_again", "CD1:XYZ".into()));
        for (name, text) in &cases {
            scan(&mut drv, text, KeyCode::Enter);
            assert_eq!(&verdict(&drv), name);
            let m = drv.mode::<VerifierStation>();
            insta::assert_snapshot!(format!("verifier_{name}_{tag}_80x24"), testkit::render(m, 80, 24));
            insta::assert_snapshot!(format!("verifier_{name}_{tag}_120x36"), testkit::render(m, 120, 36));
        }
        let mut old = station(&home, OLD, lang);
        scan(&mut old, &cases[0].1, KeyCode::Enter);
        let m = old.mode::<VerifierStation>();
        insta::assert_snapshot!(format!("verifier_list_too_old_{tag}_80x24"), testkit::render(m, 80, 24));
        old.key(KeyCode::Esc);
        let m = old.mode::<VerifierStation>();
        // Waiting with a list past the 7-day limit: the station warns (issue 9 item 3).
        assert!(m.list.too_old);
        let warn = if lang == Lang::Zh { "证书状态变更名单过旧" } else { "too old" };
        assert!(testkit::render(m, 80, 24).contains(warn));
        insta::assert_snapshot!(format!("verifier_waiting_{tag}_80x24"), testkit::render(m, 80, 24));
    }
}

#[test]
fn the_screen_has_no_ambiguous_width_glyphs() {
    let home = TestHome::new("file:spool");
    let mut drv = station(&home, FRESH, Lang::Zh);
    for (_, text) in slips() {
        scan(&mut drv, &text, KeyCode::Enter);
        let s = testkit::render(drv.mode::<VerifierStation>(), 80, 24);
        for ch in s.chars() {
            let amb =
                matches!(ch as u32, 0x2500..=0x25FF | 0x2190..=0x21FF | 0x2022 | 0x00B7 | 0x2026 | 0x2713 | 0x203B);
            assert!(!amb, "ambiguous glyph {ch:?}");
        }
    }
    let _ = key(KeyCode::Enter);
    let _ = now();
}

#[test]
fn certdesk_verifier_without_a_terminal_says_so() {
    let home = TestHome::new("file:spool");
    let out = support::bin()
        .arg("--home")
        .arg(&home.dir)
        .arg("verifier")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs a terminal"), "{err}");
}

/// A list installed while the station runs (as `certdesk revocations import` writes it) is used
/// at the next scan; a list edited on disk no longer checks out and is not trusted.
#[test]
fn a_list_imported_while_running_is_used_at_the_next_scan() {
    let home = TestHome::new("file:spool");
    let b = bureau();
    let file = home.dir.join("station-revocations.txt");
    let mut svc = VerifierService::new(
        home.store(),
        trust_of(&b),
        RevocationList::new(),
        testkit::clock(),
        Some(Duration::days(7)),
        Some(90),
    );
    svc.follow_list(file.clone());
    let mode = VerifierStation::new(VerifierSettings { bureau: "测试".into(), idle: IDLE }, Lang::Zh, Instant::now());
    let mut drv = Driver::new(Runtime::new(Box::new(mode), Box::new(svc), Box::new(|_| None)));
    drv.settle();
    let revoked_slip = slips()[5].1.clone();
    // No list yet: authentic, but it cannot be told valid.
    scan(&mut drv, &revoked_slip, KeyCode::Enter);
    assert_eq!(verdict(&drv), "list_too_old");

    let mut l = RevocationList::new();
    l.insert_with([6; 8], Reason::Revoked);
    let text = l.to_signed_text(utc(FRESH), &b);
    std::fs::write(&file, &text).unwrap();
    scan(&mut drv, &revoked_slip, KeyCode::Enter);
    assert_eq!(verdict(&drv), "revoked");

    // Someone strikes the entry from the file: the signature fails, the list is not used.
    let edited: String = text.lines().filter(|line| !line.contains("0606060606060606")).collect::<Vec<_>>().join("\n");
    assert!(edited.len() < text.len(), "the test must remove the entry");
    // No wait for the clock to tick: the station notices the change by the file's length too.
    std::fs::write(&file, edited).unwrap();
    scan(&mut drv, &revoked_slip, KeyCode::Enter);
    assert_eq!(verdict(&drv), "list_too_old");
}

/// A scan that cannot be logged (a broken database, not an outage) does not stay on screen as a
/// verdict (no unlogged scans): the verdict comes at once, the failed write then replaces it with
/// "out of order", the details go to the log, and the next scan works once the store does.
#[test]
fn a_store_failure_shows_a_system_error_not_a_verdict() {
    let home = TestHome::new("file:spool");
    let mut drv = station(&home, FRESH, Lang::Zh);
    let store = home.store();
    store.conn().execute_batch("ALTER TABLE verifier_scans RENAME TO scans_away").unwrap();
    // The verdict comes first; the failed write then takes it off the screen.
    scan(&mut drv, &slips()[0].1, KeyCode::Enter);
    let shown = certdesk_testkit::poll_until(StdDuration::from_secs(10), || {
        drv.rt.drain(Instant::now());
        (drv.mode::<VerifierStation>().screen == Screen::ServiceError).then_some(())
    });
    assert!(shown.is_some(), "no system error shown: {}", drv.screen());
    assert!(!drv.screen().contains(NAME));
    assert!(drv.screen().contains("系统故障"));
    store.conn().execute_batch("ALTER TABLE scans_away RENAME TO verifier_scans").unwrap();
    scan(&mut drv, &slips()[0].1, KeyCode::Enter);
    assert_eq!(verdict(&drv), "valid");
}

/// A partial burst (no Enter) followed after a pause by a whole scan: the stale characters are
/// dropped and the new scan verifies.
#[test]
fn a_partial_burst_does_not_spoil_the_next_scan() {
    let home = TestHome::new("file:spool");
    let mut drv = station(&home, FRESH, Lang::Zh);
    let t0 = Instant::now();
    let slip = slips()[0].1.clone();
    for c in slip.chars().take(20) {
        drv.dispatch(Action::Input(c), t0);
    }
    let later = t0 + StdDuration::from_secs(3);
    for c in slip.chars() {
        drv.dispatch(Action::Input(c), later);
    }
    drv.dispatch(Action::Submit, later);
    drv.settle();
    assert_eq!(verdict(&drv), "valid");
}
