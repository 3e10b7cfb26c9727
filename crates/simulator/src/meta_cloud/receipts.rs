//! Read receipts as Meta's guide "Mark messages as read" documents them
//! (<https://developers.facebook.com/docs/whatsapp/cloud-api/guides/mark-message-as-read>):
//! `POST /{version}/{phone_number_id}/messages` with `{"messaging_product": "whatsapp",
//! "status": "read", "message_id": "<wamid>"}`, answered `{"success": true}`. Only a message
//! the simulator delivered to the business (an incoming one) can be marked; any other id is
//! the guide's error 131009. Receipts are recorded for tests, and change nothing else: Meta
//! posts no webhook for them.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::Shared;
use super::errors::GraphError;

/// A read receipt the simulator accepted, as it came on the wire.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadReceipt {
    /// The `wamid` of the customer's message that was marked read.
    pub message_id: String,
    pub body: Value,
}

/// Whether a body posted to `/messages` is a status update rather than a message: messages
/// have no top-level `status`.
pub(super) fn is_receipt(body: &Value) -> bool {
    body.get("status").is_some()
}

/// Checks and records a receipt whose credentials were already checked.
pub(super) fn accept(shared: &Shared, body: &Value) -> Response {
    let message_id = match check(body) {
        Ok(id) => id.to_owned(),
        Err(error) => return error.into_response(),
    };
    {
        let mut state = shared.state();
        if !state.incoming.contains(&message_id) {
            return GraphError::new(
                131009,
                format!(
                    "message_id {message_id} is not a message this business received; only \
                     incoming messages can be marked as read"
                ),
            )
            .into_response();
        }
        state.read_receipts.push(ReadReceipt {
            message_id,
            body: body.clone(),
        });
    }
    (StatusCode::OK, axum::Json(json!({"success": true}))).into_response()
}

/// The receipt's `message_id`, when the body is the documented one.
fn check(body: &Value) -> Result<&str, GraphError> {
    let Value::Object(body) = body else {
        return Err(GraphError::invalid(
            "The parameter messaging_product is required.",
        ));
    };
    match body.get("messaging_product").and_then(Value::as_str) {
        Some("whatsapp") => {}
        Some(_) => {
            return Err(GraphError::invalid(
                "Param messaging_product must be 'whatsapp'",
            ));
        }
        None => {
            return Err(GraphError::invalid(
                "The parameter messaging_product is required.",
            ));
        }
    }
    if body.get("status").and_then(Value::as_str) != Some("read") {
        return Err(GraphError::invalid("Param status must be 'read'"));
    }
    if let Some(stray) = stray_field(body) {
        // A field of a message (`to`, `type` ...) means the client mixed up the two requests
        // this endpoint takes; Meta's answer to that is not documented, so refuse it loudly.
        return Err(GraphError::invalid(format!(
            "Param {stray} is not a parameter of a read receipt"
        )));
    }
    body.get("message_id")
        .and_then(Value::as_str)
        .filter(|id| !id.trim().is_empty())
        .ok_or_else(|| GraphError::new(131008, "The parameter message_id is required."))
}

/// A field the guide does not list for this request. `typing_indicator` is Meta's documented
/// addition to a receipt, sent by other clients, never by Switchboard: it is let through
/// unchecked.
fn stray_field(body: &Map<String, Value>) -> Option<&str> {
    const DOCUMENTED: &[&str] = &[
        "messaging_product",
        "status",
        "message_id",
        "typing_indicator",
    ];
    body.keys()
        .map(String::as_str)
        .find(|key| !DOCUMENTED.contains(key))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::check;

    fn documented() -> Value {
        json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.A"})
    }

    fn with(key: &str, value: Value) -> Value {
        let mut body = documented();
        body[key] = value;
        body
    }

    fn without(key: &str) -> Value {
        let mut body = documented();
        if let Some(fields) = body.as_object_mut() {
            fields.remove(key);
        }
        body
    }

    #[test]
    fn the_documented_body_names_its_message() {
        assert_eq!(check(&documented()).map_err(|e| e.code), Ok("wamid.A"));
        let typing = with("typing_indicator", json!({"type": "text"}));
        assert!(
            check(&typing).is_ok(),
            "Meta documents the typing indicator on a receipt"
        );
    }

    #[test]
    fn anything_else_is_refused_with_a_graph_code() {
        let refused = [
            (without("messaging_product"), 100),
            (with("messaging_product", json!("sms")), 100),
            (with("status", json!("delivered")), 100),
            (with("to", json!("79031234567")), 100),
            (without("message_id"), 131008),
            (with("message_id", json!(" ")), 131008),
            (with("message_id", json!(7)), 131008),
        ];
        for (body, code) in refused {
            assert_eq!(check(&body).map_err(|e| e.code), Err(code), "{body}");
        }
    }
}
