//! Runs effects off the UI thread. The UI sends an [`Effect`]; the worker's [`Services`] carry it
//! out (database, signing, printing) and report [`Outcome`]s — progress included — back through a
//! channel the event loop drains between frames.

use super::action::{Effect, Outcome};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

/// What the worker needs from the rest of certdesk. The live implementation is
/// `crate::service::Live`; tests may use it too, on a temp directory.
pub trait Services: Send {
    /// Carry out one effect. `progress` may be called any number of times before returning.
    /// Returns `None` for effects that have no result (e.g. `EndSession`).
    fn run(&mut self, effect: Effect, progress: &mut dyn FnMut(Outcome)) -> Option<Outcome>;

    /// Work to start once when the worker starts, after the UI has drawn its first frame (e.g. the
    /// database integrity check). Long work must run on its own thread so that effects are not
    /// delayed; anything it sends on `report` (`OutOfService`) reaches the mode like any outcome.
    fn startup(&mut self, report: Sender<Outcome>) {
        let _ = report;
    }
}

pub struct Worker {
    tx: Option<Sender<Effect>>,
    rx: Receiver<Outcome>,
    handle: Option<JoinHandle<()>>,
}

impl Worker {
    pub fn spawn(mut services: Box<dyn Services>) -> Worker {
        let (etx, erx) = mpsc::channel::<Effect>();
        let (otx, orx) = mpsc::channel::<Outcome>();
        let handle = std::thread::Builder::new()
            .name("certdesk-worker".into())
            .spawn(move || {
                services.startup(otx.clone());
                for effect in erx {
                    let tx = otx.clone();
                    let mut progress = |o: Outcome| {
                        let _ = tx.send(o);
                    };
                    if let Some(o) = services.run(effect, &mut progress) {
                        let _ = otx.send(o);
                    }
                }
            })
            .expect("spawn worker thread");
        Worker { tx: Some(etx), rx: orx, handle: Some(handle) }
    }

    pub fn send(&self, effect: Effect) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(effect);
        }
    }

    /// Outcomes ready now, without waiting.
    pub fn try_recv(&self) -> Option<Outcome> {
        self.rx.try_recv().ok()
    }

    /// Wait up to `timeout` for the next outcome.
    pub fn recv_timeout(&self, timeout: std::time::Duration) -> Option<Outcome> {
        self.rx.recv_timeout(timeout).ok()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing the channel ends the worker loop after the effect in hand: a print in flight is
        // finished and recorded, never abandoned half-way.
        self.tx.take();
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}
