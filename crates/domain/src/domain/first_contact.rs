//! 首问负责制 for enquiries (issue 15; 淄博 2020 措施 10: 认真落实首问负责制、一次性告知制): whoever
//! is asked first answers, guides the visitor to the right place, or refers the matter to the
//! department that handles it — and the desk logs it (visitor, question, answer or department).
//! Pure rules; the store keeps the log.

/// What the first person asked did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnquiryKind {
    /// 咨询: answered on the spot.
    Consult,
    /// 引导: shown where to go (a window, a hall).
    Guide,
    /// 转办: referred to the department that handles it.
    Transfer,
}

impl EnquiryKind {
    /// The three kinds, in the desk's order (1, 2, 3).
    pub const ALL: [EnquiryKind; 3] = [EnquiryKind::Consult, EnquiryKind::Guide, EnquiryKind::Transfer];

    /// The kind's code in the enquiries table.
    pub fn code(self) -> &'static str {
        match self {
            EnquiryKind::Consult => "consult",
            EnquiryKind::Guide => "guide",
            EnquiryKind::Transfer => "transfer",
        }
    }

    /// The kind a stored code names; `None` for an unknown code.
    pub fn from_code(c: &str) -> Option<EnquiryKind> {
        EnquiryKind::ALL.into_iter().find(|k| k.code() == c)
    }

    /// The kind in Chinese.
    pub fn zh(self) -> &'static str {
        match self {
            EnquiryKind::Consult => "咨询",
            EnquiryKind::Guide => "引导",
            EnquiryKind::Transfer => "转办",
        }
    }

    /// The kind in English.
    pub fn en(self) -> &'static str {
        match self {
            EnquiryKind::Consult => "enquiry answered",
            EnquiryKind::Guide => "guided",
            EnquiryKind::Transfer => "referred",
        }
    }
}

/// The longest text of an enquiry's field (characters).
pub const MAX_TEXT: usize = 200;

/// One enquiry as the desk logs it. `answer` is what the visitor was told (咨询, 引导: where to
/// go); `department` the one a 转办 went to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enquiry {
    /// 咨询, 引导 or 转办.
    pub kind: EnquiryKind,
    /// Who asked (a name, or a description such as 张女士).
    pub visitor: String,
    /// What was asked.
    pub question: String,
    /// What the visitor was told.
    pub answer: String,
    /// The department a 转办 went to.
    pub department: String,
}

/// What an enquiry lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EnquiryError {
    /// Who asked.
    #[error("who asked (a name, or a description such as 张女士)")]
    NoVisitor,
    /// What was asked.
    #[error("what was asked")]
    NoQuestion,
    /// What the visitor was told.
    #[error("what the visitor was told")]
    NoAnswer,
    /// The department of a 转办.
    #[error("the department the matter was referred to")]
    NoDepartment,
    /// A field is longer than [`MAX_TEXT`] characters.
    #[error("a field is longer than {MAX_TEXT} characters")]
    TooLong,
}

/// An enquiry is logged with who asked and what, and what was done: the answer (咨询, 引导)
/// or the department referred to (转办) — 首问负责制 ends with the visitor knowing where to go.
pub fn check_enquiry(e: &Enquiry) -> Result<(), EnquiryError> {
    let fields = [&e.visitor, &e.question, &e.answer, &e.department];
    if fields.iter().any(|f| f.chars().count() > MAX_TEXT) {
        return Err(EnquiryError::TooLong);
    }
    if e.visitor.trim().is_empty() {
        return Err(EnquiryError::NoVisitor);
    }
    if e.question.trim().is_empty() {
        return Err(EnquiryError::NoQuestion);
    }
    match e.kind {
        EnquiryKind::Transfer if e.department.trim().is_empty() => Err(EnquiryError::NoDepartment),
        EnquiryKind::Consult | EnquiryKind::Guide if e.answer.trim().is_empty() => Err(EnquiryError::NoAnswer),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(kind: EnquiryKind, answer: &str, department: &str) -> Enquiry {
        Enquiry {
            kind,
            visitor: "张女士".into(),
            question: "复审要带什么".into(),
            answer: answer.into(),
            department: department.into(),
        }
    }

    #[test]
    fn an_enquiry_ends_with_an_answer_or_a_department_zibo_2020_measure_10() {
        // 措施 10: 认真落实首问负责制 — the first person asked answers or refers.
        assert_eq!(check_enquiry(&e(EnquiryKind::Consult, "身份证、原证", "")), Ok(()));
        assert_eq!(check_enquiry(&e(EnquiryKind::Guide, "请到3号窗口", "")), Ok(()));
        assert_eq!(check_enquiry(&e(EnquiryKind::Transfer, "", "执法监督科")), Ok(()));
        assert_eq!(check_enquiry(&e(EnquiryKind::Consult, " ", "")), Err(EnquiryError::NoAnswer));
        assert_eq!(check_enquiry(&e(EnquiryKind::Transfer, "已告知", "")), Err(EnquiryError::NoDepartment));
        let mut x = e(EnquiryKind::Consult, "a", "");
        x.visitor = " ".into();
        assert_eq!(check_enquiry(&x), Err(EnquiryError::NoVisitor));
        x.visitor = "李".into();
        x.question.clear();
        assert_eq!(check_enquiry(&x), Err(EnquiryError::NoQuestion));
        x.question = "问".repeat(MAX_TEXT + 1);
        assert_eq!(check_enquiry(&x), Err(EnquiryError::TooLong));
        for k in EnquiryKind::ALL {
            assert_eq!(EnquiryKind::from_code(k.code()), Some(k));
        }
        assert_eq!(EnquiryKind::from_code("Consult"), None);
    }
}
