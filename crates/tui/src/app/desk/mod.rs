//! The front desk (issue 7): staff login, today's queue, a case from first contact (首问负责制)
//! through the visitor, the materials checklist and the decision (受理, 容缺受理, 告知承诺,
//! 一次性告知, 不予受理), its printed documents, hand-off and progress with working days left,
//! and the desk's lists. The rules and records live in the intake backend
//! (`service::desk`, `domain::intake`); this mode only asks for them and shows the results.
//!
//! Parts: this file holds the mode's state, the dispatch of `update` to the screens and the
//! shared bits (going home, logging out, moving a list's selection); `screens/` one file per
//! screen (its command table, update, prompt handling, its part of the outcome handler and its
//! drawing); `commands` the command tables' types and what is derived from them; `prompt` the
//! one-line prompt (kinds, typing, handing the text to its screen); `outcome` the dispatch of
//! the answers; `keys` maps events; `layout` places the areas and the key bar (used by `draw`
//! and hit-testing); `draw` the frame (header, status, note, prompt, key bar); `reports/` the
//! reports page, one file per report; `effects` the effects and outcomes; `strings`.

pub mod commands;
pub mod draw;
pub mod hall;
mod help;
pub use certdesk_protocol::desk as effects;
pub mod keys;
pub mod layout;
mod outcome;
pub mod prompt;
pub mod reports;
pub mod roles_text;
pub mod screens;
pub mod stage_prompt;
pub mod strings;
pub mod time_strings;

pub use effects::{BookForm, CaseLine, Decided, Doc, Effect, Known, ListKind, Outcome, Problem, Secret, VisitorForm};
pub use effects::{HolderHit, TicketSlip};

use super::staff::{self, StaffSession};
use super::{Action, Mode, Step, Switch, Target};
use crate::clock::Clock;
use crate::config::Lang;
use crate::domain::intake::CheckItem;
use crate::domain::loops::LoopTask;
use crate::domain::matters::Matters;
use crate::domain::records::{Appointment, CaseId, CaseRecord, Ticket, TicketId};
use crossterm::event::Event;
use ratatui::{layout::Rect, Frame};
use std::time::{Duration, Instant};

type Effects = Vec<super::Effect>;
use commands::Cmd;

/// Longest text kept in a desk field.
pub const MAX_FIELD: usize = 200;

