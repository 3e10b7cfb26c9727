//! Talking to the Graph API: the send, the credentials check, and what each answer means for
//! the outbox (sent, refused for good, or worth another try).

use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;
use switchboard_core::gateway::{SendError, SendReceipt};

use super::credentials::Credentials;
use super::reasons::{self, Kind};

pub(crate) use crate::wire::{network_error, quote};

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
pub struct Answer {
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
) -> Result<Answer, SendError> {
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
) -> Result<Answer, SendError> {
    let request = http
        .get(url)
        .bearer_auth(credentials.access_token.expose())
        .header("Accept", "application/json");
    exchange(request, timeout).await
}

async fn exchange(
    request: reqwest::RequestBuilder,
    timeout: Duration,
) -> Result<Answer, SendError> {
    let response = request
        .send()
        .await
        .map_err(|e| network_error("WhatsApp Cloud API", &e, timeout))?;
    let status = response.status().as_u16();
    let retry_after = retry_after(response.headers());
    let body = response
        .text()
        .await
        .map_err(|e| network_error("WhatsApp Cloud API", &e, timeout))?;
    Ok(Answer {
        status,
        retry_after,
        body,
    })
}

/// What an answer to `POST /{phone_number_id}/messages` means. Separate from the I/O so each
/// case is testable.
pub fn interpret(
    status: u16,
    retry_after: Option<Duration>,
    body: &str,
) -> Result<SendReceipt, SendError> {
    if !(200..=299).contains(&status) {
        return Err(error(status, retry_after, body));
    }
    let not_documented = || SendError::Retryable {
        reason: format!(
            "WhatsApp Cloud API answered something that is not its documented JSON: {}",
            quote(body)
        ),
        retry_after: None,
    };
    let answer: SendAnswer = serde_json::from_str(body).map_err(|_| not_documented())?;
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
pub fn error(status: u16, retry_after: Option<Duration>, body: &str) -> SendError {
    let Ok(ErrorAnswer { error }) = serde_json::from_str::<ErrorAnswer>(body) else {
        return by_http_status(status, retry_after, body);
    };
    let details = error.error_data.as_ref().and_then(|d| d.details.as_deref());
    // Meta's message is "(#131047) Re-engagement message": the title after the code.
    let title = error.message.as_deref().map(title_of);
    let mut reason = reasons::sentence(error.code, details, title);
    if let Some(trace) = error.fbtrace_id.as_deref().filter(|t| !t.is_empty()) {
        // Meta's support asks for it; it means nothing to anyone else.
        reason.push_str(&format!(" [fbtrace_id {trace}]"));
    }
    let kind = error.code.and_then(reasons::describe).map(|(_, k)| k);
    let code = error.code.map(|c| c.to_string());
    match kind {
        Some(Kind::Retry) => {
            let floor = (error.code == Some(131056)).then_some(reasons::PAIR_RATE_PAUSE);
            SendError::Retryable {
                reason,
                retry_after: retry_after.max(floor),
            }
        }
        Some(Kind::Credentials | Kind::Refused) => SendError::Rejected { code, reason },
        // An undocumented code: Meta's trouble (5xx, 429) passes; anything else is about the
        // request, which repeating cannot fix.
        None if status >= 500 || status == 429 => SendError::Retryable {
            reason,
            retry_after,
        },
        None if status == 401 => SendError::Rejected {
            code,
            reason: format!("Meta refused the access token (HTTP 401): {reason}"),
        },
        None => SendError::Rejected { code, reason },
    }
}

/// "(#131047) Re-engagement message" -> "Re-engagement message".
fn title_of(message: &str) -> &str {
    let message = message.trim();
    match message.strip_prefix("(#").and_then(|r| r.split_once(')')) {
        Some((_, rest)) => rest.trim(),
        None => message,
    }
}

fn by_http_status(status: u16, retry_after: Option<Duration>, body: &str) -> SendError {
    match status {
        401 => SendError::Rejected {
            code: Some("190".to_owned()),
            reason: "Meta refused the access token (HTTP 401): it is invalid or has expired; \
                     paste a new access token into the account's secret"
                .to_owned(),
        },
        403 => SendError::Rejected {
            code: Some("http_403".to_owned()),
            reason: "Meta refused access (HTTP 403): the access token has no permission for \
                     this phone number"
                .to_owned(),
        },
        408 | 429 => SendError::Retryable {
            reason: format!("WhatsApp Cloud API asked us to slow down (HTTP {status})"),
            retry_after,
        },
        500..=599 => SendError::Retryable {
            reason: format!("WhatsApp Cloud API had a server error (HTTP {status})"),
            retry_after,
        },
        _ => SendError::Rejected {
            code: Some(format!("http_{status}")),
            reason: format!(
                "WhatsApp Cloud API refused the request (HTTP {status}): {}",
                quote(body)
            ),
        },
    }
}

/// How long Meta asks us to wait: `Retry-After` in seconds, or the Graph API's
/// `X-Business-Use-Case-Usage` header, whose `estimated_time_to_regain_access` is in minutes.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let plain = header("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    plain.or_else(|| header("x-business-use-case-usage").and_then(regain_access))
}

/// `{"<business id>": [{"type": "whatsapp", "estimated_time_to_regain_access": 5, ...}]}`:
/// the longest wait any entry names.
pub fn regain_access(header: &str) -> Option<Duration> {
    let usage: Value = serde_json::from_str(header).ok()?;
    let minutes = usage
        .as_object()?
        .values()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|entry| entry.get("estimated_time_to_regain_access")?.as_u64())
        .max()?;
    (minutes > 0).then(|| Duration::from_secs(minutes * 60))
}
