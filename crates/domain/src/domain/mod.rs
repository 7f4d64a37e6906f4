//! Domain rules, pure and free of I/O: ID numbers, credit codes, certificates and their status,
//! the catalogue. Everything here takes `today` as an argument instead of reading a clock.

pub mod case_time;
pub mod catalogue;
pub mod cert;
pub mod credit;
pub mod deadline;
pub mod festivals;
pub mod first_contact;
pub mod holder;
pub mod id;
pub mod intake;
pub mod invisible;
pub mod loops;
pub mod matters;
pub mod pledge;
pub mod records;
pub mod reminder;
pub mod resubmission;
pub mod retirement;
pub mod review_intake;
pub mod spreadsheet;
pub mod stages;
pub mod standing;
pub mod throttle;
pub mod uscc;
pub mod workdays;

pub use cert::{CertId, CertKind, Certificate, Invalid, LeadTimes, NextStep, Standing, Status};
pub use holder::Holder;
pub use id::{Gender, ResidentId};
