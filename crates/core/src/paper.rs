//! Counter documents on A4 for a case (SPEC §8, issue 16): the facts a case carries today put
//! into the document model, the document issued (numbered, stored with its exact bytes, audited),
//! printed on the A4 target with its job kept, and the case file (案卷) exported.
//!
//! The facts the case's time and stages record (补正期限, authority, extension, stops, decision,
//! delivery, approver) are read in by [`crate::paper_facts`]; what a case has not recorded (a
//! visit today) is the model's `None`, printed as a blank to fill in by hand.

use crate::config::Config;
use crate::domain::intake::{notice_items, MaterialState};
use crate::domain::matters::Matters;
use crate::domain::records::CaseRecord;
use crate::printer::Target;
use crate::seal::doc_qr::{seal_document, DocClaims};
use crate::seal::{Signer, TrustList};
use crate::store::paper::{PaperDocument, PaperJob, PaperPdf};
use crate::store::Store;
use anyhow::{anyhow, bail, Context, Result};
use certdesk_paper::{DocKind, Facts, Fonts, Item, Listing, Templates};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// What issuing and printing a document needs.
pub struct Paper<'a> {
    /// The database the documents and jobs are recorded in.
    pub store: &'a Store,
    /// The home's settings (bureau, printer).
    pub config: &'a Config,
    /// The matters, for a case's matter name and time limits.
    pub matters: &'a Matters,
    /// The faces, templates and seal key, read once ([`PaperKit::load`]) and shared.
    pub kit: Arc<PaperKit>,
    /// The home (relative `file:` targets are under it).
    pub home: PathBuf,
}

/// What a station reads from disk before it can issue a document: the faces (tens of MB of
/// CJK font files read and parsed), the templates and the seal key with its trust list. None
/// of it changes while the station runs, so a station loads it once ([`PaperKit::load`]) and
/// hands it to every [`Paper`] it makes ([`Paper::with_kit`]); before, the desk read it all
/// again for every document it printed.
#[derive(Debug)]
pub struct PaperKit {
    /// The faces the documents are set in.
    pub fonts: Fonts,
    /// The documents' templates.
    pub templates: Templates,
    /// The home's seal key and trust list: every document's QR is signed like a slip's
    /// (`seal::doc_qr`), so a verifier can tell which document it is and refuse a made-up one.
    signer: Signer,
    trust: TrustList,
}

impl PaperKit {
    /// Finds the fonts, reads the templates (the home's `templates.toml` over the shipped) and
    /// loads the seal key and trust list. Each failure names what is missing, in Chinese first.
    pub fn load(config: &Config, home: &Path) -> Result<PaperKit> {
        let p = &config.paper;
        let fonts = Fonts::find(Some(&p.body_font), Some(&p.title_font))?;
        let templates = Templates::load(home)?;
        let key = Config::resolve(home, &config.paths.signing_key);
        let signer = Signer::load(&key).with_context(|| {
            format!("文书二维码须用本局签名密钥签名 (documents are sealed with the home's key): {}", key.display())
        })?;
        let trust_path = Config::resolve(home, &config.paths.trust_list);
        let trust = TrustList::load(&trust_path).with_context(|| trust_path.display().to_string())?;
        Ok(PaperKit { fonts, templates, signer, trust })
    }
}

/// The outcome of printing one job.
#[derive(Debug)]
pub struct Printed {
    /// The A4 print job's id.
    pub job: u64,
    /// Why the print failed (the job is kept for a reprint); `None`: printed.
    pub error: Option<String>,
}

impl<'a> Paper<'a> {
    /// Loads the kit ([`PaperKit::load`]) and opens the service with it: for a command that
    /// issues or exports once. A station that prints many keeps a kit ([`Paper::with_kit`]).
    pub fn open(store: &'a Store, config: &'a Config, matters: &'a Matters, home: &Path) -> Result<Paper<'a>> {
        Ok(Paper::with_kit(store, config, matters, home, Arc::new(PaperKit::load(config, home)?)))
    }

    /// The service over a kit already loaded (nothing is read from disk).
    pub fn with_kit(
        store: &'a Store,
        config: &'a Config,
        matters: &'a Matters,
        home: &Path,
        kit: Arc<PaperKit>,
    ) -> Paper<'a> {
        Paper { store, config, matters, kit, home: home.to_path_buf() }
    }

