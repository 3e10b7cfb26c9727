//! `incoming`: a message the phone caught from a WhatsApp notification.
//!
//! `{"phone": "+7 903 123-45-67", "name": "notification title", "text": "...", "at": optional,
//! "id": optional}`. `title` is taken for `name`, and when `phone` is missing a title that is a
//! number is the phone: WhatsApp titles a notification with the contact's name when the phone
//! knows the contact and with the number otherwise.

use switchboard_core::gateway::WebhookError;
use switchboard_core::ingest::{GatewayMessage, IngestEvent};
use switchboard_core::message::{Content, Direction};
use switchboard_core::phone::Phone;
use switchboard_core::time::Timestamp;

use super::fields;

const MINUTE_MS: i64 = 60_000;

/// A message without its own time is stamped `now`.
pub fn parse(body: &[u8], now: Timestamp) -> Result<IngestEvent, WebhookError> {
    let fields = fields::object(body, "incoming message")?;
    let title = fields::string(&fields, "name").or_else(|| fields::string(&fields, "title"));
    let raw_phone = fields::string(&fields, "phone")
        .or_else(|| title.filter(|t| Phone::parse(t).is_ok()))
        .ok_or_else(|| {
            WebhookError::Malformed(
                "the incoming message has no 'phone'. A notification from a saved contact \
                 shows the name, not the number: send the number from the contact or remove \
                 the contact from the phone's address book"
                    .to_owned(),
            )
        })?;
    let phone = Phone::parse(raw_phone).map_err(|e| {
        WebhookError::Malformed(format!("the incoming message's 'phone' is unusable: {e}"))
    })?;
    // Only the text of the message counts; a notification always has some.
    let text = match fields.get("text").and_then(serde_json::Value::as_str) {
        Some(text) if !text.trim().is_empty() => text.to_owned(),
        _ => {
            return Err(WebhookError::Malformed(
                "the incoming message has no 'text'".to_owned(),
            ));
        }
    };
    let given_at = fields::at(&fields)?;
    let at = given_at.unwrap_or(now);
    let gateway_message_id = fields::word(&fields, "id")
        .map(|id| format!("in-{id}"))
        .unwrap_or_else(|| derived_id(&phone, &text, at));
    Ok(IngestEvent::Message(GatewayMessage {
        gateway_message_id,
        direction: Direction::In,
        profile_name: title.filter(|t| !is_number(t, &phone)).map(str::to_owned),
        phone,
        content: Content::Text { text },
        at,
        status: None,
    }))
}

/// A notification title that is the number itself (`+7 903 123-45-67`) is not a name.
fn is_number(title: &str, phone: &Phone) -> bool {
    Phone::parse(title).is_ok_and(|p| p == *phone) || title.chars().all(|c| !c.is_alphabetic())
}

/// An id for an incoming message the app gave none: the same sender, text and minute give the
/// same id, so a post the app repeats (no answer in time, a notification shown twice) is stored
/// once. The price: the same short text ("ok") sent twice within one minute is stored once.
/// FNV-1a over 128 bits: stable across builds and platforms, unlike `std`'s hasher.
pub fn derived_id(phone: &Phone, text: &str, at: Timestamp) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let minute = at.as_millis().div_euclid(MINUTE_MS);
    let mut hash = OFFSET;
    for part in [
        phone.digits().as_bytes(),
        text.as_bytes(),
        minute.to_string().as_bytes(),
    ] {
        for &byte in part.iter().chain(&[0u8]) {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("phone-{hash:032x}")
}
