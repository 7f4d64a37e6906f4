//! The desk's A4 tests' shared start (tests/desk_a4.rs, tests/desk_a4_kit.rs): a case on the
//! case screen, through the real key path (the test kit's counter steps).

use certdesk_testkit::{self as testkit, Driver, STAFF};

/// Tick `code` on the checklist with `key` (1 present, 2 missing, …).
pub fn tick(rt: &mut Driver, code: &str, key: char) {
    rt.tick(code, key);
}

/// A 特种作业操作证申领 case with its education proof missing, noticed (行政许可法 第三十二条),
/// on the case screen, by the staff member the kit signs in.
pub fn noticed_case(rt: &mut Driver) {
    testkit::desk_login(rt, STAFF);
    rt.noticed_case();
}
