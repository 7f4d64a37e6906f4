//! The certdesk home directory: certdesk.toml, the database, keys, the spool of the file
//! printer. `certdesk init` creates one; every other command opens one.

use crate::config::Config;
use crate::seal::{Signer, TrustList};
use crate::store::{Location, OpenCheck, Store};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The documented reference config, written by `certdesk init`.
pub const EXAMPLE_CONFIG: &str = include_str!("../../../assets/certdesk.example.toml");

/// A certdesk home: its directory and its certdesk.toml.
#[derive(Debug, Clone)]
pub struct Home {
    /// The home's directory; relative paths in the settings are resolved against it.
    pub dir: PathBuf,
    /// The home's certdesk.toml.
    pub config: Config,
}

/// What `Home::init` did, step by step (the command line says it in the operator's language;
/// this Display is the English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitStep {
    /// certdesk.toml was written.
    Config(PathBuf),
    /// The SQLite database was created.
    Database(PathBuf),
    /// A PostgreSQL database (its URL as shown, without a password).
    Server(String),
    /// The audit signing key was created.
    AuditKey(PathBuf),
    /// The slip signing key was created and put in the trust list.
    SigningKey {
        /// The key file.
        key: PathBuf,
        /// Its key id.
        id: String,
        /// The trust list it was added to.
        trust: PathBuf,
    },
    /// The first signed revocation list was written.
    RevocationList(PathBuf),
    /// The print spool directory was created.
    Spool(PathBuf),
}

impl std::fmt::Display for InitStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.say(crate::config::Lang::En))
    }
}

impl InitStep {
    /// The step, in the operator's language.
    pub fn say(&self, lang: crate::config::Lang) -> String {
        use crate::cli_strings::{t, M};
        match self {
            InitStep::Config(p) => t(lang, M::InitConfig, &[&p.display()]),
            InitStep::Database(p) => t(lang, M::InitDatabase, &[&p.display()]),
            InitStep::Server(s) => t(lang, M::InitServer, &[s]),
            InitStep::AuditKey(p) => t(lang, M::InitAuditKey, &[&p.display()]),
            InitStep::SigningKey { key, id, trust } => {
                t(lang, M::InitSigningKey, &[&key.display(), id, &trust.display()])
            }
            InitStep::RevocationList(p) => t(lang, M::InitRevocations, &[&p.display()]),
            InitStep::Spool(p) => t(lang, M::InitSpool, &[&p.display()]),
        }
    }
}

/// A home without its SQLite database (not initialised, or the wrong `--home`). Typed so that
/// the command line can say it in the operator's language (`cli_strings::error_message`).
#[derive(Debug, thiserror::Error)]
#[error("no database at {}\nhint: run `certdesk --home {} init` first", path.display(), home.display())]
pub struct NoDatabase {
    /// Where the database was looked for.
    pub path: PathBuf,
    /// The home that was given.
    pub home: PathBuf,
}

