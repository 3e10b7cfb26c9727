//! The retry policy: what the outbox does after an attempt, and how long things wait.
//!
//! The store only carries out what is decided here (`crate::store`'s outbox module).

use crate::gateway::{RetryScope, SendError, SendReceipt};
use crate::phrase::{Phrase, core as said};
use crate::status::Status;
use crate::time::Timestamp;

/// Attempts before a message that keeps failing for passing reasons is given up on.
pub const MAX_ATTEMPTS: u32 = 8;

/// How long a claim on a message holds: longer than any gateway call may take.
pub const LEASE_MS: i64 = 90_000;

/// The longest the outbox waits because a gateway asked it to (`Retry-After`, Meta's minutes
/// until access returns): a gateway that says "a year" (or overflows) stalls an account's
/// outbox for an hour at most, after which one attempt asks again.
pub const MAX_RETRY_WAIT_MS: i64 = 3_600_000;

/// The pause before attempt `attempts + 1`: 1 s doubling to 5 min, or longer when the gateway
/// asked for it, up to [`MAX_RETRY_WAIT_MS`].
pub fn backoff_ms(attempts: u32, retry_after_ms: Option<i64>) -> i64 {
    let exp = 1000i64.saturating_mul(1i64 << attempts.saturating_sub(1).min(20));
    let asked = retry_after_ms.unwrap_or(0).clamp(0, MAX_RETRY_WAIT_MS);
    exp.min(300_000).max(asked)
}

/// What becomes of a message after attempt number `attempt` (counting this one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Sent {
        gateway_message_id: String,
    },
    /// Try again at `at`. When `pause_account` is set the trouble is the gateway's or the
    /// account's, so every message of the account waits until then, not only this one.
    Retry {
        at: Timestamp,
        reason: Phrase,
        pause_account: bool,
    },
    Failed {
        status: Status,
        code: Option<String>,
        reason: Phrase,
    },
    /// The gateway may or may not have it and would not know a second copy for the same:
    /// the user decides (retry or discard); a status echoing our id may still settle it.
    Unconfirmed {
        reason: Phrase,
    },
}

/// `idempotent`: the gateway de-duplicates by our id, so a send whose answer was lost can be
/// repeated safely.
pub fn judge(
    result: Result<SendReceipt, SendError>,
    attempt: u32,
    now: Timestamp,
    idempotent: bool,
) -> Verdict {
    let result = match result {
        Err(SendError::AnswerLost { reason }) if !idempotent => {
            return Verdict::Unconfirmed { reason };
        }
        // Asking again is safe; a lost answer says the gateway or the way to it is in trouble.
        Err(SendError::AnswerLost { reason }) => Err(SendError::Retryable {
            reason,
            retry_after: None,
            scope: RetryScope::Account,
        }),
        other => other,
    };
    match result {
        Ok(receipt) => Verdict::Sent {
            gateway_message_id: receipt.gateway_message_id,
        },
        Err(SendError::Rejected { code, reason }) => Verdict::Failed {
            status: Status::Rejected,
            code,
            reason,
        },
        Err(SendError::Retryable { reason, .. }) if attempt >= MAX_ATTEMPTS => Verdict::Failed {
            status: Status::Failed,
            code: None,
            reason: said::SEND_GAVE_UP
                .with("attempts", attempt)
                .nest("reason", reason),
        },
        Err(SendError::Retryable {
            reason,
            retry_after,
            scope,
        }) => Verdict::Retry {
            at: now.plus_millis(backoff_ms(
                attempt,
                retry_after.map(|d| d.as_millis().min(i64::MAX as u128) as i64),
            )),
            reason,
            pause_account: scope == RetryScope::Account,
        },
        Err(SendError::AnswerLost { reason }) => Verdict::Unconfirmed { reason },
    }
}

