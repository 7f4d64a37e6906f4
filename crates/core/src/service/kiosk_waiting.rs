//! The kiosk's print outcomes that met an outage, kept on disk until recorded (issue 17 §8).
//!
//! A slip that reached the printer while the server was away has its outcome kept in
//! `waiting/kiosk/` of the home (`crate::waiting`: one synced file per outcome, checksummed) as
//! well as in memory, so a kiosk closed or killed before the server returns records it at its
//! next start instead of leaving the job `pending` for staff. The job's serial is the
//! idempotent key: an outcome is recorded only while its job is still `pending`, so a replay
//! after a crash between the database's commit and the file's removal records nothing twice.

use super::{Live, Unrecorded};
use crate::store::{JobOutcome, JobState};
use anyhow::Result;
use chrono::NaiveDateTime;

impl Unrecorded {
    fn name(&self) -> String {
        format!("print-{:010}", self.serial)
    }

    fn record(&self) -> serde_json::Value {
        let (outcome, error) = match &self.outcome {
            JobOutcome::Printed => ("printed", None),
            JobOutcome::Failed(e) => ("failed", Some(e.clone())),
        };
        serde_json::json!({
            "serial": self.serial,
            "outcome": outcome,
            "error": error,
            "actor": self.actor,
            "detail": self.detail,
            "at": self.at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        })
    }

    fn from_record(v: &serde_json::Value) -> Option<Unrecorded> {
        let (outcome, action) = match v["outcome"].as_str()? {
            "printed" => (JobOutcome::Printed, "print.printed"),
            "failed" => (JobOutcome::Failed(v["error"].as_str()?.to_string()), "print.failed"),
            _ => return None,
        };
        Some(Unrecorded {
            serial: v["serial"].as_u64()?,
            outcome,
            actor: v["actor"].as_str()?.to_string(),
            action,
            detail: v["detail"].clone(),
            at: NaiveDateTime::parse_from_str(v["at"].as_str()?, "%Y-%m-%dT%H:%M:%S").ok()?,
        })
    }
}

impl Live {
    /// Open the home's kept outcomes and take those an earlier run left (oldest first).
    pub(super) fn load_waiting(&mut self) {
        let dir = self.settings.home.dir.join("waiting").join("kiosk");
        let w = match crate::waiting::Waiting::open(&dir) {
            Ok(w) => w,
            Err(e) => {
                self.log(&format!("cannot keep waiting print outcomes in {}: {e}", dir.display()));
                return;
            }
        };
        match w.load() {
            Ok(loaded) => {
                for (name, why) in &loaded.bad {
                    self.log(&format!("waiting print outcome {name} is damaged ({why}); set aside as {name}.bad"));
                }
                for (name, v) in &loaded.records {
                    match Unrecorded::from_record(v) {
                        Some(u) => {
                            self.log(&format!(
                                "print serial {:08}: outcome kept from an earlier run, recorded when the database answers",
                                u.serial
                            ));
                            self.unrecorded.push(u);
                        }
                        None => self.log(&format!("waiting print outcome {name} is not one; left in place")),
                    }
                }
            }
            Err(e) => self.log(&format!("cannot read the waiting print outcomes in {}: {e}", dir.display())),
        }
        self.waiting = Some(w);
    }

    /// An outcome the server was not there to record: kept in memory and on disk.
    pub(crate) fn keep_unrecorded(&mut self, u: Unrecorded) {
        if let Some(w) = &self.waiting {
            if let Err(e) = w.put(&u.name(), &u.record()) {
                self.log(&format!("print serial {:08}: outcome not kept on disk ({e}); in memory only", u.serial));
            }
        }
        self.unrecorded.push(u);
    }

    /// Record the kept outcomes, oldest first, each once: only a job still `pending` takes its
    /// outcome (a commit whose answer was lost, or a crash before the file was removed, leaves
    /// it recorded already). Stops at the first error (the server away again): the rest wait.
    pub(super) fn record_unrecorded(&mut self) -> Result<()> {
        while let Some(u) = self.unrecorded.first().cloned() {
            let still_pending = self.store()?.print_jobs().get(u.serial)?.is_some_and(|j| j.state == JobState::Pending);
            if still_pending {
                self.store()?.print_jobs().finish_audited(
                    u.serial,
                    u.outcome.clone(),
                    &u.actor,
                    u.action,
                    u.detail.clone(),
                    u.at,
                    self.timeouts.outage_patience,
                )?;
            }
            if let Some(w) = &self.waiting {
                if let Err(e) = w.remove(&u.name()) {
                    self.log(&format!("print serial {:08}: recorded, but its kept file stays ({e})", u.serial));
                }
            }
            self.log(&format!("print serial {:08}: outcome recorded after the outage", u.serial));
            self.unrecorded.remove(0);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outcome_round_trips_and_garbage_is_no_outcome() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap().and_hms_opt(9, 1, 2).unwrap();
        for outcome in [JobOutcome::Printed, JobOutcome::Failed("缺纸".into())] {
            let action = if outcome == JobOutcome::Printed { "print.printed" } else { "print.failed" };
            let u = Unrecorded {
                serial: 42,
                outcome,
                actor: "kiosk-01".into(),
                action,
                detail: serde_json::json!({"cert": "T1101********002X"}),
                at,
            };
            let back = Unrecorded::from_record(&u.record()).unwrap();
            assert_eq!((back.serial, back.outcome, back.action, back.at), (42, u.outcome.clone(), action, at));
        }
        for bad in
            [serde_json::json!({}), serde_json::json!({"serial": -1, "outcome": "printed"}), serde_json::json!("x")]
        {
            assert!(Unrecorded::from_record(&bad).is_none(), "{bad}");
        }
    }
}
