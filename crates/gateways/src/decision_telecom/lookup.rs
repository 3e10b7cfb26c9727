//! `POST receive-whatsapp`: the status of one message, asked for the messages whose status
//! callback has not come (polling), and for a message that cannot exist (checking the key).

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;
use switchboard_core::gateway::{PollRequest, PollResult, Secret, SendError};
use switchboard_core::ingest::IngestEvent;
use switchboard_core::time::Timestamp;

use switchboard_core::phrase::Phrase;

use super::errors::{self, Answer, ErrorObject, redact, retryable};
use super::send::exchange;
use super::status;
use super::{LOOKUPS_PER_POLL, phrases as said};
use crate::wire::quoted;

/// Where and how to ask.
pub struct Client<'a> {
    pub http: &'a reqwest::Client,
    pub url: String,
    pub secret: &'a Secret,
    pub timeout: Duration,
}

#[derive(Serialize)]
struct Lookup {
    message_id: u64,
}

impl Client<'_> {
    /// The status of message `id`; `None` when DecisionTelecom does not know the message.
    async fn look_up(&self, id: u64) -> Result<Option<IngestEvent>, SendError> {
        let body = Lookup { message_id: id };
        let (status, retry_after, text) =
            exchange(self.http, &self.url, self.secret, &body, self.timeout).await?;
        let answer = Answer::new(&text, &[self.secret.expose()]);
        interpret(status, retry_after, answer, id).map_err(|e| redact(e, self.secret))
    }
}

/// What an answer to a look-up of message `id` means. Separate from the I/O so each case is
/// testable.
pub fn interpret<'a>(
    http: u16,
    retry_after: Option<Duration>,
    body: impl Into<Answer<'a>>,
    id: u64,
) -> Result<Option<IngestEvent>, SendError> {
    interpret_at(http, retry_after, body, id, Timestamp::now())
}

/// [`interpret`], with a status found stamped `now` (the answer gives no time).
pub fn interpret_at<'a>(
    http: u16,
    retry_after: Option<Duration>,
    body: impl Into<Answer<'a>>,
    id: u64,
    now: Timestamp,
) -> Result<Option<IngestEvent>, SendError> {
    let body = &body.into();
    let value = serde_json::from_str::<Value>(body.text()).ok();
    let error = value.as_ref().and_then(ErrorObject::from_value);
    // A message the gateway does not know: not found, or "Invalid Parameter: message_id".
    // It is that message's problem, not the account's, so polling goes on with the others.
    if http == 404 || error.as_ref().is_some_and(|e| e.code == Some(1)) {
        return Ok(None);
    }
    if !(200..300).contains(&http) {
        return Err(errors::interpret_error(http, retry_after, body));
    }
    match value {
        // An error object has a `status` too (its HTTP status); a status answer names no
        // error, or names the message.
        Some(Value::Object(mut fields))
            if fields.contains_key("status")
                && (error.is_none() || fields.contains_key("message_id")) =>
        {
            // The answer names the message; if it ever does not, it is the one we asked about.
            fields
                .entry("message_id")
                .or_insert_with(|| Value::from(id));
            status::report(&fields, now).map(Some).map_err(|problem| {
                not_documented(said::LOOKUP_UNREADABLE.with("problem", problem), body)
            })
        }
        Some(_) if error.is_some() => Err(errors::interpret_error(http, retry_after, body)),
        _ => Err(not_documented(said::LOOKUP_NOT_DOCUMENTED.phrase(), body)),
    }
}

fn not_documented(reason: Phrase, body: &Answer) -> SendError {
    retryable(quoted(reason, "answer", body), None)
}

/// Looks up at most [`LOOKUPS_PER_POLL`] of the pending messages, one after another. The
/// cursor is where the previous poll stopped in the list, so that with many messages waiting
/// each is asked about in turn rather than only the newest.
pub async fn poll(client: &Client<'_>, request: PollRequest) -> Result<PollResult, SendError> {
    // Our ids come from send answers and are numbers; anything else cannot be asked about.
    let mut ids: Vec<u64> = Vec::new();
    for pending in &request.pending {
        if let Ok(id) = pending.gateway_message_id.trim().parse::<u64>()
            && !ids.contains(&id)
        {
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return Ok(PollResult {
            cursor: request.cursor,
            ..PollResult::default()
        });
    }
    let start = request
        .cursor
        .as_deref()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .unwrap_or(0)
        % ids.len();
    let turn = ids.len().min(LOOKUPS_PER_POLL);
    let mut events = Vec::new();
    let mut asked = 0;
    for k in 0..turn {
        let id = ids[(start + k) % ids.len()];
        match client.look_up(id).await {
            Ok(Some(event)) => events.push(event),
            Ok(None) => {
                tracing::debug!(id, "DecisionTelecom does not know this message");
            }
            // A refusal (wrong key) is the account's, shown on it; a passing trouble after
            // some answers keeps those, and the next poll goes on from the message that failed.
            Err(error @ SendError::Rejected { .. }) => return Err(error),
            Err(error) if events.is_empty() => return Err(error),
            Err(error) => {
                tracing::debug!(%error, "DecisionTelecom status look-ups stopped early");
                break;
            }
        }
        asked = k + 1;
    }
    Ok(PollResult {
        events,
        cursor: Some(((start + asked) % ids.len()).to_string()),
        more: false,
        progress: None,
    })
}

/// Looks up message 0, which cannot exist: a wrong key is refused, a right one is answered
/// with "not found" (or, were it ever to exist, its status).
pub async fn check(client: &Client<'_>) -> Result<Phrase, SendError> {
    client.look_up(0).await?;
    Ok(said::CHECKED.phrase())
}
