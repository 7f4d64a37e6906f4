//! The append-only, hash-chained audit log.
//!
//! Each entry: `seq` (1, 2, 3, … with no gaps), `time`, `actor`, `action`, `detail` (JSON
//! text), `prev_hash` (the previous entry's hash; 32 zero bytes for entry 1) and
//! `hash = SHA-256(prev_hash ‖ canonical(seq, time, actor, action, detail))` where
//! `canonical` is the domain tag `certdesk-audit-v1\0`, `seq` as 8 bytes big-endian, then each
//! text field as its UTF-8 length (8 bytes big-endian) followed by its bytes. The stored
//! detail text is hashed exactly as stored.
//!
//! SQLite triggers refuse UPDATE and DELETE (accidents); the chain detects deliberate edits by
//! someone who drops the triggers. The newest seq is also kept in `meta.audit_head`.
//!
//! A chain alone does not stop someone who can write the database: they recompute every hash.
//! The attacker this module is built against can write the database file (a copied database,
//! a database administrator) but cannot read the station's key file. Against them:
//!
//! - **Signatures.** Each entry carries `sig` = Ed25519 over `certdesk-audit-sig-v1\0 ‖ seq ‖
//!   hash` with the station's audit key (`keys/audit.key`, mode 0600, outside the database; see
//!   [`AuditSeal`]). Since `hash` commits to the whole chain up to `seq`, an edit, delete,
//!   reorder or re-chained rewrite invalidates the signature of every entry from the first
//!   change on, and a forged append has no valid signature.
//! - **Checkpoints.** Signatures cannot tell a log whose newest entries were cut off from a
//!   shorter honest one. A checkpoint is a signed line `(seq, hash, time)` appended to a file
//!   beside the database (`<database>.audit-checkpoints`, opened append-only); `audit verify`
//!   requires the chain to contain every checkpointed `(seq, hash)`. Checkpoints are taken by
//!   `certdesk audit checkpoint`, after CLI commands that write entries, and on a timer by
//!   long-running modes ([`Audit::checkpoint_if_due`]). Entries newer than the newest
//!   checkpoint can be cut undetected; the timer bounds that window.
//! - **Triggers.** `audit verify` checks that both append-only triggers exist unchanged.
//!
//! Entries written before a station had an audit key (an upgraded database) are unsigned; the
//! first checkpoint, taken when the key is created, vouches for them (a checkpoint at `seq`
//! authenticates entries 1..=seq through the chain). Any other unsigned entry is a break.
//! A store opened without an [`AuditSeal`] (tests, in-memory) writes unsigned entries and
//! verifies the chain only.
//!
//! Details must never hold a raw ID number: use [`id_ref`]. As a safety net, `audit` masks
//! any 18-character run in the detail that is a checksum-valid ID number.

use super::audit_keys::{is_sm2_entry, sm3_of, AuditAlgorithm, AuditKey, Verifiers};
use super::db::{p, Backend, Value};
use super::{parse_time_text, time_text, Result, Store, StoreError};
use chrono::{NaiveDateTime, Timelike};
use sha2::{Digest, Sha256};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// How an ID number is referred to in audit details: first 6 and last 4 characters.
pub fn id_ref(id_number: &str) -> String {
    crate::domain::id::mask(&id_number.trim().to_ascii_uppercase())
}

/// The first entry at which the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit log broken at entry {seq}: {reason}")]
pub struct AuditBreak {
    /// Sequence number of the first entry that fails the check.
    pub seq: u64,
    /// What is wrong with that entry (hash, signature, sequence or trigger), for the report.
    pub reason: String,
}

/// One entry of the append-only audit log, as read back for listing and export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Its place in the hash chain (the `seq` primary key, one more than the entry before).
    pub seq: u64,
    /// When the action happened, as the caller's clock gave it.
    pub time: NaiveDateTime,
    /// Who acted: a staff ID, or the station when it acted on its own.
    pub actor: String,
    /// What was done, as a dotted action word (e.g. `desk.logout`).
    pub action: String,
    /// The action's particulars; ID numbers in it are already masked.
    pub detail: serde_json::Value,
}

const TAG: &[u8] = b"certdesk-audit-v1\0";
const SIG_TAG: &[u8] = b"certdesk-audit-sig-v1\0";
const CHECKPOINT_TAG: &[u8] = b"certdesk-audit-checkpoint-v1\0";
const LINE_PREFIX: &str = "certdesk-audit-checkpoint v1";

/// The append-only triggers as migration 1 creates them (whitespace-normalised); `audit verify`
/// refuses a database where either is missing or replaced by a different body.
const TRIGGERS: [(&str, &str); 2] = [
    (
        "audit_no_update",
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, \
         'the audit log is append-only: UPDATE refused'); END",
    ),
    (
        "audit_no_delete",
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, \
         'the audit log is append-only: DELETE refused'); END",
    ),
];

