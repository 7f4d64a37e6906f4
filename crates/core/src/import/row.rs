//! The row rules: what makes a roster row valid, and the holder and certificate it becomes.
//! (The general decisions are listed in the module docs of `import`; the rules added for
//! issue 6 are these.)
//!
//! - 身份证号: province codes that exist and the 2023 foreigners' permanent-residence ID
//!   (`ResidentId::parse`).
//! - The holder must be 18 on 初领日期 (30号令 art. 4: 年满18周岁): otherwise the row is
//!   **rejected** (one of the dates is wrong, and a certificate cannot have been issued).
//!   A 初领日期 before the birth date is rejected with that reason (not as a negative age).
//! - 特种作业操作证: a holder past the statutory retirement age on 初领日期 (30号令 art. 4(一);
//!   the age by birth month under the 2024 decision, `domain::retirement`, taking the later of
//!   the women's two ages) is a **warning**: 弹性延迟退休 exists, and the roster may be right.
//! - 应复审日期 blank (or the column absent): the review date is *unknown* (SPEC §2), never
//!   derived from 有效期起 and never a missed review; `import` warns once per file.
//! - 有效期: 6 years for a 特种作业操作证 (30号令 art. 19), 3 years for a 合格证 (SPEC §2);
//!   another length is a **warning** (re-issued or extended cards exist), the row is imported.
//!   Both "起 + N years" and "起 + N years − 1 day" count as N years.
//! - 作业类别/操作项目: the official 目录 names, with their full-width brackets (裂解（裂化）
//!   工艺作业); the short forms older rosters use (井下电气作业 under 煤矿安全作业 …) and the
//!   ASCII-bracket spellings are aliases, stored under the official name; 11 其他作业 takes free
//!   text. 行业类别: the catalogue's names as rosters write them (危险化学品使用单位, 煤矿, 其他 …),
//!   ASCII brackets accepted.
//! - 延期复审 (30号令 art. 21): 是/否 (also Y/N, 1/0, true/false; empty = 否). Only a 特种作业操作证
//!   has reviews: 是 on a 合格证 is a warning and ignored.
//! - 签发机关 may be blank (the slip then leaves the line out).
//! - 统一社会信用代码: the registration-authority code (first character) must exist; a failed
//!   check character of the code or of its embedded 组织机构代码 (GB 11714) is a warning.
//! - A row that imports must print: the slip's signed QR code has to hold the name, the scope
//!   and the dates, so a row whose certificate could not be sealed (a name or free-text item
//!   too long for a version 10 code, a date past 2179) is **rejected** with the reason. Middle
//!   dots in names (・ • ‧ ･ ．) are stored as the standard · of minority names.

use crate::domain::catalogue::Catalogue;
use crate::domain::cert::add_years;
use crate::domain::retirement;
use crate::domain::uscc::{self, UsccCheck};
use crate::domain::{CertId, CertKind, Certificate, Gender, Holder, ResidentId, Standing};
use crate::seal::payload::MAX_SCOPE_BYTES;
use crate::seal::SlipClaims;
use chrono::NaiveDate;
use std::borrow::Cow;
use std::collections::HashMap;

/// Logical columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub(super) enum Col {
    Kind,
    Number,
    Name,
    Gender,
    IdNumber,
    Category,
    Item,
    Industry,
    FirstIssued,
    ValidFrom,
    ValidUntil,
    ReviewDue,
    ReviewedOn,
    Issuer,
    Standing,
    Mobile,
    Employer,
    EmployerCode,
    ExtendedReview,
}
pub(super) const NCOLS: usize = 19;

/// Accepted headers per logical column: the canonical Chinese header first, then aliases.
pub const COLUMNS: [&[&str]; NCOLS] = [
    &["证件类型", "人员类型", "证书类型", "kind", "cert_kind", "type"],
    &["证号", "证书编号", "证件编号", "证书号", "number", "cert_number"],
    &["姓名", "name"],
    &["性别", "gender", "sex"],
    &["身份证号", "身份证号码", "公民身份号码", "id_number", "id"],
    &["作业类别", "category"],
    &["操作项目", "准操项目", "item"],
    &["行业类别", "行业", "industry"],
    &["初领日期", "first_issued"],
    &["有效期起", "有效期开始", "有效期自", "valid_from"],
    &["有效期止", "有效期至", "有效期结束", "valid_until"],
    &["应复审日期", "review_due"],
    &["实际复审日期", "复审日期", "reviewed_on"],
    &["签发机关", "发证机关", "issuer"],
    &["状态", "证书状态", "standing", "status"],
    &["手机号", "手机号码", "联系电话", "mobile", "phone"],
    &["工作单位", "单位名称", "employer"],
    &["统一社会信用代码", "信用代码", "employer_code", "uscc"],
    &["延期复审", "是否延期复审", "extended_review"],
];

pub(super) const REQUIRED: [Col; 6] =
    [Col::Kind, Col::Number, Col::Name, Col::IdNumber, Col::ValidFrom, Col::ValidUntil];
/// Excel serial (1900 date system) → date. Serials 1..=2958465 (up to 9999-12-31).
pub(super) fn excel_serial(v: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&v) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_days(chrono::Days::new(v.floor() as u64))
}
fn canon(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '、' => ',',
            '，' => ',',
            c => c,
        })
        .collect()
}

