//! `certdesk report KIND` through the real binary (issue 9 item 6): 好差评 statistics with the bad
//! ratings' follow-up (SPEC §2: 不满意 and 非常不满意 each open a follow-up due in working days),
//! daily counts, and cases past their committed due date counted in working days on the State
//! Council calendar; CSV and XLSX with native charts; garbage refused with a clear error.

#[path = "support/report_seed.rs"]
mod report_seed;
mod support;

use calamine::Reader;
use certdesk_testkit::{self as testkit, TestHome, ID};
use std::io::Read;
use std::path::Path;
use std::process::Output;
use support::certdesk;

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn seeded() -> (TestHome, report_seed::Seeded) {
    let h = TestHome::new("file:spool");
    let s = report_seed::seed(&h.home().store().unwrap(), ID);
    (h, s)
}

/// The CSV's lines as fields (BOM dropped).
fn lines(csv: &str) -> Vec<Vec<String>> {
    let body = csv.strip_prefix('\u{feff}').expect("a UTF-8 byte-order mark for Excel");
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body.as_bytes());
    r.records().map(|x| x.unwrap().iter().map(String::from).collect()).collect()
}

fn row<'a>(rows: &'a [Vec<String>], first: &str) -> &'a Vec<String> {
    rows.iter().find(|r| r[0] == first).unwrap_or_else(|| panic!("no row {first}: {rows:?}"))
}

#[test]
fn ratings_report_counts_levels_and_lists_bad_ratings_with_follow_up() {
    let (h, s) = seeded();
    let csv = ok(&certdesk(&h.dir, &["report", "ratings", "--from", "2026-11-16", "--to", "2026-11-22"]));
    assert!(!csv.contains(ID) && !csv.contains("110105"), "no ID number, raw or masked, in a report");
    let rows = lines(&csv);
    assert_eq!(rows[0][0], "好差评统计 2026-11-16 至 2026-11-22（按日期）");
    assert_eq!(
        rows[1][..9],
        ["日期", "非常满意", "满意", "基本满意", "不满意", "非常不满意", "合计", "差评", "满意率"]
    );
    assert_eq!(row(&rows, "2026-11-18")[1..], ["0", "0", "0", "1", "0", "1", "1", "0.0%"]);
    assert_eq!(row(&rows, "2026-11-21")[6], "0", "a quiet day is a row of zeros");
    assert_eq!(row(&rows, "合计")[1..], ["1", "1", "0", "1", "1", "4", "2", "50.0%"]);
    assert_eq!(row(&rows, "2026-11")[6], "4", "the month's line");
    // By staff: 0001 had two ratings (one bad), 0002 two (one bad).
    let staff = row(&rows, "0001");
    assert_eq!(staff[1], testkit::STAFF_NAME);
    assert_eq!(staff[7], "2");
    // The bad ratings with their follow-up (整改) and callback state.
    let done = rows.iter().find(|r| r.get(2) == Some(&s.bad_done_case)).expect("bad rating listed");
    assert_eq!(done[1], "不满意");
    assert!(done[6].starts_with("已整改（2026-11-19"), "{done:?}");
    assert_eq!(done[7], "当面致歉，已说明材料要求");
    let open = rows.iter().find(|r| r.get(2) == Some(&s.bad_open_case)).expect("bad rating listed");
    assert_eq!(open[1], "非常不满意");
    assert_eq!(open[6], "整改超期（期限2026-11-21）", "judged against today, after 11-21");
    assert_eq!(open[4], "0002");
    assert!(!rows.iter().any(|r| r.get(2) == Some(&s.overdue_case) && r.get(1) == Some(&"非常满意".to_string())));
    // Reports carry names: taking one out is audited, and nothing in the database holds the ID.
    let store = h.store();
    assert!(testkit::raw_id_outside_registry(&store, ID).is_empty());
    let tail = ok(&certdesk(&h.dir, &["audit", "tail", "-n", "3"]));
    assert!(tail.contains("report.export"), "{tail}");
    ok(&certdesk(&h.dir, &["audit", "verify"]));
}

#[test]
fn daily_report_counts_prints_intakes_notices_deficient_and_verdicts() {
    let (h, _) = seeded();
    let csv = ok(&certdesk(&h.dir, &["report", "daily", "--from", "2026-11-01", "--to", "2026-11-22"]));
    let rows = lines(&csv);
    assert_eq!(
        rows[1],
        ["日期", "证书打印", "文书打印", "受理登记", "一次性告知", "容缺受理", "扫码核验", "核验未通过"]
    );
    assert_eq!(rows.iter().filter(|r| r[0].starts_with("2026-11-")).count(), 22, "every day of the period");
    assert_eq!(row(&rows, "2026-11-02")[1..], ["0", "0", "1", "0", "1", "0", "0"]);
    assert_eq!(row(&rows, "2026-11-16")[1..], ["0", "0", "1", "1", "0", "0", "0"]);
    // The failed print is not a print; the revoked slip is a scan that did not pass.
    assert_eq!(row(&rows, "2026-11-20")[1..], ["1", "0", "0", "0", "0", "4", "1"]);
    assert_eq!(row(&rows, "合计")[1..], ["1", "0", "3", "1", "1", "4", "1"]);
    assert_eq!(row(&rows, "撤销")[2], "1");
}

