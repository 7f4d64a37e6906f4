//! Changing a certificate's standing by a bureau decision (`certdesk standing set`): 暂停,
//! 撤销 (30号令 art. 30), 注销 (art. 31) or back to 有效 after a suspension, without a roster
//! import. One transaction: the row and its signed audit entry, which names the certificate by
//! its masked number and identity (kind, 作业类别, 操作项目), never by the raw number.

use super::db::p;
use super::holders::Holders;
use super::{Result, StoreError};
use crate::domain::{CertId, Standing};
use chrono::NaiveDateTime;
use serde_json::json;

/// What a standing change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandingChange {
    /// The standing was changed, and the change audited.
    Changed {
        /// The standing before.
        from: Standing,
        /// The standing now.
        to: Standing,
    },
    /// The certificate had that standing already: nothing written.
    Unchanged(Standing),
}

impl Holders<'_> {
    /// Set certificate `id`'s standing to `to` as decided by `staff` for `reason`, checked by
    /// the caller (`domain::standing::check_change`); audited as `certificate.standing`
    /// in the same transaction. The revocation list picks the change up at its next export
    /// (`withdrawn_handles`). (`Holders::set_standing` is the bare update, unaudited, for tests.)
    pub fn decide_standing(
        &self,
        id: CertId,
        to: Standing,
        reason: &str,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<StandingChange> {
        self.store.in_transaction(|s| {
            let c = s
                .holders()
                .certificate(id)?
                .ok_or_else(|| StoreError::Invalid(format!("no certificate with id {}", id.0)))?;
            if c.standing == to {
                return Ok(StandingChange::Unchanged(to));
            }
            let n = s.db.execute(
                "UPDATE certificates SET standing = ?2 WHERE id = ?1 AND standing = ?3",
                p![id.0, to.code(), c.standing.code()],
            )?;
            if n != 1 {
                return Err(StoreError::Invalid("the certificate changed meanwhile; try again".into()));
            }
            s.audit().append(
                staff,
                "certificate.standing",
                json!({
                    "certificate": c.masked_number(),
                    "kind": c.kind.title_zh(),
                    "category": c.category,
                    "item": c.item,
                    "from": c.standing.zh(),
                    "to": to.zh(),
                    "reason": reason,
                }),
                now,
            )?;
            Ok(StandingChange::Changed { from: c.standing, to })
        })
    }
}
