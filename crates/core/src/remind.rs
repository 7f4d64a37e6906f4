//! Reminder lists (issue 9 item 5): certificates whose review or expiry falls within N days,
//! grouped by employer (enterprise + credit code) with the holders' phones, written as CSV and
//! XLSX for the bureau, and as an SMS-ready file (phone, Chinese message) for its SMS platform.
//!
//! Privacy: the lists carry names, phones, employers and the *masked* certificate number; never
//! a raw ID number.

use crate::domain::matters::Matters;
use crate::domain::reminder::{due_within, sms_text, Due};
use crate::domain::Certificate;
use crate::store::Store;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;

pub use crate::domain::records::NO_EMPLOYER;
/// Which files `certdesk remind` writes (`--format csv,sms,xlsx`). The default is CSV and SMS:
/// the lists the bureau sends out; the XLSX (grouped by employer, with a count sheet) costs
/// three times the rest at a million holders and is written when asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// Write reminders.csv.
    pub csv: bool,
    /// Write sms.csv.
    pub sms: bool,
    /// Write reminders.xlsx.
    pub xlsx: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats { csv: true, sms: true, xlsx: false }
    }
}

/// Why a `--format` value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// Nothing named (`--format ""`, `--format ,`).
    Empty,
    /// A name that is not csv, sms, xlsx or all (as written).
    Unknown(String),
}

impl Formats {
    /// `csv,sms,xlsx` in any order and case, or `all`; spaces around names are ignored.
    pub fn parse(s: &str) -> Result<Formats, FormatError> {
        let mut f = Formats { csv: false, sms: false, xlsx: false };
        let mut any = false;
        for name in s.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name.to_ascii_lowercase().as_str() {
                "csv" => f.csv = true,
                "sms" => f.sms = true,
                "xlsx" => f.xlsx = true,
                "all" => f = Formats { csv: true, sms: true, xlsx: true },
                _ => return Err(FormatError::Unknown(name.chars().take(40).collect())),
            }
            any = true;
        }
        if any {
            Ok(f)
        } else {
            Err(FormatError::Empty)
        }
    }

    /// The file names this selection writes, in the order they are written.
    pub fn files(&self) -> Vec<&'static str> {
        let mut v = vec![];
        if self.csv {
            v.push("reminders.csv");
        }
        if self.sms {
            v.push("sms.csv");
        }
        if self.xlsx {
            v.push("reminders.xlsx");
        }
        v
    }
}

/// What [`write_files`] wrote: the SMS file's (messages, holders without a usable mobile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Written {
    /// SMS messages written and holders without a usable mobile; `None` when no SMS file was asked for.
    pub sms: Option<(usize, usize)>,
}

/// Who the SMS messages are from (config `bureau`).
pub struct Sender<'a> {
    /// The bureau's name, signing each message.
    pub bureau: &'a str,
    /// The phone number to call back.
    pub phone: &'a str,
    /// The matters, for the review and renewal matters' names.
    pub matters: &'a Matters,
    /// The home's working-day calendar: the messages' deadlines name the last working day.
    pub calendar: &'a crate::domain::workdays::Calendar,
}

/// The files of `formats` for `list` in `out`, each on its own thread: the writers only read
/// the list, and on two cores the CSV and the SMS file together take the time of the longer.
pub fn write_files(
    list: &[Reminder],
    formats: Formats,
    out: &Path,
    from: &Sender<'_>,
    today: NaiveDate,
    days: i64,
) -> Result<Written> {
    std::thread::scope(|scope| {
        let csv = formats.csv.then(|| scope.spawn(|| write_csv(list, &out.join("reminders.csv"))));
        let xlsx = formats.xlsx.then(|| scope.spawn(|| write_xlsx(list, &out.join("reminders.xlsx"), today, days)));
        let sms = if formats.sms {
            Some(write_sms(list, from.bureau, from.phone, from.matters, from.calendar, &out.join("sms.csv"))?)
        } else {
            None
        };
        for h in [csv, xlsx].into_iter().flatten() {
            h.join().map_err(|_| anyhow::anyhow!("a reminder file writer panicked"))??;
        }
        Ok(Written { sms })
    })
}

/// From this many candidates on, [`build`] reads with two connections at once.
const PARALLEL_FROM: usize = 20_000;

/// One certificate due for review, renewal or extension, with whom to tell.
#[derive(Debug, Clone)]
pub struct Reminder {
    /// The holder's employer (`NO_EMPLOYER`'s words when none is registered).
    pub employer: String,
    /// The employer's credit code ('' when none is registered).
    pub employer_code: String,
    /// The holder's mobile, for the SMS list.
    pub mobile: Option<String>,
    /// The certificate.
    pub cert: Certificate,
    /// What is due and when.
    pub due: Due,
}

