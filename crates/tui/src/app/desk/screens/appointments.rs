//! Today's appointments and the coming ones (预约服务).

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::{Note, Problem, Prompt, PromptKind};

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
