//! The staff login (工作人员登录): staff number and PIN.

use super::*;
use crate::app::desk::draw::Canvas;
use ratatui::Frame;

/// Draw this screen's body (the desk's frame, note, prompt and key bar are `draw.rs`'s).
pub fn draw(d: &Desk, frame: &mut Frame, c: &Canvas) {
    use crate::app::desk::draw::{field, line, row};
    use crate::app::desk::strings as ds;
    use crate::app::desk::LoginField;
    let Screen::Login { field: f, staff_id, pin } = &d.screen else { return };
    let Canvas { body, lang, bold, .. } = *c;
    line(frame, row(body, 0), ds::LOGIN_TITLE.t(lang), bold);
    let no_cursor = d.prompt.is_some();
    field(frame, row(body, 2), ds::STAFF_ID.t(lang), staff_id, *f == LoginField::Id && !no_cursor);
    field(frame, row(body, 4), ds::PIN.t(lang), &"*".repeat(pin.len()), *f == LoginField::Pin && !no_cursor);
}
