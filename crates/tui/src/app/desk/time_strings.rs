//! The desk's words for a case's time under the 行政许可法 (issue 15), zh-CN and English: the
//! case screen's time rows, the time page, its prompts and notes, the notices-owed list and the
//! time problems. The rules are `domain::case_time`'s.

use super::effects::TimeDone;
use crate::app::strings::{pick, Lang, T};
use crate::domain::case_time::{Outcome, Remaining, StopKind, TimeError};
use crate::domain::records::CaseRecord;
use certdesk_protocol::desk_time::{CaseTime, NoticeOwed};
use chrono::NaiveDate;

pub const TIME_TITLE: T = T::new("办理时限", "Time limits");
pub const OWED_TITLE: T = T::new("待一次性告知（收件后5个工作日内）", "Notices owed (5 working days from receipt)");
pub const OWED_EMPTY: T = T::new("没有待告知的办件", "No notice owed");
pub const CORRECTED_MARK: T = T::new("当场更正", "corrected on the spot");

pub const PROMPT_CORRECTED: T = T::new("当场更正了什么", "What was corrected on the spot");
pub const PROMPT_GRANT: T = T::new("准予许可：依据或说明（可空）", "Grant: basis or note (may be empty)");
pub const PROMPT_DENY: T = T::new("不予许可：理由（必填）", "Deny: reasons (required)");
pub const PROMPT_EXTEND: T =
    T::new("延长10个工作日：理由（将告知申请人）", "Extend by 10 working days: reasons (told to the applicant)");
pub const PROMPT_EXTEND_SUPERVISOR: T = T::new("批准延期的负责人工号", "Approving supervisor's staff number");
pub const PROMPT_EXTEND_PIN: T = T::new("负责人密码", "Supervisor's PIN");
pub const PROMPT_STOP_KIND: T = T::new(
    "中止计时事由：1听证 2检验 3检测 4鉴定 5专家评审 6现场核查",
    "Stop the clock for: 1 hearing 2 inspection 3 testing 4 appraisal 5 expert review 6 site check",
);
pub const PROMPT_STOP_DAYS: T =
    T::new("书面告知申请人所需时间（工作日）", "Time told to the applicant in writing (working days)");
pub const PROMPT_DELIVER: T =
    T::new("送达方式（当面领取、邮寄、电子送达……）", "Manner of delivery (in person, post, electronic...)");
pub const PROMPT_AUTHORITY: T = T::new(
    "不属本机关职权的，告知申请人向哪个机关申请（可空）",
    "Not this bureau's matter: the authority to apply to (may be empty)",
);
pub const BAD_STOP_KIND: T = T::new("请输入1至6", "Type 1 to 6");
pub const BAD_DAYS: T = T::new("请输入1至365的天数", "Type a number of days from 1 to 365");

/// [`pick`] for any value (static words).
fn pk<V>(lang: Lang, zh: V, en: V) -> V {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

pub fn stop_kind(lang: Lang, k: StopKind) -> &'static str {
    pk(lang, k.zh(), k.en())
}

pub fn outcome(lang: Lang, o: Outcome) -> &'static str {
    pk(lang, o.zh(), o.en())
}

/// The 撤销 of a grant, on the case page (行政许可法 第六十九条第二款, 第七十九条): when, who, why.
pub fn revoked_line(lang: Lang, r: &crate::domain::case_time::Revocation) -> String {
    let at = r.at.format("%Y-%m-%d %H:%M");
    pick(
        lang,
        format!("已撤销 {at}（{}，告知承诺不实，第六十九条）：{}", r.by, r.reason),
        format!("revoked {at} (by {}, false pledge, art. 69): {}", r.by, r.reason),
    )
}

