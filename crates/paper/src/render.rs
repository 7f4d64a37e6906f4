//! Laying a document out on A4 and writing the PDF (krilla; fonts embedded as subsets).
//!
//! Geometry after GB/T 9704-2012: A4 (210 × 297 mm), top margin 37 mm, binding margin 28 mm,
//! type area 156 × 225 mm, 22 lines a page; titles in the heavy face (2号, 22 pt), body in a
//! Song-like face at 3号 (16 pt) for the letter-like documents; page numbers in 4号 as "— 1 —",
//! odd pages on the right and even pages on the left, one character in. Lines break by 禁则
//! through the one line breaker the slip and the screens use (`certdesk_domain::text`), measured
//! here in hundredths of a point from the font's own advances instead of terminal cells.

use crate::fonts::{Fonts, LoadedFont};
use crate::model::{DocKind, Facts};
use crate::template::{self, Block, Template};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::text::TextDirection;

const MM: f32 = 72.0 / 25.4;
/// The A4 page's width in PDF points.
pub const PAGE_W: f32 = 210.0 * MM;
/// The A4 page's height in PDF points.
pub const PAGE_H: f32 = 297.0 * MM;
const LEFT: f32 = 28.0 * MM;
const TOP: f32 = 37.0 * MM;
const AREA_W: f32 = 156.0 * MM;
const AREA_H: f32 = 225.0 * MM;
const BOTTOM: f32 = TOP + AREA_H;
/// 3号.
const BODY: f32 = 16.0;
/// 22 lines in the type area.
const LINE: f32 = AREA_H / 22.0;
/// 2号.
const TITLE: f32 = 22.0;
/// 4号.
const FOLIO: f32 = 14.0;
/// 五号, for tables of the case file.
const SMALL: f32 = 10.5;

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The document's template is wrong.
    #[error("模板错误 (template): {0}")]
    Template(#[from] template::TemplateError),
    /// The PDF writer refused the document.
    #[error("PDF 生成失败 (PDF writing failed): {0}")]
    Pdf(String),
    /// The QR payload does not fit the document's QR code.
    #[error("二维码内容过长 (QR payload too long): {0}")]
    Qr(String),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Face {
    Body,
    Title,
}

#[derive(Debug)]
enum Op {
    Text { x: f32, y: f32, size: f32, face: Face, s: String },
    Line { x1: f32, y1: f32, x2: f32, y2: f32, w: f32 },
    Circle { cx: f32, cy: f32, r: f32 },
    Modules { x: f32, y: f32, module: f32, width: usize, dark: Vec<bool> },
}

/// Advances from the font's tables, for measuring lines.
struct Measure<'a> {
    body: ttf_parser::Face<'a>,
    title: ttf_parser::Face<'a>,
}

impl Measure<'_> {
    fn face(&self, f: Face) -> &ttf_parser::Face<'_> {
        match f {
            Face::Body => &self.body,
            Face::Title => &self.title,
        }
    }
    /// Width of `c` in hundredths of a point.
    fn char_w(&self, f: Face, size: f32, c: char) -> usize {
        let face = self.face(f);
        let upem = f32::from(face.units_per_em().max(1));
        let adv = face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).unwrap_or(face.units_per_em());
        (f32::from(adv) * size / upem * 100.0).round() as usize
    }
    fn width(&self, f: Face, size: f32, s: &str) -> f32 {
        s.chars().map(|c| self.char_w(f, size, c)).sum::<usize>() as f32 / 100.0
    }
    /// `s` broken into lines of at most `w` points (禁则), with `hang` points free at the start
    /// of continuation lines.
    fn wrap<'s>(&self, f: Face, size: f32, s: &'s str, w: f32, hang: f32) -> Vec<&'s str> {
        let cols = (w * 100.0) as usize;
        let indent = (hang * 100.0) as usize;
        certdesk_domain::text::line_ranges(s, cols, indent, |c| self.char_w(f, size, c))
            .into_iter()
            .map(|r| &s[r])
            .collect()
    }
}

