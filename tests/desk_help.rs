//! The desk's help (issue 14: key map, key bar, clicks and help cannot disagree): F1 where the
//! screen gives F1 nothing else, `?` where nothing is typed, drawn from the screen's command
//! table (`commands::help_lines`); any key or click closes it and does nothing else. The
//! screens are reached the way a clerk reaches them (keys, against the real store).

use certdesk::app::desk::commands::{self, Cmd, Key};
use certdesk::app::desk::{layout, Note, Screen};
use certdesk::app::{Action, Mode, Target};
use certdesk::config::Lang;
use certdesk_testkit::{self as testkit, desk, render, Driver, TestHome, STAFF};
use crossterm::event::KeyCode;
use ratatui::layout::Rect;

const W: u16 = 120;
const H: u16 = 36;

fn signed_in(h: &TestHome) -> Driver {
    let mut rt = h.runtime(Target::DeskLogin);
    rt.area = Rect::new(0, 0, W, H);
    testkit::desk_login(&mut rt, STAFF);
    assert!(matches!(desk(&rt).screen, Screen::Home { .. }), "{:?}", desk(&rt).screen);
    rt
}

fn code(k: Key) -> KeyCode {
    match k {
        Key::F(n) => KeyCode::F(n),
        Key::Enter => KeyCode::Enter,
        Key::Esc => KeyCode::Esc,
        Key::Tab => KeyCode::Tab,
        Key::Char(c) => KeyCode::Char(c),
        Key::Hint => panic!("a hint has no key"),
    }
}

fn settle_key(rt: &mut Driver, k: KeyCode) {
    rt.key(k);
    rt.settle();
}

/// The help is open and shows, on screen, every line `commands::help_lines` gives for it.
fn shows_the_tables_help(rt: &Driver) {
    let d = desk(rt);
    assert!(d.help, "the help is not open");
    let shown = render(d, W, H);
    let lines = commands::help_lines(d, d.lang);
    assert!(lines.len() > 3, "{lines:?}");
    for l in &lines {
        assert!(shown.contains(l.as_str()), "{l:?} is not in the help:\n{shown}");
    }
    let title = if d.lang == Lang::Zh { "本页按键" } else { "Keys on this page" };
    assert!(shown.contains(title), "{shown}");
}

/// On the current screen, in both languages: the help's own key (F1 or ?) opens it through the
/// real key path; it shows one line per enabled command of the table, each naming its key; each
/// key it lists gives, through the same key path, the command of that line; Esc closes it and
/// leaves the screen as it was. Returns the commands listed.
fn check(rt: &mut Driver) -> Vec<Cmd> {
    let area = Rect::new(0, 0, W, H);
    let mut listed = vec![];
    for _ in 0..2 {
        let d = desk(rt);
        let screen = format!("{:?}", d.screen);
        let short: String = screen.chars().take(40).collect();
        let help_key = commands::table(d)
            .iter()
            .find(|c| c.enabled && c.cmd == Cmd::Help)
            .map(|c| c.key)
            .unwrap_or_else(|| panic!("{short}: no help"));
        rt.key(code(help_key));
        shows_the_tables_help(rt);
        let d = desk(rt);
        let rows: Vec<_> = commands::table(d).into_iter().filter(|c| c.enabled && c.key != Key::Hint).collect();
        let lines = commands::help_lines(d, d.lang);
        assert_eq!(lines.len(), rows.len(), "{short}");
        for (line, c) in lines.iter().zip(&rows) {
            assert!(c.key.named_by(line), "{short}: {line:?} does not name {:?}", c.key);
            assert!(line.ends_with(c.label.t(d.lang)), "{short}: {line:?}");
            let action = d
                .map_event(&testkit::key(code(c.key)), area)
                .unwrap_or_else(|| panic!("{short}: {line:?}: the key gives nothing"));
            assert_eq!(commands::resolve(d, &action).map(|r| r.cmd), Some(c.cmd), "{short}: {line:?}");
            listed.push(c.cmd);
        }
        // Closing takes the key: Esc does not also leave the screen.
        rt.key(KeyCode::Esc);
        assert!(!desk(rt).help, "{short}: Esc did not close the help");
        assert_eq!(format!("{:?}", desk(rt).screen), screen, "Esc on the help changed the screen");
        rt.key(KeyCode::F(2));
    }
    assert_eq!(desk(rt).lang, Lang::Zh);
    listed
}

