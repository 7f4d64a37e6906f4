//! `certdesk doctor`: check a station before it goes into service and whenever it misbehaves —
//! config, database (full integrity check, schema, audit log), key files and their permissions,
//! trust list, printer reachable and answering, CJK fonts, free disk, clock. Every line says
//! what was checked in Chinese and English, and what to do when it failed. Read-only: it opens
//! the database for reading (works on a full disk) and never writes.

use crate::home::Home;
use crate::printer::{self, Target};
use crate::seal::{KeyStatus, Signer};
use std::fmt::Write as _;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::time::Duration;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Fine.
    Ok,
    /// Works, but needs attention.
    Warn,
    /// Does not work.
    Fail,
}

/// One check of `certdesk doctor` and what it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// How bad the finding is.
    pub level: Level,
    /// What was checked, zh then en (e.g. "数据库 database").
    pub what: &'static str,
    /// What was found; what to do when it is not OK.
    pub detail: String,
}

impl std::fmt::Display for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tag = match self.level {
            Level::Ok => "[ 正常 OK ]",
            Level::Warn => "[注意 WARN]",
            Level::Fail => "[故障 FAIL]",
        };
        write!(f, "{tag} {}: {}", self.what, self.detail)
    }
}

/// What `certdesk doctor` checks, and in which language it words its findings.
pub struct Options {
    /// Skip the printer (a dry-run install has no printer).
    pub printer: bool,
    /// The operator's language, for the checks that word their findings in it (the calendar).
    pub lang: crate::cli_strings::Lang,
}

fn check(level: Level, what: &'static str, detail: impl Into<String>) -> Check {
    Check { level, what, detail: detail.into() }
}

/// Run every check on the home at `dir`.
pub fn run(dir: &Path, opts: &Options) -> Vec<Check> {
    let mut out = vec![];
    let home = match Home::open(dir) {
        Ok(h) => {
            out.push(check(
                Level::Ok,
                "配置 config",
                format!("{} loaded", dir.join(crate::config::FILE_NAME).display()),
            ));
            h
        }
        Err(e) => {
            out.push(check(Level::Fail, "配置 config", format!("{e:#} -- fix certdesk.toml (see README)")));
            return out;
        }
    };
    out.extend(database(&home));
    out.extend(station(&home));
    out.extend(keys(&home));
    if opts.printer {
        out.push(printer_check(&home));
    }
    out.push(fonts());
    out.extend(paper_checks(&home));
    out.push(disk(&home));
    out.push(clock(&home));
    out.extend(crate::phone_path::checks(&home));
    out.extend(calendar(&home, crate::clock::today(), opts.lang));
    out
}

/// The working-day calendar (issue 13): next year's notice missing from 1 November (and this
/// year's at any time), the running cases whose dates are provisional (case numbers only), and a
/// `calendar.toml` left in the home (no longer read).
pub fn calendar(home: &Home, today: chrono::NaiveDate, lang: crate::cli_strings::Lang) -> Vec<Check> {
    use crate::cli_calendar::msg;
    let w = msg::DOCTOR_WHAT;
    let mut out = vec![];
    let file = home.dir.join("calendar.toml");
    if file.exists() {
        out.push(check(Level::Warn, w, msg::doctor_home_file(lang, &file)));
    }
    let store = match home.store_for_reading() {
        Ok(s) => s,
        Err(e) => return vec![check(Level::Fail, w, format!("{e:#}"))],
    };
    let cal = match store.calendar().get() {
        Ok(c) => c,
        Err(e) => return vec![check(Level::Fail, w, format!("{e}"))],
    };
    let missing = cal.missing_notices(today);
    if missing.is_empty() {
        out.push(check(Level::Ok, w, msg::doctor_ok(lang, &cal.published_years())));
    } else {
        out.push(check(Level::Warn, w, msg::doctor_missing(lang, &missing)));
    }
    match store.calendar().provisional_case_numbers() {
        Ok(n) if n.is_empty() => {}
        Ok(n) => out.push(check(Level::Warn, w, msg::provisional_cases(lang, &n))),
        Err(e) => out.push(check(Level::Fail, w, format!("{e}"))),
    }
    out
}