pub fn done(lang: Lang, d: TimeDone) -> &'static str {
    match (lang, d) {
        (Lang::Zh, TimeDone::Granted) => "已记录：准予许可",
        (Lang::Zh, TimeDone::Denied) => "已记录：不予许可",
        (Lang::Zh, TimeDone::Extended) => "已延长10个工作日（负责人批准）",
        (Lang::Zh, TimeDone::Stopped) => "已中止计时",
        (Lang::Zh, TimeDone::Resumed) => "已恢复计时，期限已顺延",
        (Lang::Zh, TimeDone::Delivered) => "已记录送达",
        (Lang::En, TimeDone::Granted) => "Recorded: granted",
        (Lang::En, TimeDone::Denied) => "Recorded: denied",
        (Lang::En, TimeDone::Extended) => "Extended by 10 working days (supervisor approved)",
        (Lang::En, TimeDone::Stopped) => "Clock stopped",
        (Lang::En, TimeDone::Resumed) => "Clock running again; the dates moved",
        (Lang::En, TimeDone::Delivered) => "Delivery recorded",
    }
}

fn remaining(lang: Lang, label: (&str, &str), r: &Remaining) -> String {
    let mark = |p: bool| super::strings::provisional_mark(lang, p);
    match (lang, r) {
        (Lang::Zh, Remaining::Days { due, left, provisional }) if *left >= 0 => {
            format!("{} {due}{}，剩余{left}个工作日", label.0, mark(*provisional))
        }
        (Lang::Zh, Remaining::Days { due, left, provisional }) => {
            format!("{} {due}{}，已超期{}个工作日", label.0, mark(*provisional), -left)
        }
        (Lang::En, Remaining::Days { due, left, provisional }) if *left >= 0 => {
            format!("{} {due}{}, {left} working days left", label.1, mark(*provisional))
        }
        (Lang::En, Remaining::Days { due, left, provisional }) => {
            format!("{} {due}{}, {} working days overdue", label.1, mark(*provisional), -left)
        }
        (Lang::Zh, Remaining::Stopped { since, left, kind }) => {
            format!("{} 计时中止（{}，自{since}起），中止时剩余{left}个工作日", label.0, kind.zh())
        }
        (Lang::En, Remaining::Stopped { since, left, kind }) => {
            format!("{} clock stopped ({}, since {since}), {left} working days left then", label.1, kind.en())
        }
    }
}

fn notice_left(lang: Lang, due: NaiveDate, left: i64) -> String {
    match lang {
        Lang::Zh if left >= 0 => format!("一次性告知期限 {due}，剩余{left}个工作日（逾期视为受理）"),
        Lang::Zh => format!("一次性告知期限 {due}，已逾期"),
        Lang::En if left >= 0 => format!("one-time notice due {due}, {left} working days left (else deemed accepted)"),
        Lang::En => format!("one-time notice due {due}, late"),
    }
}

