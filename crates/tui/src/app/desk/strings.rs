//! The desk's words, in zh-CN (default) and English, grouped by screen. Shared words are in
//! `app::strings`; matter and material names come from the matters catalogue in both languages.

use super::effects::{Doc, ListKind, Problem};
use crate::app::strings::{pick, Lang, T};
use crate::domain::intake::{CaseState, Deadline, MaterialState};

/// The closed loops' words (issue 15).
pub mod loops;

pub const TITLE: T = T::new("综合受理窗口", "Service window");

// Login
pub const LOGIN_TITLE: T = T::new("工作人员登录", "Staff login");
pub const STAFF_ID: T = T::new("工号", "Staff number");
pub const PIN: T = T::new("密码", "PIN");
pub const LOGIN_DENIED: T = T::new("工号或密码错误", "Wrong staff number or PIN");
pub const CHECKING: T = T::new("正在处理，请稍候", "Working, please wait");

pub fn login_locked(lang: Lang, minutes: u32) -> String {
    pick(
        lang,
        format!("密码错误次数过多，该工号已锁定{minutes}分钟"),
        format!("Too many wrong PINs: this staff number is locked for {minutes} minutes"),
    )
}

pub fn signed_in(lang: Lang, name: &str, id: &str) -> String {
    pick(lang, format!("{name}（工号{id}）"), format!("{name} (staff {id})"))
}

// Home: today's queue
pub const QUEUE_TITLE: T = T::new("今日排队", "Today's queue");
pub const QUEUE_EMPTY: T = T::new("今日暂无取号", "No tickets today");

pub fn ticket_taken(lang: Lang, label: &str) -> String {
    pick(lang, format!("已取号：{label}"), format!("Ticket taken: {label}"))
}
pub fn ticket_called(lang: Lang, label: &str) -> String {
    pick(lang, format!("请{label}号到窗口办理"), format!("Now serving {label}"))
}
pub fn ticket_state(lang: Lang, code: &str) -> &'static str {
    match (lang, code) {
        (Lang::Zh, "waiting") => "等候",
        (Lang::Zh, "called") => "已叫号",
        (Lang::Zh, "served") => "已办理",
        (Lang::Zh, _) => "离开",
        (Lang::En, "waiting") => "waiting",
        (Lang::En, "called") => "called",
        (Lang::En, "served") => "served",
        (Lang::En, _) => "left",
    }
}

// Matter picker
pub const PICK_MATTER: T = T::new("选择办理事项（上下键选择，回车确定）", "Choose the matter (arrows, Enter)");

pub fn limits(lang: Lang, statutory: u32, committed: u32) -> String {
    pick(
        lang,
        format!("法定{statutory}个工作日，承诺{committed}个工作日"),
        format!("statutory {statutory} working days, committed {committed}"),
    )
}

// Intake form
pub const INTAKE_TITLE: T = T::new("来访登记", "Visitor");
pub const F_NAME: T = T::new("姓名", "Name");
pub const F_ID: T = T::new("身份证号", "ID number");
pub const F_PHONE: T = T::new("联系电话", "Phone");
pub const F_ENTERPRISE: T = T::new("企业名称", "Enterprise");
pub const F_CREDIT: T = T::new("统一社会信用代码", "Credit code");
pub const KNOWN_HOLDER: T = T::new("已登记持证人", "Registered holder");
pub const NOT_KNOWN: T = T::new("非登记持证人", "Not a registered holder");

// Checklist and decision
pub const CHECKLIST_TITLE: T = T::new("材料核验", "Materials");
pub const PROMPT_OVERRIDE_REASON: T =
    T::new("补充告知的理由（记入审计日志）", "Why these items were not on the first notice (written to the audit log)");
pub const PROMPT_OVERRIDE_SUPERVISOR: T =
    T::new("主管工号（请主管本人输入）", "Supervisor's staff number (the supervisor types it)");
pub const PROMPT_OVERRIDE_PIN: T = T::new("主管密码", "Supervisor's PIN");
pub const KEY_MATERIAL: T = T::new("要件", "key");
pub const PLEDGEABLE: T = T::new("可承诺", "pledgeable");
pub const PROMPT_DEFECT: T = T::new("材料有什么问题（将写入告知书）", "What is wrong (printed on the notice)");
pub const PROMPT_PLEDGE_DUE: T = T::new(
    "申请人承诺补齐日期（年-月-日），回车打印容缺受理承诺书",
    "Pledged-by date (YYYY-MM-DD); Enter prints the pledge to sign",
);
pub const PROMPT_REASON: T = T::new("不予受理的理由", "Reason for refusal");
pub const PROMPT_HANDOFF_TO: T = T::new("移交给（工号）", "Hand off to (staff number)");
pub const PROMPT_HANDOFF_WHY: T = T::new("移交原因", "Reason for the hand-off");
pub const PROMPT_SEARCH: T = T::new(
    "查询：办件号、身份证号、姓名、企业或信用代码",
    "Search: case number, ID number, name, enterprise or credit code",
);

pub fn material_state(lang: Lang, s: &MaterialState) -> String {
    match (lang, s) {
        (Lang::Zh, MaterialState::Unchecked) => "未核验".into(),
        (Lang::Zh, MaterialState::Provided) => "已提供".into(),
        (Lang::Zh, MaterialState::Missing) => "缺少".into(),
        (Lang::Zh, MaterialState::Defective { what }) => format!("有误：{what}"),
        (Lang::Zh, MaterialState::Pledged) => "承诺代替".into(),
        (Lang::Zh, MaterialState::Corrected { what }) => format!("当场更正：{what}"),
        (Lang::En, MaterialState::Unchecked) => "not checked".into(),
        (Lang::En, MaterialState::Provided) => "provided".into(),
        (Lang::En, MaterialState::Missing) => "missing".into(),
        (Lang::En, MaterialState::Defective { what }) => format!("defective: {what}"),
        (Lang::En, MaterialState::Pledged) => "pledge instead".into(),
        (Lang::En, MaterialState::Corrected { what }) => format!("corrected on the spot: {what}"),
    }
}

