//! What each `certdesk` subcommand does. Output for people goes to stdout; errors say what to do.

use crate::cli_progress::Progress;
use crate::cli_strings::{t, Lang, M};
use crate::clock::Clock;
use crate::home::Home;
use crate::printer::{self, PrintJob, Target};
use crate::seal::{self, KeyId, Signer};
use crate::service::PrintResult;
use crate::station::{self, Station};
use crate::store::{JobOutcome, OpenCheck, Role};
use anyhow::{anyhow, Result};
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

/// Fail with a message of the table in the call's language.
macro_rules! fail {
    ($lang:expr, $m:expr $(, $a:expr)* $(,)?) => {
        anyhow::bail!("{}", t($lang, $m, &[$(&$a),*]))
    };
}

fn now() -> chrono::NaiveDateTime {
    crate::clock::now()
}

pub fn init(dir: &Path, verify_url: Option<&str>, lang: Lang) -> Result<i32> {
    use crate::phone_path;
    use std::io::IsTerminal;
    // Checked before anything is created: a bad address leaves no half-made home.
    let mut url = verify_url.map(phone_path::normalise_verify_url).transpose()?;
    let (home, done) = Home::init(dir, now().date())?;
    if url.is_none() && home.config.seal.url_prefix.is_none() && std::io::stdin().is_terminal() {
        url = ask_verify_url(lang)?;
    }
    if done.is_empty() {
        outln!("{}", t(lang, M::InitAlready, &[&dir.display()]));
    }
    for d in done {
        outln!("{}", d.say(lang));
    }
    match url {
        Some(u) if phone_path::set_verify_url(dir, &u)? => outln!("{}", t(lang, M::InitVerifyUrl, &[&u])),
        Some(_) => outln!("{}", t(lang, M::InitVerifyUrlKept, &[])),
        None if home.config.seal.url_prefix.is_none() => outln!("{}", t(lang, M::InitNoVerifyUrl, &[])),
        None => {}
    }
    outln!("{}", t(lang, M::InitNext, &[&dir.display()]));
    Ok(0)
}

/// Ask for the verification address on a terminal until it is valid or left empty.
fn ask_verify_url(lang: Lang) -> Result<Option<String>> {
    use std::io::BufRead;
    loop {
        out!("{}", t(lang, M::InitAskVerifyUrl, &[]));
        let mut line = String::new();
        if std::io::stdin().lock().read_line(&mut line)? == 0 || line.trim().is_empty() {
            return Ok(None);
        }
        match crate::phone_path::normalise_verify_url(&line) {
            Ok(u) => return Ok(Some(u)),
            Err(e) => eprintln!("{e}"),
        }
    }
}

pub fn import(dir: &Path, file: &Path, lang: Lang) -> Result<i32> {
    let home = Home::open(dir)?;
    let mut store = home.store()?;
    let catalogue = home.catalogue()?;
    // The import writes its own audit entry, in the same transaction as the rows. The bar
    // moves once per chunk of rows (see `import_file_with_progress`), not per row.
    // A roster that revokes or suspends must reach verification (issue 17 §3): the withdrawn
    // certificates before and after tell whether the home's revocation list is to be reissued.
    let withdrawn_before = store.holders().withdrawn_handles()?;
    let bar = Progress::spinner(t(lang, M::ImportProgress, &[]), &t(lang, M::ImportRows, &[]));
    let report =
        crate::import::import_file_with_progress(&mut store, file, now().date(), &catalogue, &|n| bar.set_position(n))
            .map_err(|e| anyhow!("{}", crate::cli_strings::import_error(lang, &e)))?;
    drop(bar);
    out!("{}", import_report(lang, &report));
    if store.holders().withdrawn_handles()? != withdrawn_before {
        drop(store);
        // As after `standing set`: the bureau's own list follows the registry now; stations
        // get it by `revocations export`.
        if let Err(e) = crate::cli_verifier::revocations_export(dir, &home.revocations_path(), lang) {
            eprintln!("{}", t(lang, M::StandingListWarn, &[&crate::cli_strings::error_line(&e)]));
        }
    }
    Ok(if report.errors.is_empty() { 0 } else { 1 })
}

