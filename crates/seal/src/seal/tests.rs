//! Tests of the seal: round trips, tamper detection, size, privacy, verdicts, files.

use super::payload::{CATEGORIES, INDUSTRIES, ITEMS};
use super::verify::QR_ALPHANUMERIC;
use super::*;
use crate::domain::catalogue::Catalogue;
use crate::domain::cert::sample_special;
use crate::domain::{CertKind, Certificate, Gender, LeadTimes, Status};
use chrono::{NaiveDate, NaiveDateTime};
use std::os::unix::fs::PermissionsExt;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}
fn at(y: i32, m: u32, dd: u32, h: u32, min: u32) -> NaiveDateTime {
    d(y, m, dd).and_hms_opt(h, min, 0).unwrap()
}
/// A day on which the sample certificates are plainly valid.
fn today() -> NaiveDate {
    d(2025, 6, 1)
}

fn signer() -> Signer {
    Signer::from_seed([7; 32])
}
fn trust_with(s: &Signer) -> TrustList {
    let mut t = TrustList::new();
    t.add(s.public_entry("test")).unwrap();
    t
}

fn principal() -> Certificate {
    Certificate {
        id: crate::domain::CertId::NEW,
        number: "AQ2025440300123".into(),
        kind: CertKind::Principal,
        holder_id: "440524188001010014".into(),
        name: "李建国".into(),
        gender: Gender::Male,
        category: None,
        item: None,
        industry: Some("危险化学品经营单位".into()),
        first_issued: d(2024, 5, 1),
        valid_from: d(2024, 5, 1),
        valid_until: d(2027, 4, 30),
        review_due: None,
        reviewed_on: None,
        issuer: "某市应急管理局".into(),
        standing: Default::default(),
        extended_review: false,
        seal_handle: [9, 8, 7, 6, 5, 4, 3, 2],
    }
}
fn manager() -> Certificate {
    Certificate {
        kind: CertKind::SafetyManager,
        name: "Zhang Wei".into(),
        industry: Some("非高危行业".into()),
        seal_handle: [0xAA; 8],
        ..principal()
    }
}
fn longest() -> Certificate {
    Certificate {
        name: "阿卜杜热合曼·买买提明·艾力江".into(), // 15 characters, 30 GB18030 bytes
        category: Some("金属非金属矿山安全作业".into()),
        item: Some("金属非金属矿山提升机操作作业".into()),
        seal_handle: [0xFF; 8],
        ..sample_special()
    }
}
const URL: &str = "HTTPS://ZWFW.EXAMPLE.GOV.CN/V/";

fn claims_of(c: &Certificate) -> SlipClaims {
    let status = c.status(today(), &LeadTimes::default());
    SlipClaims::for_certificate(c, status, 1_234_567, at(2025, 6, 1, 9, 41))
}

fn sealed(c: &Certificate, url: Option<&str>) -> (String, TrustList) {
    let s = signer();
    let t = trust_with(&s);
    (seal(&claims_of(c), &s, &t, url).unwrap(), t)
}

fn check(text: &str, t: &TrustList) -> Verification {
    verify(text, t, &RevocationList::new(), today())
}

/// Re-encode raw bytes under the prefix of `text` (for bit-flip tests).
fn split_raw(text: &str) -> (String, Vec<u8>) {
    let pos = text.find(MARKER).unwrap() + MARKER.len();
    (text[..pos].to_string(), base45::decode(&text[pos..]).unwrap())
}

#[test]
fn round_trip_all_kinds() {
    for c in [sample_special(), principal(), manager(), longest()] {
        for url in [None, Some(URL)] {
            let (text, t) = sealed(&c, url);
            let v = check(&text, &t);
            assert_eq!(v.verdict, Verdict::Valid, "{text}");
            assert_eq!(v.key_id, Some(signer().key_id()));
            let mut want = claims_of(&c);
            want.key_id = signer().key_id();
            assert_eq!(v.claims.as_ref(), Some(&want));
            let got = v.claims.unwrap();
            assert_eq!(got.name, c.name);
            assert_eq!(got.kind, c.kind);
            assert_eq!(got.masked_id, crate::domain::id::mask(&c.holder_id));
            assert_eq!(got.seal_handle, c.seal_handle);
            assert_eq!(got.serial, 1_234_567);
            assert_eq!(got.printed_at, at(2025, 6, 1, 9, 41));
        }
    }
}