#[derive(Clone)]
pub struct DeskSettings {
    pub bureau: String,
    pub idle: Duration,
    pub clock: Clock,
    /// This counter's number (for calling tickets).
    pub counter: u32,
    pub matters: Matters,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginField {
    Id,
    Pin,
}

pub use prompt::{IdRule, Prompt, PromptKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Login {
        field: LoginField,
        staff_id: String,
        pin: String,
    },
    Home {
        queue: Vec<Ticket>,
        selected: usize,
    },
    /// Choose the matter of a new case (`book`: of a new appointment).
    PickMatter {
        selected: usize,
        ticket: Option<TicketId>,
        book: bool,
    },
    Intake {
        case: CaseRecord,
        form: VisitorForm,
        field: usize,
        known: Option<Option<Known>>,
    },
    Checklist {
        case: CaseRecord,
        items: Vec<CheckItem>,
        selected: usize,
    },
    Case {
        line: CaseLine,
    },
    List {
        kind: ListKind,
        cases: Vec<CaseLine>,
        known: Option<Known>,
        selected: usize,
    },
    /// F8: bad ratings' follow-ups and callbacks, one list (`screens/tasks.rs`).
    Tasks {
        followups: Vec<LoopTask>,
        callbacks: Vec<LoopTask>,
        selected: usize,
    },
    /// H on the queue: the open 事中事后核查 of 告知承诺 (`screens/checks.rs`); `done`: the
    /// finished ones instead, with their results.
    Checks {
        checks: Vec<crate::domain::pledge::PledgeCheck>,
        done: bool,
        selected: usize,
    },
    /// X on the queue: 失信 marks (`screens/marks.rs`); `lifted`: the lifted ones too.
    Marks {
        marks: Vec<crate::domain::credit::MarkRecord>,
        lifted: bool,
        selected: usize,
    },
    /// One callback or follow-up opened from the list (`screens/task.rs`).
    Task {
        task: LoopTask,
    },
    /// F11 on the queue: reports and the reminder list.
    Reports(Box<reports::ReportsView>),
    /// A registered holder's page: certificates with status and next step, staff-assisted
    /// prints (the certificate slip, a review reminder). Reached from a search (Esc goes to the
    /// queue) or from the visitor form's known-holder block (`back`: the form as it was, which
    /// Esc brings back with everything typed in it).
    Holder {
        known: Known,
        selected: usize,
        back: Option<Box<Screen>>,
    },
    /// Today's appointments and the coming ones (预约服务).
    Appointments {
        list: Vec<Appointment>,
        selected: usize,
    },
    /// A case's time under the 行政许可法 (`screens/case_time.rs`).
    CaseTime {
        line: CaseLine,
    },
    /// The cases owed a one-time notice (第三十二条).
    NoticesOwed {
        list: Vec<certdesk_protocol::desk_time::NoticeOwed>,
        selected: usize,
    },
    /// Holders found by name or employer, with the cases the same search found (`screens/holders.rs`).
    Holders {
        hits: Vec<HolderHit>,
        cases: Vec<CaseLine>,
        selected: usize,
    },
    /// Booking an appointment for `matter`: date, slot, name, phone, enterprise.
    Book {
        matter: String,
        fields: [String; BOOK_FIELDS],
        field: usize,
    },
}

/// Fields of the booking form: date (YYYY-MM-DD), slot (HH:MM), name, phone, enterprise.
pub const BOOK_FIELDS: usize = 5;

/// A line of feedback under the screen: the last result or problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    TicketTaken(String),
    /// The ticket was taken but its slip did not print (the job is kept).
    TicketNotPrinted {
        label: String,
        serial: u64,
        fault: super::kiosk::PrinterFault,
    },
    Called(String),
    Decided(Decided),
    Printed {
        doc: Doc,
        serial: u64,
        fault: Option<super::kiosk::PrinterFault>,
    },
    /// An A4 document issued and sent to the A4 printer; `fault`: it did not take the job,
    /// which is kept for a reprint.
    PrintedA4 {
        title: String,
        number: String,
        job: u64,
        fault: Option<String>,
    },
    HandedOff,
    /// I took a hand-off: the case is mine.
    HandOffAccepted,
    /// The pending hand-off was declined by me (`declined`) or withdrawn by me.
    HandOffClosed {
        declined: bool,
    },
    /// An enquiry was logged (咨询、引导、转办).
    EnquiryLogged(crate::domain::first_contact::EnquiryKind),
    /// The case moved on to this stage.
    StageMoved(crate::domain::intake::CaseState),
    /// F8 asks to confirm the move from one stage to the next.
    StageConfirm {
        from: crate::domain::intake::CaseState,
        to: crate::domain::intake::CaseState,
    },
    RatingRequested(u32),
    /// Booked for that day and slot; `extended`: a weekend or after-hours slot (延时服务).
    Booked {
        day: chrono::NaiveDate,
        slot: String,
        extended: bool,
    },
    /// An appointment's visitor arrived and has this ticket.
    Arrived(String),
    /// The appointment of that day and slot is cancelled (the slot is free again).
    AppointmentCancelled {
        day: chrono::NaiveDate,
        slot: String,
    },
    /// Free post recorded: the address, or the tracking number (`sent`).
    Posted {
        sent: bool,
    },
    /// A contact or 整改 recorded; `closed`: the task is done.
    TaskSaved {
        closed: bool,
    },
    LoginDenied,
    LoginLocked(u32),
    Problem(Problem),
    /// A case's time step done, or its prompt's input refused.
    Time(screens::case_time::TimeNote),
    /// A pledge printed or confirmed, a 核查 finding recorded (`screens/pledge.rs`).
    Pledge(screens::pledge::PledgeNote),
}

pub struct Desk {
    pub screen: Screen,
    pub lang: Lang,
    pub default_lang: Lang,
    pub settings: DeskSettings,
    pub staff: Option<StaffSession>,
    /// Started from the kiosk's staff key: logout and idle return to the kiosk.
    pub from_kiosk: bool,
    pub prompt: Option<Prompt>,
    pub note: Option<Note>,
    /// The preview of the last printed document (shown beside the case).
    pub preview: Option<String>,
    /// A later notice was refused for items outside the first notice: F9 asks a supervisor.
    pub override_items: Option<Vec<String>>,
    /// The 失信 marks in force on the applicant of the case on the visitor form.
    pub intake_marks: Option<(crate::domain::records::CaseId, Vec<crate::domain::intake::CreditMark>)>,
    last_input: Instant,
    /// The help of the current screen is open over it (`help.rs`); any key or click closes it.
    pub help: bool,
}

pub const INTAKE_FIELDS: usize = 5;

fn login_screen() -> Screen {
    Screen::Login { field: LoginField::Id, staff_id: String::new(), pin: String::new() }
}

impl Desk {
    /// The desk at its login screen (`certdesk desk`).
    pub fn login(settings: DeskSettings, lang: Lang, now: Instant) -> Desk {
        Desk {
            screen: login_screen(),
            lang,
            default_lang: lang,
            settings,
            staff: None,
            from_kiosk: false,
            prompt: None,
            note: None,
            preview: None,
            override_items: None,
            intake_marks: None,
            last_input: now,
            help: false,
        }
    }

