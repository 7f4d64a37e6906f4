//! The verifier's and the bureau's distribution commands: `verify`, `revocations export|import|show`,
//! `keys export|import|compromise`, `publish`. `cli.rs`/`main.rs` only dispatch here.

use crate::cli_strings::{t, Lang, M};
use crate::home::Home;
use crate::seal::batch;
use crate::seal::revocation::{self, Imported, Reason};
use crate::seal::{self, KeyId, KeyStatus, Policy, RevocationList, Signer, TrustImported, TrustList};
use anyhow::{anyhow, bail, Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

// Output for people goes through these, never `println!` (as in cli.rs): a closed pipe or a full
// disk under stdout is an `io::Error` that `main` handles once, not a panic.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($t)*)?;
    }};
}

fn now_local() -> chrono::NaiveDateTime {
    crate::clock::now()
}

/// The verification policy of a home at this moment (the clock is read now, never at start-up).
pub fn policy(home: &Home) -> Policy {
    let days = home.config.verifier.max_list_age_days;
    Policy {
        today: crate::clock::today(),
        now: chrono::Utc::now(),
        max_list_age: (days > 0).then(|| chrono::Duration::days(days.into())),
        review_due_days: Some(home.config.reminders.review_days),
    }
}

/// The station's revocation list. A list that no longer checks out (edited on disk, or signed by
/// a key since removed from the trust list) is reported and treated as no list: verification
/// goes on and says `list_too_old`, never `valid` on an unverified list.
pub fn station_list(home: &Home, trust: &TrustList, lang: Lang) -> RevocationList {
    match RevocationList::load(&home.revocations_path(), trust) {
        Ok(Some(l)) => l,
        Ok(None) => RevocationList::new(),
        Err(e) => {
            eprintln!("{}", t(lang, M::RevListUnusable, &[&crate::cli_strings::error_line(&e)]));
            RevocationList::new()
        }
    }
}