// Case
pub const CASE_TITLE: T = T::new("办件", "Case");
pub const PROMPT_POST_ADDRESS: T =
    T::new("免费邮寄：收件地址、收件人和电话", "Free post: address, recipient and phone");
pub const PROMPT_TRACKING: T = T::new("邮件单号（已寄出）", "Tracking number (sent)");
pub const POST: T = T::new("免费邮寄", "Free post");
pub const NOT_SENT: T = T::new("未寄出", "not sent yet");
pub const TRACKING: T = T::new("邮件单号", "tracking number");
pub fn posted(lang: Lang, sent: bool) -> &'static str {
    match (lang, sent) {
        (Lang::Zh, false) => "已记录邮寄地址，办结后免费邮寄",
        (Lang::Zh, true) => "已记录邮件单号",
        (Lang::En, false) => "Address recorded: the result goes by free post",
        (Lang::En, true) => "Tracking number recorded",
    }
}
pub const FIRST_OWNER: T = T::new("首问负责人", "First contact");
pub const OWNER: T = T::new("当前承办人", "Owner");
pub const VISITOR: T = T::new("申请人", "Applicant");
pub const STATE: T = T::new("环节", "Stage");
pub const PLEDGE_DUE: T = T::new("容缺补齐期限", "Pledge due");

pub fn case_state(lang: Lang, s: CaseState) -> &'static str {
    match lang {
        Lang::Zh => s.zh(),
        Lang::En => s.en(),
    }
}

/// The mark of a provisional date (暂定: counted over a year whose State Council holiday notice
/// is not entered yet; SPEC §2), appended to the date.
pub fn provisional_mark(lang: Lang, provisional: bool) -> &'static str {
    match (provisional, lang) {
        (false, _) => "",
        (true, Lang::Zh) => "（暂定）",
        (true, Lang::En) => " (provisional)",
    }
}

pub fn deadline(lang: Lang, d: &Deadline) -> String {
    match (lang, d) {
        (Lang::Zh, Deadline::Days { due, left, provisional: p }) if *left >= 0 => {
            format!("办理期限 {due}{}，剩余{left}个工作日", provisional_mark(lang, *p))
        }
        (Lang::Zh, Deadline::Days { due, left, provisional: p }) => {
            format!("办理期限 {due}{}，已超期{}个工作日", provisional_mark(lang, *p), -left)
        }
        (Lang::En, Deadline::Days { due, left, provisional: p }) if *left >= 0 => {
            format!("due {due}{}, {left} working days left", provisional_mark(lang, *p))
        }
        (Lang::En, Deadline::Days { due, left, provisional: p }) => {
            format!("due {due}{}, {} working days overdue", provisional_mark(lang, *p), -left)
        }
        (Lang::Zh, Deadline::Unknown(e)) => e.zh(),
        (Lang::En, Deadline::Unknown(e)) => e.to_string(),
        (_, Deadline::Stopped { since, left }) => super::time_strings::stopped_deadline(lang, *since, *left),
    }
}

/// The statutory date of a case (the case screen shows both dates, SPEC §2 "Time").
pub fn statutory_due(lang: Lang, due: chrono::NaiveDate, provisional: bool) -> String {
    let m = provisional_mark(lang, provisional);
    pick(lang, format!("法定期限 {due}{m}"), format!("statutory limit {due}{m}"))
}

/// A case whose outstanding 容缺 pledge is due after its committed date (a recomputation moved
/// the committed date earlier; SPEC §2 容缺受理): the mark in the due lists, and the case
/// screen's line saying what staff do.
pub const PLEDGE_AFTER: T = T::new("承诺晚于期限", "pledge after due");
pub const PLEDGE_AFTER_DUE: T = T::new(
    "容缺承诺期限晚于办理期限：承诺不变，请联系申请人提前补齐",
    "Pledge due after the committed date: ask for the materials sooner",
);

/// A due list's mark on a case whose dates a recomputation moved (the case screen says how).
pub const MOVED: T = T::new("期限已调整", "dates changed");

/// Dates a recomputation moved (a year's holiday notice was entered): why, then each date that
/// moved on its own line (a line holds one at 80 columns), worded in `lang` from the stored
/// facts. A move recorded before the facts were (schema 15) has only its Chinese words: shown
/// as stored, "cause：what moved，what moved".
pub fn due_moved(lang: Lang, m: &crate::domain::records::DueMoved) -> Vec<String> {
    let Some(f) = &m.how else {
        let (cause, what) = m.why.split_once('：').unwrap_or((m.why.as_str(), ""));
        let mut v = vec![pick(lang, format!("期限已调整：{cause}"), format!("dates changed: {cause}"))];
        v.extend(what.split('，').filter(|w| !w.is_empty()).map(|w| format!("  {w}")));
        return v;
    };
    let (year, version) = (f.year, f.version);
    let mut v = vec![pick(
        lang,
        format!("期限已调整：录入{year}年节假日安排（第{version}版日历）"),
        format!("dates changed: the {year} holiday notice was entered (calendar version {version})"),
    )];
    if f.due.0 != f.due.1 {
        let (a, b) = f.due;
        v.push(pick(lang, format!("  办理期限由{a}改为{b}"), format!("  due {a} -> {b}")));
    }
    if f.statutory.0 != f.statutory.1 {
        let (a, b) = f.statutory;
        v.push(pick(lang, format!("  法定期限由{a}改为{b}"), format!("  statutory limit {a} -> {b}")));
    }
    v
}