/// Everything due within `days` days of `today`, sorted by employer, credit code, due date,
/// holder name: the order of the lists.
///
/// The domain rule decides, certificate by certificate: the store only hands it the candidates
/// its date indexes find (`Holders::reminder_certificates`), and the rule's verdict is kept as it
/// is. The holders of the due certificates are then looked up once each, in the order of their
/// ID numbers (which walks the holders' index in order).
pub fn build(store: &Store, today: NaiveDate, days: i64) -> Result<Vec<Reminder>> {
    build_split(store, today, days, PARALLEL_FROM)
}

/// [`build`], reading with two connections from `parallel_from` candidates on.
fn build_split(store: &Store, today: NaiveDate, days: i64, parallel_from: usize) -> Result<Vec<Reminder>> {
    if days < 0 {
        return Ok(vec![]);
    }
    let to = today + chrono::Duration::days(days);
    let ids = store.holders().reminder_candidate_ids(today, to)?;
    let rule = |c: Certificate| due_within(&c, today, days).map(|d| (c, d));
    // Big lists are fetched in two halves at once, the second on its own connection and
    // thread; the halves are ascending id ranges, so the rows come in the same order either way.
    let mut second = if ids.len() >= parallel_from { store.second_reader() } else { None };
    let due: Vec<(Certificate, Due)> = match second.take() {
        Some(other) => {
            let (a, b) = ids.split_at(ids.len() / 2);
            let (first, (other, rest)) = std::thread::scope(|s| {
                let h = s.spawn(move || {
                    let rest = other.holders().reminder_rows(b, rule);
                    (other, rest)
                });
                (store.holders().reminder_rows(a, rule), h.join().expect("the reminder reader thread does not panic"))
            });
            let mut due = first?;
            due.extend(rest?);
            second = Some(other);
            due
        }
        None => store.holders().reminder_rows(&ids, rule)?,
    };
    drop(ids);

    let mut by_holder: Vec<(u128, u32)> =
        due.iter().enumerate().map(|(i, (c, _))| (prefix(&c.holder_id), i as u32)).collect();
    by_holder.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| due[a.1 as usize].0.holder_id.cmp(&due[b.1 as usize].0.holder_id))
    });
    let mut holder_of = vec![0u32; due.len()];
    let mut ids: Vec<&str> = Vec::with_capacity(due.len());
    for &(_, i) in &by_holder {
        let id = due[i as usize].0.holder_id.as_str();
        if ids.last() != Some(&id) {
            ids.push(id);
        }
        holder_of[i as usize] = (ids.len() - 1) as u32;
    }
    let clean = |s: Option<String>| {
        s.map(|s| if s.trim().len() == s.len() { s } else { s.trim().to_string() }).filter(|s| !s.is_empty())
    };
    let found = match second {
        Some(other) => {
            let (a, b) = ids.split_at(ids.len() / 2);
            let (first, rest) = std::thread::scope(|s| {
                let h = s.spawn(move || other.holders().contacts(b));
                (store.holders().contacts(a), h.join().expect("the reminder reader thread does not panic"))
            });
            let mut found = first?;
            found.extend(rest?);
            found
        }
        None => store.holders().contacts(&ids)?,
    };
    let contacts: Vec<(String, String, Option<String>)> = found
        .into_iter()
        .map(|c| {
            let c = c.unwrap_or_default();
            (
                clean(c.employer).unwrap_or_else(|| NO_EMPLOYER.to_string()),
                clean(c.employer_code).unwrap_or_default(),
                clean(c.mobile),
            )
        })
        .collect();
    drop(by_holder);
    let list = due
        .into_iter()
        .zip(holder_of)
        .map(|((cert, due), h)| {
            let (employer, code, mobile) = &contacts[h as usize];
            Reminder { employer: employer.clone(), employer_code: code.clone(), mobile: mobile.clone(), cert, due }
        })
        .collect();
    Ok(sorted(list))
}

/// The first 16 bytes of `s` as a big-endian integer: integer order is the strings' byte order
/// as far as those bytes go, and a sort that compares these first touches the strings only on
/// a tie.
fn prefix(s: &str) -> u128 {
    let mut b = [0u8; 16];
    let n = s.len().min(16);
    b[..n].copy_from_slice(&s.as_bytes()[..n]);
    u128::from_be_bytes(b)
}

