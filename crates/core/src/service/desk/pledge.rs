//! Pledges signed before acceptance and the 事中事后核查 of a 告知承诺 at the desk (issue 15,
//! "Pledges that are real"; the rules are `domain::pledge`'s).
//!
//! The 容缺受理承诺书 or 告知承诺书 is printed for the applicant (on A4 when the desk has its A4
//! home, `pledge_a4.rs`) with what is outstanding, the
//! promised date and the consequences of a false pledge; the clerk confirms the signed paper is
//! in hand (who and when, a case event and an audit entry); [`Desk::decide`] refuses a 容缺 or
//! 告知承诺 acceptance until then (`pledge_gate`). Accepting under 告知承诺 opens the check in the
//! same transaction; its finding is 属实 or 不实, and 不实 marks the applicant (失信), revokes a
//! granted permit (第六十九条第二款) or bars the grant of a pending one (第七十八条).
//!
//! Marks at the desk (`certdesk credit` is the command line's): a clerk enters or lifts one with
//! a supervisor's number and PIN typed on the spot, checked by the PIN gate like every other
//! override; the mark is entered under the supervisor's number by the CLI's own service.

use super::{Desk, DeskError, DeskResult, DocPrint, StaffSession, SupervisorOverride};
use crate::domain::credit::{self, MarkRecord};
use crate::domain::intake::{AcceptKind, CheckItem, Decision};
use crate::domain::matters::Matter;
use crate::domain::pledge::{
    self, CheckError, CheckResult, Finding, PledgeCheck, PledgeError, PledgeKind, PledgeRecord, PledgeTerms,
};
use crate::printer::{self, PrintJob};
use crate::slip::{self, documents};
use crate::store::cases::{CaseId, CaseRecord};
use chrono::NaiveDate;

/// Most 核查 tasks a list shows.
pub const CHECKS_SHOWN: usize = 200;

/// A pledge printed: its record and the print.
#[derive(Debug, Clone)]
pub struct PledgePrint {
    /// The pledge as kept, printed and not yet confirmed signed.
    pub pledge: PledgeRecord,
    /// The print: its serial, its text and whether the printer took it (on A4: the A4 job's
    /// number, a line naming the document, and the A4 printer's fault).
    pub print: DocPrint,
    /// The A4 document and job, when the pledge printed on A4 (the desk has its A4 home).
    pub a4: Option<super::a4::A4Printed>,
}

impl From<PledgeError> for DeskError {
    fn from(e: PledgeError) -> DeskError {
        DeskError::Pledge(e)
    }
}

impl From<CheckError> for DeskError {
    fn from(e: CheckError) -> DeskError {
        DeskError::Check(e)
    }
}

impl Desk {
    /// What a pledge of `kind` printed now would cover (`due`: 容缺's promised date).
    pub fn pledge_terms(&self, case: CaseId, kind: PledgeKind, due: Option<NaiveDate>) -> DeskResult<PledgeTerms> {
        let c = self.case(case)?;
        let m = self.matter(&c.matter)?;
        let checklist = self.store.cases().checklist(case)?;
        self.terms_now(&c, m, &checklist, kind, due)
    }

    fn terms_now(
        &self,
        c: &CaseRecord,
        m: &Matter,
        checklist: &[CheckItem],
        kind: PledgeKind,
        due: Option<NaiveDate>,
    ) -> DeskResult<PledgeTerms> {
        let today = self.today();
        // The committed completion date if accepted today: the latest a 容缺 date may promise.
        let committed = self.calendar().due_date(today, m.committed_days)?;
        Ok(pledge::terms(kind, c.state, m, checklist, due, today, committed)?)
    }

