//! Counter documents on A4 (SPEC §8, issue 16): their numbers, the documents issued (with the
//! exact PDF bytes printed) and their print jobs.
//!
//! A number is taken, the document built with it and stored, and the case's step audited in ONE
//! transaction ([`Documents::issue`]): a document that cannot be built takes no
//! number, so the sequence of a kind and year has no gaps a bureau would have to explain. Jobs
//! follow the slips' rule: recorded before a byte is sent, the outcome after; a failed job stays
//! listed until it is reprinted.

use super::cases::DocumentJob;
use super::db::{p, Row};
use super::desk_extra::DocumentJobRow;
use super::{date_text, hex, parse_time_text, time_text, Result, Store, StoreError};
use crate::store::cases::CaseId;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde_json::json;
use sha2::{Digest, Sha256};

/// What the builder hands back for the number it was given.
#[derive(Debug, Clone)]
pub struct PaperPdf {
    /// The document's title, as printed and listed.
    pub title: String,
    /// How many A4 pages the PDF has.
    pub pages: u32,
    /// The PDF bytes, stored as built and printed unchanged.
    pub pdf: Vec<u8>,
}

/// A document issued for a case (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PaperDocument {
    /// The document's row id.
    pub id: u64,
    /// The kind of document (its template's key); numbers run per kind and year.
    pub kind: String,
    /// The printed number, e.g. `…〔2026〕12号`.
    pub number: String,
    /// The document's title.
    pub title: String,
    /// The issue date (its year picks the number sequence).
    pub issued_on: NaiveDate,
    /// When it was issued (the moment its number was taken).
    pub issued_at: NaiveDateTime,
    /// Staff ID of the clerk who issued it.
    pub issued_by: String,
    /// How many A4 pages it has.
    pub pages: u32,
    /// SHA-256 of the stored PDF, lowercase hex.
    pub sha256: String,
    /// Size of the stored PDF in bytes.
    pub bytes: u64,
}

/// An A4 print job, with its document and case.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PaperJob {
    /// The job's row id.
    pub id: u64,
    /// The document it prints.
    pub document_id: u64,
    /// The document's number.
    pub number: String,
    /// The document's title.
    pub title: String,
    /// Number of the case the document belongs to.
    pub case_number: String,
    /// The printer it was sent to, as configured.
    pub target: String,
    /// The station that printed it.
    pub station: String,
    /// `pending`, `printed`, `failed` or `reprinted`.
    pub state: String,
    /// Why it failed, when it did.
    pub error: Option<String>,
    /// When the job was recorded (before a byte was sent).
    pub created_at: NaiveDateTime,
}

fn time_at(r: &Row, i: usize) -> Result<NaiveDateTime> {
    let t: String = r.get(i)?;
    parse_time_text(&t).ok_or_else(|| StoreError::Invalid(format!("bad time {t:?} in column {i}")))
}

const DOC_COLS: &str = "id, kind, number, title, issued_on, issued_at, issued_by, pages, sha256, length(pdf)";

fn doc_from_row(r: &Row) -> Result<PaperDocument> {
    let on: String = r.get(4)?;
    Ok(PaperDocument {
        id: r.get::<i64>(0)? as u64,
        kind: r.get(1)?,
        number: r.get(2)?,
        title: r.get(3)?,
        issued_on: super::parse_date_text(&on).ok_or_else(|| StoreError::Invalid(format!("bad date {on:?}")))?,
        issued_at: time_at(r, 5)?,
        issued_by: r.get(6)?,
        pages: r.get::<i64>(7)? as u32,
        sha256: r.get(8)?,
        bytes: r.get::<i64>(9)? as u64,
    })
}

const JOB_COLS: &str = "j.id, j.document_id, d.number, d.title, c.number, j.target, j.station, j.state, j.error, \
                        j.created_at FROM paper_jobs j JOIN paper_documents d ON d.id = j.document_id \
                        JOIN cases c ON c.id = d.case_id";

fn job_from_row(r: &Row) -> Result<PaperJob> {
    Ok(PaperJob {
        id: r.get::<i64>(0)? as u64,
        document_id: r.get::<i64>(1)? as u64,
        number: r.get(2)?,
        title: r.get(3)?,
        case_number: r.get(4)?,
        target: r.get(5)?,
        station: r.get(6)?,
        state: r.get(7)?,
        error: r.get(8)?,
        created_at: time_at(r, 9)?,
    })
}

#[cfg(test)]
#[path = "cases/paper_tests.rs"]
mod tests;

/// The documents aggregate: the counter's A4 documents (their numbers, the exact PDF bytes
/// issued, their A4 print jobs) and the case documents printed on the counter's receipt
/// printer (their print jobs), through [`Store::documents`]. Borrows the store.
#[derive(Clone, Copy)]
pub struct Documents<'s> {
    pub(super) store: &'s Store,
}

