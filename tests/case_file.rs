//! The case file (案卷) and A4 documents through the command line (issue 16): a document issued
//! is printed as PDF, kept with its exact bytes, listed on the case; a failed A4 job is kept,
//! listed in `jobs list` and reprinted; `case export` writes the cover with 卷内目录, the
//! documents as printed and the audit extract. Needs poppler-utils and fonts-noto-cjk (fails
//! under CI without them).

mod support;

use certdesk::domain::intake::{due_dates, AcceptKind};
use certdesk::domain::matters::Matters;
use certdesk::store::cases::{Acceptance, NewCase};
use std::path::Path;
use std::process::Command;
use support::{text, Station};

fn tools() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok() && certdesk_paper::Fonts::find(None, None).is_ok();
    assert!(ok || std::env::var_os("CI").is_none(), "poppler-utils or fonts-noto-cjk missing under CI");
    ok
}

fn pdftotext(p: &Path) -> String {
    let o = Command::new("pdftotext").arg(p).arg("-").output().unwrap();
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout).chars().filter(|c| !c.is_whitespace()).collect()
}

/// A station whose A4 printer is `file:a4`, with one accepted case.
fn station() -> (Station, String) {
    let st = Station::new("file:spool");
    let mut cfg = std::fs::read_to_string(st.dir.join("certdesk.toml")).unwrap();
    cfg.push_str(
        "[bureau]\nname = \"南京市应急管理局\"\n[paper]\ntarget = \"file:a4\"\nreview_authority = \"南京市人民政府\"\ncourt = \"南京铁路运输法院\"\nnumber_prefix = \"宁\"\n",
    );
    std::fs::write(st.dir.join("certdesk.toml"), cfg).unwrap();
    let store = st.store();
    let ms = Matters::builtin();
    let m = ms.get(certdesk::domain::matters::HAZCHEM_TRADING).unwrap();
    let day = support::today();
    let at = day.and_hms_opt(10, 0, 0).unwrap();
    let materials = m.materials.iter().map(|x| x.code.clone()).collect();
    let c = store.cases().open(&NewCase { matter: &m.code, materials, owner: "0001", ticket: None }, at).unwrap();
    let cal = store.calendar().get().unwrap();
    let (due, statutory_due, provisional) = due_dates(&cal, day, m).unwrap();
    let acc = Acceptance {
        kind: AcceptKind::Full,
        due,
        statutory_due,
        provisional,
        calendar_version: cal.version(),
        pledged_materials: vec![],
    };
    store.cases().accept(c.id, &acc, "0001", at).unwrap();
    (st, c.number)
}