    /// Print the pledge for the applicant to sign, and record it as printed (who, when, the
    /// job). With the desk's A4 home it is the numbered A4 document (`pledge_a4.rs`; the row's
    /// job is the A4 job), else a receipt-printer slip. A printer fault is in
    /// [`DocPrint::error`]; the pledge is recorded either way, and printing again records a new
    /// one (the newest is the one signed).
    pub fn print_pledge(
        &self,
        who: &StaffSession,
        case: CaseId,
        kind: PledgeKind,
        due: Option<NaiveDate>,
    ) -> DeskResult<PledgePrint> {
        let now = self.now();
        let c = self.case(case)?;
        let m = self.matter(&c.matter)?;
        let checklist = self.store.cases().checklist(case)?;
        let terms = self.terms_now(&c, m, &checklist, kind, due)?;
        let names: Vec<String> = terms
            .materials
            .iter()
            .map(|code| m.material(code).map_or_else(|| code.clone(), |x| x.name.clone()))
            .collect();
        if self.pledges_on_a4() {
            // The pledge is the A4 document (issue 16): signed before acceptance, numbered; the
            // pledge_forms row keeps its A4 job.
            let a4 = self.print_pledge_a4(who, &c, m, &terms)?;
            let id = self.store.cases().pledges().record_printed(case, &terms, Some(a4.job), &who.staff_id, now)?;
            let preview = format!("{} {}  A{:07} → {}", a4.document.title, a4.document.number, a4.job, a4.target);
            let error = a4.error.as_ref().map(|e| printer::PrintError::Fault(format!("A4 A{:07}: {e}", a4.job)));
            let pledge = PledgeRecord { id, terms, printed_by: who.staff_id.clone(), printed_at: now, signed: None };
            let print = DocPrint { serial: a4.job, preview, bytes: Vec::new(), error };
            return Ok(PledgePrint { pledge, print, a4: Some(a4) });
        }
        let lines = pledge::text(&terms, &m.name, &names, pledge::check_days(m));
        // The header before the job, so a pledge that cannot name its first contact records none.
        let mut h = self.header(&c, m, who, 0, now)?;
        h.serial = self.store.documents().begin_job(case, "pledge", &self.target_text, &self.station, now)?;
        let serial = h.serial;
        let form = documents::pledge_form_slip(&h, kind.title_zh(), &lines);
        let bytes = slip::to_escpos(&form, self.paper, self.qr);
        let preview = slip::to_text(&form, self.paper);
        self.store.documents().set_job_bytes(serial, &bytes)?;
        let id = self.store.cases().pledges().record_printed(case, &terms, Some(serial), &who.staff_id, now)?;
        let job = PrintJob { serial, bytes: bytes.clone(), preview: preview.clone() };
        let error = printer::send(&self.target, &job, self.timeout, self.query_status).err();
        let msg = error.as_ref().map(|e| e.to_string());
        self.store.documents().finish_job(serial, msg.as_deref(), &who.staff_id, self.now())?;
        let pledge = PledgeRecord { id, terms, printed_by: who.staff_id.clone(), printed_at: now, signed: None };
        Ok(PledgePrint { pledge, print: DocPrint { serial, preview, bytes, error }, a4: None })
    }

    /// The clerk has the signed pledge in hand: recorded with who and when (case event, audit).
    /// Refused when nothing was printed, when it was confirmed already, or when the checklist
    /// changed since printing (the signed paper promises something else).
    pub fn confirm_pledge(&self, who: &StaffSession, case: CaseId, kind: PledgeKind) -> DeskResult<PledgeRecord> {
        let c = self.case(case)?;
        let m = self.matter(&c.matter)?;
        let checklist = self.store.cases().checklist(case)?;
        let rec = self.store.cases().pledges().latest(case, kind)?;
        // The materials as they stand; the date is the printed one (a 容缺 date typed later is
        // compared at acceptance, `pledge_gate`).
        let due = rec.as_ref().and_then(|r| r.terms.due);
        let current = match self.terms_now(&c, m, &checklist, kind, due) {
            Ok(t) => t,
            // A printed date that has since passed or no longer fits: print again.
            Err(DeskError::Pledge(PledgeError::DateInPast(_) | PledgeError::DateAfterDue { .. })) => {
                return Err(PledgeError::Changed(kind).into())
            }
            Err(e) => return Err(e),
        };
        pledge::check_confirm(c.state, rec.as_ref(), &current)?;
        let mut rec = rec.ok_or(PledgeError::NotPrinted(kind))?;
        let now = self.now();
        self.store.cases().pledges().confirm_signed(case, rec.id, &who.staff_id, now)?;
        rec.signed = Some((who.staff_id.clone(), now));
        Ok(rec)
    }

    /// The newest pledge of `kind` on file for a case.
    pub fn pledge_on_file(&self, case: CaseId, kind: PledgeKind) -> DeskResult<Option<PledgeRecord>> {
        Ok(self.store.cases().pledges().latest(case, kind)?)
    }

    /// Whether a 容缺 pledge for the case's outstanding materials and `pledge_due` is signed and
    /// on file (what `Decision::AcceptDeficient` carries).
    pub fn deficient_pledge_signed(&self, case: CaseId, pledge_due: NaiveDate) -> DeskResult<bool> {
        let checklist = self.store.cases().checklist(case)?;
        let need = pledge::needed(&checklist, Some(pledge_due));
        let on_file = self.store.cases().pledges().latest(case, PledgeKind::Deficient)?;
        Ok(pledge::check_accept(need.as_ref(), on_file.as_ref()).is_ok())
    }

    /// Before an acceptance: the pledge it needs must be signed, confirmed and match it.
    pub(super) fn pledge_gate(&self, case: CaseId, checklist: &[CheckItem], decision: &Decision) -> DeskResult<()> {
        let need = match decision {
            Decision::AcceptDeficient { pledge_due, .. } => pledge::needed(checklist, Some(*pledge_due)),
            Decision::Accept => pledge::needed(checklist, None),
            Decision::Notice | Decision::Refuse { .. } => None,
        };
        let Some(need) = need else { return Ok(()) };
        let on_file = self.store.cases().pledges().latest(case, need.kind)?;
        Ok(pledge::check_accept(Some(&need), on_file.as_ref())?)
    }

