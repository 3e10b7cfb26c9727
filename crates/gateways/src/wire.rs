//! What every adapter does with HTTP the same way: readable network errors, `Retry-After`,
//! quoting a gateway's answer for people, and keeping secrets out of every reason.

use std::time::Duration;

use switchboard_core::gateway::SendError;
use switchboard_core::phrase::{Phrase, PhraseDef};

pub(crate) use crate::redact::{Answer, redact, redact_all, redact_phrase};
use crate::redact::{REDACTED, without_markup};

/// The words every adapter says the same way: a gateway that cannot be reached, is busy, fails
/// or answers nonsense, and the refusals every gateway shares. `{gateway}` is its name.
pub mod phrases {
    switchboard_core::phrases! {
        TIMEOUT = "gateway.timeout": "{gateway} did not answer within {seconds} s";
        CONNECT_FAILED = "gateway.connect_failed": "Could not connect to {gateway}: {detail}";
        CONNECTION_FAILED = "gateway.connection_failed": "The connection to {gateway} failed: {detail}";
        SLOW_DOWN = "gateway.slow_down": "{gateway} asked us to slow down (HTTP {status})";
        RATE_LIMITED = "gateway.rate_limited": "{gateway}'s rate limit was exceeded (too many requests)";
        SERVER_ERROR = "gateway.server_error": "{gateway} had a server error (HTTP {status})";
        /// The gateway's own words about its error follow.
        SERVER_ERROR_SAID = "gateway.server_error_said": "{gateway} had a server error (HTTP {status}): {detail}";
        NOT_DOCUMENTED = "gateway.not_documented": "{gateway} answered something that is not its documented JSON: {answer}";
        REFUSED_REQUEST = "gateway.refused_request": "{gateway} refused the request (HTTP {status}): {answer}";
        /// Stands for `{answer}` when the gateway's answer was empty.
        EMPTY_ANSWER = "gateway.empty_answer": "an empty answer";
        /// Stands for `{answer}` when the gateway's answer was only markup.
        WORDLESS_ANSWER = "gateway.wordless_answer": "an answer with no words in it";
        EMPTY_MESSAGE = "gateway.invalid.empty_message": "The message is empty: write some text.";
        EMPTY_CAPTION = "gateway.invalid.empty_caption": "The caption is empty: write some text.";
        EMPTY_FILE_NAME = "gateway.invalid.empty_file_name": "The file name is empty: give the file a name.";
        NO_TEMPLATE_ID = "gateway.invalid.no_template_id": "Choose a template: its id is empty.";
        NO_TEMPLATE_NAME = "gateway.invalid.no_template_name": "Choose a template: its name is empty.";
    }
}

use phrases as said;

/// How much of a gateway's answer a reason quotes.
const QUOTE_CHARS: usize = 200;

/// A request that got no HTTP answer: always worth another try later.
pub(crate) fn network_error(gateway: &str, error: &reqwest::Error, timeout: Duration) -> SendError {
    network_failure(gateway, error, timeout, error_chain(error))
}

/// [`network_error`] with `detail` for what went wrong, for adapters that must describe the
/// error themselves (its text may hold a secret).
pub(crate) fn network_failure(
    gateway: &str,
    error: &reqwest::Error,
    timeout: Duration,
    detail: String,
) -> SendError {
    // No connection, nothing sent: safe to try again. Once the request may have been written,
    // a timeout or a broken connection leaves the gateway with or without the message.
    if error.is_connect() {
        return retryable(
            said::CONNECT_FAILED
                .with("gateway", gateway)
                .arg("detail", detail),
            None,
        );
    }
    let reason = if error.is_timeout() {
        said::TIMEOUT
            .with("gateway", gateway)
            .arg("seconds", seconds(timeout))
    } else {
        said::CONNECTION_FAILED
            .with("gateway", gateway)
            .arg("detail", detail)
    };
    SendError::AnswerLost { reason }
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

/// `30`, `1.5`: a wait in seconds, for a phrase that says `{seconds} s`.
pub(crate) fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        d.as_secs().to_string()
    } else {
        format!("{:.1}", d.as_secs_f64())
    }
}

/// The longest wait a gateway may ask for. A wait pauses the account's whole outbox, and
/// gateways only ask for short ones (Devino, Rapporto and Meta speak of seconds to minutes);
/// an hour is already far beyond that, so a longer one is a mistake or a forgery, which would
/// otherwise hold every message for as long as it says (a year, if it says so). After an hour
/// the gateway is simply asked again, and asks again if it still means it.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60 * 60);

/// `Retry-After`, in seconds or as an HTTP date, at most [`MAX_RETRY_AFTER`]; `None` when
/// there is none or it cannot be read (the outbox's own backoff applies then).
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    retry_after_value(value, jiff::Timestamp::now())
}

