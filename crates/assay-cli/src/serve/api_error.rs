//! Errors of the JSON API, answered as `{"error": ..., "suggestions": [...]}`
//! with the status that says what went wrong.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An API request that cannot be answered.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What is wrong, in words.
    pub message: String,
    /// Close ids, for an unknown question.
    pub suggestions: Vec<String>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    suggestions: &'a [String],
}

impl ApiError {
    /// An error with `status` and `message`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError { status, message: message.into(), suggestions: Vec::new() }
    }

    /// A request body that is not the JSON asked for.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// A request body over `limit` bytes.
    pub fn too_large(limit: u64) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is over the limit of {limit} bytes"),
        )
    }

    /// An unknown question, with the closest ids.
    pub fn unknown_question(id: &str, suggestions: Vec<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: format!("unknown question `{id}` (GET /v1/questions lists them)"),
            suggestions,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: &self.message, suggestions: &self.suggestions };
        let json = serde_json::to_vec(&body).expect("an error body serialises");
        (self.status, [(header::CONTENT_TYPE, "application/json")], json).into_response()
    }
}
