//! A case: its documents, the next stage, hand-off, rating, free post.

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::stage_prompt::StagePrompt;
use crate::app::desk::{Doc, Note, Problem, Prompt, PromptKind};

pub fn commands() -> Vec<Command> {
    use Cmd as C;
    use Key as K;
    vec![
        row(K::F(4), C::Materials, l::MATERIALS),
        row(K::F(5), C::PrintNotice, l::PRINT_NOTICE),
        row(K::F(6), C::PrintPledge, l::PRINT_PLEDGE),
        row(K::F(7), C::PrintReceipt, l::PRINT_RECEIPT),
        row(K::F(8), C::NextStage, l::NEXT_STAGE),
        row(K::F(9), C::HandOff, l::HAND_OFF),
        row(K::F(11), C::Rating, l::RATING),
        row(K::F(1), C::PostAddress, l::POST_ADDRESS),
        row(K::F(3), C::Tracking, l::TRACKING),
        row(K::Char('t'), C::CaseTime, l::CASE_TIME),
        row(K::Esc, C::Home, l::CASE_HOME),
    ]
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
