//! Where everything sits on the verifier screen, computed once per frame and used by both
//! `draw` and hit-testing.

use super::VerifierStation;
use crate::app::ui::{self, Chrome};
use crate::app::Action;
use ratatui::layout::Rect;

pub struct View {
    pub chrome: Chrome,
    /// The offline note, the body's first row (above the banner).
    pub offline: Rect,
    /// The coloured verdict band (or the prompt on the waiting screen).
    pub banner: Rect,
    /// What to do, under the banner.
    pub advice: Rect,
    /// The signed fields, one per two rows.
    pub fields: Rect,
    /// Today's counts and the list age, at the bottom of the body.
    pub status: Rect,
}

pub fn layout(_v: &VerifierStation, area: Rect) -> View {
    let chrome = ui::chrome(area);
    let b = chrome.body;
    let offline = ui::row(b, 0, 1);
    let banner = ui::row(b, 1, 3);
    let advice = ui::row(b, 4, 2);
    let status_h = 3.min(b.height);
    let status = Rect { y: b.y + b.height - status_h, height: status_h, ..b };
    let top = 6.min(b.height);
    let fields = Rect { y: b.y + top, height: b.height.saturating_sub(top + status_h), ..b };
    View { chrome, offline, banner, advice, fields, status }
}

pub fn hit(v: &VerifierStation, area: Rect, col: u16, row: u16) -> Option<Action> {
    let view = layout(v, area);
    let r = view.chrome.lang_button;
    (col >= r.x && col < r.x + r.width && row >= r.y && row < r.y + r.height).then_some(Action::ToggleLang)
}
