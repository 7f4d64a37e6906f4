//! The front desk's records as the store reads them and the screens show them: queue tickets,
//! appointments, cases, open tasks, free-post lines, staff roles. Plain values; the store
//! (`certdesk_store::store::cases`) writes and reads them, the desk's screens display them.

use crate::domain::intake::{CaseState, Provisional, Rating};
use chrono::{NaiveDate, NaiveDateTime};

/// Shown for holders with no employer on record (reminder lists, on paper and on the desk).
pub const NO_EMPLOYER: &str = "（无工作单位记录）";

/// A case's row id.
pub type CaseId = i64;

/// A queue ticket's row id.
pub type TicketId = i64;

/// Where a queue ticket is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketState {
    /// Waiting to be called.
    Waiting,
    /// Called to a counter.
    Called,
    /// Served.
    Served,
    /// Left without being served.
    Left,
}

impl TicketState {
    /// The state's code in the tickets table.
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

/// A queue ticket (取号) as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// Its row id.
    pub id: TicketId,
    /// The day it belongs to (numbers start again each day).
    pub day: NaiveDate,
    /// A001, B012, …
    pub label: String,
    /// The matter chosen, if any.
    pub matter: Option<String>,
    /// The appointment it was issued for, if any.
    pub appointment_id: Option<i64>,
    /// Where it is.
    pub state: TicketState,
    /// The counter it was called to.
    pub counter: Option<u32>,
    /// The staff number who called it.
    pub called_by: Option<String>,
    /// When it was taken.
    pub issued_at: NaiveDateTime,
}

/// An appointment (预约服务) as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment {
    /// Its row id.
    pub id: i64,
    /// The day booked.
    pub day: NaiveDate,
    /// "09:30"
    pub slot: String,
    /// A weekend or after-hours slot (延时服务).
    pub extended: bool,
    /// The visitor's name.
    pub name: String,
    /// A phone number to reach the visitor.
    pub phone: Option<String>,
    /// The matter's code.
    pub matter: String,
    /// The enterprise, if any.
    pub enterprise: Option<String>,
    /// booked, arrived or cancelled.
    pub state: String,
    /// Why it was cancelled (staff's words, ID numbers masked).
    pub cancel_reason: Option<String>,
}

/// What the desk knows about who came (never a raw ID number).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visitor {
    /// The visitor's name.
    pub name: String,
    /// Masked ID number (110105********002X).
    pub masked_id: Option<String>,
    /// A phone number to reach the visitor.
    pub phone: Option<String>,
    /// The enterprise applying, if any.
    pub enterprise: Option<String>,
    /// The enterprise's credit code, if given.
    pub credit_code: Option<String>,
}

/// A case (办件) as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    /// Its row id.
    pub id: CaseId,
    /// 办件编号: YJ + day + a 4-digit daily sequence.
    pub number: String,
    /// The matter's code.
    pub matter: String,
    /// Where the case is.
    pub state: CaseState,
    /// How it was accepted (`AcceptKind::code`), once it is.
    pub accept_kind: Option<String>,
    /// 首问负责人's staff number (never changes).
    pub first_owner: String,
    /// The owner's staff number (changes only by a hand-off).
    pub owner: String,
    /// The applicant.
    pub visitor: Visitor,
    /// The queue ticket served, if any.
    pub ticket_id: Option<TicketId>,
    /// When it was opened.
    pub opened_at: NaiveDateTime,
    /// The day it was accepted (受理).
    pub accepted_on: Option<NaiveDate>,
    /// The committed due date.
    pub due_on: Option<NaiveDate>,
    /// The statutory due date.
    pub statutory_due_on: Option<NaiveDate>,
    /// The 容缺 pledge's due date.
    pub pledge_due: Option<NaiveDate>,
    /// The day it was completed or refused.
    pub closed_on: Option<NaiveDate>,
    /// Why it was refused (不予受理).
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
    /// The follow-up's or callback's row id.
    pub id: i64,
    /// The case, if any.
    pub case_id: Option<CaseId>,
    /// The case's number, if any.
    pub case_number: Option<String>,
    /// When it is due.
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
    /// The postal address.
    pub address: String,
    /// The tracking number once the result was sent.
    pub tracking: Option<String>,
}

/// What a staff member may do at the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Works at the window.
    Clerk,
    /// May also take the supervisor's steps: overrides, approvals.
    Supervisor,
    /// Administers the station; counts as a supervisor at the desk.
    Admin,
}

impl Role {
    /// The role's name in the staff table.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }
    /// The role a stored name names; `None` for another word.
    pub fn parse(s: &str) -> Option<Role> {
        match s.trim() {
            "clerk" | "staff" | "窗口人员" => Some(Role::Clerk),
            "supervisor" | "负责人" => Some(Role::Supervisor),
            "admin" | "管理员" => Some(Role::Admin),
            _ => None,
        }
    }
}
