//! FROZEN: crates/store/src/store/schema.rs as shipped at schema version 23 (commit d493613),
//! before the two backends' texts became one list. Never edit: tests/schema_history.rs builds
//! databases from these texts and checks that the current migrations give the same schema.

#![allow(dead_code)]

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
    // ---- front desk (issue 7; owner: intake, store/cases.rs) -----------------------------
    r#"
-- Privacy: no table below holds a raw ID number. A visitor's ID is kept as `visitor_key`
-- (Store::id_key, a salted SHA-256: exact-match search) plus `visitor_masked` (what screens and
-- documents show); the raw number stays in the registry (holders, certificates).
-- Staff columns reference staff(staff_id). Every write also appends a case_events row and an
-- audit entry in the same transaction (全程留痕).

-- Appointments (预约服务), including weekend/after-hours slots (延时服务, 淄博 2017 简报 七).
CREATE TABLE desk_appointments (
    id         INTEGER PRIMARY KEY,
    day        TEXT NOT NULL,
    slot       TEXT NOT NULL,
    extended   INTEGER NOT NULL DEFAULT 0 CHECK (extended IN (0, 1)),
    name       TEXT NOT NULL,
    phone      TEXT,
    matter     TEXT NOT NULL,
    enterprise TEXT,
    state      TEXT NOT NULL DEFAULT 'booked' CHECK (state IN ('booked', 'arrived', 'cancelled')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES staff(staff_id)
);
CREATE INDEX desk_appointments_by_day ON desk_appointments(day, slot);

-- Queue tickets: daily numbers per queue letter (A001 walk-in, B001 appointment).
CREATE TABLE desk_tickets (
    id             INTEGER PRIMARY KEY,
    day            TEXT NOT NULL,
    prefix         TEXT NOT NULL CHECK (length(prefix) = 1),
    number         INTEGER NOT NULL CHECK (number > 0),
    matter         TEXT,
    appointment_id INTEGER UNIQUE REFERENCES desk_appointments(id),
    state          TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'called', 'served', 'left')),
    counter        INTEGER,
    called_by      TEXT REFERENCES staff(staff_id),
    issued_at      TEXT NOT NULL,
    called_at      TEXT,
    UNIQUE (day, prefix, number)
);
CREATE INDEX desk_tickets_waiting ON desk_tickets(day, state);

-- Cases. `number` is YJ + day + 4-digit daily sequence. `first_owner` (首问负责人) never
-- changes; `owner` changes only through case_handoffs.
CREATE TABLE cases (
    id               INTEGER PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,
    day              TEXT NOT NULL,
    seq              INTEGER NOT NULL,
    matter           TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('registered', 'noticed', 'refused', 'accepted',
                         'undertaken', 'reviewed', 'approved', 'completed', 'archived')),
    accept_kind      TEXT CHECK (accept_kind IN ('full', 'pledge', 'deficient')),
    first_owner      TEXT NOT NULL REFERENCES staff(staff_id),
    owner            TEXT NOT NULL REFERENCES staff(staff_id),
    visitor_name     TEXT NOT NULL DEFAULT '',
    visitor_key      TEXT,
    visitor_masked   TEXT,
    visitor_phone    TEXT,
    enterprise       TEXT,
    credit_code      TEXT,
    ticket_id        INTEGER REFERENCES desk_tickets(id),
    opened_at        TEXT NOT NULL,
    accepted_on      TEXT,
    due_on           TEXT,
    statutory_due_on TEXT,
    pledge_due       TEXT,
    closed_on        TEXT,
    refused_reason   TEXT,
    UNIQUE (day, seq)
);
CREATE INDEX cases_by_visitor_key ON cases(visitor_key) WHERE visitor_key IS NOT NULL;
CREATE INDEX cases_by_visitor_name ON cases(visitor_name);
CREATE INDEX cases_by_enterprise ON cases(enterprise) WHERE enterprise IS NOT NULL;
CREATE INDEX cases_by_credit_code ON cases(credit_code) WHERE credit_code IS NOT NULL;
CREATE INDEX cases_by_owner ON cases(owner, state);
CREATE INDEX cases_by_due ON cases(due_on) WHERE state IN ('accepted', 'undertaken', 'reviewed', 'approved');
CREATE INDEX cases_by_pledge_due ON cases(pledge_due) WHERE pledge_due IS NOT NULL;

-- 全程留痕: every step of every case, who and when.
CREATE TABLE case_events (
    id      INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL
);
CREATE INDEX case_events_by_case ON case_events(case_id, id);
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only: UPDATE refused');
END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only: DELETE refused');
END;

-- The materials checklist. `resubmitted` = handed in again after a notice (for the
-- later-notice rule, 行政许可法 art. 32).
CREATE TABLE case_checklist (
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    material    TEXT NOT NULL,
    position    INTEGER NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('unchecked', 'provided', 'missing', 'defective', 'pledged')),
    note        TEXT,
    resubmitted INTEGER NOT NULL DEFAULT 0 CHECK (resubmitted IN (0, 1)),
    updated_at  TEXT,
    updated_by  TEXT REFERENCES staff(staff_id),
    PRIMARY KEY (case_id, material)
) WITHOUT ROWID;

-- One-time notices and their items. seq 1 is the first notice.
CREATE TABLE case_notices (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    seq             INTEGER NOT NULL,
    at              TEXT NOT NULL,
    staff           TEXT NOT NULL REFERENCES staff(staff_id),
    override_by     TEXT REFERENCES staff(staff_id),
    override_reason TEXT,
    UNIQUE (case_id, seq)
);
CREATE TABLE case_notice_items (
    notice_id INTEGER NOT NULL REFERENCES case_notices(id),
    material  TEXT NOT NULL,
    defect    TEXT,
    PRIMARY KEY (notice_id, material)
);

-- Pledges: 'deficiency' (容缺: supply `materials` by `due`) or 'proof' (告知承诺).
CREATE TABLE case_pledges (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    kind         TEXT NOT NULL CHECK (kind IN ('deficiency', 'proof')),
    materials    TEXT NOT NULL,
    due          TEXT,
    at           TEXT NOT NULL,
    staff        TEXT NOT NULL REFERENCES staff(staff_id),
    fulfilled_at TEXT
);
CREATE INDEX case_pledges_by_case ON case_pledges(case_id);

-- Hand-offs (首问负责制): who handed, from whom, to whom, why, when.
CREATE TABLE case_handoffs (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    from_staff TEXT NOT NULL REFERENCES staff(staff_id),
    to_staff   TEXT NOT NULL REFERENCES staff(staff_id),
    by_staff   TEXT NOT NULL REFERENCES staff(staff_id),
    reason     TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX case_handoffs_by_case ON case_handoffs(case_id);

-- 好差评: one row per service. The desk asks (state 'pending' on a counter); the visitor's
-- screen answers once. A new request on the same counter expires an unanswered one.
CREATE TABLE service_ratings (
    id           INTEGER PRIMARY KEY,
    service      TEXT NOT NULL UNIQUE,
    counter      INTEGER NOT NULL,
    case_id      INTEGER REFERENCES cases(id),
    staff        TEXT NOT NULL REFERENCES staff(staff_id),
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'rated', 'expired')),
    rating       INTEGER CHECK (rating BETWEEN 1 AND 5),
    requested_at TEXT NOT NULL,
    rated_at     TEXT
);
CREATE UNIQUE INDEX service_ratings_one_pending ON service_ratings(counter) WHERE state = 'pending';

