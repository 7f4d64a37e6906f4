//! The full resubmission after a one-time notice and the clock it starts (行政许可法 第三十二条,
//! `domain::resubmission`): table `case_resubmissions` of the migration "issue 15 leftovers" in
//! [`super::schema`]. The rules are the domain's, checked by `service::desk` before a write here.

use super::cases::both_dues;
use super::cases::CaseRecord;
use super::cases::Cases;
use super::cases::{CaseId, DueUpdate};
use super::db::p;
use super::{date_text, parse_date_text, parse_time_text, time_text, Result, StoreError};
pub use crate::domain::resubmission::ResubmissionRecord;
use crate::domain::workdays::Counted;
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

fn bad(what: &str) -> StoreError {
    StoreError::Invalid(format!("case_resubmissions holds a bad {what}"))
}

impl Cases<'_> {
    /// The latest notice of a case and the materials it named, if the case had one.
    pub fn latest_notice_items(&self, case: CaseId) -> Result<Option<(u32, Vec<String>)>> {
        let seq: Option<i64> = self.store.db.value("SELECT max(seq) FROM case_notices WHERE case_id = ?1", p![case])?;
        let Some(seq) = seq else { return Ok(None) };
        let items = self.store.db.query(
            "SELECT i.material FROM case_notice_items i JOIN case_notices n ON n.id = i.notice_id \
             WHERE n.case_id = ?1 AND n.seq = ?2 ORDER BY i.material",
            p![case, seq],
            |r| r.get(0),
        )?;
        let seq = u32::try_from(seq).map_err(|_| StoreError::Invalid("bad notice sequence".into()))?;
        Ok(Some((seq, items)))
    }

    /// The full resubmission answering notice `seq` was received now; the bureau's answer is due
    /// on `decision_due`. Kept once per notice (a later call changes nothing); audited as
    /// `case.resubmitted`. Call inside the tick's transaction.
    pub fn record_resubmission(
        &self,
        case: CaseId,
        seq: u32,
        staff: &str,
        decision_due: Counted<NaiveDate>,
        now: NaiveDateTime,
    ) -> Result<()> {
        self.store.db.write(|| {
            let n = self.store.db.execute(
                "INSERT INTO case_resubmissions (case_id, notice_seq, received_at, staff, decision_due, \
                 decision_due_provisional) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
                 ON CONFLICT (case_id, notice_seq) DO NOTHING",
                p![case, seq, time_text(now), staff, date_text(decision_due.value), decision_due.provisional],
            )?;
            if n == 0 {
                return Ok(());
            }
            self.store.case_step(
                case,
                staff,
                "case.resubmitted",
                json!({
                    "notice": seq,
                    "decision_due": date_text(decision_due.value),
                    "rule": "行政许可法第三十二条：申请人按照本行政机关的要求提交全部补正申请材料的，应当受理",
                }),
                now,
            )
        })
    }

    /// The resubmission answering the case's latest notice, if it came in full.
    pub fn latest_resubmission(&self, case: CaseId) -> Result<Option<ResubmissionRecord>> {
        self.store.db.query_opt(
            "SELECT notice_seq, received_at, staff, decision_due, decision_due_provisional, deemed_on \
             FROM case_resubmissions WHERE case_id = ?1 \
             AND notice_seq = (SELECT max(seq) FROM case_notices WHERE case_id = ?1)",
            p![case],
            |r| {
                let seq: i64 = r.get(0)?;
                let at: String = r.get(1)?;
                let due: String = r.get(3)?;
                let deemed: Option<String> = r.get(5)?;
                Ok(ResubmissionRecord {
                    notice_seq: u32::try_from(seq).map_err(|_| bad("notice sequence"))?,
                    received_at: parse_time_text(&at).ok_or_else(|| bad("time"))?,
                    staff: r.get(2)?,
                    decision_due: parse_date_text(&due).ok_or_else(|| bad("date"))?,
                    decision_due_provisional: r.get(4)?,
                    deemed_on: match deemed {
                        Some(s) => Some(parse_date_text(&s).ok_or_else(|| bad("date"))?),
                        None => None,
                    },
                })
            },
        )
    }

    /// Noticed cases whose full resubmission of the latest notice was not answered by its last
    /// day (before `today`), with the day it was received.
    pub fn lapsed_resubmissions(&self, today: NaiveDate) -> Result<Vec<(CaseId, NaiveDate)>> {
        self.store.db.query(
            "SELECT r.case_id, r.received_at FROM case_resubmissions r JOIN cases c ON c.id = r.case_id \
             WHERE r.deemed_on IS NULL AND r.decision_due < ?1 AND c.state = 'noticed' \
             AND r.notice_seq = (SELECT max(seq) FROM case_notices n WHERE n.case_id = r.case_id) \
             ORDER BY r.case_id",
            p![date_text(today)],
            |r| {
                let at: String = r.get(1)?;
                Ok((r.get(0)?, parse_time_text(&at).ok_or_else(|| bad("time"))?.date()))
            },
        )
    }

    /// 第三十二条: a full resubmission not answered in time counts as accepted from the day it was
    /// received. The case becomes accepted as of `received_on` with the due dates counted from
    /// it; audited as `case.deemed_accepted` by `actor`. Returns the case as written; `None` when
    /// the case was no longer waiting (another terminal answered first).
    pub fn deem_accepted_after_resubmission(
        &self,
        case: CaseId,
        seq: u32,
        received_on: NaiveDate,
        dues: &DueUpdate,
        actor: &str,
        now: NaiveDateTime,
    ) -> Result<Option<CaseRecord>> {
        let (due, statutory) = both_dues(dues)?;
        self.store.db.write(|| {
            let latest: Option<i64> =
                self.store.db.value("SELECT max(seq) FROM case_notices WHERE case_id = ?1", p![case])?;
            if latest != Some(i64::from(seq)) {
                return Ok(None);
            }
            if !self.set_deemed_accepted(case, "noticed", received_on, (due, statutory), dues.calendar_version)? {
                return Ok(None);
            }
            self.store.db.execute(
                "UPDATE case_resubmissions SET deemed_on = ?3 WHERE case_id = ?1 AND notice_seq = ?2",
                p![case, seq, date_text(received_on)],
            )?;
            self.store.case_step(
                case,
                actor,
                "case.deemed_accepted",
                json!({
                    "received_on": date_text(received_on),
                    "notice": seq,
                    "due": date_text(due.value),
                    "statutory_due": date_text(statutory.value),
                    "rule": "行政许可法第三十二条：提交全部补正申请材料的，应当受理；五日内未作答复的，自收到全部补正材料之日起即为受理",
                }),
                now,
            )?;
            // The case as written, read before COMMIT: the desk answers with it.
            self.get(case)
        })
    }
}
