//! The desk's commands as data (issue 14): each screen declares one table of (key, command,
//! label, enabled, on the key bar or not), and everything that names a command is derived from
//! it: the key map (`keys.rs`: a function key does something only where a row enables it), the
//! key bar's items and where they sit (`layout.rs`, which draws them and hit-tests clicks on
//! them, so a click does what the row's key does), the command `update` carries out
//! (`resolve`), and the help (`help`). A screen cannot show a key it does not honour, nor honour
//! a function key it does not list.
//!
//! Rows without a key (`Key::Hint`) are hints on the key bar ("上下键选择", the reports' "F5-F8"
//! range whose tabs are drawn on the page itself): drawn dimmed, not clickable, not in the help.

use super::{Desk, Screen};
use crate::app::strings::{Lang, T};
use crate::app::Action;

/// The key of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    F(u8),
    Enter,
    Esc,
    Tab,
    /// A letter or digit (the queue's Y, the checklist's and reports' 1 to 4); either case.
    Char(char),
    /// No single key: a hint.
    Hint,
}

impl Key {
    /// The action this key gives (what `keys.rs` maps it to, and what a click on it gives).
    pub fn action(self) -> Option<Action> {
        Some(match self {
            Key::F(2) => Action::ToggleLang,
            Key::F(n) => Action::Command(n),
            Key::Enter => Action::Submit,
            Key::Esc => Action::Back,
            Key::Tab => Action::NextField,
            Key::Char(c) => Action::Input(c),
            Key::Hint => return None,
        })
    }

    /// The key as the help names it ("F5", "回车"/"Enter", "Esc", "Tab", "Y").
    pub fn name(self, lang: Lang) -> Option<String> {
        Some(match self {
            Key::F(n) => format!("F{n}"),
            Key::Enter => (if lang == Lang::Zh { "回车" } else { "Enter" }).to_string(),
            Key::Esc => "Esc".to_string(),
            Key::Tab => "Tab".to_string(),
            Key::Char(c) => c.to_ascii_uppercase().to_string(),
            Key::Hint => return None,
        })
    }

    /// Whether `label` begins by naming this key (F1 is not named by "F10退出登录").
    pub fn named_by(self, label: &str) -> bool {
        match self {
            Key::F(n) => {
                label.strip_prefix(&format!("F{n}")).is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_digit()))
            }
            Key::Enter => label.starts_with("回车") || label.starts_with("Enter"),
            Key::Esc => label.starts_with("Esc"),
            Key::Tab => label.starts_with("Tab"),
            Key::Char(k) => label.chars().next().is_some_and(|c| c.eq_ignore_ascii_case(&k)),
            Key::Hint => false,
        }
    }

    fn gives(self, a: &Action) -> bool {
        match (self, a) {
            (Key::Char(k), Action::Input(c)) => k.eq_ignore_ascii_case(c),
            (Key::Hint, _) => false,
            (k, a) => k.action().as_ref() == Some(a),
        }
    }
}

