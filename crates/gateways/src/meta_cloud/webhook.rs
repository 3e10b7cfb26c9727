//! The one webhook endpoint, `events`: Meta's subscription handshake (GET) and signed
//! notifications (POST) carrying incoming messages and statuses.
//!
//! A POST is trusted only when `X-Hub-Signature-256` is the HMAC-SHA256 of the raw body with
//! the app secret; nothing in an unsigned body is even parsed. Notifications about another
//! phone number of the same business account are answered but ignored: each phone number ID
//! is its own Switchboard account.

use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;
use switchboard_core::gateway::{
    Secret, WebhookError, WebhookOutcome, WebhookReply, WebhookRequest,
};
use switchboard_core::ingest::IngestEvent;

use super::credentials::Credentials;
use super::{incoming, status};

pub const ENDPOINT: &str = "events";
const SIGNATURE_HEADER: &str = "x-hub-signature-256";

/// Everything a webhook request needs from the account.
pub struct Account<'a> {
    pub phone_number_id: &'a str,
    pub credentials: Result<&'a Credentials, &'a str>,
}

pub fn handle(
    account: &Account<'_>,
    request: &WebhookRequest,
) -> Result<WebhookOutcome, WebhookError> {
    if request.method.eq_ignore_ascii_case("GET") {
        return handshake(account, &request.query);
    }
    let credentials = account
        .credentials
        .map_err(|problem| WebhookError::Unauthenticated(problem.to_owned()))?;
    let Some(app_secret) = &credentials.app_secret else {
        return Err(WebhookError::Unauthenticated(
            "this account has no app secret, so Meta's signature cannot be checked: add \
             \"app_secret\" to the account's secret (JSON with access_token, app_secret and \
             verify_token)"
                .to_owned(),
        ));
    };
    verify_signature(app_secret, request.header(SIGNATURE_HEADER), &request.body)?;
    let events = parse(account.phone_number_id, &request.body)?;
    Ok(WebhookOutcome {
        events,
        reply: None,
    })
}

/// `hub.mode=subscribe&hub.verify_token=...&hub.challenge=...`: the challenge is echoed, as
/// plain text, only to someone who knows the verify token.
fn handshake(account: &Account<'_>, query: &str) -> Result<WebhookOutcome, WebhookError> {
    let params = query_pairs(query);
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let expected = account
        .credentials
        .ok()
        .and_then(|c| c.verify_token.as_ref())
        .ok_or_else(|| {
            WebhookError::Unauthenticated(
                "this account has no verify token: add \"verify_token\" to the account's secret \
                 and enter the same token in the Meta app's webhook settings"
                    .to_owned(),
            )
        })?;
    if param("hub.mode") != Some("subscribe") {
        return Err(WebhookError::Unauthenticated(
            "the verification request is not a subscription (hub.mode=subscribe)".to_owned(),
        ));
    }
    let given = param("hub.verify_token").unwrap_or_default();
    if !same(given.as_bytes(), expected.expose().as_bytes()) {
        return Err(WebhookError::Unauthenticated(
            "the verify token does not match the one in the account's secret".to_owned(),
        ));
    }
    let challenge = param("hub.challenge").ok_or_else(|| {
        WebhookError::Malformed("the verification request has no hub.challenge".to_owned())
    })?;
    Ok(WebhookOutcome {
        events: Vec::new(),
        reply: Some(WebhookReply::Text(challenge.to_owned())),
    })
}

/// Constant time for equal lengths, so the token cannot be guessed byte by byte from timing.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Checks `sha256=<hex>` against the raw body; `verify_slice` compares in constant time.
pub fn verify_signature(
    app_secret: &Secret,
    header: Option<&str>,
    body: &[u8],
) -> Result<(), WebhookError> {
    let unauthenticated = |why: &str| WebhookError::Unauthenticated(why.to_owned());
    let header =
        header.ok_or_else(|| unauthenticated("the request has no X-Hub-Signature-256 header"))?;
    let hex_digest = header.trim().strip_prefix("sha256=").ok_or_else(|| {
        unauthenticated("the X-Hub-Signature-256 header does not start with sha256=")
    })?;
    let digest = hex::decode(hex_digest)
        .map_err(|_| unauthenticated("the X-Hub-Signature-256 header is not hexadecimal"))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(app_secret.expose().as_bytes())
        .map_err(|_| unauthenticated("the app secret cannot key a signature"))?;
    mac.update(body);
    mac.verify_slice(&digest).map_err(|_| {
        unauthenticated(
            "the X-Hub-Signature-256 signature does not match the body: the request is not \
             from Meta, or the app secret in the account's secret is not this app's",
        )
    })
}

