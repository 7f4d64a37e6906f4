//! A case's time under the 行政许可法 as recorded: 收件 and the notice date (第三十二条), deemed
//! acceptance, the decision and its delivery (第三十八条, 第四十四条), the extension (第四十二条)
//! and the clock stops (第四十五条). Tables: the "case's time" migration in
//! [`crate::store::schema`]. The rules are `domain::case_time`'s, checked by `service::desk`
//! before it calls a write here; each write is one transaction with its case event and audit
//! entry.

use super::{case_from_row, clean, date_at, opt_date, time_at, CaseId, CaseRecord, Cases, CASE_COLS};
use crate::domain::case_time::{self, Due, Limits, Outcome, Revocation, Stop, StopKind};
pub use crate::domain::case_time::{CaseTimeRecords, DecisionRecord, ExtensionRecord, ReceiptRecord, StopRecord};
use crate::domain::intake::Provisional;
use crate::domain::matters::Matter;
use crate::domain::workdays::Counted;
use crate::domain::workdays::{Calendar, OutsideCalendar};
use crate::store::db::p;
use crate::store::{date_text, time_text, Result, StoreError};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;
use std::collections::HashMap;

// The records are plain values in the domain crate, so the protocol and the screens can name
// them without the store.

/// New due dates written with a time step (an extension, the end of a stop, a deemed
/// acceptance): `None` keeps the stored date (a limit whose clock is stopped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DueUpdate {
    /// The new committed (承诺) due date, and whether it is provisional.
    pub due: Option<Counted<NaiveDate>>,
    /// The new statutory (法定) due date, and whether it is provisional.
    pub statutory: Option<Counted<NaiveDate>>,
    /// The calendar version the new dates were counted on.
    pub calendar_version: i64,
}

/// The two dates a deemed acceptance sets (行政许可法 第三十二条): both must be counted.
pub(crate) fn both_dues(dues: &DueUpdate) -> Result<(Counted<NaiveDate>, Counted<NaiveDate>)> {
    match (dues.due, dues.statutory) {
        (Some(due), Some(statutory)) => Ok((due, statutory)),
        _ => Err(StoreError::Invalid("a deemed acceptance needs both due dates".into())),
    }
}

impl Cases<'_> {
    /// Turns a case still in `from` into one accepted as of `received_on` with its two dates;
    /// false when another terminal moved it first. Shared by the deemed acceptance after 收件
    /// (`registered`) and after a resubmission (`noticed`); call inside the caller's transaction.
    pub(crate) fn set_deemed_accepted(
        &self,
        case: CaseId,
        from: &str,
        received_on: NaiveDate,
        (due, statutory): (Counted<NaiveDate>, Counted<NaiveDate>),
        calendar_version: i64,
    ) -> Result<bool> {
        let n = self.store.db.execute(
            "UPDATE cases SET state = 'accepted', accepted_on = ?2, due_on = ?3, statutory_due_on = ?4, \
             due_provisional = ?5, statutory_provisional = ?6, calendar_version = ?7 \
             WHERE id = ?1 AND state = ?8",
            p![
                case,
                date_text(received_on),
                date_text(due.value),
                date_text(statutory.value),
                due.provisional,
                statutory.provisional,
                calendar_version,
                from
            ],
        )?;
        Ok(n > 0)
    }
}

fn date_opt_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(date_text)
}

