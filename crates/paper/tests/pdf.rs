//! Every counter document as the poppler tools read it (issue 16 "Done means"): A4, every font
//! embedded as a subset, the required words there, the rights notice on refusals, no line
//! starting with closing punctuation (禁则). Needs poppler-utils and fonts-noto-cjk: without them
//! the tests fail under CI and say what is missing elsewhere.
//!
//! `CERTDESK_SCREENSHOTS=1` also writes each document's first page as docs/screenshots/paper_*.png
//! (pdftoppm -r 80).

// Helpers outside #[test] functions unwrap and panic too (a test file, not the product).
#![allow(clippy::unwrap_used, clippy::panic)]

use certdesk_paper::{samples, template, DocKind, Facts, Fonts, Templates};
use std::path::{Path, PathBuf};
use std::process::Command;

fn tool(name: &str) -> bool {
    let ok = Command::new(name).arg("-v").output().is_ok();
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "{name} (poppler-utils) is missing under CI");
        eprintln!("skipping: {name} (poppler-utils) is not installed");
    }
    ok
}

fn fonts() -> Option<Fonts> {
    match Fonts::find(None, None) {
        Ok(f) => Some(f),
        Err(e) => {
            assert!(std::env::var_os("CI").is_none(), "fonts-noto-cjk missing under CI: {e}");
            eprintln!("skipping: {e}");
            None
        }
    }
}

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(out.status.success(), "{cmd} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What poppler says of one PDF.
struct Read {
    info: String,
    fonts: String,
    text: String,
}

fn read(pdf: &Path) -> Read {
    let p = pdf.to_str().unwrap();
    Read { info: run("pdfinfo", &[p]), fonts: run("pdffonts", &[p]), text: run("pdftotext", &[p, "-"]) }
}

fn check_a4_and_subsets(r: &Read) {
    assert!(r.info.contains("595.276 x 841.89 pts (A4)"), "not A4:\n{}", r.info);
    let rows: Vec<&str> = r.fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(!rows.is_empty(), "no fonts:\n{}", r.fonts);
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type [encoding…] emb sub uni object ID: emb, sub, uni are the 3rd to 5th from the end.
        let n = cols.len();
        assert!(n >= 7, "{row}");
        assert_eq!((cols[n - 5], cols[n - 4]), ("yes", "yes"), "font not embedded as a subset: {row}");
        assert!(cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+', "no subset tag: {row}");
    }
}

fn check_kinsoku(text: &str) {
    for line in text.lines() {
        let t = line.trim_start();
        if let Some(c) = t.chars().next() {
            assert!(!certdesk_domain::text::closing_punctuation(c), "line starts with closing punctuation: {line:?}");
        }
        if let Some(c) = line.trim_end().chars().last() {
            assert!(!certdesk_domain::text::opening_punctuation(c), "line ends with opening punctuation: {line:?}");
        }
    }
}

fn render(fonts: &Fonts, kind: DocKind, f: &Facts, dir: &Path) -> (PathBuf, Read, usize) {
    let t = Templates::shipped().unwrap();
    let r = certdesk_paper::render_kind(fonts, &t, kind, f).unwrap();
    assert!(r.pdf.len() < 150 * 1024, "{kind:?}: {} bytes", r.pdf.len());
    let path = dir.join(format!("{}.pdf", kind.key()));
    std::fs::write(&path, &r.pdf).unwrap();
    let read = read(&path);
    (path, read, r.pages)
}

/// Flattened text (pdftotext breaks lines where the paper does).
fn flat(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_kind_is_a4_with_subset_fonts_and_its_required_words() {
    if !tool("pdfinfo") {
        return;
    }
    let Some(fonts) = fonts() else { return };
    let dir = tempfile::tempdir().unwrap();
    let t = Templates::shipped().unwrap();
    for kind in DocKind::ALL {
        let f = samples::facts(kind);
        let (path, r, pages) = render(&fonts, kind, &f, dir.path());
        check_a4_and_subsets(&r);
        check_kinsoku(&r.text);
        let text = flat(&r.text);
        let tpl = t.get(kind).unwrap();
        for must in [flat(&tpl.title), flat(&f.case_number)] {
            assert!(text.contains(&must), "{kind:?} lacks {must}:\n{}", r.text);
        }
        if kind != DocKind::Service && kind != DocKind::Visit {
            // The document number, the bureau and the date under the seal.
            for must in [flat(&f.number), flat(&f.bureau), "2026年12月6日".to_string()] {
                assert!(text.contains(&must), "{kind:?} lacks {must}:\n{}", r.text);
            }
            assert!(text.contains("（印章）"), "{kind:?}: no seal position");
            assert!(text.contains("申请人（签收）"), "{kind:?}: no applicant's signature line");
            assert!(text.contains("经办人"), "{kind:?}: no staff signature line");
            // 存档联: a second copy with its own label.
            assert!(text.contains("申请人联") && text.contains("存档联"), "{kind:?}: copies");
            assert!(pages >= 2, "{kind:?}: the 存档联 starts on a page of its own");
        }
        assert!(!r.text.contains('{'), "{kind:?}: unfilled placeholder:\n{}", r.text);
        assert!(text.contains("—1—"), "{kind:?}: no page number");
        // No raw ID number on paper (SPEC §6).
        assert!(!text.contains("32010219"), "{kind:?}");
        if let Some(keep) = std::env::var_os("CERTDESK_PAPER_KEEP") {
            std::fs::copy(&path, Path::new(&keep).join(format!("{}.pdf", kind.key()))).unwrap();
        }
        if std::env::var_os("CERTDESK_SCREENSHOTS").is_some() {
            let out =
                Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../docs/screenshots/paper_{}", kind.key()));
            run(
                "pdftoppm",
                &[
                    "-r",
                    "80",
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    path.to_str().unwrap(),
                    out.to_str().unwrap(),
                ],
            );
        }
    }
}

/// 行政许可法 art. 32 ¶1 (4): the notice names every item, what is wrong, how to fix it, and by
/// when, and says it is everything (一次告知).
#[test]
fn the_notice_lists_every_item_with_its_fix_and_the_deadline() {
    if !tool("pdftotext") {
        return;
    }
    let Some(fonts) = fonts() else { return };
    let dir = tempfile::tempdir().unwrap();
    let f = samples::facts(DocKind::Notice);
    let (_, r, _) = render(&fonts, DocKind::Notice, &f, dir.path());
    let text = flat(&r.text);
    for i in &f.items {
        for part in [&i.name, &i.problem, &i.fix] {
            assert!(text.contains(&flat(part)), "notice lacks {part}:\n{}", r.text);
        }
    }
    assert!(text.contains("2026年12月21日前"), "no 补正期限");
    assert!(text.contains("一次告知") && text.contains("全部内容"), "no all-at-once rule");
    assert!(text.contains("第三十二条"));
}

/// 行政许可法 art. 38 ¶2 (and art. 32 for 不予受理): a refusal gives reasons and the right to
/// 行政复议 (60 days, 行政复议法 art. 20) and 行政诉讼 (6 months, 行政诉讼法 art. 46), naming the
/// authorities from the config.
#[test]
fn refusals_carry_reasons_and_the_rights_notice() {
    if !tool("pdftotext") {
        return;
    }
    let Some(fonts) = fonts() else { return };
    let dir = tempfile::tempdir().unwrap();
    for kind in [DocKind::Refusal, DocKind::Denial] {
        let f = samples::facts(kind);
        let (_, r, _) = render(&fonts, kind, &f, dir.path());
        let text = flat(&r.text);
        for must in ["六十日内", "申请行政复议", "六个月内", "提起行政诉讼", &f.review_authority, &f.court]
        {
            assert!(text.contains(must), "{kind:?} lacks {must}:\n{}", r.text);
        }
        for reason in &f.reasons {
            assert!(text.contains(&flat(reason)), "{kind:?} lacks the reason {reason}");
        }
    }
    let f = samples::facts(DocKind::Refusal);
    let (_, r, _) = render(&fonts, DocKind::Refusal, &f, dir.path());
    assert!(flat(&r.text).contains("请向江苏省应急管理厅提出申请"), "where to apply instead");
}

/// Provisional dates are marked 暂定 (SPEC §2 "Working days"); a fact the case does not have yet
/// prints as a blank to fill by hand, never as a guess or a raw placeholder.
#[test]
fn provisional_dates_are_marked_and_missing_facts_are_blanks() {
    if !tool("pdftotext") {
        return;
    }
    let Some(fonts) = fonts() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut f = samples::facts(DocKind::Acceptance);
    let (_, r, _) = render(&fonts, DocKind::Acceptance, &f, dir.path());
    assert!(flat(&r.text).contains("2026年12月25日（暂定）"), "{}", r.text);
    f.provisional = false;
    f.statutory_due = None;
    let (_, r, _) = render(&fonts, DocKind::Acceptance, &f, dir.path());
    let text = flat(&r.text);
    assert!(!text.contains("暂定"));
    assert!(text.contains(&flat(template::BLANK_DATE)), "{}", r.text);
}

/// A long item name full of punctuation still breaks by 禁则.
#[test]
fn punctuation_heavy_items_never_start_a_line() {
    if !tool("pdftotext") {
        return;
    }
    let Some(fonts) = fonts() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut f = samples::facts(DocKind::Notice);
    for n in 0..12 {
        f.items.push(certdesk_paper::Item {
            name: format!("附件{n}（“特种作业人员”操作证复印件）"),
            problem: "复印件不清晰，，。。）看不清证号、有效期。".repeat(n % 3 + 1),
            fix: "重新复印（正反面）。".into(),
        });
    }
    let (_, r, pages) = render(&fonts, DocKind::Notice, &f, dir.path());
    check_kinsoku(&r.text);
    assert!(pages >= 4, "two copies of a long notice: {pages}");
}

#[test]
fn a_bad_font_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("junk.ttf");
    std::fs::write(&p, b"not a font at all").unwrap();
    let e = Fonts::find(Some(p.to_str().unwrap()), None).unwrap_err();
    assert!(e.to_string().contains("不是可用的字体"), "{e}");
    let e = Fonts::find(Some("/nonexistent/font.ttc:2"), None).unwrap_err();
    assert!(e.to_string().contains("无法读取"), "{e}");
}
