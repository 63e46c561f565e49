//! `assay rubric check`: validate a rubric folder for a trainer.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::{anyhow, bail};
use assay_score::{
    confusable_examples, silent_cues, ConfusableExample, CueExamples, PhraseSet, SilentCue,
};

use crate::args::{Args, CheckCommand, CheckFormat};
use crate::data::{builtin, load_dir, DataSet, Loaded};
use crate::diagnostics::{
    render, CheckJson, CoverageCounts, Diagnostic, RubricCounts, Severity, SummaryJson,
};
use crate::github;
use crate::style::Styling;
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
    let nothing_to_run_cues_on = data.corpus.is_empty()
        && data.phrases.is_empty()
        && data.cue_examples.is_empty()
        && command.labels.is_none();
    if command.coverage && nothing_to_run_cues_on {
        bail!(
            "--coverage runs every cue over model answers or labelled answers, and {label} comes with neither: pass --corpus DIR (model answers, `<question>.toml` files) or --labels FILE (answers in the `assay eval` format), or both; without them every cue would look dead"
        );
    }
    let mut check = Check { label, diagnostics: Vec::new(), rubrics: None, coverage: None };
    match data.load() {
        Err(errors) => {
            check.diagnostics = errors
                .0
                .iter()
                .map(|e| Diagnostic::from_load_error(e, data.file(&e.path)))
                .collect();
        }
        Ok(loaded) => {
            check.rubrics = Some(RubricCounts {
                concepts: loaded.rubrics.library().count(),
                red_flags: loaded.rubrics.library_red_flags().count(),
                questions: loaded.rubrics.rubrics().count(),
                exemplars: loaded.corpus.exemplars.len(),
            });
            if command.coverage {
                check.coverage = Some(coverage(command, &data, &loaded, &mut check.diagnostics)?);
            }
        }
    }
    match command.format {
        CheckFormat::Text => write_text(out, &check, &data)?,
        CheckFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &check.json())?;
            writeln!(out)?;
        }
        CheckFormat::Github => write_github(out, &check)?,
    }
    let silent = check.coverage.is_some_and(|c| c.silent_cues > 0);
    Ok(if check.errors() > 0 || silent { ExitStatus::Failure } else { ExitStatus::Success })
}

/// What one check found.
struct Check {
    /// The folder checked, or `built-in rubrics`.
    label: String,
    /// Errors, or (when the rubrics loaded) coverage findings.
    diagnostics: Vec<Diagnostic>,
    /// What the rubrics hold, when they loaded.
    rubrics: Option<RubricCounts>,
    /// What `--coverage` found, when asked for.
    coverage: Option<CoverageCounts>,
}

impl Check {
    fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    fn json(&self) -> CheckJson<'_> {
        let summary = SummaryJson {
            errors: self.errors(),
            warnings: self.count(Severity::Warning),
            rubrics: self.rubrics,
            coverage: self.coverage,
        };
        CheckJson::new(&self.label, &self.diagnostics, summary)
    }

    /// The closing lines: problems found or what the folder holds, then
    /// what coverage ran over.
    fn summary(&self) -> Vec<String> {
        let plural = |n: usize, one: &str, many: &str| if n == 1 { one } else { many }.to_owned();
        let mut lines = Vec::new();
        let label = &self.label;
        match self.rubrics {
            Some(r) => lines.push(format!(
                "{label}: ok ({} concepts, {} shared red flags, {} questions, {} exemplars)",
                r.concepts, r.red_flags, r.questions, r.exemplars
            )),
            None => {
                let n = self.errors();
                lines.push(format!("{label}: {n} problem{} found", plural(n, "", "s")));
            }
        }
        if let Some(c) = self.coverage {
            let n = c.confusable_examples;
            lines.push(format!("coverage: {n} example{} closer to another concept than to its own (the semantic matcher may credit the wrong one)", plural(n, "", "s")));
            lines.push(format!(
                "coverage: {} silent cue{} over {} exemplars, {} phrases and cue examples, and {} labelled answer{}",
                c.silent_cues,
                plural(c.silent_cues, "", "s"),
                c.exemplars,
                c.sentences,
                c.labelled_answers,
                plural(c.labelled_answers, "", "s")
            ));
        }
        lines
    }
}

