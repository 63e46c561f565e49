//! Command-line arguments.

use std::path::PathBuf;

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::help_examples;
use crate::style::{self, ColorWhen};

/// Score written answers to peer-support interview questions against rubrics.
#[derive(Debug, Parser)]
#[command(name = "assay", version, about, long_about = None, after_help = help_examples::ASSAY)]
pub struct Args {
    /// The rubric folder (`--rubrics`), whether given before the subcommand
    /// or after it; see `RubricsOption`.
    #[arg(long, value_name = "DIR", hide = true)]
    pub rubrics: Option<PathBuf>,

    /// The model answers for `--rubrics` (`--corpus`); see
    /// `ScoringOptions`.
    #[arg(long, value_name = "DIR", hide = true)]
    pub corpus: Option<PathBuf>,

    /// The exemplar index (`--index`); see `ScoringOptions`.
    #[arg(long, value_name = "DIR", hide = true)]
    pub index: Option<PathBuf>,

    /// The semantic matcher (`--semantic`); see `ScoringOptions`.
    #[arg(long, hide = true)]
    pub semantic: bool,

    /// Resembled red flags listed (`--resemblance`); see `ScoringOptions`.
    #[arg(long, hide = true)]
    pub resemblance: bool,

    /// Cues alone (`--no-concept-estimate`); see `ScoringOptions`.
    #[arg(long, hide = true)]
    pub no_concept_estimate: bool,

    /// Colour output: `auto` colours a terminal unless NO_COLOR is set;
    /// `always` colours even a pipe; `never` never does.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto, help_heading = "Global options")]
    pub color: ColorWhen,

    /// Print no progress bars or informational lines on stderr (errors,
    /// warnings and the requested output still appear).
    #[arg(long, global = true, help_heading = "Global options")]
    pub quiet: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

impl Args {
    /// Parses the command line. The data options may come before the
    /// subcommand (`assay --rubrics DIR score ...`, hidden, as earlier
    /// releases took them) or after it, where each subcommand lists only
    /// those it uses; either way they end up in this struct's fields.
    #[must_use]
    pub fn parse_command_line() -> Self {
        // Chosen before parsing, so clap's help and errors follow --color.
        style::choose(style::color_in(std::env::args_os()));
        let mut args = Args::try_parse().unwrap_or_else(|error| without_trailing_tip(error).exit());
        style::choose(args.color);
        if let Err(message) = args.merge_subcommand_options() {
            Args::command().error(ErrorKind::MissingRequiredArgument, message).exit();
        }
        args
    }

