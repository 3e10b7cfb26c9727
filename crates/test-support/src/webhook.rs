//! The fake gateway's webhook format, so that tests can drive `Engine::webhook` as a gateway
//! would: a JSON array of events, each a delivery status or a customer's text.
//!
//! ```json
//! [{"status": "delivered", "id": "gw-1", "at": 1767225600000, "our_id": "…", "code": "2305"},
//!  {"text": "hello", "id": "in-1", "from": "+79000000001", "at": 1767225600000, "name": "Ann"}]
//! ```
//!
//! `our_id`, `code`, `name`, `retry` and `observed` may be left out. Anything else (not JSON,
//! not an array, a field missing or of the wrong type, a bad phone) is malformed.

use serde_json::{Map, Value, json};
use switchboard_core::gateway::{WebhookError, WebhookRequest};
use switchboard_core::ingest::{GatewayMessage, IngestEvent, StatusReport};
use switchboard_core::message::{Content, Direction};
use switchboard_core::phone::Phone;
use switchboard_core::status::{Status, StatusChange};
use switchboard_core::time::Timestamp;

/// The request a fake gateway posts to tell `events`: statuses and incoming texts only (a
/// status's `reason` is not carried). Panics on anything else, which the format cannot say.
pub fn request(events: &[IngestEvent]) -> WebhookRequest {
    let body: Vec<Value> = events.iter().map(encode).collect();
    WebhookRequest {
        method: "POST".to_owned(),
        headers: vec![("content-type".to_owned(), "application/json".to_owned())],
        body: Value::Array(body).to_string().into_bytes(),
        ..WebhookRequest::default()
    }
}

fn encode(event: &IngestEvent) -> Value {
    match event {
        IngestEvent::Status(s) => json!({
            "status": s.change.status.as_str(),
            "id": s.gateway_message_id,
            "at": s.change.at.as_millis(),
            "our_id": s.our_id,
            "code": s.change.code,
            "retry": s.retry,
            "observed": s.observed,
        }),
        IngestEvent::Message(GatewayMessage {
            gateway_message_id,
            direction: Direction::In,
            phone,
            profile_name,
            content: Content::Text { text },
            at,
            ..
        }) => json!({
            "text": text,
            "id": gateway_message_id,
            "from": phone.e164(),
            "at": at.as_millis(),
            "name": profile_name,
        }),
        other => panic!("the fake's webhook carries statuses and incoming texts, not {other:?}"),
    }
}

pub(crate) fn parse(body: &[u8]) -> Result<Vec<IngestEvent>, WebhookError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| malformed(e.to_string()))?;
    let Value::Array(items) = value else {
        return Err(malformed("the body is not an array"));
    };
    items.iter().map(decode).collect()
}

fn decode(item: &Value) -> Result<IngestEvent, WebhookError> {
    let Some(fields) = item.as_object() else {
        return Err(malformed("an event is not an object"));
    };
    let id = text(fields, "id")?.to_owned();
    let at = Timestamp::from_millis(
        fields
            .get("at")
            .and_then(Value::as_i64)
            .ok_or_else(|| malformed("'at' is not a time in milliseconds"))?,
    );
    if let Some(status) = fields.get("status") {
        let status = status
            .as_str()
            .ok_or_else(|| malformed("'status' is not text"))?;
        return Ok(IngestEvent::Status(StatusReport {
            gateway_message_id: id,
            our_id: optional(fields, "our_id")?,
            change: StatusChange {
                status: Status::parse(status),
                at,
                code: optional(fields, "code")?,
                reason: None,
            },
            retry: flag(fields, "retry")?,
            observed: flag(fields, "observed")?,
        }));
    }
    let phone = Phone::parse(text(fields, "from")?).map_err(|e| malformed(e.to_string()))?;
    Ok(IngestEvent::Message(GatewayMessage {
        gateway_message_id: id,
        direction: Direction::In,
        phone,
        profile_name: optional(fields, "name")?,
        content: Content::Text {
            text: text(fields, "text")?.to_owned(),
        },
        at,
        status: None,
    }))
}

fn text<'a>(fields: &'a Map<String, Value>, name: &str) -> Result<&'a str, WebhookError> {
    fields
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| malformed(format!("'{name}' is missing or not text")))
}

fn optional(fields: &Map<String, Value>, name: &str) -> Result<Option<String>, WebhookError> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(malformed(format!("'{name}' is not text"))),
    }
}

fn flag(fields: &Map<String, Value>, name: &str) -> Result<bool, WebhookError> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(malformed(format!("'{name}' is not true or false"))),
    }
}

fn malformed(why: impl Into<String>) -> WebhookError {
    WebhookError::Malformed(why.into())
}
