//! `certdesk report KIND` (issue 9 item 6) and `certdesk standing set` (issue 9 item 3: a
//! standing changes without a roster import). `main.rs` only dispatches here.

use crate::cli_strings::{t, Lang, M};
use crate::domain::matters::Matters;
use crate::home::Home;
use crate::report::export::lists::{write_list_csv, write_list_xlsx, List};
use crate::report::{export, Kind, Period};
use anyhow::{anyhow, bail, Context, Result};
use std::path::{Path, PathBuf};

macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($t)*)?;
    }};
}

fn now_local() -> chrono::NaiveDateTime {
    crate::clock::now()
}

/// The home's matters catalogue (`Home::matters`).
pub fn matters(home: &Home) -> Result<Matters> {
    home.matters()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Xlsx,
}

fn format_of(out: &Path, lang: Lang) -> Result<Format> {
    match out.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).as_deref() {
        Some("csv") => Ok(Format::Csv),
        Some("xlsx") => Ok(Format::Xlsx),
        _ => bail!("{}", t(lang, M::ReportOutExt, &[&out.display()])),
    }
}

/// `certdesk report KIND [--from D] [--to D] [--out FILE]`: the report as CSV on stdout, or
/// written to FILE (.csv or .xlsx; written beside and renamed, so a failed run leaves no half
/// file). Every bad word is refused before the database is opened.
pub fn report(
    dir: &Path,
    kind: &str,
    from: Option<&str>,
    to: Option<&str>,
    out: Option<PathBuf>,
    lang: Lang,
) -> Result<i32> {
    let today = crate::clock::today();
    if let Some(list) = List::kind_of(kind) {
        let period = Period::parse(from, to, today)?;
        return report_list(dir, list, period, out, lang);
    }
    let kind = Kind::parse(kind)?;
    let period = Period::parse(from, to, today)?;
    let format = out.as_deref().map(|o| format_of(o, lang)).transpose()?;
    let home = Home::open(dir)?;
    let matters = matters(&home)?;
    let store = home.store()?;
    // The home's calendar: built-in years and those entered with `certdesk calendar add`.
    let calendar = store.calendar().get()?;
    // Cases a deemed-acceptance rule (第三十二条) accepts today are accepted before they are
    // counted, as the desk does before a list.
    crate::cli_deemed::sweep(&home, &store)?;
    let report = store.report(kind, period, today, &calendar)?;
    match (&out, format) {
        (Some(path), Some(f)) => {
            let mut tmp = path.as_os_str().to_os_string();
            tmp.push(format!(".tmp-{}", std::process::id()));
            let tmp = PathBuf::from(tmp);
            let res = (|| -> Result<()> {
                match f {
                    Format::Csv => {
                        let file =
                            std::fs::File::create(&tmp).with_context(|| format!("creating {}", path.display()))?;
                        let mut w = std::io::BufWriter::new(file);
                        export::write_csv(&report, &matters, &mut w)?;
                        let file = w.into_inner().map_err(|e| anyhow!("writing {}: {}", path.display(), e.error()))?;
                        file.sync_all().with_context(|| format!("writing {}", path.display()))?;
                    }
                    Format::Xlsx => export::write_xlsx(&report, &matters, &tmp)
                        .with_context(|| format!("writing {}", path.display()))?,
                }
                std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
                Ok(())
            })();
            if res.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            res?;
        }
        _ => {
            let mut w = std::io::stdout().lock();
            export::write_csv(&report, &matters, &mut w)?;
        }
    }
    // Reports carry names (staff, visitors): who took one out is kept.
    store.audit().append(
        "admin",
        "report.export",
        serde_json::json!({ "kind": kind.code(), "from": period.from.to_string(), "to": period.to.to_string(),
            "out": out.as_ref().map(|p| p.display().to_string()) }),
        now_local(),
    )?;
    if let Some(p) = &out {
        let what = match &report {
            crate::report::Report::Ratings(r) => t(lang, M::ReportRatings, &[&r.total.total(), &r.total.bad()]),
            crate::report::Report::Daily(r) => t(lang, M::ReportDays, &[&r.days.len()]),
            crate::report::Report::Overdue(r) => t(lang, M::ReportOverdue, &[&r.rows.len()]),
        };
        outln!("{}", t(lang, M::ReportWritten, &[&kind.title_zh(), &period.from, &period.to, &what, &p.display()]));
        if let crate::report::Report::Ratings(r) = &report {
            // 淄博 2020 措施 11, 围场 2023 措施 16: each against its 100% target.
            let l = &r.loops;
            let (a, b, c, d) = (l.callbacks.text(), l.remedies.text(), l.followups.text(), l.asked.text());
            outln!("{}", t(lang, M::ReportLoops, &[&a, &b, &c, &d]));
            let [e0, e1, e2] = l.enquiries;
            outln!("{}", t(lang, M::ReportEnquiries, &[&e0, &e1, &e2]));
        }
    }
    Ok(0)
}

