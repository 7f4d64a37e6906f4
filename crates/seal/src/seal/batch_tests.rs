//! Batch verification (issue 18): one Ed25519 batch equation per group of lines must give every
//! line exactly the answer it gets alone — the same JSON, in the same place — whatever the mix
//! of good, altered, forged, revoked, compromised-key, retired-key, SM2 and garbage lines.

use super::batch::{verify_batch, verify_group, verify_line, verify_stream, verify_stream_with, BATCH_LINES};
use super::*;
use crate::domain::cert::sample_special;
use crate::domain::Status;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use proptest::prelude::*;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}
fn at(y: i32, m: u32, dd: u32, h: u32, min: u32) -> NaiveDateTime {
    d(y, m, dd).and_hms_opt(h, min, 0).unwrap()
}
fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}
fn policy() -> Policy {
    Policy {
        today: d(2025, 6, 1),
        now: utc("2025-06-01T10:00:00Z"),
        max_list_age: Some(Duration::days(7)),
        review_due_days: Some(90),
    }
}

/// The bureau's keys (three Ed25519 ones in the same batches, one SM2), a stranger's key (all
/// five sign: `signing_trust`), the trust list as the verifier holds it (no stranger; the
/// second key compromised since 2025-05-10, the third retired on 2025-05-15) and a signed standing list revoking handle 3 and suspending handle 4.
struct World {
    ed: Signer,
    compromised: Signer,
    retired: Signer,
    sm2: Signer,
    stranger: Signer,
    signing_trust: TrustList,
    trust: TrustList,
    list: RevocationList,
}

fn world() -> World {
    let ed = Signer::from_seed([7; 32]);
    let compromised = Signer::from_seed([8; 32]);
    let retired = Signer::from_seed([9; 32]);
    let sm2 = Signer::sm2_from_scalar([0x11; 32]).unwrap();
    let stranger = Signer::from_seed([10; 32]);
    let mut trust = TrustList::new();
    for s in [&ed, &compromised, &retired, &sm2] {
        trust.add(s.public_entry("test")).unwrap();
    }
    let mut signing_trust = trust.clone();
    signing_trust.add(stranger.public_entry("not the bureau's")).unwrap();
    trust.compromise(compromised.key_id(), at(2025, 5, 10, 0, 0)).unwrap();
    trust.retire(retired.key_id(), at(2025, 5, 15, 0, 0)).unwrap();
    let mut l = RevocationList::new();
    l.insert_with(handle(3), Reason::Revoked);
    l.insert_with(handle(4), Reason::Suspended);
    let list = RevocationList::parse_signed(&l.to_signed_text(utc("2025-05-31T10:00:00Z"), &ed), &trust).unwrap();
    World { ed, compromised, retired, sm2, stranger, signing_trust, trust, list }
}

fn handle(n: u8) -> [u8; 8] {
    [0xA0, 0, 0, 0, 0, 0, 0, n]
}

/// A slip of the sample certificate with seal handle `h`, printed at `printed`, signed by `s`.
fn slip(w: &World, s: &Signer, h: u8, printed: NaiveDateTime, status: Status) -> String {
    let c = crate::domain::Certificate { seal_handle: handle(h), ..sample_special() };
    seal(&SlipClaims::for_certificate(&c, status, 1000 + h as u64, printed), s, &w.signing_trust, None).unwrap()
}

/// `text` with its signature replaced by `by`'s over the same message: names a trusted key,
/// signed by another.
fn resigned(text: &str, by: &Signer) -> String {
    let marker = if text.contains(MARKER) { MARKER } else { MARKER_V2 };
    let pos = text.find(marker).unwrap() + marker.len();
    let mut raw = base45::decode(&text[pos..]).unwrap();
    let body_len = raw.len() - SIGNATURE_LEN;
    let mut msg = text.as_bytes()[..pos].to_vec();
    msg.extend_from_slice(&raw[..body_len]);
    raw.truncate(body_len);
    raw.extend_from_slice(&by.sign(&msg));
    format!("{}{}", &text[..pos], base45::encode(&raw))
}

/// One line of each kind the stream meets; `n` varies the handle, `at` the character changed.
fn line(w: &World, kind: u8, n: u8, pos: usize, noise: &[u8]) -> Vec<u8> {
    let ok = at(2025, 5, 1, 9, n as u32 % 60);
    let good = |s: &Signer| slip(w, s, 10 + n % 50, ok, Status::Valid);
    match kind {
        0 => good(&w.ed).into_bytes(),
        1 => good(&w.compromised).into_bytes(), // printed before the compromise: valid, flagged
        2 => slip(w, &w.compromised, 11, at(2025, 5, 20, 9, 0), Status::Valid).into_bytes(), // revoked
        3 => slip(w, &w.retired, 12, at(2025, 5, 20, 9, 0), Status::Valid).into_bytes(), // key_retired
        4 => good(&w.retired).into_bytes(),     // before retirement
        5 => slip(w, &w.ed, 3, ok, Status::Valid).into_bytes(), // on the list: revoked
        6 => slip(w, &w.ed, 4, ok, Status::Valid).into_bytes(), // suspended
        7 => slip(w, &w.ed, 13, ok, Status::Revoked).into_bytes(), // revoked at print
        8 => good(&w.sm2).into_bytes(),
        9 => resigned(&good(&w.ed), &w.stranger).into_bytes(), // forged
        10 => resigned(&good(&w.ed), &w.compromised).into_bytes(), // another trusted key's signature
        11 | 12 => {
            // one character of the Base45 changed (tampered: forged or malformed)
            let mut t = good(if kind == 11 { &w.ed } else { &w.sm2 }).into_bytes();
            let i = 4 + pos % (t.len() - 4);
            t[i] = if t[i] == b'A' { b'B' } else { b'A' };
            t
        }
        13 => good(&w.ed).to_lowercase().into_bytes(),
        14 => good(&w.stranger).into_bytes(), // unknown key
        _ => noise.to_vec(),
    }
}