/// A gateway failed a message it had accepted, for a passing reason (Devino 2301): when to send
/// it again, or `None` when its attempts ran out and the failure stands.
pub fn resend_at(attempts: u32, now: Timestamp) -> Option<Timestamp> {
    (attempts < MAX_ATTEMPTS).then(|| now.plus_millis(backoff_ms(attempts, None)))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn retryable(scope: RetryScope, retry_after: Option<Duration>) -> SendError {
        SendError::Retryable {
            reason: said::GATEWAY_ASKED_RETRY.phrase(),
            retry_after,
            scope,
        }
    }

    #[test]
    fn backoff_doubles_caps_and_honours_the_gateway() {
        assert_eq!(backoff_ms(1, None), 1000);
        assert_eq!(backoff_ms(2, None), 2000);
        assert_eq!(backoff_ms(4, None), 8000);
        assert_eq!(backoff_ms(30, None), 300_000);
        assert_eq!(backoff_ms(1, Some(5000)), 5000);
    }

    #[test]
    fn a_gateway_asking_for_ages_is_waited_an_hour_at_most() {
        let now = Timestamp::from_millis(1_000_000);
        assert_eq!(backoff_ms(1, Some(i64::MAX)), MAX_RETRY_WAIT_MS);
        assert_eq!(backoff_ms(1, Some(-5)), 1000, "a negative wait is none");
        for asked in [
            Duration::from_secs(365 * 24 * 3600),
            Duration::MAX,
            Duration::from_secs(u64::MAX),
        ] {
            let v = judge(
                Err(retryable(RetryScope::Account, Some(asked))),
                1,
                now,
                false,
            );
            assert!(
                matches!(v, Verdict::Retry { at, .. } if at == now.plus_millis(MAX_RETRY_WAIT_MS)),
                "{asked:?}: {v:?}"
            );
        }
    }

    #[test]
    fn the_scope_decides_who_waits() {
        let now = Timestamp::from_millis(1_000_000);
        let v = judge(
            Err(retryable(
                RetryScope::Account,
                Some(Duration::from_secs(30)),
            )),
            1,
            now,
            false,
        );
        assert!(
            matches!(v, Verdict::Retry { at, pause_account: true, .. } if at == now.plus_millis(30_000)),
            "a 429 with Retry-After pauses the account for as long as asked: {v:?}"
        );
        let v = judge(Err(retryable(RetryScope::Message, None)), 3, now, false);
        assert!(
            matches!(v, Verdict::Retry { at, pause_account: false, .. } if at == now.plus_millis(4000)),
            "{v:?}"
        );
        assert_eq!(
            RetryScope::default(),
            RetryScope::Account,
            "an adapter that does not say holds the whole account, as before"
        );
    }

    #[test]
    fn a_lost_answer_is_resent_only_where_the_gateway_knows_a_copy() {
        let now = Timestamp::from_millis(0);
        let lost = || SendError::AnswerLost {
            reason: said::GATEWAY_ASKED_RETRY.phrase(),
        };
        assert!(
            matches!(
                judge(Err(lost()), 1, now, false),
                Verdict::Unconfirmed { .. }
            ),
            "a gateway without an idempotency key may have it: the user decides"
        );
        assert!(
            matches!(
                judge(Err(lost()), 1, now, true),
                Verdict::Retry {
                    pause_account: true,
                    ..
                }
            ),
            "a gateway that de-duplicates by our id is asked again"
        );
    }

    #[test]
    fn retries_run_out() {
        let now = Timestamp::from_millis(0);
        let v = judge(
            Err(retryable(RetryScope::Message, None)),
            MAX_ATTEMPTS,
            now,
            false,
        );
        assert!(
            matches!(&v, Verdict::Failed { status: Status::Failed, reason, .. } if reason.key == said::SEND_GAVE_UP.key),
            "{v:?}"
        );
        assert_eq!(resend_at(MAX_ATTEMPTS, now), None);
        assert_eq!(resend_at(2, now), Some(now.plus_millis(2000)));
    }
}
