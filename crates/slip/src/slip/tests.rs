use super::*;
use crate::config::{Paper, QrMode};
use crate::domain::cert::sample_special;
use crate::domain::{Certificate, Gender, LeadTimes, Standing};
use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;

const QR: &str = "CD1:0ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789$%*+-./:ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ01234567";

fn at() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 1, 5).unwrap().and_hms_opt(14, 3, 9).unwrap()
}

fn principal() -> Certificate {
    Certificate {
        id: crate::domain::CertId::NEW,
        number: "AQ20230001".into(),
        kind: CertKind::Principal,
        holder_id: "440524188001010014".into(),
        name: "欧阳建国".into(),
        gender: Gender::Male,
        category: None,
        item: None,
        industry: Some("危险化学品经营单位（带储存设施的经营单位及其他特殊情况）".into()),
        first_issued: NaiveDate::from_ymd_opt(2024, 5, 6).unwrap(),
        valid_from: NaiveDate::from_ymd_opt(2024, 5, 6).unwrap(),
        valid_until: NaiveDate::from_ymd_opt(2027, 5, 5).unwrap(),
        review_due: None,
        reviewed_on: None,
        issuer: "示范市应急管理局".into(),
        standing: Standing::Active,
        extended_review: false,
        seal_handle: [9; 8],
    }
}

fn slip_for(c: &Certificate) -> Slip {
    let status = c.status(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(), &LeadTimes::default());
    certificate_slip(c, status, QR, 12345, at(), "示范市应急管理局", "0000-12345678", &Calendar::builtin())
}

