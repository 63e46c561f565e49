//! `assay rubric check --format json`: one object with every finding and a
//! summary (serialize-only wire types).

use serde::Serialize;

use super::Diagnostic;

/// The whole output of one check.
#[derive(Debug, Serialize)]
pub struct CheckJson<'a> {
    /// The folder checked, or `built-in rubrics`.
    target: &'a str,
    /// Every problem and coverage finding, errors first, in file order.
    problems: Vec<ProblemJson<'a>>,
    /// Counts.
    summary: SummaryJson,
}

/// One finding.
#[derive(Debug, Serialize)]
struct ProblemJson<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    /// Just past the end of what the finding is about.
    end: PositionJson,
    severity: &'static str,
    message: &'a str,
}

#[derive(Debug, Serialize)]
struct PositionJson {
    line: usize,
    column: usize,
}

/// How many findings there are, and what was checked.
#[derive(Debug, Serialize)]
pub struct SummaryJson {
    /// Findings of severity `error`.
    pub errors: usize,
    /// Findings of severity `warning`.
    pub warnings: usize,
    /// What the rubrics hold, when they loaded.
    pub rubrics: Option<RubricCounts>,
    /// What `--coverage` ran the cues over, when asked for.
    pub coverage: Option<CoverageCounts>,
}

/// What a rubric folder that loaded holds.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RubricCounts {
    /// Library concepts.
    pub concepts: usize,
    /// Shared red flags.
    pub red_flags: usize,
    /// Questions.
    pub questions: usize,
    /// Model answers.
    pub exemplars: usize,
}

/// What `--coverage` found and ran the cues over.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CoverageCounts {
    /// Cues that fired on none of the texts.
    pub silent_cues: usize,
    /// Example sentences closer to another concept than to their own.
    pub confusable_examples: usize,
    /// Model answers the cues ran over.
    pub exemplars: usize,
    /// Labelled phrases and cue examples the cues ran over.
    pub sentences: usize,
    /// Labelled answers the cues ran over.
    pub labelled_answers: usize,
}

impl<'a> CheckJson<'a> {
    /// The wire form of a check of `target`.
    pub fn new(target: &'a str, diagnostics: &'a [Diagnostic], summary: SummaryJson) -> Self {
        let problems = diagnostics
            .iter()
            .map(|d| ProblemJson {
                file: &d.path,
                line: d.start.0,
                column: d.start.1,
                end: PositionJson { line: d.end.0, column: d.end.1 },
                severity: d.severity.name(),
                message: &d.message,
            })
            .collect();
        Self { target, problems, summary }
    }
}