fn sig_message(seq: u64, hash: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(SIG_TAG.len() + 8 + hash.len());
    m.extend_from_slice(SIG_TAG);
    m.extend_from_slice(&seq.to_be_bytes());
    m.extend_from_slice(hash);
    m
}

fn checkpoint_message(seq: u64, hash: &[u8; 32], time: &str) -> Vec<u8> {
    let mut m = Vec::with_capacity(CHECKPOINT_TAG.len() + 8 + 32 + time.len());
    m.extend_from_slice(CHECKPOINT_TAG);
    m.extend_from_slice(&seq.to_be_bytes());
    m.extend_from_slice(hash);
    m.extend_from_slice(time.as_bytes());
    m
}

/// One signed anchor of the chain's length, as kept in the checkpoint file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// Sequence number of the last entry the checkpoint vouches for.
    pub seq: u64,
    /// Hash of that entry, so the chain up to it can be checked against the file.
    pub hash: [u8; 32],
    /// When the checkpoint was written.
    pub time: NaiveDateTime,
}

impl Checkpoint {
    fn line(&self, key: &AuditKey) -> String {
        let time = self.time.format("%Y-%m-%dT%H:%M:%S").to_string();
        // SM2 lines name their algorithm (`alg=sm2`); Ed25519 lines read as they always did.
        let (alg, sig) = key.sign_checkpoint(&checkpoint_message(self.seq, &self.hash, &time));
        format!(
            "{LINE_PREFIX} seq={} hash={} time={time}{alg} sig={}\n",
            self.seq,
            hex::encode(self.hash),
            hex::encode(sig)
        )
    }

    /// Parse and check one line of the checkpoint file against `public`.
    fn parse(line: &str, public: &Verifiers) -> std::result::Result<Checkpoint, String> {
        let rest = line.strip_prefix(LINE_PREFIX).ok_or("not a checkpoint line")?;
        let mut fields = BTreeMap::new();
        for part in rest.split_whitespace() {
            let (k, v) = part.split_once('=').ok_or("malformed field")?;
            fields.insert(k, v);
        }
        let get = |k: &str| fields.get(k).copied().ok_or(format!("no {k}"));
        let seq: u64 = get("seq")?.parse().map_err(|_| "bad seq")?;
        let hash: [u8; 32] = hex::decode(get("hash")?).ok().and_then(|v| v.try_into().ok()).ok_or("bad hash")?;
        let time_text = get("time")?;
        let time = NaiveDateTime::parse_from_str(time_text, "%Y-%m-%dT%H:%M:%S").map_err(|_| "bad time")?;
        let sig: [u8; 64] = hex::decode(get("sig")?).ok().and_then(|v| v.try_into().ok()).ok_or("bad sig")?;
        if !public.checkpoint_ok(fields.get("alg").copied(), seq, &checkpoint_message(seq, &hash, time_text), &sig) {
            return Err("signature does not match this station's audit key".into());
        }
        Ok(Checkpoint { seq, hash, time })
    }

    /// Two short lines for a printed daily report (zh first, en second): enough for someone
    /// to compare later against `certdesk audit verify`.
    pub fn report_lines(&self) -> [String; 2] {
        let h = hex::encode(&self.hash[..8]);
        let t = self.time.format("%Y-%m-%d %H:%M");
        [format!("审计检查点 第{}条 {h} {t}", self.seq), format!("audit checkpoint #{} {h} {t}", self.seq)]
    }
}

/// The station's audit key and checkpoint file: what makes the log tamper-evident against
/// someone who can write the database. Attach with [`Store::attach_audit_seal`].
pub struct AuditSeal {
    pub(super) key: AuditKey,
    /// The keys entries and checkpoints are checked with: this one and earlier ones
    /// (`audit_keys`, a home moved from Ed25519 to SM2).
    pub(super) verifiers: Verifiers,
    checkpoints: PathBuf,
    /// Newest checkpoint known to this process (read from the file once, then kept current).
    newest: Cell<Option<(u64, [u8; 32], NaiveDateTime)>>,
    /// Whether this connection appended entries: closing it then takes a checkpoint.
    wrote: Cell<bool>,
}

impl std::fmt::Debug for AuditSeal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AuditSeal({})", self.checkpoints.display())
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    format: String,
    public_key: String,
    secret_key: String,
}

/// What [`Store::attach_audit_seal`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SealAttach {
    /// The key existed and was loaded.
    Loaded,
    /// A new key was made; `legacy` unsigned entries already in the log are vouched for by the
    /// first checkpoint.
    Created {
        /// How many unsigned entries the log held before the key existed.
        legacy: u64,
    },
}

