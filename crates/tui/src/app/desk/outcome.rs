//! What the desk does with the intake backend's answers (`Outcome`): the screen each result
//! opens, the note it leaves, the effects it asks next.

use super::*;

impl Desk {
    pub(super) fn on_desk_outcome(&mut self, o: Outcome) -> Effects {
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
                self.screen = Screen::Intake { case, form: VisitorForm::default(), field: 0, known: None };
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
            Outcome::HandedOff(line) => {
                self.note = Some(Note::HandedOff);
                self.screen = Screen::Case { line };
            }
            Outcome::List { kind, cases, known } => {
                self.screen = Screen::List { kind, cases, known, selected: 0 };
            }
            Outcome::Tasks { followups, callbacks } => self.screen = Screen::Tasks { followups, callbacks },
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
