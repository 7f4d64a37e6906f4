//! Unified social credit code (GB 32100-2015) for enterprises.
//!
//! A failed check is reported as [`UsccCheck::BadCheck`], a *warning* that staff may override:
//! some real codes in the wild fail it. Wrong length or characters are hard errors.

const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsccError {
    #[error("credit code has {0} characters; it must have 18")]
    Length(usize),
    #[error("character {pos} ('{ch}') is not allowed in a credit code (I, O, Z, S, V are never used)")]
    BadChar { pos: usize, ch: char },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsccCheck {
    Ok(String),
    /// Well-formed, but the check character does not match: warn, let staff override.
    BadCheck {
        code: String,
        got: char,
        want: char,
    },
}

fn value(ch: char) -> Option<u32> {
    ALPHABET.find(ch).map(|i| i as u32)
}

pub fn check(input: &str) -> Result<UsccCheck, UsccError> {
    let s: String = input.trim().to_uppercase();
    let n = s.chars().count();
    if n != 18 {
        return Err(UsccError::Length(n));
    }
    let mut vals = Vec::with_capacity(18);
    for (i, ch) in s.chars().enumerate() {
        vals.push(value(ch).ok_or(UsccError::BadChar { pos: i + 1, ch })?);
    }
    let sum: u32 = vals[..17].iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    let want_v = (31 - sum % 31) % 31;
    let want = ALPHABET.as_bytes()[want_v as usize] as char;
    let got = s.chars().nth(17).expect("len 18");
    if vals[17] == want_v {
        Ok(UsccCheck::Ok(s))
    } else {
        Ok(UsccCheck::BadCheck { code: s, got, want })
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

    #[test]
    fn garbage() {
        assert_eq!(check(""), Err(UsccError::Length(0)));
        assert!(matches!(check("91350100M000100YI3"), Err(UsccError::BadChar { pos: 17, ch: 'I' })));
        assert!(check("统一社会信用代码统一社会信用代码统一").is_err());
    }
}
