//! The one terminal harness of the tests: a certdesk process in a real pseudo-terminal, its
//! output fed to a vt100 emulator by a reader thread, driven with the bytes a keyboard, a card
//! reader or a touch screen (SGR mouse) send. Waits poll the screen until a deadline
//! ([`crate::poll_until`]); nothing sleeps to synchronise.

use portable_pty::{native_pty_system, Child, CommandBuilder, ExitStatus, MasterPty, PtySize};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A child process in a pty. Dropping it kills the child if it still runs (ours, by its handle).
pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    pub parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    eof: Arc<AtomicBool>,
    _master: Box<dyn MasterPty + Send>,
}

impl Pty {
    /// `bin --home <home> <args…>` in a `cols`×`rows` terminal, started in `home`, TERM=xterm-256color.
    pub fn spawn(bin: &str, home: &Path, args: &[&str], rows: u16, cols: u16) -> Pty {
        Pty::spawn_without(bin, home, args, rows, cols, &[])
    }

    /// [`Pty::spawn`] with the environment variables `unset` removed (e.g. `CERTDESK_LANG`, so
    /// that the child speaks its default language whatever the test's environment says).
    pub fn spawn_without(bin: &str, home: &Path, args: &[&str], rows: u16, cols: u16, unset: &[&str]) -> Pty {
        let pair =
            native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("openpty");
        let mut cmd = CommandBuilder::new(bin);
        cmd.env(crate::CLOCK_ENV, crate::CLOCK);
        cmd.arg("--home");
        cmd.arg(home);
        for a in args {
            cmd.arg(a);
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("CERTDESK_HOME");
        for name in unset {
            cmd.env_remove(name);
        }
        cmd.cwd(home);
        let child = pair.slave.spawn_command(cmd).expect("spawn certdesk in the pty");
        drop(pair.slave); // so that the reader sees EOF once the child is gone
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let eof = Arc::new(AtomicBool::new(false));
        {
            let (parser, raw, eof) = (parser.clone(), raw.clone(), eof.clone());
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                // std does not retry `read` on EINTR: a signal to the test process must not end
                // this thread (the screen would then look stuck while the child goes on).
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => {
                            parser.lock().unwrap_or_else(|p| p.into_inner()).process(&buf[..n]);
                            raw.lock().unwrap_or_else(|p| p.into_inner()).extend_from_slice(&buf[..n]);
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        Err(_) => break,
                    }
                }
                eof.store(true, Ordering::SeqCst);
            });
        }
        Pty { child, writer, parser, raw, eof, _master: pair.master }
    }

    /// The terminal's text as a person would read it.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap_or_else(|p| p.into_inner()).screen().contents()
    }

    /// Type `bytes` (keys, a card reader's burst, mouse reports).
    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to the pty");
        self.writer.flush().expect("flush the pty");
    }

    /// Wait until the screen contains every one of `texts`; panic with the screen on timeout.
    pub fn wait_for_all(&mut self, texts: &[&str], timeout: Duration) {
        let found = crate::poll_until(timeout, || {
            let s = self.screen();
            texts.iter().all(|t| s.contains(t)).then_some(())
        });
        if found.is_none() {
            let status = self.child.try_wait().ok().flatten();
            panic!(
                "timed out after {timeout:?} waiting for {texts:?}; child status {status:?}; screen:\n{}",
                self.screen()
            );
        }
    }

    /// [`Pty::wait_for_all`] for one text.
    pub fn wait_for(&mut self, text: &str, timeout: Duration) {
        self.wait_for_all(&[text], timeout)
    }

    /// The child's exit status, or `None` if it still runs after `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let child = &mut self.child;
        crate::poll_until(timeout, || child.try_wait().ok().flatten())
    }

    /// Wait until the pty reports EOF (everything the child wrote has been read).
    pub fn wait_eof(&self, timeout: Duration) -> bool {
        crate::poll_until(timeout, || self.eof.load(Ordering::SeqCst).then_some(())).is_some()
    }

    /// Every byte the child wrote so far.
    pub fn raw_output(&self) -> Vec<u8> {
        self.raw.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
