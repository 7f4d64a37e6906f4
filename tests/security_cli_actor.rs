//! Issue 17 §9: staff actions on the command line prove who acts. `standing set --staff` and
//! `jobs void --staff` ask for that staff member's PIN (`--pin-stdin` here; a hidden prompt on a
//! terminal), through the one staff PIN gate: wrong PINs are refused and counted, five lock the
//! number (the desk's lock: the desk then refuses the right PIN too), and the verified number is
//! what the audit names.

mod support;

use support::{certdesk_stdin, text, Station};

#[test]
fn a_claimed_staff_number_without_its_pin_acts_on_nothing() {
    let st = Station::new("file:spool");
    let (staff, pin) = certdesk_testkit::STAFF;
    let number = certdesk_testkit::sample_certs().remove(0).number;
    let set = |input: &str| {
        certdesk_stdin(
            &st.dir,
            &["standing", "set", &number, "suspended", "--reason", "核查中", "--staff", staff, "--pin-stdin"],
            input,
        )
    };
    let standing = || st.store().holders().certificate(st.cert).unwrap().unwrap().standing;
    let before = standing();

    // Without --pin-stdin and with no terminal: refused, nothing asked, nothing done.
    let o = support::certdesk(&st.dir, &["standing", "set", &number, "suspended", "--reason", "x", "--staff", staff]);
    assert!(!o.status.success() && text(&o).contains("--pin-stdin"), "{}", text(&o));
    // Garbage and wrong PINs: refused and counted; the fifth locks the number.
    for (i, bad) in ["\n", "abc\n", "\u{0}\u{1}\n", "000000\n", "999999\n"].iter().enumerate() {
        let o = set(bad);
        assert!(!o.status.success(), "{bad:?}: {}", text(&o));
        let said = text(&o);
        if i < 4 {
            assert!(said.contains("PIN 不对"), "{said}");
        } else {
            assert!(said.contains("已锁定"), "{said}");
        }
    }
    // Locked: the right PIN is refused too, here and at the desk.
    let o = set(&format!("{pin}\n"));
    assert!(!o.status.success() && text(&o).contains("已锁定"), "{}", text(&o));
    assert_eq!(standing(), before, "nothing changed");
    let store = st.store();
    let rule = certdesk::domain::throttle::Lockout { max: 5, window_minutes: 15 };
    let now = support::now();
    assert_eq!(
        store.staff().verify_pin(staff, pin, "desk", now, rule).unwrap(),
        certdesk::store::staff::PinCheck::Locked { minutes: 15 }
    );
    // The administrator lifts the lock; the right PIN acts, and the audit names who.
    store.staff().clear_failures(staff).unwrap();
    drop(store);
    let o = set(&format!("{pin}\n"));
    assert!(o.status.success(), "{}", text(&o));
    assert_ne!(standing(), before);
    let a = st.actions();
    assert!(
        a.iter().any(|(x, d)| x == "cli.staff_acts" && d["staff"] == staff && d["command"] == "standing set"),
        "{a:?}"
    );
    assert_eq!(a.iter().filter(|(x, _)| x == "staff.pin_failed").count(), 5, "{a:?}");
}