fn alone_json(lines: &[Vec<u8>], w: &World) -> String {
    lines.iter().map(|l| verify_line(l, &w.trust, &w.list, &policy()).to_json_line() + "\n").collect()
}

fn stream_json(lines: &[Vec<u8>], w: &World) -> String {
    let mut input = Vec::new();
    for l in lines {
        input.extend_from_slice(l);
        input.push(b'\n');
    }
    let mut out = Vec::new();
    let n = verify_stream(&input[..], &mut out, &w.trust, &w.list, &policy()).unwrap();
    assert_eq!(n as usize, lines.len());
    String::from_utf8(out).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// The stream's answers are the one-line-at-a-time answers, byte for byte, in order, over
    /// random mixes that span up to two batch groups (and so mix batches that pass with batches
    /// that fail and fall back to one check a line).
    #[test]
    fn stream_answers_equal_one_line_answers(
        kinds in proptest::collection::vec((0u8..16, any::<u8>(), any::<usize>(),
            proptest::collection::vec(any::<u8>(), 0..80)), 0..(BATCH_LINES + 40)),
    ) {
        let w = world();
        let lines: Vec<Vec<u8>> = kinds
            .iter()
            .map(|(k, n, pos, noise)| {
                let mut l = line(&w, *k, *n, *pos, noise);
                l.retain(|&b| b != b'\n');
                l
            })
            .collect();
        prop_assert_eq!(stream_json(&lines, &w), alone_json(&lines, &w));
        let batch = verify_batch(&lines, &w.trust, &w.list, &policy());
        let alone: Vec<Verification> = lines.iter().map(|l| verify_line(l, &w.trust, &w.list, &policy())).collect();
        prop_assert_eq!(batch, alone);
    }
}

#[test]
fn every_kind_of_line_gets_its_own_verdict_in_one_batch() {
    let w = world();
    let words = [
        "valid",
        "valid",
        "revoked",
        "key_retired",
        "valid",
        "revoked",
        "suspended",
        "revoked",
        "valid",
        "forged",
        "forged",
        "forged",
        "forged",
        "valid",
        "unknown_key",
        "malformed",
    ];
    let lines: Vec<Vec<u8>> = (0..16u8).map(|k| line(&w, k, 5, 40, b"\xff noise")).collect();
    let got: Vec<&str> = verify_group(&lines, &w.trust, &w.list, &policy()).iter().map(|v| v.verdict.word()).collect();
    assert_eq!(got, words);
    // the key-compromised flag and the cause come through the batch too
    let v = verify_group(&lines, &w.trust, &w.list, &policy());
    assert!(v[1].key_compromised && v[1].verdict == Verdict::Valid);
    assert_eq!(v[2].cause, Some(RevocationCause::KeyCompromised));
    assert_eq!(v[5].cause, Some(RevocationCause::Listed(Reason::Revoked)));
}

/// A full group of good Ed25519 slips with one forged line among them: the batch equation
/// fails, each line is checked alone, and only that line is forged.
#[test]
fn one_forged_line_in_a_batch_is_found_and_the_others_pass() {
    let w = world();
    let mut lines: Vec<Vec<u8>> = (0..BATCH_LINES).map(|n| line(&w, 0, n as u8, 0, b"")).collect();
    lines[17] = line(&w, 9, 17, 0, b"");
    let v = verify_group(&lines, &w.trust, &w.list, &policy());
    for (i, v) in v.iter().enumerate() {
        assert_eq!(v.verdict.word(), if i == 17 { "forged" } else { "valid" }, "line {i}");
        assert_eq!(v.claims.is_some(), i != 17);
    }
    // and all good: one batch equation, all valid
    lines[17] = line(&w, 0, 17, 0, b"");
    assert!(verify_group(&lines, &w.trust, &w.list, &policy()).iter().all(|v| v.verdict == Verdict::Valid));
}

/// Online confirmation stays per line, in input order, after the batch: the stream hands each
/// verification to `confirm` in order and writes what it made of it.
#[test]
fn online_confirmation_sees_every_line_in_order() {
    let w = world();
    let lines: Vec<Vec<u8>> = (0..150u8).map(|n| line(&w, n % 16, n, n as usize, b"junk")).collect();
    let mut input = Vec::new();
    for l in &lines {
        input.extend_from_slice(l);
        input.push(b'\n');
    }
    let mut seen = Vec::new();
    let mut ask = |v: &mut Verification| {
        seen.push(v.verdict.word());
        let answer = if v.claims.as_ref().is_some_and(|c| c.serial % 2 == 0) {
            PrintAnswer::NotPrinted
        } else {
            PrintAnswer::Printed
        };
        confirm(v, answer);
    };
    let mut out = Vec::new();
    verify_stream_with(&input[..], &mut out, &w.trust, &w.list, &policy(), Some(&mut ask)).unwrap();
    let want: Vec<String> = lines
        .iter()
        .map(|l| {
            let mut v = verify_line(l, &w.trust, &w.list, &policy());
            let answer = if v.claims.as_ref().is_some_and(|c| c.serial % 2 == 0) {
                PrintAnswer::NotPrinted
            } else {
                PrintAnswer::Printed
            };
            confirm(&mut v, answer);
            v.to_json_line()
        })
        .collect();
    let alone: Vec<&str> = lines.iter().map(|l| verify_line(l, &w.trust, &w.list, &policy()).verdict.word()).collect();
    assert_eq!(seen, alone);
    assert_eq!(String::from_utf8(out).unwrap().lines().collect::<Vec<_>>(), want);
}
