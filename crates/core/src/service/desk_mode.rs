//! Runs the desk mode's effects against the intake backend (`service::desk`) and hands the
//! domain results back as the desk's outcomes. Problems become kinds the desk's strings word;
//! nothing here is screen text. Every effect runs as the staff member signed in on this
//! station (set by the staff login in `service::staff`), never as someone the screen names.

use super::desk::{self as backend, DeskError, DocKind, StaffSession};
use super::kiosk::fault_kind;
use super::Live;
use crate::domain::id;
use crate::domain::intake::{DecisionError, HandoffError, NoticeError, TickError};
use crate::domain::loops::LoopKind;
use crate::store::OpenCheck;
use anyhow::Result;
use certdesk_protocol::desk::{self as mode, CaseLine, Doc, Known, ListKind, Problem, TimeDone};
use certdesk_protocol::desk_time::TimeEffect;
use certdesk_protocol::Outcome;

/// Appointments the desk lists (today's and the coming booked ones).
const APPOINTMENTS_SHOWN: usize = 200;

fn known(k: backend::KnownHolder) -> Known {
    known_with(k, None)
}

/// The holder as the desk sees it, with the 复审 warning for the case at hand.
fn known_with(k: backend::KnownHolder, review: Option<crate::domain::review_intake::ReviewWarning>) -> Known {
    Known {
        name: k.holder.name,
        masked_id: id::mask(&k.holder.id_number),
        certificates: k.certificates,
        next_steps: k.next_steps,
        review,
    }
}

fn hit(h: backend::hall::HolderFound) -> mode::HolderHit {
    mode::HolderHit { name: h.name, masked_id: h.masked_id, employer: h.employer, cert: h.cert }
}

fn line(v: backend::CaseView) -> CaseLine {
    CaseLine {
        case: v.case,
        deadline: v.deadline,
        post: v.post,
        time: v.time,
        history: Vec::new(),
        marks: 0,
        handoff: None,
        failed_a4: None,
    }
}

/// One case for its own screen: with its stage history and the marks on its applicant.
fn case_line(desk: &backend::Desk, case: crate::store::cases::CaseId) -> std::result::Result<CaseLine, DeskError> {
    let mut l = line(desk.case_view(case)?);
    l.history = desk.stage_history(case)?;
    l.marks = desk.case_marks(case)?.len();
    l.handoff = desk.pending_offer(case)?.map(|o| mode::PendingHandOff { by: o.by, to: o.to, reason: o.reason });
    l.failed_a4 = desk.last_failed_a4(case)?;
    Ok(l)
}

