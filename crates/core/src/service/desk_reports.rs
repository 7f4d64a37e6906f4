//! The desk's reports page: the same reports `certdesk report` writes (`store::reports`,
//! `crate::report`), on the desk's own store and calendar, and the reminder list
//! `certdesk remind` writes (`crate::remind`), with the phone masked for a counter screen and
//! no ID number (the certificate number masked, as on the lists).

use super::desk::{Desk, DeskError};
use crate::report::{Kind, Period};
use certdesk_protocol::desk_reports::{mask_phone, ReminderLine, ReportData, ReportTab};

pub(super) fn report(desk: &Desk, tab: ReportTab, period: Period, days: i64) -> Result<ReportData, DeskError> {
    let today = desk.today();
    let kind = match tab {
        ReportTab::Ratings => Kind::Ratings,
        ReportTab::Daily => Kind::Daily,
        // Cases overdue now: the stages are today's.
        ReportTab::Overdue => {
            let r = desk.store.report(Kind::Overdue, Period { from: today, to: today }, today, &desk.calendar())?;
            return Ok(ReportData::Report(r));
        }
        ReportTab::Reminders => {
            let list = crate::remind::build(&desk.store, today, days.clamp(0, 3660))
                .map_err(|e| DeskError::Setup(format!("reminder list: {e:#}")))?;
            let rows = list
                .into_iter()
                .map(|r| ReminderLine {
                    phone: r.mobile.as_deref().map(mask_phone).unwrap_or_default(),
                    name: r.cert.name.clone(),
                    kind_zh: r.cert.kind.title_zh().to_string(),
                    kind_en: r.cert.kind.title_en().to_string(),
                    masked_number: r.cert.masked_number(),
                    scope: r.cert.scope_zh(),
                    what_zh: r.due.what_zh().to_string(),
                    what_en: r.due.what_en().to_string(),
                    date: r.due.date,
                    days: r.due.days,
                    employer: r.employer,
                    employer_code: r.employer_code,
                })
                .collect();
            return Ok(ReportData::Reminders { days, rows });
        }
    };
    Ok(ReportData::Report(desk.store.report(kind, period, today, &desk.calendar())?))
}
