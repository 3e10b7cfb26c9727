//! Talking to the Graph API: the send, the credentials check, and what each answer means for
//! the outbox (sent, refused for good, or worth another try).

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;
use switchboard_core::gateway::{SendError, SendReceipt};

use switchboard_core::phrase::Phrase;

use super::credentials::Credentials;
use super::phrases as said;
use super::reasons::{self, Kind};

pub(crate) use crate::wire::{
    Answer, capped_wait, network_error, not_documented, quoted, refused_request, rejected,
    retry_message, retryable, server_error, slow_down,
};

pub(crate) const CLOUD_API: &str = "WhatsApp Cloud API";

/// A Graph API error answer, as documented (`message`, `type`, `code`, `error_data.details`,
/// `fbtrace_id`; `error_subcode` is deprecated since v16 and ignored).
#[derive(Deserialize, Debug)]
struct ErrorAnswer {
    error: GraphError,
}

#[derive(Deserialize, Debug)]
struct GraphError {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    code: Option<i64>,
    #[serde(default)]
    error_data: Option<ErrorData>,
    #[serde(default)]
    fbtrace_id: Option<String>,
}

#[derive(Deserialize, Debug)]
struct ErrorData {
    #[serde(default)]
    details: Option<String>,
}

/// `{"messaging_product": "whatsapp", "contacts": [...], "messages": [{"id": "wamid..."}]}`
#[derive(Deserialize, Debug)]
struct SendAnswer {
    messages: Vec<SentMessage>,
}

#[derive(Deserialize, Debug)]
struct SentMessage {
    id: String,
}

/// What an HTTP exchange came to, before it is read as a send or a check.
pub struct Exchange {
    pub status: u16,
    pub retry_after: Option<Duration>,
    pub body: String,
}

pub async fn post(
    http: &reqwest::Client,
    url: &str,
    credentials: &Credentials,
    body: &Value,
    timeout: Duration,
) -> Result<Exchange, SendError> {
    let request = http
        .post(url)
        .bearer_auth(credentials.access_token.expose())
        .header("Accept", "application/json")
        .json(body);
    exchange(request, timeout).await
}

pub async fn get(
    http: &reqwest::Client,
    url: &str,
    credentials: &Credentials,
    timeout: Duration,
) -> Result<Exchange, SendError> {
    let request = http
        .get(url)
        .bearer_auth(credentials.access_token.expose())
        .header("Accept", "application/json");
    exchange(request, timeout).await
}

async fn exchange(
    request: reqwest::RequestBuilder,
    timeout: Duration,
) -> Result<Exchange, SendError> {
    let response = request
        .send()
        .await
        .map_err(|e| network_error(CLOUD_API, &e, timeout))?;
    let status = response.status().as_u16();
    let retry_after = retry_after(response.headers());
    let body = response
        .text()
        .await
        .map_err(|e| network_error(CLOUD_API, &e, timeout))?;
    Ok(Exchange {
        status,
        retry_after,
        body,
    })
}

/// What an answer to `POST /{phone_number_id}/messages` means. Separate from the I/O so each
/// case is testable.
pub fn interpret<'a>(
    status: u16,
    retry_after: Option<Duration>,
    body: impl Into<Answer<'a>>,
) -> Result<SendReceipt, SendError> {
    let body = &body.into();
    if !(200..=299).contains(&status) {
        return Err(error(status, retry_after, body));
    }
    let not_documented = || not_documented(CLOUD_API, body);
    let answer: SendAnswer = serde_json::from_str(body.text()).map_err(|_| not_documented())?;
    // One message per request, so the first id is ours.
    let id = answer
        .messages
        .into_iter()
        .map(|m| m.id.trim().to_owned())
        .find(|id| !id.is_empty())
        .ok_or_else(not_documented)?;
    Ok(SendReceipt {
        gateway_message_id: id,
    })
}