    /// Moves the data options given after the subcommand into this
    /// struct's fields (a value after the subcommand wins).
    ///
    /// # Errors
    ///
    /// `--corpus` without `--rubrics`.
    pub fn merge_subcommand_options(&mut self) -> Result<(), String> {
        let (rubrics, scoring) = match &mut self.command {
            Command::Score(ScoreCommand { data, .. })
            | Command::Batch(BatchCommand { data, .. })
            | Command::Match(MatchCommand { data, .. })
            | Command::Report(ReportCommand { data, .. })
            | Command::Practice(PracticeCommand { data, .. })
            | Command::Eval(EvalCommand { data, .. })
            | Command::Tune(TuneCommand { data, .. })
            | Command::Serve(ServeCommand { data, .. }) => {
                let mut data = std::mem::take(data);
                (data.rubrics.rubrics.take(), Some(data))
            }
            Command::Questions(QuestionsCommand { rubrics, .. })
            | Command::Learn(LearnCommand { rubrics, .. })
            | Command::Index(IndexCommand::Build(BuildCommand { rubrics, .. })) => {
                (rubrics.rubrics.take(), None)
            }
            Command::Rubric(_) | Command::Completions(_) | Command::Man => (None, None),
        };
        if let Some(dir) = rubrics {
            self.rubrics = Some(dir);
        }
        if let Some(data) = scoring {
            self.corpus = data.corpus.or(self.corpus.take());
            self.index = data.index.or(self.index.take());
            self.semantic |= data.semantic;
            self.resemblance |= data.resemblance;
            self.no_concept_estimate |= data.no_concept_estimate;
        }
        if self.corpus.is_some() && self.rubrics.is_none() {
            return Err("--corpus goes with --rubrics DIR: the built-in rubrics come with their own model answers".to_owned());
        }
        Ok(())
    }
}

/// `error` without clap's tip "to pass '--format' as a value, use '--
/// --format'", which it gives for any unknown option of a subcommand that
/// takes a positional value: it reads as advice to pass the option that
/// way, and an option after `--` is never read as one.
fn without_trailing_tip(error: clap::Error) -> clap::Error {
    let is_trailing_tip = |tip: &StyledStr| tip.to_string().contains("as a value, use '-- ");
    let Some(ContextValue::StyledStrs(tips)) = error.get(ContextKind::Suggested) else {
        return error;
    };
    if !tips.iter().any(is_trailing_tip) {
        return error;
    }
    let kept: Vec<StyledStr> = tips.iter().filter(|t| !is_trailing_tip(t)).cloned().collect();
    let mut plain = clap::Error::new(error.kind()).with_cmd(&Args::command());
    for (kind, value) in error.context() {
        if kind != ContextKind::Suggested {
            plain.insert(kind, value.clone());
        }
    }
    if !kept.is_empty() {
        plain.insert(ContextKind::Suggested, ContextValue::StyledStrs(kept));
    }
    plain
}

/// `--rubrics`, for every subcommand that reads rubrics.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RubricsOption {
    /// Use the rubrics in this folder (with `concepts/` and `questions/`)
    /// instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub rubrics: Option<PathBuf>,
}

/// Where rubrics and model answers come from, for subcommands that score.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ScoringOptions {
    /// `--rubrics`.
    #[command(flatten)]
    pub rubrics: RubricsOption,

    /// With `--rubrics`: the model answers (`<question>.toml` exemplar
    /// files) for those rubrics, for nearest model answers, off-topic
    /// checks and the model-answer lines of reports.
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,

    /// Use the exemplar index in this folder (from `assay index build`)
    /// instead of indexing the built-in corpus in memory.
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// Also recognise concepts by similarity to their example sentences,
    /// with totals calibrated for it. It agrees better with people on
    /// answers to the question asked, tells questions apart a little less
    /// well, and is about four times slower (see rubrics/README.md).
    #[arg(long)]
    pub semantic: bool,

    /// With --semantic: also list red flags whose example sentences the
    /// answer resembles, for a person to review; no score changes. On fresh
    /// answers written for the purpose, one safe answer in five is listed.
    #[arg(long, requires = "semantic")]
    pub resemblance: bool,

    /// Earn library concepts by their cues (and examples) alone, without
    /// the learned concept estimate that also credits sentences saying them
    /// in other words; totals are calibrated for each (see
    /// rubrics/README.md).
    #[arg(long)]
    pub no_concept_estimate: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score one answer against a question's rubric.
    Score(ScoreCommand),
    /// Score many answers from a CSV or JSON Lines file, one output row per input row.
    Batch(BatchCommand),
    /// Say which questions an answer most likely answers.
    Match(MatchCommand),
    /// List the questions that have rubrics.
    Questions(QuestionsCommand),
    /// Build a persistent exemplar index.
    #[command(subcommand)]
    Index(IndexCommand),
    /// Work with rubric folders.
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Measure agreement with human-scored answers.
    Eval(EvalCommand),
    /// Fit concept weights and level thresholds to human-scored answers, cross-validated.
    Tune(TuneCommand),
    /// Learn a question's rubric (cues, weights, levels) from human-scored answers.
    Learn(LearnCommand),
    /// Write feedback reports (HTML or Markdown) on candidates' answers.
    Report(ReportCommand),
    /// Practise answering a question at the terminal, with feedback at once.
    Practice(PracticeCommand),
    /// Serve the practice page, the trainer's playground and a JSON API.
    Serve(ServeCommand),
    /// Print a shell completion script.
    Completions(CompletionsCommand),
    /// Print the manual page (roff).
    #[command(after_help = help_examples::MAN)]
    Man,
}

