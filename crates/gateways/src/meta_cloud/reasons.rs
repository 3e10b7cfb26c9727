//! Meta's error codes in words a manager can act on.
//!
//! One table serves both places Meta reports errors: the Graph answer to a send
//! (`error.code`, `error.error_data.details`) and a `failed` status in the messages webhook
//! (`errors[].code`, `title`, `error_data.details`). Meta asks clients to branch on `code` and
//! `details`, never on titles, so titles and details are only quoted, never matched.

use std::time::Duration;

use switchboard_core::phrase::{Phrase, PhraseDef};

use super::phrases as said;

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
pub fn describe(code: i64) -> Option<(PhraseDef, Kind)> {
    use Kind::{Credentials, Refused, Retry};
    Some(match code {
        0 => (said::ERROR_0, Credentials),
        190 => (said::ERROR_190, Credentials),
        3 => (said::ERROR_3, Credentials),
        10 | 200..=299 => (said::ERROR_10, Credentials),
        4 => (said::ERROR_4, Retry),
        613 => (said::ERROR_613, Retry),
        80007 => (said::ERROR_80007, Retry),
        130429 => (said::ERROR_130429, Retry),
        131056 => (said::ERROR_131056, Retry),
        1 => (said::ERROR_1, Retry),
        2 | 131016 => (said::ERROR_2, Retry),
        131000 => (said::ERROR_131000, Retry),
        133004 => (said::ERROR_133004, Retry),
        131057 => (said::ERROR_131057, Retry),
        100 => (said::ERROR_100, Refused),
        131008 => (said::ERROR_131008, Refused),
        131009 => (said::ERROR_131009, Refused),
        33 => (said::ERROR_33, Refused),
        368 => (said::ERROR_368, Refused),
        130472 => (said::ERROR_130472, Refused),
        130497 => (said::ERROR_130497, Refused),
        131021 => (said::ERROR_131021, Refused),
        131026 => (said::ERROR_131026, Refused),
        131030 => (said::ERROR_131030, Refused),
        131031 => (said::ERROR_131031, Refused),
        131042 => (said::ERROR_131042, Refused),
        131045 => (said::ERROR_131045, Refused),
        131047 => (said::ERROR_131047, Refused),
        131048 => (said::ERROR_131048, Refused),
        131049 => (said::ERROR_131049, Refused),
        131050 => (said::ERROR_131050, Refused),
        131051 => (said::ERROR_131051, Refused),
        131052 => (said::ERROR_131052, Refused),
        131053 => (said::ERROR_131053, Refused),
        132000 => (said::ERROR_132000, Refused),
        132001 => (said::ERROR_132001, Refused),
        132005 => (said::ERROR_132005, Refused),
        132007 => (said::ERROR_132007, Refused),
        132012 => (said::ERROR_132012, Refused),
        132015 => (said::ERROR_132015, Refused),
        132016 => (said::ERROR_132016, Refused),
        133010 => (said::ERROR_133010, Refused),
        135000 => (said::ERROR_135000, Refused),
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
pub fn sentence(code: Option<i64>, details: Option<&str>, title: Option<&str>) -> Phrase {
    let extra = details
        .or(title)
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| d.trim_end_matches('.').to_owned());
    let known = code.and_then(describe).map(|(def, _)| def);
    match (known, extra, code) {
        (Some(def), Some(extra), _) if !def.english.eq_ignore_ascii_case(&extra) => {
            said::ERROR_DETAILED
                .phrase()
                .nest("reason", def.phrase())
                .arg("details", extra)
        }
        (Some(def), _, _) => def.phrase(),
        (None, Some(extra), Some(code)) => {
            said::ERROR_OTHER.with("code", code).arg("details", extra)
        }
        (None, Some(extra), None) => said::ERROR_UNCODED.with("details", extra),
        (None, None, Some(code)) => said::ERROR_UNEXPLAINED_CODE.with("code", code),
        (None, None, None) => said::ERROR_UNEXPLAINED.phrase(),
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
        let detailed = sentence(Some(131051), Some("Unsupported message type"), None);
        assert_eq!(
            detailed.text,
            "WhatsApp does not support this message type (Unsupported message type)"
        );
        assert_eq!(detailed.key, "meta.error.detailed");
        assert_eq!(
            detailed.arg_text("details").as_deref(),
            Some("Unsupported message type"),
            "Meta's words are an argument inside ours"
        );
        assert_eq!(
            sentence(
                Some(131051),
                Some("whatsapp does not support this message type."),
                None
            )
            .key,
            "meta.error.131051",
            "details that only repeat the sentence are not added"
        );
        let unknown = sentence(Some(777), None, Some("Something new"));
        assert_eq!(unknown.text, "Meta error 777: Something new");
        assert_eq!(unknown.key, "meta.error.other");
        assert_eq!(
            sentence(Some(777), None, None).text,
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