#[test]
fn every_screen_has_a_help_listing_its_table_and_every_key_listed_does_what_the_line_says() {
    let h = TestHome::new("file:spool");
    let mut rt = signed_in(&h);
    let at = |rt: &Driver, f: fn(&Screen) -> bool| assert!(f(&desk(rt).screen), "{:?}", desk(rt).screen);
    let mut listed = vec![];

    listed.extend(check(&mut rt));
    settle_key(&mut rt, KeyCode::F(8));
    at(&rt, |s| matches!(s, Screen::Tasks { .. }));
    listed.extend(check(&mut rt));
    settle_key(&mut rt, KeyCode::Esc);
    settle_key(&mut rt, KeyCode::F(5));
    at(&rt, |s| matches!(s, Screen::List { .. }));
    listed.extend(check(&mut rt));
    settle_key(&mut rt, KeyCode::Esc);
    settle_key(&mut rt, KeyCode::F(11));
    at(&rt, |s| matches!(s, Screen::Reports(_)));
    listed.extend(check(&mut rt));
    settle_key(&mut rt, KeyCode::Esc);
    settle_key(&mut rt, KeyCode::Char('y'));
    at(&rt, |s| matches!(s, Screen::Appointments { .. }));
    listed.extend(check(&mut rt));
    settle_key(&mut rt, KeyCode::F(1));
    at(&rt, |s| matches!(s, Screen::PickMatter { book: true, .. }));
    listed.extend(check(&mut rt));
    settle_key(&mut rt, KeyCode::Enter);
    at(&rt, |s| matches!(s, Screen::Book { .. }));
    listed.extend(check(&mut rt));
    settle_key(&mut rt, KeyCode::Esc);
    settle_key(&mut rt, KeyCode::Esc);
    settle_key(&mut rt, KeyCode::F(4));
    settle_key(&mut rt, KeyCode::Enter);
    at(&rt, |s| matches!(s, Screen::Intake { .. }));
    listed.extend(check(&mut rt));
    settle_key(&mut rt, KeyCode::F(4));
    at(&rt, |s| matches!(s, Screen::Checklist { .. }));
    listed.extend(check(&mut rt));
    settle_key(&mut rt, KeyCode::Esc);
    at(&rt, |s| matches!(s, Screen::Case { .. }));
    listed.extend(check(&mut rt));
    settle_key(&mut rt, KeyCode::Char('t'));
    at(&rt, |s| matches!(s, Screen::CaseTime { .. }));
    listed.extend(check(&mut rt));
    settle_key(&mut rt, KeyCode::Esc);
    settle_key(&mut rt, KeyCode::Esc);
    settle_key(&mut rt, KeyCode::Char('g'));
    at(&rt, |s| matches!(s, Screen::NoticesOwed { .. }));
    listed.extend(check(&mut rt));

    // The reports' tabs are labelled by their names on the page: the help names their keys.
    assert!(listed.contains(&Cmd::TabRatings) && listed.contains(&Cmd::Provided) && listed.contains(&Cmd::Grant));
    for c in [Cmd::Help, Cmd::Logout, Cmd::TakeTicket, Cmd::Save, Cmd::Book, Cmd::CaseTime, Cmd::Open] {
        assert!(listed.contains(&c), "{c:?} never listed");
    }
}