/// Each finding with its source line, coloured when stdout is a terminal
/// (and `--color` allows), then the summary.
fn write_text(out: &mut dyn Write, check: &Check, data: &DataSet) -> anyhow::Result<()> {
    let styled = Styling::for_stdout().is_colored();
    for diagnostic in &check.diagnostics {
        out.write_all(render(diagnostic, data.file(&diagnostic.path), styled).as_bytes())?;
    }
    for line in check.summary() {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// One workflow command per finding, then the summary as plain log lines.
fn write_github(out: &mut dyn Write, check: &Check) -> anyhow::Result<()> {
    for d in &check.diagnostics {
        let level = match d.severity {
            Severity::Error => github::Level::Error,
            Severity::Warning => github::Level::Warning,
        };
        github::annotate_file(out, level, &d.path, d.start, &d.message)?;
    }
    for line in check.summary() {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Runs every cue over the model answers, phrases, cue examples and
/// labelled answers, adding a warning for each silent cue and each concept
/// with examples closer to another concept.
fn coverage(
    command: &CheckCommand,
    data: &DataSet,
    loaded: &Loaded,
    diagnostics: &mut Vec<Diagnostic>,
) -> anyhow::Result<CoverageCounts> {
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
    let exemplars = loaded.corpus.exemplars.iter().map(|e| e.text.as_str());
    let texts: Vec<&str> =
        exemplars.chain(sentences.iter().copied()).chain(answers.iter().copied()).collect();
    let silent = silent_cues(&loaded.rubrics, texts.iter().copied());
    diagnostics.extend(silent.iter().map(|cue| silent_cue(cue, data)));
    let confusable = confusable_examples(&loaded.rubrics);
    diagnostics.extend(confusable_pairs(&confusable, data));
    Ok(CoverageCounts {
        silent_cues: silent.len(),
        confusable_examples: confusable.len(),
        exemplars: loaded.corpus.exemplars.len(),
        sentences: sentences.len(),
        labelled_answers: answers.len(),
    })
}

fn silent_cue(cue: &SilentCue, data: &DataSet) -> Diagnostic {
    let message = format!(
        "cue `{}` of `{}` fires on no exemplar, phrase or labelled answer",
        cue.cue, cue.owner
    );
    Diagnostic::at_site(Severity::Warning, &cue.site, data.file(&cue.site.path), message)
}

/// One warning per concept and the other concept its examples are closer
/// to, at the example that is closest to the other concept.
fn confusable_pairs(confusable: &[ConfusableExample], data: &DataSet) -> Vec<Diagnostic> {
    let mut pairs: BTreeMap<(&str, &str, &str), Vec<&ConfusableExample>> = BTreeMap::new();
    for c in confusable {
        pairs.entry((&c.file, &c.concept, &c.other)).or_default().push(c);
    }
    pairs
        .into_iter()
        .map(|((_, concept, other), examples)| {
            let worst = examples
                .iter()
                .max_by(|a, b| (a.similarity - a.own).total_cmp(&(b.similarity - b.own)))
                .expect("a pair has at least one example");
            let message = format!(
                "{concept}: {} example{} closer to `{other}` than to its own, e.g. `{}` ({:.2} to `{}`, {:.2} to its own)",
                examples.len(),
                if examples.len() == 1 { " is" } else { "s are" },
                worst.example,
                worst.similarity,
                worst.other_example,
                worst.own
            );
            Diagnostic::at_site(Severity::Warning, &worst.site, data.file(&worst.site.path), message)
        })
        .collect()
}
