//! The 容缺受理 and 告知承诺 pledges (承诺书), signed before acceptance, and the follow-up check
//! (事中事后核查) every 告知承诺 opens. Pure: what a pledge must cover, its printed text, whether
//! an acceptance may go ahead on the pledge on file, when the check is due, and what a false
//! pledge leads to. The store keeps the pledges and checks; the desk service calls these rules.
//!
//! Where the rules come from:
//! - SPEC §2 容缺受理: "the applicant signs a pledge (before acceptance) to supply the missing
//!   non-key ones by a date no later than the committed completion date"; 淄博 2017 五 (主要材料
//!   齐全, 先办后补); 围场 2023 措施 1 (申请人作出相应承诺后 … 预先审核).
//! - SPEC §2 告知承诺: "a signed pledge replaces the proof; each opens a follow-up check (事中事后
//!   核查) whose result is recorded; a false pledge has consequences recorded (失信 mark;
//!   revocation where the law provides)"; 淄博 2020 措施 13 (在企业作出承诺后，一律不再提交证明);
//!   运城 2023 措施 3 (承诺事项在事中事后监管中监督落实).
//! - 行政许可法 第七十八条 (隐瞒有关情况或者提供虚假材料申请: 不予受理或者不予行政许可，并给予警告;
//!   公共安全事项一年内不得再次申请), 第六十九条第二款 (以欺骗、贿赂等不正当手段取得行政许可的，
//!   应当予以撤销), 第七十九条 (以欺骗等不正当手段取得: 公共安全事项三年内不得再次申请).
//!
//! The check's period: neither the seeds nor the SPEC give a figure (the issue asks for "a matter
//! setting"). The matter's `verify_days` when the catalogue sets it; otherwise the matter's
//! committed limit, so that the check is done while the case runs (事中) and a false pledge is
//! met before the decision (第七十八条: 不予许可) rather than after it (第六十九条: 撤销).

use super::case_time::Outcome;
use super::intake::{CaseState, CheckItem, MaterialState};
use super::matters::Matter;
use super::workdays::{Calendar, Counted, OutsideCalendar};
use chrono::{NaiveDate, NaiveDateTime};

/// Longest note kept with a check's outcome.
pub const MAX_NOTE: usize = 300;

/// Which pledge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PledgeKind {
    /// 容缺受理承诺书: the missing non-key materials will be supplied by a date.
    Deficient,
    /// 告知承诺书: the pledge replaces the proof of the materials marked pledged.
    Notify,
}

impl PledgeKind {
    /// The stored form of the kind (`deficient`, `notify`).
    pub fn code(self) -> &'static str {
        match self {
            PledgeKind::Deficient => "deficient",
            PledgeKind::Notify => "notify",
        }
    }
    /// The kind of a stored code; `None` for an unknown one.
    pub fn from_code(s: &str) -> Option<PledgeKind> {
        match s {
            "deficient" => Some(PledgeKind::Deficient),
            "notify" => Some(PledgeKind::Notify),
            _ => None,
        }
    }
    /// The document's title.
    pub fn title_zh(self) -> &'static str {
        match self {
            PledgeKind::Deficient => "容缺受理承诺书",
            PledgeKind::Notify => "告知承诺书",
        }
    }
    /// The document's title in English (for `--lang en`).
    pub fn title_en(self) -> &'static str {
        match self {
            PledgeKind::Deficient => "Pledge to supply missing materials (容缺受理)",
            PledgeKind::Notify => "Pledge in lieu of proof (告知承诺)",
        }
    }
}

/// What a pledge covers: the materials (codes, sorted) and, for 容缺, the promised date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PledgeTerms {
    /// Which of the two pledges.
    pub kind: PledgeKind,
    /// The material codes the pledge covers, sorted (so that two terms compare equal).
    pub materials: Vec<String>,
    /// 容缺: the date the missing materials are promised by; `None` for 告知承诺.
    pub due: Option<NaiveDate>,
}

