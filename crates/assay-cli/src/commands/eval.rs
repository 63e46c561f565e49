//! `assay eval`: agreement with human-scored answers.

use std::io::Write;

use assay_eval::{evaluate, Case, ConceptAgreement, EvalReport};

use crate::agreement_text::{figure, write_confusion, write_header, write_row};
use crate::args::{Args, EvalCommand, OutputFormat};
use crate::data::Loaded;
use crate::{exemplars, labels, ExitStatus};

pub fn run(
    command: &EvalCommand,
    args: &Args,
    data: &Loaded,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let labels = labels::read(&command.labels, command.label_format, &data.rubrics)?;
    let judged = exemplars::judge(args.index.as_deref(), data, &labels)?;
    let report = evaluate(&data.rubrics, &labels, &judged);
    match command.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        OutputFormat::Text => write_text(out, &report, command)?,
    }
    let Some(bound) = command.fail_under else { return Ok(ExitStatus::Success) };
    let qwk = report.overall.qwk;
    #[allow(clippy::print_stderr)]
    if qwk.is_none_or(|q| q < bound) {
        let shown = qwk.map_or_else(|| "cannot be computed".to_owned(), |q| format!("{q:.3}"));
        eprintln!("assay eval: overall QWK {shown}, under --fail-under {bound}");
        return Ok(ExitStatus::Failure);
    }
    Ok(ExitStatus::Success)
}

fn write_text(
    out: &mut dyn Write,
    report: &EvalReport,
    command: &EvalCommand,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{}: {} answers, {} ratings, {} questions",
        command.labels.display(),
        report.answers,
        report.ratings,
        report.questions.len()
    )?;
    let width = report.questions.iter().map(|q| q.question.len()).max().unwrap_or(7).max(22);
    writeln!(out, "\nassay against the human consensus (mean of the raters)")?;
    write_header(out, width)?;
    write_row(out, "overall", width, &report.overall)?;
    for q in &report.questions {
        write_row(out, &q.question, width, &q.agreement)?;
    }
    match (&report.human_human, &report.machine_on_multi_rated) {
        (Some(human), Some(machine)) => {
            writeln!(
                out,
                "\nhuman ceiling, on the {} answers with two or more ratings",
                machine.n
            )?;
            write_header(out, width)?;
            write_row(out, "rater against rater", width, human)?;
            write_row(out, "assay against consensus", width, machine)?;
        }
        _ => writeln!(out, "\nhuman ceiling: no answer has two ratings, so it cannot be measured")?,
    }
    if report.levels_shared {
        writeln!(out, "\nlevels (rows: human consensus, columns: assay)")?;
        write_confusion(out, &report.level_names, &report.overall)?;
    }
    if !report.concepts.is_empty() {
        writeln!(out, "\nconcepts (against the raters' consensus; ties and questions without the concept left out)")?;
        writeln!(
            out,
            "  {:20} {:>4} {:>4} {:>4} {:>4} {:>9} {:>6} {:>5} {:>8}",
            "", "TP", "FP", "FN", "TN", "precision", "recall", "F1", "disputed"
        )?;
        for c in &report.concepts {
            writeln!(
                out,
                "  {:20} {:>4} {:>4} {:>4} {:>4} {:>9} {:>6} {:>5} {:>8}",
                c.concept,
                c.true_positives,
                c.false_positives,
                c.false_negatives,
                c.true_negatives,
                figure(c.precision, 2),
                figure(c.recall, 2),
                figure(c.f1, 2),
                c.disputed
            )?;
        }
        for c in &report.concepts {
            write_cues(out, c, command.cue_table)?;
            write_cases(out, c, command.cases, command.full)?;
        }
    }
    writeln!(out, "\nreadiness for automated scoring (Williamson, Xi and Breyer 2012)")?;
    for check in &report.verdict.checks {
        let result = match check.passed {
            Some(true) => "pass",
            Some(false) => "FAIL",
            None => "not measured",
        };
        writeln!(
            out,
            "  {:38} {:>7}  {:14} {result}",
            check.name,
            figure(check.value, 3),
            check.threshold
        )?;
    }
    let verdict = match report.verdict.ready {
        Some(true) => "ready: every threshold is met",
        Some(false) => "not ready: at least one threshold is missed",
        None => "undecided: no threshold is missed, but one could not be measured",
    };
    writeln!(out, "  verdict: {verdict}")
}

/// The concept's most often counted cues, with how far the raters agree.
fn write_cues(out: &mut dyn Write, c: &ConceptAgreement, limit: usize) -> std::io::Result<()> {
    if limit == 0 || c.cues.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "\n  {} cues ({} counted in a judged answer; precision: share of those answers the raters say show it; recall: share of the answers that show it):",
        c.concept,
        c.cues.len()
    )?;
    writeln!(out, "    {:>5} {:>9} {:>6}  cue", "count", "precision", "recall")?;
    for cue in c.cues.iter().take(limit) {
        writeln!(
            out,
            "    {:>5} {:>9} {:>6}  {}",
            cue.fired,
            figure(Some(cue.precision), 2),
            figure(cue.recall, 2),
            cue.cue
        )?;
    }
    Ok(())
}

fn write_cases(
    out: &mut dyn Write,
    c: &ConceptAgreement,
    limit: usize,
    full: bool,
) -> std::io::Result<()> {
    if limit == 0 {
        return Ok(());
    }
    for (kind, cases) in
        [("false positives", &c.false_positive_cases), ("false negatives", &c.false_negative_cases)]
    {
        if cases.is_empty() {
            continue;
        }
        writeln!(out, "\n  {} {kind} ({} in all):", c.concept, cases.len())?;
        for case in cases.iter().take(limit) {
            write_case(out, case, full)?;
        }
    }
    Ok(())
}

fn write_case(out: &mut dyn Write, case: &Case, full: bool) -> std::io::Result<()> {
    let answer = if full { case.answer.clone() } else { excerpt(&case.answer, 140) };
    writeln!(out, "    {} ({}): \"{answer}\"", case.answer_id, case.question)?;
    for (cue, text, negated) in &case.evidence {
        let how = if *negated { "negated, earned nothing" } else { "counted" };
        writeln!(out, "      cue `{cue}` matched \"{text}\" ({how})")?;
    }
    Ok(())
}

/// The start of `text` on one line, at most `max` characters.
fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        format!("{}...", flat.chars().take(max).collect::<String>())
    }
}
