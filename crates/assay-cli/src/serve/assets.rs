//! The pages' style sheet and script, embedded in the binary (see
//! [`assay_report::asset`]): the pages work with no network but this server.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// `GET /assets/{name}`.
pub async fn asset(Path(name): Path<String>) -> Response {
    match assay_report::asset(&name) {
        Some(asset) => ([(header::CONTENT_TYPE, asset.content_type)], asset.body).into_response(),
        None => (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/plain")], "no such asset")
            .into_response(),
    }
}
