//! A registered holder's page: certificates with status and next step, staff-assisted prints.
//! Reached from a search (Esc goes to the queue) or from the visitor form (Esc goes back to it).

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::Doc;

pub fn commands(d: &Desk) -> Vec<Command> {
    use Cmd as C;
    use Key as K;
    let from_form = matches!(&d.screen, Screen::Holder { back: Some(_), .. });
    vec![
        row(K::Hint, C::Hint, l::CHOOSE_CERT),
        row(K::F(5), C::PrintCertSlip, l::PRINT_CERT_SLIP),
        row(K::F(6), C::PrintReminder, l::PRINT_REMINDER),
        if from_form { row(K::Esc, C::BackToForm, l::BACK_TO_FORM) } else { row(K::Esc, C::Home, l::CASE_HOME) },
    ]
}

pub fn update(d: &mut Desk, cmd: Option<Cmd>) -> Effects {
    let counter = d.settings.counter;
    let Screen::Holder { known, selected, back } = &mut d.screen else { return vec![] };
    let cert = known.certificates.get(*selected).map(|(c, _)| c.id);
    let doc = match cmd {
        Some(Cmd::PrintCertSlip) => Doc::CertSlip,
        Some(Cmd::PrintReminder) => Doc::Reminder,
        // Back to the visitor form as the clerk left it; the print's result line stays, its
        // preview (not shown on the form) goes.
        Some(Cmd::BackToForm) => {
            if let Some(form) = back.take() {
                d.preview = None;
                d.screen = *form;
            }
            return vec![];
        }
        Some(Cmd::Home) => return d.go_home(),
        _ => return vec![],
    };
    match cert {
        Some(cert) => d.ask(Effect::PrintForHolder { cert, doc, counter }),
        None => vec![],
    }
}

/// Draw this screen's body (the desk's frame, note, prompt and key bar are `draw.rs`'s).
pub fn draw(d: &Desk, frame: &mut ratatui::Frame, c: &crate::app::desk::draw::Canvas) {
    use crate::app::desk::draw::{line, preview_pane, row, status_fg, SELECTED_BG};
    use crate::app::desk::strings as ds;
    use crate::app::strings as t;
    use crate::app::strings::screen_safe;
    use crate::app::strings::Lang;
    use crate::app::ui;
    use ratatui::layout::Rect;
    let Screen::Holder { known: k, selected, .. } = &d.screen else { return };
    let crate::app::desk::draw::Canvas { body, v, lang, normal, dim, bold, .. } = *c;
    line(frame, row(body, 0), ds::HOLDER_TITLE.t(lang), bold);
    // The holder's line sits on the column-title row above the list.
    line(frame, row(body, 1), &format!("{}  {}", screen_safe(&k.name), k.masked_id), bold.fg(ui::OK_FG));
    let preview_w = if d.preview.is_some() && body.width >= 90 { 40 } else { 0 };
    let left_w = body.width.saturating_sub(preview_w);
    if k.certificates.is_empty() {
        line(frame, row(body, 2), ds::HOLDER_NO_CERTS.t(lang), dim);
    }
    let mut last_y = body.y + 1;
    for (r, i) in &v.rows {
        let (c, st) = &k.certificates[*i];
        let title = if lang == Lang::Zh { c.kind.title_zh() } else { c.kind.title_en() };
        let status = if lang == Lang::Zh { crate::words::status_zh(*st) } else { crate::words::status_en(*st) };
        let s = format!("{title}  {}  {}  {status}", screen_safe(&c.scope_zh()), c.masked_number());
        let fg = status_fg(st);
        let style = if *i == *selected { bold.bg(SELECTED_BG).fg(fg) } else { normal.fg(fg) };
        line(frame, Rect { width: left_w, ..*r }, &s, style);
        last_y = r.y;
    }
    // The selected certificate's status and next step, with dates (the kiosk's and the
    // slip's words): the rows above may be cut where the preview of a print stands.
    if let Some((_, st)) = k.certificates.get(*selected) {
        let status = if lang == Lang::Zh { crate::words::status_zh(*st) } else { crate::words::status_en(*st) };
        let y = last_y + 2;
        if y < body.y + body.height {
            let r = Rect { y, height: 1, width: left_w, ..body };
            line(frame, r, &format!("{}: {status}", ds::STATUS.t(lang)), normal.fg(status_fg(st)));
        }
        last_y += 1;
        let text = match k.next_steps.get(*selected) {
            Some((zh, en)) => t::pick(lang, zh.clone(), en.clone()),
            None => String::new(),
        };
        let y = last_y + 2;
        if y < body.y + body.height {
            let r = Rect { y, height: 1, width: left_w, ..body };
            line(frame, r, &format!("{}: {}", ds::NEXT_STEP.t(lang), text), normal);
        }
    }
    if let (Some(p), true) = (&d.preview, preview_w > 0) {
        preview_pane(frame, Rect { x: body.x + body.width - preview_w + 2, width: preview_w - 2, ..body }, p);
    }
}