/// A pledge as kept: printed (who, when), then confirmed signed (who, when).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PledgeRecord {
    /// The row's id in the store.
    pub id: i64,
    /// What the printed paper covers.
    pub terms: PledgeTerms,
    /// The clerk (staff id) who printed it.
    pub printed_by: String,
    /// When it was printed.
    pub printed_at: NaiveDateTime,
    /// The clerk who saw the signed paper, and when.
    pub signed: Option<(String, NaiveDateTime)>,
}

/// Why a pledge cannot be printed, confirmed or relied on for an acceptance.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PledgeError {
    /// The case is not open for a decision (accepted or closed already).
    #[error("the case is {0:?}: a pledge is signed only before acceptance")]
    NotOpen(CaseState),
    /// 容缺受理 asked with nothing missing or defective.
    #[error("no material is missing or defective: there is nothing to pledge for 容缺受理")]
    NothingOutstanding,
    /// 告知承诺 asked with no material ticked pledged.
    #[error("no material is marked pledged (告知承诺)")]
    NothingPledged,
    /// A key material (codes) is missing or defective: 容缺受理 needs every key one present.
    #[error("key materials missing or defective: 容缺受理 is impossible ({0:?})")]
    KeyMaterialMissing(Vec<String>),
    /// A 容缺 pledge without a promised date.
    #[error("a 容缺 pledge needs the date the materials are promised by")]
    NoDate,
    /// The promised date is before today.
    #[error("the promised date {0} is in the past")]
    DateInPast(NaiveDate),
    /// The promised date is after the case's committed completion date.
    #[error("the promised date {pledge_due} is after the committed completion date {due}")]
    DateAfterDue {
        /// The date promised.
        pledge_due: NaiveDate,
        /// The committed completion date it may not pass.
        due: NaiveDate,
    },
    /// No pledge of this kind printed for the case.
    #[error("the {} has not been printed for the applicant to sign", .0.title_en())]
    NotPrinted(PledgeKind),
    /// Printed, but the clerk has not confirmed the signed paper.
    #[error("the {} was printed but its signing has not been confirmed", .0.title_en())]
    NotSigned(PledgeKind),
    /// The pledge on file covers other materials or another date than the acceptance.
    #[error("the {} on file covers other materials or another date than this acceptance: print it again", .0.title_en())]
    Changed(PledgeKind),
    /// Confirming a pledge confirmed before.
    #[error("the pledge was confirmed signed already")]
    AlreadySigned,
    /// 行政许可法 第七十八条: a false pledge found before the decision bars the grant.
    #[error("the 告知承诺 was found false: the permit cannot be granted (行政许可法 art. 78)")]
    GrantBarred,
}

impl PledgeError {
    /// What the clerk is told (staff words, zh-CN).
    pub fn zh(&self) -> String {
        match self {
            PledgeError::NotOpen(_) => "办件已受理或已办结，承诺书只在受理前签署".into(),
            PledgeError::NothingOutstanding => "没有缺少或有误的材料，无需容缺承诺".into(),
            PledgeError::NothingPledged => "没有标为告知承诺的材料".into(),
            PledgeError::KeyMaterialMissing(v) => format!("关键材料缺少或有误，不能容缺受理：{}", v.join("、")),
            PledgeError::NoDate => "请填写承诺补齐日期".into(),
            PledgeError::DateInPast(d) => format!("承诺补齐日期{}已过", zh_date(*d)),
            PledgeError::DateAfterDue { pledge_due, due } => {
                format!("承诺补齐日期{}晚于承诺办结日期{}", zh_date(*pledge_due), zh_date(*due))
            }
            PledgeError::NotPrinted(k) => format!("请先打印{}交申请人签字，再受理", k.title_zh()),
            PledgeError::NotSigned(k) => format!("{}已打印，请收回申请人签字的原件并确认后再受理", k.title_zh()),
            PledgeError::Changed(k) => format!("材料或日期在打印{}后有变动，请重新打印并签字", k.title_zh()),
            PledgeError::AlreadySigned => "承诺书已确认签字".into(),
            PledgeError::GrantBarred => "核查发现告知承诺不实，不能准予许可（行政许可法第七十八条）".into(),
        }
    }
    /// What the clerk is told in English (`--lang en`).
    pub fn en(&self) -> String {
        match self {
            PledgeError::NotOpen(_) => {
                "the case is accepted or closed: a pledge is signed only before acceptance".into()
            }
            PledgeError::NotPrinted(k) => {
                format!("print the {} for the applicant to sign before accepting", k.title_en())
            }
            PledgeError::NotSigned(k) => {
                format!("the {} is printed: take back the signed paper and confirm it before accepting", k.title_en())
            }
            PledgeError::Changed(k) => {
                format!(
                    "materials or the date changed after the {} was printed: print it again to be signed",
                    k.title_en()
                )
            }
            other => other.to_string(),
        }
    }
}

