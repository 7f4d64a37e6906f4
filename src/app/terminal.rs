//! The terminal side: raw mode, alternate screen, mouse capture, a panic hook that puts the
//! terminal back, and the event loop that ties a [`Mode`] to the [`Worker`].

use super::action::{Action, Effect, Outcome};
use super::worker::{Services, Worker};
use super::Mode;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::{backend::CrosstermBackend, layout::Rect, Terminal};
use std::io;
use std::time::{Duration, Instant};

/// A mode plus its worker: the part of the app that tests drive through the same path as keys.
pub struct Runtime<M: Mode> {
    pub mode: M,
    worker: Worker,
    /// Effects sent whose final outcome has not come back yet.
    pending: usize,
}

fn is_final(o: &Outcome) -> bool {
    !matches!(o, Outcome::PrintStage(_))
}

impl<M: Mode> Runtime<M> {
    pub fn new(mode: M, services: Box<dyn Services>) -> Runtime<M> {
        Runtime { mode, worker: Worker::spawn(services), pending: 0 }
    }

    fn send(&mut self, effects: Vec<Effect>) {
        for e in effects {
            if !matches!(e, Effect::EndSession { .. }) {
                self.pending += 1;
            }
            self.worker.send(e);
        }
    }

    pub fn dispatch(&mut self, action: Action, now: Instant) {
        let fx = self.mode.update(action, now);
        self.send(fx);
    }

    /// A terminal event, exactly as the event loop receives it.
    pub fn handle_event(&mut self, ev: &Event, area: Rect, now: Instant) {
        if let Event::Paste(text) = ev {
            // Some readers deliver a burst as a bracketed paste.
            for c in text.chars() {
                let a = match c {
                    '\r' | '\n' | '\t' => Action::Submit,
                    c if c.is_control() => continue,
                    c => Action::Input(c),
                };
                self.dispatch(a, now);
            }
            return;
        }
        if let Some(a) = self.mode.map_event(ev, area) {
            self.dispatch(a, now);
        }
    }

    fn apply(&mut self, o: Outcome, now: Instant) {
        if is_final(&o) {
            self.pending = self.pending.saturating_sub(1);
        }
        let fx = self.mode.on_outcome(o, now);
        self.send(fx);
    }

    /// Apply every outcome that is ready. Returns whether anything changed.
    pub fn drain(&mut self, now: Instant) -> bool {
        let mut any = false;
        while let Some(o) = self.worker.try_recv() {
            self.apply(o, now);
            any = true;
        }
        any
    }

    /// Wait (up to `timeout`) until every effect sent so far has its final outcome applied.
    /// For tests and scripted runs.
    pub fn settle(&mut self, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        while self.pending > 0 {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            match self.worker.recv_timeout(left) {
                Some(o) => self.apply(o, Instant::now()),
                None => return false,
            }
        }
        true
    }

    pub fn busy(&self) -> bool {
        self.pending > 0
    }
}

/// Put the terminal back as we found it. Safe to call more than once.
pub fn restore_terminal() {
    let _ = terminal::disable_raw_mode();
    let _ = crossterm::execute!(io::stdout(), DisableMouseCapture, LeaveAlternateScreen, crossterm::cursor::Show);
}

fn install_panic_hook() {
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        prev(info);
    }));
}

/// In kiosk mode the keyboard must not be able to stop or suspend the process: raw mode already
/// turns Ctrl-C/Ctrl-Z/Ctrl-\ into plain key events, and these signals are ignored in case they
/// arrive from elsewhere (a stray `kill -INT` from the console). systemd stops us with SIGTERM.
fn ignore_job_control_signals() {
    // SAFETY: setting a signal disposition to SIG_IGN is async-signal-safe and has no handler.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_IGN);
        libc::signal(libc::SIGQUIT, libc::SIG_IGN);
        libc::signal(libc::SIGTSTP, libc::SIG_IGN);
    }
}

/// Run `mode` full-screen until it wants to exit.
pub fn run<M: Mode>(mode: M, services: Box<dyn Services>, kiosk: bool) -> anyhow::Result<()> {
    install_panic_hook();
    if kiosk {
        ignore_job_control_signals();
    }
    terminal::enable_raw_mode()?;
    let mut stdout = io::stdout();
    crossterm::execute!(stdout, EnterAlternateScreen, EnableMouseCapture)?;
    let result = event_loop(mode, services);
    restore_terminal();
    result
}

fn event_loop<M: Mode>(mode: M, services: Box<dyn Services>) -> anyhow::Result<()> {
    let mut term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    term.clear()?;
    let mut rt = Runtime::new(mode, services);
    let tick = Duration::from_millis(250);
    let mut last_tick = Instant::now();
    let mut dirty = true;
    loop {
        if dirty {
            term.draw(|f| rt.mode.draw(f))?;
            dirty = false;
        }
        if rt.mode.wants_exit() {
            break;
        }
        let wait = if rt.busy() { Duration::from_millis(20) } else { tick.saturating_sub(last_tick.elapsed()) };
        if event::poll(wait)? {
            // Take everything that is queued (a card reader burst) before drawing again.
            let size = term.size()?;
            let area = Rect::new(0, 0, size.width, size.height);
            loop {
                let ev = event::read()?;
                if let Event::Resize(..) = ev {
                    term.autoresize()?;
                }
                rt.handle_event(&ev, area, Instant::now());
                if !event::poll(Duration::ZERO)? {
                    break;
                }
            }
            dirty = true;
        }
        if rt.drain(Instant::now()) {
            dirty = true;
        }
        if last_tick.elapsed() >= tick {
            rt.dispatch(Action::Tick, Instant::now());
            last_tick = Instant::now();
            dirty = true;
        }
    }
    drop(rt); // joins the worker: a print in flight finishes and is recorded
    Ok(())
}