-- Follow-ups of bad ratings (due in working days), and callbacks of closed cases (due in 10
-- calendar days). `state` open until done.
CREATE TABLE rating_followups (
    id        INTEGER PRIMARY KEY,
    rating_id INTEGER NOT NULL UNIQUE REFERENCES service_ratings(id),
    due       TEXT NOT NULL,
    state     TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
    outcome   TEXT,
    done_at   TEXT,
    done_by   TEXT REFERENCES staff(staff_id)
);
CREATE INDEX rating_followups_open ON rating_followups(due) WHERE state = 'open';
CREATE TABLE case_callbacks (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL UNIQUE REFERENCES cases(id),
    due      TEXT NOT NULL,
    state    TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
    reached  INTEGER,
    outcome  TEXT,
    done_at  TEXT,
    done_by  TEXT REFERENCES staff(staff_id)
);
CREATE INDEX case_callbacks_open ON case_callbacks(due) WHERE state = 'open';

-- Results sent by free post (免费邮寄): address and tracking number.
CREATE TABLE case_posts (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    address  TEXT NOT NULL,
    tracking TEXT NOT NULL,
    at       TEXT NOT NULL,
    staff    TEXT NOT NULL REFERENCES staff(staff_id)
);
CREATE INDEX case_posts_by_case ON case_posts(case_id);

-- Bad-credit marks on enterprises (一般失信 / 严重失信); `until` NULL = not lifted.
CREATE TABLE credit_marks (
    id          INTEGER PRIMARY KEY,
    credit_code TEXT NOT NULL,
    serious     INTEGER NOT NULL CHECK (serious IN (0, 1)),
    since       TEXT NOT NULL,
    until       TEXT,
    note        TEXT NOT NULL,
    at          TEXT NOT NULL,
    staff       TEXT NOT NULL REFERENCES staff(staff_id)
);
CREATE INDEX credit_marks_by_code ON credit_marks(credit_code);

-- Desk documents sent to a printer (notice, pledge, receipt). Same rule as print_jobs: the row
-- is committed before a byte is sent, the bytes kept, the outcome written after.
CREATE TABLE document_jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    document    TEXT NOT NULL CHECK (document IN ('notice', 'pledge', 'receipt')),
    target      TEXT NOT NULL,
    station     TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'printed', 'failed')),
    error       TEXT,
    created_at  TEXT NOT NULL,
    finished_at TEXT,
    bytes       BLOB
);
CREATE INDEX document_jobs_by_case ON document_jobs(case_id);
CREATE INDEX document_jobs_unfinished ON document_jobs(state) WHERE state <> 'printed';
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
    // ---- verifier station scan log (store/scans.rs) ------------------------------------------
    r#"
-- One row per burst scanned at a verifier station: time, verdict word, signing key id, and a
-- salted hash of the seal handle (Store::handle_key). Never a name or an ID number.
CREATE TABLE verifier_scans (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    day         TEXT NOT NULL,
    verdict     TEXT NOT NULL,
    key_id      TEXT,
    handle_hash TEXT
);
CREATE INDEX verifier_scans_by_day ON verifier_scans(day);
"#,
    // ---- desk counter services (issue 7 leftovers; owner: desk, store/desk_extra.rs) -------
    r#"
-- Staff-assisted prints from the desk's holder page: who printed and at which counter (NULL:
-- a kiosk or `certdesk print`), and what went out on the certificate's job: its slip, or a
-- review-reminder slip (no seal). Audited like every print (print.started / print.printed).
ALTER TABLE print_jobs ADD COLUMN assisted_by TEXT;
ALTER TABLE print_jobs ADD COLUMN assisted_counter INTEGER;
ALTER TABLE print_jobs ADD COLUMN document TEXT NOT NULL DEFAULT 'slip'
    CHECK (document IN ('slip', 'reminder'));
-- Free post (免费邮寄, 淄博 2017 简报 六): the address a case's result goes to, recorded at the
-- counter before there is a tracking number (case_posts gets address + tracking when it is
-- sent). One address per case; a correction replaces it (case event + audit entry).
CREATE TABLE case_post_addresses (
    case_id INTEGER PRIMARY KEY REFERENCES cases(id),
    address TEXT NOT NULL,
    at      TEXT NOT NULL,
    staff   TEXT NOT NULL REFERENCES staff(staff_id)
);
"#,
    // ---- certificate CHECK constraints without IN lists (issue 6 import speed; lead) --------
    r#"
