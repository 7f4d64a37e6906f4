//! The desk's reports page (issue 9 items 5 and 6), opened by F11 on the queue screen: 好差评
//! statistics (a bar per level, then by matter, by staff member, and the bad ratings with their
//! follow-up and callback), daily counts (a line chart over the period, then the days), cases
//! past their due date in working days, and the reminder list grouped by employer (the rows
//! `certdesk remind` writes, phones masked on screen). The data are `crate::report` structs
//! fetched through the worker; this file keeps the page's state, its keys, the tabs' frame and
//! the helpers; each tab draws in its own file (`ratings`, `daily`, `overdue`, `reminders`).
//!
//! Charts are drawn without glyphs of ambiguous width: bars are ASCII `#`, the line chart uses
//! Braille dots, and the axes and legend are plain text beside the chart (ratatui's own axis
//! lines and legend box are box-drawing characters).

use super::strings as ds;
use super::Desk;
use crate::app::strings::{screen_safe, Lang};
use crate::app::ui::{self, BG, DIM, FG};
use crate::report::{Period, Report, DAILY_MEASURES};
use chrono::NaiveDate;
use ratatui::{
    layout::Rect,
    style::{Color, Modifier, Style},
    symbols,
    text::{Line, Span},
    widgets::{Bar, BarChart, BarGroup, Chart, Dataset, GraphType, Paragraph},
    Frame,
};

pub use certdesk_protocol::desk_reports::{mask_phone, ReminderLine, ReportData, ReportTab};

/// The page's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportsView {
    pub tab: ReportTab,
    /// The period of the ratings and daily reports.
    pub period: Period,
    /// Days ahead for the reminder list.
    pub days: i64,
    /// First line of the table shown (Up/Down).
    pub scroll: usize,
    pub data: Option<ReportData>,
}

/// The default reminder window (as `certdesk remind` with the default settings).
pub const REMINDER_DAYS: i64 = 90;

impl ReportsView {
    pub fn new(today: NaiveDate) -> ReportsView {
        ReportsView {
            tab: ReportTab::Ratings,
            period: Period::ending(today, crate::report::DEFAULT_DAYS),
            days: REMINDER_DAYS,
            scroll: 0,
            data: None,
        }
    }

    /// The effect that loads this view's current tab.
    pub fn effect(&self) -> super::Effect {
        super::Effect::Report { tab: self.tab, period: self.period, days: self.days }
    }
}

/// The reports page's tabs, periods and scrolling. Returns the effect to ask for, if any.
pub fn update(d: &mut Desk, action: crate::app::Action, cmd: Option<super::commands::Cmd>) -> Option<super::Effect> {
    use super::commands::Cmd as C;
    use crate::app::Action as A;
    let today = d.settings.clock.today();
    let super::Screen::Reports(v) = &mut d.screen else { return None };
    let v = v.as_mut();
    let reload = |v: &mut ReportsView| {
        v.scroll = 0;
        v.data = None;
        Some(v.effect())
    };
    let tab = |v: &mut ReportsView, tab| {
        v.tab = tab;
        reload(v)
    };
    let days = |v: &mut ReportsView, days| {
        v.period = Period::ending(today, days);
        v.days = days;
        reload(v)
    };
    match (cmd, action) {
        (Some(C::TabRatings), _) => tab(v, ReportTab::Ratings),
        (Some(C::TabDaily), _) => tab(v, ReportTab::Daily),
        (Some(C::TabOverdue), _) => tab(v, ReportTab::Overdue),
        (Some(C::TabReminders), _) => tab(v, ReportTab::Reminders),
        (Some(C::Days7), _) => days(v, 7),
        (Some(C::Days30), _) => days(v, 30),
        (Some(C::Days90), _) => days(v, 90),
        (Some(C::Days365), _) => days(v, 365),
        (_, A::Up) => {
            v.scroll = v.scroll.saturating_sub(1);
            None
        }
        (_, A::Down) => {
            v.scroll += 1;
            None
        }
        _ => None,
    }
}

