//! The working-day calendar of a home or hall (issue 13; SPEC §2 "Working days"): the State
//! Council holiday notices the bureau entered with `certdesk calendar add`, one row per year in
//! `calendar_years`, read by every terminal. The built-in years ship in the binary; the stored
//! ones are entered over them ([`Calendar::with_notices`]).
//!
//! Entering a year recomputes, in the same transaction, every running case whose dates were
//! provisional (暂定), from its acceptance date and its matter's limits (`intake::due_dates`, with its extension and clock stops: `case_due_dates`); a
//! date that moves is written to the case (with the old date and why, shown on the case screen
//! and in the due lists) and audited as `case.due_recomputed`. The open follow-ups of bad ratings
//! (好差评整改, due in working days) with a provisional date are recomputed alike
//! (`rating.followup_recomputed`). A committed date moved before an outstanding 容缺 pledge's
//! date keeps the signed pledge date and flags the case (`case.pledge_after_due`). The calendar's version
//! (`MAX(version)`) is what running desks compare to pick a new year up without a restart.

use super::cases::CaseId;
use super::db::p;
use super::{date_text, parse_date_text, Result, Store, StoreError};
use crate::domain::intake::{pledge_after_due, Provisional};
use crate::domain::matters::Matters;
use crate::domain::workdays::{Calendar, Notice};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

/// One stored year, as `calendar show` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredYear {
    /// The year's holiday notice (国务院办公厅 arrangement) as entered.
    pub notice: Notice,
    /// The calendar version this year was entered at.
    pub version: i64,
    /// When it was entered (`YYYY-MM-DD HH:MM:SS`, station time).
    pub entered_at: String,
    /// Staff ID of whoever entered it.
    pub entered_by: String,
}

/// A running case whose dates were recomputed when a year was entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recomputed {
    /// The case's row id.
    pub case: CaseId,
    /// The case's number, for the report.
    pub number: String,
    /// The committed (承诺) due date before the recomputation.
    pub old_due: NaiveDate,
    /// The committed due date counted on the new calendar.
    pub new_due: NaiveDate,
    /// The statutory (法定) due date before the recomputation.
    pub old_statutory: NaiveDate,
    /// The statutory due date counted on the new calendar.
    pub new_statutory: NaiveDate,
    /// Still provisional after the recomputation (a later year is still missing).
    pub provisional: Provisional,
    /// The outstanding 容缺 pledge's date when it is now after the new committed date: kept as
    /// signed, the case flagged for staff and audited (`case.pledge_after_due`).
    pub pledge_after_due: Option<NaiveDate>,
}

impl Recomputed {
    /// Whether either date changed.
    pub fn moved(&self) -> bool {
        self.old_due != self.new_due || self.old_statutory != self.new_statutory
    }
}

/// An open follow-up of a bad rating (好差评整改) whose provisional date was recomputed when a
/// year was entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecomputedFollowUp {
    /// The follow-up's row id.
    pub id: i64,
    /// The rated case's number (none for a service without a case).
    pub case_number: Option<String>,
    /// The provisional due date before the recomputation.
    pub old_due: NaiveDate,
    /// The due date counted on the new calendar.
    pub new_due: NaiveDate,
    /// Still provisional after the recomputation (a later year is still missing).
    pub provisional: bool,
}

impl RecomputedFollowUp {
    /// Whether the due date changed.
    pub fn moved(&self) -> bool {
        self.old_due != self.new_due
    }
}

/// What entering a year did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entered {
    /// The calendar's new version (one more than before).
    pub version: i64,
    /// Whether the year was already stored and `--replace` replaced it.
    pub replaced: bool,
    /// Every provisional running case, recomputed (moved or not).
    pub recomputed: Vec<Recomputed>,
    /// Every open follow-up with a provisional date, recomputed (moved or not).
    pub followups: Vec<RecomputedFollowUp>,
    /// Provisional running cases that could not be recomputed (matter no longer in the
    /// catalogue, or no acceptance date): left as they were, named here.
    pub skipped: Vec<String>,
}