-- `kind IN (1, 2, 3)` and `standing IN (0, 1, 2, 3)` become plain comparisons that accept
-- exactly the same values. SQLite evaluates an IN list of three or more constants through a
-- temporary b-tree that it builds at every execution of a statement: three per certificate
-- upsert, about a fifth of the importer's CPU time at 100,000 rows (docs/performance.md). The
-- constraints are edited in place, by SQLite's documented procedure for changing a constraint
-- that all stored rows already satisfy (https://sqlite.org/lang_altertable.html, "Making
-- Other Kinds Of Table Schema Changes"), not by copying a million-row table; the migration
-- runner bumps the schema cookie afterwards (`PRAGMA schema_version`) so that every open
-- connection re-reads the schema, and checks the edit took.
PRAGMA writable_schema=ON;
UPDATE sqlite_master
   SET sql = replace(replace(sql,
       'CHECK (kind IN (1, 2, 3))',
       'CHECK (kind = 1 OR kind = 2 OR kind = 3)'),
       'CHECK (standing IN (0, 1, 2, 3))',
       'CHECK (standing = 0 OR standing = 1 OR standing = 2 OR standing = 3)')
 WHERE type = 'table' AND name = 'certificates';
PRAGMA writable_schema=OFF;
"#,
    // ---- cancelled appointments (issue 7; owner: desk, store/desk_extra.rs) -----------------
    r#"
-- An appointment cancelled at the desk: staff's reason (ID numbers masked), who and when. The
-- state column already allows 'cancelled'; audited as desk.appointment_cancelled.
ALTER TABLE desk_appointments ADD COLUMN cancel_reason TEXT;
ALTER TABLE desk_appointments ADD COLUMN cancelled_at TEXT;
ALTER TABLE desk_appointments ADD COLUMN cancelled_by TEXT REFERENCES staff(staff_id);
"#,
    // ---- reminder lists (issue 9 bar; owner: remind, store/reminders.rs) -----------------------
    r#"
-- The reminder list reads only the active certificates whose 有效期止 or 应复审日期 falls in a
-- few date ranges: these indexes give it their row ids without scanning the registry or reading
-- a table row (partial: suspended, revoked and cancelled certificates get no reminder).
CREATE INDEX certificates_active_by_valid_until ON certificates(valid_until) WHERE standing = 0;
CREATE INDEX certificates_active_by_review_due ON certificates(review_due, valid_until)
    WHERE standing = 0 AND review_due IS NOT NULL;
"#,
    // ---- working-day calendar in the database (issue 13; owner: cal, store/calendar.rs) ------
    r#"
-- The State Council holiday notices the bureau entered (`certdesk calendar add`), one row per
-- year, shared by every terminal of the home or hall. The built-in years ship in the binary; a
-- stored year replaces one only when entered with --replace. `body` is the year as a calendar
-- file ([[year]] table). `version` grows with every entry (the next is MAX + 1): the calendar's
-- version, which running desks compare to pick up a new year without a restart and which each
-- case records.
CREATE TABLE calendar_years (
    year       INTEGER PRIMARY KEY NOT NULL,
    source     TEXT NOT NULL,
    body       TEXT NOT NULL,
    version    INTEGER NOT NULL UNIQUE,
    entered_at TEXT NOT NULL,
    entered_by TEXT NOT NULL
);
-- A case's due dates: the calendar version they were computed with, whether each is provisional
-- (暂定: counted over a year without an entered notice), and the last time a recomputation moved
-- a date (the committed date before it, and what moved and why), shown on the case and in the
-- due lists.
ALTER TABLE cases ADD COLUMN calendar_version INTEGER;
ALTER TABLE cases ADD COLUMN due_provisional INTEGER NOT NULL DEFAULT 0 CHECK (due_provisional IN (0, 1));
ALTER TABLE cases ADD COLUMN statutory_provisional INTEGER NOT NULL DEFAULT 0
    CHECK (statutory_provisional IN (0, 1));
ALTER TABLE cases ADD COLUMN due_moved_from TEXT;
ALTER TABLE cases ADD COLUMN due_moved_why TEXT;
CREATE INDEX cases_provisional ON cases(id) WHERE due_provisional = 1 OR statutory_provisional = 1;
"#,
    // ---- full-width brackets in official names (issue 13; owner: cert) -----------------------
    r#"
-- Official names carry full-width brackets (特种作业目录 of 30号令; SPEC §2). Rows imported
-- before were stored with ASCII brackets; a roster imported now stores the full-width name, and
-- a certificate is identified by (kind, 证号, 作业类别, 操作项目): without this the same card
-- would be imported a second time under the corrected name.
UPDATE certificates SET category = '冶金（有色）生产安全作业' WHERE category = '冶金(有色)生产安全作业';
UPDATE certificates SET item = '煤矿采煤机（掘进机）操作作业' WHERE item = '煤矿采煤机(掘进机)操作作业';
UPDATE certificates SET item = '裂解（裂化）工艺作业' WHERE item = '裂解(裂化)工艺作业';
"#,
    // ---- provisional follow-up dates (issue 13 §1; owner: calfix, store/calendar.rs) --------
    r#"
-- A bad rating's follow-up (整改) is due in working days: counted over a year whose State
-- Council notice is not entered, its date is provisional (暂定) like a case's, shown as such and
-- recomputed when the year is entered. `working_days` is what was counted from the rating's day
-- (the setting may change later); `calendar_version` the calendar it was counted on. Rows from
-- before this migration were counted on the built-in years: firm, working days unknown.
ALTER TABLE rating_followups ADD COLUMN working_days INTEGER;
ALTER TABLE rating_followups ADD COLUMN due_provisional INTEGER NOT NULL DEFAULT 0
    CHECK (due_provisional IN (0, 1));
ALTER TABLE rating_followups ADD COLUMN calendar_version INTEGER;
CREATE INDEX rating_followups_provisional ON rating_followups(id) WHERE due_provisional = 1 AND state = 'open';
"#,
    // ---- a moved date's facts (issue 13 §1; owner: calfix, store/calendar.rs) --------------
    r#"
-- A recomputation that moved a case's dates kept its reason as Chinese words only
-- (due_moved_why), so the English case screen showed Chinese. These columns keep the facts —
-- the year whose notice was entered, the calendar version, the committed and statutory dates
-- before and after — and each screen words them in its language. Moves recorded before keep
-- their words (the year is NULL then).
ALTER TABLE cases ADD COLUMN due_moved_year INTEGER;
ALTER TABLE cases ADD COLUMN due_moved_version INTEGER;
ALTER TABLE cases ADD COLUMN due_moved_to TEXT;
ALTER TABLE cases ADD COLUMN statutory_moved_from TEXT;
ALTER TABLE cases ADD COLUMN statutory_moved_to TEXT;
"#,
    // ---- a case's time under the 行政许可法 (issue 15; owner: lawtime, store/cases/time.rs) --
    r#"
-- 收件 (第三十二条): when the materials were first checked, by whom, the last day of the
-- one-time notice (5 working days), what was received (material codes as JSON, frozen at the
-- first decision) and, when no notice came in time, the day the case was deemed accepted
-- (逾期不告知的，自收到申请材料之日起即为受理: the receipt date).
CREATE TABLE case_receipts (
    case_id     INTEGER PRIMARY KEY REFERENCES cases(id),
    received_at TEXT NOT NULL,
    staff       TEXT NOT NULL REFERENCES staff(staff_id),
    notice_due  TEXT NOT NULL,
    notice_due_provisional INTEGER NOT NULL DEFAULT 0 CHECK (notice_due_provisional IN (0, 1)),
    materials   TEXT,
    deemed_on   TEXT
);
CREATE INDEX case_receipts_by_notice_due ON case_receipts(notice_due) WHERE deemed_on IS NULL;
-- 不予受理 of a matter that is another authority's names that authority (第三十二条第一款第（二）项).
ALTER TABLE cases ADD COLUMN refused_authority TEXT;
-- The 补正期限 a one-time notice gives.
ALTER TABLE case_notices ADD COLUMN fix_by TEXT;
-- 第三十八条 准予 / 不予许可 (reasons required for 不予许可), once per case; 第四十四条 delivery
-- (送达): its limit after 准予, the day and the manner.
CREATE TABLE case_decisions (
    case_id        INTEGER PRIMARY KEY REFERENCES cases(id),
    outcome        TEXT NOT NULL CHECK (outcome IN ('grant', 'deny')),
    reasons        TEXT NOT NULL DEFAULT '',
    decided_on     TEXT NOT NULL,
    at             TEXT NOT NULL,
    staff          TEXT NOT NULL REFERENCES staff(staff_id),
    delivery_due   TEXT,
    delivered_on   TEXT,
    delivery_manner TEXT,
    delivered_by   TEXT REFERENCES staff(staff_id),
    delivered_at   TEXT
);
-- 第四十二条: one extension of 10 working days per case, approved by a supervisor, with reasons.
CREATE TABLE case_extensions (
    case_id     INTEGER PRIMARY KEY REFERENCES cases(id),
    days        INTEGER NOT NULL,
    reasons     TEXT NOT NULL,
    approved_by TEXT NOT NULL REFERENCES staff(staff_id),
    at          TEXT NOT NULL,
    staff       TEXT NOT NULL REFERENCES staff(staff_id)
);
-- 第四十五条: time not counted (听证, 检验, 检测, 鉴定, 专家评审, 现场核查 where the matter says
-- so): first and last day (NULL while it lasts), the length told to the applicant in writing;
-- one open stop per case.
CREATE TABLE case_stops (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    kind      TEXT NOT NULL CHECK (kind IN ('hearing', 'inspection', 'testing', 'appraisal', 'expert_review', 'site_check')),
    start_on  TEXT NOT NULL,
    end_on    TEXT,
    told_days INTEGER NOT NULL CHECK (told_days > 0),
    at        TEXT NOT NULL,
    staff     TEXT NOT NULL REFERENCES staff(staff_id),
    ended_at  TEXT,
    ended_by  TEXT REFERENCES staff(staff_id)
);
CREATE INDEX case_stops_by_case ON case_stops(case_id, start_on);
CREATE UNIQUE INDEX case_stops_one_open ON case_stops(case_id) WHERE end_on IS NULL;
"#,
    // ---- closed loops: callbacks and bad ratings (issue 15; owner: loops, store/loops.rs) ----
    r#"
-- 回访 and 整改 (淄博 2020 措施 11; 围场 2023 措施 16): every contact attempt of a callback or of a
-- bad rating's follow-up (reached or not, the visitor's satisfaction 1-5 when reached, a note,
-- the next attempt when not reached); the 整改 (what was done) of a bad rating; the reason a
-- visitor gave for a bad rating by touch (a code of domain::loops::BadReason).
CREATE TABLE loop_contacts (
    id           INTEGER PRIMARY KEY,
    callback_id  INTEGER REFERENCES case_callbacks(id),
    followup_id  INTEGER REFERENCES rating_followups(id),
    reached      INTEGER NOT NULL CHECK (reached IN (0, 1)),
    satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
    note         TEXT NOT NULL,
    next_attempt TEXT,
    at           TEXT NOT NULL,
    staff        TEXT NOT NULL REFERENCES staff(staff_id),
    CHECK ((callback_id IS NULL) <> (followup_id IS NULL))
);
CREATE INDEX loop_contacts_callback ON loop_contacts(callback_id);
CREATE INDEX loop_contacts_followup ON loop_contacts(followup_id);
ALTER TABLE rating_followups ADD COLUMN remedy TEXT;
ALTER TABLE rating_followups ADD COLUMN remedy_at TEXT;
ALTER TABLE rating_followups ADD COLUMN remedy_by TEXT;
ALTER TABLE service_ratings ADD COLUMN reason TEXT;
"#,
    // ---- 首问负责制: hand-offs wait for the receiver (issue 15; owner: loops, store/first_contact.rs)
    r#"
