//! The row rules: what makes a roster row valid, and the holder and certificate it becomes.
//! (The decisions are listed in the module docs of `import`.)

use crate::domain::catalogue::Catalogue;
use crate::domain::uscc::{self, UsccCheck};
use crate::domain::{CertId, CertKind, Certificate, Gender, Holder, ResidentId, Standing};
use chrono::{Months, NaiveDate};
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
}
pub(super) const NCOLS: usize = 18;

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
    categories: HashMap<String, (String, HashMap<String, String>)>,
    industries: HashMap<String, String>,
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
            for i in &c.items {
                items.insert(canon(i), i.clone());
                if let Some(short) = i.strip_suffix("作业") {
                    items.entry(canon(short)).or_insert_with(|| i.clone());
                }
            }
            categories.insert(canon(&c.name), (c.name.clone(), items));
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
        let get = |c: Col| cells[c as usize].trim();
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
        let name = get(Col::Name);
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
                    Some((cname, items)) => {
                        category = Some(cname.clone());
                        match items.get(&canon(i)) {
                            Some(iname) => item = Some(iname.clone()),
                            None => errs.push((
                                Col::Item,
                                if i.is_empty() {
                                    "empty (a 特种作业操作证 needs an 操作项目)".into()
                                } else {
                                    format!("\"{i}\" is not an 操作项目 of {cname}")
                                },
                            )),
                        }
                    }
                }
                if review_due.is_none() {
                    review_due = valid_from.map(|f| f + Months::new(36));
                }
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
                Ok(UsccCheck::BadCheck { code, got, want }) => {
                    warnings.push((
                        Col::EmployerCode,
                        format!("check character is {got}, expected {want}; kept as given — please verify"),
                    ));
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
            extended_review: false,
            seal_handle: [0; 8],
        };
        Ok(Checked { holder, cert, warnings })
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
