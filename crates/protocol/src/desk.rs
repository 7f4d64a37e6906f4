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
    /// 受理通知书 (A4, SPEC §8): the case was accepted.
    Acceptance,
    /// 不予受理决定书 (A4): the case was refused.
    Refusal,
    /// 延长办理期限告知书 (A4, 行政许可法 第四十二条): the time limit was extended.
    Extension,
    /// 特别程序告知书 (A4, 第四十五条): a clock stop runs.
    Special,
    /// 不予行政许可决定书 (A4): the decision was to deny.
    Denial,
    /// 送达回证 (A4): a decision was made, to be served.
    Service,
}

impl Doc {
    /// The documents the case screen's letter keys issue on A4 (besides F5's and F6's).
    pub const A4_KEYS: [Doc; 6] =
        [Doc::Acceptance, Doc::Refusal, Doc::Extension, Doc::Special, Doc::Denial, Doc::Service];
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
    /// The visitor's name.
    pub name: String,
    /// The ID number as typed (may be empty).
    pub id_number: String,
    /// A phone number to reach the visitor.
    pub phone: String,
    /// The enterprise applying, if any.
    pub enterprise: String,
    /// The enterprise's credit code, if given.
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
    /// The cases I own.
    Mine,
    /// Cases due within 3 working days, and overdue ones.
    Due,
    /// Cases whose 容缺 pledge is past due with materials outstanding.
    MissedPledges,
    /// Cases (and holders) found by the search text.
    Search,
    /// "我首问的": cases I first received, wherever they are now (首问负责制).
    FirstReceived,
    /// Hand-offs offered to me, waiting for me to take them.
    Incoming,
}

