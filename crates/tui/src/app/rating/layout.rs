//! Where everything on the rating screen sits, built once per frame and used both by `draw` and
//! by hit-testing, so what is drawn is what is touchable.

use super::strings as rs;
use super::{RatingScreen, Screen};
use crate::app::strings as t;
use crate::app::ui::{self, Button, ButtonKind};
use crate::app::Action;
use crate::domain::intake::Rating;
use crate::domain::loops::BadReason;
use ratatui::layout::Rect;

/// Rows of text above the level buttons: the request, how to answer, the case, the staff member.
pub const ASK_ROWS: u16 = 6;
/// Narrowest button that holds "5 Very dissatisfied" with a margin; below five of these side by
/// side the buttons stack.
const MIN_ACROSS: u16 = 21;

pub struct View {
    pub body: Rect,
    /// The language toggle, then (when asking) the five levels in order.
    pub buttons: Vec<Button>,
}

fn kind(r: Rating) -> ButtonKind {
    match r {
        Rating::VerySatisfied | Rating::Satisfied => ButtonKind::Primary,
        Rating::Basic => ButtonKind::Normal,
        Rating::Dissatisfied | Rating::VeryDissatisfied => ButtonKind::Danger,
    }
}

pub fn layout(m: &RatingScreen, area: Rect) -> View {
    let c = ui::chrome(area);
    let body = c.body;
    let mut buttons =
        vec![Button::new(c.lang_button, t::LANG_TOGGLE.t(m.lang), Action::ToggleLang, ButtonKind::Normal)];
    if matches!(m.screen, Screen::Asking { .. }) && !m.shows_outage() {
        let area = Rect { y: body.y + ASK_ROWS.min(body.height), height: body.height.saturating_sub(ASK_ROWS), ..body };
        let items: Vec<(String, Action, ButtonKind)> = Rating::ALL
            .iter()
            .enumerate()
            .map(|(i, r)| (rs::level(m.lang, i, *r), Action::Select(i), kind(*r)))
            .collect();
        if area.width >= 5 * MIN_ACROSS + 8 {
            // Side by side, as tall as a finger needs (at most 9 rows).
            let h = area.height.saturating_sub(1).clamp(1, 9);
            buttons.extend(ui::button_row(Rect { height: h, ..area }, items));
        } else {
            // Stacked, centred, one row apart when there is room.
            // The last button needs no gap after it: 5 buttons of h rows and 4 gaps.
            let slot = ((area.height + 1) / 5).max(1);
            let h = if slot >= 3 { slot - 1 } else { slot };
            let w = area.width.min(48);
            let x = area.x + (area.width - w) / 2;
            for (i, (label, action, k)) in items.into_iter().enumerate() {
                let y = area.y + i as u16 * slot;
                if y + h <= area.y + area.height {
                    buttons.push(Button::new(Rect { x, y, width: w, height: h }, label, action, k));
                }
            }
        }
    }
    if matches!(m.screen, Screen::Reason { .. }) && !m.shows_outage() {
        // Six reasons, three to a row, under the question.
        let area = Rect { y: body.y + ASK_ROWS.min(body.height), height: body.height.saturating_sub(ASK_ROWS), ..body };
        let h = (area.height / 2).saturating_sub(1).clamp(1, 5);
        for (k, chunk) in BadReason::ALL.chunks(3).enumerate() {
            let items: Vec<(String, Action, ButtonKind)> = chunk
                .iter()
                .enumerate()
                .map(|(j, r)| {
                    let i = k * 3 + j;
                    (rs::reason(m.lang, i, *r), Action::Select(i), ButtonKind::Normal)
                })
                .collect();
            let y = area.y + k as u16 * (h + 1);
            if y + h <= area.y + area.height {
                buttons.extend(ui::button_row(Rect { y, height: h, ..area }, items));
            }
        }
    }
    View { body, buttons }
}

/// What a touch at (col, row) means on the current screen.
pub fn hit(m: &RatingScreen, area: Rect, col: u16, row: u16) -> Option<Action> {
    layout(m, area).buttons.into_iter().find(|b| b.contains(col, row)).map(|b| b.action)
}
