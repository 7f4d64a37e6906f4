//! The desk's reports page (issue 9 items 5 and 6), opened by F11 on the queue screen: 好差评
//! statistics (a bar per level, then by matter, by staff member, and the bad ratings with their
//! follow-up and callback), daily counts (a line chart over the period, then the days), cases
//! past their due date in working days, and the reminder list grouped by employer (the rows
//! `certdesk remind` writes, phones masked on screen). The data are `crate::report` structs
//! fetched through the worker; this file keeps the page's state, its keys and its drawing.
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

// ---- drawing ------------------------------------------------------------------------------

fn put(frame: &mut Frame, r: Rect, s: &str, style: Style) {
    if r.height == 0 || r.width == 0 {
        return;
    }
    frame.render_widget(Paragraph::new(Span::styled(s.to_string(), style)), r);
}

fn row(r: Rect, dy: u16, h: u16) -> Rect {
    ui::row(r, dy, h)
}

fn matter_name(d: &Desk, code: &str) -> String {
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
fn ascii_bars() -> symbols::bar::Set {
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
fn draw_lines(frame: &mut Frame, r: Rect, lines: &[(String, Style)], scroll: usize) {
    let first = scroll.min(lines.len().saturating_sub(1));
    for (k, (s, st)) in lines.iter().skip(first).take(r.height as usize).enumerate() {
        put(frame, row(r, k as u16, 1), s, *st);
    }
}

const RATING_COLOURS: [Color; 5] = [
    Color::Rgb(80, 210, 130),
    Color::Rgb(120, 190, 240),
    Color::Rgb(200, 200, 200),
    Color::Rgb(250, 200, 60),
    Color::Rgb(255, 110, 110),
];

fn rating_name(lang: Lang, r: crate::domain::intake::Rating) -> &'static str {
    match lang {
        Lang::Zh => r.zh(),
        Lang::En => r.en(),
    }
}

fn draw_ratings(d: &Desk, frame: &mut Frame, body: Rect, r: &crate::report::RatingsReport, scroll: usize) {
    use crate::domain::intake::Rating;
    let lang = d.lang;
    let normal = Style::default().fg(FG).bg(BG);
    let bold = normal.add_modifier(Modifier::BOLD);
    let dim = normal.fg(DIM);
    put(frame, row(body, 0, 1), &ds::ratings_title(lang, r.period.from, r.period.to), bold);
    let t = &r.total;
    put(
        frame,
        row(body, 1, 1),
        &ds::ratings_summary(lang, t.total(), &t.satisfied_text(), t.bad(), r.open_followups()),
        if r.open_followups() > 0 { normal.fg(ui::WARN_FG) } else { normal },
    );
    // A bar per level: how the period went, at a glance.
    let chart_h = 5u16.min(body.height.saturating_sub(3));
    let chart = Rect { y: body.y + 2, height: chart_h, width: body.width.min(60), ..body };
    let bars: Vec<Bar> = Rating::ALL
        .iter()
        .zip(t.0.iter())
        .zip(RATING_COLOURS)
        .map(|((lvl, n), c)| {
            Bar::default()
                .label(Line::from(rating_name(lang, *lvl)))
                .value(*n as u64)
                .text_value(n.to_string())
                .style(Style::default().fg(c).bg(BG))
                .value_style(Style::default().fg(FG).bg(BG))
        })
        .collect();
    if chart_h > 0 {
        frame.render_widget(
            BarChart::default()
                .direction(ratatui::layout::Direction::Horizontal)
                .bar_set(ascii_bars())
                .bar_width(1)
                .bar_gap(0)
                .style(normal)
                .data(BarGroup::default().bars(&bars)),
            chart,
        );
    }
    // Then the bad ratings (what staff must act on), by matter, by staff member.
    // The loops against their 100% targets first (淄博 2020 措施 11, 围场 2023 措施 16): a
    // rate below target shows in the warning colour.
    let mut lines: Vec<(String, Style)> = vec![(ds::loops::RATES_TITLE.t(lang).to_string(), bold)];
    for (zh, en, rate) in r.loops.rows() {
        let fg = if rate.met() { FG } else { ui::WARN_FG };
        lines.push((ds::loops::rate_line(lang, zh, en, rate), normal.fg(fg)));
    }
    lines.push((ds::loops::enquiries_line(lang, r.loops.enquiries), normal));
    lines.push((ds::BAD_RATINGS.t(lang).to_string(), bold));
    if r.bad.is_empty() {
        lines.push((ds::NONE.t(lang).to_string(), dim));
    }
    for b in &r.bad {
        let (follow, cb) = match lang {
            Lang::Zh => (b.followup.zh(), b.callback.zh()),
            Lang::En => (b.followup.en(), b.callback.en()),
        };
        let s = format!(
            "  {}  {}  {}  {}  {}  {} {}  {}",
            b.rated_at.format("%m-%d %H:%M"),
            rating_name(lang, b.rating),
            b.case_number.as_deref().unwrap_or(&b.service),
            follow,
            ds::callback_label(lang, &cb),
            b.staff,
            screen_safe(&b.staff_name),
            matter_name(d, b.matter.as_deref().unwrap_or("")),
        );
        let fg = match b.followup {
            crate::report::FollowUpState::Overdue { .. } | crate::report::FollowUpState::Missing => ui::BAD_FG,
            crate::report::FollowUpState::Open { .. } => ui::WARN_FG,
            crate::report::FollowUpState::Done { .. } => FG,
        };
        lines.push((s.replace("    ", "  "), normal.fg(fg)));
    }
    lines.push((ds::BY_MATTER.t(lang).to_string(), bold));
    for (m, tl) in &r.by_matter {
        lines.push((ds::tally_line(lang, &matter_name(d, m), tl.total(), &tl.satisfied_text(), tl.bad()), normal));
    }
    lines.push((ds::BY_STAFF.t(lang).to_string(), bold));
    for (id, name, tl) in &r.by_staff {
        let who = format!("{} {}", id, screen_safe(name));
        lines.push((ds::tally_line(lang, &who, tl.total(), &tl.satisfied_text(), tl.bad()), normal));
    }
    let rest = Rect { y: chart.y + chart_h, height: body.height.saturating_sub(2 + chart_h), ..body };
    draw_lines(frame, rest, &lines, scroll);
}

const DAILY_COLOURS: [Color; 7] = [
    Color::Rgb(120, 190, 240),
    Color::Rgb(170, 150, 240),
    Color::Rgb(80, 210, 130),
    Color::Rgb(250, 200, 60),
    Color::Rgb(255, 160, 90),
    Color::Rgb(200, 200, 200),
    Color::Rgb(255, 110, 110),
];

/// Measures drawn on the line chart: slips printed, cases opened, notices, verifier scans.
const CHARTED: [usize; 4] = [0, 2, 3, 5];

fn draw_daily(d: &Desk, frame: &mut Frame, body: Rect, r: &crate::report::DailyReport, scroll: usize) {
    let lang = d.lang;
    let normal = Style::default().fg(FG).bg(BG);
    let bold = normal.add_modifier(Modifier::BOLD);
    let dim = normal.fg(DIM);
    put(frame, row(body, 0, 1), &ds::daily_title(lang, r.period.from, r.period.to), bold);
    let name = |i: usize| if lang == Lang::Zh { DAILY_MEASURES[i].1 } else { DAILY_MEASURES[i].2 };
    let totals = r.total.values();
    let summary: Vec<String> = (0..DAILY_MEASURES.len()).map(|i| format!("{} {}", name(i), totals[i])).collect();
    let at = row(body, 1, 2);
    frame.render_widget(Paragraph::new(ui::wrap_tally(&summary.join("  "), at.width)).style(normal), at);
    // The line chart: one Braille line per charted measure; the y scale and the dates as text.
    let chart_h = 6u16.min(body.height.saturating_sub(5));
    let series: Vec<Vec<(f64, f64)>> = CHARTED
        .iter()
        .map(|&m| r.days.iter().enumerate().map(|(i, (_, c))| (i as f64, c.values()[m] as f64)).collect())
        .collect();
    let max = series.iter().flatten().map(|p| p.1).fold(0.0f64, f64::max).max(1.0);
    let label_w = format!("{max:.0}").len() as u16 + 1;
    let area = Rect { x: body.x + label_w, y: body.y + 3, width: body.width.saturating_sub(label_w), height: chart_h };
    if chart_h >= 2 {
        put(frame, Rect { x: body.x, y: area.y, width: label_w, height: 1 }, &format!("{max:.0}"), dim);
        put(frame, Rect { x: body.x, y: area.y + chart_h - 1, width: label_w, height: 1 }, "0", dim);
        let datasets: Vec<Dataset> = series
            .iter()
            .zip(CHARTED)
            .map(|(s, m)| {
                Dataset::default()
                    .marker(symbols::Marker::Braille)
                    .graph_type(GraphType::Line)
                    .style(Style::default().fg(DAILY_COLOURS[m]))
                    .data(s)
            })
            .collect();
        let n = r.days.len().max(2) as f64 - 1.0;
        frame.render_widget(
            Chart::new(datasets)
                .style(normal)
                .x_axis(ratatui::widgets::Axis::default().bounds([0.0, n]))
                .y_axis(ratatui::widgets::Axis::default().bounds([0.0, max]))
                .legend_position(None),
            area,
        );
        // The dates under the chart and the legend in the series' colours.
        let dates = row(body, 3 + chart_h, 1);
        let from = r.period.from.format("%m-%d").to_string();
        let to = r.period.to.format("%m-%d").to_string();
        put(frame, Rect { x: area.x, width: 6, ..dates }, &from, dim);
        put(frame, Rect { x: (area.x + area.width).saturating_sub(5), width: 5, ..dates }, &to, dim);
        let legend: Vec<Span> = CHARTED
            .iter()
            .flat_map(|&m| [Span::styled(name(m).to_string(), normal.fg(DAILY_COLOURS[m])), Span::styled("  ", normal)])
            .collect();
        let lw = area.width.saturating_sub(14);
        frame.render_widget(Paragraph::new(Line::from(legend)), Rect { x: area.x + 7, width: lw, ..dates });
    }
    // The days, newest first.
    let mut lines: Vec<(String, Style)> = vec![(ds::daily_header(lang), bold)];
    for (day, c) in r.days.iter().rev() {
        let v = c.values();
        lines.push((
            format!(
                "{}  {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5}",
                day.format("%m-%d"),
                v[0],
                v[1],
                v[2],
                v[3],
                v[4],
                v[5],
                v[6]
            ),
            if v[6] > 0 { normal.fg(ui::WARN_FG) } else { normal },
        ));
    }
    let top = 4 + chart_h;
    let rest = Rect { y: body.y + top, height: body.height.saturating_sub(top), ..body };
    draw_lines(frame, rest, &lines, scroll);
}

fn draw_overdue(d: &Desk, frame: &mut Frame, body: Rect, r: &crate::report::OverdueReport, scroll: usize) {
    let lang = d.lang;
    let normal = Style::default().fg(FG).bg(BG);
    let bold = normal.add_modifier(Modifier::BOLD);
    let dim = normal.fg(DIM);
    put(frame, row(body, 0, 1), &ds::overdue_title(lang, r.as_of, r.rows.len()), bold);
    let mut lines: Vec<(String, Style)> = vec![];
    if r.rows.is_empty() {
        lines.push((ds::NONE.t(lang).to_string(), dim));
    }
    for m in &r.by_matter {
        lines.push((format!("{}  {}", matter_name(d, &m.0), ds::cases_count(lang, m.1)), normal));
    }
    if !r.rows.is_empty() {
        lines.push((String::new(), normal));
    }
    for o in &r.rows {
        let c = &o.case;
        let over = match o.working_days_over {
            Some(n) => format!("{}{}", ds::working_days_over(lang, n), ds::provisional_mark(lang, o.provisional)),
            None => ds::OUTSIDE_CALENDAR.t(lang).to_string(),
        };
        let stat = if o.statutory_passed { ds::STATUTORY_PASSED.t(lang) } else { "" };
        lines.push((
            format!(
                "{}  {}  {}  {} {}  {}  {} {}",
                c.number,
                screen_safe(&c.visitor_name),
                matter_name(d, &c.matter),
                ds::DUE.t(lang),
                c.due_on,
                over,
                c.owner,
                screen_safe(&c.owner_name),
            ) + stat,
            normal.fg(if o.statutory_passed { ui::BAD_FG } else { ui::WARN_FG }),
        ));
    }
    draw_lines(frame, Rect { y: body.y + 2, height: body.height.saturating_sub(2), ..body }, &lines, scroll);
}

fn draw_reminders(d: &Desk, frame: &mut Frame, body: Rect, days: i64, rows: &[ReminderLine], scroll: usize) {
    let lang = d.lang;
    let normal = Style::default().fg(FG).bg(BG);
    let bold = normal.add_modifier(Modifier::BOLD);
    let dim = normal.fg(DIM);
    let employers = {
        let mut e: Vec<(&str, &str)> = rows.iter().map(|r| (r.employer.as_str(), r.employer_code.as_str())).collect();
        e.dedup();
        e.len()
    };
    put(frame, row(body, 0, 1), &ds::reminders_title(lang, days, rows.len(), employers), bold);
    let mut lines: Vec<(String, Style)> = vec![];
    if rows.is_empty() {
        lines.push((ds::NONE.t(lang).to_string(), dim));
    }
    let mut i = 0;
    while i < rows.len() {
        let key = (&rows[i].employer, &rows[i].employer_code);
        let n = rows[i..].iter().take_while(|x| (&x.employer, &x.employer_code) == key).count();
        let employer =
            if key.0 == crate::domain::records::NO_EMPLOYER { ds::NO_EMPLOYER.t(lang) } else { key.0.as_str() };
        lines.push((
            [screen_safe(employer), key.1.clone(), ds::certificates_count(lang, n)]
                .iter()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join("  "),
            bold.fg(ui::OK_FG),
        ));
        for r in &rows[i..i + n] {
            let (kind, what) = if lang == Lang::Zh { (&r.kind_zh, &r.what_zh) } else { (&r.kind_en, &r.what_en) };
            lines.push((
                format!(
                    "  {}  {}  {}  {}  {}  {} {}  {}",
                    screen_safe(&r.name),
                    r.phone,
                    what,
                    r.date,
                    ds::days_left(lang, r.days),
                    kind,
                    r.masked_number,
                    screen_safe(&r.scope),
                ),
                if r.days <= 30 { normal.fg(ui::WARN_FG) } else { normal },
            ));
        }
        i += n;
    }
    draw_lines(frame, Rect { y: body.y + 2, height: body.height.saturating_sub(2), ..body }, &lines, scroll);
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
