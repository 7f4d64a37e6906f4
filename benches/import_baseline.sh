#!/bin/sh
# The baseline for roster import speed (issue 6, docs/performance.md): the sqlite3 shell loads
# the same CSV into the same schema — a database freshly made by certdesk, so the same tables,
# indexes and constraints — through a staging table and INSERT ... SELECT, in one transaction,
# with the same journal, sync and cache settings as `certdesk import`. It validates nothing
# (certdesk checks every ID number, date and catalogue name); it maps the text cells to the
# stored codes and lets a later row win, as certdesk does.
#
# usage: benches/import_baseline.sh DATABASE ROSTER.csv
# needs the sqlite3 shell (Debian: apt-get install sqlite3).
set -eu
if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "import_baseline.sh: the sqlite3 shell is missing (apt-get install sqlite3)" >&2
    exit 2
fi
db=$1
csv=$2
sqlite3 -bail "$db" <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
PRAGMA temp_store=MEMORY;
PRAGMA cache_size=-49152;
PRAGMA foreign_keys=OFF;
BEGIN IMMEDIATE;
CREATE TEMP TABLE staging (
    kind, number, name, gender, id_number, category, item, industry, first_issued, valid_from,
    valid_until, review_due, reviewed_on, issuer, standing, mobile, employer, employer_code
);
.import --csv --skip 1 '$csv' staging
INSERT INTO holders (id_number, name, gender, mobile, employer, employer_code)
SELECT id_number, name,
       CASE gender WHEN '男' THEN 1 WHEN '女' THEN 2 ELSE 2 - (substr(id_number, 17, 1) % 2) END,
       nullif(mobile, ''), nullif(employer, ''), nullif(employer_code, '')
  FROM staging WHERE true
ON CONFLICT (id_number) DO UPDATE SET name = excluded.name, gender = excluded.gender,
   mobile = excluded.mobile, employer = excluded.employer, employer_code = excluded.employer_code;
INSERT INTO certificates (number, kind, holder_id, name, gender, category, item, industry,
   first_issued, valid_from, valid_until, review_due, reviewed_on, issuer, standing,
   extended_review, seal_handle)
SELECT number,
       CASE kind WHEN '特种作业操作证' THEN 1 WHEN '主要负责人' THEN 2 ELSE 3 END AS k,
       id_number, name,
       CASE gender WHEN '男' THEN 1 WHEN '女' THEN 2 ELSE 2 - (substr(id_number, 17, 1) % 2) END,
       CASE kind WHEN '特种作业操作证' THEN category ELSE '' END,
       CASE kind WHEN '特种作业操作证' THEN item ELSE '' END,
       nullif(industry, ''),
       CASE first_issued WHEN '' THEN valid_from ELSE first_issued END, valid_from, valid_until,
       nullif(review_due, ''), nullif(reviewed_on, ''), issuer,
       CASE standing WHEN '暂停' THEN 1 WHEN '撤销' THEN 2 WHEN '注销' THEN 3 ELSE 0 END,
       0, randomblob(8)
  FROM staging WHERE true
ON CONFLICT (kind, number, category, item) DO UPDATE SET holder_id = excluded.holder_id,
   name = excluded.name, gender = excluded.gender, industry = excluded.industry,
   first_issued = excluded.first_issued, valid_from = excluded.valid_from,
   valid_until = excluded.valid_until, review_due = excluded.review_due,
   reviewed_on = excluded.reviewed_on, issuer = excluded.issuer, standing = excluded.standing;
PRAGMA foreign_key_check(certificates);
COMMIT;
SQL
