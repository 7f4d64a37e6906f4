//! Issue 18, the phone path by default: `init --verify-url` writes the address, a bad one is
//! refused before anything is made; `doctor` warns while the address is unset, while the bureau
//! phone is the placeholder 0000-12345678 and while the clock's zone is not Asia/Shanghai.

mod support;

use support::{certdesk, text};

#[test]
fn init_takes_the_verification_address_and_doctor_warns_until_the_phone_path_is_set() {
    let tmp = tempfile::tempdir().unwrap();
    let plain = tmp.path().join("plain");
    let o = support::command(&plain, &["init"]).env("TZ", "Etc/UTC").output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("未设置核验网址"), "{}", text(&o));
    let o = support::command(&plain, &["doctor", "--no-printer"]).env("TZ", "Etc/UTC").output().unwrap();
    let t = text(&o);
    let warn = |what: &str| t.lines().any(|l| l.starts_with("[注意 WARN]") && l.contains(what));
    assert!(warn("手机核验 phone path") && t.contains("seal.url_prefix is not set"), "{t}");
    assert!(warn("咨询电话 bureau phone") && t.contains("0000-12345678"), "{t}");
    assert!(warn("时区 time zone") && t.contains("Etc/UTC"), "{t}");

    let set = tmp.path().join("set");
    let o = certdesk(&set, &["init", "--verify-url", "https://v.example.gov.cn"]);
    assert!(o.status.success(), "{}", text(&o));
    let cfg = std::fs::read_to_string(set.join("certdesk.toml")).unwrap();
    assert!(cfg.contains("\nurl_prefix = \"HTTPS://V.EXAMPLE.GOV.CN/\""), "{cfg}");
    let cfg = cfg.replace("0000-12345678", "0533-1234567");
    std::fs::write(set.join("certdesk.toml"), cfg).unwrap();
    let o = support::command(&set, &["doctor", "--no-printer"]).env("TZ", "Asia/Shanghai").output().unwrap();
    let t = text(&o);
    for what in ["手机核验", "咨询电话", "时区"] {
        assert!(!t.lines().any(|l| l.starts_with("[注意 WARN]") && l.contains(what)), "{what}: {t}");
    }
    assert!(t.contains("HTTPS://V.EXAMPLE.GOV.CN/"), "{t}");
    // init again keeps the bureau's address
    let o = certdesk(&set, &["init", "--verify-url", "https://other.example.cn/"]);
    assert!(text(&o).contains("未改动"), "{}", text(&o));

    // garbage addresses: refused, nothing created
    for bad in ["v.example.gov.cn", "ftp://x.cn/", "https://核验.cn/", "https://a.cn/?q=1"] {
        let dir = tmp.path().join("bad");
        let o = certdesk(&dir, &["init", "--verify-url", bad]);
        assert!(!o.status.success(), "{bad}: {}", text(&o));
        assert!(!dir.join("certdesk.toml").exists(), "{bad}: nothing is made");
    }
}
