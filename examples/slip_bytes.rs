//! Byte counts of a certificate slip (native and raster QR, 58 and 80 mm), for
//! benches/slip_bytes.sh. With `--content FILE`, also writes the slip's printed lines (text,
//! alignment, bold, double size) and QR data as JSON, so another library can print the same
//! content. With `--dump DIR`, writes the four byte streams there.
//!
//! cargo run --release --example slip_bytes -- [--content FILE] [--dump DIR]

use certdesk::config::{Paper, QrMode};
use certdesk::domain::{CertKind, Certificate, Gender, LeadTimes, Standing};
use certdesk::slip::{self, Align};
use chrono::NaiveDate;

/// A payload the size the seal produces: prefix + ~110 bytes (fields, key id, Ed25519
/// signature) in QR alphanumeric encoding. Deterministic.
fn payload() -> String {
    const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let mut x: u32 = 0x2545_F491;
    let body: String = (0..165)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            ALNUM[(x % 45) as usize] as char
        })
        .collect();
    format!("CD1:{body}")
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    let cert = Certificate {
        number: "T11010519491231002X".into(),
        kind: CertKind::SpecialOperation,
        holder_id: "11010519491231002X".into(),
        name: "王秀英".into(),
        gender: Gender::Female,
        category: Some("电工作业".into()),
        item: Some("低压电工作业".into()),
        industry: None,
        first_issued: d(2023, 3, 1),
        valid_from: d(2023, 3, 1),
        valid_until: d(2029, 2, 28),
        review_due: Some(d(2026, 3, 1)),
        reviewed_on: None,
        issuer: "示范市应急管理局".into(),
        standing: Standing::Active,
        seal_handle: [1, 2, 3, 4, 5, 6, 7, 8],
    };
    let today = d(2026, 1, 5);
    let qr = payload();
    let slip = slip::certificate_slip(
        &cert,
        cert.status(today, &LeadTimes::default()),
        &qr,
        20260105001,
        today.and_hms_opt(14, 3, 9).unwrap(),
        "示范市应急管理局",
        "0000-12345678",
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
    if let Some(path) = arg("--content") {
        // The 58 mm layout's lines, as printed (parsed back from our own bytes).
        let p = slip::parse_escpos(&slip::to_escpos(&slip, Paper::Mm58, QrMode::Native))
            .expect("our bytes parse");
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
        let qr_after = p
            .lines
            .iter()
            .position(|l| l.text.starts_with("打印时状态"))
            .map(|i| i + 2)
            .unwrap_or(lines.len());
        let doc = serde_json::json!({ "lines": lines, "qr": qr, "qr_after_line": qr_after });
        std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    }
}
