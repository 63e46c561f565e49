//! `assay report`: feedback reports on candidates' answers, as HTML or
//! Markdown, one per candidate.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context};
use assay_index::ExemplarIndex;
use assay_report::{
    candidate_markdown, file_names, index_markdown, AnswerInput, CandidateInput, CandidateReport,
    HtmlRenderer, IndexPage, Provenance, ReportBuilder, RowProblem, ScoredExemplar,
};
use assay_score::{Score, Scorer};

use crate::args::{Args, ReportCommand, ReportFormat};
use crate::data::Loaded;
use crate::output_files::{write_file_atomically, write_folder_atomically};
use crate::report_input::{read_rows, ReportRow};
use crate::score_json::{ASSAY_VERSION, SCHEMA_VERSION};
use crate::{exemplars, ExitStatus};

/// A candidate's rows, scored.
struct Candidate {
    id: String,
    answers: Vec<(ReportRow, String, Score)>,
    problems: Vec<RowProblem>,
}

pub fn run(
    command: &ReportCommand,
    args: &Args,
    data: &Loaded,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let rows = read_rows(command)?;
    let (mut candidates, mut unattributed) = group(rows);
    if let Some(wanted) = &command.candidate {
        let known: Vec<String> = candidates.iter().map(|c| c.0.clone()).collect();
        candidates.retain(|(id, _)| id == wanted);
        unattributed.clear();
        if candidates.is_empty() {
            bail!(
                "no candidate `{wanted}` in {} (it has: {})",
                command.input.display(),
                known.join(", ")
            );
        }
    }
    if candidates.is_empty() {
        bail!("{} has no rows to report on", command.input.display());
    }
    let format = report_format(command);
    if candidates.len() > 1 && command.output.is_none() {
        bail!(
            "{} has {} candidates: pass -o DIR to write a folder with one report each and an index, or --candidate ID for one",
            command.input.display(),
            candidates.len()
        );
    }
    // A trainer's rubric folder without a corpus gets reports without
    // model answers.
    let index = exemplars::open_if_any(args.index.as_deref(), data)?;
    let mut scorer = Scorer::new();
    let mut exemplar_scores: HashMap<String, Vec<ScoredExemplar>> = HashMap::new();
    let scored: Vec<Candidate> = candidates
        .into_iter()
        .map(|(id, rows)| score_candidate(id, rows, data, index.as_ref(), &mut scorer))
        .collect();
    // A warning beside the output, as `practice` gives.
    #[allow(clippy::print_stderr)]
    if data.corpus.exemplars.is_empty() {
        eprintln!(
            "warning: no model answers for these rubrics (pass --corpus DIR with --rubrics): the reports have no model-answer lines, no length comparison and no off-topic check"
        );
    }
    let mut builder = ReportBuilder::with_provenance(Provenance {
        assay_version: ASSAY_VERSION.to_owned(),
        rubrics: data.rubrics.fingerprint().to_owned(),
        schema_version: SCHEMA_VERSION,
        date: crate::rfc3339::format_utc(report_time()),
    });
    let mut reports: Vec<CandidateReport> = Vec::new();
    for candidate in &scored {
        for (row, _, _) in &candidate.answers {
            let rubric = data.rubrics.get(&row.question_id).expect("scored rows have rubrics");
            exemplar_scores.entry(row.question_id.clone()).or_insert_with(|| {
                data.corpus
                    .of_question(&rubric.id)
                    .map(|e| ScoredExemplar {
                        exemplar: e.clone(),
                        score: scorer.score(rubric, &e.text),
                    })
                    .collect()
            });
        }
        let input = CandidateInput {
            candidate: candidate.id.clone(),
            answers: candidate
                .answers
                .iter()
                .map(|(row, answer, score)| AnswerInput {
                    line: Some(row.line),
                    rubric: data.rubrics.get(&row.question_id).expect("scored rows have rubrics"),
                    answer,
                    score,
                    exemplars: &exemplar_scores[&row.question_id],
                    recorded_total: row.recorded_total,
                    off_topic_question: score
                        .exemplars
                        .as_ref()
                        .and_then(|e| e.off_topic.as_ref())
                        .and_then(|off| data.rubrics.get(&off.likely_question))
                        .map(|r| r.question.as_str()),
                })
                .collect(),
            problems: candidate.problems.clone(),
        };
        reports.push(builder.candidate(&input));
    }
    let problems = reports.iter().map(|r| r.problems.len()).sum::<usize>() + unattributed.len();
    let answers: usize = reports.iter().map(|r| r.questions.len()).sum();
    let written = if reports.len() == 1 {
        reports[0].problems.extend(unattributed);
        let page = render_candidate(&reports[0], format)?;
        match &command.output {
            Some(path) if !path.is_dir() => {
                write_file_atomically(path, page.as_bytes())?;
                Some(format!(
                    "wrote the report on {} ({}) to {}",
                    reports[0].candidate,
                    count(answers, "answer"),
                    path.display()
                ))
            }
            Some(dir) => {
                write_folder(dir, &reports, Vec::new(), format)?;
                Some(folder_written(dir, reports.len(), answers, format))
            }
            None => {
                out.write_all(page.as_bytes())?;
                None
            }
        }
    } else {
        let dir = command.output.as_deref().expect("checked above");
        write_folder(dir, &reports, unattributed, format)?;
        Some(folder_written(dir, reports.len(), answers, format))
    };
    #[allow(clippy::print_stderr)]
    if let Some(written) = written.filter(|_| !args.quiet) {
        let problems = match problems {
            0 => String::new(),
            n => format!("; {} with problems, listed in the reports", count(n, "row")),
        };
        eprintln!("assay report: {written}{problems}");
    }
    Ok(if problems > 0 { ExitStatus::Failure } else { ExitStatus::Success })
}