#[test]
fn claims_carry_the_printed_fields() {
    let c = sample_special();
    let cl = claims_of(&c);
    assert_eq!(cl.masked_id, "110105********002X");
    assert_eq!(cl.masked_number().as_deref(), Some("T110105********002X"));
    assert_eq!(cl.category.as_deref(), Some("电工作业"));
    assert_eq!(cl.item.as_deref(), Some("低压电工作业"));
    assert_eq!(cl.industry, None);
    assert_eq!(cl.review_due, Some(d(2026, 3, 1)));
    assert_eq!(cl.gender, Gender::Female);
    let p = claims_of(&principal());
    assert_eq!(p.industry.as_deref(), Some("危险化学品经营单位"));
    assert_eq!((&p.category, &p.item, p.review_due), (&None, &None, None));
    assert_eq!(p.masked_number(), None);
    // seconds are dropped
    let s = SlipClaims::for_certificate(&c, Status::Valid, 1, d(2025, 1, 1).and_hms_opt(8, 30, 59).unwrap());
    assert_eq!(s.printed_at, at(2025, 1, 1, 8, 30));
}

#[test]
fn every_bit_flip_of_the_binary_is_rejected() {
    for (c, url) in [(sample_special(), None), (principal(), Some(URL))] {
        let (text, t) = sealed(&c, url);
        let (prefix, raw) = split_raw(&text);
        assert_eq!(check(&text, &t).verdict, Verdict::Valid);
        for i in 0..raw.len() * 8 {
            let mut r = raw.clone();
            r[i / 8] ^= 1 << (i % 8);
            let tampered = format!("{prefix}{}", base45::encode(&r));
            let v = check(&tampered, &t);
            assert!(!v.verdict.is_authentic(), "bit {i}: {:?}", v.verdict);
            assert!(v.claims.is_none());
        }
    }
}

#[test]
fn every_single_character_change_is_rejected() {
    let (text, t) = sealed(&sample_special(), Some(URL));
    let chars: Vec<char> = text.chars().collect();
    let alpha: Vec<char> = QR_ALPHANUMERIC.chars().collect();
    let mut checked = 0;
    for pos in 0..chars.len() {
        let orig = alpha.iter().position(|&a| a == chars[pos]).unwrap();
        // a spread of substitutes per position (all 44 everywhere would take minutes in debug)
        for step in [1, 2, 10, 22, 44] {
            let mut v = chars.clone();
            v[pos] = alpha[(orig + step) % alpha.len()];
            let s: String = v.into_iter().collect();
            if s.trim() == text {
                continue;
            }
            let r = check(&s, &t);
            assert!(!r.verdict.is_authentic(), "{pos}/{step}: {s} → {:?}", r.verdict);
            checked += 1;
        }
        // deleting the character
        let mut v = chars.clone();
        v.remove(pos);
        let s: String = v.into_iter().collect();
        assert!(!check(&s, &t).verdict.is_authentic(), "deleted {pos}");
    }
    assert!(checked >= chars.len() * 4, "{checked}");
}

#[test]
fn all_substitutes_in_the_data_part_are_rejected() {
    // Exhaustive over the first Base45 group and the last one (the trailing-group edge).
    let (text, t) = sealed(&principal(), None);
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    for pos in [4, 5, 6, n - 3, n - 2, n - 1] {
        for a in QR_ALPHANUMERIC.chars().filter(|&a| a != chars[pos]) {
            let mut v = chars.clone();
            v[pos] = a;
            let s: String = v.into_iter().collect();
            if s.trim() == text {
                continue;
            }
            assert!(!check(&s, &t).verdict.is_authentic(), "{pos} {a:?}");
        }
    }
}

