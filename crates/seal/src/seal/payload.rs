//! `SlipClaims`: what a slip prints next to its QR code, as a compact binary record.
//!
//! Body layout, format version 1 (all integers big-endian; full reference with ranges in
//! docs/qr-format.md §3):
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 1 | format version = 1 |
//! | 1 | 2 | key id |
//! | 3 | 4 | head word: kind (2 bits) · status (3) · gender (1) · has review (1) · printed-at minutes since 2024-01-01 00:00 (25) |
//! | 7 | 8 | seal handle (revocation handle) |
//! | 15 | 5 | masked ID: 6 zero bits · first 6 digits (20 bits) · last 3 digits × 11 + check (14 bits) |
//! | 20 | 2 | valid until, days since 2000-01-01 |
//! | 22 | 2 | pending review date, days since 2000-01-01 (only if "has review") |
//! | .. | 1-10 | print serial, unsigned LEB128, minimal |
//! | .. | .. | scope fields: special operation = category, item; 合格证 = industry. Each is a table code 1..=N (1 byte), or 0, length (1 byte), GB18030 text |
//! | .. | rest | holder name, GB18030, 1..=60 bytes |
//!
//! Text is GB18030 (2 bytes per common CJK character, ASCII 1 byte; the slip prints GB18030
//! anyway). The raw ID number and the certificate number never enter the record: only the
//! masked form (first 6 + last 4), from which `T` + masked ID gives the masked certificate
//! number of a special-operation certificate.

use super::keys::KeyId;
use super::{SealError, FORMAT_VERSION};
use crate::domain::id::{mask, Gender};
use crate::domain::{CertKind, Certificate, Status};
use chrono::{NaiveDate, NaiveDateTime, Timelike};
use encoding_rs::GB18030;

/// Longest holder name, in GB18030 bytes (30 common CJK characters). Long minority names
/// (阿卜杜热合曼·买买提明·艾力江·吐尔逊) are real: the field allows them, and the whole code's
/// size is the actual bound — [`SlipClaims::check_fits`] tells the importer whether a
/// certificate's slip can be sealed at all.
pub const MAX_NAME_BYTES: usize = 60;
/// Longest free-text scope field (category / item / industry not in the tables), GB18030 bytes.
pub const MAX_SCOPE_BYTES: usize = 40;
const PRINTED_BITS: u32 = 25;

/// What the slip prints, as signed in the QR code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipClaims {
    /// Format version (1). Set by `seal()`.
    pub version: u8,
    /// Key that signed the slip. `seal()` overwrites it with the signer's id.
    pub key_id: KeyId,
    /// Which certificate kind (special operation, principal, safety officer).
    pub kind: CertKind,
    /// The holder's name as registered.
    pub name: String,
    /// The holder's gender as registered.
    pub gender: Gender,
    /// First 6 + last 4 characters of the ID number, the rest `*`: `110105********002X`.
    pub masked_id: String,
    /// 作业类别 (special operation).
    pub category: Option<String>,
    /// 操作项目 (special operation).
    pub item: Option<String>,
    /// 行业类别 (合格证).
    pub industry: Option<String>,
    /// 有效期止: the last day the certificate is valid.
    pub valid_until: NaiveDate,
    /// Pending review date (应复审日期 not yet done) at print time.
    pub review_due: Option<NaiveDate>,
    /// `Status::code()` at print time (0 valid .. 6 revoked (撤销), 7 cancelled (注销)).
    pub status: u8,
    /// The print serial (the print job's id), which the registry can look up.
    pub serial: u64,
    /// Local (Beijing) time of printing, minute precision.
    pub printed_at: NaiveDateTime,
    /// Revocation handle: random per certificate, assigned by the store.
    pub seal_handle: [u8; 8],
}

impl SlipClaims {
    /// The claims for a slip of `cert` printed now with `status` and `serial`.
    /// Only the masked ID number is taken; `printed_at` is truncated to the minute.
    pub fn for_certificate(cert: &Certificate, status: Status, serial: u64, printed_at: NaiveDateTime) -> SlipClaims {
        let special = cert.kind == CertKind::SpecialOperation;
        let nonempty = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        SlipClaims {
            version: FORMAT_VERSION,
            key_id: KeyId(0),
            kind: cert.kind,
            name: cert.name.trim().to_string(),
            gender: cert.gender,
            masked_id: mask(cert.holder_id.trim()),
            category: if special { nonempty(&cert.category) } else { None },
            item: if special { nonempty(&cert.item) } else { None },
            industry: if special { None } else { nonempty(&cert.industry) },
            valid_until: cert.valid_until,
            review_due: if special { cert.review_pending() } else { None },
            status: status.code(),
            serial,
            printed_at: printed_at.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(printed_at),
            seal_handle: cert.seal_handle,
        }
    }

