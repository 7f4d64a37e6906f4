//! The reminder list's fast path (`remind::build`: candidates from the date indexes, rows by id
//! with the holder's contact, the sort on small keys) gives exactly the list that the domain
//! rule `domain::reminder::due_within` gives when it is applied to every certificate in the
//! registry, on SQLite and on PostgreSQL (issue 9 item 5; seeds 运城 2023 item 8, 围场 2023
//! item 4).
//!
//! The roster is built around the dates where a narrowing query could go wrong: 29 February
//! (moved to 28 February by a 3- or 6-year shift), 延期复审 6-year reviews (30号令 art. 21),
//! recorded reviews of this cycle and of the previous one (art. 21, 22), missed reviews (art.
//! 26), expiry and review both inside the window, suspended, revoked (art. 30) and cancelled
//! (art. 31) certificates, window edges (0, 1, 59–61, 89–91 days) and windows of many years,
//! where the shifted review ranges overlap.

use certdesk::domain::reminder::{due_within, Due, DueKind};
use certdesk::domain::{CertKind, Certificate, Holder, Standing};
use certdesk::remind::{build, NO_EMPLOYER};
use certdesk::store::db::Location;
use certdesk::store::{OpenCheck, Store};
use chrono::{Datelike, Days, Months, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

/// Days the roster's dates are built around, and the `today`s the lists are asked for.
fn anchors() -> Vec<NaiveDate> {
    vec![
        d(2024, 2, 29),
        d(2024, 2, 28),
        d(2024, 3, 1),
        d(2025, 2, 28),
        d(2025, 3, 1),
        d(2026, 5, 6),
        d(2027, 2, 28),
        d(2027, 3, 1),
        d(2028, 2, 29),
        d(2030, 2, 28),
        d(2030, 12, 31),
    ]
}

/// A date near an anchor: on it, or a window edge away from it.
fn near(rng: &mut StdRng) -> NaiveDate {
    let a = anchors()[rng.gen_range(0..anchors().len())];
    let off: i64 = [0, 0, 1, -1, 59, 60, 61, 89, 90, 91, -90, 200, -400][rng.gen_range(0..13)];
    a + chrono::Duration::days(off)
}

fn years(date: NaiveDate, y: i32) -> NaiveDate {
    if y >= 0 {
        date + Months::new(12 * y as u32)
    } else {
        date - Months::new(12 * (-y) as u32)
    }
}

/// Reworks a generated certificate's dates and standing into one of the edge cases.
fn edge(c: &mut Certificate, rng: &mut StdRng) {
    let anchor = near(rng);
    c.standing = match rng.gen_range(0..20) {
        0 => Standing::Suspended,
        1 => Standing::Revoked,
        2 => Standing::Cancelled,
        _ => Standing::Active,
    };
    c.extended_review = c.kind.has_review() && rng.gen_bool(0.3);
    if !c.kind.has_review() {
        // 合格证: only 有效期止 matters (延期 30 days before).
        c.valid_until = anchor;
        c.valid_from = years(anchor, -3) + Days::new(1);
        c.review_due = None;
        c.reviewed_on = None;
        return;
    }
    let interval = if c.extended_review { 6 } else { 3 };
    match rng.gen_range(0..6) {
        // The review itself is near the anchor, not yet done.
        0 => {
            c.review_due = Some(anchor);
            c.reviewed_on = None;
            c.valid_until = years(anchor, 3) - Days::new(1);
        }
        // The roster's review was done (this cycle): the next one, 3 or 6 years on, is near
        // the anchor — from 29 February that is 28 February.
        1 => {
            let due = years(anchor, -interval);
            c.review_due = Some(if rng.gen_bool(0.5) && due.month0() == 1 && due.day() == 28 {
                // 29 February of a leap year, when the anchor's shift allows it.
                NaiveDate::from_ymd_opt(due.year(), 2, 29).unwrap_or(due)
            } else {
                due
            });
            c.reviewed_on = Some(due - Days::new(rng.gen_range(0..50)));
            c.valid_until = years(anchor, rng.gen_range(0..3)) + Days::new(rng.gen_range(0..3));
        }
        // A review recorded for the previous cycle only: the roster's review is still pending
        // (or missed, art. 26).
        2 => {
            c.review_due = Some(anchor);
            c.reviewed_on = Some(years(anchor, -3) - Days::new(rng.gen_range(0..20)));
            c.valid_until = years(anchor, 3);
        }
        // Review and expiry both inside a window: whichever comes first.
        3 => {
            c.review_due = Some(anchor);
            c.reviewed_on = None;
            c.valid_until = anchor + Days::new(rng.gen_range(0..40));
        }
        // Expiry near the anchor with the review after it (renewal at expiry).
        4 => {
            c.valid_until = anchor;
            c.review_due = Some(anchor + Days::new(rng.gen_range(1..30)));
            c.reviewed_on = None;
        }
        // 29 February exactly, with or without the review recorded.
        _ => {
            let leap = [d(2024, 2, 29), d(2028, 2, 29), d(2020, 2, 29)][rng.gen_range(0..3)];
            c.review_due = Some(leap);
            c.reviewed_on = rng.gen_bool(0.5).then(|| leap - Days::new(3));
            c.valid_until = years(leap, 6) + Days::new(rng.gen_range(0..2));
        }
    }
    c.valid_from = years(c.valid_until + Days::new(1), -6);
}

/// A registry of generated holders whose certificates are reworked into the edge cases, some
/// with employers and phones in need of trimming.
fn registry(store: &Store) -> Vec<(Holder, Vec<Certificate>)> {
    let mut rng = StdRng::seed_from_u64(20261124);
    let mut roster = certdesk::roster::generate(160, 9, d(2026, 5, 6));
    for (i, (h, certs)) in roster.iter_mut().enumerate() {
        match i % 9 {
            0 => h.employer = Some("  示范化工有限公司 ".into()),
            1 => h.employer = Some("示范化工有限公司".into()),
            2 => (h.employer, h.employer_code) = (Some("   ".into()), None),
            3 => h.mobile = Some(" 13800138000 ".into()),
            _ => {}
        }
        for c in certs.iter_mut() {
            edge(c, &mut rng);
        }
        store.holders().upsert(h).unwrap();
        for c in certs.iter_mut() {
            store.holders().upsert_certificate(c).unwrap();
        }
    }
    roster
}

/// One line of a list, everything `remind::build` decides.
type Line = (String, String, Option<String>, Certificate, Due);

/// Every holder and certificate as the store has them (read back, ids and all).
fn stored(store: &Store, roster: &[(Holder, Vec<Certificate>)]) -> Vec<(Holder, Vec<Certificate>)> {
    roster
        .iter()
        .map(|(h, _)| {
            (
                store.holders().get(&h.id_number).unwrap().unwrap(),
                store.holders().certificates_for(&h.id_number).unwrap(),
            )
        })
        .collect()
}

/// The rule applied to every certificate of the registry, sorted as the lists are.
fn by_the_rule(registry: &[(Holder, Vec<Certificate>)], today: NaiveDate, days: i64) -> Vec<Line> {
    let clean = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let mut want = vec![];
    for (holder, certs) in registry {
        for c in certs {
            if let Some(due) = due_within(c, today, days) {
                let employer = clean(&holder.employer).unwrap_or_else(|| NO_EMPLOYER.to_string());
                let code = clean(&holder.employer_code).unwrap_or_default();
                want.push((employer, code, clean(&holder.mobile), c.clone(), due));
            }
        }
    }
    want.sort_by(|a, b| (&a.0, &a.1, a.4.date, &a.3.name, a.3.id).cmp(&(&b.0, &b.1, b.4.date, &b.3.name, b.3.id)));
    want
}

fn check(store: &Store, backend: &str) {
    let roster = registry(store);
    let all = stored(store, &roster);
    let mut todays = anchors();
    let mut rng = StdRng::seed_from_u64(7);
    for _ in 0..25 {
        todays.push(d(2019, 1, 1) + Days::new(rng.gen_range(0..365 * 14)));
    }
    let (mut lines, mut kinds, mut shifted, mut from_leap_day) = (0, [0usize; 4], 0, 0);
    for &today in &todays {
        for days in [0, 1, 30, 59, 60, 61, 89, 90, 91, 365, 1100, 2200, 3660] {
            let got: Vec<Line> = build(store, today, days)
                .unwrap()
                .into_iter()
                .map(|r| (r.employer, r.employer_code, r.mobile, r.cert, r.due))
                .collect();
            let want = by_the_rule(&all, today, days);
            assert_eq!(got.len(), want.len(), "{backend}: {today} + {days} days: how many");
            for (g, w) in got.iter().zip(&want) {
                assert_eq!(g, w, "{backend}: {today} + {days} days");
            }
            for (_, _, _, c, due) in &got {
                lines += 1;
                kinds[match due.kind {
                    DueKind::Review { extended: false } => 0,
                    DueKind::Review { extended: true } => 1,
                    DueKind::Renew => 2,
                    DueKind::Extend => 3,
                }] += 1;
                if matches!(due.kind, DueKind::Review { .. }) && Some(due.date) != c.review_due {
                    shifted += 1;
                }
                if c.review_due.is_some_and(|r| r.month() == 2 && r.day() == 29) {
                    from_leap_day += 1;
                }
            }
        }
    }
    // The comparison above must have had something to compare, of every kind.
    assert!(lines > 1000, "{backend}: {lines} lines in all");
    assert!(kinds.iter().all(|&k| k > 20), "{backend}: review, 延期复审, renewal, extension: {kinds:?}");
    assert!(shifted > 20, "{backend}: reviews 3 or 6 years after a recorded one: {shifted}");
    assert!(from_leap_day > 5, "{backend}: lines from a 29 February review date: {from_leap_day}");
    // Not active, never listed (30号令 art. 30, 31; 暂停).
    let withdrawn = roster.iter().flat_map(|(_, cs)| cs).filter(|c| c.standing != Standing::Active).count();
    assert!(withdrawn > 10, "{backend}: {withdrawn}");
}

#[test]
fn fast_path_gives_the_rule_s_list_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("certdesk.db")).unwrap();
    check(&store, "sqlite");
}