#[test]
fn a_different_url_prefix_breaks_the_signature() {
    let (text, t) = sealed(&sample_special(), Some(URL));
    let moved = text.replace("ZWFW.EXAMPLE", "ZWFW.EXAMPLF");
    assert!(matches!(check(&moved, &t).verdict, Verdict::Forged { .. }));
    let stripped = &text[URL.len()..];
    assert!(matches!(check(stripped, &t).verdict, Verdict::Forged { .. }));
}

#[test]
fn whitespace_and_lowercase_are_accepted() {
    let (text, t) = sealed(&sample_special(), Some(URL));
    assert_eq!(check(&format!("  \t{text}\r\n"), &t).verdict, Verdict::Valid);
    assert_eq!(check(&text.to_ascii_lowercase(), &t).verdict, Verdict::Valid);
}

#[test]
fn longest_certificate_fits_version_10_at_ecc_q() {
    use qrcode::{EcLevel, QrCode, Version};
    let c = longest();
    let (text, t) = sealed(&c, Some(URL));
    assert_eq!(check(&text, &t).verdict, Verdict::Valid);
    let (_, raw) = split_raw(&text);
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::Q).unwrap();
    eprintln!("longest: {} bytes, {} chars, {:?}", raw.len(), text.len(), code.version());
    match code.version() {
        Version::Normal(v) => assert!(v <= 10, "version {v}"),
        other => panic!("{other:?}"),
    }
    // a serial needing 9 LEB128 bytes still fits without the URL prefix
    let s = signer();
    let mut cl = claims_of(&c);
    cl.serial = u64::MAX;
    let text = seal(&cl, &s, &t, None).unwrap();
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::Q).unwrap();
    assert!(matches!(code.version(), Version::Normal(v) if v <= 10));
    // typical certificate
    let (text, _) = sealed(&sample_special(), None);
    let (_, raw) = split_raw(&text);
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::Q).unwrap();
    eprintln!("typical: {} bytes, {} chars, {:?}", raw.len(), text.len(), code.version());
}

#[test]
fn too_large_is_an_error_not_a_big_code() {
    let s = signer();
    let t = trust_with(&s);
    let mut c = longest();
    c.name = "阿卜杜热合曼·买买提明·艾力江买".into(); // 16 characters
    let cl = claims_of(&c);
    assert!(matches!(seal(&cl, &s, &t, Some(URL)), Err(SealError::TooLarge { .. })));
    assert!(seal(&cl, &s, &t, None).is_ok());
    c.name = "名".repeat(31);
    assert!(matches!(seal(&claims_of(&c), &s, &t, None), Err(SealError::Field { field: "name", .. })));
    // 25 characters fit the code (coded scope, 3-byte serial, no prefix); 26 fit the field
    // but not the code: the size bound decides
    c.name = "名".repeat(25);
    assert!(seal(&claims_of(&c), &s, &t, None).is_ok());
    c.name = "名".repeat(26);
    assert!(matches!(seal(&claims_of(&c), &s, &t, None), Err(SealError::TooLarge { .. })));
    assert!(matches!(claims_of(&c).check_fits(), Err(SealError::TooLarge { .. })));
    c.name = String::new();
    assert!(seal(&claims_of(&c), &s, &t, None).is_err());
}

#[test]
fn free_text_scope_outside_the_tables() {
    let mut c = sample_special();
    c.item = Some("新型工艺作业".into());
    let (text, t) = sealed(&c, None);
    let v = check(&text, &t);
    assert_eq!(v.verdict, Verdict::Valid);
    assert_eq!(v.claims.unwrap().item.as_deref(), Some("新型工艺作业"));
    c.item = Some("很".repeat(21));
    let s = signer();
    assert!(seal(&claims_of(&c), &s, &t, None).is_err());
}

#[test]
fn code_tables_cover_the_builtin_catalogue() {
    let cat = Catalogue::builtin();
    for c in &cat.categories {
        assert_eq!(CATEGORIES[usize::from(c.code) - 1], c.name);
        for i in &c.items {
            assert!(ITEMS.contains(&i.as_str()), "{i}");
        }
    }
    for n in &cat.industries.names {
        assert!(INDUSTRIES.contains(&n.as_str()), "{n}");
    }
}