/// `assay completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = help_examples::COMPLETIONS)]
pub struct CompletionsCommand {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `assay eval`.
#[derive(Debug, clap::Args)]
#[command(after_help = help_examples::EVAL)]
pub struct EvalCommand {
    /// Labelled answers: CSV or JSON Lines with `question_id`, `answer`,
    /// `score` (0-100 or a level name), optionally `answer_id`, `rater` and
    /// `concept:<id>` columns (see README).
    #[arg(value_name = "LABELS")]
    pub labels: PathBuf,
    /// Format of LABELS (default: from its extension, else csv).
    #[arg(long, value_enum, value_name = "FORMAT", alias = "label-format")]
    pub input_format: Option<BatchInputFormat>,
    /// Output format: `github` prints the verdict as a GitHub Actions
    /// annotation (`::error::` when not ready or under --fail-under).
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,
    /// How many disagreeing answers to show per concept and kind in text output.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub cases: usize,
    /// Show disagreeing answers whole (by default they are cut at 140
    /// characters).
    #[arg(long)]
    pub full: bool,
    /// How many cues to list per concept with their precision and recall
    /// against the raters (most often counted first; 0 for none).
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub cue_table: usize,
    /// Exit with status 1 when the overall QWK against the raters is below
    /// this (0 to 1): a gate for CI. A QWK that cannot be computed fails too.
    #[arg(long, value_name = "QWK", value_parser = qwk_bound)]
    pub fail_under: Option<f64>,
    /// Rubrics and model answers.
    #[command(flatten)]
    pub data: ScoringOptions,
}

/// `assay eval` output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// Readable text, the verdict first.
    Text,
    /// One JSON document.
    Json,
    /// One GitHub Actions annotation line with the verdict, for CI logs.
    Github,
}

/// A QWK bound from 0 to 1.
fn qwk_bound(text: &str) -> Result<f64, String> {
    number_in(text, 0.0, 1.0)
}

/// `assay tune`.
#[derive(Debug, clap::Args)]
#[command(after_help = help_examples::TUNE)]
pub struct TuneCommand {
    /// Labelled answers, as for `assay eval`.
    #[arg(value_name = "LABELS")]
    pub labels: PathBuf,
    /// Format of LABELS (default: from its extension, else csv).
    #[arg(long, value_enum, value_name = "FORMAT", alias = "label-format")]
    pub input_format: Option<BatchInputFormat>,
    /// Number of cross-validation folds (answers of each question are
    /// spread evenly over them).
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u16).range(2..))]
    pub folds: u16,
    /// Take folds from this CSV (`fold` with `answer_id` or `question_id`)
    /// instead of drawing them.
    #[arg(long, value_name = "FILE", conflicts_with = "folds")]
    pub folds_file: Option<PathBuf>,
    /// Seed for drawing the folds.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
    /// Propose no concept weight below this (the weights tried run from
    /// 0.25 to 4).
    #[arg(long, value_name = "W", default_value_t = 0.25, value_parser = weight_bound)]
    pub min_weight: f64,
    /// Keep each level's `min` at least this many points above the level
    /// below's (5 to 50).
    #[arg(long, value_name = "N", default_value_t = 5.0, value_parser = level_gap)]
    pub min_level_gap: f64,
    /// Move no level's `min` more than this many points from where the
    /// rubric has it (0 keeps the levels as they are; default: no limit).
    #[arg(long, value_name = "N", value_parser = threshold_shift)]
    pub max_threshold_shift: Option<f64>,
    /// Rewrite the question files in `--rubrics` with the tuned weights and
    /// levels (comments and layout kept). Without it, print a diff.
    #[arg(long)]
    pub write: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Rubrics and model answers.
    #[command(flatten)]
    pub data: ScoringOptions,
}

/// A number from `low` to `high`, as text from the command line.
fn number_in(text: &str, low: f64, high: f64) -> Result<f64, String> {
    let value: f64 = text.parse().map_err(|_| format!("`{text}` is not a number"))?;
    if (low..=high).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is not from {low} to {high}"))
    }
}

