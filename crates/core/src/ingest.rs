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
