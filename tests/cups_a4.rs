//! A4 documents through a real CUPS server with a PDF printer (Debian cups +
//! printer-driver-cups-pdf; issue 16): a job sent to the queue arrives as a PDF file, and one
//! sent to a stopped queue is kept (failed, listed) and prints when reprinted after the queue is
//! enabled. The test starts cupsd and the queue when they are not there
//! (`scripts/cups-pdf-queue`, which `.ci/run` also runs); without CUPS it fails under CI.

mod support;

use certdesk::domain::intake::{due_dates, AcceptKind};
use certdesk::domain::matters::{Matters, HAZCHEM_TRADING};
use certdesk::store::cases::{Acceptance, NewCase};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};
use support::{text, Station};

const QUEUE: &str = "certdesk-a4-test";

/// The tests of this file share the queue and cups-pdf names its files by job title (A0000001
/// in every fresh home): one at a time, so each finds its own file.
static QUEUE_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The queue, and where cups-pdf writes this user's jobs.
fn cups() -> Option<PathBuf> {
    let have = Command::new("lpstat").arg("-r").output().is_ok()
        && Path::new("/usr/lib/cups/backend/cups-pdf").exists()
        && Command::new("pdftotext").arg("-v").output().is_ok()
        && certdesk_paper::Fonts::find(None, None).is_ok();
    if !have {
        assert!(
            std::env::var_os("CI").is_none(),
            "cups, printer-driver-cups-pdf, poppler-utils or fonts-noto-cjk missing under CI"
        );
        eprintln!("skipping: CUPS with cups-pdf is not installed");
        return None;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/cups-pdf-queue");
    let o = Command::new(script).arg(QUEUE).output().unwrap();
    assert!(o.status.success(), "cups-pdf-queue: {}", String::from_utf8_lossy(&o.stderr));
    Some(PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
}

fn station() -> (Station, String) {
    let st = Station::new("file:spool");
    let mut cfg = std::fs::read_to_string(st.dir.join("certdesk.toml")).unwrap();
    cfg.push_str(&format!("[paper]\ntarget = \"cups:{QUEUE}\"\nnumber_prefix = \"测\"\n"));
    std::fs::write(st.dir.join("certdesk.toml"), cfg).unwrap();
    let store = st.store();
    let ms = Matters::builtin();
    let m = ms.get(HAZCHEM_TRADING).unwrap();
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

/// A PDF cups-pdf wrote after `since` whose name starts with the job's title.
fn arrived(out: &Path, title: &str, since: SystemTime) -> Option<PathBuf> {
    std::fs::read_dir(out).ok()?.filter_map(|e| e.ok()).map(|e| e.path()).find(|p| {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let fresh = p.metadata().and_then(|m| m.modified()).is_ok_and(|t| t >= since);
        name.starts_with(title) && name.ends_with(".pdf") && fresh
    })
}

/// `pdfinfo` of a complete file (cups-pdf may still be writing it): its page count when A4.
/// (cups-pdf re-renders through Ghostscript into Type 3 fonts without text, so the words cannot
/// be read back; the pages and the size can.)
fn a4_pages(p: &Path) -> Option<u32> {
    let o = Command::new("pdfinfo").arg(p).output().ok()?;
    let info = String::from_utf8_lossy(&o.stdout).into_owned();
    if !o.status.success() || !info.contains("(A4)") {
        return None;
    }
    info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok())
}

/// The pages of the case's documents, as stored.
fn stored_pages(st: &Station, number: &str) -> Vec<u64> {
    let o = st.certdesk(&["case", "show", number, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["documents"].as_array().unwrap().iter().map(|d| d["pages"].as_u64().unwrap()).collect()
}

fn set_queue(enabled: bool) {
    let cmd = if enabled { "cupsenable" } else { "cupsdisable" };
    assert!(Command::new(cmd).arg(QUEUE).status().unwrap().success(), "{cmd}");
}

#[test]
fn a_document_arrives_and_a_stopped_queue_keeps_the_job_for_a_reprint() {
    let _one = QUEUE_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let Some(out) = cups() else { return };
    let (st, number) = station();
    // Slightly before now: file times may be coarser than the clock.
    let since = SystemTime::now() - Duration::from_secs(2);

    let o = st.certdesk(&["case", "issue", &number, "acceptance", "--staff", "0001"]);
    assert!(o.status.success(), "{}", text(&o));
    let pdf = certdesk_testkit::poll_until(Duration::from_secs(60), || arrived(&out, "A0000001", since))
        .unwrap_or_else(|| panic!("the job did not arrive in {}", out.display()));
    let pages = certdesk_testkit::poll_until(Duration::from_secs(30), || a4_pages(&pdf)).expect("an A4 PDF arrived");
    assert_eq!(u64::from(pages), stored_pages(&st, &number)[0], "every page of the document arrived");

    // A stopped queue: the job is kept as failed, listed, and prints once reprinted.
    set_queue(false);
    let o = st.certdesk(&["case", "issue", &number, "notice", "--staff", "0001"]);
    set_queue(true);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("已停止"), "{}", text(&o));
    let list = text(&st.certdesk(&["jobs", "list"]));
    assert!(list.contains("A0000002") && list.contains("failed"), "{list}");
    let since2 = SystemTime::now() - Duration::from_secs(2);
    let o = st.certdesk(&["case", "reprint", "A0000002"]);
    assert!(o.status.success(), "{}", text(&o));
    let pdf = certdesk_testkit::poll_until(Duration::from_secs(60), || arrived(&out, "A0000002", since2))
        .expect("the reprinted job arrives");
    let pages = certdesk_testkit::poll_until(Duration::from_secs(30), || a4_pages(&pdf)).expect("an A4 PDF arrived");
    assert_eq!(u64::from(pages), stored_pages(&st, &number)[1]);
    assert!(!text(&st.certdesk(&["jobs", "list"])).contains("A0000002"));
}

/// The desk's notice key (F5) through the real key path to the real CUPS PDF queue: the
/// 补正告知书 arrives as an A4 PDF with every page of the document issued (SPEC §8).
#[test]
fn the_desks_notice_key_prints_to_the_cups_queue() {
    use certdesk::app::desk::{Note, Screen};
    use certdesk::app::{Action, Target};
    use certdesk_testkit::{desk, Driver, TestHome, STAFF};
    use crossterm::event::KeyCode;
    use std::time::Instant;
    let _one = QUEUE_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let Some(out) = cups() else { return };
    let h = TestHome::new("file:spool");
    let mut cfg = std::fs::read_to_string(h.dir.join("certdesk.toml")).unwrap();
    cfg.push_str(&format!("[paper]\ntarget = \"cups:{QUEUE}\"\nnumber_prefix = \"键\"\n"));
    std::fs::write(h.dir.join("certdesk.toml"), cfg).unwrap();
    let mut rt = h.runtime(Target::DeskLogin);
    let tick = |rt: &mut Driver, code: &str, key: char| {
        let i = match &desk(rt).screen {
            Screen::Checklist { items, .. } => items.iter().position(|i| i.material == code).expect("material"),
            other => panic!("{other:?}"),
        };
        rt.dispatch(Action::Select(i), Instant::now());
        rt.type_str(&key.to_string());
        rt.settle();
    };
    certdesk_testkit::desk_login(&mut rt, STAFF);
    rt.key(KeyCode::F(4));
    rt.enter();
    rt.settle();
    rt.type_str("赵六");
    rt.enter();
    rt.settle();
    rt.key(KeyCode::F(4));
    rt.settle();
    for m in ["application", "id_card", "exam_result", "health", "photo"] {
        tick(&mut rt, m, '1');
    }
    tick(&mut rt, "education", '2');
    rt.key(KeyCode::F(7));
    rt.settle();
    let since = SystemTime::now() - Duration::from_secs(2);
    rt.key(KeyCode::F(5));
    rt.settle();
    let job = match &desk(&rt).note {
        Some(Note::PrintedA4 { job, number, fault: None, .. }) => {
            assert_eq!(number, "键应急许补〔2026〕1号");
            *job
        }
        other => panic!("{other:?}"),
    };
    let pdf = certdesk_testkit::poll_until(Duration::from_secs(60), || arrived(&out, &format!("A{job:07}"), since))
        .unwrap_or_else(|| panic!("the job did not arrive in {}", out.display()));
    let pages = certdesk_testkit::poll_until(Duration::from_secs(30), || a4_pages(&pdf)).expect("an A4 PDF arrived");
    let stored = h.store().documents().of_case(1).unwrap();
    assert_eq!(u64::from(pages), u64::from(stored[0].pages), "every page of the document arrived");
}
