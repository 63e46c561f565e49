//! What the caller hands in: values already read and scored. This crate
//! reads no files; the CLI scores the answers and the exemplars.

use assay_score::{Exemplar, Rubric, Score};
use serde::Serialize;

/// A model answer and its score on its own question's rubric, for word
/// counts and illustrations of missing concepts.
#[derive(Debug, Clone)]
pub struct ScoredExemplar {
    /// The exemplar.
    pub exemplar: Exemplar,
    /// Its score (without exemplar evidence; only concept evidence is used).
    pub score: Score,
}

/// One scored answer of a candidate.
#[derive(Debug, Clone, Copy)]
pub struct AnswerInput<'a> {
    /// The input line the answer came from, if it came from a file.
    pub line: Option<u64>,
    /// The question's rubric.
    pub rubric: &'a Rubric,
    /// The candidate's answer, exactly as scored.
    pub answer: &'a str,
    /// Its score.
    pub score: &'a Score,
    /// The question's exemplars, scored.
    pub exemplars: &'a [ScoredExemplar],
    /// The total an earlier run recorded for this answer (from a batch
    /// output), shown when it differs from `score`.
    pub recorded_total: Option<f64>,
    /// When the answer reads like another question's: that question's text.
    pub off_topic_question: Option<&'a str>,
}

/// A row that could not be scored, shown in the report rather than dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// The input line of the row.
    pub line: u64,
    /// The question it names, possibly empty.
    pub question_id: String,
    /// Why it could not be scored.
    pub message: String,
}

/// Everything about one candidate.
#[derive(Debug, Clone)]
pub struct CandidateInput<'a> {
    /// The candidate id.
    pub candidate: String,
    /// The scored answers, in input order.
    pub answers: Vec<AnswerInput<'a>>,
    /// Rows of this candidate that could not be scored.
    pub problems: Vec<RowProblem>,
}

impl<'a> CandidateInput<'a> {
    /// One practice attempt: a single answer with no candidate id, input
    /// line or recorded total. Practice is about one question, so an answer
    /// that strays is told so by its score, without naming another question.
    #[must_use]
    pub fn practice(
        rubric: &'a Rubric,
        answer: &'a str,
        score: &'a Score,
        exemplars: &'a [ScoredExemplar],
    ) -> Self {
        CandidateInput {
            candidate: String::new(),
            answers: vec![AnswerInput {
                line: None,
                rubric,
                answer,
                score,
                exemplars,
                recorded_total: None,
                off_topic_question: None,
            }],
            problems: Vec::new(),
        }
    }
}
