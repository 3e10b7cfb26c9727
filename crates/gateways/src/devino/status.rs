//! Status callbacks: Devino posts a JSON array of status objects to each message's
//! `callbackUrl`.

use serde_json::{Map, Value};
use switchboard_core::gateway::WebhookError;
use switchboard_core::ingest::{IngestEvent, StatusReport};
use switchboard_core::status::{Status, StatusChange};
use switchboard_core::time::Timestamp;

use super::{phrases as said, reasons};

/// All or nothing: one element we cannot read refuses the whole request, so that Devino posts
/// it again rather than us silently keeping half of it.
pub fn parse(body: &[u8]) -> Result<Vec<IngestEvent>, WebhookError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| malformed(format!("the status callback is not JSON ({e})")))?;
    let Value::Array(items) = value else {
        return Err(malformed(
            "the status callback must be a JSON array of statuses".to_owned(),
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| report(item).map_err(|what| malformed(format!("status [{i}] {what}"))))
        .collect()
}

fn report(item: &Value) -> Result<IngestEvent, String> {
    let Value::Object(fields) = item else {
        return Err("is not a JSON object".to_owned());
    };
    let gateway_message_id = long(fields, "messageId")?;
    let at = long(fields, "ts")?
        .parse::<i64>()
        .map_err(|_| "has a 'ts' that is not a time in milliseconds".to_owned())?;
    let word = match fields.get("status") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim(),
        _ => return Err("has no 'status'".to_owned()),
    };
    let code = error_code(fields.get("errorCode"));
    let our_id = match fields.get("options") {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    };
    let retry = code.as_deref() == Some(reasons::RETRY_CODE);
    let status = status_of(word);
    let reason = match code.as_deref() {
        Some(c) => Some(
            reasons::status_error(c)
                .map_or_else(|| said::STATUS_OTHER.with("code", c), |def| def.phrase()),
        ),
        // A failure with no code still needs words: the manager must know it did not go out.
        None if status.is_failure() => {
            Some(said::STATUS_NO_REASON.with("status", word.to_ascii_lowercase()))
        }
        None => None,
    };
    Ok(IngestEvent::Status(StatusReport {
        gateway_message_id,
        our_id,
        change: StatusChange {
            status,
            at: Timestamp::from_millis(at),
            code,
            reason,
        },
        retry,
        observed: false,
    }))
}

/// Devino documents only "DELIVERED"; the other words are the ones WhatsApp gateways use.
/// A word we do not know is kept as it came.
pub fn status_of(word: &str) -> Status {
    match word.to_ascii_uppercase().as_str() {
        // Accepted by Devino but not yet handed to WhatsApp: still on our side of "sent".
        "ENQUEUED" | "QUEUED" | "ACCEPTED" => Status::Queued,
        "SENT" => Status::Sent,
        "DELIVERED" => Status::Delivered,
        "READ" | "SEEN" | "VIEWED" => Status::Seen,
        "UNDELIVERED" | "FAILED" | "EXPIRED" | "ERROR" => Status::Failed,
        "REJECTED" => Status::Rejected,
        _ => Status::Other(word.to_owned()),
    }
}

/// A `long` field, which in the wild comes as a JSON number or as a string of digits.
pub fn long(fields: &Map<String, Value>, name: &str) -> Result<String, String> {
    match fields.get(name) {
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        Some(Value::String(s)) if is_digits(s.trim()) => Ok(s.trim().to_owned()),
        Some(Value::Null) | None => Err(format!("has no '{name}'")),
        Some(other) => Err(format!(
            "has a '{name}' that is not a whole number: {other}"
        )),
    }
}

fn is_digits(s: &str) -> bool {
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit())
}

/// `errorCode` is documented as a string in English and an integer in Russian; 0 means none.
fn error_code(value: Option<&Value>) -> Option<String> {
    let code = match value? {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.trim().to_owned(),
        _ => return None,
    };
    (!code.is_empty() && code != "0").then_some(code)
}

fn malformed(message: String) -> WebhookError {
    WebhookError::Malformed(message)
}
