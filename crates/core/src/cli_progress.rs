//! Progress bars for the long commands (import, check, migrate, backup, remind; issue 13 §3),
//! drawn with `indicatif` on standard error, and only when standard error is a terminal: piped
//! or in CI they draw nothing at all (the bar is `ProgressBar::hidden`, which costs a branch).
//!
//! `indicatif` (console-rs, the bar of cargo-binstall, rustup-init and many others) over
//! `pbr`/`linya`: kept up to date, thread-safe handles (the import's rows are counted on the
//! writer thread), rate limits its own redraws (20 per second by default), and hides itself
//! on a non-terminal.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// A bar or spinner on standard error, or nothing when standard error is not a terminal.
pub struct Progress {
    bar: ProgressBar,
}

/// Whether bars are drawn in this process: standard error is a terminal and `CERTDESK_PROGRESS`
/// is not `0`.
pub fn enabled() -> bool {
    std::io::stderr().is_terminal() && std::env::var("CERTDESK_PROGRESS").map_or(true, |v| v != "0")
}

impl Progress {
    /// A bar towards `total` units of `unit` (e.g. pages), with `message` in front.
    pub fn bar(total: u64, message: String, unit: &str) -> Progress {
        let t = format!("{{msg}} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} {unit} ({{percent}}%)");
        Progress::new(Some(total), &t, message, false)
    }

    /// A spinner for work of unknown size: counts `unit`s (rows) with their rate. It keeps
    /// turning on its own (a timer thread) between the counts.
    pub fn spinner(message: String, unit: &str) -> Progress {
        let t = format!("{{spinner}} {{msg}} [{{elapsed_precise}}] {{human_pos}} {unit} ({{per_sec}})");
        Progress::new(None, &t, message, true)
    }

    /// A spinner that shows only the message and the time (no count): a single long statement
    /// (an integrity check) still shows life.
    pub fn timer(message: String) -> Progress {
        Progress::new(None, "{spinner} {msg} [{elapsed_precise}]", message, true)
    }

    fn new(len: Option<u64>, template: &str, message: String, ticking: bool) -> Progress {
        let bar = if enabled() {
            ProgressBar::with_draw_target(len, ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        bar.set_style(ProgressStyle::with_template(template).expect("a valid template"));
        bar.set_message(message);
        if ticking && !bar.is_hidden() {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        Progress { bar }
    }

    /// Move the bar to `n`.
    pub fn set_position(&self, n: u64) {
        self.bar.set_position(n);
    }
    /// Set how many steps the bar counts to.
    pub fn set_length(&self, n: u64) {
        self.bar.set_length(n);
    }
    /// Set the words beside the bar.
    pub fn set_message(&self, m: String) {
        self.bar.set_message(m);
    }
    /// Whether nothing is drawn (not a terminal, or progress turned off).
    pub fn is_hidden(&self) -> bool {
        self.bar.is_hidden()
    }
}

impl Drop for Progress {
    /// The bar leaves the terminal before the command's own output.
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
