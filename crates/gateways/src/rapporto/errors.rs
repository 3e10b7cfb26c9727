//! Rapporto's error answers in words a manager can act on.
//!
//! A failed request answers an HTTP status other than 200 and
//! `{"error": {"code": 4, "description": "Invalid request"}, "extendedDescription": "..."}`.
//! The code decides (the table pairs each with one HTTP status); an answer without the
//! documented body is read by its HTTP status alone.

use std::time::Duration;

use switchboard_core::gateway::SendError;

use super::settings::TTL_MINUTES;

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
    let retryable = |reason: String| SendError::Retryable {
        reason: with_extended(reason, body),
        retry_after,
    };
    let rejected = |key: &str, reason: String| SendError::Rejected {
        code: Some(key.to_owned()),
        reason: with_extended(reason, body),
    };
    Some(match code {
        1 => retryable("Rapporto's service is unavailable for now (code 1)".to_owned()),
        2 => rejected(
            "ip_not_allowed",
            "Rapporto refused this server's IP address (code 2): ask Rapporto to add the \
             public IP address Switchboard sends from to the account's list of allowed IP \
             addresses"
                .to_owned(),
        ),
        3 => retryable("Rapporto has too many connections from this account (code 3)".to_owned()),
        4 => {
            // The extended description is the whole point here, so it is the sentence itself.
            let reason = match body.extended.as_deref() {
                Some(extended) => format!(
                    "Rapporto refused the request as invalid: {}",
                    sentence(extended)
                ),
                None => "Rapporto refused the request as invalid (code 4)".to_owned(),
            };
            return Some(SendError::Rejected {
                code: Some("invalid_request".to_owned()),
                reason,
            });
        }
        5 => rejected(
            "invalid_login",
            "Rapporto refused the login (code 5): check the login option in the account \
             settings"
                .to_owned(),
        ),
        6 => rejected(
            "invalid_password",
            "Rapporto refused the password (code 6): check the password stored for this \
             account"
                .to_owned(),
        ),
        7 => rejected(
            "no_service_number",
            "Rapporto says the sender name (serviceNumber) is not defined (code 7): set the \
             sender in the account settings to the name Rapporto registered for you"
                .to_owned(),
        ),
        8 => rejected(
            "bad_dest_addr",
            "Rapporto says the recipient's phone number is not correct (code 8)".to_owned(),
        ),
        9 => rejected(
            "bad_message_type",
            "Rapporto refused the message type WHATSAPP (code 9): ask Rapporto to enable \
             WhatsApp messages for this login"
                .to_owned(),
        ),
        // We send our own message id as `id`, unique per message, so a duplicate is this very
        // message, accepted by an earlier attempt whose answer we never got. Sending again
        // cannot help and the message is most likely on its way; its delivery report, which
        // echoes our id, will say how it went.
        10 => rejected(
            "duplicate",
            "Rapporto already accepted this message from an earlier attempt and refuses to \
             send it twice (code 10), so it was most likely sent: its delivery report will \
             tell. Ask Rapporto to enable duplicate control, so that a repeated request \
             answers the first one's message number"
                .to_owned(),
        ),
        11 => rejected(
            "bad_ttl",
            format!(
                "Rapporto refused the message lifetime (code 11): set the ttl option to one \
                 of {} minutes, or remove it to use the account's default",
                ttl_list()
            ),
        ),
        100 => retryable("Rapporto had an internal error (code 100)".to_owned()),
        other => {
            let what = body
                .description
                .as_deref()
                .map_or_else(|| format!("code {other}"), |d| format!("code {other}: {d}"));
            if status == 429 || status >= 500 {
                return Some(SendError::Retryable {
                    reason: with_extended(
                        format!("Rapporto could not take the message now ({what})"),
                        body,
                    ),
                    retry_after,
                });
            }
            return Some(SendError::Rejected {
                code: Some(format!("code_{other}")),
                reason: with_extended(format!("Rapporto refused the message ({what})"), body),
            });
        }
    })
}

/// An answer without the documented body, by its HTTP status.
pub fn by_status(status: u16, retry_after: Option<Duration>, quoted: &str) -> SendError {
    match status {
        401 => SendError::Rejected {
            code: Some("unauthorized".to_owned()),
            reason: format!(
                "Rapporto refused the login or password (HTTP {status}): check them in the \
                 account settings"
            ),
        },
        403 => SendError::Rejected {
            code: Some("ip_not_allowed".to_owned()),
            reason: format!(
                "Rapporto refused the request (HTTP {status}): ask Rapporto to add the public \
                 IP address Switchboard sends from to the account's list of allowed IP addresses"
            ),
        },
        404 | 405 => SendError::Rejected {
            code: Some("not_found".to_owned()),
            reason: format!(
                "Nothing takes messages at this Rapporto endpoint (HTTP {status}): check that \
                 the base URL is the full address Rapporto gave you"
            ),
        },
        408 | 429 => SendError::Retryable {
            reason: format!("Rapporto asked us to slow down (HTTP {status})"),
            retry_after,
        },
        500..=599 => SendError::Retryable {
            reason: format!("Rapporto had a server error (HTTP {status})"),
            retry_after,
        },
        // Any other 4xx: the request itself is wrong, so repeating it cannot help.
        _ => SendError::Rejected {
            code: Some(format!("http_{status}")),
            reason: format!("Rapporto refused the request (HTTP {status}): {quoted}"),
        },
    }
}

/// A documented reason plus what Rapporto added, so nothing it said is hidden.
fn with_extended(reason: String, body: &ErrorBody) -> String {
    match body.extended.as_deref().map(str::trim) {
        Some(extended) if !extended.is_empty() => {
            format!("{reason}. Rapporto says: {}", sentence(extended))
        }
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
