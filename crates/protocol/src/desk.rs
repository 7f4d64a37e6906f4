//! The desk's effects (what it asks the intake backend to do) and outcomes (domain results:
//! tickets, case records, checklists, deadlines, problems as kinds). No screen text here.

use crate::domain::intake::{AcceptKind, CaseState, CheckItem, Deadline, MaterialState, NoticeItem};
use crate::domain::loops::{Contact, ContactError, LoopKind, LoopTask};
use crate::domain::records::{Appointment, CaseId, CaseRecord, Ticket, TicketId};
use crate::domain::workdays::OutsideCalendar;
use crate::domain::{Certificate, Status};
use crate::kiosk::PrinterFault;
use chrono::NaiveDate;

/// Which document of a case to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doc {
    /// 一次性告知书
    Notice,
    /// 容缺受理承诺书
    Pledge,
    /// 受理回执
    Receipt,
    /// A holder's certificate slip, printed by staff for them (holder page).
    CertSlip,
    /// A holder's review-reminder slip (holder page).
    Reminder,
}

/// A PIN on its way to the worker: never printed by `Debug`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// What the visitor form holds when saved. The raw ID number goes to the worker only.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct VisitorForm {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub enterprise: String,
    pub credit_code: String,
    /// Staff confirmed a credit code whose check character fails.
    pub confirm_credit_code: bool,
}

impl std::fmt::Debug for VisitorForm {
    // The ID number is shown masked only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "VisitorForm({}, {})", self.name, crate::domain::id::mask(&self.id_number))
    }
}

/// The lists of the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Mine,
    Due,
    MissedPledges,
    Search,
    /// "我首问的": cases I first received, wherever they are now (首问负责制).
    FirstReceived,
    /// Hand-offs offered to me, waiting for me to take them.
    Incoming,
}

#[derive(Clone, PartialEq, Eq)]
pub enum Effect {
    Queue,
    TakeTicket,
    CallNext {
        counter: u32,
    },
    OpenCase {
        matter: String,
        ticket: Option<TicketId>,
    },
    SaveVisitor {
        case: CaseId,
        form: VisitorForm,
    },
    Checklist {
        case: CaseId,
    },
    Tick {
        case: CaseId,
        material: String,
        state: MaterialState,
    },
    Accept {
        case: CaseId,
    },
    AcceptDeficient {
        case: CaseId,
        pledge_due: NaiveDate,
    },
    Notice {
        case: CaseId,
    },
    /// A later notice listing items outside the first one, on a supervisor's override signed
    /// on the spot (staff number + PIN) with a reason (SPEC §2; 行政许可法 art. 32).
    NoticeOverride {
        case: CaseId,
        reason: String,
        supervisor: String,
        pin: Secret,
    },
    Refuse {
        case: CaseId,
        reason: String,
    },
    Print {
        case: CaseId,
        doc: Doc,
    },
    /// Move the case to `to`, the stage the staff member confirmed, with a note (may be empty).
    Advance {
        case: CaseId,
        to: CaseState,
        note: String,
    },
    /// 办结 with a 容缺 material outstanding, on a supervisor's override signed on the spot
    /// (staff number + PIN) with a reason (SPEC §2 容缺受理).
    AdvanceOverride {
        case: CaseId,
        to: CaseState,
        reason: String,
        supervisor: String,
        pin: Secret,
    },
    HandOff {
        case: CaseId,
        to: String,
        reason: String,
    },
    /// Ask the visitor at this counter for a 好差评 rating on the customer-facing screen.
    RequestRating {
        case: CaseId,
        counter: u32,
    },
    Case {
        case: CaseId,
    },
    /// Print for the holder at the counter (`doc`: [`Doc::CertSlip`] or [`Doc::Reminder`]),
    /// recorded as staff-assisted at `counter`.
    PrintForHolder {
        cert: crate::domain::CertId,
        doc: Doc,
        counter: u32,
    },
    List {
        kind: ListKind,
        text: String,
    },
    Tasks,
    /// Free post: the address the result goes to.
    PostAddress {
        case: CaseId,
        address: String,
    },
    /// Free post: the result was sent with this tracking number.
    Tracking {
        case: CaseId,
        tracking: String,
    },
    /// A report or the reminder list for the reports page (`reports.rs`).
    Report {
        tab: crate::desk_reports::ReportTab,
        period: crate::report::Period,
        /// Days ahead, for the reminder list.
        days: i64,
    },
    /// Today's and coming appointments (预约服务).
    Appointments,
    /// Book an appointment; a weekend or after-hours slot is 延时服务.
    Book(BookForm),
    /// An appointment's visitor arrived: a ticket (B001...) for today.
    Arrive {
        appointment: i64,
    },
    /// Cancel a booked appointment with a reason (audited; the slot is free again).
    CancelAppointment {
        appointment: i64,
        reason: String,
    },
    /// A case's time under the 行政许可法 (`desk_time.rs`).
    Time(crate::desk_time::TimeEffect),
    /// Pledges, their 核查 and 失信 marks (`desk_pledge.rs`).
    Pledge(crate::desk_pledge::PledgeEffect),
    /// Open a callback or a bad rating's follow-up from the F8 list (issue 15).
    Task {
        kind: LoopKind,
        id: i64,
    },
    /// A contact attempt of that task: reached (satisfaction, note; closes it) or not (next
    /// attempt) (围场 2023 措施 16; 淄博 2020 措施 11).
    Contact {
        kind: LoopKind,
        id: i64,
        contact: Contact,
    },
    /// The 整改 of a bad rating's follow-up: what was done.
    Remedy {
        id: i64,
        remedy: String,
    },
    /// Take the hand-off of `case` offered to me (首问负责制: the case is mine only then).
    AcceptHandOff {
        case: CaseId,
    },
    /// Log an enquiry answered, guided or referred at this window (咨询、引导、转办).
    LogEnquiry(crate::domain::first_contact::Enquiry),
    /// Open a holder found by name or employer: their page and their cases.
    OpenHolder {
        cert: crate::domain::CertId,
    },
}