fn problem(e: &DeskError) -> Option<Problem> {
    Some(match e {
        DeskError::Id(e) => Problem::BadId { zh: e.zh(), en: e.to_string() },
        DeskError::Uscc(_) => Problem::BadCreditCode,
        DeskError::CreditCheckWarning { mismatches } => Problem::CreditCheck { mismatches: mismatches.clone() },
        DeskError::NoName => Problem::NoName,
        DeskError::NameHasDigits => Problem::NameHasDigits,
        DeskError::NotSupervisor => Problem::NotSupervisor,
        DeskError::AppointmentNotToday => Problem::AppointmentNotToday,
        DeskError::NoAddress => Problem::NoAddress,
        DeskError::BadTracking => Problem::BadTracking,
        DeskError::AppointmentUsed => Problem::AppointmentUsed,
        DeskError::AppointmentCancelled => Problem::AppointmentCancelled,
        DeskError::SlotTaken => Problem::SlotTaken,
        DeskError::NoReason => Problem::NoReason,
        DeskError::DateInPast(d) => Problem::DateInPast(*d),
        DeskError::SlotPassed(d, s) => Problem::SlotPassed { day: *d, slot: s.clone() },
        DeskError::BadSlot => Problem::BadSlot,
        DeskError::BadPhone => Problem::BadPhone,
        DeskError::IdLike => Problem::IdLike,
        DeskError::TooLong(_) => Problem::TooLong,
        DeskError::Contact(c) => Problem::Contact(c.clone()),
        DeskError::TaskClosed => Problem::TaskClosed,
        DeskError::NoSuchStaff(s) => Problem::NoSuchStaff(s.clone()),
        DeskError::FirstOwnerUnknown(s) => Problem::FirstOwnerUnknown(s.clone()),
        DeskError::AlreadyRated => Problem::AlreadyRated,
        DeskError::HandoffPending => Problem::HandoffPending,
        DeskError::NoHandoffForYou => Problem::NoHandoffForYou,
        DeskError::NotYourOffer => Problem::NotYourOffer,
        DeskError::Enquiry(e) => Problem::Enquiry(*e),
        DeskError::SupervisorLocked { minutes } => Problem::SupervisorLocked(*minutes),
        DeskError::WrongState(s) => Problem::WrongState(*s),
        DeskError::NothingToPrint(_) => Problem::NothingToPrint,
        DeskError::Calendar(c) => Problem::OutsideCalendar(*c),
        DeskError::Tick(TickError::DefectWithoutReason(_)) => Problem::DefectWithoutReason,
        DeskError::Tick(TickError::NotPledgeable(m)) => Problem::NotPledgeable(m.clone()),
        DeskError::Tick(TickError::Closed(s)) => Problem::WrongState(*s),
        DeskError::Time(t) => Problem::Time(t.clone()),
        DeskError::Handoff(HandoffError::NotOwner) => Problem::NotOwner,
        DeskError::Handoff(HandoffError::SameOwner) => Problem::SameOwner,
        DeskError::Handoff(HandoffError::NoReason) => Problem::NoReason,
        DeskError::Handoff(HandoffError::Closed) => Problem::CaseClosed,
        DeskError::Decision(d) => match d {
            DecisionError::NotOpen(s) => Problem::WrongState(*s),
            DecisionError::Unchecked(v) => Problem::Unchecked(v.clone()),
            DecisionError::Deficient(v) => Problem::Deficient(v.clone()),
            DecisionError::KeyMaterialMissing(v) => Problem::KeyMissing(v.clone()),
            DecisionError::NothingOutstanding => Problem::NothingOutstanding,
            DecisionError::PledgeNotSigned => Problem::NoReason,
            DecisionError::PledgeAfterDue { pledge_due, due } => {
                Problem::PledgeAfterDue { pledge_due: *pledge_due, due: *due }
            }
            DecisionError::PledgeInPast(d) => Problem::PledgeInPast(*d),
            DecisionError::BadCredit(_) => Problem::BadCredit,
            DecisionError::NoReason => Problem::NoReason,
            DecisionError::Notice(NoticeError::Nothing) => Problem::NothingToNotify,
            DecisionError::Notice(NoticeError::Unchecked(v)) => Problem::Unchecked(v.clone()),
            DecisionError::Notice(NoticeError::NotOnFirstNotice(v)) => Problem::NotOnFirstNotice(v.clone()),
            DecisionError::Notice(NoticeError::OverrideIncomplete) => Problem::NotSupervisor,
            DecisionError::Calendar(c) => Problem::OutsideCalendar(*c),
        },
        // Nothing the person at the counter can fix: the service logs it and the screen says
        // "system error". Listed, not `_`, so a new kind of error is a compile error here until
        // someone decides what the desk shows for it. (A material the matter does not list
        // cannot come from the desk's own checklist, so it is one of these.)
        DeskError::Stage(e) => Problem::Stage(e.clone()),
        DeskError::Mark(e) => Problem::Mark(e.clone()),
        DeskError::Pledge(e) => Problem::Pledge { zh: e.zh(), en: e.en() },
        DeskError::Check(e) => Problem::Pledge { zh: e.zh(), en: e.to_string() },
        // Named to the clerk: the documents cannot be printed until the keeper mends it.
        DeskError::PaperKit(why) => Problem::PaperKit(why.clone()),
        DeskError::Store(_)
        | DeskError::NoMark(_)
        | DeskError::UnknownMatter(_)
        | DeskError::UnknownCase(_)
        | DeskError::UnknownTask(_)
        | DeskError::Setup(_)
        | DeskError::Tick(TickError::UnknownMaterial(_)) => return None,
    })
}

/// A case document's kind; `None` for the holder page's prints (not case documents).
fn doc_kind(d: Doc) -> Option<DocKind> {
    match d {
        Doc::Notice => Some(DocKind::Notice),
        Doc::Pledge => Some(DocKind::Pledge),
        Doc::Receipt => Some(DocKind::Receipt),
        Doc::CertSlip | Doc::Reminder => None,
        // A4 only (the `Print` arm sends them to `print_a4`).
        Doc::Acceptance | Doc::Refusal | Doc::Extension | Doc::Special | Doc::Denial | Doc::Service => None,
    }
}