/// `list` in the order of the lists: employer, credit code, due date, holder name, row id (unique,
/// so the order is total and the same on every run).
///
/// A reminder is a few hundred bytes, so the sort orders small keys instead (the employer's
/// [`prefix`] beside the reminder's index, the whole key compared only on a tie), and each
/// reminder is then moved once.
fn sorted(list: Vec<Reminder>) -> Vec<Reminder> {
    fn key(r: &Reminder) -> (&str, &str, NaiveDate, &str, crate::store::CertId) {
        (r.employer.as_str(), r.employer_code.as_str(), r.due.date, r.cert.name.as_str(), r.cert.id)
    }
    let mut order: Vec<(u128, u32)> = list.iter().enumerate().map(|(i, r)| (prefix(&r.employer), i as u32)).collect();
    order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| key(&list[a.1 as usize]).cmp(&key(&list[b.1 as usize]))));
    let mut slots: Vec<Option<Reminder>> = list.into_iter().map(Some).collect();
    order.into_iter().map(|(_, i)| slots[i as usize].take().expect("each index once")).collect()
}

/// A mobile number an SMS platform takes: 11 digits starting with 1 (separators dropped).
pub fn sms_number(m: &str) -> Option<String> {
    let digits: String = m.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.strip_prefix("86").filter(|d| d.len() == 11).map(str::to_string).unwrap_or(digits);
    (digits.len() == 11 && digits.starts_with('1')).then_some(digits)
}

const HEADER: [&str; 11] = [
    "单位名称",
    "统一社会信用代码",
    "姓名",
    "手机号码",
    "证件种类",
    "证号（脱敏）",
    "作业类别/操作项目或行业类别",
    "事项",
    "截止日期",
    "剩余天数",
    "申请日期",
];

fn row(r: &Reminder) -> [String; 11] {
    let apply = match r.due.kind {
        crate::domain::reminder::DueKind::Extend => format!("{} 前", r.due.apply),
        _ => format!("{} 起", r.due.apply),
    };
    [
        r.employer.clone(),
        r.employer_code.clone(),
        r.cert.name.clone(),
        r.mobile.clone().unwrap_or_default(),
        r.cert.kind.title_zh().to_string(),
        r.cert.masked_number(),
        r.cert.scope_zh(),
        r.due.what_zh().to_string(),
        r.due.date.to_string(),
        r.due.days.to_string(),
        apply,
    ]
}

/// CSV, UTF-8 with a byte-order mark (so that Excel on a Chinese Windows reads it as UTF-8).
pub fn write_csv(list: &[Reminder], path: &Path) -> Result<()> {
    use crate::domain::spreadsheet::safe_cell;
    let mut f =
        std::io::BufWriter::new(std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?);
    f.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(f);
    w.write_record(HEADER)?;
    // An employer named `=HYPERLINK(…)` in a roster must not run in Excel or WPS.
    for r in list {
        w.write_record(row(r).iter().map(|f| safe_cell(f)))?;
    }
    w.flush()?;
    Ok(())
}