/// A non-2xx answer in words: the documented code when the body has one, the HTTP status
/// otherwise.
pub fn error<'a>(
    status: u16,
    retry_after: Option<Duration>,
    body: impl Into<Answer<'a>>,
) -> SendError {
    let body = &body.into();
    let Ok(ErrorAnswer { error }) = serde_json::from_str::<ErrorAnswer>(body.text()) else {
        return by_http_status(status, retry_after, body);
    };
    let scrubbed = |words: Option<&str>| words.map(|w| body.scrub(w).into_owned());
    let details = scrubbed(error.error_data.as_ref().and_then(|d| d.details.as_deref()));
    // Meta's message is "(#131047) Re-engagement message": the title after the code.
    let title = scrubbed(error.message.as_deref().map(title_of));
    let mut reason = reasons::sentence(error.code, details.as_deref(), title.as_deref());
    if let Some(trace) = scrubbed(error.fbtrace_id.as_deref()).filter(|t| !t.is_empty()) {
        // Meta's support asks for it; it means nothing to anyone else.
        reason = traced(reason, &trace);
    }
    let kind = error.code.and_then(reasons::describe).map(|(_, k)| k);
    let code = error.code.map(|c| c.to_string());
    match kind {
        // The pair rate limit is this customer's alone: other customers' messages may go.
        Some(Kind::Retry) if error.code == Some(131056) => {
            retry_message(reason, retry_after.max(Some(reasons::PAIR_RATE_PAUSE)))
        }
        Some(Kind::Retry) => retryable(reason, retry_after),
        Some(Kind::Credentials | Kind::Refused) => SendError::Rejected { code, reason },
        // An undocumented code: Meta's trouble (5xx, 429) passes; anything else is about the
        // request, which repeating cannot fix.
        None if status >= 500 || status == 429 => retryable(reason, retry_after),
        None if status == 401 => SendError::Rejected {
            code,
            reason: said::TOKEN_REFUSED.phrase().nest("reason", reason),
        },
        None => SendError::Rejected { code, reason },
    }
}

/// `reason` with the trace id Meta's support asks for.
fn traced(reason: Phrase, trace: &str) -> Phrase {
    said::ERROR_TRACED
        .phrase()
        .nest("reason", reason)
        .arg("trace", trace)
}

/// "(#131047) Re-engagement message" -> "Re-engagement message".
fn title_of(message: &str) -> &str {
    let message = message.trim();
    match message.strip_prefix("(#").and_then(|r| r.split_once(')')) {
        Some((_, rest)) => rest.trim(),
        None => message,
    }
}

fn by_http_status(status: u16, retry_after: Option<Duration>, body: &Answer) -> SendError {
    match status {
        401 => rejected("190", said::HTTP_401.phrase()),
        403 => rejected("http_403", said::HTTP_403.phrase()),
        408 | 429 => slow_down(CLOUD_API, status, retry_after),
        500..=599 => server_error(CLOUD_API, status, retry_after),
        _ => refused_request(CLOUD_API, status, body),
    }
}

/// The check's answer was not JSON: the address is probably not the Graph API.
pub fn check_not_json<'a>(body: impl Into<Answer<'a>>) -> SendError {
    let body = &body.into();
    retryable(quoted(said::CHECK_NOT_JSON.phrase(), "answer", body), None)
}

/// How long Meta asks us to wait: `Retry-After`, or the Graph API's `X-Business-Use-Case-Usage`
/// header, whose `estimated_time_to_regain_access` is in minutes. Both at most
/// [`MAX_RETRY_AFTER`](crate::wire::MAX_RETRY_AFTER).
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let usage = || {
        headers
            .get("x-business-use-case-usage")
            .and_then(|v| v.to_str().ok())
            .and_then(regain_access)
    };
    crate::wire::retry_after(headers).or_else(usage)
}

/// `{"<business id>": [{"type": "whatsapp", "estimated_time_to_regain_access": 5, ...}]}`:
/// the longest wait any entry names, at most [`MAX_RETRY_AFTER`](crate::wire::MAX_RETRY_AFTER)
/// (Meta's minutes are multiplied without overflow: a huge number is the cap, not a panic).
pub fn regain_access(header: &str) -> Option<Duration> {
    let usage: Value = serde_json::from_str(header).ok()?;
    let minutes = usage
        .as_object()?
        .values()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|entry| entry.get("estimated_time_to_regain_access")?.as_u64())
        .max()?;
    (minutes > 0).then(|| capped_wait(Duration::from_secs(minutes.saturating_mul(60))))
}
