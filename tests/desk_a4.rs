//! The desk's document keys print A4 (SPEC §8, issue 16) through the real key path: the notice
//! key (F5) issues the 补正告知书 and sends it to the home's A4 target; a printer that does not
//! take it leaves the document issued, the job kept and listed, and the clerk told in staff
//! words how it is reprinted (same number, same bytes). Needs poppler-utils and fonts-noto-cjk.

mod support;

use certdesk::app::desk::Note;
use certdesk::app::Target;
use certdesk_testkit::{self as testkit, desk, Driver, TestHome, STAFF};

/// A 特种作业操作证申领 case with its education proof missing, noticed (行政许可法 第三十二条),
/// on the case screen.
fn noticed_case(rt: &mut Driver) {
    testkit::desk_login(rt, STAFF);
    rt.noticed_case();
}

#[test]
fn a_notice_the_a4_printer_does_not_take_is_kept_and_reprinted() {
    let have = std::process::Command::new("pdftotext").arg("-v").output().is_ok();
    assert!(have || std::env::var_os("CI").is_none(), "poppler-utils missing under CI");
    let h = TestHome::new("file:spool");
    // The A4 target (file:spool/a4 by default) cannot be written: a file where its folder goes.
    std::fs::write(h.spool().join("a4"), b"not a folder").unwrap();
    let mut rt = h.runtime(Target::DeskLogin);
    noticed_case(&mut rt);
    rt.f(5);
    rt.settle();
    let (number, job) = match &desk(&rt).note {
        Some(Note::PrintedA4 { number, job, fault: Some(_), .. }) => (number.clone(), *job),
        other => panic!("{other:?}"),
    };
    // (No snapshot: the fault names the home's temporary folder.)
    // At 80 columns the clerk reads what happened, the job and how it is reprinted first.
    let screen = testkit::render(rt.rt.mode(), 80, 24);
    assert!(screen.contains("未打印") && screen.contains(&format!("A{job:07}")), "{screen}");
    assert!(screen.contains("certdesk case reprint"), "{screen}");
    // Kept and listed.
    let list = support::text(&support::certdesk(&h.dir, &["jobs", "list"]));
    assert!(list.contains(&format!("A{job:07}")) && list.contains("failed"), "{list}");
    // The printer works again: the reprint sends the document issued, under its number.
    std::fs::remove_file(h.spool().join("a4")).unwrap();
    let o = support::certdesk(&h.dir, &["case", "reprint", &format!("A{job:07}")]);
    assert!(o.status.success(), "{}", support::text(&o));
    let pdf = h.spool().join(format!("a4/A{job:07}.pdf"));
    if have {
        let t = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
        let t: String = String::from_utf8_lossy(&t.stdout).chars().filter(|c| !c.is_whitespace()).collect();
        assert!(t.contains(&number) && t.contains("初中及以上学历证明"), "{t}");
    }
    assert!(!support::text(&support::certdesk(&h.dir, &["jobs", "list"])).contains(&format!("A{job:07}")));
}
