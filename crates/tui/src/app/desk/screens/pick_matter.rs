//! Choosing the matter of a new case, or of a new appointment (`book`).

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::Note;
use crate::app::desk::BOOK_FIELDS;
use crate::domain::records::Ticket;

pub fn commands(book: bool) -> Vec<Command> {
    use Cmd as C;
    use Key as K;
    vec![
        row(K::Hint, C::Hint, l::CHOOSE),
        row(K::Enter, C::Open, l::OPEN),
        // From the appointments, Esc goes back there (the bar said 首页 before: untrue).
        if book {
            row(K::Esc, C::BackToAppointments, l::PICK_BACK_TO_APPOINTMENTS)
        } else {
            row(K::Esc, C::Home, l::HOME)
        },
    ]
}

pub fn update(d: &mut Desk, cmd: Option<Cmd>) -> Effects {
    let codes = d.matter_codes();
    let Screen::PickMatter { selected, ticket, book } = &d.screen else { return vec![] };
    let matter = codes.get(*selected).cloned();
    match (cmd, *book) {
        (Some(Cmd::Open), true) => match matter {
            Some(m) => {
                let mut fields: [String; BOOK_FIELDS] = Default::default();
                // The date starts as today's; staff change it for another day.
                fields[0] = d.settings.clock.today().to_string();
                d.screen = Screen::Book { matter: m, fields, field: 1 };
                vec![]
            }
            None => vec![],
        },
        (Some(Cmd::Open), false) => match matter {
            Some(m) => {
                let e = Effect::OpenCase { matter: m, ticket: *ticket };
                d.ask(e)
            }
            None => vec![],
        },
        (Some(Cmd::BackToAppointments), _) => d.ask(Effect::Appointments),
        (Some(Cmd::Home), _) => d.go_home(),
        _ => vec![],
    }
}

/// A visitor at the window with their ticket (called from the queue, or arrived for an
/// appointment): their case starts with choosing the matter, the ticket's own selected (the
/// one they booked or drew the ticket for; else the first). `note` says which of the two.
pub fn for_ticket(d: &mut Desk, t: &Ticket, note: Note) {
    d.note = Some(note);
    let codes = d.matter_codes();
    let selected = t.matter.as_ref().and_then(|m| codes.iter().position(|c| c == m)).unwrap_or(0);
    d.screen = Screen::PickMatter { selected, ticket: Some(t.id), book: false };
}

/// Draw this screen's body (the desk's frame, note, prompt and key bar are `draw.rs`'s).
pub fn draw(d: &Desk, frame: &mut ratatui::Frame, c: &crate::app::desk::draw::Canvas) {
    use crate::app::desk::draw::{line, row};
    use crate::app::desk::strings as ds;
    use crate::app::strings::Lang;
    let Screen::PickMatter { selected, .. } = &d.screen else { return };
    let crate::app::desk::draw::Canvas { body, v, lang, bold, .. } = *c;
    let sel_style = |i: usize, selected: usize| c.sel_style(i, selected);
    line(frame, row(body, 0), ds::PICK_MATTER.t(lang), bold);
    for (r, i) in &v.rows {
        let m = &d.settings.matters.matters[*i];
        let name = if lang == Lang::Zh { &m.name } else { &m.name_en };
        let s = format!("{name}  ({})", ds::limits(lang, m.statutory_days, m.committed_days));
        line(frame, *r, &s, sel_style(*i, *selected));
    }
}