/// Pages being filled, top to bottom.
struct Flow<'m> {
    m: &'m Measure<'m>,
    pages: Vec<Vec<Op>>,
    y: f32,
    /// Where the last paragraph began (page, first op, y), to carry it over with the seal.
    last_para: Option<(usize, usize, f32)>,
}

impl<'m> Flow<'m> {
    fn new(m: &'m Measure<'m>) -> Self {
        Flow { m, pages: vec![Vec::new()], y: TOP, last_para: None }
    }
    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let n = self.pages.len() - 1;
        &mut self.pages[n]
    }
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }
    /// Room for `h` more points on this page, or a new page.
    fn need(&mut self, h: f32) {
        if self.y + h > BOTTOM + 0.5 {
            self.new_page();
        }
    }
    fn text(&mut self, x: f32, size: f32, face: Face, s: &str) {
        let y = self.y + (LINE + size * 0.7) / 2.0;
        self.ops().push(Op::Text { x, y, size, face, s: s.to_string() });
    }
    /// A paragraph: first line indented `first` points, continuation lines `hang` points.
    fn para(&mut self, s: &str, size: f32, face: Face, first: f32, hang: f32, pitch: f32) {
        // The first-line indent is two ideographic spaces, so the breaker counts them.
        let indent = if first > 0.0 { "\u{3000}\u{3000}" } else { "" };
        let full = format!("{indent}{s}");
        let lines: Vec<String> = self.m.wrap(face, size, &full, AREA_W, hang).into_iter().map(str::to_string).collect();
        for (i, l) in lines.iter().enumerate() {
            self.need(pitch);
            if i == 0 {
                self.last_para = Some((self.pages.len() - 1, self.ops().len(), self.y));
            }
            let x = if i == 0 { LEFT } else { LEFT + hang };
            let y = self.y + (pitch + size * 0.7) / 2.0;
            self.ops().push(Op::Text { x, y, size, face, s: l.clone() });
            self.y += pitch;
        }
    }
    fn centered(&mut self, s: &str, size: f32, face: Face, pitch: f32) {
        for l in self.m.wrap(face, size, s, AREA_W, 0.0) {
            self.need(pitch);
            let w = self.m.width(face, size, l);
            let y = self.y + (pitch + size * 0.7) / 2.0;
            self.ops().push(Op::Text { x: LEFT + (AREA_W - w) / 2.0, y, size, face, s: l.to_string() });
            self.y += pitch;
        }
    }
    /// Room for `h` more points on this page; if there is none, the last paragraph goes over to
    /// the new page with what follows (GB/T 9704: the seal and date never stand on a page
    /// without text).
    fn keep_with_last(&mut self, h: f32) {
        if self.y + h <= BOTTOM + 0.5 {
            return;
        }
        let here = self.pages.len() - 1;
        match self.last_para {
            Some((page, first, y0)) if page == here && y0 > TOP + 0.5 => {
                let moved: Vec<Op> = self.pages[here].drain(first..).collect();
                let dy = TOP - y0;
                let used = self.y - y0;
                self.new_page();
                for mut op in moved {
                    if let Op::Text { y, .. } = &mut op {
                        *y += dy;
                    }
                    self.ops().push(op);
                }
                self.y = TOP + used;
            }
            _ => self.new_page(),
        }
    }
    fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, w: f32) {
        self.ops().push(Op::Line { x1, y1, x2, y2, w });
    }
    /// A ruled table; `cols` are the column widths (points); each cell wraps within its column.
    fn table(&mut self, cols: &[f32], rows: &[Vec<String>], size: f32, min_lines: usize, header: bool) {
        let pitch = size * 1.6;
        let pad = size * 0.4;
        let total: f32 = cols.iter().sum();
        let mut header_row: Option<&Vec<String>> = None;
        for (ri, row) in rows.iter().enumerate() {
            let cells: Vec<Vec<String>> = cols
                .iter()
                .zip(row.iter().chain(std::iter::repeat(&String::new())))
                .map(|(w, c)| {
                    self.m.wrap(Face::Body, size, c, w - 2.0 * pad, 0.0).into_iter().map(str::to_string).collect()
                })
                .collect();
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(min_lines);
            let h = lines as f32 * pitch + pad;
            if self.y + h > BOTTOM + 0.5 {
                self.new_page();
                if let Some(hr) = header_row {
                    self.table(cols, std::slice::from_ref(hr), size, 1, false);
                }
            }
            let top = self.y;
            self.rule(LEFT, top, LEFT + total, top, 0.6);
            let mut x = LEFT;
            for (ci, lines) in cells.iter().enumerate() {
                for (li, l) in lines.iter().enumerate() {
                    let y = top + pad / 2.0 + li as f32 * pitch + (pitch + size * 0.7) / 2.0;
                    self.ops().push(Op::Text { x: x + pad, y, size, face: Face::Body, s: l.clone() });
                }
                self.rule(x, top, x, top + h, 0.6);
                x += cols[ci];
            }
            self.rule(x, top, x, top + h, 0.6);
            self.y = top + h;
            self.rule(LEFT, self.y, LEFT + total, self.y, 0.6);
            if header && ri == 0 {
                header_row = Some(row);
            }
        }
    }
}

