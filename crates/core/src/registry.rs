//! Staff commands on the registry: choosing one certificate by its 证号 (`certdesk print`), a
//! holder's overview (`certdesk holder`: status, next step and print history of each
//! certificate — what the desk and the verifier will show) and the full database check
//! (`certdesk check`). The CLI arms in cli.rs/main.rs stay thin and call into here.

use crate::domain::{Certificate, Invalid, LeadTimes, NextStep, ResidentId, Status};
use crate::store::{CertId, Store};
use anyhow::{anyhow, bail, Result};
use chrono::NaiveDate;
use serde_json::{json, Value};

/// The certificate a staff member means by `number` and an optional `--item`.
///
/// One holder's 特种作业操作证 all carry the 证号 "T" + ID number (one card per 操作项目), so a
/// number alone may name several certificates: then `item` (the 操作项目, or the 作业类别 when
/// that alone tells them apart) must choose one, and the error lists the choices. Errors show
/// the masked number only.
pub fn pick_certificate(store: &Store, number: &str, item: Option<&str>) -> Result<CertId> {
    let number = number.trim().to_ascii_uppercase();
    let all = store.holders().certificates_numbered(&number)?;
    let masked = all.first().map(Certificate::masked_number).unwrap_or_else(|| crate::domain::id::mask(&number));
    if all.is_empty() {
        bail!("no certificate numbered {masked} (证号不存在)");
    }
    let chosen: Vec<&Certificate> = match item.map(str::trim) {
        None => all.iter().collect(),
        Some(want) => {
            let by_item: Vec<_> = all.iter().filter(|c| c.item.as_deref() == Some(want)).collect();
            if by_item.is_empty() {
                all.iter().filter(|c| c.category.as_deref() == Some(want)).collect()
            } else {
                by_item
            }
        }
    };
    match chosen.as_slice() {
        [one] => Ok(one.id),
        [] => bail!(
            "certificate {masked} has no 操作项目 \"{}\"; it has: {}",
            item.unwrap_or_default().trim(),
            choices(&all)
        ),
        many => bail!("{} certificates are numbered {masked}; choose one with --item: {}", many.len(), choices(&all)),
    }
}

