//! The kiosk's part of the service: identify a holder (second factor, throttling, lockout) and
//! print one of their certificates. Results are domain results; `run` hands them to the kiosk as
//! its outcomes.

use super::{constant_time_eq, Live};
use crate::domain::throttle::{Backoff, Lockout};
use crate::domain::{Certificate, Holder, Status};
use crate::printer::{self, PrintError, PrintJob};
use crate::seal::{self, SlipClaims};
use crate::slip;
pub use crate::store::desk_extra::AssistedDoc;
use crate::store::{id_ref, CertId, JobOutcome};
use anyhow::{Context, Result};
use certdesk_protocol::kiosk::{self as mode, Identity, PrinterFault};
use certdesk_protocol::Outcome;
use chrono::NaiveDateTime;
use serde_json::json;

/// The answer to "who is this?" at the kiosk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identification {
    /// The holder is who they say: their certificates.
    Identified {
        /// The holder as registered.
        holder: Holder,
        /// Their certificates.
        certificates: Vec<Certificate>,
    },
    /// Unknown ID, wrong factor and no factor on record: one answer for all three.
    Denied {
        /// Tries left before the ID is locked out.
        attempts_left: u32,
    },
    /// Too many failed tries: locked for a while.
    Locked {
        /// Minutes until the next try is allowed.
        minutes: u32,
    },
}

/// A print by staff at the desk for the holder in front of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assist {
    /// The staff member printing for the holder.
    pub staff_id: String,
    /// "李娜（0001）", printed on a reminder slip.
    pub staff_label: String,
    /// The counter (窗口) it is printed at.
    pub counter: u32,
    /// What is printed: the slip or a reminder.
    pub doc: AssistedDoc,
}

/// A reminder asked for a certificate whose next step is not a review, renewal or extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("this certificate has no review, renewal or extension to remind of")]
pub struct NothingToRemind;

/// Progress of a print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintStage {
    /// Recording the job and building the slip.
    Prepare,
    /// Sending the bytes.
    Send,
}

/// How a print ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintResult {
    /// The slip was printed.
    Printed {
        /// Its print serial.
        serial: u64,
        /// The slip as text.
        preview: String,
    },
    /// The job is recorded under `serial` with its bytes, for `certdesk jobs reprint`.
    Failed {
        /// Its print serial.
        serial: u64,
        /// Why it failed.
        error: PrintError,
    },
    /// The daily limit for this certificate is reached.
    Limit {
        /// Prints allowed per certificate and day.
        max: u32,
    },
}

/// The kind of a printer error, for the screens.
pub fn fault_kind(e: &PrintError) -> PrinterFault {
    match e {
        PrintError::Offline => PrinterFault::Offline,
        PrintError::PaperOut => PrinterFault::PaperOut,
        PrintError::CoverOpen => PrinterFault::CoverOpen,
        PrintError::Fault(_) => PrinterFault::Fault,
        PrintError::Timeout => PrinterFault::Timeout,
        PrintError::NoReply => PrinterFault::NoReply,
        PrintError::BadReply(_) => PrinterFault::BadReply,
        PrintError::NoStatus => PrinterFault::NoStatus,
        PrintError::Io(_) => PrinterFault::Io,
    }
}

