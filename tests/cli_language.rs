//! The administrator's command line (issue 13 §3, §4): messages in Chinese by default and in
//! English on request (`ui.language`, `--lang`, `CERTDESK_LANG`); progress bars on a terminal
//! only; clear single errors for a backup into a missing folder and a roster with wrong
//! headers; `remind --format` writes only the files asked for.

mod support;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};
use support::{text, BIN};

/// `certdesk --home HOME ARGS` with no language in the environment (the test runner's own
/// CERTDESK_LANG must not decide), stdout and stderr piped.
fn run(home: &Path, args: &[&str]) -> Output {
    Command::new(BIN).arg("--home").arg(home).args(args).env_remove("CERTDESK_LANG").output().unwrap()
}

fn run_env(home: &Path, args: &[&str], lang: &str) -> Output {
    Command::new(BIN).arg("--home").arg(home).args(args).env("CERTDESK_LANG", lang).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn home(tmp: &Path) -> std::path::PathBuf {
    let h = tmp.join("h");
    let o = run(&h, &["init"]);
    assert!(o.status.success(), "{}", text(&o));
    h
}

fn set_language(home: &Path, lang: &str) {
    let p = home.join("certdesk.toml");
    let toml = std::fs::read_to_string(&p).unwrap();
    // init writes the documented file with `[ui]` and its default; replace the value.
    let (before, after) = toml.split_once("[ui]").expect("certdesk.toml has a [ui] table");
    let after = after
        .lines()
        .map(|l| if l.trim_start().starts_with("language") { format!("language = \"{lang}\"") } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&p, format!("{before}[ui]{after}\n")).unwrap();
}

#[test]
fn chinese_by_default_english_by_setting_flag_or_environment() {
    let tmp = tempfile::tempdir().unwrap();
    let h = home(tmp.path());
    let check = |o: &Output| stdout(o);

    // No setting, no flag: Chinese.
    let zh = check(&run(&h, &["check"]));
    assert!(zh.contains("通过完整性全面检查：持证人 0 名，证件 0 张"), "{zh}");
    // The flag, either way.
    let en = check(&run(&h, &["--lang", "en", "check"]));
    assert!(en.contains("passed the full integrity check: 0 holders, 0 certificates"), "{en}");
    assert!(check(&run(&h, &["check", "--lang", "zh"])).contains("通过完整性全面检查"), "the flag is global");
    // The environment.
    assert!(check(&run_env(&h, &["check"], "en")).contains("passed the full integrity check"));

    // The setting ui.language decides when no flag is given; the flag still wins over it.
    set_language(&h, "en");
    assert!(check(&run(&h, &["check"])).contains("passed the full integrity check"));
    assert!(check(&run(&h, &["--lang", "zh", "check"])).contains("通过完整性全面检查"));
    set_language(&h, "zh-CN");
    assert!(check(&run(&h, &["check"])).contains("通过完整性全面检查"));

    // Garbage: an unknown language is refused in both languages, and nothing runs.
    for bad in ["fr", "zh-TW-x", "английский"] {
        let o = run(&h, &["--lang", bad, "backup", tmp.path().join("never.db").to_str().unwrap()]);
        assert!(!o.status.success(), "{bad}");
        let e = stderr(&o);
        assert!(e.contains("zh 或 en") && e.contains("use zh or en"), "{bad}: {e}");
        assert!(!tmp.path().join("never.db").exists());
    }
    let o = run_env(&h, &["check"], "xx");
    assert!(!o.status.success() && stderr(&o).contains("use zh or en"), "{}", text(&o));
}

#[test]
fn key_messages_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let h = home(tmp.path());

    let dest = tmp.path().join("b1.db");
    let o = run(&h, &["backup", dest.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(stdout(&o).trim(), format!("备份已写入 {}", dest.display()));
    let dest2 = tmp.path().join("b2.db");
    let o = run(&h, &["--lang", "en", "backup", dest2.to_str().unwrap()]);
    assert_eq!(stdout(&o).trim(), format!("backup written to {}", dest2.display()));

    // A backup never overwrites: refused in the operator's language.
    let o = run(&h, &["backup", dest.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).starts_with("certdesk：错误：") && stderr(&o).contains("已存在"), "{}", stderr(&o));
    let o = run(&h, &["--lang", "en", "backup", dest.to_str().unwrap()]);
    assert!(stderr(&o).starts_with("certdesk: error: ") && stderr(&o).contains("exists; choose a new file name"));

    // Staff: a wrong role, and the list's words.
    let o = Command::new(BIN)
        .arg("--home")
        .arg(&h)
        .args(["staff", "add", "0007", "--name", "李娜", "--role", "boss"])
        .env_remove("CERTDESK_LANG")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("角色“boss”无效"), "{}", stderr(&o));
    let o = run(&h, &["--lang", "en", "staff", "add", "0007", "--name", "李娜", "--role", "boss"]);
    assert!(stderr(&o).contains("role \"boss\" is unknown"), "{}", stderr(&o));

    // Jobs: nothing stuck.
    assert!(stdout(&run(&h, &["jobs", "list"])).contains("没有待处理或失败的打印任务"));
    assert!(stdout(&run(&h, &["--lang", "en", "jobs", "list"])).contains("no pending or failed print jobs"));

    // The audit log.
    assert!(stdout(&run(&h, &["audit", "verify"])).contains("审计日志完好"));
    assert!(stdout(&run(&h, &["--lang", "en", "audit", "verify"])).contains("audit log intact"));
}

/// A small roster CSV of `n` generated holders.
fn roster(dir: &Path, n: usize) -> std::path::PathBuf {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
    let r = certdesk::roster::generate(n, 7, today);
    let p = dir.join("roster.csv");
    certdesk::roster::write_csv(&r, &p).unwrap();
    p
}

#[test]
fn progress_is_silent_when_piped_and_drawn_on_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let h = home(tmp.path());
    let csv = roster(tmp.path(), 3000);

    // Piped (CI, `| tee`): standard error holds no bar, no carriage return, no escape code;
    // standard output holds the report alone.
    let o = run(&h, &["import", csv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let err = stderr(&o);
    assert!(err.is_empty(), "stderr of a piped import: {err:?}");
    assert!(!stdout(&o).contains('\r') && !stdout(&o).contains('\u{1b}'), "{:?}", stdout(&o));
    assert!(stdout(&o).contains("行；新增"), "{}", stdout(&o));
    let o = run(&h, &["check"]);
    assert!(stderr(&o).is_empty(), "{:?}", stderr(&o));
    let o = run(&h, &["backup", tmp.path().join("piped.db").to_str().unwrap()]);
    assert!(o.status.success() && stderr(&o).is_empty(), "{}", text(&o));

    // On a terminal the same commands draw their bar (and clear it before the report).
    for (args, bar) in [
        (vec!["import".to_string(), csv.display().to_string()], "导入名册"),
        (vec!["check".to_string()], "全面检查数据库"),
        (vec!["backup".to_string(), tmp.path().join("tty.db").display().to_string()], "备份数据库"),
    ] {
        let raw = on_a_terminal(&h, &args);
        assert!(raw.contains(bar), "{args:?} on a terminal: {raw:?}");
    }
}

/// Everything `certdesk --home HOME ARGS` writes to a pty (stdout and stderr both), to its end.
fn on_a_terminal(home: &Path, args: &[String]) -> String {
    use portable_pty::{native_pty_system, CommandBuilder, PtySize};
    let pair = native_pty_system().openpty(PtySize { rows: 30, cols: 120, pixel_width: 0, pixel_height: 0 }).unwrap();
    let mut cmd = CommandBuilder::new(BIN);
    cmd.arg("--home");
    cmd.arg(home);
    for a in args {
        cmd.arg(a);
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("CERTDESK_LANG");
    cmd.env_remove("CERTDESK_PROGRESS");
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let reading = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 8192];
        // The pty ends (EIO) when the child has exited and its side is closed.
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            all.extend_from_slice(&buf[..n]);
        }
        all
    });
    let status = child.wait().unwrap();
    drop(pair.master);
    let raw = reading.join().unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    assert!(status.success(), "{args:?}: {raw}");
    raw
}

