//! Printer targets and sending jobs (SPEC §5).
//!
//! Targets come from config strings: `file:DIR`, `tcp://HOST[:PORT]` (default 9100),
//! `dev:/dev/usb/lp0`, `serial:/dev/ttyUSB0?baud=19200`, `cups:QUEUE`.
//!
//! Nothing here can hang the caller: TCP connects with `connect_timeout` and reads/writes with
//! socket timeouts; device files are opened with `O_NONBLOCK` and written/read through `poll`
//! with a timeout; serial ports use the port timeout; `lp` is killed when it overruns.
//!
//! A TCP printer that accepts the connection but never reads does not block a small write (the
//! kernel buffers it), so "the write returned" proves nothing. With `query_status`, [`send`]
//! asks DLE EOT before the job (refusing to send into a printer that is out of paper or has its
//! cover open) and again after it: the printer answers real-time status only after it has read
//! everything in front of the query, so a reply confirms it took the job, and no reply within
//! the timeout is [`PrintError::NoReply`]. For that proof to hold, the reply must be the answer
//! to *that* question: bytes the printer sent unprompted are drained before asking, questions go
//! one at a time, and only bytes shaped like a status reply count as answers (`Conn::status`).

use crate::config::{Paper, QrMode};
use crate::slip::{self, Slip};
use escpos::utils::{RealTimeStatusRequest, RealTimeStatusResponse};
use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::str::FromStr;
use std::time::{Duration, Instant};

/// Default port of raw TCP printing (JetDirect / AppSocket).
pub const DEFAULT_TCP_PORT: u16 = 9100;

/// DLE EOT 1..4: printer status, offline cause, error cause, roll paper sensor. One reply byte
/// each, in order; sent one question (3 bytes) at a time. (Built by hand: the escpos crate's `real_time_status` appends a parameter
/// byte that DLE EOT 1..4 do not take.)
pub const STATUS_QUERY: [u8; 12] = [0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 3, 0x10, 0x04, 4];

/// Where jobs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Spool directory: each job as `<serial>.bin` plus a `<serial>.txt` preview.
    File(PathBuf),
    /// A network printer's raw port (usually 9100).
    Tcp {
        /// The printer's host name or address.
        host: String,
        /// The raw port.
        port: u16,
    },
    /// A printer device file such as /dev/usb/lp0.
    Device(PathBuf),
    /// A serial printer.
    Serial {
        /// The serial device file, e.g. /dev/ttyUSB0.
        path: PathBuf,
        /// Its baud rate.
        baud: u32,
    },
    /// A CUPS raw queue, sent with `lp -d QUEUE -o raw`.
    Cups {
        /// The queue's name.
        queue: String,
    },
}

/// What is wrong with a printer target's text (`--target`, `printer.target`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// Nothing was given.
    #[error("printer target is empty; use file:DIR, tcp://HOST:9100, dev:/dev/usb/lp0, serial:/dev/ttyUSB0?baud=19200 or cups:QUEUE")]
    Empty,
    /// The prefix names no kind of target.
    #[error("printer target '{0}' has an unknown kind; use file:DIR, tcp://HOST:9100, dev:/dev/usb/lp0, serial:/dev/ttyUSB0?baud=19200 or cups:QUEUE")]
    UnknownKind(String),
    /// A tcp target without a host.
    #[error("printer target '{0}': missing host (e.g. tcp://192.168.1.50:9100)")]
    MissingHost(String),
    /// A tcp target whose port is not 1–65535.
    #[error("printer target '{0}': bad port (1-65535)")]
    BadPort(String),
    /// A file, dev or serial target without a path.
    #[error("printer target '{0}': missing path")]
    MissingPath(String),
    /// A dev target with a relative path.
    #[error("printer target '{0}': the device path must be absolute (e.g. dev:/dev/usb/lp0)")]
    RelativeDevice(String),
    /// A serial target whose baud rate is not a number.
    #[error("printer target '{0}': bad baud rate (e.g. serial:/dev/ttyUSB0?baud=19200)")]
    BadBaud(String),
    /// A serial target with an option other than baud (the target, the option).
    #[error("printer target '{0}': unknown option '{1}' (only baud=N)")]
    UnknownOption(String, String),
    /// A CUPS queue name `lp` could take for an option or that holds other characters.
    #[error("printer target '{0}': a CUPS queue name may only use letters, digits, '_', '-', '.', '@' and must not start with '-'")]
    BadQueue(String),
}

impl FromStr for Target {
    type Err = TargetError;

