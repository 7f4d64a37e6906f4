//! Runs effects off the UI thread. The UI sends an [`Effect`]; the worker's [`Services`] carry it
//! out (database, signing, printing) and report [`Outcome`]s, progress included, as [`Msg`]s into
//! the one channel the event loop blocks on, so a result wakes the screen at once.

use super::{Effect, Outcome};
pub use certdesk_protocol::Services;
use crossterm::event::Event;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;

/// Everything the event loop waits for: terminal input and worker results, in arrival order.
#[derive(Debug)]
pub enum Msg {
    /// A terminal event from the input thread.
    Input(Event),
    /// A result of an effect. `last` is false for progress reports. `mode` is the generation
    /// of the mode that asked (see [`Worker::send`]).
    Outcome { outcome: Outcome, last: bool, mode: u64 },
    /// The effect in hand finished without a result of its own (e.g. ending a session).
    Done { mode: u64 },
    /// An outcome nobody asked for (the startup integrity check).
    Report(Outcome),
}

pub struct Worker {
    tx: Option<Sender<(u64, Effect)>>,
    handle: Option<JoinHandle<()>>,
}

impl Worker {
    /// Start the worker; its results go to `out`.
    pub fn spawn(mut services: Box<dyn Services>, out: Sender<Msg>) -> Worker {
        let (etx, erx) = mpsc::channel::<(u64, Effect)>();
        let handle = std::thread::Builder::new()
            .name("certdesk-worker".into())
            .spawn(move || {
                let report = out.clone();
                services.startup(Box::new(move |o| {
                    let _ = report.send(Msg::Report(o));
                }));
                loop {
                    // Recovery runs here, between effects, without any input: a station whose
                    // database went away comes back by itself (issue 10 item 4).
                    let next = match services.retry_after() {
                        None => match erx.recv() {
                            Ok(x) => x,
                            Err(_) => break,
                        },
                        Some(wait) => match erx.recv_timeout(wait) {
                            Ok(x) => x,
                            Err(RecvTimeoutError::Timeout) => {
                                if let Some(o) = services.retry() {
                                    let _ = out.send(Msg::Report(o));
                                }
                                continue;
                            }
                            Err(RecvTimeoutError::Disconnected) => break,
                        },
                    };
                    let (mode, effect) = next;
                    let tx = out.clone();
                    let mut progress = |o: Outcome| {
                        let _ = tx.send(Msg::Outcome { outcome: o, last: false, mode });
                    };
                    let msg = match services.run(effect, &mut progress) {
                        Some(o) => Msg::Outcome { outcome: o, last: true, mode },
                        None => Msg::Done { mode },
                    };
                    let _ = out.send(msg);
                }
            })
            .expect("spawn worker thread");
        Worker { tx: Some(etx), handle: Some(handle) }
    }

    /// Run `effect` for the mode of generation `mode`; its results carry the same number, so a
    /// result that comes back after the mode was replaced is not given to the next one.
    pub fn send(&self, mode: u64, effect: Effect) {
        if let Some(tx) = &self.tx {
            let _ = tx.send((mode, effect));
        }
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
