//! `assay eval`: agreement with human-scored answers.

use std::io::Write;

use assay_eval::{evaluate, Agreement, Case, ConceptAgreement, EvalReport, Verdict};

use crate::agreement_text::{
    figure, mean_gap, write_confusion, write_header, write_legend, write_row,
};
use crate::args::{Args, EvalCommand, EvalFormat};
use crate::data::Loaded;
use crate::github::{annotate, Level};
use crate::style::{Role, Styling};
use crate::{exemplars, labels, ExitStatus};

/// The annotations' title in CI logs.
const TITLE: &str = "assay eval";

pub fn run(
    command: &EvalCommand,
    args: &Args,
    data: &Loaded,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let labels = labels::read(&command.labels, command.input_format, &data.rubrics)?;
    let judged = exemplars::judge(args.index.as_deref(), data, &labels)?;
    let report = evaluate(&data.rubrics, &labels, &judged);
    let qwk = report.overall.qwk;
    // The --fail-under bound and the overall QWK as shown, when it is missed.
    let missed = command.fail_under.filter(|&bound| qwk.is_none_or(|q| q < bound)).map(|bound| {
        (bound, qwk.map_or_else(|| "cannot be computed".to_owned(), |q| format!("{q:.3}")))
    });
    match command.format {
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            writeln!(out)?;
        }
        EvalFormat::Text => write_text(out, &report, command, Styling::for_stdout())?,
        EvalFormat::Github => {
            let (level, message) = verdict_annotation(&report);
            annotate(out, level, TITLE, &message)?;
            if let Some((bound, shown)) = &missed {
                let message = format!("overall QWK {shown}, under --fail-under {bound}");
                annotate(out, Level::Error, TITLE, &message)?;
            }
        }
    }
    let Some((bound, shown)) = missed else { return Ok(ExitStatus::Success) };
    let styling = Styling::for_stderr();
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "assay eval: {}",
            styling.paint(Role::Bad, format!("overall QWK {shown}, under --fail-under {bound}"))
        );
    }
    Ok(ExitStatus::Failure)
}

/// The verdict in words and the style it is shown in.
fn verdict_words(verdict: &Verdict) -> (&'static str, Role) {
    match verdict.ready {
        Some(true) => ("ready: every threshold is met", Role::Good),
        Some(false) => ("not ready: at least one threshold is missed", Role::Bad),
        None => ("undecided: no threshold is missed, but one could not be measured", Role::Warning),
    }
}

/// The mean scores of assay and the raters, and how far apart they are.
fn mean_gap_sentence(a: &Agreement) -> Option<String> {
    let (machine, human, gap) = (a.machine_mean?, a.human_mean?, mean_gap(a)?);
    let direction = if gap.abs() < 0.05 {
        "the same on average".to_owned()
    } else {
        let side = if gap > 0.0 { "higher" } else { "lower" };
        format!("assay {:.1} points {side} on average", gap.abs())
    };
    Some(format!("mean score: assay {machine:.1}, raters {human:.1} ({direction})"))
}

/// The `--format github` line: an error when not ready, a warning when
/// undecided, a notice when ready.
fn verdict_annotation(report: &EvalReport) -> (Level, String) {
    let level = match report.verdict.ready {
        Some(true) => Level::Notice,
        Some(false) => Level::Error,
        None => Level::Warning,
    };
    let (words, _) = verdict_words(&report.verdict);
    let missed: Vec<String> = report
        .verdict
        .checks
        .iter()
        .filter(|c| c.passed == Some(false))
        .map(|c| format!("{} {} misses {}", c.name, figure(c.value, 3), c.threshold))
        .collect();
    let missed =
        if missed.is_empty() { String::new() } else { format!(" ({})", missed.join("; ")) };
    let overall = &report.overall;
    let mut message = format!(
        "{words}{missed}; QWK {}, SMD {}, {} answers",
        figure(overall.qwk, 3),
        figure(overall.smd, 2),
        report.answers
    );
    if let Some(sentence) = mean_gap_sentence(overall) {
        message = format!("{message}; {sentence}");
    }
    (level, message)
}

fn write_text(
    out: &mut dyn Write,
    report: &EvalReport,
    command: &EvalCommand,
    styling: Styling,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{}: {} answers, {} ratings, {} questions",
        command.labels.display(),
        report.answers,
        report.ratings,
        report.questions.len()
    )?;
    write_verdict(out, report, styling)?;
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
    write_legend(out, CONCEPT_LEGEND)
}

/// The abbreviations of the concept table, for the legend.
const CONCEPT_LEGEND: &[(&str, &str)] = &[
    ("TP FP", "answers where assay found the concept and the raters did / did not (true / false positives)"),
    ("FN TN", "answers where assay missed the concept and the raters found it / did not (false / true negatives)"),
    ("F1", "harmonic mean of precision and recall"),
    ("disputed", "answers whose raters split on the concept (left out of the counts)"),
];

/// The verdict, its checks and the mean gap: what a reader needs first.
fn write_verdict(
    out: &mut dyn Write,
    report: &EvalReport,
    styling: Styling,
) -> std::io::Result<()> {
    let (words, role) = verdict_words(&report.verdict);
    writeln!(out, "\nverdict: {}", styling.paint(role, words))?;
    writeln!(out, "readiness for automated scoring (Williamson, Xi and Breyer 2012):")?;
    for check in &report.verdict.checks {
        let (result, role) = match check.passed {
            Some(true) => ("pass", Role::Good),
            Some(false) => ("FAIL", Role::Bad),
            None => ("not measured", Role::Warning),
        };
        writeln!(
            out,
            "  {:38} {:>7}  {:14} {}",
            check.name,
            figure(check.value, 3),
            check.threshold,
            styling.paint(role, result)
        )?;
    }
    if let Some(sentence) = mean_gap_sentence(&report.overall) {
        writeln!(out, "{sentence}")?;
    }
    Ok(())
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
