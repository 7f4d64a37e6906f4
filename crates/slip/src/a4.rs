//! The A4 printer (SPEC §8): counter documents go as PDF to a CUPS queue (`cups:QUEUE`, through
//! `lp`, which hands the PDF to the queue's filters) or into a directory (`file:DIR`, the demo).
//! The `lp` command was chosen over an IPP client crate: CUPS ships it wherever a queue exists,
//! the receipt printer already uses it, and `ipp` (the one maintained crate) brings an async
//! stack for one request.
//!
//! A queue that is stopped (`cupsdisable`) still accepts jobs and holds them; a clerk would
//! believe the notice printed. So the queue's state is asked first (`lpstat -p`) and a stopped
//! queue is an error: the job stays failed in certdesk, listed, and is reprinted when the queue
//! runs again.

use crate::printer::{run_spooler, write_atomic, PrintError, Target};
use std::process::Command;
use std::time::Duration;

/// Sends a PDF named `name` (no extension) to the A4 `target`.
pub fn send_pdf(target: &Target, name: &str, pdf: &[u8], timeout: Duration) -> Result<(), PrintError> {
    if !pdf.starts_with(b"%PDF-") {
        return Err(PrintError::Io("not a PDF document".into()));
    }
    match target {
        Target::File(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| PrintError::Io(format!("{}: {e}", dir.display())))?;
            write_atomic(dir, &format!("{name}.pdf"), pdf)
                .map_err(|e| PrintError::Io(format!("{}: {e}", dir.display())))
        }
        Target::Cups { queue } => {
            queue_running(queue)?;
            let mut cmd = Command::new("lp");
            cmd.args(["-d", queue, "-o", "media=A4", "-t", name]);
            run_spooler(cmd, pdf, timeout.max(Duration::from_millis(1)))
        }
        other => Err(PrintError::Io(format!("{other}: an A4 printer is cups:QUEUE or file:DIR"))),
    }
}

/// Whether CUPS says the queue exists and is not stopped.
pub fn queue_running(queue: &str) -> Result<(), PrintError> {
    let out = Command::new("lpstat").env("LC_ALL", "C").args(["-p", queue]).output().map_err(|e| {
        PrintError::Io(if e.kind() == std::io::ErrorKind::NotFound {
            "lpstat not found (is CUPS installed?)".to_string()
        } else {
            format!("lpstat: {e}")
        })
    })?;
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    if !out.status.success() || text.trim().is_empty() {
        return Err(PrintError::Io(format!("CUPS queue {queue}: {}", text.trim())));
    }
    // "printer Q is idle.  enabled since …" / "printer Q disabled since …" (C locale).
    if text.contains("disabled") {
        return Err(PrintError::Io(format!("打印队列 {queue} 已停止 (CUPS queue stopped): {}", text.trim())));
    }
    Ok(())
}
