//! DecisionTelecom's error answers `{name, message, code, status}` in words a manager can act
//! on, and the other ways a request can go wrong (no answer, an undocumented one).
//!
//! The error object is the one Yii2 APIs answer with: `code` is 0 unless the application set
//! one, so a code of 0 says nothing by itself and the HTTP status decides (429 rate limit, 401
//! wrong key). Codes 1 to 9 are the page's own and win over the HTTP status, which matters for
//! 401: it means a wrong key, except with codes 8 and 9, where it is about the image.

use std::time::Duration;

use serde_json::Value;
use switchboard_core::gateway::SendError;

pub(crate) use crate::wire::{network_error, quote, redact, retry_after};

/// The documented error object; every field optional, numbers accepted as strings.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ErrorObject {
    pub name: Option<String>,
    pub message: Option<String>,
    pub code: Option<i64>,
}

impl ErrorObject {
    /// `None` unless `value` is an object with at least a `name` or a `code`.
    pub fn from_value(value: &Value) -> Option<Self> {
        let Value::Object(fields) = value else {
            return None;
        };
        let text = |key: &str| match fields.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            _ => None,
        };
        let code = match fields.get("code") {
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        let object = Self {
            name: text("name"),
            message: text("message"),
            code,
        };
        (object.name.is_some() || object.code.is_some()).then_some(object)
    }
}

/// What an error answer means: retry later, or refused for good. Separate from the I/O so
/// each case is testable; `body` may be anything, even empty.
pub fn interpret_error(http: u16, retry_after: Option<Duration>, body: &str) -> SendError {
    let object = serde_json::from_str::<Value>(body)
        .ok()
        .as_ref()
        .and_then(ErrorObject::from_value);
    let code = object.as_ref().and_then(|o| o.code);
    let rejected = |code: &str, reason: String| SendError::Rejected {
        code: Some(code.to_owned()),
        reason,
    };
    let retry = |reason: String| SendError::Retryable {
        reason,
        retry_after,
    };
    match code {
        Some(1) => {
            let name = object.as_ref().and_then(|o| o.name.as_deref());
            return rejected("invalid_parameter", invalid_parameter(name));
        }
        Some(c @ (2 | 4 | 5 | 6)) => {
            return retry(format!(
                "DecisionTelecom had an internal server error (code {c}); sending again later \
                 should work"
            ));
        }
        Some(3) => {
            return rejected(
                "balance_empty",
                "The DecisionTelecom balance is empty: top it up, then send again".to_owned(),
            );
        }
        Some(7) => {
            return rejected(
                "window_24h",
                "More than 24 hours have passed since the customer last wrote, so WhatsApp \
                 allows only a template now: send an approved template instead"
                    .to_owned(),
            );
        }
        Some(8) => {
            return rejected(
                "bad_mime_type",
                "DecisionTelecom refused the image: the file at the link is not a JPEG or PNG \
                 image (wrong file type)"
                    .to_owned(),
            );
        }
        Some(9) => {
            return rejected(
                "bad_file_extension",
                "DecisionTelecom refused the image link: it must end in .jpg, .jpeg or .png \
                 (wrong file extension)"
                    .to_owned(),
            );
        }
        _ => {}
    }
    match http {
        401 | 403 => rejected(
            "unauthorized",
            format!(
                "DecisionTelecom refused the access key (HTTP {http}): check the key in the \
                 account settings"
            ),
        ),
        402 => rejected(
            "balance_empty",
            "The DecisionTelecom balance is empty: top it up, then send again".to_owned(),
        ),
        404 => rejected(
            "http_404",
            "DecisionTelecom has no such API address (HTTP 404): check the account's base URL"
                .to_owned(),
        ),
        408 => retry("DecisionTelecom timed out handling the request (HTTP 408)".to_owned()),
        429 => retry("DecisionTelecom's rate limit was exceeded (too many requests)".to_owned()),
        500..=599 => retry(format!(
            "DecisionTelecom had a server error (HTTP {http}){}",
            said(object.as_ref())
        )),
        200..=299 => retry(format!(
            "DecisionTelecom answered something that is not its documented JSON: {}",
            quote(body)
        )),
        // An undocumented 4xx: the request itself is wrong, so repeating it cannot help.
        _ => rejected(
            &format!("http_{http}"),
            format!(
                "DecisionTelecom refused the request (HTTP {http}){}",
                match &object {
                    Some(_) => said(object.as_ref()),
                    None => format!(": {}", quote(body)),
                }
            ),
        ),
    }
}

/// `name` is "Invalid Parameter: [param_name]": say which parameter, in words.
fn invalid_parameter(name: Option<&str>) -> String {
    let parameter = name
        .and_then(|n| n.split_once(':'))
        .map(|(_, p)| p.trim().trim_matches(['[', ']']).trim())
        .filter(|p| !p.is_empty());
    let what = match parameter {
        Some("source_addr") => {
            "the sender name (source_addr): check the sender in the account settings, at most \
             20 characters"
                .to_owned()
        }
        Some("destination_addr") => "the recipient's number (destination_addr)".to_owned(),
        Some("message_type") => "the message type (message_type)".to_owned(),
        Some("text") => {
            "the text (text): it must not be empty and may have at most 4096 characters".to_owned()
        }
        Some("file_url") => "the image link (file_url)".to_owned(),
        Some("callback_url") => "the status callback address (callback_url)".to_owned(),
        Some("template_name") => "the template name (template_name)".to_owned(),
        Some("template_params") => "the template parameters (template_params)".to_owned(),
        Some("message_id") => "the message id (message_id)".to_owned(),
        Some(other) => format!("the parameter '{other}'"),
        None => "a parameter of the message".to_owned(),
    };
    format!("DecisionTelecom says {what} is empty or not valid")
}

/// ": <name> — <message>" from an error object, for errors we have no words of our own for.
fn said(object: Option<&ErrorObject>) -> String {
    let Some(object) = object else {
        return String::new();
    };
    let parts: Vec<&str> = [object.name.as_deref(), object.message.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(": {}", parts.join(" — "))
    }
}
