//! 撤销 of a granted permit on its decision row (行政许可法 第六十九条第二款, 第七十九条;
//! migration 26). Written inside the transaction that records the false 告知承诺's finding
//! (`store/pledges.rs`), which also writes the `case.revoked` event and its audit entry.

use super::{CaseId, Cases};
use crate::store::db::p;
use crate::store::{time_text, Result, StoreError};
use chrono::NaiveDateTime;

impl Cases<'_> {
    /// Mark the case's 准予 as revoked (who, when, why). Refused (an error, nothing written)
    /// when the case has no decision or its decision is not a standing grant: only a permit
    /// granted can be revoked, and only once. Call inside a write transaction.
    pub fn revoke_decision(&self, case: CaseId, by: &str, reason: &str, now: NaiveDateTime) -> Result<()> {
        let n = self.store.db.execute(
            "UPDATE case_decisions SET outcome = 'revoked', revoked_by = ?2, revoked_at = ?3, revoke_reason = ?4 \
             WHERE case_id = ?1 AND outcome = 'grant'",
            p![case, by, time_text(now), reason],
        )?;
        if n == 0 {
            return Err(StoreError::Invalid(format!("case {case} has no granted decision to revoke")));
        }
        Ok(())
    }
}