pub fn doc_name(lang: Lang, d: Doc) -> &'static str {
    match (lang, d) {
        (Lang::Zh, Doc::Notice) => "一次性告知书",
        (Lang::Zh, Doc::Pledge) => "容缺受理承诺书",
        (Lang::Zh, Doc::Receipt) => "受理回执",
        (Lang::En, Doc::Notice) => "one-time notice",
        (Lang::En, Doc::Pledge) => "pledge",
        (Lang::En, Doc::Receipt) => "acceptance receipt",
        (Lang::Zh, Doc::CertSlip) => "证书信息凭条",
        (Lang::Zh, Doc::Reminder) => "复审提醒",
        (Lang::En, Doc::CertSlip) => "certificate slip",
        (Lang::En, Doc::Reminder) => "review reminder",
        (Lang::Zh, Doc::Acceptance) => "受理通知书",
        (Lang::En, Doc::Acceptance) => "acceptance notice",
        (Lang::Zh, Doc::Refusal) => "不予受理决定书",
        (Lang::En, Doc::Refusal) => "refusal",
        (Lang::Zh, Doc::Extension) => "延长办理期限告知书",
        (Lang::En, Doc::Extension) => "extension notice",
        (Lang::Zh, Doc::Special) => "特别程序告知书",
        (Lang::En, Doc::Special) => "special procedure notice",
        (Lang::Zh, Doc::Denial) => "不予行政许可决定书",
        (Lang::En, Doc::Denial) => "denial",
        (Lang::Zh, Doc::Service) => "送达回证",
        (Lang::En, Doc::Service) => "proof of service",
    }
}

pub fn printed(lang: Lang, d: Doc, serial: u64) -> String {
    pick(
        lang,
        format!("已打印{}，流水号{serial:08}", doc_name(lang, d)),
        format!("Printed the {}, serial {serial:08}", doc_name(lang, d)),
    )
}

/// An A4 document issued and printed (SPEC §8).
pub fn printed_a4(lang: Lang, title: &str, number: &str, job: u64) -> String {
    pick(
        lang,
        format!("已签发{title}（{number}），已送A4打印机，作业A{job:07}"),
        format!("Issued {title} ({number}) and sent to the A4 printer, job A{job:07}"),
    )
}

/// The A4 printer did not take the document: it is issued (numbered, kept) and the job is
/// kept; staff reprint it once the printer works.
pub fn print_a4_failed(lang: Lang, title: &str, number: &str, job: u64, fault: &str) -> String {
    pick(
        lang,
        format!(
            "A4未打印：作业A{job:07}已保留，排除打印机故障后按P补打；{title}（{number}）已签发，补打不另编文号。原因：{fault}"
        ),
        format!(
            "Not printed on A4: job A{job:07} is kept; once the printer works, press P to reprint it. {title} ({number}) is issued; a reprint keeps its number. Cause: {fault}"
        ),
    )
}

pub fn print_failed(lang: Lang, d: Doc, serial: u64, fault: &str) -> String {
    pick(
        lang,
        format!("{}未打印（任务{serial:08}已保存可补打）：{fault}", doc_name(lang, d)),
        format!("The {} was not printed (job {serial:08} kept for a reprint): {fault}", doc_name(lang, d)),
    )
}

pub fn accepted(
    lang: Lang,
    due: chrono::NaiveDate,
    statutory_due: chrono::NaiveDate,
    p: crate::domain::intake::Provisional,
) -> String {
    let (m, sm) = (provisional_mark(lang, p.due), provisional_mark(lang, p.statutory));
    pick(
        lang,
        format!("已受理，办理期限 {due}{m}，法定期限 {statutory_due}{sm}"),
        format!("Accepted, due {due}{m}, statutory limit {statutory_due}{sm}"),
    )
}
pub fn accepted_deficient(lang: Lang, due: chrono::NaiveDate, provisional: bool, pledge: chrono::NaiveDate) -> String {
    let m = provisional_mark(lang, provisional);
    pick(
        lang,
        format!("已容缺受理，补齐期限 {pledge}，办理期限 {due}{m}"),
        format!("Accepted with deficiencies (容缺): supply by {pledge}, due {due}{m}"),
    )
}
pub fn noticed(lang: Lang, seq: u32, n: usize) -> String {
    notice_name(lang, seq, n, "")
}
pub fn noticed_override(lang: Lang, seq: u32, n: usize, by: &str, extra: usize) -> String {
    let extra = match lang {
        Lang::Zh => format!("，其中{extra}项经主管{by}批准"),
        Lang::En => format!(", {extra} on supervisor {by}'s override"),
    };
    notice_name(lang, seq, n, &extra)
}
/// The result line of a notice: the first is the 一次性告知; a later one is a 补充告知 (a
/// "second one-time notice" contradicts itself), with its number.
fn notice_name(lang: Lang, seq: u32, n: usize, extra: &str) -> String {
    match (lang, seq) {
        (Lang::Zh, 0 | 1) => format!("已出具一次性告知，共{n}项{extra}，请打印告知书"),
        (Lang::Zh, _) => format!("已出具补充告知（第{seq}次告知），共{n}项{extra}，请打印告知书"),
        (Lang::En, 0 | 1) => format!("One-time notice recorded with {n} items{extra}; print it"),
        (Lang::En, _) => format!("Supplementary notice (notice no. {seq}) recorded with {n} items{extra}; print it"),
    }
}
pub const REFUSED: T = T::new("已不予受理", "Refused");
/// Who has a case now, on the "我首问的" list.
pub fn now_with(lang: Lang, staff: &str) -> String {
    pick(lang, format!("现由{staff}承办"), format!("now with {staff}"))
}
pub const HANDOFF_ACCEPTED: T = T::new("已接收，此办件现由您承办", "Taken: this case is yours now");
pub const HANDOFF_DECLINED: T =
    T::new("已退回移交，办件仍由原承办人办理", "Hand-off declined: the case stays with its owner");