/// An import's report in the operator's language (the rows' own reasons are the importer's).
pub fn import_report(lang: Lang, r: &crate::import::ImportReport) -> String {
    let mut s = t(
        lang,
        M::ImportSummary,
        &[
            &r.format,
            &r.rows,
            &r.inserted,
            &r.updated,
            &r.moved,
            &r.unchanged,
            &r.rejected_rows,
            &(r.warnings.len() as u64 + r.warnings_omitted),
            &format!("{:.2}", r.elapsed.as_secs_f64()),
        ],
    );
    s.push('\n');
    let mut line = |m: M, args: &[&dyn std::fmt::Display]| {
        s.push_str(&t(lang, m, args));
        s.push('\n');
    };
    if !r.ignored_columns.is_empty() {
        line(M::ImportIgnored, &[&r.ignored_columns.join(", ")]);
    }
    for e in &r.errors {
        line(M::ImportErrorRow, &[&e.row, &e.column, &e.reason]);
    }
    if r.errors_omitted > 0 {
        line(M::ImportErrorMore, &[&r.errors_omitted]);
    }
    for w in &r.warnings {
        line(M::ImportWarningRow, &[&w.row, &w.column, &w.reason]);
    }
    if r.warnings_omitted > 0 {
        line(M::ImportWarningMore, &[&r.warnings_omitted]);
    }
    s
}

pub fn keys_new(dir: &Path, label: &str, rotate: bool, actor: &str, lang: Lang) -> Result<i32> {
    let home = Home::open(dir)?;
    let key = home.key_path();
    let trust_path = home.trust_path();
    let mut trust = if trust_path.exists() { home.trust()? } else { seal::TrustList::new() };
    if key.exists() {
        if !rotate {
            fail!(lang, M::KeyExists, key.display());
        }
        let old = home.signer()?;
        // Retired now (it signs no slip from this minute on); its file stays beside the new one
        // only to sign the trust-list hand-over (`keys export`), until `keys retire` destroys it.
        trust.retire(old.key_id(), whole_seconds(now()))?;
        let retired = key.with_extension(format!("retired-{}", old.key_id()));
        std::fs::rename(&key, &retired)?;
        outln!("{}", t(lang, M::KeyRetiredKept, &[&old.key_id(), &retired.display()]));
    }
    if let Some(parent) = key.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let alg = match home.config.seal.algorithm {
        crate::config::SignatureAlgorithm::Ed25519 => seal::Algorithm::Ed25519,
        crate::config::SignatureAlgorithm::Sm2 => seal::Algorithm::Sm2,
    };
    let signer = Signer::write_new_for(&key, alg)?;
    let mut entry = signer.public_entry(label);
    entry.added = now().date();
    trust.add(entry)?;
    trust.save(&trust_path)?;
    let mut store = home.store()?;
    store.audit().append(
        actor,
        "keys.new",
        serde_json::json!({ "key_id": signer.key_id().to_string(), "rotate": rotate, "algorithm": alg.word() }),
        now(),
    )?;
    // The audit log follows seal.algorithm (issue 18): its key moves with the slips' key.
    let audit_alg = match alg {
        seal::Algorithm::Ed25519 => crate::store::audit_keys::AuditAlgorithm::Ed25519,
        seal::Algorithm::Sm2 => crate::store::audit_keys::AuditAlgorithm::Sm2,
    };
    let audit_key = home.audit_key_path();
    if let crate::store::audit_keys::AuditMove::Moved { until } = store.move_audit_key(&audit_key, audit_alg, now())? {
        let earlier = crate::store::audit_keys::earlier_path(&audit_key);
        outln!("{}", t(lang, M::AuditKeyMoved, &[&audit_alg.word().to_uppercase(), &until, &earlier.display()]));
    }
    outln!("{}", t(lang, M::KeyNew, &[&signer.key_id(), &key.display(), &trust_path.display()]));
    Ok(0)
}

