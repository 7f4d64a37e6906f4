//! What each `certdesk` subcommand does. Output for people goes to stdout; errors say what to do.

use crate::clock::Clock;
use crate::home::Home;
use crate::printer::{self, PrintJob, Target};
use crate::seal::{self, KeyId, Signer};
use crate::service::PrintResult;
use crate::station::{self, Station};
use crate::store::{JobOutcome, OpenCheck, Role};
use anyhow::{anyhow, bail, Result};
use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::time::Duration;

// Output for people goes through these, never `println!`: a closed pipe or a full disk under
// stdout (`certdesk jobs list >/dev/full`, `| head`) is an `io::Error` that `main` handles once
// (quiet exit on a broken pipe, a message otherwise), not a panic.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($t)*)?;
    }};
}
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout(), $($t)*)?;
        std::io::stdout().flush()?;
    }};
}

fn now() -> chrono::NaiveDateTime {
    crate::clock::now()
}

pub fn init(dir: &Path) -> Result<i32> {
    let (_, done) = Home::init(dir, now().date())?;
    if done.is_empty() {
        outln!("{} is already a certdesk home; nothing changed.", dir.display());
    }
    for d in done {
        outln!("{d}");
    }
    outln!("Next: `certdesk --home {} import ROSTER.csv`, then `certdesk staff add ...`.", dir.display());
    Ok(0)
}

pub fn import(dir: &Path, file: &Path) -> Result<i32> {
    let home = Home::open(dir)?;
    let mut store = home.store()?;
    let catalogue = home.catalogue()?;
    // The import writes its own audit entry, in the same transaction as the rows.
    let report = crate::import::import_file(&mut store, file, now().date(), &catalogue)?;
    out!("{report}");
    Ok(if report.errors.is_empty() { 0 } else { 1 })
}

pub fn keys_new(dir: &Path, label: &str, rotate: bool) -> Result<i32> {
    let home = Home::open(dir)?;
    let key = home.key_path();
    let trust_path = home.trust_path();
    let mut trust = if trust_path.exists() { home.trust()? } else { seal::TrustList::new() };
    if key.exists() {
        if !rotate {
            bail!(
                "a signing key already exists at {}\nhint: `certdesk keys new --rotate` retires it and makes a new one",
                key.display()
            );
        }
        let old = home.signer()?;
        trust.retire(old.key_id())?;
        let retired = key.with_extension(format!("retired-{}", old.key_id()));
        std::fs::rename(&key, &retired)?;
        outln!("retired key {} (kept at {}; it still verifies old slips)", old.key_id(), retired.display());
    }
    if let Some(parent) = key.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let signer = Signer::write_new(&key)?;
    let mut entry = signer.public_entry(label);
    entry.added = now().date();
    trust.add(entry)?;
    trust.save(&trust_path)?;
    home.store()?.audit(
        "admin",
        "keys.new",
        serde_json::json!({ "key_id": signer.key_id().to_string(), "rotate": rotate }),
        now(),
    )?;
    outln!("new signing key {} at {} (mode 0600), added to {}", signer.key_id(), key.display(), trust_path.display());
    Ok(0)
}

pub fn keys_list(dir: &Path) -> Result<i32> {
    let home = Home::open(dir)?;
    for k in home.trust()?.entries() {
        outln!("{}  {:?}  {}  added {}", k.id, k.status, k.label, k.added);
    }
    Ok(0)
}

pub fn keys_retire(dir: &Path, key_id: &str) -> Result<i32> {
    let home = Home::open(dir)?;
    let id =
        KeyId::parse(key_id).ok_or_else(|| anyhow!("{key_id:?} is not a key id; `certdesk keys list` shows them"))?;
    let mut trust = home.trust()?;
    trust.retire(id)?;
    trust.save(&home.trust_path())?;
    home.store()?.audit("admin", "keys.retire", serde_json::json!({ "key_id": id.to_string() }), now())?;
    outln!("key {id} retired: it verifies old slips and signs no new ones");
    Ok(0)
}

pub fn print(dir: &Path, number: &str, item: Option<&str>, target: Option<String>) -> Result<i32> {
    let st = Station::open(dir, target.as_deref(), Clock::system())?;
    let mut live = st.live(OpenCheck::Cheap)?;
    let cert = crate::registry::pick_certificate(live.store()?, number, item)?;
    match live.print(cert, None, &mut |_| {})? {
        PrintResult::Printed { serial, preview } => {
            outln!("printed, serial {serial:08}\n{preview}");
            Ok(0)
        }
        PrintResult::Failed { serial, error } => {
            eprintln!("not printed: {error}");
            eprintln!(
                "the job is kept as serial {serial:08}: `certdesk jobs reprint {serial}` when the printer is back"
            );
            Ok(1)
        }
        PrintResult::Limit { max } => bail!("daily print limit of {max} reached"),
    }
}

