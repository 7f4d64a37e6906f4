//! Unified social credit code (GB 32100-2015) for enterprises.
//!
//! Layout: 1 registration-authority code (登记管理部门代码) · 2 organisation type · 3-8
//! administrative-division code · 9-17 the 组织机构代码 (GB 11714: 8 characters and its own
//! check character) · 18 the check character of the whole code.
//!
//! A failed check character — of the whole code or of the embedded 组织机构代码 — is reported as
//! [`UsccCheck::Suspect`], a *warning* that staff may override: some real codes in the wild fail
//! it. Wrong length, characters or registration-authority code are hard errors (the code cannot
//! be what it claims).

const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Why a text is not a unified social credit code (GB 32100).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsccError {
    /// Not 18 characters (how many there are).
    #[error("credit code has {0} characters; it must have 18")]
    Length(usize),
    /// A character the code's alphabet does not have.
    #[error("character {pos} ('{ch}') is not allowed in a credit code (I, O, Z, S, V are never used)")]
    BadChar {
        /// Its position (1-based).
        pos: usize,
        /// The character.
        ch: char,
    },
    #[error(
        "first character '{0}' is not a registration-authority code (1 机构编制, 2 外交, 3 司法行政, \
         4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 市场监管, A 中央军委改革和编制办公室, N 农业, Y 其他)"
    )]
    /// The first character is no registration authority's code.
    Authority(char),
}

/// Registration-authority codes (登记管理部门代码, first character): those of GB 32100-2015
/// (1 机构编制, 5 民政, 9 工商, Y 其他) and the ones assigned since by the national credit-code
/// centre (2 外交, 3 司法行政, 4 文化, 6 旅游, 7 宗教, 8 工会, A 中央军委改革和编制办公室, N 农业).
pub const AUTHORITIES: &str = "123456789ANY";

/// Which check characters of a well-formed code failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// The 18th character (GB 32100).
    Code {
        /// The character given.
        got: char,
        /// The one the others need.
        want: char,
    },
    /// The 17th character, the check character of the embedded 组织机构代码 (GB 11714).
    OrgCode {
        /// The character given.
        got: char,
        /// The one the others need.
        want: char,
    },
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mismatch::Code { got, want } => write!(f, "check character (18th) is {got}, expected {want}"),
            Mismatch::OrgCode { got, want } => {
                write!(f, "the 组织机构代码 in characters 9-17 has check character {got}, expected {want} (GB 11714)")
            }
        }
    }
}

/// A well-formed credit code, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsccCheck {
    /// Every check character matches (the code, uppercased).
    Ok(String),
    /// Well-formed, but a check character does not match: warn, let staff override.
    /// `mismatches` lists every failed one (the 18th character's, the embedded 组织机构代码's).
    Suspect {
        /// The code, uppercased.
        code: String,
        /// Each check that failed.
        mismatches: Vec<Mismatch>,
    },
}

/// GB 11714 check character of an 8-character 组织机构代码 body (digits and uppercase letters,
/// A = 10 … Z = 35): weights 3 7 9 10 5 8 4 2, C = 11 − (sum mod 11), 10 → X, 11 → 0.
pub fn org_code_check(body: &[u8; 8]) -> Option<char> {
    const W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let mut sum = 0;
    for (b, w) in body.iter().zip(W) {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return None,
        };
        sum += v * w;
    }
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        c => char::from_digit(c, 10).expect("0..=9"),
    })
}

/// The GB 32100 check character for the first 17 characters (which must be in the alphabet).
pub fn code_check(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (ch, w) in first17.chars().zip(WEIGHTS) {
        sum += value(ch)? * w;
    }
    Some(ALPHABET.as_bytes()[((31 - sum % 31) % 31) as usize] as char)
}

fn value(ch: char) -> Option<u32> {
    ALPHABET.find(ch).map(|i| i as u32)
}

