//! `POST send-whatsapp`: one message per request, and what DecisionTelecom's answer means for
//! the outbox (sent, refused for good, or worth another try).

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;
use switchboard_core::gateway::{OutgoingMessage, Secret, SendError, SendReceipt};
use switchboard_core::message::Content;

use super::errors::{self, Answer, DECISION_TELECOM, network_error, redact};
use super::template::{self, Account, Template};

/// "1 text message".
pub const TYPE_TEXT: u8 = 1;
/// "2 message with media data (jpg, jpeg or png images)".
pub const TYPE_MEDIA: u8 = 2;
/// "4 message based on registered template".
pub const TYPE_TEMPLATE: u8 = 4;

/// The request as the page spells it; absent fields are left out, never `null`.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct RequestBody<'a> {
    source_addr: &'a str,
    /// The page's example writes a number, its table "<= 20 chars". Digits in a string pass
    /// both a string and a number check (the API is Yii2, whose number validator accepts
    /// numeric strings while its string validator refuses numbers).
    destination_addr: &'a str,
    message_type: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    callback_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    template_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    template_params: Option<String>,
}

pub fn request_body<'a>(
    sender: &'a str,
    account: &Account<'_>,
    message: &'a OutgoingMessage,
) -> RequestBody<'a> {
    let mut body = RequestBody {
        source_addr: sender.trim(),
        destination_addr: message.to.digits(),
        message_type: TYPE_TEXT,
        text: None,
        file_url: None,
        callback_url: message.callback_url.as_deref(),
        template_name: None,
        template_params: None,
    };
    match &message.content {
        Content::Text { text } => body.text = Some(text),
        Content::Media { url, .. } => {
            // validate() refuses captions: the page documents no caption for media.
            body.message_type = TYPE_MEDIA;
            body.file_url = Some(url.trim());
        }
        Content::Template {
            id,
            params,
            language,
            header,
            buttons,
            ..
        } => {
            body.message_type = TYPE_TEMPLATE;
            body.template_name = Some(id.trim());
            body.template_params = Some(template::template_params(
                message.to.digits(),
                account,
                &Template {
                    name: id,
                    params,
                    language: language.as_deref(),
                    header: header.as_ref(),
                    buttons,
                },
            ));
        }
    }
    body
}

pub async fn post(
    http: &reqwest::Client,
    url: &str,
    secret: &Secret,
    body: &RequestBody<'_>,
    timeout: Duration,
) -> Result<SendReceipt, SendError> {
    let (status, retry_after, text) = exchange(http, url, secret, body, timeout).await?;
    let answer = Answer::new(&text, &[secret.expose()]);
    interpret(status, retry_after, answer).map_err(|e| redact(e, secret))
}

/// One authenticated POST; the answer's status, `Retry-After` and body.
pub async fn exchange(
    http: &reqwest::Client,
    url: &str,
    secret: &Secret,
    body: &impl Serialize,
    timeout: Duration,
) -> Result<(u16, Option<Duration>, String), SendError> {
    // The page's snippets send the key as it is: `Authorization: Basic <key>`.
    let response = http
        .post(url)
        .header("Authorization", format!("Basic {}", secret.expose()))
        .header("Accept", "application/json")
        .json(body)
        .send()
        .await
        .map_err(|e| network_error(DECISION_TELECOM, &e, timeout))?;
    let status = response.status().as_u16();
    let retry_after = errors::retry_after(response.headers());
    let text = response
        .text()
        .await
        .map_err(|e| network_error(DECISION_TELECOM, &e, timeout))?;
    Ok((status, retry_after, text))
}

/// What an HTTP answer to `send-whatsapp` means. Separate from the I/O so each case is
/// testable.
pub fn interpret<'a>(
    status: u16,
    retry_after: Option<Duration>,
    body: impl Into<Answer<'a>>,
) -> Result<SendReceipt, SendError> {
    let body = &body.into();
    if !(200..300).contains(&status) {
        return Err(errors::interpret_error(status, retry_after, body));
    }
    let value: Value = serde_json::from_str(body.text()).map_err(|_| not_documented(body))?;
    match message_id(&value) {
        Some(id) => Ok(SendReceipt {
            gateway_message_id: id,
        }),
        // An error object in a 200 is still an error; anything else is not an answer we trust.
        None if errors::ErrorObject::from_value(&value).is_some() => {
            Err(errors::interpret_error(status, retry_after, body))
        }
        None => Err(not_documented(body)),
    }
}

/// `message_id` as a number (documented) or a string of digits (plausible).
pub fn message_id(value: &Value) -> Option<String> {
    match value.get("message_id")? {
        Value::Number(n) if n.is_u64() => Some(n.to_string()),
        Value::String(s)
            if !s.trim().is_empty() && s.trim().bytes().all(|b| b.is_ascii_digit()) =>
        {
            Some(s.trim().to_owned())
        }
        _ => None,
    }
}

fn not_documented(body: &Answer) -> SendError {
    errors::not_documented(DECISION_TELECOM, body)
}
