//! Issue 17 §5, the smaller findings, through the real binary:
//! - at zero bytes free a print or an import says the disk is full (not SQLite's "disk I/O
//!   error … xShmMap");
//! - a truncated trust list gives a clear error (not only "invalid basic string");
//! - a file left by a killed `migrate` does not block a re-run;
//! - a roster name with a right-to-left override or a zero-width character is refused by the
//!   import with a reason naming it (the forms: `tests/security_free_text.rs`).

mod support;

use support::{certdesk, command as cmd, text};

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;

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

fn roster(
    dir: &Path,
    n: usize,
    seed: u64,
) -> (std::path::PathBuf, Vec<(certdesk::domain::Holder, Vec<certdesk::domain::Certificate>)>) {
    let rows = certdesk::roster::generate(n, seed, support::today());
    let p = dir.join(format!("roster-{seed}.csv"));
    certdesk::roster::write_csv(&rows, &p).unwrap();
    (p, rows)
}

#[test]
fn at_zero_bytes_free_print_and_import_say_the_disk_is_full() {
    let tmp = tempfile::tempdir().unwrap();
    let h = tmp.path().join("h");
    assert!(certdesk(&h, &["init"]).status.success());
    let (first, rows) = roster(tmp.path(), 30, 7);
    assert!(certdesk(&h, &["import", first.to_str().unwrap()]).status.success());
    let (second, _) = roster(tmp.path(), 30, 8);
    let lead = certdesk::domain::LeadTimes::default();
    let (number, item) = rows
        .iter()
        .flat_map(|(_, cs)| cs)
        .find(|c| c.item.is_some() && c.status(support::today(), &lead).is_usable())
        .map(|c| (c.number.clone(), c.item.clone().unwrap()))
        .unwrap();
    for args in [vec!["print", number.as_str(), "--item", item.as_str()], vec!["import", second.to_str().unwrap()]] {
        let o = no_space(&mut cmd(&h, &args)).output().unwrap();
        let said = text(&o);
        assert!(!o.status.success(), "{args:?}: {said}");
        assert!(said.contains("磁盘空间已满"), "{args:?}: {said}");
        assert!(!said.contains("xShmMap") && !said.contains("disk I/O error"), "{args:?}: {said}");
    }
    // With room again both work, and nothing was half-written.
    assert!(certdesk(&h, &["audit", "verify"]).status.success());
    let o = certdesk(&h, &["print", &number, "--item", &item]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn a_truncated_trust_list_gives_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let h = tmp.path().join("h");
    assert!(certdesk(&h, &["init"]).status.success());
    let home = certdesk::home::Home::open(&h).unwrap();
    let full = std::fs::read_to_string(home.trust_path()).unwrap();
    // Cut inside a quoted value (the red team's "invalid basic string").
    let cut = full.find("key = \"").map(|i| i + 12).unwrap_or(full.len() / 2);
    std::fs::write(home.trust_path(), &full[..cut]).unwrap();
    let o = certdesk(&h, &["keys", "list"]);
    let said = text(&o);
    assert!(!o.status.success(), "{said}");
    assert!(said.contains("受信任公钥名单已损坏或不完整") && said.contains("keys export"), "{said}");
    assert!(said.contains("line"), "says where: {said}");
    // Garbage bytes too.
    std::fs::write(home.trust_path(), [0xff, 0xfe, 0, 1, 2]).unwrap();
    assert!(!certdesk(&h, &["keys", "list"]).status.success());
}

#[test]
fn a_file_left_by_a_killed_migrate_does_not_block_a_re_run() {
    let tmp = tempfile::tempdir().unwrap();
    let h = tmp.path().join("h");
    assert!(certdesk(&h, &["init"]).status.success());
    let (r, _) = roster(tmp.path(), 20, 9);
    assert!(certdesk(&h, &["import", r.to_str().unwrap()]).status.success());
    let target = tmp.path().join("new.db");
    // What a killed run leaves: its working copy (and WAL), never the target's name.
    let work = certdesk::cli_migrate::working_path(&target);
    std::fs::write(&work, b"SQLite format 3\0half a copy").unwrap();
    std::fs::write(format!("{}-wal", work.display()), b"garbage").unwrap();
    let o = certdesk(&h, &["migrate", "--to", target.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(target.exists() && !work.exists());
    let s = certdesk::store::Store::open(&target).unwrap();
    assert!(s.audit().verify().unwrap() > 0);
    assert!(s.table_counts().unwrap().get("holders").copied().unwrap_or(0) >= 20);
    // A real kill: the child is stopped mid-way (or after it finished: then the target exists
    // and a re-run says so); either way no working file blocks anything.
    let target2 = tmp.path().join("again.db");
    let mut child = cmd(&h, &["migrate", "--to", target2.to_str().unwrap()]).spawn().unwrap();
    let _ = child.kill();
    let _ = child.wait();
    if !target2.exists() {
        let o = certdesk(&h, &["migrate", "--to", target2.to_str().unwrap()]);
        assert!(o.status.success(), "{}", text(&o));
    }
    assert!(target2.exists() && !certdesk::cli_migrate::working_path(&target2).exists());
}

#[test]
fn names_with_bidi_or_zero_width_characters_are_refused_by_the_import() {
    let tmp = tempfile::tempdir().unwrap();
    let h = tmp.path().join("h");
    assert!(certdesk(&h, &["init"]).status.success());
    let mut rows = certdesk::roster::generate(8, 11, support::today());
    let bad = ['\u{202E}', '\u{200B}', '\u{200D}', '\u{202A}', '\u{2066}', '\u{FEFF}'];
    for (i, c) in bad.iter().enumerate() {
        let n = rows[i].0.name.clone();
        let mut chars: Vec<char> = n.chars().collect();
        chars.insert(1, *c);
        let name: String = chars.into_iter().collect();
        rows[i].0.name = name.clone();
        for c in &mut rows[i].1 {
            c.name = name.clone(); // the roster's name column is the certificate's
        }
    }
    let p = tmp.path().join("bidi.csv");
    certdesk::roster::write_csv(&rows, &p).unwrap();
    let o = certdesk(&h, &["import", p.to_str().unwrap()]);
    let said = text(&o);
    assert!(said.contains("U+202E") && said.contains("U+200B"), "{said}");
    let store = certdesk::store::Store::open(h.join("certdesk.db")).unwrap();
    for (i, (holder, _)) in rows.iter().enumerate() {
        let stored = store.holders().get(&holder.id_number).unwrap();
        if i < bad.len() {
            assert!(stored.is_none_or(|s| certdesk::domain::invisible::first_invisible(&s.name).is_none()), "{i}");
        } else {
            assert!(stored.is_some(), "{i}: a clean row is imported");
        }
    }
}