    /// Masked certificate number of a special-operation certificate (`T` + masked ID).
    pub fn masked_number(&self) -> Option<String> {
        (self.kind == CertKind::SpecialOperation).then(|| format!("T{}", self.masked_id))
    }

    /// Status at print time, short zh-CN wording.
    pub fn status_zh(&self) -> &'static str {
        match self.status {
            0 => "有效",
            1 => "有效（复审临近）",
            2 => "有效（即将到期）",
            3 => "未按期复审（失效）",
            4 => "已过期",
            5 => "已暂停",
            6 => "已撤销",
            7 => "已注销",
            _ => "未知",
        }
    }

    /// Status at print time as a snake_case word.
    pub fn status_word(&self) -> &'static str {
        match self.status {
            0 => "valid",
            1 => "review_due_soon",
            2 => "expiring_soon",
            3 => "review_overdue",
            4 => "expired",
            5 => "suspended",
            6 => "revoked",
            7 => "cancelled",
            _ => "unknown",
        }
    }

    /// "category / item" or the industry.
    pub fn scope_zh(&self) -> String {
        match self.kind {
            CertKind::SpecialOperation => {
                format!("{} / {}", self.category.as_deref().unwrap_or(""), self.item.as_deref().unwrap_or(""))
            }
            _ => self.industry.clone().unwrap_or_default(),
        }
    }

    /// Characters of the QR text this record becomes under `url_prefix` (the signature has a
    /// fixed length, so no key is needed). Errors are those of [`SlipClaims::encode_body`]: a
    /// field out of range (a date past 2179, a name too long ...).
    pub fn text_chars(&self, url_prefix: &str) -> Result<usize, SealError> {
        let raw = self.encode_body(KeyId(0))?.len() + super::SIGNATURE_LEN;
        // Base45: 3 characters per 2 bytes, 2 for a last odd byte.
        Ok(url_prefix.len() + super::MARKER.len() + raw / 2 * 3 + raw % 2 * 2)
    }

    /// Whether this record can be sealed into a QR code of at most version 10 at ECC level Q
    /// without a URL prefix (the printing service drops a prefix that does not fit, so this is
    /// the bound that decides whether a certificate can be printed at all).
    pub fn check_fits(&self) -> Result<(), SealError> {
        let chars = self.text_chars("")?;
        if chars > super::MAX_TEXT_CHARS {
            return Err(SealError::TooLarge { chars, max: super::MAX_TEXT_CHARS });
        }
        Ok(())
    }

    /// Whether a slip of `cert`, printed at `printed_at` with any serial up to `max_serial`, can
    /// be sealed without a URL prefix: the same answer as
    /// `SlipClaims::for_certificate(..).check_fits()`, without building the record when a
    /// conservative size bound already shows that it fits (the importer asks for every row; the
    /// full encode cost 2.6 µs a row, the bound a fraction of that).
    pub fn certificate_fits(cert: &Certificate, max_serial: u64, printed_at: NaiveDateTime) -> Result<(), SealError> {
        if clearly_fits(cert, max_serial, printed_at) {
            return Ok(());
        }
        SlipClaims::for_certificate(cert, Status::Valid, max_serial, printed_at).check_fits()
    }

    /// The binary body (without signature), signed as key `key_id`.
    pub fn encode_body(&self, key_id: KeyId) -> Result<Vec<u8>, SealError> {
        let mut out = Vec::with_capacity(64);
        out.push(FORMAT_VERSION);
        out.extend_from_slice(&key_id.0.to_be_bytes());
        if self.status > 7 {
            return Err(field("status", format!("code {} is not 0..=7", self.status)));
        }
        let minutes = (self.printed_at - epoch_minutes()).num_minutes();
        if !(0..(1 << PRINTED_BITS)).contains(&minutes) {
            return Err(field("printed_at", format!("{} is outside 2024-01-01 .. 2087", self.printed_at)));
        }
        let head = (u32::from(self.kind.code()) << 30)
            | (u32::from(self.status) << 27)
            | (u32::from(self.gender == Gender::Female) << 26)
            | (u32::from(self.review_due.is_some()) << 25)
            | minutes as u32;
        out.extend_from_slice(&head.to_be_bytes());
        out.extend_from_slice(&self.seal_handle);
        out.extend_from_slice(&pack_masked_id(&self.masked_id)?);
        out.extend_from_slice(&day_code("valid_until", self.valid_until)?.to_be_bytes());
        if let Some(r) = self.review_due {
            out.extend_from_slice(&day_code("review_due", r)?.to_be_bytes());
        }
        let mut v = self.serial;
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        }
        match self.kind {
            CertKind::SpecialOperation => {
                put_scope(&mut out, "category", self.category.as_deref(), &CATEGORIES)?;
                put_scope(&mut out, "item", self.item.as_deref(), &ITEMS)?;
            }
            _ => put_scope(&mut out, "industry", self.industry.as_deref(), &INDUSTRIES)?,
        }
        let name = gb(&self.name);
        if name.is_empty() || name.len() > MAX_NAME_BYTES {
            return Err(field(
                "name",
                format!(
                    "must have 1..={MAX_NAME_BYTES} bytes in GB18030 (about {} Chinese characters), has {}",
                    MAX_NAME_BYTES / 2,
                    name.len()
                ),
            ));
        }
        if self.name.chars().any(char::is_control) {
            return Err(field("name", "contains control characters".into()));
        }
        out.extend_from_slice(&name);
        Ok(out)
    }

    /// The body of format version 2 for a key of `alg`: version byte 2, the algorithm byte,
    /// then the version 1 body from the key id on (docs/qr-format.md §3a).
    pub fn encode_body_v2(&self, key_id: KeyId, alg: super::Algorithm) -> Result<Vec<u8>, SealError> {
        let v1 = self.encode_body(key_id)?;
        let mut out = Vec::with_capacity(v1.len() + 1);
        out.push(super::FORMAT_VERSION_2);
        out.push(alg.code());
        out.extend_from_slice(&v1[1..]);
        Ok(out)
    }

    /// Parse a body of version 1 or 2 (without signature). Strict: every field must be in range
    /// and the record must end exactly after the name.
    pub fn decode_body(b: &[u8]) -> Result<SlipClaims, String> {
        if b.first() == Some(&super::FORMAT_VERSION_2) {
            if b.len() < 2 || super::Algorithm::from_code(b[1]).is_none() {
                return Err("unknown signature algorithm in a version 2 record".into());
            }
            let mut v1 = Vec::with_capacity(b.len() - 1);
            v1.push(FORMAT_VERSION);
            v1.extend_from_slice(&b[2..]);
            let mut c = SlipClaims::decode_body(&v1)?;
            c.version = super::FORMAT_VERSION_2;
            return Ok(c);
        }
        let mut r = Reader { b, pos: 0 };
        let version = r.u8()?;
        if version != FORMAT_VERSION {
            return Err(format!("format version {version} is not supported"));
        }
        let key_id = KeyId(u16::from_be_bytes(r.take::<2>()?));
        let head = u32::from_be_bytes(r.take::<4>()?);
        let kind = CertKind::from_code((head >> 30) as u8).ok_or("certificate kind code 0 is not defined")?;
        let status = ((head >> 27) & 7) as u8;
        if status > 7 {
            return Err(format!("status code {status} is not defined"));
        }
        let gender = if head >> 26 & 1 == 1 { Gender::Female } else { Gender::Male };
        let has_review = head >> 25 & 1 == 1;
        let printed_at = epoch_minutes() + chrono::Duration::minutes(i64::from(head & ((1 << PRINTED_BITS) - 1)));
        let seal_handle = r.take::<8>()?;
        let masked_id = unpack_masked_id(r.take::<5>()?)?;
        let valid_until = day(u16::from_be_bytes(r.take::<2>()?));
        let review_due = if has_review { Some(day(u16::from_be_bytes(r.take::<2>()?))) } else { None };
        let serial = r.leb128()?;
        let (mut category, mut item, mut industry) = (None, None, None);
        match kind {
            CertKind::SpecialOperation => {
                category = r.scope("category", &CATEGORIES)?;
                item = r.scope("item", &ITEMS)?;
            }
            _ => industry = r.scope("industry", &INDUSTRIES)?,
        }
        let rest = &b[r.pos..];
        if rest.is_empty() || rest.len() > MAX_NAME_BYTES {
            return Err(format!("name has {} bytes", rest.len()));
        }
        let name = text(rest).ok_or("name is not clean GB18030 text")?;
        Ok(SlipClaims {
            version,
            key_id,
            kind,
            name,
            gender,
            masked_id,
            category,
            item,
            industry,
            valid_until,
            review_due,
            status,
            serial,
            printed_at,
            seal_handle,
        })
    }
}

