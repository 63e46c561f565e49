//! `assay batch`: many answers in, one output row per input row, in order.
//!
//! Input is read in chunks of [`CHUNK_ROWS`] rows (growing to that from
//! [`FIRST_CHUNK_ROWS`]) or [`CHUNK_BYTES`] of input, whichever comes
//! first, each chunk scored in
//! parallel (rayon, one `Scorer` per worker) and written in input order, so
//! memory stays flat however many rows there are. Output goes to a
//! `.NAME.partial` file beside the target and is renamed into place at the
//! end; `--resume` continues such a file after an interruption, once its
//! run record (`.NAME.run`, see [`run_record`]) shows the same input,
//! format, rubrics and options. The partial is locked while a run writes
//! it, so a second run to the same output fails at once. A device or pipe
//! named as output is written in place (see [`OutputTarget`]).

pub(crate) mod input;
pub(crate) mod output;
mod pipeline;
mod progress;
mod resume;
mod run_record;

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;
use std::sync::{mpsc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use assay_index::ExemplarIndex;
use assay_score::{RubricSet, Score, Scorer};
use rayon::prelude::*;

use crate::args::{Args, BatchCommand, BatchInputFormat, BatchOutputFormat};
use crate::data::Loaded;
use crate::output_files::{sibling, OutputTarget};
use crate::{exemplars, ExitStatus};
use input::{InputFormat, Row, RowReader};
use output::{ConceptColumns, Outcome, OutputFormat, Renderer};
use pipeline::{InputChunk, OutputChunk, ReadSettings, Tally};
use progress::progress_bar;
use run_record::RunRecord;

/// The optional input column holding what an answer responds to (the
/// question asked, a post, the other person's last turn), for cues with
/// `@context`; passed through to the output like any other column.
pub const CONTEXT_COLUMN: &str = "context";

/// Rows read and scored together, once a run is under way.
pub const CHUNK_ROWS: usize = 4096;

/// Input bytes after which a chunk ends even if it has fewer than
/// [`CHUNK_ROWS`] rows: long answers make long output rows (a full JSON
/// Lines row quotes every piece of evidence), and a few chunks are in
/// flight at once, so chunks are bounded by size as well as by count.
pub const CHUNK_BYTES: u64 = 4 << 20;

/// Rows in the first chunk; each next chunk doubles until [`CHUNK_ROWS`].
/// Scoring cannot start before the first chunk is read, nor writing end
/// before the last is scored, so small first chunks get every thread busy
/// sooner (what a short run of a few thousand rows notices).
pub const FIRST_CHUNK_ROWS: usize = 256;

pub fn run(
    command: &BatchCommand,
    args: &Args,
    data: &Loaded,
    stdout: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let started = Instant::now();
    let input_format = input_format(command);
    let output_format = output_format(command);
    let source = command.input.display().to_string();
    let (input, size): (Box<dyn Read + Send>, Option<u64>) = if command.input.as_os_str() == "-" {
        (Box::new(io::stdin()), None)
    } else {
        let file = File::open(&command.input).with_context(|| format!("cannot read {source}"))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    let mut reader = RowReader::new(input, input_format, &source)?;
    // Exemplars are looked up for every row with `--exemplars`, else only
    // for questions whose total blends them in (`exemplar-weight`), so a
    // total is the one `assay score` gives either way.
    let index = if command.exemplars {
        Some(exemplars::open(args.index.as_deref(), data)?)
    } else {
        exemplars::for_totals(args.index.as_deref(), data)?
    };
    let every_row = command.exemplars;
    // A trainer's own folder gets a column per concept; the built-in set a
    // column per library concept and one cell for the rest.
    let columns =
        if args.rubrics.is_some() { ConceptColumns::All } else { ConceptColumns::Library };
    let renderer = Renderer::new(
        output_format,
        &data.rubrics,
        columns,
        reader.extra_columns(),
        command.detail,
    );
    let OutputFile { mut file, rename, done } = open_output(
        command,
        (output_format, renderer.kind()),
        data.rubrics.fingerprint(),
        renderer.header().as_deref(),
    )?;
    let sink: &mut dyn Write = match file.as_mut() {
        Some(file) => file,
        None => stdout,
    };
    // A resumed partial starts with its header (checked), even when no
    // row after it was complete.
    if !command.resume {
        if let Some(header) = renderer.header() {
            sink.write_all(&header)?;
        }
    }
    for _ in 0..done {
        if reader.next_row()?.is_none() {
            bail!("the output already holds {done} rows but {source} has fewer: it is not the same input");
        }
    }
    let threads = command.threads.map_or(0, usize::from);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    // One scorer per worker for the whole run, so stem caches stay warm.
    let scorers: Vec<Mutex<Scorer>> =
        (0..pool.current_num_threads()).map(|_| Mutex::new(Scorer::new())).collect();
    let progress = progress_bar(size, args.quiet);
    let settings =
        ReadSettings { done, strict: command.strict, source: &source, rubrics: &data.rubrics };
    let (tally, strict_failure) = thread::scope(|scope| -> anyhow::Result<_> {
        let (input_chunks, inputs) = mpsc::sync_channel(1);
        let (output_chunks, outputs) = mpsc::sync_channel(1);
        let settings = &settings;
        scope.spawn(move || pipeline::read_chunks(reader, settings, &input_chunks));
        let scoring = scope.spawn(move || -> anyhow::Result<Option<String>> {
            for chunk in inputs {
                let InputChunk { mut rows, bytes, strict_failure } = chunk?;
                // Scored grouped by question, so a worker goes through one
                // rubric's rows in a row with that rubric's cues in its
                // cache; the output goes back into input order below.
                rows.sort_by(|(_, a), (_, b)| a.question_id.cmp(&b.question_id));
                let mut rendered: Vec<(u64, Option<f64>, Vec<u8>)> = pool.install(|| {
                    rows.into_par_iter()
                        .map(|(number, row)| {
                            let worker = rayon::current_thread_index().unwrap_or(0);
                            let mut scorer =
                                scorers[worker].lock().unwrap_or_else(PoisonError::into_inner);
                            let score = score_row(
                                &mut scorer,
                                &data.rubrics,
                                (index.as_ref(), every_row),
                                &row,
                            );
                            let outcome = Outcome { number, row, score };
                            let total = outcome.score.as_ref().ok().map(|s| s.total);
                            (number, total, renderer.render(&outcome))
                        })
                        .collect()
                });
                rendered.sort_unstable_by_key(|(number, _, _)| *number);
                let rendered = rendered.into_iter().map(|(_, total, line)| (total, line)).collect();
                // A closed channel means the writer failed: its error is
                // the one reported.
                if output_chunks.send(OutputChunk { rows: rendered, bytes }).is_err()
                    || strict_failure.is_some()
                {
                    return Ok(strict_failure);
                }
            }
            Ok(None)
        });
        // Written on this thread, which may hold the stdout lock.
        let written = pipeline::write_chunks(sink, outputs, done, &progress);
        let strict_failure =
            scoring.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let tally = written?;
        Ok((tally, strict_failure?))
    })?;
    sink.flush()?;
    progress.finish_and_clear();
    if let Some(failure) = strict_failure {
        bail!(
            "{failure} (--strict; {} rows before it were written to the partial output)",
            tally.rows
        );
    }
    if let Some(rename) = &rename {
        // Renamed while the partial is still locked, so no second run can
        // start writing it in between.
        fs::rename(&rename.partial, &rename.target).with_context(|| {
            format!("cannot move {} to {}", rename.partial.display(), rename.target.display())
        })?;
        let _ = fs::remove_file(&rename.record);
    }
    drop(file);
    if !args.quiet {
        summary(&tally, done, started.elapsed());
    }
    Ok(if tally.errors > 0 { ExitStatus::Failure } else { ExitStatus::Success })
}

/// Scores one row, or says why it cannot be scored. `exemplars` is the
/// index, if open, and whether every row is looked up in it (else only rows
/// whose rubric blends exemplars into the total).
pub(crate) fn score_row(
    scorer: &mut Scorer,
    rubrics: &RubricSet,
    exemplars: (Option<&ExemplarIndex>, bool),
    row: &Row,
) -> Result<Score, String> {
    check_row(row, rubrics)?;
    let answer = row.answer.as_ref().map_err(Clone::clone)?;
    let rubric = rubrics.get(&row.question_id).expect("checked");
    let (index, every_row) = exemplars;
    let context = row.context();
    let index = index.filter(|_| every_row || rubric.blends_exemplars());
    Ok(exemplars::score(scorer, rubric, answer, context, index))
}

/// Why a row cannot be scored, if so.
pub(crate) fn check_row(row: &Row, rubrics: &RubricSet) -> Result<(), String> {
    if let Err(error) = &row.answer {
        return Err(error.clone());
    }
    if rubrics.get(&row.question_id).is_none() {
        let suggestions = rubrics.suggest(&row.question_id);
        let hint =
            suggestions.first().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        return Err(format!("unknown question `{}`{hint}", row.question_id));
    }
    Ok(())
}

fn input_format(command: &BatchCommand) -> InputFormat {
    match command.input_format {
        Some(BatchInputFormat::Csv) => InputFormat::Csv,
        Some(BatchInputFormat::Jsonl) => InputFormat::JsonLines,
        None => match command.input.extension().and_then(|e| e.to_str()) {
            Some("jsonl" | "ndjson" | "json") => InputFormat::JsonLines,
            _ => InputFormat::Csv,
        },
    }
}

fn output_format(command: &BatchCommand) -> OutputFormat {
    match command.format {
        Some(BatchOutputFormat::Csv) => OutputFormat::Csv,
        Some(BatchOutputFormat::Jsonl) => OutputFormat::JsonLines,
        None => {
            match command.output.as_ref().and_then(|p| p.extension()).and_then(|e| e.to_str()) {
                Some("csv") => OutputFormat::Csv,
                _ => OutputFormat::JsonLines,
            }
        }
    }
}

/// Where the rows go: the file written (`None` for stdout), the partial file
/// to rename into place at the end (`None` when written in place), and how
/// many rows it already holds (when resuming).
struct OutputFile {
    file: Option<BufWriter<File>>,
    rename: Option<Rename>,
    done: u64,
}

/// A partial output and where it goes when the run completes.
struct Rename {
    /// The partial file, `.NAME.partial`.
    partial: PathBuf,
    /// Its run record, `.NAME.run`, removed at the end.
    record: PathBuf,
    /// The output named with `-o`.
    target: PathBuf,
}

/// Opens the output: stdout, a device or pipe, or the partial file beside
/// the target, locked so a second run writing the same output fails at
/// once; with `--resume`, after checking that the partial was written by a
/// run like this one (its run record, with `rubrics` the rubric set's
/// fingerprint, and `header` for CSV).
fn open_output(
    command: &BatchCommand,
    (format, kind): (OutputFormat, &str),
    rubrics: &str,
    header: Option<&[u8]>,
) -> anyhow::Result<OutputFile> {
    let Some(target) = &command.output else {
        if command.resume {
            bail!("--resume needs -o OUTPUT: output to stdout cannot be resumed");
        }
        return Ok(OutputFile { file: None, rename: None, done: 0 });
    };
    let target = match OutputTarget::of(target)? {
        OutputTarget::File(target) => target,
        OutputTarget::Stream(stream) => {
            if command.resume {
                bail!("--resume needs a file: {} is a device or pipe", stream.display());
            }
            let file = OpenOptions::new()
                .write(true)
                .open(&stream)
                .with_context(|| format!("cannot write {}", stream.display()))?;
            let file = Some(BufWriter::with_capacity(1 << 16, file));
            return Ok(OutputFile { file, rename: None, done: 0 });
        }
    };
    // Only a file output has a partial, so only it needs the run's record
    // (which reads the head of the input).
    let record = RunRecord::new(&command.input, kind, rubrics, command.exemplars)?;
    let partial = sibling(&target, "partial");
    let record_path = sibling(&target, "run");
    let name = partial.display().to_string();
    if command.resume && !partial.exists() {
        bail!(
            "nothing to resume: {name} does not exist (a finished run leaves none; start again without --resume)"
        );
    }
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&partial)
        .with_context(|| format!("cannot write {name}"))?;
    lock(&file, &target, &name)?;
    let done = if command.resume {
        record.check_resumable(&record_path, &partial)?;
        resume::complete_rows(&mut file, &name, format, header)?
    } else {
        file.set_len(0).with_context(|| format!("cannot write {name}"))?;
        record.write(&record_path)?;
        0
    };
    let file = Some(BufWriter::with_capacity(1 << 16, file));
    Ok(OutputFile { file, rename: Some(Rename { partial, record: record_path, target }), done })
}

/// Takes the partial's exclusive lock, held until the run ends, or says
/// which output another run is writing.
fn lock(file: &File, target: &std::path::Path, name: &str) -> anyhow::Result<()> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(fs::TryLockError::WouldBlock) => bail!(
            "another run is writing {} (it holds the lock on {name}); wait for it to finish or choose another -o",
            target.display()
        ),
        Err(fs::TryLockError::Error(error)) => {
            Err(error).with_context(|| format!("cannot lock {name}"))
        }
    }
}

fn summary(tally: &Tally, resumed: u64, elapsed: Duration) {
    let scored = tally.rows - tally.errors;
    let mean = if scored > 0 {
        format!("mean score {:.1}", tally.score_sum / scored as f64)
    } else {
        "no answer scored".to_owned()
    };
    let rate = tally.rows as f64 / elapsed.as_secs_f64().max(1e-9);
    let resumed =
        if resumed > 0 { format!(" (after {resumed} rows already done)") } else { String::new() };
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "{} rows{resumed}, {} errors, {mean}, {:.2} s, {rate:.0} rows/s",
            tally.rows,
            tally.errors,
            elapsed.as_secs_f64()
        );
    }
}