/// `--min-weight`: within the weights `tune` tries.
fn weight_bound(text: &str) -> Result<f64, String> {
    number_in(text, 0.0, 4.0)
}

/// `--min-level-gap`: at least the 5-point step of the search.
fn level_gap(text: &str) -> Result<f64, String> {
    number_in(text, 5.0, 50.0)
}

/// `--max-threshold-shift`: points on the 0-100 scale.
fn threshold_shift(text: &str) -> Result<f64, String> {
    number_in(text, 0.0, 100.0)
}

/// `assay learn`.
#[derive(Debug, clap::Args)]
#[command(after_help = help_examples::LEARN)]
pub struct LearnCommand {
    /// Labelled answers, as for `assay eval`.
    #[arg(value_name = "LABELS")]
    pub labels: PathBuf,
    /// The question to learn (its answers in LABELS are the training data).
    #[arg(long, short, value_name = "ID")]
    pub question: String,
    /// Format of LABELS (default: from its extension, else csv).
    #[arg(long, value_enum, value_name = "FORMAT", alias = "label-format")]
    pub input_format: Option<BatchInputFormat>,
    /// The metric cues, weights and levels are chosen for.
    #[arg(long, value_enum, default_value_t = LearnMetric::Qwk)]
    pub metric: LearnMetric,
    /// Most cues the learned rubric may hold.
    #[arg(long, value_name = "N", default_value_t = 150, value_parser = clap::value_parser!(u16).range(1..=2000))]
    pub max_cues: u16,
    /// Fewest answers a phrase must appear in to become a candidate cue.
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..))]
    pub min_support: u16,
    /// Number of cross-validation folds.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u16).range(2..=20))]
    pub folds: u16,
    /// Replace the question file in `--rubrics` with the learned rubric
    /// (written atomically). Without it, print a diff.
    #[arg(long)]
    pub write: bool,
    /// `--rubrics`.
    #[command(flatten)]
    pub rubrics: RubricsOption,
}

/// What `assay learn` optimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LearnMetric {
    /// Quadratic weighted kappa on levels.
    Qwk,
    /// F1 of the top level against the rest.
    F1,
    /// Mean F1 over the levels.
    MacroF1,
    /// F1 of each level weighted by its share of the answers.
    WeightedF1,
}

/// `assay score`.
#[derive(Debug, clap::Args)]
#[command(after_help = help_examples::SCORE)]
pub struct ScoreCommand {
    /// The question the answer is for (see `assay questions`).
    #[arg(long, short, value_name = "ID")]
    pub question: String,
    /// The answer text, or `-` to read it from stdin.
    #[arg(value_name = "TEXT", conflicts_with = "file")]
    pub text: Option<String>,
    /// What the answer responds to (a post, the other person's last turn),
    /// for cues with `@context`.
    #[arg(long, value_name = "TEXT")]
    pub context: Option<String>,
    /// Read the answer from this file.
    #[arg(long, short, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// After the score, list for each clause and sentence of the answer the
    /// rubric's example sentences nearest to it, with their similarity and
    /// threshold (text output; for trainers writing examples).
    #[arg(long, conflicts_with = "format")]
    pub explain: bool,
    /// Rubrics and model answers.
    #[command(flatten)]
    pub data: ScoringOptions,
}

