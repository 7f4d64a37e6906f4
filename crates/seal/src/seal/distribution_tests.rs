//! Tests of revocation and trust distribution (issue 9 item 3) and batch verification (item 4,
//! issue 8 item 7): signed lists, refusing tampered or older lists, list age, compromised keys,
//! rotation, review due, one answer per input line in order.

use super::batch::{verify_batch, verify_stream, MAX_LINE_BYTES};
use super::revocation::{accept, Imported, ListError};
use super::*;
use crate::domain::cert::sample_special;
use crate::domain::{LeadTimes, Status};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}
fn at(y: i32, m: u32, dd: u32, h: u32, min: u32) -> NaiveDateTime {
    d(y, m, dd).and_hms_opt(h, min, 0).unwrap()
}
fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}
fn bureau() -> Signer {
    Signer::from_seed([7; 32])
}
fn trust_of(signers: &[&Signer]) -> TrustList {
    let mut t = TrustList::new();
    for s in signers {
        t.add(s.public_entry("test")).unwrap();
    }
    t
}
/// A slip of the sample certificate (valid to 2029-02-28, review due 2026-03-01) signed by `s`.
fn slip(s: &Signer, t: &TrustList, printed: NaiveDateTime) -> String {
    let c = sample_special();
    let status = c.status(printed.date(), &LeadTimes::default());
    seal(&SlipClaims::for_certificate(&c, status, 42, printed), s, t, None).unwrap()
}
/// A verifier on 2025-06-01 10:00 UTC with a 7-day list limit and a 90-day review lead.
fn policy() -> Policy {
    Policy {
        today: d(2025, 6, 1),
        now: utc("2025-06-01T10:00:00Z"),
        max_list_age: Some(Duration::days(7)),
        review_due_days: Some(90),
    }
}
fn list_of(entries: &[([u8; 8], Reason)], issued: &str, s: &Signer) -> String {
    let mut l = RevocationList::new();
    for (h, r) in entries {
        l.insert_with(*h, *r);
    }
    l.to_signed_text(utc(issued), s)
}
const HANDLE: [u8; 8] = [1, 2, 3, 4, 5, 6, 7, 8];

#[test]
fn revoked_suspended_and_cancelled_slips_verify_as_such_after_a_list_import() {
    // 30号令 art. 30 (撤销, and 暂停) and art. 31 (注销): a slip printed while the certificate was
    // active must stop verifying as valid once the bureau's list says otherwise.
    let s = bureau();
    let t = trust_of(&[&s]);
    let text = slip(&s, &t, at(2025, 5, 20, 9, 0));
    let fresh = "2025-05-31T10:00:00Z";
    let empty = RevocationList::parse_signed(&list_of(&[], "2025-05-30T10:00:00Z", &s), &t).unwrap();
    assert_eq!(verify_with(&text, &t, &empty, &policy()).verdict, Verdict::Valid);
    for (reason, want, word) in [
        (Reason::Revoked, Verdict::Revoked, "revoked"),
        (Reason::Suspended, Verdict::Suspended, "suspended"),
        // 注销 (art. 31) is not the sanction 撤销 (art. 30): it reads 已注销 (issue 13)
        (Reason::Cancelled, Verdict::Cancelled, "cancelled"),
    ] {
        let signed = list_of(&[([9; 8], Reason::Revoked), (HANDLE, reason)], fresh, &s);
        let Imported::Installed(list) = accept(&signed, Some(&empty), &t).unwrap() else { panic!("not installed") };
        let v = verify_with(&text, &t, &list, &policy());
        assert_eq!(v.verdict, want, "{reason:?}");
        assert_eq!(v.cause, Some(RevocationCause::Listed(reason)));
        let j: serde_json::Value = serde_json::from_str(&v.to_json_line()).unwrap();
        assert_eq!(j["revocation_reason"], word);
        if reason != Reason::Suspended {
            assert_eq!(j["verdict"], word, "the verdict names the standing itself");
        }
        if reason == Reason::Cancelled {
            assert_eq!(j["verdict_zh"], "证件真实，但已注销");
        }
        assert_eq!(j["list_issued"], "2025-05-31T10:00:00.000Z");
        assert_eq!(j["list_age_hours"], 24);
        assert_eq!(j["list_too_old"], false);
        assert!(v.claims.is_some(), "authentic: the fields are shown");
    }
}

