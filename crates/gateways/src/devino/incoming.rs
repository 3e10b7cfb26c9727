//! Incoming messages: Devino posts one JSON object per customer message to the URL agreed with
//! its support. An array of such objects is accepted too, in case Devino batches them like
//! statuses.

use serde_json::{Map, Value};
use switchboard_core::gateway::WebhookError;
use switchboard_core::ingest::{GatewayMessage, IngestEvent};
use switchboard_core::message::{Content, Direction};
use switchboard_core::phone::Phone;
use switchboard_core::time::Timestamp;

use super::status::long;

pub fn parse(body: &[u8]) -> Result<Vec<IngestEvent>, WebhookError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| WebhookError::Malformed(format!("the incoming message is not JSON ({e})")))?;
    match value {
        Value::Object(fields) => Ok(vec![message(&fields).map_err(WebhookError::Malformed)?]),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                match item {
                    Value::Object(fields) => message(fields),
                    _ => Err("is not a JSON object".to_owned()),
                }
                .map_err(|what| WebhookError::Malformed(format!("incoming message [{i}]: {what}")))
            })
            .collect(),
        _ => Err(WebhookError::Malformed(
            "the incoming message must be a JSON object".to_owned(),
        )),
    }
}

fn message(fields: &Map<String, Value>) -> Result<IngestEvent, String> {
    let gateway_message_id = long(fields, "incomingMessageId")?;
    let at = long(fields, "ts")?
        .parse::<i64>()
        .map_err(|_| "has a 'ts' that is not a time in milliseconds".to_owned())?;
    let from = string(fields, "from").ok_or_else(|| "has no 'from'".to_owned())?;
    let phone = Phone::parse(from).map_err(|e| format!("has a 'from' we cannot use: {e}"))?;
    Ok(IngestEvent::Message(GatewayMessage {
        gateway_message_id,
        direction: Direction::In,
        phone,
        profile_name: string(fields, "profileName").map(str::to_owned),
        content: content(fields),
        at: Timestamp::from_millis(at),
        status: None,
    }))
}

fn content(fields: &Map<String, Value>) -> Content {
    let text = string(fields, "text");
    if let Some(url) = string(fields, "contentUrl") {
        return Content::Media {
            url: url.to_owned(),
            mime: string(fields, "contentType").map(str::to_owned),
            name: string(fields, "contentName").map(str::to_owned),
            caption: text.map(str::to_owned),
        };
    }
    // Locations and contacts have no place of their own in our model: they become readable
    // text so the manager sees what the customer shared.
    let mut parts: Vec<String> = text.map(str::to_owned).into_iter().collect();
    if let Some(Value::Object(location)) = fields.get("whatsAppGeoLocation") {
        parts.push(location_text(location));
    }
    match fields.get("whatsAppContacts") {
        Some(Value::Array(contacts)) => parts.extend(contacts.iter().map(contact_text)),
        Some(contact @ Value::Object(_)) => parts.push(contact_text(contact)),
        _ => {}
    }
    let text = if parts.is_empty() {
        "(an empty message)".to_owned()
    } else {
        parts.join("\n")
    };
    Content::Text { text }
}

/// "📍 Office, Tverskaya 1 (55.75, 37.61)"
fn location_text(location: &Map<String, Value>) -> String {
    let place: Vec<&str> = ["addressName", "address"]
        .iter()
        .filter_map(|k| string(location, k))
        .collect();
    let mut text = format!("📍 {}", place.join(", "));
    let lat = location.get("latitude").and_then(Value::as_f64);
    let lon = location.get("longitude").and_then(Value::as_f64);
    if let (Some(lat), Some(lon)) = (lat, lon) {
        if !place.is_empty() {
            text.push(' ');
        }
        text.push_str(&format!("({lat}, {lon})"));
    }
    if let Some(url) = string(location, "addressurl") {
        text.push_str(&format!(" {url}"));
    }
    text.trim_end().to_owned()
}

/// "👤 Ivan Petrov +79031234567, +79037654321"
fn contact_text(contact: &Value) -> String {
    let name = first_object(contact.get("contactName")).and_then(|n| {
        string(n, "formattedName").map(str::to_owned).or_else(|| {
            let parts: Vec<&str> = ["firstName", "lastName"]
                .iter()
                .filter_map(|k| string(n, k))
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        })
    });
    let phones: Vec<&str> = match contact.get("phones") {
        Some(Value::Array(phones)) => phones
            .iter()
            .filter_map(|p| p.as_object().and_then(|p| string(p, "phone")))
            .collect(),
        _ => Vec::new(),
    };
    let mut text = format!("👤 {}", name.as_deref().unwrap_or("Contact"));
    if !phones.is_empty() {
        text.push(' ');
        text.push_str(&phones.join(", "));
    }
    text
}

/// `contactName` is documented as an array of names; a single object is accepted too.
fn first_object(value: Option<&Value>) -> Option<&Map<String, Value>> {
    match value? {
        Value::Array(items) => items.iter().find_map(Value::as_object),
        Value::Object(fields) => Some(fields),
        _ => None,
    }
}

/// A non-empty string field.
fn string<'a>(fields: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    fields
        .get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}