/// `certdesk report overrides|enquiries [--from D] [--to D] [--out FILE]`: one list of the
/// period (the 容缺 stops a supervisor let through; the enquiries and referrals logged), as CSV
/// on stdout or written to FILE like the reports. Audited like them (the lists carry names).
fn report_list(dir: &Path, list: &str, period: Period, out: Option<PathBuf>, lang: Lang) -> Result<i32> {
    let format = out.as_deref().map(|o| format_of(o, lang)).transpose()?;
    let home = Home::open(dir)?;
    let matters = matters(&home)?;
    let store = home.store()?;
    let l = match list {
        "overrides" => List::Overrides(period, store.override_lines(period)?),
        _ => List::Enquiries(period, store.enquiry_lines(period)?),
    };
    match (&out, format) {
        (Some(path), Some(f)) => {
            let mut tmp = path.as_os_str().to_os_string();
            tmp.push(format!(".tmp-{}", std::process::id()));
            let tmp = PathBuf::from(tmp);
            let res = (|| -> Result<()> {
                match f {
                    Format::Csv => {
                        let mut buf = Vec::new();
                        write_list_csv(&l, &matters, &mut buf)?;
                        std::fs::write(&tmp, buf).with_context(|| format!("writing {}", path.display()))?;
                    }
                    Format::Xlsx => write_list_xlsx(&l, &matters, &tmp)?,
                }
                std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
                Ok(())
            })();
            if res.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            res?;
            let what = t(lang, M::ReportListLines, &[&l.len()]);
            outln!("{}", t(lang, M::ReportWritten, &[&l.title_zh(), &period.from, &period.to, &what, &path.display()]));
        }
        _ => write_list_csv(&l, &matters, &mut std::io::stdout().lock())?,
    }
    store.audit().append(
        "admin",
        "report.export",
        serde_json::json!({ "kind": list, "from": period.from.to_string(), "to": period.to.to_string(),
            "out": out.as_ref().map(|p| p.display().to_string()) }),
        now_local(),
    )?;
    Ok(0)
}

/// `certdesk standing set NUMBER [--item ITEM] STANDING --reason TEXT --staff ID`: a bureau
/// decision on one certificate (暂停, 撤销 art. 30, 注销 art. 31, or 有效 again after a
/// suspension), signed into the audit log; the home's own revocation list is reissued so the
/// bureau's `verify` agrees at once, and `certdesk revocations export FILE` carries it to the
/// stations and the phone page.
#[allow(clippy::too_many_arguments)]
pub fn standing_set(
    dir: &Path,
    number: &str,
    item: Option<&str>,
    standing: &str,
    reason: &str,
    staff: &str,
    pin_stdin: bool,
    lang: Lang,
) -> Result<i32> {
    use crate::domain::standing::{check_change, clean_reason, parse_word};
    use crate::store::StandingChange;
    let to = parse_word(standing).ok_or_else(|| anyhow!("{}", t(lang, M::StandingUnknown, &[&standing])))?;
    let reason = clean_reason(reason)?;
    let home = Home::open(dir)?;
    let store = home.store()?;
    let who = store
        .staff()
        .get(staff.trim())?
        .filter(|s| s.active)
        .ok_or_else(|| anyhow!("{}", t(lang, M::StandingStaff, &[&staff])))?;
    if !matches!(who.role, crate::store::Role::Supervisor | crate::store::Role::Admin) {
        bail!("{}", t(lang, M::StandingRole, &[&who.staff_id, &who.role.as_str()]));
    }

    let id = crate::registry::pick_certificate(&store, number, item)?;
    let cert = store.holders().certificate(id)?.ok_or_else(|| anyhow!("the certificate vanished"))?;
    check_change(cert.standing, to)?;
    // The decision is theirs only once they prove it with their PIN (issue 17 §9), asked for
    // after every other check so a refused command asks for nothing and writes nothing.
    // The same standing again does nothing and asks for nothing.
    let who = if cert.standing == to {
        who
    } else {
        crate::cli_actor::verified(&home, &store, &who.staff_id, pin_stdin, "standing set", lang)?
    };
    let label = format!(
        "{} {}{}",
        cert.kind.title_zh(),
        cert.masked_number(),
        cert.item.as_deref().map(|i| format!(" {i}")).unwrap_or_default()
    );
    let word = |s: crate::domain::Standing| if lang == Lang::En { s.en() } else { s.zh() };
    match store.holders().decide_standing(id, to, &reason, &who.staff_id, now_local())? {
        StandingChange::Unchanged(s) => {
            outln!("{}", t(lang, M::StandingUnchanged, &[&label, &word(s)]));
            return Ok(0);
        }
        StandingChange::Changed { from, to } => {
            outln!("{}", t(lang, M::StandingChanged, &[&label, &word(from), &word(to)]));
        }
    }
    drop(store);
    // The bureau's own list follows the registry now; stations get it by `revocations export`.
    if let Err(e) = crate::cli_verifier::revocations_export(dir, &home.revocations_path(), lang) {
        eprintln!("{}", t(lang, M::StandingListWarn, &[&crate::cli_strings::error_line(&e)]));
    }
    Ok(0)
}
