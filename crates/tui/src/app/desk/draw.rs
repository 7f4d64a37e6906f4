//! Drawing the desk: the frame around a screen (header, status line, note, prompt, key bar) and
//! the helpers the screens draw with; each screen's body is drawn by its file under `screens/`.
//! Reads `Desk` state only; where things sit comes from `layout`.

use super::effects::{CaseLine, Decided, Known, ListKind};
use super::layout::{layout, View};
use super::screens;
use super::strings as ds;
use super::{Desk, Note, Screen};
use crate::app::kiosk::strings as ks;
use crate::app::strings::{self as t, screen_safe, Lang};
use crate::app::ui::{self, BG, DIM, FG};
use crate::domain::intake::AcceptKind;
use crate::domain::Status;
use ratatui::{
    layout::{Position, Rect},
    style::{Color, Modifier, Style},
    text::{Line, Span},
    widgets::Paragraph,
    Frame,
};

pub(crate) const SELECTED_BG: Color = Color::Rgb(30, 60, 100);

/// What every screen's drawing uses: its body, the layout (list rows), the language and the
/// desk's three text styles.
#[derive(Clone, Copy)]
pub struct Canvas<'a> {
    pub body: Rect,
    pub v: &'a View,
    pub lang: Lang,
    pub normal: Style,
    pub dim: Style,
    pub bold: Style,
}

impl Canvas<'_> {
    /// A list row's style: bold on the selection colour when it is the selected one.
    pub fn sel_style(&self, i: usize, selected: usize) -> Style {
        if i == selected {
            self.bold.bg(SELECTED_BG)
        } else {
            self.normal
        }
    }
}

pub(crate) fn line(frame: &mut Frame, r: Rect, s: &str, style: Style) {
    if r.height == 0 || r.width == 0 {
        return;
    }
    frame.render_widget(Paragraph::new(Span::styled(s.to_string(), style)), r);
}

pub(crate) fn row(r: Rect, dy: u16) -> Rect {
    ui::row(r, dy, 1)
}

/// A text field: label, then the value on an input background; the real cursor sits in the
/// focused one.
pub(crate) fn field(frame: &mut Frame, r: Rect, label: &str, value: &str, focused: bool) {
    labelled(frame, r, 18, label, value, focused)
}

pub(crate) fn labelled(frame: &mut Frame, r: Rect, label_w: u16, label: &str, value: &str, focused: bool) {
    let lw = label_w.min(r.width);
    line(frame, Rect { width: lw, ..r }, label, Style::default().fg(if focused { Color::White } else { DIM }).bg(BG));
    let input = Rect { x: r.x + lw, width: r.width.saturating_sub(lw).min(60), ..r };
    ui::fill(frame, input, ui::INPUT_BG);
    let max = input.width.saturating_sub(1) as usize;
    let chars: Vec<char> = value.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(max)..].iter().collect();
    line(frame, input, &tail, Style::default().fg(Color::Black).bg(ui::INPUT_BG));
    if focused {
        let w = unicode_width::UnicodeWidthStr::width(tail.as_str()) as u16;
        frame.set_cursor_position(Position { x: input.x + w.min(input.width.saturating_sub(1)), y: input.y });
    }
}

pub(crate) fn material_name(d: &Desk, matter: &str, code: &str) -> String {
    let m = d.settings.matters.get(matter).and_then(|m| m.material(code));
    match (m, d.lang) {
        (Some(m), Lang::Zh) => m.name.clone(),
        (Some(m), Lang::En) => m.name_en.clone(),
        (None, _) => code.to_string(),
    }
}

pub(crate) fn matter_name(d: &Desk, code: &str) -> String {
    match (d.settings.matters.get(code), d.lang) {
        (Some(m), Lang::Zh) => m.name.clone(),
        (Some(m), Lang::En) => m.name_en.clone(),
        (None, _) => code.to_string(),
    }
}