    /// The facts of `case` for a document of `kind`, issued on `today` by `staff` (a name).
    pub fn facts(&self, c: &CaseRecord, kind: DocKind, staff: &str, today: NaiveDate) -> Result<Facts> {
        let m = self.matters.get(&c.matter);
        let v = &c.visitor;
        let applicant = match &v.enterprise {
            Some(e) if !e.trim().is_empty() => format!("{e}（经办人{}）", v.name),
            _ => v.name.clone(),
        };
        let material_name =
            |code: &str| m.and_then(|m| m.material(code)).map(|x| x.name.clone()).unwrap_or(code.to_string());
        let fix = |code: &str| m.and_then(|m| m.material(code)).map(|x| x.fix.clone()).unwrap_or_default();
        let checklist = self.store.cases().checklist(c.id)?;
        let items: Vec<Item> = match kind {
            DocKind::Notice => {
                let notices = self.store.cases().notices(c.id)?;
                let list = match notices.last() {
                    Some(n) => n.items.clone(),
                    None => notice_items(&checklist),
                };
                list.iter()
                    .map(|i| Item {
                        name: material_name(&i.material),
                        problem: i.defect.clone().unwrap_or_else(|| "未提交".into()),
                        fix: fix(&i.material),
                    })
                    .collect()
            }
            DocKind::RongquePledge => checklist
                .iter()
                .filter(|i| i.state.is_deficient())
                .map(|i| Item { name: material_name(&i.material), problem: "暂缺".into(), fix: fix(&i.material) })
                .collect(),
            _ => Vec::new(),
        };
        let pledged: Vec<String> = checklist
            .iter()
            .filter(|i| i.state == MaterialState::Pledged)
            .map(|i| material_name(&i.material))
            .collect();
        let prefix = self.kit.templates.get(kind)?.prefix.clone();
        let reasons = c.refused_reason.iter().filter(|r| !r.trim().is_empty()).cloned().collect();
        let mut facts = Facts {
            bureau: self.config.bureau.name.clone(),
            number: String::new(),
            case_number: c.number.clone(),
            // Signed with the number when the document is issued ([`Paper::issue`]).
            qr_payload: String::new(),
            applicant,
            applicant_id_masked: v.masked_id.clone().unwrap_or_default(),
            phone_masked: v.phone.as_deref().map(mask_phone).unwrap_or_default(),
            matter: m.map(|m| m.name.clone()).unwrap_or_else(|| c.matter.clone()),
            issued_on: today,
            received_on: Some(c.opened_at.date()),
            accepted_on: c.accepted_on,
            statutory_due: c.statutory_due_on,
            committed_due: c.due_on,
            provisional: c.provisional.due || c.provisional.statutory,
            correction_due: None,
            items,
            reasons,
            apply_instead: None,
            review_authority: self.config.paper.review_authority.clone(),
            court: self.config.paper.court.clone(),
            pledged_proof: (!pledged.is_empty()).then(|| pledged.join("、")),
            pledge_due: c.pledge_due,
            extension_days: None,
            extended_due: None,
            special_procedure: None,
            special_days: None,
            served_document: None,
            served_how: None,
            served_on: None,
            visit_on: None,
            visit_how: None,
            visit_notes: None,
            approver: None,
            stops: Vec::new(),
            staff: staff.to_string(),
            bureau_phone: m.and_then(|m| m.phone.clone()).unwrap_or_else(|| self.config.bureau.phone.clone()),
        }
        .with_prefix(&prefix);
        crate::paper_facts::fill_recorded(self.store, c, kind, &mut facts)?;
        if kind == DocKind::Visit {
            crate::paper_visit::fill_visit(self.store, c, &mut facts)?;
        }
        Ok(facts)
    }

    /// Issues a document: numbered (per kind and year), rendered, stored with its bytes and
    /// audited, in one transaction.
    pub fn issue(
        &self,
        c: &CaseRecord,
        kind: DocKind,
        staff_id: &str,
        staff_name: &str,
        now: NaiveDateTime,
    ) -> Result<PaperDocument> {
        self.issue_with(c, kind, staff_id, staff_name, now, |_| {})
    }

