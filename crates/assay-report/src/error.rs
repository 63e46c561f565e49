//! The one error type of this crate.

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A template failed to load or render: a bug in the bundled templates,
    /// not in the input.
    #[error("report template `{template}`: {source}")]
    Template {
        /// The template's name.
        template: &'static str,
        /// What the template engine said.
        #[source]
        source: minijinja::Error,
    },
}

/// Results of this crate.
pub type Result<T> = std::result::Result<T, ReportError>;
