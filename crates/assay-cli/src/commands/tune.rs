//! `assay tune`: fit weights and levels to human scores, report the
//! cross-validated gain, suggest rubric edits, and show or write the change.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use assay_eval::{
    cross_validate, random_folds, rewrite_question, suggest, tune_all, tune_warnings, Bounds,
    CrossValidated, FoldMap, Suggestions, TuneWarning, TunedQuestion,
};
use assay_score::RubricSet;
use serde::Serialize;

use crate::agreement_text::{write_header, write_row};
use crate::args::{Args, OutputFormat, TuneCommand};
use crate::diff::write_unified;
use crate::output_files::write_file_atomically;
use crate::style::{Role, Styling};
use crate::{exemplars, labels, ExitStatus};

/// A question file and its tuned text.
struct Rewrite {
    path: PathBuf,
    before: String,
    after: String,
}

#[derive(Serialize)]
struct TuneJson<'a> {
    cross_validated: &'a CrossValidated,
    tuned: &'a [TunedQuestion],
    warnings: &'a [TuneWarning],
    suggestions: &'a Suggestions,
    changed_files: Vec<String>,
    written: bool,
}

pub fn run(command: &TuneCommand, args: &Args, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let Some(dir) = &args.rubrics else {
        bail!("`assay tune` works on a rubric folder you can edit: pass --rubrics DIR");
    };
    let loaded = super::load(args)?;
    let rubrics = &loaded.rubrics;
    let labels = labels::read(&command.labels, command.input_format, rubrics)?;
    let (folds, k) = match &command.folds_file {
        Some(path) => {
            let bytes =
                fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            let map = FoldMap::parse(&path.display().to_string(), &bytes)?;
            map.assign(&labels).map_err(anyhow::Error::msg)?
        }
        None => (
            random_folds(&labels, usize::from(command.folds), command.seed),
            usize::from(command.folds),
        ),
    };
    let judged = exemplars::judge(args.index.as_deref(), &loaded, &labels)?;
    let bounds = Bounds {
        min_weight: command.min_weight,
        min_level_gap: command.min_level_gap,
        max_threshold_shift: command.max_threshold_shift,
    };
    let cv = cross_validate(rubrics, &labels, &judged, &folds, k, &bounds);
    let tuned = tune_all(rubrics, &labels, &judged, &bounds);
    let warnings = tune_warnings(rubrics, &judged, &folds, k, &cv, &tuned);
    let suggestions = suggest(rubrics, &judged);
    let rewrites = rewrites(dir, rubrics, &tuned)?;
    if command.write {
        for r in &rewrites {
            write_file_atomically(&r.path, r.after.as_bytes())?;
        }
    }
    match command.format {
        OutputFormat::Json => {
            let json = TuneJson {
                cross_validated: &cv,
                tuned: &tuned,
                warnings: &warnings,
                suggestions: &suggestions,
                changed_files: rewrites.iter().map(|r| r.path.display().to_string()).collect(),
                written: command.write,
            };
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)?;
        }
        OutputFormat::Text => {
            write_cv(out, command, &cv)?;
            write_warnings(out, &warnings, Styling::for_stdout())?;
            write_tuned(out, rubrics, &tuned)?;
            write_suggestions(out, &suggestions)?;
            write_changes(out, &rewrites, command.write)?;
        }
    }
    Ok(ExitStatus::Success)
}

/// The question files whose text changes under the tuned values.
fn rewrites(
    dir: &Path,
    rubrics: &RubricSet,
    tuned: &[TunedQuestion],
) -> anyhow::Result<Vec<Rewrite>> {
    let mut out = Vec::new();
    for t in tuned.iter().filter(|t| t.after != t.before) {
        let rubric = rubrics.get(&t.question).expect("tuned questions have rubrics");
        let path = dir.join("questions").join(format!("{}.toml", t.question));
        let before =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let after = rewrite_question(&path.display().to_string(), &before, rubric, &t.after)?;
        out.push(Rewrite { path, before, after });
    }
    Ok(out)
}

fn write_cv(
    out: &mut dyn Write,
    command: &TuneCommand,
    cv: &CrossValidated,
) -> std::io::Result<()> {
    let folds = match &command.folds_file {
        Some(path) => format!("{} folds from {}", cv.folds, path.display()),
        None => format!("{} folds, seed {}", cv.folds, command.seed),
    };
    writeln!(out, "cross-validated agreement with the human consensus ({folds})")?;
    writeln!(out, "each answer is scored with weights and levels fitted without its fold\n")?;
    let width = cv.questions.iter().map(|q| q.0.len() + 10).max().unwrap_or(0).max(20);
    write_header(out, width)?;
    write_row(out, "overall, untuned", width, &cv.untuned)?;
    write_row(out, "overall, tuned", width, &cv.tuned)?;
    for (q, untuned, tuned) in &cv.questions {
        write_row(out, &format!("{q}, untuned"), width, untuned)?;
        write_row(out, &format!("{q}, tuned"), width, tuned)?;
    }
    Ok(())
}