fn load_key(path: &Path) -> Result<AuditKey> {
    let bad = |m: String| StoreError::Invalid(format!("audit key {}: {m}", path.display()));
    let meta = std::fs::metadata(path).map_err(|e| bad(e.to_string()))?;
    let mode = meta.permissions().mode() & 0o7777;
    if mode & 0o077 != 0 {
        return Err(bad(format!("mode {mode:04o} lets others read it; run `chmod 600 {}`", path.display())));
    }
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    let kf: KeyFile = toml::from_str(&text).map_err(|e| bad(e.message().to_string()))?;
    AuditKey::from_file_fields(&kf.format, &kf.public_key, &kf.secret_key).map_err(bad)
}

fn write_new_key(path: &Path, alg: AuditAlgorithm) -> Result<AuditKey> {
    let key = AuditKey::generate(alg);
    write_key_file(path, &key)?;
    Ok(key)
}

/// Write `key` to `path` (mode 0600); refuses to replace an existing file.
pub(super) fn write_key_file(path: &Path, key: &AuditKey) -> Result<()> {
    let io = |e: std::io::Error| StoreError::Invalid(format!("cannot create audit key {}: {e}", path.display()));
    let (format, public_key, secret_key) = key.file_fields();
    let kf = KeyFile { format: format.into(), public_key, secret_key };
    let text = format!(
        "# certdesk audit key: signs the audit log of this station. Keep it secret (mode 0600) and in\n\
         # every backup of this directory; without it the log can no longer be verified.\n{}",
        toml::to_string(&kf).expect("plain strings serialise")
    );
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    let tmp = path.with_file_name(name);
    let res = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&tmp)?;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        // hard_link fails if another process made the key meanwhile: never two keys.
        std::fs::hard_link(&tmp, path)
    })();
    let _ = std::fs::remove_file(&tmp);
    res.map_err(io)?;
    Ok(())
}

/// Every line of the checkpoint file, checked: `(valid checkpoints, complaints)`. A file that
/// does not exist has no checkpoints. A last line without its newline (a crash mid-append)
/// is ignored.
fn read_checkpoints(path: &Path, public: &Verifiers) -> Result<(Vec<Checkpoint>, Vec<String>)> {
    let text = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((vec![], vec![])),
        Err(e) => return Err(StoreError::Invalid(format!("cannot read {}: {e}", path.display()))),
    };
    let complete = match text.iter().rposition(|&b| b == b'\n') {
        Some(i) => &text[..=i],
        None => &text[..0],
    };
    let mut good = vec![];
    let mut bad = vec![];
    for (i, line) in complete.split(|&b| b == b'\n').enumerate() {
        // Empty lines, and zeros a power cut left where a line was being written, carry no
        // claim. Anything else must be a line this station signed: a damaged line could hide a
        // checkpoint, so it is reported, never skipped.
        if line.iter().all(|&b| b == 0) {
            continue;
        }
        match std::str::from_utf8(line).map_err(|_| "not text".to_string()).and_then(|l| Checkpoint::parse(l, public)) {
            Ok(c) => good.push(c),
            Err(e) => bad.push(format!("line {}: {e}", i + 1)),
        }
    }
    Ok((good, bad))
}

/// What `audit verify` found when the log is intact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    /// How many entries the log holds, all checked.
    pub entries: u64,
    /// Entries carrying a valid signature (all of them on a station that always had its key,
    /// except on stores opened without a seal).
    pub signed: u64,
    /// Whether signatures and checkpoints were checked (a seal was attached).
    pub sealed: bool,
    /// How many valid checkpoints the checkpoint file holds.
    pub checkpoints: usize,
    /// The one furthest along the chain (None when the file has none yet).
    pub newest_checkpoint: Option<Checkpoint>,
}

/// An entry's hash by its signature: SM3 for an SM2-signed entry, SHA-256 otherwise.
pub(crate) fn entry_hash_of(
    sig: Option<&[u8]>,
    prev: &[u8],
    seq: u64,
    time: &str,
    actor: &str,
    action: &str,
    detail: &str,
) -> [u8; 32] {
    entry_hash_as(is_sm2_entry(sig), prev, seq, time, actor, action, detail)
}

fn entry_hash_as(sm3: bool, prev: &[u8], seq: u64, time: &str, actor: &str, action: &str, detail: &str) -> [u8; 32] {
    if !sm3 {
        return entry_hash(prev, seq, time, actor, action, detail);
    }
    let seq = seq.to_be_bytes();
    let lens: Vec<[u8; 8]> = [time, actor, action, detail].iter().map(|f| (f.len() as u64).to_be_bytes()).collect();
    sm3_of(&[
        prev,
        TAG,
        &seq,
        &lens[0],
        time.as_bytes(),
        &lens[1],
        actor.as_bytes(),
        &lens[2],
        action.as_bytes(),
        &lens[3],
        detail.as_bytes(),
    ])
}