impl Home {
    /// The home's matters catalogue: its `matters.toml`, else the built-in copy; a bad file is
    /// an error, never a silent fallback (as the desk reads it).
    pub fn matters(&self) -> Result<crate::domain::matters::Matters> {
        use crate::domain::matters::Matters;
        let p = self.dir.join("matters.toml");
        match std::fs::read_to_string(&p) {
            Ok(text) => Matters::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Matters::builtin()),
            Err(e) => Err(anyhow::anyhow!("{}: {e}", p.display())),
        }
    }

    /// Open an existing home (config may be absent: defaults).
    pub fn open(dir: &Path) -> Result<Home> {
        let config = Config::load(dir)?;
        Ok(Home { dir: dir.to_path_buf(), config })
    }

    /// A path from the settings, resolved against the home.
    pub fn path(&self, p: &Path) -> PathBuf {
        Config::resolve(&self.dir, p)
    }
    /// Where the database is: `paths.database` is a SQLite file (relative to the home) or a
    /// `postgres://` URL (a hall's shared server).
    pub fn db_location(&self) -> Location {
        match Location::parse(&self.config.paths.database.to_string_lossy()) {
            Location::Sqlite(p) => Location::Sqlite(self.path(&p)),
            // A CA file (`sslrootcert`) named relative to the home, as every other path.
            Location::Postgres(url) => Location::Postgres(crate::store::pg_connect::resolve_rootcert(&url, &self.dir)),
        }
    }
    /// The SQLite file (for a PostgreSQL home, where a SQLite file of that name would be: not
    /// used by the store; commands that work on files only check `db_location` first).
    pub fn db_path(&self) -> PathBuf {
        match self.db_location() {
            Location::Sqlite(p) => p,
            Location::Postgres(_) => self.dir.join("certdesk.db"),
        }
    }
    /// The slip signing key's file.
    pub fn key_path(&self) -> PathBuf {
        self.path(&self.config.paths.signing_key)
    }
    /// The trust list's file.
    pub fn trust_path(&self) -> PathBuf {
        self.path(&self.config.paths.trust_list)
    }
    /// The audit key (signs the audit log; store/audit.rs): beside the signing key, mode 0600.
    pub fn audit_key_path(&self) -> PathBuf {
        self.key_path().with_file_name("audit.key")
    }
    /// The append-only file of audit checkpoints, beside the database; on a PostgreSQL hall,
    /// in this terminal's home (each terminal anchors the shared chain in its own file, out of
    /// reach of the database's administrator).
    pub fn checkpoint_path(&self) -> PathBuf {
        match self.db_location() {
            Location::Sqlite(p) => {
                let mut p = p.into_os_string();
                p.push(".audit-checkpoints");
                PathBuf::from(p)
            }
            Location::Postgres(_) => self.dir.join("audit-checkpoints"),
        }
    }
    /// The station's revocation list file.
    pub fn revocations_path(&self) -> PathBuf {
        self.path(&self.config.paths.revocations)
    }

    /// Open the database for a CLI command: a cheap check only (`OpenCheck::Cheap`); the full
    /// integrity check is `certdesk check`'s.
    pub fn store(&self) -> Result<Store> {
        self.store_with(OpenCheck::Cheap)
    }

    /// Open the database with a chosen start-up check (the kiosk defers the full check).
    pub fn store_with(&self, check: OpenCheck) -> Result<Store> {
        self.store_with_timeouts(check, &certdesk_domain::timeouts::Timeouts::default())
    }

    /// As [`Home::store_with`], with the station's resolved timeouts from the first connection
    /// attempt on (a hall's server: the bound on one attempt, the statement timeout).
    pub fn store_with_timeouts(
        &self,
        check: OpenCheck,
        timeouts: &certdesk_domain::timeouts::Timeouts,
    ) -> Result<Store> {
        let loc = self.db_location();
        if let Location::Sqlite(p) = &loc {
            if !p.exists() {
                return Err(NoDatabase { path: p.clone(), home: self.dir.clone() }.into());
            }
        }
        let mut store =
            Store::open_at_with(&loc, check, timeouts).with_context(|| format!("opening {}", loc.shown()))?;
        // A new audit key follows seal.algorithm (issue 18); an existing one moves only at
        // `keys new --rotate` (`Store::move_audit_key`).
        let alg = match self.config.seal.algorithm {
            crate::config::SignatureAlgorithm::Ed25519 => crate::store::audit_keys::AuditAlgorithm::Ed25519,
            crate::config::SignatureAlgorithm::Sm2 => crate::store::audit_keys::AuditAlgorithm::Sm2,
        };
        store.attach_audit_seal_as(&self.audit_key_path(), &self.checkpoint_path(), crate::clock::now(), alg)?;
        Ok(store)
    }

    /// The database for a command that only reads: works on a full disk too
    /// ([`Store::open_for_reading`]). The audit key is loaded if present, never created.
    pub fn store_for_reading(&self) -> Result<Store> {
        if self.db_location().is_postgres() {
            return self.store_with(OpenCheck::Skip);
        }
        let p = self.db_path();
        if !p.exists() {
            return Err(NoDatabase { path: p, home: self.dir.clone() }.into());
        }
        let mut store =
            Store::open_for_reading(&p, OpenCheck::Quick).with_context(|| format!("opening {}", p.display()))?;
        if self.audit_key_path().exists() {
            store.attach_audit_seal(&self.audit_key_path(), &self.checkpoint_path(), crate::clock::now())?;
        }
        Ok(store)
    }

    /// Load the slip signing key.
    pub fn signer(&self) -> Result<Signer> {
        let p = self.key_path();
        Signer::load(&p)
            .with_context(|| format!("loading the signing key {}\nhint: `certdesk keys new` creates one", p.display()))
    }

    /// Load the trust list.
    pub fn trust(&self) -> Result<TrustList> {
        let p = self.trust_path();
        TrustList::load(&p).with_context(|| format!("loading the trust list {}", p.display()))
    }

    /// The certificate catalogue: the home's file, else the built-in one.
    pub fn catalogue(&self) -> Result<crate::domain::catalogue::Catalogue> {
        match &self.config.paths.catalogue {
            None => Ok(crate::domain::catalogue::Catalogue::builtin()),
            Some(p) => {
                let p = self.path(p);
                let text = std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?;
                Ok(crate::domain::catalogue::Catalogue::parse(&text)?)
            }
        }
    }

    /// Create a home: config (documented reference), database, a signing key and a trust list
    /// holding its public key, the spool directory. Existing pieces are kept, never overwritten.
    pub fn init(dir: &Path, today: chrono::NaiveDate) -> Result<(Home, Vec<InitStep>)> {
        let mut done = vec![];
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let cfg = dir.join(crate::config::FILE_NAME);
        if !cfg.exists() {
            std::fs::write(&cfg, EXAMPLE_CONFIG)?;
            done.push(InitStep::Config(cfg.clone()));
        }
        let home = Home::open(dir)?;
        match home.db_location() {
            Location::Sqlite(db) if !db.exists() => {
                Store::open(&db)?;
                done.push(InitStep::Database(db.clone()));
            }
            Location::Sqlite(_) => {}
            pg => {
                // Creates the schema on an empty database; a terminal joining a hall finds it.
                Store::open_at(&pg, OpenCheck::Skip)?;
                done.push(InitStep::Server(pg.shown()));
            }
        }
        if !home.audit_key_path().exists() {
            home.store()?;
            done.push(InitStep::AuditKey(home.audit_key_path()));
        }
        let key = home.key_path();
        let trust_path = home.trust_path();
        if !key.exists() {
            if let Some(parent) = key.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let alg = match home.config.seal.algorithm {
                crate::config::SignatureAlgorithm::Ed25519 => crate::seal::Algorithm::Ed25519,
                crate::config::SignatureAlgorithm::Sm2 => crate::seal::Algorithm::Sm2,
            };
            let signer = Signer::write_new_for(&key, alg)?;
            let mut trust = if trust_path.exists() { TrustList::load(&trust_path)? } else { TrustList::new() };
            let mut entry = signer.public_entry("initial key");
            entry.added = today;
            trust.add(entry)?;
            trust.save(&trust_path)?;
            done.push(InitStep::SigningKey {
                key: key.clone(),
                id: signer.key_id().to_string(),
                trust: trust_path.clone(),
            });
            // A first, empty revocation list signed by the new key, so this home verifies at
            // once; `certdesk revocations export` / `import` replace it.
            let rl = home.revocations_path();
            if !rl.exists() {
                std::fs::write(&rl, crate::seal::RevocationList::new().to_signed_text(chrono::Utc::now(), &signer))?;
                done.push(InitStep::RevocationList(rl.clone()));
            }
        }
        if let Some(spool) = home.config.printer.target.strip_prefix("file:") {
            let spool = home.path(Path::new(spool));
            if !spool.exists() {
                std::fs::create_dir_all(&spool)?;
                done.push(InitStep::Spool(spool.clone()));
            }
        }
        Ok((home, done))
    }
}