/// A problem listing materials by code, with the names of the case's matter instead.
fn named(d: &Desk, p: &super::Problem) -> super::Problem {
    use super::Problem as P;
    let matter = match &d.screen {
        Screen::Intake { case, .. } | Screen::Checklist { case, .. } => case.matter.clone(),
        Screen::Case { line } | Screen::CaseTime { line } => line.case.matter.clone(),
        _ => return p.clone(),
    };
    let names = |v: &Vec<String>| v.iter().map(|c| material_name(d, &matter, c)).collect::<Vec<_>>();
    match p {
        P::Unchecked(v) => P::Unchecked(names(v)),
        P::Deficient(v) => P::Deficient(names(v)),
        P::KeyMissing(v) => P::KeyMissing(names(v)),
        P::NotOnFirstNotice(v) => P::NotOnFirstNotice(names(v)),
        P::NotPledgeable(m) => P::NotPledgeable(material_name(d, &matter, m)),
        other => other.clone(),
    }
}

/// One case in a list: what staff act on first (the dates) before the matter's long name, so a
/// narrow screen cuts the name, not the dates. The missed-pledge list leads with the pledge date.
pub(crate) fn case_summary(d: &Desk, kind: ListKind, l: &CaseLine) -> String {
    let lang = d.lang;
    let due = l.deadline.as_ref().map(|dl| ds::deadline(lang, dl)).unwrap_or_default();
    let pledge = match (kind, l.case.pledge_due) {
        (ListKind::MissedPledges, Some(p)) => format!("{}: {p}", ds::PLEDGE_DUE.t(lang)),
        // "我首问的": who has it now (首问负责制: the first owner follows it wherever it is).
        (ListKind::FirstReceived, _) => ds::now_with(lang, &l.case.owner),
        // "待我接收": who offered it and why, before the dates (a narrow screen keeps it).
        (ListKind::Incoming, _) => {
            l.handoff.as_ref().map(|o| super::screens::handoff_close::offered_by(lang, o)).unwrap_or_default()
        }
        _ => String::new(),
    };
    let moved = if l.case.due_moved.is_some() { ds::MOVED.t(lang).to_string() } else { String::new() };
    let after = if l.case.pledge_after_due() { ds::PLEDGE_AFTER.t(lang).to_string() } else { String::new() };
    let parts = [
        l.case.number.clone(),
        screen_safe(&l.case.visitor.name),
        pledge,
        due,
        after,
        moved,
        ds::case_state(lang, l.case.state).to_string(),
        matter_name(d, &l.case.matter),
    ];
    parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("  ")
}

pub(crate) fn known_lines(lang: Lang, k: &Known) -> Vec<String> {
    let mut v = vec![format!("{}: {}  {}", ds::KNOWN_HOLDER.t(lang), screen_safe(&k.name), k.masked_id)];
    for (c, s) in &k.certificates {
        let title = if lang == Lang::Zh { c.kind.title_zh() } else { c.kind.title_en() };
        // The kiosk's and the slip's words: dates, never "in N days"; 30号令 terms for standing.
        let status = if lang == Lang::Zh { crate::words::status_zh(*s) } else { crate::words::status_en(*s) };
        v.push(format!("  {title}  {}  {}  {status}", screen_safe(&c.scope_zh()), c.masked_number()));
    }
    v
}

pub(crate) fn status_fg(s: &Status) -> Color {
    match s {
        Status::Valid => ui::OK_FG,
        Status::ReviewDueSoon { .. } | Status::ExpiringSoon { .. } => ui::WARN_FG,
        _ => ui::BAD_FG,
    }
}

