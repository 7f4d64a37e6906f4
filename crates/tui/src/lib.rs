//! certdesk's terminal app: one runtime and the modes (kiosk, desk, rating, verifier). A mode
//! turns keys into requests of the protocol (`certdesk-protocol`) and draws the results; it
//! never reaches the store (this crate does not depend on it).

pub mod app;

// The layers below, under the names the modes have always used (`crate::domain::…`).
use certdesk_domain::{clock, config, domain, report, text, words};
use certdesk_seal::seal;
