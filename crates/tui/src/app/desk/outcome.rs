//! What the desk does with the answers to its effects: each answer updates the screen it
//! belongs to (the screens' own parts are in their files under `screens/`).

use super::screens;
use super::{hall, Desk, Effect, Effects, Note, Outcome, Problem, Screen};

impl Desk {
    pub(super) fn on_desk_outcome(&mut self, o: Outcome) -> Effects {
        // A pending override survives only a failed supervisor check (to try again).
        if !matches!(o, Outcome::Problem(Problem::NotSupervisor | Problem::SupervisorLocked(_) | Problem::NoReason)) {
            self.override_items = None;
        }
        match o {
            Outcome::Queue(queue) => screens::home::queued(self, queue),
            Outcome::Pledge(p) => return screens::pledge::outcome(self, p),
            Outcome::TicketPrinted(s) => return hall::ticket_printed(self, s),
            Outcome::Holders { hits, cases } => self.screen = Screen::Holders { hits, cases, selected: 0 },
            Outcome::TicketTaken(t) => {
                self.note = Some(Note::TicketTaken(t.label));
                return self.ask(Effect::Queue);
            }
            Outcome::Called(Some(t)) => screens::pick_matter::for_ticket(self, &t, Note::Called(t.label.clone())),
            Outcome::Called(None) => self.note = Some(Note::Problem(Problem::QueueEmpty)),
            Outcome::CaseOpened(case) => screens::intake::opened(self, case),
            Outcome::VisitorSaved { case, known } => {
                let id = case.id;
                screens::intake::visitor_saved(self, case, known);
                // The marks in force on the applicant, shown on the form.
                return screens::pledge::ask_marks(self, id);
            }
            Outcome::Checklist { case, items } => screens::checklist::shown(self, case, items),
            Outcome::Decided { line, decided } => {
                self.note = Some(Note::Decided(decided));
                self.screen = Screen::Case { line };
            }
            Outcome::PrintedA4 { title, number, job, fault, .. } => {
                // The reprint key follows the case's last failed job.
                if let Screen::Case { line } = &mut self.screen {
                    match (&fault, line.failed_a4) {
                        (Some(_), _) => line.failed_a4 = Some(job),
                        (None, Some(f)) if f == job => line.failed_a4 = None,
                        _ => {}
                    }
                }
                self.note = Some(Note::PrintedA4 { title, number, job, fault });
                self.preview = None;
            }
            Outcome::Printed { doc, serial, preview, fault } => {
                self.note = Some(Note::Printed { doc, serial, fault });
                self.preview = (!preview.is_empty()).then_some(preview);
            }
            Outcome::Case(line) => screens::case::shown(self, line),
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
            Outcome::HandOffClosed { line, declined } => screens::handoff_close::closed(self, line, declined),
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
            Outcome::Appointments(list) => screens::appointments::shown(self, list),
            Outcome::Booked { list, id } => screens::appointments::booked(self, list, id),
            Outcome::AppointmentCancelled { list, cancelled } => {
                screens::appointments::cancelled(self, list, cancelled)
            }
            // 首问负责制 from here: the case starts with the matter they booked for.
            Outcome::Arrived(t) => screens::pick_matter::for_ticket(self, &t, Note::Arrived(t.label.clone())),
            Outcome::RatingRequested { counter } => self.note = Some(Note::RatingRequested(counter)),
            Outcome::Report(data) => screens::reports::loaded(self, data),
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
