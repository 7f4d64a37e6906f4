//! A strict reader for the ESC/POS we emit, for tests and previews.
//!
//! It knows ESC @, ESC a, ESC E, ESC d, ESC !, GS !, GS V, GS ( k (QR and other 2-D codes),
//! GS v 0, FS &, FS ., DLE EOT, LF and CR. Text must be printable ASCII or, in Chinese mode
//! (FS &), GBK double-byte pairs; a four-byte GB18030 sequence, a stray control byte or an
//! unknown command is an error naming its offset. It never panics, whatever the input.

use super::Align;
use encoding_rs::GB18030;

/// A printed text line with the style it was printed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedLine {
    /// The line's text, decoded.
    pub text: String,
    /// Its alignment (ESC a).
    pub align: Align,
    /// Emphasised (ESC E).
    pub bold: bool,
    /// Width and height multipliers (1..=8).
    pub width_mult: u8,
    /// Height multiplier (1..=8).
    pub height_mult: u8,
}

/// One GS v 0 raster command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RasterBand {
    /// Where the command starts in the data.
    pub offset: usize,
    /// Width in dots (bytes per row × 8).
    pub width_dots: usize,
    /// Height in dots (rows).
    pub height: usize,
    /// The m parameter (0 normal, 1 double width, 2 double height, 3 both).
    pub mode: u8,
}

/// What a stream of ESC/POS bytes prints, as read by [`parse_escpos`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    /// The text lines, in order.
    pub lines: Vec<ParsedLine>,
    /// Data of every native QR printed (GS ( k store, then print).
    pub qr: Vec<String>,
    /// QR module size (GS ( k 49 67) and ECC level byte (48 L .. 51 H) last set.
    pub qr_module: Option<u8>,
    /// The QR ECC level byte (48 L .. 51 H) last set.
    pub qr_ecc: Option<u8>,
    /// The QR model byte (GS ( k 49 65) last set.
    pub qr_model: Option<u8>,
    /// Every raster image band (GS v 0), in order.
    pub rasters: Vec<RasterBand>,
    /// Whether the printer was initialised (ESC @).
    pub initialized: bool,
    /// Whether Chinese mode (FS &) is on at the end.
    pub chinese_mode: bool,
    /// How many cuts (GS V).
    pub cuts: usize,
}

impl Parsed {
    /// All text lines joined with newlines.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            s.push_str(&l.text);
            s.push('\n');
        }
        s
    }
}

/// Why ESC/POS bytes are not what certdesk emits; each names the offset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// A command the reader does not know.
    #[error("unknown command {bytes:02X?} at offset {offset}")]
    Unknown {
        /// Where it starts.
        offset: usize,
        /// Its first bytes.
        bytes: Vec<u8>,
    },
    /// The data ends inside a command.
    #[error("command at offset {offset} is cut off by the end of the data")]
    Truncated {
        /// Where the command starts.
        offset: usize,
    },
    /// A parameter out of the command's range.
    #[error("bad parameter {value} for command at offset {offset}")]
    BadParam {
        /// Where the command starts.
        offset: usize,
        /// The parameter.
        value: u8,
    },
    /// A four-byte GB18030 sequence, which printers cannot print.
    #[error("four-byte GB18030 sequence at offset {offset}: printers cannot print it")]
    FourByte {
        /// Where it starts.
        offset: usize,
    },
    /// Double-byte text that is not valid GBK.
    #[error("invalid double-byte text at offset {offset}")]
    BadText {
        /// Where it starts.
        offset: usize,
    },
    /// Double-byte text before Chinese mode was selected (FS &).
    #[error("double-byte text at offset {offset} outside Chinese mode (FS &)")]
    NotChineseMode {
        /// Where it starts.
        offset: usize,
    },
    /// A QR print with no QR data stored before it.
    #[error("QR print at offset {offset} without stored data")]
    QrWithoutData {
        /// Where the print command starts.
        offset: usize,
    },
}

struct State {
    align: Align,
    bold: bool,
    w: u8,
    h: u8,
    buf: Vec<u8>,
}

impl State {
    fn flush(&mut self, out: &mut Parsed) {
        let (text, _) = GB18030.decode_without_bom_handling(&self.buf);
        out.lines.push(ParsedLine {
            text: text.into_owned(),
            align: self.align,
            bold: self.bold,
            width_mult: self.w,
            height_mult: self.h,
        });
        self.buf.clear();
    }
}

