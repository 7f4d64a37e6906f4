//! The reminder list grouped by employer (phones masked on screen).

use super::*;

pub(super) fn draw_reminders(d: &Desk, frame: &mut Frame, body: Rect, days: i64, rows: &[ReminderLine], scroll: usize) {
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