#[test]
fn the_reports_help_names_the_keys_of_the_tabs_drawn_on_the_page() {
    let h = TestHome::new("file:spool");
    let mut rt = signed_in(&h);
    settle_key(&mut rt, KeyCode::F(11));
    rt.key(KeyCode::F(1));
    shows_the_tables_help(&rt);
    let lines = commands::help_lines(desk(&rt), Lang::Zh);
    assert!(lines.contains(&"F5 好差评".to_string()) || lines.iter().any(|l| l.starts_with("F5 ")), "{lines:?}");
    // And the tab is what F5 gives once the help is closed.
    rt.key(KeyCode::Esc);
    settle_key(&mut rt, KeyCode::F(6));
    let Screen::Reports(v) = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(v.tab, certdesk::app::desk::reports::ReportTab::Daily);
}

#[test]
fn question_mark_on_the_queue_opens_the_help_and_f1_still_takes_a_ticket() {
    let h = TestHome::new("file:spool");
    let mut rt = signed_in(&h);
    let before = rt.screen();
    rt.key(KeyCode::Char('?'));
    shows_the_tables_help(&rt);
    // F1 on the queue is 取号 (its table's own F1): listed in the help, not the help's key.
    assert!(commands::help_lines(desk(&rt), Lang::Zh).contains(&"F1取号".to_string()));
    rt.key(KeyCode::Esc);
    assert!(!desk(&rt).help);
    assert_eq!(rt.screen(), before);
    settle_key(&mut rt, KeyCode::F(1));
    assert!(!desk(&rt).help);
    let Screen::Home { queue, .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(queue.len(), 1, "F1 took a ticket");
}

#[test]
fn a_click_closes_the_help_and_does_nothing_else() {
    let h = TestHome::new("file:spool");
    let mut rt = signed_in(&h);
    settle_key(&mut rt, KeyCode::F(1));
    rt.key(KeyCode::Char('?'));
    assert!(desk(&rt).help);
    // A click on 叫号 on the key bar: it closes the help, and no ticket is called.
    let v = layout::layout(desk(&rt), rt.area);
    let item = v.key_items.iter().find(|k| k.command == Some(Cmd::CallNext)).expect("F3 on the bar").clone();
    rt.click(item.rect.x + item.rect.width / 2, item.rect.y);
    rt.settle();
    assert!(!desk(&rt).help);
    let d = desk(&rt);
    assert!(!matches!(d.note, Some(Note::Called(_))), "{:?}", d.note);
    let Screen::Home { queue, .. } = &d.screen else { panic!("{:?}", d.screen) };
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].state.code(), "waiting", "the click called the ticket");
}

#[test]
fn on_the_visitor_form_a_question_mark_is_typed_and_f1_is_the_help() {
    let h = TestHome::new("file:spool");
    let mut rt = signed_in(&h);
    settle_key(&mut rt, KeyCode::F(4));
    settle_key(&mut rt, KeyCode::Enter);
    rt.type_str("王?");
    let Screen::Intake { form, .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(form.name, "王?", "the ? went into the name field");
    assert!(!desk(&rt).help);
    rt.key(KeyCode::F(1));
    shows_the_tables_help(&rt);
    rt.key(KeyCode::Char('x'));
    assert!(!desk(&rt).help);
    let Screen::Intake { form, .. } = &desk(&rt).screen else { panic!("{:?}", desk(&rt).screen) };
    assert_eq!(form.name, "王?", "the key that closed the help typed nothing");
}

#[test]
fn an_idle_logout_closes_the_help() {
    let h = TestHome::new("file:spool");
    let mut rt = signed_in(&h);
    rt.key(KeyCode::Char('?'));
    assert!(desk(&rt).help);
    let later = std::time::Instant::now() + std::time::Duration::from_secs(3600);
    rt.dispatch(Action::Tick, later);
    rt.settle();
    assert!(desk(&rt).staff.is_none());
    assert!(!desk(&rt).help, "the help stayed open over the login");
    // The login screen has no help: F1 and ? do nothing there (? may be a character of a PIN).
    assert!(commands::table(desk(&rt)).iter().all(|c| c.cmd != Cmd::Help));
}
