//! The front desk's records: queue tickets, appointments, cases with their checklist, notices,
//! pledges, hand-offs, ratings, follow-ups, callbacks, free-post results, bad-credit marks and
//! document print jobs. Tables: the front-desk migration in [`super::schema`].
//!
//! Every write that staff see confirmed runs in one `BEGIN IMMEDIATE` transaction together with
//! its `case_events` row (全程留痕) and its audit entry: a process killed mid-intake loses nothing
//! that was confirmed, and leaves nothing half-written.
//!
//! These methods record; they do not judge. The rules (may this case be accepted? may this
//! notice list that item?) are in `domain::intake` and are checked by `service::desk` before it
//! calls a write here.
//!
//! Privacy: a visitor's ID number is stored as [`Store::id_key`] (salted SHA-256, for exact
//! search) plus its masked form; never raw. Audit details carry the case number and masked IDs.

use super::db::{p, Row};
use super::{date_text, parse_date_text, parse_time_text, time_text, Result, Store, StoreError};
use crate::domain::intake::{AcceptKind, CaseState, CheckItem, MaterialState, NoticeItem, Override, Provisional};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;
use std::collections::BTreeSet;

// The records the desk's screens show live in the domain crate, so the TUI can name them without
// depending on the store.
pub use crate::domain::records::{
    Appointment, CaseId, CaseRecord, DueMoved, MoveFacts, Task, Ticket, TicketId, TicketState, Visitor,
};

/// A document job: `(state, error, bytes)`.
pub type DocumentJob = (String, Option<String>, Option<Vec<u8>>);

/// The columns [`appointment_from_row`] reads, in its order.
pub(super) const APPOINTMENT_COLS: &str =
    "id, day, slot, extended, name, phone, matter, enterprise, state, cancel_reason";

pub(super) fn appointment_from_row(r: &Row) -> Result<Appointment> {
    Ok(Appointment {
        id: r.get(0)?,
        day: date_at(r, 1)?,
        slot: r.get(2)?,
        extended: r.get(3)?,
        name: r.get(4)?,
        phone: r.get(5)?,
        matter: r.get(6)?,
        enterprise: r.get(7)?,
        state: r.get(8)?,
        cancel_reason: r.get(9)?,
    })
}

/// One step in a case's history (全程留痕), as the case's timeline shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEvent {
    /// When the step was taken.
    pub at: NaiveDateTime,
    /// Staff ID of whoever took it.
    pub actor: String,
    /// What was done, as a dotted action word (e.g. `document.printed`).
    pub action: String,
    /// The step's particulars as recorded; ID numbers in it are masked.
    pub detail: serde_json::Value,
}

/// A one-time notice (一次性告知) given on a case, with what it listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeRecord {
    /// The notice's row id.
    pub id: i64,
    /// Its number within the case: 1 for the first notice.
    pub seq: u32,
    /// When it was recorded.
    pub at: NaiveDateTime,
    /// Staff ID of the clerk who gave it.
    pub staff: String,
    /// The missing or defective materials it lists, in the order entered.
    pub items: Vec<NoticeItem>,
    /// Staff ID of the supervisor who allowed a notice the one-time rule (行政许可法 art. 32) would refuse.
    pub override_by: Option<String>,
    /// The supervisor's stated reason for that override.
    pub override_reason: Option<String>,
}

/// A case passed from one owner to another (首问负责 handoff).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoffRecord {
    /// Staff ID of the owner before.
    pub from: String,
    /// Staff ID of the owner after.
    pub to: String,
    /// Staff ID of whoever made the handoff.
    pub by: String,
    /// Why the case was handed on, as entered.
    pub reason: String,
    /// When it was handed on.
    pub at: NaiveDateTime,
}

/// A desk's request for the visitor to rate a service (好差评), as the rating screen reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingRequest {
    /// The request's row id.
    pub id: i64,
    /// What is rated: the case number, or another name for a service without a case.
    pub service: String,
    /// The counter (window) whose visitor screen shows the request.
    pub counter: u32,
    /// The case rated, when the service is one.
    pub case_id: Option<CaseId>,
    /// Staff ID of the clerk who served and asked.
    pub staff: String,
    /// When the rating was asked for.
    pub requested_at: NaiveDateTime,
}

/// A result posted to the applicant (邮寄送达), with its tracking number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostRecord {
    /// The postal address it went to, as entered.
    pub address: String,
    /// The carrier's tracking number.
    pub tracking: String,
    /// When the posting was recorded.
    pub at: NaiveDateTime,
    /// Staff ID of the clerk who recorded it.
    pub staff: String,
}

/// What a case is opened with.
#[derive(Debug, Clone, Default)]
pub struct NewCase<'a> {
    /// Code of the matter (事项) in the catalogue the case is opened under.
    pub matter: &'a str,
    /// Material codes of the matter, in order (the checklist starts with all unchecked).
    pub materials: Vec<String>,
    /// The staff member who takes it: the first-contact owner (首问负责人).
    pub owner: &'a str,
    /// The queue ticket the visitor came with, if any.
    pub ticket: Option<TicketId>,
}

