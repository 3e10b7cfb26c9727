//! `statuses[]` of a messages notification: `{id, status, timestamp, recipient_id, errors}`.

use serde_json::{Map, Value};
use switchboard_core::ingest::{IngestEvent, StatusReport};
use switchboard_core::status::{Status, StatusChange};

use super::incoming::{string, timestamp};
use super::{phrases as said, reasons};

pub fn report(item: &Value) -> Result<IngestEvent, String> {
    let Value::Object(fields) = item else {
        return Err("is not a JSON object".to_owned());
    };
    let gateway_message_id = string(fields, "id").ok_or_else(|| "has no 'id'".to_owned())?;
    let word = string(fields, "status").ok_or_else(|| "has no 'status'".to_owned())?;
    let at = timestamp(fields)?;
    let status = status_of(word);
    let error = fields
        .get("errors")
        .and_then(Value::as_array)
        .and_then(|errors| errors.iter().find_map(Value::as_object));
    let code = error.and_then(error_code);
    let reason = match error {
        Some(error) => Some(reasons::sentence(
            code,
            error
                .get("error_data")
                .and_then(Value::as_object)
                .and_then(|d| string(d, "details")),
            string(error, "title").or_else(|| string(error, "message")),
        )),
        // A failure with no error still needs words: the manager must know it did not go out.
        None if status.is_failure() => Some(said::STATUS_NO_REASON.phrase()),
        None => None,
    };
    let retry = status.is_failure() && code.is_some_and(reasons::status_is_retryable);
    Ok(IngestEvent::Status(StatusReport {
        gateway_message_id: gateway_message_id.to_owned(),
        // Meta echoes no id of ours; the send's answer gave us its id before any status.
        our_id: None,
        change: StatusChange {
            status,
            at,
            code: code.map(|c| c.to_string()),
            reason,
        },
        retry,
        observed: false,
    }))
}

/// The Cloud API's words: sent, delivered, read, failed; `deleted` and `warning` (and anything
/// newer) are kept as they came.
pub fn status_of(word: &str) -> Status {
    match word.trim().to_ascii_lowercase().as_str() {
        "sent" => Status::Sent,
        "delivered" => Status::Delivered,
        "read" => Status::Seen,
        "failed" => Status::Failed,
        _ => Status::Other(word.trim().to_owned()),
    }
}

/// `code` as a number or a string of digits.
fn error_code(error: &Map<String, Value>) -> Option<i64> {
    match error.get("code")? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}
