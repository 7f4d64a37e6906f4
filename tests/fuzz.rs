//! Property / fuzz tests on the stable toolchain (proptest; issue 8, "Done means"): every input
//! a person, file, scanner or printer can give, as garbage and as near-misses of valid input,
//! never crashes certdesk and never turns into an accepted result it should not be.
//!
//! Targets: the QR decoder (`seal::verify`), ID number and credit-code parsers, roster rows
//! (CSV and XLSX bytes through the importer), certdesk.toml, scanner bursts into the kiosk mode,
//! printer replies. Checked-in seeds: `tests/fuzz_corpus/` (every file runs through every
//! parser) and proptest's `tests/fuzz.proptest-regressions` if a failure is ever found.
//!
//! Case counts are small for CI; `CERTDESK_FUZZ_CASES=20000 cargo test --release --test fuzz`
//! is the long run (see docs/hardening.md for the last one).

use certdesk::app::kiosk::{Kiosk, KioskSettings};
use certdesk::app::{Action, Effect, Mode, Outcome};
use certdesk::config::{Config, Lang};
use certdesk::domain::{id, uscc, CertId, CertKind, Certificate};
use certdesk::seal::{self, RevocationList, Signer, SlipClaims, TrustList};
use certdesk::store::Store;
use chrono::NaiveDate;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use proptest::prelude::*;
use ratatui::layout::Rect;
use std::path::Path;
use std::time::{Duration, Instant};

fn cases(n: u32) -> ProptestConfig {
    let n = std::env::var("CERTDESK_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(n);
    ProptestConfig { cases: n, failure_persistence: None, ..ProptestConfig::default() }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn signer() -> Signer {
    Signer::from_seed([7; 32])
}

fn trust() -> TrustList {
    let mut t = TrustList::new();
    t.add(signer().public_entry("fuzz")).unwrap();
    t
}

fn valid_payload() -> String {
    let c = Certificate {
        id: CertId(1),
        first_issued: today(),
        valid_from: today(),
        seal_handle: [1, 2, 3, 4, 5, 6, 7, 8],
        ..certdesk_testkit::sample_cert(
            "T11010519491231002X",
            CertKind::SpecialOperation,
            NaiveDate::from_ymd_opt(2032, 11, 22).unwrap(),
            None,
        )
    };
    let status = c.status(today(), &Default::default());
    let claims = SlipClaims::for_certificate(&c, status, 42, today().and_hms_opt(9, 0, 0).unwrap());
    seal::seal(&claims, &signer(), &trust(), None).unwrap()
}

fn verify(s: &str) -> seal::Verification {
    seal::verify(s, &trust(), &RevocationList::default(), today())
}

// ---- QR decoder ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn qr_decoder_never_panics_on_any_text(s in "\\PC{0,300}") {
        let _ = verify(&s);
    }

    #[test]
    fn a_changed_payload_is_never_authentic(pos in any::<prop::sample::Index>(), c in "[0-9A-Z $%*+\\-./:]") {
        let p = valid_payload();
        prop_assume!(p.len() > 4);
        let i = 4 + pos.index(p.len() - 4); // keep the "CD1:" marker, change the body
        let mut b = p.clone().into_bytes();
        b[i] = c.as_bytes()[0];
        let changed = String::from_utf8(b).unwrap();
        prop_assume!(changed != p);
        let v = verify(&changed);
        prop_assert!(!v.verdict.is_authentic(), "{changed} accepted as {:?}", v.verdict);
    }

    #[test]
    fn truncated_or_extended_payloads_are_never_authentic(cut in 0usize..400, tail in "[0-9A-Z]{0,8}") {
        let p = valid_payload();
        let cut = cut.min(p.len());
        let s = format!("{}{}", &p[..cut], if cut == p.len() { tail.as_str() } else { "" });
        prop_assume!(s != p);
        prop_assert!(!verify(&s).verdict.is_authentic());
    }

    #[test]
    fn payload_body_decoder_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = SlipClaims::decode_body(&bytes);
    }
}

#[test]
fn the_valid_payload_is_authentic() {
    // Guards the properties above: they would pass vacuously if nothing ever verified.
    assert!(verify(&valid_payload()).verdict.is_authentic());
}

// ---- ID numbers and credit codes ----------------------------------------------------------

