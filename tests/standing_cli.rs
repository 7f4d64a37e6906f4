//! `certdesk standing set` through the real binary (issue 9 item 3): a bureau decision changes
//! one certificate's standing without a roster import — 暂停, 撤销 (30号令 art. 30), 注销 (art.
//! 31), a suspension lifted — with a signed audit entry that holds no raw ID number, and the
//! withdrawn handle on the signed revocation list, so a printed slip verifies as withdrawn.

mod support;

use support::{certdesk, text as out};

use certdesk::store::Role;
use chrono::{Days, Months};
use std::path::{Path, PathBuf};
use std::process::Output;

const ID: &str = "11010519491231002X";
const LOW: &str = "低压电工作业";
const HIGH: &str = "高压电工作业";

fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", out(&o));
    out(&o)
}
fn verdict(home: &Path, payload: &str) -> serde_json::Value {
    let o = certdesk(home, &["verify", payload]);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", out(&o)))
}

/// A bureau home with one holder holding two 特种作业操作证 under one number (低压 and 高压电工作业),
/// a supervisor 0007 and a clerk 0008, and a printed slip of each certificate.
fn setup() -> (tempfile::TempDir, PathBuf, String, String) {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("h");
    ok(certdesk(&home, &["init"]));
    let today = support::today();
    let from = today - Months::new(12);
    let until = from + Months::new(72) - Days::new(1);
    let review = from + Months::new(36);
    let row = |item: &str| {
        format!("特种作业操作证,T{ID},王秀英,女,{ID},电工作业,{item},,{from},{from},{until},{review},,示范市应急管理局,有效,13800138000,,,")
    };
    let csv = tmp.path().join("roster.csv");
    let text = certdesk::roster::CSV_HEADERS.join(",") + ",延期复审\n" + &row(LOW) + "\n" + &row(HIGH) + "\n";
    std::fs::write(&csv, text).unwrap();
    ok(certdesk(&home, &["import", csv.to_str().unwrap()]));
    let store = certdesk::home::Home::open(&home).unwrap().store().unwrap();
    store.staff().add("0007", "李娜", "246810", Role::Supervisor).unwrap();
    store.staff().add("0008", "张伟", "135790", Role::Clerk).unwrap();
    drop(store);
    let mut slips = vec![];
    for item in [LOW, HIGH] {
        ok(certdesk(&home, &["print", &format!("T{ID}"), "--item", item]));
        slips.push(support::newest_slip_qr(&home.join("spool")));
    }
    let high = slips.pop().unwrap();
    let low = slips.pop().unwrap();
    (tmp, home, low, high)
}

/// The staff members' PINs (setup adds them).
fn pin_of(staff: &str) -> &'static str {
    match staff {
        "0007" => "246810",
        "0008" => "135790",
        _ => "000000",
    }
}

/// `standing set`, the deciding staff member giving their PIN on stdin (issue 17 §9).
fn set(home: &Path, item: &str, standing: &str, reason: &str, staff: &str) -> Output {
    support::certdesk_stdin(
        home,
        &[
            "standing",
            "set",
            &format!("T{ID}"),
            "--item",
            item,
            standing,
            "--reason",
            reason,
            "--staff",
            staff,
            "--pin-stdin",
        ],
        &format!("{}\n", pin_of(staff)),
    )
}

fn standings(home: &Path) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(&ok(certdesk(home, &["holder", ID, "--json"]))).unwrap();
    let mut s: Vec<(String, String)> = v["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["item"].as_str().unwrap_or("").to_string(), c["standing"].as_str().unwrap().to_string()))
        .collect();
    s.sort();
    s
}

fn audit_entries(home: &Path) -> usize {
    let store = certdesk::store::Store::open(home.join("certdesk.db")).unwrap();
    store.conn().query_row("SELECT count(*) FROM audit", [], |r| r.get::<_, i64>(0)).unwrap() as usize
}

