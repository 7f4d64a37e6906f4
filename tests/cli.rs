//! The `certdesk` binary as an administrator uses it: init, import, print, verify (argument and
//! stdin), keys rotation, revocation, audit verification (and tamper detection), backup, jobs.

mod support;

use support::{certdesk, certdesk_stdin, text as out};

use std::path::Path;

/// A home with a small generated roster imported through the CLI.
fn home_with_roster(
) -> (tempfile::TempDir, std::path::PathBuf, Vec<(certdesk::domain::Holder, Vec<certdesk::domain::Certificate>)>) {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("h");
    let o = certdesk(&home, &["init"]);
    assert!(o.status.success(), "{}", out(&o));
    let today = support::today();
    let roster = certdesk::roster::generate(40, 7, today);
    let csv = tmp.path().join("roster.csv");
    certdesk::roster::write_csv(&roster, &csv).unwrap();
    let o = certdesk(&home, &["import", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&o).contains("新增"), "{}", out(&o));
    (tmp, home, roster)
}

fn printable(roster: &[(certdesk::domain::Holder, Vec<certdesk::domain::Certificate>)]) -> String {
    let today = support::today();
    roster
        .iter()
        .flat_map(|(_, cs)| cs)
        .find(|c| c.status(today, &Default::default()) == certdesk::domain::Status::Valid)
        .expect("a valid certificate in the roster")
        .number
        .clone()
}

fn slip_payload(home: &Path) -> String {
    let spool = home.join("spool");
    let bin = std::fs::read_dir(&spool)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "bin"))
        .unwrap();
    let parsed = certdesk::slip::parse_escpos(&std::fs::read(bin).unwrap()).unwrap();
    parsed.qr[0].clone()
}

