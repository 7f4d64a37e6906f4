//! certdesk's services: they carry out the screens' requests (`certdesk-protocol`) against the
//! store, the seal and the printer and return domain results; also the home directory, roster
//! import, reminder lists, the registry, reports' export, the doctor and the demo.

#![deny(missing_docs)]

pub mod audit_words;
pub mod cli_calendar;
pub mod cli_credit;
pub mod cli_progress;
pub mod cli_strings;
pub mod cli_verifier;
pub mod demo;
pub mod doc_verify;
pub mod doctor;
pub mod home;
pub mod import;
pub mod online;
pub mod paper;
pub mod paper_facts;
pub mod paper_visit;
pub mod phone_path;
pub mod registry;
pub mod remind;
pub mod roster;
pub mod service;
pub mod settings;
pub mod waiting;

/// Reports: shaped in the domain (`certdesk_domain::report`), written to CSV/XLSX here.
pub mod report {
    pub use certdesk_domain::report::*;
    pub mod export;
}

// The layers below, under the names the services have always used (`crate::store::…`).
use certdesk_domain::{clock, config, domain};
use certdesk_seal::seal;
use certdesk_slip::{printer, slip};
use certdesk_store::store;