    /// The desk for a staff member already signed in (from the kiosk's staff key).
    pub fn signed_in(settings: DeskSettings, lang: Lang, staff: StaffSession, from_kiosk: bool, now: Instant) -> Desk {
        let mut d = Desk::login(settings, lang, now);
        d.staff = Some(staff);
        d.from_kiosk = from_kiosk;
        d.screen = Screen::Home { queue: vec![], selected: 0 };
        d
    }

    fn ask(&mut self, e: Effect) -> Effects {
        vec![super::Effect::Desk(e)]
    }

    fn go_home(&mut self) -> Effects {
        self.prompt = None;
        self.override_items = None;
        self.preview = None;
        self.screen = Screen::Home { queue: vec![], selected: 0 };
        self.ask(Effect::Queue)
    }

    /// End the staff session: back to the kiosk, or to the login screen.
    fn logout(&mut self, why: &'static str) -> Step {
        let _ = why;
        let mut fx = vec![];
        if let Some(s) = self.staff.take() {
            fx.push(super::Effect::Staff(staff::Effect::Logout { staff_id: s.staff_id }));
        }
        self.prompt = None;
        self.note = None;
        self.preview = None;
        self.override_items = None;
        self.help = false;
        self.lang = self.default_lang;
        self.screen = login_screen();
        Step::then(fx, self.from_kiosk.then_some(Switch::To(Target::Kiosk)))
    }

    fn matter_codes(&self) -> Vec<String> {
        self.settings.matters.matters.iter().map(|m| m.code.clone()).collect()
    }

    fn case_id(&self) -> Option<CaseId> {
        match &self.screen {
            Screen::Intake { case, .. } | Screen::Checklist { case, .. } => Some(case.id),
            Screen::Case { line } | Screen::CaseTime { line } => Some(line.case.id),
            _ => None,
        }
    }

    fn list_len(&self) -> usize {
        match &self.screen {
            Screen::Home { queue, .. } => queue.len(),
            Screen::PickMatter { .. } => self.settings.matters.matters.len(),
            Screen::Checklist { items, .. } => items.len(),
            Screen::List { cases, .. } => cases.len(),
            Screen::Holder { known, .. } => known.certificates.len(),
            Screen::Appointments { list, .. } => list.len(),
            Screen::NoticesOwed { list, .. } => list.len(),
            Screen::Tasks { followups, callbacks, .. } => followups.len() + callbacks.len(),
            Screen::Checks { checks, .. } => checks.len(),
            Screen::Marks { marks, .. } => marks.len(),
            Screen::Holders { hits, .. } => hits.len(),
            _ => 0,
        }
    }

    fn move_selection(&mut self, down: bool, to: Option<usize>) {
        let n = self.list_len();
        let sel = match &mut self.screen {
            Screen::Home { selected, .. }
            | Screen::PickMatter { selected, .. }
            | Screen::Checklist { selected, .. }
            | Screen::List { selected, .. }
            | Screen::Holder { selected, .. }
            | Screen::Appointments { selected, .. }
            | Screen::NoticesOwed { selected, .. } => selected,
            Screen::Tasks { selected, .. } => selected,
            Screen::Checks { selected, .. } | Screen::Marks { selected, .. } => selected,
            Screen::Holders { selected, .. } => selected,
            _ => return,
        };
        match to {
            Some(i) if i < n => *sel = i,
            Some(_) => {}
            None if down && *sel + 1 < n => *sel += 1,
            None if !down && *sel > 0 => *sel -= 1,
            None => {}
        }
    }

    fn update_signed_in(&mut self, action: Action, cmd: Option<Cmd>) -> Step {
        match cmd {
            Some(Cmd::Help) => {
                self.help = true;
                return Step::default();
            }
            Some(Cmd::Logout) => return self.logout("logout"),
            // Staff closes the whole program (the kiosk's "leave" path, now through the desk).
            Some(Cmd::Quit) => return Step::switch(Switch::Exit),
            _ => {}
        }
        match action {
            Action::Up => self.move_selection(false, None),
            Action::Down => self.move_selection(true, None),
            Action::Select(i) => self.move_selection(true, Some(i)),
            _ => {}
        }
        let fx = match &self.screen {
            Screen::Login { .. } => vec![],
            Screen::Home { .. } => screens::home::update(self, cmd),
            Screen::PickMatter { .. } => screens::pick_matter::update(self, cmd),
            Screen::Intake { .. } => screens::intake::update(self, action, cmd),
            Screen::Checklist { .. } => screens::checklist::update(self, cmd),
            Screen::Case { .. } => screens::case::update(self, cmd),
            Screen::List { .. } => screens::list::update(self, cmd),
            Screen::Holder { .. } => screens::holder::update(self, cmd),
            Screen::Appointments { .. } => screens::appointments::update(self, cmd),
            Screen::Holders { .. } => screens::holders::update(self, cmd),
            Screen::Book { .. } => screens::book::update(self, action, cmd),
            Screen::Tasks { .. } => screens::tasks::update(self, cmd),
            Screen::Checks { .. } => screens::checks::update(self, cmd),
            Screen::Marks { .. } => screens::marks::update(self, cmd),
            Screen::Task { .. } => screens::task::update(self, cmd),
            Screen::Reports(_) => screens::reports::update(self, action, cmd),
            Screen::CaseTime { .. } => screens::case_time::update(self, cmd),
            Screen::NoticesOwed { .. } => screens::case_time::owed_update(self, cmd),
        };
        fx.into()
    }
}

