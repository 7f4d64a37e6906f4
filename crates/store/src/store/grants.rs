//! Least privilege on the hall's server (issue 17 §7): one database role per kind of terminal,
//! each granted what its work needs and nothing else. `certdesk hall grants` prints the SQL
//! ([`grants_sql`]) and `--apply` runs it on the home's connection, which must be the schema's
//! owner (the role that created the tables at `certdesk init`: it alone migrates).
//!
//! | role | reads | writes |
//! |---|---|---|
//! | `<p>kiosk` | certificates, holders, staff (F12 sign-in), its lock-out and print tables, settings, calendar, audit | print jobs (insert a pending job; update only its outcome columns and bytes, only while it waits for its outcome: row-level security), holder and lobby lock-out counters, audit (insert), `meta.audit_head` |
//! | `<p>verifier` | certificates, holders, settings, its scan log, audit | scan log (insert), audit (insert), `meta.audit_head` |
//! | `<p>desk` (counters, rating screens, call display) | everything | cases and their records (insert, update; case events, stages, extensions, hand-offs, notice items, posts, enquiries, loop contacts and paper documents insert only), tickets, appointments, paper, ratings, staff PIN lock-out counters, print jobs (insert; outcome, assist and resolution columns of an unresolved job), audit (insert), `meta.audit_head` |
//! | `<p>admin` (imports, staff, standing, calendar, keys) | everything | everything but: audit and case events insert only, the schema version not at all |
//!
//! Nobody but the owner may UPDATE or DELETE an audit row (the append-only triggers stay as
//! the second wall); only the admin role writes certificates, holders, staff, settings and the
//! calendar, so only an admin connection imports. `meta` has row-level security: the terminal
//! roles may write only its `audit_head` row (the chain's head), never `id_salt`. `print_jobs`
//! has row-level security too: a kiosk rewrites no job that has its outcome, the desk none that
//! staff resolved; nobody but the admin deletes one.
//! A later migration that adds a table: run `certdesk hall grants --apply` again (the admin
//! and desk roles read every table; the kiosk's and verifier's lists are named here).

/// The tables a kiosk reads.
const KIOSK_READS: &[&str] = &[
    "certificates",
    "holders",
    "staff",
    "pin_failures",
    "lobby_pin_failures",
    "factor_failures",
    "print_jobs",
    "settings",
    "calendar_years",
    "audit",
    "meta",
    "certdesk_schema",
];
/// What a kiosk writes, table by table.
const KIOSK_WRITES: &[(&str, &str)] = &[
    // The outcome of its own prints and their bytes (store/jobs.rs), never which certificate,
    // printer, station or day a job was, nor how staff resolved it; and by row-level security
    // (below) only a job still waiting for its outcome.
    ("print_jobs", "INSERT, UPDATE (state, error, finished_at, bytes)"),
    ("factor_failures", "INSERT, UPDATE, DELETE"),
    ("lobby_pin_failures", "INSERT, UPDATE, DELETE"),
    ("audit", "INSERT"),
    ("meta", "INSERT, UPDATE"),
];
/// The tables a verifier station reads.
const VERIFIER_READS: &[&str] =
    &["certificates", "holders", "staff", "settings", "verifier_scans", "audit", "meta", "certdesk_schema"];
/// What a verifier station writes.
const VERIFIER_WRITES: &[(&str, &str)] =
    &[("verifier_scans", "INSERT"), ("audit", "INSERT"), ("meta", "INSERT, UPDATE")];
/// What a counter writes (it reads every table: reports, the registry, the queue).
const DESK_WRITES: &[(&str, &str)] = &[
    ("cases", "INSERT, UPDATE"),
    ("case_callbacks", "INSERT, UPDATE"),
    ("case_checklist", "INSERT, UPDATE"),
    ("case_decisions", "INSERT, UPDATE"),
    ("case_events", "INSERT"),
    ("case_extensions", "INSERT"),
    ("case_handoff_offers", "INSERT, UPDATE"),
    ("case_handoffs", "INSERT"),
    ("case_notice_items", "INSERT"),
    ("case_notices", "INSERT, UPDATE"),
    ("case_pledges", "INSERT, UPDATE"),
    ("case_post_addresses", "INSERT, UPDATE"),
    ("case_posts", "INSERT"),
    ("case_receipts", "INSERT, UPDATE"),
    ("case_stages", "INSERT"),
    ("case_stops", "INSERT, UPDATE"),
    ("desk_appointments", "INSERT, UPDATE"),
    ("desk_tickets", "INSERT, UPDATE"),
    ("document_jobs", "INSERT, UPDATE"),
    ("ticket_jobs", "INSERT, UPDATE"),
    ("paper_documents", "INSERT"),
    ("paper_jobs", "INSERT, UPDATE"),
    ("paper_numbers", "INSERT, UPDATE"),
    ("credit_marks", "INSERT, UPDATE"),
    ("rating_followups", "INSERT, UPDATE"),
    ("service_ratings", "INSERT, UPDATE"),
    ("enquiries", "INSERT"),
    ("loop_contacts", "INSERT"),
    // Assisted prints (their outcome, bytes and assist mark) and staff's resolution of a stuck
    // job; never which certificate, printer, station or day; by row-level security (below) only
    // a job staff have not resolved yet.
    (
        "print_jobs",
        "INSERT, UPDATE (state, error, finished_at, bytes, assisted_by, assisted_counter, document, \
         resolution, resolved_by, resolved_at)",
    ),
    ("pin_failures", "INSERT, UPDATE, DELETE"),
    ("audit", "INSERT"),
    ("meta", "INSERT, UPDATE"),
];

