//! The A4 documents carry the facts the case's time and stages record (issue 16 on issue 15),
//! not blanks to fill by hand: each test records a fact through the desk's services, issues the
//! document through the paper service and reads the PDF back with poppler's `pdftotext`. Both
//! store backends: SQLite (a real file) and PostgreSQL (`testkit::pg`; required in CI). Needs
//! poppler-utils and fonts-noto-cjk (fails under CI without them). Each test names the article.

use certdesk::config::Config;
use certdesk::domain::case_time::{Outcome, StopKind};
use certdesk::domain::intake::{CaseState, Decision, MaterialState};
use certdesk::domain::matters::Matters;
use certdesk::domain::workdays::Calendar;
use certdesk::printer::Target;
use certdesk::service::desk::a4::A4Home;
use certdesk::service::desk::{Desk, DeskError, Login, StaffSession, SupervisorOverride};
use certdesk::store::db::Location;
use certdesk::store::{OpenCheck, Role, Store};
use certdesk_core::paper::Paper;
use certdesk_paper::template::date_zh;
use certdesk_paper::DocKind;
use certdesk_testkit::pg;
use chrono::{NaiveDate, NaiveDateTime};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}
fn at(day: NaiveDate, h: u32, mi: u32) -> NaiveDateTime {
    day.and_hms_opt(h, mi, 0).unwrap()
}

fn tools() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok() && certdesk_paper::Fonts::find(None, None).is_ok();
    assert!(ok || std::env::var_os("CI").is_none(), "poppler-utils or fonts-noto-cjk missing under CI");
    ok
}