#[test]
fn a_tampered_list_is_refused() {
    let s = bureau();
    let t = trust_of(&[&s]);
    let good = list_of(&[(HANDLE, Reason::Revoked), ([2; 8], Reason::Suspended)], "2025-05-31T10:00:00Z", &s);
    assert!(RevocationList::parse_signed(&good, &t).is_ok());
    let tampered = [
        // drop an entry (and fix the count): someone un-revoking a certificate
        good.replace("0102030405060708 revoked\n", "").replace("entries 2", "entries 1"),
        // change a reason
        good.replace("0102030405060708 revoked", "0102030405060708 suspended"),
        // change the date to look fresh
        good.replace("2025-05-31T10:00:00.000Z", "2025-06-01T09:00:00.000Z"),
        // damage the signature
        {
            let i = good.find("signature ").unwrap() + "signature FE81 ".len();
            let mut b = good.clone().into_bytes();
            b[i] = if b[i] == b'0' { b'1' } else { b'0' };
            String::from_utf8(b).unwrap()
        },
        // an unsigned list
        good[..good.find("signature ").unwrap()].to_string(),
        // unsigned text appended after the signature
        format!("{good}0909090909090909 revoked\n"),
    ];
    for (i, bad) in tampered.iter().enumerate() {
        assert!(RevocationList::parse_signed(bad, &t).is_err(), "tampered list #{i} accepted:\n{bad}");
    }
    // signed by a key the station does not trust
    let stranger = Signer::from_seed([3; 32]);
    let other = list_of(&[], "2025-05-31T10:00:00Z", &stranger);
    assert!(matches!(RevocationList::parse_signed(&other, &t), Err(ListError::Signature(_))));
    // signed by a key the station marks compromised
    let mut tc = t.clone();
    tc.compromise(s.key_id(), at(2025, 1, 1, 0, 0)).unwrap();
    assert!(matches!(RevocationList::parse_signed(&good, &tc), Err(ListError::Signature(_))));
    // garbage never panics
    for junk in ["", "\n", "signature", "signature FE81 zz\n", "certdesk-revocations 1\n", "\u{0}\u{1}"] {
        assert!(RevocationList::parse_signed(junk, &t).is_err(), "{junk:?}");
    }
}

#[test]
fn an_older_list_is_refused_and_the_current_one_kept() {
    let s = bureau();
    let t = trust_of(&[&s]);
    let new_text = list_of(&[(HANDLE, Reason::Revoked)], "2025-05-31T10:00:00Z", &s);
    let current = RevocationList::parse_signed(&new_text, &t).unwrap();
    // a replayed older list (from before the revocation) must not hide it
    let old = list_of(&[], "2025-05-30T10:00:00Z", &s);
    assert!(matches!(accept(&old, Some(&current), &t), Err(ListError::Older { .. })));
    // same date, other content: refused
    let same_date = list_of(&[], "2025-05-31T10:00:00Z", &s);
    assert!(matches!(accept(&same_date, Some(&current), &t), Err(ListError::Conflict(_))));
    // the same list again: nothing to do
    assert_eq!(accept(&new_text, Some(&current), &t), Ok(Imported::AlreadyCurrent));
    // a newer list that lifts the suspension is taken
    let newer = list_of(&[], "2025-06-01T08:00:00Z", &s);
    assert!(matches!(accept(&newer, Some(&current), &t), Ok(Imported::Installed(l)) if l.is_empty()));
}

