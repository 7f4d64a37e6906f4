//! The 容缺受理 and 告知承诺 pledge forms printed before acceptance (`pledge_forms`; `case_pledges`
//! keeps what an acceptance pledged) and the 事中事后核查 of a 告知承诺 (`pledge_checks`),
//! migration 24. The rules are `domain::pledge`'s, checked by the desk service
//! (service/desk/pledge.rs) before it calls a write here; each write is one transaction with its
//! case event and audit entry.
//!
//! Privacy: a false pledge marks the applicant — the enterprise by its credit code, else the
//! visitor by the keyed hash and masked number the case already holds — so no raw ID number is
//! read or written here.

use super::cases::{clean, CaseId};
use super::db::{p, Row};
use super::{date_text, parse_date_text, parse_time_text, time_text, Result, Store, StoreError};
use crate::domain::pledge::{
    CheckResult, Consequences, DecisionConsequence, Finding, PledgeCheck, PledgeKind, PledgeRecord, PledgeTerms,
};
use crate::domain::workdays::Counted;
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

const PLEDGE_COLS: &str = "id, kind, materials, due, printed_by, printed_at, signed_by, signed_at";
const CHECK_COLS: &str = "k.id, k.case_id, c.number, c.matter, c.visitor_name, c.enterprise, k.materials, \
     k.opened_on, k.due, k.due_provisional, k.finding, k.note, k.found_by, k.found_at, k.consequence, k.mark_id";

fn date_of(s: &str) -> Result<NaiveDate> {
    parse_date_text(s).ok_or_else(|| StoreError::Invalid(format!("a bad date {s:?}")))
}

fn time_of(s: &str) -> Result<NaiveDateTime> {
    parse_time_text(s).ok_or_else(|| StoreError::Invalid(format!("a bad time {s:?}")))
}

fn codes(s: &str) -> Vec<String> {
    s.split(',').filter(|c| !c.is_empty()).map(str::to_string).collect()
}

fn pledge_from_row(r: &Row) -> Result<PledgeRecord> {
    let kind: String = r.get(1)?;
    let kind =
        PledgeKind::from_code(&kind).ok_or_else(|| StoreError::Invalid(format!("a bad pledge kind {kind:?}")))?;
    let due: Option<String> = r.get(3)?;
    let signed_by: Option<String> = r.get(6)?;
    let signed_at: Option<String> = r.get(7)?;
    let signed = match (signed_by, signed_at) {
        (Some(by), Some(at)) => Some((by, time_of(&at)?)),
        _ => None,
    };
    Ok(PledgeRecord {
        id: r.get(0)?,
        terms: PledgeTerms {
            kind,
            materials: codes(&r.get::<String>(2)?),
            due: due.as_deref().map(date_of).transpose()?,
        },
        printed_by: r.get(4)?,
        printed_at: time_of(&r.get::<String>(5)?)?,
        signed,
    })
}

fn check_from_row(r: &Row) -> Result<PledgeCheck> {
    let finding: Option<String> = r.get(10)?;
    let result = match finding {
        None => None,
        Some(f) => {
            let finding = Finding::from_code(&f).ok_or_else(|| StoreError::Invalid(format!("a bad finding {f:?}")))?;
            let c: Option<String> = r.get(14)?;
            let decision = c
                .as_deref()
                .and_then(DecisionConsequence::from_code)
                .ok_or_else(|| StoreError::Invalid(format!("a bad consequence {c:?}")))?;
            Some(CheckResult {
                finding,
                note: r.get::<Option<String>>(11)?.unwrap_or_default(),
                by: r.get::<Option<String>>(12)?.unwrap_or_default(),
                at: time_of(&r.get::<Option<String>>(13)?.unwrap_or_default())?,
                decision,
                mark: r.get(15)?,
            })
        }
    };
    Ok(PledgeCheck {
        id: r.get(0)?,
        case: r.get(1)?,
        number: r.get(2)?,
        matter: r.get(3)?,
        visitor: r.get(4)?,
        enterprise: r.get(5)?,
        materials: codes(&r.get::<String>(6)?),
        opened_on: date_of(&r.get::<String>(7)?)?,
        due: date_of(&r.get::<String>(8)?)?,
        due_provisional: r.get(9)?,
        result,
    })
}