pub(crate) fn entry_hash(prev: &[u8], seq: u64, time: &str, actor: &str, action: &str, detail: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(TAG);
    h.update(seq.to_be_bytes());
    for f in [time, actor, action, detail] {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    h.finalize().into()
}

/// Replace every checksum-valid 18-character ID number in `text` by its masked form.
pub(crate) fn mask_ids(text: &str) -> std::borrow::Cow<'_, str> {
    crate::domain::id::mask_in_text(text)
}

impl Drop for Store {
    /// A process that wrote audit entries anchors them when it closes the database (CLI
    /// commands; the kiosk at a staff exit). Best effort: a failure here is reported by the next
    /// `audit verify` or `audit checkpoint`, never by a panic.
    fn drop(&mut self) {
        if self.audit_seal.as_ref().is_some_and(|a| a.wrote.get()) && !self.db.in_tx() {
            let _ = self.audit().checkpoint(certdesk_domain::clock::now());
        }
    }
}

impl Store {
    /// Attach the station's audit key (`key_path`, created with mode 0600 if missing) and
    /// checkpoint file. Creating a key is refused when the log already holds signed entries or
    /// the checkpoint file has lines: the key was lost or moved, and a new one would make the
    /// old log unverifiable (restore the key from backup instead). A new key on a log with
    /// unsigned (pre-key) entries takes a first checkpoint vouching for them.
    pub fn attach_audit_seal(&mut self, key_path: &Path, checkpoints: &Path, now: NaiveDateTime) -> Result<SealAttach> {
        self.attach_audit_seal_as(key_path, checkpoints, now, AuditAlgorithm::Ed25519)
    }

    /// [`Store::attach_audit_seal`], a new key being of `alg` (`seal.algorithm`); an existing
    /// key is loaded whatever its algorithm ([`Store::move_audit_key`] moves it).
    pub fn attach_audit_seal_as(
        &mut self,
        key_path: &Path,
        checkpoints: &Path,
        now: NaiveDateTime,
        alg: AuditAlgorithm,
    ) -> Result<SealAttach> {
        let seal_with = |key: AuditKey| -> Result<AuditSeal> {
            Ok(AuditSeal {
                verifiers: Verifiers::load(key_path, &key)?,
                key,
                checkpoints: checkpoints.to_path_buf(),
                newest: Cell::new(None),
                wrote: Cell::new(false),
            })
        };
        if key_path.exists() {
            let key = load_key(key_path)?;
            self.audit_seal = Some(seal_with(key)?);
            return Ok(SealAttach::Loaded);
        }
        let signed: i64 = self.db.value("SELECT count(*) FROM audit WHERE sig IS NOT NULL", p![])?;
        let has_checkpoints = std::fs::metadata(checkpoints).map(|m| m.len() > 0).unwrap_or(false);
        if signed > 0 || has_checkpoints {
            let hint = match self.backend() {
                Backend::Sqlite => "restore the key file from the backup of this station",
                // One chain for the hall, signed with one key that every terminal holds.
                Backend::Postgres => {
                    "this hall's audit log is signed with the hall's audit key: copy keys/audit.key \
                     (mode 0600) from a terminal of this hall"
                }
            };
            return Err(StoreError::Invalid(format!(
                "the audit key {} is missing but this audit log was signed with one: {hint} (a new key \
                 would make the log unverifiable)",
                key_path.display()
            )));
        }
        self.audit_seal = Some(seal_with(write_new_key(key_path, alg)?)?);
        let legacy = self.audit().head()?.map(|(seq, _)| seq).unwrap_or(0);
        if legacy > 0 {
            self.audit().checkpoint_inner(now, true)?;
        }
        Ok(SealAttach::Created { legacy })
    }
}

/// The audit aggregate: the hash chain of audit entries (appending, reading, verifying),
/// its signed checkpoints and the station's audit key (`audit_keys.rs`), through [`Store::audit`].
/// Borrows the store; attaching or replacing the key (`attach_audit_seal`, `move_audit_key`)
/// changes the store itself and stays on [`Store`].
#[derive(Clone, Copy)]
pub struct Audit<'s> {
    pub(super) store: &'s Store,
}

impl Store {
    /// The audit aggregate.
    pub fn audit(&self) -> Audit<'_> {
        Audit { store: self }
    }
}

