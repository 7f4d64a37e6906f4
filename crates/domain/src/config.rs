//! certdesk.toml: every setting, its default, and what it is for.
//!
//! The file lives in the certdesk home directory (`--home`, or `$CERTDESK_HOME`, default the
//! current directory). Relative paths in it are relative to that home. A missing file means all
//! defaults; an unknown key is an error (a typo must not silently fall back to a default).

use crate::domain::LeadTimes;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The settings file's name in a home.
pub const FILE_NAME: &str = "certdesk.toml";

/// certdesk.toml: a home's settings, every section optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `[bureau]`: who the bureau is, as paper and screens name it.
    pub bureau: Bureau,
    /// `[paths]`: where the database, keys and lists are.
    pub paths: Paths,
    /// `[printer]`: the slip printer.
    pub printer: PrinterConfig,
    /// `[kiosk]`: the kiosk's name, timeouts and lock-outs.
    pub kiosk: KioskConfig,
    /// `[reminders]`: the reminder lead times.
    pub reminders: LeadTimes,
    /// `[seal]`: the QR code's URL prefix and the new keys' algorithm.
    pub seal: SealConfig,
    /// `[verifier]`: how long a revocation list is trusted.
    pub verifier: VerifierConfig,
    /// `[ui]`: the default language.
    pub ui: UiConfig,
    /// `[rating]`: the rating screen's timing.
    pub rating: RatingConfig,
    /// Counter documents on A4 (SPEC §8).
    pub paper: crate::paper_config::PaperConfig,
}

/// `[bureau]`: the bureau's name and contacts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Bureau {
    /// Printed at the top of every slip and shown on the attract screen.
    pub name: String,
    /// Printed on slips: where to ask about a certificate.
    pub phone: String,
}

impl Default for Bureau {
    fn default() -> Self {
        Bureau { name: "示范市应急管理局".into(), phone: "0000-12345678".into() }
    }
}

/// `[paths]`: files of the home (relative to it) or a database URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Paths {
    /// The database: a SQLite file (relative to the home), or a `postgres://user@host:port/db`
    /// URL for a hall of terminals sharing one PostgreSQL server (store/db.rs).
    pub database: PathBuf,
    /// Ed25519 signing key (created by `certdesk keys new`, mode 0600).
    pub signing_key: PathBuf,
    /// Trust list of public keys (TOML) used by verification.
    pub trust_list: PathBuf,
    /// Optional revocation list (one hex handle per line) for offline verification.
    pub revocations: PathBuf,
    /// Optional replacement for the built-in 作业类别/操作项目 catalogue.
    pub catalogue: Option<PathBuf>,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            database: "certdesk.db".into(),
            signing_key: "keys/signing.key".into(),
            trust_list: "keys/trust.toml".into(),
            revocations: "revocations.txt".into(),
            catalogue: None,
        }
    }
}

/// The slip printer's paper width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Paper {
    /// 58 mm paper, 384 dots at 203 dpi, 32 ASCII columns.
    #[default]
    #[serde(rename = "58mm")]
    Mm58,
    /// 80 mm paper, 576 dots at 203 dpi, 48 ASCII columns.
    #[serde(rename = "80mm")]
    Mm80,
}

impl Paper {
    /// Printable width in dots at 203 dpi.
    pub fn dots(self) -> u32 {
        match self {
            Paper::Mm58 => 384,
            Paper::Mm80 => 576,
        }
    }
    /// Columns of font A (12 dots wide); a CJK character takes two.
    pub fn columns(self) -> usize {
        match self {
            Paper::Mm58 => 32,
            Paper::Mm80 => 48,
        }
    }
}

/// How the slip's QR code is sent to the printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum QrMode {
    /// The printer draws the QR itself (GS ( k, Model 2): few bytes.
    #[default]
    Native,
    /// For printers without native QR: the QR is sent as a raster image (GS v 0), in bands.
    Raster,
}

