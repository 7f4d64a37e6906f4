//! Issue 17 §4: CSV formula injection. Every CSV the product writes (the roster export, the
//! reminder list, the SMS file, the report CSV) neutralises cells that start with = + - @, a tab
//! or CR by putting `'` in front (`domain::spreadsheet`), so Excel and WPS show them as text;
//! the roster import takes the `'` off again, so an export re-imports unchanged. (The report
//! CSV's cells are checked in `report::export`'s unit test; the writers are the four
//! `csv::Writer`s in crates/core.)

mod support;

use support::certdesk_ok as certdesk;

const ATTACKS: [&str; 6] = [
    "=cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://evil.example/\",\"点此续期\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
];

/// Every cell of a CSV file the product wrote: none may start a formula (plain numbers may
/// start with `-`).
fn assert_safe(path: &std::path::Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let mut rd = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut cells = 0;
    for r in rd.records() {
        for cell in r.unwrap().iter() {
            cells += 1;
            let number = cell.parse::<f64>().is_ok() && !cell.contains(char::is_whitespace);
            assert!(
                number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{}: a cell starts a formula: {cell:?}",
                path.display()
            );
        }
    }
    cells
}

#[test]
fn no_csv_the_product_writes_starts_a_formula_and_the_roster_round_trips() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("h");
    certdesk(&home, &["init"]);
    let today = support::today();
    let mut roster = certdesk::roster::generate(300, 21, today);
    for (i, (h, _)) in roster.iter_mut().enumerate() {
        h.employer = Some(ATTACKS[i % ATTACKS.len()].to_string());
    }
    // The roster export (the provincial format) is itself a CSV the product writes.
    let csv_in = tmp.path().join("roster.csv");
    certdesk::roster::write_csv(&roster, &csv_in).unwrap();
    assert!(assert_safe(&csv_in) > 300);
    certdesk(&home, &["import", csv_in.to_str().unwrap()]);
    // Read back as it was: the `'` the export put in front is not part of the employer's name.
    let store = certdesk::store::Store::open(home.join("certdesk.db")).unwrap();
    for (h, _) in roster.iter().take(ATTACKS.len()) {
        let stored = store.holders().get(&h.id_number).unwrap().unwrap();
        assert_eq!(stored.employer, h.employer, "round trip");
    }
    drop(store);

    let out = tmp.path().join("out");
    certdesk(&home, &["remind", "--days", "400", "--out", out.to_str().unwrap(), "--format", "csv,sms"]);
    let reminders = out.join("reminders.csv");
    assert!(assert_safe(&reminders) > 100);
    let text = std::fs::read_to_string(&reminders).unwrap();
    assert!(text.contains("'=cmd|' /C calc'!A0"), "the employer is shown as text, not dropped");
    assert_safe(&out.join("sms.csv"));

    let report = tmp.path().join("daily.csv");
    certdesk(
        &home,
        &["report", "daily", "--from", "2026-11-01", "--to", "2026-11-22", "--out", report.to_str().unwrap()],
    );
    assert_safe(&report);
}
