//! Errors found while loading rubrics and corpora.

use std::fmt;
use std::ops::Range;

use crate::source::floor_char_boundary;
use crate::SourceFile;

/// One problem in a rubric or corpus file, at a position a trainer can find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file, as named by [`SourceFile::path`].
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The bytes of the file's text the problem is about (the value, key or
    /// cue character at fault), for a caller that shows the source line;
    /// empty when the problem is at a point (a missing field, a bad byte).
    /// It starts at `line` and `column`.
    pub span: Range<usize>,
    /// What is wrong and, where possible, how to fix it.
    pub message: String,
}

impl LoadError {
    /// An error at byte `offset` of `file`.
    pub fn at(file: &SourceFile, offset: usize, message: impl Into<String>) -> Self {
        Self::spanning(file, offset..offset, message)
    }

    /// An error about bytes `span` of `file`. A span that runs past the end
    /// of its first line (a whole table, say) is cut to its start, so a
    /// caller underlines one place, not a page.
    pub fn spanning(file: &SourceFile, span: Range<usize>, message: impl Into<String>) -> Self {
        let start = floor_char_boundary(&file.text, span.start.min(file.text.len()));
        let end = floor_char_boundary(&file.text, span.end.clamp(start, file.text.len()));
        let end = if file.text[start..end].contains('\n') { start } else { end };
        let (line, column) = file.line_column(start);
        Self { path: file.path.clone(), line, column, span: start..end, message: message.into() }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.path, self.line, self.column, self.message)
    }
}

/// Every problem found in a set of files. Loading does not stop at the
/// first one, so a trainer can fix them all in one go.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadErrors(pub Vec<LoadError>);

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "{n} problem{} found", if n == 1 { "" } else { "s" })?;
        for error in &self.0 {
            write!(f, "\n{error}")?;
        }
        Ok(())
    }
}

/// The result of loading.
pub type LoadResult<T> = Result<T, LoadErrors>;

/// Collects errors while loading goes on.
#[derive(Debug, Default)]
pub(crate) struct Problems(pub Vec<LoadError>);

impl Problems {
    pub fn add(&mut self, file: &SourceFile, offset: usize, message: impl Into<String>) {
        self.0.push(LoadError::at(file, offset, message));
    }

    /// A problem about bytes `span` of `file` (see [`LoadError::spanning`]).
    pub fn add_span(&mut self, file: &SourceFile, span: Range<usize>, message: impl Into<String>) {
        self.0.push(LoadError::spanning(file, span, message));
    }

    /// `value` if nothing went wrong, else every problem, in file order.
    pub fn into_result<T>(mut self, value: T) -> LoadResult<T> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            self.0.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
            Err(LoadErrors(self.0))
        }
    }
}