/// Write `text` to `path` atomically (temporary file, fsync, rename): a crash leaves the old
/// file or the new one, never half of one.
pub fn write_atomic(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(format!(".tmp-{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let res = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if res.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    res.with_context(|| format!("writing {}", path.display()))
}

fn audit(home: &Home, action: &str, detail: serde_json::Value) -> Result<()> {
    audit_as(home, "admin", action, detail)
}

/// As [`audit`], naming the staff member who acted (`cli_actor::acting`, issue 17 §9).
fn audit_as(home: &Home, actor: &str, action: &str, detail: serde_json::Value) -> Result<()> {
    if home.db_location().is_postgres() || home.db_path().exists() {
        home.store()?.audit().append(actor, action, detail, now_local())?;
    }
    Ok(())
}

/// `certdesk verify`: verify a QR payload (argument or stdin) on the home's trust and revocation lists.
pub fn verify(dir: &Path, payload: Option<String>, lang: Lang) -> Result<i32> {
    let home = Home::open(dir)?;
    let trust = home.trust()?;
    let revoked = station_list(&home, &trust, lang);
    let policy = policy(&home);
    let registry = crate::online::registry(&home, lang);
    let mut confirm = |v: &mut seal::Verification| {
        if let Some(store) = &registry {
            crate::online::confirm(store, v);
        }
    };
    let mut out = std::io::stdout().lock();
    if let Some(p) = payload.as_deref().filter(|p| seal::doc_qr::is_document_code(p)) {
        // A counter document's code (A4), not a slip's: which document, and does the registry
        // hold it (crate::doc_verify).
        let a = crate::doc_verify::check(p, &trust, crate::doc_verify::registry(&home).as_ref())?;
        writeln!(out, "{}", serde_json::to_string(&a)?)?;
        return Ok(if a.is_valid() { 0 } else { 1 });
    }
    if let Some(p) = payload {
        let mut v = seal::verify_with(&p, &trust, &revoked, &policy);
        confirm(&mut v);
        writeln!(out, "{}", v.to_json_line())?;
        return Ok(if v.verdict.is_valid() { 0 } else { 1 });
    }
    let stdin = std::io::stdin().lock();
    batch::verify_stream_with(stdin, std::io::BufWriter::new(out), &trust, &revoked, &policy, &mut confirm)?;
    Ok(0)
}

/// The signing key of this home, which must be an active key of its trust list.
fn bureau_signer(home: &Home, trust: &TrustList, lang: Lang) -> Result<Signer> {
    let signer = home.signer()?;
    match trust.get(signer.key_id()) {
        Some(e) if e.key == signer.verifying_key() && e.status == KeyStatus::Active => Ok(signer),
        Some(_) => bail!("{}", t(lang, M::SignerNotActive, &[&signer.key_id()])),
        None => bail!("{}", t(lang, M::SignerNotTrusted, &[&signer.key_id()])),
    }
}

/// `certdesk revocations export`: sign the current revocation list to `out`.
pub fn revocations_export(dir: &Path, out: &Path, lang: Lang) -> Result<i32> {
    let home = Home::open(dir)?;
    let r = reissue(&home, out, lang)?;
    outln!(
        "{}",
        t(
            lang,
            M::RevExported,
            &[&revocation::show_time(r.issued), &r.key_id, &r.revoked, &r.suspended, &r.cancelled, &out.display()]
        )
    );
    Ok(0)
}

/// What [`reissue`] signed.
#[derive(Debug, Clone)]
pub struct Reissued {
    /// The list's issue time.
    pub issued: chrono::DateTime<chrono::Utc>,
    /// The id of the key that signed it.
    pub key_id: String,
    /// How many revoked (撤销) certificates it lists.
    pub revoked: usize,
    /// How many suspended (暂停) certificates it lists.
    pub suspended: usize,
    /// How many cancelled (注销) certificates it lists.
    pub cancelled: usize,
}

/// Sign the revocation list the registry says now (every certificate whose standing is not
/// 有效) with the bureau's key, write it to `out` and to the home's own list (so the bureau's
/// own stations verify with it at once), audited as `revocations.export`. Called by
/// `revocations export`, after `standing set`, after a roster import that changed a standing,
/// and when the demo home is made (issue 17 §3).
pub fn reissue(home: &Home, out: &Path, lang: Lang) -> Result<Reissued> {
    let trust = home.trust()?;
    let signer = bureau_signer(home, &trust, lang)?;
    let mut list = RevocationList::new();
    for (h, code) in home.store()?.holders().withdrawn_handles()? {
        if let Some(r) = Reason::from_standing_code(code) {
            list.insert_with(h, r);
        }
    }
    let issued = chrono::Utc::now();
    let text = list.to_signed_text(issued, &signer);
    write_atomic(out, &text)?;
    let own = home.revocations_path();
    if std::fs::canonicalize(&own).ok() != std::fs::canonicalize(out).ok() {
        write_atomic(&own, &text)?;
    }
    let count = |r| list.sorted().iter().filter(|(_, x)| *x == r).count();
    let (rv, su, ca) = (count(Reason::Revoked), count(Reason::Suspended), count(Reason::Cancelled));
    audit(
        home,
        "revocations.export",
        serde_json::json!({ "issued": revocation::show_time(issued), "revoked": rv, "suspended": su,
            "cancelled": ca, "key_id": signer.key_id().to_string() }),
    )?;
    Ok(Reissued { issued, key_id: signer.key_id().to_string(), revoked: rv, suspended: su, cancelled: ca })
}

/// `certdesk revocations import`: install a signed revocation list on this station, if newer.
pub fn revocations_import(dir: &Path, file: &Path, lang: Lang) -> Result<i32> {
    let home = Home::open(dir)?;
    let trust = home.trust()?;
    let text = std::fs::read(file).with_context(|| t(lang, M::Reading, &[&file.display()]))?;
    let text = String::from_utf8(text).map_err(|_| anyhow!("{}", t(lang, M::RevNotText, &[&file.display()])))?;
    let current = station_list(&home, &trust, lang);
    let current = current.issued().is_some().then_some(&current);
    match revocation::accept(&text, current, &trust) {
        Ok(Imported::Installed(list)) => {
            write_atomic(&home.revocations_path(), &text)?;
            let issued = list.issued().map(revocation::show_time).unwrap_or_default();
            audit(
                &home,
                "revocations.import",
                serde_json::json!({ "issued": issued, "entries": list.len(),
                    "key_id": list.signer().map(|k| k.to_string()) }),
            )?;
            outln!("{}", t(lang, M::RevInstalled, &[&issued, &list.len()]));
            Ok(0)
        }
        Ok(Imported::AlreadyCurrent) => {
            outln!("{}", t(lang, M::RevAlready, &[]));
            Ok(0)
        }
        Err(e) => {
            eprintln!("{}", t(lang, M::Refused, &[&e]));
            if let Some(c) = current {
                eprintln!("{}", t(lang, M::RevKept, &[&c.issued().map(revocation::show_time).unwrap_or_default()]));
            }
            Ok(1)
        }
    }
}

/// `certdesk revocations show`: the station's revocation list, its date and signer.
pub fn revocations_show(dir: &Path, lang: Lang) -> Result<i32> {
    let home = Home::open(dir)?;
    let trust = home.trust()?;
    let list = station_list(&home, &trust, lang);
    let Some(issued) = list.issued() else {
        outln!("{}", t(lang, M::RevNone, &[]));
        return Ok(1);
    };
    let age = chrono::Utc::now() - issued;
    let p = policy(&home);
    let too_old = p.max_list_age.is_some_and(|m| age > m);
    let count = |r| list.sorted().iter().filter(|(_, x)| *x == r).count();
    let old = if too_old { t(lang, M::RevTooOld, &[]) } else { String::new() };
    let signer = list.signer().map(|k| k.to_string()).unwrap_or_default();
    outln!("{}", t(lang, M::RevShow, &[&revocation::show_time(issued), &age.num_hours(), &old, &signer]));
    let (rv, su, ca) = (count(Reason::Revoked), count(Reason::Suspended), count(Reason::Cancelled));
    outln!("{}", t(lang, M::RevCounts, &[&rv, &su, &ca]));
    Ok(if too_old { 1 } else { 0 })
}

/// Key files at hand that may sign a trust-list export: the current key and the retired keys
/// kept beside it by `keys new --rotate` (`signing.retired-XXXX`), when the trust list holds
/// them and does not mark them compromised.
fn export_signers(home: &Home, trust: &TrustList, lang: Lang) -> Result<Vec<Signer>> {
    let key = home.key_path();
    let mut paths = vec![key.clone()];
    if let (Some(parent), Some(stem)) = (key.parent(), key.file_stem().and_then(|s| s.to_str())) {
        if let Ok(rd) = std::fs::read_dir(parent) {
            let mut more: Vec<PathBuf> = rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&format!("{stem}.retired-")))
                })
                .collect();
            more.sort();
            paths.extend(more);
        }
    }
    let mut signers = vec![];
    for p in paths {
        let Ok(s) = Signer::load(&p) else { continue };
        if trust.get(s.key_id()).is_some_and(|e| e.key == s.verifying_key() && e.status != KeyStatus::Compromised) {
            signers.push(s);
        }
    }
    if signers.is_empty() {
        bail!("{}", t(lang, M::NoExportSigner, &[]));
    }
    Ok(signers)
}