/// Walk the byte stream; see the module docs.
pub fn parse_escpos(bytes: &[u8]) -> Result<Parsed, ParseError> {
    let mut out = Parsed::default();
    let mut st = State { align: Align::Left, bold: false, w: 1, h: 1, buf: Vec::new() };
    let mut qr_pending: Option<Vec<u8>> = None;
    let mut i = 0usize;
    let need = |i: usize, n: usize| -> Result<&[u8], ParseError> {
        bytes
            .get(i..i.checked_add(n).ok_or(ParseError::Truncated { offset: i })?)
            .ok_or(ParseError::Truncated { offset: i })
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            0x0A => {
                st.flush(&mut out);
                i += 1;
            }
            0x0D => i += 1,
            0x1B => {
                let c = need(i, 2)?[1];
                match c {
                    b'@' => {
                        out.initialized = true;
                        st.align = Align::Left;
                        st.bold = false;
                        st.w = 1;
                        st.h = 1;
                        st.buf.clear();
                        out.chinese_mode = false;
                        i += 2;
                    }
                    b'a' => {
                        let n = need(i, 3)?[2];
                        st.align = match n {
                            0 | 48 => Align::Left,
                            1 | 49 => Align::Center,
                            2 | 50 => Align::Right,
                            v => return Err(ParseError::BadParam { offset: i, value: v }),
                        };
                        i += 3;
                    }
                    b'E' => {
                        st.bold = need(i, 3)?[2] & 1 == 1;
                        i += 3;
                    }
                    b'!' => {
                        let n = need(i, 3)?[2];
                        st.bold = n & 0x08 != 0;
                        st.h = if n & 0x10 != 0 { 2 } else { 1 };
                        st.w = if n & 0x20 != 0 { 2 } else { 1 };
                        i += 3;
                    }
                    b'd' => {
                        let n = need(i, 3)?[2];
                        if !st.buf.is_empty() {
                            st.flush(&mut out);
                        }
                        let _ = n;
                        i += 3;
                    }
                    _ => return Err(ParseError::Unknown { offset: i, bytes: vec![b, c] }),
                }
            }
            0x1D => {
                let c = need(i, 2)?[1];
                match c {
                    b'!' => {
                        let n = need(i, 3)?[2];
                        st.w = (n >> 4) + 1;
                        st.h = (n & 0x0F) + 1;
                        if st.w > 8 || st.h > 8 {
                            return Err(ParseError::BadParam { offset: i, value: n });
                        }
                        i += 3;
                    }
                    b'V' => {
                        let m = need(i, 3)?[2];
                        match m {
                            0 | 1 | 48 | 49 => i += 3,
                            65 | 66 => {
                                need(i, 4)?;
                                i += 4;
                            }
                            v => return Err(ParseError::BadParam { offset: i, value: v }),
                        }
                        if !st.buf.is_empty() {
                            st.flush(&mut out);
                        }
                        out.cuts += 1;
                    }
                    b'(' => {
                        let h = need(i, 5)?;
                        if h[2] != b'k' {
                            return Err(ParseError::Unknown { offset: i, bytes: h[..3].to_vec() });
                        }
                        let len = h[3] as usize | (h[4] as usize) << 8;
                        if len < 2 {
                            return Err(ParseError::BadParam { offset: i, value: h[3] });
                        }
                        let body = need(i + 5, len)?;
                        let (cn, f) = (body[0], body[1]);
                        if cn == 49 {
                            match f {
                                65 => out.qr_model = body.get(2).copied(),
                                67 => out.qr_module = body.get(2).copied(),
                                69 => out.qr_ecc = body.get(2).copied(),
                                80 => {
                                    if body.len() < 3 {
                                        return Err(ParseError::Truncated { offset: i });
                                    }
                                    qr_pending = Some(body[3..].to_vec());
                                }
                                81 => {
                                    let d = qr_pending.as_ref().ok_or(ParseError::QrWithoutData { offset: i })?;
                                    out.qr.push(String::from_utf8_lossy(d).into_owned());
                                }
                                v => return Err(ParseError::BadParam { offset: i, value: v }),
                            }
                        }
                        i += 5 + len;
                    }
                    b'v' => {
                        let h = need(i, 8)?;
                        if h[2] != b'0' {
                            return Err(ParseError::Unknown { offset: i, bytes: h[..3].to_vec() });
                        }
                        let mode = h[3];
                        if !matches!(mode, 0..=3 | 48..=51) {
                            return Err(ParseError::BadParam { offset: i, value: mode });
                        }
                        let wb = h[4] as usize | (h[5] as usize) << 8;
                        let ht = h[6] as usize | (h[7] as usize) << 8;
                        need(i + 8, wb * ht)?;
                        out.rasters.push(RasterBand { offset: i, width_dots: wb * 8, height: ht, mode });
                        i += 8 + wb * ht;
                    }
                    _ => return Err(ParseError::Unknown { offset: i, bytes: vec![b, c] }),
                }
            }
            0x1C => {
                let c = need(i, 2)?[1];
                match c {
                    b'&' => out.chinese_mode = true,
                    b'.' => out.chinese_mode = false,
                    _ => return Err(ParseError::Unknown { offset: i, bytes: vec![b, c] }),
                }
                i += 2;
            }
            0x10 => {
                let h = need(i, 3)?;
                if h[1] != 0x04 || !(1..=4).contains(&h[2]) {
                    return Err(ParseError::Unknown { offset: i, bytes: h.to_vec() });
                }
                i += 3;
            }
            0x20..=0x7E => {
                st.buf.push(b);
                i += 1;
            }
            0x81..=0xFE => {
                if !out.chinese_mode {
                    return Err(ParseError::NotChineseMode { offset: i });
                }
                let t = *bytes.get(i + 1).ok_or(ParseError::Truncated { offset: i })?;
                match t {
                    0x30..=0x39 => return Err(ParseError::FourByte { offset: i }),
                    0x40..=0x7E | 0x80..=0xFE => {
                        st.buf.extend_from_slice(&[b, t]);
                        i += 2;
                    }
                    _ => return Err(ParseError::BadText { offset: i }),
                }
            }
            _ => return Err(ParseError::Unknown { offset: i, bytes: vec![b] }),
        }
    }
    if !st.buf.is_empty() {
        st.flush(&mut out);
    }
    Ok(out)
}
