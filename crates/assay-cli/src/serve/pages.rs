//! The practice page (`/`) and the trainer's playground (`/playground`):
//! plain HTML forms that work without JavaScript, rendered by assay-report
//! with every answer and rubric text escaped. Scoring takes a permit and
//! runs on a blocking thread, as the API's does. Answers and edited rubrics
//! live only in the request and the page sent back: nothing is logged or
//! kept (the practice page's history is kept by the browser).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use assay_report::{
    CandidateInput, ChosenQuestion, ModelAnswer, PlaygroundPage, PlaygroundResult, PracticeAttempt,
    PracticePage, QuestionChoice, QuestionReport, ReportError,
};
use assay_score::{Rubric, Score, SourceFile};
use axum::extract::rejection::FormRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use crate::practice_session::{is_about, splitmix64};
use crate::serve::state::AppState;

/// Example sentences the playground shows per compared run of an answer
/// (as `assay score --explain`).
const NEAREST_PER_RUN: usize = 3;

/// Said when a question has no rubric file to edit (every loaded question
/// has one; this is a guard).
const NO_FILE: &str = "This question's rubric file is not at hand, so it cannot be edited here.";

/// `GET /` and `GET /playground`: which question to show.
#[derive(Debug, Default, Deserialize)]
pub struct PickQuery {
    /// A question id.
    #[serde(default)]
    question: Option<String>,
    /// A topic word: one of the questions about it, at random.
    #[serde(default)]
    topic: Option<String>,
    /// Any question, at random (`random=1`).
    #[serde(default)]
    random: Option<String>,
}

/// `POST /`: one attempt.
#[derive(Debug, Default, Deserialize)]
pub struct AttemptForm {
    #[serde(default)]
    question: String,
    #[serde(default)]
    answer: String,
    /// The total of the attempt before, if any.
    #[serde(default)]
    previous: String,
}

/// `POST /playground` and `POST /playground/download`.
#[derive(Debug, Default, Deserialize)]
pub struct PlaygroundForm {
    #[serde(default)]
    question: String,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    toml: String,
}

/// The question a [`PickQuery`] asks for, with a word on how it was picked
/// (or why none was) and the status to answer with.
struct Pick<'r> {
    rubric: Option<&'r Rubric>,
    note: Option<String>,
    status: StatusCode,
}

/// `GET /`: the question picker, and the answer form when a question is
/// chosen (`?question=ID`, `?topic=WORD` or `?random=1`).
pub async fn practice(
    State(state): State<Arc<AppState>>,
    Query(query): Query<PickQuery>,
) -> Response {
    let pick = pick(&state, &query, true);
    let page = PracticePage {
        questions: QuestionChoice::list(state.data.rubrics.rubrics(), pick.rubric.map(|r| &*r.id)),
        topic: query.topic.unwrap_or_default(),
        note: pick.note,
        question: pick.rubric.map(ChosenQuestion::of),
        answer: String::new(),
        attempt: None,
    };
    html(pick.status, state.pages.practice(&page))
}

/// `POST /`: scores an attempt and shows its feedback, the change since
/// the attempt before, and a model answer.
pub async fn practice_attempt(
    State(state): State<Arc<AppState>>,
    form: Result<Form<AttemptForm>, FormRejection>,
) -> Response {
    let form = match form {
        Ok(Form(form)) => form,
        Err(rejection) => return rejection.into_response(),
    };
    if state.data.rubrics.get(&form.question).is_none() {
        let query = PickQuery { question: Some(form.question), ..PickQuery::default() };
        let pick = pick(&state, &query, true);
        let page = PracticePage {
            questions: QuestionChoice::list(state.data.rubrics.rubrics(), None),
            topic: String::new(),
            note: pick.note,
            question: None,
            answer: String::new(),
            attempt: None,
        };
        return html(pick.status, state.pages.practice(&page));
    }
    let answer = one_kind_of_newline(&form.answer);
    let previous = form
        .previous
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|p| p.is_finite() && (0.0..=100.0).contains(p));
    let Ok(_permit) = state.permits.acquire().await else {
        return shutting_down();
    };
    let worker = Arc::clone(&state);
    let rendered = tokio::task::spawn_blocking(move || {
        let state = &*worker;
        let rubric = state.data.rubrics.get(&form.question).expect("checked above");
        let score = state.score(rubric, &answer, None);
        let exemplars = state.scored_exemplars(rubric);
        let report = state.with_builder(|builder| {
            builder.candidate(&CandidateInput::practice(rubric, &answer, &score, &exemplars))
        });
        let model = ModelAnswer::best(rubric, &exemplars);
        let page = PracticePage {
            questions: QuestionChoice::list(state.data.rubrics.rubrics(), Some(&rubric.id)),
            topic: String::new(),
            note: None,
            question: Some(ChosenQuestion::of(rubric)),
            attempt: Some(PracticeAttempt::new(attempt_id(), report, previous, model)),
            answer,
        };
        state.pages.practice(&page)
    })
    .await;
    match rendered {
        Ok(rendered) => html(StatusCode::OK, rendered),
        Err(_) => failed(),
    }
}

