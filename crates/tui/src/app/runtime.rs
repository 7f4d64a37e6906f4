//! The one runtime every mode runs in: the active [`Mode`], the worker, and the channel both the
//! input thread and the worker feed. [`Runtime`] is the part tests drive through the same path as
//! keys; [`run`] adds the terminal (raw mode, alternate screen, mouse capture, a panic hook that
//! puts the terminal back) and the event loop.
//!
//! The loop blocks on one channel: a key, a touch or a worker result wakes it at once and the
//! screen is redrawn, so a result is on screen as soon as the worker has it (not at the next
//! input poll).

use super::worker::{Msg, Services, Worker};
use super::{Action, Effect, Mode, Outcome, Shell, Step, Switch, Target};
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::{backend::CrosstermBackend, layout::Rect, Terminal};
use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// Builds the mode for a [`Target`]; `None` when this app has no such mode (then the runtime
/// ends, as leaving the kiosk did before there was a desk).
pub type ModeFactory = Box<dyn FnMut(Target) -> Option<Box<dyn Mode>>>;

pub struct Runtime {
    mode: Box<dyn Mode>,
    modes: ModeFactory,
    worker: Worker,
    tx: Sender<Msg>,
    rx: Receiver<Msg>,
    /// Effects sent whose last message has not come back yet (every mode's in-flight count).
    pending: usize,
    /// The database server is out (the worker said `Unavailable`): the banner shows.
    outage: bool,
    finished: bool,
    /// Counts mode switches: results of effects a replaced mode asked for are dropped (a PIN
    /// reply or a case list must not land on the next mode's screen).
    generation: u64,
}

impl Runtime {
    pub fn new(mode: Box<dyn Mode>, services: Box<dyn Services>, modes: ModeFactory) -> Runtime {
        let (tx, rx) = mpsc::channel();
        let worker = Worker::spawn(services, tx.clone());
        let mut rt = Runtime { mode, modes, worker, tx, rx, pending: 0, outage: false, finished: false, generation: 0 };
        let fx = rt.mode.start();
        rt.send(fx);
        rt
    }

    /// The active mode.
    pub fn mode(&self) -> &dyn Mode {
        self.mode.as_ref()
    }

    /// The active mode as its concrete type, if it is one.
    pub fn mode_as<M: Mode>(&self) -> Option<&M> {
        self.mode.as_any().downcast_ref::<M>()
    }

    /// Whether a mode asked to leave the app.
    pub fn finished(&self) -> bool {
        self.finished
    }

    /// A sender into the loop's channel (for the input thread).
    pub fn sender(&self) -> Sender<Msg> {
        self.tx.clone()
    }

    fn send(&mut self, effects: Vec<Effect>) {
        for e in effects {
            self.pending += 1;
            self.worker.send(self.generation, e);
        }
    }

    /// Send a step's effects (under the mode that asked for them), then carry out its switch:
    /// leave, or build the next mode, start it and drop the answers still due to this one.
    fn step(&mut self, step: Step) {
        self.send(step.effects);
        match step.switch {
            None => {}
            Some(Switch::Exit) => self.finished = true,
            Some(Switch::To(target)) => match (self.modes)(target) {
                Some(m) => {
                    self.mode = m;
                    self.generation += 1;
                    let fx = self.mode.start();
                    self.send(fx);
                }
                None => self.finished = true,
            },
        }
    }

    /// What the runtime keeps for every mode: effects in flight, outage.
    pub fn shell(&self) -> Shell {
        Shell { in_flight: self.pending, outage: self.outage }
    }

    /// Effects sent whose last answer has not come back yet.
    pub fn in_flight(&self) -> usize {
        self.pending
    }

    /// Whether the database server is out (the outage banner shows over modes that place it).
    pub fn outage(&self) -> bool {
        self.outage
    }

    /// Draw the active mode with what the runtime knows, then the outage banner where the mode
    /// places it.
    pub fn draw(&self, frame: &mut ratatui::Frame) {
        let shell = self.shell();
        self.mode.draw_in(frame, &shell);
        if shell.outage {
            if let Some((r, lang)) = self.mode.banner(frame.area()) {
                super::outage::draw(lang, frame, r);
            }
        }
    }

    pub fn dispatch(&mut self, action: Action, now: Instant) {
        let step = if action == Action::Tick {
            let shell = self.shell();
            self.mode.tick(now, &shell)
        } else {
            self.mode.update(action, now)
        };
        self.step(step);
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
        self.outage = Shell::outage_after(self.outage, &o);
        let step = self.mode.on_outcome(o, now);
        self.step(step);
    }

