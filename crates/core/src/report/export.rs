//! Writing a report for people: CSV (UTF-8 with a byte-order mark, so that Excel on a Chinese
//! Windows opens it as UTF-8; sections one under another, each with its own title and header)
//! and XLSX (one sheet per table, with native charts where a person would rather look than
//! read: daily counts as columns over the days, ratings by level per day, by matter as bars).
//!
//! Headers are in Chinese first: the readers are the bureau's staff.

use super::{DailyReport, OverdueReport, RatingsReport, Report, Tally, DAILY_MEASURES};
use crate::domain::intake::{CaseState, Rating};
use crate::domain::matters::Matters;
use anyhow::{Context, Result};
use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet};
use std::io::Write;
use std::path::Path;

pub mod lists;

/// The matter's Chinese name ("无案件" for a rating without a case).
pub fn matter_zh(matters: &Matters, code: &str) -> String {
    if code.is_empty() {
        return "（无办件）".into();
    }
    matters.get(code).map(|m| m.name.clone()).unwrap_or_else(|| code.to_string())
}

fn state_zh(code: &str) -> String {
    CaseState::from_code(code).map(|s| s.zh().to_string()).unwrap_or_else(|| code.to_string())
}

/// Rows of one table: a title, a header, the rows.
struct Table {
    sheet: &'static str,
    title: String,
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

enum Cell {
    Text(String),
    Num(f64),
}

impl Cell {
    /// As written to the CSV. Text that a spreadsheet would run as a formula (= + - @ first;
    /// a staff member's free text can start that way) gets a leading apostrophe.
    fn text(&self) -> String {
        match self {
            Cell::Text(s) => crate::domain::spreadsheet::safe_cell(s).into_string(),
            Cell::Num(n) if n.fract() == 0.0 => format!("{n:.0}"),
            Cell::Num(n) => format!("{n}"),
        }
    }
}

fn t(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}
fn n(v: impl Into<f64>) -> Cell {
    Cell::Num(v.into())
}

fn tally_header(first: &[&str]) -> Vec<String> {
    let mut h: Vec<String> = first.iter().map(|s| s.to_string()).collect();
    h.extend(Rating::ALL.iter().map(|r| r.zh().to_string()));
    h.extend(["合计", "差评", "满意率"].map(String::from));
    h
}

fn tally_cells(tl: &Tally) -> Vec<Cell> {
    let mut v: Vec<Cell> = tl.0.iter().map(|c| n(*c)).collect();
    v.push(n(tl.total()));
    v.push(n(tl.bad()));
    v.push(t(tl.satisfied_text()));
    v
}

fn ratings_tables(r: &RatingsReport, matters: &Matters) -> Vec<Table> {
    let p = &r.period;
    let mut summary = vec![t("合计")];
    summary.extend(tally_cells(&r.total));
    let mut by_day: Vec<Vec<Cell>> = r
        .by_day
        .iter()
        .map(|(d, tl)| {
            let mut v = vec![t(d.to_string())];
            v.extend(tally_cells(tl));
            v
        })
        .collect();
    by_day.push(summary);
    let by_month = r
        .by_month
        .iter()
        .map(|(m, tl)| {
            let mut v = vec![t(m.clone())];
            v.extend(tally_cells(tl));
            v
        })
        .collect();
    let by_matter = r
        .by_matter
        .iter()
        .map(|(m, tl)| {
            let mut v = vec![t(m.clone()), t(matter_zh(matters, m))];
            v.extend(tally_cells(tl));
            v
        })
        .collect();
    let by_staff = r
        .by_staff
        .iter()
        .map(|(id, name, tl)| {
            let mut v = vec![t(id.clone()), t(name.clone())];
            v.extend(tally_cells(tl));
            v
        })
        .collect();
    let bad = r
        .bad
        .iter()
        .map(|b| {
            vec![
                t(b.rated_at.format("%Y-%m-%d %H:%M").to_string()),
                t(b.rating.zh()),
                t(b.case_number.clone().unwrap_or_else(|| b.service.clone())),
                t(matter_zh(matters, b.matter.as_deref().unwrap_or(""))),
                t(b.staff.clone()),
                t(b.staff_name.clone()),
                t(b.followup.zh()),
                t(b.outcome.clone().unwrap_or_default()),
                t(b.callback.zh()),
            ]
        })
        .collect();
    vec![
        Table {
            sheet: "按日期",
            title: format!("好差评统计 {} 至 {}（按日期）", p.from, p.to),
            header: tally_header(&["日期"]),
            rows: by_day,
        },
        Table { sheet: "按月份", title: "按月份".into(), header: tally_header(&["月份"]), rows: by_month },
        Table {
            sheet: "按事项",
            title: "按办理事项".into(),
            header: tally_header(&["事项代码", "事项"]),
            rows: by_matter,
        },
        Table {
            sheet: "按工作人员",
            title: "按工作人员".into(),
            header: tally_header(&["工号", "姓名"]),
            rows: by_staff,
        },
        Table {
            sheet: "差评及整改",
            title: format!("差评（不满意、非常不满意）及整改、回访情况，截至 {}", r.today),
            header: ["评价时间", "评价", "办件号/服务", "事项", "工号", "姓名", "整改情况", "整改结果", "回访情况"]
                .map(String::from)
                .to_vec(),
            rows: bad,
        },
        Table {
            sheet: "回访与整改",
            title: format!("回访率、整改率、邀评率 {} 至 {}（目标均为100%）", p.from, p.to),
            header: ["指标", "完成", "应完成", "比率", "目标"].map(String::from).to_vec(),
            rows: r
                .loops
                .rows()
                .iter()
                .map(|(zh, _, rate)| {
                    vec![
                        t(*zh),
                        n(rate.done as f64),
                        n(rate.total as f64),
                        t(rate.text()),
                        t(format!("{}%", crate::domain::loops::Rate::TARGET_PERCENT)),
                    ]
                })
                .collect(),
        },
        Table {
            sheet: "首问登记",
            title: format!("首问负责制：咨询、引导、转办登记 {} 至 {}", p.from, p.to),
            header: ["类型", "件数"].map(String::from).to_vec(),
            rows: crate::domain::first_contact::EnquiryKind::ALL
                .iter()
                .zip(r.loops.enquiries)
                .map(|(k, count)| vec![t(k.zh()), n(count as f64)])
                .collect(),
        },
    ]
}

fn daily_tables(r: &DailyReport) -> Vec<Table> {
    let mut header = vec!["日期".to_string()];
    header.extend(DAILY_MEASURES.iter().map(|m| m.1.to_string()));
    let mut rows: Vec<Vec<Cell>> = r
        .days
        .iter()
        .map(|(d, c)| {
            let mut v = vec![t(d.to_string())];
            v.extend(c.values().iter().map(|x| n(*x as f64)));
            v
        })
        .collect();
    let mut total = vec![t("合计")];
    total.extend(r.total.values().iter().map(|x| n(*x as f64)));
    rows.push(total);
    let verdicts = r.verdicts.iter().map(|(w, c)| vec![t(verdict_zh(w)), t(w.clone()), n(*c as f64)]).collect();
    vec![
        Table {
            sheet: "每日统计", title: format!("每日业务量 {} 至 {}", r.period.from, r.period.to), header, rows
        },
        Table {
            sheet: "核验结论",
            title: "扫码核验结论".into(),
            header: ["结论", "代码", "次数"].map(String::from).to_vec(),
            rows: verdicts,
        },
    ]
}

/// The verifier's verdict words in Chinese, as the station's counts line says them.
pub fn verdict_zh(word: &str) -> String {
    match word {
        "valid" => "有效",
        "review_due" => "复审临近",
        "review_overdue" => "超期未复审",
        "expired" => "过期",
        "suspended" => "暂停",
        "revoked" => "撤销",
        "cancelled" => "注销",
        "key_retired" => "密钥已停用",
        "not_printed" => "无打印记录",
        "unknown_key" => "密钥未知",
        "forged" => "伪造",
        "malformed" => "无法识别",
        "list_too_old" => "名单过旧",
        _ => "其他",
    }
    .to_string()
}

fn overdue_tables(r: &OverdueReport, matters: &Matters) -> Vec<Table> {
    let rows = r
        .rows
        .iter()
        .map(|o| {
            let c = &o.case;
            vec![
                t(c.number.clone()),
                t(matter_zh(matters, &c.matter)),
                t(state_zh(&c.state)),
                t(c.visitor_name.clone()),
                t(c.accepted_on.map(|d| d.to_string()).unwrap_or_default()),
                t(format!("{}{}", c.due_on, if o.provisional { "（暂定）" } else { "" })),
                match o.working_days_over {
                    Some(w) => n(w as f64),
                    None => t("超出可计算年份"),
                },
                t(c.statutory_due_on.map(|d| d.to_string()).unwrap_or_default()),
                t(if o.statutory_passed { "是" } else { "否" }),
                t(c.owner.clone()),
                t(c.owner_name.clone()),
                t(c.first_owner.clone()),
            ]
        })
        .collect();
    let by_matter =
        r.by_matter.iter().map(|(m, c)| vec![t(m.clone()), t(matter_zh(matters, m)), n(*c as f64)]).collect();
    vec![
        Table {
            sheet: "超期办件",
            title: format!("截至 {} 超过承诺办结期限的在办件（按工作日计）", r.as_of),
            header: [
                "办件号",
                "事项",
                "环节",
                "申请人",
                "受理日期",
                "承诺期限",
                "超期工作日",
                "法定期限",
                "超法定期限",
                "承办人工号",
                "承办人",
                "首问负责人",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        },
        Table {
            sheet: "按事项",
            title: "超期办件按事项".into(),
            header: ["事项代码", "事项", "件数"].map(String::from).to_vec(),
            rows: by_matter,
        },
    ]
}

fn tables(r: &Report, matters: &Matters) -> Vec<Table> {
    match r {
        Report::Ratings(x) => {
            let mut v = ratings_tables(x, matters);
            v.push(lists::enquiries_table(x.period, &x.enquiry_list));
            v
        }
        Report::Daily(x) => {
            let mut v = daily_tables(x);
            v.push(lists::overrides_table(x.period, &x.overrides, matters));
            v
        }
        Report::Overdue(x) => overdue_tables(x, matters),
    }
}

/// The CSV: each table as a title line, a header and its rows, a blank line between tables.
pub fn write_csv(r: &Report, matters: &Matters, out: &mut dyn Write) -> Result<()> {
    write_tables_csv(&tables(r, matters), out)
}

fn write_tables_csv(tables: &[Table], out: &mut dyn Write) -> Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    for (i, tb) in tables.iter().enumerate() {
        if i > 0 {
            // A truly empty line between tables (an empty record would be written as `""`).
            out.write_all(b"\n")?;
        }
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(&mut *out);
        // Cells that would start a formula get a `'` in front (`domain::spreadsheet`).
        use crate::domain::spreadsheet::safe_cell;
        w.write_record([safe_cell(&tb.title)])?;
        w.write_record(tb.header.iter().map(|h| safe_cell(h)))?;
        for row in &tb.rows {
            w.write_record(row.iter().map(Cell::text))?;
        }
        w.flush()?;
    }
    out.flush()?;
    Ok(())
}

fn write_table(ws: &mut Worksheet, tb: &Table, bold: &Format) -> Result<()> {
    ws.set_name(tb.sheet)?;
    ws.write_string_with_format(0, 0, &tb.title, bold)?;
    for (c, h) in tb.header.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, h, bold)?;
        let w = unicode_width::UnicodeWidthStr::width(h.as_str()).max(10) + 2;
        ws.set_column_width(c as u16, w as f64)?;
    }
    ws.set_freeze_panes(2, 0)?;
    for (r, row) in tb.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text(s) => ws.write_string(r as u32 + 2, c as u16, s)?,
                Cell::Num(x) => ws.write_number(r as u32 + 2, c as u16, *x)?,
            };
        }
    }
    Ok(())
}

