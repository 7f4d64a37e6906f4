//! The catalogue of counter matters (事项) and their materials, shipped as editable TOML
//! (`assets/matters.toml`). The kiosk's reminders name the materials to bring from here; the
//! front desk's one-time notice lists them.

use serde::Deserialize;

pub const DEFAULT_TOML: &str = include_str!("../../assets/matters.toml");

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Material {
    pub name: String,
    pub name_en: String,
    /// Key material: 容缺受理 is impossible without it.
    #[serde(default)]
    pub key: bool,
    /// 告知承诺: a signed pledge may replace the proof.
    #[serde(default)]
    pub pledgeable: bool,
    /// How to supply or fix it, as the one-time notice says.
    pub fix: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Matter {
    pub code: String,
    pub name: String,
    pub name_en: String,
    /// Statutory time limit, working days.
    pub statutory_days: u32,
    /// Committed (compressed) time limit, working days.
    pub committed_days: u32,
    pub materials: Vec<Material>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Matters {
    #[serde(rename = "matter")]
    pub matters: Vec<Matter>,
}

/// Matter codes the kiosk reminders refer to.
pub const SPECIAL_REVIEW: &str = "special_review";
pub const QUALIFICATION_RENEWAL: &str = "qualification_renewal";

impl Matters {
    pub fn builtin() -> Matters {
        Matters::parse(DEFAULT_TOML).expect("built-in matters catalogue is valid")
    }

    pub fn parse(text: &str) -> Result<Matters, String> {
        let m: Matters = toml::from_str(text).map_err(|e| format!("matters catalogue: {e}"))?;
        for matter in &m.matters {
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

    pub fn get(&self, code: &str) -> Option<&Matter> {
        self.matters.iter().find(|m| m.code == code)
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
    fn builtin_catalogue() {
        let m = Matters::builtin();
        let review = m.get(SPECIAL_REVIEW).unwrap();
        assert_eq!(review.materials.len(), 6);
        assert!(review.materials.iter().any(|x| x.pledgeable));
        assert!(m.get(QUALIFICATION_RENEWAL).is_some());
        assert!(review.material_list(false).starts_with("身份证、特种作业操作证原件"));
    }

    #[test]
    fn bad_catalogue() {
        assert!(Matters::parse("nonsense").is_err());
        let over = DEFAULT_TOML.replacen("committed_days = 5", "committed_days = 50", 1);
        assert!(Matters::parse(&over).is_err());
    }
}
