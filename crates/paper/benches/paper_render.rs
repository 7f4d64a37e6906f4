//! One counter document on A4 (issue 16, SPEC §8): render + subset + write the PDF, against
//! LibreOffice headless converting the same document from a .fodt in the same run.
//! Bars: under 50 ms and under 150 KB per document (fonts subset).
//!
//! cargo bench -p certdesk-paper --bench paper_render
//! (the baseline needs `soffice`, Debian libreoffice-writer-nogui; without it the ratio is skipped)

use certdesk_paper::{samples, template, DocKind, Fonts, Templates};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::process::Command;
use std::time::{Duration, Instant};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The same acceptance notice as a flat ODF text document in the same fonts and sizes.
fn fodt(kind: DocKind) -> String {
    let t = Templates::shipped().unwrap();
    let tpl = t.get(kind).unwrap();
    let f = samples::facts(kind);
    let mut body = String::new();
    for copy in &tpl.copies {
        body.push_str(&format!("<text:p text:style-name=\"Copy\">{}</text:p>", esc(copy)));
        body.push_str(&format!("<text:p text:style-name=\"Title\">{}</text:p>", esc(&tpl.title)));
        body.push_str(&format!("<text:p text:style-name=\"Number\">{}</text:p>", esc(&f.number)));
        if let Some(to) = &tpl.to {
            body.push_str(&format!("<text:p text:style-name=\"To\">{}</text:p>", esc(&template::fill(to, &f))));
        }
        for b in tpl.body.iter().filter(|b| template::shown(b, &f)) {
            if let Some(p) = &b.p {
                body.push_str(&format!("<text:p text:style-name=\"Body\">{}</text:p>", esc(&template::fill(p, &f))));
            }
        }
        body.push_str(&format!("<text:p text:style-name=\"Sign\">{}</text:p>", esc(&f.bureau)));
        body.push_str(&format!("<text:p text:style-name=\"Sign\">{}</text:p>", esc(&template::date_zh(f.issued_on))));
        body.push_str(
            "<text:p text:style-name=\"Body\">申请人（签收）：＿＿＿＿＿＿　日期：　　年　　月　　日</text:p>",
        );
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
<style:font-face style:name="Noto Serif CJK SC" svg:font-family="'Noto Serif CJK SC'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
<style:font-face style:name="Noto Sans CJK SC" svg:font-family="'Noto Sans CJK SC'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-indent="32pt" fo:line-height="28.95pt"/><style:text-properties style:font-name-asian="Noto Serif CJK SC" style:font-size-asian="16pt" style:font-name="Noto Serif CJK SC" fo:font-size="16pt"/></style:style>
<style:style style:name="To" style:family="paragraph" style:parent-style-name="Body"><style:paragraph-properties fo:text-indent="0pt"/></style:style>
<style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties style:font-name-asian="Noto Sans CJK SC" style:font-size-asian="22pt" style:font-weight-asian="bold" fo:font-size="22pt"/></style:style>
<style:style style:name="Number" style:family="paragraph" style:parent-style-name="Body"><style:paragraph-properties fo:text-align="center" fo:text-indent="0pt"/></style:style>
<style:style style:name="Sign" style:family="paragraph" style:parent-style-name="Body"><style:paragraph-properties fo:text-align="end"/></style:style>
<style:style style:name="Copy" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/><style:text-properties style:font-name-asian="Noto Sans CJK SC" style:font-size-asian="14pt"/></style:style>
</office:styles>
<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" fo:margin-top="37mm" fo:margin-bottom="35mm" fo:margin-left="28mm" fo:margin-right="26mm"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
<office:body><office:text>{body}</office:text></office:body>
</office:document>"#
    )
}

/// LibreOffice converting the .fodt to PDF, wall time per document (profile kept warm: the
/// first conversion creates it and is not counted).
fn libreoffice(kind: DocKind, runs: u32) -> Option<(Duration, u64)> {
    let dir = tempfile::tempdir().ok()?;
    let src = dir.path().join("doc.fodt");
    std::fs::write(&src, fodt(kind)).ok()?;
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.path().display());
    let run = || {
        Command::new("soffice")
            .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .arg(&src)
            .output()
            .ok()
            .filter(|o| o.status.success())
    };
    run()?;
    let start = Instant::now();
    for _ in 0..runs {
        run()?;
    }
    let each = start.elapsed() / runs;
    let size = std::fs::metadata(dir.path().join("doc.pdf")).ok()?.len();
    Some((each, size))
}

fn bench(c: &mut Criterion) {
    let fonts = Fonts::find(None, None).expect("fonts-noto-cjk");
    let t = Templates::shipped().unwrap();
    let kind = DocKind::Acceptance;
    let f = samples::facts(kind);
    let one = certdesk_paper::render_kind(&fonts, &t, kind, &f).unwrap();
    println!(
        "acceptance notice: {} pages, {} bytes ({:.1} KB)",
        one.pages,
        one.pdf.len(),
        one.pdf.len() as f64 / 1024.0
    );
    let mut sizes = Vec::new();
    for k in DocKind::ALL {
        let r = certdesk_paper::render_kind(&fonts, &t, k, &samples::facts(k)).unwrap();
        sizes.push(format!("{}={:.1}KB", k.key(), r.pdf.len() as f64 / 1024.0));
    }
    println!("every kind: {}", sizes.join(" "));
    c.bench_function("paper/render_acceptance", |b| {
        b.iter(|| certdesk_paper::render_kind(&fonts, &t, kind, black_box(&f)).unwrap())
    });
    // The same measurement by hand, for the ratio printed below.
    let n = 20;
    let start = Instant::now();
    for _ in 0..n {
        black_box(certdesk_paper::render_kind(&fonts, &t, kind, &f).unwrap());
    }
    let ours = start.elapsed() / n;
    match libreoffice(kind, 3) {
        Some((lo, size)) => println!(
            "certdesk-paper {:.1} ms, {:.1} KB; LibreOffice headless (.fodt -> pdf) {:.0} ms, {:.1} KB; ratio {:.0}x faster",
            ours.as_secs_f64() * 1e3,
            one.pdf.len() as f64 / 1024.0,
            lo.as_secs_f64() * 1e3,
            size as f64 / 1024.0,
            lo.as_secs_f64() / ours.as_secs_f64()
        ),
        None => println!("certdesk-paper {:.1} ms; LibreOffice (soffice) not installed: no baseline", ours.as_secs_f64() * 1e3),
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