/// The 容缺/告知承诺 bookkeeping written with an acceptance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acceptance {
    /// Which acceptance: with every material, on a 告知承诺 pledge, or 容缺 with materials outstanding.
    pub kind: AcceptKind,
    /// The committed (承诺) due date.
    pub due: NaiveDate,
    /// The statutory (法定) due date.
    pub statutory_due: NaiveDate,
    /// Which of the two dates are provisional, and the calendar version they were counted on.
    pub provisional: Provisional,
    /// The calendar version both dates were counted on.
    pub calendar_version: i64,
    /// Materials outstanding under a 容缺 pledge, or replaced by a 告知承诺 pledge.
    pub pledged_materials: Vec<String>,
}

pub(super) const CASE_COLS: &str = "id, number, matter, state, accept_kind, first_owner, owner, visitor_name, \
     visitor_masked, visitor_phone, enterprise, credit_code, ticket_id, opened_at, accepted_on, due_on, \
     statutory_due_on, pledge_due, closed_on, refused_reason, due_provisional, statutory_provisional, \
     calendar_version, due_moved_from, due_moved_why, due_moved_year, due_moved_version, due_moved_to, \
     statutory_moved_from, statutory_moved_to";

const RUNNING: &str = "('accepted', 'undertaken', 'reviewed', 'approved')";

fn bad(i: usize, what: &str) -> StoreError {
    StoreError::Invalid(format!("column {i} holds a bad {what}"))
}

pub(super) fn opt_date(r: &Row, i: usize) -> Result<Option<NaiveDate>> {
    match r.get::<Option<String>>(i)? {
        None => Ok(None),
        Some(s) => parse_date_text(&s).map(Some).ok_or_else(|| bad(i, "date")),
    }
}

pub(super) fn date_at(r: &Row, i: usize) -> Result<NaiveDate> {
    opt_date(r, i)?.ok_or_else(|| bad(i, "date"))
}

pub(super) fn time_at(r: &Row, i: usize) -> Result<NaiveDateTime> {
    let s: String = r.get(i)?;
    parse_time_text(&s).ok_or_else(|| bad(i, "time"))
}

pub(super) fn case_from_row(r: &Row) -> Result<CaseRecord> {
    let state: String = r.get(3)?;
    Ok(CaseRecord {
        id: r.get(0)?,
        number: r.get(1)?,
        matter: r.get(2)?,
        state: CaseState::from_code(&state).ok_or_else(|| bad(3, "case state"))?,
        accept_kind: r.get(4)?,
        first_owner: r.get(5)?,
        owner: r.get(6)?,
        visitor: Visitor {
            name: r.get(7)?,
            masked_id: r.get(8)?,
            phone: r.get(9)?,
            enterprise: r.get(10)?,
            credit_code: r.get(11)?,
        },
        ticket_id: r.get(12)?,
        opened_at: time_at(r, 13)?,
        accepted_on: opt_date(r, 14)?,
        due_on: opt_date(r, 15)?,
        statutory_due_on: opt_date(r, 16)?,
        pledge_due: opt_date(r, 17)?,
        closed_on: opt_date(r, 18)?,
        refused_reason: r.get(19)?,
        provisional: Provisional { due: r.get(20)?, statutory: r.get(21)? },
        calendar_version: r.get(22)?,
        due_moved: match opt_date(r, 23)? {
            Some(from) => Some(DueMoved {
                from,
                why: r.get::<Option<String>>(24)?.unwrap_or_default(),
                how: match (
                    r.get::<Option<i64>>(25)?,
                    r.get::<Option<i64>>(26)?,
                    opt_date(r, 27)?,
                    opt_date(r, 28)?,
                    opt_date(r, 29)?,
                ) {
                    (Some(year), Some(version), Some(to), Some(s_from), Some(s_to)) => Some(MoveFacts {
                        year: i32::try_from(year).map_err(|_| bad(25, "year"))?,
                        version,
                        due: (from, to),
                        statutory: (s_from, s_to),
                    }),
                    _ => None,
                },
            }),
            None => None,
        },
    })
}

pub(super) fn ticket_from_row(r: &Row) -> Result<Ticket> {
    let prefix: String = r.get(2)?;
    let number: u32 = r.get(3)?;
    Ok(Ticket {
        id: r.get(0)?,
        day: date_at(r, 1)?,
        label: crate::domain::intake::ticket_label(prefix.chars().next().unwrap_or('A'), number),
        matter: r.get(4)?,
        appointment_id: r.get(5)?,
        state: TicketState::parse(&r.get::<String>(6)?),
        counter: r.get(7)?,
        called_by: r.get(8)?,
        issued_at: time_at(r, 9)?,
    })
}

pub(super) const TICKET_COLS: &str =
    "id, day, prefix, number, matter, appointment_id, state, counter, called_by, issued_at";