pub fn audit_verify(dir: &Path) -> Result<i32> {
    let store = Home::open(dir)?.store_for_reading()?;
    match store.verify_audit_report() {
        Ok(r) => {
            outln!(
                "audit log intact: {} entries, chain verified, {} signatures verified, {} checkpoints match, \
                 append-only triggers in place",
                r.entries,
                r.signed,
                r.checkpoints
            );
            if let Some(c) = r.newest_checkpoint {
                outln!("newest checkpoint: entry {} at {}", c.seq, c.time);
            }
            Ok(0)
        }
        Err(b) => {
            if b.seq == 0 {
                outln!("audit log BROKEN: {}", b.reason);
            } else {
                outln!("audit log BROKEN at entry {}: {}", b.seq, b.reason);
                outln!("entries before {} are intact. Keep this database as evidence and report it.", b.seq);
            }
            Ok(1)
        }
    }
}

pub fn audit_checkpoint(dir: &Path) -> Result<i32> {
    let store = Home::open(dir)?.store()?;
    let cp = match store.audit_checkpoint(now())? {
        Some(cp) => cp,
        None => match store.newest_audit_checkpoint()? {
            Some(cp) => {
                outln!("the newest checkpoint already covers the whole log");
                cp
            }
            None => {
                outln!("the audit log is empty; nothing to anchor");
                return Ok(0);
            }
        },
    };
    outln!("checkpoint: entry {} hash {} at {}", cp.seq, hex::encode(cp.hash), cp.time);
    for l in cp.report_lines() {
        outln!("{l}");
    }
    Ok(0)
}

pub fn audit_tail(dir: &Path, n: usize) -> Result<i32> {
    let store = Home::open(dir)?.store_for_reading()?;
    let total = store.verify_audit().map_err(|b| anyhow!("audit log broken at entry {}: {}", b.seq, b.reason))?;
    for e in store.audit_entries(total.saturating_sub(n as u64) + 1, n)? {
        outln!("{:>6}  {}  {:<10} {:<22} {}", e.seq, e.time, e.actor, e.action, e.detail);
    }
    Ok(0)
}

pub fn backup(dir: &Path, dest: &Path) -> Result<i32> {
    let store = Home::open(dir)?.store()?;
    if dest.exists() {
        bail!("{} exists; choose a new file name (backups never overwrite)", dest.display());
    }
    store.backup_to(dest)?;
    store.audit("admin", "backup", serde_json::json!({ "dest": dest.display().to_string() }), now())?;
    outln!("backup written to {}", dest.display());
    Ok(0)
}

fn read_pin() -> Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let pin = rpassword::prompt_password("PIN (4-12 digits): ")?;
        let again = rpassword::prompt_password("PIN again: ")?;
        if pin != again {
            bail!("the two PINs differ; nothing was changed");
        }
        Ok(pin)
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        Ok(line.trim().to_string())
    }
}

pub fn staff_add(dir: &Path, staff_id: &str, name: &str, role: &str) -> Result<i32> {
    let store = Home::open(dir)?.store()?;
    let role = Role::parse(role).ok_or_else(|| anyhow!("role {role:?} is unknown; use staff, supervisor or admin"))?;
    let pin = read_pin()?;
    store.add_staff(staff_id, name, &pin, role)?;
    store.audit("admin", "staff.add", serde_json::json!({ "staff": staff_id, "role": role.as_str() }), now())?;
    outln!("staff {staff_id} ({name}) added as {}", role.as_str());
    Ok(0)
}

pub fn staff_unlock(dir: &Path, staff_id: &str) -> Result<i32> {
    let store = Home::open(dir)?.store()?;
    let n = store.clear_staff_failures(staff_id)?;
    store.audit("admin", "staff.unlock", serde_json::json!({ "staff": staff_id, "failures_cleared": n }), now())?;
    outln!("staff {staff_id}: {n} failed PIN attempts cleared; the PIN works again");
    Ok(0)
}

/// `certdesk staff disable|enable ID`.
pub fn staff_set_active(dir: &Path, staff_id: &str, active: bool) -> Result<i32> {
    let store = Home::open(dir)?.store()?;
    if !store.set_staff_active(staff_id, active)? {
        eprintln!("there is no staff member {staff_id:?} (see `certdesk staff list`)");
        return Ok(1);
    }
    let action = if active { "staff.enable" } else { "staff.disable" };
    store.audit("admin", action, serde_json::json!({ "staff": staff_id.trim() }), now())?;
    outln!("staff {}: {}", staff_id.trim(), if active { "enabled" } else { "disabled; the PIN no longer signs in" });
    Ok(0)
}

