//! `POST /whatsapp/messages` as Devino answers it.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

use super::validation::{self, Reason};
use super::{Fault, Shared, callbacks, media, now_ms};

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/whatsapp/messages", post(send))
        .with_state(shared)
}

async fn send(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
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
                handle(&shared, &headers, &body)
            });
            return task
                .await
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
        }
        None => {}
    }
    handle(&shared, &headers, &body)
}

fn handle(shared: &Arc<Shared>, headers: &HeaderMap, body: &[u8]) -> Response {
    let expected = format!("Key {}", shared.api_key);
    let authorized = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() == expected);
    if !authorized {
        // The documentation does not show what Devino answers to a wrong key; a 401 with a
        // small JSON body is what its other APIs do and what a client must cope with.
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!({"error": "unauthorized"})),
        )
            .into_response();
    }
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        // Not documented either: a body that is not JSON never reaches the per-message checks.
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"error": "bad request"})),
        )
            .into_response();
    };
    let messages = match request.get("messages") {
        Some(Value::Array(items)) if !items.is_empty() => items.clone(),
        _ => {
            let reason = Reason::batch("must.be.not.null", "The 'messages' array cannot be empty");
            return answer(vec![rejected(&[reason])]);
        }
    };
    if messages.len() > shared.max_batch {
        let reason = Reason::batch(
            "too.many.messages",
            "The maximum size of the 'messages' array has been exceeded",
        );
        return answer(
            messages
                .iter()
                .map(|_| rejected(std::slice::from_ref(&reason)))
                .collect(),
        );
    }
    let mut results = Vec::with_capacity(messages.len());
    for (i, message) in messages.iter().enumerate() {
        match validation::check(i, message, &shared.senders) {
            Ok(mut accepted) => {
                accepted.message_id = shared.next_id().to_string();
                accepted.received_at_ms = now_ms();
                results.push(json!({"code": "OK", "messageId": accepted.message_id}));
                let (plan, fetch) = {
                    let mut state = shared.state();
                    state.sent.push(accepted.clone());
                    let plan = callbacks::plan_for(&accepted.to, &mut state.throttled);
                    (plan, state.fetch_media)
                };
                if fetch && let Some(url) = accepted.content_url.clone() {
                    media::spawn_fetch(shared.clone(), url);
                }
                if accepted.callback_url.is_some() {
                    callbacks::spawn_statuses(shared.clone(), accepted, plan);
                }
            }
            Err(reasons) => results.push(rejected(&reasons)),
        }
    }
    answer(results)
}

fn answer(results: Vec<Value>) -> Response {
    (StatusCode::OK, axum::Json(json!({ "result": results }))).into_response()
}

fn rejected(reasons: &[Reason]) -> Value {
    let keys: Vec<Value> = reasons
        .iter()
        .map(|r| json!({"key": r.key, "ref": r.reference}))
        .collect();
    let description: Vec<&str> = reasons.iter().map(|r| r.description).collect();
    json!({"code": "REJECTED", "reasons": keys, "description": description.join("; ")})
}

fn fault_status(code: u16) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (
        status,
        axum::Json(json!({"error": status.canonical_reason()})),
    )
        .into_response();
    if matches!(code, 429 | 503) {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    response
}
