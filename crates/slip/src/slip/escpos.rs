//! ESC/POS rendering through the `escpos` crate, with an in-memory driver.
//!
//! The crate provides init, justify, bold, size, native QR and cut; text goes through its
//! GB18030 encoder (text is sanitised first, so every character is one byte of ASCII or a GBK
//! double-byte pair). What it lacks is sent with `Printer::custom`: FS & (Chinese mode), LF, and
//! GS v 0 raster bands for the QR fallback.

use super::{layout, Align, Line, Slip, Style};
use crate::config::{Paper, QrMode};
use escpos::driver::Driver;
use escpos::printer::Printer;
use escpos::utils::{Encoder, JustifyMode, Protocol, QRCodeCorrectionLevel, QRCodeModel, QRCodeOption};
use qrcode::{Color, EcLevel, QrCode};
use std::cell::RefCell;
use std::rc::Rc;

/// FS & — select Kanji/Chinese character mode (double-byte GB18030/GBK text).
pub const FS_CHINESE_ON: &[u8] = &[0x1C, b'&'];
/// Rows per GS v 0 band: small enough for printers with small receive buffers.
pub const RASTER_BAND_ROWS: usize = 24;
/// Largest module size we use, in dots (8 dots ≈ 1 mm at 203 dpi).
pub const MAX_MODULE_DOTS: u32 = 8;

/// A `Driver` that appends everything to a shared buffer.
#[derive(Clone, Default)]
pub struct MemDriver(Rc<RefCell<Vec<u8>>>);

impl MemDriver {
    /// Everything written so far.
    pub fn bytes(&self) -> Vec<u8> {
        self.0.borrow().clone()
    }
}

impl Driver for MemDriver {
    fn name(&self) -> String {
        "memory".into()
    }
    fn write(&self, data: &[u8]) -> escpos::errors::Result<()> {
        self.0.borrow_mut().extend_from_slice(data);
        Ok(())
    }
    fn read(&self, _buf: &mut [u8]) -> escpos::errors::Result<usize> {
        Ok(0)
    }
    fn flush(&self) -> escpos::errors::Result<()> {
        Ok(())
    }
}

/// Largest module size for the raster fallback: 4 dots = 0.5 mm, comfortably scannable by
/// phones, and it keeps a version-8 code near 5 KB (about 5 s on a 9600-baud serial line; at the
/// native size it would be twice that).
pub const MAX_RASTER_MODULE_DOTS: u32 = 4;

/// Module size (dots) so that the symbol plus a 4-module quiet zone on each side fits `paper`.
pub fn module_dots(modules: usize, paper: Paper) -> u32 {
    (paper.dots() / (modules as u32 + 8)).clamp(1, MAX_MODULE_DOTS)
}

/// Module size (dots) of the raster fallback: fits `paper`, at most [`MAX_RASTER_MODULE_DOTS`].
pub fn raster_module_dots(modules: usize, paper: Paper) -> u32 {
    module_dots(modules, paper).min(MAX_RASTER_MODULE_DOTS)
}

/// The QR symbol we print for `data`: Model 2, ECC level Q, smallest version that holds it.
pub fn qr_symbol(data: &str) -> Option<QrCode> {
    QrCode::with_error_correction_level(data.as_bytes(), EcLevel::Q).ok()
}

/// Render a slip to ESC/POS bytes for `paper`, with the QR native or as raster bands.
pub fn to_escpos(slip: &Slip, paper: Paper, qr: QrMode) -> Vec<u8> {
    // Every step below only fails on invalid input to the crate (sizes out of range, text the
    // encoder cannot map); layout guarantees neither happens, so a failure is a bug.
    render(slip, paper, qr).expect("ESC/POS rendering of a laid-out slip")
}

fn render(slip: &Slip, paper: Paper, qr: QrMode) -> escpos::errors::Result<Vec<u8>> {
    let driver = MemDriver::default();
    let protocol = Protocol::new(Encoder::new(encoding_rs::GB18030));
    let mut p = Printer::new(driver.clone(), protocol, None);
    p.init()?.custom(FS_CHINESE_ON)?;
    // Printer state after ESC @: left, not bold, normal size. Only send changes.
    let mut cur = Style::NORMAL;
    let set_align = |p: &mut Printer<MemDriver>, cur: &mut Style, a: Align| {
        if cur.align != a {
            p.justify(match a {
                Align::Left => JustifyMode::LEFT,
                Align::Center => JustifyMode::CENTER,
                Align::Right => JustifyMode::RIGHT,
            })?;
            cur.align = a;
        }
        Ok::<(), escpos::errors::PrinterError>(())
    };
    for line in layout(slip, paper) {
        match line {
            Line::Text { text, style } => {
                set_align(&mut p, &mut cur, style.align)?;
                if cur.bold != style.bold {
                    p.bold(style.bold)?;
                }
                if cur.double != style.double {
                    if style.double {
                        p.size(2, 2)?;
                    } else {
                        p.reset_size()?;
                    }
                }
                cur = style;
                if !text.is_empty() {
                    p.write(&text)?;
                }
                p.custom(b"\n")?;
            }
            Line::Qr(data) => {
                set_align(&mut p, &mut cur, Align::Center)?;
                match (qr_symbol(&data), qr) {
                    (Some(code), QrMode::Native) => {
                        let n = module_dots(code.width(), paper).min(15) as u8;
                        let opt = QRCodeOption::new(QRCodeModel::Model2, n, QRCodeCorrectionLevel::Q);
                        p.qrcode_option(&data, opt)?;
                    }
                    (Some(code), QrMode::Raster) => {
                        for band in raster_bands(&code, paper) {
                            p.custom(&band)?;
                        }
                    }
                    (None, _) => {
                        // Too long for any QR version: say so visibly rather than print garbage.
                        p.write("〓二维码数据过长〓")?.custom(b"\n")?;
                    }
                }
            }
            Line::Feed(n) => {
                if n > 0 {
                    p.feeds(n)?;
                }
            }
            Line::Cut => {
                // GS V 65 0: feed to the cutter and cut (escpos `cut`).
                p.cut()?;
            }
        }
    }
    p.print()?;
    Ok(driver.bytes())
}

/// The QR as a bitmap scaled to fit `paper`, split into GS v 0 commands of at most
/// [`RASTER_BAND_ROWS`] rows each. No quiet zone in the bitmap: the slip puts blank lines above
/// and below, and centering leaves white on both sides.
pub fn raster_bands(code: &QrCode, paper: Paper) -> Vec<Vec<u8>> {
    let m = code.width();
    let scale = raster_module_dots(m, paper) as usize;
    let colors = code.to_colors();
    let wdots = m * scale;
    let wbytes = wdots.div_ceil(8);
    let rows: Vec<Vec<u8>> = (0..m * scale)
        .map(|y| {
            let mut row = vec![0u8; wbytes];
            let my = y / scale;
            for x in 0..wdots {
                if colors[my * m + x / scale] == Color::Dark {
                    row[x / 8] |= 0x80 >> (x % 8);
                }
            }
            row
        })
        .collect();
    rows.chunks(RASTER_BAND_ROWS)
        .map(|band| {
            let h = band.len();
            let mut cmd =
                vec![0x1D, b'v', b'0', 0, (wbytes & 0xFF) as u8, (wbytes >> 8) as u8, (h & 0xFF) as u8, (h >> 8) as u8];
            for r in band {
                cmd.extend_from_slice(r);
            }
            cmd
        })
        .collect()
}