/// The catalogue lookups and the day the rules are checked against.
pub(super) struct Rules {
    today: NaiveDate,
    categories: HashMap<String, CategoryRule>,
    industries: HashMap<String, String>,
}

/// A 作业类别 as the rows may write it.
struct CategoryRule {
    /// Official name.
    name: String,
    /// canon(official name, alias, or either without the trailing 作业) → official item name.
    items: HashMap<String, String>,
    /// 11 其他作业: any item text.
    free_text: bool,
}

/// A row that passed: what it becomes, and what the person importing should look at.
pub(super) struct Checked {
    pub holder: Holder,
    pub cert: Certificate,
    pub warnings: Vec<(Col, String)>,
}

impl Rules {
    pub(super) fn new(today: NaiveDate, cat: &Catalogue) -> Rules {
        let mut categories = HashMap::new();
        for c in &cat.categories {
            let mut items = HashMap::new();
            let names = c.items.iter().map(|i| (i, i)).chain(c.aliases.iter());
            for (written, official) in names {
                items.insert(canon(written), official.clone());
                if let Some(short) = written.strip_suffix("作业") {
                    items.entry(canon(short)).or_insert_with(|| official.clone());
                }
            }
            categories.insert(canon(&c.name), CategoryRule { name: c.name.clone(), items, free_text: c.free_text });
        }
        let industries = cat.industries.names.iter().map(|n| (canon(n), n.clone())).collect();
        Rules { today, categories, industries }
    }