pub const HANDOFF_WITHDRAWN: T = T::new("已撤回移交，办件仍由您承办", "Hand-off withdrawn: the case stays yours");
pub const PROMPT_DECLINE_HANDOFF: T =
    T::new("退回移交的原因（告知移交人）", "Why you decline the hand-off (told to who offered it)");
pub const PROMPT_WITHDRAW_HANDOFF: T =
    T::new("撤回移交的原因（记入办件记录）", "Why you withdraw the hand-off (kept with the case)");
pub const HANDED_OFF: T = T::new(
    "已移交，待接收人确认接收（此前仍由您负责）",
    "Handed off: waiting for the receiver to take it (yours until then)",
);

/// The note after F11: the visitor's screen at this counter now shows the five levels.
pub fn rating_requested(lang: Lang, counter: u32) -> String {
    pick(
        lang,
        format!("已请办事人在{counter}号窗口评价屏上评价本次服务"),
        format!("The visitor is asked to rate this service on the screen of counter {counter}"),
    )
}

// Lists
pub fn list_title(lang: Lang, k: ListKind) -> &'static str {
    match (lang, k) {
        (Lang::Zh, ListKind::Mine) => "我的办件",
        (Lang::Zh, ListKind::Due) => "到期和超期办件（3个工作日内）",
        (Lang::Zh, ListKind::MissedPledges) => "容缺补齐逾期",
        (Lang::Zh, ListKind::Search) => "查询结果",
        (Lang::En, ListKind::Mine) => "My cases",
        (Lang::En, ListKind::Due) => "Due within 3 working days or overdue",
        (Lang::En, ListKind::MissedPledges) => "Missed pledge due dates (容缺)",
        (Lang::En, ListKind::Search) => "Search results",
        (Lang::Zh, ListKind::FirstReceived) => "我首问的（无论现在由谁承办）",
        (Lang::En, ListKind::FirstReceived) => "Cases I first received (wherever they are now)",
        (Lang::Zh, ListKind::Incoming) => "移交给我、待我接收的",
        (Lang::En, ListKind::Incoming) => "Handed to me, waiting for me to take them",
    }
}

// Holder page
pub const HOLDER_TITLE: T = T::new("持证人页面", "Holder");
pub const HOLDER_NO_CERTS: T = T::new("没有登记的证书", "No certificates on record");
pub const NEXT_STEP: T = T::new("下一步", "Next step");
pub const STATUS: T = T::new("状态", "Status");
// Appointments (预约服务; weekend and after-hours slots are 延时服务, 淄博 2017 简报 七)
pub const APPTS_TITLE: T = T::new("预约服务（今日及以后）", "Appointments (today and coming)");
pub const APPTS_EMPTY: T = T::new("暂无预约", "No appointments");
pub const PROMPT_CANCEL_APPT: T =
    T::new("取消预约的原因（记入审计日志）", "Why the appointment is cancelled (written to the audit log)");
pub const CANCELLED_BECAUSE: T = T::new("取消原因", "cancelled because");

pub fn appointment_cancelled(lang: Lang, day: chrono::NaiveDate, slot: &str) -> String {
    pick(
        lang,
        format!("已取消 {day} {slot} 的预约，该时段可重新预约"),
        format!("Cancelled the appointment of {day} {slot}; the slot is free again"),
    )
}
pub const EXTENDED: T = T::new("延时服务", "extended hours");
pub const BOOK_TITLE: T = T::new("新建预约", "Book an appointment");
pub const F_DAY: T = T::new("日期（年-月-日）", "Date (YYYY-MM-DD)");
pub const F_SLOT: T = T::new("时段（时:分）", "Time (HH:MM)");

pub fn appointment_state(lang: Lang, code: &str) -> &'static str {
    match (lang, code) {
        (Lang::Zh, "booked") => "已预约",
        (Lang::Zh, "arrived") => "已到达",
        (Lang::Zh, _) => "已取消",
        (Lang::En, "booked") => "booked",
        (Lang::En, "arrived") => "arrived",
        (Lang::En, _) => "cancelled",
    }
}

pub fn booked(lang: Lang, day: chrono::NaiveDate, slot: &str, extended: bool) -> String {
    let ext = if extended { EXTENDED.t(lang) } else { "" };
    match lang {
        Lang::Zh if extended => format!("已预约 {day} {slot}（{ext}）"),
        Lang::Zh => format!("已预约 {day} {slot}"),
        Lang::En if extended => format!("Booked for {day} {slot} ({ext})"),
        Lang::En => format!("Booked for {day} {slot}"),
    }
}

pub fn arrived(lang: Lang, label: &str) -> String {
    pick(
        lang,
        format!("预约人已到达，取号{label}，请选择事项后开始办理"),
        format!("Arrived: ticket {label}; choose the matter to open the case"),
    )
}

pub const LIST_EMPTY: T = T::new("没有办件", "No cases");
pub const TASKS_TITLE: T = T::new("差评整改和办结回访", "Bad-rating follow-ups and callbacks");
pub const FOLLOWUPS: T = T::new("差评整改", "Follow-ups");
pub const CALLBACKS: T = T::new("回访（10日内）", "Callbacks (within 10 days)");
pub const NONE: T = T::new("无", "none");

