//! Issue 18, keys: retiring a key destroys its private file (overwritten, removed, audited) and
//! records `retired_at` in the trust list; a slip stamped after its key's retirement is refused
//! with its own verdict (`key_retired`), whatever its signature says. SPEC §6: "a retired key's
//! private file is destroyed".

mod support;

use certdesk::seal::{self, KeyStatus, Signer, SlipClaims, TrustList};
use support::{certdesk, certdesk_ok, text};

fn verdict(home: &std::path::Path, payload: &str) -> serde_json::Value {
    let o = certdesk(home, &["verify", payload]);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", text(&o)))
}

#[test]
fn a_retired_key_is_destroyed_and_a_slip_stamped_after_its_retirement_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("bureau");
    certdesk_ok(&home, &["init"]);
    let today = support::today();
    let roster = certdesk::roster::generate(20, 3, today);
    let csv = tmp.path().join("roster.csv");
    certdesk::roster::write_csv(&roster, &csv).unwrap();
    certdesk_ok(&home, &["import", csv.to_str().unwrap()]);
    let lead = certdesk::domain::LeadTimes::default();
    let all: Vec<_> = roster.iter().flat_map(|(_, cs)| cs).collect();
    let cert = all
        .iter()
        .find(|c| {
            c.status(today, &lead) == certdesk::domain::Status::Valid
                && all.iter().filter(|o| o.number == c.number).count() == 1
        })
        .unwrap();
    certdesk_ok(&home, &["print", &cert.number]);
    let printed = support::newest_slip_qr(&home.join("spool"));
    let old_id = verdict(&home, &printed)["key_id"].as_str().unwrap().to_string();

    // rotation retires the old key now; its file stays only for the trust-list hand-over
    let o = certdesk_ok(&home, &["keys", "new", "--rotate", "--label", "2027"]);
    assert!(text(&o).contains(&format!("keys retire {old_id}")), "{}", text(&o));
    let h = certdesk::home::Home::open(&home).unwrap();
    let kept = h.key_path().with_extension(format!("retired-{old_id}"));
    let stolen = Signer::load(&kept).unwrap();
    let trust = TrustList::load(&h.trust_path()).unwrap();
    let entry = trust.get(stolen.key_id()).unwrap();
    assert_eq!(entry.status, KeyStatus::Retired);
    let retired_at = entry.retired_at.unwrap();
    assert!(
        retired_at >= support::now() && retired_at < support::now() + chrono::Duration::minutes(10),
        "retired_at is the rotation's time: {retired_at}"
    );
    // the slip printed before the rotation still verifies
    assert_eq!(verdict(&home, &printed)["verdict"], "valid");

    // whoever holds the old file signs a slip stamped an hour after the retirement
    let store = h.store().unwrap();
    let stored = store.holders().certificates_numbered(&cert.number).unwrap().remove(0);
    let claims = SlipClaims::for_certificate(
        &stored,
        certdesk::domain::Status::Valid,
        424242,
        support::now() + chrono::Duration::hours(1),
    );
    let mut as_if_active = TrustList::new();
    as_if_active.add(stolen.public_entry("thief")).unwrap();
    let forged = seal::seal(&claims, &stolen, &as_if_active, None).unwrap();
    let v = verdict(&home, &forged);
    assert_eq!(v["verdict"], "key_retired", "{v}");
    assert_eq!(v["verdict_zh"], "签名有效，但签发密钥在此之前已停用，凭条无效");
    assert!(v.get("name").is_none(), "no printed field of a refused slip is shown: {v}");
    let o = certdesk(&home, &["verify", &forged]);
    assert_eq!(o.status.code(), Some(1));

    // `keys retire` destroys the kept private file, keeps the first retirement time, audits it
    let o = certdesk_ok(&home, &["keys", "retire", &old_id]);
    assert!(text(&o).contains("已销毁私钥文件"), "{}", text(&o));
    assert!(!kept.exists(), "the retired private file is gone");
    let left: Vec<_> = std::fs::read_dir(kept.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.iter().all(|n| !n.contains(&old_id)), "{left:?}");
    let trust = TrustList::load(&h.trust_path()).unwrap();
    assert_eq!(trust.get(stolen.key_id()).unwrap().retired_at, Some(retired_at), "the first time stays");
    let n = store.audit().verify().unwrap();
    let entries = store.audit().entries(1, n as usize).unwrap();
    let audit = entries.iter().rev().find(|e| e.action == "keys.retire").unwrap();
    assert_eq!(audit.detail["key_id"], old_id);
    assert_eq!(audit.detail["destroyed"][0], kept.display().to_string());
    assert_eq!(verdict(&home, &printed)["verdict"], "valid");
    assert_eq!(verdict(&home, &forged)["verdict"], "key_retired");
    // a published trust list carries the time, for the phone page
    let site = tmp.path().join("site");
    certdesk_ok(&home, &["publish", site.to_str().unwrap()]);
    let tj: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("trust.json")).unwrap()).unwrap();
    let k = tj["keys"].as_array().unwrap().iter().find(|k| k["id"] == old_id.as_str()).unwrap().clone();
    assert_eq!(k["retired_at"], retired_at.format("%Y-%m-%dT%H:%M:%S").to_string());

    // bad input: not a key id, a key not in the list
    assert!(!certdesk(&home, &["keys", "retire", "zz"]).status.success());
    assert!(!certdesk(&home, &["keys", "retire", "0000"]).status.success() || old_id == "0000");
}