impl Store {
    /// A pledge printed for the applicant to sign (`job`: the document job that printed it).
    pub fn record_pledge_printed(
        &self,
        case: CaseId,
        terms: &PledgeTerms,
        job: Option<u64>,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<i64> {
        if terms.materials.iter().any(|m| m.contains(',') || m.is_empty()) {
            return Err(StoreError::Invalid("a material code is empty or holds a comma".into()));
        }
        let materials = terms.materials.join(",");
        self.db.write(|| {
            let id: i64 = self.db.value(
                "INSERT INTO pledge_forms (case_id, kind, materials, due, printed_by, printed_at, job) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                p![
                    case,
                    terms.kind.code(),
                    materials,
                    terms.due.map(date_text),
                    staff,
                    time_text(now),
                    job.map(|j| j as i64)
                ],
            )?;
            self.case_step(
                case,
                staff,
                "pledge.printed",
                json!({ "pledge": id, "kind": terms.kind.code(), "materials": terms.materials,
                        "due": terms.due.map(date_text), "job": job }),
                now,
            )?;
            Ok(id)
        })
    }

    /// The newest pledge of `kind` printed for a case.
    pub fn latest_pledge(&self, case: CaseId, kind: PledgeKind) -> Result<Option<PledgeRecord>> {
        self.db.query_opt(
            &format!(
                "SELECT {PLEDGE_COLS} FROM pledge_forms WHERE case_id = ?1 AND kind = ?2 ORDER BY id DESC LIMIT 1"
            ),
            p![case, kind.code()],
            pledge_from_row,
        )
    }

