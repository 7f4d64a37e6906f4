//! The review-reminder slip (复审提醒) staff print for a holder from the desk's holder page:
//! which certificate, what is due by when and from when to apply (30号令 art. 21, 22: review
//! every 3 years, apply within the 60 days before; 合格证: extension at least 30 days before
//! expiry), and the materials to bring (the matter's list in assets/matters.toml). The bureau
//! promised to remind holders about three months ahead (围场 2023 措施 4, 运城 2023 措施 10).
//!
//! No seal and no QR: it is a reminder, not a certificate slip. The ID number and the 证号
//! (which embeds it) are masked.

use super::{next_step_zh, serial_text, Slip, Style};
use crate::domain::matters::Matters;
use crate::domain::workdays::Calendar;
use crate::domain::{Certificate, NextStep};
use chrono::NaiveDateTime;

/// Who printed it and where, as the slip says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    /// The bureau's name.
    pub bureau: String,
    /// The phone number a holder can call.
    pub phone: String,
    /// "李娜（0001）"
    pub staff: String,
    /// The counter (窗口) it was printed at.
    pub counter: u32,
    /// When it was printed (local time).
    pub at: NaiveDateTime,
    /// The print serial.
    pub serial: u64,
}

/// The reminder slip for `cert` whose next step is `step`, with the materials of that step's
/// matter ([`NextStep::matter`], the rule the kiosk and the reminder list use too). Deadlines
/// name the last working day when they are not one (`cal`).
pub fn reminder_slip(cert: &Certificate, step: NextStep, matters: &Matters, p: &Printed, cal: &Calendar) -> Slip {
    let title = match step {
        NextStep::Extend { .. } => "证书延期提醒",
        NextStep::Renew { .. } => "延期复审（换证）提醒",
        _ => "证书复审提醒",
    };
    let matter = step.matter().and_then(|code| matters.get(code));
    let mut s = Slip::new();
    s.text(&p.bureau, Style::center().bold().double());
    s.text(title, Style::center().bold());
    s.text("本提醒不作为证件使用", Style::center());
    s.rule();
    s.kv("姓名", &cert.name);
    s.kv("证件", cert.kind.full_title_zh());
    s.kv("证号", cert.masked_number());
    let scope = cert.scope_zh();
    if !scope.trim().is_empty() && scope.trim() != "/" {
        s.kv("范围", scope);
    }
    s.kv("有效期至", cert.valid_until.format("%Y-%m-%d").to_string());
    s.rule();
    s.kv("下一步", next_step_zh(cert.kind, step, cal));
    if let Some(m) = matter {
        s.text(format!("办理事项：{}", m.name), Style::default());
        s.text("请携带以下材料：", Style::default().bold());
        for (i, mat) in m.materials.iter().enumerate() {
            s.text(format!("{}. {}", i + 1, mat.name), Style::default());
        }
    }
    s.rule();
    s.kv("咨询电话", &p.phone);
    s.kv("经办人", format!("{}（{}号窗口）", p.staff, p.counter));
    s.kv("打印流水号", serial_text(p.serial));
    s.kv("打印时间", p.at.format("%Y-%m-%d %H:%M:%S").to_string());
    s.feed(2);
    s.cut();
    s
}