impl Store {
    /// The documents aggregate (A4 documents and their jobs, receipt-printer document jobs).
    pub fn documents(&self) -> Documents<'_> {
        Documents { store: self }
    }
}

impl Documents<'_> {
    /// Takes the next number of `kind` in the year of `issued_on`, builds the document with it
    /// (`build` gets the sequence number), stores it and audits the case's step, all in one
    /// transaction. `number` turns the sequence into the printed number (〔2026〕12号 and its
    /// prefix). Returns the stored document.
    #[allow(clippy::too_many_arguments)]
    pub fn issue(
        &self,
        case: CaseId,
        kind: &str,
        issued_on: NaiveDate,
        staff: &str,
        now: NaiveDateTime,
        number: impl FnOnce(u64) -> String,
        build: impl FnOnce(&str) -> std::result::Result<PaperPdf, String>,
    ) -> Result<PaperDocument> {
        if kind.trim().is_empty() || kind.len() > 40 {
            return Err(StoreError::Invalid(format!("bad document kind {kind:?}")));
        }
        let year = i64::from(issued_on.year());
        self.store.db.write(|| {
            let last: Option<i64> = self.store.db.query_opt(
                "SELECT last FROM paper_numbers WHERE kind = ?1 AND year = ?2",
                p![kind, year],
                |r| r.get(0),
            )?;
            let seq = last.unwrap_or(0) + 1;
            if last.is_some() {
                self.store
                    .db
                    .execute("UPDATE paper_numbers SET last = ?3 WHERE kind = ?1 AND year = ?2", p![kind, year, seq])?;
            } else {
                self.store
                    .db
                    .execute("INSERT INTO paper_numbers (kind, year, last) VALUES (?1, ?2, ?3)", p![kind, year, seq])?;
            }
            let number = number(seq as u64);
            let doc = build(&number).map_err(StoreError::Invalid)?;
            let sha = hex(&Sha256::digest(&doc.pdf));
            let id: i64 = self.store.db.value(
                "INSERT INTO paper_documents (case_id, kind, number, title, issued_on, issued_at, issued_by, pages, \
                 sha256, pdf) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
                p![
                    case,
                    kind,
                    number.as_str(),
                    doc.title.as_str(),
                    date_text(issued_on),
                    time_text(now),
                    staff,
                    i64::from(doc.pages),
                    sha.as_str(),
                    doc.pdf.as_slice()
                ],
            )?;
            self.store.case_step(
                case,
                staff,
                "paper.issued",
                json!({ "document": id, "kind": kind, "number": number, "sha256": sha }),
                now,
            )?;
            self.store
                .db
                .query_opt(&format!("SELECT {DOC_COLS} FROM paper_documents WHERE id = ?1"), p![id], doc_from_row)?
                .ok_or_else(|| StoreError::Invalid(format!("document {id} vanished")))
        })
    }

    /// The documents issued for a case, in the order they were issued.
    pub fn of_case(&self, case: CaseId) -> Result<Vec<PaperDocument>> {
        self.store.db.query(
            &format!("SELECT {DOC_COLS} FROM paper_documents WHERE case_id = ?1 ORDER BY id"),
            p![case],
            doc_from_row,
        )
    }

    /// The exact bytes of an issued document.
    pub fn pdf(&self, document: u64) -> Result<Option<Vec<u8>>> {
        self.store.db.query_opt("SELECT pdf FROM paper_documents WHERE id = ?1", p![document as i64], |r| r.get(0))
    }

    fn case_of(&self, document: u64) -> Result<CaseId> {
        self.store
            .db
            .query_opt("SELECT case_id FROM paper_documents WHERE id = ?1", p![document as i64], |r| r.get(0))?
            .ok_or_else(|| StoreError::Invalid(format!("no document {document}")))
    }

    /// Records an A4 job before its bytes are sent (audited on the case).
    pub fn begin_a4_job(
        &self,
        document: u64,
        target: &str,
        station: &str,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<u64> {
        self.store.db.write(|| {
            let case = self.case_of(document)?;
            let id: i64 = self.store.db.value(
                "INSERT INTO paper_jobs (document_id, target, station, state, created_at) \
                 VALUES (?1, ?2, ?3, 'pending', ?4) RETURNING id",
                p![document as i64, target, station, time_text(now)],
            )?;
            self.store.case_step(
                case,
                staff,
                "paper.job",
                json!({ "job": id, "document": document, "target": target }),
                now,
            )?;
            Ok(id as u64)
        })
    }

    /// Records a job's outcome: printed, or failed with the printer's words (kept for a reprint).
    pub fn finish_a4_job(&self, job: u64, error: Option<&str>, staff: &str, now: NaiveDateTime) -> Result<()> {
        self.set_a4_job(job, if error.is_some() { "failed" } else { "printed" }, error, staff, now)
    }

    /// A stuck job sent again successfully: it leaves the list of unfinished jobs.
    pub fn a4_job_reprinted(&self, job: u64, staff: &str, now: NaiveDateTime) -> Result<()> {
        self.set_a4_job(job, "reprinted", None, staff, now)
    }

    fn set_a4_job(&self, job: u64, state: &str, error: Option<&str>, staff: &str, now: NaiveDateTime) -> Result<()> {
        self.store.db.write(|| {
            let j = self.a4_job(job)?.ok_or_else(|| StoreError::Invalid(format!("no A4 job {job}")))?;
            let case = self.case_of(j.document_id)?;
            self.store.db.execute(
                "UPDATE paper_jobs SET state = ?2, error = ?3, finished_at = ?4 WHERE id = ?1",
                p![job as i64, state, error, time_text(now)],
            )?;
            self.store.case_step(case, staff, &format!("paper.{state}"), json!({ "job": job, "error": error }), now)
        })
    }

    /// One A4 print job by its id.
    pub fn a4_job(&self, job: u64) -> Result<Option<PaperJob>> {
        self.store.db.query_opt(&format!("SELECT {JOB_COLS} WHERE j.id = ?1"), p![job as i64], job_from_row)
    }

    /// A4 jobs that did not print (pending: may or may not have; failed), oldest first.
    pub fn unfinished_a4_jobs(&self) -> Result<Vec<PaperJob>> {
        self.store.db.query(
            &format!("SELECT {JOB_COLS} WHERE j.state IN ('pending', 'failed') ORDER BY j.id"),
            p![],
            job_from_row,
        )
    }

    /// Record a document print job as pending and commit it; returns its serial.
    pub fn begin_job(
        &self,
        case: CaseId,
        document: &str,
        target: &str,
        station: &str,
        now: NaiveDateTime,
    ) -> Result<u64> {
        self.store.db.write(|| {
            let id: u64 = self.store.db.value(
                "INSERT INTO document_jobs (case_id, document, target, station, state, created_at) \
                 VALUES (?1, ?2, ?3, ?4, 'pending', ?5) RETURNING id",
                p![case, document, target, station, time_text(now)],
            )?;
            self.store.case_step(case, station, "document.job", json!({ "serial": id, "document": document }), now)?;
            Ok(id)
        })
    }

    /// Store the bytes rendered for a document job, which `document_job` reads back.
    pub fn set_job_bytes(&self, id: u64, bytes: &[u8]) -> Result<()> {
        let n = self.store.db.execute("UPDATE document_jobs SET bytes = ?2 WHERE id = ?1", p![id as i64, bytes])?;
        if n == 0 {
            return Err(StoreError::Invalid(format!("no document job {id}")));
        }
        Ok(())
    }

    /// Mark a document job printed, or failed with `error`, and write the step on its case.
    pub fn finish_job(&self, id: u64, error: Option<&str>, staff: &str, now: NaiveDateTime) -> Result<()> {
        self.store.db.write(|| {
            let case: CaseId = self
                .store
                .db
                .query_opt("SELECT case_id FROM document_jobs WHERE id = ?1", p![id as i64], |r| r.get(0))?
                .ok_or_else(|| StoreError::Invalid(format!("no document job {id}")))?;
            self.store.db.execute(
                "UPDATE document_jobs SET state = ?2, error = ?3, finished_at = ?4 WHERE id = ?1",
                p![id as i64, if error.is_some() { "failed" } else { "printed" }, error, time_text(now)],
            )?;
            let action = if error.is_some() { "document.failed" } else { "document.printed" };
            self.store.case_step(case, staff, action, json!({ "serial": id, "error": error }), now)
        })
    }

    /// `(state, error, bytes)` of a document job.
    pub fn job(&self, id: u64) -> Result<Option<DocumentJob>> {
        self.store.db.query_opt("SELECT state, error, bytes FROM document_jobs WHERE id = ?1", p![id as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
    }

    /// Document jobs that did not finish (pending: may or may not have printed; failed), oldest
    /// first, with their case number.
    pub fn unfinished_jobs(&self) -> Result<Vec<DocumentJobRow>> {
        self.store.db.query(
            "SELECT j.id, c.number, j.document, j.state, j.error, j.created_at, j.station \
             FROM document_jobs j JOIN cases c ON c.id = j.case_id WHERE j.state <> 'printed' ORDER BY j.id",
            p![],
            |r| {
                Ok(DocumentJobRow {
                    id: r.get::<i64>(0)? as u64,
                    case_number: r.get(1)?,
                    document: r.get(2)?,
                    state: r.get(3)?,
                    error: r.get(4)?,
                    created_at: time_at(r, 5)?,
                    station: r.get(6)?,
                })
            },
        )
    }
}