    /// Issues a document as [`Paper::issue`] does, with facts the case does not record yet set
    /// by `adjust` (a pledge printed before acceptance: its materials and promised date).
    pub fn issue_with(
        &self,
        c: &CaseRecord,
        kind: DocKind,
        staff_id: &str,
        staff_name: &str,
        now: NaiveDateTime,
        adjust: impl FnOnce(&mut Facts),
    ) -> Result<PaperDocument> {
        let mut facts = self.facts(c, kind, staff_name, now.date())?;
        adjust(&mut facts);
        let t = self.kit.templates.get(kind)?;
        let title = t.title.clone();
        let bureau_prefix = self.config.paper.number_prefix.clone();
        let year = now.date().year();
        // The sequence the store takes, for the QR (signed inside the transaction, with the
        // number the document carries).
        let taken = std::cell::Cell::new(0u64);
        let doc = self.store.documents().issue(
            c.id,
            kind.key(),
            now.date(),
            staff_id,
            now,
            |seq| {
                taken.set(seq);
                format!("{bureau_prefix}{}〔{year}〕{seq}号", t.prefix)
            },
            |number| {
                let mut f = facts.clone();
                f.number = number.to_string();
                f.qr_payload =
                    self.document_code(kind, now.date(), taken.get(), &c.number).map_err(|e| e.to_string())?;
                let r = certdesk_paper::render(&self.kit.fonts, t, kind, &f).map_err(|e| e.to_string())?;
                Ok(PaperPdf { title: title.clone(), pages: r.pages as u32, pdf: r.pdf })
            },
        )?;
        Ok(doc)
    }

    /// The signed code a document's QR carries (docs/qr-format.md §11): kind, issue date,
    /// sequence and case, under the slips' URL prefix when one is set.
    pub fn document_code(&self, kind: DocKind, issued_on: NaiveDate, seq: u64, case: &str) -> Result<String> {
        let claims = DocClaims { kind: kind.code(), issued_on, seq, case_number: case.to_string() };
        let url = self.config.seal.url_prefix.as_deref().map(str::trim).filter(|p| !p.is_empty());
        Ok(seal_document(&claims, &self.kit.signer, &self.kit.trust, url)?)
    }

    /// The A4 target (`target` or the configured one), `file:` paths under the home.
    pub fn target(&self, target: Option<&str>) -> Result<Target> {
        let text = target.unwrap_or(&self.config.paper.target);
        let t: Target = text.parse().map_err(|e| anyhow!("{e}"))?;
        Ok(match t {
            Target::File(d) => Target::File(if d.is_absolute() { d } else { self.home.join(d) }),
            Target::Cups { queue } => Target::Cups { queue },
            other => bail!("{other}: an A4 printer is cups:QUEUE or file:DIR"),
        })
    }

    /// Prints an issued document: the job recorded before sending, the outcome after.
    pub fn print(
        &self,
        document: u64,
        target: &Target,
        station: &str,
        staff: &str,
        now: impl Fn() -> NaiveDateTime,
    ) -> Result<Printed> {
        let pdf = self.store.documents().pdf(document)?.ok_or_else(|| anyhow!("no document {document}"))?;
        let job = self.store.documents().begin_a4_job(document, &target.to_string(), station, staff, now())?;
        let result = certdesk_slip::a4::send_pdf(target, &format!("A{job:07}"), &pdf, self.timeout());
        let error = result.err().map(|e| e.to_string());
        self.store.documents().finish_a4_job(job, error.as_deref(), staff, now())?;
        Ok(Printed { job, error })
    }

    /// Sends a stuck A4 job again from the document's stored bytes.
    pub fn reprint(&self, job: u64, target: &Target, staff: &str, now: impl Fn() -> NaiveDateTime) -> Result<Printed> {
        let j: PaperJob = self.store.documents().a4_job(job)?.ok_or_else(|| anyhow!("no A4 job {job}"))?;
        if !matches!(j.state.as_str(), "pending" | "failed") {
            bail!("A{job:07} is {} (not stuck)", j.state);
        }
        let pdf = self.store.documents().pdf(j.document_id)?.ok_or_else(|| anyhow!("no document {}", j.document_id))?;
        match certdesk_slip::a4::send_pdf(target, &format!("A{job:07}"), &pdf, self.timeout()) {
            Ok(()) => {
                self.store.documents().a4_job_reprinted(job, staff, now())?;
                Ok(Printed { job, error: None })
            }
            Err(e) => {
                self.store.documents().finish_a4_job(job, Some(&e.to_string()), staff, now())?;
                Ok(Printed { job, error: Some(e.to_string()) })
            }
        }
    }

    fn timeout(&self) -> Duration {
        Duration::from_millis(self.config.printer.timeout_ms.max(5000))
    }