/// A follow-up or callback in the F8 list; a provisional follow-up date (暂定) is marked.
pub fn task_line(lang: Lang, case: &str, due: chrono::NaiveDate, provisional: bool) -> String {
    let mark = provisional_mark(lang, provisional);
    pick(lang, format!("{case}  期限 {due}{mark}"), format!("{case}  due {due}{mark}"))
}

pub fn problem(lang: Lang, p: &Problem) -> String {
    let list = |v: &Vec<String>| v.join(if lang == Lang::Zh { "、" } else { ", " });
    match p {
        Problem::BadId { zh, en } => pick(lang, format!("身份证号有误：{zh}"), format!("ID number: {en}")),
        Problem::BadCreditCode => pick(lang, "统一社会信用代码格式有误".into(), "The credit code is malformed".into()),
        Problem::CreditCheck { mismatches } => {
            use crate::domain::uscc::Mismatch;
            let zh: Vec<String> = mismatches
                .iter()
                .map(|m| match m {
                    Mismatch::Code { got, want } => format!("第18位校验码为{got}，按规则应为{want}"),
                    Mismatch::OrgCode { got, want } => format!("第17位（组织机构代码校验码）为{got}，按规则应为{want}"),
                })
                .collect();
            let en: Vec<String> = mismatches
                .iter()
                .map(|m| match m {
                    Mismatch::Code { got, want } => format!("check character 18 is {got}, {want} expected"),
                    Mismatch::OrgCode { got, want } => {
                        format!("character 17 (organisation-code check) is {got}, {want} expected")
                    }
                })
                .collect();
            pick(
                lang,
                format!("信用代码{}。核实无误请按F8保留", zh.join("；")),
                format!("Credit code: {}. If it is right, press F8 to keep it", en.join("; ")),
            )
        }
        Problem::NoName => pick(lang, "请填写申请人姓名".into(), "The applicant's name is needed".into()),
        Problem::NameHasDigits => pick(
            lang,
            "姓名中不能有数字，请检查是否把身份证号或电话填在了姓名栏".into(),
            "A name has no digits: is an ID or phone number in the name field?".into(),
        ),
        Problem::Unchecked(v) => {
            pick(lang, format!("还有材料未核验：{}", list(v)), format!("Not checked yet: {}", list(v)))
        }
        Problem::Deficient(v) => pick(
            lang,
            format!("材料不齐，不能直接受理：{}", list(v)),
            format!("Materials missing or defective, cannot accept: {}", list(v)),
        ),
        Problem::KeyMissing(v) => pick(
            lang,
            format!("要件缺少或有误，不能容缺受理：{}", list(v)),
            format!("Key materials missing or defective, no 容缺 acceptance: {}", list(v)),
        ),
        Problem::NothingOutstanding => {
            pick(lang, "材料已齐，请直接受理".into(), "Nothing is missing: accept the case instead".into())
        }
        Problem::PledgeAfterDue { pledge_due, due } => pick(
            lang,
            format!("补齐日期{pledge_due}晚于承诺办结日期{due}"),
            format!("The pledge date {pledge_due} is after the committed completion date {due}"),
        ),
        Problem::PledgeInPast(d) => pick(lang, format!("补齐日期{d}已过"), format!("The pledge date {d} is past")),
        Problem::BadCredit => pick(
            lang,
            "该企业有失信记录，不适用容缺受理".into(),
            "The enterprise is under a bad-credit mark: no 容缺 acceptance".into(),
        ),
        Problem::NoReason => pick(lang, "请写明理由".into(), "A written reason is needed".into()),
        Problem::NothingToNotify => {
            pick(lang, "没有缺少或有误的材料，无需告知".into(), "Nothing is missing or defective".into())
        }
        Problem::NotOnFirstNotice(v) => pick(
            lang,
            format!("以下材料不在首次告知中，须主管审批并说明理由（F9）：{}", list(v)),
            format!("Not on the first notice; a supervisor's override with a reason is needed (F9): {}", list(v)),
        ),
        Problem::NotSupervisor => pick(
            lang,
            "需要主管本人的工号和密码（窗口人员不能自行批准），未批准".into(),
            "Not approved: a supervisor's own staff number and PIN are needed (desk staff cannot approve)".into(),
        ),
        Problem::SupervisorLocked(m) => pick(
            lang,
            format!("密码错误次数过多，该主管工号已锁定{m}分钟，未批准"),
            format!("Not approved: too many wrong PINs, the supervisor's number is locked for {m} minutes"),
        ),
        Problem::PaperKit(why) => pick(
            lang,
            format!("A4文书无法生成（字体、模板或签名密钥），请联系系统管理员运行 certdesk doctor 检查：{why}"),
            format!("A4 documents cannot be made (fonts, templates or seal key); ask the administrator to run certdesk doctor: {why}"),
        ),
        Problem::NotOwner => pick(
            lang,
            "只有当前承办人或主管可以移交".into(),
            "Only the owner or a supervisor can hand the case off".into(),
        ),
        Problem::SameOwner => pick(lang, "不能移交给本人".into(), "The case cannot go to its owner".into()),
        Problem::CaseClosed => pick(lang, "办件已办结".into(), "The case is closed".into()),
        Problem::WrongState(s) => pick(
            lang,
            format!("办件处于「{}」环节，不能进行此操作", s.zh()),
            format!("The case is {}: not possible now", s.en()),
        ),
        Problem::OutsideCalendar(e) => pick(lang, e.zh(), e.to_string()),
        Problem::DateInPast(d) => pick(lang, format!("日期{d}已过"), format!("The date {d} is past")),
        Problem::SlotPassed { day, slot } => pick(
            lang,
            format!("{day} {slot}已过，不能预约过去的时间；请选今天稍后或以后的时段"),
            format!("{day} {slot} has passed: no booking in the past; choose a later time or day"),
        ),
        Problem::BadSlot => pick(lang, "时段请按 时:分 填写，如09:30".into(), "A time is HH:MM, e.g. 09:30".into()),
        Problem::BadPhone => pick(
            lang,
            "电话号码应为7到15位数字（可含-）".into(),
            "A phone number is 7 to 15 digits (hyphens allowed)".into(),
        ),
        Problem::IdLike => pick(
            lang,
            "该栏中有一长串数字，像是身份证号，请检查填写的栏目".into(),
            "A long run of digits looks like an ID number: check the field".into(),
        ),
        Problem::IdInField => pick(
            lang,
            "身份证号不能填在此栏，已从输入中删去；请核对后再按回车".into(),
            "An ID number does not belong here: it was taken out; check the rest and press Enter".into(),
        ),
        Problem::BadStaffNumber => pick(
            lang,
            "工号只含字母和数字（最多32位），请重新输入".into(),
            "A staff number is letters and digits (up to 32): type it again".into(),
        ),
        Problem::TooLong => pick(lang, "填写的内容过长".into(), "The text is too long".into()),
        Problem::NoAddress => {
            pick(lang, "请先记录邮寄地址（F1）".into(), "Record the postal address first (F1)".into())
        }
        Problem::BadTracking => {
            pick(lang, "邮件单号应为8到30位字母或数字".into(), "A tracking number is 8 to 30 letters and digits".into())
        }
        Problem::AppointmentNotToday => {
            pick(lang, "不是今日的预约，不能到达取号".into(), "Not today's appointment: no ticket for it today".into())
        }
        Problem::AppointmentCancelled => pick(
            lang,
            "该预约已取消，不能取号；请按现场来访取号".into(),
            "This appointment was cancelled: no ticket for it (take a walk-in ticket)".into(),
        ),
        Problem::Stage(e) => super::roles_text::stage_problem(lang, e),
        Problem::Mark(e) => super::roles_text::mark_problem(lang, e),
        Problem::Pledge { zh, en } => pick(lang, zh.clone(), en.clone()),
        Problem::SlotTaken => {
            pick(lang, "该时段已有预约，请换一个时段".into(), "That time slot is already booked: choose another".into())
        }
        Problem::AppointmentUsed => {
            pick(lang, "该预约已到达取号".into(), "This appointment already has its ticket".into())
        }
        Problem::NothingToRemind => pick(
            lang,
            "该证书没有待办的复审、换证或延期，无需提醒".into(),
            "This certificate has no review, renewal or extension ahead to remind of".into(),
        ),
        Problem::NothingToPrint => {
            pick(lang, "此办件没有可打印的该文书".into(), "Nothing of that kind to print".into())
        }
        Problem::DefectWithoutReason => {
            pick(lang, "请写明材料有什么问题".into(), "Say what is wrong with the material".into())
        }
        Problem::NotPledgeable(m) => {
            pick(lang, format!("{m}不适用告知承诺"), format!("{m} cannot be replaced by a pledge"))
        }
        Problem::QueueEmpty => pick(lang, "没有等候的号".into(), "Nobody is waiting".into()),
        Problem::BadDate => pick(lang, "日期格式应为 年-月-日".into(), "Dates are YYYY-MM-DD".into()),
        Problem::BadPeriod(e) => bad_period(lang, e),
        Problem::Time(e) => super::time_strings::problem(lang, e),
        Problem::Contact(e) => loops::contact_problem(lang, e),
        Problem::TaskClosed => loops::task_closed(lang),
        Problem::NoSuchStaff(s) => loops::no_such_staff(lang, s),
        Problem::FirstOwnerUnknown(s) => loops::first_owner_unknown(lang, s),
        Problem::AlreadyRated => loops::already_rated(lang),
        Problem::HandoffPending => pick(
            lang,
            "该办件已在移交中，等待接收人确认".into(),
            "This case is already handed off, waiting for the receiver".into(),
        ),
        Problem::Enquiry(e) => loops::enquiry_problem(lang, e),
        Problem::EnquiryKind => pick(lang, "请输入1、2或3".into(), "Type 1, 2 or 3".into()),
        Problem::NoHandoffForYou => {
            pick(lang, "没有移交给您的这件办件".into(), "This case is not handed to you".into())
        }
        Problem::NotYourOffer => pick(
            lang,
            "这件办件的移交不是您发起的，只有移交人可以撤回".into(),
            "You did not offer this hand-off: only the one who offered it can withdraw it".into(),
        ),
        // Staff are the window: never the kiosk's "请联系服务窗口".
        Problem::Service => loops::STAFF_SERVICE_ERROR.t(lang).to_string(),
    }
}

