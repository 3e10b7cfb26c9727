//! What every adapter does with HTTP the same way: readable network errors, `Retry-After`,
//! quoting a gateway's answer for people, and keeping secrets out of every reason.

use std::time::Duration;

use switchboard_core::gateway::{Secret, SendError};

/// How much of a gateway's answer a reason quotes.
const QUOTE_CHARS: usize = 200;

/// A request that got no HTTP answer: always worth another try later.
pub(crate) fn network_error(gateway: &str, error: &reqwest::Error, timeout: Duration) -> SendError {
    let reason = if error.is_timeout() {
        format!("{gateway} did not answer within {}", seconds(timeout))
    } else if error.is_connect() {
        format!("Could not connect to {gateway}: {}", error_chain(error))
    } else {
        format!("The connection to {gateway} failed: {}", error_chain(error))
    };
    SendError::Retryable {
        reason,
        retry_after: None,
    }
}

/// reqwest's own message is terse ("error sending request"); the cause says what happened.
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// `30 s`, `1.5 s`.
pub(crate) fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// `Retry-After` in seconds; the HTTP-date form is ignored (the outbox's backoff applies).
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// The words of a gateway's answer, for a reason people read: never raw JSON or HTML, and
/// never more than a line or two.
pub(crate) fn quote(body: &str) -> String {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return "an empty answer".to_owned();
    }
    let words: String = trimmed
        .chars()
        .map(|c| if "{}[]<>\"".contains(c) { ' ' } else { c })
        .collect();
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.is_empty() {
        return "an answer with no words in it".to_owned();
    }
    let mut quoted: String = words.chars().take(QUOTE_CHARS).collect();
    if words.chars().count() > QUOTE_CHARS {
        quoted.push('…');
    }
    quoted
}

/// An answer we quote could echo our request (the key, the password, a token in the URL): no
/// secret may reach a screen or a log, whatever the text around it.
pub(crate) fn redact(error: SendError, secret: &Secret) -> SendError {
    let key = secret.expose();
    if key.is_empty() {
        return error;
    }
    match error {
        SendError::Retryable {
            reason,
            retry_after,
        } => SendError::Retryable {
            reason: reason.replace(key, "<redacted>"),
            retry_after,
        },
        SendError::Rejected { code, reason } => SendError::Rejected {
            code,
            reason: reason.replace(key, "<redacted>"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_keeps_the_words_and_drops_markup() {
        assert_eq!(
            quote("<html><body>502 Bad Gateway</body></html>"),
            "html body 502 Bad Gateway /body /html"
        );
        assert_eq!(quote(r#"{"error": "x"}"#), "error : x");
        assert_eq!(quote("  "), "an empty answer");
        assert_eq!(quote("{}"), "an answer with no words in it");
        assert!(quote(&"y".repeat(500)).ends_with('…'));
    }

    #[test]
    fn a_secret_never_survives_in_a_reason() {
        let e = SendError::Rejected {
            code: None,
            reason: "refused key abc123 (abc123)".into(),
        };
        let SendError::Rejected { reason, .. } = redact(e, &Secret::new("abc123")) else {
            panic!("still a rejection");
        };
        assert_eq!(reason, "refused key <redacted> (<redacted>)");
    }
}