fn valid_id() -> impl Strategy<Value = String> {
    // GB/T 2260 province-level codes.
    let provinces = vec![
        11u32, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
        62, 63, 64, 65,
    ];
    (prop::sample::select(provinces), 0u32..10000, 1950i32..2005, 1u32..=12, 1u32..=28, 0u32..1000).prop_map(
        |(p, a, y, m, d, s)| {
            let body = format!("{p:02}{a:04}{y:04}{m:02}{d:02}{s:03}");
            let c = id::check_char(body.as_bytes());
            format!("{body}{c}")
        },
    )
}

proptest! {
    #![proptest_config(cases(2048))]

    #[test]
    fn id_parser_never_panics(s in "\\PC{0,40}") {
        let _ = id::ResidentId::parse(&s, today());
    }

    #[test]
    fn valid_ids_parse_and_any_single_change_is_caught(id in valid_id(), pos in 0usize..18, d in 0u8..10) {
        prop_assert!(id::ResidentId::parse(&id, today()).is_ok(), "{id}");
        let mut b = id.clone().into_bytes();
        let new = if pos == 17 { b"0123456789X"[d as usize] } else { b'0' + d };
        prop_assume!(b[pos] != new);
        b[pos] = new;
        let changed = String::from_utf8(b).unwrap();
        // GB 11643's check digit catches every single-character change.
        prop_assert!(id::ResidentId::parse(&changed, today()).is_err(), "{changed}");
    }

    #[test]
    fn credit_code_check_never_panics(s in "\\PC{0,30}") {
        let _ = uscc::check(&s);
    }

    #[test]
    fn credit_code_near_misses_never_panic(s in "[0-9A-HJ-NPQRTUWXYZIOSVZ]{16,20}") {
        let _ = uscc::check(&s);
    }
}

// ---- Roster rows through the importer (CSV and XLSX bytes) ---------------------------------

/// Cells a provincial export, Excel or a person could put in a roster.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,12}",
        "[0-9X]{0,20}",
        "(19|20|21|99)[0-9]{2}-[0-9]{1,2}-[0-9]{1,2}",
        Just(String::new()),
        Just("11010519491231002X".to_string()),
        Just("T11010519491231002X".to_string()),
        Just("特种作业操作证".to_string()),
        Just("电工作业".to_string()),
        Just("低压电工作业".to_string()),
        Just("\"unterminated".to_string()),
        Just("a,b\r\nc".to_string()),
        Just("阿卜杜热合曼·买买提依明·艾则孜·阿不都克力木".to_string()),
    ]
}

fn rows() -> impl Strategy<Value = Vec<Vec<String>>> {
    proptest::collection::vec(proptest::collection::vec(cell(), 0..20), 0..6)
}

fn import(path: &Path) {
    let mut store = Store::open_in_memory().unwrap();
    let cat = certdesk::domain::catalogue::Catalogue::builtin();
    if let Ok(r) = certdesk::import::import_file(&mut store, path, today(), &cat) {
        // Never more rejected rows than rows read, and the store is whole.
        assert!(r.rejected_rows <= r.rows, "{r:?}");
        store.integrity_check().unwrap();
        assert!(store.audit().verify().is_ok());
    }
}

proptest! {
    #![proptest_config(cases(64))]

    #[test]
    fn csv_rosters_never_crash_the_importer(rows in rows(), header in any::<bool>(), gb in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::new();
        if header {
            text.push_str(&certdesk::roster::CSV_HEADERS.join(","));
            text.push('\n');
        }
        for r in &rows {
            text.push_str(&r.join(","));
            text.push('\n');
        }
        let bytes = if gb { encoding_rs::GB18030.encode(&text).0.into_owned() } else { text.into_bytes() };
        let p = dir.path().join("r.csv");
        std::fs::write(&p, bytes).unwrap();
        import(&p);
    }

    #[test]
    fn raw_bytes_as_csv_or_xlsx_never_crash_the_importer(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        // This property found the lone-CR crash (see lone_cr_in_a_csv_line_is_not_a_crash).
        let dir = tempfile::tempdir().unwrap();
        for name in ["r.csv", "r.xlsx"] {
            let p = dir.path().join(name);
            std::fs::write(&p, &bytes).unwrap();
            import(&p);
        }
    }

}