/// Carry out one kiosk effect and hand the result to the kiosk.
pub(super) fn run(live: &mut Live, effect: mode::Effect, progress: &mut dyn FnMut(Outcome)) -> Result<Option<Outcome>> {
    let o = match effect {
        mode::Effect::Identify { id, factor } => {
            let now = live.clock.now();
            match live.identify(&id, &factor)? {
                Identification::Identified { holder, certificates } => {
                    let lead = &live.config.reminders;
                    mode::Outcome::Identified(Identity::of(
                        &holder,
                        &certificates,
                        now.date(),
                        lead,
                        &live.matters,
                        &live.calendar,
                    ))
                }
                Identification::Denied { attempts_left } => mode::Outcome::Denied { attempts_left },
                Identification::Locked { minutes } => mode::Outcome::Locked { minutes },
            }
        }
        mode::Effect::Print { cert } => {
            let holder = live.session.clone().context("print asked outside a kiosk session")?;
            let mut stage = |s: PrintStage| {
                let s = match s {
                    PrintStage::Prepare => mode::PrintStage::Prepare,
                    PrintStage::Send => mode::PrintStage::Send,
                };
                progress(mode::Outcome::PrintStage(s).into())
            };
            match live.print(cert, Some(&holder), &mut stage)? {
                PrintResult::Printed { serial, preview } => mode::Outcome::Printed { serial, preview },
                PrintResult::Failed { serial, error } => {
                    mode::Outcome::PrintFailed { serial: Some(serial), fault: fault_kind(&error) }
                }
                PrintResult::Limit { max } => mode::Outcome::PrintLimit { max },
            }
        }
        mode::Effect::EndSession { .. } => {
            live.session = None;
            return Ok(None);
        }
    };
    Ok(Some(o.into()))
}

impl Live {
    /// Check a holder's second factor, with per-ID and per-station throttling (SPEC §3).
    pub fn identify(&mut self, id_number: &str, factor: &str) -> Result<Identification> {
        let k = &self.config.kiosk;
        let rule = Lockout { max: k.max_factor_failures, window_minutes: k.factor_window_minutes };
        let (max, window) = (rule.max, rule.window_minutes);
        let station = self.station();
        // Growing delays per kiosk (domain::throttle): slows enumeration, never refuses. This
        // runs on the worker thread; the screen keeps drawing "checking".
        let wait = self.store()?.factor_wait(&station, self.clock.now(), rule, Backoff::KIOSK)?;
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
        let now = self.clock.now();
        let key = self.store()?.id_key(id_number);
        let (per_id, _) = self.store()?.factor_failures_since(&key, &station, rule.since(now))?;
        if rule.is_locked(per_id) {
            self.store()?.audit().append(
                &station,
                "kiosk.locked_attempt",
                json!({ "id": id_ref(id_number), "per_id": per_id }),
                now,
            )?;
            return Ok(Identification::Locked { minutes: window });
        }
        let holder = self.store()?.holders().get(id_number)?;
        let expected = holder.as_ref().and_then(|h| h.factor());
        let ok = matches!(&expected, Some(f) if constant_time_eq(f.as_bytes(), factor.as_bytes()));
        if !ok {
            self.store()?.record_factor_failure(&key, &station, now)?;
            // The audit says why, for staff; the holder sees one answer for all three cases.
            let reason = match (&holder, &expected) {
                (None, _) => "unknown id",
                (Some(_), None) => "no mobile on record",
                _ => "wrong factor",
            };
            self.store()?.audit().append(
                &station,
                "kiosk.factor_failed",
                json!({ "id": id_ref(id_number), "reason": reason }),
                now,
            )?;
            let left = rule.left_after_failure(per_id);
            if left == 0 {
                self.store()?.audit().append(
                    &station,
                    "kiosk.locked",
                    json!({ "id": id_ref(id_number), "minutes": window, "per_id": per_id + 1, "max": max }),
                    now,
                )?;
                return Ok(Identification::Locked { minutes: window });
            }
            return Ok(Identification::Denied { attempts_left: left });
        }
        let holder = holder.expect("factor matched");
        self.store()?.clear_factor_failures(&key)?;
        let certificates = self.store()?.holders().certificates_for(id_number)?;
        self.store()?.audit().append(
            &station,
            "kiosk.identified",
            json!({ "id": id_ref(id_number), "certificates": certificates.len() }),
            now,
        )?;
        self.session = Some(id_number.to_string());
        Ok(Identification::Identified { holder, certificates })
    }

    /// Print one certificate's slip: limit check, job recorded, sign, lay out, send, outcome
    /// recorded. `kiosk_holder` is the identified holder of a kiosk session: the certificate must
    /// be theirs and the daily limit applies. Staff prints from the CLI pass `None`.
    pub fn print(
        &mut self,
        cert_id: CertId,
        kiosk_holder: Option<&str>,
        progress: &mut dyn FnMut(PrintStage),
    ) -> Result<PrintResult> {
        self.print_with(cert_id, kiosk_holder, None, progress)
    }

