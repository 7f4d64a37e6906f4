//! Today's queue: tickets, calling, the lists, search, appointments and the reports.

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::{reports, ListKind, Prompt, PromptKind};
use crate::domain::records::Ticket;

pub fn commands(_d: &Desk) -> Vec<Command> {
    use Cmd as C;
    use Key as K;
    vec![
        row(K::F(1), C::TakeTicket, l::TAKE_TICKET),
        row(K::F(3), C::CallNext, l::CALL_NEXT),
        row(K::F(4), C::NewCase, l::NEW_CASE),
        row(K::Enter, C::CaseForTicket, l::CASE_FOR_TICKET).hidden(),
        row(K::F(5), C::MyCases, l::MY_CASES),
        row(K::F(6), C::Due, l::DUE),
        row(K::F(7), C::MissedPledges, l::MISSED_PLEDGES),
        row(K::F(8), C::Callbacks, l::CALLBACKS),
        row(K::F(9), C::Search, l::SEARCH),
        // Every function key of the queue has its command: appointments take a letter (Y for 预约).
        row(K::Char('y'), C::Appointments, l::APPOINTMENTS),
        row(K::Char('g'), C::NoticesOwed, l::NOTICES_OWED),
        // 首问负责制 (issue 15): log a 咨询, 引导 or 转办 (Z for 咨询).
        row(K::Char('z'), C::Enquiry, l::ENQUIRY),
        row(K::F(10), C::Logout, l::LOGOUT),
        row(K::F(11), C::Reports, l::REPORTS),
        // F12 closes the program, whether the desk was started on its own (`certdesk desk`) or
        // entered from the kiosk's staff key (issue 15: a standalone desk could not be closed).
        row(K::F(12), C::Quit, l::QUIT),
    ]
}

pub fn update(d: &mut Desk, cmd: Option<Cmd>) -> Effects {
    let counter = d.settings.counter;
    let Screen::Home { queue, selected } = &d.screen else { return vec![] };
    let list = |kind| Effect::List { kind, text: String::new() };
    match cmd {
        Some(Cmd::TakeTicket) => d.ask(Effect::TakeTicket),
        Some(Cmd::NoticesOwed) => d.ask(Effect::Time(certdesk_protocol::desk_time::TimeEffect::NoticesOwed)),
        Some(Cmd::Enquiry) => super::enquiry::start(d),
        Some(Cmd::CallNext) => d.ask(Effect::CallNext { counter }),
        Some(Cmd::NewCase) => {
            d.screen = Screen::PickMatter { selected: 0, ticket: None, book: false };
            vec![]
        }
        Some(Cmd::CaseForTicket) => {
            let ticket = queue.get(*selected).map(|t| t.id);
            d.screen = Screen::PickMatter { selected: 0, ticket, book: false };
            vec![]
        }
        Some(Cmd::MyCases) => d.ask(list(ListKind::Mine)),
        Some(Cmd::Due) => d.ask(list(ListKind::Due)),
        Some(Cmd::MissedPledges) => d.ask(list(ListKind::MissedPledges)),
        Some(Cmd::Callbacks) => d.ask(Effect::Tasks),
        Some(Cmd::Search) => {
            d.prompt = Some(Prompt { kind: PromptKind::Search, input: String::new() });
            vec![]
        }
        Some(Cmd::Reports) => {
            let v = reports::ReportsView::new(d.settings.clock.today());
            let e = v.effect();
            d.screen = Screen::Reports(Box::new(v));
            d.ask(e)
        }
        Some(Cmd::Appointments) => d.ask(Effect::Appointments),
        _ => vec![],
    }
}

/// The search prompt (F9): a holder or a case by ID number, name, employer or case number.
pub fn submit(d: &mut Desk, text: String) -> Effects {
    if text.is_empty() {
        return vec![];
    }
    d.ask(Effect::List { kind: ListKind::Search, text })
}

/// Today's queue, loaded (the selection kept within it).
pub fn queued(d: &mut Desk, queue: Vec<Ticket>) {
    if let Screen::Home { queue: q, selected } = &mut d.screen {
        *selected = (*selected).min(queue.len().saturating_sub(1));
        *q = queue;
    }
}

/// Draw this screen's body (the desk's frame, note, prompt and key bar are `draw.rs`'s).
pub fn draw(d: &Desk, frame: &mut ratatui::Frame, c: &crate::app::desk::draw::Canvas) {
    use crate::app::desk::draw::{line, matter_name, row};
    use crate::app::desk::strings as ds;
    let Screen::Home { queue, selected } = &d.screen else { return };
    let crate::app::desk::draw::Canvas { body, v, lang, dim, bold, .. } = *c;
    let sel_style = |i: usize, selected: usize| c.sel_style(i, selected);
    line(frame, row(body, 0), ds::QUEUE_TITLE.t(lang), bold);
    if queue.is_empty() {
        line(frame, row(body, 2), ds::QUEUE_EMPTY.t(lang), dim);
    }
    for (r, i) in &v.rows {
        let tk = &queue[*i];
        let matter = tk.matter.as_deref().map(|m| matter_name(d, m)).unwrap_or_default();
        let s = format!(
            "{:<6}{:<8}{}  {}",
            tk.label,
            ds::ticket_state(lang, tk.state.code()),
            tk.issued_at.format("%H:%M"),
            matter
        );
        line(frame, *r, &s, sel_style(*i, *selected));
    }
}