    fn from_str(s: &str) -> Result<Target, TargetError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(TargetError::Empty);
        }
        if t.chars().any(|c| c.is_control()) {
            return Err(TargetError::UnknownKind(t.escape_debug().to_string()));
        }
        let own = || t.to_string();
        if let Some(rest) = t.strip_prefix("tcp://") {
            let rest = rest.trim_end_matches('/');
            let (host, port) = if let Some(v6) = rest.strip_prefix('[') {
                // [::1]:9100
                let end = v6.find(']').ok_or_else(|| TargetError::MissingHost(own()))?;
                let host = &v6[..end];
                let after = &v6[end + 1..];
                let port = match after.strip_prefix(':') {
                    Some(p) => Some(p),
                    None if after.is_empty() => None,
                    None => return Err(TargetError::BadPort(own())),
                };
                (host, port)
            } else {
                match rest.rsplit_once(':') {
                    Some((h, p)) => (h, Some(p)),
                    None => (rest, None),
                }
            };
            if host.is_empty()
                || host.contains(['/', '@', '?', '#', ' ', '[', ']'])
                || (host.contains(':') && !rest.starts_with('['))
            {
                return Err(TargetError::MissingHost(own()));
            }
            let port = match port {
                None => DEFAULT_TCP_PORT,
                Some(p) => match p.parse::<u16>() {
                    Ok(n) if n > 0 && p.chars().all(|c| c.is_ascii_digit()) => n,
                    _ => return Err(TargetError::BadPort(own())),
                },
            };
            return Ok(Target::Tcp { host: host.to_string(), port });
        }
        let (kind, rest) = t.split_once(':').ok_or_else(|| TargetError::UnknownKind(own()))?;
        match kind {
            "file" => {
                if rest.is_empty() {
                    return Err(TargetError::MissingPath(own()));
                }
                Ok(Target::File(PathBuf::from(rest)))
            }
            "dev" => {
                if rest.is_empty() {
                    return Err(TargetError::MissingPath(own()));
                }
                if !rest.starts_with('/') {
                    return Err(TargetError::RelativeDevice(own()));
                }
                Ok(Target::Device(PathBuf::from(rest)))
            }
            "serial" => {
                let (path, query) = match rest.split_once('?') {
                    Some((p, q)) => (p, Some(q)),
                    None => (rest, None),
                };
                if path.is_empty() {
                    return Err(TargetError::MissingPath(own()));
                }
                if !path.starts_with('/') {
                    return Err(TargetError::RelativeDevice(own()));
                }
                let mut baud = 9600;
                for kv in query.unwrap_or("").split('&').filter(|s| !s.is_empty()) {
                    match kv.split_once('=') {
                        Some(("baud", v)) => {
                            baud = match v.parse::<u32>() {
                                Ok(b) if (300..=4_000_000).contains(&b) && v.chars().all(|c| c.is_ascii_digit()) => b,
                                _ => return Err(TargetError::BadBaud(own())),
                            }
                        }
                        _ => return Err(TargetError::UnknownOption(own(), kv.to_string())),
                    }
                }
                Ok(Target::Serial { path: PathBuf::from(path), baud })
            }
            "cups" => {
                let ok = !rest.is_empty()
                    && rest.len() <= 127
                    && !rest.starts_with('-')
                    && rest.chars().all(|c| c.is_ascii_alphanumeric() || "_-.@".contains(c));
                if !ok {
                    return Err(TargetError::BadQueue(own()));
                }
                Ok(Target::Cups { queue: rest.to_string() })
            }
            _ => Err(TargetError::UnknownKind(own())),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::File(d) => write!(f, "file:{}", d.display()),
            Target::Tcp { host, port } if host.contains(':') => write!(f, "tcp://[{host}]:{port}"),
            Target::Tcp { host, port } => write!(f, "tcp://{host}:{port}"),
            Target::Device(p) => write!(f, "dev:{}", p.display()),
            Target::Serial { path, baud } => write!(f, "serial:{}?baud={baud}", path.display()),
            Target::Cups { queue } => write!(f, "cups:{queue}"),
        }
    }
}

/// One print job: the bytes for the printer and the text preview of the same slip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintJob {
    /// The print serial (the job's id in the store), which names the spool files.
    pub serial: u64,
    /// The ESC/POS bytes sent to the printer.
    pub bytes: Vec<u8>,
    /// The same slip as text, for the spool's preview and the screen.
    pub preview: String,
}

impl PrintJob {
    /// The job for a laid-out slip on this paper, with the QR code drawn as this mode says.
    pub fn from_slip(serial: u64, slip: &Slip, paper: Paper, qr: QrMode) -> PrintJob {
        PrintJob { serial, bytes: slip::to_escpos(slip, paper, qr), preview: slip::to_text(slip, paper) }
    }
}

/// Decoded DLE EOT 1..4 replies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PrinterStatus {
    /// The printer is online (DLE EOT 1).
    pub online: bool,
    /// Waiting to go online again after an error (DLE EOT 1).
    pub waiting_for_recovery: bool,
    /// The paper feed button is held down (DLE EOT 1).
    pub feed_button_pressed: bool,
    /// The cover is open (DLE EOT 2).
    pub cover_open: bool,
    /// Printing stopped because the paper ran out (offline cause).
    pub stopped_paper_end: bool,
    /// An error occurred (DLE EOT 2).
    pub error: bool,
    /// A recoverable error occurred (DLE EOT 3).
    pub recoverable_error: bool,
    /// The autocutter failed (DLE EOT 3).
    pub autocutter_error: bool,
    /// An unrecoverable error occurred (DLE EOT 3).
    pub unrecoverable_error: bool,
    /// An error that clears by itself occurred, e.g. the head overheated (DLE EOT 3).
    pub auto_recoverable_error: bool,
    /// The paper roll is nearly used up (DLE EOT 4).
    pub paper_near_end: bool,
    /// Roll paper end sensor: no paper.
    pub paper_out: bool,
}