/// `assay batch`.
#[derive(Debug, clap::Args)]
#[command(after_help = help_examples::BATCH)]
pub struct BatchCommand {
    /// CSV with a header (`candidate_id`, `question_id`, `answer`; other
    /// columns are passed through) or JSON Lines with the same fields; `-`
    /// for stdin.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
    /// Write here (atomically: a `.NAME.partial` file is renamed into place at
    /// the end; a device or pipe such as /dev/null is written in place)
    /// instead of stdout.
    #[arg(long, short, value_name = "OUTPUT")]
    pub output: Option<PathBuf>,
    /// Output format (default: from the output's extension, else jsonl).
    #[arg(long, value_enum)]
    pub format: Option<BatchOutputFormat>,
    /// Input format (default: from the input's extension, else csv).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<BatchInputFormat>,
    /// Scoring threads, 1 to 256 (default: one per core); reading and
    /// writing have a thread each besides.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
    /// Stop at the first row that cannot be scored, naming its line.
    #[arg(long)]
    pub strict: bool,
    /// Continue an interrupted run into the same -o OUTPUT, scoring only the
    /// rows not yet written.
    #[arg(long)]
    pub resume: bool,
    /// Also report the closest exemplars and the off-topic flag (slower).
    #[arg(long)]
    pub exemplars: bool,
    /// How much of each score a JSON Lines row carries: `compact` (ids,
    /// points, evidence as byte offsets, feedback kinds) or `full` (every
    /// field of `assay score --format json`: names, weights, quoted
    /// evidence with its cue, levels, feedback messages).
    #[arg(long, value_enum, default_value_t = RowDetail::Compact)]
    pub detail: RowDetail,
    /// Rubrics and model answers.
    #[command(flatten)]
    pub data: ScoringOptions,
}

/// How much of a score a batch JSON Lines row carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RowDetail {
    /// What a program needs: ids, points, evidence offsets, feedback kinds.
    Compact,
    /// Everything `assay score --format json` prints.
    Full,
}

/// Batch output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchOutputFormat {
    /// One JSON object per line.
    Jsonl,
    /// CSV, safe to open in a spreadsheet.
    Csv,
}

/// Batch input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchInputFormat {
    /// CSV with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// `assay match`.
#[derive(Debug, clap::Args)]
#[command(after_help = help_examples::MATCH)]
pub struct MatchCommand {
    /// The answer text, or `-` to read it from stdin.
    #[arg(value_name = "TEXT", conflicts_with = "file")]
    pub text: Option<String>,
    /// Read the answer from this file.
    #[arg(long, short, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// How many questions to list.
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..))]
    pub top: u16,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Rubrics and model answers.
    #[command(flatten)]
    pub data: ScoringOptions,
}

/// `assay index ...`.
#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Index a corpus folder into a folder other commands can use with `--index`.
    Build(BuildCommand),
}

/// `assay index build`.
#[derive(Debug, clap::Args)]
#[command(after_help = help_examples::INDEX_BUILD)]
pub struct BuildCommand {
    /// The corpus folder (`<question>.toml` files of exemplars), checked
    /// against `--rubrics` or the built-in rubrics.
    #[arg(long, value_name = "DIR")]
    pub corpus: PathBuf,
    /// Where to write the index (an earlier assay index there is replaced;
    /// any other non-empty folder is refused).
    #[arg(long, short, value_name = "DIR", alias = "out")]
    pub output: PathBuf,
    /// `--rubrics`.
    #[command(flatten)]
    pub rubrics: RubricsOption,
}

/// `assay questions`.
#[derive(Debug, clap::Args)]
#[command(after_help = help_examples::QUESTIONS)]
pub struct QuestionsCommand {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// `--rubrics`.
    #[command(flatten)]
    pub rubrics: RubricsOption,
}

/// `assay rubric ...`.
#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// Check a rubric folder and list every problem with file, line and column.
    Check(CheckCommand),
}

/// `assay rubric check`.
#[derive(Debug, clap::Args)]
#[command(after_help = help_examples::RUBRIC_CHECK)]
pub struct CheckCommand {
    /// The rubric folder to check (default: `--rubrics`, else the built-in rubrics).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Also check the exemplar answers in this corpus folder against the rubrics
    /// (the built-in corpus is checked with the built-in rubrics).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Also list cues that fire on none of the model answers, phrase sets,
    /// cue examples and labelled answers given (dead rubric parts), and
    /// example sentences closer to another concept than to their own. A
    /// trainer's folder needs `--corpus` or `--labels` for the cues to run on.
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
    /// Labelled answers (the `assay eval` format) whose texts also count in
    /// `--coverage`: a cue that fires on none of a trainer's real answers.
    #[arg(long, value_name = "FILE", requires = "coverage")]
    pub labels: Option<PathBuf>,
    /// Output format: each problem with its source line (`text`), one JSON
    /// object with every problem and a summary (`json`), or GitHub Actions
    /// annotations (`github`).
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

/// `assay rubric check` output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Each problem with its file, line and column, the source line and a
    /// caret under what is wrong.
    Text,
    /// One JSON object: every problem (file, line, column, end, severity,
    /// message) and a summary.
    Json,
    /// One GitHub Actions workflow command per problem
    /// (`::error file=...,line=...,col=...::message`), for CI annotations.
    Github,
}

