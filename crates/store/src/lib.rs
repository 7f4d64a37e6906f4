//! certdesk's store: SQL schema and migrations on SQLite and PostgreSQL, the audit chain, print
//! jobs, staff, the front desk's records. It knows the domain and nothing above it (no screen,
//! no service).

#![deny(missing_docs)]

pub mod store;

// The layers below, under the names the store's modules have always used (`crate::domain::…`).
use certdesk_domain::{domain, report};
#[cfg(test)]
use certdesk_testkit as testkit;
