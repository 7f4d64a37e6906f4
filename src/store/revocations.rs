//! The registry's side of the revocation list: every certificate whose standing is not active.

use super::{Result, Store, StoreError};

impl Store {
    /// Seal handles of every certificate that is suspended, revoked or cancelled, with the
    /// standing code (`Standing::code()`), sorted by handle. Feeds `certdesk revocations export`.
    pub fn withdrawn_handles(&self) -> Result<Vec<([u8; 8], u8)>> {
        let mut st = self.conn().prepare_cached(
            "SELECT seal_handle, standing FROM certificates WHERE standing <> 0 ORDER BY seal_handle",
        )?;
        let rows = st.query_map([], |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?)))?;
        let mut out = vec![];
        for row in rows {
            let (h, code) = row?;
            let h: [u8; 8] = h.try_into().map_err(|_| StoreError::Invalid("a seal_handle is not 8 bytes".into()))?;
            out.push((h, u8::try_from(code).unwrap_or(u8::MAX)));
        }
        Ok(out)
    }
}
