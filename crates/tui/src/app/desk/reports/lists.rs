//! The report's lists beside its counts (issue 15): the enquiries and referrals logged in the
//! period (首问负责制, under the 好差评 tab beside their counts) and the 办结 a supervisor let
//! through with a 容缺 pledge outstanding (under the daily tab: flagged in the report, SPEC §2).
//! Free text is shown screen-safe; ID numbers were masked when it was logged.

use super::*;
use crate::report::lists::{EnquiryLine, OverrideLine};

/// The enquiries, oldest first: when, kind, who asked, what, the answer or department, by whom.
pub(super) fn enquiry_lines(
    lang: Lang,
    rows: &[EnquiryLine],
    normal: Style,
    bold: Style,
    dim: Style,
) -> Vec<(String, Style)> {
    let mut v = vec![(ds::ENQUIRY_LIST.t(lang).to_string(), bold)];
    if rows.is_empty() {
        v.push((ds::NONE.t(lang).to_string(), dim));
    }
    for e in rows {
        let kind = if lang == Lang::Zh { e.kind.zh() } else { e.kind.en() };
        let told = if e.department.is_empty() {
            e.answer.clone()
        } else {
            format!("{}{}", ds::REFERRED_TO.t(lang), e.department)
        };
        let s = format!(
            "  {}  {}  {}  {}  {}  {} {}",
            e.at.format("%m-%d %H:%M"),
            kind,
            screen_safe(&e.visitor),
            screen_safe(&e.question),
            screen_safe(&told),
            e.staff,
            screen_safe(&e.staff_name),
        );
        v.push((s.trim_end().to_string(), normal));
    }
    v
}

/// The 办结 let through over an outstanding pledge, oldest first, in the warning colour: when,
/// case, the supervisor and why, the step and who took it, applicant, matter.
pub(super) fn override_lines(
    d: &Desk,
    rows: &[OverrideLine],
    normal: Style,
    bold: Style,
    dim: Style,
) -> Vec<(String, Style)> {
    let lang = d.lang;
    let mut v = vec![(ds::OVERRIDE_LIST.t(lang).to_string(), bold)];
    if rows.is_empty() {
        v.push((ds::NONE.t(lang).to_string(), dim));
    }
    for o in rows {
        // Who let it through and why first: on a narrow screen the rest is what is cut.
        let parts = [
            o.at.format("%m-%d %H:%M").to_string(),
            o.case_number.clone(),
            format!("{} {}", ds::OVERRIDDEN_BY.t(lang), o.supervisor),
            screen_safe(&o.reason),
            format!("{}-{} {}", ds::case_state(lang, o.from), ds::case_state(lang, o.to), o.actor),
            screen_safe(&o.visitor_name),
            matter_name(d, &o.matter),
        ];
        let s = format!("  {}", parts.into_iter().filter(|p| !p.trim().is_empty()).collect::<Vec<_>>().join("  "));
        v.push((s, normal.fg(ui::WARN_FG)));
    }
    v
}
