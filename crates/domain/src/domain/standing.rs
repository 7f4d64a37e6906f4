//! Which standing changes a bureau decision may make (`certdesk standing set`), and what a
//! decision must say. Pure.
//!
//! 30号令: a certificate may be suspended (暂停) and the suspension lifted; 撤销 (art. 30: e.g.
//! obtained by deception, serious violations) and 注销 (art. 31: e.g. the holder died, lost
//! the capacity to work, or asked for it) end the certificate: the holder applies anew (art. 30:
//! no new exam within three years of a 撤销 for deception). So nothing leaves 撤销 or 注销 by a
//! decision here; a wrongly recorded one is corrected at the source, the provincial roster.

use super::Standing;

/// Longest reason kept (it goes into the audit entry).
pub const MAX_REASON: usize = 500;

/// Why a standing change is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StandingRefusal {
    #[error(
        "the certificate is {} ({}): that is final (30号令 art. 30/31); a wrong record is corrected by the provincial roster import",
        .0.en(), .0.zh()
    )]
    /// The certificate is revoked or cancelled: final (30号令 第三十条、第三十一条).
    Final(Standing),
    /// No reason given.
    #[error("a reason is required (--reason): the decision and its basis, e.g. \"30号令第三十条 以欺骗手段取得\"")]
    NoReason,
    /// The reason is longer than [`MAX_REASON`] characters.
    #[error("the reason is longer than {MAX_REASON} characters")]
    ReasonTooLong,
    /// The reason holds control characters.
    #[error("the reason contains control characters")]
    ReasonControl,
}

/// May a decision move a certificate from `from` to `to`? (`from == to` is no change, allowed.)
pub fn check_change(from: Standing, to: Standing) -> Result<(), StandingRefusal> {
    match from {
        Standing::Revoked | Standing::Cancelled if to != from => Err(StandingRefusal::Final(from)),
        _ => Ok(()),
    }
}

/// The reason as it will be kept: trimmed, non-empty, bounded, printable.
pub fn clean_reason(reason: &str) -> Result<String, StandingRefusal> {
    let r = reason.trim();
    if r.is_empty() {
        return Err(StandingRefusal::NoReason);
    }
    if r.chars().count() > MAX_REASON {
        return Err(StandingRefusal::ReasonTooLong);
    }
    if r.chars().any(char::is_control) {
        return Err(StandingRefusal::ReasonControl);
    }
    Ok(r.to_string())
}

/// The command line's word: English code or the 30号令 term (the empty word is refused, unlike
/// a roster cell where empty means active).
pub fn parse_word(s: &str) -> Option<Standing> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    Standing::parse(&s.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 30号令 art. 30 (撤销) and art. 31 (注销) end a certificate; 暂停 can be lifted.
    #[test]
    fn revoked_and_cancelled_are_final_suspension_can_be_lifted() {
        use Standing::*;
        for to in Standing::ALL {
            assert!(check_change(Active, to).is_ok());
            assert!(check_change(Suspended, to).is_ok());
        }
        for from in [Revoked, Cancelled] {
            for to in Standing::ALL {
                assert_eq!(check_change(from, to).is_ok(), from == to, "{from:?} -> {to:?}");
            }
        }
    }

    #[test]
    fn reasons_and_words_are_checked() {
        assert_eq!(clean_reason("  撤销：以欺骗手段取得  ").unwrap(), "撤销：以欺骗手段取得");
        assert_eq!(clean_reason(" \t"), Err(StandingRefusal::NoReason));
        assert_eq!(clean_reason(&"长".repeat(501)), Err(StandingRefusal::ReasonTooLong));
        assert_eq!(clean_reason("a\u{7}b"), Err(StandingRefusal::ReasonControl));
        assert_eq!(parse_word("REVOKED"), Some(Standing::Revoked));
        assert_eq!(parse_word("注销"), Some(Standing::Cancelled));
        assert_eq!(parse_word("暂扣"), None, "not a 30号令 term");
        assert_eq!(parse_word(""), None);
    }
}