/// Text fields typed at the desk: trimmed, bounded, no control characters (they would reach
/// printers and terminals).
/// `s` trimmed, at most `max` characters, free of control characters (`what` names it in the
/// error).
/// Free text typed at the desk (names, phone, enterprise, notes, reasons, addresses): trimmed,
/// bounded, no control or invisible characters, and any ID number in it masked before it is
/// stored, since it is shown on screens and papers (SPEC §6: no free-text field holds one; issue
/// 17 §2: an ID number typed into the phone or enterprise field was kept whole).
pub(super) fn clean(s: &str, max: usize, what: &str) -> Result<String> {
    let t = clean_code(s, max, what)?;
    Ok(crate::domain::id::mask_in_text(&t).into_owned())
}

/// A code checked elsewhere (a slot, a credit code): trimmed, bounded, no control or invisible
/// characters, and kept exactly as typed.
pub(super) fn clean_code(s: &str, max: usize, what: &str) -> Result<String> {
    let t = s.trim();
    if t.chars().count() > max {
        return Err(StoreError::Invalid(format!("{what} is longer than {max} characters")));
    }
    if t.chars().any(char::is_control) {
        return Err(StoreError::Invalid(format!("{what} contains control characters")));
    }
    if let Some(c) = crate::domain::invisible::first_invisible(t) {
        return Err(StoreError::Invalid(format!("{what}: {}", crate::domain::invisible::reason(c))));
    }
    Ok(t.to_string())
}

/// The cases aggregate (办件): a case's record, its checklist, notices, decisions, hand-offs,
/// free-post results and time records (`cases/time.rs`), read and written through
/// [`Store::cases`]. A handle borrows the store; it holds no state of its own.
#[derive(Clone, Copy)]
pub struct Cases<'s> {
    pub(super) store: &'s Store,
}

impl Store {
    /// The cases aggregate.
    pub fn cases(&self) -> Cases<'_> {
        Cases { store: self }
    }
}

pub(super) fn clean_opt(s: Option<&str>, max: usize, what: &str) -> Result<Option<String>> {
    match s {
        None => Ok(None),
        Some(v) => {
            let v = clean(v, max, what)?;
            Ok((!v.is_empty()).then_some(v))
        }
    }
}

impl Store {
    /// Append the case event and the audit entry of one step (call inside a transaction).
    pub(super) fn case_step(
        &self,
        case_id: CaseId,
        actor: &str,
        action: &str,
        detail: serde_json::Value,
        now: NaiveDateTime,
    ) -> Result<()> {
        let number: String = self
            .db
            .query_opt("SELECT number FROM cases WHERE id = ?1", p![case_id], |r| r.get(0))?
            .ok_or_else(|| StoreError::Invalid(format!("no case {case_id}")))?;
        self.numbered_case_step(case_id, &number, actor, action, detail, now)
    }

    /// [`Store::case_step`] for a write that has read the case's number already (in its own
    /// transaction): one round trip fewer.
    pub(super) fn numbered_case_step(
        &self,
        case_id: CaseId,
        number: &str,
        actor: &str,
        action: &str,
        detail: serde_json::Value,
        now: NaiveDateTime,
    ) -> Result<()> {
        let mut detail = detail;
        if let serde_json::Value::Object(m) = &mut detail {
            m.insert("case".into(), json!(number));
        }
        // The audit masks ID-number look-alikes; the case event stores the same masked text.
        let masked = super::audit::mask_ids(&detail.to_string()).into_owned();
        self.db.execute(
            "INSERT INTO case_events (case_id, at, actor, action, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
            p![case_id, time_text(now), actor, action, masked],
        )?;
        self.audit().append(actor, action, detail, now)?;
        Ok(())
    }

    // ---- appointments and tickets -------------------------------------------------------

    // ---- credit marks -------------------------------------------------------------------

    // ---- ratings, follow-ups, callbacks -------------------------------------------------

    // ---- document print jobs --------------------------------------------------------------

    // ---- desk views ---------------------------------------------------------------------
}

mod revoke;
mod time;
pub(crate) use time::both_dues;
pub use time::{CaseTimeRecords, DecisionRecord, DueUpdate, ExtensionRecord, ReceiptRecord, StopRecord};

#[cfg(test)]
mod tests;

