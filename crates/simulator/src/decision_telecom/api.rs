//! `POST send-whatsapp` and `POST receive-whatsapp` as DecisionTelecom answers them.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

use super::validation::{self, ApiError};
use super::{Fault, Shared, callbacks, now_ms, status};

/// Where the API lives on the real host: `https://web.it-decision.com/v1/api/send-whatsapp`.
pub(super) const PREFIX: &str = "/v1/api";

/// Recipients who have not written in 24 hours: only templates reach them (error 7).
const NO_RECENT_CONVERSATION: &str = "7007";

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(&format!("{PREFIX}/send-whatsapp"), post(send))
        .route(&format!("{PREFIX}/receive-whatsapp"), post(receive))
        .with_state(shared)
}

#[derive(Clone, Copy)]
enum Endpoint {
    Send,
    Receive,
}

async fn send(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    serve(shared, headers, body, Endpoint::Send).await
}

async fn receive(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    serve(shared, headers, body, Endpoint::Receive).await
}

/// Faults first, then the key, then any injected error, then the endpoint's own work.
async fn serve(
    shared: Arc<Shared>,
    headers: HeaderMap,
    body: Bytes,
    endpoint: Endpoint,
) -> Response {
    let fault = shared.state().faults.pop_front();
    match fault {
        Some(Fault::Status(code)) => return fault_status(code),
        Some(Fault::Garbage) => {
            return (StatusCode::OK, "<html><body>502 Bad Gateway</body></html>").into_response();
        }
        Some(Fault::Delay(pause)) => {
            // A slow gateway still does the work after the client gave up waiting: the task
            // outlives this request even when the client disconnects.
            let task = tokio::spawn(async move {
                tokio::time::sleep(pause).await;
                handle(&shared, &headers, &body, endpoint)
            });
            return task
                .await
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
        }
        None => {}
    }
    handle(&shared, &headers, &body, endpoint)
}

fn handle(shared: &Arc<Shared>, headers: &HeaderMap, body: &[u8], endpoint: Endpoint) -> Response {
    let result = authorize(shared, headers).and_then(|()| {
        if let Some(code) = shared.state().errors.pop_front() {
            return Err(ApiError::documented(code));
        }
        let value: Value = serde_json::from_slice(body).map_err(|_| {
            ApiError::http(
                400,
                "Bad Request",
                "Unable to parse the request body as JSON",
            )
        })?;
        match endpoint {
            Endpoint::Send => accept(shared, &value),
            Endpoint::Receive => look_up(shared, &value),
        }
    });
    match result {
        Ok(answer) => (StatusCode::OK, axum::Json(answer)).into_response(),
        Err(error) => error_response(&error),
    }
}

/// `Authorization: Basic <key>`, as the page's snippets send it. The page does not show what a
/// wrong key gets; this is what its Yii2 API framework answers.
fn authorize(shared: &Shared, headers: &HeaderMap) -> Result<(), ApiError> {
    let expected = format!("Basic {}", shared.api_key);
    let authorized = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() == expected);
    if authorized {
        Ok(())
    } else {
        Err(ApiError::http(
            401,
            "Unauthorized",
            "Your request was made with invalid credentials.",
        ))
    }
}

fn accept(shared: &Arc<Shared>, value: &Value) -> Result<Value, ApiError> {
    let mut message = validation::check(value)?;
    let free_form = message.message_type != 4;
    if free_form && message.destination_addr.ends_with(NO_RECENT_CONVERSATION) {
        return Err(ApiError::documented(7));
    }
    let plan = callbacks::plan_for(&message.destination_addr);
    let id = shared.next_id();
    message.message_id = id;
    message.received_at_ms = now_ms();
    {
        let mut state = shared.state();
        if state.balance_empty {
            return Err(ApiError::documented(3));
        }
        state.statuses.insert(id, status::PENDING);
        state.sent.push(message.clone());
    }
    callbacks::spawn_statuses(shared.clone(), message, plan);
    Ok(json!({"message_id": id}))
}

fn look_up(shared: &Shared, value: &Value) -> Result<Value, ApiError> {
    let mut state = shared.state();
    state.lookups += 1;
    let id = validation::number(value.get("message_id"))
        .ok_or_else(|| ApiError::invalid("message_id"))?;
    let status =
        state.statuses.get(&id).copied().ok_or_else(|| {
            ApiError::http(404, "Not Found", "The requested message does not exist.")
        })?;
    Ok(json!({"message_id": id, "status": status}))
}

fn error_response(error: &ApiError) -> Response {
    let status = StatusCode::from_u16(error.http).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, axum::Json(error.body())).into_response();
    if matches!(error.http, 429 | 503) && error.code != 7 {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    response
}

/// An injected HTTP status: the page's error object where it has one for that status.
fn fault_status(code: u16) -> Response {
    let error = match code {
        429 => ApiError::documented(0),
        500 => ApiError::documented(2),
        402 => ApiError::documented(3),
        401 => ApiError::http(
            401,
            "Unauthorized",
            "Your request was made with invalid credentials.",
        ),
        other => {
            let reason = StatusCode::from_u16(other)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("Error");
            ApiError::http(other, reason, "")
        }
    };
    error_response(&error)
}
