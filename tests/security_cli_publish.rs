//! Issue 17 §9: `certdesk publish` proves who acts. It signs and writes the bureau's trust list
//! and a fresh revocation list for the phone page; once the home has an active supervisor or
//! admin it needs `--staff ID` and that member's PIN (`--pin-stdin` here; a hidden prompt on a
//! terminal), checked through the one staff PIN gate. A missing, wrong or garbage PIN writes
//! nothing (no page, no list, not even the station's own revocation list) and is counted; the
//! right one publishes, audited as the verified member, never "admin".

mod support;

use support::{certdesk, certdesk_stdin, text, Station};

#[test]
fn publish_needs_the_acting_members_pin_and_writes_nothing_without_it() {
    let st = Station::new("file:spool");
    let (sup, pin) = certdesk_testkit::STAFF;
    let www = st.tmp.path().join("www");
    let www_arg = www.to_str().unwrap();
    let own_list = st.home().revocations_path();
    let own_before = std::fs::read(&own_list).ok();
    let entries_before = st.actions().len();
    let nothing_written = |why: &str| {
        assert!(!www.exists(), "{why}: the page folder was written");
        assert_eq!(std::fs::read(&own_list).ok(), own_before, "{why}: the station's own list was rewritten");
    };

    // No --staff: refused with what to add.
    let o = certdesk(&st.dir, &["publish", www_arg]);
    assert!(!o.status.success() && text(&o).contains("--staff"), "{}", text(&o));
    nothing_written("no --staff");
    // --staff without --pin-stdin, stdin not a terminal: no PIN can be asked, refused.
    let o = certdesk_stdin(&st.dir, &["publish", www_arg, "--staff", sup], "");
    assert!(!o.status.success() && text(&o).contains("--pin-stdin"), "{}", text(&o));
    nothing_written("no way to ask the PIN");
    // A missing PIN (empty stdin), a wrong one, garbage: refused, nothing written.
    for bad in ["", "\n", "000000\n", "abc\u{202e}\n"] {
        let o = certdesk_stdin(&st.dir, &["publish", www_arg, "--staff", sup, "--pin-stdin"], bad);
        assert!(!o.status.success() && text(&o).contains("PIN 不对"), "{bad:?}: {}", text(&o));
        nothing_written(bad);
    }
    // Nothing was published or exported in anyone's name; the failures were counted and audited.
    let a = st.actions();
    assert!(!a[entries_before..].iter().any(|(x, _)| x == "keys.export" || x == "revocations.export"), "{a:?}");
    assert!(a[entries_before..].iter().filter(|(x, _)| x == "staff.pin_failed").count() >= 4, "{a:?}");

    // The right PIN: published, both lists audited as the verified member.
    let o = certdesk_stdin(&st.dir, &["publish", www_arg, "--staff", sup, "--pin-stdin"], &format!("{pin}\n"));
    assert!(o.status.success(), "{}", text(&o));
    for f in ["index.html", "404.html", "page.json", "trust.json", "trust.toml", "revocations.txt"] {
        assert!(www.join(f).exists(), "{f} not published");
    }
    let a = st.actions();
    for action in ["keys.export", "revocations.export"] {
        assert_eq!(a[entries_before..].iter().filter(|(x, _)| x == action).count(), 1, "{action}: {a:?}");
    }
    let store = st.store();
    let n = store.audit().verify().unwrap();
    let entries = store.audit().entries(1, n as usize).unwrap();
    for action in ["keys.export", "revocations.export"] {
        let e = entries.iter().rev().find(|e| e.action == action).unwrap();
        assert_eq!(e.actor, sup, "{action} audited as the verified member");
    }
    let acts = entries.iter().rev().find(|e| e.action == "cli.staff_acts").unwrap();
    assert_eq!((acts.detail["staff"].as_str(), acts.detail["command"].as_str()), (Some(sup), Some("publish")));
}