#[test]
fn fast_path_gives_the_rule_s_list_on_postgres() {
    let Some(url) = certdesk_testkit::pg::fresh_url("remind_fast_path") else { return };
    let store = Store::open_at(&Location::Postgres(url), OpenCheck::Skip).unwrap();
    check(&store, "postgres");
}

/// A window that ends before it starts lists nothing, and a 0-day window lists what is due today.
#[test]
fn negative_and_zero_windows() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("certdesk.db")).unwrap();
    let mut roster = certdesk::roster::generate(1, 3, d(2026, 5, 6));
    let (h, certs) = &mut roster[0];
    store.holders().upsert(h).unwrap();
    let c = &mut certs[0];
    c.kind = CertKind::SpecialOperation;
    c.standing = Standing::Active;
    (c.review_due, c.reviewed_on, c.valid_until) = (Some(d(2026, 5, 6)), None, d(2029, 5, 5));
    store.holders().upsert_certificate(c).unwrap();
    assert!(build(&store, d(2026, 5, 6), -1).unwrap().is_empty());
    let today = build(&store, d(2026, 5, 6), 0).unwrap();
    assert_eq!(today.len(), 1);
    assert_eq!((today[0].due.date, today[0].due.days), (d(2026, 5, 6), 0));
    assert!(build(&store, d(2026, 5, 7), 0).unwrap().is_empty(), "missed (art. 26): no reminder");
}
