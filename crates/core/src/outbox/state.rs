//! Where an outgoing message stands in the outbox, and the only ways it moves.
//!
//! The store persists a [`SendState`] through [`SendState::as_str`] and [`SendState::parse`]
//! (and nowhere else spells a state), and changes one only to what [`SendState::after`] allows:
//! every writer reads the state inside its write transaction, asks this table, and writes the
//! answer. A transition that is not in the table does not happen, whoever asks.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::message::MessageError;
use crate::phrase::{Phrase, core as said};

/// Where an outgoing message stands in our outbox (absent for incoming messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SendState {
    /// Waiting its turn (or its next retry at `next_attempt_at`).
    Queued,
    /// A request to the gateway is under way.
    Sending,
    /// The app stopped while sending: the gateway may or may not have it. Not resent blindly;
    /// the user retries or discards it.
    Unconfirmed,
    /// The gateway accepted it.
    Done,
    /// The gateway refused it, or retries ran out.
    Failed,
    /// The user took it out of the outbox (it was unconfirmed, failed or still waiting): it
    /// stays in the history and is never sent.
    Discarded,
}

/// Something that happens to a message in the outbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    /// A worker takes a due message to send it.
    Claim,
    /// The gateway accepted our request.
    Accepted,
    /// The attempt failed for a passing reason: the message waits for its next attempt.
    RetryLater,
    /// The gateway refused it, or the attempts ran out.
    Refused,
    /// The process sending it is gone (or its lease ran out) before the gateway answered.
    /// A gateway that de-duplicates by our id can safely be asked again.
    Abandoned { idempotent_gateway: bool },
    /// The gateway reported a status carrying our id: it has the message. `attempted` says
    /// whether any attempt was ever made (a message never sent cannot be proven sent).
    ProvenSent { attempted: bool },
    /// The gateway failed an accepted message for a passing reason (Devino 2301) and wants it
    /// again.
    GatewayRetry,
    /// The user queues a failed or unconfirmed message again.
    Retry,
    /// The user takes a message out of the outbox, keeping it in the history.
    Discard,
    /// The user asks a waiting message to be sent without waiting for its next attempt.
    SendNow,
}

impl SendState {
    pub const ALL: [SendState; 6] = [
        Self::Queued,
        Self::Sending,
        Self::Unconfirmed,
        Self::Done,
        Self::Failed,
        Self::Discarded,
    ];

    /// The state's word in the database (and on the wire).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Unconfirmed => "unconfirmed",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Discarded => "discarded",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == word)
    }

    /// The state after `transition`, or `None` when it cannot happen in this state.
    pub fn after(self, transition: Transition) -> Option<SendState> {
        use SendState::*;
        use Transition as T;
        match (self, transition) {
            (Queued, T::Claim) => Some(Sending),
            // Our own request's answer is the best evidence there is, whatever happened to the
            // row meanwhile (another process may have settled the claim as unconfirmed).
            (Done, T::Accepted) => None,
            (_, T::Accepted) => Some(Done),
            (Sending, T::RetryLater) => Some(Queued),
            (Sending, T::Refused) => Some(Failed),
            (Sending, T::Abandoned { idempotent_gateway }) => Some(if idempotent_gateway {
                Queued
            } else {
                Unconfirmed
            }),
            (Sending | Unconfirmed, T::ProvenSent { .. }) => Some(Done),
            // An earlier attempt that timed out went through after all.
            (Queued | Discarded, T::ProvenSent { attempted: true }) => Some(Done),
            (Done, T::GatewayRetry) => Some(Queued),
            (Failed | Unconfirmed, T::Retry) => Some(Queued),
            (Queued | Unconfirmed | Failed, T::Discard) => Some(Discarded),
            (Queued, T::SendNow) => Some(Queued),
            _ => None,
        }
    }

    /// Whether the message keeps its place in its customer's queue: later messages to the same
    /// customer wait until it is settled.
    pub fn holds_its_place(self) -> bool {
        matches!(self, Self::Queued | Self::Sending)
    }

    /// What a message in this state says beside its status, when no failure of the gateway's
    /// does: that its send was cut short, or why its last attempt failed and it waits.
    pub fn warning(self, last_error: Option<Phrase>) -> Option<MessageError> {
        match self {
            Self::Unconfirmed => Some(MessageError::new(
                Some("unconfirmed".into()),
                match last_error {
                    // The answer to our request was lost (a timeout, a broken connection).
                    Some(reason) => said::SEND_ANSWER_LOST.phrase().nest("reason", reason),
                    // The app stopped while sending.
                    None => said::SEND_UNCONFIRMED.phrase(),
                },
            )),
            Self::Queued => {
                last_error.map(|reason| MessageError::new(Some("retrying".into()), reason))
            }
            _ => None,
        }
    }
}

