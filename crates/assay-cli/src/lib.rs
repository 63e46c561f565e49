//! The `assay` command line: argument parsing, reading files and stdin,
//! choosing rubrics, and formatting results. The scoring itself is in
//! [`assay_score`].
//!
//! Exit status: 0 success; 1 the command ran but found problems (such as
//! `rubric check` finding errors); 2 the command could not run (bad
//! arguments, unreadable input, unknown question, invalid rubrics).

mod agreement_text;
mod args;
mod batch;
mod commands;
mod data;
mod diagnostics;
mod diff;
mod exemplars;
mod github;
mod help_examples;
mod history;
mod input;
mod json;
mod labels;
mod output_files;
mod practice_session;
mod report_input;
mod rfc3339;
mod score_json;
mod serve;
mod style;
mod text;

use std::io::{self, Write};
use std::process::ExitCode;

pub use args::{Args, Command, IndexCommand, OutputFormat, RubricCommand};
pub use data::{builtin, load_dir, read_corpus, BuiltExemplar, DataSet, Loaded, RubricSources};
pub use style::ColorWhen;

/// How `assay` ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything worked.
    Success,
    /// The command ran and found problems.
    Failure,
    /// The command could not run.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        match status {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

/// Runs the command `args` describes, writing results to stdout.
///
/// # Errors
///
/// Any reason the command could not run, with context naming the file or
/// input concerned.
pub fn run(args: &Args) -> anyhow::Result<ExitStatus> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let status = commands::run(args, &mut out)?;
    out.flush()?;
    Ok(status)
}

/// Whether `error` is a closed stdout (as with `assay ... | head`), which is
/// not a failure.
#[must_use]
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
