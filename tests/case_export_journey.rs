//! Issue 16's "done means": the case file (案卷) of a case that went the whole way at the counter
//! reads end to end. One 特种作业操作证申领 case, on SQLite and on PostgreSQL, through the desk's
//! services as the counter gives them: the one-time notice (行政许可法 第三十二条第一款第（四）项),
//! 容缺受理 on a signed pledge, a hand-off to a colleague who takes it (首问负责制), an
//! extension a supervisor approved (第四十二条), a clock stop for 检测 and its end (第四十五条),
//! 准予 after 批准 (审批分离), 送达 (第四十四条), 办结 and the 回访 that closes its callback.
//! Every document is issued and printed from the desk's A4 path (`Desk::print_a4`), then the case
//! is exported (`Paper::export`, what `certdesk case export` writes): the cover's 卷内目录 lists
//! every document with its number in order, each file holds the bytes that were printed, and
//! the audit extract carries every step. Needs poppler-utils and fonts-noto-cjk (fails under CI
//! without them).

use certdesk::config::Config;
use certdesk::domain::case_time::{Outcome, StopKind};
use certdesk::domain::intake::{CaseState, Decision, MaterialState};
use certdesk::domain::loops::{Contact, LoopKind};
use certdesk::domain::matters::Matters;
use certdesk::domain::pledge::PledgeKind;
use certdesk::domain::workdays::Calendar;
use certdesk::printer::Target;
use certdesk::service::desk::a4::A4Home;
use certdesk::service::desk::{Desk, Login, StaffSession, SupervisorOverride};
use certdesk::store::db::Location;
use certdesk::store::{OpenCheck, Role, Store};
use certdesk_core::paper::Paper;
use certdesk_paper::DocKind;
use certdesk_testkit::pg;
use chrono::{NaiveDate, NaiveDateTime};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};

fn tools() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok() && certdesk_paper::Fonts::find(None, None).is_ok();
    assert!(ok || std::env::var_os("CI").is_none(), "poppler-utils or fonts-noto-cjk missing under CI");
    ok
}

fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, 0, 0).unwrap()
}

/// The text of a PDF file, whitespace removed (a line break may fall inside a phrase).
fn pdftotext(p: &Path) -> String {
    let o = Command::new("pdftotext").arg(p).arg("-").output().unwrap();
    assert!(o.status.success(), "{}: {}", p.display(), String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).chars().filter(|c| !c.is_whitespace()).collect()
}

fn login(desk: &Desk, id: &str, pin: &str) -> StaffSession {
    match desk.login(id, pin).unwrap() {
        Login::Ok(s) => s,
        other => panic!("{other:?}"),
    }
}

