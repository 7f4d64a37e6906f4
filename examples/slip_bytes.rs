//! Byte counts of a certificate slip (native and raster QR, 58 and 80 mm), for
//! benches/slip_bytes.sh. With `--content FILE`, also writes the slip's printed lines (text,
//! alignment, bold, double size) and QR data as JSON, so another library can print the same
//! content. With `--dump DIR`, writes the four byte streams there.
//!
//! cargo run --release --example slip_bytes -- [--content FILE] [--dump DIR]

use certdesk::config::{Paper, QrMode};
use certdesk::domain::{CertKind, LeadTimes};
use certdesk::slip::{self, Align};
use chrono::NaiveDate;

/// The typical payload of docs/qr-format.md §10-11 (worked example without its URL prefix:
/// "CD1:" + Base45 of a 35-byte body and a 64-byte signature = 153 characters, version 8 at Q).
/// The signature is not valid without the prefix; only the size matters here.
const TYPICAL: &str = "CD1:FB0JFGUJ1RYCKB0*M0DY0N01VQD 48VB5GW4%6HVL9BA0I3V3 S7QKN/G9K6VS5U+DZ3P2A5MDNL35PI5DG646A%69-V36CL3/TR0V2+RC*B5BJP29F8TFJDRYSVEGUWE0Z241M$DJQWSZJ5*BN50";

/// The largest payload `seal()` produces: 221 characters (version 10 at ECC Q).
fn longest() -> String {
    format!("HTTPS://ZWFW.EXAMPLE.GOV.CN/V/{}", &TYPICAL.repeat(2)[..191])
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned());
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    let mut cert = certdesk_testkit::sample_cert(
        "T11010519491231002X",
        CertKind::SpecialOperation,
        d(2029, 2, 28),
        Some(d(2026, 3, 1)),
    );
    cert.first_issued = d(2023, 3, 1);
    cert.valid_from = d(2023, 3, 1);
    cert.seal_handle = [1, 2, 3, 4, 5, 6, 7, 8];
    let today = d(2026, 1, 5);
    let qr = TYPICAL.to_string();
    let slip = slip::certificate_slip(
        &cert,
        cert.status(today, &LeadTimes::default()),
        &qr,
        20260105001,
        today.and_hms_opt(14, 3, 9).unwrap(),
        "示范市应急管理局",
        "0000-12345678",
        &certdesk::domain::workdays::Calendar::builtin(),
    );
    let code = slip::escpos::qr_symbol(&qr).expect("payload fits a QR");
    let version = match code.version() {
        qrcode::Version::Normal(v) => v,
        qrcode::Version::Micro(v) => -v,
    };
    println!("qr_data_chars {} qr_version {} ecc Q", qr.len(), version);
    for (pname, paper) in [("58mm", Paper::Mm58), ("80mm", Paper::Mm80)] {
        for (mname, mode) in [("native", QrMode::Native), ("raster", QrMode::Raster)] {
            let bytes = slip::to_escpos(&slip, paper, mode);
            println!("ours_{mname}_{pname} {}", bytes.len());
            if let Some(dir) = arg("--dump") {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(format!("{dir}/slip_{mname}_{pname}.bin"), &bytes).unwrap();
            }
        }
    }
    // The QR commands alone: a slip with only the QR, minus an empty slip (init + FS & + cut).
    let only = |data: &str, mode| {
        let mut s = slip::Slip::new();
        s.qr(data);
        slip::to_escpos(&s, Paper::Mm58, mode).len() - slip::to_escpos(&slip::Slip::new(), Paper::Mm58, mode).len()
    };
    println!("ours_native_qr_only {}", only(&qr, QrMode::Native));
    println!("ours_raster_qr_only_58mm {}", only(&qr, QrMode::Raster));
    // Worst case for transmission time: the longest payload on the same slip.
    let long = longest();
    let slip_long = slip::certificate_slip(
        &cert,
        cert.status(today, &LeadTimes::default()),
        &long,
        20260105001,
        today.and_hms_opt(14, 3, 9).unwrap(),
        "示范市应急管理局",
        "0000-12345678",
        &certdesk::domain::workdays::Calendar::builtin(),
    );
    println!("ours_native_58mm_longest_qr {}", slip::to_escpos(&slip_long, Paper::Mm58, QrMode::Native).len());
    if let Some(path) = arg("--content") {
        // The 58 mm layout's lines, as printed (parsed back from our own bytes).
        let p = slip::parse_escpos(&slip::to_escpos(&slip, Paper::Mm58, QrMode::Native)).expect("our bytes parse");
        let lines: Vec<serde_json::Value> = p
            .lines
            .iter()
            .map(|l| {
                serde_json::json!({
                    "text": l.text,
                    "align": match l.align { Align::Left => "left", Align::Center => "center", Align::Right => "right" },
                    "bold": l.bold,
                    "double": l.width_mult == 2,
                })
            })
            .collect();
        // Where the QR goes: after the line holding the rule that precedes it.
        let qr_after =
            p.lines.iter().position(|l| l.text.starts_with("打印时状态")).map(|i| i + 2).unwrap_or(lines.len());
        let doc = serde_json::json!({ "lines": lines, "qr": qr, "qr_after_line": qr_after });
        std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    }
}