// Reports page (F11 on the queue screen; app/desk/reports.rs)
pub const TAB_RATINGS: T = T::new("F5 好差评", "F5 ratings");
pub const TAB_DAILY: T = T::new("F6 每日统计", "F6 daily counts");
pub const TAB_OVERDUE: T = T::new("F7 超期办件", "F7 overdue cases");
pub const TAB_REMINDERS: T = T::new("F8 到期提醒", "F8 reminders");
pub const LOADING: T = T::new("正在统计", "Counting");
pub const BY_MATTER: T = T::new("按办理事项", "By matter");
pub const BY_STAFF: T = T::new("按工作人员", "By staff member");
pub const BAD_RATINGS: T = T::new("差评及整改、回访", "Bad ratings, follow-up and callback");
pub const ENQUIRY_LIST: T = T::new("首问登记（咨询、引导、转办）", "Enquiries logged (answered, guided, referred)");
pub const OVERRIDE_LIST: T =
    T::new("容缺未补正经批准办结", "Completed with a pledge outstanding, by a supervisor's override");
pub const OVERRIDDEN_BY: T = T::new("批准人", "approved by");
/// Before the department an enquiry was referred to (no arrow: ambiguous width).
pub const REFERRED_TO: T = T::new("转至", "to ");
pub const NO_CASE: T = T::new("（无办件）", "(no case)");
pub const NO_EMPLOYER: T = T::new("（无工作单位记录）", "(no employer on record)");
pub const OUTSIDE_CALENDAR: T = T::new("超出可计算年份", "outside the computable years");
pub const STATUTORY_PASSED: T = T::new("  已超法定期限", "  statutory limit passed");
pub const DUE: T = T::new("期限", "due");
pub const PROMPT_PERIOD: T = T::new(
    "统计期间：起始日期 截止日期（年-月-日，最多366天）",
    "Period: from and to (YYYY-MM-DD YYYY-MM-DD, at most 366 days)",
);

