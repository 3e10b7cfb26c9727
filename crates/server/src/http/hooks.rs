//! `/hooks/{token}/{endpoint}`: where gateways post statuses and incoming messages.
//!
//! A 2xx is sent only after the events are committed; anything we cannot take gets a 4xx that
//! says why and stores nothing, and a storage failure gets a 5xx so the gateway tries again.

use std::sync::Arc;

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use switchboard_core::WebhookFailure;
use switchboard_core::gateway::{WebhookError, WebhookReply, WebhookRequest};

use super::{AppState, WEBHOOK_BODY_LIMIT};

fn refuse(status: StatusCode, message: String) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

pub(super) async fn receive(
    State(state): State<Arc<AppState>>,
    Path((token, endpoint)): Path<(String, String)>,
    method: Method,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let body = match axum::body::to_bytes(body, WEBHOOK_BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "the webhook body is larger than {} KiB",
                    WEBHOOK_BODY_LIMIT / 1024
                ),
            );
        }
    };
    let request = WebhookRequest {
        method: method.to_string(),
        query: query.unwrap_or_default(),
        headers: headers
            .iter()
            .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .collect(),
        body: body.to_vec(),
    };
    match state.engine.webhook(&token, &endpoint, request).await {
        Ok(Some(WebhookReply::Json(body))) => (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response(),
        Ok(Some(WebhookReply::Text(body))) => body.into_response(),
        Ok(None) => Json(json!({ "ok": true })).into_response(),
        Err(WebhookFailure::UnknownAccount) => refuse(
            StatusCode::NOT_FOUND,
            "no account has this webhook address".into(),
        ),
        Err(WebhookFailure::Rejected(e @ WebhookError::Unauthenticated(_))) => {
            refuse(StatusCode::UNAUTHORIZED, e.to_string())
        }
        Err(WebhookFailure::Rejected(e @ WebhookError::UnknownEndpoint(_))) => {
            refuse(StatusCode::NOT_FOUND, e.to_string())
        }
        Err(WebhookFailure::Rejected(e @ WebhookError::Malformed(_))) => {
            refuse(StatusCode::BAD_REQUEST, e.to_string())
        }
        Err(WebhookFailure::Store(e)) => {
            tracing::error!("webhook not stored: {e}");
            refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "could not store the webhook; try again".into(),
            )
        }
    }
}