impl PrinterStatus {
    /// Decode the four reply bytes to [`STATUS_QUERY`]. Each must have the fixed bits of a
    /// real-time status byte (0xx1xx10): anything else is [`PrintError::BadReply`].
    pub fn decode(reply: [u8; 4]) -> Result<PrinterStatus, PrintError> {
        use RealTimeStatusRequest as Q;
        use RealTimeStatusResponse as R;
        let get = |q: Q, b: u8| {
            RealTimeStatusResponse::parse(q, b).map_err(|_| {
                PrintError::BadReply(format!("not a valid status reply: {b:#04x} (fixed bits 0xx1xx10 expected)"))
            })
        };
        let p = get(Q::Printer, reply[0])?;
        let o = get(Q::OfflineCause, reply[1])?;
        let e = get(Q::ErrorCause, reply[2])?;
        let s = get(Q::RollPaperSensor, reply[3])?;
        let f = |m: &std::collections::HashMap<R, bool>, k: R| m.get(&k).copied().unwrap_or(false);
        Ok(PrinterStatus {
            online: f(&p, R::Online),
            waiting_for_recovery: f(&p, R::WaitingForOnlineRecovery),
            feed_button_pressed: f(&p, R::PaperFeedButtonPressed),
            cover_open: !f(&o, R::CoverClosed),
            stopped_paper_end: f(&o, R::PrintingStopsDueToPaperEnd),
            error: f(&o, R::ErrorOccurred),
            recoverable_error: f(&e, R::RecoverableErrorOccurred),
            autocutter_error: f(&e, R::AutocutterErrorOccurred),
            unrecoverable_error: f(&e, R::UnrecoverableErrorOccurred),
            auto_recoverable_error: f(&e, R::AutoRecoverableErrorOccurred),
            paper_near_end: !f(&s, R::RollPaperNearEndSensorPaperAdequate),
            paper_out: !f(&s, R::RollPaperEndSensorPaperPresent),
        })
    }

    /// The status a kiosk can act on: cover, then paper, then faults, then offline.
    /// Paper near end is not an error (the slip still prints); show it to staff.
    pub fn check(&self) -> Result<(), PrintError> {
        if self.cover_open {
            return Err(PrintError::CoverOpen);
        }
        if self.paper_out || self.stopped_paper_end {
            return Err(PrintError::PaperOut);
        }
        if self.autocutter_error {
            return Err(PrintError::Fault("autocutter error".into()));
        }
        if self.unrecoverable_error {
            return Err(PrintError::Fault("unrecoverable error".into()));
        }
        if self.recoverable_error || self.auto_recoverable_error || self.error {
            return Err(PrintError::Fault("printer error".into()));
        }
        if !self.online {
            return Err(PrintError::Offline);
        }
        Ok(())
    }
}

/// Why a job could not be printed or the printer's status read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    /// The printer is off, unplugged or offline.
    #[error("printer offline or not connected")]
    Offline,
    /// The paper ran out.
    #[error("printer out of paper")]
    PaperOut,
    /// The cover is open.
    #[error("printer cover open")]
    CoverOpen,
    /// The printer reports an error (which, in words).
    #[error("printer fault: {0}")]
    Fault(String),
    /// The printer took longer than the printer I/O timeout.
    #[error("printer did not respond in time")]
    Timeout,
    /// The status query got no answer.
    #[error("printer did not answer the status query")]
    NoReply,
    /// The status reply is not what DLE EOT returns.
    #[error("printer sent an invalid status reply: {0}")]
    BadReply(String),
    /// The target (a file spool, CUPS) has no status to ask for.
    #[error("this printer target cannot report status")]
    NoStatus,
    /// Sending or reading failed (the operating system's words).
    #[error("printer I/O error: {0}")]
    Io(String),
}

impl PrintError {
    /// What the kiosk shows (plain words, what to do).
    pub fn zh(&self) -> &'static str {
        match self {
            PrintError::Offline => "打印机未开机或未连接，请联系工作人员",
            PrintError::PaperOut => "打印机缺纸，请联系工作人员",
            PrintError::CoverOpen => "打印机上盖未关好，请联系工作人员",
            PrintError::Fault(_) => "打印机故障，请联系工作人员",
            PrintError::Timeout => "打印机没有响应，请稍后重试或联系工作人员",
            PrintError::NoReply => "打印机没有应答，凭条可能未打出，请联系工作人员",
            PrintError::BadReply(_) => "打印机状态异常，请联系工作人员",
            PrintError::NoStatus => "此打印机无法查询状态",
            PrintError::Io(_) => "打印机通信出错，请联系工作人员",
        }
    }
    /// What the kiosk shows in English.
    pub fn en(&self) -> &'static str {
        match self {
            PrintError::Offline => "The printer is off or not connected. Please ask staff for help.",
            PrintError::PaperOut => "The printer is out of paper. Please ask staff for help.",
            PrintError::CoverOpen => "The printer cover is open. Please ask staff for help.",
            PrintError::Fault(_) => "The printer reports a fault. Please ask staff for help.",
            PrintError::Timeout => "The printer is not responding. Please try again later or ask staff for help.",
            PrintError::NoReply => {
                "The printer did not answer; the slip may not have printed. Please ask staff for help."
            }
            PrintError::BadReply(_) => "The printer reports an unknown state. Please ask staff for help.",
            PrintError::NoStatus => "This printer cannot report its status.",
            PrintError::Io(_) => "Cannot talk to the printer. Please ask staff for help.",
        }
    }
}

