//! Revocation and trust distribution through the `certdesk` binary, bureau home to station home:
//! `revocations export|import`, `keys export|import|compromise`, `verify` (issue 9 item 3).

mod support;

use support::{certdesk, text as out};

use std::path::{Path, PathBuf};
use std::process::Output;

fn ok(o: Output) -> Output {
    assert!(o.status.success(), "{}", out(&o));
    o
}
fn verdict(home: &Path, payload: &str) -> serde_json::Value {
    let o = certdesk(home, &["verify", payload]);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", out(&o)))
}

struct Setup {
    _tmp: tempfile::TempDir,
    bureau: PathBuf,
    station: PathBuf,
    dir: PathBuf,
    /// (certificate number, slip payload) of three valid certificates.
    slips: Vec<(String, String)>,
}

/// A bureau home with a roster and three printed slips; a station home that trusts the bureau's
/// keys (first import, as a technician sets it up) and holds the bureau's current list.
fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let bureau = tmp.path().join("bureau");
    let station = tmp.path().join("station");
    let dir = tmp.path().to_path_buf();
    ok(certdesk(&bureau, &["init"]));
    let today = support::today();
    let roster = certdesk::roster::generate(60, 11, today);
    let csv = tmp.path().join("roster.csv");
    certdesk::roster::write_csv(&roster, &csv).unwrap();
    ok(certdesk(&bureau, &["import", csv.to_str().unwrap()]));
    let lead = certdesk::domain::LeadTimes::default();
    // certificates alone under their number (so `print NUMBER` needs no --item)
    let all: Vec<_> = roster.iter().flat_map(|(_, cs)| cs).collect();
    let numbers: Vec<String> = all
        .iter()
        .filter(|c| c.status(today, &lead) == certdesk::domain::Status::Valid)
        .filter(|c| all.iter().filter(|o| o.number == c.number).count() == 1)
        .map(|c| c.number.clone())
        .take(3)
        .collect();
    assert_eq!(numbers.len(), 3);
    let spool = bureau.join("spool");
    let mut slips = vec![];
    for n in numbers {
        ok(certdesk(&bureau, &["print", &n]));
        slips.push((n, support::newest_slip_qr(&spool)));
    }
    ok(certdesk(&station, &["init"]));
    let trust = dir.join("trust-1.toml");
    ok(certdesk(&bureau, &["keys", "export", trust.to_str().unwrap()]));
    // without --first the station refuses a list its own keys did not sign
    let o = certdesk(&station, &["keys", "import", trust.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("指纹"), "{}", out(&o));
    let o = ok(certdesk(&station, &["keys", "import", "--first", trust.to_str().unwrap()]));
    assert!(out(&o).contains("指纹"), "{}", out(&o));
    Setup { _tmp: tmp, bureau, station, dir, slips }
}

fn set_standing(bureau: &Path, number: &str, s: certdesk::domain::Standing) {
    let store = certdesk::store::Store::open(bureau.join("certdesk.db")).unwrap();
    let certs = store.holders().certificates_numbered(number).unwrap();
    assert_eq!(certs.len(), 1);
    assert!(store.holders().set_standing(certs[0].id, s).unwrap());
}

fn export(s: &Setup, name: &str) -> PathBuf {
    let p = s.dir.join(name);
    ok(certdesk(&s.bureau, &["revocations", "export", p.to_str().unwrap()]));
    p
}

