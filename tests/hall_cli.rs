//! A hall set up and run as the bureau's technician would (docs/hall.md), with the real binary and
//! a real PostgreSQL server: two terminal homes on one `postgres://` database (the second with the
//! hall's audit key copied), a roster imported on one and printed from on the other, the slip
//! verified, staff added on one and seen on the other, then every admin command: doctor, check,
//! audit verify/checkpoint, jobs list, remind, report, backup (refused, with the way out), and
//! migrate into a SQLite file and from there into a fresh schema.

mod support;

use certdesk::testkit::{pg, TempDir};
use std::path::{Path, PathBuf};

struct Run {
    ok: bool,
    code: Option<i32>,
    out: String,
}

fn certdesk(home: &Path, args: &[&str], stdin: &str) -> Run {
    let o = support::certdesk_stdin(home, args, stdin);
    let out = support::text(&o);
    assert!(!out.contains("panicked"), "certdesk {args:?} panicked:\n{out}");
    Run { ok: o.status.success(), code: o.status.code(), out }
}

/// `certdesk ARGS` must succeed; its output.
fn ok(home: &Path, args: &[&str]) -> String {
    let r = certdesk(home, args, "");
    assert!(r.ok, "certdesk {args:?} failed ({:?}):\n{}", r.code, r.out);
    r.out
}

fn terminal(tmp: &TempDir, name: &str, url: &str) -> PathBuf {
    let dir = tmp.path().join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("certdesk.toml"),
        format!("[paths]\ndatabase = {url:?}\n[printer]\ntarget = \"file:spool\"\n[kiosk]\nid = \"kiosk-{name}\"\n"),
    )
    .unwrap();
    dir
}

#[test]
fn a_hall_of_two_terminals_from_init_to_migrate() {
    let Some(url) = pg::fresh_url("hall_cli") else { return };
    let tmp = TempDir::new();
    let today = chrono::Local::now().date_naive();

    // Terminal A: init makes the schema and the hall's audit key.
    let a = terminal(&tmp, "a", &url);
    let out = ok(&a, &["init"]);
    assert!(out.contains("数据库位于 postgres://"), "{out}");
    // Terminal B: the audit key copied from A first (docs/hall.md), then init.
    let b = terminal(&tmp, "b", &url);
    std::fs::create_dir_all(b.join("keys")).unwrap();
    std::fs::copy(a.join("keys/audit.key"), b.join("keys/audit.key")).unwrap();
    ok(&b, &["init"]);

    // A roster imported at A.
    let rows = certdesk::roster::generate(40, 10, today);
    let csv = tmp.path().join("roster.csv");
    certdesk::roster::write_csv(&rows, &csv).unwrap();
    let out = ok(&a, &["import", csv.to_str().unwrap()]);
    assert!(!out.to_lowercase().contains("error"), "{out}");

    // A printable 特种作业操作证 of that roster, printed at B.
    let lead = certdesk::domain::LeadTimes::default();
    let (holder, cert) = rows
        .iter()
        .flat_map(|(h, cs)| cs.iter().map(move |c| (h, c)))
        .find(|(_, c)| c.item.is_some() && c.status(today, &lead).is_usable())
        .expect("a printable special-operation certificate in the roster");
    let out = ok(&b, &["print", &cert.number, "--item", cert.item.as_deref().unwrap()]);
    assert!(out.contains("已打印，流水号 00000001"), "{out}");
    let bins: Vec<PathBuf> = std::fs::read_dir(b.join("spool"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "bin"))
        .collect();
    assert_eq!(bins.len(), 1, "B's spool: {:?}", std::fs::read_dir(b.join("spool")).unwrap().collect::<Vec<_>>());
    let slip = std::fs::read(&bins[0]).unwrap();
    let qr = certdesk::slip::parse_escpos(&slip).unwrap().qr;
    assert_eq!(qr.len(), 1);
    let out = ok(&b, &["verify", &qr[0]]);
    assert!(out.contains("\"valid\"") || out.contains("review_due"), "{out}");

    // What B printed, A sees (one registry).
    let out = ok(&a, &["holder", &holder.id_number, "--json"]);
    assert!(out.contains(&holder.name), "{out}");
    assert!(out.contains("\"serial\":\"00000001\""), "A does not see B's print:\n{out}");
    assert!(out.contains("\"station\":\"kiosk-b\""), "the print is not B's:\n{out}");

    // Staff added at A can be listed at B.
    let r = certdesk(&a, &["staff", "add", "0007", "--name", "李娜", "--role", "supervisor"], "135790\n135790\n");
    assert!(r.ok, "{}", r.out);
    let out = ok(&b, &["staff", "list"]);
    assert!(out.contains("0007") && out.contains("李娜"), "{out}");

    // Admin commands on the hall.
    let r = certdesk(&a, &["doctor"], "");
    assert!(r.out.contains("postgres://"), "doctor does not say where the database is:\n{}", r.out);
    assert!(!r.out.contains("no database at"), "{}", r.out);
    assert!(!r.out.contains("integrity check passed"), "doctor claims a page check it cannot make:\n{}", r.out);
    let out = ok(&a, &["check"]);
    assert!(out.contains("可用，结构为当前版本") && !out.contains("通过完整性全面检查"), "{out}");
    for t in [&a, &b] {
        let out = ok(t, &["audit", "verify"]);
        assert!(out.contains("审计日志完好"), "{out}");
    }
    ok(&a, &["audit", "checkpoint"]);
    ok(&b, &["audit", "verify"]);
    ok(&b, &["jobs", "list"]);
    let reminders = tmp.path().join("reminders");
    ok(&a, &["remind", "--days", "3650", "--out", reminders.to_str().unwrap()]);
    assert!(reminders.join("sms.csv").exists());
    let out = ok(&a, &["report", "daily"]);
    assert!(!out.trim().is_empty(), "an empty daily report");

    // Backup is SQLite's; on a server it says what to do instead.
    let r = certdesk(&a, &["backup", tmp.path().join("b.db").to_str().unwrap()], "");
    assert!(!r.ok, "{}", r.out);
    assert!(r.out.contains("pg_dump") && r.out.contains("migrate"), "{}", r.out);

    // Into a SQLite file, and from a home on that file into a fresh schema.
    let file = tmp.path().join("hall-copy.db");
    let out = ok(&a, &["migrate", "--to", file.to_str().unwrap()]);
    assert!(out.contains("各表数据一致"), "{out}");
    let c = tmp.path().join("c");
    std::fs::create_dir_all(c.join("keys")).unwrap();
    for f in ["keys/audit.key", "keys/signing.key", "keys/trust.toml", "revocations.txt"] {
        std::fs::copy(a.join(f), c.join(f)).unwrap();
    }
    std::fs::write(
        c.join("certdesk.toml"),
        format!("[paths]\ndatabase = {:?}\n[printer]\ntarget = \"file:spool\"\n", file.display().to_string()),
    )
    .unwrap();
    std::fs::copy(a.join("audit-checkpoints"), file.with_extension("db.audit-checkpoints")).unwrap();
    let out = ok(&c, &["audit", "verify"]);
    assert!(out.contains("审计日志完好"), "{out}");
    let out = ok(&c, &["holder", &holder.id_number, "--json"]);
    assert!(out.contains(&holder.name), "{out}");
    let again = pg::fresh_url("hall_cli_back").unwrap();
    let out = ok(&c, &["migrate", "--to", &again]);
    assert!(out.contains("各表数据一致"), "{out}");
}
