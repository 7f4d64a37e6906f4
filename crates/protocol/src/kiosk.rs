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
    Identify {
        id: String,
        factor: String,
    },
    Print {
        cert: CertId,
    },
    /// A holder's session ended (timeout, done, home): the worker forgets anything it cached.
    EndSession {
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
    Review,
    Expiry,
}

/// A coming review or expiry and the materials the matter needs (catalogue data in both
/// languages, not screen text). The dates are the certificate's `next_step`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub kind: ReminderKind,
    pub materials_zh: String,
    pub materials_en: String,
}

/// A certificate as the kiosk shows it: its standing computed for the day it was looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertView {
    /// The certificate's row id, to ask for a print (a holder's 特种作业操作证 share one number).
    pub id: CertId,
    pub masked_number: String,
    pub kind: CertKind,
    pub scope: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub review_due: Option<NaiveDate>,
    /// The roster gave no review dates: the card says "复审信息未提供，以发证机关记录为准".
    pub review_unknown: bool,
    pub status: Status,
    /// What the holder does next, with dates (复审 by X, applications from Y; 延期复审（换证）;
    /// 延期; or retraining for an invalid card).
    pub next_step: NextStep,
    /// The next step in words, with deadlines that name the last working day (computed with
    /// the calendar when the view is made, so the screen needs none).
    pub next_step_zh: String,
    pub next_step_en: String,
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

    pub fn printable(&self) -> bool {
        // A slip of an expired or invalid certificate still verifies as such, but the kiosk is for
        // holders' own valid certificates; the counter handles the rest.
        self.status.is_usable()
    }
}

/// The identified holder and their certificates. The ID number is kept only masked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Identity {
    pub name: String,
    pub masked_id: String,
    pub certs: Vec<CertView>,
}

impl Identity {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintStage {
    Prepare,
    Send,
    Confirm,
}

/// What went wrong at the printer; the kiosk's strings say it in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrinterFault {
    Offline,
    PaperOut,
    CoverOpen,
    /// The printer reports some other fault.
    Fault,
    Timeout,
    /// The printer did not answer the status query after the job: the slip may not be out.
    NoReply,
    /// The printer's status reply made no sense.
    BadReply,
    /// The target cannot report status.
    NoStatus,
    Io,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Identified(Identity),
    /// Unknown ID, wrong factor and no factor on record all look the same.
    Denied {
        attempts_left: u32,
    },
    Locked {
        minutes: u32,
    },
    PrintStage(PrintStage),
    Printed {
        serial: u64,
        preview: String,
    },
    /// The job is recorded (serial) and kept for staff to reprint.
    PrintFailed {
        serial: Option<u64>,
        fault: PrinterFault,
    },
    PrintLimit {
        max: u32,
    },
}
