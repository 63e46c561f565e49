//! `POST /v1/batch`: JSON Lines in, JSON Lines out, streamed under the batch
//! rules (one output row per input row, in order; a row that cannot be
//! scored is an `error` row). The body is read and the rows written as they
//! come, so memory stays flat however long the request is.

use std::io::{self, Read};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::TryStreamExt;
use tokio::sync::mpsc;
use tokio_util::io::{StreamReader, SyncIoBridge};

use crate::args::RowDetail;
use crate::batch::input::{InputFormat, RowReader};
use crate::batch::output::{ConceptColumns, Outcome, OutputFormat, Renderer};
use crate::batch::score_row;
use crate::serve::api_error::ApiError;
use crate::serve::state::AppState;

/// Output bytes gathered before they are sent on.
const SEND_BYTES: usize = 1 << 16;

/// `POST /v1/batch`.
///
/// # Errors
///
/// A declared body length over the limit (413). A longer body sent without
/// a length ends the output with an error line once the limit is passed.
pub async fn batch(
    State(state): State<Arc<AppState>>,
    request: Request,
) -> Result<Response, ApiError> {
    let limit = state.limits.batch_bytes;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::too_large(limit));
    }
    let permit = Arc::clone(&state.permits).acquire_owned().await.map_err(|_| {
        ApiError::new(axum::http::StatusCode::SERVICE_UNAVAILABLE, "the server is shutting down")
    })?;
    let stream = request.into_body().into_data_stream().map_err(io::Error::other);
    let body = Limited { inner: SyncIoBridge::new(StreamReader::new(stream)), left: limit, limit };
    let (sender, receiver) = mpsc::channel::<Result<Bytes, io::Error>>(4);
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        score_stream(&state, body, &sender);
    });
    let chunks = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    });
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], Body::from_stream(chunks))
        .into_response())
}

/// Scores every row of `body` and sends the rendered lines on, until the
/// body ends or the client goes away.
fn score_stream(
    state: &AppState,
    body: impl Read,
    sender: &mpsc::Sender<Result<Bytes, io::Error>>,
) {
    let rubrics = &state.data.rubrics;
    let renderer = Renderer::new(
        OutputFormat::JsonLines,
        rubrics,
        ConceptColumns::Library,
        vec![],
        RowDetail::Full,
    );
    let mut reader = match RowReader::new(body, InputFormat::JsonLines, "request") {
        Ok(reader) => reader,
        Err(error) => {
            let _ = sender.blocking_send(Ok(error_line(&format!("{error:#}"))));
            return;
        }
    };
    state.with_scorer(|scorer| {
        let mut out = Vec::with_capacity(SEND_BYTES);
        let mut number = 0;
        loop {
            let row = match reader.next_row() {
                Ok(Some(row)) => row,
                Ok(None) => break,
                Err(error) => {
                    out.extend(error_line(&format!(
                        "{error:#}; no rows after row {number} were read"
                    )));
                    break;
                }
            };
            number += 1;
            let score = score_row(scorer, rubrics, (state.index.as_ref(), false), &row);
            out.extend(renderer.render(&Outcome { number, row, score }));
            if out.len() >= SEND_BYTES
                && sender.blocking_send(Ok(Bytes::from(std::mem::take(&mut out)))).is_err()
            {
                return;
            }
        }
        if !out.is_empty() {
            let _ = sender.blocking_send(Ok(Bytes::from(out)));
        }
    });
}

/// One JSON line `{"error": message}`.
fn error_line(message: &str) -> Bytes {
    let mut line =
        serde_json::to_vec(&serde_json::json!({ "error": message })).expect("a value serialises");
    line.push(b'\n');
    Bytes::from(line)
}

/// A reader that fails once more than `limit` bytes have come through.
struct Limited<R> {
    inner: R,
    left: u64,
    limit: u64,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.left = self.left.checked_sub(n as u64).ok_or_else(|| {
            io::Error::other(format!("the request body is over the limit of {} bytes", self.limit))
        })?;
        Ok(n)
    }
}
