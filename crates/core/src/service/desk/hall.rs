//! The desk's hall services (issue 15): a queue ticket printed on the receipt printer when it
//! is taken, registered holders found by name or employer, a holder opened from such a hit,
//! and the 复审 intake warning. A child of `service::desk`, so it prints through the desk's own
//! printer settings.

use super::{Desk, DeskError, DeskResult, KnownHolder};
use crate::domain::review_intake::{self, ReviewWarning};
use crate::domain::CertId;
use crate::printer::{self, PrintError, PrintJob, Target};
use crate::slip::{self, ticket::QueueTicket};
use crate::store::cases::{CaseRecord, Ticket};
use crate::store::hall::HOLDER_SEARCH_MAX;

/// A ticket taken and its print: who is ahead, the job's serial, and the printer's error when
/// it failed (the job is kept, failed, with its bytes).
#[derive(Debug)]
pub struct TicketPrint {
    /// The ticket taken.
    pub ticket: Ticket,
    /// How many tickets are to be called before it.
    pub ahead: u32,
    /// The ticket print job's serial.
    pub serial: u64,
    /// The ticket as text.
    pub preview: String,
    /// The ESC/POS bytes sent.
    pub bytes: Vec<u8>,
    /// The printer's error; `None`: printed.
    pub error: Option<PrintError>,
}

/// A registered holder found by name or employer. The raw ID number stays in the service:
/// the screen gets the masked one and `cert`, the handle to open the holder with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolderFound {
    /// The holder's name.
    pub name: String,
    /// The holder's masked ID number.
    pub masked_id: String,
    /// The holder's employer, if registered.
    pub employer: Option<String>,
    /// The holder's first certificate (opens the holder page); `None`: no certificate on record.
    pub cert: Option<CertId>,
}

/// Holders a search shows at most (by name, then by employer).
pub const HOLDERS_SHOWN: usize = 20;

impl Desk {
    /// Where queue tickets go: the desk's printer; a spool folder gets its own `tickets`
    /// folder beside `documents`, since ticket serials are counted apart.
    fn ticket_target(&self) -> Target {
        match &self.target {
            Target::File(dir) => Target::File(dir.parent().unwrap_or(dir).join("tickets")),
            t => t.clone(),
        }
    }

    /// Take a walk-in ticket and print it: the job is recorded before a byte is sent, the bytes
    /// kept, the outcome written after, like a certificate slip's. A printer that fails does
    /// not undo the ticket: the visitor is in the queue, and the clerk tells them the number.
    pub fn take_ticket_printed(&self, matter: Option<&str>) -> DeskResult<TicketPrint> {
        let ticket = self.take_ticket(matter)?;
        let ahead = self.store.tickets().people_ahead(ticket.id)?;
        let matter_name = match &ticket.matter {
            Some(code) => Some(self.matter(code)?.name.clone()),
            None => None,
        };
        let target = self.ticket_target();
        let now = self.now();
        let serial = self.store.print_jobs().begin_ticket(ticket.id, &target.to_string(), &self.station, now)?;
        let t = QueueTicket {
            bureau: self.bureau.clone(),
            label: ticket.label.clone(),
            matter: matter_name,
            ahead,
            issued_at: ticket.issued_at,
            phone: self.phone.clone(),
        };
        let s = slip::ticket::queue_ticket(&t);
        let bytes = slip::to_escpos(&s, self.paper, self.qr);
        let preview = slip::to_text(&s, self.paper);
        self.store.print_jobs().set_ticket_bytes(serial, &bytes)?;
        let job = PrintJob { serial, bytes: bytes.clone(), preview: preview.clone() };
        let error = printer::send(&target, &job, self.timeout, self.query_status).err();
        self.store.print_jobs().finish_ticket(
            serial,
            error.as_ref().map(|e| e.to_string()).as_deref(),
            &self.station,
            self.now(),
        )?;
        Ok(TicketPrint { ticket, ahead, serial, preview, bytes, error })
    }

