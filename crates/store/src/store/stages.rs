//! A case's stage history (`case_stages`, migration 16): each step along 受理 → 承办 → 审查 →
//! 批准 → 办结 → 归档 with who, when, from, to, the note given on confirming and a supervisor's
//! override of the 容缺 stop. The step, its history row, its case event and its audit entry are
//! one transaction. The rules are `domain::stages`, checked by the desk service before it calls
//! [`Cases::move_stage`].
//!
//! Privacy: notes and reasons are free text: an ID number typed into one is stored masked.

use super::audit::mask_ids;
use super::cases::Cases;
use super::cases::{clean, CaseId};
use super::db::{p, Row};
use super::{parse_time_text, time_text, Result, StoreError};
use crate::domain::intake::CaseState;
use crate::domain::stages::StageStep;
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

/// Longest note or override reason kept with a step.
pub const MAX_NOTE: usize = 200;

/// One step to write.
#[derive(Debug, Clone)]
pub struct StageWrite<'a> {
    /// The state the case must still be in; otherwise nothing is written.
    pub from: CaseState,
    /// The state it moves to.
    pub to: CaseState,
    /// For 办结: the callback's due date (围场 2023 措施 16).
    pub callback_due: Option<NaiveDate>,
    /// The note given on confirming (at most `MAX_NOTE` characters; an ID number in it is masked).
    pub note: &'a str,
    /// A supervisor's override of the 容缺 stop: (staff number, reason).
    pub overridden: Option<(&'a str, &'a str)>,
}

/// A 办结 a supervisor let through with a 容缺 pledge outstanding (flagged in reports).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PledgeOverride {
    /// The case's row id.
    pub case_id: CaseId,
    /// The case's number, for the report.
    pub case_number: String,
    /// The 办结 step that was let through, with the supervisor and reason.
    pub step: StageStep,
}

fn state_at(r: &Row, i: usize) -> Result<CaseState> {
    let s: String = r.get(i)?;
    CaseState::from_code(&s).ok_or_else(|| StoreError::Invalid(format!("column {i} holds a bad case state {s:?}")))
}

/// Reads `at, actor, from_state, to_state, note, override_by, override_reason` from `first` on.
fn step_from_row(r: &Row, first: usize) -> Result<StageStep> {
    let at: String = r.get(first)?;
    let at = parse_time_text(&at).ok_or_else(|| StoreError::Invalid(format!("column {first} holds a bad time")))?;
    let by: Option<String> = r.get(first + 5)?;
    let why: Option<String> = r.get(first + 6)?;
    Ok(StageStep {
        at,
        actor: r.get(first + 1)?,
        from: state_at(r, first + 2)?,
        to: state_at(r, first + 3)?,
        note: r.get(first + 4)?,
        overridden: by.map(|b| (b, why.unwrap_or_default())),
    })
}

const STEP_COLS: &str = "at, actor, from_state, to_state, note, override_by, override_reason";

impl Cases<'_> {
    /// Move the case one stage on and keep the step in its history (the rule check is the
    /// caller's). A step whose `from` is no longer the case's state writes nothing.
    pub fn move_stage(&self, case: CaseId, w: &StageWrite<'_>, staff: &str, now: NaiveDateTime) -> Result<()> {
        let note = mask_ids(&clean(w.note, MAX_NOTE, "note")?).into_owned();
        let over = match w.overridden {
            Some((by, why)) => {
                let why = mask_ids(&clean(why, MAX_NOTE, "override reason")?).into_owned();
                if by.trim().is_empty() || why.is_empty() {
                    return Err(StoreError::Invalid("an override needs the supervisor and a reason".into()));
                }
                Some((by.trim().to_string(), why))
            }
            None => None,
        };
        self.store.db.write(|| {
            self.set_state(case, w.from, w.to, w.callback_due, staff, now)?;
            self.store.db.execute(
                "INSERT INTO case_stages (case_id, at, actor, from_state, to_state, note, override_by, \
                 override_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                p![
                    case,
                    time_text(now),
                    staff,
                    w.from.code(),
                    w.to.code(),
                    note,
                    over.as_ref().map(|o| o.0.clone()),
                    over.as_ref().map(|o| o.1.clone())
                ],
            )?;
            if let Some((by, why)) = &over {
                self.store.case_step(
                    case,
                    staff,
                    "case.pledge_override",
                    json!({ "supervisor": by, "reason": why, "to": w.to.code() }),
                    now,
                )?;
            }
            Ok(())
        })
    }

    /// The case's stage history, oldest first.
    pub fn stage_history(&self, case: CaseId) -> Result<Vec<StageStep>> {
        self.store.db.query(
            &format!("SELECT {STEP_COLS} FROM case_stages WHERE case_id = ?1 ORDER BY id"),
            p![case],
            |r| step_from_row(r, 0),
        )
    }

    /// Steps a supervisor let through with a 容缺 pledge outstanding, newest first.
    pub fn pledge_overrides(&self, limit: usize) -> Result<Vec<PledgeOverride>> {
        self.store.db.query(
            "SELECT s.case_id, c.number, s.at, s.actor, s.from_state, s.to_state, s.note, s.override_by, \
             s.override_reason FROM case_stages s JOIN cases c ON c.id = s.case_id \
             WHERE s.override_by IS NOT NULL ORDER BY s.id DESC LIMIT ?1",
            p![limit as i64],
            |r| Ok(PledgeOverride { case_id: r.get(0)?, case_number: r.get(1)?, step: step_from_row(r, 2)? }),
        )
    }
}