/// Every command of the desk's screens (one enum for the desk: several screens share some).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    // Hints (no key).
    Hint,
    // Every signed-in screen.
    Logout,
    // The queue.
    TakeTicket,
    CallNext,
    NewCase,
    /// Enter: a new case for the selected ticket.
    CaseForTicket,
    MyCases,
    Due,
    MissedPledges,
    Callbacks,
    Search,
    Appointments,
    Reports,
    /// F12 on a desk started from the kiosk: close the program.
    Quit,
    // Lists and pickers.
    Open,
    Home,
    /// The holders found by a search: the cases it found.
    FoundCases,
    // The visitor form and the booking form.
    NextField,
    Save,
    Materials,
    HolderPage,
    KeepCreditCode,
    BackToCase,
    // The checklist.
    Provided,
    Missing,
    Defective,
    Pledge,
    Accept,
    AcceptDeficient,
    Notice,
    Refuse,
    Override,
    // The case.
    PrintNotice,
    PrintPledge,
    PrintReceipt,
    /// A letter key: issue this A4 document of the case (SPEC §8).
    PrintA4(certdesk_protocol::desk::Doc),
    /// P: send the case's last failed A4 job again.
    ReprintA4,
    NextStage,
    HandOff,
    Rating,
    PostAddress,
    Tracking,
    // A case's time (screens/case_time.rs).
    CaseTime,
    NoticesOwed,
    SpotCorrected,
    Grant,
    Deny,
    Extend,
    StopClock,
    ResumeClock,
    Deliver,
    // The holder page.
    PrintCertSlip,
    PrintReminder,
    BackToForm,
    // Appointments and booking.
    Arrived,
    Book,
    CancelAppointment,
    BackToAppointments,
    // 首问负责制 (issue 15): the lists of cases I first received and of hand-offs to me.
    FirstReceived,
    Incoming,
    AcceptHandOff,
    /// Decline the hand-off offered to me, or withdraw the one I offered, with a reason
    /// (`screens/handoff_close.rs`).
    DeclineHandOff,
    WithdrawHandOff,
    Enquiry,
    // A callback or follow-up (issue 15).
    Reached,
    NotReached,
    Remedy,
    BackToTasks,
    // 核查 and marks (issue 15).
    PledgeChecks,
    CheckTrue,
    CheckFalse,
    /// V on the 核查 list: the finished checks, or back to the open ones.
    DoneChecks,
    Marks,
    AddMark,
    LiftMark,
    LiftedMarks,
    // Reports.
    TabRatings,
    TabDaily,
    TabOverdue,
    TabReminders,
    Days7,
    Days30,
    Days90,
    Days365,
    TypePeriod,
    /// F1 where the screen gives F1 nothing else, `?` where nothing is typed: the help, drawn
    /// from this same table (`help.rs`).
    Help,
}

/// One row of a screen's table.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    pub key: Key,
    pub cmd: Cmd,
    /// The words on the key bar and in the help.
    pub label: T,
    /// Whether the command can be given now (a disabled row is neither shown nor honoured).
    pub enabled: bool,
    /// Shown on the key bar (else only honoured and listed in the help: F10 off the queue,
    /// Enter on the queue, the report tabs drawn on the page).
    pub bar: bool,
}

pub(crate) const fn row(key: Key, cmd: Cmd, label: T) -> Command {
    Command { key, cmd, label, enabled: true, bar: true }
}

impl Command {
    pub(crate) const fn when(mut self, enabled: bool) -> Command {
        self.enabled = enabled;
        self
    }
    pub(crate) const fn hidden(self) -> Command {
        self.on_bar(false)
    }
    pub(crate) const fn on_bar(mut self, shown: bool) -> Command {
        self.bar = shown;
        self
    }
}

/// The words of the commands, zh-CN and English, as the key bar shows them.
pub mod labels {
    use crate::app::strings::T;
    pub const LOGIN_HINT: T = T::new("输入工号后按回车，再输入密码", "Type the staff number, Enter, then the PIN");
    pub const HELP_F1: T = T::new("F1帮助", "F1 help");
    pub const HELP_MARK: T = T::new("?帮助", "? help");
    pub const TAKE_TICKET: T = T::new("F1取号", "F1 ticket");
    pub const CALL_NEXT: T = T::new("F3叫号", "F3 call next");
    pub const NEW_CASE: T = T::new("F4新建办件", "F4 new case");
    pub const CASE_FOR_TICKET: T = T::new("回车新建办件（所选号）", "Enter: new case (the selected ticket's)");
    pub const MY_CASES: T = T::new("F5我的办件", "F5 my cases");
    pub const DUE: T = T::new("F6到期", "F6 due");
    pub const MISSED_PLEDGES: T = T::new("F7容缺逾期", "F7 missed pledges");
    pub const CALLBACKS: T = T::new("F8回访", "F8 callbacks");
    pub const SEARCH: T = T::new("F9查询", "F9 search");
    pub const APPOINTMENTS: T = T::new("Y预约", "Y appointments");
    pub const LOGOUT: T = T::new("F10退出登录", "F10 log out");
    pub const REPORTS: T = T::new("F11报表", "F11 reports");
    pub const QUIT: T = T::new("F12 关闭程序", "F12 quit");

