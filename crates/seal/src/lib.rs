//! certdesk's seal: the signed QR payload (docs/qr-format.md), keys, trust and revocation lists,
//! verification. Depends on the domain only.

#![deny(missing_docs)]

pub mod seal;

use certdesk_domain::domain;