/// A `Retry-After` value at `now`: `delay-seconds` (digits only: no sign, no fraction) or an
/// HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`; a date in the past means "now"). Never
/// overflows and never exceeds [`MAX_RETRY_AFTER`], whatever the number or the date.
pub fn retry_after_value(value: &str, now: jiff::Timestamp) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than u64 holds is a wait longer than the cap, not an unreadable one.
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(capped_wait(Duration::from_secs(seconds)));
    }
    let date = jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(value)
        .ok()?;
    let millis = date.as_millisecond().saturating_sub(now.as_millisecond());
    let wait = Duration::from_millis(u64::try_from(millis).unwrap_or(0));
    Some(capped_wait(wait))
}

/// A wait a gateway asked for, at most [`MAX_RETRY_AFTER`].
pub(crate) fn capped_wait(wait: Duration) -> Duration {
    wait.min(MAX_RETRY_AFTER)
}

/// A passing trouble of the gateway or the account (rate limits, 5xx, timeouts, answers that
/// are not its protocol): every message of the account waits for the retry.
pub(crate) fn retryable(reason: Phrase, retry_after: Option<Duration>) -> SendError {
    SendError::account_trouble(reason, retry_after)
}

/// A passing trouble of this message's recipient alone (a per-recipient rate limit, a number
/// the gateway has not finished checking): only later messages to the same customer wait.
pub(crate) fn retry_message(reason: Phrase, retry_after: Option<Duration>) -> SendError {
    SendError::retry_message(reason, retry_after)
}

pub(crate) fn rejected(code: impl Into<String>, reason: Phrase) -> SendError {
    SendError::Rejected {
        code: Some(code.into()),
        reason,
    }
}

/// HTTP 408 or 429 with no words of the gateway's own: worth another try.
pub(crate) fn slow_down(gateway: &str, status: u16, retry_after: Option<Duration>) -> SendError {
    let reason = said::SLOW_DOWN
        .with("gateway", gateway)
        .arg("status", status);
    retryable(reason, retry_after)
}

/// HTTP 5xx: the gateway's own trouble, worth another try.
pub(crate) fn server_error(gateway: &str, status: u16, retry_after: Option<Duration>) -> SendError {
    let reason = said::SERVER_ERROR
        .with("gateway", gateway)
        .arg("status", status);
    retryable(reason, retry_after)
}

/// A 2xx whose body is not what the gateway documents: it may have taken the message or not,
/// so the outbox asks again.
pub(crate) fn not_documented(gateway: &str, body: &Answer) -> SendError {
    let reason = quoted(
        said::NOT_DOCUMENTED.with("gateway", gateway),
        "answer",
        body,
    );
    retryable(reason, None)
}

/// An undocumented 4xx: the request itself is wrong, so repeating it cannot help.
pub(crate) fn refused_request(gateway: &str, status: u16, body: &Answer) -> SendError {
    let reason = said::REFUSED_REQUEST
        .with("gateway", gateway)
        .arg("status", status);
    rejected(format!("http_{status}"), quoted(reason, "answer", body))
}

/// `phrase` with `name` set to the words of a gateway's answer ([`words`]), or to our own
/// words for an answer that has none. Only the answer's [quotable](Answer::quotable) text is
/// quoted: the request's secrets are cut out before the words are picked.
pub(crate) fn quoted(phrase: Phrase, name: &str, body: &Answer) -> Phrase {
    match words(body.quotable()) {
        Ok(words) => phrase.arg(name, words),
        Err(ours) => phrase.nest(name, ours.phrase()),
    }
}

/// The words of a gateway's answer, for a reason people read: never raw JSON or HTML, and
/// never more than a line or two. An answer without words is said in ours (`Err`).
pub(crate) fn words(body: &str) -> Result<String, PhraseDef> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return Err(said::EMPTY_ANSWER);
    }
    // Markup goes, but a secret cut out of the answer still says so.
    let words = trimmed
        .split(REDACTED)
        .map(without_markup)
        .collect::<Vec<_>>()
        .join(&format!(" {REDACTED} "));
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.is_empty() {
        return Err(said::WORDLESS_ANSWER);
    }
    let mut quoted: String = words.chars().take(QUOTE_CHARS).collect();
    if words.chars().count() > QUOTE_CHARS {
        quoted.push('…');
    }
    Ok(quoted)
}

#[cfg(test)]
mod tests {
    use switchboard_core::gateway::Secret;
    use switchboard_core::phrase::PhraseArg;

    use super::*;

