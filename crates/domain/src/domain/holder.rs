//! A certificate holder as the roster knows them.

use super::id::Gender;
use serde::{Deserialize, Serialize};

/// A certificate holder as the registry keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    /// Validated resident ID number (uppercase X). Sensitive: mask before showing or logging.
    pub id_number: String,
    /// The holder's name.
    pub name: String,
    /// The holder's gender.
    pub gender: Gender,
    /// Mobile number on record; its last four digits are the kiosk's default second factor.
    pub mobile: Option<String>,
    /// The employer as the roster names it.
    pub employer: Option<String>,
    /// Unified social credit code of the employer, if known.
    pub employer_code: Option<String>,
}

impl Holder {
    /// The kiosk's default second factor: the last four digits of the mobile number on record.
    /// `None` when there is no usable number (the holder is sent to the front desk).
    pub fn factor(&self) -> Option<String> {
        let m = self.mobile.as_deref()?;
        let digits: String = m.chars().filter(|c| c.is_ascii_digit()).collect();
        (digits.len() >= 7).then(|| digits[digits.len() - 4..].to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn factor_is_last_four_digits() {
        let mut h = Holder {
            id_number: "11010519491231002X".into(),
            name: "王秀英".into(),
            gender: Gender::Female,
            mobile: Some("138-0013-8000".into()),
            employer: None,
            employer_code: None,
        };
        assert_eq!(h.factor().as_deref(), Some("8000"));
        h.mobile = Some("12".into());
        assert_eq!(h.factor(), None);
        h.mobile = None;
        assert_eq!(h.factor(), None);
    }
}