pub fn keys_list(dir: &Path, lang: Lang) -> Result<i32> {
    let home = Home::open(dir)?;
    for k in home.trust()?.entries() {
        outln!("{}", t(lang, M::KeyLine, &[&k.id, &format!("{:?}", k.status), &k.label, &k.added]));
    }
    Ok(0)
}

pub fn keys_retire(dir: &Path, key_id: &str, actor: &str, lang: Lang) -> Result<i32> {
    let home = Home::open(dir)?;
    let id = KeyId::parse(key_id).ok_or_else(|| anyhow!("{}", t(lang, M::KeyNotId, &[&key_id])))?;
    let mut trust = home.trust()?;
    let at = whole_seconds(now());
    trust.retire(id, at)?;
    let retired_at = trust.get(id).and_then(|k| k.retired_at).unwrap_or(at);
    trust.save(&home.trust_path())?;
    // SPEC §6: the private file of a retired key is destroyed, so nobody can sign with it again
    // (a slip stamped after `retired_at` is refused anyway; one back-dated needs the file).
    let destroyed = destroy_private_files(&home, id)?;
    home.store()?.audit().append(
        actor,
        "keys.retire",
        serde_json::json!({
            "key_id": id.to_string(),
            "retired_at": retired_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            "destroyed": destroyed.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        }),
        now(),
    )?;
    outln!("{}", t(lang, M::KeyRetired, &[&id]));
    for p in &destroyed {
        outln!("{}", t(lang, M::KeyDestroyed, &[&p.display()]));
    }
    Ok(0)
}

/// The trust list records times to the second (a slip's stamp has minutes).
fn whole_seconds(t: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    use chrono::Timelike;
    t.with_nanosecond(0).unwrap_or(t)
}

/// Destroy every private key file of `id` in the home's key folder: the current key when it is
/// `id`, and `signing.retired-<id>` kept by `keys new --rotate`. Returns the paths destroyed.
fn destroy_private_files(home: &Home, id: KeyId) -> Result<Vec<std::path::PathBuf>> {
    let key = home.key_path();
    let mut destroyed = vec![];
    let kept = key.with_extension(format!("retired-{id}"));
    for p in [key, kept] {
        if !p.exists() {
            continue;
        }
        // Only a file that really is this key (a damaged or foreign file is left for a person).
        if Signer::load(&p).is_ok_and(|s| s.key_id() == id) {
            seal::keys::destroy_key_file(&p)?;
            destroyed.push(p);
        }
    }
    Ok(destroyed)
}

pub fn print(dir: &Path, number: &str, item: Option<&str>, target: Option<String>, lang: Lang) -> Result<i32> {
    let st = Station::open(dir, target.as_deref(), Clock::system())?;
    let mut live = st.live(OpenCheck::Cheap)?;
    let cert = crate::registry::pick_certificate(live.store()?, number, item)?;
    match live.print(cert, None, &mut |_| {})? {
        PrintResult::Printed { serial, preview } => {
            outln!("{}", t(lang, M::Printed, &[&format!("{serial:08}"), &preview]));
            Ok(0)
        }
        PrintResult::Failed { serial, error } => {
            eprintln!("{}", t(lang, M::NotPrinted, &[&error]));
            eprintln!("{}", t(lang, M::JobKept, &[&format!("{serial:08}"), &serial]));
            Ok(1)
        }
        PrintResult::Limit { max } => fail!(lang, M::DailyLimit, max),
    }
}

pub fn audit_verify(dir: &Path, lang: Lang) -> Result<i32> {
    let store = Home::open(dir)?.store_for_reading()?;
    match store.audit().verify_report() {
        Ok(r) => {
            outln!("{}", t(lang, M::AuditIntact, &[&r.entries, &r.signed, &r.checkpoints]));
            if let Some(c) = r.newest_checkpoint {
                outln!("{}", t(lang, M::AuditNewestCheckpoint, &[&c.seq, &c.time]));
            }
            Ok(0)
        }
        Err(b) => {
            if b.seq == 0 {
                outln!("{}", t(lang, M::AuditBroken, &[&b.reason]));
            } else {
                outln!("{}", t(lang, M::AuditBrokenAt, &[&b.seq, &b.reason]));
                outln!("{}", t(lang, M::AuditBeforeIntact, &[&b.seq]));
            }
            Ok(1)
        }
    }
}

