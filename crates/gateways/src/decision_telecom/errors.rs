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
use switchboard_core::phrase::Phrase;

use super::phrases as said;
use crate::wire::phrases as shared;
pub(crate) use crate::wire::{
    Answer, network_error, not_documented, redact, refused_request, rejected, retry_after,
    retryable, server_error,
};

pub(crate) const DECISION_TELECOM: &str = "DecisionTelecom";

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

    /// "<name> — <message>", DecisionTelecom's words for errors we have none of our own for.
    /// The same, with the request's secrets cut out of its words.
    fn scrubbed(self, body: &Answer) -> Self {
        let scrub = |words: Option<String>| words.map(|w| body.scrub(&w).into_owned());
        Self {
            name: scrub(self.name),
            message: scrub(self.message),
            code: self.code,
        }
    }

    fn words(&self) -> Option<String> {
        let parts: Vec<&str> = [self.name.as_deref(), self.message.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        (!parts.is_empty()).then(|| parts.join(" — "))
    }
}

/// What an error answer means: retry later, or refused for good. Separate from the I/O so
/// each case is testable; `body` may be anything, even empty.
pub fn interpret_error<'a>(
    http: u16,
    retry_after: Option<Duration>,
    body: impl Into<Answer<'a>>,
) -> SendError {
    let body = &body.into();
    let object = serde_json::from_str::<Value>(body.text())
        .ok()
        .as_ref()
        .and_then(ErrorObject::from_value)
        .map(|o| o.scrubbed(body));
    let code = object.as_ref().and_then(|o| o.code);
    let retry = |reason: Phrase| retryable(reason, retry_after);
    match code {
        Some(1) => {
            let name = object.as_ref().and_then(|o| o.name.as_deref());
            let reason = said::ERROR_1
                .phrase()
                .nest("parameter", invalid_parameter(name));
            return rejected("invalid_parameter", reason);
        }
        Some(c @ (2 | 4 | 5 | 6)) => return retry(said::ERROR_INTERNAL.with("code", c)),
        Some(3) => return rejected("balance_empty", said::ERROR_3.phrase()),
        Some(7) => return rejected("window_24h", said::ERROR_7.phrase()),
        Some(8) => return rejected("bad_mime_type", said::ERROR_8.phrase()),
        Some(9) => return rejected("bad_file_extension", said::ERROR_9.phrase()),
        _ => {}
    }
    let detail = object.as_ref().and_then(ErrorObject::words);
    match http {
        401 | 403 => rejected("unauthorized", said::UNAUTHORIZED.with("status", http)),
        402 => rejected("balance_empty", said::ERROR_3.phrase()),
        404 => rejected("http_404", said::HTTP_404.phrase()),
        408 => retry(said::HTTP_408.phrase()),
        429 => retry(shared::RATE_LIMITED.with("gateway", DECISION_TELECOM)),
        500..=599 => match detail {
            Some(detail) => retry(
                shared::SERVER_ERROR_SAID
                    .with("gateway", DECISION_TELECOM)
                    .arg("status", http)
                    .arg("detail", detail),
            ),
            None => server_error(DECISION_TELECOM, http, retry_after),
        },
        200..=299 => not_documented(DECISION_TELECOM, body),
        // An undocumented 4xx: the request itself is wrong, so repeating it cannot help.
        _ => match (&object, detail) {
            (Some(_), Some(detail)) => rejected(
                format!("http_{http}"),
                shared::REFUSED_REQUEST
                    .with("gateway", DECISION_TELECOM)
                    .arg("status", http)
                    .arg("answer", detail),
            ),
            (Some(_), None) => rejected(
                format!("http_{http}"),
                said::REFUSED_BARE.with("status", http),
            ),
            (None, _) => refused_request(DECISION_TELECOM, http, body),
        },
    }
}

/// `name` is "Invalid Parameter: [param_name]": say which parameter, in words.
fn invalid_parameter(name: Option<&str>) -> Phrase {
    let parameter = name
        .and_then(|n| n.split_once(':'))
        .map(|(_, p)| p.trim().trim_matches(['[', ']']).trim())
        .filter(|p| !p.is_empty());
    let def = match parameter {
        Some("source_addr") => said::PARAMETER_SOURCE_ADDR,
        Some("destination_addr") => said::PARAMETER_DESTINATION_ADDR,
        Some("message_type") => said::PARAMETER_MESSAGE_TYPE,
        Some("text") => said::PARAMETER_TEXT,
        Some("file_url") => said::PARAMETER_FILE_URL,
        Some("callback_url") => said::PARAMETER_CALLBACK_URL,
        Some("template_name") => said::PARAMETER_TEMPLATE_NAME,
        Some("template_params") => said::PARAMETER_TEMPLATE_PARAMS,
        Some("message_id") => said::PARAMETER_MESSAGE_ID,
        Some(other) => return said::PARAMETER_OTHER.with("name", other),
        None => said::PARAMETER_UNNAMED,
    };
    def.phrase()
}
