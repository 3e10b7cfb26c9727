//! Messages as `msg_get_last` and `msg_get` list them, turned into ingest events.
//!
//! A row looks like `{"msg_id":"1234567","from_me":"1","phone":"79...","chat_name":"Олег",
//! "tip_msg":"textMessage","msg_text":"...","msg_link":"URL","date_ins":"2021-01-24 19:52:00",
//! "date_upd":"...","state":"delivered"}`. Times carry no zone: they are the account's wall
//! clock, read in the zone the account's `timezone` option names.

use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};
use serde_json::{Map, Value};
use switchboard_core::ingest::GatewayMessage;
use switchboard_core::message::{Content, Direction};
use switchboard_core::phone::Phone;
use switchboard_core::phrase::Phrase;
use switchboard_core::status::{Status, StatusChange};
use switchboard_core::time::Timestamp;

use super::phrases as said;

/// The zone WAMM.chat's clock runs in unless the account says otherwise: a Russian service.
pub const DEFAULT_TIMEZONE: &str = "Europe/Moscow";

/// `:smNN:` codes WAMM replaces by emoji when it sends; messages read back may still carry
/// them. The documentation's table leaves `:sm22:` without a picture, so it stays as written.
const SMILEYS: [&str; 21] = [
    "🤗", "💐", "😂", "🤩", "😭", "😤", "🤝", "😃", "😉", "😍", "😘", "😷", "😕", "🙏", "👉", "👍",
    "💐", "🔥", "🕒", "🎁", "📺",
];

/// One row of a message list, as far as it could be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Digits only; compared as a number where order matters.
    pub msg_id: String,
    pub from_me: bool,
    pub phone: Phone,
    pub chat_name: Option<String>,
    pub content: Content,
    pub at: Timestamp,
    /// When the row last changed (its status), `at` when not given.
    pub updated: Timestamp,
    pub state: Option<String>,
}

impl Row {
    /// The message id as a number, for "newer than"; ids that are not numbers sort first.
    pub fn id_number(&self) -> u64 {
        self.msg_id.parse().unwrap_or(0)
    }

    pub fn event(&self) -> GatewayMessage {
        GatewayMessage {
            gateway_message_id: self.msg_id.clone(),
            direction: if self.from_me {
                Direction::Out
            } else {
                Direction::In
            },
            phone: self.phone.clone(),
            profile_name: self.chat_name.clone(),
            content: self.content.clone(),
            at: self.at,
            // Only our side's messages have a delivery status; an incoming one is "received".
            status: if self.from_me { self.status() } else { None },
        }
    }

    /// The row's state as a status change stamped with the row's last update.
    pub fn status(&self) -> Option<StatusChange> {
        let word = self.state.as_deref()?;
        Some(change(word, self.updated))
    }
}

/// A state word at a time, with words for failures.
pub fn change(word: &str, at: Timestamp) -> StatusChange {
    let status = status_of(word);
    let reason = status
        .is_failure()
        .then(|| said::STATE_FAILED.with("state", word));
    StatusChange {
        status,
        at,
        code: Some(word.to_owned()),
        reason,
    }
}

/// The documentation names `sending`, `delivered`, `viewed` and `received` "and others"; the
/// others are the words WhatsApp tools commonly use. Unknown words are kept as they came.
pub fn status_of(word: &str) -> Status {
    match word.trim().to_ascii_lowercase().as_str() {
        // In WAMM's own queue (sends go out 5-12 s apart): not yet handed to WhatsApp.
        "sending" | "queued" | "pending" => Status::Queued,
        "sent" => Status::Sent,
        // For our messages "received" can only mean the customer's phone received it.
        "delivered" | "received" => Status::Delivered,
        "viewed" | "read" | "seen" => Status::Seen,
        "error" | "failed" | "fail" | "not sent" | "undelivered" => Status::Failed,
        _ => Status::Other(word.trim().to_owned()),
    }
}

