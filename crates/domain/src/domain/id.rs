//! Resident ID numbers (GB 11643-1999): parse, validate, mask.
//!
//! Pure: no I/O, no clock. Callers pass `today` so that "birth date in the future" is testable.
//! Error messages name the part of the number that is wrong, so a holder at the kiosk (or a
//! clerk reading an import report) knows which digits to look at.

use chrono::NaiveDate;
use std::fmt;

/// Weights for positions 1..17 (GB 11643-1999 §7).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// `sum mod 11` → check character.
const CHECK: [u8; 11] = *b"10X98765432";

/// A person's gender as registered (the ID number's 17th digit encodes it: odd male, even female).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Gender {
    /// 男.
    Male,
    /// 女.
    Female,
}

impl Gender {
    /// 男 or 女.
    pub fn zh(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }
    /// male or female.
    pub fn en(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }
    /// The gender a roster's text names (男/女, or M/F in English); `None` for other text.
    pub fn from_zh(s: &str) -> Option<Gender> {
        match s.trim() {
            "男" | "M" | "m" | "male" | "Male" => Some(Gender::Male),
            "女" | "F" | "f" | "female" | "Female" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// What is wrong with an ID number. Each variant names the part at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Not 18 characters (how many there are).
    #[error("ID number has {0} characters; it must have 18")]
    Length(usize),
    /// A character other than a digit (or X at the end).
    #[error("character {pos} ('{ch}') is not a digit; only the 18th may be X")]
    NotDigit {
        /// Its position (1-based).
        pos: usize,
        /// The character.
        ch: char,
    },
    /// The first six digits are no region code.
    #[error("address code {0} (characters 1-6) is not a valid region code")]
    Address(String),
    /// Characters 7–14 are no real date.
    #[error("birth date {0} (characters 7-14) is not a real date")]
    BirthDate(String),
    /// The birth date is in the future.
    #[error("birth date {0} (characters 7-14) is in the future")]
    BirthInFuture(String),
    /// The check character does not match the first 17 digits.
    #[error("check character (18th) is '{got}' but the first 17 digits need '{want}'; a digit was probably mistyped")]
    Check {
        /// The check character given.
        got: char,
        /// The one the digits need.
        want: char,
    },
}

impl IdError {
    /// Short zh-CN explanation for screens.
    pub fn zh(&self) -> String {
        match self {
            IdError::Length(n) => format!("身份证号应为18位，当前为{n}位"),
            IdError::NotDigit { pos, ch } => {
                format!("第{pos}位「{ch}」不是数字（只有第18位可以是X）")
            }
            IdError::Address(a) => format!("前6位地址码「{a}」无效"),
            IdError::BirthDate(d) => format!("第7-14位出生日期「{d}」不是有效日期"),
            IdError::BirthInFuture(d) => format!("第7-14位出生日期「{d}」晚于今天"),
            IdError::Check { .. } => "第18位校验码不符，请核对是否输错".to_string(),
        }
    }
}

/// A checked resident ID number. Always 18 characters, check character uppercase.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResidentId(String);

impl fmt::Debug for ResidentId {
    // Never print the raw number in debug output (logs, panics).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({})", self.masked())
    }
}

/// Province-level codes that exist (GB/T 2260): 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71
/// (台湾), 81 (香港), 82 (澳门), and 83 — the code the residence permits of Taiwan residents
/// carry (830000).
pub const PROVINCES: [u8; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
    64, 65, 71, 81, 82, 83,
];

fn province_exists(code: u32) -> bool {
    PROVINCES.iter().any(|p| u32::from(*p) == code)
}

/// Whether the address part of a (prefix of an) ID number can be real: `Some(false)` when it
/// cannot, `None` while too short to tell. A resident's number starts with the province code;
/// the 2023 foreigners' permanent-residence ID card (外国人永久居留身份证) starts with 9, then the
/// province code of the issuing place, then a 3-digit nationality code, and otherwise has the
/// layout and check character of GB 11643.
fn address_ok(digits: &str) -> Option<bool> {
    let b = digits.as_bytes();
    let two = |i: usize| -> Option<u32> { digits.get(i..i + 2)?.parse().ok() };
    if b.first() == Some(&b'9') {
        Some(province_exists(two(1)?))
    } else {
        Some(province_exists(two(0)?))
    }
}

/// Check character for the first 17 digits (which must be ASCII digits).
pub fn check_char(first17: &[u8]) -> char {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    CHECK[(sum % 11) as usize] as char
}

impl ResidentId {
    /// Parse and fully validate. `today` bounds the birth date.
    pub fn parse(input: &str, today: NaiveDate) -> Result<ResidentId, IdError> {
        let s = input.trim();
        let n = s.chars().count();
        if n != 18 {
            return Err(IdError::Length(n));
        }
        let mut out = String::with_capacity(18);
        for (i, ch) in s.chars().enumerate() {
            let ok = ch.is_ascii_digit() || (i == 17 && (ch == 'X' || ch == 'x'));
            if !ok {
                return Err(IdError::NotDigit { pos: i + 1, ch });
            }
            out.push(ch.to_ascii_uppercase());
        }
        let b = out.as_bytes();
        let addr = &out[0..6];
        if address_ok(addr) != Some(true) {
            return Err(IdError::Address(addr.to_string()));
        }
        let birth = &out[6..14];
        let date = NaiveDate::parse_from_str(birth, "%Y%m%d")
            .ok()
            .filter(|d| d.format("%Y").to_string().parse::<i32>().unwrap_or(0) >= 1800)
            .ok_or_else(|| IdError::BirthDate(birth.to_string()))?;
        if date > today {
            return Err(IdError::BirthInFuture(birth.to_string()));
        }
        let want = check_char(&b[..17]);
        let got = b[17] as char;
        if want != got {
            return Err(IdError::Check { got, want });
        }
        Ok(ResidentId(out))
    }