#[test]
fn revoked_and_suspended_slips_verify_as_such_after_a_list_import() {
    // 30号令 art. 30: 撤销 and 暂停 reach the stations through the signed list.
    let s = setup();
    let (revoked, suspended, active) = (&s.slips[0], &s.slips[1], &s.slips[2]);
    // the station's own init list is signed by its own key, which the bureau's trust list
    // replaced: it no longer checks out, so the station says list_too_old, never valid
    let v = verdict(&s.station, &active.1);
    assert_eq!(v["verdict"], "list_too_old", "{v}");
    assert!(v["warning_zh"].is_string());

    set_standing(&s.bureau, &revoked.0, certdesk::domain::Standing::Revoked);
    set_standing(&s.bureau, &suspended.0, certdesk::domain::Standing::Suspended);
    let list = export(&s, "revocations-1.txt");
    let o = ok(certdesk(&s.station, &["revocations", "import", list.to_str().unwrap()]));
    assert!(out(&o).contains("已安装"), "{}", out(&o));
    let v = verdict(&s.station, &revoked.1);
    assert_eq!((v["verdict"].as_str(), v["revocation_reason"].as_str()), (Some("revoked"), Some("revoked")), "{v}");
    let v = verdict(&s.station, &suspended.1);
    assert_eq!((v["verdict"].as_str(), v["revocation_reason"].as_str()), (Some("suspended"), Some("suspended")), "{v}");
    let v = verdict(&s.station, &active.1);
    assert_eq!(v["verdict"], "valid", "{v}");
    assert_eq!(v["list_too_old"], false);
    assert!(v["list_age_hours"].as_i64().unwrap() < 1);
    assert!(ok(certdesk(&s.station, &["revocations", "show"])).status.success());

    // the suspension is lifted: the next list drops it
    set_standing(&s.bureau, &suspended.0, certdesk::domain::Standing::Active);
    let list2 = export(&s, "revocations-2.txt");
    ok(certdesk(&s.station, &["revocations", "import", list2.to_str().unwrap()]));
    assert_eq!(verdict(&s.station, &suspended.1)["verdict"], "valid");
    assert_eq!(verdict(&s.station, &revoked.1)["verdict"], "revoked");

    // replaying the older list is refused and the current one kept
    let o = certdesk(&s.station, &["revocations", "import", list.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("older") && out(&o).contains("保留当前名单"), "{}", out(&o));
    assert_eq!(verdict(&s.station, &suspended.1)["verdict"], "valid");

    // a tampered list (the revoked handle removed) is refused and the current one kept
    let text = std::fs::read_to_string(&list2).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.retain(|l| !l.ends_with(" revoked"));
    let tampered = lines.join("\n").replace("entries 1", "entries 0") + "\n";
    let tampered = tampered.replace(&text.lines().nth(1).unwrap()[7..], "2099-01-01T00:00:00Z");
    let bad = s.dir.join("tampered.txt");
    std::fs::write(&bad, tampered).unwrap();
    let o = certdesk(&s.station, &["revocations", "import", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert_eq!(verdict(&s.station, &revoked.1)["verdict"], "revoked");
    // garbage and binary files are refused with a message, nothing changes
    std::fs::write(&bad, b"\xff\xfe\x00garbage").unwrap();
    assert!(!certdesk(&s.station, &["revocations", "import", bad.to_str().unwrap()]).status.success());
    assert_eq!(verdict(&s.station, &revoked.1)["verdict"], "revoked");
    // an edit on disk is noticed: the list is not used, valid slips read list_too_old
    let station_list = s.station.join("revocations.txt");
    let on_disk = std::fs::read_to_string(&station_list).unwrap();
    std::fs::write(&station_list, on_disk.replace(" revoked", " suspended")).unwrap();
    assert_eq!(verdict(&s.station, &revoked.1)["verdict"], "list_too_old");
}

#[test]
fn key_rotation_and_a_compromised_key() {
    let s = setup();
    let list = export(&s, "revocations-1.txt");
    ok(certdesk(&s.station, &["revocations", "import", list.to_str().unwrap()]));
    let old_slip = s.slips[0].1.clone();
    let old_id = verdict(&s.bureau, &old_slip)["key_id"].as_str().unwrap().to_string();

    // rotate at the bureau; the new trust list is signed by the new and the retired key, so the
    // station, which knows only the old key, takes it without --first
    ok(certdesk(&s.bureau, &["keys", "new", "--rotate", "--label", "2027"]));
    ok(certdesk(&s.bureau, &["print", &s.slips[1].0]));
    let trust2 = s.dir.join("trust-2.toml");
    ok(certdesk(&s.bureau, &["keys", "export", trust2.to_str().unwrap()]));
    ok(certdesk(&s.station, &["keys", "import", trust2.to_str().unwrap()]));
    assert_eq!(verdict(&s.station, &old_slip)["verdict"], "valid", "old slips verify after rotation");
    // a list signed by the new key is accepted now
    let list2 = export(&s, "revocations-2.txt");
    ok(certdesk(&s.station, &["revocations", "import", list2.to_str().unwrap()]));
    // the older trust list is refused
    let trust1 = s.dir.join("trust-1.toml");
    let o = certdesk(&s.station, &["keys", "import", trust1.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));

    // the old key turns out to have leaked an hour ago: its slips from then on are revoked,
    // earlier ones (printed in setup, before that) would stay valid had it leaked later
    let since = (support::now() - chrono::Duration::hours(1)).format("%Y-%m-%d %H:%M").to_string();
    ok(certdesk(&s.bureau, &["keys", "compromise", &old_id, "--since", &since]));
    let trust3 = s.dir.join("trust-3.toml");
    ok(certdesk(&s.bureau, &["keys", "export", trust3.to_str().unwrap()]));
    ok(certdesk(&s.station, &["keys", "import", trust3.to_str().unwrap()]));
    let v = verdict(&s.station, &old_slip);
    assert_eq!((v["verdict"].as_str(), v["revocation_reason"].as_str()), (Some("revoked"), Some("key_compromised")));
    let future = (support::now() + chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
    ok(certdesk(&s.bureau, &["keys", "compromise", &old_id, "--since", &future]));
    let trust4 = s.dir.join("trust-4.toml");
    ok(certdesk(&s.bureau, &["keys", "export", trust4.to_str().unwrap()]));
    ok(certdesk(&s.station, &["keys", "import", trust4.to_str().unwrap()]));
    assert_eq!(verdict(&s.station, &old_slip)["verdict"], "valid", "signed before the compromise");
    // bad input to the command
    assert!(!certdesk(&s.bureau, &["keys", "compromise", &old_id, "--since", "yesterday"]).status.success());
    assert!(!certdesk(&s.bureau, &["keys", "compromise", "zz", "--since", &future]).status.success());
}