/// What [`write_folder`] wrote to `dir`, for the line `report` ends with.
fn folder_written(dir: &Path, candidates: usize, answers: usize, format: ReportFormat) -> String {
    let (kind, ext) = match format {
        ReportFormat::Html => ("HTML", "html"),
        ReportFormat::Md => ("Markdown", "md"),
    };
    format!(
        "wrote {kind} reports on {} ({}) with index.{ext} and summary.csv to {}",
        count(candidates, "candidate"),
        count(answers, "answer"),
        dir.display()
    )
}

/// `n` and `noun`, plural unless `n` is 1.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Rows grouped by candidate in order of first appearance, and the rows
/// that name no candidate (as problems).
#[allow(clippy::type_complexity)]
fn group(rows: Vec<ReportRow>) -> (Vec<(String, Vec<ReportRow>)>, Vec<RowProblem>) {
    let mut groups: Vec<(String, Vec<ReportRow>)> = Vec::new();
    let mut unattributed = Vec::new();
    for row in rows {
        if row.candidate_id.trim().is_empty() {
            unattributed.push(RowProblem {
                line: row.line,
                question_id: row.question_id.clone(),
                message: row.answer.err().unwrap_or_else(|| "no candidate id".to_owned()),
            });
            continue;
        }
        match groups.iter_mut().find(|(id, _)| *id == row.candidate_id) {
            Some((_, list)) => list.push(row),
            None => groups.push((row.candidate_id.clone(), vec![row])),
        }
    }
    (groups, unattributed)
}