fn print_keys(trust: &TrustList, lang: Lang) -> Result<()> {
    for k in trust.entries() {
        let status = match (k.status, k.compromised_since) {
            (KeyStatus::Compromised, Some(s)) => t(lang, M::KeyCompromisedSince, &[&s.format("%Y-%m-%d %H:%M")]),
            (s, _) => format!("{s:?}").to_lowercase(),
        };
        outln!("{}", t(lang, M::KeyEntry, &[&k.id, &format!("{status:<30}"), &k.label, &k.fingerprint()]));
    }
    Ok(())
}

/// `certdesk keys export`: write the trust list for the verifier stations.
pub fn keys_export(dir: &Path, out: &Path, actor: &str, lang: Lang) -> Result<i32> {
    let home = Home::open(dir)?;
    let trust = home.trust()?;
    let signers = export_signers(&home, &trust, lang)?;
    let refs: Vec<&Signer> = signers.iter().collect();
    let issued = chrono::Utc::now();
    write_atomic(out, &trust.export(issued, &refs))?;
    let ids: Vec<String> = signers.iter().map(|s| s.key_id().to_string()).collect();
    audit_as(
        &home,
        actor,
        "keys.export",
        serde_json::json!({ "issued": revocation::show_time(issued), "signed_by": ids }),
    )?;
    outln!("{}", t(lang, M::TrustExported, &[&revocation::show_time(issued), &ids.join(", "), &out.display()]));
    print_keys(&trust, lang)?;
    Ok(0)
}

