//! `certdesk remind`: reminder lists grouped by employer as CSV and XLSX, and the SMS file
//! (issue 9 item 5; seeds 运城 2023 item 8, 围场 2023 item 4: remind about three months ahead).

mod support;

use support::certdesk_ok as certdesk;

use calamine::Reader;
use certdesk::domain::reminder::due_within;
use std::collections::BTreeSet;

#[test]
fn reminder_lists_match_the_domain_rule_grouped_by_employer() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("h");
    certdesk(&home, &["init"]);
    let today = support::today();
    let roster = certdesk::roster::generate(400, 21, today);
    let csv_in = tmp.path().join("roster.csv");
    certdesk::roster::write_csv(&roster, &csv_in).unwrap();
    certdesk(&home, &["import", csv_in.to_str().unwrap()]);
    let out = tmp.path().join("out");
    let o = certdesk(&home, &["remind", "--days", "90", "--out", out.to_str().unwrap(), "--format", "csv,sms,xlsx"]);
    let said = String::from_utf8_lossy(&o.stdout).to_string();

    // What the domain rule says, certificate by certificate, from the roster itself.
    let store = certdesk::store::Store::open(home.join("certdesk.db")).unwrap();
    let mut want = BTreeSet::new();
    for (h, _) in &roster {
        for c in store.holders().certificates_for(&h.id_number).unwrap() {
            if let Some(due) = due_within(&c, today, 90) {
                want.insert((c.name.clone(), c.masked_number(), due.date.to_string()));
            }
        }
    }
    assert!(want.len() > 10, "the roster should have some due certificates: {}", want.len());
    assert!(said.contains(&format!("证件 {} 张", want.len())), "{said}");

    // CSV: BOM, header, one row per due certificate, grouped (sorted) by employer then date.
    let text = std::fs::read_to_string(out.join("reminders.csv")).unwrap();
    assert!(text.starts_with('\u{feff}'));
    let mut rd = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    let got: BTreeSet<_> = rows.iter().map(|r| (r[2].to_string(), r[5].to_string(), r[8].to_string())).collect();
    assert_eq!(got, want);
    let keys: Vec<(String, String, String)> =
        rows.iter().map(|r| (r[0].to_string(), r[1].to_string(), r[8].to_string())).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "grouped by employer and credit code, then by date");
    for r in &rows {
        let days: i64 = r[9].parse().unwrap();
        assert!((0..=90).contains(&days));
    }
    // phones of holders with one are listed
    assert!(rows.iter().filter(|r| !r[3].is_empty()).count() > rows.len() / 2);

    // XLSX: the same certificates, with a bold line per employer.
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("reminders.xlsx")).unwrap();
    let sheet = wb.worksheet_range("到期提醒").unwrap();
    let data_rows = sheet.rows().skip(2).filter(|r| r.len() > 5 && !r[5].to_string().is_empty()).count();
    assert_eq!(data_rows, want.len());
    let employers: BTreeSet<_> = rows.iter().map(|r| (r[0].to_string(), r[1].to_string())).collect();
    let counts = wb.worksheet_range("按单位统计").unwrap();
    assert_eq!(counts.rows().count() - 1, employers.len());

    // SMS: a valid mobile, the dates and the materials, per certificate with a phone.
    let sms = std::fs::read_to_string(out.join("sms.csv")).unwrap();
    let mut rd = csv::Reader::from_reader(sms.trim_start_matches('\u{feff}').as_bytes());
    let msgs: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert!(!msgs.is_empty());
    for m in &msgs {
        assert!(m[0].len() == 11 && m[0].starts_with('1') && m[0].chars().all(|c| c.is_ascii_digit()), "{m:?}");
        assert!(m[1].starts_with("【示范市应急管理局】") && m[1].contains("请携带：") && m[1].contains('年'), "{m:?}");
    }

    // No raw ID number in any file written.
    let cells: String = sheet.rows().flat_map(|r| r.iter().map(|c| c.to_string() + "\t")).collect();
    let all = [text, sms, cells];
    for (h, _) in &roster {
        for f in &all {
            assert!(!f.contains(&h.id_number), "raw ID number in a reminder file");
        }
    }

    // bad input: a negative or absurd window is refused
    let o = support::bin().arg("--home").arg(&home).args(["remind", "--days", "-5"]).output().unwrap();
    assert!(!o.status.success());
}