/// Check a typed credit code: malformed is an error; a failed check character is `Suspect`.
pub fn check(input: &str) -> Result<UsccCheck, UsccError> {
    let s: String = input.trim().to_uppercase();
    let n = s.chars().count();
    if n != 18 {
        return Err(UsccError::Length(n));
    }
    for (i, ch) in s.chars().enumerate() {
        value(ch).ok_or(UsccError::BadChar { pos: i + 1, ch })?;
    }
    // All 18 characters are in the ASCII alphabet from here on.
    let b = s.as_bytes();
    if !AUTHORITIES.contains(b[0] as char) {
        return Err(UsccError::Authority(b[0] as char));
    }
    let mut mismatches = Vec::new();
    let org: &[u8; 8] = b[8..16].try_into().expect("len 18");
    if let Some(want) = org_code_check(org) {
        let got = b[16] as char;
        if got != want {
            mismatches.push(Mismatch::OrgCode { got, want });
        }
    }
    let want = code_check(&s[..17]).expect("alphabet checked");
    let got = b[17] as char;
    if got != want {
        mismatches.push(Mismatch::Code { got, want });
    }
    if mismatches.is_empty() {
        Ok(UsccCheck::Ok(s))
    } else {
        Ok(UsccCheck::Suspect { code: s, mismatches })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_example_is_valid() {
        assert_eq!(check("91350100M000100Y43"), Ok(UsccCheck::Ok("91350100M000100Y43".into())));
        assert!(matches!(check("91350100m000100y43"), Ok(UsccCheck::Ok(_))));
    }

    #[test]
    fn every_single_character_change_is_caught() {
        let orig: Vec<char> = "91350100M000100Y43".chars().collect();
        for pos in 0..18 {
            for c in ALPHABET.chars().chain("IOZSV".chars()) {
                if c == orig[pos] {
                    continue;
                }
                let mut v = orig.clone();
                v[pos] = c;
                let t: String = v.into_iter().collect();
                assert!(!matches!(check(&t), Ok(UsccCheck::Ok(_))), "{t} passed");
            }
        }
    }

    /// GB 32100: the first character is a registration-authority code.
    #[test]
    fn registration_authority_code() {
        // 0 is not an authority code: rebuild a code with every check character right but that
        let body = "01350100M000100Y4";
        let code = format!("{body}{}", code_check(body).unwrap());
        assert_eq!(check(&code), Err(UsccError::Authority('0')));
        for a in AUTHORITIES.chars() {
            let body = format!("{a}1350100M000100Y4");
            let code = format!("{body}{}", code_check(&body).unwrap());
            assert!(matches!(check(&code), Ok(UsccCheck::Ok(_))), "{code}");
        }
        for a in "BCDEFGHJKLMPQRTUWX".chars() {
            let body = format!("{a}1350100M000100Y4");
            let code = format!("{body}{}", code_check(&body).unwrap());
            assert_eq!(check(&code), Err(UsccError::Authority(a)), "{code}");
        }
    }

    /// GB 11714: characters 9-17 are the 组织机构代码 with its own check character; a code whose
    /// final check passes but whose embedded one does not is suspect (warning).
    #[test]
    fn embedded_organisation_code_check() {
        assert_eq!(org_code_check(b"M000100Y"), Some('4'));
        assert_eq!(org_code_check(b"D2143569"), Some('X'), "published GB 11714 example D2143569-X");
        assert_eq!(org_code_check(b"m000100y"), None);
        let body = "91350100M000100Y5"; // org check 5 instead of 4, final check recomputed
        let code = format!("{body}{}", code_check(body).unwrap());
        match check(&code) {
            Ok(UsccCheck::Suspect { mismatches, .. }) => {
                assert_eq!(mismatches, vec![Mismatch::OrgCode { got: '5', want: '4' }])
            }
            other => panic!("{other:?}"),
        }
        // both wrong: both reported
        match check("91350100M000100Y53") {
            Ok(UsccCheck::Suspect { mismatches, .. }) => {
                assert_eq!(mismatches.len(), 2, "{mismatches:?}");
                assert!(matches!(mismatches[1], Mismatch::Code { got: '3', .. }), "{mismatches:?}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn garbage() {
        assert_eq!(check(""), Err(UsccError::Length(0)));
        assert!(matches!(check("91350100M000100YI3"), Err(UsccError::BadChar { pos: 17, ch: 'I' })));
        assert!(check("统一社会信用代码统一社会信用代码统一").is_err());
    }
}