#[test]
fn the_verdict_says_how_old_the_list_is_and_warns_past_the_limit() {
    let s = bureau();
    let t = trust_of(&[&s]);
    let text = slip(&s, &t, at(2025, 5, 20, 9, 0));
    let old = RevocationList::parse_signed(&list_of(&[], "2025-05-20T09:00:00Z", &s), &t).unwrap();
    let v = verify_with(&text, &t, &old, &policy());
    assert_eq!(v.verdict, Verdict::ListTooOld);
    assert!(!v.verdict.is_valid() && v.verdict.is_authentic());
    let j: serde_json::Value = serde_json::from_str(&v.to_json_line()).unwrap();
    assert_eq!(j["verdict"], "list_too_old");
    assert_eq!(j["list_age_hours"], 12 * 24 + 1);
    assert_eq!(j["list_too_old"], true);
    assert!(j["warning_zh"].as_str().unwrap().contains("名单"));
    // no list at all is too old too
    assert_eq!(verify_with(&text, &t, &RevocationList::new(), &policy()).verdict, Verdict::ListTooOld);
    // a worse verdict stands, with the warning
    let old_rev =
        RevocationList::parse_signed(&list_of(&[(HANDLE, Reason::Revoked)], "2025-05-20T09:00:00Z", &s), &t).unwrap();
    let v = verify_with(&text, &t, &old_rev, &policy());
    assert_eq!(v.verdict, Verdict::Revoked);
    assert!(v.list.too_old);
    // exactly at the limit is still fine; no limit in the policy never says too old
    let edge = RevocationList::parse_signed(&list_of(&[], "2025-05-25T10:00:00Z", &s), &t).unwrap();
    assert_eq!(verify_with(&text, &t, &edge, &policy()).verdict, Verdict::Valid);
    let lax = Policy { max_list_age: None, ..policy() };
    assert_eq!(verify_with(&text, &t, &old, &lax).verdict, Verdict::Valid);
}

#[test]
fn review_due_within_the_lead_time() {
    // 30号令 art. 22: apply for the review before it is due; the sample is due 2026-03-01.
    let s = bureau();
    let t = trust_of(&[&s]);
    let text = slip(&s, &t, at(2025, 5, 20, 9, 0));
    let list = RevocationList::parse_signed(&list_of(&[], "2025-12-01T00:00:00Z", &s), &t).unwrap();
    let on = |day: NaiveDate| {
        let p =
            Policy { today: day, now: day.and_hms_opt(12, 0, 0).unwrap().and_utc(), max_list_age: None, ..policy() };
        verify_with(&text, &t, &list, &p).verdict
    };
    assert_eq!(on(d(2025, 11, 30)), Verdict::Valid); // 91 days to go: not yet
    assert_eq!(on(d(2025, 12, 1)), Verdict::ReviewDue); // 90 days, as the kiosk's 复审临近

    assert_eq!(on(d(2026, 3, 1)), Verdict::ReviewDue);
    assert_eq!(on(d(2026, 3, 2)), Verdict::ReviewOverdue); // art. 26: missed review, 失效
    assert!(Verdict::ReviewDue.is_valid());
}