fn database(home: &Home) -> Vec<Check> {
    const W: &str = "数据库 database";
    let mut out = vec![];
    let store = match home.store_for_reading() {
        Ok(s) => s,
        Err(e) => return vec![check(Level::Fail, W, format!("{e:#}"))],
    };
    match store.integrity_check() {
        Ok(()) => {
            let holders = store.holders().count().unwrap_or(0);
            let certs = store.holders().certificate_count().unwrap_or(0);
            // A server keeps its own pages: on PostgreSQL the check is that it answers.
            let checked = match store.backend() {
                crate::store::Backend::Sqlite => "integrity check passed",
                crate::store::Backend::Postgres => "the server answers (its pages are the server's to check)",
            };
            out.push(check(
                Level::Ok,
                W,
                format!("{}: {checked}; {holders} holders, {certs} certificates", home.db_location().shown()),
            ));
            if holders == 0 {
                out.push(check(Level::Warn, W, "no holders yet: import the roster (`certdesk import FILE`)"));
            }
        }
        Err(e) => out.push(check(Level::Fail, W, format!("{e}"))),
    }
    const A: &str = "审计日志 audit log";
    match store.audit().verify_report() {
        Ok(r) if r.sealed => out.push(check(
            Level::Ok,
            A,
            format!(
                "{} entries, signatures, {} checkpoints and append-only triggers verified",
                r.entries, r.checkpoints
            ),
        )),
        Ok(r) => out.push(check(
            Level::Warn,
            A,
            format!(
                "{} entries chained, but no audit key at {}: signatures not checked (`certdesk audit checkpoint` \
                 creates it)",
                r.entries,
                home.audit_key_path().display()
            ),
        )),
        Err(b) => out.push(check(
            Level::Fail,
            A,
            format!(
                "broken at entry {}: {} -- keep the database as evidence, `certdesk audit verify`",
                b.seq, b.reason
            ),
        )),
    }
    match store.print_jobs().unfinished() {
        Ok(j) if j.is_empty() => out.push(check(Level::Ok, "打印任务 print jobs", "none stuck")),
        Ok(j) => out.push(check(
            Level::Warn,
            "打印任务 print jobs",
            format!("{} stuck (pending or failed): `certdesk jobs list`, then reprint or void", j.len()),
        )),
        Err(e) => out.push(check(Level::Fail, "打印任务 print jobs", format!("{e}"))),
    }
    out
}

/// What a station in service needs beyond a working database (issue 19): a kiosk whose slips go to
/// files, whose slips print the placeholder phone, or whose staff cannot sign in (nobody could leave
/// the kiosk with the staff key) passes every technical check and still fails the lobby. Warnings,
/// not failures: a demo home and a dry-run install have exactly these on purpose.
pub fn station(home: &Home) -> Vec<Check> {
    const S: &str = "站点设置 station";
    let mut out = vec![];
    let target = home.config.printer.target.trim();
    if target.starts_with("file:") {
        out.push(check(
            Level::Warn,
            S,
            format!(
                "打印机为 {target}：凭条只写成文件，不出纸；请在 certdesk.toml 设 printer.target 为小票打印机 (printer.target {target}: slips go to files, not paper; set it to the receipt printer)"
            ),
        ));
    }
    if home.config.bureau.phone.trim() == crate::config::Bureau::default().phone {
        out.push(check(
            Level::Warn,
            S,
            format!(
                "咨询电话仍是示例号码 {}，每张凭条都会印上；请在 certdesk.toml 设 bureau.phone (bureau.phone is still the placeholder printed on every slip; set the bureau's number)",
                home.config.bureau.phone.trim()
            ),
        ));
    }
    match home.store_for_reading().and_then(|s| Ok(s.staff().list()?)) {
        Ok(staff) if staff.iter().any(|m| m.active) => {
            out.push(check(Level::Ok, S, format!("{} active staff account(s)", staff.iter().filter(|m| m.active).count())))
        }
        Ok(_) => out.push(check(
            Level::Warn,
            S,
            "没有在用的工作人员账号：无人能用员工键退出自助终端或登录窗口；`certdesk staff add 0001 --name 姓名` (no active staff account: nobody can leave the kiosk or sign in at the desk)",
        )),
        Err(e) => out.push(check(Level::Fail, S, format!("{e:#}"))),
    }
    out
}