    pub const CHOOSE: T = T::new("上下键选择", "Arrows: choose");
    pub const OPEN: T = T::new("回车打开", "Enter: open");
    pub const ENQUIRY: T = T::new("Z咨询登记", "Z log an enquiry");
    pub const FIRST_RECEIVED: T = T::new("F4我首问的", "F4 first received by me");
    pub const INCOMING: T = T::new("F6待我接收", "F6 handed to me");
    pub const BACK_TO_MINE: T = T::new("F5我的办件", "F5 my cases");
    pub const ACCEPT_HANDOFF: T = T::new("F4接收所选", "F4 take the selected");
    pub const DECLINE_HANDOFF: T = T::new("F7退回所选", "F7 decline the selected");
    pub const DECLINE_HANDOFF_CASE: T = T::new("X退回移交", "X decline the hand-off");
    pub const WITHDRAW_HANDOFF: T = T::new("W撤回移交", "W withdraw my hand-off");
    pub const OPEN_TASK: T = T::new("回车打开回访", "Enter: open the task");
    pub const REACHED: T = T::new("F5已联系上", "F5 reached");
    pub const NOT_REACHED: T = T::new("F6未联系上", "F6 not reached");
    pub const REMEDY: T = T::new("F7记录整改", "F7 remedy");
    pub const BACK_TO_TASKS: T = T::new("Esc返回回访列表", "Esc back to the list");
    pub const PLEDGE_CHECKS: T = T::new("H承诺核查", "H pledge checks");
    pub const CHECK_TRUE: T = T::new("1属实", "1 true");
    pub const CHECK_FALSE: T = T::new("2不实", "2 false");
    pub const DONE_CHECKS: T = T::new("V已完成的核查", "V finished checks");
    pub const OPEN_CHECKS: T = T::new("V待核查", "V open checks");
    pub const MARKS: T = T::new("X失信标记", "X credit marks");
    pub const ADD_MARK: T = T::new("A录入", "A add");
    pub const LIFT_MARK: T = T::new("L解除", "L lift");
    pub const LIFTED_MARKS: T = T::new("V含已解除", "V with lifted");
    pub const HOME: T = T::new("Esc首页", "Esc: home");
    pub const ENTER_HOME: T = T::new("回车首页", "Enter: home");

    pub const NEXT_FIELD: T = T::new("Tab/上下键换栏", "Tab/arrows: field");
    pub const SAVE: T = T::new("回车保存", "Enter: save");
    pub const MATERIALS_FORM: T = T::new("F4材料核验", "F4: materials");
    pub const BACK_TO_CASE_FORM: T = T::new("Esc办件", "Esc: case");
    pub const HOLDER_PAGE: T = T::new("F3持证人页面", "F3: holder page");
    pub const KEEP_CREDIT_CODE: T = T::new("F8 确认保留此信用代码", "F8 keep this credit code anyway");

    pub const PROVIDED: T = T::new("1已提供", "1 provided");
    pub const MISSING: T = T::new("2缺少", "2 missing");
    pub const DEFECTIVE: T = T::new("3有误", "3 defective");
    pub const PLEDGE: T = T::new("4承诺", "4 pledge");
    pub const ACCEPT: T = T::new("F5受理", "F5 accept");
    pub const ACCEPT_DEFICIENT: T = T::new("F6容缺受理", "F6 accept, items owed");
    pub const NOTICE: T = T::new("F7一次性告知", "F7 notice");
    pub const REFUSE: T = T::new("F8不予受理", "F8 refuse");
    pub const BACK_TO_CASE: T = T::new("Esc办件", "Esc case");
    pub const OVERRIDE: T = T::new("F9 请主管批准补充告知", "F9 supervisor override");