-- A hand-off is offered, and the case changes hands only when the receiver takes it (首问负责制:
-- the case is never between owners unseen). The accepted hand-off is also written to
-- case_handoffs, as before. cases_first_owner serves "我首问的" (cases I first received).
CREATE TABLE case_handoff_offers (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    from_staff  TEXT NOT NULL REFERENCES staff(staff_id),
    to_staff    TEXT NOT NULL REFERENCES staff(staff_id),
    by_staff    TEXT NOT NULL REFERENCES staff(staff_id),
    reason      TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted')),
    offered_at  TEXT NOT NULL,
    accepted_at TEXT
);
CREATE UNIQUE INDEX case_handoff_offers_one_pending ON case_handoff_offers(case_id) WHERE state = 'pending';
CREATE INDEX case_handoff_offers_to ON case_handoff_offers(to_staff) WHERE state = 'pending';
CREATE INDEX cases_first_owner ON cases(first_owner);
"#,
    // ---- 首问负责制: enquiries and referrals (issue 15; owner: loops, store/first_contact.rs) ----
    r#"
-- 咨询、引导、转办 logged at the desk (淄博 2020 措施 10): who asked, what, and the answer or the
-- department referred to. Free text is stored with any ID number masked.
CREATE TABLE enquiries (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('consult', 'guide', 'transfer')),
    visitor    TEXT NOT NULL,
    question   TEXT NOT NULL,
    answer     TEXT NOT NULL,
    department TEXT NOT NULL,
    staff      TEXT NOT NULL REFERENCES staff(staff_id),
    at         TEXT NOT NULL
);
CREATE INDEX enquiries_at ON enquiries(at);
"#,
    // ---- stage history, 容缺 override, credit marks on persons (issue 15; owner: roles) ------
    r#"
-- Every stage change of a case (SPEC §2 Roles: confirmed and kept in the case's history): who,
-- when, from, to, the note given on confirming, and a supervisor's override of the 容缺 stop at
-- 办结 (who, why), flagged in reports. Rows are written with the case_events row and the audit
-- entry of the same step, in one transaction.
CREATE TABLE case_stages (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL REFERENCES staff(staff_id),
    from_state      TEXT NOT NULL,
    to_state        TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    override_by     TEXT REFERENCES staff(staff_id),
    override_reason TEXT
);
CREATE INDEX case_stages_by_case ON case_stages(case_id, id);
CREATE INDEX case_stages_overridden ON case_stages(id) WHERE override_by IS NOT NULL;
-- 失信 marks on a person as well as an enterprise. A person is named by the keyed hash of the ID
-- number (Store::id_key, the same key cases use) and its masked form for display: never the raw
-- number. credit_code is '' for a person. `source` says where the mark comes from (信用中国, a
-- decision number, a false 告知承诺). Lifting (信用修复) sets `until` and records who and why.
ALTER TABLE credit_marks ADD COLUMN subject TEXT NOT NULL DEFAULT 'enterprise'
    CHECK (subject IN ('enterprise', 'person'));
ALTER TABLE credit_marks ADD COLUMN person_key TEXT;
ALTER TABLE credit_marks ADD COLUMN person_masked TEXT;
ALTER TABLE credit_marks ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE credit_marks ADD COLUMN lifted_at TEXT;
ALTER TABLE credit_marks ADD COLUMN lifted_by TEXT;
ALTER TABLE credit_marks ADD COLUMN lift_reason TEXT;
CREATE INDEX credit_marks_by_person ON credit_marks(person_key) WHERE person_key IS NOT NULL;
"#,
    // ---- the hall: call display, printed queue tickets, holder search (issue 15; owner: hall,
    // store/hall.rs) ----------------------------------------------------------------------------
    r#"
-- The order tickets were called in, per day (1, 2, ...): the call display shows the latest
-- calls in this order. `called_at` has whole seconds, and two counters may call in the same
-- second (an appointment's B ticket, issued later, is called before an earlier A ticket), so
-- neither it nor the id gives the order. Set inside the call's write transaction.
ALTER TABLE desk_tickets ADD COLUMN call_seq INTEGER;
CREATE INDEX desk_tickets_calls ON desk_tickets(day, call_seq) WHERE call_seq IS NOT NULL;
-- Queue tickets sent to the receipt printer. Same rule as print_jobs and document_jobs: the
-- row is committed before a byte is sent, the bytes kept, the outcome written after; a failed
-- one stays for `certdesk jobs list`.
CREATE TABLE ticket_jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id   INTEGER NOT NULL REFERENCES desk_tickets(id),
    target      TEXT NOT NULL,
    station     TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'printed', 'failed')),
    error       TEXT,
    created_at  TEXT NOT NULL,
    finished_at TEXT,
    bytes       BLOB
);
CREATE INDEX ticket_jobs_unfinished ON ticket_jobs(state) WHERE state <> 'printed';
-- Holder search at the desk by name and by employer (prefix ranges, as the case search).
CREATE INDEX holders_by_name ON holders(name);
CREATE INDEX holders_by_employer ON holders(employer) WHERE employer IS NOT NULL;
"#,
    // ---- counter documents on A4 (issue 16; owner: paper, store/paper.rs) -----------------
    r#"
