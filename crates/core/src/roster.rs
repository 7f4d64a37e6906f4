//! Synthetic roster generator for tests, benchmarks and `certdesk demo`.
//!
//! Deterministic for a seed (rand's `StdRng`). What it produces:
//! - names: common one-character surnames and two-character ones (欧阳, 司马, …) with one- or
//!   two-character given names; about 1 in 200 a long minority name with "·";
//! - resident ID numbers with real address codes, birth dates from 50 to 36 years before
//!   `today` (so every holder was 18 at 初领日期 and not past the statutory retirement age,
//!   30号令 art. 4(一): certificates here reach back at most about 16 years), a sequence digit that matches the gender, and a correct check
//!   character; all distinct;
//! - mobile numbers (about 3% of holders have none), employers with valid credit codes;
//! - 1 certificate for most holders, 2–3 for about one in five (one 特种作业操作证 plus
//!   合格证); with ≥ 100 holders every 作业类别/操作项目 and every industry of the catalogue
//!   appears;
//! - a spread of statuses relative to `today`: valid, review due soon, review overdue,
//!   expiring soon, expired, suspended, revoked.
//!
//! [`write_csv`] writes the provincial export format that `crate::import` reads.

use crate::domain::catalogue::Catalogue;
use crate::domain::id::check_char;
use crate::domain::{CertId, CertKind, Certificate, Gender, Holder, Standing};
use crate::store::{date_text, Store};
use chrono::{Days, Months, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashSet;
use std::path::Path;

/// Column headers of the roster CSV, in the order [`write_csv`] writes them.
pub const CSV_HEADERS: [&str; 18] = [
    "证件类型",
    "证号",
    "姓名",
    "性别",
    "身份证号",
    "作业类别",
    "操作项目",
    "行业类别",
    "初领日期",
    "有效期起",
    "有效期止",
    "应复审日期",
    "实际复审日期",
    "签发机关",
    "状态",
    "手机号",
    "工作单位",
    "统一社会信用代码",
];

/// (address code, place) — real county-level codes (GB/T 2260).
const PLACES: &[(&str, &str)] = &[
    ("110105", "北京市"),
    ("110108", "北京市"),
    ("120101", "天津市"),
    ("130102", "石家庄市"),
    ("140105", "太原市"),
    ("140202", "大同市"),
    ("150102", "呼和浩特市"),
    ("150202", "包头市"),
    ("210102", "沈阳市"),
    ("220102", "长春市"),
    ("230102", "哈尔滨市"),
    ("310104", "上海市"),
    ("320102", "南京市"),
    ("320583", "昆山市"),
    ("330106", "杭州市"),
    ("340102", "合肥市"),
    ("350102", "福州市"),
    ("360102", "南昌市"),
    ("370102", "济南市"),
    ("410105", "郑州市"),
    ("420106", "武汉市"),
    ("430104", "长沙市"),
    ("440106", "广州市"),
    ("440305", "深圳市"),
    ("450103", "南宁市"),
    ("500103", "重庆市"),
    ("510107", "成都市"),
    ("520102", "贵阳市"),
    ("530102", "昆明市"),
    ("610113", "西安市"),
    ("610802", "榆林市"),
    ("620102", "兰州市"),
    ("640104", "银川市"),
    ("650102", "乌鲁木齐市"),
    ("654002", "伊宁市"),
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于",
    "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛",
    "闫", "段", "雷", "侯",
];
const COMPOUND_SURNAMES: &[&str] =
    &["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "令狐", "慕容", "司徒", "夏侯", "公孙"];
const GIVEN_MALE: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "宇",
    "浩", "凯", "健", "俊", "帆", "建", "国", "志", "海", "峰", "林", "东", "文",
];
const GIVEN_FEMALE: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "英", "玲", "桂", "萍", "红", "燕", "梅", "琳", "雪", "慧",
    "倩", "婷", "颖", "洁", "琴", "云", "兰", "凤", "莉", "晶", "欣", "月", "佳",
];
const MINORITY_FIRST: &[&str] =
    &["阿依古丽", "艾尔肯", "古丽娜尔", "买买提江", "热依汗古丽", "努尔艾合买提", "迪丽努尔"];
const MINORITY_FATHER: &[&str] = &["买买提", "吐尔逊", "阿不都热依木", "艾合买提", "玉素甫", "阿不力孜", "热合曼"];
const BRANDS: &[&str] =
    &["宏达", "恒通", "华兴", "金石", "鑫源", "远航", "中正", "安泰", "瑞丰", "鼎盛", "永昌", "兴业"];
