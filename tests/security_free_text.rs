//! Issue 17 §2: no raw ID number in free text. An ID number typed into the desk's visitor phone
//! or enterprise field, or any other free-text field (name, notes, reasons, addresses), is masked
//! before it is stored, so screens, papers and exports built from the record cannot show it
//! (SPEC §6). Both backends.

use certdesk::store::cases::{NewCase, Visitor};
use certdesk::store::db::Location;
use certdesk::store::{OpenCheck, Role, Store};
use certdesk_testkit::{self as testkit, pg};

fn exercise(store: &Store) {
    let now = testkit::now();
    let raw = testkit::ID;
    let masked = certdesk::domain::id::mask(raw);
    store.staff().add("0002", "张伟", "135790", Role::Clerk).unwrap();
    store.staff().add("0003", "赵六", "246802", Role::Clerk).unwrap();
    let case = store
        .cases()
        .open(&NewCase { matter: "special_issue", materials: vec!["photo".into()], owner: "0002", ticket: None }, now)
        .unwrap();
    // The attack of the red-team round: the ID number in the phone and the enterprise fields.
    let visitor = Visitor {
        name: format!("王秀英{raw}"),
        masked_id: None,
        phone: Some(raw.to_string()),
        enterprise: Some(format!("淄博某化工有限公司 {}", raw.to_lowercase())),
        credit_code: Some("91350100M000100Y43".into()),
    };
    store.cases().set_visitor(case.id, &visitor, None, "0002", now).unwrap();
    let c = store.cases().get(case.id).unwrap().unwrap();
    assert_eq!(c.visitor.phone.as_deref(), Some(masked.as_str()));
    assert_eq!(c.visitor.enterprise.as_deref(), Some(format!("淄博某化工有限公司 {masked}").as_str()));
    assert_eq!(c.visitor.name, format!("王秀英{masked}"));
    assert_eq!(c.visitor.credit_code.as_deref(), Some("91350100M000100Y43"), "a credit code is kept as typed");

    // Notes and reasons.
    store.offer_handoff(case.id, "0003", "0002", &format!("申请人身份证{raw}，转交"), now).unwrap();
    store.accept_handoff(case.id, "0003", now).unwrap();
    store.set_post_address(case.id, &format!("淄博市张店区1号 {raw}"), "0002", now).unwrap();
    let day = testkit::d(2026, 11, 28);
    let a = store
        .appointments()
        .book(day, "09:30", false, "丙", Some(raw), "special_issue", Some(raw), "0002", now)
        .unwrap();

    // Nothing anywhere in what the desk reads back holds the raw number (any case of its X).
    let everything = format!(
        "{:?}{:?}{:?}{:?}{:?}{:?}",
        store.cases().get(case.id).unwrap(),
        store.cases().events(case.id).unwrap(),
        store.cases().handoffs(case.id).unwrap(),
        store.post_address(case.id).unwrap(),
        store.appointments().get(a).unwrap(),
        store.audit().entries(1, store.audit().verify().unwrap() as usize).unwrap(),
    )
    .to_uppercase();
    assert!(!everything.contains(raw), "a raw ID number was stored: {everything}");
    assert!(everything.contains(&masked), "the masked form is what is kept");

    // A refused case's reason too (then the case is closed: nothing more to write).
    let case2 = store
        .cases()
        .open(&NewCase { matter: "special_issue", materials: vec!["photo".into()], owner: "0002", ticket: None }, now)
        .unwrap();
    store.cases().refuse(case2.id, &format!("材料不全（{raw}）"), "0002", now).unwrap();
    let text = format!("{:?}{:?}", store.cases().get(case2.id).unwrap(), store.cases().events(case2.id).unwrap());
    assert!(!text.to_uppercase().contains(raw), "{text}");

    // Garbage in the free-text fields: refused with a reason, nothing stored.
    for bad in ["a\u{7}b", "张\u{202E}三", "李\u{200B}四", "\u{FEFF}王五"] {
        let v = Visitor { name: bad.into(), ..visitor.clone() };
        assert!(store.cases().set_visitor(case.id, &v, None, "0002", now).is_err(), "{bad:?}");
        let v = Visitor { enterprise: Some(bad.into()), name: "王五".into(), ..visitor.clone() };
        assert!(store.cases().set_visitor(case.id, &v, None, "0002", now).is_err(), "{bad:?}");
    }
    assert_eq!(
        store.cases().get(case.id).unwrap().unwrap().visitor.name,
        format!("王秀英{masked}"),
        "garbage changed nothing"
    );
}

#[test]
fn an_id_number_in_free_text_is_masked_before_it_is_stored_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    exercise(&Store::open(dir.path().join("certdesk.db")).unwrap());
}

#[test]
fn an_id_number_in_free_text_is_masked_before_it_is_stored_on_postgresql() {
    let Some(url) = pg::fresh_url("free text") else { return };
    exercise(&Store::open_at(&Location::Postgres(url), OpenCheck::Skip).unwrap());
}
