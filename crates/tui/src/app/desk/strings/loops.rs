//! The words of the closed loops (issue 15): the F8 list of follow-ups and callbacks, a task's
//! page, its prompts and results, and the staff-facing problems of the loops and the hand-off.

use crate::app::strings::{pick, Lang, T};
use crate::domain::intake::Rating;
use crate::domain::loops::{days_left, BadReason, ContactError, ContactRecord, LoopKind, LoopTask};
use chrono::NaiveDate;

pub const TASK_CALLBACK: T = T::new("办结回访", "Callback after completion");
pub const TASK_FOLLOWUP: T = T::new("差评整改及回访", "Bad rating: remedy and callback");
pub const TASK_DONE: T = T::new("已办结", "Closed");
pub const CONTACTS: T = T::new("回访记录", "Contacts");
pub const NO_CONTACTS: T = T::new("尚未回访", "No contact yet");
pub const NO_REMEDY: T = T::new("整改：尚未记录", "Remedy: not recorded yet");
pub const STAFF_SERVICE_ERROR: T = T::new(
    "系统出错，本步未完成（已记入日志）；请重试，仍不行请联系系统管理员",
    "System error: this step was not done (logged); try again, then call the administrator",
);

pub const PROMPT_SATISFACTION: T = T::new(
    "满意度（5非常满意 4满意 3基本满意 2不满意 1非常不满意）",
    "Satisfaction (5 very satisfied to 1 very dissatisfied)",
);
pub const PROMPT_CONTACT_NOTE: T = T::new("回访记录（对方意见）", "What the visitor said");
pub const PROMPT_NEXT_ATTEMPT: T = T::new("下次回访日期（年-月-日）", "Next attempt (YYYY-MM-DD)");
pub const PROMPT_MISS_NOTE: T = T::new("备注（如无人接听，可空）", "Note (e.g. no answer; may be empty)");
pub const PROMPT_REMEDY: T = T::new("整改情况（做了什么）", "Remedy (what was done)");

/// "还剩3天" / "逾期2天" / "今天到期".
pub fn countdown(lang: Lang, due: NaiveDate, today: NaiveDate) -> String {
    let n = days_left(due, today);
    match n {
        0 => pick(lang, "今天到期".into(), "due today".into()),
        n if n > 0 => pick(lang, format!("还剩{n}天"), format!("{n} days left")),
        n => pick(lang, format!("逾期{}天", -n), format!("{} days overdue", -n)),
    }
}

fn rating_words(lang: Lang, code: Option<u8>) -> &'static str {
    match code.and_then(Rating::from_code) {
        Some(r) if lang == Lang::Zh => r.zh(),
        Some(r) => r.en(),
        None => "",
    }
}

pub fn reason_words(lang: Lang, r: BadReason) -> &'static str {
    match lang {
        Lang::Zh => r.zh(),
        Lang::En => r.en(),
    }
}

/// One line of the F8 list: 办件 number, the rating and its reason (follow-ups), due date with
/// its countdown, and what is done so far.
pub fn task_line(lang: Lang, t: &LoopTask, today: NaiveDate) -> String {
    let case = t.case_number.as_deref().unwrap_or("-");
    let mark = super::provisional_mark(lang, t.provisional);
    let left = countdown(lang, t.due, today);
    let rating = rating_words(lang, t.rating);
    let (rating, remedy) = match (t.kind, t.reason, &t.remedy, lang) {
        (LoopKind::Callback, ..) => (String::new(), ""),
        (_, Some(r), _, Lang::Zh) => (format!("  {rating}（{}）", r.zh()), ""),
        (_, Some(r), _, Lang::En) => (format!("  {rating} ({})", r.en()), ""),
        (_, None, ..) => (format!("  {rating}"), ""),
    };
    let remedy = match (t.kind, &t.remedy, lang) {
        (LoopKind::Followup, Some(_), Lang::Zh) => "  已整改",
        (LoopKind::Followup, Some(_), Lang::En) => "  remedied",
        (LoopKind::Followup, None, Lang::Zh) => "  待整改",
        (LoopKind::Followup, None, Lang::En) => "  remedy due",
        _ => remedy,
    };
    let next = match t.next_attempt() {
        Some(d) => pick(lang, format!("  下次回访{d}"), format!("  next call {d}")),
        None => String::new(),
    };
    pick(
        lang,
        format!("{case}{rating}  {}{mark}（{left}）{remedy}{next}", t.due),
        format!("{case}{rating}  due {}{mark} ({left}){remedy}{next}", t.due),
    )
}

