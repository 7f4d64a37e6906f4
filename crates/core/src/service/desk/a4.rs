//! The desk's documents on A4 (SPEC §8, issue 16): a document key issues the counter document
//! (numbered, stored with its exact bytes, audited; `crate::paper`) and prints it through the
//! paper jobs to the home's A4 target (`[paper] target`: `cups:QUEUE` or `file:DIR`). The job
//! is recorded before a byte is sent and its outcome after; a failed job stays listed (`jobs
//! list`) and is sent again with [`Desk::reprint_a4`] (the case screen's P key: the case's last
//! failed job, [`Desk::reprint_last_a4`]) or `certdesk case reprint`. The 58 mm
//! receipt printer keeps the slip, the queue ticket and the short receipt.

use super::{Desk, DeskError, DeskResult, StaffSession};
use crate::config::Config;
use crate::domain::intake::CaseState;
use crate::paper::{Paper, PaperKit};
use crate::store::cases::CaseId;
use crate::store::paper::PaperDocument;
use certdesk_paper::DocKind;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What the desk needs to issue A4 documents: the home's settings and directory (templates,
/// the seal key, a relative `file:` target).
#[derive(Debug, Clone)]
pub struct A4Home {
    /// The home's settings, as the paper service (`Paper::open`) reads them.
    pub config: Config,
    /// The home directory, against which templates, the seal key and a `file:` target are found.
    pub dir: PathBuf,
}

/// The desk's A4 home and the paper kit (fonts, templates, seal key) read from it once, on the
/// first document the desk prints, and kept for every later one (reading it is most of what a
/// document cost: docs/performance.md, "The paper kit read once"). Only a kit that loaded is
/// kept: after a font or template problem each print tries again and names the problem, so a
/// fixed font works without restarting the desk. A template edited while the desk runs is read
/// at its next start.
#[derive(Debug)]
pub(super) struct A4Station {
    home: A4Home,
    kit: Mutex<Option<Arc<PaperKit>>>,
}

impl A4Station {
    fn kit(&self) -> DeskResult<Arc<PaperKit>> {
        // A poisoned lock only means another print panicked while loading: load again.
        let mut kept = self.kit.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(kit) = kept.as_ref() {
            return Ok(Arc::clone(kit));
        }
        let kit = Arc::new(
            PaperKit::load(&self.home.config, &self.home.dir).map_err(|e| DeskError::PaperKit(format!("{e:#}")))?,
        );
        *kept = Some(Arc::clone(&kit));
        Ok(kit)
    }
}

/// An A4 document issued and sent (or not) to the A4 printer.
#[derive(Debug, Clone)]
pub struct A4Printed {
    /// The document as kept in the registry.
    pub document: PaperDocument,
    /// The A4 job (A0000012), kept whatever happened.
    pub job: u64,
    /// Where it went (cups:QUEUE, file:DIR).
    pub target: String,
    /// The printer's fault, when it did not take the job.
    pub error: Option<String>,
}

/// Which counter document a desk key means for the case as it stands: the notice key prints the
/// 补正告知书; the pledge key the 告知承诺书 of a case accepted on pledge, else the 容缺受理承诺书;
/// the acceptance key the 不予受理决定书 of a refused case, else the 受理通知书.
pub fn kind_for(requested: DocKind, state: CaseState, accept_kind: Option<&str>) -> DocKind {
    match requested {
        DocKind::RongquePledge | DocKind::Pledge if accept_kind == Some("pledge") => DocKind::Pledge,
        DocKind::RongquePledge | DocKind::Pledge => DocKind::RongquePledge,
        DocKind::Acceptance | DocKind::Refusal if state == CaseState::Refused => DocKind::Refusal,
        DocKind::Acceptance | DocKind::Refusal => DocKind::Acceptance,
        other => other,
    }
}

impl Desk {
    /// The desk prints A4 documents with the home's settings (Desk::open sets it).
    pub fn with_a4(mut self, home: A4Home) -> Desk {
        self.a4 = Some(A4Station { home, kit: Mutex::new(None) });
        self
    }