    /// The number, uppercase X.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A 2023 foreigners' permanent-residence ID card number (starts with 9).
    pub fn is_foreigner_permanent_residence(&self) -> bool {
        self.0.starts_with('9')
    }

    /// Whole years of age on `day` (0 before the first birthday; a 29 February birthday is
    /// reached on 1 March in common years).
    pub fn age_on(&self, day: NaiveDate) -> i32 {
        age_on(self.birth_date(), day)
    }

    /// The birth date the number encodes.
    pub fn birth_date(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.0[6..14], "%Y%m%d").expect("validated at parse")
    }

    /// Sequence digit 17: odd = male, even = female.
    pub fn gender(&self) -> Gender {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    }

    /// First 6 + last 4, the rest as `*`: `110105********002X`.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// Whole years from `birth` to `day`.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> i32 {
    use chrono::Datelike;
    let mut years = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

/// Mask any ID-like string: first 6 and last 4 characters kept, the rest `*`.
/// Short strings are masked entirely so nothing leaks.
pub fn mask(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 12 {
        return "*".repeat(chars.len());
    }
    let n = chars.len();
    chars.iter().enumerate().map(|(i, c)| if i < 6 || i >= n - 4 { *c } else { '*' }).collect()
}

/// Replace every checksum-valid 18-character ID number in free `text` by its masked form: what staff
/// type into a note or reason is shown, printed and stored, and must never carry a raw ID number (SPEC §6).
pub fn mask_in_text(text: &str) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    let mut hits = Vec::new();
    let mut i = 0;
    while i + 18 <= b.len() {
        let run_ok = b[i..i + 17].iter().all(u8::is_ascii_digit)
            && (b[i + 17].is_ascii_digit() || b[i + 17] == b'X' || b[i + 17] == b'x');
        // No word boundaries asked for: an ID number run together with other digits (a scanner
        // burst, a paste) is still one, and masking a few digits too many costs nothing.
        if run_ok {
            let want = check_char(&b[i..i + 17]);
            if want == b[i + 17].to_ascii_uppercase() as char {
                hits.push(i);
                i += 18;
                continue;
            }
        }
        i += 1;
    }
    if hits.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for h in hits {
        out.push_str(&text[last..h]);
        out.push_str(&mask(&text[h..h + 18].to_ascii_uppercase()));
        last = h + 18;
    }
    out.push_str(&text[last..]);
    std::borrow::Cow::Owned(out)
}

