//! `assay learn`: a question's rubric learned from human-scored answers,
//! shown as a diff of its file or written over it.

use std::fs;
use std::io::Write;

use anyhow::{bail, Context};
use assay_eval::{learn, LearnOptions, Objective, QuestionText, Sample};
use assay_score::Weighting;

use crate::args::{Args, LearnCommand, LearnMetric};
use crate::diff::write_unified;
use crate::output_files::write_file_atomically;
use crate::style::Styling;
use crate::{labels, ExitStatus};

pub fn run(command: &LearnCommand, args: &Args, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let Some(dir) = &args.rubrics else {
        bail!("`assay learn` works on a rubric folder you can edit: pass --rubrics DIR");
    };
    let loaded = super::load(args)?;
    let rubric = loaded
        .rubrics
        .get(&command.question)
        .with_context(|| format!("no question `{}` in {}", command.question, dir.display()))?;
    let labels = labels::read(&command.labels, command.input_format, &loaded.rubrics)?;
    let weighting = Weighting::of(rubric);
    let answers: Vec<_> = labels.of_question(&command.question).collect();
    let samples: Vec<Sample> = answers
        .iter()
        .map(|a| Sample {
            text: &a.answer,
            level: weighting.level_index(a.human_score()),
            // A stable hash of the answer id: its ratings stay in one fold.
            group: assay_text::stem_key(&a.id),
            context: a.context.as_deref(),
        })
        .collect();
    let objective = match command.metric {
        LearnMetric::Qwk => Objective::Qwk,
        LearnMetric::F1 => Objective::F1,
        LearnMetric::MacroF1 => Objective::MacroF1,
        LearnMetric::WeightedF1 => Objective::WeightedF1,
    };
    let options = LearnOptions {
        objective,
        max_cues: usize::from(command.max_cues),
        min_support: usize::from(command.min_support),
        folds: usize::from(command.folds),
    };
    let learned = learn(&samples, rubric.levels.len(), &options).with_context(|| {
        format!("learning `{}` from {}", command.question, command.labels.display())
    })?;
    let level_names: Vec<String> = rubric.levels.iter().map(|l| l.name.clone()).collect();
    let after = learned.question_toml(&QuestionText {
        id: &rubric.id,
        question: &rubric.question,
        source: &rubric.source,
        levels: &level_names,
    });
    let path = dir.join("questions").join(format!("{}.toml", rubric.id));
    let before =
        fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let after = after + &kept_red_flags(&before);
    let mut counts = vec![0usize; level_names.len()];
    samples.iter().for_each(|s| counts[s.level] += 1);
    let spread: Vec<String> =
        level_names.iter().zip(&counts).map(|(n, c)| format!("{n} {c}")).collect();
    writeln!(
        out,
        "learned `{}` from {} answers ({})",
        rubric.id,
        samples.len(),
        spread.join(", ")
    )?;
    writeln!(
        out,
        "{} candidate phrases; {} cues kept ({} adding points, {} taking them off); L2 {}",
        learned.candidates,
        learned.cues.len(),
        learned.cues.iter().filter(|c| c.weight > 0).count(),
        learned.cues.iter().filter(|c| c.weight < 0).count(),
        learned.l2
    )?;
    writeln!(
        out,
        "cross-validated {} over {} folds: {:.3} (held-out answers only; the figure to expect on new ones)",
        metric_name(command.metric),
        learned.folds,
        learned.cross_validated
    )?;
    if command.write {
        write_file_atomically(&path, after.as_bytes())?;
        writeln!(out, "\nwrote {}", path.display())?;
    } else {
        writeln!(out, "\nchanges to {} (run again with --write to apply):", path.display())?;
        let name = path.display().to_string();
        write_unified(out, &name, &before, &after, Styling::for_stdout())?;
    }
    Ok(ExitStatus::Success)
}

/// The `[[red-flags]]` of a question file, as written, for the learned file
/// to keep: learning adds phrases, it never drops a safety check.
fn kept_red_flags(question_file: &str) -> String {
    let Ok(document) = question_file.parse::<toml_edit::DocumentMut>() else {
        return String::new();
    };
    let Some(flags) = document.get("red-flags").and_then(toml_edit::Item::as_array_of_tables)
    else {
        return String::new();
    };
    let mut out = String::from("\n# Red flags kept from the rubric before learning.\n");
    for table in flags {
        let mut table = table.clone();
        table.decor_mut().clear();
        out.push_str(&format!("\n[[red-flags]]\n{table}"));
    }
    out
}

fn metric_name(metric: LearnMetric) -> &'static str {
    match metric {
        LearnMetric::Qwk => "QWK",
        LearnMetric::F1 => "F1",
        LearnMetric::MacroF1 => "macro-F1",
        LearnMetric::WeightedF1 => "weighted F1",
    }
}
