//! Lock-out without lock-out abuse (SPEC §3; issue 8 items 1 and 2), through the live service the
//! kiosk's worker runs, against a real home (SQLite file, audit key).
//!
//! - Per ID: five wrong second factors within 15 minutes lock that ID (kept).
//! - Per kiosk: failures for any ID slow the kiosk down (growing delays) but never refuse the next
//!   holder with the right code.
//! - Staff PINs: locked after five wrong within the window, audited.

use certdesk::app::kiosk::{Effect, Outcome};
use certdesk::app::staff::{self, Outcome as Staff, Purpose};
use certdesk::app::worker::Services;
use certdesk::domain::throttle::Lockout;
use certdesk::domain::{Gender, Holder};
use certdesk::home::Home;
use certdesk::service::Live;
use certdesk::store::staff::PinCheck;
use certdesk::store::{Role, Store};
use chrono::{NaiveDate, NaiveDateTime};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ID: &str = "11010519491231002X";
const FACTOR: &str = "8000";

fn start() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap()
}

struct Kiosk {
    _tmp: tempfile::TempDir,
    dir: std::path::PathBuf,
    clock: Arc<Mutex<NaiveDateTime>>,
    live: Live,
}

impl Kiosk {
    fn new() -> Kiosk {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("home");
        Home::init(&dir, start().date()).unwrap();
        let store = Store::open(dir.join("certdesk.db")).unwrap();
        store
            .holders()
            .upsert(&Holder {
                id_number: ID.into(),
                name: "王秀英".into(),
                gender: Gender::Female,
                mobile: Some("13800138000".into()),
                employer: None,
                employer_code: None,
            })
            .unwrap();
        store.staff().add("0001", "李娜", "246810", Role::Supervisor).unwrap();
        let clock = Arc::new(Mutex::new(start()));
        let c = clock.clone();
        let live_clock = certdesk::clock::Clock::from_fn(move || *c.lock().unwrap());
        let settings = certdesk::settings::Settings::resolve(&dir, None, live_clock).unwrap();
        let live = Live::open(&settings, certdesk::store::OpenCheck::Skip).unwrap();
        Kiosk { _tmp: tmp, dir, clock, live }
    }

    fn advance(&self, secs: i64) {
        *self.clock.lock().unwrap() += chrono::Duration::seconds(secs);
    }

    fn identify(&mut self, id: &str, factor: &str) -> Outcome {
        let mut p = |_o| {};
        let e = Effect::Identify { id: id.into(), factor: factor.into() };
        match self.live.run(e.into(), &mut p).unwrap() {
            certdesk::app::Outcome::Kiosk(o) => o,
            other => panic!("{other:?}"),
        }
    }

    fn staff(&mut self, staff_id: &str, pin: &str) -> Staff {
        let mut p = |_o| {};
        let e = staff::Effect::Login { staff_id: staff_id.into(), pin: pin.into(), purpose: Purpose::KioskExit };
        match self.live.run(e.into(), &mut p).unwrap() {
            certdesk::app::Outcome::Staff(o) => o,
            other => panic!("{other:?}"),
        }
    }

    fn actions(&self) -> Vec<String> {
        let s = Home::open(&self.dir).unwrap().store().unwrap();
        let n = s.audit().verify().unwrap();
        s.audit().entries(1, n as usize).unwrap().into_iter().map(|e| e.action).collect()
    }
}

/// Valid-looking ID numbers nobody holds (checksum computed).
fn stranger(i: u32) -> String {
    let body = format!("1101051980{:02}{:02}{:03}", 1 + i % 12, 1 + i % 28, i % 1000);
    let c = certdesk::domain::id::check_char(body.as_bytes());
    format!("{body}{c}")
}

#[test]
fn honest_holder_is_never_refused_after_strangers_mistype_at_the_same_kiosk() {
    let mut k = Kiosk::new();
    // Twelve people (or one attacker walking through IDs) get it wrong at this kiosk.
    for i in 0..12 {
        let o = k.identify(&stranger(i), "1234");
        assert!(matches!(o, Outcome::Denied { .. }), "{i}: {o:?}");
        k.advance(60); // each waited out the kiosk's delay
    }
    // The old per-kiosk lock refused everyone now; the next holder with the right code gets in.
    let o = k.identify(ID, FACTOR);
    assert!(matches!(o, Outcome::Identified(_)), "{o:?}");
}

#[test]
fn a_kiosk_slows_down_enumeration_with_growing_delays() {
    let mut k = Kiosk::new();
    let rule = Lockout { max: 5, window_minutes: 15 };
    let b = certdesk::domain::throttle::Backoff::KIOSK;
    let store = Home::open(&k.dir).unwrap().store().unwrap();
    let mut waits = vec![];
    for i in 0..8 {
        let _ = k.identify(&stranger(i), "1234");
        k.advance(1);
        waits.push(store.factor_wait("kiosk-01", *k.clock.lock().unwrap(), rule, b).unwrap().as_secs());
    }
    // Free for honest typos, then growing (1 s later each time: the clock moved 1 s).
    assert_eq!(waits, vec![0, 0, 0, 0, 0, 1, 3, 7], "{waits:?}");
    // The live service really waits before answering (on the worker thread, not the screen):
    // 7 s earned, 5 s of it already passed.
    k.advance(5);
    let t0 = Instant::now();
    let o = k.identify(ID, FACTOR);
    assert!(t0.elapsed() >= Duration::from_secs(2), "answered after {:?}", t0.elapsed());
    assert!(matches!(o, Outcome::Identified(_)), "even after waiting: {o:?}");
}