fn journey(loc: Location, dir: &Path) {
    let store = Store::open_at(&loc, OpenCheck::Skip).unwrap();
    store.staff().add("0001", "张敏", "123456", Role::Clerk).unwrap();
    store.staff().add("0002", "刘洋", "222222", Role::Clerk).unwrap();
    store.staff().add("0007", "王强", "777777", Role::Supervisor).unwrap();
    let clock = Arc::new(Mutex::new(at(2026, 11, 2, 9)));
    let set = |t: NaiveDateTime| *clock.lock().unwrap() = t;
    let c2 = clock.clone();
    let mut config = Config::default();
    config.bureau.name = "南京市应急管理局".into();
    config.paper.target = "file:a4".into();
    std::fs::create_dir_all(dir.join("keys")).unwrap();
    let signer = certdesk::seal::Signer::write_new(&dir.join("keys/signing.key")).unwrap();
    let mut trust = certdesk::seal::TrustList::new();
    trust.add(signer.public_entry("bureau")).unwrap();
    trust.save(&dir.join("keys/trust.toml")).unwrap();
    let desk = Desk::new(
        store,
        &config,
        Target::File(dir.join("spool")),
        Matters::builtin(),
        Calendar::builtin(),
        certdesk::clock::Clock::from_fn(move || *c2.lock().unwrap()),
    )
    .with_a4(A4Home { config: config.clone(), dir: dir.to_path_buf() });
    let (first, second, sup) =
        (login(&desk, "0001", "123456"), login(&desk, "0002", "222222"), login(&desk, "0007", "777777"));
    let approve = SupervisorOverride { staff_id: "0007".into(), pin: "777777".into(), reason: String::new() };
    let mut printed = Vec::new();
    let mut print = |p: certdesk::service::desk::a4::A4Printed| {
        assert!(p.error.is_none(), "{}: {:?}", p.document.kind, p.error);
        printed.push((p.document.number.clone(), p.document.title.clone(), p.job));
    };

    // 一次性告知: the health certificate defective, the photo missing.
    let c = desk.open_case(&first, "special_issue", None).unwrap();
    let id = c.id;
    for item in desk.checklist(id).unwrap() {
        let st = match item.material.as_str() {
            "health" => MaterialState::Defective { what: "体检机构非县级以上".into() },
            "photo" => MaterialState::Missing,
            _ => MaterialState::Provided,
        };
        desk.tick(&first, id, &item.material, st).unwrap();
    }
    desk.decide(&first, id, &Decision::Notice, None).unwrap();
    print(desk.print_a4(&first, id, DocKind::Notice).unwrap());

    // Back with the health certificate; the photo to follow: 容缺受理 on a signed pledge.
    set(at(2026, 11, 4, 9));
    desk.tick(&first, id, "health", MaterialState::Provided).unwrap();
    // The pledge is printed at the counter and comes back signed before acceptance.
    let due = NaiveDate::from_ymd_opt(2026, 11, 11).unwrap();
    // It is the A4 容缺受理承诺书 (issue 16), issued before acceptance: the case file holds it.
    print(desk.print_pledge(&first, id, PledgeKind::Deficient, Some(due)).unwrap().a4.expect("on A4"));
    desk.confirm_pledge(&first, id, PledgeKind::Deficient).unwrap();
    desk.decide(&first, id, &Decision::AcceptDeficient { pledge_signed: true, pledge_due: due }, None).unwrap();
    print(desk.print_a4(&first, id, DocKind::Acceptance).unwrap());
    set(at(2026, 11, 6, 9));
    desk.tick(&first, id, "photo", MaterialState::Provided).unwrap();

    // 首问负责制: handed to a colleague, who takes it.
    desk.hand_off(&first, id, "0002", "改由危化品许可窗口承办").unwrap();
    desk.accept_handoff(&second, id).unwrap();

    // 第四十五条: a 检测, then its end; 第四十二条: an extension the supervisor approved.
    set(at(2026, 11, 9, 9));
    desk.stop_clock(&second, id, StopKind::Testing, 5).unwrap();
    print(desk.print_a4(&second, id, DocKind::Special).unwrap());
    set(at(2026, 11, 13, 9));
    desk.resume_clock(&second, id).unwrap();
    set(at(2026, 11, 20, 9));
    desk.extend(&second, id, "需组织专家复核检测结果", &approve).unwrap();
    print(desk.print_a4(&second, id, DocKind::Extension).unwrap());

    // 审批分离: undertaken and reviewed by the clerk, approved by the supervisor; 准予; 送达.
    set(at(2026, 11, 24, 9));
    desk.move_stage(&second, id, CaseState::Undertaken, "", None).unwrap();
    desk.move_stage(&second, id, CaseState::Reviewed, "材料齐全，检测合格", None).unwrap();
    desk.move_stage(&sup, id, CaseState::Approved, "同意准予许可", None).unwrap();
    desk.record_outcome(&second, id, Outcome::Grant, "").unwrap();
    set(at(2026, 11, 25, 9));
    desk.record_delivery(&second, id, "直接送达").unwrap();
    print(desk.print_a4(&second, id, DocKind::Service).unwrap());
    desk.move_stage(&second, id, CaseState::Completed, "", None).unwrap();

    // 回访: the callback 办结 opened, closed when the applicant is reached.
    set(at(2026, 11, 27, 9));
    let task =
        desk.open_tasks(LoopKind::Callback).unwrap().into_iter().find(|t| t.case_id == Some(id)).expect("callback");
    let reached =
        Contact { reached: true, satisfaction: Some(5), note: "对办理结果满意".into(), next_attempt: None };
    assert!(desk.record_contact(&second, LoopKind::Callback, task.id, &reached).unwrap().done);
    print(desk.print_a4(&second, id, DocKind::Visit).unwrap());

    // The case file.
    let store = Store::open_at(&loc, OpenCheck::Skip).unwrap();
    let c = store.cases().get(id).unwrap().unwrap();
    let matters = Matters::builtin();
    let paper = Paper::open(&store, &config, &matters, dir).unwrap();
    let out = dir.join("案卷");
    let files = paper.export(&c, &out, at(2026, 11, 30, 9)).unwrap();
    assert_eq!(files.len(), printed.len() + 2, "cover, {} documents, audit extract: {files:?}", printed.len());
    let cover = pdftotext(&files[0]);
    for must in ["行政许可案卷", "卷内目录", c.number.as_str(), "审计摘录"] {
        assert!(cover.contains(must), "{must} not on the cover: {cover}");
    }
    // The 卷内目录 lists every document in the order issued, with its number and title.
    let mut from = 0;
    for (number, title, _) in &printed {
        let i = cover[from..]
            .find(number.as_str())
            .unwrap_or_else(|| panic!("{number} not in order on the cover: {cover}"));
        assert!(cover.contains(title.as_str()), "{title}: {cover}");
        from += i + number.len();
    }
    // Each document in the file is the bytes that went to the printer.
    for ((number, title, job), file) in printed.iter().zip(&files[1..files.len() - 1]) {
        let sent = std::fs::read(dir.join(format!("a4/A{job:07}.pdf"))).unwrap();
        assert_eq!(std::fs::read(file).unwrap(), sent, "{number} {title}");
        let t = pdftotext(file);
        assert!(t.contains(number.as_str()) && t.contains(&c.number), "{number}: {t}");
    }
    // The 回访记录 carries the callback as recorded (who called, when, what was said), not blanks.
    let visit = pdftotext(&files[printed.len()]);
    for must in ["回访记录", "2026年11月27日", "电话回访", "评价：非常满意", "对办理结果满意", "刘洋"]
    {
        assert!(visit.contains(must), "{must} not on the 回访记录: {visit}");
    }
    // The audit extract carries every step, in words an inspector reads.
    let audit = pdftotext(files.last().unwrap());
    for step in [
        "一次性告知",
        "接收移交",
        "容缺材料补齐",
        "计时中止",
        "延长办理期限",
        "许可决定",
        "回访",
        "体检机构非县级以上",
        "pledge_due:2026-11-11",
        "危化品许可窗口",
        "kind:testing",
        "专家复核检测结果",
        "approved_by:0007",
        "outcome:grant",
        "直接送达",
        "satisfaction:5",
    ] {
        assert!(audit.contains(step), "{step} not in the audit extract: {audit}");
    }
    for (number, _, _) in &printed {
        assert!(audit.contains(number.as_str()), "{number} not in the audit extract");
    }
}

#[test]
fn a_case_that_went_the_whole_way_exports_a_file_an_inspector_reads_on_sqlite() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    journey(Location::Sqlite(dir.path().join("certdesk.db")), dir.path());
}

#[test]
fn a_case_that_went_the_whole_way_exports_a_file_an_inspector_reads_on_postgresql() {
    if !tools() {
        return;
    }
    let Some(url) = pg::fresh_url("case export journey") else { return };
    let dir = tempfile::tempdir().unwrap();
    journey(Location::Postgres(url), dir.path());
}
