//! The front desk (issue 7): staff login, today's queue, a case from first contact (首问负责制)
//! through the visitor, the materials checklist and the decision (受理, 容缺受理, 告知承诺,
//! 一次性告知, 不予受理), its printed documents, hand-off and progress with working days left,
//! and the desk's lists. The rules and records live in the intake backend
//! (`service::desk`, `domain::intake`); this mode only asks for them and shows the results.
//!
//! Parts: this file holds the state, the prompts, the login and the dispatch of `update`;
//! `commands` the command tables' types (each screen's table and update are in `screens/`);
//! `keys` maps events; `layout` places the areas and the key bar (used by `draw` and
//! hit-testing); `draw` paints; `effects` the effects and outcomes; `strings`.

pub mod commands;
pub mod draw;
pub mod hall;
pub use certdesk_protocol::desk as effects;
pub mod keys;
pub mod layout;
pub mod outage;
pub mod reports;
pub mod roles_text;
pub mod screens;
pub mod stage_prompt;
pub mod strings;
pub mod time_strings;

pub use effects::{BookForm, CaseLine, Decided, Doc, Effect, Known, ListKind, Outcome, Problem, Secret, VisitorForm};
pub use effects::{HolderHit, TicketSlip};

use super::staff::{self, Purpose, StaffSession};
use super::{Action, Mode, Switch, Target};
use crate::clock::Clock;
use crate::config::Lang;
use crate::domain::intake::{CheckItem, MaterialState};
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

/// A one-line text prompt over the current screen (what is wrong, a date, a reason...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    Defect {
        material: String,
    },
    PledgeDue,
    RefuseReason,
    HandOffTo,
    HandOffWhy {
        to: String,
    },
    Search,
    /// The reports page's period (`reports.rs`).
    ReportPeriod,
    /// A later notice beyond the first one: why (written to the audit log), then the
    /// supervisor signs on the spot with staff number and PIN.
    OverrideReason,
    OverrideSupervisor {
        reason: String,
    },
    OverridePin {
        reason: String,
        supervisor: String,
    },
    /// Free post: the address, then (when sent) the tracking number.
    PostAddress,
    Tracking,
    /// Why this booked appointment is cancelled (kept with it and in the audit log).
    CancelReason {
        appointment: i64,
    },
    /// A case's time: decision, extension, stops, delivery, 当场更正, competent authority
    /// (`screens/case_time.rs`).
    Time(screens::case_time::TimePrompt),
    /// The prompts of a callback or follow-up (`screens/task.rs`).
    Loop(screens::task::LoopPrompt),
    /// The prompts of an enquiry (咨询、引导、转办, `screens/enquiry.rs`).
    Enquiry(screens::enquiry::EnquiryStep),
    /// A stage change: its confirmation, or the supervisor's override for 办结 (`stage_prompt`).
    Stage(stage_prompt::StagePrompt),
}

/// What a prompt does with an ID number typed into it (SPEC §6: raw ID numbers live only in
/// the registry). One rule for every prompt, by what its text is:
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdRule {
    /// A look-up (search): the number is how the holder is found; it goes to the query only,
    /// and is never stored or shown.
    Lookup,
    /// Prose (a defect note, a reason): the sentence still says what it means with the number
    /// masked, and it is shown, printed, stored and audited masked.
    Mask,
    /// A field that names something else (a postal address, a tracking number, a staff
    /// number): an ID number there was typed or scanned into the wrong field, and a masked copy
    /// would be a wrong address or number. Refused with a clear message; the prompt stays open
    /// with the number taken out and everything else kept, for staff to check.
    Refuse,
    /// Parsed (a date, a period) or secret (a PIN): anything else is refused by its parser.
    Parsed,
}

impl PromptKind {
    /// A PIN: shown as stars, printable ASCII only.
    pub fn is_secret(&self) -> bool {
        match self {
            PromptKind::Time(t) => t.is_secret(),
            PromptKind::Stage(s) => s.is_secret(),
            other => matches!(other, PromptKind::OverridePin { .. }),
        }
    }