pub fn ratings_title(lang: Lang, from: chrono::NaiveDate, to: chrono::NaiveDate) -> String {
    pick(lang, format!("好差评统计 {from} 至 {to}"), format!("Service ratings {from} to {to}"))
}

pub fn ratings_summary(lang: Lang, total: u32, satisfied: &str, bad: u32, open: usize) -> String {
    pick(
        lang,
        format!("评价{total}次  满意率{satisfied}  差评{bad}次（整改未完成{open}）"),
        format!("{total} ratings  {satisfied} satisfied  {bad} bad ({open} follow-ups open)"),
    )
}

pub fn tally_line(lang: Lang, what: &str, total: u32, satisfied: &str, bad: u32) -> String {
    pick(
        lang,
        format!("  {what}  评价{total}次  满意率{satisfied}  差评{bad}"),
        format!("  {what}  {total} ratings  {satisfied} satisfied  {bad} bad"),
    )
}

pub fn callback_label(lang: Lang, state: &str) -> String {
    if state == "-" {
        return String::new();
    }
    pick(lang, format!("回访：{state}"), format!("callback: {state}"))
}

pub fn daily_title(lang: Lang, from: chrono::NaiveDate, to: chrono::NaiveDate) -> String {
    pick(lang, format!("每日业务量 {from} 至 {to}（合计）"), format!("Daily counts {from} to {to} (totals)"))
}

/// The column line of the day table (widths match the rows: date, then seven counts of 5).
pub fn daily_header(lang: Lang) -> String {
    pick(
        lang,
        "日期    打印  文书  受理  告知  容缺  核验 未通过".into(),
        "day    slips  docs cases notic. 容缺 scans   bad".into(),
    )
}

pub fn overdue_title(lang: Lang, as_of: chrono::NaiveDate, n: usize) -> String {
    pick(
        lang,
        format!("截至 {as_of} 超过承诺期限的在办件：{n}件（按工作日计）"),
        format!("Running cases past their committed due date on {as_of}: {n} (working days)"),
    )
}

pub fn cases_count(lang: Lang, n: u64) -> String {
    pick(lang, format!("{n}件"), format!("{n} cases"))
}

pub fn working_days_over(lang: Lang, n: i64) -> String {
    pick(lang, format!("超期{n}个工作日"), format!("{n} working days late"))
}

pub fn reminders_title(lang: Lang, days: i64, n: usize, employers: usize) -> String {
    pick(
        lang,
        format!("{days}日内到期或应复审：{n}张证件，{employers}家单位"),
        format!("Due for review or expiry within {days} days: {n} certificates, {employers} employers"),
    )
}

pub fn certificates_count(lang: Lang, n: usize) -> String {
    pick(lang, format!("（共{n}张）"), format!("({n} certificates)"))
}

pub fn days_left(lang: Lang, n: i64) -> String {
    pick(lang, format!("剩{n}天"), format!("{n} days left"))
}