    pub const CASE_TIME: T = T::new("T时限", "T time limits");
    pub const NOTICES_OWED: T = T::new("G待告知", "G notices owed");
    pub const SPOT_CORRECTED: T = T::new("5当场更正", "5 corrected on the spot");
    pub const GRANT: T = T::new("F5准予许可", "F5 grant");
    pub const DENY: T = T::new("F6不予许可", "F6 deny");
    pub const EXTEND: T = T::new("F7延期", "F7 extend");
    pub const STOP_CLOCK: T = T::new("F8中止计时", "F8 stop clock");
    pub const RESUME_CLOCK: T = T::new("F9恢复计时", "F9 resume clock");
    pub const DELIVER: T = T::new("F11送达", "F11 delivered");
    pub const MATERIALS: T = T::new("F4材料", "F4 materials");
    pub const PRINT_NOTICE: T = T::new("F5打印告知书", "F5 print notice");
    pub const PRINT_PLEDGE: T = T::new("F6打印承诺书", "F6 print pledge");
    pub const PRINT_RECEIPT: T = T::new("F7打印回执", "F7 print receipt");
    pub const PRINT_ACCEPTANCE: T = T::new("A受理通知书", "A acceptance notice");
    pub const PRINT_REFUSAL: T = T::new("R不予受理决定书", "R refusal");
    pub const PRINT_EXTENSION: T = T::new("E延期告知书", "E extension notice");
    pub const PRINT_SPECIAL: T = T::new("S特别程序告知书", "S special procedure");
    pub const PRINT_DENIAL: T = T::new("N不予许可决定书", "N denial");
    pub const PRINT_SERVICE: T = T::new("D送达回证", "D proof of service");
    pub const REPRINT_A4: T = T::new("P补打A4", "P reprint A4");
    pub const NEXT_STAGE: T = T::new("F8下一环节", "F8 next stage");
    pub const HAND_OFF: T = T::new("F9移交", "F9 hand off");
    pub const RATING: T = T::new("F11请评价", "F11 rating");
    pub const POST_ADDRESS: T = T::new("F1邮寄地址", "F1 post address");
    pub const TRACKING: T = T::new("F3邮件单号", "F3 tracking no.");
    pub const CASE_HOME: T = T::new("Esc首页", "Esc home");

    pub const OPEN_CASE: T = T::new("回车打开办件", "Enter: open case");

    pub const CHOOSE_CERT: T = T::new("上下键选择证书", "Arrows: certificate");
    pub const PRINT_CERT_SLIP: T = T::new("F5代打证书凭条", "F5 print its slip for the holder");
    pub const PRINT_REMINDER: T = T::new("F6打印复审提醒", "F6 print a review reminder");
    pub const BACK_TO_FORM: T = T::new("Esc返回来访登记", "Esc back to the visitor form");

    pub const ARRIVED: T = T::new("回车到达取号", "Enter: arrived, give a ticket");
    pub const BOOK: T = T::new("F1新建预约", "F1: book");
    pub const CANCEL_APPOINTMENT: T = T::new("F8取消预约", "F8: cancel");
    pub const BOOK_IT: T = T::new("回车预约", "Enter: book");
    pub const BOOK_BACK: T =
        T::new("Esc返回（周末或17:30以后为延时服务）", "Esc: back (weekends and from 17:30: extended hours)");
    pub const PICK_BACK_TO_APPOINTMENTS: T = T::new("Esc返回预约", "Esc: appointments");

    pub const TABS: T = T::new("F5-F8换表", "F5-F8 report");
    pub const DAYS_7: T = T::new("1近7天", "1: 7 days");
    pub const DAYS_30: T = T::new("2近30天", "2: 30");
    pub const DAYS_90: T = T::new("3近90天", "3: 90");
    pub const DAYS_365: T = T::new("4近一年", "4: a year");
    pub const TYPE_PERIOD: T = T::new("F9输入期间", "F9 type a period");
    pub const SCROLL: T = T::new("上下键翻看", "arrows: scroll");