    /// The clerk saw the signed paper: who and when (checked by the caller:
    /// `domain::pledge::check_confirm`). A pledge confirmed meanwhile is not confirmed again.
    pub fn confirm_pledge_signed(&self, case: CaseId, id: i64, staff: &str, now: NaiveDateTime) -> Result<()> {
        self.db.write(|| {
            let n = self.db.execute(
                "UPDATE pledge_forms SET signed_by = ?3, signed_at = ?4 \
                 WHERE id = ?1 AND case_id = ?2 AND signed_at IS NULL",
                p![id, case, staff, time_text(now)],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!("no unsigned pledge {id} on case {case}")));
            }
            self.case_step(case, staff, "pledge.signed", json!({ "pledge": id }), now)
        })
    }

    /// Open the 事中事后核查 of a case accepted under 告知承诺 (call inside the acceptance's
    /// transaction, so no such acceptance exists without its check).
    pub fn open_pledge_check(
        &self,
        case: CaseId,
        materials: &[String],
        opened_on: NaiveDate,
        due: Counted<NaiveDate>,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<i64> {
        self.db.write(|| {
            let id: i64 = self.db.value(
                "INSERT INTO pledge_checks (case_id, materials, opened_on, due, due_provisional) \
                 VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                p![case, materials.join(","), date_text(opened_on), date_text(due.value), due.provisional],
            )?;
            self.case_step(
                case,
                staff,
                "pledge.check_opened",
                json!({ "check": id, "materials": materials, "due": date_text(due.value) }),
                now,
            )?;
            Ok(id)
        })
    }

    /// One check by its number.
    pub fn pledge_check(&self, id: i64) -> Result<Option<PledgeCheck>> {
        self.db.query_opt(
            &format!("SELECT {CHECK_COLS} FROM pledge_checks k JOIN cases c ON c.id = k.case_id WHERE k.id = ?1"),
            p![id],
            check_from_row,
        )
    }

    /// The check of a case, if it has one.
    pub fn case_pledge_check(&self, case: CaseId) -> Result<Option<PledgeCheck>> {
        self.db.query_opt(
            &format!("SELECT {CHECK_COLS} FROM pledge_checks k JOIN cases c ON c.id = k.case_id WHERE k.case_id = ?1"),
            p![case],
            check_from_row,
        )
    }

    /// Checks for staff: the open ones by due date (soonest first), or the finished ones
    /// newest first when `done`.
    pub fn pledge_checks(&self, done: bool, limit: usize) -> Result<Vec<PledgeCheck>> {
        let (filter, order) = if done {
            ("k.finding IS NOT NULL", "k.found_at DESC, k.id DESC")
        } else {
            ("k.finding IS NULL", "k.due, k.id")
        };
        self.db.query(
            &format!(
                "SELECT {CHECK_COLS} FROM pledge_checks k JOIN cases c ON c.id = k.case_id WHERE {filter} \
                 ORDER BY {order} LIMIT ?1"
            ),
            p![limit as i64],
            check_from_row,
        )
    }

    /// Record a check's finding in one transaction: the finding, and for a false pledge
    /// (`false_pledge`) the 失信 mark on the applicant and the decision's consequence (撤销 of a
    /// granted permit is its own case event and audit entry). Returns the mark entered, if the
    /// case names anyone to mark (an enterprise's credit code or the visitor's ID number).
    pub fn record_check_finding(
        &self,
        id: i64,
        finding: Finding,
        note: &str,
        false_pledge: Option<&Consequences>,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<Option<i64>> {
        let note = clean(note, 300, "note")?;
        self.db.write(|| {
            let check = self.pledge_check(id)?.ok_or_else(|| StoreError::Invalid(format!("no check {id}")))?;
            if check.result.is_some() {
                return Err(StoreError::Invalid(format!("check {id} has its finding already")));
            }
            let case: CaseId = check.case;
            let consequence = false_pledge.map_or(DecisionConsequence::None, |c| c.decision);
            let mark = match false_pledge {
                None => None,
                Some(c) => self.mark_case_applicant(case, c, &note, staff, now)?,
            };
            let n = self.db.execute(
                "UPDATE pledge_checks SET finding = ?2, note = ?3, found_by = ?4, found_at = ?5, consequence = ?6, \
                 mark_id = ?7 WHERE id = ?1 AND finding IS NULL",
                p![id, finding.code(), note, staff, time_text(now), consequence.code(), mark],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!("check {id} has its finding already")));
            }
            self.case_step(
                case,
                staff,
                "pledge.check",
                json!({ "check": id, "finding": finding.code(), "note": note, "consequence": consequence.code(),
                        "mark": mark }),
                now,
            )?;
            if consequence == DecisionConsequence::Revoke {
                // 行政许可法 第六十九条第二款: the permit obtained by the false pledge is revoked.
                self.case_step(case, staff, "case.revoked", json!({ "check": id, "reason": note }), now)?;
            }
            Ok(mark)
        })
    }

    /// The 失信 mark for a false pledge on the case's applicant: the enterprise when the case
    /// has a credit code, else the visitor (keyed hash and masked number); `None` when the case
    /// names neither.
    fn mark_case_applicant(
        &self,
        case: CaseId,
        c: &Consequences,
        note: &str,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<Option<i64>> {
        let who: Option<(Option<String>, Option<String>, Option<String>)> = self.db.query_opt(
            "SELECT credit_code, visitor_key, visitor_masked FROM cases WHERE id = ?1",
            p![case],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let (code, key, masked) = who.ok_or_else(|| StoreError::Invalid(format!("no case {case}")))?;
        let (kind, code, key, masked) = match (code.filter(|c| !c.is_empty()), key) {
            (Some(code), _) => ("enterprise", code, None, None),
            (None, Some(key)) => ("person", String::new(), Some(key), masked),
            (None, None) => return Ok(None),
        };
        let since = date_text(now.date());
        let mark: i64 = self.db.value(
            "INSERT INTO credit_marks (credit_code, serious, since, until, note, at, staff, subject, person_key, \
             person_masked, source) VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
            p![code, c.serious, since, note, time_text(now), staff, kind, key, masked, c.source],
        )?;
        let shown = if kind == "enterprise" { code } else { masked.unwrap_or_default() };
        self.audit().append(
            staff,
            "credit.mark",
            json!({ "mark": mark, "subject": kind, "who": shown, "serious": c.serious, "since": since,
                    "source": c.source }),
            now,
        )?;
        Ok(Some(mark))
    }

    /// A false pledge found before the decision (行政许可法 第七十八条): the grant it forbids.
    pub fn grant_barred(&self, case: CaseId) -> Result<bool> {
        Ok(self
            .db
            .query_opt("SELECT 1 FROM pledge_checks WHERE case_id = ?1 AND consequence = 'deny'", p![case], |r| {
                r.get::<i64>(0)
            })?
            .is_some())
    }
}
