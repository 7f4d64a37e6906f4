//! The catalogue of counter matters (事项) and their materials, shipped as editable TOML
//! (`assets/matters.toml`). The kiosk's reminders name the materials to bring from here; the
//! front desk's one-time notice lists them.

use serde::Deserialize;

/// The built-in matters list (assets/matters.toml).
pub const DEFAULT_TOML: &str = include_str!("../../../../assets/matters.toml");

/// One material a matter requires.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Material {
    /// Stable identifier within the matter; checklists store it.
    pub code: String,
    /// Its name in Chinese, as the checklist and notices say it.
    pub name: String,
    /// Its name in English.
    pub name_en: String,
    /// Key material: 容缺受理 is impossible without it.
    #[serde(default)]
    pub key: bool,
    /// 告知承诺: a signed pledge may replace the proof.
    #[serde(default)]
    pub pledgeable: bool,
    /// How to supply or fix it, as the one-time notice says.
    pub fix: String,
    /// How to supply or fix it, in English.
    pub fix_en: String,
}

/// Certificate matters (三项岗位人员) or enterprise permits.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MatterKind {
    /// A matter about a person's certificate (三项岗位人员).
    Certificate,
    /// A matter about an enterprise's permit.
    Permit,
}

/// One matter (事项) the counter handles: its limits and its materials.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Matter {
    /// Stable identifier; cases store it.
    pub code: String,
    /// Certificate or permit.
    pub kind: MatterKind,
    /// Its name in Chinese.
    pub name: String,
    /// Its name in English.
    pub name_en: String,
    /// Where the limits come from (article; seed for the committed limit).
    #[serde(default)]
    pub basis: String,
    /// The responsible section, printed on notices.
    pub section: String,
    /// The responsible section in English.
    pub section_en: String,
    /// The section's phone; `None` = the bureau phone from certdesk.toml.
    #[serde(default)]
    pub phone: Option<String>,
    /// Statutory time limit, working days.
    pub statutory_days: u32,
    /// Committed (compressed) time limit, working days.
    pub committed_days: u32,
    /// 现场核查 stops the clock like the stops of 行政许可法 第四十五条 (the matter's own rules
    /// exclude site-check time from the limit; `domain::case_time`).
    #[serde(default)]
    pub site_check_stops: bool,
    /// 批准 never by one who handled the case (审批分离, SPEC §2 Roles: per matter; on unless the
    /// catalogue says `separate_approval = false`).
    #[serde(default = "yes")]
    pub separate_approval: bool,
    /// 告知承诺's 事中事后核查 period in working days; `None` = the committed limit
    /// (`domain::pledge::check_days`: no seed gives a figure).
    #[serde(default)]
    pub verify_days: Option<u32>,
    /// The materials required, in the checklist's order.
    pub materials: Vec<Material>,
}

fn yes() -> bool {
    true
}

/// The matters the counter handles (matters.toml or the built-in list).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Matters {
    /// Every matter, in the file's order.
    #[serde(rename = "matter")]
    pub matters: Vec<Matter>,
}

/// Matter codes the kiosk reminders and the desk refer to.
pub const SPECIAL_ISSUE: &str = "special_issue";
/// 特种作业操作证复审.
pub const SPECIAL_REVIEW: &str = "special_review";
/// 复审 with the interval extended to every 6 years (30号令 art. 21: 10 years' continuous work
/// without violations, on the employer's proof). The code predates the split from the year-6
/// 延期复审（换证） and is kept: cases are stored with it.
pub const SPECIAL_REVIEW_INTERVAL: &str = "special_extended_review";
/// 延期复审（换证） when the 6-year 有效期 ends (30号令 art. 22 ¶2, art. 24: a new card).
pub const SPECIAL_RENEWAL: &str = "special_renewal";
/// 特种作业操作证补发 (lost).
pub const SPECIAL_REISSUE: &str = "special_reissue";
/// 特种作业操作证换发 (damaged, or details changed).
pub const SPECIAL_REPLACE: &str = "special_replace";
/// 特种作业操作证注销.
pub const SPECIAL_CANCEL: &str = "special_cancel";
/// 合格证申领.
pub const QUALIFICATION_ISSUE: &str = "qualification_issue";
/// 合格证延期.
pub const QUALIFICATION_RENEWAL: &str = "qualification_renewal";
/// 合格证补证.
pub const QUALIFICATION_REISSUE: &str = "qualification_reissue";
/// 合格证变更.
pub const QUALIFICATION_CHANGE: &str = "qualification_change";
/// 合格证注销.
pub const QUALIFICATION_CANCEL: &str = "qualification_cancel";
/// 安全生产许可证延期.
pub const SAFETY_PERMIT_EXTENSION: &str = "safety_permit_extension";
/// 危险化学品经营许可证.
pub const HAZCHEM_TRADING: &str = "hazchem_trading";
/// 烟花爆竹经营(零售)许可证.
pub const FIREWORKS_RETAIL: &str = "fireworks_retail";