    /// Apply one message from the channel (input needs the screen area for touches).
    pub fn handle_msg(&mut self, msg: Msg, area: Rect, now: Instant) {
        match msg {
            Msg::Input(ev) => self.handle_event(&ev, area, now),
            Msg::Outcome { outcome, last, mode } => {
                if last {
                    self.pending = self.pending.saturating_sub(1);
                }
                if mode == self.generation {
                    self.apply(outcome, now);
                }
            }
            Msg::Done { .. } => self.pending = self.pending.saturating_sub(1),
            Msg::Report(o) => self.apply(o, now),
        }
    }

    /// Apply every worker message that is ready, without waiting. Returns whether any was.
    pub fn drain(&mut self, now: Instant) -> bool {
        let mut any = false;
        while let Ok(m) = self.rx.try_recv() {
            self.handle_msg(m, Rect::default(), now);
            any = true;
        }
        any
    }

    /// Wait (up to `timeout`) until every effect sent so far has its last outcome applied.
    /// For tests and scripted runs.
    pub fn settle(&mut self, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        while self.pending > 0 {
            let left = end.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) => self.handle_msg(m, Rect::default(), Instant::now()),
                Err(_) => return false,
            }
        }
        true
    }

    pub fn busy(&self) -> bool {
        self.pending > 0
    }

    /// Wait up to `timeout` for the next message (input or result).
    pub fn next_msg(&self, timeout: Duration) -> Option<Msg> {
        match self.rx.recv_timeout(timeout) {
            Ok(m) => Some(m),
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// The next message if one is queued.
    pub fn try_msg(&self) -> Option<Msg> {
        self.rx.try_recv().ok()
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

/// An unattended mode (the kiosk) must not be stoppable or suspendable from the keyboard: raw
/// mode already turns Ctrl-C/Ctrl-Z/Ctrl-\ into plain key events, and these signals are ignored
/// in case they arrive from elsewhere (a stray `kill -INT` from the console). systemd stops us
/// with SIGTERM.
fn ignore_job_control_signals() {
    // SAFETY: setting a signal disposition to SIG_IGN is async-signal-safe and has no handler.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_IGN);
        libc::signal(libc::SIGQUIT, libc::SIG_IGN);
        libc::signal(libc::SIGTSTP, libc::SIG_IGN);
    }
}

/// Run the runtime full-screen until a mode leaves the app.
pub fn run(rt: Runtime) -> anyhow::Result<()> {
    install_panic_hook();
    if rt.mode().locked_down() {
        ignore_job_control_signals();
    }
    terminal::enable_raw_mode()?;
    let mut stdout = io::stdout();
    crossterm::execute!(stdout, EnterAlternateScreen, EnableMouseCapture)?;
    let result = event_loop(rt);
    restore_terminal();
    result
}

/// Reads terminal events on its own thread and feeds them into the loop's channel. It ends when
/// the channel closes (the loop is gone) or the terminal fails.
/// Consecutive failed reads after which the terminal is taken to be gone (5 s of errors).
const INPUT_ERRORS_GIVE_UP: u32 = 100;

fn spawn_input(tx: Sender<Msg>) {
    let _ = std::thread::Builder::new().name("certdesk-input".into()).spawn(move || {
        // One failed read (a resize racing a size query, a signal) must not leave an unattended
        // station deaf for good: read again after a pause. Only a terminal that keeps failing
        // (closed) ends the thread.
        let mut errors = 0;
        loop {
            match event::read() {
                Ok(ev) => {
                    errors = 0;
                    if tx.send(Msg::Input(ev)).is_err() {
                        break;
                    }
                }
                Err(_) if errors < INPUT_ERRORS_GIVE_UP => {
                    errors += 1;
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(_) => break,
            }
        }
    });
}

fn event_loop(mut rt: Runtime) -> anyhow::Result<()> {
    let mut term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    term.clear()?;
    spawn_input(rt.sender());
    let tick = Duration::from_millis(250);
    let mut last_tick = Instant::now();
    let mut dirty = true;
    loop {
        if dirty {
            term.draw(|f| rt.draw(f))?;
            dirty = false;
        }
        if rt.finished() {
            break;
        }
        if let Some(first) = rt.next_msg(tick.saturating_sub(last_tick.elapsed())) {
            // Take everything that is queued (a card reader burst) before drawing again.
            let size = term.size()?;
            let area = Rect::new(0, 0, size.width, size.height);
            let mut msg = Some(first);
            while let Some(m) = msg {
                if let Msg::Input(Event::Resize(..)) = m {
                    term.autoresize()?;
                }
                rt.handle_msg(m, area, Instant::now());
                msg = rt.try_msg();
            }
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