fn io_err(e: io::Error) -> PrintError {
    match e.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => PrintError::Timeout,
        io::ErrorKind::ConnectionRefused
        | io::ErrorKind::NotFound
        | io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::BrokenPipe
        | io::ErrorKind::NotConnected
        | io::ErrorKind::AddrNotAvailable => PrintError::Offline,
        _ => match e.raw_os_error() {
            Some(libc::ENXIO)
            | Some(libc::ENODEV)
            | Some(libc::EHOSTUNREACH)
            | Some(libc::ENETUNREACH)
            | Some(libc::EHOSTDOWN) => PrintError::Offline,
            _ => PrintError::Io(e.to_string()),
        },
    }
}

fn at_least_1ms(t: Duration) -> Duration {
    t.max(Duration::from_millis(1))
}

/// Send `job` to `target`. With `query_status`, where the target can answer (TCP, device,
/// serial), refuse to print into a printer that reports a problem and confirm afterwards that
/// it took the job. Never blocks much longer than `timeout` on a stalled printer.
pub fn send(target: &Target, job: &PrintJob, timeout: Duration, query_status: bool) -> Result<(), PrintError> {
    let timeout = at_least_1ms(timeout);
    match target {
        Target::File(dir) => write_spool(dir, job),
        Target::Cups { queue } => {
            let mut cmd = Command::new("lp");
            cmd.args(["-d", queue, "-o", "raw", "-t"]).arg(format!("certdesk-{}", job.serial));
            run_spooler(cmd, &job.bytes, timeout)
        }
        _ => {
            let mut conn = Conn::open(target, timeout, query_status)?;
            if query_status {
                conn.status(timeout)?.check()?;
            }
            conn.write_all(&job.bytes, timeout)?;
            if query_status {
                conn.status(timeout)?.check()?;
            }
            Ok(())
        }
    }
}

/// Ask the printer for its status (DLE EOT 1..4). A spool directory is always ready; CUPS
/// queues cannot answer ([`PrintError::NoStatus`]).
pub fn query_status(target: &Target, timeout: Duration) -> Result<PrinterStatus, PrintError> {
    let timeout = at_least_1ms(timeout);
    match target {
        Target::File(dir) => {
            fs::create_dir_all(dir).map_err(|e| PrintError::Io(format!("{}: {e}", dir.display())))?;
            Ok(PrinterStatus { online: true, ..PrinterStatus::default() })
        }
        Target::Cups { .. } => Err(PrintError::NoStatus),
        _ => Conn::open(target, timeout, true)?.status(timeout),
    }
}

// ---------------------------------------------------------------- file spool

fn write_spool(dir: &Path, job: &PrintJob) -> Result<(), PrintError> {
    let e = |e: io::Error| PrintError::Io(format!("{}: {e}", dir.display()));
    fs::create_dir_all(dir).map_err(e)?;
    // Preview first, so whoever watches for .bin finds the .txt next to it.
    write_atomic(dir, &format!("{}.txt", job.serial), job.preview.as_bytes()).map_err(e)?;
    write_atomic(dir, &format!("{}.bin", job.serial), &job.bytes).map_err(e)?;
    Ok(())
}

pub(crate) fn write_atomic(dir: &Path, name: &str, data: &[u8]) -> io::Result<()> {
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let res = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(data)?;
        f.sync_all()?;
        fs::rename(&tmp, dir.join(name))
    })();
    if res.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    res
}

// ---------------------------------------------------------------- CUPS

/// Run a spooler command with `bytes` on its stdin; kill it if it overruns `timeout`.
pub(crate) fn run_spooler(mut cmd: Command, bytes: &[u8], timeout: Duration) -> Result<(), PrintError> {
    let deadline = Instant::now() + timeout;
    cmd.stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            PrintError::Io(format!("{:?} not found (is CUPS installed?)", cmd.get_program()))
        } else {
            PrintError::Io(format!("{:?}: {e}", cmd.get_program()))
        }
    })?;
    // Write on a thread: a spooler that never reads must not block us. When we kill it, the
    // pipe closes and the write fails, so the thread ends.
    let mut stdin = child.stdin.take().expect("piped stdin");
    let data = bytes.to_vec();
    std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let mut stderr = child.stderr.take().expect("piped stderr");
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = (&mut stderr).take(4096).read_to_end(&mut s);
        String::from_utf8_lossy(&s).trim().to_string()
    });
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                let msg = err_reader.join().unwrap_or_default();
                return Err(PrintError::Io(format!("spooler failed ({status}): {msg}")));
            }
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PrintError::Timeout);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PrintError::Io(e.to_string()));
            }
        }
    }
}