/// What the booking form holds when saved.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct BookForm {
    pub matter: String,
    pub day: NaiveDate,
    pub slot: String,
    pub name: String,
    pub phone: String,
    pub enterprise: String,
}

impl std::fmt::Debug for BookForm {
    // Names and phones stay out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BookForm({}, {} {})", self.matter, self.day, self.slot)
    }
}

impl std::fmt::Debug for Effect {
    // Never print an ID number: the visitor form and search text may hold one.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Effect::SaveVisitor { case, .. } => write!(f, "SaveVisitor({case})"),
            Effect::List { kind, .. } => write!(f, "List({kind:?})"),
            Effect::Refuse { case, .. } => write!(f, "Refuse({case})"),
            Effect::PostAddress { case, .. } => write!(f, "PostAddress({case})"),
            Effect::Tracking { case, .. } => write!(f, "Tracking({case})"),
            Effect::NoticeOverride { case, supervisor, .. } => write!(f, "NoticeOverride({case}, by {supervisor})"),
            Effect::AdvanceOverride { case, supervisor, .. } => write!(f, "AdvanceOverride({case}, by {supervisor})"),
            Effect::HandOff { case, to, .. } => write!(f, "HandOff({case} -> {to})"),
            Effect::Tick { case, material, state } => write!(f, "Tick({case}, {material}, {})", state.code()),
            // Reasons and PINs stay out of logs.
            Effect::Time(t) => write!(f, "Time({:?})", t.case()),
            Effect::Pledge(p) => write!(f, "Pledge({p:?})"),
            other => write!(f, "{}", effect_name(other)),
        }
    }
}

fn effect_name(e: &Effect) -> &'static str {
    match e {
        Effect::Queue => "Queue",
        Effect::TakeTicket => "TakeTicket",
        Effect::CallNext { .. } => "CallNext",
        Effect::OpenCase { .. } => "OpenCase",
        Effect::Checklist { .. } => "Checklist",
        Effect::Accept { .. } => "Accept",
        Effect::AcceptDeficient { .. } => "AcceptDeficient",
        Effect::Notice { .. } => "Notice",
        Effect::Print { .. } => "Print",
        Effect::PrintForHolder { .. } => "PrintForHolder",
        Effect::Advance { .. } => "Advance",
        Effect::Case { .. } => "Case",
        Effect::Tasks => "Tasks",
        Effect::Pledge(_) => "Pledge",
        Effect::Report { .. } => "Report",
        Effect::Appointments => "Appointments",
        Effect::Book(_) => "Book",
        Effect::Arrive { .. } => "Arrive",
        Effect::CancelAppointment { .. } => "CancelAppointment",
        Effect::Task { .. } => "Task",
        Effect::Contact { .. } => "Contact",
        Effect::Remedy { .. } => "Remedy",
        Effect::AcceptHandOff { .. } => "AcceptHandOff",
        Effect::LogEnquiry(_) => "LogEnquiry",
        _ => "Effect",
    }
}