/// Why a year could not be entered.
#[derive(Debug, thiserror::Error)]
pub enum EnterError {
    /// The year is stored already and the caller did not ask to replace it.
    #[error("{year} is already in the calendar ({notice}); use --replace to replace it")]
    AlreadyEntered {
        /// The year asked for.
        year: i32,
        /// The stored notice's name (its `source`), so the clerk sees which one is there.
        notice: String,
    },
    /// A database error while entering the year.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why dates were recomputed, as the audit entries and the case screen say it.
fn recompute_cause(year: i32, calendar: &Calendar) -> String {
    format!("录入{year}年节假日安排（第{}版日历）", calendar.version())
}

/// The calendar aggregate: the working-day calendar's years as entered (国务院办公厅 notices),
/// its version, and the provisional case dates recomputed when a year is entered, through
/// [`Store::calendar`]. Borrows the store.
#[derive(Clone, Copy)]
pub struct CalendarYears<'s> {
    pub(super) store: &'s Store,
}

impl Store {
    /// The working-day calendar aggregate.
    pub fn calendar(&self) -> CalendarYears<'_> {
        CalendarYears { store: self }
    }
}

impl CalendarYears<'_> {
    /// The stored calendar's version: 0 while no year was entered. One indexed read; running
    /// desks call it to notice a new year.
    pub fn version(&self) -> Result<i64> {
        Ok(self
            .store
            .db
            .query_opt("SELECT COALESCE(MAX(version), 0) FROM calendar_years", p![], |r| r.get(0))?
            .unwrap_or(0))
    }

    /// The years entered, in order.
    pub fn years(&self) -> Result<Vec<StoredYear>> {
        let rows: Vec<(i64, String, i64, String, String)> = self.store.db.query(
            "SELECT year, body, version, entered_at, entered_by FROM calendar_years ORDER BY year",
            p![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        rows.into_iter()
            .map(|(year, body, version, entered_at, entered_by)| {
                let notice = Notice::parse_file(&body)
                    .ok()
                    .and_then(|mut v| (v.len() == 1 && i64::from(v[0].year) == year).then(|| v.remove(0)))
                    .ok_or_else(|| {
                        StoreError::Invalid(format!("calendar_years: the stored year {year} does not parse"))
                    })?;
                Ok(StoredYear { notice, version, entered_at, entered_by })
            })
            .collect()
    }

    /// The home's working-day calendar: the built-in years with the stored ones entered over them.
    pub fn get(&self) -> Result<Calendar> {
        let years = self.years()?;
        let version = years.iter().map(|y| y.version).max().unwrap_or(0);
        Ok(Calendar::with_notices(years.into_iter().map(|y| y.notice), version))
    }

    /// Enter one year's notice (already checked by the caller: [`Notice::check`]). A year
    /// already in the calendar (built in or stored) is replaced only with `replace`. Every
    /// running case with a provisional date is recomputed on the new calendar (see the module
    /// comment); all in one transaction, audited.
    pub fn enter_year(
        &self,
        notice: &Notice,
        replace: bool,
        matters: &Matters,
        actor: &str,
        now: NaiveDateTime,
    ) -> std::result::Result<Entered, EnterError> {
        if let Some(old) = self.get()?.notice(notice.year).filter(|_| !replace) {
            return Err(EnterError::AlreadyEntered { year: notice.year, notice: old.source.clone() });
        }
        let out = self.store.db.write(|| {
            let before = self.get()?;
            let replaced = match before.notice(notice.year) {
                // Entered by another terminal since the check above.
                Some(old) if !replace => {
                    return Err(StoreError::Invalid(format!(
                        "{} is already in the calendar ({})",
                        notice.year, old.source
                    )))
                }
                Some(_) => true,
                None => false,
            };
            let version = before.version() + 1;
            self.store.db.execute("DELETE FROM calendar_years WHERE year = ?1", p![i64::from(notice.year)])?;
            self.store.db.execute(
                "INSERT INTO calendar_years (year, source, body, version, entered_at, entered_by) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                p![i64::from(notice.year), notice.source, notice.to_toml(), version, super::time_text(now), actor],
            )?;
            self.store.audit().append(
                actor,
                "calendar.year_entered",
                json!({
                    "year": notice.year,
                    "source": notice.source,
                    "version": version,
                    "replaced": replaced,
                    "holidays": notice.holidays.len(),
                    "workdays": notice.makeup.iter().map(|d| date_text(*d)).collect::<Vec<_>>(),
                }),
                now,
            )?;
            let after = self.get()?;
            let (recomputed, mut skipped) = self.recompute_provisional(&after, matters, notice.year, actor, now)?;
            let (followups, skipped_followups) = self.recompute_followups(&after, notice.year, actor, now)?;
            skipped.extend(skipped_followups);
            Ok(Entered { version, replaced, recomputed, followups, skipped })
        })?;
        Ok(out)
    }

    /// Recompute the running cases with a provisional date on `calendar` (see the module comment).
    fn recompute_provisional(
        &self,
        calendar: &Calendar,
        matters: &Matters,
        year: i32,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<(Vec<Recomputed>, Vec<String>)> {
        // id, number, matter, accepted_on, due_on, statutory_due_on, pledge_due
        type Row = (CaseId, String, String, Option<String>, Option<String>, Option<String>, Option<String>);
        let rows: Vec<Row> = self.store.db.query(
            "SELECT id, number, matter, accepted_on, due_on, statutory_due_on, pledge_due FROM cases \
             WHERE state IN ('accepted', 'undertaken', 'reviewed', 'approved') \
             AND (due_provisional = 1 OR statutory_provisional = 1) ORDER BY id",
            p![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
        )?;
        let cause = recompute_cause(year, calendar);
        let mut out = Vec::new();
        let mut skipped = Vec::new();
        for (id, number, matter, accepted, due, statutory, pledge) in rows {
            let date = |s: Option<String>| s.as_deref().and_then(parse_date_text);
            let pledge = date(pledge);
            let (Some(accepted), Some(old_due), Some(old_statutory), Some(m)) =
                (date(accepted), date(due), date(statutory), matters.get(&matter))
            else {
                skipped.push(number);
                continue;
            };
            // Counted with the case's extension and clock stops (第四十二条, 第四十五条).
            let Ok((new_due, new_statutory, provisional)) =
                self.store.cases().due_dates(calendar, id, accepted, m, (old_due, old_statutory))?
            else {
                skipped.push(number);
                continue;
            };
            let pledge_after_due = pledge.filter(|_| pledge_after_due(pledge, Some(new_due)));
            let r = Recomputed {
                case: id,
                number,
                old_due,
                new_due,
                old_statutory,
                new_statutory,
                provisional,
                pledge_after_due,
            };
            // What moved, in the words the case screen and the due list show.
            let mut what = Vec::new();
            if old_due != new_due {
                what.push(format!("办理期限由{old_due}改为{new_due}"));
            }
            if old_statutory != new_statutory {
                what.push(format!("法定期限由{old_statutory}改为{new_statutory}"));
            }
            let why_zh = format!("{cause}：{}", what.join("，"));
            self.store.db.execute(
                "UPDATE cases SET due_on = ?2, statutory_due_on = ?3, due_provisional = ?4, \
                 statutory_provisional = ?5, calendar_version = ?6 WHERE id = ?1",
                p![
                    id,
                    date_text(new_due),
                    date_text(new_statutory),
                    provisional.due,
                    provisional.statutory,
                    calendar.version()
                ],
            )?;
            if r.moved() {
                // The facts of the move, worded by each screen in its language; the Chinese
                // words too, as the audit entry says them.
                self.store.db.execute(
                    "UPDATE cases SET due_moved_from = ?2, due_moved_why = ?3, due_moved_year = ?4, \
                     due_moved_version = ?5, due_moved_to = ?6, statutory_moved_from = ?7, \
                     statutory_moved_to = ?8 WHERE id = ?1",
                    p![
                        id,
                        date_text(old_due),
                        why_zh,
                        i64::from(year),
                        calendar.version(),
                        date_text(new_due),
                        date_text(old_statutory),
                        date_text(new_statutory)
                    ],
                )?;
            }
            if r.moved() {
                self.store.case_step(
                    id,
                    actor,
                    "case.due_recomputed",
                    json!({
                        "why": cause,
                        "calendar_version": calendar.version(),
                        "due": { "old": date_text(old_due), "new": date_text(new_due) },
                        "statutory_due": { "old": date_text(old_statutory), "new": date_text(new_statutory) },
                        "provisional": { "due": provisional.due, "statutory": provisional.statutory },
                    }),
                    now,
                )?;
            }
            if let Some(p) = r.pledge_after_due {
                // SPEC §2 容缺受理: the pledge may be due no later than the committed date. The
                // signed date stands (the bureau cannot shorten it alone); staff arrange the rest.
                self.store.case_step(
                    id,
                    actor,
                    "case.pledge_after_due",
                    json!({
                        "why": cause,
                        "pledge_due": date_text(p),
                        "due": date_text(new_due),
                        "kept": "pledge_due",
                    }),
                    now,
                )?;
            }
            out.push(r);
        }
        Ok((out, skipped))
    }

    /// Recompute the open follow-ups of bad ratings with a provisional date on `calendar`: the
    /// same working days from the rating's day (行政许可法 第八十二条). A date that moves is
    /// audited as `rating.followup_recomputed` (old, new, why), in the rated case's history when
    /// there is one. Returns the recomputed ones and what could not be (named by case number or
    /// follow-up id).
    fn recompute_followups(
        &self,
        calendar: &Calendar,
        year: i32,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<(Vec<RecomputedFollowUp>, Vec<String>)> {
        // follow-up id, rated at, working days, due, case id, case number
        type Row = (i64, Option<String>, Option<i64>, String, Option<CaseId>, Option<String>);
        let rows: Vec<Row> = self.store.db.query(
            "SELECT f.id, r.rated_at, f.working_days, f.due, r.case_id, c.number FROM rating_followups f \
             JOIN service_ratings r ON r.id = f.rating_id LEFT JOIN cases c ON c.id = r.case_id \
             WHERE f.state = 'open' AND f.due_provisional = 1 ORDER BY f.id",
            p![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )?;
        let cause = recompute_cause(year, calendar);
        let mut out = Vec::new();
        let mut skipped = Vec::new();
        for (id, rated_at, days, due, case, number) in rows {
            let name = number.clone().unwrap_or_else(|| format!("整改#{id}"));
            let rated_on = rated_at.as_deref().and_then(super::parse_time_text).map(|t| t.date());
            let days = days.and_then(|d| u32::try_from(d).ok());
            let (Some(rated_on), Some(days), Some(old_due)) = (rated_on, days, parse_date_text(&due)) else {
                skipped.push(name);
                continue;
            };
            let Ok(new) = calendar.due(rated_on, days) else {
                skipped.push(name);
                continue;
            };
            let r = RecomputedFollowUp {
                id,
                case_number: number,
                old_due,
                new_due: new.value,
                provisional: new.provisional,
            };
            self.store.db.execute(
                "UPDATE rating_followups SET due = ?2, due_provisional = ?3, calendar_version = ?4 WHERE id = ?1",
                p![id, date_text(new.value), new.provisional, calendar.version()],
            )?;
            if r.moved() {
                let detail = json!({
                    "followup": id,
                    "case": r.case_number,
                    "why": cause,
                    "calendar_version": calendar.version(),
                    "due": { "old": date_text(old_due), "new": date_text(new.value) },
                    "provisional": new.provisional,
                });
                match case {
                    Some(c) => self.store.case_step(c, actor, "rating.followup_recomputed", detail, now)?,
                    None => {
                        self.store.audit().append(actor, "rating.followup_recomputed", detail, now)?;
                    }
                }
            }
            out.push(r);
        }
        Ok((out, skipped))
    }

    /// Case numbers of the running cases with a provisional date (for `doctor`: case numbers
    /// only, never a visitor's ID number).
    pub fn provisional_case_numbers(&self) -> Result<Vec<String>> {
        self.store.db.query(
            "SELECT number FROM cases WHERE state IN ('accepted', 'undertaken', 'reviewed', 'approved') \
             AND (due_provisional = 1 OR statutory_provisional = 1) ORDER BY number",
            p![],
            |r| r.get(0),
        )
    }
}