fn contains_bytes(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn special_slip_round_trips_through_escpos() {
    let c = sample_special();
    let slip = slip_for(&c);
    for paper in [Paper::Mm58, Paper::Mm80] {
        let bytes = to_escpos(&slip, paper, QrMode::Native);
        assert_eq!(&bytes[..4], &[0x1B, b'@', 0x1C, b'&'], "ESC @ then FS &");
        let p = parse_escpos(&bytes).unwrap();
        assert!(p.initialized && p.chinese_mode);
        let t = p.text();
        for want in [
            "示范市应急管理局",
            "特种作业操作证信息凭条",
            "本凭条不作为证件使用",
            "姓名：王秀英",
            "性别：女",
            "身份证号：110105********002X",
            "证号：T110105********002X",
            "作业类别：电工作业",
            "操作项目：低压电工作业",
            "初领日期：2023-03-01",
            "2023-03-01 至 2029-02-28",
            "应复审日期：2026-03-01",
            "签发机关：某市应急管理局",
            "打印时状态：有效，应于2026年3月1日（含）前复审",
            // SPEC §2: Chinese dates; 2026-03-01 is a Sunday and 2026-02-28 a make-up working
            // Saturday (国务院办公厅 notice of 2025-11-04)
            "下一步：复审：2026年3月1日（含）前（非工作日，最后工作日为2026年2月28日），可于2025年12月31日起申请",
            "扫码核验真伪",
            "请到发证机关核验终端扫码核验",
            "打印流水号：00012345",
            "打印时间：2026-01-05 14:03:09",
            "0000-12345678",
        ] {
            // wrapped lines are joined: a long value continues on an indented line
            assert!(flat(&t).contains(&flat(want)), "{paper:?}: missing {want:?} in\n{t}");
        }
        assert!(!t.contains("人员类型"));
        assert!(!t.contains("实际复审日期"), "no review recorded");
        assert_eq!(p.qr, vec![QR.to_string()]);
        assert_eq!(p.qr_model, Some(50), "Model 2");
        assert_eq!(p.qr_ecc, Some(50), "ECC level Q");
        let code = escpos::qr_symbol(QR).unwrap();
        let n = p.qr_module.unwrap() as usize;
        assert!((code.width() + 8) * n <= paper.dots() as usize);
        assert!(n >= 2, "module size {n} too small to scan");
        assert_eq!(p.cuts, 1);
        // Bureau name: centered, bold, double size.
        let head = &p.lines[0];
        assert_eq!(head.text, "示范市应急管理局");
        assert!(head.bold && head.width_mult == 2 && head.align == Align::Center);
        // The text preview has the same lines.
        let preview = to_text(&slip, paper);
        assert!(preview.contains("姓名：王秀英"));
        assert!(preview.contains(QR.get(..20).unwrap()));
    }
}

#[test]
fn principal_slip_has_person_type_and_industry() {
    let c = principal();
    let slip = slip_for(&c);
    let p = parse_escpos(&to_escpos(&slip, Paper::Mm58, QrMode::Native)).unwrap();
    let t = p.text();
    assert!(flat(&t).contains("安全生产知识和管理能力考核合格证（主要负责人）信息凭条"), "{t}");
    assert!(t.contains("本凭条不作为证件使用"));
    assert!(flat(&t).contains("下一步：申请延期：2027年4月5日（含）前"), "{t}");
    assert!(flat(&t).contains("（有效期至2027年5月5日）"), "{t}");
    assert!(t.contains("人员类型：主要负责人"));
    assert!(t.contains("行业类别：危险化学品经营单位"), "{t}");
    assert!(t.contains("证号：AQ20230001"));
    assert!(!t.contains("应复审日期"));
    assert!(!t.contains("作业类别"));
}

#[test]
fn raw_id_never_in_bytes_or_preview() {
    for c in [sample_special(), principal()] {
        let slip = slip_for(&c);
        for paper in [Paper::Mm58, Paper::Mm80] {
            let preview = to_text(&slip, paper);
            assert!(!preview.contains(&c.holder_id));
            // Also not split across a wrap.
            assert!(!preview.replace(['\n', ' '], "").contains(&c.holder_id));
            for mode in [QrMode::Native, QrMode::Raster] {
                let bytes = to_escpos(&slip, paper, mode);
                assert!(!contains_bytes(&bytes, c.holder_id.as_bytes()));
                assert!(!contains_bytes(&bytes, &c.holder_id.as_bytes()[6..14]), "birth date");
            }
        }
    }
}

fn check_widths(slip: &Slip, paper: Paper) {
    let bytes = to_escpos(slip, paper, QrMode::Native);
    let p = parse_escpos(&bytes).unwrap();
    for l in &p.lines {
        let cols = paper.columns() / l.width_mult as usize;
        assert!(text::width(&l.text) <= cols, "{paper:?}: {:?} is {} > {cols}", l.text, text::width(&l.text));
        assert!(unicode_width::UnicodeWidthStr::width(l.text.as_str()) <= cols, "{:?}", l.text);
        assert!(!l.text.contains('\u{FFFD}'), "split character in {:?}", l.text);
    }
    for l in to_text(slip, paper).lines() {
        assert!(text::width(l) <= paper.columns(), "preview {l:?}");
    }
}

#[test]
fn lines_fit_58_and_80_and_long_values_wrap() {
    let mut c = principal();
    c.issuer = "示范省示范市示范区应急管理局（安全生产监督管理局）行政审批科".into();
    c.name = "阿卜杜热合曼·买买提依明·艾力".into();
    for paper in [Paper::Mm58, Paper::Mm80] {
        let slip = slip_for(&c);
        check_widths(&slip, paper);
        let t = parse_escpos(&to_escpos(&slip, paper, QrMode::Native)).unwrap().text();
        let joined: String = t.split_whitespace().collect();
        assert!(joined.contains("签发机关：示范省示范市示范区应急管理局（安全生产监督管理局）行政审批科"));
    }
    // Long bureau name in double size wraps at half the columns.
    let mut s = Slip::new();
    s.text("示范省示范市示范区应急管理局直属行政服务中心", Style::center().bold().double());
    s.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ ".repeat(4), Style::NORMAL);
    check_widths(&s, Paper::Mm58);
    let p = parse_escpos(&to_escpos(&s, Paper::Mm58, QrMode::Native)).unwrap();
    assert!(p.lines.iter().filter(|l| l.width_mult == 2).count() >= 2);
}

#[test]
fn raster_mode_sends_bands_that_fit() {
    let slip = slip_for(&sample_special());
    for paper in [Paper::Mm58, Paper::Mm80] {
        let bytes = to_escpos(&slip, paper, QrMode::Raster);
        let p = parse_escpos(&bytes).unwrap();
        assert!(p.qr.is_empty());
        assert!(p.rasters.len() >= 2, "banded");
        let code = escpos::qr_symbol(QR).unwrap();
        let scale = escpos::raster_module_dots(code.width(), paper) as usize;
        assert!(scale >= 3, "raster module {scale} too small to scan");
        let total: usize = p.rasters.iter().map(|r| r.height).sum();
        assert_eq!(total, code.width() * scale);
        for r in &p.rasters {
            assert!(r.width_dots <= paper.dots() as usize);
            assert!(r.height <= escpos::RASTER_BAND_ROWS);
            assert_eq!(r.width_dots, (code.width() * scale).div_ceil(8) * 8);
        }
        assert!(p.text().contains("姓名：王秀英"));
    }
}

#[test]
fn raster_bitmap_matches_the_symbol() {
    let code = escpos::qr_symbol("HELLO").unwrap();
    let bands = escpos::raster_bands(&code, Paper::Mm58);
    let m = code.width();
    let scale = escpos::raster_module_dots(m, Paper::Mm58) as usize;
    let wb = (m * scale).div_ceil(8);
    let mut rows = Vec::new();
    for b in &bands {
        let h = b[6] as usize | (b[7] as usize) << 8;
        for r in 0..h {
            rows.push(b[8 + r * wb..8 + (r + 1) * wb].to_vec());
        }
    }
    let colors = code.to_colors();
    for y in 0..m {
        for x in 0..m {
            let (py, px) = (y * scale + scale / 2, x * scale + scale / 2);
            let bit = rows[py][px / 8] & (0x80 >> (px % 8)) != 0;
            assert_eq!(bit, colors[y * m + x] == qrcode::Color::Dark, "({x},{y})");
        }
    }
}

#[test]
fn unprintable_chars_become_placeholder() {
    for bad in ["王𠀀英", "王😀英", "王\u{1b}英", "王\u{7}英"] {
        let mut c = sample_special();
        c.name = bad.into();
        let slip = slip_for(&c);
        let bytes = to_escpos(&slip, Paper::Mm58, QrMode::Native);
        let p = parse_escpos(&bytes).expect("no four-byte sequence or control byte in the stream");
        assert!(p.text().contains("姓名：王〓英"), "{bad:?}");
        assert!(to_text(&slip, Paper::Mm58).contains("姓名：王〓英"));
        assert!(!contains_bytes(&bytes, &[0x95, 0x32, 0x82, 0x36]), "𠀀 as GB18030");
    }
}

#[test]
fn parser_rejects_what_it_does_not_know() {
    assert!(matches!(parse_escpos(&[0x1B, b'@', 0x1B, b'Z']), Err(ParseError::Unknown { offset: 2, .. })));
    assert!(matches!(
        parse_escpos(&[0x1B, b'@', 0x1C, b'&', 0x95, 0x32, 0x82, 0x36]),
        Err(ParseError::FourByte { offset: 4 })
    ));
    assert!(matches!(parse_escpos(&[0xD6, 0xD0]), Err(ParseError::NotChineseMode { offset: 0 })));
    assert!(matches!(parse_escpos(&[0x1D, b'v', b'0', 0, 10, 0, 10, 0, 1, 2]), Err(ParseError::Truncated { .. })));
    assert!(matches!(parse_escpos(&[0x1D, b'(', b'k', 3, 0, 49, 81, 48]), Err(ParseError::QrWithoutData { .. })));
    assert!(parse_escpos(&[0x1B]).is_err());
    assert!(parse_escpos(&[0x00]).is_err());
}

#[test]
fn preview_shows_qr_data() {
    let slip = slip_for(&sample_special());
    let t = to_text(&slip, Paper::Mm58);
    let start = t.find("[QR]\n").unwrap() + 5;
    let end = t.find("[/QR]").unwrap();
    assert_eq!(t[start..end].replace('\n', ""), QR);
}

proptest! {
    #[test]
    fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_escpos(&bytes);
    }

    #[test]
    fn parse_never_panics_on_mutated_slips(pos in 0usize..4000, val in any::<u8>(), cut in 0usize..4000) {
        let mut b = to_escpos(&slip_for(&sample_special()), Paper::Mm58, QrMode::Native);
        let n = b.len();
        b[pos % n] = val;
        b.truncate(cut % (n + 1));
        let _ = parse_escpos(&b);
    }

    #[test]
    fn any_name_fits_and_round_trips(name in "\\PC{0,40}", cols80 in any::<bool>()) {
        let paper = if cols80 { Paper::Mm80 } else { Paper::Mm58 };
        let mut c = sample_special();
        c.name = name.clone();
        let slip = slip_for(&c);
        check_widths(&slip, paper);
        let p = parse_escpos(&to_escpos(&slip, paper, QrMode::Native)).unwrap();
        let joined: String = p.text().split_whitespace().collect();
        let want: String = format!("姓名：{}", text::sanitize(&name)).split_whitespace().collect();
        prop_assert!(joined.contains(&want), "{joined} / {want}");
    }
}