/// A registered holder found by the visitor's ID number, with each certificate's status today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub name: String,
    pub masked_id: String,
    pub certificates: Vec<(Certificate, Status)>,
    /// Each certificate's next step in words (zh, en), with deadlines that name the last
    /// working day (made with the calendar when the holder was looked up).
    pub next_steps: Vec<(String, String)>,
    /// For a 复审 case: why the card cannot simply be reviewed today (30号令 art. 22, 26).
    pub review: Option<crate::domain::review_intake::ReviewWarning>,
}

/// A registered holder found by name or employer at the desk's search (ID masked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolderHit {
    pub name: String,
    pub masked_id: String,
    pub employer: Option<String>,
    /// Opens the holder ([`Effect::OpenHolder`]); `None`: no certificate on record.
    pub cert: Option<crate::domain::CertId>,
}

/// A queue ticket as printed: who is ahead, and the print job (a failed print is kept as a job
/// for `certdesk jobs list`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketSlip {
    pub ticket: Ticket,
    pub ahead: u32,
    pub serial: u64,
    pub fault: Option<PrinterFault>,
}

/// A case with its time limit today (`None` before acceptance and after completion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseLine {
    pub case: CaseRecord,
    pub deadline: Option<Deadline>,
    /// Free post (免费邮寄): address and tracking number; only on the case screen.
    pub post: Option<crate::domain::records::PostLine>,
    /// The case's time under the 行政许可法; only on the case screen.
    pub time: Option<crate::desk_time::CaseTime>,
    /// The stage history (who, when, from, to, note, override); only on the case screen.
    pub history: Vec<crate::domain::stages::StageStep>,
    /// 失信 marks in force today on the applicant (enterprise or visitor); only on the case screen.
    pub marks: usize,
}

/// Why a step was refused, as a kind; the desk's strings say it in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A pledge step or a 核查 finding refused (`domain::pledge`), in the domain's words.
    Pledge {
        zh: String,
        en: String,
    },
    /// The ID number fails GB 11643; the text is the domain's own description of the part at
    /// fault (zh, en).
    BadId {
        zh: String,
        en: String,
    },
    BadCreditCode,
    /// Well-formed credit code whose check characters fail: staff may confirm it (SPEC §2).
    CreditCheck {
        mismatches: Vec<crate::domain::uscc::Mismatch>,
    },
    NoName,
    /// Digits in the name field: an ID or phone number typed in the wrong field.
    NameHasDigits,
    Unchecked(Vec<String>),
    Deficient(Vec<String>),
    KeyMissing(Vec<String>),
    NothingOutstanding,
    PledgeAfterDue {
        pledge_due: NaiveDate,
        due: NaiveDate,
    },
    PledgeInPast(NaiveDate),
    BadCredit,
    NoReason,
    NothingToNotify,
    NotOnFirstNotice(Vec<String>),
    NotSupervisor,
    /// The supervisor's number is locked after too many wrong PINs (minutes).
    SupervisorLocked(u32),
    NotOwner,
    SameOwner,
    CaseClosed,
    WrongState(CaseState),
    OutsideCalendar(OutsideCalendar),
    NothingToPrint,
    /// A reminder for a certificate with no review, renewal or extension ahead.
    NothingToRemind,
    DefectWithoutReason,
    NotPledgeable(String),
    QueueEmpty,
    BadDate,
    /// A typed report period that is not one (bad date, reversed, too long).
    BadPeriod(crate::report::PeriodError),
    DateInPast(NaiveDate),
    /// A booking for today at a time already past.
    SlotPassed {
        day: NaiveDate,
        slot: String,
    },
    BadSlot,
    BadPhone,
    /// A run of digits like an ID number in a free-text field (never stored).
    IdLike,
    /// An ID number typed into a prompt for an address, a tracking or a staff number: refused,
    /// taken out of the prompt's text (see `IdRule::Refuse`).
    IdInField,
    /// A staff number is letters and digits (hand-off, supervisor).
    BadStaffNumber,
    TooLong,
    AppointmentNotToday,
    NoAddress,
    BadTracking,
    AppointmentUsed,
    AppointmentCancelled,
    /// The time slot already holds a booked appointment.
    SlotTaken,
    /// A time step refused by the 行政许可法 rules (`domain::case_time`).
    Time(crate::domain::case_time::TimeError),
    /// A callback or follow-up contact against a rule of `domain::loops`.
    Contact(ContactError),
    /// The callback or follow-up was closed meanwhile (another desk).
    TaskClosed,
    /// A hand-off to a staff number that is no active staff member.
    NoSuchStaff(String),
    /// The 办件 was rated already (one rating per service): nothing to ask.
    AlreadyRated,
    /// A hand-off of this case already waits for its receiver.
    HandoffPending,
    /// Nothing of this case waits for me to take.
    NoHandoffForYou,
    /// An enquiry without who asked, what, or the answer or department.
    Enquiry(crate::domain::first_contact::EnquiryError),
    /// The enquiry's kind is 1, 2 or 3.
    EnquiryKind,
    /// A stage change refused by role, stage or the 容缺 stop (`domain::stages`).
    Stage(crate::domain::stages::StageError),
    /// A 失信 mark's entry or lifting refused (`domain::credit`).
    Mark(crate::domain::credit::MarkError),
    /// Anything else (database error...): logged by the service.
    Service,
}