#[test]
fn payload_never_holds_the_raw_id_or_number() {
    for c in [sample_special(), principal(), manager(), longest()] {
        for url in [None, Some(URL)] {
            let (text, t) = sealed(&c, url);
            assert!(!text.contains(&c.holder_id));
            assert!(!text.contains(&c.number));
            let (_, raw) = split_raw(&text);
            // no run of 18 ASCII digits, and not the ID's digits as BCD-ish or ASCII anywhere
            let mut run = 0;
            for b in &raw {
                run = if b.is_ascii_digit() { run + 1 } else { 0 };
                assert!(run < 18);
            }
            let id = c.holder_id.as_bytes();
            assert!(!raw.windows(10).any(|w| w == &id[4..14]));
            let json = check(&text, &t).to_json_line();
            assert!(!json.contains(&c.holder_id), "{json}");
            assert!(json.contains(&crate::domain::id::mask(&c.holder_id)));
        }
    }
}

#[test]
fn unknown_key() {
    let (text, _) = sealed(&sample_special(), None);
    let other = trust_with(&Signer::from_seed([8; 32]));
    let v = check(&text, &other);
    assert_eq!(v.verdict, Verdict::UnknownKey);
    assert_eq!(v.key_id, Some(signer().key_id()));
    assert!(v.claims.is_none());
    assert!(v.to_json_line().contains("\"unknown_key\""));
}

#[test]
fn retired_key_verifies_but_cannot_sign() {
    let s = signer();
    let (text, mut t) = sealed(&sample_special(), None);
    t.retire(s.key_id(), at(2030, 1, 1, 0, 0)).unwrap();
    assert_eq!(check(&text, &t).verdict, Verdict::Valid);
    assert!(matches!(seal(&claims_of(&sample_special()), &s, &t, None), Err(SealError::SignerRetired(_))));
    // not in the list at all
    assert!(matches!(
        seal(&claims_of(&sample_special()), &s, &TrustList::new(), None),
        Err(SealError::SignerNotTrusted(_))
    ));
}

/// Issue 18: a key that has been retired signed nothing afterwards, so a slip stamped after its
/// retirement was made by whoever kept (or stole) the private file: refused, with its own verdict
/// and none of the printed fields, even though the signature is good.
#[test]
fn a_slip_stamped_after_its_keys_retirement_is_refused() {
    let s = signer();
    let c = sample_special();
    let mut t = trust_with(&s);
    let seal_at = |when| seal(&SlipClaims::for_certificate(&c, Status::Valid, 7, when), &s, &t, None).unwrap();
    let before = seal_at(at(2025, 5, 31, 16, 59));
    let same_minute = seal_at(at(2025, 5, 31, 17, 0));
    let after = seal_at(at(2025, 5, 31, 17, 1));
    t.retire(s.key_id(), at(2025, 5, 31, 17, 0) + chrono::Duration::seconds(30)).unwrap();
    assert_eq!(check(&before, &t).verdict, Verdict::Valid);
    assert_eq!(check(&same_minute, &t).verdict, Verdict::Valid, "stamped in the retiring minute, before it");
    let v = check(&after, &t);
    assert_eq!(v.verdict, Verdict::KeyRetired);
    assert!(v.claims.is_none() && !v.verdict.is_authentic() && !v.verdict.is_valid());
    assert_eq!(v.key_id, Some(s.key_id()));
    let json = v.to_json_line();
    assert!(json.contains("\"key_retired\"") && !json.contains("\"name\""), "{json}");
    // the retirement time is part of the (signed) trust list and survives a save and load
    let back = TrustList::parse(&t.to_toml()).unwrap();
    assert_eq!(check(&after, &back).verdict, Verdict::KeyRetired);
    // an active key with a retirement time is a damaged list
    let bad = t.to_toml().replace("status = \"retired\"", "status = \"active\"");
    assert!(TrustList::parse(&bad).is_err());
    // a compromised key keeps the compromise rule (revoked), retired or not
    t.compromise(s.key_id(), at(2025, 5, 1, 0, 0)).unwrap();
    let v = check(&after, &t);
    assert_eq!((v.verdict, v.cause), (Verdict::Revoked, Some(RevocationCause::KeyCompromised)));
}