impl Cases<'_> {
    /// 收件: the first check of a case's materials. Kept once: a later call changes nothing.
    pub fn record_receipt(
        &self,
        case: CaseId,
        staff: &str,
        notice_due: Counted<NaiveDate>,
        now: NaiveDateTime,
    ) -> Result<()> {
        self.store.db.execute(
            "INSERT INTO case_receipts (case_id, received_at, staff, notice_due, notice_due_provisional) \
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (case_id) DO NOTHING",
            p![case, time_text(now), staff, date_text(notice_due.value), notice_due.provisional],
        )?;
        Ok(())
    }

    /// What was received, kept at the first decision (later calls change nothing).
    pub fn freeze_receipt(&self, case: CaseId, materials: &[String]) -> Result<()> {
        self.store.db.execute(
            "UPDATE case_receipts SET materials = ?2 WHERE case_id = ?1 AND materials IS NULL",
            p![case, serde_json::to_string(materials).unwrap_or_default()],
        )?;
        Ok(())
    }

    /// Everything recorded about a case's time.
    pub fn time(&self, case: CaseId) -> Result<CaseTimeRecords> {
        let receipt = self.store.db.query_opt(
            "SELECT received_at, staff, notice_due, notice_due_provisional, materials, deemed_on \
             FROM case_receipts WHERE case_id = ?1",
            p![case],
            |r| {
                let materials: Option<String> = r.get(4)?;
                Ok(ReceiptRecord {
                    received_at: time_at(r, 0)?,
                    staff: r.get(1)?,
                    notice_due: date_at(r, 2)?,
                    notice_due_provisional: r.get(3)?,
                    materials: match materials {
                        Some(m) => Some(
                            serde_json::from_str(&m)
                                .map_err(|_| StoreError::Invalid("case_receipts.materials is not a list".into()))?,
                        ),
                        None => None,
                    },
                    deemed_on: opt_date(r, 5)?,
                })
            },
        )?;
        let decision = self.store.db.query_opt(
            "SELECT outcome, reasons, decided_on, staff, delivery_due, delivered_on, delivery_manner, \
             revoked_by, revoked_at, revoke_reason FROM case_decisions WHERE case_id = ?1",
            p![case],
            |r| {
                let outcome: String = r.get(0)?;
                let delivered = match (opt_date(r, 5)?, r.get::<Option<String>>(6)?) {
                    (Some(on), Some(m)) => Some((on, m)),
                    _ => None,
                };
                // Migration 26: only a grant is revoked, so 'revoked' reads back as 准予 + 撤销.
                let (outcome, revoked) = if outcome == case_time::REVOKED_CODE {
                    // The table's CHECK keeps revoked_at set on a revoked row.
                    let revocation = Revocation {
                        by: r.get::<Option<String>>(7)?.unwrap_or_default(),
                        at: time_at(r, 8)?,
                        reason: r.get::<Option<String>>(9)?.unwrap_or_default(),
                    };
                    (Outcome::Grant, Some(revocation))
                } else {
                    let o = Outcome::from_code(&outcome)
                        .ok_or_else(|| StoreError::Invalid(format!("unknown decision outcome {outcome}")))?;
                    (o, None)
                };
                Ok(DecisionRecord {
                    outcome,
                    revoked,
                    reasons: r.get(1)?,
                    decided_on: date_at(r, 2)?,
                    staff: r.get(3)?,
                    delivery_due: opt_date(r, 4)?,
                    delivered,
                })
            },
        )?;
        let extension = self.store.db.query_opt(
            "SELECT days, reasons, approved_by, at FROM case_extensions WHERE case_id = ?1",
            p![case],
            |r| {
                let days: i64 = r.get(0)?;
                Ok(ExtensionRecord {
                    days: u32::try_from(days).map_err(|_| StoreError::Invalid("bad extension days".into()))?,
                    reasons: r.get(1)?,
                    approved_by: r.get(2)?,
                    at: time_at(r, 3)?,
                })
            },
        )?;
        let stops = self.store.db.query(
            "SELECT id, kind, start_on, end_on, told_days, staff FROM case_stops WHERE case_id = ?1 \
             ORDER BY start_on, id",
            p![case],
            |r| {
                let kind: String = r.get(1)?;
                let told: i64 = r.get(4)?;
                Ok(StopRecord {
                    id: r.get(0)?,
                    stop: Stop {
                        kind: StopKind::from_code(&kind)
                            .ok_or_else(|| StoreError::Invalid(format!("unknown stop kind {kind}")))?,
                        start: date_at(r, 2)?,
                        end: opt_date(r, 3)?,
                        told_days: u32::try_from(told).map_err(|_| StoreError::Invalid("bad told_days".into()))?,
                    },
                    staff: r.get(5)?,
                })
            },
        )?;
        let refused_authority = self
            .store
            .db
            .query_opt("SELECT refused_authority FROM cases WHERE id = ?1", p![case], |r| r.get(0))?
            .flatten();
        let fix_by = self.store.db.query(
            "SELECT seq, fix_by FROM case_notices WHERE case_id = ?1 AND fix_by IS NOT NULL ORDER BY seq",
            p![case],
            |r| Ok((r.get::<u32>(0)?, date_at(r, 1)?)),
        )?;
        Ok(CaseTimeRecords { receipt, decision, extension, stops, refused_authority, fix_by })
    }

    /// The 补正期限 of notice `seq` of the case.
    pub fn set_notice_fix_by(&self, case: CaseId, seq: u32, fix_by: NaiveDate) -> Result<()> {
        self.store.db.execute(
            "UPDATE case_notices SET fix_by = ?3 WHERE case_id = ?1 AND seq = ?2",
            p![case, seq, date_text(fix_by)],
        )?;
        Ok(())
    }

    /// Name the authority a refused matter belongs to (不予受理 of another authority's matter).
    pub fn set_refused_authority(&self, case: CaseId, authority: &str, staff: &str, now: NaiveDateTime) -> Result<()> {
        let authority = clean(authority, 200, "authority")?;
        if authority.is_empty() {
            return Ok(());
        }
        self.store.db.write(|| {
            let n = self.store.db.execute(
                "UPDATE cases SET refused_authority = ?2 WHERE id = ?1 AND state = 'refused'",
                p![case, authority],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!("case {case} is not refused")));
            }
            self.store.case_step(case, staff, "case.refused_authority", json!({ "authority": authority }), now)
        })
    }

    /// Registered cases with a receipt, their notice still owed, by notice date.
    pub fn notices_owed(&self, limit: usize) -> Result<Vec<(CaseRecord, NaiveDate, bool)>> {
        let cols: String = CASE_COLS.split(", ").map(|c| format!("c.{}", c.trim())).collect::<Vec<_>>().join(", ");
        self.store.db.query(
            &format!(
                "SELECT {cols}, r.notice_due, r.notice_due_provisional FROM case_receipts r \
                 JOIN cases c ON c.id = r.case_id WHERE r.deemed_on IS NULL AND c.state = 'registered' \
                 ORDER BY r.notice_due, c.id LIMIT ?1"
            ),
            p![limit as i64],
            |r| {
                let n = CASE_COLS.split(", ").count();
                Ok((case_from_row(r)?, date_at(r, n)?, r.get(n + 1)?))
            },
        )
    }

    /// The registered cases whose notice date passed before `today` (第三十二条: deemed
    /// accepted), with their receipt day.
    pub fn lapsed_notices(&self, today: NaiveDate) -> Result<Vec<(CaseId, NaiveDate)>> {
        self.store.db.query(
            "SELECT r.case_id, r.received_at FROM case_receipts r JOIN cases c ON c.id = r.case_id \
             WHERE r.deemed_on IS NULL AND r.notice_due < ?1 AND c.state = 'registered' ORDER BY r.case_id",
            p![date_text(today)],
            |r| Ok((r.get(0)?, time_at(r, 1)?.date())),
        )
    }

    /// 第三十二条: 逾期不告知的，自收到申请材料之日起即为受理. The case becomes accepted as of
    /// `received_on` with the due dates counted from it; audited as `case.deemed_accepted` by
    /// `actor` (the station or staff member whose touch applied the rule). Returns the case as
    /// written; `None` when the case was no longer registered (another terminal decided it first).
    pub fn deem_accepted(
        &self,
        case: CaseId,
        received_on: NaiveDate,
        dues: &DueUpdate,
        materials: &[String],
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<Option<CaseRecord>> {
        let (due, statutory) = both_dues(dues)?;
        self.store.db.write(|| {
            if !self.set_deemed_accepted(case, "registered", received_on, (due, statutory), dues.calendar_version)? {
                return Ok(None);
            }
            self.store.db.execute(
                "UPDATE case_receipts SET deemed_on = ?2 WHERE case_id = ?1",
                p![case, date_text(received_on)],
            )?;
            self.freeze_receipt(case, materials)?;
            self.store.case_step(
                case,
                actor,
                "case.deemed_accepted",
                json!({
                    "received_on": date_text(received_on),
                    "due": date_text(due.value),
                    "statutory_due": date_text(statutory.value),
                    "rule": "行政许可法第三十二条：逾期不告知的，自收到申请材料之日起即为受理",
                }),
                now,
            )?;
            // The case as written, read before COMMIT: the desk answers with it.
            self.get(case)
        })
    }

    fn write_dues(&self, case: CaseId, dues: &DueUpdate) -> Result<()> {
        if let Some(d) = dues.due {
            self.store.db.execute(
                "UPDATE cases SET due_on = ?2, due_provisional = ?3, calendar_version = ?4 WHERE id = ?1",
                p![case, date_text(d.value), d.provisional, dues.calendar_version],
            )?;
        }
        if let Some(s) = dues.statutory {
            self.store.db.execute(
                "UPDATE cases SET statutory_due_on = ?2, statutory_provisional = ?3, calendar_version = ?4 \
                 WHERE id = ?1",
                p![case, date_text(s.value), s.provisional, dues.calendar_version],
            )?;
        }
        Ok(())
    }

    /// 第三十八条: record 准予 or 不予许可 (once; the unique key refuses a second).
    #[allow(clippy::too_many_arguments)]
    pub fn record_decision(
        &self,
        case: CaseId,
        outcome: Outcome,
        reasons: &str,
        decided_on: NaiveDate,
        delivery_due: Option<NaiveDate>,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let reasons = clean(reasons, 1000, "reasons")?;
        self.store.db.write(|| {
            self.store.db.execute(
                "INSERT INTO case_decisions (case_id, outcome, reasons, decided_on, at, staff, delivery_due) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                p![
                    case,
                    outcome.code(),
                    reasons,
                    date_text(decided_on),
                    time_text(now),
                    staff,
                    date_opt_text(delivery_due)
                ],
            )?;
            self.store.case_step(
                case,
                staff,
                "case.decision",
                json!({ "outcome": outcome.code(), "reasons": reasons, "delivery_due": date_opt_text(delivery_due) }),
                now,
            )
        })
    }

    /// 第四十四条: the decision was delivered (送达) on `on`, in `manner`.
    pub fn record_delivery(
        &self,
        case: CaseId,
        on: NaiveDate,
        manner: &str,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let manner = clean(manner, 200, "manner")?;
        self.store.db.write(|| {
            let n = self.store.db.execute(
                "UPDATE case_decisions SET delivered_on = ?2, delivery_manner = ?3, delivered_by = ?4, \
                 delivered_at = ?5 WHERE case_id = ?1 AND delivered_on IS NULL",
                p![case, date_text(on), manner, staff, time_text(now)],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!("case {case} has no undelivered decision")));
            }
            self.store.case_step(case, staff, "case.delivered", json!({ "on": date_text(on), "manner": manner }), now)
        })
    }

    /// 第四十二条: the extension of [`case_time::EXTENSION_WORKING_DAYS`], approved by
    /// `approved_by`, with the new statutory date.
    pub fn record_extension(
        &self,
        case: CaseId,
        reasons: &str,
        approved_by: &str,
        dues: &DueUpdate,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let reasons = clean(reasons, 1000, "reasons")?;
        let days = case_time::EXTENSION_WORKING_DAYS;
        self.store.db.write(|| {
            self.store.db.execute(
                "INSERT INTO case_extensions (case_id, days, reasons, approved_by, at, staff) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                p![case, days, reasons, approved_by, time_text(now), staff],
            )?;
            self.write_dues(case, dues)?;
            self.store.case_step(
                case,
                staff,
                "case.extended",
                json!({
                    "days": days,
                    "reasons": reasons,
                    "approved_by": approved_by,
                    "statutory_due": dues.statutory.map(|d| date_text(d.value)),
                }),
                now,
            )
        })
    }

    /// 第四十五条: the clock stops from `stop.start` (one open stop per case: the unique index
    /// refuses a second).
    pub fn start_stop(&self, case: CaseId, stop: &Stop, staff: &str, now: NaiveDateTime) -> Result<i64> {
        self.store.db.write(|| {
            let id: i64 = self.store.db.value(
                "INSERT INTO case_stops (case_id, kind, start_on, told_days, at, staff) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                p![case, stop.kind.code(), date_text(stop.start), stop.told_days, time_text(now), staff],
            )?;
            self.store.case_step(
                case,
                staff,
                "case.clock_stopped",
                json!({ "kind": stop.kind.code(), "start": date_text(stop.start), "told_days": stop.told_days }),
                now,
            )?;
            Ok(id)
        })
    }

    /// The open stop ended on `end`: the clock runs again with the new due dates.
    pub fn end_stop(
        &self,
        case: CaseId,
        end: NaiveDate,
        dues: &DueUpdate,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        self.store.db.write(|| {
            let n = self.store.db.execute(
                "UPDATE case_stops SET end_on = ?2, ended_at = ?3, ended_by = ?4 WHERE case_id = ?1 AND end_on IS NULL",
                p![case, date_text(end), time_text(now), staff],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!("case {case} has no open stop")));
            }
            self.write_dues(case, dues)?;
            self.store.case_step(
                case,
                staff,
                "case.clock_resumed",
                json!({
                    "end": date_text(end),
                    "due": dues.due.map(|d| date_text(d.value)),
                    "statutory_due": dues.statutory.map(|d| date_text(d.value)),
                }),
                now,
            )
        })
    }

    /// The start of every open stop, by case (the lists show those cases as stopped, never as
    /// overdue).
    pub fn open_stops(&self) -> Result<HashMap<CaseId, NaiveDate>> {
        let rows = self.store.db.query("SELECT case_id, start_on FROM case_stops WHERE end_on IS NULL", p![], |r| {
            Ok((r.get::<CaseId>(0)?, date_at(r, 1)?))
        })?;
        Ok(rows.into_iter().collect())
    }

    /// A running case's committed and statutory dates counted on `calendar` with its extension
    /// and stops (`domain::case_time`), for a recomputation when a year's notice is entered. A
    /// limit whose clock is stopped keeps its stored date (`old`) until the stop ends.
    pub fn due_dates(
        &self,
        calendar: &Calendar,
        case: CaseId,
        accepted: NaiveDate,
        matter: &Matter,
        old: (NaiveDate, NaiveDate),
    ) -> Result<std::result::Result<(NaiveDate, NaiveDate, Provisional), OutsideCalendar>> {
        let extended: bool =
            self.store.db.value("SELECT EXISTS (SELECT 1 FROM case_extensions WHERE case_id = ?1)", p![case])?;
        let stops = self.time(case)?.stops();
        let limits = Limits {
            accepted,
            statutory_days: matter.statutory_days,
            committed_days: matter.committed_days,
            extended,
            stops: &stops,
        };
        let dues = match case_time::dues(calendar, &limits) {
            Ok(d) => d,
            Err(e) => return Ok(Err(e)),
        };
        let pick = |d: Due, old: NaiveDate| match d {
            Due::On { date, provisional } => (date, provisional),
            Due::Stopped { .. } => (old, calendar.provisional_between(accepted, old)),
        };
        let (due, pd) = pick(dues.committed, old.0);
        let (statutory, ps) = pick(dues.statutory, old.1);
        Ok(Ok((due, statutory, Provisional { due: pd, statutory: ps })))
    }
}
