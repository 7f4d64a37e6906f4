//! One file per desk screen: its command table (what `commands::table` returns for it) and its
//! `update` (what its commands and keys do). The screens' state is the `Screen` enum in
//! `desk/mod.rs`; the desk's `update` there resolves the command and hands it here.

pub mod appointments;
pub mod book;
pub mod case;
pub mod case_time;
pub mod checklist;
pub mod checks;
pub mod enquiry;
pub mod handoff_close;
pub mod holder;
pub mod holders;
pub mod home;
pub mod intake;
pub mod list;
pub mod login;
pub mod marks;
pub mod pick_matter;
pub mod pledge;
pub mod reports;
pub mod task;
pub mod tasks;

pub(super) use super::commands::{row, Cmd, Command, Key};
pub(super) use super::{Desk, Effect, Effects, Screen};
pub(super) use crate::app::Action;
