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

// The layers, re-exported under the names they had when certdesk was one crate, so the binary,
// the integration tests and the benches keep their paths (`certdesk::store::…`).
pub use certdesk_core::{
    cli_calendar, cli_credit, cli_progress, cli_strings, cli_verifier, demo, doctor, home, import, online, paper,
    phone_path, registry, remind, report, roster, service, settings,
};
pub use certdesk_domain::{clock, config, domain, timeouts};
pub use certdesk_seal::seal;
pub use certdesk_slip::{printer, slip};
pub use certdesk_store::store;
pub use certdesk_tui::app;

pub mod cli;
pub mod cli_actor;
pub mod cli_case;
pub mod cli_deemed;
pub mod cli_hall;
pub mod cli_migrate;
pub mod cli_report;
pub mod station;
