//! Where everything on a kiosk screen sits, built once per frame and used both by `draw` and by
//! hit-testing, so what is drawn is what is clickable (television's `screen/layout.rs` idea).

use super::effects::CertView;
use super::strings as ks;
use super::{Kiosk, Screen};
use crate::app::strings::{self as t, screen_safe, Lang};
use crate::app::ui::{self, Button, ButtonKind};
use crate::app::Action;
use crate::domain::Status;
use ratatui::layout::Rect;

/// The layout of the current screen: buttons and clickable certificate cards.
pub struct View {
    pub buttons: Vec<Button>,
    pub cards: Vec<(Rect, usize)>,
    pub input: Option<Rect>,
    pub body: Rect,
}

pub(super) fn button_h(body: Rect) -> u16 {
    (body.height / 7).clamp(1, 5)
}

/// Split the body into a left panel (keypad) and a right column (actions).
fn keypad_split(body: Rect, top: u16) -> (Rect, Rect) {
    let area = Rect { y: body.y + top, height: body.height.saturating_sub(top), ..body };
    let left_w = (area.width * 3 / 5).min(48);
    let left = Rect { width: left_w, ..area };
    let right = Rect { x: area.x + left_w + 3, width: area.width.saturating_sub(left_w + 3).min(24), ..area };
    (left, right)
}

pub fn layout(k: &Kiosk, area: Rect) -> View {
    let c = ui::chrome(area);
    let lang = k.lang;
    let body = c.body;
    let bh = button_h(body);
    let mut buttons = vec![Button::new(c.lang_button, t::LANG_TOGGLE.t(lang), Action::ToggleLang, ButtonKind::Normal)];
    let mut cards = vec![];
    let mut input = None;
    match &k.screen {
        Screen::Attract => {
            let w = body.width.min(30);
            let h = (bh + 2).min(body.height);
            let y = body.y + body.height.saturating_sub(h + 2);
            buttons.push(Button::new(
                Rect { x: body.x + (body.width - w) / 2, y, width: w, height: h },
                ks::START.t(lang),
                Action::Start,
                ButtonKind::Primary,
            ));
        }
        Screen::EnterId { .. } | Screen::EnterFactor { .. } | Screen::Staff { .. } => {
            let top = 7.min(body.height);
            input = Some(Rect {
                y: body.y + 2,
                height: 3.min(body.height.saturating_sub(2)),
                width: body.width.min(44),
                ..body
            });
            let (left, right) = keypad_split(body, top);
            let with_x = matches!(k.screen, Screen::EnterId { .. });
            buttons.extend(ui::keypad(left, with_x, t::DELETE.t(lang)));
            let mut col = vec![
                (t::OK.t(lang).to_string(), Action::Submit, ButtonKind::Primary),
                (t::CLEAR.t(lang).to_string(), Action::Clear, ButtonKind::Normal),
            ];
            col.push((t::BACK.t(lang).to_string(), Action::Back, ButtonKind::Danger));
            let kh = (left.height / 4).max(1);
            buttons.extend(ui::column(right, kh.saturating_sub(if kh >= 3 { 1 } else { 0 }).max(1), col));
        }
        Screen::Locked { .. } | Screen::Done { .. } => {
            let w = body.width.min(30);
            let y = body.y + body.height.saturating_sub(bh + 1);
            let label = if matches!(k.screen, Screen::Done { .. }) { ks::DONE.t(lang) } else { t::OK.t(lang) };
            buttons.push(Button::new(
                Rect { x: body.x, y, width: w, height: bh },
                label,
                Action::Home,
                ButtonKind::Primary,
            ));
        }
        Screen::Certificates { identity, selected, .. } => {
            let row_area = Rect { y: body.y + body.height.saturating_sub(bh), height: bh, ..body };
            buttons.extend(ui::button_row(
                row_area,
                vec![
                    (t::UP.t(lang).into(), Action::Up, ButtonKind::Normal),
                    (t::DOWN.t(lang).into(), Action::Down, ButtonKind::Normal),
                    (t::PRINT.t(lang).into(), Action::Print, ButtonKind::Primary),
                    (t::BACK.t(lang).into(), Action::Back, ButtonKind::Danger),
                ],
            ));
            let list = Rect { y: body.y + 3, height: body.height.saturating_sub(3 + bh + 2), ..body };
            let heights: Vec<u16> = identity
                .certs
                .iter()
                .enumerate()
                .map(|(i, c)| card_height(lang, c, list.width, i == *selected))
                .collect();
            // Scroll so the selected card is visible, showing as many before it as fit.
            let fits = |a: usize, b: usize| heights[a..=b].iter().map(|h| h + 1).sum::<u16>() <= list.height + 1;
            let mut first = (*selected).min(heights.len().saturating_sub(1));
            while first > 0 && fits(first - 1, *selected) {
                first -= 1;
            }
            let mut y = list.y;
            for (i, h) in heights.iter().enumerate().skip(first) {
                let h = (*h).min(list.height);
                if y + h > list.y + list.height {
                    break;
                }
                cards.push((Rect { y, height: h, ..list }, i));
                y += h + 1;
            }
        }
        Screen::Fault { .. } => {
            let row_area =
                Rect { y: body.y + body.height.saturating_sub(bh), height: bh, width: body.width.min(60), ..body };
            buttons.extend(ui::button_row(
                row_area,
                vec![
                    (t::RETRY.t(lang).into(), Action::Back, ButtonKind::Primary),
                    (t::HOME.t(lang).into(), Action::Home, ButtonKind::Danger),
                ],
            ));
        }
        Screen::Checking { .. } | Screen::Printing { .. } | Screen::StaffChecking | Screen::OutOfService => {}
    }
    View { buttons, cards, input, body }
}