// ---------------------------------------------------------------- TCP, device, serial

enum Conn {
    Tcp(TcpStream),
    Dev(fs::File),
    Serial(Box<dyn serialport::SerialPort>),
}

impl Conn {
    fn open(target: &Target, timeout: Duration, read: bool) -> Result<Conn, PrintError> {
        match target {
            Target::Tcp { host, port } => tcp_connect(host, *port, timeout).map(Conn::Tcp),
            Target::Device(path) => dev_open(path, read).map(Conn::Dev),
            Target::Serial { path, baud } => {
                let p = serialport::new(path.to_string_lossy(), *baud).timeout(timeout).open().map_err(|e| match e
                    .kind()
                {
                    serialport::ErrorKind::NoDevice => PrintError::Offline,
                    serialport::ErrorKind::Io(k) => io_err(io::Error::new(k, e.description)),
                    _ => PrintError::Io(format!("{}: {}", path.display(), e.description)),
                })?;
                Ok(Conn::Serial(p))
            }
            Target::File(_) | Target::Cups { .. } => Err(PrintError::Io("not a connection target".into())),
        }
    }

    fn write_all(&mut self, bytes: &[u8], timeout: Duration) -> Result<(), PrintError> {
        match self {
            // Socket and port timeouts apply to each call: a printer that keeps reading, however
            // slowly, gets the whole job; one that stops for `timeout` fails.
            Conn::Tcp(s) => s.write_all(bytes).map_err(io_err),
            Conn::Serial(p) => p.write_all(bytes).map_err(io_err),
            Conn::Dev(f) => dev_write(f, bytes, timeout),
        }
    }

    /// Throw away whatever the printer sent that nobody asked for (automatic status back,
    /// replies to questions that timed out, noise), so that it cannot be taken for the answer
    /// to the next question. Returns how many of the dropped bytes were shaped like status
    /// replies (the only ones that could have been mistaken for an answer).
    fn drain(&mut self) -> usize {
        let mut buf = [0u8; 256];
        let mut dropped = 0;
        // Bounded: a printer that streams without pause cannot keep us here.
        for _ in 0..64 {
            let r = match self {
                Conn::Tcp(s) => {
                    if s.set_nonblocking(true).is_err() {
                        return dropped;
                    }
                    let r = s.read(&mut buf);
                    let _ = s.set_nonblocking(false);
                    r
                }
                Conn::Dev(f) => f.read(&mut buf),
                Conn::Serial(p) => {
                    let n = p.bytes_to_read().unwrap_or(0) as usize;
                    if n == 0 {
                        return dropped;
                    }
                    p.read(&mut buf[..n.min(256)])
                }
            };
            match r {
                Ok(0) => return dropped,
                Ok(n) => dropped += buf[..n].iter().filter(|&&b| is_status_byte(b)).count(),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return dropped,
            }
        }
        dropped
    }

    /// Ask DLE EOT 1..4 one question at a time and decode the four replies, waiting at most
    /// `timeout` in all.
    ///
    /// Answers are matched to questions: before *each* question whatever is waiting is drained
    /// ([`Conn::drain`]), the question is sent, and the first byte with the fixed bits of a
    /// real-time status byte (0xx1xx10) is its answer; bytes that cannot be one (automatic
    /// status back blocks, XON/XOFF, noise) are skipped. A round is trusted only if it was
    /// clean: no byte was waiting before any question, nor after the last answer. Bytes
    /// there mean the printer talks unprompted or answered late, so an answer may belong to
    /// another question: the line is drained until quiet and the whole round asked again,
    /// until the deadline ([`PrintError::NoReply`]). An honest printer costs no extra wait.
    ///
    /// One question at a time also keeps a printer that delays small replies (Nagle's
    /// algorithm on its side, waiting for our delayed ACK) from costing ~40 ms per job: each
    /// question carries the ACK of the previous answer.
    fn status(&mut self, timeout: Duration) -> Result<PrinterStatus, PrintError> {
        let deadline = Instant::now() + timeout;
        let mut skipped: Vec<u8> = Vec::new();
        // Unprompted bytes already waiting before the first question are simply dropped.
        self.drain();
        'round: loop {
            let mut reply = [0u8; 4];
            for (i, q) in STATUS_QUERY.chunks(3).enumerate() {
                if i > 0 && self.drain() > 0 {
                    self.settle(deadline)?;
                    continue 'round;
                }
                self.write_all(q, timeout)?;
                reply[i] = self.read_answer(deadline, &mut skipped)?;
            }
            if self.drain() > 0 {
                self.settle(deadline)?;
                continue 'round;
            }
            return PrinterStatus::decode(reply);
        }
    }

    /// Drain until nothing has arrived for a short while (a late answer in flight lands
    /// meanwhile), or fail at the deadline.
    fn settle(&mut self, deadline: Instant) -> Result<(), PrintError> {
        const QUIET: Duration = Duration::from_millis(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(PrintError::NoReply);
            }
            std::thread::sleep(QUIET.min(left));
            if self.drain() == 0 {
                return Ok(());
            }
        }
    }

    /// The next status-shaped byte, skipping others, by `deadline`.
    fn read_answer(&mut self, deadline: Instant, skipped: &mut Vec<u8>) -> Result<u8, PrintError> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(no_answer(skipped));
            }
            let mut b = [0u8; 1];
            let r = match self {
                Conn::Tcp(s) => {
                    s.set_read_timeout(Some(at_least_1ms(left))).map_err(io_err)?;
                    s.read(&mut b)
                }
                Conn::Serial(p) => {
                    p.set_timeout(at_least_1ms(left)).map_err(|e| PrintError::Io(e.description))?;
                    p.read(&mut b)
                }
                Conn::Dev(f) => dev_read(f, &mut b, left),
            };
            match r {
                Ok(0) => match self {
                    // The printer hung up without answering.
                    Conn::Tcp(_) => return Err(no_answer(skipped)),
                    // A device with nothing to say yet (or a plain file): wait and ask again.
                    _ => std::thread::sleep(Duration::from_millis(10).min(left)),
                },
                Ok(_) if is_status_byte(b[0]) => return Ok(b[0]),
                Ok(_) => {
                    if skipped.len() < 16 {
                        skipped.push(b[0]);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if matches!(e.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock) => {
                    return Err(no_answer(skipped))
                }
                Err(e) => return Err(io_err(e)),
            }
        }
    }
}