impl Matters {
    /// The built-in matters list.
    pub fn builtin() -> Matters {
        Matters::parse(DEFAULT_TOML).expect("built-in matters catalogue is valid")
    }

    /// Parse a matters file, checking its codes, limits and materials.
    pub fn parse(text: &str) -> Result<Matters, String> {
        let m: Matters = toml::from_str(text).map_err(|e| format!("matters catalogue: {e}"))?;
        let mut codes = std::collections::HashSet::new();
        for matter in &m.matters {
            if matter.code.trim().is_empty() || !codes.insert(matter.code.as_str()) {
                return Err(format!("matter code \"{}\" is empty or listed twice", matter.code));
            }
            let mut mcodes = std::collections::HashSet::new();
            for mat in &matter.materials {
                if mat.code.trim().is_empty() || !mcodes.insert(mat.code.as_str()) {
                    return Err(format!(
                        "matter {}: material code \"{}\" is empty or listed twice",
                        matter.code, mat.code
                    ));
                }
                if mat.fix.trim().is_empty() {
                    return Err(format!("matter {}: material {} says no fix", matter.code, mat.code));
                }
            }
            if matter.committed_days == 0 || matter.committed_days > matter.statutory_days {
                return Err(format!(
                    "matter {}: committed_days must be between 1 and statutory_days ({})",
                    matter.code, matter.statutory_days
                ));
            }
            if matter.materials.is_empty() {
                return Err(format!("matter {} lists no materials", matter.code));
            }
        }
        Ok(m)
    }

    /// The matter with this code.
    pub fn get(&self, code: &str) -> Option<&Matter> {
        self.matters.iter().find(|m| m.code == code)
    }
}

impl Matter {
    /// The material with this code.
    pub fn material(&self, code: &str) -> Option<&Material> {
        self.materials.iter().find(|m| m.code == code)
    }
}

