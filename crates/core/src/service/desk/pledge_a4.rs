//! The pledge signed before acceptance, on A4 (SPEC §8, issue 16): when the desk has its A4
//! home, the 容缺受理承诺书 or 告知承诺书 the applicant signs is the numbered counter document
//! (the paper kit, an A4 job, a document number), not a 58 mm slip. It carries the terms the
//! clerk confirms later: the outstanding materials (容缺) or the materials whose proof the
//! pledge replaces (告知承诺), the promised date and the consequences of a false pledge (the
//! template's words). The pledge_forms row keeps the A4 job in its `job` column, so the
//! confirmation and the acceptance gate read the same row as before.

use super::a4::A4Printed;
use super::{Desk, DeskResult, StaffSession};
use crate::domain::matters::Matter;
use crate::domain::pledge::{self, PledgeKind, PledgeTerms};
use crate::domain::records::CaseRecord;
use certdesk_paper::{DocKind, Item};

/// The A4 document a pledge of `kind` is.
pub fn pledge_doc_kind(kind: PledgeKind) -> DocKind {
    match kind {
        PledgeKind::Deficient => DocKind::RongquePledge,
        PledgeKind::Notify => DocKind::Pledge,
    }
}

impl Desk {
    /// Whether pledges print on A4 (the desk has its A4 home); without one (a bare service
    /// in tests, a station set up for slips only) they print on the receipt printer.
    pub(super) fn pledges_on_a4(&self) -> bool {
        self.a4.is_some()
    }

    /// Issues the pledge of `terms` for case `c` as its A4 document and sends it to the A4
    /// target. The document is issued before acceptance with the terms as printed: a failed
    /// job is kept (`error`), listed for the case's reprint key like every A4 job.
    pub(super) fn print_pledge_a4(
        &self,
        who: &StaffSession,
        c: &CaseRecord,
        m: &Matter,
        terms: &PledgeTerms,
    ) -> DeskResult<A4Printed> {
        let kind = pledge_doc_kind(terms.kind);
        let name = |code: &str| m.material(code).map_or_else(|| code.to_string(), |x| x.name.clone());
        let fix = |code: &str| m.material(code).map(|x| x.fix.clone()).unwrap_or_default();
        // 告知承诺: the check an acceptance today opens is due on this date; the pledge promises
        // to help it by then (`domain::pledge::check_due`).
        let promised = match terms.kind {
            PledgeKind::Deficient => terms.due,
            PledgeKind::Notify => Some(pledge::check_due(&self.calendar(), self.today(), m)?.value),
        };
        let materials = terms.materials.clone();
        let adjust = |f: &mut certdesk_paper::Facts| {
            match terms.kind {
                PledgeKind::Deficient => {
                    f.items = materials
                        .iter()
                        .map(|code| Item { name: name(code), problem: "暂缺".into(), fix: fix(code) })
                        .collect();
                }
                PledgeKind::Notify => {
                    let names: Vec<String> = materials.iter().map(|code| name(code)).collect();
                    f.pledged_proof = (!names.is_empty()).then(|| names.join("、"));
                }
            }
            f.pledge_due = promised;
        };
        self.issue_and_print_a4(who, c, kind, adjust)
    }
}