#[test]
fn issue_print_show_and_export_a_case_file() {
    if !tools() {
        return;
    }
    let (st, number) = station();
    let o = st.certdesk(&["case", "issue", &number, "acceptance", "--staff", "0001"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("宁应急许受〔2026〕1号"), "{}", text(&o));
    let printed = std::fs::read(st.dir.join("a4/A0000001.pdf")).unwrap();
    assert!(printed.starts_with(b"%PDF-"));
    let t = pdftotext(&st.dir.join("a4/A0000001.pdf"));
    for must in ["受理通知书", "宁应急许受〔2026〕1号", "南京市应急管理局", &number] {
        assert!(t.contains(must), "{must} not in {t}");
    }
    // A second document of another kind has its own sequence.
    let o = st.certdesk(&["case", "issue", &number, "service", "--staff", "0001"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("宁应急许送〔2026〕1号"));

    let o = st.certdesk(&["case", "show", &number, "--json"]);
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["case"]["number"], number.as_str());
    assert_eq!(v["documents"].as_array().unwrap().len(), 2);
    let actions: Vec<&str> = v["stages"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"paper.issued") && actions.contains(&"paper.printed"), "{actions:?}");
    let o = st.certdesk(&["case", "show", &number]);
    assert!(text(&o).contains("宁应急许受〔2026〕1号"), "{}", text(&o));

    let out = st.tmp.path().join("案卷");
    let o = st.certdesk(&["case", "export", &number, out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names.len(), 4, "{names:?}");
    assert_eq!(names[0], "00_卷内目录.pdf");
    assert!(names[3].ends_with("审计摘录.pdf"));
    // The documents in the file are the bytes that were printed.
    assert_eq!(std::fs::read(out.join(&names[1])).unwrap(), printed);
    let cover = pdftotext(&out.join(&names[0]));
    for must in ["卷内目录", "宁应急许受〔2026〕1号", "宁应急许送〔2026〕1号", "审计摘录", &number]
    {
        assert!(cover.contains(must), "{must} not on the cover: {cover}");
    }
    if std::env::var_os("CERTDESK_SCREENSHOTS").is_some() {
        for (i, png) in [(0, "paper_case_cover"), (3, "paper_case_audit")] {
            let to = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots").join(png);
            let ok = Command::new("pdftoppm")
                .args(["-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile"])
                .arg(out.join(&names[i]))
                .arg(&to)
                .status()
                .unwrap();
            assert!(ok.success());
        }
    }
    let audit = pdftotext(&out.join(&names[3]));
    assert!(audit.contains("paper.issued") && audit.contains("paper.printed"), "{audit}");
}

#[test]
fn a_failed_a4_job_is_kept_listed_and_reprinted() {
    if !tools() {
        return;
    }
    let (st, number) = station();
    // A target that cannot be written: a directory under a file.
    std::fs::write(st.dir.join("blocker"), b"x").unwrap();
    let o = st.certdesk(&["case", "issue", &number, "notice", "--staff", "0001", "--target", "file:blocker/a4"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("A0000001"), "{}", text(&o));
    let o = st.certdesk(&["jobs", "list"]);
    assert!(text(&o).contains("A0000001") && text(&o).contains("failed"), "{}", text(&o));
    let o = st.certdesk(&["case", "reprint", "A0000001"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(st.dir.join("a4/A0000001.pdf").exists());
    let o = st.certdesk(&["jobs", "list"]);
    assert!(!text(&o).contains("A0000001"), "{}", text(&o));
    // Reprinting a job that printed is refused.
    assert!(!st.certdesk(&["case", "reprint", "A0000001"]).status.success());
}

#[test]
fn garbage_on_the_command_line_is_a_clear_error() {
    let (st, number) = station();
    for args in [
        vec!["case", "show", "NO-SUCH-CASE"],
        vec!["case", "issue", &number, "bogus_kind", "--staff", "0001"],
        vec!["case", "issue", &number, "notice", "--staff", "9999"],
        vec!["case", "reprint", "Axyz"],
        vec!["case", "reprint", "A0000077"],
        vec!["case", "issue", &number, "notice", "--staff", "0001", "--target", "tcp://127.0.0.1:9"],
    ] {
        let o = st.certdesk(&args);
        assert!(!o.status.success(), "{args:?} succeeded: {}", text(&o));
        assert!(!String::from_utf8_lossy(&o.stderr).trim().is_empty(), "{args:?}: no message");
    }
    // Nothing was issued by any of them.
    let o = st.certdesk(&["case", "show", &number, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 0);
}

/// `doctor` checks what the A4 documents need: a bureau's broken templates or font file fail it.
#[test]
fn doctor_checks_the_fonts_templates_and_a4_target() {
    let (st, _) = station();
    let o = st.certdesk(&["doctor"]);
    let out = text(&o);
    assert!(out.contains("templates valid"), "{out}");
    std::fs::write(
        st.dir.join("templates.toml"),
        "[visit]\ntitle = \"x\"\nprefix = \"x\"\nbody = [{ p = \"{nope}\" }]\n",
    )
    .unwrap();
    let mut cfg = std::fs::read_to_string(st.dir.join("certdesk.toml")).unwrap();
    cfg = cfg.replace("[paper]\n", "[paper]\nbody_font = \"/nonexistent/font.ttc:2\"\n");
    std::fs::write(st.dir.join("certdesk.toml"), cfg).unwrap();
    let o = st.certdesk(&["doctor"]);
    let out = text(&o);
    assert!(!o.status.success());
    assert!(out.contains("templates:") && out.contains("nope"), "{out}");
    assert!(out.contains("body font:") && out.contains("无法读取"), "{out}");
}

/// The case commands speak Chinese first and English with `--lang en` (cli_strings).
#[test]
fn case_messages_in_both_languages() {
    let (st, number) = station();
    let zh = st.certdesk(&["case", "show", "NO-SUCH-CASE"]);
    assert!(String::from_utf8_lossy(&zh.stderr).contains("没有办件 NO-SUCH-CASE"), "{}", text(&zh));
    let en = st.certdesk(&["--lang", "en", "case", "show", "NO-SUCH-CASE"]);
    assert!(String::from_utf8_lossy(&en.stderr).contains("no case NO-SUCH-CASE"), "{}", text(&en));
    let en = st.certdesk(&["--lang", "en", "case", "issue", &number, "bogus", "--staff", "0001"]);
    assert!(
        String::from_utf8_lossy(&en.stderr).contains("unknown document kind bogus (known: notice,"),
        "{}",
        text(&en)
    );
    let en = st.certdesk(&["--lang", "en", "case", "show", &number]);
    let out = text(&en);
    assert!(out.contains(&format!("Case {number}")) && out.contains("Documents (0)"), "{out}");
    let zh = st.certdesk(&["case", "show", &number]);
    let out = text(&zh);
    assert!(out.contains(&format!("办件 {number}")) && out.contains("文书（0）"), "{out}");
}

/// The QR printed on a document, read back from the page's picture (pdftoppm | zbarimg).
fn qr_of(pdf: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("page");
    let ok = Command::new("pdftoppm")
        .args(["-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&png)
        .status()
        .unwrap();
    assert!(ok.success());
    let o = Command::new("zbarimg").args(["--raw", "-q"]).arg(png.with_extension("png")).output();
    let o = o.expect("zbar-tools (zbarimg) is needed to read a document's QR");
    assert!(o.status.success(), "no QR read from {}", pdf.display());
    String::from_utf8(o.stdout).unwrap().trim().to_string()
}

fn verdict(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("not JSON: {}", text(o)))
}

/// A document's QR leads somewhere: `certdesk verify` answers which document it is and whether
/// the registry holds it with the bytes it issued; a forged, altered or never-issued code, and
/// garbage, are refused. No ID number and no name in the code.
#[test]
fn a_documents_qr_is_verified_against_the_registry() {
    if !tools() {
        return;
    }
    let (st, number) = station();
    assert!(st.certdesk(&["case", "issue", &number, "acceptance", "--staff", "0001"]).status.success());
    let code = qr_of(&st.dir.join("a4/A0000001.pdf"));
    assert!(code.contains("CDA:"), "{code}");
    let o = st.certdesk(&["case", "show", &number, "--json"]);
    let sha = verdict(&o)["documents"][0]["sha256"].as_str().unwrap().to_string();

    let o = st.certdesk(&["verify", &code]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v = verdict(&o);
    assert_eq!(v["verdict"], "valid");
    assert_eq!(v["checked"], "online");
    assert_eq!(v["kind"], "acceptance");
    assert_eq!(v["kind_zh"], "受理通知书");
    assert_eq!(v["number"], "宁应急许受〔2026〕1号");
    assert_eq!(v["case"], number.as_str());
    assert_eq!(v["issued_on"], support::today().to_string());
    assert_eq!(v["sha256"], sha.as_str());
    assert!(v["message_zh"].as_str().unwrap().contains("登记系统存档一致"), "{v}");

    // Altered: one character of the signed data changed (every position is covered in
    // seal::doc_qr's tests); a prefix put in front.
    let at = code.find("CDA:").unwrap() + 10;
    let mut altered: Vec<char> = code.chars().collect();
    altered[at] = if altered[at] == 'A' { 'B' } else { 'A' };
    let altered: String = altered.into_iter().collect();
    for bad in [altered, format!("HTTPS://EVIL.EXAMPLE/{code}")] {
        let o = st.certdesk(&["verify", &bad]);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        assert!(matches!(verdict(&o)["verdict"].as_str(), Some("forged" | "malformed")), "{}", text(&o));
    }
    // Garbage that says it is a document code.
    for junk in ["CDA:", "CDA:hello world", "CDA:%%%%", &format!("CDA:{}", "9".repeat(900))] {
        let o = st.certdesk(&["verify", junk]);
        assert_eq!(o.status.code(), Some(1), "{junk}: {}", text(&o));
        assert_eq!(verdict(&o)["verdict"], "malformed", "{junk}");
    }
    // Signed with the bureau's key for a number the registry never issued (〔2026〕2号).
    let home = st.home();
    let store = st.store();
    let matters = home.matters().unwrap();
    let paper = certdesk_core::paper::Paper::open(&store, &home.config, &matters, &home.dir).unwrap();
    let never = paper.document_code(certdesk_paper::DocKind::Acceptance, support::today(), 2, &number).unwrap();
    let o = st.certdesk(&["verify", &never]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(verdict(&o)["verdict"], "not_issued", "{}", text(&o));
    // Signed by another bureau's key: refused.
    let other = certdesk::seal::Signer::from_seed([42; 32]);
    let mut trust = certdesk::seal::TrustList::new();
    trust
        .add(certdesk::seal::TrustedKey::new(
            other.verifying_key(),
            certdesk::seal::KeyStatus::Active,
            "other",
            support::today(),
        ))
        .unwrap();
    let claims = certdesk::seal::doc_qr::DocClaims {
        kind: certdesk_paper::DocKind::Acceptance.code(),
        issued_on: support::today(),
        seq: 1,
        case_number: number.clone(),
    };
    let foreign = certdesk::seal::doc_qr::seal_document(&claims, &other, &trust, None).unwrap();
    let o = st.certdesk(&["verify", &foreign]);
    assert_eq!(verdict(&o)["verdict"], "unknown_key", "{}", text(&o));
    // The registry's copy changed after issue: the hash recorded at issue no longer matches.
    let db = rusqlite::Connection::open(st.db()).unwrap();
    db.execute("UPDATE paper_documents SET pdf = X'255044462D' WHERE number = '宁应急许受〔2026〕1号'", []).unwrap();
    let o = st.certdesk(&["verify", &code]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(verdict(&o)["verdict"], "altered", "{}", text(&o));
}