/// `certdesk staff reset-pin ID`: a new PIN, and the PIN lock lifted.
pub fn staff_reset_pin(dir: &Path, staff_id: &str) -> Result<i32> {
    let store = Home::open(dir)?.store()?;
    if store.staff(staff_id)?.is_none() {
        eprintln!("there is no staff member {staff_id:?} (see `certdesk staff list`)");
        return Ok(1);
    }
    let pin = read_pin()?;
    store.in_transaction(|s| {
        s.set_staff_pin(staff_id, &pin)?;
        let cleared = s.clear_staff_failures(staff_id)?;
        s.audit(
            "admin",
            "staff.reset_pin",
            serde_json::json!({ "staff": staff_id.trim(), "failures_cleared": cleared }),
            now(),
        )?;
        Ok(())
    })?;
    outln!("staff {}: new PIN set; the PIN lock, if any, is lifted", staff_id.trim());
    Ok(0)
}

pub fn staff_list(dir: &Path) -> Result<i32> {
    for s in Home::open(dir)?.store_for_reading()?.staff_list()? {
        outln!(
            "{:<10} {:<12} {:<10} {}",
            s.staff_id,
            s.name,
            s.role.as_str(),
            if s.active { "active" } else { "disabled" }
        );
    }
    Ok(0)
}

pub fn jobs_list(dir: &Path) -> Result<i32> {
    let store = Home::open(dir)?.store_for_reading()?;
    let jobs = store.unfinished_jobs()?;
    if jobs.is_empty() {
        outln!("no pending or failed print jobs");
        document_jobs_list(&store)?;
        return Ok(0);
    }
    outln!("serial    state    created              certificate              station     error");
    for j in &jobs {
        let cert = match store.certificate(j.cert_id) {
            Ok(Some(c)) => format!("{} {}", c.masked_number(), c.name),
            _ => format!("certificate #{}", j.cert_id),
        };
        // A staff-assisted print from the desk's holder page says who printed it where, and a
        // review reminder says so (its bytes are not a certificate slip).
        let station = match store.job_assist(j.id) {
            Ok(Some((Some(staff), counter, doc))) => {
                let what = if doc == "reminder" { " reminder" } else { "" };
                format!("{} (staff {staff}, counter {}{what})", j.station, counter.unwrap_or(0))
            }
            _ => j.station.clone(),
        };
        outln!(
            "{:08}  {:<8} {}  {:<24} {:<11} {}{}",
            j.id,
            j.state.as_str(),
            j.created_at,
            cert,
            station,
            j.error.clone().unwrap_or_default(),
            if j.has_bytes { "" } else { " (no recorded slip: void it)" }
        );
    }
    outln!(
        "\nA pending job may or may not have come out of the printer (power cut, crash). Ask the holder or \
         check the printer, then:\n  certdesk jobs reprint SERIAL        send its exact slip again\n  \
         certdesk jobs void SERIAL --reason \"...\"   write it off (it stops counting against the daily limit)"
    );
    document_jobs_list(&store)?;
    Ok(0)
}

/// The desk's document jobs (notices, pledges, receipts) that did not print, with their state.
/// Their serials are their own (not print-job serials): they are printed again from the case.
fn document_jobs_list(store: &crate::store::Store) -> Result<()> {
    let docs = store.unfinished_document_jobs()?;
    if docs.is_empty() {
        outln!("no pending or failed document jobs (desk notices, pledges, receipts)");
        return Ok(());
    }
    outln!("\ndocument jobs (desk notices, pledges, receipts) not printed:");
    outln!("document  state    created              case            kind      station     error");
    for j in &docs {
        outln!(
            "D{:07}  {:<8} {}  {:<15} {:<9} {:<11} {}",
            j.id,
            j.state,
            j.created_at,
            j.case_number,
            j.document,
            j.station,
            j.error.clone().unwrap_or_default()
        );
    }
    outln!("Print them again from the case at the desk (F5 notice, F6 pledge, F7 receipt): a new job is recorded.");
    Ok(())
}