/// The text of a PDF, whitespace removed (a line break may fall inside a phrase).
fn pdftotext(pdf: &[u8]) -> String {
    use std::io::Write;
    let mut child =
        Command::new("pdftotext").args(["-", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stdout).chars().filter(|c| !c.is_whitespace()).collect()
}

struct Fx {
    dir: tempfile::TempDir,
    loc: Location,
    clock: Arc<Mutex<NaiveDateTime>>,
    desk: Desk,
    clerk: StaffSession,
    sup: StaffSession,
    config: Config,
}

impl Fx {
    fn set(&self, t: NaiveDateTime) {
        *self.clock.lock().unwrap() = t;
    }
    fn store(&self) -> Store {
        Store::open_at(&self.loc, OpenCheck::Skip).unwrap()
    }
    /// A 特种作业操作证申领 case with its checklist ticked (`except`: other states).
    fn case(&self, except: &[(&str, MaterialState)]) -> i64 {
        let c = self.desk.open_case(&self.clerk, "special_issue", None).unwrap();
        for item in self.desk.checklist(c.id).unwrap() {
            let st = except
                .iter()
                .find(|(m, _)| *m == item.material)
                .map(|(_, s)| s.clone())
                .unwrap_or(MaterialState::Provided);
            self.desk.tick(&self.clerk, c.id, &item.material, st).unwrap();
        }
        c.id
    }
    fn accepted(&self, on: NaiveDate) -> i64 {
        self.set(at(on, 9, 0));
        let id = self.case(&[]);
        self.desk.decide(&self.clerk, id, &Decision::Accept, None).unwrap();
        id
    }
    /// Issues `kind` for the case through the paper service and returns the PDF's text.
    fn issue(&self, id: i64, kind: DocKind) -> String {
        let store = self.store();
        let matters = Matters::builtin();
        let paper = Paper::open(&store, &self.config, &matters, self.dir.path()).unwrap();
        let c = store.cases().get(id).unwrap().unwrap();
        let now = *self.clock.lock().unwrap();
        let doc = paper.issue(&c, kind, "0001", "张敏", now).unwrap();
        pdftotext(&store.documents().pdf(doc.id).unwrap().unwrap())
    }
}

fn login(desk: &Desk, id: &str, pin: &str) -> StaffSession {
    match desk.login(id, pin).unwrap() {
        Login::Ok(s) => s,
        other => panic!("{other:?}"),
    }
}

fn fixtures(tag: &str) -> Vec<Fx> {
    let mut locs = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    locs.push((Location::Sqlite(dir.path().join("certdesk.db")), dir));
    if let Some(url) = pg::fresh_url(tag) {
        locs.push((Location::Postgres(url), tempfile::tempdir().unwrap()));
    } else if std::env::var_os("CI").is_some() || std::env::var_os("CERTDESK_REQUIRE_PG").is_some() {
        panic!("no PostgreSQL server for the test (CERTDESK_TEST_PG)");
    }
    locs.into_iter()
        .map(|(loc, dir)| {
            let store = Store::open_at(&loc, OpenCheck::Skip).unwrap();
            store.staff().add("0001", "张敏", "123456", Role::Clerk).unwrap();
            store.staff().add("0007", "王强", "777777", Role::Supervisor).unwrap();
            let clock = Arc::new(Mutex::new(at(d(2026, 12, 4), 9, 0)));
            let c2 = clock.clone();
            let mut config = Config::default();
            config.bureau.name = "南京市应急管理局".into();
            // The A4 printer: a folder under the home, blocked by a file until a test clears it
            // (a printer that does not take the job).
            config.paper.target = "file:a4".into();
            let desk = Desk::new(
                store,
                &config,
                Target::File(dir.path().join("spool")),
                Matters::builtin(),
                Calendar::builtin(),
                certdesk::clock::Clock::from_fn(move || *c2.lock().unwrap()),
            );
            // The home's seal key and trust list: documents' QR codes are signed with them.
            std::fs::create_dir_all(dir.path().join("keys")).unwrap();
            let signer = certdesk::seal::Signer::write_new(&dir.path().join("keys/signing.key")).unwrap();
            let mut trust = certdesk::seal::TrustList::new();
            trust.add(signer.public_entry("bureau")).unwrap();
            trust.save(&dir.path().join("keys/trust.toml")).unwrap();
            let desk = desk.with_a4(A4Home { config: config.clone(), dir: dir.path().to_path_buf() });
            let clerk = login(&desk, "0001", "123456");
            let sup = login(&desk, "0007", "777777");
            Fx { dir, loc, clock, desk, clerk, sup, config }
        })
        .collect()
}

fn sup_pin() -> SupervisorOverride {
    SupervisorOverride { staff_id: "0007".into(), pin: "777777".into(), reason: String::new() }
}

/// 行政许可法 第三十二条第一款第（四）项: the one-time notice says by when everything must be
/// supplied: the 补正期限 recorded with the notice is printed, not a blank.
#[test]
fn art32_notice_prints_its_correction_term() {
    if !tools() {
        return;
    }
    for fx in fixtures("pf_art32_notice") {
        let id = fx.case(&[("photo", MaterialState::Missing)]);
        fx.desk.decide(&fx.clerk, id, &Decision::Notice, None).unwrap();
        let fix_by = fx.store().cases().time(id).unwrap().fix_by.last().unwrap().1;
        let t = fx.issue(id, DocKind::Notice);
        assert!(t.contains(&format!("请于{}前将上述材料补正齐全", date_zh(fix_by))), "{t}");
        assert!(!t.contains("请在补正期限内"), "{t}");
    }
}

/// 第三十二条第一款第（二）项: 不予受理 of a matter that is not this bureau's tells the applicant
/// which authority to apply to (the one the clerk named).
#[test]
fn art32_refusal_names_the_competent_authority() {
    if !tools() {
        return;
    }
    for fx in fixtures("pf_art32_refusal") {
        let id = fx.case(&[]);
        fx.desk.refuse_to(&fx.clerk, id, "申请事项不属于本机关职权范围", "江苏省应急管理厅").unwrap();
        let t = fx.issue(id, DocKind::Refusal);
        assert!(t.contains("请向江苏省应急管理厅提出申请"), "{t}");
        assert!(t.contains("申请事项不属于本机关职权范围"), "{t}");
    }
}

/// 第四十二条: the extension notice carries the reasons, the supervisor who approved it, the days
/// added and the new statutory date as recorded.
#[test]
fn art42_extension_notice_prints_reasons_approver_and_new_date() {
    if !tools() {
        return;
    }
    for fx in fixtures("pf_art42") {
        let id = fx.accepted(d(2026, 11, 2));
        fx.set(at(d(2026, 11, 20), 10, 0));
        fx.desk.extend(&fx.clerk, id, "需组织专家论证储罐区安全设施", &sup_pin()).unwrap();
        let due = fx.store().cases().get(id).unwrap().unwrap().statutory_due_on.unwrap();
        assert_eq!(due, d(2026, 12, 14));
        let t = fx.issue(id, DocKind::Extension);
        assert!(t.contains("需组织专家论证储罐区安全设施"), "{t}");
        assert!(t.contains("经本机关负责人王强批准"), "{t}");
        assert!(t.contains("办理期限延长10日"), "{t}");
        assert!(t.contains("延长后的办结期限为2026年12月14日"), "{t}");
        // The case has no visitor recorded (the addressee stays blank); the extension itself does not.
        let from = t.find("二十日内不能作出").unwrap();
        let to = from + t[from..].find("南京市应急管理局").unwrap();
        assert!(!t[from..to].contains('＿'), "a blank in the extension: {}", &t[from..to]);
    }
}

/// 第四十五条: the time a 检测 takes is not counted; the documents that show time limits (受理通知书,
/// 延长办理期限告知书) list the stop, and the 特别程序告知书 names the procedure and the days told.
#[test]
fn art45_stops_print_where_time_limits_are_shown() {
    if !tools() {
        return;
    }
    for fx in fixtures("pf_art45") {
        let id = fx.accepted(d(2026, 11, 2));
        fx.set(at(d(2026, 11, 9), 9, 0));
        fx.desk.stop_clock(&fx.clerk, id, StopKind::Testing, 7).unwrap();
        let special = fx.issue(id, DocKind::Special);
        assert!(special.contains("依法需要进行检测"), "{special}");
        assert!(special.contains("预计所需时间为7日"), "{special}");
        assert!(special.contains("检测：自2026年11月9日起（告知所需时间7日，尚未结束）"), "{special}");
        fx.set(at(d(2026, 11, 13), 9, 0));
        fx.desk.resume_clock(&fx.clerk, id).unwrap();
        let c = fx.store().cases().get(id).unwrap().unwrap();
        let acc = fx.issue(id, DocKind::Acceptance);
        assert!(acc.contains("第四十五条，下列期间不计算在办理期限内"), "{acc}");
        assert!(acc.contains("检测：2026年11月9日至2026年11月13日（告知所需时间7日）"), "{acc}");
        // The limits printed are the ones the stop moved.
        assert!(acc.contains(&format!("法定办结期限为{}", date_zh(c.statutory_due_on.unwrap()))), "{acc}");
        fx.desk.extend(&fx.clerk, id, "检测后需复核", &sup_pin()).unwrap();
        let ext = fx.issue(id, DocKind::Extension);
        assert!(ext.contains("检测：2026年11月9日至2026年11月13日"), "{ext}");
    }
}

/// 第三十八条第二款 and the stage history: the 不予行政许可决定书 gives the recorded reasons and
/// names who approved (the 批准 step); 第四十四条: the 送达回证 names the decision's document
/// with its number, how and when it was served.
#[test]
fn art38_art44_denial_names_the_approver_and_service_what_was_served() {
    if !tools() {
        return;
    }
    for fx in fixtures("pf_art38_44") {
        let id = fx.accepted(d(2026, 12, 1));
        fx.set(at(d(2026, 12, 3), 9, 0));
        fx.desk.move_stage(&fx.clerk, id, CaseState::Undertaken, "", None).unwrap();
        fx.desk.move_stage(&fx.clerk, id, CaseState::Reviewed, "", None).unwrap();
        fx.desk.move_stage(&fx.sup, id, CaseState::Approved, "同意不予许可", None).unwrap();
        fx.desk.record_outcome(&fx.clerk, id, Outcome::Deny, "安全距离不符合规定；应急器材配备不足").unwrap();
        let denial = fx.issue(id, DocKind::Denial);
        assert!(denial.contains("（一）安全距离不符合规定。"), "{denial}");
        assert!(denial.contains("（二）应急器材配备不足。"), "{denial}");
        assert!(denial.contains("经本机关负责人王强批准，本机关决定不予行政许可"), "{denial}");
        fx.set(at(d(2026, 12, 4), 10, 0));
        fx.desk.record_delivery(&fx.clerk, id, "直接送达").unwrap();
        let number = fx.store().documents().of_case(id).unwrap()[0].number.clone();
        let service = fx.issue(id, DocKind::Service);
        assert!(service.contains(&format!("不予行政许可决定书（{number}）")), "{service}");
        assert!(service.contains("直接送达"), "{service}");
        assert!(service.contains("2026年12月4日"), "{service}");
    }
}

/// A case with none of these facts keeps the blanks (never a guessed value): the notice of a case
/// whose notice predates the 补正期限 column and a 送达回证 before any decision.
#[test]
fn facts_not_recorded_stay_blank() {
    if !tools() {
        return;
    }
    for fx in fixtures("pf_blank") {
        let id = fx.accepted(d(2026, 12, 1));
        let service = fx.issue(id, DocKind::Service);
        assert!(service.contains("送达方式＿＿"), "{service}");
        let ext = fx.issue(id, DocKind::Extension);
        assert!(ext.contains("经本机关负责人批准，办理期限延长＿＿"), "{ext}");
    }
}

/// The desk's A4 path (SPEC §8): a document key issues the document and prints it on the A4
/// target with its job kept; a printer that does not take it leaves the job listed for a
/// reprint; a document the case cannot have yet (行政许可法 第三十二条: no notice before the
/// materials were found lacking) takes no number.
#[test]
fn desk_prints_a4_through_paper_jobs_and_keeps_a_failed_job() {
    if !tools() {
        return;
    }
    for fx in fixtures("pf_desk_a4") {
        let id = fx.case(&[("photo", MaterialState::Missing)]);
        assert!(matches!(fx.desk.print_a4(&fx.clerk, id, DocKind::Notice), Err(DeskError::NothingToPrint(_))));
        assert!(fx.store().documents().of_case(id).unwrap().is_empty(), "no number taken");
        fx.desk.decide(&fx.clerk, id, &Decision::Notice, None).unwrap();
        // The A4 printer does not take it: a file where its folder should be.
        std::fs::write(fx.dir.path().join("a4"), b"not a folder").unwrap();
        let p = fx.desk.print_a4(&fx.clerk, id, DocKind::Notice).unwrap();
        assert!(p.error.is_some(), "{p:?}");
        assert_eq!(p.document.title, "行政许可申请材料补正告知书");
        let stuck = fx.store().documents().unfinished_a4_jobs().unwrap();
        assert_eq!(stuck.iter().map(|j| j.id).collect::<Vec<_>>(), vec![p.job]);
        // The printer is back: the same document (same number, same bytes) is sent again.
        std::fs::remove_file(fx.dir.path().join("a4")).unwrap();
        let again = fx.desk.reprint_a4(&fx.clerk, p.job).unwrap();
        assert_eq!(again.error, None);
        assert_eq!(again.document.number, p.document.number);
        let printed = std::fs::read(fx.dir.path().join(format!("a4/A{:07}.pdf", p.job))).unwrap();
        assert_eq!(printed, fx.store().documents().pdf(p.document.id).unwrap().unwrap());
        assert!(pdftotext(&printed).contains(&p.document.number));
        assert!(fx.store().documents().unfinished_a4_jobs().unwrap().is_empty());
        // The acceptance key on a refused case prints the 不予受理决定书.
        let refused = fx.case(&[]);
        fx.desk.refuse_to(&fx.clerk, refused, "不属于本机关职权范围", "江苏省应急管理厅").unwrap();
        let p = fx.desk.print_a4(&fx.clerk, refused, DocKind::Acceptance).unwrap();
        assert_eq!((p.document.kind.as_str(), p.error.as_deref()), ("refusal", None));
    }
}
