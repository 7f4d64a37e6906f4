//! 首问负责制 for enquiries (issue 15; 淄博 2020 措施 10): from the queue, Z logs a 咨询, 引导 or 转办
//! in four prompts — which (1 咨询, 2 引导, 3 转办), who asked, what, and the answer (for 转办 the
//! department referred to). Nothing to open: the queue stays and the result line says it.

use super::*;
use crate::app::desk::strings::loops as ls;
use crate::app::desk::{Note, Problem, Prompt, PromptKind};
use crate::domain::first_contact::{Enquiry, EnquiryError, EnquiryKind};

/// The steps of an enquiry, each a prompt carrying what was typed before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnquiryStep {
    Kind,
    Visitor { kind: EnquiryKind },
    Question { kind: EnquiryKind, visitor: String },
    Answer { kind: EnquiryKind, visitor: String, question: String },
}

impl EnquiryStep {
    /// The kind's choice is parsed; the rest is prose (an ID number in it masked).
    pub fn is_prose(&self) -> bool {
        !matches!(self, EnquiryStep::Kind)
    }

    pub fn label(&self) -> crate::app::strings::T {
        match self {
            EnquiryStep::Kind => ls::PROMPT_ENQUIRY_KIND,
            EnquiryStep::Visitor { .. } => ls::PROMPT_ENQUIRY_VISITOR,
            EnquiryStep::Question { .. } => ls::PROMPT_ENQUIRY_QUESTION,
            EnquiryStep::Answer { kind: EnquiryKind::Transfer, .. } => ls::PROMPT_ENQUIRY_DEPARTMENT,
            EnquiryStep::Answer { .. } => ls::PROMPT_ENQUIRY_ANSWER,
        }
    }
}

/// Z on the queue: the first prompt.
pub fn start(d: &mut Desk) -> Effects {
    d.prompt = Some(Prompt { kind: PromptKind::Enquiry(EnquiryStep::Kind), input: String::new() });
    vec![]
}

fn next(d: &mut Desk, step: EnquiryStep) -> Effects {
    d.prompt = Some(Prompt { kind: PromptKind::Enquiry(step), input: String::new() });
    vec![]
}

fn again(d: &mut Desk, step: EnquiryStep, e: EnquiryError) -> Effects {
    d.note = Some(Note::Problem(Problem::Enquiry(e)));
    next(d, step)
}

pub fn submit(d: &mut Desk, step: EnquiryStep, text: String) -> Effects {
    match step {
        EnquiryStep::Kind => match text.as_str() {
            "1" => next(d, EnquiryStep::Visitor { kind: EnquiryKind::Consult }),
            "2" => next(d, EnquiryStep::Visitor { kind: EnquiryKind::Guide }),
            "3" => next(d, EnquiryStep::Visitor { kind: EnquiryKind::Transfer }),
            _ => {
                d.note = Some(Note::Problem(Problem::EnquiryKind));
                next(d, EnquiryStep::Kind)
            }
        },
        EnquiryStep::Visitor { kind } if text.is_empty() => {
            again(d, EnquiryStep::Visitor { kind }, EnquiryError::NoVisitor)
        }
        EnquiryStep::Visitor { kind } => next(d, EnquiryStep::Question { kind, visitor: text }),
        EnquiryStep::Question { kind, visitor } if text.is_empty() => {
            again(d, EnquiryStep::Question { kind, visitor }, EnquiryError::NoQuestion)
        }
        EnquiryStep::Question { kind, visitor } => next(d, EnquiryStep::Answer { kind, visitor, question: text }),
        EnquiryStep::Answer { kind, visitor, question } if text.is_empty() => {
            let e = if kind == EnquiryKind::Transfer { EnquiryError::NoDepartment } else { EnquiryError::NoAnswer };
            again(d, EnquiryStep::Answer { kind, visitor, question }, e)
        }
        EnquiryStep::Answer { kind, visitor, question } => {
            let (answer, department) =
                if kind == EnquiryKind::Transfer { (String::new(), text) } else { (text, String::new()) };
            d.ask(Effect::LogEnquiry(Enquiry { kind, visitor, question, answer, department }))
        }
    }
}