    pub fn id_rule(&self) -> IdRule {
        match self {
            PromptKind::Search => IdRule::Lookup,
            PromptKind::Defect { .. }
            | PromptKind::RefuseReason
            | PromptKind::HandOffWhy { .. }
            | PromptKind::OverrideReason
            | PromptKind::CancelReason { .. } => IdRule::Mask,
            PromptKind::PostAddress
            | PromptKind::Tracking
            | PromptKind::HandOffTo
            | PromptKind::OverrideSupervisor { .. } => IdRule::Refuse,
            PromptKind::PledgeDue | PromptKind::ReportPeriod | PromptKind::OverridePin { .. } => IdRule::Parsed,
            PromptKind::Time(t) => t.id_rule(),
            PromptKind::Loop(p) if p.is_prose() => IdRule::Mask,
            PromptKind::Loop(_) => IdRule::Parsed,
            PromptKind::Enquiry(s) if s.is_prose() => IdRule::Mask,
            PromptKind::Enquiry(_) => IdRule::Parsed,
            PromptKind::Stage(s) => s.id_rule(),
        }
    }

    /// A staff number goes here (hand-off, supervisor): letters and digits, as at the sign-in.
    fn wants_staff_number(&self) -> bool {
        match self {
            PromptKind::Time(t) => t.wants_staff_number(),
            PromptKind::Stage(s) => s.wants_staff_number(),
            other => matches!(other, PromptKind::HandOffTo | PromptKind::OverrideSupervisor { .. }),
        }
    }
}

