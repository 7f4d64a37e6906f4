//! End to end: the real `certdesk` binary in a pseudo-terminal (100×30, xterm-256color), its output
//! parsed by a vt100 emulator, driven with the bytes a keyboard, keypad or card reader sends.
//!
//! Each test prepares a demo home non-interactively (`certdesk demo --dir H` with stdout piped,
//! which creates the home, prints the demo ID and code, and prints one slip headless), then runs
//! `certdesk --home H kiosk` in the pty.

mod support;

use support::BIN;

use certdesk_testkit::pty::Pty;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

const ROWS: u16 = 30;
const COLS: u16 = 100;
const TITLE: &str = "证书自助查询打印";

/// A demo home in a temporary directory, with the demo holder's ID number and code.
struct DemoHome {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    id: String,
    code: String,
}

fn demo_home() -> DemoHome {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("home");
    let out = support::bin()
        .args(["demo", "--dir"])
        .arg(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "certdesk demo failed: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    // "  试用身份证号 <id>，验证码 <code>" (the command line speaks Chinese by default)
    let line = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("试用身份证号"))
        .unwrap_or_else(|| panic!("no '试用身份证号' line in demo output:\n{stdout}"));
    let rest = line.trim_start().trim_start_matches("试用身份证号").trim();
    let (id, code) = rest.split_once("，验证码").unwrap_or_else(|| panic!("{line}"));
    let (id, code) = (id.trim().to_string(), code.trim().to_string());
    assert_eq!(id.chars().count(), 18, "{line}");
    assert_eq!(code.len(), 4, "{line}");
    DemoHome { _tmp: tmp, dir, id, code }
}

/// `certdesk --home <home> <args…>` in the test kit's pty (100x30 unless the constants say).
fn spawn(args: &[&str], home: &Path) -> Pty {
    Pty::spawn(BIN, home, args, ROWS, COLS)
}

fn spool_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir.join("spool"))
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

const T: Duration = Duration::from_secs(10);

#[test]
fn card_reader_burst_code_print_and_staff_exit() {
    let h = demo_home();
    let before = spool_files(&h.dir);
    let mut k = spawn(&["kiosk"], &h.dir);
    k.wait_for_all(&[TITLE, "开始"], T);

    // A card reader: all 18 characters and Enter in one write.
    k.send(format!("{}\r", h.id).as_bytes());
    k.wait_for("请输入预留手机号码后四位", T);
    let masked = certdesk::domain::id::mask(&h.id);
    k.wait_for(&masked, T);

    k.send(format!("{}\r", h.code).as_bytes());
    k.wait_for("您好", T);

    // Enter prints the selected (first) certificate.
    k.send(b"\r");
    k.wait_for("打印完成", T);

    let after = spool_files(&h.dir);
    let new: Vec<&String> = after.iter().filter(|f| !before.contains(f)).collect();
    let bin = new.iter().find(|f| f.ends_with(".bin")).unwrap_or_else(|| panic!("no new .bin in spool: {new:?}"));
    let serial = bin.trim_end_matches(".bin");
    assert!(serial.chars().all(|c| c.is_ascii_digit()), "spool file {bin} is not <serial>.bin");
    let txt = format!("{serial}.txt");
    assert!(new.iter().any(|f| **f == txt), "no {txt} next to {bin}: {new:?}");
    assert!(std::fs::metadata(h.dir.join("spool").join(bin)).unwrap().len() > 0);
    let preview = std::fs::read_to_string(h.dir.join("spool").join(&txt)).unwrap();
    assert!(preview.contains(&masked), "preview lacks the masked ID {masked}:\n{preview}");
    assert!(!preview.contains(&h.id), "preview shows the full ID number:\n{preview}");
    // The screen shows the serial of what was printed.
    k.wait_for(serial, T);

    // Staff key, staff number, PIN: the front desk; F10 logs out back to the kiosk.
    k.send(b"\x1b[24~");
    k.wait_for("工号", T);
    k.send(b"0001\r");
    k.wait_for("密码", T);
    k.send(b"123456\r");
    k.wait_for("今日排队", T);
    k.send(b"\x1b[21~"); // F10
    k.wait_for(TITLE, T);
    // Again, and F12 on the desk closes the program.
    k.send(b"\x1b[24~");
    k.wait_for("工号", T);
    k.send(b"0001\r");
    k.wait_for("密码", T);
    k.send(b"123456\r");
    k.wait_for("今日排队", T);
    k.send(b"\x1b[24~");
    let status = k.wait_exit(Duration::from_secs(5)).expect("the program did not exit after F12 on the desk");
    assert!(status.success(), "exit status {status:?}");

    // Everything the child wrote has been read once the pty reports EOF.
    k.wait_eof(Duration::from_secs(3));
    let raw = k.raw_output();
    assert!(contains(&raw, b"\x1b[?1049h"), "never entered the alternate screen");
    let last_enter = raw.windows(8).rposition(|w| w == b"\x1b[?1049h").unwrap();
    assert!(contains(&raw[last_enter..], b"\x1b[?1049l"), "the terminal was not restored (no \\e[?1049l after exit)");
    assert!(!k.parser.lock().unwrap().screen().alternate_screen(), "still on the alternate screen");
}

#[test]
fn ctrl_c_ctrl_z_ctrl_backslash_do_nothing() {
    let h = demo_home();
    let mut k = spawn(&["kiosk"], &h.dir);
    k.wait_for_all(&[TITLE, "开始"], T);
    // Input is handled in order: if a control key had ended, suspended or moved the kiosk, the
    // digit after it would not start the ID entry on the title screen. No wait needed.
    for (name, b) in [("Ctrl-C", b"\x03"), ("Ctrl-Z", b"\x1a"), ("Ctrl-\\", b"\x1c")] {
        k.send(b);
        let s = k.screen();
        assert!(s.contains(TITLE), "{name} changed the screen:\n{s}");
    }
    // Still alive and still listening: a keypad digit starts the ID entry.
    k.send(b"1");
    k.wait_for("请刷身份证，或输入18位身份证号码", T);
    k.wait_for("已输入1位", T);
    assert!(k.child.try_wait().unwrap().is_none());
}

#[test]
fn burst_of_300_chars_at_2ms_per_key_loses_nothing() {
    let h = demo_home();
    let mut k = spawn(&["kiosk"], &h.dir);
    k.wait_for_all(&[TITLE, "开始"], T);
    // One byte per write, 2 ms apart, as a slow keyboard-wedge scanner types. The first digit on
    // the attract screen starts the ID entry and is kept.
    let digits: Vec<u8> = (0..300).map(|i| b"1234567890"[i % 10]).collect();
    let started = Instant::now();
    for b in &digits {
        k.send(std::slice::from_ref(b));
        std::thread::sleep(Duration::from_millis(2));
    }
    let typed_in = started.elapsed();
    // Longer than an ID, so the live check reports the length; 300 proves no key was lost.
    k.wait_for("身份证号应为18位，当前为300位", T);
    assert!(k.child.try_wait().unwrap().is_none());
    eprintln!("300 keys typed in {typed_in:?}; the screen counts 300");
}
