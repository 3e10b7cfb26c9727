//! The send endpoint as Rapporto answers it: 200 `{"mtNum", "id"}` or a documented error.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::json;

use super::validation::{self, ApiError};
use super::{ENDPOINT_PATH, Fault, SendAnswer, Shared, now_ms, reports};

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(ENDPOINT_PATH, post(send))
        .with_state(shared)
}

async fn send(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Response {
    let fault = shared.state().faults.pop_front();
    match fault {
        Some(Fault::Status(code)) => return fault_status(code),
        Some(Fault::Error(code)) => return error(&ApiError::new(code)),
        Some(Fault::Garbage) => {
            return (StatusCode::OK, "<html><body>502 Bad Gateway</body></html>").into_response();
        }
        Some(Fault::Delay(pause)) => {
            // A slow gateway still does the work after the client gave up waiting: the task
            // outlives this request even when the client disconnects.
            let task = tokio::spawn(async move {
                tokio::time::sleep(pause).await;
                handle(&shared, peer, &body)
            });
            return task
                .await
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
        }
        None => {}
    }
    handle(&shared, peer, &body)
}

fn handle(shared: &Arc<Shared>, peer: SocketAddr, body: &[u8]) -> Response {
    let mut state = shared.state();
    if let Some(allowed) = &state.config.allowed_ips
        && !allowed.contains(&peer.ip())
    {
        return error(&ApiError::new(2));
    }
    let mut accepted = match validation::check(body, &state.config) {
        Ok(accepted) => accepted,
        Err(e) => return error(&e),
    };
    // The lookup and the insert happen under one lock: two attempts with the same id that
    // arrive together still make one message.
    if let Some(partner_id) = &accepted.partner_id
        && let Some(mt_num) = state.by_partner_id.get(partner_id).cloned()
    {
        if !state.config.duplicate_control {
            return error(&ApiError::new(10));
        }
        state.answers.push(SendAnswer {
            partner_id: Some(partner_id.clone()),
            mt_num: mt_num.clone(),
            repeated: true,
        });
        return answer(&mt_num, Some(partner_id));
    }
    accepted.mt_num = shared.next_mt_num();
    accepted.received_at_ms = now_ms();
    if let Some(partner_id) = &accepted.partner_id {
        state
            .by_partner_id
            .insert(partner_id.clone(), accepted.mt_num.clone());
    }
    state.answers.push(SendAnswer {
        partner_id: accepted.partner_id.clone(),
        mt_num: accepted.mt_num.clone(),
        repeated: false,
    });
    state.sent.push(accepted.clone());
    drop(state);
    let response = answer(&accepted.mt_num, accepted.partner_id.as_deref());
    reports::spawn(shared.clone(), accepted);
    response
}

/// `{"mtNum": "107930572", "id": "8770100"}`: Rapporto's message number and the partner's id.
fn answer(mt_num: &str, partner_id: Option<&str>) -> Response {
    let mut body = json!({"mtNum": mt_num});
    if let Some(id) = partner_id {
        body["id"] = json!(id);
    }
    (StatusCode::OK, axum::Json(body)).into_response()
}

/// The documented error body with the code's HTTP status.
fn error(e: &ApiError) -> Response {
    let (status, description) = validation::documented(e.code);
    let code = if status == 500 { 100 } else { e.code };
    let mut body = json!({"error": {"code": code, "description": description}});
    if let Some(extended) = &e.extended {
        body["extendedDescription"] = json!(extended);
    }
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, axum::Json(body)).into_response();
    if code == 3 {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    response
}

/// A forced HTTP status: the documented body where the table has one for it.
fn fault_status(status: u16) -> Response {
    let documented = match status {
        503 => Some(1),
        403 => Some(2),
        429 => Some(3),
        500 => Some(100),
        _ => None,
    };
    match documented {
        Some(code) => error(&ApiError::new(code)),
        None => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, status.canonical_reason().unwrap_or("Error")).into_response()
        }
    }
}
