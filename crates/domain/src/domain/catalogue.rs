//! The 作业类别 → 操作项目 catalogue and the 合格证 industries, shipped as editable TOML
//! (`assets/catalogue.toml`, compiled in as the default).

use serde::Deserialize;

/// The built-in certificate catalogue (assets/catalogue.toml).
pub const DEFAULT_TOML: &str = include_str!("../../../../assets/catalogue.toml");

/// A 作业类别 of the 特种作业目录 with its 操作项目.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Category {
    /// The category's number in the 目录.
    pub code: u8,
    /// Its official name.
    pub name: String,
    /// Official 操作项目 names (特种作业目录).
    #[serde(default)]
    pub items: Vec<String>,
    /// Short forms older rosters use → official name (e.g. 井下电气作业 → 煤矿井下电气作业).
    #[serde(default)]
    pub aliases: std::collections::BTreeMap<String, String>,
    /// Any 操作项目 text is accepted (11 其他作业: operations recognised later).
    #[serde(default)]
    pub free_text: bool,
}

impl Category {
    /// The official item name for `item` (an official name or an alias), or `item` itself in
    /// a free-text category. `None` for anything else (and for blank text).
    pub fn resolve_item<'a>(&'a self, item: &'a str) -> Option<&'a str> {
        let item = item.trim();
        if item.is_empty() {
            return None;
        }
        if let Some(official) = self.items.iter().find(|i| *i == item) {
            return Some(official);
        }
        if let Some(official) = self.aliases.get(item) {
            return Some(official);
        }
        self.free_text.then_some(item)
    }
}

/// The 合格证's 行业类别.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Industries {
    /// The official names.
    pub names: Vec<String>,
}

/// The certificate catalogue: categories and items of the 特种作业目录, and the 合格证 industries.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Catalogue {
    /// The 作业类别, in the 目录's order.
    #[serde(rename = "category")]
    pub categories: Vec<Category>,
    /// The 行业类别.
    pub industries: Industries,
}

/// Why a catalogue file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    /// Not valid TOML, or not of the catalogue's shape.
    #[error("catalogue is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    /// Inconsistent (a code used twice, a category without items, a malformed item name).
    #[error("catalogue: {0}")]
    Invalid(String),
}

impl Catalogue {
    /// The built-in catalogue.
    pub fn builtin() -> Catalogue {
        Catalogue::parse(DEFAULT_TOML).expect("built-in catalogue is valid")
    }

    /// Parse and check a catalogue file.
    pub fn parse(text: &str) -> Result<Catalogue, CatalogueError> {
        let c: Catalogue = toml::from_str(text)?;
        let mut codes = std::collections::HashSet::new();
        for cat in &c.categories {
            if !codes.insert(cat.code) {
                return Err(CatalogueError::Invalid(format!("category code {} used twice", cat.code)));
            }
            if cat.items.is_empty() && !cat.free_text {
                return Err(CatalogueError::Invalid(format!("category {} has no items", cat.name)));
            }
            if let Some(bad) = cat.items.iter().find(|i| !i.ends_with("作业")) {
                return Err(CatalogueError::Invalid(format!("item {bad} of {} must end with 作业", cat.name)));
            }
            for (short, official) in &cat.aliases {
                if !cat.items.contains(official) {
                    return Err(CatalogueError::Invalid(format!(
                        "alias {short} of {} points at {official}, which is not one of its items",
                        cat.name
                    )));
                }
                if cat.items.contains(short) {
                    return Err(CatalogueError::Invalid(format!(
                        "alias {short} of {} is itself an official item name",
                        cat.name
                    )));
                }
            }
        }
        Ok(c)
    }

    /// The category with this official name.
    pub fn category(&self, name: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.name == name)
    }

    /// Whether `item` is an official 操作项目 of `category` (or any text in a free-text one).
    pub fn has_item(&self, category: &str, item: &str) -> bool {
        self.category(category).is_some_and(|c| c.resolve_item(item) == Some(item.trim()))
    }

    /// Whether `name` is an official 行业类别.
    pub fn has_industry(&self, name: &str) -> bool {
        self.industries.names.iter().any(|n| n == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 特种作业目录 of 30号令 (SPEC §2): official names carry their prefixes; the short forms
    /// of older rosters are aliases; 11 其他作业 takes free text (issue 6 item 5).
    #[test]
    fn official_names_aliases_and_other_operations() {
        let c = Catalogue::builtin();
        let coal = c.category("煤矿安全作业").unwrap();
        assert_eq!(coal.items.len(), 10);
        assert!(coal.items.iter().all(|i| i.starts_with("煤矿")), "{:?}", coal.items);
        assert_eq!(coal.resolve_item("井下电气作业"), Some("煤矿井下电气作业"));
        assert_eq!(coal.resolve_item("煤矿探放水作业"), Some("煤矿探放水作业"));
        let metal = c.category("金属非金属矿山安全作业").unwrap();
        assert_eq!(
            metal.items,
            [
                "金属非金属矿井通风作业",
                "尾矿作业",
                "金属非金属矿山安全检查作业",
                "金属非金属矿山提升机操作作业",
                "金属非金属矿山支柱作业",
                "金属非金属矿山井下电气作业",
                "金属非金属矿山排水作业",
                "金属非金属矿山爆破作业"
            ]
        );
        // the same short form means different items under the two mining categories
        assert_eq!(metal.resolve_item("井下电气作业"), Some("金属非金属矿山井下电气作业"));
        assert_eq!(metal.resolve_item("煤矿井下电气作业"), None);
        assert_eq!(metal.resolve_item(""), None);
        assert!(c.has_item("煤矿安全作业", "煤矿瓦斯检查作业"));
        assert!(!c.has_item("煤矿安全作业", "瓦斯检查作业"), "an alias is not an official name");
        let other = c.category("其他作业").unwrap();
        assert_eq!(other.code, 11);
        assert_eq!(other.resolve_item(" 盾构机操作 "), Some("盾构机操作"));
        assert_eq!(other.resolve_item("  "), None);
        assert!(Catalogue::parse(
            "[[category]]\ncode=1\nname=\"a\"\nitems=[\"x作业\"]\naliases={\"y\"=\"z作业\"}\n[industries]\nnames=[]"
        )
        .is_err());
    }

    #[test]
    fn builtin_has_eleven_categories() {
        let c = Catalogue::builtin();
        assert_eq!(c.categories.len(), 11);
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