/// The kinds of terminal, each with its own database role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TerminalRole {
    /// A self-service kiosk: prints slips, writes its print jobs and lock-out counters.
    Kiosk,
    /// A verifier station: reads the registry, writes its scan log.
    Verifier,
    /// A counter, rating screen or call display: writes cases, tickets and their records.
    Desk,
    /// Imports, staff, standing, calendar and keys: writes everything; audit and case events insert-only.
    Admin,
}

impl TerminalRole {
    /// Every kind, in the order `hall grants` prints them.
    pub const ALL: [TerminalRole; 4] =
        [TerminalRole::Kiosk, TerminalRole::Verifier, TerminalRole::Desk, TerminalRole::Admin];

    /// The role's name: `prefix` then `kiosk`, `verifier`, `desk` or `admin`.
    pub fn name(self, prefix: &str) -> String {
        let kind = match self {
            TerminalRole::Kiosk => "kiosk",
            TerminalRole::Verifier => "verifier",
            TerminalRole::Desk => "desk",
            TerminalRole::Admin => "admin",
        };
        format!("{prefix}{kind}")
    }
}

/// A role or schema name certdesk accepts: letters, digits and `_`, not starting with a digit,
/// at most 50 bytes (room for the kind). Names are still quoted in the SQL.
pub fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 50
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

