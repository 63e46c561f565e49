//! `assay report`: feedback reports on candidates' answers, as HTML or
//! Markdown, one per candidate.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context};
use assay_index::ExemplarIndex;
use assay_report::{
    candidate_markdown, file_names, index_markdown, AnswerInput, CandidateInput, CandidateReport,
    HtmlRenderer, IndexBuilder, Provenance, ReportBuilder, RowProblem, ScoredExemplar,
};
use assay_score::{Score, Scorer};
use rayon::prelude::*;

use crate::args::{Args, ReportCommand, ReportFormat};
use crate::data::Loaded;
use crate::output_files::{write_file_atomically, StagedFolder};
use crate::report_input::{read_rows, ReportRow};
use crate::score_json::{ASSAY_VERSION, SCHEMA_VERSION};
use crate::{exemplars, ExitStatus};

/// Candidates reported on at once: their reports are built in parallel,
/// written, and let go before the next ones, so memory does not grow with
/// the number of candidates.
const CANDIDATES_AT_ONCE: usize = 64;

/// A candidate's rows, scored.
struct Candidate<'a> {
    id: &'a str,
    answers: Vec<(&'a ReportRow, &'a str, Score)>,
    problems: Vec<RowProblem>,
}

/// What every candidate's report is made with.
struct ReportMaker<'a> {
    data: &'a Loaded,
    index: Option<&'a ExemplarIndex>,
    /// Each question's model answers, scored, for the questions answered.
    exemplar_scores: HashMap<String, Vec<ScoredExemplar>>,
    made: Provenance,
    format: ReportFormat,
}

