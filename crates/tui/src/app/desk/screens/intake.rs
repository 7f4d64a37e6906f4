//! The visitor form (来访登记): who is applying, checked against the registry.

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::{login_screen, Note, Problem, INTAKE_FIELDS, MAX_FIELD};

pub fn commands(d: &Desk) -> Vec<Command> {
    use Cmd as C;
    use Key as K;
    let known = matches!(&d.screen, Screen::Intake { known: Some(Some(_)), .. });
    vec![
        row(K::Tab, C::NextField, l::NEXT_FIELD),
        row(K::Enter, C::Save, l::SAVE),
        row(K::F(4), C::Materials, l::MATERIALS_FORM),
        row(K::Esc, C::BackToCase, l::BACK_TO_CASE_FORM),
        row(K::F(3), C::HolderPage, l::HOLDER_PAGE).when(known),
        // Saves with the credit code kept as typed; shown when the check questioned it.
        row(K::F(8), C::KeepCreditCode, l::KEEP_CREDIT_CODE)
            .on_bar(matches!(d.note, Some(Note::Problem(Problem::CreditCheck { .. })))),
    ]
}

pub fn update(d: &mut Desk, action: Action, cmd: Option<Cmd>) -> Effects {
    let Screen::Intake { case, form, field, known } = &mut d.screen else { return vec![] };
    let f = match *field {
        0 => &mut form.name,
        1 => &mut form.id_number,
        2 => &mut form.phone,
        3 => &mut form.enterprise,
        _ => &mut form.credit_code,
    };
    match (cmd, action) {
        (Some(Cmd::Materials), _) => {
            let e = Effect::Checklist { case: case.id };
            return d.ask(e);
        }
        // F3: the known holder's page (certificates, staff-assisted prints); Esc there comes
        // back to this form with nothing lost.
        (Some(Cmd::HolderPage), _) => {
            let Some(Some(k)) = known.clone() else { return vec![] };
            d.preview = None;
            let form = std::mem::replace(&mut d.screen, login_screen());
            d.screen = Screen::Holder { known: k, selected: 0, back: Some(Box::new(form)) };
            return vec![];
        }
        (Some(Cmd::KeepCreditCode), _) => {
            form.confirm_credit_code = true;
            let e = Effect::SaveVisitor { case: case.id, form: form.clone() };
            return d.ask(e);
        }
        (Some(Cmd::Save), _) => {
            let e = Effect::SaveVisitor { case: case.id, form: form.clone() };
            return d.ask(e);
        }
        (Some(Cmd::BackToCase), _) => {
            let e = Effect::Case { case: case.id };
            return d.ask(e);
        }
        (_, Action::Input(c)) if !c.is_control() && f.chars().count() < MAX_FIELD => {
            f.push(c);
            if *field == 4 {
                form.confirm_credit_code = false;
            }
        }
        (_, Action::Backspace) => {
            f.pop();
        }
        (_, Action::NextField | Action::Down) => *field = (*field + 1) % INTAKE_FIELDS,
        (_, Action::PrevField | Action::Up) => *field = (*field + INTAKE_FIELDS - 1) % INTAKE_FIELDS,
        _ => {}
    }
    vec![]
}