/// A rendered document: the PDF bytes and how many pages.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// How many pages it has.
    pub pages: usize,
}

/// Renders one counter document of `kind` from its template and facts.
pub fn render(fonts: &Fonts, t: &Template, kind: DocKind, f: &Facts) -> Result<Rendered, RenderError> {
    let m = measure(fonts)?;
    let mut flow = Flow::new(&m);
    let copies: Vec<Option<&str>> =
        if t.copies.is_empty() { vec![None] } else { t.copies.iter().map(|c| Some(c.as_str())).collect() };
    let mut starts = Vec::new();
    for (i, copy) in copies.iter().enumerate() {
        if i > 0 {
            flow.new_page();
        }
        starts.push(flow.pages.len() - 1);
        head(&mut flow, copy.as_deref(), &f.case_number, &f.qr_payload)?;
        document(&mut flow, t, kind, f);
    }
    let title = template::fill(&t.title, f);
    finish(fonts, flow, &starts, &title)
}

fn measure(fonts: &Fonts) -> Result<Measure<'_>, RenderError> {
    Ok(Measure { body: parse_face(&fonts.body)?, title: parse_face(&fonts.title)? })
}

fn parse_face(l: &LoadedFont) -> Result<ttf_parser::Face<'_>, RenderError> {
    ttf_parser::Face::parse(l.data.as_slice(), l.spec.index).map_err(|e| RenderError::Pdf(format!("{}: {e}", l.spec)))
}

/// The copy's label (top left) and the case number as text and QR (top right), in the top margin.
fn head(flow: &mut Flow<'_>, copy: Option<&str>, case: &str, qr: &str) -> Result<(), RenderError> {
    if let Some(c) = copy {
        let y = 20.0 * MM;
        flow.ops().push(Op::Text { x: LEFT, y, size: FOLIO, face: Face::Title, s: c.to_string() });
    }
    if !qr.is_empty() {
        let code = qrcode::QrCode::with_error_correction_level(qr.as_bytes(), qrcode::EcLevel::M)
            .map_err(|e| RenderError::Qr(e.to_string()))?;
        let width = code.width();
        let side = 20.0 * MM;
        let module = side / width as f32;
        let x = LEFT + AREA_W - side;
        let y = 8.0 * MM;
        let dark = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
        flow.ops().push(Op::Modules { x, y, module, width, dark });
    }
    if !case.is_empty() {
        let s = format!("办件编号 {case}");
        let w = flow.m.width(Face::Body, 9.0, &s);
        flow.ops().push(Op::Text { x: LEFT + AREA_W - w, y: 32.0 * MM, size: 9.0, face: Face::Body, s });
    }
    Ok(())
}

