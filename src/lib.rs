//! certdesk: lobby kiosk, front desk and verifier workbench for the certificates of an
//! emergency-management bureau (应急管理局).
//!
//! Where things live:
//! - `domain`  — pure rules: ID checksum, credit code, certificate status, catalogue.
//! - `seal`    — the signed QR payload (format: docs/qr-format.md), keys, trust list, verify.
//! - `slip`    — the receipt layout, rendered to ESC/POS bytes or to plain text.
//! - `printer` — printer targets (file, TCP, device, serial, CUPS) and status queries.
//! - `store`   — SQLite schema, migrations, audit chain, print-job records.
//! - `import`  — roster import from CSV/XLSX; `roster` — the synthetic roster generator.
//! - `config`  — certdesk.toml.

pub mod app;
pub mod cli;
pub mod cli_calendar;
pub mod cli_migrate;
pub mod cli_progress;
pub mod cli_report;
pub mod cli_strings;
pub mod cli_verifier;
pub mod clock;
pub mod config;
pub mod demo;
pub mod doctor;
pub mod domain;
pub mod home;
pub mod import;
pub mod printer;
pub mod registry;
pub mod remind;
pub mod report;
pub mod roster;
pub mod seal;
pub mod service;
pub mod slip;
pub mod station;
pub mod store;
#[doc(hidden)]
pub mod testkit;