fn note_text(d: &Desk, n: &Note) -> (String, Color) {
    let lang = d.lang;
    match n {
        Note::TicketTaken(l) => (ds::ticket_taken(lang, l), ui::OK_FG),
        Note::TicketNotPrinted { label, serial, fault } => (
            super::hall::ticket_not_printed(lang, label, *serial, super::hall::staff_printer_fault(*fault).t(lang)),
            ui::BAD_FG,
        ),
        Note::Called(l) => (ds::ticket_called(lang, l), ui::OK_FG),
        Note::Decided(Decided::Accepted { kind: AcceptKind::Deficient { pledge_due }, due, provisional, .. }) => {
            (ds::accepted_deficient(lang, *due, provisional.due, *pledge_due), ui::OK_FG)
        }
        Note::Decided(Decided::Accepted { due, statutory_due, provisional, .. }) => {
            (ds::accepted(lang, *due, *statutory_due, *provisional), ui::OK_FG)
        }
        Note::Decided(Decided::Noticed { seq, items, overridden: None }) => {
            (ds::noticed(lang, *seq, items.len()), ui::WARN_FG)
        }
        Note::Decided(Decided::Noticed { seq, items, overridden: Some((by, extra)) }) => {
            (ds::noticed_override(lang, *seq, items.len(), by, extra.len()), ui::WARN_FG)
        }
        Note::Decided(Decided::Refused) => (ds::REFUSED.t(lang).into(), ui::WARN_FG),
        Note::Printed { doc, serial, fault: None } => (ds::printed(lang, *doc, *serial), ui::OK_FG),
        Note::PrintedA4 { title, number, job, fault: None } => (ds::printed_a4(lang, title, number, *job), ui::OK_FG),
        Note::PrintedA4 { title, number, job, fault: Some(f) } => {
            (ds::print_a4_failed(lang, title, number, *job, f), ui::BAD_FG)
        }
        Note::Printed { doc, serial, fault: Some(f) } => {
            (ds::print_failed(lang, *doc, *serial, ks::printer_fault(*f).t(lang)), ui::BAD_FG)
        }
        Note::HandedOff => (ds::HANDED_OFF.t(lang).into(), ui::OK_FG),
        Note::HandOffAccepted => (ds::HANDOFF_ACCEPTED.t(lang).into(), ui::OK_FG),
        Note::HandOffClosed { declined: true } => (ds::HANDOFF_DECLINED.t(lang).into(), ui::OK_FG),
        Note::HandOffClosed { declined: false } => (ds::HANDOFF_WITHDRAWN.t(lang).into(), ui::OK_FG),
        Note::EnquiryLogged(k) => (ds::loops::enquiry_logged(lang, *k), ui::OK_FG),
        Note::StageMoved(s) => (super::roles_text::stage_moved(lang, *s), ui::OK_FG),
        Note::StageConfirm { from, to } => (super::roles_text::confirm_stage(lang, *from, *to), ui::WARN_FG),
        Note::RatingRequested(counter) => (ds::rating_requested(lang, *counter), ui::OK_FG),
        Note::Booked { day, slot, extended } => (ds::booked(lang, *day, slot, *extended), ui::OK_FG),
        Note::Arrived(label) => (ds::arrived(lang, label), ui::OK_FG),
        Note::AppointmentCancelled { day, slot } => (ds::appointment_cancelled(lang, *day, slot), ui::OK_FG),
        Note::Posted { sent } => (ds::posted(lang, *sent).into(), ui::OK_FG),
        Note::TaskSaved { closed } => (ds::loops::task_saved(lang, *closed).into(), ui::OK_FG),
        Note::LoginDenied => (ds::LOGIN_DENIED.t(lang).into(), ui::BAD_FG),
        Note::LoginLocked(m) => (ds::login_locked(lang, *m), ui::BAD_FG),
        Note::Problem(p) => (ds::problem(lang, &named(d, p)), ui::BAD_FG),
        Note::Time(n) => super::screens::case_time::note_text(lang, n),
        Note::Pledge(n) => super::screens::pledge::note_text(lang, n),
    }
}

