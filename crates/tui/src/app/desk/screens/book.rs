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
