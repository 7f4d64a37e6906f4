//! Drawing the desk screens. Reads `Desk` state only; where things sit comes from `layout`.

use super::effects::{CaseLine, Decided, Known, ListKind};
use super::layout::layout;
use super::strings as ds;
use super::{Desk, LoginField, Note, PromptKind, Screen, INTAKE_FIELDS};
use crate::app::kiosk::strings as ks;
use crate::app::strings::{self as t, screen_safe, Lang};
use crate::app::ui::{self, BG, DIM, FG};
use crate::domain::intake::{AcceptKind, MaterialState};
use crate::domain::Status;
use ratatui::{
    layout::{Position, Rect},
    style::{Color, Modifier, Style},
    text::{Line, Span},
    widgets::Paragraph,
    Frame,
};

pub(super) const SELECTED_BG: Color = Color::Rgb(30, 60, 100);

pub(super) fn line(frame: &mut Frame, r: Rect, s: &str, style: Style) {
    if r.height == 0 || r.width == 0 {
        return;
    }
    frame.render_widget(Paragraph::new(Span::styled(s.to_string(), style)), r);
}

pub(super) fn row(r: Rect, dy: u16) -> Rect {
    ui::row(r, dy, 1)
}

/// A text field: label, then the value on an input background; the real cursor sits in the
/// focused one.
fn field(frame: &mut Frame, r: Rect, label: &str, value: &str, focused: bool) {
    labelled(frame, r, 18, label, value, focused)
}

