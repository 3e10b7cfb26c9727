//! Rapporto's error answers in words a manager can act on.
//!
//! A failed request answers an HTTP status other than 200 and
//! `{"error": {"code": 4, "description": "Invalid request"}, "extendedDescription": "..."}`.
//! The code decides (the table pairs each with one HTTP status); an answer without the
//! documented body is read by its HTTP status alone.

use std::time::Duration;

use switchboard_core::gateway::SendError;
use switchboard_core::phrase::Phrase;

use super::phrases as said;
use super::settings::TTL_MINUTES;
use crate::wire::{Answer, refused_request, rejected, retryable, server_error, slow_down};

pub(crate) const RAPPORTO: &str = "Rapporto";

/// The documented body of a failed request, as far as it could be read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ErrorBody {
    pub code: Option<i64>,
    pub description: Option<String>,
    pub extended: Option<String>,
}

/// What a documented error code means for the outbox.
pub fn documented(
    body: &ErrorBody,
    status: u16,
    retry_after: Option<Duration>,
) -> Option<SendError> {
    let code = body.code?;
    let retry = |reason: Phrase| retryable(with_extended(reason, body), retry_after);
    let refuse = |key: &str, reason: Phrase| rejected(key, with_extended(reason, body));
    Some(match code {
        1 => retry(said::ERROR_1.phrase()),
        2 => refuse("ip_not_allowed", said::ERROR_2.phrase()),
        3 => retry(said::ERROR_3.phrase()),
        4 => {
            // The extended description is the whole point here, so it is the sentence itself.
            let reason = match body.extended.as_deref() {
                Some(extended) => said::ERROR_4.with("description", sentence(extended)),
                None => said::ERROR_4_UNDESCRIBED.phrase(),
            };
            rejected("invalid_request", reason)
        }
        5 => refuse("invalid_login", said::ERROR_5.phrase()),
        6 => refuse("invalid_password", said::ERROR_6.phrase()),
        7 => refuse("no_service_number", said::ERROR_7.phrase()),
        8 => refuse("bad_dest_addr", said::ERROR_8.phrase()),
        9 => refuse("bad_message_type", said::ERROR_9.phrase()),
        // We send our own message id as `id`, unique per message, so a duplicate is this very
        // message, accepted by an earlier attempt whose answer we never got. Sending again
        // cannot help and the message is most likely on its way; its delivery report, which
        // echoes our id, will say how it went.
        10 => refuse("duplicate", said::ERROR_10.phrase()),
        11 => refuse("bad_ttl", said::ERROR_11.with("allowed", ttl_list())),
        100 => retry(said::ERROR_100.phrase()),
        other => {
            let busy = status == 429 || status >= 500;
            let reason = match (body.description.as_deref(), busy) {
                (Some(d), true) => said::OTHER_BUSY_DESCRIBED
                    .with("code", other)
                    .arg("description", d),
                (None, true) => said::OTHER_BUSY.with("code", other),
                (Some(d), false) => said::OTHER_REFUSED_DESCRIBED
                    .with("code", other)
                    .arg("description", d),
                (None, false) => said::OTHER_REFUSED.with("code", other),
            };
            if busy {
                retry(reason)
            } else {
                refuse(&format!("code_{other}"), reason)
            }
        }
    })
}

/// An answer without the documented body, by its HTTP status.
pub fn by_status(status: u16, retry_after: Option<Duration>, body: &Answer) -> SendError {
    match status {
        401 => rejected("unauthorized", said::UNAUTHORIZED.with("status", status)),
        403 => rejected("ip_not_allowed", said::FORBIDDEN.with("status", status)),
        404 | 405 => rejected("not_found", said::NOT_FOUND.with("status", status)),
        408 | 429 => slow_down(RAPPORTO, status, retry_after),
        500..=599 => server_error(RAPPORTO, status, retry_after),
        // Any other 4xx: the request itself is wrong, so repeating it cannot help.
        _ => refused_request(RAPPORTO, status, body),
    }
}

/// A documented reason plus what Rapporto added, so nothing it said is hidden.
fn with_extended(reason: Phrase, body: &ErrorBody) -> Phrase {
    match body.extended.as_deref().map(str::trim) {
        Some(extended) if !extended.is_empty() => said::EXTENDED
            .phrase()
            .nest("reason", reason)
            .arg("extended", sentence(extended)),
        _ => reason,
    }
}

/// Rapporto's words as a sentence: trimmed, ending in a full stop, and short.
fn sentence(text: &str) -> String {
    const MAX_CHARS: usize = 300;
    let trimmed = text.trim();
    let mut said: String = trimmed.chars().take(MAX_CHARS).collect();
    if trimmed.chars().count() > MAX_CHARS {
        said.push('…');
    } else if !said.ends_with(['.', '!', '?']) {
        said.push('.');
    }
    said
}

fn ttl_list() -> String {
    TTL_MINUTES
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
