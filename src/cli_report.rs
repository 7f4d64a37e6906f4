//! `certdesk report KIND` (issue 9 item 6) and `certdesk standing set` (issue 9 item 3: a
//! standing changes without a roster import). `main.rs` only dispatches here.

use crate::domain::matters::Matters;
use crate::domain::workdays::Calendar;
use crate::home::Home;
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
    chrono::Local::now().naive_local()
}

/// A data file of the home (`matters.toml`, `calendar.toml`), else the built-in copy; a bad
/// file is an error, never a silent fallback (as the desk reads them).
fn data_file<T>(home: &Home, name: &str, parse: impl Fn(&str) -> Result<T, String>, builtin: fn() -> T) -> Result<T> {
    let p = home.dir.join(name);
    match std::fs::read_to_string(&p) {
        Ok(text) => parse(&text).map_err(|e| anyhow!("{}: {e}", p.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(builtin()),
        Err(e) => Err(anyhow!("{}: {e}", p.display())),
    }
}

pub fn matters(home: &Home) -> Result<Matters> {
    data_file(home, "matters.toml", Matters::parse, Matters::builtin)
}

pub fn calendar(home: &Home) -> Result<Calendar> {
    data_file(home, "calendar.toml", Calendar::parse, Calendar::builtin)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Xlsx,
}

fn format_of(out: &Path) -> Result<Format> {
    match out.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).as_deref() {
        Some("csv") => Ok(Format::Csv),
        Some("xlsx") => Ok(Format::Xlsx),
        _ => bail!("--out {}: the file name must end in .csv or .xlsx", out.display()),
    }
}

/// `certdesk report KIND [--from D] [--to D] [--out FILE]`: the report as CSV on stdout, or
/// written to FILE (.csv or .xlsx; written beside and renamed, so a failed run leaves no half
/// file). Every bad word is refused before the database is opened.
pub fn report(dir: &Path, kind: &str, from: Option<&str>, to: Option<&str>, out: Option<PathBuf>) -> Result<i32> {
    let today = chrono::Local::now().date_naive();
    let kind = Kind::parse(kind)?;
    let period = Period::parse(from, to, today)?;
    let format = out.as_deref().map(format_of).transpose()?;
    let home = Home::open(dir)?;
    let matters = matters(&home)?;
    let calendar = calendar(&home)?;
    let store = home.store()?;
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
    store.audit(
        "admin",
        "report.export",
        serde_json::json!({ "kind": kind.code(), "from": period.from.to_string(), "to": period.to.to_string(),
            "out": out.as_ref().map(|p| p.display().to_string()) }),
        now_local(),
    )?;
    if let Some(p) = &out {
        let what = match &report {
            crate::report::Report::Ratings(r) => format!("{} ratings, {} bad", r.total.total(), r.total.bad()),
            crate::report::Report::Daily(r) => format!("{} days", r.days.len()),
            crate::report::Report::Overdue(r) => format!("{} overdue cases", r.rows.len()),
        };
        outln!("{} {} to {} ({what}) written to {}", kind.title_zh(), period.from, period.to, p.display());
    }
    Ok(0)
}