fn field(field: &'static str, msg: String) -> SealError {
    SealError::Field { field, msg }
}

/// A conservative test for [`SlipClaims::certificate_fits`]: `true` only when every field is in
/// range and an upper bound of the body's size fits. `false` means "encode to know".
fn clearly_fits(cert: &Certificate, max_serial: u64, printed_at: NaiveDateTime) -> bool {
    let in_range = |d: NaiveDate| (0..=i64::from(u16::MAX)).contains(&(d - epoch_days()).num_days());
    let minutes = (printed_at - epoch_minutes()).num_minutes();
    if !(0..(1 << PRINTED_BITS)).contains(&minutes) || !in_range(cert.valid_until) {
        return false;
    }
    // GB18030 needs at most 4 bytes for any character, 1 for ASCII.
    let bound = |s: &str| -> Option<usize> {
        let mut n = 0;
        for c in s.chars() {
            if c.is_control() {
                return None;
            }
            n += if c.is_ascii() { 1 } else { 4 };
        }
        Some(n)
    };
    let scope = |v: Option<&str>, table: &[&str]| -> Option<usize> {
        match v.filter(|s| !s.trim().is_empty()) {
            None => Some(2),
            Some(v) if table_code(table, v).is_some() => Some(1),
            Some(v) => bound(v).filter(|n| *n <= MAX_SCOPE_BYTES).map(|n| 2 + n),
        }
    };
    let special = cert.kind == CertKind::SpecialOperation;
    let mut body = 1 + 2 + 4 + 8 + 5 + 2; // version, key id, head, handle, masked ID, valid until
    if special {
        if let Some(r) = cert.review_pending() {
            if !in_range(r) {
                return false;
            }
            body += 2;
        }
        let (Some(c), Some(i)) = (scope(cert.category.as_deref(), &CATEGORIES), scope(cert.item.as_deref(), &ITEMS))
        else {
            return false;
        };
        body += c + i;
    } else {
        let Some(n) = scope(cert.industry.as_deref(), &INDUSTRIES) else { return false };
        body += n;
    }
    body += (64 - max_serial.leading_zeros() as usize).max(1).div_ceil(7); // LEB128
    let name = cert.name.trim();
    match bound(name) {
        Some(n) if !name.is_empty() && n <= MAX_NAME_BYTES => body += n,
        _ => return false,
    }
    let raw = body + super::SIGNATURE_LEN;
    super::MARKER.len() + raw / 2 * 3 + raw % 2 * 2 <= super::MAX_TEXT_CHARS
}

