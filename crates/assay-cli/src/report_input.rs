//! The rows `assay report` reports on: read from a batch input (answers to
//! score), or from a batch output joined with the batch input it was made
//! from.
//!
//! A batch output holds scores and evidence but not the answer text, which
//! a report needs (to highlight it and to look at the writing). So a batch
//! output is read together with `--answers`, the batch input: each output
//! row is matched to the input row on the line it names, its ids are
//! checked, and the answer is scored again (scores are deterministic, so
//! this reproduces the batch's total unless the rubrics changed; the
//! report says when it differs). Error rows of the batch output stay error
//! rows.

use std::collections::HashMap;
use std::fs;
use std::io::{self, Read};
use std::path::Path;

use anyhow::{bail, Context};
use serde_json::Value;

use crate::args::{BatchInputFormat, ReportCommand};
use crate::batch::input::{CsvHeader, InputFormat, RowReader};

/// One row to report on.
#[derive(Debug, Clone)]
pub struct ReportRow {
    /// The line of the batch input the answer is on.
    pub line: u64,
    /// The candidate, possibly empty when the row could not be read.
    pub candidate_id: String,
    /// The question, possibly empty.
    pub question_id: String,
    /// The answer, or why the row cannot be scored.
    pub answer: Result<String, String>,
    /// The total a batch output recorded for it.
    pub recorded_total: Option<f64>,
    /// What the answer responds to (the input's `context` column), if given.
    pub context: Option<String>,
}

/// The rows of `command.input`, in input order.
///
/// # Errors
///
/// Unreadable or non-UTF-8 input, a CSV header without the needed columns,
/// or a batch output without `--answers`.
pub fn read_rows(command: &ReportCommand) -> anyhow::Result<Vec<ReportRow>> {
    let source = command.input.display().to_string();
    let text = read_text(&command.input)?;
    let format = input_format(command.input_format, &command.input);
    if !is_batch_output(&text, format, &source)? {
        return read_batch_input(&text, format, &source);
    }
    let Some(answers_path) = &command.answers else {
        bail!(
            "{source} is the output of `assay batch`, which holds no answer text; pass the batch input it was made from with --answers FILE"
        );
    };
    let answers_source = answers_path.display().to_string();
    let answers_text = read_text(answers_path)?;
    let answers_format = input_format(None, answers_path);
    let answers: HashMap<u64, ReportRow> =
        read_batch_input(&answers_text, answers_format, &answers_source)?
            .into_iter()
            .map(|row| (row.line, row))
            .collect();
    let outputs = match format {
        InputFormat::JsonLines => output_rows_jsonl(&text, &source)?,
        InputFormat::Csv => output_rows_csv(&text, &source)?,
    };
    Ok(outputs.into_iter().map(|out| join(out, &answers, &answers_source)).collect())
}

/// What a batch output says about one row.
struct OutputRow {
    at: u64,
    line: u64,
    candidate_id: String,
    question_id: String,
    score: Option<f64>,
    error: Option<String>,
}

