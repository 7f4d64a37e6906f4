//! The 好差评 tab: a bar per level, then by matter, by staff member, the loops against their targets and the bad ratings.

use super::*;

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

pub(super) fn draw_ratings(d: &Desk, frame: &mut Frame, body: Rect, r: &crate::report::RatingsReport, scroll: usize) {
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
    // A heading with nothing under it reads as a fault: say there is none, as the lists do.
    if r.by_matter.is_empty() {
        lines.push((ds::NONE.t(lang).to_string(), dim));
    }
    for (m, tl) in &r.by_matter {
        lines.push((ds::tally_line(lang, &matter_name(d, m), tl.total(), &tl.satisfied_text(), tl.bad()), normal));
    }
    lines.push((ds::BY_STAFF.t(lang).to_string(), bold));
    if r.by_staff.is_empty() {
        lines.push((ds::NONE.t(lang).to_string(), dim));
    }
    for (id, name, tl) in &r.by_staff {
        let who = format!("{} {}", id, screen_safe(name));
        lines.push((ds::tally_line(lang, &who, tl.total(), &tl.satisfied_text(), tl.bad()), normal));
    }
    // The enquiries themselves last: the bad ratings above are what staff must act on.
    lines.extend(super::lists::enquiry_lines(lang, &r.enquiry_list, normal, bold, dim));
    let rest = Rect { y: chart.y + chart_h, height: body.height.saturating_sub(2 + chart_h), ..body };
    draw_lines(frame, rest, &lines, scroll);
}