fn epoch_minutes() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("2024-01-01 00:00 exists")
}

fn epoch_days() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).expect("2000-01-01 exists")
}

fn day_code(name: &'static str, d: NaiveDate) -> Result<u16, SealError> {
    u16::try_from((d - epoch_days()).num_days())
        .map_err(|_| field(name, format!("{d} is outside 2000-01-01 .. 2179-06-06")))
}

fn day(n: u16) -> NaiveDate {
    epoch_days() + chrono::Days::new(u64::from(n))
}

fn gb(s: &str) -> Vec<u8> {
    GB18030.encode(s).0.into_owned()
}

/// Strict GB18030 decode; refuses malformed bytes and control characters.
fn text(b: &[u8]) -> Option<String> {
    let s = GB18030.decode_without_bom_handling_and_without_replacement(b)?;
    (!s.chars().any(char::is_control)).then(|| s.into_owned())
}

fn put_scope(out: &mut Vec<u8>, name: &'static str, value: Option<&str>, table: &[&str]) -> Result<(), SealError> {
    let Some(v) = value else {
        out.extend_from_slice(&[0, 0]);
        return Ok(());
    };
    if let Some(i) = table_code(table, v) {
        out.push(i as u8 + 1);
        return Ok(());
    }
    let b = gb(v);
    if b.is_empty() || b.len() > MAX_SCOPE_BYTES || v.chars().any(char::is_control) {
        return Err(field(
            name,
            format!(
                "{v:?} is not in the code table and has {} GB18030 bytes (free text: 1..={MAX_SCOPE_BYTES}, no control characters)",
                b.len()
            ),
        ));
    }
    out.push(0);
    out.push(b.len() as u8);
    out.extend_from_slice(&b);
    Ok(())
}

