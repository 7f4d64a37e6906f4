//! Issue 17 §3: a roster import that revokes or suspends reaches verification. After an import
//! that changes a certificate's standing the home's revocation list is reissued (as after
//! `standing set`), so `verify` says 撤销/暂停 for the earlier slip at once; an import that
//! changes no standing leaves the list alone. A new demo home's list holds its withdrawn cards.

mod support;

use support::{certdesk, text as out};

use chrono::{Days, Months};
use std::path::Path;
use std::process::Output;

const ID: &str = "11010519491231002X";
const LOW: &str = "低压电工作业";
const HIGH: &str = "高压电工作业";

fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", out(&o));
    out(&o)
}

fn verdict(home: &Path, payload: &str) -> String {
    let o = certdesk(home, &["verify", payload]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", out(&o)));
    v["verdict"].as_str().unwrap().to_string()
}

fn exports(home: &Path) -> usize {
    let store = certdesk::store::Store::open(home.join("certdesk.db")).unwrap();
    let n = store.audit().verify().unwrap();
    store.audit().entries(1, n as usize).unwrap().iter().filter(|e| e.action == "revocations.export").count()
}

#[test]
fn an_import_that_revokes_or_suspends_reissues_the_list_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("h");
    ok(certdesk(&home, &["init"]));
    let today = support::today();
    let from = today - Months::new(12);
    let until = from + Months::new(72) - Days::new(1);
    let review = from + Months::new(36);
    let roster = |low: &str, high: &str| {
        let row = |item: &str, standing: &str| {
            format!("特种作业操作证,T{ID},王秀英,女,{ID},电工作业,{item},,{from},{from},{until},{review},,示范市应急管理局,{standing},13800138000,,,")
        };
        let csv = tmp.path().join(format!("roster-{low}-{high}.csv"));
        let text =
            certdesk::roster::CSV_HEADERS.join(",") + ",延期复审\n" + &row(LOW, low) + "\n" + &row(HIGH, high) + "\n";
        std::fs::write(&csv, text).unwrap();
        csv
    };
    ok(certdesk(&home, &["import", roster("有效", "有效").to_str().unwrap()]));
    let mut slips = vec![];
    for item in [LOW, HIGH] {
        ok(certdesk(&home, &["print", &format!("T{ID}"), "--item", item]));
        slips.push(support::newest_slip_qr(&home.join("spool")));
    }
    assert_eq!((verdict(&home, &slips[0]), verdict(&home, &slips[1])), ("valid".into(), "valid".into()));
    let before = exports(&home);

    // The province's roster now says 撤销 for one card and 暂停 for the other.
    let said = ok(certdesk(&home, &["import", roster("撤销", "暂停").to_str().unwrap()]));
    assert_eq!(exports(&home), before + 1, "the list was reissued: {said}");
    assert_eq!(verdict(&home, &slips[0]), "revoked", "no `revocations export` needed");
    assert_eq!(verdict(&home, &slips[1]), "suspended");

    // The same roster again changes no standing: the list is not reissued.
    ok(certdesk(&home, &["import", roster("撤销", "暂停").to_str().unwrap()]));
    assert_eq!(exports(&home), before + 1);

    // A garbage roster changes nothing and reissues nothing.
    let bad = tmp.path().join("bad.csv");
    std::fs::write(&bad, "\u{0}\u{1}not a roster\n").unwrap();
    let _ = certdesk(&home, &["import", bad.to_str().unwrap()]);
    assert_eq!(exports(&home), before + 1);
    assert_eq!(verdict(&home, &slips[0]), "revoked");
}

#[test]
fn a_new_demo_homes_list_holds_its_withdrawn_certificates() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    certdesk::demo::prepare(&dir, support::now()).unwrap();
    let home = certdesk::home::Home::open(&dir).unwrap();
    let withdrawn = home.store().unwrap().holders().withdrawn_handles().unwrap();
    assert!(withdrawn.len() > 10, "the demo roster has withdrawn cards: {}", withdrawn.len());
    let list = certdesk::seal::RevocationList::load(&home.revocations_path(), &home.trust().unwrap()).unwrap().unwrap();
    assert_eq!(list.len(), withdrawn.len());
    let on_list: Vec<[u8; 8]> = list.sorted().into_iter().map(|(h, _)| h).collect();
    assert!(withdrawn.iter().all(|(h, _)| on_list.contains(h)));
}