fn labelled(frame: &mut Frame, r: Rect, label_w: u16, label: &str, value: &str, focused: bool) {
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

fn material_name(d: &Desk, matter: &str, code: &str) -> String {
    let m = d.settings.matters.get(matter).and_then(|m| m.material(code));
    match (m, d.lang) {
        (Some(m), Lang::Zh) => m.name.clone(),
        (Some(m), Lang::En) => m.name_en.clone(),
        (None, _) => code.to_string(),
    }
}

fn matter_name(d: &Desk, code: &str) -> String {
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
fn case_summary(d: &Desk, kind: ListKind, l: &CaseLine) -> String {
    let lang = d.lang;
    let due = l.deadline.as_ref().map(|dl| ds::deadline(lang, dl)).unwrap_or_default();
    let pledge = match (kind, l.case.pledge_due) {
        (ListKind::MissedPledges, Some(p)) => format!("{}: {p}", ds::PLEDGE_DUE.t(lang)),
        // "我首问的": who has it now (首问负责制: the first owner follows it wherever it is).
        (ListKind::FirstReceived, _) => ds::now_with(lang, &l.case.owner),
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

fn known_lines(lang: Lang, k: &Known) -> Vec<String> {
    let mut v = vec![format!("{}: {}  {}", ds::KNOWN_HOLDER.t(lang), screen_safe(&k.name), k.masked_id)];
    for (c, s) in &k.certificates {
        let title = if lang == Lang::Zh { c.kind.title_zh() } else { c.kind.title_en() };
        // The kiosk's and the slip's words: dates, never "in N days"; 30号令 terms for standing.
        let status = if lang == Lang::Zh { crate::words::status_zh(*s) } else { crate::words::status_en(*s) };
        v.push(format!("  {title}  {}  {}  {status}", screen_safe(&c.scope_zh()), c.masked_number()));
    }
    v
}

fn status_fg(s: &Status) -> Color {
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
        Note::Printed { doc, serial, fault: Some(f) } => {
            (ds::print_failed(lang, *doc, *serial, ks::printer_fault(*f).t(lang)), ui::BAD_FG)
        }
        Note::HandedOff => (ds::HANDED_OFF.t(lang).into(), ui::OK_FG),
        Note::HandOffAccepted => (ds::HANDOFF_ACCEPTED.t(lang).into(), ui::OK_FG),
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
    }
}

/// The preview of the last printed document, on paper colours.
fn preview_pane(frame: &mut Frame, r: Rect, p: &str) {
    let pbg = Color::Rgb(245, 245, 240);
    ui::fill(frame, r, pbg);
    let lines: Vec<Line> = p
        .lines()
        .map(|l| Line::from(Span::styled(screen_safe(l), Style::default().fg(Color::Black).bg(pbg))))
        .collect();
    frame.render_widget(Paragraph::new(lines).style(Style::default().bg(pbg)), r);
}

pub fn draw(d: &Desk, frame: &mut Frame) {
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
    let busy = if d.busy > 0 { ds::CHECKING.t(lang) } else { "" };
    line(frame, v.status, &format!("{today}  {who}  {busy}"), dim);
    let body = v.body;
    let sel_style = |i: usize, selected: usize| if i == selected { bold.bg(SELECTED_BG) } else { normal };
    match &d.screen {
        Screen::Login { field: f, staff_id, pin } => {
            line(frame, row(body, 0), ds::LOGIN_TITLE.t(lang), bold);
            let no_cursor = d.prompt.is_some();
            field(frame, row(body, 2), ds::STAFF_ID.t(lang), staff_id, *f == LoginField::Id && !no_cursor);
            field(frame, row(body, 4), ds::PIN.t(lang), &"*".repeat(pin.len()), *f == LoginField::Pin && !no_cursor);
        }
        Screen::Home { queue, selected } => {
            line(frame, row(body, 0), ds::QUEUE_TITLE.t(lang), bold);
            if queue.is_empty() {
                line(frame, row(body, 2), ds::QUEUE_EMPTY.t(lang), dim);
            }
            for (r, i) in &v.rows {
                let tk = &queue[*i];
                let matter = tk.matter.as_deref().map(|m| matter_name(d, m)).unwrap_or_default();
                let s = format!(
                    "{:<6}{:<8}{}  {}",
                    tk.label,
                    ds::ticket_state(lang, tk.state.code()),
                    tk.issued_at.format("%H:%M"),
                    matter
                );
                line(frame, *r, &s, sel_style(*i, *selected));
            }
        }
        Screen::PickMatter { selected, .. } => {
            line(frame, row(body, 0), ds::PICK_MATTER.t(lang), bold);
            for (r, i) in &v.rows {
                let m = &d.settings.matters.matters[*i];
                let name = if lang == Lang::Zh { &m.name } else { &m.name_en };
                let s = format!("{name}  ({})", ds::limits(lang, m.statutory_days, m.committed_days));
                line(frame, *r, &s, sel_style(*i, *selected));
            }
        }
        Screen::Intake { case, form, field: f, known } => {
            line(
                frame,
                row(body, 0),
                &format!("{}  {}  {}", ds::INTAKE_TITLE.t(lang), case.number, matter_name(d, &case.matter)),
                bold,
            );
            let labels = [ds::F_NAME, ds::F_ID, ds::F_PHONE, ds::F_ENTERPRISE, ds::F_CREDIT];
            let values = [&form.name, &form.id_number, &form.phone, &form.enterprise, &form.credit_code];
            for i in 0..INTAKE_FIELDS {
                let focused = *f == i && d.prompt.is_none();
                // The ID number is shown whole only while it is being typed.
                let masked;
                let value = if i == 1 && !focused {
                    masked = crate::domain::id::mask(values[i]);
                    &masked
                } else {
                    values[i]
                };
                field(frame, row(body, 2 + i as u16), labels[i].t(lang), value, focused);
            }
            match known {
                Some(Some(k)) => {
                    for (i, s) in known_lines(lang, k).iter().enumerate() {
                        line(frame, row(body, 8 + i as u16), s, if i == 0 { bold.fg(ui::OK_FG) } else { normal });
                    }
                }
                Some(None) => line(frame, row(body, 8), ds::NOT_KNOWN.t(lang), dim),
                None => {}
            }
            // A 复审 that cannot simply be taken in (30号令 art. 22, 26): below the holder's lines.
            if let Some(w) = super::hall::intake_warning(&case.matter, known, !form.id_number.trim().is_empty()) {
                let below = match known {
                    Some(Some(k)) => known_lines(lang, k).len() as u16,
                    _ => 1,
                };
                let r = Rect { height: 2.min(body.height.saturating_sub(9 + below)), ..row(body, 9 + below) };
                // The one line breaker (禁则: no full-width punctuation at a line's start).
                ui::text(frame, r, &super::hall::review_warning(lang, &w), bold.fg(ui::WARN_FG));
            }
        }
        Screen::Checklist { case, items, selected } => {
            line(
                frame,
                row(body, 0),
                &format!("{}  {}  {}", ds::CHECKLIST_TITLE.t(lang), case.number, matter_name(d, &case.matter)),
                bold,
            );
            let matter = d.settings.matters.get(&case.matter);
            for (r, i) in &v.rows {
                let it = &items[*i];
                let m = matter.and_then(|m| m.material(&it.material));
                let mut tags = vec![];
                if m.is_some_and(|m| m.key) {
                    tags.push(ds::KEY_MATERIAL.t(lang));
                }
                if m.is_some_and(|m| m.pledgeable) {
                    tags.push(ds::PLEDGEABLE.t(lang));
                }
                let state = ds::material_state(lang, &it.state);
                let tags = if tags.is_empty() { String::new() } else { format!("  ({})", tags.join(", ")) };
                // The state first, so it shows however long the material's name is.
                let s = format!(
                    "{}. [{}]  {}{tags}",
                    i + 1,
                    screen_safe(&state),
                    material_name(d, &case.matter, &it.material),
                );
                let fg = match it.state {
                    MaterialState::Provided | MaterialState::Pledged | MaterialState::Corrected { .. } => ui::OK_FG,
                    MaterialState::Unchecked => FG,
                    _ => ui::WARN_FG,
                };
                line(frame, *r, &s, sel_style(*i, *selected).fg(fg));
            }
        }
        Screen::Case { line: l } => {
            let cs = &l.case;
            line(
                frame,
                row(body, 0),
                &format!("{}  {}  {}", ds::CASE_TITLE.t(lang), cs.number, matter_name(d, &cs.matter)),
                bold,
            );
            let mut rows = vec![
                format!("{}: {}", ds::STATE.t(lang), ds::case_state(lang, cs.state)),
                format!(
                    "{}: {}  {}  {}",
                    ds::VISITOR.t(lang),
                    screen_safe(&cs.visitor.name),
                    cs.visitor.masked_id.as_deref().unwrap_or(""),
                    screen_safe(cs.visitor.enterprise.as_deref().unwrap_or(""))
                ),
                format!("{}: {}   {}: {}", ds::FIRST_OWNER.t(lang), cs.first_owner, ds::OWNER.t(lang), cs.owner),
            ];
            // The case's time under the 行政许可法 (receipt, notice countdown, both limits with
            // what remains of each, decision, delivery): it says the dates when it has them.
            let time = l.time.as_ref().map(|t| super::time_strings::summary(lang, t)).unwrap_or_default();
            let limits_shown = l.time.as_ref().is_some_and(|t| t.statutory.is_some());
            if let (Some(dl), false) = (&l.deadline, limits_shown) {
                rows.push(ds::deadline(lang, dl));
                if let Some(s) = cs.statutory_due_on {
                    rows.push(ds::statutory_due(lang, s, cs.provisional.statutory));
                }
            }
            rows.extend(time.into_iter().map(|(s, _)| s));
            if let Some(m) = &cs.due_moved {
                rows.extend(ds::due_moved(lang, m));
            }
            if let Some(p) = cs.pledge_due {
                rows.push(format!("{}: {p}", ds::PLEDGE_DUE.t(lang)));
                if cs.pledge_after_due() {
                    rows.push(ds::PLEDGE_AFTER_DUE.t(lang).to_string());
                }
            }
            if l.marks > 0 {
                rows.push(super::roles_text::marked_warning(lang, l.marks));
            }
            if !l.history.is_empty() {
                rows.push(format!("{}:", super::roles_text::history_title(lang)));
                // The latest steps, newest last (the page has room for a few).
                let skip = l.history.len().saturating_sub(4);
                rows.extend(
                    l.history
                        .iter()
                        .skip(skip)
                        .map(|s| format!("  {}", screen_safe(&super::roles_text::history_line(lang, s)))),
                );
            }
            if let Some(p) = &l.post {
                let t = p.tracking.as_deref().map(screen_safe).unwrap_or_else(|| ds::NOT_SENT.t(lang).into());
                // The tracking number first: the address may be longer than the screen.
                rows.push(format!("{}: {}  {t}", ds::POST.t(lang), ds::TRACKING.t(lang)));
                rows.push(format!("  {}", screen_safe(&p.address)));
            }
            let preview_w = if d.preview.is_some() && body.width >= 90 { 40 } else { 0 };
            let left = Rect { width: body.width.saturating_sub(preview_w), ..body };
            for (i, s) in rows.iter().enumerate() {
                line(frame, row(left, 2 + i as u16), s, normal);
            }
            if let (Some(p), true) = (&d.preview, preview_w > 0) {
                preview_pane(frame, Rect { x: body.x + body.width - preview_w + 2, width: preview_w - 2, ..body }, p);
            }
        }
        Screen::List { kind, cases, known, selected } => {
            line(frame, row(body, 0), ds::list_title(lang, *kind), bold);
            let mut skip = 0;
            if let Some(k) = known {
                let ks = known_lines(lang, k);
                for (i, s) in ks.iter().enumerate() {
                    let st = k.certificates.get(i.wrapping_sub(1)).map(|(_, s)| status_fg(s)).unwrap_or(ui::OK_FG);
                    line(frame, row(body, 1 + i as u16), s, normal.fg(st));
                }
                skip = ks.len();
            }
            if cases.is_empty() {
                line(frame, row(body, 2 + skip as u16), ds::LIST_EMPTY.t(lang), dim);
            }
            for (r, i) in &v.rows {
                if skip > 0 {
                    // Rows shift below the holder's lines.
                    let r = Rect { y: r.y + skip as u16, ..*r };
                    if r.y < body.y + body.height {
                        line(frame, r, &case_summary(d, *kind, &cases[*i]), sel_style(*i, *selected));
                    }
                } else {
                    line(frame, *r, &case_summary(d, *kind, &cases[*i]), sel_style(*i, *selected));
                }
            }
        }
        Screen::Holder { known: k, selected, .. } => {
            line(frame, row(body, 0), ds::HOLDER_TITLE.t(lang), bold);
            // The holder's line sits on the column-title row above the list.
            line(frame, row(body, 1), &format!("{}  {}", screen_safe(&k.name), k.masked_id), bold.fg(ui::OK_FG));
            let preview_w = if d.preview.is_some() && body.width >= 90 { 40 } else { 0 };
            let left_w = body.width.saturating_sub(preview_w);
            if k.certificates.is_empty() {
                line(frame, row(body, 2), ds::HOLDER_NO_CERTS.t(lang), dim);
            }
            let mut last_y = body.y + 1;
            for (r, i) in &v.rows {
                let (c, st) = &k.certificates[*i];
                let title = if lang == Lang::Zh { c.kind.title_zh() } else { c.kind.title_en() };
                let status = if lang == Lang::Zh { crate::words::status_zh(*st) } else { crate::words::status_en(*st) };
                let s = format!("{title}  {}  {}  {status}", screen_safe(&c.scope_zh()), c.masked_number());
                let fg = status_fg(st);
                let style = if *i == *selected { bold.bg(SELECTED_BG).fg(fg) } else { normal.fg(fg) };
                line(frame, Rect { width: left_w, ..*r }, &s, style);
                last_y = r.y;
            }
            // The selected certificate's status and next step, with dates (the kiosk's and the
            // slip's words): the rows above may be cut where the preview of a print stands.
            if let Some((_, st)) = k.certificates.get(*selected) {
                let status = if lang == Lang::Zh { crate::words::status_zh(*st) } else { crate::words::status_en(*st) };
                let y = last_y + 2;
                if y < body.y + body.height {
                    let r = Rect { y, height: 1, width: left_w, ..body };
                    line(frame, r, &format!("{}: {status}", ds::STATUS.t(lang)), normal.fg(status_fg(st)));
                }
                last_y += 1;
                let text = match k.next_steps.get(*selected) {
                    Some((zh, en)) => t::pick(lang, zh.clone(), en.clone()),
                    None => String::new(),
                };
                let y = last_y + 2;
                if y < body.y + body.height {
                    let r = Rect { y, height: 1, width: left_w, ..body };
                    line(frame, r, &format!("{}: {}", ds::NEXT_STEP.t(lang), text), normal);
                }
            }
            if let (Some(p), true) = (&d.preview, preview_w > 0) {
                preview_pane(frame, Rect { x: body.x + body.width - preview_w + 2, width: preview_w - 2, ..body }, p);
            }
        }
        Screen::Holders { .. } => super::screens::holders::draw(d, frame, body, &v.rows),
        Screen::Appointments { list, selected } => {
            line(frame, row(body, 0), ds::APPTS_TITLE.t(lang), bold);
            if list.is_empty() {
                line(frame, row(body, 2), ds::APPTS_EMPTY.t(lang), dim);
            }
            for (r, i) in &v.rows {
                let a = &list[*i];
                // The 延时服务 mark next to the time, where it shows on a narrow screen too.
                let ext = if a.extended { format!(" [{}]", ds::EXTENDED.t(lang)) } else { String::new() };
                // A cancelled one says why next to its state, before the rest can be cut.
                let parts = [
                    format!("{} {}{ext}", a.day, screen_safe(&a.slot)),
                    ds::appointment_state(lang, &a.state).to_string(),
                    a.cancel_reason
                        .as_deref()
                        .map(|r| format!("({}: {})", ds::CANCELLED_BECAUSE.t(lang), screen_safe(r)))
                        .unwrap_or_default(),
                    screen_safe(&a.name),
                    matter_name(d, &a.matter),
                    screen_safe(a.phone.as_deref().unwrap_or("")),
                    screen_safe(a.enterprise.as_deref().unwrap_or("")),
                ];
                let s = parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("  ");
                let fg = if a.state == "booked" { FG } else { DIM };
                let style = if *i == *selected { bold.bg(SELECTED_BG).fg(fg) } else { normal.fg(fg) };
                line(frame, *r, &s, style);
            }
        }
        Screen::Book { matter, fields, field: f } => {
            line(frame, row(body, 0), &format!("{}  {}", ds::BOOK_TITLE.t(lang), matter_name(d, matter)), bold);
            let labels = [ds::F_DAY, ds::F_SLOT, ds::F_NAME, ds::F_PHONE, ds::F_ENTERPRISE];
            for (i, label) in labels.iter().enumerate() {
                let focused = *f == i && d.prompt.is_none();
                // An ID number typed into a field shows whole only while that field is typed in.
                let shown =
                    if focused { fields[i].clone() } else { crate::domain::id::mask_in_text(&fields[i]).into_owned() };
                field(frame, row(body, 2 + i as u16), label.t(lang), &shown, focused);
            }
        }
        Screen::Tasks { .. } => super::screens::tasks::draw(d, &v, frame),
        Screen::Task { .. } => super::screens::task::draw(d, &v, frame),
        Screen::Reports(v) => {
            // Its key bar comes from its command table, like every screen's.
            super::reports::draw(d, v, frame, body);
        }
        Screen::CaseTime { .. } | Screen::NoticesOwed { .. } => super::screens::case_time::draw(d, frame, body),
    }
    if d.outage() {
        super::outage::draw(d, frame, v.note);
    } else if let Some(n) = &d.note {
        let (s, fg) = note_text(d, n);
        frame.render_widget(Paragraph::new(ui::wrap_str(&s, v.note.width)).style(normal.fg(fg)), v.note);
    }
    if let Some(p) = &d.prompt {
        let label = match &p.kind {
            PromptKind::Defect { .. } => ds::PROMPT_DEFECT,
            PromptKind::PledgeDue => ds::PROMPT_PLEDGE_DUE,
            PromptKind::RefuseReason => ds::PROMPT_REASON,
            PromptKind::HandOffTo => ds::PROMPT_HANDOFF_TO,
            PromptKind::HandOffWhy { .. } => ds::PROMPT_HANDOFF_WHY,
            PromptKind::Search => ds::PROMPT_SEARCH,
            PromptKind::ReportPeriod => ds::PROMPT_PERIOD,
            PromptKind::OverrideReason => ds::PROMPT_OVERRIDE_REASON,
            PromptKind::PostAddress => ds::PROMPT_POST_ADDRESS,
            PromptKind::Tracking => ds::PROMPT_TRACKING,
            PromptKind::CancelReason { .. } => ds::PROMPT_CANCEL_APPT,
            PromptKind::OverrideSupervisor { .. } => ds::PROMPT_OVERRIDE_SUPERVISOR,
            PromptKind::OverridePin { .. } => ds::PROMPT_OVERRIDE_PIN,
            PromptKind::Time(t) => t.label(),
            PromptKind::Loop(p) => p.label(),
            PromptKind::Enquiry(s) => s.label(),
            PromptKind::Stage(s) => s.title(),
        };
        line(frame, row(v.prompt, 0), label.t(lang), bold.fg(ui::WARN_FG));
        let shown = if p.kind.is_secret() { "*".repeat(p.input.len()) } else { p.input.clone() };
        labelled(frame, row(v.prompt, 1), 2, "> ", &shown, true);
    }
    // The key bar: each command where `layout` put it, so a click on it does what its key does.
    for k in &v.key_items {
        let st = Style::default().fg(if k.action.is_some() { FG } else { DIM }).bg(BG);
        line(frame, k.rect, &k.text, st);
    }
}