#[test]
fn old_slips_verify_after_rotation_and_a_compromised_key_revokes_what_it_signed_afterwards() {
    let old = bureau();
    let new = Signer::from_seed([8; 32]);
    let mut t = trust_of(&[&old]);
    let before = slip(&old, &t, at(2025, 3, 1, 9, 0));
    let later = slip(&old, &t, at(2025, 5, 10, 9, 0));
    // rotation: the old key is retired, the new one signs; old slips keep verifying
    t.retire(old.key_id(), at(2025, 5, 10, 9, 30)).unwrap();
    t.add(new.public_entry("2025")).unwrap();
    assert!(seal(
        &SlipClaims::for_certificate(&sample_special(), Status::Valid, 1, at(2025, 5, 11, 9, 0)),
        &old,
        &t,
        None
    )
    .is_err());
    let fresh = slip(&new, &t, at(2025, 5, 20, 9, 0));
    let list = RevocationList::parse_signed(&list_of(&[], "2025-05-31T10:00:00Z", &new), &t).unwrap();
    for text in [&before, &later, &fresh] {
        assert_eq!(verify_with(text, &t, &list, &policy()).verdict, Verdict::Valid);
    }
    // the old key leaked on 2025-05-01 08:00: what it signed from then on is revoked
    t.compromise(old.key_id(), at(2025, 5, 1, 8, 0)).unwrap();
    assert_eq!(verify_with(&before, &t, &list, &policy()).verdict, Verdict::Valid);
    let v = verify_with(&later, &t, &list, &policy());
    assert_eq!((v.verdict, v.cause), (Verdict::Revoked, Some(RevocationCause::KeyCompromised)));
    assert_eq!(verify_with(&fresh, &t, &list, &policy()).verdict, Verdict::Valid);
    // retiring again must not lift the mark, and it survives a save and load
    t.retire(old.key_id(), at(2025, 6, 1, 9, 0)).unwrap();
    assert_eq!(t.get(old.key_id()).unwrap().retired_at, Some(at(2025, 5, 10, 9, 30)), "the first time stays");
    let back = TrustList::parse(&t.to_toml()).unwrap();
    assert_eq!(back.get(old.key_id()).unwrap().status, KeyStatus::Compromised);
    assert_eq!(verify_with(&later, &back, &list, &policy()).verdict, Verdict::Revoked);
    // a compromised key signs nothing
    assert!(seal(
        &SlipClaims::for_certificate(&sample_special(), Status::Valid, 1, at(2025, 5, 11, 9, 0)),
        &old,
        &t,
        None
    )
    .is_err());
    // `compromised` without a time, or a time on a healthy key, is refused at load
    let text = back.to_toml();
    assert!(TrustList::parse(&text.replace("compromised_since", "# compromised_since")).is_err());
    assert!(TrustList::parse(&text.replace("\"compromised\"", "\"retired\"")).is_err());
}

#[test]
fn trust_list_export_and_import() {
    let old = bureau();
    let new = Signer::from_seed([8; 32]);
    // the station knows only the old key
    let station = trust_of(&[&old]);
    let mut bureau_list = station.clone();
    bureau_list.retire(old.key_id(), at(2025, 6, 1, 0, 0)).unwrap();
    bureau_list.add(new.public_entry("2025")).unwrap();
    // signed by the new key alone: the station cannot tell it from a forgery
    let only_new = bureau_list.export(utc("2025-06-01T00:00:00Z"), &[&new]);
    assert!(accept_trust(&only_new, Some(&station), false).is_err());
    // signed by the new and the retired old key: the hand-over is accepted
    let both = bureau_list.export(utc("2025-06-01T00:00:00Z"), &[&new, &old]);
    let TrustImported::Installed(installed) = accept_trust(&both, Some(&station), false).unwrap() else {
        panic!("not installed")
    };
    assert_eq!(installed.entries().len(), 2);
    assert_eq!(installed.issued(), Some(utc("2025-06-01T00:00:00Z")));
    // the installed file loads as a trust list (signature lines set aside)
    assert_eq!(TrustList::parse(&both).unwrap().entries(), installed.entries());
    // older than the current one: refused; the same one again: nothing to do
    let older = bureau_list.export(utc("2025-05-01T00:00:00Z"), &[&new, &old]);
    let err = accept_trust(&older, Some(&installed), false).unwrap_err().to_string();
    assert!(err.contains("older") && err.contains("kept"), "{err}");
    assert!(matches!(accept_trust(&both, Some(&installed), false), Ok(TrustImported::AlreadyCurrent)));
    // tampered: a key swapped for an attacker's, or a compromise mark dropped
    let attacker = Signer::from_seed([66; 32]);
    let swapped = both
        .replace(&super::to_hex(&new.verifying_key().to_bytes()), &super::to_hex(&attacker.verifying_key().to_bytes()));
    assert!(accept_trust(&swapped, Some(&station), false).is_err());
    let mut marked = bureau_list.clone();
    marked.compromise(old.key_id(), at(2025, 5, 1, 8, 0)).unwrap();
    let marked_text = marked.export(utc("2025-06-02T00:00:00Z"), &[&new]);
    let TrustImported::Installed(with_mark) = accept_trust(&marked_text, Some(&installed), false).unwrap() else {
        panic!()
    };
    let unmarked = marked_text.replace("status = \"compromised\"", "status = \"retired\"");
    assert!(accept_trust(&unmarked, Some(&installed), false).is_err());
    // the compromised key can no longer vouch for a list on a station that knows it is
    let by_old = bureau_list.export(utc("2025-06-03T00:00:00Z"), &[&old]);
    assert!(accept_trust(&by_old, Some(&with_mark), false).is_err());
    // a new station: refused without --first, accepted with it
    assert!(accept_trust(&both, None, false).is_err());
    assert!(matches!(accept_trust(&both, None, true), Ok(TrustImported::Installed(_))));
    assert!(accept_trust(&swapped, None, true).is_err(), "damaged even for first use");
}

