//! The desk's pledge, 核查 and 失信 mark requests (`protocol::desk_pledge`) carried out by the
//! desk service (service/desk/pledge.rs, service/desk/credit.rs).

use super::desk::{Desk, DeskError, StaffSession, SupervisorOverride};
use super::kiosk::fault_kind;
use certdesk_protocol::desk_pledge::{PledgeEffect, PledgeOutcome};

/// Carry out one request; the desk's errors go back to `desk_mode` to be worded for the clerk.
pub fn run(desk: &Desk, who: &StaffSession, e: PledgeEffect) -> Result<PledgeOutcome, DeskError> {
    let approver = |supervisor: String, pin: String, reason: String| SupervisorOverride {
        staff_id: supervisor.trim().to_string(),
        pin,
        reason,
    };
    Ok(match e {
        PledgeEffect::Print { case, kind, due } => {
            let p = desk.print_pledge(who, case, kind, due)?;
            PledgeOutcome::Printed {
                case,
                pledge: p.pledge,
                serial: p.print.serial,
                a4: p.a4.is_some(),
                preview: p.print.preview,
                fault: p.print.error.as_ref().map(fault_kind),
            }
        }
        PledgeEffect::Confirm { case, kind } => {
            PledgeOutcome::Confirmed { case, pledge: desk.confirm_pledge(who, case, kind)? }
        }
        PledgeEffect::Checks { done } => PledgeOutcome::Checks { done, checks: desk.pledge_checks(done)? },
        PledgeEffect::Finding { id, finding, note, supervisor } => {
            let over = supervisor.map(|(s, pin)| approver(s, pin.0, note.clone()));
            let result = desk.record_check(who, id, finding, &note, over.as_ref())?;
            PledgeOutcome::Found { result, checks: desk.pledge_checks(false)? }
        }
        PledgeEffect::Marks { lifted } => PledgeOutcome::Marks { lifted, marks: desk.list_marks(lifted)? },
        PledgeEffect::AddMark { subject, person, confirm, serious, source, note, supervisor, pin } => {
            desk.add_mark_approved(&approver(supervisor, pin.0, source), &subject, person, confirm, serious, &note)?;
            PledgeOutcome::Marks { lifted: false, marks: desk.list_marks(false)? }
        }
        PledgeEffect::LiftMark { id, reason, supervisor, pin } => {
            desk.lift_mark_approved(&approver(supervisor, pin.0, reason), id)?;
            PledgeOutcome::Marks { lifted: false, marks: desk.list_marks(false)? }
        }
        PledgeEffect::CaseMarks { case } => PledgeOutcome::CaseMarks { case, marks: desk.case_marks(case)? },
    })
}