#[test]
fn five_wrong_codes_lock_that_id_only() {
    let mut k = Kiosk::new();
    for n in 1..=5 {
        let o = k.identify(ID, "1111");
        k.advance(30);
        if n < 5 {
            assert_eq!(o, Outcome::Denied { attempts_left: 5 - n });
        } else {
            assert_eq!(o, Outcome::Locked { minutes: 15 });
        }
    }
    assert_eq!(k.identify(ID, FACTOR), Outcome::Locked { minutes: 15 }, "right code refused while locked");
    // Unknown IDs get the same answers (no way to tell who is registered).
    let s = stranger(77);
    for n in 1..=4 {
        assert_eq!(k.identify(&s, "1111"), Outcome::Denied { attempts_left: 5 - n });
        k.advance(30);
    }
    // After the window the holder gets in again.
    k.advance(16 * 60);
    assert!(matches!(k.identify(ID, FACTOR), Outcome::Identified(_)));
    let a = k.actions();
    assert!(a.iter().any(|x| x == "kiosk.locked") && a.iter().any(|x| x == "kiosk.locked_attempt"), "{a:?}");
}

#[test]
fn staff_key_at_the_kiosk_locks_the_terminal_not_the_account_and_every_step_is_audited() {
    let mut k = Kiosk::new();
    for _ in 0..4 {
        assert_eq!(k.staff("0001", "000000"), Staff::Denied);
        k.advance(30);
    }
    assert_eq!(k.staff("0001", "000000"), Staff::Locked { minutes: 15 }, "the fifth locks this kiosk's staff key");
    k.advance(30);
    // 127 wrong PINs then the right one used to work; now the right one is refused while locked.
    assert_eq!(k.staff("0001", "246810"), Staff::Locked { minutes: 15 });
    let a = k.actions();
    assert_eq!(a.iter().filter(|x| *x == "staff.pin_failed").count(), 5, "{a:?}");
    assert!(a.iter().any(|x| x == "kiosk.staff_key_locked"), "{a:?}");
    assert!(a.iter().any(|x| x == "kiosk.staff_key_locked_attempt"), "{a:?}");
    assert!(!a.iter().any(|x| x == "kiosk.staff_exit"), "{a:?}");
    // Issue 17 §1: the account is not locked; the desk takes the right PIN at once.
    let c = k.clock.clone();
    let settings = certdesk::settings::Settings::resolve(
        &k.dir,
        None,
        certdesk::clock::Clock::from_fn(move || *c.lock().unwrap()),
    )
    .unwrap();
    let desk = certdesk::service::desk::Desk::open(&settings).unwrap();
    assert!(matches!(desk.login("0001", "246810").unwrap(), certdesk::service::desk::Login::Ok(_)));
    assert!(!k.actions().iter().any(|x| x == "staff.locked"));
    k.advance(16 * 60);
    assert!(matches!(k.staff("0001", "246810"), Staff::Accepted(_)));
}

#[test]
fn staff_pin_rule_at_the_store() {
    let s = Store::open_in_memory().unwrap();
    s.staff().add("0007", "张三", "1357", Role::Clerk).unwrap();
    let rule = Lockout { max: 3, window_minutes: 10 };
    let t = start();
    assert_eq!(s.staff().verify_pin("0007", "0000", "desk", t, rule).unwrap(), PinCheck::Denied { attempts_left: 2 });
    assert_eq!(s.staff().verify_pin("0007", "1357", "desk", t, rule).unwrap(), PinCheck::Ok, "success clears");
    for left in [2, 1] {
        assert_eq!(
            s.staff().verify_pin("0007", "0000", "desk", t, rule).unwrap(),
            PinCheck::Denied { attempts_left: left }
        );
    }
    assert_eq!(s.staff().verify_pin("0007", "0000", "desk", t, rule).unwrap(), PinCheck::Locked { minutes: 10 });
    assert_eq!(s.staff().verify_pin("0007", "1357", "desk", t, rule).unwrap(), PinCheck::Locked { minutes: 10 });
    // Unknown ids count the same way (no id probing).
    assert_eq!(s.staff().verify_pin("9999", "1357", "desk", t, rule).unwrap(), PinCheck::Denied { attempts_left: 2 });
    // An administrator can lift the lock.
    assert_eq!(s.staff().clear_failures("0007").unwrap(), 3);
    assert_eq!(s.staff().verify_pin("0007", "1357", "desk", t, rule).unwrap(), PinCheck::Ok);
}

#[test]
fn the_kiosk_delay_never_freezes_the_screen() {
    use certdesk::app::kiosk::Screen;
    use certdesk_testkit::{self as testkit, TestHome};
    use crossterm::event::KeyCode;
    let s = TestHome::new("file:spool");
    // Six strangers failed at this kiosk a moment ago (test clock): the next answer waits 2 s.
    let store = s.store();
    let station = s.home().config.kiosk.id.clone();
    for i in 0..6 {
        store.record_factor_failure(&store.id_key(&stranger(i)), &station, testkit::now()).unwrap();
    }
    drop(store);
    let mut rt = s.kiosk();
    rt.type_str(ID);
    rt.enter();
    rt.type_str(FACTOR);
    rt.enter();
    assert!(matches!(rt.kiosk().screen, Screen::Checking { .. }), "{:?}", rt.kiosk().screen);
    // While the worker waits out the delay, the screen still answers keys and draws.
    let before = rt.kiosk().lang;
    rt.key(KeyCode::F(2));
    assert_ne!(rt.kiosk().lang, before, "the language key was not handled during the delay");
    assert!(rt.rt.busy(), "the delay is over already: this test proves nothing");
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    term.draw(|f| rt.rt.mode().draw(f)).unwrap();
    // And then the honest holder gets in.
    rt.settle();
    assert!(matches!(rt.kiosk().screen, Screen::Certificates { .. }), "{:?}", rt.kiosk().screen);
}