/// `[printer]`: where slips go and how they are laid out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrinterConfig {
    /// Where slips go: `file:DIR`, `tcp://HOST:9100`, `dev:/dev/usb/lp0`,
    /// `serial:/dev/ttyUSB0?baud=19200`, or `cups:QUEUE` (sent with `lp -o raw`).
    pub target: String,
    /// The paper's width.
    pub paper: Paper,
    /// How the QR code is sent.
    pub qr: QrMode,
    /// Timeout for every network and serial read or write, in milliseconds.
    pub timeout_ms: u64,
    /// Ask the printer for its status (DLE EOT) before each job, where it answers.
    pub query_status: bool,
}

impl Default for PrinterConfig {
    fn default() -> Self {
        PrinterConfig {
            target: "file:spool".into(),
            paper: Paper::Mm58,
            qr: QrMode::Native,
            timeout_ms: 5000,
            query_status: true,
        }
    }
}

/// `[kiosk]`: the kiosk's name, idle timeout and lock-out rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KioskConfig {
    /// Name of this kiosk in print records and the audit log.
    pub id: String,
    /// Seconds without input before the kiosk wipes the screen and returns to the attract screen.
    pub idle_timeout_secs: u64,
    /// Failed second factors allowed per ID within the window, then that ID is locked (a kiosk
    /// itself never locks: it slows down, `domain::throttle`).
    pub max_factor_failures: u32,
    /// The window for counting failed second factors, and how long an ID's lock lasts, in minutes.
    pub factor_window_minutes: u32,
    /// Slips a certificate may print per day at the kiosks.
    pub max_prints_per_cert_per_day: u32,
}

impl Default for KioskConfig {
    fn default() -> Self {
        KioskConfig {
            id: "kiosk-01".into(),
            idle_timeout_secs: 60,
            max_factor_failures: 5,
            factor_window_minutes: 15,
            max_prints_per_cert_per_day: 3,
        }
    }
}

/// `[seal]`: the slip's QR code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct SealConfig {
    /// Optional uppercase URL prefix put before the payload (e.g. `HTTPS://V.EXAMPLE.GOV.CN/`),
    /// so that a phone camera opens a verifier page. Must use QR alphanumeric characters only.
    pub url_prefix: Option<String>,
    /// Signature algorithm of new keys (`certdesk keys new`): "ed25519" (default) or "sm2"
    /// (国密: SM2 over SM3, GB/T 32918 / GB/T 32905; slips carry payload version 2). Keys of
    /// both kinds verify side by side while a bureau migrates.
    pub algorithm: SignatureAlgorithm,
}

/// `seal.algorithm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SignatureAlgorithm {
    /// Ed25519.
    #[default]
    Ed25519,
    /// SM2 over SM3 (国密).
    Sm2,
}

/// `[verifier]`: the verifier station.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VerifierConfig {
    /// Days a signed revocation list is trusted; past that, authentic slips read `list_too_old`
    /// instead of `valid` until a newer list is imported. 0 = never too old (not recommended).
    pub max_list_age_days: u32,
}

impl Default for VerifierConfig {
    fn default() -> Self {
        VerifierConfig { max_list_age_days: 7 }
    }
}

/// The language of screens and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Lang {
    /// Simplified Chinese (the default).
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    /// English.
    #[serde(rename = "en")]
    En,
}

/// `[ui]`: the screens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct UiConfig {
    /// Default language of the screens and of the command line's messages: "zh-CN" or "en"
    /// (a command's `--lang` or `$CERTDESK_LANG` overrides it for that call; see cli_strings).
    pub language: Lang,
}

/// The rating screen at a counter (`certdesk rate --counter N`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RatingConfig {
    /// How often the screen asks the database whether its desk wants a rating, in ms.
    pub poll_ms: u64,
    /// How long the thank-you screen stays before the idle screen, in seconds.
    pub thanks_secs: u64,
}

impl Default for RatingConfig {
    fn default() -> Self {
        RatingConfig { poll_ms: 500, thanks_secs: 5 }
    }
}

