//! Every kiosk screen, in zh-CN and English, at 80×24 (the smallest supported) and 120×36,
//! rendered with ratatui's TestBackend and kept as insta snapshots. The screens are reached by
//! feeding the same actions and outcomes the live app feeds.

use certdesk::app::kiosk::{Kiosk, Outcome, PrintStage, PrinterFault, Screen};
use certdesk::app::{Action, Mode, Outcome as AppOutcome};
use certdesk::config::Lang;
use certdesk_testkit::{self as testkit, kiosk, sample_identity as identity, ID};
use ratatui::{backend::TestBackend, Terminal};
use std::time::Instant;

fn render(k: &Kiosk, w: u16, h: u16) -> String {
    testkit::render(k, w, h)
}

fn drive(k: &mut Kiosk, actions: &[Action]) {
    for a in actions {
        k.update(a.clone(), Instant::now());
    }
}

fn type_str(k: &mut Kiosk, s: &str) {
    for c in s.chars() {
        k.update(Action::Input(c), Instant::now());
    }
}

/// Build each screen through the real update path.
fn screens(lang: Lang) -> Vec<(&'static str, Kiosk)> {
    let mut v = vec![];
    v.push(("attract", kiosk(lang)));

    let mut k = kiosk(lang);
    drive(&mut k, &[Action::Start]);
    type_str(&mut k, "1101051949");
    v.push(("id_partial", k));

    let mut k = kiosk(lang);
    drive(&mut k, &[Action::Start]);
    type_str(&mut k, "110105194912310021");
    v.push(("id_bad_check", k));

    let mut k = kiosk(lang);
    type_str(&mut k, ID);
    drive(&mut k, &[Action::Submit]);
    type_str(&mut k, "80");
    v.push(("factor", k));

    let mut k = kiosk(lang);
    type_str(&mut k, ID);
    drive(&mut k, &[Action::Submit]);
    type_str(&mut k, "1234");
    drive(&mut k, &[Action::Submit]);
    v.push(("checking", k));

    let mut k = kiosk(lang);
    type_str(&mut k, ID);
    drive(&mut k, &[Action::Submit]);
    type_str(&mut k, "1234");
    drive(&mut k, &[Action::Submit]);
    k.on_outcome(AppOutcome::Kiosk(Outcome::Denied { attempts_left: 3 }), Instant::now());
    v.push(("factor_denied", k));

    let mut k = kiosk(lang);
    type_str(&mut k, ID);
    drive(&mut k, &[Action::Submit]);
    type_str(&mut k, "1234");
    drive(&mut k, &[Action::Submit]);
    k.on_outcome(AppOutcome::Kiosk(Outcome::Locked { minutes: 15 }), Instant::now());
    v.push(("locked", k));

    let certs = |k: &mut Kiosk| {
        type_str(k, ID);
        drive(k, &[Action::Submit]);
        type_str(k, "8000");
        drive(k, &[Action::Submit]);
        k.on_outcome(AppOutcome::Kiosk(Outcome::Identified(identity())), Instant::now());
    };
    let mut k = kiosk(lang);
    certs(&mut k);
    v.push(("certificates", k));

    let mut k = kiosk(lang);
    certs(&mut k);
    drive(&mut k, &[Action::Down, Action::Down, Action::Print]);
    v.push(("certificates_not_printable", k));

    let mut k = kiosk(lang);
    certs(&mut k);
    drive(&mut k, &[Action::Print]);
    k.on_outcome(AppOutcome::Kiosk(Outcome::PrintStage(PrintStage::Send)), Instant::now());
    v.push(("printing", k));

    let mut k = kiosk(lang);
    certs(&mut k);
    drive(&mut k, &[Action::Print]);
    k.on_outcome(
        AppOutcome::Kiosk(Outcome::Printed {
            serial: 42, preview: "示范市应急管理局\n特种作业操作证".into()
        }),
        Instant::now(),
    );
    v.push(("done", k));

    let mut k = kiosk(lang);
    certs(&mut k);
    drive(&mut k, &[Action::Print]);
    k.on_outcome(
        AppOutcome::Kiosk(Outcome::PrintFailed { serial: Some(43), fault: PrinterFault::PaperOut }),
        Instant::now(),
    );
    v.push(("fault", k));

    let mut k = kiosk(lang);
    certs(&mut k);
    drive(&mut k, &[Action::Print]);
    k.on_outcome(AppOutcome::Kiosk(Outcome::PrintLimit { max: 3 }), Instant::now());
    v.push(("print_limit", k));

    let mut k = kiosk(lang);
    drive(&mut k, &[Action::StaffKey]);
    type_str(&mut k, "007");
    v.push(("staff", k));

    let mut k = kiosk(lang);
    k.on_outcome(AppOutcome::OutOfService, Instant::now());
    v.push(("out_of_service", k));
    v
}