/// A request of the desk to the service.
#[derive(Clone, PartialEq, Eq)]
pub enum Effect {
    /// Today's queue.
    Queue,
    /// Take a walk-in ticket.
    TakeTicket,
    /// Call the next waiting ticket.
    CallNext {
        /// The counter (窗口) calling.
        counter: u32,
    },
    /// Open a case for a matter.
    OpenCase {
        /// The matter's code.
        matter: String,
        /// The ticket being served, if any.
        ticket: Option<TicketId>,
    },
    /// Save the visitor's details on a case.
    SaveVisitor {
        /// The case.
        case: CaseId,
        /// What was typed.
        form: VisitorForm,
    },
    /// A case's materials checklist.
    Checklist {
        /// The case.
        case: CaseId,
    },
    /// Set one material's state on the checklist.
    Tick {
        /// The case.
        case: CaseId,
        /// The material's code.
        material: String,
        /// Its new state.
        state: MaterialState,
    },
    /// Accept the case (受理), every material provided or pledged.
    Accept {
        /// The case.
        case: CaseId,
    },
    /// Accept with materials to follow (容缺受理) by a date.
    AcceptDeficient {
        /// The case.
        case: CaseId,
        /// The day the outstanding materials are due.
        pledge_due: NaiveDate,
    },
    /// Record a one-time notice (一次性告知) of what is missing or defective.
    Notice {
        /// The case.
        case: CaseId,
    },
    /// A later notice listing items outside the first one, on a supervisor's override signed
    /// on the spot (staff number + PIN) with a reason (SPEC §2; 行政许可法 art. 32).
    NoticeOverride {
        /// The case.
        case: CaseId,
        /// Why the later notice is allowed.
        reason: String,
        /// The supervisor's staff number.
        supervisor: String,
        /// The supervisor's PIN.
        pin: Secret,
    },
    /// Refuse the case (不予受理) with a reason.
    Refuse {
        /// The case.
        case: CaseId,
        /// Why.
        reason: String,
    },
    /// Print one of the case's documents.
    Print {
        /// The case.
        case: CaseId,
        /// Which document.
        doc: Doc,
    },
    /// Send the case's last failed A4 job again (same document, same number, stored bytes).
    ReprintA4 {
        /// The case.
        case: CaseId,
    },
    /// Move the case to `to`, the stage the staff member confirmed, with a note (may be empty).
    Advance {
        /// The case.
        case: CaseId,
        /// The stage confirmed.
        to: CaseState,
        /// The staff member's note (may be empty).
        note: String,
    },
    /// 办结 with a 容缺 material outstanding, on a supervisor's override signed on the spot
    /// (staff number + PIN) with a reason (SPEC §2 容缺受理).
    AdvanceOverride {
        /// The case.
        case: CaseId,
        /// The stage confirmed.
        to: CaseState,
        /// Why the stop is overridden.
        reason: String,
        /// The supervisor's staff number.
        supervisor: String,
        /// The supervisor's PIN.
        pin: Secret,
    },
    /// Offer the case to another staff member (首问负责制: they take it).
    HandOff {
        /// The case.
        case: CaseId,
        /// The receiver's staff number.
        to: String,
        /// Why.
        reason: String,
    },
    /// Ask the visitor at this counter for a 好差评 rating on the customer-facing screen.
    RequestRating {
        /// The case served.
        case: CaseId,
        /// The counter whose rating screen asks.
        counter: u32,
    },
    /// One case, for the case screen.
    Case {
        /// The case.
        case: CaseId,
    },
    /// Print for the holder at the counter (`doc`: [`Doc::CertSlip`] or [`Doc::Reminder`]),
    /// recorded as staff-assisted at `counter`.
    PrintForHolder {
        /// The certificate.
        cert: crate::domain::CertId,
        /// The slip or a reminder.
        doc: Doc,
        /// The counter it is printed at.
        counter: u32,
    },
    /// One of the desk's lists.
    List {
        /// Which list.
        kind: ListKind,
        /// The search text (only for a search).
        text: String,
    },
    /// The open callbacks and follow-ups (F8).
    Tasks,
    /// Free post: the address the result goes to.
    PostAddress {
        /// The case.
        case: CaseId,
        /// The address.
        address: String,
    },
    /// Free post: the result was sent with this tracking number.
    Tracking {
        /// The case.
        case: CaseId,
        /// The tracking number.
        tracking: String,
    },
    /// A report or the reminder list for the reports page (`reports.rs`).
    Report {
        /// Which tab.
        tab: crate::desk_reports::ReportTab,
        /// The period it covers.
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
        /// The appointment.
        appointment: i64,
    },
    /// Cancel a booked appointment with a reason (audited; the slot is free again).
    CancelAppointment {
        /// The appointment.
        appointment: i64,
        /// Why.
        reason: String,
    },
    /// A case's time under the 行政许可法 (`desk_time.rs`).
    Time(crate::desk_time::TimeEffect),
    /// Pledges, their 核查 and 失信 marks (`desk_pledge.rs`).
    Pledge(crate::desk_pledge::PledgeEffect),
    /// Open a callback or a bad rating's follow-up from the F8 list (issue 15).
    Task {
        /// Callback or follow-up.
        kind: LoopKind,
        /// Its id.
        id: i64,
    },
    /// A contact attempt of that task: reached (satisfaction, note; closes it) or not (next
    /// attempt) (围场 2023 措施 16; 淄博 2020 措施 11).
    Contact {
        /// Callback or follow-up.
        kind: LoopKind,
        /// Its id.
        id: i64,
        /// The contact: reached or not, satisfaction, note, next attempt.
        contact: Contact,
    },
    /// The 整改 of a bad rating's follow-up: what was done.
    Remedy {
        /// The follow-up's id.
        id: i64,
        /// What was done.
        remedy: String,
    },
    /// Take the hand-off of `case` offered to me (首问负责制: the case is mine only then).
    AcceptHandOff {
        /// The case.
        case: CaseId,
    },
    /// Close the pending hand-off of `case` without it changing hands (首问负责制): the
    /// receiver declines it, or the offerer withdraws it, with a reason.
    CloseHandOff {
        /// The case.
        case: CaseId,
        /// Declined by its receiver (else withdrawn by its offerer).
        decline: bool,
        /// Why (kept with the offer's record).
        reason: String,
    },
    /// Log an enquiry answered, guided or referred at this window (咨询、引导、转办).
    LogEnquiry(crate::domain::first_contact::Enquiry),
    /// Open a holder found by name or employer: their page and their cases.
    OpenHolder {
        /// One of the holder's certificates.
        cert: crate::domain::CertId,
    },
}

/// What the booking form holds when saved.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct BookForm {
    /// The matter's code.
    pub matter: String,
    /// The day.
    pub day: NaiveDate,
    /// The time slot, HH:MM.
    pub slot: String,
    /// The visitor's name.
    pub name: String,
    /// A phone number to reach the visitor.
    pub phone: String,
    /// The enterprise, if any.
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
            Effect::CloseHandOff { case, decline, .. } => write!(f, "CloseHandOff({case}, decline {decline})"),
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
        Effect::ReprintA4 { .. } => "ReprintA4",
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
        Effect::CloseHandOff { .. } => "CloseHandOff",
        Effect::LogEnquiry(_) => "LogEnquiry",
        _ => "Effect",
    }
}

