//! `assay score`: one answer, one verdict.

use std::io::Write;

use anyhow::bail;
use assay_score::Scorer;

use crate::args::{Args, OutputFormat, ScoreCommand};
use crate::data::Loaded;
use crate::input::read_answer;
use crate::score_json::score_object;
use crate::{exemplars, text, ExitStatus};

/// Examples shown per clause or sentence with `--explain`.
const EXPLAIN_PER_RUN: usize = 3;

pub fn run(
    command: &ScoreCommand,
    args: &Args,
    data: &Loaded,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let Some(rubric) = data.rubrics.get(&command.question) else {
        let suggestions = data.rubrics.suggest(&command.question);
        let hint = if suggestions.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
            format!("; did you mean {}?", quoted.join(" or "))
        };
        bail!("unknown question `{}`{hint} (`assay questions` lists them all)", command.question);
    };
    let answer = read_answer(command.text.as_deref(), command.file.as_deref())?;
    let index = exemplars::open_if_any(args.index.as_deref(), data)?;
    let mut scorer = Scorer::new();
    let context = command.context.as_deref();
    let score = exemplars::score(&mut scorer, rubric, &answer, context, index.as_ref());
    match command.format {
        OutputFormat::Text => {
            text::write_score(out, rubric, &score, &answer)?;
            if command.explain {
                let runs = scorer.explain(rubric, &answer, EXPLAIN_PER_RUN);
                text::write_nearest_examples(out, rubric, &runs, &answer)?;
            }
        }
        OutputFormat::Json => {
            // Written compact, then laid out for people; key order is kept
            // (serde_json's preserve_order).
            let compact = score_object(&score, &answer, data.rubrics.fingerprint());
            let object: serde_json::Value = serde_json::from_slice(&compact)?;
            serde_json::to_writer_pretty(&mut *out, &object)?;
            writeln!(out)?;
        }
    }
    Ok(ExitStatus::Success)
}