pub fn audit_checkpoint(dir: &Path, lang: Lang) -> Result<i32> {
    let store = Home::open(dir)?.store()?;
    let cp = match store.audit().checkpoint(now())? {
        Some(cp) => cp,
        None => match store.audit().newest_checkpoint()? {
            Some(cp) => {
                outln!("{}", t(lang, M::AuditCheckpointCovers, &[]));
                cp
            }
            None => {
                outln!("{}", t(lang, M::AuditEmpty, &[]));
                return Ok(0);
            }
        },
    };
    outln!("{}", t(lang, M::AuditCheckpoint, &[&cp.seq, &hex::encode(cp.hash), &cp.time]));
    for l in cp.report_lines() {
        outln!("{l}");
    }
    Ok(0)
}

pub fn audit_tail(dir: &Path, n: usize, lang: Lang) -> Result<i32> {
    let store = Home::open(dir)?.store_for_reading()?;
    let total =
        store.audit().verify().map_err(|b| anyhow!("{}", t(lang, M::AuditBrokenShort, &[&b.seq, &b.reason])))?;
    for e in store.audit().entries(total.saturating_sub(n as u64) + 1, n)? {
        outln!("{:>6}  {}  {:<10} {:<22} {}", e.seq, e.time, e.actor, e.action, e.detail);
    }
    Ok(0)
}

pub fn backup(dir: &Path, dest: &Path, lang: Lang) -> Result<i32> {
    // The destination is checked before the database is touched: a missing folder is the
    // operator's to fix, and says so once (SQLite would say "unable to open database file",
    // rusqlite again, and "Error code 14" under both).
    if dest.exists() {
        fail!(lang, M::BackupExists, dest.display());
    }
    let folder = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    match std::fs::metadata(&folder) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => fail!(lang, M::BackupNotFolder, folder.display()),
        Err(_) => fail!(lang, M::BackupNoFolder, folder.display()),
    }
    let store = Home::open(dir)?.store()?;
    let bar = Progress::bar(0, t(lang, M::BackupProgress, &[]), &t(lang, M::BackupPages, &[]));
    let copied = store.backup_to_with_progress(dest, &mut |done, all| {
        bar.set_length(all);
        bar.set_position(done);
    });
    drop(bar);
    if let Err(e) = copied {
        fail!(lang, M::BackupFailed, dest.display(), crate::cli_strings::error_text(&e));
    }
    store.audit().append("admin", "backup", serde_json::json!({ "dest": dest.display().to_string() }), now())?;
    outln!("{}", t(lang, M::BackupDone, &[&dest.display()]));
    Ok(0)
}

fn read_pin(lang: Lang) -> Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let pin = rpassword::prompt_password(t(lang, M::PinPrompt, &[]))?;
        let again = rpassword::prompt_password(t(lang, M::PinAgain, &[]))?;
        if pin != again {
            fail!(lang, M::PinDiffer);
        }
        Ok(pin)
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        Ok(line.trim().to_string())
    }
}

pub fn staff_add(dir: &Path, staff_id: &str, name: &str, role: &str, actor: &str, lang: Lang) -> Result<i32> {
    let store = Home::open(dir)?.store()?;
    let role = Role::parse(role).ok_or_else(|| anyhow!("{}", t(lang, M::RoleUnknown, &[&role])))?;
    let pin = read_pin(lang)?;
    store.staff().add(staff_id, name, &pin, role)?;
    store.audit().append(actor, "staff.add", serde_json::json!({ "staff": staff_id, "role": role.as_str() }), now())?;
    outln!("{}", t(lang, M::StaffAdded, &[&staff_id, &name, &role.as_str()]));
    Ok(0)
}

pub fn staff_unlock(dir: &Path, staff_id: &str, actor: &str, lang: Lang) -> Result<i32> {
    let store = Home::open(dir)?.store()?;
    let n = store.staff().clear_failures(staff_id)?;
    store.audit().append(
        actor,
        "staff.unlock",
        serde_json::json!({ "staff": staff_id, "failures_cleared": n }),
        now(),
    )?;
    outln!("{}", t(lang, M::StaffUnlocked, &[&staff_id, &n]));
    Ok(0)
}

