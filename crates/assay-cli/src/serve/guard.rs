//! What every response carries and every request must show: security
//! headers on all responses, and the bearer token (when the server has one)
//! on every request but the health check. A browser gives the token once as
//! `?token=...` and keeps it in a same-site cookie.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::serve::api_error::ApiError;
use crate::serve::state::AppState;

/// The pages' Content-Security-Policy: scripts and styles only from this
/// server's own files, forms posted only back to it, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The cookie a browser keeps the token in.
const TOKEN_COOKIE: &str = "assay_token";

/// Checks the token, then adds the security headers to the response.
pub async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if let Some(token) = &state.limits.token {
        if let Some(response) = check_token(&request, token) {
            return response;
        }
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// `None` when `request` may go on; else the response that stops it.
fn check_token(request: &Request, token: &str) -> Option<Response> {
    if request.uri().path() == "/v1/health" {
        return None;
    }
    if let Some(given) = query_token(request.uri().query().unwrap_or("")) {
        if !same(&given, token) {
            return Some(unauthorised());
        }
        // Kept in a cookie, and the token taken out of the address bar.
        let cookie = format!("{TOKEN_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/");
        let mut response = Redirect::to(request.uri().path()).into_response();
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        return Some(response);
    }
    let headers = request.headers();
    let shown = bearer(headers).or_else(|| cookie(headers));
    if shown.is_some_and(|s| same(s, token)) {
        None
    } else {
        Some(unauthorised())
    }
}

fn unauthorised() -> Response {
    let mut response = ApiError::new(
        StatusCode::UNAUTHORIZED,
        "this server needs its token: send `Authorization: Bearer TOKEN`, or open a page once with ?token=TOKEN",
    )
    .into_response();
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

fn query_token(query: &str) -> Option<String> {
    query.split('&').find_map(|pair| pair.strip_prefix("token=")).map(str::to_owned)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ")
}

fn cookie(headers: &HeaderMap) -> Option<&str> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|line| {
        line.split(';').find_map(|pair| pair.trim().strip_prefix(TOKEN_COOKIE)?.strip_prefix('='))
    })
}

/// Compares in time that does not depend on where the strings differ.
fn same(given: &str, token: &str) -> bool {
    given.len() == token.len()
        && given.bytes().zip(token.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}