/// A registered holder found by the visitor's ID number, with each certificate's status today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// The holder's name.
    pub name: String,
    /// The holder's masked ID number.
    pub masked_id: String,
    /// Their certificates with each one's status today.
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
    /// The holder's name.
    pub name: String,
    /// The holder's masked ID number.
    pub masked_id: String,
    /// The holder's employer, if registered.
    pub employer: Option<String>,
    /// Opens the holder ([`Effect::OpenHolder`]); `None`: no certificate on record.
    pub cert: Option<crate::domain::CertId>,
}

/// A queue ticket as printed: who is ahead, and the print job (a failed print is kept as a job
/// for `certdesk jobs list`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketSlip {
    /// The ticket taken.
    pub ticket: Ticket,
    /// How many tickets are to be called before it.
    pub ahead: u32,
    /// The ticket print job's serial.
    pub serial: u64,
    /// What went wrong at the printer; `None`: printed.
    pub fault: Option<PrinterFault>,
}

/// A case with its time limit today (`None` before acceptance and after completion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseLine {
    /// The case.
    pub case: CaseRecord,
    /// Its time limit today.
    pub deadline: Option<Deadline>,
    /// Free post (免费邮寄): address and tracking number; only on the case screen.
    pub post: Option<crate::domain::records::PostLine>,
    /// The case's time under the 行政许可法; only on the case screen.
    pub time: Option<crate::desk_time::CaseTime>,
    /// The stage history (who, when, from, to, note, override); only on the case screen.
    pub history: Vec<crate::domain::stages::StageStep>,
    /// 失信 marks in force today on the applicant (enterprise or visitor); only on the case screen.
    pub marks: usize,
    /// The hand-off offer waiting for its receiver (首问负责制), if any; only on the case screen.
    /// The page enables W (withdraw) for its offerer and X (decline) for its receiver.
    pub handoff: Option<PendingHandOff>,
    /// The case's last A4 job the printer did not take (the reprint key sends it again).
    pub failed_a4: Option<u64>,
}

/// A hand-off offer still waiting, as the case page needs it: who made it and to whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingHandOff {
    /// Staff ID of whoever made the offer (the one who may withdraw it).
    pub by: String,
    /// Staff ID of the receiver (the one who may take or decline it).
    pub to: String,
    /// Why it is handed on, as entered (ID numbers masked).
    pub reason: String,
}