#[test]
fn revoked_by_list_or_at_print() {
    let c = sample_special();
    let (text, t) = sealed(&c, None);
    let mut rl = RevocationList::new();
    rl.insert([9; 8]);
    assert_eq!(verify(&text, &t, &rl, today()).verdict, Verdict::Valid);
    rl.insert(c.seal_handle);
    let v = verify(&text, &t, &rl, today());
    assert_eq!(v.verdict, Verdict::Revoked);
    assert!(v.claims.is_some());

    let s = signer();
    for (status, want) in [
        (Status::Revoked, Verdict::Revoked),
        (Status::Suspended, Verdict::Suspended),
        (Status::Expired { until: d(2025, 1, 1) }, Verdict::Expired),
        (Status::ReviewOverdue { due: d(2025, 1, 1) }, Verdict::ReviewOverdue),
    ] {
        let cl = SlipClaims::for_certificate(&c, status, 5, at(2025, 6, 1, 10, 0));
        let text = seal(&cl, &s, &t, None).unwrap();
        assert_eq!(check(&text, &t).verdict, want);
    }
}

#[test]
fn expired_and_review_overdue_by_date() {
    let c = sample_special(); // review due 2026-03-01, valid until 2029-02-28
    let (text, t) = sealed(&c, None);
    let rl = RevocationList::new();
    let at_day = |day| verify(&text, &t, &rl, day).verdict;
    assert_eq!(at_day(d(2026, 3, 1)), Verdict::Valid);
    assert_eq!(at_day(d(2026, 3, 2)), Verdict::ReviewOverdue);
    assert_eq!(at_day(d(2029, 2, 28)), Verdict::ReviewOverdue);
    assert_eq!(at_day(d(2029, 3, 1)), Verdict::Expired);

    let mut reviewed = c.clone();
    reviewed.reviewed_on = Some(d(2026, 2, 1));
    let (text, t) = sealed(&reviewed, None);
    assert_eq!(verify(&text, &t, &rl, d(2029, 2, 28)).verdict, Verdict::Valid);
    assert_eq!(verify(&text, &t, &rl, d(2029, 3, 1)).verdict, Verdict::Expired);
}

#[test]
fn garbage_is_malformed() {
    let (text, t) = sealed(&sample_special(), Some(URL));
    let pos = text.find(MARKER).unwrap() + MARKER.len();
    let huge = "A".repeat(1_000_000);
    let cases: Vec<String> = vec![
        String::new(),
        "   \n".into(),
        "hello world".into(),
        "11010519491231002X".into(),
        huge.clone(),
        format!("CD1:{huge}"),
        "CD1:".into(),
        "CD1:!!!".into(),
        "CD1:ABC".into(),
        "CD1:A".into(),
        "CD1:GGW".into(), // 3-char group > 65535
        "CD2:ABCDEF".into(),
        "CD1:二维码".into(),
        format!("{}JUNK", &text[..pos]),
        text[..text.len() - 1].to_string(),
        text[..text.len() - 3].to_string(),
        text[..pos + 30].to_string(),
        format!("CD1:{}", base45::encode([2u8; 70])),
    ];
    for s in &cases {
        let v = check(s, &t);
        assert!(matches!(v.verdict, Verdict::Malformed { .. }), "{:?} → {:?}", &s[..s.len().min(40)], v.verdict);
        assert!(v.claims.is_none());
        let json: serde_json::Value = serde_json::from_str(&v.to_json_line()).unwrap();
        assert_eq!(json["verdict"], "malformed");
    }
    // a non-canonical trailing group (value > 255) that the base45 crate alone would accept
    let (text, t) = sealed(&principal(), None);
    if (text.len() - 4) % 3 == 2 {
        let mut v: Vec<char> = text.chars().collect();
        let n = v.len();
        let alpha: Vec<char> = QR_ALPHANUMERIC.chars().collect();
        let b = alpha.iter().position(|&a| a == v[n - 1]).unwrap();
        v[n - 1] = alpha[b + 6]; // +6*45 = +270: same byte modulo 256
        let s: String = v.into_iter().collect();
        assert!(matches!(check(&s, &t).verdict, Verdict::Malformed { .. }));
    }
}

