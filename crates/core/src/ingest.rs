//! What gateways tell us, in one shape, whether it came by webhook or by polling.
//!
//! Every event is applied through [`crate::store`]'s ingest, which is idempotent: applying the
//! same events again, or in another order, leaves the same state.

use crate::message::{Content, Direction};
use crate::phone::Phone;
use crate::status::StatusChange;
use crate::time::Timestamp;

#[derive(Debug, Clone, PartialEq)]
pub enum IngestEvent {
    Message(GatewayMessage),
    Status(StatusReport),
}

/// A message the gateway knows about: from the customer, or sent by us from somewhere else
/// (the phone, the gateway's web panel).
#[derive(Debug, Clone, PartialEq)]
pub struct GatewayMessage {
    pub gateway_message_id: String,
    pub direction: Direction,
    /// The customer's number (for outgoing messages: the recipient).
    pub phone: Phone,
    /// The customer's WhatsApp profile name, when the gateway tells it.
    pub profile_name: Option<String>,
    pub content: Content,
    /// The gateway's time for the message.
    pub at: Timestamp,
    /// For outgoing messages seen from the gateway: their current status.
    pub status: Option<StatusChange>,
}

/// A delivery status for a message we (or someone) sent through the gateway.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusReport {
    pub gateway_message_id: String,
    /// Our id, when the gateway echoes it back (Devino `options` from `callbackData`).
    pub our_id: Option<String>,
    pub change: StatusChange,
    /// The gateway failed the message for a passing reason (Devino 2301, "too many messages in
    /// a short time"): the outbox sends it again after a pause.
    pub retry: bool,
    /// The gateway gave no time for this status (a polled look-up): `change.at` is when we saw
    /// it, so a status the message already has is not recorded again on every poll.
    pub observed: bool,
}

/// WhatsApp began in 2009: a gateway's time before then belongs to no real message.
pub const EARLIEST_PLAUSIBLE: Timestamp = Timestamp::from_millis(1_230_768_000_000); // 2009-01-01

/// How far a gateway's clock may run ahead of ours before its time is not believed.
pub const AHEAD_AT_MOST_MS: i64 = 5 * 60 * 1000;

/// The gateway's time `at` for something we received at `now`, when it is believable: not
/// before WhatsApp existed and not more than a few minutes ahead of our clock.
///
/// A gateway's time orders the thread and the inbox, decides what is unread and which profile
/// name is the newest; one forged far-future time would pin a conversation to the top, keep
/// every later message read and lock the contact's name for good. Ingest puts the time it
/// received such a report in its place.
pub fn plausible_time(at: Timestamp, now: Timestamp) -> Option<Timestamp> {
    (at >= EARLIEST_PLAUSIBLE && at.millis_since(now) <= AHEAD_AT_MOST_MS).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_believable_gateway_times_are_kept() {
        let now = Timestamp::from_millis(1_767_225_600_000);
        assert_eq!(plausible_time(now, now), Some(now));
        let late = now.plus_millis(-3_600_000);
        assert_eq!(
            plausible_time(late, now),
            Some(late),
            "a late report is fine"
        );
        let ahead = now.plus_millis(AHEAD_AT_MOST_MS);
        assert_eq!(
            plausible_time(ahead, now),
            Some(ahead),
            "clocks differ a little"
        );
        for wild in [
            now.plus_millis(AHEAD_AT_MOST_MS + 1),
            Timestamp::from_millis(i64::MAX),
            Timestamp::from_millis(i64::MIN),
            Timestamp::from_millis(0),
            EARLIEST_PLAUSIBLE.plus_millis(-1),
        ] {
            assert_eq!(plausible_time(wild, now), None, "{wild:?}");
        }
    }
}