/// A time step recorded (the desk's note says it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeDone {
    Granted,
    Denied,
    Extended,
    Stopped,
    Resumed,
    Delivered,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decided {
    Accepted {
        kind: AcceptKind,
        due: NaiveDate,
        statutory_due: NaiveDate,
        /// Which dates are provisional (暂定): shown as such in the confirmation.
        provisional: crate::domain::intake::Provisional,
    },
    /// `overridden`: items a supervisor allowed outside the first notice, and who.
    Noticed {
        seq: u32,
        items: Vec<NoticeItem>,
        overridden: Option<(String, Vec<String>)>,
    },
    Refused,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Queue(Vec<Ticket>),
    /// Pledges, their 核查 and 失信 marks (`desk_pledge.rs`).
    Pledge(crate::desk_pledge::PledgeOutcome),
    TicketTaken(Ticket),
    /// A ticket taken and sent to the receipt printer (issue 15).
    TicketPrinted(TicketSlip),
    /// A search whose text names registered holders (by name or employer), with the cases it
    /// found too.
    Holders {
        hits: Vec<HolderHit>,
        cases: Vec<CaseLine>,
    },
    /// The called ticket (`None`: nobody waiting).
    Called(Option<Ticket>),
    CaseOpened(CaseRecord),
    VisitorSaved {
        case: CaseRecord,
        known: Option<Known>,
    },
    Checklist {
        case: CaseRecord,
        items: Vec<CheckItem>,
    },
    Decided {
        line: CaseLine,
        decided: Decided,
    },
    Printed {
        doc: Doc,
        serial: u64,
        preview: String,
        fault: Option<PrinterFault>,
    },
    Case(CaseLine),
    /// The case moved on to its next stage (confirmed by the staff member).
    StageMoved(CaseLine),
    /// The case was offered to another staff member, who takes it (the first-contact owner
    /// stays on record).
    HandedOff(CaseLine),
    /// I took the hand-off: the case is mine now.
    HandOffAccepted(CaseLine),
    /// The enquiry was logged.
    EnquiryLogged(crate::domain::first_contact::EnquiryKind),
    List {
        kind: ListKind,
        cases: Vec<CaseLine>,
        known: Option<Known>,
    },
    /// The open follow-ups (from the moment a bad rating is given) and callbacks.
    Tasks {
        followups: Vec<LoopTask>,
        callbacks: Vec<LoopTask>,
    },
    /// One task opened, or as it is after a contact or 整改 was recorded (`done` when closed).
    Task(LoopTask),
    Appointments(Vec<Appointment>),
    /// Booked: the list again, and the new one.
    Booked {
        list: Vec<Appointment>,
        id: i64,
    },
    /// The appointment's visitor has a ticket now.
    Arrived(Ticket),
    /// Cancelled: the list again, and the cancelled one.
    AppointmentCancelled {
        list: Vec<Appointment>,
        cancelled: Appointment,
    },
    /// Free post recorded on the case (address, or the tracking number when `sent`).
    Posted {
        line: CaseLine,
        sent: bool,
    },
    /// The rating screen of `counter` now asks the visitor.
    RatingRequested {
        counter: u32,
    },
    /// The data of the reports page.
    Report(crate::desk_reports::ReportData),
    /// The case's time page (`line.time` is set), after showing it or after a time step.
    CaseTime {
        line: CaseLine,
        /// The step just recorded, for the note.
        done: Option<TimeDone>,
    },
    /// The cases owed a one-time notice (第三十二条).
    NoticesOwed(Vec<crate::desk_time::NoticeOwed>),
    Problem(Problem),
}
