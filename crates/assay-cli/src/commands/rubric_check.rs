//! `assay rubric check`: validate a rubric folder for a trainer.

use std::io::Write;

use crate::args::{Args, CheckCommand};
use crate::data::{builtin, load_dir};
use crate::ExitStatus;

pub fn run(command: &CheckCommand, args: &Args, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let dir = command.dir.as_deref().or(args.rubrics.as_deref());
    let (label, data) = match dir {
        Some(dir) => (
            dir.display().to_string(),
            load_dir(dir, command.corpus.as_deref())?,
        ),
        None => ("built-in rubrics".to_owned(), builtin()),
    };
    match data.load() {
        Ok(loaded) => {
            writeln!(
                out,
                "{label}: ok ({} concepts, {} questions, {} exemplars)",
                loaded.rubrics.library().count(),
                loaded.rubrics.rubrics().count(),
                loaded.corpus.exemplars.len()
            )?;
            Ok(ExitStatus::Success)
        }
        Err(errors) => {
            for error in &errors.0 {
                writeln!(out, "{error}")?;
            }
            let n = errors.0.len();
            writeln!(
                out,
                "{label}: {n} problem{} found",
                if n == 1 { "" } else { "s" }
            )?;
            Ok(ExitStatus::Failure)
        }
    }
}
