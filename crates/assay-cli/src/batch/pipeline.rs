//! Reading and writing beside the scoring: input chunks are read on one
//! thread and output chunks written on another, so the scoring threads do
//! not wait for either. Chunks pass through channels that hold one chunk
//! each, which keeps memory flat.

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, SyncSender};

use assay_score::RubricSet;

use crate::batch::input::{Row, RowReader};
use crate::batch::progress::Progress;
use crate::batch::{check_row, CHUNK_BYTES, CHUNK_ROWS, FIRST_CHUNK_ROWS};

/// Input rows read together, each with its 1-based number among the data
/// rows.
pub struct InputChunk {
    /// The rows.
    pub rows: Vec<(u64, Row)>,
    /// Bytes of input read up to the end of the chunk.
    pub bytes: u64,
    /// With `--strict`, the first bad row, which ends the run after the
    /// rows before it: `SOURCE: line N: problem`.
    pub strict_failure: Option<String>,
}

/// Output rows of one chunk, in input order: each row's total (`None` for
/// an error row) and its bytes.
pub struct OutputChunk {
    /// The rendered rows.
    pub rows: Vec<(Option<f64>, Vec<u8>)>,
    /// Bytes of input read up to the end of the chunk.
    pub bytes: u64,
}

/// What a run wrote, for the summary line.
#[derive(Debug, Default)]
pub struct Tally {
    /// Rows written.
    pub rows: u64,
    /// Error rows among them.
    pub errors: u64,
    /// Sum of the totals of the scored rows.
    pub score_sum: f64,
}

/// What reading needs besides the reader.
pub struct ReadSettings<'a> {
    /// Number of the last row already done (when resuming).
    pub done: u64,
    /// Whether a bad row stops the run (`--strict`).
    pub strict: bool,
    /// Input name for messages.
    pub source: &'a str,
    /// The rubrics rows are checked against.
    pub rubrics: &'a RubricSet,
}

/// Reads chunks of rows (up to `CHUNK_ROWS` rows or `CHUNK_BYTES` of
/// input) and sends them, until the input ends, a strict
/// failure, a read error (sent as the last item), or the receiver hangs up.
pub fn read_chunks<R: Read>(
    mut reader: RowReader<R>,
    settings: &ReadSettings<'_>,
    chunks: &SyncSender<anyhow::Result<InputChunk>>,
) {
    let mut number = settings.done;
    let mut size = FIRST_CHUNK_ROWS;
    loop {
        let mut rows = Vec::with_capacity(size);
        let mut strict_failure = None;
        let mut ended = false;
        let start = reader.byte_position();
        while rows.len() < size && reader.byte_position() - start < CHUNK_BYTES {
            let row = match reader.next_row() {
                Ok(Some(row)) => row,
                Ok(None) => {
                    ended = true;
                    break;
                }
                Err(error) => {
                    let _ = chunks.send(Err(error));
                    return;
                }
            };
            number += 1;
            if settings.strict {
                if let Err(error) = check_row(&row, settings.rubrics) {
                    strict_failure =
                        Some(format!("{}: line {}: {error}", settings.source, row.line));
                    break;
                }
            }
            rows.push((number, row));
        }
        let last = ended || strict_failure.is_some();
        if rows.is_empty() && strict_failure.is_none() {
            return;
        }
        let chunk = InputChunk { rows, bytes: reader.byte_position(), strict_failure };
        if chunks.send(Ok(chunk)).is_err() || last {
            return;
        }
        size = (size * 2).min(CHUNK_ROWS);
    }
}

/// Writes output chunks as they arrive, flushing after each and reporting
/// progress (counting the `done` rows of a resumed run); returns the tally.
/// On an error `chunks` is dropped, so the sender learns the writer is gone.
///
/// # Errors
///
/// The first write error.
pub fn write_chunks(
    sink: &mut dyn Write,
    chunks: Receiver<OutputChunk>,
    done: u64,
    progress: &dyn Progress,
) -> anyhow::Result<Tally> {
    let mut tally = Tally::default();
    for chunk in chunks {
        for (total, bytes) in &chunk.rows {
            sink.write_all(bytes)?;
            tally.rows += 1;
            match total {
                Some(total) => tally.score_sum += total,
                None => tally.errors += 1,
            }
        }
        sink.flush()?;
        progress.rows_done(tally.rows + done, chunk.bytes);
    }
    Ok(tally)
}
