//! Cells the product writes into CSV files that people open in Excel or WPS (issue 17 §4).
//!
//! A spreadsheet treats a cell that starts with `=`, `+`, `-` or `@` as a formula, and a tab or
//! carriage return at the start can push a formula into view: an employer named
//! `=cmd|' /C calc'!A0` or `=HYPERLINK(...)` in a roster would run when a clerk opens the
//! reminder list. Every CSV writer passes its cells through [`safe_cell`], which prefixes such
//! a cell with `'` (OWASP's advice): the spreadsheet shows the text as typed, and the import
//! takes the prefix off again ([`unneutralised`]) so an exported roster re-imports unchanged.
//! (The XLSX writer stores strings as strings and needs none of this.)

use std::borrow::Cow;

/// The characters that start a formula, or hide one behind them.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell` as a spreadsheet must show it: with `'` in front when it starts with `= + - @`, a tab
/// or a carriage return; unchanged otherwise. A plain number (`-5` days overdue) is a number to
/// the spreadsheet, not a formula, and stays as it is.
pub fn safe_cell(cell: &str) -> SafeCell<'_> {
    let number =
        cell.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+') && cell.parse::<f64>().is_ok();
    if cell.starts_with(TRIGGERS) && !number {
        SafeCell(Cow::Owned(format!("'{cell}")))
    } else {
        SafeCell(Cow::Borrowed(cell))
    }
}

/// A cell made safe by [`safe_cell`], ready for `csv::Writer::write_record` (borrowed unless
/// it needed the prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeCell<'a>(Cow<'a, str>);

impl SafeCell<'_> {
    /// The cell's text, with the `'` prefix where it needed one.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl std::ops::Deref for SafeCell<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<[u8]> for SafeCell<'_> {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// A cell read back from a CSV the product (or a spreadsheet) wrote: the `'` that
/// [`safe_cell`] put before a formula character taken off, anything else unchanged.
pub fn unneutralised(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(TRIGGERS) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_come_back_unchanged() {
        for attack in [
            "=cmd|' /C calc'!A0",
            "=HYPERLINK(\"http://x\",\"点我\")",
            "+1+1",
            "-2+3",
            "-",
            "-1e3",
            "@SUM(A1)",
            "\t=1+1",
            "\r=1+1",
        ] {
            let safe = safe_cell(attack);
            assert_eq!(&*safe, format!("'{attack}"), "{attack:?}");
            assert_eq!(unneutralised(&safe), attack);
        }
        for plain in ["-5", "+3", "-2.5", "张三", "淄博市某化工有限公司", "13800138000", "", "'", "'abc", "a=b", " =1"]
        {
            assert_eq!(&*safe_cell(plain), plain);
            assert_eq!(unneutralised(plain), plain);
        }
    }
}