/// Why certdesk.toml cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown keys.
    #[error("{path} is not a valid certdesk config: {source}\nhint: compare with the reference in README.md, or delete the key to use its default")]
    Parse {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        source: toml::de::Error,
    },
    /// A value out of its range.
    #[error("{0}")]
    Invalid(String),
}

impl Config {
    /// Parse and validate the settings file's text (`path` names it in errors).
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let c: Config = toml::from_str(text).map_err(|source| ConfigError::Parse { path: path.into(), source })?;
        c.validate()?;
        Ok(c)
    }

    /// Load `home/certdesk.toml`, or defaults if it does not exist.
    pub fn load(home: &Path) -> Result<Config, ConfigError> {
        let path = home.join(FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ConfigError::Read { path, source }),
        }
    }

    /// Check the ranges the types cannot (lock-out counts, the rating screen's timing, timeouts).
    pub fn validate(&self) -> Result<(), ConfigError> {
        let k = &self.kiosk;
        if k.max_factor_failures == 0 || k.factor_window_minutes == 0 {
            return Err(ConfigError::Invalid(
                "kiosk.max_factor_failures and kiosk.factor_window_minutes must be at least 1".into(),
            ));
        }
        if !(100..=60_000).contains(&self.rating.poll_ms) || !(1..=120).contains(&self.rating.thanks_secs) {
            return Err(ConfigError::Invalid(
                "rating.poll_ms must be 100 to 60000 and rating.thanks_secs 1 to 120".into(),
            ));
        }
        if k.idle_timeout_secs < 5 {
            return Err(ConfigError::Invalid("kiosk.idle_timeout_secs must be at least 5".into()));
        }
        if self.printer.timeout_ms == 0 {
            return Err(ConfigError::Invalid("printer.timeout_ms must be at least 1".into()));
        }
        if self.reminders.expiry_days < 0 || self.reminders.review_days < 0 {
            return Err(ConfigError::Invalid("reminders.*_days must not be negative".into()));
        }
        if let Some(p) = &self.seal.url_prefix {
            const QR_ALNUM: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
            if let Some(bad) = p.chars().find(|c| !QR_ALNUM.contains(*c)) {
                return Err(ConfigError::Invalid(format!(
                    "seal.url_prefix has '{bad}', which QR alphanumeric mode cannot hold; use uppercase letters, digits and $%*+-./: only"
                )));
            }
        }
        Ok(())
    }

    /// Resolve a configured path against the home directory.
    pub fn resolve(home: &Path, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            home.join(p)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_round_trip() {
        let text = toml::to_string(&Config::default()).unwrap();
        assert_eq!(Config::parse(&text, Path::new("x")).unwrap(), Config::default());
    }

    #[test]
    fn partial_file_keeps_other_defaults() {
        let c =
            Config::parse("[printer]\ntarget = \"tcp://127.0.0.1:9100\"\npaper = \"80mm\"\n", Path::new("x")).unwrap();
        assert_eq!(c.printer.paper, Paper::Mm80);
        assert_eq!(c.kiosk, KioskConfig::default());
    }

    #[test]
    fn garbage_and_typos_are_errors() {
        for bad in [
            "this is not toml",
            "[printer]\ntarget = 5",
            "[printr]\ntarget = \"x\"",
            "[kiosk]\nmax_factor_failures = 0",
            "[seal]\nurl_prefix = \"https://lower.case/\"",
            "[printer]\npaper = \"57mm\"",
            "[ui]\nlanguage = \"fr\"",
        ] {
            assert!(Config::parse(bad, Path::new("x")).is_err(), "accepted: {bad}");
        }
    }
}

#[cfg(test)]
mod example_tests {
    use super::*;

    #[test]
    fn the_documented_example_is_the_defaults() {
        let text = include_str!("../../../assets/certdesk.example.toml");
        assert_eq!(Config::parse(text, Path::new("example")).unwrap(), Config::default());
    }
}