    /// Writes the case file: `00_卷内目录.pdf` (cover with the list of documents), every issued
    /// document as issued, and `99_审计摘录.pdf` (the case's steps). Returns the files written.
    pub fn export(&self, c: &CaseRecord, dir: &Path, now: NaiveDateTime) -> Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
        let docs = self.store.documents().of_case(c.id)?;
        let events = self.store.cases().events(c.id)?;
        let mut written = Vec::new();
        let matter = self.matters.get(&c.matter).map(|m| m.name.clone()).unwrap_or_else(|| c.matter.clone());
        // Pages are counted from 2: the cover is page 1.
        let mut page = 2u32;
        let mut rows = Vec::new();
        for (i, d) in docs.iter().enumerate() {
            let end = page + d.pages.max(1) - 1;
            rows.push(vec![
                (i + 1).to_string(),
                d.number.clone(),
                d.title.clone(),
                certdesk_paper::template::date_zh(d.issued_on),
                if end > page { format!("{page}–{end}") } else { page.to_string() },
            ]);
            page = end + 1;
        }
        rows.push(vec![
            (docs.len() + 1).to_string(),
            String::new(),
            "审计摘录".into(),
            date_zh_now(now),
            page.to_string(),
        ]);
        let cover = Listing {
            title: "行政许可案卷".into(),
            case_number: c.number.clone(),
            // The cover is not an issued document: no code to verify, the case number as text.
            qr_payload: String::new(),
            facts: vec![
                ("机关".into(), self.config.bureau.name.clone()),
                ("办件编号".into(), c.number.clone()),
                ("事项".into(), matter),
                ("申请人".into(), c.visitor.enterprise.clone().unwrap_or_else(|| c.visitor.name.clone())),
                ("状态".into(), c.state.zh().into()),
                ("收件日期".into(), certdesk_paper::template::date_zh(c.opened_at.date())),
                ("卷内目录".into(), format!("文书 {} 件，审计摘录 1 件", docs.len())),
            ],
            columns: vec![
                ("序号".into(), 0.8),
                ("文号".into(), 3.0),
                ("题名".into(), 3.6),
                ("日期".into(), 2.2),
                ("页号".into(), 1.0),
            ],
            rows,
            footer: Some(format!(
                "立卷：certdesk 于 {} 导出；各文书为签发时的原件（SHA-256 见审计摘录）。",
                date_zh_now(now)
            )),
        };
        let r = certdesk_paper::render_listing(&self.kit.fonts, &cover)?;
        written.push(write(dir, "00_卷内目录.pdf", &r.pdf)?);
        for (i, d) in docs.iter().enumerate() {
            let pdf = self.store.documents().pdf(d.id)?.ok_or_else(|| anyhow!("document {} has no bytes", d.id))?;
            let name = format!("{:02}_{}_{}.pdf", i + 1, d.kind, d.number.replace(['/', '\\'], "_"));
            written.push(write(dir, &name, &pdf)?);
        }
        let audit = Listing {
            title: "审计摘录".into(),
            case_number: c.number.clone(),
            qr_payload: String::new(),
            facts: vec![
                ("办件编号".into(), c.number.clone()),
                ("记录".into(), format!("{} 条（全程留痕）", events.len())),
            ],
            columns: vec![("时间".into(), 2.4), ("经办".into(), 1.2), ("动作".into(), 2.8), ("内容".into(), 4.4)],
            rows: events
                .iter()
                .map(|e| {
                    vec![
                        e.at.format("%Y-%m-%d %H:%M").to_string(),
                        e.actor.clone(),
                        crate::audit_words::action_cell(&e.action),
                        // Stored masked (store::cases::case_step masks ID look-alikes).
                        detail_text(&e.detail),
                    ]
                })
                .collect(),
            footer: None,
        };
        let r = certdesk_paper::render_listing(&self.kit.fonts, &audit)?;
        written.push(write(dir, &format!("{:02}_审计摘录.pdf", docs.len() + 1), &r.pdf)?);
        Ok(written)
    }
}

/// A step's detail as "key: value; …" (the case number, on every line of the extract, left out).
fn detail_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Object(m) => m
            .iter()
            .filter(|(k, v)| k.as_str() != "case" && !v.is_null())
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => format!("{k}: {s}"),
                other => format!("{k}: {other}"),
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let p = dir.join(name);
    std::fs::write(&p, bytes).with_context(|| p.display().to_string())?;
    Ok(p)
}

fn date_zh_now(now: NaiveDateTime) -> String {
    certdesk_paper::template::date_zh(now.date())
}

/// 138****5678.
fn mask_phone(p: &str) -> String {
    let digits: Vec<char> = p.chars().collect();
    if digits.len() >= 7 {
        let head: String = digits[..3].iter().collect();
        let tail: String = digits[digits.len() - 4..].iter().collect();
        format!("{head}****{tail}")
    } else {
        "****".into()
    }
}

trait WithPrefix {
    fn with_prefix(self, prefix: &str) -> Self;
}

impl WithPrefix for Facts {
    /// The number is given by the store when issuing; a preview shows the prefix and a blank.
    fn with_prefix(mut self, prefix: &str) -> Self {
        self.number = format!("{prefix}〔{}〕＿＿号", self.issued_on.year());
        self
    }
}