/// The list's tag of a task.
pub fn tag(lang: Lang, kind: LoopKind) -> &'static str {
    match (kind, lang) {
        (LoopKind::Followup, Lang::Zh) => "[差评]",
        (LoopKind::Followup, Lang::En) => "[bad]",
        (LoopKind::Callback, Lang::Zh) => "[回访]",
        (LoopKind::Callback, Lang::En) => "[call]",
    }
}

/// One contact on the task page.
pub fn contact_line(lang: Lang, c: &ContactRecord) -> String {
    let at = c.at.format("%Y-%m-%d %H:%M");
    let note = crate::app::strings::screen_safe(&c.contact.note);
    match (c.contact.reached, c.contact.satisfaction, c.contact.next_attempt) {
        (true, s, _) => pick(
            lang,
            format!("{at}  {}  已联系上，{}：{note}", c.staff, rating_words(lang, s)),
            format!("{at}  {}  reached, {}: {note}", c.staff, rating_words(lang, s)),
        ),
        (false, _, next) => {
            let next = next.map(|d| d.to_string()).unwrap_or_default();
            pick(
                lang,
                format!("{at}  {}  未联系上，下次 {next}  {note}", c.staff),
                format!("{at}  {}  not reached, next {next}  {note}", c.staff),
            )
        }
    }
}

pub fn remedy_line(lang: Lang, remedy: &str) -> String {
    let r = crate::app::strings::screen_safe(remedy);
    pick(lang, format!("整改：{r}"), format!("Remedy: {r}"))
}

/// The result line after a contact or 整改.
pub fn task_saved(lang: Lang, closed: bool) -> &'static str {
    match (closed, lang) {
        (true, Lang::Zh) => "已记录，回访已办结",
        (true, Lang::En) => "Recorded: the callback is closed",
        (false, Lang::Zh) => "已记录",
        (false, Lang::En) => "Recorded",
    }
}

pub fn contact_problem(lang: Lang, e: &ContactError) -> String {
    match e {
        ContactError::NoSatisfaction => pick(lang, "满意度请输入1至5".into(), "Satisfaction is 1 to 5".into()),
        ContactError::SatisfactionUnreached => {
            pick(lang, "未联系上时不记满意度".into(), "No satisfaction for a visitor not reached".into())
        }
        ContactError::NoNextAttempt => {
            pick(lang, "未联系上，请写下次回访日期".into(), "Not reached: give the next attempt's date".into())
        }
        ContactError::NextAttemptNotAhead(d) => {
            pick(lang, format!("下次回访日期 {d} 应在今天之后"), format!("The next attempt {d} must be after today"))
        }
        ContactError::NextAttemptReached => {
            pick(lang, "已联系上即办结，无需下次回访".into(), "Reached: the task closes, no next attempt".into())
        }
        ContactError::NoNote => pick(lang, "请记下对方的意见".into(), "Write down what the visitor said".into()),
        ContactError::TooLong => pick(lang, "填写的内容过长".into(), "The text is too long".into()),
        ContactError::NoRemedy => pick(
            lang,
            "差评须先记录整改（F7），再回访告知对方".into(),
            "Record the remedy first (F7), then call the visitor back".into(),
        ),
    }
}

pub fn task_closed(lang: Lang) -> String {
    pick(lang, "该回访已由他人办结".into(), "This task was closed by someone else".into())
}