#[test]
fn json_line_shape() {
    let (text, t) = sealed(&sample_special(), None);
    let v = check(&text, &t);
    let j: serde_json::Value = serde_json::from_str(&v.to_json_line()).unwrap();
    assert_eq!(j["verdict"], "valid");
    assert_eq!(j["verdict_zh"], "真实有效");
    assert_eq!(j["key_id"], signer().key_id().to_string());
    assert_eq!(j["serial"], "01234567", "the serial as the slip prints it");
    assert_eq!(j["id_masked"], "110105********002X");
    assert_eq!(j["number_masked"], "T110105********002X");
    assert_eq!(j["name"], "王秀英");
    assert_eq!(j["review_due"], "2026-03-01");
    assert_eq!(j["printed_at"], "2025-06-01T09:41");
    assert!(!v.to_json_line().contains('\n'));
}

#[test]
fn verify_many_answers_every_line_blank_ones_too() {
    let (text, t) = sealed(&sample_special(), None);
    let input = format!("{text}\n\nnot a code\n{text}\n");
    let rl = RevocationList::new();
    let got: Vec<_> = verify_many(input.lines(), &t, &rl, today()).map(|v| v.verdict.word()).collect();
    assert_eq!(got, ["valid", "malformed", "malformed", "valid"]);
}

#[test]
fn url_prefix_rules() {
    let s = signer();
    let t = trust_with(&s);
    let cl = claims_of(&sample_special());
    assert!(matches!(seal(&cl, &s, &t, Some("https://lower/")), Err(SealError::UrlPrefix(_))));
    assert!(matches!(seal(&cl, &s, &t, Some("HTTPS://X/CD1:")), Err(SealError::UrlPrefix(_))));
}

#[test]
fn bad_masked_id_is_a_field_error() {
    let s = signer();
    let t = trust_with(&s);
    let mut c = sample_special();
    c.holder_id = "E12345678".into();
    assert!(matches!(seal(&claims_of(&c), &s, &t, None), Err(SealError::Field { .. })));
    // X check character and leading zeros survive the packing
    c.holder_id = "00000019491231000X".into();
    let (text, t) = sealed(&c, None);
    assert_eq!(check(&text, &t).claims.unwrap().masked_id, "000000********000X");
}

#[test]
fn key_file_is_0600_and_loose_modes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("signing.key");
    let s = Signer::write_new(&p).unwrap();
    let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let loaded = Signer::load(&p).unwrap();
    assert_eq!(loaded.key_id(), s.key_id());
    assert_eq!(loaded.verifying_key(), s.verifying_key());
    // no overwrite, and no temporary files left behind
    assert!(matches!(Signer::write_new(&p), Err(SealError::KeyExists { .. })));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    assert_eq!(Signer::load(&p).unwrap().key_id(), s.key_id());
    // 0644 is refused with a chmod hint
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = Signer::load(&p).unwrap_err().to_string();
    assert!(err.contains("chmod 600"), "{err}");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert!(Signer::load(&p).is_err());
    // a damaged file is explained
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    let text = std::fs::read_to_string(&p).unwrap();
    let q = dir.path().join("damaged.key");
    let damaged = text.replace(&format!("key_id = \"{}\"", s.key_id()), "key_id = \"0000\"");
    std::fs::write(&q, damaged).unwrap();
    std::fs::set_permissions(&q, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(matches!(Signer::load(&q), Err(SealError::KeyFile { .. })));
    assert!(!format!("{s:?}").contains(&text[text.find("secret_key").unwrap() + 14..][..16]));
}

#[test]
fn trust_list_file_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("trust.toml");
    let a = signer();
    let b = Signer::from_seed([9; 32]);
    let mut t = trust_with(&a);
    t.add(b.public_entry("second")).unwrap();
    assert!(t.add(b.public_entry("again")).is_err());
    t.retire(a.key_id(), at(2026, 1, 5, 10, 30)).unwrap();
    t.save(&p).unwrap();
    let back = TrustList::load(&p).unwrap();
    assert_eq!(back.entries(), t.entries());
    assert_eq!(back.get(a.key_id()).unwrap().status, KeyStatus::Retired);
    assert_eq!(back.get(b.key_id()).unwrap().status, KeyStatus::Active);
    // a wrong id is caught at load
    let text = std::fs::read_to_string(&p).unwrap().replace(&a.key_id().to_string(), "0000");
    std::fs::write(&p, text).unwrap();
    let err = TrustList::load(&p).unwrap_err().to_string();
    assert!(err.contains("does not match"), "{err}");
    std::fs::write(&p, "[[key]]\nid = \"1\"\n").unwrap();
    assert!(TrustList::load(&p).is_err());
}

