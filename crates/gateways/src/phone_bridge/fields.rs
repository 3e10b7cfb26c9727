//! Reading the phone's JSON leniently: automation apps build bodies from text variables, so
//! numbers arrive as strings, and fields the app could not fill arrive empty.

use serde_json::{Map, Value};
use switchboard_core::gateway::WebhookError;
use switchboard_core::time::Timestamp;

/// The body as a JSON object, or why not.
pub fn object(body: &[u8], what: &str) -> Result<Map<String, Value>, WebhookError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(_) => Err(WebhookError::Malformed(format!(
            "the {what} must be a JSON object"
        ))),
        Err(e) if body.iter().all(u8::is_ascii_whitespace) => Err(WebhookError::Malformed(
            format!("the {what} is empty: the app must send a JSON body ({e})"),
        )),
        Err(e) => Err(WebhookError::Malformed(format!(
            "the {what} is not JSON ({e}); check that the app sends the body as written in the \
             setup notes"
        ))),
    }
}

/// A non-empty string field, trimmed.
pub fn string<'a>(fields: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    fields
        .get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A field that is text or a number (ids, status codes), as text.
pub fn word(fields: &Map<String, Value>, name: &str) -> Option<String> {
    match fields.get(name)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `at`: milliseconds since the epoch (a number or a string of digits) or an RFC 3339 time.
/// Absent means "now". Seconds are told apart from milliseconds by size, since Tasker's
/// `%TIMES` gives seconds: no message was written before 2001 (10^12 ms).
pub fn at(fields: &Map<String, Value>) -> Result<Option<Timestamp>, WebhookError> {
    let raw = match fields.get("at") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(WebhookError::Malformed(format!(
                "'at' must be a time, not {other}"
            )));
        }
    };
    if let Ok(number) = raw.parse::<f64>()
        && number.is_finite()
        && number > 0.0
    {
        let ms = if number < 1e12 {
            number * 1000.0
        } else {
            number
        };
        return Ok(Some(Timestamp::from_millis(ms as i64)));
    }
    Timestamp::parse_rfc3339(&raw).map(Some).ok_or_else(|| {
        WebhookError::Malformed(format!(
            "'at' is '{raw}', which is neither milliseconds since 1970 nor an RFC 3339 time"
        ))
    })
}
