//! The test kit's scripted scenarios (issue 14): a line of keys driven through the runtime's
//! real key path, the rendered screen back. Guards that a script does what the keys do.

use certdesk::app::desk::Screen;
use certdesk::app::Target;
use certdesk_testkit::{desk, TestHome, STAFF, STAFF_NAME};

#[test]
fn a_script_signs_in_through_the_real_key_path() {
    let h = TestHome::new("file:spool");
    let mut rt = h.runtime(Target::DeskLogin);
    let before = rt.screen();
    assert!(before.contains("工作人员登录"), "{before}");
    let after = rt.script(&format!("{} <Enter> {} <Enter>", STAFF.0, STAFF.1));
    let who = desk(&rt).staff.as_ref().expect("signed in by the script");
    assert_eq!(who.name, STAFF_NAME);
    assert!(!after.contains("工作人员登录"), "{after}");
    assert!(after.contains(STAFF_NAME), "the signed-in clerk is named on the screen:\n{after}");
    assert!(matches!(desk(&rt).screen, Screen::Home { .. }), "{:?}", desk(&rt).screen);
}

#[test]
#[should_panic(expected = "bad script")]
fn a_garbage_script_fails_the_test() {
    let h = TestHome::new("file:spool");
    let mut rt = h.runtime(Target::DeskLogin);
    rt.script("<NoSuchKey>");
}