impl Mode for Desk {
    /// A signed-in desk starts by loading today's queue.
    fn start(&mut self) -> Effects {
        if self.staff.is_some() {
            self.ask(Effect::Queue)
        } else {
            vec![]
        }
    }

    fn map_event(&self, ev: &Event, area: Rect) -> Option<Action> {
        keys::map_event(self, ev, area)
    }

    /// Idle: a signed-in desk logs out once nothing is in flight (the runtime's count: an
    /// answer being waited for is not idleness); a desk from the kiosk nobody signed in to goes
    /// back to the kiosk.
    fn tick(&mut self, now: Instant, shell: &super::Shell) -> Step {
        let idle = now.saturating_duration_since(self.last_input) >= self.settings.idle;
        if idle && self.staff.is_some() && shell.in_flight == 0 {
            return self.logout("idle timeout");
        }
        if idle && self.from_kiosk && self.staff.is_none() {
            return Step::switch(Switch::To(Target::Kiosk));
        }
        Step::default()
    }

    fn update(&mut self, action: Action, now: Instant) -> Step {
        if action == Action::Tick {
            // A tick outside the runtime: nothing is in flight that the desk knows of.
            return self.tick(now, &super::Shell::default());
        }
        self.last_input = now;
        if action == Action::ToggleLang {
            self.lang = super::strings::toggle(self.lang);
            return Step::default();
        }
        if self.prompt.is_some() {
            return self.update_prompt(action).into();
        }
        if self.help {
            // Any key or click closes the help; it does nothing else.
            self.help = false;
            return Step::default();
        }
        // The command of the screen's table this key or click gives, resolved before the result
        // line goes (F8 on the visitor form is offered while the line shows the credit check).
        let cmd = commands::resolve(self, &action).map(|c| c.cmd);
        if matches!(action, Action::Submit | Action::Command(_)) {
            // A new step: the previous result line goes.
            self.note = None;
        }
        if self.staff.is_none() {
            // Back on the login screen of a desk the kiosk's staff key opened: to the kiosk.
            let back = action == Action::Back && self.from_kiosk;
            let fx = screens::login::update(self, action);
            return Step::then(fx, back.then_some(Switch::To(Target::Kiosk)));
        }
        self.update_signed_in(action, cmd)
    }

    fn on_outcome(&mut self, outcome: super::Outcome, now: Instant) -> Step {
        use super::Outcome as O;
        // The database answering again is news from the worker, not the reply to an effect
        // (the runtime ends its outage banner).
        if outcome == O::Restored {
            return Step::default();
        }
        self.last_input = now;
        let fx = match outcome {
            // Verifier results never reach the desk (another mode's runtime).
            O::Verifier(_) => vec![],
            O::Desk(o) => self.on_desk_outcome(*o),
            O::Staff(staff::Outcome::Accepted(s)) if self.staff.is_none() => {
                self.staff = Some(s);
                self.note = None;
                self.go_home()
            }
            O::Staff(staff::Outcome::Denied) => {
                self.note = Some(Note::LoginDenied);
                vec![]
            }
            O::Staff(staff::Outcome::Locked { minutes }) => {
                self.note = Some(Note::LoginLocked(minutes));
                vec![]
            }
            O::Staff(_) => vec![],
            // The outage banner says it all; the form and the screen stay as they are.
            O::Unavailable => vec![],
            O::ServiceError | O::OutOfService => {
                self.note = Some(Note::Problem(Problem::Service));
                vec![]
            }
            O::Kiosk(_) | O::Rating(_) | O::Display(_) | O::Restored => vec![],
        };
        fx.into()
    }

    fn draw(&self, frame: &mut Frame) {
        draw::draw(self, frame, &super::Shell::default());
    }

    fn draw_in(&self, frame: &mut Frame, shell: &super::Shell) {
        draw::draw(self, frame, shell);
    }

    /// The runtime's outage banner goes in the result line's place (the line waits under it);
    /// screens and forms stay as they are.
    fn banner(&self, area: Rect) -> Option<(Rect, Lang)> {
        Some((layout::layout(self, area).note, self.lang))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
