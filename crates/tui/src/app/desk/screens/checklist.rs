//! The materials checklist and the decision (受理, 容缺受理, 一次性告知, 不予受理).

use super::*;
use crate::app::desk::commands::labels as l;
use crate::app::desk::{Note, Problem, Prompt, PromptKind, Secret};
use crate::domain::intake::CheckItem;
use crate::domain::intake::MaterialState;
use crate::domain::records::CaseId;
use crate::domain::records::CaseRecord;

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

/// What the checklist's prompts do with what was typed (a defect, the pledge date, the
/// refusal's reason, a supervisor's override), from `prompt.rs`.
pub fn submit(d: &mut Desk, kind: PromptKind, case: Option<CaseId>, text: String, raw: String) -> Effects {
    match (kind, case) {
        (PromptKind::Defect { material }, Some(case)) => {
            if text.is_empty() {
                d.note = Some(Note::Problem(Problem::DefectWithoutReason));
                return vec![];
            }
            d.ask(Effect::Tick { case, material, state: MaterialState::Defective { what: text } })
        }
        (PromptKind::PledgeDue, Some(case)) => match chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(pledge_due) => d.ask(Effect::AcceptDeficient { case, pledge_due }),
            Err(_) => {
                d.note = Some(Note::Problem(Problem::BadDate));
                vec![]
            }
        },
        (PromptKind::RefuseReason, Some(_)) if !text.is_empty() => {
            // Then the authority the matter belongs to, if not this bureau's.
            let t = super::case_time::TimePrompt::Authority { reason: text };
            d.prompt = Some(Prompt { kind: PromptKind::Time(t), input: String::new() });
            vec![]
        }
        (PromptKind::RefuseReason, Some(case)) => {
            if text.is_empty() {
                d.note = Some(Note::Problem(Problem::NoReason));
                return vec![];
            }
            d.ask(Effect::Refuse { case, reason: text })
        }
        (PromptKind::OverrideReason, Some(_)) => {
            if text.is_empty() {
                d.note = Some(Note::Problem(Problem::NoReason));
                d.prompt = Some(Prompt { kind: PromptKind::OverrideReason, input: String::new() });
                return vec![];
            }
            d.prompt = Some(Prompt { kind: PromptKind::OverrideSupervisor { reason: text }, input: String::new() });
            vec![]
        }
        (PromptKind::OverrideSupervisor { reason }, Some(_)) => {
            let kind = if text.is_empty() {
                PromptKind::OverrideSupervisor { reason }
            } else {
                PromptKind::OverridePin { reason, supervisor: text }
            };
            d.prompt = Some(Prompt { kind, input: String::new() });
            vec![]
        }
        (PromptKind::OverridePin { reason, supervisor }, Some(case)) => {
            if raw.is_empty() {
                d.prompt = Some(Prompt { kind: PromptKind::OverridePin { reason, supervisor }, input: String::new() });
                return vec![];
            }
            // The PIN as typed (not trimmed): it goes to the check and is not kept.
            d.ask(Effect::NoticeOverride { case, reason, supervisor, pin: Secret(raw) })
        }
        _ => vec![],
    }
}

/// The checklist, loaded or after a tick (the selection moves on to the next material).
pub fn shown(d: &mut Desk, case: CaseRecord, items: Vec<CheckItem>) {
    let selected = match &d.screen {
        Screen::Checklist { case: c, selected, .. } if c.id == case.id => {
            // Move on to the next material after a tick.
            (*selected + 1).min(items.len().saturating_sub(1))
        }
        _ => items.iter().position(|i| i.state == MaterialState::Unchecked).unwrap_or(0),
    };
    d.screen = Screen::Checklist { case, items, selected };
}

/// Draw this screen's body (the desk's frame, note, prompt and key bar are `draw.rs`'s).
pub fn draw(d: &Desk, frame: &mut ratatui::Frame, c: &crate::app::desk::draw::Canvas) {
    use crate::app::desk::draw::{line, material_name, matter_name, row};
    use crate::app::desk::strings as ds;
    use crate::app::strings::screen_safe;
    use crate::app::ui;
    use crate::app::ui::FG;
    use crate::domain::intake::MaterialState;
    let Screen::Checklist { case, items, selected } = &d.screen else { return };
    let crate::app::desk::draw::Canvas { body, v, lang, bold, .. } = *c;
    let sel_style = |i: usize, selected: usize| c.sel_style(i, selected);
    line(
        frame,
        row(body, 0),
        &format!("{}  {}  {}", ds::CHECKLIST_TITLE.t(lang), case.number, matter_name(d, &case.matter)),
        bold,
    );
    let matter = d.settings.matters.get(&case.matter);
    for (r, i) in &v.rows {
        let it = &items[*i];
        let m = matter.and_then(|m| m.material(&it.material));
        let mut tags = vec![];
        if m.is_some_and(|m| m.key) {
            tags.push(ds::KEY_MATERIAL.t(lang));
        }
        if m.is_some_and(|m| m.pledgeable) {
            tags.push(ds::PLEDGEABLE.t(lang));
        }
        let state = ds::material_state(lang, &it.state);
        let tags = if tags.is_empty() { String::new() } else { format!("  ({})", tags.join(", ")) };
        // The state first, so it shows however long the material's name is.
        let s =
            format!("{}. [{}]  {}{tags}", i + 1, screen_safe(&state), material_name(d, &case.matter, &it.material),);
        let fg = match it.state {
            MaterialState::Provided | MaterialState::Pledged | MaterialState::Corrected { .. } => ui::OK_FG,
            MaterialState::Unchecked => FG,
            _ => ui::WARN_FG,
        };
        line(frame, *r, &s, sel_style(*i, *selected).fg(fg));
    }
}
