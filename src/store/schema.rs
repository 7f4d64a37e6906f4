//! The whole SQL schema, as an ordered list of migrations. **This is the one place to read to
//! know what the database holds.**
//!
//! Rules: never edit a migration that has shipped; append a new one. Migration *n* (1-based)
//! brings `PRAGMA user_version` from *n − 1* to *n*; each runs inside its own transaction
//! together with the version bump, so a crash leaves the database at the old or the new version,
//! never in between.
//!
//! Conventions: dates are ISO `YYYY-MM-DD` text, times local `YYYY-MM-DD HH:MM:SS` text (both
//! sort correctly as text and read well in the `sqlite3` shell); genders are 1 = male,
//! 2 = female; certificate kinds and standings use the stable codes of `CertKind::code()` and
//! `Standing::code()`.

pub const MIGRATIONS: &[&str] = &[
    // ---- 1: initial schema -------------------------------------------------------------
    r#"
-- Key/value facts about this database (install salt, audit head, ...). Not user settings.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value BLOB NOT NULL
) WITHOUT ROWID;

-- User-editable settings that live with the data rather than in certdesk.toml.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Certificate holders, keyed by the validated resident ID number (uppercase X).
CREATE TABLE holders (
    id_number     TEXT PRIMARY KEY NOT NULL CHECK (length(id_number) = 18),
    name          TEXT NOT NULL,
    gender        INTEGER NOT NULL CHECK (gender IN (1, 2)),
    mobile        TEXT,
    employer      TEXT,
    employer_code TEXT
) WITHOUT ROWID;

-- Certificates. `seal_handle` is 8 random bytes assigned on first insert and never changed:
-- the QR code carries it so that a revocation list names a certificate, not a person.
CREATE TABLE certificates (
    number       TEXT PRIMARY KEY NOT NULL,
    kind         INTEGER NOT NULL CHECK (kind IN (1, 2, 3)),
    holder_id    TEXT NOT NULL REFERENCES holders(id_number),
    name         TEXT NOT NULL,
    gender       INTEGER NOT NULL CHECK (gender IN (1, 2)),
    category     TEXT,
    item         TEXT,
    industry     TEXT,
    first_issued TEXT NOT NULL,
    valid_from   TEXT NOT NULL,
    valid_until  TEXT NOT NULL,
    review_due   TEXT,
    reviewed_on  TEXT,
    issuer       TEXT NOT NULL,
    standing     INTEGER NOT NULL DEFAULT 0 CHECK (standing IN (0, 1, 2)),
    seal_handle  BLOB NOT NULL UNIQUE CHECK (length(seal_handle) = 8)
) WITHOUT ROWID;
CREATE INDEX certificates_by_holder ON certificates(holder_id);

-- Print jobs. A row is inserted and committed *before* any byte goes to the printer, so a
-- crash mid-job leaves a 'pending' job that staff can see and reprint. `id` is the print
-- serial shown on the slip (AUTOINCREMENT: a serial is never reused).
CREATE TABLE print_jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    cert_number TEXT NOT NULL REFERENCES certificates(number),
    target      TEXT NOT NULL,
    station     TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'printed', 'failed')),
    error       TEXT,
    day         TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    finished_at TEXT,
    bytes       BLOB
);
CREATE INDEX print_jobs_by_cert_day ON print_jobs(cert_number, day);
CREATE INDEX print_jobs_unfinished ON print_jobs(state) WHERE state <> 'printed';

-- Append-only audit log, chained: hash = SHA-256(prev_hash || canonical(seq, time, actor,
-- action, detail)); see store/audit.rs. Triggers refuse UPDATE and DELETE; the chain catches
-- anyone who drops the triggers. Details never hold a raw ID number (use store::id_ref).
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY NOT NULL,
    time      TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash BLOB NOT NULL,
    hash      BLOB NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused');
END;