/// A date as paper and staff messages write it (2027年1月1日).
pub fn zh_date(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

fn codes_where(checklist: &[CheckItem], f: impl Fn(&MaterialState) -> bool) -> Vec<String> {
    let mut v: Vec<String> = checklist.iter().filter(|c| f(&c.state)).map(|c| c.material.clone()).collect();
    v.sort();
    v
}

/// What a pledge of `kind` must cover for this checklist, checked as the acceptance will be
/// (SPEC §2): 容缺 — every key material present, something missing, a date from today up to the
/// committed completion date (`committed_due`); 告知承诺 — the materials ticked pledged.
pub fn terms(
    kind: PledgeKind,
    state: CaseState,
    matter: &Matter,
    checklist: &[CheckItem],
    due: Option<NaiveDate>,
    today: NaiveDate,
    committed_due: NaiveDate,
) -> Result<PledgeTerms, PledgeError> {
    if !state.is_open_for_decision() {
        return Err(PledgeError::NotOpen(state));
    }
    match kind {
        PledgeKind::Deficient => {
            let missing = codes_where(checklist, MaterialState::is_deficient);
            let key: Vec<String> =
                missing.iter().filter(|c| matter.material(c).is_some_and(|m| m.key)).cloned().collect();
            if !key.is_empty() {
                return Err(PledgeError::KeyMaterialMissing(key));
            }
            if missing.is_empty() {
                return Err(PledgeError::NothingOutstanding);
            }
            let d = due.ok_or(PledgeError::NoDate)?;
            if d < today {
                return Err(PledgeError::DateInPast(d));
            }
            if d > committed_due {
                return Err(PledgeError::DateAfterDue { pledge_due: d, due: committed_due });
            }
            Ok(PledgeTerms { kind, materials: missing, due: Some(d) })
        }
        PledgeKind::Notify => {
            let pledged = codes_where(checklist, |s| *s == MaterialState::Pledged);
            if pledged.is_empty() {
                return Err(PledgeError::NothingPledged);
            }
            Ok(PledgeTerms { kind, materials: pledged, due: None })
        }
    }
}

/// Which pledge an acceptance needs: 容缺受理 the 容缺 pledge for the outstanding materials and
/// `pledge_due`; a plain acceptance with materials ticked pledged the 告知承诺 for them; a full
/// acceptance none.
pub fn needed(checklist: &[CheckItem], deficient_due: Option<NaiveDate>) -> Option<PledgeTerms> {
    match deficient_due {
        Some(d) => Some(PledgeTerms {
            kind: PledgeKind::Deficient,
            materials: codes_where(checklist, MaterialState::is_deficient),
            due: Some(d),
        }),
        None => {
            let pledged = codes_where(checklist, |s| *s == MaterialState::Pledged);
            (!pledged.is_empty()).then_some(PledgeTerms { kind: PledgeKind::Notify, materials: pledged, due: None })
        }
    }
}

/// May the case be accepted on the pledge on file (the newest of the kind)? The signed paper
/// must exist, be confirmed in hand, and cover exactly what is accepted: a tick or another date
/// after printing makes it another promise, to be printed and signed again.
pub fn check_accept(needed: Option<&PledgeTerms>, on_file: Option<&PledgeRecord>) -> Result<(), PledgeError> {
    let Some(need) = needed else { return Ok(()) };
    let Some(rec) = on_file.filter(|r| r.terms.kind == need.kind) else {
        return Err(PledgeError::NotPrinted(need.kind));
    };
    if rec.terms != *need {
        return Err(PledgeError::Changed(need.kind));
    }
    if rec.signed.is_none() {
        return Err(PledgeError::NotSigned(need.kind));
    }
    Ok(())
}

/// May the clerk confirm that the printed pledge came back signed? Only a printed, unconfirmed
/// one, on a case not yet decided, whose terms still match the checklist (`current`).
pub fn check_confirm(state: CaseState, rec: Option<&PledgeRecord>, current: &PledgeTerms) -> Result<(), PledgeError> {
    if !state.is_open_for_decision() {
        return Err(PledgeError::NotOpen(state));
    }
    let rec = rec.ok_or(PledgeError::NotPrinted(current.kind))?;
    if rec.signed.is_some() {
        return Err(PledgeError::AlreadySigned);
    }
    if rec.terms.materials != current.materials || rec.terms.kind != current.kind {
        return Err(PledgeError::Changed(current.kind));
    }
    Ok(())
}

/// The printed pledge (zh-CN, as the applicant signs it): what is outstanding or pledged, the
/// promised date, and the consequences of a false or broken pledge. `names` are the materials'
/// names in the order of `terms.materials`; `check_days` the 核查 period of a 告知承诺.
pub fn text(terms: &PledgeTerms, matter_name: &str, names: &[String], check_days: u32) -> Vec<String> {
    let mut out = Vec::new();
    match terms.kind {
        PledgeKind::Deficient => {
            out.push(format!("本人（单位）申请「{matter_name}」，主要材料齐全，以下材料容缺受理，承诺按期补齐："));
        }
        PledgeKind::Notify => {
            out.push(format!("本人（单位）申请「{matter_name}」，以本承诺代替以下证明材料，承诺所述情况真实："));
        }
    }
    for (i, n) in names.iter().enumerate() {
        out.push(format!("{}. {n}", i + 1));
    }
    match (terms.kind, terms.due) {
        (PledgeKind::Deficient, Some(d)) => {
            out.push(format!("承诺补齐日期：{}", zh_date(d)));
            out.push("逾期未补齐的，本办件不予办结，依法处理。".into());
        }
        _ => {
            out.push(format!("本机关自受理之日起{check_days}个工作日内对承诺内容进行核查（事中事后核查）。"));
        }
    }
    out.push("承诺不实的：未作出许可决定的不予行政许可，并给予警告（《行政许可法》第七十八条）；".into());
    out.push("已取得许可的依法予以撤销（第六十九条第二款），且依法在规定期限内不得再次申请（第七十九条）；".into());
    out.push("并记入失信记录。".into());
    out.push("承诺人签字：______________".into());
    out.push("日期：______年____月____日".into());
    out
}

// ---- 事中事后核查 ------------------------------------------------------------------------------

/// The period of the check in working days (see the module's head for where it comes from).
pub fn check_days(matter: &Matter) -> u32 {
    matter.verify_days.unwrap_or(matter.committed_days)
}

/// The check's due date: `check_days` working days after the acceptance day.
pub fn check_due(
    calendar: &Calendar,
    accepted: NaiveDate,
    matter: &Matter,
) -> Result<Counted<NaiveDate>, OutsideCalendar> {
    calendar.due(accepted, check_days(matter))
}

/// The result of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    /// 属实: the pledge holds.
    True,
    /// 不实: the pledge was false.
    False,
}