fn document(flow: &mut Flow<'_>, t: &Template, kind: DocKind, f: &Facts) {
    flow.centered(&template::fill(&t.title, f), TITLE, Face::Title, LINE * 1.3);
    if !f.number.is_empty() {
        let w = flow.m.width(Face::Body, BODY, &f.number);
        flow.text(LEFT + (AREA_W - w) / 2.0, BODY, Face::Body, &f.number);
        flow.y += LINE;
    }
    flow.y += LINE * 0.5;
    if let Some(to) = &t.to {
        flow.para(&template::fill(to, f), BODY, Face::Body, 0.0, 0.0, LINE);
    }
    let em = BODY;
    for b in t.body.iter().filter(|b| template::shown(b, f)) {
        block(flow, b, f, em);
    }
    let _ = kind;
    if t.seal {
        seal(flow, f);
    }
    if !t.sign.is_empty() {
        signatures(flow, &t.sign, f);
    }
}

fn block(flow: &mut Flow<'_>, b: &Block, f: &Facts, em: f32) {
    if let Some(p) = &b.p {
        flow.para(&template::fill(p, f), BODY, Face::Body, 2.0 * em, 0.0, LINE);
    }
    if let Some(l) = &b.list {
        let entries: Vec<String> = match l.as_str() {
            "items" => f
                .items
                .iter()
                .map(|i| {
                    let mut s = format!("{}：{}", i.name.trim(), end_stop(i.problem.trim()));
                    if !i.fix.trim().is_empty() {
                        s.push_str(&format!("补正方式：{}", end_stop(i.fix.trim())));
                    }
                    s
                })
                .collect(),
            "stops" => f.stops.iter().map(|r| end_stop(r.trim())).collect(),
            _ => f.reasons.iter().map(|r| end_stop(r.trim())).collect(),
        };
        if entries.is_empty() {
            flow.para(template::BLANK, BODY, Face::Body, 2.0 * em, 0.0, LINE);
        }
        for (i, e) in entries.iter().enumerate() {
            let n = chinese_ordinal(i + 1);
            let label = format!("（{n}）");
            let hang = 2.0 * em + flow.m.width(Face::Body, BODY, &label);
            flow.para(&format!("{label}{e}"), BODY, Face::Body, 2.0 * em, hang.min(AREA_W / 3.0), LINE);
        }
    }
    if let Some(rows) = &b.table {
        let rows: Vec<Vec<String>> =
            rows.iter().map(|[l, v]| vec![template::fill(l, f), template::fill(v, f)]).collect();
        flow.y += LINE * 0.3;
        flow.table(&[AREA_W * 0.32, AREA_W * 0.68], &rows, 14.0, 2, false);
    }
}

/// `s` ending in a full stop (a reason or fix typed without one).
fn end_stop(s: &str) -> String {
    match s.chars().last() {
        Some('。' | '；' | '！' | '？' | '.') | None => s.to_string(),
        Some(_) => format!("{s}。"),
    }
}

/// 一, 二, … 九十九 (list numbers in official papers).
pub fn chinese_ordinal(n: usize) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[n - 10] }),
        20..=99 => format!("{}十{}", D[n / 10], if n.is_multiple_of(10) { "" } else { D[n % 10] }),
        _ => n.to_string(),
    }
}