/// The fixed bits of every DLE EOT n reply byte: 0xx1xx10.
pub fn is_status_byte(b: u8) -> bool {
    b & 0b1001_0011 == 0b0001_0010
}

/// No status byte in time: silence is `NoReply`; only bytes that cannot be status replies is a
/// `BadReply` naming them.
fn no_answer(skipped: &[u8]) -> PrintError {
    if skipped.is_empty() {
        PrintError::NoReply
    } else {
        let hex: Vec<String> = skipped.iter().map(|b| format!("{b:#04x}")).collect();
        PrintError::BadReply(format!("no status reply, only {}", hex.join(" ")))
    }
}

fn tcp_connect(host: &str, port: u16, timeout: Duration) -> Result<TcpStream, PrintError> {
    let deadline = Instant::now() + timeout;
    // Name resolution has no timeout of its own: do it on a thread and stop waiting.
    let (tx, rx) = std::sync::mpsc::channel();
    let h = host.to_string();
    std::thread::spawn(move || {
        let _ = tx.send((h.as_str(), port).to_socket_addrs().map(|a| a.collect::<Vec<_>>()));
    });
    let addrs = match rx.recv_timeout(timeout) {
        Ok(Ok(a)) if !a.is_empty() => a,
        Ok(Ok(_)) => return Err(PrintError::Io(format!("{host}: no address"))),
        Ok(Err(e)) => return Err(PrintError::Io(format!("{host}: {e}"))),
        Err(_) => return Err(PrintError::Offline),
    };
    let mut last = PrintError::Offline;
    for a in addrs {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        match TcpStream::connect_timeout(&a, left) {
            Ok(s) => {
                s.set_write_timeout(Some(timeout)).map_err(io_err)?;
                s.set_read_timeout(Some(timeout)).map_err(io_err)?;
                let _ = s.set_nodelay(true);
                return Ok(s);
            }
            // A printer we cannot reach is offline, whether refused or silent.
            Err(e) => {
                last = match io_err(e) {
                    PrintError::Timeout => PrintError::Offline,
                    other => other,
                }
            }
        }
    }
    Err(last)
}

fn dev_open(path: &Path, read: bool) -> Result<fs::File, PrintError> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new().read(read).write(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path).map_err(
        |e| match e.kind() {
            io::ErrorKind::PermissionDenied => {
                PrintError::Io(format!("{}: permission denied (is the kiosk user in the 'lp' group?)", path.display()))
            }
            _ => io_err(e),
        },
    )
}

/// Wait until `fd` is ready for `events` or `timeout` passes.
fn poll_fd(fd: i32, events: libc::c_short, timeout: Duration) -> io::Result<bool> {
    let mut pfd = libc::pollfd { fd, events, revents: 0 };
    let ms = timeout.as_millis().min(i32::MAX as u128) as i32;
    loop {
        let r = unsafe { libc::poll(&mut pfd, 1, ms) };
        if r < 0 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        return Ok(r > 0);
    }
}

fn dev_write(f: &mut fs::File, mut bytes: &[u8], timeout: Duration) -> Result<(), PrintError> {
    use std::os::unix::io::AsRawFd;
    while !bytes.is_empty() {
        match f.write(bytes) {
            Ok(0) => return Err(PrintError::Offline),
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                // Progress-based: each wait for room may take up to `timeout`.
                if !poll_fd(f.as_raw_fd(), libc::POLLOUT, timeout).map_err(io_err)? {
                    return Err(PrintError::Timeout);
                }
            }
            Err(e) => return Err(io_err(e)),
        }
    }
    Ok(())
}