impl Finding {
    /// The stored form of the finding (`true`, `false`).
    pub fn code(self) -> &'static str {
        match self {
            Finding::True => "true",
            Finding::False => "false",
        }
    }
    /// The finding of a stored code; `None` for an unknown one.
    pub fn from_code(s: &str) -> Option<Finding> {
        match s {
            "true" => Some(Finding::True),
            "false" => Some(Finding::False),
            _ => None,
        }
    }
    /// The finding as staff read it in Chinese (属实, 不实).
    pub fn zh(self) -> &'static str {
        match self {
            Finding::True => "属实",
            Finding::False => "不实",
        }
    }
    /// The finding in English.
    pub fn en(self) -> &'static str {
        match self {
            Finding::True => "true",
            Finding::False => "false",
        }
    }
}

/// What happens to the case's decision after a false pledge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionConsequence {
    /// Granted already: 撤销 (第六十九条第二款).
    Revoke,
    /// Not decided yet: 不予行政许可 (第七十八条); a grant is refused from now on.
    Deny,
    /// Denied already, or the case never reached a decision: nothing more to the decision.
    None,
}

impl DecisionConsequence {
    /// The stored form of the consequence (`revoke`, `deny`, `none`).
    pub fn code(self) -> &'static str {
        match self {
            DecisionConsequence::Revoke => "revoke",
            DecisionConsequence::Deny => "deny",
            DecisionConsequence::None => "none",
        }
    }
    /// The consequence of a stored code; `None` for an unknown one.
    pub fn from_code(s: &str) -> Option<DecisionConsequence> {
        match s {
            "revoke" => Some(DecisionConsequence::Revoke),
            "deny" => Some(DecisionConsequence::Deny),
            "none" => Some(DecisionConsequence::None),
            _ => None,
        }
    }
    /// The consequence as staff read it in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            DecisionConsequence::Revoke => "撤销许可",
            DecisionConsequence::Deny => "不予许可",
            DecisionConsequence::None => "无",
        }
    }
    /// The consequence in English.
    pub fn en(self) -> &'static str {
        match self {
            DecisionConsequence::Revoke => "permit revoked",
            DecisionConsequence::Deny => "permit to be denied",
            DecisionConsequence::None => "none",
        }
    }
}

