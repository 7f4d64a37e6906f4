//! The 作业类别 → 操作项目 catalogue and the 合格证 industries, shipped as editable TOML
//! (`assets/catalogue.toml`, compiled in as the default).

use serde::Deserialize;

pub const DEFAULT_TOML: &str = include_str!("../../assets/catalogue.toml");

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Category {
    pub code: u8,
    pub name: String,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Industries {
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Catalogue {
    #[serde(rename = "category")]
    pub categories: Vec<Category>,
    pub industries: Industries,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("catalogue is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("catalogue: {0}")]
    Invalid(String),
}

impl Catalogue {
    pub fn builtin() -> Catalogue {
        Catalogue::parse(DEFAULT_TOML).expect("built-in catalogue is valid")
    }

    pub fn parse(text: &str) -> Result<Catalogue, CatalogueError> {
        let c: Catalogue = toml::from_str(text)?;
        let mut codes = std::collections::HashSet::new();
        for cat in &c.categories {
            if !codes.insert(cat.code) {
                return Err(CatalogueError::Invalid(format!("category code {} used twice", cat.code)));
            }
            if cat.items.is_empty() {
                return Err(CatalogueError::Invalid(format!("category {} has no items", cat.name)));
            }
            if let Some(bad) = cat.items.iter().find(|i| !i.ends_with("作业")) {
                return Err(CatalogueError::Invalid(format!("item {bad} of {} must end with 作业", cat.name)));
            }
        }
        Ok(c)
    }

    pub fn category(&self, name: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.name == name)
    }

    /// Whether `item` belongs to `category`.
    pub fn has_item(&self, category: &str, item: &str) -> bool {
        self.category(category).is_some_and(|c| c.items.iter().any(|i| i == item))
    }

    pub fn has_industry(&self, name: &str) -> bool {
        self.industries.names.iter().any(|n| n == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_has_ten_categories() {
        let c = Catalogue::builtin();
        assert_eq!(c.categories.len(), 10);
        assert!(c.has_item("电工作业", "低压电工作业"));
        assert!(c.has_item("危险化学品安全作业", "化工自动化控制仪表作业"));
        assert!(!c.has_item("电工作业", "司钻作业"));
        assert!(c.has_industry("金属冶炼"));
    }

    #[test]
    fn bad_catalogue_is_rejected() {
        assert!(Catalogue::parse("garbage = [").is_err());
        assert!(Catalogue::parse("[[category]]\ncode=1\nname=\"a\"\nitems=[\"x\"]\n[industries]\nnames=[]").is_err());
    }
}