const TRADES: &[&str] =
    &["电力工程", "建筑工程", "化工", "矿业", "机械制造", "燃气", "冷链物流", "石油技术服务", "冶金", "物业管理"];
const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "157", "158",
    "159", "166", "176", "177", "178", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198",
    "199",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scenario {
    Valid,
    ReviewDueSoon,
    ReviewOverdue,
    ExpiringSoon,
    Expired,
    Suspended,
    Revoked,
}

/// Streaming generator (so a million holders need not sit in memory at once).
pub struct Generator {
    rng: StdRng,
    today: NaiveDate,
    seen: HashSet<u64>,
    pairs: Vec<(String, String)>,
    industries: Vec<String>,
    specials: usize,
    others: usize,
}

impl Generator {
    /// A generator whose holders are the same for the same seed, with dates around `today`.
    pub fn new(seed: u64, today: NaiveDate) -> Generator {
        let cat = Catalogue::builtin();
        let pairs =
            cat.categories.iter().flat_map(|c| c.items.iter().map(move |i| (c.name.clone(), i.clone()))).collect();
        Generator {
            rng: StdRng::seed_from_u64(seed),
            today,
            seen: HashSet::new(),
            pairs,
            industries: cat.industries.names.clone(),
            specials: 0,
            others: 0,
        }
    }

    /// The next holder and the certificates they hold.
    pub fn next_holder(&mut self) -> (Holder, Vec<Certificate>) {
        let gender = if self.rng.gen_bool(0.78) { Gender::Male } else { Gender::Female };
        let place = PLACES[self.rng.gen_range(0..PLACES.len())];
        let id = self.id_number(place.0, gender);
        let name = self.name(gender, place.0);
        let mobile = (!self.rng.gen_bool(0.03)).then(|| {
            let p = MOBILE_PREFIXES[self.rng.gen_range(0..MOBILE_PREFIXES.len())];
            format!("{p}{:08}", self.rng.gen_range(0..100_000_000u32))
        });
        let (employer, employer_code) = if self.rng.gen_bool(0.05) {
            (None, None)
        } else {
            let e = format!(
                "{}{}{}有限公司",
                place.1,
                BRANDS[self.rng.gen_range(0..BRANDS.len())],
                TRADES[self.rng.gen_range(0..TRADES.len())]
            );
            (Some(e), Some(self.credit_code(place.0)))
        };
        let holder = Holder { id_number: id.clone(), name: name.clone(), gender, mobile, employer, employer_code };
        let n = match self.rng.gen_range(0..100) {
            0..=79 => 1,
            80..=94 => 2,
            _ => 3,
        };
        let kinds: Vec<CertKind> = if n == 1 {
            vec![match self.rng.gen_range(0..100) {
                0..=74 => CertKind::SpecialOperation,
                75..=89 => CertKind::Principal,
                _ => CertKind::SafetyManager,
            }]
        } else {
            let mut v = vec![CertKind::SpecialOperation, CertKind::SafetyManager];
            if n == 3 {
                v.push(CertKind::Principal);
            }
            v
        };
        let issuer = format!("{}应急管理局", place.1);
        let certs = kinds.into_iter().map(|k| self.certificate(k, &holder, place.0, &issuer)).collect();
        (holder, certs)
    }

    fn id_number(&mut self, addr: &str, gender: Gender) -> String {
        // 36 to 50 years old today: 18 at any first issue, and never past the statutory
        // retirement age (at least 55 under the 2024 decision) on a date up to today
        // (30号令 art. 4(一)), so generated rosters import without warnings.
        let start = self.today - Months::new(50 * 12);
        let latest = self.today - Months::new(36 * 12);
        let span = (latest - start).num_days() as u64;
        loop {
            let birth = start + Days::new(self.rng.gen_range(0..=span));
            let mut seq = self.rng.gen_range(0..1000u32);
            let odd = gender == Gender::Male;
            if (seq % 2 == 1) != odd {
                seq = if seq == 999 { 998 } else { seq + 1 };
                if (seq % 2 == 1) != odd {
                    seq -= 1;
                }
            }
            let first17 = format!("{addr}{}{seq:03}", birth.format("%Y%m%d"));
            let key: u64 = first17.parse().expect("17 digits");
            if self.seen.insert(key) {
                let c = check_char(first17.as_bytes());
                return format!("{first17}{c}");
            }
        }
    }