/// `certdesk keys import`: install an exported trust list (`first`: on a station that has none yet).
pub fn keys_import(dir: &Path, file: &Path, first: bool, actor: &str, lang: Lang) -> Result<i32> {
    let home = Home::open(dir)?;
    let text = std::fs::read(file).with_context(|| t(lang, M::Reading, &[&file.display()]))?;
    let text = String::from_utf8(text).map_err(|_| anyhow!("{}", t(lang, M::TrustNotText, &[&file.display()])))?;
    let path = home.trust_path();
    let current = if path.exists() { Some(home.trust()?) } else { None };
    let current = if first { None } else { current };
    match seal::accept_trust(&text, current.as_ref(), first) {
        Ok(TrustImported::Installed(list)) => {
            write_atomic(&path, &text)?;
            let ids: Vec<String> = list.entries().iter().map(|k| k.id.to_string()).collect();
            audit_as(&home, actor, "keys.import", serde_json::json!({ "keys": ids, "first_use": first }))?;
            outln!("{}", t(lang, M::TrustInstalled, &[&path.display()]));
            print_keys(&list, lang)?;
            Ok(0)
        }
        Ok(TrustImported::AlreadyCurrent) => {
            outln!("{}", t(lang, M::TrustAlready, &[]));
            Ok(0)
        }
        Err(e) => {
            eprintln!("{}", t(lang, M::Refused, &[&e]));
            if let Ok(offered) = TrustList::parse(&text) {
                eprintln!("{}", t(lang, M::TrustOffered, &[]));
                for k in offered.entries() {
                    eprintln!("{}", t(lang, M::TrustOfferedKey, &[&k.id, &k.fingerprint()]));
                }
            }
            Ok(1)
        }
    }
}

/// `certdesk keys compromise`: mark a key leaked from `since`, so slips it signed from then verify as revoked.
pub fn keys_compromise(dir: &Path, key_id: &str, since: &str, actor: &str, lang: Lang) -> Result<i32> {
    let home = Home::open(dir)?;
    let id = KeyId::parse(key_id).ok_or_else(|| anyhow!("{}", t(lang, M::KeyNotId, &[&key_id])))?;
    let since = parse_local_time(since, lang)?;
    let mut trust = home.trust()?;
    trust.compromise(id, since)?;
    trust.save(&home.trust_path())?;
    audit_as(
        &home,
        actor,
        "keys.compromise",
        serde_json::json!({ "key_id": id.to_string(), "since": since.format("%Y-%m-%dT%H:%M").to_string() }),
    )?;
    outln!("{}", t(lang, M::KeyCompromised, &[&id, &since.format("%Y-%m-%d %H:%M")]));
    if home.signer().is_ok_and(|s| s.key_id() == id) {
        outln!("{}", t(lang, M::KeyCompromisedOwn, &[]));
    } else {
        outln!("{}", t(lang, M::KeyCompromisedSpread, &[]));
    }
    Ok(0)
}

