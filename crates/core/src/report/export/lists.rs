//! The tables of what the reports list line by line (`report::lists`): the 容缺 stops a
//! supervisor let through, under the daily counts; the enquiries logged, under their counts in
//! the ratings report. Written like every other table (CSV cells that would start a formula
//! are quoted by [`super::Cell::text`]).

use super::{matter_zh, t, Table};
use crate::domain::matters::Matters;
use crate::report::lists::{EnquiryLine, OverrideLine};
use crate::report::Period;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// A list on its own (`certdesk report overrides`, `certdesk report enquiries`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum List {
    /// The 容缺 stops a supervisor let through in the period.
    Overrides(Period, Vec<OverrideLine>),
    /// The enquiries and referrals (首问登记) logged in the period.
    Enquiries(Period, Vec<EnquiryLine>),
}

impl List {
    /// The command-line word (English or the Chinese name), if it names a list.
    pub fn kind_of(word: &str) -> Option<&'static str> {
        match word.trim() {
            "overrides" | "容缺放行" => Some("overrides"),
            "enquiries" | "首问登记" => Some("enquiries"),
            _ => None,
        }
    }
    /// The list's title in Chinese.
    pub fn title_zh(&self) -> &'static str {
        match self {
            List::Overrides(..) => "容缺放行",
            List::Enquiries(..) => "首问登记明细",
        }
    }
    /// How many lines the list holds.
    pub fn len(&self) -> usize {
        match self {
            List::Overrides(_, v) => v.len(),
            List::Enquiries(_, v) => v.len(),
        }
    }
    /// The list holds no line.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn table(&self, matters: &Matters) -> Table {
        match self {
            List::Overrides(p, v) => overrides_table(*p, v, matters),
            List::Enquiries(p, v) => enquiries_table(*p, v),
        }
    }
}

/// The list as CSV (the reports' form: BOM, title, header, rows).
pub fn write_list_csv(l: &List, matters: &Matters, out: &mut dyn Write) -> Result<()> {
    super::write_tables_csv(&[l.table(matters)], out)
}

/// The list as XLSX (one sheet).
pub fn write_list_xlsx(l: &List, matters: &Matters, path: &Path) -> Result<()> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    super::write_table(wb.add_worksheet(), &l.table(matters), &bold)?;
    wb.save(path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

pub(super) fn overrides_table(period: Period, rows: &[OverrideLine], matters: &Matters) -> Table {
    Table {
        sheet: "容缺放行",
        title: format!("容缺材料未补齐经主管放行（办结等环节） {} 至 {}", period.from, period.to),
        header: ["时间", "办件号", "事项", "申请人", "环节", "经办人", "放行主管", "放行理由"]
            .map(String::from)
            .to_vec(),
        rows: rows
            .iter()
            .map(|o| {
                vec![
                    t(o.at.format("%Y-%m-%d %H:%M").to_string()),
                    t(o.case_number.clone()),
                    t(matter_zh(matters, &o.matter)),
                    t(o.visitor_name.clone()),
                    t(format!("{}→{}", o.from.zh(), o.to.zh())),
                    t(o.actor.clone()),
                    t(o.supervisor.clone()),
                    t(o.reason.clone()),
                ]
            })
            .collect(),
    }
}

pub(super) fn enquiries_table(period: Period, rows: &[EnquiryLine]) -> Table {
    Table {
        sheet: "首问登记明细",
        title: format!("首问负责制：咨询、引导、转办明细 {} 至 {}", period.from, period.to),
        header: ["时间", "类型", "来访人", "所问事项", "答复", "转办部门", "首问人工号", "首问人"]
            .map(String::from)
            .to_vec(),
        rows: rows
            .iter()
            .map(|e| {
                vec![
                    t(e.at.format("%Y-%m-%d %H:%M").to_string()),
                    t(e.kind.zh()),
                    t(e.visitor.clone()),
                    t(e.question.clone()),
                    t(e.answer.clone()),
                    t(e.department.clone()),
                    t(e.staff.clone()),
                    t(e.staff_name.clone()),
                ]
            })
            .collect(),
    }
}