impl std::fmt::Display for SendState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::SendState::*;
    use super::Transition as T;
    use super::*;

    #[test]
    fn words_match_the_wire_and_read_back() {
        for state in SendState::ALL {
            assert_eq!(SendState::parse(state.as_str()), Some(state));
            assert_eq!(
                serde_json::to_value(state).unwrap(),
                serde_json::Value::String(state.as_str().into()),
                "the database and the API spell {state:?} alike"
            );
        }
        assert_eq!(SendState::parse("lost"), None);
    }

    #[test]
    fn only_a_queued_message_is_claimed() {
        for state in SendState::ALL {
            assert_eq!(
                state.after(T::Claim).is_some(),
                state == Queued,
                "{state:?}: a claim takes only a waiting message, never a discarded one"
            );
        }
    }

    #[test]
    fn the_user_discards_what_is_not_under_way() {
        assert_eq!(Unconfirmed.after(T::Discard), Some(Discarded));
        assert_eq!(Failed.after(T::Discard), Some(Discarded));
        assert_eq!(Queued.after(T::Discard), Some(Discarded));
        assert_eq!(
            Sending.after(T::Discard),
            None,
            "a send under way cannot be undone"
        );
        assert_eq!(Done.after(T::Discard), None);
        assert_eq!(Discarded.after(T::Discard), None);
        assert_eq!(
            Discarded.after(T::Retry),
            None,
            "discarded is final for the user"
        );
        assert_eq!(Queued.after(T::SendNow), Some(Queued));
        assert_eq!(
            Failed.after(T::SendNow),
            None,
            "a failed message is retried, not sent now"
        );
    }

    #[test]
    fn a_cut_short_send_is_never_resent_blindly() {
        let not_idempotent = T::Abandoned {
            idempotent_gateway: false,
        };
        assert_eq!(Sending.after(not_idempotent), Some(Unconfirmed));
        assert_eq!(
            Sending.after(T::Abandoned {
                idempotent_gateway: true
            }),
            Some(Queued)
        );
        assert_eq!(Unconfirmed.after(T::Claim), None);
        assert_eq!(
            Unconfirmed.after(T::ProvenSent { attempted: true }),
            Some(Done)
        );
        assert_eq!(Queued.after(T::ProvenSent { attempted: false }), None);
        assert_eq!(
            Discarded.after(T::ProvenSent { attempted: true }),
            Some(Done)
        );
        assert_eq!(Failed.after(T::ProvenSent { attempted: true }), None);
    }

    #[test]
    fn outcomes_apply_only_to_a_send_under_way() {
        for state in SendState::ALL {
            let under_way = state == Sending;
            assert_eq!(state.after(T::RetryLater).is_some(), under_way, "{state:?}");
            assert_eq!(state.after(T::Refused).is_some(), under_way, "{state:?}");
        }
        assert_eq!(Done.after(T::Accepted), None, "the first acceptance stands");
        assert_eq!(Done.after(T::GatewayRetry), Some(Queued));
    }
}