/// The preview of the last printed document, on paper colours.
pub(crate) fn preview_pane(frame: &mut Frame, r: Rect, p: &str) {
    let pbg = Color::Rgb(245, 245, 240);
    ui::fill(frame, r, pbg);
    let lines: Vec<Line> = p
        .lines()
        .map(|l| Line::from(Span::styled(screen_safe(l), Style::default().fg(Color::Black).bg(pbg))))
        .collect();
    frame.render_widget(Paragraph::new(lines).style(Style::default().bg(pbg)), r);
}

/// The desk's frame; `shell` is the runtime's: effects in flight ("checking"), and an outage
/// (the result line is left to the runtime's banner).
pub fn draw(d: &Desk, frame: &mut Frame, shell: &crate::app::Shell) {
    let area = frame.area();
    ui::fill(frame, area, BG);
    let c = ui::chrome(area);
    let lang = d.lang;
    let v = layout(d, area);
    ui::draw_header(frame, &c, &screen_safe(&d.settings.bureau), ds::TITLE.t(lang));
    ui::draw_button(
        frame,
        &ui::Button::new(v.lang_button, t::LANG_TOGGLE.t(lang), crate::app::Action::ToggleLang, ui::ButtonKind::Normal),
    );
    let normal = Style::default().fg(FG).bg(BG);
    let dim = normal.fg(DIM);
    let bold = normal.add_modifier(Modifier::BOLD);
    let today = d.settings.clock.today();
    let who = match &d.staff {
        Some(s) => ds::signed_in(lang, &screen_safe(&s.name), &s.staff_id),
        None => String::new(),
    };
    let busy = if shell.in_flight > 0 { ds::CHECKING.t(lang) } else { "" };
    line(frame, v.status, &format!("{today}  {who}  {busy}"), dim);
    let body = v.body;
    let cv = Canvas { body, v: &v, lang, normal, dim, bold };
    let c = &cv;
    match &d.screen {
        Screen::Login { .. } => screens::login::draw(d, frame, c),
        Screen::Home { .. } => screens::home::draw(d, frame, c),
        Screen::PickMatter { .. } => screens::pick_matter::draw(d, frame, c),
        Screen::Intake { .. } => screens::intake::draw(d, frame, c),
        Screen::Checklist { .. } => screens::checklist::draw(d, frame, c),
        Screen::Case { .. } => screens::case::draw(d, frame, c),
        Screen::List { .. } => screens::list::draw(d, frame, c),
        Screen::Holder { .. } => screens::holder::draw(d, frame, c),
        Screen::Holders { .. } => screens::holders::draw(d, frame, body, &v.rows),
        Screen::Appointments { .. } => screens::appointments::draw(d, frame, c),
        Screen::Book { .. } => screens::book::draw(d, frame, c),
        Screen::Tasks { .. } => screens::tasks::draw(d, &v, frame),
        Screen::Checks { .. } => screens::checks::draw(d, &v, frame),
        Screen::Marks { .. } => screens::marks::draw(d, &v, frame),
        Screen::Task { .. } => screens::task::draw(d, &v, frame),
        Screen::Reports(_) => screens::reports::draw(d, frame, c),
        Screen::CaseTime { .. } | Screen::NoticesOwed { .. } => screens::case_time::draw(d, frame, body),
    }
    // In an outage the runtime draws its banner in the note's place.
    if let (false, Some(n)) = (shell.outage, &d.note) {
        let (s, fg) = note_text(d, n);
        frame.render_widget(Paragraph::new(ui::wrap_str(&s, v.note.width)).style(normal.fg(fg)), v.note);
    }
    super::prompt::draw(d, frame, &v, bold);
    if d.help {
        super::help::draw(d, frame, body, bold);
    }
    // The key bar: each command where `layout` put it, so a click on it does what its key does.
    for k in &v.key_items {
        let st = Style::default().fg(if k.action.is_some() { FG } else { DIM }).bg(BG);
        line(frame, k.rect, &k.text, st);
    }
}
