//! `certdesk case …`: the case file (案卷) and its A4 documents (SPEC §8, issue 16).
//!
//! `case show` prints the case, its stages (the case's steps), documents and tasks, as text or
//! JSON; `case issue` numbers, renders and stores one document and prints it on the A4 target;
//! `case export` writes the cover with 卷内目录, every document as issued and the audit extract;
//! `case reprint` sends a stuck A4 job again.

use crate::cli_strings::{t, Lang, M};
use crate::home::Home;
use anyhow::{anyhow, Result};
use certdesk_core::paper::Paper;
use certdesk_paper::DocKind;
use clap::Subcommand;
use std::path::{Path, PathBuf};

macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($t)*)?;
    }};
}

#[derive(Subcommand)]
pub enum CaseCmd {
    /// The case, its stages, documents and tasks. Example: certdesk case show YJ202612060001 --json
    Show {
        number: String,
        #[arg(long)]
        json: bool,
    },
    /// Issue an A4 document for the case (numbered, stored, audited) and print it on the A4
    /// printer ([paper] target). KIND: notice, acceptance, refusal, rongque_pledge, pledge,
    /// extension, special, denial, service, visit.
    ///
    /// Example: certdesk case issue YJ202612060001 acceptance --staff 0001
    Issue {
        number: String,
        kind: String,
        #[arg(long)]
        staff: String,
        /// Another A4 target for this print (cups:QUEUE or file:DIR).
        #[arg(long)]
        target: Option<String>,
        /// Store the document without printing it.
        #[arg(long)]
        no_print: bool,
    },
    /// Write the case file into DIR: cover with 卷内目录, every document as issued, audit extract.
    ///
    /// Example: certdesk case export YJ202612060001 /media/usb/案卷
    Export { number: String, dir: PathBuf },
    /// Send a stuck A4 job (A0000012, or 12) again from the document's stored bytes. Audited.
    Reprint {
        job: String,
        #[arg(long)]
        target: Option<String>,
    },
}

fn now() -> chrono::NaiveDateTime {
    crate::clock::now()
}

pub fn run(dir: &Path, cmd: CaseCmd, lang: Lang) -> Result<i32> {
    match cmd {
        CaseCmd::Show { number, json } => show(dir, &number, json, lang),
        CaseCmd::Issue { number, kind, staff, target, no_print } => {
            issue(dir, &number, &kind, &staff, target.as_deref(), no_print, lang)
        }
        CaseCmd::Export { number, dir: out } => export(dir, &number, &out, lang),
        CaseCmd::Reprint { job, target } => reprint(dir, &job, target.as_deref(), lang),
    }
}

/// The case as the desk would show it now (第三十二条's deemed acceptance applied first:
/// `cli_deemed`).
fn find_case(
    home: &Home,
    store: &crate::store::Store,
    number: &str,
    lang: Lang,
) -> Result<crate::domain::records::CaseRecord> {
    let c = store.cases().by_number(number.trim())?.ok_or_else(|| anyhow!("{}", t(lang, M::CaseNone, &[&number])))?;
    crate::cli_deemed::case_now(home, store, c)
}

pub fn show(dir: &Path, number: &str, json: bool, lang: Lang) -> Result<i32> {
    let home = Home::open(dir)?;
    let store = home.store_for_reading()?;
    let c = find_case(&home, &store, number, lang)?;
    let events = store.cases().events(c.id)?;
    let docs = store.documents().of_case(c.id)?;
    let far = chrono::NaiveDate::from_ymd_opt(2999, 12, 31).unwrap_or_default();
    let mut tasks = store.ratings().followups_due(far)?;
    tasks.extend(store.ratings().callbacks_due(far)?);
    tasks.retain(|t| t.case_id == Some(c.id));
    let matters = home.matters()?;
    let matter = matters.get(&c.matter).map(|m| m.name.clone()).unwrap_or_else(|| c.matter.clone());
    let d = |x: Option<chrono::NaiveDate>| x.map(|d| d.to_string());
    if json {
        let v = serde_json::json!({
            "case": {
                "number": c.number, "matter": c.matter, "matter_name": matter, "state": c.state.code(),
                "visitor": c.visitor.name, "masked_id": c.visitor.masked_id, "enterprise": c.visitor.enterprise,
                "owner": c.owner, "opened_at": c.opened_at.to_string(), "accepted_on": d(c.accepted_on),
                "due_on": d(c.due_on), "statutory_due_on": d(c.statutory_due_on), "pledge_due": d(c.pledge_due),
                "closed_on": d(c.closed_on), "refused_reason": c.refused_reason,
                "provisional": c.provisional.due || c.provisional.statutory,
            },
            "stages": events.iter().map(|e| serde_json::json!({
                "at": e.at.to_string(), "actor": e.actor, "action": e.action, "detail": e.detail,
            })).collect::<Vec<_>>(),
            "documents": docs,
            "tasks": tasks.iter().map(|t| serde_json::json!({
                "id": t.id, "due": t.due.to_string(), "kind": if t.rating.is_some() { "followup" } else { "callback" },
                "provisional": t.provisional,
            })).collect::<Vec<_>>(),
        });
        outln!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(0);
    }
    outln!("{}", t(lang, M::CaseHeader, &[&c.number, &if lang == Lang::En { c.state.code() } else { c.state.zh() }]));
    outln!("{}", t(lang, M::CaseMatter, &[&matter]));
    let applicant =
        format!("{}{}", c.visitor.name, c.visitor.enterprise.as_deref().map(|e| format!(" ({e})")).unwrap_or_default());
    outln!("{}", t(lang, M::CaseApplicant, &[&applicant]));
    outln!("{}", t(lang, M::CaseOpened, &[&c.opened_at.format("%Y-%m-%d %H:%M")]));
    for (m, v) in [
        (M::CaseAccepted, c.accepted_on),
        (M::CaseCommitted, c.due_on),
        (M::CaseStatutory, c.statutory_due_on),
        (M::CasePledgeDue, c.pledge_due),
        (M::CaseClosed, c.closed_on),
    ] {
        if let Some(v) = v {
            outln!("{}", t(lang, m, &[&v]));
        }
    }
    outln!();
    outln!("{}", t(lang, M::CaseSteps, &[&events.len()]));
    for e in &events {
        outln!("  {}  {:<6} {}", e.at.format("%Y-%m-%d %H:%M"), e.actor, e.action);
    }
    outln!();
    outln!("{}", t(lang, M::CaseDocuments, &[&docs.len()]));
    for doc in &docs {
        outln!("{}", t(lang, M::CaseDocLine, &[&doc.issued_on, &doc.number, &doc.title, &doc.pages]));
    }
    outln!();
    outln!("{}", t(lang, M::CaseTasks, &[&tasks.len()]));
    for task in &tasks {
        let what = t(lang, if task.rating.is_some() { M::CaseFollowUp } else { M::CaseCallback }, &[]);
        let mark = if task.provisional { t(lang, M::CaseProvisional, &[]) } else { String::new() };
        outln!("  {}  {}{}", task.due, what, mark);
    }
    Ok(0)
}

