//! The front desk's backend: UI-free functions the desk screens call. Each returns domain
//! results (records, states, dates, typed errors) and never builds UI text; the desk mode
//! decides what to show in zh-CN or en.
//!
//! Every function reads `today` from the clock when it runs (deadlines in working days depend
//! on it), checks the rule in `domain::intake`, and then writes through `store::cases`, where
//! each confirmed step is one transaction with its case event and audit entry.
//!
//! Data files: the matters catalogue and the working-day calendar are read from the home
//! directory (`matters.toml`, `calendar.toml`) when present, else the built-in copies
//! (assets/). A bad file is an error at start, never a silent fallback.

use super::pin_gate::{Pause, PinGate, Place, SignIn};
use crate::config::{Config, Paper, QrMode};
use crate::domain::id::{IdError, ResidentId};
use crate::domain::intake::{
    self, callback_due, check_handoff, check_later_notice, check_tick, decide, notice_items, AcceptKind, CaseState,
    CheckItem, CreditMark, Deadline, Decision, DecisionContext, DecisionError, DecisionOutcome, HandoffError,
    MaterialState, NoticeError, NoticeItem, Override, Provisional, Rating, TickError,
};
use crate::domain::matters::{Matter, Matters};
use crate::domain::throttle::Lockout;
use crate::domain::uscc::{self, UsccCheck, UsccError};
use crate::domain::workdays::{Calendar, OutsideCalendar};
use crate::domain::{Certificate, Holder, Status};
use crate::printer::{self, PrintError, PrintJob, Target};
use crate::settings::Settings;
use crate::slip::documents::{self, DocHeader, DocItem, DueText, ReceiptKind};
use crate::slip::{self, Slip};
use crate::store::cases::{Acceptance, Appointment, CaseId, CaseRecord, NewCase, Ticket, TicketId, Visitor};
use crate::store::staff::PinCheck;
use crate::store::{Role, Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::clock::Clock;

/// Settings of the desk that live with the data (`settings` table).
pub const FOLLOWUP_DAYS_SETTING: &str = "desk.followup_working_days";

/// Why a desk request was refused, each case its own variant so the screen can say it.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The matter is not in the matters list.
    #[error("no matter {0} in the catalogue")]
    UnknownMatter(String),
    /// No case with this id.
    #[error("no case {0}")]
    UnknownCase(CaseId),
    /// The visitor's ID number is malformed.
    #[error("the ID number is not valid: {0}")]
    Id(#[from] IdError),
    /// The credit code is malformed.
    #[error("the credit code is not valid: {0}")]
    Uscc(#[from] UsccError),
    /// Well-formed but the check character differs: staff may confirm it (SPEC §2).
    #[error("credit code check failed ({}); confirm to keep it", mismatches.iter().map(|m| m.to_string()).collect::<Vec<_>>().join("; "))]
    CreditCheckWarning {
        /// Each check the code failed.
        mismatches: Vec<uscc::Mismatch>,
    },
    /// A checklist tick the case's state or the rules do not allow.
    #[error(transparent)]
    Tick(#[from] TickError),
    /// A decision the checklist or the rules do not allow.
    #[error(transparent)]
    Decision(#[from] DecisionError),
    /// A hand-off the rules do not allow (首问负责制).
    #[error(transparent)]
    Handoff(#[from] HandoffError),
    /// A date falls outside the years working days can be counted in.
    #[error(transparent)]
    Calendar(#[from] OutsideCalendar),
    /// The supervisor's number and PIN did not match a supervisor.
    #[error("a supervisor's staff number and PIN are needed, and they did not match a supervisor")]
    NotSupervisor,
    /// The supervisor's number is locked after too many wrong PINs (as at sign-in).
    #[error("the supervisor's staff number is locked for {minutes} minutes after wrong PINs")]
    SupervisorLocked {
        /// Minutes until it can be tried again.
        minutes: u32,
    },
    /// The step does not fit the case's state.
    #[error("the case is {0:?}: this step is not possible now")]
    WrongState(CaseState),
    /// The case has no document of this kind to print.
    #[error("there is no {0} to print for this case")]
    NothingToPrint(&'static str),
    /// The visitor's name is empty.
    #[error("the name of the visitor is needed")]
    NoName,
    /// A name with digits in it: most likely an ID or phone number typed into the name field.
    /// Refused, so that a raw ID number never lands in the case tables (SPEC §6).
    #[error("a name has no digits (is this an ID or phone number in the name field?)")]
    NameHasDigits,
    /// The desk could not be set up (matters file, calendar).
    #[error("{0}")]
    Setup(String),
    /// The A4 documents cannot be made: the faces, the templates or the seal key did not load
    /// (`paper::PaperKit::load`; the text names which). Something the station's keeper mends.
    #[error("{0}")]
    PaperKit(String),
    /// Free post without an address.
    #[error("free post needs an address")]
    NoAddress,
    /// The tracking number is not 8–30 letters and digits.
    #[error("a tracking number is 8 to 30 letters and digits")]
    BadTracking,
    /// Only today's appointments are turned into tickets.
    #[error("the appointment is not for today")]
    AppointmentNotToday,
    /// The appointment was turned into a ticket or cancelled already.
    #[error("the appointment was already turned into a ticket or cancelled")]
    AppointmentUsed,
    /// The appointment was cancelled.
    #[error("the appointment was cancelled")]
    AppointmentCancelled,
    /// The slot already holds a booked appointment (one visitor per slot).
    #[error("that time slot is already booked")]
    SlotTaken,
    /// A cancellation needs a written reason.
    #[error("a reason is needed")]
    NoReason,
    /// A booking's date is before today.
    #[error("the date {0} is past")]
    DateInPast(NaiveDate),
    /// A booking for today at a time already past (issue 15).
    #[error("the slot {1} of {0} has passed")]
    SlotPassed(NaiveDate, String),
    /// The time slot is not HH:MM.
    #[error("a time slot is HH:MM (09:30)")]
    BadSlot,
    /// A phone number is 7 to 15 digits with optional hyphens; anything longer (an ID number
    /// typed in the wrong field) is refused so it is never stored (SPEC §6).
    #[error("a phone number is 7 to 15 digits")]
    BadPhone,
    /// A run of 15 or more digits in a free-text field: most likely an ID number.
    #[error("this looks like an ID number in a text field")]
    IdLike,
    /// The named field is longer than the desk keeps.
    #[error("{0} is too long")]
    TooLong(&'static str),
    /// A step of the case's time refused by the 行政许可法 rules (`domain::case_time`).
    #[error(transparent)]
    Time(#[from] crate::domain::case_time::TimeError),
    /// A callback or follow-up contact that breaks a rule of `domain::loops`.
    #[error(transparent)]
    Contact(#[from] crate::domain::loops::ContactError),
    /// No callback or follow-up with this id.
    #[error("no callback or follow-up {0}")]
    UnknownTask(i64),
    /// The callback or follow-up is closed already.
    #[error("the callback or follow-up is closed already")]
    TaskClosed,
    /// A hand-off to a staff number that is not an active staff member.
    #[error("no active staff member {0}")]
    NoSuchStaff(String),
    /// A document names the case's first contact (首问负责制), whose staff number is not on the
    /// staff roster.
    #[error("the case's first contact, staff number {0}, is not on the staff roster")]
    FirstOwnerUnknown(String),
    /// The visitor has rated this 办件 already (one rating per service).
    #[error("this service has been rated already")]
    AlreadyRated,
    /// A hand-off of this case already waits for its receiver.
    #[error("a hand-off of this case already waits for its receiver")]
    HandoffPending,
    /// Nothing of this case waits for the staff member to take it.
    #[error("no hand-off of this case waits for you")]
    NoHandoffForYou,
    /// Only the staff member who offered a hand-off can withdraw it.
    #[error("only the staff member who offered this hand-off can withdraw it")]
    NotYourOffer,
    /// An enquiry the rules refuse.
    #[error(transparent)]
    Enquiry(#[from] crate::domain::first_contact::EnquiryError),
    /// A stage change refused by role, stage or the 容缺 stop (`domain::stages`).
    #[error(transparent)]
    Stage(crate::domain::stages::StageError),
    /// A 失信 mark's entry or lifting refused (`domain::credit`).
    #[error(transparent)]
    Mark(crate::domain::credit::MarkError),
    /// No 失信 mark with this id.
    #[error("no 失信 mark {0}")]
    NoMark(i64),
    /// A pledge's printing, confirmation, or an acceptance without it (`domain::pledge`).
    #[error(transparent)]
    Pledge(crate::domain::pledge::PledgeError),
    /// A 核查 finding refused (`domain::pledge::check_finding`).
    #[error(transparent)]
    Check(crate::domain::pledge::CheckError),
}

/// A phone number as the desk keeps it: digits with optional hyphens, 7 to 15 digits.
pub fn phone_ok(phone: &str) -> bool {
    let p = phone.trim();
    let digits = p.chars().filter(char::is_ascii_digit).count();
    p.chars().all(|c| c.is_ascii_digit() || c == '-') && (7..=15).contains(&digits)
}

/// True when `text` holds a run of 15 or more digits (or digits ending in X): an ID number.
pub fn id_like(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) || (run >= 14 && matches!(c, 'x' | 'X')) {
            run += 1;
            if run >= 15 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// The booking rules before anything is written: a date from today on, an HH:MM slot, a name
/// without digits, a plausible phone, no ID number in the enterprise field, bounded lengths.
fn check_booking(
    today: NaiveDate,
    day: NaiveDate,
    slot: &str,
    name: &str,
    phone: Option<&str>,
    enterprise: Option<&str>,
) -> DeskResult<()> {
    if day < today {
        return Err(DeskError::DateInPast(day));
    }
    let slot = slot.trim();
    if slot.len() != 5 || chrono::NaiveTime::parse_from_str(slot, "%H:%M").is_err() {
        return Err(DeskError::BadSlot);
    }
    let name = name.trim();
    if name.is_empty() {
        return Err(DeskError::NoName);
    }
    if name.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        return Err(DeskError::NameHasDigits);
    }
    if name.chars().count() > 64 {
        return Err(DeskError::TooLong("name"));
    }
    if let Some(p) = phone.map(str::trim).filter(|p| !p.is_empty()) {
        if !phone_ok(p) {
            return Err(DeskError::BadPhone);
        }
    }
    if let Some(e) = enterprise.map(str::trim).filter(|e| !e.is_empty()) {
        if id_like(e) {
            return Err(DeskError::IdLike);
        }
        if e.chars().count() > 128 {
            return Err(DeskError::TooLong("enterprise"));
        }
    }
    Ok(())
}

/// A desk request's result.
pub type DeskResult<T> = std::result::Result<T, DeskError>;

/// The answer to a login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    /// The PIN is right: the session.
    Ok(StaffSession),
    /// The PIN is wrong.
    Denied {
        /// Tries left before the lock-out.
        attempts_left: u32,
    },
    /// Too many wrong PINs: locked for a while.
    Locked {
        /// Minutes until the next try is allowed.
        minutes: u32,
    },
}

/// A logged-in staff member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSession {
    /// The staff number.
    pub staff_id: String,
    /// The staff member's name.
    pub name: String,
    /// What they may do.
    pub role: Role,
}

impl StaffSession {
    /// Whether they act as a supervisor (a supervisor or an admin).
    pub fn is_supervisor(&self) -> bool {
        matches!(self.role, Role::Supervisor | Role::Admin)
    }
}

/// What staff type about the visitor.
#[derive(Debug, Clone, Default)]
pub struct VisitorInput {
    /// The visitor's name.
    pub name: String,
    /// The ID number, if given: kept as a key and a masked form only.
    pub id_number: Option<String>,
    /// A phone number to reach the visitor.
    pub phone: Option<String>,
    /// The enterprise applying, if any.
    pub enterprise: Option<String>,
    /// The enterprise's credit code, if given.
    pub credit_code: Option<String>,
    /// Staff confirmed a credit code whose check character fails (real codes in the wild do).
    pub confirm_credit_code: bool,
}

/// A known holder found by the visitor's ID number, with their certificates' status today.
#[derive(Debug, Clone)]
pub struct KnownHolder {
    /// The holder as registered.
    pub holder: Holder,
    /// Their certificates with each one's status today.
    pub certificates: Vec<(Certificate, Status)>,
    /// Each certificate's next step in words (zh, en), deadlines named with the calendar.
    pub next_steps: Vec<(String, String)>,
}

/// A supervisor's override of the later-notice rule: checked against the staff table.
#[derive(Debug, Clone)]
pub struct SupervisorOverride {
    /// The supervisor's staff number.
    pub staff_id: String,
    /// The supervisor's PIN, checked like a sign-in's.
    pub pin: String,
    /// Why the rule is set aside (audited).
    pub reason: String,
}

/// The result of a decision, as recorded.
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
        /// Which of the dates are provisional (暂定).
        provisional: Provisional,
    },
    /// A one-time notice recorded (print it with [`Desk::print_document`]). `seq` 1 = first.
    Noticed {
        /// The notice's number for this case.
        seq: u32,
        /// What is missing or defective.
        items: Vec<NoticeItem>,
        /// The materials allowed on a later notice only by a supervisor's override.
        overridden: Vec<String>,
    },
    /// The case is refused (不予受理).
    Refused,
}

/// Which document to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// The one-time notice (一次性告知书).
    Notice,
    /// The pledge (承诺书).
    Pledge,
    /// The receipt (受理回执).
    Receipt,
}

impl DocKind {
    /// The kind's name in the document jobs table.
    pub fn code(self) -> &'static str {
        match self {
            DocKind::Notice => "notice",
            DocKind::Pledge => "pledge",
            DocKind::Receipt => "receipt",
        }
    }
}

/// A document print: the serial, the preview, and whether the printer took it.
#[derive(Debug, Clone)]
pub struct DocPrint {
    /// The document job's serial.
    pub serial: u64,
    /// The document as text.
    pub preview: String,
    /// The ESC/POS bytes sent.
    pub bytes: Vec<u8>,
    /// The printer's error; `None`: printed.
    pub error: Option<PrintError>,
}

/// What a checklist tick wrote, as its transaction left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticked {
    /// The case after the tick.
    pub case: CaseRecord,
    /// The checklist after the tick.
    pub checklist: Vec<CheckItem>,
}

/// A case with its time limit as of today.
#[derive(Debug, Clone)]
pub struct CaseView {
    /// The case.
    pub case: CaseRecord,
    /// `None` before acceptance and after completion.
    pub deadline: Option<Deadline>,
    /// Free post: address and tracking number (only on a single case's view, not in lists).
    pub post: Option<documents::PostLine>,
    /// The case's time under the 行政许可法 (only on a single case's view, not in lists).
    pub time: Option<CaseTimeView>,
}

/// The result of a rating on the customer's screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RatingRecorded {
    /// Recorded; for a bad rating the follow-up's due date.
    Recorded {
        /// The follow-up's due date, for a bad rating.
        followup_due: Option<NaiveDate>,
    },
    /// Nothing was waiting on this counter, or it was answered already (one per service).
    NotPending,
}

/// Desk search results.
#[derive(Debug, Clone, Default)]
pub struct SearchResult {
    /// The cases found.
    pub cases: Vec<CaseView>,
    /// When the text was a valid ID number of a registered holder.
    pub holder: Option<KnownHolder>,
    /// Registered holders whose name or employer starts with the text (not an ID number).
    pub holders: Vec<hall::HolderFound>,
}

/// The front desk's backend: queue, appointments, cases and their time, documents, loops.
pub struct Desk {
    /// The database.
    pub store: Store,
    matters: Matters,
    /// The home's working-day calendar (built-in years and the stored ones), re-read when the
    /// stored calendar's version changes (`certdesk calendar add` on any terminal).
    calendar: CalendarCache,
    clock: Clock,
    target: Target,
    target_text: String,
    paper: Paper,
    qr: QrMode,
    timeout: Duration,
    query_status: bool,
    bureau: String,
    phone: String,
    lead: crate::domain::LeadTimes,
    lockout: Lockout,
    station: String,
    /// How PIN delays are waited out (`pin_gate::sleep` in the product).
    pause: Pause,
    /// The home, for A4 documents (`desk/a4.rs`); `None` on a desk made without one.
    a4: Option<a4::A4Station>,
}

/// The desk's calendar and when the store's version was last compared (at most every
/// [`CALENDAR_RECHECK`], and always before an acceptance records its dates).
struct CalendarCache {
    current: std::sync::RwLock<(Arc<Calendar>, Option<std::time::Instant>)>,
}

/// How often a running desk asks the store whether a year was entered (one indexed read).
const CALENDAR_RECHECK: Duration = Duration::from_secs(5);

impl Desk {
    /// Open the desk with a station's resolved settings: its database (waiting by the
    /// settings' timeouts), printer, matters and the calendar in the database.
    pub fn open(settings: &Settings) -> DeskResult<Desk> {
        let setup = |e: anyhow::Error| DeskError::Setup(format!("{e:#}"));
        let store = settings.store_with(crate::store::OpenCheck::Quick).map_err(setup)?;
        let matters = settings.matters().map_err(setup)?.clone();
        // The calendar lives in the database (`certdesk calendar add`); a calendar.toml left in
        // the home is not read (doctor warns about it).
        let calendar = store.calendar().get().map_err(|e| DeskError::Setup(format!("calendar: {e}")))?;
        let desk =
            Desk::new(store, &settings.home.config, settings.target.clone(), matters, calendar, settings.clock.clone());
        let home = a4::A4Home { config: settings.home.config.clone(), dir: settings.home.dir.clone() };
        Ok(desk.with_timeouts(&settings.timeouts).with_a4(home))
    }

    /// The same desk printing with `timeouts.printer_io` (the settings' value, which
    /// certdesk.toml's `printer.timeout_ms` gave unless a test chose a shorter one).
    pub fn with_timeouts(mut self, timeouts: &certdesk_domain::timeouts::Timeouts) -> Desk {
        self.timeout = timeouts.printer_io;
        self
    }

    /// A desk on an open store (tests, the demo).
    pub fn new(
        store: Store,
        config: &Config,
        target: Target,
        matters: Matters,
        calendar: Calendar,
        clock: Clock,
    ) -> Desk {
        // Documents get their own spool folder: their serials are counted apart from
        // certificate print serials, so `<serial>.bin` names must not meet.
        let target = match target {
            Target::File(dir) => Target::File(dir.join("documents")),
            t => t,
        };
        Desk {
            store,
            matters,
            calendar: CalendarCache { current: std::sync::RwLock::new((Arc::new(calendar), None)) },
            clock,
            target_text: target.to_string(),
            target,
            paper: config.printer.paper,
            qr: config.printer.qr,
            timeout: Duration::from_millis(config.printer.timeout_ms),
            query_status: config.printer.query_status,
            bureau: config.bureau.name.clone(),
            phone: config.bureau.phone.clone(),
            lead: config.reminders,
            lockout: super::pin_gate::lockout(config),
            station: format!("{}-desk", config.kiosk.id),
            pause: super::pin_gate::sleep(),
            a4: None,
        }
    }

    /// The matters the desk handles.
    pub fn matters(&self) -> &Matters {
        &self.matters
    }

    /// The working-day calendar, re-read from the store when its version changed (checked at
    /// most every few seconds; see [`Desk::refresh_calendar`]).
    pub fn calendar(&self) -> Arc<Calendar> {
        {
            let g = self.calendar.current.read().unwrap_or_else(|p| p.into_inner());
            if g.1.is_some_and(|at| at.elapsed() < CALENDAR_RECHECK) {
                return g.0.clone();
            }
        }
        self.refresh_calendar()
    }

    /// Compare the stored calendar's version with the one in use now and re-read it if it
    /// changed. A store that cannot be read keeps the calendar in use (the next call retries).
    pub fn refresh_calendar(&self) -> Arc<Calendar> {
        let mut g = self.calendar.current.write().unwrap_or_else(|p| p.into_inner());
        match self.store.calendar().version() {
            Ok(v) if v != g.0.version() => {
                if let Ok(c) = self.store.calendar().get() {
                    g.0 = Arc::new(c);
                    g.1 = Some(std::time::Instant::now());
                }
            }
            Ok(_) => g.1 = Some(std::time::Instant::now()),
            Err(_) => {}
        }
        g.0.clone()
    }

    fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    /// Today, on the desk's clock.
    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    fn matter(&self, code: &str) -> DeskResult<&Matter> {
        self.matters.get(code).ok_or_else(|| DeskError::UnknownMatter(code.to_string()))
    }

    /// A case as it is now: every read applies 第三十二条's deemed acceptance first (`time.rs`).
    fn case(&self, id: CaseId) -> DeskResult<CaseRecord> {
        let c = self.store.cases().get(id)?.ok_or(DeskError::UnknownCase(id))?;
        self.deem_if_lapsed(c)
    }

    /// Working days to follow up a bad rating (setting; default 5, SPEC §2).
    pub fn followup_days(&self) -> u32 {
        self.store
            .setting(FOLLOWUP_DAYS_SETTING)
            .ok()
            .flatten()
            .and_then(|v| v.trim().parse().ok())
            .filter(|d: &u32| (1..=60).contains(d))
            .unwrap_or(intake::DEFAULT_FOLLOWUP_WORKING_DAYS)
    }

    // ---- staff ----------------------------------------------------------------------------

    /// Staff login: number + PIN through the one staff PIN gate (`service::pin_gate`, the
    /// same for the desk, the kiosk's staff key, supervisors' approvals and the command line):
    /// growing delays per station, failures per staff number lock it. Unknown, disabled and
    /// wrong all answer `Denied`; every attempt is audited.
    pub fn login(&self, staff_id: &str, pin: &str) -> DeskResult<Login> {
        Ok(match self.pin_gate().sign_in(staff_id, pin, "desk.login")? {
            SignIn::Ok(m) => Login::Ok(StaffSession { staff_id: m.staff_id, name: m.name, role: m.role }),
            SignIn::Denied { attempts_left } => Login::Denied { attempts_left },
            SignIn::Locked { minutes } => Login::Locked { minutes },
        })
    }

    /// Check a supervisor's PIN typed on the spot for an override, through the same gate as
    /// the sign-in (a wrong supervisor PIN here counts towards that number's lock at sign-in
    /// too).
    fn supervisor_pin(&self, staff_id: &str, pin: &str) -> DeskResult<PinCheck> {
        Ok(self.pin_gate().check(staff_id, pin)?)
    }

    /// This desk's PIN gate (behind the counter).
    pub fn pin_gate(&self) -> PinGate<'_> {
        PinGate {
            store: &self.store,
            station: &self.station,
            clock: &self.clock,
            rule: self.lockout,
            place: Place::Counter,
            pause: &self.pause,
        }
    }

    /// Wait out PIN delays with `pause` instead of sleeping (tests count the waits).
    pub fn set_pin_pause(&mut self, pause: Pause) {
        self.pause = pause;
    }

    /// "name（number）" of the staff member a document names as the case's first contact. A
    /// database error is the desk's store error; a number not on the roster (staff are
    /// deactivated, never removed, so only a damaged or hand-edited database has one) is
    /// [`DeskError::FirstOwnerUnknown`]: the paper would otherwise carry a bare number no one
    /// can answer for, and nobody would know.
    fn staff_label(&self, id: &str) -> DeskResult<String> {
        match self.store.staff().get(id)? {
            Some(m) => Ok(format!("{}（{}）", m.name, m.staff_id)),
            None => Err(DeskError::FirstOwnerUnknown(id.to_string())),
        }
    }

    // ---- queue ---------------------------------------------------------------------------

    /// Take the next ticket of today's queue, for a matter or for a walk-in who chooses at the window.
    pub fn take_ticket(&self, matter: Option<&str>) -> DeskResult<Ticket> {
        if let Some(m) = matter {
            self.matter(m)?;
        }
        let now = self.now();
        Ok(self.store.tickets().take(now.date(), matter, &self.station, now)?)
    }

    /// Call the next waiting ticket to this counter; `None` when nobody is waiting.
    pub fn call_next(&self, who: &StaffSession, counter: u32) -> DeskResult<Option<Ticket>> {
        let now = self.now();
        Ok(self.store.tickets().call_next(now.date(), counter, &who.staff_id, now)?)
    }

    /// Book an appointment; weekend days (and after-hours slots from 17:30) are 延时服务.
    #[allow(clippy::too_many_arguments)]
    pub fn book_appointment(
        &self,
        who: &StaffSession,
        day: NaiveDate,
        slot: &str,
        name: &str,
        phone: Option<&str>,
        matter: &str,
        enterprise: Option<&str>,
    ) -> DeskResult<i64> {
        self.matter(matter)?;
        check_booking(self.today(), day, slot, name, phone, enterprise)?;
        hall::check_slot_not_passed(self.now(), day, slot)?;
        let weekend = !self.calendar().is_working_day(day).unwrap_or(true);
        let late = chrono::NaiveTime::parse_from_str(slot.trim(), "%H:%M")
            .map(|t| t >= chrono::NaiveTime::from_hms_opt(17, 30, 0).expect("valid"))
            .unwrap_or(false);
        let now = self.now();
        if self.store.appointments().slot_booked(day, slot)? {
            return Err(DeskError::SlotTaken);
        }
        match self.store.appointments().book(
            day,
            slot,
            weekend || late,
            name,
            phone,
            matter,
            enterprise,
            &who.staff_id,
            now,
        ) {
            Ok(id) => Ok(id),
            // Another counter booked the slot between the check and the write.
            Err(_) if self.store.appointments().slot_booked(day, slot)? => Err(DeskError::SlotTaken),
            Err(e) => Err(e.into()),
        }
    }

    /// Cancel a booked appointment (the visitor called it off, a double booking...) with a
    /// written reason: audited, the slot is free again, and it no longer turns into a ticket.
    /// Only a booked one: an arrived visitor already has a ticket.
    pub fn cancel_appointment(&self, who: &StaffSession, appointment: i64, reason: &str) -> DeskResult<Appointment> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(DeskError::NoReason);
        }
        if reason.chars().count() > crate::store::desk_extra::MAX_CANCEL_REASON {
            return Err(DeskError::TooLong("reason"));
        }
        match self.store.appointments().get(appointment)? {
            Some(a) if a.state == "booked" => {}
            Some(a) if a.state == "cancelled" => return Err(DeskError::AppointmentCancelled),
            Some(_) => return Err(DeskError::AppointmentUsed),
            None => return Err(DeskError::Setup(format!("no appointment {appointment}"))),
        }
        Ok(self.store.appointments().cancel(appointment, reason, &who.staff_id, self.now())?)
    }

    /// The appointments booked for a day.
    pub fn appointments_on(&self, day: NaiveDate) -> DeskResult<Vec<Appointment>> {
        Ok(self.store.appointments().on(day)?)
    }

    /// Today's appointments (every state) and the booked ones of later days, by day and slot.
    pub fn appointments_ahead(&self, limit: usize) -> DeskResult<Vec<Appointment>> {
        Ok(self.store.appointments().from(self.today(), limit)?)
    }

    /// The visitor of an appointment arrived: a ticket for today. Only an appointment booked
    /// for today turns into a ticket (another day's visitor takes a walk-in ticket).
    pub fn arrive(&self, appointment: i64) -> DeskResult<Ticket> {
        match self.store.appointments().on(self.today())?.iter().find(|a| a.id == appointment) {
            Some(a) if a.state == "booked" => {}
            Some(a) if a.state == "cancelled" => return Err(DeskError::AppointmentCancelled),
            Some(_) => return Err(DeskError::AppointmentUsed),
            None => return Err(DeskError::AppointmentNotToday),
        }
        let now = self.now();
        Ok(self.store.tickets().arrive(appointment, now.date(), &self.station, now)?)
    }

    /// Today's queue.
    pub fn today_queue(&self) -> DeskResult<Vec<Ticket>> {
        Ok(self.store.tickets().on(self.today())?)
    }

    // ---- cases ---------------------------------------------------------------------------

    /// Open a case for `matter`; `who` becomes the first-contact owner (首问负责制).
    pub fn open_case(&self, who: &StaffSession, matter: &str, ticket: Option<TicketId>) -> DeskResult<CaseRecord> {
        let m = self.matter(matter)?;
        let materials = m.materials.iter().map(|x| x.code.clone()).collect();
        let now = self.now();
        Ok(self.store.cases().open(&NewCase { matter, materials, owner: &who.staff_id, ticket }, now)?)
    }

    /// Record the visitor. The ID number is checked (GB 11643) and, for a registered holder,
    /// their name and certificates come back; the credit code is checked (GB 32100) and a
    /// failed check character needs `confirm_credit_code`.
    pub fn record_visitor(
        &self,
        who: &StaffSession,
        case: CaseId,
        input: &VisitorInput,
    ) -> DeskResult<Option<KnownHolder>> {
        Ok(self.save_visitor(who, case, input)?.1)
    }

    /// [`Desk::record_visitor`], also returning the case as written (read inside the write's
    /// transaction), so the screen is answered without reading the case again.
    pub fn save_visitor(
        &self,
        who: &StaffSession,
        case: CaseId,
        input: &VisitorInput,
    ) -> DeskResult<(CaseRecord, Option<KnownHolder>)> {
        let now = self.now();
        let c = self.case(case)?;
        if c.state.is_terminal() {
            return Err(DeskError::WrongState(c.state));
        }
        let id = match input.id_number.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(raw) => Some(ResidentId::parse(raw, now.date())?),
            None => None,
        };
        let credit = match input.credit_code.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(raw) => match uscc::check(raw)? {
                UsccCheck::Ok(code) => Some(code),
                UsccCheck::Suspect { code, .. } if input.confirm_credit_code => Some(code),
                UsccCheck::Suspect { mismatches, .. } => return Err(DeskError::CreditCheckWarning { mismatches }),
            },
            None => None,
        };
        let known = match &id {
            Some(id) => self.known_holder(id.as_str(), now.date())?,
            None => None,
        };
        let mut name = input.name.trim().to_string();
        if name.is_empty() {
            if let Some(k) = &known {
                name = k.holder.name.clone();
            }
        }
        if name.is_empty() {
            return Err(DeskError::NoName);
        }
        if name.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
            return Err(DeskError::NameHasDigits);
        }
        // A field left empty takes the registry's phone and employer (the clerk sees them in
        // the form and corrects them there).
        let registry = known.as_ref().map(|k| &k.holder);
        let v = Visitor {
            name,
            masked_id: None,
            phone: input.phone.clone().or_else(|| registry.and_then(|h| h.mobile.clone())),
            enterprise: input.enterprise.clone().or_else(|| registry.and_then(|h| h.employer.clone())),
            credit_code: credit,
        };
        let written = self.store.cases().set_visitor(case, &v, id.as_ref().map(|i| i.as_str()), &who.staff_id, now)?;
        Ok((written, known))
    }

    fn known_holder(&self, id_number: &str, today: NaiveDate) -> DeskResult<Option<KnownHolder>> {
        let Some(holder) = self.store.holders().get(id_number)? else { return Ok(None) };
        let certificates = self
            .store
            .holders()
            .certificates_for(id_number)?
            .into_iter()
            .map(|c| {
                let s = c.status(today, &self.lead);
                (c, s)
            })
            .collect::<Vec<_>>();
        let calendar = self.calendar();
        let next_steps = certificates
            .iter()
            .map(|(c, _)| {
                let step = c.next_step(today);
                (crate::slip::next_step_zh(c.kind, step, &calendar), crate::slip::next_step_en(c.kind, step, &calendar))
            })
            .collect();
        Ok(Some(KnownHolder { holder, certificates, next_steps }))
    }

    /// A case's materials checklist.
    pub fn checklist(&self, case: CaseId) -> DeskResult<Vec<CheckItem>> {
        Ok(self.store.cases().checklist(case)?)
    }

    /// Tick one material. For a 容缺 case, supplying the last outstanding material fulfils the
    /// pledge. Returns the case and its checklist as the tick left them, read in the tick's own
    /// transaction (the desk shows them; nothing needs reading again).
    pub fn tick(&self, who: &StaffSession, case: CaseId, material: &str, state: MaterialState) -> DeskResult<Ticked> {
        let c = self.case(case)?;
        let m = self.matter(&c.matter)?;
        check_tick(m, c.state, material, &state)?;
        let now = self.now();
        // The tick and the pledge it fulfils are one confirmed step: one transaction.
        let ticked = self.store.in_transaction(|st| {
            // The tick returns the checklist it wrote, read in this transaction.
            let checklist = st.cases().tick(case, material, &state, &who.staff_id, now)?;
            self.receipt_on_first_tick(st, case, &checklist, &who.staff_id, now)?;
            self.resubmission_on_tick(st, case, c.state, &checklist, &who.staff_id, now)?;
            if c.pledge_due.is_some() && checklist.iter().all(|i| i.state.is_satisfied()) {
                st.cases().fulfil_pledges(case, &who.staff_id, now)?;
                // Fulfilling the pledge changes the case row (its pledge date): read it back.
                let case = st.cases().get(case)?.ok_or(StoreError::Invalid(format!("no case {case}")))?;
                return Ok(Ticked { case, checklist });
            }
            // A tick writes the checklist, the case's events and the audit log, not the case row.
            Ok(Ticked { case: c.clone(), checklist })
        })?;
        Ok(ticked)
    }

    /// Decide after the checklist: accept, 容缺受理, one-time notice (with the later-notice
    /// rule and its supervisor override), or refuse with a reason.
    pub fn decide(
        &self,
        who: &StaffSession,
        case: CaseId,
        decision: &Decision,
        over: Option<&SupervisorOverride>,
    ) -> DeskResult<Decided> {
        let now = self.now();
        let c = self.case(case)?;
        let m = self.matter(&c.matter)?;
        let checklist = self.store.cases().checklist(case)?;
        // Always the newest calendar for the dates an acceptance records.
        let calendar = self.refresh_calendar();
        // The enterprise's marks and the visitor's own (by the keyed hash of the ID number).
        let marks: Vec<CreditMark> = self.store.credit().of_case(case)?;
        let ctx = DecisionContext {
            matter: m,
            state: c.state,
            checklist: &checklist,
            credit_marks: &marks,
            today: now.date(),
            calendar: &calendar,
        };
        let outcome = match decide(&ctx, decision) {
            // Say which step of the pledge is missing (printed? confirmed signed? the same?).
            Err(DecisionError::PledgeNotSigned) => {
                self.pledge_gate(case, &checklist, decision)?;
                return Err(DecisionError::PledgeNotSigned.into());
            }
            r => r?,
        };
        if matches!(outcome, DecisionOutcome::Accepted { .. }) {
            self.pledge_gate(case, &checklist, decision)?;
        }
        self.freeze_receipt(case, &checklist)?;
        match outcome {
            DecisionOutcome::Refused { reason } => {
                self.store.cases().refuse(case, &reason, &who.staff_id, now)?;
                Ok(Decided::Refused)
            }
            DecisionOutcome::Noticed { items } => {
                let notices = self.store.cases().notices(case)?;
                let (over, overridden) = match notices.first() {
                    None => (None, Vec::new()),
                    Some(_) => {
                        // Told before: the first notice and whatever later ones were allowed.
                        let first_items =
                            notices.iter().flat_map(|n| n.items.iter().map(|i| i.material.clone())).collect();
                        let resubmitted = self.store.cases().resubmitted(case)?;
                        let over = match over {
                            Some(o) => Some(self.check_supervisor(o)?),
                            None => None,
                        };
                        let overridden = check_later_notice(&first_items, &resubmitted, &items, over.as_ref())
                            .map_err(DecisionError::from)?;
                        (over.filter(|_| !overridden.is_empty()), overridden)
                    }
                };
                let seq =
                    self.store.cases().record_notice(case, &items, over.as_ref(), &overridden, &who.staff_id, now)?;
                self.notice_terms(case, seq)?;
                Ok(Decided::Noticed { seq, items, overridden })
            }
            DecisionOutcome::Accepted { kind, due, statutory_due, provisional } => {
                let pledged_materials = checklist
                    .iter()
                    .filter(|i| match kind {
                        AcceptKind::Deficient { .. } => i.state.is_deficient(),
                        _ => i.state == MaterialState::Pledged,
                    })
                    .map(|i| i.material.clone())
                    .collect();
                let calendar_version = calendar.version();
                let acc = Acceptance { kind, due, statutory_due, provisional, calendar_version, pledged_materials };
                // A 告知承诺 acceptance opens its 事中事后核查 in the same transaction.
                let check_due = self.check_due_on_accept(m, kind)?;
                self.store.in_transaction(|s| {
                    s.cases().accept(case, &acc, &who.staff_id, now)?;
                    if let Some(d) = check_due {
                        s.cases().pledges().open_check(
                            case,
                            &acc.pledged_materials,
                            now.date(),
                            d,
                            &who.staff_id,
                            now,
                        )?;
                    }
                    Ok(())
                })?;
                Ok(Decided::Accepted { kind, due, statutory_due, provisional })
            }
        }
    }

    fn check_supervisor(&self, o: &SupervisorOverride) -> DeskResult<Override> {
        if o.reason.trim().is_empty() {
            // Before the PIN is tried: a missing reason must not cost the supervisor an attempt.
            return Err(DecisionError::from(NoticeError::OverrideIncomplete).into());
        }
        let check = self.supervisor_pin(&o.staff_id, &o.pin)?;
        if let PinCheck::Locked { minutes } = check {
            self.store.audit().append(
                &self.station,
                "desk.override_denied",
                json!({ "staff": crate::store::id_ref(&o.staff_id), "locked": true }),
                self.now(),
            )?;
            return Err(DeskError::SupervisorLocked { minutes });
        }
        let sup = if check == PinCheck::Ok { self.store.staff().get(&o.staff_id)? } else { None };
        match sup {
            Some(m) if matches!(m.role, Role::Supervisor | Role::Admin) => {
                if o.reason.trim().is_empty() {
                    return Err(DecisionError::from(NoticeError::OverrideIncomplete).into());
                }
                Ok(Override { supervisor: m.staff_id, reason: o.reason.trim().to_string() })
            }
            _ => {
                self.store.audit().append(
                    &self.station,
                    "desk.override_denied",
                    // What was typed may be an ID number: masked like one (SPEC §6).
                    json!({ "staff": crate::store::id_ref(&o.staff_id) }),
                    self.now(),
                )?;
                Err(DeskError::NotSupervisor)
            }
        }
    }

    /// Hand the case to another staff member with a reason (首问负责制: the first-contact owner
    /// stays on record). The case changes hands when the receiver takes it
    /// (`accept_handoff`, service/desk/first_contact.rs); until then it stays with its owner.
    pub fn hand_off(&self, who: &StaffSession, case: CaseId, to: &str, reason: &str) -> DeskResult<()> {
        let c = self.case(case)?;
        check_handoff(c.state, &c.owner, &who.staff_id, who.is_supervisor(), to.trim(), reason)?;
        // Said to the clerk in words, before the store would refuse it as an unknown key.
        if self.store.staff().get(to.trim())?.is_none_or(|m| !m.active) {
            return Err(DeskError::NoSuchStaff(to.trim().to_string()));
        }
        if self.store.cases().pending_handoff(case)?.is_some() {
            return Err(DeskError::HandoffPending);
        }
        Ok(self.store.cases().offer_handoff(case, to.trim(), &who.staff_id, reason, self.now())?)
    }

    /// Move the case one step along 受理 → 承办 → 审查 → 批准 → 办结 → 归档. Completing it
    /// creates the callback task due within 10 calendar days (围场 2023 措施 16).
    /// The step by role and the 容缺 stop are [`Desk::move_stage`]'s (this is it without a note).
    pub fn advance(&self, who: &StaffSession, case: CaseId) -> DeskResult<CaseState> {
        let c = self.case(case)?;
        let next = c.state.advance().ok_or(DeskError::WrongState(c.state))?;
        self.move_stage(who, case, next, "", None)
    }

    /// Close (办结) an approved case; creates the callback.
    pub fn close(&self, who: &StaffSession, case: CaseId) -> DeskResult<NaiveDate> {
        let c = self.case(case)?;
        if c.state != CaseState::Approved {
            return Err(DeskError::WrongState(c.state));
        }
        self.advance(who, case)?;
        Ok(callback_due(self.today()))
    }

    /// Record a result sent by free post, with its tracking number.
    pub fn record_post(&self, who: &StaffSession, case: CaseId, address: &str, tracking: &str) -> DeskResult<()> {
        self.case(case)?;
        Ok(self.store.cases().record_post(case, address, tracking, &who.staff_id, self.now())?)
    }

    /// Free post (免费邮寄, 淄博 2017 简报 六): the address the case's result will go to,
    /// recorded at the counter (a correction replaces it). Not for a refused case.
    pub fn set_post_address(&self, who: &StaffSession, case: CaseId, address: &str) -> DeskResult<()> {
        let c = self.case(case)?;
        if c.state == CaseState::Refused {
            return Err(DeskError::WrongState(c.state));
        }
        let a = address.trim();
        if a.is_empty() {
            return Err(DeskError::NoAddress);
        }
        if id_like(a) {
            return Err(DeskError::IdLike);
        }
        if a.chars().count() > crate::store::desk_extra::MAX_ADDRESS {
            return Err(DeskError::TooLong("address"));
        }
        Ok(self.store.cases().set_post_address(case, a, &who.staff_id, self.now())?)
    }

    /// The result was sent by free post: its tracking number, to the address recorded. Only
    /// once the case is approved (there is a result to send).
    pub fn record_tracking(&self, who: &StaffSession, case: CaseId, tracking: &str) -> DeskResult<()> {
        let c = self.case(case)?;
        if !matches!(c.state, CaseState::Approved | CaseState::Completed | CaseState::Archived) {
            return Err(DeskError::WrongState(c.state));
        }
        let addr = self.store.cases().post_address(case)?.ok_or(DeskError::NoAddress)?;
        let t = tracking.trim().to_ascii_uppercase();
        // Letters and digits, as EMS (EA123456789CN) and courier numbers are; an ID number
        // scanned into this field is refused, never stored (SPEC §6).
        let shape = (8..=30).contains(&t.len()) && t.chars().all(|c| c.is_ascii_alphanumeric());
        if !shape {
            return Err(DeskError::BadTracking);
        }
        if ResidentId::parse(&t, self.today()).is_ok() || (id_like(&t) && t.len() == 18) {
            return Err(DeskError::IdLike);
        }
        Ok(self.store.cases().record_post(case, &addr.address, &t, &who.staff_id, self.now())?)
    }

    /// The case's free-post address and its latest tracking number, if any.
    pub fn post_line(&self, case: CaseId) -> DeskResult<Option<documents::PostLine>> {
        let Some(a) = self.store.cases().post_address(case)? else { return Ok(None) };
        let tracking =
            self.store.cases().posts(case)?.into_iter().rev().find(|p| p.address == a.address).map(|p| p.tracking);
        Ok(Some(documents::PostLine { address: a.address, tracking }))
    }

    /// Put a bad-credit mark on an enterprise (supervisors only).
    pub fn add_credit_mark(&self, who: &StaffSession, mark: &CreditMark) -> DeskResult<i64> {
        if !who.is_supervisor() {
            return Err(DeskError::NotSupervisor);
        }
        match uscc::check(&mark.credit_code)? {
            UsccCheck::Ok(_) | UsccCheck::Suspect { .. } => {}
        }
        Ok(self.store.credit().add_enterprise_mark(mark, &who.staff_id, self.now())?)
    }

    // ---- ratings -------------------------------------------------------------------------

    /// Ask the visitor at `counter` to rate the service of `case` (one rating per service).
    pub fn request_rating(&self, who: &StaffSession, counter: u32, case: CaseId) -> DeskResult<i64> {
        let c = self.case(case)?;
        if self.store.ratings().of(&c.number)?.is_some() {
            return Err(DeskError::AlreadyRated);
        }
        Ok(self.store.ratings().request(counter, &c.number, Some(case), &who.staff_id, self.now())?)
    }

    /// The rating screen of `counter` records the visitor's choice. A bad rating opens a
    /// follow-up due in the configured working days; if the calendar does not know the year it
    /// is due the same day (never later than the rule could mean).
    pub fn record_rating(&self, counter: u32, rating: Rating) -> DeskResult<RatingRecorded> {
        let Some(req) = self.store.ratings().pending(counter)? else { return Ok(RatingRecorded::NotPending) };
        self.record_rating_of(counter, req.id, rating)
    }

    /// As [`Desk::record_rating`], for the request the screen showed (`request`): if the desk
    /// asked again for another service meanwhile, the touch must not rate that one.
    pub fn record_rating_of(&self, counter: u32, request: i64, rating: Rating) -> DeskResult<RatingRecorded> {
        let now = self.now();
        match self.store.ratings().pending(counter)? {
            Some(req) if req.id == request => {}
            _ => return Ok(RatingRecorded::NotPending),
        }
        let req_id = request;
        let days = self.followup_days();
        // A day past every year working days can be counted in (2200): due today, for staff.
        let due = rating
            .followup_due(&self.calendar(), now.date(), days)
            .map(|r| r.unwrap_or(intake::FollowUpDue::firm(now.date(), days)));
        let station = format!("rate-{counter}");
        if self.store.ratings().record(req_id, rating, due, &station, now)? {
            Ok(RatingRecorded::Recorded { followup_due: due.map(|f| f.due) })
        } else {
            Ok(RatingRecorded::NotPending)
        }
    }

    // ---- documents -----------------------------------------------------------------------

    fn header(
        &self,
        c: &CaseRecord,
        m: &Matter,
        who: &StaffSession,
        serial: u64,
        now: NaiveDateTime,
    ) -> DeskResult<DocHeader> {
        Ok(DocHeader {
            bureau: self.bureau.clone(),
            section: m.section.clone(),
            phone: m.phone.clone().unwrap_or_else(|| self.phone.clone()),
            case_number: c.number.clone(),
            matter: m.name.clone(),
            visitor: c.visitor.name.clone(),
            masked_id: c.visitor.masked_id.clone(),
            enterprise: c.visitor.enterprise.clone(),
            first_owner: self.staff_label(&c.first_owner)?,
            staff: format!("{}（{}）", who.name, who.staff_id),
            printed_at: now,
            serial,
        })
    }

    fn due_text(&self, from: NaiveDate, days: u32) -> DueText {
        match self.calendar().due(from, days) {
            Ok(d) => DueText::of(d.value, d.provisional),
            Err(e) => DueText::Unknown(e.zh()),
        }
    }

    fn doc_items(m: &Matter, items: &[NoticeItem]) -> Vec<DocItem> {
        items
            .iter()
            .map(|i| {
                let mat = m.material(&i.material);
                DocItem {
                    name: mat.map(|x| x.name.clone()).unwrap_or_else(|| i.material.clone()),
                    defect: i.defect.clone(),
                    fix: mat.map(|x| x.fix.clone()).unwrap_or_default(),
                }
            })
            .collect()
    }

    fn build_document(
        &self,
        kind: DocKind,
        c: &CaseRecord,
        who: &StaffSession,
        serial: u64,
        now: NaiveDateTime,
    ) -> DeskResult<Slip> {
        let m = self.matter(&c.matter)?;
        let h = self.header(c, m, who, serial, now)?;
        Ok(match kind {
            DocKind::Notice => {
                let notices = self.store.cases().notices(c.id)?;
                let last = notices.last().ok_or(DeskError::NothingToPrint("notice"))?;
                documents::notice_slip(
                    &h,
                    &Self::doc_items(m, &last.items),
                    last.seq,
                    m.committed_days,
                    m.statutory_days,
                    &self.due_text(now.date(), m.committed_days),
                )
            }
            DocKind::Pledge => {
                let pledge_due = c.pledge_due.ok_or(DeskError::NothingToPrint("pledge"))?;
                let outstanding: Vec<NoticeItem> = notice_items(&self.store.cases().checklist(c.id)?);
                let due = match c.due_on {
                    Some(d) => DueText::of(d, c.provisional.due),
                    None => DueText::Unknown(String::new()),
                };
                documents::pledge_slip(&h, &Self::doc_items(m, &outstanding), pledge_due, &due)
            }
            DocKind::Receipt => {
                let (Some(accepted_on), Some(due)) = (c.accepted_on, c.due_on) else {
                    return Err(DeskError::NothingToPrint("receipt"));
                };
                let list = self.store.cases().checklist(c.id)?;
                let name = |code: &str| m.material(code).map(|x| x.name.clone()).unwrap_or_else(|| code.to_string());
                let received: Vec<String> =
                    // A material corrected on the spot (当场更正) was received like any provided one.
                    list.iter()
                        .filter(|i| matches!(i.state, MaterialState::Provided | MaterialState::Corrected { .. }))
                        .map(|i| name(&i.material))
                        .collect();
                let pledged: Vec<String> =
                    list.iter().filter(|i| i.state == MaterialState::Pledged).map(|i| name(&i.material)).collect();
                let missing: Vec<String> =
                    list.iter().filter(|i| i.state.is_deficient()).map(|i| name(&i.material)).collect();
                let kind = match (c.accept_kind.as_deref(), c.pledge_due) {
                    (Some("deficient"), Some(by)) => ReceiptKind::Deficient(missing, by),
                    (Some("pledge"), _) => ReceiptKind::OnPledge(pledged),
                    _ => ReceiptKind::Full,
                };
                let post = self.post_line(c.id)?;
                documents::receipt_slip_posted(
                    &h,
                    &kind,
                    &received,
                    accepted_on,
                    m.committed_days,
                    &DueText::of(due, c.provisional.due),
                    post.as_ref(),
                )
            }
        })
    }

    /// Print a document for a case: the job is committed before a byte is sent, its bytes
    /// kept, its outcome recorded (like certificate slips). A printer fault is returned in
    /// [`DocPrint::error`] with the job kept for a reprint.
    pub fn print_document(&self, who: &StaffSession, case: CaseId, kind: DocKind) -> DeskResult<DocPrint> {
        let now = self.now();
        let c = self.case(case)?;
        // Build once before recording a job, so a document that cannot exist records nothing.
        self.build_document(kind, &c, who, 0, now)?;
        let serial = self.store.documents().begin_job(case, kind.code(), &self.target_text, &self.station, now)?;
        let slip = match self.build_document(kind, &c, who, serial, now) {
            Ok(s) => s,
            Err(e) => {
                self.store.documents().finish_job(serial, Some(&e.to_string()), &who.staff_id, now)?;
                return Err(e);
            }
        };
        let bytes = slip::to_escpos(&slip, self.paper, self.qr);
        let preview = slip::to_text(&slip, self.paper);
        self.store.documents().set_job_bytes(serial, &bytes)?;
        let job = PrintJob { serial, bytes: bytes.clone(), preview: preview.clone() };
        let result = printer::send(&self.target, &job, self.timeout, self.query_status);
        let done = self.now();
        let error = result.err();
        self.store.documents().finish_job(
            serial,
            error.as_ref().map(|e| e.to_string()).as_deref(),
            &who.staff_id,
            done,
        )?;
        Ok(DocPrint { serial, preview, bytes, error })
    }

    // ---- views ---------------------------------------------------------------------------

    /// `stops`: the open clock stops (第四十五条) by case: such a case shows how long it has
    /// been stopped and the days left then, never as overdue.
    fn view(&self, case: CaseRecord, today: NaiveDate, stops: &HashMap<CaseId, NaiveDate>) -> CaseView {
        let cal = self.calendar();
        let deadline = match (case.state.is_running(), case.due_on, stops.get(&case.id)) {
            (true, Some(due), Some(&since)) if due >= since => Some(Deadline::stopped(&cal, since, due)),
            (true, Some(due), _) => Some(Deadline::of(&cal, today, due, case.provisional.due)),
            _ => None,
        };
        CaseView { case, deadline, post: None, time: None }
    }

    /// Before a list: deemed acceptances applied, and the open stops.
    fn list_prelude(&self) -> DeskResult<HashMap<CaseId, NaiveDate>> {
        self.sweep_deemed()?;
        Ok(self.store.cases().open_stops()?)
    }

    /// One case with its time limit, post line and time under the 行政许可法.
    pub fn case_view(&self, case: CaseId) -> DeskResult<CaseView> {
        let stops = self.store.cases().open_stops()?;
        let mut v = self.view(self.case(case)?, self.today(), &stops);
        v.post = self.post_line(case)?;
        v.time = Some(self.case_time(case)?);
        Ok(v)
    }

    /// The cases `who` owns now.
    pub fn my_cases(&self, who: &StaffSession) -> DeskResult<Vec<CaseView>> {
        let stops = self.list_prelude()?;
        let today = self.today();
        Ok(self.store.cases().owned_by(&who.staff_id, 200)?.into_iter().map(|c| self.view(c, today, &stops)).collect())
    }

    /// Running cases due within `working_days` (0 = due today or overdue), overdue first.
    pub fn due_cases(&self, working_days: u32) -> DeskResult<Vec<CaseView>> {
        let stops = self.list_prelude()?;
        let today = self.today();
        let by = self.calendar().due_date(today, working_days)?;
        Ok(self
            .store
            .cases()
            .due_by(by, 500)?
            .into_iter()
            .filter(|c| !stops.contains_key(&c.id))
            .map(|c| self.view(c, today, &stops))
            .collect())
    }

    /// Cases whose 容缺 pledge is past its due date with materials still outstanding.
    pub fn missed_pledges(&self) -> DeskResult<Vec<CaseView>> {
        let stops = self.list_prelude()?;
        let today = self.today();
        Ok(self.store.cases().missed_pledges(today, 500)?.into_iter().map(|c| self.view(c, today, &stops)).collect())
    }

    /// Search by case number, ID number, name, enterprise or credit code. A valid ID number
    /// also brings the registered holder and their certificates.
    pub fn search(&self, text: &str) -> DeskResult<SearchResult> {
        let today = self.today();
        let t = text.trim();
        // No name, number or code holds a control character; a NUL would also be refused by
        // PostgreSQL as text (found by the garbage test of issue 15).
        if t.is_empty() || t.chars().any(char::is_control) {
            return Ok(SearchResult::default());
        }
        let id = ResidentId::parse(t, today).ok();
        let stops = self.list_prelude()?;
        let cases =
            self.store.cases().search(if id.is_some() { "" } else { t }, id.as_ref().map(|i| i.as_str()), 50)?;
        let holder = match &id {
            Some(i) => self.known_holder(i.as_str(), today)?,
            None => None,
        };
        let holders = if id.is_none() { self.find_holders(t)? } else { Vec::new() };
        Ok(SearchResult { cases: cases.into_iter().map(|c| self.view(c, today, &stops)).collect(), holder, holders })
    }
}

pub mod a4;
mod time;
pub use time::{CaseTimeView, NoticeOwed};
pub mod deemed;
mod first_contact;
mod handoff_close;
mod loops;
mod resubmission;
pub use loops::TASKS_SHOWN;

mod credit;
mod pledge;
mod pledge_a4;
pub use pledge::{PledgePrint, CHECKS_SHOWN};
mod stages;

pub mod hall;
#[cfg(test)]
mod tests;