    /// The paper service over the desk's kit (loaded on the first call, then shared).
    fn paper(&self) -> DeskResult<Paper<'_>> {
        let a4 = self.a4.as_ref().ok_or_else(|| DeskError::Setup("A4 documents need the station's home".into()))?;
        let kit = a4.kit()?;
        Ok(Paper::with_kit(&self.store, &a4.home.config, &self.matters, &a4.home.dir, kit))
    }

    /// Issues `kind` for the case (as [`kind_for`] reads it) and prints it on the A4 target.
    /// A document the case cannot have yet (a 补正告知书 of a case that needs none) is refused
    /// before a number is taken.
    pub fn print_a4(&self, who: &StaffSession, case: CaseId, kind: DocKind) -> DeskResult<A4Printed> {
        let c = self.case(case)?;
        let kind = kind_for(kind, c.state, c.accept_kind.as_deref());
        let allowed = match kind {
            DocKind::Notice => !self.store.cases().notices(case)?.is_empty(),
            DocKind::RongquePledge => c.accept_kind.as_deref() == Some("deficient"),
            DocKind::Pledge => c.accept_kind.as_deref() == Some("pledge"),
            DocKind::Acceptance => c.accepted_on.is_some(),
            DocKind::Refusal => c.state == CaseState::Refused,
            DocKind::Extension => self.store.cases().time(case)?.extension.is_some(),
            DocKind::Special => !self.store.cases().time(case)?.stops.is_empty(),
            DocKind::Denial => self
                .store
                .cases()
                .time(case)?
                .decision
                .is_some_and(|d| d.outcome == crate::domain::case_time::Outcome::Deny),
            DocKind::Service => self.store.cases().time(case)?.decision.is_some(),
            DocKind::Visit => matches!(c.state, CaseState::Completed | CaseState::Archived),
        };
        if !allowed {
            return Err(DeskError::NothingToPrint(paper_word(kind)));
        }
        self.issue_and_print_a4(who, &c, kind, |_| {})
    }

    /// Issues `kind` for `c` (facts the case does not record yet set by `adjust`) and sends it
    /// to the A4 target; the job is kept whatever the printer did.
    pub(super) fn issue_and_print_a4(
        &self,
        who: &StaffSession,
        c: &crate::domain::records::CaseRecord,
        kind: DocKind,
        adjust: impl FnOnce(&mut certdesk_paper::Facts),
    ) -> DeskResult<A4Printed> {
        let paper = self.paper()?;
        let target = paper.target(None).map_err(|e| DeskError::Setup(format!("{e:#}")))?;
        let doc = paper
            .issue_with(c, kind, &who.staff_id, &who.name, self.now(), adjust)
            .map_err(|e| DeskError::Setup(format!("{e:#}")))?;
        let p = paper
            .print(doc.id, &target, &self.station, &who.staff_id, || self.now())
            .map_err(|e| DeskError::Setup(format!("{e:#}")))?;
        Ok(A4Printed { document: doc, job: p.job, target: target.to_string(), error: p.error })
    }

    /// The case's last A4 job the printer did not take (failed; or pending, never known to
    /// have printed), the one the desk's reprint key sends again.
    pub fn last_failed_a4(&self, case: CaseId) -> DeskResult<Option<u64>> {
        let c = self.case(case)?;
        Ok(self
            .store
            .documents()
            .unfinished_a4_jobs()?
            .into_iter()
            .filter(|j| j.case_number == c.number)
            .map(|j| j.id)
            .max())
    }

    /// Sends the case's last failed A4 job again (the desk's reprint key): the clerk at the
    /// window reprints without the command line.
    pub fn reprint_last_a4(&self, who: &StaffSession, case: CaseId) -> DeskResult<A4Printed> {
        let job = self.last_failed_a4(case)?.ok_or(DeskError::NothingToPrint("failed A4 job"))?;
        self.reprint_a4(who, job)
    }

    /// Sends a stuck A4 job again from the document's stored bytes (audited).
    pub fn reprint_a4(&self, who: &StaffSession, job: u64) -> DeskResult<A4Printed> {
        let paper = self.paper()?;
        let target = paper.target(None).map_err(|e| DeskError::Setup(format!("{e:#}")))?;
        let j = self.store.documents().a4_job(job)?.ok_or(DeskError::NothingToPrint("A4 job"))?;
        let p = paper
            .reprint(job, &target, &who.staff_id, || self.now())
            .map_err(|e| DeskError::Setup(format!("{e:#}")))?;
        let case = self.store.cases().by_number(&j.case_number)?.ok_or(DeskError::NothingToPrint("A4 job"))?;
        let document = self
            .store
            .documents()
            .of_case(case.id)?
            .into_iter()
            .find(|d| d.id == j.document_id)
            .ok_or(DeskError::NothingToPrint("A4 job"))?;
        Ok(A4Printed { document, job, target: target.to_string(), error: p.error })
    }
}

/// The document's name in the desk's error ("there is no … to print for this case").
fn paper_word(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Notice => "one-time notice (补正告知书)",
        DocKind::RongquePledge => "容缺 pledge (容缺受理承诺书)",
        DocKind::Pledge => "pledge (告知承诺书)",
        DocKind::Acceptance => "acceptance notice (受理通知书)",
        DocKind::Refusal => "refusal (不予受理决定书)",
        DocKind::Extension => "extension notice (延长办理期限告知书)",
        DocKind::Special => "special procedure notice (特别程序告知书)",
        DocKind::Denial => "denial (不予行政许可决定书)",
        DocKind::Service => "proof of service (送达回证)",
        DocKind::Visit => "callback record (回访记录)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_prints_the_document_the_case_needs() {
        use CaseState::*;
        assert_eq!(kind_for(DocKind::RongquePledge, Accepted, Some("pledge")), DocKind::Pledge);
        assert_eq!(kind_for(DocKind::RongquePledge, Accepted, Some("deficient")), DocKind::RongquePledge);
        assert_eq!(kind_for(DocKind::Acceptance, Refused, None), DocKind::Refusal);
        assert_eq!(kind_for(DocKind::Acceptance, Accepted, Some("full")), DocKind::Acceptance);
        assert_eq!(kind_for(DocKind::Notice, Noticed, None), DocKind::Notice);
    }
}
