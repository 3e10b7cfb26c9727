//! The Graph endpoints: send a message, and read the phone number (the credentials check).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::errors::{GraphError, fault_status};
use super::{Fault, Planned, ReceivedMessage, Shared, receipts, validation, webhooks};

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/{version}/{phone_number_id}/messages", post(send))
        .route("/{version}/{phone_number_id}", get(phone_number))
        .route(
            "/{version}/{waba_id}/message_templates",
            get(super::catalog::list),
        )
        .route("/trap/{*rest}", get(super::catalog::trap))
        .route("/media-download/{id}", get(super::media::download))
        .with_state(shared)
}

async fn send(
    State(shared): State<Arc<Shared>>,
    Path((_version, phone_number_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Ok(request) = serde_json::from_slice::<Value>(&body)
        && receipts::is_receipt(&request)
    {
        // Receipts do not meet the faults planned for sends: an engine marking a message read
        // must not take the failure a test arranged for the next message.
        if let Err(error) = authorize(&shared, &headers, &phone_number_id) {
            return error.into_response();
        }
        return receipts::accept(&shared, &request);
    }
    let planned = shared.state().planned.pop_front();
    match planned {
        Some(Planned::Fault(Fault::Status(code))) => return fault_status(code),
        Some(Planned::Fault(Fault::Garbage)) => {
            return (StatusCode::OK, "<html><body>502 Bad Gateway</body></html>").into_response();
        }
        Some(Planned::Fault(Fault::Delay(pause))) => {
            // A slow server still does the work after the client gave up waiting.
            let task = tokio::spawn(async move {
                tokio::time::sleep(pause).await;
                handle(&shared, &phone_number_id, &headers, &body)
            });
            return task
                .await
                .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
        }
        Some(Planned::Error(code)) => {
            // Credentials are still checked first, as the real API does.
            if let Err(error) = authorize(&shared, &headers, &phone_number_id) {
                return error.into_response();
            }
            return GraphError::documented(code).into_response();
        }
        None => {}
    }
    handle(&shared, &phone_number_id, &headers, &body)
}

fn authorize(
    shared: &Shared,
    headers: &HeaderMap,
    phone_number_id: &str,
) -> Result<(), GraphError> {
    let expected = format!("Bearer {}", shared.config.access_token);
    let authorized = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() == expected);
    if !authorized {
        return Err(GraphError::documented(190));
    }
    if phone_number_id != shared.config.phone_number_id {
        return Err(GraphError::unknown_object(phone_number_id));
    }
    Ok(())
}

fn handle(
    shared: &Arc<Shared>,
    phone_number_id: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    if let Err(error) = authorize(shared, headers, phone_number_id) {
        return error.into_response();
    }
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        return GraphError::invalid("The request body is not valid JSON").into_response();
    };
    let checked = match validation::check(&request, &shared.config.templates) {
        Ok(checked) => checked,
        Err(error) => return error.into_response(),
    };
    if checked.to.ends_with("131030") {
        return GraphError::documented(131030).into_response();
    }
    let message = ReceivedMessage {
        id: shared.wamid(),
        to: checked.to.clone(),
        kind: checked.kind.clone(),
        body: request.clone(),
    };
    let (plan, url) = {
        let mut state = shared.state();
        state.sent.push(message.clone());
        (
            webhooks::plan_for(&message.to, &mut state.throttled),
            state.webhook_url.clone(),
        )
    };
    if let Some(url) = url {
        webhooks::spawn_statuses(shared.clone(), url, message.clone(), plan);
    }
    let raw_to = request
        .get("to")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut sent = json!({"id": message.id});
    if checked.kind == "template" {
        sent["message_status"] = json!("accepted");
    }
    let answer = json!({
        "messaging_product": "whatsapp",
        "contacts": [{"input": raw_to, "wa_id": checked.to}],
        "messages": [sent],
    });
    (StatusCode::OK, axum::Json(answer)).into_response()
}

/// `GET /{version}/{phone_number_id}?fields=...`: the phone number, for a valid token.
async fn phone_number(
    State(shared): State<Arc<Shared>>,
    Path((_version, phone_number_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    // The same path names media ids too (GET /{version}/{media id}).
    let host = shared.host.clone();
    if let Some(answer) = super::media::describe(&shared, &host, &phone_number_id, &headers) {
        return answer;
    }
    if let Err(error) = authorize(&shared, &headers, &phone_number_id) {
        return error.into_response();
    }
    let config = &shared.config;
    let answer = json!({
        "display_phone_number": config.display_phone_number,
        "verified_name": config.verified_name,
        "id": config.phone_number_id,
    });
    (StatusCode::OK, axum::Json(answer)).into_response()
}
