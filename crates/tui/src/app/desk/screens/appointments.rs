//! Today's appointments and the coming ones (预约服务).

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::{Note, Problem, Prompt, PromptKind};
use crate::domain::records::Appointment;

pub fn commands() -> Vec<Command> {
    use Cmd as C;
    use Key as K;
    vec![
        row(K::Hint, C::Hint, l::CHOOSE),
        row(K::Enter, C::Arrived, l::ARRIVED),
        row(K::F(1), C::Book, l::BOOK),
        row(K::F(8), C::CancelAppointment, l::CANCEL_APPOINTMENT),
        row(K::Esc, C::Home, l::HOME),
    ]
}

pub fn update(d: &mut Desk, cmd: Option<Cmd>) -> Effects {
    let Screen::Appointments { list, selected } = &d.screen else { return vec![] };
    match cmd {
        Some(Cmd::Book) => {
            d.screen = Screen::PickMatter { selected: 0, ticket: None, book: true };
            vec![]
        }
        Some(Cmd::Arrived) => match list.get(*selected) {
            Some(a) => {
                let e = Effect::Arrive { appointment: a.id };
                d.ask(e)
            }
            None => vec![],
        },
        // F8: cancel the selected appointment, with a reason. Only a booked one: an arrived
        // visitor has a ticket already, a cancelled one is done.
        Some(Cmd::CancelAppointment) => match list.get(*selected) {
            Some(a) if a.state == "booked" => {
                d.prompt = Some(Prompt { kind: PromptKind::CancelReason { appointment: a.id }, input: String::new() });
                vec![]
            }
            Some(a) => {
                let p = if a.state == "cancelled" { Problem::AppointmentCancelled } else { Problem::AppointmentUsed };
                d.note = Some(Note::Problem(p));
                vec![]
            }
            None => vec![],
        },
        Some(Cmd::Home) => d.go_home(),
        _ => vec![],
    }
}

/// Why the selected appointment is cancelled (kept with it and in the audit log).
pub fn submit(d: &mut Desk, appointment: i64, text: String) -> Effects {
    if text.is_empty() {
        d.note = Some(Note::Problem(Problem::NoReason));
        d.prompt = Some(Prompt { kind: PromptKind::CancelReason { appointment }, input: String::new() });
        return vec![];
    }
    d.ask(Effect::CancelAppointment { appointment, reason: text })
}

/// The appointments, loaded (the selection kept within them).
pub fn shown(d: &mut Desk, list: Vec<Appointment>) {
    let selected = match &d.screen {
        Screen::Appointments { selected, .. } => (*selected).min(list.len().saturating_sub(1)),
        _ => 0,
    };
    d.screen = Screen::Appointments { list, selected };
}

/// Booked: the list with the new appointment selected.
pub fn booked(d: &mut Desk, list: Vec<Appointment>, id: i64) {
    let selected = list.iter().position(|a| a.id == id).unwrap_or(0);
    if let Some(a) = list.get(selected).filter(|a| a.id == id) {
        d.note = Some(Note::Booked { day: a.day, slot: a.slot.clone(), extended: a.extended });
    }
    d.screen = Screen::Appointments { list, selected };
}

/// Cancelled: the list with the cancelled appointment selected.
pub fn cancelled(d: &mut Desk, list: Vec<Appointment>, cancelled: Appointment) {
    let selected = list.iter().position(|a| a.id == cancelled.id).unwrap_or(0);
    d.note = Some(Note::AppointmentCancelled { day: cancelled.day, slot: cancelled.slot });
    d.screen = Screen::Appointments { list, selected };
}

/// Draw this screen's body (the desk's frame, note, prompt and key bar are `draw.rs`'s).
pub fn draw(d: &Desk, frame: &mut ratatui::Frame, c: &crate::app::desk::draw::Canvas) {
    use crate::app::desk::draw::{line, matter_name, row, SELECTED_BG};
    use crate::app::desk::strings as ds;
    use crate::app::strings::screen_safe;
    use crate::app::ui::DIM;
    use crate::app::ui::FG;
    let Screen::Appointments { list, selected } = &d.screen else { return };
    let crate::app::desk::draw::Canvas { body, v, lang, normal, dim, bold, .. } = *c;
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