fn pack_masked_id(m: &str) -> Result<[u8; 5], SealError> {
    let bad = || {
        field(
            "masked ID",
            "the holder's ID number is not an 18-character resident ID (6 digits … 3 digits + digit or X)".into(),
        )
    };
    let b = m.as_bytes();
    if b.len() != 18 || !b[6..14].iter().all(|&c| c == b'*') {
        return Err(bad());
    }
    let digits = |s: &[u8]| -> Option<u64> {
        s.iter().try_fold(0u64, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u64::from(c - b'0')))
    };
    let first = digits(&b[0..6]).ok_or_else(bad)?;
    let seq = digits(&b[14..17]).ok_or_else(bad)?;
    let check = match b[17] {
        c @ b'0'..=b'9' => u64::from(c - b'0'),
        b'X' | b'x' => 10,
        _ => return Err(bad()),
    };
    let v = (first << 14) | (seq * 11 + check);
    let be = v.to_be_bytes();
    Ok([be[3], be[4], be[5], be[6], be[7]])
}

fn unpack_masked_id(b: [u8; 5]) -> Result<String, String> {
    let v = b.iter().fold(0u64, |acc, &x| acc << 8 | u64::from(x));
    let first = v >> 14;
    let last = v & ((1 << 14) - 1);
    if first > 999_999 || last > 999 * 11 + 10 {
        return Err("masked ID number out of range".into());
    }
    let check = last % 11;
    let check = if check == 10 { 'X' } else { char::from(b'0' + check as u8) };
    Ok(format!("{first:06}********{:03}{check}", last / 11))
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let s = self.b.get(self.pos..self.pos + N).ok_or("record is truncated")?;
        self.pos += N;
        Ok(s.try_into().expect("length checked"))
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take::<1>()?[0])
    }
    fn leb128(&mut self) -> Result<u64, String> {
        let mut v: u64 = 0;
        for i in 0..10 {
            let b = self.u8()?;
            let part = u64::from(b & 0x7f);
            if i == 9 && part > 1 {
                return Err("print serial overflows 64 bits".into());
            }
            v |= part << (7 * i);
            if b & 0x80 == 0 {
                if b == 0 && i > 0 {
                    return Err("print serial is not minimally encoded".into());
                }
                return Ok(v);
            }
        }
        Err("print serial is too long".into())
    }
    fn scope(&mut self, name: &str, table: &[&str]) -> Result<Option<String>, String> {
        let code = self.u8()?;
        if code != 0 {
            return table
                .get(usize::from(code) - 1)
                .map(|s| Some(s.to_string()))
                .ok_or_else(|| format!("{name} code {code} is not defined"));
        }
        let len = usize::from(self.u8()?);
        if len == 0 {
            return Ok(None);
        }
        if len > MAX_SCOPE_BYTES {
            return Err(format!("{name} text is too long"));
        }
        let bytes = self.b.get(self.pos..self.pos + len).ok_or("record is truncated")?;
        self.pos += len;
        text(bytes).map(Some).ok_or_else(|| format!("{name} is not clean GB18030 text"))
    }
}