impl Matter {
    /// Material names joined for a one-line reminder, in the given language.
    pub fn material_list(&self, english: bool) -> String {
        let names: Vec<&str> =
            self.materials.iter().map(|m| if english { m.name_en.as_str() } else { m.name.as_str() }).collect();
        names.join(if english { ", " } else { "、" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogue_covers_every_matter() {
        let m = Matters::builtin();
        for code in [
            SPECIAL_ISSUE,
            SPECIAL_REVIEW,
            SPECIAL_REVIEW_INTERVAL,
            SPECIAL_RENEWAL,
            SPECIAL_REISSUE,
            SPECIAL_REPLACE,
            SPECIAL_CANCEL,
            QUALIFICATION_ISSUE,
            QUALIFICATION_RENEWAL,
            QUALIFICATION_REISSUE,
            QUALIFICATION_CHANGE,
            QUALIFICATION_CANCEL,
            SAFETY_PERMIT_EXTENSION,
            HAZCHEM_TRADING,
            FIREWORKS_RETAIL,
        ] {
            let matter = m.get(code).unwrap_or_else(|| panic!("{code} missing"));
            assert!(matter.materials.iter().any(|x| x.key), "{code}: no key material");
            for mat in &matter.materials {
                assert!(!mat.fix_en.is_empty() && !mat.name_en.is_empty(), "{code}/{}", mat.code);
            }
        }
        let review = m.get(SPECIAL_REVIEW).unwrap();
        assert!(review.material_list(false).starts_with("身份证、特种作业操作证原件"));
    }

    #[test]
    fn review_materials_as_order_30_art_22_reads() {
        // 30号令 art. 22: the health proof comes from 社区或者县级以上医疗机构 (not 二级以上医院);
        // art. 23: training of at least 8 class hours with an exam; no photo is required.
        let m = Matters::builtin();
        for code in [SPECIAL_REVIEW, SPECIAL_REVIEW_INTERVAL, SPECIAL_RENEWAL] {
            let r = m.get(code).unwrap();
            let health = r.material("health").unwrap();
            assert_eq!(health.name, "社区或者县级以上医疗机构出具的健康证明");
            assert!(health.key && health.pledgeable, "SPEC §2: health certificate or health pledge, key");
            assert!(!r.materials.iter().any(|x| x.name.contains("二级以上") || x.fix.contains("二级以上")));
            assert!(!r.materials.iter().any(|x| x.name.contains("照片")), "{code}: no photo for a review");
            let training = r.material("training").unwrap();
            assert!(training.key && training.name.contains("8学时"));
        }
        // 30号令 art. 21: 延期复审 needs the employer's proof of 10 continuous years without violations.
        let ext = m.get(SPECIAL_REVIEW_INTERVAL).unwrap();
        let ten = ext.material("ten_years").unwrap();
        assert!(ten.key && ten.name.contains("10年") && ten.name.contains("用人单位"));
        assert!(m.get(SPECIAL_REVIEW).unwrap().material("ten_years").is_none());
    }

    /// issue 13: the articles as 30号令 (as amended 2015) numbers them — 8学时 training is art. 23;
    /// 补发 and 换发 are art. 20 (art. 28 is about the authorities' own conduct); 申领 is art.
    /// 16-18 (art. 14 is about exam centres); and the 6-year interval (art. 21, with the
    /// employer's 10-year proof) is a different matter from the 延期复审（换证） at expiry (art.
    /// 22 ¶2, art. 24: a new card, no 10-year proof).
    #[test]
    fn order_30_citations_and_the_two_extended_matters() {
        let m = Matters::builtin();
        for code in [SPECIAL_REVIEW, SPECIAL_REVIEW_INTERVAL, SPECIAL_RENEWAL] {
            let training = m.get(code).unwrap().material("training").unwrap();
            assert!(training.fix.contains("30号令第二十三条") && training.fix_en.contains("art. 23"), "{code}");
            assert!(!training.fix.contains("第二十一条"), "{code}");
        }
        for code in [SPECIAL_REISSUE, SPECIAL_REPLACE] {
            let basis = &m.get(code).unwrap().basis;
            assert!(basis.starts_with("30号令第二十条"), "{code}: {basis}");
        }
        assert!(m.get(SPECIAL_ISSUE).unwrap().basis.contains("第十八条（20个工作日）"));
        let all = DEFAULT_TOML;
        for wrong in ["30号令第二十八条", "30号令第十四条"] {
            assert!(!all.contains(wrong), "{wrong} is not what the matter rests on");
        }
        let interval = m.get(SPECIAL_REVIEW_INTERVAL).unwrap();
        assert!(interval.material("ten_years").unwrap().key);
        assert!(interval.basis.contains("第二十一条"));
        let renewal = m.get(SPECIAL_RENEWAL).unwrap();
        assert_eq!(renewal.name, "特种作业操作证延期复审（换证）");
        assert!(renewal.material("ten_years").is_none(), "no 10-year proof at expiry");
        assert!(renewal.basis.contains("第二十二条第二款") && renewal.basis.contains("第二十四条"));
        assert!(renewal.basis.contains("重新颁发"), "art. 24: it ends in a new card");
        assert!(!interval.name.contains("换证") && !m.get(SPECIAL_REVIEW).unwrap().name.contains("延期"));
    }

    #[test]
    fn committed_limits_from_the_seeds() {
        // 围场 2023 措施 2: statutory 45 → 18, statutory 20 → 8 working days; simple changes 5.
        let m = Matters::builtin();
        let permit = m.get(SAFETY_PERMIT_EXTENSION).unwrap();
        assert_eq!((permit.statutory_days, permit.committed_days), (45, 18));
        assert_eq!(permit.kind, MatterKind::Permit);
        let fw = m.get(FIREWORKS_RETAIL).unwrap();
        assert_eq!((fw.statutory_days, fw.committed_days), (20, 8));
        assert_eq!(m.get(SPECIAL_REISSUE).unwrap().committed_days, 5);
        // 淄博 2017 简报 五: the safety assessment report is a key technical material.
        assert!(permit.material("assessment").unwrap().key);
        for matter in &m.matters {
            assert!(matter.committed_days <= matter.statutory_days, "{}", matter.code);
        }
    }

    #[test]
    fn bad_catalogue() {
        assert!(Matters::parse("nonsense").is_err());
        let over = DEFAULT_TOML.replacen("committed_days = 5", "committed_days = 50", 1);
        assert!(Matters::parse(&over).is_err());
        let dup = DEFAULT_TOML.replacen("code = \"special_review\"", "code = \"special_issue\"", 1);
        assert!(Matters::parse(&dup).unwrap_err().contains("twice"));
        let dup_mat = DEFAULT_TOML.replacen("code = \"photo\"", "code = \"id_card\"", 1);
        assert!(Matters::parse(&dup_mat).unwrap_err().contains("twice"));
        let typo = DEFAULT_TOML.replacen(", pledgeable = true,", ", pledgable = true,", 1);
        assert!(Matters::parse(&typo).is_err(), "unknown keys are refused");
    }

    proptest::proptest! {
        #[test]
        fn garbage_catalogue_text_is_an_error_not_a_panic(text in "\\PC{0,300}") {
            proptest::prop_assert!(Matters::parse(&text).is_err(), "garbage accepted: {:?}", text);
        }
    }
}