/// `GET /playground`: the question picker, and the chosen question's
/// rubric as editable TOML.
pub async fn playground(
    State(state): State<Arc<AppState>>,
    Query(query): Query<PickQuery>,
) -> Response {
    let pick = pick(&state, &query, false);
    let file = pick.rubric.and_then(|r| state.data.sources.question(&r.id));
    let note = match (pick.rubric, file) {
        (Some(_), None) => Some(NO_FILE.to_owned()),
        _ => pick.note,
    };
    let page = PlaygroundPage {
        questions: QuestionChoice::list(state.data.rubrics.rubrics(), pick.rubric.map(|r| &*r.id)),
        note,
        question: pick.rubric.map(ChosenQuestion::of),
        file: file.map(|f| f.path.clone()).unwrap_or_default(),
        answer: String::new(),
        toml: file.map(|f| f.text.clone()).unwrap_or_default(),
        edited: false,
        errors: Vec::new(),
        result: None,
    };
    html(pick.status, state.pages.playground(&page))
}

/// `POST /playground`: validates the (possibly edited) rubric in memory
/// and, when it is valid, shows what it made of the answer.
pub async fn playground_run(
    State(state): State<Arc<AppState>>,
    form: Result<Form<PlaygroundForm>, FormRejection>,
) -> Response {
    let form = match form {
        Ok(Form(form)) => form,
        Err(rejection) => return rejection.into_response(),
    };
    let loaded = state.data.rubrics.get(&form.question);
    let Some(original) = loaded.and_then(|r| state.data.sources.question(&r.id)) else {
        let query = PickQuery { question: Some(form.question), ..PickQuery::default() };
        let mut pick = pick(&state, &query, false);
        if pick.rubric.is_some() {
            pick.note = Some(NO_FILE.to_owned());
            pick.status = StatusCode::NOT_FOUND;
        }
        let page = PlaygroundPage {
            questions: QuestionChoice::list(state.data.rubrics.rubrics(), None),
            note: pick.note,
            question: None,
            file: String::new(),
            answer: String::new(),
            toml: String::new(),
            edited: false,
            errors: Vec::new(),
            result: None,
        };
        return html(pick.status, state.pages.playground(&page));
    };
    let answer = one_kind_of_newline(&form.answer);
    let toml = one_kind_of_newline(&form.toml);
    // A text box may add or drop a line end at the end: that is no edit.
    let edited = toml.trim_end() != one_kind_of_newline(&original.text).trim_end();
    let Ok(_permit) = state.permits.acquire().await else {
        return shutting_down();
    };
    let worker = Arc::clone(&state);
    let rendered = tokio::task::spawn_blocking(move || {
        let state = &*worker;
        let loaded = state.data.rubrics.get(&form.question).expect("checked above");
        let original = state.data.sources.question(&loaded.id).expect("checked above");
        let mut page = PlaygroundPage {
            questions: QuestionChoice::list(state.data.rubrics.rubrics(), Some(&loaded.id)),
            note: None,
            question: Some(ChosenQuestion::of(loaded)),
            file: original.path.clone(),
            answer,
            toml,
            edited,
            errors: Vec::new(),
            result: None,
        };
        let rebuilt = if edited {
            match state.rubrics_with(SourceFile::new(original.path.clone(), page.toml.clone())) {
                Ok(set) => Some(set),
                Err(errors) => {
                    page.errors = errors.0.iter().map(ToString::to_string).collect();
                    return state.pages.playground(&page);
                }
            }
        } else {
            None
        };
        // One question file was loaded, named after the question, so the
        // set holds that question alone.
        let rubric = match &rebuilt {
            Some(set) => set.rubrics().next().expect("a valid question file defines a question"),
            None => loaded,
        };
        if page.answer.trim().is_empty() {
            page.note = Some(if edited {
                "The edited rubric has no problems. Paste an answer to see what fires.".to_owned()
            } else {
                "Paste an answer to see what fires.".to_owned()
            });
            return state.pages.playground(&page);
        }
        let score = state.score(rubric, &page.answer, None);
        let runs = state.with_scorer(|s| s.explain(rubric, &page.answer, NEAREST_PER_RUN));
        let feedback = feedback(state, rubric, &page.answer, &score);
        let mut result = PlaygroundResult::new(rubric, &page.answer, &score, &runs, feedback);
        if edited {
            let before = state.score(loaded, &page.answer, None);
            result.loaded = Some((before.total, before.level));
        }
        page.result = Some(result);
        state.pages.playground(&page)
    })
    .await;
    match rendered {
        Ok(rendered) => html(StatusCode::OK, rendered),
        Err(_) => failed(),
    }
}

