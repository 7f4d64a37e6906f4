//! Booking an appointment: date, slot, name, phone, enterprise.

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::{BookForm, Note, Problem, BOOK_FIELDS, MAX_FIELD};

pub fn commands() -> Vec<Command> {
    use Cmd as C;
    use Key as K;
    vec![
        row(K::Tab, C::NextField, l::NEXT_FIELD),
        row(K::Enter, C::Save, l::BOOK_IT),
        row(K::Esc, C::BackToAppointments, l::BOOK_BACK),
    ]
}

pub fn update(d: &mut Desk, action: Action, cmd: Option<Cmd>) -> Effects {
    let Screen::Book { matter, fields, field } = &mut d.screen else { return vec![] };
    match (cmd, action) {
        (Some(Cmd::Save), _) => {
            let day = match chrono::NaiveDate::parse_from_str(fields[0].trim(), "%Y-%m-%d") {
                Ok(day) => day,
                Err(_) => {
                    d.note = Some(Note::Problem(Problem::BadDate));
                    return vec![];
                }
            };
            let form = BookForm {
                matter: matter.clone(),
                day,
                slot: fields[1].clone(),
                name: fields[2].clone(),
                phone: fields[3].clone(),
                enterprise: fields[4].clone(),
            };
            return d.ask(Effect::Book(form));
        }
        (Some(Cmd::BackToAppointments), _) => return d.ask(Effect::Appointments),
        (_, Action::Input(c)) if !c.is_control() && fields[*field].chars().count() < MAX_FIELD => {
            fields[*field].push(c)
        }
        (_, Action::Backspace) => {
            fields[*field].pop();
        }
        (_, Action::NextField | Action::Down) => *field = (*field + 1) % BOOK_FIELDS,
        (_, Action::PrevField | Action::Up) => *field = (*field + BOOK_FIELDS - 1) % BOOK_FIELDS,
        _ => {}
    }
    vec![]
}

/// Draw this screen's body (the desk's frame, note, prompt and key bar are `draw.rs`'s).
pub fn draw(d: &Desk, frame: &mut ratatui::Frame, c: &crate::app::desk::draw::Canvas) {
    use crate::app::desk::draw::{field, line, matter_name, row};
    use crate::app::desk::strings as ds;
    let Screen::Book { matter, fields, field: f } = &d.screen else { return };
    let crate::app::desk::draw::Canvas { body, lang, bold, .. } = *c;
    line(frame, row(body, 0), &format!("{}  {}", ds::BOOK_TITLE.t(lang), matter_name(d, matter)), bold);
    let labels = [ds::F_DAY, ds::F_SLOT, ds::F_NAME, ds::F_PHONE, ds::F_ENTERPRISE];
    for (i, label) in labels.iter().enumerate() {
        let focused = *f == i && d.prompt.is_none();
        // An ID number typed into a field shows whole only while that field is typed in.
        let shown = if focused { fields[i].clone() } else { crate::domain::id::mask_in_text(&fields[i]).into_owned() };
        field(frame, row(body, 2 + i as u16), label.t(lang), &shown, focused);
    }
}