/// The time rows of the case screen: the notice countdown, both limits and what remains, the
/// decision and the delivery limit; each with whether it is a warning (late, overdue, deemed).
pub fn summary(lang: Lang, t: &CaseTime) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    if let Some(r) = &t.records.receipt {
        let at = r.received_at.format("%Y-%m-%d %H:%M");
        out.push((pick(lang, format!("收件 {at}"), format!("received {at}")), false));
        if let Some(left) = t.notice_left {
            out.push((notice_left(lang, r.notice_due, left), left <= 1));
        }
        if let Some(d) = r.deemed_on {
            out.push((
                pick(
                    lang,
                    format!("逾期未告知，自收件之日（{d}）起视为受理（行政许可法第三十二条）"),
                    format!("No notice in time: deemed accepted as of receipt ({d}; art. 32)"),
                ),
                true,
            ));
        }
    }
    // 第三十二条第一款第（五）项: the full resubmission after a notice and the five working days to
    // answer it; unanswered, the case counts as accepted from that day.
    if let Some(r) = &t.resubmission {
        let at = r.received_at.format("%Y-%m-%d %H:%M");
        out.push((pick(lang, format!("补正材料收齐 {at}"), format!("all corrections received {at}")), false));
        if let Some(left) = t.decision_left {
            let due = r.decision_due;
            let text = match lang {
                Lang::Zh if left >= 0 => format!("补正后受理决定期限 {due}，剩余{left}个工作日（逾期视为受理）"),
                Lang::Zh => format!("补正后受理决定期限 {due}，已逾期"),
                Lang::En if left >= 0 => {
                    format!("decision on the corrections due {due}, {left} working days left (else deemed accepted)")
                }
                Lang::En => format!("decision on the corrections due {due}, late"),
            };
            out.push((text, left <= 1));
        }
        if let Some(d) = r.deemed_on {
            out.push((
                pick(
                    lang,
                    format!("补正后逾期未决定，自补正材料收齐之日（{d}）起视为受理（行政许可法第三十二条）"),
                    format!("No decision in time after the corrections: deemed accepted as of {d} (art. 32)"),
                ),
                true,
            ));
        }
    }
    if let Some(a) = &t.records.refused_authority {
        out.push((pick(lang, format!("告知向{a}申请"), format!("told to apply to {a}")), false));
    }
    if let Some(s) = &t.statutory {
        out.push((remaining(lang, ("法定期限", "statutory limit"), s), s.is_overdue()));
    }
    if let Some(c) = &t.committed {
        out.push((remaining(lang, ("承诺期限", "committed limit"), c), c.is_overdue()));
    }
    if let Some(e) = &t.records.extension {
        out.push((
            pick(
                lang,
                format!("已延长{}个工作日（{}批准）：{}", e.days, e.approved_by, e.reasons),
                format!("extended by {} working days (approved by {}): {}", e.days, e.approved_by, e.reasons),
            ),
            false,
        ));
    }
    if let Some(dec) = &t.records.decision {
        let mut s = format!("{} {}", outcome(lang, dec.outcome), dec.decided_on);
        if !dec.reasons.is_empty() {
            s.push_str(&pick(lang, format!("：{}", dec.reasons), format!(": {}", dec.reasons)));
        }
        out.push((s, false));
        if let Some(r) = &dec.revoked {
            out.push((revoked_line(lang, r), true));
        }
        match (&dec.delivered, dec.delivery_due) {
            (Some((on, manner)), _) => {
                out.push((pick(lang, format!("已送达 {on}（{manner}）"), format!("delivered {on} ({manner})")), false))
            }
            (None, Some(due)) if dec.revoked.is_none() => out.push((
                pick(
                    lang,
                    format!("送达期限 {due}（准予后10个工作日）"),
                    format!("deliver by {due} (10 working days after grant)"),
                ),
                false,
            )),
            (None, _) => {}
        }
        if t.delivery_late {
            out.push((
                pick(
                    lang,
                    "未在10个工作日内送达（行政许可法第四十四条）".into(),
                    "Not delivered within 10 working days (art. 44)".into(),
                ),
                true,
            ));
        }
    }
    out
}

/// The whole time page: the summary, what was received, each notice's 补正期限 and the stops.
pub fn page(lang: Lang, t: &CaseTime, material: &dyn Fn(&str) -> String) -> Vec<(String, bool)> {
    let mut out = summary(lang, t);
    if let Some(m) = t.records.receipt.as_ref().and_then(|r| r.materials.as_ref()) {
        let names: Vec<String> = m.iter().map(|c| material(c)).collect();
        let sep = pk(lang, "、", ", ");
        out.push((
            pick(lang, format!("收到材料：{}", names.join(sep)), format!("received: {}", names.join(sep))),
            false,
        ));
    }
    for (seq, by) in &t.records.fix_by {
        out.push((pick(lang, format!("第{seq}份告知 补正期限 {by}"), format!("notice {seq}: correct by {by}")), false));
    }
    for s in &t.records.stops {
        let st = &s.stop;
        let (zh, en) = match st.end {
            Some(e) => (format!("{}至{e}", st.start), format!("{} to {e}", st.start)),
            None => (format!("自{}起，进行中", st.start), format!("since {}, ongoing", st.start)),
        };
        out.push((
            pick(
                lang,
                format!("中止计时：{} {zh}，告知申请人需{}个工作日", st.kind.zh(), st.told_days),
                format!("clock stopped: {} {en}, applicant told {} working days", st.kind.en(), st.told_days),
            ),
            false,
        ));
    }
    if out.is_empty() {
        out.push((pick(lang, "尚未收件".into(), "Materials not received yet".into()), false));
    }
    out
}