/// The A4 document a desk key asks for (`Desk::print_a4` reads it against the case's state);
/// `None`: a receipt-printer slip.
fn a4_kind(d: Doc) -> Option<certdesk_paper::DocKind> {
    use certdesk_paper::DocKind as K;
    Some(match d {
        Doc::Notice => K::Notice,
        Doc::Pledge => K::RongquePledge,
        Doc::Acceptance => K::Acceptance,
        Doc::Refusal => K::Refusal,
        Doc::Extension => K::Extension,
        Doc::Special => K::Special,
        Doc::Denial => K::Denial,
        Doc::Service => K::Service,
        Doc::Receipt | Doc::CertSlip | Doc::Reminder => return None,
    })
}

/// Which desk document a stored A4 document is (for the reprint's outcome), by its kind key.
fn a4_doc(kind: &str) -> Doc {
    use certdesk_paper::DocKind as K;
    match K::parse(kind) {
        Some(K::RongquePledge | K::Pledge) => Doc::Pledge,
        Some(K::Acceptance) => Doc::Acceptance,
        Some(K::Refusal) => Doc::Refusal,
        Some(K::Extension) => Doc::Extension,
        Some(K::Special) => Doc::Special,
        Some(K::Denial) => Doc::Denial,
        Some(K::Service) => Doc::Service,
        Some(K::Notice | K::Visit) | None => Doc::Notice,
    }
}

/// A print for the holder at the counter through the certificate print path
/// (`Live::print_assisted`: job, bytes and audit before a byte is sent), as the signed-in
/// staff member at `counter`.
fn print_for_holder(
    live: &mut Live,
    who: &StaffSession,
    cert: crate::domain::CertId,
    doc: Doc,
    counter: u32,
) -> Result<mode::Outcome> {
    use super::kiosk::{Assist, AssistedDoc, NothingToRemind, PrintResult};
    let doc_code = match doc {
        Doc::Reminder => AssistedDoc::Reminder,
        _ => AssistedDoc::Slip,
    };
    let assist = Assist {
        staff_id: who.staff_id.clone(),
        staff_label: format!("{}（{}）", who.name, who.staff_id),
        counter,
        doc: doc_code,
    };
    match live.print_assisted(cert, &assist, &mut |_| {}) {
        Ok(PrintResult::Printed { serial, preview }) => {
            Ok(mode::Outcome::Printed { doc, serial, preview, fault: None })
        }
        Ok(PrintResult::Failed { serial, error }) => {
            let preview = String::new();
            Ok(mode::Outcome::Printed { doc, serial, preview, fault: Some(fault_kind(&error)) })
        }
        // Staff prints have no daily limit; answered anyway rather than assumed away.
        Ok(PrintResult::Limit { .. }) => Ok(mode::Outcome::Problem(Problem::NothingToPrint)),
        Err(e) if e.downcast_ref::<NothingToRemind>().is_some() => Ok(mode::Outcome::Problem(Problem::NothingToRemind)),
        Err(e) => Err(e),
    }
}

impl Live {
    pub(super) fn desk(&mut self) -> Result<&backend::Desk> {
        if self.desk.is_none() {
            // Its own connection, without the open-time check: the station's integrity check
            // already runs on its own thread (see `Services::startup`), and a quick check of a
            // million-holder registry would hold the first desk screen for seconds. Opened
            // from the station's settings so the audit key is attached: the desk's ticket, case
            // and document entries are signed like every other station's (an unsigned entry
            // breaks `certdesk audit verify`; found by tests/crash_intake.rs). The matters are
            // the ones resolved at start: a broken matters.toml is the desk's error here.
            let store = self.settings.store_with(OpenCheck::Skip)?;
            let matters = self.settings.matters()?.clone();
            let calendar = store.calendar().get()?;
            let d = backend::Desk::new(
                store,
                &self.settings.home.config,
                self.target.clone(),
                matters,
                calendar,
                self.clock.clone(),
            )
            .with_timeouts(&self.settings.timeouts)
            .with_a4(backend::a4::A4Home {
                config: self.settings.home.config.clone(),
                dir: self.settings.home.dir.clone(),
            });
            self.desk = Some(d);
        }
        Ok(self.desk.as_ref().expect("opened"))
    }
}