/// Why a step was refused, as a kind; the desk's strings say it in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A pledge step or a 核查 finding refused (`domain::pledge`), in the domain's words.
    Pledge {
        /// The message in Chinese.
        zh: String,
        /// The message in English.
        en: String,
    },
    /// The ID number fails GB 11643; the text is the domain's own description of the part at
    /// fault (zh, en).
    BadId {
        /// In Chinese.
        zh: String,
        /// In English.
        en: String,
    },
    /// The credit code is malformed.
    BadCreditCode,
    /// Well-formed credit code whose check characters fail: staff may confirm it (SPEC §2).
    CreditCheck {
        /// Each check the code failed.
        mismatches: Vec<crate::domain::uscc::Mismatch>,
    },
    /// The visitor's name is empty.
    NoName,
    /// Digits in the name field: an ID or phone number typed in the wrong field.
    NameHasDigits,
    /// These materials are not checked yet.
    Unchecked(Vec<String>),
    /// These materials are missing or defective: not a plain acceptance.
    Deficient(Vec<String>),
    /// These key materials are missing or defective: no 容缺受理.
    KeyMissing(Vec<String>),
    /// Nothing is missing: accept instead of 容缺受理.
    NothingOutstanding,
    /// The pledge's due date is after the committed completion date.
    PledgeAfterDue {
        /// The pledge's due date.
        pledge_due: NaiveDate,
        /// The committed completion date.
        due: NaiveDate,
    },
    /// The pledge's due date is in the past.
    PledgeInPast(NaiveDate),
    /// The enterprise is under a bad-credit mark: no 容缺受理.
    BadCredit,
    /// A reason (or the signed pledge) is required and was not given.
    NoReason,
    /// Nothing is missing or defective: no notice to give.
    NothingToNotify,
    /// These materials were not on the first notice (a supervisor may allow them).
    NotOnFirstNotice(Vec<String>),
    /// The supervisor's number and PIN did not match a supervisor.
    NotSupervisor,
    /// The supervisor's number is locked after too many wrong PINs (minutes).
    SupervisorLocked(u32),
    /// The A4 documents cannot be made: the faces, the templates or the seal key did not load
    /// (what failed, as the paper service words it).
    PaperKit(String),
    /// Only the case's owner may hand it off.
    NotOwner,
    /// A hand-off to the case's own owner.
    SameOwner,
    /// The case is closed.
    CaseClosed,
    /// The step does not fit the case's state.
    WrongState(CaseState),
    /// A date falls outside the years working days can be counted in.
    OutsideCalendar(OutsideCalendar),
    /// The case has no document of this kind to print.
    NothingToPrint,
    /// A reminder for a certificate with no review, renewal or extension ahead.
    NothingToRemind,
    /// A defective material without what is wrong with it.
    DefectWithoutReason,
    /// This material cannot be replaced by a pledge (告知承诺).
    NotPledgeable(String),
    /// Nobody is waiting.
    QueueEmpty,
    /// A date that is not YYYY-MM-DD.
    BadDate,
    /// A typed report period that is not one (bad date, reversed, too long).
    BadPeriod(crate::report::PeriodError),
    /// A date in the past where a coming one is needed.
    DateInPast(NaiveDate),
    /// A booking for today at a time already past.
    SlotPassed {
        /// The day.
        day: NaiveDate,
        /// The slot.
        slot: String,
    },
    /// The time slot is not HH:MM.
    BadSlot,
    /// A phone number that is not 7 to 15 digits (hyphens allowed).
    BadPhone,
    /// A run of digits like an ID number in a free-text field (never stored).
    IdLike,
    /// An ID number typed into a prompt for an address, a tracking or a staff number: refused,
    /// taken out of the prompt's text (see `IdRule::Refuse`).
    IdInField,
    /// A staff number is letters and digits (hand-off, supervisor).
    BadStaffNumber,
    /// A text is longer than the desk keeps.
    TooLong,
    /// Only today's appointments are turned into tickets.
    AppointmentNotToday,
    /// Free post without an address.
    NoAddress,
    /// The tracking number is not 8–30 letters and digits.
    BadTracking,
    /// The appointment was turned into a ticket or cancelled already.
    AppointmentUsed,
    /// The appointment was cancelled.
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
    /// A document names the case's first contact, whose staff number is not on the roster.
    FirstOwnerUnknown(String),
    /// The 办件 was rated already (one rating per service): nothing to ask.
    AlreadyRated,
    /// A hand-off of this case already waits for its receiver.
    HandoffPending,
    /// Nothing of this case waits for me to take.
    NoHandoffForYou,
    /// The pending hand-off of this case was offered by someone else: only they withdraw it.
    NotYourOffer,
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
    /// 准予许可 recorded.
    Granted,
    /// 不予许可 recorded.
    Denied,
    /// The extension recorded.
    Extended,
    /// The clock stopped.
    Stopped,
    /// The clock runs again.
    Resumed,
    /// The delivery recorded.
    Delivered,
}

/// A decision on a case, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decided {
    /// The case is accepted (受理).
    Accepted {
        /// Fully, on a pledge (告知承诺) or with materials to follow (容缺).
        kind: AcceptKind,
        /// The committed due date.
        due: NaiveDate,
        /// The statutory due date.
        statutory_due: NaiveDate,
        /// Which dates are provisional (暂定): shown as such in the confirmation.
        provisional: crate::domain::intake::Provisional,
    },
    /// `overridden`: items a supervisor allowed outside the first notice, and who.
    Noticed {
        /// The notice's number for this case (1: the first).
        seq: u32,
        /// What is missing or defective.
        items: Vec<NoticeItem>,
        /// The supervisor and the materials they allowed.
        overridden: Option<(String, Vec<String>)>,
    },
    /// The case is refused (不予受理).
    Refused,
}

