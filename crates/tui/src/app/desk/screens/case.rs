//! A case: its documents, the next stage, hand-off, rating, free post.

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::stage_prompt::StagePrompt;
use crate::app::desk::CaseLine;
use crate::app::desk::{Doc, Note, Problem, Prompt, PromptKind};
use crate::domain::records::CaseId;

/// The case page's commands: the A4 documents the case's state calls for, P while an A4 job
/// waits to be reprinted, W only for whoever made the pending hand-off offer, X only for its
/// receiver (none pending: neither).
pub fn commands(d: &Desk) -> Vec<Command> {
    use Cmd as C;
    use Key as K;
    let me = d.staff.as_ref().map(|s| s.staff_id.as_str());
    let line = match &d.screen {
        Screen::Case { line } => Some(line),
        _ => None,
    };
    let offer = line.and_then(|l| l.handoff.as_ref());
    let offered_by_me = offer.is_some_and(|o| Some(o.by.as_str()) == me);
    let offered_to_me = offer.is_some_and(|o| Some(o.to.as_str()) == me);
    let a4 = |k: char, doc: Doc, label| {
        row(K::Char(k), C::PrintA4(doc), label).when(line.is_some_and(|line| a4_allowed(line, doc)))
    };
    vec![
        row(K::F(4), C::Materials, l::MATERIALS),
        row(K::F(5), C::PrintNotice, l::PRINT_NOTICE),
        row(K::F(6), C::PrintPledge, l::PRINT_PLEDGE),
        row(K::F(7), C::PrintReceipt, l::PRINT_RECEIPT),
        // The A4 documents the case's state calls for (SPEC §8), one letter each; a row is
        // disabled (off the bar, not honoured) until the case has what its document states.
        a4('a', Doc::Acceptance, l::PRINT_ACCEPTANCE),
        a4('r', Doc::Refusal, l::PRINT_REFUSAL),
        a4('e', Doc::Extension, l::PRINT_EXTENSION),
        a4('s', Doc::Special, l::PRINT_SPECIAL),
        a4('n', Doc::Denial, l::PRINT_DENIAL),
        a4('d', Doc::Service, l::PRINT_SERVICE),
        row(K::Char('p'), C::ReprintA4, l::REPRINT_A4).when(line.is_some_and(|l| l.failed_a4.is_some())),
        row(K::F(8), C::NextStage, l::NEXT_STAGE),
        // One offer at a time: F9 again while one waits would only be refused.
        row(K::F(9), C::HandOff, l::HAND_OFF).when(offer.is_none()),
        row(K::F(11), C::Rating, l::RATING),
        row(K::F(1), C::PostAddress, l::POST_ADDRESS),
        row(K::F(3), C::Tracking, l::TRACKING),
        // After the daily keys: a narrow bar keeps those, the help lists these.
        row(K::Char('w'), C::WithdrawHandOff, l::WITHDRAW_HANDOFF).when(offered_by_me),
        row(K::Char('x'), C::DeclineHandOff, l::DECLINE_HANDOFF_CASE).when(offered_to_me),
        row(K::Char('t'), C::CaseTime, l::CASE_TIME),
        row(K::Esc, C::Home, l::CASE_HOME),
    ]
}

/// Whether the case, as it stands, has what `doc` states (the service checks the same before
/// it takes a number: `Desk::print_a4`): 受理通知书 once accepted (行政许可法 第三十二条),
/// 不予受理决定书 once refused, 延长办理期限告知书 after an extension (第四十二条), 特别程序告知书
/// while a clock stop runs (第四十五条), 不予行政许可决定书 after a denial (第三十八条), 送达回证
/// once a decision is made (第四十四条).
pub fn a4_allowed(line: &CaseLine, doc: Doc) -> bool {
    use crate::domain::case_time::Outcome;
    use crate::domain::intake::CaseState;
    let records = line.time.as_ref().map(|t| &t.records);
    match doc {
        Doc::Acceptance => line.case.accepted_on.is_some() && line.case.state != CaseState::Refused,
        Doc::Refusal => line.case.state == CaseState::Refused,
        Doc::Extension => records.is_some_and(|r| r.extension.is_some()),
        Doc::Special => records.is_some_and(|r| r.open_stop().is_some()),
        Doc::Denial => records.and_then(|r| r.decision.as_ref()).is_some_and(|d| d.outcome == Outcome::Deny),
        Doc::Service => records.is_some_and(|r| r.decision.is_some()),
        Doc::Notice | Doc::Pledge | Doc::Receipt | Doc::CertSlip | Doc::Reminder => false,
    }
}

