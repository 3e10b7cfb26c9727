//! The send request, one message per request, and what Rapporto's answer means for the
//! outbox (sent, refused for good, or worth another try).

use std::time::Duration;

use serde_json::{Map, Value, json};
use switchboard_core::gateway::{OutgoingMessage, Secret, SendError, SendReceipt};
use switchboard_core::message::Content;

use switchboard_core::phrase::Phrase;

use super::errors::{self, ErrorBody, RAPPORTO};
use super::{Settings, phrases as said};

pub(crate) use crate::wire::{Answer, network_error, not_documented, redact, retry_after};

/// "1 - statuses are required": every report, so the thread shows sent, delivered and read.
const REGISTERED_DELIVERY_ALL: u8 = 1;

/// The request body as the page spells it; absent fields are left out, never `null`.
/// It holds the password: never log it.
pub fn request_body(
    settings: &Settings,
    password: &Secret,
    sender: &str,
    message: &OutgoingMessage,
) -> Value {
    let instant = match &message.content {
        Content::Text { text } => json!({"type": "TEXT", "data": {"text": text}}),
        // A caption is refused by validate(): "only image" is all that goes.
        Content::Media { url, .. } => json!({"type": "IMAGE_URL", "data": {"imageURL": url}}),
        // Refused by validate(); sent as the text people read if it ever gets here, so that
        // Rapporto's own answer says what is wrong rather than us sending an empty message.
        Content::Template { .. } => {
            json!({"type": "TEXT", "data": {"text": message.content.preview()}})
        }
    };
    let mut data = Map::new();
    data.insert("instantContent".to_owned(), instant);
    data.insert("serviceNumber".to_owned(), json!(sender.trim()));
    if let Some(ttl) = settings.ttl {
        // Minutes, the default `ttlUnit`, so no unit is sent.
        data.insert("ttl".to_owned(), json!(ttl));
    }
    let mut body = Map::new();
    body.insert("login".to_owned(), json!(settings.login));
    body.insert("password".to_owned(), json!(password.expose()));
    // Our id as the partner-side id: Rapporto delivers a repeated request once and answers
    // the first one's message number.
    body.insert("id".to_owned(), json!(message.our_id));
    // 7XXXXXXXXXX: Phone already turned 8-..., +7... into E.164.
    body.insert("destAddr".to_owned(), json!(message.to.digits()));
    body.insert(
        "message".to_owned(),
        json!({"type": "WHATSAPP", "data": Value::Object(data)}),
    );
    if let Some(url) = &message.callback_url {
        body.insert("notifyUrl".to_owned(), json!(url));
    }
    body.insert(
        "registeredDelivery".to_owned(),
        json!(REGISTERED_DELIVERY_ALL),
    );
    Value::Object(body)
}

pub async fn post(
    http: &reqwest::Client,
    url: &str,
    password: &Secret,
    body: &Value,
    timeout: Duration,
) -> Result<SendReceipt, SendError> {
    let (status, retry_after, text) = exchange(http, url, body, timeout)
        .await
        .map_err(|e| redact(e, password))?;
    let answer = Answer::new(&text, &[password.expose()]);
    interpret(status, retry_after, answer).map_err(|e| redact(e, password))
}

/// Posts the login and password with nothing to send (no recipient, no message) and says
/// what the answer tells about the account.
pub async fn probe(
    http: &reqwest::Client,
    settings: &Settings,
    password: &Secret,
    timeout: Duration,
) -> Result<Phrase, SendError> {
    let body = json!({"login": settings.login, "password": password.expose()});
    let (status, retry_after, text) = exchange(http, &settings.endpoint, &body, timeout)
        .await
        .map_err(|e| redact(e, password))?;
    let answer = Answer::new(&text, &[password.expose()]);
    interpret_probe(status, retry_after, answer).map_err(|e| redact(e, password))
}

async fn exchange(
    http: &reqwest::Client,
    url: &str,
    body: &Value,
    timeout: Duration,
) -> Result<(u16, Option<Duration>, String), SendError> {
    let response = http
        .post(url)
        .header("Accept", "application/json")
        .json(body)
        .send()
        .await
        .map_err(|e| network_error(RAPPORTO, &e, timeout))?;
    let status = response.status().as_u16();
    let retry_after = retry_after(response.headers());
    let text = response
        .text()
        .await
        .map_err(|e| network_error(RAPPORTO, &e, timeout))?;
    Ok((status, retry_after, text))
}

/// What an HTTP answer to a send means. Separate from the I/O so each case is testable.
pub fn interpret<'a>(
    status: u16,
    retry_after: Option<Duration>,
    body: impl Into<Answer<'a>>,
) -> Result<SendReceipt, SendError> {
    let body = &body.into();
    if status != 200 {
        return Err(failure(status, retry_after, body));
    }
    let not_documented = || not_documented(RAPPORTO, body);
    let Ok(Value::Object(answer)) = serde_json::from_str::<Value>(body.text()) else {
        return Err(not_documented());
    };
    // `mtNum` is Rapporto's message number; an answer without it still names the message by
    // its `id`, which is better than sending the message again.
    let id = identifier(answer.get("mtNum")).or_else(|| identifier(answer.get("id")));
    match id {
        Some(gateway_message_id) => Ok(SendReceipt { gateway_message_id }),
        None => Err(not_documented()),
    }
}

/// What the answer to [`probe`] says about the account.
pub fn interpret_probe<'a>(
    status: u16,
    retry_after: Option<Duration>,
    body: impl Into<Answer<'a>>,
) -> Result<Phrase, SendError> {
    let body = &body.into();
    if status == 200 {
        return Ok(said::CHECK_ANSWERED.phrase());
    }
    let error = error_body(body);
    match error.code {
        // The login, the password and the IP address were refused, or Rapporto is down.
        Some(1 | 2 | 3 | 5 | 6 | 100) => Err(failure(status, retry_after, body)),
        // Any other documented code is about the empty message we sent on purpose.
        Some(_) => Ok(said::CHECK_NOT_REFUSED.phrase()),
        None => Err(match errors::by_status(status, retry_after, body) {
            SendError::Rejected { code, reason } => SendError::Rejected {
                code,
                reason: said::CHECK_NOT_RAPPORTO.phrase().nest("reason", reason),
            },
            retryable => retryable,
        }),
    }
}

fn failure(status: u16, retry_after: Option<Duration>, body: &Answer) -> SendError {
    let error = error_body(body);
    errors::documented(&error, status, retry_after)
        .unwrap_or_else(|| errors::by_status(status, retry_after, body))
}

/// Reads `{"error": {"code", "description"}, "extendedDescription"}`, whatever of it is there;
/// the code may come as a number or a string of digits.
pub fn error_body(body: &Answer) -> ErrorBody {
    let Ok(Value::Object(answer)) = serde_json::from_str::<Value>(body.text()) else {
        return ErrorBody::default();
    };
    let error = answer.get("error").and_then(Value::as_object);
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            // Before [`errors::sentence`] shortens it, which could leave part of a secret.
            .map(|s| body.scrub(s).into_owned())
    };
    ErrorBody {
        code: error.and_then(|e| match e.get("code") {
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        }),
        description: text(error.and_then(|e| e.get("description"))),
        extended: text(answer.get("extendedDescription")),
    }
}

/// An id written as a string or a number.
fn identifier(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
