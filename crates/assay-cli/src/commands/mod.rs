//! One module per subcommand.

mod eval;
mod index_build;
mod learn;
mod matching;
mod practice;
mod questions;
mod report;
mod rubric_check;
mod score;
mod tune;

use std::io::Write;

use anyhow::anyhow;
use clap::CommandFactory;

use crate::args::{Args, Command, IndexCommand, RubricCommand};
use crate::data::{builtin, load_dir, Loaded};
use crate::diagnostics::{render, Diagnostic};
use crate::style::Styling;
use crate::ExitStatus;

/// Runs the subcommand in `args`.
pub fn run(args: &Args, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    match &args.command {
        Command::Score(command) => {
            score::run(command, args, &load_for(args, Some(&[&command.question]))?, out)
        }
        Command::Batch(command) => crate::batch::run(command, args, &load(args)?, out),
        Command::Match(command) => matching::run(command, args, &load(args)?, out),
        Command::Index(IndexCommand::Build(command)) => {
            index_build::run(command, &load(args)?, out)
        }
        Command::Questions(command) => questions::run(command, &load_for(args, Some(&[]))?, out),
        Command::Rubric(RubricCommand::Check(command)) => rubric_check::run(command, args, out),
        Command::Eval(command) => eval::run(command, args, &load(args)?, out),
        Command::Tune(command) => tune::run(command, args, out),
        Command::Learn(command) => learn::run(command, args, out),
        Command::Report(command) => report::run(command, args, &load(args)?, out),
        Command::Practice(command) => practice::run(command, args, &load(args)?, out),
        Command::Serve(command) => crate::serve::run(command, args, load(args)?),
        Command::Completions(command) => {
            let mut cli = Args::command();
            clap_complete::generate(command.shell, &mut cli, "assay", out);
            Ok(ExitStatus::Success)
        }
        Command::Man => {
            clap_mangen::Man::new(Args::command()).render(out)?;
            Ok(ExitStatus::Success)
        }
    }
}

/// The rubrics `--rubrics` names, or the built-in ones, validated.
fn load(args: &Args) -> anyhow::Result<Loaded> {
    load_for(args, None)
}

/// Like [`load`], but a command about the questions `ids` compiles only
/// those of the built-in set (see [`crate::DataSet::load_for`]).
fn load_for(args: &Args, ids: Option<&[&str]>) -> anyhow::Result<Loaded> {
    let data = match &args.rubrics {
        Some(dir) => load_dir(dir, args.corpus.as_deref(), None, None)?,
        None => builtin(),
    };
    let mut loaded = data.load_for(ids).map_err(|errors| {
        let styled = Styling::for_stderr().is_colored();
        let shown: String = errors
            .0
            .iter()
            .map(|e| {
                let file = data.file(&e.path);
                render(&Diagnostic::from_load_error(e, file), file, styled)
            })
            .collect();
        let n = errors.0.len();
        anyhow!(
            "{n} problem{} in the rubrics (`assay rubric check DIR` checks a folder without scoring):\n\n{}",
            if n == 1 { "" } else { "s" },
            shown.trim_end()
        )
    })?;
    if args.semantic {
        loaded.rubrics = loaded.rubrics.with_semantic_matcher();
    }
    if args.no_concept_estimate {
        loaded.rubrics = loaded.rubrics.without_concept_estimate();
    }
    if args.resemblance {
        loaded.rubrics = loaded.rubrics.with_red_flag_resemblance();
    }
    Ok(loaded)
}
