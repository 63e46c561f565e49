//! `assay serve`: the practice page, the trainer's playground and a JSON API
//! on one small web server (axum on tokio: a well-kept async stack whose
//! router, extractors and graceful shutdown cover what is needed without
//! writing HTTP by hand).
//!
//! Scoring runs on tokio's blocking threads, at most `--threads` requests at
//! once (a semaphore), so a flood of scoring requests waits its turn while
//! the health check, the pages' assets and the API's listings still answer.
//! Nothing is logged or stored: answers live only in the request.

mod api;
mod api_error;
mod assets;
mod batch_stream;
mod guard;
mod pages;
mod state;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::CorsLayer;
use tower_http::timeout::TimeoutLayer;

use crate::args::{Args, ServeCommand};
use crate::data::Loaded;
use crate::{exemplars, ExitStatus};
use state::{AppState, Limits};

/// How long a request that is not a batch may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Runs the server until SIGINT or SIGTERM, then finishes the requests in
/// flight.
///
/// # Errors
///
/// The address cannot be bound, or the exemplar index cannot be opened.
pub fn run(command: &ServeCommand, args: &Args, data: Loaded) -> anyhow::Result<ExitStatus> {
    let index = exemplars::open_if_any(args.index.as_deref(), &data)?;
    let workers = command.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
        usize::from,
    );
    let token = command.token.clone().or_else(|| std::env::var("ASSAY_TOKEN").ok());
    let limits = Limits {
        answer_bytes: command.max_body,
        batch_bytes: command.max_batch_body,
        token: token.filter(|t| !t.is_empty()),
    };
    let state = Arc::new(AppState::new(data, index, workers, limits)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .context("cannot start the server's threads")?;
    runtime.block_on(serve(command.addr, command.cors.as_deref(), state, args.quiet))?;
    Ok(ExitStatus::Success)
}

/// Listens on `addr` until a shutdown signal; `quiet` leaves out the
/// line saying where.
async fn serve(
    addr: SocketAddr,
    cors: Option<&str>,
    state: Arc<AppState>,
    quiet: bool,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    #[allow(clippy::print_stderr)]
    {
        if !local.ip().is_loopback() && state.limits.token.is_none() {
            eprintln!(
                "warning: listening on {local}, which other machines can reach, without --token: anyone who can reach it can use it"
            );
        }
        if !quiet {
            eprintln!("assay serve: listening on http://{local}/ (Ctrl-C to stop)");
        }
    }
    let app = router(state, cors)?;
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server stopped with an error")
}

/// Every route, with limits, timeouts and the security guard.
fn router(state: Arc<AppState>, cors: Option<&str>) -> anyhow::Result<Router> {
    let answer_bytes = state.limits.answer_bytes;
    let timed = Router::new()
        .route("/v1/health", get(api::health))
        .route("/v1/version", get(api::version))
        .route("/v1/questions", get(api::questions))
        .route("/v1/openapi.json", get(api::openapi))
        .route("/v1/score", post(api::score))
        .route("/v1/match", post(api::match_questions))
        .route("/", get(pages::practice).post(pages::practice_attempt))
        .route("/playground", get(pages::playground).post(pages::playground_run))
        .route("/playground/download", post(pages::playground_download))
        .route("/assets/{name}", get(assets::asset))
        .layer(DefaultBodyLimit::max(answer_bytes))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT));
    // A batch streams for as long as it has rows: its own limit, no timeout.
    let streamed = Router::new()
        .route("/v1/batch", post(batch_stream::batch))
        .layer(DefaultBodyLimit::disable());
    let mut app = timed.merge(streamed).with_state(Arc::clone(&state));
    if let Some(origin) = cors {
        let origin = HeaderValue::from_str(origin)
            .with_context(|| format!("--cors {origin:?} is not a valid origin"))?;
        app = app.layer(
            CorsLayer::new()
                .allow_origin(origin)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION]),
        );
    }
    Ok(app.layer(axum::middleware::from_fn_with_state(state, guard::guard)))
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
