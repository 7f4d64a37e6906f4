//! `certdesk credit add|lift|list` (issue 15; SPEC §2 容缺受理): 失信 marks on an enterprise
//! (credit code) or a person (ID number, kept as its keyed hash and shown masked), entered and
//! lifted by a supervisor named with `--staff` (as `standing set`: whoever runs the command has
//! the home's database in hand), through the desk service, so the same checks and audit entries
//! apply as at the desk. Messages in the operator's language (`cli_strings`, the `Credit…` lines).

use crate::cli_strings::{t, Lang, M};
use crate::clock::Clock;
use crate::domain::credit::{self, MarkRecord, Subject};
use crate::service::desk::{Desk, DeskError, StaffSession};
use crate::store::Role;
use anyhow::{anyhow, bail, Result};
use chrono::NaiveDate;
use std::path::Path;

macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($t)*)?;
    }};
}

/// Who the mark is on, as typed: exactly one of `--code` and `--person`.
#[derive(Debug, Clone, Default)]
pub struct SubjectArgs {
    /// The enterprise's unified social credit code (`--code`).
    pub code: Option<String>,
    /// The person's ID number (`--person`), kept only as a key and a masked form.
    pub person: Option<String>,
    /// Keep a credit code whose check character fails (real codes in the wild do).
    pub confirm_code: bool,
}

fn subject(a: &SubjectArgs, today: NaiveDate, lang: Lang) -> Result<Subject> {
    let r = match (&a.code, &a.person) {
        (Some(c), None) => credit::subject(c, false, a.confirm_code, today),
        (None, Some(p)) => credit::subject(p, true, false, today),
        _ => bail!("{}", t(lang, M::CreditSubject, &[])),
    };
    r.map_err(|e| anyhow!("{}", t(lang, M::CreditRefused, &[&word(lang, &e)])))
}

fn word(lang: Lang, e: &credit::MarkError) -> String {
    if lang == Lang::En {
        e.to_string()
    } else {
        e.zh()
    }
}

fn date(s: Option<&str>, lang: Lang) -> Result<Option<NaiveDate>> {
    match s {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(Some)
            .map_err(|_| anyhow!("{}", t(lang, M::CreditBadDate, &[&s]))),
    }
}

fn open(dir: &Path) -> Result<Desk> {
    Ok(Desk::open(&crate::settings::Settings::resolve(dir, None, Clock::system())?)?)
}

/// The supervisor named by `--staff`: active, supervisor or admin.
fn supervisor(desk: &Desk, staff: &str, lang: Lang) -> Result<StaffSession> {
    let m = desk
        .store
        .staff()
        .get(staff.trim())?
        .filter(|m| m.active)
        .ok_or_else(|| anyhow!("{}", t(lang, M::CreditStaff, &[&staff])))?;
    if !matches!(m.role, Role::Supervisor | Role::Admin) {
        bail!("{}", t(lang, M::CreditRole, &[&m.staff_id, &m.role.as_str()]));
    }
    Ok(StaffSession { staff_id: m.staff_id, name: m.name, role: m.role })
}

/// A refused write in the operator's words.
fn refused(lang: Lang, e: DeskError) -> anyhow::Error {
    match e {
        DeskError::Mark(m) => anyhow!("{}", t(lang, M::CreditRefused, &[&word(lang, &m)])),
        DeskError::NoMark(id) => anyhow!("{}", t(lang, M::CreditNoMark, &[&id])),
        other => anyhow::Error::new(other),
    }
}

fn grade(lang: Lang, serious: bool) -> String {
    t(lang, if serious { M::CreditSerious } else { M::CreditGeneral }, &[])
}

/// `certdesk credit add`.
#[allow(clippy::too_many_arguments)]
pub fn add(
    dir: &Path,
    who: &SubjectArgs,
    serious: bool,
    since: Option<&str>,
    source: &str,
    note: &str,
    staff: &str,
    lang: Lang,
) -> Result<i32> {
    let desk = open(dir)?;
    let sup = supervisor(&desk, staff, lang)?;
    let today = desk.today();
    let subject = subject(who, today, lang)?;
    let since = date(since, lang)?;
    let id = desk.enter_credit_mark(&sup, &subject, serious, since, source, note).map_err(|e| refused(lang, e))?;
    let since = since.unwrap_or(today);
    outln!("{}", t(lang, M::CreditAdded, &[&id, &subject.shown(), &grade(lang, serious), &since, &source.trim()]));
    Ok(0)
}

/// `certdesk credit lift`.
pub fn lift(dir: &Path, mark: i64, on: Option<&str>, reason: &str, staff: &str, lang: Lang) -> Result<i32> {
    let desk = open(dir)?;
    let sup = supervisor(&desk, staff, lang)?;
    let on = date(on, lang)?;
    desk.lift_credit_mark(&sup, mark, on, reason).map_err(|e| refused(lang, e))?;
    outln!("{}", t(lang, M::CreditLifted, &[&mark, &on.unwrap_or(desk.today())]));
    Ok(0)
}

fn line(lang: Lang, m: &MarkRecord) -> String {
    t(lang, M::CreditLine, &[&m.id, &m.shown, &grade(lang, m.serious), &m.since, &m.source, &m.entered_by])
}

/// `certdesk credit list`: marks in force (all with `--all`), newest first; people masked.
pub fn list(dir: &Path, who: &SubjectArgs, all: bool, lang: Lang) -> Result<i32> {
    let desk = open(dir)?;
    let subject = match (&who.code, &who.person) {
        (None, None) => None,
        _ => Some(subject(who, desk.today(), lang)?),
    };
    let marks = desk.credit_marks(subject.as_ref(), all)?;
    if marks.is_empty() {
        outln!("{}", t(lang, M::CreditNone, &[]));
    }
    for m in &marks {
        outln!("{}", line(lang, m));
        if let Some(l) = &m.lifted {
            outln!("{}", t(lang, M::CreditLiftedLine, &[&l.on, &l.by, &l.reason]));
        }
    }
    Ok(0)
}