    #[test]
    fn a_quote_keeps_the_words_and_drops_markup() {
        assert_eq!(
            words("<html><body>502 Bad Gateway</body></html>").as_deref(),
            Ok("html body 502 Bad Gateway /body /html")
        );
        assert_eq!(words(r#"{"error": "x"}"#).as_deref(), Ok("error : x"));
        assert_eq!(words("  "), Err(said::EMPTY_ANSWER));
        assert_eq!(words("{}"), Err(said::WORDLESS_ANSWER));
        assert!(words(&"y".repeat(500)).is_ok_and(|w| w.ends_with('…')));
        let empty = quoted(
            said::NOT_DOCUMENTED.with("gateway", "G"),
            "answer",
            &"".into(),
        );
        assert_eq!(
            empty.text,
            "G answered something that is not its documented JSON: an empty answer"
        );
        assert_eq!(
            empty.args.get("answer"),
            Some(&PhraseArg::Phrase(Box::new(said::EMPTY_ANSWER.phrase()))),
            "our own words for an empty answer are translated too"
        );
    }

    #[test]
    fn a_secret_never_survives_in_a_reason() {
        let inner = said::CONNECT_FAILED
            .with("gateway", "G")
            .arg("detail", "key=abc123");
        let e = SendError::Rejected {
            code: None,
            reason: said::REFUSED_REQUEST
                .with("gateway", "G")
                .arg("status", 400)
                .nest("answer", inner),
        };
        let SendError::Rejected { reason, .. } = redact(e, &Secret::new("abc123")) else {
            panic!("still a rejection");
        };
        assert_eq!(
            reason.text,
            "G refused the request (HTTP 400): Could not connect to G: key=<redacted>"
        );
        let json = serde_json::to_string(&reason).expect("a phrase serializes");
        assert!(!json.contains("abc123"), "nor in any argument: {json}");
    }

    #[test]
    fn a_secret_with_markup_in_it_is_cut_out_before_the_answer_is_quoted() {
        let key = r#"k{e}y"<1> [x]"#;
        // The gateway quotes our request back, JSON-escaped.
        let body = serde_json::json!({"error": "bad key", "key": key}).to_string();
        let refused = refused_request("G", 400, &Answer::new(&body, &[key]));
        let leaked = |reason: &Phrase| {
            let json = serde_json::to_string(reason).expect("serializes");
            ["k e y", "1 x", "k{e}y"]
                .into_iter()
                .find(|part| json.contains(part) || reason.text.contains(part))
                .map(str::to_owned)
        };
        assert_eq!(leaked(refused.reason()), None, "{}", refused.reason());
        assert_eq!(
            refused.reason().text,
            "G refused the request (HTTP 400): error : bad key , key : <redacted>"
        );
        // What the old order did: quote, then look for the secret, which quoting had broken.
        let quoted_first = redact(
            refused_request("G", 400, &Answer::from(&body)),
            &Secret::new(key),
        );
        assert_eq!(
            leaked(quoted_first.reason()).as_deref(),
            None,
            "even quoted first, the markup-free form is found: {}",
            quoted_first.reason()
        );
    }

    #[test]
    fn a_long_answer_never_ends_in_part_of_a_secret() {
        let key = "0123456789abcdefghijklmnopqrstuvwxyz";
        let body = format!("{}{key}", "x ".repeat(95));
        let refused = not_documented("G", &Answer::new(&body, &[key]));
        assert!(
            !refused.reason().text.contains("0123"),
            "{}",
            refused.reason()
        );
    }

    #[test]
    fn retry_after_is_read_in_seconds_or_as_a_date_and_never_beyond_an_hour() {
        let now: jiff::Timestamp = "2024-01-10T10:00:00Z".parse().expect("a time");
        let read = |v: &str| retry_after_value(v, now);
        assert_eq!(read("120"), Some(Duration::from_secs(120)));
        assert_eq!(read(" 0 "), Some(Duration::ZERO));
        assert_eq!(read("3600"), Some(MAX_RETRY_AFTER));
        assert_eq!(read("3601"), Some(MAX_RETRY_AFTER), "capped");
        assert_eq!(read("18446744073709551615"), Some(MAX_RETRY_AFTER));
        assert_eq!(
            read("99999999999999999999999999999999"),
            Some(MAX_RETRY_AFTER),
            "beyond u64: the cap, not a panic"
        );
        for unreadable in ["-1", "-9223372036854775808", "1.5", "+5", "", "soon", "1e9"] {
            assert_eq!(read(unreadable), None, "{unreadable}");
        }
        assert_eq!(
            read("Wed, 10 Jan 2024 10:02:30 GMT"),
            Some(Duration::from_secs(150))
        );
        assert_eq!(
            read("Wed, 10 Jan 2024 09:00:00 GMT"),
            Some(Duration::ZERO),
            "a date gone by means now"
        );
        assert_eq!(
            read("Thu, 30 Dec 9999 21:00:00 GMT"),
            Some(MAX_RETRY_AFTER),
            "a date far ahead is capped"
        );
        assert_eq!(
            retry_after_value("Mon, 01 Jan 0001 00:00:00 GMT", jiff::Timestamp::MAX),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn the_shared_catalog_is_well_formed() {
        switchboard_core::phrase::check_catalog(phrases::ALL).expect("well formed");
    }
}
