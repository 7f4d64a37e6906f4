//! A registered holder's page: certificates with status and next step, staff-assisted prints.
//! Reached from a search (Esc goes to the queue) or from the visitor form (Esc goes back to it).

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::Doc;

pub fn commands(d: &Desk) -> Vec<Command> {
    use Cmd as C;
    use Key as K;
    let from_form = matches!(&d.screen, Screen::Holder { back: Some(_), .. });
    vec![
        row(K::Hint, C::Hint, l::CHOOSE_CERT),
        row(K::F(5), C::PrintCertSlip, l::PRINT_CERT_SLIP),
        row(K::F(6), C::PrintReminder, l::PRINT_REMINDER),
        if from_form { row(K::Esc, C::BackToForm, l::BACK_TO_FORM) } else { row(K::Esc, C::Home, l::CASE_HOME) },
    ]
}

pub fn update(d: &mut Desk, cmd: Option<Cmd>) -> Effects {
    let counter = d.settings.counter;
    let Screen::Holder { known, selected, back } = &mut d.screen else { return vec![] };
    let cert = known.certificates.get(*selected).map(|(c, _)| c.id);
    let doc = match cmd {
        Some(Cmd::PrintCertSlip) => Doc::CertSlip,
        Some(Cmd::PrintReminder) => Doc::Reminder,
        // Back to the visitor form as the clerk left it; the print's result line stays, its
        // preview (not shown on the form) goes.
        Some(Cmd::BackToForm) => {
            if let Some(form) = back.take() {
                d.preview = None;
                d.screen = *form;
            }
            return vec![];
        }
        Some(Cmd::Home) => return d.go_home(),
        _ => return vec![],
    };
    match cert {
        Some(cert) => d.ask(Effect::PrintForHolder { cert, doc, counter }),
        None => vec![],
    }
}
