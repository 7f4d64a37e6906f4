//! Issue 18, online confirmation: a verifier that reaches the registry also asks whether the
//! registry printed the slip (serial, certificate, minute). A slip signed with the bureau's own
//! key that the registry never printed — a stolen key's work, back-dated before
//! `compromised_since` or not — is refused ("签名有效，但登记系统无此打印记录"); offline verdicts say
//! they are offline, and flag a compromised key. Store level on both backends, CLI end to end.

mod support;

use certdesk::seal::{self, Signer, SlipClaims, TrustList};
use certdesk::store::db::Location;
use certdesk::store::print_records::PrintRecord;
use certdesk::store::{OpenCheck, Store};
use certdesk_testkit::{self as testkit, pg};
use support::{certdesk, certdesk_ok, certdesk_stdin, text};

fn exercise(store: &Store) {
    let now = testkit::now();
    store.holders().upsert(&testkit::sample_holder()).unwrap();
    let mut certs = testkit::sample_certs();
    for c in &mut certs {
        store.holders().upsert_certificate(c).unwrap();
    }
    let (a, b) = (&certs[0], &certs[1]);
    let serial = store.print_jobs().begin(a.id, "file:x", "kiosk-01", now).unwrap();
    store.print_jobs().set_bytes(serial, b"slip").unwrap();
    let minute = now + chrono::Duration::seconds(40);
    assert_eq!(store.print_jobs().confirm(serial, &a.seal_handle, minute).unwrap(), PrintRecord::Matches);
    // another minute (a back-dated copy), another certificate, another serial: no such print
    let earlier = now - chrono::Duration::minutes(1);
    assert_eq!(store.print_jobs().confirm(serial, &a.seal_handle, earlier).unwrap(), PrintRecord::None);
    assert_eq!(store.print_jobs().confirm(serial, &b.seal_handle, now).unwrap(), PrintRecord::None);
    assert_eq!(store.print_jobs().confirm(serial + 1, &a.seal_handle, now).unwrap(), PrintRecord::None);
    // garbage: a serial beyond any database integer, an all-zero handle
    assert_eq!(store.print_jobs().confirm(u64::MAX, &a.seal_handle, now).unwrap(), PrintRecord::None);
    assert_eq!(store.print_jobs().confirm(serial, &[0; 8], now).unwrap(), PrintRecord::None);
}

#[test]
fn print_records_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    exercise(&Store::open(dir.path().join("certdesk.db")).unwrap());
}

#[test]
fn print_records_on_postgresql() {
    let Some(url) = pg::fresh_url("print records") else { return };
    exercise(&Store::open_at(&Location::Postgres(url), OpenCheck::Skip).unwrap());
}

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", text(o)))
}