/// `2026-11-20 08:00`, `2026-11-20T08:00` or `2026-11-20` (midnight), Beijing local time.
fn parse_local_time(s: &str, lang: Lang) -> Result<chrono::NaiveDateTime> {
    let s = s.trim();
    for f in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, f) {
            return Ok(t);
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).expect("midnight"));
    }
    bail!("{}", t(lang, M::BadTime, &[&s]))
}

/// The phone page's files (web/verify/), built into the binary so `publish` needs nothing else.
const PAGE_FILES: [(&str, &str); 7] = [
    ("verify.js", include_str!("../../../web/verify/verify.js")),
    ("verify.css", include_str!("../../../web/verify/verify.css")),
    ("noble-ed25519.js", include_str!("../../../web/verify/vendor/noble-ed25519.js")),
    ("noble-ed25519.LICENSE", include_str!("../../../web/verify/vendor/noble-ed25519.LICENSE")),
    ("noble-ed25519.README.md", include_str!("../../../web/verify/vendor/README.md")),
    // sm-crypto 0.5.8 (MIT, with jsbn's notice): SM2/SM3 for `CD2:` slips of an SM2 key.
    ("sm-crypto-sm2.js", include_str!("../../../web/verify/vendor/sm-crypto-sm2.js")),
    ("sm-crypto.LICENSE", include_str!("../../../web/verify/vendor/sm-crypto.LICENSE")),
];
const PAGE_HTML: &str = include_str!("../../../web/verify/index.html");

/// The path part of a URL prefix (`HTTPS://V.EXAMPLE.GOV.CN/V/` -> `/V/`), where the page lives.
fn base_path(url_prefix: Option<&str>) -> String {
    let Some(p) = url_prefix else { return "/".into() };
    let after_scheme = p.split_once("://").map_or(p, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".into(),
    }
}

