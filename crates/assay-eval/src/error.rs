//! Errors in labelled files and in tuning.

use std::fmt;

/// One problem in a labelled file, at a row and field a trainer can find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelError {
    /// The file, as the caller named it.
    pub file: String,
    /// 1-based line of the row (0 when the problem is the whole file).
    pub line: usize,
    /// The field (column) at fault, if one is.
    pub field: Option<String>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for LabelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in a labelled file (reading goes on past the first).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LabelErrors(pub Vec<LabelError>);

impl fmt::Display for LabelErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "{n} problem{} in the labelled answers", if n == 1 { "" } else { "s" })?;
        for error in &self.0 {
            write!(f, "\n{error}")?;
        }
        Ok(())
    }
}

/// Why a rubric file could not be rewritten with tuned values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RewriteError {
    /// The file is not valid TOML.
    #[error("{file}: not valid TOML: {message}")]
    Parse {
        /// The file.
        file: String,
        /// The parser's message.
        message: String,
    },
    /// The file does not have the table the tuned value belongs in.
    #[error("{file}: {message}")]
    Shape {
        /// The file.
        file: String,
        /// What is missing.
        message: String,
    },
}