#[test]
fn backup_into_a_missing_folder_is_one_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let h = home(tmp.path());
    let missing = tmp.path().join("no-such-folder");
    let dest = missing.join("certdesk.db");
    for (lang, says) in [("zh", "备份目标文件夹"), ("en", "the backup folder")] {
        let o = run(&h, &["--lang", lang, "backup", dest.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        let e = stderr(&o);
        assert_eq!(e.lines().count(), 1, "one line: {e}");
        assert!(e.contains(says) && e.contains(&missing.display().to_string()), "{e}");
        assert!(!e.contains("Error code") && !e.contains("unable to open"), "no raw SQLite code: {e}");
        assert!(stdout(&o).is_empty());
    }
    assert!(!missing.exists(), "nothing created");
    // A file where the folder should be: said so.
    let file = tmp.path().join("plain-file");
    std::fs::write(&file, "x").unwrap();
    let o = run(&h, &["backup", file.join("b.db").to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("不是文件夹"), "{}", stderr(&o));
    // The audit log records no backup that did not happen.
    let store = certdesk::store::Store::open(h.join("certdesk.db")).unwrap();
    let n = store.audit().verify().unwrap();
    let entries = store.audit().entries(1, n as usize).unwrap();
    assert!(entries.iter().all(|e| e.action != "backup"), "{entries:?}");
}

#[test]
fn a_home_without_a_database_says_so_once_in_the_operators_language() {
    let tmp = tempfile::tempdir().unwrap();
    let nowhere = tmp.path().join("not-a-home");
    for args in [vec!["check"], vec!["jobs", "list"], vec!["backup", "x.db"]] {
        let o = run(&nowhere, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        let e = stderr(&o);
        assert!(e.starts_with("certdesk：错误：") && e.contains("处没有数据库") && e.contains("init"), "{args:?}: {e}");
        assert_eq!(e.matches("certdesk.db").count(), 1, "{args:?}: said once: {e}");
        let e = stderr(&run(&nowhere, &[&["--lang", "en"][..], &args].concat()));
        assert!(e.starts_with("certdesk: error: no database at") && e.contains("init` first"), "{args:?}: {e}");
    }
    assert!(!nowhere.exists(), "nothing created");
}

#[test]
fn wrong_headers_name_every_missing_column_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let h = home(tmp.path());
    // A roster from another system: 证号 and 姓名 match, the rest does not.
    let f = tmp.path().join("other.csv");
    std::fs::write(&f, "证号,姓名,证件号,有效日期\nT1,张三,110105194912310021,2027-01-01\n").unwrap();
    for (lang, want) in [
        ("zh", ["表头缺少必需的列：证件类型, 身份证号, 有效期起, 有效期止", "共缺 4 列", "识别到的列：证号, 姓名"]),
        (
            "en",
            [
                "lacks required columns: 证件类型, 身份证号, 有效期起, 有效期止",
                "4 missing",
                "recognised in the file: 证号, 姓名",
            ],
        ),
    ] {
        let o = run(&h, &["--lang", lang, "import", f.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        let e = stderr(&o);
        assert_eq!(e.lines().count(), 1, "{e}");
        for w in want {
            assert!(e.contains(w), "{lang}: {w:?} in {e}");
        }
    }
    let store = certdesk::store::Store::open(h.join("certdesk.db")).unwrap();
    assert_eq!(store.holders().certificate_count().unwrap(), 0, "nothing imported");
}

#[test]
fn remind_writes_only_the_formats_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let h = home(tmp.path());
    let csv = roster(tmp.path(), 200);
    assert!(run(&h, &["import", csv.to_str().unwrap()]).status.success());
    let files = |d: &Path| -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    };

    // Default: the CSV and the SMS file, no XLSX.
    let d = tmp.path().join("default");
    let o = run(&h, &["remind", "--days", "3650", "--out", d.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(files(&d), ["reminders.csv", "sms.csv"]);
    assert!(stdout(&o).contains("已写入") && stdout(&o).contains("reminders.csv, sms.csv"), "{}", stdout(&o));

    for (format, want) in [
        ("csv", vec!["reminders.csv"]),
        ("sms", vec!["sms.csv"]),
        ("xlsx", vec!["reminders.xlsx"]),
        ("xlsx,csv", vec!["reminders.csv", "reminders.xlsx"]),
        ("all", vec!["reminders.csv", "reminders.xlsx", "sms.csv"]),
    ] {
        let d = tmp.path().join(format!("f-{}", format.replace(',', "-")));
        let o =
            run(&h, &["--lang", "en", "remind", "--days", "3650", "--out", d.to_str().unwrap(), "--format", format]);
        assert!(o.status.success(), "{format}: {}", text(&o));
        assert_eq!(files(&d), want, "{format}");
        assert!(stdout(&o).contains("certificates due within 3650 days"), "{}", stdout(&o));
    }

    // Garbage: refused before anything is written, naming the bad word, in either language.
    for (format, lang, says) in [
        ("pdf", "zh", "“pdf”无效"),
        ("csv,docx", "en", "\"docx\" is not known"),
        ("", "zh", "--format 为空"),
        (",,", "en", "--format is empty"),
        ("csv;sms", "en", "\"csv;sms\" is not known"),
    ] {
        let d = tmp.path().join("never");
        let o = run(&h, &["--lang", lang, "remind", "--out", d.to_str().unwrap(), "--format", format]);
        assert_eq!(o.status.code(), Some(2), "{format:?}: {}", text(&o));
        assert!(stderr(&o).contains(says), "{format:?}: {}", stderr(&o));
        assert!(!d.exists(), "{format:?}: nothing written");
    }
}