fn choices(all: &[Certificate]) -> String {
    all.iter()
        .map(|c| match &c.item {
            Some(item) => format!("--item {item} ({})", c.scope_zh()),
            None => format!("{} ({})", c.kind.title_zh(), c.scope_zh()),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Status as a stable snake_case word (JSON, scripts).
pub fn status_word(s: Status) -> &'static str {
    match s {
        Status::Valid => "valid",
        Status::ReviewDueSoon { .. } => "review_due_soon",
        Status::ExpiringSoon { .. } => "expiring_soon",
        Status::ReviewOverdue { .. } => "review_overdue",
        Status::Expired { .. } => "expired",
        Status::Suspended => "suspended",
        Status::Revoked => "revoked",
        Status::Cancelled => "cancelled",
    }
}

fn next_step_json(step: NextStep) -> Value {
    match step {
        NextStep::Review { due, apply_from, extended } => {
            json!({ "step": "review", "due": due.to_string(), "apply_from": apply_from.to_string(), "extended_review": extended })
        }
        NextStep::Renew { until, apply_from, review_unknown } => {
            json!({ "step": "renew", "until": until.to_string(), "apply_from": apply_from.to_string(), "review_unknown": review_unknown })
        }
        NextStep::Extend { until, apply_by } => {
            json!({ "step": "extend", "until": until.to_string(), "apply_by": apply_by.to_string() })
        }
        NextStep::AskIssuer => json!({ "step": "ask_issuer" }),
        NextStep::Retrain { reason } => {
            let (why, date) = match reason {
                Invalid::ReviewMissed { due } => ("review_missed", Some(due)),
                Invalid::Expired { until } => ("expired", Some(until)),
                Invalid::Revoked => ("revoked", None),
                Invalid::Cancelled => ("cancelled", None),
            };
            json!({ "step": "retrain", "reason": why, "date": date.map(|d| d.to_string()) })
        }
    }
}

/// How many print jobs per certificate `certdesk holder` lists.
pub const HISTORY_LIMIT: usize = 20;

/// Everything `certdesk holder` shows: the holder (ID masked) and each certificate with its
/// status, next step and print history on `today`. A domain-and-store result; the CLI renders it
/// as text or JSON.
pub fn holder_report(
    store: &Store,
    id_number: &str,
    today: NaiveDate,
    lead: &LeadTimes,
    cal: &crate::domain::workdays::Calendar,
) -> Result<Value> {
    let id =
        ResidentId::parse(id_number, today).map_err(|e| anyhow!("身份证号无效 invalid ID number: {} ({e})", e.zh()))?;
    let Some(h) = store.holders().get(id.as_str())? else {
        bail!("no holder with ID number {} (未找到该持证人)", id.masked());
    };
    let mut certs = Vec::new();
    for c in store.holders().certificates_for(id.as_str())? {
        let status = c.status(today, lead);
        let step = c.next_step(today);
        let prints: Vec<Value> = store
            .print_jobs()
            .history(c.id, HISTORY_LIMIT)?
            .into_iter()
            .map(|p| {
                json!({
                    "serial": crate::slip::serial_text(p.serial),
                    "state": p.state,
                    "station": p.station,
                    "created_at": p.created_at,
                    "finished_at": p.finished_at,
                    "error": p.error,
                })
            })
            .collect();
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        certs.push(json!({
            "cert_id": c.id.0,
            "kind": c.kind.person_type_en(),
            "title": c.kind.full_title_zh(),
            "number_masked": c.masked_number(),
            "category": c.category,
            "item": c.item,
            "industry": c.industry,
            "first_issued": c.first_issued.to_string(),
            "valid_from": c.valid_from.to_string(),
            "valid_until": c.valid_until.to_string(),
            "review_due_recorded": date(c.review_due),
            "reviewed_on": date(c.reviewed_on),
            "extended_review": c.extended_review,
            "review_info": if c.review_unknown() { Value::from("not_provided") } else if c.kind.has_review() { Value::from("roster") } else { Value::Null },
            "review_info_zh": c.review_unknown().then_some(crate::slip::REVIEW_UNKNOWN_ZH),
            "review_info_en": c.review_unknown().then_some(crate::slip::REVIEW_UNKNOWN_EN),
            "next_review": date(c.kind.has_review().then(|| c.review_pending()).flatten()),
            "issuer": c.issuer,
            "standing": c.standing.en(),
            "standing_zh": c.standing.zh(),
            "status": status_word(status),
            "status_zh": crate::slip::status_zh(status),
            "status_en": crate::slip::status_en(status),
            "usable": status.is_usable(),
            "next_step": next_step_json(step),
            "next_step_zh": crate::slip::next_step_zh(c.kind, step, cal),
            "next_step_en": crate::slip::next_step_en(c.kind, step, cal),
            "matter": step.matter(),
            "prints": prints,
        }));
    }
    Ok(json!({
        "holder": {
            "name": h.name,
            "id_masked": id.masked(),
            "gender": h.gender.en(),
            "gender_zh": h.gender.zh(),
            "has_mobile": h.factor().is_some(),
            "employer": h.employer,
        },
        "today": today.to_string(),
        "certificates": certs,
    }))
}

/// The report as text for a terminal: labels in zh-CN and English.
pub fn holder_text(r: &Value) -> String {
    use std::fmt::Write;
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    let h = &r["holder"];
    let mut out = String::new();
    let _ = writeln!(out, "{}  {}  {}", s(&h["name"]), s(&h["id_masked"]), s(&h["gender_zh"]));
    if let Some(e) = h["employer"].as_str() {
        let _ = writeln!(out, "工作单位 employer: {e}");
    }
    let certs = r["certificates"].as_array().cloned().unwrap_or_default();
    let _ = writeln!(out, "证书 certificates: {} ({})", certs.len(), s(&r["today"]));
    for (i, c) in certs.iter().enumerate() {
        let _ = writeln!(out, "\n[{}] {}  {}  (cert #{})", i + 1, s(&c["title"]), s(&c["number_masked"]), c["cert_id"]);
        match c["industry"].as_str() {
            Some(ind) => {
                let _ = writeln!(out, "    行业类别 industry: {ind}");
            }
            None => {
                let _ = writeln!(out, "    作业类别/操作项目 scope: {} / {}", s(&c["category"]), s(&c["item"]));
            }
        }
        let _ = writeln!(out, "    有效期 valid: {} 至 {}", s(&c["valid_from"]), s(&c["valid_until"]));
        if c["review_due_recorded"].is_string() || c["reviewed_on"].is_string() {
            let _ = writeln!(
                out,
                "    应复审日期（名册） review due (roster): {}   实际复审日期 reviewed on: {}   延期复审 extended: {}",
                c["review_due_recorded"].as_str().unwrap_or("-"),
                c["reviewed_on"].as_str().unwrap_or("-"),
                if c["extended_review"].as_bool() == Some(true) { "是 yes" } else { "否 no" }
            );
        }
        if let (Some(zh), Some(en)) = (c["review_info_zh"].as_str(), c["review_info_en"].as_str()) {
            let _ = writeln!(out, "    复审信息 review: {zh} / {en}");
        }
        if let Some(n) = c["next_review"].as_str() {
            let _ = writeln!(out, "    下次应复审 next review: {n}");
        }
        let _ = writeln!(out, "    状态 status: {} / {}", s(&c["status_zh"]), s(&c["status_en"]));
        let _ = writeln!(out, "    下一步 next step: {} / {}", s(&c["next_step_zh"]), s(&c["next_step_en"]));
        let prints = c["prints"].as_array().cloned().unwrap_or_default();
        if prints.is_empty() {
            let _ = writeln!(out, "    打印记录 prints: none");
        } else {
            let _ = writeln!(out, "    打印记录 prints (newest first):");
            for p in prints {
                let _ = writeln!(
                    out,
                    "      {}  {:<8} {}  {}{}",
                    s(&p["serial"]),
                    s(&p["state"]),
                    s(&p["created_at"]),
                    s(&p["station"]),
                    p["error"].as_str().map(|e| format!("  ({e})")).unwrap_or_default()
                );
            }
        }
    }
    out
}

/// `certdesk check`: the full `PRAGMA integrity_check` (reads every page; seconds on a
/// province's registry) plus the row counts. Err if the database is damaged. On PostgreSQL the
/// server keeps its own pages: the check is that it answers, migrated, with the counts.
pub fn full_check(db: &crate::store::Location) -> Result<FullCheck> {
    let store = Store::open_at(db, crate::store::OpenCheck::Full)?;
    store.integrity_check()?;
    Ok(FullCheck {
        database: db.shown(),
        postgres: store.backend() == crate::store::Backend::Postgres,
        holders: store.holders().count()?,
        certificates: store.holders().certificate_count()?,
        schema: store.schema_version()?,
    })
}

/// What `certdesk check` found (the command words it in the operator's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullCheck {
    /// The database as shown (a file path, or a server URL without its password).
    pub database: String,
    /// PostgreSQL checks its own pages: on that backend the check says the database answers at
    /// the current schema.
    pub postgres: bool,
    /// How many holders the registry holds.
    pub holders: u64,
    /// How many certificates the registry holds.
    pub certificates: u64,
    /// The database's schema version.
    pub schema: i64,
}