/// A secret file must be a regular file, readable by its owner only, owned by whoever runs
/// certdesk.
fn secret_file(path: &Path, what: &'static str) -> Check {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return check(Level::Fail, what, format!("{}: {e}", path.display())),
    };
    let mode = meta.permissions().mode() & 0o7777;
    let me = unsafe { libc::geteuid() };
    if !meta.is_file() {
        check(Level::Fail, what, format!("{} is not a regular file", path.display()))
    } else if mode & 0o077 != 0 {
        check(Level::Fail, what, format!("{} has mode {mode:04o}: run `chmod 600 {}`", path.display(), path.display()))
    } else if meta.uid() != me {
        check(
            Level::Warn,
            what,
            format!(
                "{} belongs to uid {}, not to this user (uid {me}): the kiosk user must own it",
                path.display(),
                meta.uid()
            ),
        )
    } else {
        check(Level::Ok, what, format!("{} mode {mode:04o}, owned by this user", path.display()))
    }
}

fn keys(home: &Home) -> Vec<Check> {
    let mut out = vec![secret_file(&home.key_path(), "签名密钥 signing key")];
    out.push(secret_file(&home.audit_key_path(), "审计密钥 audit key"));
    const T: &str = "信任列表 trust list";
    let trust = match home.trust() {
        Ok(t) => t,
        Err(e) => {
            out.push(check(Level::Fail, T, format!("{e:#}")));
            return out;
        }
    };
    match Signer::load(&home.key_path()) {
        Ok(signer) => match trust.get(signer.key_id()) {
            Some(k) if k.status == KeyStatus::Active => out.push(check(
                Level::Ok,
                T,
                format!("{} keys; the signing key {} is trusted and active", trust.entries().len(), signer.key_id()),
            )),
            Some(_) => out.push(check(
                Level::Fail,
                T,
                format!("the signing key {} is retired: `certdesk keys new --rotate`", signer.key_id()),
            )),
            None => out.push(check(
                Level::Fail,
                T,
                format!("the signing key {} is not in the trust list: slips would not verify", signer.key_id()),
            )),
        },
        Err(e) => out.push(check(Level::Fail, T, format!("cannot load the signing key: {e}"))),
    }
    out
}

fn printer_check(home: &Home) -> Check {
    const P: &str = "打印机 printer";
    let text = &home.config.printer.target;
    let target: Target = match text.parse() {
        Ok(Target::File(d)) => Target::File(home.path(&d)),
        Ok(t) => t,
        Err(e) => return check(Level::Fail, P, format!("printer.target {text:?}: {e}")),
    };
    let timeout = Duration::from_millis(home.config.printer.timeout_ms.min(5000));
    match printer::query_status(&target, timeout) {
        Ok(st) => match st.check() {
            Ok(()) if st.paper_near_end => check(Level::Warn, P, format!("{text}: ready, but paper is running low")),
            Ok(()) => check(Level::Ok, P, format!("{text}: reachable and answering, ready")),
            Err(e) => check(Level::Fail, P, format!("{text}: answers but {e} -- {}", e.zh())),
        },
        Err(printer::PrintError::NoStatus) => {
            check(Level::Warn, P, format!("{text}: a CUPS queue cannot report status; check it with `lpstat -p`"))
        }
        Err(e) => check(Level::Fail, P, format!("{text}: {e} -- {}", e.zh())),
    }
}