/// What the desk gets back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Today's queue.
    Queue(Vec<Ticket>),
    /// Pledges, their 核查 and 失信 marks (`desk_pledge.rs`).
    Pledge(crate::desk_pledge::PledgeOutcome),
    /// The ticket taken.
    TicketTaken(Ticket),
    /// A ticket taken and sent to the receipt printer (issue 15).
    TicketPrinted(TicketSlip),
    /// A search whose text names registered holders (by name or employer), with the cases it
    /// found too.
    Holders {
        /// The holders found.
        hits: Vec<HolderHit>,
        /// The cases found.
        cases: Vec<CaseLine>,
    },
    /// The called ticket (`None`: nobody waiting).
    Called(Option<Ticket>),
    /// The case opened.
    CaseOpened(CaseRecord),
    /// The visitor's details saved.
    VisitorSaved {
        /// The case.
        case: CaseRecord,
        /// The registered holder the ID number names, if any.
        known: Option<Known>,
    },
    /// The case's checklist.
    Checklist {
        /// The case.
        case: CaseRecord,
        /// Its materials.
        items: Vec<CheckItem>,
    },
    /// A decision recorded.
    Decided {
        /// The case after it.
        line: CaseLine,
        /// What was decided.
        decided: Decided,
    },
    /// A document printed, or its job kept after a printer fault.
    Printed {
        /// Which document.
        doc: Doc,
        /// The document job's serial.
        serial: u64,
        /// The document as text.
        preview: String,
        /// What went wrong at the printer; `None`: printed.
        fault: Option<PrinterFault>,
    },
    /// A counter document issued on A4 (SPEC §8): its title and number, the A4 job (kept
    /// whatever happened) and where it went; `fault`: the A4 printer did not take it.
    PrintedA4 {
        /// Which document.
        doc: Doc,
        /// Its title as printed.
        title: String,
        /// Its number (〔2026〕12号).
        number: String,
        /// The A4 job's number (kept for a reprint).
        job: u64,
        /// Where it went (the A4 target as configured).
        target: String,
        /// What the A4 printer said; `None`: printed.
        fault: Option<String>,
    },
    /// One case.
    Case(CaseLine),
    /// The case moved on to its next stage (confirmed by the staff member).
    StageMoved(CaseLine),
    /// The case was offered to another staff member, who takes it (the first-contact owner
    /// stays on record).
    HandedOff(CaseLine),
    /// I took the hand-off: the case is mine now.
    HandOffAccepted(CaseLine),
    /// The pending hand-off was declined (`declined`) or withdrawn: the case stays with its owner.
    HandOffClosed {
        /// The case as it is now.
        line: CaseLine,
        /// Declined by its receiver (else withdrawn by its offerer).
        declined: bool,
    },
    /// The enquiry was logged.
    EnquiryLogged(crate::domain::first_contact::EnquiryKind),
    /// One of the desk's lists.
    List {
        /// Which list.
        kind: ListKind,
        /// Its cases.
        cases: Vec<CaseLine>,
        /// For a search by ID number: the registered holder.
        known: Option<Known>,
    },
    /// The open follow-ups (from the moment a bad rating is given) and callbacks.
    Tasks {
        /// Bad ratings' follow-ups.
        followups: Vec<LoopTask>,
        /// Closed cases' callbacks.
        callbacks: Vec<LoopTask>,
    },
    /// One task opened, or as it is after a contact or 整改 was recorded (`done` when closed).
    Task(LoopTask),
    /// The appointments.
    Appointments(Vec<Appointment>),
    /// Booked: the list again, and the new one.
    Booked {
        /// The appointments.
        list: Vec<Appointment>,
        /// The new appointment's id.
        id: i64,
    },
    /// The appointment's visitor has a ticket now.
    Arrived(Ticket),
    /// Cancelled: the list again, and the cancelled one.
    AppointmentCancelled {
        /// The appointments.
        list: Vec<Appointment>,
        /// The cancelled appointment.
        cancelled: Appointment,
    },
    /// Free post recorded on the case (address, or the tracking number when `sent`).
    Posted {
        /// The case.
        line: CaseLine,
        /// Whether the tracking number was recorded (the result sent).
        sent: bool,
    },
    /// The rating screen of `counter` now asks the visitor.
    RatingRequested {
        /// The counter.
        counter: u32,
    },
    /// The data of the reports page.
    Report(crate::desk_reports::ReportData),
    /// The case's time page (`line.time` is set), after showing it or after a time step.
    CaseTime {
        /// The case.
        line: CaseLine,
        /// The step just recorded, for the note.
        done: Option<TimeDone>,
    },
    /// The cases owed a one-time notice (第三十二条).
    NoticesOwed(Vec<crate::desk_time::NoticeOwed>),
    /// The request was refused.
    Problem(Problem),
}
