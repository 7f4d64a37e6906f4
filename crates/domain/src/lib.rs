//! certdesk's domain: pure rules and records (ID numbers, credit codes, certificate status, the
//! catalogue, working days, front-desk rules, the desk's records), the settings file, the clock,
//! and the shaping of reports from plain facts. No database, terminal or printer crate: the
//! store, the screens and the printer depend on this crate, never the other way round.

#![deny(missing_docs)]

pub mod clock;
pub mod config;
pub mod domain;
pub mod paper_config;
pub mod report;
pub mod text;
pub mod timeouts;
pub mod words;