/// The action of the button or card under a touch at (col, row).
pub fn hit(k: &Kiosk, area: Rect, col: u16, row: u16) -> Option<Action> {
    let v = layout(k, area);
    if let Some(b) = v.buttons.iter().find(|b| b.contains(col, row)) {
        return Some(b.action.clone());
    }
    v.cards
        .iter()
        .find(|(r, _)| col >= r.x && col < r.x + r.width && row >= r.y && row < r.y + r.height)
        .map(|(_, i)| Action::Select(*i))
}

pub(super) fn status_text(lang: Lang, s: Status) -> String {
    ks::status_text(lang, s)
}

/// A reminder with dates and materials when a review or expiry is near; for a card that cannot
/// be used, what to do instead (retraining, or asking the issuing authority) — on the selected
/// card only, so the list stays short enough to show every card at the smallest size.
fn reminder_text(lang: Lang, c: &CertView, selected: bool) -> Option<String> {
    match &c.reminder {
        Some(r) => {
            let materials = if lang == Lang::Zh { &r.materials_zh } else { &r.materials_en };
            Some(ks::reminder(lang, &ks::next_step(lang, c), materials))
        }
        None if selected && !c.status.is_usable() => Some(ks::next_step(lang, c)),
        None => None,
    }
}

pub(super) fn kind_title(lang: Lang, c: &CertView) -> String {
    match lang {
        // The title in full: the 合格证 names its 人员类型.
        Lang::Zh => c.kind.full_title_zh().to_string(),
        Lang::En => {
            if c.kind.has_review() {
                c.kind.title_en().to_string()
            } else {
                format!("{} ({})", c.kind.title_en(), c.kind.person_type_en())
            }
        }
    }
}

/// The text lines of a certificate card; the first carries the status as a second part.
pub(super) fn card_lines(lang: Lang, c: &CertView, index: usize, selected: bool) -> Vec<(String, Option<String>)> {
    let mark = if selected { "> " } else { "  " };
    let valid = match lang {
        Lang::Zh => format!("有效期 {} 至 {}", c.valid_from, c.valid_until),
        Lang::En => format!("valid {} to {}", c.valid_from, c.valid_until),
    };
    let review = c.review_due.map(|d| match lang {
        Lang::Zh => format!("  应复审 {d}"),
        Lang::En => format!("  review {d}"),
    });
    let mut lines = vec![
        (format!("{mark}{}. {}  ", index + 1, kind_title(lang, c)), Some(status_text(lang, c.status))),
        (format!("   {}  {}", screen_safe(&c.scope), c.masked_number), None),
        (format!("   {valid}{}", review.unwrap_or_default()), None),
    ];
    // SPEC §2: a review date the roster did not give is unknown, and the card says so.
    if c.review_unknown {
        lines.push((format!("   {}", ks::review_unknown(lang)), None));
    }
    if let Some(rem) = reminder_text(lang, c, selected) {
        lines.push((format!("   {rem}"), None));
    }
    lines
}

