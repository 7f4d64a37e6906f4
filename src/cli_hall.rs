//! `certdesk hall …`: a hall's server (issue 17 §7). `hall grants` prints the SQL that gives
//! each kind of terminal its own database role with least privilege
//! (`store::grants::grants_sql`); `--apply` runs it on the home's connection, which must be the
//! schema's owner.

use crate::cli_strings::{t, Lang, M};
use crate::home::Home;
use crate::store::grants;
use anyhow::{bail, Result};
use std::path::Path;

macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($t)*)?;
    }};
}

/// Print (and with `apply` run) the grants for the home's schema, roles named `prefix…`.
pub fn grants(dir: &Path, prefix: &str, apply: bool, lang: Lang) -> Result<i32> {
    if !grants::valid_name(prefix) {
        bail!("{}", t(lang, M::HallBadPrefix, &[&prefix]));
    }
    let store = Home::open(dir)?.store()?;
    let Some(schema) = store.pg_schema()? else {
        bail!("{}", t(lang, M::HallNotPostgres, &[]));
    };
    let sql = grants::grants_sql(&schema, prefix);
    if !apply {
        outln!("{}", sql.trim_end());
        return Ok(0);
    }
    store.apply_grants(&sql)?;
    outln!("{}", t(lang, M::HallGrantsApplied, &[&schema, &prefix]));
    Ok(0)
}
