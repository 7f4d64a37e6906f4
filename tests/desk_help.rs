//! The desk's help (issue 14: key map, key bar, clicks and help cannot disagree): F1 where the
//! screen gives F1 nothing else, `?` where nothing is typed, drawn from the screen's command
//! table; any key closes it and does nothing else.

use certdesk::app::desk::commands;
use certdesk::app::desk::Screen;
use certdesk::app::Target;
use certdesk_testkit::{desk, render, Driver, TestHome, STAFF};

fn signed_in(h: &TestHome) -> Driver {
    let mut rt = h.runtime(Target::DeskLogin);
    rt.area = ratatui::layout::Rect::new(0, 0, 120, 36);
    rt.script(&format!("{} <Enter> {} <Enter>", STAFF.0, STAFF.1));
    assert!(matches!(desk(&rt).screen, Screen::Home { .. }), "{:?}", desk(&rt).screen);
    rt
}

/// The help is open and lists, on screen, every line `commands::help` gives for the screen.
fn shows_the_tables_help(rt: &Driver) {
    let d = desk(rt);
    assert!(d.help, "the help is not open");
    let shown = render(d, 120, 36);
    let lines = commands::help(d, d.lang);
    assert!(lines.len() > 3, "{lines:?}");
    for l in &lines {
        assert!(shown.contains(l), "{l:?} is not in the help:\n{shown}");
    }
    assert!(shown.contains("本页按键"), "{shown}");
}

#[test]
fn question_mark_on_the_queue_lists_its_table_and_any_key_closes_it() {
    let h = TestHome::new("file:spool");
    let mut rt = signed_in(&h);
    let before = rt.screen();
    rt.script("?");
    shows_the_tables_help(&rt);
    // F1 on the queue is 取号 (its table's own F1): listed in the help, not the help's key.
    assert!(commands::help(desk(&rt), desk(&rt).lang).contains(&"F1取号"));
    // Closing takes the key: Esc does not also leave the queue.
    let after = rt.script("<Esc>");
    assert!(!desk(&rt).help);
    assert!(matches!(desk(&rt).screen, Screen::Home { .. }));
    assert_eq!(after, before);
}

#[test]
fn f1_on_the_queue_still_takes_a_ticket() {
    let h = TestHome::new("file:spool");
    let mut rt = signed_in(&h);
    rt.script("<F1>");
    assert!(!desk(&rt).help);
    let Screen::Home { queue, .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(queue.len(), 1, "F1 took a ticket");
}

#[test]
fn on_the_visitor_form_a_question_mark_is_typed_and_f1_is_the_help() {
    let h = TestHome::new("file:spool");
    let mut rt = signed_in(&h);
    rt.script("<F4> <Enter> 王?");
    let Screen::Intake { form, .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(form.name, "王?", "the ? went into the name field");
    assert!(!desk(&rt).help);
    rt.script("<F1>");
    shows_the_tables_help(&rt);
    rt.script("x");
    assert!(!desk(&rt).help);
    let Screen::Intake { form, .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(form.name, "王?", "the key that closed the help typed nothing");
}

#[test]
fn an_idle_logout_closes_the_help() {
    let h = TestHome::new("file:spool");
    let mut rt = signed_in(&h);
    rt.script("?");
    assert!(desk(&rt).help);
    let later = std::time::Instant::now() + std::time::Duration::from_secs(3600);
    rt.dispatch(certdesk::app::Action::Tick, later);
    rt.settle();
    assert!(desk(&rt).staff.is_none());
    assert!(!desk(&rt).help, "the help stayed open over the login");
}
