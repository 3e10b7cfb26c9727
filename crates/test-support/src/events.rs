//! What gateways report, as tests write it: a customer's text, a delivery status.

use switchboard_core::ingest::{GatewayMessage, IngestEvent, StatusReport};
use switchboard_core::message::{Content, Direction};
use switchboard_core::phone::Phone;
use switchboard_core::status::{Status, StatusChange};
use switchboard_core::time::Timestamp;

/// A customer's text `id` from `from` (any phone form), at the gateway's time `at`.
pub fn incoming(id: &str, from: &str, text: &str, at: Timestamp) -> IngestEvent {
    IngestEvent::Message(customer_text(id, from, None, text, at))
}

/// [`incoming`] with the customer's WhatsApp profile name.
pub fn incoming_named(id: &str, from: &str, name: &str, text: &str, at: Timestamp) -> IngestEvent {
    IngestEvent::Message(customer_text(id, from, Some(name), text, at))
}

fn customer_text(
    id: &str,
    from: &str,
    name: Option<&str>,
    text: &str,
    at: Timestamp,
) -> GatewayMessage {
    GatewayMessage {
        gateway_message_id: id.to_owned(),
        direction: Direction::In,
        phone: Phone::parse(from).unwrap_or_else(|e| panic!("a test phone: {e}")),
        profile_name: name.map(str::to_owned),
        content: Content::Text {
            text: text.to_owned(),
        },
        at,
        status: None,
    }
}

/// The gateway reports `status` for its message `gateway_id`, with its own time `at`.
pub fn status(gateway_id: &str, status: Status, at: Timestamp) -> IngestEvent {
    IngestEvent::Status(StatusReport {
        gateway_message_id: gateway_id.to_owned(),
        our_id: None,
        change: StatusChange {
            status,
            at,
            code: None,
            reason: None,
        },
        retry: false,
        observed: false,
    })
}