proptest! {
    // Each case writes and reads a real workbook (a far cell makes it big): fewer cases.
    #![proptest_config(cases(16))]

    #[test]
    fn xlsx_rosters_never_crash_the_importer(rows in rows(), far in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in certdesk::roster::CSV_HEADERS.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                match v.parse::<f64>() {
                    Ok(n) if n.is_finite() => ws.write_number(r as u32 + 1, c as u16, n).unwrap(),
                    _ => ws.write_string(r as u32 + 1, c as u16, v).unwrap(),
                };
            }
        }
        if far {
            ws.write_string(1_048_575, 16_383, "far away").unwrap();
        }
        wb.save(&p).unwrap();
        import(&p);
    }
}

/// A lone CR inside a CSV line (`a,b\rc,d`) used to end the record early in csv_core: a panic
/// in debug builds, and the rest of the line silently dropped otherwise. Now the CR is field data.
#[test]
fn lone_cr_in_a_csv_line_is_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.csv");
    std::fs::write(&p, b"a,b\rc,d\n").unwrap();
    import(&p);
}

// ---- certdesk.toml -------------------------------------------------------------------------

fn toml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?[0-9]{1,22}".prop_map(|s| s),
        "\"\\PC{0,20}\"".prop_map(|s| s.replace('\\', "")),
        Just("true".into()),
        Just("[1, 2]".into()),
        Just("{ a = 1 }".into()),
        Just("1e309".into()),
        Just("\"58mm\"".into()),
        Just("\"raster\"".into()),
        Just("\"tcp://127.0.0.1:0\"".into()),
    ]
}

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn config_parser_never_panics_on_any_text(s in "\\PC{0,200}") {
        let _ = Config::parse(&s, Path::new("certdesk.toml"));
    }

    #[test]
    fn config_with_odd_values_is_parsed_or_refused(
        section in prop::sample::select(vec!["bureau", "paths", "printer", "kiosk", "reminders", "seal", "ui", "x"]),
        key in prop::sample::select(vec![
            "name", "target", "paper", "qr", "timeout_ms", "query_status", "id", "idle_timeout_secs",
            "max_factor_failures", "factor_window_minutes", "max_prints_per_cert_per_day", "expiry_days",
            "language", "url_prefix", "database", "nope",
        ]),
        value in toml_value(),
    ) {
        let text = format!("[{section}]\n{key} = {value}\n");
        if let Ok(c) = Config::parse(&text, Path::new("certdesk.toml")) {
            // Whatever is accepted is usable.
            prop_assert!(c.validate().is_ok());
        }
    }
}

// ---- Scanner bursts into the kiosk ---------------------------------------------------------

fn key_event() -> impl Strategy<Value = Event> {
    let code = prop_oneof![
        8 => "[0-9]".prop_map(|s| KeyCode::Char(s.chars().next().unwrap())),
        1 => "[xXaZ #\\-]".prop_map(|s| KeyCode::Char(s.chars().next().unwrap())),
        1 => "\\PC".prop_map(|s| KeyCode::Char(s.chars().next().unwrap())),
        1 => Just(KeyCode::Enter),
        1 => Just(KeyCode::Tab),
        1 => Just(KeyCode::Backspace),
        1 => Just(KeyCode::Esc),
        1 => prop::sample::select(vec![KeyCode::Up, KeyCode::Down, KeyCode::Left, KeyCode::Right, KeyCode::F(2), KeyCode::F(12), KeyCode::F(5), KeyCode::Home, KeyCode::Delete]),
    ];
    let mods = prop::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::SHIFT,
        KeyModifiers::CONTROL,
        KeyModifiers::ALT,
    ]);
    prop_oneof![
        10 => (code, mods).prop_map(|(c, m)| Event::Key(KeyEvent::new(c, m))),
        1 => (0u16..200, 0u16..60).prop_map(|(x, y)| Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left), column: x, row: y, modifiers: KeyModifiers::NONE,
        })),
        1 => (0u16..300, 0u16..100).prop_map(|(w, h)| Event::Resize(w, h)),
        1 => "\\PC{0,40}".prop_map(Event::Paste),
    ]
}