#[test]
#[ignore]
fn show_preview() {
    println!("{}", to_text(&slip_for(&sample_special()), Paper::Mm58));
    println!("{}", to_text(&slip_for(&principal()), Paper::Mm80));
}

/// The slip's text with wrapped lines joined (continuations are indented with spaces).
fn flat(t: &str) -> String {
    t.replace(['\n', ' '], "")
}

fn slip_text_on(c: &Certificate, day: NaiveDate) -> String {
    let status = c.status(day, &LeadTimes::default());
    let at = day.and_hms_opt(10, 0, 0).unwrap();
    let slip = certificate_slip(c, status, QR, 7, at, "示范市应急管理局", "0000-12345678", &Calendar::builtin());
    flat(&parse_escpos(&to_escpos(&slip, Paper::Mm58, QrMode::Native)).unwrap().text())
}

/// Issue 6 item 4, 30号令 art. 21/22: after a recorded review the slip prints the 实际复审日期
/// and the *next* 应复审日期 (three years after the one done), never the past one.
#[test]
fn slip_after_a_review_prints_the_review_and_the_next_due_date() {
    let mut c = sample_special(); // due 2026-03-01
    c.reviewed_on = Some(NaiveDate::from_ymd_opt(2025, 9, 10).unwrap()); // early, recorded
    c.valid_until = NaiveDate::from_ymd_opt(2032, 2, 28).unwrap();
    let t = slip_text_on(&c, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
    assert!(t.contains("实际复审日期：2025-09-10"), "{t}");
    assert!(t.contains("应复审日期：2029-03-01"), "{t}");
    assert!(!t.contains("2026-03-01"), "a past 应复审日期 is never printed:\n{t}");
    assert!(t.contains("打印时状态：有效"), "{t}");
    assert!(t.contains("下一步：复审：2029年3月1日（含）前，可于2028年12月31日起申请"), "{t}");
    // 延期复审 (art. 21): the interval is printed and the next review is six years on
    c.extended_review = true;
    let t = slip_text_on(&c, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
    assert!(t.contains("复审周期：每6年（延期复审）"), "{t}");
    assert!(!t.contains("应复审日期"), "the next review would fall after 有效期止:\n{t}");
    // 30号令 art. 22 ¶2, art. 24: the year-6 step is 延期复审（换证）, and 2032-02-28 is a Saturday
    // (2032 is past the built-in calendar: the last working day may be marked 暂定)
    assert!(
        t.contains(
            "下一步：有效期届满前办理延期复审（换证）：2032年2月28日（含）前（非工作日，最后工作日为2032年2月27日"
        ),
        "{t}"
    );
    assert!(t.contains("，可于2031年12月30日起申请"), "{t}");
    c.valid_until = NaiveDate::from_ymd_opt(2035, 2, 28).unwrap();
    let t = slip_text_on(&c, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
    assert!(t.contains("应复审日期：2032-03-01"), "{t}");
}

/// A missed review (失效) prints no past due date, and says the card needs retraining and a
/// new exam; 撤销/注销 say which.
#[test]
fn slip_of_an_invalid_card_says_what_to_do() {
    let c = sample_special();
    let t = slip_text_on(&c, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    assert!(t.contains("打印时状态：已失效（未按期复审）"), "{t}");
    assert!(t.contains("下一步：已失效（未按期复审），需重新参加培训并考试"), "{t}");
    assert!(!t.contains("应复审日期："), "{t}");
    let mut c = sample_special();
    c.standing = Standing::Cancelled;
    let t = slip_text_on(&c, NaiveDate::from_ymd_opt(2025, 3, 2).unwrap());
    assert!(t.contains("打印时状态：已注销") && t.contains("证书已注销，需重新参加培训并考试"), "{t}");
    c.standing = Standing::Suspended;
    let t = slip_text_on(&c, NaiveDate::from_ymd_opt(2025, 3, 2).unwrap());
    assert!(t.contains("打印时状态：已暂停") && t.contains("请向签发机关咨询"), "{t}");
    // 签发机关 may be blank: no empty line for it
    let mut c = sample_special();
    c.issuer = String::new();
    assert!(!slip_text_on(&c, NaiveDate::from_ymd_opt(2025, 3, 2).unwrap()).contains("签发机关"));
}

#[test]
fn serial_format_is_eight_digits() {
    assert_eq!(serial_text(7), "00000007");
    assert_eq!(serial_text(123_456_789), "123456789");
}

/// Issue 18: the slip says where to verify in words as well, from the code's own address.
#[test]
fn the_slip_says_where_to_verify_in_words() {
    assert_eq!(
        super::verify_words("HTTPS://V.EXAMPLE.GOV.CN/CD1:ABC"),
        "手机相机扫码即可核验，核验网址：v.example.gov.cn"
    );
    assert_eq!(
        super::verify_words("HTTPS://ZWFW.EXAMPLE.GOV.CN/V/CD1:ABC"),
        "手机相机扫码即可核验，核验网址：zwfw.example.gov.cn/v"
    );
    // no address, or garbage: the bureau's verifier reads it
    for text in ["CD1:ABC", "", "HTTPS://", "HTTPS://X.CN/ no marker", "GARBAGE://"] {
        assert_eq!(super::verify_words(text), "请到发证机关核验终端扫码核验", "{text:?}");
    }
}