fn join(out: OutputRow, answers: &HashMap<u64, ReportRow>, answers_source: &str) -> ReportRow {
    let mut row = ReportRow {
        line: out.line,
        candidate_id: out.candidate_id,
        question_id: out.question_id,
        answer: Err(String::new()),
        recorded_total: out.score,
        context: None,
    };
    row.answer = if let Some(error) = out.error {
        Err(error)
    } else {
        match answers.get(&out.line) {
            None => Err(format!(
                "batch output line {}: {answers_source} has no row at line {}",
                out.at, out.line
            )),
            Some(input)
                if input.candidate_id != row.candidate_id
                    || input.question_id != row.question_id =>
            {
                Err(format!(
                    "batch output line {}: {answers_source} line {} is candidate `{}`, question `{}`, not `{}`, `{}`: is it the input this output was made from?",
                    out.at,
                    out.line,
                    input.candidate_id,
                    input.question_id,
                    row.candidate_id,
                    row.question_id
                ))
            }
            Some(input) => {
                row.context.clone_from(&input.context);
                input.answer.clone()
            }
        }
    };
    row
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    let bytes = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        io::stdin().lock().read_to_end(&mut bytes).context("cannot read stdin")?;
        bytes
    } else {
        fs::read(path).with_context(|| format!("cannot read {}", path.display()))?
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{} is not valid UTF-8 (bad byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    // A byte-order mark, as some Windows tools write, is not content.
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

fn input_format(flag: Option<BatchInputFormat>, path: &Path) -> InputFormat {
    match flag {
        Some(BatchInputFormat::Csv) => InputFormat::Csv,
        Some(BatchInputFormat::Jsonl) => InputFormat::JsonLines,
        None => match path.extension().and_then(|e| e.to_str()) {
            Some("jsonl" | "ndjson" | "json") => InputFormat::JsonLines,
            _ => InputFormat::Csv,
        },
    }
}

/// Whether `text` is a batch output: a CSV header with `line` and `score`
/// but no `answer`, or a first JSON object with `row` and `line` but no
/// `answer`.
fn is_batch_output(text: &str, format: InputFormat, source: &str) -> anyhow::Result<bool> {
    Ok(match format {
        InputFormat::Csv => {
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let header = reader
                .headers()
                .with_context(|| format!("{source}: cannot read the CSV header"))?;
            let has = |name: &str| header.iter().any(|h| h.trim() == name);
            !has("answer") && has("line") && has("score")
        }
        InputFormat::JsonLines => {
            let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            match serde_json::from_str::<Value>(first) {
                Ok(Value::Object(o)) => {
                    !o.contains_key("answer") && o.contains_key("row") && o.contains_key("line")
                }
                _ => false,
            }
        }
    })
}

fn read_batch_input(
    text: &str,
    format: InputFormat,
    source: &str,
) -> anyhow::Result<Vec<ReportRow>> {
    let mut reader = RowReader::new(text.as_bytes(), format, source)?;
    let mut rows = Vec::new();
    while let Some(row) = reader.next_row()? {
        let context = row.context().map(str::to_owned);
        rows.push(ReportRow {
            line: row.line,
            candidate_id: row.candidate_id,
            question_id: row.question_id,
            answer: row.answer,
            recorded_total: None,
            context,
        });
    }
    Ok(rows)
}

fn output_rows_jsonl(text: &str, source: &str) -> anyhow::Result<Vec<OutputRow>> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let at = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line)
            .with_context(|| format!("{source}: line {at}: not a batch output row"))?;
        let text_field =
            |name: &str| value.get(name).and_then(Value::as_str).unwrap_or("").to_owned();
        let Some(input_line) = value.get("line").and_then(Value::as_u64) else {
            bail!("{source}: line {at}: field `line` is missing or not a number");
        };
        rows.push(OutputRow {
            at,
            line: input_line,
            candidate_id: text_field("candidate_id"),
            question_id: text_field("question_id"),
            score: value.get("score").and_then(Value::as_f64),
            error: value.get("error").and_then(Value::as_str).map(str::to_owned),
        });
    }
    Ok(rows)
}

fn output_rows_csv(text: &str, source: &str) -> anyhow::Result<Vec<OutputRow>> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header = CsvHeader::read(&mut reader, source)?;
    let column = |name: &str| header.column(name);
    let [line_col, candidate_col, question_col, score_col, error_col] = [
        column("line")?,
        column("candidate_id")?,
        column("question_id")?,
        column("score")?,
        column("error")?,
    ];
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("{source}: not a batch output"))?;
        let at = record.position().map_or(0, csv::Position::line);
        let cell = |i: usize| unspreadsheet(record.get(i).unwrap_or(""));
        let Ok(input_line) = cell(line_col).parse::<u64>() else {
            bail!("{source}: line {at}: field `line` is not a number");
        };
        let error = cell(error_col);
        rows.push(OutputRow {
            at,
            line: input_line,
            candidate_id: cell(candidate_col),
            question_id: cell(question_col),
            score: cell(score_col).parse().ok(),
            error: (!error.is_empty()).then_some(error),
        });
    }
    Ok(rows)
}

/// A cell as it was before `assay batch` made it spreadsheet-safe.
fn unspreadsheet(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}
