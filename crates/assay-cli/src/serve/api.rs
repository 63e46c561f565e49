//! The JSON API under `/v1/`: the same objects the command line prints.

use std::sync::{Arc, LazyLock};

use assay_text::Analyzer;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::json::{MatchJson, QuestionJson};
use crate::score_json::{score_object, ASSAY_VERSION, SCHEMA_VERSION};
use crate::serve::api_error::ApiError;
use crate::serve::state::AppState;

/// The OpenAPI document describing this API (docs/openapi.json), with the
/// score and batch-row schemas it refers to by path inlined under
/// `components.schemas`, their references rewritten to point there, so the
/// served copy stands alone for any OpenAPI tool.
static OPENAPI: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let parse = |text: &str| -> Value { serde_json::from_str(text).expect("bundled JSON parses") };
    let mut document = parse(include_str!("../../../../docs/openapi.json"));
    let schemas = &mut document["components"]["schemas"];
    for (name, text) in [
        ("Score", include_str!("../../../../docs/schema/score.schema.json")),
        ("BatchRow", include_str!("../../../../docs/schema/batch-row.schema.json")),
    ] {
        let mut schema = parse(text);
        if let Value::Object(object) = &mut schema {
            object.remove("$schema");
            object.remove("$id");
        }
        rebase(&mut schema, name);
        schemas[name] = schema;
    }
    serde_json::to_vec(&document).expect("a value serialises")
});

/// Rewrites the `$ref`s of the schema inlined as `components.schemas.NAME`:
/// `#/...` (its own definitions) and `OTHER.schema.json#/...` (the other
/// inlined schema) to paths inside the OpenAPI document.
fn rebase(value: &mut Value, name: &str) {
    match value {
        Value::Object(object) => {
            for (key, field) in object.iter_mut() {
                match field {
                    Value::String(target) if key == "$ref" => {
                        *target = match target.split_once('#') {
                            Some(("", pointer)) => format!("#/components/schemas/{name}{pointer}"),
                            Some(("score.schema.json", pointer)) => {
                                format!("#/components/schemas/Score{pointer}")
                            }
                            _ => target.clone(),
                        };
                    }
                    _ => rebase(field, name),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rebase(item, name)),
        _ => {}
    }
}

/// Most questions `POST /v1/match` lists.
const MAX_TOP: usize = 48;

/// `POST /v1/score` body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoreRequest {
    question: String,
    answer: String,
    #[serde(default)]
    context: Option<String>,
}

/// `POST /v1/match` body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MatchRequest {
    answer: String,
    #[serde(default = "default_top")]
    top: usize,
}

fn default_top() -> usize {
    3
}

/// `GET /v1/health`: answers while the server runs, whatever its load.
pub async fn health() -> Response {
    json_response(br#"{"status":"ok"}"#.to_vec())
}

/// `GET /v1/version`: the build and the rubric set it scores with.
pub async fn version(State(state): State<Arc<AppState>>) -> Response {
    let body = serde_json::json!({
        "assay_version": ASSAY_VERSION,
        "schema_version": SCHEMA_VERSION,
        "rubrics": state.data.rubrics.fingerprint(),
    });
    json_response(serde_json::to_vec(&body).expect("a value serialises"))
}

/// `GET /v1/questions`: as `assay questions --format json`.
pub async fn questions(State(state): State<Arc<AppState>>) -> Response {
    let data = &state.data;
    let outlines = data.outlines();
    let list: Vec<QuestionJson> = outlines
        .iter()
        .map(|o| QuestionJson::new(o, data.corpus.of_question(&o.id).count()))
        .collect();
    json_response(serde_json::to_vec(&list).expect("a list serialises"))
}

/// `GET /v1/openapi.json`.
pub async fn openapi() -> Response {
    json_response(OPENAPI.clone())
}

/// `POST /v1/score`: one answer, scored as `assay score --format json`.
///
/// # Errors
///
/// A body that is too large or not the JSON asked for, or an unknown
/// question.
pub async fn score(
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: ScoreRequest = parse_body(body, state.limits.answer_bytes)?;
    known_question(&state, &request.question)?;
    let _permit = state.permits.acquire().await.map_err(|_| shutting_down())?;
    let worker = Arc::clone(&state);
    let json = tokio::task::spawn_blocking(move || {
        let rubric = worker.data.rubrics.get(&request.question).expect("checked above");
        let score = worker.score(rubric, &request.answer, request.context.as_deref());
        score_object(&score, &request.answer, worker.data.rubrics.fingerprint())
    })
    .await
    .map_err(|_| internal())?;
    Ok(json_response(json))
}

/// `POST /v1/match`: the questions an answer most likely answers, as
/// `assay match --format json`.
///
/// # Errors
///
/// A bad body, `top` out of range, or no model answers to compare with.
pub async fn match_questions(
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: MatchRequest = parse_body(body, state.limits.answer_bytes)?;
    if !(1..=MAX_TOP).contains(&request.top) {
        return Err(ApiError::bad_request(format!("`top` must be from 1 to {MAX_TOP}")));
    }
    if state.index.is_none() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "no model answers to compare with: the server was started with --rubrics but no --corpus or --index",
        ));
    }
    let _permit = state.permits.acquire().await.map_err(|_| shutting_down())?;
    let worker = Arc::clone(&state);
    let json = tokio::task::spawn_blocking(move || {
        let index = worker.index.as_ref().expect("checked above");
        let analysis = Analyzer::new().analyze(&request.answer);
        let matches = index.match_with_rubrics(&analysis, &worker.data.rubrics, request.top);
        serde_json::to_vec(&MatchJson::list(&matches)).expect("a list serialises")
    })
    .await
    .map_err(|_| internal())?;
    Ok(json_response(json))
}

/// Fails with 404 and the closest ids when `id` is not a question.
fn known_question(state: &AppState, id: &str) -> Result<(), ApiError> {
    if state.data.rubrics.get(id).is_some() {
        return Ok(());
    }
    let suggestions = state.data.rubrics.suggest(id).into_iter().map(str::to_owned).collect();
    Err(ApiError::unknown_question(id, suggestions))
}

/// The body as `T`, or why not.
fn parse_body<T: DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
    limit: usize,
) -> Result<T, ApiError> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::too_large(limit as u64)
        } else {
            ApiError::bad_request(format!("cannot read the request body: {rejection}"))
        }
    })?;
    serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("the body is not the JSON expected: {e}")))
}

fn shutting_down() -> ApiError {
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is shutting down")
}

fn internal() -> ApiError {
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "scoring failed unexpectedly")
}

/// A 200 response with a JSON body.
pub fn json_response(body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
