//! Rubric problems and coverage findings, located in their files, for a
//! trainer (text with the source line and a caret), a program (JSON) or CI
//! (GitHub Actions annotations).
//!
//! The library hands over data (a [`LoadError`], a [`Site`]: file, byte
//! span, message); a [`Diagnostic`] adds what the outputs need from the
//! file's text (where the span ends), and the submodules write it.

mod json;
mod text;

use std::ops::Range;

use assay_score::{LoadError, Site, SourceFile};

pub use json::{CheckJson, CoverageCounts, RubricCounts, SummaryJson};
pub use text::render;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The rubrics cannot be used until it is fixed.
    Error,
    /// The rubrics work, but a part of them is likely dead or misleading.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as the outputs name it.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The file, as named by [`SourceFile::path`].
    pub path: String,
    /// 1-based line and column (in characters) where it starts.
    pub start: (usize, usize),
    /// 1-based line and column just past its end (the start again for a
    /// problem at a point).
    pub end: (usize, usize),
    /// The bytes of the file it is about.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
}

impl Diagnostic {
    /// A rubric or corpus problem; `file` is the file it names, if the
    /// caller has its text.
    pub fn from_load_error(error: &LoadError, file: Option<&SourceFile>) -> Self {
        let end = file.map_or((error.line, error.column), |f| f.line_column(error.span.end));
        Self {
            severity: Severity::Error,
            path: error.path.clone(),
            start: (error.line, error.column),
            end,
            span: error.span.clone(),
            message: error.message.clone(),
        }
    }

    /// A finding about what is written at `site` of `file` (the file
    /// `site` names, if the caller has its text).
    pub fn at_site(
        severity: Severity,
        site: &Site,
        file: Option<&SourceFile>,
        message: String,
    ) -> Self {
        let position = |offset| file.map_or((1, 1), |f: &SourceFile| f.line_column(offset));
        Self {
            severity,
            path: site.path.clone(),
            start: position(site.span.start),
            end: position(site.span.end),
            span: site.span.clone(),
            message,
        }
    }
}