/// The bureau's name and the date, right-aligned, with the seal's place centred over the date
/// (GB/T 9704 7.3.5.1: the seal presses the date, not the text above).
fn seal(flow: &mut Flow<'_>, f: &Facts) {
    let r = 21.0 * MM; // a 42 mm official seal
                       // A blank line, the name, the date, and the seal's lower half below the date.
    let need = LINE * 3.0 + r - LINE * 0.5;
    flow.keep_with_last(need);
    flow.y += LINE;
    if flow.y < TOP + r - LINE {
        flow.y = TOP + r - LINE;
    }
    let date = template::date_zh(f.issued_on);
    let bureau = if f.bureau.trim().is_empty() { template::BLANK.to_string() } else { f.bureau.clone() };
    let inset = 4.0 * BODY;
    let dw = flow.m.width(Face::Body, BODY, &date);
    let bw = flow.m.width(Face::Body, BODY, &bureau);
    // The name centred over the date, both kept off the right edge by four characters.
    let cx = LEFT + AREA_W - inset - dw.max(bw) / 2.0;
    flow.text(cx - bw / 2.0, BODY, Face::Body, &bureau);
    flow.y += LINE;
    let cy = flow.y + LINE / 2.0 - LINE * 0.3;
    flow.text(cx - dw / 2.0, BODY, Face::Body, &date);
    flow.ops().push(Op::Circle { cx, cy, r });
    let label = "（印章）";
    let lw = flow.m.width(Face::Body, 9.0, label);
    flow.ops().push(Op::Text { x: cx - lw / 2.0, y: cy + r - 6.0, size: 9.0, face: Face::Body, s: label.to_string() });
    // What follows starts under the seal's place.
    flow.y = flow.y.max(cy + r);
}

fn signatures(flow: &mut Flow<'_>, who: &[String], f: &Facts) {
    let size = 14.0;
    flow.y += LINE * 0.5;
    flow.need(LINE * 2.0 * who.len() as f32);
    for w in who {
        let (label, name) = match w.as_str() {
            "applicant" => ("申请人（签收）：", String::new()),
            _ => ("经办人：", f.staff.clone()),
        };
        flow.text(LEFT, size, Face::Body, label);
        let lw = flow.m.width(Face::Body, size, label);
        if !name.is_empty() {
            flow.text(LEFT + lw, size, Face::Body, &name);
        }
        let line_y = flow.y + LINE * 0.8;
        let x2 = LEFT + AREA_W * 0.55;
        flow.rule(LEFT + lw, line_y, x2, line_y, 0.5);
        let date_label = "日期：";
        let dx = LEFT + AREA_W * 0.6;
        flow.text(dx, size, Face::Body, date_label);
        let tail = "年　　月　　日";
        let tw = flow.m.width(Face::Body, size, tail);
        flow.text(LEFT + AREA_W - tw, size, Face::Body, tail);
        flow.y += LINE * 1.4;
    }
}

/// A listing for the case file: a title, facts above a ruled table, no seal.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// The title in the heavy face.
    pub title: String,
    /// The case number (办件编号, printed at the top right; empty: none).
    pub case_number: String,
    /// What the QR carries (empty: no QR code).
    pub qr_payload: String,
    /// Label and value lines under the title.
    pub facts: Vec<(String, String)>,
    /// Column headings and their share of the type area's width.
    pub columns: Vec<(String, f32)>,
    /// The table's rows, one cell per column.
    pub rows: Vec<Vec<String>>,
    /// A closing line (e.g. who compiled it and when).
    pub footer: Option<String>,
}

/// Renders a listing (the case file's cover with 卷内目录, the audit extract).
pub fn render_listing(fonts: &Fonts, l: &Listing) -> Result<Rendered, RenderError> {
    let m = measure(fonts)?;
    let mut flow = Flow::new(&m);
    head(&mut flow, None, &l.case_number, &l.qr_payload)?;
    flow.centered(&l.title, TITLE, Face::Title, LINE * 1.3);
    flow.y += LINE * 0.3;
    for (k, v) in &l.facts {
        flow.para(&format!("{k}：{v}"), 12.0, Face::Body, 0.0, 0.0, 12.0 * 1.8);
    }
    flow.y += LINE * 0.3;
    let share: f32 = l.columns.iter().map(|c| c.1).sum::<f32>().max(0.0001);
    let cols: Vec<f32> = l.columns.iter().map(|c| AREA_W * c.1 / share).collect();
    let mut rows = vec![l.columns.iter().map(|c| c.0.clone()).collect::<Vec<_>>()];
    rows.extend(l.rows.iter().cloned());
    flow.table(&cols, &rows, SMALL, 1, true);
    if let Some(foot) = &l.footer {
        flow.y += LINE * 0.5;
        flow.para(foot, 12.0, Face::Body, 0.0, 0.0, 12.0 * 1.8);
    }
    finish(fonts, flow, &[0], &l.title)
}

