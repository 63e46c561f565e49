//! What a question asks and what its rubric names, without compiling the
//! rubric: enough to list the questions.

use crate::error::Problems;
use crate::rubric::Rubric;
use crate::rubric_file::QuestionFile;
use crate::source::parse_toml;
use crate::SourceFile;

/// A question and the ids its rubric names, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionOutline {
    /// Question id.
    pub id: String,
    /// The question text.
    pub question: String,
    /// Where the question comes from (empty when the file does not say).
    pub source: String,
    /// Ids of the concepts an answer is scored on.
    pub concepts: Vec<String>,
    /// Ids of the red flags.
    pub red_flags: Vec<String>,
    /// Level names, lowest first.
    pub levels: Vec<String>,
}

impl QuestionOutline {
    /// The outline of a compiled rubric.
    #[must_use]
    pub fn of(rubric: &Rubric) -> Self {
        QuestionOutline {
            id: rubric.id.clone(),
            question: rubric.question.clone(),
            source: rubric.source.clone(),
            concepts: rubric.concept_ids().map(str::to_owned).collect(),
            red_flags: rubric.red_flags.iter().map(|f| f.id.clone()).collect(),
            levels: rubric.levels.iter().map(|l| l.name.clone()).collect(),
        }
    }

    /// The outline read from a question file that is not compiled, or
    /// `None` if it does not parse.
    pub(crate) fn read(file: &SourceFile) -> Option<Self> {
        let question = parse_toml::<QuestionFile>(file, &mut Problems::default())?;
        let either = |used: Option<&toml::Spanned<String>>, own: Option<&toml::Spanned<String>>| {
            used.or(own).map(|id| id.get_ref().clone())
        };
        Some(QuestionOutline {
            id: question.id.into_inner(),
            question: question.question.into_inner().trim().to_owned(),
            source: question.source.map(toml::Spanned::into_inner).unwrap_or_default(),
            concepts: (question.concepts.iter())
                .filter_map(|c| either(c.get_ref().use_.as_ref(), c.get_ref().id.as_ref()))
                .collect(),
            red_flags: (question.red_flags.iter())
                .filter_map(|f| either(f.get_ref().use_.as_ref(), f.get_ref().id.as_ref()))
                .collect(),
            levels: question
                .levels
                .into_inner()
                .into_iter()
                .map(|l| l.into_inner().name.into_inner())
                .collect(),
        })
    }
}