    /// Check one row: the holder and certificate it becomes (with warnings), or every
    /// problem found (column, reason).
    pub(super) fn check(
        &self,
        cells: &[Cow<'_, str>; NCOLS],
        nums: &[Option<f64>; NCOLS],
    ) -> std::result::Result<Checked, Vec<(Col, String)>> {
        let mut warnings: Vec<(Col, String)> = Vec::new();
        let mut errs: Vec<(Col, String)> = Vec::new();
        // A cell a spreadsheet would run as a formula was exported with `'` in front
        // (`domain::spreadsheet`): read back as it was.
        let get = |c: Col| crate::domain::spreadsheet::unneutralised(cells[c as usize].trim());
        // Bidi controls and zero-width characters make text look other than it is (a name
        // reading backwards, two "identical" names): refused in every text column (issue 17 §5).
        for c in [Col::Name, Col::Number, Col::Item, Col::Issuer, Col::Mobile, Col::Employer, Col::EmployerCode] {
            if let Some(ch) = crate::domain::invisible::first_invisible(&cells[c as usize]) {
                errs.push((c, crate::domain::invisible::reason(ch)));
            }
        }
        // fields exported with a leading ' or tab to keep Excel from mangling digits
        let code = |c: Col| get(c).trim_start_matches(['\'', '`']).trim();

        let kind = match get(Col::Kind) {
            "" => {
                errs.push((Col::Kind, "empty".into()));
                None
            }
            s => {
                let k = CertKind::parse(s);
                if k.is_none() {
                    errs.push((
                        Col::Kind,
                        format!("unknown kind \"{s}\" (expected 特种作业操作证, 主要负责人 or 安全生产管理人员)"),
                    ));
                }
                k
            }
        };
        let id = match ResidentId::parse(code(Col::IdNumber), self.today) {
            Ok(id) => Some(id),
            Err(e) => {
                errs.push((Col::IdNumber, format!("{} ({e})", e.zh())));
                None
            }
        };
        let name = normalise_name(get(Col::Name));
        let name = name.as_str();
        if name.is_empty() {
            errs.push((Col::Name, "empty".into()));
        } else if name.chars().count() > 60 || name.chars().any(char::is_control) {
            errs.push((Col::Name, "not a plausible name (too long or control characters)".into()));
        }
        let gender = match (get(Col::Gender), &id) {
            ("", Some(id)) => Some(id.gender()),
            ("", None) => None,
            (g, id) => match Gender::from_zh(g) {
                None => {
                    errs.push((Col::Gender, format!("\"{g}\" is not 男 or 女")));
                    None
                }
                Some(g) => {
                    if let Some(id) = id {
                        if id.gender() != g {
                            errs.push((
                                Col::Gender,
                                format!(
                                    "{} does not match the ID number (its 17th digit says {})",
                                    g.zh(),
                                    id.gender().zh()
                                ),
                            ));
                        }
                    }
                    Some(g)
                }
            },
        };
        let number = code(Col::Number).to_ascii_uppercase();
        if number.is_empty() {
            errs.push((Col::Number, "empty".into()));
        } else if number.chars().count() > 40 {
            errs.push((Col::Number, "longer than 40 characters".into()));
        } else if let (Some(CertKind::SpecialOperation), Some(id)) = (kind, &id) {
            if number != format!("T{}", id.as_str()) {
                errs.push((
                    Col::Number,
                    "a 特种作业操作证 number must be \"T\" followed by the holder's ID number".into(),
                ));
            }
        }

        let date = |c: Col, errs: &mut Vec<(Col, String)>| -> Option<NaiveDate> {
            let s = get(c);
            if s.is_empty() {
                return None;
            }
            let d = nums[c as usize]
                .filter(|_| !s.contains(['-', '/', '.']) && s.len() != 8)
                .and_then(excel_serial)
                .or_else(|| parse_date(s));
            if d.is_none() {
                errs.push((c, format!("\"{s}\" is not a date (use YYYY-MM-DD, YYYY/MM/DD or YYYYMMDD)")));
            }
            d
        };
        let valid_from = date(Col::ValidFrom, &mut errs);
        let valid_until = date(Col::ValidUntil, &mut errs);
        let first_issued = date(Col::FirstIssued, &mut errs);
        let mut review_due = date(Col::ReviewDue, &mut errs);
        let mut reviewed_on = date(Col::ReviewedOn, &mut errs);
        for (c, v) in [(Col::ValidFrom, valid_from), (Col::ValidUntil, valid_until)] {
            if v.is_none() && get(c).is_empty() {
                errs.push((c, "empty".into()));
            }
        }
        if let (Some(f), Some(u)) = (valid_from, valid_until) {
            if f > u {
                errs.push((Col::ValidUntil, format!("有效期止 {u} is before 有效期起 {f}")));
            }
        }

        let (mut category, mut item, mut industry) = (None, None, None);
        match kind {
            Some(CertKind::SpecialOperation) => {
                let c = get(Col::Category);
                let i = get(Col::Item);
                match self.categories.get(&canon(c)) {
                    None => errs.push((
                        Col::Category,
                        if c.is_empty() {
                            "empty (a 特种作业操作证 needs a 作业类别)".into()
                        } else {
                            format!("\"{c}\" is not a 作业类别 in the catalogue")
                        },
                    )),
                    Some(rule) => {
                        category = Some(rule.name.clone());
                        match rule.items.get(&canon(i)) {
                            Some(iname) => item = Some(iname.clone()),
                            None if rule.free_text && !i.is_empty() => match free_item(i) {
                                Ok(t) => item = Some(t),
                                Err(e) => errs.push((Col::Item, e)),
                            },
                            None => errs.push((
                                Col::Item,
                                if i.is_empty() {
                                    "empty (a 特种作业操作证 needs an 操作项目)".into()
                                } else {
                                    format!("\"{i}\" is not an 操作项目 of {}", rule.name)
                                },
                            )),
                        }
                    }
                }
                // A blank 应复审日期 stays unknown (SPEC §2): never 有效期起 + 3 years presented as
                // the roster's date, and never a missed review. The import warns once per file.
            }
            Some(_) => {
                let s = get(Col::Industry);
                match self.industries.get(&canon(s)) {
                    Some(n) => industry = Some(n.clone()),
                    None => errs.push((
                        Col::Industry,
                        if s.is_empty() {
                            "empty (a 合格证 needs a 行业类别)".into()
                        } else {
                            format!("\"{s}\" is not a 行业类别 in the catalogue")
                        },
                    )),
                }
                review_due = None;
                reviewed_on = None;
            }
            None => {}
        }

        let standing = match Standing::parse(get(Col::Standing)) {
            Some(s) => s,
            None => {
                errs.push((
                    Col::Standing,
                    format!("\"{}\" is not a 30号令 standing (有效, 暂停, 撤销, 注销)", get(Col::Standing)),
                ));
                Standing::Active
            }
        };

        let extended_review = match parse_yes_no(get(Col::ExtendedReview)) {
            Some(v) => v,
            None => {
                errs.push((
                    Col::ExtendedReview,
                    format!("\"{}\" is not 是 or 否 (延期复审, 30号令 art. 21)", get(Col::ExtendedReview)),
                ));
                false
            }
        };

        // 30号令 art. 4: a holder is at least 18 (年满18周岁) when first certified.
        if let (Some(id), Some(first)) = (&id, first_issued.or(valid_from)) {
            let age = id.age_on(first);
            let col = if first_issued.is_some() { Col::FirstIssued } else { Col::ValidFrom };
            if first < id.birth_date() {
                errs.push((
                    col,
                    format!(
                        "{} {first} is before the holder's birth date {} (from the ID number): one of the two \
                         is wrong — check this date and the ID number",
                        if first_issued.is_some() { "初领日期" } else { "有效期起" },
                        id.birth_date()
                    ),
                ));
            } else if age < 18 {
                errs.push((
                    col,
                    format!(
                        "the holder was {age} on {first} (born {}); a certificate needs the holder to be \
                         18 (30号令 art. 4) — check this date and the ID number",
                        id.birth_date()
                    ),
                ));
            }
        }

        let mobile = match normalise_mobile(code(Col::Mobile)) {
            Ok(m) => m,
            Err(e) => {
                errs.push((Col::Mobile, e));
                None
            }
        };

        if !errs.is_empty() {
            return Err(errs);
        }

        // ---- warnings (row still imported) ----
        let mut employer_code = Some(code(Col::EmployerCode).to_string()).filter(|s| !s.is_empty());
        if let Some(c) = employer_code.clone() {
            match uscc::check(&c) {
                Ok(UsccCheck::Ok(norm)) => employer_code = Some(norm),
                Ok(UsccCheck::Suspect { code, mismatches }) => {
                    let what: Vec<String> = mismatches.iter().map(ToString::to_string).collect();
                    warnings.push((Col::EmployerCode, format!("{}; kept as given — please verify", what.join("; "))));
                    employer_code = Some(code);
                }
                Err(e) => {
                    warnings.push((Col::EmployerCode, format!("{e}; not stored")));
                    employer_code = None;
                }
            }
        }
        let (Some(kind), Some(id), Some(gender), Some(valid_from), Some(valid_until)) =
            (kind, id, gender, valid_from, valid_until)
        else {
            unreachable!("no errors means every required field parsed");
        };
        let first_issued = match first_issued {
            Some(f) if f > valid_from => {
                warnings.push((Col::FirstIssued, format!("初领日期 {f} is after 有效期起 {valid_from}")));
                f
            }
            Some(f) => f,
            None => valid_from,
        };
        // 30号令 art. 19: a 特种作业操作证 is valid 6 years; a 合格证 3 (SPEC §2). Another length is
        // worth a look but not a block (re-issued and extended cards exist).
        let years = kind.validity_years();
        let full = add_years(valid_from, years as i32);
        if valid_until != full && valid_until != full - chrono::Days::new(1) {
            warnings.push((
                Col::ValidUntil,
                format!(
                    "有效期 {valid_from} to {valid_until} is not {years} years (a {} is valid {years} years: \
                     expected {}); imported as given — please verify",
                    kind.title_zh(),
                    full - chrono::Days::new(1)
                ),
            ));
        }
        // 30号令 art. 4 (一): not past the statutory retirement age at first issue. That age moves
        // by birth month (2024 decision on gradually raising it); 弹性延迟退休 and the women's
        // two original ages mean a roster can be right anyway: a warning, never a block.
        if kind == CertKind::SpecialOperation {
            let birth = id.birth_date();
            let track = retirement::Track::latest_for(gender);
            let retires = retirement::retirement_date(track, birth);
            if first_issued >= retires {
                let col = if first_issued == valid_from { Col::ValidFrom } else { Col::FirstIssued };
                warnings.push((
                    col,
                    format!(
                        "the holder was past the statutory retirement age ({}, reached {retires}) on {first_issued} \
                         (30号令 art. 4(一): 不超过国家法定退休年龄); imported — please verify",
                        retirement::age_zh(retirement::age_months(track, birth))
                    ),
                ));
            }
        }
        if extended_review && kind != CertKind::SpecialOperation {
            warnings.push((Col::ExtendedReview, "延期复审 applies to 特种作业操作证 only; ignored".into()));
        }
        let opt = |c: Col| Some(get(c).to_string()).filter(|s| !s.is_empty());
        let holder = Holder {
            id_number: id.as_str().to_string(),
            name: name.to_string(),
            gender,
            mobile,
            employer: opt(Col::Employer),
            employer_code,
        };
        let cert = Certificate {
            id: CertId::NEW,
            number,
            kind,
            holder_id: holder.id_number.clone(),
            name: holder.name.clone(),
            gender,
            category,
            item,
            industry,
            first_issued,
            valid_from,
            valid_until,
            review_due,
            reviewed_on,
            issuer: get(Col::Issuer).to_string(),
            standing,
            extended_review: extended_review && kind == CertKind::SpecialOperation,
            seal_handle: [0; 8],
        };
        // A row that imports must print: its slip's signed QR code must hold it. Checked with a
        // long serial (5 LEB128 bytes: 34 billion prints) so that no later print can fail.
        let at = self.today.max(NaiveDate::from_ymd_opt(2024, 1, 1).expect("date")).and_hms_opt(0, 0, 0).expect("time");
        if let Err(e) = SlipClaims::certificate_fits(&cert, PRINTABLE_CHECK_SERIAL, at) {
            let col = match &e {
                crate::seal::SealError::Field { field: "valid_until", .. } => Col::ValidUntil,
                crate::seal::SealError::Field { field: "review_due", .. } => Col::ReviewDue,
                crate::seal::SealError::Field { field: "item", .. } => Col::Item,
                _ => Col::Name,
            };
            return Err(vec![(
                col,
                format!(
                    "this certificate could not be printed: its slip's QR code cannot hold it ({e}); \
                     shorten the name or 操作项目, or correct the date"
                ),
            )]);
        }
        Ok(Checked { holder, cert, warnings })
    }
}
/// The serial the printability check seals with: 2^35 − 1, five LEB128 bytes.
const PRINTABLE_CHECK_SERIAL: u64 = (1 << 35) - 1;

/// Names as written, with the look-alike middle dots of transliterated minority names (・ • ‧ ･
/// ． and the like) made the standard ·, so the same person is always spelled the same way.
pub(super) fn normalise_name(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '\u{30FB}' | '\u{2022}' | '\u{2027}' | '\u{FF65}' | '\u{FF0E}' | '\u{2219}' | '\u{22C5}' => '·',
            c => c,
        })
        .collect()
}