    /// A print by staff at the desk for the holder in front of them (the holder page): the
    /// certificate slip or a review-reminder slip, through the same job path, recorded as
    /// staff-assisted (who, which counter) on the job and in its audit entries. No kiosk daily
    /// limit (staff decide, as with `certdesk print`).
    pub fn print_assisted(
        &mut self,
        cert_id: CertId,
        assist: &Assist,
        progress: &mut dyn FnMut(PrintStage),
    ) -> Result<PrintResult> {
        self.print_with(cert_id, None, Some(assist), progress)
    }

    fn print_with(
        &mut self,
        cert_id: CertId,
        kiosk_holder: Option<&str>,
        assist: Option<&Assist>,
        progress: &mut dyn FnMut(PrintStage),
    ) -> Result<PrintResult> {
        let now = self.clock.now();
        let station = match assist {
            Some(_) => format!("{}-desk", self.station()),
            None => self.station(),
        };
        // Who answers for the print in the audit log: the staff member, or the station.
        let actor = assist.map(|a| a.staff_id.clone()).unwrap_or_else(|| station.clone());
        let with_assist = |mut d: serde_json::Value| {
            if let (Some(a), Some(m)) = (assist, d.as_object_mut()) {
                m.insert("assisted_by".into(), a.staff_id.clone().into());
                m.insert("counter".into(), a.counter.into());
                m.insert("document".into(), a.doc.code().into());
            }
            d
        };
        let cert = self
            .store()?
            .holders()
            .certificate(cert_id)?
            .with_context(|| format!("no certificate with id {cert_id}"))?;
        if kiosk_holder.is_some_and(|h| h != cert.holder_id) {
            anyhow::bail!("print asked for a certificate outside the session");
        }
        let limit = kiosk_holder.is_some();
        let status = cert.status(now.date(), &self.config.reminders);
        let max = self.config.kiosk.max_prints_per_cert_per_day;
        if limit && self.store()?.print_jobs().prints_today(cert.id, now.date())? >= max {
            self.store()?.audit().append(
                &station,
                "print.limit",
                json!({ "cert": cert.masked_number(), "max": max }),
                now,
            )?;
            return Ok(PrintResult::Limit { max });
        }
        progress(PrintStage::Prepare);
        let target_text = self.config.printer.target.clone();
        let masked = cert.masked_number();
        // Job, bytes and `print.started` in one transaction before a byte is sent
        // (store/jobs.rs): a kill from here on leaves a job staff can see and resolve.
        let recorded = self.store()?.print_jobs().record(
            cert.id,
            &target_text,
            &station,
            &actor,
            with_assist(json!({ "cert": masked })),
            now,
            |serial| match assist {
                None => self.build_slip(&cert, status, serial, now),
                Some(a) => {
                    // Inside record_job's transaction: the mark commits with the job row.
                    self.store()?.print_jobs().mark_assisted(serial, &a.staff_id, a.counter, a.doc)?;
                    match a.doc {
                        AssistedDoc::Slip => self.build_slip(&cert, status, serial, now),
                        AssistedDoc::Reminder => self.build_reminder(&cert, a, serial, now),
                    }
                }
            },
        )?;
        let (serial, preview) = match recorded {
            Ok(v) => v,
            Err(e) => {
                // Nothing was recorded or sent; say which certificate could not be laid out.
                self.log(&format!("print not started: cert {masked}: slip could not be built: {e:#}"));
                self.store()?.audit().append(
                    &actor,
                    "print.failed",
                    with_assist(json!({ "cert": masked, "error": format!("{e:#}"), "stage": "build" })),
                    now,
                )?;
                return Err(e);
            }
        };
        let bytes = self.store()?.print_jobs().bytes(serial)?.context("the job's bytes vanished")?;
        progress(PrintStage::Send);
        let job = PrintJob { serial, bytes, preview: preview.clone() };
        let result = printer::send(&self.target, &job, self.timeouts.printer_io, self.config.printer.query_status);
        let done = self.clock.now();
        let (outcome, action, detail) = match &result {
            Ok(()) => {
                (JobOutcome::Printed, "print.printed", with_assist(json!({ "cert": masked, "target": target_text })))
            }
            Err(e) => (
                JobOutcome::Failed(e.to_string()),
                "print.failed",
                with_assist(json!({ "cert": masked, "target": target_text, "error": e.to_string() })),
            ),
        };
        // The outcome and its audit entry in one transaction; a busy database is waited for
        // (the slip may already be on paper: never "database is locked" now). A server that went
        // away is not waited for: the outcome is kept and recorded when it answers again
        // (`Live::reconnect`), and the person at the screen gets their result now.
        let keep = super::Unrecorded {
            serial,
            outcome: outcome.clone(),
            actor: actor.clone(),
            action,
            detail: detail.clone(),
            at: done,
        };
        if let Err(e) = self.store()?.print_jobs().finish_audited(
            serial,
            outcome,
            &actor,
            action,
            detail,
            done,
            self.timeouts.job_after_send,
        ) {
            let what = if result.is_ok() { "printed" } else { "failed" };
            if e.is_unavailable() {
                self.log(&format!(
                    "print serial {serial:08} cert {masked}: the database went away before the outcome ({what}) \
                     was recorded; it is recorded when the database answers again"
                ));
                self.keep_unrecorded(keep);
            } else {
                self.log(&format!(
                    "print serial {serial:08} cert {masked}: outcome {what} not recorded ({e}); the job stays \
                     pending for staff (`certdesk jobs list`)"
                ));
            }
        }
        match result {
            Ok(()) => Ok(PrintResult::Printed { serial, preview }),
            Err(error) => {
                self.log(&format!("print failed: serial {serial:08} cert {masked}: {error}"));
                Ok(PrintResult::Failed { serial, error })
            }
        }
    }

