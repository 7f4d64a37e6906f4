//! What one checklist tick at the desk costs in round trips to the database, measured on the
//! real path from the request onwards (the protocol's `Tick` through `service::Live`, the desk
//! service and the store): the figure docs/architecture.md gives. The key → command → update →
//! request part before it is in memory (no SQL). A change that adds statements to the tick
//! fails here and must update the figure and say why.

use certdesk::app::worker::Services;
use certdesk::app::{desk, staff, Effect, Outcome};
use certdesk::domain::intake::MaterialState;
use certdesk::service::Live;
use certdesk::store::db::statements_sent;
use certdesk_testkit::{TestHome, STAFF};

fn run(live: &mut Live, e: Effect) -> Option<Outcome> {
    live.run(e, &mut |_| {})
}

/// The round trips one request costs on this thread (the service runs it on the caller's).
fn cost(live: &mut Live, e: Effect) -> (u64, Option<Outcome>) {
    let before = statements_sent();
    let o = run(live, e);
    (statements_sent() - before, o)
}

#[test]
fn one_checklist_tick_costs_what_the_architecture_page_says() {
    let h = TestHome::new("file:spool");
    let mut live = h.live();
    let login =
        staff::Effect::Login { staff_id: STAFF.0.into(), pin: STAFF.1.into(), purpose: staff::Purpose::DeskLogin };
    let o = run(&mut live, Effect::Staff(login));
    assert!(matches!(o, Some(Outcome::Staff(staff::Outcome::Accepted(_)))), "{o:?}");
    let o = run(&mut live, Effect::Desk(desk::Effect::OpenCase { matter: "special_issue".into(), ticket: None }));
    let Some(Outcome::Desk(b)) = o else { panic!("open case: {o:?}") };
    let desk::Outcome::CaseOpened(case) = *b else { panic!("open case: {b:?}") };

    let tick = |material: &str| {
        Effect::Desk(desk::Effect::Tick { case: case.id, material: material.into(), state: MaterialState::Provided })
    };
    // The first tick of a case is its receipt (收件, 行政许可法 第三十二条, issue 15): one more
    // statement, the INSERT of the receipt with its notice date, kept once; counting that date
    // is this desk's first dated step, so its calendar cache also asks the store for the
    // calendar's version (at most every few seconds). A later tick costs what it did.
    let (first, o) = cost(&mut live, tick("application"));
    let Some(Outcome::Desk(b)) = o else { panic!("tick: {o:?}") };
    let desk::Outcome::Checklist { items, .. } = *b else { panic!("tick: {b:?}") };
    assert_eq!(items.iter().filter(|i| i.state == MaterialState::Provided).count(), 1);
    let (second, _) = cost(&mut live, tick("id_card"));
    // Measured 2026-12-05 (issue 14): 15 round trips before, BEGIN and COMMIT included; 13 since
    // the tick returns the case and checklist from its own transaction (no re-read of either, no
    // post line fetched only to be dropped). docs/architecture.md lists each. Measured
    // 2026-12-06 (issue 15): the first tick 15 (13 + receipt + calendar version), a later one 13.
    // 2026-12-06 (issue 14, store by aggregate): 11 and 13. The tick reads the case's number,
    // whether a notice went out and whether the material was deficient in one statement (three
    // before: two before the UPDATE, the number again in the case step), and returns the
    // checklist it wrote.
    assert_eq!(second, 11, "one tick now costs {second} round trips; update docs/architecture.md");
    assert_eq!(first, second + 2, "the first tick (the receipt) costs {first}; update docs/architecture.md");
}

#[test]
fn saving_the_visitor_answers_with_the_case_it_wrote() {
    // The visitor form's save answers the screen with the case as written, not read again.
    let h = TestHome::new("file:spool");
    let mut live = h.live();
    let login =
        staff::Effect::Login { staff_id: STAFF.0.into(), pin: STAFF.1.into(), purpose: staff::Purpose::DeskLogin };
    run(&mut live, Effect::Staff(login));
    let o = run(&mut live, Effect::Desk(desk::Effect::OpenCase { matter: "special_issue".into(), ticket: None }));
    let Some(Outcome::Desk(b)) = o else { panic!("open case: {o:?}") };
    let desk::Outcome::CaseOpened(case) = *b else { panic!("open case: {b:?}") };
    let form = desk::VisitorForm { name: "张三".into(), phone: "13800000000".into(), ..Default::default() };
    let (n, o) = cost(&mut live, Effect::Desk(desk::Effect::SaveVisitor { case: case.id, form }));
    let Some(Outcome::Desk(b)) = o else { panic!("save visitor: {o:?}") };
    let desk::Outcome::VisitorSaved { case: saved, .. } = *b else { panic!("save visitor: {b:?}") };
    assert_eq!(saved.id, case.id);
    assert_eq!(saved.visitor.name, "张三", "the answer carries what was written");
    // Measured 2026-12-06 (issue 14, a write returns what it wrote): 22 round trips before,
    // when the desk re-read the whole case view after the write (the open stops, the case, its
    // post line, its time records) to answer with the case alone; 11 since the store's
    // `set_visitor` returns the case it wrote, read before COMMIT (one statement in the
    // transaction instead of eleven after it).
    assert_eq!(n, 11, "saving the visitor now costs {n} round trips");
}
