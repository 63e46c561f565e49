//! `assay rubric check`: validate a rubric folder for a trainer.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::anyhow;
use assay_score::{
    confusable_examples, silent_cues, ConfusableExample, CueExamples, LoadErrors, PhraseSet,
};

use crate::args::{Args, CheckCommand};
use crate::data::{builtin, load_dir, Loaded};
use crate::ExitStatus;

pub fn run(command: &CheckCommand, args: &Args, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let dir = command.dir.as_deref().or(args.rubrics.as_deref());
    let (label, data) = match dir {
        Some(dir) => (
            dir.display().to_string(),
            load_dir(
                dir,
                command.corpus.as_deref(),
                command.phrases.as_deref(),
                command.examples.as_deref(),
            )?,
        ),
        None => ("built-in rubrics".to_owned(), builtin()),
    };
    let loaded = match data.load() {
        Ok(loaded) => loaded,
        Err(errors) => return report_problems(out, &label, &errors),
    };
    writeln!(
        out,
        "{label}: ok ({} concepts, {} shared red flags, {} questions, {} exemplars)",
        loaded.rubrics.library().count(),
        loaded.rubrics.library_red_flags().count(),
        loaded.rubrics.rubrics().count(),
        loaded.corpus.exemplars.len()
    )?;
    if !command.coverage {
        return Ok(ExitStatus::Success);
    }
    let phrases = PhraseSet::load_all(&data.phrases).map_err(|e| anyhow!("{e}"))?;
    let examples = CueExamples::load_all(&data.cue_examples).map_err(|e| anyhow!("{e}"))?;
    let sentences: Vec<&str> = phrases
        .iter()
        .flat_map(|p| p.positive.iter())
        .chain(examples.iter().flat_map(|(_, e)| e.examples.iter()))
        .map(String::as_str)
        .collect();
    let labelled = match &command.labels {
        Some(path) => Some(crate::labels::read(path, None, &loaded.rubrics)?),
        None => None,
    };
    let answers: Vec<&str> =
        labelled.iter().flat_map(|l| &l.answers).map(|a| a.answer.as_str()).collect();
    coverage(out, &loaded, &sentences, &answers)
}

fn report_problems(
    out: &mut dyn Write,
    label: &str,
    errors: &LoadErrors,
) -> anyhow::Result<ExitStatus> {
    for error in &errors.0 {
        writeln!(out, "{error}")?;
    }
    let n = errors.0.len();
    writeln!(out, "{label}: {n} problem{} found", if n == 1 { "" } else { "s" })?;
    Ok(ExitStatus::Failure)
}

fn coverage(
    out: &mut dyn Write,
    loaded: &Loaded,
    sentences: &[&str],
    answers: &[&str],
) -> anyhow::Result<ExitStatus> {
    let exemplars = loaded.corpus.exemplars.iter().map(|e| e.text.as_str());
    let texts: Vec<&str> =
        exemplars.chain(sentences.iter().copied()).chain(answers.iter().copied()).collect();
    let silent = silent_cues(&loaded.rubrics, texts.iter().copied());
    for cue in &silent {
        writeln!(
            out,
            "{}: {}: cue `{}` fires on no exemplar, phrase or labelled answer",
            cue.file, cue.owner, cue.cue
        )?;
    }
    let confusable = confusable_examples(&loaded.rubrics);
    let mut pairs: BTreeMap<(&str, &str, &str), Vec<&ConfusableExample>> = BTreeMap::new();
    for c in &confusable {
        pairs.entry((&c.file, &c.concept, &c.other)).or_default().push(c);
    }
    for ((file, concept, other), examples) in &pairs {
        let worst = examples
            .iter()
            .max_by(|a, b| (a.similarity - a.own).total_cmp(&(b.similarity - b.own)));
        let worst = worst.expect("a pair has at least one example");
        writeln!(
            out,
            "{file}: {concept}: {} example{} closer to `{other}` than to its own, e.g. `{}` ({:.2} to `{}`, {:.2} to its own)",
            examples.len(),
            if examples.len() == 1 { " is" } else { "s are" },
            worst.example,
            worst.similarity,
            worst.other_example,
            worst.own
        )?;
    }
    writeln!(out, "coverage: {} example{} closer to another concept than to its own (the semantic matcher, `--semantic`, may credit the wrong one)", confusable.len(), if confusable.len() == 1 { "" } else { "s" })?;
    writeln!(
        out,
        "coverage: {} silent cue{} over {} exemplars, {} phrases and cue examples, and {} labelled answer{}",
        silent.len(),
        if silent.len() == 1 { "" } else { "s" },
        loaded.corpus.exemplars.len(),
        sentences.len(),
        answers.len(),
        if answers.len() == 1 { "" } else { "s" }
    )?;
    Ok(if silent.is_empty() { ExitStatus::Success } else { ExitStatus::Failure })
}