    /// Every label (for the width check).
    pub const ALL: &[T] = &[
        LOGIN_HINT,
        HELP_F1,
        HELP_MARK,
        TAKE_TICKET,
        CALL_NEXT,
        NEW_CASE,
        CASE_FOR_TICKET,
        MY_CASES,
        DUE,
        MISSED_PLEDGES,
        CALLBACKS,
        SEARCH,
        APPOINTMENTS,
        LOGOUT,
        REPORTS,
        QUIT,
        CHOOSE,
        OPEN,
        HOME,
        ENTER_HOME,
        NEXT_FIELD,
        SAVE,
        MATERIALS_FORM,
        BACK_TO_CASE_FORM,
        HOLDER_PAGE,
        KEEP_CREDIT_CODE,
        PROVIDED,
        MISSING,
        DEFECTIVE,
        PLEDGE,
        ACCEPT,
        ACCEPT_DEFICIENT,
        NOTICE,
        REFUSE,
        BACK_TO_CASE,
        OVERRIDE,
        MATERIALS,
        PRINT_NOTICE,
        PRINT_PLEDGE,
        PRINT_RECEIPT,
        PRINT_ACCEPTANCE,
        PRINT_REFUSAL,
        PRINT_EXTENSION,
        PRINT_SPECIAL,
        PRINT_DENIAL,
        PRINT_SERVICE,
        REPRINT_A4,
        NEXT_STAGE,
        HAND_OFF,
        RATING,
        POST_ADDRESS,
        TRACKING,
        CASE_HOME,
        OPEN_CASE,
        CHOOSE_CERT,
        PRINT_CERT_SLIP,
        PRINT_REMINDER,
        BACK_TO_FORM,
        ARRIVED,
        BOOK,
        CANCEL_APPOINTMENT,
        BOOK_IT,
        BOOK_BACK,
        PICK_BACK_TO_APPOINTMENTS,
        TABS,
        DAYS_7,
        DAYS_30,
        DAYS_90,
        DAYS_365,
        TYPE_PERIOD,
        SCROLL,
        CASE_TIME,
        NOTICES_OWED,
        SPOT_CORRECTED,
        GRANT,
        DENY,
        EXTEND,
        STOP_CLOCK,
        RESUME_CLOCK,
        DELIVER,
        ENQUIRY,
        FIRST_RECEIVED,
        INCOMING,
        BACK_TO_MINE,
        ACCEPT_HANDOFF,
        DECLINE_HANDOFF,
        DECLINE_HANDOFF_CASE,
        WITHDRAW_HANDOFF,
        OPEN_TASK,
        REACHED,
        NOT_REACHED,
        REMEDY,
        BACK_TO_TASKS,
        PLEDGE_CHECKS,
        CHECK_TRUE,
        CHECK_FALSE,
        DONE_CHECKS,
        OPEN_CHECKS,
        MARKS,
        ADD_MARK,
        LIFT_MARK,
        LIFTED_MARKS,
    ];
}

/// The table of the desk's current screen, in key-bar order (each screen's own file under
/// `screens/` declares it).
pub fn table(d: &Desk) -> Vec<Command> {
    use super::screens as s;
    let mut t = match &d.screen {
        Screen::Login { .. } => return vec![row(Key::Hint, Cmd::Hint, labels::LOGIN_HINT)],
        Screen::Home { .. } => s::home::commands(d),
        Screen::PickMatter { book, .. } => s::pick_matter::commands(*book),
        Screen::Tasks { .. } => s::tasks::commands(),
        Screen::Checks { done, .. } => s::checks::commands(*done),
        Screen::Marks { .. } => s::marks::commands(),
        Screen::Task { .. } => s::task::commands(d),
        Screen::Intake { .. } => s::intake::commands(d),
        Screen::Checklist { .. } => s::checklist::commands(d),
        Screen::Case { .. } => s::case::commands(d),
        Screen::List { .. } => s::list::commands(d),
        Screen::Holder { .. } => s::holder::commands(d),
        Screen::Appointments { .. } => s::appointments::commands(),
        Screen::Holders { .. } => s::holders::commands(d),
        Screen::Book { .. } => s::book::commands(),
        Screen::Reports(_) => s::reports::commands(),
        Screen::CaseTime { .. } => s::case_time::commands(),
        Screen::NoticesOwed { .. } => s::case_time::owed_commands(),
    };
    // F10 logs out from every signed-in screen; the queue shows it.
    if !t.iter().any(|c| c.cmd == Cmd::Logout) {
        t.push(row(Key::F(10), Cmd::Logout, labels::LOGOUT).hidden());
    }
    // The help (off the bar, so the bar keeps its room): F1 where the screen gives F1 nothing
    // else, `?` where no text is typed (on the forms a `?` is a character of the field).
    if !t.iter().any(|c| c.key == Key::F(1)) {
        t.push(row(Key::F(1), Cmd::Help, labels::HELP_F1).hidden());
    }
    let types_text = matches!(d.screen, Screen::Intake { .. } | Screen::Book { .. });
    if !types_text && !t.iter().any(|c| c.key == Key::Char('?')) {
        t.push(row(Key::Char('?'), Cmd::Help, labels::HELP_MARK).hidden());
    }
    t
}

