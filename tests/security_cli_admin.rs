//! Issue 17 §9 (the rest): `staff …`, `jobs reprint`, `keys …` and `calendar add` prove who
//! acts. Once a home has an active supervisor or admin, each needs `--staff ID` and that
//! member's PIN (`--pin-stdin` here; a hidden prompt on a terminal), checked through the one
//! staff PIN gate: wrong and garbage PINs are refused and counted, five lock the number (the
//! right PIN is then refused too), a clerk cannot manage staff, keys or the calendar, and the
//! audit names the verified member. The last supervisor cannot be disabled (which would switch
//! the proof off).

mod support;

use support::{certdesk, certdesk_stdin, text, Station};

#[test]
fn administration_commands_need_the_acting_members_pin() {
    let st = Station::new("file:spool");
    let (sup, pin) = certdesk_testkit::STAFF;
    let staff_ids = || st.store().staff().list().unwrap().into_iter().map(|m| m.staff_id).collect::<Vec<_>>();

    // No --staff: refused, nothing added, a clear word on what to add.
    let o = certdesk_stdin(&st.dir, &["staff", "add", "0009", "--name", "周敏"], "2468\n");
    assert!(!o.status.success() && text(&o).contains("--staff"), "{}", text(&o));
    // A wrong PIN, then garbage: refused, nothing added.
    let add = |input: &str| {
        certdesk_stdin(&st.dir, &["staff", "add", "0009", "--name", "周敏", "--staff", sup, "--pin-stdin"], input)
    };
    for bad in ["000000\n2468\n", "abc\n2468\n", "\n"] {
        let o = add(bad);
        assert!(!o.status.success() && text(&o).contains("PIN 不对"), "{bad:?}: {}", text(&o));
    }
    assert!(!staff_ids().contains(&"0009".to_string()), "nothing added");
    // The right PIN (first line), then the new member's PIN (second line): added, audited by 0001.
    let o = add(&format!("{pin}\n2468\n"));
    assert!(o.status.success(), "{}", text(&o));
    assert!(staff_ids().contains(&"0009".to_string()));
    let a = st.actions();
    assert!(a.iter().any(|(x, d)| x == "staff.add" && d["staff"] == "0009"), "{a:?}");

    // A clerk proves who they are but may not manage staff, keys or the calendar.
    let as_clerk = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--staff", "0009", "--pin-stdin"]);
        certdesk_stdin(&st.dir, &all, "2468\n")
    };
    for args in [vec!["staff", "disable", sup], vec!["keys", "new", "--rotate"], vec!["calendar", "add", "x.toml"]] {
        let o = as_clerk(&args);
        assert!(!o.status.success() && text(&o).contains("clerk"), "{args:?}: {}", text(&o));
    }
    // jobs reprint is any staff member's, but still proven: a wrong PIN is refused before
    // anything is looked up or sent.
    let o = certdesk_stdin(&st.dir, &["jobs", "reprint", "1", "--staff", "0009", "--pin-stdin"], "1111\n");
    assert!(!o.status.success() && text(&o).contains("PIN 不对"), "{}", text(&o));

    // The last supervisor cannot be disabled, even with the right PIN.
    let o = certdesk_stdin(&st.dir, &["staff", "disable", sup, "--staff", sup, "--pin-stdin"], &format!("{pin}\n"));
    assert!(!o.status.success() && text(&o).contains("最后一位"), "{}", text(&o));

    // Wrong PINs on `keys new`, `calendar add`, `staff unlock`: counted on the same number; the
    // fifth locks it, and then the right PIN is refused too. Nothing was done.
    let trust_before = std::fs::read(st.home().trust_path()).unwrap();
    let tries: [&[&str]; 5] = [
        &["keys", "new", "--rotate"],
        &["calendar", "add", "x.toml"],
        &["staff", "unlock", "0009"],
        &["keys", "retire", "abcd"],
        &["staff", "reset-pin", "0009"],
    ];
    for (i, args) in tries.iter().enumerate() {
        let mut all = args.to_vec();
        all.extend(["--staff", sup, "--pin-stdin"]);
        let o = certdesk_stdin(&st.dir, &all, "999999\n");
        assert!(!o.status.success(), "{args:?}");
        let said = text(&o);
        assert!(if i < 4 { said.contains("PIN 不对") } else { said.contains("已锁定") }, "{args:?}: {said}");
    }
    let o = certdesk_stdin(&st.dir, &["keys", "new", "--rotate", "--staff", sup, "--pin-stdin"], &format!("{pin}\n"));
    assert!(!o.status.success() && text(&o).contains("已锁定"), "{}", text(&o));
    assert_eq!(std::fs::read(st.home().trust_path()).unwrap(), trust_before, "no key was made");
    let a = st.actions();
    let failed = |who: &str| a.iter().filter(|(x, d)| x == "staff.pin_failed" && d["staff"] == who).count();
    assert_eq!((failed(sup), failed("0009")), (8, 1), "3 at staff add and 5 here; the clerk's one: {a:?}");
    assert!(!a.iter().any(|(x, _)| x == "keys.new" || x == "staff.unlock" || x == "staff.reset_pin"), "{a:?}");

    // Unlocked (by the store here: the other manager would run `staff unlock`), the right PIN
    // acts and the audit names the verified member.
    st.store().staff().clear_failures(sup).unwrap();
    let o = certdesk_stdin(&st.dir, &["keys", "new", "--rotate", "--staff", sup, "--pin-stdin"], &format!("{pin}\n"));
    assert!(o.status.success(), "{}", text(&o));
    let store = st.store();
    let n = store.audit().verify().unwrap();
    let entries = store.audit().entries(1, n as usize).unwrap();
    let made = entries.iter().find(|e| e.action == "keys.new").expect("audited");
    assert_eq!(made.actor, sup, "the verified member, not a bare claim");
    assert!(!certdesk(&st.dir, &["staff", "list"]).stdout.is_empty());
}
