//! The staff sign-in: staff number, then PIN (the desk's first screen).

use super::*;
use crate::app::desk::LoginField;
use crate::app::staff::{self, Purpose};

pub fn update(d: &mut Desk, action: Action) -> Effects {
    let Screen::Login { field, staff_id, pin } = &mut d.screen else { return vec![] };
    match action {
        Action::Input(c) => {
            d.note = None;
            match field {
                LoginField::Id if c.is_ascii_alphanumeric() && staff_id.len() < 32 => staff_id.push(c),
                LoginField::Pin if c.is_ascii_graphic() && pin.len() < 64 => pin.push(c),
                _ => {}
            }
        }
        Action::Backspace => {
            match field {
                LoginField::Id => staff_id.pop(),
                LoginField::Pin => pin.pop(),
            };
        }
        Action::Up | Action::PrevField => *field = LoginField::Id,
        Action::Down | Action::NextField => *field = LoginField::Pin,
        Action::Submit => match field {
            LoginField::Id if !staff_id.is_empty() => *field = LoginField::Pin,
            LoginField::Pin if !pin.is_empty() => {
                let e = staff::Effect::Login {
                    staff_id: std::mem::take(staff_id),
                    pin: std::mem::take(pin),
                    purpose: Purpose::DeskLogin,
                };
                *field = LoginField::Id;
                return vec![e.into()];
            }
            _ => {}
        },
        Action::Back => {
            staff_id.clear();
            pin.clear();
            // (A desk from the kiosk goes back to it: the desk's `Mode::update` says so.)
            *field = LoginField::Id;
        }
        _ => {}
    }
    vec![]
}

/// Draw this screen's body (the desk's frame, note, prompt and key bar are `draw.rs`'s).
pub fn draw(d: &Desk, frame: &mut ratatui::Frame, c: &crate::app::desk::draw::Canvas) {
    use crate::app::desk::draw::{field, line, row};
    use crate::app::desk::strings as ds;
    use crate::app::desk::LoginField;
    let Screen::Login { field: f, staff_id, pin } = &d.screen else { return };
    let crate::app::desk::draw::Canvas { body, lang, bold, .. } = *c;
    line(frame, row(body, 0), ds::LOGIN_TITLE.t(lang), bold);
    let no_cursor = d.prompt.is_some();
    field(frame, row(body, 2), ds::STAFF_ID.t(lang), staff_id, *f == LoginField::Id && !no_cursor);
    field(frame, row(body, 4), ds::PIN.t(lang), &"*".repeat(pin.len()), *f == LoginField::Pin && !no_cursor);
}
