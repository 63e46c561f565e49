//! Reading a labelled file for `assay eval` and `assay tune`.

use std::fs;
use std::path::Path;

use anyhow::Context;
use assay_eval::{LabelFormat, LabelSet};
use assay_score::RubricSet;

use crate::args::BatchInputFormat;

/// Reads and validates the labelled answers in `path`.
///
/// # Errors
///
/// The file cannot be read, or has problems (all of them are listed).
pub fn read(
    path: &Path,
    format: Option<BatchInputFormat>,
    rubrics: &RubricSet,
) -> anyhow::Result<LabelSet> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let jsonl = path.extension().is_some_and(|e| e == "jsonl" || e == "ndjson");
    let format = match format {
        Some(BatchInputFormat::Jsonl) => LabelFormat::Jsonl,
        Some(BatchInputFormat::Csv) => LabelFormat::Csv,
        None if jsonl => LabelFormat::Jsonl,
        None => LabelFormat::Csv,
    };
    let labels = LabelSet::parse(&path.display().to_string(), &bytes, format, rubrics)?;
    if labels.answers.is_empty() {
        anyhow::bail!("{} holds no labelled answers", path.display());
    }
    Ok(labels)
}