/// The A4 documents (issue 16): both faces found and usable, the templates valid, the A4
/// target well formed.
fn paper_checks(home: &Home) -> Vec<Check> {
    const A: &str = "A4 文书 documents";
    let p = &home.config.paper;
    let mut out = Vec::new();
    for (role, found) in [
        ("body", certdesk_paper::fonts::find_body(Some(&p.body_font))),
        ("title", certdesk_paper::fonts::find_title(Some(&p.title_font))),
    ] {
        out.push(match found.and_then(|spec| certdesk_paper::fonts::LoadedFont::load(&spec)) {
            Ok(f) => check(Level::Ok, A, format!("{role} font {}", f.spec)),
            Err(e) => check(Level::Fail, A, format!("{role} font: {e}")),
        });
    }
    out.push(match certdesk_paper::Templates::load(&home.dir) {
        Ok(_) => check(Level::Ok, A, "templates valid"),
        Err(e) => check(Level::Fail, A, format!("templates: {e}")),
    });
    out.push(match p.target.parse::<Target>() {
        Ok(Target::File(_) | Target::Cups { .. }) => check(Level::Ok, A, format!("A4 printer {}", p.target)),
        Ok(_) => check(Level::Fail, A, format!("paper.target {:?}: an A4 printer is cups:QUEUE or file:DIR", p.target)),
        Err(e) => check(Level::Fail, A, format!("paper.target {:?}: {e}", p.target)),
    });
    out
}

fn fonts() -> Check {
    const F: &str = "字体 fonts";
    match std::process::Command::new("fc-list").args([":lang=zh", "family"]).output() {
        Ok(o) if o.status.success() => {
            let list = String::from_utf8_lossy(&o.stdout);
            // CJK "monospace" fonts are dual-width (fontconfig spacing 90), so match by name.
            let mono = |l: &&str| l.contains("Mono") || l.contains("等宽");
            match list.lines().find(|l| l.contains("Noto Sans Mono CJK SC")).or_else(|| list.lines().find(mono)) {
                Some(family) => check(Level::Ok, F, format!("CJK monospace font installed: {}", family.trim())),
                None => check(
                    Level::Fail,
                    F,
                    "no Chinese monospace font: the kiosk cannot draw 中文; apt-get install fonts-noto-cjk",
                ),
            }
        }
        _ => check(Level::Warn, F, "fc-list not available (fontconfig): cannot check for CJK fonts"),
    }
}

fn disk(home: &Home) -> Check {
    const D: &str = "磁盘 disk";
    let dir = home.db_path().parent().map(Path::to_path_buf).unwrap_or_else(|| home.dir.clone());
    let c = match std::ffi::CString::new(dir.as_os_str().as_encoded_bytes()) {
        Ok(c) => c,
        Err(_) => return check(Level::Warn, D, "path not checkable"),
    };
    let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c.as_ptr(), &mut s) } != 0 {
        return check(Level::Warn, D, format!("statvfs {}: {}", dir.display(), std::io::Error::last_os_error()));
    }
    let free = s.f_bavail as u64 * s.f_frsize as u64;
    let mb = free / (1 << 20);
    let level = if mb < 50 {
        Level::Fail
    } else if mb < 500 {
        Level::Warn
    } else {
        Level::Ok
    };
    let mut d = format!("{mb} MiB free at {}", dir.display());
    if level != Level::Ok {
        let _ = write!(d, " -- free space: prints and audit entries need room (old backups, logs)");
    }
    check(level, D, d)
}

fn clock(home: &Home) -> Check {
    const C: &str = "时钟 clock";
    let now = crate::clock::now();
    // A kiosk without a battery-backed clock boots in 1970; dates on slips and in the audit log
    // would be wrong, and certificate status too.
    if now.date() < chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("date") {
        return check(Level::Fail, C, format!("the clock says {now}: set the time (timedatectl, NTP)"));
    }
    // The clock must not be behind the newest audit entry (it went backwards).
    if let Ok(store) = home.store_for_reading() {
        if let Ok(n) = store.audit().verify() {
            if let Ok(last) = store.audit().entries(n, 1) {
                if let Some(e) = last.first() {
                    if e.time > now + chrono::Duration::minutes(5) {
                        return check(
                            Level::Fail,
                            C,
                            format!(
                                "the clock ({now}) is behind the newest audit entry ({}): it went backwards",
                                e.time
                            ),
                        );
                    }
                }
            }
        }
    }
    check(Level::Ok, C, format!("{}", now.format("%Y-%m-%d %H:%M:%S")))
}