/// 作业类别 codes (= the catalogue's `code`). Frozen for format version 1 once shipped: append
/// only. 11 其他作业 has no item codes: its items are free text, sent as text.
pub const CATEGORIES: [&str; 11] = [
    "电工作业",                 // 1
    "焊接与热切割作业",         // 2
    "高处作业",                 // 3
    "制冷与空调作业",           // 4
    "煤矿安全作业",             // 5
    "金属非金属矿山安全作业",   // 6
    "石油天然气安全作业",       // 7
    "冶金（有色）生产安全作业", // 8
    "危险化学品安全作业",       // 9
    "烟花爆竹安全作业",         // 10
    "其他作业",                 // 11
];
/// 操作项目 codes: 1-based position in the built-in catalogue, all categories in order, by their
/// official 目录 names (each name appears once: the 煤矿 and 金属非金属矿山 items carry their
/// prefixes). Corrected in place before the format shipped; from now on append only.
pub const ITEMS: [&str; 54] = [
    "低压电工作业",                 // 1
    "高压电工作业",                 // 2
    "电力电缆作业",                 // 3
    "继电保护作业",                 // 4
    "电气试验作业",                 // 5
    "防爆电气作业",                 // 6
    "熔化焊接与热切割作业",         // 7
    "压力焊作业",                   // 8
    "钎焊作业",                     // 9
    "登高架设作业",                 // 10
    "高处安装、维护、拆除作业",     // 11
    "制冷与空调设备运行操作作业",   // 12
    "制冷与空调设备安装修理作业",   // 13
    "煤矿井下电气作业",             // 14
    "煤矿井下爆破作业",             // 15
    "煤矿安全监测监控作业",         // 16
    "煤矿瓦斯检查作业",             // 17
    "煤矿安全检查作业",             // 18
    "煤矿提升机操作作业",           // 19
    "煤矿采煤机（掘进机）操作作业", // 20
    "煤矿瓦斯抽采作业",             // 21
    "煤矿防突作业",                 // 22
    "煤矿探放水作业",               // 23
    "金属非金属矿井通风作业",       // 24
    "尾矿作业",                     // 25
    "金属非金属矿山安全检查作业",   // 26
    "金属非金属矿山提升机操作作业", // 27
    "金属非金属矿山支柱作业",       // 28
    "金属非金属矿山井下电气作业",   // 29
    "金属非金属矿山排水作业",       // 30
    "金属非金属矿山爆破作业",       // 31
    "司钻作业",                     // 32
    "煤气作业",                     // 33
    "光气及光气化工艺作业",         // 34
    "氯碱电解工艺作业",             // 35
    "氯化工艺作业",                 // 36
    "硝化工艺作业",                 // 37
    "合成氨工艺作业",               // 38
    "裂解（裂化）工艺作业",         // 39
    "氟化工艺作业",                 // 40
    "加氢工艺作业",                 // 41
    "重氮化工艺作业",               // 42
    "氧化工艺作业",                 // 43
    "过氧化工艺作业",               // 44
    "胺基化工艺作业",               // 45
    "磺化工艺作业",                 // 46
    "聚合工艺作业",                 // 47
    "烷基化工艺作业",               // 48
    "化工自动化控制仪表作业",       // 49
    "烟火药制造作业",               // 50
    "黑火药制造作业",               // 51
    "引火线制造作业",               // 52
    "烟花爆竹产品涉药作业",         // 53
    "烟花爆竹储存作业",             // 54
];
/// 行业类别 codes for 合格证. Append only (10-15 added for the roster forms of SPEC §2; a
/// verifier with an older table reads them as undefined codes: republish the phone page).
pub const INDUSTRIES: [&str; 15] = [
    "危险化学品生产单位",               // 1
    "危险化学品经营单位",               // 2
    "金属非金属矿山（小型露天采石场）", // 3
    "金属非金属矿山（露天）",           // 4
    "金属非金属矿山（地下）",           // 5
    "陆上石油天然气开采",               // 6
    "烟花爆竹经营单位",                 // 7
    "金属冶炼",                         // 8
    "非高危行业",                       // 9
    "危险化学品储存单位",               // 10
    "危险化学品使用单位",               // 11
    "金属非金属矿山（尾矿库）",         // 12
    "煤矿",                             // 13
    "烟花爆竹生产单位",                 // 14
    "其他",                             // 15
];

/// The code of `v` in `table` (0-based), reading ASCII brackets as the full-width ones the
/// official names carry: rows stored before the names were corrected (煤矿采煤机(掘进机)操作作业)
/// still get their code.
fn table_code(table: &[&str], v: &str) -> Option<usize> {
    table.iter().position(|t| *t == v).or_else(|| {
        if !v.contains(['(', ')']) {
            return None;
        }
        let full = v.replace('(', "（").replace(')', "）");
        table.iter().position(|t| *t == full)
    })
}