pub fn bad_period(lang: Lang, e: &crate::report::PeriodError) -> String {
    pick(lang, format!("统计期间有误：{}", e.zh()), format!("Period: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::strings::ambiguous;

    /// A recomputation's reason is worded from the stored facts in the screen's language; a move
    /// stored before the facts were (schema 15) shows its stored Chinese words, one move a line.
    #[test]
    fn a_moved_date_is_worded_in_the_screens_language() {
        use crate::domain::records::{DueMoved, MoveFacts};
        let d = |m, day| chrono::NaiveDate::from_ymd_opt(2027, m, day).unwrap();
        let why = "录入2027年节假日安排（第1版日历）：办理期限由2027-02-10改为2027-02-15".to_string();
        let how = MoveFacts { year: 2027, version: 1, due: (d(2, 10), d(2, 15)), statutory: (d(3, 3), d(3, 3)) };
        let m = DueMoved { from: d(2, 10), why: why.clone(), how: Some(how) };
        assert_eq!(
            due_moved(Lang::En, &m),
            [
                "dates changed: the 2027 holiday notice was entered (calendar version 1)",
                "  due 2027-02-10 -> 2027-02-15"
            ]
        );
        assert_eq!(
            due_moved(Lang::Zh, &m),
            ["期限已调整：录入2027年节假日安排（第1版日历）", "  办理期限由2027-02-10改为2027-02-15"]
        );
        let old = DueMoved { from: d(2, 10), why, how: None };
        assert_eq!(
            due_moved(Lang::En, &old),
            ["dates changed: 录入2027年节假日安排（第1版日历）", "  办理期限由2027-02-10改为2027-02-15"]
        );
    }

    /// SPEC §2: a follow-up date counted over a year without the State Council notice is
    /// labelled 暂定 wherever it is shown (the F8 list); a firm one carries no mark.
    #[test]
    fn a_provisional_follow_up_is_marked_in_the_task_list() {
        let due = chrono::NaiveDate::from_ymd_opt(2027, 2, 12).unwrap();
        assert_eq!(task_line(Lang::Zh, "YJ202702030001", due, true), "YJ202702030001  期限 2027-02-12（暂定）");
        assert_eq!(task_line(Lang::En, "YJ202702030001", due, true), "YJ202702030001  due 2027-02-12 (provisional)");
        assert_eq!(task_line(Lang::Zh, "-", due, false), "-  期限 2027-02-12");
    }

    #[test]
    fn desk_strings_have_no_ambiguous_width_chars() {
        let all = [
            TITLE,
            LOGIN_TITLE,
            STAFF_ID,
            PIN,
            LOGIN_DENIED,
            CHECKING,
            QUEUE_TITLE,
            QUEUE_EMPTY,
            PICK_MATTER,
            INTAKE_TITLE,
            F_NAME,
            F_ID,
            F_PHONE,
            F_ENTERPRISE,
            F_CREDIT,
            KNOWN_HOLDER,
            NOT_KNOWN,
            CHECKLIST_TITLE,
            KEY_MATERIAL,
            PLEDGEABLE,
            PROMPT_DEFECT,
            PROMPT_PLEDGE_DUE,
            PROMPT_REASON,
            PROMPT_HANDOFF_TO,
            PROMPT_HANDOFF_WHY,
            PROMPT_SEARCH,
            CASE_TITLE,
            FIRST_OWNER,
            OWNER,
            VISITOR,
            STATE,
            PLEDGE_DUE,
            PLEDGE_AFTER,
            PLEDGE_AFTER_DUE,
            REFUSED,
            HANDED_OFF,
            LIST_EMPTY,
            TASKS_TITLE,
            FOLLOWUPS,
            CALLBACKS,
            NONE,
            PROMPT_OVERRIDE_REASON,
            PROMPT_OVERRIDE_SUPERVISOR,
            PROMPT_OVERRIDE_PIN,
            HOLDER_TITLE,
            HOLDER_NO_CERTS,
            NEXT_STEP,
            STATUS,
            APPTS_TITLE,
            APPTS_EMPTY,
            PROMPT_CANCEL_APPT,
            HANDOFF_DECLINED,
            HANDOFF_WITHDRAWN,
            PROMPT_DECLINE_HANDOFF,
            PROMPT_WITHDRAW_HANDOFF,
            CANCELLED_BECAUSE,
            EXTENDED,
            BOOK_TITLE,
            F_DAY,
            F_SLOT,
            PROMPT_POST_ADDRESS,
            PROMPT_TRACKING,
            POST,
            NOT_SENT,
            TRACKING,
            TAB_RATINGS,
            TAB_DAILY,
            TAB_OVERDUE,
            TAB_REMINDERS,
            LOADING,
            BY_MATTER,
            BY_STAFF,
            BAD_RATINGS,
            ENQUIRY_LIST,
            OVERRIDE_LIST,
            OVERRIDDEN_BY,
            REFERRED_TO,
            NO_CASE,
            NO_EMPLOYER,
            OUTSIDE_CALENDAR,
            STATUTORY_PASSED,
            DUE,
            PROMPT_PERIOD,
        ];
        for t in all {
            for s in [t.zh, t.en] {
                assert!(!s.chars().any(ambiguous), "ambiguous-width char in {s:?}");
            }
        }
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        for lang in [Lang::Zh, Lang::En] {
            for s in [
                problem(
                    lang,
                    &Problem::CreditCheck {
                        mismatches: vec![crate::domain::uscc::Mismatch::Code { got: 'A', want: 'B' }],
                    },
                ),
                problem(lang, &Problem::NotOnFirstNotice(vec!["x".into()])),
                deadline(lang, &Deadline::Days { due: d, left: -2, provisional: true }),
                accepted(lang, d, d, crate::domain::intake::Provisional { due: false, statutory: true }),
                due_moved(
                    lang,
                    &crate::domain::records::DueMoved {
                        from: d,
                        why: "x".into(),
                        how: Some(crate::domain::records::MoveFacts {
                            year: 2027,
                            version: 1,
                            due: (d, d),
                            statutory: (d, d),
                        }),
                    },
                )
                .join("\n"),
                accepted_deficient(lang, d, true, d),
                print_failed(lang, Doc::Notice, 1, "x"),
                noticed_override(lang, 2, 3, "0001", 1),
                booked(lang, d, "09:30", true),
                arrived(lang, "B001"),
                appointment_cancelled(lang, d, "09:30"),
                posted(lang, true).into(),
                posted(lang, false).into(),
                appointment_state(lang, "arrived").into(),
                doc_name(lang, Doc::Reminder).into(),
                doc_name(lang, Doc::CertSlip).into(),
            ]
            .into_iter()
            .chain(
                [
                    Problem::SupervisorLocked(15),
                    Problem::NothingToRemind,
                    Problem::DateInPast(d),
                    Problem::SlotPassed { day: d, slot: "09:30".into() },
                    Problem::BadSlot,
                    Problem::BadPhone,
                    Problem::IdLike,
                    Problem::IdInField,
                    Problem::BadStaffNumber,
                    Problem::TooLong,
                    Problem::AppointmentNotToday,
                    Problem::AppointmentUsed,
                    Problem::AppointmentCancelled,
                    Problem::SlotTaken,
                    Problem::NoAddress,
                    Problem::BadTracking,
                ]
                .iter()
                .map(|p| problem(lang, p)),
            ) {
                assert!(!s.chars().any(ambiguous), "{s}");
            }
        }
    }
}