pub fn run(
    command: &ReportCommand,
    args: &Args,
    data: &Loaded,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let rows = read_rows(command)?;
    let (mut candidates, mut unattributed) = group(&rows);
    if let Some(wanted) = &command.candidate {
        let known: Vec<&str> = candidates.iter().map(|c| c.0).collect();
        if !known.contains(&wanted.as_str()) {
            bail!(
                "no candidate `{wanted}` in {} (it has: {})",
                command.input.display(),
                known.join(", ")
            );
        }
        candidates.retain(|(id, _)| id == wanted);
        unattributed.clear();
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
    // A warning beside the output, as `practice` gives.
    #[allow(clippy::print_stderr)]
    if data.corpus.exemplars.is_empty() {
        eprintln!(
            "warning: no model answers for these rubrics (pass --corpus DIR with --rubrics): the reports have no model-answer lines, no length comparison and no off-topic check"
        );
    }
    let maker = ReportMaker {
        data,
        index: index.as_ref(),
        exemplar_scores: exemplar_scores(&candidates, data),
        made: Provenance {
            assay_version: ASSAY_VERSION.to_owned(),
            rubrics: data.rubrics.fingerprint().to_owned(),
            schema_version: SCHEMA_VERSION,
            date: crate::rfc3339::format_utc(report_time()),
        },
        format,
    };
    let to_folder = command.output.as_deref().filter(|path| path.is_dir() || candidates.len() > 1);
    let (written, Tally { problems, .. }) = if let Some(dir) = to_folder {
        let tally = write_folder(dir, &candidates, unattributed, &maker)?;
        (Some(folder_written(dir, candidates.len(), tally.answers, format)), tally)
    } else {
        let [(id, rows)] = candidates.as_slice() else {
            unreachable!("several candidates need -o DIR, checked above")
        };
        let mut builder = ReportBuilder::with_provenance(maker.made.clone());
        let mut report = maker.report(id, rows, &mut Scorer::new(), &mut builder);
        report.problems.extend(unattributed);
        let tally = Tally { problems: report.problems.len(), answers: report.questions.len() };
        let page = maker.render(&report, &HtmlRenderer::new()?)?;
        let written = match &command.output {
            Some(path) => {
                write_file_atomically(path, &page)?;
                Some(format!(
                    "wrote the report on {} ({}) to {}",
                    report.candidate,
                    count(tally.answers, "answer"),
                    path.display()
                ))
            }
            None => {
                out.write_all(&page)?;
                None
            }
        };
        (written, tally)
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

/// What a report run wrote: rows that could not be reported on, and
/// answers reported on.
#[derive(Debug, Default)]
struct Tally {
    problems: usize,
    answers: usize,
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

impl ReportMaker<'_> {
    /// The report on candidate `id` from their `rows`.
    fn report(
        &self,
        id: &str,
        rows: &[&ReportRow],
        scorer: &mut Scorer,
        builder: &mut ReportBuilder,
    ) -> CandidateReport {
        let candidate = score_candidate(id, rows, self.data, self.index, scorer);
        let rubrics = &self.data.rubrics;
        let input = CandidateInput {
            candidate: candidate.id.to_owned(),
            answers: candidate
                .answers
                .iter()
                .map(|(row, answer, score)| AnswerInput {
                    line: Some(row.line),
                    rubric: rubrics.get(&row.question_id).expect("scored rows have rubrics"),
                    answer,
                    score,
                    exemplars: &self.exemplar_scores[&row.question_id],
                    recorded_total: row.recorded_total,
                    off_topic_question: score
                        .exemplars
                        .as_ref()
                        .and_then(|e| e.off_topic.as_ref())
                        .and_then(|off| rubrics.get(&off.likely_question))
                        .map(|r| r.question.as_str()),
                })
                .collect(),
            problems: candidate.problems,
        };
        builder.candidate(&input)
    }

    /// `report` as a page in the chosen format.
    fn render(&self, report: &CandidateReport, html: &HtmlRenderer) -> anyhow::Result<Vec<u8>> {
        Ok(match self.format {
            ReportFormat::Html => html.candidate(report)?,
            ReportFormat::Md => candidate_markdown(report),
        }
        .into_bytes())
    }
}

/// The model answers of every question the `candidates` answer, scored
/// once.
fn exemplar_scores(
    candidates: &[(&str, Vec<&ReportRow>)],
    data: &Loaded,
) -> HashMap<String, Vec<ScoredExemplar>> {
    let mut scorer = Scorer::new();
    let mut scores = HashMap::new();
    for row in candidates.iter().flat_map(|(_, rows)| rows) {
        let Some(rubric) = data.rubrics.get(&row.question_id) else { continue };
        scores.entry(row.question_id.clone()).or_insert_with(|| {
            data.corpus
                .of_question(&rubric.id)
                .map(|e| ScoredExemplar {
                    exemplar: e.clone(),
                    score: scorer.score(rubric, &e.text),
                })
                .collect()
        });
    }
    scores
}

/// Rows grouped by candidate in order of first appearance, and the rows
/// that name no candidate (as problems).
#[allow(clippy::type_complexity)]
fn group(rows: &[ReportRow]) -> (Vec<(&str, Vec<&ReportRow>)>, Vec<RowProblem>) {
    let mut groups: Vec<(&str, Vec<&ReportRow>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    let mut unattributed = Vec::new();
    for row in rows {
        if row.candidate_id.trim().is_empty() {
            unattributed.push(RowProblem {
                line: row.line,
                question_id: row.question_id.clone(),
                message: row.answer.clone().err().unwrap_or_else(|| "no candidate id".to_owned()),
            });
            continue;
        }
        match at.get(row.candidate_id.as_str()) {
            Some(&i) => groups[i].1.push(row),
            None => {
                at.insert(&row.candidate_id, groups.len());
                groups.push((&row.candidate_id, vec![row]));
            }
        }
    }
    (groups, unattributed)
}

fn score_candidate<'a>(
    id: &'a str,
    rows: &[&'a ReportRow],
    data: &Loaded,
    index: Option<&ExemplarIndex>,
    scorer: &mut Scorer,
) -> Candidate<'a> {
    let mut candidate = Candidate { id, answers: Vec::new(), problems: Vec::new() };
    for &row in rows {
        let problem = |message: String| RowProblem {
            line: row.line,
            question_id: row.question_id.clone(),
            message,
        };
        let answer = match &row.answer {
            Ok(answer) => answer.as_str(),
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
        let score = exemplars::score(scorer, rubric, answer, row.context.as_deref(), index);
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

/// Writes one report per candidate, an index and `summary.csv` into the
/// folder `dir`, replacing an earlier report folder there; returns how
/// many rows could not be reported on and how many answers were. Candidates are taken
/// [`CANDIDATES_AT_ONCE`] at a time, reported on in parallel, written and
/// let go.
fn write_folder(
    dir: &Path,
    candidates: &[(&str, Vec<&ReportRow>)],
    unattributed: Vec<RowProblem>,
    maker: &ReportMaker<'_>,
) -> anyhow::Result<Tally> {
    let ext = match maker.format {
        ReportFormat::Html => "html",
        ReportFormat::Md => "md",
    };
    let ids: Vec<&str> = candidates.iter().map(|(id, _)| *id).collect();
    let names = file_names(&ids, ext);
    let folder = StagedFolder::begin(dir)?;
    let html = HtmlRenderer::new()?;
    let mut index = IndexBuilder::new();
    let mut summary = SummaryCsv::new();
    let mut tally = Tally { problems: unattributed.len(), answers: 0 };
    // A lone candidate's report lists the rows that name no candidate, as
    // a report written on its own does; with several, the index does.
    let (lone, unattributed) =
        if candidates.len() == 1 { (unattributed, Vec::new()) } else { (Vec::new(), unattributed) };
    for (group, names) in
        candidates.chunks(CANDIDATES_AT_ONCE).zip(names.chunks(CANDIDATES_AT_ONCE))
    {
        let made = || (Scorer::new(), ReportBuilder::with_provenance(maker.made.clone()));
        let pages = group
            .par_iter()
            .map_init(made, |(scorer, builder), (id, rows)| {
                let mut report = maker.report(id, rows, scorer, builder);
                report.problems.extend(lone.iter().cloned());
                let page = maker.render(&report, &html)?;
                Ok((report, page))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        for ((report, page), name) in pages.iter().zip(names) {
            folder.write(name, page)?;
            index.add(report, name);
            summary.add(report, name);
            tally.problems += report.problems.len() - lone.len();
            tally.answers += report.questions.len();
        }
    }
    let page = index.finish(unattributed);
    let index_page = match maker.format {
        ReportFormat::Html => html.index(&page)?,
        ReportFormat::Md => index_markdown(&page),
    };
    folder.write(&format!("index.{ext}"), index_page.as_bytes())?;
    folder.write("summary.csv", &summary.finish())?;
    folder.commit().with_context(|| format!("cannot write {}", dir.display()))?;
    Ok(tally)
}

/// `summary.csv`: one row per scored answer, for a spreadsheet or a
/// learning platform: who, which question, the score and level, red flags,
/// off topic, and why a person should read it (empty when nothing says
/// so). Cells a spreadsheet would read as a formula are neutralised.
struct SummaryCsv(csv::Writer<Vec<u8>>);

impl SummaryCsv {
    fn new() -> Self {
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
        SummaryCsv(writer)
    }

    /// Adds the rows of `report`, written to `file`.
    fn add(&mut self, report: &CandidateReport, file: &str) {
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
            self.0.write_record(row).expect("writing to memory cannot fail");
        }
    }

    fn finish(self) -> Vec<u8> {
        self.0.into_inner().expect("writing to memory cannot fail")
    }
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