/// `POST /playground/download`: the TOML sent, back as a file to save.
pub async fn playground_download(
    State(state): State<Arc<AppState>>,
    form: Result<Form<PlaygroundForm>, FormRejection>,
) -> Response {
    let form = match form {
        Ok(Form(form)) => form,
        Err(rejection) => return rejection.into_response(),
    };
    // Only a known question id (a-z, 0-9 and `-`) goes into the header.
    let id = state.data.rubrics.get(&form.question).map_or("rubric", |r| r.id.as_str());
    let disposition = format!("attachment; filename=\"{id}.toml\"");
    let mut response = one_kind_of_newline(&form.toml).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/toml"));
    match HeaderValue::from_str(&disposition) {
        Ok(value) => {
            headers.insert(header::CONTENT_DISPOSITION, value);
        }
        Err(_) => return failed(),
    }
    response
}

/// The question `query` asks for. `random` and `topic` pick at random
/// when `allow_random` (the practice page); an unknown id is a 404 with
/// the closest ids.
fn pick<'s>(state: &'s AppState, query: &PickQuery, allow_random: bool) -> Pick<'s> {
    let rubrics = &state.data.rubrics;
    let none = |note: Option<String>, status| Pick { rubric: None, note, status };
    if let Some(id) = query.question.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
        if let Some(rubric) = rubrics.get(id) {
            return Pick { rubric: Some(rubric), note: None, status: StatusCode::OK };
        }
        let close = rubrics.suggest(id);
        let hint = match close.as_slice() {
            [] => String::new(),
            [one] => format!(" Did you mean {one}?"),
            more => format!(" Did you mean one of {}?", more.join(", ")),
        };
        let note = format!("There is no question “{id}”.{hint} Choose one from the list.");
        return none(Some(note), StatusCode::NOT_FOUND);
    }
    if !allow_random {
        return none(None, StatusCode::OK);
    }
    let topic = query.topic.as_deref().map(str::trim).filter(|t| !t.is_empty());
    if topic.is_none() && query.random.as_deref().is_none_or(str::is_empty) {
        return none(None, StatusCode::OK);
    }
    let pool: Vec<&Rubric> =
        rubrics.rubrics().filter(|r| topic.is_none_or(|t| is_about(r, t))).collect();
    if pool.is_empty() {
        let topic = topic.unwrap_or_default();
        let note =
            format!("No question is about “{topic}”. Try another word, or choose from the list.");
        return none(Some(note), StatusCode::OK);
    }
    let seed = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    let at = usize::try_from(splitmix64(seed) % pool.len() as u64).expect("below pool size");
    let note = match (topic, pool.len()) {
        (Some(t), 1) => format!("The one question about “{t}”."),
        (Some(t), n) => format!("Picked at random from the {n} questions about “{t}”."),
        (None, n) => format!("Picked at random from all {n} questions."),
    };
    Pick { rubric: Some(pool[at]), note: Some(note), status: StatusCode::OK }
}

/// The feedback a report gives on `answer`, scored `score` on `rubric`.
fn feedback(state: &AppState, rubric: &Rubric, answer: &str, score: &Score) -> QuestionReport {
    let exemplars = state.scored_exemplars(rubric);
    let mut report = state.with_builder(|builder| {
        builder.candidate(&CandidateInput::practice(rubric, answer, score, &exemplars))
    });
    report.questions.swap_remove(0)
}

/// An id for one attempt, different for every attempt this server scores
/// (and, with the time in it, across restarts).
fn attempt_id() -> String {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{nanos:x}-{:x}", COUNT.fetch_add(1, Ordering::Relaxed))
}

/// `text` with the `\r\n` line ends a browser sends as `\n`, so an answer
/// scores and shows the same whichever way it came.
fn one_kind_of_newline(text: &str) -> String {
    text.replace("\r\n", "\n")
}

fn html(status: StatusCode, rendered: Result<String, ReportError>) -> Response {
    match rendered {
        Ok(page) => (status, Html(page)).into_response(),
        Err(_) => failed(),
    }
}

fn failed() -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, "the page could not be made").into_response()
}

fn shutting_down() -> Response {
    (StatusCode::SERVICE_UNAVAILABLE, "the server is shutting down").into_response()
}