#[test]
fn a_signed_slip_the_registry_never_printed_is_refused_online_and_flagged_offline() {
    let tmp = tempfile::tempdir().unwrap();
    let bureau = tmp.path().join("bureau");
    let station = tmp.path().join("station");
    certdesk_ok(&bureau, &["init"]);
    let today = support::today();
    let roster = certdesk::roster::generate(20, 5, today);
    let csv = tmp.path().join("roster.csv");
    certdesk::roster::write_csv(&roster, &csv).unwrap();
    certdesk_ok(&bureau, &["import", csv.to_str().unwrap()]);
    let lead = certdesk::domain::LeadTimes::default();
    let all: Vec<_> = roster.iter().flat_map(|(_, cs)| cs).collect();
    let number = all
        .iter()
        .find(|c| {
            c.status(today, &lead) == certdesk::domain::Status::Valid
                && all.iter().filter(|o| o.number == c.number).count() == 1
        })
        .unwrap()
        .number
        .clone();
    certdesk_ok(&bureau, &["print", &number]);
    let printed = support::newest_slip_qr(&bureau.join("spool"));
    // a station with the bureau's trust list and no registry of its own: offline
    certdesk_ok(&station, &["init"]);
    let trust_file = tmp.path().join("trust.toml");
    certdesk_ok(&bureau, &["keys", "export", trust_file.to_str().unwrap()]);
    certdesk_ok(&station, &["keys", "import", "--first", trust_file.to_str().unwrap()]);
    let list = tmp.path().join("revocations.txt");
    certdesk_ok(&bureau, &["revocations", "export", list.to_str().unwrap()]);
    certdesk_ok(&station, &["revocations", "import", list.to_str().unwrap()]);

    let v = json(&certdesk(&bureau, &["verify", &printed]));
    assert_eq!((v["verdict"].as_str(), v["checked"].as_str()), (Some("valid"), Some("online")), "{v}");
    let v = json(&certdesk(&station, &["verify", &printed]));
    assert_eq!((v["verdict"].as_str(), v["checked"].as_str()), (Some("valid"), Some("offline")), "{v}");
    assert_eq!(v["checked_zh"], "离线核验：未与登记系统核对打印记录");

    // whoever copied the bureau's key signs a slip the registry never printed
    let h = certdesk::home::Home::open(&bureau).unwrap();
    let key = Signer::load(&h.key_path()).unwrap();
    let trust = TrustList::load(&h.trust_path()).unwrap();
    let store = h.store().unwrap();
    let cert = store.holders().certificates_numbered(&number).unwrap().remove(0);
    let real = seal::verify(&printed, &trust, &seal::RevocationList::new(), today).claims.unwrap();
    let forge = |serial, at| {
        let c = SlipClaims::for_certificate(&cert, certdesk::domain::Status::Valid, serial, at);
        seal::seal(&c, &key, &trust, None).unwrap()
    };
    let never = forge(777_777, support::now());
    // the real slip's serial, back-dated by a day: the registry printed that serial at another minute
    let backdated = forge(real.serial, real.printed_at - chrono::Duration::days(1));
    for fake in [&never, &backdated] {
        let o = certdesk(&bureau, &["verify", fake]);
        assert_eq!(o.status.code(), Some(1));
        let v = json(&o);
        assert_eq!(v["verdict"], "not_printed", "{v}");
        assert_eq!(v["verdict_zh"], "签名有效，但登记系统无此打印记录");
        assert_eq!(v["checked"], "online");
        assert!(v.get("name").is_none() && v.get("serial").is_none(), "nothing of the record is shown: {v}");
        // offline the signature is all there is
        assert_eq!(json(&certdesk(&station, &["verify", fake]))["verdict"], "valid");
    }

    // the key turns out to have leaked (from an hour on); the back-dated slip predates that,
    // and so does the real one. The station gets the list as a technician installs it.
    let h_id = key.key_id().to_string();
    let since = (support::now() + chrono::Duration::hours(1)).format("%Y-%m-%d %H:%M").to_string();
    certdesk_ok(&bureau, &["keys", "compromise", &h_id, "--since", &since]);
    std::fs::copy(h.trust_path(), certdesk::home::Home::open(&station).unwrap().trust_path()).unwrap();
    // online: refused; offline: still authentic-looking, but flagged
    assert_eq!(json(&certdesk(&bureau, &["verify", &backdated]))["verdict"], "not_printed");
    let v = json(&certdesk(&station, &["verify", &backdated]));
    // (the station's standing list was signed by the leaked key, so it no longer counts)
    assert_eq!((v["verdict"].as_str(), v["checked"].as_str()), (Some("list_too_old"), Some("offline")), "{v}");
    assert_eq!(v["key_warning"], "key_compromised", "{v}");
    assert!(v["key_warning_zh"].as_str().unwrap().contains("倒签"));
    // the real slip (printed before the compromise) stays valid online, unflagged
    // (authentic; the home's own standing list went with the leaked key that signed it)
    let v = json(&certdesk(&bureau, &["verify", &printed]));
    assert_eq!((v["verdict"].as_str(), v["checked"].as_str()), (Some("list_too_old"), Some("online")), "{v}");
    assert!(v.get("key_warning").is_none());

    // batch on stdin: every line confirmed, answers in input order, garbage answered too
    let input = format!("{printed}\n{never}\n\nnot a code\n{backdated}\n");
    let o = certdesk_stdin(&bureau, &["verify"], &input);
    let words: Vec<String> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["verdict"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(words, ["list_too_old", "not_printed", "malformed", "malformed", "not_printed"]);
}
