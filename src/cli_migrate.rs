//! `certdesk migrate --to LOCATION` (issue 10 item 3): move a home's database onto a hall's
//! PostgreSQL server, or a PostgreSQL database back into a SQLite file.
//!
//! The copy itself (every table, ids, id counters, the audit chain byte for byte, checked by
//! row counts and digests before it commits) is `Store::migrate_into` in store/migrate.rs.
//! Around it, this command:
//! - refuses a target that is not new: an existing SQLite file, a PostgreSQL schema holding
//!   rows (a fresh certdesk schema is made on an empty one);
//! - checks the source's audit chain first (a broken chain is not carried elsewhere where its
//!   history would be harder to explain) and records the migration in it, so the copy carries
//!   the entry that says where it came from;
//! - afterwards verifies the target's chain with this home's audit key and checkpoints
//!   (`verify_audit_report`), and compares per-table counts once more from a fresh connection;
//! - puts the checkpoint file where the home will look for it once `paths.database` names the
//!   target, and says which line of certdesk.toml to change. It never edits the config itself:
//!   terminals are switched over deliberately, after the copy checked out.

use crate::cli_strings::{t, Lang, M};
use crate::home::Home;
use crate::store::{Location, OpenCheck, Store};
use anyhow::{bail, Context, Result};
use std::io::Write;
use std::path::Path;

fn now() -> chrono::NaiveDateTime {
    crate::clock::now()
}

/// The target as the person typed it: a URL, or a file path relative to the working directory.
fn target_location(to: &str, lang: Lang) -> Result<Location> {
    match Location::parse(to) {
        Location::Sqlite(p) => {
            if to.trim().is_empty() {
                bail!("{}", t(lang, M::MigrateToEmpty, &[]));
            }
            let p = if p.is_absolute() { p } else { std::env::current_dir()?.join(p) };
            Ok(Location::Sqlite(p))
        }
        pg => Ok(pg),
    }
}

/// Where a SQLite target is built before it takes its name.
pub fn working_path(target: &Path) -> std::path::PathBuf {
    let mut w = target.to_path_buf().into_os_string();
    w.push(".migrating");
    w.into()
}

/// Remove a SQLite file and its -wal and -shm companions (those that exist).
fn remove_sqlite_files(p: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut f = p.to_path_buf().into_os_string();
        f.push(suffix);
        let _ = std::fs::remove_file(f);
    }
}