/// The longest staff number (as the sign-in takes it).
const MAX_STAFF_NUMBER: usize = 32;

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
    HandedOff,
    /// I took a hand-off: the case is mine.
    HandOffAccepted,
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
    /// Effects sent and not answered yet (the screen says "working").
    pub busy: usize,
    /// The preview of the last printed document (shown beside the case).
    pub preview: Option<String>,
    /// A later notice was refused for items outside the first notice: F9 asks a supervisor.
    pub override_items: Option<Vec<String>>,
    last_input: Instant,
    switch: Option<Switch>,
    /// The hall's database server cannot be reached (until the worker reports it back): the
    /// outage banner shows (`outage.rs`); screens and forms stay as they are.
    outage: bool,
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
            busy: 0,
            preview: None,
            override_items: None,
            last_input: now,
            switch: None,
            outage: false,
        }
    }

    /// Whether the desk is waiting for its database server (the outage banner shows).
    pub fn outage(&self) -> bool {
        self.outage
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
        self.busy += 1;
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
    fn logout(&mut self, why: &'static str) -> Effects {
        let _ = why;
        let mut fx = vec![];
        if let Some(s) = self.staff.take() {
            fx.push(super::Effect::Staff(staff::Effect::Logout { staff_id: s.staff_id }));
        }
        self.prompt = None;
        self.note = None;
        self.preview = None;
        self.override_items = None;
        self.lang = self.default_lang;
        self.screen = login_screen();
        if self.from_kiosk {
            self.switch = Some(Switch::To(Target::Kiosk));
        }
        fx
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

    fn prompt_submit(&mut self, p: Prompt) -> Effects {
        // An ID number in the text: see `IdRule`.
        let text = match p.kind.id_rule() {
            IdRule::Mask => crate::domain::id::mask_in_text(p.input.trim()).into_owned(),
            IdRule::Lookup | IdRule::Parsed => p.input.trim().to_string(),
            IdRule::Refuse => {
                let id = crate::domain::id::mask_in_text(&p.input);
                let rest = crate::domain::id::strip_id_runs(&p.input);
                // A tracking number may be a long run of digits: only a real ID number (checked
                // by its check character) is refused there.
                let refused = if p.kind == PromptKind::Tracking {
                    matches!(id, std::borrow::Cow::Owned(_))
                } else {
                    matches!(id, std::borrow::Cow::Owned(_)) || matches!(rest, std::borrow::Cow::Owned(_))
                };
                if refused {
                    let input = crate::domain::id::strip_id_runs(&p.input).trim().to_string();
                    self.note = Some(Note::Problem(Problem::IdInField));
                    self.prompt = Some(Prompt { kind: p.kind, input });
                    return vec![];
                }
                let t = p.input.trim().to_string();
                let staff_ok = |t: &str| t.len() <= MAX_STAFF_NUMBER && t.chars().all(|c| c.is_ascii_alphanumeric());
                if p.kind.wants_staff_number() && !staff_ok(&t) {
                    // Refused before the PIN is asked: no attempt is spent on it.
                    self.note = Some(Note::Problem(Problem::BadStaffNumber));
                    self.prompt = Some(Prompt { kind: p.kind, input: String::new() });
                    return vec![];
                }
                t
            }
        };
        let case = self.case_id();
        match (p.kind, case) {
            (PromptKind::Defect { material }, Some(case)) => {
                if text.is_empty() {
                    self.note = Some(Note::Problem(Problem::DefectWithoutReason));
                    return vec![];
                }
                self.ask(Effect::Tick { case, material, state: MaterialState::Defective { what: text } })
            }
            (PromptKind::PledgeDue, Some(case)) => match chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
                Ok(pledge_due) => self.ask(Effect::AcceptDeficient { case, pledge_due }),
                Err(_) => {
                    self.note = Some(Note::Problem(Problem::BadDate));
                    vec![]
                }
            },
            (PromptKind::Time(t), _) => {
                let raw = p.input.clone();
                screens::case_time::submit(self, t, text, raw)
            }
            (PromptKind::RefuseReason, Some(_)) if !text.is_empty() => {
                // Then the authority the matter belongs to, if not this bureau's.
                let t = screens::case_time::TimePrompt::Authority { reason: text };
                self.prompt = Some(Prompt { kind: PromptKind::Time(t), input: String::new() });
                vec![]
            }
            (PromptKind::RefuseReason, Some(case)) => {
                if text.is_empty() {
                    self.note = Some(Note::Problem(Problem::NoReason));
                    return vec![];
                }
                self.ask(Effect::Refuse { case, reason: text })
            }
            (PromptKind::HandOffTo, Some(_)) if !text.is_empty() => {
                self.prompt = Some(Prompt { kind: PromptKind::HandOffWhy { to: text }, input: String::new() });
                vec![]
            }
            (PromptKind::HandOffWhy { to }, Some(case)) => {
                if text.is_empty() {
                    self.note = Some(Note::Problem(Problem::NoReason));
                    self.prompt = Some(Prompt { kind: PromptKind::HandOffWhy { to }, input: String::new() });
                    return vec![];
                }
                self.ask(Effect::HandOff { case, to, reason: text })
            }
            (PromptKind::Search, _) if !text.is_empty() => self.ask(Effect::List { kind: ListKind::Search, text }),
            (PromptKind::PostAddress, Some(case)) => {
                if text.is_empty() {
                    self.note = Some(Note::Problem(Problem::NoAddress));
                    return vec![];
                }
                self.ask(Effect::PostAddress { case, address: text })
            }
            (PromptKind::CancelReason { appointment }, _) => {
                if text.is_empty() {
                    self.note = Some(Note::Problem(Problem::NoReason));
                    self.prompt = Some(Prompt { kind: PromptKind::CancelReason { appointment }, input: String::new() });
                    return vec![];
                }
                self.ask(Effect::CancelAppointment { appointment, reason: text })
            }
            (PromptKind::Tracking, Some(case)) if !text.is_empty() => {
                self.ask(Effect::Tracking { case, tracking: text })
            }
            (PromptKind::Loop(lp), _) => screens::task::submit(self, lp, text),
            (PromptKind::Enquiry(step), _) => screens::enquiry::submit(self, step, text),
            (PromptKind::ReportPeriod, _) => {
                let Screen::Reports(v) = &mut self.screen else { return vec![] };
                match reports::set_period(v, &text) {
                    Ok(e) => self.ask(e),
                    Err(e) => {
                        self.note = Some(Note::Problem(Problem::BadPeriod(e)));
                        vec![]
                    }
                }
            }
            (PromptKind::OverrideReason, Some(_)) => {
                if text.is_empty() {
                    self.note = Some(Note::Problem(Problem::NoReason));
                    self.prompt = Some(Prompt { kind: PromptKind::OverrideReason, input: String::new() });
                    return vec![];
                }
                self.prompt =
                    Some(Prompt { kind: PromptKind::OverrideSupervisor { reason: text }, input: String::new() });
                vec![]
            }
            (PromptKind::OverrideSupervisor { reason }, Some(_)) => {
                let kind = if text.is_empty() {
                    PromptKind::OverrideSupervisor { reason }
                } else {
                    PromptKind::OverridePin { reason, supervisor: text }
                };
                self.prompt = Some(Prompt { kind, input: String::new() });
                vec![]
            }
            (PromptKind::OverridePin { reason, supervisor }, Some(case)) => {
                if p.input.is_empty() {
                    self.prompt =
                        Some(Prompt { kind: PromptKind::OverridePin { reason, supervisor }, input: String::new() });
                    return vec![];
                }
                // The PIN as typed (not trimmed): it goes to the check and is not kept.
                self.ask(Effect::NoticeOverride { case, reason, supervisor, pin: Secret(p.input) })
            }
            (PromptKind::Stage(s), Some(case)) => s.submit(self, case, text, p.input),
            _ => vec![],
        }
    }

    fn update_prompt(&mut self, action: Action) -> Effects {
        let Some(p) = self.prompt.as_mut() else { return vec![] };
        match action {
            // A PIN: printable ASCII only, as at the sign-in.
            Action::Input(c) if p.kind.is_secret() && c.is_ascii_graphic() && p.input.len() < 64 => p.input.push(c),
            Action::Input(_) if p.kind.is_secret() => {}
            Action::Input(c) if !c.is_control() && p.input.chars().count() < MAX_FIELD => p.input.push(c),
            Action::Backspace => {
                p.input.pop();
            }
            Action::Back => self.prompt = None,
            Action::Submit => {
                let p = self.prompt.take().expect("prompt");
                return self.prompt_submit(p);
            }
            _ => {}
        }
        vec![]
    }

    fn update_login(&mut self, action: Action) -> Effects {
        let Screen::Login { field, staff_id, pin } = &mut self.screen else { return vec![] };
        match action {
            Action::Input(c) => {
                self.note = None;
                match field {
                    LoginField::Id if c.is_ascii_alphanumeric() && staff_id.len() < 32 => staff_id.push(c),
                    LoginField::Pin if c.is_ascii_graphic() && pin.len() < 64 => pin.push(c),
                    _ => {}
                }
            }
            Action::Backspace => {
                match field {
                    LoginField::Id => staff_id.pop(),
                    LoginField::Pin => pin.pop(),
                };
            }
            Action::Up | Action::PrevField => *field = LoginField::Id,
            Action::Down | Action::NextField => *field = LoginField::Pin,
            Action::Submit => match field {
                LoginField::Id if !staff_id.is_empty() => *field = LoginField::Pin,
                LoginField::Pin if !pin.is_empty() => {
                    let e = staff::Effect::Login {
                        staff_id: std::mem::take(staff_id),
                        pin: std::mem::take(pin),
                        purpose: Purpose::DeskLogin,
                    };
                    *field = LoginField::Id;
                    self.busy += 1;
                    return vec![e.into()];
                }
                _ => {}
            },
            Action::Back => {
                staff_id.clear();
                pin.clear();
                *field = LoginField::Id;
                if self.from_kiosk {
                    self.switch = Some(Switch::To(Target::Kiosk));
                }
            }
            _ => {}
        }
        vec![]
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

    fn update_signed_in(&mut self, action: Action, cmd: Option<Cmd>) -> Effects {
        match cmd {
            Some(Cmd::Logout) => return self.logout("logout"),
            // Staff closes the whole program (the kiosk's "leave" path, now through the desk).
            Some(Cmd::Quit) => {
                self.switch = Some(Switch::Exit);
                return vec![];
            }
            _ => {}
        }
        match action {
            Action::Up => self.move_selection(false, None),
            Action::Down => self.move_selection(true, None),
            Action::Select(i) => self.move_selection(true, Some(i)),
            _ => {}
        }
        match &self.screen {
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
            Screen::Task { .. } => screens::task::update(self, cmd),
            Screen::Reports(_) => screens::reports::update(self, action, cmd),
            Screen::CaseTime { .. } => screens::case_time::update(self, cmd),
            Screen::NoticesOwed { .. } => screens::case_time::owed_update(self, cmd),
        }
    }

    fn on_desk_outcome(&mut self, o: Outcome) -> Effects {
        // A pending override survives only a failed supervisor check (to try again).
        if !matches!(o, Outcome::Problem(Problem::NotSupervisor | Problem::SupervisorLocked(_) | Problem::NoReason)) {
            self.override_items = None;
        }
        match o {
            Outcome::Queue(queue) => {
                if let Screen::Home { queue: q, selected } = &mut self.screen {
                    *selected = (*selected).min(queue.len().saturating_sub(1));
                    *q = queue;
                }
            }
            Outcome::TicketPrinted(s) => return hall::ticket_printed(self, s),
            Outcome::Holders { hits, cases } => self.screen = Screen::Holders { hits, cases, selected: 0 },
            Outcome::TicketTaken(t) => {
                self.note = Some(Note::TicketTaken(t.label));
                return self.ask(Effect::Queue);
            }
            Outcome::Called(Some(t)) => {
                self.note = Some(Note::Called(t.label.clone()));
                // The called visitor's case starts with choosing the matter (or the ticket's).
                let codes = self.matter_codes();
                let selected = t.matter.as_ref().and_then(|m| codes.iter().position(|c| c == m)).unwrap_or(0);
                self.screen = Screen::PickMatter { selected, ticket: Some(t.id), book: false };
            }
            Outcome::Called(None) => self.note = Some(Note::Problem(Problem::QueueEmpty)),
            Outcome::CaseOpened(case) => {
                // An appointment's visitor comes with the name, phone and employer they booked with.
                let v = &case.visitor;
                let form = VisitorForm {
                    name: v.name.clone(),
                    phone: v.phone.clone().unwrap_or_default(),
                    enterprise: v.enterprise.clone().unwrap_or_default(),
                    ..VisitorForm::default()
                };
                self.screen = Screen::Intake { case, form, field: 0, known: None };
            }
            Outcome::VisitorSaved { case, known } => {
                // Stay to show who it is (a registered holder's certificates); F4 goes on to the
                // materials.
                self.note = None;
                // The form may be waiting behind the holder page (F3 pressed while the save was
                // on its way): the answer goes to the form there.
                let screen = match &mut self.screen {
                    Screen::Holder { back: Some(form), .. } => form.as_mut(),
                    other => other,
                };
                if let Screen::Intake { case: c, known: k, form, .. } = screen {
                    if form.name.trim().is_empty() {
                        // The registry's name for a registered holder.
                        form.name = case.visitor.name.clone();
                    }
                    // And the registry's phone and employer where the form had none.
                    if form.phone.trim().is_empty() {
                        form.phone = case.visitor.phone.clone().unwrap_or_default();
                    }
                    if form.enterprise.trim().is_empty() {
                        form.enterprise = case.visitor.enterprise.clone().unwrap_or_default();
                    }
                    *c = case;
                    *k = Some(known);
                }
            }
            Outcome::Checklist { case, items } => {
                let selected = match &self.screen {
                    Screen::Checklist { case: c, selected, .. } if c.id == case.id => {
                        // Move on to the next material after a tick.
                        (*selected + 1).min(items.len().saturating_sub(1))
                    }
                    _ => items.iter().position(|i| i.state == MaterialState::Unchecked).unwrap_or(0),
                };
                self.screen = Screen::Checklist { case, items, selected };
            }
            Outcome::Decided { line, decided } => {
                self.note = Some(Note::Decided(decided));
                self.screen = Screen::Case { line };
            }
            Outcome::Printed { doc, serial, preview, fault } => {
                self.note = Some(Note::Printed { doc, serial, fault });
                self.preview = (!preview.is_empty()).then_some(preview);
            }
            Outcome::Case(line) => {
                if matches!(self.screen, Screen::Case { .. }) && self.note.is_none() {
                    self.preview = None;
                }
                self.screen = Screen::Case { line };
            }
            Outcome::CaseTime { line, done } => {
                if let Some(done) = done {
                    self.note = Some(Note::Time(screens::case_time::TimeNote::Done(done)));
                }
                self.screen = Screen::CaseTime { line };
            }
            Outcome::NoticesOwed(list) => self.screen = screens::case_time::owed_screen(list),
            Outcome::StageMoved(line) => {
                self.note = Some(Note::StageMoved(line.case.state));
                self.screen = Screen::Case { line };
            }
            Outcome::HandedOff(line) => {
                self.note = Some(Note::HandedOff);
                self.screen = Screen::Case { line };
            }
            Outcome::EnquiryLogged(kind) => self.note = Some(Note::EnquiryLogged(kind)),
            Outcome::HandOffAccepted(line) => {
                self.note = Some(Note::HandOffAccepted);
                self.screen = Screen::Case { line };
            }
            Outcome::List { kind, cases, known } => {
                self.screen = Screen::List { kind, cases, known, selected: 0 };
            }
            Outcome::Tasks { followups, callbacks } => {
                self.screen = Screen::Tasks { followups, callbacks, selected: 0 };
            }
            Outcome::Task(task) => {
                let saved = matches!(&self.screen, Screen::Task { task: t } if t.id == task.id && t.kind == task.kind);
                screens::task::shown(self, task, saved);
            }
            Outcome::Posted { line, sent } => {
                self.note = Some(Note::Posted { sent });
                self.screen = Screen::Case { line };
            }
            Outcome::Appointments(list) => {
                let selected = match &self.screen {
                    Screen::Appointments { selected, .. } => (*selected).min(list.len().saturating_sub(1)),
                    _ => 0,
                };
                self.screen = Screen::Appointments { list, selected };
            }
            Outcome::Booked { list, id } => {
                let selected = list.iter().position(|a| a.id == id).unwrap_or(0);
                if let Some(a) = list.get(selected).filter(|a| a.id == id) {
                    self.note = Some(Note::Booked { day: a.day, slot: a.slot.clone(), extended: a.extended });
                }
                self.screen = Screen::Appointments { list, selected };
            }
            Outcome::AppointmentCancelled { list, cancelled } => {
                let selected = list.iter().position(|a| a.id == cancelled.id).unwrap_or(0);
                self.note = Some(Note::AppointmentCancelled { day: cancelled.day, slot: cancelled.slot });
                self.screen = Screen::Appointments { list, selected };
            }
            Outcome::Arrived(t) => {
                // The visitor's case starts with the matter they booked for (首问负责制 from here).
                self.note = Some(Note::Arrived(t.label.clone()));
                let codes = self.matter_codes();
                let selected = t.matter.as_ref().and_then(|m| codes.iter().position(|c| c == m)).unwrap_or(0);
                self.screen = Screen::PickMatter { selected, ticket: Some(t.id), book: false };
            }
            Outcome::RatingRequested { counter } => self.note = Some(Note::RatingRequested(counter)),
            Outcome::Report(data) => {
                if let Screen::Reports(v) = &mut self.screen {
                    v.data = Some(data);
                }
            }
            Outcome::Problem(p) => {
                if let (Problem::NotOnFirstNotice(v), Screen::Checklist { .. }) = (&p, &self.screen) {
                    self.override_items = Some(v.clone());
                }
                self.note = Some(Note::Problem(p));
            }
        }
        vec![]
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

    fn update(&mut self, action: Action, now: Instant) -> Effects {
        if action == Action::Tick {
            let idle = now.saturating_duration_since(self.last_input) >= self.settings.idle;
            if idle && self.staff.is_some() && self.busy == 0 {
                return self.logout("idle timeout");
            }
            if idle && self.from_kiosk && self.staff.is_none() {
                self.switch = Some(Switch::To(Target::Kiosk));
            }
            return vec![];
        }
        self.last_input = now;
        if action == Action::ToggleLang {
            self.lang = super::strings::toggle(self.lang);
            return vec![];
        }
        if self.prompt.is_some() {
            return self.update_prompt(action);
        }
        // The command of the screen's table this key or click gives, resolved before the result
        // line goes (F8 on the visitor form is offered while the line shows the credit check).
        let cmd = commands::resolve(self, &action).map(|c| c.cmd);
        if matches!(action, Action::Submit | Action::Command(_)) {
            // A new step: the previous result line goes.
            self.note = None;
        }
        if self.staff.is_none() {
            return self.update_login(action);
        }
        self.update_signed_in(action, cmd)
    }

    fn on_outcome(&mut self, outcome: super::Outcome, now: Instant) -> Effects {
        use super::Outcome as O;
        // The database answering again is news from the worker, not the reply to an effect.
        if outcome == O::Restored {
            self.outage = false;
            return vec![];
        }
        // Any answer of the database ends the outage banner; "unavailable" raises it (also
        // reported at start by a desk started while its server is down).
        self.outage = outcome == O::Unavailable || (self.outage && matches!(outcome, O::ServiceError));
        self.last_input = now;
        // Out of service is reported by the station (a failed integrity check), not an answer to
        // one of the desk's effects: it must not make an effect in flight look finished (the
        // "working" line would go and the idle logout could cut it).
        if !matches!(outcome, O::OutOfService) {
            self.busy = self.busy.saturating_sub(1);
        }
        match outcome {
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
        }
    }

    fn draw(&self, frame: &mut Frame) {
        draw::draw(self, frame);
    }

    fn switch(&mut self) -> Option<Switch> {
        self.switch.take()
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
