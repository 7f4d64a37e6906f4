//! Outbound reminders (到期提醒): which certificates fall due within N days, and the SMS text.
//! The bureau promised to remind holders and their employers about three months before a review
//! or expiry (seeds: 运城 2023 item 8, 围场 2023 item 4). Pure: takes `today`.

use super::cert::{Certificate, NextStep, Standing};
use super::deadline::{deadline_zh, zh_date};
use super::matters::{self, Matters};
use super::workdays::Calendar;
use chrono::NaiveDate;

/// What falls due, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueKind {
    /// 特种作业操作证 复审 (30号令 art. 21, 22); `extended`: the 6-year interval (延期复审 flag,
    /// art. 21) applies, whose matter asks for the employer's 10-year proof.
    Review {
        /// Whether the 6-year interval applies.
        extended: bool,
    },
    /// 特种作业操作证 reaches 有效期止: 延期复审（换证） (30号令 art. 22 ¶2, art. 24: a new card).
    Renew,
    /// 合格证 延期: apply at least 30 days before 有效期止.
    Extend,
}

/// A certificate's next review, renewal or extension within the reminder window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// Review, renewal or extension.
    pub kind: DueKind,
    /// The certificate's next step on the day the list was made: its matter is the one the
    /// holder applies for ([`NextStep::matter`], the rule the kiosk and the slips use too).
    pub step: NextStep,
    /// The review date, or 有效期止.
    pub date: NaiveDate,
    /// First day to apply (复审: 60 days before, art. 22), or for 合格证 the last day to apply.
    pub apply: NaiveDate,
    /// Days from `today` to `date` (0 = today).
    pub days: i64,
}

impl Due {
    /// The matter whose materials the holder brings (assets/matters.toml).
    pub fn matter_code(&self) -> &'static str {
        // `due_within` only makes a `Due` for a step with a matter.
        self.step.matter().unwrap_or(matters::SPECIAL_REVIEW)
    }
    /// What falls due, in Chinese.
    pub fn what_zh(&self) -> &'static str {
        match self.kind {
            DueKind::Review { extended: true } => "复审（延长至每6年1次）",
            DueKind::Review { extended: false } => "复审",
            // 30号令 art. 22 ¶2, art. 24: the year-6 step ends in a new card.
            DueKind::Renew => "延期复审（换证）",
            DueKind::Extend => "延期",
        }
    }
    /// What falls due, in English.
    pub fn what_en(&self) -> &'static str {
        match self.kind {
            DueKind::Review { extended: true } => "review (interval extended to 6 years)",
            DueKind::Review { extended: false } => "review",
            DueKind::Renew => "renewal review at expiry (new card)",
            DueKind::Extend => "extension",
        }
    }
}

/// The reminder for `c`, if its next review or its expiry falls within `days` days of `today`
/// (today included). Only active certificates that are still valid: a suspended, revoked or
/// cancelled certificate, or one already invalid, is not something a reminder can save.
pub fn due_within(c: &Certificate, today: NaiveDate, days: i64) -> Option<Due> {
    if c.standing != Standing::Active {
        return None;
    }
    let step = c.next_step(today);
    let (kind, date, apply) = match step {
        NextStep::Review { due, apply_from, extended } => (DueKind::Review { extended }, due, apply_from),
        NextStep::Renew { until, apply_from, .. } => (DueKind::Renew, until, apply_from),
        NextStep::Extend { until, apply_by } => (DueKind::Extend, until, apply_by),
        NextStep::Retrain { .. } | NextStep::AskIssuer => return None,
    };
    let left = (date - today).num_days();
    (0..=days).contains(&left).then_some(Due { kind, step, date, apply, days: left })
}