#[test]
fn print_then_verify_by_argument_and_stdin() {
    let (_tmp, home, roster) = home_with_roster();
    let number = printable(&roster);
    let o = certdesk(&home, &["print", &number]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(!out(&o).contains(&number[1..]), "raw ID printed to the console");
    let payload = slip_payload(&home);

    let o = certdesk(&home, &["verify", &payload]);
    assert!(o.status.success(), "{}", out(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["verdict"], "valid");

    // One JSON line per input line, in order: valid, forged (one character changed), blank, garbage.
    let mut forged: Vec<char> = payload.chars().collect();
    let i = forged.len() - 5;
    forged[i] = if forged[i] == 'A' { 'B' } else { 'A' };
    let forged: String = forged.into_iter().collect();
    let input = format!("{payload}\n{forged}\n\nnot a certdesk payload at all\n\u{0}\u{1}garbage\n");
    let o = certdesk_stdin(&home, &["verify"], &input);
    assert!(o.status.success(), "{}", out(&o));
    let lines: Vec<serde_json::Value> =
        String::from_utf8(o.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["verdict"], "valid");
    assert!(lines[1]["verdict"] == "forged" || lines[1]["verdict"] == "malformed", "{}", lines[1]);
    assert_eq!(lines[2]["verdict"], "malformed");
    assert_eq!(lines[3]["verdict"], "malformed");
    assert_eq!(lines[4]["verdict"], "malformed");

    // A single bad payload exits 1.
    let o = certdesk(&home, &["verify", &forged]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn revocation_list_and_key_rotation() {
    let (_tmp, home, roster) = home_with_roster();
    let number = printable(&roster);
    assert!(certdesk(&home, &["print", &number]).status.success());
    let payload = slip_payload(&home);

    // Rotate: the old key is retired but its slips still verify.
    let o = certdesk(&home, &["keys", "new", "--rotate", "--label", "2027"]);
    assert!(o.status.success(), "{}", out(&o));
    let o = certdesk(&home, &["keys", "list"]);
    assert!(out(&o).contains("Retired") && out(&o).contains("Active"), "{}", out(&o));
    let o = certdesk(&home, &["verify", &payload]);
    assert!(o.status.success(), "retired key must still verify: {}", out(&o));

    // Revoke the certificate in the store, export the list: the slip now verifies as revoked.
    let store = certdesk::store::Store::open(home.join("certdesk.db")).unwrap();
    let id = store.holders().certificates_numbered(&number).unwrap()[0].id;
    store.holders().set_standing(id, certdesk::domain::Standing::Revoked).unwrap();
    drop(store);
    let o = certdesk(&home, &["revocations", "export", home.join("published.txt").to_str().unwrap()]);
    assert!(o.status.success(), "{}", out(&o));
    let o = certdesk(&home, &["verify", &payload]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["verdict"], "revoked");
}

#[test]
fn audit_verify_detects_an_edited_entry() {
    let (_tmp, home, _) = home_with_roster();
    let o = certdesk(&home, &["audit", "verify"]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&o).contains("完好"));
    {
        let conn = rusqlite::Connection::open(home.join("certdesk.db")).unwrap();
        // Someone with the database file drops the guard trigger and edits history.
        let triggers: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        for t in triggers {
            conn.execute_batch(&format!("DROP TRIGGER {t}")).unwrap();
        }
        let n = conn.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 1", []).unwrap();
        assert_eq!(n, 1);
    }
    let o = certdesk(&home, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("在第 1 条处损坏"), "{}", out(&o));
}

#[test]
fn backup_makes_an_openable_copy_and_never_overwrites() {
    let (tmp, home, _) = home_with_roster();
    let dest = tmp.path().join("backup.db");
    let o = certdesk(&home, &["backup", dest.to_str().unwrap()]);
    assert!(o.status.success(), "{}", out(&o));
    let copy = certdesk::store::Store::open(&dest).unwrap();
    assert_eq!(copy.holders().count().unwrap(), 40);
    let o = certdesk(&home, &["backup", dest.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(out(&o).contains("从不覆盖"), "{}", out(&o));
}

#[test]
fn bad_input_gets_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("h");
    // No home yet.
    let o = certdesk(&home, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(out(&o).contains("init"), "should say to run init: {}", out(&o));
    assert!(certdesk(&home, &["init"]).status.success());
    // A config with a typo.
    std::fs::write(home.join("certdesk.toml"), "[printer]\ntarget = \"tcp://127.0.0.1:9100\"\npapr = \"80mm\"\n")
        .unwrap();
    let o = certdesk(&home, &["jobs", "list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(out(&o).contains("papr"), "{}", out(&o));
    std::fs::write(home.join("certdesk.toml"), "[printer]\ntarget = \"lpt1\"\n").unwrap();
    let o = certdesk(&home, &["print", "T11010519491231002X"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(out(&o).contains("printer.target"), "{}", out(&o));
    std::fs::remove_file(home.join("certdesk.toml")).unwrap();
    // Unknown certificate; garbage import file; staff PIN that is not digits.
    let o = certdesk(&home, &["print", "T11010519491231002X"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out(&o).contains("11010519491231002X"), "raw number in an error: {}", out(&o));
    let junk = tmp.path().join("junk.csv");
    std::fs::write(&junk, [0u8, 159, 146, 150, 0, 1, 2, 255].repeat(100)).unwrap();
    let o = certdesk(&home, &["import", junk.to_str().unwrap()]);
    assert!(!o.status.success());
    let o = certdesk_stdin(&home, &["staff", "add", "0002", "--name", "张三"], "abcd\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(out(&o).contains("4 to 12 digits"), "{}", out(&o));
}

#[test]
fn jobs_list_shows_a_failed_print_and_reprint_sends_its_bytes() {
    let (_tmp, home, roster) = home_with_roster();
    let number = printable(&roster);
    // A printer on a closed port: the job fails and is kept.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let o = certdesk(&home, &["print", &number, "--target", &format!("tcp://127.0.0.1:{port}")]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("jobs reprint 1"), "{}", out(&o));
    let o = certdesk(&home, &["jobs", "list"]);
    assert!(out(&o).contains("failed"), "{}", out(&o));
    // Reprint to the file spool: the identical bytes, and the job is closed.
    let o = certdesk(&home, &["jobs", "reprint", "1"]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&certdesk(&home, &["jobs", "list"])).contains("没有待处理或失败的打印任务"));
    let store = certdesk::store::Store::open(home.join("certdesk.db")).unwrap();
    assert_eq!(std::fs::read(home.join("spool/1.bin")).unwrap(), store.print_jobs().bytes(1).unwrap().unwrap());
}

/// Issue 7 item 1: `staff disable|enable|reset-pin`. A disabled member's right PIN no longer
/// signs in; enabled again it does; a reset PIN replaces the old one and lifts a lock; every step
/// is audited, never with the PIN; an unknown staff number is a clear error.
#[test]
fn staff_disable_enable_and_reset_pin() {
    let (_tmp, home, _roster) = home_with_roster();
    let o = certdesk_stdin(&home, &["staff", "add", "0009", "--name", "周敏"], "2468\n");
    assert!(o.status.success(), "{}", out(&o));
    let store = || certdesk::store::Store::open(home.join("certdesk.db")).unwrap();
    assert!(store().staff().check_pin("0009", "2468"));
    let o = certdesk(&home, &["staff", "disable", "0009"]);
    assert!(o.status.success(), "{}", out(&o));
    assert!(!store().staff().check_pin("0009", "2468"), "a disabled member's PIN still signs in");
    assert!(out(&certdesk(&home, &["staff", "list"])).contains("已停用"));
    assert!(certdesk(&home, &["staff", "enable", "0009"]).status.success());
    assert!(store().staff().check_pin("0009", "2468"));
    let o = certdesk_stdin(&home, &["staff", "reset-pin", "0009"], "97531\n");
    assert!(o.status.success(), "{}", out(&o));
    assert!(!store().staff().check_pin("0009", "2468"));
    assert!(store().staff().check_pin("0009", "97531"));
    let o = certdesk_stdin(&home, &["staff", "reset-pin", "0009"], "12\n");
    assert!(!o.status.success(), "a 2-digit PIN was accepted");
    let o = certdesk(&home, &["staff", "disable", "9999"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("没有工作人员"), "{}", out(&o));
    let tail = out(&certdesk(&home, &["audit", "tail", "-n", "20"]));
    for action in ["staff.disable", "staff.enable", "staff.reset_pin"] {
        assert!(tail.contains(action), "{action} not audited:\n{tail}");
    }
    assert!(!tail.contains("97531"), "a PIN reached the audit log");
}
