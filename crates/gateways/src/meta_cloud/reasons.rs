//! Meta's error codes in words a manager can act on.
//!
//! One table serves both places Meta reports errors: the Graph answer to a send
//! (`error.code`, `error.error_data.details`) and a `failed` status in the messages webhook
//! (`errors[].code`, `title`, `error_data.details`). Meta asks clients to branch on `code` and
//! `details`, never on titles, so titles and details are only quoted, never matched.

use std::time::Duration;

/// What a code means for the outbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A passing condition (rate limits, Meta's own trouble): sending again later may work.
    Retry,
    /// The access token is wrong, expired or lacks permission: fix the account first.
    Credentials,
    /// This message will not go out as it stands.
    Refused,
}

/// Pair rate limit: "1 message every 6 seconds to the same WhatsApp user" (Throughput docs).
pub const PAIR_RATE_PAUSE: Duration = Duration::from_secs(6);

/// The sentence and kind for a documented code, or `None` for a code we do not know.
pub fn describe(code: i64) -> Option<(&'static str, Kind)> {
    use Kind::{Credentials, Refused, Retry};
    Some(match code {
        0 => (
            "Meta could not authenticate the access token: paste a new access token into the \
             account's secret",
            Credentials,
        ),
        190 => (
            "Meta refused the access token: it is invalid or has expired; paste a new access \
             token into the account's secret",
            Credentials,
        ),
        3 => (
            "The access token's app lacks the capability to send WhatsApp messages",
            Credentials,
        ),
        10 | 200..=299 => (
            "The access token has no permission to send from this phone number: grant \
             whatsapp_business_messaging to the app, or use a token of the number's business",
            Credentials,
        ),
        4 => (
            "The app made too many API calls (Meta's rate limit); the message will be sent again \
             later",
            Retry,
        ),
        613 => (
            "Meta's call rate limit was reached; the message will be sent again later",
            Retry,
        ),
        80007 => (
            "The WhatsApp Business Account reached its rate limit; the message will be sent \
             again later",
            Retry,
        ),
        130429 => (
            "Meta's message throughput limit for this phone number was reached (rate limit); \
             the message will be sent again later",
            Retry,
        ),
        131056 => (
            "Too many messages went to this customer in a short time (pair rate limit); the \
             message will be sent again after a pause",
            Retry,
        ),
        1 => (
            "Meta reported an unknown error, possibly on its side; the message will be sent \
             again later",
            Retry,
        ),
        2 | 131016 => (
            "Meta's service is temporarily unavailable; the message will be sent again later",
            Retry,
        ),
        131000 => (
            "Something went wrong at Meta; the message will be sent again later",
            Retry,
        ),
        133004 => (
            "Meta's server is temporarily unavailable; the message will be sent again later",
            Retry,
        ),
        131057 => (
            "The WhatsApp Business Account is in maintenance mode; the message will be sent \
             again later",
            Retry,
        ),
        100 => ("Meta says a parameter of the message is invalid", Refused),
        131008 => ("Meta says a required parameter is missing", Refused),
        131009 => ("Meta says a parameter value is not valid", Refused),
        33 => (
            "Meta says this phone number ID does not exist or was deleted: check the sender \
             in the account settings",
            Refused,
        ),
        368 => (
            "The WhatsApp Business Account is temporarily blocked for violating Meta's \
             policies",
            Refused,
        ),
        130472 => (
            "Meta did not deliver the message because the customer's number is part of a Meta \
             experiment",
            Refused,
        ),
        130497 => (
            "The business account may not message customers in this country",
            Refused,
        ),
        131021 => ("The recipient is the business phone number itself", Refused),
        131026 => (
            "The message is undeliverable: the number may not use WhatsApp, may have an old \
             WhatsApp version, or has not accepted WhatsApp's latest terms",
            Refused,
        ),
        131030 => (
            "The recipient is not in the allowed list: a test phone number may only message \
             numbers added to its allowed list in the Meta app dashboard",
            Refused,
        ),
        131031 => ("The business account has been locked by Meta", Refused),
        131042 => (
            "Meta reported a payment problem with the business account: check its payment \
             method",
            Refused,
        ),
        131045 => (
            "The phone number's display name certificate is wrong or missing: register the \
             number again",
            Refused,
        ),
        131047 => (
            "More than 24 hours have passed since the customer last wrote: only a template \
             message can be sent now (re-engagement)",
            Refused,
        ),
        131048 => (
            "Meta restricts how many messages this number may send, after messages were \
             blocked or flagged as spam: check the number's quality in WhatsApp Manager",
            Refused,
        ),
        131049 => (
            "Meta chose not to deliver this message to keep engagement healthy (too many \
             marketing messages to this customer); try again in a day or more",
            Refused,
        ),
        131050 => (
            "The customer stopped marketing messages from this business",
            Refused,
        ),
        131051 => ("WhatsApp does not support this message type", Refused),
        131052 => (
            "WhatsApp could not download the customer's media file",
            Refused,
        ),
        131053 => (
            "WhatsApp could not fetch or upload the media file: check that the link is public \
             and the file type and size are allowed",
            Refused,
        ),
        132000 => (
            "The number of template parameters does not match the template (parameter count \
             mismatch)",
            Refused,
        ),
        132001 => (
            "The template does not exist in this language, or is not approved yet",
            Refused,
        ),
        132005 => (
            "The template text is too long once its parameters are filled in",
            Refused,
        ),
        132007 => (
            "The template's content violates WhatsApp's character policy",
            Refused,
        ),
        132012 => (
            "A template parameter has the wrong format for the template (for example text \
             where the header expects an image)",
            Refused,
        ),
        132015 => (
            "The template is paused because of low quality and cannot be sent now",
            Refused,
        ),
        132016 => (
            "The template is disabled because of low quality and can no longer be sent",
            Refused,
        ),
        133010 => (
            "The business phone number is not registered with the Cloud API: register it \
             first",
            Refused,
        ),
        135000 => ("Meta reported a generic error with the message", Refused),
        _ => return None,
    })
}

