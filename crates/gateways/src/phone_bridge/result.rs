//! `result`: the phone says whether a message it took went out.
//!
//! `{"id": "<our id>", "status": "sent" | "failed", "error": "why, optional", "at": optional}`.
//! The article's script ends with `status = 1` (sent) or `status = 2` (the chat did not open:
//! the number is not on WhatsApp), so those codes are accepted too; a flow that checks the
//! ticks may report `delivered` and `read`.

use switchboard_core::gateway::{Secret, WebhookError};
use switchboard_core::ingest::{IngestEvent, StatusReport};
use switchboard_core::status::{Status, StatusChange};
use switchboard_core::time::Timestamp;

use super::fields;
use super::phrases as said;
use crate::redact::redact_text;

/// How much of the phone's own error text is kept.
const ERROR_CHARS: usize = 300;

/// A result without its own time is stamped `now`.
pub fn parse(
    body: &[u8],
    secret: Option<&Secret>,
    now: Timestamp,
) -> Result<IngestEvent, WebhookError> {
    let fields = fields::object(body, "result")?;
    let id = fields::word(&fields, "id").ok_or_else(|| {
        WebhookError::Malformed(
            "the result has no 'id': send back the id the message came with".to_owned(),
        )
    })?;
    let word = fields::word(&fields, "status").ok_or_else(|| {
        WebhookError::Malformed("the result has no 'status' (sent or failed)".to_owned())
    })?;
    let at = fields::at(&fields)?.unwrap_or(now);
    let status = status_of(&word);
    let error = fields::string(&fields, "error").map(|e| clean(e, secret));
    let reason = match (&status, error) {
        (_, Some(error)) if status.is_failure() => Some(said::RESULT_FAILED.with("error", error)),
        (Status::Failed, None) if word == "2" => Some(said::RESULT_NO_CHAT.phrase()),
        (Status::Failed, None) => Some(said::RESULT_NO_REASON.phrase()),
        // An error text beside a status that is not a failure is kept for people to read.
        (_, Some(error)) => Some(said::RESULT_NOTE.with("error", error)),
        (_, None) => None,
    };
    Ok(IngestEvent::Status(StatusReport {
        gateway_message_id: id.clone(),
        // Our id is the phone's id for the message: a result that beats the send's own answer
        // still finds its message.
        our_id: Some(id),
        change: StatusChange {
            status,
            at,
            code: None,
            reason,
        },
        // A phone that could not send will not do better by being handed the message again
        // blindly; the manager retries from the message.
        retry: false,
        observed: false,
    }))
}

/// The phone's word (or the article's code) for what happened. A word we do not know is kept
/// as it came.
pub fn status_of(word: &str) -> Status {
    match word.trim().to_ascii_lowercase().as_str() {
        "sent" | "1" => Status::Sent,
        "delivered" => Status::Delivered,
        "read" | "seen" => Status::Seen,
        "failed" | "2" => Status::Failed,
        _ => Status::Other(word.trim().to_owned()),
    }
}

/// The phone's error text, never carrying the secret (an app that quotes its own request would
/// otherwise put it on a screen), on one line and shortened. The secret goes first: folding
/// spaces or cutting the text short could leave part of it where it can no longer be found.
fn clean(error: &str, secret: Option<&Secret>) -> String {
    let secrets: Vec<&str> = secret.map(Secret::expose).into_iter().collect();
    redact_text(error, &secrets)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(ERROR_CHARS)
        .collect()
}