/// A hand-off to a staff number that is no active staff member: said to the clerk.
/// A document names the case's first contact (首问负责制) and the number is not on the staff
/// roster: nothing is printed, and a supervisor can see the roster.
pub fn first_owner_unknown(lang: Lang, staff: &str) -> String {
    let s = crate::app::strings::screen_safe(staff);
    pick(
        lang,
        format!("首问人工号 {s} 不在工作人员名册中，文书未打印；请主管核对名册"),
        format!("The first contact's staff number {s} is not on the staff roster: nothing printed. Ask a supervisor to check the roster"),
    )
}

pub fn no_such_staff(lang: Lang, staff: &str) -> String {
    let s = crate::app::strings::screen_safe(staff);
    pick(
        lang,
        format!("没有在岗的工号 {s}，请核对接收人的工号"),
        format!("No active staff member {s}: check the receiver's staff number"),
    )
}

pub fn already_rated(lang: Lang) -> String {
    pick(
        lang,
        "该办件已评价过，不能再次邀请评价".into(),
        "This service has been rated already: no second rating".into(),
    )
}

pub fn task_title(lang: Lang, kind: LoopKind) -> &'static str {
    match kind {
        LoopKind::Callback => TASK_CALLBACK.t(lang),
        LoopKind::Followup => TASK_FOLLOWUP.t(lang),
    }
}

pub const RATES_TITLE: T = T::new("回访与整改（目标100%）", "Callbacks and remedies (target 100%)");

/// "  回访率 87.5%（7/8）".
pub fn rate_line(lang: Lang, zh: &str, en: &str, rate: crate::domain::loops::Rate) -> String {
    pick(
        lang,
        format!("  {zh} {}（{}/{}）", rate.text(), rate.done, rate.total),
        format!("  {en} {} ({}/{})", rate.text(), rate.done, rate.total),
    )
}

// 首问负责制: enquiries (咨询、引导、转办).
pub const PROMPT_ENQUIRY_KIND: T = T::new("登记类型：1咨询 2引导 3转办", "Kind: 1 answered, 2 guided, 3 referred");
pub const PROMPT_ENQUIRY_VISITOR: T = T::new("来访人（姓名或称呼，如张女士）", "Who asked (a name, or e.g. Ms Zhang)");
pub const PROMPT_ENQUIRY_QUESTION: T = T::new("所问事项", "What was asked");
pub const PROMPT_ENQUIRY_ANSWER: T = T::new("答复或引导去处", "The answer, or where the visitor was sent");
pub const PROMPT_ENQUIRY_DEPARTMENT: T = T::new("转办至（科室或单位）", "Referred to (department or body)");

pub fn enquiry_logged(lang: Lang, k: crate::domain::first_contact::EnquiryKind) -> String {
    pick(lang, format!("已登记（{}）", k.zh()), format!("Logged ({})", k.en()))
}

pub fn enquiry_problem(lang: Lang, e: &crate::domain::first_contact::EnquiryError) -> String {
    use crate::domain::first_contact::EnquiryError as E;
    match e {
        E::NoVisitor => pick(lang, "请写来访人".into(), "Say who asked".into()),
        E::NoQuestion => pick(lang, "请写所问事项".into(), "Say what was asked".into()),
        E::NoAnswer => pick(lang, "请写答复或引导去处".into(), "Say what the visitor was told".into()),
        E::NoDepartment => pick(lang, "请写转办的科室或单位".into(), "Say where it was referred".into()),
        E::TooLong => pick(lang, "填写的内容过长".into(), "The text is too long".into()),
    }
}

/// The enquiries of a period on the reports page.
pub fn enquiries_line(lang: Lang, n: [u64; 3]) -> String {
    pick(
        lang,
        format!("  首问登记：咨询{} 引导{} 转办{}", n[0], n[1], n[2]),
        format!("  Enquiries: answered {}, guided {}, referred {}", n[0], n[1], n[2]),
    )
}
