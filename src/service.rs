//! The live side of the app: carries out the effects a mode asks for, against the real store,
//! seal, slip renderer and printer. Runs on the worker thread, never on the draw path.
//!
//! Printing follows one rule (SPEC §5): the job is committed to the database before a byte goes
//! to the printer, and its outcome after. A crash in between leaves a `pending` job that staff
//! see with `certdesk jobs` and can reprint.

pub mod desk;

use crate::app::action::{CertView, Effect, Identity, Outcome, PrintStage, Reminder, ReminderKind};
use crate::app::worker::Services;
use crate::config::Config;
use crate::domain::matters::{self, Matters};
use crate::domain::throttle::{Backoff, Lockout};
use crate::domain::{id, Certificate, Status};
use crate::home::Home;
use crate::printer::{self, PrintJob, Target};
use crate::seal::{self, Signer, SlipClaims, TrustList};
use crate::slip;
use crate::store::staff::PinCheck;
use crate::store::{id_ref, jobs, CertId, JobOutcome, OpenCheck, Store};
use anyhow::{Context, Result};
use chrono::NaiveDateTime;
use serde_json::json;
use std::time::Duration;

/// Where the current time comes from (tests fix it).
pub type Clock = Box<dyn Fn() -> NaiveDateTime + Send>;

pub fn system_clock() -> Clock {
    Box::new(|| chrono::Local::now().naive_local())
}

/// How often a long-running mode anchors the audit log (when it has new entries).
pub const AUDIT_CHECKPOINT_EVERY: Duration = Duration::from_secs(300);

pub struct Live {
    pub store: Store,
    pub config: Config,
    signer: Signer,
    trust: TrustList,
    target: Target,
    matters: Matters,
    clock: Clock,
    /// The ID number of the holder identified in the current kiosk session. Prints are only
    /// allowed for this holder's certificates; cleared when the session ends.
    session: Option<String>,
    /// The full integrity check still to run (opened with `OpenCheck::Skip`).
    check_pending: bool,
    /// Where errors the holder cannot act on are written (never an ID number; the screen only
    /// says "please ask at the counter").
    log_path: std::path::PathBuf,
    db_path: std::path::PathBuf,
}

/// A finished print, for callers outside the kiosk (CLI `print`).
pub struct Printed {
    pub serial: u64,
    pub preview: String,
}

impl Live {
    /// Open the live services. With `OpenCheck::Skip` the full integrity check runs in
    /// [`Services::startup`], on the worker thread after the first frame.
    pub fn open(home: &Home, clock: Clock, check: OpenCheck) -> Result<Live> {
        let target: Target =
            home.config.printer.target.parse().map_err(|e| anyhow::anyhow!("printer.target in certdesk.toml: {e}"))?;
        let target = match target {
            Target::File(dir) => Target::File(home.path(&dir)),
            t => t,
        };
        Ok(Live {
            store: home.store_with(check)?,
            config: home.config.clone(),
            signer: home.signer()?,
            trust: home.trust()?,
            target,
            matters: Matters::builtin(),
            clock,
            session: None,
            check_pending: check == OpenCheck::Skip,
            log_path: home.dir.join("certdesk.log"),
            db_path: home.db_path(),
        })
    }

    /// Append a line to certdesk.log. Logging must never take the kiosk down, so failures to
    /// write are ignored.
    fn log(&self, msg: &str) {
        append_log(&self.log_path, msg);
    }

    fn station(&self) -> String {
        self.config.kiosk.id.clone()
    }

    fn cert_view(&self, c: &Certificate, now: NaiveDateTime) -> CertView {
        let status = c.status(now.date(), &self.config.reminders);
        let reminder = |kind, days, code| {
            self.matters.get(code).map(|m| Reminder {
                kind,
                days,
                materials_zh: m.material_list(false),
                materials_en: m.material_list(true),
            })
        };
        let renewal = if c.kind.has_review() { matters::SPECIAL_REVIEW } else { matters::QUALIFICATION_RENEWAL };
        let reminder = match status {
            Status::ReviewDueSoon { days, .. } => reminder(ReminderKind::Review, days, matters::SPECIAL_REVIEW),
            Status::ExpiringSoon { days, .. } => reminder(ReminderKind::Expiry, days, renewal),
            _ => None,
        };
        CertView {
            id: c.id,
            masked_number: c.masked_number(),
            kind: c.kind,
            scope: c.scope_zh(),
            valid_from: c.valid_from,
            valid_until: c.valid_until,
            review_due: c.review_pending(),
            status,
            reminder,
        }
    }

