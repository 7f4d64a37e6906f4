//! Issue 17 §1: nobody locks staff out from the lobby. A visitor at the kiosk (F12, then any
//! staff number and wrong PINs) cannot lock a staff account; staff at the desk are still
//! protected from guessing. Both backends, through the one staff PIN gate
//! (`service::pin_gate`) the desk, the kiosk, supervisors' approvals and the CLI share.

use certdesk::clock::Clock;
use certdesk::domain::throttle::Lockout;
use certdesk::service::pin_gate::{Pause, PinGate, Place, SignIn};
use certdesk::store::db::Location;
use certdesk::store::staff::PinCheck;
use certdesk::store::{OpenCheck, Role, Store};
use certdesk_testkit::{self as testkit, pg};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const RULE: Lockout = Lockout { max: 5, window_minutes: 15 };

struct Hall {
    store: Store,
    clock: Arc<Mutex<chrono::NaiveDateTime>>,
    waits: Arc<Mutex<Vec<Duration>>>,
}

impl Hall {
    fn new(store: Store) -> Hall {
        store.staff().add("0001", "李娜", "246810", Role::Supervisor).unwrap();
        store.staff().add("0002", "张伟", "135790", Role::Clerk).unwrap();
        Hall { store, clock: Arc::new(Mutex::new(testkit::now())), waits: Arc::default() }
    }

    fn advance(&self, secs: i64) {
        *self.clock.lock().unwrap() += chrono::Duration::seconds(secs);
    }

    fn gate<T>(&self, station: &str, place: Place, f: impl FnOnce(&PinGate) -> T) -> T {
        let c = self.clock.clone();
        let clock = Clock::from_fn(move || *c.lock().unwrap());
        let w = self.waits.clone();
        let c = self.clock.clone();
        // Waiting out a delay takes that long on the test clock.
        let pause: Pause = Arc::new(move |d| {
            w.lock().unwrap().push(d);
            *c.lock().unwrap() += chrono::Duration::from_std(d).unwrap();
        });
        f(&PinGate { store: &self.store, station, clock: &clock, rule: RULE, place, pause: &pause })
    }

    fn kiosk(&self, station: &str, staff: &str, pin: &str) -> PinCheck {
        self.gate(station, Place::Lobby, |g| g.check(staff, pin).unwrap())
    }

    fn desk(&self, staff: &str, pin: &str) -> SignIn {
        self.gate("kiosk-01-desk", Place::Counter, |g| g.sign_in(staff, pin, "desk.login").unwrap())
    }

    fn actions(&self) -> Vec<(String, serde_json::Value)> {
        let n = self.store.audit().verify().unwrap();
        self.store.audit().entries(1, n as usize).unwrap().into_iter().map(|e| (e.action, e.detail)).collect()
    }
}

fn exercise(h: Hall) {
    // The attack: a visitor presses F12 at kiosk-01 and types wrong PINs for the supervisor's
    // short, guessable number, as fast as the kiosk answers, for an hour.
    let start = *h.clock.lock().unwrap();
    let mut answers = vec![];
    while *h.clock.lock().unwrap() < start + chrono::Duration::hours(1) {
        answers.push(h.kiosk("kiosk-01", "0001", "000000"));
        h.advance(10);
    }
    assert_eq!(answers[..4], [1, 2, 3, 4].map(|n| PinCheck::Denied { attempts_left: 5 - n }));
    assert_eq!(answers[4], PinCheck::Locked { minutes: 15 }, "the fifth locks the terminal's staff key");
    // Each 15-minute window answers at most 5 guesses at this terminal: 20 in the hour.
    let guessed = h.actions().iter().filter(|(x, d)| x == "staff.pin_failed" && d["at"] == "lobby").count();
    assert!(answers.len() > 300 && guessed <= 5 * 5, "{guessed} guesses answered of {}", answers.len());
    // The supervisor, at the desk, signs in with the right PIN: the account was never locked.
    assert!(matches!(h.desk("0001", "246810"), SignIn::Ok(m) if m.staff_id == "0001"));
    // Another kiosk's staff key is not locked by kiosk-01's failures.
    assert_eq!(h.kiosk("kiosk-02", "0002", "135790"), PinCheck::Ok);

    // Staff at the desk are still protected from guessing: five wrong PINs behind the counter
    // lock the number, and then the right PIN is refused everywhere, the kiosk included.
    for left in [4, 3, 2, 1] {
        assert_eq!(h.desk("0002", "000000"), SignIn::Denied { attempts_left: left });
    }
    assert_eq!(h.desk("0002", "000000"), SignIn::Locked { minutes: 15 });
    assert_eq!(h.desk("0002", "135790"), SignIn::Locked { minutes: 15 });
    assert_eq!(h.kiosk("kiosk-02", "0002", "135790"), PinCheck::Locked { minutes: 15 });

    // After the window both locks are over.
    h.advance(16 * 60);
    assert_eq!(h.kiosk("kiosk-01", "0001", "246810"), PinCheck::Ok);
    assert!(matches!(h.desk("0002", "135790"), SignIn::Ok(_)));

    // Behind the counter the station slows down after its free typos (growing delays).
    assert!(h.waits.lock().unwrap().iter().any(|w| *w >= Duration::from_secs(1)), "{:?}", h.waits.lock().unwrap());
    // Audited: each lobby failure (marked as such), the terminal's lock; never a lock of 0001.
    let a = h.actions();
    assert!(guessed >= 5, "{a:?}");
    assert!(a.iter().any(|(x, _)| x == "kiosk.staff_key_locked"), "{a:?}");
    assert!(a.iter().any(|(x, _)| x == "kiosk.staff_key_locked_attempt"), "{a:?}");
    assert!(!a.iter().any(|(x, d)| x == "staff.locked" && d["staff"] == "0001"), "0001 was locked: {a:?}");
    assert!(a.iter().any(|(x, d)| x == "staff.locked" && d["staff"] == "0002"), "{a:?}");
    assert!(a.iter().any(|(x, d)| x == "desk.login" && d["staff"] == "0001"), "{a:?}");

    // Garbage at the kiosk's prompt: refused, counted against the terminal, nothing raw kept.
    for (staff, pin) in [("", ""), (testkit::ID, "1234"), ("0001\u{202e}", "246810"), ("'; DROP TABLE staff;--", "x")] {
        assert!(matches!(h.kiosk("kiosk-03", staff, pin), PinCheck::Denied { .. } | PinCheck::Locked { .. }));
    }
    let text = format!("{:?}", h.actions());
    assert!(!text.contains(testkit::ID), "a raw ID number in the audit log");
    assert!(h.store.staff().get("0001").unwrap().is_some(), "the staff table is still there");
}

#[test]
fn a_visitor_cannot_lock_staff_out_from_the_kiosk_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    exercise(Hall::new(Store::open(dir.path().join("certdesk.db")).unwrap()));
}

#[test]
fn a_visitor_cannot_lock_staff_out_from_the_kiosk_on_postgresql() {
    let Some(url) = pg::fresh_url("lobby pin") else { return };
    exercise(Hall::new(Store::open_at(&Location::Postgres(url), OpenCheck::Skip).unwrap()));
}
