//! The visitor form (来访登记): who is applying, checked against the registry.

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::{login_screen, Note, Problem, INTAKE_FIELDS, MAX_FIELD};
use crate::app::desk::{Known, VisitorForm};
use crate::domain::records::CaseRecord;

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

/// A new case: the visitor form (an appointment's visitor comes with what they booked with).
pub fn opened(d: &mut Desk, case: CaseRecord) {
    // An appointment's visitor comes with the name, phone and employer they booked with.
    let v = &case.visitor;
    let form = VisitorForm {
        name: v.name.clone(),
        phone: v.phone.clone().unwrap_or_default(),
        enterprise: v.enterprise.clone().unwrap_or_default(),
        ..VisitorForm::default()
    };
    d.screen = Screen::Intake { case, form, field: 0, known: None };
}

/// The visitor saved: the form shows who it is (a registered holder's certificates).
pub fn visitor_saved(d: &mut Desk, case: CaseRecord, known: Option<Known>) {
    // Stay to show who it is (a registered holder's certificates); F4 goes on to the
    // materials.
    d.note = None;
    // The form may be waiting behind the holder page (F3 pressed while the save was
    // on its way): the answer goes to the form there.
    let screen = match &mut d.screen {
        Screen::Holder { back: Some(form), .. } => form.as_mut(),
        other => other,
    };
    if let Screen::Intake { case: c, known: k, form, .. } = screen {
        if form.name.trim().is_empty() {
            // The registry's name for a registered holder.
            form.name = case.visitor.name.clone();
        }
        // And the registry's phone and employer where the form had none.
        if form.phone.trim().is_empty() {
            form.phone = case.visitor.phone.clone().unwrap_or_default();
        }
        if form.enterprise.trim().is_empty() {
            form.enterprise = case.visitor.enterprise.clone().unwrap_or_default();
        }
        *c = case;
        *k = Some(known);
    }
}

/// Draw this screen's body (the desk's frame, note, prompt and key bar are `draw.rs`'s).
pub fn draw(d: &Desk, frame: &mut ratatui::Frame, c: &crate::app::desk::draw::Canvas) {
    use crate::app::desk::draw::{field, known_lines, line, matter_name, row};
    use crate::app::desk::strings as ds;
    use crate::app::ui;
    use ratatui::layout::Rect;
    let Screen::Intake { case, form, field: f, known } = &d.screen else { return };
    let crate::app::desk::draw::Canvas { body, lang, normal, dim, bold, .. } = *c;
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
    if let Some(w) = crate::app::desk::hall::intake_warning(&case.matter, known, !form.id_number.trim().is_empty()) {
        let below = match known {
            Some(Some(k)) => known_lines(lang, k).len() as u16,
            _ => 1,
        };
        let r = Rect { height: 2.min(body.height.saturating_sub(9 + below)), ..row(body, 9 + below) };
        // The one line breaker (禁则: no full-width punctuation at a line's start).
        ui::text(frame, r, &crate::app::desk::hall::review_warning(lang, &w), bold.fg(ui::WARN_FG));
    }
}
