//! The phone path out of the box (issue 18): the bureau's verification address set at `init`
//! (`--verify-url`, or asked on a terminal), and the doctor's warnings while a slip would still
//! send a phone nowhere: no address, the placeholder bureau phone, a clock not on Beijing time.

use crate::doctor::{Check, Level};
use crate::home::Home;
use anyhow::{bail, Result};
use std::path::Path;

/// The placeholder phone number of the example config, printed on every slip until replaced.
pub const PLACEHOLDER_PHONE: &str = "0000-12345678";
/// The commented line of the example config that `init` replaces with the address.
const EXAMPLE_LINE: &str = "# url_prefix = \"HTTPS://V.EXAMPLE.GOV.CN/\"";

/// A verification address as the QR code carries it: `http(s)://host[/path]/`, uppercased (QR
/// alphanumeric mode has no lowercase; host names ignore case and `publish` serves the page at
/// the uppercased path), ending in `/`. Refuses anything else, with the reason.
pub fn normalise_verify_url(url: &str) -> Result<String> {
    let mut u = url.trim().to_ascii_uppercase();
    if !(u.starts_with("HTTPS://") || u.starts_with("HTTP://")) {
        bail!("the verification address must start with https:// (e.g. https://v.example.gov.cn/), got {url:?}");
    }
    let host = u.split_once("://").map_or("", |(_, r)| r).split('/').next().unwrap_or("");
    if host.is_empty() || !host.contains('.') && !host.starts_with("127.0.0.1") && !host.starts_with("LOCALHOST") {
        bail!("the verification address {url:?} has no host name");
    }
    if !u.ends_with('/') {
        u.push('/');
    }
    const QR_ALNUM: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$%*+-./:";
    if let Some(bad) = u.chars().find(|c| !QR_ALNUM.contains(*c)) {
        bail!("the verification address {url:?} has {bad:?}, which a QR code's alphanumeric mode cannot hold");
    }
    if u.contains("CD1:") || u.len() > 40 {
        bail!("the verification address {url:?} is too long for the slip's QR code (at most 40 characters)");
    }
    Ok(u)
}

/// Write `url` (normalised) into the home's certdesk.toml as `seal.url_prefix`, replacing the
/// example's commented line. Returns false (and changes nothing) when the file already sets
/// an address or has no such line: a bureau's own edit is never overwritten.
pub fn set_verify_url(dir: &Path, url: &str) -> Result<bool> {
    let path = dir.join(crate::config::FILE_NAME);
    let text = std::fs::read_to_string(&path)?;
    if !text.contains(EXAMPLE_LINE) {
        return Ok(false);
    }
    let new = text.replacen(EXAMPLE_LINE, &format!("url_prefix = \"{url}\""), 1);
    crate::cli_verifier::write_atomic(&path, &new)?;
    Ok(true)
}

/// The doctor's checks of the phone path.
pub fn checks(home: &Home) -> Vec<Check> {
    const W: &str = "手机核验 phone path";
    let mut out = vec![];
    match &home.config.seal.url_prefix {
        None => out.push(Check {
            level: Level::Warn,
            what: W,
            detail: "未设置核验网址：凭条二维码无法用手机打开 / seal.url_prefix is not set: a phone camera cannot open the slip's QR code. \
                     Set it in certdesk.toml (or `certdesk init --verify-url https://v.example.gov.cn/` on a new home), \
                     then `certdesk publish DIR` and serve DIR there (docs/phone-page.md)"
                .into(),
        }),
        Some(u) => out.push(Check { level: Level::Ok, what: W, detail: format!("slips point phones at {u}") }),
    }
    if home.config.bureau.phone.trim() == PLACEHOLDER_PHONE {
        out.push(Check {
            level: Level::Warn,
            what: "咨询电话 bureau phone",
            detail: format!(
                "凭条上的咨询电话仍是示例号码 {PLACEHOLDER_PHONE} / the slips print the placeholder phone {PLACEHOLDER_PHONE}: set bureau.phone in certdesk.toml"
            ),
        });
    }
    out.push(zone_check(chrono::Local::now().offset().local_minus_utc(), zone_name().as_deref()));
    out
}

/// The clock's zone must be Beijing time (UTC+8, Asia/Shanghai): slips stamp local time as
/// Beijing time, and verifiers compare it with Beijing times.
pub fn zone_check(offset_secs: i32, name: Option<&str>) -> Check {
    const Z: &str = "时区 time zone";
    let shown = name.unwrap_or("?");
    if offset_secs == 8 * 3600 && name.is_none_or(|n| SHANGHAI_ALIASES.contains(&n)) {
        return Check { level: Level::Ok, what: Z, detail: format!("{shown} (UTC+8)") };
    }
    Check {
        level: Level::Warn,
        what: Z,
        detail: format!(
            "时钟时区不是北京时间（Asia/Shanghai）/ the clock's zone is {shown} (UTC{:+}), not Asia/Shanghai: slips would carry wrong times; \
             `timedatectl set-timezone Asia/Shanghai`",
            f64::from(offset_secs) / 3600.0
        ),
    }
}

/// Zone names that are Beijing time.
const SHANGHAI_ALIASES: [&str; 5] = ["Asia/Shanghai", "Asia/Chongqing", "Asia/Chungking", "PRC", "Asia/Harbin"];

/// The zone's name: `TZ`, else the target of /etc/localtime (…/zoneinfo/Asia/Shanghai).
fn zone_name() -> Option<String> {
    if let Ok(tz) = std::env::var("TZ") {
        let tz = tz.trim_start_matches(':');
        if !tz.is_empty() {
            return Some(tz.to_string());
        }
    }
    let target = std::fs::read_link("/etc/localtime").ok()?;
    let s = target.to_string_lossy();
    s.split_once("zoneinfo/").map(|(_, z)| z.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_normalised_or_refused() {
        assert_eq!(normalise_verify_url(" https://v.example.gov.cn ").unwrap(), "HTTPS://V.EXAMPLE.GOV.CN/");
        assert_eq!(normalise_verify_url("https://zwfw.example.gov.cn/v/").unwrap(), "HTTPS://ZWFW.EXAMPLE.GOV.CN/V/");
        assert_eq!(normalise_verify_url("http://127.0.0.1:8080/").unwrap(), "HTTP://127.0.0.1:8080/");
        for bad in [
            "",
            "v.example.gov.cn",
            "ftp://x.cn/",
            "https://",
            "https://核验.cn/",
            "https://a.cn/?q=1",
            "https://a.cn/CD1:",
            "https://a-very-long-host-name.example.gov.cn/and/a/path/",
        ] {
            assert!(normalise_verify_url(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_zone_must_be_beijing_time() {
        assert_eq!(zone_check(8 * 3600, Some("Asia/Shanghai")).level, Level::Ok);
        assert_eq!(zone_check(8 * 3600, None).level, Level::Ok);
        assert_eq!(zone_check(0, Some("Etc/UTC")).level, Level::Warn);
        // same offset, another place: not the bureau's zone (and may change its rules)
        assert_eq!(zone_check(8 * 3600, Some("Asia/Singapore")).level, Level::Warn);
        assert!(zone_check(0, Some("Etc/UTC")).detail.contains("Asia/Shanghai"));
    }
}
