//! Drawing the rating screens. Reads state only; where things sit comes from `layout`.

use super::layout::layout;
use super::strings as rs;
use super::{RatingScreen, Screen};
use crate::app::strings::{self as t, screen_safe};
use crate::app::ui::{self, BG, DIM, FG};
use ratatui::{
    layout::Rect,
    style::{Modifier, Style},
    Frame,
};

pub fn draw(m: &RatingScreen, frame: &mut Frame) {
    let area = frame.area();
    ui::fill(frame, area, BG);
    let c = ui::chrome(area);
    let lang = m.lang;
    ui::draw_header(frame, &c, &screen_safe(&m.settings.bureau), &rs::counter(lang, m.settings.counter));
    let v = layout(m, area);
    for b in &v.buttons {
        ui::draw_button(frame, b);
    }
    ui::draw_footer(frame, &c, rs::TITLE.t(lang));
    let body = v.body;
    let bold = Style::default().fg(FG).add_modifier(Modifier::BOLD);
    let dim = Style::default().fg(DIM);
    let mid = |dy: u16| ui::row(body, body.height / 3 + dy, 1);
    if m.shows_outage() {
        ui::centered(frame, mid(0), rs::OUTAGE_TITLE.t(lang), bold.fg(ui::WARN_FG));
        ui::centered(
            frame,
            Rect { height: 2.min(body.height), ..mid(2) },
            rs::OUTAGE_BODY.t(lang),
            Style::default().fg(FG),
        );
        if let Screen::Asking { chosen: Some(r), .. } = &m.screen {
            ui::centered(frame, Rect { height: 2.min(body.height), ..mid(5) }, &rs::outage_kept(lang, *r), bold);
        }
        return;
    }
    match &m.screen {
        Screen::Idle => {
            ui::centered(frame, mid(0), rs::WELCOME.t(lang), bold);
            ui::centered(frame, mid(2), rs::IDLE_HINT.t(lang), dim);
        }
        Screen::Asking { ask, chosen } => {
            ui::centered(frame, ui::row(body, 0, 1), rs::ASK.t(lang), bold.fg(ui::WARN_FG));
            let how = match (chosen, m.outage()) {
                (Some(_), _) => rs::SENDING.t(lang),
                (None, true) => rs::OUTAGE_ASKING.t(lang),
                (None, false) => rs::ASK_HOW.t(lang),
            };
            ui::centered(frame, ui::row(body, 1, 1), how, dim);
            ui::centered(
                frame,
                ui::row(body, 3, 1),
                &rs::case_line(lang, &screen_safe(&ask.case_number)),
                Style::default().fg(FG),
            );
            let name = ask.staff_name.as_deref().map(screen_safe);
            ui::centered(
                frame,
                ui::row(body, 4, 1),
                &rs::staff_line(lang, &screen_safe(&ask.staff_id), name.as_deref()),
                Style::default().fg(FG),
            );
        }
        Screen::Reason { .. } => {
            ui::centered(frame, ui::row(body, 0, 1), rs::REASON_ASK.t(lang), bold.fg(ui::WARN_FG));
            ui::centered(frame, ui::row(body, 1, 1), rs::REASON_HOW.t(lang), dim);
            ui::centered(frame, ui::row(body, 3, 1), rs::REASON_KEPT.t(lang), Style::default().fg(FG));
        }
        Screen::Thanks { bad, .. } => {
            ui::centered(frame, mid(0), rs::THANKS.t(lang), bold.fg(ui::OK_FG));
            let more = if *bad { rs::THANKS_BAD } else { rs::THANKS_GOOD };
            ui::centered(frame, Rect { height: 2.min(body.height), ..mid(2) }, more.t(lang), Style::default().fg(FG));
        }
        Screen::Unavailable { .. } => {
            ui::centered(
                frame,
                Rect { height: 2.min(body.height), ..mid(0) },
                rs::UNAVAILABLE.t(lang),
                bold.fg(ui::BAD_FG),
            );
        }
        Screen::OutOfService => {
            ui::centered(frame, mid(0), t::OUT_OF_SERVICE.t(lang), bold.fg(ui::BAD_FG));
        }
    }
}
