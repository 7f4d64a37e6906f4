//! The reports page's commands (its state, loading and drawing are in `desk/reports.rs`).

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::reports::ReportData;
use crate::app::desk::strings as ds;
use crate::app::desk::{Note, Problem, Prompt, PromptKind};

pub fn commands() -> Vec<Command> {
    use Cmd as C;
    use Key as K;
    vec![
        row(K::Hint, C::Hint, l::TABS),
        // The tabs are drawn on the page (`desk/reports.rs`), F5 to F8 named there.
        row(K::F(5), C::TabRatings, ds::TAB_RATINGS).hidden(),
        row(K::F(6), C::TabDaily, ds::TAB_DAILY).hidden(),
        row(K::F(7), C::TabOverdue, ds::TAB_OVERDUE).hidden(),
        row(K::F(8), C::TabReminders, ds::TAB_REMINDERS).hidden(),
        row(K::Char('1'), C::Days7, l::DAYS_7),
        row(K::Char('2'), C::Days30, l::DAYS_30),
        row(K::Char('3'), C::Days90, l::DAYS_90),
        row(K::Char('4'), C::Days365, l::DAYS_365),
        row(K::F(9), C::TypePeriod, l::TYPE_PERIOD),
        row(K::Hint, C::Hint, l::SCROLL),
        row(K::Esc, C::Home, l::HOME),
    ]
}

pub fn update(d: &mut Desk, action: Action, cmd: Option<Cmd>) -> Effects {
    match cmd {
        Some(Cmd::Home) => d.go_home(),
        Some(Cmd::TypePeriod) => {
            d.prompt = Some(Prompt { kind: PromptKind::ReportPeriod, input: String::new() });
            vec![]
        }
        _ => match crate::app::desk::reports::update(d, action, cmd) {
            Some(e) => d.ask(e),
            None => vec![],
        },
    }
}

/// Draw the page into the body (its key bar comes from its command table, like every screen's).
pub fn draw(d: &Desk, frame: &mut ratatui::Frame, c: &crate::app::desk::draw::Canvas) {
    let Screen::Reports(v) = &d.screen else { return };
    crate::app::desk::reports::draw(d, v, frame, c.body);
}

/// A typed period (F9): the reports of that period, or what is wrong with it.
pub fn submit(d: &mut Desk, text: String) -> Effects {
    let Screen::Reports(v) = &mut d.screen else { return vec![] };
    match crate::app::desk::reports::set_period(v, &text) {
        Ok(e) => d.ask(e),
        Err(e) => {
            d.note = Some(Note::Problem(Problem::BadPeriod(e)));
            vec![]
        }
    }
}
/// A report, loaded into the page.
pub fn loaded(d: &mut Desk, data: ReportData) {
    if let Screen::Reports(v) = &mut d.screen {
        v.data = Some(data);
    }
}