/// Each warning, then what the kinds present mean and which options
/// address them.
fn write_warnings(
    out: &mut dyn Write,
    warnings: &[TuneWarning],
    styling: Styling,
) -> std::io::Result<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    for warning in warnings {
        writeln!(out, "{} {warning}", styling.paint(Role::Warning, "warning:"))?;
    }
    let any = |kind: fn(&TuneWarning) -> bool| warnings.iter().any(kind);
    if any(|w| matches!(w, TuneWarning::ThresholdDrop { .. } | TuneWarning::LevelsClose { .. })) {
        writeln!(out, "  levels that collapse can raise QWK without better totals: bound them with --max-threshold-shift N (0 keeps them) or --min-level-gap N")?;
    }
    if any(|w| matches!(w, TuneWarning::PearsonDrops { .. } | TuneWarning::SmdUnmoved { .. })) {
        writeln!(out, "  a falling Pearson r or an unmoved SMD means the tuned totals do not follow the raters better: review the weights before --write (--min-weight W keeps concepts from being dropped)")?;
    }
    if any(|w| {
        matches!(w, TuneWarning::FewAnswersPerFold { .. } | TuneWarning::SingleLevelFold { .. })
    }) {
        writeln!(
            out,
            "  too small a sample for the folds: use fewer --folds, or label more answers"
        )?;
    }
    Ok(())
}

fn write_tuned(
    out: &mut dyn Write,
    rubrics: &RubricSet,
    tuned: &[TunedQuestion],
) -> std::io::Result<()> {
    writeln!(out, "\nfitted on all labelled answers")?;
    for t in tuned {
        let rubric = rubrics.get(&t.question).expect("checked");
        let mut changes = Vec::new();
        for ((concept, before), after) in
            rubric.concepts.iter().zip(&t.before.weights).zip(&t.after.weights)
        {
            if before != after {
                changes.push(format!("{} weight {before} -> {after}", concept.id));
            }
        }
        for ((level, before), after) in
            rubric.levels.iter().zip(&t.before.level_mins).zip(&t.after.level_mins)
        {
            if before != after {
                changes.push(format!("{} from {before} -> {after}", level.name));
            }
        }
        let what = if changes.is_empty() { "no change".to_owned() } else { changes.join(", ") };
        writeln!(out, "  {} ({} answers): {what}", t.question, t.answers)?;
    }
    Ok(())
}

fn write_suggestions(out: &mut dyn Write, s: &Suggestions) -> std::io::Result<()> {
    writeln!(
        out,
        "\nwording common in high-scored answers (upper half of the human levels) that no cue counted"
    )?;
    if s.terms.is_empty() {
        writeln!(out, "  none")?;
    }
    for skipped in &s.skipped {
        writeln!(out, "  {}: nothing to suggest: {}", skipped.question, skipped.reason)?;
    }
    for t in &s.terms {
        writeln!(
            out,
            "  {}: \"{}\" in {} of {} high-scored and {} of {} low-scored answers (e.g. {})",
            t.question,
            t.term,
            t.high.0,
            t.high.1,
            t.low.0,
            t.low.1,
            t.examples.join(", ")
        )?;
    }
    writeln!(out, "\ncues that count mostly in low-scored answers")?;
    if s.cues.is_empty() {
        writeln!(out, "  none")?;
    }
    for c in &s.cues {
        writeln!(
            out,
            "  {} / {}: `{}` in {} low-scored and {} high-scored answers (e.g. {})",
            c.question,
            c.concept,
            c.cue,
            c.low,
            c.high,
            c.examples.join(", ")
        )?;
    }
    Ok(())
}

fn write_changes(out: &mut dyn Write, rewrites: &[Rewrite], written: bool) -> std::io::Result<()> {
    if rewrites.is_empty() {
        return writeln!(out, "\nno rubric file changes");
    }
    if written {
        writeln!(out, "\nrewrote {} question files:", rewrites.len())?;
        for r in rewrites {
            writeln!(out, "  {}", r.path.display())?;
        }
        return Ok(());
    }
    writeln!(out, "\nchanges to the rubric files (run again with --write to apply):")?;
    for r in rewrites {
        let name = r.path.display().to_string();
        write_unified(out, &name, &r.before, &r.after, Styling::for_stdout())?;
    }
    Ok(())
}
