//! The daily counts tab: a line chart over the period, then the days.

use super::*;

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

pub(super) fn draw_daily(d: &Desk, frame: &mut Frame, body: Rect, r: &crate::report::DailyReport, scroll: usize) {
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
    // The 办结 let through over a pledge first (flagged, SPEC §2), then the days, newest first.
    let mut lines = super::lists::override_lines(d, &r.overrides, normal, bold, dim);
    lines.push((ds::daily_header(lang), bold));
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