/// The codes a `failed` status may carry for a passing reason, which makes the outbox send the
/// message again after a pause. 131049 is left out on purpose: Meta asks not to retry it
/// soon, and the outbox's pauses (seconds to minutes) would only meet it again.
pub fn status_is_retryable(code: i64) -> bool {
    matches!(describe(code), Some((_, Kind::Retry)))
}

/// A whole sentence for `code`, with Meta's `details` (or title) added when it tells more.
pub fn sentence(code: Option<i64>, details: Option<&str>, title: Option<&str>) -> String {
    let extra = details
        .or(title)
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| d.trim_end_matches('.').to_owned());
    let known = code.and_then(describe).map(|(s, _)| s);
    match (known, extra, code) {
        (Some(s), Some(extra), _) if !s.eq_ignore_ascii_case(&extra) => format!("{s} ({extra})"),
        (Some(s), _, _) => s.to_owned(),
        (None, Some(extra), Some(code)) => format!("Meta error {code}: {extra}"),
        (None, Some(extra), None) => format!("Meta reported an error: {extra}"),
        (None, None, Some(code)) => format!("Meta reported error {code} without explaining it"),
        (None, None, None) => "Meta reported an error without explaining it".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_briefed_codes_have_the_right_kind() {
        for code in [130429, 131056, 80007, 4, 613, 131000, 1, 2, 131016] {
            assert_eq!(describe(code).map(|d| d.1), Some(Kind::Retry), "{code}");
        }
        for code in [190, 0, 10, 200, 299] {
            assert_eq!(
                describe(code).map(|d| d.1),
                Some(Kind::Credentials),
                "{code}"
            );
        }
        for code in [
            100, 131047, 131026, 131051, 131052, 131053, 132000, 132001, 132005, 132007, 132012,
            132015, 132016, 133010, 131030,
        ] {
            assert_eq!(describe(code).map(|d| d.1), Some(Kind::Refused), "{code}");
        }
        assert_eq!(describe(999_999), None);
    }

    #[test]
    fn details_are_added_once() {
        assert_eq!(
            sentence(Some(131051), Some("Unsupported message type"), None),
            "WhatsApp does not support this message type (Unsupported message type)"
        );
        assert_eq!(
            sentence(Some(777), None, Some("Something new")),
            "Meta error 777: Something new"
        );
        assert_eq!(
            sentence(Some(777), None, None),
            "Meta reported error 777 without explaining it"
        );
    }

    #[test]
    fn only_passing_failures_are_retried() {
        assert!(status_is_retryable(130429));
        assert!(status_is_retryable(131056));
        assert!(
            !status_is_retryable(131049),
            "Meta asks not to retry it soon"
        );
        assert!(!status_is_retryable(131026));
        assert!(!status_is_retryable(12345));
    }
}