pub(super) fn run(live: &mut Live, effect: mode::Effect) -> Result<Option<Outcome>> {
    let who: StaffSession = match &live.desk_staff {
        Some(s) => s.clone(),
        None => anyhow::bail!("a desk effect without a signed-in staff member"),
    };
    if let mode::Effect::PrintForHolder { cert, doc, counter } = effect {
        return Ok(Some(print_for_holder(live, &who, cert, doc, counter)?.into()));
    }
    let desk = live.desk()?;
    let r: Result<mode::Outcome, DeskError> = (|| {
        use mode::Effect as E;
        use mode::Outcome as O;
        Ok(match effect {
            E::Queue => O::Queue(desk.today_queue()?),
            E::TakeTicket => {
                let p = desk.take_ticket_printed(None)?;
                O::TicketPrinted(mode::TicketSlip {
                    ticket: p.ticket,
                    ahead: p.ahead,
                    serial: p.serial,
                    fault: p.error.as_ref().map(fault_kind),
                })
            }
            E::CallNext { counter } => O::Called(desk.call_next(&who, counter)?),
            E::OpenCase { matter, ticket } => {
                let case = desk.open_case(&who, &matter, ticket)?;
                O::CaseOpened(desk.visitor_from_appointment(&who, case)?)
            }
            E::SaveVisitor { case, form } => {
                let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
                let input = backend::VisitorInput {
                    name: form.name.trim().to_string(),
                    id_number: opt(&form.id_number),
                    phone: opt(&form.phone),
                    enterprise: opt(&form.enterprise),
                    credit_code: opt(&form.credit_code),
                    confirm_credit_code: form.confirm_credit_code,
                };
                // The save returns the case it wrote: no second read of the case, its stops,
                // post line and time records only to keep the case.
                let (case, k) = desk.save_visitor(&who, case, &input)?;
                let review = desk.review_warning(&case, k.as_ref());
                O::VisitorSaved { case, known: k.map(|k| known_with(k, review)) }
            }
            E::Checklist { case } => O::Checklist { case: desk.case_view(case)?.case, items: desk.checklist(case)? },
            E::Tick { case, material, state } => {
                // The tick returns what it wrote: no second read of the case or the checklist.
                let t = desk.tick(&who, case, &material, state)?;
                O::Checklist { case: t.case, items: t.checklist }
            }
            E::Accept { case } => decided(desk, &who, case, &crate::domain::intake::Decision::Accept, None)?,
            E::AcceptDeficient { case, pledge_due } => decided(
                desk,
                &who,
                case,
                &crate::domain::intake::Decision::AcceptDeficient {
                    pledge_signed: desk.deficient_pledge_signed(case, pledge_due)?,
                    pledge_due,
                },
                None,
            )?,
            E::Notice { case } => decided(desk, &who, case, &crate::domain::intake::Decision::Notice, None)?,
            E::NoticeOverride { case, reason, supervisor, pin } => {
                let over = backend::SupervisorOverride { staff_id: supervisor, pin: pin.0, reason };
                decided(desk, &who, case, &crate::domain::intake::Decision::Notice, Some(&over))?
            }
            E::Refuse { case, reason } => {
                decided(desk, &who, case, &crate::domain::intake::Decision::Refuse { reason }, None)?
            }
            // The notice and the pledges are A4 documents a bureau stamps and files (SPEC §8):
            // issued and printed through the paper jobs on the A4 target. The short receipt
            // stays on the receipt printer.
            E::Print { case, doc } if a4_kind(doc).is_some() => {
                let kind = a4_kind(doc).ok_or(DeskError::NothingToPrint("A4 document"))?;
                let p = desk.print_a4(&who, case, kind)?;
                O::PrintedA4 {
                    doc,
                    title: p.document.title,
                    number: p.document.number,
                    job: p.job,
                    target: p.target,
                    fault: p.error,
                }
            }
            // The case's last failed A4 job, sent again by the clerk's key (same number).
            E::ReprintA4 { case } => {
                let p = desk.reprint_last_a4(&who, case)?;
                O::PrintedA4 {
                    doc: a4_doc(&p.document.kind),
                    title: p.document.title,
                    number: p.document.number,
                    job: p.job,
                    target: p.target,
                    fault: p.error,
                }
            }
            E::Print { case, doc } => {
                let kind = doc_kind(doc).ok_or(DeskError::NothingToPrint("case document"))?;
                let p = desk.print_document(&who, case, kind)?;
                O::Printed { doc, serial: p.serial, preview: p.preview, fault: p.error.as_ref().map(fault_kind) }
            }
            E::Advance { case, to, note } => {
                desk.move_stage(&who, case, to, &note, None)?;
                O::StageMoved(case_line(desk, case)?)
            }
            E::AdvanceOverride { case, to, reason, supervisor, pin } => {
                let over = backend::SupervisorOverride { staff_id: supervisor, pin: pin.0, reason };
                desk.move_stage(&who, case, to, "", Some(&over))?;
                O::StageMoved(case_line(desk, case)?)
            }
            E::HandOff { case, to, reason } => {
                desk.hand_off(&who, case, &to, &reason)?;
                O::HandedOff(case_line(desk, case)?)
            }
            E::RequestRating { case, counter } => {
                desk.request_rating(&who, counter, case)?;
                O::RatingRequested { counter }
            }
            E::Case { case } => O::Case(case_line(desk, case)?),
            E::List { kind, text } => {
                let (cases, holder) = match kind {
                    ListKind::Mine => (desk.my_cases(&who)?, None),
                    ListKind::Due => (desk.due_cases(3)?, None),
                    ListKind::MissedPledges => (desk.missed_pledges()?, None),
                    ListKind::FirstReceived => (desk.first_received(&who)?, None),
                    ListKind::Incoming => (desk.handoffs_waiting(&who)?, None),
                    ListKind::Search => {
                        let r = desk.search(&text)?;
                        if !r.holders.is_empty() {
                            return Ok(O::Holders {
                                hits: r.holders.into_iter().map(hit).collect(),
                                cases: r.cases.into_iter().map(line).collect(),
                            });
                        }
                        (r.cases, r.holder)
                    }
                };
                let mut cases: Vec<CaseLine> = cases.into_iter().map(line).collect();
                if kind == ListKind::Incoming {
                    // Who offered each and why, on the receiver's list (a few rows: SHOWN at most).
                    for l in &mut cases {
                        l.handoff = desk.pending_offer(l.case.id)?.map(|o| mode::PendingHandOff {
                            by: o.by,
                            to: o.to,
                            reason: o.reason,
                        });
                    }
                }
                O::List { kind, cases, known: holder.map(known) }
            }
            E::PrintForHolder { .. } => unreachable!("answered above"),
            E::Pledge(p) => O::Pledge(super::desk_pledge_mode::run(desk, &who, p)?),
            E::PostAddress { case, address } => {
                desk.set_post_address(&who, case, &address)?;
                O::Posted { line: case_line(desk, case)?, sent: false }
            }
            E::Tracking { case, tracking } => {
                desk.record_tracking(&who, case, &tracking)?;
                O::Posted { line: case_line(desk, case)?, sent: true }
            }
            E::Appointments => O::Appointments(desk.appointments_ahead(APPOINTMENTS_SHOWN)?),
            E::Book(b) => {
                let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
                let (phone, enterprise) = (opt(&b.phone), opt(&b.enterprise));
                let id = desk.book_appointment(
                    &who,
                    b.day,
                    b.slot.trim(),
                    b.name.trim(),
                    phone.as_deref(),
                    &b.matter,
                    enterprise.as_deref(),
                )?;
                O::Booked { list: desk.appointments_ahead(APPOINTMENTS_SHOWN)?, id }
            }
            E::Arrive { appointment } => O::Arrived(desk.arrive(appointment)?),
            E::CancelAppointment { appointment, reason } => {
                let a = desk.cancel_appointment(&who, appointment, &reason)?;
                O::AppointmentCancelled { list: desk.appointments_ahead(APPOINTMENTS_SHOWN)?, cancelled: a }
            }
            E::Tasks => O::Tasks {
                followups: desk.open_tasks(LoopKind::Followup)?,
                callbacks: desk.open_tasks(LoopKind::Callback)?,
            },
            E::Task { kind, id } => O::Task(desk.loop_task(kind, id)?),
            E::Contact { kind, id, contact } => O::Task(desk.record_contact(&who, kind, id, &contact)?),
            E::Remedy { id, remedy } => O::Task(desk.record_remedy(&who, id, &remedy)?),
            E::LogEnquiry(e) => {
                desk.log_enquiry(&who, &e)?;
                O::EnquiryLogged(e.kind)
            }
            E::AcceptHandOff { case } => {
                desk.accept_handoff(&who, case)?;
                O::HandOffAccepted(line(desk.case_view(case)?))
            }
            E::CloseHandOff { case, decline, reason } => {
                if decline {
                    desk.decline_handoff(&who, case, &reason)?;
                } else {
                    desk.withdraw_handoff(&who, case, &reason)?;
                }
                O::HandOffClosed { line: line(desk.case_view(case)?), declined: decline }
            }
            E::OpenHolder { cert } => {
                let (k, cases) = desk.holder_of(cert)?;
                O::List { kind: ListKind::Search, cases: cases.into_iter().map(line).collect(), known: k.map(known) }
            }
            E::Report { tab, period, days } => O::Report(super::desk_reports::report(desk, tab, period, days)?),
            E::Time(t) => time(desk, &who, t)?,
        })
    })();
    match r {
        Ok(o) => Ok(Some(o.into())),
        // A server that went away stays recognisable as one (the station's outage handling:
        // the desk's outage banner, reconnection), not a generic error.
        Err(DeskError::Store(e)) if e.is_unavailable() => Err(anyhow::Error::new(e).context("desk")),
        Err(e) => match problem(&e) {
            Some(p) => Ok(Some(mode::Outcome::Problem(p).into())),
            None => Err(anyhow::anyhow!("desk: {e}")),
        },
    }
}