-- Counter documents on A4 (SPEC §8): a number per kind and year (应急许补〔2026〕12号), every
-- document issued with the exact PDF bytes printed (the case file exports these), and the A4
-- print jobs (recorded before sending, outcome after; a failed one is kept and reprinted).
CREATE TABLE paper_numbers (
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (kind, year)
);
CREATE TABLE paper_documents (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    kind      TEXT NOT NULL,
    number    TEXT NOT NULL UNIQUE,
    title     TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    pages     INTEGER NOT NULL,
    sha256    TEXT NOT NULL,
    pdf       BLOB NOT NULL
);
CREATE INDEX paper_documents_by_case ON paper_documents(case_id, id);
CREATE TABLE paper_jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES paper_documents(id),
    target      TEXT NOT NULL,
    station     TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'printed', 'failed', 'reprinted')),
    error       TEXT,
    created_at  TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX paper_jobs_unfinished ON paper_jobs(state) WHERE state IN ('pending', 'failed');
"#,
    // ---- staff PINs typed at a public kiosk (issue 17 §1; owner: security, store/staff_lobby.rs)
    r#"
-- Wrong staff PINs typed at a kiosk (the lobby's staff key) are counted per terminal only, never
-- against the staff member's account: a visitor must not be able to lock staff out. The
-- terminal slows down and then refuses its staff key for the window (store/staff_lobby.rs).
CREATE TABLE lobby_pin_failures (
    id      INTEGER PRIMARY KEY,
    station TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX lobby_pin_failures_by_station ON lobby_pin_failures(station, at);
"#,
];

/// The PostgreSQL schema (a hall's shared server, store/db.rs): the same tables as
/// [`MIGRATIONS`] 1–7 produce on SQLite, created at once — PostgreSQL homes start at that
/// version. Differences are of dialect only: INTEGER → BIGINT, BLOB → BYTEA, `INTEGER PRIMARY
/// KEY [AUTOINCREMENT]` → an identity column (never reuses a value, like AUTOINCREMENT; BY
/// DEFAULT so `certdesk migrate` can copy ids), triggers as PL/pgSQL. `case_notice_items` gets
/// a `rowid` column because the store orders a notice's items by insertion (SQLite's rowid).
pub const POSTGRES_BASELINE: &str = r#"
CREATE TABLE certdesk_schema (version BIGINT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value BYTEA NOT NULL);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE holders (
    id_number     TEXT PRIMARY KEY CHECK (length(id_number) = 18),
    name          TEXT NOT NULL,
    gender        BIGINT NOT NULL CHECK (gender IN (1, 2)),
    mobile        TEXT,
    employer      TEXT,
    employer_code TEXT
);
CREATE TABLE certificates (
    id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    number          TEXT NOT NULL,
    kind            BIGINT NOT NULL CHECK (kind IN (1, 2, 3)),
    holder_id       TEXT NOT NULL REFERENCES holders(id_number),
    name            TEXT NOT NULL,
    gender          BIGINT NOT NULL CHECK (gender IN (1, 2)),
    category        TEXT NOT NULL DEFAULT '',
    item            TEXT NOT NULL DEFAULT '',
    industry        TEXT,
    first_issued    TEXT NOT NULL,
    valid_from      TEXT NOT NULL,
    valid_until     TEXT NOT NULL,
    review_due      TEXT,
    reviewed_on     TEXT,
    issuer          TEXT NOT NULL,
    standing        BIGINT NOT NULL DEFAULT 0 CHECK (standing IN (0, 1, 2, 3)),
    extended_review BIGINT NOT NULL DEFAULT 0 CHECK (extended_review IN (0, 1)),
    seal_handle     BYTEA NOT NULL CHECK (length(seal_handle) = 8),
    CONSTRAINT certificates_seal_handle_key UNIQUE (seal_handle),
    UNIQUE (kind, number, category, item)
);
CREATE INDEX certificates_by_holder ON certificates(holder_id);
CREATE TABLE print_jobs (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    cert_id     BIGINT NOT NULL REFERENCES certificates(id),
    target      TEXT NOT NULL,
    station     TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'printed', 'failed')),
    error       TEXT,
    day         TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    finished_at TEXT,
    bytes       BYTEA,
    resolution  TEXT CHECK (resolution IN ('reprinted', 'void')),
    resolved_by TEXT,
    resolved_at TEXT
);
CREATE INDEX print_jobs_by_cert_day ON print_jobs(cert_id, day);
CREATE INDEX print_jobs_unfinished ON print_jobs(state) WHERE state <> 'printed';
CREATE TABLE audit (
    seq       BIGINT PRIMARY KEY,
    time      TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash BYTEA NOT NULL,
    hash      BYTEA NOT NULL,
    sig       BYTEA
);
CREATE FUNCTION certdesk_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION certdesk_append_only();
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW EXECUTE FUNCTION certdesk_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION certdesk_append_only();
CREATE TABLE staff (
    staff_id TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    role     TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
    pin_hash TEXT NOT NULL,
    active   BIGINT NOT NULL DEFAULT 1
);
CREATE TABLE factor_failures (
    id      BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    id_key  TEXT NOT NULL,
    station TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX factor_failures_by_key ON factor_failures(id_key, at);
CREATE INDEX factor_failures_by_station ON factor_failures(station, at);
CREATE TABLE pin_failures (
    id       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    staff_id TEXT NOT NULL,
    station  TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX pin_failures_by_staff ON pin_failures(staff_id, at);
CREATE INDEX pin_failures_by_station ON pin_failures(station, at);
CREATE TABLE desk_appointments (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    day        TEXT NOT NULL,
    slot       TEXT NOT NULL,
    extended   BIGINT NOT NULL DEFAULT 0 CHECK (extended IN (0, 1)),
    name       TEXT NOT NULL,
    phone      TEXT,
    matter     TEXT NOT NULL,
    enterprise TEXT,
    state      TEXT NOT NULL DEFAULT 'booked' CHECK (state IN ('booked', 'arrived', 'cancelled')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES staff(staff_id)
);
CREATE INDEX desk_appointments_by_day ON desk_appointments(day, slot);
CREATE TABLE desk_tickets (
    id             BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    day            TEXT NOT NULL,
    prefix         TEXT NOT NULL CHECK (length(prefix) = 1),
    number         BIGINT NOT NULL CHECK (number > 0),
    matter         TEXT,
    appointment_id BIGINT UNIQUE REFERENCES desk_appointments(id),
    state          TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'called', 'served', 'left')),
    counter        BIGINT,
    called_by      TEXT REFERENCES staff(staff_id),
    issued_at      TEXT NOT NULL,
    called_at      TEXT,
    UNIQUE (day, prefix, number)
);
CREATE INDEX desk_tickets_waiting ON desk_tickets(day, state);
CREATE TABLE cases (
    id               BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,
    day              TEXT NOT NULL,
    seq              BIGINT NOT NULL,
    matter           TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('registered', 'noticed', 'refused', 'accepted',
                         'undertaken', 'reviewed', 'approved', 'completed', 'archived')),
    accept_kind      TEXT CHECK (accept_kind IN ('full', 'pledge', 'deficient')),
    first_owner      TEXT NOT NULL REFERENCES staff(staff_id),
    owner            TEXT NOT NULL REFERENCES staff(staff_id),
    visitor_name     TEXT NOT NULL DEFAULT '',
    visitor_key      TEXT,
    visitor_masked   TEXT,
    visitor_phone    TEXT,
    enterprise       TEXT,
    credit_code      TEXT,
    ticket_id        BIGINT REFERENCES desk_tickets(id),
    opened_at        TEXT NOT NULL,
    accepted_on      TEXT,
    due_on           TEXT,
    statutory_due_on TEXT,
    pledge_due       TEXT,
    closed_on        TEXT,
    refused_reason   TEXT,
    UNIQUE (day, seq)
);
CREATE INDEX cases_by_visitor_key ON cases(visitor_key) WHERE visitor_key IS NOT NULL;
-- In code-point order ("C"), as SQLite's BINARY: the desk's prefix search (store/cases.rs)
-- compares and orders these columns COLLATE "C" and needs indexes in that collation.
CREATE INDEX cases_by_visitor_name ON cases(visitor_name COLLATE "C");
CREATE INDEX cases_by_enterprise ON cases(enterprise COLLATE "C") WHERE enterprise IS NOT NULL;
CREATE INDEX cases_by_credit_code ON cases(credit_code) WHERE credit_code IS NOT NULL;
CREATE INDEX cases_by_owner ON cases(owner, state);
CREATE INDEX cases_by_due ON cases(due_on) WHERE state IN ('accepted', 'undertaken', 'reviewed', 'approved');
CREATE INDEX cases_by_pledge_due ON cases(pledge_due) WHERE pledge_due IS NOT NULL;
CREATE TABLE case_events (
    id      BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL
);
CREATE INDEX case_events_by_case ON case_events(case_id, id);
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events FOR EACH ROW EXECUTE FUNCTION certdesk_append_only();
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events FOR EACH ROW EXECUTE FUNCTION certdesk_append_only();
CREATE TABLE case_checklist (
    case_id     BIGINT NOT NULL REFERENCES cases(id),
    material    TEXT NOT NULL,
    position    BIGINT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('unchecked', 'provided', 'missing', 'defective', 'pledged')),
    note        TEXT,
    resubmitted BIGINT NOT NULL DEFAULT 0 CHECK (resubmitted IN (0, 1)),
    updated_at  TEXT,
    updated_by  TEXT REFERENCES staff(staff_id),
    PRIMARY KEY (case_id, material)
);
CREATE TABLE case_notices (
    id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_id         BIGINT NOT NULL REFERENCES cases(id),
    seq             BIGINT NOT NULL,
    at              TEXT NOT NULL,
    staff           TEXT NOT NULL REFERENCES staff(staff_id),
    override_by     TEXT REFERENCES staff(staff_id),
    override_reason TEXT,
    UNIQUE (case_id, seq)
);
CREATE TABLE case_notice_items (
    rowid     BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE,
    notice_id BIGINT NOT NULL REFERENCES case_notices(id),
    material  TEXT NOT NULL,
    defect    TEXT,
    PRIMARY KEY (notice_id, material)
);
CREATE TABLE case_pledges (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_id      BIGINT NOT NULL REFERENCES cases(id),
    kind         TEXT NOT NULL CHECK (kind IN ('deficiency', 'proof')),
    materials    TEXT NOT NULL,
    due          TEXT,
    at           TEXT NOT NULL,
    staff        TEXT NOT NULL REFERENCES staff(staff_id),
    fulfilled_at TEXT
);
CREATE INDEX case_pledges_by_case ON case_pledges(case_id);
CREATE TABLE case_handoffs (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_id    BIGINT NOT NULL REFERENCES cases(id),
    from_staff TEXT NOT NULL REFERENCES staff(staff_id),
    to_staff   TEXT NOT NULL REFERENCES staff(staff_id),
    by_staff   TEXT NOT NULL REFERENCES staff(staff_id),
    reason     TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX case_handoffs_by_case ON case_handoffs(case_id);
CREATE TABLE service_ratings (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    service      TEXT NOT NULL UNIQUE,
    counter      BIGINT NOT NULL,
    case_id      BIGINT REFERENCES cases(id),
    staff        TEXT NOT NULL REFERENCES staff(staff_id),
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'rated', 'expired')),
    rating       BIGINT CHECK (rating BETWEEN 1 AND 5),
    requested_at TEXT NOT NULL,
    rated_at     TEXT
);
CREATE UNIQUE INDEX service_ratings_one_pending ON service_ratings(counter) WHERE state = 'pending';
CREATE TABLE rating_followups (
    id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    rating_id BIGINT NOT NULL UNIQUE REFERENCES service_ratings(id),
    due       TEXT NOT NULL,
    state     TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
    outcome   TEXT,
    done_at   TEXT,
    done_by   TEXT REFERENCES staff(staff_id)
);
CREATE INDEX rating_followups_open ON rating_followups(due) WHERE state = 'open';
CREATE TABLE case_callbacks (
    id       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_id  BIGINT NOT NULL UNIQUE REFERENCES cases(id),
    due      TEXT NOT NULL,
    state    TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
    reached  BIGINT,
    outcome  TEXT,
    done_at  TEXT,
    done_by  TEXT REFERENCES staff(staff_id)
);
CREATE INDEX case_callbacks_open ON case_callbacks(due) WHERE state = 'open';
CREATE TABLE case_posts (
    id       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_id  BIGINT NOT NULL REFERENCES cases(id),
    address  TEXT NOT NULL,
    tracking TEXT NOT NULL,
    at       TEXT NOT NULL,
    staff    TEXT NOT NULL REFERENCES staff(staff_id)
);
CREATE INDEX case_posts_by_case ON case_posts(case_id);
CREATE TABLE credit_marks (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    credit_code TEXT NOT NULL,
    serious     BIGINT NOT NULL CHECK (serious IN (0, 1)),
    since       TEXT NOT NULL,
    until       TEXT,
    note        TEXT NOT NULL,
    at          TEXT NOT NULL,
    staff       TEXT NOT NULL REFERENCES staff(staff_id)
);
CREATE INDEX credit_marks_by_code ON credit_marks(credit_code);
CREATE TABLE document_jobs (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES cases(id),
    document    TEXT NOT NULL CHECK (document IN ('notice', 'pledge', 'receipt')),
    target      TEXT NOT NULL,
    station     TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'printed', 'failed')),
    error       TEXT,
    created_at  TEXT NOT NULL,
    finished_at TEXT,
    bytes       BYTEA
);
CREATE INDEX document_jobs_by_case ON document_jobs(case_id);
CREATE INDEX document_jobs_unfinished ON document_jobs(state) WHERE state <> 'printed';
CREATE TABLE verifier_scans (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at          TEXT NOT NULL,
    day         TEXT NOT NULL,
    verdict     TEXT NOT NULL,
    key_id      TEXT,
    handle_hash TEXT
);
CREATE INDEX verifier_scans_by_day ON verifier_scans(day);
"#;