pub fn migrate(dir: &Path, to: &str, lang: Lang) -> Result<i32> {
    let mut out = std::io::stdout();
    let home = Home::open(dir)?;
    let from = home.db_location();
    let target = target_location(to, lang)?;
    if target == from {
        bail!("{}", t(lang, M::MigrateSelf, &[&target.shown()]));
    }
    if let Location::Sqlite(p) = &target {
        if p.exists() {
            bail!("{}", t(lang, M::MigrateExists, &[&p.display()]));
        }
        if let Some(parent) = p.parent() {
            if !parent.is_dir() {
                bail!("{}", t(lang, M::MigrateNoDir, &[&parent.display()]));
            }
        }
    }

    let source = home.store_with(OpenCheck::Full).context(t(lang, M::MigrateOpening, &[]))?;
    if let Err(b) = source.audit().verify_report() {
        bail!("{}", t(lang, M::MigrateSourceAudit, &[&from.shown(), &b.seq, &b.reason]));
    }
    // Recorded before the copy, so the target carries it too (and the checkpoint taken now
    // covers it on both sides).
    source.audit().append(
        "admin",
        "store.migrate",
        serde_json::json!({ "from": from.shown(), "to": target.shown() }),
        now(),
    )?;
    source.audit().checkpoint(now())?;

    let created_file = matches!(&target, Location::Sqlite(_));
    // A SQLite target is built under a working name beside it and renamed when complete: a
    // killed `migrate` leaves only that working file, which the next run removes (it holds
    // nothing of value), instead of a half copy at the target's name that blocks a re-run
    // (issue 17 §5).
    let work = match &target {
        Location::Sqlite(p) => {
            let w = working_path(p);
            remove_sqlite_files(&w);
            Location::Sqlite(w)
        }
        other => other.clone(),
    };
    let result = (|| -> Result<_> {
        let dest = Store::open_at(&work, OpenCheck::Full)
            .with_context(|| t(lang, M::MigrateOpeningTarget, &[&target.shown()]))?;
        let bar =
            crate::cli_progress::Progress::bar(0, t(lang, M::MigrateProgress, &[]), &t(lang, M::MigrateTables, &[]));
        let copied = source.migrate_into_with_progress(&dest, &|done, all| {
            bar.set_length(all);
            bar.set_position(done);
        })?;
        Ok(copied)
    })();
    let copied = match result {
        Ok(c) => c,
        Err(e) => {
            if let (true, Location::Sqlite(p)) = (created_file, &work) {
                // The file this command created holds nothing of value: no half copy stays.
                remove_sqlite_files(p);
            }
            return Err(e.context(t(lang, M::MigrateFailed, &[&target.shown()])));
        }
    };
    if let (Location::Sqlite(w), Location::Sqlite(p)) = (&work, &target) {
        // The copy's connection is closed (its WAL folded into the file): the finished file
        // takes the target's name in one step.
        std::fs::rename(w, p).with_context(|| t(lang, M::MigrateFailed, &[&target.shown()]))?;
    }

    // The home as it will be once certdesk.toml names the target.
    let mut switched = Home { dir: home.dir.clone(), config: home.config.clone() };
    switched.config.paths.database = match &target {
        Location::Sqlite(p) => p.clone(),
        Location::Postgres(url) => url.into(),
    };
    let (old_cp, new_cp) = (home.checkpoint_path(), switched.checkpoint_path());
    if old_cp != new_cp && old_cp.exists() {
        if new_cp.exists() {
            if std::fs::read(&old_cp)? != std::fs::read(&new_cp)? {
                writeln!(out, "{}", t(lang, M::MigrateCheckpointDiffers, &[&new_cp.display(), &old_cp.display()]))?;
            }
        } else {
            std::fs::copy(&old_cp, &new_cp)
                .with_context(|| t(lang, M::MigrateCopyingCheckpoints, &[&new_cp.display()]))?;
        }
    }

    // Check from a new connection what a terminal will see.
    let mut check = Store::open_at(&target, OpenCheck::Full)?;
    check.attach_audit_seal(&home.audit_key_path(), &old_cp, now())?;
    let counts_src = source.table_counts()?;
    let counts_dst = check.table_counts()?;
    let report = check
        .audit()
        .verify_report()
        .map_err(|b| anyhow::anyhow!("{}", t(lang, M::MigrateTargetAudit, &[&target.shown(), &b.seq, &b.reason])))?;

    writeln!(out, "{}", t(lang, M::MigrateCopied, &[&from.shown(), &target.shown()]))?;
    let mut total = 0;
    for c in &copied {
        let now_there = counts_dst.get(&c.table).copied().unwrap_or(0);
        let at_source = counts_src.get(&c.table).copied().unwrap_or(0);
        writeln!(out, "{}", t(lang, M::MigrateTableRows, &[&format!("{:<22}", c.table), &format!("{:>10}", c.rows)]))?;
        if now_there != c.rows || at_source != c.rows {
            bail!("{}", t(lang, M::MigrateRace, &[&c.table, &c.rows, &now_there, &at_source]));
        }
        total += c.rows;
    }
    writeln!(out, "{}", t(lang, M::MigrateDone, &[&total, &report.entries, &report.signed, &report.checkpoints]))?;
    let line = match &target {
        Location::Sqlite(p) => format!("database = {:?}", p.display().to_string()),
        Location::Postgres(url) => format!("database = {url:?}"),
    };
    writeln!(out, "{}", t(lang, M::MigrateSwitch, &[&home.dir.join(crate::config::FILE_NAME).display(), &line]))?;
    Ok(0)
}