/// The consequences of a false 告知承诺.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consequences {
    /// What happens to the case's decision.
    pub decision: DecisionConsequence,
    /// The 失信 mark entered: 严重失信 when the permit was obtained by the false pledge
    /// (第七十九条, three years), 一般失信 when it was found before (第七十八条, one year).
    pub serious: bool,
    /// The mark's source line (the case number and the article).
    pub source: String,
}

/// What a false pledge on case `number` leads to, given the case's decision so far.
pub fn consequences(number: &str, decision: Option<Outcome>) -> Consequences {
    let (decision, serious, article) = match decision {
        Some(Outcome::Grant) => (DecisionConsequence::Revoke, true, "第六十九条、第七十九条"),
        Some(Outcome::Deny) => (DecisionConsequence::None, false, "第七十八条"),
        None => (DecisionConsequence::Deny, false, "第七十八条"),
    };
    Consequences {
        decision, serious, source: format!("告知承诺不实 办件{number}（行政许可法{article}）")
    }
}

/// Why a check's finding cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    /// The check has a result already.
    #[error("the check's result was recorded already")]
    Done,
    /// A false finding without a note.
    #[error("a false finding (不实) needs a note saying what was found")]
    NoNote,
    /// The note is longer than [`MAX_NOTE`] characters or holds control characters.
    #[error("the note is longer than {MAX_NOTE} characters or holds control characters")]
    BadNote,
}

impl CheckError {
    /// What the clerk is told (staff words, zh-CN).
    pub fn zh(&self) -> String {
        match self {
            CheckError::Done => "该核查已记录结果".into(),
            CheckError::NoNote => "核查不实，请写明核查发现的情况".into(),
            CheckError::BadNote => format!("核查说明过长（最多{MAX_NOTE}字）或含控制字符"),
        }
    }
}

/// May a finding be recorded on a check (`done`: one is recorded already)?
pub fn check_finding(done: bool, finding: Finding, note: &str) -> Result<(), CheckError> {
    if done {
        return Err(CheckError::Done);
    }
    if note.chars().count() > MAX_NOTE || note.chars().any(char::is_control) {
        return Err(CheckError::BadNote);
    }
    if finding == Finding::False && note.trim().is_empty() {
        return Err(CheckError::NoNote);
    }
    Ok(())
}