/// A free-text 操作项目 (11 其他作业): trimmed, no control characters, short enough for the QR.
fn free_item(s: &str) -> std::result::Result<String, String> {
    let t = s.trim();
    if t.chars().any(char::is_control) {
        return Err("contains control characters".into());
    }
    let bytes = encoding_rs::GB18030.encode(t).0.len();
    if bytes > MAX_SCOPE_BYTES {
        return Err(format!(
            "\"{t}\" is too long for the slip's QR code ({bytes} bytes in GB18030, at most {MAX_SCOPE_BYTES}: about {} Chinese characters)",
            MAX_SCOPE_BYTES / 2
        ));
    }
    Ok(t.to_string())
}

/// 是/否 and the usual spellings; empty = 否. `None` for anything else.
pub(super) fn parse_yes_no(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "" | "否" | "无" | "n" | "no" | "0" | "false" => Some(false),
        "是" | "有" | "y" | "yes" | "1" | "true" | "延期复审" => Some(true),
        _ => None,
    }
}

/// Digits only (spaces, dashes, dots, brackets and a +86/0086 prefix stripped); 7–15 digits.
pub(super) fn normalise_mobile(s: &str) -> std::result::Result<Option<String>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    let mut t = s.trim();
    for p in ["+86", "0086"] {
        if let Some(r) = t.strip_prefix(p) {
            t = r;
        }
    }
    let mut digits = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return Err(format!("\"{s}\" is not a phone number (digits only)")),
        }
    }
    if !(7..=15).contains(&digits.len()) {
        return Err(format!("\"{s}\" has {} digits; expected 7 to 15", digits.len()));
    }
    Ok(Some(digits))
}

