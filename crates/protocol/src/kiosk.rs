//! The kiosk's effects (what it asks the service to do) and outcomes (the domain results that
//! come back), plus the view of a holder's certificates the kiosk keeps while a session lasts.
//! Nothing here is screen text: `strings` picks the words.

use crate::domain::matters::Matters;
use crate::domain::workdays::Calendar;
use crate::domain::{id, CertId, CertKind, Certificate, Holder, LeadTimes, NextStep, Status};
use chrono::NaiveDate;

/// A side effect the kiosk asks for. The raw ID number travels only in memory, to the worker.
#[derive(Clone, PartialEq, Eq)]
pub enum Effect {
    /// Identify a holder by ID number and second factor.
    Identify {
        /// The ID number as typed.
        id: String,
        /// The second factor as typed (by default the last four digits of the mobile on record).
        factor: String,
    },
    /// Print a slip of one of the identified holder's certificates.
    Print {
        /// The certificate.
        cert: CertId,
    },
    /// A holder's session ended (timeout, done, home): the worker forgets anything it cached.
    EndSession {
        /// Why it ended, for the log.
        reason: &'static str,
    },
}

impl std::fmt::Debug for Effect {
    // Never print the ID number or secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Effect::Identify { id, .. } => write!(f, "Identify({})", id::mask(id)),
            Effect::Print { .. } => write!(f, "Print"),
            Effect::EndSession { reason } => write!(f, "EndSession({reason})"),
        }
    }
}

/// Why a reminder is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderKind {
    /// The review (复审) is coming.
    Review,
    /// The certificate expires (有效期止).
    Expiry,
}

/// A coming review or expiry and the materials the matter needs (catalogue data in both
/// languages, not screen text). The dates are the certificate's `next_step`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    /// Review or expiry.
    pub kind: ReminderKind,
    /// The materials the matter needs, in Chinese.
    pub materials_zh: String,
    /// The materials the matter needs, in English.
    pub materials_en: String,
}

/// A certificate as the kiosk shows it: its standing computed for the day it was looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertView {
    /// The certificate's row id, to ask for a print (a holder's 特种作业操作证 share one number).
    pub id: CertId,
    /// The certificate's number, masked.
    pub masked_number: String,
    /// Its kind.
    pub kind: CertKind,
    /// 作业类别 / 操作项目, or the 行业类别.
    pub scope: String,
    /// 有效期起.
    pub valid_from: NaiveDate,
    /// 有效期止.
    pub valid_until: NaiveDate,
    /// The pending review date, if any.
    pub review_due: Option<NaiveDate>,
    /// The roster gave no review dates: the card says "复审信息未提供，以发证机关记录为准".
    pub review_unknown: bool,
    /// Its status on the day it was looked up.
    pub status: Status,
    /// What the holder does next, with dates (复审 by X, applications from Y; 延期复审（换证）;
    /// 延期; or retraining for an invalid card).
    pub next_step: NextStep,
    /// The next step in words, with deadlines that name the last working day (computed with
    /// the calendar when the view is made, so the screen needs none).
    pub next_step_zh: String,
    /// The next step in English.
    pub next_step_en: String,
    /// A coming review or expiry, with the materials to bring.
    pub reminder: Option<Reminder>,
}

impl CertView {
    /// The view of `c` on `today`, with a reminder of the materials of the matter that is due:
    /// the matter of the next step ([`NextStep::matter`], the rule the slips and the reminder
    /// list use too).
    pub fn of(c: &Certificate, today: NaiveDate, lead: &LeadTimes, catalogue: &Matters, cal: &Calendar) -> CertView {
        let status = c.status(today, lead);
        let step = c.next_step(today);
        let reminder = |kind| {
            step.matter().and_then(|code| catalogue.get(code)).map(|m| Reminder {
                kind,
                materials_zh: m.material_list(false),
                materials_en: m.material_list(true),
            })
        };
        let reminder = match status {
            Status::ReviewDueSoon { .. } => reminder(ReminderKind::Review),
            Status::ExpiringSoon { .. } => reminder(ReminderKind::Expiry),
            _ => None,
        };
        CertView {
            id: c.id,
            masked_number: c.masked_number(),
            kind: c.kind,
            scope: c.scope_zh(),
            valid_from: c.valid_from,
            valid_until: c.valid_until,
            review_due: c.review_pending(),
            review_unknown: c.review_unknown(),
            status,
            next_step: step,
            next_step_zh: certdesk_domain::words::next_step_zh(c.kind, step, cal),
            next_step_en: certdesk_domain::words::next_step_en(c.kind, step, cal),
            reminder,
        }
    }

    /// Whether the kiosk may print it (its status is usable).
    pub fn printable(&self) -> bool {
        // A slip of an expired or invalid certificate still verifies as such, but the kiosk is for
        // holders' own valid certificates; the counter handles the rest.
        self.status.is_usable()
    }
}

/// The identified holder and their certificates. The ID number is kept only masked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Identity {
    /// The holder's name.
    pub name: String,
    /// The holder's masked ID number.
    pub masked_id: String,
    /// Their certificates.
    pub certs: Vec<CertView>,
}

impl Identity {
    /// The view of a holder and their certificates on `today`.
    pub fn of(
        holder: &Holder,
        certs: &[Certificate],
        today: NaiveDate,
        lead: &LeadTimes,
        catalogue: &Matters,
        cal: &Calendar,
    ) -> Identity {
        Identity {
            name: holder.name.clone(),
            masked_id: id::mask(&holder.id_number),
            certs: certs.iter().map(|c| CertView::of(c, today, lead, catalogue, cal)).collect(),
        }
    }
}

/// How far a print has come, for the screen's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintStage {
    /// Recording the job and building the slip.
    Prepare,
    /// Sending the bytes.
    Send,
    /// Waiting for the printer to confirm the slip (等待打印机确认).
    Confirm,
}

/// What went wrong at the printer; the kiosk's strings say it in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrinterFault {
    /// Off, unplugged or offline.
    Offline,
    /// Out of paper.
    PaperOut,
    /// The cover is open.
    CoverOpen,
    /// The printer reports some other fault.
    Fault,
    /// The printer did not respond in time.
    Timeout,
    /// The printer did not answer the status query after the job: the slip may not be out.
    NoReply,
    /// The printer's status reply made no sense.
    BadReply,
    /// The target cannot report status.
    NoStatus,
    /// Sending or reading failed.
    Io,
}

/// What the kiosk gets back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The holder is identified.
    Identified(Identity),
    /// Unknown ID, wrong factor and no factor on record all look the same.
    Denied {
        /// Tries left before the ID is locked out.
        attempts_left: u32,
    },
    /// Too many failed tries: locked for a while.
    Locked {
        /// Minutes until the next try is allowed.
        minutes: u32,
    },
    /// The print reached this stage.
    PrintStage(PrintStage),
    /// The slip is printed.
    Printed {
        /// Its print serial.
        serial: u64,
        /// The slip as text.
        preview: String,
    },
    /// The job is recorded (serial) and kept for staff to reprint.
    PrintFailed {
        /// Its print serial, when the job was recorded.
        serial: Option<u64>,
        /// What went wrong.
        fault: PrinterFault,
    },
    /// The certificate's prints for today are used up.
    PrintLimit {
        /// Prints allowed per certificate and day.
        max: u32,
    },
}