fn score_candidate(
    id: String,
    rows: Vec<ReportRow>,
    data: &Loaded,
    index: Option<&ExemplarIndex>,
    scorer: &mut Scorer,
) -> Candidate {
    let mut candidate = Candidate { id, answers: Vec::new(), problems: Vec::new() };
    for row in rows {
        let problem = |message: String| RowProblem {
            line: row.line,
            question_id: row.question_id.clone(),
            message,
        };
        let answer = match &row.answer {
            Ok(answer) => answer.clone(),
            Err(error) => {
                candidate.problems.push(problem(error.clone()));
                continue;
            }
        };
        let Some(rubric) = data.rubrics.get(&row.question_id) else {
            let hint = data
                .rubrics
                .suggest(&row.question_id)
                .first()
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            candidate
                .problems
                .push(problem(format!("unknown question `{}`{hint}", row.question_id)));
            continue;
        };
        let score = exemplars::score(scorer, rubric, &answer, row.context.as_deref(), index);
        candidate.answers.push((row, answer, score));
    }
    candidate
}

fn report_format(command: &ReportCommand) -> ReportFormat {
    command.format.unwrap_or_else(|| {
        match command.output.as_ref().and_then(|p| p.extension()).and_then(|e| e.to_str()) {
            Some("md" | "markdown") => ReportFormat::Md,
            _ => ReportFormat::Html,
        }
    })
}

fn render_candidate(report: &CandidateReport, format: ReportFormat) -> anyhow::Result<String> {
    Ok(match format {
        ReportFormat::Html => HtmlRenderer::new()?.candidate(report)?,
        ReportFormat::Md => candidate_markdown(report),
    })
}

fn write_folder(
    dir: &Path,
    reports: &[CandidateReport],
    unattributed: Vec<RowProblem>,
    format: ReportFormat,
) -> anyhow::Result<()> {
    let ext = match format {
        ReportFormat::Html => "html",
        ReportFormat::Md => "md",
    };
    let ids: Vec<&str> = reports.iter().map(|r| r.candidate.as_str()).collect();
    let names = file_names(&ids, ext);
    let page = IndexPage::new(reports, &names, unattributed);
    let mut files = Vec::with_capacity(reports.len() + 1);
    let html = HtmlRenderer::new()?;
    let index = match format {
        ReportFormat::Html => html.index(&page)?,
        ReportFormat::Md => index_markdown(&page),
    };
    files.push((format!("index.{ext}"), index.into_bytes()));
    files.push(("summary.csv".to_owned(), summary_csv(reports, &names)));
    for (report, name) in reports.iter().zip(names) {
        let body = match format {
            ReportFormat::Html => html.candidate(report)?,
            ReportFormat::Md => candidate_markdown(report),
        };
        files.push((name, body.into_bytes()));
    }
    write_folder_atomically(dir, &files).with_context(|| format!("cannot write {}", dir.display()))
}

/// One row per scored answer, for a spreadsheet or a learning platform:
/// who, which question, the score and level, red flags, off topic, and why
/// a person should read it (empty when nothing says so). Cells a
/// spreadsheet would read as a formula are neutralised.
fn summary_csv(reports: &[CandidateReport], files: &[String]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "candidate_id",
        "report",
        "question_id",
        "question",
        "score",
        "level",
        "red_flags",
        "off_topic",
        "review",
    ];
    writer.write_record(header).expect("writing to memory cannot fail");
    for (report, file) in reports.iter().zip(files) {
        for q in &report.questions {
            let flags: Vec<&str> = q.red_flags.iter().map(|f| f.name.as_str()).collect();
            let row = [
                report.candidate.clone(),
                format!("{file}#{}", q.anchor),
                q.question_id.clone(),
                q.question.clone(),
                format!("{:.1}", q.score),
                q.level.clone(),
                flags.join("; "),
                q.off_topic.is_some().to_string(),
                q.review.join("; "),
            ];
            let row = row.map(crate::batch::output::spreadsheet_safe);
            writer.write_record(row).expect("writing to memory cannot fail");
        }
    }
    writer.into_inner().expect("writing to memory cannot fail")
}

/// When the reports are made: `SOURCE_DATE_EPOCH` (seconds since 1970, the
/// reproducible-builds convention) if set, so a rerun can give identical
/// files; otherwise now.
fn report_time() -> std::time::SystemTime {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or_else(std::time::SystemTime::now, |secs| {
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs)
        })
}