/// Time limits count working days on the State Council calendar (SPEC §2); a case is late from
/// the working day after its committed due date.
#[test]
fn overdue_report_counts_working_days_past_the_committed_date() {
    let (h, s) = seeded();
    let csv = ok(&certdesk(&h.dir, &["report", "overdue", "--to", "2026-11-23"]));
    let rows = lines(&csv);
    let cases: Vec<&Vec<String>> = rows.iter().filter(|r| r[0].starts_with("YJ")).collect();
    assert_eq!(cases.len(), 1, "{rows:?}");
    let a = cases[0];
    assert_eq!(a[0], s.overdue_case);
    assert_eq!(a[3], "王秀英");
    // Due Tuesday 11-10; 11-11..11-13 and 11-16..11-20 and 11-23 are working days.
    assert_eq!(a[5], "2026-11-10");
    assert_eq!(a[6], "9");
    assert_eq!(a[8], "否", "the statutory limit (11-30) has not passed");
    // On 11-10 itself it is not late yet.
    let csv = ok(&certdesk(&h.dir, &["report", "overdue", "--to", "2026-11-10"]));
    assert!(!csv.contains(&s.overdue_case));
}

fn xlsx_parts(path: &Path) -> Vec<String> {
    let f = std::fs::File::open(path).unwrap();
    let z = zip::ZipArchive::new(f).unwrap();
    z.file_names().map(String::from).collect()
}

#[test]
fn xlsx_reports_carry_native_charts_and_the_same_numbers() {
    let (h, _) = seeded();
    let tmp = testkit::TempDir::new();
    for (kind, charts) in [("ratings", 3), ("daily", 1), ("overdue", 1)] {
        let out = tmp.path().join(format!("{kind}.xlsx"));
        let said = ok(&certdesk(
            &h.dir,
            &["report", kind, "--from", "2026-11-01", "--to", "2026-11-23", "--out", out.to_str().unwrap()],
        ));
        assert!(said.contains(out.to_str().unwrap()), "{said}");
        let parts = xlsx_parts(&out);
        let n = parts.iter().filter(|p| p.starts_with("xl/charts/chart") && p.ends_with(".xml")).count();
        assert_eq!(n, charts, "{kind}: {parts:?}");
        let mut z = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
        let mut chart = String::new();
        z.by_name("xl/charts/chart1.xml").unwrap().read_to_string(&mut chart).unwrap();
        assert!(chart.contains("<c:ser>"), "a chart with data series");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty());
    }
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(tmp.path().join("daily.xlsx")).unwrap();
    let ws = wb.worksheet_range("每日统计").unwrap();
    let total = ws.rows().find(|r| r[0].to_string() == "合计").expect("total row");
    assert_eq!(total[3].to_string(), "3", "intakes in November up to the 23rd");
    let csv_out = tmp.path().join("r.CSV");
    ok(&certdesk(&h.dir, &["report", "ratings", "--out", csv_out.to_str().unwrap()]));
    assert!(std::fs::read_to_string(&csv_out).unwrap().starts_with('\u{feff}'));
}

#[test]
fn garbage_requests_are_refused_with_a_clear_error_and_no_file() {
    let (h, _) = seeded();
    let tmp = testkit::TempDir::new();
    let dir_as_file = tmp.path().to_str().unwrap().to_string() + "/";
    let missing_dir = tmp.path().join("no/such/dir/r.csv");
    let readonly = tmp.path().join("ro");
    std::fs::create_dir(&readonly).unwrap();
    let mut perm = std::fs::metadata(&readonly).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o500);
    std::fs::set_permissions(&readonly, perm).unwrap();
    let ro_file = readonly.join("r.xlsx");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["report", "sales"], "unknown report \"sales\""),
        (vec!["report", "ratings", "--from", "2026-13-01"], "is not a date"),
        (vec!["report", "ratings", "--to", "yesterday"], "is not a date"),
        (vec!["report", "daily", "--from", "2026/11/01"], "is not a date"),
        (vec!["report", "daily", "--from", "2026-11-20", "--to", "2026-11-01"], "is after --to"),
        (vec!["report", "daily", "--from", "2020-01-01", "--to", "2026-11-01"], "at most 366 days"),
        (vec!["report", "daily", "--out", "r.pdf"], "须以 .csv 或 .xlsx 结尾"),
        (vec!["report", "daily", "--out", &dir_as_file], "须以 .csv 或 .xlsx 结尾"),
        (vec!["report", "daily", "--out", missing_dir.to_str().unwrap()], "r.csv"),
    ];
    let mut cases = cases;
    // root ignores directory permissions: the read-only case only means something for others.
    if unsafe { libc::geteuid() } != 0 {
        cases.push((vec!["report", "daily", "--out", ro_file.to_str().unwrap()], "r.xlsx"));
    }
    for (args, says) in cases {
        let o = certdesk(&h.dir, &args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{args:?} succeeded");
        assert_ne!(o.status.code(), Some(0));
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}: nothing on stdout for a refused report");
    }
    assert!(!missing_dir.exists());
    assert_eq!(std::fs::read_dir(&readonly).unwrap().count(), 0, "no half-written file");
    // A full disk under stdout is an error too, never a silent truncation.
    let full = support::bin()
        .arg("--home")
        .arg(&h.dir)
        .args(["report", "daily"])
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert!(!full.status.success());
}