pub fn update(d: &mut Desk, cmd: Option<Cmd>) -> Effects {
    let Screen::Case { line } = &d.screen else { return vec![] };
    let id = line.case.id;
    let counter = d.settings.counter;
    let print = |doc| Some(Effect::Print { case: id, doc });
    let e = match cmd {
        Some(Cmd::Materials) => Some(Effect::Checklist { case: id }),
        Some(Cmd::PrintNotice) => print(Doc::Notice),
        Some(Cmd::PrintPledge) => print(Doc::Pledge),
        Some(Cmd::PrintReceipt) => print(Doc::Receipt),
        Some(Cmd::PrintA4(doc)) => print(doc),
        Some(Cmd::ReprintA4) => Some(Effect::ReprintA4 { case: id }),
        Some(Cmd::NextStage) => {
            // Confirmed on a prompt (SPEC §2 Roles); the service checks who may take the step.
            let from = line.case.state;
            match StagePrompt::start(from, line.case.pledge_due.is_some()) {
                Some(s) => {
                    if let StagePrompt::Note { to, .. } = &s {
                        d.note = Some(Note::StageConfirm { from, to: *to });
                    }
                    d.prompt = Some(Prompt { kind: PromptKind::Stage(s), input: String::new() });
                }
                None => d.note = Some(Note::Problem(Problem::WrongState(from))),
            }
            None
        }
        Some(Cmd::HandOff) => {
            d.prompt = Some(Prompt { kind: PromptKind::HandOffTo, input: String::new() });
            None
        }
        Some(Cmd::WithdrawHandOff) => return super::handoff_close::ask_reason(d, id, false),
        Some(Cmd::DeclineHandOff) => return super::handoff_close::ask_reason(d, id, true),
        Some(Cmd::Rating) => Some(Effect::RequestRating { case: id, counter }),
        Some(Cmd::PostAddress) => {
            // Start from the recorded address to correct it.
            let input = line.post.as_ref().map(|p| p.address.clone()).unwrap_or_default();
            d.prompt = Some(Prompt { kind: PromptKind::PostAddress, input });
            None
        }
        Some(Cmd::Tracking) => {
            d.prompt = Some(Prompt { kind: PromptKind::Tracking, input: String::new() });
            None
        }
        Some(Cmd::CaseTime) => Some(Effect::Time(certdesk_protocol::desk_time::TimeEffect::Show { case: id })),
        Some(Cmd::Home) => return d.go_home(),
        _ => None,
    };
    match e {
        Some(e) => d.ask(e),
        None => vec![],
    }
}

/// What the case's prompts do with what was typed (hand-off, free post, a stage change), from
/// `prompt.rs`.
pub fn submit(d: &mut Desk, kind: PromptKind, case: Option<CaseId>, text: String, raw: String) -> Effects {
    match (kind, case) {
        (PromptKind::HandOffTo, Some(_)) if !text.is_empty() => {
            d.prompt = Some(Prompt { kind: PromptKind::HandOffWhy { to: text }, input: String::new() });
            vec![]
        }
        (PromptKind::HandOffWhy { to }, Some(case)) => {
            if text.is_empty() {
                d.note = Some(Note::Problem(Problem::NoReason));
                d.prompt = Some(Prompt { kind: PromptKind::HandOffWhy { to }, input: String::new() });
                return vec![];
            }
            d.ask(Effect::HandOff { case, to, reason: text })
        }
        (PromptKind::PostAddress, Some(case)) => {
            if text.is_empty() {
                d.note = Some(Note::Problem(Problem::NoAddress));
                return vec![];
            }
            d.ask(Effect::PostAddress { case, address: text })
        }
        (PromptKind::Tracking, Some(case)) if !text.is_empty() => d.ask(Effect::Tracking { case, tracking: text }),
        (PromptKind::Stage(s), Some(case)) => s.submit(d, case, text, raw),
        _ => vec![],
    }
}

/// The case page (the preview of a print stays while its note shows).
pub fn shown(d: &mut Desk, line: CaseLine) {
    if matches!(d.screen, Screen::Case { .. }) && d.note.is_none() {
        d.preview = None;
    }
    d.screen = Screen::Case { line };
}