/// The SMS text for one certificate: who, which certificate, what is due by when, from when to
/// apply, what to bring, where to ask. Never the ID number or the certificate number.
pub fn sms_text(bureau: &str, phone: &str, c: &Certificate, due: &Due, matters: &Matters, cal: &Calendar) -> String {
    let scope = c.scope_zh();
    let cert = if scope.trim().is_empty() || scope.trim() == "/" {
        c.kind.title_zh().to_string()
    } else {
        format!("{}（{}）", c.kind.title_zh(), scope)
    };
    let when = match due.kind {
        DueKind::Review { .. } | DueKind::Renew => {
            let unknown = match due.step {
                NextStep::Renew { review_unknown: true, .. } => "（复审信息未提供，以发证机关记录为准）",
                _ => "",
            };
            format!(
                "应于{}办理{}{unknown}，可自{}起申请",
                deadline_zh(cal, due.date),
                due.what_zh(),
                zh_date(due.apply)
            )
        }
        DueKind::Extend => format!("将于{}到期，请于{}申请延期", zh_date(due.date), deadline_zh(cal, due.apply)),
    };
    let bring = matters.get(due.matter_code()).map(|m| m.material_list(false)).unwrap_or_default();
    let bring = if bring.is_empty() { String::new() } else { format!("请携带：{bring}。") };
    format!("【{bureau}】{}您好：您的{cert}{when}。{bring}咨询电话：{phone}。", c.name.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::cert::sample_special;
    use crate::domain::{CertKind, Standing};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn review_due_within_the_window_art_21_22() {
        let c = sample_special(); // review due 2026-03-01, valid until 2029-02-28
        assert_eq!(due_within(&c, d(2025, 11, 30), 90), None, "91 days ahead: not yet");
        let due = due_within(&c, d(2025, 12, 1), 90).unwrap();
        assert_eq!((due.kind, due.date, due.days), (DueKind::Review { extended: false }, d(2026, 3, 1), 90));
        assert_eq!(due.apply, d(2025, 12, 31), "art. 22: apply within the 60 days before");
        assert_eq!(due_within(&c, d(2026, 3, 1), 90).unwrap().days, 0, "the due day itself");
        assert_eq!(due_within(&c, d(2026, 3, 2), 90), None, "missed (art. 26): no reminder can save it");
        let ext = Certificate { extended_review: true, ..c.clone() };
        assert_eq!(due_within(&ext, d(2026, 1, 1), 90).unwrap().matter_code(), matters::SPECIAL_REVIEW_INTERVAL);
    }

    /// Issue 13: a card whose roster gave no review dates is reminded of its year-6 延期复审（换证）
    /// (30号令 art. 22 ¶2, art. 24) with that matter's materials, and the SMS says the review
    /// information was not provided; the deadline is in Chinese form with （含）.
    #[test]
    fn review_unknown_card_is_reminded_of_the_renewal() {
        let c = Certificate {
            review_due: None,
            valid_from: d(2021, 6, 1),
            valid_until: d(2027, 6, 1),
            extended_review: true,
            ..sample_special()
        };
        assert_eq!(due_within(&c, d(2026, 12, 5), 90), None, "nothing missed, nothing due yet");
        let due = due_within(&c, d(2027, 4, 1), 90).unwrap();
        assert_eq!((due.kind, due.date, due.apply), (DueKind::Renew, d(2027, 6, 1), d(2027, 4, 2)));
        assert_eq!(due.matter_code(), matters::SPECIAL_RENEWAL);
        assert_eq!(due.what_zh(), "延期复审（换证）");
        let text = sms_text("示范市应急管理局", "0000-12345678", &c, &due, &Matters::builtin(), &Calendar::builtin());
        assert!(text.contains("应于2027年6月1日（含）前"), "{text}");
        assert!(text.contains("办理延期复审（换证）（复审信息未提供，以发证机关记录为准）"), "{text}");
        assert!(!text.contains("10年"), "no 10-year proof at expiry: {text}");
    }

    #[test]
    fn only_active_certificates_art_30_31() {
        for s in [Standing::Suspended, Standing::Revoked, Standing::Cancelled] {
            let c = Certificate { standing: s, ..sample_special() };
            assert_eq!(due_within(&c, d(2026, 1, 1), 90), None, "{s:?}");
        }
    }

    #[test]
    fn qualification_extension_and_sms_text() {
        let c = Certificate {
            kind: CertKind::Principal,
            category: None,
            item: None,
            industry: Some("危险化学品经营单位".into()),
            review_due: None,
            valid_until: d(2026, 2, 28),
            ..sample_special()
        };
        let due = due_within(&c, d(2026, 1, 1), 90).unwrap();
        assert_eq!((due.kind, due.apply), (DueKind::Extend, d(2026, 1, 29)), "30 days before expiry");
        let text = sms_text("示范市应急管理局", "0000-12345678", &c, &due, &Matters::builtin(), &Calendar::builtin());
        assert!(text.starts_with("【示范市应急管理局】王秀英您好"), "{text}");
        assert!(text.contains("2026年2月28日") && text.contains("2026年1月29日（含）前"), "{text}");
        assert!(text.contains("请携带："), "{text}");
        assert!(!text.contains("11010519491231002X") && !text.contains("110105"), "no ID number: {text}");
    }
}
