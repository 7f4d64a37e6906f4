//! Cases past their due date in working days.

use super::*;

pub(super) fn draw_overdue(d: &Desk, frame: &mut Frame, body: Rect, r: &crate::report::OverdueReport, scroll: usize) {
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