/// 30号令 art. 30: 撤销 of one 操作项目 leaves the holder's other certificate in force; the slip of
/// the revoked one verifies as revoked once the list is reissued.
#[test]
fn revoking_one_item_audits_it_and_puts_its_handle_on_the_revocation_list() {
    let (tmp, home, low, high) = setup();
    assert_eq!(verdict(&home, &low)["verdict"], "valid");
    let said = ok(set(&home, LOW, "revoked", "30号令第三十条：以欺骗手段取得", "0007"));
    assert!(said.contains("有效 → 撤销"), "{said}");
    assert!(said.contains("T110105********002X"), "{said}");
    assert!(!said.contains(ID), "no raw ID number in the output: {said}");
    assert_eq!(standings(&home), [(LOW.into(), "revoked".into()), (HIGH.into(), "active".into())]);
    // The bureau's own list was reissued: its verify agrees at once.
    let v = verdict(&home, &low);
    assert_eq!((v["verdict"].as_str(), v["revocation_reason"].as_str()), (Some("revoked"), Some("revoked")), "{v}");
    assert_eq!(verdict(&home, &high)["verdict"], "valid");
    // The list for the stations carries it.
    let list = tmp.path().join("revocations.txt");
    let said = ok(certdesk(&home, &["revocations", "export", list.to_str().unwrap()]));
    assert!(said.contains("撤销 1、暂停 0、注销 0"), "{said}");
    // The decision is in the signed audit log, with the reason and the staff number, no raw ID.
    let tail = ok(certdesk(&home, &["audit", "tail", "-n", "5"]));
    assert!(
        tail.contains("certificate.standing") && tail.contains("以欺骗手段取得") && tail.contains("0007"),
        "{tail}"
    );
    let store = certdesk::store::Store::open(home.join("certdesk.db")).unwrap();
    assert!(certdesk_testkit::raw_id_outside_registry(&store, ID).is_empty());
    drop(store);
    ok(certdesk(&home, &["audit", "verify"]));

    // 撤销 is final (art. 30): no decision brings it back, and nothing is written.
    let before = audit_entries(&home);
    for to in ["active", "suspended", "cancelled"] {
        let o = set(&home, LOW, to, "改判", "0007");
        assert_eq!(o.status.code(), Some(2), "{to}: {}", out(&o));
        assert!(out(&o).contains("final (30号令 art. 30/31)"), "{}", out(&o));
    }
    assert_eq!(audit_entries(&home), before);
    assert_eq!(standings(&home)[0], (LOW.into(), "revoked".into()));
}

/// 暂停 can be lifted; 注销 (30号令 art. 31) ends the certificate like 撤销.
#[test]
fn suspension_is_lifted_and_cancellation_is_final() {
    let (_tmp, home, _low, high) = setup();
    ok(set(&home, HIGH, "暂停", "违章作业，停业整顿期间暂停", "0007"));
    let v = verdict(&home, &high);
    assert_eq!(v["verdict"], "suspended", "{v}");
    // The same decision again changes nothing and writes nothing.
    let before = audit_entries(&home);
    let said = ok(set(&home, HIGH, "suspended", "再次", "0007"));
    assert!(said.contains("未作改动"), "{said}");
    assert_eq!(audit_entries(&home), before);
    ok(set(&home, HIGH, "active", "整顿完毕，解除暂停", "0007"));
    assert_eq!(verdict(&home, &high)["verdict"], "valid");
    ok(set(&home, HIGH, "cancelled", "30号令第三十一条：持证人死亡", "0007"));
    let v = verdict(&home, &high);
    assert_eq!(v["revocation_reason"], "cancelled", "{v}");
    assert_ne!(v["verdict"], "valid");
    let o = set(&home, HIGH, "active", "误操作", "0007");
    assert!(!o.status.success());
    ok(certdesk(&home, &["audit", "verify"]));
}

#[test]
fn bad_decisions_are_refused_with_a_clear_error_and_change_nothing() {
    let (_tmp, home, low, _high) = setup();
    let before = audit_entries(&home);
    let number = format!("T{ID}");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["standing", "set", &number, "--item", LOW, "暂扣", "--reason", "x", "--staff", "0007"], "未知的证件状态"),
        (vec!["standing", "set", &number, "--item", LOW, "", "--reason", "x", "--staff", "0007"], "未知的证件状态"),
        (
            vec!["standing", "set", &number, "--item", LOW, "revoked", "--reason", "  ", "--staff", "0007"],
            "a reason is required",
        ),
        (
            vec!["standing", "set", &number, "--item", LOW, "revoked", "--reason", "a\u{1b}[2Jb", "--staff", "0007"],
            "control characters",
        ),
        (
            vec!["standing", "set", &number, "--item", LOW, "revoked", "--reason", "x", "--staff", "9999"],
            "不是在职工作人员",
        ),
        (
            vec!["standing", "set", &number, "--item", LOW, "revoked", "--reason", "x", "--staff", "0008"],
            "须由 supervisor 或 admin 决定",
        ),
        (vec!["standing", "set", &number, "revoked", "--reason", "x", "--staff", "0007"], "choose one with --item"),
        (vec!["standing", "set", &number, "--item", "焊工", "revoked", "--reason", "x", "--staff", "0007"], "焊工"),
        (
            vec!["standing", "set", "T000000000000000000", "revoked", "--reason", "x", "--staff", "0007"],
            "no certificate numbered",
        ),
        (vec!["standing", "set", &number, "--item", LOW, "revoked", "--staff", "0007"], "--reason"),
    ];
    for (mut args, says) in cases {
        args.push("--pin-stdin");
        let o = support::certdesk_stdin(&home, &args, "246810\n");
        assert!(!o.status.success(), "{args:?} succeeded: {}", out(&o));
        assert!(out(&o).contains(says), "{args:?}: {}", out(&o));
        assert!(!out(&o).contains(ID), "{args:?}: raw ID in the message: {}", out(&o));
    }
    assert_eq!(audit_entries(&home), before, "nothing written");
    assert_eq!(standings(&home), [(LOW.into(), "active".into()), (HIGH.into(), "active".into())]);
    assert_eq!(verdict(&home, &low)["verdict"], "valid");
}