/// `certdesk staff disable|enable ID`.
pub fn staff_set_active(dir: &Path, staff_id: &str, active: bool, actor: &str, lang: Lang) -> Result<i32> {
    let store = Home::open(dir)?.store()?;
    // The last active supervisor or admin stays: without one, administration commands would
    // run unproven again (`cli_actor::acting`).
    if !active {
        let manager = |m: &crate::store::StaffMember| m.active && matches!(m.role, Role::Supervisor | Role::Admin);
        let list = store.staff().list()?;
        if list.iter().any(|m| m.staff_id == staff_id.trim() && manager(m))
            && list.iter().filter(|m| manager(m)).count() == 1
        {
            fail!(lang, M::StaffLastManager, staff_id.trim());
        }
    }
    if !store.staff().set_active(staff_id, active)? {
        eprintln!("{}", t(lang, M::StaffNone, &[&staff_id]));
        return Ok(1);
    }
    let action = if active { "staff.enable" } else { "staff.disable" };
    store.audit().append(actor, action, serde_json::json!({ "staff": staff_id.trim() }), now())?;
    outln!("{}", t(lang, if active { M::StaffEnabled } else { M::StaffDisabled }, &[&staff_id.trim()]));
    Ok(0)
}

/// `certdesk staff reset-pin ID`: a new PIN, and the PIN lock lifted.
pub fn staff_reset_pin(dir: &Path, staff_id: &str, actor: &str, lang: Lang) -> Result<i32> {
    let store = Home::open(dir)?.store()?;
    if store.staff().get(staff_id)?.is_none() {
        eprintln!("{}", t(lang, M::StaffNone, &[&staff_id]));
        return Ok(1);
    }
    let pin = read_pin(lang)?;
    store.in_transaction(|s| {
        s.staff().set_pin(staff_id, &pin)?;
        let cleared = s.staff().clear_failures(staff_id)?;
        s.audit().append(
            actor,
            "staff.reset_pin",
            serde_json::json!({ "staff": staff_id.trim(), "failures_cleared": cleared }),
            now(),
        )?;
        Ok(())
    })?;
    outln!("{}", t(lang, M::StaffPinReset, &[&staff_id.trim()]));
    Ok(0)
}

pub fn staff_list(dir: &Path, lang: Lang) -> Result<i32> {
    for s in Home::open(dir)?.store_for_reading()?.staff().list()? {
        outln!(
            "{:<10} {:<12} {:<10} {}",
            s.staff_id,
            s.name,
            s.role.as_str(),
            t(lang, if s.active { M::StaffActive } else { M::StaffInactive }, &[])
        );
    }
    Ok(0)
}