/// Draw this screen's body (the desk's frame, note, prompt and key bar are `draw.rs`'s).
pub fn draw(d: &Desk, frame: &mut ratatui::Frame, c: &crate::app::desk::draw::Canvas) {
    use crate::app::desk::draw::{line, matter_name, preview_pane, row};
    use crate::app::desk::strings as ds;
    use crate::app::strings::screen_safe;
    use ratatui::layout::Rect;
    let Screen::Case { line: l } = &d.screen else { return };
    let crate::app::desk::draw::Canvas { body, lang, normal, bold, .. } = *c;
    let cs = &l.case;
    line(
        frame,
        row(body, 0),
        &format!("{}  {}  {}", ds::CASE_TITLE.t(lang), cs.number, matter_name(d, &cs.matter)),
        bold,
    );
    let mut rows = vec![
        format!("{}: {}", ds::STATE.t(lang), ds::case_state(lang, cs.state)),
        format!(
            "{}: {}  {}  {}",
            ds::VISITOR.t(lang),
            screen_safe(&cs.visitor.name),
            cs.visitor.masked_id.as_deref().unwrap_or(""),
            screen_safe(cs.visitor.enterprise.as_deref().unwrap_or(""))
        ),
        format!("{}: {}   {}: {}", ds::FIRST_OWNER.t(lang), cs.first_owner, ds::OWNER.t(lang), cs.owner),
    ];
    if let Some(o) = &l.handoff {
        let me = d.staff.as_ref().map(|s| s.staff_id.as_str()).unwrap_or("");
        rows.push(super::handoff_close::pending_line(lang, o, me));
    }
    // The case's time under the 行政许可法 (receipt, notice countdown, both limits with
    // what remains of each, decision, delivery): it says the dates when it has them.
    let time = l.time.as_ref().map(|t| crate::app::desk::time_strings::summary(lang, t)).unwrap_or_default();
    let limits_shown = l.time.as_ref().is_some_and(|t| t.statutory.is_some());
    if let (Some(dl), false) = (&l.deadline, limits_shown) {
        rows.push(ds::deadline(lang, dl));
        if let Some(s) = cs.statutory_due_on {
            rows.push(ds::statutory_due(lang, s, cs.provisional.statutory));
        }
    }
    rows.extend(time.into_iter().map(|(s, _)| s));
    if let Some(m) = &cs.due_moved {
        rows.extend(ds::due_moved(lang, m));
    }
    if let Some(p) = cs.pledge_due {
        rows.push(format!("{}: {p}", ds::PLEDGE_DUE.t(lang)));
        if cs.pledge_after_due() {
            rows.push(ds::PLEDGE_AFTER_DUE.t(lang).to_string());
        }
    }
    if l.marks > 0 {
        rows.push(crate::app::desk::roles_text::marked_warning(lang, l.marks));
    }
    if !l.history.is_empty() {
        rows.push(format!("{}:", crate::app::desk::roles_text::history_title(lang)));
        // The latest steps, newest last (the page has room for a few).
        let skip = l.history.len().saturating_sub(4);
        rows.extend(
            l.history
                .iter()
                .skip(skip)
                .map(|s| format!("  {}", screen_safe(&crate::app::desk::roles_text::history_line(lang, s)))),
        );
    }
    if let Some(p) = &l.post {
        let t = p.tracking.as_deref().map(screen_safe).unwrap_or_else(|| ds::NOT_SENT.t(lang).into());
        // The tracking number first: the address may be longer than the screen.
        rows.push(format!("{}: {}  {t}", ds::POST.t(lang), ds::TRACKING.t(lang)));
        rows.push(format!("  {}", screen_safe(&p.address)));
    }
    let preview_w = if d.preview.is_some() && body.width >= 90 { 40 } else { 0 };
    let left = Rect { width: body.width.saturating_sub(preview_w), ..body };
    for (i, s) in rows.iter().enumerate() {
        line(frame, row(left, 2 + i as u16), s, normal);
    }
    if let (Some(p), true) = (&d.preview, preview_w > 0) {
        preview_pane(frame, Rect { x: body.x + body.width - preview_w + 2, width: preview_w - 2, ..body }, p);
    }
}