/// What the worker might answer to an effect (chosen by the fuzzer too).
fn answer(e: &Effect, pick: u8) -> Option<Outcome> {
    use certdesk::app::{kiosk, staff};
    match e {
        Effect::Kiosk(kiosk::Effect::Identify { .. }) => Some(match pick % 4 {
            0 => kiosk::Outcome::Denied { attempts_left: pick as u32 % 5 }.into(),
            1 => kiosk::Outcome::Locked { minutes: 15 }.into(),
            2 => Outcome::ServiceError,
            _ => kiosk::Outcome::Denied { attempts_left: 0 }.into(),
        }),
        Effect::Staff(staff::Effect::Login { .. }) => Some(Outcome::Staff(if pick % 2 == 0 {
            staff::Outcome::Denied
        } else {
            staff::Outcome::Locked { minutes: 15 }
        })),
        _ => None,
    }
}

proptest! {
    #![proptest_config(cases(96))]

    #[test]
    fn scanner_bursts_never_crash_the_kiosk(events in proptest::collection::vec((key_event(), any::<u8>()), 0..120)) {
        let settings = KioskSettings {
            bureau: "示范市应急管理局".into(),
            idle: Duration::from_secs(60),
            clock: certdesk::clock::Clock::fixed(today().and_hms_opt(10, 0, 0).unwrap()),
            demo_hint: None,
        };
        let t0 = Instant::now();
        let mut k = Kiosk::new(settings, Lang::Zh, t0);
        let mut area = Rect { x: 0, y: 0, width: 120, height: 36 };
        for (i, (ev, pick)) in events.iter().enumerate() {
            let now = t0 + Duration::from_millis(i as u64 * 7);
            if let Event::Resize(w, h) = ev {
                area = Rect { x: 0, y: 0, width: (*w).max(1), height: (*h).max(1) };
            }
            if let Some(a) = k.map_event(ev, area) {
                for e in k.update(a, now) {
                    if let Some(o) = answer(&e, *pick) {
                        let _ = k.on_outcome(o, now);
                    }
                }
            }
            let _ = k.update(Action::Tick, now);
            if i % 8 == 7 || i + 1 == events.len() {
                let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(area.width, area.height)).unwrap();
                term.draw(|f| k.draw(f)).unwrap();
            }
            // The kiosk never leaves or hands over without a staff PIN (no answer above accepts one).
            prop_assert!(k.switch().is_none());
        }
    }
}

// ---- Printer replies ------------------------------------------------------------------------

proptest! {
    #![proptest_config(cases(48))]

    #[test]
    fn printer_replies_never_crash_and_noise_is_never_success(
        reply in proptest::collection::vec(any::<u8>(), 0..24),
        per_question in any::<bool>(),
    ) {
        use std::io::{Read, Write};
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let r = reply.clone();
        let h = std::thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            s.set_read_timeout(Some(Duration::from_millis(400))).unwrap();
            let mut b = [0u8; 512];
            let mut sent = false;
            while let Ok(n) = s.read(&mut b) {
                if n == 0 { break; }
                if per_question || !sent {
                    let _ = s.write_all(&r);
                    sent = true;
                }
            }
        });
        let t = certdesk::printer::Target::Tcp { host: "127.0.0.1".into(), port };
        let job = certdesk::printer::PrintJob { serial: 1, bytes: b"\x1b@fuzz\n".to_vec(), preview: String::new() };
        let res = certdesk::printer::send(&t, &job, Duration::from_millis(150), true);
        if !reply.iter().any(|&b| certdesk::printer::is_status_byte(b)) {
            prop_assert!(res.is_err(), "{reply:?} taken for a good status");
        }
        let _ = certdesk::printer::query_status(&t, Duration::from_millis(50));
        let _ = h.join();
    }
}

// ---- Checked-in seeds -------------------------------------------------------------------------

#[test]
fn every_corpus_file_goes_through_every_parser() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_corpus");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let bytes = std::fs::read(&p).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for line in text.lines() {
            let _ = verify(line);
            let _ = id::ResidentId::parse(line, today());
            let _ = uscc::check(line);
        }
        let _ = Config::parse(&text, &p);
        let tmp = tempfile::tempdir().unwrap();
        for ext in ["csv", "xlsx"] {
            let f = tmp.path().join(format!("seed.{ext}"));
            std::fs::write(&f, &bytes).unwrap();
            import(&f);
        }
        n += 1;
    }
    assert!(n >= 5, "corpus missing");
}
