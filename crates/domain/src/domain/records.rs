//! The front desk's records as the store reads them and the screens show them: queue tickets,
//! appointments, cases, open tasks, free-post lines, staff roles. Plain values; the store
//! (`certdesk_store::store::cases`) writes and reads them, the desk's screens display them.

use crate::domain::intake::{CaseState, Provisional, Rating};
use chrono::{NaiveDate, NaiveDateTime};

/// Shown for holders with no employer on record (reminder lists, on paper and on the desk).
pub const NO_EMPLOYER: &str = "（无工作单位记录）";

pub type CaseId = i64;

pub type TicketId = i64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketState {
    Waiting,
    Called,
    Served,
    Left,
}

impl TicketState {
    pub fn code(&self) -> &'static str {
        match self {
            TicketState::Waiting => "waiting",
            TicketState::Called => "called",
            TicketState::Served => "served",
            TicketState::Left => "left",
        }
    }
    /// The state a stored code names (an unknown code reads as waiting).
    pub fn parse(s: &str) -> TicketState {
        match s {
            "called" => TicketState::Called,
            "served" => TicketState::Served,
            "left" => TicketState::Left,
            _ => TicketState::Waiting,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    pub id: TicketId,
    pub day: NaiveDate,
    /// A001, B012, …
    pub label: String,
    pub matter: Option<String>,
    pub appointment_id: Option<i64>,
    pub state: TicketState,
    pub counter: Option<u32>,
    pub called_by: Option<String>,
    pub issued_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment {
    pub id: i64,
    pub day: NaiveDate,
    /// "09:30"
    pub slot: String,
    /// A weekend or after-hours slot (延时服务).
    pub extended: bool,
    pub name: String,
    pub phone: Option<String>,
    pub matter: String,
    pub enterprise: Option<String>,
    /// booked, arrived or cancelled.
    pub state: String,
    /// Why it was cancelled (staff's words, ID numbers masked).
    pub cancel_reason: Option<String>,
}

/// What the desk knows about who came (never a raw ID number).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visitor {
    pub name: String,
    /// Masked ID number (110105********002X).
    pub masked_id: Option<String>,
    pub phone: Option<String>,
    pub enterprise: Option<String>,
    pub credit_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    pub id: CaseId,
    pub number: String,
    pub matter: String,
    pub state: CaseState,
    pub accept_kind: Option<String>,
    pub first_owner: String,
    pub owner: String,
    pub visitor: Visitor,
    pub ticket_id: Option<TicketId>,
    pub opened_at: NaiveDateTime,
    pub accepted_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub statutory_due_on: Option<NaiveDate>,
    pub pledge_due: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub refused_reason: Option<String>,
    /// Which of the due dates are provisional (暂定, SPEC §2 "Working days").
    pub provisional: Provisional,
    /// The stored calendar version the due dates were computed with (0: built-in years only).
    pub calendar_version: Option<i64>,
    /// The last recomputation that moved a date (a year's holiday notice entered).
    pub due_moved: Option<DueMoved>,
}

/// The last recomputation that moved a case's dates, as stored: the facts, so that screens word
/// it in the reader's language (the case screen in Chinese or English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueMoved {
    /// The committed due date before the move.
    pub from: NaiveDate,
    /// The words stored with the move (Chinese, as the audit entry says them). The only account
    /// of a move recorded before `how` was (schema 15): screens show it then.
    pub why: String,
    /// What moved and why, recorded since schema 15.
    pub how: Option<MoveFacts>,
}

/// Why and how a recomputation moved a case's dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoveFacts {
    /// The year whose State Council holiday notice was entered.
    pub year: i32,
    /// The calendar version that entry made.
    pub version: i64,
    /// The committed date, before and after (equal when only the statutory date moved).
    pub due: (NaiveDate, NaiveDate),
    /// The statutory date, before and after.
    pub statutory: (NaiveDate, NaiveDate),
}

impl CaseRecord {
    /// The case's outstanding 容缺 pledge is due after its committed date (a recomputation
    /// moved the committed date earlier): flagged for staff ([`crate::domain::intake::pledge_after_due`]).
    pub fn pledge_after_due(&self) -> bool {
        crate::domain::intake::pledge_after_due(self.pledge_due, self.due_on)
    }
}

/// An open task: a bad rating's follow-up or a closed case's callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: i64,
    pub case_id: Option<CaseId>,
    pub case_number: Option<String>,
    pub due: NaiveDate,
    /// For follow-ups: the rating given.
    pub rating: Option<Rating>,
    /// The due date is provisional (暂定: a follow-up counted over a year whose notice is not
    /// entered); shown as such. Callbacks count calendar days: never provisional.
    pub provisional: bool,
}

/// Where the result goes by free post (免费邮寄, 淄博 2017 简报 六: 免费为企业邮政快递证照文书).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostLine {
    pub address: String,
    /// The tracking number once the result was sent.
    pub tracking: Option<String>,
}

/// What a staff member may do at the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Clerk,
    Supervisor,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        match s.trim() {
            "clerk" | "staff" | "窗口人员" => Some(Role::Clerk),
            "supervisor" | "负责人" => Some(Role::Supervisor),
            "admin" | "管理员" => Some(Role::Admin),
            _ => None,
        }
    }
}
