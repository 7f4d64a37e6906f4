//! Mode switching lives in the runtime (issue 14, Build 2): a mode's `update`, `on_outcome` and
//! `tick` return a `Step` (its effects and whether to switch), and the runtime carries the switch
//! out: builds the next mode, starts it, or ends. One of each, through the real key path.

use certdesk::app::kiosk::Screen as KioskScreen;
use certdesk::app::{Action, Target};
use certdesk_testkit::{self as testkit, desk, TestHome, STAFF};
use crossterm::event::KeyCode;
use std::time::{Duration, Instant};

#[test]
fn an_answer_a_tick_and_a_key_each_switch_through_the_runtime() {
    let h = TestHome::new("file:spool");
    // An answer's switch: the kiosk's staff key and an accepted PIN open the desk.
    let mut rt = h.kiosk();
    rt.staff_key(STAFF);
    assert!(desk(&rt).from_kiosk && desk(&rt).staff.is_some(), "{:?}", desk(&rt).note);
    // A tick's switch: left idle, the desk signs out and hands back to the kiosk.
    let idle = desk(&rt).settings.idle;
    rt.dispatch(Action::Tick, Instant::now() + idle + Duration::from_secs(1));
    rt.settle();
    assert_eq!(rt.kiosk().screen, KioskScreen::Attract);
    assert!(!rt.rt.finished());
    // A key's switch: F12 on the desk's home screen closes the program.
    let mut rt = h.runtime(Target::DeskLogin);
    testkit::desk_login(&mut rt, STAFF);
    assert!(!rt.rt.finished());
    rt.f(12);
    assert!(rt.rt.finished(), "F12 on the desk's home ends the program");
    // The hall's display and a counter's rating screen: staff end them with F12.
    for target in [Target::Display, Target::Rating { counter: 1 }] {
        let mut rt = h.runtime(target.clone());
        rt.settle();
        assert!(!rt.rt.finished(), "{target:?}");
        rt.key(KeyCode::F(12));
        assert!(rt.rt.finished(), "{target:?}: F12 ends it");
    }
}

/// The desk's login screen: Back on a desk the kiosk's staff key opened asks for the kiosk (the
/// desk's `impl Mode` decides it; the screen's handler only clears the form); on a desk of its
/// own (`certdesk desk`) it asks for nothing.
#[test]
fn back_on_the_login_screen_returns_to_the_kiosk_only_from_the_kiosk() {
    use certdesk::app::desk::Desk;
    use certdesk::app::{Mode, Step, Switch};
    use certdesk::config::Lang;
    let h = TestHome::new("file:spool");
    let st = h.station();
    let now = Instant::now();
    let mut own = Desk::login(st.desk_settings(1).unwrap(), Lang::Zh, now);
    own.update(Action::Input('7'), now);
    assert_eq!(own.update(Action::Back, now), Step::default());
    let mut from_kiosk = Desk::login(st.desk_settings(1).unwrap(), Lang::Zh, now);
    from_kiosk.from_kiosk = true;
    assert_eq!(from_kiosk.update(Action::Input('7'), now), Step::default());
    assert_eq!(from_kiosk.update(Action::Back, now), Step::switch(Switch::To(Target::Kiosk)));
    assert!(matches!(&from_kiosk.screen, certdesk::app::desk::Screen::Login { staff_id, .. } if staff_id.is_empty()));
}
