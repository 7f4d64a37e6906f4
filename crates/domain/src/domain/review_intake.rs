//! Taking in a 复审 at the window (issue 15, SPEC §2): whether the visitor's card can be
//! reviewed today. Pure: the registry's certificates and today in, a warning out.
//!
//! 安全生产监管总局30号令:
//! - 第二十一条: a 特种作业操作证 is reviewed every 3 years (every 6 on 延期复审);
//! - 第二十二条: the review is applied for within the 60 days before it is due (期满前60日内);
//! - 第二十六条 (SPEC §2): a card whose review was missed is invalid (失效); it cannot be
//!   reviewed back to life — the holder retrains, takes the exam again and applies anew.
//!
//! The desk warns; it does not refuse: the registry may lag a review done elsewhere, and the
//! clerk decides with the paper card in hand.

use super::cert::{Certificate, Invalid, NextStep};
use super::matters;
use super::CertKind;
use chrono::NaiveDate;

/// Why a 复审 intake needs a second look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewWarning {
    /// No 特种作业操作证 on record for this person (or the person is not registered).
    NoCard,
    /// Every card is invalid (art. 26; expired; 撤销/注销): the matter is a new application
    /// (特种作业操作证申领) after retraining, not a review.
    Lapsed(Invalid),
    /// The review is not yet open: applications open on `apply_from`, 60 days before `due`
    /// (art. 22).
    NotYetDue {
        /// The review's due date.
        due: NaiveDate,
        /// The first day an application is taken.
        apply_from: NaiveDate,
    },
    /// The card's next step is another matter (延期复审（换证） at the end of the 6 years):
    /// its matter code.
    OtherMatter(&'static str),
    /// The card is suspended (暂停): the issuing authority says when it is lifted.
    Suspended,
}

/// Whether `matter` is a review of a 特种作业操作证 (3-year, or on the 6-year interval).
pub fn is_review(matter: &str) -> bool {
    matter == matters::SPECIAL_REVIEW || matter == matters::SPECIAL_REVIEW_INTERVAL
}