/// The SQLite schema version [`POSTGRES_BASELINE`] corresponds to.
pub const POSTGRES_BASELINE_VERSION: usize = 7;

/// Migrations after the baseline, in PostgreSQL's dialect: entry *k* matches SQLite migration
/// `POSTGRES_BASELINE_VERSION + 1 + k`. **Whoever appends to [`MIGRATIONS`] appends the
/// PostgreSQL counterpart here** (a test checks the two lists stay in step).
pub const POSTGRES_MIGRATIONS: &[&str] = &[
    // 8: desk counter services
    r#"
ALTER TABLE print_jobs ADD COLUMN assisted_by TEXT;
ALTER TABLE print_jobs ADD COLUMN assisted_counter BIGINT;
ALTER TABLE print_jobs ADD COLUMN document TEXT NOT NULL DEFAULT 'slip'
    CHECK (document IN ('slip', 'reminder'));
CREATE TABLE case_post_addresses (
    case_id BIGINT PRIMARY KEY REFERENCES cases(id),
    address TEXT NOT NULL,
    at      TEXT NOT NULL,
    staff   TEXT NOT NULL REFERENCES staff(staff_id)
);
"#,
    // 9: certificate CHECK constraints without IN lists. Nothing to do: PostgreSQL evaluates a
    // constant IN list without building anything per statement.
    "SELECT 1;",
    // 10: cancelled appointments
    r#"
ALTER TABLE desk_appointments ADD COLUMN cancel_reason TEXT;
ALTER TABLE desk_appointments ADD COLUMN cancelled_at TEXT;
ALTER TABLE desk_appointments ADD COLUMN cancelled_by TEXT REFERENCES staff(staff_id);
"#,
    // 11: reminder lists: date indexes
    r#"
CREATE INDEX certificates_active_by_valid_until ON certificates(valid_until) WHERE standing = 0;
CREATE INDEX certificates_active_by_review_due ON certificates(review_due, valid_until)
    WHERE standing = 0 AND review_due IS NOT NULL;
"#,
    // 12: working-day calendar in the database
    r#"
CREATE TABLE calendar_years (
    year       BIGINT PRIMARY KEY NOT NULL,
    source     TEXT NOT NULL,
    body       TEXT NOT NULL,
    version    BIGINT NOT NULL UNIQUE,
    entered_at TEXT NOT NULL,
    entered_by TEXT NOT NULL
);
ALTER TABLE cases ADD COLUMN calendar_version BIGINT;
ALTER TABLE cases ADD COLUMN due_provisional BIGINT NOT NULL DEFAULT 0 CHECK (due_provisional IN (0, 1));
ALTER TABLE cases ADD COLUMN statutory_provisional BIGINT NOT NULL DEFAULT 0
    CHECK (statutory_provisional IN (0, 1));
ALTER TABLE cases ADD COLUMN due_moved_from TEXT;
ALTER TABLE cases ADD COLUMN due_moved_why TEXT;
CREATE INDEX cases_provisional ON cases(id) WHERE due_provisional = 1 OR statutory_provisional = 1;
"#,
    // 13: full-width brackets in official names
    r#"
-- Official names carry full-width brackets (特种作业目录 of 30号令; SPEC §2). Rows imported
-- before were stored with ASCII brackets; a roster imported now stores the full-width name, and
-- a certificate is identified by (kind, 证号, 作业类别, 操作项目): without this the same card
-- would be imported a second time under the corrected name.
UPDATE certificates SET category = '冶金（有色）生产安全作业' WHERE category = '冶金(有色)生产安全作业';
UPDATE certificates SET item = '煤矿采煤机（掘进机）操作作业' WHERE item = '煤矿采煤机(掘进机)操作作业';
UPDATE certificates SET item = '裂解（裂化）工艺作业' WHERE item = '裂解(裂化)工艺作业';
"#,
    // 14: provisional follow-up dates
    r#"
ALTER TABLE rating_followups ADD COLUMN working_days BIGINT;
ALTER TABLE rating_followups ADD COLUMN due_provisional BIGINT NOT NULL DEFAULT 0
    CHECK (due_provisional IN (0, 1));
ALTER TABLE rating_followups ADD COLUMN calendar_version BIGINT;
CREATE INDEX rating_followups_provisional ON rating_followups(id) WHERE due_provisional = 1 AND state = 'open';
"#,
    // 15: a moved date's facts
    r#"
ALTER TABLE cases ADD COLUMN due_moved_year BIGINT;
ALTER TABLE cases ADD COLUMN due_moved_version BIGINT;
ALTER TABLE cases ADD COLUMN due_moved_to TEXT;
ALTER TABLE cases ADD COLUMN statutory_moved_from TEXT;
ALTER TABLE cases ADD COLUMN statutory_moved_to TEXT;
"#,
    // 16: a case's time under the 行政许可法
    r#"
CREATE TABLE case_receipts (
    case_id     BIGINT PRIMARY KEY REFERENCES cases(id),
    received_at TEXT NOT NULL,
    staff       TEXT NOT NULL REFERENCES staff(staff_id),
    notice_due  TEXT NOT NULL,
    notice_due_provisional BIGINT NOT NULL DEFAULT 0 CHECK (notice_due_provisional IN (0, 1)),
    materials   TEXT,
    deemed_on   TEXT
);
CREATE INDEX case_receipts_by_notice_due ON case_receipts(notice_due) WHERE deemed_on IS NULL;
ALTER TABLE cases ADD COLUMN refused_authority TEXT;
ALTER TABLE case_notices ADD COLUMN fix_by TEXT;
CREATE TABLE case_decisions (
    case_id        BIGINT PRIMARY KEY REFERENCES cases(id),
    outcome        TEXT NOT NULL CHECK (outcome IN ('grant', 'deny')),
    reasons        TEXT NOT NULL DEFAULT '',
    decided_on     TEXT NOT NULL,
    at             TEXT NOT NULL,
    staff          TEXT NOT NULL REFERENCES staff(staff_id),
    delivery_due   TEXT,
    delivered_on   TEXT,
    delivery_manner TEXT,
    delivered_by   TEXT REFERENCES staff(staff_id),
    delivered_at   TEXT
);
CREATE TABLE case_extensions (
    case_id     BIGINT PRIMARY KEY REFERENCES cases(id),
    days        BIGINT NOT NULL,
    reasons     TEXT NOT NULL,
    approved_by TEXT NOT NULL REFERENCES staff(staff_id),
    at          TEXT NOT NULL,
    staff       TEXT NOT NULL REFERENCES staff(staff_id)
);
CREATE TABLE case_stops (
    id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_id   BIGINT NOT NULL REFERENCES cases(id),
    kind      TEXT NOT NULL CHECK (kind IN ('hearing', 'inspection', 'testing', 'appraisal', 'expert_review', 'site_check')),
    start_on  TEXT NOT NULL,
    end_on    TEXT,
    told_days BIGINT NOT NULL CHECK (told_days > 0),
    at        TEXT NOT NULL,
    staff     TEXT NOT NULL REFERENCES staff(staff_id),
    ended_at  TEXT,
    ended_by  TEXT REFERENCES staff(staff_id)
);
CREATE INDEX case_stops_by_case ON case_stops(case_id, start_on);
CREATE UNIQUE INDEX case_stops_one_open ON case_stops(case_id) WHERE end_on IS NULL;
"#,
    // 17: closed loops (callback and follow-up contacts, 整改, bad-rating reasons)
    r#"
CREATE TABLE loop_contacts (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    callback_id  BIGINT REFERENCES case_callbacks(id),
    followup_id  BIGINT REFERENCES rating_followups(id),
    reached      BIGINT NOT NULL CHECK (reached IN (0, 1)),
    satisfaction BIGINT CHECK (satisfaction BETWEEN 1 AND 5),
    note         TEXT NOT NULL,
    next_attempt TEXT,
    at           TEXT NOT NULL,
    staff        TEXT NOT NULL REFERENCES staff(staff_id),
    CHECK ((callback_id IS NULL) <> (followup_id IS NULL))
);
CREATE INDEX loop_contacts_callback ON loop_contacts(callback_id);
CREATE INDEX loop_contacts_followup ON loop_contacts(followup_id);
ALTER TABLE rating_followups ADD COLUMN remedy TEXT;
ALTER TABLE rating_followups ADD COLUMN remedy_at TEXT;
ALTER TABLE rating_followups ADD COLUMN remedy_by TEXT;
ALTER TABLE service_ratings ADD COLUMN reason TEXT;
"#,
    // 18: hand-offs wait for the receiver; cases by first owner
    r#"
CREATE TABLE case_handoff_offers (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES cases(id),
    from_staff  TEXT NOT NULL REFERENCES staff(staff_id),
    to_staff    TEXT NOT NULL REFERENCES staff(staff_id),
    by_staff    TEXT NOT NULL REFERENCES staff(staff_id),
    reason      TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted')),
    offered_at  TEXT NOT NULL,
    accepted_at TEXT
);
CREATE UNIQUE INDEX case_handoff_offers_one_pending ON case_handoff_offers(case_id) WHERE state = 'pending';
CREATE INDEX case_handoff_offers_to ON case_handoff_offers(to_staff) WHERE state = 'pending';
CREATE INDEX cases_first_owner ON cases(first_owner);
"#,
    // 19: enquiries and referrals
    r#"
CREATE TABLE enquiries (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('consult', 'guide', 'transfer')),
    visitor    TEXT NOT NULL,
    question   TEXT NOT NULL,
    answer     TEXT NOT NULL,
    department TEXT NOT NULL,
    staff      TEXT NOT NULL REFERENCES staff(staff_id),
    at         TEXT NOT NULL
);
CREATE INDEX enquiries_at ON enquiries(at);
"#,
    // 20: stage history, 容缺 override, credit marks on persons
    r#"