    /// Registered holders whose name, or employer, starts with `text` (at most
    /// [`HOLDERS_SHOWN`], name matches first). An ID number is not searched here (the ID search
    /// finds the one holder); text longer than a name is refused.
    pub fn find_holders(&self, text: &str) -> DeskResult<Vec<HolderFound>> {
        let t = text.trim();
        if t.chars().count() > HOLDER_SEARCH_MAX {
            return Err(DeskError::TooLong("search"));
        }
        if t.is_empty() {
            return Ok(Vec::new());
        }
        let mut out: Vec<HolderFound> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for by_employer in [false, true] {
            for h in self.store.holders().by_prefix(t, by_employer, HOLDERS_SHOWN)? {
                if out.len() >= HOLDERS_SHOWN || !seen.insert(h.id_number.clone()) {
                    continue;
                }
                let cert = self.store.holders().certificates_for(&h.id_number)?.first().map(|c| c.id);
                out.push(HolderFound {
                    name: h.name,
                    masked_id: crate::domain::id::mask(&h.id_number),
                    employer: h.employer,
                    cert,
                });
            }
        }
        Ok(out)
    }

    /// A holder opened from a search hit: the holder with their certificates, and their cases.
    pub fn holder_of(&self, cert: CertId) -> DeskResult<(Option<KnownHolder>, Vec<super::CaseView>)> {
        let Some(c) = self.store.holders().certificate(cert)? else { return Ok((None, Vec::new())) };
        let today = self.today();
        let known = self.known_holder(&c.holder_id, today)?;
        let cases = self.store.cases().search("", Some(&c.holder_id), 50)?;
        let stops = self.list_prelude()?;
        Ok((known, cases.into_iter().map(|c| self.view(c, today, &stops)).collect()))
    }

    /// The 复审 warning for `case`'s matter and the visitor's registry record (`known`: `None`
    /// when the person is not registered). `None` when the matter is not a review or the card
    /// is open for review today (30号令 第二十二条, 第二十六条; `domain::review_intake`).
    pub fn review_warning(&self, case: &CaseRecord, known: Option<&KnownHolder>) -> Option<ReviewWarning> {
        let certs: Vec<crate::domain::Certificate> =
            known.map(|k| k.certificates.iter().map(|(c, _)| c.clone()).collect()).unwrap_or_default();
        review_intake::review_warning(&case.matter, &certs, self.today())
    }
}

impl Desk {
    /// A case opened for an appointment's ticket starts with the visitor the appointment named:
    /// name, phone and employer as booked (audited as the visitor's record, the ID number still
    /// to be typed). Nothing for a walk-in's ticket. Returns the case as stored.
    pub fn visitor_from_appointment(&self, who: &super::StaffSession, case: CaseRecord) -> DeskResult<CaseRecord> {
        let Some(ticket) = case.ticket_id else { return Ok(case) };
        let Some(appointment) = self.store.tickets().get(ticket)?.and_then(|t| t.appointment_id) else {
            return Ok(case);
        };
        let Some(a) = self.store.appointments().get(appointment)? else { return Ok(case) };
        let v = super::Visitor {
            name: a.name,
            masked_id: None,
            phone: a.phone,
            enterprise: a.enterprise,
            credit_code: None,
        };
        self.store.cases().set_visitor(case.id, &v, None, &who.staff_id, self.now())?;
        self.case(case.id)
    }
}

/// A booking for today must be for a time still ahead: an appointment at 09:00 booked at
/// 15:00 would be a record of a visit that cannot happen (the date check refuses earlier days).
pub fn check_slot_not_passed(now: chrono::NaiveDateTime, day: chrono::NaiveDate, slot: &str) -> DeskResult<()> {
    let Ok(t) = chrono::NaiveTime::parse_from_str(slot.trim(), "%H:%M") else { return Err(DeskError::BadSlot) };
    if day == now.date() && t < now.time() {
        return Err(DeskError::SlotPassed(day, slot.trim().to_string()));
    }
    Ok(())
}