fn dev_read(f: &mut fs::File, buf: &mut [u8], timeout: Duration) -> io::Result<usize> {
    use std::os::unix::io::AsRawFd;
    if !poll_fd(f.as_raw_fd(), libc::POLLIN, timeout)? {
        return Err(io::ErrorKind::TimedOut.into());
    }
    match f.read(buf) {
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => Ok(0),
        r => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_targets() {
        let ok = |s: &str| s.parse::<Target>().unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(ok("file:spool"), Target::File("spool".into()));
        assert_eq!(ok("tcp://192.168.1.50"), Target::Tcp { host: "192.168.1.50".into(), port: 9100 });
        assert_eq!(ok("tcp://printer.lan:9101"), Target::Tcp { host: "printer.lan".into(), port: 9101 });
        assert_eq!(ok("tcp://[::1]:9100"), Target::Tcp { host: "::1".into(), port: 9100 });
        assert_eq!(ok("dev:/dev/usb/lp0"), Target::Device("/dev/usb/lp0".into()));
        assert_eq!(ok("serial:/dev/ttyUSB0?baud=19200"), Target::Serial { path: "/dev/ttyUSB0".into(), baud: 19200 });
        assert_eq!(ok("serial:/dev/ttyS0"), Target::Serial { path: "/dev/ttyS0".into(), baud: 9600 });
        assert_eq!(ok("cups:Kiosk_80mm"), Target::Cups { queue: "Kiosk_80mm".into() });
        for s in [
            "file:spool",
            "tcp://10.0.0.2:9100",
            "tcp://[::1]:9100",
            "dev:/dev/usb/lp0",
            "serial:/dev/ttyUSB0?baud=19200",
            "cups:q",
        ] {
            assert_eq!(ok(s).to_string().parse::<Target>().unwrap(), ok(s));
        }
    }

    #[test]
    fn rejects_garbage_targets() {
        for s in [
            "",
            "   ",
            "printer",
            "http://x",
            "tcp://",
            "tcp://:9100",
            "tcp://host:0",
            "tcp://host:70000",
            "tcp://host:+1",
            "tcp://host:abc",
            "tcp://a:b:c",
            "tcp://[::1",
            "file:",
            "dev:",
            "dev:lp0",
            "serial:",
            "serial:/dev/ttyUSB0?baud=fast",
            "serial:/dev/ttyUSB0?baud=0",
            "serial:/dev/ttyUSB0?parity=odd",
            "cups:",
            "cups:-oraw",
            "cups:my queue",
            "cups:a/b",
            "file:\u{0}",
        ] {
            assert!(s.parse::<Target>().is_err(), "accepted {s:?}");
        }
    }

    #[test]
    fn decodes_status_bits() {
        let ok = PrinterStatus::decode([0x12, 0x12, 0x12, 0x12]).unwrap();
        assert!(ok.online && !ok.paper_out && !ok.cover_open);
        assert_eq!(ok.check(), Ok(()));
        // Paper out: offline (bit 3), stopped by paper end (offline cause bit 5), end sensor
        // (bits 5, 6) and near-end (bits 2, 3).
        let out = PrinterStatus::decode([0x1A, 0x32, 0x12, 0x7E]).unwrap();
        assert!(out.paper_out && out.paper_near_end && !out.online);
        assert_eq!(out.check(), Err(PrintError::PaperOut));
        // Cover open (offline cause bit 2) wins over the offline it causes.
        let cover = PrinterStatus::decode([0x1A, 0x16, 0x12, 0x12]).unwrap();
        assert_eq!(cover.check(), Err(PrintError::CoverOpen));
        // Near end alone still prints.
        let near = PrinterStatus::decode([0x12, 0x12, 0x12, 0x1E]).unwrap();
        assert!(near.paper_near_end && !near.paper_out);
        assert_eq!(near.check(), Ok(()));
        // Autocutter error (error cause bit 3).
        let cut = PrinterStatus::decode([0x1A, 0x52, 0x1A, 0x12]).unwrap();
        assert!(matches!(cut.check(), Err(PrintError::Fault(_))));
        // Offline without a cause.
        let off = PrinterStatus::decode([0x1A, 0x12, 0x12, 0x12]).unwrap();
        assert_eq!(off.check(), Err(PrintError::Offline));
        // Fixed bits violated.
        for bad in [0x00, 0xFF, 0x13, 0x92, 0x02, 0x10] {
            assert!(matches!(PrinterStatus::decode([bad, 0x12, 0x12, 0x12]), Err(PrintError::BadReply(_))));
        }
    }

    #[test]
    fn every_error_has_messages() {
        for e in [
            PrintError::Offline,
            PrintError::PaperOut,
            PrintError::CoverOpen,
            PrintError::Fault("x".into()),
            PrintError::Timeout,
            PrintError::NoReply,
            PrintError::BadReply("x".into()),
            PrintError::NoStatus,
            PrintError::Io("x".into()),
        ] {
            assert!(!e.zh().is_empty() && !e.en().is_empty() && !e.to_string().is_empty());
        }
        assert_eq!(PrintError::PaperOut.zh(), "打印机缺纸，请联系工作人员");
    }

    #[test]
    fn spooler_success_failure_and_timeout() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("got.bin");
        let mut c = Command::new("sh");
        c.arg("-c").arg(format!("cat > '{}'", out.display()));
        run_spooler(c, b"\x1b@hello", Duration::from_secs(5)).unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"\x1b@hello");

        let mut c = Command::new("sh");
        c.arg("-c").arg("echo 'lp: The printer or class does not exist.' >&2; exit 1");
        match run_spooler(c, b"x", Duration::from_secs(5)) {
            Err(PrintError::Io(m)) => assert!(m.contains("does not exist"), "{m}"),
            other => panic!("{other:?}"),
        }

        // Never reads, never exits: killed at the timeout, and a big job does not block us.
        let t = Instant::now();
        let mut c = Command::new("sleep");
        c.arg("30");
        assert_eq!(run_spooler(c, &vec![0u8; 1 << 20], Duration::from_millis(300)), Err(PrintError::Timeout));
        assert!(t.elapsed() < Duration::from_secs(3));

        let c = Command::new("/nonexistent/lp");
        assert!(matches!(run_spooler(c, b"x", Duration::from_secs(1)), Err(PrintError::Io(_))));
    }

    #[test]
    fn device_file_write_and_stalled_fifo() {
        let dir = tempfile::tempdir().unwrap();
        // A plain file stands in for /dev/usb/lp0.
        let p = dir.path().join("lp0");
        fs::write(&p, b"").unwrap();
        let job = PrintJob { serial: 1, bytes: b"\x1b@\x1c&hello\n".to_vec(), preview: "hello\n".into() };
        let t = Target::Device(p.clone());
        send(&t, &job, Duration::from_millis(300), false).unwrap();
        assert_eq!(fs::read(&p).unwrap(), job.bytes);
        // A device that never answers status: NoReply within the timeout.
        let start = Instant::now();
        assert_eq!(send(&t, &job, Duration::from_millis(300), true), Err(PrintError::NoReply));
        assert!(start.elapsed() < Duration::from_secs(2));
        // Missing device (printer unplugged): Offline.
        assert_eq!(
            send(&Target::Device(dir.path().join("nope")), &job, Duration::from_millis(300), false),
            Err(PrintError::Offline)
        );
        // A FIFO with no reader: Offline (ENXIO), at once.
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let ft = Target::Device(fifo.clone());
        assert_eq!(send(&ft, &job, Duration::from_millis(300), false), Err(PrintError::Offline));
        // A FIFO whose reader never reads: the pipe fills, the write times out.
        let _reader = fs::OpenOptions::new().read(true).custom_flags_nonblock().open(&fifo).unwrap();
        let big = PrintJob { bytes: vec![b'x'; 1 << 20], ..job.clone() };
        let start = Instant::now();
        assert_eq!(send(&ft, &big, Duration::from_millis(300), false), Err(PrintError::Timeout));
        assert!(start.elapsed() < Duration::from_secs(2));
    }

    trait NonBlock {
        fn custom_flags_nonblock(&mut self) -> &mut Self;
    }
    impl NonBlock for fs::OpenOptions {
        fn custom_flags_nonblock(&mut self) -> &mut Self {
            use std::os::unix::fs::OpenOptionsExt;
            self.custom_flags(libc::O_NONBLOCK)
        }
    }

    #[test]
    fn missing_serial_port_is_offline_or_io() {
        let t: Target = "serial:/dev/nonexistent-tty?baud=9600".parse().unwrap();
        let job = PrintJob { serial: 1, bytes: b"x".to_vec(), preview: String::new() };
        let start = Instant::now();
        let r = send(&t, &job, Duration::from_millis(300), true);
        assert!(matches!(r, Err(PrintError::Offline) | Err(PrintError::Io(_))), "{r:?}");
        assert!(start.elapsed() < Duration::from_secs(2));
    }

    proptest! {
        #[test]
        fn target_parse_never_panics(s in "\\PC{0,60}") {
            let _ = s.parse::<Target>();
        }

        #[test]
        fn target_parse_never_panics_on_near_misses(
            kind in prop::sample::select(vec!["tcp://", "file:", "dev:", "serial:", "cups:", ""]),
            rest in "[a-z0-9:/?=&\\[\\]@.%-]{0,30}",
        ) {
            if let Ok(t) = format!("{kind}{rest}").parse::<Target>() {
                // Whatever parses, prints back to something that parses the same.
                prop_assert_eq!(t.to_string().parse::<Target>(), Ok(t));
            }
        }

        #[test]
        fn status_decode_never_panics(r in any::<[u8; 4]>()) {
            match PrinterStatus::decode(r) {
                Ok(s) => { let _ = s.check(); }
                Err(e) => prop_assert!(matches!(e, PrintError::BadReply(_))),
            }
        }
    }
}