/// A line of the notices-owed list.
pub fn owed_line(lang: Lang, o: &NoticeOwed, matter: &str) -> String {
    let c: &CaseRecord = &o.case;
    let mark = super::strings::provisional_mark(lang, o.provisional);
    let who = crate::app::strings::screen_safe(&c.visitor.name);
    match lang {
        Lang::Zh if o.left >= 0 => {
            format!("{}  {matter}  {who}  告知期限 {}{mark}，剩余{}个工作日", c.number, o.notice_due, o.left)
        }
        Lang::Zh => format!("{}  {matter}  {who}  告知期限 {}{mark}，已逾期", c.number, o.notice_due),
        Lang::En if o.left >= 0 => {
            format!("{}  {matter}  {who}  notice due {}{mark}, {} working days left", c.number, o.notice_due, o.left)
        }
        Lang::En => format!("{}  {matter}  {who}  notice due {}{mark}, late", c.number, o.notice_due),
    }
}

/// The list line of a stopped case (第四十五条: never overdue).
pub fn stopped_deadline(lang: Lang, since: NaiveDate, left: i64) -> String {
    pick(
        lang,
        format!("计时中止（自{since}起），中止时剩余{left}个工作日"),
        format!("clock stopped since {since}, {left} working days left then"),
    )
}