fn card_height(lang: Lang, c: &CertView, width: u16, selected: bool) -> u16 {
    card_lines(lang, c, 0, selected)
        .iter()
        .map(|(a, b)| ui::rows_needed(&format!("{a}{}", b.as_deref().unwrap_or("")), width))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kit's sample 特种作业操作证: valid to 2029-01-03, review due 2027-01-03.
    fn sample_card() -> crate::domain::Certificate {
        let mut c = crate::domain::cert::sample_special();
        c.valid_from = d(2023, 1, 4);
        c.valid_until = d(2029, 1, 3);
        c.review_due = Some(d(2027, 1, 3));
        c
    }
    use crate::domain::matters::Matters;
    use crate::domain::workdays::Calendar;
    use crate::domain::{Certificate, LeadTimes, Status};
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn card(c: &Certificate, today: NaiveDate, lang: Lang) -> (CertView, String) {
        let v = CertView::of(c, today, &LeadTimes::default(), &Matters::builtin(), &Calendar::builtin());
        let text = card_lines(lang, &v, 0, true)
            .into_iter()
            .map(|(a, b)| format!("{a}{}", b.unwrap_or_default()))
            .collect::<Vec<_>>()
            .join("\n");
        (v, text)
    }

    /// Issue 13 §2 (SPEC §2, 30号令 art. 26): the held-out row — no review dates, 状态 有效,
    /// 有效期 2021-06-01..2027-06-01 — is valid at the kiosk on 2026-12-05, with or without
    /// 延期复审, and its card says the review information was not provided.
    #[test]
    fn a_review_less_card_is_valid_and_says_so() {
        for extended in [false, true] {
            let mut c = sample_card();
            c.review_due = None;
            c.reviewed_on = None;
            c.extended_review = extended;
            c.valid_from = d(2021, 6, 1);
            c.valid_until = d(2027, 6, 1);
            let (v, zh) = card(&c, d(2026, 12, 5), Lang::Zh);
            assert_eq!(v.status, Status::Valid);
            assert!(v.printable());
            assert!(zh.contains("复审信息未提供，以发证机关记录为准"), "{zh}");
            assert!(!zh.contains("失效") && !zh.contains("重新参加培训"), "{zh}");
            let (_, en) = card(&c, d(2026, 12, 5), Lang::En);
            assert!(en.contains("review information not provided"), "{en}");
            // within 90 days of 有效期止 the reminder names 延期复审（换证） and its materials
            // (the matter of the next step: 30号令 art. 22 ¶2, art. 24)
            let (v, zh) = card(&c, d(2027, 4, 1), Lang::Zh);
            let r = v.reminder.expect("a reminder near expiry");
            assert_eq!(r.materials_zh, Matters::builtin().get("special_renewal").unwrap().material_list(false));
            assert!(zh.contains("延期复审（换证）") && zh.contains("请携带："), "{zh}");
        }
    }

    /// One rule for the materials: a 复审 on a card granted the 6-year interval lists the
    /// employer's 10-year proof (30号令 art. 21) at the kiosk, as the slip and the reminder list do.
    #[test]
    fn the_kiosk_reminder_uses_the_next_steps_matter() {
        let mut c = sample_card(); // review due 2027-01-03
        c.extended_review = true;
        let (v, _) = card(&c, d(2026, 11, 23), Lang::Zh);
        let r = v.reminder.expect("review due soon");
        assert!(r.materials_zh.contains("10年"), "{}", r.materials_zh);
        c.extended_review = false;
        let (v, _) = card(&c, d(2026, 11, 23), Lang::Zh);
        assert!(!v.reminder.unwrap().materials_zh.contains("10年"));
    }
}
