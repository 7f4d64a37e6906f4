//! Issue 8 item 10: the CLI never panics when its stdout fails (a full device, a closed pipe),
//! and a full disk still lets staff read the database (jobs, audit, staff).

mod support;

use support::{command as cmd, text};

use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

fn home() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let h = tmp.path().join("h");
    assert!(cmd(&h, &["init"]).output().unwrap().status.success());
    let mut add = cmd(&h, &["staff", "add", "0001", "--name", "李娜"]);
    let mut child = add.stdin(Stdio::piped()).stdout(Stdio::null()).spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"246810\n").unwrap();
    assert!(child.wait().unwrap().success());
    (tmp, h)
}

#[test]
fn stdout_on_a_full_device_is_an_error_message_not_a_panic() {
    let (_t, h) = home();
    for args in [&["jobs", "list"][..], &["audit", "verify"], &["staff", "list"], &["audit", "tail"]] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let o = cmd(&h, args).stdout(full).stderr(Stdio::piped()).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("No space left"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let (_t, h) = home();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader); // nobody will read: every write gets EPIPE
    let o = cmd(&h, &["audit", "tail"]).stdout(writer).stderr(Stdio::piped()).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}

/// Run with no room to grow or create any file (RLIMIT_FSIZE 0, SIGXFSZ ignored): to SQLite and
/// every write, the same as a disk with zero bytes free.
fn no_space(c: &mut Command) -> &mut Command {
    unsafe {
        c.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        })
    }
}

#[test]
fn with_zero_bytes_free_the_database_still_opens_for_reading() {
    let (_t, h) = home();
    // Both with the WAL side files gone (a clean shutdown) and left over.
    for round in 0..2 {
        if round == 0 {
            let _ = std::fs::remove_file(h.join("certdesk.db-shm"));
            let _ = std::fs::remove_file(h.join("certdesk.db-wal"));
        }
        let o = no_space(&mut cmd(&h, &["jobs", "list"])).output().unwrap();
        assert!(o.status.success(), "round {round}: {}", text(&o));
        assert!(text(&o).contains("没有待处理或失败的打印任务"), "{}", text(&o));
        let o = no_space(&mut cmd(&h, &["audit", "verify"])).output().unwrap();
        assert!(o.status.success(), "round {round}: {}", text(&o));
        assert!(text(&o).contains("审计日志完好：1 条记录"), "{}", text(&o));
        let o = no_space(&mut cmd(&h, &["staff", "list"])).output().unwrap();
        assert!(text(&o).contains("李娜"), "{}", text(&o));
    }
    // A write on a full disk fails with a message, never "damaged, restore a backup".
    let o = no_space(&mut cmd(&h, &["audit", "checkpoint"])).output().unwrap();
    assert!(!o.status.success());
    assert!(!text(&o).contains("damaged") && !text(&o).contains("panicked"), "{}", text(&o));
}