/// `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD` (one-digit month/day allowed), `YYYYMMDD`, an
/// Excel serial (1–6 digits), optionally followed by a time part.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let s = s.split([' ', 'T']).next().unwrap_or(s);
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return match s.len() {
            8 => {
                let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
                NaiveDate::from_ymd_opt(n(0..4)? as i32, n(4..6)?, n(6..8)?)
            }
            1..=6 => excel_serial(s.parse::<f64>().ok()?),
            _ => None,
        };
    }
    let mut parts = s.split(['-', '/', '.']);
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1800..=9999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::id::check_char;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_char(first17.as_bytes()))
    }

    /// A good 特种作业操作证 row (王秀英, born 1985-03-15, 电工作业 / 低压电工作业, 2023-03-01 ..
    /// 2029-02-28), with
    /// `changes` applied.
    fn row(changes: &[(Col, &str)]) -> std::result::Result<Checked, Vec<(Col, String)>> {
        let mut cells: [Cow<'_, str>; NCOLS] = Default::default();
        let base = [
            (Col::Kind, "特种作业操作证"),
            (Col::Number, "T110105198503150027"),
            (Col::Name, "王秀英"),
            (Col::IdNumber, "110105198503150027"),
            (Col::Category, "电工作业"),
            (Col::Item, "低压电工作业"),
            (Col::FirstIssued, "2023-03-01"),
            (Col::ValidFrom, "2023-03-01"),
            (Col::ValidUntil, "2029-02-28"),
            (Col::ReviewDue, "2026-03-01"),
            (Col::Issuer, "示范市应急管理局"),
            (Col::Mobile, "13800138000"),
        ];
        for (c, v) in base.iter().chain(changes) {
            cells[*c as usize] = Cow::Owned(v.to_string());
        }
        Rules::new(today(), &Catalogue::builtin()).check(&cells, &[None; NCOLS])
    }

    fn rejected(changes: &[(Col, &str)], col: Col, needle: &str) {
        match row(changes) {
            Ok(_) => panic!("{changes:?} accepted"),
            Err(errs) => assert!(
                errs.iter().any(|(c, r)| *c == col && r.contains(needle)),
                "{changes:?}: want {col:?} containing {needle:?}, got {errs:?}"
            ),
        }
    }

    fn warned(changes: &[(Col, &str)], col: Col, needle: &str) -> Checked {
        let c = row(changes).unwrap_or_else(|e| panic!("{changes:?} rejected: {e:?}"));
        assert!(
            c.warnings.iter().any(|(wc, r)| *wc == col && r.contains(needle)),
            "{changes:?}: want a {col:?} warning containing {needle:?}, got {:?}",
            c.warnings
        );
        c
    }

    #[test]
    fn the_base_row_is_clean() {
        let c = row(&[]).unwrap();
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        assert!(!c.cert.extended_review);
    }

    /// Issue 6 item 7: province codes that exist only; the 2023 foreigners' permanent-residence
    /// ID is accepted.
    #[test]
    fn id_numbers_with_provinces_that_do_not_exist_are_rejected() {
        for first17 in ["20010519491231002", "39010519491231002", "00010519491231002", "99010519491231002"] {
            let id = with_check(first17);
            let number = format!("T{id}");
            rejected(&[(Col::IdNumber, &id), (Col::Number, &number)], Col::IdNumber, "地址码");
        }
        let id = with_check("94484019700101202");
        let number = format!("T{id}");
        let c = row(&[(Col::IdNumber, &id), (Col::Number, &number)]).unwrap();
        assert_eq!(c.holder.id_number, id);
        for garbage in ["", "X", "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X\u{0}", "not an id"]
        {
            rejected(&[(Col::IdNumber, garbage)], Col::IdNumber, "");
        }
    }

    /// 30号令 art. 4: 年满18周岁 on 初领日期 (or 有效期起 when 初领日期 is blank).
    #[test]
    fn holder_must_be_18_at_first_issue() {
        let id = with_check("11010520080601001"); // born 2008-06-01
        let number = format!("T{id}");
        let base = [(Col::IdNumber, id.as_str()), (Col::Number, number.as_str()), (Col::ValidUntil, "2032-05-31")];
        let at = |first: &'static str| {
            let mut v = base.to_vec();
            v.extend([(Col::FirstIssued, first), (Col::ValidFrom, "2026-06-01")]);
            v
        };
        rejected(&at("2026-05-31"), Col::FirstIssued, "was 17");
        assert!(row(&at("2026-06-01")).is_ok(), "18 on the birthday");
        let mut blank = base.to_vec();
        blank.extend([(Col::FirstIssued, ""), (Col::ValidFrom, "2025-06-01"), (Col::ValidUntil, "2031-05-31")]);
        rejected(&blank, Col::ValidFrom, "was 17");
    }

    /// 30号令 art. 19: 有效期 6 years (special), 3 years (合格证); another length warns, never blocks.
    #[test]
    fn validity_length_is_a_warning() {
        assert!(row(&[(Col::ValidUntil, "2029-03-01")]).unwrap().warnings.is_empty(), "起 + 6 years exactly");
        let c = warned(&[(Col::ValidUntil, "2026-02-28")], Col::ValidUntil, "not 6 years");
        assert_eq!(c.cert.valid_until, NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
        let principal = [
            (Col::Kind, "主要负责人"),
            (Col::Number, "AQ2023000123"),
            (Col::Category, ""),
            (Col::Item, ""),
            (Col::Industry, "金属冶炼"),
            (Col::ReviewDue, ""),
        ];
        let mut three = principal.to_vec();
        three.push((Col::ValidUntil, "2026-02-28"));
        assert!(row(&three).unwrap().warnings.is_empty());
        let mut six = principal.to_vec();
        six.push((Col::ValidUntil, "2029-02-28"));
        warned(&six, Col::ValidUntil, "not 3 years");
    }

    #[test]
    fn issuer_may_be_blank() {
        let c = row(&[(Col::Issuer, "")]).unwrap();
        assert_eq!(c.cert.issuer, "");
        assert!(c.warnings.is_empty());
    }

    /// GB 32100 registration-authority code; GB 11714 check of the embedded 组织机构代码.
    #[test]
    fn credit_codes() {
        let c = row(&[(Col::EmployerCode, "91350100M000100Y43")]).unwrap();
        assert_eq!(c.holder.employer_code.as_deref(), Some("91350100M000100Y43"));
        let body = "01350100M000100Y4";
        let bad_authority = format!("{body}{}", uscc::code_check(body).unwrap());
        let c = warned(&[(Col::EmployerCode, &bad_authority)], Col::EmployerCode, "registration-authority");
        assert_eq!(c.holder.employer_code, None, "not stored");
        let body = "91350100M000100Y5";
        let bad_org = format!("{body}{}", uscc::code_check(body).unwrap());
        let c = warned(&[(Col::EmployerCode, &bad_org)], Col::EmployerCode, "组织机构代码");
        assert_eq!(c.holder.employer_code.as_deref(), Some(bad_org.as_str()), "kept as given");
        for garbage in ["91350100M000100Y4", "91350100M000100YI3", "统一社会信用代码", "\u{0}"] {
            let c = row(&[(Col::EmployerCode, garbage)]).unwrap();
            assert_eq!(c.holder.employer_code, None, "{garbage:?}");
            assert_eq!(c.warnings.len(), 1, "{garbage:?}");
        }
    }

    /// Issue 6 item 5: official 目录 names; short forms are aliases (the same short form means
    /// different items under 煤矿 and 金属非金属矿山); 11 其他作业 takes free text.
    #[test]
    fn catalogue_names_aliases_and_free_text() {
        let item = |cat: &str, item: &str| {
            row(&[(Col::Category, cat), (Col::Item, item)]).map(|c| c.cert.item.unwrap()).map_err(|e| format!("{e:?}"))
        };
        assert_eq!(item("煤矿安全作业", "煤矿井下电气作业").unwrap(), "煤矿井下电气作业");
        assert_eq!(item("煤矿安全作业", "井下电气作业").unwrap(), "煤矿井下电气作业");
        assert_eq!(item("煤矿安全作业", "井下电气").unwrap(), "煤矿井下电气作业");
        assert_eq!(item("煤矿安全作业", "采煤机（掘进机）操作作业").unwrap(), "煤矿采煤机（掘进机）操作作业");
        assert_eq!(item("金属非金属矿山安全作业", "井下电气作业").unwrap(), "金属非金属矿山井下电气作业");
        assert_eq!(item("金属非金属矿山安全作业", "矿井通风作业").unwrap(), "金属非金属矿井通风作业");
        assert_eq!(item("金属非金属矿山安全作业", "尾矿作业").unwrap(), "尾矿作业");
        assert!(item("金属非金属矿山安全作业", "煤矿井下电气作业").is_err());
        assert_eq!(item("其他作业", " 盾构机操作作业 ").unwrap(), "盾构机操作作业");
        rejected(&[(Col::Category, "其他作业"), (Col::Item, "")], Col::Item, "empty");
        rejected(&[(Col::Category, "其他作业"), (Col::Item, &"长".repeat(21))], Col::Item, "too long");
        rejected(&[(Col::Category, "其他作业"), (Col::Item, "a\u{7}b")], Col::Item, "control");
        rejected(&[(Col::Category, "十二作业")], Col::Category, "not a 作业类别");
    }

    /// 30号令 art. 21: 延期复审 as a roster column.
    #[test]
    fn extended_review_column() {
        for yes in ["是", "Y", "yes", "1", "TRUE"] {
            assert!(row(&[(Col::ExtendedReview, yes)]).unwrap().cert.extended_review, "{yes}");
        }
        for no in ["", "否", "N", "0", " 否 "] {
            assert!(!row(&[(Col::ExtendedReview, no)]).unwrap().cert.extended_review, "{no}");
        }
        for garbage in ["可能", "2", "是的吧", "\u{0}"] {
            rejected(&[(Col::ExtendedReview, garbage)], Col::ExtendedReview, "是 or 否");
        }
        let principal = [
            (Col::Kind, "安全生产管理人员"),
            (Col::Number, "AQ2023000123"),
            (Col::Industry, "金属冶炼"),
            (Col::ValidUntil, "2026-02-28"),
            (Col::ExtendedReview, "是"),
        ];
        let c = warned(&principal, Col::ExtendedReview, "特种作业操作证 only");
        assert!(!c.cert.extended_review);
    }

    /// 30号令 terms only: 暂停, 撤销 (art. 30), 注销 (art. 31).
    #[test]
    fn standing_words() {
        assert_eq!(row(&[(Col::Standing, "注销")]).unwrap().cert.standing, Standing::Cancelled);
        assert_eq!(row(&[(Col::Standing, "撤销")]).unwrap().cert.standing, Standing::Revoked);
        assert_eq!(row(&[(Col::Standing, "暂停")]).unwrap().cert.standing, Standing::Suspended);
        for legacy in ["吊销", "暂扣", "作废", "\u{0}"] {
            rejected(&[(Col::Standing, legacy)], Col::Standing, "30号令");
        }
    }

    /// Issue 8 item 5: a row that imports must print. Long real minority names print; a name
    /// the slip's QR code cannot hold, or a date past what it encodes, is refused at import.
    #[test]
    fn a_row_that_imports_can_print() {
        let c = row(&[(Col::Name, "阿卜杜热合曼・买买提明•艾力江·吐尔逊")]).unwrap();
        assert_eq!(c.cert.name, "阿卜杜热合曼·买买提明·艾力江·吐尔逊", "middle dots made standard");
        assert_eq!(c.holder.name, c.cert.name);
        // 24 characters still fit (coded scope, 5-byte serial); 25 do not
        assert!(row(&[(Col::Name, &"名".repeat(24))]).is_ok());
        rejected(&[(Col::Name, &"名".repeat(25))], Col::Name, "could not be printed");
        // a free-text item and a long name together
        rejected(
            &[(Col::Category, "其他作业"), (Col::Item, &"长".repeat(20)), (Col::Name, &"名".repeat(15))],
            Col::Name,
            "QR",
        );
        rejected(&[(Col::ValidUntil, "2180-01-01")], Col::ValidUntil, "could not be printed");
        rejected(&[(Col::ReviewDue, "2181-03-01")], Col::ReviewDue, "could not be printed");
        assert!(row(&[(Col::ValidUntil, "2179-06-06")]).is_ok(), "the last day the QR encodes");
    }

    /// SPEC §2, 30号令 art. 26 (issue 13): a blank 应复审日期 stays unknown — never 有效期起 +
    /// 3 years labelled as the roster's — with or without 延期复审 (art. 21).
    #[test]
    fn a_blank_review_date_stays_unknown() {
        for ext in ["", "是"] {
            let c = row(&[
                (Col::ReviewDue, ""),
                (Col::ValidFrom, "2021-06-01"),
                (Col::FirstIssued, "2021-06-01"),
                (Col::ValidUntil, "2027-06-01"),
                (Col::ExtendedReview, ext),
            ])
            .unwrap();
            assert_eq!(c.cert.review_due, None, "延期复审 {ext:?}");
            assert!(c.cert.review_unknown());
            assert_eq!(c.cert.extended_review, ext == "是");
            assert_eq!(c.cert.status(today(), &crate::domain::LeadTimes::default()), crate::domain::Status::Valid);
        }
        // a given date is kept as given
        let c = row(&[]).unwrap();
        assert_eq!(c.cert.review_due, NaiveDate::from_ymd_opt(2026, 3, 1));
        // garbage in the review columns is a clear error, not an unknown date
        for garbage in ["2026-02-30", "三年后", "\u{0}", "2026/13/01"] {
            rejected(&[(Col::ReviewDue, garbage)], Col::ReviewDue, "is not a date");
            rejected(&[(Col::ReviewedOn, garbage)], Col::ReviewedOn, "is not a date");
        }
    }

    /// SPEC §2: every 合格证 industry, in the forms rosters write them (full-width brackets
    /// kept; ASCII brackets accepted).
    #[test]
    fn every_spec_industry_imports() {
        let industry = |s: &str| {
            row(&[
                (Col::Kind, "主要负责人"),
                (Col::Number, "AQ2023000123"),
                (Col::Category, ""),
                (Col::Item, ""),
                (Col::ReviewDue, ""),
                (Col::ValidUntil, "2026-02-28"),
                (Col::Industry, s),
            ])
            .map(|c| c.cert.industry.unwrap())
            .map_err(|e| format!("{e:?}"))
        };
        for name in [
            "危险化学品生产单位",
            "危险化学品经营单位",
            "危险化学品储存单位",
            "危险化学品使用单位",
            "金属非金属矿山（小型露天采石场）",
            "金属非金属矿山（露天）",
            "金属非金属矿山（地下）",
            "金属非金属矿山（尾矿库）",
            "煤矿",
            "陆上石油天然气开采",
            "烟花爆竹生产单位",
            "烟花爆竹经营单位",
            "金属冶炼",
            "其他",
        ] {
            assert_eq!(industry(name).as_deref(), Ok(name), "{name}");
        }
        assert_eq!(industry("金属非金属矿山(尾矿库)").unwrap(), "金属非金属矿山（尾矿库）");
        assert_eq!(industry(" 煤矿 ").unwrap(), "煤矿");
        for garbage in ["煤", "尾矿库", "其它行业", "\u{0}"] {
            assert!(industry(garbage).is_err(), "{garbage}");
        }
    }

    /// issue 13: official names keep their full-width brackets; the ASCII forms are aliases.
    #[test]
    fn full_width_brackets_in_official_names() {
        let scope = |cat: &str, item: &str| {
            let c = row(&[(Col::Category, cat), (Col::Item, item)]).unwrap().cert;
            (c.category.unwrap(), c.item.unwrap())
        };
        for (cat, item, want_cat, want_item) in [
            ("煤矿安全作业", "煤矿采煤机(掘进机)操作作业", "煤矿安全作业", "煤矿采煤机（掘进机）操作作业"),
            ("煤矿安全作业", "煤矿采煤机（掘进机）操作作业", "煤矿安全作业", "煤矿采煤机（掘进机）操作作业"),
            ("煤矿安全作业", "采煤机(掘进机)操作", "煤矿安全作业", "煤矿采煤机（掘进机）操作作业"),
            ("危险化学品安全作业", "裂解(裂化)工艺作业", "危险化学品安全作业", "裂解（裂化）工艺作业"),
            ("冶金(有色)生产安全作业", "煤气作业", "冶金（有色）生产安全作业", "煤气作业"),
            ("冶金（有色）生产安全作业", "煤气", "冶金（有色）生产安全作业", "煤气作业"),
        ] {
            assert_eq!(scope(cat, item), (want_cat.to_string(), want_item.to_string()), "{cat} / {item}");
        }
    }

    /// 30号令 art. 4(一): not past the statutory retirement age at first issue — a warning, not a
    /// block (2024 decision: the age moves by birth month; 弹性延迟退休 exists).
    #[test]
    fn past_the_retirement_age_at_first_issue_is_a_warning() {
        // a man born 1965-01-10 reaches 60岁1个月 on 2025-02-10
        let id = with_check("11010519650110001");
        let number = format!("T{id}");
        let at = |first: &'static str, until: &'static str| {
            vec![
                (Col::IdNumber, id.clone()),
                (Col::Number, number.clone()),
                (Col::FirstIssued, first.to_string()),
                (Col::ValidFrom, first.to_string()),
                (Col::ValidUntil, until.to_string()),
                (Col::ReviewDue, String::new()),
            ]
        };
        let owned = |v: Vec<(Col, String)>| v;
        let run = |v: Vec<(Col, String)>| {
            let refs: Vec<(Col, &str)> = v.iter().map(|(c, s)| (*c, s.as_str())).collect();
            row(&refs)
        };
        let c = run(owned(at("2025-02-10", "2031-02-09"))).unwrap();
        assert!(
            c.warnings.iter().any(|(_, w)| w.contains("past the statutory retirement age (60岁1个月")),
            "{:?}",
            c.warnings
        );
        assert!(c.warnings.iter().any(|(_, w)| w.contains("30号令 art. 4(一)")));
        let c = run(owned(at("2025-02-09", "2031-02-08"))).unwrap();
        assert!(c.warnings.is_empty(), "a day before: {:?}", c.warnings);
    }

    /// A first-issue date before the birth date says so, not "the holder was -3".
    #[test]
    fn an_issue_date_before_birth_is_named_as_such() {
        let id = with_check("11010520100601001"); // born 2010-06-01
        let number = format!("T{id}");
        let base = [(Col::IdNumber, id.as_str()), (Col::Number, number.as_str()), (Col::ValidUntil, "2013-05-31")];
        let mut v = base.to_vec();
        v.extend([(Col::FirstIssued, "2007-06-01"), (Col::ValidFrom, "2007-06-01"), (Col::ReviewDue, "")]);
        rejected(&v, Col::FirstIssued, "is before the holder's birth date 2010-06-01");
        match row(&v) {
            Err(errs) => assert!(errs.iter().all(|(_, r)| !r.contains("was -")), "{errs:?}"),
            Ok(_) => panic!("accepted"),
        }
    }

    #[test]
    fn dates() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(parse_date("2023-03-01"), d(2023, 3, 1));
        assert_eq!(parse_date("2023/3/1"), d(2023, 3, 1));
        assert_eq!(parse_date("2023.03.01"), d(2023, 3, 1));
        assert_eq!(parse_date("20230301"), d(2023, 3, 1));
        assert_eq!(parse_date("2023-03-01 00:00:00"), d(2023, 3, 1));
        assert_eq!(parse_date("44986"), d(2023, 3, 1));
        assert_eq!(parse_date("2023-02-30"), None);
        assert_eq!(parse_date("2023-13-01"), None);
        assert_eq!(parse_date("abc"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("1234567"), None);
    }

    #[test]
    fn mobiles() {
        assert_eq!(normalise_mobile("138-0013-8000"), Ok(Some("13800138000".into())));
        assert_eq!(normalise_mobile("+86 13800138000"), Ok(Some("13800138000".into())));
        assert_eq!(normalise_mobile(""), Ok(None));
        assert!(normalise_mobile("1380013800a").is_err());
        assert!(normalise_mobile("12").is_err());
    }
}