pub fn issue(
    dir: &Path,
    number: &str,
    kind: &str,
    staff: &str,
    target: Option<&str>,
    no_print: bool,
    lang: Lang,
) -> Result<i32> {
    let home = Home::open(dir)?;
    let store = home.store()?;
    let kind = DocKind::parse(kind.trim()).ok_or_else(|| {
        let known: Vec<&str> = DocKind::ALL.iter().map(|k| k.key()).collect();
        anyhow!("{}", t(lang, M::CaseKindUnknown, &[&kind, &known.join(", ")]))
    })?;
    let member = store.staff().get(staff.trim())?.ok_or_else(|| anyhow!("{}", t(lang, M::CaseNoStaff, &[&staff])))?;
    let c = find_case(&home, &store, number, lang)?;
    let matters = home.matters()?;
    let paper = Paper::open(&store, &home.config, &matters, &home.dir)?;
    let tgt = paper.target(target)?;
    let doc = paper.issue(&c, kind, &member.staff_id, &member.name, now())?;
    outln!("{}", t(lang, M::CaseIssued, &[&doc.title, &doc.number, &doc.pages]));
    if no_print {
        return Ok(0);
    }
    let p = paper.print(doc.id, &tgt, &format!("{}-desk", home.config.kiosk.id), &member.staff_id, now)?;
    let job = format!("A{:07}", p.job);
    match p.error {
        None => {
            outln!("{}", t(lang, M::CasePrinted, &[&job, &tgt]));
            Ok(0)
        }
        Some(e) => {
            eprintln!("{}", t(lang, M::CasePrintFailed, &[&job, &e]));
            Ok(1)
        }
    }
}

pub fn export(dir: &Path, number: &str, out: &Path, lang: Lang) -> Result<i32> {
    let home = Home::open(dir)?;
    let store = home.store_for_reading()?;
    let c = find_case(&home, &store, number, lang)?;
    let matters = home.matters()?;
    let paper = Paper::open(&store, &home.config, &matters, &home.dir)?;
    let files = paper.export(&c, out, now())?;
    for f in &files {
        outln!("{}", f.display());
    }
    outln!("{}", t(lang, M::CaseExported, &[&files.len()]));
    Ok(0)
}

/// `A0000012` or `12`.
pub fn parse_job(s: &str) -> Option<u64> {
    let t = s.trim();
    let digits = t.strip_prefix('A').or_else(|| t.strip_prefix('a')).unwrap_or(t);
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())).then(|| digits.parse().ok()).flatten()
}

pub fn reprint(dir: &Path, job: &str, target: Option<&str>, lang: Lang) -> Result<i32> {
    let id = parse_job(job).ok_or_else(|| anyhow!("{}", t(lang, M::CaseNotJob, &[&job])))?;
    let home = Home::open(dir)?;
    let store = home.store()?;
    let matters = home.matters()?;
    let paper = Paper::open(&store, &home.config, &matters, &home.dir)?;
    let tgt = paper.target(target)?;
    let p = paper.reprint(id, &tgt, "admin", now)?;
    match p.error {
        None => {
            outln!("{}", t(lang, M::CaseReprinted, &[&format!("A{id:07}")]));
            Ok(0)
        }
        Some(e) => {
            eprintln!("{}", t(lang, M::CaseStillFailed, &[&format!("A{id:07}"), &e]));
            Ok(1)
        }
    }
}

/// The A4 jobs that did not print, for `certdesk jobs list`.
pub fn paper_jobs_list(store: &crate::store::Store, lang: Lang) -> Result<()> {
    let jobs = store.documents().unfinished_a4_jobs()?;
    if jobs.is_empty() {
        outln!("{}", t(lang, M::CaseNoPaperJobs, &[]));
        return Ok(());
    }
    outln!("{}", t(lang, M::CasePaperJobs, &[]));
    for j in &jobs {
        outln!(
            "A{:07}  {:<8} {}  {:<15} {}  {}  {}",
            j.id,
            j.state,
            j.created_at,
            j.case_number,
            j.number,
            j.target,
            j.error.clone().unwrap_or_default()
        );
    }
    Ok(())
}