/// A 核查 task as listed for staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PledgeCheck {
    /// The check's id in the store.
    pub id: i64,
    /// The case whose 告知承诺 is checked (case id).
    pub case: i64,
    /// The case's number.
    pub number: String,
    /// The matter's code.
    pub matter: String,
    /// The applicant's name as recorded on the case.
    pub visitor: String,
    /// The enterprise (单位) named on the case, if any.
    pub enterprise: Option<String>,
    /// The pledged materials (codes).
    pub materials: Vec<String>,
    /// The day the check was opened (the acceptance day).
    pub opened_on: NaiveDate,
    /// The last day of the check (`check_days` working days after `opened_on`).
    pub due: NaiveDate,
    /// `due` was counted over a year without a published holiday notice (暂定).
    pub due_provisional: bool,
    /// The result once recorded.
    pub result: Option<CheckResult>,
}

/// A check's recorded result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    /// 属实 or 不实.
    pub finding: Finding,
    /// What was found (required for 不实, at most [`MAX_NOTE`] characters).
    pub note: String,
    /// The staff id who recorded it.
    pub by: String,
    /// When it was recorded.
    pub at: NaiveDateTime,
    /// What the false pledge did to the case's decision (`None` for a true one).
    pub decision: DecisionConsequence,
    /// The 失信 mark entered for a false pledge.
    pub mark: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::matters::{Matters, SAFETY_PERMIT_EXTENSION, SPECIAL_REVIEW};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }
    fn at(day: NaiveDate) -> NaiveDateTime {
        day.and_hms_opt(10, 0, 0).unwrap()
    }
    fn item(code: &str, state: MaterialState) -> CheckItem {
        CheckItem { material: code.into(), state }
    }
    /// A matter with a key material, a non-key one and a pledgeable one.
    fn matter() -> Matter {
        let all = Matters::builtin();
        let m = all.get(SAFETY_PERMIT_EXTENSION).or_else(|| all.get(SPECIAL_REVIEW)).unwrap().clone();
        assert!(m.materials.iter().any(|x| x.key) && m.materials.iter().any(|x| !x.key));
        m
    }

    fn list(m: &Matter, missing: &str) -> Vec<CheckItem> {
        m.materials
            .iter()
            .map(|x| {
                let state = if x.code == missing { MaterialState::Missing } else { MaterialState::Provided };
                item(&x.code, state)
            })
            .collect()
    }

    #[test]
    fn a_deficient_pledge_covers_the_missing_non_key_materials_by_a_date_up_to_the_committed_due() {
        // SPEC §2 容缺受理: every key material present; a pledge signed before acceptance to supply
        // the missing non-key ones by a date no later than the committed completion date.
        let m = matter();
        let key = m.materials.iter().find(|x| x.key).unwrap().code.clone();
        let non_key = m.materials.iter().find(|x| !x.key).unwrap().code.clone();
        let (today, committed) = (d(2026, 12, 7), d(2026, 12, 21));
        let t = |list: &[CheckItem], due| {
            terms(PledgeKind::Deficient, CaseState::Registered, &m, list, due, today, committed)
        };
        assert_eq!(t(&list(&m, &key), Some(today)), Err(PledgeError::KeyMaterialMissing(vec![key.clone()])));
        assert_eq!(t(&list(&m, "none"), Some(today)), Err(PledgeError::NothingOutstanding));
        assert_eq!(t(&list(&m, &non_key), None), Err(PledgeError::NoDate));
        assert_eq!(t(&list(&m, &non_key), Some(d(2026, 12, 6))), Err(PledgeError::DateInPast(d(2026, 12, 6))));
        assert_eq!(
            t(&list(&m, &non_key), Some(d(2026, 12, 22))),
            Err(PledgeError::DateAfterDue { pledge_due: d(2026, 12, 22), due: committed })
        );
        let ok = t(&list(&m, &non_key), Some(committed)).unwrap();
        assert_eq!(ok, PledgeTerms { kind: PledgeKind::Deficient, materials: vec![non_key], due: Some(committed) });
        // Before acceptance only.
        let accepted = terms(PledgeKind::Deficient, CaseState::Accepted, &m, &[], Some(today), today, committed);
        assert_eq!(accepted, Err(PledgeError::NotOpen(CaseState::Accepted)));
    }

    #[test]
    fn acceptance_waits_for_the_signed_pledge_that_matches_it() {
        // SPEC §2 (容缺受理, 告知承诺): the pledge is signed before acceptance; issue 15 "Pledges
        // that are real": the clerk confirms the signed paper is in hand.
        let need = PledgeTerms { kind: PledgeKind::Notify, materials: vec!["health".into()], due: None };
        assert_eq!(check_accept(None, None), Ok(()), "a full acceptance needs no pledge");
        assert_eq!(check_accept(Some(&need), None), Err(PledgeError::NotPrinted(PledgeKind::Notify)));
        let mut rec = PledgeRecord {
            id: 1,
            terms: need.clone(),
            printed_by: "0002".into(),
            printed_at: at(d(2026, 12, 7)),
            signed: None,
        };
        assert_eq!(check_accept(Some(&need), Some(&rec)), Err(PledgeError::NotSigned(PledgeKind::Notify)));
        rec.signed = Some(("0002".into(), at(d(2026, 12, 7))));
        assert_eq!(check_accept(Some(&need), Some(&rec)), Ok(()));
        // A tick after printing: the signed paper promises something else.
        let more = PledgeTerms { materials: vec!["health".into(), "training".into()], ..need.clone() };
        assert_eq!(check_accept(Some(&more), Some(&rec)), Err(PledgeError::Changed(PledgeKind::Notify)));
        // Another promised date is another promise (容缺).
        let def =
            PledgeTerms { kind: PledgeKind::Deficient, materials: vec!["photo".into()], due: Some(d(2026, 12, 10)) };
        let signed = PledgeRecord { terms: def.clone(), ..rec.clone() };
        let later = PledgeTerms { due: Some(d(2026, 12, 11)), ..def.clone() };
        assert_eq!(check_accept(Some(&later), Some(&signed)), Err(PledgeError::Changed(PledgeKind::Deficient)));
        assert_eq!(check_accept(Some(&def), Some(&signed)), Ok(()));
        // A 告知承诺 on file does not stand for a 容缺 pledge.
        assert_eq!(check_accept(Some(&def), Some(&rec)), Err(PledgeError::NotPrinted(PledgeKind::Deficient)));
    }

    #[test]
    fn which_pledge_an_acceptance_needs() {
        let list = vec![
            item("a", MaterialState::Provided),
            item("b", MaterialState::Pledged),
            item("c", MaterialState::Missing),
        ];
        let due = d(2026, 12, 10);
        assert_eq!(needed(&list, Some(due)).unwrap().materials, vec!["c".to_string()]);
        assert_eq!(
            needed(&list, None).unwrap(),
            PledgeTerms { kind: PledgeKind::Notify, materials: vec!["b".into()], due: None }
        );
        assert_eq!(needed(&[item("a", MaterialState::Provided)], None), None);
    }

    #[test]
    fn confirming_the_signature_needs_the_printed_paper_once() {
        let cur = PledgeTerms { kind: PledgeKind::Notify, materials: vec!["b".into()], due: None };
        assert_eq!(check_confirm(CaseState::Registered, None, &cur), Err(PledgeError::NotPrinted(PledgeKind::Notify)));
        let mut rec = PledgeRecord {
            id: 1,
            terms: cur.clone(),
            printed_by: "0002".into(),
            printed_at: at(d(2026, 12, 7)),
            signed: None,
        };
        assert_eq!(check_confirm(CaseState::Registered, Some(&rec), &cur), Ok(()));
        let other = PledgeTerms { materials: vec!["c".into()], ..cur.clone() };
        assert_eq!(
            check_confirm(CaseState::Registered, Some(&rec), &other),
            Err(PledgeError::Changed(PledgeKind::Notify))
        );
        assert_eq!(
            check_confirm(CaseState::Accepted, Some(&rec), &cur),
            Err(PledgeError::NotOpen(CaseState::Accepted))
        );
        rec.signed = Some(("0002".into(), at(d(2026, 12, 7))));
        assert_eq!(check_confirm(CaseState::Registered, Some(&rec), &cur), Err(PledgeError::AlreadySigned));
    }

    #[test]
    fn the_printed_pledge_names_what_is_outstanding_the_date_and_the_consequences() {
        // 行政许可法 第七十八条, 第六十九条第二款, 第七十九条: the consequences of a false pledge are
        // printed for the applicant before signing; dates in Chinese form on paper.
        let def =
            PledgeTerms { kind: PledgeKind::Deficient, materials: vec!["photo".into()], due: Some(d(2027, 1, 1)) };
        let lines = text(&def, "特种作业操作证复审", &["近期证件照".to_string()], 5).join("\n");
        assert!(lines.contains("1. 近期证件照"), "{lines}");
        assert!(lines.contains("2027年1月1日"), "{lines}");
        assert!(lines.contains("第七十八条") && lines.contains("撤销") && lines.contains("失信"), "{lines}");
        assert!(lines.contains("承诺人签字"));
        let notify = PledgeTerms { kind: PledgeKind::Notify, materials: vec!["health".into()], due: None };
        let lines = text(&notify, "特种作业操作证复审", &["体检证明".to_string()], 8).join("\n");
        assert!(lines.contains("以本承诺代替") && lines.contains("8个工作日内") && lines.contains("核查"), "{lines}");
        assert!(!lines.contains("补齐日期"));
    }

    #[test]
    fn the_check_is_due_in_the_matters_working_days() {
        // Issue 15: the 事中事后核查 is due in working days, a matter setting; without one, the
        // committed limit (module head: no seed gives a figure).
        let mut m = matter();
        m.verify_days = None;
        assert_eq!(check_days(&m), m.committed_days);
        m.verify_days = Some(3);
        let cal = Calendar::builtin();
        // Friday 2026-12-04 + 3 working days: Wednesday 2026-12-09.
        assert_eq!(check_due(&cal, d(2026, 12, 4), &m).unwrap().value, d(2026, 12, 9));
    }

    #[test]
    fn a_false_pledge_revokes_a_granted_permit_and_denies_a_pending_one() {
        // 行政许可法 第六十九条第二款 (以欺骗等不正当手段取得的，应当予以撤销) and 第七十九条 (三年内不得
        // 再次申请): granted → revoked, 严重失信. 第七十八条 (不予行政许可，并给予警告; 一年): not yet
        // decided → denied, 一般失信. SPEC §2 告知承诺: 失信 mark.
        let c = consequences("20261207-003", Some(Outcome::Grant));
        assert_eq!((c.decision, c.serious), (DecisionConsequence::Revoke, true));
        assert!(c.source.contains("20261207-003") && c.source.contains("第六十九条"));
        let c = consequences("20261207-003", None);
        assert_eq!((c.decision, c.serious), (DecisionConsequence::Deny, false));
        assert!(c.source.contains("第七十八条"));
        assert_eq!(consequences("x", Some(Outcome::Deny)).decision, DecisionConsequence::None);
    }

    #[test]
    fn a_finding_is_recorded_once_and_a_false_one_says_what_was_found() {
        assert_eq!(check_finding(false, Finding::True, ""), Ok(()));
        assert_eq!(check_finding(false, Finding::False, "  "), Err(CheckError::NoNote));
        assert_eq!(check_finding(false, Finding::False, "体检证明系伪造\u{7}"), Err(CheckError::BadNote));
        assert_eq!(check_finding(false, Finding::False, &"长".repeat(MAX_NOTE + 1)), Err(CheckError::BadNote));
        assert_eq!(check_finding(false, Finding::False, "体检机构无此记录"), Ok(()));
        assert_eq!(check_finding(true, Finding::True, ""), Err(CheckError::Done));
        for f in [Finding::True, Finding::False] {
            assert_eq!(Finding::from_code(f.code()), Some(f));
        }
        assert_eq!(Finding::from_code("maybe"), None);
        for k in [PledgeKind::Deficient, PledgeKind::Notify] {
            assert_eq!(PledgeKind::from_code(k.code()), Some(k));
        }
        assert_eq!(PledgeKind::from_code(""), None);
        for c in [DecisionConsequence::Revoke, DecisionConsequence::Deny, DecisionConsequence::None] {
            assert_eq!(DecisionConsequence::from_code(c.code()), Some(c));
        }
    }
}
