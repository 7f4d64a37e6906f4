//! Issue 18, 国密: a home switched to `seal.algorithm = "sm2"` rotates to an SM2 key; its slips
//! (payload version 2) verify in `certdesk verify` and on the verifier station beside the old
//! Ed25519 slips, and a tampered SM2 slip is refused. SPEC §6 (GB/T 39786 assessment).

mod support;

use certdesk::app::runtime::Runtime;
use certdesk::app::verifier::{Screen, VerifierSettings, VerifierStation};
use certdesk::config::Lang;
use certdesk::seal::{RevocationList, TrustList};
use certdesk::service::verifier::VerifierService;
use certdesk_testkit::{self as testkit, Driver};
use crossterm::event::KeyCode;
use std::time::{Duration as StdDuration, Instant};
use support::{certdesk, certdesk_ok, text};

fn verdict(home: &std::path::Path, payload: &str) -> serde_json::Value {
    let o = certdesk(home, &["verify", payload]);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", text(&o)))
}

#[test]
fn a_home_migrating_to_sm2_verifies_old_and_new_slips_in_the_cli_and_on_the_station() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("bureau");
    certdesk_ok(&home, &["init"]);
    let today = support::today();
    let roster = certdesk::roster::generate(30, 7, today);
    let csv = tmp.path().join("roster.csv");
    certdesk::roster::write_csv(&roster, &csv).unwrap();
    certdesk_ok(&home, &["import", csv.to_str().unwrap()]);
    let lead = certdesk::domain::LeadTimes::default();
    let all: Vec<_> = roster.iter().flat_map(|(_, cs)| cs).collect();
    let numbers: Vec<String> = all
        .iter()
        .filter(|c| c.status(today, &lead) == certdesk::domain::Status::Valid)
        .filter(|c| all.iter().filter(|o| o.number == c.number).count() == 1)
        .map(|c| c.number.clone())
        .take(2)
        .collect();
    certdesk_ok(&home, &["print", &numbers[0]]);
    let old = support::newest_slip_qr(&home.join("spool"));
    assert!(old.starts_with("CD1:"), "{old}");

    // switch to 国密 and rotate: the new key is SM2, the old Ed25519 key retired
    let cfg = home.join("certdesk.toml");
    let t = std::fs::read_to_string(&cfg).unwrap();
    assert!(t.contains("algorithm = \"ed25519\""), "the example config documents the setting");
    std::fs::write(&cfg, t.replace("algorithm = \"ed25519\"", "algorithm = \"sm2\"")).unwrap();
    certdesk_ok(&home, &["keys", "new", "--rotate", "--label", "sm2 2027"]);
    let h = certdesk::home::Home::open(&home).unwrap();
    let key = std::fs::read_to_string(h.key_path()).unwrap();
    assert!(key.contains("certdesk-sm2-v1"), "{key}");
    let trust = TrustList::load(&h.trust_path()).unwrap();
    assert!(std::fs::read_to_string(h.trust_path()).unwrap().contains("algorithm = \"sm2\""));
    certdesk_ok(&home, &["print", &numbers[1]]);
    let new = support::newest_slip_qr(&home.join("spool"));
    assert!(new.starts_with("CD2:"), "{new}");

    // the CLI: both valid (and confirmed by the registry); a tampered SM2 slip is forged
    for slip in [&old, &new] {
        let v = verdict(&home, slip);
        assert_eq!((v["verdict"].as_str(), v["checked"].as_str()), (Some("valid"), Some("online")), "{v}");
    }
    let pos = new.find("CD2:").unwrap() + 4;
    let mut raw = base45::decode(&new[pos..]).unwrap();
    raw[20] ^= 0x04;
    let tampered = format!("CD2:{}", base45::encode(&raw));
    assert_eq!(verdict(&home, &tampered)["verdict"], "forged");
    // garbage after the new marker
    assert_eq!(verdict(&home, "CD2:ZZZZ")["verdict"], "malformed");

    // the verifier station, with the home's trust list and its standing list
    let list = RevocationList::load(&h.revocations_path(), &trust).ok().flatten().unwrap_or_default();
    let svc = VerifierService::new(h.store().unwrap(), trust, list, testkit::clock(), None, Some(90));
    let mode = VerifierStation::new(
        VerifierSettings { bureau: "测试应急管理局".into(), idle: StdDuration::from_secs(30) },
        Lang::Zh,
        Instant::now(),
    );
    let mut drv = Driver::new(Runtime::new(Box::new(mode), Box::new(svc), Box::new(|_| None)));
    drv.settle();
    for (slip, want) in [(&old, "valid"), (&new, "valid"), (&tampered, "forged")] {
        drv.type_str(slip);
        drv.key(KeyCode::Enter);
        drv.settle();
        let got = match &drv.mode::<VerifierStation>().screen {
            Screen::Verdict(v) => v.verdict.word().to_string(),
            other => format!("{other:?}"),
        };
        assert_eq!(got, want, "{slip}");
    }
}
