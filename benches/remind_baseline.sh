#!/bin/sh
# The baseline for reminder-list speed (issue 13 §4, docs/performance.md): the sqlite3 shell
# selects the same candidate rows `certdesk remind` starts from — active certificates whose
# 有效期止 falls in the window, or whose 应复审日期 falls in the window (or 3 or 6 years before
# it, for a review already recorded) while the card is valid beyond it: the ranges
# `Store::reminder_certificates` seeks on the same partial indexes — joins each to its
# holder's phone and employer, orders them by employer, credit code, due date and name as the
# lists are, and writes them as CSV with a header. It applies no rule (certdesk decides each
# certificate with the domain rule, masks the number and writes the SMS text too). Same page
# cache as certdesk's connections (8 MiB).
#
# usage: benches/remind_baseline.sh DATABASE FROM TO OUT.csv     (dates as YYYY-MM-DD)
# needs the sqlite3 shell (Debian: apt-get install sqlite3).
set -eu
if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "remind_baseline.sh: the sqlite3 shell is missing (apt-get install sqlite3)" >&2
    exit 2
fi
db=$1
from=$2
to=$3
out=$4
sqlite3 -bail -readonly "$db" <<SQL
PRAGMA cache_size=-8192;
.headers on
.mode csv
.output '$out'
SELECT h.employer, h.employer_code, c.name, h.mobile, c.kind, c.number, c.category, c.item, c.industry,
       CASE WHEN c.valid_until <= '$to' THEN c.valid_until ELSE c.review_due END AS due,
       c.valid_until, c.review_due, c.reviewed_on
  FROM certificates c JOIN holders h ON h.id_number = c.holder_id
 WHERE c.standing = 0
   AND (c.valid_until BETWEEN '$from' AND '$to'
        OR (c.valid_until > '$to'
            AND (c.review_due BETWEEN '$from' AND '$to'
                 OR c.review_due BETWEEN date('$from', '-3 years', '-1 day') AND date('$to', '-3 years', '+1 day')
                 OR c.review_due BETWEEN date('$from', '-6 years', '-1 day') AND date('$to', '-6 years', '+1 day'))))
 ORDER BY h.employer, h.employer_code, due, c.name, c.id;
.output stdout
SQL