#[test]
fn revocation_list_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("revoked.txt");
    let s = signer();
    let t = trust_with(&s);
    assert!(RevocationList::load(&p, &t).unwrap().is_none());
    let mut rl = RevocationList::new();
    rl.insert([1, 2, 3, 4, 5, 6, 7, 8]);
    rl.insert_with([0xAA; 8], Reason::Suspended);
    let issued = chrono::DateTime::parse_from_rfc3339("2025-06-01T01:00:00Z").unwrap().to_utc();
    std::fs::write(&p, rl.to_signed_text(issued, &s)).unwrap();
    let back = RevocationList::load(&p, &t).unwrap().unwrap();
    assert_eq!(back.len(), 2);
    assert_eq!(back.reason(&[1, 2, 3, 4, 5, 6, 7, 8]), Some(Reason::Revoked));
    assert_eq!(back.reason(&[0xAA; 8]), Some(Reason::Suspended));
    assert!(!back.contains(&[0; 8]));
    assert_eq!(back.issued(), Some(issued));
    // an unsigned (old plain) list is refused
    std::fs::write(&p, "0102030405060708\n").unwrap();
    assert!(RevocationList::load(&p, &t).is_err());
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn arbitrary_strings_never_panic(s in ".{0,400}") {
            let t = trust_with(&signer());
            let v = check(&s, &t);
            prop_assert!(!v.verdict.is_authentic());
        }

        #[test]
        fn arbitrary_base45_after_the_marker(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let t = trust_with(&signer());
            let v = check(&format!("CD1:{}", base45::encode(&bytes)), &t);
            prop_assert!(!v.verdict.is_authentic());
        }

        #[test]
        fn serial_and_time_round_trip(serial in any::<u64>(), minutes in 0i64..(1 << 25)) {
            let s = signer();
            let t = trust_with(&s);
            let mut cl = claims_of(&sample_special());
            cl.serial = serial;
            cl.printed_at = at(2024, 1, 1, 0, 0) + chrono::Duration::minutes(minutes);
            let text = seal(&cl, &s, &t, None).unwrap();
            let v = check(&text, &t);
            let got = v.claims.unwrap();
            prop_assert_eq!(got.serial, serial);
            prop_assert_eq!(got.printed_at, cl.printed_at);
        }
    }
}

/// The worked example in docs/qr-format.md is this exact output (Ed25519 is deterministic).
#[test]
fn worked_example_matches_the_docs() {
    let s = signer();
    let t = trust_with(&s);
    let cl = SlipClaims::for_certificate(&sample_special(), Status::Valid, 1_234_567, at(2025, 6, 1, 9, 41));
    let text = seal(&cl, &s, &t, Some("HTTPS://V.EXAMPLE.GOV.CN/")).unwrap();
    let (_, raw) = split_raw(&text);
    let hex = to_hex(&raw);
    eprintln!("key id {}\npublic {}\nhex {hex}\ntext {text}", s.key_id(), to_hex(&s.verifying_key().to_bytes()));
    let docs = include_str!("../../../../docs/qr-format.md");
    assert!(docs.contains(&text), "docs/qr-format.md lacks the example text");
    assert!(docs.replace(char::is_whitespace, "").contains(&hex), "docs/qr-format.md lacks the example hex");
}

#[test]
fn worked_example_size_as_documented() {
    use qrcode::{EcLevel, QrCode, Version};
    let s = signer();
    let t = trust_with(&s);
    let cl = SlipClaims::for_certificate(&sample_special(), Status::Valid, 1_234_567, at(2025, 6, 1, 9, 41));
    let text = seal(&cl, &s, &t, Some("HTTPS://V.EXAMPLE.GOV.CN/")).unwrap();
    assert_eq!(text.len(), 178);
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::Q).unwrap();
    assert_eq!(code.version(), Version::Normal(9));
}