impl Cases<'_> {
    /// Open a case: a case number for today, `owner` as first-contact and current owner, the
    /// checklist with every material unchecked, the ticket (if any) marked served.
    pub fn open(&self, new: &NewCase<'_>, now: NaiveDateTime) -> Result<CaseRecord> {
        if new.materials.is_empty() {
            return Err(StoreError::Invalid(format!("matter {} has no materials", new.matter)));
        }
        self.store.db.write(|| {
            let day = now.date();
            let seq: u32 = self
                .store
                .db
                .value("SELECT coalesce(max(seq), 0) + 1 FROM cases WHERE day = ?1", p![date_text(day)])?;
            let number = crate::domain::intake::case_number(day, seq);
            let id: CaseId = self.store.db.value(
                "INSERT INTO cases (number, day, seq, matter, state, first_owner, owner, ticket_id, opened_at) \
                 VALUES (?1, ?2, ?3, ?4, 'registered', ?5, ?5, ?6, ?7) RETURNING id",
                p![number, date_text(day), seq, new.matter, new.owner, new.ticket, time_text(now)],
            )?;
            for (i, m) in new.materials.iter().enumerate() {
                self.store.db.execute(
                    "INSERT INTO case_checklist (case_id, material, position, state) VALUES (?1, ?2, ?3, 'unchecked')",
                    p![id, m, i as i64],
                )?;
            }
            if let Some(t) = new.ticket {
                let n = self
                    .store
                    .db
                    .execute("UPDATE desk_tickets SET state = 'served' WHERE id = ?1 AND state <> 'left'", p![t])?;
                if n == 0 {
                    return Err(StoreError::Invalid(format!("ticket {t} does not exist or has left")));
                }
            }
            self.store.case_step(
                id,
                new.owner,
                "case.opened",
                json!({ "matter": new.matter, "ticket": new.ticket }),
                now,
            )?;
            self.get(id)?.ok_or_else(|| StoreError::Invalid("case vanished".into()))
        })
    }

    /// A case by its row id.
    pub fn get(&self, id: CaseId) -> Result<Option<CaseRecord>> {
        self.store.db.query_opt(&format!("SELECT {CASE_COLS} FROM cases WHERE id = ?1"), p![id], case_from_row)
    }

    /// A case by its number (trimmed and upper-cased first).
    pub fn by_number(&self, number: &str) -> Result<Option<CaseRecord>> {
        self.store.db.query_opt(
            &format!("SELECT {CASE_COLS} FROM cases WHERE number = ?1"),
            p![number.trim().to_ascii_uppercase()],
            case_from_row,
        )
    }

    fn get_or_err(&self, id: CaseId) -> Result<CaseRecord> {
        self.get(id)?.ok_or_else(|| StoreError::Invalid(format!("no case {id}")))
    }

    /// Record who came. `id_number` must be validated by the caller; it is stored only as
    /// [`Store::id_key`] plus the masked form. Returns the case as written (read inside the
    /// transaction).
    pub fn set_visitor(
        &self,
        case: CaseId,
        visitor: &Visitor,
        id_number: Option<&str>,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<CaseRecord> {
        let name = clean(&visitor.name, 64, "name")?;
        let phone = clean_opt(visitor.phone.as_deref(), 32, "phone")?;
        let enterprise = clean_opt(visitor.enterprise.as_deref(), 128, "enterprise")?;
        let credit = match visitor.credit_code.as_deref() {
            Some(c) => Some(clean_code(c, 18, "credit code")?.to_ascii_uppercase()).filter(|c| !c.is_empty()),
            None => None,
        };
        let key = id_number.map(|i| self.store.id_key(i));
        let masked = id_number.map(|i| crate::domain::id::mask(&i.trim().to_ascii_uppercase()));
        self.store.db.write(|| {
            self.store.db.execute(
                "UPDATE cases SET visitor_name = ?2, visitor_key = ?3, visitor_masked = ?4, visitor_phone = ?5, \
                 enterprise = ?6, credit_code = ?7 WHERE id = ?1",
                p![case, name, key, masked, phone, enterprise, credit],
            )?;
            self.store.case_step(
                case,
                staff,
                "case.visitor",
                json!({ "name": name, "id": masked, "enterprise": enterprise, "credit_code": credit }),
                now,
            )?;
            // What was written, read before COMMIT: the desk shows it without reading it again.
            self.get_or_err(case)
        })
    }

    /// The checklist in the matter's order.
    pub fn checklist(&self, case: CaseId) -> Result<Vec<CheckItem>> {
        self.store.db.query(
            "SELECT material, state, note FROM case_checklist WHERE case_id = ?1 ORDER BY position",
            p![case],
            |r| {
                let state: String = r.get(1)?;
                Ok(CheckItem {
                    material: r.get(0)?,
                    state: MaterialState::from_code(&state, r.get(2)?).ok_or_else(|| bad(1, "material state"))?,
                })
            },
        )
    }

    /// Materials handed in again (after being missing or defective) since the first notice, for
    /// the later-notice rule.
    pub fn resubmitted(&self, case: CaseId) -> Result<BTreeSet<String>> {
        Ok(self
            .store
            .db
            .query("SELECT material FROM case_checklist WHERE case_id = ?1 AND resubmitted <> 0", p![case], |r| {
                r.get(0)
            })?
            .into_iter()
            .collect())
    }

    /// Tick one material, and return the checklist as it stands after the tick, read in the
    /// same transaction (the caller needs it and must not read it again). After a notice,
    /// handing in a material that was missing or defective marks it as resubmitted.
    pub fn tick(
        &self,
        case: CaseId,
        material: &str,
        state: &MaterialState,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<Vec<CheckItem>> {
        let note = match state.note() {
            Some(n) => Some(clean(n, 200, "what is wrong")?),
            None => None,
        };
        self.store.db.write(|| {
            // One read for all the write needs to know: the case's number (for its event and
            // audit entry), whether a notice went out, and whether this material was missing
            // or defective (NULL when the case has no such material: the UPDATE says so).
            let (number, noticed, was_deficient): (String, bool, Option<bool>) = self
                .store
                .db
                .query_opt(
                    "SELECT c.number, EXISTS (SELECT 1 FROM case_notices n WHERE n.case_id = c.id), \
                     (SELECT l.state IN ('missing', 'defective') FROM case_checklist l \
                      WHERE l.case_id = c.id AND l.material = ?2) FROM cases c WHERE c.id = ?1",
                    p![case, material],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )?
                .ok_or_else(|| StoreError::Invalid(format!("no case {case}")))?;
            // A resubmission: after a notice, a material that was missing or defective is handed in
            // again. Re-judging a material the bureau already holds (provided → defective) is
            // not one: that is what 行政许可法 art. 32 forbids without an override.
            let handed_in = was_deficient.unwrap_or(false)
                && matches!(
                    state,
                    MaterialState::Provided
                        | MaterialState::Corrected { .. }
                        | MaterialState::Defective { .. }
                        | MaterialState::Pledged
                );
            // Once resubmitted, a material stays resubmitted (the flag only ever goes 0 -> 1).
            let n = self.store.db.execute(
                "UPDATE case_checklist SET state = ?3, note = ?4, updated_at = ?5, updated_by = ?6, \
                 resubmitted = CASE WHEN ?7 <> 0 THEN 1 ELSE resubmitted END WHERE case_id = ?1 AND material = ?2",
                p![case, material, state.code(), note, time_text(now), staff, noticed && handed_in],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!("case {case} has no material {material}")));
            }
            self.store.numbered_case_step(
                case,
                &number,
                staff,
                "case.tick",
                json!({ "material": material, "state": state.code(), "note": note }),
                now,
            )?;
            self.checklist(case)
        })
    }

    /// Record a one-time notice with its items (the rule check is the caller's). Moves a
    /// registered case to `noticed`. Returns the notice's sequence number (1 = first).
    pub fn record_notice(
        &self,
        case: CaseId,
        items: &[NoticeItem],
        over: Option<&Override>,
        overridden: &[String],
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<u32> {
        if items.is_empty() {
            return Err(StoreError::Invalid("a notice must list at least one item".into()));
        }
        self.store.db.write(|| {
            let c = self.get_or_err(case)?;
            if !c.state.is_open_for_decision() {
                return Err(StoreError::Invalid(format!("case {} is {}, no notice now", c.number, c.state.code())));
            }
            let seq: u32 = self
                .store
                .db
                .value("SELECT coalesce(max(seq), 0) + 1 FROM case_notices WHERE case_id = ?1", p![case])?;
            let nid: i64 = self.store.db.value(
                "INSERT INTO case_notices (case_id, seq, at, staff, override_by, override_reason) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                p![
                    case,
                    seq,
                    time_text(now),
                    staff,
                    over.map(|o| o.supervisor.as_str()),
                    over.map(|o| o.reason.as_str())
                ],
            )?;
            for i in items {
                self.store.db.execute(
                    "INSERT INTO case_notice_items (notice_id, material, defect) VALUES (?1, ?2, ?3)",
                    p![nid, i.material, i.defect],
                )?;
            }
            self.store.db.execute("UPDATE cases SET state = 'noticed' WHERE id = ?1", p![case])?;
            let list: Vec<_> = items.iter().map(|i| json!({ "material": i.material, "defect": i.defect })).collect();
            self.store.case_step(case, staff, "case.notice", json!({ "seq": seq, "items": list }), now)?;
            if let Some(o) = over {
                self.store.case_step(
                    case,
                    &o.supervisor,
                    "case.notice_override",
                    json!({ "seq": seq, "items": overridden, "reason": o.reason, "for": staff }),
                    now,
                )?;
            }
            Ok(seq)
        })
    }

    /// Every notice of a case, oldest first, with its items.
    pub fn notices(&self, case: CaseId) -> Result<Vec<NoticeRecord>> {
        let heads = self.store.db.query(
            "SELECT id, seq, at, staff, override_by, override_reason FROM case_notices WHERE case_id = ?1 ORDER BY seq",
            p![case],
            |r| {
                Ok(NoticeRecord {
                    id: r.get(0)?,
                    seq: r.get(1)?,
                    at: time_at(r, 2)?,
                    staff: r.get(3)?,
                    items: Vec::new(),
                    override_by: r.get(4)?,
                    override_reason: r.get(5)?,
                })
            },
        )?;
        let mut out = Vec::with_capacity(heads.len());
        for mut n in heads {
            // Items in the order they were written (the PostgreSQL schema gives this table a
            // `rowid` column for the purpose).
            n.items = self.store.db.query(
                "SELECT material, defect FROM case_notice_items WHERE notice_id = ?1 ORDER BY rowid",
                p![n.id],
                |r| Ok(NoticeItem { material: r.get(0)?, defect: r.get(1)? }),
            )?;
            out.push(n);
        }
        Ok(out)
    }

    /// Record an acceptance (受理, 告知承诺 or 容缺) decided by `staff`.
    pub fn accept(&self, case: CaseId, acc: &Acceptance, staff: &str, now: NaiveDateTime) -> Result<()> {
        self.store.db.write(|| {
            let c = self.get_or_err(case)?;
            if !c.state.is_open_for_decision() {
                return Err(StoreError::Invalid(format!("case {} is {}, it cannot be accepted", c.number, c.state.code())));
            }
            let pledge_due = match acc.kind {
                AcceptKind::Deficient { pledge_due } => Some(pledge_due),
                _ => None,
            };
            self.store.db.execute(
                "UPDATE cases SET state = 'accepted', accept_kind = ?2, accepted_on = ?3, due_on = ?4, \
                 statutory_due_on = ?5, pledge_due = ?6, due_provisional = ?7, statutory_provisional = ?8, \
                 calendar_version = ?9 WHERE id = ?1",
                p![
                    case,
                    acc.kind.code(),
                    date_text(now.date()),
                    date_text(acc.due),
                    date_text(acc.statutory_due),
                    pledge_due.map(date_text),
                    acc.provisional.due,
                    acc.provisional.statutory,
                    acc.calendar_version
                ],
            )?;
            if !acc.pledged_materials.is_empty() {
                let kind = if pledge_due.is_some() { "deficiency" } else { "proof" };
                self.store.db.execute(
                    "INSERT INTO case_pledges (case_id, kind, materials, due, at, staff) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    p![
                        case,
                        kind,
                        serde_json::to_string(&acc.pledged_materials).unwrap_or_default(),
                        pledge_due.map(date_text),
                        time_text(now),
                        staff
                    ],
                )?;
            }
            self.store.case_step(
                case,
                staff,
                "case.accepted",
                json!({
                    "kind": acc.kind.code(),
                    "due": date_text(acc.due),
                    "statutory_due": date_text(acc.statutory_due),
                    "provisional": { "due": acc.provisional.due, "statutory": acc.provisional.statutory },
                    "calendar_version": acc.calendar_version,
                    "pledge_due": pledge_due.map(date_text),
                    "pledged": acc.pledged_materials,
                }),
                now,
            )
        })
    }

    /// Record a refusal (不予受理) with its written reason.
    pub fn refuse(&self, case: CaseId, reason: &str, staff: &str, now: NaiveDateTime) -> Result<()> {
        let reason = clean(reason, 500, "reason")?;
        if reason.is_empty() {
            return Err(StoreError::Invalid("a refusal needs a written reason".into()));
        }
        self.store.db.write(|| {
            let c = self.get_or_err(case)?;
            if !c.state.is_open_for_decision() {
                return Err(StoreError::Invalid(format!(
                    "case {} is {}, it cannot be refused",
                    c.number,
                    c.state.code()
                )));
            }
            self.store.db.execute(
                "UPDATE cases SET state = 'refused', refused_reason = ?2, closed_on = ?3 WHERE id = ?1",
                p![case, reason, date_text(now.date())],
            )?;
            self.store.case_step(case, staff, "case.refused", json!({ "reason": reason }), now)
        })
    }

    /// The 容缺 pledge's outstanding materials are all in: mark the pledge fulfilled.
    pub fn fulfil_pledges(&self, case: CaseId, staff: &str, now: NaiveDateTime) -> Result<bool> {
        self.store.db.write(|| {
            let n = self.store.db.execute(
                "UPDATE case_pledges SET fulfilled_at = ?2 WHERE case_id = ?1 AND kind = 'deficiency' \
                 AND fulfilled_at IS NULL",
                p![case, time_text(now)],
            )?;
            if n > 0 {
                self.store.db.execute("UPDATE cases SET pledge_due = NULL WHERE id = ?1", p![case])?;
                self.store.case_step(case, staff, "case.pledge_fulfilled", json!({}), now)?;
            }
            Ok(n > 0)
        })
    }

    /// Move a case one step along the main line (the rule check is the caller's). Completing
    /// it (办结) records `closed_on` and creates the callback task due on `callback_due`.
    pub fn set_state(
        &self,
        case: CaseId,
        from: CaseState,
        to: CaseState,
        callback_due: Option<NaiveDate>,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        self.store.db.write(|| {
            let n = self.store.db.execute(
                "UPDATE cases SET state = ?3 WHERE id = ?1 AND state = ?2",
                p![case, from.code(), to.code()],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!("case {case} is no longer {}", from.code())));
            }
            let mut detail = json!({ "from": from.code(), "to": to.code() });
            if to == CaseState::Completed {
                self.store
                    .db
                    .execute("UPDATE cases SET closed_on = ?2 WHERE id = ?1", p![case, date_text(now.date())])?;
                let due = callback_due.ok_or_else(|| StoreError::Invalid("completing needs a callback date".into()))?;
                self.store
                    .db
                    .execute("INSERT INTO case_callbacks (case_id, due) VALUES (?1, ?2)", p![case, date_text(due)])?;
                detail["callback_due"] = json!(date_text(due));
            }
            self.store.case_step(case, staff, "case.state", detail, now)
        })
    }

    /// Every handoff of a case, oldest first.
    pub fn handoffs(&self, case: CaseId) -> Result<Vec<HandoffRecord>> {
        self.store.db.query(
            "SELECT from_staff, to_staff, by_staff, reason, at FROM case_handoffs WHERE case_id = ?1 ORDER BY id",
            p![case],
            |r| {
                Ok(HandoffRecord {
                    from: r.get(0)?,
                    to: r.get(1)?,
                    by: r.get(2)?,
                    reason: r.get(3)?,
                    at: time_at(r, 4)?,
                })
            },
        )
    }

    /// Every step of a case, oldest first (全程留痕).
    pub fn events(&self, case: CaseId) -> Result<Vec<CaseEvent>> {
        self.store.db.query(
            "SELECT at, actor, action, detail FROM case_events WHERE case_id = ?1 ORDER BY id",
            p![case],
            |r| {
                let detail: String = r.get(3)?;
                Ok(CaseEvent {
                    at: time_at(r, 0)?,
                    actor: r.get(1)?,
                    action: r.get(2)?,
                    detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
                })
            },
        )
    }

    /// Record that the result went out by free post.
    pub fn record_post(
        &self,
        case: CaseId,
        address: &str,
        tracking: &str,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<()> {
        let address = clean(address, 200, "address")?;
        let tracking = clean(tracking, 40, "tracking number")?;
        if address.is_empty() || tracking.is_empty() {
            return Err(StoreError::Invalid("free post needs an address and a tracking number".into()));
        }
        self.store.db.write(|| {
            self.get_or_err(case)?;
            self.store.db.execute(
                "INSERT INTO case_posts (case_id, address, tracking, at, staff) VALUES (?1, ?2, ?3, ?4, ?5)",
                p![case, address, tracking, time_text(now), staff],
            )?;
            self.store.case_step(case, staff, "case.posted", json!({ "tracking": tracking }), now)
        })
    }

    /// Every posting of a case's result, oldest first.
    pub fn posts(&self, case: CaseId) -> Result<Vec<PostRecord>> {
        self.store.db.query(
            "SELECT address, tracking, at, staff FROM case_posts WHERE case_id = ?1 ORDER BY id",
            p![case],
            |r| Ok(PostRecord { address: r.get(0)?, tracking: r.get(1)?, at: time_at(r, 2)?, staff: r.get(3)? }),
        )
    }

    /// Cases currently owned by `staff` and not archived or refused, newest first.
    pub fn owned_by(&self, staff: &str, limit: usize) -> Result<Vec<CaseRecord>> {
        self.store.db.query(
            &format!(
                "SELECT {CASE_COLS} FROM cases WHERE owner = ?1 AND state NOT IN ('archived', 'refused') \
                 ORDER BY id DESC LIMIT ?2"
            ),
            p![staff, limit as i64],
            case_from_row,
        )
    }

    /// Running cases due on or before `by` (overdue first).
    pub fn due_by(&self, by: NaiveDate, limit: usize) -> Result<Vec<CaseRecord>> {
        self.store.db.query(
            &format!(
                "SELECT {CASE_COLS} FROM cases WHERE state IN {RUNNING} AND due_on <= ?1 ORDER BY due_on, id LIMIT ?2"
            ),
            p![date_text(by), limit as i64],
            case_from_row,
        )
    }

    /// Cases whose 容缺 pledge due date passed before `today` with the pledge unfulfilled, at any
    /// stage, 办结 and 归档 included (SPEC §2 容缺受理: a missed date is flagged at any stage).
    pub fn missed_pledges(&self, today: NaiveDate, limit: usize) -> Result<Vec<CaseRecord>> {
        self.store.db.query(
            &format!(
                "SELECT {CASE_COLS} FROM cases WHERE pledge_due IS NOT NULL AND pledge_due < ?1 \
                 AND state <> 'refused' ORDER BY pledge_due, id LIMIT ?2"
            ),
            p![date_text(today), limit as i64],
            case_from_row,
        )
    }

    /// Desk search. `id_number` (validated by the caller) matches by keyed hash; the text
    /// matches a case number exactly, a credit code exactly, and names / enterprises by prefix
    /// (index range scans; a prefix is what staff type). Newest first, at most `limit`.
    pub fn search(&self, text: &str, id_number: Option<&str>, limit: usize) -> Result<Vec<CaseRecord>> {
        let mut out: Vec<CaseRecord> = Vec::new();
        let mut seen = BTreeSet::new();
        let mut push = |rows: Vec<CaseRecord>, out: &mut Vec<CaseRecord>| {
            for r in rows {
                if seen.insert(r.id) {
                    out.push(r);
                }
            }
        };
        if let Some(id) = id_number {
            let key = self.store.id_key(id);
            push(
                self.store.db.query(
                    &format!("SELECT {CASE_COLS} FROM cases WHERE visitor_key = ?1 ORDER BY id DESC LIMIT ?2"),
                    p![key, limit as i64],
                    case_from_row,
                )?,
                &mut out,
            );
        }
        let t = text.trim();
        if !t.is_empty() {
            let upper = t.to_ascii_uppercase();
            if let Some(c) = self.by_number(&upper)? {
                push(vec![c], &mut out);
            }
            push(
                self.store.db.query(
                    &format!("SELECT {CASE_COLS} FROM cases WHERE credit_code = ?1 ORDER BY id DESC LIMIT ?2"),
                    p![upper, limit as i64],
                    case_from_row,
                )?,
                &mut out,
            );
            // Prefix ranges [t, t + U+10FFFF), case-sensitive, in code-point order: use the
            // indexes on visitor_name and enterprise (LIKE would not, with SQLite's default
            // case-insensitive LIKE; and PostgreSQL's LIKE is case-sensitive, so it would not
            // even match the same rows). Ordered by the indexed column alone, so the scan stops
            // after `limit` rows. SQLite compares text by code point (BINARY); PostgreSQL
            // compares by the database's collation, which may be a language's (en_US orders
            // "a-c" between "ab" and "ad", and a range would then miss or add names), so there
            // the comparison and the order are pinned to "C", PostgreSQL's code-point order.
            let hi = format!("{t}\u{10FFFF}");
            let collate = match self.store.db.backend() {
                super::Backend::Sqlite => "",
                super::Backend::Postgres => " COLLATE \"C\"",
            };
            for col in ["visitor_name", "enterprise"] {
                push(
                    self.store.db.query(
                        &format!(
                            "SELECT {CASE_COLS} FROM cases WHERE {col}{collate} >= ?1 AND {col}{collate} < ?2 \
                             ORDER BY {col}{collate} LIMIT ?3"
                        ),
                        p![t, hi, limit as i64],
                        case_from_row,
                    )?,
                    &mut out,
                );
            }
        }
        out.truncate(limit);
        Ok(out)
    }

    /// Generate `n` cases in one transaction (benchmarks, demo): visitors drawn from the
    /// registry's holders (name, keyed ID, employer and credit code), matters from `matters`,
    /// opened over the 200 days before `today`, in every state. `staff` must exist. Deterministic
    /// for a seed. Returns the number of cases written.
    pub fn populate(
        &self,
        n: usize,
        seed: u64,
        today: NaiveDate,
        matters: &crate::domain::matters::Matters,
        staff: &str,
    ) -> Result<u64> {
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        self.store.db.write(|| {
            // In key order: the order SQLite's scan of the WITHOUT ROWID table gives, pinned so
            // that PostgreSQL draws the same visitors for a seed.
            let visitors: Vec<(String, String, Option<String>, Option<String>)> = self.store.db.query(
                "SELECT id_number, name, employer, employer_code FROM holders ORDER BY id_number LIMIT ?1",
                p![n as i64 * 2],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
            if visitors.is_empty() || matters.matters.is_empty() {
                return Err(StoreError::Invalid("populate_cases needs holders and matters".into()));
            }
            let mut seq_of_day = std::collections::HashMap::<NaiveDate, u32>::new();
            let states = CaseState::ALL;
            for _ in 0..n {
                let (id, name, employer, code) = &visitors[rng.gen_range(0..visitors.len())];
                let m = &matters.matters[rng.gen_range(0..matters.matters.len())];
                let day = today - chrono::Duration::days(rng.gen_range(0..200));
                let seq = seq_of_day.entry(day).or_insert(0);
                *seq += 1;
                let number = crate::domain::intake::case_number(day, *seq);
                let state = states[rng.gen_range(0..states.len())];
                let accepted = state >= CaseState::Accepted;
                let due = day + chrono::Duration::days(i64::from(m.committed_days) * 7 / 5);
                let deficient = accepted && rng.gen_bool(0.1);
                self.store.db.execute(
                    "INSERT INTO cases (number, day, seq, matter, state, accept_kind, first_owner, owner, \
                     visitor_name, visitor_key, visitor_masked, enterprise, credit_code, opened_at, accepted_on, \
                     due_on, statutory_due_on, pledge_due, closed_on) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
                    p![
                        number,
                        date_text(day),
                        *seq,
                        m.code,
                        state.code(),
                        accepted.then_some(if deficient { "deficient" } else { "full" }),
                        staff,
                        name,
                        self.store.id_key(id),
                        crate::domain::id::mask(id),
                        employer,
                        code,
                        time_text(day.and_hms_opt(9, 0, 0).expect("valid")),
                        accepted.then(|| date_text(day)),
                        accepted.then(|| date_text(due)),
                        accepted.then(|| date_text(day + chrono::Duration::days(i64::from(m.statutory_days) * 7 / 5))),
                        deficient.then(|| date_text(due - chrono::Duration::days(2))),
                        (state >= CaseState::Completed).then(|| date_text(due)),
                    ],
                )?;
            }
            Ok(n as u64)
        })
    }

    /// How many cases the store holds, in any state.
    pub fn count(&self) -> Result<u64> {
        Ok(self.store.db.value::<i64>("SELECT count(*) FROM cases", p![])? as u64)
    }
}