/// `:sm01:` ... `:sm21:` as emoji; anything else left as written.
pub fn smileys(text: &str) -> String {
    if !text.contains(":sm") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(":sm") {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let code = tail.get(3..5).and_then(|n| n.parse::<usize>().ok());
        match code {
            Some(n) if (1..=SMILEYS.len()).contains(&n) && tail.get(5..6) == Some(":") => {
                out.push_str(SMILEYS[n - 1]);
                rest = &tail[6..];
            }
            _ => {
                out.push_str(":sm");
                rest = &tail[3..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The account's `timezone` option: an IANA name (`Europe/Moscow`) or an offset (`+03:00`,
/// `-5`, `UTC`).
pub fn zone(option: Option<&str>) -> Result<TimeZone, Phrase> {
    let raw = option.map(str::trim).filter(|s| !s.is_empty());
    let name = raw.unwrap_or(DEFAULT_TIMEZONE);
    if let Some(offset) = fixed_offset(name) {
        return Ok(TimeZone::fixed(offset));
    }
    match TimeZone::get(name) {
        Ok(tz) => Ok(tz),
        // Moscow has kept UTC+3 all year since 2014: a machine without a zone database can
        // still read the default correctly.
        Err(_) if raw.is_none() => Ok(TimeZone::fixed(Offset::constant(3))),
        Err(_) => Err(said::BAD_TIMEZONE.with("timezone", name)),
    }
}

fn fixed_offset(s: &str) -> Option<Offset> {
    let upper = s.to_ascii_uppercase();
    let (named, rest) = match upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))
    {
        Some(rest) => (true, rest),
        None => (false, upper.as_str()),
    };
    if rest.is_empty() {
        return named.then_some(Offset::UTC);
    }
    let (sign, rest) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (hours, minutes) = match rest.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        // `get`: four bytes need not be four characters, and a byte index must not split one.
        None if rest.len() == 4 => (rest.get(..2)?.parse().ok()?, rest.get(2..)?.parse().ok()?),
        None => (rest.parse().ok()?, 0),
    };
    if !(0..=14).contains(&hours) || !(0..60).contains(&minutes) {
        return None;
    }
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

/// `2021-01-24 19:52:00` on the account's wall clock, as an instant.
pub fn wall_time(raw: &str, zone: &TimeZone) -> Option<Timestamp> {
    let civil: DateTime = raw.trim().replacen(' ', "T", 1).parse().ok()?;
    // In the hour a clock turns back, the earlier of the two instants is taken.
    let instant = zone.to_timestamp(civil).ok()?;
    Some(Timestamp::from_millis(instant.as_millisecond()))
}

/// Reads `msg_data` of a list answer; rows that cannot be read are skipped (and logged), so
/// one odd message never holds up the rest.
pub fn rows(answer: &Map<String, Value>, zone: &TimeZone, now: Timestamp) -> Vec<Row> {
    let Some(Value::Array(items)) = answer.get("msg_data") else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match row(item, zone, now) {
            Ok(r) => Some(r),
            Err(why) => {
                tracing::warn!("WAMM.chat: skipped a message that {why}");
                None
            }
        })
        .collect()
}

fn text_field<'a>(fields: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    match fields.get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.as_str()),
        _ => None,
    }
}

/// A field that may come as a string or a number (`"1"`, `1`).
fn scalar(fields: &Map<String, Value>, name: &str) -> Option<String> {
    match fields.get(name)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(u8::from(*b).to_string()),
        _ => None,
    }
}

pub fn row(item: &Value, zone: &TimeZone, now: Timestamp) -> Result<Row, String> {
    let Value::Object(fields) = item else {
        return Err("is not a JSON object".to_owned());
    };
    let msg_id = scalar(fields, "msg_id").ok_or("has no msg_id")?;
    let raw_phone = scalar(fields, "phone").ok_or("has no phone")?;
    let digits: String = raw_phone.chars().filter(char::is_ascii_digit).collect();
    let phone = Phone::parse(&format!("+{digits}"))
        .map_err(|_| format!("has a phone that is not a number: {raw_phone}"))?;
    let from_me = scalar(fields, "from_me").as_deref() == Some("1");
    let chat_name = text_field(fields, "chat_name")
        .map(str::trim)
        // WAMM puts the number where it knows no name; only real names are names.
        .filter(|n| n.chars().any(char::is_alphabetic))
        .map(str::to_owned);
    let text = text_field(fields, "msg_text").map(smileys);
    let link = text_field(fields, "msg_link").map(str::trim);
    let kind = text_field(fields, "tip_msg").unwrap_or("textMessage");
    let content = match (kind, link) {
        ("textMessage", _) | (_, None) => Content::Text {
            text: text.unwrap_or_default(),
        },
        (_, Some(url)) => Content::Media {
            url: url.to_owned(),
            mime: None,
            name: file_name(url),
            caption: text,
        },
    };
    let at = text_field(fields, "date_ins").and_then(|d| wall_time(d, zone));
    let updated = text_field(fields, "date_upd").and_then(|d| wall_time(d, zone));
    // A message with no readable time is still kept: at the time we saw it.
    let at = at.or(updated).unwrap_or(now);
    Ok(Row {
        msg_id,
        from_me,
        phone,
        chat_name,
        content,
        at,
        updated: updated.unwrap_or(at),
        state: text_field(fields, "state").map(|s| s.trim().to_owned()),
    })
}

/// The last part of a link's path, when it looks like a file name.
fn file_name(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    let last = path.rsplit('/').next()?;
    (last.contains('.') && !last.is_empty()).then(|| last.to_owned())
}
