//! The registry's side of the revocation list: every certificate whose standing is not active.

use super::db::p;
use super::holders::Holders;
use super::{Result, StoreError};

impl Holders<'_> {
    /// Seal handles of every certificate that is suspended, revoked or cancelled, with the
    /// standing code (`Standing::code()`), sorted by handle. Feeds `certdesk revocations export`.
    pub fn withdrawn_handles(&self) -> Result<Vec<([u8; 8], u8)>> {
        self.store.db.query(
            "SELECT seal_handle, standing FROM certificates WHERE standing <> 0 ORDER BY seal_handle",
            p![],
            |r| {
                let h: [u8; 8] = r
                    .get::<Vec<u8>>(0)?
                    .try_into()
                    .map_err(|_| StoreError::Invalid("a seal_handle is not 8 bytes".into()))?;
                Ok((h, u8::try_from(r.get::<i64>(1)?).unwrap_or(u8::MAX)))
            },
        )
    }
}