pub fn problem(lang: Lang, e: &TimeError) -> String {
    match (lang, e) {
        (Lang::Zh, TimeError::NotRunning(s)) => format!("办件处于“{}”环节，不能办理此项", s.zh()),
        (Lang::Zh, TimeError::AlreadyExtended) => "本办件已延长过一次（行政许可法第四十二条只可延长十日）".into(),
        (Lang::Zh, TimeError::NoReason) => "请填写理由".into(),
        (Lang::Zh, TimeError::ExtensionLate(d)) => format!("法定期限已于{d}届满，不能再延期"),
        (Lang::Zh, TimeError::AlreadyStopped) => "计时已中止，请先恢复计时".into(),
        (Lang::Zh, TimeError::NotStopped) => "计时未中止".into(),
        (Lang::Zh, TimeError::KindNotAllowed(k)) => format!("本事项的{}时间计入办理期限，不能中止计时", k.zh()),
        (Lang::Zh, TimeError::NoLengthTold) => "请填写书面告知申请人的所需时间（行政许可法第四十五条）".into(),
        (Lang::Zh, TimeError::InFuture(d)) => format!("{d}还未到"),
        (Lang::Zh, TimeError::BeforeAcceptance(d)) => format!("{d}不在受理之后"),
        (Lang::Zh, TimeError::EndBeforeStart(d)) => format!("不能早于中止之日{d}"),
        (Lang::Zh, TimeError::AlreadyDecided) => "本办件已作出许可决定".into(),
        (Lang::Zh, TimeError::NotDecided) => "尚未作出许可决定".into(),
        (Lang::Zh, TimeError::NoManner) => "请填写送达方式".into(),
        (Lang::Zh, TimeError::BeforeDecision(d)) => format!("{d}早于许可决定"),
        (Lang::Zh, TimeError::AlreadyDelivered) => "已记录过送达".into(),
        (Lang::Zh, TimeError::Revoked) => "该许可已撤销（行政许可法第六十九条），不再送达".into(),
        (Lang::En, TimeError::NotRunning(s)) => format!("The case is at stage \"{}\": not possible now", s.en()),
        (Lang::En, TimeError::AlreadyExtended) => "Already extended once (art. 42 allows ten days once)".into(),
        (Lang::En, TimeError::NoReason) => "Reasons are required".into(),
        (Lang::En, TimeError::ExtensionLate(d)) => format!("The statutory limit ended on {d}: too late to extend"),
        (Lang::En, TimeError::AlreadyStopped) => "The clock is already stopped: resume it first".into(),
        (Lang::En, TimeError::NotStopped) => "The clock is not stopped".into(),
        (Lang::En, TimeError::KindNotAllowed(k)) => {
            format!("This matter counts {} time: the clock does not stop", k.en())
        }
        (Lang::En, TimeError::NoLengthTold) => "Say how long the applicant was told it takes (art. 45)".into(),
        (Lang::En, TimeError::InFuture(d)) => format!("{d} is in the future"),
        (Lang::En, TimeError::BeforeAcceptance(d)) => format!("{d} is not after the acceptance"),
        (Lang::En, TimeError::EndBeforeStart(d)) => format!("Not before the stop began ({d})"),
        (Lang::En, TimeError::AlreadyDecided) => "The decision is already recorded".into(),
        (Lang::En, TimeError::NotDecided) => "No decision recorded yet".into(),
        (Lang::En, TimeError::NoManner) => "Say how it was delivered".into(),
        (Lang::En, TimeError::BeforeDecision(d)) => format!("{d} is before the decision"),
        (Lang::En, TimeError::AlreadyDelivered) => "Delivery already recorded".into(),
        (Lang::En, TimeError::Revoked) => "The permit was revoked (art. 69): nothing to deliver".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case_time::CaseTimeRecords;
    use crate::domain::resubmission::ResubmissionRecord;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn time(decision_left: Option<i64>, deemed_on: Option<NaiveDate>) -> CaseTime {
        CaseTime {
            records: CaseTimeRecords::default(),
            notice_left: None,
            statutory: None,
            committed: None,
            delivery_late: false,
            resubmission: Some(ResubmissionRecord {
                notice_seq: 1,
                received_at: d(12, 8).and_hms_opt(10, 0, 0).unwrap(),
                staff: "0001".into(),
                decision_due: d(12, 15),
                decision_due_provisional: false,
                deemed_on,
            }),
            decision_left,
        }
    }

    /// 第三十二条第一款第（五）项 on the case's time rows: the day all 补正 materials came, the
    /// five working days to answer (a warning on the last one), and the deemed acceptance.
    #[test]
    fn the_time_rows_show_the_resubmission_clock_art_32() {
        let rows = summary(Lang::Zh, &time(Some(5), None));
        assert_eq!(rows[0], ("补正材料收齐 2026-12-08 10:00".to_string(), false));
        assert_eq!(rows[1], ("补正后受理决定期限 2026-12-15，剩余5个工作日（逾期视为受理）".to_string(), false));
        assert!(summary(Lang::Zh, &time(Some(0), None))[1].1, "the last day is a warning");
        let en = summary(Lang::En, &time(None, Some(d(12, 8))));
        assert_eq!(en.len(), 2, "no countdown once deemed: {en:?}");
        assert_eq!(
            en[1],
            ("No decision in time after the corrections: deemed accepted as of 2026-12-08 (art. 32)".into(), true)
        );
    }

    /// 行政许可法 第六十九条第二款: a revoked grant says so on the case page (who, when, why, as a
    /// warning), and its delivery limit is no longer shown (nothing is owed).
    #[test]
    fn a_revoked_grant_reads_revoked_and_owes_no_delivery_art_69() {
        use crate::domain::case_time::{DecisionRecord, Revocation};
        let mut t = time(None, None);
        t.resubmission = None;
        t.records.decision = Some(DecisionRecord {
            outcome: Outcome::Grant,
            reasons: String::new(),
            decided_on: d(12, 7),
            staff: "0007".into(),
            delivery_due: Some(d(12, 21)),
            delivered: None,
            revoked: None,
        });
        let before = summary(Lang::Zh, &t);
        assert!(before.iter().any(|(s, _)| s.starts_with("送达期限 2026-12-21")), "{before:?}");
        t.records.decision.as_mut().unwrap().revoked = Some(Revocation {
            by: "0007".into(),
            at: d(12, 10).and_hms_opt(15, 0, 0).unwrap(),
            reason: "健康证明系伪造".into(),
        });
        let zh = summary(Lang::Zh, &t);
        assert!(!zh.iter().any(|(s, _)| s.starts_with("送达期限")), "{zh:?}");
        assert!(
            zh.contains(&(
                "已撤销 2026-12-10 15:00（0007，告知承诺不实，第六十九条）：健康证明系伪造".to_string(),
                true
            )),
            "{zh:?}"
        );
        let en = summary(Lang::En, &t);
        assert!(en.iter().any(|(s, warn)| *warn && s.starts_with("revoked 2026-12-10 15:00 (by 0007")), "{en:?}");
    }
}