    fn name(&mut self, gender: Gender, addr: &str) -> String {
        if addr.starts_with("65") && self.rng.gen_bool(0.3) || self.rng.gen_bool(0.005) {
            return format!(
                "{}·{}",
                MINORITY_FIRST[self.rng.gen_range(0..MINORITY_FIRST.len())],
                MINORITY_FATHER[self.rng.gen_range(0..MINORITY_FATHER.len())]
            );
        }
        let surname = if self.rng.gen_bool(0.03) {
            COMPOUND_SURNAMES[self.rng.gen_range(0..COMPOUND_SURNAMES.len())]
        } else {
            SURNAMES[self.rng.gen_range(0..SURNAMES.len())]
        };
        let pool = match gender {
            Gender::Male => GIVEN_MALE,
            Gender::Female => GIVEN_FEMALE,
        };
        let mut s = surname.to_string();
        let len = if self.rng.gen_bool(0.3) { 1 } else { 2 };
        for _ in 0..len {
            s.push_str(pool[self.rng.gen_range(0..pool.len())]);
        }
        s
    }

    fn credit_code(&mut self, addr: &str) -> String {
        const ALPHA: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
        const W: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        let mut s = format!("91{addr}");
        for _ in 0..9 {
            s.push(ALPHA[self.rng.gen_range(0..ALPHA.len())] as char);
        }
        // Characters 9-17 are a 组织机构代码 with its own GB 11714 check character: replace the
        // ninth drawn character by it (drawing nine keeps the generator's random stream as it was).
        let org: [u8; 8] = s.as_bytes()[8..16].try_into().expect("16 characters");
        s.pop();
        s.push(crate::domain::uscc::org_code_check(&org).expect("alphabet characters"));
        let sum: u32 = s
            .bytes()
            .zip(W)
            .map(|(b, w)| ALPHA.iter().position(|&a| a == b).expect("code characters are from ALPHA") as u32 * w)
            .sum();
        s.push(ALPHA[((31 - sum % 31) % 31) as usize] as char);
        s
    }

    fn scenario(&mut self) -> Scenario {
        match self.rng.gen_range(0..100) {
            0..=51 => Scenario::Valid,
            52..=61 => Scenario::ReviewDueSoon,
            62..=68 => Scenario::ReviewOverdue,
            69..=78 => Scenario::ExpiringSoon,
            79..=91 => Scenario::Expired,
            92..=95 => Scenario::Suspended,
            _ => Scenario::Revoked,
        }
    }

