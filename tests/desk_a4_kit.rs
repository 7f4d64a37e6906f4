//! The desk's paper kit (faces, templates, seal key) is read once, on the desk's first A4
//! print, and kept (issue 16): a template broken after that print does not reach the next one.
//! Before the kit loads, a broken template gives the clerk a message that names the problem,
//! and the print after it is mended works without restarting the desk.

mod support;

use certdesk::app::desk::{Note, Screen};
use certdesk::app::Target;
use certdesk_testkit::{desk, Driver, TestHome};
use crossterm::event::KeyCode;

use support::a4::noticed_case;

fn printed(rt: &Driver) -> Option<(String, u64)> {
    match &desk(rt).note {
        Some(Note::PrintedA4 { number, job, fault: None, .. }) => Some((number.clone(), *job)),
        _ => None,
    }
}

#[test]
fn the_kit_is_read_once_and_a_broken_template_is_named_to_the_clerk() {
    let fonts = certdesk_paper::Fonts::find(None, None).is_ok();
    assert!(fonts || std::env::var_os("CI").is_none(), "fonts-noto-cjk missing under CI");
    if !fonts {
        return;
    }
    let h = TestHome::new("file:spool");
    let templates = h.dir.join("templates.toml");
    // Not TOML at all: the kit cannot load.
    std::fs::write(&templates, "[notice\ntitle = ").unwrap();
    let mut rt = h.runtime(Target::DeskLogin);
    noticed_case(&mut rt);
    rt.key(KeyCode::F(5));
    rt.settle();
    assert!(printed(&rt).is_none(), "{:?}", desk(&rt).note);
    let screen = certdesk_testkit::render(rt.rt.mode(), 120, 36);
    let flat: String = screen.split_whitespace().collect();
    assert!(
        flat.contains("A4文书无法生成") && flat.contains("模板文件无法解析"),
        "the clerk is told what is wrong: {screen}"
    );
    assert!(matches!(desk(&rt).screen, Screen::Case { .. }));

    // Mended: the next print loads the kit and prints.
    std::fs::remove_file(&templates).unwrap();
    rt.key(KeyCode::F(5));
    rt.settle();
    let (first, _) = printed(&rt).unwrap_or_else(|| panic!("{:?}", desk(&rt).note));

    // Broken again while the desk runs: the kit was read once and is kept, so printing goes on.
    std::fs::write(&templates, "[notice\ntitle = ").unwrap();
    rt.key(KeyCode::F(5));
    rt.settle();
    let (second, _) = printed(&rt).unwrap_or_else(|| panic!("the kept kit was read again: {:?}", desk(&rt).note));
    assert_ne!(first, second, "a second notice, numbered on");
}