/// `assay report`.
#[derive(Debug, clap::Args)]
#[command(after_help = help_examples::REPORT)]
pub struct ReportCommand {
    /// Batch input (CSV or JSON Lines with `candidate_id`, `question_id`,
    /// `answer`), scored first; or the output of `assay batch`, with
    /// `--answers`. `-` for stdin.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
    /// Write here: a file for one candidate, a folder with an index page for
    /// several (default: stdout, one candidate only).
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Report format (default: from the output's extension, else html).
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Report on this candidate only.
    #[arg(long, value_name = "ID")]
    pub candidate: Option<String>,
    /// When INPUT is a batch output: the batch input it was made from, which
    /// holds the answer text (rows are matched by line).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Input format (default: from the input's extension, else csv).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<BatchInputFormat>,
    /// Rubrics and model answers.
    #[command(flatten)]
    pub data: ScoringOptions,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML page per candidate.
    Html,
    /// Markdown, for a learning platform or an email.
    Md,
}

/// `assay practice`.
#[derive(Debug, clap::Args)]
#[command(after_help = help_examples::PRACTICE)]
pub struct PracticeCommand {
    /// Practise this question (default: one at random). With `--history`:
    /// show its past attempts, answers included.
    #[arg(long, short, value_name = "ID", conflicts_with_all = ["unanswered", "topic", "count"])]
    pub question: Option<String>,
    /// Pick at random only among questions with no attempt in the history.
    #[arg(long)]
    pub unanswered: bool,
    /// Pick only among questions about this: a word of the question, of its
    /// id, or of one of its concepts (`safety`, `boundaries`, `group`, ...).
    #[arg(long, value_name = "WORD")]
    pub topic: Option<String>,
    /// Practise this many different questions in one session, one after
    /// another.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=48))]
    pub count: u16,
    /// Seed for the random pick, to make it reproducible.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Show progress per question from the history instead of practising
    /// (with `--question`, that question's attempts and answers).
    #[arg(long, conflicts_with_all = ["unanswered", "seed", "topic", "count"])]
    pub history: bool,
    /// The history file (default: $ASSAY_HOME/practice.jsonl, else
    /// $XDG_DATA_HOME/assay/practice.jsonl, else
    /// ~/.local/share/assay/practice.jsonl).
    #[arg(long, value_name = "FILE")]
    pub history_file: Option<PathBuf>,
    /// Rubrics and model answers.
    #[command(flatten)]
    pub data: ScoringOptions,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Readable text.
    Text,
    /// One JSON document.
    Json,
}

/// `assay serve`.
#[derive(Debug, clap::Args)]
#[command(after_help = help_examples::SERVE)]
pub struct ServeCommand {
    /// Address to listen on. Anything but a loopback address is reachable
    /// from other machines: give it a --token.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub addr: std::net::SocketAddr,
    /// Require this bearer token on every request but /v1/health (or set
    /// ASSAY_TOKEN, which keeps it out of the process list). Browsers give
    /// it once as ?token=TOKEN.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Allow browser pages from this origin (e.g. https://lms.example.org)
    /// to call the API; without it, no cross-origin access.
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Option<String>,
    /// Requests scored at once, 1 to 256 (default: one per core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
    /// Largest request body for one answer, in bytes.
    #[arg(long, default_value_t = 1 << 20, value_name = "BYTES")]
    pub max_body: usize,
    /// Largest /v1/batch request body, in bytes.
    #[arg(long, default_value_t = 64 << 20, value_name = "BYTES")]
    pub max_batch_body: u64,
    /// Rubrics and model answers.
    #[command(flatten)]
    pub data: ScoringOptions,
}
