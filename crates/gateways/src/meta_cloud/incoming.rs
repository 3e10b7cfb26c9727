//! `messages[]` of a messages notification: what customers write, in every type the Cloud API
//! delivers. Media come as an id to fetch later (`GET /{media-id}` with the access token), so
//! they are stored as `meta-media:<id>`; types we cannot show become readable text, never
//! dropped.

use serde_json::{Map, Value};
use switchboard_core::ingest::{GatewayMessage, IngestEvent};
use switchboard_core::message::{Content, Direction};
use switchboard_core::phone::Phone;
use switchboard_core::time::Timestamp;

/// How a Cloud API media id is written where a URL is expected.
pub const MEDIA_SCHEME: &str = "meta-media:";

pub fn message(item: &Value, contacts: &[Value]) -> Result<IngestEvent, String> {
    let Value::Object(fields) = item else {
        return Err("is not a JSON object".to_owned());
    };
    let id = string(fields, "id").ok_or_else(|| "has no 'id'".to_owned())?;
    let from = string(fields, "from").ok_or_else(|| "has no 'from'".to_owned())?;
    let phone = Phone::parse(from).map_err(|e| format!("has a 'from' we cannot use: {e}"))?;
    let at = timestamp(fields)?;
    Ok(IngestEvent::Message(GatewayMessage {
        gateway_message_id: id.to_owned(),
        direction: Direction::In,
        phone,
        profile_name: profile_name(contacts, from),
        content: content(fields),
        at,
        status: None,
    }))
}

/// The sender's profile name: the contact whose `wa_id` is the sender, or the only contact.
fn profile_name(contacts: &[Value], from: &str) -> Option<String> {
    let name = |c: &Value| {
        c.get("profile")
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
    };
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    contacts
        .iter()
        .find(|c| c.get("wa_id").and_then(Value::as_str).map(digits) == Some(digits(from)))
        .and_then(name)
        .or_else(|| match contacts {
            [only] => name(only),
            _ => None,
        })
}

fn content(fields: &Map<String, Value>) -> Content {
    let kind = string(fields, "type").unwrap_or("unknown");
    let part = fields.get(kind).and_then(Value::as_object);
    let text = |t: String| Content::Text { text: t };
    match (kind, part) {
        ("text", Some(p)) => text(string(p, "body").unwrap_or("(an empty message)").to_owned()),
        ("image" | "video" | "audio" | "document" | "sticker", Some(p)) => match string(p, "id") {
            Some(media_id) => Content::Media {
                url: format!("{MEDIA_SCHEME}{media_id}"),
                mime: string(p, "mime_type").map(str::to_owned),
                name: string(p, "filename").map(str::to_owned),
                caption: string(p, "caption").map(str::to_owned),
            },
            None => text(format!("(a {kind} that WhatsApp sent without a file)")),
        },
        ("location", Some(p)) => text(location_text(p)),
        ("contacts", _) => text(contacts_text(fields.get("contacts"))),
        // A tapped quick-reply button of a template.
        ("button", Some(p)) => text(
            string(p, "text")
                .or(string(p, "payload"))
                .unwrap_or("(a button)")
                .to_owned(),
        ),
        ("interactive", Some(p)) => text(interactive_text(p)),
        ("reaction", Some(p)) => text(match string(p, "emoji") {
            Some(emoji) => format!("Reacted {emoji} to a message"),
            None => "Removed a reaction".to_owned(),
        }),
        ("system", Some(p)) => text(
            string(p, "body")
                .unwrap_or("(a WhatsApp system message)")
                .to_owned(),
        ),
        ("unsupported", _) => {
            let why = fields
                .get("errors")
                .and_then(Value::as_array)
                .and_then(|e| e.first())
                .and_then(Value::as_object)
                .and_then(|e| {
                    e.get("error_data")
                        .and_then(Value::as_object)
                        .and_then(|d| string(d, "details"))
                        .or_else(|| string(e, "title"))
                });
            text(match why {
                Some(why) => format!("(a message WhatsApp cannot pass on: {why})"),
                None => "(a message type WhatsApp cannot pass on)".to_owned(),
            })
        }
        (other, _) => text(format!(
            "(a '{other}' message, which Switchboard cannot show yet)"
        )),
    }
}

/// "📍 Office, Tverskaya 1 (55.75, 37.61) https://..."
fn location_text(location: &Map<String, Value>) -> String {
    let place: Vec<&str> = ["name", "address"]
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
    if let Some(url) = string(location, "url") {
        text.push_str(&format!(" {url}"));
    }
    text.trim_end().to_owned()
}

/// "👤 Ivan Petrov +79031234567" per shared contact, one per line.
fn contacts_text(contacts: Option<&Value>) -> String {
    let cards: Vec<String> = contacts
        .and_then(Value::as_array)
        .map(|cards| {
            cards
                .iter()
                .filter_map(Value::as_object)
                .map(|card| {
                    let name = card
                        .get("name")
                        .and_then(Value::as_object)
                        .and_then(|n| string(n, "formatted_name"))
                        .unwrap_or("Contact");
                    let phones: Vec<&str> = card
                        .get("phones")
                        .and_then(Value::as_array)
                        .map(|p| {
                            p.iter()
                                .filter_map(|p| p.as_object().and_then(|p| string(p, "phone")))
                                .collect()
                        })
                        .unwrap_or_default();
                    let mut text = format!("👤 {name}");
                    if !phones.is_empty() {
                        text.push(' ');
                        text.push_str(&phones.join(", "));
                    }
                    text
                })
                .collect()
        })
        .unwrap_or_default();
    if cards.is_empty() {
        "👤 (a shared contact)".to_owned()
    } else {
        cards.join("\n")
    }
}

/// A reply to our buttons or list: what the customer chose, as they saw it.
fn interactive_text(interactive: &Map<String, Value>) -> String {
    let kind = string(interactive, "type").unwrap_or_default();
    let reply = interactive.get(kind).and_then(Value::as_object);
    match reply {
        Some(reply) => {
            let title = string(reply, "title")
                .or(string(reply, "id"))
                .unwrap_or("(a choice)");
            match string(reply, "description") {
                Some(d) => format!("{title} — {d}"),
                None => title.to_owned(),
            }
        }
        None => format!("(an interactive '{kind}' reply)"),
    }
}

/// `timestamp`: Unix seconds, written as a string (a number is accepted too).
pub fn timestamp(fields: &Map<String, Value>) -> Result<Timestamp, String> {
    let seconds = match fields.get("timestamp") {
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        Some(Value::Number(n)) => n.as_i64(),
        _ => return Err("has no 'timestamp'".to_owned()),
    }
    .ok_or_else(|| "has a 'timestamp' that is not Unix seconds".to_owned())?;
    seconds
        .checked_mul(1000)
        .map(Timestamp::from_millis)
        .ok_or_else(|| "has a 'timestamp' out of range".to_owned())
}

/// A non-empty string field.
pub fn string<'a>(fields: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    fields
        .get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}