fn ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The SQL that creates the four roles (NOLOGIN group roles: each terminal logs in as its own
/// user made a member, `CREATE ROLE kiosk01 LOGIN PASSWORD '…' IN ROLE certdesk_kiosk`) and
/// grants each its work in `schema`. Idempotent: every privilege is revoked first, so running
/// it again after an upgrade leaves exactly these grants.
pub fn grants_sql(schema: &str, prefix: &str) -> String {
    let s = ident(schema);
    let t = |table: &str| format!("{s}.{}", ident(table));
    let [kiosk, verifier, desk, admin] = TerminalRole::ALL.map(|r| ident(&r.name(prefix)));
    let all = format!("{kiosk}, {verifier}, {desk}, {admin}");
    let terminals = format!("{kiosk}, {verifier}, {desk}");
    let mut out = vec![format!(
        "-- certdesk hall grants: schema {schema}, roles {p}kiosk, {p}verifier, {p}desk, {p}admin (issue 17 §7)\n\
         -- Run as the schema's owner. Then, per terminal: CREATE ROLE kiosk01 LOGIN PASSWORD '…' IN ROLE {p}kiosk;",
        p = prefix
    )];
    let mut create = String::from("DO $$\nBEGIN\n");
    for r in TerminalRole::ALL {
        let name = r.name(prefix);
        create.push_str(&format!(
            "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{}') THEN CREATE ROLE {} NOLOGIN; END IF;\n",
            name.replace('\'', "''"),
            ident(&name)
        ));
    }
    create.push_str("END\n$$;");
    out.push(create);
    out.push(format!("REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {all};"));
    out.push(format!("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {all};"));
    out.push(format!("REVOKE ALL ON SCHEMA {s} FROM {all};"));
    out.push(format!("GRANT USAGE ON SCHEMA {s} TO {all};"));
    // Identity columns draw from their sequences: a role that inserts needs them (a kiosk
    // could at most skip print serials, which a kiosk's own failed print does too).
    out.push(format!("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {all};"));
    let reads = |role: &str, tables: &[&str]| {
        format!("GRANT SELECT ON {} TO {role};", tables.iter().map(|x| t(x)).collect::<Vec<_>>().join(", "))
    };
    let writes = |role: &str, w: &[(&str, &str)]| {
        w.iter().map(|(table, what)| format!("GRANT {what} ON {} TO {role};", t(table))).collect::<Vec<_>>()
    };
    out.push(format!("-- kiosk\n{}", reads(&kiosk, KIOSK_READS)));
    out.extend(writes(&kiosk, KIOSK_WRITES));
    out.push(format!("-- verifier\n{}", reads(&verifier, VERIFIER_READS)));
    out.extend(writes(&verifier, VERIFIER_WRITES));
    out.push(format!("-- desk\nGRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {desk};"));
    out.extend(writes(&desk, DESK_WRITES));
    out.push(format!("-- admin\nGRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {admin};"));
    out.push(format!("REVOKE UPDATE, DELETE ON {}, {} FROM {admin};", t("audit"), t("case_events")));
    out.push(format!("REVOKE INSERT, UPDATE, DELETE ON {} FROM {admin};", t("certdesk_schema")));
    // meta: the terminals write the audit chain's head and nothing else (not the ID salt).
    let meta = t("meta");
    let pol = |what: &str| ident(&format!("{prefix}{what}"));
    out.push(format!("-- meta: row-level security\nALTER TABLE {meta} ENABLE ROW LEVEL SECURITY;"));
    for (name, body) in [
        ("read", format!("FOR SELECT TO {all} USING (true)")),
        ("head_insert", format!("FOR INSERT TO {terminals} WITH CHECK (key = 'audit_head')")),
        (
            "head_update",
            format!("FOR UPDATE TO {terminals} USING (key = 'audit_head') WITH CHECK (key = 'audit_head')"),
        ),
        ("admin", format!("FOR ALL TO {admin} USING (true) WITH CHECK (true)")),
    ] {
        out.push(format!("DROP POLICY IF EXISTS {p} ON {meta};\nCREATE POLICY {p} ON {meta} {body};", p = pol(name)));
    }
    // print_jobs: a kiosk inserts only a job waiting for its outcome and updates only such a
    // job (pending, or settled as "outcome unknown" while it held the real one: jobs_stale.rs),
    // so it cannot rewrite a printed or failed job's record nor one staff resolved; the desk
    // updates only jobs staff have not resolved. Everyone reads (the daily limit, jobs list).
    let jobs = t("print_jobs");
    let unknown = super::jobs_stale::UNKNOWN_OUTCOME.replace('\'', "''");
    let open = format!("resolution IS NULL AND (state = 'pending' OR (state = 'failed' AND error = '{unknown}'))");
    out.push(format!("-- print_jobs: row-level security\nALTER TABLE {jobs} ENABLE ROW LEVEL SECURITY;"));
    for (name, body) in [
        ("jobs_read", format!("FOR SELECT TO {all} USING (true)")),
        ("jobs_kiosk_insert", format!("FOR INSERT TO {kiosk} WITH CHECK (state = 'pending' AND resolution IS NULL)")),
        ("jobs_kiosk_update", format!("FOR UPDATE TO {kiosk} USING ({open}) WITH CHECK (resolution IS NULL)")),
        ("jobs_desk_insert", format!("FOR INSERT TO {desk} WITH CHECK (state = 'pending' AND resolution IS NULL)")),
        ("jobs_desk_update", format!("FOR UPDATE TO {desk} USING (resolution IS NULL) WITH CHECK (true)")),
        ("jobs_admin", format!("FOR ALL TO {admin} USING (true) WITH CHECK (true)")),
    ] {
        out.push(format!("DROP POLICY IF EXISTS {p} ON {jobs};\nCREATE POLICY {p} ON {jobs} {body};", p = pol(name)));
    }
    out.join("\n") + "\n"
}

impl super::Store {
    /// The schema this store's tables are in (PostgreSQL); `None` on SQLite.
    pub fn pg_schema(&self) -> super::Result<Option<String>> {
        match self.db.backend() {
            super::Backend::Sqlite => Ok(None),
            super::Backend::Postgres => Ok(Some(self.db.value("SELECT current_schema()::text", super::db::p![])?)),
        }
    }

    /// Run SQL from [`grants_sql`] on this connection (the schema's owner), in one transaction.
    pub fn apply_grants(&self, sql: &str) -> super::Result<()> {
        self.db.write(|| self.db.batch(sql))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_and_quoted() {
        assert!(valid_name("certdesk_") && valid_name("hall2_"));
        for bad in ["", "1x", "a;DROP", "a b", "x\"y", &"a".repeat(51)] {
            assert!(!valid_name(bad), "{bad}");
        }
        let sql = grants_sql("we\"ird", "p_");
        assert!(sql.contains("\"we\"\"ird\".\"audit\""));
    }

    #[test]
    fn nobody_but_the_owner_may_change_audit_rows() {
        let sql = grants_sql("hall", "certdesk_");
        for line in sql.lines().filter(|l| l.starts_with("GRANT") && l.contains("\"audit\"")) {
            assert!(!line.contains("UPDATE") && !line.contains("DELETE"), "{line}");
        }
        assert!(sql
            .contains("REVOKE UPDATE, DELETE ON \"hall\".\"audit\", \"hall\".\"case_events\" FROM \"certdesk_admin\""));
        let kiosk_writes: Vec<&str> = sql
            .lines()
            .filter(|l| l.starts_with("GRANT") && l.contains("TO \"certdesk_kiosk\"") && !l.contains("SELECT"))
            .collect();
        for table in ["certificates", "holders", "staff", "settings", "calendar_years", "cases"] {
            assert!(!kiosk_writes.iter().any(|l| l.contains(&format!("\"{table}\""))), "kiosk writes {table}");
        }
    }
}