/// The warning for taking in `matter` today for a person holding `certs` (the registry's
/// certificates of that person; empty when not registered). `None`: not a review, or a card is
/// open for review today.
pub fn review_warning(matter: &str, certs: &[Certificate], today: NaiveDate) -> Option<ReviewWarning> {
    if !is_review(matter) {
        return None;
    }
    let steps: Vec<NextStep> =
        certs.iter().filter(|c| c.kind == CertKind::SpecialOperation).map(|c| c.next_step(today)).collect();
    if steps.is_empty() {
        return Some(ReviewWarning::NoCard);
    }
    // One card open for review is enough (a holder has one card per 操作项目).
    let mut not_yet: Option<(NaiveDate, NaiveDate)> = None;
    for s in &steps {
        if let NextStep::Review { due, apply_from, .. } = *s {
            if today >= apply_from && today <= due {
                return None;
            }
            if today < apply_from && not_yet.is_none_or(|(_, a)| apply_from < a) {
                not_yet = Some((due, apply_from));
            }
        }
    }
    if let Some((due, apply_from)) = not_yet {
        return Some(ReviewWarning::NotYetDue { due, apply_from });
    }
    if let Some(m) = steps.iter().find_map(|s| match s {
        NextStep::Renew { .. } => s.matter(),
        _ => None,
    }) {
        return Some(ReviewWarning::OtherMatter(m));
    }
    if steps.iter().any(|s| matches!(s, NextStep::AskIssuer)) {
        return Some(ReviewWarning::Suspended);
    }
    let reason = steps
        .iter()
        .find_map(|s| match s {
            NextStep::Retrain { reason } => Some(*reason),
            _ => None,
        })
        .unwrap_or(Invalid::Cancelled);
    Some(ReviewWarning::Lapsed(reason))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CertId, Gender, Standing};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn card(kind: CertKind, valid_until: NaiveDate, review_due: Option<NaiveDate>) -> Certificate {
        Certificate {
            id: CertId::NEW,
            number: "T11010519491231002X".into(),
            kind,
            holder_id: "11010519491231002X".into(),
            name: "王秀英".into(),
            gender: Gender::Female,
            category: Some("电工作业".into()),
            item: Some("低压电工作业".into()),
            industry: None,
            first_issued: d(2023, 1, 4),
            valid_from: d(2023, 1, 4),
            valid_until,
            review_due,
            reviewed_on: None,
            issuer: "示范市应急管理局".into(),
            standing: Standing::Active,
            extended_review: false,
            seal_handle: [0; 8],
        }
    }

    const TODAY: (i32, u32, u32) = (2026, 12, 6);
    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn a_card_within_the_60_days_before_its_review_is_taken_in_without_warning_art_22() {
        // Due 2027-01-03: applications open 60 days before, 2026-11-04 (第二十二条 期满前60日内).
        let c = card(CertKind::SpecialOperation, d(2029, 1, 3), Some(d(2027, 1, 3)));
        assert_eq!(review_warning(matters::SPECIAL_REVIEW, std::slice::from_ref(&c), today()), None);
        assert_eq!(
            review_warning(matters::SPECIAL_REVIEW, std::slice::from_ref(&c), d(2026, 11, 4)),
            None,
            "first day"
        );
        assert_eq!(review_warning(matters::SPECIAL_REVIEW, &[c], d(2027, 1, 3)), None, "the due day itself");
    }

    #[test]
    fn a_card_not_due_until_2029_is_outside_the_window_art_22() {
        let c = card(CertKind::SpecialOperation, d(2031, 1, 3), Some(d(2029, 1, 3)));
        assert_eq!(
            review_warning(matters::SPECIAL_REVIEW, std::slice::from_ref(&c), today()),
            Some(ReviewWarning::NotYetDue { due: d(2029, 1, 3), apply_from: d(2028, 11, 4) })
        );
        // The day before the window opens is still outside it.
        let c = card(CertKind::SpecialOperation, d(2029, 1, 3), Some(d(2027, 1, 3)));
        assert!(matches!(
            review_warning(matters::SPECIAL_REVIEW, &[c], d(2026, 11, 3)),
            Some(ReviewWarning::NotYetDue { .. })
        ));
    }

    #[test]
    fn a_card_lapsed_since_2022_is_a_new_application_after_retraining_art_26() {
        // Review missed in 2022: 失效 (第二十六条); the matter is 申领 after retraining.
        let c = card(CertKind::SpecialOperation, d(2025, 3, 1), Some(d(2022, 3, 1)));
        assert!(matches!(
            review_warning(matters::SPECIAL_REVIEW, std::slice::from_ref(&c), today()),
            Some(ReviewWarning::Lapsed(Invalid::Expired { .. } | Invalid::ReviewMissed { .. }))
        ));
        let c = card(CertKind::SpecialOperation, d(2028, 3, 1), Some(d(2025, 3, 1)));
        assert_eq!(
            review_warning(matters::SPECIAL_REVIEW_INTERVAL, &[c], today()),
            Some(ReviewWarning::Lapsed(Invalid::ReviewMissed { due: d(2025, 3, 1) }))
        );
    }

    #[test]
    fn a_person_without_a_special_operation_card_is_warned() {
        assert_eq!(review_warning(matters::SPECIAL_REVIEW, &[], today()), Some(ReviewWarning::NoCard));
        // A 合格证 is not a 特种作业操作证.
        let q = card(CertKind::Principal, d(2028, 5, 31), None);
        assert_eq!(review_warning(matters::SPECIAL_REVIEW, &[q], today()), Some(ReviewWarning::NoCard));
    }

    #[test]
    fn one_open_card_is_enough_and_other_matters_are_not_checked() {
        let lapsed = card(CertKind::SpecialOperation, d(2028, 3, 1), Some(d(2025, 3, 1)));
        let open = card(CertKind::SpecialOperation, d(2029, 1, 3), Some(d(2027, 1, 3)));
        assert_eq!(review_warning(matters::SPECIAL_REVIEW, &[lapsed.clone(), open], today()), None);
        assert_eq!(review_warning(matters::SPECIAL_ISSUE, &[lapsed], today()), None, "申领 is not a review");
        assert_eq!(review_warning("no such matter", &[], today()), None);
    }

    #[test]
    fn a_suspended_card_or_one_at_its_six_year_end_gets_its_own_warning() {
        let mut s = card(CertKind::SpecialOperation, d(2029, 1, 3), Some(d(2027, 1, 3)));
        s.standing = Standing::Suspended;
        assert_eq!(review_warning(matters::SPECIAL_REVIEW, &[s], today()), Some(ReviewWarning::Suspended));
        // No review before 有效期止 2027-01-03: the step is 延期复审（换证） (art. 22 ¶2).
        let r = card(CertKind::SpecialOperation, d(2027, 1, 3), None);
        assert_eq!(
            review_warning(matters::SPECIAL_REVIEW, &[r], today()),
            Some(ReviewWarning::OtherMatter(matters::SPECIAL_RENEWAL))
        );
    }
}