-- Front-desk staff. `pin_hash` is an argon2id PHC string; PINs are never stored.
CREATE TABLE staff (
    staff_id   TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
    pin_hash   TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;

-- Failed kiosk second factors. `id_key` is a salted SHA-256 of the ID number (Store::id_key),
-- so this table never holds a raw ID number.
CREATE TABLE factor_failures (
    id      INTEGER PRIMARY KEY,
    id_key  TEXT NOT NULL,
    station TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX factor_failures_by_key ON factor_failures(id_key, at);
CREATE INDEX factor_failures_by_station ON factor_failures(station, at);
"#,
    // ---- 2: certificate identity, 延期复审, 注销 ---------------------------------------------
    // One holder's 特种作业操作证 all carry the 证号 "T" + ID number, so the number alone cannot be
    // the key: a certificate is (kind, number, category, item), '' where a kind has none
    // (合格证). Certificates get an integer row id; print jobs point at it instead of the raw
    // number (which embeds the ID number). Standing code 3 = 注销 (30号令 art. 31); the former
    // code 2 ("revoked") keeps its meaning, 撤销 (art. 30). `extended_review` = 延期复审 granted
    // (art. 21). Rows keep their seal handles; ids are assigned in number order; job serials are
    // kept, and the AUTOINCREMENT counter carries over so no serial is ever reused. A job whose
    // certificate is missing makes the migration fail (NOT NULL) rather than lose the record.
    r#"
CREATE TABLE certificates_v2 (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL,
    kind            INTEGER NOT NULL CHECK (kind IN (1, 2, 3)),
    holder_id       TEXT NOT NULL REFERENCES holders(id_number),
    name            TEXT NOT NULL,
    gender          INTEGER NOT NULL CHECK (gender IN (1, 2)),
    category        TEXT NOT NULL DEFAULT '',
    item            TEXT NOT NULL DEFAULT '',
    industry        TEXT,
    first_issued    TEXT NOT NULL,
    valid_from      TEXT NOT NULL,
    valid_until     TEXT NOT NULL,
    review_due      TEXT,
    reviewed_on     TEXT,
    issuer          TEXT NOT NULL,
    standing        INTEGER NOT NULL DEFAULT 0 CHECK (standing IN (0, 1, 2, 3)),
    extended_review INTEGER NOT NULL DEFAULT 0 CHECK (extended_review IN (0, 1)),
    seal_handle     BLOB NOT NULL UNIQUE CHECK (length(seal_handle) = 8),
    UNIQUE (kind, number, category, item)
);
INSERT INTO certificates_v2 (number, kind, holder_id, name, gender, category, item, industry,
    first_issued, valid_from, valid_until, review_due, reviewed_on, issuer, standing, seal_handle)
SELECT number, kind, holder_id, name, gender,
    CASE WHEN kind = 1 THEN coalesce(category, '') ELSE '' END,
    CASE WHEN kind = 1 THEN coalesce(item, '') ELSE '' END,
    industry, first_issued, valid_from, valid_until, review_due, reviewed_on, issuer, standing,
    seal_handle
FROM certificates ORDER BY number;

CREATE TABLE print_jobs_v2 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    cert_id     INTEGER NOT NULL REFERENCES certificates_v2(id),
    target      TEXT NOT NULL,
    station     TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'printed', 'failed')),
    error       TEXT,
    day         TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    finished_at TEXT,
    bytes       BLOB
);
INSERT INTO print_jobs_v2 (id, cert_id, target, station, state, error, day, created_at,
    finished_at, bytes)
SELECT j.id, (SELECT c.id FROM certificates_v2 c WHERE c.number = j.cert_number), j.target,
    j.station, j.state, j.error, j.day, j.created_at, j.finished_at, j.bytes
FROM print_jobs j ORDER BY j.id;
DELETE FROM sqlite_sequence WHERE name = 'print_jobs_v2';
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'print_jobs_v2', max(seq) FROM sqlite_sequence WHERE name = 'print_jobs'
    HAVING count(*) > 0;

DROP TABLE print_jobs;
DROP TABLE certificates;
ALTER TABLE certificates_v2 RENAME TO certificates;
ALTER TABLE print_jobs_v2 RENAME TO print_jobs;
CREATE INDEX certificates_by_holder ON certificates(holder_id);
CREATE INDEX print_jobs_by_cert_day ON print_jobs(cert_id, day);
CREATE INDEX print_jobs_unfinished ON print_jobs(state) WHERE state <> 'printed';
"#,
    // ---- audit signatures (store/audit.rs) --------------------------------------------------
    r#"
-- Ed25519 signature of each audit entry by the station's audit key (kept outside the
-- database): sig over ('certdesk-audit-sig-v1' NUL, seq, hash). NULL only for entries written
-- before the station had an audit key, which its first checkpoint vouches for.
ALTER TABLE audit ADD COLUMN sig BLOB;
"#,
    // ---- staff PIN lock-out (store/staff.rs) ----------------------------------------------
    r#"
-- Failed staff PINs, per staff id (lock after too many within the window) and per station
-- (growing delays). Staff ids are not personal data; PINs are never stored.
CREATE TABLE pin_failures (
    id       INTEGER PRIMARY KEY,
    staff_id TEXT NOT NULL,
    station  TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX pin_failures_by_staff ON pin_failures(staff_id, at);
CREATE INDEX pin_failures_by_station ON pin_failures(station, at);
"#,
    // ---- stuck print jobs resolved by staff (store/jobs.rs) --------------------------------
    r#"
-- A pending or failed job that staff resolved: 'reprinted' (sent again from its bytes) or
-- 'void' (written off; no longer counts against the daily limit). Audited as print.reprinted /
-- print.voided.
ALTER TABLE print_jobs ADD COLUMN resolution TEXT CHECK (resolution IN ('reprinted', 'void'));
ALTER TABLE print_jobs ADD COLUMN resolved_by TEXT;
ALTER TABLE print_jobs ADD COLUMN resolved_at TEXT;
"#,
];