pub fn jobs_list(dir: &Path, lang: Lang) -> Result<i32> {
    let store = Home::open(dir)?.store_for_reading()?;
    let jobs = store.print_jobs().unfinished()?;
    if jobs.is_empty() {
        outln!("{}", t(lang, M::JobsNone, &[]));
        document_jobs_list(&store, lang)?;
        ticket_jobs_list(&store, lang)?;
        crate::cli_case::paper_jobs_list(&store, lang)?;
        return Ok(0);
    }
    outln!("{}", t(lang, M::JobsHeader, &[]));
    for j in &jobs {
        let cert = match store.holders().certificate(j.cert_id) {
            Ok(Some(c)) => format!("{} {}", c.masked_number(), c.name),
            _ => t(lang, M::JobsCertificate, &[&j.cert_id]),
        };
        // A staff-assisted print from the desk's holder page says who printed it where, and a
        // review reminder says so (its bytes are not a certificate slip).
        let station = match store.print_jobs().assist(j.id) {
            Ok(Some((Some(staff), counter, doc))) => {
                let what = if doc == "reminder" { t(lang, M::JobsReminderDoc, &[]) } else { String::new() };
                t(lang, M::JobsAssist, &[&j.station, &staff, &counter.unwrap_or(0), &what])
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
            if j.has_bytes { String::new() } else { t(lang, M::JobsNoBytes, &[]) }
        );
    }
    outln!("{}", t(lang, M::JobsAdvice, &[]));
    document_jobs_list(&store, lang)?;
    ticket_jobs_list(&store, lang)?;
    crate::cli_case::paper_jobs_list(&store, lang)?;
    Ok(0)
}

/// Queue tickets whose slip did not print (issue 15), listed only when there are some.
fn ticket_jobs_list(store: &crate::store::Store, lang: Lang) -> Result<()> {
    let jobs = store.print_jobs().unfinished_tickets()?;
    if jobs.is_empty() {
        return Ok(());
    }
    outln!("{}", t(lang, M::TicketJobsTitle, &[]));
    outln!("{}", t(lang, M::TicketJobsHeader, &[]));
    for j in &jobs {
        let (label, created) = match store.tickets().get(j.ticket_id)? {
            Some(t) => (t.label, t.issued_at.to_string()),
            None => (String::from("?"), String::new()),
        };
        outln!("Q{:07}  {:<8} {:<20} {:<5} {}", j.id, j.state, created, label, j.error.clone().unwrap_or_default());
    }
    outln!("{}", t(lang, M::TicketJobsAdvice, &[]));
    Ok(())
}

/// The desk's document jobs (notices, pledges, receipts) that did not print, with their state.
/// Their serials are their own (not print-job serials): they are printed again from the case.
fn document_jobs_list(store: &crate::store::Store, lang: Lang) -> Result<()> {
    let docs = store.documents().unfinished_jobs()?;
    if docs.is_empty() {
        outln!("{}", t(lang, M::DocJobsNone, &[]));
        return Ok(());
    }
    outln!("{}", t(lang, M::DocJobsTitle, &[]));
    outln!("{}", t(lang, M::DocJobsHeader, &[]));
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
    outln!("{}", t(lang, M::DocJobsAdvice, &[]));
    Ok(())
}

pub fn jobs_reprint(dir: &Path, serial: u64, target: Option<String>, actor: &str, lang: Lang) -> Result<i32> {
    use crate::store::jobs::Resolution;
    let home = Home::open(dir)?;
    let store = home.store()?;
    let shown = format!("{serial:08}");
    let job = store.print_jobs().get(serial)?.ok_or_else(|| anyhow!("{}", t(lang, M::JobNone, &[&shown])))?;
    if job.state == crate::store::JobState::Printed || job.resolution.is_some() {
        fail!(lang, M::JobNotStuck, shown);
    }
    let bytes =
        store.print_jobs().bytes(serial)?.ok_or_else(|| anyhow!("{}", t(lang, M::JobNoBytes, &[&shown, &serial])))?;
    let target_text = target.unwrap_or_else(|| home.config.printer.target.clone());
    let target: Target = target_text.parse().map_err(|e| anyhow!("{}", t(lang, M::PrinterTarget, &[&e])))?;
    let target = match target {
        Target::File(d) => Target::File(home.path(&d)),
        t => t,
    };
    let preview = crate::slip::parse_escpos(&bytes).map(|p| p.text()).unwrap_or_default();
    let job = PrintJob { serial, bytes, preview };
    let timeout = Duration::from_millis(home.config.printer.timeout_ms);
    match printer::send(&target, &job, timeout, home.config.printer.query_status) {
        Ok(()) => {
            store.print_jobs().resolve(
                serial,
                Resolution::Reprinted,
                actor,
                &format!("reprinted to {target_text}"),
                now(),
            )?;
            outln!("{}", t(lang, M::JobReprinted, &[&shown]));
            Ok(0)
        }
        Err(e) => {
            store.print_jobs().finish_audited(
                serial,
                JobOutcome::Failed(e.to_string()),
                actor,
                "print.failed",
                serde_json::json!({ "target": target_text, "error": e.to_string(), "reprint": true }),
                now(),
                store.timeouts().job_after_send,
            )?;
            eprintln!("{}", t(lang, M::JobNotPrinted, &[&if lang == Lang::En { e.en() } else { e.zh() }]));
            Ok(1)
        }
    }
}

pub fn jobs_void(dir: &Path, serial: u64, reason: &str, staff: &str, pin_stdin: bool, lang: Lang) -> Result<i32> {
    let home = Home::open(dir)?;
    let store = home.store()?;
    if reason.trim().is_empty() {
        fail!(lang, M::JobVoidReason);
    }
    // Who writes a slip off proves it with their PIN (issue 17 §9); the audit names them.
    let who = crate::cli_actor::verified(&home, &store, staff, pin_stdin, "jobs void", lang)?;
    store.print_jobs().resolve(serial, crate::store::jobs::Resolution::Voided, &who.staff_id, reason.trim(), now())?;
    outln!("{}", t(lang, M::JobVoided, &[&format!("{serial:08}")]));
    Ok(0)
}

pub fn doctor(dir: &Path, printer: bool, lang: Lang) -> Result<i32> {
    let checks = crate::doctor::run(dir, &crate::doctor::Options { printer, lang });
    for c in &checks {
        outln!("{c}");
    }
    let failed = checks.iter().filter(|c| c.level == crate::doctor::Level::Fail).count();
    if failed == 0 {
        outln!("{}", t(lang, M::DoctorPassed, &[]));
        Ok(0)
    } else {
        outln!("{}", t(lang, M::DoctorFailed, &[&failed]));
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

/// Run the hall's call display on a home.
pub fn display(dir: &Path) -> Result<i32> {
    station::display(&Station::open(dir, None, Clock::system())?)
}

/// Run the front desk on a home.
pub fn desk(dir: &Path, counter: u32) -> Result<i32> {
    station::desk(&Station::open(dir, None, Clock::system())?, counter)
}

pub fn demo(dir: &Path, lang: Lang) -> Result<i32> {
    let hint = crate::demo::prepare(dir, now())?;
    outln!("{}", t(lang, M::DemoHome, &[&dir.display()]));
    outln!("{}", t(lang, M::DemoTry, &[&hint.0, &hint.1]));
    outln!("{}", t(lang, M::DemoDesk, &[]));
    outln!("{}", t(lang, M::DemoSpool, &[&dir.display()]));
    if !std::io::stdout().is_terminal() {
        // No terminal (CI, a pipe): show the product working by printing one slip headless.
        let st = Station::open(dir, None, Clock::system())?;
        let mut live = st.live(OpenCheck::Cheap)?;
        let number = crate::demo::printable_certificate(live.store()?, hint_id(&hint))?;
        if let PrintResult::Printed { serial, preview } = live.print(number, None, &mut |_| {})? {
            outln!("{}", t(lang, M::DemoHeadless, &[&format!("{serial:08}"), &preview]));
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
    let calendar = store.calendar().get()?;
    let report = crate::registry::holder_report(&store, id_number, now().date(), &home.config.reminders, &calendar)?;
    if json {
        outln!("{report}");
    } else {
        out!("{}", crate::registry::holder_text(&report));
    }
    Ok(0)
}

/// `certdesk check`: the full integrity check (`registry::full_check`).
pub fn check(dir: &Path, lang: Lang) -> Result<i32> {
    let home = Home::open(dir)?;
    if let crate::store::Location::Sqlite(p) = home.db_location() {
        if !p.exists() {
            return Err(crate::home::NoDatabase { path: p, home: dir.to_path_buf() }.into());
        }
    }
    // One statement reads every page: the bar can only show that it is working, and for how long.
    let bar = Progress::timer(t(lang, M::CheckProgress, &[]));
    let checked = crate::registry::full_check(&home.db_location());
    drop(bar);
    match checked {
        Ok(c) => {
            let m = if c.postgres { M::CheckPassedPg } else { M::CheckPassedSqlite };
            outln!("{}", t(lang, m, &[&c.database, &c.holders, &c.certificates, &c.schema]));
            Ok(0)
        }
        Err(e) => {
            eprintln!("{}{}", t(lang, M::ErrorPrefix, &[]), crate::cli_strings::error_message(lang, &e));
            Ok(1)
        }
    }
}