    fn certificate(&mut self, kind: CertKind, h: &Holder, addr: &str, issuer: &str) -> Certificate {
        let d = self.today;
        let years = kind.validity_years();
        let mut scen = self.scenario();
        if !kind.has_review() {
            scen = match scen {
                Scenario::ReviewDueSoon => Scenario::ExpiringSoon,
                Scenario::ReviewOverdue => Scenario::Expired,
                s => s,
            };
        }
        let back = |date: NaiveDate, months: u32| date - Months::new(months);
        let fwd = |date: NaiveDate, months: u32| date + Months::new(months);
        let until_from = |vf: NaiveDate| fwd(vf, 12 * years) - Days::new(1);
        let from_until = |vu: NaiveDate| back(vu + Days::new(1), 12 * years);
        let valid_from = match scen {
            Scenario::Valid | Scenario::Suspended | Scenario::Revoked => {
                let max_back = (until_from(d) - d).num_days() - 100; // keep expiry > 90 days off
                let mut r = self.rng.gen_range(0..=max_back);
                if kind.has_review() {
                    // avoid the 90 days before the 3-year review (that would be "due soon")
                    let due_off = (fwd(d, 36) - d).num_days();
                    if r > due_off - 95 && r < due_off + 1 {
                        r = due_off + 1;
                    }
                }
                d - Days::new(r as u64)
            }
            Scenario::ReviewDueSoon => back(d + Days::new(self.rng.gen_range(0..=85)), 36),
            Scenario::ReviewOverdue => back(d - Days::new(self.rng.gen_range(1..=900)), 36),
            Scenario::ExpiringSoon => from_until(d + Days::new(self.rng.gen_range(0..=85))),
            Scenario::Expired => from_until(d - Days::new(self.rng.gen_range(1..=1500))),
        };
        let valid_until = until_from(valid_from);
        let (review_due, reviewed_on) = if kind.has_review() {
            let due = fwd(valid_from, 36);
            let pending = matches!(scen, Scenario::ReviewDueSoon | Scenario::ReviewOverdue) || due > d;
            let reviewed = (!pending).then(|| due - Days::new(self.rng.gen_range(0..50)));
            (Some(due), reviewed)
        } else {
            (None, None)
        };
        let first_issued = if self.rng.gen_bool(0.3) { back(valid_from, 12 * years) } else { valid_from };
        let standing = match scen {
            Scenario::Suspended => Standing::Suspended,
            Scenario::Revoked => Standing::Revoked,
            _ => Standing::Active,
        };
        let (number, category, item, industry) = match kind {
            CertKind::SpecialOperation => {
                let i = if self.specials < self.pairs.len() {
                    self.specials
                } else {
                    self.rng.gen_range(0..self.pairs.len())
                };
                self.specials += 1;
                let (c, it) = self.pairs[i].clone();
                (format!("T{}", h.id_number), Some(c), Some(it), None)
            }
            _ => {
                let i = if self.others < self.industries.len() {
                    self.others
                } else {
                    self.rng.gen_range(0..self.industries.len())
                };
                self.others += 1;
                let number =
                    format!("{addr}{:04}{}{:07}", valid_from.format("%Y"), kind.code(), self.others % 10_000_000);
                (number, None, None, Some(self.industries[i].clone()))
            }
        };
        Certificate {
            id: CertId::NEW,
            number,
            kind,
            holder_id: h.id_number.clone(),
            name: h.name.clone(),
            gender: h.gender,
            category,
            item,
            industry,
            first_issued,
            valid_from,
            valid_until,
            review_due,
            reviewed_on,
            issuer: issuer.to_string(),
            standing,
            extended_review: false,
            seal_handle: [0; 8],
        }
    }
}

/// `n_holders` holders with their certificates, deterministic for `seed`.
pub fn generate(n_holders: usize, seed: u64, today: NaiveDate) -> Vec<(Holder, Vec<Certificate>)> {
    let mut g = Generator::new(seed, today);
    (0..n_holders).map(|_| g.next_holder()).collect()
}

/// The 证件类型 cell for a kind.
pub fn kind_cell(k: CertKind) -> &'static str {
    match k {
        CertKind::SpecialOperation => "特种作业操作证",
        CertKind::Principal => "主要负责人",
        CertKind::SafetyManager => "安全生产管理人员",
    }
}

/// The 状态 cell for a standing.
pub fn standing_cell(s: Standing) -> &'static str {
    match s {
        Standing::Active => "有效",
        Standing::Suspended => "暂停",
        Standing::Revoked => "撤销",
        Standing::Cancelled => "注销",
    }
}

/// The CSV fields of one certificate row, in [`CSV_HEADERS`] order.
pub fn csv_fields(h: &Holder, c: &Certificate) -> [String; 18] {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let od = |v: Option<NaiveDate>| v.map(date_text).unwrap_or_default();
    [
        kind_cell(c.kind).to_string(),
        c.number.clone(),
        c.name.clone(),
        c.gender.zh().to_string(),
        c.holder_id.clone(),
        o(&c.category),
        o(&c.item),
        o(&c.industry),
        date_text(c.first_issued),
        date_text(c.valid_from),
        date_text(c.valid_until),
        od(c.review_due),
        od(c.reviewed_on),
        c.issuer.clone(),
        standing_cell(c.standing).to_string(),
        o(&h.mobile),
        o(&h.employer),
        o(&h.employer_code),
    ]
}

/// Write the roster as a UTF-8 CSV (with a BOM, as Excel likes) in the provincial export
/// format: one row per certificate, holder columns repeated.
/// Cells that would start a formula are written with `'` in front (`domain::spreadsheet`; the
/// import takes it off again).
pub fn write_csv(rows: &[(Holder, Vec<Certificate>)], path: &Path) -> std::io::Result<()> {
    use crate::domain::spreadsheet::safe_cell;
    let f = std::fs::File::create(path)?;
    let mut buf = std::io::BufWriter::with_capacity(1 << 20, f);
    std::io::Write::write_all(&mut buf, b"\xEF\xBB\xBF")?;
    let mut w = csv::Writer::from_writer(buf);
    w.write_record(CSV_HEADERS)?;
    for (h, certs) in rows {
        for c in certs {
            w.write_record(csv_fields(h, c).iter().map(|f| safe_cell(f)))?;
        }
    }
    w.flush()?;
    Ok(())
}