/// All or nothing: an entry we cannot read refuses the whole notification, so that Meta
/// delivers it again rather than us keeping half of it.
pub fn parse(phone_number_id: &str, body: &[u8]) -> Result<Vec<IngestEvent>, WebhookError> {
    let malformed = |what: String| WebhookError::Malformed(what);
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| malformed(format!("the notification is not JSON ({e})")))?;
    let Value::Object(root) = value else {
        return Err(malformed(
            "the notification must be a JSON object".to_owned(),
        ));
    };
    match root.get("object").and_then(Value::as_str) {
        Some("whatsapp_business_account") => {}
        Some(other) => {
            return Err(malformed(format!(
                "the notification is about '{other}', not a WhatsApp Business Account"
            )));
        }
        None => return Err(malformed("the notification has no 'object'".to_owned())),
    }
    let Some(Value::Array(entries)) = root.get("entry") else {
        return Err(malformed("the notification has no 'entry' list".to_owned()));
    };
    let mut events = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let changes = match entry.get("changes") {
            Some(Value::Array(changes)) => changes,
            _ => return Err(malformed(format!("entry [{i}] has no 'changes' list"))),
        };
        for (j, change) in changes.iter().enumerate() {
            let at = format!("entry [{i}] change [{j}]");
            // Other fields (template reviews, account updates) carry nothing for the inbox.
            if change.get("field").and_then(Value::as_str) != Some("messages") {
                continue;
            }
            let Some(Value::Object(value)) = change.get("value") else {
                return Err(malformed(format!("{at} has no 'value' object")));
            };
            if !for_this_number(value, phone_number_id) {
                continue;
            }
            events
                .extend(messages_change(value).map_err(|what| malformed(format!("{at}: {what}")))?);
        }
    }
    Ok(events)
}

/// Whether a change concerns this account's phone number. A change without metadata is
/// taken as ours: Meta always sends it, and guessing "not ours" would lose messages.
fn for_this_number(value: &Map<String, Value>, phone_number_id: &str) -> bool {
    match value
        .get("metadata")
        .and_then(|m| m.get("phone_number_id"))
        .and_then(Value::as_str)
    {
        Some(id) => id.trim() == phone_number_id.trim(),
        None => true,
    }
}

fn messages_change(value: &Map<String, Value>) -> Result<Vec<IngestEvent>, String> {
    let mut events = Vec::new();
    if let Some(Value::Array(messages)) = value.get("messages") {
        let contacts = value.get("contacts").and_then(Value::as_array);
        for (k, message) in messages.iter().enumerate() {
            let event = incoming::message(message, contacts.map(Vec::as_slice).unwrap_or_default())
                .map_err(|what| format!("message [{k}] {what}"))?;
            events.push(event);
        }
    }
    if let Some(Value::Array(statuses)) = value.get("statuses") {
        for (k, item) in statuses.iter().enumerate() {
            events.push(status::report(item).map_err(|what| format!("status [{k}] {what}"))?);
        }
    }
    if let Some(Value::Array(errors)) = value.get("errors") {
        // Errors not tied to a message (throttling of the whole number...): nothing to store,
        // but someone debugging should see them.
        tracing::warn!(
            count = errors.len(),
            "WhatsApp Cloud API reported account-level errors"
        );
    }
    Ok(events)
}

/// `a=1&b=x%20y` as decoded pairs (`+` is a space, as in HTML forms).
fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    // A lone % is kept as it came rather than guessed at.
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
