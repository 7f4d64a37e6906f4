//! certdesk's paper: the slip and document layouts rendered to ESC/POS bytes or text, and the
//! printer targets (file, TCP, device, serial, CUPS) with their status queries.

#![deny(missing_docs)]

pub mod a4;
pub mod printer;
pub mod slip;

use certdesk_domain::{config, domain};
