//! `POST /whatsapp/messages`: one message per request, and what Devino's answer means for the
//! outbox (sent, refused for good, or worth another try).

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use switchboard_core::gateway::{OutgoingMessage, Secret, SendError, SendReceipt};
use switchboard_core::message::Content;

use super::{TEMPLATE_VALIDITY_SECS, phrases as said, reasons};

use crate::wire::{
    Answer, network_error, not_documented, redact, refused_request, rejected, retry_after,
    server_error, slow_down,
};

const DEVINO: &str = "Devino";

#[derive(Serialize, Debug)]
pub struct RequestBody<'a> {
    messages: [WireMessage<'a>; 1],
}

/// One message as the documentation spells it; absent fields are left out, never `null`.
#[derive(Serialize, Debug, Default)]
#[serde(rename_all = "camelCase")]
struct WireMessage<'a> {
    from: &'a str,
    to: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    template_id: Option<&'a str>,
    /// `{"1": "first", "2": "second"}`: the key is the parameter's position.
    #[serde(skip_serializing_if = "Option::is_none")]
    template_params: Option<BTreeMap<String, &'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    validity: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    callback_url: Option<&'a str>,
    /// Devino echoes it as `options` in status callbacks, so a status can be matched to our
    /// message even before we stored Devino's id.
    callback_data: &'a str,
}

pub fn request_body<'a>(sender: &'a str, message: &'a OutgoingMessage) -> RequestBody<'a> {
    let mut wire = WireMessage {
        from: sender,
        to: message.to.digits(),
        callback_url: message.callback_url.as_deref(),
        callback_data: &message.our_id,
        ..WireMessage::default()
    };
    match &message.content {
        Content::Text { text } => wire.text = Some(text),
        Content::Media {
            url,
            mime,
            name,
            caption,
        } => {
            wire.content_url = Some(url);
            wire.content_type = mime.as_deref();
            wire.content_name = name.as_deref();
            wire.text = caption.as_deref().filter(|c| !c.is_empty());
        }
        Content::Template {
            id,
            params,
            language,
            ..
        } => {
            wire.template_id = Some(id);
            if !params.is_empty() {
                let numbered = params.iter().enumerate();
                wire.template_params = Some(
                    numbered
                        .map(|(i, p)| ((i + 1).to_string(), p.as_str()))
                        .collect(),
                );
            }
            wire.language_code = language.as_deref();
            wire.validity = Some(TEMPLATE_VALIDITY_SECS);
        }
    }
    RequestBody { messages: [wire] }
}

#[derive(Deserialize, Debug)]
struct Outcomes {
    result: Vec<Outcome>,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
struct Outcome {
    code: String,
    /// Documented as a string; accepted as a number too, since statuses carry it as a long.
    #[serde(default)]
    message_id: Option<serde_json::Value>,
    #[serde(default)]
    reasons: Vec<Reason>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Deserialize, Debug)]
struct Reason {
    key: String,
    #[serde(default, rename = "ref")]
    reference: Option<String>,
}

pub async fn post(
    http: &reqwest::Client,
    url: &str,
    secret: &Secret,
    body: &RequestBody<'_>,
    timeout: Duration,
) -> Result<SendReceipt, SendError> {
    let response = http
        .post(url)
        .header("Authorization", format!("Key {}", secret.expose()))
        .header("Accept", "application/json")
        .json(body)
        .send()
        .await
        .map_err(|e| network_error(DEVINO, &e, timeout))?;
    let status = response.status();
    let retry_after = retry_after(response.headers());
    let text = response
        .text()
        .await
        .map_err(|e| network_error(DEVINO, &e, timeout))?;
    let answer = Answer::new(&text, &[secret.expose()]);
    interpret(status.as_u16(), retry_after, answer).map_err(|e| redact(e, secret))
}

/// What an HTTP answer from Devino means. Separate from the I/O so each case is testable.
pub fn interpret<'a>(
    status: u16,
    retry_after: Option<Duration>,
    body: impl Into<Answer<'a>>,
) -> Result<SendReceipt, SendError> {
    let body = &body.into();
    match status {
        200..=299 => {}
        401 | 403 => {
            let reason = said::UNAUTHORIZED.with("status", status);
            return Err(rejected("unauthorized", reason));
        }
        408 | 429 => return Err(slow_down(DEVINO, status, retry_after)),
        500..=599 => return Err(server_error(DEVINO, status, retry_after)),
        // An undocumented 4xx: the request itself is wrong, so repeating it cannot help.
        _ => return Err(refused_request(DEVINO, status, body)),
    }
    let not_documented = || not_documented(DEVINO, body);
    let answer: Outcomes = serde_json::from_str(body.text()).map_err(|_| not_documented())?;
    // We send one message per request, so the first result is ours.
    let outcome = answer
        .result
        .into_iter()
        .next()
        .ok_or_else(not_documented)?;
    if outcome.code == "OK" {
        let id = match outcome.message_id {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => return Err(not_documented()),
        };
        return Ok(SendReceipt {
            gateway_message_id: id,
        });
    }
    Err(rejected_outcome(&outcome, body))
}

/// REJECTED (or an undocumented code, which is not an acceptance either) in words.
fn rejected_outcome(outcome: &Outcome, body: &Answer) -> SendError {
    // Devino's words pass through `scrub` first: an answer may echo the request's key.
    let sentences = outcome.reasons.iter().map(|r| {
        let reference = r.reference.as_deref().map(|f| body.scrub(f));
        reasons::rejection(&body.scrub(&r.key), reference.as_deref())
    });
    // "first; second; third", each a phrase of its own.
    let joined = sentences.rev().reduce(|more, first| {
        said::REJECTED_AND
            .phrase()
            .nest("first", first)
            .nest("more", more)
    });
    let mut reason = joined.unwrap_or_else(|| said::NOT_ACCEPTED.with("code", &outcome.code));
    if let Some(description) = outcome.description.as_deref().map(str::trim)
        && !description.is_empty()
    {
        reason = said::REJECTED_DESCRIBED
            .phrase()
            .nest("reason", reason)
            .arg("description", body.scrub(description));
    }
    let code = outcome
        .reasons
        .first()
        .map_or_else(|| outcome.code.clone(), |r| r.key.clone());
    rejected(code, reason)
}