/// docs/qr-format.md lists the code tables exactly as the code has them (issue 6 item 5: the
/// official 目录 names, corrected in place before the format shipped).
#[test]
fn docs_list_the_code_tables() {
    let docs = include_str!("../../../../docs/qr-format.md");
    for (what, table) in [("Categories", &CATEGORIES[..]), ("Items", &ITEMS[..]), ("Industries", &INDUSTRIES[..])] {
        let line = docs.lines().find(|l| l.starts_with(what)).unwrap_or_else(|| panic!("no {what} line"));
        let listed: Vec<String> = table.iter().enumerate().map(|(i, n)| format!("{} {n}", i + 1)).collect();
        assert!(line.ends_with(&format!("{}.", listed.join(", "))), "{what} table differs from the docs:\n{line}");
    }
    let mut seen = std::collections::HashSet::new();
    assert!(ITEMS.iter().all(|i| seen.insert(*i)), "an item name has two codes");
    assert!(ITEMS.contains(&"煤矿井下电气作业") && ITEMS.contains(&"金属非金属矿山井下电气作业"));
    assert!(!ITEMS.contains(&"井下电气作业"), "short forms are aliases, not codes");
}

/// `text_chars` predicts exactly what `seal` produces, with and without a URL prefix, so the
/// importer can refuse a certificate that could never print (issue 8 item 5).
#[test]
fn predicted_size_is_the_sealed_size() {
    let s = signer();
    let t = trust_with(&s);
    for c in [sample_special(), principal(), manager(), longest()] {
        let cl = claims_of(&c);
        for url in ["", URL] {
            let sealed = seal(&cl, &s, &t, Some(url).filter(|u| !u.is_empty())).unwrap();
            assert_eq!(cl.text_chars(url).unwrap(), sealed.len());
        }
        assert!(cl.check_fits().is_ok());
    }
    // a long real minority name: 19 characters fits without a prefix
    let mut c = longest();
    c.name = "阿卜杜热合曼·买买提明·艾力江·吐尔逊".into();
    assert!(claims_of(&c).check_fits().is_ok());
    let mut far = sample_special();
    far.valid_until = d(2180, 1, 1);
    assert!(matches!(claims_of(&far).check_fits(), Err(SealError::Field { field: "valid_until", .. })));
}

/// The importer's fast answer agrees with sealing: whenever `certificate_fits` says yes, the
/// record encodes within the bound, and it says no exactly when the record does not fit
/// (the fast path only ever skips work, never changes the answer).
#[test]
fn certificate_fits_agrees_with_encoding() {
    let at = at(2026, 5, 6, 0, 0);
    let serial = (1u64 << 35) - 1;
    let mut cases = vec![sample_special(), principal(), manager(), longest()];
    for n in [1, 10, 20, 24, 25, 26, 30, 31] {
        for ch in ["名", "a", "·", "𠀀"] {
            let mut c = longest();
            c.name = ch.repeat(n);
            cases.push(c);
        }
    }
    for item in ["盾构机操作作业", &"长".repeat(20), &"长".repeat(21)] {
        let mut c = sample_special();
        c.category = Some("其他作业".into());
        c.item = Some(item.to_string());
        cases.push(c);
    }
    let mut far = sample_special();
    far.valid_until = d(2180, 1, 1);
    cases.push(far);
    let mut late = sample_special();
    late.review_due = Some(d(2179, 6, 1)); // the next review after it is past 2179-06-06
    late.reviewed_on = Some(d(2179, 5, 1));
    cases.push(late);
    for c in &cases {
        let slow = SlipClaims::for_certificate(c, Status::Valid, serial, at).check_fits();
        let fast = SlipClaims::certificate_fits(c, serial, at);
        assert_eq!(fast.is_ok(), slow.is_ok(), "{:?} / {:?}: {fast:?} vs {slow:?}", c.name, c.item);
    }
}

#[path = "sm2_tests.rs"]
mod sm2_tests;
