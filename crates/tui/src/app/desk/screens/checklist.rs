//! The materials checklist and the decision (受理, 容缺受理, 一次性告知, 不予受理).

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::{Prompt, PromptKind};
use crate::domain::intake::MaterialState;

pub fn commands(d: &Desk) -> Vec<Command> {
    use Cmd as C;
    use Key as K;
    vec![
        row(K::Char('1'), C::Provided, l::PROVIDED),
        row(K::Char('2'), C::Missing, l::MISSING),
        row(K::Char('3'), C::Defective, l::DEFECTIVE),
        row(K::Char('4'), C::Pledge, l::PLEDGE),
        row(K::Char('5'), C::SpotCorrected, l::SPOT_CORRECTED),
        row(K::F(5), C::Accept, l::ACCEPT),
        row(K::F(6), C::AcceptDeficient, l::ACCEPT_DEFICIENT),
        row(K::F(7), C::Notice, l::NOTICE),
        row(K::F(8), C::Refuse, l::REFUSE),
        row(K::Esc, C::BackToCase, l::BACK_TO_CASE),
        // A later notice was refused for items outside the first one: a supervisor may allow it.
        row(K::F(9), C::Override, l::OVERRIDE).when(d.override_items.is_some()),
    ]
}

pub fn update(d: &mut Desk, cmd: Option<Cmd>) -> Effects {
    let Screen::Checklist { case, items, selected } = &d.screen else { return vec![] };
    let id = case.id;
    let material = items.get(*selected).map(|i| i.material.clone());
    let tick = |state| material.clone().map(|material| Effect::Tick { case: id, material, state });
    let mut prompt = |kind| {
        d.prompt = Some(Prompt { kind, input: String::new() });
        None
    };
    let e = match cmd {
        Some(Cmd::Provided) => tick(MaterialState::Provided),
        Some(Cmd::Missing) => tick(MaterialState::Missing),
        Some(Cmd::Pledge) => tick(MaterialState::Pledged),
        Some(Cmd::Defective) => match material.clone() {
            Some(material) => prompt(PromptKind::Defect { material }),
            None => None,
        },
        Some(Cmd::SpotCorrected) => match material.clone() {
            Some(material) => prompt(PromptKind::Time(super::case_time::TimePrompt::Corrected { material })),
            None => None,
        },
        Some(Cmd::Accept) => Some(Effect::Accept { case: id }),
        Some(Cmd::AcceptDeficient) => prompt(PromptKind::PledgeDue),
        Some(Cmd::Notice) => Some(Effect::Notice { case: id }),
        Some(Cmd::Refuse) => prompt(PromptKind::RefuseReason),
        Some(Cmd::Override) => prompt(PromptKind::OverrideReason),
        Some(Cmd::BackToCase) => Some(Effect::Case { case: id }),
        _ => None,
    };
    match e {
        Some(e) => d.ask(e),
        None => vec![],
    }
}