/// A typed period ("2026-11-01 2026-11-23"): the view's new period, or what is wrong.
pub fn set_period(v: &mut ReportsView, text: &str) -> Result<super::Effect, crate::report::PeriodError> {
    v.period = Period::parse_typed(text)?;
    v.scroll = 0;
    v.data = None;
    Ok(v.effect())
}

mod daily;
mod lists;
mod overdue;
mod ratings;
mod reminders;
use daily::draw_daily;
use overdue::draw_overdue;
use ratings::draw_ratings;
use reminders::draw_reminders;

// ---- drawing ------------------------------------------------------------------------------

pub(super) fn put(frame: &mut Frame, r: Rect, s: &str, style: Style) {
    if r.height == 0 || r.width == 0 {
        return;
    }
    frame.render_widget(Paragraph::new(Span::styled(s.to_string(), style)), r);
}

pub(super) fn row(r: Rect, dy: u16, h: u16) -> Rect {
    ui::row(r, dy, h)
}

pub(super) fn matter_name(d: &Desk, code: &str) -> String {
    if code.is_empty() {
        return ds::NO_CASE.t(d.lang).to_string();
    }
    match (d.settings.matters.get(code), d.lang) {
        (Some(m), Lang::Zh) => m.name.clone(),
        (Some(m), Lang::En) => m.name_en.clone(),
        (None, _) => code.to_string(),
    }
}

/// Bars of ASCII `#` (the default block glyphs are of ambiguous width).
pub(super) fn ascii_bars() -> symbols::bar::Set {
    symbols::bar::Set {
        full: "#",
        seven_eighths: "#",
        three_quarters: "#",
        five_eighths: "#",
        half: "#",
        three_eighths: "#",
        one_quarter: "#",
        one_eighth: "#",
        empty: " ",
    }
}

/// The scrollable lines under a chart, drawn from `scroll` on (clamped so the last line can
/// reach the top).
pub(super) fn draw_lines(frame: &mut Frame, r: Rect, lines: &[(String, Style)], scroll: usize) {
    let first = scroll.min(lines.len().saturating_sub(1));
    for (k, (s, st)) in lines.iter().skip(first).take(r.height as usize).enumerate() {
        put(frame, row(r, k as u16, 1), s, *st);
    }
}

/// Draw the page into `body` (its key bar comes from its command table, `commands.rs`).
pub fn draw(d: &Desk, v: &ReportsView, frame: &mut Frame, body: Rect) {
    let lang = d.lang;
    // The tabs, the current one highlighted.
    let tabs = [
        (ReportTab::Ratings, ds::TAB_RATINGS),
        (ReportTab::Daily, ds::TAB_DAILY),
        (ReportTab::Overdue, ds::TAB_OVERDUE),
        (ReportTab::Reminders, ds::TAB_REMINDERS),
    ];
    let spans: Vec<Span> = tabs
        .iter()
        .flat_map(|(t, label)| {
            let st = if *t == v.tab {
                Style::default().fg(Color::Black).bg(ui::INPUT_BG).add_modifier(Modifier::BOLD)
            } else {
                Style::default().fg(DIM).bg(BG)
            };
            [Span::styled(format!(" {} ", label.t(lang)), st), Span::styled(" ", Style::default().bg(BG))]
        })
        .collect();
    frame.render_widget(Paragraph::new(Line::from(spans)), row(body, 0, 1));
    let inner = Rect { y: body.y + 1, height: body.height.saturating_sub(1), ..body };
    match &v.data {
        None => put(frame, row(inner, 0, 1), ds::LOADING.t(lang), Style::default().fg(DIM).bg(BG)),
        Some(ReportData::Report(Report::Ratings(r))) => draw_ratings(d, frame, inner, r, v.scroll),
        Some(ReportData::Report(Report::Daily(r))) => draw_daily(d, frame, inner, r, v.scroll),
        Some(ReportData::Report(Report::Overdue(r))) => draw_overdue(d, frame, inner, r, v.scroll),
        Some(ReportData::Reminders { days, rows }) => draw_reminders(d, frame, inner, *days, rows, v.scroll),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_masked_in_the_middle() {
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(mask_phone(" 0351-1234567 "), "035****4567");
        assert_eq!(mask_phone("12345"), "*****");
        assert_eq!(mask_phone(""), "");
    }
}
