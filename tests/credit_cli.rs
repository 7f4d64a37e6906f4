//! `certdesk credit add|lift|list` through the real binary (issue 15; SPEC §2 容缺受理: applicants
//! under a 失信 mark, entered by a supervisor with its source, are excluded): a supervisor enters
//! and lifts marks on an enterprise and on a person; a clerk cannot; the person's ID number is
//! shown masked and never stored raw; garbage is refused with a Chinese message first.

mod support;

use std::path::Path;
use std::process::Output;
use support::{certdesk_stdin, text as out};

/// PINs of the home's staff (`home()`).
fn pin_of(args: &[&str]) -> &'static str {
    match args.iter().position(|a| *a == "--staff").map(|i| args[i + 1]) {
        Some("0007") => "7777\n",
        Some("0001") => "1111\n",
        _ => "0000\n",
    }
}

/// `certdesk ARGS`; a credit add/lift gives the named staff member's PIN on stdin (issue 17 §9).
fn certdesk(h: &Path, args: &[&str]) -> Output {
    if args.len() > 1 && args[0] == "credit" && (args[1] == "add" || args[1] == "lift") {
        let mut all = args.to_vec();
        all.push("--pin-stdin");
        return certdesk_stdin(h, &all, pin_of(args));
    }
    certdesk_stdin(h, args, "")
}

fn certdesk_ok(h: &Path, args: &[&str]) -> Output {
    let o = certdesk(h, args);
    assert!(o.status.success(), "{args:?}: {}", out(&o));
    o
}

const ID: &str = "11010519491231002X";
const CODE: &str = "91350100M000100Y43";

fn home() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("h");
    certdesk_ok(&home, &["init"]);
    for (id, name, role, pin) in [("0001", "张敏", "staff", "1111\n"), ("0007", "王强", "supervisor", "7777\n")] {
        let o = certdesk_stdin(&home, &["staff", "add", id, "--name", name, "--role", role], pin);
        assert!(o.status.success(), "{}", out(&o));
    }
    (tmp, home)
}

#[test]
fn a_supervisor_enters_lists_and_lifts_marks_on_an_enterprise_and_a_person() {
    let (_t, h) = home();
    let o = certdesk_ok(&h, &["credit", "add", "--code", CODE, "--source", "信用中国 2026-118", "--staff", "0007"]);
    assert!(out(&o).contains("已录入失信标记 1") && out(&o).contains("一般失信"), "{}", out(&o));
    let o = certdesk_ok(
        &h,
        &["credit", "add", "--person", ID, "--serious", "--source", "淄应急罚〔2026〕3号", "--staff", "0007"],
    );
    assert!(out(&o).contains("严重失信") && !out(&o).contains(ID), "{}", out(&o));

    let list = out(&certdesk_ok(&h, &["credit", "list"]));
    assert!(list.contains(CODE) && list.contains(&certdesk::domain::id::mask(ID)) && !list.contains(ID), "{list}");
    let one = out(&certdesk_ok(&h, &["credit", "list", "--person", ID]));
    assert!(!one.contains(CODE) && one.contains("严重失信"), "{one}");

    let o = certdesk_ok(&h, &["credit", "lift", "2", "--reason", "信用修复审核通过", "--staff", "0007"]);
    assert!(out(&o).contains("已解除失信标记 2"), "{}", out(&o));
    assert!(!out(&certdesk_ok(&h, &["credit", "list"])).contains("严重失信"), "lifted: not in force");
    let all = out(&certdesk_ok(&h, &["credit", "list", "--all"]));
    assert!(all.contains("已于") && all.contains("信用修复审核通过"), "{all}");
    let en = out(&certdesk_ok(&h, &["--lang", "en", "credit", "list", "--all"]));
    assert!(en.contains("lifted from") && en.contains("serious"), "{en}");

    // The raw number is nowhere in the database file.
    let db = std::fs::read(h.join("certdesk.db")).unwrap();
    assert!(!db.windows(ID.len()).any(|w| w == ID.as_bytes()), "raw ID number stored");
}

#[test]
fn garbage_and_clerks_are_refused() {
    let (_t, h) = home();
    let refused = |args: &[&str], want: &str| {
        let o = certdesk(&h, args);
        assert!(!o.status.success(), "{args:?} succeeded: {}", out(&o));
        assert!(out(&o).contains(want), "{args:?}: {}", out(&o));
    };
    refused(&["credit", "add", "--code", CODE, "--source", "信用中国", "--staff", "0001"], "不能执行");
    // The supervisor named proves it with their PIN (issue 17 §9): a wrong one enters nothing,
    // and a script that gives none is refused rather than trusted.
    let o = certdesk_stdin(
        &h,
        &["credit", "add", "--code", CODE, "--source", "x", "--staff", "0007", "--pin-stdin"],
        "0000\n",
    );
    assert!(!o.status.success() && out(&o).contains("PIN 不对"), "{}", out(&o));
    let o = certdesk_stdin(&h, &["credit", "add", "--code", CODE, "--source", "x", "--staff", "0007"], "");
    assert!(!o.status.success(), "no PIN given: {}", out(&o));
    assert!(!out(&certdesk_ok(&h, &["credit", "list"])).contains(CODE), "a refused add entered a mark");
    refused(&["credit", "add", "--code", CODE, "--source", "信用中国", "--staff", "9999"], "不是在职工作人员");
    refused(&["credit", "add", "--source", "信用中国", "--staff", "0007"], "--code");
    refused(&["credit", "add", "--code", CODE, "--source", "  ", "--staff", "0007"], "来源");
    refused(&["credit", "add", "--code", "91350100M000100Y44", "--source", "x", "--staff", "0007"], "校验位");
    refused(&["credit", "add", "--code", "不是代码", "--source", "x", "--staff", "0007"], "格式有误");
    refused(&["credit", "add", "--person", "110105194912310021", "--source", "x", "--staff", "0007"], "身份证号有误");
    refused(&["credit", "add", "--code", CODE, "--source", "x", "--since", "2026-13-01", "--staff", "0007"], "日期");
    refused(
        &["credit", "add", "--code", CODE, "--source", "x", "--since", "2099-01-01", "--staff", "0007"],
        "晚于今天",
    );
    refused(&["credit", "lift", "5", "--reason", "x", "--staff", "0007"], "没有编号为 5");
    certdesk_ok(&h, &["credit", "add", "--code", CODE, "--source", "信用中国", "--staff", "0007"]);
    refused(&["credit", "lift", "1", "--reason", " ", "--staff", "0007"], "解除理由");
    refused(&["credit", "lift", "1", "--reason", "x", "--staff", "0001"], "不能执行");
    certdesk_ok(&h, &["credit", "lift", "1", "--reason", "期满移出", "--staff", "0007"]);
    refused(&["credit", "lift", "1", "--reason", "again", "--staff", "0007"], "已解除");
    // A confirmed suspect code is taken (GB 32100: a warning staff may override).
    certdesk_ok(
        &h,
        &["credit", "add", "--code", "91350100M000100Y44", "--confirm-code", "--source", "x", "--staff", "0007"],
    );
}