/// `certdesk publish DIR`: the static phone page, `page.json` (code tables, policy), the trust
/// list (`trust.json` for the page, `trust.toml` signed for stations) and a freshly signed
/// revocation list, for the bureau's web server to serve at the URL prefix's path.
pub fn publish(dir: &Path, out: &Path, base: Option<String>, lang: Lang) -> Result<i32> {
    let home = Home::open(dir)?;
    let base = base.unwrap_or_else(|| base_path(home.config.seal.url_prefix.as_deref()));
    if !base.starts_with('/')
        || !base.ends_with('/')
        || base.chars().any(|c| !(c.is_ascii_alphanumeric() || "/-._".contains(c)))
    {
        bail!("the page's path {base:?} must start and end with / and use letters, digits, - . _ only");
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let html = PAGE_HTML.replace("@@BASE@@", &base);
    write_atomic(&out.join("index.html"), &html)?;
    // Static hosts answer an unknown path (the slip's /CD1:... URL) with 404.html: the same page.
    write_atomic(&out.join("404.html"), &html)?;
    for (name, text) in PAGE_FILES {
        write_atomic(&out.join(name), text)?;
    }
    let page = serde_json::json!({
        "format": "certdesk-page 1",
        "bureau": home.config.bureau.name,
        "max_list_age_days": home.config.verifier.max_list_age_days,
        "review_due_days": home.config.reminders.review_days,
        "tables": {
            "categories": &seal::payload::CATEGORIES[..],
            "items": &seal::payload::ITEMS[..],
            "industries": &seal::payload::INDUSTRIES[..],
        },
    });
    write_atomic(&out.join("page.json"), &serde_json::to_string_pretty(&page)?)?;
    let trust = home.trust()?;
    let keys: Vec<serde_json::Value> = trust
        .entries()
        .iter()
        .map(|k| {
            serde_json::json!({
                "id": k.id.to_string(),
                "algorithm": k.key.algorithm().word(),
                "public_key": hex::encode(k.key.to_bytes()),
                "status": format!("{:?}", k.status).to_lowercase(),
                "compromised_since": k.compromised_since.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
                "retired_at": k.retired_at.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
            })
        })
        .collect();
    write_atomic(&out.join("trust.json"), &serde_json::to_string_pretty(&serde_json::json!({ "keys": keys }))?)?;
    keys_export(dir, &out.join("trust.toml"), "admin", lang)?;
    revocations_export(dir, &out.join("revocations.txt"), lang)?;
    outln!("{}", t(lang, M::PagePublished, &[&out.display(), &base]));
    outln!("{}", t(lang, M::PageServe, &[]));
    Ok(0)
}

/// `certdesk remind`: reminder lists for the next `days` days into `out`.
pub fn remind(
    dir: &Path,
    days: Option<i64>,
    out: Option<PathBuf>,
    format: Option<&str>,
    lang: crate::cli_strings::Lang,
) -> Result<i32> {
    use crate::cli_progress::Progress;
    use crate::cli_strings::{t, M};
    use crate::remind::{FormatError, Formats};
    let formats = match format.map(Formats::parse) {
        None => Formats::default(),
        Some(Ok(f)) => f,
        Some(Err(FormatError::Empty)) => bail!("{}", t(lang, M::RemindFormatEmpty, &[])),
        Some(Err(FormatError::Unknown(n))) => bail!("{}", t(lang, M::RemindFormatBad, &[&n])),
    };
    let home = Home::open(dir)?;
    let days = days.unwrap_or(home.config.reminders.review_days.max(home.config.reminders.expiry_days));
    if !(0..=3660).contains(&days) {
        bail!("{}", t(lang, M::RemindDays, &[]));
    }
    let today = crate::clock::today();
    let out = out.unwrap_or_else(|| PathBuf::from(format!("reminders-{today}")));
    if let Err(e) = std::fs::create_dir_all(&out) {
        bail!("{}", t(lang, M::RemindCreating, &[&out.display(), &e]));
    }
    let store = home.store()?;
    // The list is one query and a sort; the bar names the step being done.
    let calendar = store.calendar().get()?;
    let bar = Progress::timer(t(lang, M::RemindBuilding, &[]));
    let list = crate::remind::build(&store, today, days)?;
    let matters = crate::domain::matters::Matters::builtin();
    bar.set_message(t(lang, M::RemindWriting, &[&formats.files().join(", ")]));
    let from = crate::remind::Sender {
        bureau: &home.config.bureau.name,
        phone: &home.config.bureau.phone,
        matters: &matters,
        calendar: &calendar,
    };
    let sms = crate::remind::write_files(&list, formats, &out, &from, today, days)?.sms;
    drop(bar);
    let employers =
        list.iter().map(|r| (&r.employer, &r.employer_code)).collect::<std::collections::HashSet<_>>().len();
    let files = formats.files();
    store.audit().append(
        "admin",
        "reminders.export",
        serde_json::json!({
            "days": days,
            "certificates": list.len(),
            "employers": employers,
            "sms": sms.map(|s| s.0),
            "files": files,
        }),
        now_local(),
    )?;
    let mut line = t(lang, M::RemindDone, &[&list.len(), &employers, &days, &out.display(), &files.join(", ")]);
    if let Some((sent, skipped)) = sms {
        line.push_str(&t(lang, M::RemindSms, &[&sent, &skipped]));
    }
    outln!("{line}");
    // The command ends here: the list (a quarter of a million reminders, each a few strings,
    // at a million holders) goes with the process instead of being freed string by string
    // (~0.2 s).
    std::mem::forget(list);
    Ok(0)
}