/// Page numbers (counted per copy) and the PDF.
fn finish(fonts: &Fonts, flow: Flow<'_>, starts: &[usize], title: &str) -> Result<Rendered, RenderError> {
    let m = flow.m;
    let mut pages = flow.pages;
    let n = pages.len();
    let mut copy_start = 0;
    for (i, ops) in pages.iter_mut().enumerate() {
        if starts.contains(&i) {
            copy_start = i;
        }
        let no = i - copy_start + 1;
        let s = format!("— {no} —");
        let w = m.width(Face::Body, FOLIO, &s);
        let x = if no % 2 == 1 { LEFT + AREA_W - FOLIO - w } else { LEFT + FOLIO };
        ops.push(Op::Text { x, y: BOTTOM + 7.0 * MM + FOLIO, size: FOLIO, face: Face::Body, s });
    }
    let mut doc = krilla::Document::new();
    doc.set_metadata(
        krilla::metadata::Metadata::new().title(title.to_string()).language("zh-CN".into()).creator("certdesk".into()),
    );
    for ops in &pages {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| RenderError::Pdf("page size".into()))?;
        let mut page = doc.start_page_with(settings);
        let mut s = page.surface();
        for op in ops {
            draw(&mut s, fonts, op);
        }
        s.finish();
        page.finish();
    }
    let pdf = doc.finish().map_err(|e| RenderError::Pdf(format!("{e:?}")))?;
    Ok(Rendered { pdf, pages: n })
}

fn draw(s: &mut krilla::surface::Surface<'_>, fonts: &Fonts, op: &Op) {
    match op {
        Op::Text { x, y, size, face, s: text } => {
            let font = match face {
                Face::Body => fonts.body.font.clone(),
                Face::Title => fonts.title.font.clone(),
            };
            s.set_fill(Some(Fill::default()));
            s.draw_text(Point::from_xy(*x, *y), font, *size, text, false, TextDirection::LeftToRight);
        }
        Op::Line { x1, y1, x2, y2, w } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y1);
            pb.line_to(*x2, *y2);
            if let Some(path) = pb.finish() {
                s.set_fill(None);
                s.set_stroke(Some(Stroke { width: *w, ..Stroke::default() }));
                s.draw_path(&path);
                s.set_stroke(None);
            }
        }
        Op::Circle { cx, cy, r } => {
            // Four Bézier quarter arcs.
            let k = 0.552_284_8 * r;
            let mut pb = PathBuilder::new();
            pb.move_to(cx + r, *cy);
            pb.cubic_to(cx + r, cy + k, cx + k, cy + r, *cx, cy + r);
            pb.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, *cy);
            pb.cubic_to(cx - r, cy - k, cx - k, cy - r, *cx, cy - r);
            pb.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, *cy);
            pb.close();
            if let Some(path) = pb.finish() {
                s.set_fill(None);
                s.set_stroke(Some(Stroke {
                    width: 0.6,
                    paint: krilla::color::luma::Color::new(150).into(),
                    dash: Some(StrokeDash { array: vec![3.0, 3.0], offset: 0.0 }),
                    ..Stroke::default()
                }));
                s.draw_path(&path);
                s.set_stroke(None);
            }
        }
        Op::Modules { x, y, module, width, dark } => {
            let mut pb = PathBuilder::new();
            for (i, d) in dark.iter().enumerate() {
                if *d {
                    let (cx, cy) = ((i % width) as f32, (i / width) as f32);
                    if let Some(r) = Rect::from_xywh(x + cx * module, y + cy * module, *module, *module) {
                        pb.push_rect(r);
                    }
                }
            }
            if let Some(path) = pb.finish() {
                s.set_stroke(None);
                s.set_fill(Some(Fill::default()));
                s.draw_path(&path);
            }
        }
    }
}