    fn identify(&mut self, id_number: &str, factor: &str) -> Result<Outcome> {
        let k = &self.config.kiosk;
        let rule = Lockout { max: k.max_factor_failures, window_minutes: k.factor_window_minutes };
        let (max, window) = (rule.max, rule.window_minutes);
        let station = self.station();
        // Growing delays per kiosk (domain::throttle): slows enumeration, never refuses. This
        // runs on the worker thread; the screen keeps drawing "checking".
        let wait = self.store.factor_wait(&station, (self.clock)(), rule, Backoff::KIOSK)?;
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
        let now = (self.clock)();
        let key = self.store.id_key(id_number);
        let (per_id, _) = self.store.factor_failures_since(&key, &station, rule.since(now))?;
        if rule.is_locked(per_id) {
            self.store.audit(
                &station,
                "kiosk.locked_attempt",
                json!({ "id": id_ref(id_number), "per_id": per_id }),
                now,
            )?;
            return Ok(Outcome::Locked { minutes: window });
        }
        let holder = self.store.holder(id_number)?;
        let expected = holder.as_ref().and_then(|h| h.factor());
        let ok = matches!(&expected, Some(f) if constant_time_eq(f.as_bytes(), factor.as_bytes()));
        if !ok {
            self.store.record_factor_failure(&key, &station, now)?;
            // The audit says why, for staff; the holder sees one answer for all three cases.
            let reason = match (&holder, &expected) {
                (None, _) => "unknown id",
                (Some(_), None) => "no mobile on record",
                _ => "wrong factor",
            };
            self.store.audit(
                &station,
                "kiosk.factor_failed",
                json!({ "id": id_ref(id_number), "reason": reason }),
                now,
            )?;
            let left = rule.left_after_failure(per_id);
            if left == 0 {
                self.store.audit(
                    &station,
                    "kiosk.locked",
                    json!({ "id": id_ref(id_number), "minutes": window, "per_id": per_id + 1, "max": max }),
                    now,
                )?;
                return Ok(Outcome::Locked { minutes: window });
            }
            return Ok(Outcome::Denied { attempts_left: left });
        }
        let holder = holder.expect("factor matched");
        self.store.clear_factor_failures(&key)?;
        let certs = self.store.certificates_for(id_number)?;
        self.store.audit(
            &station,
            "kiosk.identified",
            json!({ "id": id_ref(id_number), "certificates": certs.len() }),
            now,
        )?;
        self.session = Some(id_number.to_string());
        Ok(Outcome::Identified(Identity {
            name: holder.name.clone(),
            masked_id: id::mask(&holder.id_number),
            certs: certs.iter().map(|c| self.cert_view(c, now)).collect(),
        }))
    }

    /// Print one certificate's slip: limit check, job recorded, sign, lay out, send, outcome
    /// recorded. `kiosk_holder` is the identified holder of a kiosk session: the certificate must
    /// be theirs and the daily limit applies. Staff prints from the CLI pass `None`.
    pub fn print(
        &mut self,
        cert_id: CertId,
        kiosk_holder: Option<&str>,
        progress: &mut dyn FnMut(Outcome),
    ) -> Result<Outcome> {
        let now = (self.clock)();
        let station = self.station();
        let cert = self.store.certificate(cert_id)?.with_context(|| format!("no certificate with id {cert_id}"))?;
        if kiosk_holder.is_some_and(|h| h != cert.holder_id) {
            anyhow::bail!("print asked for a certificate outside the session");
        }
        let limit = kiosk_holder.is_some();
        let status = cert.status(now.date(), &self.config.reminders);
        let max = self.config.kiosk.max_prints_per_cert_per_day;
        if limit && self.store.prints_today(cert.id, now.date())? >= max {
            self.store.audit(&station, "print.limit", json!({ "cert": cert.masked_number(), "max": max }), now)?;
            return Ok(Outcome::PrintLimit { max });
        }
        progress(Outcome::PrintStage(PrintStage::Prepare));
        let target_text = self.config.printer.target.clone();
        let masked = cert.masked_number();
        // Job, bytes and `print.started` in one transaction before a byte is sent
        // (store/jobs.rs): a kill from here on leaves a job staff can see and resolve.
        let recorded = self.store.record_job(
            cert.id,
            &target_text,
            &station,
            &station,
            json!({ "cert": masked }),
            now,
            |serial| self.build_slip(&cert, status, serial, now),
        )?;
        let (serial, preview) = match recorded {
            Ok(v) => v,
            Err(e) => {
                // Nothing was recorded or sent; say which certificate could not be laid out.
                self.log(&format!("print not started: cert {masked}: slip could not be built: {e:#}"));
                self.store.audit(
                    &station,
                    "print.failed",
                    json!({ "cert": masked, "error": format!("{e:#}"), "stage": "build" }),
                    now,
                )?;
                return Err(e);
            }
        };
        let bytes = self.store.job_bytes(serial)?.context("the job's bytes vanished")?;
        progress(Outcome::PrintStage(PrintStage::Send));
        let job = PrintJob { serial, bytes, preview: preview.clone() };
        let timeout = Duration::from_millis(self.config.printer.timeout_ms);
        let result = printer::send(&self.target, &job, timeout, self.config.printer.query_status);
        let done = (self.clock)();
        let (outcome, action, detail) = match &result {
            Ok(()) => (JobOutcome::Printed, "print.printed", json!({ "cert": masked, "target": target_text })),
            Err(e) => (
                JobOutcome::Failed(e.to_string()),
                "print.failed",
                json!({ "cert": masked, "target": target_text, "error": e.to_string() }),
            ),
        };
        // The outcome and its audit entry in one transaction; a busy database is waited for
        // (the slip may already be on paper: never "database is locked" now).
        if let Err(e) =
            self.store.finish_job_audited(serial, outcome, &station, action, detail, done, jobs::AFTER_SEND_PATIENCE)
        {
            self.log(&format!(
                "print serial {serial:08} cert {masked}: outcome {} not recorded ({e}); the job stays \
                 pending for staff (`certdesk jobs list`)",
                if result.is_ok() { "printed" } else { "failed" }
            ));
        }
        match result {
            Ok(()) => Ok(Outcome::Printed { serial, preview }),
            Err(e) => {
                self.log(&format!("print failed: serial {serial:08} cert {masked}: {e}"));
                Ok(Outcome::PrintFailed { serial: Some(serial), zh: e.zh().to_string(), en: e.en().to_string() })
            }
        }
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
        let s = slip::certificate_slip(cert, status, &qr, serial, now, &b.name, &b.phone);
        let p = &self.config.printer;
        Ok((slip::to_escpos(&s, p.paper, p.qr), slip::to_text(&s, p.paper)))
    }