pub fn jobs_reprint(dir: &Path, serial: u64, target: Option<String>) -> Result<i32> {
    use crate::store::jobs::{Resolution, AFTER_SEND_PATIENCE};
    let home = Home::open(dir)?;
    let store = home.store()?;
    let job = store.job(serial)?.ok_or_else(|| anyhow!("there is no print job {serial:08}"))?;
    if job.state == crate::store::JobState::Printed || job.resolution.is_some() {
        bail!("print job {serial:08} is not stuck; for another copy print a fresh slip with `certdesk print`");
    }
    let bytes = store
        .job_bytes(serial)?
        .ok_or_else(|| anyhow!("job {serial:08} has no recorded slip to reprint; `certdesk jobs void {serial}`"))?;
    let target_text = target.unwrap_or_else(|| home.config.printer.target.clone());
    let target: Target = target_text.parse().map_err(|e| anyhow!("printer target: {e}"))?;
    let target = match target {
        Target::File(d) => Target::File(home.path(&d)),
        t => t,
    };
    let preview = crate::slip::parse_escpos(&bytes).map(|p| p.text()).unwrap_or_default();
    let job = PrintJob { serial, bytes, preview };
    let timeout = Duration::from_millis(home.config.printer.timeout_ms);
    match printer::send(&target, &job, timeout, home.config.printer.query_status) {
        Ok(()) => {
            store.resolve_job(serial, Resolution::Reprinted, "admin", &format!("reprinted to {target_text}"), now())?;
            outln!("job {serial:08} reprinted");
            Ok(0)
        }
        Err(e) => {
            store.finish_job_audited(
                serial,
                JobOutcome::Failed(e.to_string()),
                "admin",
                "print.failed",
                serde_json::json!({ "target": target_text, "error": e.to_string(), "reprint": true }),
                now(),
                AFTER_SEND_PATIENCE,
            )?;
            eprintln!("not printed: {} ({})", e.en(), e.zh());
            Ok(1)
        }
    }
}

pub fn jobs_void(dir: &Path, serial: u64, reason: &str) -> Result<i32> {
    let store = Home::open(dir)?.store()?;
    if reason.trim().is_empty() {
        bail!("say why with --reason (it goes into the audit log)");
    }
    store.resolve_job(serial, crate::store::jobs::Resolution::Voided, "admin", reason.trim(), now())?;
    outln!("job {serial:08} voided: it no longer counts against the daily limit");
    Ok(0)
}

pub fn doctor(dir: &Path, printer: bool) -> Result<i32> {
    let checks = crate::doctor::run(dir, &crate::doctor::Options { printer });
    for c in &checks {
        outln!("{c}");
    }
    let failed = checks.iter().filter(|c| c.level == crate::doctor::Level::Fail).count();
    if failed == 0 {
        outln!("站点检查通过 station checks passed");
        Ok(0)
    } else {
        outln!("{failed} 项故障 checks failed: fix them before the station goes into service");
        Ok(1)
    }
}

/// Run the kiosk on a home. `demo_hint` is shown on the attract screen by `certdesk demo`.
pub fn kiosk(dir: &Path, demo_hint: Option<(String, String)>) -> Result<i32> {
    station::kiosk(&Station::open(dir, None, Clock::system())?, demo_hint)
}

/// Run the rating screen of a counter on a home.
pub fn rate(dir: &Path, counter: u32) -> Result<i32> {
    station::rate(&Station::open(dir, None, Clock::system())?, counter)
}

/// Run the front desk on a home.
pub fn desk(dir: &Path, counter: u32) -> Result<i32> {
    station::desk(&Station::open(dir, None, Clock::system())?, counter)
}

pub fn demo(dir: &Path) -> Result<i32> {
    let hint = crate::demo::prepare(dir, now())?;
    outln!("certdesk demo home: {}", dir.display());
    outln!("  try ID {}  with code {}", hint.0, hint.1);
    outln!("  front desk: F12, staff number 0001, PIN 123456 (F10 logs out to the kiosk, F12 on the desk quits)");
    outln!("  slips are written to {}/spool/ (.bin = ESC/POS bytes, .txt = preview)", dir.display());
    if !std::io::stdout().is_terminal() {
        // No terminal (CI, a pipe): show the product working by printing one slip headless.
        let st = Station::open(dir, None, Clock::system())?;
        let mut live = st.live(OpenCheck::Cheap)?;
        let number = crate::demo::printable_certificate(live.store()?, hint_id(&hint))?;
        if let PrintResult::Printed { serial, preview } = live.print(number, None, &mut |_| {})? {
            outln!("\nno terminal: printed one demo slip headless (serial {serial:08}):\n{preview}");
        }
        return Ok(0);
    }
    kiosk(dir, Some(hint))
}

fn hint_id(hint: &(String, String)) -> &str {
    hint.0.split_whitespace().next().unwrap_or("")
}

/// `certdesk holder ID [--json]` (implementation: `registry::holder_report`).
pub fn holder(dir: &Path, id_number: &str, json: bool) -> Result<i32> {
    let home = Home::open(dir)?;
    let store = home.store()?;
    let calendar = store.calendar()?;
    let report = crate::registry::holder_report(&store, id_number, now().date(), &home.config.reminders, &calendar)?;
    if json {
        outln!("{report}");
    } else {
        out!("{}", crate::registry::holder_text(&report));
    }
    Ok(0)
}

/// `certdesk check`: the full integrity check (`registry::full_check`).
pub fn check(dir: &Path) -> Result<i32> {
    let home = Home::open(dir)?;
    match crate::registry::full_check(&home.db_location()) {
        Ok(msg) => {
            outln!("{msg}");
            Ok(0)
        }
        Err(e) => {
            eprintln!("{e:#}");
            Ok(1)
        }
    }
}