/// Generate and insert `n` holders in one transaction (benchmarks, demo). Returns
/// `(holders, certificates)` inserted.
pub fn populate(store: &Store, n: usize, seed: u64, today: NaiveDate) -> crate::store::Result<(u64, u64)> {
    let mut g = Generator::new(seed, today);
    store.bulk(|s| {
        let mut certs_n = 0u64;
        for _ in 0..n {
            let (h, certs) = g.next_holder();
            s.holders().upsert(&h)?;
            for mut c in certs {
                s.holders().upsert_certificate(&mut c)?;
                certs_n += 1;
            }
        }
        Ok((n as u64, certs_n))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{LeadTimes, ResidentId, Status};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, 6).unwrap()
    }

    #[test]
    fn deterministic_for_a_seed() {
        assert_eq!(generate(50, 7, today()), generate(50, 7, today()));
        assert_ne!(generate(50, 7, today()), generate(50, 8, today()));
    }

    #[test]
    fn ids_valid_unique_and_gender_consistent() {
        let rows = generate(3000, 1, today());
        let mut ids = HashSet::new();
        for (h, certs) in &rows {
            let id = ResidentId::parse(&h.id_number, today()).expect("valid id");
            assert_eq!(id.gender(), h.gender);
            let y = id.birth_date().format("%Y").to_string().parse::<i32>().unwrap();
            assert!((1976..=1990).contains(&y), "36 to 50 years old on {}", today());
            assert!(ids.insert(h.id_number.clone()));
            for c in certs {
                assert_eq!(c.holder_id, h.id_number);
                assert!(c.valid_from <= c.valid_until);
                assert!(id.age_on(c.first_issued) >= 18, "30号令 art. 4: 18 at 初领日期");
                if c.kind == CertKind::SpecialOperation {
                    assert_eq!(c.number, format!("T{}", h.id_number));
                }
            }
            if let Some(code) = &h.employer_code {
                assert!(matches!(crate::domain::uscc::check(code), Ok(crate::domain::uscc::UsccCheck::Ok(_))));
            }
        }
        assert!(rows.iter().any(|(h, _)| h.mobile.is_none()));
        assert!(rows.iter().any(|(h, _)| h.name.contains('·')));
        assert!(rows.iter().any(|(h, _)| COMPOUND_SURNAMES.iter().any(|s| h.name.starts_with(s))));
        assert!(rows.iter().any(|(_, c)| c.len() == 3));
        let numbers: HashSet<_> = rows.iter().flat_map(|(_, c)| c.iter().map(|c| c.number.clone())).collect();
        assert_eq!(numbers.len(), rows.iter().map(|(_, c)| c.len()).sum::<usize>());
    }

    #[test]
    fn covers_catalogue_and_every_status() {
        let rows = generate(300, 3, today());
        let cat = Catalogue::builtin();
        let certs: Vec<&Certificate> = rows.iter().flat_map(|(_, c)| c.iter()).collect();
        for c in &cat.categories {
            for i in &c.items {
                assert!(
                    certs.iter().any(|x| x.category.as_deref() == Some(&c.name) && x.item.as_deref() == Some(i)),
                    "{} / {i} missing",
                    c.name
                );
            }
        }
        for ind in &cat.industries.names {
            assert!(certs.iter().any(|x| x.industry.as_deref() == Some(ind)), "{ind}");
        }
        let lead = LeadTimes::default();
        let mut seen = [false; 7];
        for c in &certs {
            if let Some(ind) = &c.industry {
                assert!(cat.has_industry(ind));
            }
            seen[c.status(today(), &lead).code() as usize] = true;
        }
        assert_eq!(seen, [true; 7], "statuses seen: {seen:?}");
        let valid = certs.iter().filter(|c| c.status(today(), &lead) == Status::Valid).count();
        assert!(valid * 3 > certs.len(), "most certificates are plainly valid");
    }

    #[test]
    fn populate_inserts() {
        let s = Store::open_in_memory().unwrap();
        let (h, c) = populate(&s, 200, 5, today()).unwrap();
        assert_eq!(s.holders().count().unwrap(), h);
        assert_eq!(s.holders().certificate_count().unwrap(), c);
        assert!(c > h);
    }
}