#[test]
fn every_screen_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let tag = if lang == Lang::Zh { "zh" } else { "en" };
        for (name, k) in screens(lang) {
            for (w, h) in [(80, 24), (120, 36)] {
                let shot = render(&k, w, h);
                insta::assert_snapshot!(format!("{name}_{tag}_{w}x{h}"), shot);
            }
        }
    }
}

#[test]
fn no_screen_shows_the_raw_id_or_ambiguous_glyphs() {
    for lang in [Lang::Zh, Lang::En] {
        for (name, k) in screens(lang) {
            let shot = render(&k, 100, 30);
            // The ID being typed is the holder's own input; every other screen masks it.
            if !name.starts_with("id_") {
                assert!(!shot.contains(ID), "{name} shows the raw ID");
                assert!(!shot.contains("19491231"), "{name} shows the birth date digits");
            }
            for c in shot.chars() {
                let u = c as u32;
                assert!(
                    !(0x2500..=0x25FF).contains(&u)
                        && !(0x2190..=0x21FF).contains(&u)
                        && c != '\u{00B7}'
                        && c != '\u{2026}',
                    "{name}: ambiguous-width glyph {c:?}"
                );
            }
        }
    }
}

#[test]
fn english_screens_have_no_chinese_except_data() {
    for (name, k) in screens(Lang::En) {
        let shot = render(&k, 120, 36);
        // Data (names, bureau, categories, the fault message preview) may be Chinese; labels not.
        for label in ["开始", "确定", "返回", "打印", "退格", "清空", "请输入"] {
            assert!(!shot.contains(label), "{name}: untranslated label {label}");
        }
    }
}

#[test]
fn cjk_text_is_never_cut_in_half_at_the_smallest_size() {
    for lang in [Lang::Zh, Lang::En] {
        for (name, k) in screens(lang) {
            let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
            term.draw(|f| k.draw(f)).unwrap();
            let buf = term.backend().buffer();
            for y in 0..24u16 {
                // A wide glyph in the last column would be cut in half.
                let last = buf[(79u16, y)].symbol();
                assert!(unicode_width::UnicodeWidthStr::width(last) <= 1, "{name}: wide glyph cut at row {y}");
            }
        }
    }
}

#[test]
fn cursor_is_placed_in_text_inputs() {
    let mut k = kiosk(Lang::Zh);
    type_str(&mut k, "110105");
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| k.draw(f)).unwrap();
    let pos = term.get_cursor_position().unwrap();
    // Input box: body starts at x=2, row 3; text starts one column in; cursor after 6 chars.
    assert_eq!((pos.x, pos.y), (2 + 1 + 6, 3 + 2 + 1));
    assert!(matches!(k.screen, Screen::EnterId { .. }));
}

#[test]
fn a_service_error_while_checking_leads_back_home_not_to_an_empty_list() {
    let mut k = kiosk(Lang::Zh);
    type_str(&mut k, ID);
    drive(&mut k, &[Action::Submit]);
    type_str(&mut k, "8000");
    drive(&mut k, &[Action::Submit]);
    k.on_outcome(AppOutcome::ServiceError, Instant::now());
    assert!(matches!(k.screen, Screen::Fault { .. }));
    drive(&mut k, &[Action::Back]);
    assert_eq!(k.screen, Screen::Attract);
}