CREATE TABLE case_stages (
    id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_id         BIGINT NOT NULL REFERENCES cases(id),
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL REFERENCES staff(staff_id),
    from_state      TEXT NOT NULL,
    to_state        TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    override_by     TEXT REFERENCES staff(staff_id),
    override_reason TEXT
);
CREATE INDEX case_stages_by_case ON case_stages(case_id, id);
CREATE INDEX case_stages_overridden ON case_stages(id) WHERE override_by IS NOT NULL;
ALTER TABLE credit_marks ADD COLUMN subject TEXT NOT NULL DEFAULT 'enterprise'
    CHECK (subject IN ('enterprise', 'person'));
ALTER TABLE credit_marks ADD COLUMN person_key TEXT;
ALTER TABLE credit_marks ADD COLUMN person_masked TEXT;
ALTER TABLE credit_marks ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE credit_marks ADD COLUMN lifted_at TEXT;
ALTER TABLE credit_marks ADD COLUMN lifted_by TEXT;
ALTER TABLE credit_marks ADD COLUMN lift_reason TEXT;
CREATE INDEX credit_marks_by_person ON credit_marks(person_key) WHERE person_key IS NOT NULL;
"#,
    // 21: the hall: call display, printed queue tickets, holder search
    r#"
ALTER TABLE desk_tickets ADD COLUMN call_seq BIGINT;
CREATE INDEX desk_tickets_calls ON desk_tickets(day, call_seq) WHERE call_seq IS NOT NULL;
CREATE TABLE ticket_jobs (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    ticket_id   BIGINT NOT NULL REFERENCES desk_tickets(id),
    target      TEXT NOT NULL,
    station     TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'printed', 'failed')),
    error       TEXT,
    created_at  TEXT NOT NULL,
    finished_at TEXT,
    bytes       BYTEA
);
CREATE INDEX ticket_jobs_unfinished ON ticket_jobs(state) WHERE state <> 'printed';
-- Code-point order, as the case search's prefix ranges compare (store/cases.rs search_cases).
CREATE INDEX holders_by_name ON holders(name COLLATE "C");
CREATE INDEX holders_by_employer ON holders(employer COLLATE "C") WHERE employer IS NOT NULL;
"#,
    // 22: counter documents on A4
    r#"
CREATE TABLE paper_numbers (
    kind TEXT NOT NULL,
    year BIGINT NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (kind, year)
);
CREATE TABLE paper_documents (
    id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_id   BIGINT NOT NULL REFERENCES cases(id),
    kind      TEXT NOT NULL,
    number    TEXT NOT NULL UNIQUE,
    title     TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    pages     BIGINT NOT NULL,
    sha256    TEXT NOT NULL,
    pdf       BYTEA NOT NULL
);
CREATE INDEX paper_documents_by_case ON paper_documents(case_id, id);
CREATE TABLE paper_jobs (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES paper_documents(id),
    target      TEXT NOT NULL,
    station     TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('pending', 'printed', 'failed', 'reprinted')),
    error       TEXT,
    created_at  TEXT NOT NULL,
    finished_at TEXT
);
CREATE INDEX paper_jobs_unfinished ON paper_jobs(state) WHERE state IN ('pending', 'failed');
"#,
    // 23: staff PINs typed at a public kiosk, per terminal
    r#"
CREATE TABLE lobby_pin_failures (
    id      BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    station TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX lobby_pin_failures_by_station ON lobby_pin_failures(station, at);
"#,
];