    /// The review-reminder slip (slip/reminder.rs): the certificate's next step with dates and
    /// the materials of its matter. Refused for a certificate with nothing to remind of (to be
    /// retrained, or suspended: the holder page says so).
    fn build_reminder(
        &self,
        cert: &Certificate,
        a: &Assist,
        serial: u64,
        now: NaiveDateTime,
    ) -> Result<(Vec<u8>, String)> {
        let step = cert.next_step(now.date());
        if step.matter().is_none() {
            anyhow::bail!(NothingToRemind);
        }
        let b = &self.config.bureau;
        let printed = slip::reminder::Printed {
            bureau: b.name.clone(),
            phone: b.phone.clone(),
            staff: a.staff_label.clone(),
            counter: a.counter,
            at: now,
            serial,
        };
        let s = slip::reminder::reminder_slip(cert, step, &self.matters, &printed, &self.calendar);
        let p = &self.config.printer;
        Ok((slip::to_escpos(&s, p.paper, p.qr), slip::to_text(&s, p.paper)))
    }

    fn build_slip(
        &self,
        cert: &Certificate,
        status: Status,
        serial: u64,
        now: NaiveDateTime,
    ) -> Result<(Vec<u8>, String)> {
        let claims = SlipClaims::for_certificate(cert, status, serial, now);
        let url = self.config.seal.url_prefix.as_deref();
        let qr = match seal::seal(&claims, &self.signer, &self.trust, url) {
            // A very long name plus a URL prefix can exceed QR version 10: drop the prefix (the
            // code still verifies in any certdesk verifier; only a phone camera loses the link).
            Err(seal::SealError::TooLarge { .. }) if url.is_some() => {
                seal::seal(&claims, &self.signer, &self.trust, None)?
            }
            r => r?,
        };
        let b = &self.config.bureau;
        let s = slip::certificate_slip(cert, status, &qr, serial, now, &b.name, &b.phone, &self.calendar);
        let p = &self.config.printer;
        Ok((slip::to_escpos(&s, p.paper, p.qr), slip::to_text(&s, p.paper)))
    }
}