    fn check_staff(&mut self, staff_id: &str, pin: &str) -> Result<Outcome> {
        let station = self.station();
        let k = &self.config.kiosk;
        let rule = Lockout { max: k.max_factor_failures, window_minutes: k.factor_window_minutes };
        let wait = self.store.staff_pin_wait(&station, (self.clock)(), rule, Backoff::KIOSK)?;
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
        let now = (self.clock)();
        // Failures and locks are audited by the store.
        let ok = self.store.verify_staff_pin(staff_id, pin, &station, now, rule)? == PinCheck::Ok;
        if ok {
            self.store.audit(&station, "kiosk.staff_exit", json!({ "staff": staff_id }), now)?;
        }
        Ok(if ok { Outcome::StaffOk } else { Outcome::StaffDenied })
    }
}

fn append_log(path: &std::path::Path, msg: &str) {
    use std::io::Write;
    if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
        let _ = writeln!(f, "{} {}", chrono::Local::now().format("%Y-%m-%d %H:%M:%S"), msg);
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Services for Live {
    fn run(&mut self, effect: Effect, progress: &mut dyn FnMut(Outcome)) -> Option<Outcome> {
        // Anchor the audit log's length outside the database every few minutes of activity
        // (store/audit.rs; the session end after every idle timeout is an effect too). A
        // failure is logged, never shown to the holder.
        if let Err(e) = self.store.audit_checkpoint_if_due((self.clock)(), AUDIT_CHECKPOINT_EVERY) {
            self.log(&format!("audit checkpoint: {e}"));
        }
        let result = match effect {
            Effect::Identify { id, factor } => self.identify(&id, &factor),
            Effect::Print { cert } => match self.session.clone() {
                Some(holder) => self.print(cert, Some(&holder), progress),
                None => Err(anyhow::anyhow!("print asked outside a kiosk session")),
            },
            Effect::CheckStaff { staff_id, pin } => self.check_staff(&staff_id, &pin),
            Effect::EndSession { .. } => {
                self.session = None;
                return None;
            }
        };
        Some(result.unwrap_or_else(|e| {
            // The holder gets a plain message; the details go to the log (IDs are masked in
            // every error text this module builds).
            self.log(&format!("error: {e:#}"));
            Outcome::ServiceError
        }))
    }

    fn startup(&mut self, report: std::sync::mpsc::Sender<Outcome>) {
        if !std::mem::take(&mut self.check_pending) {
            return;
        }
        // A full check reads every page (seconds on a registry of a million holders): it runs on
        // its own connection and thread, so holders are served meanwhile; if it fails the kiosk
        // goes out of service.
        let db = self.db_path.clone();
        let log_path = self.log_path.clone();
        let spawned = std::thread::Builder::new().name("certdesk-integrity".into()).spawn(move || {
            if let Err(e) = Store::open_with(&db, OpenCheck::Full) {
                append_log(&log_path, &format!("database failed its integrity check; kiosk out of service: {e}"));
                let _ = report.send(Outcome::OutOfService);
            }
        });
        if let Err(e) = spawned {
            self.log(&format!("cannot start the integrity check: {e}"));
        }
    }
}
