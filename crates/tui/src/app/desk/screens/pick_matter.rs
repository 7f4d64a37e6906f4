//! Choosing the matter of a new case, or of a new appointment (`book`).

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::BOOK_FIELDS;

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