    /// The due date of the check a 告知承诺 acceptance opens today (working days of the matter:
    /// `domain::pledge::check_days`); `None` for any other acceptance.
    pub(super) fn check_due_on_accept(
        &self,
        m: &Matter,
        kind: AcceptKind,
    ) -> DeskResult<Option<crate::domain::workdays::Counted<NaiveDate>>> {
        if kind != AcceptKind::OnPledge {
            return Ok(None);
        }
        Ok(Some(pledge::check_due(&self.calendar(), self.today(), m)?))
    }

    /// 核查 tasks: the open ones soonest due first, or the finished ones (`done`).
    pub fn pledge_checks(&self, done: bool) -> DeskResult<Vec<PledgeCheck>> {
        Ok(self.store.cases().pledges().checks(done, CHECKS_SHOWN)?)
    }

    /// The check of a case, if it has one.
    pub fn case_pledge_check(&self, case: CaseId) -> DeskResult<Option<PledgeCheck>> {
        Ok(self.store.cases().pledges().check_of_case(case)?)
    }

    /// Record a check's finding. 属实 by any staff; 不实 by a supervisor, or with one's number
    /// and PIN on the spot (`over`; its reason is the note), since it marks the applicant and
    /// revokes or bars the permit (`domain::pledge::consequences`).
    pub fn record_check(
        &self,
        who: &StaffSession,
        id: i64,
        finding: Finding,
        note: &str,
        over: Option<&SupervisorOverride>,
    ) -> DeskResult<CheckResult> {
        let check = self.store.cases().pledges().check(id)?.ok_or(DeskError::UnknownTask(id))?;
        pledge::check_finding(check.result.is_some(), finding, note)?;
        if super::id_like(note) {
            return Err(DeskError::IdLike);
        }
        let by = match finding {
            Finding::True => who.staff_id.clone(),
            Finding::False if who.is_supervisor() => who.staff_id.clone(),
            Finding::False => {
                let o = over.ok_or(DeskError::NotSupervisor)?;
                let o = SupervisorOverride { reason: note.to_string(), ..o.clone() };
                self.check_supervisor(&o)?.supervisor
            }
        };
        let consequences = match finding {
            Finding::True => None,
            Finding::False => {
                let decision = self.store.cases().time(check.case)?.decision.map(|d| d.outcome);
                Some(pledge::consequences(&check.number, decision))
            }
        };
        let now = self.now();
        let mark = self.store.cases().pledges().record_finding(id, finding, note, consequences.as_ref(), &by, now)?;
        let decision = consequences.map_or(pledge::DecisionConsequence::None, |c| c.decision);
        Ok(CheckResult { finding, note: note.trim().to_string(), by, at: now, decision, mark })
    }

    /// A grant refused after a false pledge found before the decision (第七十八条).
    pub(super) fn check_grant_allowed(&self, case: CaseId) -> DeskResult<()> {
        if self.store.cases().pledges().grant_barred(case)? {
            return Err(PledgeError::GrantBarred.into());
        }
        Ok(())
    }

    // ---- marks with a supervisor's PIN on the spot -----------------------------------------

    /// The supervisor whose number and PIN were typed (the PIN gate: throttled, audited).
    fn approving_supervisor(&self, over: &SupervisorOverride) -> DeskResult<StaffSession> {
        let o = self.check_supervisor(over)?;
        let m = self.store.staff().get(&o.supervisor)?.ok_or(DeskError::NotSupervisor)?;
        Ok(StaffSession { staff_id: m.staff_id, name: m.name, role: m.role })
    }

    /// Enter a 失信 mark from the desk: `subject` is a credit code, or an ID number when
    /// `person` (`confirm`: keep a credit code whose check character fails). The supervisor's
    /// number and PIN are in `over`, its reason the mark's source.
    #[allow(clippy::too_many_arguments)]
    pub fn add_mark_approved(
        &self,
        over: &SupervisorOverride,
        subject: &str,
        person: bool,
        confirm: bool,
        serious: bool,
        note: &str,
    ) -> DeskResult<i64> {
        let today = self.today();
        let subject = credit::subject(subject, person, confirm, today)?;
        // Checked before the PIN, so a wrong entry does not cost the supervisor an attempt.
        credit::check_entry(&over.reason, note, today, today)?;
        let sup = self.approving_supervisor(over)?;
        self.enter_credit_mark(&sup, &subject, serious, None, &over.reason, note)
    }

    /// Lift mark `id` from today from the desk; the supervisor's number, PIN and the reason are
    /// in `over`.
    pub fn lift_mark_approved(&self, over: &SupervisorOverride, id: i64) -> DeskResult<()> {
        let mark = self.store.credit().get(id)?.ok_or(DeskError::NoMark(id))?;
        let today = self.today();
        credit::check_lift(&mark, today, &over.reason, today)?;
        let sup = self.approving_supervisor(over)?;
        self.lift_credit_mark(&sup, id, None, &over.reason)
    }

    /// Marks for the desk's screen: in force, or with the lifted ones (`lifted`), newest first.
    pub fn list_marks(&self, lifted: bool) -> DeskResult<Vec<MarkRecord>> {
        self.credit_marks(None, lifted)
    }
}