/// XLSX: one sheet, a bold line per employer ("单位 … 共 n 张") above its holders, a header row
/// frozen at the top, and a second sheet with the count per employer.
pub fn write_xlsx(list: &[Reminder], path: &Path, today: NaiveDate, days: i64) -> Result<()> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let group = Format::new().set_bold().set_background_color("#DDEBF7");
    // Constant-memory mode: each row goes to a temporary file once the next one starts, with
    // its strings inline, instead of a quarter of a million rows and a shared-string table
    // held until the end. Rows must therefore be written in order, and the sheet's settings
    // before the first row.
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("到期提醒")?;
    ws.set_freeze_panes(2, 0)?;
    for (c, w) in [28, 20, 10, 14, 30, 22, 34, 16, 12, 8, 14].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.write_string(0, 0, format!("{today} 起 {days} 日内到期或应复审的证件"))?;
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &bold)?;
    }
    let mut r = 2u32;
    let mut counts: Vec<(String, String, usize)> = vec![];
    let mut i = 0;
    while i < list.len() {
        let key = (&list[i].employer, &list[i].employer_code);
        let n = list[i..].iter().take_while(|x| (&x.employer, &x.employer_code) == key).count();
        let title = if key.1.is_empty() {
            format!("{}（共 {n} 张）", key.0)
        } else {
            format!("{}　统一社会信用代码 {}（共 {n} 张）", key.0, key.1)
        };
        ws.write_string_with_format(r, 0, title, &group)?;
        r += 1;
        for x in &list[i..i + n] {
            for (c, v) in row(x).iter().enumerate() {
                if c == 9 {
                    ws.write_number(r, c as u16, x.due.days as f64)?;
                } else {
                    ws.write_string(r, c as u16, v)?;
                }
            }
            r += 1;
        }
        counts.push((key.0.clone(), key.1.clone(), n));
        i += n;
    }
    let ws2 = wb.add_worksheet_with_constant_memory()?;
    ws2.set_name("按单位统计")?;
    ws2.set_column_width(0, 30)?;
    ws2.set_column_width(1, 22)?;
    for (c, h) in ["单位名称", "统一社会信用代码", "证件数"].iter().enumerate() {
        ws2.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (k, (e, code, n)) in counts.iter().enumerate() {
        ws2.write_string(k as u32 + 1, 0, e)?;
        ws2.write_string(k as u32 + 1, 1, code)?;
        ws2.write_number(k as u32 + 1, 2, *n as f64)?;
    }
    wb.save(path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// The SMS file: `手机号码,短信内容`, one message per certificate, UTF-8 with BOM. Holders with
/// no usable mobile number are left out; returns (messages written, left out).
pub fn write_sms(
    list: &[Reminder],
    bureau: &str,
    phone: &str,
    matters: &Matters,
    cal: &crate::domain::workdays::Calendar,
    path: &Path,
) -> Result<(usize, usize)> {
    let mut f =
        std::io::BufWriter::new(std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?);
    f.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(f);
    w.write_record(["手机号码", "短信内容"])?;
    let (mut sent, mut skipped) = (0, 0);
    // The messages are composed on all cores a block at a time (composing is most of the
    // work) and written in list order.
    use rayon::prelude::*;
    for block in list.chunks(4096) {
        let texts: Vec<Option<(String, String)>> = block
            .par_iter()
            .map(|r| {
                r.mobile
                    .as_deref()
                    .and_then(sms_number)
                    .map(|m| (m, sms_text(bureau, phone, &r.cert, &r.due, matters, cal)))
            })
            .collect();
        for t in texts {
            match t {
                Some((m, text)) => {
                    // The bureau's name and phone come from certdesk.toml; the rest is ours.
                    let safe = crate::domain::spreadsheet::safe_cell;
                    w.write_record([safe(&m), safe(&text)])?;
                    sent += 1;
                }
                None => skipped += 1,
            }
        }
    }
    w.flush()?;
    Ok((sent, skipped))
}

#[cfg(test)]
mod format_tests {
    use super::*;

    #[test]
    fn formats_are_named_by_the_caller() {
        assert_eq!(Formats::default().files(), ["reminders.csv", "sms.csv"]);
        assert_eq!(Formats::parse("csv").unwrap().files(), ["reminders.csv"]);
        assert_eq!(Formats::parse(" SMS , xlsx ").unwrap().files(), ["sms.csv", "reminders.xlsx"]);
        assert_eq!(Formats::parse("all").unwrap().files(), ["reminders.csv", "sms.csv", "reminders.xlsx"]);
        assert_eq!(Formats::parse("csv,csv").unwrap().files(), ["reminders.csv"]);
    }

    #[test]
    fn garbage_formats_are_refused() {
        assert_eq!(Formats::parse(""), Err(FormatError::Empty));
        assert_eq!(Formats::parse(" , ,"), Err(FormatError::Empty));
        assert_eq!(Formats::parse("csv,pdf"), Err(FormatError::Unknown("pdf".into())));
        assert_eq!(Formats::parse("csv;sms"), Err(FormatError::Unknown("csv;sms".into())));
        assert!(Formats::parse("\u{0}").is_err());
    }
}

#[cfg(test)]
mod split_tests {
    use super::*;

    /// The list read on two connections at once is the list read on one, line for line.
    #[test]
    fn two_readers_give_the_same_list_as_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("r.db")).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 5, 6).unwrap();
        crate::roster::populate(&store, 400, 2026, today).unwrap();
        assert!(store.second_reader().is_some(), "a file store has a second reader");
        let line = |r: &Reminder| {
            format!("{}|{}|{}|{:?}|{}|{:?}", r.employer, r.employer_code, r.cert.id, r.mobile, r.due.date, r.due.kind)
        };
        for days in [30, 365, 3650] {
            let one: Vec<String> = build_split(&store, today, days, usize::MAX).unwrap().iter().map(line).collect();
            let two: Vec<String> = build_split(&store, today, days, 1).unwrap().iter().map(line).collect();
            assert!(one.len() > 10, "{days}: {}", one.len());
            assert_eq!(one, two, "{days} days");
        }
        // In memory there is no second connection: one reader, same answer.
        let mem = Store::open_in_memory().unwrap();
        assert!(mem.second_reader().is_none());
    }
}
