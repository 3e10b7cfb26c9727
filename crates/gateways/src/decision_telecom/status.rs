//! DecisionTelecom's status numbers, and the status callback.
//!
//! The page documents the look-up's answer `{"message_id": 554, "status": 1}` but not the
//! callback's body; we expect the same shape, as a single object or an array of them, with
//! numbers that may come as strings. Neither carries a time, so every report is `observed`:
//! stamped with our clock, and not recorded again when the message already has that status.

use serde_json::{Map, Value};
use switchboard_core::gateway::WebhookError;
use switchboard_core::ingest::{IngestEvent, StatusReport};
use switchboard_core::phrase::Phrase;
use switchboard_core::status::{Status, StatusChange};
use switchboard_core::time::Timestamp;

use super::phrases as said;

/// What one of DecisionTelecom's statuses (its number, or its name) shows as, with a reason
/// people can read for failures.
pub fn status_of(wire: &str) -> (Status, Option<Phrase>) {
    let wire = wire.trim();
    let number = match wire.to_ascii_lowercase().as_str() {
        "sent" => 0,
        "delivered" => 1,
        "rejected" => 2,
        "error" => 3,
        "failed" => 4,
        "deleted" => 5,
        "pending" => 6,
        "seen" | "read" => 7,
        other => match other.parse::<i64>() {
            Ok(n) => n,
            Err(_) => return (Status::Other(wire.to_owned()), None),
        },
    };
    let (status, reason) = match number {
        0 => (Status::Sent, None),
        1 => (Status::Delivered, None),
        2 => (Status::Rejected, Some(said::STATUS_2)),
        3 => (Status::Failed, Some(said::STATUS_3)),
        4 => (Status::Failed, Some(said::STATUS_4)),
        // In the WhatsApp Business API DecisionTelecom relays, "deleted" is a message the
        // customer deleted after it reached them: not a delivery failure to alarm about or
        // send again, and not a step of progress either, so it is shown as the word it is.
        5 => (Status::Other("deleted".to_owned()), None),
        // Accepted by DecisionTelecom, not yet handed to WhatsApp: still on our side of sent.
        6 => (Status::Queued, None),
        7 => (Status::Seen, None),
        n => (Status::Other(format!("status {n}")), None),
    };
    (status, reason.map(|def| def.phrase()))
}

/// One `{message_id, status}` object as a status report seen now.
pub fn report(fields: &Map<String, Value>, now: Timestamp) -> Result<IngestEvent, String> {
    let gateway_message_id = match fields.get("message_id") {
        Some(Value::Number(n)) if n.is_u64() => n.to_string(),
        Some(Value::String(s)) if is_digits(s.trim()) => s.trim().to_owned(),
        Some(Value::Null) | None => return Err("has no 'message_id'".to_owned()),
        Some(other) => return Err(format!("has a 'message_id' that is not a number: {other}")),
    };
    let wire = match fields.get("status") {
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string(),
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
        Some(Value::Null) | None => return Err("has no 'status'".to_owned()),
        Some(other) => return Err(format!("has a 'status' that is not a status: {other}")),
    };
    let (status, reason) = status_of(&wire);
    Ok(IngestEvent::Status(StatusReport {
        gateway_message_id,
        our_id: None,
        change: StatusChange {
            status,
            at: now,
            code: Some(wire),
            reason,
        },
        retry: false,
        observed: true,
    }))
}

/// All or nothing: one element we cannot read refuses the whole request, so that
/// DecisionTelecom posts it again rather than us silently keeping half of it.
pub fn parse_callback(body: &[u8], now: Timestamp) -> Result<Vec<IngestEvent>, WebhookError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| WebhookError::Malformed(format!("the status callback is not JSON ({e})")))?;
    let malformed = |i: Option<usize>, what: String| {
        WebhookError::Malformed(match i {
            Some(i) => format!("status [{i}] {what}"),
            None => format!("the status callback {what}"),
        })
    };
    match value {
        Value::Object(fields) => Ok(vec![report(&fields, now).map_err(|w| malformed(None, w))?]),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::Object(fields) => report(fields, now).map_err(|w| malformed(Some(i), w)),
                _ => Err(malformed(Some(i), "is not a JSON object".to_owned())),
            })
            .collect(),
        _ => Err(malformed(
            None,
            "must be a JSON object with message_id and status, or an array of them".to_owned(),
        )),
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}