#[test]
fn batch_answers_every_line_in_order() {
    // Issue 8 item 7: a non-UTF-8 byte (scanner noise) must not stop the batch.
    let s = bureau();
    let t = trust_of(&[&s]);
    let good = slip(&s, &t, at(2025, 5, 20, 9, 0));
    let list = RevocationList::parse_signed(&list_of(&[], "2025-05-31T10:00:00Z", &s), &t).unwrap();
    let mut forged = good.clone().into_bytes();
    let n = forged.len();
    forged[n - 3] = if forged[n - 3] == b'A' { b'B' } else { b'A' };
    let mut input: Vec<u8> = vec![];
    let mut want = vec![];
    for i in 0..350 {
        match i % 7 {
            0 => input.extend_from_slice(good.as_bytes()),
            1 => input.extend_from_slice(&forged),
            2 => {} // blank
            3 => input.extend_from_slice(b"\xff\xfe\x80 scanner noise \xc3"),
            4 => input.extend_from_slice(format!("{}\r", good.to_lowercase()).as_bytes()),
            5 => input.extend_from_slice(&vec![b'A'; MAX_LINE_BYTES * 3]),
            _ => input.extend_from_slice("   \t ".as_bytes()),
        }
        input.push(b'\n');
        want.push(match i % 7 {
            0 | 4 => "valid",
            1 => "forged",
            _ => "malformed",
        });
    }
    input.extend_from_slice(good.as_bytes()); // a last line without a newline
    want.push("valid");
    let mut out = vec![];
    let n = verify_stream(&input[..], &mut out, &t, &list, &policy()).unwrap();
    assert_eq!(n as usize, want.len());
    let got: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["verdict"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, want);
    // nothing in, nothing out; one newline is one (blank) line
    let mut out = vec![];
    assert_eq!(verify_stream(&b""[..], &mut out, &t, &list, &policy()).unwrap(), 0);
    assert!(out.is_empty());
    assert_eq!(verify_stream(&b"\n"[..], &mut out, &t, &list, &policy()).unwrap(), 1);
    // the parallel slice form agrees with one-by-one verification
    let lines: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    let par: Vec<_> = verify_batch(&lines, &t, &list, &policy()).into_iter().map(|v| v.verdict.word()).collect();
    let seq: Vec<_> = lines.iter().map(|l| super::batch::verify_line(l, &t, &list, &policy()).verdict.word()).collect();
    assert_eq!(par, seq);
}