fn decided(
    desk: &backend::Desk,
    who: &StaffSession,
    case: i64,
    d: &crate::domain::intake::Decision,
    over: Option<&backend::SupervisorOverride>,
) -> Result<mode::Outcome, DeskError> {
    let by = over.map(|o| o.staff_id.clone());
    let decided = match desk.decide(who, case, d, over)? {
        backend::Decided::Accepted { kind, due, statutory_due, provisional } => {
            mode::Decided::Accepted { kind, due, statutory_due, provisional }
        }
        backend::Decided::Noticed { seq, items, overridden } => {
            let overridden = by.filter(|_| !overridden.is_empty()).map(|b| (b, overridden));
            mode::Decided::Noticed { seq, items, overridden }
        }
        backend::Decided::Refused => mode::Decided::Refused,
    };
    Ok(mode::Outcome::Decided { line: case_line(desk, case)?, decided })
}

/// A case's time under the 行政许可法 (`service/desk/time.rs`): the step, then the case with
/// its time as it is now.
fn time(desk: &backend::Desk, who: &StaffSession, t: TimeEffect) -> Result<mode::Outcome, DeskError> {
    use crate::domain::case_time::Outcome as Decision;
    let (case, done) = match t {
        TimeEffect::NoticesOwed => return Ok(mode::Outcome::NoticesOwed(desk.notices_owed()?)),
        TimeEffect::Show { case } => (case, None),
        TimeEffect::Grant { case, reasons } => {
            desk.record_outcome(who, case, Decision::Grant, &reasons)?;
            (case, Some(TimeDone::Granted))
        }
        TimeEffect::Deny { case, reasons } => {
            desk.record_outcome(who, case, Decision::Deny, &reasons)?;
            (case, Some(TimeDone::Denied))
        }
        TimeEffect::Extend { case, reasons, supervisor, pin } => {
            let approver = backend::SupervisorOverride { staff_id: supervisor, pin: pin.0, reason: reasons.clone() };
            desk.extend(who, case, &reasons, &approver)?;
            (case, Some(TimeDone::Extended))
        }
        TimeEffect::Stop { case, kind, told_days } => {
            desk.stop_clock(who, case, kind, told_days)?;
            (case, Some(TimeDone::Stopped))
        }
        TimeEffect::Resume { case } => {
            desk.resume_clock(who, case)?;
            (case, Some(TimeDone::Resumed))
        }
        TimeEffect::Deliver { case, manner } => {
            desk.record_delivery(who, case, &manner)?;
            (case, Some(TimeDone::Delivered))
        }
        TimeEffect::RefuseTo { case, reason, authority } => {
            // As any 不予受理: the case screen with the decision (the authority on it).
            desk.refuse_to(who, case, &reason, &authority)?;
            let line = line(desk.case_view(case)?);
            return Ok(mode::Outcome::Decided { line, decided: mode::Decided::Refused });
        }
    };
    Ok(mode::Outcome::CaseTime { line: line(desk.case_view(case)?), done })
}