/// The enabled row a key or click gives, if any (what `update` carries out).
pub fn resolve(d: &Desk, action: &Action) -> Option<Command> {
    table(d).into_iter().find(|c| c.enabled && c.key.gives(action))
}

/// Whether function key `n` does anything on the current screen (F2, the language, always).
pub fn f_key_enabled(d: &Desk, n: u8) -> bool {
    n == 2 || table(d).iter().any(|c| c.enabled && c.key == Key::F(n))
}

/// The key bar's items in order: the enabled rows shown on the bar, hints included.
pub fn bar(d: &Desk) -> Vec<Command> {
    table(d).into_iter().filter(|c| c.enabled && c.bar).collect()
}

/// The help of the current screen (`help.rs` draws it): one line per enabled command with a key
/// (hints left out), in the table's order.
pub fn help(d: &Desk, lang: Lang) -> Vec<&'static str> {
    table(d).into_iter().filter(|c| c.enabled && c.key != Key::Hint).map(|c| c.label.t(lang)).collect()
}

/// The lines the help page shows: `help`'s, each with its key named in front where the label
/// does not begin with it (the reports' tabs are labelled by their names, drawn on the page).
pub fn help_lines(d: &Desk, lang: Lang) -> Vec<String> {
    table(d)
        .into_iter()
        .filter(|c| c.enabled && c.key != Key::Hint)
        .map(|c| {
            let label = c.label.t(lang);
            match c.key.name(lang) {
                Some(k) if !c.key.named_by(label) => format!("{k} {label}"),
                _ => label.to_string(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_have_no_ambiguous_width_chars() {
        for t in labels::ALL {
            for s in [t.zh, t.en] {
                assert!(!s.chars().any(crate::app::strings::ambiguous), "{s:?}");
            }
        }
    }

    #[test]
    fn keys_give_their_actions() {
        assert_eq!(Key::F(2).action(), Some(Action::ToggleLang));
        assert_eq!(Key::F(7).action(), Some(Action::Command(7)));
        assert!(Key::Char('y').gives(&Action::Input('Y')));
        assert!(!Key::Char('y').gives(&Action::Input('x')));
        assert!(!Key::Hint.gives(&Action::Submit));
        assert_eq!(Key::Hint.action(), None);
    }

    #[test]
    fn a_label_names_its_key_only_when_it_begins_with_it() {
        assert!(Key::F(1).named_by("F1取号"));
        assert!(!Key::F(1).named_by("F10退出登录"));
        assert!(Key::F(10).named_by("F10 log out"));
        assert!(!Key::F(5).named_by("好差评"));
        assert!(Key::Enter.named_by("回车打开") && Key::Enter.named_by("Enter: open"));
        assert!(Key::Char('y').named_by("Y预约") && !Key::Char('y').named_by("Z咨询登记"));
        assert!(Key::Char('?').named_by("?帮助"));
        assert!(!Key::Hint.named_by("上下键选择"));
        assert_eq!(Key::Enter.name(Lang::Zh).as_deref(), Some("回车"));
        assert_eq!(Key::Char('g').name(Lang::En).as_deref(), Some("G"));
        assert_eq!(Key::Hint.name(Lang::En), None);
    }
}