/// `text` with every run of 15 or more digits taken out (ASCII or full-width digits, an `X`
/// closing a run of 17): an ID number typed or scanned into a field where it does not belong,
/// run together with other digits or not. Every checksum-valid ID number [`mask_in_text`] masks
/// sits in such a run. What is left (the rest of an address, say) is kept for staff to check.
pub fn strip_id_runs(text: &str) -> std::borrow::Cow<'_, str> {
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut cut = false;
    while i < chars.len() {
        if !is_digit(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && is_digit(chars[j]) {
            j += 1;
        }
        if j - i >= 17 && j < chars.len() && matches!(chars[j], 'x' | 'X' | 'ｘ' | 'Ｘ') {
            j += 1;
        }
        if j - i >= 15 {
            cut = true;
        } else {
            out.extend(&chars[i..j]);
        }
        i = j;
    }
    if cut {
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Incremental check while typing on the keypad: `Ok(())` while the prefix can still become a
/// valid number, `Err` as soon as it cannot (a non-digit, an impossible province or month).
pub fn check_prefix(prefix: &str) -> Result<(), IdError> {
    for (i, ch) in prefix.chars().enumerate() {
        if i >= 18 {
            return Err(IdError::Length(prefix.chars().count()));
        }
        let ok = ch.is_ascii_digit() || (i == 17 && (ch == 'X' || ch == 'x'));
        if !ok {
            return Err(IdError::NotDigit { pos: i + 1, ch });
        }
    }
    if address_ok(prefix) == Some(false) {
        return Err(IdError::Address(prefix[..prefix.len().min(6)].to_string()));
    }
    if prefix.len() >= 12 {
        let month: u32 = prefix[10..12].parse().unwrap_or(0);
        if !(1..=12).contains(&month) {
            return Err(IdError::BirthDate(prefix[6..prefix.len().min(14)].to_string()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn standard_examples_are_valid() {
        for s in ["11010519491231002X", "440524188001010014", "11010519491231002x"] {
            let id = ResidentId::parse(s, today()).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(id.as_str().len(), 18);
        }
        let id = ResidentId::parse("11010519491231002X", today()).unwrap();
        assert_eq!(id.gender(), Gender::Female);
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(id.masked(), "110105********002X");
        let id = ResidentId::parse("440524188001010014", today()).unwrap();
        assert_eq!(id.gender(), Gender::Male);
    }

    #[test]
    fn every_single_character_change_is_rejected() {
        for s in ["11010519491231002X", "440524188001010014"] {
            let orig: Vec<char> = s.chars().collect();
            for pos in 0..18 {
                for c in "0123456789X".chars() {
                    if c == orig[pos] {
                        continue;
                    }
                    let mut v = orig.clone();
                    v[pos] = c;
                    let t: String = v.into_iter().collect();
                    assert!(ResidentId::parse(&t, today()).is_err(), "{t} accepted");
                }
            }
        }
    }

    #[test]
    fn errors_name_the_part() {
        let t = today();
        assert_eq!(ResidentId::parse("1101051949", t), Err(IdError::Length(10)));
        assert!(matches!(ResidentId::parse("1101051949123100AX", t), Err(IdError::NotDigit { pos: 17, ch: 'A' })));
        assert!(matches!(ResidentId::parse("00010519491231002X", t), Err(IdError::Address(_))));
        assert!(matches!(ResidentId::parse("110105194902300021", t), Err(IdError::BirthDate(_))));
        assert!(matches!(ResidentId::parse("110105209901010021", t), Err(IdError::BirthInFuture(_))));
        assert!(matches!(ResidentId::parse("110105194912310021", t), Err(IdError::Check { want: 'X', .. })));
    }

    #[test]
    fn garbage_never_panics() {
        for s in [
            "",
            " ",
            "ＡＢＣ",
            "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
            "\u{0}".repeat(18).as_str(),
            "x".repeat(18).as_str(),
        ] {
            assert!(ResidentId::parse(s, today()).is_err());
        }
    }

    #[test]
    fn prefix_check() {
        assert!(check_prefix("").is_ok());
        assert!(check_prefix("1101051949").is_ok());
        assert!(check_prefix("11010519491231002X").is_ok());
        assert!(check_prefix("99").is_ok(), "9 + province 9x: too short to tell");
        assert!(check_prefix("999").is_err());
        assert!(check_prefix("944").is_ok());
        assert!(check_prefix("20").is_err());
        assert!(check_prefix("39").is_err());
        assert!(check_prefix("83").is_ok());
        assert!(check_prefix("110105194913").is_err());
        assert!(check_prefix("11a").is_err());
    }

    /// Make a valid number from 17 digits (the check character computed).
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_char(first17.as_bytes()))
    }

    /// Issue 6 item 7: only province codes that exist (GB/T 2260) — 20 and 39 do not.
    #[test]
    fn only_real_province_codes() {
        for p in PROVINCES {
            let id = with_check(&format!("{p:02}010519900101001"));
            assert!(ResidentId::parse(&id, today()).is_ok(), "{p}: {id}");
        }
        for p in [0, 10, 16, 19, 20, 24, 30, 38, 39, 40, 47, 49, 55, 60, 66, 70, 72, 80, 84, 90, 99] {
            let id = with_check(&format!("{p:02}010519900101001"));
            assert!(matches!(ResidentId::parse(&id, today()), Err(IdError::Address(_))), "{p} accepted");
        }
    }

    /// The 2023 foreigners' permanent-residence ID card: 9, province of issue, nationality code,
    /// birth date, sequence, GB 11643 check character.
    #[test]
    fn foreigners_permanent_residence_id_2023() {
        let id = ResidentId::parse(&with_check("94484019900101202"), today()).unwrap();
        assert!(id.is_foreigner_permanent_residence());
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1990, 1, 1).unwrap());
        assert_eq!(id.gender(), Gender::Female);
        // the province of issue must exist too
        assert!(matches!(ResidentId::parse(&with_check("92084019900101202"), today()), Err(IdError::Address(_))));
        assert!(!ResidentId::parse("11010519491231002X", today()).unwrap().is_foreigner_permanent_residence());
    }

    #[test]
    fn age_in_whole_years() {
        let id = ResidentId::parse(&with_check("11010520080229001"), today()).unwrap();
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(id.age_on(d(2026, 2, 28)), 17);
        assert_eq!(id.age_on(d(2026, 3, 1)), 18);
        assert_eq!(id.age_on(d(2028, 2, 29)), 20);
        assert_eq!(id.age_on(d(2008, 2, 29)), 0);
    }

    #[test]
    fn ids_in_free_text_are_masked_and_other_digits_kept() {
        // SPEC §6: a note a staff member types may carry an ID number; it is kept masked.
        assert_eq!(mask_in_text("复印件11010519491231002x不清"), "复印件110105********002X不清");
        assert_eq!(mask_in_text("证号T11010519491231002X"), "证号T110105********002X");
        assert_eq!(mask_in_text("Y4311010519491231002X9135"), "Y43110105********002X9135");
        // A wrong check character is not an ID number.
        assert_eq!(mask_in_text("11010519491231002Y"), "11010519491231002Y");
    }

    #[test]
    fn id_runs_are_taken_out_of_a_field_where_they_do_not_belong() {
        // SPEC §6: an ID number in an address or a staff number is cut out; the rest stays.
        assert_eq!(strip_id_runs("寄给 11010519491231002X 淄博"), "寄给  淄博");
        assert_eq!(strip_id_runs("路1号11010519491231002x"), "路1号");
        assert_eq!(strip_id_runs("９１１０１０５１９４９１２３１００２"), "", "full-width digits");
        assert_eq!(strip_id_runs("Y4311010519491231002X9135"), "Y9135");
        assert_eq!(strip_id_runs("110105194912310"), "", "a 15-digit (old) ID number");
        // Phones, house numbers, postcodes stay.
        assert_eq!(strip_id_runs("电话13800138000 邮编255000"), "电话13800138000 邮编255000");
        assert!(matches!(strip_id_runs("淄博市张店区1号"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(strip_id_runs("123456789012345X"), "X", "an X closes a run of 17 only");
        assert_eq!(strip_id_runs("12345678901234X"), "12345678901234X");
        // Every ID number mask_in_text masks is in a run strip_id_runs takes out.
        for t in ["复印件11010519491231002x不清", "证号T11010519491231002X", "a11010519491231002Xb"] {
            assert_ne!(mask_in_text(t), t);
            assert!(!strip_id_runs(t).contains("1231002"), "{t}");
        }
    }

    #[test]
    fn mask_short_strings_fully() {
        assert_eq!(mask("12345"), "*****");
        assert_eq!(mask("11010519491231002X"), "110105********002X");
    }

    #[test]
    fn debug_does_not_leak() {
        let id = ResidentId::parse("11010519491231002X", today()).unwrap();
        assert!(!format!("{id:?}").contains("19491231"));
    }
}
