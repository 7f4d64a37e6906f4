//! 国密 slips (issue 18; SPEC §6): SM2 over SM3 in payload version 2 (`CD2:`), beside Ed25519.

use super::*;

fn sm2_signer() -> Signer {
    Signer::sm2_from_scalar([0x11; 32]).unwrap()
}

#[test]
fn an_sm2_slip_verifies_and_carries_version_2_with_its_algorithm() {
    let s = sm2_signer();
    assert_eq!(s.algorithm(), Algorithm::Sm2);
    let t = trust_with(&s);
    let text = seal(&claims_of(&sample_special()), &s, &t, Some(URL)).unwrap();
    assert!(text.starts_with(&format!("{URL}CD2:")), "{text}");
    let v = check(&text, &t);
    assert_eq!(v.verdict, Verdict::Valid, "{v:?}");
    let c = v.claims.unwrap();
    assert_eq!((c.version, c.key_id, c.name.as_str()), (FORMAT_VERSION_2, s.key_id(), "王秀英"));
    let raw = base45::decode(&text[text.find("CD2:").unwrap() + 4..]).unwrap();
    assert_eq!((raw[0], raw[1]), (2, Algorithm::Sm2.code()), "version 2, algorithm byte 2 = SM2");
    // lowercase from a CapsLock scanner, whitespace: as for version 1
    assert_eq!(check(&format!(" {} \r\n", text.to_lowercase()), &t).verdict, Verdict::Valid);
}

#[test]
fn every_changed_bit_of_an_sm2_slip_fails() {
    let s = sm2_signer();
    let t = trust_with(&s);
    let text = seal(&claims_of(&sample_special()), &s, &t, None).unwrap();
    let pos = text.find("CD2:").unwrap() + 4;
    let raw = base45::decode(&text[pos..]).unwrap();
    for bit in 0..raw.len() * 8 {
        let mut bad = raw.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        let v = check(&format!("CD2:{}", base45::encode(&bad)), &t);
        assert!(!v.verdict.is_authentic(), "bit {bit} changed and still {:?}", v.verdict);
    }
    // the same body under the version 1 marker, or with the algorithm byte saying Ed25519
    assert!(!check(&text.replace("CD2:", "CD1:"), &t).verdict.is_authentic());
    let mut as_ed = raw.clone();
    as_ed[1] = Algorithm::Ed25519.code();
    let v = check(&format!("CD2:{}", base45::encode(&as_ed)), &t);
    assert!(matches!(v.verdict, Verdict::Forged { .. }), "{v:?}");
    let mut unknown = raw.clone();
    unknown[1] = 9;
    assert!(matches!(check(&format!("CD2:{}", base45::encode(&unknown)), &t).verdict, Verdict::Malformed { .. }));
}

#[test]
fn the_longest_sm2_slip_stays_within_version_10_at_ecc_q() {
    use qrcode::{EcLevel, QrCode, Version};
    let s = sm2_signer();
    let t = trust_with(&s);
    let text = seal(&claims_of(&longest()), &s, &t, Some(URL)).unwrap();
    assert!(text.len() <= MAX_TEXT_CHARS, "{}", text.len());
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::Q).unwrap();
    let Version::Normal(v) = code.version() else { panic!("a micro QR code") };
    assert!(v <= 10, "version {v}");
}

/// A bureau migrating from Ed25519 to SM2: both keys in one trust list (the old one retired),
/// old and new slips verify side by side; the list survives a save and load; lists signed by
/// either kind of key are accepted.
#[test]
fn a_bureau_migrating_to_sm2_verifies_old_and_new_slips() {
    let old = signer();
    let new = sm2_signer();
    let mut t = trust_with(&old);
    let before = seal(&claims_of(&sample_special()), &old, &t, None).unwrap();
    t.add(new.public_entry("sm2 2027")).unwrap();
    t.retire(old.key_id(), at(2025, 6, 2, 0, 0)).unwrap();
    let after = seal(&claims_of(&sample_special()), &new, &t, None).unwrap();
    assert!(before.starts_with("CD1:") && after.starts_with("CD2:"));
    let back = TrustList::parse(&t.to_toml()).unwrap();
    assert!(t.to_toml().contains("algorithm = \"sm2\""));
    assert_eq!(back.get(new.key_id()).unwrap().key.algorithm(), Algorithm::Sm2);
    for text in [&before, &after] {
        assert_eq!(check(text, &back).verdict, Verdict::Valid, "{text}");
    }
    // the exported list signed by both kinds: a station that knows only the old key takes it
    let exported = back.export(chrono::Utc::now(), &[&new, &old]);
    let station = trust_with(&old);
    assert!(matches!(accept_trust(&exported, Some(&station), false), Ok(TrustImported::Installed(_))));
    // a standing list signed by the SM2 key is accepted; unsigned or altered, refused
    let content = "certdesk-revocations 1\nissued 2025-06-01T00:00:00Z\nentries 0\n";
    let signed_list = signed::sign(content, &[&new]);
    assert!(RevocationList::parse_signed(&signed_list, &back).is_ok());
    assert!(RevocationList::parse_signed(content, &back).is_err());
    let altered = signed_list.replace("entries 0", "entries 0 ");
    assert!(RevocationList::parse_signed(&altered, &back).is_err());
}

#[test]
fn sm2_key_files_round_trip_and_damage_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("signing.key");
    let s = Signer::write_new_for(&p, Algorithm::Sm2).unwrap();
    let back = Signer::load(&p).unwrap();
    assert_eq!((back.key_id(), back.algorithm()), (s.key_id(), Algorithm::Sm2));
    assert_eq!(back.verifying_key(), s.verifying_key());
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains("certdesk-sm2-v1"));
    // a zero scalar and a wrong public key are refused
    let q = dir.path().join("bad.key");
    let secret = text.lines().find(|l| l.starts_with("secret_key")).unwrap();
    std::fs::write(&q, text.replace(secret, &format!("secret_key = \"{}\"", "0".repeat(64)))).unwrap();
    std::fs::set_permissions(&q, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    assert!(Signer::load(&q).is_err());
    let other = Signer::sm2_from_scalar([0x22; 32]).unwrap();
    let public = text.lines().find(|l| l.starts_with("public_key")).unwrap();
    let wrong = format!("public_key = \"{}\"", hex::encode(other.verifying_key().to_bytes()));
    std::fs::write(&q, text.replace(public, &wrong)).unwrap();
    assert!(matches!(Signer::load(&q), Err(SealError::KeyFile { .. })));
    assert!(Signer::sm2_from_scalar([0; 32]).is_none());
    assert!(Signer::sm2_from_scalar([0xff; 32]).is_none(), "not below the order");
}
