//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Score written answers to peer-support interview questions against rubrics.
#[derive(Debug, Parser)]
#[command(name = "assay", version, about, long_about = None)]
pub struct Args {
    /// Use the rubrics in this folder (with `concepts/` and `questions/`)
    /// instead of the built-in ones.
    #[arg(long, global = true, value_name = "DIR")]
    pub rubrics: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score one answer against a question's rubric.
    Score(ScoreCommand),
    /// List the questions that have rubrics.
    Questions(QuestionsCommand),
    /// Work with rubric folders.
    #[command(subcommand)]
    Rubric(RubricCommand),
}

/// `assay score`.
#[derive(Debug, clap::Args)]
pub struct ScoreCommand {
    /// The question the answer is for (see `assay questions`).
    #[arg(long, short, value_name = "ID")]
    pub question: String,
    /// The answer text, or `-` to read it from stdin.
    #[arg(value_name = "TEXT", conflicts_with = "file")]
    pub text: Option<String>,
    /// Read the answer from this file.
    #[arg(long, short, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// `assay questions`.
#[derive(Debug, clap::Args)]
pub struct QuestionsCommand {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// `assay rubric ...`.
#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// Check a rubric folder and list every problem with file, line and column.
    Check(CheckCommand),
}

/// `assay rubric check`.
#[derive(Debug, clap::Args)]
pub struct CheckCommand {
    /// The rubric folder to check (default: `--rubrics`, else the built-in rubrics).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Also check the exemplar answers in this corpus folder against the rubrics
    /// (the built-in corpus is checked with the built-in rubrics).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Also list cues that fire on none of the corpus exemplars and phrase
    /// sets: dead rubric parts.
    #[arg(long)]
    pub coverage: bool,
    /// Labelled phrase sets to count in `--coverage` (the built-in ones are
    /// used with the built-in rubrics).
    #[arg(long, value_name = "DIR", requires = "coverage")]
    pub phrases: Option<PathBuf>,
    /// Cue examples (`concepts/*.toml`, `questions/*.toml`) to count in
    /// `--coverage` (the built-in ones are used with the built-in rubrics).
    #[arg(long, value_name = "DIR", requires = "coverage")]
    pub examples: Option<PathBuf>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Readable text.
    Text,
    /// One JSON document.
    Json,
}