impl Audit<'_> {
    /// Append an entry; returns its seq. Joins the caller's transaction if one is open. With a
    /// seal attached the entry is signed.
    pub fn append(&self, actor: &str, action: &str, detail: serde_json::Value, now: NaiveDateTime) -> Result<u64> {
        let detail = detail.to_string();
        let detail = mask_ids(&detail);
        let time = time_text(now);
        // A long import may hold the write lock past the busy timeout: wait, never lose an entry.
        self.store.in_transaction_patiently(self.store.timeouts.job_before_send, |s| {
            let last: Option<(i64, Vec<u8>)> =
                s.db.query_opt("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", p![], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            let (seq, prev) = match last {
                Some((seq, hash)) => (seq as u64 + 1, hash),
                None => (1, vec![0u8; 32]),
            };
            // Under an SM2 key the link is SM3 (GB/T 32905) and the signature SM2 (issue 18).
            let sm3 = s.audit_seal.as_ref().is_some_and(|a| a.key.algorithm() == AuditAlgorithm::Sm2);
            let hash = entry_hash_as(sm3, &prev, seq, &time, actor, action, &detail);
            let sig = s.audit_seal.as_ref().map(|a| a.key.sign_entry(&sig_message(seq, &hash)));
            s.db.execute(
                "INSERT INTO audit (seq, time, actor, action, detail, prev_hash, hash, sig) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                p![seq, time, actor, action, detail.as_ref(), prev, hash, sig],
            )?;
            s.db.execute(
                "INSERT INTO meta (key, value) VALUES ('audit_head', ?1) \
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                p![s.audit().head_value(seq)],
            )?;
            if let Some(a) = &s.audit_seal {
                a.wrote.set(true);
            }
            Ok(seq)
        })
    }

    /// The newest entry: `(seq, hash)`.
    fn head(&self) -> Result<Option<(u64, [u8; 32])>> {
        let row: Option<(i64, Vec<u8>)> =
            self.store.db.query_opt("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", p![], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        Ok(row.map(|(s, h)| (s as u64, h.try_into().unwrap_or([0; 32]))))
    }

    /// `meta.audit_head` as stored: an integer on SQLite (as ever), its decimal digits on
    /// PostgreSQL, where `meta.value` is BYTEA.
    fn head_value(&self, seq: u64) -> Value {
        match self.store.backend() {
            Backend::Sqlite => Value::Int(seq as i64),
            Backend::Postgres => Value::Blob(seq.to_string().into_bytes()),
        }
    }

    /// `meta.audit_head` read back (either form).
    fn stored_head(&self) -> Result<Option<u64>> {
        let v: Option<Value> =
            self.store.db.query_opt("SELECT value FROM meta WHERE key = 'audit_head'", p![], |r| r.get(0))?;
        Ok(match v {
            None => None,
            Some(Value::Int(i)) => Some(i.max(0) as u64),
            Some(Value::Blob(b)) => std::str::from_utf8(&b).ok().and_then(|t| t.parse().ok()).or(Some(u64::MAX)),
            Some(Value::Text(t)) => t.parse().ok().or(Some(u64::MAX)),
            Some(_) => Some(u64::MAX),
        })
    }

    fn seal(&self) -> Result<&AuditSeal> {
        self.store
            .audit_seal
            .as_ref()
            .ok_or_else(|| StoreError::Invalid("no audit key attached to this database connection".into()))
    }

    /// The newest valid checkpoint in the file (`None` without a seal or checkpoints).
    pub fn newest_checkpoint(&self) -> Result<Option<Checkpoint>> {
        let Some(seal) = &self.store.audit_seal else { return Ok(None) };
        let (good, _) = read_checkpoints(&seal.checkpoints, &seal.verifiers)?;
        let newest = good.into_iter().max_by_key(|c| c.seq);
        if let Some(c) = &newest {
            seal.newest.set(Some((c.seq, c.hash, c.time)));
        }
        Ok(newest)
    }

    /// Take a checkpoint of the current head and append it to the checkpoint file. Returns
    /// `None` when the newest checkpoint already covers the head. Refuses (and writes nothing)
    /// when an entry since the last checkpoint is not properly chained and signed: a
    /// checkpoint must never vouch for a forged entry.
    pub fn checkpoint(&self, now: NaiveDateTime) -> Result<Option<Checkpoint>> {
        self.checkpoint_inner(now, false)
    }

    /// [`Audit::checkpoint`] if the head moved and the newest checkpoint is at least
    /// `every` old. Long-running modes call this on a timer (and after their own writes); it
    /// costs one query when nothing is due. Without a seal it does nothing.
    pub fn checkpoint_if_due(&self, now: NaiveDateTime, every: std::time::Duration) -> Result<Option<Checkpoint>> {
        let Some(seal) = &self.store.audit_seal else { return Ok(None) };
        if seal.newest.get().is_none() {
            self.newest_checkpoint()?;
        }
        let head = match self.head()? {
            Some((seq, _)) => seq,
            None => return Ok(None),
        };
        if let Some((seq, _, time)) = seal.newest.get() {
            let age = (now - time).to_std().unwrap_or_default();
            if seq >= head || age < every {
                return Ok(None);
            }
        }
        self.checkpoint(now)
    }

    fn checkpoint_inner(&self, now: NaiveDateTime, enrol: bool) -> Result<Option<Checkpoint>> {
        let seal = self.seal()?;
        let public = &seal.verifiers;
        let newest = match seal.newest.get() {
            Some(n) => Some(n),
            None => self.newest_checkpoint()?.map(|c| (c.seq, c.hash, c.time)),
        };
        // Read the entries since the newest checkpoint in one read transaction, so the head we
        // sign is the head we checked.
        let from = newest.map(|(s, _, _)| s).unwrap_or(0);
        let head = self.store.db.read(|| {
            let mut prev: Vec<u8> = match newest {
                Some((seq, hash, _)) => {
                    let at: Option<Vec<u8>> =
                        self.store.db.query_opt("SELECT hash FROM audit WHERE seq = ?1", p![seq], |r| r.get(0))?;
                    if at.as_deref() != Some(&hash[..]) {
                        return Err(StoreError::Invalid(format!(
                            "the audit log no longer matches checkpoint {seq}: run `certdesk audit verify`; \
                             no new checkpoint taken"
                        )));
                    }
                    hash.to_vec()
                }
                None => vec![0u8; 32],
            };
            let mut head: Option<(u64, [u8; 32])> = None;
            let mut expected = from + 1;
            let refuse = |seq: u64, why: &str| {
                StoreError::Invalid(format!(
                    "audit entry {seq} {why}: run `certdesk audit verify`; no checkpoint taken"
                ))
            };
            self.store.db.each(
                "SELECT seq, time, actor, action, detail, prev_hash, hash, sig FROM audit WHERE seq > ?1 ORDER BY seq",
                p![from],
                |r| {
                    let seq: u64 = r.get(0)?;
                    let hash: Vec<u8> = r.get(6)?;
                    let sig: Option<Vec<u8>> = r.get(7)?;
                    let computed = entry_hash_of(
                        sig.as_deref(),
                        &prev,
                        seq,
                        &r.get::<String>(1)?,
                        &r.get::<String>(2)?,
                        &r.get::<String>(3)?,
                        &r.get::<String>(4)?,
                    );
                    if seq != expected || r.get::<Vec<u8>>(5)? != prev || computed[..] != hash[..] {
                        return Err(refuse(seq, "breaks the chain"));
                    }
                    match sig {
                        Some(sig) => {
                            if !public.entry_ok(seq, &sig_message(seq, &hash), &sig) {
                                return Err(refuse(seq, "has a signature that is not this station's"));
                            }
                        }
                        None if enrol => {}
                        None => return Err(refuse(seq, "is not signed")),
                    }
                    head = Some((seq, computed));
                    prev = hash;
                    expected += 1;
                    Ok(true)
                },
            )?;
            Ok(head)
        })?;
        let Some((seq, hash)) = head else { return Ok(None) };
        let cp = Checkpoint { seq, hash, time: now.with_nanosecond(0).unwrap_or(now) };
        let line = cp.line(&seal.key);
        let io = |e: std::io::Error| {
            StoreError::Invalid(format!("cannot append to the checkpoint file {}: {e}", seal.checkpoints.display()))
        };
        let mut f = std::fs::OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .mode(0o600)
            .open(&seal.checkpoints)
            .map_err(io)?;
        // A power cut can leave the file ending mid-line (or in zeros): start on a fresh line so
        // the fragment stays on its own.
        let mut line = line;
        let len = f.metadata().map_err(io)?.len();
        if len > 0 {
            use std::io::{Read, Seek, SeekFrom};
            let mut last = [0u8; 1];
            f.seek(SeekFrom::Start(len - 1)).map_err(io)?;
            f.read_exact(&mut last).map_err(io)?;
            if last[0] != b'\n' {
                line.insert(0, '\n');
            }
        }
        // One write of one whole line: concurrent writers (kiosk and an admin command) never
        // interleave inside a line.
        f.write_all(line.as_bytes()).map_err(io)?;
        f.sync_data().map_err(io)?;
        seal.newest.set(Some((cp.seq, cp.hash, cp.time)));
        Ok(Some(cp))
    }

    /// Walk the whole chain. `Ok(n)` = n entries, all intact; otherwise the first broken one.
    /// See [`Audit::verify_report`].
    pub fn verify(&self) -> std::result::Result<u64, AuditBreak> {
        self.verify_report().map(|r| r.entries)
    }

    /// Check the chain (links, hashes, numbering, `meta.audit_head`), that the append-only
    /// triggers exist unchanged and, with a seal attached, every signature and every
    /// checkpoint (a checkpointed `(seq, hash)` missing from the chain means entries were cut
    /// or rewritten).
    pub fn verify_report(&self) -> std::result::Result<AuditReport, AuditBreak> {
        let (public, checkpoints) = match &self.store.audit_seal {
            Some(seal) => {
                let public = seal.verifiers.clone();
                let (good, bad) = read_checkpoints(&seal.checkpoints, &public)
                    .map_err(|e| AuditBreak { seq: 0, reason: e.to_string() })?;
                if let Some(b) = bad.first() {
                    return Err(AuditBreak {
                        seq: 0,
                        reason: format!(
                            "the checkpoint file {} holds a line this station did not write ({b}): \
                             the file was tampered with",
                            seal.checkpoints.display()
                        ),
                    });
                }
                (Some(public), good)
            }
            None => (None, vec![]),
        };
        let mut anchors: BTreeMap<u64, [u8; 32]> = BTreeMap::new();
        for c in &checkpoints {
            if let Some(h) = anchors.insert(c.seq, c.hash) {
                if h != c.hash {
                    return Err(AuditBreak {
                        seq: c.seq,
                        reason: "two checkpoints disagree about this entry: the log was rewritten between them".into(),
                    });
                }
            }
        }
        let covered_to = anchors.keys().next_back().copied().unwrap_or(0);
        let mut prev = vec![0u8; 32];
        let mut expected: u64 = 1;
        let mut signed = 0u64;
        // Row-level breaks are carried out of the streaming read in `found`.
        let mut found: Option<AuditBreak> = None;
        let walked = self.store.db.read(|| {
            self.store.db.each(
                "SELECT seq, time, actor, action, detail, prev_hash, hash, sig FROM audit ORDER BY seq",
                p![],
                |r| {
                    let seq: i64 = r.get(0)?;
                    let seq = seq as u64;
                    let text = |i: usize| -> std::result::Result<String, AuditBreak> {
                        r.get::<String>(i)
                            .map_err(|e| AuditBreak { seq, reason: format!("column {i} is not text: {e}") })
                    };
                    let mut check = || -> std::result::Result<(), AuditBreak> {
                        let (time, actor, action, detail) = (text(1)?, text(2)?, text(3)?, text(4)?);
                        let bytes = |i: usize| -> std::result::Result<Option<Vec<u8>>, AuditBreak> {
                            r.get::<Option<Vec<u8>>>(i)
                                .map_err(|e| AuditBreak { seq, reason: format!("column {i} is not bytes: {e}") })
                        };
                        let prev_hash: Vec<u8> = bytes(5)?.unwrap_or_default();
                        let hash: Vec<u8> = bytes(6)?.unwrap_or_default();
                        let sig: Option<Vec<u8>> = bytes(7)?;
                        if seq != expected {
                            return Err(AuditBreak {
                                seq: expected,
                                reason: if seq > expected {
                                    format!(
                                        "entry {expected} is missing (the next entry is {seq}): entries were deleted"
                                    )
                                } else {
                                    format!("unexpected entry number {seq}")
                                },
                            });
                        }
                        if prev_hash != prev {
                            return Err(AuditBreak {
                                seq,
                                reason: "its link to the previous entry does not match: an entry before it \
                                         was deleted, changed, or entries were reordered"
                                    .into(),
                            });
                        }
                        if entry_hash_of(sig.as_deref(), &prev, seq, &time, &actor, &action, &detail)[..] != hash[..] {
                            return Err(AuditBreak {
                                seq,
                                reason: "its content does not match its hash: the entry was edited".into(),
                            });
                        }
                        if let Some(public) = &public {
                            match sig {
                                Some(sig) => {
                                    if !public.entry_ok(seq, &sig_message(seq, &hash), &sig) {
                                        return Err(AuditBreak {
                                            seq,
                                            reason: "its signature is not this station's: the entry was forged, or \
                                                     it or an entry before it was rewritten and the chain recomputed"
                                                .into(),
                                        });
                                    }
                                    signed += 1;
                                }
                                // Pre-key entries, vouched for by a later checkpoint through the chain.
                                None if seq <= covered_to => {}
                                None => {
                                    return Err(AuditBreak {
                                        seq,
                                        reason: "it is not signed: it was added by someone without this station's \
                                                 audit key"
                                            .into(),
                                    })
                                }
                            }
                        }
                        if let Some(want) = anchors.get(&seq) {
                            if want[..] != hash[..] {
                                return Err(AuditBreak {
                                    seq,
                                    reason: format!(
                                        "it differs from what checkpoint {seq} recorded: the log was rewritten"
                                    ),
                                });
                            }
                        }
                        prev = hash;
                        expected += 1;
                        Ok(())
                    };
                    match check() {
                        Ok(()) => Ok(true),
                        Err(b) => {
                            found = Some(b);
                            Ok(false)
                        }
                    }
                },
            )
        });
        if let Err(e) = walked {
            return Err(AuditBreak { seq: 0, reason: format!("cannot read the audit log: {e}") });
        }
        if let Some(b) = found {
            return Err(b);
        }
        let count = expected - 1;
        if covered_to > count {
            return Err(AuditBreak {
                seq: count + 1,
                reason: format!(
                    "the log ends at entry {count} but a checkpoint recorded {covered_to} entries: the \
                     newest entries were deleted"
                ),
            });
        }
        let head =
            self.stored_head().map_err(|e| AuditBreak { seq: 0, reason: format!("cannot read the audit log: {e}") })?;
        if let Some(head) = head {
            if head > count {
                return Err(AuditBreak {
                    seq: count + 1,
                    reason: format!(
                        "the log ends at entry {count} but {head} entries were written: the newest \
                         entries were deleted"
                    ),
                });
            }
        }
        self.check_triggers()?;
        Ok(AuditReport {
            entries: count,
            signed,
            sealed: public.is_some(),
            checkpoints: checkpoints.len(),
            newest_checkpoint: checkpoints.into_iter().max_by_key(|c| c.seq),
        })
    }

    /// Both append-only triggers exist with their original bodies.
    fn check_triggers(&self) -> std::result::Result<(), AuditBreak> {
        if self.store.backend() == Backend::Postgres {
            return self.check_triggers_pg();
        }
        let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for (name, want) in TRIGGERS {
            let sql: Option<String> = self
                .store
                .db
                .query_opt(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1 AND tbl_name = 'audit'",
                    p![name],
                    |r| r.get(0),
                )
                .map_err(|e| AuditBreak { seq: 0, reason: format!("cannot read the schema: {e}") })?;
            match sql {
                None => {
                    return Err(AuditBreak {
                        seq: 0,
                        reason: format!(
                            "the trigger {name} that keeps the log append-only was dropped: someone \
                             wrote to the database outside certdesk"
                        ),
                    })
                }
                Some(sql) if norm(&sql) != norm(want) => {
                    return Err(AuditBreak {
                        seq: 0,
                        reason: format!("the trigger {name} was replaced by a different one"),
                    })
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// PostgreSQL: the three append-only triggers exist, are enabled, are on `audit`, and call
    /// the function whose body refuses the change.
    fn check_triggers_pg(&self) -> std::result::Result<(), AuditBreak> {
        let schema_err = |e: StoreError| AuditBreak { seq: 0, reason: format!("cannot read the schema: {e}") };
        for name in ["audit_no_update", "audit_no_delete", "audit_no_truncate"] {
            let row: Option<(String, String)> = self
                .store
                .db
                .query_opt(
                    "SELECT t.tgenabled::text, p.prosrc FROM pg_trigger t \
                     JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid \
                     WHERE t.tgname = ?1 AND c.relname = 'audit' AND c.relnamespace = to_regnamespace(current_schema())::oid",
                    p![name],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .map_err(schema_err)?;
            match row {
                None => {
                    return Err(AuditBreak {
                        seq: 0,
                        reason: format!(
                            "the trigger {name} that keeps the log append-only was dropped: someone \
                             wrote to the database outside certdesk"
                        ),
                    })
                }
                Some((enabled, _)) if enabled == "D" => {
                    return Err(AuditBreak { seq: 0, reason: format!("the trigger {name} was disabled") })
                }
                Some((_, body)) if !body.contains("RAISE EXCEPTION") => {
                    return Err(AuditBreak {
                        seq: 0,
                        reason: format!("the trigger {name} was replaced by a different one"),
                    })
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Up to `limit` entries starting at `from_seq`, oldest first (for `certdesk audit show`).
    pub fn entries(&self, from_seq: u64, limit: usize) -> Result<Vec<AuditEntry>> {
        self.store.db.query(
            "SELECT seq, time, actor, action, detail FROM audit WHERE seq >= ?1 ORDER BY seq LIMIT ?2",
            p![from_seq, limit],
            |r| {
                let time: String = r.get(1)?;
                let detail: String = r.get(4)?;
                Ok(AuditEntry {
                    seq: r.get(0)?,
                    time: parse_time_text(&time).unwrap_or_default(),
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
                })
            },
        )
    }

    /// The algorithm of the attached audit key (None without one).
    pub fn algorithm(&self) -> Option<AuditAlgorithm> {
        self.store.audit_seal.as_ref().map(|s| s.key.algorithm())
    }
}
