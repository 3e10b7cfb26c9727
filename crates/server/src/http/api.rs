//! `POST /api/{command}` and `GET /api/events` (server-sent events).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use switchboard_core::{ApiError, ErrorCode};
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;

use super::{AppState, same_secret};

#[derive(Deserialize)]
pub(super) struct TokenQuery {
    token: Option<String>,
}

fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::BadRequest | ErrorCode::InvalidPhone => StatusCode::BAD_REQUEST,
        ErrorCode::InvalidMessage => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::Unsupported => StatusCode::NOT_IMPLEMENTED,
        ErrorCode::SecretsUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Gateway => StatusCode::BAD_GATEWAY,
        ErrorCode::Storage | ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

pub(super) fn error_response(e: ApiError) -> Response {
    (status_of(e.code), Json(e)).into_response()
}

/// The token comes as `Authorization: Bearer …`, or as `?token=` where a browser cannot set
/// headers (EventSource, the first page load).
fn authorized(
    state: &AppState,
    headers: &HeaderMap,
    query: &TokenQuery,
) -> Result<(), Box<Response>> {
    let bearer = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let refusal = match bearer.or(query.token.as_deref()) {
        Some(t) if same_secret(t.trim(), &state.token) => return Ok(()),
        Some(_) => said::TOKEN_WRONG,
        None => said::TOKEN_MISSING,
    };
    Err(Box::new(error_response(ApiError::new(
        ErrorCode::Unauthorized,
        refusal,
    ))))
}

pub(super) async fn call(
    State(state): State<Arc<AppState>>,
    Path(command): Path<String>,
    Query(query): Query<TokenQuery>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if let Err(r) = authorized(&state, &headers, &query) {
        return *r;
    }
    let request = if body.is_empty() {
        serde_json::Value::Object(Default::default())
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                return error_response(ApiError::new(
                    ErrorCode::BadRequest,
                    said::BODY_NOT_JSON.with("detail", e),
                ));
            }
        }
    };
    match switchboard_core::api::dispatch(
        &state.engine,
        &switchboard_core::access::Client::local(),
        &command,
        request,
    )
    .await
    {
        Ok(v) => Json(v).into_response(),
        Err(e) => error_response(e),
    }
}

pub(super) async fn events(
    State(state): State<Arc<AppState>>,
    Query(query): Query<TokenQuery>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authorized(&state, &headers, &query) {
        return *r;
    }
    let stream = BroadcastStream::new(state.events.subscribe()).map(|item| {
        let event = match item {
            Ok(event) => match serde_json::to_string(&event) {
                Ok(json) => SseEvent::default().data(json),
                Err(e) => SseEvent::default().event("error").data(e.to_string()),
            },
            // The client fell behind: it must reload what it shows.
            Err(BroadcastStreamRecvError::Lagged(n)) => {
                SseEvent::default().event("resync").data(n.to_string())
            }
        };
        Ok::<_, Infallible>(event)
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// What the HTTP layer itself says.
pub mod said {
    switchboard_core::phrases! {
        TOKEN_WRONG = "http.token_wrong": "The API token is wrong";
        TOKEN_MISSING = "http.token_missing": "The API needs the token Switchboard's server printed (Authorization: Bearer TOKEN)";
        BODY_NOT_JSON = "http.body_not_json": "The request body is not JSON: {detail}";
    }
}
