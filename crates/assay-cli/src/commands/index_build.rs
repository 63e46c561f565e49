//! `assay index build`: a persistent exemplar index for a trainer's corpus.

use std::io::Write;
use std::time::Instant;

use anyhow::bail;
use assay_index::ExemplarIndex;

use crate::args::BuildCommand;
use crate::data::Loaded;
use crate::{exemplars, ExitStatus};

pub fn run(
    command: &BuildCommand,
    data: &Loaded,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let started = Instant::now();
    let corpus = exemplars::corpus_at(&command.corpus, data)?;
    if corpus.exemplars.is_empty() {
        bail!(
            "{} holds no model answers (<question>.toml files with [[exemplars]]): an index of them would be empty",
            command.corpus.display()
        );
    }
    let corpus_dir = command
        .corpus
        .canonicalize()
        .unwrap_or_else(|_| command.corpus.clone())
        .display()
        .to_string();
    let (_, manifest) = ExemplarIndex::build(&corpus, &corpus_dir, &command.output)?;
    writeln!(
        out,
        "indexed {} exemplars from {} into {} in {:.0?} (corpus hash {})",
        manifest.exemplars,
        corpus_dir,
        command.output.display(),
        started.elapsed(),
        manifest.corpus_hash
    )?;
    Ok(ExitStatus::Success)
}