/// A chart of `series` columns of `tb`'s rows `0..rows` (categories in column `cat`), placed to
/// the right of the table.
fn chart_of(
    ws: &mut Worksheet,
    tb: &Table,
    kind: ChartType,
    title: &str,
    cat: u16,
    series: &[u16],
    rows: usize,
) -> Result<()> {
    if rows == 0 {
        return Ok(());
    }
    let mut chart = Chart::new(kind);
    chart.title().set_name(title);
    let (first, last) = (2u32, 2 + rows as u32 - 1);
    for &c in series {
        chart
            .add_series()
            .set_name((tb.sheet, 1, c))
            .set_categories((tb.sheet, first, cat, last, cat))
            .set_values((tb.sheet, first, c, last, c));
    }
    chart.set_width(720).set_height(360);
    ws.insert_chart(1, tb.header.len() as u16 + 1, &chart)?;
    Ok(())
}

/// The XLSX with its charts.
pub fn write_xlsx(r: &Report, matters: &Matters, path: &Path) -> Result<()> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let tabs = tables(r, matters);
    for (i, tb) in tabs.iter().enumerate() {
        let ws = wb.add_worksheet();
        write_table(ws, tb, &bold)?;
        match (r, i) {
            // Ratings per day, stacked by level: the shape of the period at a glance.
            (Report::Ratings(x), 0) => {
                chart_of(ws, tb, ChartType::ColumnStacked, "每日评价（按等级）", 0, &[1, 2, 3, 4, 5], x.by_day.len())?
            }
            // Ratings by matter as bars: which matter draws the bad ratings.
            (Report::Ratings(x), 2) => {
                chart_of(ws, tb, ChartType::BarStacked, "各事项评价（按等级）", 1, &[2, 3, 4, 5, 6], x.by_matter.len())?
            }
            (Report::Ratings(x), 3) => chart_of(
                ws,
                tb,
                ChartType::BarStacked,
                "各工作人员评价（按等级）",
                1,
                &[2, 3, 4, 5, 6],
                x.by_staff.len(),
            )?,
            // Daily counts over the days (the total row left out of the chart).
            (Report::Daily(x), 0) => {
                chart_of(ws, tb, ChartType::Column, "每日业务量", 0, &[1, 2, 3, 4, 5, 6], x.days.len())?
            }
            (Report::Overdue(x), 1) => chart_of(ws, tb, ChartType::Bar, "超期办件按事项", 1, &[2], x.by_matter.len())?,
            _ => {}
        }
    }
    wb.save(path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_text_never_starts_a_formula() {
        assert_eq!(t("=HYPERLINK(\"x\")").text(), "'=HYPERLINK(\"x\")");
        assert_eq!(t("@SUM(A1)").text(), "'@SUM(A1)");
        // Issue 17 §4: a tab or carriage return first hides a formula behind it.
        assert_eq!(t("\t=1+1").text(), "'\t=1+1");
        assert_eq!(t("\r=1+1").text(), "'\r=1+1");
        assert_eq!(t("+86 138").text(), "'+86 138");
        assert_eq!(t("2026-11-01").text(), "2026-11-01");
        assert_eq!(n(-3.0).text(), "-3");
        assert_eq!(n(2.5).text(), "2.5");
    }
}
